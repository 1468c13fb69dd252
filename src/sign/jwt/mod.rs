//! JOSE proofs of badges: the VC-JWT proof of Open Badges 3.0 (1EdTech OB
//! 3.0 §8.2: a compact JWS whose payload is the credential plus the JWT
//! claims `iss`, `jti`, `nbf`, `sub`, `exp`), and the signed badges of Open
//! Badges 2.0 (a compact JWS, RS256, whose payload is the assertion).
//!
//! The signatures are the `jsonwebtoken` crate's (its RustCrypto backend)
//! and ed25519-dalek's; this module only splits and joins the compact form,
//! picks the one algorithm a key allows, and checks the claims against the
//! credential. Finding the key (`kid`, `jwk`, `verification.creator`) and
//! judging time (`validFrom`, `validUntil`) are the caller's: a credential
//! that expired is still signed by its issuer.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ed25519_dalek::Signer;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// A key to verify a VC-JWT with.
pub enum JwtKey {
    /// Raw Ed25519 public key bytes (as a Multikey `z6Mk…` holds them).
    Ed25519([u8; 32]),
    /// A public JWK (RFC 7517): OKP/Ed25519, EC/P-256 or RSA.
    Jwk(Value),
}

/// The JWT registered claims (RFC 7519 §4.1). In a VCDM 2.0 VC-JWT they sit
/// beside the credential's own members; they are not part of the credential.
const REGISTERED_CLAIMS: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

/// Signs an Open Badges 3.0 credential as a VC-JWT with the issuer's Ed25519
/// key (its 32-byte seed). `kid` names the public key, e.g. `did:web:…#key-1`.
pub fn sign_vc_jwt(credential: &Value, secret: &[u8; 32], kid: &str) -> Result<String, String> {
    let fields = credential.as_object().ok_or("the credential is not a JSON object")?;
    let mut payload = fields.clone();
    let iss = issuer_id(fields).ok_or("the credential has no issuer id (for `iss`)")?;
    let jti = fields.get("id").and_then(Value::as_str).ok_or("the credential has no id (for `jti`)")?;
    let valid_from = fields.get("validFrom").ok_or("the credential has no validFrom (for `nbf`)")?;
    payload.insert("iss".into(), iss.into());
    payload.insert("jti".into(), jti.into());
    payload.insert("nbf".into(), numeric_date(valid_from, "validFrom")?.into());
    if let Some(sub) = subject_id(fields) {
        payload.insert("sub".into(), sub.into());
    }
    if let Some(valid_until) = fields.get("validUntil") {
        payload.insert("exp".into(), numeric_date(valid_until, "validUntil")?.into());
    }
    let header = json!({"alg": "EdDSA", "typ": "JWT", "kid": kid});
    let to_bytes = |v: &Value| serde_json::to_vec(v).map_err(|e| format!("cannot write the token: {e}"));
    Ok(sign_eddsa(&to_bytes(&header)?, &to_bytes(&Value::Object(payload))?, secret))
}

/// A compact JWS of these exact header and payload bytes, signed with Ed25519.
fn sign_eddsa(header: &[u8], payload: &[u8], secret: &[u8; 32]) -> String {
    let input = format!("{}.{}", URL_SAFE_NO_PAD.encode(header), URL_SAFE_NO_PAD.encode(payload));
    let signature = ed25519_dalek::SigningKey::from_bytes(secret).sign(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

/// The JOSE header of a token, unverified: to find its key by `kid` or `jwk`.
pub fn jwt_header(token: &str) -> Result<Value, String> {
    let parts = split(token)?;
    json_part(parts.header, "header")
}

/// Verifies a VC-JWT and gives back the credential.
///
/// The one algorithm the key allows is the only one accepted: EdDSA for
/// Ed25519, ES256 for P-256, RS256 for RSA; `none` never. The claims must
/// agree with the credential. A VCDM 2.0 token's payload is the credential
/// (the JWT claims are taken off it); a VCDM 1.1 token carries it in the `vc`
/// claim. A member the credential leaves to its claim is filled from it (the
/// VCDM 1.1 rule; for 2.0, OB 3.0 says `exp` sets `validUntil`).
pub fn verify_vc_jwt(token: &str, key: &JwtKey) -> Result<Value, String> {
    let key = match key {
        JwtKey::Ed25519(bytes) => ed25519_key(bytes)?,
        JwtKey::Jwk(jwk) => jwk_key(jwk)?,
    };
    let payload = json_bytes(&verify_compact(token, &key)?, "payload")?;
    let Value::Object(mut claims) = payload else {
        return Err("the token's payload is not a JSON object".into());
    };
    match claims.remove("vc") {
        Some(Value::Object(mut credential)) => {
            check_claims(&claims, &mut credential, true)?;
            Ok(Value::Object(credential))
        }
        Some(_) => Err("the token's `vc` claim is not a JSON object".into()),
        None if claims.contains_key("@context") => {
            let mut credential = claims.clone();
            for name in REGISTERED_CLAIMS {
                credential.remove(name);
            }
            check_claims(&claims, &mut credential, false)?;
            Ok(Value::Object(credential))
        }
        None => Err("the token's payload is not a credential (no `@context`) and has no `vc` claim".into()),
    }
}

/// Verifies an Open Badges 2.0 signed badge (a compact JWS, RS256) with the
/// issuer's RSA public key in PEM (SPKI, `-----BEGIN PUBLIC KEY-----`, as
/// `CryptographicKey.publicKeyPem` holds it) and gives back the assertion.
/// That the key is the one the assertion's `verification.creator` names is
/// the caller's to check.
pub fn verify_ob2_jws(token: &str, public_key_pem: &str) -> Result<Value, String> {
    let decoding = DecodingKey::from_rsa_pem(public_key_pem.trim().as_bytes())
        .map_err(|e| format!("the public key is not an RSA public key in PEM: {e}"))?;
    let assertion = json_bytes(&verify_compact(token, &Key { decoding, alg: Algorithm::RS256 })?, "payload")?;
    if !assertion.is_object() {
        return Err("the signed badge's payload is not a JSON object".into());
    }
    Ok(assertion)
}

/// The payload of a compact JWS as JSON, unverified: to read an Open Badges
/// 2.0 assertion's `verification.creator` before its key is fetched.
pub fn jws_payload_unverified(token: &str) -> Result<Value, String> {
    json_part(split(token)?.payload, "payload")
}

/// A public key and the one algorithm it may verify.
struct Key {
    decoding: DecodingKey,
    alg: Algorithm,
}

fn ed25519_key(bytes: &[u8; 32]) -> Result<Key, String> {
    // Checked here: jsonwebtoken takes any bytes and only fails at use.
    ed25519_dalek::VerifyingKey::from_bytes(bytes).map_err(|_| "the Ed25519 public key is not a valid point")?;
    let decoding = DecodingKey::from_ed_components(&URL_SAFE_NO_PAD.encode(bytes))
        .map_err(|e| format!("the Ed25519 public key: {e}"))?;
    Ok(Key { decoding, alg: Algorithm::EdDSA })
}

/// The key of a public JWK. Its `kty` and `crv` decide the algorithm; an
/// `alg` member must name that same algorithm.
fn jwk_key(jwk: &Value) -> Result<Key, String> {
    let member = |name: &str| jwk.get(name).and_then(Value::as_str);
    // Decoded here, with lengths checked: jsonwebtoken slices an Ed25519
    // key's bytes without checking their length.
    let bytes = |name: &str| -> Result<Vec<u8>, String> {
        let text = member(name).ok_or_else(|| format!("the JWK has no `{name}`"))?;
        URL_SAFE_NO_PAD.decode(text).map_err(|_| format!("the JWK's `{name}` is not base64url"))
    };
    let sized = |name: &str, len: usize| -> Result<Vec<u8>, String> {
        let b = bytes(name)?;
        if b.len() == len {
            Ok(b)
        } else {
            Err(format!("the JWK's `{name}` is {} bytes, not {len}", b.len()))
        }
    };
    let key = match (member("kty"), member("crv")) {
        (Some("OKP"), Some("Ed25519")) => {
            let x = sized("x", 32)?;
            let mut raw = [0u8; 32];
            raw.copy_from_slice(&x);
            ed25519_key(&raw)?
        }
        (Some("EC"), Some("P-256")) => {
            sized("x", 32)?;
            sized("y", 32)?;
            let decoding =
                DecodingKey::from_ec_components(member("x").unwrap_or_default(), member("y").unwrap_or_default())
                    .map_err(|e| format!("the JWK's P-256 key: {e}"))?;
            Key { decoding, alg: Algorithm::ES256 }
        }
        (Some("RSA"), _) => {
            let decoding = DecodingKey::from_rsa_raw_components(&bytes("n")?, &bytes("e")?);
            Key { decoding, alg: Algorithm::RS256 }
        }
        (kty, crv) => {
            return Err(format!(
                "the JWK's key type is not one of OKP/Ed25519, EC/P-256, RSA (kty {}, crv {})",
                kty.unwrap_or("missing"),
                crv.unwrap_or("missing")
            ))
        }
    };
    if let Some(alg) = member("alg") {
        if alg != alg_name(key.alg) {
            return Err(format!("the JWK is for {alg}, but its key type signs {}", alg_name(key.alg)));
        }
    }
    if let Some(usage) = member("use") {
        if usage != "sig" {
            return Err(format!("the JWK's use is `{usage}`, not `sig`"));
        }
    }
    if jwk.get("d").is_some() {
        return Err("the JWK holds a private key (`d`); give the public key only".into());
    }
    Ok(key)
}

fn alg_name(alg: Algorithm) -> &'static str {
    match alg {
        Algorithm::EdDSA => "EdDSA",
        Algorithm::ES256 => "ES256",
        Algorithm::RS256 => "RS256",
        // Keys are only ever made for the three above.
        _ => "another algorithm",
    }
}

/// The three base64url parts of a compact JWS.
struct Compact<'a> {
    header: &'a str,
    payload: &'a str,
    signature: &'a str,
}

fn split(token: &str) -> Result<Compact<'_>, String> {
    let mut parts = token.trim().split('.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(header), Some(payload), Some(signature), None) => Ok(Compact { header, payload, signature }),
        _ => Err("not a compact JWS (three base64url parts joined by '.')".into()),
    }
}

fn json_part(part: &str, what: &str) -> Result<Value, String> {
    json_bytes(&base64url(part, what)?, what)
}

fn base64url(part: &str, what: &str) -> Result<Vec<u8>, String> {
    URL_SAFE_NO_PAD.decode(part).map_err(|_| format!("the token's {what} is not base64url"))
}

fn json_bytes(bytes: &[u8], what: &str) -> Result<Value, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("the token's {what} is not JSON: {e}"))
}

/// Checks a compact JWS's signature with `key` and gives back its payload. The header's `alg` must be the key's algorithm: a token may not
/// choose how it is checked (`none`, or HS256 with a public key as secret).
fn verify_compact(token: &str, key: &Key) -> Result<Vec<u8>, String> {
    let parts = split(token)?;
    let header = json_part(parts.header, "header")?;
    let header = header.as_object().ok_or("the token's header is not a JSON object")?;
    let alg = header.get("alg").and_then(Value::as_str).ok_or("the token's header has no `alg`")?;
    let expected = alg_name(key.alg);
    if alg.eq_ignore_ascii_case("none") {
        return Err("the token is unsigned (alg `none`)".into());
    }
    if alg != expected {
        return Err(format!("the token is signed with {alg}, but the key is for {expected}"));
    }
    // No extension is understood, so one marked critical must be refused (RFC 7515 §4.1.11).
    if header.contains_key("crit") {
        return Err("the token's header has `crit` extensions, which are not supported".into());
    }
    let input = format!("{}.{}", parts.header, parts.payload);
    match jsonwebtoken::crypto::verify(parts.signature, input.as_bytes(), &key.decoding, key.alg) {
        Ok(true) => base64url(parts.payload, "payload"),
        Ok(false) => Err("the signature does not match the token and the key".into()),
        Err(e) => Err(format!("cannot check the signature: {e}")),
    }
}

fn issuer_id(credential: &Map<String, Value>) -> Option<&str> {
    match credential.get("issuer")? {
        Value::String(id) => Some(id),
        issuer => issuer.get("id")?.as_str(),
    }
}

/// `credentialSubject.id`, when there is one subject and it has an id.
fn subject_id(credential: &Map<String, Value>) -> Option<&str> {
    credential.get("credentialSubject")?.get("id")?.as_str()
}

/// A date-time string as a JWT NumericDate (seconds since the epoch).
fn numeric_date(value: &Value, name: &str) -> Result<i64, String> {
    let text = value.as_str().ok_or_else(|| format!("{name} is not a string"))?;
    OffsetDateTime::parse(text, &Rfc3339)
        .map(OffsetDateTime::unix_timestamp)
        .map_err(|e| format!("{name} `{text}` is not an RFC 3339 date-time: {e}"))
}

/// A NumericDate claim's whole seconds (it may have a fraction).
fn claim_seconds(claims: &Map<String, Value>, name: &str) -> Result<Option<i64>, String> {
    match claims.get(name) {
        None => Ok(None),
        Some(v) => {
            let seconds = v.as_i64().or_else(|| v.as_f64().filter(|f| f.is_finite()).map(|f| f.floor() as i64));
            seconds.map(Some).ok_or_else(|| format!("the `{name}` claim is not a NumericDate: {v}"))
        }
    }
}

fn claim_str<'a>(claims: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>, String> {
    match claims.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(v) => Err(format!("the `{name}` claim is not a string: {v}")),
    }
}

/// Checks that the JWT claims say what the credential says. A member the
/// credential lacks is taken from its claim: the claims may stand in for it.
/// `vcdm_1_1` picks the names of the dates to fill.
fn check_claims(
    claims: &Map<String, Value>,
    credential: &mut Map<String, Value>,
    vcdm_1_1: bool,
) -> Result<(), String> {
    let disagree = |claim: &str, said: &dyn std::fmt::Display, member: &str, has: &dyn std::fmt::Display| {
        format!("the `{claim}` claim ({said}) disagrees with the credential's {member} ({has})")
    };
    if let Some(iss) = claim_str(claims, "iss")? {
        match issuer_id(credential) {
            Some(id) if id != iss => return Err(disagree("iss", &iss, "issuer id", &id)),
            None if !credential.contains_key("issuer") => {
                credential.insert("issuer".into(), iss.into());
            }
            _ => {}
        }
    }
    if let Some(jti) = claim_str(claims, "jti")? {
        match credential.get("id").and_then(Value::as_str) {
            Some(id) if id != jti => return Err(disagree("jti", &jti, "id", &id)),
            None if !credential.contains_key("id") => {
                credential.insert("id".into(), jti.into());
            }
            _ => {}
        }
    }
    if let Some(sub) = claim_str(claims, "sub")? {
        match subject_id(credential) {
            Some(id) if id != sub => return Err(disagree("sub", &sub, "credentialSubject.id", &id)),
            None => {
                if let Some(Value::Object(subject)) = credential.get_mut("credentialSubject") {
                    subject.entry("id").or_insert_with(|| sub.into());
                }
            }
            _ => {}
        }
    }
    // VCDM 2.0 names the dates validFrom/validUntil; VCDM 1.1 issuanceDate/expirationDate.
    for (claim, v2, v1) in [("nbf", "validFrom", "issuanceDate"), ("exp", "validUntil", "expirationDate")] {
        let Some(seconds) = claim_seconds(claims, claim)? else { continue };
        match [v2, v1].into_iter().find(|m| credential.contains_key(*m)) {
            Some(member) => {
                let date = numeric_date(&credential[member], member)?;
                if date != seconds {
                    let shown = &credential[member];
                    return Err(disagree(claim, &date_text(seconds), member, shown));
                }
            }
            None => {
                let member = if vcdm_1_1 { v1 } else { v2 };
                credential.insert(member.into(), date_text(seconds).into());
            }
        }
    }
    Ok(())
}

/// A NumericDate as an RFC 3339 date-time (or the number, if out of range).
fn date_text(seconds: i64) -> String {
    OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| seconds.to_string())
}

#[cfg(test)]
mod tests;
