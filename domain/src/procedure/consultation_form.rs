//! The "Open a consultation" form, checked on plain types: who is consulted (email
//! addresses, one a line), the closing date (a GOV.UK date input: day, month, year; after
//! today) and an optional message. The app shows each problem against its field; the server
//! checks the emails against accounts and the date again.

use crate::{api::MAX_CONSULTEES, model::Date};

/// The longest message to the people consulted.
pub const MAX_CONSULTATION_MESSAGE: usize = 2_000;

/// What was typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsultationForm {
    /// Email addresses, one a line (commas and semicolons also separate them).
    pub emails: String,
    pub day: String,
    pub month: String,
    pub year: String,
    pub message: String,
}

/// The fields of the form (the app maps each to its input's id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsultationField {
    Emails,
    ClosingDate,
    Message,
}

/// A problem against one field, in GOV.UK wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationProblem {
    pub field: ConsultationField,
    pub message: String,
}

/// A checked form: distinct emails (lower case, in the order typed), the closing date, the
/// message (trimmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationRequest {
    pub emails: Vec<String>,
    pub closes_on: Date,
    pub message: String,
}

/// Whether `s` looks like an email address: one `@`, something before it, a dotted domain
/// after it, no spaces. (The server decides whether an account has it.)
pub fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|p| !p.is_empty())
}

impl ConsultationForm {
    /// The addresses typed, split on new lines, commas and semicolons, blanks dropped.
    pub fn typed_emails(&self) -> Vec<String> {
        self.emails
            .split(['\n', ',', ';'])
            .map(|e| e.trim().to_ascii_lowercase())
            .filter(|e| !e.is_empty())
            .collect()
    }

    /// Checks the form on `today`: every problem (at most one a field), or the request.
    pub fn check(&self, today: Date) -> Result<ConsultationRequest, Vec<ConsultationProblem>> {
        let mut problems = Vec::new();
        let mut problem = |field, message: String| problems.push(ConsultationProblem { field, message });

        let mut emails: Vec<String> = Vec::new();
        for e in self.typed_emails() {
            if !emails.contains(&e) {
                emails.push(e);
            }
        }
        let bad: Vec<&str> = emails.iter().map(String::as_str).filter(|e| !looks_like_email(e)).collect();
        if emails.is_empty() {
            problem(ConsultationField::Emails, "Enter the email address of at least one person to consult".into());
        } else if !bad.is_empty() {
            problem(
                ConsultationField::Emails,
                format!("Enter email addresses in the correct format, like name@example.org: {}", bad.join(", ")),
            );
        } else if emails.len() > MAX_CONSULTEES {
            problem(ConsultationField::Emails, format!("Consult at most {MAX_CONSULTEES} people at once"));
        }

        let parts = [&self.day, &self.month, &self.year];
        let closes_on = if parts.iter().all(|s| s.trim().is_empty()) {
            problem(ConsultationField::ClosingDate, "Enter the closing date".into());
            None
        } else {
            let num = |s: &str| s.trim().parse::<u32>().ok();
            let date = match (num(&self.day), num(&self.month), num(&self.year)) {
                (Some(d), Some(m), Some(y)) if (2000..=2100).contains(&y) => Date::from_ymd(y as i32, m, d),
                _ => None,
            };
            match date {
                None => {
                    problem(ConsultationField::ClosingDate, "The closing date must be a real date, like 31 3 2027".into());
                    None
                }
                Some(d) if d <= today => {
                    problem(ConsultationField::ClosingDate, "The closing date must be in the future".into());
                    None
                }
                Some(d) => Some(d),
            }
        };

        let message = self.message.trim().to_owned();
        if message.chars().count() > MAX_CONSULTATION_MESSAGE {
            problem(
                ConsultationField::Message,
                format!("The message must be {MAX_CONSULTATION_MESSAGE} characters or fewer"),
            );
        }

        match closes_on {
            Some(closes_on) if problems.is_empty() => Ok(ConsultationRequest { emails, closes_on, message }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::from_ymd(2026, 12, 5).unwrap()
    }

    fn form(emails: &str, d: &str, m: &str, y: &str) -> ConsultationForm {
        ConsultationForm { emails: emails.into(), day: d.into(), month: m.into(), year: y.into(), message: "  Please comment by the date  ".into() }
    }

    fn fields(f: ConsultationForm) -> Vec<ConsultationField> {
        f.check(today()).unwrap_err().into_iter().map(|p| p.field).collect()
    }

    #[test]
    fn a_good_form_gives_distinct_lower_case_emails_a_future_date_and_the_trimmed_message() {
        let r = form(" Police.Consultee@example.org\n\nuhl.consultee@example.org, police.consultee@example.org ", "6", "12", "2026")
            .check(today())
            .unwrap();
        assert_eq!(r.emails, ["police.consultee@example.org", "uhl.consultee@example.org"]);
        assert_eq!(r.closes_on, Date::from_ymd(2026, 12, 6).unwrap());
        assert_eq!(r.message, "Please comment by the date");
    }

    #[test]
    fn nobody_to_consult_and_no_date_are_both_reported() {
        assert_eq!(fields(form(" \n ", "", "", "")), [ConsultationField::Emails, ConsultationField::ClosingDate]);
    }

    #[test]
    fn malformed_emails_are_named() {
        let problems = form("a@example.org\nnot-an-email\nb@localhost", "1", "1", "2027").check(today()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.ends_with("not-an-email, b@localhost"), "{}", problems[0].message);
    }

    #[test]
    fn the_closing_date_must_be_real_and_after_today() {
        for (d, m, y) in [("30", "2", "2027"), ("1", "13", "2027"), ("x", "1", "2027"), ("1", "1", "27")] {
            let p = form("a@example.org", d, m, y).check(today()).unwrap_err();
            assert_eq!(p[0].field, ConsultationField::ClosingDate);
            assert!(p[0].message.contains("real date"), "{d}/{m}/{y}: {}", p[0].message);
        }
        for (d, m, y) in [("5", "12", "2026"), ("4", "12", "2026")] {
            let p = form("a@example.org", d, m, y).check(today()).unwrap_err();
            assert_eq!(p[0].message, "The closing date must be in the future");
        }
    }

    #[test]
    fn too_many_people_or_too_long_a_message_is_refused() {
        let many = (0..=MAX_CONSULTEES).map(|n| format!("p{n}@example.org")).collect::<Vec<_>>().join("\n");
        assert_eq!(fields(form(&many, "1", "1", "2027")), [ConsultationField::Emails]);
        let mut f = form("a@example.org", "1", "1", "2027");
        f.message = "x".repeat(MAX_CONSULTATION_MESSAGE + 1);
        assert_eq!(fields(f), [ConsultationField::Message]);
    }
}
