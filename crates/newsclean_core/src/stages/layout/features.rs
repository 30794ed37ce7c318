//! The line feature table: every fact about a line and its neighbours that the layout
//! decoder weighs, computed once per page.
//!
//! A feature is a named number (most are 0 or 1). Each is evidence that holds across papers:
//! how full the line is against the page's column width, the blank lines around it, whether
//! a sentence or a word runs across the break, the shapes of headings, names and credits.
//! None of them decides anything alone: the weights fitted by `tools/fit_layout.py` on
//! generated pages of real text say how much each counts for each tag, and
//! [`super::decode`] picks the reading of the whole page. The same features, with one copy
//! conditioned on each page style (double-spaced, one paragraph per line), let the weights
//! differ where the style changes what a blank line or a short line means.

use super::{LineKind, LineView, PageFacts};
use crate::text::{balanced, ends_sentence, has_phrase_space, width};

/// The base features, in order; [`names`] adds the style-conditioned copies.
pub const BASE: &[&str] = &[
    "bias",
    "first_line",
    "last_line",
    // the line itself
    "indent",
    "indent_on_indented_page",
    "no_indent_on_indented_page",
    "ends_sentence",
    "ends_mid_mark",
    "inner_sentence_mark",
    "has_comma",
    "unbalanced",
    "phrase_space",
    "opens_quote",
    "opens_closing_mark",
    "len_le4",
    "len_5_8",
    "len_9_12",
    "len_13_20",
    "len_21_30",
    "len_gt30",
    "much_wider",
    "wider",
    "full",
    "short1",
    "short2",
    "short3_4",
    "short5",
    "dateline",
    "byline",
    "signoff",
    "deck_mark",
    "caption_mark",
    "credit_end",
    "ends_on_particle",
    "attribution",
    "several_sentences",
    "heading_shape",
    "numbered",
    "ends_with_name",
    "all_names",
    "credit_word",
    // the line before and the break between
    "gap0",
    "gap1",
    "gap2",
    "gap3",
    "prev_ends_sentence",
    "prev_ends_mid_mark",
    "prev_full",
    "prev_short",
    "prev_very_short",
    "prev_wider",
    "bridges_prev",
    "prev_heading_shape",
    "prev_byline",
    "prev_dateline",
    "prev_dateline_open",
    "prev_ends_on_particle",
    "prev_long_open",
    "attribution_after_quote",
    "prev_signoff",
    "prev_unbalanced",
    "prev_indent",
    "prev_ends_sentence_and_full",
    "prev_ends_sentence_and_short",
    "prev_open_and_full",
    "same_width_as_prev",
    // the line after
    "next_gap0",
    "next_gap1",
    "next_gap2",
    "next_gap3",
    "next_indent",
    "next_full",
    "next_short",
    "next_opens_closing_mark",
    "bridges_next",
    "next_ends_sentence",
    "next_byline",
    "next_dateline",
    "next_heading_shape",
    "next_caption_mark",
    // two lines back (a caption set between the halves of a paragraph)
    "bridges_prev2",
    "prev2_open",
    "prev2_full_open",
    // a paragraph broken off (not at a sentence end) and resumed past the line between: a
    // word runs across the two halves (`体系建` / caption / `设，提升`)
    "resumes_prev2",
    "between_halves",
];

/// The conditions each base feature is copied under: the page styles, and the line having
/// a heading's shape (no sentence mark, balanced, no dangling mark), where the other evidence
/// weighs differently.
pub const STYLES: &[&str] = &["double", "per_line", "heading"];

/// All feature names: the base features, then each again under each condition of [`STYLES`].
pub fn names() -> &'static [String] {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let mut v: Vec<String> = BASE.iter().map(|s| s.to_string()).collect();
        for st in STYLES {
            v.extend(BASE.iter().map(|b| format!("{st}*{b}")));
        }
        v
    })
}

pub fn count() -> usize {
    BASE.len() * (1 + STYLES.len())
}

fn idx(name: &str) -> usize {
    BASE.iter().position(|&b| b == name).unwrap_or_else(|| panic!("no feature {name}"))
}

/// Facts about one line by itself, shared by the rows of it and its neighbours.
#[derive(Debug, Clone, Copy, Default)]
struct Own {
    cells: f32,
    w: f32,
    len: usize,
    ends: bool,
    mid: bool,
    heading: bool,
    balanced: bool,
    opens_closing: bool,
}

fn own(l: &LineView) -> Own {
    let t = l.chars;
    let w = width(t);
    let n = t.iter().filter(|c| !c.is_whitespace()).count() as f32;
    let hang = t.iter().rev().take(2).take_while(|&&c| crate::text::hangs(c)).count() as f32;
    let ends = ends_sentence(t);
    let last = t.last().copied().unwrap_or(' ');
    let mid = matches!(last, '，' | '、' | '：' | '；' | ',' | ':' | '—' | '-' | '“' | '（' | '(' | '《');
    let bal = balanced(t);
    let inner = t.iter().any(|&c| matches!(c, '。' | '；' | '！' | '？'));
    Own {
        cells: w.max(n) - hang,
        w,
        len: t.len(),
        ends,
        mid,
        heading: !ends && !mid && bal && !inner && l.kind == LineKind::Text,
        balanced: bal,
        opens_closing: t.first().is_some_and(|&c| crate::text::hangs(c)),
    }
}

/// Where the line stands against the column: `W - cells`.
fn deficit(o: &Own, page: &PageFacts) -> Option<f32> {
    page.width.is_finite().then_some(page.width - o.cells)
}

fn numbered(t: &[char]) -> bool {
    const NUMS: &str = "一二三四五六七八九十0123456789０１２３４５６７８９";
    let k = t.iter().take_while(|c| NUMS.contains(**c)).count();
    (k > 0 && k <= 3 && matches!(t.get(k), Some('、' | '．' | '.'))) || (t.first() == Some(&'（') && t.get(1).is_some_and(|c| NUMS.contains(*c)) && t.iter().take(5).any(|&c| c == '）'))
}

fn gap_bins(g: usize, double: bool) -> usize {
    // in a double-spaced page one blank line is the ordinary line spacing
    let g = if double { g.saturating_sub(1) + usize::from(g >= 3) } else { g };
    g.min(3)
}

/// One row of the table: the features of line `i` (indices into [`names`]).
fn row(lines: &[LineView], owns: &[Own], i: usize, page: &PageFacts, out: &mut Vec<(u16, f32)>) {
    let mut base = [0f32; 128];
    let mut set = |name: &str, v: f32| base[idx(name)] = v;
    let l = &lines[i];
    let o = &owns[i];
    let t = l.chars;
    set("bias", 1.0);
    set("first_line", (i == 0) as u8 as f32);
    set("last_line", (i + 1 == lines.len()) as u8 as f32);
    set("indent", l.indent as u8 as f32);
    set("indent_on_indented_page", (l.indent && page.indented) as u8 as f32);
    set("no_indent_on_indented_page", (!l.indent && page.indented) as u8 as f32);
    set("ends_sentence", o.ends as u8 as f32);
    set("ends_mid_mark", o.mid as u8 as f32);
    set("inner_sentence_mark", t.iter().rev().skip(1).any(|&c| matches!(c, '。' | '；' | '！' | '？')) as u8 as f32);
    set("has_comma", t.iter().any(|&c| matches!(c, '，' | ',')) as u8 as f32);
    set("unbalanced", (!o.balanced) as u8 as f32);
    set("phrase_space", has_phrase_space(t) as u8 as f32);
    set("opens_quote", t.first().is_some_and(|&c| crate::text::is_open(c)) as u8 as f32);
    set("opens_closing_mark", o.opens_closing as u8 as f32);
    let bin = match o.len {
        0..=4 => "len_le4",
        5..=8 => "len_5_8",
        9..=12 => "len_9_12",
        13..=20 => "len_13_20",
        21..=30 => "len_21_30",
        _ => "len_gt30",
    };
    set(bin, 1.0);
    if let Some(d) = deficit(o, page) {
        let bin = if d < -3.0 {
            "much_wider"
        } else if d < -0.5 {
            "wider"
        } else if d <= 0.5 {
            "full"
        } else if d <= 1.5 {
            "short1"
        } else if d <= 2.5 {
            "short2"
        } else if d <= 4.5 {
            "short3_4"
        } else {
            "short5"
        };
        set(bin, 1.0);
    }
    match l.kind {
        LineKind::Dateline => set("dateline", 1.0),
        LineKind::Byline => set("byline", 1.0),
        LineKind::Signoff => set("signoff", 1.0),
        LineKind::DeckMark => set("deck_mark", 1.0),
        LineKind::CaptionMark => set("caption_mark", 1.0),
        _ => {}
    }
    set("credit_end", super::words::ends_on_credit(t) as u8 as f32);
    set("ends_on_particle", super::words::ends_on_particle(t) as u8 as f32);
    set("attribution", super::words::is_attribution(t) as u8 as f32);
    set("several_sentences", super::words::several_sentences(t) as u8 as f32);
    set("heading_shape", o.heading as u8 as f32);
    set("numbered", numbered(t) as u8 as f32);
    let toks: Vec<&[char]> = t.split(|&c| c == ' ').filter(|x| !x.is_empty()).collect();
    let no_sentence = !t.iter().any(|&c| matches!(c, '。' | '，' | '；' | '！' | '？'));
    set("ends_with_name", (no_sentence && toks.len() >= 2 && toks.last().is_some_and(|x| crate::names::is_name(x))) as u8 as f32);
    set("all_names", (no_sentence && !toks.is_empty() && toks.iter().all(|x| crate::names::is_name(x))) as u8 as f32);
    set("credit_word", (no_sentence && super::words::has_credit(t)) as u8 as f32);
    if i > 0 {
        let p = &lines[i - 1];
        let po = &owns[i - 1];
        set(["gap0", "gap1", "gap2", "gap3"][gap_bins(l.gap_before, page.double)], 1.0);
        set("prev_ends_sentence", po.ends as u8 as f32);
        set("prev_ends_mid_mark", po.mid as u8 as f32);
        if let Some(d) = deficit(po, page) {
            set("prev_full", (d.abs() <= 0.5) as u8 as f32);
            set("prev_short", (d > 1.5) as u8 as f32);
            set("prev_very_short", (d > 4.5) as u8 as f32);
            set("prev_wider", (d < -0.5) as u8 as f32);
            set("prev_ends_sentence_and_full", (po.ends && d <= 0.5) as u8 as f32);
            set("prev_ends_sentence_and_short", (po.ends && d > 1.5) as u8 as f32);
            set("prev_open_and_full", (!po.ends && d <= 0.5) as u8 as f32);
        }
        set("bridges_prev", super::words::bridges(p.chars, t) as u8 as f32);
        set("prev_heading_shape", po.heading as u8 as f32);
        set("prev_byline", (p.kind == LineKind::Byline) as u8 as f32);
        set("prev_dateline", (p.kind == LineKind::Dateline) as u8 as f32);
        // nothing ends on a function word standing alone (`……领域党的` / `全面领导。`)
        set("prev_ends_on_particle", super::words::ends_on_particle(p.chars) as u8 as f32);
        // a line longer than any heading that stops on a character, not a mark, was cut
        set("prev_long_open", (po.len > 30 && p.chars.last().is_some_and(|&c| crate::text::is_cjk(c))) as u8 as f32);
        // a dateline broken before its `电` / `讯` (`新华社贵阳10月` / `8日电`) goes on
        set("prev_dateline_open", (p.kind == LineKind::Dateline && super::words::dateline_mark(p.chars).is_none()) as u8 as f32);
        // `“……。”` / `市民高峰说。`: the speaker of the quote before
        set("attribution_after_quote", (super::words::is_attribution(t) && p.chars.last() == Some(&'”')) as u8 as f32);
        set("prev_signoff", (p.kind == LineKind::Signoff) as u8 as f32);
        set("prev_unbalanced", (!po.balanced) as u8 as f32);
        set("prev_indent", p.indent as u8 as f32);
        set("same_width_as_prev", ((po.w - o.w).abs() <= 0.5) as u8 as f32);
    }
    if let Some(n) = lines.get(i + 1) {
        let no = &owns[i + 1];
        set(["next_gap0", "next_gap1", "next_gap2", "next_gap3"][gap_bins(l.gap_after, page.double)], 1.0);
        set("next_indent", n.indent as u8 as f32);
        if let Some(d) = deficit(no, page) {
            set("next_full", (d <= 0.5) as u8 as f32);
            set("next_short", (d > 1.5) as u8 as f32);
        }
        set("next_opens_closing_mark", no.opens_closing as u8 as f32);
        set("bridges_next", super::words::bridges(t, n.chars) as u8 as f32);
        set("next_ends_sentence", no.ends as u8 as f32);
        set("next_byline", (n.kind == LineKind::Byline) as u8 as f32);
        set("next_dateline", (n.kind == LineKind::Dateline) as u8 as f32);
        set("next_heading_shape", no.heading as u8 as f32);
        set("next_caption_mark", (n.kind == LineKind::CaptionMark) as u8 as f32);
    }
    if i > 0 && i + 1 < lines.len() {
        let (p, po, n) = (&lines[i - 1], &owns[i - 1], &lines[i + 1]);
        set("between_halves", (!po.ends && !po.heading && !o.ends && p.kind == LineKind::Text && super::words::bridges(p.chars, n.chars)) as u8 as f32);
    }
    if i > 1 {
        let p2 = &lines[i - 2];
        let p2o = &owns[i - 2];
        set("bridges_prev2", (!p2o.ends && super::words::bridges(p2.chars, t)) as u8 as f32);
        set("prev2_open", (!p2o.ends) as u8 as f32);
        set("resumes_prev2", (!p2o.ends && !p2o.heading && !owns[i - 1].ends && p2.kind == LineKind::Text && super::words::bridges(p2.chars, t)) as u8 as f32);
        if let Some(d) = deficit(p2o, page) {
            set("prev2_full_open", (!p2o.ends && d <= 0.5) as u8 as f32);
        }
    }
    let nb = BASE.len();
    out.clear();
    for (k, &v) in base[..nb].iter().enumerate() {
        if v != 0.0 {
            out.push((k as u16, v));
            if page.double {
                out.push(((nb + k) as u16, v));
            }
            if page.per_line {
                out.push(((2 * nb + k) as u16, v));
            }
            if o.heading {
                out.push(((3 * nb + k) as u16, v));
            }
        }
    }
}

/// The table for a page: one sparse row per line. A large page computes its rows in
/// parallel (each row reads only its line and the lines around it).
pub fn table(lines: &[LineView], page: &PageFacts) -> Vec<Vec<(u16, f32)>> {
    let owns: Vec<Own> = lines.iter().map(own).collect();
    let one = |i: usize| {
        let mut r = Vec::with_capacity(48);
        row(lines, &owns, i, page, &mut r);
        r
    };
    if lines.len() >= 4096 {
        use rayon::prelude::*;
        (0..lines.len()).into_par_iter().map(one).collect()
    } else {
        (0..lines.len()).map(one).collect()
    }
}
