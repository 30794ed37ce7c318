//! A generator of damaged raw pages made from clean ones, for tests and benchmarks.
//!
//! It does to clean stories what page layout and text extraction do to real ones: wraps
//! paragraphs at a column width (10–24 cells) with the first line's indent lost and closing
//! punctuation hanging past the edge, letter-spaces some lines and spaces out numbers,
//! separates lines in one of four styles (a blank line after every line; blank lines only at
//! column breaks; blank lines at paragraph ends and column breaks; one paragraph per line with
//! page breaks inside sentences), moves headlines after their bodies, splits headlines over two
//! lines, drops captions into paragraphs between runs of blank lines, and in some pages keeps
//! Markdown-like marks on the headings. The clean page is the
//! expected output, so `clean(generate(page)) == page` is the property to test.

mod ocr;
mod score;

pub use ocr::{OcrScore, align, ocr_score, read_ocr_sentences};
pub use score::{Score, score, spaced_pairs};

// (the core's modules, named as they were when this was part of one crate)
use newsclean_core::{decisions, dict, edit, model, rules, stages, text};

use crate::model::BlockKind;

/// A small deterministic PRNG (xorshift64*), so a seed names a page for ever.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E3779B97F4A7C15) | 1)
    }
    // (not `Iterator::next`: the stream never ends, and `Option` would only be unwrapped)
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() % 1_000_000) as f64 / 1_000_000.0 < p
    }
}

pub type CleanStory = Vec<(BlockKind, String)>;

/// Parse a clean page (docs/format.md) into stories of (kind, text) blocks.
pub fn parse(md: &str) -> Vec<CleanStory> {
    let mut stories: Vec<CleanStory> = Vec::new();
    for line in md.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (kind, text) = if let Some(t) = line.strip_prefix("### ") {
            (BlockKind::Section, t)
        } else if let Some(t) = line.strip_prefix("## ") {
            (BlockKind::Deck, t)
        } else if let Some(t) = line.strip_prefix("# ") {
            (BlockKind::Headline, t)
        } else if let Some(t) = line.strip_prefix("> ") {
            (BlockKind::Caption, t)
        } else {
            (BlockKind::Paragraph, line)
        };
        if kind == BlockKind::Headline || stories.is_empty() {
            stories.push(Vec::new());
        }
        stories.last_mut().unwrap().push((kind, text.to_string()));
    }
    stories
}

pub fn render(stories: &[CleanStory]) -> String {
    let mut out = String::new();
    for (k, t) in stories.iter().flatten() {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(k.marker());
        out.push_str(t);
    }
    out.push('\n');
    out
}

/// How lines are separated in the damaged page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A blank line after every line.
    Double,
    /// Blank lines only at column breaks (and around headings).
    ColumnBreaks,
    /// Blank lines at paragraph ends and at column breaks.
    ParagraphAndColumn,
    /// One paragraph per line, blank lines between, page breaks inside sentences.
    PerLine,
}

pub const STYLES: [Style; 4] = [Style::Double, Style::ColumnBreaks, Style::ParagraphAndColumn, Style::PerLine];

#[derive(Debug, Clone)]
pub struct Damage {
    pub width: usize,
    pub style: Style,
    /// Lines per column before a column break.
    pub column: usize,
    pub letter_spaced: f64,
    pub spaced_numbers: f64,
    pub headline_after: f64,
    pub caption_inside: f64,
    /// Chance that the first brief is set between two columns of the lead story's paragraph.
    pub interleave: f64,
    /// The extraction kept Markdown-like marks on headings (`# `, `## `, `### `), as some
    /// tools do; such a tool reads the blocks in order (no headline after its body, no brief
    /// between columns).
    pub markdown: bool,
}

impl Damage {
    pub fn random(rng: &mut Rng) -> Self {
        Damage {
            width: rng.range(10, 24),
            style: STYLES[rng.range(0, 3)],
            column: rng.range(18, 45),
            letter_spaced: 0.08,
            spaced_numbers: 0.5,
            headline_after: 0.3,
            caption_inside: 0.5,
            interleave: 0.3,
            markdown: rng.chance(0.1),
        }
    }
}

/// Break text into lines as a typesetter does: `first` characters on the first line, `width`
/// on the others; a closing mark that would start a line hangs at the end of the previous one,
/// an opening bracket never ends a line. Paragraphs keep a space the break falls on at the end
/// of the line; headings pull a last line of one character back into the line before.
fn break_lines(text: &str, first: usize, width: usize, paragraph: bool) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut lines = Vec::new();
    let mut i = 0;
    let mut w = first;
    while i < chars.len() {
        let mut j = (i + w).min(chars.len());
        if j < chars.len() && crate::text::hangs(chars[j]) {
            // (a pair such as `。”` hangs together: no line starts with a closing mark)
            j += 1;
            if j < chars.len() && crate::text::hangs(chars[j]) {
                j += 1;
            }
        } else if j < chars.len() && j > i + 1 && crate::text::is_open(chars[j - 1]) {
            j -= 1;
        }
        if paragraph {
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
        } else if chars.len() - j == 1 {
            j = chars.len();
        }
        lines.push(chars[i..j].iter().collect());
        i = j;
        w = width;
    }
    lines
}

/// Wrap a paragraph at `width` characters, the first line two shorter (its lost indent).
fn wrap(text: &str, width: usize) -> Vec<String> {
    break_lines(text, width.saturating_sub(2).max(4), width, true)
}

/// Justify a line by spreading its characters: digits and Latin letters of one number or
/// word stay together.
fn letter_space(line: &str) -> String {
    let mut out = String::new();
    for (k, c) in line.chars().enumerate() {
        if k > 0 && !(c.is_ascii_alphanumeric() && out.chars().last().is_some_and(|p: char| p.is_ascii_alphanumeric())) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

fn space_numbers(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    for (k, &c) in chars.iter().enumerate() {
        if k > 0 {
            let p = chars[k - 1];
            if (p.is_ascii_digit() && crate::text::is_cjk(c)) || (crate::text::is_cjk(p) && c.is_ascii_digit()) {
                out.push(' ');
            }
        }
        out.push(c);
    }
    out
}

/// A unit of raw text: lines that stay together, and whether a blank line must follow.
enum Unit {
    Heading(Vec<String>),
    Para(Vec<String>),
    Caption(String),
}

/// Make a damaged raw page from clean stories.
pub fn damage(stories: &[CleanStory], d: &Damage, rng: &mut Rng) -> String {
    let mut per_story: Vec<Vec<Unit>> = Vec::new();
    for story in stories {
        let mut units: Vec<Unit> = Vec::new();
        let mut head: Vec<String> = Vec::new();
        let mut labels: Vec<String> = Vec::new();
        let mut body: Vec<Unit> = Vec::new();
        for (k, t) in story {
            match k {
                BlockKind::Headline if d.markdown => head.push(format!("# {t}")),
                BlockKind::Deck if d.markdown && body.is_empty() => head.push(format!("## {t}")),
                BlockKind::Deck | BlockKind::Section if d.markdown => body.push(Unit::Heading(vec![format!("### {t}")])),
                BlockKind::Headline => {
                    let n = t.chars().count();
                    if n > d.width {
                        head.extend(wrap_plain(t, d.width));
                    } else if n >= 6 && !t.contains(' ') && rng.chance(0.2) {
                        let chars: Vec<char> = t.chars().collect();
                        let mut cut = rng.range(2, n - 2);
                        while cut > 2 && (crate::text::is_open(chars[cut - 1]) || crate::text::hangs(chars[cut])) {
                            cut -= 1;
                        }
                        if crate::text::is_open(chars[cut - 1]) || crate::text::hangs(chars[cut]) {
                            head.push(t.clone());
                        } else {
                            head.push(chars[..cut].iter().collect());
                            head.push(chars[cut..].iter().collect());
                        }
                    } else {
                        head.push(t.clone());
                    }
                }
                // a subtitle follows its headline; a column label (no dash, no phrase
                // spaces) is set apart above it
                BlockKind::Deck if body.is_empty() && (t.starts_with('—') || t.starts_with('●')) => head.extend(wrap_plain(t, d.width + 2)),
                BlockKind::Deck if body.is_empty() && t.contains(' ') => head.push(t.clone()),
                BlockKind::Deck if body.is_empty() => labels.push(t.clone()),
                BlockKind::Deck | BlockKind::Section => body.push(Unit::Heading(vec![t.clone()])),
                BlockKind::Caption => {
                    // inside the previous paragraph, or on its own
                    let into = body.iter().rposition(|u| matches!(u, Unit::Para(l) if l.len() >= 2));
                    match into {
                        Some(p) if rng.chance(d.caption_inside) && p + 1 == body.len() => {
                            if let Unit::Para(lines) = body.pop().unwrap() {
                                let cut = rng.range(1, lines.len() - 1);
                                body.push(Unit::Para(lines[..cut].to_vec()));
                                body.push(Unit::Caption(t.clone()));
                                body.push(Unit::Para(lines[cut..].to_vec()));
                            }
                        }
                        _ => body.push(Unit::Caption(t.clone())),
                    }
                }
                BlockKind::Paragraph => {
                    let lines = if d.style == Style::PerLine {
                        let chars: Vec<char> = t.chars().collect();
                        if chars.len() > 30 && rng.chance(0.15) {
                            // a page break inside the paragraph
                            let cut = rng.range(10, chars.len() - 10);
                            vec![chars[..cut].iter().collect(), chars[cut..].iter().collect()]
                        } else {
                            vec![t.clone()]
                        }
                    } else {
                        wrap(t, d.width)
                    };
                    // only full lines are justified: never a paragraph's last line
                    let last = lines.len() - 1;
                    let lines = lines
                        .into_iter()
                        .enumerate()
                        .map(|(k, l)| {
                            if k < last && rng.chance(d.letter_spaced) && d.style != Style::PerLine {
                                letter_space(&l)
                            } else if rng.chance(d.spaced_numbers) {
                                space_numbers(&l)
                            } else {
                                l
                            }
                        })
                        .collect();
                    body.push(Unit::Para(lines));
                }
            }
        }
        let head = Unit::Heading(head);
        let labels = labels.into_iter().map(|l| Unit::Heading(vec![l]));
        // (a tool that marks headings reads the page's blocks in order)
        if rng.chance(d.headline_after) && !d.markdown {
            units.extend(body);
            units.extend(labels);
            units.push(head);
        } else {
            units.extend(labels);
            units.push(head);
            units.extend(body);
        }
        per_story.push(units);
    }
    // a brief set between two columns of a paragraph of the lead story
    if per_story.len() >= 2 && rng.chance(d.interleave) && d.style != Style::PerLine && !d.markdown {
        let brief = per_story.remove(1);
        let lead = &mut per_story[0];
        let long: Vec<usize> = (0..lead.len()).filter(|&k| matches!(&lead[k], Unit::Para(l) if l.len() >= 4)).collect();
        if long.is_empty() {
            per_story.insert(1, brief);
        } else {
            let k = long[rng.range(0, long.len() - 1)];
            if let Unit::Para(lines) = lead.remove(k) {
                let cut = rng.range(1, lines.len() - 1);
                let mut mid = vec![Unit::Para(lines[..cut].to_vec())];
                mid.extend(brief);
                mid.push(Unit::Para(lines[cut..].to_vec()));
                lead.splice(k..k, mid);
            }
        }
    }
    let units: Vec<Unit> = per_story.into_iter().flatten().collect();
    // lay the units out as lines
    let mut out = String::new();
    let mut col = 0usize;
    for (ui, u) in units.iter().enumerate() {
        match u {
            Unit::Caption(t) => {
                // runs of blank lines around the image the caption belongs to
                if !out.is_empty() {
                    out.push_str(if out.ends_with("\n\n") {
                        "\n\n"
                    } else if out.ends_with('\n') {
                        "\n\n\n"
                    } else {
                        "\n\n\n\n"
                    });
                }
                out.push_str(t);
                // an image between captions leaves a run of blank lines; text after a caption
                // follows after one
                let next_caption = matches!(units.get(ui + 1), Some(Unit::Caption(_)));
                out.push_str(if next_caption { "\n\n\n\n" } else { "\n\n" });
                continue;
            }
            Unit::Heading(lines) => {
                if !out.is_empty() && !out.ends_with("\n\n") {
                    out.push('\n');
                }
                // the lines of a heading are set together, even in double-spaced pages
                for l in lines {
                    out.push_str(l);
                    out.push('\n');
                }
                if !out.ends_with("\n\n") {
                    out.push('\n');
                }
                col = 0;
            }
            Unit::Para(lines) => {
                for l in lines {
                    out.push_str(l);
                    out.push('\n');
                    col += 1;
                    match d.style {
                        Style::Double | Style::PerLine => out.push('\n'),
                        Style::ColumnBreaks | Style::ParagraphAndColumn => {
                            if col >= d.column {
                                out.push('\n');
                                col = 0;
                            }
                        }
                    }
                }
                let next_is_continuation = matches!(units.get(ui + 1), Some(Unit::Caption(_))) && matches!(units.get(ui + 2), Some(Unit::Para(_)));
                if d.style == Style::ParagraphAndColumn && !out.ends_with("\n\n") && !next_is_continuation {
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// Wrap a headline or subtitle at the column width, without the paragraph indent.
fn wrap_plain(t: &str, width: usize) -> Vec<String> {
    break_lines(t, width, width, false)
}

/// Compose a page from clean stories: a lead story and `briefs` short stories.
pub fn compose(lead: &CleanStory, briefs: &[&CleanStory]) -> Vec<CleanStory> {
    let mut v = vec![lead.clone()];
    v.extend(briefs.iter().map(|b| (*b).clone()));
    v
}

/// The clean pages (`*.md`, not README.md) in `dirs`, in name order.
pub fn read_pages(dirs: &[std::path::PathBuf]) -> std::io::Result<Vec<String>> {
    let mut files = Vec::new();
    for d in dirs {
        for e in std::fs::read_dir(d)? {
            let p = e?.path();
            if p.extension().is_some_and(|x| x == "md") && p.file_name().is_some_and(|n| n != "README.md") {
                files.push(p);
            }
        }
    }
    files.sort();
    files.iter().map(std::fs::read_to_string).collect()
}

/// The correct text the typo stage is measured on, as pages of paragraphs: the body paragraphs
/// of every clean page (gold and stories) and the prose of `tests/fixtures/correct/` (one
/// page per file).
pub fn correct_text() -> std::io::Result<Vec<Vec<String>>> {
    let mut pages: Vec<Vec<String>> = read_pages(&Pool::fixture_dirs("all"))?.iter().map(|md| body_paragraphs(md)).collect();
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../newsclean/tests/fixtures/correct");
    let mut files: Vec<_> = std::fs::read_dir(&dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    files.retain(|p| p.extension().is_some_and(|x| x == "txt"));
    files.sort();
    for f in files {
        pages.push(body_paragraphs(&std::fs::read_to_string(f)?));
    }
    Ok(pages)
}

/// The body paragraphs of a clean page long enough to carry a scan error (20+ characters).
pub fn body_paragraphs(md: &str) -> Vec<String> {
    md.lines().filter(|l| !l.starts_with('#') && !l.starts_with('>') && l.chars().count() >= 20).map(str::to_string).collect()
}

/// One paragraph of a page as text, and the page's vocabulary: the other paragraphs and this
/// one, as the pipeline counts it.
pub fn with_page_vocab(p: &str, page: &[String]) -> (crate::model::Text, crate::stages::typos::Vocab) {
    use crate::model::Text;
    let t = Text::from_plain(p);
    let others: Vec<Text> = page.iter().filter(|x| *x != p).map(|x| Text::from_plain(x)).collect();
    let all: Vec<&Text> = others.iter().chain(std::iter::once(&t)).collect();
    let v = crate::stages::typos::Vocab::of(&all);
    (t, v)
}

/// The typo stage alone on one paragraph of a page, with the rest of the page as its
/// vocabulary (as in the pipeline): the text afterwards and the edits (applied and suggested).
pub fn typo_pass(p: &str, page: &[String], shapes: bool) -> (String, Vec<crate::edit::Edit>) {
    let (mut t, v) = with_page_vocab(p, page);
    let mut e = Vec::new();
    crate::stages::typos::run(&mut t, &v, &crate::stages::corrections::Corrections::default(), shapes, &crate::decisions::Gate::none(), &mut e);
    (t.as_string(), e)
}

/// Put one scan error of `kind` into a clean paragraph, as scans and extraction make them:
/// `shape` (a character replaced by one of similar shape from the confusion data), `sound` (one
/// of the same reading), `punct` (a
/// full-width mark made ASCII), `doubled` (a word doubled before a longer word it opens,
/// `困难困难群众`), `stray` (`和` printed as ` and `). None when the paragraph offers no place.
pub fn inject_typo(p: &str, kind: &str, rng: &mut Rng) -> Option<String> {
    let c: Vec<char> = p.chars().collect();
    let cjk = crate::text::is_cjk;
    let pick = |v: Vec<usize>, rng: &mut Rng| if v.is_empty() { None } else { Some(v[rng.range(0, v.len() - 1)]) };
    match kind {
        "shape" | "sound" => {
            // (a pair of the confusion data of that kind)
            use crate::stages::typos::confusion::{Source, pairs};
            let fits = |&(_, s): &(char, Source)| (s == Source::Sound) == (kind == "sound");
            let i = pick((0..c.len()).filter(|&i| pairs(c[i]).iter().any(fits)).collect(), rng)?;
            let alts: Vec<char> = pairs(c[i]).iter().filter(|p| fits(p)).map(|p| p.0).collect();
            let mut d = c.clone();
            d[i] = alts[rng.range(0, alts.len() - 1)];
            Some(d.into_iter().collect())
        }
        "punct" => {
            // (any mark with a half-width twin)
            const PAIRS: [(char, char); 7] = [('，', ','), ('；', ';'), ('：', ':'), ('？', '?'), ('！', '!'), ('（', '('), ('）', ')')];
            let i = pick((1..c.len()).filter(|&i| PAIRS.iter().any(|p| p.0 == c[i])).collect(), rng)?;
            let mut d = c.clone();
            d[i] = PAIRS.iter().find(|p| p.0 == c[i]).unwrap().1;
            Some(d.into_iter().collect())
        }
        "stray" => {
            let i = pick((1..c.len().saturating_sub(1)).filter(|&i| c[i] == '和' && cjk(c[i - 1]) && cjk(c[i + 1])).collect(), rng)?;
            Some(format!("{} and {}", c[..i].iter().collect::<String>(), c[i + 1..].iter().collect::<String>()))
        }
        "doubled" => {
            // a word of 3+ characters whose first two are a word themselves
            let j = crate::dict::dict();
            let mut starts = Vec::new();
            let mut pos = 0;
            for tok in j.cut(p) {
                let n = tok.chars().count();
                let w: Vec<char> = tok.chars().collect();
                if n >= 3 && w.iter().all(|&x| cjk(x)) && j.has_chars(&w[..2]) {
                    starts.push(pos);
                }
                pos += n;
            }
            let i = pick(starts, rng)?;
            Some(format!("{}{}{}", c[..i].iter().collect::<String>(), c[i..i + 2].iter().collect::<String>(), c[i..].iter().collect::<String>()))
        }
        _ => None,
    }
}

/// The pool of clean stories to compose pages from: leads (long stories) and briefs (stories
/// that open with a dateline).
pub struct Pool {
    pub leads: Vec<CleanStory>,
    pub briefs: Vec<CleanStory>,
}

impl Pool {
    /// The folders of clean pages under tests/fixtures for a source: `gold` (the gold pages'
    /// stories, which the stages were tuned on), `stories` (text on other subjects), or both.
    pub fn fixture_dirs(source: &str) -> Vec<std::path::PathBuf> {
        let fx = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../newsclean/tests/fixtures");
        match source {
            "gold" => vec![fx.join("gold")],
            "stories" => vec![fx.join("stories")],
            _ => vec![fx.join("gold"), fx.join("stories")],
        }
    }

    /// The pool of the clean pages (`*.md`) in `dirs`, read in name order so that a seed
    /// names the same page on every machine.
    pub fn from_dirs(dirs: &[std::path::PathBuf]) -> std::io::Result<Self> {
        Ok(Self::from_pages(&read_pages(dirs)?))
    }

    pub fn from_pages(pages: &[String]) -> Self {
        let mut leads = Vec::new();
        let mut briefs = Vec::new();
        for md in pages {
            for s in parse(md) {
                let paras = s.iter().filter(|(k, _)| *k == BlockKind::Paragraph).count();
                let dated = s.iter().find(|(k, _)| *k == BlockKind::Paragraph).is_some_and(|(_, t)| crate::stages::reflow::is_dateline(&t.chars().collect::<Vec<_>>()));
                if dated {
                    briefs.push(s);
                } else if paras >= 4 {
                    leads.push(s);
                }
            }
        }
        Pool { leads, briefs }
    }

    /// A damaged raw page for a seed, with a scan typo of a random kind in every fourth page:
    /// the pages of the throughput corpus (`examples/make_corpus`, `benches/throughput`).
    pub fn damaged_page(&self, seed: u64) -> String {
        let (_, raw, _) = self.page(seed);
        let mut rng = Rng::new(seed ^ 0x5eed);
        if seed.is_multiple_of(4) {
            let kind = ["shape", "sound", "punct", "doubled", "stray"][rng.range(0, 4)];
            if let Some(bad) = inject_typo(&raw, kind, &mut rng) {
                return bad;
            }
        }
        raw
    }

    /// The clean page and the damaged raw page for a seed.
    pub fn page(&self, seed: u64) -> (String, String, Damage) {
        let mut rng = Rng::new(seed);
        let lead = &self.leads[rng.range(0, self.leads.len() - 1)];
        let n = rng.range(0, self.briefs.len().min(8));
        let mut briefs: Vec<&CleanStory> = Vec::new();
        for _ in 0..n {
            let b = &self.briefs[rng.range(0, self.briefs.len() - 1)];
            if !briefs.iter().any(|x| std::ptr::eq(*x, b)) {
                briefs.push(b);
            }
        }
        let page = compose(lead, &briefs);
        let d = Damage::random(&mut rng);
        let raw = damage(&page, &d, &mut rng);
        (render(&page), raw, d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_character() {
        let t = "卫生健康，民生之本。近年来，茅箭区卫健系统在区委、区政府正确领导下，坚持党建引领业务发展。";
        for w in 10..=24 {
            let lines = wrap(t, w);
            assert_eq!(lines.concat(), t);
            assert!(lines[0].chars().count() < w);
            assert!(lines.iter().all(|l| l.chars().count() <= w + 1));
        }
    }

    #[test]
    fn damage_is_deterministic_and_loses_nothing() {
        let page = parse("# 标题\n\n本报讯 卫生健康，民生之本。近年来，茅箭区卫健系统在区委、区政府正确领导下，坚持党建引领业务发展。\n\n> 图片说明文字\n");
        let d = Damage::random(&mut Rng::new(7));
        let a = damage(&page, &d, &mut Rng::new(1));
        let b = damage(&page, &d, &mut Rng::new(1));
        assert_eq!(a, b);
        let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(strip(&a).chars().count(), strip(&render(&page).replace("# ", "").replace("> ", "")).chars().count());
    }
}
