//! `accolade new badge SLUG --name NAME`: a new badge class that checks and
//! can be issued at once: `badges/<slug>.json` (its id, image and criteria
//! under `base_url`, issued by the site's issuer), a default image
//! `badges/<slug>.svg` (a coloured disc with the badge's initials) and a
//! criteria skeleton `badges/<slug>.md`.

use super::Folder;
use crate::check::placeholders::{BADGE_DESCRIPTION_HINT, CRITERIA_HINT};
use crate::layout;
use crate::library::check_site_path;
use crate::model::OB2_CONTEXT;
use crate::util::fs::create_new;
use crate::util::hash::short_hash;
use crate::util::html::escape_html;
use crate::util::text::{is_bidi_control, is_control_text, MAX_NAME_CHARS};
use anyhow::{anyhow, bail, Result};
use serde_json::json;
use std::path::Path;

pub struct NewBadge {
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
    /// The issuer: its file's stem (`issuers/<slug>.json`) or its id; needed
    /// only when the site has several.
    pub issuer: Option<String>,
}

/// The longest slug: it is a file name and a URL segment.
const MAX_SLUG: usize = 64;

/// Writes the badge class's three files; returns them, relative to `dir`.
pub fn new_badge(dir: &Path, badge: &NewBadge) -> Result<Vec<String>> {
    check_slug(&badge.slug)?;
    let name = badge.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        bail!("--name must be 1 to {MAX_NAME_CHARS} characters");
    }
    if name.chars().any(|c| is_control_text(c) || is_bidi_control(c)) {
        bail!("--name contains control or direction-override characters");
    }
    let _lock = Folder::lock(dir)?;
    let folder = Folder::read(dir)?;
    let issuer_id = issuer_id(&folder, badge.issuer.as_deref())?;
    let slug = &badge.slug;
    let rel = |ext: &str| format!("{}/{slug}.{ext}", layout::BADGES);
    for ext in ["json", "md", "svg", "png"] {
        if std::fs::symlink_metadata(dir.join(rel(ext))).is_ok() {
            bail!("`{}` exists already; choose another slug (accolade never overwrites)", rel(ext));
        }
    }
    let base = &folder.config.source_base_url;
    let id = format!("{base}{}", rel("json"));
    if folder.loaded.badges.iter().any(|b| b.data.id.as_deref() == Some(id.as_str())) {
        bail!("another badge class already has the id `{id}`");
    }
    let description = match badge.description.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => d.to_string(),
        _ => format!("What earning {name} means. Edit `{}` {BADGE_DESCRIPTION_HINT}", rel("json")),
    };
    let class = json!({
        "@context": OB2_CONTEXT,
        "type": "BadgeClass",
        "id": id,
        "name": name,
        "description": description,
        "image": format!("{base}{}", rel("svg")),
        "criteria": { "id": format!("{base}{}/{slug}/#criteria", layout::BADGES) },
        "issuer": issuer_id,
    });
    let criteria = format!(
        "To earn {name} a learner:\n\n- …\n\nEdit this file (`{}`) {CRITERIA_HINT} It is Markdown.\n",
        rel("md")
    );
    let mut json_text = serde_json::to_string_pretty(&class)?;
    json_text.push('\n');
    // The JSON last: if anything fails before it, no badge class names
    // missing files; the files already written are removed.
    let files = [(rel("svg"), default_image(name, slug)), (rel("md"), criteria), (rel("json"), json_text)];
    let mut written = Vec::new();
    for (path, text) in &files {
        if let Err(e) = create_new(&dir.join(path), text.as_bytes()) {
            for done in &written {
                let _ = std::fs::remove_file(dir.join(done));
            }
            return Err(e);
        }
        written.push(path.clone());
    }
    Ok(written)
}

/// A slug is a file name and a URL segment: lower-case letters, digits, `-`
/// and `_`, starting with a letter or digit.
fn check_slug(slug: &str) -> Result<()> {
    let ok_chars = slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    let ok_start = slug.starts_with(|c: char| c.is_ascii_alphanumeric());
    if slug.is_empty() || slug.len() > MAX_SLUG || !ok_chars || !ok_start {
        bail!("slug `{slug}` must be 1 to {MAX_SLUG} lower-case letters, digits, `-` or `_`, starting with a letter or digit (e.g. `module-2`)");
    }
    check_site_path(&format!("{}/{slug}.json", layout::BADGES)).map_err(|why| anyhow!("slug `{slug}`: {why}"))
}

/// The id of the issuer the badge class names.
fn issuer_id(folder: &Folder, wanted: Option<&str>) -> Result<String> {
    let issuers: Vec<(String, String)> = folder
        .loaded
        .issuers
        .iter()
        .filter(|i| i.at.0.is_empty())
        .filter_map(|i| {
            let stem = Path::new(&folder.loaded.sources[i.source].rel).file_stem()?.to_string_lossy().into_owned();
            Some((stem, i.data.id.clone()?))
        })
        .collect();
    let names = || issuers.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>().join(", ");
    match wanted {
        Some(w) => issuers
            .iter()
            .find(|(stem, id)| stem == w || id == w)
            .map(|(_, id)| id.clone())
            .ok_or_else(|| anyhow!("no issuer `{w}` in the site; the issuers are: {}", names())),
        None => match issuers.as_slice() {
            [(_, id)] => Ok(id.clone()),
            [] => bail!("the site has no issuer with an id; add one to `issuers/` (or fix it: `accolade check`)"),
            _ => bail!("the site has several issuers ({}); choose one with --issuer", names()),
        },
    }
}

/// A simple, safe badge image: a disc in a colour chosen by the slug, a ring,
/// and the initials of the name. No script, no reference outside the file.
fn default_image(name: &str, slug: &str) -> String {
    const COLOURS: &[&str] = &["#0b5cad", "#116329", "#8a3ffc", "#b3261e", "#00696f", "#7d4e00", "#1f3a93", "#5c5c5c"];
    let colour = COLOURS[usize::from_str_radix(&short_hash(slug)[..2], 16).unwrap_or(0) % COLOURS.len()];
    let initials: String = name
        .split_whitespace()
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .flat_map(char::to_uppercase)
        .take(2)
        .collect();
    let size = if initials.chars().count() > 1 { 96 } else { 120 };
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <title>{title}</title>
  <circle cx="128" cy="128" r="120" fill="{colour}"/>
  <circle cx="128" cy="128" r="100" fill="none" stroke="#ffffff" stroke-width="6"/>
  <text x="128" y="128" text-anchor="middle" dominant-baseline="central" font-family="DejaVu Sans" font-weight="bold" font-size="{size}" fill="#ffffff">{initials}</text>
</svg>
"##,
        title = escape_html(name),
        initials = escape_html(&initials),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for ok in ["module-2", "a", "x_1"] {
            assert!(check_slug(ok).is_ok(), "{ok}");
        }
        for bad in ["", "-a", "A", "a/b", "../x", "a.b", "con", &"a".repeat(65)] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_default_image_is_safe_and_escaped() {
        let svg = default_image("Über <script> & \"Co\"", "x");
        assert!(svg.contains(">ÜS</text>"), "{svg}");
        // It passes the allowlist whole: nothing refused, nothing dropped.
        let clean = crate::check::svg::clean_svg(svg.as_bytes()).unwrap();
        assert_eq!(clean.dropped, vec![]);
        assert!(svg.contains("<title>Über &lt;script&gt; &amp; &quot;Co&quot;</title>"));
    }
}
