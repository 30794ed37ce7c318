//! Rule `doubled-word`: `X XY` where X and XY are dictionary words and `XX` is not
//! (`有困难困难群众`) loses the repeat.
//!
//! An exact `X X` repeat is left alone: it is usually legitimate (`研究研究`, `干部干部，干字
//! 当头`). The repeat must run into a longer word that X opens, which a scan's doubled line
//! end makes and writers do not.

use crate::dict::dict;
use crate::edit::{Edit, Stage};
use crate::model::Text;
use crate::text::is_cjk;

pub(super) fn doubled_word(t: &mut Text, keep: &mut Vec<bool>, gate: &crate::decisions::Gate, edits: &mut Vec<Edit>) {
    let j = dict();
    let mut i = 0;
    while i < t.len() {
        for k in (2..=4).rev() {
            if i + 2 * k + 1 > t.len() {
                continue;
            }
            // (the first characters differ almost everywhere: no slice comparison there)
            if t.chars[i] != t.chars[i + k] {
                continue;
            }
            let x = &t.chars[i..i + k];
            if x != &t.chars[i + k..i + 2 * k] || !x.iter().all(|&c| is_cjk(c)) || keep[i..i + 2 * k].iter().any(|&c| c) {
                continue;
            }
            let xs: String = x.iter().collect();
            let xx = format!("{xs}{xs}");
            if !j.has_word(&xs) || j.has_word(&xx) {
                continue;
            }
            // the first X may end a longer word: `交警大队大队长` is 交警大队 / 大队长
            if (1..=3).any(|m| i >= m && t.chars[i - m..i + k].iter().all(|&c| is_cjk(c)) && j.has_chars(&t.chars[i - m..i + k])) {
                continue;
            }
            let xy = (1..=3).filter(|m| i + 2 * k + m <= t.len()).find(|&m| {
                let s: String = t.chars[i + k..i + 2 * k + m].iter().collect();
                t.chars[i + 2 * k..i + 2 * k + m].iter().all(|&c| is_cjk(c)) && j.has_word(&s)
            });
            if let Some(m) = xy {
                let xyw: String = t.chars[i + k..i + 2 * k + m].iter().collect();
                let e = Edit::new(Stage::Typos, "doubled-word", t.off(i), t.slice_string(i, i + 2 * k), xs.clone(), format!("`{xs}` doubled before the word `{xyw}`"));
                if !gate.commit(e, edits) {
                    i += 2 * k - 1;
                    break;
                }
                t.splice(i, i + 2 * k, &xs);
                keep.splice(i..i + 2 * k, std::iter::repeat_n(false, k));
                break;
            }
        }
        i += 1;
    }
}

