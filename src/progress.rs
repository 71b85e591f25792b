//! A progress line on stderr for long builds: documents, megabytes, documents per second
//! and, when the total input size is known, a bar and the time left.
//!
//! It is drawn only when stderr is a terminal (with indicatif, at most a few times a
//! second); when stderr is piped or redirected nothing is drawn, so logs and scripts see
//! only the usual messages. Messages printed through [`Progress::println`] appear above
//! the line instead of tearing it.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::ingest::Stats;

/// The progress display of one build.
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A display for an input of `total` bytes (`None`: unknown, e.g. standard input);
    /// hidden unless stderr is a terminal.
    pub fn new(total: Option<u64>) -> Self {
        if !std::io::stderr().is_terminal() {
            return Self::hidden();
        }
        let bar = match total {
            Some(t) => ProgressBar::new(t).with_style(
                ProgressStyle::with_template(
                    "{wide_bar} {decimal_bytes}/{decimal_total_bytes} · {decimal_bytes_per_sec} · {msg} · ETA {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            ),
            None => ProgressBar::new_spinner().with_style(
                ProgressStyle::with_template(
                    "{spinner} {decimal_bytes} · {decimal_bytes_per_sec} · {msg}",
                )
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(5));
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress { bar }
    }

    /// A display that never draws.
    pub fn hidden() -> Self {
        Progress {
            bar: ProgressBar::hidden(),
        }
    }

    /// Shows the figures of `stats` (input bytes, documents, documents per second).
    pub fn update(&self, stats: &Stats) {
        if self.bar.is_hidden() {
            return;
        }
        self.bar.set_position(stats.bytes);
        let secs = stats.elapsed.as_secs_f64().max(1e-3);
        self.bar.set_message(format!(
            "{} docs, {:.0} docs/s",
            stats.documents,
            stats.documents as f64 / secs
        ));
    }

    /// Prints a line on stderr above the progress line.
    pub fn println(&self, line: &str) {
        if self.bar.is_hidden() {
            eprintln!("{line}");
        } else {
            self.bar.suspend(|| eprintln!("{line}"));
        }
    }

    /// Removes the progress line.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
