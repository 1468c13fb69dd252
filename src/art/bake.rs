//! Baked badges: the award carried inside the badge image, so the image
//! alone can be verified.
//!
//! Open Badges 2.0 (baking specification). PNG: exactly one uncompressed
//! `iTXt` chunk with keyword `openbadges`, empty language tag and translated
//! keyword, placed right after `IHDR`; every other chunk is copied byte for
//! byte (the pixels are untouched), and any earlier `openbadges` chunk is
//! dropped. SVG: the `openbadges` namespace on the root and
//! `<openbadges:assertion verify="URL"><![CDATA[…]]>` right after the `<svg>`
//! start tag.
//!
//! Open Badges 3.0 (§ Baking of its data model). PNG: the same kind of chunk
//! with keyword `openbadgecredential`, its text the credential JSON or the
//! VC-JWT. SVG: `<openbadges:credential>` in the namespace
//! `https://purl.imsglobal.org/ob/v3p0`, right after the `<svg>` start tag;
//! the JSON goes in CDATA, a VC-JWT in its `verify` attribute. The
//! specification lets a baker refuse an image that already carries
//! credential data or overwrite it; a credential is signed for one earner, so
//! we refuse rather than silently swap whose badge the image is.

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const KEYWORD: &[u8] = b"openbadges";
const CREDENTIAL_KEYWORD: &[u8] = b"openbadgecredential";
pub const SVG_NAMESPACE: &str = "http://openbadges.org";
/// The namespace of `<openbadges:credential>` (3.0); the prefix is the same
/// as 2.0's, the URI is not.
pub const SVG_NAMESPACE_OB3: &str = "https://purl.imsglobal.org/ob/v3p0";
const SVG_ELEMENT_OB3: &str = "openbadges:credential";

/// An Open Badges 3.0 credential to bake, as it is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential<'a> {
    /// The credential JSON, with its embedded proof.
    Json(&'a str),
    /// A VC-JWT compact string.
    Jwt(&'a str),
}

impl Credential<'_> {
    fn text(&self) -> &str {
        match self {
            Credential::Json(t) | Credential::Jwt(t) => t,
        }
    }
}

const ALREADY_OB3: &str = "the image already carries an Open Badges 3.0 credential; bake into the plain badge image";
const ALREADY_OB2: &str = "the image already carries an Open Badges 2.0 assertion; bake into the plain badge image";

/// The PNG with `assertion` baked in.
pub fn bake_png(png: &[u8], assertion: &str) -> Result<Vec<u8>, String> {
    let chunks = png_chunks(png)?;
    if chunks.iter().any(|c| is_text_chunk(c, CREDENTIAL_KEYWORD)) {
        return Err(ALREADY_OB3.into());
    }
    png_with_text(&chunks, KEYWORD, assertion)
}

/// The PNG with an Open Badges 3.0 `credential` baked in; an image that
/// already carries a 2.0 assertion or a 3.0 credential is refused.
pub fn bake_png_credential(png: &[u8], credential: Credential<'_>) -> Result<Vec<u8>, String> {
    let chunks = png_chunks(png)?;
    if chunks.iter().any(|c| is_text_chunk(c, CREDENTIAL_KEYWORD)) {
        return Err(ALREADY_OB3.into());
    }
    if chunks.iter().any(|c| is_text_chunk(c, KEYWORD)) {
        return Err(ALREADY_OB2.into());
    }
    png_with_text(&chunks, CREDENTIAL_KEYWORD, credential.text())
}

/// The PNG's chunks with an uncompressed iTXt chunk `keyword` holding
/// `text` right after IHDR, and without any other chunk of that keyword.
fn png_with_text(chunks: &[Chunk<'_>], keyword: &[u8], text: &str) -> Result<Vec<u8>, String> {
    let first = chunks.first().ok_or("the PNG has no chunks")?;
    if first.kind != *b"IHDR" {
        return Err("the PNG does not start with an IHDR chunk".into());
    }
    let mut data = Vec::with_capacity(keyword.len() + 5 + text.len());
    data.extend_from_slice(keyword);
    // Separator, compression flag 0 (uncompressed), method 0, empty language
    // tag, empty translated keyword: what every unbaker expects (pitfall 16).
    data.extend_from_slice(&[0, 0, 0, 0, 0]);
    data.extend_from_slice(text.as_bytes());
    let size: usize = chunks.iter().map(|c| c.raw.len()).sum();
    let mut out = Vec::with_capacity(PNG_SIGNATURE.len() + size + data.len() + 12);
    out.extend_from_slice(PNG_SIGNATURE);
    out.extend_from_slice(first.raw);
    write_chunk(&mut out, b"iTXt", &data);
    for c in &chunks[1..] {
        if !is_text_chunk(c, keyword) {
            out.extend_from_slice(c.raw);
        }
    }
    Ok(out)
}

/// The SVG with `assertion` baked in, pointing verifiers at `verify_url`.
pub fn bake_svg(svg: &str, assertion: &str, verify_url: &str) -> Result<String, String> {
    if svg.contains(&format!("<{SVG_ELEMENT_OB3}")) {
        return Err(ALREADY_OB3.into());
    }
    let svg = remove_svg_assertion(svg);
    // "]]>" cannot appear inside CDATA; split it across two sections.
    let cdata = assertion.replace("]]>", "]]]]><![CDATA[>");
    let element = format!(
        "<openbadges:assertion verify=\"{}\"><![CDATA[{cdata}]]></openbadges:assertion>",
        crate::util::html::escape_html(verify_url)
    );
    insert_in_root(&svg, SVG_NAMESPACE, &element)
}

/// The SVG with an Open Badges 3.0 `credential` baked in; an image that
/// already carries a 2.0 assertion or a 3.0 credential is refused. The SVG
/// must be well-formed XML: the credential is looked for by namespace, and
/// the baked result is read back before it is returned.
pub fn bake_svg_credential(svg: &str, credential: Credential<'_>) -> Result<String, String> {
    if svg_credential(svg)?.is_some() {
        return Err(ALREADY_OB3.into());
    }
    if svg.contains("<openbadges:assertion") {
        return Err(ALREADY_OB2.into());
    }
    // XML reads any CR LF as LF; in JSON a CR can only be whitespace, so
    // the credential means the same with LF alone (and reads back equal).
    let text = credential.text().trim().replace("\r\n", "\n").replace('\r', "\n");
    let element = match credential {
        // Any "]]>" in the JSON is split across two CDATA sections.
        Credential::Json(_) => {
            format!("<{SVG_ELEMENT_OB3}><![CDATA[{}]]></{SVG_ELEMENT_OB3}>", text.replace("]]>", "]]]]><![CDATA[>"))
        }
        Credential::Jwt(_) => {
            format!("<{SVG_ELEMENT_OB3} verify=\"{}\"></{SVG_ELEMENT_OB3}>", crate::util::html::escape_html(&text))
        }
    };
    let baked = insert_in_root(svg, SVG_NAMESPACE_OB3, &element)?;
    // The root tag was spliced as text: make sure a reader finds exactly
    // what was baked, or say so instead of writing a broken badge.
    match svg_credential(&baked) {
        Ok(Some(found)) if found == text => Ok(baked),
        _ => Err("baking this SVG did not give a readable credential (is its root <svg> tag unusual?)".into()),
    }
}

/// `svg` with `element` right after the root `<svg>` start tag, and the
/// `openbadges` prefix declared there for `namespace`.
fn insert_in_root(svg: &str, namespace: &str, element: &str) -> Result<String, String> {
    let start = find_svg_start(svg).ok_or("no <svg> element found")?;
    let end = start + crate::util::xml::start_tag_end(&svg[start..]).ok_or("the <svg> start tag is not closed")?;
    let self_closing = svg[..end].ends_with('/');
    let tag_end = if self_closing { end - 1 } else { end };
    let mut tag = svg[start..tag_end].to_string();
    match attr(&tag, "xmlns:openbadges") {
        None => tag.push_str(&format!(" xmlns:openbadges=\"{namespace}\"")),
        Some(declared) if declared == namespace => {}
        // A 2.0 image baked elsewhere may name 2.0's namespace otherwise,
        // which is kept as it always was.
        Some(declared) if declared != SVG_NAMESPACE_OB3 && namespace != SVG_NAMESPACE_OB3 => {}
        // 2.0 and 3.0 use the same prefix for different namespaces.
        Some(declared) => {
            return Err(format!(
                "the <svg> root declares the openbadges prefix as `{declared}`, not `{namespace}`; bake into the plain badge image"
            ))
        }
    }
    let mut out = String::with_capacity(svg.len() + element.len() + 64);
    out.push_str(&svg[..start]);
    out.push_str(&tag);
    out.push('>');
    out.push_str(element);
    if self_closing {
        out.push_str("</svg>");
    }
    out.push_str(&svg[end + 1..]);
    Ok(out)
}

/// The text of an Open Badges 3.0 credential baked in an SVG: the JSON in
/// the first `credential` element of the 3.0 namespace (whatever its prefix,
/// as 1EdTech's reference reader matches), else its `verify` attribute (a
/// VC-JWT). `None` when there is no such element.
fn svg_credential(svg: &str) -> Result<Option<String>, String> {
    let doc = match parse_svg(svg) {
        Ok(doc) => doc,
        Err(e) if svg.contains(&format!("<{SVG_ELEMENT_OB3}")) => {
            return Err(format!("{e}, so its openbadges:credential cannot be read"))
        }
        Err(e) => return Err(e),
    };
    let Some(element) = doc.descendants().find(|n| {
        n.is_element() && n.tag_name().name() == "credential" && n.tag_name().namespace() == Some(SVG_NAMESPACE_OB3)
    }) else {
        return Ok(None);
    };
    // Text and CDATA children come as text nodes, split sections joined.
    let content: String = element.children().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
    let content = content.trim();
    if !content.is_empty() {
        return Ok(Some(content.to_string()));
    }
    match element.attribute("verify").map(str::trim) {
        Some(jwt) if !jwt.is_empty() => Ok(Some(jwt.to_string())),
        _ => Err("the openbadges:credential element is empty".into()),
    }
}

/// Deeper nesting is refused before parsing: the XML parser recurses once
/// per level, and a few hundred thousand `<g>` would overflow the stack.
const MAX_DEPTH: usize = 512;

/// The SVG as an XML tree, or why it cannot be read safely.
fn parse_svg(svg: &str) -> Result<roxmltree::Document<'_>, String> {
    if svg.contains("<!ENTITY") {
        // Entities can expand to gigabytes or nest elements unseen; badge
        // images do not need them (the site's own SVG check refuses them).
        return Err("the SVG declares XML entities".into());
    }
    if crate::util::xml::nesting_depth(svg) > MAX_DEPTH {
        return Err(format!("the SVG nests elements more than {MAX_DEPTH} deep"));
    }
    // A bare <!DOCTYPE svg PUBLIC …> (as Illustrator writes) is harmless.
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() };
    roxmltree::Document::parse_with_options(svg, options).map_err(|e| format!("the SVG is not well-formed XML ({e})"))
}

/// What a baked PNG or SVG carries: an Open Badges 2.0 assertion's JSON or
/// its URL, or a 3.0 credential's JSON or VC-JWT.
pub fn unbake(bytes: &[u8]) -> Result<String, String> {
    if bytes.starts_with(PNG_SIGNATURE) {
        // The first chunk of either kind, as the specifications read.
        for c in png_chunks(bytes)? {
            for keyword in [KEYWORD, CREDENTIAL_KEYWORD] {
                if is_text_chunk(&c, keyword) {
                    return text_chunk_text(&c, keyword);
                }
            }
        }
        return Err("this PNG carries no Open Badges data".into());
    }
    let text = std::str::from_utf8(bytes).map_err(|_| "not a PNG, and not an SVG (not UTF-8 text)")?;
    // An SVG that is not well-formed XML may still carry a 2.0 assertion,
    // which is found as text, as it always was.
    let ob3 = svg_credential(text);
    if let Ok(Some(credential)) = ob3 {
        return Ok(credential);
    }
    let Some(open) = text.find("<openbadges:assertion") else {
        return Err(match ob3 {
            Err(e) if text.contains(&format!("<{SVG_ELEMENT_OB3}")) => e,
            _ => "this SVG carries no Open Badges data".into(),
        });
    };
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

/// A text chunk (iTXt, or the tEXt and zTXt a careless baker may write)
/// with `keyword`.
fn is_text_chunk(c: &Chunk<'_>, keyword: &[u8]) -> bool {
    matches!(&c.kind, b"iTXt" | b"tEXt" | b"zTXt")
        && c.data.starts_with(keyword)
        && c.data.get(keyword.len()) == Some(&0)
}

fn text_chunk_text(c: &Chunk<'_>, keyword: &[u8]) -> Result<String, String> {
    let name = String::from_utf8_lossy(keyword);
    let rest = &c.data[keyword.len() + 1..];
    let text = match &c.kind {
        b"tEXt" => rest,
        b"iTXt" => {
            if rest.first() != Some(&0) {
                return Err(format!("the {name} chunk is compressed, which the baking specification forbids"));
            }
            let after_method = rest.get(2..).ok_or("truncated iTXt chunk")?;
            let lang_end = after_method.iter().position(|&b| b == 0).ok_or("truncated iTXt chunk")?;
            let after_lang = &after_method[lang_end + 1..];
            let key_end = after_lang.iter().position(|&b| b == 0).ok_or("truncated iTXt chunk")?;
            &after_lang[key_end + 1..]
        }
        _ => return Err(format!("the {name} chunk is compressed (zTXt)")),
    };
    String::from_utf8(text.to_vec()).map_err(|_| format!("the {name} chunk is not UTF-8"))
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
        assert_eq!(png_chunks(&twice).unwrap().iter().filter(|c| is_text_chunk(c, KEYWORD)).count(), 1);
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

    const CREDENTIAL: &str =
        "{\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],\"name\":\"a ]]> b <c> & d\",\"proof\":[{}]}";
    const JWT: &str = "eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2lnbmF0dXJl";

    #[test]
    fn ob3_png_round_trip() {
        let png = tiny_png();
        for credential in [Credential::Json(CREDENTIAL), Credential::Jwt(JWT)] {
            let baked = bake_png_credential(&png, credential).unwrap();
            assert_eq!(unbake(&baked).unwrap(), credential.text());
            let chunks = png_chunks(&baked).unwrap();
            let kinds: Vec<&[u8]> = chunks.iter().map(|c| &c.kind[..]).collect();
            assert_eq!(kinds, [&b"IHDR"[..], b"iTXt", b"tEXt", b"IDAT", b"IEND"]);
            // Keyword, then uncompressed with empty language tag and
            // translated keyword, then the text as it is.
            let expected = [&b"openbadgecredential\0\0\0\0\0"[..], credential.text().as_bytes()].concat();
            assert_eq!(chunks[1].data, &expected[..]);
        }
    }

    #[test]
    fn ob3_svg_round_trip() {
        let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><rect/></svg>";
        let baked = bake_svg_credential(svg, Credential::Json(CREDENTIAL)).unwrap();
        assert!(baked.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\" xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><openbadges:credential><![CDATA[{"), "{baked}");
        assert!(!baked.contains("verify="), "an embedded proof has no verify attribute");
        assert_eq!(unbake(baked.as_bytes()).unwrap(), CREDENTIAL);
        let baked = bake_svg_credential(svg, Credential::Jwt(JWT)).unwrap();
        assert!(
            baked.contains(&format!("<openbadges:credential verify=\"{JWT}\"></openbadges:credential><rect/>")),
            "{baked}"
        );
        assert_eq!(unbake(baked.as_bytes()).unwrap(), JWT);
        let self_closing =
            bake_svg_credential("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", Credential::Jwt(JWT)).unwrap();
        assert!(self_closing.ends_with("</openbadges:credential></svg>"), "{self_closing}");
        // Windows line endings read back as XML reads them.
        let crlf = bake_svg_credential(svg, Credential::Json("{\r\n\"type\": \"OpenBadgeCredential\"\r\n}")).unwrap();
        assert_eq!(unbake(crlf.as_bytes()).unwrap(), "{\n\"type\": \"OpenBadgeCredential\"\n}");
    }

    #[test]
    fn ob3_svg_is_read_by_namespace_not_prefix() {
        let other_prefix = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:ob=\"https://purl.imsglobal.org/ob/v3p0\"><ob:credential verify=\"a.b.c\"/></svg>";
        assert_eq!(unbake(other_prefix.as_bytes()).unwrap(), "a.b.c");
        let wrong_namespace = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"http://openbadges.org\"><openbadges:credential verify=\"a.b.c\"/></svg>";
        assert!(unbake(wrong_namespace.as_bytes()).is_err());
        let split_cdata = "<svg xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><openbadges:credential>\n  <![CDATA[{\"a\":\"]]]]><![CDATA[>\"}]]>\n</openbadges:credential></svg>";
        assert_eq!(unbake(split_cdata.as_bytes()).unwrap(), "{\"a\":\"]]>\"}");
    }

    #[test]
    fn an_image_is_baked_once() {
        let png = tiny_png();
        let ob3 = bake_png_credential(&png, Credential::Jwt(JWT)).unwrap();
        let ob2 = bake_png(&png, "{}").unwrap();
        assert_eq!(bake_png_credential(&ob3, Credential::Json(CREDENTIAL)).unwrap_err(), ALREADY_OB3);
        assert_eq!(bake_png_credential(&ob2, Credential::Json(CREDENTIAL)).unwrap_err(), ALREADY_OB2);
        assert_eq!(bake_png(&ob3, "{}").unwrap_err(), ALREADY_OB3);
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>";
        let ob3 = bake_svg_credential(svg, Credential::Jwt(JWT)).unwrap();
        let ob2 = bake_svg(svg, "{}", "https://a.org/x.json").unwrap();
        assert_eq!(bake_svg_credential(&ob3, Credential::Json(CREDENTIAL)).unwrap_err(), ALREADY_OB3);
        assert_eq!(bake_svg_credential(&ob2, Credential::Json(CREDENTIAL)).unwrap_err(), ALREADY_OB2);
        assert_eq!(bake_svg(&ob3, "{}", "u").unwrap_err(), ALREADY_OB3);
        // The prefix already bound to 2.0's namespace cannot name 3.0's.
        let declared =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"http://openbadges.org\"><rect/></svg>";
        assert!(bake_svg_credential(declared, Credential::Jwt(JWT))
            .unwrap_err()
            .contains("declares the openbadges prefix"));
    }

    #[test]
    fn unbake_finds_either_kind() {
        let png = tiny_png();
        assert_eq!(unbake(&bake_png(&png, "https://a.org/x.json").unwrap()).unwrap(), "https://a.org/x.json");
        assert_eq!(unbake(&bake_png_credential(&png, Credential::Jwt(JWT)).unwrap()).unwrap(), JWT);
        assert_eq!(unbake(&png).unwrap_err(), "this PNG carries no Open Badges data");
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>";
        assert_eq!(unbake(bake_svg(svg, "{}", "u").unwrap().as_bytes()).unwrap(), "{}");
        assert_eq!(unbake(bake_svg_credential(svg, Credential::Jwt(JWT)).unwrap().as_bytes()).unwrap(), JWT);
        assert_eq!(unbake(svg.as_bytes()).unwrap_err(), "this SVG carries no Open Badges data");
        // A 2.0 assertion is still found in an SVG that is not well-formed.
        let sloppy = "<svg><openbadges:assertion verify=\"https://a.org/x.json\"/><g></svg>";
        assert_eq!(unbake(sloppy.as_bytes()).unwrap(), "https://a.org/x.json");
    }

    #[test]
    fn nesting_depth_reads_markup_only() {
        assert_eq!(
            crate::util::xml::nesting_depth(
                "<?xml version=\"1.0\"?><!DOCTYPE svg><svg a=\"x > y\"><g><rect/><!-- <g> --><![CDATA[<g>]]></g></svg>"
            ),
            2
        );
        assert_eq!(crate::util::xml::nesting_depth("<svg><g><g>"), 3);
        assert_eq!(crate::util::xml::nesting_depth("</g></g><svg>"), 1);
        assert_eq!(crate::util::xml::nesting_depth("<"), 1);
        assert_eq!(crate::util::xml::nesting_depth(""), 0);
    }

    #[test]
    fn hostile_ob3_input_is_an_error_not_a_panic() {
        let ns = "xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"";
        let laughs = format!(
            "<!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\">{}]><svg {ns}><openbadges:credential>&e9;</openbadges:credential></svg>",
            (1..10).map(|i| format!("<!ENTITY e{i} \"{}\">", format!("&e{};", i - 1).repeat(10).replace("&e0;", "&a;"))).collect::<String>()
        );
        let deep =
            format!("<svg {ns}>{}<openbadges:credential/>{}</svg>", "<g>".repeat(100_000), "</g>".repeat(100_000));
        let hidden = format!(
            "<svg {ns}><!-- {} -->{}<openbadges:credential/>{}</svg>",
            "</g>".repeat(100_000),
            "<g>".repeat(100_000),
            "</g>".repeat(100_000)
        );
        for svg in [
            laughs.as_str(),
            deep.as_str(),
            hidden.as_str(),
            "<svg xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><openbadges:credential>",
            "<svg xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><openbadges:credential></openbadges:credential></svg>",
            "<svg xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><openbadges:credential verify=\"\"/></svg>",
            "<openbadges:credential>{}</openbadges:credential>",
            "<svg",
            "",
        ] {
            assert!(unbake(svg.as_bytes()).is_err(), "{svg:.200}");
            assert!(bake_svg_credential(svg, Credential::Jwt(JWT)).is_err(), "{svg:.200}");
        }
        // Unreadable SVG is not baked: the result could not be checked.
        assert!(bake_svg_credential("<svg><g></svg>", Credential::Jwt(JWT)).is_err());
        // A root tag a text splice gets wrong is refused, not written broken.
        let odd = "<svg xmlns=\"http://www.w3.org/2000/svg\" data-x='xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"'><rect/></svg>";
        assert!(bake_svg_credential(odd, Credential::Jwt(JWT)).is_err());
        let png = tiny_png();
        let baked = bake_png_credential(&png, Credential::Json(CREDENTIAL)).unwrap();
        for cut in [0, 5, 8, 12, 20, 33, 40, baked.len() - 1] {
            let _ = bake_png_credential(&baked[..cut], Credential::Jwt(JWT));
            let _ = unbake(&baked[..cut]);
        }
        // A compressed or truncated credential chunk.
        for data in
            [&b"openbadgecredential\0\x01\0\0\0x"[..], b"openbadgecredential\0\0", b"openbadgecredential\0\0\0en"]
        {
            let mut bad = PNG_SIGNATURE.to_vec();
            write_chunk(&mut bad, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
            write_chunk(&mut bad, b"iTXt", data);
            write_chunk(&mut bad, b"IEND", &[]);
            assert!(unbake(&bad).is_err());
            assert_eq!(bake_png_credential(&bad, Credential::Jwt(JWT)).unwrap_err(), ALREADY_OB3);
        }
        let mut not_utf8 = PNG_SIGNATURE.to_vec();
        write_chunk(&mut not_utf8, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        write_chunk(&mut not_utf8, b"iTXt", b"openbadgecredential\0\0\0\0\0\xff\xfe");
        assert_eq!(unbake(&not_utf8).unwrap_err(), "the openbadgecredential chunk is not UTF-8");
    }
}
