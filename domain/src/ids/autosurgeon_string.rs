//! Stores an id type in documents as its string form (readable from the JS client too).

/// Implements `Reconcile` (with the id as list key) and `Hydrate` for a type with
/// `Display` and `FromStr`.
macro_rules! store_as_string {
    ($ty:ty) => {
        impl autosurgeon::Reconcile for $ty {
            type Key<'a> = std::borrow::Cow<'a, str>;

            fn reconcile<R: autosurgeon::Reconciler>(&self, mut r: R) -> Result<(), R::Error> {
                r.str(self.to_string())
            }

            fn key(&self) -> autosurgeon::reconcile::LoadKey<Self::Key<'_>> {
                autosurgeon::reconcile::LoadKey::Found(std::borrow::Cow::Owned(self.to_string()))
            }

            fn hydrate_key<'a, D: autosurgeon::ReadDoc>(
                doc: &D,
                obj: &automerge::ObjId,
                prop: autosurgeon::Prop<'_>,
            ) -> Result<autosurgeon::reconcile::LoadKey<Self::Key<'a>>, autosurgeon::ReconcileError> {
                <String as autosurgeon::Reconcile>::hydrate_key(doc, obj, prop)
            }
        }

        impl autosurgeon::Hydrate for $ty {
            fn hydrate_string(s: &'_ str) -> Result<Self, autosurgeon::HydrateError> {
                s.parse().map_err(|_| autosurgeon::HydrateError::unexpected(stringify!($ty), s.to_owned()))
            }
        }
    };
}

pub(crate) use store_as_string;
