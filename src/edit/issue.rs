//! `accolade issue`: writing new hosted assertions into a site folder, for
//! one learner or for every row of a grade report that meets a threshold.
//!
//! Every award gets an unguessable id under `base_url`, its own random salt,
//! and the recipient's email only as `sha256$hex(lowercase(email) + salt)`.
//! Files are created, never overwritten, and a site-wide lock makes
//! concurrent runs take turns, so that none loses or duplicates an award.

use super::Folder;
use crate::config::Config;
use crate::layout;
use crate::model::recipient::{hash_matches, identity_hash, normalize_email};
use crate::util::fs::{create_new, display_path};
use crate::util::hash::{random_bytes, random_hex};
use crate::util::json::pretty;
use crate::util::urls;
use anyhow::{bail, Result};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::path::Path;
use time::OffsetDateTime;

/// Letters and digits that cannot be mistaken for each other when read aloud
/// or typed from a printed certificate (no 0/o, 1/l).
const SLUG_ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
/// 10 characters of a 32-letter alphabet: 50 bits, not guessable.
const SLUG_LENGTH: usize = 10;

/// One award to make.
#[derive(Debug, Clone, Default)]
pub struct Recipient {
    pub email: String,
    pub name: Option<String>,
    pub evidence: Vec<EvidenceArg>,
    /// The grade-report line it came from, for the summary.
    pub line: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceArg {
    pub url: String,
    pub narrative: Option<String>,
}

impl EvidenceArg {
    /// `URL` or `URL=narrative`, as given on the command line.
    pub fn parse(arg: &str) -> Result<EvidenceArg> {
        let (url, narrative) = match arg.split_once('=') {
            // A `=` inside the URL's query is part of the URL; a narrative follows the first `=` after a space-free URL.
            Some((u, n)) if urls::is_web_url(u) && !u.contains('?') => (u, Some(n.to_string())),
            _ => (arg, None),
        };
        if let Err(why) = urls::one_web_url(url) {
            bail!("evidence `{url}` {why}");
        }
        Ok(EvidenceArg { url: url.to_string(), narrative: narrative.filter(|n| !n.trim().is_empty()) })
    }
}

#[derive(Debug, Clone)]
pub enum Expiry {
    Never,
    At(OffsetDateTime),
    After(time::Duration),
}

#[derive(Debug, Clone)]
pub struct IssueOptions {
    /// The badge class: its slug (`badges/<slug>.json`) or its id.
    pub badge: String,
    pub issued_on: Option<OffsetDateTime>,
    pub expiry: Expiry,
    pub narrative: Option<String>,
    pub dry_run: bool,
    /// Open Badges 3.0 credentials (to be signed at build) instead of 2.0 assertions.
    pub ob3: bool,
}

/// What a run did, row by row.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub badge: String,
    pub badge_name: String,
    pub dry_run: bool,
    /// How a grade report was read (none for a single award).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_as: Option<ReadAs>,
    pub issued: Vec<Issued>,
    pub already_held: Vec<Skipped>,
    pub below_threshold: Vec<Skipped>,
    pub rejected: Vec<Skipped>,
}

/// Which layout a grade report was recognised as and which columns were used.
#[derive(Debug, Default, Serialize)]
pub struct ReadAs {
    /// `openedx`, `canvas`, `moodle` or `csv`.
    pub layout: String,
    pub delimiter: String,
    pub email: String,
    pub name: Option<String>,
    pub score: Option<String>,
    /// The whole of it, as one sentence.
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct Issued {
    pub line: Option<u64>,
    pub email: String,
    pub name: Option<String>,
    pub id: String,
    /// The new file, relative to the site folder (none in a dry run).
    pub file: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Skipped {
    pub line: Option<u64>,
    pub email: Option<String>,
    pub why: String,
}

/// Issues `options.badge` to each recipient that does not hold it yet.
pub fn issue(site_dir: &Path, options: &IssueOptions, recipients: Vec<Recipient>, summary: &mut Summary) -> Result<()> {
    let folder = Folder::read(site_dir)?;
    let (badge_id, badge_name) = folder.find_badge(&options.badge)?;
    summary.badge = badge_id.clone();
    summary.badge_name = badge_name;
    summary.dry_run = options.dry_run;
    let now = crate::util::dates::build_time();
    let issued_on = options.issued_on.unwrap_or(now);
    if issued_on > now {
        bail!("--issued-on {} is in the future; verifiers reject such awards", crate::util::dates::iso(issued_on));
    }
    let expires = match options.expiry {
        Expiry::Never => None,
        Expiry::At(t) => Some(t),
        Expiry::After(d) => Some(issued_on + d),
    };
    if let Some(e) = expires {
        if e <= issued_on {
            bail!("the award would expire ({}) before it is issued", crate::util::dates::iso(e));
        }
    }

    // Concurrent runs take turns from here, so each sees what the others wrote.
    let _lock = Folder::lock(site_dir)?;
    // Read again under the lock: awards issued meanwhile count.
    let folder = Folder::read(site_dir)?;
    let config = &folder.config;
    let mut held = Holdings::of(&folder, &badge_id);
    let mut ob3 = if options.ob3 { Some(super::issue_ob3::Ob3Issuing::new(&folder, &badge_id)?) } else { None };
    // A 3.0 credential is issued to whoever holds no 3.0 credential of the
    // badge: a course may give both formats of one award.
    if let Some(ob3) = &ob3 {
        held.hashes = super::issue_ob3::Ob3Issuing::holders(&folder, ob3.achievement_id());
    }
    let folder_name = if options.ob3 { layout::CREDENTIALS } else { layout::ASSERTIONS };
    let assertions = site_dir.join(folder_name);
    if options.ob3 && !options.dry_run {
        std::fs::create_dir_all(&assertions)?;
    }
    for r in recipients {
        let email = normalize_email(&r.email);
        if held.holds(&email) {
            summary.already_held.push(Skipped {
                line: r.line,
                email: Some(email),
                why: "already holds this badge".into(),
            });
            continue;
        }
        let slug = unused_slug(&assertions)?;
        let id = format!("{}{folder_name}/{slug}.json", config.source_base_url);
        let salt = random_hex(16)?;
        let doc = match &mut ob3 {
            Some(ob3) => {
                let earner = super::issue_ob3::Earner {
                    email: &email,
                    salt: &salt,
                    name: r.name.as_deref(),
                    evidence: r.evidence.iter().map(|e| (e.url.as_str(), e.narrative.as_deref())).collect(),
                    narrative: options.narrative.as_deref(),
                };
                ob3.credential(&id, &earner, issued_on, expires)?
            }
            None => assertion_json(config, &id, &badge_id, &email, &salt, &r, options, issued_on, expires),
        };
        let file = if options.dry_run {
            None
        } else {
            let path = assertions.join(format!("{slug}.json"));
            create_new(&path, &pretty(&doc))?;
            Some(display_path(site_dir, &path))
        };
        held.add(email.clone(), salt);
        summary.issued.push(Issued { line: r.line, email, name: r.name.clone(), id, file });
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn assertion_json(
    config: &Config,
    id: &str,
    badge_id: &str,
    email: &str,
    salt: &str,
    r: &Recipient,
    options: &IssueOptions,
    issued_on: OffsetDateTime,
    expires: Option<OffsetDateTime>,
) -> Value {
    let mut doc = json!({
        "@context": crate::model::OB2_CONTEXT,
        "type": "Assertion",
        "id": id,
        "recipient": {
            "type": "email",
            "hashed": true,
            "salt": salt,
            "identity": identity_hash(email, salt),
        },
    });
    if let Some(name) = r.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        doc["extensions:recipientProfile"] = json!({
            "@context": format!("{}{}", config.source_base_url, layout::RECIPIENT_PROFILE_CONTEXT),
            "type": ["Extension", "extensions:RecipientProfile"],
            "name": name,
        });
    }
    doc["badge"] = Value::String(badge_id.to_string());
    doc["verification"] = json!({ "type": "HostedBadge" });
    doc["issuedOn"] = Value::String(crate::util::dates::iso(issued_on));
    if let Some(e) = expires {
        doc["expires"] = Value::String(crate::util::dates::iso(e));
    }
    if !r.evidence.is_empty() {
        doc["evidence"] = Value::Array(
            r.evidence
                .iter()
                .map(|e| {
                    let mut o = json!({ "id": e.url });
                    if let Some(n) = &e.narrative {
                        o["narrative"] = Value::String(n.clone());
                    }
                    o
                })
                .collect(),
        );
    }
    if let Some(n) = options.narrative.as_deref().filter(|n| !n.trim().is_empty()) {
        doc["narrative"] = Value::String(n.to_string());
    }
    doc
}

/// Who already holds the badge: each existing award's salt and hash, so an
/// email can be tested against them (the emails themselves are not kept).
struct Holdings {
    hashes: Vec<(String, String)>,
    added: HashSet<String>,
}

impl Holdings {
    fn of(folder: &Folder, badge_id: &str) -> Holdings {
        let hashes = folder
            .current_awards_of(badge_id)
            .filter_map(|a| a.recipient)
            .filter_map(|r| Some((r.salt.unwrap_or_default(), r.identity?.to_lowercase())))
            .collect();
        Holdings { hashes, added: HashSet::new() }
    }

    fn holds(&self, email: &str) -> bool {
        self.added.contains(email)
            || self.hashes.iter().any(|(salt, identity)| hash_matches(email, salt, identity) == Ok(true))
    }

    fn add(&mut self, email: String, salt: String) {
        self.hashes.push((salt.clone(), identity_hash(&email, &salt)));
        self.added.insert(email);
    }
}

fn unused_slug(assertions: &Path) -> Result<String> {
    loop {
        let mut buf = [0u8; SLUG_LENGTH];
        random_bytes(&mut buf)?;
        let slug: String = buf.iter().map(|b| SLUG_ALPHABET[(*b as usize) % SLUG_ALPHABET.len()] as char).collect();
        if !assertions.join(format!("{slug}.json")).exists() {
            return Ok(slug);
        }
    }
}

/// `30d`, `6w`, `12m` (months of 30 days), `2y` (years of 365 days), or a
/// number of days.
pub fn parse_duration(s: &str) -> Result<time::Duration, String> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: i64 = num.parse().map_err(|_| format!("`{s}` is not a duration like 90d, 12m or 2y"))?;
    let days = match unit {
        "" | "d" => n,
        "w" => n * 7,
        "m" => n * 30,
        "y" => n * 365,
        _ => return Err(format!("`{s}`: the unit must be d, w, m or y")),
    };
    if n <= 0 {
        return Err(format!("`{s}` must be longer than nothing"));
    }
    Ok(time::Duration::days(days))
}

/// An ISO 8601 date-time, or a date (taken as midnight UTC).
pub fn parse_date(s: &str) -> Result<OffsetDateTime, String> {
    crate::util::dates::parse(s).or_else(|e| {
        if s.contains(['T', 't', ' ']) {
            return Err(e); // a time without a time zone is not taken as midnight
        }
        time::Date::parse(s, &time::format_description::well_known::Iso8601::DEFAULT)
            .map(|d| d.midnight().assume_utc())
            .map_err(|_| e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_args() {
        assert_eq!(
            EvidenceArg::parse("https://github.com/a/b=My solver").unwrap(),
            EvidenceArg { url: "https://github.com/a/b".into(), narrative: Some("My solver".into()) }
        );
        assert_eq!(EvidenceArg::parse("https://x.org/?a=b").unwrap().url, "https://x.org/?a=b");
        assert!(EvidenceArg::parse("javascript:alert(1)").is_err());
    }

    #[test]
    fn durations_and_dates() {
        assert_eq!(parse_duration("90d").unwrap(), time::Duration::days(90));
        assert_eq!(parse_duration("2y").unwrap(), time::Duration::days(730));
        assert_eq!(parse_duration("6w").unwrap(), time::Duration::days(42));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("0d").is_err());
        assert_eq!(crate::util::dates::iso(parse_date("2026-03-14").unwrap()), "2026-03-14T00:00:00Z");
        assert!(parse_date("2026-03-14T10:00:00").is_err());
    }

    #[test]
    fn slugs_are_unguessable_and_unambiguous() {
        let dir = tempfile::tempdir().unwrap();
        let a = unused_slug(dir.path()).unwrap();
        let b = unused_slug(dir.path()).unwrap();
        assert_eq!(a.len(), SLUG_LENGTH);
        assert_ne!(a, b);
        assert!(a.bytes().all(|c| SLUG_ALPHABET.contains(&c)));
    }
}
