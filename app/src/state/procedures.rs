//! Procedures manuals and procedures (issue 11): hooks reading libraries, procedures and
//! their published versions through the domain, and the commands the editor sends.

use domain::{
    model::{Date, PartnershipDoc},
    procedure::{
        content, latest_published, publish, DetailsEdit, rule_for, section_text, sign_off, sign_off_states, section_text_after, section_text_patched, splice_section_text_in, Actor, LibraryDoc,
        Need, ProcedureContent, ProcedureDoc, ProcedureError, ProcedureOutline, Publication, SearchHit, SearchIndex, SignOff, SignOffState, Status,
    },
    DocumentId, ItemId,
};
use std::{collections::HashMap, sync::Arc};

use automerge::ChangeHash;
use leptos::prelude::*;

use super::use_repo;
use crate::{auth::use_me, repo::DocView, text::Splice};

/// One procedure as the manual lists it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProcedureEntry {
    pub id: DocumentId,
    /// Empty until the procedure has arrived on this device.
    pub title: String,
    pub status: Option<Status>,
    pub review_date: Option<Date>,
    /// The name of the last update when this procedure was in it.
    pub updated_in: Option<String>,
    /// Its latest published version and that version's amendment, when no update of the
    /// manual has it yet (what "Publish an update" offers).
    pub awaiting_update: Option<(u32, String)>,
}

/// What the library shows of a procedure document: read alone, without its sections,
/// history and sign-offs (a manual files hundreds of procedures of thousands of words).
#[derive(Debug, Clone, Default, PartialEq, autosurgeon::Hydrate)]
pub struct ProcedureHeading {
    #[autosurgeon(missing = "Default::default")]
    pub title: String,
    #[autosurgeon(missing = "Default::default")]
    pub status: Status,
    #[autosurgeon(missing = "Default::default")]
    pub review_date: Option<Date>,
    /// The procedure's comments document.
    #[autosurgeon(missing = "Default::default")]
    pub comments: Option<DocumentId>,
    /// Its published versions (a few short entries: never the text).
    #[autosurgeon(missing = "Default::default")]
    pub publications: Vec<Publication>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterEntry {
    pub id: ItemId,
    pub title: String,
    pub procedures: Vec<ProcedureEntry>,
}

/// A manual as the library page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryView {
    pub id: DocumentId,
    pub title: String,
    pub chapters: Vec<ChapterEntry>,
    /// (update name, launch date) of each published update, newest first.
    pub updates: Vec<(String, Option<Date>, Vec<String>)>,
}

#[derive(Debug, Clone, Copy)]
pub struct UseLibrariesReturn {
    /// The manuals a partnership lists that have arrived.
    pub libraries: Memo<Vec<LibraryView>>,
    /// Every procedure those manuals file (for search).
    pub procedures: Memo<Vec<DocumentId>>,
}

/// Today's date on this device.
pub fn today() -> Date {
    super::partnership::today()
}

/// The date of a change time (seconds since the epoch), UTC.
pub fn date_of(at: i64) -> Date {
    Date::of_unix_seconds(at)
}

/// The manuals partnership `id` lists, with their chapters and procedures; opens every
/// manual, procedure and comments document so they stay on this device for offline use.
pub fn use_libraries(id: DocumentId) -> UseLibrariesReturn {
    let ctx = use_repo();
    ctx.repo().open(id);
    let groups = {
        let ctx = ctx.clone();
        Memo::new(move |_| match ctx.read::<PartnershipDoc>(id) {
            DocView::Ready(p) => (p.libraries.clone(), p.groups()),
            _ => (Vec::new(), Vec::new()),
        })
    };
    let ids = {
        let ctx = ctx.clone();
        Memo::new(move |_| groups.with(|(own, groups)| listed_manuals(own, groups, |g| ctx.read::<GroupManuals>(g))))
    };
    {
        // A joint group's manuals are found through the group.
        let ctx = ctx.clone();
        Effect::new(move |_| groups.with(|(_, gs)| gs.iter().for_each(|g| ctx.repo().open(*g))));
    }
    let docs = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            ids.get()
                .into_iter()
                .filter_map(|l| match ctx.read::<LibraryDoc>(l) {
                    DocView::Ready(doc) => Some((l, doc)),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    };
    let procedures = Memo::new(move |_| docs.with(|ds| ds.iter().flat_map(|(_, d)| d.procedures()).collect::<Vec<_>>()));
    {
        let ctx = ctx.clone();
        Effect::new(move |_| {
            for l in ids.get() {
                ctx.repo().open(l);
            }
            for p in procedures.get() {
                ctx.repo().open(p);
            }
        });
    }
    let libraries = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            let today = today();
            docs.get().into_iter().map(|(lid, lib)| library_view(lid, &lib, today, |p| ctx.procedure_heading(p))).collect()
        })
    };
    {
        // A procedure's comments document, once the procedure names it.
        let ctx = ctx.clone();
        Effect::new(move |_| {
            for p in procedures.get() {
                if let DocView::Ready(heading) = ctx.procedure_heading(p) {
                    if let Some(c) = heading.comments {
                        ctx.repo().open(c);
                    }
                }
            }
        });
    }
    UseLibrariesReturn { libraries, procedures }
}

/// Every procedure filed in the manuals of the account's other partnerships (beyond
/// `except`, whose own the page already has), for a search over every procedure on the
/// device; opens those manuals so their procedures arrive and stay.
pub fn use_other_procedures(except: DocumentId) -> Memo<Vec<DocumentId>> {
    let ctx = use_repo();
    let me = use_me().me;
    Memo::new(move |_| {
        let partnerships: Vec<DocumentId> = me.with(|m| m.as_ref().map(|m| m.partnerships.iter().map(|p| p.document_id).filter(|p| *p != except).collect()).unwrap_or_default());
        let mut out: Vec<DocumentId> = Vec::new();
        for p in partnerships {
            let DocView::Ready(doc) = ctx.read::<PartnershipDoc>(p) else { continue };
            for l in listed_manuals(&doc.libraries, &doc.groups(), |g| ctx.read::<GroupManuals>(g)) {
                ctx.repo().open(l);
                if let DocView::Ready(lib) = ctx.read::<LibraryDoc>(l) {
                    for id in lib.procedures() {
                        if !out.contains(&id) {
                            ctx.repo().open(id);
                            out.push(id);
                        }
                    }
                }
            }
        }
        out
    })
}

/// What a manuals list reads of a group document: only its manuals.
#[derive(Debug, Clone, Default, PartialEq, autosurgeon::Hydrate)]
pub(super) struct GroupManuals {
    #[autosurgeon(missing = "Default::default")]
    pub(super) manuals: Vec<DocumentId>,
}

/// The manuals a partnership finds: those it lists (`own`), then those its groups list
/// (a joint manual, owned through a joint group that another partnership started), each once.
pub(super) fn listed_manuals(own: &[DocumentId], groups: &[DocumentId], read: impl Fn(DocumentId) -> DocView<GroupManuals>) -> Vec<DocumentId> {
    let mut all: Vec<DocumentId> = Vec::new();
    let through_groups = groups.iter().flat_map(|g| match read(*g) {
        DocView::Ready(g) => g.manuals,
        _ => Vec::new(),
    });
    for m in own.iter().copied().chain(through_groups) {
        if !all.contains(&m) {
            all.push(m);
        }
    }
    all
}

/// What the library page shows of one manual (plain data; `read` gives each procedure).
pub fn library_view(id: DocumentId, lib: &LibraryDoc, today: Date, read: impl Fn(DocumentId) -> DocView<ProcedureHeading>) -> LibraryView {
    let last = lib.last_update(today).map(|u| u.name.clone());
    let chapters = lib
        .chapters
        .iter()
        .map(|c| ChapterEntry {
            id: c.id,
            title: c.title.clone(),
            procedures: c
                .procedures
                .iter()
                .map(|&p| {
                    let updated_in = lib.updated_in_last_update(p, today).then(|| last.clone()).flatten();
                    match read(p) {
                        DocView::Ready(doc) => ProcedureEntry {
                            id: p,
                            awaiting_update: doc
                                .publications
                                .iter()
                                .max_by_key(|x| x.version)
                                .filter(|x| !lib.includes(p, x.version))
                                .map(|x| (x.version, x.summary.clone())),
                            title: doc.title,
                            status: Some(doc.status.on(doc.review_date, today)),
                            review_date: doc.review_date,
                            updated_in,
                        },
                        _ => ProcedureEntry { id: p, title: String::new(), status: None, review_date: None, updated_in, awaiting_update: None },
                    }
                })
                .collect(),
        })
        .collect();
    let updates = lib.updates_log().into_iter().map(|u| (u.name.clone(), u.launch, u.amendments.clone())).collect();
    LibraryView { id, title: lib.title.clone(), chapters, updates }
}

/// Offline search over `procedures` (their working text as held on this device).
///
/// The index is kept up to date procedure by procedure: a change to one procedure re-indexes
/// that one alone (its heads moved), never the others. It is built when the page opens, a
/// few procedures per idle moment ([`INDEX_SLICE_MS`] each), so neither opening the page
/// nor the first query waits for every procedure to be read; a query typed meanwhile finds
/// what is indexed so far, and its hits grow as the rest is.
pub fn use_search(procedures: Signal<Vec<DocumentId>>, query: Signal<String>) -> Memo<Vec<SearchHit>> {
    let ctx = use_repo();
    let live = StoredValue::new(LiveIndex::default());
    // Moves when an idle moment may index more.
    let slice = RwSignal::new(0u64);
    let index = Memo::new(move |generation: Option<&u64>| {
        slice.track();
        let ids = procedures.get();
        let deadline = js_sys::Date::now() + INDEX_SLICE_MS;
        let more = live
            .try_update_value(|live| {
                live.keep_only(&ids);
                let mut more = false;
                for &p in &ids {
                    let indexed = live.heads.contains_key(&p);
                    if !indexed && js_sys::Date::now() > deadline {
                        // Left for the next idle moment (not subscribed to meanwhile).
                        more = true;
                        continue;
                    }
                    let _ = ctx.with_document(p, |d| live.refresh(p, d));
                }
                more
            })
            .unwrap_or(false);
        if more {
            request_animation_frame(move || request_idle_callback(move || {
                slice.try_update(|n| *n += 1);
            }));
        }
        generation.map_or(0, |g| g + 1)
    });
    // Built from the start (a memo nobody reads would wait for the first query).
    Effect::new(move |_| {
        index.get();
    });
    Memo::new(move |_| {
        let q = query.get();
        index.get();
        if q.trim().is_empty() {
            return Vec::new();
        }
        live.with_value(|live| live.index.search(&q, 20))
    })
}

/// How long one idle moment spends indexing procedures not yet in the search index.
const INDEX_SLICE_MS: f64 = 12.0;

/// The search index and the heads each procedure was indexed at.
#[derive(Debug, Default)]
struct LiveIndex {
    index: SearchIndex,
    heads: HashMap<DocumentId, Vec<ChangeHash>>,
}

impl LiveIndex {
    /// Drops the procedures no longer listed.
    fn keep_only(&mut self, ids: &[DocumentId]) {
        let gone: Vec<DocumentId> = self.heads.keys().filter(|p| !ids.contains(p)).copied().collect();
        for p in gone {
            self.heads.remove(&p);
            self.index.remove(p);
        }
    }

    /// Indexes procedure `p` again if it changed since it was indexed.
    fn refresh(&mut self, p: DocumentId, doc: &automerge::Automerge) {
        let heads = doc.get_heads();
        if heads.is_empty() || self.heads.get(&p) == Some(&heads) {
            return;
        }
        match content(doc) {
            Ok(c) => self.index.upsert(p, &c),
            Err(_) => self.index.remove(p),
        }
        self.heads.insert(p, heads);
    }
}

/// An owning partnership's sign-off, as the sign-off panel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerSignOff {
    pub partnership: DocumentId,
    /// Its name, or "Another owning partnership" when its document is not readable here.
    pub name: String,
    /// Whether `name` is its real name.
    pub known: bool,
    pub state: Option<(SignOff, SignOffState)>,
    /// Whether the signed-in person may sign off for it.
    pub may_sign: bool,
    /// The person it named to sign off for it besides its admins (their email), if any.
    pub delegate: Option<String>,
    /// Whether the signed-in person may name that person (its admin).
    pub may_name: bool,
}

/// A command on a procedure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProcedureEdit {
    AddSection(String),
    RenameSection(ItemId, String),
    MoveSection(ItemId, usize),
    RemoveSection(ItemId),
    MoveTo(Status),
    SignOff(DocumentId),
    /// An owning partnership's admin names the person (an email; empty for nobody) who
    /// signs off for it besides its admins.
    NameSignatory(DocumentId, String),
    Publish(String),
    /// A change to the related guidance and legislation, local contacts or review date.
    Details(DetailsEdit),
}

#[derive(Debug, Clone, Copy)]
pub struct UseProcedureReturn {
    id: DocumentId,
    /// The procedure without its sections' text ([`ProcedureOutline`]): typing in a section
    /// leaves it unchanged, so nothing that reads it runs again.
    pub doc: Memo<DocView<ProcedureDoc>>,
    /// The latest published version and its content (what readers see).
    pub published: Memo<Option<(Publication, ProcedureContent)>>,
    /// Each owning partnership, with its sign-off.
    pub sign_offs: Memo<Vec<OwnerSignOff>>,
    /// The statuses the signed-in person may move it to now.
    pub moves: Memo<Vec<Status>>,
    /// Whether every owner signed off what the procedure says now (publication possible).
    pub may_publish: Memo<bool>,
    /// The signed-in person as the domain sees them.
    pub actor: Memo<Actor>,
    /// Applies one editor splice to a section's text.
    pub splice: Callback<(ItemId, Splice), Result<(), String>>,
    pub edit: Callback<ProcedureEdit, Result<(), String>>,
    /// The person's last splice through `splice` (see [`UseProcedureReturn::section_text`]).
    local: StoredValue<Option<LocalSplice>>,
    /// Each section's text as its [`UseProcedureReturn::section_text`] last held it, with
    /// the heads it was read at: a splice converts its positions on it.
    held: StoredValue<HashMap<ItemId, HeldText>>,
}

#[derive(Debug, Clone)]
struct HeldText {
    heads: Vec<ChangeHash>,
    text: Arc<str>,
}

/// A splice the person made on this page, with the document's heads just before and after
/// it: a section's text that was read at `before` is, at `after`, that text with the splice
/// applied (in `section`) or unchanged (in any other), without reading the document again.
#[derive(Debug, Clone)]
struct LocalSplice {
    section: ItemId,
    splice: Splice,
    before: Vec<ChangeHash>,
    after: Vec<ChangeHash>,
}

impl UseProcedureReturn {
    /// Section `section`'s text as held now. The echo of the person's own keystroke is
    /// worked out from the text before it (no read of the document's text, which grows with
    /// the section); any other change reads the section's text again.
    pub fn section_text(&self, section: ItemId) -> Memo<String> {
        let ctx = use_repo();
        let (id, local, held) = (self.id, self.local, self.held);
        // The heads at which the memo's value was the section's text.
        let seen = StoredValue::new(Vec::<ChangeHash>::new());
        // Owning the previous text: the echo of a keystroke splices it where it is, and a
        // section the keystroke was not in keeps it as it is, without a copy or a comparison
        // of the whole section.
        Memo::new_owning(move |prev: Option<String>| {
            ctx.track_document(id);
            let heads = ctx.repo().with_document(id, |d| d.get_heads()).unwrap_or_default();
            // The echo of the person's own keystroke: `mine` is its splice if it was in this
            // section (else this section's text is as it was).
            let echoed = |mut text: String, mine: Option<Splice>| {
                let changed = mine.is_some();
                if let Some(splice) = mine {
                    splice.apply_in_place(&mut text);
                }
                seen.set_value(heads.clone());
                held.update_value(|h| match h.get_mut(&section) {
                    Some(t) if !changed => t.heads = heads.clone(),
                    _ => {
                        h.insert(section, HeldText { heads: heads.clone(), text: Arc::from(text.as_str()) });
                    }
                });
                (text, changed)
            };
            let echo = prev.is_some().then(|| {
                local.with_value(|l| {
                    l.as_ref()
                        .filter(|l| l.after == heads && seen.with_value(|s| *s == l.before))
                        .map(|l| (l.section == section).then(|| l.splice.clone()))
                })
            });
            let prev = match (echo.flatten(), prev) {
                (Some(mine), Some(text)) => return echoed(text, mine),
                (_, prev) => prev,
            };
            // Others' edits: their splices applied to the text held at the heads seen last,
            // as the sync engine logged them (else as Automerge's diff of the text finds them).
            let text = ctx
                .repo()
                .with_document(id, |d| {
                    let after = prev.as_ref().filter(|_| seen.with_value(|s| !s.is_empty())).and_then(|prev| {
                        seen.with_value(|s| {
                            let logged = ctx.repo().with_patches_since(id, s, |patches| {
                                crate::repo::probe::timed("section.logged", || section_text_patched(d, section, s, prev, patches))
                            }).flatten();
                            logged.or_else(|| crate::repo::probe::timed("section.patches", || section_text_after(d, section, s, prev)))
                        })
                    });
                    after.or_else(|| crate::repo::probe::timed("section.read", || section_text(d, section)))
                })
                .flatten()
                .unwrap_or_default();
            seen.set_value(heads.clone());
            held.update_value(|h| {
                h.insert(section, HeldText { heads, text: Arc::from(text.as_str()) });
            });
            let changed = prev.as_ref() != Some(&text);
            (text, changed)
        })
    }
}

/// One procedure, its sign-offs and publications, and the commands on it.
pub fn use_procedure(id: DocumentId) -> UseProcedureReturn {
    let ctx = use_repo();
    ctx.repo().open(id);
    let me = use_me().me;
    let doc = {
        let ctx = ctx.clone();
        // Shared with the comments' hook: one read of the procedure per change.
        let read = ctx.partial::<ProcedureOutline>(id);
        Memo::new(move |_| outline(read.get()))
    };
    // What was published never changes: read again only when the publications do.
    let publications = Memo::new(move |_| doc.with(|d| match d {
        DocView::Ready(d) => d.publications.clone(),
        _ => Vec::new(),
    }));
    let published = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            publications.track();
            ctx.repo().with_document(id, |d| latest_published(d).ok().flatten()).flatten()
        })
    };
    let settled = super::use_settled(id);
    let actor = Memo::new(move |_| {
        me.with(|m| match m {
            Some(m) => Actor::new(&m.account.name, &m.partnerships.iter().map(|p| (p.document_id, p.role)).collect::<Vec<_>>()).with_email(&m.account.email),
            None => Actor::new("", &[]),
        })
    });
    let owner_ids = Memo::new(move |_| match doc.get() {
        DocView::Ready(d) => d.owner_ids(),
        _ => Vec::new(),
    });
    {
        let ctx = ctx.clone();
        Effect::new(move |_| {
            for p in owner_ids.get() {
                ctx.repo().open(p);
            }
        });
    }
    {
        let may_edit = Signal::derive(move || {
            owner_ids.with(|o| me.with(|m| m.as_ref().and_then(|m| m.role_for(id, o)).is_some_and(|r| r.can_edit())))
        });
        super::use_repair_after_merge(id, doc, may_edit);
    }
    let sign_offs = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            let DocView::Ready(d) = doc.get() else { return Vec::new() };
            // Whether a sign-off is for the content now compares the whole content: done
            // once the text has settled, not on every keystroke (the outline brings a new
            // sign-off at once).
            let states = if d.sign_offs.is_empty() {
                Vec::new()
            } else {
                settled.track();
                ctx.repo().with_document(id, |a| sign_off_states(a).unwrap_or_default()).unwrap_or_default()
            };
            let actor = actor.get();
            d.owner_ids()
                .into_iter()
                .map(|p| {
                    let recorded = d.owners.iter().find(|o| o.partnership == p).map(|o| o.name.trim().to_owned()).filter(|n| !n.is_empty());
                    let name = match ctx.read::<PartnershipDoc>(p) {
                        DocView::Ready(pd) => Some(pd.name),
                        _ => recorded,
                    };
                    (p, name)
                })
                .map(|(p, name)| OwnerSignOff {
                    partnership: p,
                    known: name.is_some(),
                    name: name.unwrap_or_else(|| "Another owning partnership".to_owned()),
                    state: states.iter().rev().find(|(s, _)| s.partnership == p).cloned(),
                    may_sign: d.may_sign_for(&actor, p),
                    delegate: d.delegate_of(p).map(str::to_owned),
                    may_name: actor.role_in(p) == Some(domain::access::Role::Admin),
                })
                .collect()
        })
    };
    let moves = Memo::new(move |_| {
        let DocView::Ready(d) = doc.get() else { return Vec::new() };
        let actor = actor.get();
        let today = today();
        let from = d.status_on(today);
        Status::ALL
            .into_iter()
            .filter(|&to| matches!(rule_for(from, to), Some(Need::OwnerEditor | Need::OwnerAdmin)) && d.may_move(&actor, to, today).is_ok())
            .collect()
    });
    let may_publish = Memo::new(move |_| {
        let s = sign_offs.get();
        doc.with(|d| matches!(d, DocView::Ready(d) if d.status == Status::SignedOff))
            && !s.is_empty() && s.iter().all(|o| matches!(o.state, Some((_, SignOffState::Current))))
    });
    let local = StoredValue::new(None::<LocalSplice>);
    let held = StoredValue::new(HashMap::<ItemId, HeldText>::new());
    let splice = {
        let ctx = ctx.clone();
        Callback::new(move |(section, s): (ItemId, Splice)| {
            let time = super::partnership::now();
            let before = ctx.repo().with_document(id, |d| d.get_heads()).unwrap_or_default();
            // The section's text held at these very heads, if any (else the splice reads it).
            let now = held.with_value(|h| h.get(&section).filter(|t| t.heads == before).map(|t| t.text.clone()));
            ctx.repo()
                .change_typing(id, |d| {
                    splice_section_text_in(d, section, now.as_deref(), s.pos, s.delete, &s.insert, "Edit the text", time)?;
                    local.set_value(Some(LocalSplice { section, splice: s.clone(), before, after: d.get_heads() }));
                    Ok::<_, ProcedureError>(())
                })
                .map_err(|_| not_open())?
                .map_err(|e| e.to_string())
        })
    };
    let edit = Callback::new(move |edit: ProcedureEdit| {
        let time = super::partnership::now();
        let actor = actor.get_untracked();
        let today = today();
        let result = ctx.repo().change(id, |d| -> Result<(), ProcedureError> {
            match edit {
                ProcedureEdit::SignOff(p) => sign_off(d, &actor, p, time),
                ProcedureEdit::Publish(summary) => publish(d, &actor, today, &summary, None, time).map(|_| ()),
                other => update(d, &other, &actor, today, time),
            }
        });
        result.map_err(|_| not_open())?.map_err(|e| e.to_string())
    });
    UseProcedureReturn { id, doc, published, sign_offs, moves, may_publish, actor, splice, edit, local, held }
}

/// The outline read as the procedure (its sections' text empty).
fn outline(view: DocView<ProcedureOutline>) -> DocView<ProcedureDoc> {
    match view {
        DocView::Ready(o) => DocView::Ready(o.0),
        DocView::NotOpen => DocView::NotOpen,
        DocView::Loading => DocView::Loading,
        DocView::Unavailable => DocView::Unavailable,
        DocView::Damaged(e) => DocView::Damaged(e),
    }
}

fn not_open() -> String {
    "This procedure has not loaded on this device yet. Try again in a moment".to_owned()
}

fn update(d: &mut automerge::Automerge, edit: &ProcedureEdit, actor: &Actor, today: Date, time: i64) -> Result<(), ProcedureError> {
    let message = match edit {
        ProcedureEdit::AddSection(_) => "Add a section",
        ProcedureEdit::RenameSection(..) => "Rename a section",
        ProcedureEdit::MoveSection(..) => "Move a section",
        ProcedureEdit::RemoveSection(_) => "Remove a section",
        ProcedureEdit::MoveTo(_) => "Move the procedure on",
        ProcedureEdit::Details(e) => e.message(),
        ProcedureEdit::NameSignatory(..) => "Name who signs off",
        _ => "Change the procedure",
    };
    domain::model::update(d, message, time, |p: &mut ProcedureDoc| match edit {
        ProcedureEdit::AddSection(h) => {
            let last = p.order.last().copied();
            p.add_section(h, "", last).map(|_| ())
        }
        ProcedureEdit::RenameSection(s, h) => p.rename_section(*s, h),
        ProcedureEdit::MoveSection(s, to) => p.move_section(*s, *to),
        ProcedureEdit::RemoveSection(s) => p.remove_section(*s),
        ProcedureEdit::MoveTo(to) => p.move_to(actor, *to, today, time),
        ProcedureEdit::Details(e) => p.edit_details(e),
        ProcedureEdit::NameSignatory(owner, person) => p.name_delegate(actor, *owner, person),
        _ => Ok(()),
    })
    .map_err(|e| match e {
        domain::model::DocError::Rule(e) => e,
        e => ProcedureError::Doc(e.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partnership_finds_its_own_manuals_then_its_groups_each_once() {
        let (own, joint, both) = (DocumentId::random(), DocumentId::random(), DocumentId::random());
        let (g1, g2, late) = (DocumentId::random(), DocumentId::random(), DocumentId::random());
        let read = |g: DocumentId| {
            if g == g1 {
                DocView::Ready(GroupManuals { manuals: vec![joint, both] })
            } else if g == g2 {
                DocView::Ready(GroupManuals { manuals: vec![] })
            } else {
                DocView::Loading
            }
        };
        assert_eq!(listed_manuals(&[own, both], &[g1, g2, late], read), vec![own, both, joint]);
    }
}
