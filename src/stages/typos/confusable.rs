//! Rule `confusable`: a character mistaken for one of similar shape or the same sound.
//!
//! The rule looks only at characters that form no dictionary word with their neighbours and
//! that the page does not use elsewhere in the same words: correct text reads as words, and a
//! scan error usually breaks one. For each such character it tries the characters of the
//! confusion data ([`super::confusion`]) and gathers the evidence for each replacement in a
//! [`Candidate`]; [`decide`] then applies it, suggests it, or drops it. Keeping the evidence and
//! the decision apart lets `examples/typo_score` measure the decision on injected errors and on
//! correct text.

use super::confusion::{pairs, Source};
use super::vocab::Vocab;
use crate::dict::dict;
use crate::edit::Confidence;
use crate::text::is_cjk;

/// A replacement for one character, with the evidence for it.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub at: usize,
    pub from: char,
    pub to: char,
    pub source: Source,
    /// The word of 2+ characters the segmenter makes with the replacement in context (empty
    /// when it makes none).
    pub word: String,
    pub word_freq: u64,
    /// How much more probable the text around reads with the replacement (natural log, the
    /// unigram model of the dictionary's best segmentation).
    pub gain: f64,
    /// The new word takes a character from a word the text already reads with
    /// (`是人围着` → `入围` would break up `围着`).
    pub steals: bool,
    /// `from` is a common word by itself (`的`, `在`, `人`).
    pub common: bool,
    /// The most times the page uses a trigram with the replacement where this text differs
    /// (`卫健委` forty times against one `卫建委`); 0 unless this trigram is not a word and
    /// occurs at most once.
    pub page: usize,
    /// The original character forms a dictionary word with its neighbours, or the page uses
    /// the text around it more than once: then only page evidence can correct it.
    pub reads: bool,
    /// The character is in what looks like a person's name: a surname and one or two
    /// characters that form no word (`陈沉`, `李丽华`).
    pub name: bool,
    /// The character is inside a short quotation or title (`“海稻粳7号”`, `《焊王》`): a
    /// name of a product, a variety or a work, which the dictionary cannot judge.
    pub quoted: bool,
    /// The most times the page uses a bigram of the original character with a neighbour.
    pub bigram: usize,
    /// The original character is an adverb standing alone before a classifier, numeral or
    /// locative (`一未位`: `未` modifies verbs, not `位`): a misfit the replacement removes.
    pub misfit: bool,
    /// The frequency of the most frequent word of 2 to 4 characters through the original
    /// character (0 when there is none).
    pub orig_freq: u64,
}

/// A character this frequent as a word by itself in the dictionary is taken as read.
const COMMON_CHAR: u64 = 20_000;

fn is_common(c: char) -> bool {
    // (asked of most characters that read in no word: a bit per CJK character of the Basic
    // Multilingual Plane, filled once from the dictionary, instead of a walk of the trie each
    // time; any other character is looked up)
    static COMMON: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let lookup = |c: char| dict().freq(c.encode_utf8(&mut [0u8; 4])).unwrap_or(0) >= COMMON_CHAR;
    let bits = COMMON.get_or_init(|| {
        let mut bits = vec![0u64; 0x10000 / 64];
        for c in (0..0x10000u32).filter_map(char::from_u32).filter(|&c| is_cjk(c) && lookup(c)) {
            bits[c as usize / 64] |= 1 << (c as usize % 64);
        }
        bits
    });
    match c as usize {
        k if k < 0x10000 && is_cjk(c) => bits[k / 64] & 1 << (k % 64) != 0,
        _ => lookup(c),
    }
}

/// Is the character at `i` part of a dictionary word of 2 to 4 characters in `chars`?
pub(super) fn in_word(chars: &[char], i: usize) -> bool {
    dict().through(chars, i).word_with(chars[i])
}

/// The starts of the all-CJK trigrams through `i`.
fn trigrams_through(chars: &[char], i: usize) -> impl Iterator<Item = usize> + '_ {
    (i.saturating_sub(2)..=i).filter(move |&a| a + 3 <= chars.len() && chars[a..a + 3].iter().all(|&x| is_cjk(x)))
}

/// Does the page use the text around `i` more than once? Then it is the page's own vocabulary
/// (a name, a local term), and a dictionary that lacks it is no evidence against it.
fn page_confirms(chars: &[char], i: usize, vocab: &Vocab) -> bool {
    trigrams_through(chars, i).any(|a| vocab.count(&chars[a..a + 3]) >= 2)
}

/// The page evidence at `i`: for each replacement that makes a term of the page
/// ([`Vocab::terms_like`]) out of a trigram through `i` that is no word and occurs once, the
/// most times the page uses that term.
fn page_terms(chars: &[char], i: usize, vocab: &Vocab) -> Vec<(char, usize)> {
    let d = dict();
    let mut out: Vec<(char, usize)> = Vec::new();
    for a in trigrams_through(chars, i) {
        let t = &chars[a..a + 3];
        // (text the page uses more than once is its own, whatever terms it resembles: asked
        // first, as on a page of many terms most trigrams resemble one)
        if vocab.count(t) > 1 {
            continue;
        }
        let like = vocab.terms_like(t, i - a);
        if like.is_empty() || d.has_chars(t) {
            continue;
        }
        for &r in like {
            let mut alt = [t[0], t[1], t[2]];
            alt[i - a] = r;
            let n = vocab.count(&alt);
            match out.iter_mut().find(|x| x.0 == r) {
                Some(x) => x.1 = x.1.max(n),
                None => out.push((r, n)),
            }
        }
    }
    out
}

/// The token spans of a segmentation that cover position `k` of the window.
fn token_at(spans: &[(usize, usize)], k: usize) -> (usize, usize) {
    spans.iter().copied().find(|&(a, b)| a <= k && k < b).unwrap_or((k, k + 1))
}

/// Is position `k` of `t` (segmented as `spans`) in a person's name: a surname, then one or
/// two characters the segmenter leaves single, written where names are (`记者陈默`, `陈默说`)?
fn in_name(t: &[char], spans: &[(usize, usize)], k: usize) -> bool {
    let single = |p: usize| p < t.len() && is_cjk(t[p]) && token_at(spans, p) == (p, p + 1);
    (k.saturating_sub(3)..=k).any(|j| {
        let l = crate::names::surname_len(&t[j..]);
        let g = j + l;
        let covers = l > 0 && (l == 2 || single(j)) && single(g) && (k < g || (k <= g + 1 && (g..=k).all(single)));
        // (the name is one or two characters after the surname; either reading will do)
        covers && [g + 1, g + 2].iter().any(|&e| e > k && e <= t.len() && crate::names::in_name_context(t, j, e))
    })
}

/// The longest quotation or title taken for a name: longer ones are sentences, and are read.
const SHORT_QUOTE: usize = 12;

/// Is position `i` inside a short quotation or title: an opening mark at most
/// [`SHORT_QUOTE`] characters before it and the closing one as near after, with no sentence
/// punctuation between?
fn in_short_quote(chars: &[char], i: usize) -> bool {
    const MARKS: [(char, char); 5] = [('“', '”'), ('《', '》'), ('「', '」'), ('『', '』'), ('‘', '’')];
    let stop = |c: char| matches!(c, '。' | '！' | '？' | '；' | '\n');
    let mark = |k: usize| MARKS.iter().find(|m| m.0 == chars[k] || m.1 == chars[k]);
    // the nearest mark before `i`: it must open a quotation
    let Some(open) = (i.saturating_sub(SHORT_QUOTE)..i).rev().take_while(|&k| !stop(chars[k])).find(|&k| mark(k).is_some()) else {
        return false;
    };
    let close = match mark(open) {
        Some(&(o, c)) if chars[open] == o => c,
        _ => return false,
    };
    (i + 1..chars.len().min(open + SHORT_QUOTE + 2)).take_while(|&k| !stop(chars[k])).any(|k| chars[k] == close)
}

/// Is position `k` of `t` a one-character adverb (jieba's tag `d`: `未`, `已`, `不`) before a
/// classifier, numeral or locative? Adverbs modify verbs and adjectives.
fn adverb_misfit(t: &[char], spans: &[(usize, usize)], k: usize) -> bool {
    let d = dict();
    let (a, b) = token_at(spans, k);
    if b - a != 1 || d.tag_chars(&t[a..b]) != Some("d") || b >= t.len() {
        return false;
    }
    let (x, y) = token_at(spans, b);
    matches!(d.tag_chars(&t[x..y]), Some("q" | "m" | "mq" | "f"))
}

/// Every replacement of the character at `i`, with its evidence.
pub fn candidates(chars: &[char], i: usize, vocab: &Vocab) -> Vec<Candidate> {
    candidates_in(chars, i, vocab, in_word(chars, i))
}

/// [`candidates`], given whether the character at `i` is in a dictionary word as it is (the
/// rule knows that for the whole text at once: [`crate::dict::Dict::covered`]).
pub fn candidates_in(chars: &[char], i: usize, vocab: &Vocab, word: bool) -> Vec<Candidate> {
    let c = chars[i];
    if !is_cjk(c) {
        return Vec::new();
    }
    let alts = pairs(c);
    if alts.is_empty() {
        return Vec::new();
    }
    // First the cheap evidence, to leave most characters at once: the page's terms, whether
    // the character reads in a word as it is, and whether it is common. (Without a term, each
    // of the last three ends the search by itself, so the cheapest is asked first.)
    let terms = if vocab.may_have_terms(chars, i) { page_terms(chars, i, vocab) } else { Vec::new() };
    if word && terms.is_empty() {
        return Vec::new();
    }
    // (a common character, or one the page repeats with a neighbour, gets only curated
    // replacements from the dictionary: [`decide`] takes no other for it)
    let common = is_common(c);
    let curated = alts.iter().any(|a| a.1 == Source::Curated);
    if common && terms.is_empty() && !curated {
        return Vec::new();
    }
    let reads = word || page_confirms(chars, i, vocab);
    if reads && terms.is_empty() {
        return Vec::new();
    }
    let bigram = (i.saturating_sub(1)..=i).filter(|&x| x + 2 <= chars.len()).map(|x| vocab.count(&chars[x..x + 2])).max().unwrap_or(0);
    let curated_only = common || bigram > 1;
    if curated_only && terms.is_empty() && !curated {
        return Vec::new();
    }
    let d = dict();
    // (the window only: the rest of the paragraph plays no part)
    let a = i.saturating_sub(6);
    let b = (i + 7).min(chars.len());
    let orig = &chars[a..b];
    let through = (!reads).then(|| d.through(chars, i));
    let open: Vec<(char, Source, usize, bool)> = alts
        .iter()
        .filter_map(|&(to, source)| {
            let page = terms.iter().find(|x| x.0 == to).map_or(0, |x| x.1);
            let word = (!curated_only || source == Source::Curated) && through.as_ref().is_some_and(|t| t.word_with(to));
            (page > 0 || word).then_some((to, source, page, word))
        })
        .collect();
    if open.is_empty() {
        return Vec::new();
    }
    let mut alt = orig.to_vec();
    let orig_spans = d.spans(orig);
    let name = in_name(orig, &orig_spans, i - a);
    let misfit = adverb_misfit(orig, &orig_spans, i - a);
    let quoted = in_short_quote(chars, i);
    // (the most frequent word through `i`, whether or not the segmenter picks it)
    let orig_freq = (2..=4usize)
        .flat_map(|len| (i.saturating_sub(len - 1)..=i).map(move |x| (x, x + len)))
        .filter(|&(x, y)| y <= chars.len() && chars[x..y].iter().all(|&c| is_cjk(c)))
        .filter_map(|(x, y)| d.freq_chars(&chars[x..y]))
        .max()
        .unwrap_or(0);
    let base = d.score_spans(orig, &orig_spans);
    let mut out = Vec::new();
    for (to, source, page, word) in open {
        let mut cand = Candidate { at: i, from: c, to, source, word: String::new(), word_freq: 0, gain: 0.0, steals: false, common, page, reads, name, quoted, bigram, misfit, orig_freq };
        alt[i - a] = to;
        if word {
            let spans = d.spans(&alt);
            let (s, e) = token_at(&spans, i - a);
            if e - s >= 2 {
                cand.word = alt[s..e].iter().collect();
                cand.word_freq = d.freq(&cand.word).unwrap_or(0);
                // the new word must not take its other characters from words the text
                // already reads with
                cand.steals = orig_spans.iter().any(|&(x, y)| y - x >= 2 && (x..y).any(|k| k != i - a && s <= k && k < e));
            }
            cand.gain = d.score_spans(&alt, &spans) - base;
        }
        if page > 0 || !cand.word.is_empty() {
            out.push(cand);
        }
    }
    out
}

/// How much more likely (natural log) the text must read with a replacement for it to be
/// applied, by the source of the pair: the odds against a correct character being an error.
/// A curated pair is a known confusion, so it needs less. Measured with
/// `examples/typo_candidates` and `examples/typo_score` on injected errors and on 100,000
/// characters of correct text (see the README's typo section).
fn apply_gain(source: Source) -> f64 {
    match source {
        Source::Curated => 4.0,
        Source::FourCorner | Source::Sound => 8.0,
    }
}

/// A word made by a correction must be at least this frequent to be applied: a rare word
/// is as likely a name or a coinage as a correction.
const APPLY_WORD_FREQ: u64 = 300;

/// A trigram the page uses this many times, against a single variant, is its vocabulary.
const PAGE_TERM: usize = super::vocab::TERM;

/// The page's vocabulary can undo a word no more frequent than this (`建委`, read in
/// `卫建委`), not a common one (`记者` in `本报记者` on a page of `本报讯` briefs).
const PAGE_RARE_WORD: u64 = 100;

/// Is the candidate a single variant of a term the page uses many times, where the text does
/// not read with a common word or a name?
fn page_term(c: &Candidate) -> bool {
    c.page >= PAGE_TERM && !c.name && !c.common && c.orig_freq <= PAGE_RARE_WORD
}

/// How sure a replacement is: applied, suggested, or not worth the reviewer's time.
pub fn decide(c: &Candidate) -> Option<Confidence> {
    // the page's own vocabulary
    if page_term(c) {
        return Some(Confidence::Applied);
    }
    if c.reads || c.word.is_empty() {
        return None;
    }
    // The text must read as a single odd character: not a common word by itself, not a pair
    // the page repeats (names, local terms), and the new word must not break up another.
    // Inside a short quotation (a name of a product or a variety) only a curated pair will do.
    let odd = !c.common && c.bigram <= 1 && !c.steals && !c.name && (!c.quoted || c.source == Source::Curated);
    if odd && c.word_freq >= APPLY_WORD_FREQ && c.gain >= apply_gain(c.source) {
        return Some(Confidence::Applied);
    }
    // a known confusion that turns a misfit into a reading at least as likely
    if odd && c.misfit && c.source == Source::Curated && c.gain >= 0.0 {
        return Some(Confidence::Applied);
    }
    if (odd || c.source == Source::Curated) && c.gain >= apply_gain(c.source) - 4.0 {
        return Some(Confidence::Suggested);
    }
    None
}

/// The reason an edit gives for a candidate.
pub fn reason(c: &Candidate) -> String {
    let (from, to, w) = (c.from, c.to, &c.word);
    if page_term(c) {
        return format!("`{from}` → `{to}` ({}): the page uses the text with `{to}` {} times and with `{from}` once", c.source.describe(), c.page);
    }
    if c.steals {
        return format!("`{to}` ({}) would make the word `{w}`, but `{from}` reads with its neighbours as it is", c.source.describe());
    }
    if c.misfit {
        return format!("`{from}` is an adverb before a classifier or numeral here; `{to}` ({}) makes the word `{w}`", c.source.describe());
    }
    format!("`{from}` forms no word here; `{to}` ({}) makes the word `{w}`, reading more likely (+{:.1})", c.source.describe(), c.gain)
}

#[cfg(test)]
mod tests {
    use super::in_short_quote;

    fn at(text: &str, c: char) -> bool {
        let chars: Vec<char> = text.chars().collect();
        in_short_quote(&chars, chars.iter().position(|&x| x == c).unwrap())
    }

    #[test]
    fn short_quotations_and_titles_are_names() {
        assert!(at("选育出“海稻粳7号”等3个", '稻'));
        assert!(at("被称为《焊王》的技师", '焊'));
    }

    #[test]
    fn quoted_sentences_and_text_outside_are_read() {
        assert!(!at("他说：“今年的收成比去年好了很多，大家都很高兴。”", '收'));
        assert!(!at("选育出“海稻”等新品种", '品'));
        assert!(!at("“好”。然后新品种", '品'));
    }
}
