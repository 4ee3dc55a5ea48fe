//! Benchmark: what one remote change costs to apply, by the size of the object it touches.
//!
//! A procedure's section is one Automerge text object. Automerge 0.12 applies a received
//! change to a sequence by walking every operation of that object (its `BatchApply`), so a
//! remote keystroke into a very large section costs time in proportion to the section, while
//! the same keystroke made locally does not (a transaction finds its position by index). This
//! prints both, for sections of growing size, and a change to a map key of the same document.
//!
//! `cargo run -p quorum-domain --profile server --example text_apply` (scripts/bench.sh runs it)
use automerge::{transaction::Transactable, AutoCommit, Automerge, Change, ObjId, ObjType, ReadDoc, ROOT};
use std::time::{Duration, Instant};

/// A document whose text object holds `words` words, typed in `changes` changes.
fn section(words: usize, changes: usize) -> (Automerge, ObjId, usize) {
    let mut doc = AutoCommit::new();
    let text = doc.put_object(ROOT, "text", ObjType::Text).unwrap();
    let mut len = 0;
    let per_change = (words / changes).max(1);
    for c in 0..changes {
        let typed: String = (0..per_change).map(|w| format!("word{} ", c * per_change + w)).collect();
        doc.splice_text(&text, len, 0, &typed).unwrap();
        len += typed.len();
        doc.commit();
    }
    (doc.document().clone(), text, len)
}

/// The change another device makes to `doc` with `edit`.
fn remote(doc: &Automerge, edit: impl FnOnce(&mut automerge::transaction::Transaction<'_>)) -> Change {
    let mut other = doc.fork();
    let mut tx = other.transaction();
    edit(&mut tx);
    tx.commit();
    other.get_last_local_change().unwrap().clone()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    const ROUNDS: usize = 7;
    println!("one change applied to a document, median of {ROUNDS}");
    for words in [1_000, 5_000, 20_000] {
        let (doc, text, len) = section(words, 5_000.min(words));
        let keystroke = remote(&doc, |tx| tx.splice_text(&text, len / 2, 0, "x").unwrap());
        let title = remote(&doc, |tx| tx.put(ROOT, "title", "Escalation").unwrap());
        let time = |change: &Change| {
            median((0..ROUNDS).map(|_| {
                let mut copy = doc.clone();
                let start = Instant::now();
                copy.apply_changes([change.clone()]).unwrap();
                start.elapsed()
            }).collect())
        };
        let local = median((0..ROUNDS).map(|_| {
            let mut copy = AutoCommit::load(&doc.save()).unwrap();
            let start = Instant::now();
            copy.splice_text(&text, len / 2, 0, "x").unwrap();
            copy.commit();
            start.elapsed()
        }).collect());
        assert_eq!(doc.text(&text).unwrap().len(), len);
        println!(
            "  {words:>6} words ({len:>7} characters): a remote keystroke {:>10.3?}, the same keystroke made locally {:>10.3?}, a remote change to a map key {:>10.3?}",
            time(&keystroke),
            local,
            time(&title),
        );
    }
}
