//! Page-level evidence: the page's own vocabulary.
//!
//! A dictionary knows nothing of a county's names or of a term coined last year; the page
//! does. A trigram the page uses many times is its vocabulary: a single variant of it one
//! look-alike or same-sound character away is a scan error, and text the page uses more than
//! once is not.

use crate::model::Text;
use crate::text::is_cjk;
use rustc_hash::FxHashMap as HashMap;

/// Page-level evidence: how often each CJK bigram and trigram occurs on the page.
#[derive(Default)]
pub struct Vocab {
    bigrams: HashMap<[char; 2], u32>,
    trigrams: HashMap<[char; 3], u32>,
    /// The page's terms (trigrams used [`TERM`] times or more), indexed by one position left
    /// open: (position, the other two characters) → the characters at that position.
    terms: HashMap<(u8, char, char), Vec<char>>,
}

/// A trigram the page uses this many times is a term of the page.
pub const TERM: usize = 5;

impl Vocab {
    pub fn of(texts: &[&Text]) -> Self {
        let mut v = Vocab::default();
        for t in texts {
            let c = &t.chars;
            for w in c.windows(2) {
                if w.iter().all(|&x| is_cjk(x)) {
                    *v.bigrams.entry([w[0], w[1]]).or_insert(0) += 1;
                }
            }
            for w in c.windows(3) {
                if w.iter().all(|&x| is_cjk(x)) {
                    *v.trigrams.entry([w[0], w[1], w[2]]).or_insert(0) += 1;
                }
            }
        }
        for (t, &n) in &v.trigrams {
            if n as usize >= TERM {
                v.terms.entry((0, t[1], t[2])).or_default().push(t[0]);
                v.terms.entry((1, t[0], t[2])).or_default().push(t[1]);
                v.terms.entry((2, t[0], t[1])).or_default().push(t[2]);
            }
        }
        v
    }

    /// The characters that make a term of the page at position `pos` of the trigram `t`
    /// (which reads `t[pos]` there).
    pub fn terms_like(&self, t: &[char], pos: usize) -> &[char] {
        let key = match pos {
            0 => (0, t[1], t[2]),
            1 => (1, t[0], t[2]),
            _ => (2, t[0], t[1]),
        };
        self.terms.get(&key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// How often the page uses the bigram or trigram `s`.
    pub fn count(&self, s: &[char]) -> usize {
        match s.len() {
            2 => self.bigrams.get(&[s[0], s[1]]).copied().unwrap_or(0) as usize,
            3 => self.trigrams.get(&[s[0], s[1], s[2]]).copied().unwrap_or(0) as usize,
            _ => 0,
        }
    }
}
