//! The gold pages as integration tests: each raw example page is cleaned and compared with
//! its hand-made gold page (tests/fixtures/gold, copied from shared/gold).

mod common;
use common::*;

fn cleaned(raw: &[u8]) -> String {
    newsclean::clean_bytes(raw).expect("cleans").markdown
}

#[test]
fn gold_pages_meet_the_thresholds() {
    let mut exact = 0;
    let mut ok = 0;
    let mut total = 0;
    for (stem, gold, raw) in gold_pages() {
        let out = cleaned(&raw);
        let s = score(&gold, &out);
        assert!(s.para_p >= 0.9 && s.para_r >= 0.9, "{stem}: paragraph P/R {:.2}/{:.2}", s.para_p, s.para_r);
        assert_eq!(spaced(&out), spaced(&gold), "{stem}: letter-spacing left");
        ok += s.stories_ok;
        total += s.stories;
        if out == gold {
            exact += 1;
        }
    }
    // 10 of the 11 stories are exact; page 000 merges one paragraph pair whose break leaves no
    // trace in the raw text (see the issue notes). Raise this when it is fixed.
    assert!(ok >= 10, "stories exact: {ok}/{total}");
    assert!(exact >= 2, "pages identical to gold: {exact}");
}

#[test]
fn page_003_is_exactly_the_gold_page() {
    let (_, gold, raw) = gold_pages().into_iter().find(|p| p.0.starts_with("003")).unwrap();
    assert_eq!(cleaned(&raw), gold);
}

#[test]
fn page_004_is_exactly_the_gold_page() {
    let (_, gold, raw) = gold_pages().into_iter().find(|p| p.0.starts_with("004")).unwrap();
    assert_eq!(cleaned(&raw), gold);
}

#[test]
fn typo_corrections_of_the_gold_are_made_and_no_others() {
    let tsv = std::fs::read_to_string(fixtures().join("gold/typos.tsv")).unwrap();
    let mut fixed = 0;
    for line in tsv.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let (stem, wrong, right) = (cols[0], cols[1], cols[2]);
        let raw = std::fs::read(fixtures().join("raw").join(format!("{stem}.txt"))).unwrap();
        let out: String = cleaned(&raw).chars().filter(|c| !c.is_whitespace()).collect();
        if out.contains(right) && !out.contains(wrong) {
            fixed += 1;
        }
    }
    assert_eq!(fixed, 5, "typo corrections made: {fixed}/5");
    // no correction that the gold does not make: every applied typo edit's result is in gold
    for (stem, gold, raw) in gold_pages() {
        let c = newsclean::clean_bytes(&raw).unwrap();
        for e in c.edits.iter().filter(|e| e.stage == newsclean::edit::Stage::Typos && e.confidence == newsclean::edit::Confidence::Applied) {
            let at = c.raw[..e.offset].chars().rev().take(3).collect::<Vec<_>>().into_iter().rev().collect::<String>();
            let probe = format!("{}{}", at.trim(), e.after);
            let g: String = gold.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(g.contains(&probe), "{stem}: correction {} → {} (line {}) is not in the gold page", e.before, e.after, e.line);
        }
    }
}

/// Page 002 has no gold page: nothing was fitted on it. Its two stories have sections as
/// wide as headlines, set with phrase spaces, which the story-boundary weights (fitted on
/// generated pages, where a wide heading after body is mostly a headline) read as new
/// stories; and one paragraph is cut by a blank line on a page of one paragraph per line
/// (`……领域党的` / `全面领导。`), which the generator never makes. Kept as the measure of
/// those gaps (issue 21): `cargo test --release --test gold -- --ignored`.
#[test]
#[ignore = "sections as wide as headlines read as new stories; a cut paragraph on a one-paragraph-per-line page: issue 21 open"]
fn page_002_has_two_stories_with_whole_paragraphs() {
    let raw = std::fs::read(fixtures().join("raw/002_52e921449d18fd00.txt")).unwrap();
    let out = cleaned(&raw);
    let stories = parse(&out);
    assert_eq!(stories.len(), 2);
    assert_eq!(stories[0][0].1, "垫江县卫生健康委 提升为民服务能力 守护人民群众健康");
    assert_eq!(stories[1][0].1, "江津区中心医院 推动“我为群众办实事”落实落细");
    // every paragraph is whole: it ends a sentence, or is a byline or sign-off
    for s in &stories {
        for (k, t) in s.iter().filter(|(k, _)| *k == newsclean::model::BlockKind::Paragraph) {
            let last = t.chars().last().unwrap();
            assert!("。！？”".contains(last) || t.chars().count() < 16, "{k:?}: broken paragraph {t}");
        }
    }
    assert!(out.contains("有困难群众实行上门接种"));
    assert!(out.contains("表率和解放思想"));
    assert!(out.contains("重点（特色）专科"));
}

#[test]
fn page_002_has_its_caption_lifted_out_of_the_paragraph_it_was_set_into() {
    let raw = std::fs::read(fixtures().join("raw/002_52e921449d18fd00.txt")).unwrap();
    let out = cleaned(&raw);
    let stories = parse(&out);
    assert_eq!(stories[0][0].1, "垫江县卫生健康委 提升为民服务能力 守护人民群众健康");
    assert!(stories.iter().any(|s| s[0].1 == "江津区中心医院 推动“我为群众办实事”落实落细"));
    // the photo caption set between the halves of `建设` is a caption, and the paragraph whole
    assert!(out.contains("通过持续强化组织体系建设，提升党的群众组织力。"));
    assert!(out.contains("> “我为群众办实事”义诊现场"));
    assert!(out.contains("有困难群众实行上门接种"));
}

#[test]
fn cleaning_is_idempotent_on_every_example() {
    for entry in std::fs::read_dir(fixtures().join("raw")).unwrap().flatten() {
        let once = cleaned(&std::fs::read(entry.path()).unwrap());
        let twice = cleaned(once.as_bytes());
        assert_eq!(once, twice, "{}", entry.path().display());
    }
}
