//! A user's own corrections: the known scan errors of their archive, `wrong → right`.
//!
//! Built-in data cannot know that one paper always misprints a district's name, or that a
//! name it would "correct" is right. The corrections file says so, and it wins over the
//! built-in rules: its corrections are applied first, and the typo rules leave the characters
//! they touched alone. A line whose two sides are equal protects a term instead (a person's
//! name the shape rule would otherwise change).
//!
//! The file is tab-separated, one correction per line, `#` starts a comment:
//!
//! ```text
//! # wrong	right	[context: where it applies, containing the wrong text]
//! 郟阳区	郧阳区
//! 生活分析仪	生化分析仪
//! 一未位	一末位	四不直管一未位
//! 马胜江	马胜江
//! ```
//!
//! A context limits the correction to occurrences inside that longer text. Every applied
//! correction is an edit with the file and line it came from.

// (the example is the file as written, tabs and all, so it can be copied)
#![allow(clippy::tabs_in_doc_comments)]

use crate::edit::Edit;
use crate::model::Text;
use crate::rules::RuleId;

#[derive(Debug, thiserror::Error)]
pub enum CorrectionsError {
    #[error("{file}: cannot read")]
    Read { file: String, source: std::io::Error },
    #[error("{file}:{line}: {what}")]
    Line { file: String, line: usize, what: String },
}

#[derive(Debug, Clone)]
struct Entry {
    wrong: Vec<char>,
    right: String,
    /// The longer text the correction applies in, and where `wrong` sits inside it.
    context: Option<(Vec<char>, usize)>,
    /// `file:line`, for the edit's reason.
    origin: String,
}

/// Whose corrections these are: the user's, applied wherever the text matches; or the
/// built-in table of known misspellings ([`crate::stages::typos`]'s `known-misspelling`),
/// applied only where no dictionary word runs across the match's ends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Kind {
    #[default]
    User,
    Known,
}

/// The corrections of one or more files, in the order given (earlier files first).
#[derive(Debug, Clone, Default)]
pub struct Corrections {
    entries: Vec<Entry>,
    kind: Kind,
    /// The entries by the first character of their wrong text, so a paragraph is matched
    /// against the entries it can hold, not against the whole table.
    by_first: rustc_hash::FxHashMap<char, Vec<usize>>,
    /// The first characters of the wrong texts in the Basic Multilingual Plane, as a bitmap:
    /// most characters of a page open no entry, and are passed over without a lookup.
    first_bits: Vec<u64>,
}

impl Corrections {
    /// An empty set of corrections of this kind.
    pub fn of_kind(kind: Kind) -> Self {
        Corrections { kind, ..Default::default() }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// What the corrections do, without where they came from: the rules' fingerprint must
    /// not change when the same file is named by another path (a run from another folder, or
    /// the output folder's recorded copy).
    pub fn content_desc(&self) -> String {
        let mut d = format!("{:?}", self.kind);
        for e in &self.entries {
            d.push_str(&format!("\n{:?}\t{:?}\t{:?}", e.wrong, e.right, e.context));
        }
        d
    }

    /// Add the entries of a corrections text; `file` names it in errors and reasons.
    pub fn parse(&mut self, text: &str, file: &str) -> Result<(), CorrectionsError> {
        for (k, raw) in text.lines().enumerate() {
            let line = k + 1;
            let bad = |what: &str| CorrectionsError::Line { file: file.to_string(), line, what: what.to_string() };
            let l = raw.trim_end_matches('\r');
            if l.trim().is_empty() || l.trim_start().starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = l.split('\t').collect();
            if cols.len() < 2 || cols.len() > 3 {
                return Err(bad("expected `wrong<TAB>right` or `wrong<TAB>right<TAB>context`"));
            }
            let wrong: Vec<char> = cols[0].trim().chars().collect();
            let right = cols[1].trim().to_string();
            if wrong.is_empty() {
                return Err(bad("the wrong text is empty"));
            }
            if right.is_empty() {
                return Err(bad("the right text is empty (to protect a term, write it on both sides)"));
            }
            let context = match cols.get(2).map(|c| c.trim()).filter(|c| !c.is_empty()) {
                None => None,
                Some(c) => {
                    let c: Vec<char> = c.chars().collect();
                    let at = find(&c, &wrong, 0).ok_or_else(|| bad("the context does not contain the wrong text"))?;
                    Some((c, at))
                }
            };
            self.by_first.entry(wrong[0]).or_default().push(self.entries.len());
            if let Ok(k) = u16::try_from(wrong[0] as u32) {
                self.first_bits.resize(1024, 0);
                self.first_bits[k as usize / 64] |= 1 << (k % 64);
            }
            self.entries.push(Entry { wrong, right, context, origin: format!("{file}:{line}") });
        }
        Ok(())
    }

    /// Apply the corrections to one block's text. Returns, for each character of the text as
    /// it is afterwards, whether a correction (or a protected term) covers it: the built-in
    /// typo rules leave those alone.
    pub fn apply(&self, t: &mut Text, gate: &crate::decisions::Gate, edits: &mut Vec<Edit>) -> Vec<bool> {
        let mut covered = vec![false; t.len()];
        self.apply_into(t, gate, edits, &mut covered);
        covered
    }

    /// The entries whose wrong text opens with a character of `chars`, in table order.
    /// The entries whose wrong text occurs in `chars`, in the order of the file.
    fn candidates(&self, chars: &[char]) -> Vec<usize> {
        let opens = |c: char| match u16::try_from(c as u32) {
            Ok(k) => self.first_bits.get(k as usize / 64).is_some_and(|w| w & (1 << (k % 64)) != 0),
            Err(_) => true,
        };
        let mut which: Vec<usize> = Vec::new();
        for (i, &c) in chars.iter().enumerate() {
            if !opens(c) {
                continue;
            }
            let Some(list) = self.by_first.get(&c) else { continue };
            which.extend(list.iter().copied().filter(|&k| chars[i..].starts_with(&self.entries[k].wrong)));
        }
        which.sort_unstable();
        which.dedup();
        which
    }

    /// [`Corrections::apply`], leaving alone what `covered` already covers (the user's
    /// corrections, for the built-in table) and adding what these cover.
    pub fn apply_into(&self, t: &mut Text, gate: &crate::decisions::Gate, edits: &mut Vec<Edit>, covered: &mut Vec<bool>) {
        if self.entries.is_empty() {
            return;
        }
        // (only the entries whose wrong text opens with a character of the text, in table
        // order: a table of a hundred entries must not mean a hundred scans of every paragraph)
        let mut which = self.candidates(&t.chars);
        let mut k = 0;
        while k < which.len() {
            let e = &self.entries[which[k]];
            k += 1;
            let right: Vec<char> = e.right.chars().collect();
            let mut from = 0;
            while let Some(i) = find(&t.chars, &e.wrong, from) {
                let end = i + e.wrong.len();
                let in_context = match &e.context {
                    None => true,
                    Some((c, at)) => i >= *at && i - at + c.len() <= t.len() && t.chars[i - at..i - at + c.len()] == c[..],
                };
                let crossed = self.kind == Kind::Known && crosses_a_word(&t.chars, i, end);
                if !in_context || crossed || covered[i..end].iter().any(|&x| x) {
                    from = i + 1;
                    continue;
                }
                if e.wrong != right {
                    let before = t.slice_string(i, end);
                    let (rule, reason) = match self.kind {
                        Kind::User => (RuleId::UserCorrection, format!("your corrections file, {}", e.origin)),
                        Kind::Known => (RuleId::KnownMisspelling, format!("a known misspelling of `{}` ({})", e.right, e.origin)),
                    };
                    if !gate.commit(Edit::new(rule, t.off(i), before, e.right.clone(), reason), edits) {
                        from = i + 1;
                        continue;
                    }
                    t.splice(i, end, &e.right);
                    // (a later entry may start with a character this one brought in)
                    let cur = which[k - 1];
                    which.truncate(k);
                    which.extend(self.candidates(&t.chars).into_iter().filter(|&x| x > cur));
                }
                covered.splice(i..end, std::iter::repeat_n(true, right.len()));
                from = i + right.len();
            }
        }
    }
}

/// Does a dictionary word of 2 to 4 characters run across either end of `chars[i..end]`?
/// Then the match is two words' edges, not the misspelling (`毕竟争取` holds `竟争`).
fn crosses_a_word(chars: &[char], i: usize, end: usize) -> bool {
    let d = crate::dict::dict();
    [i, end].iter().any(|&cut| (cut.saturating_sub(3)..cut).any(|x| (cut + 1..=(x + 4).min(chars.len())).any(|y| d.has_chars(&chars[x..y]))))
}

fn find(hay: &[char], needle: &[char], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    // (first the first character, then the rest: most positions fail at once)
    (from..=hay.len() - needle.len()).find(|&i| hay[i] == needle[0] && hay[i + 1..i + needle.len()] == needle[1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Text {
        Text::from_plain(s)
    }

    #[test]
    fn corrections_apply_with_their_origin() {
        let mut c = Corrections::default();
        c.parse("# ours\n郟阳区\t郧阳区\n一未位\t一末位\t四不直管一未位\n", "my.tsv").unwrap();
        let mut t = text("干部到郟阳区月亮湖，落实四不直管一未位制度，一未位");
        let mut e = Vec::new();
        let covered = c.apply(&mut t, &crate::decisions::Gate::none(), &mut e);
        assert_eq!(t.as_string(), "干部到郧阳区月亮湖，落实四不直管一末位制度，一未位");
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].reason, "your corrections file, my.tsv:2");
        assert_eq!(covered.len(), t.len());
        assert!(covered[3] && !covered[0]);
    }

    #[test]
    fn a_term_on_both_sides_is_protected_not_changed() {
        let mut c = Corrections::default();
        c.parse("马胜江\t马胜江\n", "x").unwrap();
        let mut t = text("记者马胜江报道");
        let mut e = Vec::new();
        let covered = c.apply(&mut t, &crate::decisions::Gate::none(), &mut e);
        assert!(e.is_empty());
        assert_eq!(covered, vec![false, false, true, true, true, false, false]);
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let mut c = Corrections::default();
        let err = c.parse("a\tb\nonly-one-column\n", "fix.tsv").unwrap_err().to_string();
        assert_eq!(err, "fix.tsv:2: expected `wrong<TAB>right` or `wrong<TAB>right<TAB>context`");
        let err = c.parse("甲\t乙\t丙丁\n", "fix.tsv").unwrap_err().to_string();
        assert!(err.starts_with("fix.tsv:1: the context"), "{err}");
    }
}
