//! Opaque keyset cursors: the last row's sort value and id, signed (HMAC-SHA256 with the
//! server's cursor secret) together with the data version and the query they belong to, so a
//! forged or altered cursor, or one from another query or data version, is refused (400).
//! Replicas that share the secret (`--cursor-secret`) accept each other's cursors.

use super::{After, SelectionError, Value};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The secret cursors are signed with (`AppState::cursor_key`).
#[derive(Clone)]
pub struct CursorKey(Vec<u8>);

impl CursorKey {
    pub fn new(secret: &[u8]) -> Self {
        CursorKey(secret.to_vec())
    }
    /// A fresh random key (cursors then only page on this process).
    pub fn random() -> Self {
        CursorKey(rand::random::<[u8; 32]>().to_vec())
    }
    fn mac(&self, fingerprint: &str, payload: &str) -> Hmac<Sha256> {
        // HMAC takes a key of any length.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
        mac.update(fingerprint.as_bytes());
        mac.update(&[0u8]);
        mac.update(payload.as_bytes());
        mac
    }
}

impl std::fmt::Debug for CursorKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CursorKey(…)")
    }
}

/// 16 bytes of the tag are kept: enough against forgery, short enough for a URL.
const TAG_BYTES: usize = 16;

fn signature(key: &CursorKey, fingerprint: &str, payload: &str) -> String {
    hex::encode(&key.mac(fingerprint, payload).finalize().into_bytes()[..TAG_BYTES])
}

fn verify(key: &CursorKey, fingerprint: &str, payload: &str, sig: &str) -> bool {
    match hex::decode(sig) {
        Ok(tag) if tag.len() == TAG_BYTES => key.mac(fingerprint, payload).verify_truncated_left(&tag).is_ok(),
        _ => false,
    }
}

fn value_to_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Integer(i) => serde_json::json!(i),
        Value::Real(f) => serde_json::json!({ "f": f }),
        Value::Text(s) => serde_json::json!(s),
        Value::Blob(_) => serde_json::Value::Null,
    }
}

fn json_to_value(j: &serde_json::Value) -> Option<Value> {
    match j {
        serde_json::Value::Null => Some(Value::Null),
        serde_json::Value::Number(n) => n.as_i64().map(Value::Integer),
        serde_json::Value::String(s) => Some(Value::Text(s.clone())),
        serde_json::Value::Object(o) => o.get("f").and_then(|f| f.as_f64()).map(Value::Real),
        _ => None,
    }
}

pub fn encode(key: &CursorKey, fingerprint: &str, after: &After) -> String {
    let payload = serde_json::json!([value_to_json(&after.value), after.id]).to_string();
    let hexed = hex::encode(payload.as_bytes());
    format!("{hexed}.{}", signature(key, fingerprint, &payload))
}

pub fn decode(key: &CursorKey, fingerprint: &str, cursor: &str) -> Result<After, SelectionError> {
    let invalid = || {
        SelectionError::param(
            "cursor",
            "the cursor is malformed, forged, or belongs to another query or data version; restart from the first page",
        )
    };
    let (hexed, sig) = cursor.split_once('.').ok_or_else(invalid)?;
    let bytes = hex::decode(hexed).map_err(|_| invalid())?;
    let payload = String::from_utf8(bytes).map_err(|_| invalid())?;
    if !verify(key, fingerprint, &payload, sig) {
        return Err(invalid());
    }
    let parsed: serde_json::Value = serde_json::from_str(&payload).map_err(|_| invalid())?;
    let arr = parsed.as_array().filter(|a| a.len() == 2).ok_or_else(invalid)?;
    let value = json_to_value(&arr[0]).ok_or_else(invalid)?;
    let id = arr[1].as_str().ok_or_else(invalid)?.to_string();
    Ok(After { value, id })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn round_trip_and_tamper() {
        let key = CursorKey::new(b"a shared secret of some length");
        for v in [Value::Null, Value::Integer(7), Value::Real(-1.5), Value::Text("Ø".into())] {
            let a = After { value: v, id: "I01".into() };
            let c = encode(&key, "fp", &a);
            assert_eq!(decode(&key, "fp", &c).ok(), Some(a.clone()));
            assert_eq!(decode(&CursorKey::new(b"a shared secret of some length"), "fp", &c).ok(), Some(a), "same secret, other replica");
            assert!(decode(&key, "other", &c).is_err());
            assert!(decode(&CursorKey::new(b"another secret"), "fp", &c).is_err());
            assert!(decode(&CursorKey::random(), "fp", &c).is_err());
        }
        assert!(decode(&key, "fp", "zz.00").is_err());
        assert!(decode(&key, "fp", "").is_err());
    }

    #[test]
    fn a_cursor_signed_without_the_secret_is_refused() {
        // What anyone could compute before cursors had a secret: SHA-256 of fingerprint and payload.
        use sha2::Digest;
        let key = CursorKey::random();
        let payload = serde_json::json!([null, "I99"]).to_string();
        let mut h = Sha256::new();
        h.update(b"fp\0");
        h.update(payload.as_bytes());
        let forged = format!("{}.{}", hex::encode(payload.as_bytes()), hex::encode(&h.finalize()[..TAG_BYTES]));
        assert!(decode(&key, "fp", &forged).is_err());
    }
}
