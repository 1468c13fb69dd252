//! JSON paths (`evidence[1].id`) and finding the line and column they stand at.
//!
//! serde_json tells where a syntax error is, but a rule broken by a well-formed
//! document (a missing `salt`, a bad date) is known only by its path. This tiny
//! scanner walks the source text along a path so that every message can still
//! say `file:line:column`, which editors turn into a link.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path into a JSON document, from its root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonPath(pub Vec<Seg>);

impl JsonPath {
    pub fn root() -> Self {
        JsonPath(Vec::new())
    }

    pub fn key(&self, k: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_string()));
        p
    }

    /// The last key of the path, unless it ends with an index.
    pub fn last_key(&self) -> Option<&str> {
        match self.0.last() {
            Some(Seg::Key(k)) => Some(k),
            _ => None,
        }
    }

    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }

    /// Appends the segments of a path reported by serde_path_to_error.
    pub fn join_serde(&self, path: &serde_path_to_error::Path) -> Self {
        use serde_path_to_error::Segment;
        let mut p = self.clone();
        for seg in path.iter() {
            match seg {
                Segment::Seq { index } => p.0.push(Seg::Index(*index)),
                Segment::Map { key } => p.0.push(Seg::Key(key.clone())),
                Segment::Enum { .. } | Segment::Unknown => {}
            }
        }
        p
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Index(i) => write!(f, "[{i}]")?,
                Seg::Key(k) if k.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '@' | '-')) => {
                    if n > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                Seg::Key(k) => write!(f, "[{}]", serde_json::Value::String(k.clone()))?,
            }
        }
        Ok(())
    }
}

/// The 1-based line and column of the value at `path`, or of the nearest
/// enclosing value that exists (a missing property is reported at its object).
pub fn locate(text: &str, path: &JsonPath) -> (usize, usize) {
    let offset = scan(text.as_bytes(), &path.0);
    line_col(text, offset)
}

/// Keys that appear twice in one object, with the line and column of the
/// second. JSON parsers disagree on which value wins (serde_json keeps the
/// last, others the first), so a verifier could read another award than
/// the page shows. `text` must already be valid JSON.
pub fn duplicate_keys(text: &str) -> Vec<(String, usize, usize)> {
    let b = text.as_bytes();
    // For each open object, the keys seen so far; `None` for an open array.
    let mut stack: Vec<Option<std::collections::HashSet<String>>> = Vec::new();
    let mut expecting_key = false;
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' => {
                stack.push(Some(Default::default()));
                expecting_key = true;
            }
            b'[' => {
                stack.push(None);
                expecting_key = false;
            }
            b'}' | b']' => {
                stack.pop();
                expecting_key = false;
            }
            b',' => expecting_key = matches!(stack.last(), Some(Some(_))),
            b':' => expecting_key = false,
            b'"' => {
                let end = skip_string(b, i);
                if expecting_key {
                    let key: String = serde_json::from_str(&text[i..end]).unwrap_or_default();
                    if let Some(Some(keys)) = stack.last_mut() {
                        if !keys.insert(key.clone()) {
                            let (line, col) = line_col(text, i);
                            found.push((key, line, col));
                        }
                    }
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Walks the bytes along `path`; returns the offset of the deepest value reached.
fn scan(b: &[u8], path: &[Seg]) -> usize {
    let mut i = skip_ws(b, if b.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 });
    for seg in path {
        let found = match seg {
            Seg::Key(k) => find_key(b, i, k),
            Seg::Index(n) => find_index(b, i, *n),
        };
        match found {
            Some(next) => i = next,
            None => break,
        }
    }
    i
}

fn find_key(b: &[u8], start: usize, key: &str) -> Option<usize> {
    if b.get(start) != Some(&b'{') {
        return None;
    }
    let mut i = skip_ws(b, start + 1);
    while i < b.len() && b[i] == b'"' {
        let end = skip_string(b, i);
        let raw = std::str::from_utf8(&b[i..end]).ok()?;
        let name: String = serde_json::from_str(raw).ok()?;
        i = skip_ws(b, end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = skip_ws(b, i + 1);
        if name == key {
            return Some(i);
        }
        i = skip_ws(b, skip_value(b, i));
        if b.get(i) == Some(&b',') {
            i = skip_ws(b, i + 1);
        }
    }
    None
}

fn find_index(b: &[u8], start: usize, n: usize) -> Option<usize> {
    if b.get(start) != Some(&b'[') {
        // A single value stands where an array may: `evidence[0]` is the value itself.
        return if n == 0 { Some(start) } else { None };
    }
    let mut i = skip_ws(b, start + 1);
    for _ in 0..n {
        if i >= b.len() || b[i] == b']' {
            return None;
        }
        i = skip_ws(b, skip_value(b, i));
        if b.get(i) == Some(&b',') {
            i = skip_ws(b, i + 1);
        }
    }
    if i >= b.len() || b[i] == b']' {
        None
    } else {
        Some(i)
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// `i` is at an opening quote; returns the offset just past the closing one.
fn skip_string(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// Skips one value without recursion, so deep nesting cannot overflow the stack.
fn skip_value(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i = skip_string(b, i);
                if depth == 0 {
                    return i;
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                if depth == 0 {
                    return i;
                }
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b',' | b' ' | b'\t' | b'\n' | b'\r' if depth == 0 => return i,
            _ => {}
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "{\n  \"a\": 1,\n  \"b\": {\"c\": [10, {\"d\": \"x,]}\"}, 30]},\n  \"e.f\": true\n}";

    fn p(segs: &[Seg]) -> JsonPath {
        JsonPath(segs.to_vec())
    }

    #[test]
    fn finds_nested_values() {
        let k = |s: &str| Seg::Key(s.into());
        assert_eq!(locate(DOC, &p(&[k("a")])), (2, 8));
        assert_eq!(locate(DOC, &p(&[k("b"), k("c"), Seg::Index(2)])), (3, 34));
        assert_eq!(locate(DOC, &p(&[k("b"), k("c"), Seg::Index(1), k("d")])), (3, 25));
        assert_eq!(locate(DOC, &p(&[k("e.f")])), (4, 10));
    }

    #[test]
    fn missing_key_points_at_enclosing_object() {
        let path = p(&[Seg::Key("b".into()), Seg::Key("zzz".into())]);
        assert_eq!(locate(DOC, &path), (3, 8));
    }

    #[test]
    fn display_quotes_unusual_keys() {
        let path = JsonPath::root().key("evidence").index(1).key("id");
        assert_eq!(path.to_string(), "evidence[1].id");
        assert_eq!(JsonPath::root().key("a b").to_string(), "[\"a b\"]");
        assert_eq!(
            JsonPath::root().key("extensions:recipientProfile").key("name").to_string(),
            "extensions:recipientProfile.name"
        );
    }

    #[test]
    fn finds_duplicate_keys_at_any_depth() {
        let doc = "{\"a\": 1, \"b\": {\"x\": \"a\", \"x\": 2}, \"c\": [{\"a\": 1}, {\"a\": 2}],\n \"a\": 3}";
        assert_eq!(duplicate_keys(doc), [("x".to_string(), 1, 26), ("a".to_string(), 2, 2)]);
        assert!(duplicate_keys("{\"a\": \"{\\\"a\\\": 1}\", \"b\": [\"a\", \"a\"]}").is_empty());
        assert_eq!(duplicate_keys("{\"\\u0061\": 1, \"a\": 2}").len(), 1, "escapes are decoded before comparing");
    }

    #[test]
    fn survives_garbage() {
        let path = p(&[Seg::Key("a".into()), Seg::Index(3)]);
        for text in ["", "{", "[[[[", "{\"a\":[1,2", "\"", "{\"a\"", "\u{feff}{\"a\": [1,2,3,4]}"] {
            let _ = locate(text, &path);
        }
    }
}
