//! Never lose a page, round two: the cases that lost or overwrote pages in ordinary use, each
//! as a user would meet it, and a run killed at every write step.

mod common;
use assert_cmd::Command;
use common::fixtures;
use predicates::prelude::*;
use predicates::str::contains;
use std::fs;
use std::path::Path;

fn nc() -> Command {
    Command::cargo_bin("newsclean").unwrap()
}

const PAGES: [&str; 2] = ["001_71b0159cb2bda306.txt", "004_418b4fb8ab4a92f7.txt"];

fn page(n: usize) -> Vec<u8> {
    fs::read(fixtures().join("raw").join(PAGES[n % 2])).unwrap()
}

fn write(p: &Path, bytes: &[u8]) {
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, bytes).unwrap();
}

#[test]
fn dotted_names_are_pages_of_their_own() {
    let d = tempfile::tempdir().unwrap();
    for (i, n) in ["1949.10.01.txt", "1949.10.02.txt", "1949.10.03.txt"].iter().enumerate() {
        write(&d.path().join("raw").join(n), &page(i));
    }
    nc().current_dir(d.path()).args(["clean", "--accept", "-q"]).assert().success();
    for n in ["1949.10.01", "1949.10.02", "1949.10.03"] {
        assert!(d.path().join(format!("cleaned/{n}.md")).is_file(), "{n}");
        assert!(d.path().join(format!("cleaned/.newsclean/reports/{n}.txt")).is_file(), "{n}");
    }
    assert!(!d.path().join("cleaned/1949.10.md").exists());
}

#[test]
fn a_page_has_one_name_however_its_input_is_spelled() {
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("raw/x/1.txt"), &page(0));
    write(&d.path().join("raw/y/1.txt"), &page(1));
    nc().current_dir(d.path()).args(["clean", "raw", "--accept", "-q"]).assert().success();
    let x = fs::read_to_string(d.path().join("cleaned/x/1.md")).unwrap();
    // the same page by name, from another folder, spelled another way: the same page
    fs::create_dir(d.path().join("elsewhere")).unwrap();
    nc().current_dir(d.path().join("elsewhere")).args(["clean", "../raw/x/../x/1.txt", "--out", "../cleaned"]).assert().success().stdout(contains("unchanged"));
    nc().current_dir(d.path()).args(["clean", "./raw/x", "--accept", "-q"]).assert().success();
    assert!(!d.path().join("cleaned/1.md").exists(), "no page named after its spelling");
    assert_eq!(fs::read_to_string(d.path().join("cleaned/x/1.md")).unwrap(), x);
    assert!(d.path().join("cleaned/y/1.md").is_file());
    // an input outside the recorded root is refused, with what to do
    write(&d.path().join("other/1.txt"), &page(0));
    nc().current_dir(d.path()).args(["clean", "raw", "other", "--accept"]).assert().code(2).stderr(contains("outside the archive root").and(contains("another --out")));
    assert!(!d.path().join("cleaned/other").exists());
}

#[test]
fn a_first_run_on_one_folder_roots_the_archive_there() {
    // `clean raw/x --accept` then `clean raw/y --accept` both held a `1.txt`: the second
    // replaced the first. Now the second is refused: raw/y is not under raw/x.
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("raw/x/1.txt"), &page(0));
    write(&d.path().join("raw/y/1.txt"), &page(1));
    nc().current_dir(d.path()).args(["clean", "raw/x", "--accept", "-q"]).assert().success();
    let x = fs::read(d.path().join("cleaned/1.md")).unwrap();
    nc().current_dir(d.path()).args(["clean", "raw/y", "--accept"]).assert().code(2).stderr(contains("outside the archive root"));
    assert_eq!(fs::read(d.path().join("cleaned/1.md")).unwrap(), x);
    // a --root that would rename the pages is refused too
    nc().current_dir(d.path()).args(["clean", "raw", "--root", "raw", "--accept"]).assert().code(2).stderr(contains("would name them anew"));
}

#[test]
fn output_and_input_never_overlap() {
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("r7/p.txt"), &page(0));
    write(&d.path().join("r7/p.md"), b"the user's own file\n");
    nc().current_dir(d.path()).args(["clean", "r7/p.txt", "--out", "r7", "--accept"]).assert().code(2).stderr(contains("inside the output folder"));
    assert_eq!(fs::read(d.path().join("r7/p.md")).unwrap(), b"the user's own file\n");
    // the reports folder given as input
    write(&d.path().join("raw/a.txt"), &page(0));
    nc().current_dir(d.path()).args(["clean", "-q"]).assert().success();
    nc().current_dir(d.path()).args(["clean", "cleaned/.newsclean/reports", "--accept"]).assert().code(2).stderr(contains("inside the output folder"));
}

#[cfg(unix)]
#[test]
fn split_stories_never_writes_or_deletes_through_a_link() {
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("raw/a.txt"), &page(0));
    write(&d.path().join("precious/keep.md"), b"keep\n");
    fs::create_dir_all(d.path().join("cleaned")).unwrap();
    std::os::unix::fs::symlink(d.path().join("precious"), d.path().join("cleaned/a.stories")).unwrap();
    nc().current_dir(d.path()).args(["clean", "--accept", "--split-stories"]).assert().code(3).stderr(contains("a.stories"));
    assert_eq!(fs::read_dir(d.path().join("precious")).unwrap().count(), 1);
    assert_eq!(fs::read(d.path().join("precious/keep.md")).unwrap(), b"keep\n");
}

#[test]
fn reject_is_remembered_and_review_decisions_win() {
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("raw/a.txt"), &page(0));
    nc().current_dir(d.path()).args(["clean", "-q"]).assert().success();
    nc().current_dir(d.path()).args(["reject", "a"]).assert().success();
    nc().current_dir(d.path()).args(["clean"]).assert().success().stdout(contains("rejected in review"));
    assert!(!d.path().join("cleaned/.newsclean/pending/a.md").exists());
    // a decision written after the proposal (review quit mid-page): accept refuses it
    write(&d.path().join("raw/b.txt"), &page(1));
    nc().current_dir(d.path()).args(["clean", "-q"]).assert().success();
    write(&d.path().join("cleaned/.newsclean/decisions/b.tsv"), b"");
    nc().current_dir(d.path()).args(["accept", "b"]).assert().code(3).stderr(contains("decisions were made in review"));
    assert!(!d.path().join("cleaned/b.md").exists());
}

#[test]
fn a_proposal_cut_short_is_refused() {
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("raw/a.txt"), &page(0));
    nc().current_dir(d.path()).args(["clean", "-q"]).assert().success();
    fs::write(d.path().join("cleaned/.newsclean/pending/a.md"), b"").unwrap();
    nc().current_dir(d.path()).args(["accept", "--all"]).assert().code(3).stderr(contains("does not match its fingerprint record"));
    assert!(!d.path().join("cleaned/a.md").exists());
}

#[cfg(unix)]
#[test]
fn an_unreadable_accepted_page_is_an_error_not_a_missing_page() {
    use std::os::unix::fs::PermissionsExt;
    if unsafe { libc_geteuid() } == 0 {
        // (root reads every file: make the page a folder instead, which no one reads as text)
        let d = tempfile::tempdir().unwrap();
        write(&d.path().join("raw/a.txt"), &page(0));
        fs::create_dir_all(d.path().join("cleaned/a.md")).unwrap();
        nc().current_dir(d.path()).args(["clean", "--accept"]).assert().code(3).stderr(contains("cleaned/a.md: cannot read"));
        assert!(d.path().join("cleaned/a.md").is_dir());
        return;
    }
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("raw/a.txt"), &page(0));
    write(&d.path().join("cleaned/a.md"), b"old\n");
    fs::set_permissions(d.path().join("cleaned/a.md"), fs::Permissions::from_mode(0o000)).unwrap();
    nc().current_dir(d.path()).args(["clean", "--accept"]).assert().code(3).stderr(contains("cannot read"));
}

unsafe extern "C" {
    #[link_name = "geteuid"]
    fn libc_geteuid() -> u32;
}

#[test]
fn ignored_options_are_usage_errors() {
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("raw/a.txt"), &page(0));
    for args in [&["clean", "--jsonl", "raw"][..], &["clean", "-", "--accept"], &["clean", "--split-stories"], &["clean", "-", "raw"]] {
        nc().current_dir(d.path()).args(args).write_stdin("").assert().code(2);
    }
    nc().current_dir(d.path()).args(["accept", "--all", "--out", "claned"]).assert().code(2).stderr(contains("claned: the output folder does not exist"));
    assert!(!d.path().join("claned").exists());
}

#[cfg(unix)]
#[test]
fn odd_files_are_counted_and_named() {
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("raw/a.txt"), &page(0));
    write(&d.path().join("raw/notes.doc"), b"x");
    let fifo = d.path().join("raw/pipe.txt");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    nc().current_dir(d.path()).args(["clean", "--accept"]).assert().success().stderr(contains("pipe.txt: not a regular file")).stdout(contains("2 other files passed over"));
    nc().current_dir(d.path()).args(["clean", "--accept", "--verbose"]).assert().success().stderr(contains("notes.doc: not a *.txt page"));
    // a name with an escape sequence reaches the terminal escaped
    write(&d.path().join("raw/\u{1b}[31mred.txt"), &page(1));
    let out = nc().current_dir(d.path()).args(["clean"]).output().unwrap();
    let so = String::from_utf8_lossy(&out.stdout);
    assert!(!so.contains('\u{1b}') && so.contains("\\u{1b}[31mred.txt"), "{so}");
}

/// Kill `clean --accept` (and then `accept`) at every write step: every accepted page is
/// absent, the old one or the complete new one, and a re-run recovers.
#[test]
fn a_run_killed_at_any_write_step_loses_nothing() {
    let d = tempfile::tempdir().unwrap();
    let raw = d.path().join("raw");
    for i in 0..3 {
        write(&raw.join(format!("p{i}.txt")), &page(i));
    }
    // the pages as a run without faults makes them
    nc().current_dir(d.path()).args(["clean", "--accept", "-q", "--out", "want"]).assert().success();
    let want: Vec<String> = (0..3).map(|i| fs::read_to_string(d.path().join(format!("want/p{i}.md"))).unwrap()).collect();
    let old = "# 旧的一页\n\n旧的正文。\n";
    let check = |out: &Path| {
        for (i, w) in want.iter().enumerate() {
            match fs::read_to_string(out.join(format!("p{i}.md"))) {
                Err(_) => {}
                Ok(t) => assert!(t == *w || t == old, "p{i}.md is neither the old page nor the new one: {t:?}"),
            }
        }
    };
    for cmd in ["clean-accept", "accept"] {
        let mut step = 1;
        loop {
            let out = d.path().join(format!("{cmd}-{step}"));
            for i in 0..3 {
                write(&out.join(format!("p{i}.md")), old.as_bytes());
            }
            if cmd == "accept" {
                nc().current_dir(d.path()).args(["clean", "-q", "-j1", "--out"]).arg(&out).assert().success();
            }
            let mut c = nc();
            c.current_dir(d.path()).env("NEWSCLEAN_CRASH_AT", step.to_string()).args(["-j1"]);
            if cmd == "accept" {
                c.args(["accept", "--all", "--out"]).arg(&out);
            } else {
                c.args(["clean", "--accept", "-q", "--out"]).arg(&out);
            }
            let r = c.output().unwrap();
            check(&out);
            let crashed = r.status.code().is_none();
            // the re-run finishes the job
            if cmd == "accept" {
                nc().current_dir(d.path()).args(["accept", "--all", "--out"]).arg(&out).assert().success();
            }
            nc().current_dir(d.path()).args(["clean", "--accept", "-q", "--out"]).arg(&out).assert().success();
            for (i, w) in want.iter().enumerate() {
                assert_eq!(fs::read_to_string(out.join(format!("p{i}.md"))).unwrap(), *w, "{cmd} killed at step {step}: p{i}.md after the re-run");
            }
            assert_eq!(fs::read_dir(out.join(".newsclean/tmp")).map(|r| r.count()).unwrap_or(0), 0, "stale temporary files are removed");
            fs::remove_dir_all(&out).unwrap();
            if !crashed {
                break;
            }
            step += 1;
        }
        assert!(step > 5, "{cmd}: the run had write steps to kill ({step})");
    }
}

#[test]
fn the_output_folder_carries_its_configuration() {
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("raw/a.txt"), &page(0));
    // a correction of the page's own text, so that it shows
    let text = String::from_utf8(page(0)).unwrap();
    let word: String = text.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).skip(10).take(2).collect();
    write(&d.path().join("fix.tsv"), format!("{word}\t测试\n").as_bytes());
    write(&d.path().join("newsclean.toml"), b"[typos]\ncorrections = [\"fix.tsv\"]\n");
    nc().current_dir(d.path()).args(["clean", "--accept", "-q"]).assert().success();
    let md = fs::read_to_string(d.path().join("cleaned/a.md")).unwrap();
    assert!(md.contains("测试"), "{md}");
    // from another folder, with no config of its own: the recorded one, nothing reverted
    fs::create_dir(d.path().join("elsewhere")).unwrap();
    nc().current_dir(d.path().join("elsewhere")).args(["clean", "../raw", "--out", "../cleaned", "--accept"]).assert().success().stdout(contains("unchanged"));
    assert_eq!(fs::read_to_string(d.path().join("cleaned/a.md")).unwrap(), md);
    // a run with other rules says so
    write(&d.path().join("newsclean.toml"), b"[typos]\n");
    nc().current_dir(d.path()).args(["clean", "-q"]).assert().success().stderr(contains("these rules differ"));
    // a config error names its line
    write(&d.path().join("newsclean.toml"), b"[typos]\nbogus = 1\n");
    nc().current_dir(d.path()).args(["clean"]).assert().code(2).stderr(contains("newsclean.toml:2:1"));
}

mod spellings {
    use newsclean::walk::{Walk, resolve};
    use proptest::prelude::*;
    use std::path::{Path, PathBuf};

    /// A spelling of `parts` under `base`: each step may be preceded by `./` or by a detour
    /// into a sibling folder and back (`y/..`), or given with `a/../a`.
    fn spell(base: &Path, parts: &[&str], moves: &[u8]) -> PathBuf {
        let mut p = base.to_path_buf();
        for (i, part) in parts.iter().enumerate() {
            match moves.get(i).copied().unwrap_or(0) % 4 {
                2 => {
                    p.push("y");
                    p.push("..");
                }
                3 if !part.ends_with(".txt") => {
                    p.push(part);
                    p.push("..");
                }
                1 | 3 => p.push("."),
                _ => {}
            }
            p.push(part);
        }
        p
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Any spelling of an input, file or folder, gives the page the same name.
        #[test]
        fn any_spelling_of_an_input_is_the_same_page(moves in proptest::collection::vec(any::<u8>(), 3), folder in any::<bool>()) {
            let d = tempfile::tempdir().unwrap();
            let raw = d.path().join("raw");
            std::fs::create_dir_all(raw.join("x")).unwrap();
            std::fs::create_dir_all(raw.join("y")).unwrap();
            std::fs::create_dir_all(raw.join("x/y")).unwrap();
            std::fs::write(raw.join("x/1.txt"), "本报讯 今天天气很好。\n").unwrap();
            let root = resolve(&raw).unwrap();
            let parts: &[&str] = if folder { &["x"] } else { &["x", "1.txt"] };
            let input = spell(&raw, parts, &moves);
            let names: Vec<String> = Walk::new(std::slice::from_ref(&input), &d.path().join("out"), &root).unwrap().map(|j| j.unwrap().rel.display().to_string()).collect();
            prop_assert_eq!(names, vec!["x/1".to_string()], "{}", input.display());
        }
    }
}
