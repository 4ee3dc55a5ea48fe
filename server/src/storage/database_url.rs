//! `--database-url` / `DATABASE_URL`: where a node keeps its documents when not in its
//! SQLite file.

use std::{fmt, str::FromStr};

/// A `postgres://` (or `postgresql://`) connection string.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

/// Why a database URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the database URL must start with postgres:// or postgresql:// (SQLite is the default: leave it out)")]
pub struct NotPostgres;

impl DatabaseUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for DatabaseUrl {
    type Err = NotPostgres;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let rest = s.strip_prefix("postgres://").or_else(|| s.strip_prefix("postgresql://")).ok_or(NotPostgres)?;
        if rest.is_empty() {
            return Err(NotPostgres);
        }
        Ok(Self(s.to_owned()))
    }
}

/// Without the password (it may appear in logs).
impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (scheme, rest) = self.0.split_once("://").unwrap_or(("postgres", &self.0));
        match rest.split_once('@') {
            Some((user, host)) => {
                match user.split_once(':') {
                    Some((name, _)) => write!(f, "{scheme}://{name}:…@{host}"),
                    None => write!(f, "{scheme}://{user}@{host}"),
                }
            }
            None => write!(f, "{scheme}://{rest}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_postgres_urls_are_taken_and_the_password_is_never_shown() {
        assert!("sqlite://x".parse::<DatabaseUrl>().is_err());
        assert!("postgres://".parse::<DatabaseUrl>().is_err());
        let url: DatabaseUrl = "postgres://quorum:hunter2@db:5432/quorum".parse().unwrap();
        assert_eq!(url.as_str(), "postgres://quorum:hunter2@db:5432/quorum");
        assert_eq!(url.to_string(), "postgres://quorum:…@db:5432/quorum");
        assert!(!format!("{url:?}").contains("hunter2"));
        assert!("postgresql://localhost/q".parse::<DatabaseUrl>().is_ok());
    }
}
