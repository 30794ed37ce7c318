//! Stage 1, decode: raw bytes to text.
//!
//! Raw pages come from many extraction tools: UTF-8 with or without a BOM, UTF-16 with a BOM,
//! or GB18030/GBK or Big5 from older Chinese software. We never guess silently: a file that is
//! valid in none of these is an error naming the bad bytes' offsets, not mojibake, unless the
//! user asks for `--lossy`, which reads the bad bytes of UTF-8 (with a BOM or without) as U+FFFD
//! and logs where they were; UTF-16 that is cut short or has an unpaired surrogate is an error
//! that says so (and never suggests `--lossy`, which does not read it). A file
//! with NUL bytes (an image, a word-processor file) is not page text. Line endings (CRLF, lone
//! CR) become LF; that is a layout change and is logged as one edit per kind.
//!
//! GB18030 decodes almost any byte soup, and Big5 text decodes as GB18030 without an error, as
//! rare characters. So a file that is not UTF-8 is decoded both ways, and the reading with more
//! of the characters Chinese text is made of (frequent in the dictionary) wins.

use crate::edit::Edit;
use crate::rules::RuleId;
use encoding_rs::{BIG5, Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// How many bad bytes an error lists by offset.
const LISTED: usize = 8;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DecodeError {
    #[error("not valid UTF-8, UTF-16 (with BOM), GB18030 or Big5 text: {} (--lossy reads them as U+FFFD)", describe(.offsets, *.total))]
    Invalid { offsets: Vec<usize>, total: usize },
    #[error("contains NUL bytes (offset {offset}): this looks like a binary file, not page text")]
    Binary { offset: usize },
    /// UTF-16 (by its BOM) that ends in half a character (an odd last byte, or the first half
    /// of a surrogate pair): it is cut short, which `--lossy` does not mend.
    #[error("{encoding} (by its byte order mark) ends in half a character ({}): the file is cut short or is not UTF-16; extract the page again, or remove {} if its text is complete", if *.tail == 1 { format!("its last byte, at byte offset {offset}") } else { format!("its last {tail} bytes, from byte offset {offset}") }, if *.tail == 1 { "that byte" } else { "those bytes" })]
    Utf16Cut { encoding: &'static str, offset: usize, tail: usize },
    /// UTF-16 (by its BOM) with a surrogate that has no pair: `--lossy` reads UTF-8 only.
    #[error("not valid {encoding} (by its byte order mark): an unpaired surrogate at byte offset {offset}; {}", if *.lossy { "--lossy reads invalid UTF-8 only, not UTF-16: extract the page again, or convert it to UTF-8 and mend that character" } else { "extract the page again, or convert it to UTF-8 and mend that character" })]
    Utf16Unpaired { encoding: &'static str, offset: usize, lossy: bool },
}

/// `invalid byte at byte offset 31` / `invalid bytes at byte offsets 31, 40 and 3 more`.
fn describe(offsets: &[usize], total: usize) -> String {
    let list = offsets.iter().map(|o| o.to_string()).collect::<Vec<_>>().join(", ");
    let more = if total > offsets.len() { format!(" and {} more", total - offsets.len()) } else { String::new() };
    let (b, o) = if total == 1 { ("byte", "offset") } else { ("bytes", "offsets") };
    format!("invalid {b} at byte {o} {list}{more}")
}

/// The decoded page text with LF line endings, the encoding it was read as, and the edits.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    pub edits: Vec<Edit>,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    decode_with(bytes, false)
}

/// [`decode`]; with `lossy`, invalid UTF-8 (with a BOM or without) is read as U+FFFD (one
/// logged edit per bad run) instead of being an error. UTF-16 is never read lossily: its errors
/// do not suggest `--lossy`, and say what is wrong instead.
pub fn decode_with(bytes: &[u8], lossy: bool) -> Result<Decoded, DecodeError> {
    let mut edits = Vec::new();
    let (text, encoding) = if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom..];
        let (t, had_errors) = enc.decode_without_bom_handling(body);
        let name = if enc == UTF_8 {
            "UTF-8 (BOM)"
        } else if enc == UTF_16LE {
            "UTF-16LE"
        } else if enc == UTF_16BE {
            "UTF-16BE"
        } else {
            enc.name()
        };
        if !had_errors {
            (t.into_owned(), name)
        } else if enc == UTF_8 && lossy {
            let (t, _) = lossy_utf8(body, &mut edits);
            (t, "UTF-8 (BOM, lossy)")
        } else if enc == UTF_8 {
            let bad = bad_utf8(body);
            return Err(DecodeError::Invalid { offsets: bad.iter().take(LISTED).map(|b| b.0 + bom).collect(), total: bad.len() });
        } else {
            let at = first_bad(enc, body);
            // (a cut-off last character, with its pair's first half, if any, just before it)
            let cut = if body.len() % 2 == 1 { at + 3 >= body.len() } else { at + 2 == body.len() };
            return Err(if cut {
                // (from the cut character's first byte; an odd last byte alone is a character's
                // first half when what came before it was whole)
                let offset = if body.len() % 2 == 1 && at + 1 != body.len() && !is_high_surrogate(enc, &body[at..]) { body.len() - 1 } else { at };
                DecodeError::Utf16Cut { encoding: name, offset: offset + bom, tail: body.len() - offset }
            } else {
                DecodeError::Utf16Unpaired { encoding: name, offset: at + bom, lossy }
            });
        }
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_string(), "UTF-8")
    } else {
        if let Some(offset) = bytes.iter().position(|&b| b == 0) {
            return Err(DecodeError::Binary { offset });
        }
        match legacy(bytes) {
            Some(x) => x,
            None if lossy => lossy_utf8(bytes, &mut edits),
            None => {
                let bad = bad_utf8(bytes);
                return Err(DecodeError::Invalid { offsets: bad.iter().take(LISTED).map(|b| b.0).collect(), total: bad.len() });
            }
        }
    };
    if let Some(pos) = text.find('\0') {
        return Err(DecodeError::Binary { offset: pos });
    }
    let normalised = if text.contains('\r') {
        let crlf = text.matches("\r\n").count();
        let lone = text.matches('\r').count() - crlf;
        let out = text.replace("\r\n", "\n").replace('\r', "\n");
        if crlf > 0 {
            edits.push(Edit::new(RuleId::LineEndings, 0, "\r\n", "\n", format!("{crlf} CRLF line endings normalised to LF")));
        }
        if lone > 0 {
            edits.push(Edit::new(RuleId::LineEndings, 0, "\r", "\n", format!("{lone} lone CR line endings normalised to LF")));
        }
        out
    } else {
        text
    };
    if encoding != "UTF-8" {
        edits.push(Edit::new(RuleId::Encoding, 0, "", "", format!("read as {encoding}")));
    }
    Ok(Decoded { text: normalised, encoding, edits })
}

/// The runs of invalid UTF-8: (byte offset, length).
fn bad_utf8(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut at = 0;
    let mut out = Vec::new();
    for chunk in bytes.utf8_chunks() {
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            out.push((at, chunk.invalid().len()));
            at += chunk.invalid().len();
        }
    }
    out
}

/// UTF-8 with its bad bytes read as U+FFFD, each run logged where it is in the text.
fn lossy_utf8(bytes: &[u8], edits: &mut Vec<Edit>) -> (String, &'static str) {
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            let hex: Vec<String> = chunk.invalid().iter().map(|b| format!("{b:02X}")).collect();
            let why = format!("invalid UTF-8 byte{} {} read as U+FFFD (--lossy)", if hex.len() == 1 { "" } else { "s" }, hex.join(" "));
            // (the replacement character is in the text already: the edit shows where, and
            // changes no character count)
            edits.push(Edit::new(RuleId::InvalidBytes, text.len(), "\u{FFFD}", "\u{FFFD}", why));
            text.push('\u{FFFD}');
        }
    }
    (text, "UTF-8 (lossy)")
}

/// Text in a legacy Chinese encoding: GB18030 or Big5, whichever reads without errors as
/// Chinese, and as more common Chinese when both do.
fn legacy(bytes: &[u8]) -> Option<(String, &'static str)> {
    let read = |enc: &'static Encoding| {
        let (t, had_errors) = enc.decode_without_bom_handling(bytes);
        (!had_errors && plausible_cjk(&t)).then(|| (commonness(&t), t.into_owned()))
    };
    match (read(GB18030), read(BIG5)) {
        (Some((g, gt)), Some((b, bt))) => Some(if b > g { (bt, "Big5") } else { (gt, "GB18030") }),
        (Some((_, t)), None) => Some((t, "GB18030")),
        (None, Some((_, t))) => Some((t, "Big5")),
        (None, None) => None,
    }
}

/// The share of the CJK characters that are frequent words by themselves: high for Chinese
/// read in its own encoding, low for a wrong reading (rare characters).
fn commonness(t: &str) -> f64 {
    let d = crate::dict::dict();
    let (mut cjk, mut common) = (0usize, 0usize);
    for c in t.chars().filter(|&c| crate::text::is_cjk(c)).take(2000) {
        cjk += 1;
        if d.freq_chars(&[c]).unwrap_or(0) >= 100 {
            common += 1;
        }
    }
    common as f64 / cjk.max(1) as f64
}

fn first_bad(enc: &'static Encoding, bytes: &[u8]) -> usize {
    let mut dec = enc.new_decoder_without_bom_handling();
    let cap = dec.max_utf8_buffer_length(bytes.len()).unwrap_or(bytes.len() * 3 + 16);
    let mut out = String::with_capacity(cap);
    let (res, read) = dec.decode_to_string_without_replacement(bytes, &mut out, true);
    match res {
        encoding_rs::DecoderResult::Malformed(bad, extra) => read.saturating_sub(bad as usize + extra as usize),
        _ => bytes.len(),
    }
}

/// Whether the UTF-16 code unit at the start of `unit` is the first half of a surrogate pair.
fn is_high_surrogate(enc: &'static Encoding, unit: &[u8]) -> bool {
    let hi = if enc == UTF_16LE { unit.get(1) } else { unit.first() };
    hi.is_some_and(|&b| (0xD8..0xDC).contains(&b))
}

/// A legacy reading must be mostly CJK text.
fn plausible_cjk(t: &str) -> bool {
    let mut cjk = 0usize;
    let mut odd = 0usize;
    for c in t.chars() {
        if crate::text::is_cjk(c) || crate::text::is_cjk_punct(c) {
            cjk += 1;
        } else if !(c.is_ascii() || c.is_whitespace()) {
            odd += 1;
        }
    }
    cjk > 0 && odd * 10 <= cjk
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("新闻\n".as_bytes()).unwrap().text, "新闻\n");
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("新闻".as_bytes());
        let d = decode(&b).unwrap();
        assert_eq!(d.text, "新闻");
        assert_eq!(d.encoding, "UTF-8 (BOM)");
    }

    #[test]
    fn gb18030_and_utf16() {
        let (gb, _, _) = GB18030.encode("本报讯 卫生健康委员会召开会议。");
        assert_eq!(decode(&gb).unwrap().text, "本报讯 卫生健康委员会召开会议。");
        let mut le = vec![0xFF, 0xFE];
        for u in "新闻".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap().text, "新闻");
    }

    #[test]
    fn crlf_is_normalised_and_logged() {
        let d = decode(b"a\r\nb\rc").unwrap();
        assert_eq!(d.text, "a\nb\nc");
        assert_eq!(d.edits.len(), 2);
    }

    #[test]
    fn crlf_pages_clean() {
        let c = crate::clean_bytes("标题\r\n\r\n本报讯 正文第一段。\r\n".as_bytes()).unwrap();
        assert!(c.markdown.contains("本报讯 正文第一段。"));
        let c = crate::clean_bytes("本报讯 正文。\r第二段。\r".as_bytes()).unwrap();
        assert!(c.markdown.contains("第二段。"));
    }

    #[test]
    fn binary_is_an_error() {
        assert!(matches!(decode(b"abc\0def"), Err(DecodeError::Binary { offset: 3 })));
        assert!(matches!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(DecodeError::Binary { offset: 8 })));
        assert!(decode(&[0x89, 0x50, 0x4E, 0x47, 0xFF, 0x00, 0x81]).is_err());
    }

    #[test]
    fn big5_is_told_from_gb18030() {
        let text = "本報訊 臺北市政府今天召開記者會，宣布新的交通政策。市民們表示歡迎。";
        let (b5, _, _) = BIG5.encode(text);
        let d = decode(&b5).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "Big5"));
        let simplified = "本报讯 北京市政府今天召开记者会，宣布新的交通政策。市民们表示欢迎。";
        let (gb, _, _) = GB18030.encode(simplified);
        assert_eq!(decode(&gb).unwrap().encoding, "GB18030");
    }

    #[test]
    fn invalid_bytes_are_named_by_offset_or_read_lossily() {
        let mut b = "本报讯 今天。".as_bytes().to_vec();
        let at = b.len();
        b.extend_from_slice(b"\xff\xfe");
        b.extend_from_slice("好。".as_bytes());
        b.push(0xC3);
        let err = decode(&b).unwrap_err();
        // (one offset per invalid sequence, as `String::from_utf8_lossy` counts them)
        assert_eq!(err, DecodeError::Invalid { offsets: vec![at, at + 1, b.len() - 1], total: 3 });
        assert!(err.to_string().contains(&format!("byte offsets {at}, {}, {}", at + 1, b.len() - 1)), "{err}");
        let d = decode_with(&b, true).unwrap();
        assert_eq!(d.text, String::from_utf8_lossy(&b));
        assert_eq!(d.edits.iter().filter(|e| e.rule == RuleId::InvalidBytes).count(), 3);
        assert!(d.edits[0].reason.contains("byte FF"), "{}", d.edits[0].reason);
    }

    fn utf16le(text: &str) -> Vec<u8> {
        let mut b = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        b
    }

    #[test]
    fn utf16_cut_short_says_so_and_never_suggests_lossy() {
        let mut odd = utf16le("本报讯 今天。\n");
        odd.push(0x41);
        let mut be = vec![0xFE, 0xFF];
        for u in "本报讯".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        be.push(0x41);
        let mut pair = utf16le("本报讯 今天。");
        pair.extend_from_slice(&[0x3D, 0xD8, 0x00]);
        for (b, encoding, offset, tail) in [(&odd, "UTF-16LE", odd.len() - 1, 1), (&be, "UTF-16BE", be.len() - 1, 1), (&pair, "UTF-16LE", pair.len() - 3, 3)] {
            for lossy in [false, true] {
                let err = decode_with(b, lossy).unwrap_err();
                assert_eq!(err, DecodeError::Utf16Cut { encoding, offset, tail });
                let m = err.to_string();
                assert!(!m.contains("--lossy") && m.contains("cut short") && m.contains(&format!("offset {offset}")), "{m}");
            }
        }
    }

    #[test]
    fn an_unpaired_utf16_surrogate_does_not_suggest_lossy() {
        let mut b = utf16le("本报讯 今天。");
        let at = b.len();
        b.extend_from_slice(&[0x00, 0xDC]);
        b.extend_from_slice(&utf16le("好。")[2..]);
        let err = decode_with(&b, true).unwrap_err();
        assert_eq!(err, DecodeError::Utf16Unpaired { encoding: "UTF-16LE", offset: at, lossy: true });
        assert!(err.to_string().contains("--lossy reads invalid UTF-8 only"), "{err}");
        assert!(!decode_with(&b, false).unwrap_err().to_string().contains("--lossy"));
    }

    #[test]
    fn lossy_reads_utf8_with_a_bom_too() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("本报讯 今天。".as_bytes());
        let at = b.len();
        b.push(0xFF);
        b.extend_from_slice("好。".as_bytes());
        assert_eq!(decode(&b).unwrap_err(), DecodeError::Invalid { offsets: vec![at], total: 1 });
        let d = decode_with(&b, true).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("本报讯 今天。\u{FFFD}好。", "UTF-8 (BOM, lossy)"));
        assert_eq!(d.edits.iter().filter(|e| e.rule == RuleId::InvalidBytes).count(), 1);
    }
}
