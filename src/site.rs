//! The site: everything loaded, linked and checked. `Site::load` reads a site
//! folder into this model; `Site::build` (in `build.rs`) writes it out.

use crate::config::{Config, Overrides};
use crate::dates;
use crate::diag::{Problem, Problems, SiteErrors};
use crate::jsonpos::{locate, JsonPath};
use crate::load::{self, typed_at, CopiedFile, Doc, Source};
use crate::model::{Assertion, BadgeClass, Profile, Ref, RevocationList, RevokedEntry};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

#[derive(Debug)]
pub struct Site {
    pub dir: PathBuf,
    pub config: Config,
    /// When this build ran; expiry is judged against it.
    pub now: OffsetDateTime,
    pub sources: Vec<Source>,
    pub issuers: Vec<Issuer>,
    pub badges: Vec<Badge>,
    pub awards: Vec<Award>,
    pub revocation_lists: Vec<Hosted<RevocationList>>,
    pub files: Vec<CopiedFile>,
    pub templates: Vec<(String, String)>,
    /// Warnings (a site with errors does not load).
    pub problems: Problems,
    pub renderer: Option<crate::render::Renderer>,
}

/// Where an object goes in the output.
#[derive(Debug, Clone, Default)]
pub struct Place {
    /// The page's folder, relative to the output, with a trailing `/` (`badges/m1/`).
    pub page: String,
    /// The hosted JSON's path (`badges/m1.json`); `None` when the object's id
    /// is outside the site's base URL and someone else hosts it.
    pub json: Option<String>,
}

#[derive(Debug)]
pub struct Hosted<T> {
    pub doc: Doc<T>,
    pub place: Place,
}

#[derive(Debug)]
pub struct Issuer {
    pub doc: Doc<Profile>,
    pub place: Place,
    pub badges: Vec<usize>,
}

#[derive(Debug)]
pub struct Badge {
    pub doc: Doc<BadgeClass>,
    pub place: Place,
    pub issuer: Option<usize>,
    /// Criteria narrative from `badges/<slug>.md`.
    pub criteria_md: Option<String>,
    pub awards: Vec<usize>,
}

#[derive(Debug)]
pub struct Award {
    pub doc: Doc<Assertion>,
    pub place: Place,
    pub badge: Option<usize>,
    pub issued_on: Option<OffsetDateTime>,
    pub expires: Option<OffsetDateTime>,
    pub revoked: Option<Revocation>,
    /// The build-time verification report (filled by `validate`).
    pub checks: Vec<crate::verify::Check>,
}

impl Award {
    pub fn is_expired(&self, now: OffsetDateTime) -> bool {
        self.expires.is_some_and(|e| e <= now)
    }
}

#[derive(Debug, Clone)]
pub struct Revocation {
    pub reason: Option<String>,
    pub revoked_on: Option<OffsetDateTime>,
}

impl Site {
    /// Reads, links and checks a site folder. On errors, returns every
    /// problem found (warnings included); on success the site keeps its warnings.
    pub fn load(dir: &Path, overrides: &Overrides) -> Result<Site, SiteErrors> {
        let mut problems = Problems::default();
        let Some((config, loaded)) = load::load(dir, overrides, &mut problems) else {
            problems.sort();
            return Err(SiteErrors(problems));
        };
        let mut site = Site::assemble(dir, config, loaded, dates::build_time(), &HashMap::new(), &mut problems);
        site.renderer = crate::render::Renderer::new(&site.templates, &mut problems);
        problems.sort();
        if problems.has_errors() {
            return Err(SiteErrors(problems));
        }
        site.problems = problems;
        Ok(site)
    }

    /// Links loaded objects by id, checks every rule and judges every
    /// award's checks. Never fails: problems go to `problems`. Used by
    /// `load` for a site folder and by `remote` for badges fetched from the web.
    pub fn assemble(
        dir: &Path,
        config: Config,
        loaded: load::Loaded,
        now: OffsetDateTime,
        fetched_images: &crate::validate::FetchedImages,
        problems: &mut Problems,
    ) -> Site {
        let mut site = Site {
            dir: dir.to_path_buf(),
            config,
            now,
            sources: loaded.sources,
            issuers: Vec::new(),
            badges: Vec::new(),
            awards: Vec::new(),
            revocation_lists: Vec::new(),
            files: loaded.files,
            templates: loaded.templates,
            problems: Problems::default(),
            renderer: None,
        };
        let failed = loaded.failed.into_iter().collect();
        let mut linker = Linker { site: &mut site, problems, ids: HashMap::new(), failed };
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
        linker.attach_criteria(loaded.criteria_md);
        linker.apply_revocations();
        crate::validate::run(&site, problems, fetched_images);
        site.attach_reports(problems);
        site
    }

    /// Judges every award's checks from the problems found.
    pub fn attach_reports(&mut self, problems: &Problems) {
        let checks: Vec<_> = self.awards.iter().map(|a| crate::verify::award_checks(self, a, problems)).collect();
        for (award, checks) in self.awards.iter_mut().zip(checks) {
            award.checks = checks;
        }
    }

    pub fn source(&self, index: usize) -> &Source {
        &self.sources[index]
    }

    /// A problem about the object `doc`, at `path` inside it, with its line.
    pub fn problem_at<T>(&self, doc: &Doc<T>, path: &JsonPath, p: Problem) -> Problem {
        problem_at(&self.sources, doc, path, p)
    }
}

pub fn problem_at<T>(sources: &[Source], doc: &Doc<T>, path: &JsonPath, p: Problem) -> Problem {
    let mut full = doc.at.clone();
    full.0.extend(path.0.iter().cloned());
    let src = &sources[doc.source];
    let (line, col) = locate(&src.text, &full);
    let mut p = p.at(line, col).path(full.to_string());
    p.file = src.rel.clone();
    p
}

/// Links objects by id as they are added, and places them in the output.
struct Linker<'a> {
    site: &'a mut Site,
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
    List,
}

impl Linker<'_> {
    /// Records an object's id; `false` (and an error) if another object has it.
    fn claim_id<T>(&mut self, doc: &Doc<T>, id: Option<&str>, kind: Kind) -> bool {
        let Some(id) = id else { return true };
        let here = format!("{}{}", self.site.sources[doc.source].rel, at_suffix(&doc.at));
        if let Some((there, _)) = self.ids.get(id) {
            let p = Problem::error("id.duplicate", "", format!("id `{id}` is also used by {there}"))
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
        match place_for(&self.site.config, id, folder, &fallback) {
            Ok(p) => p,
            Err(why) => {
                let p = Problem::error("id.path", "", why).help(
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
        let place = self.place(&doc, id.as_deref(), "issuers");
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
                    let p =
                        Problem::error("ref.issuer", "", format!("issuer `{issuer_id}` is not an issuer of this site"))
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
        let place = self.place(&doc, id.as_deref(), "badges");
        if let Some(i) = issuer {
            self.site.issuers[i].badges.push(index);
        }
        self.site.badges.push(Badge { doc, place, issuer, criteria_md: None, awards: Vec::new() });
        Some(index)
    }

    fn add_award(&mut self, doc: Doc<Assertion>) {
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
                        "ref.badge",
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
        let place = self.place(&doc, id.as_deref(), "assertions");
        if let Some(b) = badge {
            self.site.badges[b].awards.push(index);
        }
        // Bad dates are reported by `validate`; here they are simply absent.
        let issued_on = doc.data.issued_on.as_deref().and_then(|d| dates::parse(d).ok());
        let expires = doc.data.expires.as_deref().and_then(|d| dates::parse(d).ok());
        self.site.awards.push(Award { doc, place, badge, issued_on, expires, revoked: None, checks: Vec::new() });
    }

    fn add_revocation_list(&mut self, doc: Doc<RevocationList>) {
        let id = doc.data.id.clone();
        if !self.claim_id(&doc, id.as_deref(), Kind::List) {
            return;
        }
        let place = self.place(&doc, id.as_deref(), "revocations");
        self.site.revocation_lists.push(Hosted { doc, place });
    }

    /// True when `url` is the id of a site file that failed to load: its
    /// own errors are reported, and "not found" for each reference would be noise.
    fn failed_to_load(&self, url: &str) -> bool {
        self.site.config.site_path(url).is_some_and(|rel| self.failed.contains(rel))
    }

    fn attach_criteria(&mut self, criteria: Vec<(String, String)>) {
        for (stem, text) in criteria {
            let badge = self.site.badges.iter_mut().find(|b| {
                b.doc.at.0.is_empty()
                    && Path::new(&self.site.sources[b.doc.source].rel).file_stem().map(|s| s.to_string_lossy() == stem)
                        == Some(true)
            });
            match badge {
                Some(b) => b.criteria_md = Some(text),
                None if self.failed.contains(&format!("badges/{stem}.json")) => {}
                None => self.problems.push(
                    Problem::warning("file.orphan", format!("badges/{stem}.md"), "criteria file without a badge class")
                        .help(format!("a criteria narrative belongs to the badge class in `badges/{stem}.json`")),
                ),
            }
        }
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
                        let p = Problem::error("date.format", "", why);
                        self.problems.push(problem_at(&self.site.sources, &list.doc, &path, p));
                        None
                    }
                });
                if !matches!(self.ids.get(id), Some((_, Kind::Award(_)))) {
                    let path = JsonPath::root().key("revokedAssertions").index(i);
                    let p = Problem::warning(
                        "revocation.unknown",
                        "",
                        format!("revoked assertion `{id}` is not an award of this site"),
                    )
                    .help("check the id; it is published in the list as written");
                    self.problems.push(problem_at(&self.site.sources, &list.doc, &path, p));
                }
                by_id.insert(id.to_string(), Revocation { reason, revoked_on });
            }
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

pub fn short_hash(s: &str) -> String {
    let digest = Sha256::digest(s.as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// Places an object: at its id's path when the id is under the base URL, else
/// in `folder/fallback/` as an externally hosted object.
pub fn place_for(config: &Config, id: Option<&str>, folder: &str, fallback: &str) -> Result<Place, String> {
    let external = Place { page: format!("{folder}/{fallback}/"), json: None };
    let Some(id) = id else { return Ok(external) };
    let Some(rel) = config.site_path(id) else { return Ok(external) };
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

    fn config() -> Config {
        let mut ps = Problems::default();
        Config::parse("base_url = \"https://o.github.io/b/\"", Path::new("/s"), &Overrides::default(), &mut ps).unwrap()
    }

    #[test]
    fn places_hosted_and_external_objects() {
        let c = config();
        let p = place_for(&c, Some("https://o.github.io/b/assertions/k7m2.json"), "assertions", "f").unwrap();
        assert_eq!(p.page, "assertions/k7m2/");
        assert_eq!(p.json.as_deref(), Some("assertions/k7m2.json"));
        let p = place_for(&c, Some("https://elsewhere.org/a/1"), "assertions", "x-1").unwrap();
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
            assert!(place_for(&c, Some(bad), "assertions", "f").is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs_from_files() {
        assert_eq!(slug_of_file("badges/M1 Floating.json"), "m1-floating");
        assert!(slug_of_file("badges/..json").starts_with("x-"));
    }
}
