//! The HTML review page in a real browser: headless Chromium loads the report of a fixture
//! page, runs its script, and the test checks the resulting DOM, the console and a screenshot.
//!
//! The unit tests in `src/html.rs` check the markup as text; only a browser shows that the
//! script runs without an error and that the page renders (CJK text, colours, layout).
//! Chromium is required, not optional: a missing browser fails the test with the package to
//! install, so a CI machine without it cannot pass silently. Debian packages: `chromium`, and
//! `fonts-noto-cjk` for a readable screenshot (without it Chinese renders as boxes).

use newsclean::html::html_report;
use newsclean::rules::RuleId;
use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURE: &str = "tests/fixtures/raw/003_7e1b45ea7f2662d5.txt";
/// Seconds before a hung browser is killed (a normal run takes one or two).
const TIMEOUT: &str = "60";

fn cleaned() -> newsclean::Cleaned {
    let raw = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE)).expect("fixture");
    newsclean::clean_bytes(&raw).expect("cleans")
}

/// The Chromium binary, or a failure that says how to install it.
fn chromium_binary() -> PathBuf {
    let on_path = std::env::var_os("PATH").into_iter().flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>()).map(|d| d.join("chromium"));
    on_path
        .chain([PathBuf::from("/usr/bin/chromium")])
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("headless Chromium is needed for this test and was not found: install it with `apt-get install chromium` (and `fonts-noto-cjk` for CJK text)"))
}

struct Run {
    stdout: String,
    stderr: String,
}

/// Run headless Chromium on `page` with `args` under `timeout`, with a fresh profile so that
/// parallel tests don't share one.
fn chromium(page: &Path, args: &[&str]) -> Run {
    let bin = chromium_binary();
    let profile = tempfile::tempdir().expect("temp profile");
    let url = format!("file://{}", page.display());
    let out = Command::new("timeout")
        .args(["--kill-after=5", TIMEOUT])
        .arg(&bin)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(&url)
        .output()
        .unwrap_or_else(|e| panic!("cannot run `timeout {}`: {e}", bin.display()));
    let run = Run { stdout: String::from_utf8_lossy(&out.stdout).into_owned(), stderr: String::from_utf8_lossy(&out.stderr).into_owned() };
    assert_ne!(out.status.code(), Some(124), "chromium did not finish within {TIMEOUT} s on {url}\n{}", run.stderr);
    assert!(out.status.success(), "chromium failed ({}) on {url}:\n{}", out.status, run.stderr);
    run
}

/// Write `html` into a temporary folder; the folder lives as long as the returned guard.
fn write_page(html: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.html");
    std::fs::write(&path, html).expect("write report");
    (dir, path)
}

/// Console errors as Chromium logs them to stderr (`Uncaught TypeError: …`).
fn script_errors(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains("Uncaught")).collect()
}

#[test]
fn the_report_runs_in_chromium() {
    let c = cleaned();
    let typo = c.edits.iter().position(|e| e.rule == RuleId::HalfwidthPunct).expect("page 003 has a typo edit");
    let (_dir, page) = write_page(&html_report("003_7e1b45ea7f2662d5.txt", &c));
    // opened with the typo selected, so the selection code runs too
    let with_hash = PathBuf::from(format!("{}#e{typo}", page.display()));
    let run = chromium(&with_hash, &["--enable-logging=stderr", "--v=0", "--dump-dom"]);
    let dom = &run.stdout;
    assert!(script_errors(&run.stderr).is_empty(), "script errors:\n{}", script_errors(&run.stderr).join("\n"));
    assert!(dom.contains("data-ready=\"1\""), "the page's script did not finish; stderr:\n{}", run.stderr);

    let want: Vec<String> = c.page.stories.iter().filter_map(|s| s.headline()).map(|h| h.trim().to_string()).collect();
    assert_eq!(want.len(), c.page.stories.len(), "every story of page 003 has a headline");
    assert_eq!(newsclean::html::story_headlines(dom), want);
    assert_eq!(dom.matches("<section class=\"story\"").count(), c.page.stories.len());

    let nav = &dom[dom.find("<nav id=\"edits\"").expect("edit list")..];
    let nav = &nav[..nav.find("</nav>").expect("edit list end")];
    assert_eq!(nav.matches(" data-e=\"").count(), c.edits.len(), "every edit is listed once");
    assert!(nav.contains("halfwidth-punct") && nav.contains("join-lines"));
    // the selection from the address ran: list entry and both panes marked, status filled
    assert!(nav.contains(&format!("class=\"ed s-typos cur\" data-e=\"{typo}\"")), "list entry selected");
    assert!(dom.contains(&format!("class=\"hl s-typos flash cur\" data-e=\"{typo}\">,</span>")), "raw pane selected");
    assert!(dom.contains(&format!("class=\"hl s-typos flash cur\" data-e=\"{typo}\">，</span>")), "cleaned pane selected");
    assert!(dom.contains(&format!("edit 1 of {}: typos halfwidth-punct", c.edits.len())), "status line");
}

#[test]
fn the_report_renders_a_screenshot() {
    let c = cleaned();
    let typo = c.edits.iter().position(|e| e.rule == RuleId::HalfwidthPunct).expect("typo edit");
    let (_dir, page) = write_page(&html_report("003_7e1b45ea7f2662d5.txt", &c));
    // CARGO_TARGET_TMPDIR is <target>/tmp: the screenshot goes to <target>/html-report-003.png
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().expect("target dir").join("html-report-003.png");
    let _ = std::fs::remove_file(&shot);
    let with_hash = PathBuf::from(format!("{}#e{typo}", page.display()));
    chromium(&with_hash, &[&format!("--screenshot={}", shot.display()), "--window-size=1400,1000", "--hide-scrollbars"]);
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot at {}: {e}", shot.display()));
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let dim = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().expect("4 bytes"));
    assert_eq!(&png[12..16], b"IHDR");
    assert_eq!((dim(16), dim(20)), (1400, 1000), "screenshot size");
    // a blank or nearly blank page compresses to a few KB; the report is dense text
    assert!(png.len() > 20_000, "screenshot {} is only {} bytes: blank page?", shot.display(), png.len());
}

/// The checks above rely on Chromium reporting script errors; make sure it does, so a broken
/// script cannot pass unnoticed.
#[test]
fn script_errors_are_seen() {
    let (_dir, page) = write_page("<!DOCTYPE html><html><body><script>null.x; document.body.dataset.ready='1';</script></body></html>");
    let run = chromium(&page, &["--enable-logging=stderr", "--v=0", "--dump-dom"]);
    assert!(!run.stdout.contains("data-ready=\"1\""));
    assert!(!script_errors(&run.stderr).is_empty(), "Chromium did not log the error; stderr:\n{}", run.stderr);
}

/// The navigation: `n` / `p`, a click on a collapsed layout edit and a click on a highlight in
/// a pane, driven by a test script appended to the page; it leaves its findings in the DOM.
#[test]
fn keys_and_clicks_jump_to_edits() {
    let c = cleaned();
    let typo = c.edits.iter().position(|e| e.rule == RuleId::HalfwidthPunct).expect("typo edit");
    let join = c.edits.iter().position(|e| e.rule == RuleId::JoinLines).expect("joined line");
    let probe = r#"<script>
(() => {
  const press = key => document.dispatchEvent(new KeyboardEvent('keydown', { key }));
  const cur = () => document.querySelector('#edits li.cur').dataset.e;
  const r = {};
  press('n'); r.first = cur(); r.scrolled = document.getElementById('rawpane').scrollTop > 0;
  press('n'); r.second = cur();
  press('p'); r.back = cur();
  const chip = document.querySelector('.chips li[data-e]');
  chip.click(); r.chip = cur(); r.opened = chip.closest('details').open;
  r.rawLit = document.querySelectorAll('#raw .cur').length > 0;
  r.outLit = document.querySelectorAll('#out .cur').length > 0;
  document.querySelector('#out .hl.s-typos').click(); r.fromPane = cur();
  document.body.dataset.probe = JSON.stringify(r);
})();
</script>
</body>"#;
    let html = html_report("003.txt", &c).replacen("</body>", probe, 1);
    let (_dir, page) = write_page(&html);
    let run = chromium(&page, &["--enable-logging=stderr", "--v=0", "--dump-dom"]);
    assert!(script_errors(&run.stderr).is_empty(), "script errors:\n{}", script_errors(&run.stderr).join("\n"));
    let at = run.stdout.find("data-probe=\"").unwrap_or_else(|| panic!("the probe did not finish; stderr:\n{}", run.stderr)) + 12;
    let probe = run.stdout[at..at + run.stdout[at..].find('"').expect("attribute end")].replace("&quot;", "\"");
    // after the typo corrections the list has the layout groups, by stage and then rule
    let second = (0..c.edits.len()).filter(|&i| c.edits[i].stage != newsclean::edit::Stage::Typos).min_by_key(|&i| (c.edits[i].stage, c.edits[i].rule, i)).expect("a layout edit");
    assert_eq!(probe, format!(r#"{{"first":"{typo}","scrolled":true,"second":"{second}","back":"{typo}","chip":"{join}","opened":true,"rawLit":true,"outLit":true,"fromPane":"{typo}"}}"#));
}
