//! A procedure's consultation (issue 11): the "Consultation" panel of the draft, the "Open a
//! consultation" form, the confirmation before ending one early, and the closed-consultation
//! view of every comment received with its response.

pub mod closed;
pub mod end;
pub mod open_form;
pub mod panel;

pub use closed::ClosedConsultationPage;
pub use end::EndConsultationPage;
pub use open_form::OpenConsultationPage;
pub use panel::ConsultationPanel;

use domain::procedure::Consultation;

/// "Out for consultation until …", "Closed on …", "Ended early on …" for `c` on `today`.
pub fn consultation_summary(c: &Consultation, today: domain::model::Date) -> Option<String> {
    let closing = c.closing?;
    Some(if c.is_open_on(today) {
        format!("Out for consultation until {}", closing.long())
    } else if let Some(ended) = c.ended_on {
        format!("Consultation ended early on {} (it was due to close on {})", ended.long(), closing.long())
    } else {
        format!("Consultation closed on {}", closing.long())
    })
}
