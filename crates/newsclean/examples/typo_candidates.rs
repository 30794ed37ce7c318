//! Dump the evidence of the `confusable` rule as TSV, for calibrating its decision:
//! `cargo run --release --example typo_candidates -- [SEEDS] > candidates.tsv`, or
//! `-- --text TEXT` for the candidates in one text.
//!
//! One row per candidate replacement: on the correct text (every position; label 0) and at
//! the position of an injected shape or sound error (label 1 for the replacement that restores
//! the text). Columns: label, kind, from, to, source, reads, common, page, word, word_freq,
//! gain, steals, decision.

use newsclean::model::Text;
use newsclean::stages::typos::{Vocab, confusable};
use newsclean_synth::{Rng, correct_text, inject_typo, with_page_vocab};

fn row(label: u8, kind: &str, c: &confusable::Candidate, t: &[char]) {
    let ctx: String = t[c.at.saturating_sub(5)..(c.at + 6).min(t.len())].iter().collect();
    println!(
        "{label}\t{kind}\t{ctx}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.2}\t{}\t{:?}",
        c.bigram,
        c.name as u8,
        c.from,
        c.to,
        c.source.name(),
        c.reads as u8,
        c.common as u8,
        c.page,
        if c.word.is_empty() { "-" } else { &c.word },
        c.word_freq,
        c.gain,
        c.steals as u8,
        confusable::decide(c)
    );
}

fn main() {
    // `--text TEXT`: the candidates for every character of one text
    if let Some(text) = std::env::args().skip_while(|a| a != "--text").nth(1) {
        let t = Text::from_plain(&text);
        let v = Vocab::of(&[&t]);
        for i in 0..t.len() {
            for c in confusable::candidates(&t.chars, i, &v) {
                row(0, "text", &c, &t.chars);
            }
        }
        return;
    }
    let seeds: u64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(3000);
    let pages = correct_text().expect("reading the correct text");
    let paras: Vec<(usize, &String)> = pages.iter().enumerate().flat_map(|(g, p)| p.iter().map(move |x| (g, x))).collect();
    println!("label\tkind\tctx\tbigram\tname\tfrom\tto\tsource\treads\tcommon\tpage\tword\tword_freq\tgain\tsteals\tdecision");
    for (g, p) in &paras {
        let (t, v) = with_page_vocab(p, &pages[*g]);
        for i in 0..t.len() {
            for c in confusable::candidates(&t.chars, i, &v) {
                row(0, "clean", &c, &t.chars);
            }
        }
    }
    for seed in 0..seeds {
        let mut rng = Rng::new(seed);
        let kind = if seed % 2 == 0 { "shape" } else { "sound" };
        let (g, p) = paras[rng.range(0, paras.len() - 1)];
        let Some(bad) = inject_typo(p, kind, &mut rng) else { continue };
        let (i, right) = bad.chars().zip(p.chars()).enumerate().find(|(_, (x, y))| x != y).map(|(i, (_, y))| (i, y)).unwrap();
        let (t, v) = with_page_vocab(&bad, &pages[g]);
        let cands = confusable::candidates(&t.chars, i, &v);
        if !cands.iter().any(|c| c.to == right) {
            println!("1\t{kind}-missed\t-\t-\t{}\t{right}\t-\t-\t-\t-\t-\t-\t-\t-\t-", t.chars[i]);
        }
        for c in cands {
            row((c.to == right) as u8, kind, &c, &t.chars);
        }
    }
}
