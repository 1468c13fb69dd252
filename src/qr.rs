//! QR codes as compact SVG: error correction M, the 4-module quiet zone kept,
//! one `<path>` for all dark modules, on a white background so scanners (and
//! zbarimg) can read it on any page colour.

use qrcode::{Color, EcLevel, QrCode};

const QUIET_ZONE: usize = 4;

/// The SVG of a QR code for `text`, `size_px` wide; `None` when the text is
/// too long for a QR code.
pub fn svg(text: &str, title: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let total = width + 2 * QUIET_ZONE;
    let mut path = String::with_capacity(width * width * 2);
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if colors[y * width + x] == Color::Dark {
                let start = x;
                while x < width && colors[y * width + x] == Color::Dark {
                    x += 1;
                }
                path.push_str(&format!("M{},{}h{}v1h-{}z", start + QUIET_ZONE, y + QUIET_ZONE, x - start, x - start));
            } else {
                x += 1;
            }
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {total} {total}\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{label}\"><title>{label}</title><rect width=\"{total}\" height=\"{total}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        label = escape_xml(title)
    ))
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
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
