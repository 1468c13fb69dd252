//! Image files a site publishes: PNG or SVG by their bytes, PNGs small
//! enough to decode, and SVGs that cannot run script or load from elsewhere.

use crate::diag::{Code, Problem};
use crate::util::sniff::{png_file_size, sniff_image};
use crate::util::urls;

/// Whether an SVG is safe to serve from the site's origin: no script, no
/// event handler, no foreign content, and no reference to anything outside
/// the file (an SVG opened directly runs its script like a page would).
pub fn svg_safety(bytes: &[u8]) -> Result<(), SvgRefusal> {
    use SvgRefusal::{Malformed, Unsafe};
    let text = std::str::from_utf8(bytes).map_err(|_| Malformed("the SVG is not UTF-8 text".to_string()))?;
    if text.contains("<!ENTITY") {
        // Entities are how an SVG reads local files or expands to gigabytes.
        return Err(Unsafe("it declares XML entities".into()));
    }
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..roxmltree::ParsingOptions::default() };
    let doc = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| Malformed(format!("the SVG is not well-formed XML ({e})")))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" || root.tag_name().namespace() != Some("http://www.w3.org/2000/svg") {
        // Served as image/svg+xml, any XML document renders: an XHTML form
        // named .svg would be a phishing page on the site's origin.
        return Err(Malformed("the root element is not <svg> in the SVG namespace".into()));
    }
    if doc.descendants().any(|n| n.is_pi()) {
        // <?xml-stylesheet?> loads a stylesheet (or an XSLT) from elsewhere.
        return Err(Unsafe("it has a processing instruction".into()));
    }
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name().to_ascii_lowercase();
        if matches!(name.as_str(), "script" | "foreignobject" | "iframe" | "object" | "embed" | "handler" | "listener")
        {
            return Err(Unsafe(format!("it contains a <{}> element", node.tag_name().name())));
        }
        // <set attributeName="href" to="javascript:…"> turns a link into script.
        let animates_link = matches!(name.as_str(), "set" | "animate" | "animatemotion" | "animatetransform")
            && node
                .attributes()
                .any(|a| a.name() == "attributeName" && a.value().to_ascii_lowercase().ends_with("href"));
        if animates_link {
            return Err(Unsafe(format!("its <{}> element changes a link", node.tag_name().name())));
        }
        for a in node.attributes() {
            let attr = a.name().to_ascii_lowercase();
            let value = a.value().trim();
            let squeezed: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
            if attr.starts_with("on") {
                return Err(Unsafe(format!("it has an event handler attribute `{}`", a.name())));
            }
            if squeezed.to_ascii_lowercase().contains("javascript:") {
                return Err(Unsafe(format!("its `{}` attribute holds a javascript: URL", a.name())));
            }
            if attr == "href" && !(value.starts_with('#') || urls::is_raster_data_uri(value)) {
                return Err(Unsafe(format!("it refers to `{value}` outside the file")));
            }
            // `style`, but also `fill="url(…)"`, `filter`, `mask`, `cursor` and
            // animation values can load from elsewhere.
            if (attr == "style" || value.to_ascii_lowercase().contains("url(")) && references_outside(value) {
                return Err(Unsafe(format!("its `{}` attribute refers to something outside the file", a.name())));
            }
        }
        if name == "style" {
            let css: String = node.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
            if references_outside(&css) {
                return Err(Unsafe("a <style> element refers to something outside the file".into()));
            }
        }
    }
    Ok(())
}

/// What is wrong with an image file the site publishes, if anything: not a
/// PNG or SVG by its bytes, an SVG that could run script or load from
/// elsewhere, or a PNG too large to decode safely.
pub fn image_file_problem(file: &std::path::Path, rel: &str) -> Option<Problem> {
    match sniff_image(file) {
        Some("svg") => match std::fs::read(file).map_err(|e| SvgRefusal::Malformed(e.to_string())).and_then(|b| svg_safety(&b)) {
            Ok(()) => None,
            Err(SvgRefusal::Malformed(why)) => Some(
                Problem::error(Code::ImageFormat, "", format!("`{rel}` is refused: {why}"))
                    .help("Open Badges images must be PNG or SVG; open the file in an editor or browser to see the mistake"),
            ),
            Err(SvgRefusal::Unsafe(why)) => Some(Problem::error(Code::ImageUnsafe, "", format!("`{rel}` is refused: {why}")).help(
                "images are served from the site's own origin, where script would run; remove scripts, event handlers and external references from the SVG",
            )),
        },
        Some(_) => match png_file_size(file) {
            Some((w, h)) if w <= MAX_IMAGE_SIDE && h <= MAX_IMAGE_SIDE => None,
            Some((w, h)) => Some(
                Problem::error(Code::ImageSize, "", format!("`{rel}` is {w} × {h} pixels")).help(format!(
                    "images up to {MAX_IMAGE_SIDE} × {MAX_IMAGE_SIDE} pixels are accepted; 512 × 512 is plenty for a badge"
                )),
            ),
            None => Some(
                Problem::error(Code::ImageFormat, "", format!("`{rel}` is not a readable PNG (no image header)"))
                    .help("export the image again as PNG"),
            ),
        },
        None => Some(
            Problem::error(Code::ImageFormat, "", format!("`{rel}` is not a PNG or SVG image (judged by its bytes)"))
                .help("Open Badges images must be PNG or SVG"),
        ),
    }
}

/// Larger PNG images are refused: decoding one takes width × height × 4
/// bytes, and a forged header can claim gigabytes.
pub const MAX_IMAGE_SIDE: u32 = 4096;

/// Why an SVG image is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SvgRefusal {
    /// Not an SVG a browser or validator can read.
    Malformed(String),
    /// Readable, but it would run script or load from elsewhere.
    Unsafe(String),
}

/// Whether CSS could load something from outside the file. Escapes
/// (`\75 rl(`) and `image-set()` are refused outright rather than decoded.
fn references_outside(css: &str) -> bool {
    let css = css.to_ascii_lowercase().replace(char::is_whitespace, "");
    css.contains('\\')
        || css.contains("@import")
        || css.contains("image-set(")
        || css.contains("javascript:")
        || css.contains("expression(")
        || css.split("url(").skip(1).any(|u| {
            let u = u.trim_start_matches(['"', '\'']);
            !u.starts_with('#') && !urls::is_raster_data_uri(u)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_svgs_are_refused() {
        let ok = br##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" style="fill:url(#g)"/><use href="#g"/><image href="data:image/png;base64,AA"/></svg>"##;
        assert_eq!(svg_safety(ok), Ok(()));
        for bad in [
            r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect ONCLICK="x"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="javascript:alert(1)"><rect/></a></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/p.png"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><use href="other.svg#x"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/x.css);</style></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/x)"/></svg>"#,
            r#"<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><a><animate attributeName="xlink:href" values="x"/></a></svg>"#,
            // Found in review: each of these passed.
            r#"<html xmlns="http://www.w3.org/1999/xhtml"><body><form action="https://evil.example/"/></body></html>"#,
            r#"<?xml-stylesheet href="https://evil.example/x.css"?><svg xmlns="http://www.w3.org/2000/svg"/>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style><!-- -->@import url(https://evil.example/x.css);</style></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://evil.example/x#p)"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="fill" to="url(https://evil.example/x)"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style>rect{fill:\75 rl(https://evil.example/x)}</style></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><use href="data:image/svg+xml,%3Csvg onload=alert(1)%3E"/></svg>"#,
        ] {
            assert!(svg_safety(bad.as_bytes()).is_err(), "{bad}");
        }
    }
}
