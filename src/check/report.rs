//! The verification report of each award: the named checks of Open Badges
//! 2.0 hosted verification (as the specification and the 1EdTech validator
//! define them, plus what the validator misses), each with an outcome.
//!
//! The rules themselves live in `check`, which reports broken ones as
//! problems with file positions; a check here is a group of those rules,
//! judged over the award, its badge class and its issuer, plus the two
//! statuses that are not problems of the files: expiry and revocation.

use crate::config::Config;
use crate::diag::{Code, Problem, Problems, Severity};
use crate::library::{Award, Library};
use crate::util::dates;
use serde::Serialize;
use std::collections::HashMap;
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
    pub rules: &'static [&'static [Code]],
    /// Where the rule comes from.
    #[serde(skip)]
    pub source: &'static str,
}

/// The structural rules of an assertion.
const STRUCTURE: &[Code] = &[
    Code::Required,
    Code::JsonType,
    Code::JsonDuplicate,
    Code::VerificationType,
    Code::VerificationSigned,
    Code::Image,
    Code::UrlScheme,
    Code::EvidenceUrl,
    Code::PrivacyEmail,
    Code::TextBidi,
];
/// The rules every badge class and issuer profile follows.
const OBJECT: &[Code] = &[
    Code::Context,
    Code::Type,
    Code::IdIri,
    Code::IdPath,
    Code::IdDuplicate,
    Code::IdUrl,
    Code::IdExternal,
    Code::Fetch,
    Code::Required,
    Code::JsonType,
    Code::UrlScheme,
];

/// Every check of an award's report, in the order shown.
pub const CHECKS: &[CheckInfo] = &[
    CheckInfo {
        name: "assertion.context",
        label: "It uses the Open Badges 2.0 vocabulary (JSON-LD @context)",
        scope: Scope::Award,
        rules: &[&[Code::Context]],
        source: "OB 2.0 §JSON-LD context",
    },
    CheckInfo {
        name: "assertion.type",
        label: "It is an Open Badges Assertion",
        scope: Scope::Award,
        rules: &[&[Code::Type]],
        source: "OB 2.0 §Assertion (type); validator ClassValidators",
    },
    CheckInfo {
        name: "assertion.id",
        label: "Its id is a web address, and it is published at exactly that address",
        scope: Scope::Award,
        rules: &[&[Code::IdIri, Code::IdPath, Code::IdDuplicate, Code::IdUrl, Code::IdExternal, Code::Fetch]],
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
        rules: &[&[
            Code::RecipientType,
            Code::RecipientHashed,
            Code::RecipientLeak,
            Code::RecipientHash,
            Code::RecipientPlaintext,
            Code::RecipientSalt,
        ]],
        source: "OB 2.0 §IdentityObject, §IdentityHash; pitfalls 3-5",
    },
    CheckInfo {
        name: "assertion.dates",
        label: "Its dates have a time zone; it was not issued in the future and expires after it was issued",
        scope: Scope::Award,
        rules: &[&[Code::DateFormat, Code::DateTimezone, Code::DateFuture, Code::DateOrder]],
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
        rules: &[&[Code::RefBadge]],
        source: "OB 2.0 §Assertion (badge)",
    },
    CheckInfo {
        name: "badge.properties",
        label: "The badge class has its id, type, name, description and criteria",
        scope: Scope::Badge,
        rules: &[OBJECT, &[Code::BadgeCriteria]],
        source: "OB 2.0 §BadgeClass, §Criteria, §AlignmentObject",
    },
    CheckInfo {
        name: "badge.image",
        label: "The badge image exists and is a PNG or SVG image",
        scope: Scope::Badge,
        rules: &[&[Code::Image, Code::ImageMissing, Code::ImageFormat, Code::ImageUnsafe]],
        source: "OB 2.0 §BadgeClass (image), §Image",
    },
    CheckInfo {
        name: "issuer.resolves",
        label: "The badge class names an issuer profile that is found",
        scope: Scope::Badge,
        rules: &[&[Code::RefIssuer]],
        source: "OB 2.0 §BadgeClass (issuer)",
    },
    CheckInfo {
        name: "issuer.properties",
        label: "The issuer profile has its id, type, name and web address",
        scope: Scope::Issuer,
        rules: &[OBJECT, &[Code::Image, Code::ImageMissing, Code::ImageFormat, Code::ImageUnsafe]],
        source: "OB 2.0 §Profile",
    },
    CheckInfo {
        name: "issuer.email",
        label: "The issuer gives a contact email address",
        scope: Scope::Issuer,
        rules: &[&[Code::IssuerEmail]],
        source: "OB 2.0 §Profile (email required of issuers); the Python validator skips it",
    },
    CheckInfo {
        name: "issuer.policy",
        label: "It is published where its issuer says its awards live",
        scope: Scope::Award,
        rules: &[&[Code::IssuerPolicy]],
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
    /// A valid award, but the email the verifier gave is not its recipient's
    /// (only `accolade verify --recipient` says this).
    #[serde(rename = "not_recipient")]
    NotRecipient,
}

/// The checks of one award, judged from the problems found in its file, its
/// badge class's and its issuer's (`by_file`: the build's problems by file).
fn award_checks(
    site: &Library,
    award: &Award,
    by_file: &HashMap<&str, Vec<&Problem>>,
    now: OffsetDateTime,
) -> Vec<Check> {
    let file_of = |source: usize| site.sources[source].rel.as_str();
    let award_file = file_of(award.doc.source);
    let badge = award.badge.map(|b| &site.badges[b]);
    let badge_file = badge.map(|b| file_of(b.doc.source));
    let issuer_file = badge.and_then(|b| b.issuer).map(|i| file_of(site.issuers[i].doc.source));
    // Only these files' problems can bear on the award: looked up by file,
    // not searched for among every problem of the site (10,000 awards with
    // a warning each made that quadratic).
    let mut files = vec![award_file];
    files.extend(badge_file.filter(|f| !files.contains(f)));
    files.extend(issuer_file.filter(|f| !files.contains(f)));
    let problems: Vec<&Problem> =
        files.iter().flat_map(|f| by_file.get(f).map(Vec::as_slice).unwrap_or_default()).copied().collect();
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
                "assertion.expiry" => expiry(award, now),
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
                        .copied()
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

/// Every award's checks, in the order of `library.awards`.
pub fn award_reports(library: &Library, problems: &Problems, now: OffsetDateTime) -> Vec<Vec<Check>> {
    let by_file = by_file(problems);
    library.awards.iter().map(|a| award_checks(library, a, &by_file, now)).collect()
}

/// Every award's checks as a build keeps them (`Report`), in the order of
/// `library.awards`.
pub fn compact_reports(library: &Library, problems: &Problems, now: OffsetDateTime) -> Vec<Report> {
    let by_file = by_file(problems);
    library.awards.iter().map(|a| Report::from(award_checks(library, a, &by_file, now))).collect()
}

/// The problems by the file they are in.
fn by_file(problems: &Problems) -> HashMap<&str, Vec<&Problem>> {
    let mut by_file: HashMap<&str, Vec<&Problem>> = HashMap::new();
    for p in problems.iter() {
        by_file.entry(p.file.as_str()).or_default().push(p);
    }
    by_file
}

/// An award's checks as a site keeps them from checking to the end of the
/// build: only those that did not simply pass (another outcome, or a
/// detail). Most checks of most awards pass, and all 15 of each award were
/// about 1 KiB, kept for every award of the site (100 MiB at 100,000
/// awards). `checks` gives the full list back, as `award_reports` makes it.
#[derive(Debug, Clone, Default)]
pub struct Report(Box<[Check]>);

impl From<Vec<Check>> for Report {
    fn from(checks: Vec<Check>) -> Report {
        Report(checks.into_iter().filter(|c| !c.plain_pass()).collect())
    }
}

impl Report {
    /// The award's verdict: the same as from every check (`verdict`), as the
    /// checks that simply passed, which a report leaves out, never change it.
    pub fn verdict(&self, award: &Award) -> Verdict {
        verdict(award, &self.0)
    }

    /// Every check, in the order of `CHECKS`.
    pub fn checks(&self) -> Vec<Check> {
        CHECKS
            .iter()
            .map(|info| match self.0.iter().find(|c| c.name == info.name) {
                Some(kept) => kept.clone(),
                None => Check { name: info.name, label: info.label, outcome: Outcome::Pass, detail: None },
            })
            .collect()
    }
}

impl Check {
    /// Passed, with nothing to say.
    fn plain_pass(&self) -> bool {
        self.outcome == Outcome::Pass && self.detail.is_none()
    }
}

/// The machine-readable report of one award, written beside its hosted JSON.
#[derive(Debug, Serialize)]
pub struct AwardReport<'a> {
    pub id: Option<&'a str>,
    pub page: String,
    pub verdict: Verdict,
    pub checks: &'a [Check],
}

pub fn award_report<'a>(config: &Config, award: &'a Award, checks: &'a [Check]) -> AwardReport<'a> {
    AwardReport {
        id: award.doc.data.id.as_deref(),
        page: config.url(&award.place.page),
        verdict: verdict(award, checks),
        checks,
    }
}

/// The whole site's report, as published: when it ran, how many awards have
/// each verdict, and every listed award's verdict with the checks that did
/// not pass. Written as it is serialized, one award at a time: at 100,000
/// awards, the report made as one JSON value first was the build's peak.
pub fn site_report(site: &Library, config: &Config, now: OffsetDateTime, reports: &[Report]) -> Vec<u8> {
    let awards = ReportedAwards { site, config, reports };
    let mut verdicts = std::collections::BTreeMap::new();
    for (award, report) in awards.listed() {
        let name = serde_json::to_value(report.verdict(award)).unwrap_or_default();
        *verdicts.entry(name.as_str().unwrap_or_default().to_string()).or_insert(0) += 1;
    }
    let report = SiteReport { checked_at: dates::iso(now), checks: CHECKS, verdicts, awards };
    let mut bytes = serde_json::to_vec(&report).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[derive(Serialize)]
struct SiteReport<'a> {
    checked_at: String,
    checks: &'static [CheckInfo],
    /// How many awards have each verdict, by its name.
    verdicts: std::collections::BTreeMap<String, usize>,
    awards: ReportedAwards<'a>,
}

/// The awards of the site report, serialized one by one.
struct ReportedAwards<'a> {
    site: &'a Library,
    config: &'a Config,
    reports: &'a [Report],
}

impl<'a> ReportedAwards<'a> {
    /// Unlisted awards stay out of every list, this one included.
    fn listed(&self) -> impl Iterator<Item = (&'a Award, &'a Report)> {
        self.site.awards.iter().zip(self.reports).filter(|(award, _)| !award.doc.data.is_unlisted())
    }
}

impl Serialize for ReportedAwards<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.listed().map(|(award, report)| {
            let checks = report.checks();
            ReportedAward {
                id: award.doc.data.id.as_deref(),
                page: self.config.url(&award.place.page),
                verdict: verdict(award, &checks),
                // Only what did not pass is listed (`checks` names them all).
                not_passed: checks.into_iter().filter(|c| c.outcome != Outcome::Pass).collect(),
                // Each award's full report is in its page; a file of its own
                // only when the site asks for one (`[per_award_files] reports`).
                report: self
                    .config
                    .per_award_files
                    .reports
                    .then(|| self.config.url(&crate::layout::in_page(&award.place.page, crate::layout::award::REPORT))),
            }
        }))
    }
}

#[derive(Serialize)]
struct ReportedAward<'a> {
    id: Option<&'a str>,
    page: String,
    verdict: Verdict,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    not_passed: Vec<Check>,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report keeps only the checks that did not simply pass, and gives
    /// back every check as it was made, in order.
    #[test]
    fn reports_keep_what_did_not_simply_pass() {
        let mut checks: Vec<Check> = CHECKS
            .iter()
            .map(|i| Check { name: i.name, label: i.label, outcome: Outcome::Pass, detail: None })
            .collect();
        checks[1].outcome = Outcome::Warn;
        checks[1].detail = Some("a warning".into());
        checks[6].detail = Some("valid until 1 May 2030".into());
        let report = Report::from(checks.clone());
        assert_eq!(report.0.len(), 2);
        let json = |c: &[Check]| serde_json::to_string(c).unwrap();
        assert_eq!(json(&report.checks()), json(&checks));
    }
}
