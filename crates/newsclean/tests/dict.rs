//! The compiled dictionary segments exactly as jieba-rs does without its HMM (the reference
//! implementation of the same model), on every clean page of the fixtures.

use newsclean::dict::dict;
use newsclean_synth::{Pool, read_pages};

#[test]
fn segmentation_agrees_with_jieba() {
    let mut j = jieba_rs::Jieba::new();
    for w in include_str!("../../newsclean_core/data/terms.txt").lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        j.add_word(w, Some(3000), None);
    }
    let pages = read_pages(&Pool::fixture_dirs("all")).unwrap();
    let mut tokens = 0;
    for page in &pages {
        for line in page.lines() {
            let ours = dict().cut(line);
            let theirs: Vec<&str> = j.cut(line, false).iter().map(|t| t.word).collect();
            assert_eq!(ours, theirs, "{line}");
            tokens += ours.len();
        }
    }
    assert!(tokens > 20_000, "{tokens} tokens compared");
}

#[test]
fn every_word_of_the_source_files_is_in_with_its_frequency() {
    let mut n = 0;
    for line in include_str!("../../newsclean_core/data/jieba/dict.txt").lines().step_by(97) {
        let mut it = line.split(' ');
        let (w, f) = (it.next().unwrap(), it.next().unwrap().parse::<u64>().unwrap());
        assert_eq!(dict().freq(w), Some(f), "{w}");
        n += 1;
    }
    assert!(n > 3000);
    assert_eq!(dict().freq("卫健委"), Some(3000), "data/terms.txt");
    assert_eq!(dict().freq("卫建委"), None);
}
