//! Score the typo stage on real OCR errors:
//! `cargo run --release --example ocr_score -- SENTENCES.jsonl [--show] [--suggest]`.
//!
//! SENTENCES.jsonl is what `tools/ocr_lines.py` writes: sentences of a registry corpus typeset,
//! read back by Tesseract, one `{"gold", "ocr"}` object a line. Each OCR sentence goes through
//! the typo stage alone (its own page). An applied edit is *right* when, made alone, it brings
//! the sentence nearer the typeset one (Levenshtein distance in characters), *wrong* otherwise.
//! The errors are the character edit distance of the OCR text to the typeset text; corrected
//! is the distance the right edits take away. Also counted: the applied edits on the typeset
//! sentences themselves (false corrections on correct text, per 100,000 characters).
//!
//! `--correct CORRECT.jsonl` (`{"text"}` paragraphs, as `tools/ocr_lines.py --correct` writes)
//! counts the applied corrections on more correct text, by rule.
//!
//! `--show` prints every wrong edit and every false correction with its reason; `--suggest`
//! counts the suggestions as if they were applied (what a reviewer accepting all would get).

use newsclean::edit::{Confidence, Edit};
use newsclean::synth::typo_pass;
use std::collections::BTreeMap;

fn lev(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &x) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + (x != y) as usize).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The one-for-one substitutions of CJK characters in the best alignment of `a` with `b`.
fn substitutions(a: &[char], b: &[char]) -> usize {
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for i in 0..=n {
        d[i][0] = i;
    }
    for j in 0..=m {
        d[0][j] = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            d[i][j] = (d[i - 1][j - 1] + (a[i - 1] != b[j - 1]) as usize).min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
        }
    }
    let (mut i, mut j, mut subs) = (n, m, 0);
    while i > 0 && j > 0 {
        if d[i][j] == d[i - 1][j - 1] + (a[i - 1] != b[j - 1]) as usize {
            subs += (a[i - 1] != b[j - 1] && newsclean::text::is_cjk(a[i - 1]) && newsclean::text::is_cjk(b[j - 1])) as usize;
            i -= 1;
            j -= 1;
        } else if d[i][j] == d[i - 1][j] + 1 {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    subs
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// `s` with one edit made (`Text::from_plain` counts offsets in characters).
fn with(s: &str, e: &Edit) -> Option<String> {
    let c = chars(s);
    let end = e.offset + e.before.chars().count();
    let at: String = c.get(e.offset..end)?.iter().collect();
    (at == e.before).then(|| c[..e.offset].iter().collect::<String>() + &e.after + &c[end..].iter().collect::<String>())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show = args.iter().any(|a| a == "--show");
    let suggest = args.iter().any(|a| a == "--suggest");
    let counted = |e: &Edit| e.confidence == Confidence::Applied || (suggest && e.confidence == Confidence::Suggested);
    let correct: Vec<&String> = args.iter().skip_while(|a| *a != "--correct").skip(1).take_while(|a| !a.starts_with("--")).collect();
    for path in &correct {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let (mut chars, mut by_rule) = (0, BTreeMap::<&str, usize>::new());
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{path}: {e}"));
            let t = v["text"].as_str().unwrap_or("");
            chars += t.chars().count();
            for e in typo_pass(t, &[t.to_string()], false).1.iter().filter(|e| counted(e)) {
                *by_rule.entry(e.rule).or_default() += 1;
                if show {
                    let at = t.chars().skip(e.offset.saturating_sub(8)).take(20).collect::<String>();
                    println!("CORRECT {}: {} → {} in {at}\n      {}", e.rule, e.before, e.after, e.reason);
                }
            }
        }
        let all: usize = by_rule.values().sum();
        let cjk: usize = by_rule.iter().filter(|(r, _)| **r != "halfwidth-punct").map(|(_, n)| n).sum();
        println!("{path}: correct text, {chars} characters: {all} applied corrections = {:.2} per 100,000; without halfwidth-punct {cjk} = {:.2} per 100,000 {by_rule:?}", all as f64 * 1e5 / chars.max(1) as f64, cjk as f64 * 1e5 / chars.max(1) as f64);
    }
    let ocr_files: Vec<&String> = args.iter().take_while(|a| *a != "--correct").filter(|a| !a.starts_with("--")).collect();
    for path in ocr_files {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let (mut n, mut errors, mut corrected, mut right, mut wrong, mut gold_chars, mut false_fix) = (0, 0, 0, 0, 0, 0, 0);
        let (mut subs, mut subs_fixed, mut subs_wrong) = (0, 0, 0);
        let mut by_rule: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{path}: {e}"));
            let (gold, ocr) = (v["gold"].as_str().unwrap_or(""), v["ocr"].as_str().unwrap_or(""));
            let g = chars(gold);
            let d0 = lev(&chars(ocr), &g);
            n += 1;
            errors += d0;
            subs += substitutions(&chars(ocr), &g);
            let (_, edits) = typo_pass(ocr, &[ocr.to_string()], false);
            for e in edits.iter().filter(|e| counted(e)) {
                let cjk_sub = e.rule == "similar-shape" || e.rule == "same-sound";
                let Some(one) = with(ocr, e) else { continue };
                let d1 = lev(&chars(&one), &g);
                let r = by_rule.entry(e.rule).or_default();
                if cjk_sub {
                    if d1 < d0 { subs_fixed += 1 } else { subs_wrong += 1 }
                }
                if d1 < d0 {
                    right += 1;
                    corrected += d0 - d1;
                    r.0 += 1;
                } else {
                    wrong += 1;
                    r.1 += 1;
                    if show {
                        println!("WRONG {}: {} → {} in {ocr}\n      gold {gold}\n      {}", e.rule, e.before, e.after, e.reason);
                    }
                }
            }
            gold_chars += g.len();
            let (_, edits) = typo_pass(gold, &[gold.to_string()], false);
            for e in edits.iter().filter(|e| counted(e)) {
                false_fix += 1;
                if show {
                    println!("FALSE {}: {} → {} in {gold}\n      {}", e.rule, e.before, e.after, e.reason);
                }
            }
        }
        println!("{path}: {n} sentences, {errors} character errors");
        println!("  corrected {corrected} ({:.1}%), right edits {right}, wrong edits {wrong} ({:.1}% of the edits)", 100.0 * corrected as f64 / errors.max(1) as f64, 100.0 * wrong as f64 / (right + wrong).max(1) as f64);
        println!("  CJK substitution errors {subs}: corrected {subs_fixed} ({:.1}%), wrong changes {subs_wrong} ({:.1}% of the corrections)", 100.0 * subs_fixed as f64 / subs.max(1) as f64, 100.0 * subs_wrong as f64 / (subs_fixed + subs_wrong).max(1) as f64);
        println!("  on the typeset text: {false_fix} applied corrections in {gold_chars} characters = {:.2} per 100,000", false_fix as f64 * 1e5 / gold_chars.max(1) as f64);
        for (rule, (r, w)) in by_rule {
            println!("  {rule:<18} right {r:>5}  wrong {w:>5}");
        }
    }
}
