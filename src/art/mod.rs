//! The images of a site: badge and issuer images as PNG, the files baked
//! with an award's assertion, its share image and its QR code. Badge images
//! are read and rasterised once per badge class, not per award.

pub mod bake;
pub mod raster;

use crate::check::svg::clean_svg;
use crate::config::Config;
use crate::i18n::Strings;
use crate::layout;
use crate::library::{Award, Library};
use crate::model::Image;
use crate::util::cache::Cache;
use crate::util::sniff::sniff_bytes;
use raster::{Card, CardBackground, CardWords, Fonts};
use rayon::prelude::*;

/// A badge class's or issuer's image, as found in the site folder.
#[derive(Default)]
pub struct Art {
    /// The SVG as the site serves it (re-serialised through the allowlist),
    /// when the image is an SVG.
    pub svg: Option<String>,
    /// The image as PNG: the file itself, or the SVG rendered at 512 px.
    pub png: Option<Vec<u8>>,
    /// The site path the image is published at.
    pub path: Option<String>,
}

pub struct Artwork {
    pub badges: Vec<Art>,
    pub issuers: Vec<Art>,
    /// Share-image backgrounds by badge, and one for awards without a badge image.
    card_backgrounds: Vec<Option<CardBackground>>,
    card_background_plain: Option<CardBackground>,
    /// Each badge class's share image, used by its awards' pages unless
    /// the site asks for one per award.
    pub badge_cards: Vec<Option<Vec<u8>>>,
    per_award_cards: bool,
    baked_images: bool,
    fonts: Fonts,
    /// The interface strings: the share cards' sentences and dates.
    strings: std::sync::Arc<Strings>,
    card_words: CardWords,
    /// Per-award share images drawn by earlier builds (`[per_award_files]
    /// share_cards`), beside the output. Baked images are not cached: baking
    /// inserts a chunk into the badge image, which costs about what reading
    /// and checking a cached copy of the same size would.
    pub cache: Cache,
}

/// Size of badge images rendered from SVG: sharp on high-density screens.
const BADGE_PX: u32 = 512;

/// The files made for one (not revoked) award, by output path.
pub struct AwardFiles {
    pub files: Vec<(String, Vec<u8>)>,
    /// The site paths of the badge image its page offers for download, as
    /// PNG and as SVG (when the badge image is one): the award's own baked
    /// files (`baked`, with `[per_award_files] baked_images`), else the badge
    /// class's images, which the page bakes in the browser (`bake.js`).
    pub png: Option<String>,
    pub svg: Option<String>,
    pub baked: bool,
    /// The site path of the award page's share image: its own, or its badge
    /// class's (`per_award` false, which names no earner).
    pub card_image: Option<String>,
    pub card_per_award: bool,
    /// The site path of the badge class's image as PNG (`badges/<slug>/image.png`),
    /// shared by all its awards: embed snippets and the JSON-LD show it.
    pub class_image: Option<String>,
}

impl Artwork {
    pub fn for_site(library: &Library, config: &Config, strings: std::sync::Arc<Strings>, fonts: Fonts) -> Artwork {
        let card_words = CardWords::from(strings.as_ref());
        let footer = strings.format("card.footer", &[("site", &config.title)]);
        let art_of = |image: Option<&Image>| -> Art {
            let Some(url) = image.and_then(|i| i.url()) else { return Art::default() };
            let Some(rel) = config.site_path(url) else { return Art::default() };
            let Some(file) = library.files.iter().find(|f| f.to == rel) else { return Art::default() };
            let Ok(bytes) = std::fs::read(&file.from) else { return Art::default() };
            match sniff_bytes(&bytes) {
                Some("png") => Art { svg: None, png: Some(bytes), path: Some(rel.to_string()) },
                Some("svg") => {
                    // Baked and rendered from the SVG the site serves: the one
                    // re-serialised through the allowlist, not the author's bytes.
                    let Ok(clean) = clean_svg(&bytes) else { return Art::default() };
                    let png = raster::svg_to_png(clean.svg.as_bytes(), BADGE_PX, &fonts).ok();
                    Art { svg: Some(clean.svg), png, path: Some(rel.to_string()) }
                }
                _ => Art::default(),
            }
        };
        let badges: Vec<Art> = library.badges.par_iter().map(|b| art_of(b.doc.data.image.as_ref())).collect();
        let background_of = |a: &Art| {
            let image = match (&a.svg, &a.png) {
                (Some(svg), _) => raster::BadgeImage::Svg(svg.as_bytes()),
                (None, Some(png)) => raster::BadgeImage::Png(png),
                (None, None) => return None,
            };
            raster::card_background(Some(image), &footer, &fonts).ok()
        };
        let per_award_cards = config.per_award_files.share_cards;
        // A background is a full-size image (3 MiB): kept for the build only
        // when every award draws its own share image on it.
        let card_backgrounds: Vec<Option<CardBackground>> =
            if per_award_cards { badges.par_iter().map(background_of).collect() } else { Vec::new() };
        // One share image per badge class, naming no earner and no date: it
        // stands for every award of the badge.
        let badge_cards = library
            .badges
            .par_iter()
            .zip(&badges)
            .map(|(badge, art)| {
                if per_award_cards {
                    return None;
                }
                let background = background_of(art);
                let card = Card {
                    badge_name: badge.doc.data.name.as_deref().unwrap_or(strings.get("js.badge")),
                    earner: None,
                    issuer: badge
                        .issuer
                        .and_then(|i| library.issuers[i].doc.data.name.as_deref())
                        .unwrap_or(strings.get("js.the_issuer")),
                    date: "",
                    words: &card_words,
                };
                raster::card_png(background.as_ref()?, &card, &fonts).ok()
            })
            .collect();
        Artwork {
            issuers: library.issuers.par_iter().map(|i| art_of(i.doc.data.image.as_ref())).collect(),
            badges,
            card_backgrounds,
            card_background_plain: per_award_cards
                .then(|| raster::card_background(None, &footer, &fonts).ok())
                .flatten(),
            badge_cards,
            per_award_cards,
            baked_images: config.per_award_files.baked_images,
            fonts,
            strings,
            card_words,
            cache: Cache::new(layout::build_cache(&config.output)),
        }
    }

    /// The baked badge images (PNG and SVG, as the badge image is) and the
    /// share image of an award, with `hosted_json` its published assertion.
    pub fn award_files(&self, library: &Library, award: &Award, hosted_json: &str) -> Result<AwardFiles, String> {
        let page = &award.place.page;
        let d = &award.doc.data;
        let badge = award.badge.map(|b| &library.badges[b]);
        let badge_art = award.badge.map(|b| &self.badges[b]);
        let mut files = Vec::new();
        let id = d.id.as_deref().unwrap_or_default();
        let class_png = badge_art.and_then(|a| a.png.as_deref());
        let class_svg = badge_art.and_then(|a| a.svg.as_deref());
        // The badge page publishes the class's PNG as its `image.png`
        // (badge_pages in build/mod.rs).
        let class_image = class_png.and(badge).map(|b| layout::in_page(&b.place.page, layout::OG_IMAGE));
        let (png, svg) = if self.baked_images {
            let (mut png, mut svg) = (None, None);
            if let Some(image) = class_png {
                let path = layout::in_page(page, layout::award::BAKED_PNG);
                files.push((path.clone(), bake::bake_png(image, hosted_json)?));
                png = Some(path);
            }
            if let Some(image) = class_svg {
                let path = layout::in_page(page, layout::award::BAKED_SVG);
                files.push((path.clone(), bake::bake_svg(image, hosted_json, id)?.into_bytes()));
                svg = Some(path);
            }
            (png, svg)
        } else {
            // The class's SVG where it was found, and its PNG as above.
            (class_image.clone(), class_svg.and(badge_art).and_then(|a| a.path.clone()))
        };
        let baked = self.baked_images;
        if !self.per_award_cards {
            let card_image = award
                .badge
                .filter(|&b| self.badge_cards[b].is_some())
                .map(|b| layout::in_page(&library.badges[b].place.page, layout::BADGE_CARD));
            return Ok(AwardFiles { files, png, svg, baked, card_image, card_per_award: false, class_image });
        }
        let date = award.issued_on.map(|t| self.strings.date(t)).unwrap_or_default();
        let (card, background) = self.award_card(library, award, &date);
        let drawn = background.map(|bg| {
            let key = raster::card_key(bg, &card, &self.fonts);
            self.cache.get_or_make(&key, || raster::card_png(bg, &card, &self.fonts))
        });
        let card_image = match drawn {
            Some(Ok(png)) => {
                let path = layout::in_page(page, layout::award::CARD_IMAGE);
                files.push((path.clone(), png));
                Some(path)
            }
            _ => None,
        };
        Ok(AwardFiles { files, png, svg, baked, card_image, card_per_award: true, class_image })
    }

    /// For an award whose files a build takes from the previous output: its
    /// share image stays in the cache (without being read or drawn).
    pub fn keep_award_card(&self, library: &Library, award: &Award) {
        if !self.per_award_cards {
            return;
        }
        let date = award.issued_on.map(|t| self.strings.date(t)).unwrap_or_default();
        if let (card, Some(bg)) = self.award_card(library, award, &date) {
            self.cache.keep(&raster::card_key(bg, &card, &self.fonts));
        }
    }

    /// What an award's own share image shows, and what it is drawn on.
    fn award_card<'a>(
        &'a self,
        library: &'a Library,
        award: &'a Award,
        date: &'a str,
    ) -> (Card<'a>, Option<&'a CardBackground>) {
        let badge = award.badge.map(|b| &library.badges[b]);
        let card = Card {
            badge_name: badge.and_then(|b| b.doc.data.name.as_deref()).unwrap_or(self.strings.get("js.badge")),
            earner: award.doc.data.recipient_name(),
            issuer: library
                .issuer_of(award)
                .and_then(|i| i.doc.data.name.as_deref())
                .unwrap_or(self.strings.get("js.the_issuer")),
            date,
            words: &self.card_words,
        };
        let background =
            award.badge.and_then(|b| self.card_backgrounds[b].as_ref()).or(self.card_background_plain.as_ref());
        (card, background)
    }
}
