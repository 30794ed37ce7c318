//! The fuzzing corpus as regression tests: every input the fuzzers kept (`fuzz/corpus/`) and
//! every crash they found (`fuzz/artifacts/`, after the fix) must clean or fail as a page,
//! never panic. `cargo +nightly fuzz run clean_page` grows the corpus; see fuzz/README.md.

use std::path::Path;

fn inputs(dir: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz").join(dir);
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(b) = std::fs::read(&p) {
                out.push((p.display().to_string(), b));
            }
        }
    }
    out
}

#[test]
fn every_kept_fuzz_input_cleans_without_a_panic() {
    let corpus = inputs("corpus/clean_page");
    assert!(corpus.len() >= 5, "the corpus is in the repository");
    for (name, data) in corpus.iter().chain(inputs("artifacts/clean_page").iter()) {
        let Some((&flags, page)) = data.split_first() else { continue };
        let opts = newsclean::Options { lossy: flags & 1 != 0, suggest_shapes: flags & 2 != 0, ..Default::default() };
        let r = std::panic::catch_unwind(|| newsclean::clean_bytes_with(page, &opts).map(|c| c.markdown.len()));
        assert!(r.is_ok(), "{name} panicked");
    }
}

#[test]
fn every_kept_decoder_input_decodes_without_a_panic() {
    for (name, data) in inputs("corpus/decode").iter().chain(inputs("artifacts/decode").iter()) {
        for lossy in [false, true] {
            let r = std::panic::catch_unwind(|| newsclean::stages::decode::decode_with(data, lossy).is_ok());
            assert!(r.is_ok(), "{name} panicked");
        }
    }
}
