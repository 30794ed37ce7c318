//! Fuzz the decoder alone (fast, so it explores the encodings deeply): every input decodes or
//! is an error, and a decoded text never holds a NUL or a CR.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsclean::stages::decode::{decode_with, DecodeError};

fuzz_target!(|data: &[u8]| {
    for lossy in [false, true] {
        match decode_with(data, lossy) {
            Ok(d) => assert!(!d.text.contains('\0') && !d.text.contains('\r')),
            Err(DecodeError::Invalid { offsets, total }) => assert!(!lossy || !offsets.is_empty() || total == 0),
            Err(DecodeError::Binary { .. }) => {}
        }
    }
});
