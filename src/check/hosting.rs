//! Every object defined by a file of the site folder is hosted by the site:
//! its id is under `base_url`. Otherwise accolade takes it for an object its
//! issuer hosts elsewhere, writes a page but no hosted JSON, and nothing
//! verifies: what happens when `base_url` is edited by hand after `init`, or
//! one award says `http://` where the site is `https://`.
//!
//! A site says an object is hosted elsewhere on purpose with `external_ids`
//! in `accolade.toml` or `"accolade:external": true` in the file. Objects
//! embedded in another file (a partner's issuer inside a badge class) are
//! exempt: naming an object hosted elsewhere is what embedding is for.

use crate::config::Config;
use crate::diag::{Code, Problem, Problems};
use crate::layout::site_prefix_of;
use crate::library::{problem_at, Doc, Library};
use crate::model::is_external;
use crate::util::jsonpos::JsonPath;
use crate::util::urls;

pub(super) fn check_ids_under_base_url(site: &Library, config: &Config, problems: &mut Problems) {
    let mut rule = Rule { site, config, problems };
    for i in &site.issuers {
        rule.check(&i.doc, i.doc.data.id.as_deref(), "issuer");
    }
    for b in &site.badges {
        rule.check(&b.doc, b.doc.data.id.as_deref(), "badge class");
    }
    for a in &site.awards {
        rule.check(&a.doc, a.doc.data.id.as_deref(), "award");
    }
    for l in &site.revocation_lists {
        rule.check(&l.doc, l.doc.data.id.as_deref(), "revocation list");
    }
}

struct Rule<'a> {
    site: &'a Library,
    config: &'a Config,
    problems: &'a mut Problems,
}

impl Rule<'_> {
    fn check<T>(&mut self, doc: &Doc<T>, id: Option<&str>, what: &str) {
        // Ids that are not web URLs (`urn:uuid:…`, garbage) have rules of their own.
        let Some(id) = id.filter(|id| urls::is_web_url(id)) else { return };
        // Ids under the source base_url were re-rooted to the build's when read.
        let hosted = self.config.site_path(id).is_some();
        if !doc.at.0.is_empty() || hosted || is_external(&doc.raw) || self.config.is_external_id(id) {
            return;
        }
        let base = &self.config.source_base_url;
        let prefix = site_prefix_of(id).unwrap_or_else(|| id.to_string());
        let same_but_scheme = prefix.split_once("://").map(|(_, rest)| rest) == base.split_once("://").map(|(_, r)| r);
        let detail = if same_but_scheme {
            format!("it starts with `{prefix}`: only http and https differ")
        } else {
            format!("it starts with `{prefix}`")
        };
        let p = Problem::error(
            Code::IdExternal,
            "",
            format!(
                "this {what}'s id is not under base_url `{base}` ({detail}), so the site would not host it and it could not verify"
            ),
        )
        .help(format!(
            "if the site moved (base_url was changed by hand), run `accolade move --from {prefix}`: it rewrites every id and URL under it to base_url; if another host publishes this {what} on purpose, add `{prefix}` to `external_ids` in accolade.toml, or `\"accolade:external\": true` to this file"
        ));
        self.problems.push(problem_at(&self.site.sources, doc, &JsonPath::root().key("id"), p));
    }
}
