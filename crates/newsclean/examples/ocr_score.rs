//! Score the typo stage on real OCR errors:
//! `cargo run --release --example ocr_score -- SENTENCES.jsonl... [--correct CORRECT.jsonl...]
//!  [--show] [--suggest]`.
//!
//! SENTENCES.jsonl is what `tools/ocr_lines.py` writes: sentences of a registry corpus typeset,
//! read back by Tesseract, one `{"gold", "ocr"}` object a line. Each OCR sentence goes through
//! the typo stage alone (its own page); an applied edit is *right* when, made alone, it brings
//! the sentence nearer the typeset one ([`newsclean_synth::ocr_score`]). Also counted: the
//! applied edits on the typeset sentences themselves, and with `--correct` (`{"text"}`
//! paragraphs, as `tools/ocr_lines.py --correct` writes) on more correct text, by rule.
//!
//! `--show` prints every wrong edit and every correction of correct text with its reason;
//! `--suggest` counts the suggestions as if they were applied (a reviewer accepting all).

use newsclean::edit::Confidence;
use newsclean::rules::RuleId;
use newsclean_synth::{ocr_score, read_ocr_sentences, typo_pass};
use std::collections::BTreeMap;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show = args.iter().any(|a| a == "--show");
    let suggest = args.iter().any(|a| a == "--suggest");
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let correct: Vec<&String> = args.iter().skip_while(|a| *a != "--correct").skip(1).take_while(|a| !a.starts_with("--")).collect();
    for path in &correct {
        let (mut chars, mut by_rule) = (0, BTreeMap::<&str, usize>::new());
        for line in read(path).lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{path}: {e}"));
            let t = v["text"].as_str().unwrap_or("");
            chars += t.chars().count();
            for e in typo_pass(t, &[t.to_string()], false).1.iter().filter(|e| e.confidence == Confidence::Applied || (suggest && e.confidence == Confidence::Suggested)) {
                *by_rule.entry(e.rule.name()).or_default() += 1;
                if show && e.rule != RuleId::HalfwidthPunct {
                    let at = t.chars().skip(e.offset.saturating_sub(8)).take(20).collect::<String>();
                    println!("CORRECT {}: {} → {} in {at}\n      {}", e.rule, e.before, e.after, e.reason);
                }
            }
        }
        let all: usize = by_rule.values().sum();
        let cjk: usize = by_rule.iter().filter(|(r, _)| **r != "halfwidth-punct").map(|(_, n)| n).sum();
        println!(
            "{path}: correct text, {chars} characters: {all} applied corrections = {:.2} per 100,000; without halfwidth-punct {cjk} = {:.2} per 100,000 {by_rule:?}",
            all as f64 * 1e5 / chars.max(1) as f64,
            cjk as f64 * 1e5 / chars.max(1) as f64
        );
    }
    for path in args.iter().take_while(|a| *a != "--correct").filter(|a| !a.starts_with("--")) {
        let pairs = read_ocr_sentences(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        let s = ocr_score(&pairs, suggest, |ocr, gold, e, right| {
            if show && right != Some(true) {
                let what = if right.is_none() { "FALSE" } else { "WRONG" };
                println!("{what} {}: {} → {} in {ocr}\n      gold {gold}\n      {}", e.rule, e.before, e.after, e.reason);
            }
        });
        println!("{path}: {} sentences, {} character errors", s.sentences, s.errors);
        println!(
            "  corrected {} ({:.1}%), right edits {}, wrong edits {} ({:.1}% of the edits)",
            s.corrected,
            100.0 * s.corrected as f64 / s.errors.max(1) as f64,
            s.right,
            s.wrong,
            100.0 * s.wrong as f64 / (s.right + s.wrong).max(1) as f64
        );
        println!(
            "  CJK substitution errors {}: corrected {} ({:.1}%), wrong changes {} ({:.1}% of the corrections)",
            s.substitutions,
            s.subs_fixed,
            100.0 * s.subs_fixed as f64 / s.substitutions.max(1) as f64,
            s.subs_wrong,
            100.0 * s.subs_wrong as f64 / (s.subs_fixed + s.subs_wrong).max(1) as f64
        );
        println!("  on the typeset text: {} applied corrections in {} characters = {:.2} per 100,000", s.false_fixes, s.gold_chars, s.false_fixes as f64 * 1e5 / s.gold_chars.max(1) as f64);
        for (rule, (r, w)) in &s.by_rule {
            println!("  {rule:<18} right {r:>5}  wrong {w:>5}");
        }
    }
}
