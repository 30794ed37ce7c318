//! `newsclean status`: where a batch stands, from the pages' records ([`crate::record`]):
//! pages by state, edits by stage and rule across the batch (as `ruff --statistics`), and the
//! pending pages that need a person, riskiest first. Nothing is cleaned or written.

use super::config::ReviewConfig;
use super::existing;
use crate::exit::{EXIT_FATAL, EXIT_OK};
use crate::record::{Record, State};
use crate::store::Store;
use crate::walk::shown;
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// `n thing` or `n things`: plural-correct counts for messages.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What `status` found: the numbers it prints (and tests check).
#[derive(Debug, Default)]
pub struct Summary {
    pub by_state: BTreeMap<&'static str, usize>,
    pub warned: usize,
    /// Edits by `stage/rule`: (edits, pages).
    pub rules: BTreeMap<String, (usize, usize)>,
    /// Pending pages that need a look, riskiest first, with what they have.
    pub look: Vec<(PathBuf, Record)>,
    /// Pending pages with no record (made by an older newsclean): they need a look too.
    pub unrecorded: Vec<PathBuf>,
    pub routine: usize,
}

/// Sum up the output folder's records. A page is pending when its proposal is there, whatever
/// its record says.
pub fn summarise(store: &Store, review: &ReviewConfig) -> Summary {
    let pending: HashSet<PathBuf> = store.pending().collect();
    let mut s = Summary::default();
    let mut recorded = HashSet::new();
    for (rel, r) in store.records() {
        let state = if pending.contains(&rel) {
            State::Pending
        } else if r.state == State::Pending {
            // (accepted or rejected by a newsclean that did not update the record, or its
            // proposal removed by hand: not pending any more)
            continue;
        } else {
            r.state
        };
        *s.by_state.entry(state.name()).or_insert(0) += 1;
        s.warned += !r.warnings.is_empty() as usize;
        for (rule, n) in &r.edits {
            let e = s.rules.entry(rule.clone()).or_insert((0, 0));
            e.0 += n;
            e.1 += 1;
        }
        if state == State::Pending {
            recorded.insert(rel.clone());
            if r.needs_a_look(review.layout_margin) {
                s.look.push((rel, r));
            } else {
                s.routine += 1;
            }
        }
    }
    let margin = review.layout_margin;
    s.look.sort_by(|a, b| b.1.risk(margin).cmp(&a.1.risk(margin)).then_with(|| a.0.cmp(&b.0)));
    s.unrecorded = pending.into_iter().filter(|p| !recorded.contains(p)).collect();
    s.unrecorded.sort();
    *s.by_state.entry("pending").or_insert(0) += s.unrecorded.len();
    s
}

/// What a page that needs a look has, in words: `2 warnings, 3 typo edits, 1 uncertain line`.
pub fn why(r: &Record, margin: f32) -> String {
    let mut parts = Vec::new();
    if !r.warnings.is_empty() {
        parts.push(count(r.warnings.len(), "warning", "warnings"));
    }
    if r.suggestions > 0 {
        parts.push(count(r.suggestions, "suggestion", "suggestions"));
    }
    if r.text_edits > 0 {
        parts.push(count(r.text_edits, "typo edit", "typo edits"));
    }
    let u = r.uncertain_below(margin);
    if u > 0 {
        parts.push(format!("{} (layout margin < {margin})", count(u, "uncertain line", "uncertain lines")));
    }
    parts.join(", ")
}

/// `newsclean status`. `limit` bounds the list of pages that need a look (0: all of them).
pub fn status(out: &Path, review: &ReviewConfig, limit: usize) -> i32 {
    let store = Store::new(out);
    if let Err(code) = existing(&store) {
        return code;
    }
    let s = summarise(&store, review);
    let mut so = std::io::stdout().lock();
    let total: usize = s.by_state.values().sum();
    let mut text = format!("{}: {}\n", shown(out), count(total, "page", "pages"));
    for state in [State::Pending, State::Accepted, State::Unchanged, State::Rejected] {
        text.push_str(&format!("  {:<10} {:>8}\n", state.name(), s.by_state.get(state.name()).copied().unwrap_or(0)));
    }
    text.push_str(&format!("  {:<10} {:>8}\n", "warned", s.warned));
    if !s.rules.is_empty() {
        text.push_str("\nedits by rule (the last run of each page)\n");
        let mut rules: Vec<(&String, &(usize, usize))> = s.rules.iter().collect();
        rules.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(b.0)));
        for (rule, (n, pages)) in rules {
            let (stage, name) = rule.split_once('/').unwrap_or(("", rule));
            text.push_str(&format!("  {n:>8}  {stage:<8} {name:<18} on {}\n", count(*pages, "page", "pages")));
        }
    }
    let pending = s.by_state.get("pending").copied().unwrap_or(0);
    text.push_str(&format!(
        "\n{} pending: {} {} a look, {} routine (`newsclean accept --all --routine` accepts those)\n",
        pending,
        s.look.len() + s.unrecorded.len(),
        if s.look.len() + s.unrecorded.len() == 1 { "needs" } else { "need" },
        s.routine
    ));
    let shown_pages = if limit == 0 { usize::MAX } else { limit };
    for (rel, r) in s.look.iter().take(shown_pages) {
        text.push_str(&format!("  {}  {}\n", shown(rel), why(r, review.layout_margin)));
    }
    for rel in s.unrecorded.iter().take(shown_pages.saturating_sub(s.look.len())) {
        text.push_str(&format!("  {}  no record (made by an older newsclean; re-run `newsclean clean`)\n", shown(rel)));
    }
    let listed = (s.look.len() + s.unrecorded.len()).min(shown_pages);
    if listed < s.look.len() + s.unrecorded.len() {
        text.push_str(&format!("  … and {} more (--limit 0 lists them all)\n", s.look.len() + s.unrecorded.len() - listed));
    }
    match so.write_all(text.as_bytes()) {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("newsclean: cannot write: {e}");
            EXIT_FATAL
        }
    }
}
