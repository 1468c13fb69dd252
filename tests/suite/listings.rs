//! Large listings: a badge class's earners split over pages that link to
//! each other, the gallery and the feed of fixed size, and the sitemap split
//! under an index above its limit. The site is the example site with one
//! badge class given many awards, generated here from one of its own.

use crate::common::*;
use std::collections::BTreeMap;
use std::path::Path;

const EARNERS: usize = 120;
const UNLISTED_EVERY: usize = 10;
const PER_PAGE: usize = 25;
const SITEMAP_URLS: usize = 40;
const BADGE_PAGE: &str = "badges/m1-floating-point/";

/// The example site with `EARNERS` more awards of its first badge class
/// (every `UNLISTED_EVERY`th marked unlisted), `PER_PAGE` earners a page and
/// `SITEMAP_URLS` URLs a sitemap file.
fn many_earners_site(dir: &Path) {
    copy_tree(&example_site(), dir);
    let template: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("assertions/nguyen-thi-mai-m1.json")).unwrap()).unwrap();
    for i in 0..EARNERS {
        let mut award = template.clone();
        award["id"] = format!("https://open-numerics.github.io/badges/assertions/many/{i:03}.json").into();
        award["extensions:recipientProfile"]["name"] = format!("Earner {i:03}").into();
        // Newest first by number, all newer than the example's own awards,
        // so that the unlisted award 000 would top every list it got into.
        award["issuedOn"] = format!("2026-11-{:02}T{:02}:00:00Z", 25 - i / 24, 23 - i % 24).into();
        if i % UNLISTED_EVERY == 0 {
            award["accolade:unlisted"] = true.into();
        }
        let file = dir.join(format!("assertions/many/{i:03}.json"));
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, serde_json::to_string_pretty(&award).unwrap()).unwrap();
    }
    let mut config = std::fs::read_to_string(dir.join("accolade.toml")).unwrap();
    assert!(config.trim_end().ends_with("list_earners = true"), "the example's config ends in [gallery]");
    config.push_str(&format!("earners_per_page = {PER_PAGE}\n\n[sitemap]\nurls_per_file = {SITEMAP_URLS}\n"));
    std::fs::write(dir.join("accolade.toml"), config).unwrap();
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The `href` of the `<a>` or `<link>` with `rel="…"`, if any.
fn rel_link(html: &str, rel: &str) -> Vec<String> {
    let needle = format!("rel=\"{rel}\"");
    html.split('<')
        .filter(|tag| tag.contains(&needle))
        .filter_map(|tag| attr_values(&format!("<{tag}"), "href").into_iter().next())
        .collect()
}

/// Resolves a relative link from the page folder `from` (`a/b/`) to a page folder.
fn resolve(from: &str, href: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "" | "." => {}
            s => parts.push(s),
        }
    }
    parts.iter().map(|p| format!("{p}/")).collect()
}

#[test]
fn many_earners_are_paginated_listed_once_and_indexed() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    many_earners_site(&site);
    let (built, _out_tmp, out) = build(&site, None);

    // The badge class's earner list: pages 1 … N, linked both ways.
    let listed = EARNERS - EARNERS.div_ceil(UNLISTED_EVERY) + 1; // + the example's own award of m1
    let expected_pages = listed.div_ceil(PER_PAGE);
    assert!(expected_pages >= 3, "the test needs a middle page");
    let mut page = BADGE_PAGE.to_string();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut count = 0;
    let mut prev: Option<String> = None;
    loop {
        count += 1;
        let html = read(&out, &format!("{page}index.html"));
        assert!(html.contains(&format!("Page {count} of {expected_pages}")), "{page}");
        for href in attr_values(&html, "href").iter().filter(|h| h.contains("assertions/")) {
            if !href.ends_with(".json") {
                *seen.entry(resolve(&page, href)).or_default() += 1;
            }
        }
        let prevs = rel_link(&html, "prev");
        match &prev {
            // One in <head>, one in the pager; both to the page before.
            Some(p) => assert_eq!(prevs.iter().map(|h| resolve(&page, h)).collect::<Vec<_>>(), [p.clone(), p.clone()]),
            None => assert!(prevs.is_empty(), "the first page has no previous page"),
        }
        let nexts = rel_link(&html, "next");
        let Some(next) = nexts.first() else { break };
        assert_eq!(nexts.len(), 2, "{page}: next in <head> and in the pager");
        prev = Some(page.clone());
        page = resolve(&page, next);
        assert_eq!(page, format!("{BADGE_PAGE}page/{}/", count + 1), "the path scheme of layout::list_page");
        assert!(count < 100, "the next links loop");
    }
    assert_eq!(count, expected_pages);
    assert!(!out.join(format!("{BADGE_PAGE}page/{}/index.html", count + 1)).exists());
    assert!(!out.join(format!("{BADGE_PAGE}page/1/index.html")).exists(), "page 1 is the badge page itself");
    // Every listed earner exactly once; unlisted ones nowhere in a list.
    let generated: Vec<_> = seen.keys().filter(|p| p.contains("/many/")).cloned().collect();
    assert_eq!(generated.len(), EARNERS - EARNERS.div_ceil(UNLISTED_EVERY));
    assert!(seen.values().all(|&n| n == 1), "an earner listed twice: {seen:?}");
    for i in (0..EARNERS).step_by(UNLISTED_EVERY) {
        assert!(!seen.contains_key(&format!("assertions/many/{i:03}/")), "unlisted award {i} is listed");
    }
    // Later pages carry the list, not the badge's description again.
    let second = read(&out, &format!("{BADGE_PAGE}page/2/index.html"));
    assert!(read(&out, &format!("{BADGE_PAGE}index.html")).contains("id=\"criteria\""));
    assert!(!second.contains("id=\"criteria\""));
    assert!(second.contains(
        "<link rel=\"canonical\" href=\"https://open-numerics.github.io/badges/badges/m1-floating-point/page/2/\">"
    ));

    // The sitemap: an index of parts, every listed page once, no unlisted award.
    let index = read(&out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&index).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "sitemapindex");
    let parts: Vec<String> =
        doc.descendants().filter(|n| n.has_tag_name("loc")).map(|n| n.text().unwrap().into()).collect();
    let urls: Vec<String> = parts
        .iter()
        .flat_map(|part| {
            let rel = part.strip_prefix("https://open-numerics.github.io/badges/").unwrap();
            let text = read(&out, rel);
            let doc = roxmltree::Document::parse(&text).unwrap();
            assert_eq!(doc.root_element().tag_name().name(), "urlset");
            let urls: Vec<String> =
                doc.descendants().filter(|n| n.has_tag_name("loc")).map(|n| n.text().unwrap().into()).collect();
            assert!(urls.len() <= SITEMAP_URLS, "{rel} has {} URLs", urls.len());
            urls
        })
        .collect();
    assert_eq!(parts.len(), urls.len().div_ceil(SITEMAP_URLS));
    assert!(parts.len() >= 2);
    let unique: std::collections::BTreeSet<&String> = urls.iter().collect();
    assert_eq!(unique.len(), urls.len(), "a URL in two sitemap files");
    let page_url = |p: &str| format!("https://open-numerics.github.io/badges/{p}");
    assert!(urls.contains(&page_url(&format!("{BADGE_PAGE}page/{expected_pages}/"))));
    assert!(urls.contains(&page_url("assertions/many/001/")));
    assert!(!urls.contains(&page_url("assertions/many/000/")), "an unlisted award in the sitemap");
    assert!(read(&out, "robots.txt").contains("Sitemap: https://open-numerics.github.io/badges/sitemap.xml"));

    // The feed and the gallery stay the same size however many awards there are.
    let feed = read(&out, "feed.xml");
    assert_eq!(
        roxmltree::Document::parse(&feed).unwrap().descendants().filter(|n| n.has_tag_name("entry")).count(),
        50
    );
    let gallery = read(&out, "index.html");
    assert!(gallery.len() < 40 * 1024, "the gallery is {} bytes", gallery.len());
    assert!(gallery.contains("Earner 001"), "the newest listed award is in the gallery");
    assert!(!gallery.contains("Earner 000"), "an unlisted award in the gallery");
    assert!(feed.contains("many/001/") && !feed.contains("many/000/"), "an unlisted award in the feed");

    // The collision check planned every file the build wrote.
    let planned: std::collections::BTreeSet<String> =
        accolade::check::collisions::planned_outputs(&built.library, &built.config)
            .into_iter()
            .map(|c| c.path)
            .collect();
    for f in files(&out) {
        assert!(f == accolade::layout::OUTPUT_MARKER || planned.contains(&f), "{f} written but not planned");
    }
    // … so a site file at an earner page's path is refused.
    let clash = site.join(format!("static/{BADGE_PAGE}page/2/index.html"));
    std::fs::create_dir_all(clash.parent().unwrap()).unwrap();
    std::fs::write(&clash, "x").unwrap();
    let errors = match accolade::Site::load(&site, &accolade::Overrides::default()) {
        Ok(_) => panic!("a static file over an earner page loaded"),
        Err(e) => e.0,
    };
    assert!(
        errors
            .iter()
            .any(|p| p.code == "output.collision" && p.message.contains(&format!("{BADGE_PAGE}page/2/index.html"))),
        "{errors:?}"
    );
}
