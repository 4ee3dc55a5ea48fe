//! A body named in a record: one of the partnership's groups, or a body outside Quorum
//! ("Leicester Health and Wellbeing Board", "the LSCB").

use crate::DocumentId;

/// A group kept in Quorum, or a body named in words.
///
/// Stored as one string (`group:<id>` or `named:<name>`), so two devices changing it at the
/// same time leave one value and a conflict to pick from, never a half of each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyRef {
    Group(DocumentId),
    Named(String),
}

pub const MAX_BODY_NAME: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    #[error("Select a group or enter the body's name, not both")]
    Both,
    #[error("The body's name must be 200 characters or fewer")]
    TooLong,
    #[error("Select a group from the list")]
    UnknownGroup,
}

impl BodyRef {
    /// From a form's two fields: a group id (or empty) and a name (or empty). `None` when
    /// both are empty.
    pub fn from_fields(group: &str, name: &str) -> Result<Option<Self>, BodyError> {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        match (group.trim(), name.as_str()) {
            ("", "") => Ok(None),
            ("", n) if n.chars().count() > MAX_BODY_NAME => Err(BodyError::TooLong),
            ("", _) => Ok(Some(BodyRef::Named(name))),
            (g, "") => g.parse().map(|g| Some(BodyRef::Group(g))).map_err(|_| BodyError::UnknownGroup),
            _ => Err(BodyError::Both),
        }
    }

    /// The form's two fields: (group id, name).
    pub fn fields(this: Option<&Self>) -> (String, String) {
        match this {
            None => (String::new(), String::new()),
            Some(BodyRef::Group(g)) => (g.to_string(), String::new()),
            Some(BodyRef::Named(n)) => (String::new(), n.clone()),
        }
    }

    /// How it reads, given a way to name a group (falls back to "a group" when unknown).
    pub fn label(&self, group_name: impl Fn(DocumentId) -> Option<String>) -> String {
        match self {
            BodyRef::Group(g) => group_name(*g).unwrap_or_else(|| "A group not on this device".to_owned()),
            BodyRef::Named(n) => n.clone(),
        }
    }

    pub fn group(&self) -> Option<DocumentId> {
        match self {
            BodyRef::Group(g) => Some(*g),
            BodyRef::Named(_) => None,
        }
    }
}

impl std::fmt::Display for BodyRef {
    /// The stored form.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BodyRef::Group(g) => write!(f, "group:{g}"),
            BodyRef::Named(n) => write!(f, "named:{n}"),
        }
    }
}

impl std::str::FromStr for BodyRef {
    type Err = BodyError;

    /// The stored form.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(g) = s.strip_prefix("group:") {
            g.parse().map(BodyRef::Group).map_err(|_| BodyError::UnknownGroup)
        } else if let Some(n) = s.strip_prefix("named:") {
            Ok(BodyRef::Named(n.to_owned()))
        } else {
            Err(BodyError::UnknownGroup)
        }
    }
}

crate::ids::store_as_string!(BodyRef);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_a_group_or_a_name_but_not_both() {
        let g = DocumentId::random();
        assert_eq!(BodyRef::from_fields("", "  "), Ok(None));
        assert_eq!(BodyRef::from_fields("", " Leicester  LSCB "), Ok(Some(BodyRef::Named("Leicester LSCB".into()))));
        assert_eq!(BodyRef::from_fields(&g.to_string(), ""), Ok(Some(BodyRef::Group(g))));
        assert_eq!(BodyRef::from_fields(&g.to_string(), "LSCB"), Err(BodyError::Both));
        assert_eq!(BodyRef::from_fields("nope", ""), Err(BodyError::UnknownGroup));
        assert_eq!(BodyRef::from_fields("", &"x".repeat(201)), Err(BodyError::TooLong));
        let b = BodyRef::Group(g);
        assert_eq!(BodyRef::fields(Some(&b)), (g.to_string(), String::new()));
        assert_eq!(b.label(|_| Some("Board".into())), "Board");
        for b in [BodyRef::Group(g), BodyRef::Named("Health and Wellbeing Board".into())] {
            assert_eq!(b.to_string().parse::<BodyRef>(), Ok(b));
        }
    }
}
