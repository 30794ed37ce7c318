//! newsclean's engine: the raw bytes of a scanned newspaper page in, the cleaned page (its
//! stories, in reading order, as Markdown) and every edit that made it out.
//!
//! Pure by construction: no files, terminal or command line. A reviewer's decisions come in as
//! data ([`decisions::Decisions`]), the user's corrections as text
//! ([`stages::corrections::Corrections::parse`]); the command line (crate `newsclean`) reads
//! and writes everything else.
//!
//! * [`stages`]: decode, letter-spacing, reflow (the fitted layout decoder), stories, typos;
//! * [`dict`] and [`lm`]: the compiled word dictionary and the character language model;
//! * [`model`]: the page / story / block document model; [`edit`]: the edit log;
//! * [`rules`]: the registry naming every rule, its stage, kind and doc;
//! * [`decisions`]: the reviewer's accepted and rejected edits, anchored to the raw text;
//! * [`pipeline`]: runs the stages on one page and checks the no-silent-change invariant;
//! * [`render`]: the Markdown of a cleaned page; [`names`], [`text`], [`fnv`]: helpers.

pub mod decisions;
pub mod dict;
pub mod edit;
pub mod fnv;
pub mod lm;
pub mod model;
pub mod names;
pub mod pipeline;
pub mod render;
pub mod rules;
pub mod stages;
pub mod text;

pub use pipeline::{Cleaned, Options, PageError, clean_bytes, clean_bytes_with, clean_str};
