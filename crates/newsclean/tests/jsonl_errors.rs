//! `clean --jsonl` with bad records: each is one error record that names the record (its id, or
//! its line) and what to do, and the stream goes on; a result names the encoding its bytes were
//! read as. And the decode errors of files: `--lossy` is suggested only where it helps.

use assert_cmd::Command;
use base64::Engine;
use predicates::prelude::*;
use serde_json::{Value, json};
use std::fs;

fn nc() -> Command {
    Command::cargo_bin("newsclean").unwrap()
}

/// The results of a `--jsonl` run over `input` (which must succeed), and its standard error.
fn jsonl(input: Vec<u8>) -> (Vec<Value>, String) {
    let out = nc().args(["clean", "--jsonl"]).write_stdin(input).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let results = String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    (results, stderr)
}

fn line(v: Value) -> Vec<u8> {
    let mut l = serde_json::to_vec(&v).unwrap();
    l.push(b'\n');
    l
}

fn error(v: &Value) -> &str {
    v["error"].as_str().unwrap_or_else(|| panic!("not an error record: {v}"))
}

#[test]
fn a_line_of_invalid_utf8_fails_that_record_only() {
    let mut input = line(json!({"id": 1, "text": "本报讯 今天天气很好。"}));
    input.extend_from_slice(b"{\"id\": \"p2\", \"text\": \"\xb1\xbe\xb1\xa8\"}\n");
    input.extend(line(json!({"id": 3, "text": "本报讯 我们去公园。"})));
    let (v, stderr) = jsonl(input);
    assert_eq!(v.len(), 3, "{v:?}");
    assert!(stderr.contains("3 records, 2 cleaned, 1 errors"), "{stderr}");
    assert_eq!((v[1]["id"].clone(), v[1]["line"].clone()), (json!("p2"), json!(2)));
    assert!(error(&v[1]).contains("line 2 is not UTF-8") && error(&v[1]).contains("`data`"), "{}", v[1]);
    assert!(v[2]["markdown"].as_str().unwrap().contains("我们去公园"), "{}", v[2]);
}

#[test]
fn a_record_with_neither_text_nor_data_says_neither() {
    let mut input = line(json!({"id": 3}));
    input.extend(line(json!({"id": 4, "text": "x", "data": "eA=="})));
    let (v, stderr) = jsonl(input);
    assert!(stderr.contains("2 records, 0 cleaned, 2 errors"), "{stderr}");
    assert_eq!(v[0]["id"], 3);
    assert!(error(&v[0]).contains("neither") && !error(&v[0]).contains("not both"), "{}", v[0]);
    assert!(error(&v[1]).contains("not both"), "{}", v[1]);
}

#[test]
fn a_gb18030_record_and_its_report_name_gb18030() {
    let data = base64::engine::general_purpose::STANDARD.encode(encoding_rs::GB18030.encode("本报讯 今天天气很好。").0);
    let (v, _) = jsonl(line(json!({"id": "g", "data": data, "encoding": "gb18030"})));
    assert_eq!(v[0]["encoding"], "gb18030", "{}", v[0]);
    let report = v[0]["report"].as_str().unwrap();
    assert!(report.starts_with("newsclean report for g\nencoding: gb18030;"), "{report}");
    assert!(!report.contains("UTF-8"), "{report}");
}

#[test]
fn an_unknown_or_unusable_encoding_label_is_an_error_that_names_it() {
    for label in ["gb-18030", "hz-gb-2312", "x-user-defined"] {
        let (v, stderr) = jsonl(line(json!({"id": label, "data": "tb61qA==", "encoding": label})));
        assert!(stderr.contains("1 records, 0 cleaned, 1 errors"), "{label}: {stderr}");
        assert_eq!(v[0]["id"], label);
        let e = error(&v[0]);
        assert!(e.contains(&format!("`{label}`")) && e.contains("WHATWG"), "{e}");
    }
    let (v, _) = jsonl(line(json!({"id": 5, "text": "本报讯", "encoding": "gb18030"})));
    assert!(error(&v[0]).contains("drop `encoding`"), "{}", v[0]);
}

/// `clean --lossy` in a fresh folder holding `raw/<name>`: its exit code and standard error.
fn clean_file(name: &str, bytes: &[u8], args: &[&str]) -> (Option<i32>, String) {
    let d = tempfile::tempdir().unwrap();
    fs::create_dir(d.path().join("raw")).unwrap();
    fs::write(d.path().join("raw").join(name), bytes).unwrap();
    let out = nc().current_dir(d.path()).arg("clean").args(args).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut b = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        b.extend_from_slice(&u.to_le_bytes());
    }
    b
}

#[test]
fn a_utf16_file_cut_short_says_so_and_does_not_suggest_lossy() {
    let mut odd = utf16le("本报讯 今天天气很好。\n");
    odd.push(0x41);
    for args in [&[][..], &["--lossy"][..]] {
        let (code, err) = clean_file("odd.txt", &odd, args);
        assert_eq!(code, Some(3), "{err}");
        assert!(err.contains(&format!("raw/odd.txt: UTF-16LE (by its byte order mark) ends in half a character (its last byte, at byte offset {})", odd.len() - 1)), "{args:?}: {err}");
        assert!(err.contains("remove that byte") && !err.contains("--lossy"), "{args:?}: {err}");
    }
}

#[test]
fn lossy_does_not_suggest_lossy_for_an_unpaired_utf16_surrogate() {
    let mut b = utf16le("本报讯 今天天气很好。");
    let at = b.len();
    b.extend_from_slice(&[0x00, 0xDC]);
    b.extend_from_slice(&utf16le("我们去公园。\n")[2..]);
    let (code, err) = clean_file("lone.txt", &b, &["--lossy"]);
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains(&format!("raw/lone.txt: not valid UTF-16LE (by its byte order mark): an unpaired surrogate at byte offset {at}")), "{err}");
    assert!(err.contains("--lossy reads invalid UTF-8 only") && !err.contains("(--lossy reads them"), "{err}");
}

#[test]
fn lossy_reads_a_utf8_file_with_a_bom() {
    let mut b = "\u{FEFF}本报讯 今天天气很好。".as_bytes().to_vec();
    b.push(0xFF);
    b.extend_from_slice("我们去公园。\n".as_bytes());
    let (code, err) = clean_file("bom.txt", &b, &[]);
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains("(--lossy reads them as U+FFFD)"), "{err}");
    let (code, err) = clean_file("bom.txt", &b, &["--lossy"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("raw/bom.txt: warning: 1 invalid UTF-8 sequences read as U+FFFD"), "{err}");
    nc().args(["clean", "-", "--lossy"]).write_stdin(b).assert().success().stdout(predicate::str::contains("很好。\u{FFFD}我们"));
}
