//! Fuzz the whole page cleaner: arbitrary bytes must give a cleaned page or an error for the
//! page, never a panic, a hang or a broken invariant (the pipeline checks it and returns an
//! error; a panic here means a stage crashed). The first byte picks the options, so `--lossy`
//! and the shape suggestions are fuzzed too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, page)) = data.split_first() else { return };
    let opts = newsclean::Options { lossy: flags & 1 != 0, suggest_shapes: flags & 2 != 0, ..Default::default() };
    if let Ok(c) = newsclean::clean_bytes_with(page, &opts) {
        // what a reviewer sees must be buildable too
        let _ = newsclean::report::text_report("fuzz", &c, None);
        let _ = newsclean::html::html_report("fuzz", &c);
    }
});
