//! Time each stage on one page: `cargo run --release --example stage_times -- FILE [THREADS]`.
//!
//! For a large page: which stages run in parallel inside it and which hold it up on one core.
//! Three rounds, each a whole clean timed, then the stages one by one (the check and the
//! rendering on the whole clean's result). This VM is noisy: compare builds by alternating
//! their runs, many times.
use newsclean::decisions::{Decisions, Gate};
use newsclean::stages::{decode, reflow, spacing, stories, typos};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: stage_times FILE [THREADS]");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let threads: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("threads");
    pool.install(|| {
        for round in 0..3 {
            let t = Instant::now();
            let c = newsclean::clean_bytes(&bytes).expect("a page that cleans");
            let whole = t.elapsed();
            let mut times: Vec<(&str, f64)> = Vec::new();
            let mut t = Instant::now();
            let mut lap = |name, times: &mut Vec<(&str, f64)>| {
                times.push((name, t.elapsed().as_secs_f64() * 1e3));
                t = Instant::now();
            };
            let d = decode::decode_with(&bytes, false).expect("a page that decodes");
            lap("decode", &mut times);
            let mut edits = d.edits;
            let lines = spacing::run(&d.text, &mut edits);
            lap("spacing", &mut times);
            let decisions = Decisions::default();
            let gate = Gate { raw: &d.text, decisions: &decisions };
            let (blocks, _) = reflow::run(lines, &gate, &mut edits);
            lap("reflow", &mut times);
            let stories = stories::run(blocks, &mut edits);
            lap("stories", &mut times);
            let texts: Vec<&newsclean::model::Text> = stories.iter().flat_map(|s| s.blocks.iter().map(|b| &b.text)).collect();
            std::hint::black_box(typos::Vocab::of(&texts));
            lap("vocab", &mut times);
            newsclean::pipeline::check_invariant(&c.raw, &c.page, &c.edits).expect("the check");
            lap("check", &mut times);
            std::hint::black_box(newsclean::render::markdown(&c.page));
            lap("render", &mut times);
            let shown: Vec<String> = times.iter().map(|(n, ms)| format!("{n} {ms:.0}")).collect();
            println!("round {round}: whole clean {:.0} ms | {}", whole.as_secs_f64() * 1e3, shown.join(", "));
        }
    });
}
