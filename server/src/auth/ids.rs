//! Typed ids of the server's own records: accounts, partnerships, sessions. UUIDs, written
//! in their hyphenated form in the database and in JSON.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A string that is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid id {0:?}")]
pub struct BadId(String);

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(Uuid);

        impl $name {
            /// A new random id.
            pub fn random() -> Self {
                Self(Uuid::new_v4())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0.hyphenated())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({self})", stringify!($name))
            }
        }

        impl FromStr for $name {
            type Err = BadId;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::try_parse(s.trim())
                    .map(Self)
                    .map_err(|_| BadId(s.chars().take(64).collect()))
            }
        }

        impl TryFrom<String> for $name {
            type Error = BadId;

            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.to_string()
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.to_string()))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                v.as_str()?
                    .parse()
                    .map_err(|e: BadId| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

uuid_id!(
    /// A person's account.
    AccountId
);
uuid_id!(
    /// A partnership (the server's record; its content lives in a `PartnershipDoc`).
    PartnershipId
);
uuid_id!(
    /// A session's public id: shown in the sessions list and named by the websocket
    /// principal. Not the secret cookie value, which only the browser holds.
    SessionId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text_and_reject_garbage() {
        let id = AccountId::random();
        assert_eq!(id.to_string().parse::<AccountId>().unwrap(), id);
        assert!("not-an-id".parse::<PartnershipId>().is_err());
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(serde_json::from_str::<AccountId>(&json).unwrap(), id);
    }
}
