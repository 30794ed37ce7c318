//! The per-page review report: what newsclean changed and why, typo corrections first (they
//! need the most attention), layout changes compactly, then a character-level diff of the
//! proposal against the accepted page.
//!
//! Chinese text has no spaces to split words on and a reflowed paragraph is one line that was
//! twenty, so the diff works on paragraphs (lines of the Markdown page) and, inside a changed
//! paragraph, on grapheme clusters. Every diff has a deadline so a huge or unrelated page never
//! hangs the report.

use crate::edit::{Confidence, Edit, Stage};
use crate::pipeline::Cleaned;
use crate::rules::RuleId;
use similar::{Algorithm, ChangeTag, DiffOp};
use std::fmt::Write;
use std::time::{Duration, Instant};
use unicode_segmentation::UnicodeSegmentation;

use crate::term::{Palette, visible};

/// The raw text around an edit at byte `off` that spans `len` bytes: up to `n` characters
/// before it, its own text, and up to `n` characters after it (offsets that fall inside a
/// character are moved to its edges).
pub fn around(raw: &str, off: usize, len: usize, n: usize) -> (&str, &str, &str) {
    let mut at = off.min(raw.len());
    while !raw.is_char_boundary(at) {
        at -= 1;
    }
    let mut end = (at + len).min(raw.len());
    while !raw.is_char_boundary(end) {
        end += 1;
    }
    let start = raw[..at].char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    let stop = raw[end..].char_indices().nth(n).map_or(raw.len(), |(i, _)| end + i);
    (&raw[start..at], &raw[at..end], &raw[end..stop])
}

fn context(raw: &str, off: usize, before_len: usize) -> String {
    let (l, m, r) = around(raw, off, before_len, 8);
    format!("…{}[{}]{}…", l.replace('\n', "⏎"), visible(m), r.replace('\n', "⏎"))
}

/// One edit of a list: line, rule, the change, where it is, and (`why`) its reason.
fn edit_line(e: &Edit, raw: &str, why: bool) -> String {
    let head = format!("  line {:>4}  {:<16} {} → {}   {}", e.line, e.rule, visible(&e.before), visible(&e.after), context(raw, e.offset, e.before.len()));
    if why { format!("{head}\n             {}", e.reason) } else { head }
}

pub fn summary_line(c: &Cleaned) -> String {
    let by: Vec<String> = c.edits_by_stage().iter().filter(|(_, n)| *n > 0).map(|(s, n)| format!("{} {}", s.name(), n)).collect();
    format!(
        "{} stories, {} paragraphs, edits: {}{}",
        c.page.stories.len(),
        c.paragraphs(),
        if by.is_empty() { "none".to_string() } else { by.join(", ") },
        if c.suggestions() > 0 { format!(" ({} suggested)", c.suggestions()) } else { String::new() }
    )
}

/// The heading of a report's diff, and what it says when there is no page to compare with:
/// as the report of a proposal has them, and as that of a page once accepted
/// ([`as_accepted`]).
const DIFF: [&str; 2] = ["\n## Diff against the accepted page\n", "  (no accepted page yet: the whole page is new)\n"];
const DIFF_ACCEPTED: [&str; 2] = ["\n## Accepted: diff against the page it replaced\n", "  (no page before: the whole page is new)\n"];

/// The report of a page: what was done to it, and its diff against the accepted page.
pub fn text_report(name: &str, c: &Cleaned, accepted: Option<&str>) -> String {
    let mut r = String::new();
    let _ = writeln!(r, "newsclean report for {name}");
    let _ = writeln!(r, "encoding: {}; layout: {}", c.encoding, layout_desc(c));
    let _ = writeln!(r, "{}", summary_line(c));
    let _ = writeln!(r, "\n## Stories");
    for (i, s) in c.page.stories.iter().enumerate() {
        let _ = writeln!(r, "{:>3}. {} ({} paragraphs)", i + 1, s.headline().unwrap_or_else(|| "(no headline)".into()), s.paragraphs());
    }
    let typos: Vec<&Edit> = c.edits.iter().filter(|e| e.stage == Stage::Typos && e.confidence == Confidence::Applied).collect();
    let sugg: Vec<&Edit> = c.edits.iter().filter(|e| e.confidence == Confidence::Suggested).collect();
    let _ = writeln!(r, "\n## Typo corrections ({})", typos.len());
    for e in &typos {
        let _ = writeln!(r, "{}", edit_line(e, &c.raw, true));
    }
    if !sugg.is_empty() {
        let _ = writeln!(r, "\n## Suggestions, not applied ({})", sugg.len());
        for e in &sugg {
            let _ = writeln!(r, "{}", edit_line(e, &c.raw, true));
        }
    }
    let rejected: Vec<&Edit> = c.edits.iter().filter(|e| e.confidence == Confidence::Rejected).collect();
    if !rejected.is_empty() {
        let _ = writeln!(r, "\n## Rejected in review, not applied ({})", rejected.len());
        for e in &rejected {
            let _ = writeln!(r, "{}", edit_line(e, &c.raw, false));
        }
    }
    let _ = writeln!(r, "\n## Layout changes");
    for stage in [Stage::Decode, Stage::Spacing, Stage::Reflow, Stage::Stories] {
        let es: Vec<&Edit> = c.edits.iter().filter(|e| e.stage == stage && e.confidence == Confidence::Applied).collect();
        if es.is_empty() {
            continue;
        }
        let mut rules: Vec<RuleId> = es.iter().map(|e| e.rule).collect();
        rules.sort();
        rules.dedup();
        for rule in rules {
            let of: Vec<&&Edit> = es.iter().filter(|e| e.rule == rule).collect();
            let mut lines: Vec<usize> = of.iter().map(|e| e.line).collect();
            lines.dedup();
            let shown: Vec<String> = lines.iter().take(12).map(|l| l.to_string()).collect();
            let more = if lines.len() > 12 { format!(" and {} more", lines.len() - 12) } else { String::new() };
            let _ = writeln!(r, "  {:<8} {:<16} ×{:<4} lines {}{}  ({})", stage.name(), rule, of.len(), shown.join(", "), more, of[0].reason);
            if rule.rule().itemised {
                for e in of.iter().take(20) {
                    let short = |s: &str| if s.chars().count() > 40 { format!("{}…", s.chars().take(40).collect::<String>()) } else { s.to_string() };
                    if e.before == e.after {
                        let _ = writeln!(r, "           line {:>4}: {}", e.line, visible(&short(&e.before)));
                    } else {
                        let _ = writeln!(r, "           line {:>4}: {} → {}", e.line, visible(&short(&e.before)), visible(&short(&e.after)));
                    }
                }
            }
        }
    }
    r.push_str(DIFF[0]);
    match accepted {
        None => r.push_str(DIFF[1]),
        Some(old) if old == c.markdown => {
            let _ = writeln!(r, "  (unchanged)");
        }
        Some(old) => r.push_str(&char_diff(old, &c.markdown, Duration::from_secs(2), 20_000)),
    }
    r
}

/// The report's part for a page whose result would clean differently again (the layout was
/// read two ways): the same words from `clean` and from `--jsonl`.
pub fn unstable_warning(paragraphs: usize) -> String {
    format!("\n## Warning\n  cleaning this page's result again would change {paragraphs} paragraphs: the layout was read two ways; check the page\n")
}

/// The report of a page that has just been accepted in place of `replaced`.
pub fn text_report_accepted(name: &str, c: &Cleaned, replaced: Option<&str>) -> String {
    as_accepted(&text_report(name, c, replaced))
}

/// The report of a proposal, once its page is accepted (`accept`, `clean --accept`): its diff
/// is now against the page it replaced. The report stays true while the page stays settled,
/// and the runs that skip the page keep it ([`crate::settled`]).
pub fn as_accepted(report: &str) -> String {
    // (the first line of that text is the heading: every line above it that comes from the
    // page is indented)
    let Some(k) = report.find(DIFF[0]) else { return report.to_string() };
    let rest = &report[k + DIFF[0].len()..];
    let rest = match rest.strip_prefix(DIFF[1]) {
        Some(after) => format!("{}{after}", DIFF_ACCEPTED[1]),
        None => rest.to_string(),
    };
    format!("{}{}{rest}", &report[..k], DIFF_ACCEPTED[0])
}

fn layout_desc(c: &Cleaned) -> String {
    let l = &c.layout;
    let style = if l.per_line {
        "one paragraph per line"
    } else if l.double {
        "blank line after every line"
    } else if l.blanks_are_column_breaks {
        "column lines, blank lines at column breaks"
    } else {
        "column lines, blank lines at paragraph ends and column breaks"
    };
    if l.width.is_finite() { format!("{style}, column width ≈{:.1}", l.width) } else { style.to_string() }
}

/// A paragraph-level diff with grapheme-level highlights inside changed paragraphs:
/// `[-removed-]{+added+}`. Stops highlighting after `cap` changed graphemes.
pub fn char_diff(old: &str, new: &str, deadline: Duration, cap: usize) -> String {
    colored_diff(old, new, &Palette { on: false }, deadline, cap)
}

/// [`char_diff`] in the palette's colours (removed red and struck through, added green).
pub fn colored_diff(old: &str, new: &str, pal: &Palette, deadline: Duration, cap: usize) -> String {
    let start = Instant::now();
    let mut out = String::new();
    let ol: Vec<&str> = old.lines().filter(|l| !l.trim().is_empty()).collect();
    let nl: Vec<&str> = new.lines().filter(|l| !l.trim().is_empty()).collect();
    let ops = similar::capture_diff_slices_deadline(Algorithm::Myers, &ol, &nl, Some(start + deadline));
    let mut budget = cap;
    for op in &ops {
        match *op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete { old_index, old_len, .. } => {
                for l in &ol[old_index..old_index + old_len] {
                    let _ = writeln!(out, "- {}", l.trim_end_matches('\n'));
                }
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                for l in &nl[new_index..new_index + new_len] {
                    let _ = writeln!(out, "+ {}", l.trim_end_matches('\n'));
                }
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                let olds = &ol[old_index..old_index + old_len];
                let news = &nl[new_index..new_index + new_len];
                for k in 0..olds.len().max(news.len()) {
                    match (olds.get(k), news.get(k)) {
                        (Some(a), Some(b)) if budget > 0 && Instant::now() < start + deadline => {
                            let (line, used) = inline(a.trim_end_matches('\n'), b.trim_end_matches('\n'), pal, start + deadline);
                            budget = budget.saturating_sub(used);
                            let _ = writeln!(out, "~ {line}");
                        }
                        (Some(a), Some(b)) => {
                            let _ = writeln!(out, "- {}\n+ {}", a.trim_end_matches('\n'), b.trim_end_matches('\n'));
                        }
                        (Some(a), None) => {
                            let _ = writeln!(out, "- {}", a.trim_end_matches('\n'));
                        }
                        (None, Some(b)) => {
                            let _ = writeln!(out, "+ {}", b.trim_end_matches('\n'));
                        }
                        (None, None) => {}
                    }
                }
            }
        }
    }
    if out.is_empty() {
        out.push_str("  (no differences)\n");
    }
    out
}

fn inline(a: &str, b: &str, pal: &Palette, deadline: Instant) -> (String, usize) {
    let ga: Vec<&str> = a.graphemes(true).collect();
    let gb: Vec<&str> = b.graphemes(true).collect();
    let ops = similar::capture_diff_slices_deadline(Algorithm::Myers, &ga, &gb, Some(deadline));
    let mut s = String::new();
    let mut used = 0;
    for op in ops {
        for (tag, range) in op.iter_slices_tagged(&ga, &gb) {
            let text: String = range.concat();
            match tag {
                ChangeTag::Equal => s.push_str(&text),
                ChangeTag::Delete => {
                    used += range.len();
                    s.push_str(&pal.del(&text));
                }
                ChangeTag::Insert => {
                    used += range.len();
                    s.push_str(&pal.ins(&text));
                }
            }
        }
    }
    (s, used)
}

trait TaggedSlices<'a> {
    fn iter_slices_tagged(&self, a: &'a [&'a str], b: &'a [&'a str]) -> Vec<(ChangeTag, &'a [&'a str])>;
}

impl<'a> TaggedSlices<'a> for DiffOp {
    fn iter_slices_tagged(&self, a: &'a [&'a str], b: &'a [&'a str]) -> Vec<(ChangeTag, &'a [&'a str])> {
        match *self {
            DiffOp::Equal { old_index, len, .. } => vec![(ChangeTag::Equal, &a[old_index..old_index + len])],
            DiffOp::Delete { old_index, old_len, .. } => vec![(ChangeTag::Delete, &a[old_index..old_index + old_len])],
            DiffOp::Insert { new_index, new_len, .. } => vec![(ChangeTag::Insert, &b[new_index..new_index + new_len])],
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                vec![(ChangeTag::Delete, &a[old_index..old_index + old_len]), (ChangeTag::Insert, &b[new_index..new_index + new_len])]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn around_takes_whole_characters_on_each_side() {
        let raw = "一二三四五未位六七";
        let at = raw.find('未').unwrap();
        assert_eq!(around(raw, at, '未'.len_utf8(), 2), ("四五", "未", "位六"));
        assert_eq!(around(raw, at, '未'.len_utf8(), 20), ("一二三四五", "未", "位六七"));
        // an offset inside a character moves to its start
        assert_eq!(around(raw, at + 1, 0, 1), ("五", "", "未"));
    }

    #[test]
    fn inline_diff_marks_graphemes() {
        let d = char_diff("一未位\n不变\n", "一末位\n不变\n", Duration::from_secs(1), 100);
        assert_eq!(d, "~ 一[-未-]{+末+}位\n");
    }
}
