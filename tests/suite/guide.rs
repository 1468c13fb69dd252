//! docs/GUIDE.md, run as a course would run it: every command of its `sh`
//! blocks, in order, in one folder, with the grade exports of
//! `tests/fixtures/grades` saved under `~/exports/` by the names the guide
//! uses. A command that fails, or an `accolade` command this test does not
//! run, fails the test, so the guide cannot drift from the tool.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The exports the guide names, and the fixture each one is.
const EXPORTS: &[(&str, &str)] = &[
    ("openedx_grade_report.csv", "openedx_grade_report.csv"),
    ("openedx_profiles.csv", "openedx_profiles.csv"),
    ("gradebook.csv", "canvas_gradebook.csv"),
    ("roster.csv", "canvas_people.csv"),
    ("grades.csv", "moodle_grades.csv"),
    ("grade_report.csv", "grade_report.csv"),
];

/// Commands that are not run, and why: they serve until stopped
/// (`accolade serve` has its own test, `serve.rs`).
const NOT_RUN: &[&str] = &["python3 -m http.server", "accolade serve"];

/// The command lines of the guide's `sh` blocks, with `\` continuations
/// joined and trailing comments removed.
fn guide_commands(guide: &str) -> Vec<String> {
    let mut commands = Vec::new();
    let mut in_sh = false;
    let mut pending = String::new();
    for line in guide.lines() {
        if line.starts_with("```") {
            in_sh = !in_sh && (line == "```sh" || line == "```bash");
            continue;
        }
        if !in_sh || line.trim().is_empty() {
            continue;
        }
        let line = match line.find("  #") {
            Some(i) => line[..i].trim_end(),
            None => line.trim_end(),
        };
        match line.strip_suffix('\\') {
            Some(start) => pending.push_str(start),
            None => {
                pending.push_str(line);
                commands.push(std::mem::take(&mut pending).trim().to_string());
            }
        }
    }
    commands
}

/// The code of one award of the site (the guide's example code is made up).
fn some_award_code(site: &Path) -> String {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(site.join("assertions")).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    files[0].file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn every_command_of_the_guide_runs() {
    let guide = std::fs::read_to_string(repo().join("docs/GUIDE.md")).unwrap();
    let commands = guide_commands(&guide);
    let run = |c: &&String| !NOT_RUN.iter().any(|n| c.starts_with(n));
    let accolade_commands = commands.iter().filter(run).filter(|c| c.starts_with("accolade ")).count();
    assert!(accolade_commands >= 10, "the guide has {accolade_commands} accolade commands: {commands:#?}");

    let home = tempfile::tempdir().unwrap();
    let exports = home.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    for (name, fixture) in EXPORTS {
        std::fs::copy(repo().join("tests/fixtures/grades").join(fixture), exports.join(name)).unwrap();
    }
    let work = home.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_accolade")).parent().unwrap().to_path_buf();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());

    let mut cwd = work.clone();
    let mut ran = 0;
    for command in &commands {
        if NOT_RUN.iter().any(|n| command.starts_with(n)) {
            continue;
        }
        if let Some(dir) = command.strip_prefix("cd ") {
            cwd = cwd.join(dir.trim());
            continue;
        }
        // The guide's placeholders, filled in as a course would.
        let mut line = command.replace("<owner>", "numerics-course").replace("<repository>", "course-badges");
        if line.contains("k7m2q9xw4t") {
            line = line.replace("k7m2q9xw4t", &some_award_code(&cwd));
        }
        let out = Command::new("bash")
            .arg("-ec")
            .arg(&line)
            .current_dir(&cwd)
            .env("HOME", home.path())
            .env("PATH", &path)
            .env("GIT_AUTHOR_NAME", "Course")
            .env("GIT_AUTHOR_EMAIL", "course@example.org")
            .env("GIT_COMMITTER_NAME", "Course")
            .env("GIT_COMMITTER_EMAIL", "course@example.org")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "the guide's `{line}` failed in {}:\n{}{}",
            cwd.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if command.starts_with("accolade ") {
            ran += 1;
        }
    }
    assert_eq!(ran, accolade_commands, "every accolade command of the guide ran");
    // What the guide promises at the end: a built site with the awards in it.
    let site = work.join("course-badges");
    assert!(site.join("public/index.html").is_file());
    assert!(files(&site.join("public")).iter().any(|f| f.starts_with("assertions/") && f.ends_with("/index.html")));
}

#[test]
fn commands_are_read_from_sh_blocks_only() {
    let text = "x\n```sh\naccolade a \\\n    --b c   # note\ncd d\n```\n```\naccolade not-sh\n```\n";
    assert_eq!(guide_commands(text), ["accolade a     --b c", "cd d"]);
}
