//! Rendering a cleaned page as Markdown, in the format of docs/format.md (the JSON for scripts is
//! [`crate::json`]'s: it reports on a cleaned page, and the pipeline needs only this).

use crate::model::Page;

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
