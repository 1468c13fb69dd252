//! Themes: `theme = "certificate"`, a site template that replaces one block
//! of the theme's (`builtin/award.html`), a site stylesheet in place of the
//! theme's, and `[colors]` after it (tests/fixtures/theme-override/).

use crate::common::*;
use accolade::themes as theme;
use std::path::Path;

/// A copy of the example site with the certificate theme and colours,
/// plus, with `overlay`, the fixture's templates/ and theme/ folders.
fn certificate_site(dir: &Path, overlay: bool) {
    copy_tree(&example_site(), dir);
    let config = dir.join("accolade.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let text = format!("theme = \"certificate\"\n{text}\n[colors]\naccent = \"#0B5CAD\"\n");
    std::fs::write(&config, text).unwrap();
    if overlay {
        let fixture = repo().join("tests/fixtures/theme-override");
        for folder in ["templates", "theme"] {
            copy_tree(&fixture.join(folder), &dir.join(folder));
        }
    }
}

/// The `<title>` element of a page and the page without it.
fn split_title(html: &str) -> (&str, String) {
    let start = html.find("<title>").expect("a title");
    let end = html[start..].find("</title>").unwrap() + start + "</title>".len();
    (&html[start..end], format!("{}{}", &html[..start], &html[end..]))
}

#[test]
fn a_site_overrides_one_block_and_one_theme_file() {
    let plain = tempfile::tempdir().unwrap();
    certificate_site(plain.path(), false);
    let (_s1, _t1, plain_out) = build(plain.path(), None);
    let site = tempfile::tempdir().unwrap();
    certificate_site(site.path(), true);
    let (built, _t2, out) = build(site.path(), None);
    assert!(built.problems.iter().all(|p| !p.code.as_str().starts_with("config.")), "{:?}", built.problems.0);

    // The stylesheet is the site's, with the configured accent after it;
    // the scripts stay the theme's.
    let fixture_css = std::fs::read(repo().join("tests/fixtures/theme-override/theme/site.css")).unwrap();
    let css = std::fs::read(out.join("assets/site.css")).unwrap();
    assert!(css.starts_with(&fixture_css));
    let rest = String::from_utf8_lossy(&css[fixture_css.len()..]).to_string();
    assert!(rest.contains("--accent: #0b5cad;"), "{rest}");
    let plain_css = String::from_utf8(std::fs::read(plain_out.join("assets/site.css")).unwrap()).unwrap();
    assert!(plain_css.contains("accolade \"certificate\" theme"));
    assert!(plain_css.ends_with(&rest), "the colours follow the theme's stylesheet too");
    for js in ["assets/verify.js", "assets/award.js"] {
        assert_eq!(std::fs::read(out.join(js)).unwrap(), std::fs::read(plain_out.join(js)).unwrap(), "{js}");
    }

    // Every award page: the title is the fixture's block, the rest of the
    // page is the theme's, byte for byte.
    let mut pages = 0;
    for file in files(&out).into_iter().filter(|f| f.starts_with("assertions/") && f.ends_with("/index.html")) {
        let html = std::fs::read_to_string(out.join(&file)).unwrap();
        let original = std::fs::read_to_string(plain_out.join(&file)).unwrap();
        let (title, rest) = split_title(&html);
        let (original_title, original_rest) = split_title(&original);
        assert!(title.ends_with(" | theme-override fixture</title>"), "{file}: {title}");
        assert!(!original_title.contains("fixture"));
        assert_eq!(rest, original_rest, "{file}: the page around the block changed");
        assert!(rest.contains("class=\"award") && rest.contains("data-verify"), "{file}");
        pages += 1;
    }
    assert!(pages > 10, "{pages} award pages");
    // The other pages are untouched.
    for file in ["index.html", "badges/course-completion/index.html"] {
        assert_eq!(std::fs::read(out.join(file)).unwrap(), std::fs::read(plain_out.join(file)).unwrap(), "{file}");
    }
}

#[test]
fn an_unknown_theme_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&example_site(), dir.path());
    let config = dir.path().join("accolade.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("theme = \"diploma\"\n{text}")).unwrap();
    let errors = accolade::site::Site::load(dir.path(), &Default::default()).err().expect("an error").0;
    let p = errors.iter().find(|p| p.code.as_str() == "config.theme").expect("config.theme");
    assert_eq!((p.file.as_str(), p.line), ("accolade.toml", Some(1)));
    assert!(p.help.as_deref().unwrap().contains(&theme::bundled_names()), "{p}");
}
