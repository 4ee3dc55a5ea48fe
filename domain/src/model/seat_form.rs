//! The seat editor as plain data: role, organisation, category, voting, who holds the seat
//! (one person, or several for a shared seat), who may attend in the holder's place (a named
//! deputy, any colleague from the holder's organisation, or nobody), tenure, DBS check and
//! partner agency agreement. Validated as a whole; what was typed is kept.

use super::{Date, GroupDoc, Rebase, Seat, SeatCategory, SeatHolder, SeatHolding, SubstituteRule, Tenure};
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
    /// A person id, or empty (no deputy). Only kept with the named-deputy rule.
    pub deputy: String,
    /// A [`SubstituteRule::token`]; empty reads as the named-deputy rule.
    pub substitute: String,
    /// A [`SeatHolding::token`]; empty reads as one holder.
    pub holding: String,
    /// A shared seat's holders (person ids), in order. `holder`, when set on a shared seat,
    /// is added to them.
    pub holders: Vec<String>,
    /// Dates as `YYYY-MM-DD` (a date input's value), or empty.
    pub tenure_start: String,
    pub tenure_end: String,
    pub renewable: bool,
    /// Longest total tenure in years, or empty.
    pub max_total_years: String,
    pub first_appointed: String,
    pub dbs_checked: String,
    pub agreement_signed: String,
    /// The agreement version a newly recorded (or re-dated) signature is for: the page sets
    /// the partnership's current version ([`super::ComplianceRules::agreement`]). Empty for
    /// an unversioned agreement.
    pub agreement_version: String,
    /// Who records a new signature, by name.
    pub recorded_by: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatField {
    RoleTitle,
    Category,
    Holder,
    Deputy,
    /// Who may attend in the holder's place.
    Substitute,
    /// One holder or several.
    Holding,
    /// A shared seat's list of holders.
    Holders,
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
            holder: match s.holding {
                SeatHolding::Single => id_text(s.holders().first()),
                SeatHolding::Shared => String::new(),
            },
            deputy: id_text(s.named_deputy()),
            substitute: s.substitute.token().to_owned(),
            holding: s.holding.token().to_owned(),
            holders: match s.holding {
                SeatHolding::Single => Vec::new(),
                SeatHolding::Shared => s.holders().iter().map(|p| p.to_string()).collect(),
            },
            tenure_start: date_text(t.map(|t| t.start)),
            tenure_end: date_text(t.and_then(|t| t.end)),
            renewable: t.is_some_and(|t| t.renewable),
            max_total_years: t.and_then(|t| t.max_total_years).map(|y| y.to_string()).unwrap_or_default(),
            first_appointed: date_text(t.and_then(|t| t.first_appointed)),
            dbs_checked: date_text(s.dbs_checked),
            agreement_signed: date_text(s.agreement_signed),
            agreement_version: s.agreement_version.clone().unwrap_or_default(),
            recorded_by: s.agreement_recorded_by.clone().unwrap_or_default(),
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
        let deputy_typed = person(SeatField::Deputy, &self.deputy, "deputy");
        let substitute = match self.substitute.trim() {
            "" => Some(SubstituteRule::NamedDeputy),
            t => SubstituteRule::from_token(t).or_else(|| {
                problem(SeatField::Substitute, "Select who may attend in the holder's place");
                None
            }),
        };
        // A deputy is only named under the named-deputy rule; with any other rule a deputy
        // left in a hidden field is dropped, not refused.
        let deputy = match substitute {
            Some(SubstituteRule::NamedDeputy) | None => deputy_typed,
            Some(_) => None,
        };
        let holding = match self.holding.trim() {
            "" => Some(SeatHolding::Single),
            t => SeatHolding::from_token(t).or_else(|| {
                problem(SeatField::Holding, "Select whether one person or several hold the seat");
                None
            }),
        };
        let mut listed = Vec::new();
        let mut bad_listed = false;
        for text in self.holders.iter().map(|h| h.trim()).filter(|h| !h.is_empty()) {
            match text.parse::<PersonId>() {
                Ok(p) if listed.contains(&p) => {
                    problem(SeatField::Holders, "Each person can be listed as a holder once");
                    bad_listed = true;
                }
                Ok(p) => listed.push(p),
                Err(_) if !bad_listed => {
                    problem(SeatField::Holders, "Select each holder from the list");
                    bad_listed = true;
                }
                Err(_) => {}
            }
        }
        // Everyone the form appoints, whatever the holding.
        let mut holders = listed.clone();
        if let Some(h) = holder {
            if !holders.contains(&h) {
                holders.push(h);
            }
        }
        if holding == Some(SeatHolding::Single) && holders.len() > 1 {
            problem(SeatField::Holding, "A seat held by one person can have only one holder: remove the others first, or choose several people");
        }
        if deputy.is_some_and(|d| holders.contains(&d)) {
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
        let holding = holding.unwrap_or_default();
        seat.holding = holding;
        seat.substitute = substitute.unwrap_or_default();
        match holding {
            SeatHolding::Single => {
                seat.holder = holders.first().copied();
                seat.holders.clear();
            }
            SeatHolding::Shared => {
                // A holder from when the seat was single is listed, and also left where they
                // are (repair clears that field later): rewriting it now would race with
                // someone appointing to the seat on another device, and could drop that
                // person; listing them keeps them if the other device replaces them there.
                if seat.holder.is_some_and(|h| !holders.contains(&h)) {
                    seat.holder = None;
                }
                // Keep each remaining holder's entry (and its appointment date) in place.
                seat.holders.retain(|h| holders.contains(&h.person));
                for p in holders {
                    if !seat.holders.iter().any(|h| h.person == p) {
                        seat.holders.push(SeatHolder { person: p, appointed: None });
                    }
                }
            }
        }
        seat.deputy = deputy;
        seat.tenure = tenure;
        seat.dbs_checked = dbs;
        // A signature recorded or re-dated records the version signed and who recorded it;
        // one left as it was keeps what it recorded.
        if seat.agreement_signed != agreement {
            let some = |t: &str| Some(t.trim().to_owned()).filter(|t| !t.is_empty() && agreement.is_some());
            seat.agreement_signed = agreement;
            seat.agreement_version = some(&self.agreement_version);
            seat.agreement_recorded_by = some(&self.recorded_by);
        }
        Ok(())
    }
}

impl Rebase for SeatForm {
    /// This form (opened as `base`) on top of `current`, the form the seat gives now: each
    /// field the person changed keeps their value, every other field takes the seat's current
    /// value, so saving never writes back a field someone else changed meanwhile (see
    /// [`super::GroupForm::rebase`]). The struct literal names every field.
    fn rebase(&self, base: &Self, current: &Self) -> Self {
        rebased!(SeatForm {
            role_title, organisation, category, voting, holder, deputy, substitute, holding, holders, tenure_start, tenure_end,
            renewable, max_total_years, first_appointed, dbs_checked, agreement_signed, agreement_version, recorded_by,
        }, self, base, current)
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
    fn saving_a_seat_keeps_what_others_changed_while_its_form_was_open() {
        let s = seat();
        let base = SeatForm::from_seat(&s);
        let mut theirs = s.clone();
        theirs.dbs_checked = Date::from_ymd(2026, 3, 1);
        let mut mine = base.clone();
        mine.role_title = "Independent Chair and Scrutineer".into();
        let mut saved = theirs.clone();
        mine.rebase(&base, &SeatForm::from_seat(&theirs)).apply(&mut saved).unwrap();
        assert_eq!(saved.role_title, "Independent Chair and Scrutineer");
        assert_eq!(saved.dbs_checked, Date::from_ymd(2026, 3, 1), "the DBS date recorded on another device stays");
        let mut stale = theirs.clone();
        mine.apply(&mut stale).unwrap();
        assert_eq!(stale.dbs_checked, None, "without the rebase the form's empty date was written back");
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
    fn a_shared_seat_lists_several_holders_and_a_colleague_may_substitute() {
        let (a, b, c) = (PersonId::random(), PersonId::random(), PersonId::random());
        let mut s = Seat::new("Multi-agency trainers", None, SeatCategory::Virtual, false);
        let form = SeatForm {
            holding: "shared".into(),
            holders: vec![a.to_string(), b.to_string()],
            holder: c.to_string(),
            substitute: "any-colleague".into(),
            deputy: a.to_string(),
            ..SeatForm::from_seat(&s)
        };
        form.apply(&mut s).unwrap();
        assert_eq!(s.holders(), [a, b, c]);
        assert_eq!((s.holder, s.deputy, s.substitute), (None, None, SubstituteRule::AnyColleague), "no named deputy under any-colleague");
        let back = SeatForm::from_seat(&s);
        assert_eq!((back.holding.as_str(), back.holders.len(), back.substitute.as_str()), ("shared", 3, "any-colleague"));
        let before = s.clone();
        back.apply(&mut s).unwrap();
        assert_eq!(s, before, "the form read back applies without change");
        // One holder leaves; the others keep their entries.
        let fewer = SeatForm { holders: vec![a.to_string(), c.to_string()], ..SeatForm::from_seat(&s) };
        fewer.apply(&mut s).unwrap();
        assert_eq!(s.holders(), [a, c]);
        // Back to one holder only once a single person is left.
        let single = SeatForm { holding: "single".into(), ..SeatForm::from_seat(&s) };
        assert_eq!(single.apply(&mut s.clone()).unwrap_err()[0].field, SeatField::Holding);
        let single = SeatForm { holding: "single".into(), holders: vec![c.to_string()], substitute: "none".into(), ..SeatForm::from_seat(&s) };
        single.apply(&mut s).unwrap();
        assert_eq!((s.holder, s.holders.len(), s.substitute), (Some(c), 0, SubstituteRule::NoSubstitute));
    }

    #[test]
    fn holders_substitutes_and_deputies_are_checked_against_their_fields() {
        let p = PersonId::random();
        let mut s = seat();
        let form = SeatForm {
            substitute: "anyone".into(),
            holding: "crowd".into(),
            holders: vec!["nobody".into()],
            ..SeatForm::from_seat(&s)
        };
        let fields: Vec<_> = form.apply(&mut s).unwrap_err().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, [SeatField::Substitute, SeatField::Holding, SeatField::Holders]);
        let twice = SeatForm { holding: "shared".into(), holders: vec![p.to_string(), p.to_string()], ..SeatForm::from_seat(&s) };
        assert_eq!(twice.apply(&mut s).unwrap_err()[0].field, SeatField::Holders);
        let deputy_holds = SeatForm { holding: "shared".into(), holders: vec![p.to_string()], deputy: p.to_string(), ..SeatForm::from_seat(&s) };
        assert_eq!(deputy_holds.apply(&mut s).unwrap_err()[0].field, SeatField::Deputy);
        assert_eq!(s, seat_with_id(s.id), "nothing written");
    }

    fn seat_with_id(id: SeatId) -> Seat {
        Seat { id, ..seat() }
    }

    #[test]
    fn a_form_from_before_substitutes_and_shared_seats_still_applies() {
        let (holder, deputy) = (PersonId::random(), PersonId::random());
        let mut s = seat();
        let old = SeatForm { role_title: "Independent Chair".into(), category: "core".into(), holder: holder.to_string(), deputy: deputy.to_string(), ..SeatForm::default() };
        old.apply(&mut s).unwrap();
        assert_eq!((s.holder, s.named_deputy(), s.holding, s.substitute), (Some(holder), Some(deputy), SeatHolding::Single, SubstituteRule::NamedDeputy));
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
