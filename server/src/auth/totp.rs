//! Time-based one-time passwords (RFC 6238, over HOTP, RFC 4226) for two-step verification,
//! and recovery codes. Pure functions on plain values: the stores keep the secret, the step
//! last used (so a code works once) and the recovery codes' hashes.
//!
//! Authenticator apps use HMAC-SHA1, 6 digits and 30-second steps: that is what
//! [`TotpSecret::verify`] checks, accepting the step before and after the current one (clocks
//! drift, people type slowly).

use std::fmt;

use data_encoding::BASE32_NOPAD;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

use super::secret::NoRandomness;

/// Seconds per step.
pub const STEP_SECONDS: u64 = 30;
/// Digits of a code.
pub const DIGITS: u32 = 6;
/// Steps either side of now that are still accepted.
pub const WINDOW: u64 = 1;
/// Recovery codes made at once.
pub const RECOVERY_CODES: usize = 8;
/// The issuer authenticator apps show beside the account.
pub const ISSUER: &str = "Quorum";

/// HOTP (RFC 4226): the `digits`-digit code of `key` at `counter`, HMAC-SHA1.
pub fn hotp(key: &[u8], counter: u64, digits: u32) -> u32 {
    let mut mac = Hmac::<Sha1>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(&counter.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = usize::from(hash[hash.len() - 1] & 0x0f);
    let binary = (u32::from(hash[offset] & 0x7f) << 24)
        | (u32::from(hash[offset + 1]) << 16)
        | (u32::from(hash[offset + 2]) << 8)
        | u32::from(hash[offset + 3]);
    binary % 10u32.pow(digits)
}

/// The TOTP step of a unix time in seconds.
pub fn step_at(unix_seconds: u64) -> u64 {
    unix_seconds / STEP_SECONDS
}

/// A TOTP secret: 20 random bytes (160 bits, RFC 4226's recommendation). Its `Debug` is
/// redacted; it is shown to its owner once, at set-up, as base32.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret(Vec<u8>);

impl fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotpSecret(…)")
    }
}

impl TotpSecret {
    pub fn generate() -> Result<Self, NoRandomness> {
        let mut bytes = [0u8; 20];
        getrandom::fill(&mut bytes).map_err(NoRandomness)?;
        Ok(Self(bytes.to_vec()))
    }

    /// From its base32 form (as stored); `None` if it is not base32.
    pub fn from_base32(s: &str) -> Option<Self> {
        BASE32_NOPAD.decode(s.trim_end_matches('=').as_bytes()).ok().filter(|b| !b.is_empty()).map(Self)
    }

    /// Unpadded base32 (RFC 4648), as authenticator apps take it.
    pub fn to_base32(&self) -> String {
        BASE32_NOPAD.encode(&self.0)
    }

    /// The `otpauth://totp/…` URI authenticator apps read (as a QR code or a link).
    pub fn uri(&self, account: &str) -> String {
        format!(
            "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
            issuer = percent_encode(ISSUER),
            account = percent_encode(account),
            secret = self.to_base32(),
        )
    }

    /// The [`uri`](Self::uri) as a QR code, in SVG (black on white, with its quiet zone).
    pub fn qr_svg(&self, account: &str) -> Option<String> {
        let code = qrcode::QrCode::with_error_correction_level(self.uri(account), qrcode::EcLevel::M).ok()?;
        Some(
            code.render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(200, 200)
                .dark_color(qrcode::render::svg::Color("#0b0c0c"))
                .light_color(qrcode::render::svg::Color("#ffffff"))
                .build(),
        )
    }

    /// The 6-digit code at `step`.
    pub fn code_at(&self, step: u64) -> u32 {
        hotp(&self.0, step, DIGITS)
    }

    /// The step `code` belongs to, if it is the code of a step within [`WINDOW`] of the one
    /// at `unix_seconds` and later than `after` (the last step used: a code works once).
    pub fn verify(&self, code: &TotpCode, unix_seconds: u64, after: Option<u64>) -> Option<u64> {
        let now = step_at(unix_seconds);
        let mut found = None;
        // Every candidate is checked (no early return), so timing says nothing of which matched.
        for step in now.saturating_sub(WINDOW)..=now + WINDOW {
            let matches = constant_eq(self.code_at(step), code.0);
            if matches && after.is_none_or(|a| step > a) && found.is_none() {
                found = Some(step);
            }
        }
        found
    }
}

/// Equality without an early exit.
fn constant_eq(a: u32, b: u32) -> bool {
    (a ^ b) == 0
}

/// A 6-digit code as typed: spaces and dashes are ignored ("123 456").
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TotpCode(u32);

impl fmt::Debug for TotpCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotpCode(…)")
    }
}

impl TotpCode {
    /// `None` unless exactly 6 digits remain once spaces and dashes are removed.
    pub fn parse(typed: &str) -> Option<Self> {
        let digits: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        (digits.len() == DIGITS as usize && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse().ok().map(Self))
            .flatten()
    }
}

/// Recovery codes: 10 characters of lower-case base32 shown as `xxxxx-xxxxx` (50 bits each),
/// stored by their sha256 like every other bearer secret. `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryCode(String);

impl fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryCode(…)")
    }
}

impl RecoveryCode {
    pub fn generate() -> Result<Self, NoRandomness> {
        let mut bytes = [0u8; 7];
        getrandom::fill(&mut bytes).map_err(NoRandomness)?;
        let text = BASE32_NOPAD.encode(&bytes).to_lowercase();
        Ok(Self(format!("{}-{}", &text[..5], &text[5..10])))
    }

    /// `RECOVERY_CODES` new codes.
    pub fn generate_set() -> Result<Vec<Self>, NoRandomness> {
        (0..RECOVERY_CODES).map(|_| Self::generate()).collect()
    }

    /// What to show its owner, once.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The stored form of a typed recovery code: sha256 of its 10 characters, lower-case,
    /// without spaces or dashes; `None` if it cannot be one.
    pub fn hash_typed(typed: &str) -> Option<String> {
        let plain: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        (plain.len() == 10 && plain.bytes().all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b)))
            .then(|| super::secret::hash(&plain))
    }

    /// The stored form of this code.
    pub fn hash(&self) -> String {
        Self::hash_typed(&self.0).expect("generated codes are well formed")
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986), for the URI's label.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'@') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA1 key is "12345678901234567890", 8 digits, 30 s steps.
    #[test]
    fn rfc_6238_sha1_test_vectors() {
        let key = b"12345678901234567890";
        for (time, expected) in [
            (59u64, 94_287_082u32),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
            (20_000_000_000, 65_353_130),
        ] {
            assert_eq!(hotp(key, step_at(time), 8), expected, "at T = {time}");
        }
    }

    /// RFC 4226, appendix D: HOTP values for counters 0 and 9, 6 digits.
    #[test]
    fn rfc_4226_hotp_vectors() {
        let key = b"12345678901234567890";
        assert_eq!(hotp(key, 0, 6), 755_224);
        assert_eq!(hotp(key, 9, 6), 520_489);
    }

    #[test]
    fn a_code_verifies_within_one_step_and_only_after_the_last_used() {
        let secret = TotpSecret::from_base32(&BASE32_NOPAD.encode(b"12345678901234567890")).unwrap();
        let now = 1_234_567_890;
        let step = step_at(now);
        let code = |s| TotpCode::parse(&format!("{:06}", secret.code_at(s))).unwrap();
        assert_eq!(secret.verify(&code(step), now, None), Some(step));
        assert_eq!(secret.verify(&code(step - 1), now, None), Some(step - 1), "the step before");
        assert_eq!(secret.verify(&code(step + 1), now, None), Some(step + 1), "the step after");
        assert_eq!(secret.verify(&code(step - 2), now, None), None, "too old");
        assert_eq!(secret.verify(&code(step), now, Some(step)), None, "used already");
        assert_eq!(secret.verify(&code(step + 1), now, Some(step)), Some(step + 1));
    }

    #[test]
    fn secrets_are_20_bytes_of_base32_and_make_an_otpauth_uri() {
        let s = TotpSecret::generate().unwrap();
        assert_eq!(s.to_base32().len(), 32);
        assert_eq!(TotpSecret::from_base32(&s.to_base32()), Some(s.clone()));
        assert_ne!(TotpSecret::generate().unwrap(), s);
        let uri = s.uri("a.person@example.org");
        assert!(uri.starts_with("otpauth://totp/Quorum:a.person@example.org?secret="), "{uri}");
        assert!(uri.contains("&issuer=Quorum&algorithm=SHA1&digits=6&period=30"));
        assert_eq!(format!("{s:?}"), "TotpSecret(…)");
        let svg = s.qr_svg("a.person@example.org").unwrap();
        assert!(svg.contains("<svg") && svg.contains("<path"), "{svg}");
    }

    #[test]
    fn codes_are_six_digits_spaces_allowed() {
        assert_eq!(TotpCode::parse("123 456"), Some(TotpCode(123_456)));
        assert_eq!(TotpCode::parse("012345"), Some(TotpCode(12_345)));
        assert_eq!(TotpCode::parse("12345"), None);
        assert_eq!(TotpCode::parse("12345a"), None);
        assert_eq!(TotpCode::parse("1234567"), None);
    }

    #[test]
    fn recovery_codes_hash_as_typed_in_any_case() {
        let set = RecoveryCode::generate_set().unwrap();
        assert_eq!(set.len(), 8);
        let c = &set[0];
        assert_eq!(c.expose().len(), 11);
        assert_eq!(RecoveryCode::hash_typed(&c.expose().to_uppercase()), Some(c.hash()));
        assert_eq!(RecoveryCode::hash_typed(&c.expose().replace('-', " ")), Some(c.hash()));
        assert_eq!(RecoveryCode::hash_typed("123456"), None);
    }
}
