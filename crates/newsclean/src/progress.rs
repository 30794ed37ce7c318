//! The progress bar of a long `clean`: pages done, MB/s and the time left, on standard error.
//!
//! It appears only when a batch takes more than a moment (one second), only on a terminal, and
//! never with `--quiet`: a short run or a script sees nothing of it, and standard output, where
//! the per-page lines go, is never touched. Errors printed while it shows go above it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long a batch runs before the bar shows.
const QUIET_FOR: Duration = Duration::from_secs(1);

pub struct Progress {
    bar: Option<ProgressBar>,
    shown: AtomicBool,
    bytes: AtomicU64,
    start: Instant,
}

impl Progress {
    pub fn new(pages: usize, quiet: bool) -> Progress {
        let wanted = !quiet && std::io::stderr().is_terminal();
        let bar = wanted.then(|| {
            let b = ProgressBar::with_draw_target(Some(pages as u64), ProgressDrawTarget::hidden());
            b.set_style(ProgressStyle::with_template("{bar:30} {pos}/{len} pages  {msg}  {eta} left").expect("a valid template").progress_chars("█▌ "));
            b
        });
        Progress { bar, shown: AtomicBool::new(false), bytes: AtomicU64::new(0), start: Instant::now() }
    }

    /// One more page done, of `size` bytes of raw text (called from the worker threads).
    pub fn page_done(&self, size: u64) {
        let Some(bar) = &self.bar else { return };
        let bytes = self.bytes.fetch_add(size, Ordering::Relaxed) + size;
        let secs = self.start.elapsed().as_secs_f64();
        if secs >= QUIET_FOR.as_secs_f64() && !self.shown.swap(true, Ordering::Relaxed) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_message(format!("{:.1} MB/s", bytes as f64 / 1e6 / secs.max(1e-9)));
        bar.inc(1);
    }

    /// Print a line (an error) without tearing the bar.
    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(b) if self.shown.load(Ordering::Relaxed) => b.suspend(|| eprintln!("{line}")),
            _ => eprintln!("{line}"),
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
