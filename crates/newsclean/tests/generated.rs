//! Cleaning generated damaged pages (newsclean_synth) over thousands of seeds: every page
//! cleans without error and idempotently, and the layout scores stay above the floor this
//! build reaches. Raise the floor as the stages improve; `cargo run --release --example
//! generated_score` prints the scores by width and separator style.

mod common;
use newsclean_synth::{Pool, Score};

/// Pages are made from the gold pages' stories and from the stories written for the generator
/// on other subjects (tests/fixtures/stories): the second half keeps the score honest about
/// text the stages were not tuned on.
#[test]
fn generated_pages_come_back() {
    let pool = Pool::from_dirs(&Pool::fixture_dirs("all")).unwrap();
    let mut total = Score::default();
    let mut unstable = Vec::new();
    for seed in 0..2000u64 {
        let (clean, raw, d) = pool.page(seed);
        let out = newsclean::clean_str(&raw).unwrap_or_else(|e| panic!("seed {seed} ({d:?}): {e}")).markdown;
        let again = newsclean::clean_str(&out).unwrap().markdown;
        if again != out {
            unstable.push(seed);
        }
        total.add(&newsclean_synth::score(&clean, &out));
    }
    // A cleaned page that cleans differently comes from a wrong first pass (a headline lost,
    // a caption taken for text) that the marks then make explicit; keep these rare.
    eprintln!("not idempotent: {} of 2000 {:?}", unstable.len(), unstable);
    assert!(unstable.len() <= 12, "{} pages change when cleaned again: {:?}", unstable.len(), unstable);
    eprintln!("stories {:.3} paraP {:.3} paraR {:.3} order {:.3} spaced {}", total.stories(), total.precision(), total.recall(), total.order(), total.spaced);
    // The floors of the fitted layout decoder (issue 21). The hand-built reflow this replaced
    // reached 0.93 stories here, on pages made from the very stories and damage it was tuned
    // on, and 7% on pages of text it had not seen (tools/measure.py); the decoder is fitted
    // on pages of the registry corpora plus pages of this generator from seeds 100000 on
    // (tools/fit_layout.py), so these seeds are unseen. `spaced` counts CJK–space pairs the
    // gold has not: most are headings run into a caption or paragraph, not letter-spacing.
    assert!(total.stories() >= 0.66, "stories exact {:.3}", total.stories());
    assert!(total.precision() >= 0.95 && total.recall() >= 0.965, "paragraphs P/R {:.3}/{:.3}", total.precision(), total.recall());
    assert!(total.order() >= 0.98, "order {:.3}", total.order());
    assert!(total.spaced <= 130, "CJK–space pairs left in {} places", total.spaced);
}

/// A clean page is already clean: every page of clean stories comes back unchanged (no typo
/// "correction" of correct text, no paragraph split or joined, no headline demoted).
#[test]
fn clean_pages_are_fixed_points() {
    let fx = common::fixtures();
    let mut n = 0;
    for dir in [fx.join("gold"), fx.join("stories")] {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "md") && p.file_name().is_some_and(|f| f != "README.md") {
                let md = std::fs::read_to_string(&p).unwrap();
                let c = newsclean::clean_str(&md).unwrap();
                assert_eq!(c.markdown, md, "{}", p.display());
                n += 1;
            }
        }
    }
    assert!(n >= 10, "clean pages found: {n}");
}

/// Generated pages of every separator style, with briefs, kept as fixtures so that they
/// stay right whatever the generator becomes. The fitted decoder makes 6 of the 12 exactly
/// (the others: a brief set between columns, a column label over a headline, a caption at a
/// sentence end; issue 21): those must stay exact, and every page whole in its paragraphs.
#[test]
fn kept_generated_pages_stay_right() {
    let dir = common::fixtures().join("generated");
    let (mut n, mut exact) = (0, Vec::new());
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "txt") {
            let want = std::fs::read_to_string(p.with_extension("md")).unwrap();
            let got = newsclean::clean_bytes(&std::fs::read(&p).unwrap()).unwrap().markdown;
            let s = newsclean_synth::score(&want, &got);
            assert!(s.precision() >= 0.9 && s.recall() >= 0.9, "{}: paragraphs P/R {:.3}/{:.3}", p.display(), s.precision(), s.recall());
            if got == want {
                exact.push(p.file_name().unwrap().to_string_lossy().into_owned());
            }
            n += 1;
        }
    }
    assert!(n >= 12, "fixtures found: {n}");
    exact.sort();
    for page in ["seed26.txt", "seed28.txt", "seed29.txt", "seed38.txt", "seed46.txt", "seed6.txt"] {
        assert!(exact.iter().any(|e| e == page), "{page} is no longer exact (exact: {exact:?})");
    }
}
