//! Stage 5, typos: correct scan errors, and only those we are sure of.
//!
//! Like crate-ci/typos, precision comes first: a wrong correction of correct text is worse
//! than a miss. Each rule needs tight evidence:
//!
//! * `halfwidth-punct`: ASCII `, ; : ? ! ( )` touching CJK text become full-width; numbers,
//!   times and Latin text keep theirs.
//! * `stray-english`: a lone English function word between CJK characters (`表率 and 解放`),
//!   from `data/stray_english.tsv`.
//! * `doubled-word`: `X XY` where X and XY are dictionary words and `XX` is not (`有困难困难群众`);
//!   an exact `X X` repeat is left alone, it is usually legitimate (`研究研究`).
//! * `similar-shape`: a character from a confusion group of `data/confusion.tsv` whose
//!   replacement turns a non-word into a dictionary word that the segmenter picks in context,
//!   or into a term the page itself uses many times (`卫建委` on a page that says `卫健委` forty
//!   times). Weaker evidence only yields a suggestion.

use crate::edit::{Edit, Stage};
use crate::model::Text;
use crate::stages::corrections::Corrections;
use crate::text::is_cjk;
pub use crate::dict::dict;
use std::collections::HashMap;
use std::sync::OnceLock;

/// How much more probable (natural log) a text must read with a four-corner replacement for it
/// to be suggested: measured with `examples/typo_score` (suggestions on clean text against
/// injected errors found).
const SUGGEST_GAIN: f64 = 6.0;


/// A character this frequent as a word by itself in jieba's dictionary is taken as read.
const COMMON_CHAR: usize = 20_000;

/// Is the character a common word by itself? (Cached per thread: the look-up segments.)
fn is_common(c: char) -> bool {
    thread_local! {
        static CACHE: std::cell::RefCell<HashMap<char, bool>> = std::cell::RefCell::new(HashMap::new());
    }
    CACHE.with(|m| *m.borrow_mut().entry(c).or_insert_with(|| dict().freq(c.encode_utf8(&mut [0u8; 4])).unwrap_or(0) >= COMMON_CHAR as u64))
}

/// The log-probability of the text's best segmentation under jieba's unigram model.
fn log_prob(chars: &[char]) -> f64 {
    dict().score(chars)
}

/// Is `a → b` a curated pair (data/confusion.tsv), rather than only a four-corner pair? Only
/// curated pairs are applied on dictionary evidence: the generated pairs are many, and a
/// dictionary word formed by one of them is right too rarely (on clean text they would
/// change about 180 characters in 100,000), so they are only suggested.
pub fn curated(a: char, b: char) -> bool {
    confusion(false).get(&a).is_some_and(|v| v.contains(&b))
}

/// The confusion groups: the curated ones, and with `shapes` also the pairs of Unihan's
/// four-corner codes (see each file's header for its source and licence).
fn confusion(shapes: bool) -> &'static HashMap<char, Vec<char>> {
    static CURATED: OnceLock<HashMap<char, Vec<char>>> = OnceLock::new();
    static ALL: OnceLock<HashMap<char, Vec<char>>> = OnceLock::new();
    let curated = include_str!("../../data/confusion.tsv");
    let fourcorner = include_str!("../../data/confusion_fourcorner.tsv");
    if shapes {
        ALL.get_or_init(|| groups(curated.lines().chain(fourcorner.lines())))
    } else {
        CURATED.get_or_init(|| groups(curated.lines()))
    }
}

fn groups<'a>(lines: impl Iterator<Item = &'a str>) -> HashMap<char, Vec<char>> {
    {
        let mut m: HashMap<char, Vec<char>> = HashMap::new();
        for line in lines {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let group: Vec<char> = line.split('\t').filter_map(|s| s.trim().chars().next()).collect();
            for &a in &group {
                for &b in &group {
                    if a != b && !m.entry(a).or_default().contains(&b) {
                        m.get_mut(&a).unwrap().push(b);
                    }
                }
            }
        }
        m
    }
}

/// The characters of similar shape to `c` in `data/confusion.tsv` (for tests and scoring).
pub fn confusable(c: char) -> &'static [char] {
    confusion(true).get(&c).map(Vec::as_slice).unwrap_or(&[])
}

fn stray_english() -> &'static Vec<(String, String)> {
    static S: OnceLock<Vec<(String, String)>> = OnceLock::new();
    S.get_or_init(|| {
        include_str!("../../data/stray_english.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && l.contains('\t'))
            .map(|l| {
                let mut it = l.split('\t');
                (it.next().unwrap().to_string(), it.next().unwrap_or("").to_string())
            })
            .collect()
    })
}

/// Page-level evidence: how often each CJK trigram occurs on the page.
pub struct Vocab {
    counts: HashMap<[char; 3], usize>,
}

impl Vocab {
    pub fn of(texts: &[&Text]) -> Self {
        let mut counts = HashMap::new();
        for t in texts {
            let c = &t.chars;
            for w in c.windows(3) {
                if w.iter().all(|&x| is_cjk(x)) {
                    *counts.entry([w[0], w[1], w[2]]).or_insert(0) += 1;
                }
            }
        }
        Vocab { counts }
    }
    fn count(&self, s: &[char]) -> usize {
        s.try_into().ok().and_then(|k: [char; 3]| self.counts.get(&k).copied()).unwrap_or(0)
    }
}

fn cjkish(c: char) -> bool {
    is_cjk(c) || crate::text::is_cjk_punct(c)
}

/// Run every rule on one block's text: the user's corrections first, then the built-in rules,
/// which leave alone what a user correction covers (`keep`).
/// `shapes`: also suggest replacements from the four-corner pairs (slower; see README).
pub fn run(text: &mut Text, vocab: &Vocab, user: &Corrections, shapes: bool, edits: &mut Vec<Edit>) {
    let mut keep = if user.is_empty() { vec![false; text.len()] } else { user.apply(text, edits) };
    halfwidth_punct(text, &keep, edits);
    stray_word(text, &mut keep, edits);
    doubled_word(text, &mut keep, edits);
    similar_shape(text, vocab, &keep, shapes, edits);
}

fn halfwidth_punct(t: &mut Text, keep: &[bool], edits: &mut Vec<Edit>) {
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
            edits.push(Edit::new(Stage::Typos, "halfwidth-punct", t.off(i), c.to_string(), full.to_string(), "half-width punctuation inside Chinese text"));
            t.chars[i] = full;
        }
        i += 1;
    }
}

fn stray_word(t: &mut Text, keep: &mut Vec<bool>, edits: &mut Vec<Edit>) {
    for (word, zh) in stray_english() {
        let w: Vec<char> = word.chars().collect();
        let mut i = 0;
        while i + w.len() <= t.len() {
            if t.chars[i..i + w.len()] == w[..] {
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
                    edits.push(Edit::new(Stage::Typos, "stray-english", t.off(a), before, zh.clone(), format!("a lone English word `{word}` inside a Chinese sentence")));
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

fn doubled_word(t: &mut Text, keep: &mut Vec<bool>, edits: &mut Vec<Edit>) {
    let j = dict();
    let mut i = 0;
    while i < t.len() {
        for k in (2..=4).rev() {
            if i + 2 * k + 1 > t.len() {
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
            let xy = (1..=3).filter(|m| i + 2 * k + m <= t.len()).find(|&m| {
                let s: String = t.chars[i + k..i + 2 * k + m].iter().collect();
                t.chars[i + 2 * k..i + 2 * k + m].iter().all(|&c| is_cjk(c)) && j.has_word(&s)
            });
            if let Some(m) = xy {
                let xyw: String = t.chars[i + k..i + 2 * k + m].iter().collect();
                edits.push(Edit::new(Stage::Typos, "doubled-word", t.off(i), t.slice_string(i, i + 2 * k), xs.clone(), format!("`{xs}` doubled before the word `{xyw}`")));
                t.splice(i, i + 2 * k, &xs);
                keep.splice(i..i + 2 * k, std::iter::repeat_n(false, k));
                break;
            }
        }
        i += 1;
    }
}

/// Is the character at `i` part of a dictionary word of 2 to 4 characters in `chars`?
fn in_word(chars: &[char], i: usize) -> bool {
    let j = dict();
    let mut buf = String::with_capacity(16);
    for len in 2..=4usize {
        for a in i.saturating_sub(len - 1)..=i {
            let b = a + len;
            if b > chars.len() || !chars[a..b].iter().all(|&c| is_cjk(c)) {
                continue;
            }
            buf.clear();
            buf.extend(&chars[a..b]);
            if j.has_word(&buf) {
                return true;
            }
        }
    }
    false
}

/// Does the page use the text around `i` more than once? Then it is the page's own vocabulary
/// (a name, a local term), and a dictionary that lacks it is no evidence against it.
fn page_confirms(chars: &[char], i: usize, vocab: &Vocab) -> bool {
    (i.saturating_sub(2)..=i).any(|a| {
        a + 3 <= chars.len() && chars[a..a + 3].iter().all(|&x| is_cjk(x)) && vocab.count(&chars[a..a + 3]) >= 2
    })
}

fn similar_shape(t: &mut Text, vocab: &Vocab, keep: &[bool], shapes: bool, edits: &mut Vec<Edit>) {
    let conf = confusion(shapes);
    let j = dict();
    for i in 0..t.len() {
        let c = t.chars[i];
        if keep[i] {
            continue;
        }
        let Some(cands) = conf.get(&c) else { continue };
        // page vocabulary: a rare variant of a term the page uses many times
        let mut done = false;
        // (curated pairs only: a four-corner pair would only suggest, and trying every one
        // of them on every character costs more than it finds)
        for &r in cands.iter().filter(|&&r| curated(c, r)) {
            for a in i.saturating_sub(2)..=i {
                if a + 3 > t.len() || !t.chars[a..a + 3].iter().all(|&x| is_cjk(x)) {
                    continue;
                }
                let mut alt = [t.chars[a], t.chars[a + 1], t.chars[a + 2]];
                alt[i - a] = r;
                if vocab.count(&alt) < 5 || vocab.count(&t.chars[a..a + 3]) > 1 {
                    continue;
                }
                let orig: String = t.chars[a..a + 3].iter().collect();
                let alt: String = alt.iter().collect();
                if !j.has_word(&orig) {
                    let e = Edit::new(Stage::Typos, "similar-shape", t.off(i), c.to_string(), r.to_string(), format!("`{orig}` → `{alt}`: the page uses `{alt}` {} times", vocab.count(&alt.chars().collect::<Vec<_>>())));
                    edits.push(e);
                    t.chars[i] = r;
                    done = true;
                    break;
                }
            }
            if done {
                break;
            }
        }
        if done || in_word(&t.chars, i) || page_confirms(&t.chars, i, vocab) {
            continue;
        }
        // dictionary: the replacement makes a word the segmenter picks in context
        let a = i.saturating_sub(6);
        let b = (i + 7).min(t.len());
        // a character that is a common word by itself (`的`, `在`, `人`) reads well as it is:
        // only curated pairs are tried on it
        let common = shapes && is_common(c);
        for &r in cands.iter().filter(|&&r| !common || curated(c, r)) {
            // (the window only: the rest of the paragraph plays no part)
            let mut alt = t.chars[a..b].to_vec();
            alt[i - a] = r;
            if !in_word(&alt, i - a) {
                continue;
            }
            let window: String = alt.iter().collect();
            let mut pos = 0;
            let mut word = None;
            for tok in j.cut(&window) {
                let n = tok.chars().count();
                if a + pos <= i && i < a + pos + n && n >= 2 {
                    word = Some((tok.to_string(), a + pos, a + pos + n));
                }
                pos += n;
            }
            // (a generated pair needs the segmenter to pick its word in context)
            if word.is_none() && !curated(c, r) {
                continue;
            }
            // the new word must not take its other characters from words the text already
            // reads well with: `是人围着` is 是/人/围着, and `入围` would break up `围着`
            let steals = word.as_ref().is_some_and(|&(_, s, e)| {
                let original: String = t.chars[a..b].iter().collect();
                let mut pos = a;
                j.cut(&original).iter().any(|tok| {
                    let n = tok.chars().count();
                    let hit = n >= 2 && (pos..pos + n).any(|k| k != i && s <= k && k < e);
                    pos += n;
                    hit
                })
            });
            // a generated pair is worth the reviewer's time only when the text reads clearly
            // better with it (unigram log-probability of the best segmentation)
            let gain = if curated(c, r) { f64::INFINITY } else { log_prob(&alt) - log_prob(&t.chars[a..b]) };
            if !steals && gain < SUGGEST_GAIN {
                continue;
            }
            let mut e = Edit::new(Stage::Typos, "similar-shape", t.off(i), c.to_string(), r.to_string(), String::new());
            // (never applied: a unigram model also prefers `本报讯者` to `本报记者`)
            if steals || !curated(c, r) {
                let w = word.map(|x| x.0).unwrap_or_default();
                e.reason = if steals {
                    format!("`{r}` would make the word `{w}`, but `{c}` reads with its neighbours as it is")
                } else {
                    format!("`{c}` forms no word here; `{r}` (same four-corner shape) would make the word `{w}`, reading more likely (+{gain:.1})")
                };
                edits.push(e.suggested());
            } else if let Some((w, _, _)) = word {
                e.reason = if curated(c, r) {
                    format!("`{c}` forms no word here; `{r}` (similar shape, data/confusion.tsv) makes the word `{w}`")
                } else {
                    format!("`{c}` forms no word here; `{r}` makes the word `{w}`")
                };
                edits.push(e);
                t.chars[i] = r;
            } else {
                e.reason = format!("`{c}` forms no word here; `{r}` would make a dictionary word (not chosen in context)");
                edits.push(e.suggested());
            }
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> (String, Vec<Edit>) {
        let mut t = Text::from_plain(s);
        let v = Vocab::of(&[&t]);
        let mut e = Vec::new();
        run(&mut t, &v, &Corrections::default(), false, &mut e);
        (t.as_string(), e)
    }

    #[test]
    fn punctuation() {
        assert_eq!(fix("带头作用,不断增强").0, "带头作用，不断增强");
        assert_eq!(fix("国家级重点(特色)专科").0, "国家级重点（特色）专科");
        assert_eq!(fix("时间为12:30,地点").0, "时间为12:30，地点");
        assert_eq!(fix("价格1,000元").0, "价格1,000元");
    }

    #[test]
    fn stray_english_word() {
        assert_eq!(fix("争做学习的表率 and 解放思想的先锋").0, "争做学习的表率和解放思想的先锋");
        assert_eq!(fix("rock and roll").0, "rock and roll");
    }

    #[test]
    fn doubled() {
        assert_eq!(fix("组织党员干部对有困难困难群众实行上门接种服务").0, "组织党员干部对有困难群众实行上门接种服务");
        assert_eq!(fix("我们要研究研究这个问题").0, "我们要研究研究这个问题");
    }

    #[test]
    fn shape() {
        assert_eq!(fix("严格落实“四不直管一未位”制度").0, "严格落实“四不直管一末位”制度");
        assert_eq!(fix("干部到郟阳区月亮湖").0, "干部到郧阳区月亮湖");
        for ok in ["尚未完成任务", "周末来临", "未来可期", "已经完成", "人民群众", "现在是人围着机器转", "吵得人睡不着觉", "湘西州卫健委始终把政治学习放在首位"] {
            assert_eq!(fix(ok).0, ok, "{ok}");
        }
    }
}
