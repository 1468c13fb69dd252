//! Keeping grade reports private. A report holds every learner's email and
//! grade; the site folder is a git repository that is usually public, so a
//! report saved inside it is one `git add .` away from being published.
//! `init`'s `.gitignore` excludes the usual export formats, and `issue
//! --from-csv` warns about a report that git would still pick up.

use crate::layout;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A warning for a grade report at `report` used with the site folder
/// `site_dir`, when git would add it to the site's repository: it lies in
/// the git work tree the site folder belongs to and git does not ignore it.
/// `None` when the report is outside that work tree, or ignored, or there is
/// no work tree. Without git, any report inside the site folder is warned about.
pub fn report_warning(site_dir: &Path, report: &Path) -> Option<String> {
    let site = site_dir.canonicalize().ok()?;
    let report = report.canonicalize().ok()?;
    let shown = report.display();
    let fix = format!(
        "move it out of the repository (e.g. to ~/exports/{}), or add it to .gitignore",
        report.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    );
    let work_tree = work_tree_of(&site)?;
    let rel = report.strip_prefix(&work_tree).ok()?;
    match git_ignores(&work_tree, rel) {
        Some(true) => None,
        Some(false) => Some(format!(
            "the grade report `{shown}` is inside the git repository `{}` and git does not ignore it: \
             its learners' emails and grades would be published with the site at the next `git add .`; {fix}",
            work_tree.display()
        )),
        None if report.starts_with(&site) => Some(format!(
            "the grade report `{shown}` is inside the site folder `{}`, which is published with git: \
             its learners' emails and grades could be published; {fix}",
            site.display()
        )),
        None => None,
    }
}

/// The work tree a folder belongs to: the nearest folder, from it upwards,
/// that has a `.git` (a folder, or a file in a linked work tree or submodule).
fn work_tree_of(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().find(|d| d.join(layout::GIT).exists()).map(Path::to_path_buf)
}

/// Whether git ignores `rel` in `work_tree`, asked of git itself so that every
/// `.gitignore`, `.git/info/exclude` and global exclude counts. `None` when
/// git cannot say (not installed, or not a repository it accepts).
fn git_ignores(work_tree: &Path, rel: &Path) -> Option<bool> {
    let status = Command::new("git")
        .arg("-C")
        .arg(work_tree)
        .args(["check-ignore", "-q", "--"])
        .arg(rel)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    // 0: ignored; 1: not ignored; anything else: an error.
    match status.code() {
        Some(0) => Some(true),
        Some(1) => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git_available() -> bool {
        Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success())
    }

    fn git(dir: &Path, args: &[&str]) {
        let ok = Command::new("git").arg("-C").arg(dir).args(args).output().unwrap().status.success();
        assert!(ok, "git {args:?}");
    }

    #[test]
    fn work_tree_is_found_upwards_through_a_git_file_or_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().canonicalize().unwrap().join("repo");
        std::fs::create_dir_all(repo.join("site/badges")).unwrap();
        assert_eq!(work_tree_of(&repo.join("site")), None);
        std::fs::write(repo.join(".git"), "gitdir: elsewhere\n").unwrap();
        assert_eq!(work_tree_of(&repo.join("site/badges")), Some(repo.clone()));
    }

    #[test]
    fn warns_only_for_a_report_git_would_add() {
        if !git_available() {
            eprintln!("git is not installed; skipped");
            return;
        }
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        let site = repo.join("site");
        std::fs::create_dir_all(&site).unwrap();
        git(&repo, &["init", "-q"]);
        let inside = site.join("grades.csv");
        std::fs::write(&inside, "Email\n").unwrap();
        let outside = tmp.path().join("grades.csv");
        std::fs::write(&outside, "Email\n").unwrap();

        let warning = report_warning(&site, &inside).expect("a report git would add");
        assert!(warning.contains("grades.csv") && warning.contains(".gitignore"), "{warning}");
        assert!(warning.contains("move it out"), "{warning}");
        assert_eq!(report_warning(&site, &outside), None, "outside the work tree");
        std::fs::write(repo.join(".gitignore"), "*.csv\n").unwrap();
        assert_eq!(report_warning(&site, &inside), None, "ignored");
        assert_eq!(report_warning(&site, &site.join("missing.csv")), None, "no such file: the reader says so");
    }
}
