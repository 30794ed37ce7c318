//! Rendering a cleaned page: Markdown in the format of FORMAT.md, and JSON for scripts.

use crate::edit::Edit;
use crate::model::{Page, Role};
use crate::pipeline::Cleaned;
use serde::Serialize;

pub fn markdown(page: &Page) -> String {
    let blocks = || page.stories.iter().flat_map(|s| &s.blocks);
    // (one allocation for the page: at most 4 bytes a character, plus markers and blank lines)
    let mut out = String::with_capacity(blocks().map(|b| b.text.len() * 4 + 8).sum());
    for b in blocks() {
        // the block's text, trimmed of white space at both ends
        let t = &b.text.chars;
        let Some(a) = t.iter().position(|c| !c.is_whitespace()) else { continue };
        let z = t.iter().rposition(|c| !c.is_whitespace()).map_or(a, |z| z + 1);
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(b.kind.marker());
        out.extend(&t[a..z]);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
pub struct JsonBlock {
    pub kind: crate::model::BlockKind,
    pub role: Role,
    pub text: String,
    pub raw_lines: [usize; 2],
}

#[derive(Serialize)]
pub struct JsonStory {
    pub headline: Option<String>,
    pub blocks: Vec<JsonBlock>,
}

#[derive(Serialize)]
pub struct JsonPage<'a> {
    pub file: &'a str,
    pub encoding: &'a str,
    pub status: Option<&'a str>,
    pub markdown: &'a str,
    pub stories: Vec<JsonStory>,
    pub edits: &'a [Edit],
}

pub fn json_value(file: &str, c: &Cleaned, status: Option<&str>) -> serde_json::Value {
    let stories = c
        .page
        .stories
        .iter()
        .map(|s| JsonStory {
            headline: s.headline(),
            blocks: s.blocks.iter().map(|b| JsonBlock { kind: b.kind, role: b.role, text: b.text.as_string(), raw_lines: [b.first_line, b.last_line] }).collect(),
        })
        .collect();
    serde_json::to_value(JsonPage { file, encoding: c.encoding, status, markdown: &c.markdown, stories, edits: &c.edits }).expect("serialisable")
}
