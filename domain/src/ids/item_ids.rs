//! Ids of items inside documents.

super::uuid_id::uuid_id!(
    /// A membership seat on a group.
    SeatId,
    BadSeatId
);
super::uuid_id::uuid_id!(
    /// An organisation (agency) in a partnership.
    OrganisationId,
    BadOrganisationId
);
super::uuid_id::uuid_id!(
    /// A person, whose details live in their own small document.
    PersonId,
    BadPersonId
);
super::uuid_id::uuid_id!(
    /// An entry of an ordered list (functions, standing agenda items, sections).
    ItemId,
    BadItemId
);
