//! Demo data from the seed documents (see `../shared/seeds`), as built by
//! [`domain::demo`]: three safeguarding children partnerships, one document per group, the
//! joint LLR groups owned by both Leicester and Leicestershire & Rutland, the procedures
//! manuals ([`domain::demo::procedures`]: documents and owners only), and the demo
//! accounts of `docs/access-control.md` (password [`DEMO_PASSWORD`]). Seeded once, into a
//! store without partnerships.

use std::collections::HashMap;

use anyhow::Context;
use domain::{demo, DocumentId};

use crate::{
    auth::{AuthStore, Email, PartnershipId, Password, Role},
    new_document,
    storage::WriteDocuments,
};

/// Every demo account's password.
pub const DEMO_PASSWORD: &str = "quorum-demo-password";

/// The demo accounts: email, name, partnership, role.
pub const DEMO_ACCOUNTS: &[(&str, &str, &str, Role)] = &[
    ("leicester.admin@example.org", "Leicester Admin", demo::LEICESTER, Role::Admin),
    ("leicester.viewer@example.org", "Leicester Viewer", demo::LEICESTER, Role::Viewer),
    ("lrscp.admin@example.org", "LRSCP Admin", demo::LRSCP, Role::Admin),
    ("lrscp.editor@example.org", "LRSCP Editor", demo::LRSCP, Role::Editor),
    ("ddscp.admin@example.org", "DDSCP Admin", demo::DDSCP, Role::Admin),
];

/// The demo operator (may start partnerships from the app; no partnership of its own):
/// email, name.
pub const DEMO_OPERATOR: (&str, &str) = ("operator@example.org", "Demo Operator");

/// Seeds the demo partnerships, owners and accounts if no partnership exists yet.
/// Returns whether it seeded. The documents are written in one transaction, then the
/// access rows.
pub fn seed_if_empty(storage: &impl WriteDocuments, auth: &AuthStore, papers: &crate::papers::PaperStore) -> anyhow::Result<bool> {
    if auth.has_partnerships()? {
        return Ok(false);
    }
    let mut demo = demo::build(DocumentId::random);
    // A year of meetings (issue 12), listed by their groups, so they are added first.
    let now_s = new_document::now();
    let today = domain::model::Date::of_unix_seconds(now_s);
    let meetings = demo::meetings::build(&mut demo, today, now_s * 1000, DocumentId::random);
    let mut ops = Vec::new();
    for (id, m) in &meetings.documents {
        ops.push(new_document::snapshot(*id, &new_document::create(m, "Record a demo meeting")?));
    }
    for (id, r) in &meetings.case_reviews {
        ops.push(new_document::snapshot(*id, &new_document::create(r, "Record a demo case review's action plan")?));
    }
    // The procedures manuals (issue 11), built through the domain's rules so each has a
    // real history (moves, sign-offs, a publication); each owning partnership lists its
    // manuals so the app finds them.
    let procedures = demo::procedures::build(&demo, today, now_s, DocumentId::random);
    for (library, owners) in &procedures.owners {
        if procedures.libraries.iter().any(|(id, _)| id == library) {
            for (id, p) in demo.partnerships.iter_mut() {
                if owners.contains(id) && !p.libraries.contains(library) {
                    p.libraries.push(*library);
                }
            }
        }
    }
    // Each manual is listed by its owner group too, so sharing the group shares it.
    for (library, doc) in &procedures.libraries {
        let owner_group = domain::model::read::<domain::procedure::LibraryDoc>(doc).ok().and_then(|l| l.owner_group);
        if let Some((_, g)) = demo.groups.iter_mut().find(|(id, _)| Some(*id) == owner_group) {
            g.list_manual(*library);
        }
    }
    for (id, p) in &demo.partnerships {
        ops.push(new_document::snapshot(
            *id,
            &new_document::create(p, "Create the partnership from its published documents")?,
        ));
    }
    for (id, g) in &demo.groups {
        ops.push(new_document::snapshot(
            *id,
            &new_document::create(g, "Create the group from its published terms of reference")?,
        ));
    }
    for (id, person) in &demo.people {
        ops.push(new_document::snapshot(
            *id,
            &new_document::create(person, "Add a demo member (a placeholder for a role the seeds name)")?,
        ));
    }
    for (id, doc) in procedures.documents() {
        ops.push(new_document::snapshot(*id, doc));
    }
    storage.write_documents(&ops).context("writing the demo documents")?;
    // The papers the demo meetings attach, stored under their meetings as an upload would.
    for p in &meetings.papers {
        let media = crate::papers::MediaType::check(p.media_type, &p.bytes).map_err(|e| anyhow::anyhow!("a demo paper: {e}"))?;
        papers.put(p.meeting, &p.name, media, None, &p.bytes).context("storing a demo paper")?;
    }

    let mut by_document: HashMap<DocumentId, PartnershipId> = HashMap::new();
    let mut by_name: HashMap<&str, PartnershipId> = HashMap::new();
    for (doc, p) in &demo.partnerships {
        let id = auth.create_partnership(&p.name, *doc)?;
        by_document.insert(*doc, id);
        by_name.insert(p.name.as_str(), id);
    }
    for (doc, g) in &demo.groups {
        for owner in &g.owners {
            let partnership = by_document
                .get(&owner.partnership)
                .with_context(|| format!("the demo group {:?} names an unknown owner", g.name))?;
            auth.record_owner(*doc, *partnership)?;
        }
    }
    for (doc, owners) in &procedures.owners {
        for owner in owners {
            let partnership = by_document.get(owner).context("a demo procedure names an unknown owner")?;
            auth.record_owner(*doc, *partnership)?;
        }
    }
    for (_, g) in &demo.groups {
        // Meetings, written resolutions and case reviews are owned like their group.
        for doc in g.records() {
            for owner in &g.owners {
                auth.record_owner(doc, by_document[&owner.partnership])?;
            }
        }
    }
    for (doc, p) in &demo.partnerships {
        for person in &p.people {
            auth.record_owner(person.document, by_document[doc])?;
        }
    }
    let password = Password::parse(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut opened_by = None;
    for (email, name, partnership, role) in DEMO_ACCOUNTS {
        let email = Email::parse(email).map_err(|e| anyhow::anyhow!("{e}"))?;
        let partnership = by_name
            .get(partnership)
            .with_context(|| format!("no demo partnership {partnership:?}"))?;
        let account = auth.create_account(&email, name, Some(&password.hash()?))?;
        auth.set_role(account, *partnership, *role)?;
        if *role == Role::Admin && opened_by.is_none() {
            opened_by = Some(account);
        }
    }
    // The people consulted on the procedure out for consultation: accounts of their own (no
    // partnership role) that may read the procedure and write its comments until the closing
    // date, exactly as `POST /api/documents/{doc}/consultation` would give them.
    let opened_by = opened_by.context("the demo has an admin")?;
    for c in &procedures.consultations {
        let mut people = Vec::new();
        for email in &c.emails {
            let name = demo::procedures::CONSULTEES.iter().find(|(_, e)| e == email).map_or(email.as_str(), |(n, _)| *n);
            let email = Email::parse(email).map_err(|e| anyhow::anyhow!("{e}"))?;
            let id = match auth.account_by_email(&email)? {
                Some(a) => a.id,
                None => auth.create_account(&email, name, Some(&password.hash()?))?,
            };
            people.push(id);
        }
        let closes_on = c.closes_on.to_string();
        let expires_at = domain::api::closes_at(&closes_on, now_s * 1000).map_err(|e| anyhow::anyhow!("{e}"))?;
        auth.open_consultation(&crate::auth::store::NewConsultation {
            document: c.procedure,
            comments: c.comments,
            closes_on,
            expires_at,
            opened_by,
            people,
        })?;
    }
    let (email, name) = DEMO_OPERATOR;
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("{e}"))?;
    let operator = auth.create_account(&email, name, Some(&password.hash()?))?;
    auth.grant_operator(operator)?;
    tracing::info!(
        partnerships = demo.partnerships.len(),
        groups = demo.groups.len(),
        accounts = DEMO_ACCOUNTS.len(),
        "seeded the demo partnerships"
    );
    Ok(true)
}
