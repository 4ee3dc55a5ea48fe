//! Random ids for things inside documents (groups, seats, organisations, people).

/// Defines `$name` (a UUID newtype with `Display`/`FromStr`, stored in documents as its
/// string form) and its parse error `$bad`.
macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident, $bad:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(uuid::Uuid);

        #[doc = concat!("A string that is not a valid [`", stringify!($name), "`].")]
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        #[error("invalid {} {:?}", stringify!($name), .0)]
        pub struct $bad(String);

        impl $name {
            pub fn random() -> Self {
                Self(uuid::Uuid::new_v4())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0.simple())
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}({self})", stringify!($name))
            }
        }

        impl std::str::FromStr for $name {
            type Err = $bad;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                uuid::Uuid::try_parse(s).map(Self).map_err(|_| $bad(s.chars().take(64).collect()))
            }
        }

        super::autosurgeon_string::store_as_string!($name);
    };
}

pub(crate) use uuid_id;
