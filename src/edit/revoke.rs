//! `accolade revoke`: records a revocation in the site folder's revocation
//! list. Append-only (entries are never changed or removed) and idempotent
//! (revoking twice changes nothing). The next build publishes it: the list
//! at its URL, and the award's hosted JSON replaced by a revoked stub.

use super::Folder;
use crate::layout;
use crate::model::recipient::check_email;
use crate::util::fs::replace_atomically;
use crate::util::json::{parse_lenient, pretty};
use anyhow::{anyhow, bail, Context as _, Result};
use serde_json::{json, Value};
use std::path::Path;

/// The revocation list `revoke` writes, in the site folder.
pub const LIST_FILE: &str = layout::REVOCATIONS_FILE;

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
    let reason = checked_reason(reason)?;
    super::load_config(site_dir)?;
    let _lock = Folder::lock(site_dir)?;
    let folder = Folder::read(site_dir)?;
    if let Some(id) = folder.find_credential(which) {
        return record(&folder, &id, None, reason, true);
    }
    let award = folder.find_award(which).map_err(|e| match check_email(which) {
        Ok(()) => anyhow!(
            "`{which}` is an email address: add --badge SLUG to revoke that learner's award of a badge (`accolade find {which}` lists their awards)"
        ),
        Err(_) => e,
    })?;
    record(&folder, award.id.as_deref().unwrap_or_default(), folder.issuer_of(&award), reason, false)
}

/// Revokes the award of badge `badge` (slug or id) that `email` holds: see
/// [`find::held_award`](super::find::held_award) for which one.
pub fn revoke_held(site_dir: &Path, email: &str, badge: &str, reason: &str) -> Result<Revoked> {
    let reason = checked_reason(reason)?;
    super::load_config(site_dir)?;
    let _lock = Folder::lock(site_dir)?;
    let folder = Folder::read(site_dir)?;
    let held = match super::find::held_award(site_dir, email, badge) {
        Ok(held) => held,
        // An Open Badges 3.0 credential of the badge held by that email.
        Err(e) => match folder.find_held_credential(email, badge) {
            Some(id) => return record(&folder, &id, None, reason, true),
            None => return Err(e),
        },
    };
    // By its file: exactly the award found, even if another shares its id.
    let award = folder.find_award(&held.file)?;
    record(&folder, award.id.as_deref().unwrap_or_default(), folder.issuer_of(&award), reason, false)
}

fn checked_reason(reason: &str) -> Result<&str> {
    let reason = reason.trim();
    if reason.is_empty() {
        bail!("give a reason: learners and employers see it on the award page");
    }
    Ok(reason)
}

/// Appends the award `id` to the site's revocation list (made when
/// missing). An Open Badges 3.0 credential (`credential`) is listed there
/// too, with its reason; the build sets its bit in the status list.
fn record(folder: &Folder, id: &str, issuer: Option<Value>, reason: &str, credential: bool) -> Result<Revoked> {
    let site_dir = folder.dir.as_path();
    let config = &folder.config;
    let id = id.to_string();
    let issuer = issuer.or_else(|| folder.first_issuer());
    let list_path = site_dir.join(LIST_FILE);
    let mut list: Value = if list_path.is_file() {
        let text =
            std::fs::read_to_string(&list_path).with_context(|| format!("cannot read `{}`", list_path.display()))?;
        parse_lenient(&text)
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
        _ if credential => Some(format!(
            "an Open Badges 3.0 credential: the next build sets its entry in the site's status list ({}{}), which wallets and verifiers check",
            config.source_base_url,
            layout::STATUS_LIST
        )),
        Some(_) => None,
        None => Some(format!(
            "the issuer profile links no `revocationList`, so verifiers that read lists will not look; add \"revocationList\": \"{list_id}\" to it (the award's hosted JSON says revoked at the next build either way)"
        )),
    };
    if !already {
        entries.push(json!({
            "id": id,
            "revocationReason": reason,
            "revokedOn": crate::util::dates::iso(crate::util::dates::build_time()),
        }));
        replace_atomically(&list_path, &pretty(&list))?;
    }
    Ok(Revoked { id, already, note })
}
