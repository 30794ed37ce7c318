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
    /// Bigrams and trigrams, each packed into one integer ([`key`]): one multiply to hash.
    grams: HashMap<u64, u32>,
    /// The page's terms (trigrams used [`TERM`] times or more), indexed by one position left
    /// open: (position, the other two characters) → the characters at that position.
    terms: HashMap<u64, Vec<char>>,
    /// A filter of the characters of the terms: a trigram whose other two characters are not
    /// both in it makes no term, whatever the open position reads. Most positions of a page
    /// end here, without a lookup.
    term_chars: [u64; TERM_CHAR_WORDS],
}

/// A trigram the page uses this many times is a term of the page.
pub const TERM: usize = 5;

const TERM_CHAR_WORDS: usize = 32;

fn term_char_bit(c: char) -> (usize, u64) {
    let h = (c as u32).wrapping_mul(0x9E37_79B1) >> 21; // (11 bits)
    ((h >> 6) as usize % TERM_CHAR_WORDS, 1 << (h & 63))
}

/// A bigram or trigram of CJK characters (at most 21 bits each) as one integer; the top bits
/// tell the two apart.
fn key(s: &[char]) -> u64 {
    s.iter().fold(s.len() as u64, |k, &c| k << 21 | c as u64)
}

impl Vocab {
    pub fn of(texts: &[&Text]) -> Self {
        let mut v = Vocab::default();
        // (at most one bigram and one trigram start at each character: room for that many
        // never grows, and growing rehashes everything; but a file of many pages repeats most
        // of its n-grams, and room for all would be memory for nothing, so the room is capped
        // and such a table grows as it needs)
        v.grams.reserve((2 * texts.iter().map(|t| t.len()).sum::<usize>()).min(1 << 17));
        for t in texts {
            let c = &t.chars;
            // (the length of the run of CJK characters ending at each position)
            let mut run = 0;
            for k in 0..c.len() {
                run = if is_cjk(c[k]) { run + 1 } else { 0 };
                if run >= 2 {
                    *v.grams.entry(key(&c[k - 1..=k])).or_insert(0) += 1;
                }
                if run >= 3 {
                    *v.grams.entry(key(&c[k - 2..=k])).or_insert(0) += 1;
                }
            }
        }
        let terms: Vec<u64> = v.grams.iter().filter(|&(&k, &n)| k >> 63 == 1 && n as usize >= TERM).map(|(&k, _)| k).collect();
        for k in terms {
            let ch = |p: u32| char::from_u32((k >> (21 * p) & 0x1F_FFFF) as u32).expect("a packed character");
            let t = [ch(2), ch(1), ch(0)];
            v.terms.entry(key(&[t[1], t[2], '\u{0}'])).or_default().push(t[0]);
            v.terms.entry(key(&[t[0], t[2], '\u{1}'])).or_default().push(t[1]);
            v.terms.entry(key(&[t[0], t[1], '\u{2}'])).or_default().push(t[2]);
            for c in t {
                let (w, b) = term_char_bit(c);
                v.term_chars[w] |= b;
            }
        }
        v
    }

    fn term_char(&self, c: char) -> bool {
        let (w, b) = term_char_bit(c);
        self.term_chars[w] & b != 0
    }

    /// Could a trigram through position `i` of `chars` be one character away from a term of
    /// the page ([`Vocab::terms_like`])? No when, for every trigram through `i`, one of the
    /// characters other than `i` occurs in no term.
    pub fn may_have_terms(&self, chars: &[char], i: usize) -> bool {
        let near = |k: usize| k < chars.len() && self.term_char(chars[k]);
        let (l1, r1) = (i >= 1 && near(i - 1), near(i + 1));
        (l1 && i >= 2 && near(i - 2)) || (l1 && r1) || (r1 && near(i + 2))
    }

    /// The characters that make a term of the page at position `pos` of the trigram `t`
    /// (which reads `t[pos]` there).
    pub fn terms_like(&self, t: &[char], pos: usize) -> &[char] {
        let k = match pos {
            0 => key(&[t[1], t[2], '\u{0}']),
            1 => key(&[t[0], t[2], '\u{1}']),
            _ => key(&[t[0], t[1], '\u{2}']),
        };
        self.terms.get(&k).map(Vec::as_slice).unwrap_or(&[])
    }

    /// How often the page uses the bigram or trigram `s`.
    pub fn count(&self, s: &[char]) -> usize {
        match s.len() {
            2 | 3 => self.grams.get(&key(s)).copied().unwrap_or(0) as usize,
            _ => 0,
        }
    }
}
