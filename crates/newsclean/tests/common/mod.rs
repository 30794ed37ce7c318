//! Helpers shared by the integration tests: the fixtures and a small scorer that mirrors
//! shared/eval/score.py (exact paragraphs, stories, letter-spacing left).
#![allow(dead_code)]

use std::path::PathBuf;

pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn gold_pages() -> Vec<(String, String, Vec<u8>)> {
    let mut v = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(fixtures().join("gold")).unwrap().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "md")).collect();
    names.sort();
    for p in names {
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        let gold = std::fs::read_to_string(&p).unwrap();
        let raw = std::fs::read(fixtures().join("raw").join(format!("{stem}.txt"))).unwrap();
        v.push((stem, gold, raw));
    }
    v
}

use newsclean::model::BlockKind;
pub use newsclean_synth::parse;

pub struct Score {
    pub para_p: f64,
    pub para_r: f64,
    pub stories_ok: usize,
    pub stories: usize,
}

fn body(stories: &[Vec<(BlockKind, String)>]) -> Vec<(usize, String)> {
    stories.iter().enumerate().flat_map(|(i, s)| s.iter().filter(|(k, t)| matches!(k, BlockKind::Paragraph | BlockKind::Caption) && t.chars().count() > 8).map(move |(_, t)| (i, t.clone()))).collect()
}

pub fn score(gold: &str, out: &str) -> Score {
    let g = parse(gold);
    let o = parse(out);
    let gp = body(&g);
    let op = body(&o);
    let exact = gp.iter().filter(|(_, t)| op.iter().any(|(_, u)| u == t)).count();
    let mut ok = 0;
    for (gi, gs) in g.iter().enumerate() {
        let mine: Vec<&String> = gp.iter().filter(|(s, _)| *s == gi).map(|(_, t)| t).collect();
        let head = gs.iter().find(|(k, _)| *k == BlockKind::Headline).map(|(_, t)| t);
        let hit = o.iter().enumerate().find(|(_, os)| os.iter().find(|(k, _)| *k == BlockKind::Headline).map(|(_, t)| t) == head);
        if let Some((oi, _)) = hit {
            let theirs: Vec<&String> = op.iter().filter(|(s, _)| *s == oi).map(|(_, t)| t).collect();
            let close = |a: &String, b: &String| a == b || (a.chars().count() == b.chars().count() && a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() <= 3);
            if theirs.len() == mine.len() && theirs.iter().zip(&mine).all(|(a, b)| close(a, b)) {
                ok += 1;
            }
        }
    }
    Score { para_p: exact as f64 / op.len().max(1) as f64, para_r: exact as f64 / gp.len().max(1) as f64, stories_ok: ok, stories: g.len() }
}

/// CJK-space-CJK or CJK-space-digit pairs: letter-spacing left in body text.
pub fn spaced(md: &str) -> usize {
    newsclean_synth::spaced_pairs(md)
}
