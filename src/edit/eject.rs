//! `accolade eject`: a bundled theme's templates and files written into a
//! site's `templates/` and `theme/` folders for editing. Each written file
//! then replaces the theme's of the same name (and no longer gets the
//! theme's fixes), so a site keeps only those it changes.

use crate::config::{Config, Overrides};
use crate::diag::Problems;
use crate::layout;
use crate::themes::{self as theme, Bundled};
use anyhow::{anyhow, bail, Result};
use std::path::Path;

/// What eject writes: the theme and the files, relative to the site folder.
#[derive(Debug)]
pub struct Ejected {
    pub theme: &'static str,
    pub files: Vec<String>,
}

/// Writes the theme `name` (default: the one the site's accolade.toml
/// selects) into `dir`. Refuses, writing nothing, when a file it would
/// write exists, unless `force`.
pub fn eject(dir: &Path, name: Option<&str>, force: bool) -> Result<Ejected> {
    let theme = match name {
        Some(name) => theme::bundled(name).ok_or_else(|| {
            anyhow!("`{name}` is not a bundled theme; the bundled themes are {}", theme::bundled_names())
        })?,
        None => configured_theme(dir)?,
    };
    let files = files_of(theme);
    let existing: Vec<&str> =
        files.iter().filter(|(rel, _)| dir.join(rel).exists()).map(|(rel, _)| rel.as_str()).collect();
    if !existing.is_empty() && !force {
        bail!(
            "{} has its own copy of these theme files already: {}; nothing was written (--force replaces them)",
            dir.display(),
            existing.join(", ")
        );
    }
    for (rel, bytes) in &files {
        crate::util::fs::replace_atomically(&dir.join(rel), bytes)?;
    }
    Ok(Ejected { theme: theme.name, files: files.into_iter().map(|(rel, _)| rel).collect() })
}

/// The theme a site folder's accolade.toml selects; its errors are reported.
fn configured_theme(dir: &Path) -> Result<&'static Bundled> {
    let mut problems = Problems::default();
    match Config::load(dir, &Overrides::default(), &mut problems) {
        Some(config) if !problems.has_errors() => Ok(config.theme),
        _ => bail!("{}", problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n")),
    }
}

/// Every template and theme file of `theme`, by path in a site folder.
fn files_of(theme: &Bundled) -> Vec<(String, &'static [u8])> {
    let templates = theme.templates().map(|(name, text)| (format!("{}/{name}", layout::TEMPLATES), text.as_bytes()));
    let files = theme.files().map(|(name, bytes)| (format!("{}/{name}", layout::THEME), bytes));
    templates.chain(files).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_every_file_and_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("accolade.toml"), "base_url = \"https://a.org/\"\ntheme = \"certificate\"\n")
            .unwrap();
        let ejected = eject(dir.path(), None, false).unwrap();
        assert_eq!(ejected.theme, "certificate");
        let css = std::fs::read(dir.path().join("theme/site.css")).unwrap();
        assert_eq!(css, theme::bundled("certificate").unwrap().file(theme::CSS).unwrap());
        assert!(dir.path().join("templates/award.html").is_file());
        assert!(ejected.files.contains(&"theme/fonts/DejaVuSans.ttf".to_string()));
        std::fs::write(dir.path().join("templates/award.html"), "mine").unwrap();
        let err = eject(dir.path(), Some("default"), false).unwrap_err().to_string();
        assert!(err.contains("templates/award.html") && err.contains("nothing was written"), "{err}");
        assert_eq!(std::fs::read_to_string(dir.path().join("templates/award.html")).unwrap(), "mine");
        eject(dir.path(), Some("default"), true).unwrap();
        assert_ne!(std::fs::read_to_string(dir.path().join("templates/award.html")).unwrap(), "mine");
        assert!(eject(dir.path(), Some("fancy"), false).unwrap_err().to_string().contains("default, certificate"));
    }
}
