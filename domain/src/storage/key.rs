use std::{fmt, str::FromStr};

/// A storage key: a path of non-empty components without `/`, written `a/b/c`.
/// Ordering and prefix matching are by whole components.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StorageKey(Vec<String>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid storage key {0:?}")]
pub struct BadStorageKey(String);

impl StorageKey {
    /// Builds a key from components.
    pub fn new<I, S>(parts: I) -> Result<Self, BadStorageKey>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let parts: Vec<String> = parts.into_iter().map(Into::into).collect();
        if parts.is_empty() || parts.iter().any(|p| p.is_empty() || p.contains('/')) {
            return Err(BadStorageKey(parts.join("/")));
        }
        Ok(Self(parts))
    }

    pub fn parts(&self) -> &[String] {
        &self.0
    }

    pub fn starts_with(&self, prefix: &StorageKey) -> bool {
        self.0.starts_with(&prefix.0)
    }

    /// The string form, `a/b/c`; a prefix's string form followed by `/` is a string prefix
    /// of every longer key under it (adapters use this for range scans).
    pub fn encode(&self) -> String {
        self.0.join("/")
    }
}

impl fmt::Display for StorageKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encode())
    }
}

impl fmt::Debug for StorageKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StorageKey({})", self.encode())
    }
}

impl FromStr for StorageKey {
    type Err = BadStorageKey;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s.split('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_match_whole_components() {
        let k: StorageKey = "doc1/incremental/abc".parse().unwrap();
        assert!(k.starts_with(&"doc1".parse().unwrap()));
        assert!(k.starts_with(&"doc1/incremental".parse().unwrap()));
        assert!(!k.starts_with(&"doc".parse().unwrap()));
        assert!("a//b".parse::<StorageKey>().is_err());
        assert!(StorageKey::new(Vec::<String>::new()).is_err());
        assert_eq!(k.to_string(), "doc1/incremental/abc");
    }
}
