//! The images and pages an award is shared with: baked badge images, the
//! share image, the embeddable card page and the printable certificate.
//! Badge images are read and rasterised once per badge class, not per award.

use crate::bake;
use crate::images::{self, Card};
use crate::render::escape_html;
use crate::site::{Award, Site};
use crate::urls;
use rayon::prelude::*;
use serde::Serialize;

/// A badge class's or issuer's image, as found in the site folder.
#[derive(Default)]
pub struct Art {
    /// The SVG source, when the image is an SVG.
    pub svg: Option<String>,
    /// The image as PNG: the file itself, or the SVG rendered at 512 px.
    pub png: Option<Vec<u8>>,
}

pub struct Artwork {
    pub badges: Vec<Art>,
    pub issuers: Vec<Art>,
    /// Share-image backgrounds by badge, and one for awards without a badge image.
    card_backgrounds: Vec<Option<images::CardBackground>>,
    card_background_plain: Option<images::CardBackground>,
}

/// Size of badge images rendered from SVG: sharp on high-density screens.
const BADGE_PX: u32 = 512;

impl Artwork {
    pub fn for_site(site: &Site) -> Artwork {
        let art_of = |image: Option<&crate::model::Image>| -> Art {
            let Some(url) = image.and_then(|i| i.url()) else { return Art::default() };
            let Some(rel) = site.config.site_path(url) else { return Art::default() };
            let Some(file) = site.files.iter().find(|f| f.to == rel) else { return Art::default() };
            let Ok(bytes) = std::fs::read(&file.from) else { return Art::default() };
            match crate::validate::sniff_bytes(&bytes[..bytes.len().min(1024)]) {
                Some("png") => Art { svg: None, png: Some(bytes) },
                Some("svg") => {
                    let png = images::svg_to_png(&bytes, BADGE_PX).ok();
                    Art { svg: String::from_utf8(bytes).ok(), png }
                }
                _ => Art::default(),
            }
        };
        let badges: Vec<Art> = site.badges.par_iter().map(|b| art_of(b.doc.data.image.as_ref())).collect();
        let card_backgrounds = badges
            .par_iter()
            .map(|a| a.png.as_deref().and_then(|png| images::card_background(Some(png), &site.config.title).ok()))
            .collect();
        Artwork {
            badges,
            issuers: site.issuers.par_iter().map(|i| art_of(i.doc.data.image.as_ref())).collect(),
            card_backgrounds,
            card_background_plain: images::card_background(None, &site.config.title).ok(),
        }
    }
}

/// What the award page offers for sharing (absent for revoked awards).
#[derive(Serialize)]
pub struct ShareView {
    pub linkedin_url: String,
    pub linkedin_fields: Vec<(&'static str, String)>,
    /// Relative file names in the award's folder.
    pub baked_png: Option<&'static str>,
    pub baked_svg: Option<&'static str>,
    /// Absolute URL of the 1200×627 share image, and its alt text.
    pub card_image: Option<String>,
    pub card_alt: String,
    pub embed_image_html: Option<String>,
    pub embed_iframe_html: String,
    pub json_ld: String,
}

/// Files written for one award: path in the output and bytes.
pub type Files = Vec<(String, Vec<u8>)>;

/// Makes the shared files of a (not revoked) award and the view describing them.
pub fn share(site: &Site, art: &Artwork, award: &Award, hosted_json: &str) -> Result<(ShareView, Files), String> {
    let page = &award.place.page;
    let page_url = site.config.url(page);
    let d = &award.doc.data;
    let badge = award.badge.map(|b| &site.badges[b]);
    let badge_art = award.badge.map(|b| &art.badges[b]);
    let badge_name = badge.and_then(|b| b.doc.data.name.as_deref()).unwrap_or("Badge");
    let issuer = badge.and_then(|b| b.issuer).map(|i| &site.issuers[i]);
    let issuer_name = issuer.and_then(|i| i.doc.data.name.as_deref()).unwrap_or("the issuer");
    let earner = d.recipient_name();
    let mut files = Files::new();

    let id = d.id.as_deref().unwrap_or_default();
    let mut baked_png = None;
    let mut baked_svg = None;
    if let Some(png) = badge_art.and_then(|a| a.png.as_deref()) {
        files.push((format!("{page}badge.png"), bake::bake_png(png, hosted_json)?));
        baked_png = Some("badge.png");
    }
    if let Some(svg) = badge_art.and_then(|a| a.svg.as_deref()) {
        files.push((format!("{page}badge.svg"), bake::bake_svg(svg, hosted_json, id)?.into_bytes()));
        baked_svg = Some("badge.svg");
    }
    let date = award.issued_on.map(crate::dates::human).unwrap_or_default();
    let card = Card { badge_name, earner, issuer: issuer_name, date: &date };
    let background = award.badge.and_then(|b| art.card_backgrounds[b].as_ref()).or(art.card_background_plain.as_ref());
    let card_image = match background.map(|bg| images::card_png(bg, &card)) {
        Some(Ok(png)) => {
            files.push((format!("{page}card.png"), png));
            Some(format!("{page_url}card.png"))
        }
        _ => None,
    };
    let card_alt = match earner {
        Some(n) => format!("{badge_name}: awarded to {n} by {issuer_name}"),
        None => format!("{badge_name}: awarded by {issuer_name}"),
    };
    let linkedin = crate::share::LinkedIn {
        name: badge_name,
        organization_id: site.config.linkedin_organization_id,
        organization_name: issuer_name,
        issued: award.issued_on.unwrap_or(site.now),
        expires: award.expires,
        cert_url: &page_url,
        cert_id: id,
    };
    let embed_image_html = baked_png.map(|_| {
        format!(
            "<a href=\"{}\"><img src=\"{}badge.png\" alt=\"{}\" width=\"120\" height=\"120\"></a>",
            escape_html(&page_url),
            escape_html(&page_url),
            escape_html(&card_alt)
        )
    });
    let embed_iframe_html = format!(
        "<iframe src=\"{}card/\" width=\"400\" height=\"150\" title=\"{}\" loading=\"lazy\" style=\"border:0\"></iframe>",
        escape_html(&page_url),
        escape_html(&card_alt)
    );
    let description = badge
        .and_then(|b| b.doc.data.description.as_deref())
        .map(|t| crate::markdown::plain_summary(t, 300))
        .unwrap_or_default();
    let json_ld = crate::share::json_ld(
        badge_name,
        &description,
        &page_url,
        baked_png.map(|_| format!("{page_url}badge.png")).as_deref(),
        issuer_name,
        issuer.and_then(|i| i.doc.data.url.as_deref()).filter(|u| urls::is_safe_link(u)),
        award.issued_on,
        award.expires,
        earner,
    );
    let view = ShareView {
        linkedin_url: linkedin.url(),
        linkedin_fields: linkedin.fields(),
        baked_png,
        baked_svg,
        card_image,
        card_alt,
        embed_image_html,
        embed_iframe_html,
        json_ld,
    };
    Ok((view, files))
}
