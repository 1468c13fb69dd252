//! Raster images made at build time: badge images as PNG (for baking and for
//! sites such as LinkedIn that do not read SVG) and the 1200×627 share image
//! of each award. Rendered with resvg; text uses the theme's fonts (DejaVu
//! Sans, built into the binary), so output does not depend on the machine's fonts.
//!
//! A line of a share image in a script those fonts lack (Chinese, Devanagari…)
//! is left out, or the earner's line says who awarded it instead, rather than
//! drawn as boxes: shipping fonts for every script would add tens of megabytes
//! to the program, and the page and its alt text keep the real words.

use crate::util::cache::{key, Key};
use crate::util::hash::base64;
use resvg::{tiny_skia, usvg};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use unicode_script::{Script, UnicodeScript};
use unicode_segmentation::UnicodeSegmentation;

pub const CARD_WIDTH: u32 = 1200;
pub const CARD_HEIGHT: u32 = 627;

/// The fonts text is drawn with, loaded once per build, and the SHA-256 of
/// their files (a theme may replace them), for the keys of cached images.
#[derive(Clone)]
pub struct Fonts(Arc<usvg::fontdb::Database>, Key);

impl Fonts {
    /// Loads font files (TrueType or OpenType); the family they name is the
    /// one `DejaVu Sans` text is drawn in when it is DejaVu Sans.
    pub fn new(fonts: &[&[u8]]) -> Fonts {
        let mut db = usvg::fontdb::Database::new();
        for font in fonts {
            db.load_font_data(font.to_vec());
        }
        let digests: Vec<[u8; 32]> = fonts.iter().map(|f| Sha256::digest(f).into()).collect();
        Fonts(Arc::new(db), key(&digests.iter().map(|d| d.as_slice()).collect::<Vec<_>>()))
    }
}

/// Whether the fonts can draw every character of `s`: each has a glyph in one
/// of them, and a script whose letters change shape with their neighbours
/// (Arabic, Devanagari…) is one that font can shape (its GSUB table lists the
/// script). usvg would draw a box for a missing character, and the letters of
/// a script its font cannot shape unjoined.
pub fn covered(fonts: &Fonts, s: &str) -> bool {
    let chars: Vec<char> = s.chars().filter(|&c| !invisible(c)).collect();
    let mut drawn = vec![false; chars.len()];
    for face in fonts.0.faces() {
        fonts.0.with_face_data(face.id, |data, index| {
            let Ok(face) = ttf_parser::Face::parse(data, index) else { return };
            for (&c, drawn) in chars.iter().zip(&mut drawn) {
                *drawn = *drawn || (face.glyph_index(c).is_some() && can_shape(&face, c.script()));
            }
        });
    }
    drawn.iter().all(|&d| d)
}

/// Scripts that need a font's own shaping rules to be readable, with their
/// OpenType script tags (the newer Indic tag first).
const SHAPED_SCRIPTS: &[(Script, &[&[u8; 4]])] = &[
    (Script::Arabic, &[b"arab"]),
    (Script::Syriac, &[b"syrc"]),
    (Script::Nko, &[b"nko "]),
    (Script::Mongolian, &[b"mong"]),
    (Script::Mandaic, &[b"mand"]),
    (Script::Adlam, &[b"adlm"]),
    (Script::Hanifi_Rohingya, &[b"rohg"]),
    (Script::Devanagari, &[b"dev2", b"deva"]),
    (Script::Bengali, &[b"bng2", b"beng"]),
    (Script::Gurmukhi, &[b"gur2", b"guru"]),
    (Script::Gujarati, &[b"gjr2", b"gujr"]),
    (Script::Oriya, &[b"ory2", b"orya"]),
    (Script::Tamil, &[b"tml2", b"taml"]),
    (Script::Telugu, &[b"tel2", b"telu"]),
    (Script::Kannada, &[b"knd2", b"knda"]),
    (Script::Malayalam, &[b"mlm2", b"mlym"]),
    (Script::Sinhala, &[b"sinh"]),
    (Script::Myanmar, &[b"mym2", b"mymr"]),
    (Script::Khmer, &[b"khmr"]),
    (Script::Tibetan, &[b"tibt"]),
    (Script::Javanese, &[b"java"]),
    (Script::Balinese, &[b"bali"]),
];

fn can_shape(face: &ttf_parser::Face<'_>, script: Script) -> bool {
    let Some((_, tags)) = SHAPED_SCRIPTS.iter().find(|(s, _)| *s == script) else { return true };
    let gsub = face.tables().gsub;
    tags.iter().any(|t| gsub.is_some_and(|g| g.scripts.find(ttf_parser::Tag::from_bytes(t)).is_some()))
}

/// Characters the shaper draws as nothing when a font lacks them: spaces
/// (drawn as a space), controls, and Unicode's default-ignorable characters
/// (direction marks, joiners, variation selectors).
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{FEFF}')
        || matches!(c, '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}')
        || matches!(c, '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0000}'..='\u{E0FFF}')
}

fn options(fonts: &Fonts) -> usvg::Options<'static> {
    let mut o =
        usvg::Options { fontdb: fonts.0.clone(), font_family: "DejaVu Sans".into(), ..usvg::Options::default() };
    // Images inside an SVG may only be data URIs: usvg would otherwise read
    // any file path a badge image names, and put it in our output.
    o.resources_dir = None;
    o.image_href_resolver = usvg::ImageHrefResolver {
        resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
        resolve_string: Box::new(|_, _| None),
    };
    o
}

/// Renders an SVG to a PNG `width` pixels wide (height by aspect ratio).
pub fn svg_to_png(svg: &[u8], width: u32, fonts: &Fonts) -> Result<Vec<u8>, String> {
    let tree = usvg::Tree::from_data(svg, &options(fonts)).map_err(|e| format!("cannot read the SVG: {e}"))?;
    let size = tree.size();
    let scale = width as f32 / size.width();
    let height = (size.height() * scale).round().max(1.0) as u32;
    render(&tree, width, height, scale)
}

fn render(tree: &usvg::Tree, width: u32, height: u32, scale: f32) -> Result<Vec<u8>, String> {
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or("the image would be empty")?;
    resvg::render(tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| format!("cannot encode the PNG: {e}"))
}

/// What the share image of an award says.
pub struct Card<'a> {
    pub badge_name: &'a str,
    pub earner: Option<&'a str>,
    pub issuer: &'a str,
    pub date: &'a str,
    /// The card's sentences in the site's language.
    pub words: &'a CardWords,
}

/// The sentences of a share card, in the site's language (`[card]` of the
/// translation files), with `{name}` and `{issuer}` filled in here.
#[derive(Debug, Clone)]
pub struct CardWords {
    pub awarded_to: String,
    pub issued_by: String,
    pub awarded_by: String,
    /// The language, and whether it is written right to left.
    pub language: String,
    pub rtl: bool,
}

impl CardWords {
    pub fn english() -> CardWords {
        CardWords::from(&crate::i18n::Strings::default())
    }
}

impl From<&crate::i18n::Strings> for CardWords {
    fn from(strings: &crate::i18n::Strings) -> CardWords {
        CardWords {
            awarded_to: strings.get("card.awarded_to").to_string(),
            issued_by: strings.get("card.issued_by").to_string(),
            awarded_by: strings.get("card.awarded_by").to_string(),
            language: strings.language.clone(),
            rtl: strings.rtl(),
        }
    }
}

/// The part of a share image that is the same for every award of a badge:
/// background, badge image and site name. Drawn once per badge class, since
/// scaling the badge image was most of the cost of a share image.
pub struct CardBackground {
    pixmap: tiny_skia::Pixmap,
    has_badge: bool,
    /// A digest of what it was drawn from: the badge image and site title.
    drawn_from: Key,
}

/// The badge image of a share card, as the site publishes it.
#[derive(Clone, Copy)]
pub enum BadgeImage<'a> {
    Png(&'a [u8]),
    /// An SVG (already through the allowlist): drawn as vectors at its size
    /// on the card, which costs a fraction of scaling a raster of it.
    Svg(&'a [u8]),
}

/// Where and how large the badge image sits on a share card.
const CARD_BADGE: (f32, f32, f32) = (90.0, 163.0, 300.0);

/// `footer` is the line along the card's foot: the site's title, and that
/// this is a verifiable Open Badge, in the site's language (`card.footer`).
pub fn card_background(badge: Option<BadgeImage<'_>>, footer: &str, fonts: &Fonts) -> Result<CardBackground, String> {
    let (x, y, size) = CARD_BADGE;
    let mut body = String::new();
    if let Some(BadgeImage::Png(png)) = badge {
        body.push_str(&format!(
            "<image x=\"{x}\" y=\"{y}\" width=\"{size}\" height=\"{size}\" href=\"data:image/png;base64,{}\"/>",
            base64(png)
        ));
    }
    body.push_str(&text(fonts, 90, 580, 24, "normal", "#9fb6d1", footer));
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{CARD_WIDTH}\" height=\"{CARD_HEIGHT}\" viewBox=\"0 0 {CARD_WIDTH} {CARD_HEIGHT}\">\
         <rect width=\"100%\" height=\"100%\" fill=\"#0f2a4a\"/><rect x=\"0\" y=\"611\" width=\"1200\" height=\"16\" fill=\"#ffd166\"/>{body}</svg>"
    );
    let tree = usvg::Tree::from_data(svg.as_bytes(), &options(fonts))
        .map_err(|e| format!("cannot draw the share image: {e}"))?;
    let mut pixmap = tiny_skia::Pixmap::new(CARD_WIDTH, CARD_HEIGHT).ok_or("the image would be empty")?;
    resvg::render(&tree, tiny_skia::Transform::identity(), &mut pixmap.as_mut());
    if let Some(BadgeImage::Svg(badge_svg)) = badge {
        // Fitted into the square and centred, as an <image> would be.
        let tree = usvg::Tree::from_data(badge_svg, &options(fonts))
            .map_err(|e| format!("cannot draw the badge image: {e}"))?;
        let (w, h) = (tree.size().width(), tree.size().height());
        let scale = size / w.max(h);
        let at = tiny_skia::Transform::from_row(
            scale,
            0.0,
            0.0,
            scale,
            x + (size - w * scale) / 2.0,
            y + (size - h * scale) / 2.0,
        );
        resvg::render(&tree, at, &mut pixmap.as_mut());
    }
    let (kind, bytes): (&[u8], &[u8]) = match badge {
        Some(BadgeImage::Png(png)) => (b"png", png),
        Some(BadgeImage::Svg(svg)) => (b"svg", svg),
        None => (b"none", b""),
    };
    let drawn_from = key(&[kind, Sha256::digest(bytes).as_slice(), footer.as_bytes()]);
    Ok(CardBackground { pixmap, has_badge: badge.is_some(), drawn_from })
}

/// Names the drawing of share images in their cache keys. Change it when
/// `card_png` draws differently; a new accolade program changes every key anyway.
const CARD_DRAWING: &str =
    "accolade share image 3: card_text_svg over card_background, lines the fonts cannot draw left out, RGB PNG, fast compression";

/// The cache key of the share image `card_png` draws: everything its bytes
/// depend on (the drawing code, the program, its background, its fonts, its
/// size and its text).
pub fn card_key(background: &CardBackground, card: &Card<'_>, fonts: &Fonts) -> Key {
    let size = format!("{CARD_WIDTH}x{CARD_HEIGHT}");
    let earner = card.earner.map(|e| format!("named {e}")).unwrap_or_default();
    key(&[
        CARD_DRAWING.as_bytes(),
        crate::util::fs::program_identity().as_bytes(),
        &background.drawn_from,
        &fonts.1,
        size.as_bytes(),
        card.badge_name.as_bytes(),
        earner.as_bytes(),
        card.issuer.as_bytes(),
        card.date.as_bytes(),
        card.words.awarded_to.as_bytes(),
        card.words.issued_by.as_bytes(),
        card.words.awarded_by.as_bytes(),
    ])
}

/// The 1200×627 PNG shown when an award's link is shared (Open Graph): the
/// award's text drawn over its badge's background.
pub fn card_png(background: &CardBackground, card: &Card<'_>, fonts: &Fonts) -> Result<Vec<u8>, String> {
    let svg = card_text_svg(card, background.has_badge, fonts);
    let tree = usvg::Tree::from_data(svg.as_bytes(), &options(fonts))
        .map_err(|e| format!("cannot draw the share image: {e}"))?;
    let mut pixmap = background.pixmap.clone();
    resvg::render(&tree, tiny_skia::Transform::identity(), &mut pixmap.as_mut());
    encode_opaque_png(&pixmap)
}

/// Encodes an opaque image as RGB with fast compression: a share image is
/// made for every award, and this takes a third of the time and space of
/// tiny-skia's RGBA encoding at its default level.
fn encode_opaque_png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, String> {
    let rgb: Vec<u8> = pixmap.data().chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    let mut out = Vec::with_capacity(rgb.len() / 4);
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::FilterType::Paeth);
    let mut writer = encoder.write_header().map_err(|e| format!("cannot encode the PNG: {e}"))?;
    writer.write_image_data(&rgb).map_err(|e| format!("cannot encode the PNG: {e}"))?;
    writer.finish().map_err(|e| format!("cannot encode the PNG: {e}"))?;
    Ok(out)
}

fn card_text_svg(card: &Card<'_>, has_badge: bool, fonts: &Fonts) -> String {
    let mut body = String::new();
    let text_x = if has_badge { 480 } else { 90 };
    let width_chars = if has_badge { 22 } else { 34 };
    // DejaVu Sans Bold is about 0.62 em wide a character: 50 px × 0.62 × 21 ≈ 650 px.
    let name_lines = wrap_covered(fonts, card.badge_name, width_chars - 1);
    // With no name drawn (the fonts lack its script), the rest sits level
    // with the badge rather than high above it.
    let mut y = match name_lines.len() {
        0 => 260,
        1 | 2 => 200,
        _ => 150,
    };
    for line in name_lines.iter().take(3) {
        body.push_str(&text(fonts, text_x, y, 50, "bold", "#ffffff", line));
        y += 62;
    }
    y += 10;
    // Who earned it, then who issued it; with no published name, the
    // issuer's line takes the earner's place (never "the recipient"), as it
    // does for a name the fonts cannot draw. A name is isolated (U+2068 …
    // U+2069), so its direction cannot reorder the sentence around it.
    let words = card.words;
    let with = |text: &str, name: &str| crate::i18n::fill(text, |_| Some(format!("\u{2068}{name}\u{2069}")));
    let lines = |earner: Option<&str>| match earner {
        Some(name) => (with(&words.awarded_to, name), Some(with(&words.issued_by, card.issuer))),
        None => (with(&words.awarded_by, card.issuer), None),
    };
    let (mut earner, mut issuer) = lines(card.earner);
    if !covered(fonts, &earner) {
        (earner, issuer) = lines(None);
    }
    for line in wrap_covered(fonts, &earner, width_chars + 8).iter().take(2) {
        body.push_str(&text(fonts, text_x, y, 38, "normal", "#dbe7f5", line));
        y += 48;
    }
    y += 12;
    for line in issuer.iter().flat_map(|i| wrap_covered(fonts, i, width_chars + 14)).take(2) {
        body.push_str(&text(fonts, text_x, y, 30, "normal", "#dbe7f5", &line));
        y += 40;
    }
    body.push_str(&text(fonts, text_x, y + 4, 30, "normal", "#ffd166", card.date));
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{CARD_WIDTH}\" height=\"{CARD_HEIGHT}\" viewBox=\"0 0 {CARD_WIDTH} {CARD_HEIGHT}\">{body}</svg>"
    )
}

/// One line of text, or nothing when the fonts cannot draw all of it.
fn text(fonts: &Fonts, x: u32, y: u32, size: u32, weight: &str, fill: &str, s: &str) -> String {
    if !covered(fonts, s) {
        return String::new();
    }
    // usvg lays every line out as a left-to-right paragraph; a line that
    // starts right to left (an Arabic name or label) is isolated as a
    // right-to-left one, so its words and punctuation read in order.
    let s = match unicode_bidi::get_base_direction(s) {
        unicode_bidi::Direction::Rtl => format!("\u{2067}{s}\u{2069}"),
        _ => s.to_string(),
    };
    format!(
        "<text x=\"{x}\" y=\"{y}\" font-family=\"DejaVu Sans\" font-size=\"{size}\" font-weight=\"{weight}\" fill=\"{fill}\">{}</text>",
        crate::util::html::escape_html(&s)
    )
}

/// The lines of `s` (see `wrap`), or none when the fonts cannot draw all of
/// it: a name is left out whole, and the lines after it move up.
fn wrap_covered(fonts: &Fonts, s: &str, width: usize) -> Vec<String> {
    if covered(fonts, s) {
        wrap(s, width)
    } else {
        Vec::new()
    }
}

/// Splits text into lines of at most `width` characters (grapheme clusters:
/// a letter with its accents counts once and is never split), at spaces; a
/// longer last line is cut with an ellipsis.
fn wrap(s: &str, width: usize) -> Vec<String> {
    let len = |s: &str| s.graphemes(true).count();
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        if !line.is_empty() && len(&line) + 1 + len(word) > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    for l in &mut lines {
        if len(l) > width {
            *l = format!("{}…", l.graphemes(true).take(width.saturating_sub(1)).collect::<String>());
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::theme::{Theme, FONT_BOLD, FONT_REGULAR};
    use crate::util::sniff::png_size;

    fn fonts() -> Fonts {
        let theme = Theme::builtin();
        Fonts::new(&[theme.file(FONT_REGULAR), theme.file(FONT_BOLD)])
    }

    #[test]
    fn wraps_and_cuts() {
        assert_eq!(
            wrap("Numerical Methods with Python: Course Completion", 22),
            ["Numerical Methods with", "Python: Course", "Completion"]
        );
        assert_eq!(wrap("Supercalifragilisticexpialidocious", 10), ["Supercali…"]);
    }

    #[test]
    fn card_is_1200_by_627_and_text_is_escaped() {
        let badge = svg_to_png(
            b"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><circle cx='5' cy='5' r='4'/></svg>",
            300,
            &fonts(),
        )
        .unwrap();
        assert_eq!(png_size(&badge), Some((300, 300)));
        let background = card_background(Some(BadgeImage::Png(&badge)), "Badges & <Co>", &fonts()).unwrap();
        let card = Card {
            badge_name: "Floating <Point> & \"Arithmetic\"",
            earner: Some("Zoë Müller\u{202e}"),
            issuer: "Open Numerics Academy",
            date: "14 March 2026",
            words: &CardWords::english(),
        };
        let png = card_png(&background, &card, &fonts()).unwrap();
        // The text is drawn: the card differs from its background.
        assert_ne!(png, background.pixmap.encode_png().unwrap());
        assert_eq!(png_size(&png), Some((CARD_WIDTH, CARD_HEIGHT)));
    }

    #[test]
    fn an_svg_badge_is_drawn_fitted_and_centred_in_its_square() {
        // A red bar twice as wide as high: 300 px wide, 150 px high, centred
        // vertically in the square at (90, 163).
        let svg = b"<svg xmlns='http://www.w3.org/2000/svg' width='20' height='10'><rect width='20' height='10' fill='#ff0000'/></svg>";
        let background = card_background(Some(BadgeImage::Svg(svg)), "Badges", &fonts()).unwrap();
        let pixel = |x: u32, y: u32| background.pixmap.pixel(x, y).map(|p| (p.red(), p.green(), p.blue()));
        let (x, y, size) = (CARD_BADGE.0 as u32, CARD_BADGE.1 as u32, CARD_BADGE.2 as u32);
        assert_eq!(pixel(x + 1, y + size / 2), Some((255, 0, 0)));
        assert_eq!(pixel(x + size - 2, y + size / 4 + 2), Some((255, 0, 0)));
        // Above and below the bar, and left of the square: the background.
        assert_eq!(pixel(x + size / 2, y + 10), Some((0x0f, 0x2a, 0x4a)));
        assert_eq!(pixel(x + size / 2, y + size - 10), Some((0x0f, 0x2a, 0x4a)));
        assert_eq!(pixel(x - 5, y + size / 2), Some((0x0f, 0x2a, 0x4a)));
        // The same badge as a PNG lands in the same place.
        let png = svg_to_png(svg, 300, &fonts()).unwrap();
        let from_png = card_background(Some(BadgeImage::Png(&png)), "Badges", &fonts()).unwrap();
        let red = from_png.pixmap.pixel(x + 1, y + size / 2).unwrap();
        assert_eq!((red.red(), red.green(), red.blue()), (255, 0, 0));
        assert_ne!(background.drawn_from, from_png.drawn_from);
    }

    #[test]
    fn an_unnamed_recipient_is_not_mentioned() {
        let english = CardWords::english();
        let card = Card {
            badge_name: "Root Finding",
            earner: None,
            issuer: "Numerics Lab",
            date: "1 May 2026",
            words: &english,
        };
        let svg = card_text_svg(&card, true, &fonts());
        assert!(svg.contains(">Awarded by \u{2068}Numerics Lab\u{2069}<"), "{svg}");
        assert!(svg.contains(">1 May 2026<"), "{svg}");
        assert!(!svg.contains("recipient") && !svg.contains("Awarded to") && !svg.contains("credential"), "{svg}");
        let named = card_text_svg(&Card { earner: Some("Zoë Müller"), ..card }, true, &fonts());
        assert!(
            named.contains(">Awarded to \u{2068}Zoë Müller\u{2069}<")
                && named.contains(">Issued by \u{2068}Numerics Lab\u{2069}<"),
            "{named}"
        );
        let background = card_background(None, "Badges", &fonts()).unwrap();
        let png = card_png(&background, &card, &fonts()).unwrap();
        assert_eq!(png_size(&png), Some((CARD_WIDTH, CARD_HEIGHT)));
    }

    #[test]
    fn wrapping_keeps_accents_with_their_letters() {
        // "Zoé" with a combining acute: cut after the accent, never before.
        assert_eq!(wrap("Zoe\u{301}e\u{301}e\u{301}e\u{301}", 4), ["Zoe\u{301}…"]);
        assert_eq!(wrap("e\u{301}e\u{301} abc", 5), ["e\u{301}e\u{301}", "abc"]);
    }

    const CHINESE: &str = "张衡";
    const ARABIC: &str = "ليلى الفارسي";
    const DEVANAGARI: &str = "अर्जुन शर्मा";

    #[test]
    fn coverage_follows_the_fonts_glyphs_and_shaping() {
        let fonts = fonts();
        assert!(covered(&fonts, "Zoë Müller, Ωμέγα, Привет, שלום"));
        assert!(covered(&fonts, ARABIC) && covered(&fonts, "مُنحت إلى\u{200F} ليلى"));
        assert!(!covered(&fonts, CHINESE) && !covered(&fonts, DEVANAGARI));
        assert!(!covered(&fonts, &format!("Awarded to Zoë {CHINESE}")));
        // DejaVu Sans without its shaping table has the Arabic letters but
        // cannot join them: Arabic is then not drawn, Latin still is.
        let mut unshaped = Theme::builtin().file(FONT_REGULAR).to_vec();
        let tables = 12 + 16 * u16::from_be_bytes([unshaped[4], unshaped[5]]) as usize;
        let at = unshaped[..tables].windows(4).position(|w| w == b"GSUB").unwrap();
        unshaped[at..at + 4].copy_from_slice(b"XSUB");
        let unshaped = Fonts::new(&[&unshaped]);
        assert!(covered(&unshaped, "Zoë Müller") && !covered(&unshaped, ARABIC));
    }

    fn card_named<'a>(earner: Option<&'a str>) -> Card<'a> {
        static ENGLISH: std::sync::LazyLock<CardWords> = std::sync::LazyLock::new(CardWords::english);
        Card { badge_name: "Root Finding", earner, issuer: "Numerics Lab", date: "1 May 2026", words: &ENGLISH }
    }

    #[test]
    fn a_name_the_fonts_lack_gives_way_to_the_issuer_and_no_box_is_drawn() {
        let fonts = fonts();
        let unnamed = card_text_svg(&card_named(None), true, &fonts);
        for name in [CHINESE, DEVANAGARI] {
            let svg = card_text_svg(&card_named(Some(name)), true, &fonts);
            assert_eq!(svg, unnamed, "{name}");
        }
        // Drawn, the card is the unnamed one pixel for pixel: no .notdef box.
        let background = card_background(None, "Badges", &fonts).unwrap();
        let png = |earner| card_png(&background, &card_named(earner), &fonts).unwrap();
        assert_eq!(png(Some(CHINESE)), png(None));
        // Any other line the fonts cannot draw is left out; the rest stays.
        let card = Card { badge_name: "微积分", issuer: "北京大学", ..card_named(Some("Zoë")) };
        let svg = card_text_svg(&card, true, &fonts);
        assert!(!svg.contains("微积分") && !svg.contains("北京大学") && !svg.contains("Issued by"), "{svg}");
        assert!(svg.contains(">Awarded to \u{2068}Zoë\u{2069}<") && svg.contains(">1 May 2026<"), "{svg}");
        assert_eq!(svg.matches("<text").count(), 2, "{svg}");
        let titled = card_background(None, "北京大学", &fonts).unwrap();
        let blank = |bg: &CardBackground| {
            (90..700).all(|x| (555..590).all(|y| bg.pixmap.pixel(x, y).unwrap() == titled.pixmap.pixel(0, 0).unwrap()))
        };
        assert!(blank(&titled) && !blank(&card_background(None, "Badges", &fonts).unwrap()));
    }

    #[test]
    fn an_arabic_name_is_drawn_joined_and_right_to_left() {
        let fonts = fonts();
        let svg = card_text_svg(&card_named(Some(ARABIC)), true, &fonts);
        assert!(
            svg.contains(&format!(">Awarded to \u{2068}{ARABIC}\u{2069}<"))
                && svg.contains(">Issued by \u{2068}Numerics Lab\u{2069}<"),
            "{svg}"
        );
        let background = card_background(None, "Badges", &fonts).unwrap();
        let named = card_png(&background, &card_named(Some(ARABIC)), &fonts).unwrap();
        assert_ne!(named, card_png(&background, &card_named(None), &fonts).unwrap());
        // Joined: the letters drawn with joiners between them, as usvg
        // draws them, differ from the same letters kept apart by non-joiners.
        let draw = |s: &str| svg_to_png(card_line_svg(&fonts, s).as_bytes(), 600, &fonts).unwrap();
        let apart: String = ARABIC.chars().flat_map(|c| [c, '\u{200C}']).collect();
        assert_ne!(draw(ARABIC), draw(&apart));
        // A line that starts right to left reads right to left (its first
        // word rightmost); one with an Arabic name inside stays left to right.
        let label = format!("مُنحت إلى {ARABIC}");
        assert!(card_line_svg(&fonts, &label).contains(&format!(">\u{2067}{label}\u{2069}<")));
        assert!(card_line_svg(&fonts, &format!("Awarded to {ARABIC}")).contains(&format!(">Awarded to {ARABIC}<")));
    }

    fn card_line_svg(fonts: &Fonts, s: &str) -> String {
        let line = text(fonts, 10, 40, 30, "normal", "#000000", s);
        format!("<svg xmlns='http://www.w3.org/2000/svg' width='600' height='60'>{line}</svg>")
    }

    #[test]
    fn files_named_in_svgs_are_not_read() {
        // A black square on disk; an SVG that names it must still render blank.
        let dir = tempfile::tempdir().unwrap();
        let black = svg_to_png(
            b"<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'><rect width='4' height='4'/></svg>",
            4,
            &fonts(),
        )
        .unwrap();
        let path = dir.path().join("secret.png");
        std::fs::write(&path, &black).unwrap();
        let svg = format!(
            "<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'><image href='{}' width='4' height='4'/><image href='https://evil.example/x.png' width='4' height='4'/></svg>",
            path.display()
        );
        let empty = svg_to_png(b"<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>", 4, &fonts()).unwrap();
        assert_eq!(svg_to_png(svg.as_bytes(), 4, &fonts()).unwrap(), empty);
    }
}
