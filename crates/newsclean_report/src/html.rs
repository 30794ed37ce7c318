//! A self-contained HTML review page for one cleaned page: the raw text on the left, the
//! cleaned stories on the right, every edit highlighted in both and listed; clicking an edit
//! (or `n` / `p`) scrolls both panes to it and flashes it.
//!
//! The text report ([`crate::report`]) says *what* changed; this page shows *where*, which is
//! what a reviewer needs for the few edits that deserve attention (typo corrections and
//! suggestions). Layout edits — hundreds of joined column lines on a page — are small markers
//! in the raw pane and are listed grouped per rule, so they never drown the others.
//!
//! The page is one file with inline CSS and JS and a Content-Security-Policy that forbids all
//! network access: reports are opened from disk and archived next to the pages, so they must
//! neither depend on a server nor leak the archive's text to one.
//!
//! Positions: an edit covers the raw bytes `[offset, offset + max(before.len(), 1))`. The raw
//! pane wraps those bytes; a cleaned character is inside the edit when the raw offset it came
//! from ([`crate::model::Text::offs`]) is. An edit that leaves no character behind (a removed
//! line break or space) gets an empty marker between the cleaned characters around it. Edits
//! may overlap (a joined line inside a moved headline), so the raw text is cut into flat
//! pieces, each knowing every edit that covers it; both panes are built from these pieces in
//! sweeps over edits sorted by offset, so a 100 KB page with thousands of edits stays fast.

use crate::edit::{Confidence, Edit, Stage};
use crate::model::{BlockKind, Text};
use crate::pipeline::Cleaned;
use crate::rules::RuleId;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Layout groups up to this size are listed as rows with their text; bigger ones (joined
/// lines) as compact chips showing only the line number.
const ROWS_UP_TO: usize = 12;

/// The whole review page for the page `name` (shown in the title; any text is fine).
pub fn html_report(name: &str, c: &Cleaned) -> String {
    let ranges: Vec<(usize, usize)> = c.edits.iter().map(|e| raw_range(&c.raw, e)).collect();
    let mut order: Vec<usize> = (0..c.edits.len()).collect();
    order.sort_by_key(|&i| ranges[i]);
    let pieces = pieces(&c.raw, &ranges, &order);
    let mut h = String::with_capacity(c.raw.len() * 3 + 32 * c.edits.len() + 16_384);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>newsclean review · {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        escape(name)
    );
    summary(&mut h, name, c);
    h.push_str("<main>\n");
    edit_list(&mut h, c);
    raw_pane(&mut h, c, &ranges, &order, &pieces);
    cleaned_pane(&mut h, c, &ranges, &order, &pieces);
    h.push_str("</main>\n<script>");
    h.push_str(SCRIPT);
    h.push_str("</script>\n</body>\n</html>\n");
    h
}

/// HTML-escape text for element content and quoted attributes. `:` is escaped too, so that a
/// URL printed in a newspaper never appears as `http://` in the source: any `http://` in a
/// report would then be a real reference to the network, which tests can look for.
fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        push_escaped(&mut o, ch);
    }
    o
}

fn push_escaped(o: &mut String, ch: char) {
    match ch {
        '&' => o.push_str("&amp;"),
        '<' => o.push_str("&lt;"),
        '>' => o.push_str("&gt;"),
        '"' => o.push_str("&quot;"),
        '\'' => o.push_str("&#39;"),
        ':' => o.push_str("&#58;"),
        '\0' => o.push('␀'),
        // HTML cannot carry most control characters; show them as the text report does.
        c if c.is_control() && c != '\n' && c != '\t' => {
            let _ = write!(o, "\\u{{{:04x}}}", c as u32);
        }
        c => o.push(c),
    }
}

/// [`crate::term::visible`], cut to `max` characters, `∅` for nothing (a deletion's after).
fn shown(s: &str, max: usize) -> String {
    if s.is_empty() {
        return "∅".into();
    }
    let v = crate::term::visible(s);
    if v.chars().count() > max { format!("{}…", v.chars().take(max).collect::<String>()) } else { v }
}

fn applied(e: &Edit) -> bool {
    e.confidence == Confidence::Applied
}

/// The name of an edit's confidence as JSON spells it (`suggested`, …), so that a confidence
/// added later is labelled correctly here without a change.
fn confidence_name(e: &Edit) -> String {
    serde_json::to_value(e.confidence).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_else(|| "not applied".into())
}

/// Whether the edit is about invisible characters only (a joined line, a removed space): its
/// characters are drawn as symbols, and it is drawn lightly because there are hundreds.
fn whitespace_only(e: &Edit) -> bool {
    !e.before.is_empty() && e.before.chars().all(char::is_whitespace)
}

/// Whether the edit covers a long stretch (a moved block, a letter-spaced line): it is
/// underlined instead of filled, so that the short edits inside it still stand out.
fn wide(e: &Edit) -> bool {
    e.before.chars().count() > 8 && !whitespace_only(e)
}

/// The raw bytes an edit covers, `[offset, offset + max(before.len(), 1))` clamped to the raw
/// text and widened to character boundaries.
fn raw_range(raw: &str, e: &Edit) -> (usize, usize) {
    let mut a = e.offset.min(raw.len());
    while !raw.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = e.offset.saturating_add(e.before.len().max(1)).min(raw.len()).max(a);
    while !raw.is_char_boundary(b) {
        b += 1;
    }
    (a, b)
}

/// A run of raw text with the same covering edits and within one raw line.
struct Piece {
    start: usize,
    end: usize,
    /// Indices into `Cleaned::edits`, in order of their raw range.
    edits: Vec<usize>,
}

/// Cut the raw text at every edit start and end and every line start, and record for each
/// piece the edits covering it (one sweep over the edits in raw order).
fn pieces(raw: &str, ranges: &[(usize, usize)], order: &[usize]) -> Vec<Piece> {
    let mut cuts: Vec<usize> = vec![0, raw.len()];
    cuts.extend(raw.match_indices('\n').map(|(i, _)| i + 1));
    cuts.extend(ranges.iter().flat_map(|&(a, b)| [a, b]));
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::with_capacity(cuts.len());
    let mut active: Vec<usize> = Vec::new();
    let mut next = 0;
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        active.retain(|&i| ranges[i].1 > a);
        while next < order.len() && ranges[order[next]].0 <= a {
            if ranges[order[next]].1 > a {
                active.push(order[next]);
            }
            next += 1;
        }
        out.push(Piece { start: a, end: b, edits: active.clone() });
    }
    out
}

/// The edit a piece is drawn as when several cover it: the narrowest (a typo inside a moved
/// headline shows as the typo), and of equally narrow ones the latest stage.
fn top(edits: &[usize], ranges: &[(usize, usize)], all: &[Edit]) -> usize {
    *edits.iter().min_by_key(|&&i| (ranges[i].1 - ranges[i].0, std::cmp::Reverse(all[i].stage))).expect("a covered piece")
}

/// The opening tag of a highlighted run: class by stage and confidence, `data-e` listing every
/// covering edit so the script can flash all the runs of one edit.
fn open_span(h: &mut String, edits: &[usize], ranges: &[(usize, usize)], all: &[Edit]) {
    let t = &all[top(edits, ranges, all)];
    let _ = write!(
        h,
        "<span class=\"hl s-{}{}{}\" data-e=\"",
        t.stage.name(),
        if applied(t) { "" } else { " sugg" },
        if whitespace_only(t) {
            " ws"
        } else if wide(t) {
            " wide"
        } else {
            ""
        }
    );
    for (k, i) in edits.iter().enumerate() {
        let _ = write!(h, "{}{i}", if k > 0 { " " } else { "" });
    }
    h.push_str("\">");
}

fn anchor(h: &mut String, i: usize, side: &str) {
    let _ = write!(h, "<span class=\"at\" id=\"e{i}-{side}\"></span>");
}

fn summary(h: &mut String, name: &str, c: &Cleaned) {
    let not_applied = c.edits.iter().filter(|e| !applied(e)).count();
    let _ = write!(
        h,
        "<header>\n<div class=\"title\"><span class=\"app\">newsclean review</span> <span class=\"file\">{}</span> <span class=\"enc\">{}</span></div>\n\
         <div class=\"stats\"><span class=\"stat\">{}</span><span class=\"stat\">{}</span><span class=\"stat\">{} applied</span>",
        escape(name),
        escape(c.encoding),
        count(c.page.stories.len(), "story", "stories"),
        count(c.paragraphs(), "paragraph", "paragraphs"),
        count(c.edits.len() - not_applied, "edit", "edits"),
    );
    for (stage, n) in c.edits_by_stage() {
        let _ = write!(h, "<span class=\"chip s-{0}{2}\"><i class=\"sw\"></i>{0} <b>{1}</b></span>", stage.name(), n, if n == 0 { " zero" } else { "" });
    }
    let _ = write!(h, "<span class=\"stat{}\">{}</span>", if c.suggestions() > 0 { " warn" } else { "" }, count(c.suggestions(), "suggestion", "suggestions"));
    if not_applied > c.suggestions() {
        let _ = write!(h, "<span class=\"stat\">{} not applied</span>", count(not_applied - c.suggestions(), "other edit", "other edits"));
    }
    h.push_str(
        "</div>\n<div class=\"legend\"><span><span class=\"hl s-typos\">字</span> applied</span>\
         <span><span class=\"hl s-typos sugg\">字</span> suggested, not applied</span>\
         <span><b class=\"nl s-reflow\">⏎</b> joined line</span><span><b class=\"vis s-spacing\">␣</b> removed space</span>\
         <span>click an edit or press <kbd>n</kbd> / <kbd>p</kbd> for the next / previous one</span>\
         <span id=\"status\" aria-live=\"polite\"></span></div>\n</header>\n",
    );
}

/// `<b>1</b> story`, `<b>8</b> stories`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("<b>{n}</b> {}", if n == 1 { one } else { many })
}

/// One edit as a list row: line, rule, before → after, reason.
fn edit_row(h: &mut String, i: usize, e: &Edit, with_stage: bool) {
    let _ = write!(h, "<li class=\"ed s-{}{}\" data-e=\"{i}\" title=\"{}\"><span class=\"line\">{}</span>", e.stage.name(), if applied(e) { "" } else { " sugg" }, escape(&label(e)), e.line);
    if with_stage {
        let _ = write!(h, "<span class=\"stage\">{}</span>", e.stage.name());
    }
    let _ = write!(h, "<span class=\"rule\">{}</span>", escape(e.rule.name()));
    if !applied(e) {
        let _ = write!(h, "<span class=\"badge\">{}</span>", escape(&confidence_name(e)));
    }
    let _ = writeln!(h, "<span class=\"ba\"><del>{}</del> → <ins>{}</ins></span><span class=\"why\">{}</span></li>", escape(&shown(&e.before, 40)), escape(&shown(&e.after, 40)), escape(&e.reason));
}

/// The one-line description the script shows in the status bar.
fn label(e: &Edit) -> String {
    format!("{} {}, line {}: {} → {}", e.stage.name(), e.rule, e.line, shown(&e.before, 24), shown(&e.after, 24))
}

/// The edit list: typo corrections and anything not applied one by one (they need a look),
/// then layout edits grouped per stage and rule, collapsed.
fn edit_list(h: &mut String, c: &Cleaned) {
    let typos: Vec<usize> = (0..c.edits.len()).filter(|&i| c.edits[i].stage == Stage::Typos && applied(&c.edits[i])).collect();
    let open: Vec<usize> = (0..c.edits.len()).filter(|&i| !applied(&c.edits[i])).collect();
    let mut groups: BTreeMap<(Stage, RuleId), Vec<usize>> = BTreeMap::new();
    for (i, e) in c.edits.iter().enumerate().filter(|(_, e)| e.stage != Stage::Typos && applied(e)) {
        groups.entry((e.stage, e.rule)).or_default().push(i);
    }
    let _ = write!(h, "<nav id=\"edits\" class=\"pane\">\n<h2 class=\"bar\">Edits <small>{}</small></h2>\n", c.edits.len());
    let _ = writeln!(h, "<h3>Typo corrections <small>{}</small></h3>", typos.len());
    if typos.is_empty() {
        h.push_str("<p class=\"none\">none</p>\n");
    } else {
        h.push_str("<ol class=\"rows\">\n");
        for &i in &typos {
            edit_row(h, i, &c.edits[i], false);
        }
        h.push_str("</ol>\n");
    }
    if !open.is_empty() {
        // all suggestions, unless the reviewer's rejected edits are among them (each has its badge)
        let title = if open.iter().all(|&i| c.edits[i].confidence == Confidence::Suggested) { "Suggestions, not applied" } else { "Not applied" };
        let _ = write!(h, "<h3>{title} <small>{}</small></h3>\n<ol class=\"rows\">\n", open.len());
        for &i in &open {
            edit_row(h, i, &c.edits[i], c.edits[i].stage != Stage::Typos);
        }
        h.push_str("</ol>\n");
    }
    let _ = writeln!(h, "<h3>Layout changes <small>{}</small></h3>", groups.values().map(Vec::len).sum::<usize>());
    if groups.is_empty() {
        h.push_str("<p class=\"none\">none</p>\n");
    }
    for ((stage, rule), is) in &groups {
        let _ = writeln!(
            h,
            "<details class=\"grp s-{0}\"><summary><i class=\"sw\"></i><span class=\"stage\">{0}</span><span class=\"rule\">{1}</span><span class=\"n\">×{2}</span><span class=\"why\">{3}</span></summary>",
            stage.name(),
            escape(rule.name()),
            is.len(),
            escape(&c.edits[is[0]].reason)
        );
        if is.len() <= ROWS_UP_TO {
            h.push_str("<ol class=\"rows\">\n");
            for &i in is {
                edit_row(h, i, &c.edits[i], false);
            }
        } else {
            h.push_str("<ol class=\"chips\">");
            for &i in is {
                let e = &c.edits[i];
                let _ = write!(h, "<li class=\"s-{}\" data-e=\"{i}\" title=\"{}\">{}</li>", stage.name(), escape(&label(e)), e.line);
            }
        }
        h.push_str("</ol></details>\n");
    }
    h.push_str("</nav>\n");
}

/// The raw text, one numbered block per line (so that a long line wraps under its own text,
/// not under the numbers), every edit's bytes wrapped, and the line breaks and spaces that
/// layout edits removed drawn as `⏎` and `␣`.
fn raw_pane(h: &mut String, c: &Cleaned, ranges: &[(usize, usize)], order: &[usize], pieces: &[Piece]) {
    let raw = &c.raw;
    let _ = write!(h, "<section class=\"pane\" id=\"rawpane\">\n<h2 class=\"bar\">Raw text <small>{} lines</small></h2>\n<pre id=\"raw\">", raw.lines().count());
    let mut line = 0;
    let mut next = 0; // in `order`: the next edit whose anchor is due
    for p in pieces {
        // pieces never cross a line start, so a line's spans all close inside it
        if p.start == 0 || raw.as_bytes()[p.start - 1] == b'\n' {
            if line > 0 {
                h.push_str("</span>");
            }
            line += 1;
            let _ = write!(h, "<span class=\"l\"><i class=\"ln\" data-n=\"{line}\"></i>");
        }
        while next < order.len() && ranges[order[next]].0 <= p.start {
            anchor(h, order[next], "raw");
            next += 1;
        }
        let text = &raw[p.start..p.end];
        if p.edits.is_empty() {
            for ch in text.chars() {
                push_escaped(h, ch);
            }
            continue;
        }
        open_span(h, &p.edits, ranges, &c.edits);
        // whitespace is drawn when an edit is about it (a moved block's line breaks are not)
        let ws = p.edits.iter().find(|&&i| whitespace_only(&c.edits[i])).map(|&i| c.edits[i].stage.name());
        for ch in text.chars() {
            match (ch, ws) {
                ('\n', Some(s)) => {
                    let _ = writeln!(h, "<b class=\"nl s-{s}\">⏎</b>");
                }
                (' ', Some(s)) => {
                    let _ = write!(h, "<b class=\"vis s-{s}\">␣</b>");
                }
                ('\u{3000}', Some(s)) => {
                    let _ = write!(h, "<b class=\"vis s-{s}\">□</b>");
                }
                (ch, _) => push_escaped(h, ch),
            }
        }
        h.push_str("</span>");
    }
    // edits at the very end of the raw text (nothing left to cover)
    for &i in &order[next..] {
        anchor(h, i, "raw");
    }
    if line > 0 {
        h.push_str("</span>");
    }
    h.push_str("</pre>\n</section>\n");
}

/// The cleaned stories, each in a `<section class="story">`, with every character whose raw
/// offset an edit covers wrapped, and empty markers where an edit left nothing.
fn cleaned_pane(h: &mut String, c: &Cleaned, ranges: &[(usize, usize)], order: &[usize], pieces: &[Piece]) {
    let _ = write!(h, "<section class=\"pane\" id=\"outpane\">\n<h2 class=\"bar\">Cleaned stories <small>{}</small></h2>\n<div id=\"out\">\n", c.page.stories.len());
    let mut placed = vec![false; c.edits.len()];
    for (k, story) in c.page.stories.iter().enumerate() {
        let _ = writeln!(h, "<section class=\"story\" id=\"story-{}\">", k + 1);
        for b in &story.blocks {
            let tag = match b.kind {
                BlockKind::Headline => "h1",
                BlockKind::Deck => "h2",
                BlockKind::Section => "h3",
                BlockKind::Caption => "blockquote",
                BlockKind::Paragraph => "p",
            };
            // trimmed like the Markdown page; an empty block is not rendered there either
            let t = &b.text;
            let Some(a) = t.chars.iter().position(|c| !c.is_whitespace()) else { continue };
            let z = t.chars.iter().rposition(|c| !c.is_whitespace()).map_or(a, |z| z + 1);
            let _ = write!(h, "<{tag}>");
            block_text(h, c, t, a, z, ranges, order, pieces, &mut placed);
            let _ = writeln!(h, "</{tag}>");
        }
        h.push_str("</section>\n");
    }
    h.push_str("</div>\n</section>\n");
}

/// Characters `a..z` of a block: runs with the same covering edits share a span. Between two
/// characters whose raw offsets are `p < q`, an edit lying wholly inside `(p, q)` removed
/// everything it covered; it gets an empty marker there.
#[allow(clippy::too_many_arguments)]
fn block_text(h: &mut String, c: &Cleaned, t: &Text, a: usize, z: usize, ranges: &[(usize, usize)], order: &[usize], pieces: &[Piece], placed: &mut [bool]) {
    let covering = |off: usize| -> &[usize] {
        let k = pieces.partition_point(|p| p.end <= off);
        match pieces.get(k) {
            Some(p) if p.start <= off => &p.edits,
            _ => &[],
        }
    };
    let mut current: &[usize] = &[];
    let mut prev: Option<usize> = None;
    for i in a..z {
        let q = t.offs[i] as usize;
        if let Some(p) = prev.filter(|&p| p < q) {
            let from = order.partition_point(|&j| ranges[j].0 <= p);
            for &j in order[from..].iter().take_while(|&&j| ranges[j].0 < q) {
                if ranges[j].1 <= q && ranges[j].0 < ranges[j].1 {
                    let e = &c.edits[j];
                    if !placed[j] {
                        placed[j] = true;
                        anchor(h, j, "out");
                    }
                    let _ = write!(h, "<span class=\"gap s-{}{}\" data-e=\"{j}\"></span>", e.stage.name(), if e.changes_text() { " del" } else { "" });
                }
            }
        }
        prev = Some(q);
        let here = covering(q);
        if here != current {
            if !current.is_empty() {
                h.push_str("</span>");
            }
            for &j in here {
                if !placed[j] {
                    placed[j] = true;
                    anchor(h, j, "out");
                }
            }
            if !here.is_empty() {
                open_span(h, here, ranges, &c.edits);
            }
            current = here;
        }
        push_escaped(h, t.chars[i]);
    }
    if !current.is_empty() {
        h.push_str("</span>");
    }
}

const CSS: &str = include_str!("html/review.css");

/// Jump to an edit from the list, a click in a pane, `n` / `p`, or `#e<index>` in the address;
/// the last statement marks the page ready, which the browser test checks to know the script
/// ran without an error.
const SCRIPT: &str = include_str!("html/review.js");

/// The text of every `<h1>` of the cleaned pane, tags stripped and entities decoded: what a
/// reader sees as the story headlines (for tests of the report, here and in a browser's DOM).
pub fn story_headlines(html: &str) -> Vec<String> {
    let Some(at) = html.find("<div id=\"out\">") else { return Vec::new() };
    let out = &html[at..];
    out.split("<h1>")
        .skip(1)
        .map(|s| {
            let inner = &s[..s.find("</h1>").unwrap_or(s.len())];
            let mut text = String::new();
            let mut in_tag = false;
            for ch in inner.chars() {
                match ch {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&#58;", ":").replace("&nbsp;", "\u{a0}").replace("&amp;", "&")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE_003: &[u8] = include_bytes!("../../newsclean/tests/fixtures/raw/003_7e1b45ea7f2662d5.txt");

    fn pane<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
        let a = html.find(open).expect("pane start");
        &html[a..a + html[a..].find(close).expect("pane end")]
    }

    #[test]
    fn escapes_text_and_shows_invisibles() {
        assert_eq!(escape("<a href=\"x\">&'</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
        assert_eq!(escape("见http://x.cn"), "见http&#58;//x.cn");
        assert_eq!(crate::term::visible("\n\u{3000}\0 a"), "⏎□␀␣a");
        assert_eq!(shown("", 5), "∅");
        let c = crate::clean_str("本报讯 记者在<script>alert(1)</script>看到，群众满意。\n").expect("cleans");
        let h = html_report("<page & \"1\">", &c);
        assert!(h.contains("&lt;page &amp; &quot;1&quot;&gt;"));
        assert!(!h.contains("<page"));
        assert!(!h.contains("<script>alert"), "raw text must be escaped");
        assert_eq!(h.matches("<script>").count(), 1, "only the page's own script");
    }

    #[test]
    fn every_story_is_a_section_with_its_headline() {
        let c = crate::clean_bytes(PAGE_003).expect("cleans");
        let h = html_report("003.txt", &c);
        let want: Vec<String> = c.page.stories.iter().filter_map(|s| s.headline()).map(|s| s.trim().to_string()).collect();
        assert!(want.len() >= 5);
        assert_eq!(story_headlines(&h), want);
        assert_eq!(h.matches("<section class=\"story\"").count(), c.page.stories.len());
        assert!(h.contains(&format!("<b>{}</b> stories", c.page.stories.len())));
        assert_eq!(count(1, "story", "stories"), "<b>1</b> story");
        assert!(h.contains(&format!("<b>{}</b> paragraphs", c.paragraphs())));
    }

    #[test]
    fn a_typo_edit_is_highlighted_in_both_panes_and_listed() {
        let c = crate::clean_bytes(PAGE_003).expect("cleans");
        let i = c.edits.iter().position(|e| e.rule == RuleId::HalfwidthPunct).expect("the page has a half-width comma");
        let (e, h) = (&c.edits[i], html_report("003.txt", &c));
        assert_eq!((&*e.before, &*e.after), (",", "，"));
        let raw = pane(&h, "<pre id=\"raw\">", "</pre>");
        let out = pane(&h, "<div id=\"out\">", "</main>");
        let list = pane(&h, "<nav id=\"edits\"", "</nav>");
        assert!(raw.contains(&format!("id=\"e{i}-raw\"></span><span class=\"hl s-typos\" data-e=\"{i}\">,</span>")), "raw pane");
        assert!(out.contains(&format!("id=\"e{i}-out\"></span><span class=\"hl s-typos\" data-e=\"{i}\">，</span>")), "cleaned pane");
        assert!(list.contains(&format!("data-e=\"{i}\"")) && list.contains("halfwidth-punct"));
        // every edit has its place in the raw pane and one list entry
        for k in 0..c.edits.len() {
            assert_eq!(raw.matches(&format!("id=\"e{k}-raw\"")).count(), 1, "edit {k}");
            assert_eq!(list.matches(&format!("data-e=\"{k}\"")).count(), 1, "edit {k}");
            assert!(out.matches(&format!("id=\"e{k}-out\"")).count() <= 1, "edit {k}");
        }
    }

    #[test]
    fn layout_edits_are_markers_and_grouped() {
        let c = crate::clean_bytes(PAGE_003).expect("cleans");
        let h = html_report("003.txt", &c);
        let joins = c.edits.iter().filter(|e| e.rule == RuleId::JoinLines).count();
        assert!(joins > ROWS_UP_TO);
        let raw = pane(&h, "<pre id=\"raw\">", "</pre>");
        assert!(raw.matches("<b class=\"nl s-reflow\">⏎</b>").count() >= joins);
        assert!(h.contains(&format!("<span class=\"rule\">join-lines</span><span class=\"n\">×{joins}</span>")));
        assert!(h.contains("<ol class=\"chips\">"));
    }

    #[test]
    fn suggestions_are_styled_apart() {
        let mut c = crate::clean_bytes(PAGE_003).expect("cleans");
        let i = c.edits.iter().position(|e| e.rule == RuleId::HalfwidthPunct).expect("typo");
        c.edits[i].confidence = Confidence::Suggested;
        let h = html_report("003.txt", &c);
        let n = c.edits.iter().filter(|e| e.confidence == Confidence::Suggested).count();
        assert!(h.contains(&format!("Suggestions, not applied <small>{n}</small>")));
        assert!(h.contains(&format!("<span class=\"hl s-typos sugg\" data-e=\"{i}\">,</span>")));
        assert!(h.contains("<span class=\"badge\">suggested</span>"));
        c.edits[i].confidence = Confidence::Rejected;
        let h = html_report("003.txt", &c);
        // (the rejected edit is listed with the page's suggestions, if it has any)
        assert!(h.contains(&format!("Not applied <small>{n}</small>")) && h.contains("<span class=\"badge\">rejected</span>"));
        assert!(h.contains("<b>1</b> other edit not applied"));
    }

    #[test]
    fn no_network_references() {
        for raw in [PAGE_003, "见 http://example.cn 网站\n".as_bytes()] {
            let h = html_report("p.txt", &crate::clean_bytes(raw).expect("cleans"));
            assert!(!h.contains("http://") && !h.contains("https://") && !h.contains("//fonts"), "network reference");
            assert!(!h.contains(" src=") && !h.contains(" href="), "no external resources");
        }
    }

    #[test]
    fn a_large_page_is_fast() {
        let mut raw = Vec::new();
        while raw.len() < 100_000 {
            raw.extend_from_slice(PAGE_003);
            raw.extend_from_slice(b"\n\n");
        }
        let c = crate::clean_bytes(&raw).expect("cleans");
        let t = std::time::Instant::now();
        let h = html_report("big.txt", &c);
        assert!(t.elapsed().as_secs_f64() < 2.0, "took {:?}", t.elapsed());
        assert!(h.len() > raw.len());
    }
}
