//! A page's record: what the last run made of the page, as data, beside its text report
//! (`.newsclean/reports/<page>.json`).
//!
//! The text report is for people and its wording may change; the record is what the tool
//! itself reads back: the key that lets a re-run skip a settled page ([`crate::settled`]), the
//! page's state, its edits counted by rule, its suggestions, warnings and the layout readings
//! the decoder was least sure of. `status`, `accept --routine` and the review's risk order work
//! from the records, so a batch of a million pages is summed up without cleaning or parsing a
//! report again.

use crate::edit::Confidence;
use crate::pipeline::Cleaned;
use crate::rules::Kind;
use crate::stages::reflow::Uncertain;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a page stands in the review loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// A proposal waits for review.
    Pending,
    /// The accepted page is the page's result.
    Accepted,
    /// The accepted page is what `clean` makes of the raw text (nothing to review).
    Unchanged,
    /// The reviewer rejected the page as it is (under these rules and this raw text).
    Rejected,
}

impl State {
    pub fn name(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Accepted => "accepted",
            State::Unchanged => "unchanged",
            State::Rejected => "rejected",
        }
    }
}

/// The record of one page (version 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub version: u32,
    /// The page's name (its raw file as the run was given it).
    pub page: String,
    pub state: State,
    /// The report's summary line: stories, paragraphs, edits by stage.
    pub summary: String,
    /// The settled key ([`crate::settled::Key`]) when nothing but a change to the page's
    /// inputs can change its result; absent for a page with a warning.
    pub key: Option<String>,
    /// The key was made with the fixed-point check on.
    pub verified: bool,
    /// Applied edits by rule name, `stage/rule`.
    pub edits: BTreeMap<String, usize>,
    /// Applied edits that change the words (typo rules): a person should read them.
    pub text_edits: usize,
    /// Suggestions: shown for review, not applied.
    pub suggestions: usize,
    pub warnings: Vec<String>,
    /// The layout readings the decoder was least sure of.
    pub uncertain: Vec<Uncertain>,
}

pub const VERSION: u32 = 1;

impl Record {
    /// The record of `c`, cleaned as `page`, in `state`.
    pub fn of(page: &str, c: &Cleaned, state: State, warnings: Vec<String>) -> Record {
        let mut edits = BTreeMap::new();
        let mut text_edits = 0;
        for e in c.edits.iter().filter(|e| e.confidence == Confidence::Applied) {
            *edits.entry(format!("{}/{}", e.stage.name(), e.rule.name())).or_insert(0) += 1;
            text_edits += (e.rule.kind() == Kind::Text) as usize;
        }
        Record {
            version: VERSION,
            page: page.to_string(),
            state,
            summary: crate::report::summary_line(c),
            key: None,
            verified: false,
            edits,
            text_edits,
            suggestions: c.suggestions(),
            warnings,
            uncertain: c.layout.uncertain.clone(),
        }
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string(self).expect("a record serialises");
        s.push('\n');
        s
    }

    /// A record read back; `None` for a file of another version or none at all (the page is
    /// then cleaned again, which writes a new one).
    pub fn parse(text: &str) -> Option<Record> {
        serde_json::from_str::<Record>(text).ok().filter(|r| r.version == VERSION)
    }

    /// The layout readings below `margin`.
    pub fn uncertain_below(&self, margin: f32) -> usize {
        self.uncertain.iter().filter(|u| u.margin < margin).count()
    }

    /// Does the page need a person, at layout confidence `margin`: a typo edit, a suggestion,
    /// a warning, or a layout reading below the margin?
    pub fn needs_a_look(&self, margin: f32) -> bool {
        self.text_edits > 0 || self.suggestions > 0 || !self.warnings.is_empty() || self.uncertain_below(margin) > 0
    }

    /// How much a page needs a look, for the review's risk order: warnings first, then
    /// suggestions, typo edits and uncertain layout.
    pub fn risk(&self, margin: f32) -> (usize, usize, usize, usize) {
        (self.warnings.len(), self.suggestions, self.text_edits, self.uncertain_below(margin))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_says_what_needs_a_person() {
        let c = crate::pipeline::clean_str("本报讯 今天天气很好,群众满意。\n").unwrap();
        let r = Record::of("raw/a.txt", &c, State::Pending, vec![]);
        assert_eq!(r.edits.get("typos/halfwidth-punct"), Some(&1));
        assert_eq!(r.text_edits, 1);
        assert!(r.needs_a_look(0.0));
        assert_eq!(Record::parse(&r.to_json()), Some(r.clone()));
        let plain = Record::of("raw/b.txt", &crate::pipeline::clean_str("本报讯 今天天气很好。\n").unwrap(), State::Pending, vec![]);
        assert!(!plain.needs_a_look(50.0), "{plain:?}");
        assert!(Record { warnings: vec!["w".into()], ..plain.clone() }.needs_a_look(0.0));
        assert_eq!(Record::parse("{\"version\": 0}"), None);
    }
}
