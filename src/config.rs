//! `accolade.toml`: the site's settings, read strictly (an unknown key is an
//! error, because a misspelt key silently ignored is a bug the user cannot see).

use crate::diag::{Code, Problem, Problems};
use crate::layout::{self, CONFIG_FILE};
use crate::themes::{self, Bundled, Colors};
use crate::util::jsonpos::line_col;
use crate::util::text::MAX_NAME_CHARS;
use crate::util::urls;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The file as written. Every key is documented in the README.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    /// Absolute URL the site is published at; may have a path
    /// (`https://org.github.io/course-badges/`). Required.
    base_url: String,
    /// Site title, shown in the header and page titles.
    #[serde(default)]
    title: Option<String>,
    /// One-sentence description for the gallery and search engines.
    #[serde(default)]
    description: Option<String>,
    /// BCP 47 language of the pages (`<html lang>`). Default `en`.
    #[serde(default)]
    language: Option<String>,
    /// Output folder, relative to the site folder. Default `public`.
    #[serde(default)]
    output: Option<PathBuf>,
    /// Custom domain for GitHub Pages; written to `CNAME`.
    #[serde(default)]
    cname: Option<String>,
    /// Id prefixes of objects in the site folder that another host
    /// publishes on purpose (a partner's badge class); every other id must
    /// be under `base_url`.
    #[serde(default)]
    external_ids: Vec<String>,
    #[serde(default)]
    gallery: RawGallery,
    #[serde(default)]
    sharing: RawSharing,
    #[serde(default)]
    sitemap: RawSitemap,
    #[serde(default)]
    per_award_files: PerAwardFiles,
    #[serde(default)]
    signing: RawSigning,
    /// The bundled theme the pages are drawn with (`default`, `certificate`).
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    colors: Colors,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSigning {
    /// The public half of the key that signs the site's Open Badges 3.0
    /// credentials (`z6Mk…`, as `accolade keygen` prints and writes here),
    /// published in the site's DID document.
    #[serde(default)]
    public_key: Option<String>,
    /// A key file to sign with when neither `--signing-key` nor
    /// `ACCOLADE_SIGNING_KEY` is given, relative to the site folder and
    /// outside it (the example site's published example key; a course
    /// keeps its key out of the repository).
    #[serde(default)]
    key_file: Option<PathBuf>,
    /// Also publish each credential as a VC-JWT (EdDSA), at
    /// `credentials/<code>.jwt`, beside its Data Integrity JSON.
    #[serde(default)]
    vc_jwt: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSitemap {
    /// The most URLs in one sitemap file before the sitemap is split into
    /// numbered files under an index. Default and most: 50,000.
    #[serde(default)]
    urls_per_file: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSharing {
    /// The issuer's LinkedIn organization id (the number in its company page's
    /// admin URL), so "Add to profile" links the credential to that page.
    #[serde(default)]
    linkedin_organization_id: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGallery {
    /// Show earner names in lists (badge pages, recent awards). Default false:
    /// an award page shows its own earner, lists show counts.
    #[serde(default)]
    list_earners: bool,
    /// Earners a badge class's page lists before the next page. Default 100.
    #[serde(default)]
    earners_per_page: Option<usize>,
}

/// Earners on one page of a badge class's list, unless configured: a page
/// of 100 names stays around 20 KiB.
pub const DEFAULT_EARNERS_PER_PAGE: usize = 100;

/// Files a build can write beside every award's page on top of the default
/// ones (`[per_award_files]`). Each is off by default because each costs
/// space per award (a site must fit GitHub Pages' 1 GB); what each restores
/// is available without it in another form (README, "Site size").
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerAwardFiles {
    /// `verification.json` beside each award page (the report is in the page
    /// and in the site's `verification.json` either way).
    #[serde(default)]
    pub reports: bool,
    /// A 1200×627 share image per award naming its earner, instead of the
    /// badge class's shared one. Drawn images are kept in a cache beside the
    /// output (`.<output>.accolade-cache/`), so a rebuild draws only new ones.
    #[serde(default)]
    pub share_cards: bool,
    /// `badge.png` and `badge.svg` beside each award page, the badge image
    /// with the award baked in (about 100 KiB each), instead of the page's
    /// download buttons baking them in the visitor's browser (`bake.js`).
    #[serde(default)]
    pub baked_images: bool,
}

/// Values given on the command line that win over the file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub base_url: Option<String>,
    pub output: Option<PathBuf>,
    /// The key that signs the site's Open Badges 3.0 credentials at build
    /// (`--signing-key`, `ACCOLADE_SIGNING_KEY`). Never in the site folder.
    pub signing_key: Option<std::sync::Arc<crate::sign::key::SigningKey>>,
}

/// The resolved configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The `base_url` the site's files are written against, with a trailing `/`.
    pub source_base_url: String,
    /// The URL this build is published at (`--base-url`, else `source_base_url`).
    pub base_url: String,
    pub title: String,
    pub description: Option<String>,
    pub language: String,
    /// Absolute output folder.
    pub output: PathBuf,
    pub cname: Option<String>,
    pub list_earners: bool,
    /// Earners on one page of a badge class's list (`[gallery] earners_per_page`).
    pub earners_per_page: usize,
    /// URLs in one sitemap file (`[sitemap] urls_per_file`).
    pub sitemap_urls_per_file: usize,
    pub linkedin_organization_id: Option<u64>,
    /// Id prefixes hosted elsewhere on purpose (`external_ids`).
    pub external_ids: Vec<String>,
    pub per_award_files: PerAwardFiles,
    /// The key that signs the site's Open Badges 3.0 credentials
    /// (`[signing] public_key`), published in its DID document.
    pub public_key: Option<crate::sign::key::PublicKey>,
    /// `[signing] key_file`, resolved against the site folder.
    pub signing_key_file: Option<PathBuf>,
    /// `[signing] vc_jwt`: credentials also as VC-JWT.
    pub vc_jwt: bool,
    /// The site's `did:web` DID as written in its files (from
    /// `source_base_url`) and as built (from `base_url`).
    pub source_did: Option<String>,
    pub did: Option<String>,
    /// The bundled theme (`theme`).
    pub theme: &'static Bundled,
    /// `[colors]`, each a checked hex colour.
    pub colors: Colors,
}

impl Config {
    /// Reads `accolade.toml` from `site_dir`. Problems go to `problems`;
    /// `None` when the file cannot be used at all.
    pub fn load(site_dir: &Path, overrides: &Overrides, problems: &mut Problems) -> Option<Config> {
        let path = site_dir.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                problems.push(
                    Problem::error(Code::ConfigMissing, CONFIG_FILE, format!("cannot read the site configuration: {e}"))
                        .help(format!(
                            "is `{}` a site folder? It needs an {CONFIG_FILE} with at least `base_url = \"https://…/\"` (`accolade init` creates one)",
                            site_dir.display()
                        )),
                );
                return None;
            }
        };
        Self::parse(&text, site_dir, overrides, problems)
    }

    pub fn parse(text: &str, site_dir: &Path, overrides: &Overrides, problems: &mut Problems) -> Option<Config> {
        let raw: RawConfig = match toml::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                let mut p = Problem::error(Code::ConfigSyntax, CONFIG_FILE, e.message().to_string()).help(
                    "known keys: base_url, title, description, language, output, cname, external_ids, [gallery] list_earners and earners_per_page, [sharing] linkedin_organization_id [sitemap] urls_per_file, and [per_award_files] reports, share_cards and baked_images, and [signing] public_key, key_file and vc_jwt, theme, and [colors] accent and accent_dark",
                );
                if let Some(span) = e.span() {
                    let (l, c) = line_col(text, span.start);
                    p = p.at(l, c);
                }
                problems.push(p);
                return None;
            }
        };
        // Where a key is set: the first line that starts with it (not a
        // comment or a value that mentions it).
        let key_pos = |key: &str| -> (usize, usize) {
            let mut offset = 0;
            for line in text.split_inclusive('\n') {
                let rest = line.trim_start();
                if rest.strip_prefix(key).is_some_and(|after| after.trim_start().starts_with('=')) {
                    return line_col(text, offset + line.len() - rest.len());
                }
                offset += line.len();
            }
            line_col(text, 0)
        };
        let source_base_url = match normalize_base_url(&raw.base_url) {
            Ok(u) => u,
            Err(why) => {
                let (l, c) = key_pos("base_url");
                problems.push(
                    Problem::error(Code::ConfigBaseUrl, CONFIG_FILE, format!("base_url `{}` {why}", raw.base_url))
                        .at(l, c)
                        .help("write the absolute http(s) URL the site is published at, e.g. `https://org.github.io/course-badges/`"),
                );
                return None;
            }
        };
        let base_url = match &overrides.base_url {
            None => source_base_url.clone(),
            Some(u) => match normalize_base_url(u) {
                Ok(u) => u,
                Err(why) => {
                    problems.push(
                        Problem::error(Code::ConfigBaseUrl, "--base-url", format!("`{u}` {why}"))
                            .help("pass an absolute http(s) URL, e.g. `--base-url http://127.0.0.1:8000/`"),
                    );
                    return None;
                }
            },
        };
        let language = raw.language.unwrap_or_else(|| "en".to_string());
        if language.is_empty() || !language.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            let (l, c) = key_pos("language");
            problems.push(
                Problem::error(Code::ConfigLanguage, CONFIG_FILE, format!("language `{language}` is not a BCP 47 tag"))
                    .at(l, c)
                    .help("use a tag such as `en`, `de` or `pt-BR`"),
            );
        }
        if let Some(cname) = &raw.cname {
            let host_chars = cname.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
            if cname.is_empty() || cname.len() > 253 || !host_chars || cname.starts_with('.') || cname.contains("..") {
                let (l, c) = key_pos("cname");
                problems.push(
                    Problem::error(
                        Code::ConfigCname,
                        CONFIG_FILE,
                        format!("cname `{cname}` is not a bare domain name"),
                    )
                    .at(l, c)
                    .help("write only the host, e.g. `badges.example.org`"),
                );
            }
        }
        // `--output` is relative to where the command runs, `output` in the
        // file to the site folder, as a user of either would expect.
        let raw_output_set = overrides.output.is_none() && raw.output.is_some();
        let output = match (&overrides.output, raw.output) {
            (Some(o), _) if o.is_absolute() => o.clone(),
            (Some(o), _) => std::env::current_dir().map(|d| d.join(o)).unwrap_or_else(|_| o.clone()),
            (None, Some(o)) if o.is_absolute() => o,
            (None, Some(o)) => site_dir.join(o),
            (None, None) => site_dir.join(layout::DEFAULT_OUTPUT),
        };
        for prefix in &raw.external_ids {
            if let Err(why) = check_external_prefix(prefix, &source_base_url) {
                let (l, c) = key_pos("external_ids");
                problems.push(
                    Problem::error(Code::ConfigExternalIds, CONFIG_FILE, format!("external_ids entry `{prefix}` {why}"))
                        .at(l, c)
                        .help("list the URL prefixes another host publishes ids under, e.g. `external_ids = [\"https://partner.example/badges/\"]`"),
                );
            }
        }
        if let Some(title) = &raw.title {
            let chars = title.chars().count();
            if chars > MAX_NAME_CHARS {
                let (l, c) = key_pos("title");
                problems.push(
                    Problem::error(
                        Code::TextLength,
                        CONFIG_FILE,
                        format!("the title is {chars} characters long; names are limited to {}", MAX_NAME_CHARS),
                    )
                    .at(l, c)
                    .help("shorten it; the description can say more"),
                );
            }
        }
        let mut limit = |key: &str, value: Option<usize>, default: usize, most: usize| -> usize {
            match value {
                None => default,
                Some(v) if (1..=most).contains(&v) => v,
                Some(v) => {
                    let (l, c) = key_pos(key);
                    problems.push(
                        Problem::error(Code::ConfigLimit, CONFIG_FILE, format!("{key} is {v}; it must be 1 to {most}"))
                            .at(l, c)
                            .help(format!("leave it out for the default, {default}")),
                    );
                    default
                }
            }
        };
        let earners_per_page =
            limit("earners_per_page", raw.gallery.earners_per_page, DEFAULT_EARNERS_PER_PAGE, 100_000);
        let sitemap_urls_per_file =
            limit("urls_per_file", raw.sitemap.urls_per_file, layout::SITEMAP_MAX_URLS, layout::SITEMAP_MAX_URLS);
        if let Err(why) = layout::check_output_target(&output, site_dir) {
            let (l, c) = if raw_output_set { key_pos("output") } else { (0, 0) };
            let blamed = if overrides.output.is_some() { "--output" } else { CONFIG_FILE };
            let mut p = Problem::error(Code::ConfigOutput, blamed, why);
            if l > 0 {
                p = p.at(l, c);
            }
            problems.push(p.help("choose an output folder outside the site's content folders"));
        }
        let public_key = match raw.signing.public_key.as_deref().map(crate::sign::key::PublicKey::from_multibase) {
            None => None,
            Some(Ok(key)) => Some(key),
            Some(Err(why)) => {
                let (l, c) = key_pos("public_key");
                problems.push(
                    Problem::error(Code::ConfigSyntax, CONFIG_FILE, format!("[signing] public_key: {why}"))
                        .at(l, c)
                        .help("write the public key `accolade keygen` printed (it starts with `z6Mk`)"),
                );
                None
            }
        };
        let theme = themes::theme_of(raw.theme.as_deref(), &key_pos, problems);
        let colors = themes::colors_of(raw.colors, theme, &key_pos, problems);
        Some(Config {
            theme,
            colors,
            signing_key_file: raw.signing.key_file.map(|f| site_dir.join(f)),
            vc_jwt: raw.signing.vc_jwt,
            source_did: crate::sign::did::did_web_of(&source_base_url),
            did: crate::sign::did::did_web_of(&base_url),
            public_key,
            source_base_url,
            base_url,
            title: raw.title.unwrap_or_else(|| "Badges".to_string()),
            description: raw.description,
            language,
            output,
            cname: raw.cname,
            list_earners: raw.gallery.list_earners,
            earners_per_page,
            sitemap_urls_per_file,
            linkedin_organization_id: raw.sharing.linkedin_organization_id,
            external_ids: raw.external_ids,
            per_award_files: raw.per_award_files,
        })
    }

    /// The absolute URL of a site-relative path (`badges/m1/`).
    pub fn url(&self, rel: &str) -> String {
        format!("{}{}", self.base_url, rel)
    }

    /// The path of the base URL (`/course-badges/`), for links that must work
    /// from any depth, like the 404 page's.
    pub fn base_path(&self) -> String {
        urls::parse(&self.base_url).map(|p| p.path.to_string()).filter(|p| !p.is_empty()).unwrap_or_else(|| "/".into())
    }

    /// Re-roots a URL written against the source `base_url` to the build's.
    /// The site's DID (`did:web:…`) and its key ids (`did:web:…#key-1`) are
    /// re-rooted alike.
    pub fn reroot(&self, url: &str) -> Option<String> {
        if let Some(rest) = url.strip_prefix(&self.source_base_url) {
            return Some(format!("{}{}", self.base_url, rest));
        }
        let (from, to) = (self.source_did.as_deref()?, self.did.as_deref()?);
        let rest = url.strip_prefix(from).filter(|rest| rest.is_empty() || rest.starts_with('#'))?;
        Some(format!("{to}{rest}"))
    }

    /// Whether `id` is under one of the `external_ids` prefixes.
    pub fn is_external_id(&self, id: &str) -> bool {
        self.external_ids.iter().any(|prefix| id.starts_with(prefix.as_str()))
    }

    /// The site-relative path of a URL under the build's base URL.
    pub fn site_path<'a>(&self, url: &'a str) -> Option<&'a str> {
        url.strip_prefix(&self.base_url)
    }
}

/// An `external_ids` entry: an absolute http(s) URL with a path that ends in
/// `/` (so `https://a.org/b` cannot also cover `https://a.org/badges/`), not
/// covering the site's own `base_url`.
fn check_external_prefix(prefix: &str, base_url: &str) -> Result<(), String> {
    if !urls::is_web_url(prefix) || prefix.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("is not an absolute http(s) URL".into());
    }
    if !prefix.ends_with('/') {
        return Err("must end with `/`, so that it names a folder of ids".into());
    }
    if base_url.starts_with(prefix) {
        return Err(format!("covers the site's own base_url `{base_url}`"));
    }
    Ok(())
}

/// Checks a base URL and gives it exactly one trailing slash.
/// The site folder a command run in `start` works on when none is given:
/// `start` or the nearest folder above it with an accolade.toml, as cargo
/// finds Cargo.toml. Returned relative (`.`, `..`, `../..`) when `start` is
/// relative, so messages name short paths.
pub fn find_site_dir(start: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(start).ok()?;
    let (depth, _) = absolute.ancestors().enumerate().find(|(_, dir)| dir.join(CONFIG_FILE).is_file())?;
    let mut found = if depth > 0 && start == Path::new(".") { PathBuf::new() } else { start.to_path_buf() };
    for _ in 0..depth {
        found.push("..");
    }
    Some(found)
}

pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let parts = urls::parse(url).ok_or("is not an absolute URL")?;
    if !matches!(parts.scheme, "http" | "https") {
        return Err("must start with http:// or https://".into());
    }
    if parts.query.is_some() || parts.fragment.is_some() {
        return Err("must not have a query or fragment".into());
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must not contain spaces".into());
    }
    // The 404 page links by absolute path: a path starting `//` would be a
    // link to another host, and odd characters would need escaping in URLs.
    let bad_host = || format!("has no valid host name (`{}`)", parts.authority);
    let (host_ok, port) = match parts.authority.strip_prefix('[') {
        // An IPv6 literal: `[::1]` or `[::1]:8080`.
        Some(rest) => {
            let (inside, after) = rest.split_once(']').ok_or_else(bad_host)?;
            let port = match after {
                "" => None,
                p => Some(p.strip_prefix(':').ok_or_else(bad_host)?),
            };
            (!inside.is_empty() && inside.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.'), port)
        }
        None => {
            let (host, port) = match parts.authority.split_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (parts.authority, None),
            };
            (!host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'), port)
        }
    };
    if !host_ok || port.is_some_and(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit())) {
        return Err(bad_host());
    }
    let path = parts.path.trim_end_matches('/');
    if path.contains("//") || path.split('/').any(|seg| seg == "." || seg == "..") {
        return Err("has an empty, `.` or `..` segment in its path".into());
    }
    if let Some(c) = path.chars().find(|c| !(c.is_ascii_alphanumeric() || "/-._~".contains(*c))) {
        return Err(format!("has `{c}` in its path; use letters, digits, `-`, `_`, `.` and `~`"));
    }
    Ok(format!("{}/", url.trim_end_matches('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_folder_is_found_upward() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("assertions/2026");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(find_site_dir(&deep), None);
        std::fs::write(dir.path().join(CONFIG_FILE), "base_url = \"https://example.org/\"\n").unwrap();
        let found = find_site_dir(&deep).unwrap();
        assert_eq!(found, deep.join("..").join(".."));
        assert_eq!(found.canonicalize().unwrap(), dir.path().canonicalize().unwrap());
        assert_eq!(find_site_dir(dir.path()).unwrap(), dir.path());
    }

    fn parse(text: &str) -> (Option<Config>, Problems) {
        let mut ps = Problems::default();
        let c = Config::parse(text, Path::new("/site"), &Overrides::default(), &mut ps);
        (c, ps)
    }

    #[test]
    fn defaults() {
        let (c, ps) = parse("base_url = \"https://org.github.io/course\"\n");
        let c = c.unwrap();
        assert!(!ps.has_errors());
        assert_eq!(c.base_url, "https://org.github.io/course/");
        assert_eq!(c.base_path(), "/course/");
        assert_eq!(c.language, "en");
        assert_eq!(c.output, PathBuf::from("/site/public"));
        assert!(!c.list_earners);
    }

    #[test]
    fn base_urls() {
        for ok in
            ["https://o.github.io/b", "http://127.0.0.1:8000/", "https://[::1]:8080/x/", "https://a.org/~me/b-1_2/"]
        {
            assert!(normalize_base_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "https://https://a.org/x/",
            "https://a.org//x/",
            "https://a.org/../x/",
            "https://a.org:/x/",
            "https://a.org:8o/x/",
            "https://a b.org/",
            "https://a.org/x\"y/",
            "https://user@a.org/",
            "ftp://a.org/",
            "https://[x\"y@evil]:1/",
            "https://[::1]x/",
            "https://a.org/%2e%2e/x/",
        ] {
            assert!(normalize_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn hostile_values_are_errors() {
        let base = "base_url = \"https://a.org/\"\n";
        for (extra, code, line) in [
            ("output = \"assertions/out\"\n", "config.output", 2),
            ("output = \"..\"\n", "config.output", 2),
            ("cname = \"a.example\\nb.example\"\n", "config.cname", 2),
            ("cname = \"a.example/\"\n", "config.cname", 2),
        ] {
            let (_, ps) = parse(&format!("{base}{extra}"));
            let p = ps.iter().find(|p| p.is_error()).unwrap_or_else(|| panic!("no error for {extra}"));
            assert_eq!((p.code.as_str(), p.line), (code, Some(line)), "{extra}: {p}");
        }
        let (_, ps) = parse(&format!("{base}title = \"{}\"\n", "x".repeat(1001)));
        assert_eq!(ps.iter().map(|p| p.code).collect::<Vec<_>>(), ["text.length"]);
        let (_, ps) = parse(&format!("{base}title = \"{}\"\noutput = \"site-out\"\n", "x".repeat(1000)));
        assert!(!ps.has_errors(), "{:?}", ps.iter().map(|p| p.to_string()).collect::<Vec<_>>());
    }

    #[test]
    fn listing_limits_default_and_are_bounded() {
        let (c, ps) = parse("base_url = \"https://a.org/\"\n");
        let c = c.unwrap();
        assert!(ps.0.is_empty());
        assert_eq!((c.earners_per_page, c.sitemap_urls_per_file), (100, 50_000));
        let (c, _) =
            parse("base_url = \"https://a.org/\"\n[gallery]\nearners_per_page = 7\n[sitemap]\nurls_per_file = 9\n");
        assert_eq!(c.map(|c| (c.earners_per_page, c.sitemap_urls_per_file)), Some((7, 9)));
        let (_, ps) =
            parse("base_url = \"https://a.org/\"\n[gallery]\nearners_per_page = 0\n[sitemap]\nurls_per_file = 50001\n");
        assert!(ps.0.iter().all(|p| p.code == "config.limit"), "{:?}", ps.0);
        assert_eq!(ps.0.iter().map(|p| p.line).collect::<Vec<_>>(), [Some(3), Some(5)]);
    }

    #[test]
    fn unknown_key_is_an_error_with_position() {
        let (c, ps) = parse("base_url = \"https://a.org/\"\n\n[gallery]\nlist_earner = true\n");
        assert!(c.is_none());
        let p = &ps.0[0];
        assert_eq!(p.code, "config.syntax");
        assert_eq!(p.line, Some(4));
        assert!(p.message.contains("unknown field `list_earner`"), "{}", p.message);
    }

    #[test]
    fn theme_and_colours() {
        let (c, ps) = parse("base_url = \"https://a.org/\"\n");
        assert_eq!(c.unwrap().theme.name, "default");
        assert!(ps.0.is_empty());
        let text = "# the theme = of the site\nbase_url = \"https://a.org/\"\ntheme = \"certificate\"\n[colors]\naccent = \"#0B5CAD\"\naccent_dark = \"#8cc4ff\"\n";
        let (c, ps) = parse(text);
        let c = c.unwrap();
        assert!(ps.0.is_empty(), "{:?}", ps.0);
        assert_eq!((c.theme.name, c.colors.accent.as_deref()), ("certificate", Some("#0b5cad")));
        let (_, ps) = parse("# theme = \"x\"\nbase_url = \"https://a.org/\"\ntheme = \"fancy\"\n");
        let p = &ps.0[0];
        assert_eq!((p.code.as_str(), p.line), ("config.theme", Some(3)));
        assert!(p.help.as_deref().unwrap_or("").contains("default, certificate"), "{p}");
        let (_, ps) =
            parse("base_url = \"https://a.org/\"\n[colors]\naccent = \"red;}body{\"\naccent_dark = \"#ff\"\n");
        let found: Vec<_> = ps.iter().map(|p| (p.code.as_str(), p.line, p.is_error())).collect();
        assert_eq!(found, [("config.colors", Some(3), true), ("config.colors", Some(4), true)]);
        // Pale yellow links on white, dark blue on a dark page: warnings.
        let (c, ps) =
            parse("base_url = \"https://a.org/\"\n[colors]\naccent = \"#ffe680\"\naccent_dark = \"#0b5cad\"\n");
        let found: Vec<_> = ps.iter().map(|p| (p.code.as_str(), p.line, p.is_error())).collect();
        assert_eq!(found, [("config.colors", Some(3), false), ("config.colors", Some(4), false)]);
        assert!(c.is_some());
    }

    #[test]
    fn bad_base_url() {
        let (c, ps) = parse("title = \"x\"\nbase_url = \"ftp://a.org\"\n");
        assert!(c.is_none());
        assert_eq!(ps.0[0].code, "config.base_url");
        assert_eq!(ps.0[0].line, Some(2));
    }

    #[test]
    fn external_ids() {
        let (c, ps) = parse("base_url = \"https://a.org/b/\"\nexternal_ids = [\"https://partner.org/x/\"]\n");
        assert!(!ps.has_errors());
        let c = c.unwrap();
        assert!(c.is_external_id("https://partner.org/x/badge.json"));
        assert!(!c.is_external_id("https://partner.org/y.json"));
        for bad in ["\"https://partner.org/x\"", "\"partner\"", "\"https://a.org/\""] {
            let (_, ps) = parse(&format!("base_url = \"https://a.org/b/\"\nexternal_ids = [{bad}]\n"));
            let codes: Vec<_> = ps.iter().map(|p| (p.code.as_str(), p.line)).collect();
            assert_eq!(codes, [("config.external_ids", Some(2))], "{bad}");
        }
    }

    #[test]
    fn override_reroots() {
        let mut ps = Problems::default();
        let o = Overrides { base_url: Some("http://127.0.0.1:8000".into()), output: None, signing_key: None };
        let c = Config::parse("base_url = \"https://a.org/b/\"", Path::new("/s"), &o, &mut ps).unwrap();
        assert_eq!(c.reroot("https://a.org/b/x.json").unwrap(), "http://127.0.0.1:8000/x.json");
        assert_eq!(c.reroot("https://other.org/x.json"), None);
        assert_eq!(c.base_path(), "/");
    }
}
