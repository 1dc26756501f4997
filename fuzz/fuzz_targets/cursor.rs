//! Cursor decoding: forged, truncated or binary cursors are refused, never a panic; whatever
//! decodes re-encodes to a cursor that decodes to the same position.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tiltak::selection::cursor::{decode, encode, CursorKey};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let key = CursorKey::new(b"fuzz");
    for fingerprint in ["v1|initiatives|[]|None|Sort", ""] {
        if let Ok(after) = decode(&key, fingerprint, &text) {
            let again = encode(&key, fingerprint, &after);
            assert_eq!(decode(&key, fingerprint, &again).ok(), Some(after));
        }
    }
});
