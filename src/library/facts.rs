//! What a site keeps of each award from reading to the end of a build: what
//! linking, the site-wide checks and the lists need. Everything else an
//! award says is parsed again from its file, one award at a time, by the
//! step that needs it (`Library::whole`): a site may have 100,000 awards,
//! and keeping each one's parsed JSON and typed assertion made a build's
//! memory grow by several KiB an award.

use crate::model::{Assertion, BadgeClass, HasId, Ref};
use crate::util::dates;
use time::OffsetDateTime;

#[derive(Debug, Clone)]
pub struct AwardFacts {
    pub id: Option<String>,
    /// The badge class as written: its id, or the class embedded.
    pub badge: Option<Ref<BadgeClass>>,
    /// `issuedOn` and `expires`, when they are valid dates (the checks
    /// report those that are not).
    pub issued_on: Option<OffsetDateTime>,
    pub expires: Option<OffsetDateTime>,
    /// `revoked` and `revocationReason` as written in the award.
    pub revoked: Option<bool>,
    pub revocation_reason: Option<String>,
    /// The recipient's salt, to find salts several awards share.
    pub salt: Option<String>,
    recipient_name: Option<String>,
    unlisted: bool,
}

impl AwardFacts {
    pub fn of(a: &Assertion) -> AwardFacts {
        let date = |d: &Option<String>| d.as_deref().and_then(|d| dates::parse(d).ok());
        AwardFacts {
            id: a.id.clone(),
            badge: a.badge.clone(),
            issued_on: date(&a.issued_on),
            expires: date(&a.expires),
            revoked: a.revoked,
            revocation_reason: a.revocation_reason.clone(),
            salt: a.recipient.as_ref().and_then(|r| r.salt.clone()),
            recipient_name: a.recipient_name().map(str::to_string),
            unlisted: a.is_unlisted(),
        }
    }

    /// As `Assertion::recipient_name`.
    pub fn recipient_name(&self) -> Option<&str> {
        self.recipient_name.as_deref()
    }

    /// As `Assertion::is_unlisted`.
    pub fn is_unlisted(&self) -> bool {
        self.unlisted
    }
}

impl HasId for AwardFacts {
    fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_are_what_the_assertion_says() {
        let a: Assertion = serde_json::from_str(
            r#"{"id":"https://a.org/a.json","badge":"https://a.org/b.json","issuedOn":"2024-01-01T00:00:00Z",
               "expires":"not a date","revoked":true,"revocationReason":"r","recipient":{"salt":"s1"},
               "extensions:recipientProfile":{"name":" Zoë "},"accolade:unlisted":true}"#,
        )
        .unwrap();
        let f = AwardFacts::of(&a);
        assert_eq!(f.id(), Some("https://a.org/a.json"));
        assert_eq!(f.badge.as_ref().and_then(|b| b.id()), Some("https://a.org/b.json"));
        assert_eq!(f.issued_on, Some(time::macros::datetime!(2024-01-01 0:00 UTC)));
        assert_eq!(f.expires, None);
        assert_eq!((f.revoked, f.revocation_reason.as_deref()), (Some(true), Some("r")));
        assert_eq!(f.salt.as_deref(), Some("s1"));
        assert_eq!(f.recipient_name(), Some("Zoë"));
        assert!(f.is_unlisted());
    }
}
