//! The confusion data: which characters a scan or a typist mistakes for which.
//!
//! Six sources, each a file under `data/` with its source and licence in its header:
//!
//! * [`Source::Curated`] (`data/confusion.tsv`): look-alike groups picked by hand, the pairs
//!   scanners are known to confuse (`未/末`, `郟/郧`, `人/入`).
//! * [`Source::Ocr`] (`data/confusion_ocr.tsv`): what a real OCR engine read for what was
//!   printed, with counts (`tools/ocr_lines.py`: registry text typeset, read back by
//!   Tesseract). Directional: `赁` read for `凭` gives `赁 → 凭`, not the reverse. The counts are
//!   the channel model's evidence ([`ocr_count`]).
//! * [`Source::Component`] (`data/confusion_component.tsv`): characters built of the same
//!   parts (CHISE's ideographic description sequences, `tools/make_component_confusion.py`):
//!   one a part of the other (`建`/`健`), or split alike with a part in common (`清`/`请`).
//! * [`Source::Glyph`] (`data/confusion_glyph.tsv`): for each common character, the ten
//!   whose printed glyphs look most like it (Noto fonts drawn, blurred and shrunk as a scan
//!   sees them; `tools/make_glyph_confusion.py`): the candidates for OCR errors the engine
//!   has not yet been seen to make. Directional too: misread → printed.
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
    Ocr,
    Component,
    Glyph,
    FourCorner,
    Sound,
}

impl Source {
    /// What the pair is, for an edit's reason.
    pub fn describe(self) -> &'static str {
        match self {
            Source::Curated => "similar shape, data/confusion.tsv",
            Source::Ocr => "read so by OCR, data/confusion_ocr.tsv",
            Source::Component => "built of the same parts, data/confusion_component.tsv",
            Source::Glyph => "similar glyph, data/confusion_glyph.tsv",
            Source::FourCorner => "same four-corner shape, data/confusion_fourcorner.tsv",
            Source::Sound => "same sound, data/confusion_sound.tsv",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Source::Curated => "curated",
            Source::Ocr => "ocr",
            Source::Component => "component",
            Source::Glyph => "glyph",
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
        for (a, b, _) in ocr_pairs() {
            let v = m.entry(a).or_default();
            if !v.iter().any(|&(x, _)| x == b) {
                v.push((b, Source::Ocr));
            }
        }
        add_neighbours(&mut m, include_str!("../../../data/confusion_component.tsv"), Source::Component);
        add_neighbours(&mut m, include_str!("../../../data/confusion_glyph.tsv"), Source::Glyph);
        add(&mut m, include_str!("../../../data/confusion_fourcorner.tsv"), Source::FourCorner, false);
        add(&mut m, include_str!("../../../data/confusion_sound.tsv"), Source::Sound, true);
        m
    })
}

/// The OCR pairs (wrong, right, count) of `data/confusion_ocr.tsv`.
fn ocr_pairs() -> impl Iterator<Item = (char, char, u32)> {
    include_str!("../../../data/confusion_ocr.tsv").lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).filter_map(|l| {
        let mut f = l.split('\t');
        let (a, b) = (f.next()?.chars().next()?, f.next()?.chars().next()?);
        Some((a, b, f.next()?.trim().parse().ok()?))
    })
}

/// How many times the OCR engine read `a` where `b` was printed (0 when never).
pub fn ocr_count(a: char, b: char) -> u32 {
    static C: OnceLock<HashMap<(char, char), u32>> = OnceLock::new();
    C.get_or_init(|| ocr_pairs().map(|(a, b, n)| ((a, b), n)).collect()).get(&(a, b)).copied().unwrap_or(0)
}

/// Add each line's neighbours: a character, then the characters it may stand for.
fn add_neighbours(m: &mut Map, data: &str, source: Source) {
    for line in data.lines().filter(|l| !l.starts_with('#')) {
        let mut cs = line.split('\t').filter_map(|x| x.chars().next());
        let Some(a) = cs.next() else { continue };
        let v = m.entry(a).or_default();
        for b in cs {
            if !v.iter().any(|&(x, _)| x == b) {
                v.push((b, source));
            }
        }
    }
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
