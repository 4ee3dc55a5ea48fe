//! [`Author`]: who writes a comment or a reply — the account's name, as shown beside it, and
//! the account's id, which decides whose it is ("your comment", what a consulted person may
//! change). Two people may share a name; an account id is theirs alone. Comments written
//! before ids were kept carry only a name, and are matched by name.

/// The writer of a comment or reply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Author {
    /// The account's display name.
    pub name: String,
    /// The account's id (as `/api/me` gives it); none where only a name is known.
    pub account: Option<String>,
}

impl Author {
    pub fn new(name: &str, account: &str) -> Self {
        Self { name: name.to_owned(), account: Some(account.to_owned()) }
    }

    /// Whether this is the person who wrote something recorded as `name` and `account`:
    /// the same account where both are known, otherwise (an older comment, or a caller
    /// that knows only a name) the same name, ignoring case and surrounding spaces.
    pub fn wrote(&self, name: &str, account: Option<&str>) -> bool {
        match (account, self.account.as_deref()) {
            (Some(theirs), Some(mine)) => theirs == mine,
            (Some(_), None) => false,
            (None, _) => !self.name.trim().is_empty() && self.name.trim().eq_ignore_ascii_case(name.trim()),
        }
    }

    /// Whether something recorded as `name` and `account` is in this author's own name: the
    /// same name, and this account (or no account, where none is known).
    pub fn is_named_by(&self, name: &str, account: Option<&str>) -> bool {
        account == self.account.as_deref() && !name.trim().is_empty() && self.name.trim().eq_ignore_ascii_case(name.trim())
    }
}

impl From<&str> for Author {
    fn from(name: &str) -> Self {
        Self { name: name.to_owned(), account: None }
    }
}

impl From<&String> for Author {
    fn from(name: &String) -> Self {
        name.as_str().into()
    }
}

impl From<&Author> for Author {
    fn from(a: &Author) -> Self {
        a.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_decides_where_it_is_known_and_the_name_otherwise() {
        let me = Author::new("Sam Patel", "acc-1");
        assert!(me.wrote("Sam Patel", Some("acc-1")));
        assert!(me.wrote("Someone renamed", Some("acc-1")), "a renamed account still owns its comments");
        assert!(!me.wrote("Sam Patel", Some("acc-2")), "another account with the same name does not");
        assert!(me.wrote(" sam patel ", None), "an older comment with only a name");
        assert!(!me.wrote("Sam Patel", Some("")) || me.account.as_deref() == Some(""));
        let by_name: Author = "Sam Patel".into();
        assert!(!by_name.wrote("Sam Patel", Some("acc-1")), "only a name cannot claim an account's comment");
        assert!(!Author::from("  ").wrote("  ", None), "nobody is the blank name");
        assert!(me.is_named_by("Sam Patel", Some("acc-1")));
        assert!(!me.is_named_by("Sam Patel", None));
        assert!(!me.is_named_by("Jo Bloggs", Some("acc-1")));
    }
}
