//! `accolade find`: a learner's awards, from their email address. Awards
//! hold the email only as a salted hash, so the email is hashed with each
//! award's salt and compared. Nothing is written (not even the lock file),
//! and the email itself is kept nowhere but in the caller's hands.

use super::Folder;
use crate::config::Config;
use crate::library::{link, Loaded};
use crate::model::recipient::{check_email, recipient_matches};
use crate::util::dates;
use anyhow::{bail, Result};
use serde::Serialize;
use std::path::Path;

/// One award of the learner.
#[derive(Debug, Clone, Serialize)]
pub struct Found {
    /// The end of its id (`k7m2q9xw4t`), as `revoke` takes it.
    pub code: String,
    pub id: String,
    /// The badge class's id and name.
    pub badge: String,
    pub badge_name: String,
    pub issued_on: Option<String>,
    pub expires: Option<String>,
    pub status: Status,
    pub revocation_reason: Option<String>,
    /// The award page's URL under the configured `base_url`.
    pub page: String,
    /// The assertion file, relative to the site folder.
    pub file: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Current,
    Expired,
    Revoked,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Current => "current",
            Status::Expired => "expired",
            Status::Revoked => "revoked",
        }
    }
}

/// Every award of the site folder `site_dir` issued to `email` (trimmed and
/// lower-cased before hashing), oldest first.
pub fn find(site_dir: &Path, email: &str) -> Result<Vec<Found>> {
    check_email(email).map_err(anyhow::Error::msg)?;
    let Folder { dir, config, loaded } = Folder::read(site_dir)?;
    Ok(awards_of(&dir, &config, loaded, email))
}

/// The one award of badge `badge` (slug or id) that `email` holds, for
/// `revoke EMAIL --badge SLUG`: a current one when there is one, else a
/// revoked or expired one. Refuses when there is none, or several current
/// ones (then the code tells them apart).
pub fn held_award(site_dir: &Path, email: &str, badge: &str) -> Result<Found> {
    check_email(email).map_err(anyhow::Error::msg)?;
    let folder = Folder::read(site_dir)?;
    let (badge_id, badge_name) = folder.find_badge(badge)?;
    let Folder { dir, config, loaded } = folder;
    let held: Vec<Found> =
        awards_of(&dir, &config, loaded, email).into_iter().filter(|f| f.badge == badge_id).collect();
    let email = email.trim();
    let current: Vec<&Found> = held.iter().filter(|f| f.status != Status::Revoked).collect();
    match (current.as_slice(), held.first()) {
        ([one], _) => Ok((*one).clone()),
        ([], Some(revoked)) => Ok(revoked.clone()),
        ([], None) => bail!(
            "{email} holds no award of “{badge_name}” ({badge_id}); `accolade find {email}` lists the awards they hold"
        ),
        (several, _) => bail!(
            "{email} holds {} awards of “{badge_name}”: {}; give the code of the one to revoke, e.g. `accolade revoke {} --reason …`",
            several.len(),
            several.iter().map(|f| f.code.as_str()).collect::<Vec<_>>().join(", "),
            several[0].code
        ),
    }
}

fn awards_of(dir: &Path, config: &Config, loaded: Loaded, email: &str) -> Vec<Found> {
    // Linked as a build links them, so places and revocations are the build's.
    let library = link(dir, loaded, Some(&config.source_base_url), &mut Default::default());
    let now = dates::build_time();
    let mut found: Vec<(Option<time::OffsetDateTime>, Found)> = library
        .awards
        .iter()
        // Each award's file is read again for its recipient (a site keeps
        // only its facts); the site is linked as written, so not re-rooted.
        .filter(|a| {
            library.whole(a, None).is_some_and(|whole| {
                whole.doc.data.recipient.as_ref().is_some_and(|r| recipient_matches(r, email) == Ok(true))
            })
        })
        .map(|a| {
            let data = &a.doc.data;
            let id = data.id.clone().unwrap_or_default();
            let badge = a.badge.map(|b| &library.badges[b].doc.data);
            let status = match (&a.revoked, a.is_expired(now)) {
                (Some(_), _) => Status::Revoked,
                (None, true) => Status::Expired,
                (None, false) => Status::Current,
            };
            let found = Found {
                code: code_of(&id),
                badge: data.badge.as_ref().and_then(|b| b.id()).unwrap_or_default().to_string(),
                badge_name: badge.and_then(|b| b.name.clone()).unwrap_or_default(),
                issued_on: a.issued_on.map(dates::iso),
                expires: a.expires.map(dates::iso),
                status,
                revocation_reason: a.revoked.as_ref().and_then(|r| r.reason.clone()),
                page: format!("{}{}", config.source_base_url, a.place.page),
                file: library.sources[a.doc.source].rel.clone(),
                id,
            };
            (a.issued_on, found)
        })
        .collect();
    found.sort_by(|(a, fa), (b, fb)| a.cmp(b).then_with(|| fa.code.cmp(&fb.code)));
    found.into_iter().map(|(_, f)| f).collect()
}

/// The end of an award's id without `.json`: `…/assertions/k7m2q9xw4t.json` → `k7m2q9xw4t`.
fn code_of(id: &str) -> String {
    let last = id.trim_end_matches('/').rsplit('/').next().unwrap_or(id);
    last.strip_suffix(".json").unwrap_or(last).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(code_of("https://o.github.io/c/assertions/k7m2q9xw4t.json"), "k7m2q9xw4t");
        assert_eq!(code_of("https://elsewhere.org/a/1"), "1");
        assert_eq!(code_of(""), "");
    }

    /// Every file of a folder with its contents.
    fn snapshot(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
            .collect();
        files.sort();
        files
    }

    #[test]
    fn finds_by_hash_and_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        let options = super::super::init::InitOptions {
            base_url: "https://o.github.io/c/".into(),
            title: "C".into(),
            theme: None,
        };
        super::super::init::init(&site, &options).unwrap();
        let before = snapshot(&site);
        let found = find(&site, "  Learner@Example.ORG ").unwrap();
        assert_eq!(found.len(), 1);
        let f = &found[0];
        assert_eq!(f.status, Status::Current);
        assert_eq!(f.page, format!("https://o.github.io/c/assertions/{}/", f.code));
        assert_eq!(f.file, format!("assertions/{}.json", f.code));
        assert_eq!(f.badge_name, "First Badge");
        assert!(find(&site, "someone@example.org").unwrap().is_empty());
        assert!(find(&site, "not-an-email").is_err());
        assert_eq!(before, snapshot(&site), "find writes nothing");
        assert_eq!(held_award(&site, "learner@example.org", "first-badge").unwrap().code, f.code);
        let none = held_award(&site, "someone@example.org", "first-badge").unwrap_err().to_string();
        assert!(none.contains("holds no award of “First Badge”"), "{none}");
        assert!(held_award(&site, "learner@example.org", "no-such-badge").is_err());
    }
}
