//! SVG images are published through the allowlist (issue 13): the site
//! serves the re-serialised SVG, never the author's bytes, bakes and renders
//! from it, and says what visible content it dropped.

use crate::common::*;
use accolade::art::raster::{svg_to_png, Fonts};
use accolade::check::svg::clean_svg;
use std::path::Path;

const BADGE_SVG: &str = "badges/skill.svg";

/// The hostile fixture with its badge image saved by Inkscape: editor
/// namespaces, `<metadata>`, a named view, a comment, `data-*`, plus one
/// harmless element no SVG renderer knows.
fn inkscape_site(dir: &Path) {
    copy_tree(&repo().join("tests/fixtures/hostile"), dir);
    let svg = std::fs::read_to_string(dir.join(BADGE_SVG)).unwrap();
    let svg = svg
        .replacen(
            "<svg ",
            "<!-- Created with Inkscape (http://www.inkscape.org/) -->\n<svg xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" xmlns:sodipodi=\"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd\" xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:cc=\"http://creativecommons.org/ns#\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" inkscape:version=\"1.3.2\" sodipodi:docname=\"skill.svg\" ",
            1,
        )
        .replacen(
            "<defs>",
            "<sodipodi:namedview id=\"base\" pagecolor=\"#ffffff\" inkscape:zoom=\"2.8\"/>\n  <metadata id=\"metadata5\"><rdf:RDF><cc:Work rdf:about=\"\"><dc:format>image/svg+xml</dc:format><dc:type rdf:resource=\"http://purl.org/dc/dcmitype/StillImage\"/></cc:Work></rdf:RDF></metadata>\n  <sparkle-effect intensity=\"9\"><rect width=\"1\" height=\"1\"/></sparkle-effect>\n  <defs>",
            1,
        )
        .replacen("<g stroke=", "<g inkscape:label=\"Bits\" inkscape:groupmode=\"layer\" data-layer=\"2\" stroke=", 1);
    std::fs::write(dir.join(BADGE_SVG), svg).unwrap();
}

#[test]
fn the_site_serves_and_bakes_the_reserialised_svg() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    inkscape_site(&dir);
    let toml = dir.join("accolade.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}\n[per_award_files]\nbaked_images = true\n")).unwrap();
    let (site, _out_tmp, out) = build(&dir, None);

    // One warning, for the element that could have been visible; the editor's
    // bookkeeping goes without a word.
    let dropped: Vec<String> =
        site.problems.iter().filter(|p| p.code == "image.dropped").map(|p| p.to_string()).collect();
    assert_eq!(dropped.len(), 1, "{dropped:?}");
    assert!(dropped[0].contains("badges/skill.json"), "{}", dropped[0]);
    assert!(
        dropped[0].contains("`badges/skill.svg` is published without the unknown element <sparkle-effect>"),
        "{}",
        dropped[0]
    );
    assert!(dropped[0].contains("line 8, column 3"), "{}", dropped[0]);

    let served = std::fs::read_to_string(out.join(BADGE_SVG)).unwrap();
    for kept in [
        "<title>",
        "<desc>",
        "<linearGradient id=\"m1-ring\"",
        "fill=\"url(#m1-ring)\"",
        "stroke-dasharray=\"2 6\"",
        "0.1 + 0.2 ≠ 0.3",
        "<g stroke=\"#134e4a\" stroke-width=\"2\">",
    ] {
        assert!(served.contains(kept), "{kept} missing from {served}");
    }
    for dropped in
        ["inkscape", "sodipodi", "metadata", "rdf:", "dc:", "cc:", "<!--", "sparkle", "intensity", "data-layer"]
    {
        assert!(!served.contains(dropped), "{dropped} still in {served}");
    }
    let source = std::fs::read(dir.join(BADGE_SVG)).unwrap();
    assert_ne!(served.as_bytes(), source.as_slice());
    assert_eq!(served, clean_svg(&source).unwrap().svg);

    // The baked SVG is the served one with the assertion inside.
    for award in site.library.awards.iter().filter(|a| a.revoked.is_none()) {
        let baked = std::fs::read_to_string(out.join(&award.place.page).join("badge.svg")).unwrap();
        let hosted = std::fs::read_to_string(out.join(award.place.json.as_ref().unwrap())).unwrap();
        assert_eq!(accolade::art::bake::unbake(baked.as_bytes()).unwrap(), hosted.trim_end());
        assert!(!baked.contains("inkscape") && !baked.contains("sparkle"), "{baked}");
        assert!(baked.contains("<linearGradient id=\"m1-ring\""));
        roxmltree::Document::parse(&baked).unwrap();
    }
}

#[test]
fn the_example_sites_svgs_render_and_bake_after_the_allowlist() {
    // With the baked SVGs per award, which must render too.
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&example_site(), dir.path());
    let toml = dir.path().join("accolade.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}\n[per_award_files]\nbaked_images = true\n")).unwrap();
    let (site, _tmp, out) = build(dir.path(), None);
    assert!(!site.problems.iter().any(|p| p.code == "image.dropped"), "the example's images lose nothing");
    let fonts = Fonts::new(&[
        &std::fs::read(repo().join("themes/default/fonts/DejaVuSans.ttf")).unwrap(),
        &std::fs::read(repo().join("themes/default/fonts/DejaVuSans-Bold.ttf")).unwrap(),
    ]);
    let mut seen = 0;
    for rel in files(&out).into_iter().filter(|f| f.ends_with(".svg") && !f.ends_with("qr.svg")) {
        let bytes = std::fs::read(out.join(&rel)).unwrap();
        let png = svg_to_png(&bytes, 64, &fonts).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(accolade::util::sniff::png_size(&png), Some((64, 64)), "{rel}");
        // What the site serves is already what the allowlist writes.
        let clean = clean_svg(&bytes).unwrap_or_else(|e| panic!("{rel}: {e:?}"));
        if rel.ends_with("/badge.svg") {
            assert!(accolade::art::bake::unbake(&bytes).unwrap().contains("\"type\":\"Assertion\""), "{rel}");
        } else {
            assert_eq!(clean.svg.as_bytes(), bytes.as_slice(), "{rel}");
        }
        seen += 1;
    }
    assert!(seen >= 20, "{seen} SVGs");
}
