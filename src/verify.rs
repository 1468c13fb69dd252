//! The verification report of each award: the named checks of Open Badges
//! 2.0 hosted verification (as the specification and the 1EdTech validator
//! define them, plus what the validator misses), each with an outcome.
//!
//! The rules themselves live in `validate`, which reports broken ones as
//! problems with file positions; a check here is a group of those rules,
//! judged over the award, its badge class and its issuer, plus the two
//! statuses that are not problems of the files: expiry and revocation.

use crate::dates;
use crate::diag::{Problem, Problems, Severity};
use crate::site::{Award, Site};
use serde::Serialize;
use time::OffsetDateTime;

/// Whose problems a check looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Award,
    Badge,
    Issuer,
}

/// A named check: what it makes sure of, and the rules (problem codes) it covers.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CheckInfo {
    /// Stable name, e.g. `recipient.identity`.
    pub name: &'static str,
    /// What passing means, in words a visitor understands.
    pub label: &'static str,
    #[serde(skip)]
    pub scope: Scope,
    /// Groups of rules, so that shared groups are written once.
    #[serde(skip)]
    pub rules: &'static [&'static [&'static str]],
    /// Where the rule comes from.
    #[serde(skip)]
    pub source: &'static str,
}

/// The structural rules of an assertion.
const STRUCTURE: &[&str] = &[
    "required",
    "json.type",
    "json.duplicate",
    "verification.type",
    "verification.signed",
    "image",
    "url.scheme",
    "privacy.email",
    "text.bidi",
];
/// The rules every badge class and issuer profile follows.
const OBJECT: &[&str] =
    &["context", "type", "id.iri", "id.path", "id.duplicate", "id.url", "fetch", "required", "json.type", "url.scheme"];

/// Every check of an award's report, in the order shown.
pub const CHECKS: &[CheckInfo] = &[
    CheckInfo {
        name: "assertion.context",
        label: "It uses the Open Badges 2.0 vocabulary (JSON-LD @context)",
        scope: Scope::Award,
        rules: &[&["context"]],
        source: "OB 2.0 §JSON-LD context",
    },
    CheckInfo {
        name: "assertion.type",
        label: "It is an Open Badges Assertion",
        scope: Scope::Award,
        rules: &[&["type"]],
        source: "OB 2.0 §Assertion (type); validator ClassValidators",
    },
    CheckInfo {
        name: "assertion.id",
        label: "Its id is a web address, and it is published at exactly that address",
        scope: Scope::Award,
        rules: &[&["id.iri", "id.path", "id.duplicate", "id.url", "fetch"]],
        source: "OB 2.0 §HostedBadge verification; validator pitfall 8 (id must equal the URL)",
    },
    CheckInfo {
        name: "assertion.properties",
        label: "It has every required property (recipient, badge, verification, issue date), each of the right type",
        scope: Scope::Award,
        rules: &[STRUCTURE],
        source: "OB 2.0 §Assertion, §VerificationObject, §Evidence",
    },
    CheckInfo {
        name: "recipient.identity",
        label: "The earner's email is published only as a salted hash",
        scope: Scope::Award,
        rules: &[&["recipient.type", "recipient.hashed", "recipient.hash", "recipient.plaintext", "recipient.salt"]],
        source: "OB 2.0 §IdentityObject, §IdentityHash; pitfalls 3-5",
    },
    CheckInfo {
        name: "assertion.dates",
        label: "Its dates have a time zone; it was not issued in the future and expires after it was issued",
        scope: Scope::Award,
        rules: &[&["date.format", "date.timezone", "date.future", "date.order"]],
        source: "OB 2.0 §DateTime; validator assertion_timestamp_checks",
    },
    CheckInfo {
        name: "assertion.expiry",
        label: "It has not expired",
        scope: Scope::Award,
        rules: &[],
        source: "OB 2.0 §Verification (expires)",
    },
    CheckInfo {
        name: "assertion.revocation",
        label: "The issuer has not revoked it",
        scope: Scope::Award,
        rules: &[],
        source: "OB 2.0 §HostedBadge verification (revoked, 410), §RevocationList",
    },
    CheckInfo {
        name: "badge.resolves",
        label: "Its badge class is found",
        scope: Scope::Award,
        rules: &[&["ref.badge"]],
        source: "OB 2.0 §Assertion (badge)",
    },
    CheckInfo {
        name: "badge.properties",
        label: "The badge class has its id, type, name, description and criteria",
        scope: Scope::Badge,
        rules: &[OBJECT, &["badge.criteria"]],
        source: "OB 2.0 §BadgeClass, §Criteria, §AlignmentObject",
    },
    CheckInfo {
        name: "badge.image",
        label: "The badge image exists and is a PNG or SVG image",
        scope: Scope::Badge,
        rules: &[&["image", "image.missing", "image.format", "image.unsafe"]],
        source: "OB 2.0 §BadgeClass (image), §Image",
    },
    CheckInfo {
        name: "issuer.resolves",
        label: "The badge class names an issuer profile that is found",
        scope: Scope::Badge,
        rules: &[&["ref.issuer"]],
        source: "OB 2.0 §BadgeClass (issuer)",
    },
    CheckInfo {
        name: "issuer.properties",
        label: "The issuer profile has its id, type, name and web address",
        scope: Scope::Issuer,
        rules: &[OBJECT, &["image", "image.missing", "image.format", "image.unsafe"]],
        source: "OB 2.0 §Profile",
    },
    CheckInfo {
        name: "issuer.email",
        label: "The issuer gives a contact email address",
        scope: Scope::Issuer,
        rules: &[&["issuer.email"]],
        source: "OB 2.0 §Profile (email required of issuers); the Python validator skips it",
    },
    CheckInfo {
        name: "issuer.policy",
        label: "It is published where its issuer says its awards live",
        scope: Scope::Award,
        rules: &[&["issuer.policy"]],
        source: "OB 2.0 §VerificationObject (startsWith, allowedOrigins); validator hosted_id_in_verification_scope",
    },
];

/// One check's outcome for one award.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub label: &'static str,
    pub outcome: Outcome,
    /// What was found, when it did not simply pass.
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Pass,
    Warn,
    Fail,
}

/// The overall verdict of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Valid,
    Expired,
    Revoked,
    Invalid,
}

/// The checks of one award, judged from the problems found in its file, its
/// badge class's and its issuer's.
pub fn award_checks(site: &Site, award: &Award, problems: &Problems) -> Vec<Check> {
    let file_of = |source: usize| site.sources[source].rel.as_str();
    let award_file = file_of(award.doc.source);
    let badge = award.badge.map(|b| &site.badges[b]);
    let badge_file = badge.map(|b| file_of(b.doc.source));
    let issuer_file = badge.and_then(|b| b.issuer).map(|i| file_of(site.issuers[i].doc.source));
    // An embedded badge's problems sit in the award's file under `badge…`;
    // they belong to the badge's checks, not the award's.
    let in_scope = |p: &Problem, scope: Scope| -> bool {
        let embedded =
            p.json_path.as_deref().is_some_and(|j| j == "badge" || j.starts_with("badge.") || j.starts_with("badge["));
        match scope {
            Scope::Award => p.file == award_file && !embedded,
            Scope::Badge => Some(p.file.as_str()) == badge_file && (badge_file != Some(award_file) || embedded),
            Scope::Issuer => Some(p.file.as_str()) == issuer_file,
        }
    };
    CHECKS
        .iter()
        .map(|info| {
            let status = match info.name {
                "assertion.expiry" => expiry(award, site.now),
                "assertion.revocation" => revocation(award),
                "badge.resolves" if award.badge.is_none() && award.revoked.is_none() => {
                    (Outcome::Fail, Some("the badge class was not found".to_string()))
                }
                "issuer.resolves" if badge.is_some_and(|b| b.issuer.is_none()) => {
                    (Outcome::Fail, Some("the issuer profile was not found".to_string()))
                }
                _ => {
                    let hits: Vec<&Problem> = problems
                        .iter()
                        .filter(|p| info.rules.iter().any(|r| r.contains(&p.code)) && in_scope(p, info.scope))
                        .collect();
                    let outcome = if hits.iter().any(|p| p.severity == Severity::Error) {
                        Outcome::Fail
                    } else if hits.is_empty() {
                        Outcome::Pass
                    } else {
                        Outcome::Warn
                    };
                    let detail = hits.first().map(|p| p.message.clone());
                    (outcome, detail)
                }
            };
            Check { name: info.name, label: info.label, outcome: status.0, detail: status.1 }
        })
        .collect()
}

fn expiry(award: &Award, now: OffsetDateTime) -> (Outcome, Option<String>) {
    match award.expires {
        Some(e) if e <= now => (Outcome::Fail, Some(format!("expired on {}", dates::human(e)))),
        Some(e) => (Outcome::Pass, Some(format!("valid until {}", dates::human(e)))),
        None => (Outcome::Pass, None),
    }
}

fn revocation(award: &Award) -> (Outcome, Option<String>) {
    match &award.revoked {
        Some(r) => (
            Outcome::Fail,
            Some(format!(
                "revoked{}{}",
                r.revoked_on.map(|t| format!(" on {}", dates::human(t))).unwrap_or_default(),
                r.reason.as_ref().map(|why| format!(": {why}")).unwrap_or_default()
            )),
        ),
        None => (Outcome::Pass, None),
    }
}

pub fn verdict(award: &Award, checks: &[Check]) -> Verdict {
    if award.revoked.is_some() {
        Verdict::Revoked
    } else if checks.iter().any(|c| c.outcome == Outcome::Fail && c.name != "assertion.expiry") {
        Verdict::Invalid
    } else if checks.iter().any(|c| c.outcome == Outcome::Fail) {
        Verdict::Expired
    } else {
        Verdict::Valid
    }
}

/// The machine-readable report of one award, written beside its hosted JSON.
#[derive(Debug, Serialize)]
pub struct AwardReport<'a> {
    pub id: Option<&'a str>,
    pub page: String,
    pub checked_at: String,
    pub verdict: Verdict,
    pub checks: &'a [Check],
}

pub fn award_report<'a>(site: &'a Site, award: &'a Award) -> AwardReport<'a> {
    AwardReport {
        id: award.doc.data.id.as_deref(),
        page: site.config.url(&award.place.page),
        checked_at: dates::iso(site.now),
        verdict: verdict(award, &award.checks),
        checks: &award.checks,
    }
}

/// The whole site's report: when it ran, how many awards have each verdict,
/// and every award's verdict with the checks that did not pass.
pub fn site_report(site: &Site) -> serde_json::Value {
    let mut counts = std::collections::BTreeMap::new();
    let awards: Vec<serde_json::Value> = site
        .awards
        .iter()
        // Unlisted awards stay out of every list, this one included.
        .filter(|award| !award.doc.data.is_unlisted())
        .map(|award| {
            let verdict = verdict(award, &award.checks);
            *counts
                .entry(serde_json::to_value(verdict).unwrap_or_default().as_str().unwrap_or("").to_string())
                .or_insert(0) += 1;
            let not_passed: Vec<&Check> = award.checks.iter().filter(|c| c.outcome != Outcome::Pass).collect();
            serde_json::json!({
                "id": award.doc.data.id,
                "page": site.config.url(&award.place.page),
                "report": site.config.url(&format!("{}verification.json", award.place.page)),
                "verdict": verdict,
                "not_passed": not_passed,
            })
        })
        .collect();
    serde_json::json!({
        "checked_at": dates::iso(site.now),
        "checks": CHECKS,
        "verdicts": counts,
        "awards": awards,
    })
}

/// Whether `email` is the recipient of an award, hashing it with the
/// award's salt the way the specification says: the identity first, then the
/// salt, SHA-256 (or MD5) in hex. The email is trimmed and lower-cased first,
/// since issuers hash lower-cased addresses (OPEN-BADGES.md pitfall 3).
pub fn recipient_matches(recipient: &crate::model::IdentityObject, email: &str) -> Result<bool, String> {
    use sha2::Digest;
    let email = email.trim().to_lowercase();
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
    let salt = recipient.salt.as_deref().unwrap_or("");
    let (alg, expected) = identity.split_once('$').ok_or("the recipient identity is not `alg$hash`")?;
    let input = format!("{email}{salt}");
    let actual = match alg {
        "sha256" => hex(&sha2::Sha256::digest(input.as_bytes())),
        "md5" => hex(&md5::Md5::digest(input.as_bytes())),
        other => return Err(format!("unknown hash algorithm `{other}`")),
    };
    Ok(actual.eq_ignore_ascii_case(expected))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(json: &str) -> crate::model::IdentityObject {
        serde_json::from_str(json).unwrap()
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
