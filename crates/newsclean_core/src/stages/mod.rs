//! The cleaning stages, one module each, in pipeline order. Every stage takes the document
//! as the previous stage left it and records each change as an [`crate::edit::Edit`].

pub mod corrections;
pub mod decode;
pub mod layout;
pub mod reflow;
pub mod spacing;
pub mod stories;
pub mod typos;

/// A page this large (bytes of raw text) has its lines spaced and its blocks corrected in
/// parallel.
pub const PARALLEL_PAGE: usize = 256 * 1024;
