//! The issuing workflow: `init`, `issue` (one award, or a grade report),
//! `revoke`, and the GitHub Pages workflow they set up.

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

fn new_site(tmp: &Path) -> PathBuf {
    let site = tmp.join("site");
    ok(accolade(&["init", site.to_str().unwrap(), "--base-url", "https://org.github.io/course/", "--title", "Course"]));
    site
}

fn grades() -> String {
    repo().join("tests/fixtures/grades/grade_report.csv").to_string_lossy().into_owned()
}

fn issue_csv(site: &Path, extra: &[&str]) -> Value {
    let csv = grades();
    let mut args = vec![
        "issue",
        "--site",
        site.to_str().unwrap(),
        "--badge",
        "first-badge",
        "--from-csv",
        &csv,
        "--name-column",
        "Name",
        "--evidence-column",
        "Capstone repository",
        "--score-column",
        "Module 1: Floating point",
        "--min-score",
        "70%",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    serde_json::from_str(&ok(accolade(&args))).unwrap()
}

fn assertion_files(site: &Path) -> Vec<PathBuf> {
    files(&site.join("assertions")).into_iter().map(|f| site.join("assertions").join(f)).collect()
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

#[test]
fn init_then_build_then_check() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    for f in [
        "accolade.toml",
        "issuers/organisation.json",
        "badges/first-badge.json",
        "badges/first-badge.svg",
        "badges/first-badge.md",
        ".github/workflows/publish.yml",
    ] {
        assert!(site.join(f).is_file(), "{f}");
    }
    assert_eq!(assertion_files(&site).len(), 1, "one sample award");
    let toml = std::fs::read_to_string(site.join("accolade.toml")).unwrap();
    assert!(toml.contains("base_url = \"https://org.github.io/course/\"") && toml.contains("# "), "commented config");
    let (built, _tmp2, out) = build(&site, None);
    assert_eq!(built.library.awards.len(), 1);
    // Nothing to fix but the optional LinkedIn id, and init's placeholders
    // (the issuer's email and description, the badge's description and
    // criteria, the sample award and its evidence: `placeholders::`).
    let mut codes: Vec<&str> = built.problems.iter().map(|p| p.code.as_str()).collect();
    codes.sort();
    assert_eq!(codes, ["placeholder"; 6].iter().chain(&["share.linkedin"]).copied().collect::<Vec<_>>());
    assert!(out.join("revocations.json").is_file(), "the issuer's revocation list is published");
    ok(accolade(&["check", site.to_str().unwrap()]));

    // A non-empty folder is refused, and nothing in it is touched.
    let again = accolade(&["init", site.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
    assert_eq!(std::fs::read_to_string(site.join("accolade.toml")).unwrap(), toml);
}

/// The workflow file is valid YAML, uses the real GitHub actions for Pages,
/// keeps hidden files, and checks before building.
/// accolade's composite action, as the workflow `init` writes names it.
fn accolade_action() -> String {
    let owner_name = env!("CARGO_PKG_REPOSITORY").strip_prefix("https://github.com/").unwrap();
    format!("{owner_name}@v{}", env!("CARGO_PKG_VERSION"))
}

fn steps(doc: &yaml_rust2::Yaml) -> &Vec<yaml_rust2::Yaml> {
    doc["steps"].as_vec().expect("a list of steps")
}

fn check_workflow(path: &Path, runs_check: bool) {
    let text = std::fs::read_to_string(path).unwrap();
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).expect("valid YAML");
    let doc = &docs[0];
    let jobs = &doc["jobs"];
    let mut uses = Vec::new();
    let mut runs = Vec::new();
    for job in ["build", "deploy"] {
        for step in jobs[job]["steps"].as_vec().unwrap_or_else(|| panic!("{} has no {job} steps", path.display())) {
            if let Some(u) = step["uses"].as_str() {
                uses.push(u.to_string());
            }
            if let Some(r) = step["run"].as_str() {
                runs.push(r.to_string());
            }
        }
    }
    // Actions that exist, at major versions that exist, and accolade's own
    // composite action at the tag of this version.
    let real = [
        "actions/checkout@v4",
        "actions/configure-pages@v5",
        "actions/upload-pages-artifact@v5",
        "actions/deploy-pages@v4",
        "dtolnay/rust-toolchain@stable",
        &accolade_action(),
    ];
    for u in &uses {
        assert!(real.contains(&u.as_str()), "{}: unknown action {u}", path.display());
    }
    for needed in ["actions/upload-pages-artifact@v5", "actions/deploy-pages@v4"] {
        assert!(uses.iter().any(|u| u == needed), "{} does not use {needed}", path.display());
    }
    let build_steps = steps(&jobs["build"]);
    let upload = build_steps.iter().find(|s| s["uses"].as_str() == Some("actions/upload-pages-artifact@v5")).unwrap();
    assert_eq!(upload["with"]["include-hidden-files"].as_bool(), Some(true), "hidden files (.nojekyll) must be kept");
    let pages = build_steps.iter().position(|s| s["uses"].as_str() == Some("actions/configure-pages@v5"));
    assert!(pages.is_some_and(|i| build_steps[i]["id"].as_str() == Some("pages")), "configure-pages needs `id: pages`");
    if let Some(at) = build_steps.iter().position(|s| s["uses"].as_str() == Some(accolade_action().as_str())) {
        // The action runs accolade: its steps are the ones that check and build.
        let action =
            yaml_rust2::YamlLoader::load_from_str(&std::fs::read_to_string(repo().join("action.yml")).unwrap())
                .unwrap()
                .remove(0);
        runs.extend(steps(&action["runs"]).iter().filter_map(|s| s["run"].as_str().map(String::from)));
        let with = &build_steps[at]["with"];
        assert!(pages < Some(at), "configure-pages must run before accolade");
        assert_eq!(with["base-url"].as_str(), Some("${{ steps.pages.outputs.base_url }}/"));
        assert_eq!(with["output"].as_str(), upload["with"]["path"].as_str(), "the built folder is the one uploaded");
        assert!(
            !uses.iter().any(|u| u.contains("rust-toolchain")) && !runs.iter().any(|r| r.contains("cargo ")),
            "{}: a push must not compile accolade",
            path.display()
        );
        for input in with.as_hash().unwrap().keys() {
            let name = input.as_str().unwrap();
            assert!(!action["inputs"][name].is_badvalue(), "action.yml has no input `{name}`");
        }
    }
    let check = runs.iter().position(|r| r.contains("accolade check") || r.contains(" -- check"));
    let build = runs.iter().position(|r| r.contains("accolade build") || r.contains(" -- build"));
    assert!(build.is_some(), "{}: nothing builds the site", path.display());
    if runs_check {
        assert!(check.is_some() && check < build, "{}: check must run before build", path.display());
    }
    assert_eq!(doc["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(doc["permissions"]["id-token"].as_str(), Some("write"));
    assert_eq!(jobs["deploy"]["environment"]["name"].as_str(), Some("github-pages"));
}

#[test]
fn workflows_are_valid_and_name_real_actions() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    check_workflow(&site.join(".github/workflows/publish.yml"), true);
    check_workflow(&repo().join(".github/workflows/pages.yml"), true);
}

#[test]
fn issue_from_a_grade_report() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    let dry = issue_csv(&site, &["--dry-run"]);
    assert_eq!(dry["issued"].as_array().unwrap().len(), 4);
    assert_eq!(assertion_files(&site).len(), 1, "a dry run writes nothing");

    let s = issue_csv(&site, &[]);
    let lines =
        |key: &str| -> Vec<u64> { s[key].as_array().unwrap().iter().map(|r| r["line"].as_u64().unwrap()).collect() };
    assert_eq!(lines("issued"), [2, 3, 10, 13]);
    assert_eq!(lines("already_held"), [11], "the same email in another case is the same learner");
    // A blank score is work not attempted: below the mark, not a bad row.
    assert_eq!(lines("below_threshold"), [4, 8, 12]);
    assert!(s["below_threshold"][1]["why"].as_str().unwrap().starts_with("not attempted"));
    assert_eq!(lines("rejected"), [6, 7, 9, 14]);
    let why: Vec<&str> = s["rejected"].as_array().unwrap().iter().map(|r| r["why"].as_str().unwrap()).collect();
    assert!(why[0] == "blank row" && why[1].contains("not an email"));
    assert!(why[2].contains("not a number") && why[3].contains("not an http(s) URL"));

    // What was written: hashed, salted, named, with evidence; quoted CSV fields intact.
    let issued = &s["issued"].as_array().unwrap()[0];
    let doc = read_json(&site.join(issued["file"].as_str().unwrap()));
    assert_eq!(doc["extensions:recipientProfile"]["name"], "Okafor, Amara");
    assert_eq!(doc["evidence"][0]["id"], "https://github.com/amara-okafor/numerics-capstone");
    assert_eq!(doc["verification"]["type"], "HostedBadge");
    assert!(doc["issuedOn"].as_str().unwrap().ends_with('Z'));
    let code = doc["id"]
        .as_str()
        .unwrap()
        .strip_prefix("https://org.github.io/course/assertions/")
        .unwrap()
        .strip_suffix(".json")
        .unwrap()
        .to_string();
    assert_eq!(code.len(), 10);
    let r: accolade::model::IdentityObject = serde_json::from_value(doc["recipient"].clone()).unwrap();
    assert_eq!(r.salt.as_ref().unwrap().len(), 32);
    assert_eq!(accolade::model::recipient::recipient_matches(&r, "amara.okafor@example.net"), Ok(true));
    let aoife = read_json(&site.join(s["issued"][2]["file"].as_str().unwrap()));
    let r: accolade::model::IdentityObject = serde_json::from_value(aoife["recipient"].clone()).unwrap();
    assert_eq!(
        accolade::model::recipient::recipient_matches(&r, "aoife@example.org"),
        Ok(true),
        "trimmed and lower-cased"
    );
    let salts: std::collections::HashSet<String> = assertion_files(&site)
        .iter()
        .map(|f| read_json(f)["recipient"]["salt"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(salts.len(), 5, "every award has its own salt");
    let text =
        String::from_utf8_lossy(&std::fs::read(site.join(issued["file"].as_str().unwrap())).unwrap()).to_lowercase();
    assert!(!text.contains("amara.okafor@example.net"), "no plaintext email in the file");

    // The second identical run issues nothing.
    let again = issue_csv(&site, &[]);
    assert_eq!(again["issued"].as_array().unwrap().len(), 0);
    assert_eq!(again["already_held"].as_array().unwrap().len(), 5);
    assert_eq!(assertion_files(&site).len(), 5);
    let (built, _t, _o) = build(&site, None);
    assert_eq!(built.library.awards.len(), 5);
}

#[test]
fn issue_one_award_with_every_option() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    let out = ok(accolade(&[
        "issue",
        "--site",
        site.to_str().unwrap(),
        "--badge",
        "first-badge",
        "--email",
        "Zoe@Example.com",
        "--name",
        "Zoë Müller",
        "--evidence",
        "https://github.com/zoe/m1=Her *solver*",
        "--evidence",
        "https://github.com/zoe/notes",
        "--narrative",
        "Outstanding work.",
        "--issued-on",
        "2026-03-14",
        "--valid-for",
        "2y",
    ]));
    assert!(out.contains("issued 1 award of “First Badge”"), "{out}");
    assert!(out.contains("Zoë Müller <zoe@example.com> -> assertions/"), "{out}");
    let file = out.split(" -> ").nth(1).unwrap().lines().next().unwrap().trim();
    let doc = read_json(&site.join(file));
    assert_eq!(doc["issuedOn"], "2026-03-14T00:00:00Z");
    assert_eq!(doc["expires"], "2028-03-13T00:00:00Z");
    assert_eq!(doc["evidence"][0]["narrative"], "Her *solver*");
    assert!(doc["evidence"][1].get("narrative").is_none());
    assert_eq!(doc["narrative"], "Outstanding work.");

    // The same badge to the same person again: already held, nothing written.
    let again = ok(accolade(&[
        "issue",
        "--site",
        site.to_str().unwrap(),
        "--badge",
        "first-badge",
        "--email",
        " zoe@example.com",
    ]));
    assert!(again.contains("issued 0 awards") && again.contains("already holds this badge"), "{again}");

    // Bad input is refused before anything is written.
    for bad in [
        vec!["--email", "not-an-email"],
        vec!["--email", "a@b.org", "--evidence", "javascript:alert(1)"],
        vec!["--email", "a@b.org", "--issued-on", "2999-01-01"],
        vec!["--email", "a@b.org", "--expires", "2020-01-01"],
        vec!["--email", "a@b.org", "--valid-for", "forever"],
    ] {
        let mut args = vec!["issue", "--site", site.to_str().unwrap(), "--badge", "first-badge"];
        args.extend(bad.iter());
        let r = accolade(&args);
        assert!(!r.status.success(), "{bad:?} accepted");
    }
    let unknown = accolade(&["issue", "--site", site.to_str().unwrap(), "--badge", "nope", "--email", "a@b.org"]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no badge class `nope`"));
    assert_eq!(assertion_files(&site).len(), 2);
}

/// Twenty `issue` runs at once on one folder: every learner gets exactly one award.
#[test]
fn concurrent_runs_lose_nothing_and_duplicate_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    let csv = grades();
    let children: Vec<_> = (0..20)
        .map(|i| {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_accolade"));
            cmd.args(["issue", "--site", site.to_str().unwrap(), "--badge", "first-badge", "--format", "json"]);
            if i % 2 == 0 {
                // Half of them all issue the same grade report…
                cmd.args(["--from-csv", &csv, "--score-column", "Module 1: Floating point", "--min-score", "0.7"]);
            } else {
                // …the other half each issue to one learner of their own, or to one in the report.
                let email =
                    if i % 4 == 1 { format!("learner{i}@example.org") } else { "soren.dahl@example.com".to_string() };
                cmd.args(["--email", &email]);
            }
            cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap()
        })
        .collect();
    let mut issued_total = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        let s: Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
        issued_total += s["issued"].as_array().unwrap().len();
    }
    // The sample award, the 5 learners of the report who pass, and 5 of their own.
    let mut expected: Vec<String> = [
        "learner@example.org",
        "amara.okafor@example.net",
        "zoe.muller@example.com",
        "aoife@example.org",
        "soren.dahl@example.com",
        "hana.kobayashi@example.org",
    ]
    .iter()
    .map(|e| e.to_string())
    .collect();
    expected.extend([1, 5, 9, 13, 17].iter().map(|i| format!("learner{i}@example.org")));
    let files = assertion_files(&site);
    let mut holders: Vec<String> = files
        .iter()
        .map(|f| {
            let r: accolade::model::IdentityObject = serde_json::from_value(read_json(f)["recipient"].clone()).unwrap();
            let who: Vec<&String> =
                expected.iter().filter(|e| accolade::model::recipient::recipient_matches(&r, e) == Ok(true)).collect();
            assert_eq!(who.len(), 1, "{} belongs to {who:?}", f.display());
            who[0].clone()
        })
        .collect();
    holders.sort();
    expected.sort();
    assert_eq!(holders, expected, "each learner holds the badge exactly once");
    assert_eq!(issued_total, expected.len() - 1);
    let leftovers: Vec<String> = std::fs::read_dir(site.join("assertions"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    let (built, _t, _o) = build(&site, None);
    assert_eq!(built.library.awards.len(), 11);
}

#[test]
fn revoke_is_recorded_once_and_published() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    let code = assertion_files(&site)[0].file_stem().unwrap().to_string_lossy().into_owned();
    let unknown = accolade(&["revoke", "nope", "--reason", "x", "--site", site.to_str().unwrap()]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no award `nope`"));
    let no_reason = accolade(&["revoke", &code, "--reason", " ", "--site", site.to_str().unwrap()]);
    assert!(!no_reason.status.success());

    let out = ok(accolade(&["revoke", &code, "--reason", "Issued by mistake.", "--site", site.to_str().unwrap()]));
    assert!(out.starts_with("revoked https://org.github.io/course/assertions/"), "{out}");
    let list = read_json(&site.join("revocations.json"));
    assert_eq!(list["id"], "https://org.github.io/course/revocations.json", "the issuer's revocationList URL");
    assert_eq!(list["issuer"], "https://org.github.io/course/issuers/organisation.json");
    assert_eq!(list["revokedAssertions"].as_array().unwrap().len(), 1);
    assert_eq!(list["revokedAssertions"][0]["revocationReason"], "Issued by mistake.");
    let before = std::fs::read(site.join("revocations.json")).unwrap();
    let again = ok(accolade(&[
        "revoke",
        &format!("https://org.github.io/course/assertions/{code}.json"),
        "--reason",
        "Other",
        "--site",
        site.to_str().unwrap(),
    ]));
    assert!(again.contains("already revoked"));
    assert_eq!(std::fs::read(site.join("revocations.json")).unwrap(), before, "idempotent");

    let (built, _t, out) = build(&site, None);
    assert!(built.library.awards[0].revoked.is_some());
    let stub = read_json(&out.join(format!("assertions/{code}.json")));
    assert_eq!(stub["revoked"], true);
    assert_eq!(stub["revocationReason"], "Issued by mistake.");
    // A revoked learner may be awarded again.
    let re = ok(accolade(&[
        "issue",
        "--site",
        site.to_str().unwrap(),
        "--badge",
        "first-badge",
        "--email",
        accolade::edit::init::SAMPLE_EMAIL,
    ]));
    assert!(re.contains("issued 1 award"), "{re}");
}
