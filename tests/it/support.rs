//! Test support: a sandbox directory per test and the way to run `pressbox` in it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The outlet of each hit or match (`-` when unknown), in order.
pub fn outlets(hits: &Value) -> Vec<String> {
    hits.as_array()
        .unwrap()
        .iter()
        .map(|h| h["article"]["outlet"].as_str().unwrap_or("-").to_string())
        .collect()
}

/// Characters `start..end` of `s` (offsets in Unicode characters, as pressbox reports them).
pub fn chars(s: &str, start: usize, end: usize) -> String {
    s.chars().skip(start).take(end - start).collect()
}

/// `../shared/corpora` beside the repository (CI has it), or `$PRESSBOX_SHARED/corpora`.
pub fn corpora() -> Option<PathBuf> {
    let base =
        std::env::var_os("PRESSBOX_SHARED").map(PathBuf::from).unwrap_or_else(|| repo().join("../shared"));
    let dir = base.join("corpora");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} not found (the shared corpora are not beside this checkout)", dir.display());
        None
    }
}

/// A fresh working directory with the seeds copied in, and a way to run pressbox inside it.
pub struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let seeds = dir.path().join("seeds");
        std::fs::create_dir(&seeds).unwrap();
        for e in std::fs::read_dir(repo().join("seeds")).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), seeds.join(e.file_name())).unwrap();
        }
        Sandbox { dir }
    }

    /// A fresh working directory with nothing in it (no `seeds/`).
    pub fn bare() -> Self {
        Sandbox { dir: tempfile::tempdir().expect("tempdir") }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `pressbox` with a cleared environment, run in the sandbox.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("pressbox").unwrap();
        c.env_clear().current_dir(self.path());
        c
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, content).unwrap();
        p
    }

    /// Runs pressbox with `args`, expecting exit `code`; returns (stdout, stderr).
    pub fn run(&self, args: &[&str], code: i32) -> (String, String) {
        let out = self.cmd().args(args).output().unwrap();
        let (so, se) = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
        assert_eq!(out.status.code(), Some(code), "pressbox {args:?}\nstdout: {so}\nstderr: {se}");
        (so, se)
    }

    pub fn json(&self, args: &[&str], code: i32) -> Value {
        let (so, _) = self.run(args, code);
        serde_json::from_str(&so).unwrap_or_else(|e| panic!("not JSON ({e}): {so}"))
    }
}
