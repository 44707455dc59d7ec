//! Index: the tantivy schema, the analyzer, and writing.
//!
//! - [`analyzer`]: the one analyzer, registered for indexing and querying alike.
//! - [`schema`]: one tantivy document per article; passage bounds in a fast field.
//! - [`record`]: the typed, binary record stored once per article (text, passages, entities,
//!   quotes).
//! - [`document`]: one article, tokenised once, into its document and record.
//! - [`build`]: an indexing run as named stages (discover, read → analyse on a worker pool →
//!   write, commit).
//! - [`first_seen`]: when pressbox first saw each article, kept when it is indexed again.
//! - [`watch`]: live indexing (`index --watch`): the build pipeline re-run on files that appear
//!   or change, batched, with one writer held across commits.
//! - [`verify`]: whether an index on disk is sound (checksums, meta.json, records, bounds).
//! - [`repair`]: a damaged index rebuilt from the sources its records name, then swapped in.
//! - [`shards`]: an index split into shards listed in a manifest (`shards.json`), read as one
//!   index through a directory over all their segments.
//! - [`faulty`]: a directory that runs out of space on purpose (fault tests only).
//!
//! [`PressIndex`] is the handle every reader and writer starts from: it opens (or creates) the
//! on-disk index and registers the analyzers, so no caller can forget to.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use tantivy::directory::error::LockError;
use tantivy::directory::Directory;
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError};

use crate::analysis::entities::Gazetteer;
use crate::error::{user, UserError};

pub mod analyzer;
pub mod build;
pub mod document;
#[doc(hidden)]
pub mod faulty;
pub mod first_seen;
pub mod record;
pub mod repair;
pub mod schema;
pub mod shards;
pub mod verify;
pub mod watch;

pub use schema::Fields;

/// Index data that does not read back as it was written: a stored record that does not
/// decode, or a panic inside tantivy's readers caught at a boundary. Still a fault (exit 1,
/// HTTP 500), typed so that the edges can say what it is and what to run (`pressbox verify`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the index is damaged ({0}): run `pressbox verify`")]
pub struct Damaged(pub String);

/// True when `err` (or anything in its chain) is [`Damaged`] or tantivy's own data corruption.
pub fn is_damaged(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<Damaged>().is_some()
            || matches!(e.downcast_ref::<TantivyError>(), Some(TantivyError::DataCorruption(_)))
    })
}

/// An open pressbox index.
pub struct PressIndex {
    pub(crate) index: Index,
    pub(crate) fields: Fields,
    dir: PathBuf,
    /// The shard directories when `dir` is a set of shards read as one (read only).
    shards: Option<Vec<PathBuf>>,
}

/// Index settings: the doc store (one record per article) is compressed with zstd, which
/// stores it in three quarters of the space LZ4 takes (the whole index: 69 MB against 81 MB on
/// the allsides quarter); blocks of 4 KB hold about one record each, so that reading a hit's
/// record decompresses that record only (16 KB blocks decompressed two or three), for 2% more
/// space. Measured in README.md ("Measured"). Each segment's store names its compressor and
/// block size itself, so an index built with other settings reads as before.
fn settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(DOCSTORE_ZSTD_LEVEL),
        }),
        docstore_blocksize: DOCSTORE_BLOCK_BYTES,
        ..IndexSettings::default()
    }
}

/// zstd level of the doc store.
const DOCSTORE_ZSTD_LEVEL: i32 = 3;
/// Uncompressed size of one doc store block (a block is closed once it holds more).
const DOCSTORE_BLOCK_BYTES: usize = 4 * 1024;

/// Sub-directory of an index that holds the user gazetteers it was built with.
const GAZETTEER_DIR: &str = "gazetteers";

/// True when `dir` holds an index: a tantivy index, or a set of shards ([`shards`]).
pub fn exists(dir: &Path) -> bool {
    single_exists(dir) || shards::is_sharded(dir)
}

/// True when `dir` holds one tantivy index (not a set of shards).
pub fn single_exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

impl PressIndex {
    /// Opens the index in `dir`; a missing or foreign index is the user's mistake.
    pub fn open(dir: &Path) -> anyhow::Result<PressIndex> {
        if let Some(manifest) = shards::Manifest::read(dir)? {
            return Self::open_shards(dir, &manifest);
        }
        if !exists(dir) {
            return Err(user(format!(
                "no index at {}: build one with `pressbox index [PATH...]`",
                dir.display()
            )));
        }
        let index =
            Index::open_in_dir(dir).with_context(|| format!("cannot open the index at {}", dir.display()))?;
        Self::checked(index, dir)
    }

    /// Opens the shards of `manifest` in `dir` as one index (read only): one tantivy index over
    /// every shard's segments, so statistics are global ([`shards::ShardsDirectory`]).
    fn open_shards(dir: &Path, manifest: &shards::Manifest) -> anyhow::Result<PressIndex> {
        let dirs = manifest.dirs(dir);
        if let Some(missing) = dirs.iter().find(|d| !single_exists(d)) {
            return Err(user(format!(
                "the shard {} listed in {} holds no index: build it with `pressbox index`",
                missing.display(),
                dir.join(shards::MANIFEST).display()
            )));
        }
        let directory = shards::ShardsDirectory::open(&dirs)?;
        let index =
            Index::open(directory).with_context(|| format!("cannot open the shards of {}", dir.display()))?;
        let mut opened = Self::checked(index, dir)?;
        opened.shards = Some(dirs);
        Ok(opened)
    }

    /// The shard directories, when this is a set of shards read as one.
    pub fn shard_dirs(&self) -> Option<&[PathBuf]> {
        self.shards.as_deref()
    }

    /// Wraps `index` once its schema is known to be this version's.
    fn checked(index: Index, dir: &Path) -> anyhow::Result<PressIndex> {
        let expected = serde_json::to_string(&schema::build())?;
        let found = serde_json::to_string(&index.schema())?;
        if expected != found {
            return Err(user(format!(
                "the index at {} was built by another version of pressbox: delete it and run `pressbox index` again",
                dir.display()
            )));
        }
        Self::wrap(index, dir)
    }

    /// Like [`PressIndex::open_or_create`], with every write going through `budget`
    /// ([`faulty::FaultyDirectory`]), so a test can make the disk fill up at the N-th write.
    #[doc(hidden)]
    pub fn open_or_create_with_budget(
        dir: &Path,
        budget: Arc<faulty::DiskBudget>,
    ) -> anyhow::Result<PressIndex> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the index directory {}", dir.display()))?;
        let directory: Box<dyn Directory> = Box::new(faulty::FaultyDirectory::open(dir, budget)?);
        let index = if exists(dir) {
            Index::open(directory).with_context(|| format!("cannot open the index at {}", dir.display()))?
        } else {
            Index::create(directory, schema::build(), settings())
                .with_context(|| format!("cannot create an index in {}", dir.display()))?
        };
        Self::checked(index, dir)
    }

    /// Opens the index in `dir`, creating the directory and an empty index if needed.
    pub fn open_or_create(dir: &Path) -> anyhow::Result<PressIndex> {
        if exists(dir) {
            return Self::open(dir);
        }
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the index directory {}", dir.display()))?;
        let index = Index::builder()
            .schema(schema::build())
            .settings(settings())
            .create_in_dir(dir)
            .with_context(|| format!("cannot create an index in {}", dir.display()))?;
        Self::wrap(index, dir)
    }

    fn wrap(index: Index, dir: &Path) -> anyhow::Result<PressIndex> {
        analyzer::register(&index);
        let fields = Fields::from_schema(&index.schema())
            .ok_or_else(|| anyhow::anyhow!("index schema lacks a pressbox field"))?;
        Ok(PressIndex { index, fields, dir: dir.to_path_buf(), shards: None })
    }

    /// Where the index lives.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The field handles.
    pub fn fields(&self) -> Fields {
        self.fields
    }

    /// The tantivy index (for the `search` layer).
    pub fn tantivy(&self) -> &Index {
        &self.index
    }

    /// Where user gazetteers given to `index --gazetteer` are kept, so that searches resolve
    /// their names as indexing did.
    pub fn gazetteer_dir(&self) -> PathBuf {
        // Every shard keeps the same gazetteers: the first one's are read.
        match self.shards.as_ref().and_then(|s| s.first()) {
            Some(first) => first.join(GAZETTEER_DIR),
            None => self.dir.join(GAZETTEER_DIR),
        }
    }

    /// Keeps a copy of a user gazetteer with the index (a file of the same name is replaced).
    pub fn keep_gazetteer(&self, file: &Path) -> anyhow::Result<()> {
        let dir = self.gazetteer_dir();
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let name = file.file_name().ok_or_else(|| anyhow::anyhow!("{} is not a file", file.display()))?;
        std::fs::copy(file, dir.join(name))
            .with_context(|| format!("cannot copy {} into the index", file.display()))?;
        Ok(())
    }

    /// The built-in gazetteer plus the user gazetteers kept with the index, in name order.
    pub fn gazetteer(&self) -> anyhow::Result<Gazetteer> {
        self.gazetteer_with(&[])
    }

    /// The gazetteer the index will have once `extra` files are kept with it
    /// ([`PressIndex::keep_gazetteer`]), read without keeping them: a run builds its tagger
    /// from it before it holds the writer lock, and keeps the files only once it does.
    pub fn gazetteer_with(&self, extra: &[PathBuf]) -> anyhow::Result<Gazetteer> {
        let mut files: BTreeMap<OsString, PathBuf> = BTreeMap::new();
        let dir = self.gazetteer_dir();
        if dir.is_dir() {
            for entry in std::fs::read_dir(&dir)?.filter_map(|e| e.ok()) {
                files.insert(entry.file_name(), entry.path());
            }
        }
        for file in extra {
            if let Some(name) = file.file_name() {
                files.insert(name.to_os_string(), file.clone());
            }
        }
        let mut g = Gazetteer::builtin();
        for f in files.values() {
            g.load_file(f)?;
        }
        Ok(g)
    }

    /// A reader that sees the last commit; call `reload` to see newer ones.
    pub fn reader(&self) -> anyhow::Result<IndexReader> {
        self.index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .context("cannot open an index reader")
    }

    /// Takes the index's single writer lock; another writer holding it is the user's problem to
    /// resolve, so it comes back as a [`UserError`].
    pub fn writer(&self, threads: usize, heap_bytes: usize) -> anyhow::Result<IndexWriter<TantivyDocument>> {
        if self.shards.is_some() {
            return Err(user(format!(
                "the index at {} is a set of shards: `pressbox index` writes to each shard",
                self.dir.display()
            )));
        }
        match self.index.writer_with_num_threads(threads, heap_bytes) {
            Ok(w) => Ok(w),
            Err(TantivyError::LockFailure(LockError::LockBusy, _)) => {
                Err(anyhow::Error::new(UserError::new(format!(
                    "the index at {} is locked: another pressbox process is writing to it",
                    self.dir.display()
                ))))
            }
            Err(e) => Err(anyhow::Error::new(e).context("cannot open an index writer")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index of the previous layout (`quoted` with positions, `unit_spans` as fixed 64-bit
    /// values) must not be read with this one: opening it asks for a rebuild.
    #[test]
    fn an_index_of_the_previous_schema_asks_for_a_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let mut schema = serde_json::to_value(schema::build()).unwrap();
        let quoted = schema.as_array_mut().unwrap().iter_mut().find(|f| f["name"] == "quoted").unwrap();
        assert_eq!(quoted["options"]["indexing"]["record"], "freq");
        quoted["options"]["indexing"]["record"] = "position".into();
        let old: tantivy::schema::Schema = serde_json::from_value(schema).unwrap();
        Index::builder().schema(old).settings(settings()).create_in_dir(dir.path()).unwrap();
        let err = PressIndex::open(dir.path()).err().unwrap();
        assert!(err.downcast_ref::<UserError>().is_some(), "{err:#}");
        assert!(format!("{err:#}").contains("built by another version of pressbox"), "{err:#}");
        // This version's own schema opens.
        let fresh = tempfile::tempdir().unwrap();
        PressIndex::open_or_create(fresh.path()).unwrap();
        assert!(PressIndex::open(fresh.path()).is_ok());
    }
}
