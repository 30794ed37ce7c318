//! Rule `confusable`: a character the scan misread for one of similar shape (or, only ever
//! suggested, of the same sound).
//!
//! Every character is a place to look, inside dictionary words too, unless the context model
//! has seen it with its neighbours ([`crate::lm::Window::reads`]): correct text almost always
//! reads so, an OCR error almost never. For such a character, the replacements of the
//! confusion data ([`super::confusion`]) that the context model finds more likely are gathered
//! with all their evidence in a [`Candidate`]; [`decide`] then applies it, suggests it, or
//! drops it, by one score ([`score`]: the fitted weights of `data/typo_weights.tsv` over
//! [`features`]) against thresholds calibrated on real OCR text and on correct text
//! (`examples/fit_typos.rs`). Keeping the evidence and the decision apart lets
//! `examples/typo_candidates`, `examples/fit_typos` and `examples/ocr_score` see why.

use super::confusion::{Source, ocr_count, pairs};
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
    /// How much more likely the context model reads the characters from here to two after
    /// with the replacement ([`crate::lm::gain`]).
    pub lm: f64,
    /// How many times the OCR engine read `from` for a printed `to` ([`ocr_count`]).
    pub ocr: u32,
    /// The original character is in a dictionary word as it is.
    pub in_word: bool,
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
    candidates_in(chars, i, vocab, in_word(chars, i), true)
}

/// A replacement must make the characters from it to two after it this much more likely
/// (natural log, [`crate::lm::gain`]) to be looked at further: the cheap first filter, far
/// below any decision's threshold.
const LM_FLOOR: f64 = 1.0;

/// [`candidates`], given whether the character at `i` is in a dictionary word as it is (the
/// rule knows that for the whole text at once: [`crate::dict::Dict::covered`]).
///
/// Every character is tried, inside dictionary words too: an OCR error often makes another
/// word (`太极` for `大极`…). The context model is asked first, as it is cheap and most
/// replacements read worse; the rest of the evidence only for those that read better.
/// `sound`: try the same-sound pairs too (they are only ever suggested).
pub fn candidates_in(chars: &[char], i: usize, vocab: &Vocab, word: bool, sound: bool) -> Vec<Candidate> {
    let c = chars[i];
    if !is_cjk(c) {
        return Vec::new();
    }
    let alts = pairs(c);
    if alts.is_empty() {
        return Vec::new();
    }
    let terms = if vocab.may_have_terms(chars, i) { page_terms(chars, i, vocab) } else { Vec::new() };
    let mut window = None;
    // (a character the corpus has seen with its neighbours is taken as read, unless the page's
    // vocabulary says otherwise: correct text almost always is, an OCR error almost never)
    if terms.is_empty() && window.get_or_insert_with(|| crate::lm::Window::new(chars, i)).reads() {
        return Vec::new();
    }
    let open: Vec<(char, Source, usize, f64)> = alts
        .iter()
        .filter(|a| sound || a.1 != Source::Sound || terms.iter().any(|x| x.0 == a.0))
        .filter_map(|&(to, source)| {
            let page = terms.iter().find(|x| x.0 == to).map_or(0, |x| x.1);
            let w = window.get_or_insert_with(|| crate::lm::Window::new(chars, i));
            // (the curated pairs are few and known: the decision weighs them whatever the
            // context model says, which knows no rare name such as `郧阳`)
            let known = page > 0 || source == Source::Curated;
            if !known && !w.plausible(to) {
                return None;
            }
            let lm = w.gain(to);
            (known || lm >= LM_FLOOR).then_some((to, source, page, lm))
        })
        .collect();
    if open.is_empty() {
        return Vec::new();
    }
    let common = is_common(c);
    let reads = word || page_confirms(chars, i, vocab);
    let bigram = (i.saturating_sub(1)..=i).filter(|&x| x + 2 <= chars.len()).map(|x| vocab.count(&chars[x..x + 2])).max().unwrap_or(0);
    let d = dict();
    // (the window only: the rest of the paragraph plays no part)
    let a = i.saturating_sub(6);
    let b = (i + 7).min(chars.len());
    let orig = &chars[a..b];
    let mut alt = orig.to_vec();
    let orig_spans = d.spans(orig);
    let name = in_name(orig, &orig_spans, i - a) || crate::names::listed_name(chars, i);
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
    for (to, source, page, lm) in open {
        let mut cand = Candidate {
            at: i,
            from: c,
            to,
            source,
            word: String::new(),
            word_freq: 0,
            gain: 0.0,
            steals: false,
            common,
            page,
            reads,
            name,
            quoted,
            bigram,
            misfit,
            orig_freq,
            lm,
            ocr: ocr_count(c, to),
            in_word: word,
        };
        alt[i - a] = to;
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
        out.push(cand);
    }
    out
}

/// A trigram the page uses this many times, against a single variant, is its vocabulary.
const PAGE_TERM: usize = super::vocab::TERM;

/// The page's vocabulary can undo a word no more frequent than this (`建委`, read in
/// `卫建委`), not a common one (`记者` in `本报记者` on a page of `本报讯` briefs).
const PAGE_RARE_WORD: u64 = 100;

/// Is the candidate a single variant of a term the page uses many times, where the text does
/// not read with a common word or a name?
fn page_term(c: &Candidate) -> bool {
    // (not the glyph neighbours: ten for every character, some pair makes a term of any page)
    c.source != Source::Glyph && c.page >= PAGE_TERM && !c.name && !c.common && c.orig_freq <= PAGE_RARE_WORD
}

/// The dictionary's evidence of a lone odd character: the original reads in no word, is not
/// common by itself, the page does not repeat it with a neighbour, and the replacement makes a
/// frequent word without breaking up another, reading much more likely by the unigram
/// segmentation (by 4 for a curated pair, 8 for others). This was the rule's whole decision
/// before the context model; now it is one piece of evidence among the rest.
fn lone_odd_character(c: &Candidate) -> bool {
    let need = if c.source == Source::Curated { 4.0 } else { 8.0 };
    !c.reads && !c.word.is_empty() && !c.common && c.bigram <= 1 && !c.steals && c.word_freq >= 300 && c.gain >= need
}

/// The evidence as numbers, in the order of [`FEATURES`]: what the fitted weights of
/// `data/typo_weights.tsv` multiply.
pub fn features(c: &Candidate) -> [f64; FEATURES.len()] {
    let b = |x: bool| x as u8 as f64;
    let ln = |x: u64| (1.0 + x as f64).ln();
    [
        1.0,
        c.lm.clamp(-30.0, 30.0),
        c.gain.clamp(-30.0, 30.0),
        ln(c.word_freq),
        ln(c.orig_freq),
        b(!c.word.is_empty()),
        b(c.in_word),
        b(c.reads),
        b(c.common),
        b(c.steals),
        b(c.bigram > 1),
        b(c.misfit),
        b(c.source == Source::Curated),
        b(c.source == Source::Ocr),
        b(c.source == Source::Component),
        b(c.source == Source::Glyph),
        b(c.source == Source::FourCorner),
        b(c.source == Source::Sound),
        ln(c.ocr as u64),
        b(c.quoted),
        crate::lm::log_unigram(c.from),
        crate::lm::log_unigram(c.to),
        b(lone_odd_character(c)),
    ]
}

/// The names of [`features`], as `data/typo_weights.tsv` gives them.
pub const FEATURES: [&str; 23] = [
    "bias",
    "lm_gain",
    "seg_gain",
    "ln_word_freq",
    "ln_orig_freq",
    "makes_word",
    "in_word",
    "reads",
    "common",
    "steals",
    "page_bigram",
    "misfit",
    "curated",
    "ocr",
    "component",
    "glyph",
    "fourcorner",
    "sound",
    "ln_ocr_count",
    "quoted",
    "ln_p_from",
    "ln_p_to",
    "lone_odd",
];

/// The fitted weights and the two calibrated thresholds of the decision.
pub struct Weights {
    pub w: [f64; FEATURES.len()],
    /// The score from which a replacement is applied, and from which it is suggested.
    pub apply: f64,
    pub suggest: f64,
}

/// The weights of `data/typo_weights.tsv` (made by `examples/fit_typos.rs`).
pub fn weights() -> &'static Weights {
    static W: std::sync::OnceLock<Weights> = std::sync::OnceLock::new();
    W.get_or_init(|| parse_weights(include_str!("../../../data/typo_weights.tsv")))
}

/// Read a weights file: `name<TAB>value` lines for every feature and for `apply`, `suggest`.
pub fn parse_weights(text: &str) -> Weights {
    let mut w = Weights { w: [0.0; FEATURES.len()], apply: f64::INFINITY, suggest: f64::INFINITY };
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let Some((k, v)) = line.split_once('\t') else { continue };
        let Ok(v) = v.trim().parse::<f64>() else { continue };
        match k {
            "apply" => w.apply = v,
            "suggest" => w.suggest = v,
            k => {
                if let Some(j) = FEATURES.iter().position(|f| *f == k) {
                    w.w[j] = v;
                }
            }
        }
    }
    w
}

/// The candidate's score: the log-odds, by the fitted weights, that it is the printed character.
pub fn score(c: &Candidate) -> f64 {
    features(c).iter().zip(weights().w.iter()).map(|(f, w)| f * w).sum()
}

/// A known confusion that turns an adverb standing alone before a classifier or numeral
/// (`一未位`) into a word, reading better by both models: applied whatever the score.
fn misfit_fixed(c: &Candidate) -> bool {
    let odd = !c.common && c.bigram <= 1 && !c.steals && !c.name;
    odd && c.misfit && c.source == Source::Curated && c.gain >= 0.0 && c.lm > 0.0
}

/// How sure a replacement is: applied, suggested, or not worth the reviewer's time.
///
/// One decision over all the evidence: the fitted score against the thresholds calibrated on
/// real OCR text and on correct text (`examples/fit_typos.rs`). Besides, the page's own
/// vocabulary decides by itself, and three kinds are never applied, only suggested: names
/// (the dictionary cannot judge them), short quotations and titles (names of products and
/// works), and same-sound pairs (a scan makes shape errors, not sound errors).
pub fn decide(c: &Candidate) -> Option<Confidence> {
    // (the page's vocabulary where the context model agrees; a same-sound variant only suggested)
    if page_term(c) {
        return Some(if c.lm > 0.0 && c.source != Source::Sound { Confidence::Applied } else { Confidence::Suggested });
    }
    // a known confusion that turns an adverb standing before a classifier or numeral (`一未位`)
    // into a reading the context model finds more likely
    if misfit_fixed(c) {
        return Some(Confidence::Applied);
    }
    let w = weights();
    let s = score(c);
    if s >= w.apply && !c.name && !c.quoted && c.source != Source::Sound {
        return Some(Confidence::Applied);
    }
    // (a name or a quoted title is suggested only where the evidence would correct other text)
    let floor = if c.name || c.quoted { w.apply } else { w.suggest };
    (s >= floor).then_some(Confidence::Suggested)
}

/// The reason an edit gives for a candidate: the pair's source, the word it makes, the score
/// and the evidence that weighed most, as the layout's decisions give theirs.
pub fn reason(c: &Candidate) -> String {
    let (from, to) = (c.from, c.to);
    if page_term(c) {
        return format!("`{from}` → `{to}` ({}): the page uses the text with `{to}` {} times and with `{from}` once", c.source.describe(), c.page);
    }
    if misfit_fixed(c) {
        return format!(
            "`{from}` is an adverb before a classifier or numeral here; `{to}` ({}) makes the word `{}`, which both models read better (context {:+.1}, words {:+.1})",
            c.source.describe(),
            c.word,
            c.lm,
            c.gain
        );
    }
    let f = features(c);
    let w = &weights().w;
    let mut parts: Vec<(f64, String)> = (1..FEATURES.len()).filter(|&k| f[k] != 0.0 && w[k] != 0.0).map(|k| (f[k] * w[k], format!("{}={:.1} {:+.1}", FEATURES[k], f[k], f[k] * w[k]))).collect();
    parts.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
    let evidence: Vec<String> = parts.into_iter().take(4).map(|p| p.1).collect();
    let word = if c.word.is_empty() { String::new() } else { format!(", makes `{}`", c.word) };
    let kept = if decide(c) == Some(Confidence::Applied) || score(c) < weights().apply {
        ""
    } else if c.name {
        " (a name: only suggested)"
    } else if c.quoted {
        " (in a short quotation: only suggested)"
    } else if c.source == Source::Sound {
        " (same sound: only suggested)"
    } else {
        ""
    };
    format!("`{from}` → `{to}` ({}{word}): score {:.1}: {}{kept}", c.source.describe(), score(c), evidence.join(", "))
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
