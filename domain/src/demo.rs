//! Demo data from the seed documents (`../shared/seeds`): the Leicester LSCB, the
//! Leicestershire & Rutland partnership, Derby and Derbyshire, their groups, and the joint
//! LLR groups that Leicester and Leicestershire & Rutland share. Typed values, written by
//! hand from the seed texts; nothing is read at run time.

use autosurgeon::Text;

/// The demo meetings (built on these groups).
pub use crate::meeting::demo as meetings;
/// The demo procedures manuals (built on these partnerships and groups).
pub use crate::procedure::demo as procedures;

use crate::{
    model::{
        AttendanceRule, BodyRef, ChairArrangement, Chairing, DecisionRules, GroupDoc, GroupKind, ListItem, Majority,
        MeetingFrequency, Notice, Organisation, Owner, PartialDate, PartnershipDoc, PersonDoc, QuorumRule, ReportingCadence,
        Seat, SeatCategory, SeatHolder, SeatHolding, Sector, SpecialMajority, SubstituteRule, Tenure, TermsOfReference,
        Threshold, Transfer,
    },
    DocumentId, ItemId, OrganisationId, PersonId,
};

/// Which demo partnership.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Leicester,
    LeicestershireRutland,
    DerbyDerbyshire,
}

pub const LEICESTER: &str = "Leicester Safeguarding Children Board";
pub const LRSCP: &str = "Leicestershire & Rutland Safeguarding Children Partnership";
pub const DDSCP: &str = "Derby and Derbyshire Safeguarding Children Partnership";
/// The joint group of the Leicester, Leicestershire & Rutland boards.
pub const JOINT_PROCEDURES: &str = "LLR Joint Procedures & Development Sub Group";

/// The demo documents, with their ids.
#[derive(Debug, Clone)]
pub struct Demo {
    pub partnerships: Vec<(DocumentId, PartnershipDoc)>,
    pub groups: Vec<(DocumentId, GroupDoc)>,
    /// People's own documents (role-based placeholder names), listed by their partnership
    /// and holding seats with dates, so obligation badges show.
    pub people: Vec<(DocumentId, PersonDoc)>,
}

impl Demo {
    pub fn group(&self, name: &str) -> Option<&(DocumentId, GroupDoc)> {
        self.groups.iter().find(|(_, g)| g.name == name)
    }

    pub fn partnership(&self, name: &str) -> Option<&(DocumentId, PartnershipDoc)> {
        self.partnerships.iter().find(|(_, p)| p.name == name)
    }
}

/// One group as the seeds describe it; `reports_to` names another demo group.
struct Spec {
    name: &'static str,
    kind: GroupKind,
    owners: &'static [Who],
    reports_to: Option<&'static str>,
    cadence: Option<ReportingCadence>,
    chairing: Chairing,
    frequency: Option<MeetingFrequency>,
    purpose: &'static str,
    functions: &'static [&'static str],
    standing_items: &'static [&'static str],
}

fn spec(name: &'static str, kind: GroupKind, owners: &'static [Who], purpose: &'static str) -> Spec {
    Spec {
        name,
        kind,
        owners,
        reports_to: None,
        cadence: None,
        chairing: Chairing::default(),
        frequency: None,
        purpose,
        functions: &[],
        standing_items: &[],
    }
}

impl Spec {
    fn reports(mut self, to: &'static str, cadence: Option<ReportingCadence>) -> Self {
        self.reports_to = Some(to);
        self.cadence = cadence;
        self
    }
    fn chair(mut self, arrangement: ChairArrangement, vice: Option<&str>) -> Self {
        self.chairing = Chairing { arrangement, vice_chair: vice.map(str::to_owned) };
        self
    }
    fn meets(mut self, f: MeetingFrequency) -> Self {
        self.frequency = Some(f);
        self
    }
    fn functions(mut self, f: &'static [&'static str]) -> Self {
        self.functions = f;
        self
    }
    fn standing(mut self, s: &'static [&'static str]) -> Self {
        self.standing_items = s;
        self
    }
}

fn role(r: &str) -> ChairArrangement {
    ChairArrangement::ByRole { role: r.to_owned(), organisation: None }
}

fn co(roles: &[&str]) -> ChairArrangement {
    ChairArrangement::CoChairs { roles: roles.iter().map(|r| (*r).to_owned()).collect() }
}

use GroupKind::*;
use MeetingFrequency::*;
use ReportingCadence::*;
use Who::*;

pub(crate) const LEICESTER_BOARD: &str = "Leicester Safeguarding Children Board (Board)";
const LLR_EXEC: &str = "LLR Joint Executive Group";
const LRSCP_BOARD: &str = "Leicestershire & Rutland Safeguarding Children Partnership (Strategic Partnership)";
const PDG: &str = "Planning and Delivery Group";
const DD_EXEC: &str = "Safeguarding Partnership Executive Board";
const CSPR: &str = "Child Safeguarding Practice Review Group";
const LOD: &str = "Learning and Organisational Development Group";
/// The LLR procedures task and finish groups: they meet, and report, as and when required.
const PROCEDURES_TASK_GROUPS: &str = "LLR Procedures Task and Finish Groups";

fn specs() -> Vec<Spec> {
    vec![
        // Leicester LSCB (constitution v7.7).
        spec(LEICESTER_BOARD, Board, &[Leicester],
            "To co-ordinate what is done by each person or body represented on the Board for the purposes of safeguarding and promoting the welfare of children in Leicester, and to ensure the effectiveness of what is done.")
            .chair(ChairArrangement::Independent, Some("Strategic Director Social Care & Education (Director of Children's Services), Leicester City Council"))
            .meets(AtLeastPerYear(4))
            .functions(&[
                "Developing policies and procedures for safeguarding and promoting the welfare of children",
                "Communicating and raising awareness of the need to safeguard and promote the welfare of children",
                "Monitoring and evaluating the effectiveness of what is done to safeguard and promote the welfare of children and advising on ways to improve",
                "Participating in the planning of services for children",
                "Undertaking reviews of serious cases and advising on lessons to be learned",
            ])
            .standing(&[
                "Reports on progress of the Business Plan from the Core Business and Chairs Executive",
                "Reports on safeguarding work not led by the Core Business and Chairs Executive",
            ]),
        spec("Core Business and Chairs Executive", StrategicGroup, &[Leicester],
            "Agrees the Board's agenda, prepares the annual Business Plan and manages the work of the sub-groups between Board meetings.")
            .chair(ChairArrangement::Independent, None)
            .reports(LEICESTER_BOARD, Some(EachMeeting)),
        spec("Serious Incident Review Group", Subgroup, &[Leicester],
            "Considers serious incidents and whether they meet the criteria for a serious case review, and recommends reviews to the Independent Chair.")
            .reports("Core Business and Chairs Executive", Some(EachMeeting)),
        spec("Performance Analysis and Assurance Group", Subgroup, &[Leicester],
            "Monitors and evaluates the effectiveness of safeguarding work through performance data and audits.")
            .reports("Core Business and Chairs Executive", Some(EachMeeting)),
        spec(LLR_EXEC, StrategicGroup, &[Leicester, LeicestershireRutland],
            "Manages the joint arrangements and subgroups agreed between the Leicester City and the Leicestershire and Rutland boards.")
            .reports(LEICESTER_BOARD, None),
        // The joint LLR procedures sub group (its own terms of reference).
        spec(JOINT_PROCEDURES, Subgroup, &[Leicester, LeicestershireRutland],
            "To be the principal strategic group to co-ordinate and deliver Leicester, Leicestershire and Rutland's Local Safeguarding Children Boards' function of developing policies and procedures for safeguarding and promoting the welfare of children.")
            .chair(ChairArrangement::Rotating {
                roles: vec![
                    "Head of Service (Children's Safeguarding), Leicester".to_owned(),
                    "Head of Service (Children's Safeguarding), Leicestershire".to_owned(),
                    "Head of Service (Children's Safeguarding), Rutland".to_owned(),
                ],
                period_months: 3,
            }, None)
            .meets(EveryMonths(3))
            .reports(LLR_EXEC, Some(EachMeeting))
            .functions(&[
                "Ensure local policies and procedures comply with Working Together, local thresholds guidance, research findings and recommendations from reviews",
                "Support and coordinate lead reviewers to form task and finish groups to create new or revised policies and procedures",
                "Identify procedures that require review and sign off amended and new procedures",
                "Coordinate the submission of new and revised procedures to TriX within agreed timescales",
                "Report on progress to the LLR Joint Executive group and provide critical messages to the L&R Executive group and the Leicester City Business Delivery Group",
                "Coordinate a bi-annual partnership procedures launch event following each TriX update",
            ]),
        // "To support and coordinate lead reviewers to form 'task and finish' groups to create
        // new or revised policies and procedures, as necessary" (LLR terms of reference 3).
        spec(PROCEDURES_TASK_GROUPS, TaskAndFinishGroup, &[Leicester, LeicestershireRutland],
            "Lead reviewers' task and finish groups that create new or revised policies and procedures, formed as necessary by the LLR Joint Procedures & Development Sub Group.")
            .meets(MeetingFrequency::AsRequired)
            .reports(JOINT_PROCEDURES, Some(ReportingCadence::AsRequired)),
        // Leicestershire & Rutland (structure).
        spec(LRSCP_BOARD, Board, &[LeicestershireRutland],
            "The strategic leadership group: Director-level representatives from the five statutory safeguarding partner organisations.")
            .chair(role("Independent Advisor"), None)
            .meets(EveryMonths(3)),
        spec(PDG, StrategicGroup, &[LeicestershireRutland],
            "Co-ordinates the business of the LRSCP and ensures the delivery of the business plan; commissions and manages sub-groups and scrutinises assurance reports and new policy.")
            .reports(LRSCP_BOARD, None),
        spec("Young People Advisory Group", Forum, &[LeicestershireRutland],
            "Works with the Planning and Delivery Group so that the views of young people help shape the LRSCP's priorities, and gives feedback on its work; leads a session of the LRSCP once each year.")
            .reports(PDG, None),
        spec("Policy and Procedures Group", Subgroup, &[LeicestershireRutland],
            "Officers from across the safeguarding partnership, including the five statutory partners; run as a joint group with Leicester (see the LLR Joint Procedures & Development Sub Group).")
            .reports(PDG, None),
        spec("Multi Agency Learning and Development Group", Subgroup, &[LeicestershireRutland, Leicester],
            "Carries out a Training Needs Analysis each year and commissions face-to-face and online training for Leicestershire, Rutland and Leicester.")
            .reports(PDG, None),
        spec("Case Review Group", Subgroup, &[LeicestershireRutland],
            "Considers referrals for local Safeguarding Practice Reviews, ensures rapid reviews are undertaken, commissions reviews and disseminates learning.")
            .chair(role("Local authority lead from the Safeguarding Partners responsible for notifications to the National Panel"), None)
            .reports(PDG, None),
        spec("Child Death Review Panel", Panel, &[LeicestershireRutland, Leicester],
            "Child death review arrangements for Leicester, Leicestershire and Rutland, run jointly with Leicester; reciprocal reporting with the partnership.")
            .reports(LRSCP_BOARD, None),
        spec("Multi Agency Audit Group", Subgroup, &[LeicestershireRutland],
            "Quality assurance of frontline services through multi-agency thematic audits; constructive challenge of assurance reports from statutory partners.")
            .reports(PDG, None),
        // Derby and Derbyshire (subgroup terms of reference).
        spec(DD_EXEC, Board, &[DerbyDerbyshire],
            "The executive board of the Derby and Derbyshire Safeguarding Children Partnership, to which the subgroups report.")
            .chair(ChairArrangement::Independent, None)
            .meets(EveryMonths(3)),
        spec("Core Business Group", StrategicGroup, &[DerbyDerbyshire],
            "Co-ordinates the partnership's business between Executive Board meetings.")
            .chair(ChairArrangement::Independent, None)
            .reports(DD_EXEC, Some(Quarterly))
            .standing(&[
                "Minutes of Chief Officer Group, Executive Board",
                "Issues arising from subgroups/working groups",
                "Rapid reviews and Case Reviews",
                "Finance",
                "Inspection of safeguarding arrangements (local providers)",
                "Risk Register review",
            ]),
        spec("Quality Assurance Group", Subgroup, &[DerbyDerbyshire],
            "Monitors and evaluates the effectiveness of the local safeguarding arrangements, including multi-agency audits at least twice a year.")
            .chair(co(&[
                "Assistant Director for Safeguarding Children, NHS Derby and Derbyshire Integrated Care Board",
                "Service Director (Performance, Quality and Partnerships), Derbyshire County Council",
            ]), None)
            .meets(EveryMonths(3))
            .reports(DD_EXEC, Some(Quarterly))
            .standing(&[
                "Information sharing from providers on key safeguarding themes",
                "Issues arising from / for DDSCP groups",
                "Progress with action plans including feedback from task groups and operational groups",
                "Performance reports, Quality Assurance and user feedback as applicable",
                "National developments and emerging local issues",
            ]),
        spec(CSPR, Subgroup, &[DerbyDerbyshire],
            "Considers serious child safeguarding cases, rapid reviews and local child safeguarding practice reviews.")
            .chair(co(&[
                "Director of Early Help and Children's Social Care, Derby City Council",
                "Service Director, Early Help and Safeguarding, Derbyshire County Council",
            ]), Some("Assistant Director for Safeguarding Children / Lead Designated Nurse, NHS Derby and Derbyshire Integrated Care Board"))
            .reports(DD_EXEC, Some(Quarterly)),
        spec("Case Review Action Planning Group", Subgroup, &[DerbyDerbyshire],
            "Turns the learning from case reviews into action plans and tracks them; each co-chair chairs the cases of the other local authority area.")
            .chair(co(&[
                "Director of Early Help and Children's Social Care, Derby City Council",
                "Service Director, Early Help and Safeguarding, Derbyshire County Council",
            ]), None)
            .reports(CSPR, Some(EachMeeting)),
        spec("Education Subgroups", Subgroup, &[DerbyDerbyshire],
            "A subgroup in each area, sharing these terms of reference, linking education settings with the partnership.")
            .chair(role("Nominated representative(s) from the education sector"), Some("Nominated representative(s) from the education sector"))
            .meets(EveryMonths(3))
            .reports(DD_EXEC, Some(Biannual)),
        spec("Exploitation and Vulnerable Young People Group", Subgroup, &[DerbyDerbyshire],
            "Leads the partnership's response to the exploitation of children and vulnerable young people.")
            .chair(co(&[
                "Head of Child Protection, Derbyshire County Council",
                "Strategic Director People's Services, Derby City Council",
            ]), None)
            .meets(EveryMonths(3))
            .reports(DD_EXEC, Some(Biannual)),
        spec("Policies and Procedures Group", Subgroup, &[DerbyDerbyshire],
            "Keeps the partnership's safeguarding procedures up to date.")
            .chair(role("Head of Service, Children's Quality Assurance, Derby City Council"), None)
            .reports(DD_EXEC, Some(Biannual)),
        spec(LOD, Subgroup, &[DerbyDerbyshire],
            "Plans, delivers and evaluates single and multi-agency safeguarding training.")
            .chair(role("Detective Chief Inspector (PPU), Derbyshire Police"), Some("Named GP for Safeguarding Children, NHS Derby and Derbyshire Integrated Care Board"))
            .reports(DD_EXEC, Some(Annual)),
        spec("District Councils' Safeguarding Group (Derbyshire)", Forum, &[DerbyDerbyshire],
            "A District level forum where Councils can meet collectively to achieve positive outcomes for children and vulnerable adults.")
            .chair(role("Housing Enforcement Manager, Bolsover District Council"), None)
            .reports(DD_EXEC, Some(Annual)),
    ]
}

fn org(name: &str, sector: Sector, statutory: bool) -> Organisation {
    Organisation::new(name, sector, statutory)
}

fn organisations(who: Who) -> Vec<Organisation> {
    use Sector::*;
    match who {
        Leicester => vec![
            org("Leicester City Council", LocalAuthority, true),
            org("Leicestershire Police", Police, true),
            org("Leicester City Clinical Commissioning Group", Health, true),
            org("National Probation Service", Probation, true),
            org("Community Rehabilitation Company", Probation, true),
            org("Leicester Youth Offending Service", YouthJustice, true),
            org("Leicestershire Partnership NHS Trust", Health, true),
            org("University Hospitals Leicester NHS Trust", Health, true),
            org("CAFCASS", Other, true),
            org("LLR Voluntary and Community Sector Reference Group", Voluntary, false),
        ],
        LeicestershireRutland => vec![
            org("Leicestershire County Council", LocalAuthority, true),
            org("Rutland County Council", LocalAuthority, true),
            org("Leicestershire Police", Police, true),
            org("West Leicestershire Clinical Commissioning Group", Health, true),
            org("East Leicestershire and Rutland Clinical Commissioning Group", Health, true),
        ],
        DerbyDerbyshire => vec![
            org("Derby City Council", LocalAuthority, true),
            org("Derbyshire County Council", LocalAuthority, true),
            org("Derbyshire Police", Police, true),
            org("NHS Derby and Derbyshire Integrated Care Board", Health, true),
            org("Derbyshire Fire and Rescue Service", Other, false),
            org("East Midlands Ambulance Service", Health, false),
        ],
    }
}

fn items(texts: &[&str]) -> Vec<ListItem> {
    texts.iter().map(|t| ListItem::new(t)).collect()
}

/// The demo documents; `new_id` names each new document.
pub fn build(mut new_id: impl FnMut() -> DocumentId) -> Demo {
    let whos = [Leicester, LeicestershireRutland, DerbyDerbyshire];
    let mut partnerships: Vec<(Who, DocumentId, PartnershipDoc)> = whos
        .iter()
        .map(|&who| {
            let (name, area) = match who {
                Leicester => (LEICESTER, "Leicester"),
                LeicestershireRutland => (LRSCP, "Leicestershire and Rutland"),
                DerbyDerbyshire => (DDSCP, "Derby and Derbyshire"),
            };
            let mut p = PartnershipDoc::new(name, area).expect("demo names are valid");
            p.organisations = organisations(who);
            if who == Leicester {
                for (heading, text) in LEICESTER_CONSTITUTION {
                    p.add_section(heading, text).expect("demo headings are valid");
                }
                p.compliance = leicester_compliance();
            }
            (who, new_id(), p)
        })
        .collect();
    let owner_of = |who: Who, ps: &[(Who, DocumentId, PartnershipDoc)]| {
        let (_, id, p) = ps.iter().find(|(w, ..)| *w == who).unwrap();
        Owner::named(*id, &p.name)
    };
    let specs = specs();
    let ids: Vec<DocumentId> = specs.iter().map(|_| new_id()).collect();
    let mut groups = Vec::new();
    for (spec, &id) in specs.iter().zip(&ids) {
        let reports_to = spec.reports_to.map(|to| {
            let at = specs.iter().position(|s| s.name == to).unwrap_or_else(|| panic!("no demo group {to:?}"));
            ids[at]
        });
        let owners = spec.owners.iter().map(|&w| owner_of(w, &partnerships)).collect();
        let mut g = GroupDoc {
            name: spec.name.to_owned(),
            kind: spec.kind,
            owners,
            reports_to,
            reporting_cadence: spec.cadence,
            terms: TermsOfReference {
                purpose: Text::with_value(spec.purpose),
                functions: items(spec.functions),
                chairing: spec.chairing.clone(),
                frequency: spec.frequency,
                standing_items: items(spec.standing_items),
                ..TermsOfReference::default()
            },
            ..GroupDoc::default()
        };
        for &w in spec.owners {
            partnerships.iter_mut().find(|(x, ..)| *x == w).unwrap().2.list_group(id);
        }
        if spec.name == LEICESTER_BOARD {
            leicester_board(&mut g, &partnerships[0].2);
        }
        // Constitution 16.1: the same quorum for the Board, the Core Business and Chairs
        // Executive and the Board's sub-groups.
        if spec.owners == [Leicester] {
            g.terms.quorum = Some(leicester_quorum(&partnerships[0].2));
        }
        if spec.name == JOINT_PROCEDURES {
            g.terms.agenda_circulation = Some(Notice::DaysBefore(7));
            g.terms.review_date = crate::model::Date::from_ymd(2017, 12, 1);
        }
        if spec.name == "Quality Assurance Group" {
            ddscp_qa_seats(&mut g, &partnerships[2].2);
        }
        if spec.name == LOD {
            ddscp_lod_seats(&mut g, &partnerships[2].2);
        }
        groups.push((id, g));
    }
    relate_groups(&mut groups);
    if let Some((_, _, p)) = partnerships.iter_mut().find(|(w, ..)| *w == LeicestershireRutland) {
        for body in LRSCP_LINKS {
            p.add_external_link(body, "Key links, information and assurance (inter-board arrangements)").expect("demo links are valid");
        }
    }
    let mut people = Vec::new();
    for (group, holders) in [(LEICESTER_BOARD, LEICESTER_PEOPLE), ("Quality Assurance Group", DDSCP_PEOPLE)] {
        let (_, g) = groups.iter_mut().find(|(_, g)| g.name == group).expect("demo group");
        let owner = g.owners[0].partnership;
        let (_, _, p) = partnerships.iter_mut().find(|(_, id, _)| *id == owner).expect("demo owner");
        for h in holders {
            people.extend(appoint(g, p, h, &mut new_id));
        }
    }
    {
        let (_, g) = groups.iter_mut().find(|(_, g)| g.name == LOD).expect("demo group");
        let (_, _, p) = partnerships.iter_mut().find(|(w, ..)| *w == DerbyDerbyshire).expect("demo owner");
        people.extend(appoint_shared(g, p, TRAINERS, TRAINER_NAMES, &mut new_id));
    }
    Demo { partnerships: partnerships.into_iter().map(|(_, id, p)| (id, p)).collect(), groups, people }
}

/// The LRSCP's inter-board partnership arrangements.
const LRSCP_LINKS: &[&str] = &[
    "Strategic Partnership Board and associated sub groups (including the Vulnerability Executive)",
    "Youth Offending Service Management Board",
    "Leicestershire Health and Well Being Board",
    "Rutland Health and Well Being Board",
    "Leicestershire Children and Family Partnership",
    "Rutland Children's Trust",
    "Leicestershire and Rutland Safeguarding Adults Board",
    "Leicestershire Safer Communities Strategy Board",
    "Rutland Community Safety Partnership",
    "Child Death Review Panel (Leicester, Leicestershire and Rutland)",
];

/// What the seeds say beyond one reporting line: the Planning and Delivery Group replaces
/// the joint executives, whose work transfers to it (details by September 2019); the
/// Leicester LSCB's work transfers to the new safeguarding partner arrangements, outside
/// Quorum, by 29 September 2019 (constitution 1.4); LRSCP's Policy and Procedures Group is
/// run jointly as the LLR procedures sub group; the joint Child Death Review Panel also
/// reports to Leicester's Board; the Education Subgroups meet quarterly "with provision for
/// additional meetings".
fn relate_groups(groups: &mut [(DocumentId, GroupDoc)]) {
    use crate::model::RelationKind;
    let id = |groups: &[(DocumentId, GroupDoc)], name: &str| groups.iter().find(|(_, g)| g.name == name).map(|(id, _)| *id).expect("demo group");
    let (exec, joint, leicester, pdg) = (id(groups, LLR_EXEC), id(groups, JOINT_PROCEDURES), id(groups, LEICESTER_BOARD), id(groups, PDG));
    for (me, g) in groups.iter_mut() {
        match g.name.as_str() {
            LLR_EXEC => {
                let t = Transfer {
                    to: BodyRef::Group(pdg),
                    when: Some(PartialDate::Month(2019, 9)),
                    note: "The Planning and Delivery Group replaces the current Joint Executives (LRSCP structure)".to_owned(),
                };
                g.set_transfer(*me, Some(t)).expect("demo transfer");
            }
            LEICESTER_BOARD => {
                let t = Transfer {
                    to: BodyRef::Named("Leicester safeguarding partner arrangements (Working Together 2018)".to_owned()),
                    when: crate::model::Date::from_ymd(2019, 9, 29).map(PartialDate::Day),
                    note: "The LSCB ceases to operate once the new arrangements are published and implemented (constitution 1.4)".to_owned(),
                };
                g.set_transfer(*me, Some(t)).expect("demo transfer");
            }
            PDG => {
                g.add_relation(*me, RelationKind::Replaces, exec).expect("demo relation");
            }
            "Policy and Procedures Group" => {
                g.add_relation(*me, RelationKind::RunJointlyAs, joint).expect("demo relation");
            }
            "Child Death Review Panel" => {
                g.add_reporting_line(*me, leicester, None, "Run jointly with Leicester").expect("demo line");
            }
            "Education Subgroups" => {
                g.terms.frequency_note = "with provision for additional meetings or task and finish groups as necessary".to_owned();
            }
            _ => {}
        }
    }
}

/// Leicester's compliance rules, from its constitution: a DBS check no more than 3 years
/// old (4.4); the members' expectations of section 12 as the agreement core and lay members
/// sign (lay members are "appointed as full Members"), in its second version, so a lay member
/// who signed the first shows as having signed an earlier version.
fn leicester_compliance() -> crate::model::ComplianceRules {
    use crate::model::{ComplianceRules, MembershipAgreement, SeatCategory};
    ComplianceRules {
        dbs_valid_years: 3,
        dbs_categories: SeatCategory::ALL.to_vec(),
        agreement_categories: vec![SeatCategory::Core, SeatCategory::LayMember],
        agreement: MembershipAgreement {
            title: "LSCB membership agreement".to_owned(),
            text: Text::with_value(LEICESTER_AGREEMENT),
            version: "2.0".to_owned(),
        },
    }
}

const LEICESTER_AGREEMENT: &str = "As a Member of the Leicester Safeguarding Children Board I agree to:

- speak for my organisation with authority and commit it on policy and practice matters;
- hold my own organisation, and other Members, to account for the quality of safeguarding work;
- attend and contribute fully at Board meetings, and brief my named deputy when I cannot attend;
- respond quickly to requests for information and reports;
- declare any interest in an item before it is discussed;
- keep a current DBS check (not more than 3 years old), or be vetted to a higher level by my organisation.

The Board's work takes precedence, if necessary, over my role as a representative of my organisation (constitution 12.3).";

/// A demo appointment: the seat (by role), the placeholder person, and the dates that make
/// each obligation badge show (the demo's "today" is late 2026).
struct Appointment {
    role: &'static str,
    name: &'static str,
    deputy: Option<&'static str>,
    dbs: Option<(i32, u32, u32)>,
    agreement: Option<(i32, u32, u32)>,
    /// The agreement version signed (Leicester's agreement is versioned; see
    /// [`leicester_compliance`]).
    signed_version: Option<&'static str>,
    tenure: Option<((i32, u32, u32), (i32, u32, u32), Option<u32>, (i32, u32, u32))>,
}

fn ymd((y, m, d): (i32, u32, u32)) -> crate::model::Date {
    crate::model::Date::from_ymd(y, m, d).expect("demo dates are real")
}

const LEICESTER_PEOPLE: &[Appointment] = &[
    // Two years, renewable up to a whole tenure of five (constitution 7.1).
    Appointment { role: "Independent Chair", name: "Independent Chair (demo)", deputy: Some("Vice Chair (demo)"), dbs: Some((2023, 12, 15)), agreement: Some((2025, 4, 1)), signed_version: Some("2.0"), tenure: Some(((2025, 4, 1), (2027, 3, 31), Some(5), (2022, 4, 1))) },
    Appointment { role: "Lay Member 1", name: "Lay Member (demo) 1", deputy: None, dbs: Some((2022, 9, 1)), agreement: Some((2024, 9, 1)), signed_version: Some("1.0"), tenure: Some(((2024, 9, 1), (2027, 1, 31), None, (2024, 9, 1))) },
    Appointment { role: "Lay Member 2", name: "Lay Member (demo) 2", deputy: None, dbs: Some((2025, 9, 1)), agreement: None, signed_version: None, tenure: Some(((2025, 9, 1), (2028, 8, 31), None, (2025, 9, 1))) },
];

const DDSCP_PEOPLE: &[Appointment] = &[
    Appointment { role: "Assistant Director for Safeguarding Children (Co-Chair)", name: "ICB Co-Chair (demo)", deputy: None, dbs: Some((2025, 2, 1)), agreement: Some((2025, 2, 1)), signed_version: None, tenure: None },
    Appointment { role: "Service Director (Performance, Quality and Partnerships) (Co-Chair)", name: "County Co-Chair (demo)", deputy: None, dbs: None, agreement: Some((2024, 5, 1)), signed_version: None, tenure: None },
];

/// The LOD group's shared seat: the partnership's trainers, appointed together.
const TRAINERS: &str = "Learning and Organisational Development Officers (trainers)";
const TRAINER_NAMES: &[&str] = &["Trainer (demo) 1", "Trainer (demo) 2", "Trainer (demo) 3"];

/// Appoints several people to a shared seat, lists their person documents in the
/// partnership and returns them.
fn appoint_shared(g: &mut GroupDoc, p: &mut PartnershipDoc, role: &str, names: &[&str], new_id: &mut impl FnMut() -> DocumentId) -> Vec<(DocumentId, PersonDoc)> {
    let seat = g.seats.iter_mut().find(|s| s.role_title == role).unwrap_or_else(|| panic!("no demo seat {role:?}"));
    seat.holding = SeatHolding::Shared;
    let mut out = Vec::new();
    for name in names {
        let id = PersonId::random();
        let doc = new_id();
        p.list_person(id, doc);
        seat.holders.push(SeatHolder { person: id, appointed: None });
        out.push((doc, person(name, "Learning and Organisational Development Officer", seat.organisation)));
    }
    out
}

fn person(name: &str, job_title: &str, organisation: Option<OrganisationId>) -> PersonDoc {
    PersonDoc { name: name.to_owned(), job_title: job_title.to_owned(), organisation, ..PersonDoc::default() }
}

/// Writes the appointment into its seat, lists the holder's (and any deputy's) person
/// document in the partnership and returns them.
fn appoint(g: &mut GroupDoc, p: &mut PartnershipDoc, a: &Appointment, new_id: &mut impl FnMut() -> DocumentId) -> Vec<(DocumentId, PersonDoc)> {
    let seat = g.seats.iter_mut().find(|s| s.role_title == a.role).unwrap_or_else(|| panic!("no demo seat {:?}", a.role));
    let holder = PersonId::random();
    let doc = new_id();
    p.list_person(holder, doc);
    seat.holder = Some(holder);
    seat.dbs_checked = a.dbs.map(ymd);
    seat.agreement_signed = a.agreement.map(ymd);
    seat.agreement_version = a.signed_version.map(str::to_owned);
    seat.agreement_recorded_by = a.agreement.map(|_| "Business office (demo)".to_owned());
    seat.tenure = a.tenure.map(|(start, end, max, first)| Tenure {
        start: ymd(start),
        end: Some(ymd(end)),
        renewable: true,
        max_total_years: max,
        first_appointed: Some(ymd(first)),
    });
    let mut out = vec![(doc, person(a.name, a.role, seat.organisation))];
    if let Some(deputy) = a.deputy {
        let id = PersonId::random();
        let ddoc = new_id();
        p.list_person(id, ddoc);
        seat.deputy = Some(id);
        out.push((ddoc, person(deputy, "Deputy", seat.organisation)));
    }
    out
}

fn org_id(p: &PartnershipDoc, name: &str) -> Option<OrganisationId> {
    p.organisations.iter().find(|o| o.name == name).map(|o| o.id)
}

/// The constitution's sections (v7.7): every heading, with the text of the sections the
/// rules come from (16 Quoracy, 19 Decision Making).
const LEICESTER_CONSTITUTION: &[(&str, &str)] = &[
        ("Introduction", ""),
        ("Principles for working together and creating culture of challenge", ""),
        ("Functions", ""),
        ("Membership", ""),
        ("The Independent Chair", ""),
        ("The Vice Chair", ""),
        ("Office Support to the Board", ""),
        ("Representation from schools", ""),
        ("Substitute Members", ""),
        ("Additional Members", ""),
        ("Involvement of other agencies and groups", ""),
        ("Expectations of Board Representatives (Roles and Responsibilities)", ""),
        ("Accountability", ""),
        ("LSCB Member Performance", ""),
        ("Board Meetings", ""),
        ("Quoracy", "16.1 The quorum at a meeting of the Board, the Core Business and Chairs Executive or a Sub-group shall be 50% of the voting Members and must include Leicester City Council, Leicestershire Police and Leicester Clinical Commissioning Group. In the absence of a quorum at any time during the meeting the power to make decisions shall cease and the meeting adjourned to another date and time. Where the meeting goes ahead, any other statutory partners who are absent must be consulted and informed of any key decisions which impact on their organisation."),
        ("Urgent Matters", ""),
        ("Conflicts of interest", ""),
        ("Decision Making", "19.3 Wherever possible, in matters relating to policy, procedure and practices of the LSCB, decisions will be made by consensus. Where this is not possible decisions of the Board will be taken by a majority vote but in all cases the majority vote must include the consent of the Independent Chair.\n19.4 In the event of a deadlock the Independent Chair, or in their absence the Vice Chair, will have a casting vote. This will not be appropriate, however, if the decision relates to an area of operational responsibility for the Vice Chair as this may present a conflict of interest. In these cases, the decision should be deferred to a future meeting where the Independent Chair is available."),
        ("Finances", ""),
        ("Financial Accountability", ""),
        ("Core Budget", ""),
        ("Business Plan", ""),
        ("Performance Monitoring Framework", ""),
        ("Annual Report", ""),
        ("Dispute Resolution Process", ""),
        ("Complaints Procedure", ""),
        ("Alterations to the constitution", ""),
        ("Dissolution of the Board", ""),
        ("Notices and other communication with Members", ""),
        ("Connectivity between the LSCB and other Partnerships", ""),
        ("Relationship between the LSCB, LSAB, Children’s Trust Board and Health and Well-Being Board", ""),
        ("Relationship between the LSCB and the Leicestershire Police & Crime Commissioner", ""),
        ("Relationship between the LSCB and the CSE Missing and Trafficked Executive", ""),
        ("Relationship between the Leicester Safeguarding Children Board and the Young Offender Management Board", ""),
        ("Relationship between the Leicester Safeguarding Children Board and Young Consultants and other youth organisations", ""),
        ("Relationship between the Leicester Safeguarding Children Board and other specified organisations and individuals", ""),
        ("Leicester Safeguarding Children Board and Joint Working Arrangements", ""),
];

/// 50 % of the voting members, including the city council, the police and the CCG.
fn leicester_quorum(p: &PartnershipDoc) -> QuorumRule {
    QuorumRule {
        threshold: Threshold::Share { numerator: 1, denominator: 2 },
        required_organisations: ["Leicester City Council", "Leicestershire Police", "Leicester City Clinical Commissioning Group"]
            .iter()
            .filter_map(|n| org_id(p, n))
            .collect(),
    }
}

/// The Board's quorum, decisions, attendance and membership (constitution §4, 14–19, 28).
fn leicester_board(g: &mut GroupDoc, p: &PartnershipDoc) {
    g.terms.version = "7.7".to_owned();
    g.terms.quorum = Some(leicester_quorum(p));
    g.terms.decisions = DecisionRules {
        consensus_first: true,
        majority: Majority::WithChairConsent,
        casting_vote: Some("Independent Chair (in their absence the Vice Chair)".to_owned()),
        special_majorities: vec![SpecialMajority {
            id: ItemId::random(),
            matter: "Alter the constitution (members present and voting)".to_owned(),
            numerator: 2,
            denominator: 3,
        }],
    };
    g.terms.attendance = Some(AttendanceRule { attend: 1, of_meetings: 1, consecutive_absences_trigger: Some(2), year_from: None });
    g.terms.papers_deadline = Some(Notice::WorkingDaysBefore(10));
    let mut chair = Seat::new("Independent Chair", None, SeatCategory::Core, true);
    chair.tenure = Some(Tenure {
        start: crate::model::Date::from_ymd(2016, 4, 1).unwrap(),
        end: crate::model::Date::from_ymd(2018, 3, 31),
        renewable: true,
        max_total_years: Some(5),
        first_appointed: crate::model::Date::from_ymd(2016, 4, 1),
    });
    let mut seats = vec![chair];
    seats.push(Seat::new("Vice Chair: Strategic Director Social Care & Education", org_id(p, "Leicester City Council"), SeatCategory::Core, true));
    for n in 1..=2 {
        let mut lay = Seat::new(&format!("Lay Member {n}"), None, SeatCategory::LayMember, true);
        lay.tenure = Some(Tenure {
            start: crate::model::Date::from_ymd(2016, 9, 1).unwrap(),
            end: crate::model::Date::from_ymd(2019, 8, 31),
            renewable: true,
            max_total_years: None,
            first_appointed: None,
        });
        seats.push(lay);
    }
    for (role, org) in [
        ("Children's and Adults' Services", "Leicester City Council"),
        ("Public Health", "Leicester City Council"),
        ("Community Safety Partnership", "Leicester City Council"),
        ("Representative", "Leicester City Clinical Commissioning Group"),
        ("Representative", "Leicestershire Partnership NHS Trust"),
        ("Representative", "University Hospitals Leicester NHS Trust"),
        ("Representative", "National Probation Service"),
        ("Representative", "Community Rehabilitation Company"),
        ("Representative", "Leicestershire Police"),
        ("Representative", "CAFCASS"),
        ("Voluntary Sector representative", "LLR Voluntary and Community Sector Reference Group"),
    ] {
        seats.push(Seat::new(role, org_id(p, org), SeatCategory::Core, true));
    }
    seats.push(Seat::new("Designated Doctor for Safeguarding", None, SeatCategory::Core, true));
    seats.push(Seat::new("Designated Nurse for Safeguarding", None, SeatCategory::Core, true));
    seats.push(Seat::new("Head Teacher representative (primary)", None, SeatCategory::Core, true));
    seats.push(Seat::new("Head Teacher representative (secondary)", None, SeatCategory::Core, true));
    seats.push(Seat::new("Further Education College", None, SeatCategory::Core, true));
    for advisor in ["LSCB Manager", "LCC Legal Services", "Young Consultants"] {
        seats.push(Seat::new(advisor, None, SeatCategory::Advisor, false));
    }
    seats.push(Seat::new(
        "Portfolio Holder for Children's Social Care (Lead Member)",
        org_id(p, "Leicester City Council"),
        SeatCategory::ParticipantObserver,
        false,
    ));
    g.seats = seats;
}

/// Core, virtual and papers-only members of the DDSCP Quality Assurance Group.
fn ddscp_qa_seats(g: &mut GroupDoc, p: &PartnershipDoc) {
    let city = org_id(p, "Derby City Council");
    let county = org_id(p, "Derbyshire County Council");
    g.seats = vec![
        Seat::new("Assistant Director for Safeguarding Children (Co-Chair)", org_id(p, "NHS Derby and Derbyshire Integrated Care Board"), SeatCategory::Core, true),
        Seat::new("Service Director (Performance, Quality and Partnerships) (Co-Chair)", county, SeatCategory::Core, true),
        Seat::new("Head of Service, Children's Quality Assurance", city, SeatCategory::Core, true),
        Seat::new("Head of Service, Social Care Fieldwork", city, SeatCategory::Core, true),
        Seat::new("Head of Service, Early Help", city, SeatCategory::Core, true),
        Seat::new("Head of Quality, Performance and Participation", county, SeatCategory::Core, true),
        Seat::new("Head of Child Protection and IRO Service", county, SeatCategory::Core, true),
        Seat::new("Principal Public Health Manager", city, SeatCategory::Virtual, false),
        Seat::new("Head of Service, Education and Skills", city, SeatCategory::Virtual, false),
        Seat::new("Assistant Director, Clinical Effectiveness Public Health", county, SeatCategory::Virtual, false),
        Seat::new("Circulation", org_id(p, "Derbyshire Fire and Rescue Service"), SeatCategory::PapersOnly, false),
        Seat::new("Circulation", org_id(p, "East Midlands Ambulance Service"), SeatCategory::PapersOnly, false),
    ];
}

/// Members of the DDSCP Learning and Organisational Development Group: the trainers share
/// one seat; the virtual members invited "as required" may send any colleague.
fn ddscp_lod_seats(g: &mut GroupDoc, p: &PartnershipDoc) {
    let city = org_id(p, "Derby City Council");
    let county = org_id(p, "Derbyshire County Council");
    let mut trainers = Seat::new(TRAINERS, None, SeatCategory::Core, true);
    trainers.holding = SeatHolding::Shared;
    let mut seats = vec![
        Seat::new("Workforce Learning and Development Manager (Children's Team)", city, SeatCategory::Core, true),
        Seat::new("Deputy Head of Service, Early Help", city, SeatCategory::Core, true),
        Seat::new("Learning and Development Business Partner", county, SeatCategory::Core, true),
        Seat::new("Staff Development Training Manager", county, SeatCategory::Core, true),
        Seat::new("Principal Social Worker", county, SeatCategory::Core, true),
        Seat::new("Designated Nurse", org_id(p, "NHS Derby and Derbyshire Integrated Care Board"), SeatCategory::Core, true),
        Seat::new("Senior Learning and Organisational Development Officer", None, SeatCategory::Core, true),
        trainers,
    ];
    let mut fire = Seat::new("Virtual member", org_id(p, "Derbyshire Fire and Rescue Service"), SeatCategory::Virtual, false);
    fire.substitute = SubstituteRule::AnyColleague;
    let mut iro = Seat::new("Head of Child Protection and IRO Service", county, SeatCategory::Virtual, false);
    iro.substitute = SubstituteRule::AnyColleague;
    seats.extend([fire, iro]);
    g.seats = seats;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Demo {
        build(DocumentId::random)
    }

    /// Every group named in the seeds, with its chairing, frequency and reporting line.
    #[test]
    fn every_group_in_the_seeds_exists_with_its_chairing_frequency_and_reporting_line() {
        let demo = demo();
        let expect = |name: &str, chair: fn(&ChairArrangement) -> bool, freq: Option<MeetingFrequency>, to: Option<&str>, cadence: Option<ReportingCadence>| {
            let (_, g) = demo.group(name).unwrap_or_else(|| panic!("no demo group {name:?}"));
            assert!(chair(&g.terms.chairing.arrangement), "{name}: chairing {:?}", g.terms.chairing);
            assert_eq!(g.terms.frequency, freq, "{name}: frequency");
            let reports = g.reports_to.map(|id| demo.groups.iter().find(|(d, _)| *d == id).unwrap().1.name.clone());
            assert_eq!(reports.as_deref(), to, "{name}: reports to");
            assert_eq!(g.reporting_cadence, cadence, "{name}: cadence");
        };
        let independent = |c: &ChairArrangement| *c == ChairArrangement::Independent;
        let by_role = |c: &ChairArrangement| matches!(c, ChairArrangement::ByRole { .. });
        let co_chairs = |c: &ChairArrangement| matches!(c, ChairArrangement::CoChairs { roles } if roles.len() == 2);
        let any = |_: &ChairArrangement| true;
        let rotating = |c: &ChairArrangement| matches!(c, ChairArrangement::Rotating { roles, .. } if roles.len() == 3);
        // Leicester
        expect(LEICESTER_BOARD, independent, Some(AtLeastPerYear(4)), None, None);
        expect("Core Business and Chairs Executive", independent, None, Some(LEICESTER_BOARD), Some(EachMeeting));
        expect("Serious Incident Review Group", any, None, Some("Core Business and Chairs Executive"), Some(EachMeeting));
        expect("Performance Analysis and Assurance Group", any, None, Some("Core Business and Chairs Executive"), Some(EachMeeting));
        expect(JOINT_PROCEDURES, rotating, Some(EveryMonths(3)), Some(LLR_EXEC), Some(EachMeeting));
        // Leicestershire & Rutland
        expect(LRSCP_BOARD, by_role, Some(EveryMonths(3)), None, None);
        for g in ["Young People Advisory Group", "Policy and Procedures Group", "Multi Agency Learning and Development Group", "Case Review Group", "Multi Agency Audit Group"] {
            expect(g, any, None, Some(PDG), None);
        }
        expect(PDG, any, None, Some(LRSCP_BOARD), None);
        expect("Child Death Review Panel", any, None, Some(LRSCP_BOARD), None);
        // Derby and Derbyshire
        expect("Core Business Group", independent, None, Some(DD_EXEC), Some(Quarterly));
        expect("Quality Assurance Group", co_chairs, Some(EveryMonths(3)), Some(DD_EXEC), Some(Quarterly));
        expect(CSPR, co_chairs, None, Some(DD_EXEC), Some(Quarterly));
        expect("Case Review Action Planning Group", co_chairs, None, Some(CSPR), Some(EachMeeting));
        expect("Education Subgroups", by_role, Some(EveryMonths(3)), Some(DD_EXEC), Some(Biannual));
        expect("Exploitation and Vulnerable Young People Group", co_chairs, Some(EveryMonths(3)), Some(DD_EXEC), Some(Biannual));
        expect("Policies and Procedures Group", by_role, None, Some(DD_EXEC), Some(Biannual));
        expect(LOD, by_role, None, Some(DD_EXEC), Some(Annual));
        expect(PROCEDURES_TASK_GROUPS, any, Some(MeetingFrequency::AsRequired), Some(JOINT_PROCEDURES), Some(ReportingCadence::AsRequired));
        expect("District Councils' Safeguarding Group (Derbyshire)", by_role, None, Some(DD_EXEC), Some(Annual));
        let (_, lod) = demo.group("Learning and Organisational Development Group").unwrap();
        assert!(lod.terms.chairing.vice_chair.as_deref().unwrap().contains("Named GP"));
    }

    #[test]
    fn the_joint_group_is_one_document_listed_by_both_leicester_partnerships() {
        let demo = demo();
        let (joint, g) = demo.group(JOINT_PROCEDURES).unwrap();
        assert!(g.is_joint());
        let (leicester, lp) = demo.partnership(LEICESTER).unwrap();
        let (lrscp, rp) = demo.partnership(LRSCP).unwrap();
        assert!(g.owned_by(*leicester) && g.owned_by(*lrscp));
        assert!(lp.groups().contains(joint) && rp.groups().contains(joint));
        let (_, dp) = demo.partnership(DDSCP).unwrap();
        assert!(!dp.groups().contains(joint));
        // Every group is listed by each of its owners and by no one else.
        for (id, g) in &demo.groups {
            for (pid, p) in &demo.partnerships {
                assert_eq!(p.groups().contains(id), g.owned_by(*pid), "{} / {}", g.name, p.name);
            }
        }
    }

    #[test]
    fn the_leicester_board_has_its_quorum_decisions_attendance_and_seats() {
        let demo = demo();
        let (_, board) = demo.group(LEICESTER_BOARD).unwrap();
        let quorum = board.terms.quorum.as_ref().unwrap();
        assert_eq!(quorum.threshold, Threshold::Share { numerator: 1, denominator: 2 });
        assert_eq!(quorum.required_organisations.len(), 3);
        assert!(board.terms.decisions.consensus_first);
        assert_eq!(board.terms.decisions.majority, Majority::WithChairConsent);
        assert_eq!(board.terms.decisions.special_majorities[0].numerator, 2);
        assert_eq!(board.terms.attendance.unwrap().consecutive_absences_trigger, Some(2));
        let count = |c: SeatCategory| board.seats.iter().filter(|s| s.category == c).count();
        assert_eq!(count(SeatCategory::LayMember), 2);
        assert_eq!(count(SeatCategory::Advisor), 3);
        assert_eq!(count(SeatCategory::ParticipantObserver), 1);
        assert!(board.seats.iter().filter(|s| s.category == SeatCategory::LayMember).all(|s| s.tenure.is_some_and(|t| t.renewable)));
        for name in ["Core Business and Chairs Executive", "Serious Incident Review Group", "Performance Analysis and Assurance Group"] {
            assert_eq!(demo.group(name).unwrap().1.terms.quorum, board.terms.quorum, "{name}: constitution 16.1");
        }
        let (_, qa) = demo.group("Quality Assurance Group").unwrap();
        assert!(qa.seats.iter().any(|s| s.holder.is_some()));
        assert!([SeatCategory::Core, SeatCategory::Virtual, SeatCategory::PapersOnly]
            .iter()
            .all(|c| qa.seats.iter().any(|s| s.category == *c)));
    }

    #[test]
    fn appointed_demo_people_are_listed_by_their_partnership_and_show_obligations() {
        let demo = demo();
        let today = crate::model::Date::from_ymd(2026, 11, 22).unwrap();
        let (lid, leicester) = demo.partnership(LEICESTER).unwrap();
        let (_, board) = demo.group(LEICESTER_BOARD).unwrap();
        assert!(board.owned_by(*lid));
        let held: Vec<_> = board.seats.iter().filter(|s| s.holder.is_some()).collect();
        assert_eq!(held.len(), 3);
        for seat in &held {
            let doc = leicester.person_document(seat.holder.unwrap()).expect("holder listed");
            let (_, person) = demo.people.iter().find(|(d, _)| *d == doc).expect("person document");
            assert!(person.name.contains("(demo)"), "placeholder names only: {}", person.name);
        }
        let chair = held.iter().find(|s| s.role_title == "Independent Chair").unwrap();
        assert!(chair.deputy.is_some_and(|d| leicester.person_document(d).is_some()));
        let badges: Vec<_> = held.iter().flat_map(|s| crate::rules::seat_obligations(s, &leicester.compliance, today)).collect();
        assert!(badges.iter().any(|o| matches!(o, crate::rules::Obligation::DbsDueSoon { .. })), "{badges:?}");
        assert!(badges.iter().any(|o| matches!(o, crate::rules::Obligation::DbsExpired { .. })), "{badges:?}");
        assert!(badges.contains(&crate::rules::Obligation::AgreementMissing), "{badges:?}");
        assert!(badges.iter().any(|o| matches!(o, crate::rules::Obligation::AgreementOutdated { .. })), "{badges:?}");
        assert_eq!((leicester.compliance.dbs_years(), leicester.compliance.current_version()), (3, Some("2.0")));
        assert_eq!(demo.people.len(), 9);
        let (_, lrscp) = demo.partnership(LRSCP).unwrap();
        assert_eq!(lrscp.external_links.len(), 10);
        let (joint, _) = demo.group(JOINT_PROCEDURES).unwrap();
        let (_, pp) = demo.group("Policy and Procedures Group").unwrap();
        assert!(pp.relations.iter().any(|r| r.group == *joint && r.kind == crate::model::RelationKind::RunJointlyAs));
        let (_, cdrp) = demo.group("Child Death Review Panel").unwrap();
        assert_eq!(cdrp.all_reporting_lines().len(), 2);
        let sections = &leicester.constitution;
        assert_eq!(sections.len(), 38);
        assert_eq!(sections[15].heading, "Quoracy");
        assert!(sections[15].text.as_str().starts_with("16.1 The quorum"));
    }

    #[test]
    fn the_seeds_shared_seats_substitutes_and_transfers_are_in_the_demo() {
        let demo = demo();
        let (_, lod) = demo.group(LOD).unwrap();
        let (_, ddscp) = demo.partnership(DDSCP).unwrap();
        let trainers = lod.seats.iter().find(|s| s.role_title == TRAINERS).unwrap();
        assert_eq!(trainers.holding, SeatHolding::Shared);
        assert_eq!(trainers.holders().len(), 3);
        assert!(trainers.holders().iter().all(|h| ddscp.person_document(*h).is_some()), "every trainer is listed");
        assert!(lod.seats.iter().any(|s| s.substitute == SubstituteRule::AnyColleague && s.organisation.is_some()));
        let (pdg, _) = demo.group(PDG).unwrap();
        let (_, exec) = demo.group(LLR_EXEC).unwrap();
        assert_eq!(exec.transfers_to.as_ref().map(|t| t.to.clone()), Some(BodyRef::Group(*pdg)));
        let (_, board) = demo.group(LEICESTER_BOARD).unwrap();
        let t = board.transfers_to.as_ref().unwrap();
        assert!(matches!(&t.to, BodyRef::Named(n) if n.contains("safeguarding partner arrangements")));
        assert_eq!(t.when.unwrap().to_string(), "29 September 2019");
        let mut lod = lod.clone();
        assert!(!lod.repair(), "the demo is consistent as built");
    }

    #[test]
    fn demo_documents_round_trip_through_automerge() {
        for (_, g) in demo().groups {
            let mut doc = automerge::Automerge::new();
            crate::model::update::<GroupDoc, _, std::convert::Infallible>(&mut doc, "demo", 0, |d| {
                *d = g.clone();
                Ok(())
            })
            .unwrap();
            assert_eq!(crate::model::read::<GroupDoc>(&doc).unwrap(), g);
        }
    }
}
