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

/// A fetched award marked signed is refused like a site's own: nothing
/// checks its signature yet, so it must never read as valid (issue 13).
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
    assert!(all.contains("error[verification.signed]") && all.contains("does not verify signed badges yet"), "{all}");
    assert!(!all.contains("verdict: valid"), "{all}");
}
