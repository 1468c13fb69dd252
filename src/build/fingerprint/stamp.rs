//! Stamps: what a file's metadata says of it, as a build record holds it,
//! and the paths on a record's lines.

use std::borrow::Cow;
use std::fs::Metadata;
use std::time::{Duration, SystemTime};

/// What a file's metadata says of it: any write, replacement or move
/// changes some of it. `ctime` is 0 where it is left out.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Stamp {
    /// `f` file, `d` folder, `l` symbolic link, `o` anything else.
    pub(super) kind: char,
    pub(super) size: u64,
    pub(super) inode: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub(super) mtime: i64,
    /// Status-change time, the same way.
    pub(super) ctime: i64,
}

impl Stamp {
    pub(super) fn of(meta: &Metadata) -> Stamp {
        let kind = meta.file_type();
        let kind = if kind.is_file() {
            'f'
        } else if kind.is_dir() {
            'd'
        } else if kind.is_symlink() {
            'l'
        } else {
            'o'
        };
        #[cfg(unix)]
        let (inode, ctime) = {
            use std::os::unix::fs::MetadataExt;
            (meta.ino(), meta.ctime().saturating_mul(1_000_000_000).saturating_add(meta.ctime_nsec()))
        };
        #[cfg(not(unix))]
        let (inode, ctime) = (0, 0);
        let mtime = meta.modified().map_or(0, nanos);
        Stamp { kind, size: meta.len(), inode, mtime, ctime }
    }

    /// The stamp of an input file, when it shows every change of its bytes:
    /// a plain file's, on a system with status-change times and inodes.
    pub(super) fn of_input(meta: &Metadata) -> Option<Stamp> {
        (cfg!(unix) && meta.is_file()).then(|| Stamp::of(meta))
    }

    /// The stamp of an output entry: without the status-change time (see the
    /// module comment).
    pub(super) fn of_output(meta: &Metadata) -> Stamp {
        Stamp { ctime: 0, ..Stamp::of(meta) }
    }

    /// Reads the five fields `Display` writes.
    pub(super) fn parse<'a>(fields: &mut impl Iterator<Item = &'a str>) -> Option<Stamp> {
        let kind = fields.next()?.parse().ok()?;
        let size = fields.next()?.parse().ok()?;
        let inode = fields.next()?.parse().ok()?;
        let mtime = fields.next()?.parse().ok()?;
        let ctime = fields.next()?.parse().ok()?;
        Some(Stamp { kind, size, inode, mtime, ctime })
    }
}

impl std::fmt::Display for Stamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {} {} {}", self.kind, self.size, self.inode, self.mtime, self.ctime)
    }
}

/// Nanoseconds from the Unix epoch to `t` (negative before it).
/// (Times before 1678 or after 2262 are clamped: a change of a file with
/// such a time still shows in its status-change time.)
pub(super) fn nanos(t: SystemTime) -> i64 {
    let clamp = |d: Duration| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX);
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => clamp(d),
        Err(e) => -clamp(e.duration()),
    }
}

/// A path as the record holds it, on the rest of its line: `\`, line feed
/// and carriage return escaped.
pub(super) fn escape(rel: &str) -> Cow<'_, str> {
    if !rel.contains(['\\', '\n', '\r']) {
        return Cow::Borrowed(rel);
    }
    Cow::Owned(rel.replace('\\', "\\\\").replace('\n', "\\n").replace('\r', "\\r"))
}

pub(super) fn unescape(text: &str) -> Cow<'_, str> {
    if !text.contains('\\') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => break,
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_comes_back_from_the_record_as_it_was() {
        for rel in ["plain/path.json", "two\nlines", "back\\slash\\n", "cr\r\n", "trailing\\", ""] {
            let escaped = escape(rel);
            assert!(!escaped.contains(['\n', '\r']), "{escaped}");
            assert_eq!(unescape(&escaped), rel);
        }
    }
}
