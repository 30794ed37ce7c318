//! The subcommands, one module each. `main.rs` parses the command line into these option
//! structs; everything a subcommand does lives here so that it can be tested as a library call.
//! This module keeps what several commands share: the output folder's lock, the archive root,
//! the pages run in parallel and handed over in order, and a page's files as a run reads them.
//!
//! Exit codes ([`crate::exit`]): 0 success, 1 `clean --check` found changes, 2 a usage or
//! fatal error, 3 some pages failed while the others were written.

mod accept;
mod clean;
mod config;
mod diff;
mod report;
mod review;
mod status;

pub use accept::{Selection, accept, reject};
pub use clean::{CleanOpts, clean};
pub use config::{DEFAULT_LAYOUT_MARGIN, ReviewConfig, RuleOpts, load_options, review_config, show as show_config};
pub use diff::{DiffShow, diff, unified};
pub use report::report;
pub use review::review;
pub use status::{Summary, count, status, summarise};

use crate::pipeline::{Cleaned, Options, clean_isolated};
use crate::settled::Key;
use crate::store::{Store, fingerprint};
use crate::walk::{Job, Walk, default_root, resolve, shown};
use anyhow::{Result, bail};
use config::load_options_from;
use std::path::{Path, PathBuf};

pub use crate::exit::{EXIT_CHANGES, EXIT_FATAL, EXIT_OK, EXIT_SOME_FAILED};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Md,
    Json,
}

/// The inputs of a command that takes raw pages: `raw/` when none are given.
pub fn inputs_or_default(inputs: &[PathBuf]) -> Vec<PathBuf> {
    if inputs.is_empty() { vec![PathBuf::from("raw")] } else { inputs.to_vec() }
}

/// The archive root of a run, and whether the run must record it: `--root`, else the one
/// the output folder recorded on its first run, else the default for these inputs
/// ([`default_root`]). Pages are named by their path under the root, so a `--root` other
/// than the recorded one is refused while that one is there (it would rename every page); one
/// that is gone is replaced (the archive moved).
fn archive_root(store: &Store, inputs: &[PathBuf], explicit: Option<&Path>) -> Result<(PathBuf, bool)> {
    let recorded = store.recorded_root()?;
    let out = shown(&store.out);
    match (explicit, recorded) {
        (Some(r), rec) => {
            if !r.is_dir() {
                bail!("--root {}: no such folder", shown(r));
            }
            let r = resolve(r)?;
            match rec {
                Some(old) if old == r => Ok((r, false)),
                Some(old) if old.is_dir() => bail!(
                    "{out} holds the pages of the archive root {}; --root {} would name them anew. Clean into another --out, or, if the archive really moved there, remove {out}/.newsclean/root first",
                    shown(&old),
                    shown(&r)
                ),
                _ => Ok((r, true)),
            }
        }
        (None, Some(old)) if old.is_dir() => Ok((old, false)),
        (None, Some(old)) => bail!("{out} holds the pages of the archive root {}, which is no longer there; if the archive moved, say where with --root", shown(&old)),
        (None, None) => Ok((default_root(inputs)?, true)),
    }
}

/// The output folder's lock, or the exit code after saying who holds it.
fn locked(store: &Store) -> Result<crate::store::Lock, i32> {
    store.lock().map_err(|e| {
        eprintln!("newsclean: {e:#}");
        EXIT_FATAL
    })
}

/// The output folder held for a run that writes pages of the archive at `root`: its lock,
/// and the root recorded when this is the folder's first such run (`record`).
fn hold(store: &Store, root: &Path, record: bool) -> Result<crate::store::Lock, i32> {
    let lock = locked(store)?;
    if record {
        store.record_root(root).map_err(|e| {
            eprintln!("newsclean: {e:#}");
            EXIT_FATAL
        })?;
    }
    Ok(lock)
}

/// How far past the oldest page not yet handed over the threads may run, per thread
/// ([`crate::ordered`]). `clean`, `accept` and `reject` keep only a line per finished page
/// (the page itself is written by then), so they may run far ahead: a large page then does
/// not hold the other threads up. `diff` and `report` keep each page's whole output until its
/// turn, so they keep closer.
const AHEAD_PER_THREAD_LINE: usize = 256;
const AHEAD_PER_THREAD_OUTPUT: usize = 8;

/// Run `work` on the pages of a walk on all threads and give each result to `take` in page
/// order (with the walk's own errors, a folder that cannot be read), at most `ahead` pages per
/// thread past the oldest one not yet taken. `take` returns false to stop (a closed pipe).
fn in_order<T: Send>(walk: Walk, ahead: usize, work: impl Fn(&Job) -> T + Sync, take: impl FnMut(Result<(Job, T)>) -> bool) {
    let work = |j: Result<Job>| {
        j.map(|job| {
            let t = work(&job);
            (job, t)
        })
    };
    crate::ordered::ordered(walk, rayon::current_num_threads() * ahead, work, take);
}

/// A page's files as a run reads them: the raw bytes, the review decisions and the accepted
/// page. What `clean`, `diff` and `report` all start from.
struct PageFiles {
    bytes: Vec<u8>,
    decisions: Option<String>,
    accepted: Option<String>,
}

impl PageFiles {
    fn read(store: &Store, job: &Job) -> Result<Self, String> {
        let bytes = std::fs::read(&job.abs).map_err(|e| format!("cannot read: {e}"))?;
        let decisions = store.decisions_text(&job.rel).map_err(|e| format!("{e:#}"))?;
        let accepted = store.accepted(&job.rel).map_err(|e| format!("{e:#} (the accepted page is kept; fix its permissions, or move it away to clean the page anew)"))?;
        Ok(PageFiles { bytes, decisions, accepted })
    }

    /// The key of the page's result under `rules` ([`crate::settled`]), when it has an
    /// accepted page.
    fn key(&self, job: &Job, rules: &str) -> Option<Key> {
        self.key_with(job, rules, self.accepted.as_deref()?)
    }

    /// [`PageFiles::key`] once `accepted` is the accepted page.
    fn key_with(&self, job: &Job, rules: &str, accepted: &str) -> Option<Key> {
        Key::of(&job.rel, &self.bytes, rules, self.decisions.as_deref(), accepted)
    }

    /// The summary line of the page's report, when the report says the page is settled under
    /// `key` (and a fixed point, with `verify`): cleaning it again would find it unchanged.
    fn settled(store: &Store, job: &Job, key: Option<&Key>, verify: bool) -> Option<String> {
        let key = key?;
        let rec = store.record(&job.rel)?;
        (rec.key.as_deref() == Some(key.as_str()) && (rec.verified || !verify)).then_some(rec.summary)
    }

    /// Did the reviewer reject the page as it is, this raw text under these rules?
    fn rejected(&self, store: &Store, job: &Job, rules: &str) -> Result<bool, String> {
        let d = store.parse_decisions(&job.rel, self.decisions.as_deref()).map_err(|e| format!("{e:#}"))?;
        Ok(d.page.as_ref().is_some_and(|p| p.raw_fp == fingerprint(&self.bytes) && p.rules_fp == rules))
    }

    /// Clean the page with the reviewer's decisions on it.
    fn clean(&self, store: &Store, options: &Options, job: &Job) -> Result<(Cleaned, crate::decisions::Decisions), String> {
        let decisions = store.parse_decisions(&job.rel, self.decisions.as_deref()).map_err(|e| format!("{e:#}"))?;
        let c = clean_isolated(&self.bytes, options, &decisions).map_err(|e| e.to_string())?;
        Ok((c, decisions))
    }
}

/// The pages a command that reads raw pages (`diff`, `report`) is given, and where.
#[derive(Debug, Clone, Default)]
pub struct PagesOpts {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub root: Option<PathBuf>,
    pub verbose: bool,
}

/// What `diff` and `report` share with `clean`: the rules, the pages named, and each page
/// cleaned with the reviewer's decisions.
struct Batch {
    options: Options,
    store: Store,
}

impl Batch {
    /// The batch and its pages, or the exit code after saying what is wrong. Named as `clean`
    /// names them: under the archive root the output folder recorded.
    fn open(pages: &PagesOpts, rules: &RuleOpts) -> Result<(Batch, Walk, PathBuf, bool), i32> {
        let inputs = inputs_or_default(&pages.inputs);
        let store = Store::new(&pages.out);
        let opened = load_options_from(rules, Some(&store)).and_then(|(options, _)| {
            let (root, record) = archive_root(&store, &inputs, pages.root.as_deref())?;
            Walk::survey(&inputs, &pages.out, &root)?;
            let walk = Walk::new(&inputs, &pages.out, &root)?.verbose(pages.verbose);
            Ok((Batch { options, store }, walk, root, record))
        });
        opened.map_err(|e| {
            eprintln!("newsclean: {e:#}");
            EXIT_FATAL
        })
    }
}

/// The exit code, after saying so, when `out` holds no output folder of newsclean's: `accept`,
/// `reject` and `review` act on what `clean` made, and a mistyped `--out` must not make an
/// empty folder and say nothing.
fn existing(store: &Store) -> Result<(), i32> {
    if store.exists() {
        return Ok(());
    }
    let what = if store.out.exists() { "holds no newsclean results" } else { "does not exist" };
    eprintln!("newsclean: {}: the output folder {what}; give the --out that `newsclean clean` wrote to", shown(&store.out));
    Err(EXIT_FATAL)
}
