//! A column value in an archive's row: JSON `null`, an integer, a string, `{"base64": …}`
//! for bytes, or `{"real": …}` for a floating-point number. Exact both ways: integers are
//! 64-bit, bytes and text are kept apart, `NULL` stays `NULL`.

use base64::{engine::general_purpose::STANDARD, Engine as _};
use rusqlite::types::Value;
use serde_json::{json, Value as Json};

pub(super) fn to_json(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Integer(i) => json!(i),
        Value::Real(f) => json!({ "real": f }),
        Value::Text(t) => Json::String(t.clone()),
        Value::Blob(b) => json!({ "base64": STANDARD.encode(b) }),
    }
}

pub(super) fn from_json(cell: &Json) -> Result<Value, String> {
    Ok(match cell {
        Json::Null => Value::Null,
        Json::Number(n) => Value::Integer(n.as_i64().ok_or_else(|| format!("{n} is not a 64-bit integer"))?),
        Json::String(s) => Value::Text(s.clone()),
        Json::Object(o) if o.len() == 1 => match (o.get("base64"), o.get("real")) {
            (Some(Json::String(b)), None) => Value::Blob(decode(b)?),
            (None, Some(Json::Number(f))) => Value::Real(f.as_f64().ok_or("a real that is not a number")?),
            _ => return Err("an object cell must be {\"base64\": …} or {\"real\": …}".into()),
        },
        other => return Err(format!("{other} is not a cell")),
    })
}

/// Whether `cell` is one [`from_json`] reads (without keeping what it decodes).
pub(super) fn check(cell: &Json) -> Result<(), String> {
    from_json(cell).map(|_| ())
}

pub(super) fn encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

pub(super) fn decode(text: &str) -> Result<Vec<u8>, String> {
    STANDARD.decode(text).map_err(|e| format!("bad base64: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_round_trip_exactly() {
        for v in [
            Value::Null,
            Value::Integer(i64::MIN),
            Value::Integer(i64::MAX),
            Value::Integer(0),
            Value::Real(0.1),
            Value::Text(String::new()),
            Value::Text("12".into()),
            Value::Blob(Vec::new()),
            Value::Blob(vec![0, 255, 10, 13]),
        ] {
            let text = to_json(&v).to_string();
            assert_eq!(from_json(&serde_json::from_str(&text).unwrap()).unwrap(), v, "{text}");
        }
        assert!(from_json(&json!(1.5)).is_err(), "a fraction is not an integer cell");
        assert!(from_json(&json!({"base64": "***"})).is_err());
        assert!(from_json(&json!([1])).is_err());
        for bad in [json!(1.5), json!({"base64": "***"}), json!([1]), json!({"base64": "AA==", "real": 1})] {
            assert!(check(&bad).is_err(), "{bad}");
        }
        assert!(check(&json!({"base64": "AA=="})).is_ok() && check(&json!(null)).is_ok() && check(&json!(-3)).is_ok());
    }
}
