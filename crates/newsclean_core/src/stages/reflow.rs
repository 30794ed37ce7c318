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

use crate::edit::Edit;
use crate::model::{Block, BlockKind, Role, Text};
use crate::rules::RuleId;
use crate::stages::layout;
use crate::stages::layout::LineKind as Kind;
use crate::stages::layout::lexicon::lexicon;
use crate::stages::spacing::Line;
use crate::text::{balanced, ends_sentence, is_cjk, width};

struct Item {
    no: usize,
    indent: bool,
    text: Text,
    space_at_end: bool,
    gap_before: usize,
    gap_after: usize,
    w: f32,
    kind: Kind,
}

/// Layout facts measured on the page.
#[derive(Debug, Clone)]
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
    /// The lines whose reading the decoder was least sure of: margin below [`UNCERTAIN`] over
    /// the best other reading (in raw line order). What review shows first.
    pub uncertain: Vec<Uncertain>,
}

/// A line's layout reading that another was close to: a decision for a person to look at.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Uncertain {
    /// The raw line (1-based).
    pub line: usize,
    /// The score of the chosen reading over the runner-up (the decoder's units; see the
    /// reasons of `join-lines` edits, `P over C by 62.4`).
    pub margin: f32,
    /// The chosen reading and the runner-up, as tag codes (`P` paragraph, `C` continues, …).
    pub chosen: String,
    pub runner_up: String,
}

/// The margin under which a line's reading is listed as [`Uncertain`]. (On the project's
/// pages 1% of line joins have a margin under 63, half under 485.)
pub const UNCERTAIN: f32 = 100.0;

fn starts_with(t: &[char], p: &str) -> bool {
    p.chars().enumerate().all(|(i, c)| t.get(i) == Some(&c))
}

/// `本报讯`, `本报北京1月1日讯`, `本报北京1月1日电`, `新华社北京1月1日电`.
pub fn is_dateline(t: &[char]) -> bool {
    let within = |head: &[char], mark: char, n: usize| {
        t.starts_with(head) && t.iter().take(n).any(|&c| c == mark) && {
            let p = t.iter().position(|&c| c == mark).unwrap();
            // (`本报记者 郭静 通讯员罗成` is a byline: its `讯` is in `通讯员`, perhaps cut)
            t[..p].iter().all(|&c| is_cjk(c) || c.is_ascii_digit() || c == ' ') && !(p > 0 && t[p - 1] == '通')
        }
    };
    lexicon().datelines.iter().any(|d| within(&d.head, d.mark, d.window))
}

pub fn is_byline(t: &[char]) -> bool {
    if t.iter().any(|&c| matches!(c, '。' | '，' | '；' | '！' | '？')) || width(t) > 40.0 || !balanced(t) {
        return false;
    }
    // a credit, then a name (`记者马胜江`, `本报记者 钟宁`), not a sentence that opens with the
    // word (`记者从当地邮政管理部门获悉`, `记者看到……`)
    if let Some(h) = lexicon().byline_heads.iter().find(|h| t.starts_with(h)) {
        let rest: Vec<char> = t[h.len()..].iter().copied().skip_while(|&c| c == ' ').collect();
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
    let lex = lexicon();
    let credit = lex.signoff_credits.iter().any(|s| t.starts_with(&s.opens) && t.ends_with(&s.closes) && t.len() <= s.max);
    paren || credit || lex.signoff_lines.iter().any(|(s, max)| t.starts_with(s) && t.len() <= *max)
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
    } else if lexicon().opens_on_deck_mark(t) && t.iter().any(|&c| c != '—') && !ends_sentence(t) {
        // (a lone `—` is the second half of a dash broken at the line end above)
        Kind::DeckMark
    } else if lexicon().caption_opens.iter().any(|o| t.starts_with(o)) || (t.len() >= 2 && matches!(t[t.len() - 1], '）' | ')') && lexicon().is_photo_credit_end(Some(t[t.len() - 2]))) {
        Kind::CaptionMark
    } else {
        Kind::Text
    };
    (k, 0)
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
    let full: Vec<f32> = items.iter().filter(|i| i.kind == Kind::Text && !ends_sentence(&i.text.chars) && i.w >= 6.0 && i.w <= 40.0).map(|i| i.w).collect();
    let per_line = p75 > 40.0 || full.len() < 4;
    let width = if per_line { f32::INFINITY } else { median(full).into_iter().chain(column_width(items)).fold(f32::NAN, f32::max) };
    // a blank line between paragraphs that are one line each is the ordinary style, not
    // double spacing: only column lines are double-spaced
    let double = double_gaps && !per_line;
    let after: Vec<bool> = items.windows(2).filter(|w| w[0].gap_after == 1 && w[0].kind == Kind::Text).map(|w| ends_sentence(&w[0].text.chars)).collect();
    let ending = after.iter().filter(|&&e| e).count();
    let blanks_are_column_breaks = !double && !per_line && after.len() >= 4 && ending * 10 < after.len() * 4;
    Layout { double, per_line, width, blanks_are_column_breaks, uncertain: Vec::new() }
}

/// Build the blocks of a page from its cleaned lines.
pub fn run(lines: Vec<Line>, gate: &crate::decisions::Gate, edits: &mut Vec<Edit>) -> (Vec<Block>, Layout) {
    let large = lines.len() >= LARGE_LINES;
    run_in(lines, gate, edits, large)
}

/// [`run`], its lines read in parallel when `large` (public so that a test outside the core,
/// where the page generator lives, can check that both ways give the same blocks).
#[doc(hidden)]
pub fn run_in(lines: Vec<Line>, gate: &crate::decisions::Gate, edits: &mut Vec<Edit>, large: bool) -> (Vec<Block>, Layout) {
    let items = read_items(lines, edits, large);
    let layout = measure(&items);
    let views = views(&items);
    let facts = page_facts(&items, &layout);
    let allowed = allowed(&items, gate);
    let d = layout::decode(&views, &facts, &allowed, layout::weights());
    let blocks = build_tagged(&items, &d, gate, edits);
    let mut layout = layout;
    layout.uncertain = (0..items.len())
        .filter(|&i| d.margins[i].is_finite() && d.margins[i] < UNCERTAIN)
        .map(|i| Uncertain { line: items[i].no, margin: d.margins[i], chosen: d.tags[i].code().to_string(), runner_up: d.runner_up[i].code().to_string() })
        .collect();
    (blocks, layout)
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
    // a dateline broken at a narrow column's edge (`新华社贵阳10月` / `8日电 （记者罗兰）`,
    // `本报讯` / `（记者彭磊）` which is no sign-off)
    for i in 1..items.len() {
        let (a, b) = (&items[i - 1], &items[i]);
        if a.kind == Kind::Dateline && a.gap_after <= 1 && b.kind == Kind::Signoff && b.text.first() == Some('（') {
            items[i].kind = Kind::Text;
        } else if a.kind == Kind::Text && a.gap_after <= 1 && matches!(b.kind, Kind::Text | Kind::Signoff) && lexicon().dateline_heads.iter().any(|h| a.text.chars.starts_with(h)) {
            let joined: Vec<char> = a.text.chars.iter().chain(&b.text.chars).copied().collect();
            if is_dateline(&joined) {
                items[i - 1].kind = Kind::Dateline;
                items[i].kind = Kind::Text;
            }
        } else if a.kind == Kind::Text
            && a.gap_after <= 1
            && b.kind == Kind::Text
            && (starts_with(&a.text.chars, "图片由") || starts_with(&a.text.chars, "照片由") || (a.text.first() == Some('（') && !a.text.chars.contains(&'）')))
        {
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

/// A page of at least this many lines has its lines read in parallel.
pub const LARGE_LINES: usize = 4096;

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
        marker = Some(Edit::new(RuleId::MarkdownMarker, text.off(0), m, "", "Markdown marker in the raw text: the block kind is kept, the marker is rendered anew"));
        text.splice(0, strip, "");
    }
    let w = width(&text.chars);
    Prepared { item: Some(Item { no: l.no, indent: l.indent, text, space_at_end: l.space_at_end, gap_before: 0, gap_after: 0, w, kind }), marker }
}

/// The decoder's view of the items: their text, indent, gaps and pattern kind.
fn views(items: &[Item]) -> Vec<layout::LineView<'_>> {
    items.iter().map(|it| layout::LineView { chars: &it.text.chars, indent: it.indent, gap_before: it.gap_before, gap_after: it.gap_after, kind: it.kind }).collect()
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

fn join_edit(text: &Text, sep: &'static str, rule: RuleId, reason: String) -> Edit {
    let l = text.last().unwrap_or(' ');
    let off = text.off(text.len().saturating_sub(1)) + l.len_utf8();
    Edit::new(rule, off, "\n", sep, reason)
}

/// Which tags each line may take: a Markdown heading stays a heading and a quote a caption;
/// a dateline, byline or sign-off is a paragraph; a line opening on a dash starts a block; the line after a cut line of body text does not
/// start a paragraph; a caption ends at its photo credit;
/// in a cleaned page (Markdown headlines, every block one blank line apart) every line is a block of its
/// own; a dateline broken before its `电` / `讯` (`新华社贵阳10月` / `8日电`) goes on in the next
/// line, which completes it; a line of sentences (ending on `。`, or with one sentence ended
/// inside it) is no heading, as papers do not end headings on a full stop; a line set apart between the two halves of a word
/// (`体系建` / `“我为群众办实事”义诊现场` / `设，提升`) is no heading, as nothing stops a sentence
/// mid-word: it is a caption dropped into the paragraph, which goes on after it (and the
/// line before it is that paragraph's); a line break
/// the reviewer kept is never joined.
fn allowed(items: &[Item], gate: &crate::decisions::Gate) -> Vec<u8> {
    use layout::Tag;
    let bit = |t: Tag| 1u8 << (t as usize);
    let all = 0x3f;
    // (exactly one blank line between blocks, as docs/format.md writes them: a raw page that also
    // marks some headings sets captions and headings apart by wider gaps)
    let cleaned = items.iter().any(|i| i.kind == Kind::Md(1)) && items.windows(2).all(|w| w[0].gap_after == 1);
    // (a line that stops on a character, not a mark)
    let open = |t: &[char]| t.last().is_some_and(|&c| is_cjk(c));
    let mut out: Vec<u8> = items
        .iter()
        .map(|it| match it.kind {
            Kind::Md(_) => bit(Tag::Head),
            Kind::Quote => bit(Tag::Cap),
            _ if cleaned => bit(Tag::Para),
            // datelines, bylines and sign-offs are paragraphs (docs/format.md), perhaps broken
            Kind::Dateline | Kind::Byline | Kind::Signoff => bit(Tag::Para) | bit(Tag::Cont),
            // a line opening on a dash (`——贵州省……纪实`, `——习近平`) starts a block of its own
            Kind::DeckMark if it.text.first() == Some('—') => bit(Tag::Head) | bit(Tag::Para),
            _ => all,
        })
        .collect();
    for (it, o) in items.iter().zip(out.iter_mut()) {
        let t = &it.text.chars;
        let end = t.iter().rev().find(|&&c| !crate::text::is_close(c));
        if it.kind == Kind::Text && end == Some(&'。') && layout::words::several_sentences(t) {
            *o &= !(bit(Tag::Head) | bit(Tag::HeadCont));
        }
    }
    // a line of body text (a sentence ended inside it) that stops on a character, not a
    // mark, or any line that stops on an enumeration comma `、`, was cut: the line after it
    // does not start a paragraph (`……凸显。十堰市中西医结合` / `研究院成立……`); it goes on, or
    // is a heading or caption set into the paragraph
    for i in 1..items.len() {
        let t = &items[i - 1].text.chars;
        let cut = (open(t) && layout::words::several_sentences(t)) || t.last() == Some(&'、');
        if !cleaned && items[i - 1].kind == Kind::Text && cut && out[i] & !bit(Tag::Para) != 0 {
            out[i] &= !bit(Tag::Para);
        }
    }
    // a caption ends at its photo credit (`……（本报记者唐浩然摄）`)
    for i in 1..items.len() {
        let t = &items[i - 1].text.chars;
        if layout::words::ends_on_credit(t) {
            out[i] &= !bit(Tag::CapCont);
        }
    }
    for i in 1..items.len() {
        let (a, b) = (&items[i - 1], &items[i]);
        let mark = layout::words::dateline_mark;
        if !cleaned && a.kind == Kind::Dateline && mark(&a.text.chars).is_none() && mark(&b.text.chars).is_some_and(|k| k < 4) && b.gap_before == 0 && out[i] & bit(Tag::Cont) != 0 {
            out[i] = bit(Tag::Cont);
        }
    }
    for i in 1..items.len().saturating_sub(1) {
        let (a, m, b) = (&items[i - 1], &items[i], &items[i + 1]);
        if !cleaned
            && a.kind == Kind::Text
            && matches!(m.kind, Kind::Text | Kind::CaptionMark)
            && b.kind == Kind::Text
            && m.gap_before >= 1
            && m.gap_after >= 1
            && open(&a.text.chars)
            && (m.kind == Kind::CaptionMark || captioned(&m.text.chars))
            && layout::words::bridges(&a.text.chars, &b.text.chars)
            && !layout::words::bridges(&a.text.chars, &m.text.chars)
            && !layout::words::bridges(&m.text.chars, &b.text.chars)
            && out[i] & bit(Tag::Cap) != 0
            && out[i + 1] & bit(Tag::Cont) != 0
            && out[i - 1] & (bit(Tag::Para) | bit(Tag::Cont)) != 0
        {
            out[i - 1] &= bit(Tag::Para) | bit(Tag::Cont);
            out[i] = bit(Tag::Cap);
            out[i + 1] = bit(Tag::Cont);
        }
    }
    if !gate.decisions.is_empty() {
        for i in 1..items.len() {
            let (a, b) = (&items[i - 1], &items[i]);
            let e = join_edit(&a.text, join_sep(&a.text, a.space_at_end, &b.text), RuleId::JoinLines, String::new());
            if gate.decisions.verdict(&e, gate.raw) == Some(crate::decisions::Verdict::Reject) {
                // kept as a paragraph break: the line starts a paragraph, whatever the
                // evidence said (the reviewer's word is last)
                out[i] = if matches!(b.kind, Kind::Md(_) | Kind::Quote) { out[i] } else { bit(Tag::Para) };
            }
        }
    }
    out
}

/// Could the line be a caption by its shape: a label with no sentence mark in it, or ending
/// on a photo credit (`摄`)?
fn captioned(t: &[char]) -> bool {
    let credit = layout::words::ends_on_credit(t);
    credit || (balanced(t) && !t.iter().any(|&c| matches!(c, '，' | '。' | '；' | '！' | '？' | '：' | ',' | ';' | ':')))
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
                edits.push(Edit::new(RuleId::LiftCaption, b.text.off(0), b.text.as_string(), b.text.as_string(), "photo caption inside a paragraph moved after the paragraph"));
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
                let e = join_edit(&b.text, sep, RuleId::JoinLines, format!("line break inside a paragraph ({})", layout::reason(d, i, w)));
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
                let rule = if tag == Tag::HeadCont { RuleId::JoinHeadline } else { RuleId::JoinLines };
                let what = if tag == Tag::HeadCont { "a heading broken over lines" } else { "a caption broken over lines" };
                let e = join_edit(target, sep, rule, format!("{what} ({})", layout::reason(d, i, w)));
                let off = e.offset;
                if gate.commit(e, edits) {
                    let t: &mut Text = if grouped { b.lines.last_mut().unwrap() } else { &mut b.text };
                    if !sep.is_empty() {
                        t.push(' ', off);
                    }
                    t.extend(&it.text);
                    if !grouped && let Some(l) = b.lines.last_mut() {
                        *l = b.text.clone();
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

#[cfg(test)]
mod tests {
    use super::*;
    fn v(s: &str) -> Vec<char> {
        s.chars().collect()
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
    fn a_quote_keeps_its_attribution_across_a_line_break() {
        use crate::stages::layout::words::is_attribution;
        assert!(is_attribution(&v("带着女儿参赛的市民高峰说。")));
        assert!(is_attribution(&v("郑立新说，团队希望通过这样的活动")));
        assert!(!is_attribution(&v("据介绍，联赛采取主客场制。")));
        assert!(!is_attribution(&v("比赛不设奖金。")));
        // broken at the column's edge, the speaker goes on the quote's paragraph; set apart by
        // a blank line on a page of one paragraph per line it is a paragraph of its own, as
        // the corpora the weights are fitted on set it (it was joined by the old builder)
        let raw = "登山比赛在城北的凤凰山举行。“一家人一起爬山，锻炼\n了身体，也增进了感情。”带着女儿\n参赛的市民高峰说。\n\n比赛不设奖金，完赛者可获得一枚\n纪念奖牌。\n";
        let b = blocks(raw);
        assert_eq!(b[0].2, "登山比赛在城北的凤凰山举行。“一家人一起爬山，锻炼了身体，也增进了感情。”带着女儿参赛的市民高峰说。", "{b:?}");
        assert_eq!(b.len(), 2);
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
