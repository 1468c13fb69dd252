//! `search.json`: the gallery's search index, one shared file that the
//! search box on the home page fetches when a visitor first uses it (never
//! on page load), so a site of 100,000 awards costs its visitors nothing
//! until they search. Rows are arrays, not objects, to keep it compact:
//!
//! ```json
//! {"v": 1,
//!  "badges": [[name, page, [tags…], issuer], …],
//!  "awards": [[badge index, earner name, page], …]}
//! ```
//!
//! Awards are in it only when the gallery lists earners (`[gallery]
//! list_earners`), and then only listed ones with a name: the index holds
//! nothing the site's pages do not already show.

use crate::config::Config;
use crate::library::Library;
use serde_json::{json, Value};

/// The format's version, for scripts that read the index.
const VERSION: u32 = 1;

pub fn search_index(lib: &Library, config: &Config) -> Vec<u8> {
    let badges: Vec<Value> = lib
        .badges
        .iter()
        .map(|badge| {
            let d = &badge.doc.data;
            let issuer = badge.issuer.and_then(|i| lib.issuers[i].doc.data.name.as_deref());
            json!([d.name.as_deref().unwrap_or_default(), badge.place.page, crate::model::all(&d.tags), issuer])
        })
        .collect();
    let awards: Vec<Value> = if config.list_earners {
        lib.listed_awards()
            .into_iter()
            .filter_map(|a| Some(json!([a.badge?, a.doc.data.recipient_name()?, a.place.page])))
            .collect()
    } else {
        Vec::new()
    };
    serde_json::to_vec(&json!({ "v": VERSION, "badges": badges, "awards": awards })).unwrap_or_default()
}
