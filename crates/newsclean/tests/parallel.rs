//! The parallel paths of the core give what the sequential ones give (on generated pages,
//! which is why this test lives outside the core crate).

#[test]
fn a_large_page_read_in_parallel_is_the_page_read_line_by_line() {
    // generated pages, one after another in one file, past the size read in parallel
    let pool = newsclean_synth::Pool::from_dirs(&newsclean_synth::Pool::fixture_dirs("all")).expect("the fixture pages");
    let mut raw = String::new();
    let mut seed = 0;
    while raw.lines().count() < 2 * newsclean::stages::reflow::LARGE_LINES {
        raw.push_str(&pool.damaged_page(seed));
        raw.push_str("\n\n");
        seed += 1;
    }
    let run = |large: bool| {
        let mut edits = Vec::new();
        let lines = newsclean::stages::spacing::run(&raw, &mut edits);
        let (blocks, _) = newsclean::stages::reflow::run_in(lines, &newsclean::decisions::Gate::none(), &mut edits, large);
        let blocks: Vec<_> = blocks
            .iter()
            .map(|b| format!("{:?} {:?} {} {}-{} {:?} {} {} {:?}", b.kind, b.role, b.text.as_string(), b.first_line, b.last_line, b.text.offs, b.resumes, b.interrupted, b.lines))
            .collect();
        (blocks, edits)
    };
    let (one, edits_one) = run(false);
    let (par, edits_par) = run(true);
    assert!(one.len() > 1000, "a page of many blocks");
    assert!(one == par, "the blocks differ");
    assert_eq!(edits_one, edits_par);
}
