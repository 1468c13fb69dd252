//! The output layout is named once: the build writes its files at paths from
//! `layout`, and the collision check claims the same paths, so they cannot
//! drift. Also: theme files replace the built-in ones one by one.

use crate::common::*;
use std::collections::BTreeSet;

/// Every file of a built site is one the collision check planned for. A
/// file added to the build but not to `layout` (so unknown to the collision
/// check) fails here, whichever site shows it first.
#[test]
fn every_output_file_is_planned_by_the_layout() {
    for dir in [example_site(), repo().join("tests/fixtures/forms"), repo().join("tests/fixtures/hostile")] {
        let (site, _tmp, out) = build(&dir, None);
        let planned: BTreeSet<String> = accolade::check::collisions::planned_outputs(&site.library, &site.config)
            .into_iter()
            .map(|claim| claim.path)
            .collect();
        let written = files(&out);
        let unplanned: Vec<&String> =
            written.iter().filter(|f| *f != accolade::layout::OUTPUT_MARKER && !planned.contains(*f)).collect();
        assert!(unplanned.is_empty(), "{}: written but not in the layout: {unplanned:?}", dir.display());
        // And the plan is not everything under the sun: a good part of it is
        // written (the rest is the optional per-award files).
        assert!(
            written.len() * 3 > planned.len(),
            "{}: {} written, {} planned",
            dir.display(),
            written.len(),
            planned.len()
        );
    }
}

/// A site file at a path the build writes itself is refused, for each of
/// the paths the layout names for the whole site.
#[test]
fn site_files_of_the_layout_are_reserved() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&repo().join("tests/fixtures/hostile"), &site);
    for path in accolade::layout::site_files() {
        let file = site.join("static").join(&path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, "x").unwrap();
    }
    let errors = match accolade::Site::load(&site, &accolade::Overrides::default()) {
        Ok(_) => panic!("a site overwriting the build's own files loaded"),
        Err(e) => e.0,
    };
    let clashes: BTreeSet<String> = errors
        .iter()
        .filter(|p| p.code == "output.collision")
        .map(|p| p.message.split('`').nth(1).unwrap_or_default().to_string())
        .collect();
    let expected: BTreeSet<String> = accolade::layout::site_files().into_iter().collect();
    assert_eq!(clashes, expected);
}

#[test]
fn theme_files_replace_the_built_in_ones_one_by_one() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&example_site(), &site);
    std::fs::create_dir_all(site.join("theme")).unwrap();
    std::fs::write(site.join("theme/site.css"), "body { color: rebeccapurple }\n").unwrap();
    std::fs::write(site.join("theme/notes.txt"), "not a theme file").unwrap();
    let (built, _tmp, out) = build(&site, None);
    let (_, _tmp2, plain) = build(&example_site(), None);
    assert_eq!(std::fs::read_to_string(out.join("assets/site.css")).unwrap(), "body { color: rebeccapurple }\n");
    assert_eq!(
        std::fs::read(out.join("assets/verify.js")).unwrap(),
        std::fs::read(plain.join("assets/verify.js")).unwrap(),
        "a file not replaced stays built in"
    );
    let unknown: Vec<String> =
        built.problems.iter().filter(|p| p.code == "file.unknown").map(|p| p.file.clone()).collect();
    assert_eq!(unknown, ["theme/notes.txt"]);
}
