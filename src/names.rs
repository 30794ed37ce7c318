//! People's names: the surnames that open them.
//!
//! Names are where a dictionary is no guide: `陈沉`, `李丽`, `杨帆` read as loose characters or
//! as the wrong words, and a typo rule that trusts the dictionary would "correct" them. The
//! layout stages use names to recognise bylines; the typo stage leaves a name alone.

use crate::text::is_cjk;
use std::sync::OnceLock;

fn surnames() -> &'static (Vec<char>, Vec<String>) {
    static S: OnceLock<(Vec<char>, Vec<String>)> = OnceLock::new();
    S.get_or_init(|| {
        let data = include_str!("../data/surnames.txt");
        let mut single = Vec::new();
        let mut double = Vec::new();
        for line in data.lines().filter(|l| !l.starts_with('#')) {
            for tok in line.split_whitespace() {
                if tok.chars().count() == 1 || !line.contains(' ') {
                    single.extend(tok.chars());
                } else {
                    double.push(tok.to_string());
                }
            }
        }
        (single, double)
    })
}

/// Is the token a personal name: 2 to 4 CJK characters opening with a surname?
pub fn is_name(tok: &[char]) -> bool {
    let (single, double) = surnames();
    if !(2..=4).contains(&tok.len()) || !tok.iter().all(|&c| is_cjk(c)) {
        return false;
    }
    let s: String = tok.iter().collect();
    single.contains(&tok[0]) || double.iter().any(|d| s.starts_with(d.as_str()))
}

/// The length of the surname that opens `t` (2 for a compound one, 1, or 0 for none).
pub fn surname_len(t: &[char]) -> usize {
    let (single, double) = surnames();
    if t.len() >= 2 && double.iter().any(|d| d.chars().eq(t[..2].iter().copied())) {
        2
    } else if t.first().is_some_and(|c| single.contains(c)) {
        1
    } else {
        0
    }
}

/// The words written right before and right after a person's name (`data/name_context.txt`).
fn context() -> &'static (Vec<Vec<char>>, Vec<Vec<char>>) {
    static C: OnceLock<(Vec<Vec<char>>, Vec<Vec<char>>)> = OnceLock::new();
    C.get_or_init(|| {
        let (mut before, mut after) = (Vec::new(), Vec::new());
        let mut section = "";
        for line in include_str!("../data/name_context.txt").lines().filter(|l| !l.starts_with('#')) {
            if line.starts_with('[') {
                section = line.trim();
                continue;
            }
            let words = line.split_whitespace().map(|w| w.chars().collect::<Vec<char>>());
            if section == "[before]" { before.extend(words) } else { after.extend(words) }
        }
        (before, after)
    })
}

/// Is `t[s..e]` written as a person's name: right after a role or title (`记者陈默`), or right
/// before a verb of saying or a title (`陈默说`, `陈默书记`)?
pub fn in_name_context(t: &[char], s: usize, e: usize) -> bool {
    let (before, after) = context();
    before.iter().any(|w| t[..s].ends_with(w)) || after.iter().any(|w| t[e.min(t.len())..].starts_with(w)) || t.get(e) == Some(&'）')
}
