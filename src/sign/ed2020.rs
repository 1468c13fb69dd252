//! Verifying `Ed25519Signature2020` proofs, which older Open Badges 3.0 credentials
//! (VCDM 1.1, 2022-2023) carry instead of `DataIntegrityProof`/`eddsa-rdfc-2022`.
//!
//! Same machinery as `sign/proof.rs`: SpruceID's suite does the RDF canonicalization, SHA-256
//! and Ed25519; we give it compiled-in contexts (never fetched) and the one key to trust.
//! The suite's own context is vendored too, so what a proof is checked against never depends
//! on a loader default.

use serde_json::Value;
use ssi_claims_core::VerificationParameters;
use ssi_data_integrity::suites::Ed25519Signature2020;
use ssi_data_integrity::{DataIntegrity, DataIntegrityDocument};
use ssi_json_ld::iref::{Iri, IriBuf};
use ssi_json_ld::{ContextLoader, LoadError, Loader, RemoteDocument};
use ssi_verification_methods::Ed25519VerificationKey2020;
use std::collections::HashMap;

/// Contexts, by URL. The Open Badges ones are accolade's (`src/sign/contexts/`); the
/// Ed25519Signature2020 suite context and the OB 3.0 extensions context are 1EdTech's
/// validator's copies (see `contexts/SOURCE.md`).
const CONTEXTS: &[(&str, &str)] = &[
    ("https://purl.imsglobal.org/spec/ob/v3p0/context.json", include_str!("contexts/ob-context.json")),
    ("https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld", include_str!("contexts/ob-context.json")),
    ("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json", include_str!("contexts/ob-context-3.0.1.json")),
    ("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json", include_str!("contexts/ob-context-3.0.2.json")),
    ("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", include_str!("contexts/ob-context-3.0.3.json")),
    ("https://purl.imsglobal.org/spec/ob/v3p0/extensions.json", include_str!("contexts/ob-extensions.json")),
    ("https://w3id.org/security/suites/ed25519-2020/v1", include_str!("contexts/ed25519-signature-2020-v1.jsonld")),
];

/// Our files first, then the W3C contexts compiled into `ssi-json-ld`. (`ContextLoader`
/// alone asks its static loader first, and that one also knows OB `context.json` and the
/// Ed25519Signature2020 context, so without this order our copies would never be read.)
struct Contexts {
    ours: ContextLoader,
    w3c: ContextLoader,
}

impl Loader for Contexts {
    async fn load(&self, url: &Iri) -> Result<RemoteDocument<IriBuf>, LoadError> {
        match self.ours.load(url).await {
            Ok(document) => Ok(document),
            Err(_) => self.w3c.load(url).await,
        }
    }
}

fn contexts() -> Contexts {
    let map: HashMap<String, String> = CONTEXTS.iter().map(|(url, text)| (url.to_string(), text.to_string())).collect();
    // The files are ours and parse (a test loads them all); should one not, the proof
    // check reports the context as missing.
    let ours = ContextLoader::empty().with_context_map_from(map).unwrap_or_else(|_| ContextLoader::empty());
    Contexts { ours, w3c: ContextLoader::empty().with_static_loader() }
}

/// The key `vm` (an IRI) of `controller`, `public_multibase` being the key as
/// `Ed25519VerificationKey2020` writes it (`z6Mk…`: base58btc of 0xed01 + 32 bytes).
fn method(public_multibase: &str, vm: &str, controller: &str) -> Result<Ed25519VerificationKey2020, String> {
    IriBuf::new(vm.to_string()).map_err(|_| format!("`{vm}` is not an IRI"))?;
    // Built through serde because the multibase type lives in a crate we do not depend on;
    // this also checks the key the way a DID document's key would be checked.
    serde_json::from_value(serde_json::json!({
        "type": "Ed25519VerificationKey2020",
        "id": vm,
        "controller": controller,
        "publicKeyMultibase": public_multibase,
    }))
    .map_err(|e| format!("`{public_multibase}` is not an Ed25519 public key for `{vm}` of `{controller}`: {e}"))
}

/// Whether `signed` carries a valid `Ed25519Signature2020` proof by the key
/// `public_multibase`, named `vm`, of `controller`.
pub fn verify_ed25519_signature_2020(
    signed: &Value,
    public_multibase: &str,
    vm: &str,
    controller: &str,
) -> Result<(), String> {
    let method = method(public_multibase, vm, controller)?;
    let resolver = HashMap::from([(method.id.clone(), method)]);
    let signed: DataIntegrity<DataIntegrityDocument, Ed25519Signature2020> = serde_json::from_value(signed.clone())
        .map_err(|e| format!("not a credential with an Ed25519Signature2020 proof: {e}"))?;
    if signed.proofs.is_empty() {
        return Err("the credential has no Ed25519Signature2020 proof".to_string());
    }
    let params = VerificationParameters::from_resolver(&resolver).with_json_ld_loader(contexts());
    match pollster::block_on(signed.verify(params)) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(invalid)) => Err(format!("the proof does not verify: {invalid}")),
        Err(e) => Err(format!("the proof cannot be checked: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1EdTech's validator test credential `ob30/simple_v1.json` (VCDM 1.1, OB context.json,
    /// Ed25519Signature2020); its tests expect it to verify. The key is named in the
    /// verification method's fragment.
    fn simple_v1() -> Value {
        serde_json::from_str(include_str!("../../tests/fixtures/ob3/1edtech-validator-simple_v1.json")).unwrap()
    }
    const SIMPLE_KEY: &str = "z6MknNHHrBzPytzu6CUBP9Lg7fg4KSBjzimc2Frh693YbMiv";
    const SIMPLE_VM: &str = "https://example.com/issuers/876543#z6MknNHHrBzPytzu6CUBP9Lg7fg4KSBjzimc2Frh693YbMiv";
    const SIMPLE_ISSUER: &str = "https://example.com/issuers/876543";

    /// 1EdTech's `ob30/credential-status-revoked.json`: context-3.0.1 and extensions.json,
    /// proof as one object, signed with the key of 1EdTech's published OB 3.0 test vector.
    fn revoked() -> Value {
        serde_json::from_str(include_str!("../../tests/fixtures/ob3/1edtech-validator-credential-status-revoked.json"))
            .unwrap()
    }
    const VECTOR_KEY: &str = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi";
    const WELLSPRING: &str =
        "did:web:dc.1edtech.org:wellspring2022:wellspring-portal:org:da1e96e9-afcc-4eed-b9a2-2ddf7353214c";

    #[test]
    fn every_vendored_context_loads_from_our_copy() {
        let loader = contexts();
        for (url, _) in CONTEXTS {
            let iri = Iri::new(*url).unwrap();
            assert!(pollster::block_on(loader.ours.load(iri)).is_ok(), "{url}");
        }
    }

    #[test]
    fn verifies_1edtechs_simple_v1() {
        verify_ed25519_signature_2020(&simple_v1(), SIMPLE_KEY, SIMPLE_VM, SIMPLE_ISSUER).unwrap();
    }

    #[test]
    fn verifies_1edtechs_wellspring_credential() {
        let vm = format!("{WELLSPRING}#{VECTOR_KEY}");
        verify_ed25519_signature_2020(&revoked(), VECTOR_KEY, &vm, WELLSPRING).unwrap();
    }

    #[test]
    fn a_changed_credential_does_not_verify() {
        let mut tampered = simple_v1();
        tampered["credentialSubject"]["achievement"]["name"] = Value::from("Teamwork!");
        let err = verify_ed25519_signature_2020(&tampered, SIMPLE_KEY, SIMPLE_VM, SIMPLE_ISSUER).unwrap_err();
        assert!(err.contains("does not verify"), "{err}");
    }

    #[test]
    fn another_key_does_not_verify() {
        // The right key id, but the bytes of another key.
        let err = verify_ed25519_signature_2020(&simple_v1(), VECTOR_KEY, SIMPLE_VM, SIMPLE_ISSUER).unwrap_err();
        assert!(err.contains("does not verify"), "{err}");
    }

    #[test]
    fn a_proof_by_an_unknown_method_is_refused() {
        let other_vm = "https://example.com/issuers/876543#key-2";
        assert!(verify_ed25519_signature_2020(&simple_v1(), SIMPLE_KEY, other_vm, SIMPLE_ISSUER).is_err());
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(verify_ed25519_signature_2020(&simple_v1(), "not-a-key", SIMPLE_VM, SIMPLE_ISSUER).is_err());
        assert!(verify_ed25519_signature_2020(&Value::from("x"), SIMPLE_KEY, SIMPLE_VM, SIMPLE_ISSUER).is_err());
        let mut unsigned = simple_v1();
        unsigned.as_object_mut().unwrap().remove("proof");
        assert!(verify_ed25519_signature_2020(&unsigned, SIMPLE_KEY, SIMPLE_VM, SIMPLE_ISSUER).is_err());
    }
}
