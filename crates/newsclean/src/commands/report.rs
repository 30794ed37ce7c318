//! `newsclean report`: each page's report, as text or as a self-contained HTML page.

use super::{AHEAD_PER_THREAD_OUTPUT, Batch, PageFiles, PagesOpts, RuleOpts, hold, in_order};
use crate::exit::{EXIT_OK, EXIT_SOME_FAILED};
use crate::report;
use crate::walk::{Job, shown};
use std::io::Write;

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
