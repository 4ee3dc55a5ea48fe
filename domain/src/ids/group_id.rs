super::uuid_id::uuid_id!(
    /// A group (board, subgroup, panel…) within a partnership.
    GroupId,
    BadGroupId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_junk() {
        let id = GroupId::random();
        assert_eq!(id.to_string().parse::<GroupId>(), Ok(id));
        assert!("not-a-uuid".parse::<GroupId>().is_err());
    }
}
