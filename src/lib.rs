//! newsclean: turn raw text extracted from scanned Chinese newspaper pages into clean,
//! reviewable stories.
//!
//! The library holds all the work; `src/main.rs` only parses the command line.
//!
//! * [`stages`]: decode, letter-spacing, reflow, stories, typos — one module each;
//! * [`dict`]: the compiled word dictionary and segmenter the stages share;
//! * [`model`]: the page / story / block document model; [`edit`]: the shared edit log;
//! * [`rules`]: the registry naming every rule, its stage, kind and doc;
//! * [`decisions`]: the reviewer's accepted and rejected edits, anchored to the raw text;
//! * [`pipeline`]: runs the stages on one page and checks the no-silent-change invariant;
//! * [`render`] and [`report`]: Markdown/JSON output and the per-page review report;
//! * [`html`]: the same review as a self-contained HTML page, raw and cleaned side by side;
//! * [`review`]: the interactive review of pending pages; [`term`]: colours and display width;
//! * [`store`]: the output folder (accepted pages, pending proposals, reports);
//! * [`walk`]: the pages named on the command line, found one at a time;
//! * [`commands`]: the subcommands behind the CLI.

pub mod commands;
pub mod decisions;
pub mod dict;
pub mod edit;
pub mod exit;
pub mod fnv;
pub mod html;
pub mod json;
pub mod jsonl;
pub mod lm;
pub mod model;
pub mod names;
pub mod ordered;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod report;
pub mod review;
pub mod rules;
pub mod settled;
pub mod stages;
pub mod store;
pub mod synth;
pub mod term;
pub mod text;
pub mod walk;

pub use pipeline::{Cleaned, Options, PageError, clean_bytes, clean_bytes_with, clean_str};
