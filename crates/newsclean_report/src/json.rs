//! A cleaned page as JSON for scripts (`--format json`, the JSON Lines records): its stories
//! and blocks with their raw line numbers, the Markdown, and every edit.

use crate::edit::Edit;
use crate::model::Role;
use crate::pipeline::Cleaned;
use serde::Serialize;

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
