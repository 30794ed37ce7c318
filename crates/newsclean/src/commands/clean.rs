//! `newsclean clean`: raw pages into pending results (or accepted pages), with a report each;
//! from standard input to standard output with `-`; JSON Lines with `--jsonl`.

use super::config::{load_options_from, record_config};
use super::{AHEAD_PER_THREAD_LINE, Format, PageFiles, RuleOpts, archive_root, hold, in_order, inputs_or_default};
use crate::exit::{EXIT_CHANGES, EXIT_FATAL, EXIT_OK, EXIT_SOME_FAILED};
use crate::pipeline::{Options, clean_bytes_with};
use crate::record::{Record, State};
use crate::report;
use crate::rules::RuleId;
use crate::store::{Meta, Store, fingerprint, text_fp};
use crate::walk::{Job, Walk, shown};
use anyhow::{Result, bail};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

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
                // (`--check` names only the pages that would change: in CI over an archive,
                // the rest is a million lines nobody reads; --verbose shows them all)
                let said = !opts.check || opts.verbose || change == Change::Changed || opts.format == Format::Json;
                if said && !line.is_empty() {
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

/// What a page's result is against its accepted page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Against {
    New,
    Changed,
    Unchanged,
    /// The reviewer rejected this raw text under these rules.
    Rejected,
}

impl Against {
    /// As the page's line says it.
    fn said(self) -> &'static str {
        match self {
            Against::New => "new",
            Against::Changed => "changed",
            Against::Unchanged => "unchanged",
            Against::Rejected => "rejected in review",
        }
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
        let against = match &accepted {
            _ if rejected => Against::Rejected,
            None => Against::New,
            Some(a) if *a == c.markdown => Against::Unchanged,
            Some(_) => Against::Changed,
        };
        let status = against.said();
        // (nothing to propose: the accepted page is what clean makes, or the reviewer rejected
        // this raw text under these rules)
        let settled = matches!(against, Against::Unchanged | Against::Rejected);
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
            let settles = match against {
                Against::Unchanged => key.clone(),
                _ if !settled => files.key_with(job, rules, &c.markdown),
                _ => None,
            };
            // (a proposal's key holds once it is accepted; its report says so)
            let pending = !opts.accept && !settled;
            let footer = crate::settled::footer_for(settles.clone(), &c, unstable.is_some(), !opts.no_verify, pending);
            if let Some(footer) = &footer {
                rep.push_str(footer);
            }
            let state = match against {
                Against::Rejected => State::Rejected,
                Against::Unchanged => State::Unchanged,
                _ if opts.accept => State::Accepted,
                _ => State::Pending,
            };
            let mut warnings = Vec::new();
            if let Some(n) = unstable {
                warnings.push(format!("cleaning the result again would change {n} paragraphs"));
            }
            if lossy > 0 {
                warnings.push(format!("{lossy} invalid UTF-8 sequences read as U+FFFD (--lossy)"));
            }
            let mut record = Record::of(&name, &c, state, warnings);
            record.key = footer.and(settles).map(|k| k.as_str().to_string());
            record.verified = !opts.no_verify;
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
            store.write_record(&job.rel, &record)?;
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
