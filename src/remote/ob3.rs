//! Verifying an Open Badges 3.0 credential (`accolade verify`): its rules,
//! its proof with the issuer's key (found through `did:web`, fetched, or
//! `did:key`), its status in the issuer's status list (fetched, and its own
//! proof verified), and its dates, as 1EdTech's verification steps say
//! (OB 3.0 §9.1). Each step is a check with what it found.

use super::{get, page};
use crate::check::report::{Check, Outcome, Verdict};
use crate::diag::{Code, Problems};
use crate::library::{self, Doc, Loaded, Source};
use crate::ob3::{rules, valid_from, valid_until};
use crate::sign::did;
use crate::sign::jwt::{self, JwtKey};
use crate::sign::key::PublicKey;
use crate::sign::status::{entry_index, StatusList};
use crate::util::dates;
use crate::util::json::parse_lenient;
use crate::util::jsonpos::JsonPath;
use crate::util::urls;
use serde::Serialize;
use serde_json::Value;
use std::path::Path;
use time::OffsetDateTime;

/// The outcome of verifying one credential.
#[derive(Serialize)]
pub struct CredentialReport {
    pub verdict: Verdict,
    pub headline: String,
    /// Where it came from: a file, or the URL it was fetched from.
    pub source: String,
    pub id: Option<String>,
    pub issuer: Option<String>,
    pub checks: Vec<Check>,
    pub problems: Problems,
    /// The credential verified (a VC-JWT's payload), not reported.
    #[serde(skip)]
    pub credential: Option<Value>,
}

/// A credential to verify, as read from a file or fetched: `None` when the
/// JSON is not an Open Badges 3.0 credential (a 2.0 assertion, say).
pub fn credential_of(text: &str) -> Option<Value> {
    let value = parse_lenient(text).ok()?;
    crate::ob3::is_credential(&value).then_some(value)
}

/// A credential as published: its JSON, or a VC-JWT.
pub enum Published {
    Json(Value),
    Jwt(String),
}

/// The credential at `url`: a credential's JSON or VC-JWT, or an award page
/// that links one. `None` when it is not a 3.0 credential.
pub fn fetch_credential(agent: &ureq::Agent, url: &str) -> Result<Option<(String, Published)>, String> {
    let mut response = get(agent, url)?;
    if response.status < 400 && page::is_html(response.content_type.as_deref(), &response.body) {
        let html = String::from_utf8_lossy(&response.body).into_owned();
        let Some(href) = page::alternate_json_link(&html) else { return Ok(None) };
        let json_url = page::resolve(&response.url, &href)?;
        response = get(agent, &json_url)?;
    }
    if response.status >= 400 {
        return Ok(None);
    }
    let text = String::from_utf8_lossy(&response.body);
    if let Some(token) = jwt_of(&text) {
        return Ok(Some((response.url, Published::Jwt(token))));
    }
    Ok(credential_of(&text).map(|v| (response.url, Published::Json(v))))
}

/// Finds keys on the web: `did:web` documents over https (http for a
/// local host, as test sites are served), `did:key` from the DID itself.
pub fn web_keys(agent: &ureq::Agent) -> impl Fn(&str) -> Result<PublicKey, String> + Sync + '_ {
    move |method: &str| {
        let of = did::did_of(method);
        if of.starts_with("did:key:") {
            return did::did_key(method);
        }
        if !of.starts_with("did:web:") {
            return Err(format!("`{method}`: only did:web and did:key keys are looked up"));
        }
        did::key_in_document(&did_document(agent, of)?, of, method)
    }
}

/// The DID document of a `did:web` DID, fetched.
fn did_document(agent: &ureq::Agent, of: &str) -> Result<Value, String> {
    let url = did::web_document_url(of)?;
    let response = get(agent, &url)?;
    if response.status >= 400 {
        return Err(format!("the DID document {url} answered {}", response.status));
    }
    parse_lenient(&String::from_utf8_lossy(&response.body))
        .map_err(|e| format!("the DID document {url} is not JSON: {e}"))
}

/// A VC-JWT in `text` (a compact JWS: three base64url parts).
pub fn jwt_of(text: &str) -> Option<String> {
    let token = text.trim();
    let parts: Vec<&str> = token.split('.').collect();
    let base64url = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    // An empty signature (`alg: none`) is still read as a JWT, so that it is
    // refused as one rather than reported as broken JSON.
    let signature_ok = parts.get(2).is_some_and(|p| p.is_empty() || base64url(p));
    (parts.len() == 3 && base64url(parts[0]) && base64url(parts[1]) && signature_ok).then(|| token.to_string())
}

/// Verifies a VC-JWT: its key is named by `kid`, a key of the issuer's DID
/// (did:web, fetched, or did:key); EdDSA, ES256 and RS256. Then the
/// credential it carries is verified as any other, its proof being the JWT.
pub fn verify_jwt(agent: &ureq::Agent, token: &str, source: &str, now: OffsetDateTime) -> CredentialReport {
    let checked = (|| -> Result<Value, String> {
        let header = jwt::jwt_header(token)?;
        let kid = header.get("kid").and_then(Value::as_str).ok_or("the JWT names no key (`kid`)")?;
        let of = did::did_of(kid);
        let key = if of.starts_with("did:key:") {
            JwtKey::Ed25519(did::did_key(kid)?.to_bytes())
        } else if of.starts_with("did:web:") {
            let doc = did_document(agent, of)?;
            let method = did::method_in_document(&doc, of, kid)?;
            match (method.get("publicKeyMultibase").and_then(Value::as_str), method.get("publicKeyJwk")) {
                (Some(multibase), _) => JwtKey::Ed25519(PublicKey::from_multibase(multibase)?.to_bytes()),
                (None, Some(jwk)) => JwtKey::Jwk(jwk.clone()),
                _ => return Err(format!("the key `{kid}` has neither publicKeyMultibase nor publicKeyJwk")),
            }
        } else {
            return Err(format!("`{kid}`: only did:web and did:key keys are looked up"));
        };
        let credential = jwt::verify_vc_jwt(token, &key)?;
        // OB 3.0 §8.2: a VC-JWT carries these claims (the verifier above
        // checks each one present against the credential).
        let claims = jwt::jws_payload_unverified(token)?;
        let missing: Vec<&str> = ["iss", "jti", "nbf"].into_iter().filter(|c| claims.get(*c).is_none()).collect();
        if !missing.is_empty() {
            return Err(format!("the VC-JWT lacks the claims Open Badges 3.0 requires: {}", missing.join(", ")));
        }
        let issuer = credential.pointer("/issuer/id").or_else(|| credential.get("issuer")).and_then(Value::as_str);
        if issuer != Some(of) {
            return Err(format!("the JWT's key `{kid}` is not the issuer's"));
        }
        Ok(credential)
    })();
    match checked {
        Ok(credential) => verify_secured(agent, credential, source, now, Some(Ok("VC-JWT".into()))),
        Err(why) => {
            // What the token says, unverified, so the report still names it.
            let claimed = jwt::jws_payload_unverified(token).ok().map(|p| p.get("vc").cloned().unwrap_or(p));
            let credential = claimed.unwrap_or_else(|| Value::Object(Default::default()));
            verify_secured(agent, credential, source, now, Some(Err(why)))
        }
    }
}

/// Verifies `credential` (read from `source`) as of `now`.
pub fn verify_credential(
    agent: &ureq::Agent,
    credential: Value,
    source: &str,
    now: OffsetDateTime,
) -> CredentialReport {
    verify_secured(agent, credential, source, now, None)
}

/// As `verify_credential`; `secured` is the outcome of an enveloping proof
/// (a VC-JWT's signature) that stands in for an embedded `proof`.
fn verify_secured(
    agent: &ureq::Agent,
    credential: Value,
    source: &str,
    now: OffsetDateTime,
    secured: Option<Result<String, String>>,
) -> CredentialReport {
    let keys = web_keys(agent);
    let id = credential.get("id").and_then(Value::as_str).map(str::to_string);
    let issuer = credential
        .pointer("/issuer/id")
        .or_else(|| credential.get("issuer"))
        .and_then(Value::as_str)
        .map(str::to_string);
    // The rules and the proof, as a site's check judges them.
    let mut loaded = Loaded::default();
    loaded.sources.push(Source::new(source.to_string(), serde_json::to_string_pretty(&credential).unwrap_or_default()));
    loaded.credentials.push(Doc { source: 0, at: JsonPath::root(), raw: Value::Null, data: credential.clone() });
    let mut problems = Problems::default();
    let library = library::link(Path::new(""), loaded, None, &mut problems);
    rules::check_credentials(&library, None, &keys, now, &mut problems);
    let proof_problems: Vec<String> = match &secured {
        Some(Ok(_)) => Vec::new(),
        Some(Err(why)) => vec![why.clone()],
        None => problems.iter().filter(|p| p.code == Code::CredentialProof).map(|p| p.message.clone()).collect(),
    };
    if secured.is_some() {
        problems.0.retain(|p| p.code != Code::CredentialProof);
    }
    let rule_problems: Vec<String> = problems
        .iter()
        .filter(|p| p.is_error() && p.code != Code::CredentialProof)
        .map(|p| format!("{}: {}", p.json_path.as_deref().unwrap_or(""), p.message))
        .collect();
    let mut checks = vec![
        check("credential.rules", "Follows the Open Badges 3.0 data model", &rule_problems),
        check(
            "credential.proof",
            if secured.is_some() { "Signed by the issuer's key (VC-JWT)" } else { "Signed by the issuer's key" },
            &proof_problems,
        ),
    ];
    let (revoked, status_check) = status(agent, &credential, &keys, issuer.as_deref());
    checks.push(status_check);
    let expired = valid_until(&credential).and_then(|d| dates::parse(d).ok()).filter(|t| *t <= now);
    let not_yet = valid_from(&credential).and_then(|d| dates::parse(d).ok()).filter(|t| *t > now);
    let dates_detail = match (expired, not_yet) {
        (Some(t), _) => Some(format!("expired on {}", dates::human(t))),
        (_, Some(t)) => Some(format!("not valid until {}", dates::human(t))),
        _ => None,
    };
    checks.push(Check {
        name: "credential.dates",
        label: "Within its validity dates",
        outcome: if dates_detail.is_some() { Outcome::Fail } else { Outcome::Pass },
        detail: dates_detail,
    });
    let invalid = checks
        .iter()
        .any(|c| c.outcome == Outcome::Fail && c.name != "credential.dates" && c.name != "credential.status");
    let verdict = if invalid {
        Verdict::Invalid
    } else if revoked {
        Verdict::Revoked
    } else if not_yet.is_some() {
        // Not valid yet: a verifier must not accept it (VC Data Model), and
        // it is not expired either.
        Verdict::Invalid
    } else if expired.is_some() {
        Verdict::Expired
    } else if checks.iter().any(|c| c.outcome == Outcome::Fail) {
        Verdict::Invalid
    } else {
        Verdict::Valid
    };
    let name = credential
        .pointer("/credentialSubject/achievement/name")
        .or_else(|| credential.get("name"))
        .and_then(Value::as_str)
        .unwrap_or("an achievement");
    let issuer_name =
        credential.pointer("/issuer/name").and_then(Value::as_str).or(issuer.as_deref()).unwrap_or("an unknown issuer");
    let headline = match verdict {
        Verdict::Valid => format!("Valid: an Open Badges 3.0 credential for “{name}”, signed by {issuer_name}"),
        Verdict::Revoked => format!("Revoked: {issuer_name} revoked this credential for “{name}”"),
        Verdict::Expired => {
            format!("Expired: the credential for “{name}” from {issuer_name} is outside its validity dates")
        }
        _ => format!("Invalid: this credential for “{name}” does not verify"),
    };
    CredentialReport {
        verdict,
        headline,
        source: source.to_string(),
        id,
        issuer,
        checks,
        problems,
        credential: Some(credential),
    }
}

fn check(name: &'static str, label: &'static str, failures: &[String]) -> Check {
    Check {
        name,
        label,
        outcome: if failures.is_empty() { Outcome::Pass } else { Outcome::Fail },
        detail: (!failures.is_empty()).then(|| failures.join("; ")),
    }
}

/// The credential's status entry looked up in its issuer's list: whether it
/// is revoked, and the check that says what was found. A list that cannot
/// be fetched or verified fails the check (a verifier cannot tell).
fn status(agent: &ureq::Agent, credential: &Value, keys: &rules::KeyFinder<'_>, issuer: Option<&str>) -> (bool, Check) {
    let result = |outcome, detail: Option<String>| Check {
        name: "credential.status",
        label: "Not revoked in the issuer's status list",
        outcome,
        detail,
    };
    let Some(entry) = credential.get("credentialStatus") else {
        return (false, result(Outcome::Pass, Some("the credential has no status entry".into())));
    };
    let looked_up = (|| -> Result<bool, String> {
        let (list_url, index) = entry_index(entry)?;
        if !urls::is_web_url(&list_url) {
            return Err(format!("the status list `{list_url}` is not an http(s) URL"));
        }
        let response = get(agent, &list_url)?;
        if response.status >= 400 {
            return Err(format!("the status list {list_url} answered {}", response.status));
        }
        let list = parse_lenient(&String::from_utf8_lossy(&response.body))
            .map_err(|e| format!("the status list {list_url} is not JSON: {e}"))?;
        let list_issuer = list.pointer("/issuer/id").or_else(|| list.get("issuer")).and_then(Value::as_str);
        if list_issuer != issuer {
            return Err(format!("the status list {list_url} is not the credential's issuer's"));
        }
        let proof = match list.get("proof") {
            Some(Value::Array(items)) => items.first().cloned(),
            p => p.cloned(),
        }
        .ok_or_else(|| format!("the status list {list_url} is not signed"))?;
        let method = proof.get("verificationMethod").and_then(Value::as_str).unwrap_or("");
        if Some(did::did_of(method)) != list_issuer {
            return Err(format!("the status list {list_url} is signed by another key than its issuer's"));
        }
        let public = keys(method)?;
        crate::sign::proof::verify_any(&list, &public, method, did::did_of(method))
            .map_err(|why| format!("the status list's proof does not verify: {why}"))?;
        let encoded = list
            .pointer("/credentialSubject/encodedList")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("the status list {list_url} has no encodedList"))?;
        let bits = StatusList::decode(encoded)?;
        bits.get(index).ok_or_else(|| format!("index {index} is past the end of the status list"))
    })();
    match looked_up {
        Ok(false) => (false, result(Outcome::Pass, None)),
        Ok(true) => (true, result(Outcome::Fail, Some("revoked".into()))),
        Err(why) => (false, result(Outcome::Fail, Some(why))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwts_are_told_from_json() {
        assert!(jwt_of(" eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2ln \n").is_some());
        assert!(jwt_of("eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.").is_some(), "unsigned, to be refused as a JWT");
        for not in ["{\"id\": \"a.b.c\"}", "a.b", "a.b.c.d", ".b.c", "a b.c.d"] {
            assert!(jwt_of(not).is_none(), "{not}");
        }
    }
}
