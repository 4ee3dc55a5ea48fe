//! An email address as accounts are keyed: trimmed and lower-cased on construction.

use std::fmt;

/// A plausible email address, normalised (trimmed, lower-case).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

/// Text that is not an email address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Enter an email address in the correct format, like name@example.org")]
pub struct BadEmail;

impl Email {
    pub fn parse(s: &str) -> Result<Self, BadEmail> {
        let s = s.trim().to_lowercase();
        let (local, domain) = s.split_once('@').ok_or(BadEmail)?;
        let ok = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && s.len() <= 254
            && !s.chars().any(|c| c.is_whitespace() || c.is_control());
        if ok {
            Ok(Self(s))
        } else {
            Err(BadEmail)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Email({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Ann.Smith@Example.ORG ").unwrap().as_str(),
            "ann.smith@example.org"
        );
        for bad in ["", "ann", "@example.org", "ann@example", "ann@@example.org", "a b@example.org"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}
