//! `newsclean review` in a real terminal: a scripted tmux session (send-keys, capture-pane).
//!
//! Clean the example pages, review, accept all edits of the first page, reject one typo
//! correction of the second and accept the other, quit; the accepted pages must contain
//! exactly those edits, the rest stay pending, and the decisions hold when `clean` runs again.
//! Needs `tmux` (Debian package `tmux`; `.ci/run` installs it).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_newsclean"))
}

/// A tmux server of our own (its own socket), killed when the test ends.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(dir: &Path, command: &str) -> Tmux {
        let ok = Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success());
        assert!(ok, "this test needs tmux: apt-get install tmux (.ci/run installs it)");
        let t = Tmux { socket: format!("newsclean-test-{}", std::process::id()) };
        let st = t.cmd(&["new-session", "-d", "-s", "review", "-x", "200", "-y", "60", "-c", &dir.display().to_string(), command]).status().unwrap();
        assert!(st.success(), "tmux new-session failed");
        t
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket]).args(args);
        c
    }

    fn screen(&self) -> String {
        let o = self.cmd(&["capture-pane", "-p", "-J", "-S", "-500", "-t", "review"]).output().unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    /// Wait until the screen shows `what` `n` times; fail with the screen after 20 s.
    fn wait_for(&self, what: &str, n: usize) {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.matches(what).count() >= n {
                return;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "waited for {what:?} ×{n}; the screen:\n{s}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn keys(&self, k: &str) {
        assert!(self.cmd(&["send-keys", "-t", "review", "-l", k]).status().unwrap().success());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]).status();
    }
}

#[test]
fn review_accepts_and_rejects_exactly_the_chosen_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir(dir.join("raw")).unwrap();
    for e in std::fs::read_dir(fixtures().join("raw")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join("raw").join(p.file_name().unwrap())).unwrap();
    }
    let clean = || Command::new(bin()).arg("clean").current_dir(dir).output().unwrap();
    assert!(clean().status.success());
    let pending = |stem: &str| std::fs::read_to_string(dir.join(format!("cleaned/.newsclean/pending/{stem}.md"))).unwrap();
    let (p0, p1) = (pending("000_a7e1f55fe3067108"), pending("001_71b0159cb2bda306"));
    // the proposal of page 001 makes two typo corrections: 一未位 → 一末位 and 生活分析仪 → 生化分析仪
    assert_eq!(p1.matches("一末位").count(), 1);
    assert!(p1.contains("生化分析仪"));

    let t = Tmux::start(dir, &format!("{} review; echo REVIEW-EXIT=$?; sleep 60", bin().display()));
    t.wait_for("page 1/5: 000_a7e1f55fe3067108", 1);
    t.wait_for("[a]ccept [r]eject", 1);
    t.keys("A"); // page 000: accept this edit and the rest of the page
    t.wait_for("page 2/5: 001_71b0159cb2bda306", 1);
    t.wait_for("[1/2]", 1);
    assert!(t.screen().contains("一未末位") || t.screen().contains("[-未-]{+末+}"), "{}", t.screen());
    t.keys("r"); // page 001: reject 一未位 → 一末位
    t.wait_for("[2/2]", 1);
    t.keys("a"); // and accept 生活分析仪 → 生化分析仪
    t.wait_for("page 3/5", 1);
    t.wait_for("[a]ccept [r]eject", 3);
    t.keys("q");
    t.wait_for("REVIEW-EXIT=0", 1);
    let screen = t.screen();
    assert!(screen.contains("reviewed: 2 pages accepted"), "{screen}");

    let accepted = |stem: &str| std::fs::read_to_string(dir.join(format!("cleaned/{stem}.md"))).ok();
    assert_eq!(accepted("000_a7e1f55fe3067108").as_deref(), Some(p0.as_str()), "page 000: every edit as proposed");
    assert_eq!(accepted("001_71b0159cb2bda306"), Some(p1.replace("一末位", "一未位")), "page 001: all but the rejected correction");
    for stem in ["002_52e921449d18fd00", "003_7e1b45ea7f2662d5", "004_418b4fb8ab4a92f7"] {
        assert!(accepted(stem).is_none(), "{stem} was not reviewed");
        assert!(dir.join(format!("cleaned/.newsclean/pending/{stem}.md")).exists(), "{stem} stays pending");
    }
    assert!(!dir.join("cleaned/.newsclean/pending/001_71b0159cb2bda306.md").exists());

    // page 000, accepted as proposed, is settled: its report says so, and the run below
    // keeps it without cleaning the page again
    let report_path = dir.join("cleaned/.newsclean/reports/000_a7e1f55fe3067108.txt");
    let report = std::fs::read_to_string(&report_path).unwrap();
    assert!(report.contains("## Accepted: diff against the page it replaced\n  (no page before") && report.contains("## Settled\n  key "), "{report}");

    // the decisions hold when clean runs again: both reviewed pages are unchanged
    let out = clean();
    // (and a page with a rejected correction is the reviewer's page, no warning of a page
    // that cleaning would change again)
    assert!(!String::from_utf8_lossy(&out.stderr).contains("warning"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&report_path).unwrap(), report);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("001_71b0159cb2bda306.txt: ") && text.lines().any(|l| l.contains("001_71b0159cb2bda306") && l.ends_with("— unchanged")), "{text}");
    assert!(text.lines().any(|l| l.contains("000_a7e1f55fe3067108") && l.ends_with("— unchanged")), "{text}");
    assert_eq!(accepted("001_71b0159cb2bda306"), Some(p1.replace("一末位", "一未位")));
}

/// The review loop driven by scripted keys, without a terminal.
fn session(dir: &Path, keys: &str) -> (String, newsclean::review::Tally) {
    let store = newsclean::store::Store::new(&dir.join("cleaned"));
    let options = newsclean::Options::default();
    let mut s = newsclean::review::Session::new(&store, &options, newsclean::term::Palette { on: false });
    let mut it = keys.chars();
    let mut out = Vec::new();
    s.run(&mut || it.next(), &mut out).unwrap();
    (String::from_utf8(out).unwrap(), s.tally.clone())
}

fn cleaned_dir(pages: &[&str]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("raw")).unwrap();
    for p in pages {
        std::fs::copy(fixtures().join("raw").join(p), tmp.path().join("raw").join(p)).unwrap();
    }
    let st = Command::new(bin()).arg("clean").arg("-q").current_dir(tmp.path()).status().unwrap();
    assert!(st.success());
    tmp
}

#[test]
fn a_rejected_page_is_not_proposed_again_until_its_raw_text_changes() {
    let tmp = cleaned_dir(&["004_418b4fb8ab4a92f7.txt"]);
    let dir = tmp.path();
    let (text, tally) = session(dir, "R");
    assert_eq!(tally.rejected_pages, 1, "{text}");
    let pending = dir.join("cleaned/.newsclean/pending/004_418b4fb8ab4a92f7.md");
    assert!(!pending.exists());
    let out = Command::new(bin()).arg("clean").current_dir(dir).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("rejected in review"));
    assert!(!pending.exists() && !dir.join("cleaned/004_418b4fb8ab4a92f7.md").exists());
    // a changed raw file is proposed again
    let raw = dir.join("raw/004_418b4fb8ab4a92f7.txt");
    let mut t = std::fs::read_to_string(&raw).unwrap();
    t.push_str("\n本报讯 新增一段。\n");
    std::fs::write(&raw, t).unwrap();
    Command::new(bin()).arg("clean").arg("-q").current_dir(dir).status().unwrap();
    assert!(pending.exists());
}

#[test]
fn a_whole_rule_is_decided_once_and_skip_and_quit_keep_progress() {
    let tmp = cleaned_dir(&["002_52e921449d18fd00.txt", "003_7e1b45ea7f2662d5.txt"]);
    let dir = tmp.path();
    // 002 opens with a doubled word; `-` rejects every doubled-word edit, then `s` skips the
    // rest of 002 and `q` quits on 003
    let (text, tally) = session(dir, "-sq");
    assert!(text.contains("doubled-word"), "{text}");
    assert_eq!((tally.rejected_edits, tally.skipped_pages, tally.quit), (1, 1, true), "{text}");
    let store = newsclean::store::Store::new(&dir.join("cleaned"));
    let d = store.decisions(Path::new("002_52e921449d18fd00")).unwrap();
    assert_eq!(d.len(), 1, "the decision made before skipping is kept");
    assert_eq!(store.pending().count(), 2);
    // accepting everything now applies all but the rejected doubling
    let (text, tally) = session(dir, "AA");
    assert_eq!(tally.accepted_pages, 2, "{text}");
    let page = std::fs::read_to_string(dir.join("cleaned/002_52e921449d18fd00.md")).unwrap();
    assert!(page.contains("有困难困难群众"), "the rejected doubling stays");
}

#[test]
fn a_line_join_kept_as_a_paragraph_break_holds() {
    let tmp = cleaned_dir(&["004_418b4fb8ab4a92f7.txt"]);
    let dir = tmp.path();
    let proposal = std::fs::read_to_string(dir.join("cleaned/.newsclean/pending/004_418b4fb8ab4a92f7.md")).unwrap();
    // `l`: list the joins, keep the first as a break; then accept the page's typo edit
    let (text, tally) = session(dir, "l1\nA");
    assert!(text.contains("keep which line break"), "{text}");
    assert_eq!(tally.accepted_pages, 1, "{text}");
    let page = std::fs::read_to_string(dir.join("cleaned/004_418b4fb8ab4a92f7.md")).unwrap();
    let paras = |s: &str| s.split("\n\n").count();
    assert_eq!(paras(&page), paras(&proposal) + 1, "one paragraph more");
    // the same characters, only a break more
    let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert_eq!(strip(&page), strip(&proposal));
    // the report says what the page replaced, and the page is settled: cleaned again under
    // its decisions, the kept break stays
    let report = std::fs::read_to_string(dir.join("cleaned/.newsclean/reports/004_418b4fb8ab4a92f7.txt")).unwrap();
    assert!(report.contains("## Accepted: diff against the page it replaced\n  (no page before") && report.contains("## Settled\n  key "), "{report}");
    // and clean keeps it
    let out = Command::new(bin()).arg("clean").current_dir(dir).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("— unchanged"), "{}", String::from_utf8_lossy(&out.stdout));
}
