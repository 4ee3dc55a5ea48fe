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

    /// A new id bound to the account that creates it: 8 random bytes, then the first 8 bytes
    /// of SHA-256 over a label, `creator` and those random bytes. The server lets a person
    /// claim (become the owner of) only ids minted for their own account, so nobody can
    /// squat an id someone else created offline, even after seeing it ([`Self::is_minted_for`]).
    /// Still 16 bytes: interchangeable with the JavaScript client's ids.
    pub fn minted_for(creator: &str) -> Self {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&uuid::Uuid::new_v4().as_bytes()[..8]);
        let tag = Self::tag(creator, &bytes[..8]);
        bytes[8..].copy_from_slice(&tag);
        Self(bytes)
    }

    /// Whether this id was minted for `creator` (see [`Self::minted_for`]). A random id is
    /// minted for a given creator with probability 2⁻⁶⁴.
    pub fn is_minted_for(&self, creator: &str) -> bool {
        Self::tag(creator, &self.0[..8]) == self.0[8..]
    }

    fn tag(creator: &str, random: &[u8]) -> [u8; 8] {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(b"quorum document id v1\0");
        h.update((creator.len() as u64).to_be_bytes());
        h.update(creator.as_bytes());
        h.update(random);
        let digest = h.finalize();
        let mut tag = [0u8; 8];
        tag.copy_from_slice(&digest[..8]);
        tag
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
    fn a_minted_id_names_its_creator_and_no_one_else() {
        let alice = "5d0f8a4e-6b1c-4f0e-9a53-0c3e2b7d9f11";
        let mallory = "8e2a7c55-1f3b-4d6a-b0c9-2e4f6a8b0c1d";
        let id = DocumentId::minted_for(alice);
        assert!(id.is_minted_for(alice));
        assert!(!id.is_minted_for(mallory));
        assert!(!DocumentId::random().is_minted_for(alice), "a random id is not minted for anyone");
        assert_ne!(DocumentId::minted_for(alice), id, "each minted id is new");
        let round: DocumentId = id.to_string().parse().unwrap();
        assert!(round.is_minted_for(alice), "the binding survives the string form");
    }

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
