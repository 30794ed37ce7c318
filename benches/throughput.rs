//! Throughput benchmark: `cargo bench --bench throughput`.
//!
//! Cleans a corpus made by repeating the example pages (raw/ and tests/fixtures/raw) and prints
//! pages/s and MB/s, single-threaded and with all cores, plus the one-off start-up cost of the
//! dictionary. A baseline for later work to be measured against, not a test.

use rayon::prelude::*;
use std::time::Instant;

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/raw");
    let mut pages: Vec<Vec<u8>> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| std::fs::read(e.path()).unwrap()).collect();
    pages.sort();
    let reps: usize = std::env::var("NEWSCLEAN_BENCH_REPS").ok().and_then(|s| s.parse().ok()).unwrap_or(200);
    let corpus: Vec<&Vec<u8>> = (0..reps).flat_map(|_| pages.iter()).collect();
    let bytes: usize = corpus.iter().map(|p| p.len()).sum();

    let t = Instant::now();
    let _ = newsclean::dict::dict();
    println!("dictionary load: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);

    let t = Instant::now();
    for p in &corpus {
        std::hint::black_box(newsclean::clean_bytes(p).unwrap());
    }
    let s1 = t.elapsed().as_secs_f64();
    println!("1 thread : {} pages, {:.1} MB in {:.2} s = {:.0} pages/s, {:.2} MB/s", corpus.len(), bytes as f64 / 1e6, s1, corpus.len() as f64 / s1, bytes as f64 / 1e6 / s1);

    let t = Instant::now();
    corpus.par_iter().for_each(|p| {
        std::hint::black_box(newsclean::clean_bytes(p).unwrap());
    });
    let sn = t.elapsed().as_secs_f64();
    println!("{} threads: {:.0} pages/s, {:.2} MB/s (speed-up {:.2}x)", rayon::current_num_threads(), corpus.len() as f64 / sn, bytes as f64 / 1e6 / sn, s1 / sn);
}
