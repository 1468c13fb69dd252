//! Open Badges 2.0 signed badges: the assertion is the payload of a compact
//! JWS (RS256) made with a key its issuer publishes (OB 2.0 §SignedBadge
//! verification). The payload is read unverified only to find that key
//! (`verification.creator`) and the badge class and issuer, fetched as for a
//! hosted badge; the key must be the issuer's (its `owner` is the issuer and
//! the issuer's `publicKey` lists it) and the signature must check out with
//! it. Then the assertion is judged by the same rules and checks as a hosted
//! one, and the issuer's revocation list says whether it is revoked.
//!
//! Nothing is trusted for being on a web server here, so the hosted-only
//! rules do not apply: the id need not be a URL it is served at, and the
//! issuer's hosting policy (`startsWith`, `allowedOrigins`) is not about it.

use super::{get, Fetcher, Remote};
use crate::art::bake::unbake;
use crate::check::report::{award_reports, Check, Outcome};
use crate::check::{self, Mode};
use crate::diag::{Code, Problem};
use crate::library;
use crate::model::{all, Assertion, Profile};
use crate::remote::ob3::jwt_of;
use crate::sign::jwt::{jws_payload_unverified, verify_ob2_jws};
use crate::util::json::parse_lenient;
use crate::util::sniff::sniff_bytes;
use crate::util::urls;
use serde_json::Value;
use std::path::Path;
use time::OffsetDateTime;

/// The check that the JWS verifies with the key it names.
pub const SIGNATURE: &str = "assertion.signature";
/// The check that the key is its issuer's.
pub const KEY: &str = "issuer.key";
const SIGNATURE_LABEL: &str = "Its signature (JWS, RS256) checks out with the key it names";
const KEY_LABEL: &str =
    "The signing key is its issuer's: the issuer's profile lists it and it names the issuer as owner";

/// A signed badge found in what `accolade verify` was given.
pub struct SignedInput {
    pub token: String,
    /// Where it was found: the file, or `the JWS given`.
    pub source: String,
}

/// The Open Badges 2.0 signed badge `input` is or holds: the JWS itself, a
/// file of it, or a PNG or SVG image baked with it. `None` for anything else
/// (a URL, a hosted assertion, a 3.0 credential or VC-JWT): that is verified
/// the other ways.
pub fn token_in(input: &str) -> Option<SignedInput> {
    if urls::is_web_url(input) {
        return None;
    }
    let (text, source) = match std::fs::read(input) {
        Ok(bytes) => match sniff_bytes(&bytes) {
            Some("png" | "svg") => (unbake(&bytes).ok()?, input.to_string()),
            _ => (String::from_utf8(bytes).ok()?, input.to_string()),
        },
        // Not a file: the token itself, maybe.
        Err(_) => (input.to_string(), "the JWS given".to_string()),
    };
    let token = jwt_of(&text)?;
    is_assertion(&jws_payload_unverified(&token).ok()?).then_some(SignedInput { token, source })
}

/// An Open Badges 2.0 assertion, not a verifiable credential (a VC-JWT's
/// payload is one, or carries one as `vc`).
fn is_assertion(payload: &Value) -> bool {
    let types: Vec<&str> = match payload.get("type") {
        Some(Value::String(t)) => vec![t],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    payload.get("vc").is_none()
        && !types.contains(&"VerifiableCredential")
        && (types.contains(&"Assertion") || payload.get("badge").is_some())
}

/// Verifies the signed badge `token` (found in `source`) as of `now`.
pub fn verify(agent: &ureq::Agent, token: &str, source: &str, now: OffsetDateTime) -> Result<Remote, String> {
    let payload = jws_payload_unverified(token).map_err(|e| format!("{source} is not a signed badge: {e}"))?;
    let name = format!("{source} (JWS payload)");
    let url = payload.get("id").and_then(Value::as_str).unwrap_or(&name).to_string();
    let mut f = Fetcher::new(agent);
    // Pretty, so that a problem's line and column point somewhere readable.
    let text = serde_json::to_string_pretty(&payload).unwrap_or_default();
    let at = f.add_source(&name, text);
    let Some(assertion) = f.file::<Assertion>(at, payload) else {
        return Ok(Remote {
            library: super::empty(),
            reports: Vec::new(),
            problems: f.problems,
            gone: false,
            page: None,
            url,
        });
    };
    let issuer = f.linked(&assertion);
    let (signature, key) = signature_checks(agent, token, &assertion, issuer.as_ref());
    let Fetcher { loaded, mut problems, images, .. } = f;
    for (check, code) in [(&signature, Code::SignedSignature), (&key, Code::SignedKey)] {
        if let (Outcome::Fail, Some(why)) = (check.outcome, &check.detail) {
            problems.push(Problem::error(code, &name, why.clone()));
        }
    }
    let library = library::link(Path::new(""), loaded, None, &mut problems);
    check::run(&library, &Mode::Remote(&images), now, &mut problems);
    // The rule that refuses signed awards is for JSON read without its
    // signature (a site folder, a hosted copy); this one's is checked above.
    problems.0.retain(|p| !(p.code == Code::VerificationSigned && p.file == name));
    let mut reports = award_reports(&library, &problems, now);
    for (award, checks) in library.awards.iter().zip(&mut reports) {
        if award.revoked.is_some() {
            // Revoked is the verdict; whether it was genuinely signed stays said.
            checks.retain(|c| c.name == "assertion.revocation");
        }
        // Two hosted checks say nothing of a signed badge: it is not fetched from its id.
        for c in checks.iter_mut().filter(|c| c.outcome == Outcome::Pass) {
            match c.name {
                "assertion.id" => c.detail = Some("a signed badge is not fetched from its id".into()),
                "issuer.policy" => c.detail = Some("not applicable: a signed badge is not hosted".into()),
                _ => {}
            }
        }
        checks.splice(0..0, [signature.clone(), key.clone()]);
    }
    Ok(Remote { library, reports, problems, gone: false, page: None, url })
}

/// The signature check and the key-ownership check of a signed assertion.
fn signature_checks(
    agent: &ureq::Agent,
    token: &str,
    assertion: &Assertion,
    issuer: Option<&Profile>,
) -> (Check, Check) {
    let check = |name, label, result: Result<String, String>| match result {
        Ok(detail) => Check { name, label, outcome: Outcome::Pass, detail: Some(detail) },
        Err(why) => Check { name, label, outcome: Outcome::Fail, detail: Some(why) },
    };
    let key = creator(assertion).and_then(|url| fetch_key(agent, url).map(|key| (url, key)));
    let signature = key
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|(url, key)| verify_ob2_jws(token, &key.pem).map(|_| format!("signed with {url}")));
    let owned = key.as_ref().map_err(|_| "the key could not be read".to_string()).and_then(|(url, key)| {
        let issuer = issuer.ok_or("the issuer profile was not found")?;
        key_is_issuers(url, key, issuer).map(|()| format!("{url}, of {}", issuer.id.as_deref().unwrap_or("")))
    });
    (check(SIGNATURE, SIGNATURE_LABEL, signature), check(KEY, KEY_LABEL, owned))
}

/// The key a signed assertion names (`verification.creator`).
fn creator(assertion: &Assertion) -> Result<&str, String> {
    let v = assertion.verification.as_ref().ok_or("the assertion has no `verification`")?;
    if !v.is_signed() {
        return Err(format!("its verification type is `{}`, not SignedBadge", all(&v.kind).join(", ")));
    }
    v.creator.as_deref().ok_or_else(|| "its `verification` names no key (`creator`)".to_string())
}

/// A CryptographicKey, fetched.
struct Key {
    /// Its `id`, when it has one.
    id: Option<String>,
    owner: Option<String>,
    pem: String,
}

fn fetch_key(agent: &ureq::Agent, url: &str) -> Result<Key, String> {
    if !urls::is_web_url(url) {
        return Err(format!("the key `{url}` is not an http(s) URL"));
    }
    let r = get(agent, url)?;
    if r.status >= 400 {
        return Err(format!("the key {url}: the server answered {}", r.status));
    }
    let key =
        parse_lenient(&String::from_utf8_lossy(&r.body)).map_err(|e| format!("the key {url} is not JSON: {e}"))?;
    let text = |name: &str| key.get(name).and_then(Value::as_str).map(str::to_string);
    Ok(Key {
        id: text("id"),
        owner: text("owner"),
        pem: text("publicKeyPem").ok_or_else(|| format!("the key {url} has no `publicKeyPem`"))?,
    })
}

/// The two-way link of OB 2.0 §CryptographicKey: the issuer's `publicKey`
/// lists the key, and the key's `owner` is the issuer.
fn key_is_issuers(url: &str, key: &Key, issuer: &Profile) -> Result<(), String> {
    let issuer_id = issuer.id.as_deref().ok_or("the issuer profile has no id")?;
    if key.id.as_deref().is_some_and(|id| id != url) {
        return Err(format!("the key at {url} declares its id as `{}`", key.id.as_deref().unwrap_or("")));
    }
    if key.owner.as_deref() != Some(issuer_id) {
        let owner = key.owner.as_deref().map_or("no owner".to_string(), |o| format!("owner `{o}`"));
        return Err(format!("the key {url} names {owner}, not the issuer `{issuer_id}`"));
    }
    let listed = public_keys(issuer);
    if !listed.contains(&url) {
        return Err(format!("the issuer's `publicKey` does not list {url}"));
    }
    Ok(())
}

/// The ids of the keys an issuer profile lists: URLs, or keys embedded with their `id`.
fn public_keys(issuer: &Profile) -> Vec<&str> {
    fn id_of(v: &Value) -> Option<&str> {
        match v {
            Value::String(s) => Some(s),
            Value::Object(o) => o.get("id").and_then(Value::as_str),
            _ => None,
        }
    }
    match issuer.extra.get("publicKey") {
        Some(Value::Array(keys)) => keys.iter().filter_map(id_of).collect(),
        Some(one) => id_of(one).into_iter().collect(),
        None => Vec::new(),
    }
}
