//! Skipping a build when nothing changed.
//!
//! Before loading the site, a build hashes everything its output depends on
//! (the inputs' fingerprint): every file of the site folder (path and bytes;
//! the output folder, accolade's own files beside it and `.git` excepted),
//! the options given on the command line, `SOURCE_DATE_EPOCH`, and the
//! accolade program itself (its version, size and modification time, which
//! covers the built-in templates and theme). The only other thing an output
//! depends on is today's date, through the awards that expire (or whose issue
//! date is still to come): a build notes the first such date after its "now",
//! and its output holds until then.
//!
//! After the output is swapped in, the build writes a record beside it,
//! `.<output>.accolade-build` (not in it, so that nothing of it is published
//! and two builds of one site give byte-identical folders): the inputs'
//! fingerprint, the date it holds until, and a digest of the output as it
//! lies on disk (every path, size, inode and modification time). The next
//! build is skipped when the fingerprint is the same, the date has not come
//! and the output's digest still matches. Since the digest names the very
//! files on disk, a record that does not describe the current output (a
//! build killed between its swap and its record, two builds racing, files
//! edited or removed by hand) never matches, and the build simply runs. The
//! record is written to a temporary file and renamed, so it is whole or
//! absent.

use crate::check::report::Report;
use crate::config::{Config, Overrides};
use crate::library::{Award, Library};
use crate::util::fs::absolute;
use crate::util::hash::hex;
use anyhow::{Context as _, Result};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

const RECORD_VERSION: &str = "accolade build record 1";

/// The fingerprint of a site's inputs, and where its build record lives.
pub struct Inputs {
    digest: String,
    /// The digest of every input but the award files (`assertions/`): what
    /// any page may depend on.
    shared: String,
    /// Each file's digest, by its `/`-separated path in the site folder.
    files: HashMap<String, String>,
    output: PathBuf,
    record: PathBuf,
}

impl Inputs {
    /// Hashes the inputs of the site in `dir` built to `config.output`.
    pub fn read(dir: &Path, config: &Config, overrides: &Overrides) -> Result<Inputs> {
        let output = absolute(&config.output)?;
        let record = crate::layout::build_record(&output);
        let mut h = Sha256::new();
        h.update(RECORD_VERSION);
        h.update(crate::util::fs::program_identity());
        h.update(format!("overrides {:?} {:?}\n", overrides.base_url, overrides.output));
        // The build time bears on an award's files only through its checks
        // (expired or not), which its key holds: the award keys leave it out.
        let mut shared = h.clone();
        h.update(format!("epoch {:?}\n", std::env::var("SOURCE_DATE_EPOCH").ok()));
        let dir = absolute(dir)?;
        let beside = output.file_name().map(|n| format!(".{}.accolade-", n.to_string_lossy()));
        let files = hash_tree(&dir, &output, beside.as_deref(), &mut h, &mut shared)?;
        Ok(Inputs { digest: hex(&h.finalize()), shared: hex(&shared.finalize()), files, output, record })
    }

    /// The output folder.
    pub fn output(&self) -> &Path {
        &self.output
    }

    /// True when the output was built from these very inputs, still holds
    /// at `now`, and is on disk as that build left it.
    pub fn up_to_date(&self, now: OffsetDateTime) -> bool {
        let Ok(text) = std::fs::read_to_string(&self.record) else { return false };
        let mut lines = text.lines();
        if lines.next() != Some(RECORD_VERSION) || lines.next() != Some(&format!("inputs {}", self.digest)) {
            return false;
        }
        let holds = match lines.next().and_then(|l| l.strip_prefix("holds-until ")) {
            Some("ever") => true,
            Some(secs) => secs.parse::<i64>().is_ok_and(|until| now.unix_timestamp() < until),
            None => false,
        };
        holds && lines.next().and_then(|l| l.strip_prefix("output ")) == output_digest(&self.output).ok().as_deref()
    }

    /// Records that the output now on disk was built from these inputs and
    /// holds until `until` (None: whatever the date). Written last, after
    /// the swap, through a temporary file.
    /// `awards`: each rendered award's page and key (`Reuse::keyed`), for
    /// the next build to take unchanged awards from this one.
    pub fn record(&self, until: Option<OffsetDateTime>, awards: &[(&str, &str)]) -> Result<()> {
        let until = until.map_or("ever".to_string(), |t| t.unix_timestamp().to_string());
        let mut text = format!(
            "{RECORD_VERSION}\ninputs {}\nholds-until {until}\noutput {}\n",
            self.digest,
            output_digest(&self.output)?
        );
        for (page, key) in awards {
            text.push_str(&format!("award {key} {page}\n"));
        }
        let name = self.output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = self.record.with_file_name(format!(".{name}.accolade-tmp-{}.record", std::process::id()));
        std::fs::write(&tmp, text).with_context(|| format!("cannot write `{}`", tmp.display()))?;
        std::fs::rename(&tmp, &self.record).with_context(|| format!("cannot write `{}`", self.record.display()))
    }

    /// What this build may take from the previous output: each award's key,
    /// and the keys the previous build recorded, if its output is still
    /// exactly as it left it.
    pub fn reuse(&self, library: &Library, reports: &[Report]) -> Reuse {
        let keys = library
            .awards
            .par_iter()
            .zip(reports)
            .map(|(award, report)| self.award_key(library, award, report))
            .collect();
        Reuse { keys, previous: self.previous_keys() }
    }

    /// A digest of everything an award's files are made from: every input
    /// but the award files, the award's own file and its badge class's and
    /// issuer's files (which may be award files too, for embedded objects),
    /// where it is published, and its checks (which hold what today's date
    /// and the rest of the site made of it).
    fn award_key(&self, library: &Library, award: &Award, report: &Report) -> Option<String> {
        let file = |source: usize| self.files.get(&library.sources[source].rel);
        let mut h = Sha256::new();
        h.update(&self.shared);
        h.update(file(award.doc.source)?);
        if let Some(badge) = award.badge.map(|b| &library.badges[b]) {
            h.update(file(badge.doc.source)?);
            if let Some(issuer) = badge.issuer.map(|i| &library.issuers[i]) {
                h.update(file(issuer.doc.source)?);
            }
        }
        h.update(format!("{:?}\0{:?}\0", award.place.page, award.place.json));
        h.update(serde_json::to_vec(&report.checks()).ok()?);
        Some(hex(&h.finalize()))
    }

    /// The award keys of the previous build's record, by award page; none
    /// when its output is not exactly as that build left it.
    fn previous_keys(&self) -> HashMap<String, String> {
        let Ok(text) = std::fs::read_to_string(&self.record) else { return HashMap::new() };
        let mut lines = text.lines();
        // The version, inputs and holds-until lines, then the output's digest.
        let output = lines.nth(3).and_then(|l| l.strip_prefix("output "));
        let intact = text.starts_with(RECORD_VERSION)
            && output.is_some_and(|d| Some(d) == output_digest(&self.output).ok().as_deref());
        if !intact {
            return HashMap::new();
        }
        lines
            .filter_map(|l| l.strip_prefix("award ")?.split_once(' '))
            .map(|(key, page)| (page.to_string(), key.to_string()))
            .collect()
    }
}

/// Award pages a build can take from the previous output as they are: those
/// whose key is the one the previous build recorded for their page.
#[derive(Default)]
pub struct Reuse {
    /// Each award's key, by its index in the library (`None`: always render).
    pub keys: Vec<Option<String>>,
    previous: HashMap<String, String>,
}

impl Reuse {
    /// Whether award `index`, published at `page`, is made of what the
    /// previous build made its files of.
    pub fn unchanged(&self, index: usize, page: &str) -> bool {
        matches!((self.keys.get(index), self.previous.get(page)), (Some(Some(key)), Some(was)) if key == was)
    }

    /// Each award's page and key, for the build record.
    pub fn keyed<'a>(&'a self, library: &'a Library) -> Vec<(&'a str, &'a str)> {
        library
            .awards
            .iter()
            .zip(&self.keys)
            .filter_map(|(a, k)| Some((a.place.page.as_str(), k.as_deref()?)))
            .collect()
    }
}

/// The first date after `now` at which a build's output would change by the
/// date alone: an award expiring, or reaching its issue date.
pub fn holds_until(library: &crate::library::Library, now: OffsetDateTime) -> Option<OffsetDateTime> {
    library.awards.iter().flat_map(|a| [a.expires, a.issued_on]).flatten().filter(|&t| t > now).min()
}

/// What one entry of the site folder adds to the inputs' fingerprint.
enum Item {
    Dir(String),
    Link(String, PathBuf),
    File(String, PathBuf),
}

/// Every file, link and folder below `dir` in a fixed order (sorted by name,
/// folders followed by their contents), leaving out `.git`, the output and
/// accolade's files beside it.
fn walk(root: &Path, dir: &Path, output: &Path, beside: Option<&str>, items: &mut Vec<Item>) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read `{}`", dir.display()))?
        .collect::<std::io::Result<_>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == ".git" || path == output || beside.is_some_and(|b| name.starts_with(b)) {
            continue;
        }
        // `/`-separated on every system, as the library names its sources.
        let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace(std::path::MAIN_SEPARATOR, "/");
        let kind = entry.file_type()?;
        if kind.is_dir() {
            items.push(Item::Dir(rel));
            walk(root, &path, output, beside, items)?;
        } else if kind.is_symlink() {
            items.push(Item::Link(rel, path));
        } else {
            items.push(Item::File(rel, path));
        }
    }
    Ok(())
}

/// Hashes the site folder: the files are read and hashed in parallel (a
/// no-change rebuild is mostly this), then fed to `h` in the walk's order.
/// `shared` gets every part but the award files'; returns each file's digest.
fn hash_tree(
    root: &Path,
    output: &Path,
    beside: Option<&str>,
    h: &mut Sha256,
    shared: &mut Sha256,
) -> Result<HashMap<String, String>> {
    let mut items = Vec::new();
    walk(root, root, output, beside, &mut items)?;
    let parts: Vec<(&str, Vec<u8>, Option<String>)> = items
        .par_iter()
        .map(|item| -> Result<(&str, Vec<u8>, Option<String>)> {
            Ok(match item {
                Item::Dir(rel) => (rel, format!("dir {rel}\n").into_bytes(), None),
                // The link itself, and the file it names when it names one; a
                // linked folder is not followed (it could loop).
                Item::Link(rel, path) => {
                    let mut part = format!("link {rel} {:?}\n", std::fs::read_link(path).ok()).into_bytes();
                    if let Ok(bytes) = std::fs::read(path) {
                        part.extend_from_slice(&Sha256::digest(&bytes));
                    }
                    (rel, part, None)
                }
                Item::File(rel, path) => {
                    let bytes = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
                    let digest = Sha256::digest(&bytes);
                    let mut part = format!("file {rel} {}\n", bytes.len()).into_bytes();
                    part.extend_from_slice(&digest);
                    (rel, part, Some(hex(&digest)))
                }
            })
        })
        .collect::<Result<_>>()?;
    let awards = format!("{}/", crate::layout::ASSERTIONS);
    let mut files = HashMap::new();
    for (rel, part, digest) in parts {
        h.update(&part);
        if rel != crate::layout::ASSERTIONS && !rel.starts_with(&awards) {
            shared.update(&part);
        }
        if let Some(d) = digest {
            files.insert(rel.to_string(), d);
        }
    }
    Ok(files)
}

/// A digest of the output folder as it lies on disk: every entry's path,
/// kind, size, inode and modification time. Any change to the folder (a
/// file rewritten, touched, added or removed, the folder replaced) changes it.
fn output_digest(output: &Path) -> Result<String> {
    let mut paths = Vec::new();
    list_tree(output, &mut paths)?;
    let lines: Vec<String> = paths
        .par_iter()
        .map(|path| -> Result<String> {
            let meta = std::fs::symlink_metadata(path)?;
            let rel = path.strip_prefix(output).unwrap_or(path).to_string_lossy().into_owned();
            Ok(format!("{rel}\0{:?} {} {:?} {}\n", meta.file_type(), meta.len(), meta.modified().ok(), inode(&meta)))
        })
        .collect::<Result<_>>()?;
    let mut h = Sha256::new();
    for line in lines {
        h.update(line);
    }
    Ok(hex(&h.finalize()))
}

/// Every path below `dir`, sorted by name, folders followed by their contents.
fn list_tree(dir: &Path, paths: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<std::io::Result<_>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let is_dir = entry.file_type()?.is_dir();
        paths.push(path.clone());
        if is_dir {
            list_tree(&path, paths)?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_meta: &std::fs::Metadata) -> u64 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_holds_for_its_inputs_its_output_and_until_its_date() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        std::fs::create_dir(&output).unwrap();
        std::fs::write(output.join("index.html"), "v1").unwrap();
        let inputs = |digest: &str| Inputs {
            digest: digest.to_string(),
            shared: String::new(),
            files: HashMap::new(),
            output: output.clone(),
            record: crate::layout::build_record(&output),
        };
        let now = OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
        let expiry = now + time::Duration::days(1);
        assert!(!inputs("a").up_to_date(now), "no record yet");
        inputs("a").record(Some(expiry), &[]).unwrap();
        assert!(inputs("a").up_to_date(now));
        assert!(!inputs("b").up_to_date(now), "other inputs");
        assert!(!inputs("a").up_to_date(expiry), "an award expired since");
        std::fs::write(output.join("index.html"), "v2, longer").unwrap();
        assert!(!inputs("a").up_to_date(now), "the output was changed");
        inputs("a").record(None, &[]).unwrap();
        assert!(inputs("a").up_to_date(expiry + time::Duration::days(3650)));
        std::fs::remove_file(output.join("index.html")).unwrap();
        assert!(!inputs("a").up_to_date(now), "a file was removed");
    }
}
