//! What `accolade build` prints: the one-line summary when stderr is not a
//! terminal (no progress bar in CI logs), `--quiet` and `--verbose`.

use crate::common::{example_site, repo};
use std::path::Path;
use std::process::{Command, Output};

fn build(site: &Path, out: &Path, flags: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accolade"))
        .arg("build")
        .arg(site)
        .arg("--output")
        .arg(out)
        .args(flags)
        .env("SOURCE_DATE_EPOCH", "1795600000")
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The summary, as CI logs and scripts have always seen it: the last line,
/// nothing drawn (no carriage returns or escape sequences), no phase names.
#[test]
fn summary_line_alone_when_not_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let run = build(&example_site(), &tmp.path().join("out"), &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    let text = stderr(&run);
    assert!(!text.contains('\r') && !text.contains('\u{1b}'), "something was drawn: {text:?}");
    assert!(!text.contains("rendering pages"), "{text}");
    let last = text.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("built ") && last.contains(" award") && last.contains(" files (") && last.ends_with(" s"),
        "{text}"
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn quiet_prints_nothing_on_success() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = build(&example_site(), &out, &["--quiet"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(stderr(&run), "");
    assert!(run.stdout.is_empty());
    assert!(out.join("index.html").is_file(), "the site is still built");
}

#[test]
fn quiet_still_prints_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let run = build(&repo().join("tests/fixtures/broken"), &tmp.path().join("out"), &["-q"]);
    assert!(!run.status.success());
    let text = stderr(&run);
    assert!(text.contains("error"), "{text}");
    assert!(text.contains("nothing was written"), "{text}");
    assert!(!text.lines().any(|l| l.contains("warning[")), "warnings are not errors: {text}");
}

#[test]
fn verbose_prints_each_phase_with_its_time() {
    let tmp = tempfile::tempdir().unwrap();
    let run = build(&example_site(), &tmp.path().join("out"), &["--verbose"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let text = stderr(&run);
    assert!(text.lines().any(|l| l.starts_with("built ")), "{text}");
    for phase in ["reading", "checking", "rendering pages", "writing"] {
        assert!(
            text.lines().any(|l| l.trim_start().starts_with(phase) && l.contains(" s")),
            "no timing for {phase}: {text}"
        );
    }
    assert!(text.lines().any(|l| l.contains("rendering pages") && l.contains(" awards)")), "{text}");
}

#[test]
fn quiet_and_verbose_cannot_be_combined() {
    let tmp = tempfile::tempdir().unwrap();
    let run = build(&example_site(), &tmp.path().join("out"), &["--quiet", "--verbose"]);
    assert!(!run.status.success());
    assert!(!tmp.path().join("out").exists());
}
