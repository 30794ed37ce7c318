//! The document model shared by all stages: a page is a list of stories, a story a list of
//! blocks, and every block's text remembers where each of its characters came from in the raw
//! text, so that later stages can log edits at raw positions and the report can point at them.

use serde::Serialize;

/// Text whose characters each carry the raw byte offset they came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text {
    pub chars: Vec<char>,
    pub offs: Vec<u32>,
}

impl Text {
    /// A text whose offsets are its own character positions (for tests and scoring, where no
    /// raw file stands behind it).
    pub fn from_plain(s: &str) -> Self {
        let mut t = Text::new();
        for (i, c) in s.chars().enumerate() {
            t.push(c, i);
        }
        t
    }

    pub fn new() -> Self {
        Text::default()
    }
    pub fn with_capacity(n: usize) -> Self {
        Text { chars: Vec::with_capacity(n), offs: Vec::with_capacity(n) }
    }
    pub fn push(&mut self, c: char, off: usize) {
        self.chars.push(c);
        self.offs.push(off as u32);
    }
    pub fn extend(&mut self, other: &Text) {
        self.chars.extend_from_slice(&other.chars);
        self.offs.extend_from_slice(&other.offs);
    }
    pub fn len(&self) -> usize {
        self.chars.len()
    }
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }
    pub fn first(&self) -> Option<char> {
        self.chars.first().copied()
    }
    pub fn last(&self) -> Option<char> {
        self.chars.last().copied()
    }
    /// Raw offset of character `i`, or of the end when `i` is past the last character.
    pub fn off(&self, i: usize) -> usize {
        match self.offs.get(i) {
            Some(&o) => o as usize,
            None => self.offs.last().map(|&o| o as usize + 1).unwrap_or(0),
        }
    }
    pub fn as_string(&self) -> String {
        self.chars.iter().collect()
    }
    pub fn slice_string(&self, a: usize, b: usize) -> String {
        self.chars[a..b].iter().collect()
    }
    /// Replace characters `a..b` with `with`; the new characters take the offset of `a`.
    pub fn splice(&mut self, a: usize, b: usize, with: &str) {
        let off = self.off(a) as u32;
        let n = with.chars().count();
        self.chars.splice(a..b, with.chars());
        self.offs.splice(a..b, std::iter::repeat_n(off, n));
    }
}

/// What a block is, which decides how it is rendered (see docs/format.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    Headline,
    Deck,
    Section,
    Caption,
    Paragraph,
}

impl BlockKind {
    pub fn marker(self) -> &'static str {
        match self {
            BlockKind::Headline => "# ",
            BlockKind::Deck => "## ",
            BlockKind::Section => "### ",
            BlockKind::Caption => "> ",
            BlockKind::Paragraph => "",
        }
    }
}

/// Finer roles of paragraph blocks, used by the story stage and shown in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Body,
    /// Opens with a dateline such as `本报讯` or `新华社……电`: starts a story.
    Dateline,
    Byline,
    /// `（张嫣）`, `图片由……提供`: closes a story.
    Signoff,
    /// A heading line whose place (headline, deck or section) the story stage decides.
    Heading,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub role: Role,
    pub text: Text,
    /// 1-based raw line numbers of the first and last raw line of the block.
    pub first_line: usize,
    pub last_line: usize,
    /// For heading groups: the raw lines, kept apart until the story stage decides.
    pub lines: Vec<Text>,
    /// Markdown level given in the raw text (`#` = 1), if any.
    pub md_level: Option<u8>,
    /// The first paragraph after a brief that was set between two columns of another story:
    /// it goes back to that story.
    pub resumes: bool,
    /// A paragraph that a brief was set into (its text was joined across the brief).
    pub interrupted: bool,
}

impl Block {
    pub fn new(kind: BlockKind, role: Role, text: Text, first_line: usize, last_line: usize) -> Self {
        Block { kind, role, text, first_line, last_line, lines: Vec::new(), md_level: None, resumes: false, interrupted: false }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Story {
    pub blocks: Vec<Block>,
}

impl Story {
    pub fn headline(&self) -> Option<String> {
        self.blocks.iter().find(|b| b.kind == BlockKind::Headline).map(|b| b.text.as_string())
    }
    pub fn paragraphs(&self) -> usize {
        self.blocks.iter().filter(|b| b.kind == BlockKind::Paragraph).count()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub stories: Vec<Story>,
}
