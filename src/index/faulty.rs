//! A tantivy [`Directory`] that runs out of space on purpose, for the fault tests and the
//! fault battery (`bench/faults`): every write-side operation (creating a file, each write into
//! it, finishing it, the atomic write of `meta.json` or `.managed.json`) is counted, and from
//! the N-th on each fails with ENOSPC ([`io::ErrorKind::StorageFull`]), as a full disk does, until
//! [`DiskBudget::free`] makes room again. Reads and deletes never fail. SQLite's tests sweep N
//! the same way (its "persistent" I/O error mode).
//!
//! Not part of the engine's behaviour: `PressIndex` opens through it only when a test asks
//! ([`super::PressIndex::open_or_create_with_budget`]).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, TerminatingWrite,
    WatchCallback, WatchHandle, WritePtr,
};

/// `errno` of a full disk (Linux, macOS and the BSDs agree).
const ENOSPC: i32 = 28;

/// Counts write operations and decides which fail; shared by every clone of the directory.
#[derive(Debug, Default)]
pub struct DiskBudget {
    /// Write operations seen so far.
    done: AtomicU64,
    /// The 1-based number of the first operation that fails; 0 = none fails.
    full_at: AtomicU64,
}

impl DiskBudget {
    /// A budget under which nothing fails (it only counts).
    pub fn unlimited() -> Arc<DiskBudget> {
        Arc::new(DiskBudget::default())
    }

    /// A budget under which the `n`-th write operation from now, and every one after it, fails.
    pub fn full_after(n: u64) -> Arc<DiskBudget> {
        let budget = DiskBudget::default();
        budget.full_at.store(n.max(1), Ordering::SeqCst);
        Arc::new(budget)
    }

    /// Write operations counted so far.
    pub fn operations(&self) -> u64 {
        self.done.load(Ordering::SeqCst)
    }

    /// True once a write operation has been refused.
    pub fn ran_out(&self) -> bool {
        let at = self.full_at.load(Ordering::SeqCst);
        at != 0 && self.operations() >= at
    }

    /// Room again: no further operation fails.
    pub fn free(&self) {
        self.full_at.store(0, Ordering::SeqCst);
    }

    /// Counts one write operation; an error when it is refused.
    fn spend(&self) -> io::Result<()> {
        let n = self.done.fetch_add(1, Ordering::SeqCst) + 1;
        let at = self.full_at.load(Ordering::SeqCst);
        if at != 0 && n >= at {
            // What the kernel says (ENOSPC): tantivy passes some I/O errors on only as text.
            return Err(io::Error::from_raw_os_error(ENOSPC));
        }
        Ok(())
    }
}

/// An [`MmapDirectory`] whose writes go through a [`DiskBudget`].
#[derive(Debug, Clone)]
pub struct FaultyDirectory {
    inner: MmapDirectory,
    budget: Arc<DiskBudget>,
}

impl FaultyDirectory {
    /// The directory at `path` (which must exist) under `budget`.
    pub fn open(path: &Path, budget: Arc<DiskBudget>) -> anyhow::Result<FaultyDirectory> {
        let inner = MmapDirectory::open(path)?;
        Ok(FaultyDirectory { inner, budget })
    }
}

/// A file being written under the budget.
struct FaultyWriter {
    inner: Box<dyn TerminatingWrite + Send + Sync>,
    budget: Arc<DiskBudget>,
}

impl Write for FaultyWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.budget.spend()?;
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl TerminatingWrite for FaultyWriter {
    fn terminate_ref(&mut self, token: AntiCallToken) -> io::Result<()> {
        self.budget.spend()?;
        self.inner.terminate_ref(token)
    }
}

impl Directory for FaultyDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let refused = |e: io::Error| OpenWriteError::wrap_io_error(e, PathBuf::from(path));
        self.budget.spend().map_err(refused)?;
        let inner = self.inner.open_write(path)?.into_inner().map_err(|e| refused(e.into_error()))?;
        Ok(io::BufWriter::new(Box::new(FaultyWriter { inner, budget: self.budget.clone() })))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.budget.spend()?;
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(callback)
    }
}
