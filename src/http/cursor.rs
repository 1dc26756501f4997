//! Opaque keyset cursors: the last row's sort value and id, signed with the data version and the
//! query they belong to, so a forged cursor, or one from another query or data version, is refused.

use crate::db::query::After;
use crate::error::ApiError;
use rusqlite::types::Value;
use sha2::{Digest, Sha256};

fn signature(fingerprint: &str, payload: &str) -> String {
    let mut h = Sha256::new();
    h.update(fingerprint.as_bytes());
    h.update([0u8]);
    h.update(payload.as_bytes());
    hex::encode(&h.finalize()[..8])
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

pub fn encode(fingerprint: &str, after: &After) -> String {
    let payload = serde_json::json!([value_to_json(&after.value), after.id]).to_string();
    let hexed = hex::encode(payload.as_bytes());
    format!("{hexed}.{}", signature(fingerprint, &payload))
}

pub fn decode(fingerprint: &str, cursor: &str) -> Result<After, ApiError> {
    let invalid = || {
        ApiError::param(
            "cursor",
            "the cursor is malformed, forged, or belongs to another query or data version; restart from the first page",
        )
    };
    let (hexed, sig) = cursor.split_once('.').ok_or_else(invalid)?;
    let bytes = hex::decode(hexed).map_err(|_| invalid())?;
    let payload = String::from_utf8(bytes).map_err(|_| invalid())?;
    if signature(fingerprint, &payload) != sig {
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
        for v in [Value::Null, Value::Integer(7), Value::Real(-1.5), Value::Text("Ø".into())] {
            let a = After { value: v, id: "I01".into() };
            let c = encode("fp", &a);
            assert_eq!(decode("fp", &c).ok(), Some(a));
            assert!(decode("other", &c).is_err());
        }
        assert!(decode("fp", "zz.00").is_err());
        assert!(decode("fp", "").is_err());
    }
}
