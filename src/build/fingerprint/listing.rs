//! The output's listing in a build record: written after the build, and
//! checked entry by entry against the disk by the next one (see the
//! module comment of `fingerprint`).

use super::stamp::{unescape, Stamp};
use anyhow::Result;
use rayon::prelude::*;
use std::fs::DirEntry;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// An `output` line of a record: an entry's escaped path and stamp.
fn output_entry(line: &str) -> Option<(&str, Stamp)> {
    let mut fields = line.strip_prefix("output ")?.splitn(6, ' ');
    let stamp = Stamp::parse(&mut fields)?;
    Some((fields.next()?, stamp))
}

/// Whether the output is on disk as the record `text` lists it: every
/// entry there, with the same stamp. The lines are read and the entries
/// looked up in parallel.
pub(super) fn output_intact(text: &str, output: &Path) -> bool {
    let mut listing = text.lines().skip_while(|line| !line.starts_with("output ")).map(output_entry);
    // The listing starts with the output folder itself (never an empty
    // one), then what is in it (`list_output`).
    if !matches!(listing.next(), Some(Some(("", _)))) {
        return false;
    }
    let lookup = Lookup::new(output, listing.map_while(|entry| entry.filter(|(rel, _)| !rel.contains('/'))));
    text.par_lines().all(|line| match line.starts_with("output ") {
        true => output_entry(line).is_some_and(|(rel, stamp)| lookup.stamp(rel) == Some(stamp)),
        false => true,
    })
}

/// Finds the stamps of the output's entries by their (escaped) path below
/// it.
struct Lookup<'a> {
    output: &'a Path,
    /// On Linux, open handles on the output ("") and its top folders: an
    /// entry is looked up from its top folder, which saves most of the path
    /// walk that is much of a stat's cost (most entries are two folders
    /// down). A folder's own stamp is taken from its handle, so that its
    /// entries are looked up in the very folder that was checked.
    #[cfg(target_os = "linux")]
    open: Vec<(&'a str, std::fs::File)>,
}

impl<'a> Lookup<'a> {
    /// `top`: entries at the top of the output; its folders are opened.
    fn new(output: &'a Path, top: impl Iterator<Item = (&'a str, Stamp)>) -> Lookup<'a> {
        #[cfg(target_os = "linux")]
        let open = std::iter::once("")
            .chain(top.filter(|(_, stamp)| stamp.kind == 'd').map(|(rel, _)| rel))
            .filter_map(|rel| {
                use std::os::unix::fs::OpenOptionsExt;
                // A folder only (never blocking on anything else); the
                // output itself may be a link to one, as for `list_output`.
                let flags = if rel.is_empty() { libc::O_DIRECTORY } else { libc::O_DIRECTORY | libc::O_NOFOLLOW };
                let path = output.join(&*unescape(rel));
                Some((rel, std::fs::OpenOptions::new().read(true).custom_flags(flags).open(path).ok()?))
            })
            .collect();
        #[cfg(not(target_os = "linux"))]
        let _ = top;
        Lookup {
            output,
            #[cfg(target_os = "linux")]
            open,
        }
    }

    fn stamp(&self, rel: &str) -> Option<Stamp> {
        #[cfg(target_os = "linux")]
        {
            // A few folders: a look through them is quicker than hashing.
            let open = |name: &str| self.open.iter().find(|(rel, _)| *rel == name).map(|(_, dir)| dir);
            if let Some(dir) = open(rel) {
                return dir.metadata().ok().map(|meta| Stamp::of_output(&meta));
            }
            let (top, rest) = rel.split_once('/').unwrap_or(("", rel));
            if let Some(dir) = open(top) {
                return stat_at(dir, &unescape(rest));
            }
        }
        let meta = match rel.is_empty() {
            true => std::fs::metadata(self.output),
            false => std::fs::symlink_metadata(self.output.join(&*unescape(rel))),
        };
        meta.ok().map(|meta| Stamp::of_output(&meta))
    }
}

/// The output stamp of the entry at `rel` below the open folder `dir`,
/// not following a link there (`fstatat`).
#[cfg(target_os = "linux")]
fn stat_at(dir: &std::fs::File, rel: &str) -> Option<Stamp> {
    use std::os::fd::AsRawFd;
    let name = std::ffi::CString::new(rel).ok()?;
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: `name` is NUL-terminated and `st` is written by the call,
    // which is read only when it succeeded.
    let st = unsafe {
        if libc::fstatat(dir.as_raw_fd(), name.as_ptr(), st.as_mut_ptr(), libc::AT_SYMLINK_NOFOLLOW) != 0 {
            return None;
        }
        st.assume_init()
    };
    let kind = match st.st_mode & libc::S_IFMT {
        libc::S_IFREG => 'f',
        libc::S_IFDIR => 'd',
        libc::S_IFLNK => 'l',
        _ => 'o',
    };
    // The field types differ between targets: the casts are not all no-ops.
    #[allow(clippy::unnecessary_cast)]
    let (size, inode, secs, nanos) = (st.st_size as u64, st.st_ino as u64, st.st_mtime as i64, st.st_mtime_nsec as i64);
    Some(Stamp { kind, size, inode, mtime: secs.saturating_mul(1_000_000_000).saturating_add(nanos), ctime: 0 })
}

/// Waits until the clock that stamps files on the file system of `probe`
/// (the output's, the record being beside it) has moved on from the time
/// of this build's last write, writing to `probe` until a write gets a later
/// modification time than the first: a tick, a few milliseconds (or a
/// second or two where whole seconds are kept). The output is listed after
/// that, so that whatever is changed in it afterwards gets a later time
/// than the listing holds. False when the clock did not move in 3 s.
pub(super) fn next_tick(probe: &Path) -> std::io::Result<bool> {
    use std::io::Write as _;
    let mut file = std::fs::File::create(probe)?;
    let mut touch = || -> std::io::Result<SystemTime> {
        file.write_all(b".")?;
        file.metadata()?.modified()
    };
    let first = touch()?;
    let start = std::time::Instant::now();
    let mut pause = Duration::from_millis(1);
    while start.elapsed() < Duration::from_secs(3) {
        std::thread::sleep(pause);
        if touch()? > first {
            return Ok(true);
        }
        pause = (pause * 2).min(Duration::from_millis(50));
    }
    Ok(false)
}

/// Every entry of the output folder with its stamp, by its `/`-separated
/// path: the folder itself first, as "", then the entries at its top, then
/// the rest.
pub(super) fn list_output(output: &Path) -> Result<Vec<(String, Stamp)>> {
    let mut listing = vec![(String::new(), Stamp::of_output(&std::fs::metadata(output)?))];
    list_below(output, "", &mut listing)?;
    listing[1..].sort_by_key(|(rel, _)| rel.contains('/'));
    Ok(listing)
}

fn list_below(dir: &Path, rel: &str, listing: &mut Vec<(String, Stamp)>) -> Result<()> {
    let entries: Vec<DirEntry> = std::fs::read_dir(dir)?.collect::<std::io::Result<_>>()?;
    let lists: Vec<Vec<(String, Stamp)>> = entries
        .par_iter()
        .map(|entry| -> Result<Vec<(String, Stamp)>> {
            let meta = entry.metadata()?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = if rel.is_empty() { name } else { format!("{rel}/{name}") };
            let mut list = vec![(rel.clone(), Stamp::of_output(&meta))];
            if meta.is_dir() {
                list_below(&entry.path(), &rel, &mut list)?;
            }
            Ok(list)
        })
        .collect::<Result<_>>()?;
    listing.extend(lists.into_iter().flatten());
    Ok(())
}
