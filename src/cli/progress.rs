//! The indexing progress bar: indicatif on stderr, drawn only when stderr is a terminal.
//!
//! While indexing, the bar counts bytes of input (the sum of the input files' sizes, known
//! before the run starts, so it has an ETA) and says how many articles are done. The index
//! reports progress once per file, so the bar moves by a file's size when that file is done.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::index::build::{Progress, Stage};

/// Draws an indexing run's stages.
pub struct Bar {
    bar: ProgressBar,
    /// The input files' sizes, in the order the index reads them.
    sizes: Vec<u64>,
    /// True when `sizes` lines up with the files the index found (then the bar counts bytes,
    /// otherwise files).
    by_bytes: std::sync::atomic::AtomicBool,
    /// Files done.
    done: AtomicUsize,
}

impl Bar {
    pub fn new(paths: &[PathBuf]) -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let mut sizes = Vec::new();
        // Only worth walking when the bar is drawn.
        if !bar.is_hidden() {
            for p in paths {
                input_sizes(p, &mut sizes, &mut std::collections::HashSet::new());
            }
        }
        Bar { bar, sizes, by_bytes: false.into(), done: AtomicUsize::new(0) }
    }
}

/// The sizes of the files under `path`, in the order `ingest::discover` walks them (sorted
/// names, hidden entries skipped, each real directory once).
fn input_sizes(path: &Path, out: &mut Vec<u64>, seen: &mut std::collections::HashSet<PathBuf>) {
    let Ok(meta) = std::fs::metadata(path) else {
        // Missing at the top is not a file to read; an unreadable entry below still is one.
        return;
    };
    if !meta.is_dir() {
        out.push(meta.len());
        return;
    }
    if let Ok(real) = std::fs::canonicalize(path) {
        if !seen.insert(real) {
            return;
        }
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        out.push(0);
        return;
    };
    let mut names: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.file_name())).collect();
    names.sort();
    for name in names {
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let child = path.join(&name);
        match std::fs::metadata(&child) {
            Ok(m) if m.is_dir() => input_sizes(&child, out, seen),
            Ok(m) if !m.is_file() => {}
            Ok(m) => out.push(m.len()),
            Err(_) => out.push(0),
        }
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

impl Progress for Bar {
    fn stage(&self, stage: Stage, total: Option<u64>) {
        match (stage, total) {
            (Stage::Index, Some(files)) if files as usize == self.sizes.len() && !self.sizes.is_empty() => {
                self.by_bytes.store(true, Ordering::Relaxed);
                self.bar.set_length(self.sizes.iter().sum());
                self.bar.set_position(0);
                self.bar.set_style(style("{prefix:>8} [{bar:20}] {bytes}/{total_bytes}, {msg}, ETA {eta}"));
                self.bar.set_message("0 articles");
            }
            (_, Some(n)) => {
                self.bar.set_length(n);
                self.bar.set_position(0);
                self.bar.set_style(style("{prefix:>8} [{bar:20}] {pos}/{len} files, {msg}, {elapsed}"));
                self.bar.set_message("0 articles");
            }
            (_, None) => self.bar.set_style(
                ProgressStyle::with_template("{prefix:>8} {spinner} {msg} {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        }
        self.bar.set_prefix(stage.name());
        self.bar.enable_steady_tick(Duration::from_millis(120));
    }

    fn step(&self, articles: usize) {
        let file = self.done.fetch_add(1, Ordering::Relaxed);
        if self.by_bytes.load(Ordering::Relaxed) {
            self.bar.inc(self.sizes.get(file).copied().unwrap_or(0));
        } else {
            self.bar.inc(1);
        }
        self.bar.set_message(format!("{articles} articles"));
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_the_walk_order_and_skip_hidden_entries() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("b")).unwrap();
        std::fs::write(dir.path().join("b/x.txt"), "12345").unwrap();
        std::fs::write(dir.path().join("a.txt"), "1").unwrap();
        std::fs::write(dir.path().join(".hidden"), "123").unwrap();
        std::fs::write(dir.path().join("c.txt"), "12").unwrap();
        let mut sizes = Vec::new();
        input_sizes(dir.path(), &mut sizes, &mut Default::default());
        assert_eq!(sizes, [1, 5, 2]);
        let (files, _) = crate::ingest::discover(&[dir.path().to_path_buf()]);
        assert_eq!(files.len(), sizes.len());
    }
}
