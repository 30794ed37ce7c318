//! Stage 3, reflow: rebuild blocks (paragraphs, headings, bylines, captions) from raw lines.
//!
//! A raw page is a list of column lines. Whether a line break ends a paragraph is decided from
//! evidence that holds across papers, never from constants tuned to one page:
//!
//! * the page's *style*: a blank line after every line (blank lines then mean nothing), blank
//!   lines only at column or paragraph breaks, or one paragraph per line;
//! * the column width `W`, estimated from the lines that do not end a sentence (full lines);
//! * sentence ends (`。！？` and closing quotes), balanced quotes, and the lost indent of a
//!   paragraph's first line (a sentence end on a full line continues unless the next line is
//!   indented, i.e. shorter);
//! * runs of blank lines (image gaps) and widths beyond the column for captions;
//! * datelines, bylines and sign-offs recognised by pattern.
//!
//! Heading lines are emitted as `Role::Heading` groups; whether a group is a headline, a deck
//! or a section heading is the story stage's decision, because it depends on the stories.

use crate::edit::{Edit, Stage};
use crate::model::{Block, BlockKind, Role, Text};
use crate::stages::layout;
use crate::stages::layout::words::{bridges, ends_on_particle, is_attribution, several_sentences};
use crate::stages::spacing::Line;
use crate::text::{balanced, ends_sentence, has_phrase_space, is_cjk, width};
use std::sync::atomic::{AtomicU32, Ordering};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Md(u8),
    Quote,
    Dateline,
    Byline,
    Signoff,
    DeckMark,
    CaptionMark,
    Text,
}

struct Item {
    no: usize,
    indent: bool,
    text: Text,
    space_at_end: bool,
    gap_before: usize,
    gap_after: usize,
    w: f32,
    /// Non-space characters, each counted as one cell: with `w`, a line is only taken as
    /// indented when it is short however its digits were set.
    n: f32,
    kind: Kind,
    /// The next line starts with an opening mark, which typesetters never leave at a line
    /// end: this line may be a cell short of full.
    pulled: bool,
}

/// Layout facts measured on the page.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Blank lines after (nearly) every line: they carry no meaning.
    pub double: bool,
    /// One paragraph per line (no column wrapping).
    pub per_line: bool,
    /// Estimated column width in cells.
    pub width: f32,
    /// Blank lines fall where columns break, not where paragraphs end: most of them follow a
    /// line that does not end a sentence.
    pub blanks_are_column_breaks: bool,
}

fn starts_with(t: &[char], p: &str) -> bool {
    let mut i = 0;
    for c in p.chars() {
        if t.get(i) != Some(&c) {
            return false;
        }
        i += 1;
    }
    true
}

/// `本报讯`, `本报北京1月1日讯`, `本报北京1月1日电`, `新华社北京1月1日电`.
pub fn is_dateline(t: &[char]) -> bool {
    let within = |head: &str, mark: char, n: usize| {
        starts_with(t, head) && t.iter().take(n).any(|&c| c == mark) && {
            let p = t.iter().position(|&c| c == mark).unwrap();
            // (`本报记者 郭静 通讯员罗成` is a byline: its `讯` is in `通讯员`, perhaps cut)
            t[..p].iter().all(|&c| is_cjk(c) || c.is_ascii_digit() || c == ' ') && !(p > 0 && t[p - 1] == '通')
        }
    };
    within("本报", '讯', 14) || within("本报", '电', 14) || within("新华社", '电', 20) || within("中新社", '电', 20) || within("人民网", '电', 20)
}

pub fn is_byline(t: &[char]) -> bool {
    if t.iter().any(|&c| matches!(c, '。' | '，' | '；' | '！' | '？')) || width(t) > 40.0 || !balanced(t) {
        return false;
    }
    const HEADS: [&str; 9] = ["记者", "本报记者", "特约记者", "通讯员", "本报通讯员", "实习记者", "见习记者", "文/", "文／"];
    // a credit, then a name (`记者马胜江`, `本报记者 钟宁`), not a sentence that opens with the
    // word (`记者从当地邮政管理部门获悉`, `记者看到……`)
    if let Some(h) = HEADS.iter().find(|h| starts_with(t, h)) {
        let rest: Vec<char> = t[h.chars().count()..].iter().copied().skip_while(|&c| c == ' ').collect();
        let mut first: Vec<char> = rest.iter().copied().take_while(|&c| c != ' ').collect();
        // (a name may run into the next credit where a line join lost the space: `郭静通讯员罗成`)
        if let Some(k) = (2..first.len()).find(|&k| first[k..].starts_with(&['通', '讯', '员']) || first[k..].starts_with(&['记', '者'])) {
            first.truncate(k);
        }
        return !rest.is_empty() && (crate::names::is_name(&first) || (first.len() == 1 && first.iter().all(|&c| is_cjk(c))));
    }
    let toks: Vec<&[char]> = t.split(|&c| c == ' ').filter(|x| !x.is_empty()).collect();
    toks.len() >= 2 && toks.iter().all(|x| crate::names::is_name(x))
}

pub fn is_signoff(t: &[char]) -> bool {
    let paren = t.len() >= 3 && t.len() <= 16 && t[0] == '（' && t[t.len() - 1] == '）' && !t[1..t.len() - 1].iter().any(|&c| matches!(c, '（' | '）' | '。' | '，'));
    let credit = (starts_with(t, "图片由") || starts_with(t, "照片由")) && t.ends_with(&['提', '供']) && t.len() <= 30;
    paren || credit || (starts_with(t, "本报评论员") && t.len() <= 6)
}

fn kind_of(t: &[char]) -> (Kind, usize) {
    if t.first() == Some(&'#') {
        let n = t.iter().take_while(|&&c| c == '#').count();
        if n <= 6 && t.get(n) == Some(&' ') {
            return (Kind::Md(n as u8), n + 1);
        }
    }
    if t.len() > 2 && t[0] == '>' && t[1] == ' ' {
        return (Kind::Quote, 2);
    }
    let k = if is_dateline(t) {
        Kind::Dateline
    } else if is_signoff(t) {
        Kind::Signoff
    } else if is_byline(t) {
        Kind::Byline
    } else if (starts_with(t, "——") || starts_with(t, "●") || starts_with(t, "◎")) && t.iter().any(|&c| c != '—') && !ends_sentence(t) {
        // (a lone `—` is the second half of a dash broken at the line end above)
        Kind::DeckMark
    } else if starts_with(t, "图为") || starts_with(t, "上图") || starts_with(t, "下图") || t.ends_with(&['摄', '）']) || t.ends_with(&['摄', ')']) {
        Kind::CaptionMark
    } else {
        Kind::Text
    };
    (k, 0)
}

/// The cells a line fills inside the column, for reading its indent: the larger of width and
/// character count, without a closing mark that hangs past the column edge.
fn indent_cells(it: &Item) -> f32 {
    it.w.max(it.n) - hang(it)
}

/// The cell a closing mark at the end of a line may hang past the column edge with.
fn hang(it: &Item) -> f32 {
    // (a pair such as `。”` hangs together)
    it.text.chars.iter().rev().take(2).take_while(|&&c| crate::text::hangs(c)).count() as f32
}

fn median(mut v: Vec<f32>) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    Some(v[v.len() / 2])
}

/// The column width: the widest line length that many lines share, in cells without a
/// hanging mark. Full lines all have it; first lines (their indent lost) are two cells
/// shorter, last lines anything shorter, and a caption or headline set across columns is
/// wider but seldom repeats. The median of the unfinished lines (what `measure` takes first)
/// does when paragraphs are long, but in a page of short paragraphs most of those are first
/// lines: the larger of the two is taken.
fn column_width(items: &[Item]) -> Option<f32> {
    let mut hist = std::collections::BTreeMap::<u32, usize>::new();
    for it in items.iter().filter(|i| i.kind == Kind::Text) {
        let c = it.w - hang(it);
        if (6.0..=40.0).contains(&c) {
            *hist.entry(c.round() as u32).or_default() += 1;
        }
    }
    let top = *hist.values().max()?;
    let floor = (top / 3).max(3);
    // a peak, not the shoulder of one: typeset widths spread a cell either way (half-width
    // digits, compressed punctuation)
    let count = |v: u32| hist.get(&v).copied().unwrap_or(0);
    hist.iter().rev().find(|&(&v, &n)| n >= floor && n >= count(v.saturating_sub(1)) && n >= count(v + 1)).map(|(&v, _)| v as f32)
}

fn measure(items: &[Item]) -> Layout {
    let internal: Vec<usize> = items.windows(2).map(|w| w[0].gap_after).collect();
    let ones = internal.iter().filter(|&&g| g == 1).count();
    let double_gaps = internal.len() >= 4 && ones * 10 >= internal.len() * 7;
    let mut ws: Vec<f32> = items.iter().map(|i| i.w).collect();
    ws.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let p75 = ws.get(ws.len() * 3 / 4).copied().unwrap_or(0.0);
    let full: Vec<f32> = items
        .iter()
        .filter(|i| i.kind == Kind::Text && !ends_sentence(&i.text.chars) && i.w >= 6.0 && i.w <= 40.0)
        .map(|i| i.w)
        .collect();
    let per_line = p75 > 40.0 || full.len() < 4;
    let width = if per_line { f32::INFINITY } else { median(full).into_iter().chain(column_width(items)).fold(f32::NAN, f32::max) };
    // a blank line between paragraphs that are one line each is the ordinary style, not
    // double spacing: only column lines are double-spaced
    let double = double_gaps && !per_line;
    let after: Vec<bool> = items.windows(2).filter(|w| w[0].gap_after == 1 && w[0].kind == Kind::Text).map(|w| ends_sentence(&w[0].text.chars)).collect();
    let ending = after.iter().filter(|&&e| e).count();
    let blanks_are_column_breaks = !double && !per_line && after.len() >= 4 && ending * 10 < after.len() * 4;
    Layout { double, per_line, width, blanks_are_column_breaks }
}

/// Build the blocks of a page from its cleaned lines.
pub fn run(lines: Vec<Line>, gate: &crate::decisions::Gate, edits: &mut Vec<Edit>) -> (Vec<Block>, Layout) {
    let large = lines.len() >= 2 * PIECE_LINES;
    let (blocks, layout, _) = run_in(lines, gate, edits, large);
    (blocks, layout)
}

/// [`run`], in pieces in parallel when `large`; also says how many pieces stood as built.
fn run_in(lines: Vec<Line>, gate: &crate::decisions::Gate, edits: &mut Vec<Edit>, large: bool) -> (Vec<Block>, Layout, usize) {
    let items = read_items(lines, edits, large);
    let layout = measure(&items);
    if std::env::var_os("NEWSCLEAN_OLD_REFLOW").is_none() {
        let views = views(&items);
        let facts = page_facts(&items, &layout);
        let allowed = allowed(&items, gate);
        let d = layout::decode(&views, &facts, &allowed, layout::weights());
        let blocks = build_tagged(&items, &d, gate, edits);
        return (blocks, layout, 0);
    }
    let groups: Vec<AtomicU32> = (0..items.len()).map(|_| AtomicU32::new(UNKNOWN)).collect();
    let builder = |edits: Vec<Edit>| Builder { items: &items, lay: layout, edits, gate, blocks: Vec::new(), suspended: None, resumed: false, groups: &groups };
    let starts = if large { piece_starts(&items) } else { Vec::new() };
    if starts.is_empty() {
        let mut b = builder(std::mem::take(edits));
        b.build_until(0, items.len());
        *edits = b.edits;
        return (b.blocks, layout, 0);
    }
    // A large page is built in pieces in parallel, each by a builder of its own that starts
    // fresh at a dateline. A piece stands as built only where the builder of the piece before
    // it ended exactly at that dateline with nothing pending (no paragraph suspended around a
    // brief, none just resumed): then the one builder over the whole page would have been in
    // the same state there, and the blocks and edits are the same. Where not, the builder
    // before goes on over the piece, as it would have on a page built at once.
    use rayon::prelude::*;
    let bounds: Vec<(usize, usize)> = starts.iter().zip(starts.iter().skip(1).chain([&items.len()])).map(|(&a, &b)| (a, b)).collect();
    let built: Vec<(Builder, usize)> = bounds
        .par_iter()
        .map(|&(a, b)| {
            let mut bl = builder(Vec::new());
            let end = bl.build_until(a, b);
            (bl, end)
        })
        .collect();
    let mut blocks = Vec::new();
    let mut pieces = built.into_iter().zip(&bounds);
    let ((mut cur, mut end), _) = pieces.next().expect("a first piece");
    let mut page_edits = std::mem::take(edits);
    page_edits.append(&mut cur.edits);
    cur.edits = page_edits;
    let mut stood = 1;
    for ((next, next_end), &(a, b)) in pieces {
        if end == a && cur.suspended.is_none() && !cur.resumed {
            stood += 1;
            blocks.append(&mut cur.blocks);
            let mut e = std::mem::take(&mut cur.edits);
            e.extend(next.edits);
            (cur, end) = (Builder { edits: e, ..next }, next_end);
        } else {
            end = cur.build_until(end, b);
        }
    }
    blocks.append(&mut cur.blocks);
    *edits = cur.edits;
    (blocks, layout, stood)
}

/// The page's non-blank lines as items: kinds read, Markdown markers stripped (their edits
/// in `edits`), the blank lines around each counted, datelines and sign-offs broken at a
/// narrow column's edge recognised.
fn read_items(lines: Vec<Line>, edits: &mut Vec<Edit>, large: bool) -> Vec<Item> {
    let prepared: Vec<Prepared> = if large {
        use rayon::prelude::*;
        lines.into_par_iter().map(prepare).collect()
    } else {
        lines.into_iter().map(prepare).collect()
    };
    let mut items: Vec<Item> = Vec::with_capacity(prepared.len());
    let mut blanks = 0usize;
    for p in prepared {
        let Some(mut item) = p.item else {
            blanks += 1;
            continue;
        };
        edits.extend(p.marker);
        if let Some(prev) = items.last_mut() {
            prev.gap_after = blanks;
        }
        item.gap_before = if items.is_empty() { 0 } else { blanks };
        items.push(item);
        blanks = 0;
    }
    for i in 1..items.len() {
        let opens = items[i].text.first().is_some_and(|c| crate::text::is_open(c));
        items[i - 1].pulled = opens && items[i - 1].gap_after <= 1;
    }
    // a dateline broken at a narrow column's edge (`新华社贵阳10月` / `8日电 （记者罗兰）`,
    // `本报讯` / `（记者彭磊）` which is no sign-off)
    for i in 1..items.len() {
        let (a, b) = (&items[i - 1], &items[i]);
        if a.kind == Kind::Dateline && a.gap_after <= 1 && b.kind == Kind::Signoff && b.text.first() == Some('（') {
            items[i].kind = Kind::Text;
        } else if a.kind == Kind::Text && a.gap_after <= 1 && matches!(b.kind, Kind::Text | Kind::Signoff) && ["本报", "新华社", "中新社", "人民网"].iter().any(|h| starts_with(&a.text.chars, h)) {
            let joined: Vec<char> = a.text.chars.iter().chain(&b.text.chars).copied().collect();
            if is_dateline(&joined) {
                items[i - 1].kind = Kind::Dateline;
                items[i].kind = Kind::Text;
            }
        } else if a.kind == Kind::Text && a.gap_after <= 1 && b.kind == Kind::Text && (starts_with(&a.text.chars, "图片由") || starts_with(&a.text.chars, "照片由") || (a.text.first() == Some('（') && !a.text.chars.contains(&'）'))) {
            // a sign-off broken the same way (`图片由清溪县融媒体中` / `心提供`, `（本报记者` / `韩松）`)
            let joined: Vec<char> = a.text.chars.iter().chain(&b.text.chars).copied().collect();
            if is_signoff(&joined) {
                items[i - 1].kind = Kind::Signoff;
                items[i].kind = Kind::Signoff;
            }
        }
    }
    items
}

/// What the decoder reads and decides on a page, for `examples/layout_candidates` and the
/// fitting script: each non-blank line's raw line number and text, the features and tags.
pub struct Explained {
    pub lines: Vec<(usize, String)>,
    pub decoded: layout::Decoded,
    pub facts: layout::PageFacts,
    /// Per line, the tags it may take (a bit per tag, in [`layout::TAGS`] order).
    pub allowed: Vec<u8>,
}

pub fn explain(raw: &str) -> Explained {
    let mut edits = Vec::new();
    let lines = crate::stages::spacing::run(raw, &mut edits);
    let items = read_items(lines, &mut edits, false);
    let layout = measure(&items);
    let facts = page_facts(&items, &layout);
    let allowed = allowed(&items, &crate::decisions::Gate::none());
    let decoded = layout::decode(&views(&items), &facts, &allowed, layout::weights());
    Explained { lines: items.iter().map(|i| (i.no, i.text.as_string())).collect(), decoded, facts, allowed }
}

/// A page of at least twice this many lines has its lines read and its blocks built in
/// parallel, in pieces of about this many lines (see [`run`]).
const PIECE_LINES: usize = 2048;

/// Where the pieces of a large page start: the first item, then the first dateline at or
/// after every [`PIECE_LINES`] items. (A dateline opens a story, and nothing about the blocks
/// before it is asked when the builder reaches it: [`Builder::trailing_headings`] and
/// [`Builder::headline_before_resume`], which look at the last block, are asked of text lines
/// only.)
fn piece_starts(items: &[Item]) -> Vec<usize> {
    let mut starts = vec![0];
    let mut at = PIECE_LINES;
    while at < items.len() {
        let Some(d) = items[at..].iter().position(|it| it.kind == Kind::Dateline).map(|k| at + k) else { break };
        starts.push(d);
        at = d + PIECE_LINES;
    }
    starts
}

/// A raw line read by itself (the part of [`run`] that needs no neighbour): its kind, its
/// Markdown marker stripped (and the edit that says so), its width. `item` is `None` for a
/// blank line.
struct Prepared {
    item: Option<Item>,
    marker: Option<Edit>,
}

fn prepare(l: Line) -> Prepared {
    if l.text.is_empty() {
        return Prepared { item: None, marker: None };
    }
    let (kind, strip) = kind_of(&l.text.chars);
    let mut text = l.text;
    let mut marker = None;
    if strip > 0 {
        let m = text.slice_string(0, strip);
        marker = Some(Edit::new(Stage::Reflow, "markdown-marker", text.off(0), m, "", "Markdown marker in the raw text: the block kind is kept, the marker is rendered anew"));
        text.splice(0, strip, "");
    }
    let w = width(&text.chars);
    let n = text.chars.iter().filter(|c| !c.is_whitespace()).count() as f32;
    Prepared { item: Some(Item { no: l.no, indent: l.indent, text, space_at_end: l.space_at_end, gap_before: 0, gap_after: 0, w, n, kind, pulled: false }), marker }
}

/// [`Builder::heading_group`] not yet asked of a line.
const UNKNOWN: u32 = u32::MAX;

struct Builder<'a> {
    items: &'a [Item],
    lay: Layout,
    /// The edits of the blocks built (appended to the page's when the blocks are).
    edits: Vec<Edit>,
    /// The reviewer's decisions: a line join they rejected is a paragraph break.
    gate: &'a crate::decisions::Gate<'a>,
    blocks: Vec<Block>,
    /// A paragraph left mid-sentence where a brief was set between two of its columns:
    /// its block index, and whether the brief's dateline has been read since.
    suspended: Option<(usize, bool)>,
    /// A suspended paragraph was resumed: the next paragraph belongs to its story too.
    resumed: bool,
    /// `heading_group(i)` for each line, computed once: it is asked of the same line by
    /// several decisions and costs dictionary look-ups. (Shared by the builders of a large
    /// page's pieces: the answer is the lines' alone, so two builders that both compute it
    /// store the same number.)
    groups: &'a [AtomicU32],
}

impl Builder<'_> {
    /// Blank lines that mean something: none in double-spaced pages except image gaps.
    fn gap(&self, g: usize) -> usize {
        if self.lay.double {
            if g >= 3 { 2 } else { 0 }
        } else {
            g.min(2)
        }
    }
    fn gap_after(&self, i: usize) -> usize {
        if i + 1 >= self.items.len() { 2 } else { self.gap(self.items[i].gap_after) }
    }

    /// Does the blank line after item `i` end the paragraph (when its sentence has ended)?
    fn paragraph_gap(&self, i: usize) -> bool {
        let g = self.gap_after(i);
        g >= 2 || (g == 1 && !self.lay.blanks_are_column_breaks)
    }
    /// A line that could be a heading: no sentence end, balanced quotes, no trailing
    /// mid-sentence mark. `strict` also asks for a width that no full column line has (short,
    /// or phrase-spaced); a loose heading line may be as wide as the column.
    fn heading_line(&self, i: usize, strict: bool) -> bool {
        let it = &self.items[i];
        let t = &it.text.chars;
        // quotes may open on one line of a headline and close on the next: the group checks
        if it.kind != Kind::Text || ends_sentence(t) {
            return false;
        }
        let last = *t.last().unwrap();
        // a headline may break after its colon (`贵州：` / `中医馆不能……`)
        let colon_break = matches!(last, '：' | ':') && i + 1 < self.items.len() && self.gap(it.gap_after) == 0 && self.items[i + 1].kind == Kind::Text && self.heading_line(i + 1, strict);
        if matches!(last, '，' | '、' | '：' | '；' | ',' | ':' | '—' | '-' | '“' | '（' | '(' | '《') && !colon_break {
            return false;
        }
        if t.iter().any(|&c| matches!(c, '。' | '；' | '！' | '？')) {
            return false;
        }
        // headlines do not end on a particle, preposition or conjunction: a line that does is
        // a sentence cut off by a line or page break (`党建工作是一切工作的` / `基础和前提`)
        // (unless the next line, set right under it, finishes it as a headline: `山村小学的` /
        // `“新课表”`, in a page that sets only headline lines together)
        // (or the next line is short too, and a blank line or a byline follows it)
        let set_together = it.gap_after == 0
            && self.items.get(i + 1).is_some_and(|n| {
                n.kind == Kind::Text
                    && !ends_sentence(&n.text.chars)
                    && (self.lay.per_line
                        || self.lay.double
                        || (indent_cells(n) <= self.lay.width - 2.5 && (n.gap_after >= 1 || self.items.get(i + 2).is_some_and(|x| matches!(x.kind, Kind::Byline | Kind::Dateline | Kind::DeckMark)))))
            });
        if ends_on_particle(t) && !set_together {
            return false;
        }
        // a comma in anything but a short line is a sentence, not a headline
        // (or a line that fills the column less an indent: a paragraph's first line)
        if (it.w > 8.0 || indent_cells(it) >= self.lay.width - 2.5) && t.iter().any(|&c| matches!(c, '，' | ',')) {
            return false;
        }
        let phrase = has_phrase_space(t);
        let w = self.lay.width;
        // digits are narrow in print but a wrapped line counts characters: take the larger
        // (one short of it when the next line opens with a mark pulled down from this one)
        let cells = it.w.max(it.n) + if it.pulled { 1.0 } else { 0.0 };
        if self.lay.per_line {
            it.w <= 30.0 || (phrase && it.w <= 48.0)
        } else if phrase {
            it.w <= w * 2.2
        } else if self.lay.double && strict {
            // blank lines say nothing here, so a short line must be clearly short
            cells <= w - 3.5
        } else {
            // a headline may be wider than a very narrow column, never longer than a headline
            it.w <= if strict { w - 2.5 } else { (w + 0.5).max(15.0) } && (!strict || cells <= w - 2.5)
        }
    }

    fn heading_like(&self, i: usize) -> bool {
        self.heading_line(i, true) && balanced(&self.items[i].text.chars)
    }

    /// Are quotes and brackets balanced over items `a..b` taken together?
    fn group_balanced(&self, a: usize, b: usize) -> bool {
        let all: Vec<char> = self.items[a..b].iter().flat_map(|it| it.text.chars.iter().copied()).collect();
        balanced(&all)
    }

    /// How many items from `i` form a heading group (0 if `i` does not start one).
    ///
    /// In column pages a group is a run of heading lines closed by a blank line or by a
    /// dateline, byline or caption. A line as wide as the column is accepted only when another
    /// line of the group, or what follows the group, shows it is not a paragraph's first line.
    fn heading_group(&self, i: usize) -> usize {
        match self.groups[i].load(Ordering::Relaxed) {
            UNKNOWN => {
                let n = self.heading_group_at(i, 2);
                self.groups[i].store(n as u32, Ordering::Relaxed);
                n
            }
            n => n as usize,
        }
    }

    /// `heading_group`, looking at most `depth` groups ahead for a group that opens a story.
    fn heading_group_at(&self, i: usize, depth: usize) -> usize {
        let loose = !self.lay.per_line;
        // in double-spaced pages nothing separates a heading from body lines: every line of
        // the group must be clearly short, except the one right before a subtitle or byline
        let line_ok = |k: usize| {
            if self.lay.double {
                self.heading_line(k, true)
                    // lines set with no blank between them, where every other line has one
                    || (self.heading_line(k, false)
                        && ((k + 1 < self.items.len() && self.items[k].gap_after == 0 && self.items[k + 1].kind == Kind::Text && !ends_sentence(&self.items[k + 1].text.chars))
                            || (k > i && self.items[k - 1].gap_after == 0)))
                    // or one followed by a paragraph's indented first line, with no word
                    // running across (a section heading as wide as a narrow column)
                    || (self.heading_line(k, false) && k + 1 < self.items.len() && self.items[k + 1].kind == Kind::Text && {
                        let nx = &self.items[k + 1];
                        let nc = indent_cells(nx);
                        nc <= self.lay.width - 1.5 && nc >= self.lay.width - 3.5 && !ends_sentence(&nx.text.chars) && !bridges(&self.items[k].text.chars, &nx.text.chars)
                    })
                    // or one right above a clear heading (a column label over its headline)
                    || (self.heading_line(k, false) && k + 1 < self.items.len() && self.heading_like(k + 1) && self.items[k].gap_after <= 1)
                    || (self.heading_line(k, false)
                        && k + 1 < self.items.len()
                        && (matches!(self.items[k + 1].kind, Kind::DeckMark | Kind::Byline | Kind::Dateline)
                            || (self.items[k].gap_after == 0 && self.heading_line(k + 1, false) && has_phrase_space(&self.items[k + 1].text.chars))))
            } else {
                self.heading_line(k, !loose)
            }
        };
        if !line_ok(i) {
            return 0;
        }
        // lines of one heading are set closer than body lines: in double-spaced pages with no
        // blank line between them at all
        let together = |k: usize| if self.lay.double { self.items[k].gap_after == 0 } else { self.gap(self.items[k].gap_after) == 0 };
        // a heading is a few lines at most; a longer run is read group by group
        const MAX_LINES: usize = 8;
        let mut n = 1;
        while n < MAX_LINES && i + n < self.items.len() && together(i + n - 1) && (line_ok(i + n) || self.items[i + n].kind == Kind::DeckMark) {
            n += 1;
        }
        // a subtitle wrapped over lines continues on lines that are no headings themselves
        while n < MAX_LINES
            && i + n < self.items.len()
            && self.items[i + n - 1].kind == Kind::DeckMark
            && together(i + n - 1)
            && self.items[i + n].kind == Kind::Text
            && self.items[i + n - 1].w >= self.lay.width - 1.5
            && !ends_sentence(&self.items[i + n - 1].text.chars)
            && self.heading_line(i + n, false)
        {
            n += 1;
        }
        // a line after the group that opens with a comma or closing mark continues a sentence
        if i + n < self.items.len() && self.items[i + n].text.first().is_some_and(|c| matches!(c, '，' | '。' | '、' | '；' | '：' | '！' | '？' | '）' | '》' | '”')) {
            return 0;
        }
        // a group whose lines leave a quote open is a sentence, unless a shorter group closes
        while n > 0 && !self.group_balanced(i, i + n) {
            n -= 1;
        }
        if n == 0 {
            return 0;
        }
        let next = i + n;
        if !loose {
            // one paragraph per line: a page break inside a sentence leaves a short line
            // whose last word runs on into the next line (`计生协会` / `员志愿服务者`)
            let last = &self.items[next - 1];
            if next < self.items.len() && last.w > 6.0 && !has_phrase_space(&last.text.chars) && self.items[next].kind == Kind::Text && bridges(&last.text.chars, &self.items[next].text.chars) {
                return 0;
            }
            return n;
        }
        let strict = (i..next).any(|k| self.heading_like(k) || self.items[k].kind == Kind::DeckMark);
        if next >= self.items.len() {
            return if strict { n } else { 0 };
        }
        let nk = self.items[next].kind;
        let closed = self.lay.double || self.gap(self.items[next - 1].gap_after) >= 1 || !matches!(nk, Kind::Text) || self.caption_by_width(next);
        // (a heading group right after, set apart the same way, is as good: `北京密云……` over
        // `贵州：……` over `本报讯……`)
        let next_is_start = !matches!(nk, Kind::Text) || self.heading_like(next) || (depth > 0 && self.gap(self.items[next - 1].gap_after) >= 1 && self.heading_group_at(next, depth - 1) > 0);
        // set apart by blank lines above and below, with no word running on into what follows
        // and followed by a paragraph's indented first line
        // (or itself as wide as the column: then it is no paragraph's indented first line)
        let nx = &self.items[next];
        let full = n == 1 && indent_cells(&self.items[i]) >= self.lay.width - 0.5;
        let isolated = !self.lay.double
            && (i == 0 || self.gap(self.items[i].gap_before) >= 1)
            && self.gap(self.items[next - 1].gap_after) >= 1
            && (nx.kind != Kind::Text || nx.w.min(nx.n) <= self.lay.width - 1.5 || full)
            && !bridges(&self.items[next - 1].text.chars, &nx.text.chars);
        // (in double-spaced pages every line of the group already showed its evidence)
        if closed && (strict || next_is_start || isolated || self.lay.double) { n } else { 0 }
    }

    fn caption_by_gap(&self, i: usize) -> bool {
        let it = &self.items[i];
        if !matches!(it.kind, Kind::Text | Kind::CaptionMark) || has_phrase_space(&it.text.chars) || it.w > 45.0 {
            return false;
        }
        let before = i > 0 && self.gap(it.gap_before) >= 2;
        // a line glued to an unfinished sentence above it continues that sentence
        // (or set after it across a single blank line, a column break: `穿越线` / `路。`)
        let glued = i > 0 && (self.gap(it.gap_before) == 0 || it.gap_before == 1) && self.items[i - 1].kind == Kind::Text && !ends_sentence(&self.items[i - 1].text.chars);
        let after = i + 1 < self.items.len() && self.gap(it.gap_after) >= 2 && !glued;
        // (a caption is set apart by a blank line: most lines are not, and end here, before
        // the dearer evidence below)
        if !(before || after) {
            return false;
        }
        // a sentence cut off mid-way (a comma or an earlier sentence, no sentence end) is page
        // text, not a caption
        let t = &it.text.chars;
        if !ends_sentence(t) && (t.iter().any(|&c| matches!(c, '，' | ',' | '。' | '；' | '！' | '？')) || !balanced(t)) {
            return false;
        }
        // nor is a run of sentences: a caption is one sentence, perhaps with its credit
        if several_sentences(t) {
            return false;
        }
        // (in double-spaced pages no blank line closes it: no word may run on into the next)
        let standalone = i + 1 >= self.items.len()
            || self.gap(it.gap_after) >= 1
            || self.lay.per_line
            || ends_sentence(&it.text.chars)
            || it.w <= self.lay.width - 2.5
            || (self.lay.double && !bridges(&it.text.chars, &self.items[i + 1].text.chars));
        // a quote whose attribution follows the captions is page text
        let quoted = t.last() == Some(&'”') && ends_sentence(t) && {
            let k = self.continuation(i, &it.text);
            self.attribution_at(k)
        };
        // and so is the attribution right after a quote
        let attributes = is_attribution(t) && i > 0 && self.items[i - 1].text.last() == Some('”');
        standalone && !quoted && !attributes
    }

    /// A standalone line wider than the column cannot be column text: a caption set across it.
    fn caption_by_width(&self, i: usize) -> bool {
        let it = &self.items[i];
        // (a headline-length line wider than a narrow column is a headline set across it)
        // (a quote's attribution hanging its full stop past the edge is column text)
        let hanging_attribution = is_attribution(&it.text.chars) && it.w - hang(it) <= self.lay.width + 0.25;
        !self.lay.per_line && it.kind == Kind::Text && it.w > self.lay.width + 0.25 && !hanging_attribution && !has_phrase_space(&it.text.chars) && it.w <= 60.0 && {
            ends_sentence(&it.text.chars) || (self.heading_like_ignoring_width(i) && it.w >= 18.0)
        }
    }

    fn heading_like_ignoring_width(&self, i: usize) -> bool {
        let t = &self.items[i].text.chars;
        let last = t.last().copied().unwrap_or(' ');
        // a line that ends in a comma is a column line with its punctuation hanging
        !ends_sentence(t) && balanced(t) && !t.iter().any(|&c| matches!(c, '。' | '；')) && !matches!(last, '，' | '、' | '：' | '；' | ',' | ':')
    }

    /// Does the paragraph end after item `j`, given it ends a sentence?
    fn closes_after(&self, j: usize, lines_in_para: usize) -> bool {
        let it = &self.items[j];
        // (no line starts with a closing mark: `……省城。` / `”村委会主任……` is one sentence)
        if self.items.get(j + 1).is_some_and(|n| n.kind == Kind::Text && n.text.first().is_some_and(|c| crate::text::hangs(c) && c != '：')) {
            return false;
        }
        // (a quote's attribution stays with the quote, wherever a break fell between them:
        // `……感情。”` / `带着女儿参赛的市民高峰说。`, perhaps with captions between)
        if it.text.last() == Some('”') && ends_sentence(&it.text.chars) {
            let k = self.continuation(j, &it.text);
            if self.attribution_at(k) {
                return false;
            }
        }
        // (a dash broken at the line end: `……之歌—` / `—`)
        let dash_tail = it.text.chars.iter().all(|&c| c == '—') && j > 0 && self.items[j - 1].text.last() == Some('—');
        if !ends_sentence(&it.text.chars) && !dash_tail {
            return false;
        }
        if self.lay.per_line || j + 1 >= self.items.len() {
            return true;
        }
        let w = self.lay.width;
        let next = &self.items[j + 1];
        if self.paragraph_gap(j) {
            // a blank line after a sentence end is a paragraph end, unless it is a column
            // break between two full lines: the line after it shows no indent at all (a
            // paragraph's first line is full two cells short, where its indent was)
            let full = if lines_in_para == 1 { w - 2.5 } else { w - 0.5 };
            let column_break = self.gap_after(j) == 1
                && next.kind == Kind::Text
                && indent_cells(it) >= full
                && indent_cells(next) >= w - 0.5
                && self.heading_group(j + 1) == 0;
            // the same across captions dropped in at the sentence end: the line after them
            // fills the column, where a new paragraph would show its lost indent
            let across_captions = !column_break && indent_cells(it) >= full && {
                let k = self.continuation(j, &it.text);
                k > j + 1 && k < self.items.len() && self.items[k].kind == Kind::Text && indent_cells(&self.items[k]) >= w - 0.5 && !ends_sentence(&self.items[k].text.chars) && self.heading_group(k) == 0
            };
            return !column_break && !across_captions;
        }
        if next.kind != Kind::Text {
            return true;
        }
        if it.w.max(it.n) <= w - 1.5 {
            // a short last line ends the paragraph, except a run-in lead sentence that fills
            // the first (indented) line
            // (the next line is then a full line, not an indented first line)
            let next_indented = indent_cells(next) <= w - 1.75;
            return lines_in_para != 1 || it.w < w - 3.0 || next_indented || self.caption_by_width(j + 1);
        }
        // a sentence end on a full line: the next line's lost indent tells
        // (a next line that itself ends a sentence is the paragraph's short tail, unless it
        // nearly fills the indented width: then it is a one-line lead sentence)
        let nc = indent_cells(next);
        nc <= w - 1.5 && (!ends_sentence(&next.text.chars) || next.w.max(next.n) >= w - 2.5) || self.heading_group(j + 1) > 0
    }

    /// Build the blocks of the items from `i` on, up to the first item at or after `stop`
    /// where a block starts; returns that item.
    fn build_until(&mut self, mut i: usize, stop: usize) -> usize {
        let n = self.items.len();
        let stop = stop.min(n);
        while i < stop {
            let it = &self.items[i];
            match it.kind {
                Kind::Md(level) => {
                    let mut b = Block::new(BlockKind::Paragraph, Role::Heading, it.text.clone(), it.no, it.no);
                    b.md_level = Some(level);
                    b.lines.push(it.text.clone());
                    self.blocks.push(b);
                    i += 1;
                    continue;
                }
                Kind::Quote | Kind::CaptionMark => {
                    self.blocks.push(Block::new(BlockKind::Caption, Role::Body, it.text.clone(), it.no, it.no));
                    i += 1;
                    continue;
                }
                Kind::Byline | Kind::Signoff => {
                    let role = if it.kind == Kind::Byline { Role::Byline } else { Role::Signoff };
                    let mut b = Block::new(BlockKind::Paragraph, role, it.text.clone(), it.no, it.no);
                    i += 1;
                    // a byline wrapped at the column edge continues on the next line
                    // (a column break may fall inside it too)
                    let mut prev = i - 1;
                    // (a sign-off broken at the edge: `图片由清溪县融媒体中` / `心提供`)
                    if role == Role::Signoff && i < n && self.items[i].kind == Kind::Signoff && !is_signoff(&it.text.chars) {
                        let next = &self.items[i];
                        let off = it.text.off(it.text.len() - 1) + 1;
                        self.edits.push(Edit::new(Stage::Reflow, "join-lines", off, "\n", "", "sign-off broken at the column edge"));
                        b.text.extend(&next.text);
                        b.last_line = next.no;
                        i += 1;
                    }
                    while role == Role::Byline && i < n && self.gap(self.items[prev].gap_after) <= 1 {
                        let (it, next) = (&self.items[prev], &self.items[i]);
                        // what may follow: more names, more credits (`通讯员……`), or the tail
                        // of a name cut at the edge of a full line (`龚` / `伟`)
                        let names = next.text.chars.split(|&c| c == ' ').filter(|x| !x.is_empty()).all(crate::names::is_name) || next.kind == Kind::Byline;
                        // (a credit may be cut too: `通讯` / `员王健康`)
                        let seam: Vec<char> = it.text.chars[it.text.len().saturating_sub(2)..].iter().chain(&next.text.chars).copied().collect();
                        let credits = ["记者", "通讯员", "摄影"].iter().any(|h| seam.windows(h.chars().count()).any(|w| w.iter().copied().eq(h.chars())));
                        // (a byline's spaces take cells, and it may start indented)
                        let full = it.text.len() as f32 + 2.0 >= self.lay.width - 1.0;
                        let tail = full && next.text.len() <= 2;
                        if !(matches!(next.kind, Kind::Text | Kind::Byline) && (names || credits || tail) && !next.text.chars.iter().any(|&c| matches!(c, '。' | '，' | '；')) && next.w <= self.lay.width) {
                            break;
                        }
                        // names broken apart at the line end keep their separating space
                        let sep = if it.space_at_end { " " } else { "" };
                        let off = it.text.off(it.text.len() - 1) + 1;
                        self.edits.push(Edit::new(Stage::Reflow, "join-lines", off, "\n", sep, "byline broken at the column edge"));
                        if !sep.is_empty() {
                            b.text.push(' ', off);
                        }
                        b.text.extend(&next.text);
                        b.last_line = next.no;
                        prev = i;
                        i += 1;
                    }
                    self.blocks.push(b);
                    continue;
                }
                Kind::DeckMark => {
                    // a deck line belongs to the heading group right before it
                    if let Some(last) = self.blocks.last_mut().filter(|b| b.role == Role::Heading && b.md_level.is_none()) {
                        last.lines.push(it.text.clone());
                        last.last_line = it.no;
                    } else {
                        let mut b = Block::new(BlockKind::Paragraph, Role::Heading, it.text.clone(), it.no, it.no);
                        b.lines.push(it.text.clone());
                        self.blocks.push(b);
                    }
                    i += 1;
                    continue;
                }
                Kind::Text | Kind::Dateline => {}
            }
            if it.kind == Kind::Text {
                // (the line that resumes a paragraph left for a brief may hang a mark past the
                // column edge: it is column text, not a caption set across the column)
                let hanging_resume = it.w - hang(it) <= self.lay.width + 0.25 && self.resumes_suspended(i);
                if self.caption_by_gap(i) || (self.caption_by_width(i) && !hanging_resume) {
                    self.blocks.push(Block::new(BlockKind::Caption, Role::Body, it.text.clone(), it.no, it.no));
                    i += 1;
                    continue;
                }
                let g = if self.headline_before_resume(i) {
                    1
                } else if let Some(g) = self.trailing_headings(i) {
                    g
                } else if self.headline_before_brief(i) {
                    1
                } else {
                    self.heading_group(i)
                };
                if g > 0 {
                    let mut b = Block::new(BlockKind::Paragraph, Role::Heading, it.text.clone(), it.no, self.items[i + g - 1].no);
                    for k in i..i + g {
                        b.lines.push(self.items[k].text.clone());
                    }
                    self.blocks.push(b);
                    i += g;
                    continue;
                }
            }
            let resumes = it.kind == Kind::Text && self.resumes_suspended(i);
            i = self.paragraph(i);
            if resumes {
                self.merge_into_suspended();
            }
        }
        i
    }

    /// The item that continues the open paragraph `text` whose last line is item `j`, skipping
    /// the captions dropped into it. Caption-like lines after the first caption are candidates:
    /// the one a word runs into wins, then the first ordinary line after the captions, then the
    /// first candidate that ends the sentence.
    fn continuation(&self, j: usize, text: &Text) -> usize {
        let n = self.items.len();
        let caption_like = |k: usize| self.caption_by_gap(k) || matches!(self.items[k].kind, Kind::CaptionMark | Kind::Quote);
        let mut k = j + 1;
        let mut cands = Vec::new();
        // (a paragraph is interrupted by a few captions, not by a page of them)
        while k < n && k <= j + 12 && caption_like(k) {
            if k > j + 1 && self.items[k].kind == Kind::Text {
                cands.push(k);
            }
            let after = k + 1;
            if !(after < n && matches!(self.items[after].kind, Kind::Text | Kind::CaptionMark | Kind::Quote) && self.heading_group(after) == 0) {
                break;
            }
            k += 1;
        }
        if let Some(&c) = cands.iter().find(|&&c| bridges(&text.chars, &self.items[c].text.chars)) {
            return c;
        }
        if k < n && !caption_like(k) {
            return k;
        }
        cands.iter().copied().find(|&c| ends_sentence(&self.items[c].text.chars)).unwrap_or(k)
    }

    /// Is item `k`, which reads like the headline of a brief that follows, rather the last
    /// line of a column cut off by the brief? It continues the full line `j`, is one line,
    /// and fills the column itself, as a headline set in the column seldom does.
    fn column_line_before_brief(&self, j: usize, k: usize) -> bool {
        let w = self.lay.width;
        let (a, b) = (&self.items[j], &self.items[k]);
        k == j + 1 && self.heading_group(k) == 1 && indent_cells(a) >= w - 0.5 && indent_cells(b) >= w - 0.5 && b.w <= w + 0.25 && !has_phrase_space(&b.text.chars)
    }

    /// The lines after a finished sentence that finish no sentence, up to the page end or a
    /// byline: no body text ends that way, so they are headings (a headline set after its
    /// story's body or over its byline, with its column label), however wide. Returns the size of the group at `i`: the lines
    /// set together with it.
    fn trailing_headings(&self, i: usize) -> Option<usize> {
        let n = self.items.len();
        let prev_done = i == 0 || {
            let p = &self.items[i - 1];
            ends_sentence(&p.text.chars) || matches!(p.kind, Kind::Signoff | Kind::DeckMark | Kind::Md(_)) || self.blocks.last().is_some_and(|b| b.role == Role::Heading)
        };
        // (up to the page end, or up to a byline: it opens a story's body, so what stands
        // before it unfinished is that story's headline)
        let end = (i..n.min(i + 4)).find(|&k| self.items[k].kind == Kind::Byline).unwrap_or(n);
        if !prev_done || i == end || end - i > 3 || (end == n && i == 0) || !(i..end).all(|k| self.items[k].kind == Kind::Text && self.heading_like_ignoring_width(k) && self.items[k].w <= 30.0) {
            return None;
        }
        let mut g = 1;
        while i + g < end && self.items[i + g - 1].gap_after == 0 {
            g += 1;
        }
        Some(g)
    }

    /// Does the text from item `k` open with a quote's attribution? Its clause may run on to
    /// the next line, past captions (`带队巡堤的白沙村村委` / `会主任李长江说。`).
    fn attribution_at(&self, k: usize) -> bool {
        let Some(it) = self.items.get(k).filter(|n| n.kind == Kind::Text) else { return false };
        let mut t = it.text.chars.clone();
        if !t.iter().any(|&c| matches!(c, '。' | '，')) && !ends_sentence(&t) {
            let k2 = self.continuation(k, &it.text);
            if let Some(n) = self.items.get(k2).filter(|n| n.kind == Kind::Text) {
                t.extend(&n.text.chars);
            }
        }
        is_attribution(&t)
    }

    /// Is item `i` a headline set after a finished sentence and before a brief's own headline,
    /// however wide? Only a line as wide as a paragraph's first line (the column less its lost
    /// indent) could be the start of a paragraph that the brief cut off.
    fn headline_before_brief(&self, i: usize) -> bool {
        let it = &self.items[i];
        let prev_done = i > 0 && (ends_sentence(&self.items[i - 1].text.chars) || self.items[i - 1].kind == Kind::Signoff);
        let cells = it.w.max(it.n);
        let first_line = (self.lay.width - 2.5..self.lay.width - 0.5).contains(&cells);
        prev_done && it.gap_after >= 1 && self.lay.width.is_finite() && !first_line && self.heading_like_ignoring_width(i) && !it.text.chars.contains(&'，') && self.brief_starts(i + 1)
    }

    /// Does the paragraph's open quote run on past a sentence end at a break (`“过去大水漫灌，
    /// 一亩地要用好几百方水；` / `现在用上了滴灌……”`)? The next line, an ordinary one, then
    /// continues the quote rather than opening a paragraph.
    fn quote_runs_on(&self, j: usize, text: &Text) -> bool {
        let open = text.chars.iter().rposition(|&c| c == '“');
        let close = text.chars.iter().rposition(|&c| c == '”');
        let unclosed = match (open, close) {
            (Some(o), Some(c)) => o > c,
            (Some(_), None) => true,
            _ => false,
        };
        unclosed
            && self.items.get(j + 1).is_some_and(|n| {
                n.kind == Kind::Text && self.gap_after(j) <= 1 && !n.text.chars.contains(&'“') && n.text.chars.contains(&'”') && self.heading_group(j + 1) == 0 && !self.caption_by_gap(j + 1)
            })
    }

    /// Does a brief start at item `k`: heading groups right before a dateline?
    /// (A column label may stand over the headline: up to three groups.)
    fn brief_starts(&self, k: usize) -> bool {
        let mut k = k;
        for _ in 0..3 {
            if k >= self.items.len() {
                return false;
            }
            let g = self.heading_group(k);
            if g == 0 {
                return false;
            }
            k += g;
            if self.items.get(k).is_some_and(|x| x.kind == Kind::Dateline) {
                return true;
            }
        }
        false
    }

    /// Does the paragraph starting at item `i` continue the suspended one? Only after the
    /// brief's dateline, and only a line with no indent or one a word runs into.
    fn resumes_suspended(&self, i: usize) -> bool {
        let Some((s, dated)) = self.suspended else { return false };
        let Some(b) = self.blocks.get(s) else { return false };
        let it = &self.items[i];
        let cells = indent_cells(it) + if it.pulled { 1.0 } else { 0.0 };
        // (or the paragraph's short last line: too short for a new paragraph's first line)
        let tail = ends_sentence(&it.text.chars) && cells < self.lay.width - 2.5 && self.lay.width.is_finite();
        // (or text no paragraph starts with: a closing mark, `%`)
        let mid = it.text.first().is_some_and(|c| crate::text::hangs(c) || c == '%');
        // (a word running on is no evidence from a line with a first line's lost indent: `已开`
        // / `市档案馆` reads `开市`, but the brief's paragraph starts there)
        let indented = (self.lay.width - 2.5..self.lay.width - 1.5).contains(&cells);
        let open = !ends_sentence(&b.text.chars) && (cells > self.lay.width - 1.5 || tail || mid || (bridges(&b.text.chars, &it.text.chars) && !indented));
        dated && (open || (b.text.last() == Some('”') && self.attribution_at(i)))
    }

    /// Is item `i` the headline of a brief set between two columns, printed after the brief's
    /// body, right before the column resumes? It reads as a heading, is set apart by blank
    /// lines, is shorter than a paragraph's first line (or wider than the column), no word runs from the suspended
    /// paragraph into it, and the full line after it continues that paragraph.
    fn headline_before_resume(&self, i: usize) -> bool {
        let Some((s, true)) = self.suspended else { return false };
        let Some(b) = self.blocks.get(s) else { return false };
        let (it, w) = (&self.items[i], self.lay.width);
        let Some(next) = self.items.get(i + 1) else { return false };
        let after_body = self.blocks.last().is_some_and(|l| l.role == Role::Heading || ends_sentence(&l.text.chars));
        after_body
            && !ends_sentence(&b.text.chars)
            && it.kind == Kind::Text
            && !it.text.chars.iter().any(|&c| matches!(c, '，' | ','))
            && next.kind == Kind::Text
            && self.heading_like_ignoring_width(i)
            && (indent_cells(it) < w - 2.5 || it.w - hang(it) > w + 0.25)
            && it.gap_before >= 1
            && it.gap_after >= 1
            && !bridges(&b.text.chars, &it.text.chars)
            && (bridges(&b.text.chars, &next.text.chars) || indent_cells(next) >= w - 0.5)
    }

    /// Join the paragraph just built to the suspended paragraph it continues.
    fn merge_into_suspended(&mut self) {
        let Some((s, _)) = self.suspended.take() else { return };
        let Some(at) = self.blocks.iter().rposition(|b| b.kind == BlockKind::Paragraph) else { return };
        if at <= s {
            return;
        }
        let cont = self.blocks.remove(at);
        let target = &mut self.blocks[s];
        let off = target.text.off(target.text.len().saturating_sub(1)) + 1;
        self.edits.push(Edit::new(Stage::Reflow, "join-columns", off, "\n", "", "a paragraph continued after a brief set between its columns"));
        target.text.extend(&cont.text);
        target.last_line = cont.last_line;
        target.interrupted = true;
        self.resumed = true;
    }

    /// Build one paragraph starting at item `i`; returns the next item index.
    fn paragraph(&mut self, start: usize) -> usize {
        let first = &self.items[start];
        let role = if first.kind == Kind::Dateline { Role::Dateline } else { Role::Body };
        if role == Role::Dateline {
            self.resumed = false;
            if let Some((_, dated)) = self.suspended.as_mut() {
                *dated = true;
            }
        }
        // (room for a few lines: most paragraphs join several, and growing by doubling copies)
        let mut text = Text::with_capacity(first.text.len() * 8);
        text.extend(&first.text);
        let mut last_line = first.no;
        let mut deferred: Vec<Block> = Vec::new();
        let mut count = 1;
        let mut j = start;
        while !self.closes_after(j, count) || self.quote_runs_on(j, &text) {
            // find the next item that continues this paragraph, lifting captions out of it
            // skip captions to the line that continues the paragraph
            let k = self.continuation(j, &text);
            if k >= self.items.len() || !matches!(self.items[k].kind, Kind::Text) || (self.brief_starts(k) && !self.column_line_before_brief(j, k)) {
                // no continuation: the captions in between are read in their own right; a
                // brief set between two columns leaves the paragraph suspended
                if k < self.items.len() && (self.items[k].kind == Kind::Dateline || self.brief_starts(k)) {
                    self.suspended = Some((self.blocks.len(), false));
                }
                break;
            }
            let next = &self.items[k];
            let (l, r) = (text.last().unwrap_or(' '), next.text.first().unwrap_or(' '));
            let prev_item = &self.items[j];
            // a word broken at the line end (`P` / `ACS`) is joined; a space only where the raw
            // line kept one at its end, and only where the spacing stage keeps spaces (between
            // CJK phrases or Latin words, never beside a number or punctuation)
            let kept = (is_cjk(l) && (is_cjk(r) || (crate::text::is_open(r) && r != '“'))) || (l.is_ascii_alphabetic() && r.is_ascii_alphabetic());
            let sep = if prev_item.space_at_end && kept { " " } else { "" };
            let off = text.off(text.len().saturating_sub(1)) + l.len_utf8();
            let join = Edit::new(Stage::Reflow, "join-lines", off, "\n", sep, "line break inside a paragraph (column or page break)");
            if !self.gate.commit(join, &mut self.edits) {
                // the reviewer said the paragraph ends here
                break;
            }
            for c in &self.items[j + 1..k] {
                self.edits.push(Edit::new(Stage::Reflow, "lift-caption", c.text.off(0), c.text.as_string(), c.text.as_string(), "photo caption inside a paragraph moved after the paragraph"));
                deferred.push(Block::new(BlockKind::Caption, Role::Body, c.text.clone(), c.no, c.no));
            }
            if !sep.is_empty() {
                text.push(' ', off);
            }
            text.extend(&next.text);
            last_line = next.no;
            count += 1;
            j = k;
        }
        let mut b = Block::new(BlockKind::Paragraph, role, text, first.no, last_line);
        if self.resumed && role == Role::Body {
            b.resumes = true;
            self.resumed = false;
        }
        // a quote closed right before a brief may get its attribution after the brief
        // (`……潜力。”` / brief / `林浩然说。`): keep the paragraph open for it
        let quoted = b.text.last() == Some('”') && ends_sentence(&b.text.chars);
        if quoted && self.suspended.is_none() && (self.items.get(j + 1).is_some_and(|x| x.kind == Kind::Dateline) || self.brief_starts(j + 1)) {
            self.suspended = Some((self.blocks.len(), false));
        }
        self.blocks.push(b);
        self.blocks.extend(deferred);
        j + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn v(s: &str) -> Vec<char> {
        s.chars().collect()
    }
    #[test]
    fn a_large_page_built_in_pieces_is_the_page_built_at_once() {
        // generated pages, one after another in one file: briefs set between columns leave
        // paragraphs suspended across some piece starts, so some pieces stand and some are
        // built again by the builder before them
        let pool = crate::synth::Pool::from_dirs(&crate::synth::Pool::fixture_dirs("all")).expect("the fixture pages");
        let mut raw = String::new();
        let mut seed = 0;
        while raw.lines().count() < 30 * PIECE_LINES {
            raw.push_str(&pool.damaged_page(seed));
            raw.push_str("\n\n");
            seed += 1;
        }
        let run = |large: bool| {
            let mut edits = Vec::new();
            let lines = crate::stages::spacing::run(&raw, &mut edits);
            let (blocks, _, stood) = run_in(lines, &crate::decisions::Gate::none(), &mut edits, large);
            let blocks: Vec<_> = blocks.iter().map(|b| format!("{:?} {:?} {} {}-{} {:?} {} {} {:?}", b.kind, b.role, b.text.as_string(), b.first_line, b.last_line, b.text.offs, b.resumes, b.interrupted, b.lines)).collect();
            (blocks, edits, stood)
        };
        let (at_once, edits_at_once, _) = run(false);
        let (in_pieces, edits_in_pieces, stood) = run(true);
        assert!(at_once == in_pieces, "the blocks differ");
        assert_eq!(edits_at_once, edits_in_pieces);
        let pieces = piece_starts_of(&raw);
        assert!(stood >= 2 && stood < pieces, "{stood} of {pieces} pieces stood: both paths are to be tried");
    }

    fn piece_starts_of(raw: &str) -> usize {
        let mut edits = Vec::new();
        let lines = crate::stages::spacing::run(raw, &mut edits);
        let items: Vec<Item> = lines.into_iter().filter_map(|l| prepare(l).item).collect();
        piece_starts(&items).len()
    }

    #[test]
    fn datelines() {
        for d in ["本报讯 （记者高列）日前", "本报北京1月5日电 记者", "新华社北京3月1日电（记者王某）", "本报讯（通讯员王瑗瑗）"] {
            assert!(is_dateline(&v(d)), "{d}");
        }
        for d in ["本报记者 郭静 通讯员罗成", "本报记者 钟宁 通讯", "本报记者走访了", "新华社报道称，", "本报的读者来信"] {
            assert!(!is_dateline(&v(d)), "{d}");
        }
    }
    #[test]
    fn bylines_and_signoffs() {
        assert!(is_byline(&v("记者马胜江 通讯员王健康")));
        assert!(is_byline(&v("杨胜国 田晓辉 张双爱")));
        assert!(!is_byline(&v("创一流 争第一 干唯一")));
        assert!(!is_byline(&v("压实责任 把牢方向")));
        assert!(!is_byline(&v("通讯员郭胤）临近秋冬季新冠肺炎")));
        assert!(is_byline(&v("本报记者 钟宁 通讯员许可")));
        assert!(is_byline(&v("本报记者 郭静通讯员罗成")));
        assert!(!is_byline(&v("记者从当地邮政管理部")));
        assert!(!is_byline(&v("记者看到一套中水回用设施")));
        assert!(is_signoff(&v("（张嫣）")));
        assert!(is_signoff(&v("图片由江津区中心医院提供")));
        assert!(!is_signoff(&v("（一）加强领导。")));
    }

    fn blocks(raw: &str) -> Vec<(BlockKind, Role, String)> {
        let mut e = Vec::new();
        let lines = crate::stages::spacing::run(raw, &mut e);
        run(lines, &crate::decisions::Gate::none(), &mut e).0.into_iter().map(|b| (b.kind, b.role, b.text.as_string())).collect()
    }

    #[test]
    fn datelines_and_sign_offs_broken_at_a_narrow_column() {
        let raw = "新华社贵阳10月\n8日电 （记者罗兰）\n记者从当地邮政管理部门获悉，快递业务量增长近一倍。\n图片由清溪县融媒体中\n心提供\n";
        let b = blocks(raw);
        assert_eq!(b[0].1, Role::Dateline, "{b:?}");
        assert_eq!(b[0].2, "新华社贵阳10月8日电 （记者罗兰）记者从当地邮政管理部门获悉，快递业务量增长近一倍。");
        assert_eq!((b[1].1, b[1].2.as_str()), (Role::Signoff, "图片由清溪县融媒体中心提供"));
        assert_eq!(b.len(), 2);
    }

    #[test]
    fn a_quote_keeps_its_attribution() {
        assert!(is_attribution(&v("带着女儿参赛的市民高峰说。")));
        assert!(is_attribution(&v("郑立新说，团队希望通过这样的活动")));
        assert!(!is_attribution(&v("据介绍，联赛采取主客场制。")));
        assert!(!is_attribution(&v("比赛不设奖金。")));
        let raw = "登山比赛在城北的凤凰山举行。“一家人一起爬山，锻炼了身体，也增进了感情。”\n\n带着女儿参赛的市民高峰说。\n\n比赛不设奖金，完赛者可获得一枚纪念奖牌。\n\n参赛者既有年过六旬的老人，也有带着孩子的年轻父母。\n\n赛事由市体育局主办，共有两千余人报名参加。\n";
        let b = blocks(raw);
        assert_eq!(b[0].2, "登山比赛在城北的凤凰山举行。“一家人一起爬山，锻炼了身体，也增进了感情。”带着女儿参赛的市民高峰说。", "{b:?}");
        assert_eq!(b.len(), 4);
    }


    #[test]
    fn column_breaks_inside_sentences_are_joined() {
        let raw = "近年来，为促进党建工作的全面\n发展，贵州省贞丰县人民医院坚持以\n\n“抓好党建促发展”的核心理念为引\n领，持续推进医院党建工作。\n\n坚决打赢脱贫攻坚战\n\n2018年年初，医院牢固树立“围\n绕扶贫抓党建”的工作理念，大力加强\n基层党组织建设。\n";
        let b = blocks(raw);
        assert_eq!(b.len(), 3, "{b:?}");
        assert_eq!(b[0].2, "近年来，为促进党建工作的全面发展，贵州省贞丰县人民医院坚持以“抓好党建促发展”的核心理念为引领，持续推进医院党建工作。");
        assert_eq!(b[1].1, Role::Heading);
        assert_eq!(b[2].2, "2018年年初，医院牢固树立“围绕扶贫抓党建”的工作理念，大力加强基层党组织建设。");
    }

    #[test]
    fn a_caption_inside_a_paragraph_is_lifted_after_it() {
        let raw = "开展2个软弱涣散基层党组织整顿，通过持续强化组织体系建\n\n\n\n“我为群众办实事”义诊现场\n\n设，提升党的群众组织力。\n\n同时，把增强党的社会号召力作为党建工作的重要要求。\n";
        let b = blocks(raw);
        assert_eq!(b[0].2, "开展2个软弱涣散基层党组织整顿，通过持续强化组织体系建设，提升党的群众组织力。");
        assert_eq!(b[1].0, BlockKind::Caption);
        assert_eq!(b[1].2, "“我为群众办实事”义诊现场");
    }
}

/// The decoder's view of the items: their text, indent, gaps and pattern kind.
fn views(items: &[Item]) -> Vec<layout::LineView<'_>> {
    items
        .iter()
        .map(|it| layout::LineView {
            chars: &it.text.chars,
            indent: it.indent,
            gap_before: it.gap_before,
            gap_after: it.gap_after,
            kind: match it.kind {
                Kind::Md(_) => layout::LineKind::Md,
                Kind::Quote => layout::LineKind::Quote,
                Kind::Dateline => layout::LineKind::Dateline,
                Kind::Byline => layout::LineKind::Byline,
                Kind::Signoff => layout::LineKind::Signoff,
                Kind::DeckMark => layout::LineKind::DeckMark,
                Kind::CaptionMark => layout::LineKind::CaptionMark,
                Kind::Text => layout::LineKind::Text,
            },
        })
        .collect()
}

fn page_facts(items: &[Item], lay: &Layout) -> layout::PageFacts {
    let indented = items.iter().filter(|i| i.indent).count();
    let indented = items.len() >= 4 && indented * 10 >= items.len() && indented * 10 <= items.len() * 7;
    layout::PageFacts { width: lay.width, double: lay.double, per_line: lay.per_line, indented }
}

/// The separator a join of `a`'s last line to `b` leaves: a space only where the raw line kept
/// one at its end and the spacing stage keeps spaces there (between CJK phrases or Latin
/// words, never beside a number or punctuation).
fn join_sep(text: &Text, space_at_end: bool, b: &Text) -> &'static str {
    let (l, r) = (text.last().unwrap_or(' '), b.first().unwrap_or(' '));
    let kept = (is_cjk(l) && (is_cjk(r) || (crate::text::is_open(r) && r != '“'))) || (l.is_ascii_alphabetic() && r.is_ascii_alphabetic());
    if space_at_end && kept { " " } else { "" }
}

fn join_edit(text: &Text, sep: &'static str, rule: &'static str, reason: String) -> Edit {
    let l = text.last().unwrap_or(' ');
    let off = text.off(text.len().saturating_sub(1)) + l.len_utf8();
    Edit::new(Stage::Reflow, rule, off, "\n", sep, reason)
}

/// Which tags each line may take: a Markdown heading stays a heading and a quote a caption;
/// in a cleaned page (Markdown headlines, every block one blank line apart) every line is a block of its
/// own; a line break the reviewer kept is never joined.
fn allowed(items: &[Item], gate: &crate::decisions::Gate) -> Vec<u8> {
    use layout::Tag;
    let bit = |t: Tag| 1u8 << (t as usize);
    let all = 0x3f;
    // (exactly one blank line between blocks, as FORMAT.md writes them: a raw page that also
    // marks some headings sets captions and headings apart by wider gaps)
    let cleaned = items.iter().any(|i| i.kind == Kind::Md(1)) && items.windows(2).all(|w| w[0].gap_after == 1);
    let mut out: Vec<u8> = items
        .iter()
        .map(|it| match it.kind {
            Kind::Md(_) => bit(Tag::Head),
            Kind::Quote => bit(Tag::Cap),
            _ if cleaned => bit(Tag::Para),
            _ => all,
        })
        .collect();
    if !gate.decisions.is_empty() {
        for i in 1..items.len() {
            let (a, b) = (&items[i - 1], &items[i]);
            let e = join_edit(&a.text, join_sep(&a.text, a.space_at_end, &b.text), "join-lines", String::new());
            if gate.decisions.verdict(&e, gate.raw) == Some(crate::decisions::Verdict::Reject) {
                out[i] &= !(bit(Tag::Cont) | bit(Tag::HeadCont) | bit(Tag::CapCont));
            }
        }
    }
    out
}

/// Build the blocks from the decoder's tags: paragraphs joined line by line (each join an
/// edit naming the evidence), headings and captions, and captions dropped into a paragraph
/// lifted out after it.
fn build_tagged(items: &[Item], d: &layout::Decoded, gate: &crate::decisions::Gate, edits: &mut Vec<Edit>) -> Vec<Block> {
    use layout::Tag;
    let w = layout::weights();
    let mut blocks: Vec<Block> = Vec::new();
    // the paragraph being built, its last item, and the captions lifted out of it
    let mut para: Option<(Block, usize)> = None;
    let mut deferred: Vec<Block> = Vec::new();
    // the heading or caption being built, and whether the caption is lifted
    let mut open: Option<(Block, usize, bool)> = None;
    fn close_open(open: &mut Option<(Block, usize, bool)>, blocks: &mut Vec<Block>, deferred: &mut Vec<Block>, edits: &mut Vec<Edit>) {
        if let Some((b, _, lifted)) = open.take() {
            if lifted {
                edits.push(Edit::new(Stage::Reflow, "lift-caption", b.text.off(0), b.text.as_string(), b.text.as_string(), "photo caption inside a paragraph moved after the paragraph"));
                deferred.push(b);
            } else {
                blocks.push(b);
            }
        }
    }
    let flush = |para: &mut Option<(Block, usize)>, open: &mut Option<(Block, usize, bool)>, blocks: &mut Vec<Block>, deferred: &mut Vec<Block>, edits: &mut Vec<Edit>| {
        if let Some((b, _, true)) = open.as_mut() {
            // a caption after which the paragraph does not go on stays where it was
            let _ = b;
            open.as_mut().unwrap().2 = false;
        }
        if let Some((b, _)) = para.take() {
            blocks.push(b);
        }
        blocks.append(deferred);
        close_open(open, blocks, deferred, edits);
    };
    let start_para = |i: usize| {
        let it = &items[i];
        let role = match it.kind {
            Kind::Dateline => Role::Dateline,
            Kind::Byline => Role::Byline,
            Kind::Signoff => Role::Signoff,
            _ => Role::Body,
        };
        let mut text = Text::with_capacity(it.text.len() * 8);
        text.extend(&it.text);
        (Block::new(BlockKind::Paragraph, role, text, it.no, it.no), i)
    };
    for (i, &tag) in d.tags.iter().enumerate() {
        let it = &items[i];
        match tag {
            Tag::Cont if para.is_some() => {
                // captions read since the paragraph's last line are lifted out of it
                if open.as_ref().is_some_and(|o| o.0.kind == BlockKind::Caption) {
                    close_open(&mut open, &mut blocks, &mut deferred, edits);
                }
                let (b, last) = para.as_mut().unwrap();
                let prev = &items[*last];
                let sep = join_sep(&b.text, prev.space_at_end, &it.text);
                let e = join_edit(&b.text, sep, "join-lines", format!("line break inside a paragraph ({})", layout::reason(d, i, w)));
                let off = e.offset;
                if gate.commit(e, edits) {
                    if !sep.is_empty() {
                        b.text.push(' ', off);
                    }
                    b.text.extend(&it.text);
                    b.last_line = it.no;
                    *last = i;
                    continue;
                }
                // the reviewer kept the break: a new paragraph
                flush(&mut para, &mut open, &mut blocks, &mut deferred, edits);
                para = Some(start_para(i));
            }
            Tag::Para | Tag::Cont => {
                flush(&mut para, &mut open, &mut blocks, &mut deferred, edits);
                para = Some(start_para(i));
            }
            Tag::HeadCont | Tag::CapCont if open.is_some() => {
                let (b, last, _) = open.as_mut().unwrap();
                let prev = &items[*last];
                // (in a heading group the join goes into its last line)
                let grouped = b.role == Role::Heading && b.lines.len() > 1;
                let target: &Text = if grouped { b.lines.last().unwrap() } else { &b.text };
                let sep = join_sep(target, prev.space_at_end, &it.text);
                let rule = if tag == Tag::HeadCont { "join-headline" } else { "join-lines" };
                let what = if tag == Tag::HeadCont { "a heading broken over lines" } else { "a caption broken over lines" };
                let e = join_edit(target, sep, rule, format!("{what} ({})", layout::reason(d, i, w)));
                let off = e.offset;
                if gate.commit(e, edits) {
                    let t: &mut Text = if grouped { b.lines.last_mut().unwrap() } else { &mut b.text };
                    if !sep.is_empty() {
                        t.push(' ', off);
                    }
                    t.extend(&it.text);
                    if !grouped {
                        if let Some(l) = b.lines.last_mut() {
                            *l = b.text.clone();
                        }
                    }
                    b.last_line = it.no;
                    *last = i;
                    continue;
                }
                flush(&mut para, &mut open, &mut blocks, &mut deferred, edits);
                open = Some(new_open(it, tag, i));
            }
            Tag::Head | Tag::HeadCont => {
                // heading lines set together (no blank line between) are one heading group:
                // a headline with its kicker or subtitle, which the story stage tells apart
                let together = it.gap_before == 0 && it.kind != Kind::Md(1) && open.as_ref().is_some_and(|o| o.0.role == Role::Heading && o.0.md_level.is_none()) && para.is_none();
                if together {
                    let (b, last, _) = open.as_mut().unwrap();
                    b.lines.push(it.text.clone());
                    b.last_line = it.no;
                    *last = i;
                    continue;
                }
                flush(&mut para, &mut open, &mut blocks, &mut deferred, edits);
                open = Some(new_open(it, Tag::Head, i));
            }
            Tag::Cap | Tag::CapCont => {
                // lifted when a paragraph is open and goes on after the captions
                let goes_on = d.tags[i + 1..].iter().find(|t| !matches!(t, Tag::Cap | Tag::CapCont)) == Some(&Tag::Cont);
                if para.is_some() && goes_on {
                    close_open(&mut open, &mut blocks, &mut deferred, edits);
                    let (b, _, _) = new_open(it, Tag::Cap, i);
                    open = Some((b, i, true));
                } else {
                    flush(&mut para, &mut open, &mut blocks, &mut deferred, edits);
                    open = Some(new_open(it, Tag::Cap, i));
                }
            }
        }
    }
    flush(&mut para, &mut open, &mut blocks, &mut deferred, edits);
    blocks
}

fn new_open(it: &Item, tag: layout::Tag, _i: usize) -> (Block, usize, bool) {
    let mut b = if tag == layout::Tag::Cap {
        Block::new(BlockKind::Caption, Role::Body, it.text.clone(), it.no, it.no)
    } else {
        let mut b = Block::new(BlockKind::Paragraph, Role::Heading, it.text.clone(), it.no, it.no);
        if let Kind::Md(level) = it.kind {
            b.md_level = Some(level);
        }
        b.lines.push(it.text.clone());
        b
    };
    b.last_line = it.no;
    (b, _i, false)
}
