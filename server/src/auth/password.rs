//! Passwords: at least 12 characters, hashed with argon2id (OWASP parameters: 19 MiB,
//! two passes, one lane) into PHC strings. Hashing and checking are slow on purpose, so
//! the async callers run them on the blocking pool.

use std::{fmt, sync::LazyLock};

use argon2::{
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};

/// The shortest password accepted (the shared contract's).
pub const MIN_PASSWORD_CHARS: usize = domain::api::MIN_PASSWORD_CHARS;
/// The longest (hashing cost is bounded by it).
pub const MAX_PASSWORD_CHARS: usize = domain::api::MAX_PASSWORD_CHARS;

/// Why a password could not be hashed.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error(transparent)]
    NoRandomness(#[from] super::secret::NoRandomness),
    #[error("hashing a password: {0}")]
    Argon2(String),
}

/// A password someone chose; never printed (its `Debug` is redacted).
#[derive(Clone)]
pub struct Password(String);

/// A password that is too short, too long, or too easy to guess.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadPassword {
    #[error("Password must be 12 characters or more")]
    TooShort,
    #[error("Password must be 1024 characters or fewer")]
    TooLong,
    #[error("Choose a password that is harder to guess: this one is too common or too predictable (for example a common word with numbers). Three or four random words work well")]
    TooGuessable,
}

/// A new password must need at least this many guesses (log10) by zxcvbn's estimate, which
/// ranks it against lists of the most common passwords, words and names, keyboard patterns,
/// repeats and dates (shipped in the crate: the server never calls out). 10⁸ is zxcvbn's
/// score 3; every common password of 12 characters or more scores far below it.
const MIN_GUESSES_LOG10: f64 = 8.0;

impl Password {
    pub fn parse(s: &str) -> Result<Self, BadPassword> {
        let n = s.chars().count();
        if n < MIN_PASSWORD_CHARS {
            Err(BadPassword::TooShort)
        } else if n > MAX_PASSWORD_CHARS {
            Err(BadPassword::TooLong)
        } else {
            Ok(Self(s.to_owned()))
        }
    }

    /// A password someone is choosing now: as [`Self::parse`], and not guessable from the
    /// lists of common passwords, nor from `about_them` (their email, name, partnership).
    pub fn parse_new(s: &str, about_them: &[&str]) -> Result<Self, BadPassword> {
        let password = Self::parse(s)?;
        if zxcvbn::zxcvbn(s, about_them).guesses_log10() < MIN_GUESSES_LOG10 {
            return Err(BadPassword::TooGuessable);
        }
        Ok(password)
    }

    /// The argon2id PHC string of this password with a fresh random salt.
    pub fn hash(&self) -> Result<String, HashError> {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(super::secret::NoRandomness)?;
        let salt = SaltString::encode_b64(&salt).map_err(|e| HashError::Argon2(e.to_string()))?;
        Ok(hasher()
            .hash_password(self.0.as_bytes(), &salt)
            .map_err(|e| HashError::Argon2(e.to_string()))?
            .to_string())
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}

fn hasher() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash to check against when there is no account, so that a missing account takes as
/// long to refuse as a wrong password.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    Password::parse("not a real password, only for timing")
        .map(|p| p.hash().unwrap_or_default())
        .unwrap_or_default()
});

/// Whether `attempt` matches the PHC string `hash`; with `None`, checks against a dummy
/// hash (same cost) and returns false. Blocking: call from `spawn_blocking`.
pub fn verify(attempt: &str, hash: Option<&str>) -> bool {
    let (hash, real) = match hash {
        Some(h) => (h, true),
        None => (DUMMY_HASH.as_str(), false),
    };
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let ok = hasher().verify_password(attempt.as_bytes(), &parsed).is_ok();
    ok && real
}

/// Warms the dummy hash up (so the first sign-in of an unknown email is not faster).
pub fn warm_up() {
    LazyLock::force(&DUMMY_HASH);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_at_least_twelve_characters() {
        assert_eq!(Password::parse("short").unwrap_err(), BadPassword::TooShort);
        for common in ["password1234", "Password1234!", "qwertyuiop123", "123456789012", "iloveyou1234", "aaaaaaaaaaaa", "passwordpassword", "Liverpool2024"] {
            assert_eq!(Password::parse_new(common, &[]).unwrap_err(), BadPassword::TooGuessable, "{common}");
        }
        assert_eq!(
            Password::parse_new("jane.smith@example.org1", &["jane.smith@example.org", "Jane Smith"]).unwrap_err(),
            BadPassword::TooGuessable,
            "built from the person's own email"
        );
        assert!(Password::parse_new("correct horse battery", &[]).is_ok());
        assert!(Password::parse_new("a long enough password", &[]).is_ok());
        assert!(Password::parse("twelve chars").is_ok());
        assert_eq!(format!("{:?}", Password::parse("a secret password").unwrap()), "Password(…)");
    }

    #[test]
    fn a_hash_verifies_only_its_password() {
        let hash = Password::parse("correct horse battery").unwrap().hash().unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("correct horse battery", Some(&hash)));
        assert!(!verify("wrong horse battery", Some(&hash)));
        assert!(!verify("correct horse battery", None));
        assert!(!verify("anything", Some("not a phc string")));
    }
}
