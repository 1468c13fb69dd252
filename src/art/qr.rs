//! QR codes as compact SVG: error correction M, the 4-module quiet zone kept,
//! one `<path>` for all dark modules, on a white background so scanners (and
//! zbarimg) can read it on any page colour.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::EcLevel;

const QUIET_ZONE: usize = 4;

const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The dark modules of a QR code for `text`, row by row, and its width.
///
/// Encoding is the qrcode crate's; only the choice of mask is ours. The
/// crate scores the eight masks with a penalty function that took 80% of a
/// whole site build (about 6 million instructions a code); the same four
/// ISO 18004 penalty rules on a flat grid cost a tenth of that.
pub fn modules(text: &str) -> Option<(Vec<bool>, usize)> {
    let bits = qrcode::bits::encode_auto(text.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    let width = usize::try_from(version.width()).ok()?;
    MASKS
        .iter()
        .map(|&mask| {
            let mut c = canvas.clone();
            c.apply_mask(mask);
            let dark: Vec<bool> = c.into_colors().into_iter().map(|m| m == qrcode::Color::Dark).collect();
            (penalty(&dark, width), dark)
        })
        .min_by_key(|(score, _)| *score)
        .map(|(_, dark)| (dark, width))
}

/// The SVG of a QR code for `text`; `None` when the text is too long for one.
pub fn svg(text: &str, title: &str) -> Option<String> {
    let (dark, width) = modules(text)?;
    let total = width + 2 * QUIET_ZONE;
    let mut path = String::with_capacity(width * width);
    for y in 0..width {
        let row = &dark[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if row[x] {
                let start = x;
                while x < width && row[x] {
                    x += 1;
                }
                let n = x - start;
                path.push_str(&format!("M{},{}h{n}v1h-{n}z", start + QUIET_ZONE, y + QUIET_ZONE));
            } else {
                x += 1;
            }
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {total} {total}\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{label}\"><title>{label}</title><rect width=\"{total}\" height=\"{total}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        label = crate::util::html::escape_html(title)
    ))
}

/// The ISO 18004 mask penalty: runs of five or more modules of one colour,
/// 2×2 blocks, finder-like 1:1:3:1:1 patterns, and the dark/light balance.
fn penalty(dark: &[bool], w: usize) -> u32 {
    let at = |x: usize, y: usize| dark[y * w + x];
    let mut score = 0u32;
    for horizontal in [true, false] {
        for i in 0..w {
            let cell = |j: usize| if horizontal { at(j, i) } else { at(i, j) };
            // N1: runs.
            let mut run = 1;
            for j in 1..w {
                if cell(j) == cell(j - 1) {
                    run += 1;
                } else {
                    if run >= 5 {
                        score += 3 + (run - 5);
                    }
                    run = 1;
                }
            }
            if run >= 5 {
                score += 3 + (run - 5);
            }
            // N3: dark-light-dark×3-light-dark with four light modules on one side.
            for j in 0..w.saturating_sub(6) {
                let finder =
                    cell(j) && !cell(j + 1) && cell(j + 2) && cell(j + 3) && cell(j + 4) && !cell(j + 5) && cell(j + 6);
                if finder {
                    let light_before = j >= 4 && (j - 4..j).all(|k| !cell(k));
                    let light_after = j + 11 <= w && (j + 7..j + 11).all(|k| !cell(k));
                    if light_before || light_after {
                        score += 40;
                    }
                }
            }
        }
    }
    // N2: 2×2 blocks of one colour.
    for y in 0..w - 1 {
        for x in 0..w - 1 {
            let c = at(x, y);
            if at(x + 1, y) == c && at(x, y + 1) == c && at(x + 1, y + 1) == c {
                score += 3;
            }
        }
    }
    // N4: balance.
    let dark_count = dark.iter().filter(|&&d| d).count();
    let percent = dark_count * 100 / dark.len();
    let deviation = percent.abs_diff(50) / 5;
    score + deviation as u32 * 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_path_with_quiet_zone() {
        let s = svg("https://o.github.io/b/assertions/k7/", "QR <code>").unwrap();
        assert_eq!(s.matches("<path").count(), 1);
        assert!(s.contains("QR &lt;code&gt;"));
        // Version 3 (29 modules) for this length, plus 4 modules each side.
        assert!(s.contains("viewBox=\"0 0 37 37\""), "{s}");
    }

    #[test]
    fn too_long_is_none() {
        assert!(svg(&"x".repeat(5000), "t").is_none());
    }
}
