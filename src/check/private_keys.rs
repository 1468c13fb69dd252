//! No private key in a site folder. Everything in it may become public: the
//! folder is a git repository that GitHub Pages publishes from, and
//! `static/` is copied to the site as it is. A signing key belongs in a file
//! outside the folder or in a CI secret (`accolade keygen`).

use crate::diag::Problems;
use crate::library::reads_as_object;
use crate::sign::key::{holds_private_key, private_key_problem};
use crate::util::fs::display_path;
use std::path::Path;

/// Larger files are not read for keys: a key file is a few hundred bytes.
const MAX_SCANNED_BYTES: u64 = 4 * 1024 * 1024;

/// Refuses every file of `site_dir` that holds a private key, but the output
/// folder (`output`, which the build writes), git's folder and the object
/// files, which the reader looks at as it reads them (`reads_as_object`).
pub(super) fn check_private_keys(site_dir: &Path, output: &Path, problems: &mut Problems) {
    let output = output.canonicalize().ok();
    let walker = walkdir::WalkDir::new(site_dir).min_depth(1).into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        let kept_out = name == ".git"
            || name.contains(".accolade-")
            // Only folders can be the output (a site may have 100,000 files).
            || e.file_type().is_dir()
                && output.as_deref().is_some_and(|o| e.path().canonicalize().ok().as_deref() == Some(o));
        !kept_out
    });
    for entry in walker.flatten() {
        let path = entry.path();
        let rel = display_path(site_dir, path);
        if !entry.file_type().is_file() || reads_as_object(&rel) {
            continue;
        }
        if entry.metadata().map_or(true, |m| m.len() > MAX_SCANNED_BYTES) {
            continue;
        }
        let Ok(bytes) = std::fs::read(path) else { continue };
        if holds_private_key(&String::from_utf8_lossy(&bytes)) {
            problems.push(private_key_problem(rel));
        }
    }
}
