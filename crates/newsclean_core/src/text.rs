//! Character classes and measures of Chinese newspaper text used by several stages.

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Full-width CJK punctuation, including quotes, brackets and the ideographic space.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0x2018..=0x201F | 0x2014 | 0x2026 | 0x00B7 | 0x2027 | 0x30FB)
}

/// Opening brackets and quotes (CJK and ASCII).
pub fn is_open(c: char) -> bool {
    matches!(c, '“' | '‘' | '（' | '《' | '「' | '『' | '【' | '〔' | '(' | '[')
}

pub fn is_close(c: char) -> bool {
    matches!(c, '”' | '’' | '）' | '》' | '」' | '』' | '】' | '〕' | ')' | ']')
}

/// Closing marks that may not start a line: typesetters hang them at the end of the line
/// before, one cell past the column edge.
pub fn hangs(c: char) -> bool {
    matches!(c, '，' | '。' | '、' | '；' | '：' | '！' | '？' | '”' | '’' | '）' | '》')
}

/// Marks that end a sentence.
pub fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '…' | '!' | '?' | '；')
}

/// Does the text end a sentence: a terminal mark, possibly followed by closing quotes or
/// brackets (`……。”`), or a closing dash (`——`) that introduces what follows?
pub fn ends_sentence(chars: &[char]) -> bool {
    let mut i = chars.len();
    while i > 0 && is_close(chars[i - 1]) {
        i -= 1;
    }
    if i == 0 {
        return false;
    }
    is_terminal(chars[i - 1]) || (i >= 2 && chars[i - 1] == '—' && chars[i - 2] == '—' && i == chars.len())
}

/// Display width in column cells as typeset in a Chinese column: CJK characters and
/// full-width punctuation take one cell, ASCII letters and digits half a cell.
pub fn width(chars: &[char]) -> f32 {
    chars.iter().filter(|c| !c.is_whitespace()).map(|&c| if (c as u32) < 0x2000 { 0.5 } else { 1.0 }).sum()
}

/// Are brackets and quotes balanced within the text (no quote left open or closed early)?
pub fn balanced(chars: &[char]) -> bool {
    let mut depth: i32 = 0;
    let mut quote_open = false;
    for &c in chars {
        match c {
            '“' => quote_open = true,
            '”' => {
                if !quote_open {
                    return false;
                }
                quote_open = false
            }
            '（' | '《' | '(' | '「' | '【' => depth += 1,
            '）' | '》' | ')' | '」' | '】' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0 && !quote_open
}

/// Spaces that separate phrases outside quotes and brackets (`压实责任 把牢方向`).
pub fn has_phrase_space(chars: &[char]) -> bool {
    let mut depth = 0i32;
    for (i, &c) in chars.iter().enumerate() {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth -= 1;
        } else if c == ' ' && depth <= 0 && i > 0 && i + 1 < chars.len() {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    fn v(s: &str) -> Vec<char> {
        s.chars().collect()
    }
    #[test]
    fn sentence_ends() {
        assert!(ends_sentence(&v("等称号。")));
        assert!(ends_sentence(&v("“全州党建书屋示范点”。")));
        assert!(ends_sentence(&v("充满希望！”")));
        assert!(ends_sentence(&v("不凡之歌——")));
        assert!(!ends_sentence(&v("坚持以")));
        assert!(!ends_sentence(&v("党组书记、")));
    }
    #[test]
    fn widths_and_balance() {
        assert_eq!(width(&v("2020年")), 3.0);
        assert!(balanced(&v("“有馆无人”")));
        assert!(!balanced(&v("推进“不忘初心、牢记使")));
        assert!(has_phrase_space(&v("压实责任 把牢方向")));
        assert!(!has_phrase_space(&v("开展“书香十堰 红动车城”共读")));
    }
}
