//! `accolade issue --format ob3`: the unsigned Open Badges 3.0 credential of
//! one award, which the build signs with the site's key. Its achievement is
//! the badge class (name, description, criteria, image); its issuer the
//! site's DID; the earner an email hashed with a salt of its own, as for 2.0;
//! its status a random free index in the site's status list, written in the
//! file so it never changes.

use super::Folder;
use crate::layout;
use crate::model::recipient::identity_hash;
use crate::model::{BadgeClass, Criteria, Profile, Ref};
use crate::ob3::{OB3_CONTEXT, OB3_EXTENSIONS_CONTEXT, OB3_SCHEMA, VC2_CONTEXT};
use crate::sign::status;
use crate::util::dates::iso;
use anyhow::{anyhow, Result};
use serde_json::{json, Value};
use std::collections::HashSet;
use time::OffsetDateTime;

/// One earner's credential, as `accolade issue` was given it.
pub struct Earner<'a> {
    pub email: &'a str,
    pub salt: &'a str,
    pub name: Option<&'a str>,
    /// Evidence URLs, each with its narrative.
    pub evidence: Vec<(&'a str, Option<&'a str>)>,
    pub narrative: Option<&'a str>,
}

/// What every credential of one badge class shares.
pub struct Ob3Issuing {
    issuer: Value,
    achievement: Value,
    /// Status list indexes already given, by this run too.
    used: HashSet<u64>,
    list_url: String,
}

impl Ob3Issuing {
    pub fn new(folder: &Folder, badge_id: &str) -> Result<Ob3Issuing> {
        let config = &folder.config;
        let did =
            config.source_did.clone().ok_or_else(|| anyhow!("base_url `{}` makes no DID", config.source_base_url))?;
        if config.public_key.is_none() {
            anyhow::bail!(
                "the site has no signing key for Open Badges 3.0 credentials: run `accolade keygen -o KEYFILE --site {}` (KEYFILE outside the site folder) first",
                folder.dir.display()
            );
        }
        let (stem, badge) = folder
            .loaded
            .badges
            .iter()
            .filter(|b| b.at.0.is_empty())
            .find(|b| b.data.id.as_deref() == Some(badge_id))
            .map(|b| (stem_of(&folder.loaded.sources[b.source].rel), &b.data))
            .ok_or_else(|| anyhow!("badge class `{badge_id}` is not in the site folder"))?;
        let criteria_md = folder.loaded.criteria_md.iter().find(|(s, _)| *s == stem).map(|(_, t)| t.as_str());
        let page = crate::library::place_for(Some(&config.source_base_url), Some(badge_id), layout::BADGES, &stem)
            .map_err(|why| anyhow!(why))?
            .page;
        let achievement = achievement(badge, &format!("{}{page}", config.source_base_url), criteria_md);
        let issuer_profile = issuer_profile(folder, badge);
        let mut issuer = json!({"id": did, "type": ["Profile"]});
        issuer["name"] = json!(issuer_profile.and_then(|p| p.name.clone()).unwrap_or_else(|| config.title.clone()));
        issuer["url"] =
            json!(issuer_profile.and_then(|p| p.url.clone()).unwrap_or_else(|| config.source_base_url.clone()));
        let list_url = format!("{}{}", config.source_base_url, layout::STATUS_LIST);
        let used = folder
            .loaded
            .credentials
            .iter()
            .filter_map(|c| status::entry_index(c.data.get("credentialStatus")?).ok())
            .filter(|(url, _)| *url == list_url)
            .map(|(_, index)| index)
            .collect();
        Ok(Ob3Issuing { issuer, achievement, used, list_url })
    }

    /// The salts and hashes of the earners who hold a credential of this
    /// achievement, so that nobody is issued it twice.
    pub fn holders(folder: &Folder, achievement_page: &str) -> Vec<(String, String)> {
        folder.credential_holders(achievement_page).into_iter().map(|(_, salt, hash)| (salt, hash)).collect()
    }

    pub fn achievement_id(&self) -> &str {
        self.achievement["id"].as_str().unwrap_or("")
    }

    /// The unsigned credential `id` for `earner` (its email hashed with its salt).
    pub fn credential(
        &mut self,
        id: &str,
        earner: &Earner,
        issued_on: OffsetDateTime,
        expires: Option<OffsetDateTime>,
    ) -> Result<Value> {
        let Earner { email, salt, .. } = *earner;
        let index = status::pick_free_index(&self.used, status::MIN_ENTRIES).map_err(|why| anyhow!(why))?;
        self.used.insert(index);
        let mut identifier = vec![json!({
            "type": "IdentityObject",
            "hashed": true,
            "salt": salt,
            "identityHash": identity_hash(email, salt),
            "identityType": "emailAddress",
        })];
        let name = earner.name.map(str::trim).filter(|n| !n.is_empty());
        if let Some(name) = name {
            identifier
                .push(json!({"type": "IdentityObject", "hashed": false, "identityHash": name, "identityType": "name"}));
        }
        let mut subject =
            json!({"type": ["AchievementSubject"], "identifier": identifier, "achievement": self.achievement});
        if let Some(n) = earner.narrative.filter(|n| !n.trim().is_empty()) {
            subject["narrative"] = json!(n);
        }
        let badge_name = self.achievement["name"].clone();
        let mut doc = json!({
            "@context": [VC2_CONTEXT, OB3_CONTEXT, OB3_EXTENSIONS_CONTEXT],
            "id": id,
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": self.issuer,
            "validFrom": iso(issued_on),
        });
        if let Some(e) = expires {
            doc["validUntil"] = json!(iso(e));
        }
        doc["name"] = badge_name;
        doc["credentialSubject"] = subject;
        if !earner.evidence.is_empty() {
            doc["evidence"] = Value::Array(
                earner
                    .evidence
                    .iter()
                    .map(|(url, narrative)| {
                        let mut o = json!({"id": url, "type": ["Evidence"]});
                        if let Some(n) = narrative {
                            o["narrative"] = json!(n);
                        }
                        o
                    })
                    .collect(),
            );
        }
        // The schema verifiers check it against; its type is defined by
        // 1EdTech's extensions context.
        doc["credentialSchema"] = json!([{"id": OB3_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}]);
        doc["credentialStatus"] = status::entry(&self.list_url, index);
        Ok(doc)
    }
}

fn stem_of(rel: &str) -> String {
    std::path::Path::new(rel).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The badge class as an OB 3.0 Achievement, identified by its page.
fn achievement(badge: &BadgeClass, page_url: &str, criteria_md: Option<&str>) -> Value {
    let name = badge.name.clone().unwrap_or_default();
    let narrative = criteria_md.map(str::to_string).or_else(|| match &badge.criteria {
        Some(Criteria::Object(c)) => c.narrative.clone(),
        _ => None,
    });
    let criteria_id = match &badge.criteria {
        Some(Criteria::Url(u)) => Some(u.clone()),
        Some(Criteria::Object(c)) => c.id.clone(),
        None => None,
    };
    let mut criteria = json!({});
    if let Some(id) = criteria_id {
        criteria["id"] = json!(id);
    }
    criteria["narrative"] = json!(narrative.unwrap_or_else(|| format!("See {page_url}")));
    let mut a = json!({
        "id": page_url,
        "type": ["Achievement"],
        "achievementType": "Badge",
        "name": name,
        "description": badge.description.clone().unwrap_or_default(),
        "criteria": criteria,
    });
    if let Some(url) = badge.image.as_ref().and_then(|i| i.url()).filter(|u| crate::util::urls::is_web_url(u)) {
        a["image"] = json!({"id": url, "type": "Image"});
    }
    let tags: Vec<&String> = crate::model::all(&badge.tags).iter().collect();
    if !tags.is_empty() {
        a["tag"] = json!(tags);
    }
    a
}

/// The badge class's issuer profile as the site folder has it.
fn issuer_profile<'a>(folder: &'a Folder, badge: &'a BadgeClass) -> Option<&'a Profile> {
    match badge.issuer.as_ref()? {
        Ref::Id(id) => folder.loaded.issuers.iter().map(|d| &d.data).find(|p| p.id.as_deref() == Some(id)),
        Ref::Embedded(p) => Some(p),
    }
}
