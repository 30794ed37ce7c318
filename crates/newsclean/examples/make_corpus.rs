//! Write a corpus of generated damaged pages: `cargo run --release --example make_corpus -- DIR [MB] [--gold]`.
//! With `--gold`, each page's clean original goes to `DIR.gold/<seed>.md` too, for scoring.
//!
//! The pages are the clean stories of tests/fixtures composed into pages and damaged as a
//! scan and a text extraction damage them (`synth::Pool`: column breaks at random widths and
//! styles, letter-spacing, captions inside paragraphs, briefs between columns, headlines after
//! their bodies), with a scan typo in every fourth page. The same seed makes the same page on
//! every machine. For throughput runs and for trying the tool on a batch of any size.

use newsclean_synth::Pool;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1) else {
        eprintln!("usage: make_corpus DIR [MB]");
        std::process::exit(2);
    };
    let mb: f64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10.0);
    let pool = Pool::from_dirs(&Pool::fixture_dirs("all")).expect("the clean pages of tests/fixtures");
    std::fs::create_dir_all(dir).expect("creating the folder");
    let gold = args.iter().any(|a| a == "--gold").then(|| format!("{dir}.gold"));
    if let Some(g) = &gold {
        std::fs::create_dir_all(g).expect("creating the gold folder");
    }
    let (mut bytes, mut seed) = (0usize, 0u64);
    while (bytes as f64) < mb * 1e6 {
        let raw = pool.damaged_page(seed);
        bytes += raw.len();
        std::fs::write(format!("{dir}/{seed:07}.txt"), raw).expect("writing a page");
        if let Some(g) = &gold {
            std::fs::write(format!("{g}/{seed:07}.md"), pool.page(seed).0).expect("writing a gold page");
        }
        seed += 1;
    }
    println!("{seed} pages, {:.1} MB in {dir}", bytes as f64 / 1e6);
}
