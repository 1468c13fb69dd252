//! The output audit: parses every file a build wrote, the way a browser or
//! a feed reader would, and reports anything that input could have put
//! there unescaped: an element or attribute that no template writes, an
//! event handler, a script that is not the site's own, a link to a
//! `javascript:` URL, a page without its Content-Security-Policy, a
//! recipient's email address. Hostile test input marks every element and
//! attribute it tries to inject with `pwn`, so an injection that gets
//! through shows up as an element or attribute name containing it.

use scraper::{Html, Node};
use std::path::Path;

/// What hostile input evaluates to if a template ever runs it: the corpus
/// puts `{{ 7777 * 7 }}` in text fields.
pub const TEMPLATE_EVALUATED: &str = "54439";

/// Elements no page may contain, whoever wrote them.
const FORBIDDEN_ELEMENTS: &[&str] =
    &["iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "foreignobject", "math"];

/// Attributes whose value is a URL the browser follows or loads.
const URL_ATTRIBUTES: &[&str] =
    &["href", "src", "action", "formaction", "srcset", "poster", "cite", "data", "xlink:href", "background", "ping"];

/// Audits every file below `out`; `secrets` are strings (recipient emails)
/// that must not appear in any file. Returns the findings, one per line.
pub fn audit(out: &Path, secrets: &[String]) -> Vec<String> {
    let mut findings = Vec::new();
    for rel in super::files(out) {
        let bytes = std::fs::read(out.join(&rel)).unwrap();
        let lower = String::from_utf8_lossy(&bytes).to_lowercase();
        for secret in secrets {
            if lower.contains(&secret.to_lowercase()) {
                findings.push(format!("{rel}: contains the recipient email {secret}"));
            }
        }
        if lower.contains(TEMPLATE_EVALUATED) {
            findings.push(format!("{rel}: contains {TEMPLATE_EVALUATED}: input was run as a template"));
        }
        let text = || String::from_utf8(bytes.clone());
        if rel.ends_with(".html") {
            match text() {
                Ok(t) => audit_html(&rel, &t, &mut findings),
                Err(_) => findings.push(format!("{rel}: not UTF-8")),
            }
        } else if rel.ends_with(".svg") || rel.ends_with(".xml") {
            match text() {
                Ok(t) => audit_xml(&rel, &t, &mut findings),
                Err(_) => findings.push(format!("{rel}: not UTF-8")),
            }
        } else if rel.ends_with(".json") && serde_json::from_slice::<serde_json::Value>(&bytes).is_err() {
            findings.push(format!("{rel}: not valid JSON"));
        }
    }
    findings
}

fn audit_html(rel: &str, text: &str, findings: &mut Vec<String>) {
    let doc = Html::parse_document(text);
    let mut csp: Vec<String> = Vec::new();
    let mut json_ld_hashes: Vec<String> = Vec::new();
    for node in doc.tree.nodes() {
        let Node::Element(el) = node.value() else { continue };
        let name = el.name().to_ascii_lowercase();
        let mut report = |what: String| findings.push(format!("{rel}: <{name}>: {what}"));
        if name.contains("pwn") {
            report("an element injected by input".into());
        }
        if FORBIDDEN_ELEMENTS.contains(&name.as_str()) {
            report("a forbidden element".into());
        }
        for (attr, value) in el.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.contains("pwn") {
                report(format!("attribute `{attr}` injected by input"));
            }
            if attr.starts_with("on") {
                report(format!("event handler attribute `{attr}`"));
            }
            if attr == "style" {
                report("inline style attribute".into());
            }
            if URL_ATTRIBUTES.contains(&attr.as_str()) && !safe_url(&name, &attr, value) {
                report(format!("unsafe URL in {attr}: {value:?}"));
            }
        }
        match name.as_str() {
            "meta" => match el.attr("http-equiv").map(str::to_ascii_lowercase).as_deref() {
                Some("content-security-policy") => csp.push(el.attr("content").unwrap_or("").to_string()),
                Some(other) => report(format!("http-equiv {other}")),
                None => {}
            },
            "script" => {
                let body: String = scraper::ElementRef::wrap(node).map(|e| e.text().collect()).unwrap_or_default();
                match (el.attr("src"), el.attr("type")) {
                    (Some(src), None)
                        if (src.ends_with("assets/verify.js")
                            || src.ends_with("assets/award.js")
                            || src.ends_with("assets/search.js"))
                            && !src.contains(':') =>
                    {
                        if !body.trim().is_empty() {
                            report("a script with both src and inline code".into());
                        }
                    }
                    (None, Some("application/ld+json")) => {
                        if serde_json::from_str::<serde_json::Value>(&body).is_err() {
                            report("JSON-LD that is not JSON (was the script element broken out of?)".into());
                        }
                        let digest = <sha2::Sha256 as sha2::Digest>::digest(body.as_bytes());
                        json_ld_hashes.push(accolade::util::hash::base64(&digest));
                    }
                    _ => report(format!("a script that is not the site's own: {:?}", el.attrs().collect::<Vec<_>>())),
                }
            }
            _ => {}
        }
    }
    match csp.as_slice() {
        [policy] => {
            // Scripts: none at all (default-src 'none'), or the site's own
            // files and hashed JSON-LD blocks; nothing inline, nothing remote.
            let script_sources = policy
                .split(';')
                .map(str::trim)
                .find_map(|d| d.strip_prefix("script-src "))
                .map(|d| d.split_whitespace().all(|s| s == "'self'" || s.starts_with("'sha256-")))
                .unwrap_or(true);
            if !script_sources || policy.contains("unsafe-") || !policy.starts_with("default-src 'none'") {
                findings.push(format!("{rel}: weak Content-Security-Policy {policy:?}"));
            }
            for hash in json_ld_hashes {
                if !policy.contains(&format!("'sha256-{hash}'")) {
                    findings.push(format!("{rel}: JSON-LD block not named by the CSP"));
                }
            }
        }
        _ => findings.push(format!("{rel}: {} Content-Security-Policy meta tags, expected 1", csp.len())),
    }
}

/// Relative URLs, http(s) and mailto; `data:` only for images.
fn safe_url(element: &str, attr: &str, value: &str) -> bool {
    let v: String = value.trim().chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect();
    let v = v.to_ascii_lowercase();
    if v.starts_with("//") || v.starts_with("\\") || v.starts_with("/\\") {
        return false;
    }
    match v.split_once(':') {
        Some((scheme, _)) if !scheme.contains('/') && !scheme.contains('?') && !scheme.contains('#') => {
            matches!(scheme, "http" | "https" | "mailto")
                || (scheme == "data" && element == "img" && attr == "src" && v.starts_with("data:image/"))
        }
        _ => true,
    }
}

fn audit_xml(rel: &str, text: &str, findings: &mut Vec<String>) {
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..Default::default() };
    let doc = match roxmltree::Document::parse_with_options(text, options) {
        Ok(d) => d,
        Err(e) => {
            findings.push(format!("{rel}: not well-formed XML: {e}"));
            return;
        }
    };
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name().to_ascii_lowercase();
        // Animations are never published (they can set any attribute).
        let animation = matches!(name.as_str(), "set" | "animate" | "animatemotion" | "animatetransform");
        if name.contains("pwn") || name == "script" || name == "foreignobject" || animation {
            findings.push(format!("{rel}: <{name}> element"));
        }
        for a in node.attributes() {
            let attr = a.name().to_ascii_lowercase();
            if attr.starts_with("on") || attr.contains("pwn") {
                findings.push(format!("{rel}: <{name}> attribute {attr}"));
            }
            if attr == "href" && !(a.value().starts_with('#') || a.value().starts_with("http")) {
                findings.push(format!("{rel}: <{name}> links to {:?}", a.value()));
            }
        }
    }
}

/// All the text a reader sees on the HTML pages below `out` (text nodes and
/// attribute values), to check that hostile text was shown rather than run.
pub fn visible_text(out: &Path) -> String {
    let mut all = String::new();
    for rel in super::files(out).into_iter().filter(|f| f.ends_with(".html")) {
        let doc = Html::parse_document(&std::fs::read_to_string(out.join(&rel)).unwrap());
        for node in doc.tree.nodes() {
            match node.value() {
                Node::Text(t) => {
                    all.push_str(t);
                    all.push('\n');
                }
                Node::Element(el) => {
                    for (_, v) in el.attrs() {
                        all.push_str(v);
                        all.push('\n');
                    }
                }
                _ => {}
            }
        }
    }
    all
}
