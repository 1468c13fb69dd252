//! Rules for every string of a document: control and direction-override
//! characters, names too long to show, and accolade's own flags.

use super::Validator;
use crate::diag::{Code, Problem};
use crate::library::Doc;
use crate::util::jsonpos::{JsonPath, Seg};
use crate::util::text::{is_bidi_control, is_control_text, MAX_NAME_CHARS};

/// Keys whose values are names, shown in titles, headings and images.
const NAME_KEYS: &[&str] = &["name", "targetName", "targetCode", "targetFramework"];

impl Validator<'_> {
    /// Every string of an object: control characters (which no page or XML
    /// file can carry, and which can rewrite a terminal), invisible direction
    /// overrides (which make a name display as something else), and names so
    /// long they can only be a mistake or an attack on the pages and images.
    pub(super) fn text_values<T>(&mut self, doc: &Doc<T>, is_assertion: bool) {
        let mut path = JsonPath::root();
        self.walk_values(doc, &doc.raw, &mut path, is_assertion);
    }

    /// Depth-first over a document with one path kept up to date, so a path
    /// is copied only when a problem is reported (a wide file must not cost
    /// a path per value). serde_json's parser bounds the depth at 128.
    fn walk_values<T>(&mut self, doc: &Doc<T>, value: &serde_json::Value, path: &mut JsonPath, is_assertion: bool) {
        match value {
            serde_json::Value::String(text) => self.text_value(doc, text, path),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.0.push(Seg::Index(i));
                    self.walk_values(doc, item, path, is_assertion);
                    path.0.pop();
                }
            }
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    path.0.push(Seg::Key(key.clone()));
                    if key.starts_with("accolade:") {
                        self.accolade_flag(doc, key, item, path, is_assertion);
                    }
                    self.walk_values(doc, item, path, is_assertion);
                    path.0.pop();
                }
            }
            _ => {}
        }
    }

    fn text_value<T>(&mut self, doc: &Doc<T>, text: &str, path: &JsonPath) {
        if text.chars().any(is_control_text) {
            let p = Problem::warning(Code::TextControl, "", "this text contains control characters")
                .help("pages show it without them; remove them from the file");
            self.report(doc, path.clone(), p);
        }
        if text.chars().any(is_bidi_control) {
            let p = Problem::warning(Code::TextBidi, "", "this text contains invisible direction-override characters")
                .help("they can make a name or link display differently from what it is; remove them");
            self.report(doc, path.clone(), p);
        }
        let is_name = path.last_key().is_some_and(|k| NAME_KEYS.contains(&k));
        let chars = text.chars().count();
        if is_name && chars > MAX_NAME_CHARS {
            let p = Problem::error(
                Code::TextLength,
                "",
                format!("this name is {chars} characters long; names are limited to {MAX_NAME_CHARS}"),
            )
            .help("shorten it; a long explanation belongs in a description or narrative");
            self.report(doc, path.clone(), p);
        }
    }

    /// accolade's own flags keep things private, so a misspelt or misplaced
    /// one must not silently publish what it was meant to hide.
    fn accolade_flag<T>(
        &mut self,
        doc: &Doc<T>,
        key: &str,
        value: &serde_json::Value,
        path: &JsonPath,
        is_assertion: bool,
    ) {
        let on_evidence = matches!(
            (doc.at.0.is_empty(), path.0.as_slice()),
            (true, [Seg::Key(e), Seg::Key(_)] | [Seg::Key(e), Seg::Index(_), Seg::Key(_)]) if e == "evidence"
        );
        let known = match key {
            crate::model::UNLISTED => is_assertion && doc.at.0.is_empty() && path.0.len() == 1,
            crate::model::PRIVATE => is_assertion && on_evidence,
            crate::model::EXTERNAL => doc.at.0.is_empty() && path.0.len() == 1,
            _ => false,
        };
        let problem = if !known {
            Problem::error(Code::AccoladeFlag, "", format!("`{key}` is not a flag accolade knows here"))
                .help("accolade knows `\"accolade:unlisted\": true` on an assertion, `\"accolade:private\": true` on an evidence object and `\"accolade:external\": true` at the top of an object file")
        } else if !value.is_boolean() {
            Problem::error(Code::AccoladeFlag, "", format!("`{key}` must be true or false"))
                .help(format!("write `\"{key}\": true`"))
        } else {
            return;
        };
        self.report(doc, path.clone(), problem);
    }
}
