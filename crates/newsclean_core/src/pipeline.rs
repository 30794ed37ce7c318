//! One page through every stage, with the run-time invariant check.
//!
//! The invariant is the promise newsclean makes to archivists: the non-whitespace characters
//! of the output are exactly those of the raw text, minus what logged edits removed, plus what
//! logged edits added. A page that breaks it is an error for that page, never a silent loss.

use crate::decisions::{Decisions, Gate};
use crate::edit::{Confidence, Edit, Stage};
use crate::model::{Page, Story};
use crate::stages::corrections::Corrections;
use crate::stages::{decode, reflow, spacing, stories, typos};
use rustc_hash::FxHashMap as HashMap;

#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error(transparent)]
    Decode(#[from] decode::DecodeError),
    #[error("internal check failed, nothing written for this page: {0}")]
    Invariant(String),
    #[error("internal error (a bug in newsclean: please report it with this page), nothing written for this page: {0}")]
    Panic(String),
}

/// The result of cleaning one page.
#[derive(Debug)]
pub struct Cleaned {
    pub page: Page,
    pub edits: Vec<Edit>,
    pub encoding: &'static str,
    pub layout: reflow::Layout,
    pub markdown: String,
    /// The decoded raw text (the coordinate system of edit offsets).
    pub raw: String,
}

impl Cleaned {
    pub fn edits_by_stage(&self) -> Vec<(Stage, usize)> {
        Stage::ALL.iter().map(|&s| (s, self.edits.iter().filter(|e| e.stage == s && e.confidence == Confidence::Applied).count())).collect()
    }
    pub fn suggestions(&self) -> usize {
        self.edits.iter().filter(|e| e.confidence == Confidence::Suggested).count()
    }
    pub fn paragraphs(&self) -> usize {
        self.page.stories.iter().map(Story::paragraphs).sum()
    }
}

/// What a run is told beyond the page itself.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The user's corrections files: applied first, they win over the built-in typo rules.
    pub corrections: Corrections,
    /// Also suggest corrections from the four-corner shape pairs (about half the speed).
    pub suggest_shapes: bool,
    /// Read invalid UTF-8 as U+FFFD (each run logged) instead of failing the page.
    pub lossy: bool,
}

impl Options {
    /// A fingerprint of the rules a run applies: newsclean's version, its data files, the
    /// user's corrections and the options. A page rejected in review is proposed again only
    /// when its raw text or this changes.
    pub fn rules_fingerprint(&self) -> String {
        let desc = format!("{} {} {:?} {} {}", env!("CARGO_PKG_VERSION"), env!("NEWSCLEAN_DATA_FP"), self.corrections.content_desc(), self.suggest_shapes, self.lossy);
        crate::fnv::fingerprint(desc.as_bytes())
    }
}

pub fn clean_bytes(bytes: &[u8]) -> Result<Cleaned, PageError> {
    clean_bytes_with(bytes, &Options::default())
}

pub fn clean_bytes_with(bytes: &[u8], opts: &Options) -> Result<Cleaned, PageError> {
    clean_bytes_decided(bytes, opts, &Decisions::default())
}

/// Clean a page honouring the reviewer's decisions on it: rejected edits are logged as
/// rejected and not made, accepted suggestions are made.
pub fn clean_bytes_decided(bytes: &[u8], opts: &Options, decisions: &Decisions) -> Result<Cleaned, PageError> {
    let d = decode::decode_with(bytes, opts.lossy)?;
    clean_decoded(d.text, d.encoding, d.edits, opts, decisions)
}

/// [`clean_bytes_decided`] for a run over many pages: a bug that panics on one page fails
/// that page with [`PageError::Panic`], and the run goes on with the next. One page must not
/// end a run over a million, nor a Spark partition of them. (Tests and fuzzing call the
/// functions above, where a panic is a panic and fails the test.)
pub fn clean_isolated(bytes: &[u8], opts: &Options, decisions: &Decisions) -> Result<Cleaned, PageError> {
    isolate(|| clean_bytes_decided(bytes, opts, decisions))
}

fn isolate(clean: impl FnOnce() -> Result<Cleaned, PageError>) -> Result<Cleaned, PageError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(clean)).unwrap_or_else(|panic| {
        // (the thread's count table may be left half filled: the next page must find it zero)
        TALLY.with(|t| t.try_borrow_mut().map(|mut t| t.fill(0)).ok());
        let message = panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned());
        Err(PageError::Panic(message.unwrap_or_else(|| "a panic without a message".into())))
    })
}

pub fn clean_str(s: &str) -> Result<Cleaned, PageError> {
    clean_bytes(s.as_bytes())
}

fn clean_decoded(raw: String, encoding: &'static str, mut edits: Vec<Edit>, opts: &Options, decisions: &Decisions) -> Result<Cleaned, PageError> {
    let lines = spacing::run(&raw, &mut edits);
    let gate = Gate { raw: &raw, decisions };
    let (blocks, layout) = reflow::run(lines, &gate, &mut edits);
    let mut stories = stories::run(blocks, &mut edits);
    let vocab = {
        let texts: Vec<&crate::model::Text> = stories.iter().flat_map(|s| s.blocks.iter().map(|b| &b.text)).collect();
        typos::Vocab::of(&texts)
    };
    // The typo stage reads the page's vocabulary but changes one block at a time, so a large
    // page has its blocks corrected in parallel: one huge file does not hold a batch up on one
    // core. (The edits are sorted by position below; the order blocks finish in plays no part.)
    let mut blocks: Vec<&mut crate::model::Block> = stories.iter_mut().flat_map(|s| s.blocks.iter_mut()).collect();
    let typo = |b: &mut crate::model::Block| {
        let mut e = Vec::new();
        typos::run(&mut b.text, &vocab, &opts.corrections, opts.suggest_shapes, &gate, &mut e);
        e
    };
    if raw.len() >= crate::stages::PARALLEL_PAGE {
        use rayon::prelude::*;
        edits.extend(blocks.par_iter_mut().flat_map_iter(|b| typo(b)).collect::<Vec<_>>());
    } else {
        edits.extend(blocks.iter_mut().flat_map(|b| typo(b)));
    }
    let page = Page { stories };
    // raw line numbers for every edit
    let starts: Vec<usize> = std::iter::once(0).chain(raw.match_indices('\n').map(|(i, _)| i + 1)).collect();
    for e in &mut edits {
        e.line = starts.partition_point(|&s| s <= e.offset).max(1);
    }
    edits.sort_by_key(|e| (e.stage, e.offset));
    check_invariant(&raw, &page, &edits)?;
    let markdown = crate::render::markdown(&page);
    Ok(Cleaned { page, edits, encoding, layout, markdown, raw })
}

/// The run-time idempotence check: cleaning a cleaned page must change nothing. When it
/// would, the number of paragraphs it would change (the page is still written: every change
/// in it is logged, and a person should look at it).
///
/// The page is cleaned again under the reviewer's `decisions` on it, as it was made: a
/// correction the reviewer rejected would otherwise be made again, and every page with one
/// would be warned of on every run, and never settle. (A decision is anchored to the text
/// around the edit without its white space, so it finds the same edit in the cleaned page.)
pub fn not_a_fixed_point(md: &str, options: &Options, decisions: &Decisions) -> Option<usize> {
    let again = clean_isolated(md.as_bytes(), options, decisions).ok()?.markdown;
    (again != md).then(|| {
        let a: std::collections::HashSet<&str> = md.lines().collect();
        again.lines().filter(|l| !a.contains(l)).count().max(1)
    })
}

/// Signed counts of characters: the Basic Multilingual Plane in a flat table (no hashing on
/// the hot path; one table per thread, reset after use), the rest in a map.
struct Tally<'a> {
    bmp: &'a mut [i32],
    /// (the table entries touched, so that only they are read back and reset)
    touched: Vec<u16>,
    other: HashMap<char, i64>,
}

impl Tally<'_> {
    /// Count a character. White space is counted too, to save a test on every character,
    /// and left out when the counts are read ([`Tally::unbalanced`]).
    fn add(&mut self, c: char, sign: i32) {
        match u16::try_from(c as u32) {
            Ok(k) => {
                let n = &mut self.bmp[k as usize];
                if *n == 0 {
                    self.touched.push(k);
                }
                *n += sign;
            }
            Err(_) => *self.other.entry(c).or_insert(0) += sign as i64,
        }
    }
    fn add_str(&mut self, s: &str, sign: i32) {
        s.chars().for_each(|c| self.add(c, sign));
    }
    /// The characters whose count is not zero; the table is left all zero.
    fn unbalanced(mut self) -> Vec<(char, i64)> {
        let mut bad: Vec<(char, i64)> = self.other.drain().filter(|&(c, n)| n != 0 && !c.is_whitespace()).collect();
        self.touched.sort_unstable();
        self.touched.dedup();
        for &k in &self.touched {
            let n = std::mem::take(&mut self.bmp[k as usize]);
            if let (true, Some(c)) = (n != 0, char::from_u32(k as u32)) {
                if c.is_whitespace() {
                    continue;
                }
                bad.push((c, n as i64));
            }
        }
        bad
    }
}

thread_local! {
    static TALLY: std::cell::RefCell<Vec<i32>> = std::cell::RefCell::new(vec![0; 0x10000]);
}

/// Characters in = characters out, except for logged edits.
pub fn check_invariant(raw: &str, page: &Page, edits: &[Edit]) -> Result<(), PageError> {
    TALLY.with_borrow_mut(|bmp| check_with(bmp, raw, page, edits))
}

fn check_with(bmp: &mut [i32], raw: &str, page: &Page, edits: &[Edit]) -> Result<(), PageError> {
    let mut m = Tally { bmp, touched: Vec::with_capacity(1024), other: HashMap::default() };
    m.add_str(raw, 1);
    for e in edits.iter().filter(|e| e.confidence == Confidence::Applied && e.changes_text()) {
        m.add_str(&e.before, -1);
        m.add_str(&e.after, 1);
    }
    for s in &page.stories {
        for b in &s.blocks {
            b.text.chars.iter().for_each(|&c| m.add(c, -1));
        }
    }
    let mut bad = m.unbalanced();
    if bad.is_empty() {
        return Ok(());
    }
    bad.sort();
    let lost: String = bad.iter().filter(|b| b.1 > 0).map(|b| format!("{}×{}", b.0, b.1)).collect::<Vec<_>>().join(" ");
    let added: String = bad.iter().filter(|b| b.1 < 0).map(|b| format!("{}×{}", b.0, -b.1)).collect::<Vec<_>>().join(" ");
    Err(PageError::Invariant(format!("characters lost without an edit: [{lost}], added without an edit: [{added}]")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_fails_the_page_and_leaves_the_count_table_zero() {
        // a panic in the middle of the check, with the table half filled
        let r = isolate(|| {
            TALLY.with_borrow_mut(|t| t['字' as usize] = 3);
            panic!("a bug on this page")
        });
        assert!(matches!(&r, Err(PageError::Panic(m)) if m == "a bug on this page"), "{r:?}");
        assert!(r.unwrap_err().to_string().contains("nothing written for this page"));
        // the next page on the thread is checked against a clean table
        TALLY.with_borrow(|t| assert!(t.iter().all(|&n| n == 0)));
        assert!(isolate(|| clean_str("本报讯 字字字。\n")).is_ok());
    }
}
