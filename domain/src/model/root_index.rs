use autosurgeon::{Hydrate, Reconcile};

use crate::DocumentId;

/// The root index document: which partnership documents exist. The server tells clients
/// its id; every partnership is its own document (see README, "Document boundaries").
#[derive(Debug, Clone, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub struct RootIndex {
    #[autosurgeon(missing = "Default::default")]
    pub partnerships: Vec<PartnershipEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct PartnershipEntry {
    #[key]
    pub document: DocumentId,
}

impl RootIndex {
    /// Lists a partnership document once, however often it is added.
    pub fn add(&mut self, document: DocumentId) {
        if !self.contains(document) {
            self.partnerships.push(PartnershipEntry { document });
        }
    }

    pub fn contains(&self, document: DocumentId) -> bool {
        self.partnerships.iter().any(|p| p.document == document)
    }

    /// The listed documents, each once (concurrent adds of one id merge into duplicates).
    pub fn documents(&self) -> Vec<DocumentId> {
        let mut seen = Vec::new();
        for p in &self.partnerships {
            if !seen.contains(&p.document) {
                seen.push(p.document);
            }
        }
        seen
    }
}
