//! The one reader every typed value is hydrated through: the document as it is now, or as it
//! was at some heads (answered with automerge's `*_at` reads, without replaying history).
//!
//! One reader type for the latest state and past versions means each `Hydrate` impl is
//! compiled once for both, not once each; both are hydrated through [`super::CachedReader`]
//! over it. (`update` still reads through its transaction: see `model::doc`.)

use std::ops::RangeBounds;

use automerge::{self as am, AutomergeError, ChangeHash, ObjId, Value};

/// `doc` now, or as at `heads`, for [`autosurgeon::hydrate`].
#[derive(Debug, Clone, Copy)]
pub struct DocReader<'a> {
    doc: &'a am::Automerge,
    heads: Option<&'a [ChangeHash]>,
}

impl<'a> DocReader<'a> {
    /// The document as it is now.
    pub fn latest(doc: &'a am::Automerge) -> Self {
        Self { doc, heads: None }
    }

    /// The document as it was at `heads` (which the caller has checked it holds).
    pub fn at(doc: &'a am::Automerge, heads: &'a [ChangeHash]) -> Self {
        Self { doc, heads: Some(heads) }
    }
}

impl autosurgeon::ReadDoc for DocReader<'_> {
    type Parents<'b>
        = am::Parents<'b>
    where
        Self: 'b;

    fn get_heads(&self) -> Vec<ChangeHash> {
        match self.heads {
            Some(heads) => heads.to_vec(),
            None => self.doc.get_heads(),
        }
    }

    fn get<P: Into<am::Prop>>(&self, obj: &ObjId, prop: P) -> Result<Option<(Value<'_>, ObjId)>, AutomergeError> {
        match self.heads {
            Some(heads) => am::ReadDoc::get_at(self.doc, obj, prop, heads),
            None => am::ReadDoc::get(self.doc, obj, prop),
        }
    }

    fn object_type<O: AsRef<ObjId>>(&self, obj: O) -> Option<am::ObjType> {
        am::ReadDoc::object_type(self.doc, obj).ok()
    }

    fn map_range<'b, O, R>(&'b self, obj: O, range: R) -> am::iter::MapRange<'b>
    where
        R: RangeBounds<String> + 'b,
        O: AsRef<ObjId>,
        R: RangeBounds<String>,
    {
        match self.heads {
            Some(heads) => am::ReadDoc::map_range_at(self.doc, obj, range, heads),
            None => am::ReadDoc::map_range(self.doc, obj, range),
        }
    }

    fn list_range<O: AsRef<ObjId>, R: RangeBounds<usize>>(&self, obj: O, range: R) -> am::iter::ListRange<'_> {
        match self.heads {
            Some(heads) => am::ReadDoc::list_range_at(self.doc, obj, range, heads),
            None => am::ReadDoc::list_range(self.doc, obj, range),
        }
    }

    fn length<O: AsRef<ObjId>>(&self, obj: O) -> usize {
        match self.heads {
            Some(heads) => am::ReadDoc::length_at(self.doc, obj, heads),
            None => am::ReadDoc::length(self.doc, obj),
        }
    }

    fn text<O: AsRef<ObjId>>(&self, obj: O) -> Result<String, AutomergeError> {
        match self.heads {
            Some(heads) => am::ReadDoc::text_at(self.doc, obj, heads),
            None => am::ReadDoc::text(self.doc, obj),
        }
    }

    fn parents<O: AsRef<ObjId>>(&self, obj: O) -> Result<Self::Parents<'_>, AutomergeError> {
        match self.heads {
            Some(heads) => am::ReadDoc::parents_at(self.doc, obj, heads),
            None => am::ReadDoc::parents(self.doc, obj),
        }
    }

    fn is_empty(&self) -> bool {
        match self.heads {
            Some(heads) => am::ReadDoc::keys_at(self.doc, am::ROOT, heads).count() == 0,
            None => am::ReadDoc::keys(self.doc, am::ROOT).count() == 0,
        }
    }
}
