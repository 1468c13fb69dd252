//! `accolade verify` on Open Badges 2.0 signed badges (a compact JWS, RS256,
//! whose payload is the assertion): an issuer with a key, a badge class and a
//! revocation list served on 127.0.0.1, and badges signed here with
//! jsonwebtoken, or outside with node's jose (tests/fixtures/ob2-signed).

use crate::common::*;
use accolade::model::recipient::identity_hash;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Output};

/// The port jose's badge names its objects on (tests/fixtures/ob2-signed/jose-sign.mjs).
const JOSE_PORT: u16 = 18980;
const EMAIL: &str = "ada.lovelace@example.org";
const SALT: &str = "signed-salt-1";
/// The id of the award the revocation list names.
const REVOKED_ID: &str = "urn:uuid:0d5e2a8c-1b7f-4c3e-9a2d-5e6f7a8b9c0d";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(repo().join("tests/fixtures/ob2-signed").join(name)).unwrap()
}

fn accolade(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accolade")).args(args).output().unwrap()
}

/// An issuer served at `base`: its profile lists `key.json` (holding `pem`)
/// as its key; `unlisted-key.json` holds the same key and names the issuer as
/// owner, but the profile does not list it. The revocation list names
/// REVOKED_ID (and one more: a one-entry list is what the Python validator
/// mishandles).
struct Served {
    base: String,
    _dir: tempfile::TempDir,
}

fn serve_issuer(listener: TcpListener, pem: &str) -> Served {
    let base = format!("http://{}/", listener.local_addr().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, v: Value| std::fs::write(dir.path().join(name), serde_json::to_vec_pretty(&v).unwrap());
    let ctx = "https://w3id.org/openbadges/v2";
    let issuer = format!("{base}issuer.json");
    write(
        "issuer.json",
        json!({"@context": ctx, "type": "Profile", "id": issuer, "name": "Signing Academy", "url": base,
            "email": "badges@example.org", "publicKey": [format!("{base}key.json")],
            "revocationList": format!("{base}revocations.json")}),
    )
    .unwrap();
    for key in ["key.json", "unlisted-key.json"] {
        write(
            key,
            json!({"@context": ctx, "type": "CryptographicKey", "id": format!("{base}{key}"), "owner": issuer,
                "publicKeyPem": pem}),
        )
        .unwrap();
    }
    write(
        "badge.json",
        json!({"@context": ctx, "type": "BadgeClass", "id": format!("{base}badge.json"), "name": "Signed Basics",
            "description": "Signs and verifies.", "image": format!("{base}image.png"),
            "criteria": {"narrative": "Signed a badge."}, "issuer": issuer}),
    )
    .unwrap();
    write(
        "revocations.json",
        json!({"@context": ctx, "type": "RevocationList", "id": format!("{base}revocations.json"), "issuer": issuer,
            "revokedAssertions": [
                {"id": REVOKED_ID, "revocationReason": "Issued in error"},
                "urn:uuid:00000000-0000-4000-8000-000000000000"]}),
    )
    .unwrap();
    std::fs::copy(repo().join("tests/fixtures/pixel.png"), dir.path().join("image.png")).unwrap();
    serve(dir.path().to_path_buf(), listener);
    Served { base, _dir: dir }
}

/// A signed assertion's payload for the issuer at `base`, its key `key`.
fn assertion(base: &str, id: &str, key: &str) -> Value {
    json!({
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": id,
        "recipient": {"type": "email", "hashed": true, "salt": SALT, "identity": identity_hash(EMAIL, SALT)},
        "badge": format!("{base}badge.json"),
        "verification": {"type": "SignedBadge", "creator": format!("{base}{key}")},
        "issuedOn": "2026-01-15T09:30:00Z",
    })
}

fn sign(payload: &Value, private_pem: &str) -> String {
    let key = EncodingKey::from_rsa_pem(private_pem.as_bytes()).unwrap();
    jsonwebtoken::encode(&Header::new(Algorithm::RS256), payload, &key).unwrap()
}

/// The token with its payload replaced and its signature kept.
fn with_payload(token: &str, payload: &Value) -> String {
    use base64::Engine;
    let parts: Vec<&str> = token.split('.').collect();
    let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload.to_string());
    format!("{}.{encoded}.{}", parts[0], parts[2])
}

/// `accolade verify INPUT --format json`: whether it exited 0, and the report.
fn verify_json(input: &str, extra: &[&str]) -> (bool, Value) {
    let mut args = vec!["verify", input, "--format", "json"];
    args.extend_from_slice(extra);
    let out = accolade(&args);
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    });
    (out.status.success(), report)
}

fn outcome(report: &Value, name: &str) -> String {
    let checks = report["checks"].as_array().unwrap();
    let check = checks.iter().find(|c| c["name"] == name).unwrap_or_else(|| panic!("no {name} in {report:#}"));
    check["outcome"].as_str().unwrap().to_string()
}

fn write_temp(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_signed_badge_verifies_as_a_token_a_file_and_a_baked_image() {
    let served = serve_issuer(TcpListener::bind("127.0.0.1:0").unwrap(), &fixture("issuer-public.pem"));
    let id = "urn:uuid:4f0a7c1e-8d2b-4e6f-9a3c-1b2d3e4f5a6b";
    let token = sign(&assertion(&served.base, id, "key.json"), &fixture("issuer-private.pem"));

    let (ok, report) = verify_json(&token, &["--recipient", EMAIL]);
    assert!(ok, "{report:#}");
    assert_eq!(report["verdict"], "valid");
    assert_eq!(report["recipient"]["matches"], true);
    assert_eq!(report["url"], id);
    assert_eq!(report["file"], Value::Null, "a token given is not a file");
    let checks = report["checks"].as_array().unwrap();
    assert!(checks.iter().all(|c| c["outcome"] == "pass"), "{checks:#?}");
    // The hosted report's checks, and the two of a signature.
    assert_eq!(checks.len(), accolade::check::report::CHECKS.len() + 2);
    assert_eq!(checks[0]["name"], "assertion.signature");
    assert_eq!(checks[1]["name"], "issuer.key");
    assert!(report["headline"].as_str().unwrap().starts_with("Valid: Signed Basics awarded"), "{report:#}");

    let (ok, report) = verify_json(&token, &["--recipient", "someone.else@example.org"]);
    assert!(!ok);
    assert_eq!(report["verdict"], "not_recipient");

    // A file holding it, and images baked with it.
    let tmp = tempfile::tempdir().unwrap();
    let file = write_temp(&tmp, "badge.jws", format!("{token}\n").as_bytes());
    let png = accolade::art::bake::bake_png(&std::fs::read(repo().join("tests/fixtures/pixel.png")).unwrap(), &token);
    let png = write_temp(&tmp, "badge.png", &png.unwrap());
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><rect width="1" height="1"/></svg>"#;
    let baked_svg =
        write_temp(&tmp, "cdata.svg", accolade::art::bake::bake_svg(svg, &token, &token).unwrap().as_bytes());
    // The baking specification's form: the JWS in `verify`, the element empty.
    let verify_attr = svg.replacen(
        "<rect",
        &format!(r#"<openbadges:assertion xmlns:openbadges="http://openbadges.org" verify="{token}"/><rect"#),
        1,
    );
    let attr_svg = write_temp(&tmp, "verify.svg", verify_attr.as_bytes());
    for path in [&file, &png, &baked_svg, &attr_svg] {
        let path = path.to_str().unwrap();
        let (ok, report) = verify_json(path, &[]);
        assert!(ok, "{path}: {report:#}");
        assert_eq!(report["verdict"], "valid", "{path}");
        assert_eq!(report["file"], path);
    }

    let run = accolade(&["verify", file.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{text}");
    assert!(text.contains("  pass  assertion.signature "), "{text}");
    assert!(text.contains("  pass  issuer.key "), "{text}");
    assert!(text.trim_end().ends_with("verdict: valid"), "{text}");
}

#[test]
fn a_forged_or_foreign_signature_is_invalid_and_a_listed_one_revoked() {
    let served = serve_issuer(TcpListener::bind("127.0.0.1:0").unwrap(), &fixture("issuer-public.pem"));
    let base = &served.base;
    let id = "urn:uuid:9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    let issuer_key = fixture("issuer-private.pem");
    let token = sign(&assertion(base, id, "key.json"), &issuer_key);
    let invalid = |token: &str, check: &str, why: &str| {
        let (ok, report) = verify_json(token, &[]);
        assert!(!ok, "{report:#}");
        assert_eq!(report["verdict"], "invalid", "{report:#}");
        assert_eq!(outcome(&report, check), "fail", "{report:#}");
        let detail =
            report["checks"].as_array().unwrap().iter().find(|c| c["name"] == check).unwrap()["detail"].clone();
        assert!(detail.as_str().unwrap().contains(why), "{detail}");
        report
    };

    // Tampered: another recipient put in, the issuer's signature kept.
    let mut tampered = assertion(base, id, "key.json");
    tampered["recipient"]["identity"] = json!(identity_hash("mallory@example.org", SALT));
    let report = invalid(&with_payload(&token, &tampered), "assertion.signature", "does not match");
    assert!(report["headline"].as_str().unwrap().starts_with("Not valid: its signature"), "{report:#}");

    // Signed by another key than the one it names.
    invalid(
        &sign(&assertion(base, id, "key.json"), &fixture("other-private.pem")),
        "assertion.signature",
        "does not match",
    );

    // Signed with a key that names the issuer, but that the issuer does not list.
    let report = invalid(&sign(&assertion(base, id, "unlisted-key.json"), &issuer_key), "issuer.key", "does not list");
    assert_eq!(outcome(&report, "assertion.signature"), "pass");

    // A key nobody serves.
    invalid(&sign(&assertion(base, id, "nope.json"), &issuer_key), "assertion.signature", "404");

    // Hosted, not signed: the signature is not what it relies on.
    let mut hosted = assertion(base, id, "key.json");
    hosted["verification"] = json!({"type": "HostedBadge"});
    invalid(&sign(&hosted, &issuer_key), "assertion.signature", "not SignedBadge");

    // Genuinely signed, but listed in the issuer's revocation list.
    let (ok, report) = verify_json(&sign(&assertion(base, REVOKED_ID, "key.json"), &issuer_key), &[]);
    assert!(!ok);
    assert_eq!(report["verdict"], "revoked", "{report:#}");
    assert_eq!(outcome(&report, "assertion.revocation"), "fail");
    assert!(report["headline"].as_str().unwrap().contains("Issued in error"), "{report:#}");

    // Genuinely signed, but expired.
    let mut expired = assertion(base, id, "key.json");
    expired["expires"] = json!("2026-02-01T00:00:00Z");
    let (ok, report) = verify_json(&sign(&expired, &issuer_key), &["--recipient", EMAIL]);
    assert!(!ok);
    assert_eq!(report["verdict"], "expired", "{report:#}");
    assert_eq!(outcome(&report, "assertion.signature"), "pass");
}

/// A badge signed outside, with node's jose (tests/fixtures/ob2-signed/jose-sign.mjs).
#[test]
fn a_badge_signed_by_jose_verifies() {
    let listener = TcpListener::bind(("127.0.0.1", JOSE_PORT)).unwrap();
    let _served = serve_issuer(listener, &fixture("jose-public.pem"));
    let tmp = tempfile::tempdir().unwrap();
    let file = write_temp(&tmp, "jose.jws", fixture("jose.jws").as_bytes());
    let (ok, report) = verify_json(file.to_str().unwrap(), &["--recipient", "grace.hopper@example.org"]);
    assert!(ok, "{report:#}");
    assert_eq!(report["verdict"], "valid");
    assert_eq!(report["url"], "urn:uuid:6c1c9f3e-2d4b-4f5a-9a61-0b7f1f3d2e11");
    assert_eq!(outcome(&report, "assertion.signature"), "pass");
    assert_eq!(outcome(&report, "issuer.key"), "pass");
}
