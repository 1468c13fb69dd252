//! Rebuilds rewrite only what changed: a clean build is reproducible, a
//! rebuild with nothing changed leaves every file alone (same inode, same
//! modification time), a change to one award rewrites only the files that
//! show it, and whatever a rebuild keeps or rewrites, the folder equals a
//! clean build of the same site byte for byte.

use crate::common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A fixed build time (2026-11-29), for the byte-for-byte comparisons.
const EPOCH: &str = "1795600000";
/// The example award the tests change, and the folder of its page.
const AWARD: &str = "assertions/zoe-muller-m1.json";
const AWARD_PAGE: &str = "assertions/v84xft9xae";

/// Runs `accolade build`; returns its summary line (stderr).
fn build(site: &Path, out: &Path, epoch: Option<&str>) -> String {
    build_with(site, out, epoch, &[])
}

/// Runs `accolade build` with more arguments; returns its stderr.
fn build_with(site: &Path, out: &Path, epoch: Option<&str>, args: &[&str]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_accolade"));
    cmd.arg("build").arg(site).arg("--output").arg(out).args(args);
    match epoch {
        Some(e) => cmd.env("SOURCE_DATE_EPOCH", e),
        None => cmd.env_remove("SOURCE_DATE_EPOCH"),
    };
    let done = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr).into_owned();
    assert!(done.status.success(), "{stderr}");
    stderr
}

/// Every file's inode and modification time.
fn stats(dir: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    file_identities(dir)
}

/// The files that are new or not the same file on disk as before.
fn rewritten(
    before: &BTreeMap<String, (u64, i64, i64)>,
    after: &BTreeMap<String, (u64, i64, i64)>,
) -> BTreeSet<String> {
    after.iter().filter(|(f, s)| before.get(*f) != Some(s)).map(|(f, _)| f.clone()).collect()
}

fn site_copy(tmp: &Path) -> PathBuf {
    let site = tmp.join("site");
    copy_tree(&example_site(), &site);
    site
}

fn clean_build(site: &Path, tmp: &Path, name: &str) -> BTreeMap<String, [u8; 32]> {
    clean_build_at(site, tmp, name, EPOCH)
}

fn clean_build_at(site: &Path, tmp: &Path, name: &str, epoch: &str) -> BTreeMap<String, [u8; 32]> {
    let out = tmp.join(name);
    build(site, &out, Some(epoch));
    snapshot(&out)
}

#[test]
fn two_clean_builds_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_copy(tmp.path());
    let first = clean_build(&site, tmp.path(), "one");
    let second = clean_build(&site, tmp.path(), "two");
    assert!(first.len() > 60, "{} files", first.len());
    assert_eq!(first, second);
}

#[test]
fn a_rebuild_with_nothing_changed_rewrites_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_copy(tmp.path());
    let out = tmp.path().join("public");
    // Without SOURCE_DATE_EPOCH: the clock must not reach the pages.
    build(&site, &out, None);
    let before = stats(&out);
    let summary = build(&site, &out, None);
    assert!(summary.contains("nothing changed since the last build"), "{summary}");
    assert_eq!(stats(&out), before, "the skipped build touched the output");

    // With the record gone the build runs in full, and still keeps every
    // file but the site report, the one file that says when it was checked.
    std::fs::remove_file(tmp.path().join(".public.accolade-build")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let summary = build(&site, &out, None);
    assert!(summary.contains(" unchanged)"), "{summary}");
    let changed = rewritten(&before, &stats(&out));
    assert!(changed.iter().all(|f| f == "verification.json"), "{changed:?}");
    assert_eq!(files(&out), before.keys().cloned().collect::<Vec<_>>());
}

/// A rebuild reads only the input files whose size, inode or times changed
/// since the last build recorded them, and still sees every change: an edit
/// that keeps the size and puts the modification time back (the
/// status-change time shows it), files added, renamed and removed.
#[test]
fn a_rebuild_reads_only_inputs_whose_stamp_changed_and_sees_every_change() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_copy(tmp.path());
    let out = tmp.path().join("public");
    // Older than the margin for coarse clocks when the first build starts,
    // so that its record vouches for every file.
    std::thread::sleep(std::time::Duration::from_millis(3200));
    build(&site, &out, Some(EPOCH));
    let skipped = |summary: &str| summary.contains("nothing changed since the last build");
    let rebuild = || build_with(&site, &out, Some(EPOCH), &["--verbose"]);
    let summary = rebuild();
    assert!(skipped(&summary) && summary.contains("\n  0 of "), "{summary}");

    // Touched with the same bytes: read again, and nothing to build.
    let award = site.join(AWARD);
    let set_mtime = |t| std::fs::File::options().write(true).open(&award).unwrap().set_modified(t).unwrap();
    let was = std::fs::metadata(&award).unwrap();
    set_mtime(std::time::SystemTime::now());
    let summary = rebuild();
    assert!(skipped(&summary) && summary.contains("\n  1 of "), "{summary}");

    // The same size, the modification time put back.
    let text = std::fs::read_to_string(&award).unwrap();
    assert!(text.contains("*97%*"));
    std::fs::write(&award, text.replace("*97%*", "*98%*")).unwrap();
    set_mtime(was.modified().unwrap());
    let now = std::fs::metadata(&award).unwrap();
    assert_eq!((now.len(), now.modified().unwrap()), (was.len(), was.modified().unwrap()));
    let summary = rebuild();
    assert!(!skipped(&summary), "a same-size edit was missed: {summary}");
    assert!(skipped(&rebuild()));

    let notes = site.join("static/notes.txt");
    let renamed = site.join("static/notes-2.txt");
    let changes: [(&str, &dyn Fn()); 3] = [
        ("a file added", &|| {
            std::fs::create_dir(site.join("static")).unwrap();
            std::fs::write(&notes, "notes").unwrap();
        }),
        ("a file renamed", &|| std::fs::rename(&notes, &renamed).unwrap()),
        ("a file removed", &|| std::fs::remove_file(&renamed).unwrap()),
    ];
    for (change, make) in changes {
        make();
        let summary = rebuild();
        assert!(!skipped(&summary), "{change} was missed: {summary}");
        assert!(skipped(&rebuild()), "after {change}");
    }
    assert_eq!(snapshot(&out), clean_build(&site, tmp.path(), "clean"));
}

#[test]
fn an_output_changed_by_hand_is_rebuilt() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_copy(tmp.path());
    let out = tmp.path().join("public");
    build(&site, &out, Some(EPOCH));
    let clean = snapshot(&out);
    std::fs::write(out.join("index.html"), "defaced").unwrap();
    std::fs::remove_file(out.join("feed.xml")).unwrap();
    let summary = build(&site, &out, Some(EPOCH));
    assert!(!summary.contains("nothing changed"), "{summary}");
    assert_eq!(snapshot(&out), clean);
    // Each alone, deep in the folder: a file added, one rewritten in place.
    std::fs::write(out.join(AWARD_PAGE).join("extra.html"), "added").unwrap();
    let summary = build(&site, &out, Some(EPOCH));
    assert!(!summary.contains("nothing changed"), "{summary}");
    assert_eq!(snapshot(&out), clean);
    let page = out.join(AWARD_PAGE).join("index.html");
    let text = std::fs::read(&page).unwrap();
    std::fs::write(&page, text.iter().map(|b| if *b == b'<' { b'[' } else { *b }).collect::<Vec<u8>>()).unwrap();
    let summary = build(&site, &out, Some(EPOCH));
    assert!(!summary.contains("nothing changed"), "{summary}");
    assert_eq!(snapshot(&out), clean);
}

#[test]
fn a_change_to_one_award_rewrites_only_its_dependants() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_copy(tmp.path());
    let out = tmp.path().join("public");
    build(&site, &out, Some(EPOCH));
    let before = stats(&out);
    // A new issue date: the award's page and data, and every list that
    // shows the date or orders by it.
    let path = site.join(AWARD);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("2026-01-22T08:15:30Z"));
    std::fs::write(&path, text.replace("2026-01-22T08:15:30Z", "2026-01-23T08:15:30Z")).unwrap();
    let summary = build(&site, &out, Some(EPOCH));
    let changed = rewritten(&before, &stats(&out));
    let lists = ["index.html", "feed.xml", "sitemap.xml", "verification.json"];
    for f in &changed {
        let shows_it = f.starts_with(AWARD_PAGE)
            || lists.contains(&f.as_str())
            || (f.starts_with("badges/") && f.ends_with("index.html"))
            || (f.starts_with("issuers/") && f.ends_with("index.html"));
        assert!(shows_it, "`{f}` was rewritten, but does not show the changed award; all rewritten: {changed:?}");
    }
    for f in [format!("{AWARD_PAGE}.json"), format!("{AWARD_PAGE}/index.html"), "feed.xml".to_string()] {
        assert!(changed.contains(&f), "`{f}` shows the change but was not rewritten: {changed:?}");
    }
    assert!(changed.len() <= 60, "{} files rewritten", changed.len());
    assert!(summary.contains(&format!("{} rewritten", changed.len())), "{summary}");
    // Only the changed award was rendered; the others' files were taken as they were.
    let awards = std::fs::read_dir(site.join("assertions")).unwrap().count();
    assert!(summary.contains(&format!("{} of {awards} award pages were unchanged", awards - 1)), "{summary}");
    assert_eq!(snapshot(&out), clean_build(&site, tmp.path(), "clean"), "the rebuild differs from a clean build");

    // A change every award page of a badge shows (its name, in the badge
    // class's file): all of them are rendered again, and the folder still
    // equals a clean build.
    let badge = site.join("badges/m1-floating-point.json");
    let text = std::fs::read_to_string(&badge).unwrap();
    assert!(text.contains("\"Floating-Point Arithmetic\""));
    std::fs::write(&badge, text.replace("\"Floating-Point Arithmetic\"", "\"Floating Point Arithmetic\"")).unwrap();
    let summary = build(&site, &out, Some(EPOCH));
    assert!(!summary.contains("award pages were unchanged"), "{summary}");
    assert_eq!(snapshot(&out), clean_build(&site, tmp.path(), "clean2"), "the rebuild differs from a clean build");

    // And a change of today's date that expires an award: only that page
    // changes, as in a clean build of the same day.
    let later = "1960000000";
    let summary = build(&site, &out, Some(later));
    assert!(summary.contains("award pages were unchanged"), "{summary}");
    assert_eq!(
        snapshot(&out),
        clean_build_at(&site, tmp.path(), "clean3", later),
        "the rebuild differs from a clean build"
    );
}

#[test]
fn removing_an_award_removes_its_files() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_copy(tmp.path());
    let out = tmp.path().join("public");
    build(&site, &out, Some(EPOCH));
    assert!(out.join(AWARD_PAGE).join("index.html").is_file());
    std::fs::remove_file(site.join(AWARD)).unwrap();
    build(&site, &out, Some(EPOCH));
    assert!(!out.join(AWARD_PAGE).exists());
    assert!(!out.join(format!("{AWARD_PAGE}.json")).exists());
    assert_eq!(snapshot(&out), clean_build(&site, tmp.path(), "clean"));
}

#[test]
fn a_folder_not_made_by_accolade_is_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_copy(tmp.path());
    let out = tmp.path().join("docs");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("index.html"), "precious").unwrap();
    let done = Command::new(env!("CARGO_BIN_EXE_accolade"))
        .arg("build")
        .arg(&site)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(!done.status.success());
    assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "precious");
}

/// A site keeps only each award's facts and reads the rest from its file
/// when it builds the award's page: a file changed after the site was read
/// and checked is refused, naming the file, and no output is left behind.
#[test]
fn an_award_changed_after_the_checks_stops_the_build() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&example_site(), &site);
    let out = tmp.path().join("public");
    let overrides = accolade::Overrides { base_url: None, output: Some(out.clone()), signing_key: None };
    let Ok(loaded) = accolade::Site::load(&site, &overrides) else { panic!("the example site loads") };
    let file = site.join(AWARD);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("Zoë Müller", "Zoë Mueller")).unwrap();
    let err = loaded.build().expect_err("a changed award is not built from a stale check").to_string();
    assert!(err.contains(&format!("`{AWARD}` changed during the build")), "{err}");
    assert!(!out.exists(), "no output is left behind");
    // Put back as it was, the file is what was checked, and the site builds.
    std::fs::write(&file, text).unwrap();
    loaded.build().unwrap();
    assert!(out.join(AWARD_PAGE).join("index.html").is_file());
}
