//! The JSON-LD `@context` of an object: what makes its properties mean what
//! Open Badges 2.0 says. A number, an object or another vocabulary's URL
//! would make every verifier read the award as something else, or nothing.
//!
//! Accepted (OPEN-BADGES.md §1.1): the string `https://w3id.org/openbadges/v2`,
//! or an array whose first item is it, followed by extra context URLs
//! (http(s)) or inline context objects. The aliases the 1EdTech Python
//! validator also takes (`https://openbadgespec.org/v2/context.json`, the
//! `http://` spellings) are warned about: the Java validator refuses them.
//! An object without `@context` is fine here: the build gives every hosted
//! file the context, and objects embedded in another need none.

use crate::diag::{Code, Problem};
use crate::model::OB2_CONTEXT;
use crate::util::json::json_kind;
use crate::util::jsonpos::JsonPath;
use crate::util::urls;
use serde_json::Value;

/// Spellings of the OB 2.0 context some validators accept.
const ALIASES: &[&str] = &[
    "http://w3id.org/openbadges/v2",
    "https://openbadgespec.org/v2/context.json",
    "http://openbadgespec.org/v2/context.json",
];

const FIX: &str = "write `\"@context\": \"https://w3id.org/openbadges/v2\"` (or an array that starts with it)";

/// The problems of an object's `@context`, each with its path in the object.
pub(super) fn context_problems(raw: &Value) -> Vec<(JsonPath, Problem)> {
    let at = JsonPath::root().key("@context");
    match raw.get("@context") {
        None => Vec::new(),
        Some(Value::Array(items)) => {
            let Some(first) = items.first() else {
                let p =
                    Problem::error(Code::Context, "", "`@context` is an empty array, not the Open Badges 2.0 context")
                        .help(FIX);
                return vec![(at, p)];
            };
            let mut problems: Vec<_> = first_context(first).map(|p| (at.index(0), p)).into_iter().collect();
            for (i, item) in items.iter().enumerate().skip(1) {
                let why = match item {
                    Value::Object(_) => continue,
                    Value::String(s) if urls::is_web_url(s) => continue,
                    Value::String(s) => format!("`@context` item `{s}` is not an http(s) URL"),
                    other => format!("a `@context` item is {}; expected a context URL or object", json_kind(other)),
                };
                let p = Problem::error(Code::Context, "", why)
                    .help("after the Open Badges context, list only http(s) context URLs or `{…}` term definitions");
                problems.push((at.index(i), p));
            }
            problems
        }
        Some(other) => first_context(other).map(|p| (at, p)).into_iter().collect(),
    }
}

/// The problem of the value that must be the OB 2.0 context, if any.
fn first_context(value: &Value) -> Option<Problem> {
    match value {
        Value::String(s) if s == OB2_CONTEXT => None,
        Value::String(s) if ALIASES.contains(&s.as_str()) => Some(
            Problem::warning(
                Code::Context,
                "",
                format!("`@context` `{s}` is an alias of the Open Badges 2.0 context that the Java validator refuses"),
            )
            .help(FIX),
        ),
        Value::String(s) => Some(
            Problem::error(Code::Context, "", format!("`@context` is `{s}`, not the Open Badges 2.0 context"))
                .help(FIX),
        ),
        other => Some(
            Problem::error(
                Code::Context,
                "",
                format!("`@context` is {}, not the Open Badges 2.0 context URL", json_kind(other)),
            )
            .help(FIX),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// (path, is error) of each problem.
    fn judged(context: Value) -> Vec<(String, bool)> {
        context_problems(&json!({ "@context": context }))
            .into_iter()
            .map(|(path, p)| (path.to_string(), p.is_error()))
            .collect()
    }

    #[test]
    fn the_ob2_context_and_extensions_pass() {
        assert!(context_problems(&json!({"type": "BadgeClass"})).is_empty(), "no @context: the build adds it");
        assert!(judged(json!(OB2_CONTEXT)).is_empty());
        assert!(
            judged(json!([OB2_CONTEXT, "https://example.org/ext.json", {"foo": "http://example.org/foo"}])).is_empty()
        );
    }

    #[test]
    fn aliases_warn() {
        assert_eq!(judged(json!("https://openbadgespec.org/v2/context.json")), [("@context".into(), false)]);
        assert_eq!(judged(json!(["http://w3id.org/openbadges/v2"])), [("@context[0]".into(), false)]);
    }

    #[test]
    fn anything_else_is_an_error_at_its_place() {
        for bad in [
            json!(2),
            json!({"@vocab": "https://evil.example/"}),
            json!("https://www.w3.org/2018/credentials/v1"),
            json!(null),
            json!([]),
        ] {
            assert_eq!(judged(bad.clone()), [("@context".into(), true)], "{bad}");
        }
        assert_eq!(judged(json!(["https://evil.example/ctx", OB2_CONTEXT])), [("@context[0]".into(), true)]);
        assert_eq!(
            judged(json!([OB2_CONTEXT, 7, "javascript:alert(1)"])),
            [("@context[1]".into(), true), ("@context[2]".into(), true)]
        );
    }
}
