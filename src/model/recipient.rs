//! Recipients' email addresses: normalised, checked, hashed and compared, the
//! way Open Badges 2.0 says (OB 2.0 §IdentityHash). Every command that hashes
//! or matches an email goes through here.

use super::IdentityObject;
use crate::util::hash::{md5_hex, sha256_hex};

/// Trimmed and lower-cased, as issuers hash emails (OPEN-BADGES.md pitfall 3).
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A plausible email address: one `@`, a dotted domain, no spaces.
pub fn check_email(email: &str) -> Result<(), String> {
    let e = email.trim();
    let Some((local, domain)) = e.split_once('@') else {
        return Err(format!("`{e}` is not an email address (no @)"));
    };
    if e.is_empty()
        || local.is_empty()
        || domain.contains('@')
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
    {
        return Err(format!("`{e}` is not an email address"));
    }
    if e.chars().any(|c| c.is_whitespace() || c.is_control()) || e.len() > 254 {
        return Err(format!("`{e}` is not an email address (spaces or too long)"));
    }
    // RFC 5322's specials, legal only inside a quoted local part that no
    // mail form accepts: in an address here they are markup or a typo.
    if let Some(c) = e.chars().find(|c| "<>()[]\\,;:\"`".contains(*c)) {
        return Err(format!("`{e}` is not an email address (it contains `{c}`)"));
    }
    Ok(())
}

/// `sha256$` and the hex SHA-256 of the email followed by the salt.
pub fn identity_hash(email: &str, salt: &str) -> String {
    format!("sha256${}", sha256_hex(&format!("{email}{salt}")))
}

/// `sha256$` + 64 hex digits or `md5$` + 32, as the spec's IdentityHash.
pub fn is_identity_hash(s: &str) -> bool {
    let (alg, hex) = s.split_once('$').unwrap_or(("", ""));
    let len = match alg {
        "sha256" => 64,
        "md5" => 32,
        _ => return false,
    };
    hex.len() == len && hex.chars().all(|c| c.is_ascii_hexdigit())
}

/// Whether a normalised email hashes, with `salt`, to `identity`
/// (`sha256$…` or `md5$…`, any case).
pub fn hash_matches(email: &str, salt: &str, identity: &str) -> Result<bool, String> {
    let (alg, expected) = identity.split_once('$').ok_or("the recipient identity is not `alg$hash`")?;
    let input = format!("{email}{salt}");
    let actual = match alg {
        "sha256" => sha256_hex(&input),
        "md5" => md5_hex(&input),
        other => return Err(format!("unknown hash algorithm `{other}`")),
    };
    Ok(actual.eq_ignore_ascii_case(expected))
}

/// Whether `email` is the recipient of an award, hashing it with the
/// award's salt the way the specification says: the identity first, then the
/// salt, SHA-256 (or MD5) in hex. The email is trimmed and lower-cased first,
/// since issuers hash lower-cased addresses (OPEN-BADGES.md pitfall 3).
pub fn recipient_matches(recipient: &IdentityObject, email: &str) -> Result<bool, String> {
    let email = normalize_email(email);
    if !email.contains('@') {
        return Err(format!("`{email}` is not an email address"));
    }
    if recipient.kind.as_deref() != Some("email") {
        return Err(format!(
            "the award's recipient is identified by {}, not by email",
            recipient.kind.as_deref().unwrap_or("an unknown type")
        ));
    }
    let identity = recipient.identity.as_deref().ok_or("the award's recipient has no identity")?;
    if recipient.hashed != Some(true) {
        return Ok(identity.trim().to_lowercase() == email);
    }
    hash_matches(&email, recipient.salt.as_deref().unwrap_or(""), identity)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(json: &str) -> IdentityObject {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn hashing_matches_the_spec_vector() {
        assert_eq!(
            identity_hash("alice@example.org", "s4lt"),
            "sha256$081e07ee2ae2d376eb9cd04d9c4ff9479fbb1e7642ece147afa335408920895c"
        );
        assert_eq!(normalize_email("  Alice@Example.ORG "), "alice@example.org");
    }

    #[test]
    fn emails() {
        for ok in ["a@b.org", "first.last+tag@sub.example.co.uk"] {
            assert!(check_email(ok).is_ok(), "{ok}");
        }
        assert!(check_email("o'brien@example.org").is_ok(), "an apostrophe is a letter of names");
        for bad in [
            "",
            "no-at",
            "a@b",
            "a b@c.org",
            "@b.org",
            "a@.org",
            "a@b.org.",
            "a@@b.org",
            "<script>x</script>@b.org",
            "\"a\"@b.org",
            "a@b.org>",
            "mailto:a@b.org",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn identity_hash_format() {
        assert!(is_identity_hash("sha256$081e07ee2ae2d376eb9cd04d9c4ff9479fbb1e7642ece147afa335408920895c"));
        assert!(is_identity_hash("md5$0123456789abcdefABCDEF0123456789"));
        assert!(!is_identity_hash("sha256$081e07"));
        assert!(!is_identity_hash("sha1$081e07ee2ae2d376eb9cd04d9c4ff9479fbb1e76"));
        assert!(!is_identity_hash("alice@example.org"));
    }

    #[test]
    fn spec_vectors() {
        // OPEN-BADGES.md §1.5: alice@example.org with salt s4lt.
        let r = identity(
            r#"{"type":"email","hashed":true,"salt":"s4lt","identity":"sha256$081e07ee2ae2d376eb9cd04d9c4ff9479fbb1e7642ece147afa335408920895c"}"#,
        );
        assert_eq!(recipient_matches(&r, "alice@example.org"), Ok(true));
        assert_eq!(recipient_matches(&r, "  Alice@Example.ORG "), Ok(true), "trimmed and lower-cased");
        assert_eq!(recipient_matches(&r, "bob@example.org"), Ok(false));
        // The spec's own example: a@example.com with salt Kosher, upper-case hex.
        let r = identity(
            r#"{"type":"email","hashed":true,"salt":"Kosher","identity":"sha256$B5809D8A92F8858436D7E6B87C12EBC0AE1EAC4BAECC2C0B913AEE2C922EF399"}"#,
        );
        assert_eq!(recipient_matches(&r, "a@example.com"), Ok(true));
    }

    #[test]
    fn md5_and_plain() {
        let r = identity(r#"{"type":"email","hashed":true,"identity":"md5$ae46d8cbbb834a85db7287f8342d0c42"}"#);
        assert_eq!(recipient_matches(&r, "x@example.org"), Ok(true), "md5, unsalted");
        assert_eq!(recipient_matches(&r, "y@example.org"), Ok(false));
        let r = identity(r#"{"type":"email","hashed":false,"identity":"X@example.org"}"#);
        assert_eq!(recipient_matches(&r, "x@example.org"), Ok(true));
        let r = identity(r#"{"type":"url","hashed":false,"identity":"https://x.org"}"#);
        assert!(recipient_matches(&r, "x@example.org").is_err());
        assert!(recipient_matches(&r, "not-an-email").is_err());
    }
}
