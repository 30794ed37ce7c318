//! The typo stage scored on OCR sentences: the typeset text against what Tesseract read back.

use crate::rules::RuleId;
use crate::typo_pass;

/// The typo stage scored on OCR sentences (`tools/ocr_lines.py`'s `{"gold", "ocr"}` lines):
/// `examples/ocr_score` prints it, `tests/ocr.rs` holds it to a floor.
#[derive(Debug, Default, Clone)]
pub struct OcrScore {
    pub sentences: usize,
    /// Character edit distance of the OCR text to the typeset text, in all.
    pub errors: usize,
    /// What the right edits take away of it.
    pub corrected: usize,
    /// Applied edits that bring a sentence nearer the typeset one, and the rest.
    pub right: usize,
    pub wrong: usize,
    /// The one-for-one substitutions of CJK characters, and those the character rules
    /// (`similar-shape`, `same-sound`) corrected or changed wrongly.
    pub substitutions: usize,
    pub subs_fixed: usize,
    pub subs_wrong: usize,
    /// Applied edits on the typeset sentences themselves, and their characters.
    pub false_fixes: usize,
    pub gold_chars: usize,
    /// By rule: right and wrong.
    pub by_rule: std::collections::BTreeMap<&'static str, (usize, usize)>,
}

/// The alignment of `a` with `b` by edit distance: for each character of `a`, the character
/// of `b` it is matched or substituted with (None where it was inserted); and the distance.
pub fn align(a: &[char], b: &[char]) -> (Vec<Option<char>>, usize) {
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for j in 0..=m {
        d[0][j] = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            d[i][j] = (d[i - 1][j - 1] + (a[i - 1] != b[j - 1]) as usize).min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
        }
    }
    let mut out = vec![None; n];
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        if d[i][j] == d[i - 1][j - 1] + (a[i - 1] != b[j - 1]) as usize {
            out[i - 1] = Some(b[j - 1]);
            i -= 1;
            j -= 1;
        } else if d[i][j] == d[i - 1][j] + 1 {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    (out, d[n][m])
}

/// Score the typo stage on OCR sentences: each OCR sentence goes through the stage alone (its
/// own page); an applied edit (or a suggested one, with `suggested`) is right when, made
/// alone, it brings the sentence nearer the typeset one. `each` sees every edit judged (the
/// OCR text, the typeset text, the edit, right or not) and every edit on the typeset text.
pub fn ocr_score(pairs: &[(String, String)], suggested: bool, mut each: impl FnMut(&str, &str, &crate::edit::Edit, Option<bool>)) -> OcrScore {
    use crate::edit::Confidence;
    let counted = |e: &crate::edit::Edit| e.confidence == Confidence::Applied || (suggested && e.confidence == Confidence::Suggested);
    let mut s = OcrScore::default();
    for (gold, ocr) in pairs {
        let (g, o): (Vec<char>, Vec<char>) = (gold.chars().collect(), ocr.chars().collect());
        let (al, d0) = align(&o, &g);
        s.sentences += 1;
        s.errors += d0;
        s.substitutions += al.iter().zip(&o).filter(|(a, c)| a.is_some_and(|a| a != **c && crate::text::is_cjk(a) && crate::text::is_cjk(**c))).count();
        for e in typo_pass(ocr, std::slice::from_ref(ocr), false).1.iter().filter(|e| counted(e)) {
            // (offsets of `Text::from_plain` count characters)
            let end = e.offset + e.before.chars().count();
            if end > o.len() || o[e.offset..end].iter().collect::<String>() != e.before {
                continue;
            }
            let one: Vec<char> = o[..e.offset].iter().copied().chain(e.after.chars()).chain(o[end..].iter().copied()).collect();
            let d1 = align(&one, &g).1;
            let right = d1 < d0;
            let r = s.by_rule.entry(e.rule.name()).or_default();
            if right {
                s.right += 1;
                s.corrected += d0 - d1;
                r.0 += 1;
            } else {
                s.wrong += 1;
                r.1 += 1;
            }
            if matches!(e.rule, RuleId::SimilarShape | RuleId::SameSound) {
                if right { s.subs_fixed += 1 } else { s.subs_wrong += 1 }
            }
            each(ocr, gold, e, Some(right));
        }
        s.gold_chars += g.len();
        for e in typo_pass(gold, std::slice::from_ref(gold), false).1.iter().filter(|e| counted(e)) {
            s.false_fixes += 1;
            each(gold, gold, e, None);
        }
    }
    s
}

/// Read `tools/ocr_lines.py`'s sentences: (gold, ocr) pairs.
pub fn read_ocr_sentences(text: &str) -> Result<Vec<(String, String)>, String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(n, l)| {
            let v: serde_json::Value = serde_json::from_str(l).map_err(|e| format!("line {}: {e}", n + 1))?;
            let field = |k: &str| v[k].as_str().map(str::to_string).ok_or_else(|| format!("line {}: no `{k}`", n + 1));
            Ok((field("gold")?, field("ocr")?))
        })
        .collect()
}
