//! The indexing progress bar: indicatif on stderr, drawn only when stderr is a terminal.
//!
//! While indexing, the bar counts bytes of input (the index reports the input's total size
//! when the stage starts, so the bar has an ETA) and says how many articles are done. The index
//! reports progress once per file, so the bar moves by a file's size when that file is done.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::index::build::{Progress, Stage};

/// Draws an indexing run's stages.
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    pub fn new() -> Self {
        Bar { bar: ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()) }
    }
}

impl Default for Bar {
    fn default() -> Self {
        Self::new()
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

impl Progress for Bar {
    fn stage(&self, stage: Stage, total: Option<u64>) {
        match total {
            Some(bytes) => {
                self.bar.set_length(bytes);
                self.bar.set_position(0);
                self.bar.set_style(style("{prefix:>8} [{bar:20}] {bytes}/{total_bytes}, {msg}, ETA {eta}"));
                self.bar.set_message("0 articles");
            }
            None => self.bar.set_style(
                ProgressStyle::with_template("{prefix:>8} {spinner} {msg} {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        }
        self.bar.set_prefix(stage.name());
        self.bar.enable_steady_tick(Duration::from_millis(120));
    }

    fn step(&self, articles: usize, bytes: u64) {
        self.bar.set_position(bytes);
        self.bar.set_message(format!("{articles} articles"));
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
