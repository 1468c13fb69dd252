//! One broken rule at a time: each case changes one thing in a copy of the
//! example site and expects exactly that problem, and the named check of
//! the verification report to fail (or warn) for it.

use crate::common::*;
use accolade::check::report::Outcome;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;

const BASE: &str = "https://open-numerics.github.io/badges/";
/// The award the cases change (unless they change its badge or issuer).
const AWARD: &str = "assertions/amara-okafor-m1.json";

fn edit(site: &Path, rel: &str, change: impl FnOnce(&mut Value)) {
    let path = site.join(rel);
    let mut v: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    change(&mut v);
    std::fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
}

/// Loads and checks a site folder without failing on errors.
fn assemble(dir: &Path) -> (accolade::site::Checked, accolade::Problems) {
    let now = accolade::util::dates::parse("2026-11-29T12:00:00Z").unwrap();
    let mut checked = accolade::site::check_folder(dir, &accolade::Overrides::default(), now).unwrap();
    let problems = std::mem::take(&mut checked.problems);
    (checked, problems)
}

/// The checks of the award read from `rel`.
fn checks_of(site: &accolade::site::Checked, rel: &str) -> Option<Vec<accolade::check::report::Check>> {
    let lib = &site.library;
    let index = lib.awards.iter().position(|a| lib.sources[a.doc.source].rel == rel)?;
    Some(site.reports[index].checks())
}

/// Runs one case: `errors` are the exact error codes expected, and `checks`
/// the checks of AWARD's report expected not to pass, with their outcome.
fn case(name: &str, change: impl FnOnce(&Path), errors: &[&str], checks: &[(&str, Outcome)]) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&example_site(), &site);
    change(&site);
    let (site_model, problems) = assemble(&site);
    let found: BTreeSet<&str> = problems.iter().filter(|p| p.is_error()).map(|p| p.code.as_str()).collect();
    let expected: BTreeSet<&str> = errors.iter().copied().collect();
    assert_eq!(found, expected, "{name}: {:#?}", problems.iter().map(|p| p.to_string()).collect::<Vec<_>>());
    let report = checks_of(&site_model, AWARD).unwrap_or_else(|| panic!("{name}: the award did not load"));
    for c in report {
        let expected = checks.iter().find(|(n, _)| *n == c.name).map(|(_, o)| *o).unwrap_or(Outcome::Pass);
        assert_eq!(c.outcome, expected, "{name}: check {}: {c:?}", c.name);
    }
}

#[test]
fn the_example_passes_every_check() {
    let (site, problems) = assemble(&example_site());
    assert_eq!(problems.error_count(), 0);
    assert!(checks_of(&site, AWARD).unwrap().iter().all(|c| c.outcome == Outcome::Pass));
}

#[test]
fn assertion_checks() {
    let award = |change: fn(&mut Value)| move |s: &Path| edit(s, AWARD, change);
    case(
        "@context",
        award(|v| v["@context"] = json!("https://example.org/ctx")),
        &["context"],
        &[("assertion.context", Outcome::Fail)],
    );
    case("type", award(|v| v["type"] = json!("Badge")), &["type"], &[("assertion.type", Outcome::Fail)]);
    case(
        "id not a URL",
        award(|v| v["id"] = json!("not-a-url")),
        &["id.iri", "issuer.policy"],
        &[("assertion.id", Outcome::Fail), ("issuer.policy", Outcome::Fail)],
    );
    case(
        "id outside the site's folders",
        award(|v| v["id"] = json!(format!("{BASE}assertions/../x.json"))),
        &["id.path"],
        &[("assertion.id", Outcome::Fail)],
    );
    case(
        "no verification",
        award(|v| {
            v.as_object_mut().unwrap().remove("verification");
        }),
        &["required"],
        &[("assertion.properties", Outcome::Fail)],
    );
    case(
        "signed verification",
        award(|v| v["verification"] = json!({"type": "SignedBadge"})),
        &["verification.signed"],
        &[("assertion.properties", Outcome::Fail)],
    );
    case(
        "data URI image on the assertion",
        award(|v| v["image"] = json!("data:image/png;base64,AAAA")),
        &["image"],
        &[("assertion.properties", Outcome::Fail)],
    );
    case(
        "evidence with a javascript: URL",
        award(|v| v["evidence"][0]["id"] = json!("javascript:alert(1)")),
        &[],
        &[("assertion.properties", Outcome::Warn)],
    );
}

#[test]
fn duplicate_keys_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&example_site(), &site);
    let text = std::fs::read_to_string(site.join(AWARD)).unwrap();
    // A second issuedOn after the first: which one a verifier reads depends on its parser.
    let doubled = text.replacen("\"issuedOn\"", "\"issuedOn\": \"2020-01-01T00:00:00Z\",\n  \"issuedOn\"", 1);
    std::fs::write(site.join(AWARD), doubled).unwrap();
    let (_site, problems) = assemble(&site);
    let dup: Vec<String> = problems.iter().filter(|p| p.code == "json.duplicate").map(|p| p.to_string()).collect();
    assert_eq!(dup.len(), 1, "{dup:?}");
    assert!(dup[0].starts_with("error[json.duplicate]: assertions/amara-okafor-m1.json:"), "{}", dup[0]);
    assert!(dup[0].contains("key `issuedOn` appears twice"));
}

#[test]
fn recipient_checks() {
    let award = |change: fn(&mut Value)| move |s: &Path| edit(s, AWARD, change);
    case(
        "malformed hash",
        award(|v| v["recipient"]["identity"] = json!("sha256$abc")),
        &["recipient.hash"],
        &[("recipient.identity", Outcome::Fail)],
    );
    case(
        "plaintext email",
        award(|v| v["recipient"] = json!({"type": "email", "hashed": false, "identity": "amara.okafor@example.net"})),
        &["recipient.plaintext"],
        &[("recipient.identity", Outcome::Fail)],
    );
    case(
        "hashed missing",
        award(|v| {
            v["recipient"].as_object_mut().unwrap().remove("hashed");
        }),
        &["recipient.hashed"],
        &[("recipient.identity", Outcome::Fail)],
    );
    case(
        "wrong identity type",
        award(|v| v["recipient"]["type"] = json!("mail")),
        &["recipient.type"],
        &[("recipient.identity", Outcome::Fail)],
    );
    case(
        "a salt shared with another award",
        |s: &Path| {
            let other: Value =
                serde_json::from_slice(&std::fs::read(s.join("assertions/zoe-muller-m1.json")).unwrap()).unwrap();
            edit(s, AWARD, |v| v["recipient"]["salt"] = other["recipient"]["salt"].clone());
        },
        &[],
        &[("recipient.identity", Outcome::Warn)],
    );
    case(
        "an email address in an evidence narrative",
        award(|v| v["evidence"][0]["narrative"] = json!("Questions? Write to the tutor, t.ng@example.net.")),
        &[],
        &[("assertion.properties", Outcome::Warn)],
    );
    case(
        "a direction override in the recipient's name",
        award(|v| v["extensions:recipientProfile"]["name"] = json!("Amara \u{202E}rafokO")),
        &[],
        &[("assertion.properties", Outcome::Warn)],
    );
    case(
        "no salt",
        award(|v| {
            v["recipient"].as_object_mut().unwrap().remove("salt");
        }),
        &[],
        &[("recipient.identity", Outcome::Warn)],
    );
}

#[test]
fn date_checks() {
    let award = |change: fn(&mut Value)| move |s: &Path| edit(s, AWARD, change);
    case(
        "no time zone",
        award(|v| v["issuedOn"] = json!("2026-02-03T14:20:00")),
        &["date.timezone"],
        &[("assertion.dates", Outcome::Fail)],
    );
    case(
        "date only",
        award(|v| v["issuedOn"] = json!("2026-02-03")),
        &["date.timezone"],
        &[("assertion.dates", Outcome::Fail)],
    );
    case(
        "future",
        award(|v| v["issuedOn"] = json!("2099-01-01T00:00:00Z")),
        &["date.future"],
        &[("assertion.dates", Outcome::Fail)],
    );
    case(
        "expires before issued",
        award(|v| v["expires"] = json!("2026-01-01T00:00:00Z")),
        &["date.order"],
        &[("assertion.dates", Outcome::Fail), ("assertion.expiry", Outcome::Fail)],
    );
    case(
        "expired",
        award(|v| v["expires"] = json!("2026-06-01T00:00:00Z")),
        &[],
        &[("assertion.expiry", Outcome::Fail)],
    );
    case(
        "revoked in the list",
        |s: &Path| {
            edit(s, "revocations.json", |v| {
                v["revokedAssertions"].as_array_mut().unwrap().push(json!(format!("{BASE}assertions/yiqye14j2q.json")))
            })
        },
        &[],
        &[("assertion.revocation", Outcome::Fail)],
    );
    case("revoked: true", award(|v| v["revoked"] = json!(true)), &[], &[("assertion.revocation", Outcome::Fail)]);
}

#[test]
fn badge_and_issuer_checks() {
    let badge = |change: fn(&mut Value)| move |s: &Path| edit(s, "badges/m1-floating-point.json", change);
    let issuer = |change: fn(&mut Value)| move |s: &Path| edit(s, "issuers/open-numerics.json", change);
    case(
        "unknown badge",
        |s: &Path| edit(s, AWARD, |v| v["badge"] = json!(format!("{BASE}badges/nope.json"))),
        &["ref.badge"],
        &[("badge.resolves", Outcome::Fail)],
    );
    case(
        "badge without description",
        badge(|v| {
            v.as_object_mut().unwrap().remove("description");
        }),
        &["required"],
        &[("badge.properties", Outcome::Fail)],
    );
    case(
        "badge without criteria",
        |s: &Path| {
            std::fs::remove_file(s.join("badges/m1-floating-point.md")).unwrap();
            edit(s, "badges/m1-floating-point.json", |v| {
                v.as_object_mut().unwrap().remove("criteria");
            });
        },
        &["badge.criteria"],
        &[("badge.properties", Outcome::Fail)],
    );
    case(
        "badge image missing",
        badge(|v| v["image"] = json!(format!("{BASE}badges/none.png"))),
        &["image.missing"],
        &[("badge.image", Outcome::Fail)],
    );
    case(
        "badge image not an image",
        |s: &Path| std::fs::write(s.join("badges/m1-floating-point.svg"), "<html><body>hi</body></html>").unwrap(),
        &["image.format"],
        &[("badge.image", Outcome::Fail)],
    );
    case(
        "badge image with a script",
        |s: &Path| {
            let svg = std::fs::read_to_string(s.join("badges/m1-floating-point.svg")).unwrap();
            std::fs::write(
                s.join("badges/m1-floating-point.svg"),
                svg.replacen("<title>", "<script>alert(document.domain)</script><title>", 1),
            )
            .unwrap()
        },
        &["image.unsafe"],
        &[("badge.image", Outcome::Fail)],
    );
    case(
        "badge image with an animation that sets an event handler",
        |s: &Path| {
            let svg = std::fs::read_to_string(s.join("badges/m1-floating-point.svg")).unwrap();
            std::fs::write(
                s.join("badges/m1-floating-point.svg"),
                svg.replacen("<title>", "<set attributeName=\"onmouseover\" to=\"alert(document.domain)\"/><title>", 1),
            )
            .unwrap()
        },
        &["image.unsafe"],
        &[("badge.image", Outcome::Fail)],
    );
    case(
        "unknown issuer",
        badge(|v| v["issuer"] = json!(format!("{BASE}issuers/nope.json"))),
        &["ref.issuer"],
        &[("issuer.resolves", Outcome::Fail)],
    );
    case(
        "issuer without url",
        issuer(|v| {
            v.as_object_mut().unwrap().remove("url");
        }),
        &["required"],
        &[("issuer.properties", Outcome::Fail)],
    );
    case(
        "issuer without email",
        issuer(|v| {
            v.as_object_mut().unwrap().remove("email");
        }),
        &["issuer.email"],
        &[("issuer.email", Outcome::Fail)],
    );
    case(
        "hosting policy",
        issuer(|v| v["verification"]["startsWith"] = json!(format!("{BASE}awards/"))),
        &["issuer.policy"],
        &[("issuer.policy", Outcome::Fail)],
    );
    case(
        "allowedOrigins with a scheme",
        issuer(|v| v["verification"] = json!({"allowedOrigins": "https://open-numerics.github.io"})),
        &["issuer.policy"],
        &[("issuer.policy", Outcome::Fail)],
    );
}

/// Values the specification constrains that an outside hostile-input corpus
/// found taken as they were (issue 13).
#[test]
fn context_checks() {
    let award = |change: fn(&mut Value)| move |s: &Path| edit(s, AWARD, change);
    for (name, context) in [
        ("a number", json!(2)),
        ("an object", json!({"@vocab": "https://evil.example/"})),
        ("another vocabulary", json!("https://www.w3.org/2018/credentials/v1")),
        ("an array not starting with it", json!(["https://evil.example/ctx", "https://w3id.org/openbadges/v2"])),
        ("an array with a number after it", json!(["https://w3id.org/openbadges/v2", 7])),
    ] {
        case(
            &format!("@context {name}"),
            |s: &Path| edit(s, AWARD, |v| v["@context"] = context),
            &["context"],
            &[("assertion.context", Outcome::Fail)],
        );
    }
    case(
        "@context with an extension context after it",
        award(|v| {
            v["@context"] =
                json!(["https://w3id.org/openbadges/v2", "https://example.org/ext.json", {"x": "http://example.org/x"}])
        }),
        &[],
        &[],
    );
    case(
        "@context alias the Java validator refuses",
        award(|v| v["@context"] = json!("https://openbadgespec.org/v2/context.json")),
        &[],
        &[("assertion.context", Outcome::Warn)],
    );
    case(
        "no @context: the build adds it",
        award(|v| {
            v.as_object_mut().unwrap().remove("@context");
        }),
        &[],
        &[],
    );
    case(
        "badge class @context a number",
        |s: &Path| edit(s, "badges/m1-floating-point.json", |v| v["@context"] = json!(2)),
        &["context"],
        &[("badge.properties", Outcome::Fail)],
    );
    case(
        "issuer @context another URL",
        |s: &Path| edit(s, "issuers/open-numerics.json", |v| v["@context"] = json!("https://schema.org")),
        &["context"],
        &[("issuer.properties", Outcome::Fail)],
    );
}

#[test]
fn signed_and_issuer_email_checks() {
    case(
        "lower-case signed",
        |s: &Path| {
            edit(s, AWARD, |v| v["verification"] = json!({"type": "signed", "creator": "https://x.example/key"}))
        },
        &["verification.signed"],
        &[("assertion.properties", Outcome::Fail)],
    );
    case(
        "hosted (the alias) is fine",
        |s: &Path| edit(s, AWARD, |v| v["verification"] = json!({"type": "hosted"})),
        &[],
        &[],
    );
    for (name, email) in
        [("empty", ""), ("blank", "  "), ("not an address", "badges at example.org"), ("no domain", "badges@")]
    {
        case(
            &format!("issuer email {name}"),
            |s: &Path| edit(s, "issuers/open-numerics.json", |v| v["email"] = json!(email)),
            &["issuer.email"],
            &[("issuer.email", Outcome::Fail)],
        );
    }
}

#[test]
fn time_zone_offsets_within_a_day() {
    for (key, date) in [
        ("issuedOn", "2026-01-01T00:00:00+24:00"),
        ("issuedOn", "2026-01-01T00:00:00+99:99"),
        ("expires", "2030-01-01T00:00:00-25:00"),
    ] {
        case(
            &format!("{key} {date}"),
            |s: &Path| edit(s, AWARD, |v| v[key] = json!(date)),
            &["date.timezone"],
            &[("assertion.dates", Outcome::Fail)],
        );
    }
    case(
        "an offset at the edge",
        |s: &Path| edit(s, AWARD, |v| v["issuedOn"] = json!("2026-01-01T00:00:00-23:59")),
        &[],
        &[],
    );
}

#[test]
fn ids_outside_base_url_are_reported() {
    case(
        "an award on another host",
        |s: &Path| edit(s, AWARD, |v| v["id"] = json!("https://elsewhere.example/badges/assertions/a.json")),
        &["id.external", "issuer.policy"],
        &[("assertion.id", Outcome::Fail), ("issuer.policy", Outcome::Fail)],
    );
    case(
        "an award under base_url with http",
        |s: &Path| edit(s, AWARD, |v| v["id"] = json!(format!("{BASE}assertions/a.json").replacen("https", "http", 1))),
        &["id.external", "issuer.policy"],
        &[("assertion.id", Outcome::Fail), ("issuer.policy", Outcome::Fail)],
    );
    case(
        "a badge class on another host",
        |s: &Path| {
            let moved = "https://elsewhere.example/badges/m1.json";
            edit(s, "badges/m1-floating-point.json", |v| v["id"] = json!(moved));
            for f in std::fs::read_dir(s.join("assertions")).unwrap() {
                let f = f.unwrap().path();
                let rel = format!("assertions/{}", f.file_name().unwrap().to_string_lossy());
                let text = std::fs::read_to_string(&f).unwrap();
                if text.contains("badges/m1-floating-point.json") {
                    edit(s, &rel, |v| v["badge"] = json!(moved));
                }
            }
        },
        &["id.external"],
        &[("badge.properties", Outcome::Fail)],
    );
}

#[test]
fn no_recipient_email_in_any_field() {
    // The example's award is issued to this address (recipients.json).
    let email = "amara.okafor@example.net";
    let field = |name: &str, pointer: &'static str, text: String, code: &'static str| {
        case(
            name,
            |s: &Path| edit(s, AWARD, |v| *json_pointer_mut(v, pointer) = json!(text)),
            &[code],
            &[(if code == "recipient.leak" { "recipient.identity" } else { "assertion.properties" }, Outcome::Fail)],
        );
    };
    field("in the recipient profile", "/extensions:recipientProfile/email", email.into(), "recipient.leak");
    field(
        "in another extension",
        "/extensions:contact/note",
        format!("Reach me: {}", email.to_uppercase()),
        "recipient.leak",
    );
    field("in the narrative", "/narrative", format!("Awarded to {email}."), "recipient.leak");
    field(
        "URL-encoded in evidence",
        "/evidence/0/id",
        format!("https://x.example/?u={}", email.replace('@', "%40")),
        "recipient.leak",
    );
    field(
        "any address in the recipient profile",
        "/extensions:recipientProfile/contact",
        "someone@example.org".into(),
        "privacy.email",
    );
    case(
        "as a property name",
        |s: &Path| edit(s, AWARD, |v| v["extensions:x"] = json!({ email: true })),
        &["recipient.leak"],
        &[("recipient.identity", Outcome::Fail)],
    );
    case(
        "in private evidence, which is not published",
        |s: &Path| {
            edit(s, AWARD, |v| {
                v["evidence"][0]["narrative"] = json!(format!("Sent to {email}"));
                v["evidence"][0]["accolade:private"] = json!(true);
            })
        },
        &[],
        &[],
    );
}
