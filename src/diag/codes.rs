//! Every problem code, in one place. A code is the stable name of a rule
//! (`recipient.plaintext`): users filter and look them up, and the award
//! report groups them into checks by this type, so a misspelt code is a
//! compile error rather than a check that silently passes.

use serde::{Serialize, Serializer};
use std::fmt;

macro_rules! codes {
    ($($variant:ident = $text:literal,)*) => {
        /// The rule a problem breaks.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in alphabetical order of its name.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable dotted name, e.g. `recipient.plaintext`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }
        }
    };
}

codes! {
    AccoladeFlag = "accolade.flag",
    AwardExpired = "award.expired",
    BadgeCriteria = "badge.criteria",
    ConfigBaseUrl = "config.base_url",
    ConfigCname = "config.cname",
    ConfigColors = "config.colors",
    ConfigExternalIds = "config.external_ids",
    ConfigLanguage = "config.language",
    ConfigLimit = "config.limit",
    ConfigMissing = "config.missing",
    ConfigOutput = "config.output",
    ConfigSyntax = "config.syntax",
    ConfigTheme = "config.theme",
    Context = "context",
    Credential = "credential",
    CredentialIssuer = "credential.issuer",
    CredentialProof = "credential.proof",
    CredentialSchema = "credential.schema",
    CredentialStatus = "credential.status",
    DateFormat = "date.format",
    DateFuture = "date.future",
    DateOrder = "date.order",
    DateTimezone = "date.timezone",
    EvidenceUrl = "evidence.url",
    Fetch = "fetch",
    FileOrphan = "file.orphan",
    FilePrivateKey = "file.private_key",
    FileRead = "file.read",
    FileSize = "file.size",
    FileSymlink = "file.symlink",
    FileUnknown = "file.unknown",
    IdDuplicate = "id.duplicate",
    IdExternal = "id.external",
    IdIri = "id.iri",
    IdPath = "id.path",
    IdUrl = "id.url",
    Image = "image",
    ImageDropped = "image.dropped",
    ImageFormat = "image.format",
    ImageMissing = "image.missing",
    ImageSize = "image.size",
    ImageUnsafe = "image.unsafe",
    IssuerEmail = "issuer.email",
    IssuerPolicy = "issuer.policy",
    JsonDuplicate = "json.duplicate",
    JsonSyntax = "json.syntax",
    JsonType = "json.type",
    JsonUtf8 = "json.utf8",
    LocaleMissing = "locale.missing",
    LocaleSyntax = "locale.syntax",
    LocaleUnknown = "locale.unknown",
    OutputCollision = "output.collision",
    // The build could not write its output (`accolade serve` shows it over the pages).
    OutputWrite = "output.write",
    Placeholder = "placeholder",
    PrivacyEmail = "privacy.email",
    RecipientHash = "recipient.hash",
    RecipientHashed = "recipient.hashed",
    RecipientLeak = "recipient.leak",
    RecipientPlaintext = "recipient.plaintext",
    RecipientSalt = "recipient.salt",
    RecipientType = "recipient.type",
    RefBadge = "ref.badge",
    RefIssuer = "ref.issuer",
    Required = "required",
    RevocationUnknown = "revocation.unknown",
    ShareLinkedin = "share.linkedin",
    SignedKey = "signed.key",
    SignedSignature = "signed.signature",
    TemplateSyntax = "template.syntax",
    TextBidi = "text.bidi",
    TextControl = "text.control",
    TextLength = "text.length",
    Type = "type",
    UrlScheme = "url.scheme",
    VerificationSigned = "verification.signed",
    VerificationType = "verification.type",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Ordered by name, so problems sort the same as when codes were strings.
impl Ord for Code {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_sorted_and_dotted_lowercase() {
        let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(names, sorted);
        assert!(names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_')));
    }
}
