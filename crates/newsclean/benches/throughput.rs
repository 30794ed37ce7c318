//! Throughput benchmark: `cargo bench --bench throughput [-- MB]`.
//!
//! Cleans a corpus of generated damaged pages (`synth::Pool`: the clean stories of
//! tests/fixtures composed into pages, broken at random column widths and styles, with
//! letter-spacing, captions, interleaved briefs and scan typos injected), by default 20 MB,
//! and prints the dictionary's start-up cost and MB/s on one thread and on all cores, then the
//! same for one page of 5 MB made of those pages. A measurement, not a test.
//! `examples/make_corpus` writes the same pages to a folder, for timing the command line on a
//! batch.
//!
//! Yardsticks are timed on the same pages (skipped with `--no-reference`): jieba-rs's own
//! segmentation; the least a dictionary pass can cost (which characters a word covers, by
//! daachorse's Aho-Corasick automaton, and by newsclean's own trie); and decoding the pages and
//! copying their characters into the document model.
//! They say how far a target is from what the approach can reach, not only from where we are.

use newsclean_synth::Pool;
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

    // `--once`: one pass on this thread and no timing, for counting instructions under
    // `valgrind --tool=callgrind` (steadier than time on a shared machine)
    if std::env::args().any(|a| a == "--once") {
        for p in &corpus {
            std::hint::black_box(newsclean::clean_bytes(p).unwrap());
        }
        return;
    }
    // (a warm-up pass, then the best of three runs each: the first touches of the dictionary
    // and the allocator's first growth are start-up, and this VM's neighbours are noisy)
    corpus.iter().take(50).for_each(|p| {
        std::hint::black_box(newsclean::clean_bytes(p).unwrap());
    });
    let best = |f: &dyn Fn()| {
        (0..3)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    // (one worker thread of a pool, as `clean -j 1` runs, not the main thread: glibc's main
    // arena trims and regrows its heap where a thread's arena does not, which made one thread
    // look slower per page than two)
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a thread");
    let s1 = one.install(|| {
        best(&|| {
            for p in &corpus {
                std::hint::black_box(newsclean::clean_bytes(p).unwrap());
            }
        })
    });
    println!("1 thread : {:.0} pages/s, {:.2} MB/s", corpus.len() as f64 / s1, bytes as f64 / 1e6 / s1);
    // the typo stage alone (its cost is the context model's, issue 22): each page's text as one
    // block with its own vocabulary, on one thread
    let texts: Vec<newsclean::model::Text> = corpus.iter().map(|p| newsclean::model::Text::from_plain(&String::from_utf8_lossy(p))).collect();
    let st = one.install(|| {
        best(&|| {
            for t in &texts {
                let mut t = t.clone();
                let v = newsclean::stages::typos::Vocab::of(&[&t]);
                let mut e = Vec::new();
                newsclean::stages::typos::run(&mut t, &v, &Default::default(), false, &newsclean::decisions::Gate::none(), &mut e);
                std::hint::black_box(e);
            }
        })
    });
    println!("typo stage alone, 1 thread: {:.2} MB/s", bytes as f64 / 1e6 / st);
    let sn = best(&|| {
        corpus.par_iter().for_each(|p| {
            std::hint::black_box(newsclean::clean_bytes(p).unwrap());
        })
    });
    println!("{} threads: {:.0} pages/s, {:.2} MB/s (speed-up {:.2}x)", rayon::current_num_threads(), corpus.len() as f64 / sn, bytes as f64 / 1e6 / sn, s1 / sn);

    // Yardsticks on the same pages and thread, for reading the numbers above: jieba-rs
    // segmenting the text (`cut` without its HMM, the segmentation our dictionary reproduces;
    // the typo stage needs at least this much of a dictionary per character), and the floor
    // of any stage: decoding each page and copying its characters, with their offsets, into
    // the document model line by line.
    if !std::env::args().any(|a| a == "--no-reference") {
        let jieba = jieba_rs::Jieba::new();
        let texts: Vec<&str> = corpus.iter().map(|p| std::str::from_utf8(p).expect("generated pages are UTF-8")).collect();
        let sj = one.install(|| {
            best(&|| {
                for t in &texts {
                    std::hint::black_box(jieba.cut(t, false));
                }
            })
        });
        println!("reference, jieba-rs cut (no HMM), 1 thread: {:.2} MB/s", bytes as f64 / 1e6 / sj);
        // The least a dictionary can cost: which characters some word of 2 to 4 characters
        // covers (what the typo stage's `Dict::covered` answers, its first question of every
        // character), by one pass of an Aho-Corasick automaton over the text. daachorse's
        // character-wise double array is the fastest such automaton we found (against
        // aho-corasick's NFA and DFA and daachorse's byte-wise one).
        let mut words: Vec<&str> = include_str!("../../newsclean_core/data/jieba/dict.txt").lines().filter_map(|l| l.split(' ').next()).filter(|w| (2..=4).contains(&w.chars().count())).collect();
        words.sort_unstable();
        words.dedup();
        let ac = daachorse::CharwiseDoubleArrayAhoCorasick::<u32>::new(&words).expect("an automaton of the dictionary");
        let sa = one.install(|| {
            best(&|| {
                let mut cov = Vec::new();
                for t in &texts {
                    cov.clear();
                    cov.resize(t.len(), false);
                    for m in ac.find_overlapping_iter(t) {
                        cov[m.start()..m.end()].fill(true);
                    }
                    std::hint::black_box(&cov);
                }
            })
        });
        println!("reference, dictionary coverage alone by daachorse, 1 thread: {:.2} MB/s", bytes as f64 / 1e6 / sa);
        let chars: Vec<Vec<char>> = texts.iter().map(|t| t.chars().collect()).collect();
        let sc = one.install(|| {
            best(&|| {
                for c in &chars {
                    std::hint::black_box(newsclean::dict::dict().covered(c));
                }
            })
        });
        println!("reference, dictionary coverage alone by newsclean's trie, 1 thread: {:.2} MB/s", bytes as f64 / 1e6 / sc);
        let sf = one.install(|| {
            best(&|| {
                for p in &corpus {
                    let d = newsclean::stages::decode::decode_with(p, false).unwrap();
                    let lines: Vec<newsclean::model::Text> = d
                        .text
                        .split('\n')
                        .map(|l| {
                            let mut t = newsclean::model::Text::with_capacity(l.len() / 3);
                            l.char_indices().for_each(|(i, c)| t.push(c, i));
                            t
                        })
                        .collect();
                    std::hint::black_box(lines);
                }
            })
        });
        println!("reference, decode and copy into the model, 1 thread: {:.2} MB/s", bytes as f64 / 1e6 / sf);
    }

    // One large file must not hold a run up on one core: the pages above, up to 5 MB, as a
    // single page (blank lines between them), on one thread and on all.
    let mut big = Vec::new();
    for p in &corpus {
        if big.len() >= 5_000_000 {
            break;
        }
        big.extend_from_slice(p);
        big.extend_from_slice(b"\n\n");
    }
    let b1 = one.install(|| best(&|| drop(std::hint::black_box(newsclean::clean_bytes(&big).unwrap()))));
    let bn = best(&|| drop(std::hint::black_box(newsclean::clean_bytes(&big).unwrap())));
    println!(
        "one page of {:.1} MB: {:.2} MB/s on 1 thread, {:.2} MB/s on {} (speed-up {:.2}x)",
        big.len() as f64 / 1e6,
        big.len() as f64 / 1e6 / b1,
        big.len() as f64 / 1e6 / bn,
        rayon::current_num_threads(),
        b1 / bn
    );
}
