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
//! fingerprint, the date it holds until, each input file's digest with its
//! stamp, and a listing of the output as it lies on disk. The next build is
//! skipped when the fingerprint is the same, the date has not come and the
//! output is still as listed. The record is written to a temporary file and
//! renamed, so it is whole or absent.
//!
//! A rebuild with nothing changed should cost a few percent of a build, so
//! neither check reads a file whose metadata says it did not change:
//!
//! - The inputs, as git's index does it. A file's stamp is its size, inode,
//!   and modification and status-change times in nanoseconds. Writing a
//!   file changes both times; replacing it changes the inode; the
//!   status-change time cannot be set back, so an edit that keeps the size
//!   and restores the modification time still shows. A file whose stamp is
//!   the one recorded is not read: its recorded digest goes into the
//!   fingerprint, which is made of the files' digests either way (a file
//!   touched or copied back with the same bytes costs one read, not a
//!   build). Times only tell apart changes made in different ticks of the
//!   file system's clock, though: a file changed again within the tick of
//!   its recorded time, after the build took its stamp, would keep it. So a
//!   recorded stamp counts only when both its times are before the moment
//!   the build that took it started, less `RACY_MARGIN` for clocks that lag
//!   or keep whole seconds: any later change is then given a later time. A
//!   "racy" file, changed just before or during that build, is read every
//!   time until a later build records it. Files added, removed or renamed
//!   change the walk of the site folder, which reads every folder each time.
//!   Where there are no inodes and status-change times (Windows), every
//!   file is read.
//! - The output. The record lists every file and folder of the output with
//!   its kind, size, inode and modification time, and the check looks each
//!   one up, without reading any folder: creating, removing or renaming an
//!   entry changes its folder's modification time (git's untracked cache
//!   relies on the same). Before the listing, the build waits for the file
//!   system's clock to tick past its last write (`next_tick`, a few
//!   milliseconds), so that a change made right after the build, by a
//!   script say, gets a later time than the listing holds (recent Linux
//!   file systems see to that themselves for files whose times were read).
//!   The status-change time is left out here: removing the previous output,
//!   whose unchanged files are hard links to this one's, changes it; so an
//!   edit of the output that keeps the size and sets the modification time
//!   back on purpose is not seen. Since the listing names the very files on
//!   disk (the output folder itself by its inode, a new one with every
//!   build), a record that does not describe the current output (a build
//!   killed between its swap and its record, files edited, added or removed
//!   by hand) never matches, and the build simply runs.
//!
//! Both checks look files up in parallel; the output's entries are looked
//! up from an open handle on their top folder where the system allows it
//! (a path walk is much of a lookup's cost). The fingerprint is computed
//! before the site is loaded, so an edit made during a build makes the next
//! one run.

mod listing;
mod stamp;

use crate::check::report::Report;
use crate::config::{Config, Overrides};
use crate::library::{Award, Library};
use crate::util::fs::absolute;
use crate::util::hash::{hex, unhex32};
use anyhow::{Context as _, Result};
use listing::{list_output, next_tick, output_intact};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use stamp::{escape, nanos, Stamp};
use std::collections::HashMap;
use std::fs::DirEntry;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use time::OffsetDateTime;

const RECORD_VERSION: &str = "accolade build record 2";

/// How far behind this machine's clock a file's recorded times may be for a
/// change made after a build started: the kernel stamps files from a clock
/// that lags by up to a tick, and some file systems keep whole seconds (FAT
/// two). A file changed within this long before a build is read again by
/// the next ones.
const RACY_MARGIN: Duration = Duration::from_secs(3);

/// A SHA-256, as bytes: a site has an input file and a key per award, and
/// hex strings of them were a sixth of what a build kept per award.
type Sha = [u8; 32];

/// Each input file's digest and stamp, by its `/`-separated path in the
/// site folder.
type Files = HashMap<String, (Sha, Option<Stamp>)>;

/// The fingerprint of a site's inputs, and where its build record lives.
pub struct Inputs {
    digest: String,
    /// The digest of every input but the award files (`assertions/`): what
    /// any page may depend on.
    shared: String,
    /// Each file's digest, by its `/`-separated path in the site folder, and
    /// its stamp taken before it was read (none for a file that is not a
    /// plain one, or where stamps do not show every change).
    files: Files,
    /// How many of them were read (the others' stamps were as recorded).
    read: usize,
    /// When this build started, less `RACY_MARGIN`, in nanoseconds since
    /// the Unix epoch: a stamp with a time from then on may hide a change.
    since: i64,
    output: PathBuf,
    record: PathBuf,
    /// The previous build's record, read once before hashing.
    previous: Option<String>,
}

impl Inputs {
    /// Hashes the inputs of the site in `dir` built to `config.output`.
    pub fn read(dir: &Path, config: &Config, overrides: &Overrides) -> Result<Inputs> {
        // Taken before any stamp: a change after this is given a later time.
        let since = nanos(SystemTime::now().checked_sub(RACY_MARGIN).unwrap_or(SystemTime::UNIX_EPOCH));
        let output = absolute(&config.output)?;
        let record = crate::layout::build_record(&output);
        let previous = std::fs::read_to_string(&record).ok().filter(|text| text.lines().next() == Some(RECORD_VERSION));
        let mut h = Sha256::new();
        h.update(RECORD_VERSION);
        h.update(crate::util::fs::program_identity());
        h.update(format!("overrides {:?} {:?}\n", overrides.base_url, overrides.output));
        // A new signing key signs every credential again.
        let signer = overrides.signing_key.as_ref().map(|k| k.public().multibase());
        h.update(format!("signing key {signer:?}\n"));
        if let (None, Some(file)) = (&overrides.signing_key, &config.signing_key_file) {
            h.update(std::fs::read(file).unwrap_or_default());
        }
        // The build time bears on an award's files only through its checks
        // (expired or not), which its key holds: the award keys leave it out.
        let mut shared = h.clone();
        h.update(format!("epoch {:?}\n", std::env::var("SOURCE_DATE_EPOCH").ok()));
        let dir = absolute(dir)?;
        let beside = output.file_name().map(|n| format!(".{}.accolade-", n.to_string_lossy()));
        let known = previous.as_deref().map(known_inputs).unwrap_or_default();
        let (files, read) = hash_tree(&dir, &output, beside.as_deref(), &known, &mut h, &mut shared)?;
        drop(known);
        Ok(Inputs {
            digest: hex(&h.finalize()),
            shared: hex(&shared.finalize()),
            files,
            read,
            since,
            output,
            record,
            previous,
        })
    }

    /// The output folder.
    pub fn output(&self) -> &Path {
        &self.output
    }

    /// How many input files there are, and how many of them were read (the
    /// others were as the last build recorded them).
    pub fn files_read(&self) -> (usize, usize) {
        (self.files.len(), self.read)
    }

    /// True when the output was built from these very inputs, still holds
    /// at `now`, and is on disk as that build left it.
    pub fn up_to_date(&self, now: OffsetDateTime) -> bool {
        let Some(text) = &self.previous else { return false };
        if header(text, "inputs") != Some(self.digest.as_str()) {
            return false;
        }
        let holds = match header(text, "holds-until") {
            Some("ever") => true,
            Some(secs) => secs.parse::<i64>().is_ok_and(|until| now.unix_timestamp() < until),
            None => false,
        };
        holds && output_intact(text, &self.output)
    }

    /// Records that the output now on disk was built from these inputs and
    /// holds until `until` (None: whatever the date). Written last, after
    /// the swap, through a temporary file.
    /// `awards`: each rendered award's page and key (`Reuse::keyed`), for
    /// the next build to take unchanged awards from this one.
    pub fn record(&self, until: Option<OffsetDateTime>, awards: &[(&str, Sha)]) -> Result<()> {
        let until = until.map_or("ever".to_string(), |t| t.unix_timestamp().to_string());
        let name = self.output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = self.record.with_file_name(format!(".{name}.accolade-tmp-{}.record", std::process::id()));
        if !next_tick(&tmp).with_context(|| format!("cannot write `{}`", tmp.display()))? {
            // A clock that does not move: no record, so the next build runs.
            let _ = std::fs::remove_file(&tmp);
            let _ = std::fs::remove_file(&self.record);
            return Ok(());
        }
        let listing = list_output(&self.output)
            .with_context(|| format!("cannot list the output folder `{}`", self.output.display()))?;
        // Written as it is made: at 100,000 awards the record is 60 MB.
        let write = || -> std::io::Result<()> {
            use std::io::Write as _;
            let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
            write!(out, "{RECORD_VERSION}\ninputs {}\nholds-until {until}\nsince {}\n", self.digest, self.since)?;
            for (rel, (digest, stamp)) in &self.files {
                if let Some(stamp) = stamp {
                    writeln!(out, "input {stamp} {} {}", hex(digest), escape(rel))?;
                }
            }
            for (rel, stamp) in &listing {
                writeln!(out, "output {stamp} {}", escape(rel))?;
            }
            for (page, key) in awards {
                writeln!(out, "award {} {page}", hex(key))?;
            }
            out.flush()
        };
        write().with_context(|| format!("cannot write `{}`", tmp.display()))?;
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
    fn award_key(&self, library: &Library, award: &Award, report: &Report) -> Option<Sha> {
        let file = |source: usize| self.files.get(&library.sources[source].rel).map(|(digest, _)| digest);
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
        Some(h.finalize().into())
    }

    /// The award keys of the previous build's record, by award page; none
    /// when its output is not exactly as that build left it.
    fn previous_keys(&self) -> HashMap<String, Sha> {
        let Some(text) = self.previous.as_deref().filter(|text| output_intact(text, &self.output)) else {
            return HashMap::new();
        };
        text.lines()
            .filter_map(|l| l.strip_prefix("award ")?.split_once(' '))
            .filter_map(|(key, page)| Some((page.to_string(), unhex32(key)?)))
            .collect()
    }
}

/// Award pages a build can take from the previous output as they are: those
/// whose key is the one the previous build recorded for their page.
#[derive(Default)]
pub struct Reuse {
    /// Each award's key, by its index in the library (`None`: always render).
    pub keys: Vec<Option<Sha>>,
    previous: HashMap<String, Sha>,
}

impl Reuse {
    /// Whether award `index`, published at `page`, is made of what the
    /// previous build made its files of.
    pub fn unchanged(&self, index: usize, page: &str) -> bool {
        matches!((self.keys.get(index), self.previous.get(page)), (Some(Some(key)), Some(was)) if key == was)
    }

    /// Each award's page and key, for the build record.
    pub fn keyed<'a>(&'a self, library: &'a Library) -> Vec<(&'a str, Sha)> {
        library.awards.iter().zip(&self.keys).filter_map(|(a, k)| Some((a.place.page.as_str(), (*k)?))).collect()
    }
}

/// The first date after `now` at which a build's output would change by the
/// date alone: an award expiring, or reaching its issue date.
pub fn holds_until(library: &crate::library::Library, now: OffsetDateTime) -> Option<OffsetDateTime> {
    library.awards.iter().flat_map(|a| [a.expires, a.issued_on]).flatten().filter(|&t| t > now).min()
}

/// The value of a record's header line `key value` (the lines before the
/// inputs).
fn header<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().take(4).find_map(|l| l.strip_prefix(key)?.strip_prefix(' '))
}

/// The input files a record vouches for: each one's stamp and digest, by
/// its escaped path, leaving out the racy ones (a time from the moment that
/// build started, less `RACY_MARGIN`, on).
fn known_inputs(text: &str) -> HashMap<&str, (Stamp, Sha)> {
    let Some(since) = header(text, "since").and_then(|s| s.parse::<i64>().ok()) else { return HashMap::new() };
    text.par_lines()
        .filter_map(|line| {
            let mut fields = line.strip_prefix("input ")?.splitn(7, ' ');
            let stamp = Stamp::parse(&mut fields)?;
            let digest = unhex32(fields.next()?)?;
            let rel = fields.next()?;
            (stamp.mtime < since && stamp.ctime < since).then_some((rel, (stamp, digest)))
        })
        .collect()
}

/// What one entry of the site folder adds to the inputs' fingerprint.
enum Item {
    Dir(String),
    Link(String, PathBuf),
    File(String, DirEntry),
}

/// Every file, link and folder below `dir` (whose path in the site folder
/// is `rel_dir`) in a fixed order (sorted by name, folders followed by their
/// contents), leaving out `.git`, the output and accolade's files beside it.
fn walk(dir: &Path, rel_dir: &str, output: &Path, beside: Option<&str>, items: &mut Vec<Item>) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read `{}`", dir.display()))?
        .map(|e| e.map(|e| (e.file_name(), e)))
        .collect::<std::io::Result<_>>()?;
    entries.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    for (name, entry) in entries {
        let name = name.to_string_lossy();
        if name == ".git" || beside.is_some_and(|b| name.starts_with(b)) {
            continue;
        }
        // `/`-separated on every system, as the library names its sources.
        let rel = if rel_dir.is_empty() { name.into_owned() } else { format!("{rel_dir}/{name}") };
        let kind = entry.file_type()?;
        if kind.is_file() {
            items.push(Item::File(rel, entry));
            continue;
        }
        let path = entry.path();
        if path == output {
            continue;
        }
        if kind.is_dir() {
            items.push(Item::Dir(rel.clone()));
            walk(&path, &rel, output, beside, items)?;
        } else if kind.is_symlink() {
            items.push(Item::Link(rel, path));
        } else {
            items.push(Item::File(rel, entry));
        }
    }
    Ok(())
}

/// What an entry adds to the fingerprint, besides its path: a link's
/// target and the digest of the file it names; a file's digest, its stamp,
/// and whether it was read.
enum Part {
    Dir,
    Link(String),
    File(Sha, Option<Stamp>, bool),
}

/// Hashes the site folder: each file's digest is taken from `known` when
/// its stamp is the one recorded there, else the file is read and hashed,
/// in parallel; the parts are then fed to `h` in the walk's order. `shared`
/// gets every part but the award files'. Returns each file's digest and
/// stamp, and how many files were read.
fn hash_tree(
    root: &Path,
    output: &Path,
    beside: Option<&str>,
    known: &HashMap<&str, (Stamp, Sha)>,
    h: &mut Sha256,
    shared: &mut Sha256,
) -> Result<(Files, usize)> {
    let mut items = Vec::new();
    walk(root, "", output, beside, &mut items)?;
    let parts: Vec<Part> = items
        .par_iter()
        .with_min_len(64)
        .map(|item| -> Result<Part> {
            Ok(match item {
                Item::Dir(_) => Part::Dir,
                // The link itself, and the file it names when it names one; a
                // linked folder is not followed (it could loop).
                Item::Link(_, path) => {
                    let mut part = format!("{:?}", std::fs::read_link(path).ok());
                    if let Ok(bytes) = std::fs::read(path) {
                        part.push_str(&hex(&Sha256::digest(&bytes)));
                    }
                    Part::Link(part)
                }
                Item::File(rel, entry) => {
                    // The stamp is taken before the bytes are read, so that a
                    // change while they are read shows in the next stamp.
                    let path = || entry.path();
                    let meta = entry.metadata().with_context(|| format!("cannot read `{}`", path().display()))?;
                    let stamp = Stamp::of_input(&meta);
                    let recorded = stamp.and_then(|s| known.get(&*escape(rel)).filter(|(was, _)| *was == s));
                    Part::File(
                        match recorded {
                            Some((_, digest)) => *digest,
                            None => {
                                let bytes = std::fs::read(path())
                                    .with_context(|| format!("cannot read `{}`", path().display()))?;
                                Sha256::digest(&bytes).into()
                            }
                        },
                        stamp,
                        recorded.is_none(),
                    )
                }
            })
        })
        .collect::<Result<_>>()?;
    let awards = format!("{}/", crate::layout::ASSERTIONS);
    let mut files = HashMap::with_capacity(parts.len());
    let mut read = 0;
    for (item, part) in items.into_iter().zip(parts) {
        let (kind, rel) = match item {
            Item::Dir(rel) => ("dir ", rel),
            Item::Link(rel, _) => ("link ", rel),
            Item::File(rel, _) => ("file ", rel),
        };
        let extra: std::borrow::Cow<str> = match &part {
            Part::Dir => "".into(),
            Part::Link(text) => text.into(),
            Part::File(digest, ..) => hex(digest).into(),
        };
        let feed = |h: &mut Sha256| {
            h.update(kind);
            h.update(&rel);
            h.update(" ");
            h.update(extra.as_bytes());
            h.update("\n");
        };
        feed(h);
        if rel != crate::layout::ASSERTIONS && !rel.starts_with(&awards) {
            feed(shared);
        }
        if let Part::File(digest, stamp, was_read) = part {
            files.insert(rel, (digest, stamp));
            read += usize::from(was_read);
        }
    }
    Ok((files, read))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Inputs of digest `digest` and no files, built to `output`, with the
    /// record found there as the previous one.
    fn inputs_of(digest: &str, output: &Path) -> Inputs {
        Inputs {
            digest: digest.to_string(),
            shared: String::new(),
            files: HashMap::new(),
            read: 0,
            since: 0,
            output: output.to_path_buf(),
            record: crate::layout::build_record(output),
            previous: std::fs::read_to_string(crate::layout::build_record(output)).ok(),
        }
    }

    #[test]
    fn a_record_holds_for_its_inputs_its_output_and_until_its_date() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        std::fs::create_dir(&output).unwrap();
        std::fs::write(output.join("index.html"), "v1").unwrap();
        let inputs = |digest: &str| inputs_of(digest, &output);
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

    /// Each change to the output, made right after the record was written
    /// (within the clock tick of the build's last write, but for
    /// `next_tick`), and without reading any folder on the check.
    #[test]
    fn the_output_listing_shows_any_entry_changed_added_or_removed_right_after_the_record() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        let inputs = inputs_of("a", &output);
        let intact = || output_intact(&std::fs::read_to_string(&inputs.record).unwrap(), &output);
        type Change<'a> = (&'a str, &'a dyn Fn(&Path));
        let changes: [Change; 7] = [
            ("a file added in a folder", &|out| std::fs::write(out.join("award/x/extra.html"), "").unwrap()),
            ("a folder added", &|out| std::fs::create_dir(out.join("award/y")).unwrap()),
            ("a file removed", &|out| std::fs::remove_file(out.join("award/x/index.html")).unwrap()),
            ("a file rewritten, same size", &|out| std::fs::write(out.join("award/x.json"), "{2}").unwrap()),
            ("a file renamed", &|out| std::fs::rename(out.join("award/x.json"), out.join("award/z.json")).unwrap()),
            ("a file added at the top", &|out| std::fs::write(out.join("extra.html"), "").unwrap()),
            ("the output replaced", &|out| {
                std::fs::rename(out, out.with_file_name("aside")).unwrap();
                std::fs::create_dir(out).unwrap();
            }),
        ];
        for (change, make) in changes {
            let _ = std::fs::remove_dir_all(&output);
            let _ = std::fs::remove_dir_all(output.with_file_name("aside"));
            std::fs::create_dir_all(output.join("award/x")).unwrap();
            std::fs::write(output.join("award/x/index.html"), "<p>").unwrap();
            std::fs::write(output.join("award/x.json"), "{1}").unwrap();
            inputs.record(None, &[]).unwrap();
            assert!(intact(), "as recorded, before: {change}");
            make(&output);
            assert!(!intact(), "{change}");
        }
    }

    /// A forged digest in a record shows where the record was believed
    /// rather than the file read.
    #[cfg(unix)]
    #[test]
    fn a_recorded_digest_stands_for_a_file_only_with_its_very_stamp_taken_before_that_build() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "bytes").unwrap();
        let real = hex(&Sha256::digest(b"bytes"));
        let forged = "0".repeat(64);
        let digest = |stamp: Stamp, since: i64| {
            let record =
                format!("{RECORD_VERSION}\ninputs x\nholds-until ever\nsince {since}\ninput {stamp} {forged} a.txt\n");
            let known = known_inputs(&record);
            let (files, read) =
                hash_tree(dir.path(), &dir.path().join("public"), None, &known, &mut Sha256::new(), &mut Sha256::new())
                    .unwrap();
            assert_eq!(read, usize::from(hex(&files["a.txt"].0) == real));
            hex(&files["a.txt"].0)
        };
        let day = 86_400_000_000_000;
        // The modification time set a day back: older than the change time.
        let old = SystemTime::now() - Duration::from_secs(86_400);
        std::fs::File::options().write(true).open(&file).unwrap().set_modified(old).unwrap();
        let stamp = Stamp::of(&std::fs::metadata(&file).unwrap());
        assert!(stamp.mtime < stamp.ctime);
        assert_eq!(digest(stamp, stamp.ctime + 1), forged, "a file as recorded is not read");
        assert_eq!(digest(stamp, stamp.ctime), real, "changed as that build started: it may have changed again");
        assert_eq!(digest(stamp, stamp.mtime + 1), real, "its status changed after that build started");
        assert_eq!(digest(Stamp { ctime: stamp.ctime - 1, ..stamp }, stamp.ctime + 1), real, "status changed");
        assert_eq!(digest(Stamp { mtime: stamp.mtime - 1, ..stamp }, stamp.ctime + 1), real, "modified");
        assert_eq!(digest(Stamp { size: 6, ..stamp }, stamp.ctime + 1), real, "other size");
        assert_eq!(digest(Stamp { inode: stamp.inode + 1, ..stamp }, stamp.ctime + 1), real, "replaced");
        // The modification time set a day ahead: later than the change time.
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(old + Duration::from_secs(2 * 86_400))
            .unwrap();
        let stamp = Stamp::of(&std::fs::metadata(&file).unwrap());
        assert!(stamp.mtime > stamp.ctime);
        assert_eq!(digest(stamp, stamp.mtime + 1), forged);
        assert_eq!(digest(stamp, stamp.ctime + day / 2), real, "modified after that build started");
    }
}
