//! File writes that never leave a half-written file under a real name, a
//! lock for commands that edit a site folder, and path resolution.

use anyhow::{anyhow, Context as _, Result};
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

/// Writes a new file and never replaces one: the bytes go to a hidden
/// temporary file first, which is then linked to its name (failing if the
/// name exists), so a crash leaves no half-written JSON under a real name.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = write_temporary(path, bytes)?;
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    linked.with_context(|| {
        format!("cannot create `{}` (it may exist already; accolade never overwrites)", path.display())
    })
}

/// Replaces a file's contents atomically (write a temporary file, rename it).
pub fn replace_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = write_temporary(path, bytes)?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot replace `{}`", path.display()))
}

/// Writes `bytes`, synced to disk, to a hidden file beside `path` (which
/// loaders skip), and returns its path.
pub fn write_temporary(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let dir = path.parent().ok_or_else(|| anyhow!("`{}` has no folder", path.display()))?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let mut f = std::fs::File::create(&tmp).with_context(|| format!("cannot create `{}`", tmp.display()))?;
    f.write_all(bytes).and_then(|_| f.sync_all()).with_context(|| format!("cannot write `{}`", tmp.display()))?;
    Ok(tmp)
}

/// An exclusive lock on a file for as long as it lives.
pub struct FileLock {
    _file: std::fs::File,
}

impl FileLock {
    pub fn acquire(path: &Path) -> Result<FileLock> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .with_context(|| format!("cannot open the lock file `{}`", path.display()))?;
        file.lock().with_context(|| format!("cannot lock `{}`", path.display()))?;
        Ok(FileLock { _file: file })
    }
}

/// An absolute path with `.` and `..` resolved by their text first (so
/// `site/x/..` is `site` even when `x` does not exist), then links resolved
/// in the part that exists.
pub fn absolute(p: &Path) -> Result<PathBuf> {
    let abs = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir()?.join(p) };
    let mut lexical = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut existing = lexical.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
            (Some(n), Some(parent)) => {
                rest.push(n);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for n in rest.into_iter().rev() {
        resolved.push(n);
    }
    Ok(resolved)
}

/// What identifies the running accolade program: its version, and its
/// executable's size and modification time, which change with any new build
/// of it (and so with its built-in templates, theme and drawing code). Read
/// once a process.
pub fn program_identity() -> &'static str {
    static IDENTITY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    IDENTITY.get_or_init(|| {
        let exe = std::env::current_exe().and_then(std::fs::metadata).ok();
        format!(
            "accolade {} exe {:?} {:?}",
            env!("CARGO_PKG_VERSION"),
            exe.as_ref().map(|m| m.len()),
            exe.and_then(|m| m.modified().ok())
        )
    })
}

/// Whether a temporary file or folder named for process `pid` (None: no
/// pid in its name) was left by a build that is no longer running: this
/// process's own, or one whose process is gone. Without `/proc` a file
/// touched in the last hour may belong to a build still running; older
/// ones are left over.
pub fn left_over(pid: Option<u32>, path: &Path) -> bool {
    match pid {
        Some(p) if p == std::process::id() => true,
        Some(p) if Path::new("/proc/self").exists() => !Path::new(&format!("/proc/{p}")).exists(),
        _ => std::fs::symlink_metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_none_or(|age| age.as_secs() >= 3600),
    }
}

/// A path relative to `root`, written with `/` whatever the platform.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_new_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        create_new(&p, b"one").unwrap();
        assert!(create_new(&p, b"two").is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
    }
}
