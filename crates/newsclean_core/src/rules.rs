//! The rule registry: every kind of edit newsclean makes, named once.
//!
//! An [`Edit`](crate::edit::Edit) names the rule that made it by a [`RuleId`], not by a string:
//! the compiler then knows every rule, a typo in a rule's name is a build error, and the report,
//! the review and the decisions file all read a rule's stage, kind and doc from one table,
//! [`RULES`], in the spirit of ruff's registry. A rule's name (kebab-case) is what users see and
//! what persists: in reports, JSON output, the decisions file and the `rules` command.
//!
//! Adding a rule: one variant here, one line in [`RULES`] (the test below checks the two agree),
//! and the code that makes its edits.

use serde::{Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;

/// The stage that made an edit, in pipeline order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    Decode,
    Spacing,
    Reflow,
    Stories,
    Typos,
}

impl Stage {
    pub const ALL: [Stage; 5] = [Stage::Decode, Stage::Spacing, Stage::Reflow, Stage::Stories, Stage::Typos];
    pub fn name(self) -> &'static str {
        match self {
            Stage::Decode => "decode",
            Stage::Spacing => "spacing",
            Stage::Reflow => "reflow",
            Stage::Stories => "stories",
            Stage::Typos => "typos",
        }
    }
}

/// What a rule changes, which decides how it is reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Layout only (line breaks, spaces, block order): accepted or rejected with the page.
    Layout,
    /// Characters of the text: each edit is reviewed on its own, and a rejection persists.
    Text,
}

/// A rule of the registry. `Ord` is by name, the order reports list rules in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleId {
    Encoding,
    InvalidBytes,
    LineEndings,
    Trim,
    CollapseSpace,
    LetterSpacing,
    SpaceDigit,
    SpacePunct,
    JoinLines,
    JoinHeadline,
    LiftCaption,
    MarkdownMarker,
    MoveHeadline,
    MoveBlock,
    FirstSection,
    PlaceSection,
    UserCorrection,
    KnownMisspelling,
    HalfwidthPunct,
    DoubledWord,
    StrayEnglish,
    SimilarShape,
    SameSound,
}

/// One line of the registry.
#[derive(Debug)]
pub struct Rule {
    pub id: RuleId,
    /// The name users see and decisions persist under.
    pub name: &'static str,
    pub stage: Stage,
    pub kind: Kind,
    /// The report lists each of its edits with its text (moves and whole-line changes a
    /// reader wants to see), not just the line numbers.
    pub itemised: bool,
    pub doc: &'static str,
}

use Kind::{Layout, Text};
use RuleId as R;
use Stage::{Decode, Reflow, Spacing, Stories, Typos};

/// Every rule, in [`RuleId`] order.
#[rustfmt::skip]
pub const RULES: &[Rule] = &[
    Rule { id: R::Encoding, name: "encoding", stage: Decode, kind: Layout, itemised: true, doc: "the page was read in a legacy encoding (GB18030, Big5, UTF-16), named in the report" },
    Rule { id: R::InvalidBytes, name: "invalid-bytes", stage: Decode, kind: Layout, itemised: true, doc: "with --lossy, a byte sequence that is not valid text is read as U+FFFD, each one listed" },
    Rule { id: R::LineEndings, name: "line-endings", stage: Decode, kind: Layout, itemised: false, doc: "CRLF and lone CR line endings become LF" },
    Rule { id: R::Trim, name: "trim", stage: Spacing, kind: Layout, itemised: false, doc: "leading and trailing spaces of a raw line (a lost indent, justified padding) are dropped" },
    Rule { id: R::CollapseSpace, name: "collapse-space", stage: Spacing, kind: Layout, itemised: false, doc: "a wide or special space between phrases becomes one space" },
    Rule { id: R::LetterSpacing, name: "letter-spacing", stage: Spacing, kind: Layout, itemised: true, doc: "a justified line with a space between every character is collapsed; phrase and name spaces stay" },
    Rule { id: R::SpaceDigit, name: "space-digit", stage: Spacing, kind: Layout, itemised: false, doc: "a justification space between a number and CJK text is dropped" },
    Rule { id: R::SpacePunct, name: "space-punct", stage: Spacing, kind: Layout, itemised: false, doc: "a justification space next to CJK punctuation is dropped" },
    Rule { id: R::JoinLines, name: "join-lines", stage: Reflow, kind: Layout, itemised: false, doc: "a line break (or blank line) inside a paragraph, left by the column width, is undone" },
    Rule { id: R::JoinHeadline, name: "join-headline", stage: Reflow, kind: Layout, itemised: false, doc: "a headline broken over two lines is joined" },
    Rule { id: R::LiftCaption, name: "lift-caption", stage: Reflow, kind: Layout, itemised: true, doc: "a photo caption dropped into a paragraph is moved after the paragraph" },
    Rule { id: R::MarkdownMarker, name: "markdown-marker", stage: Reflow, kind: Layout, itemised: false, doc: "a Markdown marker in the raw text keeps its block kind and is rendered anew" },
    Rule { id: R::MoveHeadline, name: "move-headline", stage: Stories, kind: Layout, itemised: true, doc: "a headline set after its story's body is moved to the top of the story" },
    Rule { id: R::MoveBlock, name: "move-block", stage: Stories, kind: Layout, itemised: true, doc: "a body block set before its story's headline is moved to the end of the story" },
    Rule { id: R::FirstSection, name: "first-section", stage: Stories, kind: Layout, itemised: false, doc: "a heading before the first paragraph with the shape of the story's section headings is made one" },
    Rule { id: R::PlaceSection, name: "place-section", stage: Stories, kind: Layout, itemised: true, doc: "a section heading listed apart from its section is placed before the paragraph that shares its words" },
    Rule { id: R::UserCorrection, name: "user-correction", stage: Typos, kind: Text, itemised: false, doc: "a correction from your corrections file (--corrections); it wins over the built-in rules" },
    Rule { id: R::KnownMisspelling, name: "known-misspelling", stage: Typos, kind: Text, itemised: false, doc: "a misspelling listed in data/misspellings.tsv, with its source" },
    Rule { id: R::HalfwidthPunct, name: "halfwidth-punct", stage: Typos, kind: Text, itemised: false, doc: "half-width punctuation inside Chinese text becomes full-width" },
    Rule { id: R::DoubledWord, name: "doubled-word", stage: Typos, kind: Text, itemised: false, doc: "a phrase printed twice in a row is printed once" },
    Rule { id: R::StrayEnglish, name: "stray-english", stage: Typos, kind: Text, itemised: false, doc: "a lone English word inside a Chinese sentence (an OCR misreading) is replaced" },
    Rule { id: R::SimilarShape, name: "similar-shape", stage: Typos, kind: Text, itemised: false, doc: "a character the scan misread for one of similar shape, chosen by the channel and context models" },
    Rule { id: R::SameSound, name: "same-sound", stage: Typos, kind: Text, itemised: false, doc: "a character of the same sound: only ever suggested (scans make shape errors, not sound errors)" },
];

impl RuleId {
    pub fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }
    pub fn name(self) -> &'static str {
        self.rule().name
    }
    pub fn stage(self) -> Stage {
        self.rule().stage
    }
    pub fn kind(self) -> Kind {
        self.rule().kind
    }
    /// The rule of this name, if there is one (names as in reports and the decisions file).
    pub fn from_name(name: &str) -> Option<RuleId> {
        RULES.iter().find(|r| r.name == name).map(|r| r.id)
    }
}

impl Ord for RuleId {
    fn cmp(&self, other: &Self) -> Ordering {
        self.name().cmp(other.name())
    }
}

impl PartialOrd for RuleId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for RuleId {
    /// The name; padding and alignment flags apply, as they do for `str`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_variant_order_with_unique_kebab_names() {
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(r.id as usize, i, "{} is out of place in RULES", r.name);
            assert_eq!(RuleId::from_name(r.name), Some(r.id), "{} is named twice", r.name);
            assert!(r.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", r.name);
            assert!(!r.doc.is_empty(), "{} has no doc", r.name);
            // (a variant's name is its name in kebab-case, so code and reports say the same)
            let kebab: String =
                format!("{:?}", r.id).chars().enumerate().flat_map(|(k, c)| if c.is_ascii_uppercase() && k > 0 { vec!['-', c.to_ascii_lowercase()] } else { vec![c.to_ascii_lowercase()] }).collect();
            assert_eq!(kebab, r.name);
        }
        assert_eq!(RuleId::from_name("no-such-rule"), None);
    }

    #[test]
    fn text_rules_are_the_typo_stage() {
        // (the review shows each text edit on its own and the typo stage is what makes them)
        for r in RULES {
            assert_eq!(r.kind == Kind::Text, r.stage == Stage::Typos, "{}", r.name);
        }
    }

    #[test]
    fn names_serialise_and_print_as_before() {
        assert_eq!(serde_json::to_string(&RuleId::HalfwidthPunct).unwrap(), "\"halfwidth-punct\"");
        assert_eq!(format!("[{:<8}]", RuleId::Trim), "[trim    ]");
        let mut v = vec![RuleId::Trim, RuleId::CollapseSpace, RuleId::LetterSpacing];
        v.sort();
        assert_eq!(v, [RuleId::CollapseSpace, RuleId::LetterSpacing, RuleId::Trim]);
    }
}
