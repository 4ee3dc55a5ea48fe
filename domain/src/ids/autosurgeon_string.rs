//! Stores an id type in documents as its string form (readable from the JS client too).

/// Implements `Reconcile` (with the id as list key) and `Hydrate` for a type with
/// `Display` and `FromStr`, and serde's traits through the same string (the app's saved views
/// of documents are JSON).
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

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(|_| serde::de::Error::custom(format_args!("not a {}: {:?}", stringify!($ty), s)))
            }
        }
    };
}

pub(crate) use store_as_string;
