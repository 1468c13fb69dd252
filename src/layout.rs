//! Where everything is: the folders and files of a site folder, and every
//! path a build writes. The writers and the collision check both take their
//! paths from here, so what one writes the other knows about.

use std::path::Path;

// ---- the site folder ------------------------------------------------------

pub const CONFIG_FILE: &str = "accolade.toml";
/// A single issuer at the top of the site folder, instead of `issuers/`.
pub const ISSUER_FILE: &str = "issuer.json";
pub const ISSUERS: &str = "issuers";
pub const BADGES: &str = "badges";
pub const ASSERTIONS: &str = "assertions";
/// Open Badges 3.0 credentials (signed, or to be signed at build), one per
/// file; the output hosts each at `credentials/<name>.json`.
pub const CREDENTIALS: &str = "credentials";
/// The revocation list that `accolade revoke` writes.
pub const REVOCATIONS_FILE: &str = "revocations.json";
pub const REVOCATIONS: &str = "revocations";
/// Files copied to the output as they are, at their path below `static/`.
pub const STATIC: &str = "static";
/// Site templates that replace the built-in ones by name.
pub const TEMPLATES: &str = "templates";
/// Theme files (`site.css`, `verify.js`, `fonts/…`) that replace the built-in ones.
pub const THEME: &str = "theme";
/// The site's own translation files (`locales/<language>.toml`).
pub const LOCALES: &str = "locales";
/// The folders a site's content lives in; no output may go inside them.
pub const CONTENT_FOLDERS: &[&str] =
    &[ASSERTIONS, CREDENTIALS, BADGES, ISSUERS, STATIC, TEMPLATES, REVOCATIONS, THEME, LOCALES];
/// Lock file at the top of the site folder (never published).
pub const LOCK_FILE: &str = ".accolade.lock";
/// Marks a git work tree (a folder, or a file in a linked work tree).
pub const GIT: &str = ".git";
/// The output folder, relative to the site folder, unless configured.
pub const DEFAULT_OUTPUT: &str = "public";

// ---- the output folder ----------------------------------------------------

/// Marks a folder as made by accolade, so a build may replace it.
pub const OUTPUT_MARKER: &str = ".accolade-output";

/// The build record beside an output folder (`public` → `.public.accolade-build`):
/// what the output was built from, so that a rebuild with nothing changed is skipped.
pub fn build_record(output: &Path) -> std::path::PathBuf {
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    output.with_file_name(format!(".{name}.accolade-build"))
}

/// The cache of drawn per-award share images beside an output folder
/// (`public` → `.public.accolade-cache/`), never published; see `util::cache`.
pub fn build_cache(output: &Path) -> std::path::PathBuf {
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    output.with_file_name(format!(".{name}.accolade-cache"))
}
pub const HOME_PAGE: &str = "";
pub const NOT_FOUND: &str = "404.html";
pub const SITEMAP: &str = "sitemap.xml";
pub const FEED: &str = "feed.xml";
pub const ROBOTS: &str = "robots.txt";
/// Tells GitHub Pages not to run Jekyll over the site.
pub const NOJEKYLL: &str = ".nojekyll";
pub const CNAME: &str = "CNAME";
/// The whole site's verification report.
pub const SITE_REPORT: &str = "verification.json";
pub const SITE_CSS: &str = "assets/site.css";
pub const VERIFY_JS: &str = "assets/verify.js";
/// The award pages' script: the QR encoder, the baking and the verifier in one file.
pub const AWARD_JS: &str = "assets/award.js";
/// The gallery's search box (home page only) and the index it fetches.
pub const SEARCH_JS: &str = "assets/search.js";
pub const SEARCH_INDEX: &str = "search.json";
pub const VERIFY_PAGE: &str = "verify/";
/// The embeddable award card, one page for the whole site: `embed/?award=<award page>`.
pub const EMBED_PAGE: &str = "embed/";
/// A credential's VC-JWT beside its JSON (`credentials/x.json` → `credentials/x.jwt`).
pub fn vc_jwt_of(json: &str) -> String {
    format!("{}.jwt", json.strip_suffix(".json").unwrap_or(json))
}

/// The site's Bitstring Status List of revoked Open Badges 3.0 credentials.
pub const STATUS_LIST: &str = "status/revocation.json";
pub const RECIPIENT_PROFILE_CONTEXT: &str = "extensions/recipientProfile/context.json";
pub const RECIPIENT_PROFILE_SCHEMA: &str = "extensions/recipientProfile/schema.json";

/// The base URL an object's id was most likely written under: the part
/// before its content folder (`https://o.github.io/b/` for
/// `https://o.github.io/b/badges/x.json`), else its origin. It names the old
/// prefix when a site's ids are not under its `base_url` (the site moved).
pub fn site_prefix_of(id: &str) -> Option<String> {
    let parts = crate::util::urls::parse(id)?;
    let origin_len = parts.scheme.len() + "://".len() + parts.authority.len();
    let path = &id[origin_len..];
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    let markers = [
        format!("/{ISSUERS}/"),
        format!("/{BADGES}/"),
        format!("/{ASSERTIONS}/"),
        format!("/{REVOCATIONS}/"),
        format!("/{ISSUER_FILE}"),
        format!("/{REVOCATIONS_FILE}"),
    ];
    let at = markers.iter().filter_map(|m| path.rfind(m.as_str())).max().unwrap_or(0);
    Some(format!("{}/", &id[..origin_len + at]))
}

/// The page of a page folder (`badges/m1/` → `badges/m1/index.html`).
pub fn page_file(page: &str) -> String {
    format!("{page}index.html")
}

/// A file in an object's page folder (`badges/m1/` + `image.png`).
pub fn in_page(page: &str, file: &str) -> String {
    format!("{page}{file}")
}

/// The files the build writes for the site as a whole, in the order the
/// collision check claims them.
pub fn site_files() -> Vec<String> {
    let mut files = vec![page_file(HOME_PAGE)];
    files.extend(
        [
            NOT_FOUND,
            SITEMAP,
            FEED,
            ROBOTS,
            NOJEKYLL,
            CNAME,
            SITE_REPORT,
            SITE_CSS,
            VERIFY_JS,
            AWARD_JS,
            SEARCH_JS,
            SEARCH_INDEX,
        ]
        .map(String::from),
    );
    files.push(page_file(VERIFY_PAGE));
    files.push(page_file(EMBED_PAGE));
    files.extend([RECIPIENT_PROFILE_CONTEXT, RECIPIENT_PROFILE_SCHEMA].map(String::from));
    files
}

/// Where the pages after the first of a paginated list go, inside the
/// list's first page folder: `badges/m1/`, then `badges/m1/page/2/` …
pub const LIST_PAGES: &str = "page/";

/// The folder of page `number` (from 1) of the list whose first page is `first`.
pub fn list_page(first: &str, number: usize) -> String {
    match number {
        0 | 1 => first.to_string(),
        n => format!("{first}{LIST_PAGES}{n}/"),
    }
}

/// How many pages `items` entries fill at `per_page` a page; an empty list
/// still has its first page.
pub fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page.max(1)).max(1)
}

/// The most URLs one sitemap file may hold, by the sitemaps protocol
/// (sitemaps.org). Its other limit, 50 MB, would need URLs of 1,000 bytes.
pub const SITEMAP_MAX_URLS: usize = 50_000;

/// Part `number` (from 1) of a sitemap too big for one file; `sitemap.xml`
/// is then the index that lists the parts.
pub fn sitemap_part(number: usize) -> String {
    format!("sitemap-{number}.xml")
}

/// The share image of an issuer's or badge class's page.
pub const OG_IMAGE: &str = "image.png";
/// A badge class's 1200×627 share image, shared by the pages of its awards.
pub const BADGE_CARD: &str = "card.png";

/// The files in an award's page folder besides its `index.html`.
pub mod award {
    /// The award's verification report.
    pub const REPORT: &str = "verification.json";
    pub const BAKED_PNG: &str = "badge.png";
    pub const BAKED_SVG: &str = "badge.svg";
    /// The 1200×627 share image naming the earner (`[per_award_files] share_cards`).
    pub const CARD_IMAGE: &str = "card.png";
}

/// Every file an award page may write in its folder, `index.html` first.
pub fn award_page_files() -> Vec<String> {
    let mut files = vec![page_file("")];
    files.extend([award::REPORT, award::BAKED_PNG, award::BAKED_SVG, award::CARD_IMAGE].map(String::from));
    files
}

/// Every file an issuer's or badge class's page may write in its folder.
pub fn object_page_files() -> Vec<String> {
    vec![page_file(""), OG_IMAGE.to_string(), BADGE_CARD.to_string()]
}

/// Refuses output folders that a build (which replaces the whole folder)
/// would destroy the site with: the file system root, the home folder, the
/// site folder or a folder containing it, and the site's content folders.
pub fn check_output_target(target: &Path, site_dir: &Path) -> Result<(), String> {
    use crate::util::fs::absolute;
    let target = absolute(target).map_err(|e| e.to_string())?;
    let site_dir = absolute(site_dir).map_err(|e| e.to_string())?;
    if target.parent().is_none() {
        return Err(format!(
            "refusing to use `{}` as the output folder: it is the root of the file system",
            target.display()
        ));
    }
    if let Some(home) = std::env::var_os("HOME").map(std::path::PathBuf::from) {
        if absolute(&home).ok().as_deref() == Some(target.as_path()) {
            return Err(format!("refusing to use your home folder `{}` as the output folder", target.display()));
        }
    }
    if site_dir.starts_with(&target) {
        return Err(format!(
            "refusing to use `{}` as the output folder: it {} the site folder, and a build replaces the whole output folder",
            target.display(),
            if site_dir == target { "is" } else { "contains" }
        ));
    }
    for content in CONTENT_FOLDERS {
        if target.starts_with(site_dir.join(content)) {
            return Err(format!(
                "refusing to write the output into the site's `{content}/` folder; choose another output folder"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_prefixes() {
        let p = |id| site_prefix_of(id).unwrap();
        assert_eq!(p("https://example.github.io/badges/badges/first-badge.json"), "https://example.github.io/badges/");
        assert_eq!(p("https://example.github.io/badges/assertions/2026/k7.json"), "https://example.github.io/badges/");
        assert_eq!(p("http://o.org/issuers/a.json"), "http://o.org/");
        assert_eq!(p("https://o.org/b/revocations.json"), "https://o.org/b/");
        assert_eq!(p("https://partner.net/awards/1.json"), "https://partner.net/");
        assert_eq!(site_prefix_of("urn:uuid:1"), None);
    }

    #[test]
    fn site_files_in_claim_order() {
        assert_eq!(
            site_files(),
            [
                "index.html",
                "404.html",
                "sitemap.xml",
                "feed.xml",
                "robots.txt",
                ".nojekyll",
                "CNAME",
                "verification.json",
                "assets/site.css",
                "assets/verify.js",
                "assets/award.js",
                "assets/search.js",
                "search.json",
                "verify/index.html",
                "embed/index.html",
                "extensions/recipientProfile/context.json",
                "extensions/recipientProfile/schema.json",
            ]
        );
        assert_eq!(award_page_files().len(), 5);
    }

    #[test]
    fn list_pages() {
        assert_eq!(list_page("badges/m1/", 1), "badges/m1/");
        assert_eq!(list_page("badges/m1/", 2), "badges/m1/page/2/");
        assert_eq!(page_file(&list_page("badges/m1/", 10)), "badges/m1/page/10/index.html");
        assert_eq!(page_count(0, 100), 1);
        assert_eq!(page_count(100, 100), 1);
        assert_eq!(page_count(101, 100), 2);
        assert_eq!(sitemap_part(3), "sitemap-3.xml");
    }
}
