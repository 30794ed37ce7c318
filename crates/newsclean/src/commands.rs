//! The subcommands. `main.rs` parses the command line into these option structs; everything
//! a subcommand does lives here so that it can be tested as a library call.
//!
//! Exit codes: 0 success, 1 `clean --check` found changes, 2 a usage or fatal error, 3 some
//! pages failed while the others were written.

use crate::pipeline::{Cleaned, Options, clean_bytes_with, clean_isolated};
use crate::report;
use crate::rules::RuleId;
use crate::settled::Key;
use crate::stages::corrections::CorrectionsError;
use crate::store::{Meta, Store, fingerprint, text_fp};
use crate::walk::{Job, Walk, default_root, resolve, shown};
use anyhow::{Context, Result, bail};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

pub use crate::exit::{EXIT_CHANGES, EXIT_FATAL, EXIT_OK, EXIT_SOME_FAILED};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Md,
    Json,
}

#[derive(Debug, Clone)]
pub struct CleanOpts {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub accept: bool,
    pub check: bool,
    pub format: Format,
    pub quiet: bool,
    /// Read JSON Lines records on standard input, write results on standard output.
    pub jsonl: bool,
    /// Also write each accepted page's stories as files of their own.
    pub split_stories: bool,
    /// Skip the run-time check that cleaning the result again changes nothing.
    pub no_verify: bool,
    /// The archive root pages are named under (`--root`), else the recorded one.
    pub root: Option<PathBuf>,
    /// Name every file passed over.
    pub verbose: bool,
    pub rules: RuleOpts,
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

/// The usage errors of `clean`: options that would otherwise be ignored.
fn clean_usage(opts: &CleanOpts) -> Result<()> {
    let stdin = opts.inputs.iter().any(|p| p == Path::new("-"));
    if opts.jsonl && !opts.inputs.is_empty() {
        bail!("--jsonl reads records on standard input; it takes no INPUT (give the records on stdin, or drop --jsonl)");
    }
    if stdin && opts.inputs.len() > 1 {
        bail!("`-` reads one page on standard input and cannot be given with other inputs");
    }
    if stdin && (opts.accept || opts.split_stories || opts.root.is_some()) {
        bail!("`-` writes the cleaned page to standard output; --accept, --split-stories and --root need raw files and an output folder");
    }
    if opts.jsonl && (opts.split_stories || opts.root.is_some()) {
        bail!("--jsonl writes results to standard output; --split-stories and --root need raw files and an output folder");
    }
    if opts.split_stories && !opts.accept {
        bail!("--split-stories writes the stories of accepted pages: give it with --accept (or to `newsclean accept`)");
    }
    Ok(())
}

/// The config file, `newsclean.toml`:
///
/// ```toml
/// [typos]
/// corrections = ["corrections.tsv"]   # relative to the config file's folder
/// suggest_shapes = true               # also suggest four-corner and same-sound replacements
/// ```
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default)]
    typos: TyposConfig,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TyposConfig {
    #[serde(default)]
    corrections: Vec<PathBuf>,
    #[serde(default)]
    suggest_shapes: bool,
}

/// The rules a command runs with: the config file, corrections files and typo options.
/// `clean`, `review` and `diff` take the same, so that they agree on what a page becomes.
#[derive(Debug, Clone, Default)]
pub struct RuleOpts {
    /// Corrections files given on the command line (after those of the config file).
    pub corrections: Vec<PathBuf>,
    /// The config file: `--config`, else `newsclean.toml` in the current folder if there.
    pub config: Option<PathBuf>,
    /// Also suggest corrections from the four-corner shape and same-sound pairs.
    pub suggest_shapes: bool,
    /// Read invalid UTF-8 as U+FFFD, with a warning, instead of failing the page.
    pub lossy: bool,
}

/// The run's options from the config file and the command line; errors name the file.
pub fn load_options(opts: &RuleOpts) -> Result<Options> {
    load_options_from(opts, None).map(|(o, _)| o)
}

/// The folder of an output folder's recorded configuration.
fn recorded_config_dir(store: &Store) -> PathBuf {
    store.out.join(crate::store::STATE).join("config")
}

/// The run's options, and the corrections files they were read from. With an output folder:
/// when the run names no config file and no corrections, and there is no `newsclean.toml`
/// in the current folder, the configuration the output folder recorded ([`record_config`])
/// is used, so a run from another folder cleans with the same rules.
fn load_options_from(opts: &RuleOpts, store: Option<&Store>) -> Result<(Options, Vec<PathBuf>)> {
    let mut files = Vec::new();
    let mut shapes = opts.suggest_shapes;
    let mut config = opts.config.clone().or_else(|| Some(PathBuf::from("newsclean.toml")).filter(|p| p.is_file()));
    if let (None, true, Some(store)) = (&config, opts.corrections.is_empty(), store) {
        let rec = recorded_config_dir(store).join("newsclean.toml");
        if rec.is_file() {
            config = Some(rec);
        }
    }
    if let Some(path) = config {
        let text = std::fs::read_to_string(&path).with_context(|| format!("{}: cannot read the config file", path.display()))?;
        let cfg: Config = toml::from_str(&text).map_err(|e| {
            // (where: the line and column of the error's start)
            let at = e.span().map(|r| {
                let before = &text[..r.start.min(text.len())];
                format!(":{}:{}", before.matches('\n').count() + 1, before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1)
            });
            anyhow::anyhow!("{}{}: {}", shown(&path), at.unwrap_or_default(), e.message())
        })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        files.extend(cfg.typos.corrections.iter().map(|f| base.join(f)));
        shapes |= cfg.typos.suggest_shapes;
    }
    files.extend(opts.corrections.iter().cloned());
    let mut o = Options { suggest_shapes: shapes, lossy: opts.lossy, ..Options::default() };
    for f in &files {
        // (the core parses; reading files is the command line's)
        let file = f.display().to_string();
        let text = std::fs::read_to_string(f).map_err(|source| CorrectionsError::Read { file: file.clone(), source })?;
        o.corrections.parse(&text, &file)?;
    }
    Ok((o, files))
}

/// Record in the output folder the configuration a run cleaned it with: a copy of each
/// corrections file, named by its content's fingerprint, and a `newsclean.toml` that lists
/// them (`.newsclean/config/`). A run that finds no configuration of its own uses it
/// ([`load_options_from`]); one whose rules differ is told so before it changes a page.
fn record_config(store: &Store, options: &Options, files: &[PathBuf]) -> Result<()> {
    let dir = recorded_config_dir(store);
    let recorded = dir.join("newsclean.toml");
    let previous = if recorded.is_file() {
        load_options_from(&RuleOpts { config: Some(recorded.clone()), lossy: options.lossy, ..Default::default() }, None).ok().map(|(o, _)| o.rules_fingerprint())
    } else {
        None
    };
    if files.first().is_some_and(|f| f.starts_with(&dir)) {
        // (the run used the recorded configuration itself)
        return Ok(());
    }
    if previous.as_deref().is_some_and(|p| p != options.rules_fingerprint()) {
        eprintln!("newsclean: note: these rules differ from the configuration {} was cleaned with (recorded in {}); the pages they change are cleaned again", shown(&store.out), shown(&recorded));
    }
    if files.is_empty() && !options.suggest_shapes {
        return Ok(());
    }
    let mut names = Vec::new();
    let mut origins = String::new();
    for f in files {
        let text = std::fs::read(f).with_context(|| format!("{}: cannot read", shown(f)))?;
        let name = format!("corrections-{}.tsv", fingerprint(&text));
        store.write_atomic(&dir.join(&name), &text)?;
        origins.push_str(&format!("# {name}: a copy of {}\n", shown(&resolve(f).unwrap_or_else(|_| f.clone()))));
        names.push(format!("{name:?}"));
    }
    let toml = format!(
        "# The configuration this output folder was last cleaned with, recorded by newsclean.\n{origins}[typos]\ncorrections = [{}]\nsuggest_shapes = {}\n",
        names.join(", "),
        options.suggest_shapes
    );
    store.write_atomic(&recorded, toml.as_bytes())
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

/// What one page came to: the line to print (or the error), and whether it changed.
struct PageDone {
    name: String,
    /// Bytes of raw text (0 when the file could not be read).
    size: u64,
    result: Result<(String, Change), String>,
}

/// What a page is against the output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// New or changed: proposed (or accepted with `--accept`).
    Changed,
    /// Nothing to propose: unchanged, or rejected in review as it is.
    Settled,
    /// No text at all: an empty or blank file.
    Skipped,
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

pub fn clean(opts: &CleanOpts) -> i32 {
    if let Err(e) = clean_usage(opts) {
        eprintln!("newsclean: {e:#}");
        return EXIT_FATAL;
    }
    // (standard input and `--jsonl` have no output folder)
    let has_out = !opts.jsonl && opts.inputs.first().is_none_or(|p| p != Path::new("-"));
    let out_store = Store::new(&opts.out);
    let (options, files) = match load_options_from(&opts.rules, has_out.then_some(&out_store)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("newsclean: {e:#}");
            return EXIT_FATAL;
        }
    };
    if opts.jsonl {
        return crate::jsonl::run_stdio(&options);
    }
    if opts.inputs.len() == 1 && opts.inputs[0] == Path::new("-") {
        return clean_stdin(opts, &options);
    }
    let inputs = inputs_or_default(&opts.inputs);
    let store = out_store;
    // (the survey finds what must stop the run before it writes anything, and counts pages)
    let survey = archive_root(&store, &inputs, opts.root.as_deref()).and_then(|(root, record)| {
        let s = Walk::survey(&inputs, &opts.out, &root)?;
        Ok((s, Walk::new(&inputs, &opts.out, &root)?.verbose(opts.verbose), root, record))
    });
    let (survey, walk, root, record) = match survey {
        Ok(s) => s,
        Err(e) => {
            eprintln!("newsclean: {e:#}");
            return EXIT_FATAL;
        }
    };
    if survey.pages == 0 && survey.unreadable == 0 {
        eprintln!("newsclean: no *.txt pages found in {}", inputs.iter().map(|p| shown(p)).collect::<Vec<_>>().join(", "));
        return EXIT_FATAL;
    }
    // (`--check` writes nothing and needs no lock)
    let _lock = match (!opts.check).then(|| hold(&store, &root, record)).transpose() {
        Ok(l) => l,
        Err(code) => return code,
    };
    if !opts.check
        && let Err(e) = record_config(&store, &options, &files)
    {
        eprintln!("newsclean: {e:#}");
        return EXIT_FATAL;
    }
    let rules = options.rules_fingerprint();
    let progress = crate::progress::Progress::new(survey.pages, opts.quiet);
    let (mut total, mut failed, mut changed, mut skipped) = (0, 0, 0, 0);
    let mut so = std::io::stdout().lock();
    let work = |job: &Job| {
        let r = clean_page(job, opts, &options, &store, &rules);
        progress.page_done(r.size);
        r
    };
    in_order(walk, AHEAD_PER_THREAD_LINE, work, |done| {
        total += 1;
        match done.map(|(_, d)| (d.name, d.result)) {
            Err(e) => {
                progress.println(&format!("newsclean: {e:#}"));
                failed += 1;
            }
            Ok((name, Err(e))) => {
                progress.println(&format!("newsclean: {name}: {e}"));
                failed += 1;
            }
            Ok((_, Ok((line, change)))) => {
                changed += (change == Change::Changed) as usize;
                skipped += (change == Change::Skipped) as usize;
                if !line.is_empty() {
                    // (a closed pipe, `| head`, is no reason to stop writing pages)
                    let _ = writeln!(so, "{line}");
                }
            }
        }
        true
    });
    progress.finish();
    if !opts.quiet && opts.format == Format::Md {
        let verb = if opts.check {
            "would change"
        } else if opts.accept {
            "accepted or changed"
        } else {
            "new or changed (pending review: newsclean accept)"
        };
        let skip = if skipped > 0 { format!(", {skipped} without text (skipped)") } else { String::new() };
        let _ = writeln!(so, "{total} pages: {changed} {verb}, {} unchanged{skip}, {failed} failed", total - changed - failed - skipped);
        if survey.skipped > 0 {
            let how = if opts.verbose { "named above" } else { "--verbose names them" };
            let _ = writeln!(so, "{} other files passed over (hidden, not *.txt, or not a regular file; {how})", survey.skipped);
        }
    }
    if failed > 0 {
        EXIT_SOME_FAILED
    } else if opts.check && changed > 0 {
        EXIT_CHANGES
    } else {
        EXIT_OK
    }
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
        let report = std::fs::read_to_string(store.report_path(&job.rel)).ok()?;
        key.lookup(&report, verify).map(str::to_string)
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

/// Clean one page and write its results (pending page or accepted page, and the report);
/// returns the line to print for it and whether it changed.
fn clean_page(job: &Job, opts: &CleanOpts, options: &Options, store: &Store, rules: &str) -> PageDone {
    let name = job.name();
    let mut size = 0;
    let result = (|size: &mut u64| {
        let files = PageFiles::read(store, job)?;
        *size = files.bytes.len() as u64;
        // (a settled page, as its report says, is not cleaned again; JSON output needs the
        // whole result)
        let key = files.key(job, rules);
        let settled = (opts.format == Format::Md).then(|| PageFiles::settled(store, job, key.as_ref(), !opts.no_verify)).flatten();
        if let Some(summary) = settled {
            if !opts.check {
                store.drop_pending(&job.rel).map_err(|e| format!("{e:#}"))?;
            }
            let line = if opts.quiet { String::new() } else { format!("{name}: {summary} — unchanged") };
            return Ok((line, Change::Settled));
        }
        let (c, decisions) = files.clean(store, options, job)?;
        let (bytes, accepted) = (&files.bytes, &files.accepted);
        if c.markdown.trim().is_empty() {
            // (an empty or blank file has no page to propose; it is said, not failed)
            let line = if opts.quiet || opts.format == Format::Json { String::new() } else { format!("{name}: no text (empty or blank file) — skipped") };
            return Ok((line, Change::Skipped));
        }
        let rejected = decisions.page.as_ref().is_some_and(|p| p.raw_fp == fingerprint(bytes) && p.rules_fp == rules);
        let status = match &accepted {
            _ if rejected => "rejected in review",
            None => "new",
            Some(a) if *a == c.markdown => "unchanged",
            Some(_) => "changed",
        };
        // (nothing to propose: the accepted page is what clean makes, or the reviewer rejected
        // this raw text under these rules)
        let settled = status == "unchanged" || rejected;
        let unstable = (!opts.no_verify).then(|| crate::pipeline::not_a_fixed_point(&c.markdown, options, &decisions)).flatten();
        let lossy = c.edits.iter().filter(|e| e.rule == RuleId::InvalidBytes).count();
        let write = || -> Result<&str> {
            if opts.check {
                return Ok(if settled { status } else { "would change" });
            }
            // (a page this run accepts, or proposes, is settled once its page is the accepted
            // one: the key takes the result as the accepted page. So the run after `clean
            // --accept`, or after `accept`, skips it, and keeps this report, whose diff is then
            // against the page it replaced.)
            let accepts = opts.accept && !settled;
            let mut rep = if accepts { report::text_report_accepted(&name, &c, accepted.as_deref()) } else { report::text_report(&name, &c, accepted.as_deref()) };
            if let Some(n) = unstable {
                rep.push_str(&report::unstable_warning(n));
            }
            let settles = match status {
                "unchanged" => key.clone(),
                _ if !settled => files.key_with(job, rules, &c.markdown),
                _ => None,
            };
            // (a proposal's key holds once it is accepted; its report says so)
            let pending = !opts.accept && !settled;
            if let Some(footer) = crate::settled::footer_for(settles, &c, unstable.is_some(), !opts.no_verify, pending) {
                rep.push_str(&footer);
            }
            let action = if opts.accept {
                if !settled {
                    store.accept_text(&job.rel, &c.markdown)?;
                    if opts.split_stories {
                        store.write_stories(&job.rel, &c.markdown)?;
                    }
                }
                store.drop_pending(&job.rel)?;
                if settled { status } else { "accepted" }
            } else if settled {
                store.drop_pending(&job.rel)?;
                status
            } else {
                let meta = Meta {
                    raw: job.abs.clone(),
                    raw_fp: fingerprint(bytes),
                    accepted_fp: text_fp(accepted.as_deref()),
                    proposal_fp: String::new(),
                    decisions_fp: text_fp(files.decisions.as_deref()),
                    rules_fp: rules.to_string(),
                };
                store.write_pending(&job.rel, &c.markdown, &meta)?;
                "pending"
            };
            store.write_derived(&store.report_path(&job.rel), rep.as_bytes())?;
            Ok(action)
        };
        let action = write().map_err(|e| format!("{e:#}"))?;
        if let Some(n) = unstable {
            eprintln!("newsclean: {name}: warning: cleaning the result again would change {n} paragraphs; review this page");
        }
        if lossy > 0 {
            eprintln!("newsclean: {name}: warning: {lossy} invalid UTF-8 sequences read as U+FFFD (--lossy; listed in the report)");
        }
        let line = if opts.format == Format::Json {
            serde_json::to_string(&crate::json::json_value(&name, &c, Some(status))).expect("serialisable")
        } else if opts.quiet {
            String::new()
        } else if action == status {
            // (`new (pending)`, `changed (would change)`; an unchanged page says it once)
            format!("{name}: {} — {status}", report::summary_line(&c))
        } else {
            format!("{name}: {} — {status} ({action})", report::summary_line(&c))
        };
        Ok((line, if settled { Change::Settled } else { Change::Changed }))
    })(&mut size);
    PageDone { name, size, result }
}

fn clean_stdin(opts: &CleanOpts, options: &Options) -> i32 {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
        eprintln!("newsclean: <stdin>: cannot read: {e}");
        return EXIT_FATAL;
    }
    match clean_bytes_with(&bytes, options) {
        Err(e) => {
            eprintln!("newsclean: <stdin>: {e}");
            EXIT_FATAL
        }
        Ok(c) => {
            let mut so = std::io::stdout().lock();
            let _ = match opts.format {
                Format::Md => so.write_all(c.markdown.as_bytes()),
                Format::Json => writeln!(so, "{}", serde_json::to_string_pretty(&crate::json::json_value("<stdin>", &c, None)).unwrap()),
            };
            if opts.check { if c.markdown.as_bytes() != bytes.as_slice() { EXIT_CHANGES } else { EXIT_OK } } else { EXIT_OK }
        }
    }
}

/// Find the pending pages a user named: by relative path, stem, raw path or pending file;
/// or all of them, found as the run goes.
fn select(store: &Store, pages: &[PathBuf], all: bool) -> Result<Box<dyn Iterator<Item = PathBuf>>> {
    if all {
        return Ok(Box::new(store.pending()));
    }
    let pending: Vec<PathBuf> = store.pending().collect();
    if pages.is_empty() {
        let list: Vec<String> = pending.iter().map(|p| format!("  {}", p.display())).collect();
        bail!("name the pages to act on, or use --all; pending pages:\n{}", if list.is_empty() { "  (none)".to_string() } else { list.join("\n") });
    }
    let mut out = Vec::new();
    for p in pages {
        // (a page's name, with or without `.md`; its stem alone when only one page has it; or
        // its raw file, however spelled)
        let want = p.to_str().and_then(|s| s.strip_suffix(".md")).map(PathBuf::from).unwrap_or_else(|| p.clone());
        let raw = p.is_file().then(|| resolve(p).ok()).flatten();
        let mut hits: Vec<&PathBuf> = pending.iter().filter(|r| **r == want).collect();
        if hits.is_empty() && want.components().count() == 1 {
            hits = pending.iter().filter(|r| r.file_name() == want.file_name()).collect();
        }
        if hits.is_empty()
            && let Some(raw) = &raw
        {
            hits = pending.iter().filter(|r| store.read_meta(r).is_some_and(|m| m.raw == *raw)).collect();
        }
        match hits.as_slice() {
            [r] => out.push((*r).clone()),
            [] => bail!("{}: no pending result for this page (run `newsclean clean` first)", shown(p)),
            many => bail!("{}: names {} pending pages ({}); give its path", shown(p), many.len(), many.iter().map(|r| shown(r)).collect::<Vec<_>>().join(", ")),
        }
    }
    Ok(Box::new(out.into_iter()))
}

/// Run `act` on each selected pending page on all threads, reporting `verb` or the error per
/// page in page order. (Accepting flushes each page to the disk: on a batch of a million,
/// those waits overlap.)
fn for_each_selected(out: &Path, pages: &[PathBuf], all: bool, verb: &str, act: impl Fn(&Store, &Path) -> Result<()> + Sync) -> i32 {
    let store = Store::new(out);
    if let Err(code) = existing(&store) {
        return code;
    }
    let _lock = match locked(&store) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let sel = match select(&store, pages, all) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("newsclean: {e:#}");
            return EXIT_FATAL;
        }
    };
    let mut failed = 0;
    let mut so = std::io::stdout().lock();
    let work = |rel: PathBuf| {
        let r = act(&store, &rel);
        (rel, r)
    };
    crate::ordered::ordered(sel, rayon::current_num_threads() * AHEAD_PER_THREAD_LINE, work, |(rel, r)| {
        match r {
            // a closed pipe (`| head`) is no error of the page's
            Ok(()) => {
                let _ = writeln!(so, "{verb} {}", shown(&rel));
            }
            Err(e) => {
                eprintln!("newsclean: {}: {e:#}", shown(&rel));
                failed += 1;
            }
        }
        true
    });
    if failed > 0 { EXIT_SOME_FAILED } else { EXIT_OK }
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

/// Move pending pages into the output folder, refusing proposals that went stale.
///
/// The steps, each of which a crash may end: the accepted page is written (flushed), the
/// report is marked accepted, the proposal is dropped. A re-run after a crash finds the
/// accepted page equal to the proposal and finishes the steps left.
pub fn accept(out: &Path, pages: &[PathBuf], all: bool, split_stories: bool) -> i32 {
    for_each_selected(out, pages, all, "accepted", |store, rel| {
        let done_before = match (store.read_meta(rel), store.accepted(rel)?) {
            (Some(m), Some(a)) if fingerprint(a.as_bytes()) == m.proposal_fp && m.accepted_fp != m.proposal_fp => Some(a),
            _ => None,
        };
        let md = if let Some(md) = done_before {
            // (an accept that died after writing the page: the page is the proposal)
            md
        } else {
            let (meta, _, md) = store.fresh_proposal(rel)?;
            if store.decided_since(rel, &meta)? {
                anyhow::bail!(
                    "decisions were made in review after this result was proposed, so it does not hold them; run `newsclean clean` (it applies them) or finish the page in `newsclean review`"
                );
            }
            store.accept_text(rel, &md)?;
            md
        };
        if split_stories {
            store.write_stories(rel, &md)?;
        }
        // (the proposal's report, whose key already takes this page as accepted: the next
        // run skips the page and keeps the report)
        let path = store.report_path(rel);
        if let Ok(r) = std::fs::read_to_string(&path) {
            store.write_derived(&path, crate::settled::as_accepted(&report::as_accepted(&r)).as_bytes())?;
        }
        store.drop_pending(rel)?;
        Ok(())
    })
}

/// Drop pending pages, and remember that the reviewer rejected them: the next `clean` does
/// not propose a rejected page again until its raw text or the rules change (as `R` in
/// review).
pub fn reject(out: &Path, pages: &[PathBuf], all: bool) -> i32 {
    for_each_selected(out, pages, all, "rejected", |store, rel| {
        if let Some(meta) = store.read_meta(rel) {
            let mut d = store.decisions(rel)?;
            d.page = Some(crate::decisions::PageReject { raw_fp: meta.raw_fp, rules_fp: meta.rules_fp });
            store.write_decisions(rel, &d)?;
        }
        store.drop_pending(rel).map(|_| ())
    })
}

/// `newsclean review`: the pending pages edit by edit in a terminal ([`crate::review`]).
/// Without a terminal it prints the pending pages' reports and changes nothing.
pub fn review(out: &Path, rules: &RuleOpts, color: crate::term::ColorChoice) -> i32 {
    use std::io::IsTerminal;
    let options = match load_options_from(rules, Some(&Store::new(out))).map(|(o, _)| o) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("newsclean: {e:#}");
            return EXIT_FATAL;
        }
    };
    let store = Store::new(out);
    if let Err(code) = existing(&store) {
        return code;
    }
    let pal = crate::term::Palette::new(color);
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        let mut so = std::io::stdout().lock();
        let mut pending = store.pending().peekable();
        if pending.peek().is_none() {
            let _ = writeln!(so, "no pending pages in {}", out.display());
        }
        for rel in pending {
            match std::fs::read_to_string(store.report_path(&rel)) {
                Ok(r) => {
                    let _ = writeln!(so, "{r}");
                }
                Err(e) => eprintln!("newsclean: {}: no report: {e}", shown(&rel)),
            }
        }
        let _ = writeln!(so, "(not a terminal: nothing was accepted or rejected; run `newsclean review` in a terminal, or `newsclean accept`)");
        return EXIT_OK;
    }
    let _lock = match locked(&store) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let mut session = crate::review::Session::new(&store, &options, pal);
    let res = crate::review::in_terminal(|key, w| session.run(key, w));
    match res {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("newsclean: {e:#}");
            EXIT_FATAL
        }
    }
}

/// What `diff` and `report` share with `clean`: the rules, the pages named, and each page
/// cleaned with the reviewer's decisions.
struct Batch {
    options: Options,
    store: Store,
}

/// The pages a command that reads raw pages (`diff`, `report`) is given, and where.
#[derive(Debug, Clone, Default)]
pub struct PagesOpts {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub root: Option<PathBuf>,
    pub verbose: bool,
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

/// `newsclean diff`: what `clean` would change against the accepted pages, like `git diff`.
/// Returns 1 with `exit_code` when any page would change.
pub fn diff(pages: &PagesOpts, rules: &RuleOpts, color: crate::term::ColorChoice, exit_code: bool) -> i32 {
    let (batch, walk, _, _) = match Batch::open(pages, rules) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let store = &batch.store;
    let pal = crate::term::Palette::new(color);
    let mut so = std::io::stdout().lock();
    let (mut changed, mut failed) = (0, 0);
    let rules = batch.options.rules_fingerprint();
    // (a settled page has nothing to show: its accepted page is what clean makes; nor has a
    // page the reviewer rejected as it is, which `clean` does not propose)
    let work = |job: &Job| -> Result<Option<(String, String)>, String> {
        let files = PageFiles::read(store, job)?;
        if PageFiles::settled(store, job, files.key(job, &rules).as_ref(), false).is_some() || files.rejected(store, job, &rules)? {
            return Ok(None);
        }
        let old = files.accepted.clone().unwrap_or_default();
        files.clean(store, &batch.options, job).map(|(c, _)| Some((old, c.markdown)))
    };
    in_order(walk, AHEAD_PER_THREAD_OUTPUT, work, |done| {
        let (job, old, new) = match done {
            Ok((_, Ok(None))) => return true,
            Ok((job, Ok(Some((old, m))))) => (job, old, m),
            Ok((job, Err(e))) => {
                eprintln!("newsclean: {}: {e}", job.name());
                failed += 1;
                return true;
            }
            Err(e) => {
                eprintln!("newsclean: {e:#}");
                failed += 1;
                return true;
            }
        };
        if old == new || new.trim().is_empty() {
            return true;
        }
        changed += 1;
        let path = store.accepted_path(&job.rel);
        let head = format!("diff {} {}\n--- {}\n+++ {} (newsclean clean)", job.name(), shown(&path), shown(&path), job.name());
        let body = report::colored_diff(&old, &new, &pal, std::time::Duration::from_secs(2), 20_000);
        // (a closed pipe, `| head`, ends the output quietly)
        writeln!(so, "{}\n{body}", pal.bold(&head)).is_ok()
    });
    if failed > 0 {
        EXIT_SOME_FAILED
    } else if exit_code && changed > 0 {
        EXIT_CHANGES
    } else {
        EXIT_OK
    }
}

/// `newsclean report [--html] [INPUT]...`: each page's report, cleaned as `clean` would (with
/// the review decisions). The text report goes to standard output; with `html`, a
/// self-contained HTML page per raw page is written to `OUT/.newsclean/reports/<rel>.html`
/// and its path printed.
pub fn report(pages: &PagesOpts, rules: &RuleOpts, html: bool) -> i32 {
    let (batch, walk, root, record) = match Batch::open(pages, rules) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let store = &batch.store;
    // (HTML reports are written into the output folder: under its lock, as `clean` writes)
    let _lock = match html.then(|| hold(store, &root, record)).transpose() {
        Ok(l) => l,
        Err(code) => return code,
    };
    let work = |job: &Job| -> Result<Option<String>, String> {
        let files = PageFiles::read(store, job)?;
        let (c, _) = files.clean(store, &batch.options, job)?;
        let name = job.name();
        if c.markdown.trim().is_empty() {
            // (as `clean` skips it: no page, no report)
            return Ok(None);
        }
        if html {
            let path = store.html_report_path(&job.rel);
            store.write_derived(&path, crate::html::html_report(&name, &c).as_bytes()).map_err(|e| format!("{e:#}"))?;
            Ok(Some(shown(&path)))
        } else {
            Ok(Some(report::text_report(&name, &c, files.accepted.as_deref())))
        }
    };
    let mut so = std::io::stdout().lock();
    let mut failed = 0;
    in_order(walk, AHEAD_PER_THREAD_OUTPUT, work, |done| match done {
        Ok((_, Ok(Some(text)))) => writeln!(so, "{text}").is_ok(),
        Ok((job, Ok(None))) => {
            eprintln!("newsclean: {}: no text (empty or blank file); no report", job.name());
            true
        }
        Ok((job, Err(e))) => {
            eprintln!("newsclean: {}: {e}", job.name());
            failed += 1;
            true
        }
        Err(e) => {
            eprintln!("newsclean: {e:#}");
            failed += 1;
            true
        }
    });
    if failed > 0 { EXIT_SOME_FAILED } else { EXIT_OK }
}
