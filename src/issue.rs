//! `accolade issue`: writing new hosted assertions into a site folder, for
//! one learner or for every row of a grade report that meets a threshold.
//!
//! Every award gets an unguessable id under `base_url`, its own random salt,
//! and the recipient's email only as `sha256$hex(lowercase(email) + salt)`.
//! Files are created, never overwritten, and a site-wide lock makes
//! concurrent runs take turns, so that none loses or duplicates an award.

use crate::config::{Config, Overrides};
use crate::diag::Problems;
use crate::model::{Assertion, Ref};
use crate::urls;
use anyhow::{anyhow, bail, Context as _, Result};
use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

/// Lock file at the top of the site folder (never published).
pub const LOCK_FILE: &str = ".accolade.lock";

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
        if !urls::is_web_url(url) {
            bail!("evidence `{url}` is not an http(s) URL");
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
}

/// What a run did, row by row.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub badge: String,
    pub badge_name: String,
    pub dry_run: bool,
    pub issued: Vec<Issued>,
    pub already_held: Vec<Skipped>,
    pub below_threshold: Vec<Skipped>,
    pub rejected: Vec<Skipped>,
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
    let config = load_config(site_dir)?;
    let (badge_id, badge_name) = find_badge(site_dir, &config, &options.badge)?;
    summary.badge = badge_id.clone();
    summary.badge_name = badge_name;
    summary.dry_run = options.dry_run;
    let now = crate::dates::build_time();
    let issued_on = options.issued_on.unwrap_or(now);
    if issued_on > now {
        bail!("--issued-on {} is in the future; verifiers reject such awards", crate::dates::iso(issued_on));
    }
    let expires = match options.expiry {
        Expiry::Never => None,
        Expiry::At(t) => Some(t),
        Expiry::After(d) => Some(issued_on + d),
    };
    if let Some(e) = expires {
        if e <= issued_on {
            bail!("the award would expire ({}) before it is issued", crate::dates::iso(e));
        }
    }

    // Concurrent runs take turns from here, so each sees what the others wrote.
    let _lock = SiteLock::acquire(site_dir)?;
    let mut held = Holdings::scan(site_dir, &badge_id)?;
    let assertions = site_dir.join("assertions");
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
        let id = format!("{}assertions/{slug}.json", config.source_base_url);
        let salt = random_hex(16)?;
        let doc = assertion_json(&config, &id, &badge_id, &email, &salt, &r, options, issued_on, expires);
        let file = if options.dry_run {
            None
        } else {
            let path = assertions.join(format!("{slug}.json"));
            create_new(&path, &pretty(&doc))?;
            Some(crate::diag::display_path(site_dir, &path))
        };
        held.add(email.clone(), salt);
        summary.issued.push(Issued { line: r.line, email, name: r.name.clone(), id, file });
    }
    Ok(())
}

/// The site's configuration, its problems as one error.
pub fn load_config(site_dir: &Path) -> Result<Config> {
    let mut problems = Problems::default();
    Config::load(site_dir, &Overrides::default(), &mut problems)
        .ok_or_else(|| anyhow!("{}", problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n")))
}

/// The badge class's id and name, from its slug or id.
fn find_badge(site_dir: &Path, config: &Config, badge: &str) -> Result<(String, String)> {
    let mut candidates = Vec::new();
    let dir = site_dir.join("badges");
    let entries = std::fs::read_dir(&dir).with_context(|| format!("cannot read `{}`", dir.display()))?;
    let mut files: Vec<PathBuf> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
    files.sort();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let Ok(v) = serde_json::from_str::<Value>(text.trim_start_matches('\u{feff}')) else { continue };
        let id = v.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
        let name = v.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        if stem == badge || id == badge {
            if id.is_empty() {
                bail!("badge class `{}` has no id", path.display());
            }
            return Ok((id, name));
        }
        candidates.push(stem);
    }
    let _ = config;
    bail!(
        "no badge class `{badge}` in `{}`; the badges are: {}",
        dir.display(),
        if candidates.is_empty() { "none".to_string() } else { candidates.join(", ") }
    )
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
            "@context": format!("{}extensions/recipientProfile/context.json", config.source_base_url),
            "type": ["Extension", "extensions:RecipientProfile"],
            "name": name,
        });
    }
    doc["badge"] = Value::String(badge_id.to_string());
    doc["verification"] = json!({ "type": "HostedBadge" });
    doc["issuedOn"] = Value::String(crate::dates::iso(issued_on));
    if let Some(e) = expires {
        doc["expires"] = Value::String(crate::dates::iso(e));
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

/// `sha256$` and the hex SHA-256 of the email followed by the salt (OB 2.0 §IdentityHash).
pub fn identity_hash(email: &str, salt: &str) -> String {
    let digest = Sha256::digest(format!("{email}{salt}").as_bytes());
    format!("sha256${}", digest.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

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
    Ok(())
}

/// Who already holds the badge: each existing award's salt and hash, so an
/// email can be tested against them (the emails themselves are not kept).
struct Holdings {
    hashes: Vec<(String, String)>,
    added: HashSet<String>,
}

impl Holdings {
    fn scan(site_dir: &Path, badge_id: &str) -> Result<Holdings> {
        let revoked = revoked_ids(site_dir);
        let mut hashes = Vec::new();
        let dir = site_dir.join("assertions");
        for entry in walkdir::WalkDir::new(&dir).into_iter().flatten() {
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if !entry.file_type().is_file() || hidden || path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else { continue };
            let Ok(a) = serde_json::from_str::<Assertion>(text.trim_start_matches('\u{feff}')) else { continue };
            let same_badge = match &a.badge {
                Some(Ref::Id(b)) => b == badge_id,
                Some(Ref::Embedded(b)) => b.id.as_deref() == Some(badge_id),
                None => false,
            };
            let is_revoked = a.revoked == Some(true) || a.id.as_ref().is_some_and(|id| revoked.contains(id));
            if let (true, false, Some(r)) = (same_badge, is_revoked, &a.recipient) {
                if let Some(identity) = &r.identity {
                    hashes.push((r.salt.clone().unwrap_or_default(), identity.to_lowercase()));
                }
            }
        }
        Ok(Holdings { hashes, added: HashSet::new() })
    }

    fn holds(&self, email: &str) -> bool {
        self.added.contains(email)
            || self.hashes.iter().any(|(salt, identity)| {
                identity_hash(email, salt) == *identity
                    || identity.strip_prefix("md5$").is_some_and(|h| {
                        use md5::Digest as _;
                        let d = md5::Md5::digest(format!("{email}{salt}").as_bytes());
                        d.iter().map(|b| format!("{b:02x}")).collect::<String>() == h
                    })
            })
    }

    fn add(&mut self, email: String, salt: String) {
        self.hashes.push((salt.clone(), identity_hash(&email, &salt)));
        self.added.insert(email);
    }
}

/// Ids in the site's revocation lists (read leniently: a broken list is
/// `check`'s to report).
fn revoked_ids(site_dir: &Path) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut files = vec![site_dir.join("revocations.json")];
    if let Ok(entries) = std::fs::read_dir(site_dir.join("revocations")) {
        files.extend(entries.flatten().map(|e| e.path()));
    }
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else { continue };
        let Ok(list) = serde_json::from_str::<crate::model::RevocationList>(text.trim_start_matches('\u{feff}')) else {
            continue;
        };
        ids.extend(crate::model::all(&list.revoked_assertions).iter().filter_map(|e| e.id()).map(str::to_string));
    }
    ids
}

/// Hex of `n` bytes from the operating system's CSPRNG.
pub fn random_hex(n: usize) -> Result<String> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).map_err(|e| anyhow!("no secure random numbers: {e}"))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

fn unused_slug(assertions: &Path) -> Result<String> {
    loop {
        let mut buf = [0u8; SLUG_LENGTH];
        getrandom::fill(&mut buf).map_err(|e| anyhow!("no secure random numbers: {e}"))?;
        let slug: String = buf.iter().map(|b| SLUG_ALPHABET[(*b as usize) % SLUG_ALPHABET.len()] as char).collect();
        if !assertions.join(format!("{slug}.json")).exists() {
            return Ok(slug);
        }
    }
}

pub fn pretty(v: &Value) -> Vec<u8> {
    let mut s = serde_json::to_vec_pretty(v).unwrap_or_default();
    s.push(b'\n');
    s
}

/// Writes a new file and never replaces one: the bytes go to a hidden
/// temporary file first, which is then linked to its name (failing if the
/// name exists), so a crash leaves no half-written JSON under a real name.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = write_temporary(path, bytes)?;
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    linked.with_context(|| {
        format!("cannot create `{}` (it may exist already; accolade never overwrites)", path.display())
    })
}

/// Replaces a file's contents atomically (write a temporary file, rename it).
pub fn replace_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = write_temporary(path, bytes)?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot replace `{}`", path.display()))
}

/// Writes `bytes`, synced to disk, to a hidden file beside `path` (which
/// loaders skip), and returns its path.
fn write_temporary(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let dir = path.parent().ok_or_else(|| anyhow!("`{}` has no folder", path.display()))?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let mut f = std::fs::File::create(&tmp).with_context(|| format!("cannot create `{}`", tmp.display()))?;
    f.write_all(bytes).and_then(|_| f.sync_all()).with_context(|| format!("cannot write `{}`", tmp.display()))?;
    Ok(tmp)
}

/// An exclusive lock on the site folder for as long as it lives.
pub struct SiteLock {
    _file: std::fs::File,
}

impl SiteLock {
    pub fn acquire(site_dir: &Path) -> Result<SiteLock> {
        let path = site_dir.join(LOCK_FILE);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open the lock file `{}`", path.display()))?;
        file.lock().with_context(|| format!("cannot lock `{}`", path.display()))?;
        Ok(SiteLock { _file: file })
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
    crate::dates::parse(s).or_else(|e| {
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
        for bad in ["", "no-at", "a@b", "a b@c.org", "@b.org", "a@.org", "a@b.org.", "a@@b.org"] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }

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
        assert_eq!(crate::dates::iso(parse_date("2026-03-14").unwrap()), "2026-03-14T00:00:00Z");
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

    #[test]
    fn create_new_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        create_new(&p, b"one").unwrap();
        assert!(create_new(&p, b"two").is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
    }
}
