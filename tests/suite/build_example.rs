//! Builds the example site and checks the output as a visitor and a
//! verifier would see it.

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

const BASE: &str = "https://open-numerics.github.io/badges/";

#[test]
fn every_award_has_a_page_and_hosted_json_that_link_each_other() {
    let (site, _tmp, out) = build(&example_site(), None);
    assert!(site.library.awards.len() >= 12);
    for award in &site.library.awards {
        let id = award.doc.data.id.as_deref().unwrap();
        let rel = id.strip_prefix(BASE).expect("example ids are hosted");
        let json: Value = serde_json::from_slice(&std::fs::read(out.join(rel)).unwrap()).unwrap();
        assert_eq!(json["id"], id, "the JSON at {rel} declares its own URL as id");
        assert_eq!(json["@context"], "https://w3id.org/openbadges/v2");
        let page_dir = rel.strip_suffix(".json").unwrap();
        if award.revoked.is_none() {
            assert_eq!(json["url"], format!("{BASE}{page_dir}/"), "the JSON links its page");
        }
        let html = std::fs::read_to_string(out.join(page_dir).join("index.html")).unwrap();
        let page_url = format!("{BASE}{page_dir}/");
        // The page links its JSON (alternate) and the JSON's id leads back to the page's folder.
        assert!(
            html.contains(&format!("<link rel=\"alternate\" type=\"application/ld+json\" href=\"{id}\">")),
            "{rel}"
        );
        // The browser draws the QR code of the page's own address (tests/browser
        // decodes it); the page carries the address, not the image.
        if award.revoked.is_none() {
            assert!(html.contains(&format!("<input id=\"copy-page\" type=\"text\" readonly value=\"{page_url}\">")));
        }
        assert!(!out.join(page_dir).join("qr.svg").exists(), "no QR code file");
    }
}

#[test]
fn every_internal_link_resolves() {
    let (_site, _tmp, out) = build(&example_site(), None);
    let mut checked = 0;
    for file in files(&out).iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(out.join(file)).unwrap();
        let dir = Path::new(file).parent().unwrap_or(Path::new(""));
        for link in attr_values(&html, "href").into_iter().chain(attr_values(&html, "src")) {
            // An inline image (the QR code) carries its own bytes.
            if link.starts_with("data:image/png;base64,") {
                continue;
            }
            if link.starts_with("https://") || link.starts_with("http://") || link.starts_with("mailto:") {
                if let Some(rel) = link.strip_prefix(BASE) {
                    assert_target(&out, Path::new(""), rel, file, &link);
                    checked += 1;
                }
                continue;
            }
            if let Some(fragment) = link.strip_prefix('#') {
                assert!(html.contains(&format!("id=\"{fragment}\"")), "{file}: anchor {link} missing");
            } else if file == "404.html" {
                // Served at any depth, so its links are absolute paths.
                let rel = link
                    .strip_prefix("/badges/")
                    .unwrap_or_else(|| panic!("404 link {link} is not under the base path"));
                assert_target(&out, Path::new(""), rel, file, &link);
            } else {
                assert!(!link.starts_with('/'), "{file}: root-relative link {link} breaks under a base path");
                assert_target(&out, dir, &link, file, &link);
            }
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} links checked");
}

fn assert_target(out: &Path, dir: &Path, link: &str, file: &str, original: &str) {
    let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
    let mut target = out.join(dir);
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => assert!(target.pop() && target.starts_with(out), "{file}: {original} leaves the site"),
            s => target.push(s),
        }
    }
    if path.is_empty() || path.ends_with('/') {
        target.push("index.html");
    }
    assert!(target.is_file(), "{file}: link {original} -> {} does not exist", target.display());
    if !fragment.is_empty() {
        let html = std::fs::read_to_string(&target).unwrap();
        assert!(
            html.contains(&format!("id=\"{fragment}\"")),
            "{file}: anchor #{fragment} missing in {}",
            target.display()
        );
    }
}

#[test]
fn no_recipient_email_anywhere_in_the_output() {
    let (_site, _tmp, out) = build(&example_site(), None);
    let recipients: BTreeMap<String, String> =
        serde_json::from_slice(&std::fs::read(example_site().join("recipients.json")).unwrap()).unwrap();
    assert!(recipients.len() >= 12);
    for file in files(&out) {
        let bytes = std::fs::read(out.join(&file)).unwrap();
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for email in recipients.values() {
            assert!(!text.contains(&email.to_lowercase()), "{file} contains {email}");
        }
        assert!(!file.contains("recipients"), "{file} published");
        // Zoë's graded exam script is evidence marked `accolade:private`.
        assert!(!text.contains("numerics-grading") && !text.contains("graded exam script"), "{file}");
    }
    // The same audit the hostile-input corpus runs: every page parsed, no
    // script but the site's own, a CSP everywhere, every XML file well-formed.
    let secrets: Vec<String> = recipients.values().cloned().collect();
    let findings = crate::common::audit::audit(&out, &secrets);
    assert!(findings.is_empty(), "{}", findings.join("\n"));
}

#[test]
fn base_url_override_reroots_every_id_and_url() {
    let local = "http://127.0.0.1:8123/";
    let (site, _tmp, out) = build(&example_site(), Some(local));
    let mut ids = 0;
    for file in files(&out) {
        let text = std::fs::read_to_string(out.join(&file)).unwrap_or_default();
        assert!(!text.contains("open-numerics.github.io/badges"), "{file} still names the production base_url");
        // The DID document's id is the site's DID, made from the local URL.
        if file.ends_with("did.json") {
            let v: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(v["id"], "did:web:127.0.0.1%3A8123", "{file}");
        } else if file.ends_with(".json")
            && !file.starts_with("extensions/")
            && !file.ends_with("verification.json")
            && file != "search.json"
        {
            let v: Value = serde_json::from_str(&text).unwrap();
            let id = v["id"].as_str().unwrap();
            assert_eq!(id, format!("{local}{file}"), "{file}");
            ids += 1;
        }
    }
    // Awards, credentials, badge classes, issuers, the revocation list and the status list.
    let objects = site.library.awards.len() + site.library.credentials.len() + site.library.badges.len();
    assert_eq!(ids, objects + site.library.issuers.len() + 2);
    let award = &site.library.awards[0];
    let html = std::fs::read_to_string(out.join(&award.place.page).join("index.html")).unwrap();
    let page_url = format!("{local}{}", award.place.page);
    assert!(
        html.contains(&format!("<input id=\"copy-page\" type=\"text\" readonly value=\"{page_url}\">")),
        "the QR code's address"
    );
    let ctx: Value =
        serde_json::from_slice(&std::fs::read(out.join("extensions/recipientProfile/context.json")).unwrap()).unwrap();
    assert_eq!(
        ctx["obi:validation"][0]["obi:validationSchema"],
        format!("{local}extensions/recipientProfile/schema.json")
    );
}

#[test]
fn revoked_and_expired_awards() {
    let (site, _tmp, out) = build(&example_site(), None);
    let revoked: Vec<_> = site.library.awards.iter().filter(|a| a.revoked.is_some()).collect();
    assert_eq!(revoked.len(), 1);
    let r = revoked[0];
    let stub: Value =
        serde_json::from_slice(&std::fs::read(out.join(r.place.json.as_ref().unwrap())).unwrap()).unwrap();
    let keys: Vec<&str> = stub.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["@context", "id", "type", "revoked", "revocationReason"]);
    assert_eq!(stub["revoked"], true);
    let html = std::fs::read_to_string(out.join(&r.place.page).join("index.html")).unwrap();
    assert!(
        html.contains("<strong>Revoked.</strong> The issuer revoked this award on 5 October 2026 because:"),
        "{html}"
    );
    assert!(!html.contains("class=\"qr\""), "no share section on a revoked award");

    let expired: Vec<_> = site.library.awards.iter().filter(|a| a.is_expired(site.now)).collect();
    assert_eq!(expired.len(), 1);
    let html = std::fs::read_to_string(out.join(&expired[0].place.page).join("index.html")).unwrap();
    assert!(html.contains(
        "<strong>Expired.</strong> This award expired on <time datetime=\"2026-03-02T10:00:00Z\">2 March 2026</time>"
    ));
    assert!(site.problems.iter().any(|p| p.code == "award.expired"), "expiry is a warning");

    let list: Value = serde_json::from_slice(&std::fs::read(out.join("revocations.json")).unwrap()).unwrap();
    assert_eq!(list["revokedAssertions"].as_array().unwrap().len(), 2, "a one-entry list gets a placeholder");
}

#[test]
fn gallery_badge_and_issuer_pages() {
    let (site, _tmp, out) = build(&example_site(), None);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    for badge in &site.library.badges {
        let name = badge.doc.data.name.as_deref().unwrap();
        assert!(index.contains(&tera_escape(name)), "gallery lists {name}");
        let page = std::fs::read_to_string(out.join(&badge.place.page).join("index.html")).unwrap();
        assert!(page.contains("id=\"criteria\""));
        assert!(page.contains("Aligned to"));
    }
    // list_earners is on in the example: names appear on badge pages, with non-ASCII intact.
    let m1 = std::fs::read_to_string(out.join("badges/m1-floating-point/index.html")).unwrap();
    assert!(m1.contains("Nguyễn Thị Mai"));
    assert!(
        !m1.contains("Søren Dahl</a> <time class=\"muted\" datetime=\"2026-09-18"),
        "revoked awards are not listed"
    );
    for f in
        ["404.html", "sitemap.xml", "robots.txt", ".nojekyll", "assets/site.css", "issuers/open-numerics/index.html"]
    {
        assert!(out.join(f).is_file(), "{f}");
    }
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    let feed_doc = roxmltree::Document::parse(&feed).expect("feed.xml is well-formed XML");
    let entries: Vec<_> = feed_doc.descendants().filter(|n| n.has_tag_name("entry")).collect();
    // 23 awards, one revoked: the feed lists the 22 others, newest first.
    assert_eq!(entries.len(), 22);
    let published: Vec<&str> = entries
        .iter()
        .map(|e| e.children().find(|c| c.has_tag_name("published")).and_then(|c| c.text()).unwrap())
        .collect();
    assert!(published.windows(2).all(|w| w[0] >= w[1]), "{published:?}");
    assert!(feed.contains("<title>Chidera Nwosu earned Floating-Point Arithmetic</title>"), "names with list_earners");
    assert!(!feed.contains("@example."), "no recipient email in the feed");
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert_eq!(
        sitemap.matches("<loc>").count(),
        2 + site.library.issuers.len()
            + site.library.badges.len()
            + site.library.awards.len()
            + site.library.credentials.len()
    );
    // Every page carries a Content-Security-Policy and loads nothing from elsewhere.
    for file in files(&out).iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(html.contains("http-equiv=\"Content-Security-Policy\""), "{file}");
        for src in attr_values(&html, "src") {
            assert!(!src.starts_with("http"), "{file} loads {src}");
        }
        // The only scripts are the site's own verifier and, on the home page,
        // its search, loaded from files (no inline code).
        for tag in html.split("<script").skip(1) {
            let tag = tag.split("</script>").next().unwrap();
            // A JSON-LD data block is not run; it must still not be able to end its element.
            if let Some(data) = tag.strip_prefix(" type=\"application/ld+json\">") {
                assert!(!data.contains('<'), "{file}");
                serde_json::from_str::<Value>(data).unwrap();
                continue;
            }
            assert!(
                tag.starts_with(" src=\"")
                    && (tag.ends_with("assets/verify.js\" defer>")
                        || tag.ends_with("assets/award.js\" defer>")
                        || (file == "index.html" && tag.ends_with("assets/search.js\" defer>"))),
                "{file}: <script{tag}"
            );
        }
        assert!(!has_event_handler(&html), "{file} has an inline event handler");
    }
}

fn tera_escape(s: &str) -> String {
    accolade::util::html::escape_html(s)
}

#[test]
fn the_cli_builds_and_checks() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let bin = env!("CARGO_BIN_EXE_accolade");
    let status = std::process::Command::new(bin)
        .args(["build", example_site().to_str().unwrap(), "--output", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    assert!(String::from_utf8_lossy(&status.stderr).contains("built 23 awards"));
    let check = std::process::Command::new(bin)
        .args(["check", example_site().to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert!(check.status.success());
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(report["ok"], true);
    assert_eq!(report["errors"], 0);
    let codes: Vec<&str> = report["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["share.linkedin", "award.expired"]);
}

#[test]
fn revocation_list_is_made_when_the_issuer_names_one_without_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let site_dir = tmp.path().join("site");
    copy_tree(&example_site(), &site_dir);
    std::fs::remove_file(site_dir.join("revocations.json")).unwrap();
    let award = site_dir.join("assertions/hana-kobayashi-m1.json");
    let mut v: Value = serde_json::from_slice(&std::fs::read(&award).unwrap()).unwrap();
    v["revoked"] = Value::Bool(true);
    v["revocationReason"] = Value::String("Issued by mistake.".into());
    std::fs::write(&award, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let (site, _tmp2, out) = build(&site_dir, None);
    assert_eq!(
        site.library.awards.iter().filter(|a| a.revoked.is_some()).count(),
        1,
        "only the revoked: true award now"
    );
    let list: Value = serde_json::from_slice(&std::fs::read(out.join("revocations.json")).unwrap()).unwrap();
    assert_eq!(list["type"], "RevocationList");
    assert_eq!(list["id"], format!("{BASE}revocations.json"));
    assert_eq!(list["issuer"], format!("{BASE}issuers/open-numerics.json"));
    let entries = list["revokedAssertions"].as_array().unwrap();
    assert_eq!(entries[0], serde_json::json!({"id": v["id"], "revocationReason": "Issued by mistake."}));
    assert_eq!(entries[1], "urn:uuid:00000000-0000-4000-8000-000000000000");
    let stub: Value = serde_json::from_slice(
        &std::fs::read(out.join(v["id"].as_str().unwrap().strip_prefix(BASE).unwrap())).unwrap(),
    )
    .unwrap();
    assert_eq!(stub["revoked"], true);
    assert!(stub.get("recipient").is_none(), "the revoked stub keeps no recipient");
}

/// An `on…=` attribute anywhere in a tag.
fn has_event_handler(html: &str) -> bool {
    html.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("")).any(|tag| {
        tag.split_whitespace().skip(1).any(|attr| {
            let name = attr.split('=').next().unwrap_or("");
            attr.contains('=')
                && name.len() > 2
                && name.starts_with("on")
                && name.chars().all(|c| c.is_ascii_alphabetic())
        })
    })
}

#[test]
fn event_handler_detector() {
    assert!(has_event_handler("<img src=x onerror=alert(1)>"));
    assert!(has_event_handler("<a href=\"#\" onclick=\"x\">"));
    assert!(!has_event_handler("<p>one=two</p><a href=\"x\">"));
}

/// The site report's counts are its awards' verdicts counted, and the
/// example's expired and revoked awards are counted as such.
#[test]
fn the_site_reports_counts_are_its_awards_verdicts() {
    let (_site, _tmp, out) = build(&example_site(), None);
    let report: Value = serde_json::from_slice(&std::fs::read(out.join("verification.json")).unwrap()).unwrap();
    let mut counted = serde_json::Map::new();
    for entry in report["awards"].as_array().unwrap() {
        let verdict = entry["verdict"].as_str().unwrap().to_string();
        let n = counted.get(&verdict).and_then(Value::as_u64).unwrap_or(0);
        counted.insert(verdict, Value::from(n + 1));
    }
    counted.sort_keys();
    assert_eq!(report["verdicts"], Value::Object(counted));
    assert_eq!(report["verdicts"]["expired"], 1);
    assert_eq!(report["verdicts"]["revoked"], 1);
}

#[test]
fn award_reports_are_in_the_site_report_and_in_files_only_when_asked() {
    let (site, _tmp, out) = build(&example_site(), None);
    let report: Value = serde_json::from_slice(&std::fs::read(out.join("verification.json")).unwrap()).unwrap();
    let entries = report["awards"].as_array().unwrap();
    assert!(!entries.is_empty());
    assert!(entries.iter().all(|e| e.get("report").is_none()), "no per-award report to link");
    for award in &site.library.awards {
        assert!(!out.join(&award.place.page).join("verification.json").exists(), "{}", award.place.page);
    }
    let copy = tempfile::tempdir().unwrap();
    copy_tree(&example_site(), copy.path());
    let toml = copy.path().join("accolade.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}\n[per_award_files]\nreports = true\n")).unwrap();
    let (site, _tmp2, out) = build(copy.path(), None);
    let report: Value = serde_json::from_slice(&std::fs::read(out.join("verification.json")).unwrap()).unwrap();
    let entry = &report["awards"][0];
    let award = site.library.awards.iter().find(|a| a.doc.data.id.as_deref() == entry["id"].as_str()).unwrap();
    let own: Value =
        serde_json::from_slice(&std::fs::read(out.join(&award.place.page).join("verification.json")).unwrap()).unwrap();
    assert_eq!(own["id"], entry["id"]);
    assert_eq!(entry["report"].as_str().unwrap(), format!("{}verification.json", own["page"].as_str().unwrap()));
}
