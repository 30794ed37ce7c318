//! Cleaning generated damaged pages (newsclean::synth) over thousands of seeds: every page
//! cleans without error and idempotently, and the layout scores stay above the floor this
//! build reaches. Raise the floor as the stages improve; `cargo run --release --example
//! generated_score` prints the scores by width and separator style.

mod common;
use newsclean::synth::{Pool, Score};

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
        total.add(&newsclean::synth::score(&clean, &out));
    }
    // A cleaned page that cleans differently comes from a wrong first pass (a headline lost,
    // a caption taken for text) that the marks then make explicit; keep these rare.
    eprintln!("not idempotent: {} of 2000 {:?}", unstable.len(), unstable);
    assert!(unstable.len() <= 12, "{} pages change when cleaned again: {:?}", unstable.len(), unstable);
    eprintln!("stories {:.3} paraP {:.3} paraR {:.3} order {:.3} spaced {}", total.stories(), total.precision(), total.recall(), total.order(), total.spaced);
    assert!(total.stories() >= 0.93, "stories exact {:.3}", total.stories());
    assert!(total.precision() >= 0.98 && total.recall() >= 0.98, "paragraphs P/R {:.3}/{:.3}", total.precision(), total.recall());
    assert!(total.order() >= 0.98, "order {:.3}", total.order());
    assert!(total.spaced <= 5, "letter-spacing left in {} places", total.spaced);
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

/// Generated pages of every separator style, with briefs, that come back exactly: kept as
/// fixtures so that they stay right whatever the generator becomes.
#[test]
fn kept_generated_pages_stay_exact() {
    let dir = common::fixtures().join("generated");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "txt") {
            let want = std::fs::read_to_string(p.with_extension("md")).unwrap();
            let got = newsclean::clean_bytes(&std::fs::read(&p).unwrap()).unwrap().markdown;
            assert_eq!(got, want, "{}", p.display());
            n += 1;
        }
    }
    assert!(n >= 5, "fixtures found: {n}");
}
