//! A learner's awards by email: `find`, `revoke EMAIL --badge SLUG`, and
//! keeping grade reports out of the published repository (`init`'s
//! `.gitignore`, the warning of `issue --from-csv`).

use crate::common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BASE: &str = "https://org.github.io/course/";
const ADA: &str = "ada@example.org";
const BOB: &str = "bob@example.org";

fn accolade(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accolade")).args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    stdout(&out)
}

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git").arg("-C").arg(dir).args(args).output().expect("git is installed")
}

/// A site made by `init`, with a second badge class, `second-badge`.
fn new_site(tmp: &Path) -> PathBuf {
    let site = tmp.join("site");
    ok(accolade(&["init", site.to_str().unwrap(), "--base-url", BASE, "--title", "Course"]));
    let badges = site.join("badges");
    let json = std::fs::read_to_string(badges.join("first-badge.json")).unwrap();
    let json = json.replace("first-badge", "second-badge").replace("\"First Badge\"", "\"Second Badge\"");
    std::fs::write(badges.join("second-badge.json"), json).unwrap();
    std::fs::copy(badges.join("first-badge.svg"), badges.join("second-badge.svg")).unwrap();
    site
}

/// Issues `badge` to `email`; the new award's code.
fn issue(site: &Path, badge: &str, email: &str) -> String {
    let out = ok(accolade(&[
        "issue",
        "--site",
        site.to_str().unwrap(),
        "--badge",
        badge,
        "--email",
        email,
        "--format",
        "json",
    ]));
    let summary: Value = serde_json::from_str(&out).unwrap();
    let id = summary["issued"][0]["id"].as_str().unwrap();
    id.strip_prefix(&format!("{BASE}assertions/")).unwrap().strip_suffix(".json").unwrap().to_string()
}

fn find(site: &Path, email: &str, format: &str) -> Output {
    accolade(&["find", email, "--site", site.to_str().unwrap(), "--format", format])
}

fn find_json(site: &Path, email: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(&ok(find(site, email, "json"))).unwrap();
    v["awards"].as_array().unwrap().clone()
}

fn revoke(site: &Path, args: &[&str]) -> Output {
    let mut all = vec!["revoke", "--site", site.to_str().unwrap()];
    all.extend_from_slice(args);
    accolade(&all)
}

/// Three awards besides init's sample: Ada holds both badges, Bob the first.
fn site_with_awards(tmp: &Path) -> (PathBuf, [String; 3]) {
    let site = new_site(tmp);
    let ada_first = issue(&site, "first-badge", ADA);
    let ada_second = issue(&site, "second-badge", ADA);
    let bob_first = issue(&site, "first-badge", BOB);
    (site, [ada_first, ada_second, bob_first])
}

#[test]
fn find_lists_exactly_the_learners_awards() {
    let tmp = tempfile::tempdir().unwrap();
    let (site, [ada_first, ada_second, bob_first]) = site_with_awards(tmp.path());
    let before = files(&site);
    let sample = accolade::edit::init::SAMPLE_EMAIL;

    let text = ok(find(&site, "  Ada@Example.ORG ", "text"));
    assert!(text.starts_with("2 awards issued to Ada@Example.ORG:"), "{text}");
    for (code, name) in [(&ada_first, "First Badge"), (&ada_second, "Second Badge")] {
        let page = format!("{BASE}assertions/{code}/");
        assert!(text.contains(&format!("  {code}  {name}  issued ")), "{text}");
        assert!(text.contains(&page), "{text}");
    }
    assert!(!text.contains(&bob_first), "{text}");
    assert!(text.contains(" current\n"), "{text}");

    let awards = find_json(&site, "ADA@example.org");
    let codes: Vec<&str> = awards.iter().map(|a| a["code"].as_str().unwrap()).collect();
    let mut expected = vec![ada_first.as_str(), ada_second.as_str()];
    let mut got = codes.clone();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
    for a in &awards {
        let code = a["code"].as_str().unwrap();
        assert_eq!(a["page"], format!("{BASE}assertions/{code}/"));
        assert_eq!(a["id"], format!("{BASE}assertions/{code}.json"));
        assert_eq!(a["file"], format!("assertions/{code}.json"));
        assert_eq!(a["status"], "current");
        assert!(a["issued_on"].as_str().unwrap().ends_with('Z'));
    }
    let bob = find_json(&site, BOB);
    assert_eq!(bob.len(), 1);
    assert_eq!(bob[0]["code"], bob_first.as_str());
    assert_eq!(bob[0]["badge_name"], "First Badge");
    assert_eq!(find_json(&site, sample).len(), 1, "init's sample award");

    assert_eq!(files(&site), before, "find writes nothing");

    // Expired: issued long ago for a day.
    let dan = "dan@example.org";
    ok(accolade(&[
        "issue",
        "--site",
        site.to_str().unwrap(),
        "--badge",
        "first-badge",
        "--email",
        dan,
        "--issued-on",
        "2025-01-01",
        "--valid-for",
        "1d",
    ]));
    let expired = find_json(&site, dan);
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0]["status"], "expired");
    assert_eq!(expired[0]["issued_on"], "2025-01-01T00:00:00Z");
    let before = files(&site);

    let unknown = find(&site, "carol@example.org", "text");
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stdout(&unknown).is_empty());
    assert!(stderr(&unknown).contains("no award of this site is issued to carol@example.org"), "{}", stderr(&unknown));
    let not_email = find(&site, "ada", "text");
    assert!(!not_email.status.success());
    assert!(stderr(&not_email).contains("not an email address"), "{}", stderr(&not_email));
    assert_eq!(files(&site), before, "find writes nothing");
}

#[test]
fn revoke_by_email_and_badge() {
    let tmp = tempfile::tempdir().unwrap();
    let (site, [ada_first, ada_second, bob_first]) = site_with_awards(tmp.path());
    let list = site.join("revocations.json");

    // Refused: no --badge, a badge she does not hold, a badge that does not exist.
    let no_badge = revoke(&site, &[ADA, "--reason", "Plagiarism."]);
    assert!(!no_badge.status.success());
    assert!(stderr(&no_badge).contains("add --badge SLUG"), "{}", stderr(&no_badge));
    let not_held = revoke(&site, &[BOB, "--badge", "second-badge", "--reason", "Plagiarism."]);
    assert!(!not_held.status.success());
    assert!(stderr(&not_held).contains("holds no award of “Second Badge”"), "{}", stderr(&not_held));
    let no_such = revoke(&site, &[ADA, "--badge", "third-badge", "--reason", "Plagiarism."]);
    assert!(!no_such.status.success());
    assert!(stderr(&no_such).contains("no badge class `third-badge`"), "{}", stderr(&no_such));
    assert!(!list.exists(), "nothing recorded");

    // Ada's first badge, by slug; her email as she typed it.
    let out = ok(revoke(&site, &[" Ada@Example.org", "--badge", "first-badge", "--reason", "Plagiarism."]));
    assert!(out.starts_with(&format!("revoked {BASE}assertions/{ada_first}.json")), "{out}");
    let recorded: Value = serde_json::from_slice(&std::fs::read(&list).unwrap()).unwrap();
    let entries = recorded["revokedAssertions"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["id"], format!("{BASE}assertions/{ada_first}.json"));

    let awards = find_json(&site, ADA);
    let status = |code: &str| awards.iter().find(|a| a["code"] == code).unwrap()["status"].clone();
    assert_eq!(status(&ada_first), "revoked");
    assert_eq!(status(&ada_second), "current");
    assert_eq!(find_json(&site, BOB)[0]["status"], "current", "Bob's award of the same badge stays");
    let text = ok(find(&site, ADA, "text"));
    assert!(text.contains(&format!("{ada_first}  First Badge  issued ")) && text.contains("  revoked\n"), "{text}");
    assert!(text.contains("revoked because: Plagiarism."), "{text}");

    // Issued again, then revoked by the badge's id: the new award, not the revoked one.
    let again = issue(&site, "first-badge", ADA);
    let badge_id = format!("{BASE}badges/first-badge.json");
    let out = ok(revoke(&site, &[ADA, "--badge", &badge_id, "--reason", "Again."]));
    assert!(out.starts_with(&format!("revoked {BASE}assertions/{again}.json")), "{out}");
    // With no current award left, revoking by email changes nothing.
    let before = std::fs::read(&list).unwrap();
    let out = ok(revoke(&site, &[ADA, "--badge", "first-badge", "--reason", "Third time."]));
    assert!(out.contains("already revoked"), "{out}");
    assert_eq!(std::fs::read(&list).unwrap(), before);

    // Two current awards of one badge (copied by hand): ask for the code.
    let copy = "twinaward2";
    let text = std::fs::read_to_string(site.join(format!("assertions/{ada_second}.json"))).unwrap();
    std::fs::write(site.join(format!("assertions/{copy}.json")), text.replace(&ada_second, copy)).unwrap();
    let several = revoke(&site, &[ADA, "--badge", "second-badge", "--reason", "Duplicate."]);
    assert!(!several.status.success());
    let why = stderr(&several);
    assert!(why.contains("holds 2 awards of “Second Badge”"), "{why}");
    assert!(why.contains(&ada_second) && why.contains(copy) && why.contains("give the code"), "{why}");
    assert_eq!(std::fs::read(&list).unwrap(), before, "nothing recorded");

    // By code, as before.
    let out = ok(revoke(&site, &[&bob_first, "--reason", "Mistake."]));
    assert!(out.starts_with(&format!("revoked {BASE}assertions/{bob_first}.json")), "{out}");
}

#[test]
fn init_gitignore_keeps_grade_reports_out_of_git() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    assert!(git(&site, &["init", "-q"]).status.success());
    // The last two: the build record and the share image cache `accolade
    // build` leaves beside `public/`.
    let reports = [
        "grades.csv",
        "exports/grades.tsv",
        "grades.xlsx",
        "grades.xls",
        "grades.ods",
        "public/x.html",
        ".public.accolade-build",
        ".public.accolade-cache/ab/cdef",
    ];
    for r in reports {
        let path = site.join(r);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "Email\nada@example.org\n").unwrap();
        let ignored = git(&site, &["check-ignore", "-q", r]);
        assert_eq!(ignored.status.code(), Some(0), "{r} is not ignored");
    }
    let status = stdout(&git(&site, &["status", "--porcelain", "--untracked-files=all"]));
    assert!(!status.contains("grades") && !status.contains("public"), "{status}");
    assert!(status.contains("badges/first-badge.json"), "the site itself is not ignored: {status}");
}

#[test]
fn issue_warns_about_a_grade_report_git_would_publish() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    assert!(git(&site, &["init", "-q"]).status.success());
    let fixture = repo().join("tests/fixtures/grades/grade_report.csv");
    let run = |report: &Path| {
        let out = accolade(&[
            "issue",
            "--site",
            site.to_str().unwrap(),
            "--badge",
            "first-badge",
            "--from-csv",
            report.to_str().unwrap(),
            "--dry-run",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        stderr(&out)
    };

    // Inside, not ignored (a name the .gitignore does not cover).
    let exposed = site.join("grade_report.txt");
    std::fs::copy(&fixture, &exposed).unwrap();
    let warning = run(&exposed);
    assert!(warning.contains("warning: the grade report"), "{warning}");
    assert!(warning.contains("grade_report.txt") && warning.contains("git does not ignore it"), "{warning}");
    assert!(warning.contains("move it out") && warning.contains(".gitignore"), "{warning}");

    // Inside and ignored by init's .gitignore; outside the work tree.
    let ignored = site.join("grades.csv");
    std::fs::copy(&fixture, &ignored).unwrap();
    assert!(!run(&ignored).contains("warning"), "ignored");
    let outside = tmp.path().join("grades.csv");
    std::fs::copy(&fixture, &outside).unwrap();
    assert!(!run(&outside).contains("warning"), "outside");

    // The same report is exposed once the .gitignore no longer covers it.
    std::fs::write(site.join(".gitignore"), "public/\n").unwrap();
    assert!(run(&ignored).contains("warning: the grade report"));
}
