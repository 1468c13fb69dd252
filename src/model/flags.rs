//! accolade's own properties in badge files (`accolade:unlisted`,
//! `accolade:private`, `accolade:external`), and removing them, with what
//! they hide, from every published copy.

use super::{Assertion, Evidence};
use serde_json::{Map, Value};

/// accolade's own property on an assertion file: keep the award out of
/// lists, the sitemap and search engines (its page stays reachable for the
/// learner). It is removed from the hosted copy.
pub const UNLISTED: &str = "accolade:unlisted";

/// accolade's own property on an evidence object: the evidence is kept
/// private. It is left out of the award page and of every published copy of
/// the assertion (hosted JSON, baked images); the page says how many items
/// are private.
pub const PRIVATE: &str = "accolade:private";

/// accolade's own property on an object file (issuer, badge class, award,
/// revocation list): its id is outside `base_url` on purpose, because another
/// host publishes it. It is removed from every published copy.
pub const EXTERNAL: &str = "accolade:external";

/// Whether an object file says that another host publishes it.
pub fn is_external(raw: &Value) -> bool {
    raw.get(EXTERNAL) == Some(&Value::Bool(true))
}

impl Evidence {
    pub fn is_private(&self) -> bool {
        matches!(self, Evidence::Object(o) if o.extra.get(PRIVATE) == Some(&Value::Bool(true)))
    }
}

impl Assertion {
    pub fn is_unlisted(&self) -> bool {
        self.extra.get(UNLISTED) == Some(&Value::Bool(true))
    }
}

/// Whether a raw evidence value is marked private.
pub fn is_private_evidence(raw: &Value) -> bool {
    raw.get(PRIVATE) == Some(&Value::Bool(true))
}

/// An assertion as it may be published: without accolade's own flags and
/// without private evidence.
pub fn without_accolade_flags(map: &mut Map<String, Value>) {
    map.shift_remove(UNLISTED);
    map.shift_remove(EXTERNAL);
    without_private_evidence(map);
}

/// Removes evidence marked `accolade:private`; an evidence list left empty
/// is removed too.
fn without_private_evidence(map: &mut Map<String, Value>) {
    // `"accolade:private": false` is kept evidence; the flag itself goes.
    let drop_flag = |e: &mut Value| {
        if let Value::Object(o) = e {
            o.shift_remove(PRIVATE);
        }
    };
    let remove = match map.get_mut("evidence") {
        Some(Value::Array(items)) => {
            items.retain(|e| !is_private_evidence(e));
            items.iter_mut().for_each(drop_flag);
            items.is_empty()
        }
        Some(single) if is_private_evidence(single) => true,
        Some(single) => {
            drop_flag(single);
            false
        }
        None => false,
    };
    if remove {
        map.shift_remove("evidence");
    }
}
