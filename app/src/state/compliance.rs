//! A partnership's compliance rules and its dashboard: every flag across its groups (DBS,
//! agreement, tenure, and each group's attendance rule over its held meetings), named
//! (group, seat, organisation, people), and attendance rates per organisation. Pages read
//! these and never touch the documents' paths.

use domain::{
    meeting::{attendance_rates, organisation_rates, MeetingDoc, OrganisationRate},
    model::{ComplianceForm, ComplianceProblem, ComplianceRules, GroupDoc, PartnershipDoc},
    rules::{attendance_flags, partnership_flags, SeatFlag},
    DocumentId,
};
use leptos::prelude::*;

use super::{people_of, today, use_repo};
use crate::repo::DocView;

/// A flag as the dashboard shows it, every id named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagRow {
    pub flag: SeatFlag,
    pub organisation: String,
    /// The holders' names, or "Vacant".
    pub people: String,
}

#[derive(Debug, Clone, Copy)]
pub struct UseComplianceReturn {
    /// The partnership's rules (the defaults until the document is here).
    pub rules: Memo<ComplianceRules>,
    /// Saves the rules form: every problem named against its field, or saved.
    pub save: Callback<ComplianceForm, Result<(), Vec<ComplianceProblem>>>,
}

pub fn use_compliance(partnership: DocumentId) -> UseComplianceReturn {
    let ctx = use_repo();
    ctx.repo().open(partnership);
    let rules = {
        let ctx = ctx.clone();
        Memo::new(move |_| match ctx.read::<PartnershipDoc>(partnership) {
            DocView::Ready(p) => p.compliance,
            _ => ComplianceRules::default(),
        })
    };
    let save = Callback::new(move |form: ComplianceForm| {
        super::forms::save_form(
            ctx.repo(),
            partnership,
            "Change the compliance rules",
            |message| ComplianceProblem { field: domain::model::ComplianceField::DbsYears, message },
            |p: &mut PartnershipDoc| form.apply(&mut p.compliance),
        )
    });
    UseComplianceReturn { rules, save }
}

#[derive(Debug, Clone, Copy)]
pub struct UseComplianceDashboardReturn {
    /// Every flag of the partnership's active groups on this device, overdue first.
    pub flags: Memo<Vec<FlagRow>>,
    /// Attendance per organisation over the held meetings of every group on this device.
    pub rates: Memo<Vec<OrganisationRate>>,
    /// Listed groups not on this device yet (their flags and meetings are not counted).
    pub missing_groups: Memo<usize>,
}

pub fn use_compliance_dashboard(partnership: DocumentId) -> UseComplianceDashboardReturn {
    let ctx = use_repo();
    ctx.repo().open(partnership);
    let doc = {
        let ctx = ctx.clone();
        Memo::new(move |_| match ctx.read::<PartnershipDoc>(partnership) {
            DocView::Ready(p) => Some(p),
            _ => None,
        })
    };
    let groups = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            let Some(p) = doc.get() else { return (Vec::new(), 0) };
            super::open_people(ctx.repo(), &[&p]);
            let listed = p.groups();
            let docs: Vec<(DocumentId, GroupDoc)> = listed
                .iter()
                .filter_map(|g| {
                    ctx.repo().open(*g);
                    match ctx.read::<GroupDoc>(*g) {
                        DocView::Ready(doc) => Some((*g, doc)),
                        _ => None,
                    }
                })
                .collect();
            let missing = listed.len() - docs.len();
            (docs, missing)
        })
    };
    let people = {
        let ctx = ctx.clone();
        Memo::new(move |_| doc.with(|p| p.as_ref().map(|p| people_of(|d| ctx.read(d), &[p])).unwrap_or_default()))
    };
    // Each group's seats' attendance over its meetings on this device, under its attendance
    // rule: computed once for the flags (the breaches) and the rates (the counts).
    let seat_rates = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            groups.with(|(gs, _)| {
                gs.iter()
                    .map(|(_, g)| {
                        let held: Vec<MeetingDoc> = g
                            .meetings
                            .iter()
                            .filter_map(|r| {
                                ctx.repo().open(r.document);
                                match ctx.read::<MeetingDoc>(r.document) {
                                    DocView::Ready(m) => Some(m),
                                    _ => None,
                                }
                            })
                            .collect();
                        attendance_rates(&g.seats, g.terms.attendance.as_ref(), &held, |_| String::new())
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let flags = Memo::new(move |_| {
        let Some(p) = doc.get() else { return Vec::new() };
        groups.with(|(gs, _)| {
            people.with(|people| {
                let name = |id| people.iter().find(|s| s.id == id).map(|s| s.label.clone()).unwrap_or_else(|| "A person not loaded yet".to_owned());
                let mut all = partnership_flags(gs.iter().map(|(id, g)| (*id, g)), &p.compliance, today());
                seat_rates.with(|rs| {
                    for ((id, g), rates) in gs.iter().zip(rs) {
                        all.extend(attendance_flags(*id, g, rates));
                    }
                });
                // Overdue first, then by when due: attendance flags (overdue, undated) join the
                // other undated overdue ones, group by group.
                all.sort_by_key(|f| (!f.is_overdue(), f.due));
                all.into_iter()
                    .map(|flag| FlagRow {
                        organisation: match flag.organisation {
                            None => "None".to_owned(),
                            Some(o) => p.organisation(o).map(|o| o.name.clone()).unwrap_or_else(|| "Another partnership's organisation".to_owned()),
                        },
                        people: flag.holders.iter().map(|h| name(*h)).collect::<Vec<_>>().join(", "),
                        flag,
                    })
                    .collect()
            })
        })
    });
    let rates = Memo::new(move |_| {
        let Some(p) = doc.get() else { return Vec::new() };
        groups.with(|(gs, _)| {
            seat_rates.with(|rs| {
                let rows = gs.iter().zip(rs).flat_map(|((_, g), rates)| g.seats.iter().map(|s| s.organisation).zip(rates));
                organisation_rates(rows, |o| match o {
                    None => "No organisation (for example lay members)".to_owned(),
                    Some(o) => p.organisation(o).map(|o| o.name.clone()).unwrap_or_else(|| "Another partnership's organisation".to_owned()),
                })
            })
        })
    });
    let missing_groups = Memo::new(move |_| groups.with(|(_, m)| *m));
    UseComplianceDashboardReturn { flags, rates, missing_groups }
}
