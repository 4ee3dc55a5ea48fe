//! How documents are laid out in storage, the same layout automerge-repo uses:
//! `<documentId>/snapshot/<hash>` holds a compacted whole document,
//! `<documentId>/incremental/<hash>` holds changes saved since. Loading concatenates all
//! chunks of a document; compaction writes a snapshot and deletes exactly the chunks it
//! covers, in one atomic commit, so no change is ever dropped.

use automerge::{Automerge, ChangeHash};
use sha2::{Digest, Sha256};

use super::StorageKey;
use crate::DocumentId;

/// The prefix of every chunk of one document.
pub fn document_prefix(doc: DocumentId) -> StorageKey {
    StorageKey::new([doc.to_string()]).expect("a document id is a valid key component")
}

/// Which kind of chunk a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkKind {
    Snapshot,
    Incremental,
}

impl ChunkKind {
    fn as_str(self) -> &'static str {
        match self {
            ChunkKind::Snapshot => "snapshot",
            ChunkKind::Incremental => "incremental",
        }
    }
}

/// The key of a chunk whose content ends at `heads`: content-addressed, so two writers
/// saving the same changes write the same key.
pub fn chunk_key(doc: DocumentId, kind: ChunkKind, heads: &[ChangeHash]) -> StorageKey {
    let mut sorted = heads.to_vec();
    sorted.sort();
    let mut hasher = Sha256::new();
    for h in &sorted {
        hasher.update(h.0);
    }
    StorageKey::new([doc.to_string(), kind.as_str().to_owned(), hex::encode(hasher.finalize())])
        .expect("hex and ids are valid key components")
}

/// The document id a chunk key belongs to, if it is a chunk key.
pub fn document_of(key: &StorageKey) -> Option<DocumentId> {
    match key.parts() {
        [doc, kind, _] if kind == "snapshot" || kind == "incremental" => doc.parse().ok(),
        _ => None,
    }
}

/// Which kind of chunk a chunk key names, if it is a chunk key.
pub fn chunk_kind(key: &StorageKey) -> Option<ChunkKind> {
    match key.parts() {
        [_, kind, _] if kind == "snapshot" => Some(ChunkKind::Snapshot),
        [_, kind, _] if kind == "incremental" => Some(ChunkKind::Incremental),
        _ => None,
    }
}

/// Why stored chunks did not load.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stored document is unreadable: {0}")]
pub struct LoadError(String);

/// Loads a document from its chunks (in any order). A chunk that fails to load is
/// reported rather than silently skipped: the caller decides (the server refuses to serve
/// a damaged document instead of overwriting it with less).
///
/// Whole-document chunks (snapshots) are loaded first: into an empty document automerge
/// loads one in bulk, whereas after any incremental chunk it would apply the snapshot's
/// changes one by one (for a 10,000-change document, most of a second).
pub fn load_chunks<'a>(chunks: impl IntoIterator<Item = &'a [u8]>) -> Result<Automerge, LoadError> {
    let mut chunks: Vec<&[u8]> = chunks.into_iter().collect();
    chunks.sort_by_key(|chunk| !is_document_chunk(chunk));
    let mut doc = Automerge::new();
    for chunk in chunks {
        doc.load_incremental(chunk).map_err(|e| LoadError(e.to_string()))?;
    }
    Ok(doc)
}

/// The first 4 bytes of every automerge chunk.
const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];

/// Whether `chunk` starts with an automerge document chunk (what `Automerge::save` writes):
/// 4 magic bytes, a 4-byte checksum, then the chunk type, 0 for a document.
fn is_document_chunk(chunk: &[u8]) -> bool {
    chunk.len() > 8 && chunk[..4] == MAGIC && chunk[8] == 0
}

/// Where the data of the chunk starting at `at` in `bytes` begins and where the chunk ends,
/// read from its header (`magic (4) | checksum (4) | type (1) | uLEB length`), unchecked;
/// `None` unless it starts with the magic bytes and its length is all there.
fn chunk_extent(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    if bytes.get(at..at.checked_add(4)?)? != MAGIC {
        return None;
    }
    let (len, data) = uleb(bytes, at + 9)?;
    let end = data.checked_add(usize::try_from(len).ok()?)?;
    (end <= bytes.len()).then_some((data, end))
}

/// The heads of a whole document saved as exactly one document chunk (what
/// [`Automerge::save`] writes, and what a compaction stores), read from its header without
/// loading it: `None` unless `chunk` is one such chunk, whole, with a valid checksum.
///
/// The chunk is `magic (4) | checksum (4) | type (1, 0 for a document) | uLEB length | data`,
/// the checksum being the first 4 bytes of the SHA-256 of `type | length | data`; the data
/// begins with the actors (a uLEB count, each a uLEB length and its bytes), then the heads
/// (a uLEB count of 32-byte hashes).
pub fn snapshot_heads(chunk: &[u8]) -> Option<Vec<ChangeHash>> {
    if !is_document_chunk(chunk) {
        return None;
    }
    let (after_len, end) = chunk_extent(chunk, 0)?;
    if end != chunk.len() {
        return None;
    }
    let data = &chunk[after_len..];
    let mut hasher = Sha256::new();
    hasher.update(&chunk[8..after_len]);
    hasher.update(data);
    if hasher.finalize()[..4] != chunk[4..8] {
        return None;
    }
    let (actors, mut at) = uleb(data, 0)?;
    for _ in 0..actors {
        let (n, next) = uleb(data, at)?;
        at = next.checked_add(usize::try_from(n).ok()?)?;
    }
    let (count, mut at) = uleb(data, at)?;
    let mut heads = Vec::new();
    for _ in 0..count {
        let hash: [u8; 32] = data.get(at..at + 32)?.try_into().ok()?;
        heads.push(ChangeHash(hash));
        at += 32;
    }
    Some(heads)
}

/// Automerge chunks laid end to end (as a V2 sync message carries several changes), each
/// `magic | checksum | type | uLEB length | data`, split apart without checking or parsing
/// them; `None` unless `bytes` is exactly such a run.
pub fn split_chunks(bytes: &[u8]) -> Option<Vec<&[u8]>> {
    let mut chunks = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let (_, end) = chunk_extent(bytes, at)?;
        chunks.push(&bytes[at..end]);
        at = end;
    }
    Some(chunks)
}

/// An unsigned LEB128 number at `at` in `bytes`, and where it ends.
fn uleb(bytes: &[u8], mut at: usize) -> Option<(u64, usize)> {
    let mut value = 0_u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(at)?;
        at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some((value, at));
        }
    }
    None
}
