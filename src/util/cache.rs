//! A content-addressed cache of files that are expensive to make (the
//! per-award share images), kept from one build to the next in a folder
//! beside the output, never in it.
//!
//! An entry's key is the SHA-256 of everything its bytes depend on (the
//! caller builds it with `key`); it lives at `<dir>/<2 hex>/<62 hex>`. The
//! file is a header line naming the key again and the SHA-256 of the value,
//! then the value: a read checks both, so a file damaged on disk, edited by
//! hand or copied over another entry is a miss (made again and replaced),
//! never used. A value is written to a
//! temporary file in the entry's folder and renamed into place, so a build
//! killed at any moment leaves either no entry or a whole one under the
//! entry's name, and two builds racing on one key write the same bytes,
//! whichever rename wins. Nothing is synced to disk: a kill cannot lose
//! written bytes, and what a power cut might tear, the digest catches.
//!
//! The cache only ever saves time: any error reading or writing it falls
//! back to making the value (and is counted, for `--verbose`). After a
//! successful build, `prune` removes every entry that build did not use, so
//! the folder never holds more than one build's files.

use crate::util::hash::hex;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The first line of every entry: `accolade cache 1 <key> <value's SHA-256>`,
/// both in hex, then a newline.
const HEADER: &str = "accolade cache 1";
const HEADER_LEN: usize = HEADER.len() + 2 * (1 + 64) + 1;

fn header(key: &Key, value: &[u8]) -> String {
    format!("{HEADER} {} {}\n", hex(key), hex(&Sha256::digest(value)))
}

pub type Key = [u8; 32];

/// The key of a value made from `parts`: each part is length-prefixed, so
/// that no two different lists of parts give the same key.
pub fn key(parts: &[&[u8]]) -> Key {
    let mut h = Sha256::new();
    for part in parts {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.finalize().into()
}

pub struct Cache {
    dir: PathBuf,
    /// The keys this build looked up: `prune` keeps these and no others.
    used: Mutex<HashSet<Key>>,
    hits: AtomicUsize,
    made: AtomicUsize,
    damaged: AtomicUsize,
    errors: AtomicUsize,
    first_error: Mutex<Option<String>>,
    /// Numbers this process's temporary files, so that two threads writing
    /// one key never share one.
    temporaries: AtomicUsize,
}

/// What a build's lookups found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Values read from the cache.
    pub hits: usize,
    /// Values made (not in the cache, or damaged there).
    pub made: usize,
    /// Entries whose bytes did not match their digest, made again.
    pub damaged: usize,
    /// Lookups where the cache could not be read or written; the value was
    /// made anyway.
    pub errors: usize,
    pub first_error: Option<String>,
}

/// What the file at an entry's path holds.
enum Entry {
    Good(Vec<u8>),
    Missing,
    Damaged,
    Unreadable(String),
}

impl Cache {
    /// A cache in `dir`, which is created only when a value is stored.
    pub fn new(dir: PathBuf) -> Cache {
        Cache {
            dir,
            used: Mutex::new(HashSet::new()),
            hits: AtomicUsize::new(0),
            made: AtomicUsize::new(0),
            damaged: AtomicUsize::new(0),
            errors: AtomicUsize::new(0),
            first_error: Mutex::new(None),
            temporaries: AtomicUsize::new(0),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Marks `key` as used by this build, so that `prune` keeps its entry
    /// (for a value the build took from elsewhere, without looking it up).
    pub fn keep(&self, key: &Key) {
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(*key);
    }

    /// The value of `key`: from the cache when it holds a sound one, else
    /// made by `make` and stored. Only `make`'s own error is returned.
    pub fn get_or_make<E>(&self, key: &Key, make: impl FnOnce() -> Result<Vec<u8>, E>) -> Result<Vec<u8>, E> {
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(*key);
        let path = self.path_of(key);
        // At most one error counted a lookup: its first.
        let mut trouble = None;
        match read_entry(&path, key) {
            Entry::Good(value) => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                return Ok(value);
            }
            Entry::Missing => {}
            Entry::Damaged => {
                self.damaged.fetch_add(1, Ordering::Relaxed);
            }
            Entry::Unreadable(why) => trouble = Some(why),
        }
        let value = make()?;
        self.made.fetch_add(1, Ordering::Relaxed);
        if let Err(why) = self.store(&path, key, &value) {
            trouble.get_or_insert(why);
        }
        if let Some(why) = trouble {
            self.note_error(why);
        }
        Ok(value)
    }

    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            made: self.made.load(Ordering::Relaxed),
            damaged: self.damaged.load(Ordering::Relaxed),
            errors: self.errors.load(Ordering::Relaxed),
            first_error: self.first_error.lock().unwrap_or_else(|e| e.into_inner()).clone(),
        }
    }

    /// Removes every entry this build did not look up, and temporary files
    /// left by builds that were killed; then the folders left empty,
    /// the cache's own included. Only names the cache itself makes are
    /// touched. Returns how many files were removed.
    pub fn prune(&self) -> usize {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let used: HashSet<String> = used.iter().map(|k| hex(k)).collect();
        let Ok(folders) = std::fs::read_dir(&self.dir) else { return 0 };
        let mut removed = 0;
        for folder in folders.flatten() {
            let prefix = folder.file_name().to_string_lossy().into_owned();
            if prefix.len() != 2 || !is_hex(&prefix) || !folder.path().is_dir() {
                continue;
            }
            let Ok(files) = std::fs::read_dir(folder.path()) else { continue };
            for file in files.flatten() {
                let name = file.file_name().to_string_lossy().into_owned();
                let stale = if name.len() == 62 && is_hex(&name) {
                    !used.contains(&format!("{prefix}{name}"))
                } else if let Some(pid) = temporary_pid(&name) {
                    crate::util::fs::left_over(Some(pid), &file.path())
                } else {
                    false
                };
                if stale && std::fs::remove_file(file.path()).is_ok() {
                    removed += 1;
                }
            }
            // Fails, as it should, while the folder still holds anything.
            let _ = std::fs::remove_dir(folder.path());
        }
        let _ = std::fs::remove_dir(&self.dir);
        removed
    }

    fn path_of(&self, key: &Key) -> PathBuf {
        let name = hex(key);
        self.dir.join(&name[..2]).join(&name[2..])
    }

    fn store(&self, path: &Path, key: &Key, value: &[u8]) -> Result<(), String> {
        let folder = path.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(folder).map_err(|e| format!("cannot create `{}`: {e}", folder.display()))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let n = self.temporaries.fetch_add(1, Ordering::Relaxed);
        let tmp = folder.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
        let written = std::fs::File::create(&tmp).and_then(|mut f| {
            f.write_all(header(key, value).as_bytes())?;
            f.write_all(value)
        });
        let stored = written.and_then(|_| std::fs::rename(&tmp, path));
        if let Err(e) = stored {
            let _ = std::fs::remove_file(&tmp);
            return Err(format!("cannot write `{}`: {e}", path.display()));
        }
        Ok(())
    }

    fn note_error(&self, why: String) {
        self.errors.fetch_add(1, Ordering::Relaxed);
        self.first_error.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(why);
    }
}

fn read_entry(path: &Path, key: &Key) -> Entry {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Entry::Missing,
        Err(e) => return Entry::Unreadable(format!("cannot read `{}`: {e}", path.display())),
    };
    let sound = bytes.len() >= HEADER_LEN && bytes[..HEADER_LEN] == *header(key, &bytes[HEADER_LEN..]).as_bytes();
    if !sound {
        return Entry::Damaged;
    }
    let mut value = bytes;
    value.drain(..HEADER_LEN);
    Entry::Good(value)
}

fn is_hex(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The process id in a temporary file's name (`.<62 hex>.<pid>-<n>.tmp`).
fn temporary_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (entry, writer) = rest.split_once('.')?;
    if entry.len() != 62 || !is_hex(entry) {
        return None;
    }
    writer.split_once('-')?.0.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn make(value: &[u8]) -> impl FnOnce() -> Result<Vec<u8>, String> + '_ {
        move || Ok(value.to_vec())
    }

    fn entry_files(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for folder in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            out.extend(std::fs::read_dir(folder.path()).unwrap().flatten().map(|f| f.path()));
        }
        out
    }

    #[test]
    fn a_value_is_made_once_then_read() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("cache"));
        let k = key(&[b"a", b"b"]);
        assert_eq!(cache.get_or_make(&k, make(b"value")).unwrap(), b"value");
        let again: Result<Vec<u8>, String> = cache.get_or_make(&k, || panic!("made twice"));
        assert_eq!(again.unwrap(), b"value");
        assert_eq!((cache.stats().hits, cache.stats().made), (1, 1));
        assert_ne!(key(&[b"a", b"b"]), key(&[b"ab"]), "parts are delimited");
        assert_eq!(entry_files(cache.dir()).len(), 1, "no temporary file left");
    }

    #[test]
    fn a_damaged_entry_is_made_again_and_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("cache"));
        let k = key(&[b"k"]);
        cache.get_or_make(&k, make(b"the value")).unwrap();
        let file = entry_files(cache.dir()).pop().unwrap();
        let whole = std::fs::read(&file).unwrap();
        for damage in [&whole[..whole.len() - 1], &whole[..10], b"", &[whole.as_slice(), b"x"].concat()] {
            std::fs::write(&file, damage).unwrap();
            let cache = Cache::new(dir.path().join("cache"));
            assert_eq!(cache.get_or_make(&k, make(b"the value")).unwrap(), b"the value");
            assert_eq!((cache.stats().damaged, cache.stats().made), (1, 1));
            assert_eq!(std::fs::read(&file).unwrap(), whole, "the entry was rewritten");
        }
        // Another key's sound entry copied over this one.
        cache.get_or_make(&key(&[b"other"]), make(b"the value")).unwrap();
        let other = entry_files(cache.dir()).into_iter().find(|f| *f != file).unwrap();
        std::fs::copy(other, &file).unwrap();
        let cache = Cache::new(dir.path().join("cache"));
        assert_eq!(cache.get_or_make(&k, make(b"the value")).unwrap(), b"the value");
        assert_eq!(cache.stats().damaged, 1);
        // A flipped byte in the value, same length.
        let mut flipped = whole.clone();
        *flipped.last_mut().unwrap() ^= 1;
        std::fs::write(&file, flipped).unwrap();
        let cache = Cache::new(dir.path().join("cache"));
        assert_eq!(cache.get_or_make(&k, make(b"the value")).unwrap(), b"the value");
        assert_eq!(cache.stats().damaged, 1);
    }

    #[test]
    fn errors_fall_back_to_making_the_value() {
        let dir = tempfile::tempdir().unwrap();
        // The cache's folder is a file: nothing can be stored.
        std::fs::write(dir.path().join("cache"), "").unwrap();
        let cache = Cache::new(dir.path().join("cache"));
        assert_eq!(cache.get_or_make(&key(&[b"k"]), make(b"v")).unwrap(), b"v");
        let stats = cache.stats();
        assert_eq!((stats.made, stats.errors), (1, 1));
        assert!(stats.first_error.unwrap().contains("cannot"));
        let failed: Result<Vec<u8>, String> = cache.get_or_make(&key(&[b"j"]), || Err("no".into()));
        assert_eq!(failed.unwrap_err(), "no");
    }

    #[test]
    fn prune_keeps_what_was_used_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let cache_dir = dir.path().join("cache");
        let first = Cache::new(cache_dir.clone());
        for k in [b"a", b"b", b"c"] {
            first.get_or_make(&key(&[k]), make(k)).unwrap();
        }
        // A temporary file of a killed build, and a file the cache did not make.
        let a = hex(&key(&[b"a"]));
        let folder = cache_dir.join(&a[..2]);
        std::fs::write(folder.join(format!(".{}.4000000-0.tmp", &a[2..])), "torn").unwrap();
        std::fs::write(folder.join("notes.txt"), "mine").unwrap();
        let second = Cache::new(cache_dir.clone());
        second.get_or_make(&key(&[b"a"]), make(b"a")).unwrap();
        assert_eq!(second.prune(), 3, "b, c and the temporary file");
        assert_eq!(entry_files(&cache_dir).len(), 2, "a and notes.txt");
        let third = Cache::new(cache_dir.clone());
        std::fs::remove_file(folder.join("notes.txt")).unwrap();
        assert_eq!(third.prune(), 1);
        assert!(!cache_dir.exists(), "an empty cache leaves no folder");
        assert_eq!(third.prune(), 0, "no folder: nothing to do");
    }
}
