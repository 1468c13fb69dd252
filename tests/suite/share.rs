//! What a learner shares: baked badge images, the share image and Open
//! Graph tags, LinkedIn, embeds and the certificate.

use crate::common::*;
use serde_json::Value;

fn png_size(png: &[u8]) -> (u32, u32) {
    accolade::util::sniff::png_size(png).expect("a PNG")
}

/// A copy of the example site with `toml` added to its accolade.toml.
fn example_with(toml: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&example_site(), tmp.path());
    let file = tmp.path().join("accolade.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\n{toml}\n")).unwrap();
    tmp
}

#[test]
fn by_default_the_award_pages_bake_their_downloads_in_the_browser() {
    let (site, _tmp, out) = build(&example_site(), None);
    let script = std::fs::read_to_string(out.join("assets/award.js")).unwrap();
    assert!(script.contains("function bakePng"), "the award pages' script bakes");
    let mut offered = 0;
    for award in site.library.awards.iter() {
        let page = &award.place.page;
        assert!(!out.join(page).join("badge.png").exists(), "{page}badge.png is written");
        assert!(!out.join(page).join("badge.svg").exists(), "{page}badge.svg is written");
        let html = std::fs::read_to_string(out.join(page).join("index.html")).unwrap();
        if award.revoked.is_some() {
            assert!(!html.contains("data-bake"), "no downloads for a revoked award");
            continue;
        }
        assert!(html.contains("<script src=\"../../assets/award.js\" defer></script>"), "{page}");
        assert!(!html.contains(" download>"), "{page}: a plain download link");
        let badge = &site.library.badges[award.badge.unwrap()];
        let slug = badge.place.page.trim_start_matches("badges/").trim_end_matches('/');
        let code = page.trim_start_matches("assertions/").trim_end_matches('/');
        assert!(
            html.contains(&format!("<ul class=\"actions\" data-name=\"{slug}-{code}\">")),
            "{page}: the downloads' name"
        );
        for (kind, src) in [("png", format!("badges/{slug}/image.png")), ("svg", format!("badges/{slug}.svg"))] {
            let button = format!(
                "<button type=\"button\" class=\"button\" data-bake=\"{kind}\" data-src=\"../../{src}\" hidden>Download badge ({})</button>",
                kind.to_uppercase()
            );
            assert!(html.contains(&button), "{page}: no {button}");
            let bytes = std::fs::read(out.join(&src)).unwrap_or_else(|_| panic!("{page}: {src} is not in the output"));
            assert!(accolade::art::bake::unbake(&bytes).is_err(), "{src} is the class's image, not baked");
        }
        let png = std::fs::read(out.join(format!("badges/{slug}/image.png"))).unwrap();
        assert_eq!(png_size(&png), (512, 512));
        offered += 1;
    }
    assert_eq!(offered, site.library.awards.len() - 1);
}

#[test]
fn with_baked_images_every_current_award_has_baked_images_that_carry_its_hosted_json() {
    let dir = example_with("[per_award_files]\nbaked_images = true");
    let (site, _tmp, out) = build(dir.path(), None);
    let mut baked = 0;
    for award in site.library.awards.iter() {
        let page = &award.place.page;
        let png = out.join(page).join("badge.png");
        let svg = out.join(page).join("badge.svg");
        if award.revoked.is_some() {
            assert!(!png.exists() && !svg.exists(), "no downloads for a revoked award");
            continue;
        }
        let hosted = std::fs::read_to_string(out.join(award.place.json.as_ref().unwrap())).unwrap();
        let png_bytes = std::fs::read(&png).unwrap();
        assert_eq!(accolade::art::bake::unbake(&png_bytes).unwrap(), hosted.trim_end(), "{page}badge.png");
        assert_eq!(png_size(&png_bytes), (512, 512));
        let svg_bytes = std::fs::read(&svg).unwrap();
        assert_eq!(accolade::art::bake::unbake(&svg_bytes).unwrap(), hosted.trim_end(), "{page}badge.svg");
        let svg_text = String::from_utf8(svg_bytes).unwrap();
        assert!(svg_text.contains("xmlns:openbadges=\"http://openbadges.org\""));
        let html = std::fs::read_to_string(out.join(page).join("index.html")).unwrap();
        for kind in ["PNG", "SVG"] {
            let link = format!(
                "<a class=\"button button--quiet\" href=\"badge.{}\" download>Download badge ({kind})</a>",
                kind.to_lowercase()
            );
            assert!(html.contains(&link), "{page}: no {link}");
        }
        assert!(!html.contains("data-bake") && !html.contains("bake.js"), "{page}");
        baked += 1;
    }
    assert_eq!(baked, site.library.awards.len() - 1);
}

#[test]
fn share_images_and_open_graph() {
    let (site, _tmp, out) = build(&example_site(), None);
    for award in site.library.awards.iter().filter(|a| a.revoked.is_none()) {
        let page = &award.place.page;
        // The share image is the badge class's, not one per award.
        assert!(!out.join(page).join("card.png").exists(), "{page}card.png");
        let badge_page = &site.library.badges[award.badge.unwrap()].place.page;
        let card = std::fs::read(out.join(badge_page).join("card.png")).unwrap();
        assert_eq!(png_size(&card), (1200, 627), "{badge_page}card.png");
        let html = std::fs::read_to_string(out.join(page).join("index.html")).unwrap();
        let url = format!("https://open-numerics.github.io/badges/{page}");
        let alt = html.split("<meta property=\"og:image:alt\" content=\"").nth(1).unwrap().split('"').next().unwrap();
        if let Some(name) = award.doc.data.recipient_name() {
            let name = accolade::util::html::escape_html(name);
            assert!(!alt.contains(name.as_str()), "{page}: the shared card's alt text names {name}: {alt}");
            assert!(html.contains(name.as_str()), "{page}: the page still names its earner");
        }
        for tag in [
            "<meta property=\"og:type\" content=\"article\">".to_string(),
            format!("<meta property=\"og:url\" content=\"{url}\">"),
            format!(
                "<meta property=\"og:image\" content=\"https://open-numerics.github.io/badges/{badge_page}card.png\">"
            ),
            "<meta property=\"og:image:width\" content=\"1200\">".to_string(),
            "<meta property=\"og:image:height\" content=\"627\">".to_string(),
            "<meta property=\"og:site_name\" content=\"Open Numerics Academy — Badges\">".to_string(),
            "<meta name=\"twitter:card\" content=\"summary_large_image\">".to_string(),
        ] {
            assert!(html.contains(&tag), "{page}: no {tag}");
        }
        assert!(html.contains("<meta property=\"og:image:alt\" content=\""));
        assert!(html.contains("<meta property=\"og:description\" content=\"Awarded for completing"));
        let ld = html.split("<script type=\"application/ld+json\">").nth(1).unwrap().split("</script>").next().unwrap();
        let ld: Value = serde_json::from_str(ld).unwrap();
        assert_eq!(ld["@type"], "EducationalOccupationalCredential");
        assert_eq!(ld["url"], url);
    }
    // Who earned what from whom, in the title.
    let zoe = std::fs::read_to_string(out.join("assertions/v6g8hnksso/index.html")).unwrap();
    assert!(zoe.contains("<meta property=\"og:title\" content=\"Zoë Müller earned Numerical Methods with Python: Course Completion from Open Numerics Academy\">"));
    // Badge and issuer pages have cards too.
    for page in ["badges/m1-floating-point/", "issuers/open-numerics/"] {
        let html = std::fs::read_to_string(out.join(page).join("index.html")).unwrap();
        assert!(
            html.contains(&format!(
                "<meta property=\"og:image\" content=\"https://open-numerics.github.io/badges/{page}image.png\">"
            )),
            "{page}"
        );
        assert!(html.contains("<meta name=\"twitter:card\" content=\"summary\">"), "{page}");
        assert_eq!(png_size(&std::fs::read(out.join(page).join("image.png")).unwrap()), (512, 512));
    }
}

#[test]
fn linkedin_backpack_embed_and_certificate() {
    let (_site, _tmp, out) = build(&example_site(), None);
    let page = "assertions/v6g8hnksso/";
    let html = std::fs::read_to_string(out.join(page).join("index.html")).unwrap();
    // The LinkedIn link, the embed snippets, the certificate and the
    // backpack box are made in the browser from the page (tests/browser:
    // verify.test.mjs checks every value); the page carries what they need.
    assert!(html.contains(
        "<a class=\"button\" href=\"https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME\" data-linkedin=\"\">"
    ));
    assert!(html.contains(
        "<link rel=\"alternate\" type=\"application/ld+json\" href=\"https://open-numerics.github.io/badges/assertions/v6g8hnksso.json\">"
    ));
    assert!(
        html.contains("<section class=\"share\" aria-labelledby=\"share-title\" data-share=\"../../\">"),
        "the way to the site's root"
    );
    assert!(out.join("embed/index.html").is_file(), "one card page for the site");
    assert!(out.join("badges/course-completion/image.png").is_file());
    for gone in ["card/index.html", "certificate/index.html"] {
        assert!(!out.join(page).join(gone).exists(), "no {gone} per award");
    }
    assert!(
        html.contains("<input id=\"copy-page\" type=\"text\" readonly value=\"https://open-numerics.github.io/badges/assertions/v6g8hnksso/\">"),
        "the address the browser draws the QR code of"
    );
    assert!(!html.contains("data:image/png"), "no QR code image in the page");
}

#[test]
fn an_unnamed_recipient_is_named_by_nobody() {
    // Amara's award, with the recipient's name taken out.
    let tmp = tempfile::tempdir().unwrap();
    let site_dir = tmp.path().join("site");
    copy_tree(&example_site(), &site_dir);
    let file = site_dir.join("assertions/amara-okafor-m4.json");
    let mut v: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert!(v.as_object_mut().unwrap().remove("extensions:recipientProfile").is_some());
    std::fs::write(&file, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let toml = site_dir.join("accolade.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}\n[per_award_files]\nshare_cards = true\n")).unwrap();
    let (_site, _t, out) = build(&site_dir, None);
    let named = example_with("[per_award_files]\nshare_cards = true");
    let (_named_site, _t2, named_out) = build(named.path(), None);
    let page = "assertions/ttjq17bn3z/";

    // The per-award share image is drawn, and differs from the named one,
    // whose alt text names the earner.
    let png = std::fs::read(out.join(page).join("card.png")).unwrap();
    assert_eq!(png_size(&png), (1200, 627));
    assert_ne!(png, std::fs::read(named_out.join(page).join("card.png")).unwrap());
    let named_html = std::fs::read_to_string(named_out.join(page).join("index.html")).unwrap();
    let url = format!("https://open-numerics.github.io/badges/{page}card.png");
    assert!(named_html.contains(&format!("<meta property=\"og:image\" content=\"{url}\">")));
    assert!(named_html
        .contains("<meta property=\"og:image:alt\" content=\"Ordinary Differential Equations: awarded to Amara"));
    assert!(!named_out.join("badges/m4-odes/card.png").exists(), "no shared card when each award has its own");

    // The page itself names nobody (its certificate and card are made from it).
    let html = std::fs::read_to_string(out.join(page).join("index.html")).unwrap();
    assert!(!html.contains("Amara"));
}

#[test]
fn bake_and_unbake_commands() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("baked.svg");
    let bin = env!("CARGO_BIN_EXE_accolade");
    let image = example_site().join("badges/m1-floating-point.svg");
    let assertion = example_site().join("assertions/amara-okafor-m1.json");
    let r =
        std::process::Command::new(bin).arg("bake").arg(&image).arg(&assertion).arg("-o").arg(&out).output().unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let r = std::process::Command::new(bin).arg("unbake").arg(&out).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&r.stdout).trim(), std::fs::read_to_string(&assertion).unwrap().trim());
    let r = std::process::Command::new(bin).arg("bake").arg(&out).arg(&assertion).arg("-o").arg(&out).output().unwrap();
    assert!(!r.status.success(), "never replaces its input");
    let r = std::process::Command::new(bin).arg("unbake").arg(&assertion).output().unwrap();
    assert!(!r.status.success());
}

#[test]
fn a_linkedin_organization_id_links_the_issuer_and_silences_the_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let site_dir = tmp.path().join("site");
    copy_tree(&example_site(), &site_dir);
    let config = std::fs::read_to_string(site_dir.join("accolade.toml")).unwrap();
    std::fs::write(site_dir.join("accolade.toml"), format!("{config}\n[sharing]\nlinkedin_organization_id = 4242\n"))
        .unwrap();
    let (site, _t, out) = build(&site_dir, None);
    assert!(!site.problems.iter().any(|p| p.code == "share.linkedin"));
    let html = std::fs::read_to_string(out.join("assertions/yiqye14j2q/index.html")).unwrap();
    // The page's script fills the link in with the id (tests/browser).
    assert!(html.contains("startTask=CERTIFICATION_NAME\" data-linkedin=\"4242\">"), "{html}");
}

#[test]
fn an_unlisted_award_is_reachable_but_not_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let site_dir = tmp.path().join("site");
    copy_tree(&example_site(), &site_dir);
    let file = site_dir.join("assertions/chidera-nwosu-m1.json");
    let mut v: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    v["accolade:unlisted"] = Value::Bool(true);
    std::fs::write(&file, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let (_site, _t, out) = build(&site_dir, None);
    let page = "assertions/m0cut27sgd/";
    let html = std::fs::read_to_string(out.join(page).join("index.html")).unwrap();
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(
        html.contains("Awarded to <strong data-shown=\"recipient\">Chidera Nwosu</strong>"),
        "the page itself is unchanged"
    );
    for listing in ["index.html", "badges/m1-floating-point/index.html", "sitemap.xml", "feed.xml"] {
        let text = std::fs::read_to_string(out.join(listing)).unwrap();
        assert!(!text.contains("m0cut27sgd"), "{listing} lists the unlisted award");
        assert!(!text.contains("Chidera"), "{listing} names the unlisted earner");
    }
    let hosted: Value =
        serde_json::from_slice(&std::fs::read(out.join("assertions/m0cut27sgd.json")).unwrap()).unwrap();
    assert!(hosted.get("accolade:unlisted").is_none(), "accolade's own flag is not published");
    // Listed again, it is back (the test above really depends on the flag).
    let (_s, _t2, out2) = build(&example_site(), None);
    assert!(std::fs::read_to_string(out2.join("sitemap.xml")).unwrap().contains("m0cut27sgd"));
    assert!(std::fs::read_to_string(out2.join("feed.xml")).unwrap().contains("m0cut27sgd"));
}
