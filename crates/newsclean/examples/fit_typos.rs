//! Fit the typo decision's weights and calibrate its thresholds on real OCR text:
//! `cargo run --release --example fit_typos -- --ocr SENTENCES.jsonl... --correct CORRECT.jsonl...
//!  [--write data/typo_weights.tsv] [--dump FILE]`.
//!
//! SENTENCES.jsonl are what `tools/ocr_lines.py` writes (typeset sentences of a registry corpus
//! and Tesseract's reading of them); CORRECT.jsonl its paragraphs of correct text. Every
//! candidate the `confusable` rule makes ([`confusable::candidates_in`], all sources, every
//! character) is a row of evidence ([`confusable::features`]); on an OCR sentence it is a
//! positive when the alignment with the typeset sentence says the replacement gives back the
//! printed character, on correct text always a negative. A logistic regression (Newton's
//! method, a small L2 penalty) gives the weights.
//!
//! The thresholds are then calibrated on the same rows, position by position as the rule
//! decides (the best-scoring candidate of a character): `apply` is the lowest score at which
//! the applied replacements on the OCR sentences are still right at least 95% of the time and
//! the correct text gets at most 0.5 applied corrections per 100,000 characters; `suggest` the
//! lowest at which a suggestion is right at least one time in five. Measure on another text
//! with `examples/ocr_score.rs`.

use newsclean::dict::dict;
use newsclean::model::Text;
use newsclean::stages::typos::confusion::{self, Source};
use newsclean::stages::typos::{Vocab, confusable};
use std::io::Write;

const PRECISION: f64 = 0.95;
const FP_PER_100K: f64 = 0.5;
const SUGGEST_PRECISION: f64 = 0.5;
const SUGGEST_PER_100K: f64 = 5.0;

/// One candidate: its features, its label, the position it belongs to, whether the rule may
/// apply it at all, and which text it came from (true: OCR).
struct Row {
    x: [f64; confusable::FEATURES.len()],
    y: bool,
    pos: usize,
    may_apply: bool,
    ocr: bool,
    /// `from→to` and the text around, for the dump.
    desc: String,
    /// Made by putting a typo into correct text: fitted on, not calibrated on.
    injected: bool,
}

fn rows_of(text: &str, gold: Option<&[Option<char>]>, pos: &mut usize, out: &mut Vec<Row>) {
    let t = Text::from_plain(text);
    let v = Vocab::of(&[&t]);
    let covered = dict().covered(&t.chars);
    for i in 0..t.len() {
        *pos += 1;
        for c in confusable::candidates_in(&t.chars, i, &v, covered[i], true) {
            let y = gold.is_some_and(|g| g[i] == Some(c.to) && t.chars[i] != c.to);
            let ctx: String = t.chars[i.saturating_sub(4)..(i + 5).min(t.len())].iter().collect();
            let desc = format!("{}→{} {} {ctx}", c.from, c.to, c.source.name());
            out.push(Row { x: confusable::features(&c), y, pos: *pos, may_apply: !c.name && !c.quoted && c.source != Source::Sound, ocr: gold.is_some(), desc, injected: false });
        }
    }
}

fn read_jsonl(path: &str) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}: {e}"))).collect()
}

/// Solve `a x = b` (Gaussian elimination with partial pivoting; `a` is small).
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for k in 0..n {
        let p = (k..n).max_by(|&x, &y| a[x][k].abs().total_cmp(&a[y][k].abs())).unwrap();
        a.swap(k, p);
        b.swap(k, p);
        for r in k + 1..n {
            let f = a[r][k] / a[k][k];
            for c in k..n {
                a[r][c] -= f * a[k][c];
            }
            b[r] -= f * b[k];
        }
    }
    let mut x = vec![0.0; n];
    for k in (0..n).rev() {
        x[k] = (b[k] - (k + 1..n).map(|c| a[k][c] * x[c]).sum::<f64>()) / a[k][k];
    }
    x
}

/// The weight of a row of an injected typo in the fit, against 1 for real OCR text
/// (`NEWSCLEAN_INJECTED_WEIGHT`, default 0.2): injected typos are not what a scan makes, but
/// they show the shapes a dictionary can tell.
fn injected_weight() -> f64 {
    std::env::var("NEWSCLEAN_INJECTED_WEIGHT").ok().and_then(|v| v.parse().ok()).unwrap_or(0.2)
}

fn fit(rows: &[Row]) -> Vec<f64> {
    let k = confusable::FEATURES.len();
    let mut w = vec![0.0; k];
    let l2 = 1.0;
    for _ in 0..30 {
        let mut g = vec![0.0; k];
        let mut h = vec![vec![0.0; k]; k];
        for r in rows {
            let z: f64 = r.x.iter().zip(&w).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let rw = if r.injected { injected_weight() } else { 1.0 };
            let e = rw * (p - r.y as u8 as f64);
            let s = rw * (p * (1.0 - p)).max(1e-9);
            for a in 0..k {
                g[a] += e * r.x[a];
                for b in 0..k {
                    h[a][b] += s * r.x[a] * r.x[b];
                }
            }
        }
        for a in 1..k {
            g[a] += l2 * w[a];
            h[a][a] += l2;
        }
        for a in 0..k {
            h[a][a] += 1e-6;
        }
        let step = solve(h, g);
        let mut big = 0.0f64;
        for a in 0..k {
            w[a] -= step[a];
            big = big.max(step[a].abs());
        }
        if big < 1e-6 {
            break;
        }
    }
    w
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut ocr_files = Vec::new();
    let mut correct_files = Vec::new();
    let mut write = None;
    let mut inject = 0usize;
    let mut dump = None;
    let mut mode = "";
    for a in &args {
        match a.as_str() {
            "--ocr" | "--correct" => mode = if a == "--ocr" { "ocr" } else { "correct" },
            "--write" | "--dump" | "--inject" => mode = a.trim_start_matches("--"),
            _ if mode == "ocr" => ocr_files.push(a.clone()),
            _ if mode == "correct" => correct_files.push(a.clone()),
            _ if mode == "write" => write = Some(a.clone()),
            _ if mode == "dump" => dump = Some(a.clone()),
            _ if mode == "inject" => inject = a.parse().expect("--inject N"),
            _ => panic!("unexpected argument `{a}`"),
        }
    }
    let mut rows = Vec::new();
    let mut pos = 0;
    let (mut errors, mut covered, mut ocr_chars) = (0usize, 0usize, 0usize);
    let mut missed: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in &ocr_files {
        for v in read_jsonl(f) {
            let (gold, ocr) = (v["gold"].as_str().unwrap_or(""), v["ocr"].as_str().unwrap_or(""));
            let (g, o): (Vec<char>, Vec<char>) = (gold.chars().collect(), ocr.chars().collect());
            let al = newsclean_synth::align(&o, &g).0;
            ocr_chars += o.len();
            let before = rows.len();
            let start = pos;
            rows_of(ocr, Some(&al), &mut pos, &mut rows);
            for (i, a) in al.iter().enumerate() {
                if let Some(a) = a
                    && *a != o[i]
                    && newsclean::text::is_cjk(*a)
                    && newsclean::text::is_cjk(o[i])
                {
                    errors += 1;
                    if rows[before..].iter().any(|r| r.pos == start + i + 1 && r.y) {
                        covered += 1;
                    } else {
                        // (why the printed character is not among the candidates)
                        let why = match confusion::source(o[i], *a) {
                            None => "no pair in data/",
                            Some(_) if newsclean::lm::Window::new(&o, i).reads() => "pair, but read by the context model",
                            Some(_) => "pair, filtered by the context model",
                        };
                        *missed.entry(why).or_default() += 1;
                    }
                }
            }
        }
    }
    let mut correct_chars = 0;
    for f in &correct_files {
        for v in read_jsonl(f) {
            let t = v["text"].as_str().unwrap_or("");
            correct_chars += t.chars().count();
            rows_of(t, None, &mut pos, &mut rows);
        }
    }
    // scan typos put into correct text, as `examples/typo_score` makes them: one character of a
    // paragraph replaced by one of similar shape (the pair from the confusion data)
    let (mut injected, mut inj_covered) = (0, 0);
    if inject > 0 {
        let paras: Vec<String> = correct_files.iter().flat_map(|f| read_jsonl(f)).map(|v| v["text"].as_str().unwrap_or("").to_string()).collect();
        let mut rng = newsclean_synth::Rng::new(1);
        for k in 0..inject {
            let p = &paras[k % paras.len()];
            // (a sentence of the paragraph, so that the rows stay few)
            let sents: Vec<&str> = p.split_inclusive('。').filter(|s| s.chars().count() >= 10).collect();
            if sents.is_empty() {
                continue;
            }
            let s = sents[rng.range(0, sents.len() - 1)];
            let Some(bad) = newsclean_synth::inject_typo(s, "shape", &mut rng) else { continue };
            let gold: Vec<Option<char>> = s.chars().map(Some).collect();
            if bad.chars().count() != gold.len() {
                continue;
            }
            injected += 1;
            let before = rows.len();
            rows_of(&bad, Some(&gold), &mut pos, &mut rows);
            inj_covered += rows[before..].iter().any(|r| r.y) as usize;
            for r in &mut rows[before..] {
                r.injected = true;
            }
        }
        eprintln!("{injected} injected shape typos, {inj_covered} with the right candidate");
    }
    let pos_n = rows.iter().filter(|r| r.y).count();
    eprintln!(
        "{} OCR characters, {errors} CJK substitution errors, {covered} with the printed character among the candidates that pass the context filter; {correct_chars} characters of correct text; {} candidates, {pos_n} right",
        ocr_chars,
        rows.len()
    );
    eprintln!("errors without the printed character among the candidates: {missed:?}");
    let w = fit(&rows);
    let score = |r: &Row| r.x.iter().zip(&w).map(|(a, b)| a * b).sum::<f64>();
    // position by position, the best candidate, as the rule decides
    let mut best: Vec<(f64, bool, bool, bool)> = Vec::new(); // score, right, may apply, from OCR
    let mut k = 0;
    while k < rows.len() {
        if rows[k].injected {
            k += 1;
            continue;
        }
        let mut j = k;
        let mut top: Option<(f64, &Row)> = None;
        let mut top_apply: Option<(f64, &Row)> = None;
        while j < rows.len() && rows[j].pos == rows[k].pos {
            let s = score(&rows[j]);
            if top.is_none_or(|t| s > t.0) {
                top = Some((s, &rows[j]));
            }
            if rows[j].may_apply && top_apply.is_none_or(|t| s > t.0) {
                top_apply = Some((s, &rows[j]));
            }
            j += 1;
        }
        if let Some((s, r)) = top_apply {
            best.push((s, r.y, true, r.ocr));
        } else if let Some((s, r)) = top {
            best.push((s, r.y, false, r.ocr));
        }
        k = j;
    }
    // the lowest threshold that keeps precision and the false-correction rate
    let mut order: Vec<&(f64, bool, bool, bool)> = best.iter().filter(|b| b.2).collect();
    order.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut right, mut wrong_ocr, mut fp) = (0usize, 0usize, 0usize);
    let mut apply = f64::INFINITY;
    let mut at_apply = (0, 0, 0);
    for b in &order {
        if b.3 {
            if b.1 { right += 1 } else { wrong_ocr += 1 }
        } else {
            fp += 1;
        }
        let prec = right as f64 / (right + wrong_ocr).max(1) as f64;
        let rate = fp as f64 * 1e5 / correct_chars.max(1) as f64;
        if prec >= PRECISION && rate <= FP_PER_100K && right >= 5 {
            apply = b.0;
            at_apply = (right, wrong_ocr, fp);
        }
    }
    // (suggestions: right at least one time in two on the OCR text, and at most
    // SUGGEST_PER_100K on the correct text, so that a reviewer's time goes to likely errors)
    let mut all: Vec<&(f64, bool, bool, bool)> = best.iter().collect();
    all.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut r2, mut w2, mut f2) = (0usize, 0usize, 0usize);
    let mut suggest = apply;
    for b in &all {
        match (b.3, b.1) {
            (true, true) => r2 += 1,
            (true, false) => w2 += 1,
            _ => f2 += 1,
        }
        if r2 as f64 / (r2 + w2).max(1) as f64 >= SUGGEST_PRECISION && f2 as f64 * 1e5 / correct_chars.max(1) as f64 <= SUGGEST_PER_100K {
            suggest = suggest.min(b.0);
        }
    }
    let (r, wo, f) = at_apply;
    let summary = format!(
        "calibrated on {} OCR sentence files ({ocr_chars} characters, {errors} CJK substitution errors, {covered} with the right candidate) and {correct_chars} characters of correct text: at apply ≥ {apply:.3}, {r} right and {wo} wrong applied on the OCR text ({:.1}% of its substitution errors), {f} on the correct text ({:.2} per 100,000)",
        ocr_files.len(),
        100.0 * r as f64 / errors.max(1) as f64,
        f as f64 * 1e5 / correct_chars.max(1) as f64
    );
    eprintln!("{summary}");
    for (n, x) in confusable::FEATURES.iter().zip(&w) {
        eprintln!("  {n:<14} {x:+.4}");
    }
    eprintln!("  apply {apply:.3} suggest {suggest:.3}");
    if let Some(path) = dump {
        let mut f = std::fs::File::create(&path).unwrap();
        writeln!(f, "y\tfrom_ocr\tpos\tmay_apply\tscore\tdesc\t{}", confusable::FEATURES.join("\t")).unwrap();
        for r in &rows {
            let xs: Vec<String> = r.x.iter().map(|x| format!("{x:.3}")).collect();
            writeln!(f, "{}\t{}\t{}\t{}\t{:.3}\t{}\t{}", r.y as u8, r.ocr as u8, r.pos, r.may_apply as u8, score(r), r.desc, xs.join("\t")).unwrap();
        }
    }
    if let Some(path) = write {
        let mut out = String::from("# The typo decision's weights (src/stages/typos/confusable.rs, `features`) and thresholds,\n");
        out += "# fitted by examples/fit_typos.rs (logistic regression) on real OCR text: registry corpus sentences\n";
        out += "# typeset and read back by Tesseract (tools/ocr_lines.py), and correct text of the same corpus.\n";
        let cache = std::env::var("NEWSCLEAN_CACHE").unwrap_or_else(|_| format!("{}/.cache/newsclean", std::env::var("HOME").unwrap_or_default()));
        out += &format!("# Files: {} | {} | --inject {inject}\n", ocr_files.join(" "), correct_files.join(" ")).replace(&cache, "<cache>");
        out += &format!("# {summary}\n");
        for (n, x) in confusable::FEATURES.iter().zip(&w) {
            out += &format!("{n}\t{x:.6}\n");
        }
        out += &format!("apply\t{apply:.6}\nsuggest\t{suggest:.6}\n");
        std::fs::write(&path, out).unwrap();
        eprintln!("wrote {path}");
    }
}
