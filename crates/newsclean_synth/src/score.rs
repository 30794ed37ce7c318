//! The one scorer of a cleaned page against its clean original: the measures of
//! `shared/eval/score.py`, used by the tests, the benches and the examples alike.

use crate::model::BlockKind;
use crate::{CleanStory, parse};

/// How well a cleaned page matches its clean original (the measures of shared/eval/score.py).
#[derive(Debug, Clone, Default)]
pub struct Score {
    pub paras_gold: usize,
    pub paras_out: usize,
    pub paras_exact: usize,
    pub stories_gold: usize,
    pub stories_exact: usize,
    pub pairs: usize,
    pub pairs_kept: usize,
    pub spaced: usize,
}

impl Score {
    pub fn add(&mut self, o: &Score) {
        self.paras_gold += o.paras_gold;
        self.paras_out += o.paras_out;
        self.paras_exact += o.paras_exact;
        self.stories_gold += o.stories_gold;
        self.stories_exact += o.stories_exact;
        self.pairs += o.pairs;
        self.pairs_kept += o.pairs_kept;
        self.spaced += o.spaced;
    }
    pub fn precision(&self) -> f64 {
        self.paras_exact as f64 / self.paras_out.max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        self.paras_exact as f64 / self.paras_gold.max(1) as f64
    }
    pub fn stories(&self) -> f64 {
        self.stories_exact as f64 / self.stories_gold.max(1) as f64
    }
    pub fn order(&self) -> f64 {
        self.pairs_kept as f64 / self.pairs.max(1) as f64
    }
}

fn body(stories: &[CleanStory]) -> Vec<(usize, &str)> {
    stories.iter().enumerate().flat_map(|(i, s)| s.iter().filter(|(k, t)| matches!(k, BlockKind::Paragraph | BlockKind::Caption) && t.chars().count() > 8).map(move |(_, t)| (i, t.as_str()))).collect()
}

/// CJK-space-CJK and CJK-space-digit pairs: letter-spacing left in text.
pub fn spaced_pairs(t: &str) -> usize {
    let c: Vec<char> = t.chars().collect();
    let cjk = crate::text::is_cjk;
    c.windows(3).filter(|w| w[1] == ' ' && ((cjk(w[0]) && (cjk(w[2]) || w[2].is_ascii_digit())) || (w[0].is_ascii_digit() && cjk(w[2])))).count()
}

pub fn score(gold_md: &str, out_md: &str) -> Score {
    let g = parse(gold_md);
    let o = parse(out_md);
    let gp = body(&g);
    let op = body(&o);
    let mut used = vec![false; op.len()];
    let mut map: Vec<Option<usize>> = vec![None; gp.len()];
    for (i, (_, t)) in gp.iter().enumerate() {
        if let Some(j) = (0..op.len()).find(|&j| !used[j] && op[j].1 == *t) {
            used[j] = true;
            map[i] = Some(j);
        }
    }
    let exact = map.iter().filter(|m| m.is_some()).count();
    let mut s = Score { paras_gold: gp.len(), paras_out: op.len(), paras_exact: exact, stories_gold: g.len(), ..Score::default() };
    for (gi, gs) in g.iter().enumerate() {
        let idx: Vec<usize> = (0..gp.len()).filter(|&i| gp[i].0 == gi).collect();
        let targets: Vec<usize> = idx.iter().filter_map(|&i| map[i].map(|j| op[j].0)).collect();
        if targets.len() != idx.len() || targets.windows(2).any(|w| w[0] != w[1]) {
            continue;
        }
        let head = gs.iter().find(|(k, _)| *k == BlockKind::Headline).map(|(_, t)| t);
        let oi = match targets.first() {
            Some(&oi) => oi,
            None => match o.iter().position(|os| os.iter().find(|(k, _)| *k == BlockKind::Headline).map(|(_, t)| t) == head) {
                Some(oi) => oi,
                None => continue,
            },
        };
        let theirs = op.iter().filter(|(si, _)| *si == oi).count();
        let ohead = o[oi].iter().find(|(k, _)| *k == BlockKind::Headline).map(|(_, t)| t);
        if theirs == idx.len() && ohead == head {
            s.stories_exact += 1;
        }
    }
    for a in 0..gp.len().saturating_sub(1) {
        if gp[a].0 == gp[a + 1].0
            && let (Some(ja), Some(jb)) = (map[a], map[a + 1])
        {
            s.pairs += 1;
            if op[ja].0 == op[jb].0 && ja < jb {
                s.pairs_kept += 1;
            }
        }
    }
    s.spaced = op.iter().map(|(_, t)| spaced_pairs(t)).sum::<usize>().saturating_sub(gp.iter().map(|(_, t)| spaced_pairs(t)).sum());
    s
}
