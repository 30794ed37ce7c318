//! Compile the word dictionary into the binary.
//!
//! jieba's dictionary (`data/jieba/dict.txt`) and our current news terms (`data/terms.txt`)
//! become one character-wise double-array trie (the `crawdad` crate), word → `freq << 6 | tag`,
//! written to `OUT_DIR/dict.trie` and embedded with `include_bytes!` by `src/dict.rs`. Parsing
//! 349,000 lines at start-up took about 100 ms per invocation; reading the compiled trie takes
//! a few milliseconds, once per process.

#[path = "src/fnv.rs"]
mod fnv;

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

/// The frequency a term of `data/terms.txt` gets: a moderately common word.
const TERM_FREQ: u64 = 3000;

/// jieba's part-of-speech tags, in the order of their ids; `src/dict.rs` has the same list.
/// A word's value in the trie is `freq << 6 | tag id`.
const TAGS: [&str; 56] = [
    "", "n", "nr", "v", "i", "l", "ns", "m", "nz", "nrt", "zg", "nt", "a", "vn", "z", "d", "t", "j", "b", "g", "r", "s", "c", "nrfg", "x", "f", "ng", "o", "q", "vg", "p", "ad", "mq", "y", "ag", "an",
    "e", "u", "tg", "vq", "vi", "k", "vd", "rr", "mg", "h", "dg", "uz", "uv", "ul", "uj", "ug", "ud", "rz", "rg", "df",
];

/// The size of the bitmap of word-opening character pairs; `src/dict.rs` has the same
/// constant and hash (`tests/dict.rs` checks they agree on every word).
const PAIR_BITS: usize = 1 << 23;

fn pair_hash(a: char, b: char) -> usize {
    let x = ((a as u64) << 21 | b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (x >> (64 - 23)) as usize
}

fn main() {
    println!("cargo:rerun-if-changed=data");
    let mut words: BTreeMap<String, (u64, usize)> = BTreeMap::new();
    let dict = fs::read_to_string("data/jieba/dict.txt").expect("data/jieba/dict.txt");
    for (n, line) in dict.lines().enumerate() {
        let mut it = line.split_whitespace();
        let (Some(w), Some(f)) = (it.next(), it.next()) else { panic!("data/jieba/dict.txt:{}: expected `word freq [tag]`", n + 1) };
        let f: u64 = f.parse().unwrap_or_else(|_| panic!("data/jieba/dict.txt:{}: bad frequency `{f}`", n + 1));
        let tag = it.next().unwrap_or("");
        let id = TAGS.iter().position(|t| *t == tag).unwrap_or_else(|| panic!("data/jieba/dict.txt:{}: unknown tag `{tag}`", n + 1));
        words.insert(w.to_string(), (f, id));
    }
    let terms = fs::read_to_string("data/terms.txt").expect("data/terms.txt");
    for w in terms.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        words.insert(w.to_string(), (TERM_FREQ, 1)); // (tagged as nouns)
    }
    let total: u64 = words.values().map(|v| v.0).sum();
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let records: Vec<(&str, u32)> =
        words.iter().map(|(w, (f, tag))| (w.as_str(), u32::try_from(f << 6 | *tag as u64).unwrap_or_else(|_| panic!("`{w}`: frequency {f} too large for the trie")))).collect();
    let trie = crawdad::Trie::from_records(records).expect("the dictionary as a double-array trie");
    fs::write(out.join("dict.trie"), trie.serialize_to_vec()).unwrap();
    fs::write(out.join("dict_total.rs"), format!("{total}")).unwrap();
    // the first two characters of every word of 2 or more characters, as a bitmap: a walk of
    // the transducer for a pair not in it would find no word, so the segmenter skips it
    let mut pairs = vec![0u8; PAIR_BITS / 8];
    for w in words.keys() {
        let mut cs = w.chars();
        if let (Some(a), Some(b)) = (cs.next(), cs.next()) {
            let h = pair_hash(a, b);
            pairs[h / 8] |= 1 << (h % 8);
        }
    }
    fs::write(out.join("pairs.bin"), pairs).unwrap();
    compile_lm(&out);
    println!("cargo:rustc-env=NEWSCLEAN_DATA_FP={}", data_fingerprint());
}

/// The context model's character n-gram counts (`data/lm/chars.tsv`, made by
/// `tools/make_lm.py`) as three tables that `src/lm.rs` reads in place by binary search: for
/// each order, the n-grams packed into a `u64` (21 bits a character, `^`/`$` as 1 and 2),
/// sorted, little-endian, then their counts as `u32`s in the same order.
fn compile_lm(out: &std::path::Path) {
    let text = fs::read_to_string("data/lm/chars.tsv").expect("data/lm/chars.tsv");
    let mut tables: [Vec<(u64, u32)>; 3] = Default::default();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.is_empty()) {
        let (g, c) = line.split_once('\t').unwrap_or_else(|| panic!("data/lm/chars.tsv:{}: expected `ngram<TAB>count`", n + 1));
        let c: u32 = c.parse().unwrap_or_else(|_| panic!("data/lm/chars.tsv:{}: bad count `{c}`", n + 1));
        let cs: Vec<u64> = g
            .chars()
            .map(|ch| match ch {
                '^' => 1,
                '$' => 2,
                ch => ch as u64,
            })
            .collect();
        assert!((1..=3).contains(&cs.len()), "data/lm/chars.tsv:{}: n-grams of 1 to 3 characters", n + 1);
        tables[cs.len() - 1].push((cs.iter().fold(0, |k, &x| k << 21 | x), c));
    }
    for (order, t) in tables.iter_mut().enumerate() {
        t.sort_unstable();
        // (and a bitmap of the n-grams, one bit each by LM_BITS's hash, so that a lookup of an
        // n-gram never seen, which most are, costs one memory access, not a binary search)
        let mut bits = vec![0u8; LM_BITS / 8];
        for e in t.iter() {
            let h = lm_hash(e.0);
            bits[h / 8] |= 1 << (h % 8);
        }
        fs::write(out.join(format!("lm{}.bits", order + 1)), bits).unwrap();
        let mut bytes = Vec::with_capacity(t.len() * 12);
        bytes.extend(t.iter().flat_map(|e| e.0.to_le_bytes()));
        bytes.extend(t.iter().flat_map(|e| e.1.to_le_bytes()));
        fs::write(out.join(format!("lm{}.bin", order + 1)), bytes).unwrap();
    }
}

/// The size in bits of each order's bitmap; `src/lm.rs` has the same constant and hash.
const LM_BITS: usize = 1 << 24;

fn lm_hash(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - 24)) as usize
}

/// A fingerprint of everything under `data/` (FNV-1a over names and contents): with the
/// version, it tells `clean` that the rules changed since a reviewer rejected a page.
fn data_fingerprint() -> String {
    fn walk(dir: &std::path::Path, files: &mut Vec<PathBuf>) {
        let mut es: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        es.sort();
        for p in es {
            if p.is_dir() { walk(&p, files) } else { files.push(p) }
        }
    }
    let mut files = Vec::new();
    walk(std::path::Path::new("data"), &mut files);
    let mut h = fnv::Fnv::default();
    for f in files {
        h.write(f.to_string_lossy().as_bytes());
        h.write(&fs::read(&f).unwrap());
    }
    h.hex()
}
