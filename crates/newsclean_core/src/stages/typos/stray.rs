//! Rule `stray-english`: a lone English function word between Chinese characters
//! (`表率 and 解放思想`) becomes its Chinese word, from `data/stray_english.tsv`.
//!
//! Only a lone word with Chinese on both sides is changed: inside Latin text (`rock and roll`)
//! the word is English.

use crate::edit::Edit;
use crate::model::Text;
use crate::rules::RuleId;
use crate::text::is_cjk;
use std::sync::OnceLock;

fn stray_english() -> &'static Vec<(String, String)> {
    static S: OnceLock<Vec<(String, String)>> = OnceLock::new();
    S.get_or_init(|| {
        include_str!("../../../data/stray_english.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && l.contains('\t'))
            .map(|l| {
                let mut it = l.split('\t');
                (it.next().unwrap().to_string(), it.next().unwrap_or("").to_string())
            })
            .collect()
    })
}

pub(super) fn stray_word(t: &mut Text, keep: &mut Vec<bool>, gate: &crate::decisions::Gate, edits: &mut Vec<Edit>) {
    // (most paragraphs hold no ASCII letter at all)
    if !t.chars.iter().any(char::is_ascii_alphabetic) {
        return;
    }
    for (word, zh) in stray_english() {
        let w: Vec<char> = word.chars().collect();
        let mut i = 0;
        while i + w.len() <= t.len() {
            if t.chars[i] == w[0] && t.chars[i..i + w.len()] == w[..] {
                let mut a = i;
                let mut b = i + w.len();
                while a > 0 && t.chars[a - 1] == ' ' {
                    a -= 1;
                }
                while b < t.len() && t.chars[b] == ' ' {
                    b += 1;
                }
                let left_ok = a > 0 && is_cjk(t.chars[a - 1]) && !t.chars[i - 1].is_ascii_alphabetic();
                let right_ok = b < t.len() && is_cjk(t.chars[b]) && !t.chars[i + w.len()].is_ascii_alphabetic();
                if left_ok && right_ok && !keep[a..b].iter().any(|&k| k) {
                    let before = t.slice_string(a, b);
                    let e = Edit::new(RuleId::StrayEnglish, t.off(a), before, zh.clone(), format!("a lone English word `{word}` inside a Chinese sentence"));
                    if !gate.commit(e, edits) {
                        i = b;
                        continue;
                    }
                    t.splice(a, b, zh);
                    keep.splice(a..b, std::iter::repeat_n(false, zh.chars().count()));
                    i = a + zh.chars().count();
                    continue;
                }
            }
            i += 1;
        }
    }
}
