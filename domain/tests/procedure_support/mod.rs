//! Shared set-up for the procedure tests: a joint procedure owned by two partnerships,
//! forks (devices), and convergence with the repairs every device runs after a merge.
#![allow(dead_code, unreachable_pub)]

use automerge::Automerge;
use domain::{
    access::Role,
    model::{self, Date},
    procedure::{Actor, ProcedureCommentsDoc, ProcedureDoc, Status},
    DocumentId, ItemId,
};

pub fn ok<T>(t: T) -> Result<T, std::convert::Infallible> {
    Ok(t)
}

pub fn today() -> Date {
    Date::from_ymd(2027, 3, 1).unwrap()
}

/// The partnerships in the tests.
pub struct Parties {
    pub leicester: DocumentId,
    pub lrscp: DocumentId,
    pub ddscp: DocumentId,
}

impl Parties {
    pub fn new() -> Self {
        Self { leicester: DocumentId::random(), lrscp: DocumentId::random(), ddscp: DocumentId::random() }
    }

    pub fn actor(&self, name: &str, roles: &[(DocumentId, Role)]) -> Actor {
        Actor::new(name, roles)
    }

    pub fn leicester_admin(&self) -> Actor {
        Actor::new("leicester.admin@example.org", &[(self.leicester, Role::Admin)])
    }
    pub fn leicester_editor(&self) -> Actor {
        Actor::new("leicester.editor@example.org", &[(self.leicester, Role::Editor)])
    }
    pub fn leicester_viewer(&self) -> Actor {
        Actor::new("leicester.viewer@example.org", &[(self.leicester, Role::Viewer)])
    }
    pub fn lrscp_admin(&self) -> Actor {
        Actor::new("lrscp.admin@example.org", &[(self.lrscp, Role::Admin)])
    }
    pub fn lrscp_editor(&self) -> Actor {
        Actor::new("lrscp.editor@example.org", &[(self.lrscp, Role::Editor)])
    }
    pub fn ddscp_admin(&self) -> Actor {
        Actor::new("ddscp.admin@example.org", &[(self.ddscp, Role::Admin)])
    }
}

/// A procedure owned by Leicester and LRSCP with these sections, in `status`.
pub fn procedure(parties: &Parties, sections: &[(&str, &str)], status: Status) -> (Automerge, Vec<ItemId>) {
    let mut p = ProcedureDoc::new(
        "Resolving practitioner disagreements and escalation of concerns",
        Some(DocumentId::random()),
        &[parties.leicester, parties.lrscp],
    )
    .unwrap();
    let ids = sections.iter().map(|(h, t)| p.add_section(h, t, None).unwrap()).collect();
    p.status = status;
    let mut doc = Automerge::new();
    model::update(&mut doc, "create", 0, |d: &mut ProcedureDoc| {
        *d = p;
        ok(())
    }).unwrap();
    (doc, ids)
}

pub fn comments_doc(procedure: DocumentId) -> Automerge {
    let mut doc = Automerge::new();
    model::update(&mut doc, "create", 0, |d: &mut ProcedureCommentsDoc| {
        *d = ProcedureCommentsDoc::new(procedure);
        ok(())
    }).unwrap();
    doc
}

/// Another device with its own actor.
pub fn fork(doc: &Automerge) -> Automerge {
    doc.fork().with_actor(automerge::ActorId::random())
}

pub fn read(doc: &Automerge) -> ProcedureDoc {
    model::read(doc).unwrap()
}

/// Merges every device into every other, runs the repair on each (as each would after
/// receiving changes), and merges again until nothing changes. Returns the converged
/// procedure after checking the invariants.
pub fn converge(docs: &mut [Automerge]) -> ProcedureDoc {
    let mut rounds = 0;
    loop {
        merge_all(docs);
        let mut changed = false;
        for d in docs.iter_mut() {
            changed |= model::update(d, "repair", 9, |p: &mut ProcedureDoc| ok(p.repair())).unwrap();
        }
        merge_all(docs);
        if !changed {
            break;
        }
        rounds += 1;
        assert!(rounds <= 3, "repairs settle within three rounds");
    }
    let first = read(&docs[0]);
    for d in docs.iter() {
        assert_eq!(read(d), first, "every device converges");
    }
    invariants(&first);
    let heads = docs[0].get_heads();
    assert!(!domain::procedure::repair_procedure(&mut docs[0], 10).unwrap());
    assert_eq!(docs[0].get_heads(), heads, "a repair with nothing to do writes nothing");
    first
}

pub fn merge_all(docs: &mut [Automerge]) {
    for i in 0..docs.len() {
        for j in 0..docs.len() {
            if i != j {
                let mut other = docs[j].clone();
                docs[i].merge(&mut other).unwrap();
            }
        }
    }
}

/// What must hold after every merge and repair.
pub fn invariants(p: &ProcedureDoc) {
    let mut order = p.order.clone();
    order.sort();
    order.dedup();
    assert_eq!(order.len(), p.order.len(), "each section is ordered once");
    for id in &p.order {
        let s = p.section(*id).expect("ordered sections exist");
        assert!(!s.removed, "removed sections are not ordered");
    }
    for s in p.sections.values() {
        assert_eq!(s.removed, !p.order.contains(&s.id), "every section not removed is ordered");
    }
    for s in &p.sign_offs {
        assert!(p.owned_by(s.partnership), "sign-offs come only from owners");
        assert_eq!(p.sign_offs.iter().filter(|o| o.partnership == s.partnership).count(), 1, "one sign-off per owner");
    }
    let mut versions: Vec<u32> = p.publications.iter().map(|x| x.version).collect();
    versions.sort();
    assert_eq!(versions, (1..=versions.len() as u32).collect::<Vec<_>>(), "versions are numbered 1..n");
}
