//! Hex colours (`#0b5cad`, `#fff`) and their WCAG contrast ratio.

/// The colour `#rgb` or `#rrggbb` as red, green and blue; anything else
/// (names, `rgb()`, alpha) is `None`, so that what a site writes into the
/// stylesheet can only ever be a colour.
pub fn parse_hex(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |s: &str| u8::from_str_radix(s, 16).ok();
    match hex.len() {
        3 => {
            let d: Vec<u8> = hex.chars().map(|c| c.to_digit(16).map(|v| v as u8 * 17)).collect::<Option<_>>()?;
            Some([d[0], d[1], d[2]])
        }
        6 => Some([channel(&hex[0..2])?, channel(&hex[2..4])?, channel(&hex[4..6])?]),
        _ => None,
    }
}

/// WCAG 2 relative luminance.
fn luminance([r, g, b]: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// WCAG 2 contrast ratio, 1 to 21; text needs 4.5 (level AA).
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_only() {
        assert_eq!(parse_hex("#0b5cad"), Some([0x0b, 0x5c, 0xad]));
        assert_eq!(parse_hex("#FFF"), Some([255, 255, 255]));
        for bad in ["0b5cad", "#0b5cag", "#0b5cad80", "red", "#12", "#0b5cad;}body{", "", "#ｆｆｆ"] {
            assert_eq!(parse_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn contrast_ratios() {
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
        assert!((contrast([0x77, 0x77, 0x77], [255, 255, 255]) - 4.48).abs() < 0.01);
        assert!(contrast([0x0b, 0x5c, 0xad], [255, 255, 255]) > 4.5);
    }
}
