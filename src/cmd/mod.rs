//! One thin function per command: parse flags into library calls, print.

pub mod bake;
pub mod build;
pub mod check;
pub mod completions;
pub mod eject;
pub mod find;
pub mod init;
pub mod issue;
pub mod keygen;
pub mod new_badge;
pub mod progress;
pub mod rebase;
pub mod revoke;
pub mod serve;
pub mod verify;

use crate::cli::SiteDir;
use accolade::{Problems, Severity};
use std::path::PathBuf;

/// The site folder a command works on: the one given (DIR or --site), else
/// the nearest one from the working folder upward.
pub fn site_dir(site: &SiteDir) -> anyhow::Result<PathBuf> {
    if let Some(dir) = site.given() {
        return Ok(dir.clone());
    }
    accolade::config::find_site_dir(std::path::Path::new(".")).ok_or_else(|| {
        let here = std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_else(|_| ".".into());
        anyhow::anyhow!(
            "no {} in {here} or any folder above it: give the site folder (as DIR or --site DIR), run the command inside it, or create a site with `accolade init DIR`",
            accolade::layout::CONFIG_FILE
        )
    })
}

/// The site folder for a command that also works without a site (keygen):
/// the one given or found, else the working folder.
pub fn site_dir_or_here(site: &SiteDir) -> PathBuf {
    site_dir(site).unwrap_or_else(|_| PathBuf::from("."))
}

/// Prints problems to stderr, most useful first: errors, then warnings.
pub fn print_problems(problems: &Problems) {
    for severity in [Severity::Error, Severity::Warning] {
        for p in problems.iter().filter(|p| p.severity == severity) {
            eprintln!("{p}");
        }
    }
}

pub fn summary(problems: &Problems) -> String {
    format!("{}, {}", count(problems.error_count(), "error"), count(problems.warning_count(), "warning"))
}

/// `1 award`, `2 awards`, `3 badge classes`.
/// ", N Open Badges 3.0 credentials" when a site has any, for the summaries.
pub fn credentials_counted(n: usize) -> String {
    match n {
        0 => String::new(),
        n => format!(", {}", count(n, "Open Badges 3.0 credential")),
    }
}

pub fn count(n: usize, noun: &str) -> String {
    match (n, noun.ends_with("ss")) {
        (1, _) => format!("1 {noun}"),
        (_, true) => format!("{n} {noun}es"),
        _ => format!("{n} {noun}s"),
    }
}
