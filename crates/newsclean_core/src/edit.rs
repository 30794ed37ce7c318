//! The edit log shared by every stage.
//!
//! newsclean never changes text silently: each stage records every change it makes as an
//! [`Edit`] with its rule ([`RuleId`], which names its stage), the byte offset in the decoded raw text where it
//! applies, the text before and after, and a human reason. The report shows these, `--format
//! json` exports them, and the run-time invariant (characters in = characters out, except for
//! logged edits) is checked against them in [`crate::pipeline`].

pub use crate::rules::{RuleId, Stage};
use serde::Serialize;
use std::borrow::Cow;

/// How sure a stage is of an edit. Suggestions are listed in the report but not applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    Applied,
    Suggested,
    /// Proposed by a rule, rejected by the reviewer (see [`crate::decisions`]): not made.
    Rejected,
}

/// One change to the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edit {
    /// The stage of `rule` (from the registry); a field so the JSON export names it.
    pub stage: Stage,
    pub rule: RuleId,
    /// Byte offset in the decoded raw text (after line-ending normalisation).
    pub offset: usize,
    /// 1-based raw line number of `offset` (filled in by the pipeline).
    pub line: usize,
    // (`Cow`: most edits are line joins and spaces whose texts and reasons are constants, and a
    // page has hundreds of them; only typo edits need text of their own)
    pub before: Cow<'static, str>,
    pub after: Cow<'static, str>,
    pub reason: Cow<'static, str>,
    pub confidence: Confidence,
}

impl Edit {
    pub fn new(rule: RuleId, offset: usize, before: impl Into<Cow<'static, str>>, after: impl Into<Cow<'static, str>>, reason: impl Into<Cow<'static, str>>) -> Self {
        Edit { stage: rule.stage(), rule, offset, line: 0, before: before.into(), after: after.into(), reason: reason.into(), confidence: Confidence::Applied }
    }

    pub fn suggested(mut self) -> Self {
        self.confidence = Confidence::Suggested;
        self
    }

    /// Does this edit change non-whitespace characters (as opposed to layout only)?
    pub fn changes_text(&self) -> bool {
        let visible = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        // (most edits are line joins and spaces: both sides blank, no allocation needed)
        if self.before.trim().is_empty() && self.after.trim().is_empty() {
            return false;
        }
        visible(&self.before) != visible(&self.after)
    }
}
