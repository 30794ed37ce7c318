//! Stage 5, typos: correct scan errors, and only those we are sure of.
//!
//! Like crate-ci/typos, precision comes first: a wrong correction of correct text is worse
//! than a miss. Each rule is a module of its own, with tight evidence:
//!
//! * [`known`] `known-misspelling`: a table of misspellings seen again and again
//!   (`按步就班`, `生活分析仪`), where no word runs across the match;
//! * [`punct`] `halfwidth-punct`: ASCII `, ; : ? ! ( )` touching CJK text become full-width;
//! * [`stray`] `stray-english`: a lone English function word between CJK characters;
//! * [`doubled`] `doubled-word`: a word or phrase printed twice (`有困难困难群众`,
//!   `政府政府决定`);
//! * [`confusable`] `similar-shape` / `same-sound`: a character the scan misread
//!   ([`confusion`]: the OCR engine's own confusions, shared parts, glyphs, …) where the
//!   evidence of the context model ([`crate::lm`]), the dictionary and the page ([`vocab`]),
//!   weighed by fitted weights, is strong enough; same-sound pairs only suggested.
//!
//! A user's corrections file ([`crate::stages::corrections`]) runs first and wins: the rules
//! leave alone what it touched. Doubtful replacements are only suggested, for review.

pub mod confusable;
pub mod confusion;
mod doubled;
mod known;
mod punct;
mod stray;
pub mod vocab;

pub use vocab::Vocab;

use crate::dict::dict;
use crate::rules::RuleId;

use crate::decisions::Gate;
use crate::edit::{Confidence, Edit};
use crate::model::Text;
use crate::stages::corrections::Corrections;
use confusion::Source;

/// Is `a → b` a curated pair (data/confusion.tsv)?
pub fn curated(a: char, b: char) -> bool {
    confusion::source(a, b) == Some(Source::Curated)
}

fn cjkish(c: char) -> bool {
    crate::text::is_cjk(c) || crate::text::is_cjk_punct(c)
}

/// Run every rule on one block's text: the user's corrections first, then the built-in rules,
/// which leave alone what a user correction covers (`keep`).
/// `suggest`: also list the doubtful replacements of the generated confusion pairs (four-corner
/// shapes, same sounds) as suggestions; without it only curated pairs are suggested.
pub fn run(text: &mut Text, vocab: &Vocab, user: &Corrections, suggest: bool, gate: &Gate, edits: &mut Vec<Edit>) {
    let mut keep = if user.is_empty() { vec![false; text.len()] } else { user.apply(text, gate, edits) };
    known::known().apply_into(text, gate, edits, &mut keep);
    punct::halfwidth_punct(text, &keep, gate, edits);
    stray::stray_word(text, &mut keep, gate, edits);
    doubled::doubled_word(text, &mut keep, gate, edits);
    confusables(text, vocab, &keep, suggest, gate, edits);
}

fn confusables(t: &mut Text, vocab: &Vocab, keep: &[bool], suggest: bool, gate: &Gate, edits: &mut Vec<Edit>) {
    let mut covered = dict().covered(&t.chars);
    for i in 0..t.len() {
        if keep[i] {
            continue;
        }
        let mut best: Option<(Confidence, f64, confusable::Candidate)> = None;
        for c in confusable::candidates_in(&t.chars, i, vocab, covered[i], suggest) {
            let Some(conf) = confusable::decide(&c) else { continue };
            if conf == Confidence::Suggested && !suggest && !matches!(c.source, Source::Curated | Source::Ocr) {
                continue;
            }
            // (applied before suggested; then the likelier reading)
            let s = confusable::score(&c);
            let better = best.as_ref().is_none_or(|(bc, bs, _)| (conf == Confidence::Applied && *bc != Confidence::Applied) || (conf == *bc && s > *bs));
            if better {
                best = Some((conf, s, c));
            }
        }
        let Some((conf, _, c)) = best else { continue };
        let rule = if c.source == Source::Sound { RuleId::SameSound } else { RuleId::SimilarShape };
        let e = Edit::new(rule, t.off(i), c.from.to_string(), c.to.to_string(), confusable::reason(&c));
        let e = if conf == Confidence::Applied { e } else { e.suggested() };
        if gate.commit(e, edits) {
            t.chars[i] = c.to;
            covered = dict().covered(&t.chars);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> (String, Vec<Edit>) {
        let mut t = Text::from_plain(s);
        let v = Vocab::of(&[&t]);
        let mut e = Vec::new();
        run(&mut t, &v, &Corrections::default(), false, &Gate::none(), &mut e);
        (t.as_string(), e)
    }

    #[test]
    fn punctuation() {
        assert_eq!(fix("带头作用,不断增强").0, "带头作用，不断增强");
        assert_eq!(fix("国家级重点(特色)专科").0, "国家级重点（特色）专科");
        assert_eq!(fix("时间为12:30,地点").0, "时间为12:30，地点");
        assert_eq!(fix("价格1,000元").0, "价格1,000元");
    }

    #[test]
    fn stray_english_word() {
        assert_eq!(fix("争做学习的表率 and 解放思想的先锋").0, "争做学习的表率和解放思想的先锋");
        assert_eq!(fix("rock and roll").0, "rock and roll");
    }

    #[test]
    fn doubled() {
        assert_eq!(fix("组织党员干部对有困难困难群众实行上门接种服务").0, "组织党员干部对有困难群众实行上门接种服务");
        assert_eq!(fix("我们要研究研究这个问题").0, "我们要研究研究这个问题");
    }

    #[test]
    fn page_vocabulary() {
        // a single variant of a term the page uses many times
        let page = "湘西州卫健委召开会议。".repeat(6) + "州卫建委开展活动。";
        assert!(fix(&page).0.ends_with("州卫健委开展活动。"));
        // but not where the text reads with a common word: `本报记者` on a page of `本报讯` briefs
        let page = "本报讯 消息。".repeat(6) + "本报记者 郭静";
        assert!(fix(&page).0.ends_with("本报记者 郭静"));
    }

    #[test]
    fn shape() {
        // a known confusion that turns an adverb before a classifier into a word
        assert_eq!(fix("严格落实“四不直管一未位”制度").0, "严格落实“四不直管一末位”制度");
        // confusions Tesseract makes, where the context model reads the text far better
        assert_eq!(fix("这个问题引起了广泛的关注，专家认为应当严历打击").0, "这个问题引起了广泛的关注，专家认为应当严厉打击");
        assert_eq!(fix("他们在路口摆捧卖年糕").0, "他们在路口摆摊卖年糕");
        // a curated pair into a rare place name, which the dictionary knows and the context
        // model does not
        assert_eq!(fix("干部到郟阳区月亮湖").0, "干部到郧阳区月亮湖");
        for ok in [
            "本报讯（记者陈默）近日",
            "连续14年未发生较大以上森林火灾",
            "在工地上干零活",
            "为每名新入职干部",
            "在抗疫一线",
            "尚未完成任务",
            "周末来临",
            "未来可期",
            "已经完成",
            "人民群众",
            "现在是人围着机器转",
            "吵得人睡不着觉",
            "湘西州卫健委始终把政治学习放在首位",
        ] {
            assert_eq!(fix(ok).0, ok, "{ok}");
        }
    }

    #[test]
    fn same_sound_is_never_applied() {
        // (a scan makes shape errors, not sound errors: `劳洞` for `劳动` is left to the reviewer)
        let mut t = Text::from_plain("近年来，劳洞争议案件数量明显上升");
        let v = Vocab::of(&[&t]);
        let mut e = Vec::new();
        run(&mut t, &v, &Corrections::default(), true, &Gate::none(), &mut e);
        assert!(e.iter().all(|e| e.rule != RuleId::SameSound || e.confidence != Confidence::Applied), "{e:?}");
    }

    #[test]
    fn names_in_lists_and_credits_are_kept() {
        for ok in ["评书名家连丽如、田连元、刘兰芳到场", "本报记者 赵荣林摄"] {
            assert_eq!(fix(ok).0, ok, "{ok}");
        }
    }
}
