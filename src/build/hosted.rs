//! The hosted JSON of a site: each object as written, with the Open Badges
//! context, criteria from Markdown merged in, accolade's own flags removed,
//! revoked awards as stubs, and the revocation lists padded for verifiers.

use crate::config::Config;
use crate::library::{check_site_path, Library, WholeAward};
use crate::model::{without_accolade_flags, EXTERNAL, OB2_CONTEXT};
use serde_json::{json, Map, Value};

/// A placeholder second entry for one-entry revocation lists: the 1EdTech
/// validator never matches a list with exactly one entry, because JSON-LD
/// compaction turns the one-element array into an object (OPEN-BADGES.md, pitfall 2).
pub const REVOCATION_PLACEHOLDER: &str = "urn:uuid:00000000-0000-4000-8000-000000000000";

/// The object with the OB 2.0 `@context` first, added when the file lacks
/// one, and without the `accolade:external` flag (accolade's own, never published).
pub fn with_context(raw: &Value) -> Value {
    let mut v = match raw {
        Value::Object(map) if !map.contains_key("@context") => {
            let mut out = Map::with_capacity(map.len() + 1);
            out.insert("@context".into(), Value::String(OB2_CONTEXT.into()));
            out.extend(map.iter().map(|(k, v)| (k.clone(), v.clone())));
            Value::Object(out)
        }
        other => other.clone(),
    };
    if let Value::Object(map) = &mut v {
        map.shift_remove(EXTERNAL);
    }
    v
}

/// Puts the criteria narrative from `badges/<slug>.md` into the hosted badge
/// class, keeping a criteria URL the file gives.
pub fn merge_criteria(raw: &mut Value, markdown: &str, page_criteria_url: &str) {
    let Value::Object(map) = raw else { return };
    let criteria = match map.remove("criteria") {
        Some(Value::Object(mut c)) => {
            c.entry("narrative").or_insert_with(|| Value::String(markdown.to_string()));
            Value::Object(c)
        }
        Some(Value::String(url)) => json!({ "id": url, "narrative": markdown }),
        _ => json!({ "id": page_criteria_url, "narrative": markdown }),
    };
    map.insert("criteria".into(), criteria);
}

/// The hosted form of an award: as written, with `url` (the v2 context's
/// `schema:url`) linking back to its page unless the file sets one; or, for a
/// revoked award, the stripped stub that makes every verifier see the
/// revocation (a GitHub Pages site cannot answer 410 Gone).
pub fn hosted_assertion(award: &WholeAward, page_url: &str) -> Value {
    match &award.revoked {
        None => {
            let mut v = with_context(&award.doc.raw);
            if let Value::Object(map) = &mut v {
                map.entry("url").or_insert_with(|| Value::String(page_url.to_string()));
                without_accolade_flags(map);
            }
            v
        }
        Some(rev) => {
            let mut stub = json!({
                "@context": OB2_CONTEXT,
                "id": award.doc.data.id,
                "type": "Assertion",
                "revoked": true,
            });
            if let Some(reason) = &rev.reason {
                stub["revocationReason"] = Value::String(reason.clone());
            }
            stub
        }
    }
}

/// The revocation lists to publish, by output path: each list of the site
/// folder, and for an issuer whose `revocationList` URL is under the base URL
/// but has no list file, one made from its revoked awards. Awards revoked
/// with `revoked: true` in their own file are added to their issuer's list,
/// so every verifier that reads lists sees them too.
pub fn revocation_lists(site: &Library, config: &Config) -> Vec<(String, Value)> {
    let mut lists: Vec<(String, Value)> = Vec::new();
    let listed: std::collections::HashSet<&str> = site
        .revocation_lists
        .iter()
        .flat_map(|l| crate::model::all(&l.doc.data.revoked_assertions).iter().filter_map(|e| e.id()))
        .collect();
    for list in &site.revocation_lists {
        if let Some(path) = &list.place.json {
            lists.push((path.clone(), list.doc.raw.clone()));
        }
    }
    for (issuer_index, issuer) in site.issuers.iter().enumerate() {
        let Some(url) = issuer.doc.data.revocation_list.as_deref() else { continue };
        let Some(path) = config.site_path(url).filter(|p| check_site_path(p).is_ok()) else {
            continue;
        };
        let index = match lists.iter().position(|(p, _)| p == path) {
            Some(i) => i,
            None => {
                lists.push((
                    path.to_string(),
                    json!({
                        "@context": OB2_CONTEXT,
                        "id": url,
                        "type": "RevocationList",
                        "issuer": issuer.doc.data.id,
                        "revokedAssertions": [],
                    }),
                ));
                lists.len() - 1
            }
        };
        let of_this_issuer =
            site.awards.iter().filter(|a| a.badge.and_then(|b| site.badges[b].issuer) == Some(issuer_index));
        for award in of_this_issuer {
            let (Some(rev), Some(id)) = (&award.revoked, award.doc.data.id.as_deref()) else { continue };
            if listed.contains(id) {
                continue;
            }
            let mut entry = json!({ "id": id });
            if let Some(reason) = &rev.reason {
                entry["revocationReason"] = Value::String(reason.clone());
            }
            if let Some(Value::Array(entries)) = lists[index].1.get_mut("revokedAssertions") {
                entries.push(entry);
            }
        }
    }
    lists
}

pub fn padded_revocation_list(raw: &Value) -> Value {
    let mut v = with_context(raw);
    if let Some(entries) = v.get_mut("revokedAssertions") {
        match entries {
            Value::Array(a) if a.len() == 1 => a.push(Value::String(REVOCATION_PLACEHOLDER.into())),
            Value::Object(_) | Value::String(_) => {
                let one = entries.take();
                *entries = json!([one, REVOCATION_PLACEHOLDER]);
            }
            _ => {}
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_added_first() {
        let v = with_context(&json!({"type": "Issuer", "id": "x"}));
        assert_eq!(v.as_object().unwrap().keys().next().unwrap(), "@context");
    }

    #[test]
    fn one_entry_lists_get_a_placeholder() {
        let v = padded_revocation_list(&json!({"revokedAssertions": [{"id": "a"}]}));
        assert_eq!(v["revokedAssertions"].as_array().unwrap().len(), 2);
        let v = padded_revocation_list(&json!({"revokedAssertions": "a"}));
        assert_eq!(v["revokedAssertions"].as_array().unwrap().len(), 2);
        let v = padded_revocation_list(&json!({"revokedAssertions": ["a", "b"]}));
        assert_eq!(v["revokedAssertions"].as_array().unwrap().len(), 2);
        let v = padded_revocation_list(&json!({"revokedAssertions": []}));
        assert_eq!(v["revokedAssertions"].as_array().unwrap().len(), 0);
    }

    #[test]
    fn criteria_merge() {
        let mut v = json!({"criteria": {"id": "https://a/c"}});
        merge_criteria(&mut v, "md", "https://p#criteria");
        assert_eq!(v["criteria"], json!({"id": "https://a/c", "narrative": "md"}));
        let mut v = json!({"name": "x"});
        merge_criteria(&mut v, "md", "https://p#criteria");
        assert_eq!(v["criteria"], json!({"id": "https://p#criteria", "narrative": "md"}));
    }
}
