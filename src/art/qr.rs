//! QR codes: error correction M, the 4-module quiet zone kept, on a white
//! background so scanners (and zbarimg) can read it on any page colour. Pages
//! carry them inline as a 1-bit PNG `data:` URI (a few hundred bytes, no file
//! per award).

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

/// Pixels per module of the PNG form: sharp enough for zbarimg and for a
/// download as it is; pages scale it up with `image-rendering: pixelated`.
pub const PNG_SCALE: usize = 2;

/// The QR code for `text` as a 1-bit greyscale PNG with its quiet zone, at
/// `PNG_SCALE` pixels a module, and its width in pixels; `None` when the text
/// is too long for one.
pub fn png(text: &str) -> Option<(Vec<u8>, usize)> {
    let (dark, width) = modules(text)?;
    let px = (width + 2 * QUIET_ZONE) * PNG_SCALE;
    let row_bytes = px.div_ceil(8);
    let mut pixels = vec![0xffu8; row_bytes * px];
    for y in 0..px {
        for x in 0..px {
            let (mx, my) = ((x / PNG_SCALE).checked_sub(QUIET_ZONE), (y / PNG_SCALE).checked_sub(QUIET_ZONE));
            let is_dark = matches!((mx, my), (Some(mx), Some(my)) if mx < width && my < width && dark[my * width + mx]);
            if is_dark {
                pixels[y * row_bytes + x / 8] &= !(0x80 >> (x % 8));
            }
        }
    }
    let mut out = Vec::new();
    let side = u32::try_from(px).ok()?;
    let mut encoder = ::png::Encoder::new(&mut out, side, side);
    encoder.set_color(::png::ColorType::Grayscale);
    encoder.set_depth(::png::BitDepth::One);
    encoder.set_compression(::png::Compression::Best);
    let mut writer = encoder.write_header().ok()?;
    writer.write_image_data(&pixels).ok()?;
    writer.finish().ok()?;
    Some((out, px))
}

/// The PNG form as a `data:` URI, and its width in pixels.
pub fn png_data_uri(text: &str) -> Option<(String, usize)> {
    let (png, px) = png(text)?;
    Some((format!("data:image/png;base64,{}", crate::util::hash::base64(&png)), px))
}

/// The ISO 18004 mask penalty: runs of five or more modules of one colour,
/// 2×2 blocks, finder-like 1:1:3:1:1 patterns, and the dark/light balance.
///
/// Every award page has a QR code and each code scores eight masks, so the
/// rows and columns are scored as bit sets (`penalty_slow` is the plain
/// reading of the rules, kept for codes wider than 128 modules and as the
/// tests' reference).
fn penalty(dark: &[bool], w: usize) -> u32 {
    if !(7..=128).contains(&w) {
        return penalty_slow(dark, w);
    }
    let bits = |cells: &mut dyn Iterator<Item = bool>| {
        cells.enumerate().fold(0u128, |acc, (j, d)| if d { acc | 1 << j } else { acc })
    };
    let rows: Vec<u128> = (0..w).map(|y| bits(&mut (0..w).map(|x| dark[y * w + x]))).collect();
    let cols: Vec<u128> = (0..w).map(|x| bits(&mut (0..w).map(|y| dark[y * w + x]))).collect();
    let low = |n: usize| if n >= 128 { u128::MAX } else { (1u128 << n) - 1 };
    let mut score = 0u32;
    for &r in rows.iter().chain(&cols) {
        // N1: runs.
        let mut run = 1;
        for j in 1..w {
            if (r >> j) & 1 == (r >> (j - 1)) & 1 {
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
        // N3: dark-light-dark×3-light-dark (bit j is where it starts) with
        // four light modules, inside the code, just before or just after it.
        let finder = r & !(r >> 1) & (r >> 2) & (r >> 3) & (r >> 4) & !(r >> 5) & (r >> 6) & low(w - 6);
        let light4 = !r & !(r >> 1) & !(r >> 2) & !(r >> 3) & low(w - 3);
        score += 40 * (finder & ((light4 << 4) | (light4 >> 7))).count_ones();
    }
    // N2: 2×2 blocks of one colour.
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let same = !(a ^ b) & !(a ^ (a >> 1)) & !(b ^ (b >> 1)) & low(w - 1);
        score += 3 * same.count_ones();
    }
    // N4: balance.
    let dark_count: u32 = rows.iter().map(|r| r.count_ones()).sum();
    let percent = dark_count as usize * 100 / dark.len();
    let deviation = percent.abs_diff(50) / 5;
    score + deviation as u32 * 10
}

/// `penalty`, cell by cell.
fn penalty_slow(dark: &[bool], w: usize) -> u32 {
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
    fn bit_set_penalty_equals_the_plain_one() {
        // A small xorshift, so the grids are the same on every run.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for w in [7, 21, 37, 57, 101, 128] {
            for density in [2, 3, 5] {
                let dark: Vec<bool> = (0..w * w).map(|_| next() % density == 0).collect();
                assert_eq!(penalty(&dark, w), penalty_slow(&dark, w), "w={w} density=1/{density}");
            }
        }
        // And on real codes, all eight masks.
        let bits = qrcode::bits::encode_auto(b"https://o.github.io/b/assertions/k7/", EcLevel::M).unwrap();
        let version = bits.version();
        let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).unwrap();
        let mut canvas = Canvas::new(version, EcLevel::M);
        canvas.draw_all_functional_patterns();
        canvas.draw_data(&data, &ec);
        let w = usize::try_from(version.width()).unwrap();
        for mask in MASKS {
            let mut c = canvas.clone();
            c.apply_mask(mask);
            let dark: Vec<bool> = c.into_colors().into_iter().map(|m| m == qrcode::Color::Dark).collect();
            assert_eq!(penalty(&dark, w), penalty_slow(&dark, w));
        }
    }

    #[test]
    fn too_long_is_none() {
        assert!(png(&"x".repeat(5000)).is_none());
    }

    #[test]
    fn png_is_small_and_square() {
        let (uri, px) = png_data_uri("https://o.github.io/b/assertions/k7/").unwrap();
        assert_eq!(px, 37 * PNG_SCALE);
        assert!(uri.starts_with("data:image/png;base64,iVBORw0KGgo"), "{uri}");
        assert!(uri.len() < 1000, "{} bytes", uri.len());
    }
}
