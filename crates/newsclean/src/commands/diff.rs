//! `newsclean diff`: what `clean` would change against the accepted pages.

use super::{AHEAD_PER_THREAD_OUTPUT, Batch, PageFiles, PagesOpts, RuleOpts, in_order};
use crate::exit::{EXIT_CHANGES, EXIT_OK, EXIT_SOME_FAILED};
use crate::report;
use crate::walk::{Job, shown};
use std::io::Write;

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
