//! An award's page (HTML) names its hosted JSON with
//! `<link rel="alternate" type="application/ld+json" href="…">`: what a
//! verifier given a page URL or a QR code follows.
//!
//! A small tag scanner rather than an HTML parser crate: it needs only the
//! attributes of `<link>` tags, and a full parser (html5ever and its tree)
//! would be a large dependency for that. It skips comments, `<script>` and
//! `<style>` contents, takes attributes in any order and case, quoted with
//! `"` or `'` or not at all, and decodes the character references an href
//! can carry.

use crate::check::report::{Check, Outcome};
use crate::model::Assertion;
use crate::util::urls;

/// True when a response is an HTML page: by its content type, or, when that
/// says nothing useful, by how the body starts.
pub fn is_html(content_type: Option<&str>, body: &[u8]) -> bool {
    let ct = content_type.map(|c| c.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
    match ct.as_deref() {
        Some("text/html" | "application/xhtml+xml") => return true,
        Some(c) if c.contains("json") || c.starts_with("image/") => return false,
        _ => {}
    }
    let head = &body[..body.len().min(1024)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start().to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<!--", "<meta", "<title"].iter().any(|p| text.starts_with(p))
}

/// The `href` of the first `<link rel="alternate" type="application/ld+json">`
/// (or `application/json`) of a page, with character references decoded.
pub fn alternate_json_link(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut pos = 0;
    while let Some(offset) = lower[pos..].find('<') {
        let start = pos + offset;
        let rest = &lower[start..];
        if rest.starts_with("<!--") {
            pos = rest.find("-->").map_or(lower.len(), |e| start + e + 3);
            continue;
        }
        let name_len = rest[1..].find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len() - 1);
        let name = &rest[1..1 + name_len];
        if name.is_empty() && !rest[1..].starts_with(['!', '/', '?']) {
            // A `<` in text (`a < b`), not a tag.
            pos = start + 1;
            continue;
        }
        let (attrs, end) = attributes(html, start + 1 + name_len);
        pos = end;
        match name {
            // Their contents are text, not tags.
            "script" | "style" => {
                let close = format!("</{name}");
                pos = lower[pos..].find(&close).map_or(lower.len(), |e| pos + e);
            }
            "link" => {
                let get = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
                let rel = get("rel").unwrap_or("");
                let is_alternate = rel.split_ascii_whitespace().any(|t| t.eq_ignore_ascii_case("alternate"));
                let kind = get("type").unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase();
                let href = get("href").map(str::trim).unwrap_or("");
                if is_alternate && (kind == "application/ld+json" || kind == "application/json") && !href.is_empty() {
                    return Some(href.to_string());
                }
            }
            _ => {}
        }
    }
    None
}

/// The attributes of the tag whose name ends at `from` (names lower-cased,
/// values decoded), and where the tag ends.
fn attributes(html: &str, from: usize) -> (Vec<(String, String)>, usize) {
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    let mut i = from;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (attrs, bytes.len());
        }
        if bytes[i] == b'>' {
            return (attrs, i + 1);
        }
        let name_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !b"=>/".contains(&bytes[i]) {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let value_start = i + 1;
                let value_end =
                    bytes[value_start..].iter().position(|&b| b == quote).map_or(bytes.len(), |e| value_start + e);
                value = decode_references(&html[value_start..value_end]);
                i = (value_end + 1).min(bytes.len());
            } else {
                let value_start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = decode_references(&html[value_start..i]);
            }
        }
        if !name.is_empty() {
            attrs.push((name, value));
        }
    }
}

/// Decodes the character references an attribute value may carry: the
/// numeric ones and the few named ones that occur in URLs.
fn decode_references(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let entity = &rest[1..semi];
            let c = match entity {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => entity.strip_prefix('#').and_then(|n| {
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => n.parse().ok(),
                    };
                    code.and_then(char::from_u32)
                }),
            };
            c.map(|c| (c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `href` resolved against the page's URL; only an http(s) result is followed.
pub fn resolve(page_url: &str, href: &str) -> Result<String, String> {
    let base = url::Url::parse(page_url).map_err(|e| format!("the page URL {page_url} cannot be parsed: {e}"))?;
    let target = base.join(href).map_err(|e| format!("the page's JSON link `{href}` is not a URL: {e}"))?;
    match target.scheme() {
        "http" | "https" => Ok(target.to_string()),
        other => Err(format!("the page's JSON link `{href}` is a {other}: URL; only http(s) links are followed")),
    }
}

/// The page a verifier was given, held against the award it names: is it
/// the issuer's own page for the award (the assertion's `url`), and does an
/// accolade page show the name the award carries? A copy elsewhere, or one
/// with another name, must not borrow the genuine award's verdict.
pub fn compare(address: &str, html: &str, award: &Assertion) -> Vec<Check> {
    let mut checks = Vec::new();
    let genuine = award.extra.get("url").and_then(|u| u.as_str()).filter(|u| urls::is_web_url(u));
    if let Some(genuine) = genuine {
        let same = page_address(address) == page_address(genuine);
        checks.push(Check {
            name: PAGE_ADDRESS,
            label: "The page given is the issuer's own page for this award",
            outcome: if same { Outcome::Pass } else { Outcome::Fail },
            detail: (!same).then(|| format!("it is at {address}; the issuer's page is {genuine}")),
        });
    }
    // Only an accolade page marks what it shows; other pages are not read.
    if html.contains("data-shown=") {
        let shown = shown_text(html, "recipient");
        let hosted = award.recipient_name().map(str::to_string);
        let same = squeeze(shown.as_deref()) == squeeze(hosted.as_deref());
        checks.push(Check {
            name: PAGE_NAME,
            label: "The page given shows the name the award carries",
            outcome: if same { Outcome::Pass } else { Outcome::Fail },
            detail: (!same).then(|| match (&shown, &hosted) {
                (Some(s), Some(h)) => format!("the page says {s}, the award is to {h}"),
                (Some(s), None) => format!("the page says {s}, the award names nobody"),
                (None, Some(h)) => format!("the award is to {h}, the page does not say so"),
                (None, None) => String::new(),
            }),
        });
    }
    checks
}

/// The check names of `compare`, for the headline.
pub const PAGE_ADDRESS: &str = "page.address";
pub const PAGE_NAME: &str = "page.name";

/// Scheme, host with port, and path; `/x/index.html` is the page `/x/`.
fn page_address(url: &str) -> Option<String> {
    let p = urls::parse(url)?;
    let path = p.path.strip_suffix("index.html").unwrap_or(p.path);
    Some(format!(
        "{}://{}{}",
        p.scheme.to_ascii_lowercase(),
        p.host_and_port(),
        if path.is_empty() { "/" } else { path }
    ))
}

fn squeeze(s: Option<&str>) -> String {
    s.unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of the element an accolade page marks `data-shown="<what>"`.
fn shown_text(html: &str, what: &str) -> Option<String> {
    let marker = format!("data-shown=\"{what}\"");
    let at = html.find(&marker)?;
    let start = at + html[at..].find('>')? + 1;
    let end = start + html[start..].find('<')?;
    Some(decode_references(&html[start..end]).trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_link_in_any_attribute_order_quoting_and_case() {
        let cases = [
            r#"<link rel="alternate" type="application/ld+json" href="https://x.org/a.json">"#,
            r#"<LINK HREF='https://x.org/a.json' TYPE='application/ld+json' REL='alternate'>"#,
            r#"<link href=https://x.org/a.json rel=alternate type=application/ld+json />"#,
            r#"<link type="application/ld+json; charset=utf-8" rel="foo Alternate bar" href="https://x.org/a.json"/>"#,
            "<link\n  rel=\"alternate\"\n  type=\"application/json\"\n  href=\" https://x.org/a.json \">",
        ];
        for html in cases {
            let page = format!("<!doctype html><html><head><title>t</title>{html}</head><body></body></html>");
            assert_eq!(alternate_json_link(&page).as_deref(), Some("https://x.org/a.json"), "{html}");
        }
    }

    #[test]
    fn skips_other_links_comments_and_scripts() {
        let page = r#"<head>
            <link rel="alternate" type="application/atom+xml" href="feed.xml">
            <link rel="stylesheet" type="application/ld+json" href="not-this.json">
            <!-- <link rel="alternate" type="application/ld+json" href="commented.json"> -->
            <script>var s = '<link rel="alternate" type="application/ld+json" href="script.json">';</script>
            <link rel="alternate" type="application/ld+json" href="">
            <link rel="alternate" type="application/ld+json" href="a.json?x=1&amp;y=&#50;">
        </head>"#;
        assert_eq!(alternate_json_link(page).as_deref(), Some("a.json?x=1&y=2"));
        assert_eq!(alternate_json_link("<html><head><title>no link</title></head></html>"), None);
        assert_eq!(
            alternate_json_link("<link rel=\"alternate\" type=\"application/ld+json\" href=\"x"),
            Some("x".into())
        );
        assert_eq!(alternate_json_link("<"), None);
        let text_lt = r#"<title>a < b</title><link rel="alternate" type="application/ld+json" href="t.json">"#;
        assert_eq!(alternate_json_link(text_lt).as_deref(), Some("t.json"));
        assert_eq!(alternate_json_link("<link"), None);
        assert_eq!(alternate_json_link("<!-- unclosed"), None);
    }

    #[test]
    fn decodes_references_it_knows_and_keeps_the_rest() {
        assert_eq!(decode_references("a&amp;b&#x41;&#66;&unknown;&"), "a&bAB&unknown;&");
        assert_eq!(decode_references("&#xFFFFFFFF;"), "&#xFFFFFFFF;");
    }

    #[test]
    fn tells_html_from_json() {
        assert!(is_html(Some("text/html; charset=utf-8"), b"{}"));
        assert!(!is_html(Some("application/ld+json"), b"<!doctype html>"));
        assert!(is_html(None, b"\xef\xbb\xbf  <!DOCTYPE html><html>"));
        assert!(is_html(Some("text/plain"), b"<html lang=en>"));
        assert!(!is_html(Some("text/plain"), b"{\"id\": 1}"));
        assert!(!is_html(None, b""));
    }

    #[test]
    fn resolves_relative_links_and_refuses_other_schemes() {
        let page = "http://127.0.0.1:8000/badges/assertions/k7m2/";
        assert_eq!(resolve(page, "../k7m2.json").unwrap(), "http://127.0.0.1:8000/badges/assertions/k7m2.json");
        assert_eq!(resolve(page, "/x.json").unwrap(), "http://127.0.0.1:8000/x.json");
        assert_eq!(resolve(page, "https://o.org/a.json").unwrap(), "https://o.org/a.json");
        assert!(resolve(page, "file:///etc/passwd").unwrap_err().contains("only http(s)"));
        assert!(resolve(page, "javascript:alert(1)").is_err());
    }
}
