//! A group document read as a person reads it: the rows of its summary lists and its
//! membership table, in words, as plain data. The group page and an earlier version of it
//! render the same rows (through [`super::group_sections`]), so they show the same things.

use domain::{
    model::{ComplianceRules, GroupDoc, Organisation, Seat, SubstituteRule},
    rules::{review_status, seat_obligations, ReviewStatus},
    DocumentId, OrganisationId, PersonId, SeatId,
};

use crate::state::{GroupSummary, OwnerSummary, PersonSummary};

/// What a group's ids stand for: its owners, the groups it names, the owners' organisations
/// and people. Missing names read "not loaded yet" rather than an id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupNames {
    pub owners: Vec<OwnerSummary>,
    pub groups: Vec<GroupSummary>,
    pub organisations: Vec<Organisation>,
    pub people: Vec<PersonSummary>,
    /// The rules the seats' obligations are read against (the owning partnership's).
    pub compliance: ComplianceRules,
}

impl GroupNames {
    pub fn group(&self, id: DocumentId) -> String {
        self.groups.iter().find(|g| g.id == id).map(|g| g.name.clone()).unwrap_or_else(|| "A group not loaded yet".to_owned())
    }

    pub fn organisation(&self, id: Option<OrganisationId>) -> String {
        match id {
            None => "None (for example a lay member)".to_owned(),
            Some(id) => self
                .organisations
                .iter()
                .find(|o| o.id == id)
                .map(|o| o.name.clone())
                .unwrap_or_else(|| "Unknown organisation".to_owned()),
        }
    }

    /// Whether a seat of `g` is held by a person whose details are on their way to this
    /// device (their name reads "Loading…" for now).
    pub fn people_pending(&self, g: &GroupDoc) -> bool {
        g.seats.iter().flat_map(|s| s.holder).any(|id| self.people.iter().any(|p| p.id == id && p.pending))
    }

    /// The person's own document, when it is on this device and readable.
    pub fn person_doc(&self, id: PersonId) -> Option<&domain::model::PersonDoc> {
        self.people.iter().find(|p| p.id == id).and_then(|p| p.person.as_ref())
    }

    /// The documents of seat `s`'s holders that are here and not erased, in the seat's order.
    pub fn holder_docs(&self, s: &Seat) -> Vec<&domain::model::PersonDoc> {
        s.holders().into_iter().filter_map(|p| self.person_doc(p)).filter(|d| !d.erased).collect()
    }

    pub fn person(&self, id: PersonId) -> String {
        self.people.iter().find(|p| p.id == id).map(|p| p.label.clone()).unwrap_or_else(|| "A person not loaded yet".to_owned())
    }

    /// "A and B": each owner's name from its partnership document when it is on this device,
    /// else the name the group recorded when that partnership became an owner; owners with
    /// neither are counted (a joint group never drops an owner from the sentence).
    pub fn owned_by(&self, g: &GroupDoc) -> String {
        let mut names: Vec<String> = Vec::new();
        let mut unknown = 0;
        for o in &g.owners {
            let name = match self.owners.iter().find(|x| x.id == o.partnership) {
                Some(x) => Some(x.name.clone()),
                None if !o.name.trim().is_empty() => Some(o.name.trim().to_owned()),
                None => None,
            };
            match name {
                Some(n) if !names.contains(&n) => names.push(n),
                Some(_) => {}
                None => unknown += 1,
            }
        }
        match unknown {
            0 => {}
            1 => names.push("one other partnership".to_owned()),
            n => names.push(format!("{n} other partnerships")),
        }
        let text = join_and(&names);
        if g.owners.len() > 1 {
            format!("{text} (joint group)")
        } else {
            text
        }
    }
}

fn join_and(names: &[String]) -> String {
    if names.is_empty() {
        return "Not recorded".to_owned();
    }
    domain::rules::and_list(names)
}

/// Which form changes a row: each has its own page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupPart {
    /// Name, kind, status, reporting line, how often it meets, chairing, review date.
    Details,
    /// Purpose, functions and standing agenda.
    Terms,
    /// Papers, agenda, quorum, decisions, attendance, version of the terms.
    Rules,
    /// Further reporting lines, relations to other groups, owning partnerships.
    Links,
}

impl GroupPart {
    /// The last segment of its edit page, `/groups/<id>/edit/<slug>`.
    pub fn slug(self) -> &'static str {
        match self {
            GroupPart::Details => "details",
            GroupPart::Terms => "terms",
            GroupPart::Rules => "rules",
            GroupPart::Links => "links",
        }
    }

    pub fn from_slug(s: &str) -> Option<Self> {
        [GroupPart::Details, GroupPart::Terms, GroupPart::Rules, GroupPart::Links].into_iter().find(|p| p.slug() == s)
    }
}

/// One line of a row's value; a line naming another group links to it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SheetLine {
    pub text: String,
    pub group: Option<DocumentId>,
}

impl SheetLine {
    fn text(s: impl Into<String>) -> Self {
        Self { text: s.into(), group: None }
    }
}

/// One row of a summary list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SheetRow {
    pub key: &'static str,
    pub lines: Vec<SheetLine>,
    pub part: GroupPart,
    /// A `data-testid` for the value.
    pub testid: &'static str,
}

fn row(key: &'static str, testid: &'static str, part: GroupPart, lines: Vec<SheetLine>) -> SheetRow {
    SheetRow { key, testid, part, lines }
}

fn or_not_recorded(s: Option<String>) -> String {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).unwrap_or_else(|| "Not recorded".to_owned())
}

/// "Every 2 months, or more frequently if required".
pub fn frequency_text(g: &GroupDoc) -> String {
    let t = &g.terms;
    match t.frequency {
        None if t.frequency_note.trim().is_empty() => "Not recorded".to_owned(),
        None => capitalise(t.frequency_note.trim()),
        Some(f) if t.frequency_note.trim().is_empty() => f.label(),
        Some(f) => format!("{}, {}", f.label(), t.frequency_note.trim()),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn review_text(g: &GroupDoc, today: domain::model::Date) -> String {
    match review_status(g.terms.review_date, today) {
        ReviewStatus::NotSet => "Not set".to_owned(),
        ReviewStatus::Overdue { since } => format!("Review overdue (due {})", since.long()),
        ReviewStatus::DueSoon { on } => format!("Review due soon ({})", on.long()),
        ReviewStatus::Scheduled { on } => on.long(),
    }
}

/// "About this group": what it is, who owns it, where it reports, how it meets and is chaired.
pub fn about_rows(g: &GroupDoc, names: &GroupNames, today: domain::model::Date) -> Vec<SheetRow> {
    use GroupPart::{Details, Links};
    let mut status = g.status.label().to_owned();
    if let Some(d) = g.established {
        status.push_str(&format!(", established {}", d.long()));
    }
    if let Some(d) = g.dissolved {
        status.push_str(&format!(", dissolved {}", d.long()));
    }
    let reports_to = match g.reports_to {
        None => vec![SheetLine::text("Not recorded")],
        Some(to) => vec![SheetLine {
            text: match g.reporting_cadence {
                Some(c) => format!("{}, {}", names.group(to), c.label()),
                None => names.group(to),
            },
            group: Some(to),
        }],
    };
    let mut further: Vec<SheetLine> = g
        .other_reporting_lines
        .iter()
        .map(|l| SheetLine {
            text: format!(
                "{}{}{}",
                names.group(l.to),
                l.cadence.map(|c| format!(", {}", c.label())).unwrap_or_default(),
                if l.note.is_empty() { String::new() } else { format!(" ({})", l.note) }
            ),
            group: Some(l.to),
        })
        .collect();
    if further.is_empty() {
        further.push(SheetLine::text("None"));
    }
    let mut related: Vec<SheetLine> = g
        .relations
        .iter()
        .map(|r| SheetLine { text: format!("{} {}", r.kind.label(), names.group(r.group)), group: Some(r.group) })
        .collect();
    if related.is_empty() {
        related.push(SheetLine::text("None"));
    }
    vec![
        row("Kind", "about-kind", Details, vec![SheetLine::text(g.kind.label())]),
        row("Owned by", "about-owners", Links, vec![SheetLine::text(names.owned_by(g))]),
        row("Status", "about-status", Details, vec![SheetLine::text(status)]),
        row("Meets", "about-frequency", Details, vec![SheetLine::text(frequency_text(g))]),
        row("Chair", "about-chair", Details, vec![SheetLine::text(g.terms.chairing.arrangement.label())]),
        row("Vice chair", "about-vice-chair", Details, vec![SheetLine::text(or_not_recorded(g.terms.chairing.vice_chair.clone()))]),
        row("Reports to", "about-reports-to", Details, reports_to),
        row("Also reports to", "about-further-lines", Links, further),
        row("Related groups", "about-relations", Links, related),
        row("Transfers to", "about-transfer", Details, vec![transfer_line(g, names)]),
        row("Review date", "about-review", Details, vec![SheetLine::text(review_text(g, today))]),
    ]
}

/// "Transfers to": the body, from when, and why; "None" when the group does not transfer.
fn transfer_line(g: &GroupDoc, names: &GroupNames) -> SheetLine {
    let Some(t) = &g.transfers_to else { return SheetLine::text("None") };
    let group = match &t.to {
        domain::model::BodyRef::Group(id) => Some(*id),
        domain::model::BodyRef::Named(_) => None,
    };
    let mut text = t.to.label(|id| Some(names.group(id)));
    if let Some(when) = t.when {
        text.push_str(&format!(", from {when}"));
    }
    if !t.note.trim().is_empty() {
        text.push_str(&format!(" ({})", t.note.trim()));
    }
    SheetLine { text, group }
}

/// "Meetings and decisions": notice, quorum, decisions and attendance in words.
pub fn rules_rows(g: &GroupDoc, names: &GroupNames) -> Vec<SheetRow> {
    use GroupPart::Rules;
    let t = &g.terms;
    let quorum = match &t.quorum {
        None => "Not recorded".to_owned(),
        Some(q) if q.required_organisations.is_empty() => q.threshold.label(),
        Some(q) => format!(
            "{}, including {}",
            q.threshold.label(),
            q.required_organisations.iter().map(|o| names.organisation(Some(*o))).collect::<Vec<_>>().join(", ")
        ),
    };
    let decisions = t.decisions.lines();
    let decisions = if decisions.is_empty() { vec![SheetLine::text("Not recorded")] } else { decisions.into_iter().map(SheetLine::text).collect() };
    vec![
        row("Papers deadline", "rules-papers", Rules, vec![SheetLine::text(or_not_recorded(t.papers_deadline.map(|n| n.label())))]),
        row("Agenda circulated", "rules-agenda", Rules, vec![SheetLine::text(or_not_recorded(t.agenda_circulation.map(|n| n.label())))]),
        row("Quorum", "rules-quorum", Rules, vec![SheetLine::text(quorum)]),
        row("Decisions", "rules-decisions", Rules, decisions),
        row("Attendance", "rules-attendance", Rules, vec![SheetLine::text(or_not_recorded(t.attendance.map(|a| a.label())))]),
        row("Terms of reference version", "rules-version", Rules, vec![SheetLine::text(or_not_recorded(Some(t.version.clone())))]),
    ]
}

/// A membership table row, in words.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SeatRow {
    pub id: SeatId,
    pub role: String,
    pub organisation: String,
    pub category: &'static str,
    pub voting: bool,
    pub holder: String,
    pub deputy: String,
    /// (label, overdue)
    pub badges: Vec<(String, bool)>,
}

impl SeatRow {
    pub fn new(s: &Seat, names: &GroupNames, today: domain::model::Date) -> Self {
        Self {
            id: s.id,
            role: s.role_title.clone(),
            organisation: match s.organisation {
                None => "—".to_owned(),
                some => names.organisation(some),
            },
            category: s.category.label(),
            voting: s.voting,
            holder: {
                let holders: Vec<String> = s.holders().into_iter().map(|p| names.person(p)).collect();
                if holders.is_empty() { "Vacant".to_owned() } else { holders.join(", ") }
            },
            deputy: match s.substitute {
                SubstituteRule::NamedDeputy => {
                    s.named_deputy().map(|d| format!("Deputy: {}", names.person(d))).unwrap_or_else(|| "No deputy named".to_owned())
                }
                SubstituteRule::AnyColleague => "Substitute: any colleague from the same organisation".to_owned(),
                SubstituteRule::NoSubstitute => "No substitute".to_owned(),
            },
            badges: seat_obligations(s, &names.compliance, today).iter().map(|o| (o.label(), o.is_overdue())).collect(),
        }
    }
}

pub fn seat_rows(g: &GroupDoc, names: &GroupNames, today: domain::model::Date) -> Vec<SeatRow> {
    g.seats.iter().map(|s| SeatRow::new(s, names, today)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::model::{GroupKind, MeetingFrequency, PartnershipDoc, ReportingCadence, Sector};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn value<'a>(rows: &'a [SheetRow], key: &str) -> Vec<&'a str> {
        rows.iter().find(|r| r.key == key).map(|r| r.lines.iter().map(|l| l.text.as_str()).collect()).unwrap_or_default()
    }

    #[wasm_bindgen_test]
    fn the_about_rows_say_everything_in_words() {
        let (a, b, board, exec) = (DocumentId::random(), DocumentId::random(), DocumentId::random(), DocumentId::random());
        let me = DocumentId::random();
        let mut g = GroupDoc::new("Procedures", GroupKind::Subgroup, a).unwrap();
        g.add_owner(b);
        g.terms.frequency = Some(MeetingFrequency::EveryMonths(2));
        g.terms.frequency_note = "or more frequently if required".to_owned();
        g.terms.chairing.vice_chair = Some("Head of Service, Rutland".to_owned());
        g.reports_to = Some(board);
        g.reporting_cadence = Some(ReportingCadence::Quarterly);
        g.add_reporting_line(me, exec, None, "reciprocal").unwrap();
        let names = GroupNames {
            owners: vec![OwnerSummary { id: a, name: "Leicester".into() }, OwnerSummary { id: b, name: "LRSCP".into() }],
            groups: vec![
                GroupSummary { id: board, name: "The Board".into(), joint: false, reports_to: None, also_reports_to: Vec::new(), kind: "Board" },
                GroupSummary { id: exec, name: "The Executive".into(), joint: true, reports_to: None, also_reports_to: Vec::new(), kind: "Executive" },
            ],
            ..Default::default()
        };
        let today = domain::model::Date::from_ymd(2026, 1, 1).unwrap();
        let rows = about_rows(&g, &names, today);
        assert_eq!(value(&rows, "Owned by"), ["Leicester and LRSCP (joint group)"]);
        assert_eq!(value(&rows, "Meets"), ["Every 2 months, or more frequently if required"]);
        assert_eq!(value(&rows, "Vice chair"), ["Head of Service, Rutland"]);
        assert!(value(&rows, "Reports to")[0].starts_with("The Board, "));
        assert_eq!(value(&rows, "Also reports to"), ["The Executive (reciprocal)"]);
        assert_eq!(value(&rows, "Related groups"), ["None"]);
    }

    #[wasm_bindgen_test]
    fn owners_not_on_this_device_are_counted_not_dropped() {
        let (a, b) = (DocumentId::random(), DocumentId::random());
        let mut g = GroupDoc::new("Procedures", GroupKind::Subgroup, a).unwrap();
        g.add_owner(b);
        let names = GroupNames { owners: vec![OwnerSummary { id: a, name: "Leicester".into() }], ..Default::default() };
        assert_eq!(names.owned_by(&g), "Leicester and one other partnership (joint group)");
    }

    #[wasm_bindgen_test]
    fn owners_not_on_this_device_are_named_from_the_group_when_it_recorded_them() {
        let (a, b) = (DocumentId::random(), DocumentId::random());
        let mut g = GroupDoc::new("Procedures", GroupKind::Subgroup, a).unwrap();
        g.add_owner(b);
        g.name_owner(b, "Leicestershire & Rutland Safeguarding Children Partnership");
        let names = GroupNames { owners: vec![OwnerSummary { id: a, name: "Leicester".into() }], ..Default::default() };
        assert_eq!(names.owned_by(&g), "Leicester and Leicestershire & Rutland Safeguarding Children Partnership (joint group)");
    }

    #[wasm_bindgen_test]
    fn seats_name_their_organisation() {
        let mut p = PartnershipDoc::new("Leicester", "").unwrap();
        p.organisations = vec![Organisation::new("Leicestershire Police", Sector::Police, true)];
        let police = p.organisations[0].id;
        let mut g = GroupDoc::new("Board", GroupKind::Board, DocumentId::random()).unwrap();
        g.add_seat("Detective Superintendent", Some(police), Default::default(), true).unwrap();
        let names = GroupNames { organisations: p.organisations.clone(), ..Default::default() };
        let rows = seat_rows(&g, &names, domain::model::Date::from_ymd(2026, 1, 1).unwrap());
        assert_eq!(rows[0].organisation, "Leicestershire Police");
        assert_eq!(rows[0].holder, "Vacant");
    }
}
