//! [`RecentPatches`]: what the last few sync messages did to a document, as Automerge
//! patches logged while they were applied, so a view of one part of it (a section's text)
//! can bring itself up to date from what changed, without diffing a large object again.

use std::collections::VecDeque;

use automerge::{ChangeHash, Patch};

/// One applied message: the document's heads before and after it and its patches.
#[derive(Debug, Clone)]
struct Step {
    before: Vec<ChangeHash>,
    after: Vec<ChangeHash>,
    patches: Vec<Patch>,
}

/// The patches of the last [`RecentPatches::KEPT`] messages that changed a document, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct RecentPatches {
    steps: VecDeque<Step>,
}

impl RecentPatches {
    /// How many messages' patches are kept (a view that fell further behind reads again).
    pub(crate) const KEPT: usize = 16;
    /// A message with more patches than this is not kept (a large catch-up: read again).
    pub(crate) const MAX_PATCHES: usize = 4096;

    /// A message took the document from heads `before` to `after` with `patches`. Too many
    /// patches leave a gap instead: no chain of steps crosses it.
    pub(crate) fn push(&mut self, before: Vec<ChangeHash>, after: Vec<ChangeHash>, patches: Vec<Patch>) {
        if patches.len() > Self::MAX_PATCHES {
            self.steps.clear();
            return;
        }
        if self.steps.len() == Self::KEPT {
            self.steps.pop_front();
        }
        self.steps.push_back(Step { before, after, patches });
    }

    /// The patches that take the document from heads `from` to heads `now`, when the steps
    /// kept chain from one to the other with nothing else between (a local change or a load
    /// from storage moves the heads without a step: `None` then). Empty when `from == now`.
    #[cfg(test)]
    pub(crate) fn between(&self, from: &[ChangeHash], now: &[ChangeHash]) -> Option<Vec<Patch>> {
        self.iter_between(from, now).map(|patches| patches.cloned().collect())
    }

    /// As `between` (the tests' copy), borrowed.
    pub(crate) fn iter_between<'a>(&'a self, from: &[ChangeHash], now: &[ChangeHash]) -> Option<impl Iterator<Item = &'a Patch> + 'a> {
        let (start, end) = if from == now { (0, 0) } else { self.chain(from, now)? };
        Some(self.steps.range(start..end).flat_map(|step| step.patches.iter()))
    }

    /// The range of steps that chains `from` to `now` (`from != now`).
    fn chain(&self, from: &[ChangeHash], now: &[ChangeHash]) -> Option<(usize, usize)> {
        let start = self.steps.iter().rposition(|s| s.before == from)?;
        let mut at = from;
        for (i, step) in self.steps.range(start..).enumerate() {
            if step.before != at {
                return None;
            }
            at = &step.after;
            if at == now {
                return Some((start, start + i + 1));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use automerge::{transaction::Transactable, Automerge, ObjType, PatchAction, PatchLog, ROOT};

    use super::*;

    /// A document with a text, and the patches of each of `edits` (insert at 0) made on it.
    fn steps(edits: &[&str]) -> (Vec<Vec<ChangeHash>>, Vec<Vec<Patch>>) {
        let mut doc = Automerge::new();
        let mut tx = doc.transaction();
        let text = tx.put_object(ROOT, "text", ObjType::Text).unwrap();
        tx.commit();
        let mut heads = vec![doc.get_heads()];
        let mut patches = Vec::new();
        for e in edits {
            let mut tx = doc.transaction_log_patches(PatchLog::active()).unwrap();
            tx.splice_text(&text, 0, 0, e).unwrap();
            let (_, mut log) = tx.commit();
            patches.push(doc.make_patches(&mut log));
            heads.push(doc.get_heads());
        }
        (heads, patches)
    }

    fn inserted(patches: &[Patch]) -> Vec<String> {
        patches
            .iter()
            .filter_map(|p| match &p.action {
                PatchAction::SpliceText { value, .. } => Some(value.make_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn steps_that_chain_give_their_patches_in_order() {
        let (heads, patches) = steps(&["a", "b", "c"]);
        let mut recent = RecentPatches::default();
        for i in 0..3 {
            recent.push(heads[i].clone(), heads[i + 1].clone(), patches[i].clone());
        }
        assert_eq!(inserted(&recent.between(&heads[0], &heads[3]).unwrap()), ["a", "b", "c"]);
        assert_eq!(inserted(&recent.between(&heads[1], &heads[3]).unwrap()), ["b", "c"]);
        assert_eq!(inserted(&recent.between(&heads[1], &heads[2]).unwrap()), ["b"]);
        assert!(recent.between(&heads[3], &heads[3]).unwrap().is_empty());
    }

    #[test]
    fn a_gap_between_steps_breaks_the_chain() {
        let (heads, patches) = steps(&["a", "b", "c"]);
        let mut recent = RecentPatches::default();
        // The middle step (a local change, say) is not kept.
        recent.push(heads[0].clone(), heads[1].clone(), patches[0].clone());
        recent.push(heads[2].clone(), heads[3].clone(), patches[2].clone());
        assert!(recent.between(&heads[0], &heads[3]).is_none());
        assert!(recent.between(&heads[0], &heads[2]).is_none());
        assert_eq!(inserted(&recent.between(&heads[2], &heads[3]).unwrap()), ["c"]);
        // Heads never seen, or moved on past the last step: read again.
        assert!(recent.between(&[], &heads[3]).is_none());
        assert!(recent.between(&heads[0], &[]).is_none());
    }

    #[test]
    fn only_the_last_steps_are_kept_and_a_large_message_leaves_a_gap() {
        let edits: Vec<String> = (0..RecentPatches::KEPT + 2).map(|i| i.to_string()).collect();
        let (heads, patches) = steps(&edits.iter().map(String::as_str).collect::<Vec<_>>());
        let mut recent = RecentPatches::default();
        for i in 0..edits.len() {
            recent.push(heads[i].clone(), heads[i + 1].clone(), patches[i].clone());
        }
        let last = heads.len() - 1;
        assert!(recent.between(&heads[1], &heads[last]).is_none(), "the oldest steps are gone");
        assert_eq!(recent.between(&heads[2], &heads[last]).unwrap().len(), RecentPatches::KEPT);
        let many = vec![patches[0][0].clone(); RecentPatches::MAX_PATCHES + 1];
        recent.push(heads[last].clone(), heads[0].clone(), many);
        assert!(recent.between(&heads[2], &heads[last]).is_none(), "a large message clears the steps");
    }
}
