//! Cursor decoding: forged, truncated or binary cursors are refused, never a panic; whatever
//! decodes re-encodes to a cursor that decodes to the same position.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tiltak::http::cursor::{decode, encode};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for fingerprint in ["v1|initiatives|[]|None|Sort", ""] {
        if let Ok(after) = decode(fingerprint, &text) {
            let again = encode(fingerprint, &after);
            assert_eq!(decode(fingerprint, &again).ok(), Some(after));
        }
    }
});
