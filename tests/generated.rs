//! Cleaning generated damaged pages (newsclean::synth) over thousands of seeds: every page
//! cleans without error and idempotently, and the layout scores stay above the floor this
//! build reaches. Raise the floor as the stages improve; `cargo run --release --example
//! generated_score` prints the scores by width and separator style.

mod common;
use newsclean::synth::{Pool, Score};

#[test]
fn generated_pages_come_back() {
    let pages: Vec<String> = common::gold_pages().into_iter().map(|p| p.1).collect();
    let pool = Pool::from_pages(&pages);
    let mut total = Score::default();
    for seed in 0..2000u64 {
        let (clean, raw, d) = pool.page(seed);
        let out = newsclean::clean_str(&raw).unwrap_or_else(|e| panic!("seed {seed} ({d:?}): {e}")).markdown;
        let again = newsclean::clean_str(&out).unwrap().markdown;
        assert_eq!(again, out, "seed {seed}: cleaning a cleaned page changed it");
        total.add(&newsclean::synth::score(&clean, &out));
    }
    eprintln!("stories {:.3} paraP {:.3} paraR {:.3} order {:.3} spaced {}", total.stories(), total.precision(), total.recall(), total.order(), total.spaced);
    assert!(total.stories() >= 0.55, "stories exact {:.3}", total.stories());
    assert!(total.precision() >= 0.92 && total.recall() >= 0.92, "paragraphs P/R {:.3}/{:.3}", total.precision(), total.recall());
    assert!(total.order() >= 0.98, "order {:.3}", total.order());
}
