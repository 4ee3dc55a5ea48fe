use std::{fmt, str::FromStr};

/// A document's identity: 16 random bytes, written as automerge-repo writes them
/// (base58check), so ids are interchangeable with the JavaScript client's.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentId([u8; 16]);

/// A string that is not a valid document id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid document id {0:?}")]
pub struct BadDocumentId(String);

impl DocumentId {
    /// A new random id.
    pub fn random() -> Self {
        Self(*uuid::Uuid::new_v4().as_bytes())
    }

    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        Self(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The `automerge:` URL the JavaScript client uses for this document.
    pub fn url(&self) -> String {
        format!("automerge:{self}")
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&bs58::encode(self.0).with_check().into_string())
    }
}

impl fmt::Debug for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DocumentId({self})")
    }
}

impl FromStr for DocumentId {
    type Err = BadDocumentId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadDocumentId(s.chars().take(64).collect());
        let s = s.strip_prefix("automerge:").unwrap_or(s);
        if s.is_empty() || s.len() > 64 {
            return Err(bad());
        }
        let bytes = bs58::decode(s).with_check(None).into_vec().map_err(|_| bad())?;
        let bytes: [u8; 16] = bytes.try_into().map_err(|_| bad())?;
        Ok(Self(bytes))
    }
}

super::autosurgeon_string::store_as_string!(DocumentId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_its_string_form() {
        let id = DocumentId::random();
        assert_eq!(id.to_string().parse::<DocumentId>(), Ok(id));
        assert_eq!(id.url().parse::<DocumentId>(), Ok(id));
    }

    #[test]
    fn parses_an_id_written_by_the_javascript_client() {
        // bs58check of 16 bytes, as `generateAutomergeUrl()` produces.
        let id: DocumentId = "4NMNnkMhL8jXrdJ9jamS58PAVdXu".parse().unwrap();
        assert_eq!(id.to_string(), "4NMNnkMhL8jXrdJ9jamS58PAVdXu");
    }

    #[test]
    fn rejects_bad_checksums_lengths_and_junk() {
        let good = DocumentId::random().to_string();
        let mut flipped = good.clone().into_bytes();
        flipped[3] = if flipped[3] == b'a' { b'b' } else { b'a' };
        for bad in [
            String::new(),
            "not base58 0OIl".into(),
            String::from_utf8(flipped).unwrap(),
            bs58::encode([1u8; 8]).with_check().into_string(),
            "x".repeat(500),
        ] {
            assert!(bad.parse::<DocumentId>().is_err(), "{bad:?} parsed");
        }
    }
}
