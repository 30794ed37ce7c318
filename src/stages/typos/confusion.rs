//! The confusion data: which characters a scan or a typist mistakes for which.
//!
//! Three sources, each a file under `data/` with its source and licence in its header:
//!
//! * [`Source::Curated`] (`data/confusion.tsv`): look-alike groups picked by hand, the pairs
//!   scanners are known to confuse (`未/末`, `郟/郧`, `人/入`).
//! * [`Source::FourCorner`] (`data/confusion_fourcorner.tsv`): common characters with the same
//!   four-corner code (the shapes of their four corners, from Unihan) and at most one stroke
//!   apart. Many, and each one weaker evidence.
//! * [`Source::Sound`] (`data/confusion_sound.tsv`): common characters with the same Mandarin
//!   reading and tone (Unihan kMandarin), the errors of input methods (`卫建委` for `卫健委`).
//!
//! A pair in several files counts as its first source in this order.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    Curated,
    FourCorner,
    Sound,
}

impl Source {
    /// What the pair is, for an edit's reason.
    pub fn describe(self) -> &'static str {
        match self {
            Source::Curated => "similar shape, data/confusion.tsv",
            Source::FourCorner => "same four-corner shape, data/confusion_fourcorner.tsv",
            Source::Sound => "same sound, data/confusion_sound.tsv",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Source::Curated => "curated",
            Source::FourCorner => "4corner",
            Source::Sound => "sound",
        }
    }
}

type Map = HashMap<char, Vec<(char, Source)>>;

fn map() -> &'static Map {
    static M: OnceLock<Map> = OnceLock::new();
    M.get_or_init(|| {
        let mut m = Map::default();
        add(&mut m, include_str!("../../../data/confusion.tsv"), Source::Curated, false);
        add(&mut m, include_str!("../../../data/confusion_fourcorner.tsv"), Source::FourCorner, false);
        add(&mut m, include_str!("../../../data/confusion_sound.tsv"), Source::Sound, true);
        m
    })
}

/// Add each line's group (tab-separated characters; after a label when `labelled`).
fn add(m: &mut Map, data: &str, source: Source, labelled: bool) {
    for line in data.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let group: Vec<char> = line.split('\t').skip(labelled as usize).filter_map(|s| s.trim().chars().next()).collect();
        for &a in &group {
            for &b in &group {
                let v = m.entry(a).or_default();
                if a != b && !v.iter().any(|&(x, _)| x == b) {
                    v.push((b, source));
                }
            }
        }
    }
}

/// The characters `c` may have been mistaken for, with the source of each pair.
pub fn pairs(c: char) -> &'static [(char, Source)] {
    map().get(&c).map(Vec::as_slice).unwrap_or(&[])
}

/// The source of the pair `a → b`, if the data has it.
pub fn source(a: char, b: char) -> Option<Source> {
    pairs(a).iter().find(|&&(x, _)| x == b).map(|&(_, s)| s)
}
