//! Linking: objects are matched by id (badge → issuer, award → badge),
//! given their place in the output, and marked revoked from the revocation
//! lists. Broken links become problems, never panics.

use super::read::{typed_at, Doc, Loaded};
use super::AwardFacts;
use super::{problem_at, Award, Badge, Credential, Hosted, Issuer, Library, Place, Revocation};
use crate::diag::{Code, Problem, Problems};
use crate::layout;
use crate::model::{BadgeClass, Profile, Ref, RevocationList, RevokedEntry};
use crate::util::dates;
use crate::util::hash::short_hash;
use crate::util::jsonpos::JsonPath;
use std::collections::HashMap;
use std::path::Path;

/// Links loaded objects by id. `hosted_under` is the base URL the objects
/// are published under by this site (`None` when they are fetched from
/// elsewhere, as `accolade verify` does: then nothing is hosted here).
/// Never fails: problems go to `problems`.
pub fn link(dir: &Path, loaded: Loaded, hosted_under: Option<&str>, problems: &mut Problems) -> Library {
    let mut library = Library {
        dir: dir.to_path_buf(),
        sources: loaded.sources,
        issuers: Vec::new(),
        badges: Vec::new(),
        awards: Vec::new(),
        revocation_lists: Vec::new(),
        credentials: Vec::new(),
        files: loaded.files,
        templates: loaded.templates,
        theme: loaded.theme,
    };
    let failed = loaded.failed.into_iter().collect();
    let mut linker = Linker { site: &mut library, hosted_under, problems, ids: HashMap::new(), failed };
    for doc in loaded.issuers {
        linker.add_issuer(doc, None);
    }
    for doc in loaded.badges {
        linker.add_badge(doc, None);
    }
    for doc in loaded.assertions {
        linker.add_award(doc);
    }
    for doc in loaded.revocation_lists {
        linker.add_revocation_list(doc);
    }
    for doc in loaded.credentials {
        linker.add_credential(doc);
    }
    linker.attach_criteria(loaded.criteria_md);
    linker.apply_revocations();
    library
}

/// Links objects by id as they are added, and places them in the output.
struct Linker<'a> {
    site: &'a mut Library,
    hosted_under: Option<&'a str>,
    problems: &'a mut Problems,
    /// Every id seen, with a description of where, to report duplicates.
    ids: HashMap<String, (String, Kind)>,
    /// Files that failed to load (`Loaded::failed`).
    failed: std::collections::HashSet<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Issuer(usize),
    Badge(usize),
    Award(usize),
    Credential(usize),
    List,
}

impl Linker<'_> {
    /// Records an object's id; `false` (and an error) if another object has it.
    fn claim_id<T>(&mut self, doc: &Doc<T>, id: Option<&str>, kind: Kind) -> bool {
        let Some(id) = id else { return true };
        let here = format!("{}{}", self.site.sources[doc.source].rel, at_suffix(&doc.at));
        if let Some((there, _)) = self.ids.get(id) {
            let p = Problem::error(Code::IdDuplicate, "", format!("id `{id}` is also used by {there}"))
                .help("every object needs its own id; give one of them another URL");
            self.problems.push(problem_at(&self.site.sources, doc, &JsonPath::root().key("id"), p));
            return false;
        }
        self.ids.insert(id.to_string(), (here, kind));
        true
    }

    fn place<T>(&mut self, doc: &Doc<T>, id: Option<&str>, folder: &str) -> Place {
        let src = &self.site.sources[doc.source];
        let fallback = if doc.at.0.is_empty() {
            slug_of_file(&src.rel)
        } else {
            format!("x-{}", short_hash(id.unwrap_or(&format!("{}{}", src.rel, doc.at))))
        };
        match place_for(self.hosted_under, id, folder, &fallback) {
            Ok(p) => p,
            Err(why) => {
                let p = Problem::error(Code::IdPath, "", why).help(
                    "hosted ids must be URLs under base_url ending in `.json`, with path segments made of letters, digits, `-`, `_` and `.` (e.g. `https://…/assertions/k7m2q9xw4t.json`)",
                );
                self.problems.push(problem_at(&self.site.sources, doc, &JsonPath::root().key("id"), p));
                Place { page: format!("{folder}/{fallback}/"), json: None }
            }
        }
    }

    fn add_issuer(&mut self, doc: Doc<Profile>, _from: Option<usize>) -> Option<usize> {
        let id = doc.data.id.clone();
        let index = self.site.issuers.len();
        if !self.claim_id(&doc, id.as_deref(), Kind::Issuer(index)) {
            return None;
        }
        let place = self.place(&doc, id.as_deref(), layout::ISSUERS);
        self.site.issuers.push(Issuer { doc, place, badges: Vec::new() });
        Some(index)
    }

    fn add_badge(&mut self, doc: Doc<BadgeClass>, _from: Option<usize>) -> Option<usize> {
        let id = doc.data.id.clone();
        let index = self.site.badges.len();
        if !self.claim_id(&doc, id.as_deref(), Kind::Badge(index)) {
            return None;
        }
        let issuer = match doc.data.issuer.clone() {
            None => None,
            Some(Ref::Id(issuer_id)) => match self.ids.get(&issuer_id) {
                Some((_, Kind::Issuer(i))) => Some(*i),
                _ if self.failed_to_load(&issuer_id) => None,
                _ => {
                    let p = Problem::error(
                        Code::RefIssuer,
                        "",
                        format!("issuer `{issuer_id}` is not an issuer of this site"),
                    )
                    .help("add its Profile to `issuers/` (or `issuer.json`), or fix the URL");
                    self.problems.push(problem_at(&self.site.sources, &doc, &JsonPath::root().key("issuer"), p));
                    None
                }
            },
            Some(Ref::Embedded(embedded)) => match embedded.id.as_deref().and_then(|i| self.ids.get(i)) {
                Some((_, Kind::Issuer(i))) => Some(*i),
                _ => {
                    let raw = doc.raw.get("issuer").cloned().unwrap_or_default();
                    let at = doc.at.key("issuer");
                    typed_at::<Profile>(&self.site.sources, doc.source, at, raw, self.problems)
                        .and_then(|d| self.add_issuer(d, Some(index)))
                }
            },
        };
        let place = self.place(&doc, id.as_deref(), layout::BADGES);
        if let Some(i) = issuer {
            self.site.issuers[i].badges.push(index);
        }
        self.site.badges.push(Badge { doc, place, issuer, criteria_md: None, awards: Vec::new() });
        Some(index)
    }

    fn add_award(&mut self, doc: Doc<AwardFacts>) {
        let id = doc.data.id.clone();
        let index = self.site.awards.len();
        if !self.claim_id(&doc, id.as_deref(), Kind::Award(index)) {
            return;
        }
        let badge = match doc.data.badge.clone() {
            None => None,
            Some(Ref::Id(badge_id)) => match self.ids.get(&badge_id) {
                Some((_, Kind::Badge(b))) => Some(*b),
                _ if self.failed_to_load(&badge_id) => None,
                _ => {
                    let p = Problem::error(
                        Code::RefBadge,
                        "",
                        format!("badge `{badge_id}` is not a badge class of this site"),
                    )
                    .help("add the BadgeClass to `badges/`, or fix the URL");
                    self.problems.push(problem_at(&self.site.sources, &doc, &JsonPath::root().key("badge"), p));
                    None
                }
            },
            Some(Ref::Embedded(embedded)) => match embedded.id.as_deref().and_then(|i| self.ids.get(i)) {
                Some((_, Kind::Badge(b))) => Some(*b),
                _ => {
                    let raw = doc.raw.get("badge").cloned().unwrap_or_default();
                    let at = doc.at.key("badge");
                    typed_at::<BadgeClass>(&self.site.sources, doc.source, at, raw, self.problems)
                        .and_then(|d| self.add_badge(d, None))
                }
            },
        };
        let place = self.place(&doc, id.as_deref(), layout::ASSERTIONS);
        if let Some(b) = badge {
            self.site.badges[b].awards.push(index);
        }
        // Bad dates are reported by the checks; here they are simply absent.
        let (issued_on, expires) = (doc.data.issued_on, doc.data.expires);
        self.site.awards.push(Award { doc, place, badge, issued_on, expires, revoked: None });
    }

    /// A credential is placed by its id, as an award is; its achievement is
    /// linked to the badge class whose page is its id.
    fn add_credential(&mut self, doc: Doc<serde_json::Value>) {
        let id = doc.data.get("id").and_then(serde_json::Value::as_str).map(str::to_string);
        let index = self.site.credentials.len();
        if !self.claim_id(&doc, id.as_deref(), Kind::Credential(index)) {
            return;
        }
        let place = self.place(&doc, id.as_deref(), layout::CREDENTIALS);
        let achievement = doc.data.pointer("/credentialSubject/achievement/id").and_then(serde_json::Value::as_str);
        let badge = achievement.and_then(|a| {
            let page = self.hosted_under.and_then(|base| a.strip_prefix(base))?;
            self.site.badges.iter().position(|b| b.place.page == page)
        });
        self.site.credentials.push(Credential { doc, place, badge, revoked: None });
    }

    fn add_revocation_list(&mut self, doc: Doc<RevocationList>) {
        let id = doc.data.id.clone();
        if !self.claim_id(&doc, id.as_deref(), Kind::List) {
            return;
        }
        let place = self.place(&doc, id.as_deref(), layout::REVOCATIONS);
        self.site.revocation_lists.push(Hosted { doc, place });
    }

    /// True when `url` is the id of a site file that failed to load: its
    /// own errors are reported, and "not found" for each reference would be noise.
    fn failed_to_load(&self, url: &str) -> bool {
        self.hosted_under.and_then(|base| url.strip_prefix(base)).is_some_and(|rel| self.failed.contains(rel))
    }

    fn attach_criteria(&mut self, criteria: Vec<(String, String)>) {
        for (stem, text) in criteria {
            let badge = self.site.badges.iter().position(|b| {
                b.doc.at.0.is_empty()
                    && Path::new(&self.site.sources[b.doc.source].rel).file_stem().map(|s| s.to_string_lossy() == stem)
                        == Some(true)
            });
            match badge {
                Some(b) => self.site.badges[b].criteria_md = Some(text),
                // The badge's JSON is right beside it but did not make a badge
                // class (it failed to load, has another file's id, or is a
                // link): that file's own problem is reported, and calling
                // the criteria an orphan would send the user the wrong way.
                None if self.badge_file_exists(&stem) => {}
                None => self.problems.push(
                    Problem::warning(
                        Code::FileOrphan,
                        format!("badges/{stem}.md"),
                        "criteria file without a badge class",
                    )
                    .help(format!("a criteria narrative belongs to the badge class in `badges/{stem}.json`")),
                ),
            }
        }
    }

    /// Whether `badges/<stem>.json` is in the site folder, read or not.
    fn badge_file_exists(&self, stem: &str) -> bool {
        let rel = format!("{}/{stem}.json", layout::BADGES);
        let read = self.site.sources.iter().any(|s| {
            let p = Path::new(&s.rel);
            p.parent() == Some(Path::new(layout::BADGES)) && p.file_stem().is_some_and(|s| s.to_string_lossy() == stem)
        });
        read || self.failed.contains(&rel) || std::fs::symlink_metadata(self.site.dir.join(&rel)).is_ok()
    }

    /// Marks awards revoked by a revocation list or by `revoked: true`.
    fn apply_revocations(&mut self) {
        let mut by_id: HashMap<String, Revocation> = HashMap::new();
        for list in &self.site.revocation_lists {
            for (i, entry) in crate::model::all(&list.doc.data.revoked_assertions).iter().enumerate() {
                let Some(id) = entry.id() else { continue };
                let (reason, on) = match entry {
                    RevokedEntry::Id(_) => (None, None),
                    RevokedEntry::Object(o) => (o.revocation_reason.clone(), o.revoked_on.clone()),
                };
                let revoked_on = on.as_deref().and_then(|d| match dates::parse(d) {
                    Ok(t) => Some(t),
                    Err(why) => {
                        let path = JsonPath::root().key("revokedAssertions").index(i).key("revokedOn");
                        let code = if why.contains("time zone") { Code::DateTimezone } else { Code::DateFormat };
                        let p = Problem::error(code, "", why);
                        self.problems.push(problem_at(&self.site.sources, &list.doc, &path, p));
                        None
                    }
                });
                // Revocation lists fetched from elsewhere name other awards too.
                if self.hosted_under.is_some()
                    && !matches!(self.ids.get(id), Some((_, Kind::Award(_) | Kind::Credential(_))))
                {
                    let path = JsonPath::root().key("revokedAssertions").index(i);
                    let p = Problem::warning(
                        Code::RevocationUnknown,
                        "",
                        format!("revoked assertion `{id}` is not an award of this site"),
                    )
                    .help("check the id; it is published in the list as written");
                    self.problems.push(problem_at(&self.site.sources, &list.doc, &path, p));
                }
                by_id.insert(id.to_string(), Revocation { reason, revoked_on });
            }
        }
        for credential in &mut self.site.credentials {
            credential.revoked = credential.id().and_then(|id| by_id.get(id)).cloned();
        }
        for award in &mut self.site.awards {
            let listed = award.doc.data.id.as_ref().and_then(|id| by_id.get(id)).cloned();
            award.revoked = match (listed, award.doc.data.revoked) {
                (Some(r), _) => Some(r),
                (None, Some(true)) => {
                    Some(Revocation { reason: award.doc.data.revocation_reason.clone(), revoked_on: None })
                }
                _ => None,
            };
        }
    }
}

fn at_suffix(at: &JsonPath) -> String {
    if at.0.is_empty() {
        String::new()
    } else {
        format!(" (at `{at}`)")
    }
}

/// `assertions/2026/ada.json` → `ada`, made safe for a URL path.
fn slug_of_file(rel: &str) -> String {
    let stem = Path::new(rel).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let slug: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c.to_ascii_lowercase() } else { '-' })
        .collect();
    let slug = slug.trim_matches('-').to_string();
    if slug.is_empty() {
        format!("x-{}", short_hash(rel))
    } else {
        slug
    }
}

/// Places an object: at its id's path when the id is under the base URL, else
/// in `folder/fallback/` as an externally hosted object.
pub fn place_for(hosted_under: Option<&str>, id: Option<&str>, folder: &str, fallback: &str) -> Result<Place, String> {
    let external = Place { page: format!("{folder}/{fallback}/"), json: None };
    let Some(id) = id else { return Ok(external) };
    let Some(rel) = hosted_under.and_then(|base| id.strip_prefix(base)) else { return Ok(external) };
    let Some(stem) = rel.strip_suffix(".json") else {
        return Err(format!("id `{id}` is under base_url but does not end in `.json`; GitHub Pages picks the content type from the extension"));
    };
    check_site_path(rel).map_err(|why| format!("id `{id}` cannot be a file of the site: {why}"))?;
    if stem.is_empty() || stem.ends_with('/') {
        return Err(format!("id `{id}` has no file name before `.json`"));
    }
    Ok(Place { page: format!("{stem}/"), json: Some(rel.to_string()) })
}

/// A relative output path made only of plain segments: no `..`, no hidden or
/// empty segments, no characters that mean something to a file system or a URL.
pub fn check_site_path(rel: &str) -> Result<(), String> {
    if rel.is_empty() {
        return Err("the path is empty".into());
    }
    for seg in rel.split('/') {
        if seg.is_empty() {
            return Err("it has an empty path segment (`//` or a leading `/`)".into());
        }
        if seg.starts_with('.') {
            return Err(format!("segment `{seg}` starts with a dot"));
        }
        if let Some(c) = seg.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'))) {
            return Err(format!("segment `{seg}` contains `{}`", c.escape_default()));
        }
        // File systems allow 255 bytes a name; the page folder and the
        // temporary files of a build need some room beside the id's own.
        if seg.len() > MAX_SEGMENT_BYTES {
            return Err(format!("a segment is {} bytes long; at most {MAX_SEGMENT_BYTES} fit a file name", seg.len()));
        }
        let stem = seg.split('.').next().unwrap_or(seg).to_ascii_uppercase();
        if matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
            || (stem.len() == 4
                && (stem.starts_with("COM") || stem.starts_with("LPT"))
                && stem.as_bytes()[3].is_ascii_digit())
        {
            return Err(format!("segment `{seg}` is a reserved device name on Windows"));
        }
    }
    Ok(())
}

/// The longest path segment of a hosted id, in bytes.
const MAX_SEGMENT_BYTES: usize = 200;

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Option<&'static str> {
        Some("https://o.github.io/b/")
    }

    #[test]
    fn places_hosted_and_external_objects() {
        let c = config();
        let p = place_for(c, Some("https://o.github.io/b/assertions/k7m2.json"), "assertions", "f").unwrap();
        assert_eq!(p.page, "assertions/k7m2/");
        assert_eq!(p.json.as_deref(), Some("assertions/k7m2.json"));
        let p = place_for(c, Some("https://elsewhere.org/a/1"), "assertions", "x-1").unwrap();
        assert_eq!(p.page, "assertions/x-1/");
        assert!(p.json.is_none());
    }

    #[test]
    fn refuses_unsafe_ids() {
        let c = config();
        for bad in [
            "https://o.github.io/b/../x.json",
            "https://o.github.io/b/a/%2e%2e/x.json",
            "https://o.github.io/b/a\\x.json",
            "https://o.github.io/b//x.json",
            "https://o.github.io/b/.well-known/x.json",
            "https://o.github.io/b/con.json",
            "https://o.github.io/b/a/b",
            "https://o.github.io/b/.json",
        ] {
            assert!(place_for(c, Some(bad), "assertions", "f").is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs_from_files() {
        assert_eq!(slug_of_file("badges/M1 Floating.json"), "m1-floating");
        assert!(slug_of_file("badges/..json").starts_with("x-"));
    }
}
