//! The double-array trie of the dictionary, read where it lies in the binary.
//!
//! `build.rs` builds the trie with the `crawdad` crate and embeds its serialised bytes. crawdad
//! can only read them back by copying: a 6 MB node array, allocated and filled at every
//! start-up (a third of the start-up time of a one-page run, and a third of the resident
//! memory of a batch). This module reads the same bytes in place, with crawdad's own
//! semantics, so the pages of the array a run never touches are never even loaded.
//! `tests` below checks it against crawdad on every word of the dictionary.
//!
//! The serialised form (crawdad 0.4, `Trie::serialize_to_vec`), all little-endian `u32`:
//! the code table's length `n`, then `n` codes indexed by character (`u32::MAX`: no word has
//! the character), the alphabet size, the node count `m`, then `m` nodes of `base` and
//! `check`. The top bit of `base` marks a leaf, whose `base` is the value; the top bit of
//! `check` marks a node that ends a word, whose leaf is the child `base ^ 0`.

const OFFSET_MASK: u32 = 0x7fff_ffff;
const NO_CODE: u32 = u32::MAX;

#[derive(Clone, Copy)]
pub struct Trie {
    codes: &'static [u8],
    nodes: &'static [u8],
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
}

impl Trie {
    /// The trie in `bytes`, as crawdad serialised it. (Panics on bytes of another form: they
    /// are `build.rs`'s own output, embedded in the binary.)
    pub fn new(bytes: &'static [u8]) -> Trie {
        let n = u32_at(bytes, 0) as usize;
        let codes = &bytes[4..4 + 4 * n];
        let at = 4 + 4 * n + 4;
        let m = u32_at(bytes, at) as usize;
        let nodes = &bytes[at + 4..at + 4 + 8 * m];
        Trie { codes, nodes }
    }

    /// The code of a character, `None` when no word has it.
    #[inline(always)]
    fn code(&self, c: char) -> Option<u32> {
        let at = c as usize * 4;
        let code = u32::from_le_bytes(self.codes.get(at..at + 4)?.try_into().ok()?);
        (code != NO_CODE).then_some(code)
    }

    /// A node's `base` and `check`, with their flag bits.
    #[inline(always)]
    fn node(&self, i: u32) -> (u32, u32) {
        let at = i as usize * 8;
        match self.nodes.get(at..at + 8) {
            Some(b) => {
                let x = u64::from_le_bytes(b.try_into().expect("eight bytes"));
                (x as u32, (x >> 32) as u32)
            }
            // (out of the array: a vacant node, the child of nothing)
            None => (OFFSET_MASK, OFFSET_MASK),
        }
    }

    /// The child of `node` by character `c`.
    #[inline(always)]
    fn child(&self, node: u32, c: char) -> Option<u32> {
        let code = self.code(c)?;
        let (base, _) = self.node(node);
        if base & !OFFSET_MASK != 0 {
            return None; // a leaf has no children
        }
        let child = (base & OFFSET_MASK) ^ code;
        (self.node(child).1 & OFFSET_MASK == node).then_some(child)
    }

    /// The value of the word that ends at `node`, if one does.
    #[inline(always)]
    fn value(&self, node: u32) -> Option<u32> {
        let (base, check) = self.node(node);
        if base & !OFFSET_MASK != 0 {
            Some(base & OFFSET_MASK)
        } else if check & !OFFSET_MASK != 0 {
            Some(self.node(base & OFFSET_MASK).0 & OFFSET_MASK)
        } else {
            None
        }
    }

    /// The value of a word.
    #[inline]
    pub fn exact_match(&self, key: impl IntoIterator<Item = char>) -> Option<u32> {
        let mut node = 0;
        for c in key {
            node = self.child(node, c)?;
        }
        self.value(node)
    }

    /// Every word that `haystack` starts with: its value and its length in characters,
    /// shortest first.
    #[inline]
    pub fn common_prefix_search<I: Iterator<Item = char>>(&self, haystack: I) -> Prefixes<I> {
        Prefixes { trie: *self, haystack, node: 0, len: 0 }
    }
}

pub struct Prefixes<I> {
    trie: Trie,
    haystack: I,
    node: u32,
    len: usize,
}

impl<I: Iterator<Item = char>> Iterator for Prefixes<I> {
    type Item = (u32, usize);

    #[inline(always)]
    fn next(&mut self) -> Option<(u32, usize)> {
        for c in self.haystack.by_ref() {
            self.node = self.trie.child(self.node, c)?;
            self.len += 1;
            if let Some(v) = self.trie.value(self.node) {
                return Some((v, self.len));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::Trie;

    /// Our reading of the bytes and crawdad's agree: on every word, on every prefix search
    /// of every word run on into the next, and on strings that are no word.
    #[test]
    fn reads_as_crawdad_does() {
        let bytes = super::super::TRIE;
        let ours = Trie::new(bytes);
        let theirs = crawdad::Trie::deserialize_from_slice(bytes).0;
        let words: Vec<String> = include_str!("../../data/jieba/dict.txt").lines().map(|l| l.split(' ').next().unwrap().to_string()).collect();
        assert!(words.len() > 300_000);
        for pair in words.windows(2) {
            let w = &pair[0];
            assert_eq!(ours.exact_match(w.chars()), theirs.exact_match(w.chars()), "{w}");
            assert!(ours.exact_match(w.chars()).is_some(), "{w}");
            let run = format!("{}{}", pair[0], pair[1]);
            let a: Vec<_> = ours.common_prefix_search(run.chars()).collect();
            let b: Vec<_> = theirs.common_prefix_search(run.chars()).collect();
            assert_eq!(a, b, "{run}");
            let odd: String = w.chars().rev().collect();
            assert_eq!(ours.exact_match(odd.chars()), theirs.exact_match(odd.chars()), "{odd}");
        }
        for s in ["", "\u{ffff}", "\u{10ffff}", "a", "的的的", "𠀀𠀀"] {
            assert_eq!(ours.exact_match(s.chars()), theirs.exact_match(s.chars()), "{s:?}");
        }
    }
}
