//! The layout decoder: what each raw line is, decided once for the whole page.
//!
//! Every non-blank raw line gets one [`Tag`]: it starts a paragraph, continues the paragraph
//! open before it (perhaps across captions dropped into it), starts or continues a heading,
//! or starts or continues a caption. The decision is made in three steps, each of which can
//! be looked at alone:
//!
//! 1. [`features`]: a table of named facts about every line and its neighbours (widths
//!    against the page's column, blank lines, sentence ends, words running across the break,
//!    name, credit and heading shapes), computed once;
//! 2. weights ([`Weights`], `data/layout_weights.tsv`), fitted by `tools/fit_layout.py` on
//!    generated pages of real text and stored with the corpus they came from: how much each
//!    feature counts for each tag, and how likely each tag is after each other tag;
//! 3. [`decode`]: the best sequence of tags over the whole page (Viterbi over the lines),
//!    under hard constraints: a continuation only after what it continues, a Markdown heading
//!    or quote kept what it is marked, and a line break the reviewer kept never joined.
//!
//! `examples/layout_candidates` prints the evidence of every line, as `typo_candidates` does
//! for typos.

pub mod boundary;
pub mod features;
pub mod lexicon;
pub mod words;

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    /// Starts a paragraph (body text, a byline, a dateline, a sign-off).
    Para,
    /// Continues the paragraph open before it.
    Cont,
    /// Starts a heading (headline, deck, kicker or section: the story stage decides which).
    Head,
    /// Continues the heading on the line before (a heading broken over lines).
    HeadCont,
    /// Starts a photo caption.
    Cap,
    /// Continues the caption on the line before.
    CapCont,
}

pub const TAGS: [Tag; 6] = [Tag::Para, Tag::Cont, Tag::Head, Tag::HeadCont, Tag::Cap, Tag::CapCont];

impl Tag {
    pub fn code(self) -> &'static str {
        match self {
            Tag::Para => "P",
            Tag::Cont => "C",
            Tag::Head => "H",
            Tag::HeadCont => "HC",
            Tag::Cap => "K",
            Tag::CapCont => "KC",
        }
    }
    pub fn from_code(s: &str) -> Option<Tag> {
        TAGS.iter().copied().find(|t| t.code() == s)
    }
    fn index(self) -> usize {
        self as usize
    }
    /// May this tag follow `prev` (`None`: the page's first line)?
    pub fn may_follow(self, prev: Option<Tag>) -> bool {
        match self {
            Tag::Cont => matches!(prev, Some(Tag::Para | Tag::Cont | Tag::Cap | Tag::CapCont)),
            Tag::HeadCont => matches!(prev, Some(Tag::Head | Tag::HeadCont)),
            Tag::CapCont => matches!(prev, Some(Tag::Cap | Tag::CapCont)),
            _ => true,
        }
    }
}

/// What a line's own pattern says it is (the reflow stage reads it, `reflow::kind_of`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Text,
    /// A Markdown heading (`# `, `## `…: its level), as in a cleaned page.
    Md(u8),
    /// A Markdown quote (`> `): a caption in a cleaned page.
    Quote,
    Dateline,
    Byline,
    Signoff,
    DeckMark,
    CaptionMark,
}

/// One non-blank line as the decoder sees it.
#[derive(Debug, Clone, Copy)]
pub struct LineView<'a> {
    pub chars: &'a [char],
    pub indent: bool,
    /// Blank lines before and after it.
    pub gap_before: usize,
    pub gap_after: usize,
    pub kind: LineKind,
}

/// Facts about the whole page the features are read against.
#[derive(Debug, Clone, Copy)]
pub struct PageFacts {
    /// Column width in cells (infinite when every paragraph is one line).
    pub width: f32,
    pub double: bool,
    pub per_line: bool,
    /// Many lines (but not all) start indented: an indent marks a paragraph's first line.
    pub indented: bool,
}

/// Fitted weights: per feature and tag, per tag at the page start, per pair of tags.
pub struct Weights {
    emit: Vec<[f32; 6]>,
    start: [f32; 6],
    trans: [[f32; 6]; 6],
    /// Where the weights came from (the file's comment lines).
    pub source: String,
}

/// The weights compiled in: `data/layout_weights.tsv`.
pub fn weights() -> &'static Weights {
    static W: std::sync::OnceLock<Weights> = std::sync::OnceLock::new();
    W.get_or_init(|| Weights::parse(include_str!("../../../data/layout_weights.tsv")).expect("data/layout_weights.tsv"))
}

impl Weights {
    /// Parse the weights file: `#` comment lines, a header `feature P C H HC K KC`, then one
    /// row per feature, `@start` and `@after:TAG` rows. Features the code does not know are an
    /// error (the file and the code must agree); features the file lacks weigh nothing.
    pub fn parse(text: &str) -> Result<Weights, String> {
        let names = features::names();
        let mut w = Weights { emit: vec![[0.0; 6]; names.len()], start: [0.0; 6], trans: [[0.0; 6]; 6], source: String::new() };
        let mut cols: Option<Vec<usize>> = None;
        for (no, line) in text.lines().enumerate() {
            if let Some(c) = line.strip_prefix('#') {
                w.source.push_str(c.trim());
                w.source.push('\n');
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let Some(cols) = &cols else {
                let c: Option<Vec<usize>> = f[1..].iter().map(|s| Tag::from_code(s).map(Tag::index)).collect();
                cols = Some(c.ok_or(format!("line {}: a header of tags expected", no + 1))?);
                continue;
            };
            let vals: Result<Vec<f32>, _> = f[1..].iter().map(|s| s.parse::<f32>()).collect();
            let vals = vals.map_err(|e| format!("line {}: {e}", no + 1))?;
            if vals.len() != cols.len() {
                return Err(format!("line {}: {} values for {} tags", no + 1, vals.len(), cols.len()));
            }
            let target: &mut [f32; 6] = if f[0] == "@start" {
                &mut w.start
            } else if let Some(t) = f[0].strip_prefix("@after:") {
                &mut w.trans[Tag::from_code(t).ok_or(format!("line {}: no tag {t}", no + 1))?.index()]
            } else {
                let k = names.iter().position(|n| n == f[0]).ok_or(format!("line {}: no feature {}", no + 1, f[0]))?;
                &mut w.emit[k]
            };
            for (&c, v) in cols.iter().zip(vals) {
                target[c] = v;
            }
        }
        Ok(w)
    }

    fn emission(&self, row: &[(u16, f32)]) -> [f32; 6] {
        let mut s = [0f32; 6];
        for &(k, v) in row {
            let e = &self.emit[k as usize];
            for t in 0..6 {
                s[t] += e[t] * v;
            }
        }
        s
    }

    /// The features of `row` that weigh most for `a` against `b`, largest first.
    pub fn evidence(&self, row: &[(u16, f32)], a: Tag, b: Tag) -> Vec<(&'static str, f32)> {
        let names = features::names();
        let mut v: Vec<(&'static str, f32)> =
            row.iter().map(|&(k, x)| (names[k as usize].as_str(), x * (self.emit[k as usize][a.index()] - self.emit[k as usize][b.index()]))).filter(|p| p.1.abs() > 1e-6).collect();
        v.sort_by(|x, y| y.1.abs().partial_cmp(&x.1.abs()).unwrap());
        v
    }
}

/// The decoded page: a tag per line, and how sure the decoder was of each (the score of the
/// chosen tag less the best other tag, the neighbours' tags held as chosen).
#[derive(Debug, Clone)]
pub struct Decoded {
    pub tags: Vec<Tag>,
    pub margins: Vec<f32>,
    pub runner_up: Vec<Tag>,
    pub rows: Vec<Vec<(u16, f32)>>,
}

/// Decode the page: the sequence of tags with the highest total score, among those allowed
/// (`allowed[i]` is a bit set over [`TAGS`] for line `i`).
pub fn decode(lines: &[LineView], page: &PageFacts, allowed: &[u8], w: &Weights) -> Decoded {
    let rows = features::table(lines, page);
    let n = lines.len();
    let emit: Vec<[f32; 6]> = rows.iter().map(|r| w.emission(r)).collect();
    const NEG: f32 = f32::NEG_INFINITY;
    let mut score = vec![[NEG; 6]; n];
    let mut back = vec![[0u8; 6]; n];
    for i in 0..n {
        for t in TAGS {
            let ti = t.index();
            if allowed[i] & (1 << ti) == 0 {
                continue;
            }
            if i == 0 {
                if t.may_follow(None) {
                    score[0][ti] = w.start[ti] + emit[0][ti];
                }
                continue;
            }
            let mut best = (NEG, 0u8);
            for p in TAGS {
                let s = score[i - 1][p.index()];
                if s == NEG || !t.may_follow(Some(p)) {
                    continue;
                }
                let s = s + w.trans[p.index()][ti];
                if s > best.0 {
                    best = (s, p.index() as u8);
                }
            }
            if best.0 > NEG {
                score[i][ti] = best.0 + emit[i][ti];
                back[i][ti] = best.1;
            }
        }
        // a line no tag is allowed for (contradictory constraints) starts a paragraph
        if score[i].iter().all(|&s| s == NEG) {
            let best_prev = if i == 0 { 0.0 } else { score[i - 1].iter().copied().fold(NEG, f32::max) };
            score[i][0] = best_prev + emit[i][0];
            back[i][0] = if i == 0 { 0 } else { (0..6).max_by(|&a, &b| score[i - 1][a].partial_cmp(&score[i - 1][b]).unwrap()).unwrap() as u8 };
        }
    }
    let mut tags = vec![Tag::Para; n];
    if n > 0 {
        let mut t = (0..6).max_by(|&a, &b| score[n - 1][a].partial_cmp(&score[n - 1][b]).unwrap()).unwrap();
        for i in (0..n).rev() {
            tags[i] = TAGS[t];
            t = back[i][t] as usize;
        }
    }
    // margins: each line's tag against the best other tag that fits between its neighbours
    let mut margins = vec![f32::INFINITY; n];
    let mut runner_up = tags.clone();
    for i in 0..n {
        let local = |t: Tag| -> f32 {
            let prev = if i == 0 { None } else { Some(tags[i - 1]) };
            if allowed[i] & (1 << t.index()) == 0 || !t.may_follow(prev) {
                return NEG;
            }
            let mut s = emit[i][t.index()] + prev.map_or(w.start[t.index()], |p| w.trans[p.index()][t.index()]);
            if let Some(&nx) = tags.get(i + 1) {
                if !nx.may_follow(Some(t)) {
                    return NEG;
                }
                s += w.trans[t.index()][nx.index()];
            }
            s
        };
        let chosen = local(tags[i]);
        for t in TAGS {
            if t != tags[i] {
                let m = chosen - local(t);
                if m < margins[i] {
                    margins[i] = m;
                    runner_up[i] = t;
                }
            }
        }
    }
    Decoded { tags, margins, runner_up, rows }
}

/// A short account of why line `i` got its tag: the features that weighed most for it
/// against the runner-up.
pub fn reason(d: &Decoded, i: usize, w: &Weights) -> String {
    let ev = w.evidence(&d.rows[i], d.tags[i], d.runner_up[i]);
    let top: Vec<String> = ev.iter().filter(|e| e.1 > 0.0).take(3).map(|(n, v)| format!("{n} {v:+.1}")).collect();
    if d.margins[i].is_finite() {
        format!("{} over {} by {:.1}: {}", d.tags[i].code(), d.runner_up[i].code(), d.margins[i], top.join(", "))
    } else {
        format!("{} (the only reading): {}", d.tags[i].code(), top.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weights_file_names_only_known_features_and_tags() {
        let w = Weights::parse(include_str!("../../../data/layout_weights.tsv")).unwrap();
        assert!(!w.source.is_empty(), "the weights say where they came from");
        assert!(Weights::parse("feature\tP\tC\nno_such_feature\t1\t2\n").is_err());
        assert!(Weights::parse("feature\tP\tX\n").is_err());
    }

    #[test]
    fn constraints_hold_over_any_weights() {
        let text: Vec<Vec<char>> = ["第一行文字很长很长", "第二行", "# 标题"].iter().map(|s| s.chars().collect()).collect();
        let lines: Vec<LineView> = text.iter().map(|t| LineView { chars: t, indent: false, gap_before: 0, gap_after: 0, kind: LineKind::Text }).collect();
        let page = PageFacts { width: 9.0, double: false, per_line: false, indented: false };
        // weights that want every line to continue: the first line cannot, and the marked
        // heading must stay a heading
        let w = Weights::parse("# test\nfeature\tP\tC\tH\tHC\tK\tKC\nbias\t0\t9\t0\t0\t0\t0\n").unwrap();
        let d = decode(&lines, &page, &[0xff, 0xff, 1 << Tag::Head.index()], &w);
        assert_eq!(d.tags, vec![Tag::Para, Tag::Cont, Tag::Head]);
    }
}
