//! Open Badges 3.0: credentials issued, signed at build with the site's key,
//! hosted with the site's DID document and status list, revoked, and
//! verified by `accolade verify`, on copies of the example site.

use crate::common::*;
use accolade::sign::key::{PublicKey, SigningKey};
use accolade::sign::status::{entry_index, StatusList};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn accolade(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accolade")).args(args).current_dir(dir).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The example's signed credentials in an output folder, by file name.
fn credentials(out: &Path) -> Vec<(String, Value)> {
    let mut found: Vec<(String, Value)> = std::fs::read_dir(out.join("credentials"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), json(&e.path())))
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

fn example_public_key() -> PublicKey {
    let file = std::fs::read_to_string(repo().join("tests/fixtures/example-signing-key.json")).unwrap();
    SigningKey::from_key_file(&file).unwrap().public()
}

#[test]
fn the_example_signs_its_credentials_and_publishes_its_key_and_status_list() {
    let base = "http://127.0.0.1:18940/";
    let (site, _tmp, out) = build(&example_site(), Some(base));
    let did = "did:web:127.0.0.1%3A18940";
    // The DID document, at the domain root's well-known place, with the key.
    let doc = json(&out.join(".well-known/did.json"));
    let key = accolade::sign::did::key_in_document(&doc, did, &format!("{did}#key-1")).unwrap();
    assert_eq!(key, example_public_key());
    let signed = credentials(&out);
    assert_eq!(signed.len(), site.library.credentials.len());
    assert_eq!(signed.len(), 2, "the example issues two course-completion credentials");
    for (name, credential) in &signed {
        // Re-rooted, issued by the site's DID, signed by its key, verifiable.
        assert_eq!(credential["id"], format!("{base}credentials/{name}"));
        assert_eq!(credential["issuer"]["id"], did);
        let proof = &credential["proof"][0];
        assert_eq!(proof["cryptosuite"], "eddsa-rdfc-2022");
        assert_eq!(proof["verificationMethod"], format!("{did}#key-1"));
        // `created` is the credential's validFrom: the same on any machine.
        assert_eq!(proof["created"], credential["validFrom"]);
        accolade::sign::proof::verify_any(credential, &key, &format!("{did}#key-1"), did).unwrap();
        let mut tampered = credential.clone();
        tampered["credentialSubject"]["achievement"]["name"] =
            "Numerical Methods with Python: Course Completion!".into();
        assert!(accolade::sign::proof::verify_any(&tampered, &key, &format!("{did}#key-1"), did).is_err());
        // Its status entry points into the site's list, not revoked.
        let (list, index) = entry_index(&credential["credentialStatus"]).unwrap();
        assert_eq!(list, format!("{base}status/revocation.json"));
        let status = json(&out.join("status/revocation.json"));
        accolade::sign::proof::verify_any(&status, &key, &format!("{did}#key-1"), did).unwrap();
        let bits = StatusList::decode(status["credentialSubject"]["encodedList"].as_str().unwrap()).unwrap();
        assert!(bits.len() >= 131_072);
        assert_eq!(bits.get(index), Some(false));
        // Its page says what it is, and links the credential for a wallet.
        let page =
            std::fs::read_to_string(out.join("credentials").join(name.trim_end_matches(".json")).join("index.html"))
                .unwrap();
        assert!(page.contains("Open Badges 3.0") && page.contains(did), "{name}");
        assert!(page.contains(&format!("href=\"../../credentials/{name}\"")), "{name}");
    }
    // No earner's email is published, in the credentials or anywhere else.
    let recipients: std::collections::BTreeMap<String, String> =
        serde_json::from_slice(&std::fs::read(example_site().join("recipients.json")).unwrap()).unwrap();
    let secrets: Vec<String> = recipients.values().cloned().collect();
    let findings = audit::audit(&out, &secrets);
    assert!(findings.is_empty(), "{}", findings.join("\n"));
}

#[test]
fn two_clean_builds_sign_the_same_bytes() {
    let (_, _a, first) = build(&example_site(), Some("http://127.0.0.1:18941/"));
    let (_, _b, second) = build(&example_site(), Some("http://127.0.0.1:18941/"));
    for path in ["status/revocation.json", ".well-known/did.json"] {
        assert_eq!(std::fs::read(first.join(path)).unwrap(), std::fs::read(second.join(path)).unwrap(), "{path}");
    }
    for (name, credential) in credentials(&first) {
        assert_eq!(credential, json(&second.join("credentials").join(&name)), "{name}");
    }
}

/// A copy of the example site, in `tmp/site`.
fn example_copy(tmp: &Path) -> std::path::PathBuf {
    let site = tmp.join("site");
    copy_tree(&example_site(), &site);
    site
}

#[test]
fn a_build_without_the_key_or_with_another_key_writes_nothing_and_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let site = example_copy(tmp.path());
    let config = std::fs::read_to_string(site.join("accolade.toml")).unwrap();
    let without_key: String = config.lines().filter(|l| !l.starts_with("key_file")).collect::<Vec<_>>().join("\n");
    std::fs::write(site.join("accolade.toml"), &without_key).unwrap();
    // `check` needs no secret: a warning says the build will need the key.
    let checked = accolade(&["check", "site"], tmp.path());
    assert!(checked.status.success(), "{}", text(&checked.stderr));
    assert!(text(&checked.stderr).contains("warning[credential.proof]"), "{}", text(&checked.stderr));
    assert!(text(&checked.stderr).contains("2 Open Badges 3.0 credentials: 0 errors"), "{}", text(&checked.stderr));
    let run = accolade(&["build", "site", "-o", "out"], tmp.path());
    assert!(!run.status.success());
    let err = text(&run.stderr);
    assert!(err.contains("2 Open Badges 3.0 credential(s) to sign") && err.contains("--signing-key"), "{err}");
    assert!(err.contains("ACCOLADE_SIGNING_KEY"), "{err}");
    assert!(!tmp.path().join("out").exists());
    // Another key than the one the site publishes.
    let other = tmp.path().join("other.key");
    let made = accolade(&["keygen", "-o", "other.key", "--site", "elsewhere"], tmp.path());
    assert!(made.status.success(), "{}", text(&made.stderr));
    let run = accolade(&["build", "site", "-o", "out", "--signing-key", other.to_str().unwrap()], tmp.path());
    assert!(!run.status.success());
    assert!(text(&run.stderr).contains("is not the site's"), "{}", text(&run.stderr));
    // The right key from the environment, as a GitHub Actions secret gives it.
    let key = std::fs::read_to_string(repo().join("tests/fixtures/example-signing-key.json")).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_accolade"))
        .args(["build", "site", "-o", "out", "-q"])
        .env("ACCOLADE_SIGNING_KEY", key)
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_eq!(credentials(&tmp.path().join("out")).len(), 2);
    // A key file inside the site folder is refused, as `check` refuses it.
    std::fs::copy(&other, site.join("static-key.json")).unwrap();
    let run = accolade(&["build", "site", "-o", "out2", "--signing-key", "site/static-key.json"], tmp.path());
    assert!(!run.status.success() && text(&run.stderr).contains("inside the site folder"), "{}", text(&run.stderr));
}

#[test]
fn issued_revoked_and_verified_like_a_2_0_award() {
    let tmp = tempfile::tempdir().unwrap();
    let site = example_copy(tmp.path());
    // Issued from the badge class to a new learner, unsigned in the site folder.
    let issued = accolade(
        &[
            "issue",
            "--site",
            "site",
            "--badge",
            "course-completion",
            "--email",
            "ada@example.org",
            "--name",
            "Ada Lovelace",
            "--format",
            "ob3",
            "--format",
            "json",
        ],
        tmp.path(),
    );
    assert!(issued.status.success(), "{}", text(&issued.stderr));
    let summary: Value = serde_json::from_slice(&issued.stdout).unwrap();
    let file = summary["issued"][0]["file"].as_str().unwrap().to_string();
    assert!(file.starts_with("credentials/"), "{file}");
    let unsigned = json(&site.join(&file));
    assert!(unsigned.get("proof").is_none());
    assert_eq!(unsigned["credentialSubject"]["identifier"][0]["identityType"], "emailAddress");
    assert!(!unsigned.to_string().contains("ada@example.org"), "the email is only hashed");
    // Issuing it again to the same learner is refused as for 2.0.
    let again = accolade(
        &["issue", "--site", "site", "--badge", "course-completion", "--email", "ada@example.org", "--format", "ob3"],
        tmp.path(),
    );
    assert!(text(&again.stdout).contains("already holds"), "{}", text(&again.stdout));
    // Revoked by email and badge, as a 2.0 award.
    let revoked = accolade(
        &["revoke", "ada@example.org", "--badge", "course-completion", "--site", "site", "--reason", "Issued in error"],
        tmp.path(),
    );
    assert!(revoked.status.success(), "{}", text(&revoked.stderr));
    // Built and served: accolade verify says valid for the others, revoked for Ada's.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://127.0.0.1:{}/", listener.local_addr().unwrap().port());
    let run = accolade(&["build", "site", "-o", "out", "-q", "--base-url", &base], tmp.path());
    assert!(run.status.success(), "{}", text(&run.stderr));
    let out = tmp.path().join("out");
    serve(out.clone(), listener);
    let code = Path::new(&file).file_stem().unwrap().to_string_lossy().into_owned();
    for (name, _) in credentials(&out) {
        let page = format!("{base}credentials/{}/", name.trim_end_matches(".json"));
        let run = accolade(&["verify", &page, "--format", "json"], tmp.path());
        let report: Value = serde_json::from_slice(&run.stdout).unwrap_or_else(|_| panic!("{}", text(&run.stderr)));
        let expected = if name == format!("{code}.json") { "revoked" } else { "valid" };
        assert_eq!(report["verdict"], expected, "{name}: {report:#}");
        assert_eq!(run.status.success(), expected == "valid");
    }
    let page = std::fs::read_to_string(out.join("credentials").join(&code).join("index.html")).unwrap();
    assert!(page.contains("Revoked.") && page.contains("Issued in error"));
    // Ada's email matches her credential's hash; another does not.
    let file_path = out.join("credentials").join(format!("{code}.json"));
    let mine = accolade(&["verify", file_path.to_str().unwrap(), "--recipient", "ada@example.org"], tmp.path());
    assert!(text(&mine.stdout).contains("ada@example.org is the recipient"), "{}", text(&mine.stdout));
    // One character changed after signing: invalid.
    let mut tampered = json(&out.join("credentials").join(credentials(&out)[0].0.clone()));
    tampered["credentialSubject"]["achievement"]["description"] = "Awarded for nothing.".into();
    std::fs::write(tmp.path().join("tampered.json"), tampered.to_string()).unwrap();
    let run = accolade(&["verify", "tampered.json", "--format", "json"], tmp.path());
    let report: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(report["verdict"], "invalid", "{report:#}");
    assert!(!run.status.success());
}

#[test]
fn a_credential_that_breaks_the_schema_is_reported_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let site = example_copy(tmp.path());
    let file = std::fs::read_dir(site.join("credentials")).unwrap().flatten().next().unwrap().path();
    let mut credential = json(&file);
    credential["credentialSubject"]["achievement"].as_object_mut().unwrap().shift_remove("criteria");
    credential["validFrom"] = "2026-09-02T10:00:00".into();
    std::fs::write(&file, serde_json::to_string_pretty(&credential).unwrap()).unwrap();
    let run = accolade(&["check", "site"], tmp.path());
    assert!(!run.status.success());
    let err = text(&run.stderr);
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let line_of = |needle: &str| {
        let text = std::fs::read_to_string(&file).unwrap();
        text.lines().position(|l| l.contains(needle)).unwrap() + 1
    };
    // The missing criteria, at the achievement; the date without a time zone, at its line.
    assert!(err.contains(&format!("error[credential.schema]: credentials/{name}:")), "{err}");
    assert!(err.contains("\"criteria\" is required"), "{err}");
    assert!(err.contains(&format!("error[date.timezone]: credentials/{name}:{}:", line_of("\"validFrom\""))), "{err}");
}

#[test]
fn vc_jwt_copies_are_published_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let site = example_copy(tmp.path());
    let config = std::fs::read_to_string(site.join("accolade.toml")).unwrap();
    std::fs::write(site.join("accolade.toml"), config.replace("[signing]\n", "[signing]\nvc_jwt = true\n")).unwrap();
    let run = accolade(&["build", "site", "-o", "out", "-q", "--base-url", "http://127.0.0.1:18942/"], tmp.path());
    assert!(run.status.success(), "{}", text(&run.stderr));
    let out = tmp.path().join("out");
    for (name, credential) in credentials(&out) {
        let token = std::fs::read_to_string(out.join("credentials").join(name.replace(".json", ".jwt"))).unwrap();
        let key = accolade::sign::jwt::JwtKey::Ed25519(example_public_key().to_bytes());
        let payload = accolade::sign::jwt::verify_vc_jwt(&token, &key).unwrap();
        assert_eq!(payload["id"], credential["id"]);
        assert_eq!(payload["credentialSubject"], credential["credentialSubject"]);
        let header = accolade::sign::jwt::jwt_header(&token).unwrap();
        assert_eq!(header["alg"], "EdDSA");
        assert_eq!(header["kid"], "did:web:127.0.0.1%3A18942#key-1");
        let page =
            std::fs::read_to_string(out.join("credentials").join(name.trim_end_matches(".json")).join("index.html"))
                .unwrap();
        assert!(page.contains(&name.replace(".json", ".jwt")), "the page links the VC-JWT");
    }
}

#[test]
fn a_vc_jwt_in_the_site_folder_is_checked_and_published_as_it_is() {
    let tmp = tempfile::tempdir().unwrap();
    let site = example_copy(tmp.path());
    // A credential another issuer signed as a VC-JWT, with a did:key.
    let key = SigningKey::generate().unwrap();
    let did = format!("did:key:{}", key.public().multibase());
    let unsigned = std::fs::read_dir(site.join("credentials")).unwrap().flatten().next().unwrap().path();
    let mut credential = json(&unsigned);
    credential["id"] = "urn:uuid:6b1c2a8e-6c51-4d2c-9a7e-3c6f2b0d9e11".into();
    credential["issuer"]["id"] = did.clone().into();
    credential.as_object_mut().unwrap().shift_remove("credentialStatus");
    let token = key.sign_vc_jwt(&credential, &format!("{did}#{}", key.public().multibase())).unwrap();
    std::fs::write(site.join("credentials/partner.jwt"), &token).unwrap();
    let run = accolade(&["build", "site", "-o", "out", "-q", "--base-url", "http://127.0.0.1:18943/"], tmp.path());
    assert!(run.status.success(), "{}", text(&run.stderr));
    let out = tmp.path().join("out");
    assert_eq!(std::fs::read_to_string(out.join("credentials/partner.jwt")).unwrap(), token, "published as it is");
    let page = std::fs::read_to_string(out.join("credentials/partner/index.html")).unwrap();
    assert!(page.contains("href=\"../../credentials/partner.jwt\"") && page.contains("VC-JWT"), "{page}");
    // One character of the payload changed: refused, at the file.
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    let payload =
        String::from_utf8(decode_base64url(&parts[1])).unwrap().replace("Course Completion", "Course Completiom");
    parts[1] = encode_base64url(payload.as_bytes());
    std::fs::write(site.join("credentials/partner.jwt"), parts.join(".")).unwrap();
    let run = accolade(&["check", "site"], tmp.path());
    assert!(!run.status.success());
    assert!(text(&run.stderr).contains("error[credential.proof]: credentials/partner.jwt"), "{}", text(&run.stderr));
}

fn decode_base64url(text: &str) -> Vec<u8> {
    let standard: String = text
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    decode_base64(&standard)
}

fn encode_base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |acc, &b| acc << 8 | b as u32) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}
