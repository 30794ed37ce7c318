//! Does a heading set between two runs of body text open a new story, or is it a section of
//! the story being read? The evidence, weighed by fitted weights (`data/story_weights.tsv`,
//! from `tools/fit_layout.py --stories`):
//!
//! * lexical cohesion: paragraphs either side of a story boundary share few character pairs,
//!   a section's paragraphs share many with the paragraphs before it;
//! * a headline's character pairs reappear in its own first paragraphs;
//! * the heading's shape (its width, phrase spaces, a question, a number like `一、`), how much
//!   body the story has had, and whether it has had sections;
//! * the heading read against the story's own headings: a paper sets a story's sections alike
//!   (the same width and phrasing, often the same opening word) and narrower than its
//!   headline, so a heading shaped like the sections before it is one more of them;
//! * whether the story has ended (a sign-off, a credit);
//! * the story's subject recurring: its headline's and its whole body's character pairs in the
//!   paragraphs after the heading (a section goes on about the same body, a new story does not).

use crate::model::{Block, BlockKind, Role};
use crate::text::{has_phrase_space, is_cjk, width};
use std::collections::HashSet;

pub const NAMES: &[&str] = &[
    "bias",
    "cohesion",
    "cohesion_zero",
    "head_in_next",
    "head_in_prev",
    "head_next_over_prev",
    "wide",
    "narrow",
    "phrase_space",
    "question",
    "numbered",
    "lines2",
    "story_paras_ge3",
    "story_has_sections",
    "next_short",
    "story_headless",
    "headless_cohesion",
    "like_sections",
    "parallel_sections",
    "narrower_than_headline",
    "wider_than_headline",
    "story_ended",
    "story_head_in_next",
    "cohesion_story",
];

fn bigrams(t: &[char]) -> HashSet<(char, char)> {
    t.windows(2).filter(|w| is_cjk(w[0]) && is_cjk(w[1])).map(|w| (w[0], w[1])).collect()
}

fn share(a: &HashSet<(char, char)>, b: &HashSet<(char, char)>) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    a.intersection(b).count() as f32 / a.len().min(b.len()) as f32
}

fn body(b: &Block) -> bool {
    b.kind == BlockKind::Paragraph && matches!(b.role, Role::Body | Role::Dateline)
}

/// The text of the (up to) two body paragraphs after each heading block, before the next
/// heading: what a headline's own first paragraphs would be.
pub fn ahead(blocks: &[Block]) -> Vec<Vec<char>> {
    (0..blocks.len())
        .map(|at| {
            if blocks[at].role != Role::Heading {
                return Vec::new();
            }
            blocks[at + 1..].iter().take_while(|b| b.role != Role::Heading || b.md_level.is_some()).filter(|b| body(b)).take(2).flat_map(|b| b.text.chars.iter().copied()).collect()
        })
        .collect()
}

/// The features of the heading `g`, read against the story so far (`before`) and the text
/// of the paragraphs after it (`next`, from [`ahead`]).
pub fn features(g: &Block, next: &[char], before: &[Block], sections_so_far: usize, headless: bool, ended: bool) -> Vec<f32> {
    let mut head: Vec<char> = Vec::new();
    for l in &g.lines {
        head.extend(&l.chars);
    }
    if head.is_empty() {
        head = g.text.chars.clone();
    }
    let prev: Vec<&Block> = before.iter().filter(|b| body(b)).collect();
    let join = |v: &[&Block]| -> Vec<char> { v.iter().flat_map(|b| b.text.chars.iter().copied()).collect() };
    let p2 = bigrams(&join(&prev[prev.len().saturating_sub(2)..]));
    let pall = bigrams(&join(&prev));
    let n2 = bigrams(next);
    let h = bigrams(&head);
    let coh = share(&p2, &n2);
    let hn = share(&h, &n2);
    let hp = share(&h, &pall);
    let w = width(&head);
    const NUMS: &str = "一二三四五六七八九十0123456789";
    let numbered = head.first().is_some_and(|c| NUMS.contains(*c)) && head.iter().take(4).any(|&c| matches!(c, '、' | '．' | '.')) || head.first() == Some(&'（');
    let nlen = next.len();
    let secs: Vec<&Block> = before.iter().filter(|b| b.kind == BlockKind::Section).collect();
    let phrased = has_phrase_space(&head);
    let like = !secs.is_empty() && secs.iter().all(|s| has_phrase_space(&s.text.chars) == phrased && (width(&s.text.chars) - w).abs() <= 3.0);
    let parallel = secs.iter().any(|s| s.text.chars.len() >= 2 && head.len() >= 2 && s.text.chars[..2] == head[..2]);
    let headline = before.iter().find(|b| b.kind == BlockKind::Headline);
    let hw = headline.map(|b| width(&b.text.chars));
    let story_head = headline.map(|b| share(&bigrams(&b.text.chars), &n2)).unwrap_or(0.0);
    let coh_story = share(&pall, &n2);
    vec![
        1.0,
        coh,
        (coh == 0.0) as u8 as f32,
        hn,
        hp,
        hn - hp,
        (w >= 14.0) as u8 as f32,
        (w <= 8.0) as u8 as f32,
        has_phrase_space(&head) as u8 as f32,
        head.iter().any(|&c| matches!(c, '？' | '！' | '?')) as u8 as f32,
        numbered as u8 as f32,
        (g.lines.len() >= 2) as u8 as f32,
        (prev.len() >= 3) as u8 as f32,
        (sections_so_far > 0) as u8 as f32,
        (nlen < 60) as u8 as f32,
        headless as u8 as f32,
        if headless { coh } else { 0.0 },
        like as u8 as f32,
        parallel as u8 as f32,
        hw.is_some_and(|hw| w + 2.0 <= hw) as u8 as f32,
        hw.is_some_and(|hw| w >= hw + 2.0) as u8 as f32,
        ended as u8 as f32,
        story_head,
        coh_story,
    ]
}

pub struct Weights {
    pub w: Vec<f32>,
    pub source: String,
}

pub fn weights() -> &'static Weights {
    static W: std::sync::OnceLock<Weights> = std::sync::OnceLock::new();
    W.get_or_init(|| parse(include_str!("../../../data/story_weights.tsv")).expect("data/story_weights.tsv"))
}

pub fn parse(text: &str) -> Result<Weights, String> {
    let mut w = vec![0.0; NAMES.len()];
    let mut source = String::new();
    for (no, line) in text.lines().enumerate() {
        if let Some(c) = line.strip_prefix('#') {
            source.push_str(c.trim());
            source.push('\n');
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let (name, v) = line.split_once('\t').ok_or(format!("line {}: name and weight expected", no + 1))?;
        let k = NAMES.iter().position(|n| *n == name).ok_or(format!("line {}: no feature {name}", no + 1))?;
        w[k] = v.trim().parse().map_err(|e| format!("line {}: {e}", no + 1))?;
    }
    Ok(Weights { w, source })
}

/// The score of a story boundary at the heading (above zero: a new story), and the feature
/// that weighed most.
pub fn score(f: &[f32]) -> (f32, &'static str) {
    let w = &weights().w;
    let mut s = 0.0;
    let mut top = ("bias", 0.0f32);
    for (k, (&x, &wk)) in f.iter().zip(w).enumerate() {
        s += x * wk;
        if (x * wk).abs() > top.1.abs() && k > 0 {
            top = (NAMES[k], x * wk);
        }
    }
    (s, top.0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_weights_file_names_known_features() {
        let w = super::parse(include_str!("../../../data/story_weights.tsv")).unwrap();
        assert!(!w.source.is_empty());
        assert!(super::parse("no_such\t1\n").is_err());
    }
}
