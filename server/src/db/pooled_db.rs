//! A connection lent by a [`DbPool`]: given back when dropped.

use std::ops::{Deref, DerefMut};

use super::{AuthDb, DbPool};

#[derive(Debug)]
pub struct PooledDb<'a> {
    pool: &'a DbPool,
    /// Always `Some` until dropped.
    db: Option<AuthDb>,
}

impl<'a> PooledDb<'a> {
    pub(super) fn new(pool: &'a DbPool, db: AuthDb) -> Self {
        Self { pool, db: Some(db) }
    }
}

impl Deref for PooledDb<'_> {
    type Target = AuthDb;

    fn deref(&self) -> &AuthDb {
        self.db.as_ref().expect("lent until dropped")
    }
}

impl DerefMut for PooledDb<'_> {
    fn deref_mut(&mut self) -> &mut AuthDb {
        self.db.as_mut().expect("lent until dropped")
    }
}

impl Drop for PooledDb<'_> {
    fn drop(&mut self) {
        if let Some(db) = self.db.take() {
            self.pool.give_back(db);
        }
    }
}
