//! The `forms` fixture uses every form of OB 2.0 JSON the specification
//! allows (embedded badge and issuer, `verify`, single evidence values,
//! criteria as a URL, image objects and data URIs, externally hosted objects)
//! and the site features the example leaves off.

use crate::common::*;
use serde_json::Value;

fn read(out: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn every_form_loads_and_renders() {
    let (site, _tmp, out) = build(&repo().join("tests/fixtures/forms"), None);
    assert_eq!(site.library.awards.len(), 3);
    assert_eq!(site.library.badges.len(), 3, "forms, partner, and inline (embedded in an award)");
    assert_eq!(site.library.issuers.len(), 2, "the site's and the partner's (embedded in a badge)");

    // An embedded badge with a hosted id that no file defines is hosted from the embedding.
    let inline: Value = serde_json::from_str(&read(&out, "badges/inline.json")).unwrap();
    assert_eq!(inline["@context"], "https://w3id.org/openbadges/v2");
    assert_eq!(inline["name"], "Inline");
    assert!(out.join("badges/inline/index.html").is_file());

    // An embedded copy of a badge that has its own file links to the file's version.
    let a1 = read(&out, "assertions/a1/index.html");
    assert!(a1.contains("<h1 data-shown=\"badge\">Forms</h1>"));
    assert!(a1.contains("href=\"https://evidence.example.org/a1\""), "evidence as a bare URL");
    assert!(a1.contains("href=\"https://criteria.example.org/forms\""), "criteria as a URL");
    assert!(
        a1.contains("<time datetime=\"2026-05-01T10:00:00Z\" data-shown=\"issuedOn\">1 May 2026</time>"),
        "offset dates shown in UTC"
    );

    // Markdown keeps safe links and drops javascript: ones.
    let a2 = read(&out, "assertions/a2/index.html");
    assert!(a2.contains("<a href=\"https://x.example.org\">a link</a>"));
    assert!(!a2.contains("javascript:"));

    // Externally hosted objects get pages but are never re-hosted.
    let partner = read(&out, "assertions/partner-award/index.html");
    assert!(partner.contains("hosted by the issuer"));
    assert!(partner.contains("href=\"https://partner.example.net/awards/1.json\""));
    for f in files(&out) {
        assert!(!f.contains("partner.json") && !f.starts_with("awards/"), "{f} re-hosts a partner object");
    }
    let partner_badge = read(&out, "badges/partner/index.html");
    assert!(partner_badge.contains("src=\"data:image/png;base64,"), "data URI images are shown");
    assert!(
        files(&out).iter().any(|f| f.starts_with("issuers/x-") && f.ends_with("/index.html")),
        "embedded issuer page"
    );

    // Image captions are the alt text.
    assert!(read(&out, "badges/forms/index.html").contains("alt=\"A round blue badge with a check mark\""));
}

#[test]
fn text_from_badge_files_is_escaped() {
    let (_site, _tmp, out) = build(&repo().join("tests/fixtures/forms"), None);
    for f in files(&out).iter().filter(|f| f.ends_with(".html")) {
        let html = read(&out, f);
        assert!(!html.contains("<script>") && !html.contains("alert(1)</script>"), "{f}");
    }
    let a1 = read(&out, "assertions/a1/index.html");
    assert!(a1.contains("Ada &lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn site_features() {
    let (_site, _tmp, out) = build(&repo().join("tests/fixtures/forms"), None);
    assert_eq!(read(&out, "CNAME"), "badges.forms.example.org\n");
    assert_eq!(read(&out, "humans.txt"), "Forms & Co\n", "static/ is copied as it is");
    // A site template extends the built-in one and changes one block.
    assert!(read(&out, "assertions/a1/index.html").contains("<title>Custom award title: "));
    // list_earners is off: no names in lists, only counts.
    let badge = read(&out, "badges/forms/index.html");
    assert!(!badge.contains("Ada"), "earner name listed although list_earners is off");
    assert!(badge.contains("Awarded 1 time."));
    assert!(!read(&out, "index.html").contains("Ada"));
    let feed = read(&out, "feed.xml");
    assert!(feed.contains("<title>Forms awarded</title>"), "{feed}");
    assert!(!feed.contains("Ada"), "earner name in the feed although list_earners is off");
}
