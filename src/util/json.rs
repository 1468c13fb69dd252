//! JSON as accolade writes and describes it.

use serde_json::Value;

/// Pretty-printed JSON with a final newline: every JSON file accolade writes.
/// How the site publishes JSON (hosted objects, revocation lists, the site's
/// report): compact, on one line, with a final newline. Indentation is a
/// quarter of a pretty-printed assertion, and a site of 100,000 awards pays
/// for every byte; browsers and `jq` indent it for a reader.
pub fn published(v: &Value) -> Vec<u8> {
    let mut s = serde_json::to_vec(v).unwrap_or_default();
    s.push(b'\n');
    s
}

pub fn pretty(v: &Value) -> Vec<u8> {
    let mut s = serde_json::to_vec_pretty(v).unwrap_or_default();
    s.push(b'\n');
    s
}

/// JSON's name for the type of `v`: "string", "array", …
pub fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// "a string", "an array", … for messages.
pub fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parses a document that may start with a UTF-8 byte-order mark, which
/// editors on Windows add and JSON does not allow.
pub fn parse_lenient(text: &str) -> serde_json::Result<Value> {
    serde_json::from_str(text.trim_start_matches('\u{feff}'))
}
