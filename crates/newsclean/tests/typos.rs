//! The typo stage on injected scan errors and on correct text: each kind of error is
//! corrected, nothing else is, and a correct corpus gets at most one applied correction per
//! 100,000 characters (the rate the decision's thresholds are calibrated to on other text).
//! `cargo run --release --example typo_score` prints the same measures in full.

mod common;
use newsclean::edit::Confidence;
use newsclean_synth::{Rng, correct_text, inject_typo, typo_pass};

/// The typo stage on one paragraph, with the rest of its page as vocabulary.
fn fix(p: &str, page: &[String]) -> (String, usize) {
    let (out, e) = typo_pass(p, page, false);
    (out, e.iter().filter(|e| e.confidence == Confidence::Applied).count())
}

fn pages() -> Vec<Vec<String>> {
    correct_text().unwrap()
}

#[test]
fn correct_text_gets_at_most_one_correction_per_100k_characters() {
    let pages = pages();
    let (mut chars, mut wrong) = (0, Vec::new());
    for page in &pages {
        for p in page {
            chars += p.chars().count();
            let (out, n) = fix(p, page);
            if n > 0 {
                wrong.push(out);
            }
        }
    }
    assert!(chars > 30_000, "corpus of {chars} characters");
    assert!(wrong.len() as f64 * 1e5 / chars as f64 <= 1.0, "{} corrections on {chars} characters of correct text: {wrong:#?}", wrong.len());
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
            // (at most 3% wrong, and one more for the few corrections of a sound error)
            assert!(applied - good <= (applied as f64 * 0.03).ceil() as usize + 1, "{kind}: precision {precision:.3} of {applied}");
        } else {
            assert_eq!(applied, good, "{kind}: a correction that was no fix");
        }
        // (a shape error drawn at random from the confusion data is corrected only where the
        // evidence is as strong as for the errors a real OCR engine makes, which the decision
        // is calibrated on: the measured recall is about 0.05, see examples/typo_score; a
        // same-sound pair is never applied, only suggested)
        let floor = match kind {
            "shape" => 0.02,
            "sound" => 0.0,
            _ => 0.95,
        };
        assert!(recall >= floor, "{kind}: recall {recall:.3}");
    }
}
