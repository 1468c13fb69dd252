//! `accolade init`: a new site folder that builds at once: a commented
//! configuration, an issuer, a badge class with its image and criteria, one
//! award, and a GitHub Actions workflow that checks, builds and publishes it
//! on GitHub Pages.

use super::issue::{self, Expiry, IssueOptions, Recipient, Summary};
use crate::util::fs::create_new;
use anyhow::{bail, Context as _, Result};
use std::path::Path;

/// The skeleton, by path in the new folder.
const FILES: &[(&str, &str)] = &[
    ("accolade.toml", include_str!("skeleton/accolade.toml")),
    ("issuers/organisation.json", include_str!("skeleton/issuer.json")),
    ("issuers/organisation.svg", include_str!("skeleton/organisation.svg")),
    ("badges/first-badge.json", include_str!("skeleton/first-badge.json")),
    ("badges/first-badge.md", include_str!("skeleton/first-badge.md")),
    ("badges/first-badge.svg", include_str!("skeleton/first-badge.svg")),
    (".gitignore", include_str!("skeleton/gitignore")),
    (".github/workflows/publish.yml", include_str!("skeleton/publish.yml")),
];

/// The workflow file, as `init` writes it (also used by this repository).
pub fn workflow() -> String {
    fill(include_str!("skeleton/publish.yml"), "", "")
}

use crate::check::placeholders;
/// The sample award's recipient.
pub use crate::check::placeholders::SAMPLE_EMAIL;

pub struct InitOptions {
    pub base_url: String,
    pub title: String,
    /// A bundled theme to select and write out for editing (`--theme`).
    pub theme: Option<String>,
}

/// Creates the site in `dir`, which must be empty or missing (a `.git`
/// folder alone is fine). Returns the files written.
pub fn init(dir: &Path, options: &InitOptions) -> Result<Vec<String>> {
    let base_url =
        crate::config::normalize_base_url(&options.base_url).map_err(|why| anyhow::anyhow!("--base-url {why}"))?;
    let theme = match &options.theme {
        None => crate::themes::DEFAULT,
        Some(name) => crate::themes::bundled(name).map(|t| t.name).ok_or_else(|| {
            anyhow::anyhow!(
                "--theme `{name}` is not a bundled theme; the bundled themes are {}",
                crate::themes::bundled_names()
            )
        })?,
    };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).with_context(|| format!("cannot read `{}`", dir.display()))?;
        if let Some(e) = entries.find_map(|e| e.ok().filter(|e| e.file_name() != crate::layout::GIT)) {
            bail!(
                "`{}` is not empty (it has `{}`); accolade init only fills an empty folder",
                dir.display(),
                e.file_name().to_string_lossy()
            );
        }
    }
    let write_theme_out = options.theme.is_some();
    let mut written = Vec::new();
    for (path, text) in FILES {
        let target = dir.join(path);
        create_new(&target, fill(text, &base_url, &options.title).replace("{{THEME}}", theme).as_bytes())?;
        written.push(path.to_string());
    }
    let mut summary = Summary::default();
    let sample = Recipient {
        email: SAMPLE_EMAIL.into(),
        name: Some("Ada Example".into()),
        evidence: vec![issue::EvidenceArg {
            url: "https://github.com/".into(),
            narrative: Some(placeholders::SAMPLE_EVIDENCE_NARRATIVE.into()),
        }],
        line: None,
    };
    let options = IssueOptions {
        badge: "first-badge".into(),
        issued_on: None,
        expiry: Expiry::Never,
        narrative: None,
        dry_run: false,
        ob3: false,
    };
    issue::issue(dir, &options, vec![sample], &mut summary)?;
    written.extend(summary.issued.into_iter().filter_map(|i| i.file));
    if write_theme_out {
        written.extend(crate::edit::eject::eject(dir, Some(theme), false)?.files);
    }
    Ok(written)
}

fn fill(text: &str, base_url: &str, title: &str) -> String {
    text.replace("{{BASE_URL}}", base_url)
        .replace("{{TITLE}}", &title.replace('\\', "\\\\").replace('"', "\\\""))
        .replace("{{ACCOLADE_VERSION}}", env!("CARGO_PKG_VERSION"))
        .replace("{{ACCOLADE_REPOSITORY}}", action_repository())
}

/// The GitHub `owner/name` of accolade's repository, whose root holds the
/// composite action the workflow uses (from Cargo.toml's `repository`).
fn action_repository() -> &'static str {
    let url = env!("CARGO_PKG_REPOSITORY");
    url.strip_prefix("https://github.com/").unwrap_or(url).trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The placeholders `check` warns about are exactly what the skeleton
    /// writes: changing one without the other fails here.
    #[test]
    fn the_skeleton_writes_the_listed_placeholders() {
        let all: String =
            FILES.iter().map(|(_, text)| fill(text, placeholders::BASE_URL, placeholders::TITLE)).collect();
        for p in [
            placeholders::BASE_URL,
            placeholders::ISSUER_EMAIL,
            placeholders::ISSUER_DESCRIPTION,
            placeholders::BADGE_DESCRIPTION_HINT,
            placeholders::CRITERIA_HINT,
            &format!("\"name\": \"{}\"", placeholders::TITLE),
        ] {
            assert!(all.contains(p), "the skeleton no longer writes `{p}`");
        }
    }

    #[test]
    fn a_theme_is_selected_and_written_out() {
        let tmp = tempfile::tempdir().unwrap();
        let options = |theme: &str| InitOptions {
            base_url: "https://o.github.io/c/".into(),
            title: "C".into(),
            theme: Some(theme.into()),
        };
        let err = init(&tmp.path().join("a"), &options("fancy")).unwrap_err().to_string();
        assert!(err.contains("default, certificate"), "{err}");
        assert!(!tmp.path().join("a").exists(), "nothing is written for an unknown theme");
        let site = tmp.path().join("b");
        let written = init(&site, &options("certificate")).unwrap();
        assert!(
            written.contains(&"templates/award.html".to_string()) && written.contains(&"theme/site.css".to_string())
        );
        let config = std::fs::read_to_string(site.join("accolade.toml")).unwrap();
        assert!(config.contains("\ntheme = \"certificate\"\n"), "{config}");
        let mut problems = crate::diag::Problems::default();
        let loaded = crate::config::Config::load(&site, &Default::default(), &mut problems).unwrap();
        assert_eq!(loaded.theme.name, "certificate");
    }
}
