//! `accolade revoke`: records a revocation in the site folder's revocation
//! list. Append-only (entries are never changed or removed) and idempotent
//! (revoking twice changes nothing). The next build publishes it: the list
//! at its URL, and the award's hosted JSON replaced by a revoked stub.

use crate::issue::{replace_atomically, SiteLock};
use crate::model::{Assertion, Ref};
use anyhow::{bail, Context as _, Result};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

pub const LIST_FILE: &str = "revocations.json";

#[derive(Debug)]
pub struct Revoked {
    pub id: String,
    /// It was revoked already; nothing was written.
    pub already: bool,
    /// A note for the issuer, e.g. that their profile links no revocation list.
    pub note: Option<String>,
}

/// Revokes the award whose id, code (`k7m2q9xw4t`) or file is `which`.
pub fn revoke(site_dir: &Path, which: &str, reason: &str) -> Result<Revoked> {
    let reason = reason.trim();
    if reason.is_empty() {
        bail!("give a reason: learners and employers see it on the award page");
    }
    let config = crate::issue::load_config(site_dir)?;
    let _lock = SiteLock::acquire(site_dir)?;
    let (id, award) = find_award(site_dir, which)?;
    let issuer = issuer_of(site_dir, &award);
    let list_path = site_dir.join(LIST_FILE);
    let mut list: Value = if list_path.is_file() {
        let text =
            std::fs::read_to_string(&list_path).with_context(|| format!("cannot read `{}`", list_path.display()))?;
        serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .with_context(|| format!("`{}` is not valid JSON; fix it before revoking", list_path.display()))?
    } else {
        let list_id = issuer
            .as_ref()
            .and_then(|i| i.get("revocationList").and_then(Value::as_str))
            .map(str::to_string)
            .unwrap_or_else(|| format!("{}{LIST_FILE}", config.source_base_url));
        json!({
            "@context": crate::model::OB2_CONTEXT,
            "type": "RevocationList",
            "id": list_id,
            "issuer": issuer.as_ref().and_then(|i| i.get("id").cloned()).unwrap_or(Value::Null),
            "revokedAssertions": [],
        })
    };
    let list_id = list.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
    let entries = match list.get_mut("revokedAssertions") {
        Some(Value::Array(a)) => a,
        Some(single @ (Value::String(_) | Value::Object(_))) => {
            let one = single.take();
            *single = Value::Array(vec![one]);
            single.as_array_mut().expect("just made an array")
        }
        _ => bail!("`{}` has no `revokedAssertions` array", list_path.display()),
    };
    let already = entries.iter().any(|e| e.as_str() == Some(&id) || e.get("id").and_then(Value::as_str) == Some(&id));
    let note = match issuer.as_ref().and_then(|i| i.get("revocationList")) {
        Some(_) => None,
        None => Some(format!(
            "the issuer profile links no `revocationList`, so verifiers that read lists will not look; add \"revocationList\": \"{list_id}\" to it (the award's hosted JSON says revoked at the next build either way)"
        )),
    };
    if !already {
        entries.push(json!({
            "id": id,
            "revocationReason": reason,
            "revokedOn": crate::dates::iso(crate::dates::build_time()),
        }));
        replace_atomically(&list_path, &crate::issue::pretty(&list))?;
    }
    Ok(Revoked { id, already, note })
}

/// The award's id and contents, found by id, by code or by file.
fn find_award(site_dir: &Path, which: &str) -> Result<(String, Assertion)> {
    let as_file = {
        let p = PathBuf::from(which);
        if p.is_absolute() {
            p
        } else {
            site_dir.join(which)
        }
    };
    let dir = site_dir.join("assertions");
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let Ok(a) = serde_json::from_str::<Assertion>(text.trim_start_matches('\u{feff}')) else { continue };
        let Some(id) = a.id.clone() else { continue };
        let by_code = id.rsplit('/').next().and_then(|last| last.strip_suffix(".json")) == Some(which);
        let by_file = path == as_file || path.canonicalize().ok() == as_file.canonicalize().ok();
        if id == which || by_code || by_file {
            return Ok((id, a));
        }
    }
    bail!("no award `{which}` in `{}`; give its id, its code (the end of its URL) or its file", dir.display())
}

/// The issuer profile (as JSON) of an award, found through its badge class.
fn issuer_of(site_dir: &Path, award: &Assertion) -> Option<Value> {
    let badge_id = match award.badge.as_ref()? {
        Ref::Id(id) => id.clone(),
        Ref::Embedded(b) => b.id.clone()?,
    };
    let read = |path: &Path| -> Option<Value> {
        serde_json::from_str(std::fs::read_to_string(path).ok()?.trim_start_matches('\u{feff}')).ok()
    };
    let jsons = |sub: &str| -> Vec<PathBuf> {
        std::fs::read_dir(site_dir.join(sub)).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default()
    };
    let badge = jsons("badges")
        .iter()
        .filter_map(|p| read(p))
        .find(|b| b.get("id").and_then(Value::as_str) == Some(&badge_id))?;
    let issuer_id = match badge.get("issuer")? {
        Value::String(s) => s.clone(),
        Value::Object(o) => return Some(Value::Object(o.clone())),
        _ => return None,
    };
    let mut candidates = jsons("issuers");
    candidates.push(site_dir.join("issuer.json"));
    candidates.iter().filter_map(|p| read(p)).find(|i| i.get("id").and_then(Value::as_str) == Some(&issuer_id))
}
