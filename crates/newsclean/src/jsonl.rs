//! `newsclean clean --jsonl`: pages in as JSON Lines on standard input, results out as JSON
//! Lines on standard output, one per record and in the same order.
//!
//! This is the interface of Hadoop Streaming and Spark's `RDD.pipe`: the engine splits an
//! archive into partitions and pipes each through one newsclean process. So the stream must
//! hold no more than a window of records in memory whatever its length, answer every record
//! (a bad one with an error record, never a crash that loses the partition), and give the same
//! bytes on every run, because a retried task must agree with the first attempt. Counters go
//! to standard error; the exit code is 0 unless the stream itself cannot be read or written.
//!
//! A record is `{"id": …, "text": "…"}`, or `{"id": …, "data": "<base64>", "encoding": "gb18030"}`
//! for raw bytes in a legacy encoding (a WHATWG label of a text encoding, not `replacement` or
//! `x-user-defined`; without `encoding` the bytes are detected as for files). A result's
//! `encoding` and report name the encoding the bytes were read as. The `id` is any JSON value and is given back as it came. A result is
//! `{"id", "encoding", "markdown", "stories", "edits", "report"}` (the report is the text that
//! `clean --accept` writes to `cleaned/.newsclean/reports/<page>.txt` for a new page, without
//! the key of a settled page: a stream's result is its final page), or `{"id", "line", "error"}`.

use crate::pipeline::{Options, clean_isolated};
use crate::rules::RuleId;
use base64::Engine;
use serde::Deserialize;
use serde_json::{Value, json};
use std::io::{BufRead, Write};
use std::time::Instant;

/// Records per thread that may be cleaned past the oldest one not yet written (memory: this
/// many results per thread, at most, and a record in work per thread).
const AHEAD_PER_THREAD: usize = 16;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    id: Value,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    data: Option<String>,
    #[serde(default)]
    encoding: Option<String>,
}

/// The counts of a stream, printed to standard error at its end.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    pub records: usize,
    pub cleaned: usize,
    pub errors: usize,
    pub bytes: usize,
}

/// How a record's id names its page in a report: a string as it is, any other id as JSON.
fn id_name(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        v => v.to_string(),
    }
}

/// A line of nothing but whitespace (no record).
fn is_blank(line: &[u8]) -> bool {
    std::str::from_utf8(line).is_ok_and(|l| l.trim().is_empty())
}

/// The error record for a line that is not UTF-8 (`at`: the offset of its first bad byte).
/// Its id is given back when it can be read whole from the line; an id the bad bytes may be
/// part of is not guessed at (`null`: the line number names the record).
fn not_utf8(line: &[u8], at: usize, n: usize) -> Value {
    let id = serde_json::from_str::<Value>(&String::from_utf8_lossy(line)).ok().and_then(|v| v.get("id").cloned()).filter(|id| !id.to_string().contains('\u{FFFD}')).unwrap_or(Value::Null);
    json!({"id": id, "line": n, "error": format!("line {n} is not UTF-8 (invalid byte at byte offset {at} of the line): a JSON Lines record is UTF-8; send a page in another encoding as base64 `data` with its `encoding`")})
}

/// Where a record's `encoding` names what it may: the WHATWG labels.
const LABELS: &str = "the WHATWG labels, e.g. gb18030, gbk, big5, utf-16le: https://encoding.spec.whatwg.org/#names-and-labels";

/// A record's `data` read in the encoding its `label` names, and how it was read: a byte order
/// mark wins over the label, as in WHATWG decoding, and the reading then says so.
fn decode_as(raw: &[u8], label: &str) -> Result<(String, &'static encoding_rs::Encoding, String), String> {
    use encoding_rs::{Encoding, REPLACEMENT, X_USER_DEFINED};
    let enc = match Encoding::for_label(label.as_bytes()) {
        None => return Err(format!("unknown encoding `{label}`: `encoding` takes one of {LABELS}")),
        // (ISO-2022-KR, HZ-GB-2312 and ISO-2022-CN: WHATWG reads them as one U+FFFD, for safety)
        Some(e) if e == REPLACEMENT => {
            return Err(format!(
                "encoding `{label}` cannot be read (WHATWG maps it to its `replacement` encoding, which reads any bytes as one U+FFFD): convert the page to UTF-8 first (e.g. `iconv -f {label} -t UTF-8`) and send it as `text`"
            ));
        }
        Some(e) if e == X_USER_DEFINED => {
            return Err(format!("encoding `{label}` is not a text encoding (it reads bytes 80-FF as private-use characters): give the encoding the page is in, one of {LABELS}"));
        }
        Some(e) => e,
    };
    let (read, bom) = Encoding::for_bom(raw).unwrap_or((enc, 0));
    let how =
        if read == enc { format!("read as {} (the record's `encoding`)", enc.name()) } else { format!("read as {} by its byte order mark (the record's `encoding` says {})", read.name(), enc.name()) };
    let enc = read;
    let body = &raw[bom..];
    let mut dec = enc.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(dec.max_utf8_buffer_length(body.len()).unwrap_or(body.len() * 3 + 16));
    match dec.decode_to_string_without_replacement(body, &mut text, true) {
        (encoding_rs::DecoderResult::Malformed(bad, extra), read) => {
            let at = bom + read - bad as usize - extra as usize;
            Err(format!("`data` is not valid {} (invalid byte at byte offset {at}): check the record's `encoding`, or leave it out to have the bytes' encoding detected", enc.name()))
        }
        (_, _) => Ok((text, enc, how)),
    }
}

/// The result line for one input line (`n`: its 1-based line number).
pub fn clean_line(line: &str, n: usize, options: &Options) -> (Value, bool, usize) {
    let rec: Record = match serde_json::from_str(line) {
        Ok(r) => r,
        Err(e) => return (json!({"id": Value::Null, "line": n, "error": format!("not a record: {e}")}), false, 0),
    };
    let fail = |what: String| (json!({"id": rec.id, "line": n, "error": what}), false, 0);
    // (the bytes to clean, and the encoding the record's `encoding` read them as)
    let (bytes, read_as): (Vec<u8>, Option<(&'static encoding_rs::Encoding, String)>) = match (&rec.text, &rec.data) {
        (Some(t), None) if rec.encoding.is_none() => (t.clone().into_bytes(), None),
        (Some(_), None) => return fail("`encoding` goes with `data` (base64 bytes), not with `text`, which is Unicode already: drop `encoding`, or send the page's raw bytes as `data`".into()),
        (None, Some(d)) => match base64::engine::general_purpose::STANDARD.decode(d) {
            Err(e) => return fail(format!("`data` is not base64: {e}")),
            Ok(raw) => match &rec.encoding {
                None => (raw, None),
                Some(label) => match decode_as(&raw, label) {
                    Err(what) => return fail(what),
                    Ok((t, enc, how)) => (t.into_bytes(), Some((enc, how))),
                },
            },
        },
        (None, None) => return fail("a record needs `text` or `data`, and has neither: give the page as `text` (a string) or its bytes as `data` (base64)".into()),
        (Some(_), Some(_)) => return fail("a record needs `text` or `data`, not both: give one".into()),
    };
    let size = bytes.len();
    match clean_isolated(&bytes, options, &Default::default()) {
        Err(e) => fail(e.to_string()),
        Ok(mut c) => {
            if let Some((enc, how)) = read_as {
                // (the bytes were read before the page was cleaned, and it was cleaned as UTF-8:
                // the result and its report name the encoding they were read as, as for a file)
                c.encoding = enc.name();
                let mut read = crate::edit::Edit::new(RuleId::Encoding, 0, "", "", how);
                read.line = 1;
                c.edits.insert(0, read);
            }
            let mut v = crate::json::json_value("", &c, None);
            let o = v.as_object_mut().expect("a page is an object");
            o.remove("file");
            o.remove("status");
            let mut report = crate::report::text_report_accepted(&id_name(&rec.id), &c, None);
            if let Some(n) = crate::pipeline::not_a_fixed_point(&c.markdown, options, &Default::default()) {
                report.push_str(&crate::report::unstable_warning(n));
            }
            o.insert("report".into(), Value::String(report));
            o.insert("id".into(), rec.id);
            (v, true, size)
        }
    }
}

/// Clean a stream of records, writing one result per record in order.
///
/// The records are cleaned on every thread, in a sliding window ([`crate::ordered`]): at most
/// [`AHEAD_PER_THREAD`] records per thread past the oldest result not yet written, and as many
/// read ahead. The input is read on a thread of its own ([`crate::ordered::Piped`]) and each
/// result is flushed as it is written, so a driver that writes a record and waits for its
/// result before it writes the next gets it: the run never waits for a record while a result
/// is held back.
pub fn run(input: impl BufRead + Send + 'static, mut output: impl Write, options: &Options) -> std::io::Result<Counts> {
    let ahead = rayon::current_num_threads() * AHEAD_PER_THREAD;
    let mut counts = Counts::default();
    // (record lines with their line numbers, as bytes: a line that is not UTF-8 is one bad
    // record, not the end of the stream; blank lines are no records)
    let records = input.split(b'\n').enumerate().map(|(k, l)| l.map(|l| (k + 1, l))).filter(|r| r.as_ref().map_or(true, |(_, l)| !is_blank(l)));
    let records = crate::ordered::Piped::spawn(records, ahead);
    // (each result is serialised by the thread that made it)
    let work = |r: std::io::Result<(usize, Vec<u8>)>| {
        r.map(|(n, mut line)| {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            let (v, ok, size) = match String::from_utf8(line) {
                Ok(line) => clean_line(&line, n, options),
                Err(e) => (not_utf8(e.as_bytes(), e.utf8_error().valid_up_to(), n), false, 0),
            };
            let mut bytes = serde_json::to_vec(&v).expect("a JSON value serialises");
            bytes.push(b'\n');
            (bytes, ok, size)
        })
    };
    let mut failed: std::io::Result<()> = Ok(());
    crate::ordered::ordered(records, ahead, work, |r| {
        let written = r.and_then(|(bytes, ok, size)| {
            counts.records += 1;
            if ok {
                counts.cleaned += 1;
                counts.bytes += size;
            } else {
                counts.errors += 1;
            }
            // (one write a result: a consumer reading as the results come sees each at once)
            output.write_all(&bytes)?;
            output.flush()
        });
        failed = written;
        failed.is_ok()
    });
    failed?;
    output.flush()?;
    Ok(counts)
}

/// `clean --jsonl` on standard input and output; counters on standard error.
pub fn run_stdio(options: &Options) -> i32 {
    let start = Instant::now();
    // (read on a thread of its own, which a lock of standard input cannot move to)
    let stdin = std::io::BufReader::with_capacity(1 << 16, std::io::stdin());
    let stdout = std::io::stdout();
    match run(stdin, std::io::BufWriter::new(stdout.lock()), options) {
        Ok(c) => {
            let secs = start.elapsed().as_secs_f64();
            eprintln!(
                "newsclean: {} records, {} cleaned, {} errors, {:.1} MB in {:.2} s ({:.1} MB/s)",
                c.records,
                c.cleaned,
                c.errors,
                c.bytes as f64 / 1e6,
                secs,
                c.bytes as f64 / 1e6 / secs.max(1e-9)
            );
            crate::exit::EXIT_OK
        }
        Err(e) => {
            eprintln!("newsclean: --jsonl: {e}");
            crate::exit::EXIT_FATAL
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(input: &str) -> (Vec<Value>, Counts) {
        stream_bytes(input.as_bytes())
    }

    fn stream_bytes(input: &[u8]) -> (Vec<Value>, Counts) {
        let mut out = Vec::new();
        let c = run(std::io::Cursor::new(input.to_vec()), &mut out, &Options::default()).unwrap();
        let vals = String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        (vals, c)
    }

    #[test]
    fn one_result_per_record_in_order_and_errors_as_records() {
        let gb = base64::engine::general_purpose::STANDARD.encode(encoding_rs::GB18030.encode("本报讯 今天天气很好。").0);
        let input = format!(
            "{}\n{}\nnot json\n{}\n\n{}\n",
            r#"{"id": 1, "text": "本报讯 作用,不断增强。"}"#,
            r#"{"id": "b", "data": "AAEC"}"#,
            format_args!(r#"{{"id": [3], "data": "{gb}", "encoding": "gb18030"}}"#),
            r#"{"id": 4, "text": "x", "data": "eA=="}"#
        );
        let (v, c) = stream(&input);
        assert_eq!(c, Counts { records: 5, cleaned: 2, errors: 3, bytes: c.bytes });
        assert_eq!(v[0]["id"], 1);
        assert!(v[0]["markdown"].as_str().unwrap().contains("作用，不断增强"));
        assert!(v[0]["report"].as_str().unwrap().starts_with("newsclean report for 1\n"));
        assert!(v[1]["error"].as_str().unwrap().contains("binary"), "{}", v[1]);
        assert_eq!((v[2]["id"].clone(), v[2]["line"].clone()), (Value::Null, json!(3)));
        assert_eq!(v[3]["id"], json!([3]));
        assert_eq!(v[3]["encoding"], "gb18030");
        assert!(v[3]["markdown"].as_str().unwrap().contains("今天天气很好"));
        assert!(v[4]["error"].as_str().unwrap().contains("not both"));
    }

    #[test]
    fn a_line_of_invalid_utf8_is_one_error_record_and_the_stream_goes_on() {
        let mut input = Vec::new();
        input.extend_from_slice("{\"id\": 1, \"text\": \"本报讯 一。\"}\n".as_bytes());
        input.extend_from_slice(b"{\"id\": \"two\", \"text\": \"\xff\xfe\"}\r\n");
        input.extend_from_slice(b"{\"id\": \"t\xffree\", \"text\": \"x\"}\n");
        input.extend_from_slice("{\"id\": 4, \"text\": \"本报讯 四。\"}\n".as_bytes());
        let (v, c) = stream_bytes(&input);
        assert_eq!((c.records, c.cleaned, c.errors), (4, 2, 2));
        assert_eq!(v[0]["id"], 1);
        assert_eq!((v[1]["id"].clone(), v[1]["line"].clone()), (json!("two"), json!(2)));
        let e = v[1]["error"].as_str().unwrap();
        assert!(e.contains("line 2 is not UTF-8") && e.contains("byte offset 23 of the line") && e.contains("`data`"), "{e}");
        // (an id the bad bytes are part of is not guessed at: the line number names the record)
        assert_eq!((v[2]["id"].clone(), v[2]["line"].clone()), (Value::Null, json!(3)));
        assert_eq!(v[3]["id"], 4);
        assert!(v[3]["markdown"].as_str().unwrap().contains("四"));
    }

    #[test]
    fn neither_text_nor_data_is_told_from_both() {
        let (v, _) = stream("{\"id\": 3}\n{\"id\": 4, \"text\": \"x\", \"data\": \"eA==\"}\n");
        assert!(v[0]["error"].as_str().unwrap().contains("has neither"), "{}", v[0]);
        assert!(v[1]["error"].as_str().unwrap().contains("not both"), "{}", v[1]);
    }

    #[test]
    fn a_result_names_the_encoding_its_bytes_were_read_as() {
        let gb = base64::engine::general_purpose::STANDARD.encode(encoding_rs::GB18030.encode("本报讯 今天天气很好。").0);
        let (v, _) = stream(&format!("{{\"id\": 1, \"data\": \"{gb}\", \"encoding\": \" GBK \"}}\n"));
        assert_eq!(v[0]["encoding"], "GBK");
        let report = v[0]["report"].as_str().unwrap();
        assert!(report.contains("\nencoding: GBK;") && report.contains("read as GBK"), "{report}");
    }

    #[test]
    fn an_unknown_or_unusable_encoding_label_is_an_error_naming_it() {
        for (label, says) in
            [("bogus", "unknown encoding `bogus`"), ("iso-2022-kr", "`iso-2022-kr` cannot be read"), ("replacement", "`replacement` cannot be read"), ("x-user-defined", "not a text encoding")]
        {
            let (v, c) = stream(&format!("{{\"id\": 1, \"data\": \"eA==\", \"encoding\": \"{label}\"}}\n"));
            let e = v[0]["error"].as_str().unwrap_or_else(|| panic!("{label}: {}", v[0]));
            assert!(e.contains(says) && e.contains("WHATWG"), "{e}");
            assert_eq!(c.errors, 1);
        }
    }

    #[test]
    fn the_same_bytes_on_every_run() {
        let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/raw/003_7e1b45ea7f2662d5.txt")).unwrap();
        let line = serde_json::to_string(&json!({"id": "003", "text": page})).unwrap();
        let input = format!("{line}\n").repeat(40);
        let mut a = Vec::new();
        let mut b = Vec::new();
        run(std::io::Cursor::new(input.clone()), &mut a, &Options::default()).unwrap();
        run(std::io::Cursor::new(input), &mut b, &Options::default()).unwrap();
        assert_eq!(a, b);
        assert_eq!(String::from_utf8(a).unwrap().lines().collect::<std::collections::BTreeSet<_>>().len(), 1);
    }
}
