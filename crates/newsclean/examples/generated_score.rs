//! Score the cleaner on generated damaged pages, by column width and separator style.
//!
//! `cargo run --release --example generated_score -- [SEEDS] [--source gold|stories|all] [--fail-dir DIR]`
//! Pages are composed from clean stories and damaged by `newsclean_synth`: the gold pages'
//! stories (tests/fixtures/gold, which the stages were tuned on), stories written for the
//! generator on other subjects (tests/fixtures/stories, the closer stand-in for pages nobody
//! tuned to), or both; with --fail-dir, the raw text, the clean text and newsclean's output of every page
//! that does not come back exactly are written there (to keep as fixtures).

use newsclean_synth::{Pool, STYLES, Score};
use std::collections::BTreeMap;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seeds: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(2000);
    let fail_dir = args.iter().position(|a| a == "--fail-dir").and_then(|i| args.get(i + 1)).cloned();
    let source = args.iter().position(|a| a == "--source").and_then(|i| args.get(i + 1)).map(String::as_str).unwrap_or("all");
    let pool = Pool::from_dirs(&Pool::fixture_dirs(source)).expect("reading the clean pages");
    let mut total = Score::default();
    let mut by_style: BTreeMap<String, Score> = BTreeMap::new();
    let mut by_width: BTreeMap<usize, Score> = BTreeMap::new();
    let mut exact_pages = 0;
    let mut not_idempotent = Vec::new();
    for seed in 0..seeds {
        let (clean, raw, d) = pool.page(seed);
        let out = match newsclean::clean_str(&raw) {
            Ok(c) => c.markdown,
            Err(e) => {
                eprintln!("seed {seed}: {e}");
                String::new()
            }
        };
        let s = newsclean_synth::score(&clean, &out);
        if newsclean::clean_str(&out).map(|c| c.markdown != out).unwrap_or(true) {
            not_idempotent.push(seed);
        }
        if out == clean {
            exact_pages += 1;
        } else if let Some(fd) = &fail_dir {
            let _ = std::fs::create_dir_all(fd);
            let _ = std::fs::write(format!("{fd}/{seed}.txt"), &raw);
            let _ = std::fs::write(format!("{fd}/{seed}.md"), &clean);
            let _ = std::fs::write(format!("{fd}/{seed}.out"), &out);
        }
        total.add(&s);
        by_style.entry(format!("{:?}", d.style)).or_default().add(&s);
        by_width.entry(d.width).or_default().add(&s);
    }
    let row = |name: &str, s: &Score| println!("{name:<20} stories {:>6.3}  paraP {:>6.3}  paraR {:>6.3}  order {:>6.3}  spaced {}", s.stories(), s.precision(), s.recall(), s.order(), s.spaced);
    println!("{seeds} generated pages, {exact_pages} identical to their clean page, {} not idempotent {:?}", not_idempotent.len(), &not_idempotent[..not_idempotent.len().min(10)]);
    row("TOTAL", &total);
    for st in STYLES {
        let k = format!("{st:?}");
        if let Some(s) = by_style.get(&k) {
            row(&k, s);
        }
    }
    for (w, s) in &by_width {
        row(&format!("width {w}"), s);
    }
}
