//! Grade reports as the platforms export them, issued without hand editing:
//! Open edX (with its profile report for names), Canvas (with a people file
//! for emails, points against `Points Possible`), Moodle (comma and
//! semicolon, `85.00 %`). Fixtures: tests/fixtures/grades/.

use crate::common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn accolade(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accolade")).args(args).output().unwrap()
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn fixture(name: &str) -> String {
    repo().join("tests/fixtures/grades").join(name).to_string_lossy().into_owned()
}

fn new_site(tmp: &Path) -> PathBuf {
    let site = tmp.join("site");
    ok(accolade(&["init", site.to_str().unwrap(), "--base-url", "https://org.github.io/course/"]));
    site
}

fn issue(site: &Path, csv: &str, extra: &[&str]) -> Output {
    let csv = fixture(csv);
    let mut args = vec!["issue", "--site", site.to_str().unwrap(), "--badge", "first-badge", "--from-csv", &csv];
    args.extend_from_slice(extra);
    accolade(&args)
}

fn issue_json(site: &Path, csv: &str, extra: &[&str]) -> Value {
    let mut args = extra.to_vec();
    args.extend_from_slice(&["--format", "json"]);
    serde_json::from_str(&ok(issue(site, csv, &args))).unwrap()
}

/// `(line, name or email)` of the issued rows.
fn issued(s: &Value) -> Vec<(u64, String)> {
    s["issued"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["line"].as_u64().unwrap(), r["name"].as_str().unwrap_or("").to_string()))
        .collect()
}

/// `(line, why)` of the rows in `key`.
fn listed(s: &Value, key: &str) -> Vec<(u64, String)> {
    s[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["line"].as_u64().unwrap(), r["why"].as_str().unwrap().to_string()))
        .collect()
}

fn names(list: &[(u64, String)]) -> Vec<(u64, &str)> {
    list.iter().map(|(l, n)| (*l, n.as_str())).collect()
}

/// Each written award: its name, and whether its hashed recipient is `email`.
fn check_written(site: &Path, s: &Value, expected: &[(&str, &str)]) {
    let awards = s["issued"].as_array().unwrap();
    assert_eq!(awards.len(), expected.len());
    for (award, (name, email)) in awards.iter().zip(expected) {
        let file = site.join(award["file"].as_str().expect("a real run writes a file"));
        let doc: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        assert_eq!(doc["extensions:recipientProfile"]["name"], *name);
        let r: accolade::model::IdentityObject = serde_json::from_value(doc["recipient"].clone()).unwrap();
        assert_eq!(accolade::model::recipient::recipient_matches(&r, email), Ok(true), "{name}");
        assert!(!std::fs::read_to_string(&file).unwrap().contains(email), "no plaintext email");
    }
}

fn award_count(site: &Path) -> usize {
    files(&site.join("assertions")).len()
}

#[test]
fn open_edx_grade_report_with_the_profile_report() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    let args = ["--people", &fixture("openedx_profiles.csv"), "--min-score", "70%"];
    let dry = issue_json(&site, "openedx_grade_report.csv", &[&args[..], &["--dry-run"]].concat());
    assert_eq!(award_count(&site), 1, "a dry run writes nothing");
    assert_eq!(dry["read_as"]["layout"], "openedx");
    assert_eq!(dry["read_as"]["score"], "`Grade` (fraction 0–1)");
    assert_eq!(dry["read_as"]["name"], "`name` in openedx_profiles.csv");
    let want =
        [(2, "Amara Okafor"), (3, "Zoë Müller"), (6, "Łukasz Nowicki"), (7, "Aoife Ní Bhriain"), (8, "Søren Dahl")];
    assert_eq!(names(&issued(&dry)), want);
    let below = listed(&dry, "below_threshold");
    assert_eq!(names(&below), [(4, "score 62% is below 70%"), (5, "score 0% is below 70%")]);
    // A learner the profile report does not have is reported, with the line.
    let rejected = listed(&dry, "rejected");
    assert_eq!(names(&rejected), [(9, "`Email` hana.kobayashi@example.org is not in openedx_profiles.csv")]);

    let s = issue_json(&site, "openedx_grade_report.csv", &args);
    assert_eq!(names(&issued(&s)), want);
    check_written(
        &site,
        &s,
        &[
            ("Amara Okafor", "amara.okafor@example.net"),
            ("Zoë Müller", "zoe.muller@example.com"),
            ("Łukasz Nowicki", "lukasz.nowicki@example.org"),
            ("Aoife Ní Bhriain", "aoife@example.org"),
            ("Søren Dahl", "soren.dahl@example.com"),
        ],
    );
    assert_eq!(award_count(&site), 6);

    // A subsection column: `Not Attempted` / `Not Available` are below the mark, not rejected.
    let s = issue_json(
        &site,
        "openedx_grade_report.csv",
        &[&args[..2], &["--score-column", "Final Exam", "--min-score", "0.9", "--dry-run"]].concat(),
    );
    let below = listed(&s, "below_threshold");
    assert!(below.iter().any(|(l, w)| *l == 5 && w == "not attempted: `Not Attempted` in `Final Exam`"), "{below:?}");
    assert!(listed(&s, "rejected").iter().all(|(l, _)| *l == 9));

    // Without the profile report: issued, but without names, and the summary says why.
    let text = ok(issue(&site, "openedx_grade_report.csv", &["--min-score", "70%", "--dry-run"]));
    assert!(
        text.starts_with("read as an Open edX grade report (comma-separated): email from `Email`; no names"),
        "{text}"
    );
}

#[test]
fn canvas_gradebook_with_a_people_file() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    let people = fixture("canvas_people.csv");
    let want =
        [(3, "Amara Okafor"), (4, "Zoë Müller"), (7, "Łukasz Nowicki"), (8, "Aoife Ní Bhriain"), (9, "Søren Dahl")];
    let dry = issue_json(&site, "canvas_gradebook.csv", &["--people", &people, "--min-score", "70%", "--dry-run"]);
    assert_eq!(dry["read_as"]["layout"], "canvas");
    assert_eq!(dry["read_as"]["score"], "`Final Score` (percentage)");
    assert_eq!(names(&issued(&dry)), want, "\"Last, First\" as \"First Last\"; the Points Possible row is no learner");
    assert_eq!(names(&listed(&dry, "below_threshold")), [(5, "score 62% is below 70%"), (6, "score 0% is below 70%")]);
    assert_eq!(
        names(&listed(&dry, "rejected")),
        [
            (10, "`SIS Login ID` hkobayashi is not in canvas_people.csv"),
            (11, "no `SIS Login ID` to look up in canvas_people.csv")
        ]
    );
    assert_eq!(award_count(&site), 1);

    // Points against the Points Possible row: 70% of 30 points.
    let s = issue_json(
        &site,
        "canvas_gradebook.csv",
        &["--people", &people, "--score-column", "Capstone project (4110)", "--min-score", "70%", "--dry-run"],
    );
    assert_eq!(s["read_as"]["score"], "`Capstone project (4110)` (points out of 30)");
    assert_eq!(issued(&s).iter().map(|i| i.0).collect::<Vec<_>>(), [3, 4, 8, 9]);
    assert_eq!(
        names(&listed(&s, "below_threshold")),
        [
            (5, "score 60% (18.00 of 30) is below 70%"),
            (6, "not attempted: `N/A` in `Capstone project (4110)`"),
            (7, "not attempted: excused (`EX`) in `Capstone project (4110)`"),
        ]
    );
    // 9.5 of 10 points is 95%, not 9.5%.
    let s = issue_json(
        &site,
        "canvas_gradebook.csv",
        &["--people", &people, "--score-column", "Problem set 1 (4101)", "--min-score", "95%", "--dry-run"],
    );
    assert_eq!(issued(&s).iter().map(|i| i.0).collect::<Vec<_>>(), [3, 4, 8]);

    let s = issue_json(&site, "canvas_gradebook.csv", &["--people", &people, "--min-score", "70%"]);
    check_written(
        &site,
        &s,
        &[
            ("Amara Okafor", "amara.okafor@example.net"),
            ("Zoë Müller", "zoe.muller@example.com"),
            ("Łukasz Nowicki", "lukasz.nowicki@example.org"),
            ("Aoife Ní Bhriain", "aoife@example.org"),
            ("Søren Dahl", "soren.dahl@example.com"),
        ],
    );

    // Without the people file there is no email: say what to do.
    let out = issue(&site, "canvas_gradebook.csv", &["--min-score", "70%"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no email column") && err.contains("--people FILE"), "{err}");
}

#[test]
fn moodle_grade_export_comma_and_semicolon() {
    for (file, last) in [("moodle_grades.csv", "Last name"), ("moodle_grades_semicolon.csv", "Surname")] {
        let tmp = tempfile::tempdir().unwrap();
        let site = new_site(tmp.path());
        let dry = issue_json(&site, file, &["--min-score", "70%", "--dry-run"]);
        assert_eq!(dry["read_as"]["layout"], "moodle");
        assert_eq!(dry["read_as"]["name"], format!("`First name` + `{last}`"));
        assert_eq!(dry["read_as"]["score"], "`Course total (Percentage)` (percentage)");
        let want =
            [(2, "Amara Okafor"), (3, "Zoë Müller"), (6, "Łukasz Nowicki"), (7, "Aoife Ní Bhriain"), (8, "Søren Dahl")];
        assert_eq!(names(&issued(&dry)), want, "{file}");
        assert_eq!(
            names(&listed(&dry, "below_threshold")),
            [(4, "score 65% is below 70%"), (5, "not attempted: `-` in `Course total (Percentage)`")]
        );
        let rejected = listed(&dry, "rejected");
        assert_eq!(rejected.len(), 1);
        assert!(rejected[0].0 == 9 && rejected[0].1.contains("not an email address"));

        let s = issue_json(&site, file, &["--min-score", "70%"]);
        check_written(
            &site,
            &s,
            &[
                ("Amara Okafor", "amara.okafor@example.net"),
                ("Zoë Müller", "zoe.muller@example.com"),
                ("Łukasz Nowicki", "lukasz.nowicki@example.org"),
                ("Aoife Ní Bhriain", "aoife@example.org"),
                ("Søren Dahl", "soren.dahl@example.com"),
            ],
        );
    }
}

#[test]
fn delimiters_are_detected_or_given() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    let text = ok(issue(&site, "moodle_grades_semicolon.csv", &["--dry-run"]));
    assert!(text.starts_with("read as a Moodle grade export (semicolon-separated)"), "{text}");
    let s = issue_json(&site, "moodle_grades_semicolon.csv", &["--delimiter", ";", "--dry-run"]);
    assert_eq!(s["read_as"]["delimiter"], "semicolon-separated");
    assert_eq!(s["issued"].as_array().unwrap().len(), 7, "no pass mark: every row with an email");
    // Read with the wrong delimiter, the file has one column: the error lists it.
    let out = issue(&site, "moodle_grades_semicolon.csv", &["--delimiter", ",", "--dry-run"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no email column"));
    let out = issue(&site, "moodle_grades.csv", &["--delimiter", "|", "--dry-run"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--delimiter `|` is not a delimiter"));
}

#[test]
fn explicit_column_flags_win_over_detection() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    let s = issue_json(
        &site,
        "moodle_grades.csv",
        &[
            "--email-column",
            "Email address",
            "--name-column",
            "First name",
            "--score-column",
            "Quiz: Floating point (Percentage)",
            "--min-score",
            "0.8",
            "--dry-run",
        ],
    );
    assert_eq!(s["read_as"]["score"], "`Quiz: Floating point (Percentage)` (percentage)");
    assert_eq!(names(&issued(&s)), [(2, "Amara"), (6, "Łukasz"), (7, "Aoife")]);
    // Moodle's points columns do not say out of how many: the error says what to export instead.
    let out = issue(&site, "moodle_grades.csv", &["--score-column", "Course total (Real)", "--min-score", "70%"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("use `Course total (Percentage)`"));
    // A name column from the people file, by its exact header.
    let s = issue_json(
        &site,
        "openedx_grade_report.csv",
        &["--people", &fixture("openedx_profiles.csv"), "--name-column", "username", "--dry-run"],
    );
    assert_eq!(s["issued"][0]["name"], "aokafor", "--name-column names the grade report's own column first");
    let out = issue(&site, "openedx_grade_report.csv", &["--name-column", "Name"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no column `Name`"));
}

#[test]
fn people_join_is_case_and_space_insensitive_and_reports_misses() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    let people = tmp.path().join("people.csv");
    // Username is the first column both files share (no Email in this file).
    std::fs::write(&people, "Username;Full Name\n AOKAFOR ;Amara Okafor\nzmuller;Zoë Müller\n").unwrap();
    let s = issue_json(
        &site,
        "openedx_grade_report.csv",
        &["--people", people.to_str().unwrap(), "--min-score", "0.8", "--dry-run"],
    );
    assert!(s["read_as"]["text"].as_str().unwrap().contains("people.csv joined on `Username`"));
    assert_eq!(names(&issued(&s)), [(2, "Amara Okafor"), (3, "Zoë Müller")]);
    let rejected = listed(&s, "rejected");
    assert_eq!(rejected.iter().map(|r| r.0).collect::<Vec<_>>(), [4, 5, 6, 7, 8, 9]);
    assert_eq!(rejected[0].1, "`Username` nmai is not in people.csv");
    let unrelated = tmp.path().join("unrelated.csv");
    std::fs::write(&unrelated, "Nickname,Colour\nx,y\n").unwrap();
    let out = issue(&site, "openedx_grade_report.csv", &["--people", unrelated.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no column in common"));
}
