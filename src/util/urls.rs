//! The few URL facts accolade needs, without a URL crate: scheme, authority,
//! host, and which links are safe to put in a page.

/// The parts of an absolute `scheme://authority/path?query#fragment` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts<'a> {
    pub scheme: &'a str,
    /// Host with port and user info, as the 1EdTech validator compares it.
    pub authority: &'a str,
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub fragment: Option<&'a str>,
}

/// Splits an absolute hierarchical URL (`http://host/...`); `None` for anything else.
pub fn parse(url: &str) -> Option<UrlParts<'_>> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    if scheme.is_empty()
        || !scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        || !scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return None;
    }
    let rest = url[colon + 1..].strip_prefix("//")?;
    let (rest, fragment) = match rest.split_once('#') {
        Some((a, f)) => (a, Some(f)),
        None => (rest, None),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (rest, None),
    };
    let slash = rest.find('/').unwrap_or(rest.len());
    let authority = &rest[..slash];
    if authority.is_empty() {
        return None;
    }
    Some(UrlParts { scheme, authority, path: &rest[slash..], query, fragment })
}

impl UrlParts<'_> {
    /// The host and port without user info, lower-cased: what a browser's
    /// `URL.host` shows, and what tells a copy on another port apart.
    pub fn host_and_port(&self) -> String {
        self.authority.rsplit('@').next().unwrap_or(self.authority).to_ascii_lowercase()
    }

    /// The host without user info or port, lower-cased.
    pub fn host(&self) -> String {
        let host = self.authority.rsplit('@').next().unwrap_or(self.authority);
        let host = if host.starts_with('[') {
            host.split(']').next().map(|h| format!("{h}]")).unwrap_or_default()
        } else {
            host.split(':').next().unwrap_or(host).to_string()
        };
        host.to_ascii_lowercase()
    }
}

/// True for `http:` and `https:` URLs with a host.
pub fn is_web_url(url: &str) -> bool {
    matches!(parse(url), Some(p) if p.scheme.eq_ignore_ascii_case("http") || p.scheme.eq_ignore_ascii_case("https"))
}

/// Whether a value meant as one web address is exactly one: an http(s) URL
/// with no spaces and no second URL run into it (`https://a/x, https://b`,
/// `https://a/xhttps://b`). A URL in a query value (`?to=https://b`) is
/// part of the first. The error says what is wrong, for a person.
pub fn one_web_url(value: &str) -> Result<(), String> {
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(if value.trim().contains(char::is_whitespace) {
            "contains spaces: it is not one URL (give each URL as its own evidence)".into()
        } else {
            "has spaces or control characters around it".into()
        });
    }
    let lower = value.to_ascii_lowercase();
    let second = lower.match_indices("://").skip(1).find(|(i, _)| {
        let scheme_start = lower[..*i].rfind(|c: char| !c.is_ascii_alphanumeric() && !"+-.".contains(c));
        scheme_start.is_none_or(|s| !lower[..=s].ends_with('='))
    });
    if second.is_some() {
        return Err("holds several URLs: give each URL as its own evidence".into());
    }
    if !is_web_url(value) {
        return Err("is not an http(s) URL".into());
    }
    Ok(())
}

/// The scheme of a URL-looking string, lower-cased, if it has one.
pub fn scheme_of(url: &str) -> Option<String> {
    let trimmed = url.trim_start_matches(|c: char| c.is_whitespace() || c.is_control());
    let colon = trimmed.find(':')?;
    let scheme = &trimmed[..colon];
    if !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) {
        Some(scheme.to_ascii_lowercase())
    } else {
        None
    }
}

/// A link target a visitor may follow: `http`, `https` or `mailto`. Anything
/// else (`javascript:`, `data:`, relative or protocol-relative paths) is refused,
/// because badge files come from many hands.
pub fn is_safe_link(url: &str) -> bool {
    if url != url.trim() || url.chars().any(|c| c.is_control()) {
        return false;
    }
    match scheme_of(url).as_deref() {
        Some("http") | Some("https") => is_web_url(url),
        Some("mailto") => url.len() > "mailto:".len(),
        _ => false,
    }
}

/// A `data:` URI of a PNG or SVG image, the only data URIs a badge image may be.
pub fn is_image_data_uri(url: &str) -> bool {
    let lower = url.get(..30).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("data:image/png") || lower.starts_with("data:image/svg+xml")
}

/// A `data:` URI of a bitmap image, which an SVG may embed: inert, unlike
/// an embedded SVG, which would need checking in turn.
pub fn is_raster_data_uri(url: &str) -> bool {
    let lower = url.get(..16).unwrap_or(url).to_ascii_lowercase();
    ["data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp"].iter().any(|p| lower.starts_with(p))
}

/// An IRI in the sense of the 1EdTech validator: http(s), `urn:uuid:` or a blank node.
pub fn is_iri(id: &str) -> bool {
    is_web_url(id) || id.starts_with("urn:uuid:") || id.starts_with("_:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_one_web_url() {
        for ok in ["https://a.org/x", "http://a.org/x?next=https://b.org/y", "https://a.org/x,y"] {
            assert_eq!(one_web_url(ok), Ok(()), "{ok}");
        }
        for bad in [
            "https://a/x, https://b",
            "https://a/x,https://b",
            "https://a/xhttps://b",
            "https://a/x;ftp://b",
            "https://a/x https://b",
            " https://a/x",
            "see https://a/x",
            "a/x",
            "ftp://a/x",
        ] {
            assert!(one_web_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_parts() {
        let p = parse("https://user@Example.org:8443/a/b.json?x=1#frag").unwrap();
        assert_eq!(p.scheme, "https");
        assert_eq!(p.authority, "user@Example.org:8443");
        assert_eq!(p.host(), "example.org");
        assert_eq!(p.path, "/a/b.json");
        assert_eq!(p.query, Some("x=1"));
        assert_eq!(p.fragment, Some("frag"));
        assert_eq!(parse("http://127.0.0.1:8000").unwrap().path, "");
        assert!(parse("urn:uuid:1234").is_none());
        assert!(parse("//evil.example/x").is_none());
        assert!(parse("http:///nohost").is_none());
    }

    #[test]
    fn safe_links() {
        for ok in ["https://github.com/a/b", "http://x.org", "mailto:a@b.org", "HTTPS://X.ORG/"] {
            assert!(is_safe_link(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
            "//evil.example/x",
            "/relative",
            "java\tscript:alert(1)",
            "https://x.org/\n",
            "mailto:",
            "",
        ] {
            assert!(!is_safe_link(bad), "{bad:?}");
        }
    }

    #[test]
    fn iris() {
        assert!(is_iri("urn:uuid:0b6f0b9e-1111-4222-8333-444455556666"));
        assert!(is_iri("https://a.org/x"));
        assert!(!is_iri("ftp://a.org/x"));
        assert!(!is_iri("a.json"));
    }
}
