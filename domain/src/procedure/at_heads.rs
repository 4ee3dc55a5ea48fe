//! Reading a document as it was at some heads without replaying its history: a view that
//! answers autosurgeon's reads with automerge's `*_at` reads (a `fork_at` copies every
//! change up to the heads, which is slow on a long history).

use std::ops::RangeBounds;

use automerge::{self as am, AutomergeError, ChangeHash, ObjId, ReadDoc as _, Value};

/// `doc` as at `heads`, for [`autosurgeon::hydrate`].
#[derive(Debug)]
pub(crate) struct AtHeads<'a> {
    pub(crate) doc: &'a am::Automerge,
    pub(crate) heads: &'a [ChangeHash],
}

impl autosurgeon::ReadDoc for AtHeads<'_> {
    type Parents<'b>
        = am::Parents<'b>
    where
        Self: 'b;

    fn get_heads(&self) -> Vec<ChangeHash> {
        self.heads.to_vec()
    }

    fn get<P: Into<am::Prop>>(&self, obj: &ObjId, prop: P) -> Result<Option<(Value<'_>, ObjId)>, AutomergeError> {
        self.doc.get_at(obj, prop, self.heads)
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
        self.doc.map_range_at(obj, range, self.heads)
    }

    fn list_range<O: AsRef<ObjId>, R: RangeBounds<usize>>(&self, obj: O, range: R) -> am::iter::ListRange<'_> {
        self.doc.list_range_at(obj, range, self.heads)
    }

    fn length<O: AsRef<ObjId>>(&self, obj: O) -> usize {
        self.doc.length_at(obj, self.heads)
    }

    fn text<O: AsRef<ObjId>>(&self, obj: O) -> Result<String, AutomergeError> {
        self.doc.text_at(obj, self.heads)
    }

    fn parents<O: AsRef<ObjId>>(&self, obj: O) -> Result<Self::Parents<'_>, AutomergeError> {
        self.doc.parents_at(obj, self.heads)
    }

    fn is_empty(&self) -> bool {
        self.doc.keys_at(am::ROOT, self.heads).count() == 0
    }
}

/// Hydrates `T` from `doc` as at `heads`. Heads the document does not have are an error.
pub(crate) fn hydrate_at<T: autosurgeon::Hydrate>(doc: &am::Automerge, heads: &[ChangeHash]) -> Result<T, super::ProcedureError> {
    if let Some(missing) = heads.iter().find(|h| doc.get_change_by_hash(h).is_none()) {
        return Err(super::ProcedureError::Doc(format!("this device does not have change {missing}")));
    }
    autosurgeon::hydrate(&AtHeads { doc, heads }).map_err(super::ProcedureError::doc)
}
