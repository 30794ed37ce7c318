//! `newsclean accept` and `reject`: pending pages into the output folder, or dropped.

use super::config::ReviewConfig;
use super::status::count;
use super::{AHEAD_PER_THREAD_LINE, existing, locked};
use crate::exit::{EXIT_FATAL, EXIT_OK, EXIT_SOME_FAILED};
use crate::report;
use crate::store::{Store, fingerprint};
use crate::walk::{resolve, shown};
use anyhow::{Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};

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

/// The pages `accept` and `reject` act on, and how they speak.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Pages named (stem, relative path or raw file).
    pub pages: Vec<PathBuf>,
    /// Every pending page.
    pub all: bool,
    /// Only the pages that need no person ([`crate::record::Record::needs_a_look`]) at this
    /// layout margin: `accept --all --routine`.
    pub routine: Option<ReviewConfig>,
    /// No line per page: only the closing count.
    pub quiet: bool,
}

/// Run `act` on each selected pending page on all threads, reporting `verb` or the error per
/// page in page order, and a closing count. (Accepting flushes each page to the disk: on a
/// batch of a million, those waits overlap.)
fn for_each_selected(out: &Path, sel: &Selection, verb: &str, act: impl Fn(&Store, &Path) -> Result<()> + Sync) -> i32 {
    let (pages, all) = (&sel.pages, sel.all);
    let store = Store::new(out);
    if let Err(code) = existing(&store) {
        return code;
    }
    let _lock = match locked(&store) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let chosen = match select(&store, pages, all) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("newsclean: {e:#}");
            return EXIT_FATAL;
        }
    };
    // (a routine run passes over the pages that need a person, and counts them)
    let left = std::sync::atomic::AtomicUsize::new(0);
    let chosen = chosen.filter(|rel| match &sel.routine {
        None => true,
        Some(review) => {
            let routine = store.record(rel).is_some_and(|r| !r.needs_a_look(review.layout_margin));
            if !routine {
                left.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            routine
        }
    });
    let (mut failed, mut done) = (0, 0);
    let mut so = std::io::stdout().lock();
    let work = |rel: PathBuf| {
        let r = act(&store, &rel);
        (rel, r)
    };
    crate::ordered::ordered(chosen, rayon::current_num_threads() * AHEAD_PER_THREAD_LINE, work, |(rel, r)| {
        match r {
            // a closed pipe (`| head`) is no error of the page's
            Ok(()) => {
                done += 1;
                if !sel.quiet {
                    let _ = writeln!(so, "{verb} {}", shown(&rel));
                }
            }
            Err(e) => {
                eprintln!("newsclean: {}: {e:#}", shown(&rel));
                failed += 1;
            }
        }
        true
    });
    let mut end = format!("{verb} {}", count(done, "page", "pages"));
    if failed > 0 {
        end.push_str(&format!(", {failed} failed"));
    }
    if sel.routine.is_some() {
        let left = left.into_inner();
        end.push_str(&format!("; {} left for review (`newsclean status` lists {})", count(left, "page", "pages"), if left == 1 { "it" } else { "them" }));
    }
    if sel.all || sel.pages.len() > 1 || sel.quiet {
        let _ = writeln!(so, "{end}");
    }
    if failed > 0 { EXIT_SOME_FAILED } else { EXIT_OK }
}

/// Move pending pages into the output folder, refusing proposals that went stale.
///
/// The steps, each of which a crash may end: the accepted page is written (flushed), the
/// report is marked accepted, the proposal is dropped. A re-run after a crash finds the
/// accepted page equal to the proposal and finishes the steps left.
pub fn accept(out: &Path, sel: &Selection, split_stories: bool) -> i32 {
    for_each_selected(out, sel, "accepted", |store, rel| {
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
        store.update_record(rel, |r| r.state = crate::record::State::Accepted)?;
        store.drop_pending(rel)?;
        Ok(())
    })
}

/// Drop pending pages, and remember that the reviewer rejected them: the next `clean` does
/// not propose a rejected page again until its raw text or the rules change (as `R` in
/// review).
pub fn reject(out: &Path, sel: &Selection) -> i32 {
    for_each_selected(out, sel, "rejected", |store, rel| {
        if let Some(meta) = store.read_meta(rel) {
            let mut d = store.decisions(rel)?;
            d.page = Some(crate::decisions::PageReject { raw_fp: meta.raw_fp, rules_fp: meta.rules_fp });
            store.write_decisions(rel, &d)?;
        }
        store.update_record(rel, |r| {
            r.state = crate::record::State::Rejected;
            r.key = None;
        })?;
        store.drop_pending(rel).map(|_| ())
    })
}
