//! The layout vocabulary: the words and marks a page's structure is read by (datelines,
//! bylines, credits, sign-offs, captions, decks, verbs of saying, particles), from
//! `data/layout_words.tsv`. The stages ask questions of it (`is this a dateline head?`); the
//! words themselves are data, so another paper's conventions are a line in that file.

use std::sync::OnceLock;

/// A dateline: a head, the mark that ends it, and how far into the line the mark may stand.
#[derive(Debug)]
pub struct Dateline {
    pub head: Vec<char>,
    pub mark: char,
    pub window: usize,
}

/// A credit line that closes a story: opens and closes on these, and is at most `max` long.
#[derive(Debug)]
pub struct SignoffCredit {
    pub opens: Vec<char>,
    pub closes: Vec<char>,
    pub max: usize,
}

#[derive(Debug, Default)]
pub struct Lexicon {
    pub datelines: Vec<Dateline>,
    /// The distinct dateline heads, in file order.
    pub dateline_heads: Vec<Vec<char>>,
    pub byline_heads: Vec<Vec<char>>,
    pub credits: Vec<Vec<char>>,
    pub signoff_credits: Vec<SignoffCredit>,
    /// Short lines that close a story: the opening and the longest such line.
    pub signoff_lines: Vec<(Vec<char>, usize)>,
    pub caption_opens: Vec<Vec<char>>,
    pub photo_credit: Vec<char>,
    pub deck_marks: Vec<Vec<char>>,
    pub sayings: Vec<Vec<char>>,
    pub particles: Vec<char>,
}

/// The lexicon of `data/layout_words.tsv`, parsed once.
pub fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| parse(include_str!("../../../data/layout_words.tsv")).expect("data/layout_words.tsv is well formed (tested)"))
}

/// Parse the lexicon's text; an error names the line and what is wrong with it.
pub fn parse(text: &str) -> Result<Lexicon, String> {
    let mut l = Lexicon::default();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let bad = |what: &str| format!("data/layout_words.tsv:{}: {what}: {line:?}", n + 1);
        let chars = |s: &str| s.chars().collect::<Vec<char>>();
        let num = |s: Option<&&str>| s.and_then(|s| s.parse::<usize>().ok()).ok_or_else(|| bad("expected a number"));
        let one = |s: &str| {
            let mut c = s.chars();
            match (c.next(), c.next()) {
                (Some(x), None) => Ok(x),
                _ => Err(bad("expected one character")),
            }
        };
        let text = f.get(1).filter(|t| !t.is_empty()).ok_or_else(|| bad("no text"))?;
        let fields = |k: usize| if f.len() == k { Ok(()) } else { Err(bad(&format!("expected {k} fields"))) };
        match f[0] {
            "dateline" => {
                fields(4)?;
                let head = chars(text);
                if !l.dateline_heads.contains(&head) {
                    l.dateline_heads.push(head.clone());
                }
                l.datelines.push(Dateline { head, mark: one(f[2])?, window: num(f.get(3))? });
            }
            "byline-head" => fields(2).map(|_| l.byline_heads.push(chars(text)))?,
            "credit" => fields(2).map(|_| l.credits.push(chars(text)))?,
            "signoff-credit" => {
                fields(4)?;
                l.signoff_credits.push(SignoffCredit { opens: chars(text), closes: chars(f[2]), max: num(f.get(3))? });
            }
            "signoff-line" => {
                fields(3)?;
                l.signoff_lines.push((chars(text), num(f.get(2))?));
            }
            "caption-open" => fields(2).map(|_| l.caption_opens.push(chars(text)))?,
            "photo-credit" => {
                fields(2)?;
                l.photo_credit.push(one(text)?);
            }
            "deck-mark" => fields(2).map(|_| l.deck_marks.push(chars(text)))?,
            "saying" => fields(2).map(|_| l.sayings.push(chars(text)))?,
            "particle" => {
                fields(2)?;
                l.particles.push(one(text)?);
            }
            other => return Err(bad(&format!("unknown kind `{other}`"))),
        }
    }
    Ok(l)
}

impl Lexicon {
    /// Does the line open on a deck mark (`——……`, `●……`)?
    pub fn opens_on_deck_mark(&self, t: &[char]) -> bool {
        self.deck_marks.iter().any(|m| t.starts_with(m))
    }

    /// Is `c` the first character of a deck mark (a line opening on it may be a subtitle, even
    /// when a dash was broken at a line end)?
    pub fn deck_mark_start(&self, c: Option<char>) -> bool {
        c.is_some_and(|c| self.deck_marks.iter().any(|m| m.first() == Some(&c)))
    }

    /// Does the text end on a photo credit's character, past closing brackets?
    pub fn is_photo_credit_end(&self, c: Option<char>) -> bool {
        c.is_some_and(|c| self.photo_credit.contains(&c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_lexicon_parses() {
        let l = lexicon();
        assert!(l.datelines.len() >= 5 && l.byline_heads.len() >= 9 && l.particles.contains(&'的'));
        assert_eq!(l.dateline_heads.len(), 4, "本报 is listed twice, with 讯 and 电");
    }

    #[test]
    fn a_bad_line_is_named() {
        let e = parse("# c\ndateline\t本报\t讯讯\t14\n").unwrap_err();
        assert!(e.contains(":2:") && e.contains("one character"), "{e}");
        assert!(parse("flavour\tx\n").unwrap_err().contains("unknown kind"));
        assert!(parse("credit\t记者\textra\n").unwrap_err().contains("2 fields"));
    }
}
