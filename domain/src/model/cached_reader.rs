//! A reader for one hydrate that reads each map or list object of the document in a single
//! walk, the first time any of its values is asked for, and answers the rest from that walk.
//!
//! Hydrating a struct asks automerge for each field in turn, and each ask searches the
//! object's operations again; one `map_range` / `list_range` walk finds them all. For a
//! meeting of the scale benchmark (issue 12) that is about five times faster, whole or in
//! part (a tracker's actions), with the same values: a walk yields the value `get` would
//! (the winner of any conflict) and the same ids.

use std::{
    cell::RefCell,
    collections::{hash_map::Entry, HashMap},
    ops::RangeBounds,
};

use automerge::{self as am, AutomergeError, ChangeHash, ObjId, ObjType, Value};
use autosurgeon::ReadDoc;

use super::DocReader;

/// [`DocReader`] with each object read whole once. Lives for one hydrate: the document
/// must not change meanwhile (it cannot: the reader borrows it).
#[derive(Debug)]
pub struct CachedReader<'a> {
    inner: DocReader<'a>,
    objects: RefCell<HashMap<ObjId, Fields>>,
}

/// One object's values as a walk found them.
#[derive(Debug)]
enum Fields {
    Map(HashMap<String, (Value<'static>, ObjId)>),
    List(Vec<(Value<'static>, ObjId)>),
    /// Text (hydrated whole through `text`), or not an object: asked of automerge.
    Other,
}

impl<'a> CachedReader<'a> {
    pub fn new(inner: DocReader<'a>) -> Self {
        Self { inner, objects: RefCell::default() }
    }

    fn walk(&self, obj: &ObjId) -> Fields {
        match self.inner.object_type(obj) {
            Some(ObjType::Map | ObjType::Table) => Fields::Map(
                self.inner
                    .map_range(obj, ..)
                    .map(|item| {
                        let id = item.id();
                        (item.key.into_owned(), (Value::from(item.value), id))
                    })
                    .collect(),
            ),
            Some(ObjType::List) => Fields::List(
                self.inner
                    .list_range(obj, ..)
                    .map(|item| {
                        let id = item.id();
                        (Value::from(item.value), id)
                    })
                    .collect(),
            ),
            _ => Fields::Other,
        }
    }
}

impl autosurgeon::ReadDoc for CachedReader<'_> {
    type Parents<'b>
        = am::Parents<'b>
    where
        Self: 'b;

    fn get_heads(&self) -> Vec<ChangeHash> {
        self.inner.get_heads()
    }

    fn get<P: Into<am::Prop>>(&self, obj: &ObjId, prop: P) -> Result<Option<(Value<'_>, ObjId)>, AutomergeError> {
        let prop = prop.into();
        let cached = {
            let mut objects = self.objects.borrow_mut();
            let fields = match objects.entry(obj.clone()) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => e.insert(self.walk(obj)),
            };
            match (fields, &prop) {
                (Fields::Map(values), am::Prop::Map(key)) => Some(values.get(key.as_str()).cloned()),
                (Fields::List(values), am::Prop::Seq(index)) => Some(values.get(*index).cloned()),
                _ => None,
            }
        };
        match cached {
            Some(value) => Ok(value),
            // Text, or a key of the wrong kind: automerge answers (or refuses) as before.
            None => self.inner.get(obj, prop),
        }
    }

    fn object_type<O: AsRef<ObjId>>(&self, obj: O) -> Option<am::ObjType> {
        self.inner.object_type(obj)
    }

    fn map_range<'b, O, R>(&'b self, obj: O, range: R) -> am::iter::MapRange<'b>
    where
        R: RangeBounds<String> + 'b,
        O: AsRef<ObjId>,
        R: RangeBounds<String>,
    {
        self.inner.map_range(obj, range)
    }

    fn list_range<O: AsRef<ObjId>, R: RangeBounds<usize>>(&self, obj: O, range: R) -> am::iter::ListRange<'_> {
        self.inner.list_range(obj, range)
    }

    fn length<O: AsRef<ObjId>>(&self, obj: O) -> usize {
        self.inner.length(obj)
    }

    fn text<O: AsRef<ObjId>>(&self, obj: O) -> Result<String, AutomergeError> {
        self.inner.text(obj)
    }

    fn parents<O: AsRef<ObjId>>(&self, obj: O) -> Result<Self::Parents<'_>, AutomergeError> {
        self.inner.parents(obj)
    }

    fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }
}
