//! The server's key for secrets it must be able to read back (TOTP secrets: codes are
//! computed from them, so they cannot be hashed). They are sealed with XChaCha20-Poly1305
//! (random 24-byte nonces) under this key, bound to their account, and stored as
//! `sealed1:` + base64url(nonce ‖ ciphertext): a copy of the database alone gives no second
//! factor.
//!
//! The key is 32 bytes, written as 64 hexadecimal digits. It comes from
//! `QUORUM_SECRETS_KEY` (or `--secrets-key`), else from `--secrets-key-file`, else from
//! `secrets.key` in the data directory, which the first start creates (mode 0600). Several
//! nodes on one database must be given the same key.

use std::{
    fmt,
    io::Write,
    path::{Path, PathBuf},
};

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use chacha20poly1305::{
    aead::{Aead, KeyInit, Payload},
    XChaCha20Poly1305, XNonce,
};

/// The key file's name in the data directory.
pub const KEY_FILE: &str = "secrets.key";
/// What starts a sealed value (base32 TOTP secrets never contain `:`).
pub const SEALED_PREFIX: &str = "sealed1:";
const NONCE_BYTES: usize = 24;

/// Why the key cannot be had.
#[derive(Debug, thiserror::Error)]
pub enum SecretsKeyError {
    #[error("cannot read the secrets key file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot create the secrets key file {path}: {source}")]
    Create { path: PathBuf, source: std::io::Error },
    #[error("the secrets key from {from} is not 64 hexadecimal digits")]
    Malformed { from: String },
    #[error("no randomness for a new secrets key: {0}")]
    NoRandomness(getrandom::Error),
}

/// Why a sealed value cannot be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Unsealable {
    #[error("the value is not sealed text")]
    Malformed,
    #[error("the value was not sealed with this key (or for this account)")]
    WrongKey,
}

/// Where the key came from (for messages; never the key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// `QUORUM_SECRETS_KEY` / `--secrets-key`.
    Setting,
    /// A file: given with `--secrets-key-file`, or the data directory's.
    File(PathBuf),
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Setting => f.write_str("QUORUM_SECRETS_KEY"),
            Self::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// The key. Its `Debug` is redacted.
#[derive(Clone)]
pub struct SecretsKey {
    cipher: XChaCha20Poly1305,
    source: KeySource,
}

impl fmt::Debug for SecretsKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretsKey").field("source", &self.source).finish_non_exhaustive()
    }
}

impl SecretsKey {
    /// From 64 hexadecimal digits (surrounding whitespace ignored).
    pub fn from_hex(hex_digits: &str, source: KeySource) -> Result<Self, SecretsKeyError> {
        let malformed = || SecretsKeyError::Malformed { from: source.to_string() };
        let bytes = hex::decode(hex_digits.trim()).map_err(|_| malformed())?;
        let cipher = XChaCha20Poly1305::new_from_slice(&bytes).map_err(|_| malformed())?;
        Ok(Self { cipher, source })
    }

    /// A new random key (not stored).
    pub fn generate_hex() -> Result<String, SecretsKeyError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(SecretsKeyError::NoRandomness)?;
        Ok(hex::encode(bytes))
    }

    /// The key given as a setting, else read from `file`; `Ok(None)` when neither is there.
    pub fn find(setting: Option<&str>, file: &Path) -> Result<Option<Self>, SecretsKeyError> {
        if let Some(hex_digits) = setting {
            return Self::from_hex(hex_digits, KeySource::Setting).map(Some);
        }
        match std::fs::read_to_string(file) {
            Ok(text) => Self::from_hex(&text, KeySource::File(file.to_owned())).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(SecretsKeyError::Read { path: file.to_owned(), source }),
        }
    }

    /// Creates `file` with a new key, readable by its owner only; fails if it exists.
    pub fn create_file(file: &Path) -> Result<Self, SecretsKeyError> {
        let create = |source| SecretsKeyError::Create { path: file.to_owned(), source };
        let hex_digits = Self::generate_hex()?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options.open(file).map_err(create)?;
        f.write_all(format!("{hex_digits}\n").as_bytes()).map_err(create)?;
        f.sync_all().map_err(create)?;
        Self::from_hex(&hex_digits, KeySource::File(file.to_owned()))
    }

    pub fn source(&self) -> &KeySource {
        &self.source
    }

    /// `plain` sealed for `context` (e.g. the account it belongs to): opens only with this
    /// key and the same context.
    pub fn seal(&self, plain: &str, context: &str) -> Result<String, SecretsKeyError> {
        let mut nonce = [0u8; NONCE_BYTES];
        getrandom::fill(&mut nonce).map_err(SecretsKeyError::NoRandomness)?;
        let sealed = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain.as_bytes(), aad: context.as_bytes() })
            .expect("XChaCha20-Poly1305 seals any length this server stores");
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        Ok(format!("{SEALED_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// Opens what [`Self::seal`] made for `context`.
    pub fn open(&self, sealed: &str, context: &str) -> Result<String, Unsealable> {
        let bytes = sealed
            .strip_prefix(SEALED_PREFIX)
            .and_then(|b| URL_SAFE_NO_PAD.decode(b).ok())
            .filter(|b| b.len() > NONCE_BYTES)
            .ok_or(Unsealable::Malformed)?;
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let plain = self
            .cipher
            .decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: context.as_bytes() })
            .map_err(|_| Unsealable::WrongKey)?;
        String::from_utf8(plain).map_err(|_| Unsealable::Malformed)
    }
}

/// Whether a stored value is sealed (rather than clear, from before sealing).
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(SEALED_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SecretsKey {
        SecretsKey::from_hex(&SecretsKey::generate_hex().unwrap(), KeySource::Setting).unwrap()
    }

    #[test]
    fn sealed_values_open_with_the_same_key_and_context_only() {
        let (k, other) = (key(), key());
        let sealed = k.seal("JBSWY3DPEHPK3PXP", "account-1").unwrap();
        assert!(is_sealed(&sealed) && !sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_ne!(sealed, k.seal("JBSWY3DPEHPK3PXP", "account-1").unwrap(), "a fresh nonce each time");
        assert_eq!(k.open(&sealed, "account-1").unwrap(), "JBSWY3DPEHPK3PXP");
        assert_eq!(k.open(&sealed, "account-2"), Err(Unsealable::WrongKey));
        assert_eq!(other.open(&sealed, "account-1"), Err(Unsealable::WrongKey));
        assert_eq!(k.open("JBSWY3DPEHPK3PXP", "account-1"), Err(Unsealable::Malformed));
        assert_eq!(k.open("sealed1:AAAA", "account-1"), Err(Unsealable::Malformed));
    }

    #[test]
    fn keys_must_be_64_hex_digits_and_the_file_is_private() {
        assert!(matches!(SecretsKey::from_hex("abc", KeySource::Setting), Err(SecretsKeyError::Malformed { .. })));
        assert!(SecretsKey::from_hex(&format!(" {}\n", "0f".repeat(32)), KeySource::Setting).is_ok());
        let dir = tempfile::TempDir::new().unwrap();
        let file = dir.path().join(KEY_FILE);
        assert!(SecretsKey::find(None, &file).unwrap().is_none());
        let made = SecretsKey::create_file(&file).unwrap();
        let found = SecretsKey::find(None, &file).unwrap().unwrap();
        assert_eq!(found.open(&made.seal("x", "c").unwrap(), "c").unwrap(), "x");
        assert!(SecretsKey::create_file(&file).is_err(), "never overwritten");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
