//! `newsclean diff`: what `clean` would change against the accepted pages, as a unified diff
//! that `patch -p1` and `git apply`, run in the output folder, apply to the accepted pages
//! (`--- a/<page>.md`, `+++ b/<page>.md`, `/dev/null` for a new page), and that `delta` and
//! other pagers render. `--stat` and `--name-only` as git has them.

use super::{AHEAD_PER_THREAD_OUTPUT, Batch, PageFiles, PagesOpts, RuleOpts, in_order};
use crate::exit::{EXIT_CHANGES, EXIT_OK, EXIT_SOME_FAILED};
use crate::walk::Job;
use std::io::Write;

/// `newsclean diff`: what `clean` would change against the accepted pages, like `git diff`.
/// Returns 1 with `exit_code` when any page would change.
/// What `diff` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DiffShow {
    /// The unified diff.
    #[default]
    Patch,
    /// A line per page with its lines added and removed, and a total.
    Stat,
    /// The pages' paths only.
    NameOnly,
}

/// The page's path in a patch: relative to the output folder, `/`-separated.
fn patch_path(rel: &std::path::Path) -> String {
    let p = crate::store::Store::with_ext(rel, "md");
    p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The unified diff of one page, from its accepted text (`None`: no page yet) to `new`.
pub fn unified(path: &str, old: Option<&str>, new: &str) -> String {
    let a = if old.is_some() { format!("a/{path}") } else { "/dev/null".to_string() };
    let d = similar::TextDiff::configure().timeout(std::time::Duration::from_secs(2)).diff_lines(old.unwrap_or(""), new);
    d.unified_diff().context_radius(3).header(&a, &format!("b/{path}")).to_string()
}

/// Lines added and removed by a page's diff.
fn counts(old: &str, new: &str) -> (usize, usize) {
    let d = similar::TextDiff::configure().timeout(std::time::Duration::from_secs(2)).diff_lines(old, new);
    d.iter_all_changes().fold((0, 0), |(a, r), c| match c.tag() {
        similar::ChangeTag::Insert => (a + 1, r),
        similar::ChangeTag::Delete => (a, r + 1),
        similar::ChangeTag::Equal => (a, r),
    })
}

pub fn diff(pages: &PagesOpts, rules: &RuleOpts, color: crate::term::ColorChoice, exit_code: bool, show: DiffShow) -> i32 {
    let (batch, walk, _, _) = match Batch::open(pages, rules) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let store = &batch.store;
    let pal = crate::term::Palette::new(color);
    let mut so = std::io::stdout().lock();
    let (mut changed, mut failed) = (0, 0);
    let mut stat: Vec<(String, usize, usize)> = Vec::new();
    let rules = batch.options.rules_fingerprint();
    // (a settled page has nothing to show: its accepted page is what clean makes; nor has a
    // page the reviewer rejected as it is, which `clean` does not propose)
    let work = |job: &Job| -> Result<Option<(Option<String>, String)>, String> {
        let files = PageFiles::read(store, job)?;
        if PageFiles::settled(store, job, files.key(job, &rules).as_ref(), false).is_some() || files.rejected(store, job, &rules)? {
            return Ok(None);
        }
        let old = files.accepted.clone();
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
        if old.as_deref() == Some(new.as_str()) || new.trim().is_empty() {
            return true;
        }
        changed += 1;
        let path = patch_path(&job.rel);
        // (a closed pipe, `| head`, ends the output quietly)
        match show {
            DiffShow::NameOnly => writeln!(so, "{path}").is_ok(),
            DiffShow::Stat => {
                let (a, r) = counts(old.as_deref().unwrap_or(""), &new);
                stat.push((path, a, r));
                true
            }
            DiffShow::Patch => {
                let body: String = unified(&path, old.as_deref(), &new).lines().map(|l| pal.diff_line(l) + "\n").collect();
                so.write_all(body.as_bytes()).is_ok()
            }
        }
    });
    if show == DiffShow::Stat && !stat.is_empty() {
        let width = stat.iter().map(|(p, ..)| p.chars().count()).max().unwrap_or(0);
        let most = stat.iter().map(|(_, a, r)| a + r).max().unwrap_or(0).max(1);
        let mut text = String::new();
        for (p, a, r) in &stat {
            // (bars scaled to 50 columns, as git scales them)
            let scale = |n: usize| if most <= 50 { n } else { (n * 50).div_ceil(most) };
            text.push_str(&format!(" {p:<width$} | {:>5} {}{}\n", a + r, pal.diff_line(&"+".repeat(scale(*a))), pal.diff_line(&"-".repeat(scale(*r)))));
        }
        let (a, r) = stat.iter().fold((0, 0), |(x, y), (_, a, r)| (x + a, y + r));
        text.push_str(&format!(" {} changed, {}, {}\n", super::count(stat.len(), "file", "files"), super::count(a, "insertion(+)", "insertions(+)"), super::count(r, "deletion(-)", "deletions(-)")));
        let _ = so.write_all(text.as_bytes());
    }
    if failed > 0 {
        EXIT_SOME_FAILED
    } else if exit_code && changed > 0 {
        EXIT_CHANGES
    } else {
        EXIT_OK
    }
}
