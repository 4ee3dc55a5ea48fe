//! The seat editor as plain data: role, organisation, category, voting, who holds the seat
//! and who deputises, tenure, DBS check and partner agency agreement. Validated as a whole;
//! what was typed is kept.

use super::{Date, GroupDoc, Seat, SeatCategory, Tenure};
use crate::{OrganisationId, PersonId, SeatId};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeatForm {
    pub role_title: String,
    /// An organisation id, or empty.
    pub organisation: String,
    /// A [`SeatCategory::token`].
    pub category: String,
    pub voting: bool,
    /// A person id, or empty (vacant).
    pub holder: String,
    /// A person id, or empty (no deputy).
    pub deputy: String,
    /// Dates as `YYYY-MM-DD` (a date input's value), or empty.
    pub tenure_start: String,
    pub tenure_end: String,
    pub renewable: bool,
    /// Longest total tenure in years, or empty.
    pub max_total_years: String,
    pub first_appointed: String,
    pub dbs_checked: String,
    pub agreement_signed: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatField {
    RoleTitle,
    Category,
    Holder,
    Deputy,
    TenureStart,
    TenureEnd,
    MaxTotalYears,
    FirstAppointed,
    DbsChecked,
    AgreementSigned,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatProblem {
    pub field: SeatField,
    pub message: String,
}

fn date_text(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn id_text<T: ToString>(id: Option<T>) -> String {
    id.map(|i| i.to_string()).unwrap_or_default()
}

impl SeatForm {
    pub fn from_seat(s: &Seat) -> Self {
        let t = s.tenure;
        Self {
            role_title: s.role_title.clone(),
            organisation: id_text(s.organisation),
            category: s.category.token().to_owned(),
            voting: s.voting,
            holder: id_text(s.holder),
            deputy: id_text(s.deputy),
            tenure_start: date_text(t.map(|t| t.start)),
            tenure_end: date_text(t.and_then(|t| t.end)),
            renewable: t.is_some_and(|t| t.renewable),
            max_total_years: t.and_then(|t| t.max_total_years).map(|y| y.to_string()).unwrap_or_default(),
            first_appointed: date_text(t.and_then(|t| t.first_appointed)),
            dbs_checked: date_text(s.dbs_checked),
            agreement_signed: date_text(s.agreement_signed),
        }
    }

    /// Checks every field; on success changes `seat` to match (fields left as they were
    /// are not rewritten, so concurrent edits to other fields merge).
    pub fn apply(&self, seat: &mut Seat) -> Result<(), Vec<SeatProblem>> {
        let mut problems = Vec::new();
        let mut problem = |field, message: &str| problems.push(SeatProblem { field, message: message.to_owned() });
        let role = self.role_title.split_whitespace().collect::<Vec<_>>().join(" ");
        if role.is_empty() {
            problem(SeatField::RoleTitle, "Enter the seat's role, for example Head of Service");
        }
        let category = SeatCategory::from_token(&self.category);
        if category.is_none() {
            problem(SeatField::Category, "Select the seat's category");
        }
        let mut person = |field, text: &str, what: &str| match text.trim() {
            "" => None,
            s => s.parse::<PersonId>().ok().or_else(|| {
                problem(field, &format!("Select the {what} from the list"));
                None
            }),
        };
        let holder = person(SeatField::Holder, &self.holder, "holder");
        let deputy = person(SeatField::Deputy, &self.deputy, "deputy");
        if holder.is_some() && holder == deputy {
            problem(SeatField::Deputy, "The deputy must be someone other than the holder");
        }
        let mut date = |field, text: &str, what: &str| match text.trim() {
            "" => None,
            s => s.parse::<Date>().ok().or_else(|| {
                problem(field, &format!("{what} must be a real date, for example 2026-04-01"));
                None
            }),
        };
        let start = date(SeatField::TenureStart, &self.tenure_start, "Tenure start");
        let end = date(SeatField::TenureEnd, &self.tenure_end, "Tenure end");
        let first = date(SeatField::FirstAppointed, &self.first_appointed, "First appointed");
        let dbs = date(SeatField::DbsChecked, &self.dbs_checked, "DBS check date");
        let agreement = date(SeatField::AgreementSigned, &self.agreement_signed, "Agreement signed date");
        let max_years = match self.max_total_years.trim() {
            "" => None,
            s => match s.parse::<u32>() {
                Ok(n) if (1..=30).contains(&n) => Some(n),
                _ => {
                    problem(SeatField::MaxTotalYears, "Longest total tenure must be a whole number of years from 1 to 30");
                    None
                }
            },
        };
        let tenure_typed = [&self.tenure_end, &self.max_total_years, &self.first_appointed].iter().any(|s| !s.trim().is_empty());
        if self.tenure_start.trim().is_empty() && tenure_typed {
            problem(SeatField::TenureStart, "Enter when the tenure starts");
        }
        if let (Some(s), Some(e)) = (start, end) {
            if e <= s {
                problem(SeatField::TenureEnd, "Tenure end must be after its start");
            }
        }
        if let (Some(s), Some(f)) = (start, first) {
            if f > s {
                problem(SeatField::FirstAppointed, "First appointed must be on or before this tenure's start");
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let tenure = start.map(|start| Tenure {
            start,
            end,
            renewable: self.renewable,
            max_total_years: max_years,
            first_appointed: first,
        });
        let organisation = self.organisation.trim().parse::<OrganisationId>().ok();
        if seat.role_title != role {
            seat.role_title = role;
        }
        seat.organisation = organisation;
        seat.category = category.unwrap_or_default();
        seat.voting = self.voting;
        seat.holder = holder;
        seat.deputy = deputy;
        seat.tenure = tenure;
        seat.dbs_checked = dbs;
        seat.agreement_signed = agreement;
        Ok(())
    }
}

impl GroupDoc {
    /// Applies the seat editor to seat `id`.
    pub fn edit_seat(&mut self, id: SeatId, form: &SeatForm) -> Result<(), Vec<SeatProblem>> {
        let seat = self.seats.iter_mut().find(|s| s.id == id).ok_or_else(|| {
            vec![SeatProblem { field: SeatField::RoleTitle, message: "This seat has been removed".to_owned() }]
        })?;
        form.apply(seat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seat() -> Seat {
        Seat::new("Independent Chair", None, SeatCategory::Core, true)
    }

    #[test]
    fn appointing_a_holder_and_deputy_with_tenure_and_checks() {
        let (holder, deputy) = (PersonId::random(), PersonId::random());
        let mut s = seat();
        let mut form = SeatForm::from_seat(&s);
        form.holder = holder.to_string();
        form.deputy = deputy.to_string();
        form.tenure_start = "2025-01-10".into();
        form.tenure_end = "2027-01-10".into();
        form.renewable = true;
        form.max_total_years = "5".into();
        form.first_appointed = "2021-01-10".into();
        form.dbs_checked = "2024-06-01".into();
        form.agreement_signed = "2025-01-05".into();
        form.apply(&mut s).unwrap();
        assert_eq!((s.holder, s.deputy), (Some(holder), Some(deputy)));
        let t = s.tenure.unwrap();
        assert_eq!((t.start, t.end, t.renewable, t.max_total_years), (Date::from_ymd(2025, 1, 10).unwrap(), Date::from_ymd(2027, 1, 10), true, Some(5)));
        assert_eq!(s.dbs_checked, Date::from_ymd(2024, 6, 1));
        assert_eq!(SeatForm::from_seat(&s), form, "the form reads back what was saved");
    }

    #[test]
    fn every_problem_is_named_against_its_field_and_nothing_is_written() {
        let p = PersonId::random();
        let mut s = seat();
        let before = s.clone();
        let form = SeatForm {
            role_title: " ".into(),
            holder: p.to_string(),
            deputy: p.to_string(),
            tenure_end: "2020-01-01".into(),
            max_total_years: "0".into(),
            dbs_checked: "2024-02-30".into(),
            ..SeatForm::from_seat(&s)
        };
        let fields: Vec<_> = form.apply(&mut s).unwrap_err().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, [SeatField::RoleTitle, SeatField::Deputy, SeatField::DbsChecked, SeatField::MaxTotalYears, SeatField::TenureStart]);
        assert_eq!(s, before);
        let backwards = SeatForm { tenure_start: "2026-01-01".into(), tenure_end: "2025-01-01".into(), ..SeatForm::from_seat(&s) };
        assert_eq!(backwards.apply(&mut s).unwrap_err()[0].field, SeatField::TenureEnd);
    }

    #[test]
    fn a_removed_seat_cannot_be_edited() {
        let mut g = GroupDoc::default();
        let form = SeatForm::from_seat(&seat());
        assert!(g.edit_seat(SeatId::random(), &form).is_err());
        g.seats.push(seat());
        let id = g.seats[0].id;
        g.edit_seat(id, &SeatForm { voting: false, ..form }).unwrap();
        assert!(!g.seats[0].voting);
    }
}
