//! The issuer's `did:web` identifier, made from the site's base URL, and its
//! DID document, which the site hosts so that anyone can find the key that
//! signs its Open Badges 3.0 credentials (W3C did:web method; 1EdTech OB 3.0
//! §8 "Key provenance"). Also `did:key`, whose identifier is the key itself.

use crate::sign::key::PublicKey;
use crate::util::urls;
use serde_json::{json, Value};

/// The fragment naming the site's one key in its DID document.
pub const KEY_FRAGMENT: &str = "key-1";

/// The DID of a site published at `base_url` (ending in `/`):
/// `https://org.github.io/badges/` → `did:web:org.github.io:badges`. A port
/// is kept, its colon percent-encoded as did:web requires.
pub fn did_web_of(base_url: &str) -> Option<String> {
    let parts = urls::parse(base_url)?;
    let mut did = format!("did:web:{}", parts.authority.to_ascii_lowercase().replace(':', "%3A"));
    for segment in parts.path.split('/').filter(|s| !s.is_empty()) {
        did.push(':');
        did.push_str(segment);
    }
    Some(did)
}

/// Where the DID document of a site at `base_url` lives, relative to the
/// site: `did.json` for a site below a path (a GitHub project site), and
/// `.well-known/did.json` for one at the root of its domain.
pub fn document_path(base_url: &str) -> &'static str {
    match urls::parse(base_url).map(|p| p.path.trim_matches('/').is_empty()) {
        Some(false) => "did.json",
        _ => ".well-known/did.json",
    }
}

/// The id of the site's signing key: `did:web:…#key-1`.
pub fn key_id(did: &str) -> String {
    format!("{did}#{KEY_FRAGMENT}")
}

/// The DID document: the public key as a Multikey, usable for proofs of
/// credentials (`assertionMethod`).
pub fn document(did: &str, public: &PublicKey) -> Value {
    let key = key_id(did);
    json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [{
            "id": key,
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": public.multibase(),
        }],
        "assertionMethod": [key],
    })
}

/// The URL a `did:web` DID's document is fetched from. A local host
/// (127.0.0.1, localhost) is fetched over http, as test sites are served;
/// every other over https, as the method requires.
pub fn web_document_url(did: &str) -> Result<String, String> {
    let rest = did.strip_prefix("did:web:").ok_or_else(|| format!("`{did}` is not a did:web DID"))?;
    let mut segments = rest.split(':');
    let host = segments.next().filter(|h| !h.is_empty()).ok_or_else(|| format!("`{did}` names no host"))?;
    let host = host.replace("%3A", ":").replace("%3a", ":");
    if host.contains(['/', '?', '#', '@', '%']) {
        return Err(format!("`{did}` names an invalid host"));
    }
    let path: Vec<&str> = segments.collect();
    if path.iter().any(|s| s.is_empty() || *s == "." || *s == ".." || s.contains(['/', '?', '#'])) {
        return Err(format!("`{did}` has an invalid path"));
    }
    let local = host.starts_with("127.0.0.1") || host.starts_with("localhost");
    let scheme = if local { "http" } else { "https" };
    Ok(if path.is_empty() {
        format!("{scheme}://{host}/.well-known/did.json")
    } else {
        format!("{scheme}://{host}/{}/did.json", path.join("/"))
    })
}

/// The key a DID document names `key_id` (a DID URL), when it may sign
/// credentials (listed in `assertionMethod`) and is controlled by the DID.
pub fn key_in_document(doc: &Value, did: &str, key_id: &str) -> Result<PublicKey, String> {
    let method = method_in_document(doc, did, key_id)?;
    let multibase = method
        .get("publicKeyMultibase")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("the key `{key_id}` has no publicKeyMultibase"))?;
    PublicKey::from_multibase(multibase)
}

/// The verification method `key_id` of a DID document, when it may sign
/// credentials (listed in `assertionMethod`) and is controlled by the DID.
pub fn method_in_document<'d>(doc: &'d Value, did: &str, key_id: &str) -> Result<&'d Value, String> {
    if doc.get("id").and_then(Value::as_str) != Some(did) {
        return Err(format!("the DID document's id is not `{did}`"));
    }
    let listed = doc.get("assertionMethod").and_then(Value::as_array).is_some_and(|methods| {
        methods.iter().any(|m| m.as_str() == Some(key_id) || m.get("id").and_then(Value::as_str) == Some(key_id))
    });
    if !listed {
        return Err(format!("the DID document does not list `{key_id}` as a key for credentials (assertionMethod)"));
    }
    let methods = doc.get("verificationMethod").and_then(Value::as_array).into_iter().flatten();
    let embedded = doc.get("assertionMethod").and_then(Value::as_array).into_iter().flatten().filter(|m| m.is_object());
    let method = methods
        .chain(embedded)
        .find(|m| m.get("id").and_then(Value::as_str) == Some(key_id))
        .ok_or_else(|| format!("the DID document has no key `{key_id}`"))?;
    if method.get("controller").and_then(Value::as_str) != Some(did) {
        return Err(format!("the key `{key_id}` is not controlled by `{did}`"));
    }
    Ok(method)
}

/// The key of a `did:key` DID URL (`did:key:z6Mk…#z6Mk…`): the identifier is
/// the multibase public key, so nothing is fetched.
pub fn did_key(key_id: &str) -> Result<PublicKey, String> {
    let rest = key_id.strip_prefix("did:key:").ok_or_else(|| format!("`{key_id}` is not a did:key"))?;
    let (id, fragment) = rest.split_once('#').unwrap_or((rest, rest));
    if id != fragment {
        return Err(format!("`{key_id}`: a did:key's key is named by the key itself"));
    }
    PublicKey::from_multibase(id)
}

/// The DID of a DID URL (`did:web:a.org#key-1` → `did:web:a.org`).
pub fn did_of(key_id: &str) -> &str {
    key_id.split('#').next().unwrap_or(key_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::key::SigningKey;

    #[test]
    fn dids_follow_the_site_url() {
        assert_eq!(did_web_of("https://org.github.io/badges/").unwrap(), "did:web:org.github.io:badges");
        assert_eq!(did_web_of("https://Badges.Example.org/").unwrap(), "did:web:badges.example.org");
        assert_eq!(did_web_of("http://127.0.0.1:18765/").unwrap(), "did:web:127.0.0.1%3A18765");
        assert_eq!(did_web_of("https://a.org/x/y/").unwrap(), "did:web:a.org:x:y");
        assert_eq!(document_path("https://org.github.io/badges/"), "did.json");
        assert_eq!(document_path("https://badges.example.org/"), ".well-known/did.json");
    }

    #[test]
    fn documents_are_found_where_the_method_says() {
        assert_eq!(web_document_url("did:web:org.github.io:badges").unwrap(), "https://org.github.io/badges/did.json");
        assert_eq!(web_document_url("did:web:a.org").unwrap(), "https://a.org/.well-known/did.json");
        assert_eq!(
            web_document_url("did:web:127.0.0.1%3A18765").unwrap(),
            "http://127.0.0.1:18765/.well-known/did.json"
        );
        for bad in ["did:web:", "did:web:a.org:..", "did:web:a.org::x", "did:web:a.org%2F..", "did:key:z6Mk"] {
            assert!(web_document_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_document_gives_its_key_only_for_credentials_and_its_controller() {
        let public = SigningKey::from_bytes([7; 32]).public();
        let did = "did:web:org.github.io:badges";
        let doc = document(did, &public);
        assert_eq!(key_in_document(&doc, did, &key_id(did)).unwrap().multibase(), public.multibase());
        assert!(key_in_document(&doc, "did:web:other.org", &key_id(did)).is_err());
        assert!(key_in_document(&doc, did, &format!("{did}#key-2")).is_err());
        let mut not_for_credentials = doc.clone();
        not_for_credentials["assertionMethod"] = json!([]);
        assert!(key_in_document(&not_for_credentials, did, &key_id(did)).is_err());
        let mut other_controller = doc;
        other_controller["verificationMethod"][0]["controller"] = json!("did:web:evil.org");
        assert!(key_in_document(&other_controller, did, &key_id(did)).is_err());
    }

    #[test]
    fn did_keys_are_their_key() {
        let public = SigningKey::from_bytes([9; 32]).public();
        let m = public.multibase();
        assert_eq!(did_key(&format!("did:key:{m}#{m}")).unwrap().multibase(), m);
        assert!(did_key(&format!("did:key:{m}#key-1")).is_err());
        assert_eq!(did_of("did:web:a.org#key-1"), "did:web:a.org");
    }
}
