//! `accolade move`: the site is published at a new base URL. Every id and URL
//! under the old prefix, in every object file of the site folder (issuers,
//! badge classes, awards, revocation lists, with their images, criteria,
//! `recipientProfile` contexts and policies), is rewritten to the new base
//! URL, and `base_url` in `accolade.toml` is set to it.
//!
//! Files are edited as text: each JSON string value that starts with the old
//! prefix is replaced by its new value, encoded again, and every other byte
//! of the file (indentation, key order, escapes elsewhere) stays as written,
//! so the change is one line per URL in `git diff`. Keys are never changed.
//!
//! All or nothing: under the site's lock, every changed file is written to a
//! temporary file first, and only when all are written are they renamed over
//! the originals.

use super::{load_config, Folder};
use crate::config::{normalize_base_url, Config, Overrides};
use crate::diag::Problems;
use crate::layout::{self, site_prefix_of};
use crate::model::is_external;
use crate::util::fs::{display_path, write_temporary};
use anyhow::{anyhow, bail, Context as _, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub struct MoveOptions {
    /// The new base URL; default the configured `base_url` (after it was
    /// changed by hand).
    pub to: Option<String>,
    /// The prefix to replace; default the configured `base_url` when moving
    /// away from it, else the prefix most ids outside `base_url` share.
    pub from: Option<String>,
    pub dry_run: bool,
}

/// What a move changes (or, with `dry_run`, would change).
#[derive(Debug, serde::Serialize)]
pub struct MovePlan {
    pub from: String,
    pub to: String,
    /// Changed files, relative to the site folder, with how many URLs each.
    pub files: Vec<(String, usize)>,
    /// Whether `base_url` in `accolade.toml` changes.
    pub config_changed: bool,
}

impl MovePlan {
    pub fn url_count(&self) -> usize {
        self.files.iter().map(|(_, n)| n).sum()
    }
}

pub fn move_site(dir: &Path, options: &MoveOptions) -> Result<MovePlan> {
    // A dry run writes nothing, not even the lock file.
    let _lock = if options.dry_run { None } else { Some(Folder::lock(dir)?) };
    let config = load_config(dir)?;
    let to = match &options.to {
        Some(u) => normalize_base_url(u).map_err(|why| anyhow!("--to `{u}` {why}"))?,
        None => config.source_base_url.clone(),
    };
    let from = match &options.from {
        Some(u) => normalize_base_url(u).map_err(|why| anyhow!("--from `{u}` {why}"))?,
        None if to != config.source_base_url => config.source_base_url.clone(),
        // Every id already under `to`: the move is done (running it twice is fine).
        None => most_common_outside_prefix(dir, &config, &to)?.unwrap_or_else(|| to.clone()),
    };
    if from == to {
        return Ok(MovePlan { from, to, files: Vec::new(), config_changed: false });
    }
    let mut plan = MovePlan { from: from.clone(), to: to.clone(), files: Vec::new(), config_changed: false };
    let mut writes: Vec<(PathBuf, String)> = Vec::new();
    for path in object_files(dir)? {
        let rel = display_path(dir, &path);
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read `{rel}`"))?;
        let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
        if let Err(e) = serde_json::from_str::<serde_json::Value>(body) {
            bail!("`{rel}` is not valid JSON ({e}); fix it first (`accolade check` shows where), then move");
        }
        let (new_text, count) = rewrite_strings(&text, &from, &to);
        if count > 0 {
            plan.files.push((rel, count));
            writes.push((path, new_text));
        }
    }
    if config.source_base_url != to {
        let config_path = dir.join(layout::CONFIG_FILE);
        let text = std::fs::read_to_string(&config_path)?;
        writes.push((config_path, with_base_url(&text, &to, dir)?));
        plan.config_changed = true;
    }
    if !options.dry_run {
        write_all_or_nothing(&writes)?;
    }
    Ok(plan)
}

/// The prefix most of the site's own ids share when they are not under `to`
/// (nor hosted elsewhere on purpose): where the site was before `base_url`
/// was edited by hand.
fn most_common_outside_prefix(dir: &Path, config: &Config, to: &str) -> Result<Option<String>> {
    let folder = Folder::read(dir)?;
    let l = &folder.loaded;
    let tops = l
        .issuers
        .iter()
        .filter(|d| d.at.0.is_empty())
        .map(|d| (d.data.id.as_deref(), &d.raw))
        .chain(l.badges.iter().filter(|d| d.at.0.is_empty()).map(|d| (d.data.id.as_deref(), &d.raw)))
        .chain(l.assertions.iter().map(|d| (d.data.id.as_deref(), &d.raw)))
        .chain(l.revocation_lists.iter().map(|d| (d.data.id.as_deref(), &d.raw)));
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (id, raw) in tops {
        let Some(id) = id else { continue };
        if id.starts_with(to) || is_external(raw) || config.is_external_id(id) {
            continue;
        }
        if let Some(prefix) = site_prefix_of(id) {
            *counts.entry(prefix).or_default() += 1;
        }
    }
    // Ties go to the alphabetically first prefix, so the answer is stable.
    let best = counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
    Ok(best.map(|(prefix, _)| prefix))
}

/// The object files of the site folder, as the site reader finds them:
/// `issuer.json`, `revocations.json` and the JSON files of `issuers/`,
/// `badges/`, `assertions/` (with sub-folders) and `revocations/`. Links and
/// hidden files are skipped, as the reader skips them.
fn object_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for (sub, recursive) in [
        (layout::ISSUER_FILE, false),
        (layout::REVOCATIONS_FILE, false),
        (layout::ISSUERS, false),
        (layout::BADGES, false),
        (layout::ASSERTIONS, true),
        (layout::REVOCATIONS, false),
    ] {
        let root = dir.join(sub);
        if std::fs::symlink_metadata(&root).map(|m| m.file_type().is_symlink()).unwrap_or(true) {
            continue;
        }
        let walker = WalkDir::new(&root).max_depth(if recursive { usize::MAX } else { 1 }).sort_by_file_name();
        for entry in walker {
            let entry = entry.with_context(|| format!("cannot read `{}`", root.display()))?;
            let name = entry.file_name().to_string_lossy();
            let is_json = Path::new(&*name).extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
            if entry.file_type().is_file() && is_json && !name.starts_with('.') {
                out.push(entry.into_path());
            }
        }
    }
    Ok(out)
}

/// `value` moved from `from` to `to`, if it is under `from`. When the new
/// base is inside the old one, URLs already under the new one stay.
fn moved(value: &str, from: &str, to: &str) -> Option<String> {
    if to.starts_with(from) && value.starts_with(to) {
        return None;
    }
    if let Some(rest) = value.strip_prefix(from) {
        return Some(format!("{to}{rest}"));
    }
    // The bare base URL without its slash (an issuer's `url`).
    (value == from.trim_end_matches('/')).then(|| to.trim_end_matches('/').to_string())
}

/// Rewrites the JSON string values of `text` (not keys) that start with
/// `from`, leaving every other byte as it is. `text` must be valid JSON:
/// outside strings, a `"` can only open one.
fn rewrite_strings(text: &str, from: &str, to: &str) -> (String, usize) {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut copied, mut i, mut count) = (0, 0, 0);
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < bytes.len() && bytes[i] != b'"' {
            i += if bytes[i] == b'\\' { 2 } else { 1 };
        }
        let end = (i + 1).min(bytes.len());
        i = end;
        if text[end..].trim_start().starts_with(':') {
            continue; // a key
        }
        let Ok(value) = serde_json::from_str::<String>(&text[start..end]) else { continue };
        let Some(new) = moved(&value, from, to) else { continue };
        out.push_str(&text[copied..start]);
        out.push_str(&serde_json::to_string(&new).expect("a string serialises"));
        copied = end;
        count += 1;
    }
    out.push_str(&text[copied..]);
    (out, count)
}

/// `accolade.toml` with its `base_url` line set to `to`; comments and every
/// other line stay as written. The result is read back to make sure it is
/// still a valid configuration.
fn with_base_url(text: &str, to: &str, dir: &Path) -> Result<String> {
    let mut replaced = false;
    let mut in_table = false;
    let mut lines: Vec<String> = Vec::new();
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        in_table |= trimmed.starts_with('[');
        let is_key = trimmed.strip_prefix("base_url").is_some_and(|rest| rest.trim_start().starts_with('='));
        if !in_table && !replaced && is_key {
            let indent = &line[..line.len() - trimmed.len()];
            let newline = if line.ends_with("\r\n") {
                "\r\n"
            } else if line.ends_with('\n') {
                "\n"
            } else {
                ""
            };
            lines.push(format!("{indent}base_url = \"{to}\"{newline}"));
            replaced = true;
        } else {
            lines.push(line.to_string());
        }
    }
    if !replaced {
        bail!("cannot find the `base_url = …` line in {}", layout::CONFIG_FILE);
    }
    let new = lines.concat();
    let mut problems = Problems::default();
    match Config::parse(&new, dir, &Overrides::default(), &mut problems) {
        Some(c) if c.source_base_url == to && !problems.has_errors() => Ok(new),
        _ => bail!("{} would not be valid with base_url `{to}`; edit it by hand", layout::CONFIG_FILE),
    }
}

/// Writes every file to a temporary file beside it, then renames them all;
/// if any temporary file cannot be written, they are removed and no file has
/// changed.
fn write_all_or_nothing(writes: &[(PathBuf, String)]) -> Result<()> {
    let mut temps = Vec::new();
    for (path, text) in writes {
        match write_temporary(path, text.as_bytes()) {
            Ok(tmp) => temps.push(tmp),
            Err(e) => {
                for tmp in &temps {
                    let _ = std::fs::remove_file(tmp);
                }
                return Err(e.context("nothing was changed"));
            }
        }
    }
    for ((path, _), tmp) in writes.iter().zip(&temps) {
        std::fs::rename(tmp, path).with_context(|| format!("cannot replace `{}`", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_values_not_keys_and_keeps_formatting() {
        let text = "{\n  \"id\":  \"https://old.org/b/x.json\",\n  \"https://old.org/b/k\": [\"https://old.org/b/\", \"https://old.org/bb\", \"a\\\"b\"],\n  \"url\": \"https://old.org/b\"\n}\n";
        let (new, n) = rewrite_strings(text, "https://old.org/b/", "https://new.io/c/");
        assert_eq!(n, 3);
        assert_eq!(
            new,
            "{\n  \"id\":  \"https://new.io/c/x.json\",\n  \"https://old.org/b/k\": [\"https://new.io/c/\", \"https://old.org/bb\", \"a\\\"b\"],\n  \"url\": \"https://new.io/c\"\n}\n"
        );
    }

    #[test]
    fn moving_into_a_sub_path_moves_once() {
        assert_eq!(
            moved("https://a.org/x.json", "https://a.org/", "https://a.org/b/").as_deref(),
            Some("https://a.org/b/x.json")
        );
        assert_eq!(moved("https://a.org/b/x.json", "https://a.org/", "https://a.org/b/"), None);
    }

    #[test]
    fn sets_base_url_keeping_comments() {
        let text =
            "# the address\nbase_url = \"https://old.org/\" # here\ntitle = \"T\"\n[gallery]\nlist_earners = false\n";
        let new = with_base_url(text, "https://new.io/c/", Path::new("/s")).unwrap();
        assert_eq!(
            new,
            "# the address\nbase_url = \"https://new.io/c/\"\ntitle = \"T\"\n[gallery]\nlist_earners = false\n"
        );
    }
}
