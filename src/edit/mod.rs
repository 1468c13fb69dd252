//! Commands that change a site folder: `init`, `eject` (a theme's files for editing), `issue` (one learner or a
//! grade report), `revoke`, `new badge` and `move` (to a new base URL). They read the folder with the same reader as
//! a build, write new files atomically and take a lock on the folder, so
//! concurrent runs take turns. `find` reads one learner's awards (and writes
//! nothing); `privacy` keeps grade reports out of the published repository.

pub mod eject;
pub mod find;
pub mod grades;
pub mod init;
pub mod issue;
pub mod issue_ob3;
pub mod new_badge;
pub mod privacy;
pub mod rebase;
pub mod revoke;

use crate::config::{Config, Overrides};
use crate::diag::{Problems, SiteErrors};
use crate::layout;
use crate::library::{read_site, whole_assertion, AwardFacts, Doc, Loaded};
use crate::model::{all, Assertion, Ref};
use crate::util::fs::FileLock;
use anyhow::{anyhow, bail, Result};
use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A site folder as the editing commands see it: its configuration and
/// everything the build's reader could read. Files that do not read are
/// `check`'s to report; an edit works with the rest.
pub struct Folder {
    pub dir: PathBuf,
    pub config: Config,
    pub loaded: Loaded,
}

impl Folder {
    /// Reads the folder; fails only when its configuration cannot be read.
    pub fn read(dir: &Path) -> Result<Folder> {
        let config = load_config(dir)?;
        let loaded = read_site(dir, &config, &mut Problems::default());
        Ok(Folder { dir: dir.to_path_buf(), config, loaded })
    }

    /// Takes the folder's lock for as long as the result lives.
    pub fn lock(dir: &Path) -> Result<FileLock> {
        FileLock::acquire(&dir.join(layout::LOCK_FILE))
    }

    /// The badge classes read from their own files, with the file's stem.
    fn badge_files(&self) -> impl Iterator<Item = (String, &Doc<crate::model::BadgeClass>)> {
        self.loaded.badges.iter().filter(|b| b.at.0.is_empty()).map(|b| {
            let rel = &self.loaded.sources[b.source].rel;
            let stem = Path::new(rel).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            (stem, b)
        })
    }

    /// A badge class's id and name, from its slug (`badges/<slug>.json`) or id.
    pub fn find_badge(&self, badge: &str) -> Result<(String, String)> {
        let mut candidates = Vec::new();
        for (stem, doc) in self.badge_files() {
            let id = doc.data.id.clone().unwrap_or_default();
            if stem == badge || id == badge {
                if id.is_empty() {
                    bail!("badge class `{}` has no id", self.dir.join(&self.loaded.sources[doc.source].rel).display());
                }
                return Ok((id, doc.data.name.clone().unwrap_or_default()));
            }
            candidates.push(stem);
        }
        bail!(
            "no badge class `{badge}` in `{}`; the badges are: {}",
            self.dir.join(layout::BADGES).display(),
            if candidates.is_empty() { "none".to_string() } else { candidates.join(", ") }
        )
    }

    /// Ids in the site's revocation lists.
    pub fn revoked_ids(&self) -> HashSet<&str> {
        self.loaded
            .revocation_lists
            .iter()
            .flat_map(|l| all(&l.data.revoked_assertions))
            .filter_map(|e| e.id())
            .collect()
    }

    /// The awards of a badge that are not revoked, each read again whole
    /// from its file (the reader keeps only their facts).
    pub fn current_awards_of<'a>(&'a self, badge_id: &'a str) -> impl Iterator<Item = Box<Assertion>> + 'a {
        let revoked = self.revoked_ids();
        self.loaded
            .assertions
            .iter()
            .filter(move |doc| {
                let a = &doc.data;
                let same_badge = match &a.badge {
                    Some(Ref::Id(b)) => b == badge_id,
                    Some(Ref::Embedded(b)) => b.id.as_deref() == Some(badge_id),
                    None => false,
                };
                let is_revoked = a.revoked == Some(true) || a.id.as_deref().is_some_and(|id| revoked.contains(id));
                same_badge && !is_revoked
            })
            .filter_map(|doc| Some(self.whole(doc)?.data))
    }

    /// An award read whole again from its file; `None` if it changed since.
    fn whole(&self, doc: &Doc<AwardFacts>) -> Option<Doc<Box<Assertion>>> {
        whole_assertion(&self.loaded.sources, doc, Some(&self.config))
    }

    /// The award whose id, code (`k7m2q9xw4t`, the end of its URL) or file is `which`.
    pub fn find_award(&self, which: &str) -> Result<Box<Assertion>> {
        let as_file = {
            let p = PathBuf::from(which);
            if p.is_absolute() {
                p
            } else {
                self.dir.join(which)
            }
        };
        for doc in &self.loaded.assertions {
            let Some(id) = doc.data.id.as_deref() else { continue };
            let path = self.dir.join(&self.loaded.sources[doc.source].rel);
            let by_code = id.rsplit('/').next().and_then(|last| last.strip_suffix(".json")) == Some(which);
            let by_file = path == as_file || path.canonicalize().ok() == as_file.canonicalize().ok();
            if id == which || by_code || by_file {
                let path = path.display();
                return self.whole(doc).map(|d| d.data).ok_or_else(|| anyhow!("`{path}` changed while it was read"));
            }
        }
        bail!(
            "no award `{which}` in `{}`; give its id, its code (the end of its URL) or its file",
            self.dir.join(layout::ASSERTIONS).display()
        )
    }

    /// The id of the Open Badges 3.0 credential whose id, code or file is `which`.
    pub fn find_credential(&self, which: &str) -> Option<String> {
        let as_file = self.dir.join(which);
        self.loaded.credentials.iter().find_map(|doc| {
            let id = doc.data.get("id").and_then(Value::as_str)?;
            let path = self.dir.join(&self.loaded.sources[doc.source].rel);
            let by_code = id.rsplit('/').next().and_then(|last| last.strip_suffix(".json")) == Some(which);
            let by_file = path == as_file || path.canonicalize().ok() == as_file.canonicalize().ok();
            (id == which || by_code || by_file).then(|| id.to_string())
        })
    }

    /// The id of the Open Badges 3.0 credential of badge class `badge` (its
    /// slug or id) whose earner is `email`, not revoked already.
    pub fn find_held_credential(&self, email: &str, badge: &str) -> Option<String> {
        let (badge_id, _) = self.find_badge(badge).ok()?;
        let stem = self.badge_files().find(|(_, b)| b.data.id.as_deref() == Some(&badge_id)).map(|(s, _)| s)?;
        let page =
            crate::library::place_for(Some(&self.config.source_base_url), Some(&badge_id), layout::BADGES, &stem)
                .ok()?
                .page;
        let achievement = format!("{}{page}", self.config.source_base_url);
        let revoked = self.revoked_ids();
        let email = crate::model::recipient::normalize_email(email);
        self.credential_holders(&achievement)
            .into_iter()
            .find(|(id, salt, hash)| {
                !revoked.contains(id.as_str()) && crate::model::recipient::hash_matches(&email, salt, hash) == Ok(true)
            })
            .map(|(id, _, _)| id)
    }

    /// Who holds an Open Badges 3.0 credential of the achievement
    /// `achievement_page`: each credential's id, salt and email hash.
    pub fn credential_holders(&self, achievement_page: &str) -> Vec<(String, String, String)> {
        let mut held = Vec::new();
        for c in &self.loaded.credentials {
            if c.data.pointer("/credentialSubject/achievement/id").and_then(Value::as_str) != Some(achievement_page) {
                continue;
            }
            let id = c.data.get("id").and_then(Value::as_str).unwrap_or("").to_string();
            let identifiers = c.data.pointer("/credentialSubject/identifier").and_then(Value::as_array);
            for i in identifiers.into_iter().flatten() {
                if i.get("identityType").and_then(Value::as_str) != Some("emailAddress") {
                    continue;
                }
                let salt = i.get("salt").and_then(Value::as_str).unwrap_or("").to_string();
                if let Some(hash) = i.get("identityHash").and_then(Value::as_str) {
                    held.push((id.clone(), salt, hash.to_lowercase()));
                }
            }
        }
        held
    }

    /// The first issuer profile of the site folder, as written.
    pub fn first_issuer(&self) -> Option<Value> {
        let issuer = self.loaded.issuers.iter().find(|i| i.at.0.is_empty())?;
        self.loaded.sources[issuer.source].text().and_then(|t| crate::util::json::parse_lenient(&t).ok())
    }

    /// The issuer profile (as written) of an award, found through its badge class.
    pub fn issuer_of(&self, award: &Assertion) -> Option<Value> {
        let badge_id = match award.badge.as_ref()? {
            Ref::Id(id) => id.clone(),
            Ref::Embedded(b) => b.id.clone()?,
        };
        let (_, badge) = self.badge_files().find(|(_, b)| b.data.id.as_deref() == Some(badge_id.as_str()))?;
        let issuer_id = match badge.raw.get("issuer")? {
            Value::String(s) => s.clone(),
            Value::Object(o) => return Some(Value::Object(o.clone())),
            _ => return None,
        };
        self.loaded
            .issuers
            .iter()
            .find(|i| i.at.0.is_empty() && i.data.id.as_deref() == Some(issuer_id.as_str()))
            .map(|i| i.raw.clone())
    }
}

/// The site's configuration, its problems as one error.
pub fn load_config(site_dir: &Path) -> Result<Config> {
    let mut problems = Problems::default();
    Config::load(site_dir, &Overrides::default(), &mut problems).ok_or_else(|| SiteErrors(problems).into())
}
