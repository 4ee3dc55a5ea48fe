//! Two-step verification (TOTP, RFC 6238): the bodies of the sign-in code step, set-up,
//! turning it off and the partnership setting; and the small rules the app and server share
//! about what a person types.

use serde::{Deserialize, Serialize};

/// `202` answer of `POST /api/session` for an account with two-step verification: no session
/// yet, a short-lived token to send with the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeRequired {
    pub code_required: bool,
    pub pending_token: String,
}

/// `POST /api/session/code`: the second step of signing in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInCode {
    pub pending_token: String,
    /// 6 digits from the authenticator app, or a recovery code.
    pub code: String,
}

/// `GET /api/me/two-step`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TwoStepStatus {
    /// Set up and confirmed: asked for at every sign-in.
    pub enabled: bool,
    pub recovery_codes_left: u32,
    /// An admin of a partnership that requires it, without it on.
    pub needed: bool,
}

/// `POST /api/me/two-step`: a new secret to put in an authenticator app (not yet active).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TwoStepSetup {
    /// Base32, unpadded.
    pub secret: String,
    /// `otpauth://totp/…`
    pub uri: String,
}

/// A code from the authenticator app (`POST /api/me/two-step/confirm`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TwoStepCode {
    pub code: String,
}

/// Recovery codes, shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryCodes {
    pub recovery_codes: Vec<String>,
}

/// `POST /api/me/two-step/off`: the password or a current code (or a recovery code).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TurnOffTwoStep {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// `POST /api/me/two-step/recovery-codes`: new recovery codes in place of the old ones
/// (the answer is [`RecoveryCodes`], shown once).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewRecoveryCodes {
    pub password: String,
}

/// `GET`/`PUT /api/partnerships/{pid}/two-step`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TwoStepPolicy {
    pub admins_required: bool,
}

/// A secret as people copy it: groups of 4 characters ("ABCD EFGH …").
pub fn secret_in_groups(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What is wrong with a typed code before it is sent (`None`: send it). Six digits, spaces
/// allowed; `recovery` also allows a recovery code (`xxxxx-xxxxx`).
pub fn code_problem(typed: &str, recovery: bool) -> Option<&'static str> {
    let plain: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if plain.is_empty() {
        return Some("Enter the 6-digit code from your authenticator app");
    }
    let six_digits = plain.len() == 6 && plain.bytes().all(|b| b.is_ascii_digit());
    let recovery_code = recovery && plain.len() == 10 && plain.bytes().all(|b| b.is_ascii_alphanumeric());
    if six_digits || recovery_code {
        None
    } else if recovery {
        Some("Enter the 6-digit code from your authenticator app, or a recovery code")
    } else {
        Some("Enter the 6-digit code from your authenticator app")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_show_in_groups_of_four() {
        assert_eq!(secret_in_groups("ABCDEFGHIJKLMNOP"), "ABCD EFGH IJKL MNOP");
        assert_eq!(secret_in_groups("ABCDEF"), "ABCD EF");
    }

    #[test]
    fn codes_are_six_digits_or_a_recovery_code_where_allowed() {
        assert_eq!(code_problem("", false), Some("Enter the 6-digit code from your authenticator app"));
        assert_eq!(code_problem("123 456", false), None);
        assert_eq!(code_problem("12345", false), Some("Enter the 6-digit code from your authenticator app"));
        assert!(code_problem("abcde-fghij", false).is_some());
        assert_eq!(code_problem("abcde-fghij", true), None);
    }

    #[test]
    fn a_sign_in_answer_is_told_apart_from_me() {
        let json = r#"{"codeRequired":true,"pendingToken":"t"}"#;
        assert!(serde_json::from_str::<CodeRequired>(json).unwrap().code_required);
        assert!(serde_json::from_str::<CodeRequired>(r#"{"account":{}}"#).is_err());
    }
}
