use std::{fmt, path::Path, str::FromStr};

use domain::DocumentId;
use rusqlite::params;
use sha2::{Digest, Sha256};

use super::MediaType;
use crate::{
    auth::AccountId,
    clock::Clock,
    db::{AuthDb, Begin, DbPool, PooledDb, SqlError},
    storage::DatabaseUrl,
};

pub use domain::api::MAX_PAPER_BYTES;
/// File names are cut to this many characters.
const MAX_NAME_CHARS: usize = 200;

/// A blob's content address: `sha256:` and 64 lower-case hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BlobHash(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a paper's id is sha256: and 64 hex digits")]
pub struct BadBlobHash;

impl BlobHash {
    pub fn of(bytes: &[u8]) -> Self {
        Self(format!("sha256:{}", hex::encode(Sha256::digest(bytes))))
    }
}

impl fmt::Display for BlobHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for BlobHash {
    type Err = BadBlobHash;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let hex = s.strip_prefix("sha256:").ok_or(BadBlobHash)?;
        if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            Ok(Self(s.to_owned()))
        } else {
            Err(BadBlobHash)
        }
    }
}

/// A paper as one document attaches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPaper {
    pub hash: BlobHash,
    pub bytes: u64,
    pub name: String,
    pub media_type: MediaType,
    pub added_at: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum PapersError {
    #[error("papers database: {0}")]
    Db(#[from] SqlError),
    #[error("opening the papers tables: {0}")]
    Open(#[from] crate::db::DbError),
}

/// The papers tables on their own connection: in the node's SQLite file (WAL: uploads do
/// not block the sync hub), or in PostgreSQL, shared by every node.
#[derive(Debug)]
pub struct PaperStore {
    /// One connection on SQLite, a few on PostgreSQL.
    conn: DbPool,
    clock: Clock,
}

/// What a person may call a file: no control characters or path separators, at most
/// [`MAX_NAME_CHARS`] characters, "paper" when nothing is left.
fn clean_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if matches!(c, '/' | '\\' | '"') { '_' } else { c })
        .take(MAX_NAME_CHARS)
        .collect();
    let cleaned = cleaned.trim().to_owned();
    if cleaned.is_empty() { "paper".to_owned() } else { cleaned }
}

impl PaperStore {
    pub fn open_dir(data_dir: &Path, clock: Clock) -> Result<Self, PapersError> {
        Ok(Self { conn: DbPool::one(AuthDb::Sqlite(crate::db::open_dir(data_dir)?)), clock })
    }

    /// The tables in PostgreSQL at `url` when given, else in the SQLite file in `data_dir`.
    pub fn open_for(data_dir: &Path, url: Option<&DatabaseUrl>, clock: Clock) -> Result<Self, PapersError> {
        match url {
            None => Self::open_dir(data_dir, clock),
            Some(url) => Ok(Self { conn: DbPool::postgres(url.as_str())?, clock }),
        }
    }

    fn conn(&self) -> PooledDb<'_> {
        self.conn.get()
    }

    /// Stores `data` (once, whoever else attached the same bytes) and `doc`'s reference to it,
    /// in one transaction: when this returns, both are on disk; if it fails, neither is.
    pub fn put(
        &self,
        doc: DocumentId,
        name: &str,
        media_type: MediaType,
        account: Option<AccountId>,
        data: &[u8],
    ) -> Result<StoredPaper, PapersError> {
        let hash = BlobHash::of(data);
        let now = self.clock.now_ms();
        let name = clean_name(name);
        self.conn().transaction(Begin::Deferred, |db| {
            db.execute(
                "INSERT INTO blobs (hash, bytes, data, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                params![hash.0, data.len() as i64, data, now],
            )?;
            db.execute(
                "INSERT INTO papers (document, hash, name, media_type, account, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (document, hash) DO UPDATE SET name = excluded.name, media_type = excluded.media_type",
                params![doc.to_string(), hash.0, name, media_type.as_str(), account.map(|a| a.to_string()), now],
            )?;
            Ok::<_, PapersError>(())
        })?;
        Ok(StoredPaper { hash, bytes: data.len() as u64, name, media_type, added_at: now })
    }

    /// The paper `hash` as `doc` attaches it, with its bytes; `None` when `doc` does not.
    pub fn get(&self, doc: DocumentId, hash: &BlobHash) -> Result<Option<(StoredPaper, Vec<u8>)>, PapersError> {
        let row = self.conn().query_opt(
            "SELECT p.name, p.media_type, p.added_at, b.bytes, b.data FROM papers p JOIN blobs b ON b.hash = p.hash
             WHERE p.document = ?1 AND p.hash = ?2",
            params![doc.to_string(), hash.0],
        )?;
        let Some(r) = row else { return Ok(None) };
        let media: String = r.get(1)?;
        Ok(Some((
            StoredPaper {
                hash: hash.clone(),
                name: r.get(0)?,
                media_type: MediaType::stored(&media),
                added_at: r.get(2)?,
                bytes: r.get::<i64>(3)? as u64,
            },
            r.get::<Vec<u8>>(4)?,
        )))
    }

    /// How many distinct blobs are stored (deduplication is observable in tests).
    pub fn blob_count(&self) -> Result<u64, PapersError> {
        Ok(self.conn().query_one("SELECT COUNT(*) FROM blobs", &[])?.get::<i64>(0)? as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, PaperStore) {
        let dir = tempfile::TempDir::new().unwrap();
        let s = PaperStore::open_dir(dir.path(), Clock::system()).unwrap();
        (dir, s)
    }

    #[test]
    fn the_same_bytes_are_stored_once_and_read_back_per_document() {
        let (_dir, s) = store();
        let (a, b) = (DocumentId::random(), DocumentId::random());
        let pdf = MediaType::check("application/pdf", b"%PDF-1.7 report").unwrap();
        let first = s.put(a, "Annual report.pdf", pdf, None, b"%PDF-1.7 report").unwrap();
        let second = s.put(b, "report (copy).pdf", pdf, None, b"%PDF-1.7 report").unwrap();
        assert_eq!(first.hash, second.hash);
        assert_eq!(s.blob_count().unwrap(), 1, "deduplicated");
        let (paper, bytes) = s.get(b, &first.hash).unwrap().unwrap();
        assert_eq!((paper.name.as_str(), bytes.as_slice()), ("report (copy).pdf", &b"%PDF-1.7 report"[..]));
        assert!(s.get(DocumentId::random(), &first.hash).unwrap().is_none(), "another document does not attach it");
    }

    #[test]
    fn hashes_parse_strictly_and_names_are_cleaned() {
        let h = BlobHash::of(b"x");
        assert_eq!(h.to_string().parse::<BlobHash>().unwrap(), h);
        for bad in ["sha256:XYZ", "md5:00", "", &format!("sha256:{}", "A".repeat(64))] {
            assert!(bad.parse::<BlobHash>().is_err(), "{bad}");
        }
        assert_eq!(clean_name("../../etc/passwd"), ".._.._etc_passwd");
        assert_eq!(clean_name(" \u{0007} "), "paper");
        assert_eq!(clean_name(&"a".repeat(500)).chars().count(), MAX_NAME_CHARS);
    }
}
