//! Terminal output shared by `review` and `diff`: colours that follow the usual conventions,
//! and text made safe and aligned for a reviewer's eyes.
//!
//! Colours are on with `--color always`, off with `--color never`, and with `auto` (the
//! default) only when standard output is a terminal and `NO_COLOR` is unset
//! (<https://no-color.org>). Chinese characters are two cells wide, so columns are padded by
//! display width, not by characters; invisible characters a scan leaves behind (full-width
//! spaces, NUL, control characters) are shown as symbols so a reviewer can see what an edit
//! removes.

use crate::edit::Stage;
use std::io::IsTerminal;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Escape sequences, or none.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub on: bool,
}

impl Palette {
    pub fn new(choice: ColorChoice) -> Palette {
        let on = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        };
        Palette { on }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.on { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
    }

    /// Removed text: red, struck through; `[-…-]` without colour.
    pub fn del(&self, s: &str) -> String {
        if self.on { self.paint("9;31", &visible(s)) } else { format!("[-{}-]", visible(s)) }
    }

    /// Added text: green, underlined; `{+…+}` without colour.
    pub fn ins(&self, s: &str) -> String {
        if self.on { self.paint("4;32", &visible(s)) } else { format!("{{+{}+}}", visible(s)) }
    }

    /// A whole line of a unified diff, coloured as `git diff` colours it: `-` red, `+` green,
    /// `@@` cyan, the file headers bold; as it is without colour (so `patch` can read it).
    pub fn diff_line(&self, l: &str) -> String {
        let code = if l.starts_with("--- ") || l.starts_with("+++ ") {
            "1"
        } else if l.starts_with('-') {
            "31"
        } else if l.starts_with('+') {
            "32"
        } else if l.starts_with("@@") {
            "36"
        } else {
            return l.to_string();
        };
        self.paint(code, l)
    }

    pub fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }

    pub fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }

    /// A stage's name in its colour (the same hues as the HTML report).
    pub fn stage(&self, stage: Stage) -> String {
        let code = match stage {
            Stage::Decode => "90",
            Stage::Spacing => "36",
            Stage::Reflow => "34",
            Stage::Stories => "35",
            Stage::Typos => "33",
        };
        self.paint(code, stage.name())
    }
}

/// Show invisible characters as symbols: `⏎` newline, `□` full-width space, `␣` space, `␀` NUL,
/// `\u{…}` other controls.
pub fn visible(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\n' => "⏎".to_string(),
            '\u{3000}' => "□".to_string(),
            '\0' => "␀".to_string(),
            ' ' => "␣".to_string(),
            c if c.is_control() => format!("\\u{{{:04x}}}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// Controls in context text (not part of an edit) as symbols, and newlines as `⏎`.
pub fn printable(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '\n' {
                "⏎".to_string()
            } else if c.is_control() || c == '\0' {
                visible(&c.to_string())
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `s` padded with spaces to `width` terminal cells (CJK characters take two).
pub fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_by_display_width() {
        assert_eq!(pad("卫健委", 8), "卫健委  ");
        assert_eq!(pad("abc", 5), "abc  ");
        assert_eq!(pad("很长的规则名字", 4), "很长的规则名字");
    }

    #[test]
    fn invisible_characters_become_symbols() {
        assert_eq!(visible("a\u{3000}b\0\n "), "a□b␀⏎␣");
        assert_eq!(printable("甲\n乙\u{7}"), "甲⏎乙\\u{0007}");
    }

    #[test]
    fn no_colour_marks_changes_in_brackets() {
        let p = Palette { on: false };
        assert_eq!(format!("{}{}", p.del("未"), p.ins("末")), "[-未-]{+末+}");
        assert_eq!(p.bold("x"), "x");
        assert!(Palette { on: true }.del("未").contains("\x1b[9;31m"));
    }
}
