//! Watching a site folder for changes, debounced: an editor's save (a
//! temporary file written, renamed over the old one) or a `git checkout`
//! arrives as one batch, and one rebuild follows.

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long the folder must be quiet before a batch of changes is reported.
pub const DEBOUNCE: Duration = Duration::from_millis(200);
/// A batch is reported after this long even if changes keep coming.
const LONGEST_BATCH: Duration = Duration::from_secs(2);

/// Watches while it lives.
pub struct Watch {
    _watcher: RecommendedWatcher,
}

/// Watches `dir` (absolute) and everything below it, calling `changed` with
/// the paths of each batch of changes, relative to `dir`, that `ignore`
/// does not leave out. Paths under `skip` (absolute: the output folders)
/// are left out too.
pub fn watch(dir: &Path, skip: Vec<PathBuf>, changed: impl Fn(Vec<PathBuf>) + Send + 'static) -> Result<Watch, String> {
    let (tx, rx) = mpsc::channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
        let Ok(event) = event else { return };
        // Reading a file is no change, and every build reads them all: only
        // a file closed after writing counts among the accesses.
        let write = matches!(event.kind, EventKind::Access(AccessKind::Close(AccessMode::Write)));
        if matches!(event.kind, EventKind::Access(_)) && !write {
            return;
        }
        for path in event.paths {
            let _ = tx.send(path);
        }
    })
    .map_err(|e| format!("cannot watch for changes: {e}"))?;
    watcher
        .watch(dir, RecursiveMode::Recursive)
        .map_err(|e| format!("cannot watch `{}` for changes: {e}", dir.display()))?;
    let root = dir.to_path_buf();
    // Ends when the watcher is dropped, which closes the channel.
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            let started = Instant::now();
            let mut batch = vec![first];
            while started.elapsed() < LONGEST_BATCH {
                match rx.recv_timeout(DEBOUNCE) {
                    Ok(path) => batch.push(path),
                    Err(_) => break,
                }
            }
            let mut paths: Vec<PathBuf> = batch
                .into_iter()
                .filter(|p| !skip.iter().any(|s| p.starts_with(s)))
                .filter_map(|p| p.strip_prefix(&root).ok().map(Path::to_path_buf))
                .filter(|rel| !rel.as_os_str().is_empty() && !ignore(rel))
                .collect();
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                changed(paths);
            }
        }
    });
    Ok(Watch { _watcher: watcher })
}

/// Paths (relative to the site folder) whose changes are not the site's:
/// git's, an editor's temporary and backup files, accolade's own records
/// and locks beside an output folder.
pub fn ignore(rel: &Path) -> bool {
    let accolades = |p: &str| p == crate::layout::GIT || (p.starts_with('.') && p.contains(".accolade-"));
    if rel.iter().any(|p| accolades(&p.to_string_lossy())) {
        return true;
    }
    let Some(name) = rel.file_name().map(|n| n.to_string_lossy()) else { return false };
    name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx", ".tmp", ".kate-swp", ".crdownload"].iter().any(|x| name.ends_with(x))
        || name.starts_with(".goutputstream-")
        // vim checks that it can write a folder with a file named 4913.
        || name == "4913"
        || name == ".DS_Store"
        || name == crate::layout::LOCK_FILE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_and_git_files_are_ignored() {
        for rel in [
            ".git/index",
            ".git/objects/ab/cdef",
            "assertions/a.json~",
            "assertions/.a.json.swp",
            "assertions/.#a.json",
            "assertions/#a.json#",
            "assertions/4913",
            ".accolade.lock",
            ".public.accolade-build",
            ".public.accolade-cache/ab.png",
        ] {
            assert!(ignore(Path::new(rel)), "{rel}");
        }
        for rel in ["assertions/a.json", "accolade.toml", "badges/m1.svg", "templates/award.html", ".well-known/x"] {
            assert!(!ignore(Path::new(rel)), "{rel}");
        }
    }
}
