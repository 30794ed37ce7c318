//! The reviewer's decisions on edits, kept from one run of `clean` to the next.
//!
//! A rejected correction must stay rejected when the rules change and `clean` runs again, and
//! an accepted suggestion must stay applied. Line numbers cannot identify an edit across runs
//! (reflow changes them, and a new rule can shift every offset after it), so a decision is
//! anchored to the edit itself and the raw text around it: the rule, the text before and
//! after, and up to [`CONTEXT`] non-blank characters of raw text on each side. Whitespace is
//! left out of the context, so a line broken elsewhere still matches.
//!
//! Decisions live in `OUT/.newsclean/decisions/<page>.tsv` (see [`crate::store`]): one line
//! per decision, tab-separated, with `\t`, `\n` and `\\` escaped:
//!
//! ```text
//! edit<TAB>reject<TAB>similar-shape<TAB>未<TAB>末<TAB>严格落实“四不直管一<TAB>位”制度
//! page<TAB>reject<TAB><raw fingerprint><TAB><rules fingerprint>
//! ```
//!
//! A `page` line records that the whole page was rejected for that raw text and those rules:
//! `clean` does not propose it again until one of them changes.

use crate::edit::Edit;
use std::collections::HashMap;

/// Non-blank characters of raw text on each side that anchor a decision.
pub const CONTEXT: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Accept,
    Reject,
}

impl Verdict {
    fn word(self) -> &'static str {
        match self {
            Verdict::Accept => "accept",
            Verdict::Reject => "reject",
        }
    }
}

/// Where an edit is, in terms that survive a re-run.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Anchor {
    pub rule: String,
    pub before: String,
    pub after: String,
    pub left: String,
    pub right: String,
}

impl Anchor {
    /// The anchor of `e`, an edit of the page whose decoded raw text is `raw`.
    pub fn of(e: &Edit, raw: &str) -> Anchor {
        let at = floor(raw, e.offset);
        let end = floor(raw, at + e.before.len());
        let left: Vec<char> = raw[..at].chars().rev().filter(|c| !c.is_whitespace()).take(CONTEXT).collect();
        Anchor {
            rule: e.rule.name().to_string(),
            before: e.before.to_string(),
            after: e.after.to_string(),
            left: left.into_iter().rev().collect(),
            right: raw[end..].chars().filter(|c| !c.is_whitespace()).take(CONTEXT).collect(),
        }
    }
}

fn floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The page was rejected as a whole, for this raw text under these rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageReject {
    pub raw_fp: String,
    pub rules_fp: String,
}

/// One page's decisions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decisions {
    edits: HashMap<Anchor, Verdict>,
    /// (in the order made, for a stable file)
    order: Vec<Anchor>,
    pub page: Option<PageReject>,
}

#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {what}")]
pub struct DecisionsError {
    pub file: String,
    pub line: usize,
    pub what: String,
}

impl Decisions {
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty() && self.page.is_none()
    }

    pub fn len(&self) -> usize {
        self.edits.len()
    }

    /// The decision on an edit of the page whose raw text is `raw`, if there is one.
    pub fn verdict(&self, e: &Edit, raw: &str) -> Option<Verdict> {
        if self.edits.is_empty() {
            return None;
        }
        self.edits.get(&Anchor::of(e, raw)).copied()
    }

    pub fn set(&mut self, a: Anchor, v: Verdict) {
        if self.edits.insert(a.clone(), v).is_none() {
            self.order.push(a);
        }
    }

    pub fn parse(text: &str, file: &str) -> Result<Decisions, DecisionsError> {
        let mut d = Decisions::default();
        for (k, l) in text.lines().enumerate() {
            if l.trim().is_empty() || l.starts_with('#') {
                continue;
            }
            let bad = |what: &str| DecisionsError { file: file.to_string(), line: k + 1, what: what.to_string() };
            let cols: Vec<String> = l.split('\t').map(unescape).collect();
            let verdict = match cols.get(1).map(String::as_str) {
                Some("accept") => Verdict::Accept,
                Some("reject") => Verdict::Reject,
                _ => return Err(bad("expected `accept` or `reject` in the second column")),
            };
            match (cols[0].as_str(), cols.len()) {
                ("edit", 7) => {
                    let [_, _, rule, before, after, left, right] = <[String; 7]>::try_from(cols).expect("seven columns");
                    d.set(Anchor { rule, before, after, left, right }, verdict);
                }
                ("page", 4) if verdict == Verdict::Reject => d.page = Some(PageReject { raw_fp: cols[2].clone(), rules_fp: cols[3].clone() }),
                _ => return Err(bad("expected `edit<TAB>verdict<TAB>rule<TAB>before<TAB>after<TAB>left<TAB>right` or `page<TAB>reject<TAB>raw<TAB>rules`")),
            }
        }
        Ok(d)
    }

    pub fn to_text(&self) -> String {
        let mut s = String::from("# newsclean review decisions: edits anchored to the raw text around them\n");
        if let Some(p) = &self.page {
            s.push_str(&format!("page\treject\t{}\t{}\n", p.raw_fp, p.rules_fp));
        }
        for a in &self.order {
            let v = self.edits[a];
            let cols = [&a.rule, &a.before, &a.after, &a.left, &a.right].map(|c| escape(c));
            s.push_str(&format!("edit\t{}\t{}\n", v.word(), cols.join("\t")));
        }
        s
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('\t', "\\t").replace('\n', "\\n")
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some(x) => out.push(x),
            None => out.push('\\'),
        }
    }
    out
}

/// What a stage needs to honour the decisions: the page's raw text (the edits' coordinates)
/// and the decisions. Stages ask [`Gate::commit`] before making an edit a reviewer can decide.
#[derive(Debug, Clone, Copy)]
pub struct Gate<'a> {
    pub raw: &'a str,
    pub decisions: &'a Decisions,
}

impl Gate<'_> {
    /// No decisions: every edit as the rules propose it.
    pub fn none() -> Gate<'static> {
        static EMPTY: std::sync::OnceLock<Decisions> = std::sync::OnceLock::new();
        Gate { raw: "", decisions: EMPTY.get_or_init(Decisions::default) }
    }

    /// Log `e` and say whether to make it: an applied edit the reviewer rejected is logged as
    /// rejected and not made; a suggestion the reviewer accepted is logged as applied and made.
    pub fn commit(&self, mut e: Edit, edits: &mut Vec<Edit>) -> bool {
        use crate::edit::Confidence;
        match (e.confidence, self.decisions.verdict(&e, self.raw)) {
            (Confidence::Applied, Some(Verdict::Reject)) => e.confidence = Confidence::Rejected,
            (Confidence::Suggested, Some(Verdict::Accept)) => {
                e.confidence = Confidence::Applied;
                e.reason.to_mut().push_str(" (suggestion accepted in review)");
            }
            _ => {}
        }
        let apply = e.confidence == Confidence::Applied;
        edits.push(e);
        apply
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Edit;
    use crate::rules::RuleId;

    #[test]
    fn anchors_ignore_line_breaks_and_survive_a_round_trip() {
        let raw = "严格落实“四不直\n管一未位”制度\t要求";
        let e = Edit::new(RuleId::SimilarShape, raw.find('未').unwrap(), "未", "末", "");
        let a = Anchor::of(&e, raw);
        assert_eq!((a.left.as_str(), a.right.as_str()), ("“四不直管一", "位”制度要求"));
        let moved = "前言。严格落实“四不直管一未位”制度 要求";
        let e2 = Edit::new(RuleId::SimilarShape, moved.find('未').unwrap(), "未", "末", "");
        let mut d = Decisions::default();
        d.set(a, Verdict::Reject);
        d.page = Some(PageReject { raw_fp: "1".into(), rules_fp: "2".into() });
        let back = Decisions::parse(&d.to_text(), "x").unwrap();
        assert_eq!(back, d);
        assert_eq!(back.verdict(&e2, moved), Some(Verdict::Reject));
    }

    #[test]
    fn escapes_tabs_and_newlines() {
        let mut d = Decisions::default();
        d.set(Anchor { rule: "join-lines".into(), before: "\n".into(), after: "".into(), left: "a\\b".into(), right: "\t".into() }, Verdict::Accept);
        assert_eq!(Decisions::parse(&d.to_text(), "x").unwrap(), d);
    }

    #[test]
    fn bad_lines_name_the_file_and_line() {
        let err = Decisions::parse("edit\tmaybe\tr\ta\tb\tc\td\n", "dec.tsv").unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("dec.tsv", 1));
    }

    #[test]
    fn the_gate_rejects_and_accepts() {
        let raw = "由政釜补助";
        let e = Edit::new(RuleId::SimilarShape, raw.find('釜').unwrap(), "釜", "府", "r");
        let mut d = Decisions::default();
        d.set(Anchor::of(&e, raw), Verdict::Reject);
        let mut log = Vec::new();
        assert!(!Gate { raw, decisions: &d }.commit(e.clone(), &mut log));
        assert_eq!(log[0].confidence, crate::edit::Confidence::Rejected);
        d.set(Anchor::of(&e, raw), Verdict::Accept);
        assert!(Gate { raw, decisions: &d }.commit(e.clone().suggested(), &mut log));
        assert!(Gate::none().commit(e, &mut log));
    }
}
