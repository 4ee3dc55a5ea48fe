use std::{fmt, str::FromStr};

/// A peer in the sync protocol: a browser tab's repo, a JS client or the server.
/// Peers choose their own ids; they are labels, never credentials.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PeerId(String);

/// A string that cannot be a peer id (empty, too long or containing control characters).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid peer id {0:?}")]
pub struct BadPeerId(String);

impl PeerId {
    pub const MAX_LEN: usize = 256;

    /// A fresh random id with a readable prefix, e.g. `browser-1f3a…`.
    pub fn random(prefix: &str) -> Self {
        Self(format!("{prefix}-{}", uuid::Uuid::new_v4().simple()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PeerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for PeerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PeerId({})", self.0)
    }
}

impl FromStr for PeerId {
    type Err = BadPeerId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() || s.len() > Self::MAX_LEN || s.chars().any(char::is_control) {
            return Err(BadPeerId(s.chars().take(64).collect()));
        }
        Ok(Self(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_javascript_style_ids_and_rejects_junk() {
        assert!("peer-8f1c2".parse::<PeerId>().is_ok());
        assert!("".parse::<PeerId>().is_err());
        assert!("a\nb".parse::<PeerId>().is_err());
        assert!("p".repeat(PeerId::MAX_LEN + 1).parse::<PeerId>().is_err());
        let p = PeerId::random("browser");
        assert!(p.as_str().starts_with("browser-"));
    }
}
