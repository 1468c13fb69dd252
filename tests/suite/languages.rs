//! The example site built in Spanish, French and Arabic: every page in the
//! language, dates in its one long style (pages and script alike), Arabic
//! right to left, and a site's own translation file with its warnings.

use crate::common::*;
use accolade::diag::Code;
use accolade::{Overrides, Site};
use std::path::Path;

/// A copy of the example site with `language` set (and `extra` files added).
fn example_in(language: &str, extra: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&example_site(), dir.path());
    let config = dir.path().join("accolade.toml");
    let text =
        std::fs::read_to_string(&config).unwrap().replace("language = \"en\"", &format!("language = \"{language}\""));
    assert!(text.contains(&format!("language = \"{language}\"")));
    std::fs::write(&config, text).unwrap();
    for (path, text) in extra {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    dir
}

fn page(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// An award page of the example with an issue date, and that date as ISO.
fn an_award(site: &Site) -> (String, time::OffsetDateTime) {
    let award = site.library.awards.iter().find(|a| a.issued_on.is_some() && a.revoked.is_none()).unwrap();
    (format!("{}index.html", award.place.page), award.issued_on.unwrap())
}

struct Expected {
    language: &'static str,
    rtl: bool,
    /// Headings of the home, badge, award, verify and 404 pages.
    home: &'static str,
    badge: &'static str,
    award: &'static str,
    verify: &'static str,
    not_found: &'static str,
    /// A date in the language's style, for 2 December 2026.
    december: &'static str,
    /// A panel string of the script, and its English that must not be there.
    panel: &'static str,
    /// The start of a valid award's verdict, as the build writes it.
    valid: &'static str,
}

const LANGUAGES: &[Expected] = &[
    Expected {
        language: "es",
        rtl: false,
        home: ">Concesiones recientes</h2>",
        badge: ">Sobre esta insignia</h2>",
        award: ">Compartir y descargar</h2>",
        verify: "<h1>Verificar una insignia</h1>",
        not_found: "<h1>Página no encontrada</h1>",
        december: "2 de diciembre de 2026",
        panel: "Verificar de nuevo",
        valid: "Válida: ",
    },
    Expected {
        language: "fr",
        rtl: false,
        home: ">Attributions récentes</h2>",
        badge: ">À propos de ce badge</h2>",
        award: ">Partager et télécharger</h2>",
        verify: "<h1>Vérifier un badge</h1>",
        not_found: "<h1>Page introuvable</h1>",
        december: "2 décembre 2026",
        panel: "Vérifier à nouveau",
        valid: "Valide : ",
    },
    Expected {
        language: "ar",
        rtl: true,
        home: ">أحدث المنح</h2>",
        badge: ">عن هذه الشارة</h2>",
        award: ">المشاركة والتنزيل</h2>",
        verify: "<h1>التحقق من شارة</h1>",
        not_found: "<h1>الصفحة غير موجودة</h1>",
        december: "2 ديسمبر 2026",
        panel: "تحقّق مجددًا",
        valid: "صالحة: ",
    },
];

#[test]
fn the_example_builds_in_spanish_french_and_arabic() {
    for want in LANGUAGES {
        let dir = example_in(want.language, &[]);
        let (site, _tmp, out) = build(dir.path(), None);
        let lang = want.language;
        assert!(
            !site.problems.iter().any(|p| p.code.as_str().starts_with("locale.")),
            "{lang}: a bundled language warns of nothing"
        );
        let html_tag =
            if want.rtl { format!("<html lang=\"{lang}\" dir=\"rtl\">") } else { format!("<html lang=\"{lang}\">") };
        let badge_page = format!("{}index.html", site.library.badges[0].place.page);
        let (award_page, issued) = an_award(&site);
        for (rel, heading) in [
            ("index.html", want.home),
            (badge_page.as_str(), want.badge),
            (award_page.as_str(), want.award),
            ("verify/index.html", want.verify),
            ("404.html", want.not_found),
        ] {
            let html = page(&out, rel);
            assert!(html.starts_with(&format!("<!DOCTYPE html>\n{html_tag}")), "{lang} {rel}: {}", &html[..80]);
            assert!(html.contains(heading), "{lang} {rel} lacks {heading}");
            for english in ["Skip to content", "Verify a badge", "Open Badges credentials, published with"] {
                assert!(!html.contains(english), "{lang} {rel} still says {english:?}");
            }
        }
        // The award's date in the language's long style, on the page and as
        // the script writes dates (the same format and month names).
        let strings = accolade::i18n::Strings::bundled(lang);
        let award_html = page(&out, &award_page);
        assert!(award_html.contains(&format!(">{}</time>", strings.date(issued))), "{lang}: {award_page}");
        let verdict = format!("<span class=\"headline\">{}", want.valid);
        assert!(award_html.contains(&verdict), "{lang}: {award_page} lacks {verdict}");
        assert!(award_html.contains(&strings.date(issued)), "{lang}: the verdict's date");
        let december = accolade::util::dates::parse("2026-12-02T09:00:00Z").unwrap();
        assert_eq!(strings.date(december), want.december);
        for script in ["assets/award.js", "assets/verify.js"] {
            let js = page(&out, script);
            let prelude = js.lines().next().unwrap();
            let data: serde_json::Value =
                serde_json::from_str(prelude.strip_prefix("var ACCOLADE_STRINGS = ").unwrap().trim_end_matches(';'))
                    .unwrap();
            assert_eq!(data["language"], lang, "{script}");
            assert_eq!(data["strings"]["date.format"], strings.get("date.format"), "{script}");
            assert_eq!(data["strings"]["date.month_12"], strings.get("date.month_12"), "{script}");
            assert_eq!(data["strings"]["verify_again"], want.panel, "{script}");
            // The panel's English is in the script only as keys, never as text.
            for english in
                ["\"Verify again\"", "\"Checked just now in your browser\"", "\"Certificate of achievement\""]
            {
                assert!(!js.contains(english), "{lang} {script} still has {english}");
            }
            assert!(!js.contains("toLocaleDateString"), "{script} writes dates from the strings");
        }
        // One prelude a site, not a string a page.
        assert!(!award_html.contains("ACCOLADE_STRINGS"));
        let feed = page(&out, "feed.xml");
        assert!(feed.contains(&format!("xml:lang=\"{lang}\"")));
    }
}

#[test]
fn arabic_pages_read_right_to_left_and_keep_addresses_left_to_right() {
    let dir = example_in("ar", &[]);
    let (_site, _tmp, out) = build(dir.path(), None);
    let css = page(&out, "assets/site.css");
    for physical in ["margin-left", "margin-right", "padding-left", "padding-right", "text-align: left", "border-left"]
    {
        assert!(!css.contains(physical), "site.css still uses {physical}");
    }
    assert!(css.contains(".url, code") && css.contains("direction: ltr"));
    let verify = page(&out, "verify/index.html");
    assert!(verify.contains("type=\"url\" dir=\"ltr\""), "the address field stays left to right");
}

#[test]
fn a_site_translation_overrides_and_fills_in_with_warnings() {
    // Spanish with one string of the site's own: no warning.
    let dir = example_in("es", &[("locales/es.toml", "[award]\nshare = \"Compártela\"\n")]);
    let (site, _tmp, out) = build(dir.path(), None);
    assert!(!site.problems.iter().any(|p| p.code.as_str().starts_with("locale.")));
    let (award_page, _) = an_award(&site);
    assert!(page(&out, &award_page).contains(">Compártela</h2>"));

    // German: the site translates the English file but one key, and adds
    // one that does not exist. Both are said once, by `check` too.
    let english = include_str!("../../locales/en.toml");
    let german = english
        .replace("share = \"Share and download\"\n", "")
        .replace("skip = \"Skip to content\"", "skip = \"Zum Inhalt\"\nno_such_key = \"x\"");
    let dir = example_in("de", &[("locales/de.toml", &german)]);
    let site = Site::load(dir.path(), &Overrides::default()).unwrap_or_else(|e| panic!("{:?}", e.0));
    let locale: Vec<_> = site.problems.iter().filter(|p| p.code.as_str().starts_with("locale.")).collect();
    assert_eq!(locale.len(), 2, "{locale:?}");
    let missing = locale.iter().find(|p| p.code == Code::LocaleMissing).unwrap();
    assert!(missing.message.contains("award.share") && missing.message.starts_with("1 key"), "{}", missing.message);
    let unknown = locale.iter().find(|p| p.code == Code::LocaleUnknown).unwrap();
    assert!(unknown.message.contains("site.no_such_key"), "{}", unknown.message);
    let (_site, _tmp, out) = build(dir.path(), None);
    let home = page(&out, "index.html");
    assert!(home.contains(">Zum Inhalt</a>") && home.contains("<html lang=\"de\">"));

    // A language with no translation at all: English, and a warning.
    let dir = example_in("de", &[]);
    let site = Site::load(dir.path(), &Overrides::default()).unwrap_or_else(|e| panic!("{:?}", e.0));
    let codes: Vec<_> =
        site.problems.iter().filter(|p| p.code.as_str().starts_with("locale.")).map(|p| p.code).collect();
    assert_eq!(codes, [Code::LocaleMissing]);
    let (_site, _tmp, out) = build(dir.path(), None);
    assert!(page(&out, "index.html").contains(">Skip to content</a>"));
}

#[test]
fn no_interface_english_is_left_in_the_templates() {
    // Text between tags (not in `{{ }}`/`{% %}`/`{# #}`) is an interface
    // string unless it is a name, a symbol or punctuation.
    const ALLOWED: &[&str] = &["Open Badges", "accolade verify", "accolade verify URL", "?", "verify/"];
    for (name, text) in accolade::render::BUILTIN_TEMPLATES {
        if !name.ends_with(".html") {
            continue;
        }
        let mut stripped = String::new();
        let mut rest = *text;
        // Template tags and comments out first, then markup.
        while let Some(open) = rest.find(['{', '<']) {
            stripped.push_str(&rest[..open]);
            stripped.push('\n');
            let close = match &rest[open..open + 2.min(rest.len() - open)] {
                "{{" => "}}",
                "{%" => "%}",
                "{#" => "#}",
                s if s.starts_with('<') => ">",
                _ => {
                    rest = &rest[open + 1..];
                    continue;
                }
            };
            rest = match rest[open..].find(close) {
                Some(end) => &rest[open + end + close.len()..],
                None => "",
            };
        }
        stripped.push_str(rest);
        for piece in stripped.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let words = piece.chars().filter(|c| c.is_alphabetic()).count();
            if words == 0 || ALLOWED.contains(&piece) {
                continue;
            }
            panic!("templates/{name}: interface text not from the translation files: {piece:?}");
        }
    }
}

#[test]
fn no_interface_english_is_left_in_the_scripts() {
    // A string literal of three words or more is a sentence a visitor could
    // read: it must come from the translation files (`tr("key")`).
    for (name, text) in [
        ("verify.js", include_str!("../../themes/default/verify.js")),
        ("bake.js", include_str!("../../themes/default/bake.js")),
    ] {
        for line in text.lines().map(|l| l.split("//").next().unwrap_or("")) {
            for literal in line.split('"').skip(1).step_by(2) {
                let is_word = |w: &&str| w.len() >= 2 && w.chars().all(|c| c.is_alphabetic() || c == '\'');
                let words = literal.split(' ').filter(is_word).count();
                assert!(words < 3, "{name}: an interface string not from the translation files: {literal:?}");
            }
        }
    }
}

#[test]
fn versions_in_other_languages_are_linked() {
    let dir = example_in("en", &[]);
    let file = dir.path().join("badges/m1-floating-point.json");
    let mut badge: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    badge["related"] = serde_json::json!([
        {"id": "https://example.org/es/m1.json", "@language": "es"},
        {"id": "https://example.org/sw/m1.json", "@language": "sw"},
        {"id": "javascript:alert(1)", "@language": "fr"},
        {"id": "https://example.org/x.json"}
    ]);
    std::fs::write(&file, serde_json::to_string_pretty(&badge).unwrap()).unwrap();
    let (site, _tmp, out) = build(dir.path(), None);
    let b = site.library.badges.iter().find(|b| b.place.page.contains("m1-floating-point")).unwrap();
    let want = "<p class=\"also-in\">Also in: <a href=\"https://example.org/es/m1.json\" hreflang=\"es\" lang=\"es\">Español</a>, <a href=\"https://example.org/sw/m1.json\" hreflang=\"sw\" lang=\"sw\">sw</a></p>";
    assert!(page(&out, &format!("{}index.html", b.place.page)).contains(want), "the badge page");
    let award =
        site.library.awards.iter().find(|a| a.badge.map(|i| &site.library.badges[i].place.page) == Some(&b.place.page));
    let award = award.unwrap();
    assert!(page(&out, &format!("{}index.html", award.place.page)).contains(want), "its award pages");
}
