//! The gallery's search: `search.json` holds every badge class (name, page,
//! tags, issuer) and, only when the gallery lists earners, every listed
//! award with a name; the home page carries the search box hidden (shown by
//! its script) and loads the index only when the box is used.

use crate::common::*;
use serde_json::Value;

fn index(out: &std::path::Path) -> Value {
    serde_json::from_slice(&std::fs::read(out.join("search.json")).unwrap()).unwrap()
}

#[test]
fn the_index_lists_badges_and_listed_named_earners() {
    let (site, _tmp, out) = build(&example_site(), None);
    let index = index(&out);
    assert_eq!(index["v"], 1);
    let badges = index["badges"].as_array().unwrap();
    assert_eq!(badges.len(), site.library.badges.len());
    let m1 = badges.iter().find(|b| b[1] == "badges/m1-floating-point/").expect("m1 in the index");
    assert_eq!(m1[0], "Floating-Point Arithmetic");
    assert!(m1[2].as_array().unwrap().iter().any(|t| t == "IEEE 754"), "{m1}");
    assert_eq!(m1[3], "Open Numerics Academy");

    let awards = index["awards"].as_array().unwrap();
    let listed = site.library.listed_awards();
    let named = listed.iter().filter(|a| a.doc.data.recipient_name().is_some()).count();
    assert_eq!(awards.len(), named, "every listed award with a name, and nothing else");
    for award in awards {
        let page = award[2].as_str().unwrap();
        assert!(out.join(page).join("index.html").is_file(), "{page} is a page of the site");
        let badge = &badges[award[0].as_u64().unwrap() as usize];
        assert!(site.library.awards.iter().any(|a| a.place.page == page && a.revoked.is_none()), "{page}");
        assert!(badge[1].is_string());
    }
    // The revoked award is not in it (checked for each row above); the
    // example has one, so the check was not vacuous.
    assert!(site.library.awards.iter().any(|a| a.revoked.is_some() && a.doc.data.recipient_name().is_some()));
    let names: Vec<&str> = awards.iter().map(|a| a[1].as_str().unwrap()).collect();
    assert!(names.contains(&"Zoë Müller"), "{names:?}");

    // The home page: the box (hidden for readers without script), a label,
    // a live status, and the script; the index is linked, not inlined.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains(r#"<div class="search" role="search" data-search="./search.json" hidden>"#), "{home}");
    assert!(home.contains(r#"<label for="search-input">"#) && home.contains(r#"id="search-input" type="search""#));
    assert!(home.contains(r#"role="status" aria-live="polite""#));
    assert!(home.contains(r#"<script src="./assets/search.js" defer></script>"#));
    assert!(out.join("assets/search.js").is_file());
    for badge in badges {
        assert!(home.contains(&format!(r#"<li class="card" data-page="{}">"#, badge[1].as_str().unwrap())));
    }
}

#[test]
fn without_listed_earners_the_index_names_no_one() {
    let tmp = tempfile::tempdir().unwrap();
    let site_dir = tmp.path().join("site");
    copy_tree(&example_site(), &site_dir);
    let config = std::fs::read_to_string(site_dir.join("accolade.toml")).unwrap();
    std::fs::write(site_dir.join("accolade.toml"), config.replace("list_earners = true", "list_earners = false"))
        .unwrap();
    let (_site, _out_tmp, out) = build(&site_dir, None);
    let index = index(&out);
    assert_eq!(index["awards"], Value::Array(vec![]));
    assert!(!index["badges"].as_array().unwrap().is_empty());
    let text = std::fs::read_to_string(out.join("search.json")).unwrap();
    assert!(!text.contains("Zoë"), "{text}");
}
