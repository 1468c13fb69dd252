//! Open Badges 3.0: credentials that are W3C Verifiable Credentials, signed
//! by the site's key and verified through its `did:web` DID document.
//! `sign::did` names the issuer and finds keys; `rules` checks a credential;
//! `sign` (in `build`) signs and hosts them; `sign::status` is the list of
//! revoked ones.

pub mod rules;
pub mod schema;

/// The base context of VC Data Model 2.0 credentials and of 1.1 ones.
pub const VC2_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
pub const VC1_CONTEXT: &str = "https://www.w3.org/2018/credentials/v1";
/// The Open Badges 3.0 context accolade writes.
pub const OB3_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/// 1EdTech's extensions context, which defines the `credentialSchema` type.
pub const OB3_EXTENSIONS_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json";
/// The OB 3.0 JSON Schema credentials name (`credentialSchema`).
pub const OB3_SCHEMA: &str =
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

/// Whether `url` is an Open Badges 3.0 context (3.0.0 to 3.0.3, and the
/// 3.0.0 alias): `^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json$`.
pub fn is_ob3_context(url: &str) -> bool {
    if url == "https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld" {
        return true;
    }
    let Some(rest) = url.strip_prefix("https://purl.imsglobal.org/spec/ob/v3p0/context") else { return false };
    let Some(version) = rest.strip_suffix(".json") else { return false };
    version.is_empty()
        || version.strip_prefix("-3.").is_some_and(|v| {
            let b = v.as_bytes();
            b.len() == 3 && b[0].is_ascii_digit() && b[1] == b'.' && b[2].is_ascii_digit()
        })
}

/// Whether a JSON value is an Open Badges 3.0 credential (rather than a 2.0
/// assertion): its `type` names `OpenBadgeCredential` or `AchievementCredential`.
pub fn is_credential(value: &serde_json::Value) -> bool {
    types(value).any(|t| t == "OpenBadgeCredential" || t == "AchievementCredential")
}

/// The `type` values of an object (a string or an array of strings).
pub fn types(value: &serde_json::Value) -> impl Iterator<Item = &str> {
    let t = value.get("type");
    let one = t.and_then(serde_json::Value::as_str);
    let many = t.and_then(serde_json::Value::as_array).into_iter().flatten().filter_map(serde_json::Value::as_str);
    one.into_iter().chain(many)
}

/// The credential's start and end dates, of VCDM 2.0 (`validFrom`,
/// `validUntil`) or 1.1 (`issuanceDate`, `expirationDate`).
pub fn valid_from(value: &serde_json::Value) -> Option<&str> {
    value.get("validFrom").or_else(|| value.get("issuanceDate")).and_then(serde_json::Value::as_str)
}

pub fn valid_until(value: &serde_json::Value) -> Option<&str> {
    value.get("validUntil").or_else(|| value.get("expirationDate")).and_then(serde_json::Value::as_str)
}

/// How to give a build the site's key, said when it has none.
pub const GIVE_KEY: &str = "give --signing-key FILE, or the key file's content in the ACCOLADE_SIGNING_KEY environment variable (a GitHub Actions secret)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ob3_contexts_are_the_published_ones() {
        for ok in [
            "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
        ] {
            assert!(is_ob3_context(ok), "{ok}");
        }
        for bad in [
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.jsonx",
            "http://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://w3id.org/openbadges/v2",
        ] {
            assert!(!is_ob3_context(bad), "{bad}");
        }
    }
}
