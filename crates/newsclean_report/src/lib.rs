//! What a person or a script reads about a cleaned page.
//!
//! * [`report`]: the per-page text report (what changed and why, by stage and rule);
//! * [`json`]: the page as JSON (`--format json`, JSON Lines records);
//! * [`html`]: the same review as a self-contained HTML page, raw and cleaned side by side;
//! * [`term`]: colours and display width for the terminal.

// (the core's modules, named as they were when this was one crate)
#[cfg(test)]
use newsclean_core::{clean_bytes, clean_str};
use newsclean_core::{edit, model, pipeline, rules};

pub mod html;
pub mod json;
pub mod report;
pub mod term;
