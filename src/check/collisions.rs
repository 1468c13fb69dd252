//! Two objects (or an object and a file the build writes itself) writing the
//! same output path. The paths come from `layout`, the same place the
//! writers take them from, so the check knows every file a build may write.

use crate::config::Config;
use crate::diag::{Code, Problem, Problems};
use crate::layout;
use crate::library::{Library, Place};
use crate::util::fs::display_path;
use crate::util::jsonpos::{locate, JsonPath};
use std::collections::{HashMap, HashSet};

/// One output path a build may write, and who writes it.
pub struct Claim {
    pub path: String,
    /// A file of the site folder, or `accolade itself`.
    pub owner: String,
    /// Where in the owner's file it is decided (the object's `id`).
    pub at: Option<((usize, usize), String)>,
}

/// Every path a build of `library` may write, in the order they are claimed.
pub fn planned_outputs(site: &Library, config: &Config) -> Vec<Claim> {
    let mut claims: Vec<Claim> = layout::site_files()
        .into_iter()
        .map(|path| Claim { path, owner: "accolade itself".to_string(), at: None })
        .collect();
    let mut objects: Vec<(&Place, usize, &JsonPath)> = Vec::new();
    objects.extend(site.issuers.iter().map(|o| (&o.place, o.doc.source, &o.doc.at)));
    objects.extend(site.badges.iter().map(|o| (&o.place, o.doc.source, &o.doc.at)));
    objects.extend(site.awards.iter().map(|o| (&o.place, o.doc.source, &o.doc.at)));
    objects.extend(site.revocation_lists.iter().map(|o| (&o.place, o.doc.source, &o.doc.at)));
    let award_pages: HashSet<&str> = site.awards.iter().map(|a| a.place.page.as_str()).collect();
    let (award_files, object_files) = (layout::award_page_files(), layout::object_page_files());
    for (place, source, at) in objects {
        let src = &site.sources[source];
        let id_path = at.key("id");
        let at = Some((locate(&src.text, &id_path), id_path.to_string()));
        let written = if award_pages.contains(place.page.as_str()) { &award_files } else { &object_files };
        for file in written {
            claims.push(Claim { path: layout::in_page(&place.page, file), owner: src.rel.clone(), at: at.clone() });
        }
        if let Some(json) = &place.json {
            claims.push(Claim { path: json.clone(), owner: src.rel.clone(), at: at.clone() });
        }
    }
    // A badge class's earner pages after the first, and a sitemap's parts.
    for (b, badge) in site.badges.iter().enumerate() {
        let owner = site.sources[badge.doc.source].rel.clone();
        for page in site.earner_pages(b, config).into_iter().skip(1) {
            claims.push(Claim { path: layout::page_file(&page), owner: owner.clone(), at: None });
        }
    }
    for part in site.sitemap_parts(config) {
        claims.push(Claim { path: part, owner: "accolade itself".to_string(), at: None });
    }
    // A list the build makes for an issuer that names one but has no file.
    for issuer in &site.issuers {
        let url = issuer.doc.data.revocation_list.as_deref().unwrap_or("");
        if let Some(path) = config.site_path(url) {
            if !site.revocation_lists.iter().any(|l| l.doc.data.id.as_deref() == Some(url)) {
                let owner = site.sources[issuer.doc.source].rel.clone();
                claims.push(Claim { path: path.to_string(), owner, at: None });
            }
        }
    }
    for f in &site.files {
        claims.push(Claim { path: f.to.clone(), owner: display_path(&site.dir, &f.from), at: None });
    }
    claims
}

/// Paths are compared case-insensitively: on macOS and Windows checkouts of
/// the published site, `A.json` and `a.json` are one file.
pub(super) fn check_output_collisions(site: &Library, config: &Config, problems: &mut Problems) {
    // Output path (lower-cased) → who writes it; folders are kept apart
    // from files because a file where a folder must be breaks the build too.
    let mut files: HashMap<String, String> = HashMap::new();
    let mut folders: HashMap<String, String> = HashMap::new();
    // Pairs of owners already reported: one problem a pair, at the first path.
    let mut reported: HashSet<(String, String)> = HashSet::new();
    for Claim { path, owner, at } in planned_outputs(site, config) {
        let key = path.to_lowercase();
        let folder_keys: Vec<String> = key.match_indices('/').map(|(i, _)| key[..i].to_string()).collect();
        let other = |first: &&String| **first != owner;
        let clash = files
            .get(&key)
            .filter(other)
            .or_else(|| folders.get(&key).filter(other))
            .or_else(|| folder_keys.iter().find_map(|f| files.get(f).filter(other)))
            .cloned();
        files.entry(key).or_insert_with(|| owner.clone());
        for f in folder_keys {
            folders.entry(f).or_insert_with(|| owner.clone());
        }
        let Some(first) = clash else { continue };
        if !reported.insert((owner.clone(), first.clone())) {
            continue;
        }
        let mut p = Problem::error(
            Code::OutputCollision,
            owner,
            format!("writes `{path}`, which clashes with what {first} writes"),
        )
        .help("give one of them another id or file name (paths are compared ignoring case, as macOS and Windows do)");
        if let Some(((l, c), json_path)) = at {
            p = p.at(l, c).path(json_path);
        }
        problems.push(p);
    }
}
