//! No field of an award may carry its recipient's email address. The
//! hashed `recipient` is the only place the address is allowed, and only as
//! a salted hash: any other property (an extension object, a narrative,
//! evidence, even a property name) is published as it is in the hosted JSON,
//! on the page and in the baked images.
//!
//! An address found in a published string is hashed with the award's salt
//! and compared with `recipient.identity`, so the recipient's address is
//! found although the file never says it in plain text. The recipient
//! profile (`extensions:recipientProfile`) is the earner's public name card:
//! no address of any kind belongs in it.

use super::Validator;
use crate::diag::{Code, Problem, Severity};
use crate::library::Doc;
use crate::model::recipient::{hash_matches, is_identity_hash, normalize_email};
use crate::model::{is_private_evidence, Assertion, IdentityObject};
use crate::util::jsonpos::{JsonPath, Seg};
use crate::util::text::emails_in;
use serde_json::Value;

const PROFILE: &str = "extensions:recipientProfile";

impl Validator<'_> {
    /// Reports every published string or property name of an award that
    /// carries its recipient's email, or any email in the recipient
    /// profile; returns the paths reported, which the milder
    /// "an email address in published text" warning then leaves alone.
    pub(super) fn recipient_email_leaks(&mut self, doc: &Doc<Box<Assertion>>) -> Vec<JsonPath> {
        let mut found: Vec<(JsonPath, Problem)> = Vec::new();
        let Value::Object(map) = &doc.raw else { return Vec::new() };
        let recipient = doc.data.recipient.as_ref();
        let mut path = JsonPath::root();
        for (key, value) in map {
            // The recipient has rules of its own (`recipient.plaintext`).
            if key == "recipient" {
                continue;
            }
            path.0.push(Seg::Key(key.clone()));
            if key == "evidence" {
                // Private evidence is never published.
                match value {
                    Value::Array(items) => {
                        for (i, item) in items.iter().enumerate().filter(|(_, e)| !is_private_evidence(e)) {
                            path.0.push(Seg::Index(i));
                            walk(item, &mut path, &mut |at, text| found.extend(leak(recipient, at, text)));
                            path.0.pop();
                        }
                    }
                    single if !is_private_evidence(single) => {
                        walk(single, &mut path, &mut |at, text| found.extend(leak(recipient, at, text)))
                    }
                    _ => {}
                }
            } else {
                found.extend(leak(recipient, &path, key));
                walk(value, &mut path, &mut |at, text| found.extend(leak(recipient, at, text)));
            }
            path.0.pop();
        }
        // Fetched badges are not published by accolade: there it is the
        // issuer's lapse, reported without making the award invalid.
        let severity = if self.base_url.is_some() { Severity::Error } else { Severity::Warning };
        for (at, problem) in &mut found {
            problem.severity = severity;
            self.report(doc, at.clone(), problem.clone());
        }
        found.into_iter().map(|(at, _)| at).collect()
    }
}

/// Calls `each` with every string and property name under `value`.
fn walk(value: &Value, path: &mut JsonPath, each: &mut impl FnMut(&JsonPath, &str)) {
    match value {
        Value::String(text) => each(path, text),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.0.push(Seg::Index(i));
                walk(item, path, each);
                path.0.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                path.0.push(Seg::Key(key.clone()));
                each(path, key);
                walk(item, path, each);
                path.0.pop();
            }
        }
        _ => {}
    }
}

/// The problem of one published text at `at`, if it carries an address it must not.
fn leak(recipient: Option<&IdentityObject>, at: &JsonPath, text: &str) -> Option<(JsonPath, Problem)> {
    let emails = emails_in(text);
    if emails.is_empty() {
        return None;
    }
    let problem = if emails.iter().any(|e| recipient.is_some_and(|r| is_recipients(r, e))) {
        Problem::error(
            Code::RecipientLeak,
            "",
            "this contains the recipient's own email address, which would be published in the hosted JSON, the award page and the baked images",
        )
        .help("remove it: the recipient's email is published only as the salted hash in `recipient`; their name goes in `extensions:recipientProfile.name`")
    } else if matches!(at.0.first(), Some(Seg::Key(k)) if k == PROFILE) {
        if at.0.len() == 2 && at.last_key() == Some("name") {
            Problem::error(
                Code::PrivacyEmail,
                "",
                "the recipient's name is or contains an email address, which would be published",
            )
            .help("write the person's name, or leave `name` out; the email belongs in the hashed `recipient.identity`")
        } else {
            Problem::error(
                Code::PrivacyEmail,
                "",
                "the recipient profile is the earner's public name card and would publish this email address",
            )
            .help("remove the address from `extensions:recipientProfile`; the recipient's email belongs only in the hashed `recipient.identity`")
        }
    } else {
        return None;
    };
    Some((at.clone(), problem))
}

/// Whether `email` is the recipient's: equal to a plaintext identity, or
/// hashing with the salt to the hashed one (lower-cased, as issuers hash,
/// and as written, for issuers that did not lower-case).
fn is_recipients(recipient: &IdentityObject, email: &str) -> bool {
    let Some(identity) = recipient.identity.as_deref() else { return false };
    if recipient.hashed != Some(true) {
        let plain = identity.trim();
        let plain = plain.strip_prefix("mailto:").unwrap_or(plain).replace("%40", "@");
        return normalize_email(&plain) == normalize_email(email);
    }
    if !is_identity_hash(identity) {
        return false;
    }
    let salt = recipient.salt.as_deref().unwrap_or("");
    [normalize_email(email), email.trim().to_string()].iter().any(|e| hash_matches(e, salt, identity) == Ok(true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::recipient::identity_hash;

    fn hashed(email: &str) -> IdentityObject {
        IdentityObject {
            kind: Some("email".into()),
            identity: Some(identity_hash(email, "s4lt")),
            hashed: Some(true),
            salt: Some("s4lt".into()),
            extra: Default::default(),
        }
    }

    fn code(recipient: &IdentityObject, path: JsonPath, text: &str) -> Option<Code> {
        leak(Some(recipient), &path, text).map(|(_, p)| p.code)
    }

    #[test]
    fn the_recipients_address_is_found_through_the_hash() {
        let r = hashed("ada@example.net");
        let narrative = JsonPath::root().key("narrative");
        assert_eq!(code(&r, narrative.clone(), "Mail Ada@Example.NET."), Some(Code::RecipientLeak));
        assert_eq!(code(&r, narrative.clone(), "https://x.org/?to=ada%40example.net"), Some(Code::RecipientLeak));
        assert_eq!(
            code(&r, narrative.clone(), "mail the teacher: t@example.org"),
            None,
            "another address: a warning elsewhere"
        );
        assert_eq!(code(&r, narrative, "no address"), None);
    }

    #[test]
    fn a_plaintext_identity_is_compared_as_it_is() {
        let r = IdentityObject {
            hashed: Some(false),
            identity: Some("mailto:Ada@example.net".into()),
            ..hashed("x@y.org")
        };
        assert_eq!(code(&r, JsonPath::root().key("x:ext").key("note"), "ada@example.net"), Some(Code::RecipientLeak));
    }

    #[test]
    fn no_address_in_the_recipient_profile() {
        let r = hashed("ada@example.net");
        let profile = JsonPath::root().key(PROFILE);
        assert_eq!(code(&r, profile.key("contact"), "t@example.org"), Some(Code::PrivacyEmail));
        assert_eq!(code(&r, profile.key("name"), "t@example.org"), Some(Code::PrivacyEmail));
        assert_eq!(code(&r, profile.key("name"), "Ada Lovelace"), None);
    }
}
