//! FNV-1a: a stable 64-bit fingerprint for telling changed files and rules apart (not for
//! security). One implementation for the library and `build.rs` (which includes this file),
//! so the data fingerprint and the output folder's fingerprints are the same function.

/// The running hash; feed bytes with [`Fnv::write`].
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// The hash as 16 hex digits, the form the output folder stores.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// The fingerprint of `bytes`, as 16 hex digits.
#[allow(dead_code)] // (build.rs includes this file and uses only `Fnv`)
pub fn fingerprint(bytes: &[u8]) -> String {
    let mut h = Fnv::default();
    h.write(bytes);
    h.hex()
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_values() {
        // (FNV-1a 64 test vectors: the empty input is the offset basis)
        assert_eq!(super::fingerprint(b""), "cbf29ce484222325");
        assert_eq!(super::fingerprint(b"a"), "af63dc4c8601ec8c");
    }
}
