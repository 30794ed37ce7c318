//! Property tests: re-wrapping a gold page at other column widths and cleaning it gives the
//! gold page back; arbitrary bytes and text never panic or break the character invariant.
//! (Idempotence is tested on the examples in tests/gold.rs and on 2000 generated pages in
//! tests/generated.rs.)

mod common;
use common::*;
use proptest::prelude::*;

/// Render a gold page as raw text in a narrow-column style: paragraphs wrapped at `width`
/// characters, blocks separated by a blank line, heading markers kept (Markdown-like input).
fn rewrap(gold: &str, width: usize, blank_every_line: bool) -> String {
    let mut out = String::new();
    let sep = if blank_every_line { "\n\n" } else { "\n" };
    for line in gold.lines().filter(|l| !l.is_empty()) {
        if line.starts_with('#') || line.starts_with('>') || line.chars().count() <= width {
            out.push_str(line);
            out.push_str(sep);
        } else {
            // the first line is two cells shorter: the paragraph indent lost in extraction
            let chars: Vec<char> = line.chars().collect();
            let first = (width - 2).min(chars.len());
            out.extend(&chars[..first]);
            out.push_str(sep);
            for chunk in chars[first..].chunks(width) {
                out.extend(chunk);
                out.push_str(sep);
            }
        }
        out.push('\n');
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn rewrapped_gold_pages_come_back(width in 10usize..=24, page in 0usize..4) {
        let (stem, gold, _) = gold_pages().swap_remove(page);
        let raw = rewrap(&gold, width, false);
        let out = newsclean::clean_str(&raw).unwrap().markdown;
        let s = score(&gold, &out);
        prop_assert!(s.para_r >= 0.75 && s.para_p >= 0.75, "{} at width {}: P/R {:.2}/{:.2}", stem, width, s.para_p, s.para_r);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = newsclean::clean_bytes(&bytes);
    }

    #[test]
    fn arbitrary_text_never_panics_and_keeps_the_invariant(s in "[本报讯记者新闻党建工作。，“”、（）0-9a-z #>\u{3000}\r\n]{0,400}") {
        // clean_str checks the character invariant itself and fails the page if it breaks
        if let Err(e) = newsclean::clean_str(&s) {
            prop_assert!(!matches!(e, newsclean::PageError::Invariant(_)), "{}", e);
        }
    }
}

#[test]
fn rewrapped_gold_paragraphs_at_every_width() {
    let mut worst = 1.0f64;
    let (mut sum, mut runs) = (0.0f64, 0usize);
    for (stem, gold, _) in gold_pages() {
        for width in 10..=24 {
            for blank in [false, true] {
                let out = newsclean::clean_str(&rewrap(&gold, width, blank)).unwrap().markdown;
                let s = score(&gold, &out);
                worst = worst.min(s.para_r.min(s.para_p));
                sum += s.para_r.min(s.para_p);
                runs += 1;
                if s.para_r < 0.9 || s.para_p < 0.9 {
                    eprintln!("{stem} width {width} blank {blank}: P/R {:.2}/{:.2}", s.para_p, s.para_r);
                }
            }
        }
    }
    let mean = sum / runs as f64;
    eprintln!("paragraph min(P,R) over widths 10-24, both separator styles: mean {mean:.3}, worst {worst:.3}");
    // Issue 3 raises these to 0.95 on pages never seen; this is the floor the build keeps.
    // (With the fitted layout decoder, issue 21: mean 0.961, worst 0.69 on page 001 at width
    // 11 with blank lines, where short headings and short paragraph ends look alike.)
    assert!(mean >= 0.95, "mean paragraph P/R {mean:.3}");
    assert!(worst >= 0.65, "worst paragraph P/R {worst:.3}");
}
