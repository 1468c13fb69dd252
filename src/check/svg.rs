//! Image files a site publishes: PNG or SVG by their bytes, PNGs small
//! enough to decode, and SVGs that pass the allowlist (`svg_allow`,
//! `svg_clean`): the site serves them re-serialised, and says what was
//! dropped that could have been visible.

pub use super::svg_clean::{clean_svg, CleanSvg, Dropped, SvgRefusal};
use crate::diag::{Code, Problem};
use crate::util::sniff::{png_file_size, sniff_image};

/// What is wrong with an image file the site publishes: an error when it is
/// not a PNG or SVG by its bytes, an SVG that could run script or load from
/// elsewhere, or a PNG too large to decode safely; a warning for each kind
/// of visible SVG content the allowlist drops.
pub fn image_file_problems(file: &std::path::Path, rel: &str) -> Vec<Problem> {
    match sniff_image(file) {
        Some("svg") => {
            match std::fs::read(file).map_err(|e| SvgRefusal::Malformed(e.to_string())).and_then(|b| clean_svg(&b)) {
                Ok(clean) => clean.dropped.iter().map(|d| dropped_warning(rel, d)).collect(),
                Err(SvgRefusal::Malformed(why)) => vec![Problem::error(Code::ImageFormat, "", format!("`{rel}` is refused: {why}"))
                    .help("Open Badges images must be PNG or SVG; open the file in an editor or browser to see the mistake")],
                Err(SvgRefusal::Unsafe(why)) => vec![Problem::error(Code::ImageUnsafe, "", format!("`{rel}` is refused: {why}")).help(
                    "images are served from the site's own origin, where script would run; remove scripts, event handlers, animations of links or handlers and external references from the SVG (or export it again as plain SVG or PNG)",
                )],
            }
        }
        Some(_) => png_problem(file, rel).into_iter().collect(),
        None => vec![Problem::error(
            Code::ImageFormat,
            "",
            format!("`{rel}` is not a PNG or SVG image (judged by its bytes)"),
        )
        .help("Open Badges images must be PNG or SVG")],
    }
}

fn dropped_warning(rel: &str, d: &Dropped) -> Problem {
    let times = if d.count > 1 { format!(" ({} times)", d.count) } else { String::new() };
    Problem::warning(
        Code::ImageDropped,
        "",
        format!("`{rel}` is published without {}{times}, first at {}", d.what, d.first_at),
    )
    .help("SVG images are published through an allowlist of drawing elements and attributes; remove it from the SVG (or export it as plain SVG) if the image looks right without it")
}

fn png_problem(file: &std::path::Path, rel: &str) -> Option<Problem> {
    match png_file_size(file) {
        Some((w, h)) if w <= MAX_IMAGE_SIDE && h <= MAX_IMAGE_SIDE => None,
        Some((w, h)) => {
            Some(Problem::error(Code::ImageSize, "", format!("`{rel}` is {w} × {h} pixels")).help(format!(
                "images up to {MAX_IMAGE_SIDE} × {MAX_IMAGE_SIDE} pixels are accepted; 512 × 512 is plenty for a badge"
            )))
        }
        None => Some(
            Problem::error(Code::ImageFormat, "", format!("`{rel}` is not a readable PNG (no image header)"))
                .help("export the image again as PNG"),
        ),
    }
}

/// Larger PNG images are refused: decoding one takes width × height × 4
/// bytes, and a forged header can claim gigabytes.
pub const MAX_IMAGE_SIDE: u32 = 4096;

#[cfg(test)]
mod tests {
    use super::*;

    const OPEN: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">"#;

    fn svg(body: &str) -> String {
        format!("{OPEN}{body}</svg>")
    }

    fn refusal(body: &str) -> SvgRefusal {
        clean_svg(svg(body).as_bytes()).expect_err(body)
    }

    #[test]
    fn safe_references_are_kept() {
        let ok = svg(
            r##"<defs><linearGradient id="g"/></defs><rect fill="url(#g)" style="fill:url(#g)"/><use href="#g"/><use xlink:href="#g"/><image href="data:image/png;base64,AA"/>"##,
        );
        let clean = clean_svg(ok.as_bytes()).unwrap();
        assert_eq!(clean.dropped, vec![]);
        assert!(clean.svg.contains(r##"<use xlink:href="#g"/>"##), "{}", clean.svg);
        assert!(clean.svg.contains(r#"xmlns:xlink="http://www.w3.org/1999/xlink""#));
        assert!(clean.svg.contains(r#"<image href="data:image/png;base64,AA"/>"#));
    }

    #[test]
    fn animations_that_set_handlers_or_links_are_refused() {
        for bad in [
            r#"<set attributeName="onmouseover" to="alert(1)"/>"#,
            r#"<rect><set attributeName="onmouseover" to="alert(1)"/></rect>"#,
            r#"<animate attributeName="onclick" values="alert(1);alert(2)"/>"#,
            r#"<set attributeName="ONMOUSEOVER" to="alert(1)"/>"#,
            r#"<set attributeName="  onmouseover&#10;" to="alert(1)"/>"#,
            "<set attributeName=\"\tonclick \" to=\"alert(1)\"/>",
            r#"<set attributeName="svg:onclick" to="alert(1)"/>"#,
            r#"<SET attributeName="onload" to="alert(1)"/>"#,
            r#"<animateTransform attributeName="onbegin" values="alert(1)"/>"#,
            r#"<animateMotion attributeName="onend" values="alert(1)"/>"#,
            r#"<a><set attributeName="onclick" to="alert(1)"/><rect/></a>"#,
            r#"<a><set attributeName="href" to="https://evil.example/"/></a>"#,
            r##"<a><animate attributeName="xlink:href" values="#a;https://evil.example/"/></a>"##,
            r##"<a><animate attributeName="XLINK:HREF" values="#a"/></a>"##,
            r#"<x:set xmlns:x="urn:other" attributeName="onclick" to="alert(1)"/>"#,
            r#"<animate attributeName="fill" values="red;url(https://evil.example/x)"/>"#,
            r#"<set attributeName="fill" to="url(https://evil.example/x)"/>"#,
            r#"<animate attributeName="title" values="javascript:alert(1)"/>"#,
        ] {
            assert!(matches!(refusal(bad), SvgRefusal::Unsafe(_)), "{bad}");
        }
        let why = format!("{:?}", refusal(r#"<set attributeName="onmouseover" to="alert(1)"/>"#));
        assert!(why.contains("line 1") && why.contains("<set>") && why.contains("onmouseover"), "{why}");
    }

    #[test]
    fn script_foreign_content_and_outside_references_are_refused() {
        for bad in [
            r#"<script>alert(1)</script>"#,
            r#"<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>"#,
            r#"<handler>alert(1)</handler>"#,
            r#"<rect ONCLICK="x"/>"#,
            r#"<rect x:onclick="x" xmlns:x="urn:x"/>"#,
            r#"<foreignObject><p>x</p></foreignObject>"#,
            r#"<iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/>"#,
            r#"<a xlink:href="javascript:alert(1)"><rect/></a>"#,
            r#"<a href=" java&#10;script:alert(1)"><rect/></a>"#,
            r#"<a href="https://evil.example/"><rect/></a>"#,
            r#"<image href="https://tracker.example/p.png"/>"#,
            r#"<image href="data:image/svg+xml,%3Csvg onload=alert(1)%3E"/>"#,
            r#"<image href="data:image/svg+xml;base64,PHN2Zz4="/>"#,
            r#"<use href="other.svg#x"/>"#,
            r#"<feImage href="https://evil.example/x.png"/>"#,
            r#"<style>@import url(https://evil.example/x.css);</style>"#,
            r#"<style><!-- -->@import url(https://evil.example/x.css);</style>"#,
            r#"<style>rect{fill:\75 rl(https://evil.example/x)}</style>"#,
            r#"<style>rect{fill:url("data:image/svg+xml,x")}</style>"#,
            r#"<rect style="fill:url(https://evil.example/x)"/>"#,
            r#"<rect style="background:url( 'https://evil.example/x' )"/>"#,
            r#"<rect fill="url(https://evil.example/x#p)"/>"#,
            r#"<rect cursor="url(https://evil.example/c.cur)"/>"#,
            r##"<g xml:base="https://evil.example/"><use href="#a"/></g>"##,
            r#"<metadata><script>alert(1)</script></metadata>"#,
        ] {
            assert!(matches!(refusal(bad), SvgRefusal::Unsafe(_)), "{bad}");
        }
    }

    #[test]
    fn documents_that_are_not_plain_svg_are_refused() {
        let unsafe_docs = [
            r#"<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>"#,
            r#"<!DOCTYPE svg [<!ATTLIST rect onclick CDATA "alert(1)">]><svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>"#,
            r#"<?xml-stylesheet href="https://evil.example/x.css"?><svg xmlns="http://www.w3.org/2000/svg"/>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><?php evil() ?></svg>"#,
        ];
        for bad in unsafe_docs {
            assert!(matches!(clean_svg(bad.as_bytes()), Err(SvgRefusal::Unsafe(_))), "{bad}");
        }
        let malformed = [
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect"#,
            r#"<html xmlns="http://www.w3.org/1999/xhtml"><body><form action="https://evil.example/"/></body></html>"#,
            r#"<svg><rect/></svg>"#,
            "<svg xmlns=\"http://www.w3.org/2000/svg\">\u{0}</svg>",
        ];
        for bad in malformed {
            assert!(matches!(clean_svg(bad.as_bytes()), Err(SvgRefusal::Malformed(_))), "{bad}");
        }
        assert!(matches!(
            clean_svg(b"<svg xmlns=\"http://www.w3.org/2000/svg\">\xff</svg>"),
            Err(SvgRefusal::Malformed(_))
        ));
        let deep = format!("{OPEN}{}{}</svg>", "<g>".repeat(300), "</g>".repeat(300));
        assert!(matches!(clean_svg(deep.as_bytes()), Err(SvgRefusal::Malformed(_))));
        // Deep enough to overflow the parser's stack: refused before it is parsed.
        let deeper = format!("{OPEN}{}{}</svg>", "<g>".repeat(200_000), "</g>".repeat(200_000));
        assert!(matches!(clean_svg(deeper.as_bytes()), Err(SvgRefusal::Malformed(_))));
    }

    #[test]
    fn editor_metadata_is_dropped_silently_and_visible_content_with_a_warning() {
        let input = r##"<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- Created with Inkscape -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/" width="10" height="10" inkscape:version="1.3" sodipodi:docname="b.svg">
  <sodipodi:namedview id="nv" inkscape:zoom="2"/>
  <metadata><rdf:RDF><dc:title>x</dc:title></rdf:RDF></metadata>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" data-name="layer">
    <rect width="5" height="5" fill="red" bogus="1"><animate attributeName="opacity" values="0;1" dur="1s"/></rect>
    <blink>hi</blink>
    <animate attributeName="opacity" values="0;1"/>
  </g>
</svg>"##;
        let clean = clean_svg(input.as_bytes()).unwrap();
        let out = &clean.svg;
        for gone in [
            "inkscape",
            "sodipodi",
            "rdf",
            "metadata",
            "DOCTYPE",
            "<!--",
            "data-name",
            "bogus",
            "animate",
            "blink",
            "hi",
        ] {
            assert!(!out.contains(gone), "{gone} in {out}");
        }
        assert!(out.contains(r#"<rect width="5" height="5" fill="red"/>"#), "{out}");
        assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"), "{out}");
        let dropped: Vec<(&str, &str, usize)> =
            clean.dropped.iter().map(|d| (d.what.as_str(), d.first_at.as_str(), d.count)).collect();
        assert_eq!(
            dropped,
            vec![
                ("attribute `bogus` of <rect>", "line 8, column 43", 1),
                ("the animation <animate>", "line 8, column 53", 2),
                ("the unknown element <blink> (with its content)", "line 9, column 5", 1),
            ]
        );
        // What it writes, it reads back the same.
        assert_eq!(clean_svg(out.as_bytes()).unwrap().svg, *out);
    }

    #[test]
    fn text_and_values_are_escaped() {
        let input = svg(
            r#"<text aria-label="a &quot;b&quot; &lt;c&gt; &amp;&#10;d">1 &lt; 2 &amp; <![CDATA[3 > 2 </text> ]]></text><style>rect > g { fill: red }</style>"#,
        );
        let clean = clean_svg(input.as_bytes()).unwrap();
        assert!(
            clean.svg.contains(r#"<text aria-label="a &quot;b&quot; &lt;c&gt; &amp;&#10;d">1 &lt; 2 &amp; 3 &gt; 2 &lt;/text&gt; </text>"#),
            "{}",
            clean.svg
        );
        assert!(clean.svg.contains("<style>rect &gt; g { fill: red }</style>"));
        let doc = roxmltree::Document::parse(&clean.svg).unwrap();
        assert_eq!(
            doc.descendants().find(|n| n.has_tag_name("text")).unwrap().attribute("aria-label"),
            Some("a \"b\" <c> &\nd")
        );
    }
}
