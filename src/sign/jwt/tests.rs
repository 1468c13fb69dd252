use super::*;

// RFC 8037 A.1's Ed25519 key and A.4's JWS of "Example of Ed25519 signing".
const RFC8037_SEED: &str = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
const RFC8037_X: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
const RFC8037_JWS: &str = concat!(
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.",
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
);
const KID: &str = "did:web:badges.example.org#key-1";

fn b64(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).unwrap()
}
fn seed() -> [u8; 32] {
    b64(RFC8037_SEED).try_into().unwrap()
}
fn ed_public() -> [u8; 32] {
    b64(RFC8037_X).try_into().unwrap()
}
fn ed_key() -> JwtKey {
    JwtKey::Ed25519(ed_public())
}
fn jwk(text: &str) -> JwtKey {
    JwtKey::Jwk(serde_json::from_str(text).unwrap())
}
fn credential() -> Value {
    serde_json::from_str(CREDENTIAL).unwrap()
}
fn err<T: std::fmt::Debug>(r: Result<T, String>) -> String {
    r.expect_err("should have been refused")
}

/// A compact JWS of any header and payload, signed by jsonwebtoken.
fn jwt_sign(header: Value, payload: &Value, key: &jsonwebtoken::EncodingKey, alg: Algorithm) -> String {
    let input =
        format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(payload.to_string()));
    format!("{input}.{}", jsonwebtoken::crypto::sign(input.as_bytes(), key, alg).unwrap())
}
fn rsa_signer() -> jsonwebtoken::EncodingKey {
    jsonwebtoken::EncodingKey::from_rsa_pem(RSA_PRIVATE_PEM.as_bytes()).unwrap()
}
fn ec_signer() -> jsonwebtoken::EncodingKey {
    jsonwebtoken::EncodingKey::from_ec_pem(EC_PRIVATE_PEM.as_bytes()).unwrap()
}
/// A token over `payload` as it stands (claims and all), signed with the Ed25519 test key.
fn ed_token(payload: &Value) -> String {
    sign_eddsa(br#"{"alg":"EdDSA","typ":"JWT"}"#, payload.to_string().as_bytes(), &seed())
}
/// The token with its payload replaced, signature kept.
fn with_payload(token: &str, payload: &str) -> String {
    let parts: Vec<&str> = token.split('.').collect();
    format!("{}.{}.{}", parts[0], URL_SAFE_NO_PAD.encode(payload), parts[2])
}

#[test]
fn rfc8037_ed25519_example_signs_and_verifies() {
    assert_eq!(sign_eddsa(br#"{"alg":"EdDSA"}"#, b"Example of Ed25519 signing", &seed()), RFC8037_JWS);
    let key = ed25519_key(&ed_public()).unwrap();
    assert_eq!(verify_compact(RFC8037_JWS, &key).unwrap(), b"Example of Ed25519 signing");
    let x = format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{RFC8037_X}"}}"#);
    let key = jwk_key(&serde_json::from_str(&x).unwrap()).unwrap();
    assert!(verify_compact(RFC8037_JWS, &key).is_ok());
    let changed = with_payload(RFC8037_JWS, "Example of Ed25519 signinG");
    assert!(err(verify_compact(&changed, &key)).contains("does not match"));
}

#[test]
fn eddsa_round_trip() {
    let cred = credential();
    let token = sign_vc_jwt(&cred, &seed(), KID).unwrap();
    assert_eq!(jwt_header(&token).unwrap(), json!({"alg": "EdDSA", "typ": "JWT", "kid": KID}));
    let claims = jws_payload_unverified(&token).unwrap();
    assert_eq!(claims["iss"], "did:web:badges.example.org");
    assert_eq!(claims["jti"], "https://badges.example.org/credentials/ada-rust.json");
    assert_eq!(claims["sub"], "did:example:ada");
    assert_eq!(claims["nbf"].as_i64(), Some(1_704_067_200));
    assert!(claims.get("exp").is_none());
    // The claims come off again: what was signed is what comes back.
    assert_eq!(verify_vc_jwt(&token, &ed_key()).unwrap(), cred);
    let as_jwk = format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{RFC8037_X}","alg":"EdDSA","use":"sig"}}"#);
    assert_eq!(verify_vc_jwt(&token, &jwk(&as_jwk)).unwrap(), cred);
}

#[test]
fn exp_comes_from_valid_until() {
    let mut cred = credential();
    cred["validUntil"] = json!("2030-01-01T00:00:00Z");
    let token = sign_vc_jwt(&cred, &seed(), KID).unwrap();
    assert_eq!(jws_payload_unverified(&token).unwrap()["exp"].as_i64(), Some(1_893_456_000));
    assert_eq!(verify_vc_jwt(&token, &ed_key()).unwrap(), cred);
}

#[test]
fn missing_members_are_filled_from_claims() {
    // OB 3.0: `exp` sets validUntil.
    let mut payload = jws_payload_unverified(&sign_vc_jwt(&credential(), &seed(), KID).unwrap()).unwrap();
    payload["exp"] = json!(1_893_456_000);
    payload["credentialSubject"].as_object_mut().unwrap().remove("id");
    let cred = verify_vc_jwt(&ed_token(&payload), &ed_key()).unwrap();
    assert_eq!(cred["validUntil"], "2030-01-01T00:00:00Z");
    assert_eq!(cred["credentialSubject"]["id"], "did:example:ada");
    assert!(cred.get("expirationDate").is_none() && cred.get("exp").is_none());
}

#[test]
fn signing_is_what_jose_verified_and_keeps_numbers_exact() {
    // jose's jwtVerify accepted this very token (see the vectors below).
    assert_eq!(sign_vc_jwt(&credential(), &seed(), KID).unwrap(), JOSE_VERIFIED_TOKEN);
    let back = verify_vc_jwt(JOSE_VERIFIED_TOKEN, &ed_key()).unwrap();
    assert!(back.to_string().contains(r#""score":0.1000000000000000055511151231257827"#));
}

#[test]
fn sign_needs_issuer_id_and_dates() {
    let mut cred = credential();
    cred.as_object_mut().unwrap().remove("issuer");
    assert!(err(sign_vc_jwt(&cred, &seed(), KID)).contains("issuer"));
    let mut cred = credential();
    cred["validFrom"] = json!("1 January 2024");
    assert!(err(sign_vc_jwt(&cred, &seed(), KID)).contains("validFrom"));
    assert!(sign_vc_jwt(&json!([1]), &seed(), KID).is_err());
}

#[test]
fn tampered_payload_is_refused() {
    let token = sign_vc_jwt(&credential(), &seed(), KID).unwrap();
    let payload = String::from_utf8(b64(token.split('.').nth(1).unwrap())).unwrap();
    let forged = with_payload(&token, &payload.replace("Rust Basics", "Rust Expert"));
    assert!(err(verify_vc_jwt(&forged, &ed_key())).contains("does not match"));
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    let flipped = if parts[2].starts_with("AA") { "BB" } else { "AA" };
    parts[2].replace_range(0..2, flipped);
    assert!(verify_vc_jwt(&parts.join("."), &ed_key()).is_err());
}

#[test]
fn wrong_key_is_refused() {
    let token = sign_vc_jwt(&credential(), &seed(), KID).unwrap();
    let other = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]).verifying_key().to_bytes();
    assert!(err(verify_vc_jwt(&token, &JwtKey::Ed25519(other))).contains("does not match"));
}

#[test]
fn alg_none_is_refused() {
    let cred = credential();
    let payload = jws_payload_unverified(&sign_vc_jwt(&cred, &seed(), KID).unwrap()).unwrap();
    for alg in ["none", "None", "NONE"] {
        let header = URL_SAFE_NO_PAD.encode(json!({"alg": alg, "typ": "JWT"}).to_string());
        let token = format!("{header}.{}.", URL_SAFE_NO_PAD.encode(payload.to_string()));
        assert!(err(verify_vc_jwt(&token, &ed_key())).contains("unsigned"), "{alg}");
        assert!(err(verify_vc_jwt(&token, &jwk(RSA_JWK))).contains("unsigned"), "{alg}");
    }
}

#[test]
fn alg_confusion_is_refused() {
    let payload = jws_payload_unverified(&sign_vc_jwt(&credential(), &seed(), KID).unwrap()).unwrap();
    // HS256 keyed with the public key's bytes: valid HMAC, but a public key is no secret.
    let hmac = jsonwebtoken::EncodingKey::from_secret(&ed_public());
    let token = jwt_sign(json!({"alg": "HS256"}), &payload, &hmac, Algorithm::HS256);
    assert!(err(verify_vc_jwt(&token, &ed_key())).contains("HS256"));
    let rsa_pem = jsonwebtoken::EncodingKey::from_secret(RSA_PUBLIC_PEM.as_bytes());
    let token = jwt_sign(json!({"alg": "HS256"}), &json!({"type": "Assertion"}), &rsa_pem, Algorithm::HS256);
    assert!(err(verify_ob2_jws(&token, RSA_PUBLIC_PEM)).contains("HS256"));
    // A key of one type never checks another algorithm, nor PS256 with an RSA key.
    let token = jwt_sign(json!({"alg": "ES256"}), &payload, &ec_signer(), Algorithm::ES256);
    assert!(err(verify_vc_jwt(&token, &jwk(RSA_JWK))).contains("ES256"));
    assert!(err(verify_vc_jwt(&token, &ed_key())).contains("ES256"));
    let token = jwt_sign(json!({"alg": "PS256"}), &payload, &rsa_signer(), Algorithm::PS256);
    assert!(err(verify_vc_jwt(&token, &jwk(RSA_JWK))).contains("PS256"));
    // A JWK's own `alg` must be its key type's.
    let mut said_rs = serde_json::from_str::<Value>(EC_JWK).unwrap();
    said_rs["alg"] = json!("RS256");
    assert!(verify_vc_jwt(&token, &JwtKey::Jwk(said_rs)).is_err());
}

#[test]
fn es256_and_rs256_tokens_verify() {
    let cred = credential();
    let payload = jws_payload_unverified(&sign_vc_jwt(&cred, &seed(), KID).unwrap()).unwrap();
    let es = jwt_sign(json!({"alg": "ES256", "typ": "JWT"}), &payload, &ec_signer(), Algorithm::ES256);
    assert_eq!(verify_vc_jwt(&es, &jwk(EC_JWK)).unwrap(), cred);
    let rs = jwt_sign(json!({"alg": "RS256", "typ": "JWT"}), &payload, &rsa_signer(), Algorithm::RS256);
    assert_eq!(verify_vc_jwt(&rs, &jwk(RSA_JWK)).unwrap(), cred);
    // And with another key of the right type, not.
    assert!(err(verify_vc_jwt(&es, &jwk(JOSE_ES256_JWK))).contains("does not match"));
    assert!(err(verify_vc_jwt(&rs, &jwk(JOSE_RSA_JWK))).contains("does not match"));
    let forged = with_payload(&es, &payload.to_string().replace("Rust Basics", "Rust Expert"));
    assert!(verify_vc_jwt(&forged, &jwk(EC_JWK)).is_err());
}

#[test]
fn jose_es256_vc_jwt_verifies() {
    let header = jwt_header(JOSE_ES256_TOKEN).unwrap();
    assert_eq!(header["alg"], "ES256");
    // The key as the caller finds it: the header's inline `jwk`.
    let cred = verify_vc_jwt(JOSE_ES256_TOKEN, &JwtKey::Jwk(header["jwk"].clone())).unwrap();
    assert_eq!(cred["id"], "https://badges.example.org/credentials/ada-rust.json");
    assert!(cred.get("iss").is_none() && cred.get("nbf").is_none());
    assert!(verify_vc_jwt(JOSE_ES256_TOKEN, &jwk(EC_JWK)).is_err());
}

#[test]
fn jose_vcdm_1_1_token_verifies_and_fills_from_claims() {
    let cred = verify_vc_jwt(JOSE_VC11_TOKEN, &jwk(JOSE_RSA_JWK)).unwrap();
    assert_eq!(cred["issuer"], "https://example.org/issuer");
    assert_eq!(cred["id"], "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002");
    assert_eq!(cred["credentialSubject"]["id"], "did:example:bob");
    assert_eq!(cred["issuanceDate"], "2022-01-01T00:00:00Z");
    assert_eq!(cred["expirationDate"], "2100-01-01T00:00:00Z");
    assert_eq!(cred["type"][1], "OpenBadgeCredential");
}

#[test]
fn claims_that_disagree_are_refused() {
    let mut cred = credential();
    cred["validUntil"] = json!("2030-01-01T00:00:00Z");
    let payload = jws_payload_unverified(&sign_vc_jwt(&cred, &seed(), KID).unwrap()).unwrap();
    assert!(verify_vc_jwt(&ed_token(&payload), &ed_key()).is_ok());
    for (claim, value) in [
        ("iss", json!("did:web:evil.example")),
        ("jti", json!("https://badges.example.org/credentials/other.json")),
        ("sub", json!("did:example:mallory")),
        ("nbf", json!(1_704_067_201)),
        ("exp", json!(1_704_067_201)),
        ("iss", json!(5)),
    ] {
        let mut changed = payload.clone();
        changed[claim] = value;
        let message = err(verify_vc_jwt(&ed_token(&changed), &ed_key()));
        assert!(message.contains(claim), "{claim}: {message}");
    }
    // A fractional NumericDate is its whole second.
    let mut fraction = payload.clone();
    fraction["nbf"] = serde_json::from_str("1704067200.5").unwrap();
    assert!(verify_vc_jwt(&ed_token(&fraction), &ed_key()).is_ok());
    // VCDM 1.1: the `vc` claim's own members must agree too.
    let vc = json!({"@context": ["https://www.w3.org/2018/credentials/v1"], "issuer": "did:web:a", "issuanceDate": "2024-01-01T00:00:00Z"});
    let ok = json!({"vc": vc, "iss": "did:web:a", "nbf": 1_704_067_200});
    assert_eq!(verify_vc_jwt(&ed_token(&ok), &ed_key()).unwrap(), vc);
    let bad = json!({"vc": vc, "iss": "did:web:b"});
    assert!(err(verify_vc_jwt(&ed_token(&bad), &ed_key())).contains("iss"));
    let bad = json!({"vc": vc, "nbf": 1});
    assert!(err(verify_vc_jwt(&ed_token(&bad), &ed_key())).contains("nbf"));
    // Neither a credential nor a `vc` claim.
    let bare = json!({"iss": "did:web:a"});
    assert!(err(verify_vc_jwt(&ed_token(&bare), &ed_key())).contains("not a credential"));
}

#[test]
fn ob2_signed_badge_verifies() {
    let assertion = json!({"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
        "verification": {"type": "SignedBadge", "creator": "https://example.org/key.json"}});
    let token = jwt_sign(json!({"alg": "RS256"}), &assertion, &rsa_signer(), Algorithm::RS256);
    assert_eq!(jws_payload_unverified(&token).unwrap()["verification"]["creator"], "https://example.org/key.json");
    assert_eq!(verify_ob2_jws(&token, RSA_PUBLIC_PEM).unwrap(), assertion);
    assert!(err(verify_ob2_jws(&token, JOSE_OB2_PEM)).contains("does not match"));
    let forged = with_payload(&token, &assertion.to_string().replace("SignedBadge", "HostedBadge"));
    assert!(err(verify_ob2_jws(&forged, RSA_PUBLIC_PEM)).contains("does not match"));
    // Only RS256.
    let es = jwt_sign(json!({"alg": "ES256"}), &assertion, &ec_signer(), Algorithm::ES256);
    assert!(err(verify_ob2_jws(&es, RSA_PUBLIC_PEM)).contains("ES256"));
}

#[test]
fn jose_ob2_signed_badge_verifies() {
    let assertion = verify_ob2_jws(JOSE_OB2_TOKEN, JOSE_OB2_PEM).unwrap();
    assert_eq!(assertion["verification"]["creator"], "https://example.org/key.json");
    assert_eq!(jws_payload_unverified(JOSE_OB2_TOKEN).unwrap(), assertion);
    assert!(verify_ob2_jws(JOSE_OB2_TOKEN, RSA_PUBLIC_PEM).is_err());
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let token = sign_vc_jwt(&credential(), &seed(), KID).unwrap();
    for bad in ["", "abc", "a.b", "a.b.c.d", "!!.!!.!!", "e30.e30.AAAA"] {
        assert!(verify_vc_jwt(bad, &ed_key()).is_err(), "{bad}");
        assert!(verify_ob2_jws(bad, RSA_PUBLIC_PEM).is_err(), "{bad}");
        assert!(jws_payload_unverified(bad).is_err() || bad == "e30.e30.AAAA", "{bad}");
    }
    for key in [
        json!({"kty": "OKP", "crv": "Ed25519", "x": "AAAA"}),
        json!({"kty": "OKP", "crv": "X25519", "x": RFC8037_X}),
        json!({"kty": "OKP", "crv": "Ed25519"}),
        json!({"kty": "EC", "crv": "P-384", "x": "AAAA", "y": "AAAA"}),
        json!({"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA"}),
        json!({"kty": "RSA", "n": "AAAA", "e": "AQAB"}),
        json!({"kty": "oct", "k": "c2VjcmV0"}),
        json!({"kty": "OKP", "crv": "Ed25519", "x": RFC8037_X, "d": RFC8037_SEED}),
        json!({"kty": "OKP", "crv": "Ed25519", "x": RFC8037_X, "use": "enc"}),
        json!("not an object"),
    ] {
        assert!(verify_vc_jwt(&token, &JwtKey::Jwk(key.clone())).is_err(), "{key}");
    }
    assert!(verify_vc_jwt(&token, &JwtKey::Ed25519([0xff; 32])).is_err());
    for pem in ["", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "not a key"] {
        assert!(err(verify_ob2_jws(&token, pem)).contains("PEM"), "{pem}");
    }
    let header = jwt_header(&token).unwrap();
    let crit = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(json!({"alg": "EdDSA", "crit": ["b64"], "b64": false}).to_string()),
        token.split_once('.').unwrap().1
    );
    assert!(err(verify_vc_jwt(&crit, &ed_key())).contains("crit"));
    assert_eq!(header["kid"], KID);
}

// Made with jose 6.2.19 (node), to check against an outside implementation.
/// The credential signed into JOSE_VERIFIED_TOKEN (its `score` checks that numbers keep their digits).
const CREDENTIAL: &str = r#"{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],"id":"https://badges.example.org/credentials/ada-rust.json","type":["VerifiableCredential","OpenBadgeCredential"],"issuer":{"id":"did:web:badges.example.org","type":["Profile"],"name":"Example Org","url":"https://badges.example.org/"},"validFrom":"2024-01-01T00:00:00Z","name":"Rust Basics","credentialSubject":{"id":"did:example:ada","type":["AchievementSubject"],"achievement":{"id":"https://badges.example.org/badges/rust/","type":["Achievement"],"name":"Rust Basics","description":"Knows Rust.","criteria":{"narrative":"Wrote Rust."},"image":{"id":"https://badges.example.org/badges/rust/image.png","type":"Image"}}},"score":0.1000000000000000055511151231257827}"#;
/// sign_vc_jwt(CREDENTIAL, RFC 8037's seed, KID): jose's jwtVerify accepted it.
const JOSE_VERIFIED_TOKEN: &str = concat!(
    "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCIsImtpZCI6ImRpZDp3ZWI6YmFkZ2VzLmV4YW1wbGUub3JnI2tleS0xIn0.eyJAY29u",
    "dGV4dCI6WyJodHRwczovL3d3dy53My5vcmcvbnMvY3JlZGVudGlhbHMvdjIiLCJodHRwczovL3B1cmwuaW1zZ2xvYmFsLm9yZy9z",
    "cGVjL29iL3YzcDAvY29udGV4dC0zLjAuMy5qc29uIl0sImlkIjoiaHR0cHM6Ly9iYWRnZXMuZXhhbXBsZS5vcmcvY3JlZGVudGlh",
    "bHMvYWRhLXJ1c3QuanNvbiIsInR5cGUiOlsiVmVyaWZpYWJsZUNyZWRlbnRpYWwiLCJPcGVuQmFkZ2VDcmVkZW50aWFsIl0sImlz",
    "c3VlciI6eyJpZCI6ImRpZDp3ZWI6YmFkZ2VzLmV4YW1wbGUub3JnIiwidHlwZSI6WyJQcm9maWxlIl0sIm5hbWUiOiJFeGFtcGxl",
    "IE9yZyIsInVybCI6Imh0dHBzOi8vYmFkZ2VzLmV4YW1wbGUub3JnLyJ9LCJ2YWxpZEZyb20iOiIyMDI0LTAxLTAxVDAwOjAwOjAw",
    "WiIsIm5hbWUiOiJSdXN0IEJhc2ljcyIsImNyZWRlbnRpYWxTdWJqZWN0Ijp7ImlkIjoiZGlkOmV4YW1wbGU6YWRhIiwidHlwZSI6",
    "WyJBY2hpZXZlbWVudFN1YmplY3QiXSwiYWNoaWV2ZW1lbnQiOnsiaWQiOiJodHRwczovL2JhZGdlcy5leGFtcGxlLm9yZy9iYWRn",
    "ZXMvcnVzdC8iLCJ0eXBlIjpbIkFjaGlldmVtZW50Il0sIm5hbWUiOiJSdXN0IEJhc2ljcyIsImRlc2NyaXB0aW9uIjoiS25vd3Mg",
    "UnVzdC4iLCJjcml0ZXJpYSI6eyJuYXJyYXRpdmUiOiJXcm90ZSBSdXN0LiJ9LCJpbWFnZSI6eyJpZCI6Imh0dHBzOi8vYmFkZ2Vz",
    "LmV4YW1wbGUub3JnL2JhZGdlcy9ydXN0L2ltYWdlLnBuZyIsInR5cGUiOiJJbWFnZSJ9fX0sInNjb3JlIjowLjEwMDAwMDAwMDAw",
    "MDAwMDAwNTU1MTExNTEyMzEyNTc4MjcsImlzcyI6ImRpZDp3ZWI6YmFkZ2VzLmV4YW1wbGUub3JnIiwianRpIjoiaHR0cHM6Ly9i",
    "YWRnZXMuZXhhbXBsZS5vcmcvY3JlZGVudGlhbHMvYWRhLXJ1c3QuanNvbiIsIm5iZiI6MTcwNDA2NzIwMCwic3ViIjoiZGlkOmV4",
    "YW1wbGU6YWRhIn0.NWSglF09rSV6hGtbPC1pmg9iYzdfZpOAaQ0JOOWaKtgToVHz2h4FpndRUDA1cMaicVjNivrQihzchJr8-_UB",
    "BQ",
);
/// An Open Badges 2.0 signed badge (RS256) made by jose, and its key.
const JOSE_OB2_TOKEN: &str = concat!(
    "eyJhbGciOiJSUzI1NiJ9.eyJAY29udGV4dCI6Imh0dHBzOi8vdzNpZC5vcmcvb3BlbmJhZGdlcy92MiIsInR5cGUiOiJBc3NlcnR",
    "pb24iLCJpZCI6InVybjp1dWlkOjJmMGU1YjBhLTBkM2MtNGI3ZS05YTU5LTFiMmMzZDRlNWY2MCIsInJlY2lwaWVudCI6eyJ0eXB",
    "lIjoiZW1haWwiLCJoYXNoZWQiOnRydWUsInNhbHQiOiJkZWFkc2VhIiwiaWRlbnRpdHkiOiJzaGEyNTYkZWNmNTQwOWYzZjRiOTF",
    "hYjYwY2M1ZWY0YzAyYWVmNzAzMjM1NDM3NWU3MGNmNGQ4ZTQzZjZhMWQyOTg5MTk0MiJ9LCJiYWRnZSI6Imh0dHBzOi8vZXhhbXB",
    "sZS5vcmcvYmFkZ2VzL3J1c3QuanNvbiIsImlzc3VlZE9uIjoiMjAyNC0wMS0wMVQwMDowMDowMFoiLCJ2ZXJpZmljYXRpb24iOns",
    "idHlwZSI6IlNpZ25lZEJhZGdlIiwiY3JlYXRvciI6Imh0dHBzOi8vZXhhbXBsZS5vcmcva2V5Lmpzb24ifX0.WR_XEIYOK2BH5n4",
    "4zri0zuLqhnQBUI5cco03pMVZq1c1PRxgCBLyxAurpOFNe6g-DbooA8YLJHLOXXUwjsEBjPwyh_l39K2-_jkfhT29sJJLgYbP4mU",
    "aGEjDS-fYqVMtskevW2fcVErhSwz1b13Jn2JDatIWXGxyCTi2k41V3IxS3gwo4WwStGNHKQvFM5LX6Wn8Ca2-y3GLF5xikVrNv4e",
    "WwvSqM2V9TcwvSManeZPEsOSluR6Nqksbo74V76rRGboueokF5Mdc_UMccGPoKJdLDHFuqsHywvzu1BixLx5uUaSbso4oL0cYMKV",
    "9wLZVrHeu9-a-XpeGpsY1OQgZug",
);
const JOSE_OB2_PEM: &str = r#"-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAsNjLHb/NLqhfk+Oj9CIA
KEwyEtn4tqqj1oRIiZRhWk679oi15o4lfXb8UAKe9YbFLFiplAjhkt9CqszvBIzJ
wGP1w9ay5zxwG4T6JPxIubHl/9M5nDdDomGBPg4CPx6wAcmrx9ABJmZqUZcxXEqf
Vs66bkGm2Zwd8ietMFicD/QFkFOnOrJXgr3XqzFy3WzthGdk9fEpmipWU3kVxdDz
cxMiDLVZgIRNJzeHlkzGMIjNjx/cjIiceVHAS2PyLX5xuxzbAIzqGCPmHMuCD0fA
rNwTjNMPEEAteqa8zX1Erh+glXZUopUNlo/ySzFrgr9Lvh54r1y2cnh2XJ9OYk2a
awIDAQAB
-----END PUBLIC KEY-----"#;
/// The same RSA key as a JWK, and a VCDM 1.1 VC-JWT (`vc` claim) that jose signed with it.
const JOSE_RSA_JWK: &str = r#"{"kty":"RSA","n":"sNjLHb_NLqhfk-Oj9CIAKEwyEtn4tqqj1oRIiZRhWk679oi15o4lfXb8UAKe9YbFLFiplAjhkt9CqszvBIzJwGP1w9ay5zxwG4T6JPxIubHl_9M5nDdDomGBPg4CPx6wAcmrx9ABJmZqUZcxXEqfVs66bkGm2Zwd8ietMFicD_QFkFOnOrJXgr3XqzFy3WzthGdk9fEpmipWU3kVxdDzcxMiDLVZgIRNJzeHlkzGMIjNjx_cjIiceVHAS2PyLX5xuxzbAIzqGCPmHMuCD0fArNwTjNMPEEAteqa8zX1Erh-glXZUopUNlo_ySzFrgr9Lvh54r1y2cnh2XJ9OYk2aaw","e":"AQAB"}"#;
const JOSE_VC11_TOKEN: &str = concat!(
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJ2YyI6eyJAY29udGV4dCI6WyJodHRwczovL3d3dy53My5vcmcvMjAxOC9jcmV",
    "kZW50aWFscy92MSIsImh0dHBzOi8vcHVybC5pbXNnbG9iYWwub3JnL3NwZWMvb2IvdjNwMC9jb250ZXh0Lmpzb24iXSwidHlwZSI",
    "6WyJWZXJpZmlhYmxlQ3JlZGVudGlhbCIsIk9wZW5CYWRnZUNyZWRlbnRpYWwiXSwiY3JlZGVudGlhbFN1YmplY3QiOnsidHlwZSI",
    "6IkFjaGlldmVtZW50U3ViamVjdCIsImFjaGlldmVtZW50Ijp7ImlkIjoiaHR0cHM6Ly9leGFtcGxlLm9yZy9hIiwidHlwZSI6IkF",
    "jaGlldmVtZW50IiwibmFtZSI6IkEifX19LCJpc3MiOiJodHRwczovL2V4YW1wbGUub3JnL2lzc3VlciIsImp0aSI6InVybjp1dWl",
    "kOjkxNTM3ZGJhLTU2Y2ItMTFlYy1iZjYzLTAyNDJhYzEzMDAwMiIsInN1YiI6ImRpZDpleGFtcGxlOmJvYiIsIm5iZiI6MTY0MDk",
    "5NTIwMCwiZXhwIjo0MTAyNDQ0ODAwfQ.KxlA286mBzUt8NJ7z6KRzq-lml0vTASqIMYATB78Yg4Qh1dSjUFP4XXPwd6PRxAB90r8",
    "pynliQ6IrGIQbNlXac4nmeZgIF7_0cMfMY2xf4VCptbMi-xxMiHGAJMXAyuRyBZcKb2nnJgClzc6GAfMe6Rb0Cq3C2Py2t9hdPnA",
    "62YmJ8ivdfBm6qXK9aTCcLXZINcpSQ9MvxS2i38rQ8TZC4Ymr-l6XttvbWjszmQeUjdoh-WuQjJA7ZGYknVRmOJals9zjhGSalzV",
    "zaN_ktLauGYcKJ0P6vLUx4oJ0x8RruGVUoIkSG1Csvnr06WNMI5zZe3gCqX2G26HGGoPHt7RcQ",
);
/// An ES256 VC-JWT (VCDM 2.0, inline `jwk` header) made by jose, and its key.
const JOSE_ES256_JWK: &str = r#"{"kty":"EC","x":"uH4VCq_QvCD0tjciOM_VwZGZI-OhbfeFuJC6-SenjhU","y":"mxRSfM9S5GN3Q0PwC2wZJ11ryAxNP62v4-H3Gwl_ZHQ","crv":"P-256"}"#;
const JOSE_ES256_TOKEN: &str = concat!(
    "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCIsImp3ayI6eyJrdHkiOiJFQyIsIngiOiJ1SDRWQ3FfUXZDRDB0amNpT01fVndaR1pJ",
    "LU9oYmZlRnVKQzYtU2VuamhVIiwieSI6Im14UlNmTTlTNUdOM1EwUHdDMndaSjExcnlBeE5QNjJ2NC1IM0d3bF9aSFEiLCJjcnYi",
    "OiJQLTI1NiJ9fQ.eyJAY29udGV4dCI6WyJodHRwczovL3d3dy53My5vcmcvbnMvY3JlZGVudGlhbHMvdjIiLCJodHRwczovL3B1c",
    "mwuaW1zZ2xvYmFsLm9yZy9zcGVjL29iL3YzcDAvY29udGV4dC0zLjAuMy5qc29uIl0sImlkIjoiaHR0cHM6Ly9iYWRnZXMuZXhhb",
    "XBsZS5vcmcvY3JlZGVudGlhbHMvYWRhLXJ1c3QuanNvbiIsInR5cGUiOlsiVmVyaWZpYWJsZUNyZWRlbnRpYWwiLCJPcGVuQmFkZ",
    "2VDcmVkZW50aWFsIl0sImlzc3VlciI6eyJpZCI6ImRpZDp3ZWI6YmFkZ2VzLmV4YW1wbGUub3JnIiwidHlwZSI6WyJQcm9maWxlI",
    "l0sIm5hbWUiOiJFeGFtcGxlIE9yZyIsInVybCI6Imh0dHBzOi8vYmFkZ2VzLmV4YW1wbGUub3JnLyJ9LCJ2YWxpZEZyb20iOiIyM",
    "DI0LTAxLTAxVDAwOjAwOjAwWiIsIm5hbWUiOiJSdXN0IEJhc2ljcyIsImNyZWRlbnRpYWxTdWJqZWN0Ijp7ImlkIjoiZGlkOmV4Y",
    "W1wbGU6YWRhIiwidHlwZSI6WyJBY2hpZXZlbWVudFN1YmplY3QiXSwiYWNoaWV2ZW1lbnQiOnsiaWQiOiJodHRwczovL2JhZGdlc",
    "y5leGFtcGxlLm9yZy9iYWRnZXMvcnVzdC8iLCJ0eXBlIjpbIkFjaGlldmVtZW50Il0sIm5hbWUiOiJSdXN0IEJhc2ljcyIsImRlc",
    "2NyaXB0aW9uIjoiS25vd3MgUnVzdC4iLCJjcml0ZXJpYSI6eyJuYXJyYXRpdmUiOiJXcm90ZSBSdXN0LiJ9LCJpbWFnZSI6eyJpZ",
    "CI6Imh0dHBzOi8vYmFkZ2VzLmV4YW1wbGUub3JnL2JhZGdlcy9ydXN0L2ltYWdlLnBuZyIsInR5cGUiOiJJbWFnZSJ9fX0sImlzc",
    "yI6ImRpZDp3ZWI6YmFkZ2VzLmV4YW1wbGUub3JnIiwianRpIjoiaHR0cHM6Ly9iYWRnZXMuZXhhbXBsZS5vcmcvY3JlZGVudGlhb",
    "HMvYWRhLXJ1c3QuanNvbiIsInN1YiI6ImRpZDpleGFtcGxlOmFkYSIsIm5iZiI6MTcwNDA2NzIwMH0.fuKSGUFLjWJalJykbaTCu",
    "pgaCxetiJmxcubPN7fLscRcQtQTlxRzYMDJYHAFmkVE7_Xyhj8CkrR276eFdG2EMA",
);
// Keys made with openssl, for the tokens the tests sign with jsonwebtoken.
const RSA_PRIVATE_PEM: &str = r#"-----BEGIN PRIVATE KEY-----
MIIEuwIBADANBgkqhkiG9w0BAQEFAASCBKUwggShAgEAAoIBAQC1H/OOLhl2Flkk
B451lgIVWlwCOB9hfBGUw1tvQHvFuYEYa1cvR0iTP+Nu2viAOQh3CO0jmJ5VjxMc
Y7YLFA9unLVhaPlpiyTK+GQEr3vs1erKprKTRgGluk1N8UUqARZjHAI/KjJSryMy
PV6y6YHsgCK+PfP/qVyCv6S9tBCKvUidJokAnucHBzLBydQ20OD3vFv1pJQ1tLwx
1LC7dk9KoFu2T/LTCg6kwVxPfin9Knx9JCGNS+O/A0rvLs5fxkBgpWr0EcRwHLdr
zmw9ghTFUWjQdkOoXMHSXCsdTVVDaB+VVmaD7xeJeoQttfJW7vAT+f46ukBsGaoP
aH7LJwfdAgMBAAECgf9pRvXjroGEiEWuRRyI1duTWou58bHlXjgNDLNL9vv6V9ix
jBkg+4EzryIcgF2KKgLBlAhCQgz5R8nT6bqzHCkPVToYMVJg00yPejd1Toq5hNCN
xr04dquxqJgTHCnkQFcpRFGjmHzaxb58QfxizopPucR4Ar3QQwccK3uV+3oIXJtG
1XAsSHlVGmdjOJ1OYkY5+S/jAMdjoFGJB40i4H+KYXE7qYpjWWD94lUWSju8+MDD
eVZjJMzj1A+OME8q76Sd7Hdu0v08IljYgVyiSnbYbsFRTDwVNdq9fZ0lux5t4YeR
fSHRSUjvezas3iQ6JmppHeLOWogsyY6tLO+1P+ECgYEA6+yguXPF58bZ2G/rozPy
8TqmPrIjFbLf5ZwPmlO6F758LB9KpPGGV76m5pzxiaUpaUrlhbLGBVPAf3y8KNra
H5iPFT5oceGIYlXVrvPrOqiaamY0dPKDJw+5B/1bT2bEmdH2Uvj/meWdfdT10fOQ
TQPqr+7p3568VQnKZR5N2DsCgYEAxImSWCQJbrU0sC9qkzNiyYb7mK/o84OCwrG6
9cangzdcTShjoRAn5nwEOYgwNECZARIyvG+3cEDjkVMNB6ihGUrlrNaJoOgscw5P
x7bq+/ExfMfB47ufN7+ihzA2Yc0nuPJ7xkjW4mt9zPWDidv8f7CFKUSFIUTmvSuV
IcoetscCgYBjNWtU8QlM8QLUkCPvyj2kETytaq10R3b9kAXDqOe9al2/FB2IhQQw
S7zVhzPO5QQoAdXIxiedP93X/nUFXRqSZM3uagLzuJpod53W5z2IujPNAFOYxg4+
087EPFc0aYvM/0ztEUYyyirTKkWA10JcEISVHQt9/LtHq0lQAlFL1wKBgGioZbDg
B9HXVuZXaaZXX8y3P7VwP1mld3VcFZYZokxip5lC38L+CnFXKxzD4/9/QrrqSPBF
gWaad1SE6FRivN7uHl4qpIF2AW2Hen58bqeZKeQrr5ko6UFToCXjS6JLEFMRdU4C
rcNGwGfreY9pAQ2yH0b5gPdVbJXh5nlm23IzAoGBAORiWRWB9+onwjY2m5QDMSnq
i3Cq4Tc0S6f2okIvpED6TJv+4IC9kRJWW7AXEvlhWEIgSgfLnxUrkNcwS1jWpY+q
fheB1KXNhGhgQk0jicZ1Ctkp20ZynAVS1wRaq0cqzJ+/oJ/nLnWL3szcFrEKuIKQ
ZAGO02lho9hPqVX9FZlq
-----END PRIVATE KEY-----"#;
const RSA_PUBLIC_PEM: &str = r#"-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtR/zji4ZdhZZJAeOdZYC
FVpcAjgfYXwRlMNbb0B7xbmBGGtXL0dIkz/jbtr4gDkIdwjtI5ieVY8THGO2CxQP
bpy1YWj5aYskyvhkBK977NXqyqayk0YBpbpNTfFFKgEWYxwCPyoyUq8jMj1esumB
7IAivj3z/6lcgr+kvbQQir1InSaJAJ7nBwcywcnUNtDg97xb9aSUNbS8MdSwu3ZP
SqBbtk/y0woOpMFcT34p/Sp8fSQhjUvjvwNK7y7OX8ZAYKVq9BHEcBy3a85sPYIU
xVFo0HZDqFzB0lwrHU1VQ2gflVZmg+8XiXqELbXyVu7wE/n+OrpAbBmqD2h+yycH
3QIDAQAB
-----END PUBLIC KEY-----"#;
const RSA_JWK: &str = r#"{"kty":"RSA","n":"tR_zji4ZdhZZJAeOdZYCFVpcAjgfYXwRlMNbb0B7xbmBGGtXL0dIkz_jbtr4gDkIdwjtI5ieVY8THGO2CxQPbpy1YWj5aYskyvhkBK977NXqyqayk0YBpbpNTfFFKgEWYxwCPyoyUq8jMj1esumB7IAivj3z_6lcgr-kvbQQir1InSaJAJ7nBwcywcnUNtDg97xb9aSUNbS8MdSwu3ZPSqBbtk_y0woOpMFcT34p_Sp8fSQhjUvjvwNK7y7OX8ZAYKVq9BHEcBy3a85sPYIUxVFo0HZDqFzB0lwrHU1VQ2gflVZmg-8XiXqELbXyVu7wE_n-OrpAbBmqD2h-yycH3Q","e":"AQAB"}"#;
const EC_PRIVATE_PEM: &str = r#"-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgoWmN+AGLslDyvzMA
b9h/UYv2m9EoEl11yrRWZjiQZhKhRANCAATSvA4BdC2WvgBqp68x+OzyI+Y1FS6q
dRBQ9iSosdqrajlcwWjIy8V3dC+iyZVDRNmvipU6f9Lt45TwjufnvyHj
-----END PRIVATE KEY-----"#;
const EC_JWK: &str = r#"{"kty":"EC","x":"0rwOAXQtlr4AaqevMfjs8iPmNRUuqnUQUPYkqLHaq2o","y":"OVzBaMjLxXd0L6LJlUNE2a-KlTp_0u3jlPCO5-e_IeM","crv":"P-256"}"#;
