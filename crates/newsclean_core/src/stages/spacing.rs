//! Stage 2, letter-spacing: remove the spaces that justified or letter-spaced typesetting put
//! between characters, and keep the spaces that separate phrases and names.
//!
//! Why per line: justification spreads one line at a time, so a letter-spaced line is
//! recognisable by itself (most space-separated tokens are one or two characters). In such a
//! line every single gap goes; a gap wider than the line's usual one is a phrase gap and stays
//! as one space. In an ordinary line, a space between CJK text and a digit or CJK punctuation
//! is a typesetting artefact (`2020 年`), while a space between two CJK phrases
//! (`压实责任 把牢方向`, `记者毛以国 李琳婕`) or two Latin words is content.

use crate::edit::Edit;
use crate::model::Text;
use crate::rules::RuleId;
use crate::text::{is_cjk, is_open};

/// One raw line after the spacing stage, trimmed.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based raw line number.
    pub no: usize,
    pub text: Text,
    /// The raw line ended in a space after its text (in a letter-spaced line, a gap wider than
    /// its letter-spacing): raw pages almost never do, so it is the space between two names or
    /// phrases that the line break fell on (`（记者王耀 ` / `林丽）`).
    pub space_at_end: bool,
    /// The raw line starts with white space: a paragraph's first-line indent, where the
    /// extraction kept it.
    pub indent: bool,
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{3000}' || c == '\u{a0}'
}

/// Split the decoded text into lines and clean the spacing of each.
///
/// Each line is cleaned by itself, so a large page is cut into pieces at line ends and the
/// pieces are cleaned in parallel: one huge file does not hold a batch up on one core. The
/// lines and edits come out in the same order either way.
pub fn run(text: &str, edits: &mut Vec<Edit>) -> Vec<Line> {
    if text.len() < super::PARALLEL_PAGE {
        return run_lines(text, 0, 0, edits);
    }
    in_pieces(text, 64 * 1024, edits)
}

/// Pieces of about `piece` bytes of `text`, cut at line breaks: (start byte, end byte before
/// its line break, number of lines before).
fn pieces(text: &str, piece: usize) -> Vec<(usize, usize, usize)> {
    let mut pieces = Vec::new();
    let (mut a, mut no) = (0, 0);
    while a < text.len() {
        // (the first line break at or after `a + piece`: a byte search, as a line break is
        // never part of a longer character in UTF-8)
        let from = (a + piece.max(1)).min(text.len());
        let b = text.as_bytes()[from..].iter().position(|&x| x == b'\n').map_or(text.len(), |k| from + k);
        pieces.push((a, b, no));
        no += text[a..b].matches('\n').count() + 1;
        a = b + 1;
    }
    // (a page whose last piece ended at a line break has an empty last line after it, as
    // `split` gives it; so has an empty page)
    if pieces.last().is_none_or(|p| p.1 < text.len()) {
        pieces.push((text.len(), text.len(), no));
    }
    pieces
}

/// [`run`] on pieces of about `piece` bytes, cut at line breaks, in parallel.
fn in_pieces(text: &str, piece: usize, edits: &mut Vec<Edit>) -> Vec<Line> {
    use rayon::prelude::*;
    let done: Vec<(Vec<Line>, Vec<Edit>)> = pieces(text, piece)
        .par_iter()
        .map(|&(a, b, no)| {
            let mut e = Vec::new();
            (run_lines(&text[a..b], a, no, &mut e), e)
        })
        .collect();
    let mut lines = Vec::new();
    for (l, e) in done {
        lines.extend(l);
        edits.extend(e);
    }
    lines
}

/// [`run`] on the lines of `text`, which starts at byte `base` of the page after `first`
/// lines.
fn run_lines(text: &str, base: usize, first: usize, edits: &mut Vec<Edit>) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = base;
    for (no, raw) in text.split('\n').enumerate().map(|(k, l)| (k + first, l)) {
        let text = clean_line(raw, start, edits);
        let trimmed = raw.trim_end_matches(is_space);
        // (in a letter-spaced line only a gap wider than the letter-spacing: `郭 静  `)
        let trailing = raw.chars().rev().take_while(|&c| is_space(c)).count();
        let spaced = edits.last().is_some_and(|e| e.rule == RuleId::LetterSpacing && e.offset >= start);
        let space_at_end = trailing > 0 && !trimmed.trim_start_matches(is_space).is_empty() && (!spaced || trailing >= 2);
        let indent = raw.starts_with(is_space) && !text.is_empty();
        lines.push(Line { no: no + 1, text, space_at_end, indent });
        start += raw.len() + 1;
    }
    lines
}

/// Clean one line starting at raw byte offset `base`.
/// Does the line hold a space of [`is_space`]? One pass over the bytes: U+3000 is `E3 80 80`
/// and U+00A0 is `C2 A0` in UTF-8.
fn has_space(b: &[u8]) -> bool {
    b.iter().enumerate().any(|(k, &x)| x == b' ' || x == b'\t' || (x == 0xA0 && k >= 1 && b[k - 1] == 0xC2) || (x == 0x80 && k >= 2 && b[k - 1] == 0x80 && b[k - 2] == 0xE3))
}

pub fn clean_line(raw: &str, base: usize, edits: &mut Vec<Edit>) -> Text {
    // Most lines hold no space at all: nothing to trim, collapse or mark.
    if !has_space(raw.as_bytes()) {
        let mut out = Text::with_capacity(raw.chars().count());
        for (i, c) in raw.char_indices() {
            out.push(c, base + i);
        }
        return out;
    }
    let all: Vec<(usize, char)> = raw.char_indices().map(|(i, c)| (base + i, c)).collect();
    // trim
    let a = all.iter().position(|&(_, c)| !is_space(c)).unwrap_or(all.len());
    let b = all.iter().rposition(|&(_, c)| !is_space(c)).map(|i| i + 1).unwrap_or(a);
    if a > 0 && a < all.len() {
        edits.push(Edit::new(RuleId::Trim, all[0].0, " ".repeat(a), "", "leading space of a raw line (lost indent)"));
    }
    if b < all.len() && a < b {
        edits.push(Edit::new(RuleId::Trim, all[b].0, " ".repeat(all.len() - b), "", "trailing space of a raw line"));
    }
    // a Markdown marker (`## `, `> `) keeps its space: it is structure, not typesetting
    let mut out = Text::with_capacity(all.len());
    let mut a = a;
    let hashes = all[a..b].iter().take_while(|&&(_, c)| c == '#').count();
    let marker = if hashes > 0 && hashes <= 6 {
        hashes
    } else if all.get(a).map(|x| x.1) == Some('>') {
        1
    } else {
        0
    };
    // (only a marker with text after it: a lone `>` or `#` is text)
    if marker > 0 && a + marker + 1 < b && all[a + marker].1 == ' ' {
        for &(o, c) in &all[a..a + marker + 1] {
            out.push(c, o);
        }
        a += marker + 1;
        while a < b && is_space(all[a].1) {
            a += 1;
        }
    }
    let body = &all[a..b];
    // tokens between space runs
    let mut runs: Vec<(usize, usize)> = Vec::new(); // [start, end) indices into body of space runs
    let mut i = 0;
    while i < body.len() {
        if is_space(body[i].1) {
            let s = i;
            while i < body.len() && is_space(body[i].1) {
                i += 1;
            }
            runs.push((s, i));
        } else {
            i += 1;
        }
    }
    if runs.is_empty() {
        for &(o, c) in body {
            out.push(c, o);
        }
        return out;
    }
    // Token sizes: CJK characters per token.
    let mut tokens = Vec::new();
    let mut prev = 0;
    for &(s, e) in &runs {
        tokens.push(&body[prev..s]);
        prev = e;
    }
    tokens.push(&body[prev..]);
    // tokens with CJK text decide: numbers between spaces are no evidence either way
    let cjk_tokens: Vec<usize> = tokens.iter().map(|t| t.iter().filter(|(_, c)| is_cjk(*c)).count()).filter(|&n| n > 0).collect();
    let small = cjk_tokens.iter().filter(|&&n| n <= 2).count();
    // a short letter-spaced line (`2018 年 年 初 ，`) has few tokens: single characters with a
    // space even before a closing mark, which no phrase or name spacing puts there
    let spaced_close = runs.iter().any(|&(_, e)| crate::text::hangs(body[e].1));
    let short_spaced = cjk_tokens.len() >= 2 && spaced_close && cjk_tokens.iter().all(|&n| n == 1);
    // (spaced-out numbers, `新华社贵阳 10 月 8 日电`, and Latin words set in the text,
    // `使用 -l 或 -L 选项`, cut ordinary text into short tokens too: a letter-spaced line also
    // has spaces away from any digit or Latin letter)
    let plain_runs = runs.iter().filter(|&&(s, e)| !body[s - 1].1.is_ascii_graphic() && !body[e].1.is_ascii_graphic()).count();
    let letter_spaced = (cjk_tokens.len() >= 4 && small * 10 >= cjk_tokens.len() * 7 && plain_runs >= 2) || short_spaced;
    let min_run = runs.iter().map(|&(s, e)| e - s).min().unwrap_or(1);

    let mut keep = vec![false; runs.len()];
    for (k, &(s, e)) in runs.iter().enumerate() {
        let l = body[s - 1].1;
        let r = body[e].1;
        keep[k] = if letter_spaced {
            e - s > min_run && is_cjk(l) && (is_cjk(r) || (is_open(r) && r != '“'))
        } else {
            // between Latin words, numbers and their marks (`Eric S. Raymond, UNIX`, `-t, --to`),
            // between CJK and a Latin word or option (`使用 -l`, `pwd - 显示`), between two CJK
            // phrases, and before an opening bracket after text (`本报讯 （记者……）`)
            (l.is_ascii_graphic() && r.is_ascii_graphic())
                || (is_cjk(l) && (r.is_ascii_alphabetic() || r == '-'))
                || ((l.is_ascii_alphabetic() || l == '-') && is_cjk(r))
                || (is_cjk(l) && is_cjk(r))
                || (is_cjk(l) && is_open(r) && r != '“')
        };
    }
    if letter_spaced {
        let before: String = body.iter().map(|&(_, c)| c).collect();
        let mut after = String::new();
        let mut ri = 0;
        let mut j = 0;
        while j < body.len() {
            if ri < runs.len() && j == runs[ri].0 {
                if keep[ri] {
                    after.push(' ');
                    out.push(' ', body[j].0);
                }
                j = runs[ri].1;
                ri += 1;
            } else {
                after.push(body[j].1);
                out.push(body[j].1, body[j].0);
                j += 1;
            }
        }
        edits.push(Edit::new(RuleId::LetterSpacing, body[0].0, before, after, "letter-spaced (justified) line: spaces between characters removed"));
        return out;
    }
    let mut ri = 0;
    let mut j = 0;
    while j < body.len() {
        if ri < runs.len() && j == runs[ri].0 {
            let (s, e) = runs[ri];
            // (most runs are one plain space: a constant, not a string of its own)
            let run: std::borrow::Cow<'static, str> = match &body[s..e] {
                [(_, ' ')] => " ".into(),
                r => r.iter().map(|&(_, c)| c).collect::<String>().into(),
            };
            if keep[ri] {
                out.push(' ', body[s].0);
                if run != " " {
                    edits.push(Edit::new(RuleId::CollapseSpace, body[s].0, run, " ", "a wide or special space between phrases becomes one space"));
                }
            } else {
                let (l, r) = (body[s - 1].1, body[e].1);
                let (rule, why) = if l.is_ascii_digit() || r.is_ascii_digit() {
                    (RuleId::SpaceDigit, "space between a number and CJK text from justified typesetting")
                } else {
                    (RuleId::SpacePunct, "space next to CJK punctuation from justified typesetting")
                };
                edits.push(Edit::new(rule, body[s].0, run, "", why));
            }
            j = e;
            ri += 1;
        } else {
            out.push(body[j].1, body[j].0);
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a line came to, for comparing two runs.
    fn parts(ls: &[Line]) -> Vec<(usize, Text, bool)> {
        ls.iter().map(|l| (l.no, l.text.clone(), l.space_at_end)).collect()
    }

    proptest::proptest! {
        #[test]
        fn any_cut_gives_the_same_lines_and_edits(text in "[设项目个争取本报讯 \u{3000}\u{a0}\t，。”（12ab#>\n]{0,200}", piece in 1usize..80) {
            let (mut e1, mut e2) = (Vec::new(), Vec::new());
            let whole = run_lines(&text, 0, 0, &mut e1);
            let cut = in_pieces(&text, piece, &mut e2);
            proptest::prop_assert_eq!(parts(&cut), parts(&whole));
            proptest::prop_assert_eq!(e2, e1);
        }
    }

    #[test]
    fn pieces_give_the_same_lines_and_edits() {
        for text in ["设 项 目 32 个 ，争 取\n\n2018 年 年 初 ，\n郭 静  \n（记者王耀 \n林丽）", "一\n二 三\n", "\n\n", "2020 年\n", ""] {
            let mut e1 = Vec::new();
            let whole = run_lines(text, 0, 0, &mut e1);
            // (pieces of one byte cut the text at every line that is not empty)
            assert!(pieces(text, 1).len() >= text.split('\n').filter(|l| !l.is_empty()).count(), "{text:?}");
            // (every cut: at each byte, a line break, the end)
            for piece in 1..=text.len() + 1 {
                let mut e2 = Vec::new();
                let cut = in_pieces(text, piece, &mut e2);
                assert_eq!(parts(&cut), parts(&whole), "{text:?} in pieces of {piece}");
                assert_eq!(e2, e1, "{text:?} in pieces of {piece}");
            }
        }
    }

    fn clean(s: &str) -> (String, Vec<Edit>) {
        let mut e = Vec::new();
        let t = clean_line(s, 0, &mut e);
        (t.as_string(), e)
    }

    #[test]
    fn letter_spaced_lines_collapse() {
        assert_eq!(clean("设 项 目 32 个 ，争 取 扶 贫 资 金 1100 万").0, "设项目32个，争取扶贫资金1100万");
        assert_eq!(clean("“ 一 床 难 求 ”问 题 ，2021 年 新 增 床 位").0, "“一床难求”问题，2021年新增床位");
        assert_eq!(clean("治 理 水 平 ，该 社 区 荣 获“ 全 省 文 明 卫").0, "治理水平，该社区荣获“全省文明卫");
        // short lines: few tokens, but a space before a closing mark
        assert_eq!(clean("2018 年 年 初 ，").0, "2018年年初，");
        assert_eq!(clean("达 到 93 . 1 % 和 85 . 4 % 。").0, "达到93.1%和85.4%。");
        // spaced-out numbers alone do not make a line letter-spaced
        assert_eq!(clean("新华社贵阳 10 月 8 日电 （记者").0, "新华社贵阳10月8日电 （记者");
    }

    #[test]
    fn numbers_lose_their_spaces() {
        assert_eq!(clean("今年 7 月 26 日发生本土疫情后，湘西").0, "今年7月26日发生本土疫情后，湘西");
        assert_eq!(clean("2020 年以来").0, "2020年以来");
    }

    #[test]
    fn phrase_spaces_stay() {
        for s in [
            "压实责任 把牢方向",
            "记者毛以国 李琳婕 通讯员周晓亮 龚伟",
            "《树家风 强科风 促行风》专题党课",
            "创一流 争第一 干唯一",
            "本报讯 （特约记者蔡良全）近",
            "Hello world",
            // Latin words and their marks, and options set in Chinese text, keep their spaces
            "——Eric S. Raymond, UNIX哲学",
            "-t, --terse 输出",
            "使用 -l 或 -L 选项。pwd - 显示当前目录。",
        ] {
            let (t, e) = clean(s);
            assert_eq!(t, s);
            assert!(e.is_empty());
        }
    }

    #[test]
    fn trims_and_logs() {
        let (t, e) = clean(" 近年来，为促进 ");
        assert_eq!(t, "近年来，为促进");
        assert_eq!(e.len(), 2);
    }

    #[test]
    fn markers_without_text_are_text() {
        assert_eq!(clean("> ").0, ">");
        assert_eq!(clean("## ").0, "##");
        assert_eq!(clean("## 标题").0, "## 标题");
    }

    #[test]
    fn offsets_follow_raw() {
        let mut e = Vec::new();
        let t = clean_line("2020 年", 10, &mut e);
        assert_eq!(t.offs, vec![10, 11, 12, 13, 15]);
    }
}
