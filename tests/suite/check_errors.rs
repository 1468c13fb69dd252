//! `accolade check` on broken sites: every problem is listed, with file,
//! line, column and JSON path, in words that say how to fix it.

use crate::common::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// A fixed build time, so the "issued in the future" message is stable.
const EPOCH: &str = "1795000000";

fn check(dir: &Path, json: bool) -> (bool, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_accolade"));
    cmd.arg("check").arg(dir).env("SOURCE_DATE_EPOCH", EPOCH);
    if json {
        cmd.args(["--format", "json"]);
    }
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Compares with a snapshot file; `ACCOLADE_UPDATE_SNAPSHOTS=1` rewrites it.
fn assert_snapshot(name: &str, actual: &str) {
    let path = repo().join("tests/snapshots").join(name);
    if std::env::var_os("ACCOLADE_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(expected == actual, "snapshot {name} differs; run with ACCOLADE_UPDATE_SNAPSHOTS=1 to accept.\n--- expected\n{expected}\n--- actual\n{actual}");
}

#[test]
fn broken_site_lists_every_problem() {
    let (ok, _, stderr) = check(&repo().join("tests/fixtures/broken"), false);
    assert!(!ok, "check exits 1 on errors");
    assert_snapshot("broken.txt", &stderr);
    for code in [
        "json.syntax",
        "json.type",
        "date.timezone",
        "date.future",
        "ref.badge",
        "id.duplicate",
        "output.collision",
        "recipient.hash",
        "recipient.plaintext",
        "issuer.policy",
        "id.path",
        "required",
        "type",
        "image.missing",
        "issuer.email",
        "badge.criteria",
    ] {
        assert!(stderr.contains(&format!("error[{code}]: ")), "no {code} error");
    }
    // Every error names a file, and every error in a JSON file its line and column.
    for line in stderr.lines().filter(|l| l.starts_with("error[")) {
        let location = line.split("]: ").nth(1).unwrap().split(": ").next().unwrap();
        let location = location.split(" at ").next().unwrap();
        if location.ends_with(".json") {
            panic!("no line:column in {line}");
        }
    }
}

#[test]
fn json_format_for_ci() {
    let (ok, stdout, _) = check(&repo().join("tests/fixtures/broken"), true);
    assert!(!ok);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["ok"], false);
    let problems = report["problems"].as_array().unwrap();
    let errors = problems.iter().filter(|p| p["severity"] == "error").count();
    assert_eq!(report["errors"].as_u64().unwrap() as usize, errors);
    assert_eq!(report["warnings"].as_u64().unwrap() as usize, problems.len() - errors);
    let syntax = problems.iter().find(|p| p["code"] == "json.syntax").unwrap();
    assert_eq!(syntax["file"], "assertions/syntax.json");
    assert_eq!(syntax["line"], 5);
    assert_eq!(syntax["column"], 1);
    let hash = problems.iter().find(|p| p["code"] == "recipient.hash").unwrap();
    assert_eq!(hash["json_path"], "recipient.identity");
    assert_eq!(hash["severity"], "error");
}

#[test]
fn build_refuses_to_write_when_check_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_accolade"))
        .arg("build")
        .arg(repo().join("tests/fixtures/broken"))
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(!status.status.success());
    assert!(String::from_utf8_lossy(&status.stderr).contains("nothing was written"));
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0, "no staging folder left");
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&example_site(), &site);
    let out = tmp.path().join("out");
    let run = |site: &Path| {
        Command::new(env!("CARGO_BIN_EXE_accolade")).arg("build").arg(site).arg("-o").arg(&out).output().unwrap()
    };
    assert!(run(&site).status.success());
    let before = files(&out);
    let index_before = std::fs::read(out.join("index.html")).unwrap();
    std::fs::write(site.join("assertions/amara-okafor-m1.json"), "{ broken").unwrap();
    let second = run(&site);
    assert!(!second.status.success());
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("assertions/amara-okafor-m1.json:1:3"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(files(&out), before);
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), index_before);
}

#[test]
fn config_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let (ok, _, stderr) = check(tmp.path(), false);
    assert!(!ok);
    assert!(stderr.contains("error[config.missing]: accolade.toml: cannot read the site configuration"), "{stderr}");
    std::fs::write(tmp.path().join("accolade.toml"), "base_url = \"https://a.org/\"\ntitel = \"x\"\n").unwrap();
    let (ok, _, stderr) = check(tmp.path(), false);
    assert!(!ok);
    assert!(stderr.contains("error[config.syntax]: accolade.toml:2:1: unknown field `titel`"), "{stderr}");
}

#[test]
fn refuses_output_that_would_destroy_the_site() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&example_site(), &site);
    for out in [site.clone(), tmp.path().to_path_buf()] {
        let r =
            Command::new(env!("CARGO_BIN_EXE_accolade")).arg("build").arg(&site).arg("-o").arg(&out).output().unwrap();
        assert!(!r.status.success());
        assert!(String::from_utf8_lossy(&r.stderr).contains("refusing"), "{}", String::from_utf8_lossy(&r.stderr));
    }
    assert!(site.join("accolade.toml").is_file());
}

#[test]
fn huge_and_deeply_nested_files_are_errors_not_crashes() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&example_site(), &site);
    // 5 MB of valid JSON.
    let big = format!("{{\"type\": \"Assertion\", \"narrative\": \"{}\"}}", "x".repeat(5 * 1024 * 1024));
    std::fs::write(site.join("assertions/big.json"), big).unwrap();
    // 10,000 levels of nesting.
    std::fs::write(site.join("assertions/deep.json"), format!("{}{}", "[".repeat(10_000), "]".repeat(10_000))).unwrap();
    let (ok, _, stderr) = check(&site, false);
    assert!(!ok);
    assert!(stderr.contains("error[file.size]: assertions/big.json: the file is 5 MiB"), "{stderr}");
    assert!(
        stderr.contains("error[json.syntax]: assertions/deep.json:1:128: invalid JSON: recursion limit exceeded"),
        "{stderr}"
    );
}
