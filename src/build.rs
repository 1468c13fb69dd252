//! `Site::build`: renders every page and hosted JSON file of a loaded site
//! and swaps the finished folder into place.

use crate::issue::pretty;
use crate::model::OB2_CONTEXT;
use crate::output::{BuildStats, Output};
use crate::qr;
use crate::render::{page_context, root_from, Renderer, Views};
use crate::site::{Award, Site};
use anyhow::{anyhow, Context as _, Result};
use rayon::prelude::*;
use serde_json::{json, Map, Value};

pub const RECIPIENT_PROFILE_SCHEMA: &str = include_str!("../themes/default/recipientProfile-schema.json");

/// A placeholder second entry for one-entry revocation lists: the 1EdTech
/// validator never matches a list with exactly one entry, because JSON-LD
/// compaction turns the one-element array into an object (OPEN-BADGES.md, pitfall 2).
pub const REVOCATION_PLACEHOLDER: &str = "urn:uuid:00000000-0000-4000-8000-000000000000";

/// How many awards the gallery lists as recent.
const RECENT_AWARDS: usize = 12;
/// How many awards the Atom feed carries.
const FEED_AWARDS: usize = 50;

impl Site {
    /// Writes the site to `config.output`, replacing the previous output only
    /// when everything was written.
    pub fn build(&self) -> Result<BuildStats> {
        let renderer = self.renderer.as_ref().ok_or_else(|| anyhow!("the templates did not load"))?;
        let out = Output::begin(&self.config.output, &self.dir)?;
        let art = crate::artwork::Artwork::for_site(self);
        let b = Builder { site: self, renderer, out: &out, views: Views::new(self), art };
        b.static_files()?;
        b.hosted_json()?;
        b.index()?;
        b.issuer_pages()?;
        b.badge_pages()?;
        b.award_pages()?;
        b.site_files()?;
        b.feed()?;
        out.finish()
    }
}

struct Builder<'a> {
    site: &'a Site,
    renderer: &'a Renderer,
    out: &'a Output,
    art: crate::artwork::Artwork,
    views: Views<'a>,
}

impl Builder<'_> {
    fn page(&self, page: &str, template: &str, ctx: &tera::Context) -> Result<()> {
        let html = self.renderer.render(template, ctx)?;
        self.out.write(&format!("{page}index.html"), html.as_bytes())
    }

    fn static_files(&self) -> Result<()> {
        self.out.write("assets/site.css", crate::render::SITE_CSS.as_bytes())?;
        self.out.write("assets/verify.js", crate::render::VERIFY_JS.as_bytes())?;
        self.out.write(".nojekyll", b"")?;
        if let Some(cname) = &self.site.config.cname {
            self.out.write("CNAME", format!("{cname}\n").as_bytes())?;
        }
        // The recipientProfile extension's context and schema, hosted here
        // because verifiers fetch them and the 1EdTech validator fails the
        // whole award when they cannot be fetched (OPEN-BADGES.md §1.10).
        let context = json!({
            "@context": {
                "obi": "https://w3id.org/openbadges#",
                "extensions": "https://w3id.org/openbadges/extensions#"
            },
            "obi:validation": [{
                "obi:validatesType": "extensions:RecipientProfile",
                "obi:validationSchema": self.site.config.url("extensions/recipientProfile/schema.json")
            }]
        });
        self.out.write("extensions/recipientProfile/context.json", &pretty(&context))?;
        self.out.write("extensions/recipientProfile/schema.json", RECIPIENT_PROFILE_SCHEMA.as_bytes())?;
        for f in &self.site.files {
            self.out.copy(&f.from, &f.to)?;
        }
        Ok(())
    }

    fn hosted_json(&self) -> Result<()> {
        for issuer in &self.site.issuers {
            if let Some(path) = &issuer.place.json {
                self.out.write(path, &pretty(&with_context(&issuer.doc.raw)))?;
            }
        }
        for badge in &self.site.badges {
            if let Some(path) = &badge.place.json {
                let mut raw = with_context(&badge.doc.raw);
                if let Some(md) = &badge.criteria_md {
                    merge_criteria(&mut raw, md, &self.site.config.url(&format!("{}#criteria", badge.place.page)));
                }
                self.out.write(path, &pretty(&raw))?;
            }
        }
        for award in &self.site.awards {
            if let Some(path) = &award.place.json {
                let page_url = self.site.config.url(&award.place.page);
                self.out.write(path, &pretty(&hosted_assertion(award, &page_url)))?;
            }
        }
        for (path, list) in revocation_lists(self.site) {
            self.out.write(&path, &pretty(&padded_revocation_list(&list)))?;
        }
        Ok(())
    }

    fn index(&self) -> Result<()> {
        let mut ctx = page_context(self.site, "./", "");
        let issuers: Vec<_> = (0..self.site.issuers.len()).map(|i| self.views.issuer(i, "./")).collect();
        let badges: Vec<_> = (0..self.site.badges.len()).map(|b| self.views.badge(b, "./", false)).collect();
        let recent: Vec<_> = self
            .listed_awards_newest_first()
            .into_iter()
            .take(RECENT_AWARDS)
            .map(|a| {
                let badge = self.views.badge(a.badge.unwrap_or_default(), "./", false);
                json!({
                    "earner": self.views.earner(a),
                    "badge_name": badge.name,
                    "badge_image": badge.image,
                })
            })
            .collect();
        ctx.insert("issuers", &issuers);
        ctx.insert("badges", &badges);
        ctx.insert("recent", &recent);
        ctx.insert("award_count", &self.site.awards.iter().filter(|a| a.revoked.is_none()).count());
        self.page("", "index.html", &ctx)
    }

    /// The awards a visitor may see in lists and feeds: not revoked, not
    /// unlisted, with a known badge; newest first, ties by page for stable output.
    fn listed_awards_newest_first(&self) -> Vec<&'_ Award> {
        let mut awards: Vec<&Award> = self
            .site
            .awards
            .iter()
            .filter(|a| a.revoked.is_none() && a.badge.is_some() && !a.doc.data.is_unlisted())
            .collect();
        awards.sort_by(|a, b| b.issued_on.cmp(&a.issued_on).then_with(|| a.place.page.cmp(&b.place.page)));
        awards
    }

    /// `feed.xml`: an Atom feed of the newest awards. Earner names appear only
    /// when the gallery lists earners; `updated` is the newest award's date,
    /// not the build time, so an unchanged site gives an unchanged feed.
    fn feed(&self) -> Result<()> {
        let config = &self.site.config;
        let awards: Vec<&Award> = self.listed_awards_newest_first().into_iter().take(FEED_AWARDS).collect();
        let entries: Vec<Value> = awards
            .iter()
            .map(|a| {
                let badge = self.views.badge(a.badge.unwrap_or_default(), "./", true);
                let earner = self.views.earner(a);
                let title = match earner.name.filter(|_| config.list_earners) {
                    Some(name) => format!("{name} earned {}", badge.name),
                    None => format!("{} awarded", badge.name),
                };
                json!({
                    "title": title,
                    "url": config.url(&a.place.page),
                    "issued_on": earner.issued_on_iso,
                    "issuer": badge.issuer.as_ref().map(|i| i.name),
                    "summary": badge.summary,
                })
            })
            .collect();
        let updated = awards
            .first()
            .and_then(|a| a.issued_on)
            .map(crate::dates::iso)
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
        let mut ctx = page_context(self.site, "./", "feed.xml");
        ctx.insert("feed_url", &config.url("feed.xml"));
        ctx.insert("site_url", &config.url(""));
        ctx.insert("updated", &updated);
        ctx.insert("entries", &entries);
        self.out.write("feed.xml", self.renderer.render("feed.xml", &ctx)?.as_bytes())
    }

    fn issuer_pages(&self) -> Result<()> {
        for (index, issuer) in self.site.issuers.iter().enumerate() {
            let root = root_from(&issuer.place.page);
            let mut ctx = page_context(self.site, &root, &issuer.place.page);
            let badges: Vec<_> = issuer.badges.iter().map(|&b| self.views.badge(b, &root, false)).collect();
            ctx.insert("issuer", &self.views.issuer(index, &root));
            ctx.insert("badges", &badges);
            if let Some(png) = &self.art.issuers[index].png {
                self.out.write(&format!("{}image.png", issuer.place.page), png)?;
                ctx.insert("og_image", &self.site.config.url(&format!("{}image.png", issuer.place.page)));
            }
            self.page(&issuer.place.page, "issuer.html", &ctx)?;
        }
        Ok(())
    }

    fn badge_pages(&self) -> Result<()> {
        for (index, badge) in self.site.badges.iter().enumerate() {
            let root = root_from(&badge.place.page);
            let mut ctx = page_context(self.site, &root, &badge.place.page);
            let mut awards: Vec<&Award> = badge
                .awards
                .iter()
                .map(|&a| &self.site.awards[a])
                .filter(|a| a.revoked.is_none() && !a.doc.data.is_unlisted())
                .collect();
            awards.sort_by(|a, b| b.issued_on.cmp(&a.issued_on).then_with(|| a.place.page.cmp(&b.place.page)));
            let earners: Vec<_> = awards.iter().map(|a| self.views.earner(a)).collect();
            ctx.insert("badge", &self.views.badge(index, &root, true));
            ctx.insert("earners", &earners);
            if let Some(png) = &self.art.badges[index].png {
                self.out.write(&format!("{}image.png", badge.place.page), png)?;
                ctx.insert("og_image", &self.site.config.url(&format!("{}image.png", badge.place.page)));
            }
            self.page(&badge.place.page, "badge.html", &ctx)?;
        }
        Ok(())
    }

    /// Award pages are independent of each other, so they render in parallel.
    fn award_pages(&self) -> Result<()> {
        self.site.awards.par_iter().try_for_each(|award| self.award_page(award))
    }

    fn award_page(&self, award: &Award) -> Result<()> {
        let page = &award.place.page;
        let root = root_from(page);
        let mut ctx = page_context(self.site, &root, page);
        let view = self.views.award(award, &root);
        let badge_view = award.badge.map(|b| self.views.badge(b, &root, true));
        let title = match (&view.recipient_name, &badge_view) {
            (Some(n), Some(b)) => format!("QR code linking to {n}'s {} award page", b.name),
            _ => "QR code linking to this award page".to_string(),
        };
        let qr = qr::svg(&view.page_url, &title)
            .with_context(|| format!("the page URL of `{page}` is too long for a QR code"))?;
        self.out.write(&format!("{page}qr.svg"), qr.as_bytes())?;
        let report = crate::verify::award_report(self.site, award);
        self.out.write(&format!("{page}verification.json"), &pretty(&serde_json::to_value(&report)?))?;
        ctx.insert("award", &view);
        ctx.insert("badge", &badge_view);
        ctx.insert("qr_svg", &qr);
        if award.revoked.is_none() && award.place.json.is_some() {
            let hosted = String::from_utf8(pretty(&hosted_assertion(award, &view.page_url))).unwrap_or_default();
            let (share, files) = crate::artwork::share(self.site, &self.art, award, hosted.trim_end())
                .map_err(|e| anyhow!("cannot make the shared images of `{page}`: {e}"))?;
            for (path, bytes) in &files {
                self.out.write(path, bytes)?;
            }
            // The JSON-LD block is data, but the page's CSP names its hash so
            // that nothing inline runs or validates without being listed.
            let digest = <sha2::Sha256 as sha2::Digest>::digest(share.json_ld.as_bytes());
            ctx.insert("csp_script_hash", &crate::images::base64(&digest));
            ctx.insert("share", &share);
            // The embeddable card and the printable certificate are pages of their own.
            for (sub, template) in [("card/", "card.html"), ("certificate/", "certificate.html")] {
                let sub_page = format!("{page}{sub}");
                let mut sub_ctx = ctx.clone();
                sub_ctx.insert("root", &root_from(&sub_page));
                sub_ctx.insert("page_path", &sub_page);
                sub_ctx.insert("page_url", &self.site.config.url(&sub_page));
                sub_ctx.insert("award_url", &view.page_url);
                self.page(&sub_page, template, &sub_ctx)?;
            }
        }
        self.page(page, "award.html", &ctx)
    }

    fn site_files(&self) -> Result<()> {
        let base = &self.site.config;
        let mut ctx = page_context(self.site, &base.base_path(), "404.html");
        self.out.write("404.html", self.renderer.render("404.html", &ctx)?.as_bytes())?;
        let verify = page_context(self.site, "../", "verify/");
        self.page("verify/", "verify.html", &verify)?;
        let mut pages: Vec<&str> = vec!["", "verify/"];
        pages.extend(self.site.issuers.iter().map(|i| i.place.page.as_str()));
        pages.extend(self.site.badges.iter().map(|b| b.place.page.as_str()));
        pages.extend(self.site.awards.iter().filter(|a| !a.doc.data.is_unlisted()).map(|a| a.place.page.as_str()));
        let urls: Vec<String> = pages.iter().map(|p| base.url(p)).collect();
        ctx.insert("urls", &urls);
        self.out.write("sitemap.xml", self.renderer.render("sitemap.xml", &ctx)?.as_bytes())?;
        self.out.write("robots.txt", self.renderer.render("robots.txt", &ctx)?.as_bytes())?;
        self.out.write("verification.json", &pretty(&crate::verify::site_report(self.site)))?;
        Ok(())
    }
}

/// The object with the OB 2.0 `@context` first, added when the file lacks one.
fn with_context(raw: &Value) -> Value {
    match raw {
        Value::Object(map) if !map.contains_key("@context") => {
            let mut out = Map::with_capacity(map.len() + 1);
            out.insert("@context".into(), Value::String(OB2_CONTEXT.into()));
            out.extend(map.iter().map(|(k, v)| (k.clone(), v.clone())));
            Value::Object(out)
        }
        other => other.clone(),
    }
}

/// Puts the criteria narrative from `badges/<slug>.md` into the hosted badge
/// class, keeping a criteria URL the file gives.
fn merge_criteria(raw: &mut Value, markdown: &str, page_criteria_url: &str) {
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

/// An assertion as it may be published: without accolade's own flags and
/// without private evidence.
pub fn without_accolade_flags(map: &mut Map<String, Value>) {
    map.shift_remove(crate::model::UNLISTED);
    without_private_evidence(map);
}

/// Removes evidence marked `accolade:private`; an evidence list left empty
/// is removed too.
pub fn without_private_evidence(map: &mut Map<String, Value>) {
    let private = crate::model::is_private_evidence;
    // `"accolade:private": false` is kept evidence; the flag itself goes.
    let drop_flag = |e: &mut Value| {
        if let Value::Object(o) = e {
            o.shift_remove(crate::model::PRIVATE);
        }
    };
    let remove = match map.get_mut("evidence") {
        Some(Value::Array(items)) => {
            items.retain(|e| !private(e));
            items.iter_mut().for_each(drop_flag);
            items.is_empty()
        }
        Some(single) if private(single) => true,
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

/// The hosted form of an award: as written, with `url` (the v2 context's
/// `schema:url`) linking back to its page unless the file sets one; or, for a
/// revoked award, the stripped stub that makes every verifier see the
/// revocation (a GitHub Pages site cannot answer 410 Gone).
pub fn hosted_assertion(award: &Award, page_url: &str) -> Value {
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
pub fn revocation_lists(site: &Site) -> Vec<(String, Value)> {
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
        let Some(path) = site.config.site_path(url).filter(|p| crate::site::check_site_path(p).is_ok()) else {
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

fn padded_revocation_list(raw: &Value) -> Value {
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
