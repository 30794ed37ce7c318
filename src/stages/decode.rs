//! Stage 1, decode: raw bytes to text.
//!
//! Raw pages come from many extraction tools: UTF-8 with or without a BOM, UTF-16 with a BOM,
//! or GB18030/GBK from older Chinese software. We never guess silently: a file that is valid in
//! none of these is an error naming the first bad byte, not mojibake. Line endings (CRLF, lone
//! CR) become LF; that is a layout change and is logged as one edit per kind.

use crate::edit::{Edit, Stage};
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DecodeError {
    #[error("not valid UTF-8, UTF-16 (with BOM) or GB18030 text: invalid byte at offset {offset}")]
    Invalid { offset: usize },
    #[error("contains NUL bytes (offset {offset}): this looks like a binary file, not page text")]
    Binary { offset: usize },
}

/// The decoded page text with LF line endings, the encoding it was read as, and the edits.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    pub edits: Vec<Edit>,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (text, encoding) = if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom..];
        let (t, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            return Err(DecodeError::Invalid { offset: first_bad(enc, body) + bom });
        }
        (t.into_owned(), if enc == UTF_8 { "UTF-8 (BOM)" } else if enc == UTF_16LE { "UTF-16LE" } else if enc == UTF_16BE { "UTF-16BE" } else { enc.name() })
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_string(), "UTF-8"),
            Err(utf8_err) => {
                let (t, had_errors) = GB18030.decode_without_bom_handling(bytes);
                if had_errors || !plausible_gb(&t) {
                    return Err(DecodeError::Invalid { offset: utf8_err.valid_up_to() });
                }
                (t.into_owned(), "GB18030")
            }
        }
    };
    if let Some(pos) = text.find('\0') {
        return Err(DecodeError::Binary { offset: pos });
    }
    let mut edits = Vec::new();
    let normalised = if text.contains('\r') {
        let crlf = text.matches("\r\n").count();
        let lone = text.matches('\r').count() - crlf;
        let out = text.replace("\r\n", "\n").replace('\r', "\n");
        if crlf > 0 {
            edits.push(Edit::new(Stage::Decode, "line-endings", 0, "\r\n", "\n", format!("{crlf} CRLF line endings normalised to LF")));
        }
        if lone > 0 {
            edits.push(Edit::new(Stage::Decode, "line-endings", 0, "\r", "\n", format!("{lone} lone CR line endings normalised to LF")));
        }
        out
    } else {
        text
    };
    if encoding != "UTF-8" {
        edits.push(Edit::new(Stage::Decode, "encoding", 0, "", "", format!("read as {encoding}")));
    }
    Ok(Decoded { text: normalised, encoding, edits })
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

/// GB18030 decodes almost any byte soup; accept it only when the result is mostly CJK text.
fn plausible_gb(t: &str) -> bool {
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
        assert!(decode(&[0x89, 0x50, 0x4E, 0x47, 0xFF, 0x00, 0x81]).is_err());
    }
}
