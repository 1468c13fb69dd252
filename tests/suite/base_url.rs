//! A site's ids and its base_url agree: editing base_url by hand after
//! `init` is an error until `accolade move` rewrites the ids, objects hosted
//! elsewhere must say so (`external_ids`, `accolade:external`), init's
//! placeholders are warned about, evidence is one URL, criteria beside a
//! broken badge file are not "orphans", and `accolade new badge` makes a
//! badge class that checks, issues and builds.

use crate::common::*;
use accolade::edit::init::{init, InitOptions};
use accolade::edit::issue::{self, EvidenceArg, Expiry, IssueOptions, Recipient, Summary};
use accolade::edit::new_badge::{new_badge, NewBadge};
use accolade::edit::rebase::{move_site, MoveOptions};
use accolade::site::check_folder;
use accolade::{Overrides, Problem};
use std::path::{Path, PathBuf};
use std::process::Command;

const PLACEHOLDER: &str = "https://example.github.io/badges/";
const REAL: &str = "https://org.github.io/course/";

fn new_site(tmp: &Path, base_url: &str) -> PathBuf {
    let site = tmp.join("site");
    init(&site, &InitOptions { base_url: base_url.into(), title: "Course".into(), theme: None }).unwrap();
    site
}

/// Every problem `accolade check` reports for the folder.
fn problems(site: &Path) -> Vec<Problem> {
    let checked = check_folder(site, &Overrides::default(), time::OffsetDateTime::now_utc()).ok().unwrap();
    checked.problems.iter().cloned().collect()
}

fn codes(ps: &[Problem], code: &str) -> Vec<String> {
    ps.iter().filter(|p| p.code == code).map(|p| p.to_string()).collect()
}

fn errors(ps: &[Problem]) -> Vec<String> {
    ps.iter().filter(|p| p.is_error()).map(|p| p.to_string()).collect()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "`{from}` not in {}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

/// Adds `"accolade:external": true` at the top of an object file.
fn flag_external(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, text.replacen('{', "{\n  \"accolade:external\": true,", 1)).unwrap();
}

fn set_base_url_by_hand(site: &Path, url: &str) {
    edit(&site.join("accolade.toml"), &format!("base_url = \"{PLACEHOLDER}\""), &format!("base_url = \"{url}\""));
}

fn moving(to: Option<&str>, from: Option<&str>, dry_run: bool) -> MoveOptions {
    MoveOptions { to: to.map(str::to_string), from: from.map(str::to_string), dry_run }
}

fn all_json_text(site: &Path) -> String {
    files(site)
        .iter()
        .filter(|f| f.ends_with(".json"))
        .map(|f| std::fs::read_to_string(site.join(f)).unwrap())
        .collect()
}

#[test]
fn base_url_edited_by_hand_is_an_error_until_move() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path(), PLACEHOLDER);
    set_base_url_by_hand(&site, REAL);

    let ps = problems(&site);
    let external = codes(&ps, "id.external");
    assert_eq!(external.len(), 3, "the issuer, the badge class and the award: {external:#?}");
    for e in &external {
        assert!(e.contains(PLACEHOLDER) && e.contains(REAL), "names the old prefix and base_url: {e}");
        assert!(e.contains(&format!("accolade move --from {PLACEHOLDER}")), "tells the fix: {e}");
    }
    assert!(accolade::Site::load(&site, &Overrides::default()).is_err(), "such a site never builds quietly");

    // --dry-run lists and changes nothing.
    let before = snapshot(&site);
    let plan = move_site(&site, &moving(None, None, true)).unwrap();
    assert_eq!((plan.from.as_str(), plan.to.as_str()), (PLACEHOLDER, REAL), "the old prefix is found");
    assert!(plan.url_count() >= 10 && plan.files.len() == 3, "{:?}", plan.files);
    assert_eq!(snapshot(&site), before, "a dry run writes nothing");

    let plan = move_site(&site, &moving(None, None, false)).unwrap();
    assert!(!plan.config_changed, "base_url was already set by hand");
    assert!(!all_json_text(&site).contains(PLACEHOLDER), "every URL moved");
    assert_eq!(errors(&problems(&site)), Vec::<String>::new());

    let (built, _tmp, out) = build(&site, None);
    let award = &built.library.awards[0];
    let hosted = award.place.json.as_deref().expect("the award is hosted");
    for f in ["issuers/organisation.json", "badges/first-badge.json", hosted, "revocations.json"] {
        assert!(out.join(f).is_file(), "{f} is hosted");
    }
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join(hosted)).unwrap()).unwrap();
    assert!(json["id"].as_str().unwrap().starts_with(REAL));
}

#[test]
fn move_to_a_new_url_rewrites_ids_urls_and_base_url() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path(), REAL);
    let issuer_before = std::fs::read_to_string(site.join("issuers/organisation.json")).unwrap();
    let new = "https://badges.example.edu/";
    let plan = move_site(&site, &moving(Some(new), None, false)).unwrap();
    assert!(plan.config_changed);
    assert_eq!(plan.from, REAL);
    let text = all_json_text(&site);
    assert!(!text.contains(REAL) && text.contains(new));
    assert!(
        text.contains(&format!("{new}extensions/recipientProfile/context.json")),
        "recipientProfile @context moved"
    );
    let toml = std::fs::read_to_string(site.join("accolade.toml")).unwrap();
    assert!(toml.contains(&format!("base_url = \"{new}\"")) && toml.contains("# The address"), "comments kept");
    // Only the URLs changed: the file keeps its layout line for line.
    let issuer_after = std::fs::read_to_string(site.join("issuers/organisation.json")).unwrap();
    assert_eq!(issuer_after, issuer_before.replace(REAL, new));
    assert_eq!(errors(&problems(&site)), Vec::<String>::new());
    let (_, _tmp, out) = build(&site, None);
    assert!(out.join("badges/first-badge.json").is_file());

    // Nothing left to move: moving again changes nothing and succeeds.
    let before = snapshot(&site);
    let again = move_site(&site, &moving(None, None, false)).unwrap();
    assert_eq!((again.from.as_str(), again.files.len(), again.config_changed), (new, 0, false));
    assert_eq!(snapshot(&site), before);
}

#[test]
fn move_changes_nothing_when_a_file_cannot_be_moved() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path(), REAL);
    std::fs::write(site.join("assertions/zz-broken.json"), "{\"id\": \"https://org.github.io/course/a.json\",")
        .unwrap();
    let before = snapshot(&site);
    let err = move_site(&site, &moving(Some("https://new.example/"), None, false)).unwrap_err().to_string();
    assert!(err.contains("zz-broken.json") && err.contains("not valid JSON"), "{err}");
    assert_eq!(snapshot(&site), before, "nothing changed");
}

#[test]
fn an_http_award_on_an_https_site_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path(), REAL);
    let award = files(&site.join("assertions")).remove(0);
    let http = REAL.replace("https://", "http://");
    edit(&site.join("assertions").join(&award), &format!("\"id\": \"{REAL}"), &format!("\"id\": \"{http}"));
    let external = codes(&problems(&site), "id.external");
    assert_eq!(external.len(), 1, "{external:#?}");
    assert!(external[0].contains(&http) && external[0].contains("only http and https differ"), "{}", external[0]);
    move_site(&site, &moving(None, Some(&http), false)).unwrap();
    assert_eq!(errors(&problems(&site)), Vec::<String>::new());
}

#[test]
fn objects_hosted_elsewhere_on_purpose_are_declared() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("forms");
    copy_tree(&repo().join("tests/fixtures/forms"), &site);
    let config = site.join("accolade.toml");
    let line = "external_ids = [\"https://partner.example.net/\"]\n";
    edit(&config, line, "");
    let external = codes(&problems(&site), "id.external");
    let mut files: Vec<&str> = external.iter().map(|e| e.split(':').nth(1).unwrap().trim()).collect();
    files.sort();
    assert_eq!(files, ["assertions/partner-award.json", "badges/partner.json"], "{external:#?}");

    // The per-file flag: allowed, and never published.
    for f in ["assertions/partner-award.json", "badges/partner.json"] {
        flag_external(&site.join(f));
    }
    assert_eq!(errors(&problems(&site)), Vec::<String>::new());
    let (_, _tmp, out) = build(&site, None);
    for f in crate::common::files(&out) {
        let bytes = std::fs::read(out.join(&f)).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains("accolade:external"), "{f} publishes the flag");
    }
    // A flag on an embedded object is not one accolade knows.
    edit(&site.join("badges/partner.json"), "\"issuer\": {", "\"issuer\": {\n    \"accolade:external\": true,");
    assert!(!codes(&problems(&site), "accolade.flag").is_empty());
}

#[test]
fn init_placeholders_warn_until_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path(), PLACEHOLDER);
    edit(&site.join("issuers/organisation.json"), "\"name\": \"Course\"", "\"name\": \"My Badges\"");
    let warned = codes(&problems(&site), "placeholder");
    for what in [
        "accolade.toml: base_url",
        "at `name`",
        "at `url`",
        "at `email`",
        "issuers/organisation.json:8:18 at `description`",
        "badges/first-badge.json:6:18 at `description`",
        "badges/first-badge.md",
        "at `recipient`",
        "narrative`",
    ] {
        assert!(warned.iter().any(|w| w.contains(what)), "no placeholder warning for {what}: {warned:#?}");
    }
    assert_eq!(warned.len(), 9, "{warned:#?}");

    move_site(&site, &moving(Some(REAL), None, false)).unwrap();
    let issuer = site.join("issuers/organisation.json");
    edit(&issuer, "\"name\": \"My Badges\"", "\"name\": \"Numerical Methods\"");
    edit(&issuer, &format!("\"url\": \"{REAL}\""), "\"url\": \"https://university.example/\"");
    edit(&issuer, "badges@example.org", "badges@university.example");
    edit(&issuer, accolade::check::placeholders::ISSUER_DESCRIPTION, "The numerical methods course.");
    edit(&site.join("badges/first-badge.json"), accolade::check::placeholders::BADGE_DESCRIPTION_HINT, "");
    edit(&site.join("badges/first-badge.md"), accolade::check::placeholders::CRITERIA_HINT, "");
    for award in files(&site.join("assertions")) {
        std::fs::remove_file(site.join("assertions").join(award)).unwrap();
    }
    assert_eq!(codes(&problems(&site), "placeholder"), Vec::<String>::new());
}

#[test]
fn criteria_beside_a_badge_file_that_did_not_load_are_not_orphans() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path(), REAL);
    let badges = site.join("badges");
    // A copy keeps the first badge's id: it does not make a badge class.
    std::fs::copy(badges.join("first-badge.json"), badges.join("second.json")).unwrap();
    std::fs::copy(badges.join("first-badge.md"), badges.join("second.md")).unwrap();
    std::fs::write(badges.join("third.json"), "{ not json").unwrap();
    std::fs::write(badges.join("third.md"), "criteria").unwrap();
    std::fs::write(badges.join("lonely.md"), "criteria").unwrap();
    let ps = problems(&site);
    assert_eq!(codes(&ps, "id.duplicate").len(), 1);
    let orphans = codes(&ps, "file.orphan");
    assert_eq!(orphans.len(), 1, "{orphans:#?}");
    assert!(orphans[0].contains("badges/lonely.md"), "{}", orphans[0]);
}

#[test]
fn evidence_is_exactly_one_url() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path(), REAL);
    let award = site.join("assertions").join(files(&site.join("assertions")).remove(0));
    edit(&award, "\"https://github.com/\"", "\"https://a.example/x, https://b.example/\"");
    let bad = codes(&problems(&site), "evidence.url");
    assert_eq!(bad.len(), 1, "{bad:#?}");
    assert!(bad[0].starts_with("error[evidence.url]") && bad[0].contains("evidence[0].id"), "{}", bad[0]);

    assert!(EvidenceArg::parse("https://a.example/x, https://b.example/").is_err());
    assert!(EvidenceArg::parse("https://a.example/xhttps://b.example/").is_err());
    assert!(EvidenceArg::parse("https://a.example/x=My work").is_ok());
    let out = Command::new(env!("CARGO_BIN_EXE_accolade"))
        .args(["issue", "--site", site.to_str().unwrap(), "--badge", "first-badge", "--email", "b@c.org"])
        .args(["--evidence", "https://a.example/x,https://b.example/"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("several URLs"));
}

#[test]
fn new_badge_checks_issues_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path(), REAL);
    let badge = |slug: &str, name: &str| NewBadge {
        slug: slug.into(),
        name: name.into(),
        description: Some("Solves linear systems.".into()),
        issuer: None,
    };
    let written = new_badge(&site, &badge("module-2", "Linear Systems")).unwrap();
    assert_eq!(written, ["badges/module-2.svg", "badges/module-2.md", "badges/module-2.json"]);
    assert!(new_badge(&site, &badge("module-2", "Again")).is_err(), "an existing slug is refused");
    assert!(new_badge(&site, &badge("../x", "Bad")).is_err(), "an invalid slug is refused");
    assert!(new_badge(&site, &NewBadge { issuer: Some("nobody".into()), ..badge("m3", "M3") }).is_err());
    assert!(!site.join("badges/m3.json").exists());

    let ps = problems(&site);
    assert_eq!(errors(&ps), Vec::<String>::new());
    assert!(codes(&ps, "image.unsafe").is_empty());

    let mut summary = Summary::default();
    let options = IssueOptions {
        badge: "module-2".into(),
        issued_on: None,
        expiry: Expiry::Never,
        narrative: None,
        dry_run: false,
        ob3: false,
    };
    let learner = Recipient { email: "ada@university.example".into(), name: None, evidence: vec![], line: None };
    issue::issue(&site, &options, vec![learner], &mut summary).unwrap();
    assert_eq!(summary.issued.len(), 1);

    let (built, _tmp, out) = build(&site, None);
    assert_eq!(built.library.badges.len(), 2);
    for f in ["badges/module-2.json", "badges/module-2/index.html", "badges/module-2.svg"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let page = std::fs::read_to_string(out.join("badges/module-2/index.html")).unwrap();
    assert!(page.contains("Linear Systems"));
}

#[test]
fn init_tells_how_to_set_the_real_base_url() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("s");
    let out = Command::new(env!("CARGO_BIN_EXE_accolade")).args(["init", site.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("accolade move --site") && stdout.contains("--to https://<org>.github.io/<repo>/"),
        "{stdout}"
    );
}
