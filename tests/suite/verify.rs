//! `accolade verify` and `accolade check --recipient` against the example
//! site served on 127.0.0.1.

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::process::{Command, Output};

fn accolade(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accolade")).args(args).output().unwrap()
}

fn recipients() -> BTreeMap<String, String> {
    serde_json::from_slice(&std::fs::read(example_site().join("recipients.json")).unwrap()).unwrap()
}

/// The hosted URL (under `base`) of an example assertion file.
fn url_of(base: &str, file: &str) -> String {
    let v: Value =
        serde_json::from_slice(&std::fs::read(example_site().join("assertions").join(file)).unwrap()).unwrap();
    v["id"].as_str().unwrap().replace("https://open-numerics.github.io/badges/", base)
}

fn verify_json(url: &str, email: &str) -> (bool, Value) {
    let out = accolade(&["verify", url, "--recipient", email, "--format", "json"]);
    (out.status.success(), serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn a_valid_award_verifies_with_its_recipient() {
    let (base, _tmp, _out) = serve_example();
    let email = &recipients()["zoe-muller-course.json"];
    let (ok, report) = verify_json(&url_of(&base, "zoe-muller-course.json"), email);
    assert!(ok, "{report:#}");
    assert_eq!(report["verdict"], "valid");
    assert_eq!(report["recipient"]["matches"], true);
    let checks = report["checks"].as_array().unwrap();
    assert_eq!(checks.len(), accolade::check::report::CHECKS.len());
    assert!(checks.iter().all(|c| c["outcome"] == "pass"), "{checks:#?}");

    // The email is trimmed and lower-cased before hashing.
    let (ok, report) = verify_json(&url_of(&base, "zoe-muller-course.json"), &format!("  {}  ", email.to_uppercase()));
    assert!(ok);
    assert_eq!(report["recipient"]["matches"], true);

    let (ok, report) = verify_json(&url_of(&base, "zoe-muller-course.json"), "someone.else@example.org");
    assert!(!ok, "a wrong recipient fails");
    assert_eq!(report["recipient"]["matches"], false);
}

#[test]
fn revoked_and_expired_awards_say_so() {
    let (base, _tmp, _out) = serve_example();
    let r = recipients();
    let (ok, report) = verify_json(&url_of(&base, "soren-dahl-m2.json"), &r["soren-dahl-m2.json"]);
    assert!(!ok);
    assert_eq!(report["verdict"], "revoked");
    let (ok, report) = verify_json(&url_of(&base, "jose-alvarez-m1.json"), &r["jose-alvarez-m1.json"]);
    assert!(!ok);
    assert_eq!(report["verdict"], "expired");
    let expiry = report["checks"].as_array().unwrap().iter().find(|c| c["name"] == "assertion.expiry").unwrap().clone();
    assert_eq!(expiry["outcome"], "fail");
    assert_eq!(expiry["detail"], "expired on 2 March 2026");
}

#[test]
fn text_report_and_a_local_file_as_input() {
    let (base, tmp, out) = serve_example();
    // A local copy of a hosted assertion only says where to look: its id.
    let local = tmp.path().join("copy.json");
    std::fs::copy(out.join(url_of(&base, "hana-kobayashi-m1.json").strip_prefix(&base).unwrap()), &local).unwrap();
    let run = accolade(&["verify", local.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{text}");
    assert!(text.contains("  pass  issuer.policy "), "{text}");
    assert!(text.trim_end().ends_with("verdict: valid"), "{text}");
}

#[test]
fn a_missing_award_is_invalid() {
    let (base, _tmp, _out) = serve_example();
    let run = accolade(&["verify", &format!("{base}assertions/nope.json")]);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("error[fetch]") && stderr.contains("the server answered 404"), "{stderr}");
}

#[test]
fn check_recipient_against_a_file() {
    let r = recipients();
    let file = example_site().join("assertions/amara-okafor-m1.json");
    let yes = accolade(&["check", "--recipient", &r["amara-okafor-m1.json"], file.to_str().unwrap()]);
    assert!(yes.status.success());
    assert!(String::from_utf8_lossy(&yes.stdout).starts_with("yes: amara.okafor@example.net is the recipient"));
    let no = accolade(&["check", "--recipient", "zoe@example.org", file.to_str().unwrap()]);
    assert_eq!(no.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&no.stdout).starts_with("no: zoe@example.org is not the recipient"));
    // Every example award's hash matches the email recipients.json gives.
    for (file, email) in &r {
        let path = example_site().join("assertions").join(file);
        let out = accolade(&["check", "--recipient", email, path.to_str().unwrap()]);
        assert!(out.status.success(), "{file}");
    }
}

/// A fetched award marked signed is refused like a site's own: its JSON
/// carries no signature to check, so it must never read as valid (issue 13;
/// the JWS of a signed badge is verified in `ob2_signed`).
#[test]
fn a_signed_award_does_not_verify() {
    let (base, _tmp, out) = serve_example();
    let url = url_of(&base, "zoe-muller-course.json");
    let hosted = out.join(url.strip_prefix(&base).unwrap());
    let mut v: Value = serde_json::from_slice(&std::fs::read(&hosted).unwrap()).unwrap();
    v["verification"] = serde_json::json!({"type": "SignedBadge", "creator": format!("{base}key.json")});
    std::fs::write(&hosted, serde_json::to_vec(&v).unwrap()).unwrap();
    let run = accolade(&["verify", &url]);
    let all = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    assert!(!run.status.success(), "{all}");
    assert!(all.contains("error[verification.signed]") && all.contains("carries no signature to check"), "{all}");
    assert!(!all.contains("verdict: valid"), "{all}");
}

/// The hosted JSON URL and the page URL (under `base`) of an example award.
fn urls_of(base: &str, file: &str) -> (String, String) {
    let json = url_of(base, file);
    let page = format!("{}/", json.strip_suffix(".json").unwrap());
    (json, page)
}

fn text(out: &Output) -> (String, String) {
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The headline's body for Amara's first award, served at `base`
/// (the host shown is the issuer's, with its port).
fn amara_m1(base: &str) -> String {
    let host = base.trim_start_matches("http://").trim_end_matches('/');
    format!("Floating-Point Arithmetic awarded to Amara Okafor by Open Numerics Academy ({host}) on 3 February 2026")
}

#[test]
fn a_page_url_verifies_its_hosted_json_and_says_who_and_what() {
    let (base, _tmp, out) = serve_example();
    let amara = amara_m1(&base);
    let (json, page) = urls_of(&base, "amara-okafor-m1.json");
    let run = accolade(&["verify", &page]);
    let (stdout, stderr) = text(&run);
    assert!(run.status.success(), "{stdout}{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], format!("Valid: {amara}, does not expire"));
    assert_eq!(lines[1], format!("  page:  {page}"));
    assert_eq!(lines[2], format!("  JSON:  {json}"));
    assert_eq!(lines.last().copied(), Some("verdict: valid"));

    let run = accolade(&["verify", &page, "--format", "json"]);
    assert!(run.status.success());
    let report: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(report["headline"], format!("Valid: {amara}, does not expire"));
    assert_eq!(report["page"], page.as_str());
    assert_eq!(report["url"], json.as_str());
    assert_eq!(report["verdict"], "valid");

    // The JSON URL itself: the same headline, no page.
    let run = accolade(&["verify", &json]);
    let (stdout, _) = text(&run);
    assert!(run.status.success());
    assert!(stdout.starts_with(&format!("Valid: {amara}, does not expire\n  JSON:  {json}\n")), "{stdout}");

    // The build shows the same sentence on the award's page.
    let html = std::fs::read_to_string(out.join(page.strip_prefix(&base).unwrap()).join("index.html")).unwrap();
    assert!(html.contains(&format!("<span class=\"headline\">Valid: {amara}, does not expire.</span>")), "{html}");
}

#[test]
fn a_page_link_is_found_in_any_attribute_order_and_a_page_without_one_is_refused() {
    let (base, _tmp, out) = serve_example();
    let (json, _) = urls_of(&base, "amara-okafor-m1.json");
    // `CODE.json`; the reordered page links it relative to its own URL.
    let file = json.rsplit('/').next().unwrap();
    let pages = [
        ("reordered", format!("<link href='../assertions/{file}' TYPE=application/ld+json rel=\"alternate foo\">")),
        ("tokens", format!("<link rel=\"foo  alternate\" href=\"{json}\" type=\"application/ld+json\" />")),
    ];
    for (dir, link) in &pages {
        std::fs::create_dir_all(out.join(dir)).unwrap();
        let html = format!("<!doctype html><html><head><title>x</title>{link}</head><body>a < b</body></html>");
        std::fs::write(out.join(dir).join("index.html"), html).unwrap();
    }
    for (dir, _) in &pages {
        let run = accolade(&["verify", &format!("{base}{dir}/"), "--format", "json"]);
        let report: Value = serde_json::from_slice(&run.stdout).unwrap();
        assert_eq!(report["url"], json.as_str(), "{dir}");
        assert_eq!(report["page"], format!("{base}{dir}/"), "{dir}");
        // The award it links is genuine, but this page is not the award's own.
        assert_eq!(run.status.code(), Some(1), "{dir}: {report:#}");
        assert_eq!(report["checks"][0]["name"], "page.address", "{dir}");
        assert_eq!(report["checks"][0]["outcome"], "fail", "{dir}");
        assert!(report["checks"].as_array().unwrap()[1..].iter().all(|c| c["outcome"] == "pass"), "{report:#}");
    }

    std::fs::create_dir_all(out.join("plain")).unwrap();
    std::fs::write(out.join("plain/index.html"), "<!doctype html><title>CV</title><p>My badges</p>").unwrap();
    let run = accolade(&["verify", &format!("{base}plain/")]);
    let (stdout, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(1));
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains(&format!("{base}plain/ is a web page that names no Open Badges data"))
            && stderr.contains("the URL of its hosted JSON"),
        "{stderr}"
    );
}

/// A forger copies a genuine award page elsewhere and changes the name: the
/// page links the genuine JSON, and the verdict says the page is a copy.
#[test]
fn a_copied_or_edited_page_is_not_valid_and_names_the_genuine_page() {
    let (base, _tmp, out) = serve_example();
    let (_, page) = urls_of(&base, "amara-okafor-m1.json");
    let genuine_file = out.join(page.strip_prefix(&base).unwrap()).join("index.html");
    let genuine = std::fs::read_to_string(&genuine_file).unwrap();
    let forged = genuine.replace("Amara Okafor", "Mallory Forger");
    std::fs::create_dir_all(out.join("copies/amara")).unwrap();
    std::fs::write(out.join("copies/amara/index.html"), &forged).unwrap();
    std::fs::create_dir_all(out.join("copies/faithful")).unwrap();
    std::fs::write(out.join("copies/faithful/index.html"), &genuine).unwrap();

    let run = accolade(&["verify", &format!("{base}copies/amara/")]);
    let (stdout, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(1), "{stdout}{stderr}");
    assert_eq!(
        stdout.lines().next(),
        Some(format!("Not valid: the page you gave is not the issuer's page for this award, and it shows a different name than the award; the issuer's page is {page}").as_str())
    );
    assert!(stdout.contains("the page says Mallory Forger, the award is to Amara Okafor"), "{stdout}");
    assert_eq!(stdout.lines().last(), Some("verdict: invalid"));

    let run = accolade(&["verify", &format!("{base}copies/faithful/")]);
    let (stdout, _) = text(&run);
    assert_eq!(run.status.code(), Some(1), "{stdout}");
    assert!(stdout.starts_with("Not valid: the page you gave is not the issuer's page for this award; "), "{stdout}");

    // The genuine address, edited in place: only the name gives it away.
    std::fs::write(&genuine_file, &forged).unwrap();
    let run = accolade(&["verify", &page]);
    let (stdout, _) = text(&run);
    assert_eq!(run.status.code(), Some(1), "{stdout}");
    assert!(stdout.starts_with("Not valid: the page you gave shows a different name than the award; "), "{stdout}");
    // Its `index.html` address is the same page.
    std::fs::write(&genuine_file, &genuine).unwrap();
    let run = accolade(&["verify", &format!("{page}index.html")]);
    assert!(run.status.success(), "{}", text(&run).0);
}

#[test]
fn a_wrong_recipient_is_never_a_valid_verdict_and_the_right_one_is_named() {
    let (base, _tmp, _out) = serve_example();
    let amara = amara_m1(&base);
    let (_, page) = urls_of(&base, "amara-okafor-m1.json");
    let run = accolade(&["verify", &page, "--recipient", "wrong@example.org"]);
    let (stdout, _) = text(&run);
    assert_eq!(run.status.code(), Some(1), "{stdout}");
    assert!(stdout.starts_with(&format!("Valid award, but not issued to wrong@example.org: {amara}\n")), "{stdout}");
    assert_eq!(stdout.lines().last(), Some("verdict: valid award, but not issued to that email"));
    assert!(!stdout.lines().any(|l| l == "verdict: valid"), "{stdout}");
    let (ok, report) = verify_json(&page, "wrong@example.org");
    assert!(!ok);
    assert_eq!(report["verdict"], "not_recipient");

    let email = &recipients()["amara-okafor-m1.json"];
    let run = accolade(&["verify", &page, "--recipient", &email.to_uppercase()]);
    let (stdout, _) = text(&run);
    assert!(run.status.success(), "{stdout}");
    assert_eq!(
        stdout.lines().next(),
        Some(format!("Valid: {amara}, does not expire; issued to {email} (checked against the salted hash)").as_str())
    );
    assert_eq!(stdout.lines().last(), Some("verdict: valid"));
}

#[test]
fn a_revoked_award_is_revoked_and_nothing_else() {
    let (base, _tmp, _out) = serve_example();
    let (json, page) = urls_of(&base, "soren-dahl-m2.json");
    for url in [&page, &json] {
        let run = accolade(&["verify", url]);
        let (stdout, stderr) = text(&run);
        assert_eq!(run.status.code(), Some(1), "{stdout}");
        assert!(
            stdout.starts_with(
                "Revoked: Submitted notebooks duplicated another learner's work; the module will be re-assessed\n"
            ),
            "{stdout}"
        );
        assert!(!stderr.contains("error["), "the stub's missing properties are not errors: {stderr}");
        let checks: Vec<&str> = stdout.lines().filter(|l| l.starts_with("  pass") || l.starts_with("  FAIL")).collect();
        assert_eq!(checks.len(), 1, "{stdout}");
        assert!(checks[0].starts_with("  FAIL  assertion.revocation"), "{stdout}");
        assert_eq!(stdout.lines().last(), Some("verdict: revoked"));
    }
}

#[test]
fn an_expired_award_says_when_and_what() {
    let (base, _tmp, _out) = serve_example();
    let (_, page) = urls_of(&base, "jose-alvarez-m1.json");
    let run = accolade(&["verify", &page]);
    let (stdout, _) = text(&run);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        stdout.lines().next(),
        Some(
            format!(
                "Expired on 2 March 2026: Floating-Point Arithmetic awarded to José Álvarez by Open Numerics Academy ({})",
                base.trim_start_matches("http://").trim_end_matches('/')
            )
            .as_str()
        )
    );
    assert_eq!(stdout.lines().last(), Some("verdict: expired"));
}

#[test]
fn a_baked_badge_image_verifies_its_hosted_assertion() {
    let (base, _tmp, out) = serve_example();
    let amara = amara_m1(&base);
    let (json, page) = urls_of(&base, "amara-okafor-m1.json");
    // Baked as the award page's buttons bake them (the same as
    // `accolade bake`), from the badge class's PNG and SVG.
    let baked = tempfile::tempdir().unwrap();
    let hosted = out.join(json.strip_prefix(&base).unwrap());
    for (image, class) in
        [("badge.png", "badges/m1-floating-point/image.png"), ("badge.svg", "badges/m1-floating-point.svg")]
    {
        let path = baked.path().join(image);
        let run = accolade(&[
            "bake",
            out.join(class).to_str().unwrap(),
            hosted.to_str().unwrap(),
            "-o",
            path.to_str().unwrap(),
        ]);
        assert!(run.status.success(), "{image}: {}", text(&run).1);
        assert!(
            std::fs::read_to_string(out.join(page.strip_prefix(&base).unwrap()).join("index.html"))
                .unwrap()
                .contains(&format!("data-src=\"../../{class}\"")),
            "the page bakes from {class}"
        );
        let run = accolade(&["verify", path.to_str().unwrap()]);
        let (stdout, stderr) = text(&run);
        assert!(run.status.success(), "{image}: {stdout}{stderr}");
        assert!(
            stdout.starts_with(&format!(
                "Valid: {amara}, does not expire\n  file:  {}\n  JSON:  {json}\n",
                path.display()
            )),
            "{stdout}"
        );
    }
    // An image that is not baked says so.
    let run = accolade(&["verify", out.join("badges").join("m1-floating-point.svg").to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
}
