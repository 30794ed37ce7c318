//! Throughput benchmark: `cargo bench --bench throughput [-- MB]`.
//!
//! Cleans a corpus of generated damaged pages (`synth::Pool`: the clean stories of
//! tests/fixtures composed into pages, broken at random column widths and styles, with
//! letter-spacing, captions, interleaved briefs and scan typos injected), by default 20 MB,
//! and prints the dictionary's start-up cost and MB/s on one thread and on all cores. A
//! measurement, not a test. `examples/make_corpus` writes the same pages to a folder, for timing
//! the command line on a batch.

use newsclean::synth::Pool;
use rayon::prelude::*;
use std::time::Instant;

/// Damaged pages of about `mb` megabytes in all, as `examples/make_corpus` writes them.
fn corpus(mb: f64) -> Vec<Vec<u8>> {
    let pool = Pool::from_dirs(&Pool::fixture_dirs("all")).expect("the clean pages of tests/fixtures");
    let mut pages = Vec::new();
    let (mut bytes, mut seed) = (0usize, 0u64);
    while (bytes as f64) < mb * 1e6 {
        let raw = pool.damaged_page(seed);
        bytes += raw.len();
        pages.push(raw.into_bytes());
        seed += 1;
    }
    pages
}

fn main() {
    let mb: f64 = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(20.0);
    let t = Instant::now();
    let _ = newsclean::dict::dict();
    println!("dictionary load: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);

    let corpus = corpus(mb);
    let bytes: usize = corpus.iter().map(|p| p.len()).sum();
    println!("corpus: {} generated pages, {:.1} MB", corpus.len(), bytes as f64 / 1e6);

    let t = Instant::now();
    for p in &corpus {
        std::hint::black_box(newsclean::clean_bytes(p).unwrap());
    }
    let s1 = t.elapsed().as_secs_f64();
    println!("1 thread : {:.0} pages/s, {:.2} MB/s", corpus.len() as f64 / s1, bytes as f64 / 1e6 / s1);

    let t = Instant::now();
    corpus.par_iter().for_each(|p| {
        std::hint::black_box(newsclean::clean_bytes(p).unwrap());
    });
    let sn = t.elapsed().as_secs_f64();
    println!("{} threads: {:.0} pages/s, {:.2} MB/s (speed-up {:.2}x)", rayon::current_num_threads(), corpus.len() as f64 / sn, bytes as f64 / 1e6 / sn, s1 / sn);
}
