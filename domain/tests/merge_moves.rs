//! Reordering list items through a document change, one change per action as the pages do.

use automerge::Automerge;
use domain::model::{self, GroupDoc, GroupKind, ListItem, TermsList};
use domain::DocumentId;

fn doc_with(items: &[&str]) -> Automerge {
    let mut g = GroupDoc::new("Panel", GroupKind::Panel, DocumentId::random()).unwrap();
    g.terms.functions = items.iter().map(|t| ListItem::new(t)).collect();
    let mut doc = Automerge::new();
    model::update(&mut doc, "create", 0, |d: &mut GroupDoc| {
        *d = g.clone();
        Ok::<_, std::convert::Infallible>(())
    })
    .unwrap();
    doc
}

fn texts(doc: &Automerge) -> Vec<String> {
    model::read::<GroupDoc>(doc).unwrap().terms.functions.iter().map(|i| i.text.as_str().to_owned()).collect()
}

#[test]
fn moving_up_and_down_keeps_every_text_once() {
    for (at, up) in [(1, true), (2, true), (0, false), (1, false)] {
        let mut doc = doc_with(&["A", "B", "C"]);
        let id = model::read::<GroupDoc>(&doc).unwrap().terms.functions[at].id;
        model::update(&mut doc, "move", 1, |g: &mut GroupDoc| {
            if up { g.move_list_item_up(TermsList::Functions, id) } else { g.move_list_item_down(TermsList::Functions, id) }
        })
        .unwrap();
        let mut got = texts(&doc);
        assert_eq!(got.len(), 3, "{at} {up}: {got:?}");
        got.sort();
        assert_eq!(got, ["A", "B", "C"], "{at} {up}");
    }
}

#[test]
fn constitution_sections_move_both_ways_through_the_document() {
    use domain::model::PartnershipDoc;
    let mut p = PartnershipDoc::new("LSCB", "").unwrap();
    let ids: Vec<_> = ["Introduction", "Functions", "Membership"].iter().map(|h| p.add_section(h, h).unwrap()).collect();
    let mut doc = Automerge::new();
    model::update(&mut doc, "create", 0, |d: &mut PartnershipDoc| {
        *d = p.clone();
        Ok::<_, std::convert::Infallible>(())
    })
    .unwrap();
    for (id, by) in [(ids[2], -1), (ids[2], -1), (ids[0], 1), (ids[1], 1)] {
        model::update(&mut doc, "move", 1, |p: &mut PartnershipDoc| p.move_section(id, by)).unwrap();
    }
    let p: PartnershipDoc = model::read(&doc).unwrap();
    let shown: Vec<_> = p.constitution.iter().map(|s| (s.heading.as_str(), s.text.as_str())).collect();
    assert_eq!(shown.len(), 3);
    assert!(shown.iter().all(|(h, t)| h == t), "texts stay with their headings: {shown:?}");
}
