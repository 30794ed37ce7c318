//! Rule `halfwidth-punct`: ASCII `, ; : ? ! ( )` touching Chinese text become full-width.
//!
//! Extraction and typists leave half-width marks in Chinese sentences (`作用,不断`,
//! `重点(特色)专科`). A mark is Chinese when a neighbour is Chinese (for brackets: the
//! bracket's content or the text outside it); numbers (`1,000`, `12:30`) and Latin text keep
//! theirs.

use super::cjkish;
use crate::edit::Edit;
use crate::model::Text;
use crate::rules::RuleId;
use crate::text::is_cjk;

pub(super) fn halfwidth_punct(t: &mut Text, keep: &[bool], gate: &crate::decisions::Gate, edits: &mut Vec<Edit>) {
    let n = t.len();
    let mut i = 0;
    while i < n {
        let c = t.chars[i];
        if keep[i] {
            i += 1;
            continue;
        }
        let full = match c {
            ',' => '，',
            ';' => '；',
            ':' => '：',
            '?' => '？',
            '!' => '！',
            '(' => '（',
            ')' => '）',
            _ => {
                i += 1;
                continue;
            }
        };
        let prev = if i > 0 { Some(t.chars[i - 1]) } else { None };
        let next = t.chars.get(i + 1).copied();
        let digits = prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|x| x.is_ascii_digit());
        let chinese = match c {
            '(' => {
                // the bracket's content or its left neighbour is Chinese
                let close = t.chars[i + 1..].iter().position(|&x| x == ')' || x == '）').map(|p| p + i + 1);
                prev.is_some_and(cjkish) || close.is_some_and(|e| t.chars[i + 1..e].iter().any(|&x| is_cjk(x)))
            }
            ')' => {
                let open = t.chars[..i].iter().rposition(|&x| x == '(' || x == '（');
                next.is_some_and(cjkish) || open.is_some_and(|s| t.chars[s + 1..i].iter().any(|&x| is_cjk(x)))
            }
            _ => prev.is_some_and(cjkish) || (next.is_some_and(is_cjk) && !prev.is_some_and(|p| p.is_ascii_alphabetic())),
        };
        if chinese && !digits {
            let e = Edit::new(RuleId::HalfwidthPunct, t.off(i), c.to_string(), full.to_string(), "half-width punctuation inside Chinese text");
            if gate.commit(e, edits) {
                t.chars[i] = full;
            }
        }
        i += 1;
    }
}
