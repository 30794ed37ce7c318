//! The word dictionary and the segmenter built on it.
//!
//! Layout and typo decisions both ask one question of Chinese text: where are the words? A word
//! running across a line break says the sentence goes on; a character that forms no word with
//! its neighbours is a suspect for a scan error. The answer comes from jieba's dictionary
//! (349,000 words with frequencies, `data/jieba/`, MIT) plus our current news terms
//! (`data/terms.txt`), segmented the way jieba does without its HMM: every dictionary word
//! starting at each character forms a graph, and the path of highest unigram probability is
//! the segmentation.
//!
//! Why not call jieba-rs itself? It parses its dictionary text at start-up, 90–160 ms per
//! invocation, which is most of the run time of a small batch and all of it for a single page.
//! `build.rs` compiles the same data into a character-wise double-array trie (the `crawdad`
//! crate), embedded in the binary and read where it lies ([`trie`]): nothing is parsed or
//! copied at start-up, and a run only loads the pages of the trie it touches. `tests/dict.rs`
//! checks that our segmentation agrees with jieba-rs's `cut(text, false)` on the fixture pages.
//!
//! Why a double-array trie and not the finite-state transducer (`fst`) we used first? The
//! segmenter asks "which words start here?" at every character of a page, one character at a
//! time. A transducer walks UTF-8 bytes and decodes a variable-length node at each of them;
//! the trie takes one step per character, two array reads. On the throughput bench the
//! transducer's node decoding was the largest single cost (16% of the time).

mod trie;

use std::sync::OnceLock;

static TRIE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict.trie"));
/// Which pairs of characters open a dictionary word of 2 or more characters, as a bitmap
/// hashed by [`pair_hash`] (built by `build.rs`). A pair not in it opens no word, so no walk of
/// the trie is needed to know: most positions of running text end there. A hash collision
/// only costs the walk.
static PAIRS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pairs.bin"));
const PAIR_BITS: usize = 1 << 23;

fn pair_hash(a: char, b: char) -> usize {
    let x = ((a as u64) << 21 | b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (x >> (64 - 23)) as usize
}

/// May a word of 2 or more characters start with `a`, `b`? (No: certainly not.)
pub fn opens_word(a: char, b: char) -> bool {
    let h = pair_hash(a, b);
    debug_assert!(h < PAIR_BITS);
    PAIRS[h / 8] & (1 << (h % 8)) != 0
}

/// The sum of all word frequencies, the denominator of a word's probability.
const TOTAL: u64 = include!(concat!(env!("OUT_DIR"), "/dict_total.rs"));

/// A word of 2 to 4 CJK characters could run through one position (see [`Dict::through`]).
pub struct Through<'a> {
    dict: &'a Dict,
    chars: &'a [char],
    i: usize,
}

impl Through<'_> {
    /// Is there a dictionary word of 2 to 4 CJK characters through the position when it reads
    /// `to`?
    pub fn word_with(&self, to: char) -> bool {
        let (chars, i) = (self.chars, self.i);
        if !crate::text::is_cjk(to) {
            return false;
        }
        // the CJK run around `i`, at most 3 characters to either side
        let mut a = i;
        while a > i.saturating_sub(3) && crate::text::is_cjk(chars[a - 1]) {
            a -= 1;
        }
        let mut b = i + 1;
        while b < chars.len().min(i + 4) && crate::text::is_cjk(chars[b]) {
            b += 1;
        }
        let mut win = [' '; 7];
        win[..b - a].copy_from_slice(&chars[a..b]);
        win[i - a] = to;
        (a..=i).any(|s| {
            // (the pair that opens the word must open some word)
            let (k, end) = (s - a, (b - a).min(s - a + 4));
            end - k >= 2 && opens_word(win[k], win[k + 1]) && self.dict.trie.common_prefix_search(win[k..end].iter().copied()).any(|(_, len)| len >= 2 && k + len > i - a)
        })
    }
}

/// jieba's part-of-speech tags by id (the same list as in `build.rs`).
const TAGS: [&str; 56] = [
    "", "n", "nr", "v", "i", "l", "ns", "m", "nz", "nrt", "zg", "nt", "a", "vn", "z", "d", "t", "j", "b", "g", "r", "s", "c", "nrfg", "x", "f", "ng", "o", "q", "vg", "p", "ad", "mq", "y", "ag", "an",
    "e", "u", "tg", "vq", "vi", "k", "vd", "rr", "mg", "h", "dg", "uz", "uv", "ul", "uj", "ug", "ud", "rz", "rg", "df",
];

/// The compiled dictionary: word → frequency and part of speech.
pub struct Dict {
    trie: trie::Trie,
    log_total: f64,
}

/// The dictionary (read from the compiled trie once per process).
pub fn dict() -> &'static Dict {
    static D: OnceLock<Dict> = OnceLock::new();
    D.get_or_init(|| Dict { trie: trie::Trie::new(TRIE), log_total: (TOTAL as f64).ln() })
}

/// Characters jieba segments together: CJK ideographs and ASCII word characters. Anything else
/// (punctuation, spaces) is a token by itself.
fn joins(c: char) -> bool {
    crate::text::is_cjk(c) || c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
}

impl Dict {
    /// The frequency of a dictionary word.
    pub fn freq(&self, word: &str) -> Option<u64> {
        self.trie.exact_match(word.chars()).map(|v| v as u64 >> 6)
    }

    /// The part-of-speech tag jieba's dictionary gives a word (`n`, `v`, `d`, `q` …).
    pub fn tag(&self, word: &str) -> Option<&'static str> {
        self.trie.exact_match(word.chars()).map(|v| TAGS[(v & 63) as usize])
    }

    pub fn has_word(&self, word: &str) -> bool {
        self.trie.exact_match(word.chars()).is_some()
    }

    /// The value of a run of characters in the trie.
    fn value_chars(&self, word: &[char]) -> Option<u64> {
        self.trie.exact_match(word.iter().copied()).map(u64::from)
    }

    /// Is the run of characters a dictionary word?
    pub fn has_chars(&self, word: &[char]) -> bool {
        self.value_chars(word).is_some()
    }

    /// The frequency of a run of characters that is a dictionary word.
    pub fn freq_chars(&self, word: &[char]) -> Option<u64> {
        self.value_chars(word).map(|v| v >> 6)
    }

    /// The part-of-speech tag of a run of characters that is a dictionary word.
    pub fn tag_chars(&self, word: &[char]) -> Option<&'static str> {
        self.value_chars(word).map(|v| TAGS[(v & 63) as usize])
    }

    /// The natural log of a word's probability: `ln(freq / total)`, with a frequency of 1 for
    /// a word the dictionary lacks.
    pub fn log_prob(&self, word: &str) -> f64 {
        (self.freq(word).unwrap_or(1) as f64).ln() - self.log_total
    }

    /// Every dictionary word of `chars` that starts at its first character: `f(length, freq)`.
    fn prefixes(&self, chars: &[char], mut f: impl FnMut(usize, u64)) {
        // (only the first character's own word when the pair opens no longer one)
        let n = if chars.len() >= 2 && !opens_word(chars[0], chars[1]) { 1 } else { chars.len() };
        for (v, len) in self.trie.common_prefix_search(chars[..n].iter().copied()) {
            f(len, v as u64 >> 6);
        }
    }

    /// Which positions of `chars` are inside a dictionary word of 2 to 4 CJK characters? One
    /// prefix search of the trie from each position, within its run of CJK characters.
    pub fn covered(&self, chars: &[char]) -> Vec<bool> {
        let mut out = vec![false; chars.len()];
        // (the end of the run of CJK characters that holds `s`; `s + 1` when `s` is not CJK)
        let mut run_end = 0;
        for s in 0..chars.len() {
            if s >= run_end {
                run_end = s + chars[s..].iter().take_while(|&&c| crate::text::is_cjk(c)).count().max(1);
            }
            let end = run_end.min(s + 4);
            if end - s < 2 || !opens_word(chars[s], chars[s + 1]) {
                continue;
            }
            if let Some(len) = self.trie.common_prefix_search(chars[s..end].iter().copied()).map(|(_, len)| len).filter(|&len| len >= 2).last() {
                out[s..s + len].iter_mut().for_each(|x| *x = true);
            }
        }
        out
    }

    /// Would position `i` of `chars` be inside a dictionary word of 2 to 4 CJK characters if
    /// it read `to`? ([`Through::word_with`]).
    pub fn through<'a>(&'a self, chars: &'a [char], i: usize) -> Through<'a> {
        Through { dict: self, chars, i }
    }

    /// Segment the text: the spans `(start, end)` of its tokens, in character positions.
    /// A run of CJK and ASCII word characters is cut into words along the most probable path
    /// (ties go to the longer word, and ASCII letters and digits left single join into one
    /// token, as in jieba); every other character is a token by itself.
    pub fn spans(&self, chars: &[char]) -> Vec<(usize, usize)> {
        let mut out = Vec::with_capacity(chars.len() / 2 + 1);
        let mut i = 0;
        while i < chars.len() {
            if joins(chars[i]) {
                let s = i;
                while i < chars.len() && joins(chars[i]) {
                    i += 1;
                }
                self.segment(chars, s, i, &mut out);
            } else {
                // (`\r\n` is one token)
                let n = if chars[i] == '\r' && chars.get(i + 1) == Some(&'\n') { 2 } else { 1 };
                out.push((i, i + n));
                i += n;
            }
        }
        out
    }

    fn segment(&self, chars: &[char], s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
        let block = &chars[s..e];
        let n = block.len();
        // route[k]: the best log-probability of block[k..] and where its first word ends
        let mut route: Vec<(f64, usize)> = vec![(0.0, n); n + 1];
        for k in (0..n).rev() {
            let mut best: Option<(f64, usize)> = None;
            self.prefixes(&block[k..], |len, freq| {
                let p = (freq as f64).ln() - self.log_total + route[k + len].0;
                if best.is_none_or(|(bp, be)| p > bp || (p == bp && k + len > be)) {
                    best = Some((p, k + len));
                }
            });
            route[k] = best.unwrap_or((route[k + 1].0 - self.log_total, k + 1));
        }
        let mut x = 0;
        let mut ascii: Option<usize> = None;
        while x < n {
            let y = route[x].1;
            if y - x == 1 && block[x].is_ascii_alphanumeric() {
                ascii.get_or_insert(x);
            } else {
                if let Some(a) = ascii.take() {
                    out.push((s + a, s + x));
                }
                out.push((s + x, s + y));
            }
            x = y;
        }
        if let Some(a) = ascii {
            out.push((s + a, s + n));
        }
    }

    /// Segment a string into its tokens (see [`Dict::spans`]).
    pub fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        let chars: Vec<char> = text.chars().collect();
        let mut bytes = Vec::with_capacity(chars.len() + 1);
        bytes.extend(text.char_indices().map(|(b, _)| b));
        bytes.push(text.len());
        self.spans(&chars).into_iter().map(|(a, b)| &text[bytes[a]..bytes[b]]).collect()
    }

    /// The log-probability of the text's best segmentation (the sum of its tokens').
    pub fn score(&self, chars: &[char]) -> f64 {
        self.score_spans(chars, &self.spans(chars))
    }

    /// [`Dict::score`] of a text already segmented into `spans`.
    pub fn score_spans(&self, chars: &[char], spans: &[(usize, usize)]) -> f64 {
        spans.iter().map(|&(a, b)| (self.freq_chars(&chars[a..b]).unwrap_or(1) as f64).ln() - self.log_total).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_opens_with_a_pair_of_the_bitmap() {
        let words = include_str!("../data/jieba/dict.txt").lines().map(|l| l.split(' ').next().unwrap());
        let terms = include_str!("../data/terms.txt").lines().filter(|l| !l.starts_with('#'));
        let mut n = 0;
        for w in words.chain(terms) {
            let mut cs = w.trim().chars();
            if let (Some(a), Some(b)) = (cs.next(), cs.next()) {
                assert!(opens_word(a, b), "{w}");
                n += 1;
            }
        }
        assert!(n > 300_000);
        // and it says no to most pairs that open no word
        let text: Vec<char> = "的了是在和有我他这中大为上个国".chars().collect();
        let no = text.windows(2).filter(|p| !opens_word(p[0], p[1])).count();
        assert!(no > 0);
    }

    #[test]
    fn segments_like_jieba() {
        let d = dict();
        assert_eq!(d.cut("我们中出了一个叛徒"), ["我们", "中", "出", "了", "一个", "叛徒"]);
        assert_eq!(d.cut("2018年卫健委发布5G报告，"), ["2018", "年", "卫健委", "发布", "5G", "报告", "，"]);
        assert!(d.has_word("卫健委") && d.has_word("未来") && !d.has_word("未来可期啊"));
        assert!(d.freq("的").unwrap() > 100_000);
        assert_eq!((d.tag("未"), d.tag("位"), d.tag("末位")), (Some("d"), Some("q"), Some("n")));
    }
}
