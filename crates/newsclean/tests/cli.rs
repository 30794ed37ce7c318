//! The command line end to end: clean / accept / reject / --check / stdin / JSON, the output
//! folder layout and the exit codes.

mod common;
use assert_cmd::Command;
use common::fixtures;
use predicates::prelude::*;
use std::fs;
use std::path::Path;

fn nc() -> Command {
    Command::cargo_bin("newsclean").unwrap()
}

fn setup() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    fs::create_dir(d.path().join("raw")).unwrap();
    for f in ["001_71b0159cb2bda306.txt", "003_7e1b45ea7f2662d5.txt"] {
        fs::copy(fixtures().join("raw").join(f), d.path().join("raw").join(f)).unwrap();
    }
    d
}

fn md_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir).map(|r| r.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n.ends_with(".md")).collect()).unwrap_or_default();
    v.sort();
    v
}

#[test]
fn clean_proposes_and_accept_writes() {
    let d = setup();
    nc().current_dir(d.path()).arg("clean").assert().success().stdout(predicate::str::contains("001_71b0159cb2bda306.txt: 1 stories").and(predicate::str::contains("new (pending)")));
    // nothing accepted yet: cleaned/ holds accepted pages only
    assert!(md_files(&d.path().join("cleaned")).is_empty());
    assert!(d.path().join("cleaned/.newsclean/pending/003_7e1b45ea7f2662d5.md").exists());
    let report = fs::read_to_string(d.path().join("cleaned/.newsclean/reports/003_7e1b45ea7f2662d5.txt")).unwrap();
    assert!(report.contains("halfwidth-punct"), "{report}");
    assert!(report.contains("## Stories"));

    nc().current_dir(d.path()).args(["accept", "003_7e1b45ea7f2662d5"]).assert().success();
    assert_eq!(md_files(&d.path().join("cleaned")), vec!["003_7e1b45ea7f2662d5.md"]);
    nc().current_dir(d.path()).args(["reject", "--all"]).assert().success().stdout(predicate::str::contains("rejected 001_71b0159cb2bda306"));
    assert!(!d.path().join("cleaned/.newsclean/pending/001_71b0159cb2bda306.md").exists());
    // the accepted page's report now says what it replaced, and is settled
    let report_path = d.path().join("cleaned/.newsclean/reports/003_7e1b45ea7f2662d5.txt");
    let accepted = fs::read_to_string(&report_path).unwrap();
    // (and its key's sentence no longer waits for the page to be accepted)
    assert!(report.contains("Once this page is accepted, `newsclean clean` skips it"), "{report}");
    let want = report
        .replace("## Diff against the accepted page\n  (no accepted page yet: the whole page is new)", "## Accepted: diff against the page it replaced\n  (no page before: the whole page is new)")
        .replace("Once this page is accepted, `newsclean clean` skips it", "`newsclean clean` skips this page");
    assert_eq!(accepted, want);
    assert!(accepted.contains("## Settled\n  key "), "{accepted}");

    // a second run finds the accepted page unchanged without cleaning it (its report is kept)
    // and proposes nothing for it; the rejected page is not proposed again (`reject` is
    // remembered, as `R` in review), until its raw text changes
    let out = nc().current_dir(d.path()).arg("clean").assert().success().get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("003_7e1b45ea7f2662d5.txt: 8 stories")
            && out.contains("— unchanged")
            && out.contains("001_71b0159cb2bda306.txt: 1 stories, 12 paragraphs, edits: reflow 2, typos 2 — rejected in review"),
        "{out}"
    );
    assert!(!d.path().join("cleaned/.newsclean/pending/001_71b0159cb2bda306.md").exists());
    // (and `diff --exit-code` agrees with `clean --check`: nothing to change)
    nc().current_dir(d.path()).args(["clean", "--check"]).assert().success();
    nc().current_dir(d.path()).args(["diff", "--exit-code"]).assert().success();
    assert_eq!(fs::read_to_string(&report_path).unwrap(), accepted);
}

#[test]
fn accepted_pages_are_never_overwritten_by_clean() {
    let d = setup();
    nc().current_dir(d.path()).args(["clean", "--accept"]).assert().success();
    let acc = d.path().join("cleaned/001_71b0159cb2bda306.md");
    fs::write(&acc, "# 手工修改\n").unwrap();
    nc().current_dir(d.path()).arg("clean").assert().success().stdout(predicate::str::contains("changed (pending)"));
    assert_eq!(fs::read_to_string(&acc).unwrap(), "# 手工修改\n");
    let report = fs::read_to_string(d.path().join("cleaned/.newsclean/reports/001_71b0159cb2bda306.txt")).unwrap();
    let diff = report.split("## Diff against the accepted page").nth(1).unwrap();
    assert!(diff.contains("[-手工修改-]"), "{report}");
}

#[test]
fn accept_refuses_a_stale_proposal() {
    let d = setup();
    nc().current_dir(d.path()).arg("clean").assert().success();
    fs::write(d.path().join("raw/001_71b0159cb2bda306.txt"), "新的内容。\n").unwrap();
    nc().current_dir(d.path()).args(["accept", "--all"]).assert().code(3).stderr(predicate::str::contains("re-run `newsclean clean`"));
    assert!(!d.path().join("cleaned/001_71b0159cb2bda306.md").exists());
}

#[test]
fn check_mode_writes_nothing_and_reports_changes() {
    let d = setup();
    nc().current_dir(d.path()).args(["clean", "--check"]).assert().code(1);
    assert!(!d.path().join("cleaned").exists());
    nc().current_dir(d.path()).args(["clean", "--accept", "-q"]).assert().success();
    nc().current_dir(d.path()).args(["clean", "--check"]).assert().code(0);
}

#[test]
fn stdin_to_stdout_in_markdown_and_json() {
    let raw = fs::read(fixtures().join("raw/003_7e1b45ea7f2662d5.txt")).unwrap();
    let gold = fs::read_to_string(fixtures().join("gold/003_7e1b45ea7f2662d5.md")).unwrap();
    nc().args(["clean", "-"]).write_stdin(raw.clone()).assert().success().stdout(gold);
    let out = nc().args(["clean", "-", "--format", "json"]).write_stdin(raw).assert().success().get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["stories"].as_array().unwrap().len(), 8);
    assert_eq!(v["stories"][0]["blocks"][0]["kind"], "headline");
    let edits = v["edits"].as_array().unwrap();
    let comma = edits.iter().find(|e| e["rule"] == "halfwidth-punct").unwrap();
    assert_eq!(comma["stage"], "typos");
    assert_eq!(comma["before"], ",");
    assert_eq!(comma["after"], "，");
    assert!(comma["line"].as_u64().unwrap() == 94);
}

#[test]
fn json_to_files_lists_every_page() {
    let d = setup();
    let out = nc().current_dir(d.path()).args(["clean", "--format", "json"]).assert().success().get_output().stdout.clone();
    let lines: Vec<serde_json::Value> = String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["status"], "new");
}

#[test]
fn errors_name_the_file_and_set_the_exit_code() {
    let d = setup();
    fs::write(d.path().join("raw/bad.txt"), [0x89u8, 0x50, 0x4E, 0x47, 0x00, 0xFF, 0xFE]).unwrap();
    nc().current_dir(d.path()).arg("clean").assert().code(3).stderr(predicate::str::contains("bad.txt").and(predicate::str::contains("offset")));
    // the good pages were still written
    assert!(d.path().join("cleaned/.newsclean/pending/003_7e1b45ea7f2662d5.md").exists());
    nc().current_dir(d.path()).args(["clean", "nowhere"]).assert().code(2).stderr(predicate::str::contains("nowhere: no such file"));
    nc().args(["clean", "-"]).write_stdin(vec![0u8, 1, 2]).assert().code(2).stderr(predicate::str::contains("<stdin>"));
    nc().current_dir(d.path()).args(["accept"]).assert().code(2).stderr(predicate::str::contains("--all"));
    nc().args(["frobnicate"]).assert().code(2);
}

#[test]
fn nested_folders_are_mirrored() {
    let d = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        fs::create_dir_all(d.path().join("in").join(sub)).unwrap();
        fs::write(d.path().join("in").join(sub).join("1.txt"), "本报讯 今天天气很好。\n").unwrap();
    }
    nc().current_dir(d.path()).args(["clean", "in", "--out", "out", "--accept"]).assert().success();
    assert!(d.path().join("out/a/1.md").exists() && d.path().join("out/b/1.md").exists());
}

/// A user's corrections file, on the command line or in `newsclean.toml`, wins over the
/// built-in typo rules; a bad one stops the run with its file and line.
#[test]
fn user_corrections_from_the_command_line_and_the_config_file() {
    let d = tempfile::tempdir().unwrap();
    let page = "干部到郟阳区月亮湖开展活动，记者马胜江报道。\n";
    fs::write(d.path().join("fix.tsv"), "# our archive\n月亮湖\t月亮潮\n郟阳区\t郟阳区\n").unwrap();
    // built in: the look-alike 郟 becomes 郧
    nc().current_dir(d.path()).args(["clean", "-"]).write_stdin(page).assert().success().stdout("干部到郧阳区月亮湖开展活动，记者马胜江报道。\n");
    // the file protects 郟阳区 and makes its own correction, logged with its origin
    let out = nc().current_dir(d.path()).args(["clean", "--corrections", "fix.tsv", "--format", "json", "-"]).write_stdin(page).assert().success().get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("郟阳区月亮潮"), "{out}");
    assert!(out.contains("your corrections file, fix.tsv:2"), "{out}");
    // the same from the config file in the current folder
    fs::write(d.path().join("newsclean.toml"), "[typos]\ncorrections = [\"fix.tsv\"]\n").unwrap();
    nc().current_dir(d.path()).args(["clean", "-"]).write_stdin(page).assert().success().stdout("干部到郟阳区月亮潮开展活动，记者马胜江报道。\n");
    // errors name the file (and line)
    fs::write(d.path().join("bad.tsv"), "月亮湖\n").unwrap();
    nc().current_dir(d.path()).args(["clean", "--corrections", "bad.tsv", "-"]).write_stdin(page).assert().code(2).stderr(predicate::str::contains("bad.tsv:1:"));
    fs::write(d.path().join("newsclean.toml"), "[typo]\n").unwrap();
    nc().current_dir(d.path()).args(["clean", "-"]).write_stdin(page).assert().code(2).stderr(predicate::str::contains("newsclean.toml:1:2: unknown field"));
}

#[test]
fn review_without_a_terminal_prints_the_reports_and_changes_nothing() {
    let d = setup();
    nc().current_dir(d.path()).args(["clean", "-q"]).assert().success();
    let before = fs::read_dir(d.path().join("cleaned/.newsclean/pending")).unwrap().count();
    nc().current_dir(d.path())
        .arg("review")
        .write_stdin("AAAA")
        .assert()
        .success()
        .stdout(predicate::str::contains("## Typo corrections").and(predicate::str::contains("not a terminal: nothing was accepted")));
    assert_eq!(fs::read_dir(d.path().join("cleaned/.newsclean/pending")).unwrap().count(), before);
    assert!(md_files(&d.path().join("cleaned")).is_empty());
}

#[test]
fn diff_shows_what_clean_would_change_with_git_like_exit_codes() {
    let d = setup();
    nc().current_dir(d.path()).args(["clean", "-q", "--accept"]).assert().success();
    // nothing to change: no output, exit 0 even with --exit-code
    nc().current_dir(d.path()).args(["diff", "--exit-code"]).assert().code(0).stdout("");
    // an edited accepted page: a unified diff against it, that `patch -p1` in the output
    // folder applies to give what `clean` would make
    let page = d.path().join("cleaned/001_71b0159cb2bda306.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, text.replacen("一末位", "一未位", 1)).unwrap();
    let out = nc().current_dir(d.path()).args(["diff", "--exit-code", "--color", "never"]).assert().code(1).get_output().stdout.clone();
    let patch = String::from_utf8(out).unwrap();
    assert!(patch.starts_with("--- a/001_71b0159cb2bda306.md\n+++ b/001_71b0159cb2bda306.md\n@@ "), "{patch}");
    assert!(patch.lines().any(|l| l.starts_with('-') && l.contains("一未位")) && patch.lines().any(|l| l.starts_with('+') && l.contains("一末位")), "{patch}");
    if std::process::Command::new("patch").arg("--version").output().is_ok() {
        let copy = tempfile::tempdir().unwrap();
        fs::write(copy.path().join("001_71b0159cb2bda306.md"), fs::read(&page).unwrap()).unwrap();
        let mut p = std::process::Command::new("patch").args(["-p1", "-s"]).current_dir(copy.path()).stdin(std::process::Stdio::piped()).spawn().unwrap();
        std::io::Write::write_all(p.stdin.as_mut().unwrap(), patch.as_bytes()).unwrap();
        assert!(p.wait().unwrap().success());
        assert_eq!(fs::read_to_string(copy.path().join("001_71b0159cb2bda306.md")).unwrap(), text);
    }
    nc().current_dir(d.path())
        .args(["diff", "--stat", "--color", "never"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(" 001_71b0159cb2bda306.md |     2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n"));
    nc().current_dir(d.path()).args(["diff", "--name-only"]).assert().code(0).stdout("001_71b0159cb2bda306.md\n");
    nc().current_dir(d.path()).args(["diff", "--color", "always"]).assert().code(0).stdout(predicate::str::contains("\x1b[31m-"));
    nc().current_dir(d.path()).env("NO_COLOR", "1").args(["diff"]).assert().code(0).stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn report_prints_the_text_report_and_writes_html_pages() {
    let d = setup();
    nc().current_dir(d.path()).args(["report", "raw/001_71b0159cb2bda306.txt"]).assert().success().stdout(predicate::str::contains("## Typo corrections (2)"));
    nc().current_dir(d.path()).args(["report", "--html"]).assert().success().stdout(predicate::str::contains("cleaned/.newsclean/reports/003_7e1b45ea7f2662d5.html"));
    let html = fs::read_to_string(d.path().join("cleaned/.newsclean/reports/003_7e1b45ea7f2662d5.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("halfwidth-punct"));
    // reports only: no page was proposed or accepted
    assert!(md_files(&d.path().join("cleaned")).is_empty());
}

#[test]
fn jsonl_streams_one_result_per_record_and_survives_bad_records() {
    let page = fs::read_to_string(fixtures().join("raw/003_7e1b45ea7f2662d5.txt")).unwrap();
    let good = serde_json::to_string(&serde_json::json!({"id": "p3", "text": page})).unwrap();
    let input = format!("{good}\n{{\"id\": 2}}\n{{broken\n{good}\n");
    let out = nc().args(["clean", "--jsonl", "-j", "2"]).write_stdin(input).assert().success().stderr(predicate::str::contains("4 records, 2 cleaned, 2 errors")).get_output().stdout.clone();
    let lines: Vec<serde_json::Value> = String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["id"], "p3");
    assert_eq!(lines[0], lines[3], "the same record gives the same result");
    assert!(lines[1]["error"].as_str().unwrap().contains("needs `text` or `data`"));
    assert_eq!(lines[2]["line"], 3);
    // the result is what `clean` makes of the file
    let md = nc().args(["clean", "-"]).write_stdin(page).assert().success().get_output().stdout.clone();
    assert_eq!(lines[0]["markdown"].as_str().unwrap(), String::from_utf8(md).unwrap());
}

#[test]
fn jsonl_answers_a_driver_that_waits_for_each_result_before_the_next_record() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command as Std, Stdio};
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("newsclean")).args(["clean", "--jsonl", "-j", "2"]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // (the driver's reads on a thread of their own, so that a run that never answers fails
    // the test after a minute instead of hanging it)
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    std::thread::spawn(move || stdout.lines().for_each(|l| tx.send(l.unwrap()).unwrap()));
    for k in 0..3 {
        writeln!(stdin, r#"{{"id": {k}, "text": "本报讯 作用,不断增强。"}}"#).unwrap();
        stdin.flush().unwrap();
        let line = rx.recv_timeout(std::time::Duration::from_secs(60)).unwrap_or_else(|_| panic!("no result for record {k} while the driver waits for it"));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["id"], k);
        assert!(v["markdown"].as_str().unwrap().contains("作用，不断增强"), "{v}");
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
    assert!(rx.recv_timeout(std::time::Duration::from_secs(5)).is_err(), "one result per record");
}

#[test]
fn a_rerun_skips_settled_pages_until_what_they_depend_on_changes() {
    let d = setup();
    let run = |args: &[&str]| String::from_utf8(nc().current_dir(d.path()).arg("clean").args(args).assert().success().get_output().stdout.clone()).unwrap();
    let report = d.path().join("cleaned/.newsclean/reports/001_71b0159cb2bda306.txt");
    run(&["--accept"]);
    // the run that accepts the pages marks their reports settled under the pages it wrote...
    let text = fs::read_to_string(&report).unwrap();
    assert!(text.contains("## Settled\n  key ") && text.contains("## Accepted: diff against the page it replaced\n  (no page before: the whole page is new)"), "{text}");
    // ...and the next runs take them from there, with the same output and the report kept;
    // so does `diff`
    let full = run(&[]);
    assert!(full.contains("001_71b0159cb2bda306.txt: 1 stories") && full.contains("2 pages: 0 new or changed"), "{full}");
    assert_eq!(fs::read_to_string(&report).unwrap(), text);
    assert_eq!(run(&[]), full);
    nc().current_dir(d.path()).args(["diff", "--exit-code"]).assert().code(0).stdout("");
    // (it is the record's summary that is printed: the page was not cleaned again)
    let record = d.path().join("cleaned/.newsclean/reports/001_71b0159cb2bda306.json");
    let rec = fs::read_to_string(&record).unwrap();
    fs::write(&record, rec.replacen("1 stories, 12 paragraphs", "1 stories, 99 paragraphs", 1)).unwrap();
    assert!(run(&[]).contains("1 stories, 99 paragraphs"));
    // (nothing parses the text report back: a report edited by hand changes nothing)
    fs::write(&report, "edited by hand\n").unwrap();
    assert!(run(&[]).contains("1 stories, 99 paragraphs"));
    // a run that checks the fixed point does not take a record of one that did not
    fs::remove_file(&record).unwrap();
    run(&["--no-verify"]);
    let unchecked = fs::read_to_string(&report).unwrap();
    assert!(unchecked.contains("## Settled") && !unchecked.contains("changes nothing"), "{unchecked}");
    let rec = fs::read_to_string(&record).unwrap();
    assert!(rec.contains("\"verified\":false"), "{rec}");
    fs::write(&record, rec.replacen("1 stories, 12 paragraphs", "1 stories, 99 paragraphs", 1)).unwrap();
    assert!(run(&["--no-verify"]).contains("99 paragraphs"));
    assert!(run(&[]).contains("1 stories, 12 paragraphs"));
    assert!(run(&[]).contains("1 stories, 12 paragraphs"));
    // a changed accepted page, raw page or set of rules cleans the page again
    let accepted = d.path().join("cleaned/001_71b0159cb2bda306.md");
    let page = fs::read_to_string(&accepted).unwrap();
    fs::write(&accepted, format!("{page}\n手工补充。\n")).unwrap();
    assert!(run(&[]).contains("001_71b0159cb2bda306.txt: 1 stories, 12 paragraphs, edits: reflow 2, typos 2 — changed (pending)"));
    // accepting it settles it at once, with the diff against the page it replaced
    assert!(run(&["--accept"]).contains("001_71b0159cb2bda306.txt: 1 stories, 12 paragraphs, edits: reflow 2, typos 2 — changed (accepted)"));
    let text = fs::read_to_string(&report).unwrap();
    assert!(text.contains("## Accepted: diff against the page it replaced") && text.contains("手工补充") && text.contains("## Settled\n  key "), "{text}");
    assert_eq!(fs::read_to_string(&accepted).unwrap(), page);
    assert!(run(&[]).contains("2 pages: 0 new or changed"));
    let raw = d.path().join("raw/001_71b0159cb2bda306.txt");
    fs::write(&raw, fs::read_to_string(&raw).unwrap().replace("一末位", "一未位").replacen("。", "。\n\n补充一段。", 1)).unwrap();
    nc().current_dir(d.path()).args(["diff", "--exit-code", "--color", "never"]).assert().code(1).stdout(predicate::str::contains("\n+补充一段。"));
    assert!(run(&[]).contains("001_71b0159cb2bda306.txt: 1 stories, 13 paragraphs"));
    fs::write(d.path().join("fix.tsv"), "守护健康\t守护健康\n").unwrap();
    let other_rules = run(&["--corrections", "fix.tsv"]);
    assert!(other_rules.contains("003_7e1b45ea7f2662d5.txt: 8 stories") && !other_rules.contains("99 paragraphs"), "{other_rules}");
}

#[test]
fn completions_and_a_man_page_name_every_command() {
    for shell in ["bash", "zsh", "fish"] {
        let out = nc().args(["completions", shell]).assert().success().get_output().stdout.clone();
        let text = String::from_utf8(out).unwrap();
        for cmd in ["clean", "accept", "status", "diff", "review"] {
            assert!(text.contains(cmd), "{shell} completions lack {cmd}");
        }
        assert!(text.contains("routine") && text.contains("name-only"), "{shell}: flags of the subcommands");
    }
    let man = String::from_utf8(nc().arg("man").assert().success().get_output().stdout.clone()).unwrap();
    assert!(man.contains(".TH newsclean 1") && man.contains("status"), "{man}");
    nc().args(["completions", "tcsh"]).assert().code(2);
}

/// `config --show` prints the configuration a run would use, every key documented, as a
/// newsclean.toml that parses back to the same values; a wrong key names the file and line.
#[test]
fn config_show_prints_the_effective_configuration() {
    let d = tempfile::tempdir().unwrap();
    let defaults = String::from_utf8(nc().current_dir(d.path()).args(["config", "--show"]).assert().success().get_output().stdout.clone()).unwrap();
    assert!(defaults.contains("no config file: the defaults"), "{defaults}");
    assert!(defaults.contains("layout_margin = 20.0") && defaults.contains("suggest_shapes = false") && defaults.contains("corrections = []"), "{defaults}");
    // every key is documented by a comment line just above it
    for key in ["corrections", "suggest_shapes", "layout_margin"] {
        let lines: Vec<&str> = defaults.lines().collect();
        let at = lines.iter().position(|l| l.starts_with(&format!("{key} = "))).unwrap();
        assert!(lines[at - 1].starts_with("# "), "{key} has no comment:\n{defaults}");
    }

    fs::write(d.path().join("fix.tsv"), "一未位\t一末位\n").unwrap();
    fs::write(d.path().join("newsclean.toml"), "[typos]\ncorrections = [\"fix.tsv\"]\nsuggest_shapes = true\n[review]\nlayout_margin = 55.5\n").unwrap();
    let shown = String::from_utf8(nc().current_dir(d.path()).args(["config", "--show"]).assert().success().get_output().stdout.clone()).unwrap();
    assert!(shown.contains("from newsclean.toml") || shown.contains("newsclean.toml)"), "{shown}");
    assert!(shown.contains("corrections = [\"fix.tsv\"]") && shown.contains("suggest_shapes = true") && shown.contains("layout_margin = 55.5"), "{shown}");
    // it parses back: shown as a config file of its own, it shows the same values
    fs::write(d.path().join("again.toml"), &shown).unwrap();
    let again = String::from_utf8(nc().current_dir(d.path()).args(["config", "--show", "--config", "again.toml"]).assert().success().get_output().stdout.clone()).unwrap();
    let body = |s: &str| s.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&again), body(&shown));

    fs::write(d.path().join("bad.toml"), "[review]\nlayout_margn = 3\n").unwrap();
    nc().current_dir(d.path()).args(["config", "--show", "--config", "bad.toml"]).assert().failure().stderr(predicate::str::contains("bad.toml:2:1"));
    nc().current_dir(d.path()).arg("config").assert().failure().stderr(predicate::str::contains("--show"));
}
