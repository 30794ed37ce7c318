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

/// A list of words, each as its characters.
type Words = Vec<Vec<char>>;

/// The words written right before and right after a person's name (`data/name_context.txt`).
fn context() -> &'static (Words, Words) {
    static C: OnceLock<(Words, Words)> = OnceLock::new();
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

/// Is the character at `i` in a name that the layout of the text marks as one: an item of a
/// `、`-list of names (`连丽如、田连元、刘兰芳`: two or more items of 2 to 4 characters that open
/// with a surname), or the name of a credit (`赵荣林摄`, `记者 赵荣林`, `（记者陈默）`)?
pub fn listed_name(t: &[char], i: usize) -> bool {
    if !is_cjk(t[i]) {
        return false;
    }
    let cjk = |a: usize, b: usize| b <= t.len() && t[a..b].iter().all(|&c| is_cjk(c));
    // a name of 2 to 4 characters ending at `e` / starting at `s`, and through `i` if asked
    let tail = |e: usize, through: Option<usize>| (2..=4).any(|l| e >= l && cjk(e - l, e) && is_name(&t[e - l..e]) && through.is_none_or(|i| e - l <= i && i < e));
    let head = |s: usize, through: Option<usize>| (2..=4).any(|l| cjk(s, s + l) && is_name(&t[s..s + l]) && through.is_none_or(|i| s <= i && i < s + l));
    // the run of CJK characters around `i`
    let s = (0..i).rev().take_while(|&k| is_cjk(t[k])).last().unwrap_or(i);
    let e = (i..t.len()).take_while(|&k| is_cjk(t[k])).last().map_or(i + 1, |k| k + 1);
    // an item of a `、`-list: a name before a `、` with a name after it, or the other way round
    if t.get(e) == Some(&'、') && tail(e, Some(i)) && head(e + 1, None) {
        return true;
    }
    if s > 0 && t[s - 1] == '、' && head(s, Some(i)) && tail(s - 1, None) {
        return true;
    }
    // a photo credit: a name right before `摄` at the run's end
    e - s >= 3 && t[e - 1] == '摄' && i < e - 1 && tail(e - 1, Some(i))
}

#[cfg(test)]
mod tests {
    use super::listed_name;

    fn at(text: &str, c: char) -> bool {
        let t: Vec<char> = text.chars().collect();
        listed_name(&t, t.iter().position(|&x| x == c).unwrap())
    }

    #[test]
    fn names_in_lists_and_credits() {
        assert!(at("评书名家连丽如、田连元、刘兰芳到场", '丽'));
        assert!(at("本报记者 赵荣林摄", '荣'));
        assert!(!at("本报记者 赵荣林摄", '记'));
        assert!(!at("苹果、香蕉、橘子都有", '香'));
        assert!(!at("我们要加快发展", '发'));
    }
}
