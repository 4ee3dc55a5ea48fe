//! Demo procedures from the seeds (`../shared/seeds`): the LLR joint procedures manual,
//! owned by Leicester and Leicestershire & Rutland through the LLR Joint Procedures &
//! Development Sub Group, and a Derby and Derbyshire manual owned by DDSCP alone. The
//! texts are written for the demo (in the spirit of the seeds, not copied from any
//! published manual). Procedures are at different stages: one out for consultation, one
//! signed off by one owner only, published ones (one in the spring update), one review due.
//! Each is built through the real rules (moves, sign-offs, publication), so its history
//! is real.

use automerge::Automerge;

use super::{
    anchor_range, publish, section_text, sign_off, Actor, Consultee, Contact, LibraryDoc, Link, LinkKind, ProcedureCommentsDoc,
    ProcedureDoc, Reviewer, Status,
};
use crate::{
    access::Role,
    demo::{Demo, DDSCP, JOINT_PROCEDURES, LEICESTER, LRSCP},
    model::{self, Date},
    DocumentId, ItemId,
};

/// The LLR manual's title.
pub const LLR_MANUAL: &str = "LLR Safeguarding Children Procedures";
/// The Derby and Derbyshire manual's title.
pub const DD_MANUAL: &str = "Derby and Derbyshire Safeguarding Children Procedures";
/// The procedure the Leicester constitution cites (26.2); out for consultation.
pub const ESCALATION: &str = "Resolving practitioner disagreements and escalation of concerns";
/// Signed off by Leicester only.
pub const NEGLECT: &str = "Neglect";
/// Published as version 1 in the spring update.
pub const INFORMATION_SHARING: &str = "Information sharing";
/// The DDSCP group that owns its manual.
const DD_GROUP: &str = "Policies and Procedures Group";
/// The LLR manual's update.
pub const SPRING_UPDATE: &str = "Spring update";

/// The accounts consulted on [`ESCALATION`] (the server creates them and grants them
/// comment access): name, email.
pub const CONSULTEES: &[(&str, &str)] = &[
    ("Leicestershire Police (Safeguarding Hub)", "police.consultee@example.org"),
    ("University Hospitals of Leicester (Safeguarding Team)", "uhl.consultee@example.org"),
];

/// A procedure's consultation, for the server's grants.
#[derive(Debug, Clone)]
pub struct DemoConsultation {
    pub procedure: DocumentId,
    pub comments: DocumentId,
    pub emails: Vec<String>,
    /// The last day comments are taken.
    pub closes_on: Date,
}

/// The demo manuals, procedures and comments documents, with their ids.
#[derive(Debug, Clone)]
pub struct ProcedureDemo {
    pub libraries: Vec<(DocumentId, Automerge)>,
    pub procedures: Vec<(DocumentId, Automerge)>,
    /// Each procedure's comments document.
    pub comments: Vec<(DocumentId, Automerge)>,
    pub consultations: Vec<DemoConsultation>,
    /// Every document's owning partnerships (libraries, procedures and comments).
    pub owners: Vec<(DocumentId, Vec<DocumentId>)>,
}

impl ProcedureDemo {
    /// The procedure titled `title`.
    pub fn procedure(&self, title: &str) -> Option<&(DocumentId, Automerge)> {
        self.procedures.iter().find(|(_, d)| model::read::<ProcedureDoc>(d).is_ok_and(|p| p.title == title))
    }

    /// Every document with its saved bytes (to store as snapshots).
    pub fn documents(&self) -> impl Iterator<Item = &(DocumentId, Automerge)> {
        self.libraries.iter().chain(&self.procedures).chain(&self.comments)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Identified,
    InReview,
    Drafting,
    Consultation,
    SignedOffByFirstOwner,
    Published { in_update: bool },
    ReviewDue,
}

struct Spec {
    title: &'static str,
    summary: &'static str,
    lead: &'static str,
    links: &'static [(LinkKind, &'static str, &'static str)],
    contacts: &'static [(&'static str, &'static str, &'static str)],
    sections: &'static [(&'static str, &'static str)],
    stage: Stage,
}

const WORKING_TOGETHER: (LinkKind, &str, &str) = (
    LinkKind::Guidance,
    "Working Together to Safeguard Children",
    "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2",
);
const CHILDREN_ACT_1989: (LinkKind, &str, &str) =
    (LinkKind::Legislation, "Children Act 1989", "https://www.legislation.gov.uk/ukpga/1989/41/contents");
const CHILDREN_ACT_2004: (LinkKind, &str, &str) =
    (LinkKind::Legislation, "Children Act 2004", "https://www.legislation.gov.uk/ukpga/2004/31/contents");
const LLR_OFFICE: (&str, &str, &str) =
    ("Safeguarding Partnerships Business Office", "Leicester, Leicestershire and Rutland", "Through the partnerships' websites");
const DD_OFFICE: (&str, &str, &str) =
    ("Safeguarding Children Partnership Business Unit", "Derby and Derbyshire", "Through the partnership's website");

/// The LLR chapters and their procedures.
fn llr() -> Vec<(&'static str, Vec<Spec>)> {
    vec![
        (
            "Working together",
            vec![
                Spec {
                    title: ESCALATION,
                    summary: "What to do when you disagree with another agency's decision about a child, and how to escalate the concern until it is resolved.",
                    lead: "Head of Service (Children's Safeguarding), Leicester",
                    links: &[WORKING_TOGETHER, CHILDREN_ACT_2004],
                    contacts: &[LLR_OFFICE, ("Safeguarding Unit", "Leicestershire County Council", "Through the council's switchboard")],
                    sections: &[
                        ("Purpose", "Disagreement between practitioners is a normal and healthy part of working together. This procedure helps you resolve it **quickly** and keeps the child at the centre, so that a disagreement never leaves a child at risk."),
                        ("Principles", "- Resolve disagreements at the lowest possible level, by talking first.\n- Keep the child's safety and welfare in view throughout.\n- Record each discussion, what was agreed and who will act.\n- Escalation is not a complaint about a colleague: it is about the decision."),
                        ("Stages of escalation", "1. Discuss the concern with the practitioner in the other agency within two working days.\n2. If you cannot agree, your line manager raises it with their counterpart within two further working days.\n3. If it is still unresolved, the designated safeguarding lead or head of service takes it to their counterpart.\n4. As a last resort, refer it to the partnership's business office, and the Independent Chair may mediate."),
                        ("Immediate risk", "If at any stage you believe a child is at **immediate risk of significant harm**, do not wait for the escalation to finish: contact the police or children's social care straight away."),
                        ("Recording", "Record each stage on the child's file: the concern, who you spoke to, the outcome and the next step. Share the outcome with everyone who took part."),
                    ],
                    stage: Stage::Consultation,
                },
                Spec {
                    title: INFORMATION_SHARING,
                    summary: "When and how to share information about a child and family to keep the child safe.",
                    lead: "Designated Nurse, Leicester, Leicestershire and Rutland",
                    links: &[WORKING_TOGETHER],
                    contacts: &[LLR_OFFICE],
                    sections: &[
                        ("Purpose", "Sharing the right information at the right time is central to keeping children safe. Fears about sharing information must not stand in the way of protecting a child."),
                        ("When to share", "Share information when it is necessary and proportionate to safeguard a child. Where you can, tell the family what you are sharing and why, unless that would put the child at greater risk."),
                        ("Recording decisions", "Record every decision to share or not to share, with your reasons, what you shared and with whom."),
                    ],
                    stage: Stage::Published { in_update: true },
                },
            ],
        ),
        (
            "Responding to concerns",
            vec![
                Spec {
                    title: NEGLECT,
                    summary: "Recognising and responding to neglect, including its cumulative impact over time.",
                    lead: "Head of Service (Children's Safeguarding), Leicestershire",
                    links: &[WORKING_TOGETHER, CHILDREN_ACT_1989],
                    contacts: &[LLR_OFFICE],
                    sections: &[
                        ("What neglect is", "Neglect is the persistent failure to meet a child's basic physical or psychological needs, likely to seriously harm the child's health or development."),
                        ("Recognising neglect", "Look at the child's lived experience over time. A single incident may seem minor; a pattern of them may not be. Use the partnership's neglect assessment tool."),
                        ("Responding", "Talk to the family about your concerns, agree what needs to change and by when, and review it. If the child's needs are not met, consider a referral to children's social care in line with the thresholds guidance."),
                    ],
                    stage: Stage::SignedOffByFirstOwner,
                },
                Spec {
                    title: "Children missing from home or care",
                    summary: "What to do when a child goes missing, and the return interview afterwards.",
                    lead: "Detective Inspector, Leicestershire Police",
                    links: &[WORKING_TOGETHER],
                    contacts: &[LLR_OFFICE],
                    sections: &[
                        ("Reporting a child missing", "Report a missing child to the police as soon as you are worried, and tell the child's social worker if they have one."),
                        ("Return interviews", "Offer the child an independent return interview within 72 hours of their return, to understand why they went missing and what would help."),
                    ],
                    stage: Stage::Drafting,
                },
            ],
        ),
        (
            "Specific circumstances",
            vec![
                Spec {
                    title: "Private fostering",
                    summary: "Arrangements where a child under 16 is cared for by someone who is not a close relative for 28 days or more.",
                    lead: "Head of Service (Children's Safeguarding), Rutland",
                    links: &[CHILDREN_ACT_1989],
                    contacts: &[LLR_OFFICE],
                    sections: &[("Notifying the local authority", "Anyone who knows of a private fostering arrangement should tell the local authority, which must check that the child is safe and well cared for.")],
                    stage: Stage::Identified,
                },
                Spec {
                    title: "Allegations against people who work with children",
                    summary: "How allegations about adults who work or volunteer with children are managed.",
                    lead: "Local Authority Designated Officer, Leicester",
                    links: &[WORKING_TOGETHER],
                    contacts: &[LLR_OFFICE],
                    sections: &[
                        ("When this applies", "Use this procedure when an adult who works with children may have harmed a child, committed an offence against a child, or behaved in a way that shows they may pose a risk."),
                        ("Telling the designated officer", "Tell the local authority designated officer within one working day, before any investigation by your own organisation."),
                    ],
                    stage: Stage::ReviewDue,
                },
            ],
        ),
    ]
}

/// The Derby and Derbyshire chapters.
fn derby() -> Vec<(&'static str, Vec<Spec>)> {
    vec![(
        "Safeguarding procedures",
        vec![
            Spec {
                title: "Escalation policy",
                summary: "Resolving professional differences between agencies in Derby and Derbyshire.",
                lead: "Head of Service, Children's Quality Assurance, Derby City Council",
                links: &[WORKING_TOGETHER],
                contacts: &[DD_OFFICE],
                sections: &[
                    ("Purpose", "Professional differences should be resolved quickly, openly and with the child's welfare first."),
                    ("Steps", "1. Talk to the other practitioner.\n2. Involve both line managers.\n3. Involve the safeguarding leads of both agencies.\n4. Refer to the partnership business unit."),
                ],
                stage: Stage::Published { in_update: false },
            },
            Spec {
                title: "Bruising in babies who are not independently mobile",
                summary: "Any bruise on a baby who cannot move independently needs a referral and a medical assessment.",
                lead: "Named GP for Safeguarding Children, NHS Derby and Derbyshire Integrated Care Board",
                links: &[WORKING_TOGETHER],
                contacts: &[DD_OFFICE],
                sections: &[("Why it matters", "Bruising is rare in babies who are not yet mobile and may be a sign of abuse. Always refer, even when an explanation is offered.")],
                stage: Stage::InReview,
            },
        ],
    )]
}

fn hours(n: i64) -> i64 {
    n * 3600
}

/// Builds one procedure through the real rules. Returns its document and comments.
#[allow(clippy::too_many_arguments)]
fn build_procedure(
    spec: &Spec,
    group: DocumentId,
    owners: &[DocumentId],
    comments_id: DocumentId,
    procedure_id: DocumentId,
    today: Date,
    now: i64,
    update: Option<ItemId>,
) -> (Automerge, Automerge, Option<DemoConsultation>) {
    let setup = Actor::new("demo set-up", &owners.iter().map(|o| (*o, Role::Admin)).collect::<Vec<_>>());
    let start = now - hours(24 * 120);
    let mut p = ProcedureDoc::new(spec.title, Some(group), owners).expect("demo titles are valid");
    p.set_summary(spec.summary);
    p.set_lead_reviewer(Reviewer { name: spec.lead.to_owned(), person: None });
    for (kind, title, url) in spec.links {
        p.add_link(Link::new(*kind, title, url).expect("demo links are valid"));
    }
    for (name, organisation, details) in spec.contacts {
        p.add_contact(Contact::new(name, organisation, details).expect("demo contacts are valid"));
    }
    for (heading, text) in spec.sections {
        p.add_section(heading, text, None).expect("demo headings are valid");
    }
    p.comments = Some(comments_id);
    p.review_date = Some(match spec.stage {
        Stage::ReviewDue => today.add_days(-14),
        _ => today.add_years(2),
    });
    let mut doc = Automerge::new();
    let ok = |_: ()| Ok::<_, super::ProcedureError>(());
    model::update(&mut doc, "Create the procedure", start, |d: &mut ProcedureDoc| {
        *d = p;
        ok(())
    }).expect("demo procedure");
    let mut comments = Automerge::new();
    model::update(&mut comments, "Create the comments", start, |d: &mut ProcedureCommentsDoc| {
        *d = ProcedureCommentsDoc::new(procedure_id);
        ok(())
    })
        .expect("demo comments");

    let mut at = start;
    let mut step = |doc: &mut Automerge, to: Status| {
        at += hours(24 * 7);
        model::update(doc, &format!("Move to {to}"), at, |p: &mut ProcedureDoc| p.move_to(&setup, to, today.add_days(-60), at))
            .expect("demo moves follow the rules");
    };
    use Stage::*;
    let route: &[Status] = match spec.stage {
        Identified => &[],
        InReview => &[Status::InReview],
        Drafting => &[Status::InReview, Status::Drafting],
        Consultation => &[Status::InReview, Status::Drafting],
        SignedOffByFirstOwner | Published { .. } | ReviewDue => &[Status::InReview, Status::Drafting, Status::AwaitingSignOff],
    };
    for to in route {
        step(&mut doc, *to);
    }
    let mut consultation = None;
    match spec.stage {
        Consultation => {
            let consulted = CONSULTEES.iter().map(|(n, e)| Consultee::new(n, e).expect("demo consultees")).collect();
            model::update(&mut doc, "Out for consultation", now - hours(48), |p: &mut ProcedureDoc| {
                p.open_consultation(&setup, today.add_days(21), consulted, today, now - hours(48))
            })
            .expect("demo consultation");
            consultation = Some(DemoConsultation {
                procedure: procedure_id,
                comments: comments_id,
                emails: CONSULTEES.iter().map(|(_, e)| (*e).to_owned()).collect(),
                closes_on: today.add_days(21),
            });
            demo_comments(&doc, &mut comments, now);
        }
        SignedOffByFirstOwner => {
            let signer = Actor::new("demo set-up", &[(owners[0], Role::Admin)]);
            sign_off(&mut doc, &signer, owners[0], now - hours(24 * 3)).expect("demo sign-off");
        }
        Published { .. } | ReviewDue => {
            for (n, owner) in owners.iter().enumerate() {
                let signer = Actor::new("demo set-up", &[(*owner, Role::Admin)]);
                sign_off(&mut doc, &signer, *owner, now - hours(24 * 40) + n as i64).expect("demo sign-off");
            }
            let update = if spec.stage == (Published { in_update: true }) { update } else { None };
            let date = today.add_days(-30);
            publish(&mut doc, &setup, date, "First version for the partnerships' procedures manual", update, now - hours(24 * 30))
                .expect("demo publication");
        }
        _ => {}
    }
    (doc, comments, consultation)
}

/// Two consultation comments on the escalation procedure: one suggesting a change.
fn demo_comments(procedure: &Automerge, comments: &mut Automerge, now: i64) {
    let p: ProcedureDoc = model::read(procedure).expect("demo procedure");
    let Some(stages) = p.visible_sections().into_iter().find(|s| s.heading == "Stages of escalation").map(|s| s.id) else {
        return;
    };
    let text = section_text(procedure, stages).unwrap_or_default();
    let range_of = |needle: &str| {
        let byte = text.find(needle)?;
        let start = text[..byte].chars().count();
        Some(start..start + needle.chars().count())
    };
    let (Some(first), Some(last)) = (range_of("within two working days"), range_of("the Independent Chair may mediate")) else {
        return;
    };
    let (Ok(a), Ok(b)) = (anchor_range(procedure, stages, first), anchor_range(procedure, stages, last)) else {
        return;
    };
    let (police, uhl) = (CONSULTEES[0].1, CONSULTEES[1].1);
    model::update(comments, "Consultation comments", now - hours(20), |d: &mut ProcedureCommentsDoc| {
        d.add_comment(stages, Some(a), police, now - hours(20), "Two working days is hard to meet across shift patterns; one working day for the first conversation keeps momentum.", Some("within one working day"))?;
        d.add_comment(stages, Some(b), uhl, now - hours(6), "Please say how to reach the Independent Chair out of hours.", None)
    })
    .expect("demo comments");
}

/// The demo procedures, manuals and comments, built on the demo partnerships and groups
/// of `demo` as of `today` (`now`: seconds since the epoch, for change times).
pub fn build(demo: &Demo, today: Date, now: i64, mut new_id: impl FnMut() -> DocumentId) -> ProcedureDemo {
    let pid = |name: &str| demo.partnership(name).map(|(id, _)| *id).expect("demo partnerships");
    let gid = |name: &str| demo.group(name).map(|(id, _)| *id).expect("demo groups");
    let mut out = ProcedureDemo { libraries: Vec::new(), procedures: Vec::new(), comments: Vec::new(), consultations: Vec::new(), owners: Vec::new() };
    for (title, group, owners, chapters) in [
        (LLR_MANUAL, gid(JOINT_PROCEDURES), vec![pid(LEICESTER), pid(LRSCP)], llr()),
        (DD_MANUAL, gid(DD_GROUP), vec![pid(DDSCP)], derby()),
    ] {
        let mut library = LibraryDoc::new(title, Some(group), &owners).expect("demo manual");
        let update = (title == LLR_MANUAL)
            .then(|| library.add_update(&format!("{SPRING_UPDATE} {}", today.add_days(-30).long().rsplit(' ').next().unwrap_or("")), Some(today.add_days(-30))).expect("demo update"));
        for (chapter, specs) in chapters {
            let chapter = library.add_chapter(chapter).expect("demo chapter");
            for spec in specs {
                let (id, comments_id) = (new_id(), new_id());
                let (doc, comments, consultation) = build_procedure(&spec, group, &owners, comments_id, id, today, now, update);
                library.file_procedure(chapter, id).expect("demo chapter exists");
                if let (Some(update), Stage::Published { in_update: true }) = (update, spec.stage) {
                    library.include(update, id, 1, &format!("{}: first version", spec.title)).expect("demo update");
                }
                out.owners.push((id, owners.clone()));
                out.owners.push((comments_id, owners.clone()));
                out.procedures.push((id, doc));
                out.comments.push((comments_id, comments));
                out.consultations.extend(consultation);
            }
        }
        let id = new_id();
        let mut doc = Automerge::new();
        model::update(&mut doc, "Create the procedures manual", now - hours(24 * 120), |d: &mut LibraryDoc| {
            *d = library;
            Ok::<_, std::convert::Infallible>(())
        })
        .expect("demo manual");
        out.owners.push((id, owners));
        out.libraries.push((id, doc));
    }
    out
}

/// [`build`] as of `now` (seconds since the epoch; today is its UTC date), for the server's
/// seeding.
pub fn build_now(demo: &Demo, now: i64, new_id: impl FnMut() -> DocumentId) -> ProcedureDemo {
    build(demo, Date::of_unix_seconds(now), now, new_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::procedure::{latest_published, sign_off_states, ProcedureCommentsDoc, SignOffState};

    fn built() -> (Demo, ProcedureDemo, Date) {
        let demo = crate::demo::build(DocumentId::random);
        let today = Date::from_ymd(2027, 5, 10).unwrap();
        let p = build(&demo, today, 1_810_000_000, DocumentId::random);
        (demo, p, today)
    }

    #[test]
    fn today_is_the_utc_date_of_now() {
        let demo = crate::demo::build(DocumentId::random);
        // 2027-05-10T23:59:59Z
        let p = build_now(&demo, 1_809_993_599, DocumentId::random);
        let (_, e) = p.procedure(ESCALATION).unwrap();
        assert_eq!(read(e).consultation.closing, Date::from_ymd(2027, 5, 31));
    }

    fn read(doc: &Automerge) -> ProcedureDoc {
        model::read(doc).unwrap()
    }

    #[test]
    fn the_llr_manual_is_owned_by_both_boards_and_the_derby_manual_by_ddscp_alone() {
        let (demo, p, _) = built();
        let owners_of = |title: &str| {
            let (id, _) = p.libraries.iter().find(|(_, d)| model::read::<LibraryDoc>(d).unwrap().title == title).unwrap();
            p.owners.iter().find(|(d, _)| d == id).unwrap().1.clone()
        };
        let pid = |n: &str| demo.partnership(n).unwrap().0;
        assert_eq!(owners_of(LLR_MANUAL), [pid(LEICESTER), pid(LRSCP)]);
        assert_eq!(owners_of(DD_MANUAL), [pid(DDSCP)]);
        let llr: LibraryDoc = model::read(&p.libraries[0].1).unwrap();
        assert_eq!(llr.owner_group, Some(demo.group(JOINT_PROCEDURES).unwrap().0));
        assert_eq!(llr.procedures().len(), 6);
        for (id, _) in p.documents() {
            assert!(p.owners.iter().any(|(d, _)| d == id), "every demo document has owners");
        }
    }

    #[test]
    fn the_procedures_are_at_different_stages() {
        let (demo, p, today) = built();
        let leicester = demo.partnership(LEICESTER).unwrap().0;
        let (_, escalation) = p.procedure(ESCALATION).unwrap();
        let e = read(escalation);
        assert_eq!(e.status, Status::Consultation);
        assert!(e.consultee_may_comment(CONSULTEES[0].1, today));
        let c = p.comments.iter().find(|(id, _)| Some(*id) == e.comments).unwrap();
        let comments: ProcedureCommentsDoc = model::read(&c.1).unwrap();
        assert_eq!(comments.comments.len(), 2);
        assert!(crate::procedure::resolve_anchor(escalation, &comments.comments[0]).is_some(), "the demo comment is anchored");
        assert_eq!(p.consultations.len(), 1);

        let (_, neglect) = p.procedure(NEGLECT).unwrap();
        let n = read(neglect);
        assert_eq!(n.status, Status::AwaitingSignOff);
        assert_eq!(n.sign_offs.iter().map(|s| s.partnership).collect::<Vec<_>>(), [leicester], "signed off by one owner only");
        assert_eq!(sign_off_states(neglect).unwrap()[0].1, SignOffState::Current);

        let (id, sharing) = p.procedure(INFORMATION_SHARING).unwrap();
        let (publication, content) = latest_published(sharing).unwrap().unwrap();
        assert_eq!(publication.version, 1);
        assert_eq!(content.title, INFORMATION_SHARING);
        let llr: LibraryDoc = model::read(&p.libraries[0].1).unwrap();
        assert_eq!(publication.update, llr.updates.first().map(|u| u.id));
        assert!(llr.updated_in_last_update(*id, today));
        assert!(llr.updates[0].name.starts_with(SPRING_UPDATE));

        let (_, allegations) = p.procedure("Allegations against people who work with children").unwrap();
        assert_eq!(read(allegations).status_on(today), Status::ReviewDue);
        let mut statuses: Vec<_> = p.procedures.iter().map(|(_, d)| read(d).status_on(today)).collect();
        statuses.sort_by_key(|s| s.token());
        statuses.dedup();
        assert!(statuses.len() >= 6, "{statuses:?}");
    }
}
