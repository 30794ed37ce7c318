//! newsclean's command line: batch cleaning into an output folder, review, reports, JSON Lines.
//!
//! The work is in the workspace's other crates: the engine in `newsclean_core` (re-exported
//! here under its module names, so scripts and tests keep one path), the reports in
//! `newsclean_report`. This crate holds what touches files, terminals and arguments;
//! `src/main.rs` only parses the command line.
//!
//! * [`commands`]: the subcommands behind the CLI; [`exit`]: their exit statuses;
//! * [`store`]: the output folder (accepted pages, pending proposals, reports);
//! * [`settled`]: the keys that let a re-run skip a page nothing has changed for;
//! * [`walk`]: the pages named on the command line, found one at a time; [`ordered`]: run in
//!   parallel, written in order;
//! * [`review`]: the interactive review of pending pages; [`progress`]: the progress bar;
//! * [`jsonl`]: the JSON Lines stream (Hadoop Streaming, Spark).

pub use newsclean_core::{Cleaned, Options, PageError, clean_bytes, clean_bytes_with, clean_str};
pub use newsclean_core::{decisions, dict, edit, fnv, lm, model, names, pipeline, render, rules, stages, text};
pub use newsclean_report::{html, json, report, term};

pub mod commands;
pub mod exit;
pub mod jsonl;
pub mod ordered;
pub mod progress;
pub mod record;
pub mod review;
pub mod settled;
pub mod store;
pub mod walk;
