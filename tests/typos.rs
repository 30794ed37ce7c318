//! The typo stage on injected scan errors and on correct text: each kind of error is
//! corrected, nothing else is, and a correct corpus gets no applied correction.
//! `cargo run --release --example typo_score` prints the same measures in full.

mod common;
use newsclean::edit::Confidence;
use newsclean::synth::{correct_text, inject_typo, typo_pass, Rng};

/// The typo stage on one paragraph, with the rest of its page as vocabulary.
fn fix(p: &str, page: &[String]) -> (String, usize) {
    let (out, e) = typo_pass(p, page, false);
    (out, e.iter().filter(|e| e.confidence == Confidence::Applied).count())
}

fn pages() -> Vec<Vec<String>> {
    correct_text().unwrap()
}

#[test]
fn correct_text_gets_no_applied_correction() {
    let pages = pages();
    let mut chars = 0;
    for page in &pages {
        for p in page {
            chars += p.chars().count();
            let (out, n) = fix(p, page);
            assert_eq!((n, out.as_str()), (0, p.as_str()), "a correction on correct text");
        }
    }
    assert!(chars > 30_000, "corpus of {chars} characters");
}

#[test]
fn each_kind_of_injected_error_is_corrected_and_nothing_else() {
    let pages = pages();
    let paras: Vec<(usize, &String)> = pages.iter().enumerate().flat_map(|(g, p)| p.iter().map(move |x| (g, x))).collect();
    for kind in ["punct", "doubled", "stray", "shape", "sound"] {
        let (mut injected, mut fixed, mut applied, mut good) = (0, 0, 0, 0);
        for seed in 0..if matches!(kind, "shape" | "sound") { 2000u64 } else { 400 } {
            let mut rng = Rng::new(seed);
            let (g, p) = paras[rng.range(0, paras.len() - 1)];
            let Some(bad) = inject_typo(p, kind, &mut rng) else { continue };
        let (out, n) = fix(&bad, &pages[g]);
            injected += 1;
            applied += n;
            if out == *p {
                fixed += 1;
                good += n;
            }
        }
        let recall = fixed as f64 / injected as f64;
        eprintln!("{kind}: injected {injected}, fixed {fixed} ({recall:.3}), applied {applied}, of them in fixes {good}");
        // (the fixed rules make no correction that is no fix; a shape or sound error may
        // rarely get the wrong one of two look-alikes)
        let precision = good as f64 / applied.max(1) as f64;
        if matches!(kind, "shape" | "sound") {
            assert!(precision >= 0.97, "{kind}: precision {precision:.3}");
        } else {
            assert_eq!(applied, good, "{kind}: a correction that was no fix");
        }
        // (a shape or sound error is corrected only on strong evidence: where it makes a
        // frequent word out of a lone odd character, or restores a term of the page; the
        // measured recall is about 0.33, see examples/typo_score)
        let floor = if matches!(kind, "shape" | "sound") { 0.28 } else { 0.95 };
        assert!(recall >= floor, "{kind}: recall {recall:.3}");
    }
}
