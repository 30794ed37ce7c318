//! Rule `doubled-word`: a word or phrase printed twice loses the repeat.
//!
//! Three shapes, each one a scan's doubled line end makes and writers do not:
//! * `X XY` where X and XY are dictionary words and `XX` is not (`有困难困难群众`);
//! * `X X C`, X a word of 2 to 4 characters that Chinese does not repeat (a noun, a
//!   conjunction, a preposition…, not a verb, adjective or adverb: `研究研究`, `真的真的`),
//!   before more text (`政府政府决定`, `因为因为手机`), not before punctuation (`干部干部，干字
//!   当头` is rhetoric);
//! * a phrase of 5 to 8 characters twice in a row (`的重要讲话的重要讲话`), which no prose has.

use crate::dict::dict;
use crate::edit::Edit;
use crate::model::Text;
use crate::rules::RuleId;
use crate::text::is_cjk;

pub(super) fn doubled_word(t: &mut Text, keep: &mut Vec<bool>, gate: &crate::decisions::Gate, edits: &mut Vec<Edit>) {
    let j = dict();
    let mut i = 0;
    while i < t.len() {
        for k in (2..=MAX_PHRASE).rev() {
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
            // (`哈哈哈哈…` is laughter, `谢谢谢谢` thanks: a word or phrase has several characters)
            if x.iter().collect::<std::collections::BTreeSet<_>>().len() < k.min(3) {
                continue;
            }
            let xs: String = x.iter().collect();
            if k > 4 {
                let e = Edit::new(RuleId::DoubledWord, t.off(i), t.slice_string(i, i + 2 * k), xs.clone(), format!("the phrase `{xs}` printed twice in a row"));
                if gate.commit(e, edits) {
                    t.splice(i, i + 2 * k, &xs);
                    keep.splice(i..i + 2 * k, std::iter::repeat_n(false, k));
                } else {
                    i += 2 * k - 1;
                }
                break;
            }
            let xx = format!("{xs}{xs}");
            if !j.has_word(&xs) || j.has_word(&xx) {
                continue;
            }
            // the first X may end a longer word: `交警大队大队长` is 交警大队 / 大队长
            let ends_word = (1..=3).any(|m| i >= m && t.chars[i - m..i + k].iter().all(|&c| is_cjk(c)) && j.has_chars(&t.chars[i - m..i + k]));
            let xy = (1..=3).filter(|m| i + 2 * k + m <= t.len()).find(|&m| {
                let s: String = t.chars[i + k..i + 2 * k + m].iter().collect();
                t.chars[i + 2 * k..i + 2 * k + m].iter().all(|&c| is_cjk(c)) && j.has_word(&s)
            });
            let why = match xy {
                Some(_) if ends_word => continue,
                Some(m) => format!("`{xs}` doubled before the word `{}`", t.chars[i + k..i + 2 * k + m].iter().collect::<String>()),
                None if does_not_repeat(x) && t.chars.get(i + 2 * k).is_some_and(|&c| is_cjk(c)) => format!("`{xs}` printed twice: a word Chinese does not repeat"),
                None => continue,
            };
            let e = Edit::new(RuleId::DoubledWord, t.off(i), t.slice_string(i, i + 2 * k), xs.clone(), why);
            if !gate.commit(e, edits) {
                i += 2 * k - 1;
                break;
            }
            t.splice(i, i + 2 * k, &xs);
            keep.splice(i..i + 2 * k, std::iter::repeat_n(false, k));
            break;
        }
        i += 1;
    }
}

/// The longest phrase the rule looks for twice in a row.
const MAX_PHRASE: usize = 8;

/// Is `x` a word that Chinese does not say twice: a noun, name, place, time, locality, or a
/// conjunction or preposition (jieba's tags `n`, `nr`, `ns`, `nt`, `nz`, `nrt`, `nrfg`, `j`, `s`,
/// `t`, `f`, `b`, `c`, `p`)? Verbs and adjectives reduplicate (`研究研究`, `雪白雪白`), adverbs
/// and sounds repeat for emphasis (`真的真的`, `咕嘟咕嘟`), numerals with classifiers for
/// one by one (`一条一条`): those are left alone.
fn does_not_repeat(x: &[char]) -> bool {
    matches!(dict().tag_chars(x), Some("n" | "nr" | "ns" | "nt" | "nz" | "nrt" | "nrfg" | "j" | "s" | "t" | "f" | "b" | "c" | "p"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> String {
        let mut t = Text::from_plain(s);
        let mut keep = vec![false; t.len()];
        doubled_word(&mut t, &mut keep, &crate::decisions::Gate::none(), &mut Vec::new());
        t.as_string()
    }

    #[test]
    fn doubled_words_and_phrases_lose_the_repeat() {
        assert_eq!(fix("组织党员干部对有困难困难群众实行上门接种服务"), "组织党员干部对有困难群众实行上门接种服务");
        assert_eq!(fix("经研究，市政府政府决定从下月起"), "经研究，市政府决定从下月起");
        assert_eq!(fix("广西男孩因为因为手机充电爆炸"), "广西男孩因为手机充电爆炸");
        assert_eq!(fix("他作了题为的重要讲话的重要讲话，"), "他作了题为的重要讲话，");
    }

    #[test]
    fn repeats_chinese_makes_stay() {
        for ok in [
            "我们要研究研究这个问题",
            "大家讨论讨论再定",
            "干部干部，干字当头",
            "天天向上",
            "雪白雪白的墙",
            "把意见一条一条记下来",
            "我真的真的好害怕",
            "钱要犒劳犒劳自己",
            "咕嘟咕嘟的声音",
            "南湖区交警大队大队长甘振东",
            "谢谢谢谢",
            "哈哈哈哈哈哈哈哈哈哈！",
        ] {
            assert_eq!(fix(ok), ok);
        }
    }
}
