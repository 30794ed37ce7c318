//! The context model: how likely a character is after the two before it.
//!
//! A character trigram model with stupid backoff (Brants et al. 2007) over the counts of
//! `data/lm/chars.tsv` (3.5 M characters of MSRA newspaper sentences and THUCNews headlines,
//! made by `tools/make_lm.py`; sources and licences in its header). build.rs compiles the counts
//! into sorted tables of packed n-grams, embedded in the binary and read in place by binary
//! search, each with a bitmap of its n-grams that answers most lookups (of n-grams never seen)
//! in one memory access: no parsing at start-up, no allocation per lookup.
//!
//! Text is read as runs of CJK characters, each opened by `^` and closed by `$`, as the counts
//! were made. The typo stage asks for the [`gain`] of one replacement: how much more likely the
//! characters from it to two after it read with it, which is where a trigram model can tell.

use crate::text::is_cjk;

static LM1: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lm1.bin"));
static LM2: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lm2.bin"));
static LM3: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lm3.bin"));
static BITS: [&[u8]; 3] = [include_bytes!(concat!(env!("OUT_DIR"), "/lm1.bits")), include_bytes!(concat!(env!("OUT_DIR"), "/lm2.bits")), include_bytes!(concat!(env!("OUT_DIR"), "/lm3.bits"))];

/// The size in bits of each order's bitmap of n-grams; build.rs has the same constant and hash.
const LM_BITS: usize = 1 << 24;

fn lm_hash(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - 24)) as usize
}

/// The start and end of a run of CJK characters, as build.rs packs them.
const START: u64 = 1;
const END: u64 = 2;

/// The weight of a lower order when the higher one has not seen the n-gram.
const BACKOFF: f64 = 0.4;

/// One order's table: `n` packed keys, then `n` counts; its bitmap; and where the keys of
/// each first character of the Basic Multilingual Plane start, so that a search runs over the
/// few n-grams of one character (tens, in cache) rather than all of them.
struct Table {
    bytes: &'static [u8],
    n: usize,
    bits: &'static [u8],
    shift: u32,
    first: Vec<u32>,
}

/// The first characters [`Table::first`] indexes: the Basic Multilingual Plane.
const INDEXED: usize = 0x10000;

impl Table {
    fn new(bytes: &'static [u8], bits: &'static [u8], order: u32) -> Self {
        debug_assert_eq!(bits.len(), LM_BITS / 8);
        let mut t = Table { bytes, n: bytes.len() / 12, bits, shift: 21 * (order - 1), first: vec![0; INDEXED + 1] };
        // (first[c] = the first key whose first character is c or later)
        let mut k = 0;
        for c in 0..=INDEXED {
            while k < t.n && ((t.key(k) >> t.shift) as usize) < c {
                k += 1;
            }
            t.first[c] = k as u32;
        }
        t
    }

    fn key(&self, k: usize) -> u64 {
        u64::from_le_bytes(self.bytes[k * 8..k * 8 + 8].try_into().unwrap())
    }

    /// Might the table have `key`? Never false for a key it has; true for about one key in
    /// thirty it has not (the bitmap's share of set bits).
    fn maybe(&self, key: u64) -> bool {
        let h = lm_hash(key);
        self.bits[h / 8] & (1 << (h % 8)) != 0
    }

    fn count(&self, key: u64) -> u32 {
        if !self.maybe(key) {
            return 0;
        }
        let c = (key >> self.shift) as usize;
        let (mut lo, mut hi) = if c < INDEXED { (self.first[c] as usize, self.first[c + 1] as usize) } else { (self.first[INDEXED] as usize, self.n) };
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.key(mid).cmp(&key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let at = self.n * 8 + mid * 4;
                    return u32::from_le_bytes(self.bytes[at..at + 4].try_into().unwrap());
                }
            }
        }
        0
    }
}

/// The compiled character n-gram counts.
pub struct CharLm {
    t: [Table; 3],
    /// The number of characters counted (without the run marks), and the log of the floor
    /// probability of a character never seen.
    log_unseen: f64,
    total: f64,
}

/// The model (its tables are in the binary; this only finds them).
pub fn lm() -> &'static CharLm {
    static M: std::sync::OnceLock<CharLm> = std::sync::OnceLock::new();
    M.get_or_init(|| {
        let t = [Table::new(LM1, BITS[0], 1), Table::new(LM2, BITS[1], 2), Table::new(LM3, BITS[2], 3)];
        let total: f64 = (0..t[0].n).filter(|&k| t[0].key(k) > END).map(|k| t[0].count(t[0].key(k)) as f64).sum();
        CharLm { log_unseen: (1.0 / (total + t[0].n as f64)).ln(), total, t }
    })
}

fn pack(s: &[u64]) -> u64 {
    s.iter().fold(0, |k, &x| k << 21 | x)
}

impl CharLm {
    /// Might the corpus have the bigram `a b`? (Its bitmap alone: see [`Table::maybe`].)
    fn maybe_seen(&self, a: u64, b: u64) -> bool {
        self.t[1].maybe(pack(&[a, b]))
    }

    /// How often the corpus has the n-gram (1 to 3 symbols).
    fn count(&self, s: &[u64]) -> u32 {
        self.t[s.len() - 1].count(pack(s))
    }

    /// log P(x | context), the context the symbols before `x` in its run (`^` first), at most
    /// two of them; stupid backoff to shorter contexts.
    fn logp(&self, context: &[u64], x: u64) -> f64 {
        let mut penalty = 0.0;
        for k in 0..context.len() {
            let ctx = &context[k..];
            let mut g = [0u64; 3];
            g[..ctx.len()].copy_from_slice(ctx);
            g[ctx.len()] = x;
            let n = self.count(&g[..=ctx.len()]);
            if n > 0 {
                return penalty + (n as f64 / self.count(ctx).max(n) as f64).ln();
            }
            penalty += BACKOFF.ln();
        }
        match self.count(&[x]) {
            0 => penalty + self.log_unseen,
            n => penalty + (n as f64 / self.total).ln(),
        }
    }
}

/// log P(c) of a character by itself (the floor for one never seen): an OCR engine reads
/// damaged characters as odd rare ones (`溴` for `省`) and rare ones as common look-alikes.
pub fn log_unigram(c: char) -> f64 {
    let m = lm();
    match m.count(&[c as u64]) {
        0 => m.log_unseen,
        n => (n as f64 / m.total).ln(),
    }
}

/// The model's symbol for a character: itself when CJK, none otherwise (it ends a run).
fn sym(c: char) -> Option<u64> {
    is_cjk(c).then_some(c as u64)
}

/// log P of the symbol at `j` of `chars` (with `chars[i]` read as `to`), given the run before
/// it: `$` when `j` is the first position after a run, nothing (0) past that or outside a run.
fn logp_at(m: &CharLm, chars: &[char], i: usize, to: char, j: usize) -> f64 {
    let at = |k: usize| if k == i { sym(to) } else { chars.get(k).copied().and_then(sym) };
    let x = match at(j) {
        Some(x) => x,
        None if j > 0 && at(j - 1).is_some() => END,
        None => return 0.0,
    };
    // (the context in order, in a fixed array: [p2, p1] or [START, p1] or [START])
    let mut context = [START; 2];
    let len = match j.checked_sub(1).and_then(at) {
        None => 1,
        Some(p1) => {
            context[1] = p1;
            if let Some(p2) = j.checked_sub(2).and_then(at) {
                context[0] = p2;
            }
            2
        }
    };
    m.logp(&context[2 - len..], x)
}

/// How much more likely (natural log) the text reads with `chars[i]` replaced by `to`: the
/// log-probability of the positions from `i` to two after it, with the replacement and without.
pub fn gain(chars: &[char], i: usize, to: char) -> f64 {
    Window::new(chars, i).gain(to)
}

/// The replacements of one character, scored against the text as it is, which is read once.
pub struct Window<'a> {
    chars: &'a [char],
    i: usize,
    /// log P of the positions `i`, `i+1`, `i+2` as the text is (read when first needed:
    /// most characters [`Window::reads`] and need no more).
    orig: Option<[f64; 3]>,
}

impl<'a> Window<'a> {
    pub fn new(chars: &'a [char], i: usize) -> Self {
        Window { chars, i, orig: None }
    }

    /// Does the character as it is read in its context: has the corpus seen it with each CJK
    /// neighbour it has? Correct text almost always does; an OCR error almost never. (Two
    /// lookups, so that most characters need no replacement tried.)
    pub fn reads(&self) -> bool {
        let m = lm();
        let (c, i) = (self.chars, self.i);
        let x = c[i] as u64;
        let prev = i.checked_sub(1).map(|k| c[k]).and_then(sym);
        let next = c.get(i + 1).copied().and_then(sym);
        // (the bitmap alone: a character it wrongly takes as read is one in thirty of those
        // with an unseen neighbour, and a binary search for every character costs more)
        (prev.is_some() || next.is_some()) && prev.is_none_or(|p| m.maybe_seen(p, x)) && next.is_none_or(|n| m.maybe_seen(x, n))
    }

    /// Has the corpus (likely, by the bitmap) seen `to` next to a neighbour of the character
    /// (or has it none)? Two probes: a replacement seen with neither neighbour reads worse, and needs no [`gain`].
    pub fn plausible(&self, to: char) -> bool {
        let m = lm();
        let (c, i) = (self.chars, self.i);
        let prev = i.checked_sub(1).map(|k| c[k]).and_then(sym);
        let next = c.get(i + 1).copied().and_then(sym);
        let t = to as u64;
        (prev.is_none() && next.is_none()) || prev.is_some_and(|p| m.maybe_seen(p, t)) || next.is_some_and(|n| m.maybe_seen(t, n))
    }

    /// [`gain`] of `to`.
    pub fn gain(&mut self, to: char) -> f64 {
        let m = lm();
        let (chars, i) = (self.chars, self.i);
        let orig = *self.orig.get_or_insert_with(|| std::array::from_fn(|k| if i + k <= chars.len() { logp_at(m, chars, i, chars[i], i + k) } else { 0.0 }));
        (0..3).filter(|&k| i + k <= chars.len()).map(|k| logp_at(m, chars, i, to, i + k) - orig[k]).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(s: &str, i: usize, to: char) -> f64 {
        gain(&s.chars().collect::<Vec<_>>(), i, to)
    }

    #[test]
    fn the_right_character_reads_better_in_context() {
        // (OCR confusions of the kind Tesseract makes: shape, not sound)
        assert!(g("我国经济持续增长", 4, '特') < -3.0);
        assert!(g("我国经济特续增长", 4, '持') > 3.0);
        assert!(g("入们的生活", 0, '人') > 3.0);
        assert!(g("人们的生活", 0, '入') < -3.0);
    }

    #[test]
    fn counts_are_read_in_place() {
        let m = lm();
        assert!(m.count(&['中' as u64, '国' as u64]) > 1000);
        assert_eq!(m.count(&['中' as u64, '国' as u64, 'ㄅ' as u64]), 0);
        assert!(m.count(&[START]) > 100_000);
    }

    #[test]
    fn gain_of_the_same_character_is_zero_and_edges_are_safe() {
        assert_eq!(g("中国", 1, '国'), 0.0);
        assert!(g("国", 0, '图').is_finite());
        assert!(g("a国b", 1, '图').is_finite());
    }
}
