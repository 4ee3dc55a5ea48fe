//! `model::update` when a transaction depends on more than the document's heads: two tabs of
//! one browser write with the same actor, and another device has built on one tab's change.
//! Text (which remembers the heads it was read at) must be read at the transaction's heads,
//! or autosurgeon refuses it as stale and the change is lost.

use std::convert::Infallible;

use automerge::{ActorId, Automerge};
use domain::model::{self, PartnershipDoc};
use domain::DocumentId;

#[test]
fn a_tab_writes_after_another_tab_of_the_same_browser_was_built_on() {
    let actor = ActorId::random();
    let mut tab_a = Automerge::new().with_actor(actor.clone());
    model::update(&mut tab_a, "create", 0, |d: &mut PartnershipDoc| {
        *d = PartnershipDoc::new("Board", "").unwrap();
        d.add_section("Purpose", "To keep children safe").map(|_| ())
    })
    .unwrap();

    // The other tab, same actor, adds a group; another device builds on that change.
    let mut tab_b = tab_a.fork().with_actor(actor);
    let group = DocumentId::random();
    model::update(&mut tab_b, "add group", 1, |p: &mut PartnershipDoc| { p.list_group(group); Ok::<_, Infallible>(()) }).unwrap();
    let mut other = tab_b.fork().with_actor(ActorId::random());
    model::update(&mut other, "rename", 2, |p: &mut PartnershipDoc| p.rename("Board 2")).unwrap();
    tab_a.merge(&mut other).unwrap();

    // Tab A's next change depends on tab B's (this actor's last) as well as on the head.
    model::update(&mut tab_a, "rename", 3, |p: &mut PartnershipDoc| p.rename("Board 3")).unwrap();
    let id = model::read::<PartnershipDoc>(&tab_a).unwrap().constitution[0].id;
    model::update(&mut tab_a, "edit", 4, |p: &mut PartnershipDoc| p.edit_section(id, "Purpose", "To keep every child safe"))
        .unwrap();

    let read: PartnershipDoc = model::read(&tab_a).unwrap();
    assert_eq!(read.name, "Board 3");
    assert_eq!(read.groups(), vec![group]);
    assert_eq!(read.constitution[0].text.as_str(), "To keep every child safe");
}
