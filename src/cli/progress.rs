//! The indexing progress bar: indicatif on stderr, drawn only when stderr is a terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::index::build::{Progress, Stage};

/// Draws an indexing run's stages.
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    pub fn new() -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        Bar { bar }
    }
}

impl Progress for Bar {
    fn stage(&self, stage: Stage, total: Option<u64>) {
        match total {
            Some(n) => {
                self.bar.set_length(n);
                self.bar.set_position(0);
                self.bar.set_style(
                    ProgressStyle::with_template(
                        "{prefix:>8} [{bar:30}] {bytes}/{total_bytes}, {msg} {elapsed} (ETA {eta})",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
                );
            }
            None => self.bar.set_style(
                ProgressStyle::with_template("{prefix:>8} {spinner} {msg} {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        }
        self.bar.set_prefix(stage.name());
        self.bar.enable_steady_tick(std::time::Duration::from_millis(120));
    }

    fn step(&self, articles: usize, bytes: u64) {
        self.bar.set_position(bytes);
        self.bar.set_message(format!("{articles} articles"));
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
