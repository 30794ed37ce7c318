//! Score the typo stage on injected scan errors:
//! `cargo run --release --example typo_score -- [SEEDS] [--shapes]`.
//!
//! The paragraphs of the clean pages (tests/fixtures/gold and tests/fixtures/stories) are the
//! correct text. For each seed one paragraph gets one error of one kind, the way scans and
//! extraction make them:
//! * `shape`: a character replaced by one of similar shape from `data/confusion.tsv` (so this
//!   measures the stage's decisions, not the coverage of the confusion data);
//! * `punct`: a full-width comma made an ASCII one;
//! * `doubled`: a word doubled before a longer word it opens (`困难困难群众`);
//! * `stray`: `和` between Chinese words printed as ` and `.
//!
//! A fix counts when the typo stage gives the clean paragraph back exactly. Precision is the
//! share of applied corrections that were part of such a fix; the false-positive rate is the
//! applied corrections on the clean paragraphs per 100,000 characters. The rest of the
//! paragraph's page is the page vocabulary, as in the pipeline.

use newsclean::edit::Confidence;
use newsclean::stages::typos;
use newsclean_synth::{Rng, correct_text, typo_pass};
use std::collections::BTreeMap;

/// `--shapes`: score with the four-corner suggestions on.
fn shapes() -> bool {
    std::env::args().any(|a| a == "--shapes")
}

/// The typo stage on one paragraph of a page: the text after it, and its applied edits.
fn fix(s: &str, page: &[String]) -> (String, usize) {
    let (out, e) = typo_pass(s, page, shapes());
    (out, e.iter().filter(|e| e.confidence == Confidence::Applied).count())
}

/// The suggestions (not applied) the typo stage makes on a paragraph, as (position, after).
fn suggestions(s: &str, page: &[String]) -> Vec<(usize, String)> {
    typo_pass(s, page, shapes()).1.into_iter().filter(|e| e.confidence == Confidence::Suggested).map(|e| (e.offset, e.after.into_owned())).collect()
}

fn main() {
    let seeds: u64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(2000);
    if shapes() {
        println!("with four-corner shape suggestions");
    }
    let pages: Vec<Vec<String>> = correct_text().expect("reading the correct text");
    let paras: Vec<(usize, String)> = pages.iter().enumerate().flat_map(|(g, p)| p.iter().map(move |x| (g, x.clone()))).collect();
    // false positives on the correct text
    let chars: usize = paras.iter().map(|p| p.1.chars().count()).sum();
    let fp: usize = paras.iter().map(|(g, p)| fix(p, &pages[*g]).1).sum();
    if std::env::var("SHOW_FP").is_ok() {
        for (g, p) in &paras {
            let (out, n) = fix(p, &pages[*g]);
            if n > 0 {
                println!("FP {n}: {p}\n   → {out}");
            }
        }
    }
    let sug: usize = paras.iter().map(|(g, p)| suggestions(p, &pages[*g]).len()).sum();
    println!(
        "clean text: {} paragraphs, {chars} characters, {fp} applied corrections = {:.2} per 100,000 characters; {sug} suggestions = {:.1} per 100,000",
        paras.len(),
        fp as f64 * 1e5 / chars as f64,
        sug as f64 * 1e5 / chars as f64
    );
    let kinds = ["shape", "sound", "punct", "doubled", "stray"];
    let mut by: BTreeMap<&str, (usize, usize, usize, usize)> = BTreeMap::new(); // injected, fixed, applied, applied in fixes
    let mut suggested: BTreeMap<&str, usize> = BTreeMap::new();
    for seed in 0..seeds {
        let mut rng = Rng::new(seed);
        let kind = kinds[rng.range(0, kinds.len() - 1)];
        let (g, p) = &paras[rng.range(0, paras.len() - 1)];
        let Some(bad) = newsclean_synth::inject_typo(p, kind, &mut rng) else { continue };
        let (out, applied) = fix(&bad, &pages[*g]);
        // (shape errors by the source of their pair)
        let kind = if kind == "shape" {
            let (a, b) = bad.chars().zip(p.chars()).find(|(x, y)| x != y).unwrap();
            if typos::curated(a, b) { "shape/curated" } else { "shape/4corner" }
        } else {
            kind
        };
        let e = by.entry(kind).or_default();
        e.0 += 1;
        e.2 += applied;
        if out == *p {
            e.1 += 1;
            e.3 += applied;
        } else if kind.starts_with("shape") || kind.starts_with("sound") {
            // would the review's suggestion have fixed it? (character offsets: one per char here)
            let (i, right) = bad.chars().zip(p.chars()).enumerate().find(|(_, (x, y))| x != y).map(|(i, (_, y))| (i, y)).unwrap();
            if suggestions(&bad, &pages[*g]).iter().any(|(o, a)| *o == i && a.starts_with(right)) {
                *suggested.entry(kind).or_default() += 1;
            }
        }
    }
    let (mut ti, mut tf, mut ta, mut tg) = (0, 0, 0, 0);
    for (k, (i, f, a, g)) in &by {
        let sg = suggested.get(k).copied().unwrap_or(0);
        println!("{k:<14} injected {i:>5}  fixed {f:>5}  recall {:.3}  applied {a:>5}  precision {:.3}  + suggested {sg}", *f as f64 / *i as f64, if *a > 0 { *g as f64 / *a as f64 } else { 1.0 });
        (ti, tf, ta, tg) = (ti + i, tf + f, ta + a, tg + g);
    }
    println!("TOTAL          injected {ti:>5}  fixed {tf:>5}  recall {:.3}  applied {ta:>5}  precision {:.3}", tf as f64 / ti as f64, tg as f64 / ta.max(1) as f64);
}
