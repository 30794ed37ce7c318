//! Compile the word dictionary into the binary.
//!
//! jieba's dictionary (`data/jieba/dict.txt`) and our current news terms (`data/terms.txt`)
//! become one finite-state transducer, word → frequency, written to `OUT_DIR/dict.fst` and
//! embedded with `include_bytes!` by `src/dict.rs`. Parsing 349,000 lines at start-up took
//! about 100 ms per invocation; the transducer is used in place, so start-up costs nothing.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

/// The frequency a term of `data/terms.txt` gets: a moderately common word.
const TERM_FREQ: u64 = 3000;

fn main() {
    println!("cargo:rerun-if-changed=data/jieba/dict.txt");
    println!("cargo:rerun-if-changed=data/terms.txt");
    let mut words: BTreeMap<String, u64> = BTreeMap::new();
    let dict = fs::read_to_string("data/jieba/dict.txt").expect("data/jieba/dict.txt");
    for (n, line) in dict.lines().enumerate() {
        let mut it = line.split_whitespace();
        let (Some(w), Some(f)) = (it.next(), it.next()) else { panic!("data/jieba/dict.txt:{}: expected `word freq [tag]`", n + 1) };
        let f: u64 = f.parse().unwrap_or_else(|_| panic!("data/jieba/dict.txt:{}: bad frequency `{f}`", n + 1));
        words.insert(w.to_string(), f);
    }
    let terms = fs::read_to_string("data/terms.txt").expect("data/terms.txt");
    for w in terms.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        words.insert(w.to_string(), TERM_FREQ);
    }
    let total: u64 = words.values().sum();
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let mut b = fst::MapBuilder::memory();
    for (w, f) in &words {
        b.insert(w, *f).unwrap();
    }
    fs::write(out.join("dict.fst"), b.into_inner().unwrap()).unwrap();
    fs::write(out.join("dict_total.rs"), format!("{total}")).unwrap();
}
