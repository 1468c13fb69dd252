//! Baked badges (Open Badges 2.0 baking specification): the assertion
//! carried inside the badge image, so the image alone can be verified.
//!
//! PNG: exactly one uncompressed `iTXt` chunk with keyword `openbadges`,
//! empty language tag and translated keyword, placed right after `IHDR`;
//! every other chunk is copied byte for byte (the pixels are untouched), and
//! any earlier `openbadges` chunk is dropped. SVG: the `openbadges` namespace
//! on the root and `<openbadges:assertion verify="URL"><![CDATA[…]]>` right
//! after the `<svg>` start tag.

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const KEYWORD: &[u8] = b"openbadges";
pub const SVG_NAMESPACE: &str = "http://openbadges.org";

/// The PNG with `assertion` baked in.
pub fn bake_png(png: &[u8], assertion: &str) -> Result<Vec<u8>, String> {
    let chunks = png_chunks(png)?;
    let first = chunks.first().ok_or("the PNG has no chunks")?;
    if first.kind != *b"IHDR" {
        return Err("the PNG does not start with an IHDR chunk".into());
    }
    let mut data = Vec::with_capacity(KEYWORD.len() + 5 + assertion.len());
    data.extend_from_slice(KEYWORD);
    // Separator, compression flag 0 (uncompressed), method 0, empty language
    // tag, empty translated keyword: what every unbaker expects (pitfall 16).
    data.extend_from_slice(&[0, 0, 0, 0, 0]);
    data.extend_from_slice(assertion.as_bytes());
    let mut out = Vec::with_capacity(png.len() + data.len() + 12);
    out.extend_from_slice(PNG_SIGNATURE);
    out.extend_from_slice(first.raw);
    write_chunk(&mut out, b"iTXt", &data);
    for c in &chunks[1..] {
        if !is_openbadges_chunk(c) {
            out.extend_from_slice(c.raw);
        }
    }
    Ok(out)
}

/// The SVG with `assertion` baked in, pointing verifiers at `verify_url`.
pub fn bake_svg(svg: &str, assertion: &str, verify_url: &str) -> Result<String, String> {
    let svg = remove_svg_assertion(svg);
    let start = find_svg_start(&svg).ok_or("no <svg> element found")?;
    let end = start + start_tag_end(&svg[start..]).ok_or("the <svg> start tag is not closed")?;
    let self_closing = svg[..end].ends_with('/');
    let tag_end = if self_closing { end - 1 } else { end };
    let mut tag = svg[start..tag_end].to_string();
    if !tag.contains("xmlns:openbadges=") {
        tag.push_str(&format!(" xmlns:openbadges=\"{SVG_NAMESPACE}\""));
    }
    // "]]>" cannot appear inside CDATA; split it across two sections.
    let cdata = assertion.replace("]]>", "]]]]><![CDATA[>");
    let element = format!(
        "<openbadges:assertion verify=\"{}\"><![CDATA[{cdata}]]></openbadges:assertion>",
        crate::util::html::escape_html(verify_url)
    );
    let mut out = String::with_capacity(svg.len() + element.len() + 64);
    out.push_str(&svg[..start]);
    out.push_str(&tag);
    if self_closing {
        out.push('>');
        out.push_str(&element);
        out.push_str("</svg>");
        out.push_str(&svg[end + 1..]);
    } else {
        out.push('>');
        out.push_str(&element);
        out.push_str(&svg[end + 1..]);
    }
    Ok(out)
}

/// What a baked PNG or SVG carries: the assertion JSON, or its URL.
pub fn unbake(bytes: &[u8]) -> Result<String, String> {
    if bytes.starts_with(PNG_SIGNATURE) {
        for c in png_chunks(bytes)? {
            if is_openbadges_chunk(&c) {
                return itxt_text(&c);
            }
        }
        return Err("this PNG carries no Open Badges data".into());
    }
    let text = std::str::from_utf8(bytes).map_err(|_| "not a PNG, and not an SVG (not UTF-8 text)")?;
    let open = text.find("<openbadges:assertion").ok_or("this SVG carries no Open Badges data")?;
    let rest = &text[open..];
    let tag_end = rest.find('>').ok_or("unclosed openbadges:assertion element")?;
    let tag = &rest[..tag_end];
    if !tag.ends_with('/') {
        if let Some(close) = rest.find("</openbadges:assertion>") {
            let inner = rest[tag_end + 1..close].trim();
            let content = inner.replace("]]]]><![CDATA[>", "]]>");
            let content =
                content.strip_prefix("<![CDATA[").and_then(|c| c.strip_suffix("]]>")).unwrap_or(&content).trim();
            if !content.is_empty() {
                return Ok(content.to_string());
            }
        }
    }
    attr(tag, "verify").ok_or_else(|| "the openbadges:assertion element is empty".into())
}

struct Chunk<'a> {
    kind: [u8; 4],
    data: &'a [u8],
    /// The whole chunk: length, type, data and CRC.
    raw: &'a [u8],
}

fn png_chunks(png: &[u8]) -> Result<Vec<Chunk<'_>>, String> {
    if !png.starts_with(PNG_SIGNATURE) {
        return Err("not a PNG file".into());
    }
    let mut chunks = Vec::new();
    let mut pos = PNG_SIGNATURE.len();
    while pos < png.len() {
        if pos + 12 > png.len() {
            return Err("the PNG is truncated".into());
        }
        let len = u32::from_be_bytes([png[pos], png[pos + 1], png[pos + 2], png[pos + 3]]) as usize;
        let end = pos.checked_add(12 + len).filter(|&e| e <= png.len()).ok_or("the PNG is truncated")?;
        let kind = [png[pos + 4], png[pos + 5], png[pos + 6], png[pos + 7]];
        chunks.push(Chunk { kind, data: &png[pos + 8..pos + 8 + len], raw: &png[pos..end] });
        pos = end;
        if kind == *b"IEND" {
            break;
        }
    }
    Ok(chunks)
}

fn is_openbadges_chunk(c: &Chunk<'_>) -> bool {
    matches!(&c.kind, b"iTXt" | b"tEXt" | b"zTXt")
        && c.data.starts_with(KEYWORD)
        && c.data.get(KEYWORD.len()) == Some(&0)
}

fn itxt_text(c: &Chunk<'_>) -> Result<String, String> {
    let rest = &c.data[KEYWORD.len() + 1..];
    let text = match &c.kind {
        b"tEXt" => rest,
        b"iTXt" => {
            if rest.first() != Some(&0) {
                return Err("the openbadges chunk is compressed, which the baking specification forbids".into());
            }
            let after_method = rest.get(2..).ok_or("truncated iTXt chunk")?;
            let lang_end = after_method.iter().position(|&b| b == 0).ok_or("truncated iTXt chunk")?;
            let after_lang = &after_method[lang_end + 1..];
            let key_end = after_lang.iter().position(|&b| b == 0).ok_or("truncated iTXt chunk")?;
            &after_lang[key_end + 1..]
        }
        _ => return Err("the openbadges chunk is compressed (zTXt)".into()),
    };
    String::from_utf8(text.to_vec()).map_err(|_| "the openbadges chunk is not UTF-8".into())
}

fn write_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = Crc32::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finish().to_be_bytes());
}

/// The CRC-32 of PNG chunks (ISO 3309), table-driven.
struct Crc32(u32);

impl Crc32 {
    fn new() -> Self {
        Crc32(0xFFFF_FFFF)
    }

    fn update(&mut self, bytes: &[u8]) {
        static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
        let table = TABLE.get_or_init(|| {
            let mut t = [0u32; 256];
            for (n, slot) in t.iter_mut().enumerate() {
                let mut c = n as u32;
                for _ in 0..8 {
                    c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
                }
                *slot = c;
            }
            t
        });
        for &b in bytes {
            self.0 = table[((self.0 ^ b as u32) & 0xFF) as usize] ^ (self.0 >> 8);
        }
    }

    fn finish(&self) -> u32 {
        self.0 ^ 0xFFFF_FFFF
    }
}

/// The offset of the root `<svg` start tag, past any XML declaration,
/// comments, doctype and processing instructions.
fn find_svg_start(svg: &str) -> Option<usize> {
    let mut pos = 0;
    while let Some(i) = svg[pos..].find('<') {
        let at = pos + i;
        let rest = &svg[at..];
        if rest.starts_with("<svg") && rest[4..].starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/') {
            return Some(at);
        }
        pos = if rest.starts_with("<!--") { at + rest.find("-->")? + 3 } else { at + 1 };
    }
    None
}

/// The offset of the `>` that closes the start tag `tag` begins with: the
/// first one outside a quoted attribute value (`aria-label="a > b"` is legal).
fn start_tag_end(tag: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in tag.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// Drops an earlier baked assertion, so a badge is never baked twice.
fn remove_svg_assertion(svg: &str) -> String {
    let Some(open) = svg.find("<openbadges:assertion") else { return svg.to_string() };
    let rest = &svg[open..];
    let end = if let Some(close) = rest.find("</openbadges:assertion>") {
        close + "</openbadges:assertion>".len()
    } else {
        rest.find("/>").map(|e| e + 2).unwrap_or(rest.len())
    };
    format!("{}{}", &svg[..open], &svg[open + end..])
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=");
    let at = tag.find(&key)? + key.len();
    let quote = tag[at..].chars().next()?;
    let value = &tag[at + 1..];
    let end = value.find(quote)?;
    Some(value[..end].replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1×1 PNG with a tEXt chunk after IHDR.
    fn tiny_png() -> Vec<u8> {
        let mut out = PNG_SIGNATURE.to_vec();
        write_chunk(&mut out, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        write_chunk(&mut out, b"tEXt", b"Comment\0hello");
        write_chunk(&mut out, b"IDAT", &[0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]);
        write_chunk(&mut out, b"IEND", &[]);
        out
    }

    #[test]
    fn crc_matches_the_png_spec() {
        let mut c = Crc32::new();
        c.update(b"IEND");
        assert_eq!(c.finish(), 0xAE42_6082);
    }

    #[test]
    fn png_round_trip_keeps_every_other_chunk() {
        let png = tiny_png();
        let baked = bake_png(&png, "{\"id\":\"https://a.org/x.json\"}").unwrap();
        assert_eq!(unbake(&baked).unwrap(), "{\"id\":\"https://a.org/x.json\"}");
        let chunks = png_chunks(&baked).unwrap();
        let kinds: Vec<&[u8]> = chunks.iter().map(|c| &c.kind[..]).collect();
        assert_eq!(kinds, [&b"IHDR"[..], b"iTXt", b"tEXt", b"IDAT", b"IEND"]);
        let original = png_chunks(&png).unwrap();
        for (a, b) in original.iter().zip(chunks.iter().filter(|c| c.kind != *b"iTXt")) {
            assert_eq!(a.raw, b.raw, "chunks are copied byte for byte");
        }
        // Baking again replaces the first assertion instead of adding a second.
        let twice = bake_png(&baked, "{\"id\":\"https://a.org/y.json\"}").unwrap();
        assert_eq!(png_chunks(&twice).unwrap().iter().filter(|c| is_openbadges_chunk(c)).count(), 1);
        assert_eq!(unbake(&twice).unwrap(), "{\"id\":\"https://a.org/y.json\"}");
        let itxt = &png_chunks(&baked).unwrap()[1];
        assert_eq!(&itxt.data[..15], b"openbadges\0\0\0\0\0", "uncompressed, empty language and keyword");
    }

    #[test]
    fn broken_pngs_are_errors_not_panics() {
        let png = tiny_png();
        for cut in [0, 5, 8, 12, 20, png.len() - 1] {
            let _ = bake_png(&png[..cut], "{}");
            let _ = unbake(&png[..cut]);
        }
        assert!(bake_png(b"GIF89a", "{}").is_err());
    }

    #[test]
    fn svg_with_a_quoted_gt_in_the_root_tag() {
        // Found by fuzzing: a `>` inside an attribute value ended the tag early.
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" aria-label="a > b ]]>" viewBox="0 0 1 1"><rect/></svg>"#;
        let baked = bake_svg(svg, "{\"id\": \"https://x.org/a.json\"}", "https://x.org/a.json").unwrap();
        roxmltree::Document::parse(&baked).expect("the baked SVG is well-formed");
        assert_eq!(unbake(baked.as_bytes()).unwrap(), "{\"id\": \"https://x.org/a.json\"}");
    }

    #[test]
    fn svg_round_trip() {
        let svg = "<?xml version=\"1.0\"?>\n<!-- <svg> in a comment -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><rect/></svg>";
        let json = "{\"id\":\"https://a.org/x.json\",\"narrative\":\"a ]]> b\"}";
        let baked = bake_svg(svg, json, "https://a.org/x.json").unwrap();
        assert!(baked.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\" xmlns:openbadges=\"http://openbadges.org\"><openbadges:assertion verify=\"https://a.org/x.json\"><![CDATA["));
        assert!(baked.starts_with("<?xml version=\"1.0\"?>\n<!-- <svg> in a comment -->\n"));
        assert_eq!(unbake(baked.as_bytes()).unwrap(), json);
        let twice = bake_svg(&baked, "{}", "https://a.org/y.json").unwrap();
        assert_eq!(twice.matches("<openbadges:assertion").count(), 1);
        assert_eq!(unbake(twice.as_bytes()).unwrap(), "{}");
        let self_closing = bake_svg("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "{}", "u").unwrap();
        assert!(self_closing.ends_with("</openbadges:assertion></svg>"), "{self_closing}");
    }
}
