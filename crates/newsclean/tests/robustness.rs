//! Never lose a page: each kind of bad input in a batch with good pages. For every kind,
//! newsclean must say what is wrong (naming the file), write the other pages, set the exit
//! code, and leave every raw file as it was (fingerprints before and after).

mod common;
use assert_cmd::Command;
use common::fixtures;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn nc() -> Command {
    Command::cargo_bin("newsclean").unwrap()
}

/// Every file under `dir`, with its fingerprint.
fn fingerprints(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let ft = fs::symlink_metadata(&p).unwrap().file_type();
            if ft.is_dir() {
                stack.push(p);
            } else if ft.is_file() {
                out.insert(p.clone(), newsclean::store::fingerprint(&fs::read(&p).unwrap()));
            }
        }
    }
    out
}

/// A raw folder with two good pages and `bad` (file name, bytes).
fn batch(bad: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let raw = d.path().join("raw");
    fs::create_dir(&raw).unwrap();
    for f in ["001_71b0159cb2bda306.txt", "004_418b4fb8ab4a92f7.txt"] {
        fs::copy(fixtures().join("raw").join(f), raw.join(f)).unwrap();
    }
    for (name, bytes) in bad {
        let p = raw.join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    d
}

/// Run `clean --accept` with `args` on the batch; returns (exit code, stderr). Checks that raw
/// files are untouched and the good pages were written.
fn run(d: &Path, args: &[&str]) -> (i32, String) {
    let before = fingerprints(&d.join("raw"));
    let out = nc().current_dir(d).args(["clean", "-q", "--accept"]).args(args).output().unwrap();
    assert_eq!(fingerprints(&d.join("raw")), before, "raw files changed");
    for stem in ["001_71b0159cb2bda306", "004_418b4fb8ab4a92f7"] {
        let page = fs::read_to_string(d.join(format!("cleaned/{stem}.md"))).expect("the good pages are written");
        assert!(page.starts_with("# "), "{stem}");
    }
    (out.status.code().unwrap(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn utf8_bom(s: &str) -> Vec<u8> {
    let mut b = vec![0xEF, 0xBB, 0xBF];
    b.extend_from_slice(s.as_bytes());
    b
}

fn utf16(s: &str, le: bool) -> Vec<u8> {
    let mut b = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
    for u in s.encode_utf16() {
        b.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    b
}

const PAGE: &str = "市民反映问题得到解决\n\n本报讯 市卫生健康委员会今天召开会议，部署下一阶段工作。\n与会人员表示将全力落实。\n";

#[test]
fn text_in_every_encoding_and_line_ending_is_read() {
    let (gb, _, _) = encoding_rs::GB18030.encode(PAGE);
    let trad = "市民反映問題得到解決\n\n本報訊 市衛生局今天召開會議，部署下一階段工作。\n與會人員表示將全力落實。\n";
    let (big5, _, _) = encoding_rs::BIG5.encode(trad);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("gb.txt", gb.into_owned(), PAGE),
        ("big5.txt", big5.into_owned(), trad),
        ("u16le.txt", utf16(PAGE, true), PAGE),
        ("u16be.txt", utf16(PAGE, false), PAGE),
        ("bom.txt", utf8_bom(PAGE), PAGE),
        ("crlf.txt", PAGE.replace('\n', "\r\n").into_bytes(), PAGE),
        ("cr.txt", PAGE.replace('\n', "\r").into_bytes(), PAGE),
    ];
    let d = batch(&cases.iter().map(|(n, b, _)| (*n, b.clone())).collect::<Vec<_>>());
    let (code, err) = run(d.path(), &[]);
    assert_eq!((code, err.as_str()), (0, ""));
    for (name, _, text) in &cases {
        let md = fs::read_to_string(d.path().join("cleaned").join(name.replace(".txt", ".md"))).unwrap();
        let want: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let got: String = md.chars().filter(|c| !c.is_whitespace() && *c != '#').collect();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn empty_blank_and_binary_files_are_reported_and_the_batch_goes_on() {
    let png = [&b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..], &[0u8; 64]].concat();
    let d = batch(&[("empty.txt", vec![]), ("blank.txt", b" \n\t\n\n".to_vec()), ("image.txt", png), ("nul.txt", b"abc\0def".to_vec())]);
    let (code, err) = run(d.path(), &[]);
    assert_eq!(code, 3, "some pages failed: {err}");
    assert!(err.contains("raw/image.txt: contains NUL bytes (offset 8)"), "{err}");
    assert!(err.contains("raw/nul.txt: contains NUL bytes (offset 3)"), "{err}");
    // empty and blank files are no failure: there is no page to write
    assert!(!err.contains("empty.txt") && !err.contains("blank.txt"), "{err}");
    for stem in ["empty", "blank", "image", "nul"] {
        assert!(!d.path().join(format!("cleaned/{stem}.md")).exists(), "{stem}");
    }
}

#[test]
fn invalid_utf8_names_the_offsets_or_goes_on_lossily_with_a_warning() {
    let mut bad = "本报讯 今天天气很好。".as_bytes().to_vec();
    let at = bad.len();
    bad.push(0xFF);
    bad.extend_from_slice("我们去公园。\n".as_bytes());
    let d = batch(&[("bad.txt", bad)]);
    let (code, err) = run(d.path(), &[]);
    assert_eq!(code, 3);
    assert!(err.contains(&format!("raw/bad.txt: not valid UTF-8, UTF-16 (with BOM), GB18030 or Big5 text: invalid byte at byte offset {at}")), "{err}");
    assert!(!d.path().join("cleaned/bad.md").exists());
    let (code, err) = run(d.path(), &["--lossy"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("raw/bad.txt: warning: 1 invalid UTF-8 sequences read as U+FFFD"), "{err}");
    assert!(fs::read_to_string(d.path().join("cleaned/bad.md")).unwrap().contains("很好。\u{FFFD}我们"));
    let report = fs::read_to_string(d.path().join("cleaned/.newsclean/reports/bad.txt")).unwrap();
    assert!(report.contains("invalid-bytes") && report.contains("byte FF"), "{report}");
}

#[test]
fn a_long_line_and_a_large_page_are_cleaned() {
    let line = PAGE.replace('\n', "").repeat(20_000); // one line of about 2 MB
    let page = format!("{PAGE}\n").repeat(5_000); // a page of about 1 MB
    let d = batch(&[("line.txt", line.clone().into_bytes()), ("large.txt", page.into_bytes())]);
    let (code, err) = run(d.path(), &[]);
    assert_eq!((code, err.as_str()), (0, ""));
    let md = fs::read_to_string(d.path().join("cleaned/line.md")).unwrap();
    assert_eq!(md.chars().filter(|c| !c.is_whitespace()).count(), line.chars().filter(|c| !c.is_whitespace()).count());
}

#[cfg(unix)]
#[test]
fn symlinks_loops_odd_names_and_nested_folders() {
    use std::os::unix::ffi::OsStrExt;
    let d = batch(&[("a/1.txt", PAGE.as_bytes().to_vec()), ("b/1.txt", PAGE.replace("今天", "昨天").into_bytes())]);
    let raw = d.path().join("raw");
    // a link to a page is read; a link to a folder (here a loop) is not followed
    std::os::unix::fs::symlink(raw.join("a/1.txt"), raw.join("link.txt")).unwrap();
    std::os::unix::fs::symlink(&raw, raw.join("a/loop")).unwrap();
    std::os::unix::fs::symlink(raw.join("missing.txt"), raw.join("dangling.txt")).unwrap();
    // a file name that is not UTF-8
    let odd = raw.join(std::ffi::OsStr::from_bytes(b"\xff\xfe page.txt"));
    fs::write(&odd, PAGE).unwrap();
    let (code, err) = run(d.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("raw/dangling.txt: a link to a file that does not exist; skipped"), "{err}");
    let out = d.path().join("cleaned");
    assert!(fs::read_to_string(out.join("a/1.md")).unwrap().contains("今天"));
    assert!(fs::read_to_string(out.join("b/1.md")).unwrap().contains("昨天"), "a/1.txt and b/1.txt never collide");
    assert!(out.join("link.md").exists());
    assert!(out.join(std::ffi::OsStr::from_bytes(b"\xff\xfe page.md")).exists());
    assert!(!out.join("a/loop").exists());
}

#[test]
fn the_input_folder_is_never_the_output_folder() {
    let d = batch(&[]);
    let before = fingerprints(&d.path().join("raw"));
    nc().current_dir(d.path()).args(["clean", "raw", "--out", "raw", "--accept"]).assert().code(2).stderr(predicates::str::contains("the output folder raw is inside this input folder"));
    nc().current_dir(d.path()).args(["clean", "raw", "--out", "raw/../raw", "--accept"]).assert().code(2);
    assert_eq!(fingerprints(&d.path().join("raw")), before);
}

#[test]
fn folders_of_one_name_are_pages_of_their_own_paths() {
    // pages are named by their path under the archive root: folders that share a name never
    // share a page, however many are given
    let d = batch(&[("2020/raw/a.txt", PAGE.as_bytes().to_vec()), ("2021/raw/b.txt", PAGE.as_bytes().to_vec()), ("2022/raw/a.txt", PAGE.replace("今天", "昨天").into_bytes())]);
    nc().current_dir(d.path()).args(["clean", "raw/2020/raw", "raw/2021/raw", "--out", "two", "-q"]).assert().success();
    assert!(d.path().join("two/.newsclean/pending/2021/raw/b.md").exists());
    nc().current_dir(d.path()).args(["clean", "raw/2020/raw", "raw/2021/raw", "raw/2022/raw", "--out", "three", "--accept", "-q"]).assert().success();
    assert!(fs::read_to_string(d.path().join("three/2020/raw/a.md")).unwrap().contains("今天"));
    assert!(fs::read_to_string(d.path().join("three/2022/raw/a.md")).unwrap().contains("昨天"));
    // the same folder given twice, or a page and its folder, is refused before any write
    nc().current_dir(d.path()).args(["clean", "raw/2020", "raw/2020/raw/a.txt", "--out", "four", "--accept"]).assert().code(2).stderr(predicates::str::contains("overlap"));
    assert!(!d.path().join("four").exists(), "nothing is written");
}

#[test]
fn a_second_run_on_the_same_output_waits_its_turn() {
    let d = batch(&[]);
    let store = newsclean::store::Store::new(&d.path().join("cleaned"));
    let lock = store.lock().unwrap();
    nc().current_dir(d.path()).args(["clean", "-q"]).assert().code(2).stderr(predicates::str::contains("another newsclean run is writing cleaned"));
    nc().current_dir(d.path()).args(["accept", "--all"]).assert().code(2);
    // --check writes nothing and may run beside it
    nc().current_dir(d.path()).args(["clean", "-q", "--check"]).assert().code(1);
    drop(lock);
    nc().current_dir(d.path()).args(["clean", "-q"]).assert().success();
}

#[test]
fn story_files_from_hostile_headlines_stay_in_the_output_folder() {
    let page = "../../etc/passwd\n\n本报讯 第一条新闻的正文。\n\nCON\n\n本报讯 第二条新闻的正文。\n\n.hidden \u{7} a/b\\c\n\n本报讯 第三条新闻的正文。\n";
    let d = batch(&[("hostile.txt", page.as_bytes().to_vec())]);
    let (code, err) = run(d.path(), &["--split-stories"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let dir = d.path().join("cleaned/hostile.stories");
    let mut names: Vec<String> = fs::read_dir(&dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert!(names.len() >= 2, "{names:?}");
    for n in &names {
        assert!(!n.starts_with('.') && !n.contains('/') && !n.contains('\\') && n.ends_with(".md"), "{n}");
    }
    // nothing was written outside the output folder
    let all = fingerprints(d.path());
    assert!(all.keys().all(|p| p.starts_with(d.path().join("raw")) || p.starts_with(d.path().join("cleaned"))), "{all:?}");
    // the story files put together are the page
    let page_md = fs::read_to_string(d.path().join("cleaned/hostile.md")).unwrap();
    let joined: Vec<String> = names.iter().map(|n| fs::read_to_string(dir.join(n)).unwrap()).collect();
    assert_eq!(joined.join("\n"), page_md);
}

#[test]
fn the_output_is_the_same_whatever_the_thread_count() {
    // Many small pages around a large one (cleaned in parallel inside the page), so that the
    // threads finish out of order: the pages must still be written and printed in order.
    let d = tempfile::tempdir().unwrap();
    let raw = d.path().join("raw");
    fs::create_dir(&raw).unwrap();
    let pages: Vec<String> = fs::read_dir(fixtures().join("raw")).unwrap().flatten().map(|e| fs::read_to_string(e.path()).unwrap()).collect();
    for k in 0..60 {
        fs::write(raw.join(format!("{k:03}.txt")), &pages[k % pages.len()]).unwrap();
    }
    fs::write(raw.join("002-large.txt"), pages.concat().repeat(40)).unwrap();
    let clean = |threads: &str, out: &str| {
        let o = nc().current_dir(d.path()).args(["clean", "raw", "--out", out, "--accept", "-j", threads]).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let files: BTreeMap<PathBuf, String> =
            fingerprints(&d.path().join(out)).into_iter().map(|(p, f)| (p.strip_prefix(d.path().join(out)).unwrap().to_path_buf(), f)).filter(|(p, _)| !p.ends_with("lock")).collect();
        (String::from_utf8(o.stdout).unwrap(), files)
    };
    let (one_out, one_files) = clean("1", "one");
    let (three_out, three_files) = clean("3", "three");
    assert_eq!(one_out.lines().count(), 62, "{one_out}");
    assert_eq!(one_out, three_out);
    assert_eq!(one_files.len(), three_files.len());
    assert_eq!(one_files, three_files);
    let jsonl = |threads: &str| {
        let input: String = (0..61).map(|k| serde_json::json!({"id": k, "text": if k == 2 { pages.concat().repeat(40) } else { pages[k % pages.len()].clone() }}).to_string() + "\n").collect();
        nc().args(["clean", "--jsonl", "-j", threads]).write_stdin(input).output().unwrap().stdout
    };
    assert_eq!(jsonl("1"), jsonl("3"));
}
