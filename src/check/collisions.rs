//! Two objects (or an object and a file the build writes itself) writing the
//! same output path. The paths come from `layout`, the same place the
//! writers take them from, so the check knows every file a build may write.

use crate::config::Config;
use crate::diag::{Code, Problem, Problems};
use crate::layout;
use crate::library::{Library, Place};
use crate::util::fs::display_path;
use crate::util::jsonpos::JsonPath;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// One output path a build may write, and who writes it.
pub struct Claim<'a> {
    pub path: String,
    /// A file of the site folder, or `accolade itself`.
    pub owner: Cow<'a, str>,
    /// The object whose `id` decides it: its source and where it stands in
    /// the file. Located only for a clash: at 100,000 awards, locating and
    /// keeping every claim's position was a fifth of a build's memory.
    pub at: Option<(usize, &'a JsonPath)>,
}

/// Every path a build of `library` may write, in the order they are claimed.
pub fn planned_outputs<'a>(site: &'a Library, config: &Config) -> Vec<Claim<'a>> {
    let mut claims = Vec::new();
    each_planned_output(site, config, |claim| claims.push(claim));
    claims
}

/// Hands `claim` every path a build of `library` may write, in order, one
/// at a time, so that the check holds no list of them all.
fn each_planned_output<'a>(site: &'a Library, config: &Config, mut claim: impl FnMut(Claim<'a>)) {
    let itself = || Cow::Borrowed("accolade itself");
    for path in layout::site_files() {
        claim(Claim { path, owner: itself(), at: None });
    }
    let mut objects: Vec<(&Place, usize, &JsonPath)> = Vec::new();
    objects.extend(site.issuers.iter().map(|o| (&o.place, o.doc.source, &o.doc.at)));
    objects.extend(site.badges.iter().map(|o| (&o.place, o.doc.source, &o.doc.at)));
    objects.extend(site.awards.iter().map(|o| (&o.place, o.doc.source, &o.doc.at)));
    objects.extend(site.revocation_lists.iter().map(|o| (&o.place, o.doc.source, &o.doc.at)));
    let award_pages: HashSet<&str> = site.awards.iter().map(|a| a.place.page.as_str()).collect();
    let (award_files, object_files) = (layout::award_page_files(), layout::object_page_files());
    for (place, source, at) in objects {
        let owner = || Cow::Borrowed(site.sources[source].rel.as_str());
        let written = if award_pages.contains(place.page.as_str()) { &award_files } else { &object_files };
        for file in written {
            claim(Claim { path: layout::in_page(&place.page, file), owner: owner(), at: Some((source, at)) });
        }
        if let Some(json) = &place.json {
            claim(Claim { path: json.clone(), owner: owner(), at: Some((source, at)) });
        }
    }
    // A badge class's earner pages after the first, and a sitemap's parts.
    for (b, badge) in site.badges.iter().enumerate() {
        let owner = site.sources[badge.doc.source].rel.as_str();
        for page in site.earner_pages(b, config).into_iter().skip(1) {
            claim(Claim { path: layout::page_file(&page), owner: owner.into(), at: None });
        }
    }
    for part in site.sitemap_parts(config) {
        claim(Claim { path: part, owner: itself(), at: None });
    }
    // A list the build makes for an issuer that names one but has no file.
    for issuer in &site.issuers {
        let url = issuer.doc.data.revocation_list.as_deref().unwrap_or("");
        if let Some(path) = config.site_path(url) {
            if !site.revocation_lists.iter().any(|l| l.doc.data.id.as_deref() == Some(url)) {
                let owner = site.sources[issuer.doc.source].rel.as_str();
                claim(Claim { path: path.to_string(), owner: owner.into(), at: None });
            }
        }
    }
    for f in &site.files {
        claim(Claim { path: f.to.clone(), owner: display_path(&site.dir, &f.from).into(), at: None });
    }
    // Open Badges 3.0: each credential's JSON and page, the DID document and
    // the status list (`build::credentials`).
    for c in &site.credentials {
        let owner = || Cow::Borrowed(site.sources[c.doc.source].rel.as_str());
        claim(Claim { path: layout::page_file(&c.place.page), owner: owner(), at: Some((c.doc.source, &c.doc.at)) });
        if c.jwt().is_some() {
            claim(Claim { path: c.jwt_path(), owner: owner(), at: Some((c.doc.source, &c.doc.at)) });
        } else if let Some(json) = &c.place.json {
            claim(Claim { path: json.clone(), owner: owner(), at: Some((c.doc.source, &c.doc.at)) });
            if config.vc_jwt {
                claim(Claim { path: layout::vc_jwt_of(json), owner: owner(), at: Some((c.doc.source, &c.doc.at)) });
            }
        }
    }
    if config.public_key.is_some() {
        let path = crate::sign::did::document_path(&config.base_url).to_string();
        claim(Claim { path, owner: Cow::Borrowed("accolade.toml [signing]"), at: None });
        if !site.credentials.is_empty() {
            claim(Claim { path: layout::STATUS_LIST.to_string(), owner: itself(), at: None });
        }
    }
}

/// Paths are compared case-insensitively: on macOS and Windows checkouts of
/// the published site, `A.json` and `a.json` are one file.
pub(super) fn check_output_collisions(site: &Library, config: &Config, problems: &mut Problems) {
    // Output path (lower-cased) → who writes it; folders are kept apart
    // from files because a file where a folder must be breaks the build too.
    let mut files: HashMap<String, Cow<str>> = HashMap::new();
    let mut folders: HashMap<String, Cow<str>> = HashMap::new();
    // Pairs of owners already reported: one problem a pair, at the first path.
    let mut reported: HashSet<(String, String)> = HashSet::new();
    each_planned_output(site, config, |Claim { path, owner, at }| {
        let key = path.to_lowercase();
        let folder_keys: Vec<String> = key.match_indices('/').map(|(i, _)| key[..i].to_string()).collect();
        let other = |first: &&Cow<str>| **first != owner;
        let clash = files
            .get(&key)
            .filter(other)
            .or_else(|| folders.get(&key).filter(other))
            .or_else(|| folder_keys.iter().find_map(|f| files.get(f).filter(other)))
            .map(|first| first.to_string());
        files.entry(key).or_insert_with(|| owner.clone());
        for f in folder_keys {
            folders.entry(f).or_insert_with(|| owner.clone());
        }
        let Some(first) = clash else { return };
        if !reported.insert((owner.to_string(), first.clone())) {
            return;
        }
        let mut p = Problem::error(
            Code::OutputCollision,
            owner,
            format!("writes `{path}`, which clashes with what {first} writes"),
        )
        .help("give one of them another id or file name (paths are compared ignoring case, as macOS and Windows do)");
        if let Some((source, at)) = at {
            let id_path = at.key("id");
            p = p.at_place(site.sources[source].locate(&id_path)).path(id_path.to_string());
        }
        problems.push(p);
    });
}
