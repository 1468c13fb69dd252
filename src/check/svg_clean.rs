//! Re-serialising an SVG through its allowlist (`svg_allow`): the site
//! serves what this writes, never the author's bytes, so an attack that a
//! list of known-bad things would miss (an animation that sets `onclick`, a
//! namespace trick, an element no browser had yet) is simply not written.
//!
//! Why a serializer of our own over roxmltree rather than usvg's writer:
//! usvg writes only what it renders, after resolving it (text becomes
//! paths or is dropped without the fonts, styles are flattened, ids are
//! renamed, `<title>` and `<desc>` are lost), so the badge a learner
//! downloads would no longer be the issuer's drawing nor accessible. Here
//! the kept elements and attributes are written as they were, in order.
//!
//! Three outcomes, in this order:
//! 1. **Refused** (an error, nothing is written) for what cannot be kept
//!    safely, wherever it is in the file: script (`<script>`, `handler`,
//!    `listener`), event-handler attributes (`on*`, any case or namespace),
//!    animations that set an event handler or a link (`attributeName` of
//!    `on…` or `href`, with or without a prefix, any case, any spacing),
//!    foreign content (`foreignObject`, `iframe`, `object`, `embed`),
//!    `javascript:`/`vbscript:` in any value, references outside the file
//!    (`href` other than a local `#fragment` or a raster `data:` URI, CSS
//!    `url()` to anything else, `@import`, CSS escapes, `xml:base`),
//!    entity or attribute-list declarations, processing instructions, and a
//!    root that is not `<svg>` in the SVG namespace.
//! 2. **Dropped with a warning** (what is drawn may change): animations,
//!    unknown elements (with their content), unknown attributes. Each kind
//!    is named once with where it first is and how many there are.
//! 3. **Dropped silently** (nothing drawn depends on it): comments,
//!    `<metadata>`, drawing programs' bookkeeping (`inkscape:`,
//!    `sodipodi:`, Adobe, Sketch, Serif, RDF/Dublin Core), `data-*`
//!    attributes, a `<!DOCTYPE>` (with no entity or attribute-list
//!    declarations; those are refused), and an earlier bake's
//!    `openbadges:assertion` (the award's own is baked in its place).

use super::svg_allow::*;
use crate::util::urls;
use roxmltree::{Attribute, Document, Node};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Why an SVG image is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SvgRefusal {
    /// Not an SVG a browser or validator can read.
    Malformed(String),
    /// Readable, but it would run script or load from elsewhere.
    Unsafe(String),
}
use SvgRefusal::{Malformed, Unsafe};

/// An SVG after the allowlist: the text to publish and what was dropped
/// that could have been visible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanSvg {
    pub svg: String,
    pub dropped: Vec<Dropped>,
}

/// One kind of visible content the allowlist dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// What it is, e.g. "the animation <animate>".
    pub what: String,
    /// Where the first one is: "line L, column C".
    pub first_at: String,
    pub count: usize,
}

/// Deeper nesting is refused: no drawing needs it, and the writer recurses.
const MAX_DEPTH: usize = 256;

/// The SVG re-serialised with only allowlisted elements and attributes, or
/// why it cannot be published.
pub fn clean_svg(bytes: &[u8]) -> Result<CleanSvg, SvgRefusal> {
    let text = std::str::from_utf8(bytes).map_err(|_| Malformed("the SVG is not UTF-8 text".to_string()))?;
    if text.contains("<!ENTITY") || text.contains("<!ATTLIST") {
        // Entities are how an SVG reads local files or expands to gigabytes;
        // attribute lists can add attributes (an event handler) unseen.
        return Err(Unsafe("it declares XML entities or attribute lists in a <!DOCTYPE>".into()));
    }
    // Checked before parsing: the parser recurses once per level.
    if crate::util::xml::nesting_depth(text) > MAX_DEPTH {
        return Err(Malformed(format!("elements are nested more than {MAX_DEPTH} deep")));
    }
    // A bare <!DOCTYPE svg PUBLIC …> (as Illustrator writes) is harmless:
    // nothing is declared in it, and it is not written back.
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() };
    let doc = Document::parse_with_options(text, options)
        .map_err(|e| Malformed(format!("the SVG is not well-formed XML ({e})")))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" || root.tag_name().namespace() != Some(SVG_NS) {
        // Served as image/svg+xml, any XML document renders: an XHTML form
        // named .svg would be a phishing page on the site's origin.
        return Err(Malformed("the root element is not <svg> in the SVG namespace".into()));
    }
    for node in doc.descendants() {
        if node.is_pi() {
            // <?xml-stylesheet?> loads a stylesheet (or an XSLT) from elsewhere.
            return Err(Unsafe(format!("{}: it has a processing instruction", at(&doc, node.range().start))));
        }
        if node.is_element() {
            refuse_element(&doc, node)?;
        }
    }
    let mut writer = Writer { doc: &doc, out: String::with_capacity(text.len()), dropped: BTreeMap::new(), order: 0 };
    writer.out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    writer.element(root, 0)?;
    writer.out.push('\n');
    let mut dropped: Vec<_> = writer.dropped.into_values().collect();
    dropped.sort_by_key(|(order, _)| *order);
    Ok(CleanSvg { svg: writer.out, dropped: dropped.into_iter().map(|(_, d)| d).collect() })
}

/// "line L, column C" of a byte offset.
fn at(doc: &Document, pos: usize) -> String {
    let p = doc.text_pos_at(pos);
    format!("line {}, column {}", p.row, p.col)
}

/// The refusals of one element and its attributes (see the module doc).
fn refuse_element(doc: &Document, node: Node) -> Result<(), SvgRefusal> {
    let name = node.tag_name().name();
    let lower = name.to_ascii_lowercase();
    // Positions are computed only for a refusal: each is a scan of the text.
    let here = || at(doc, node.range().start);
    if SCRIPT_ELEMENTS.contains(&lower.as_str()) {
        return Err(Unsafe(format!("{}: it contains a <{name}> element, which runs script", here())));
    }
    if FOREIGN_ELEMENTS.contains(&lower.as_str()) {
        return Err(Unsafe(format!("{}: it contains a <{name}> element, which embeds another document", here())));
    }
    if ANIMATIONS.contains(&lower.as_str()) {
        let target = node.attributes().find(|a| a.name().eq_ignore_ascii_case("attributeName"));
        if let Some(target) = target {
            // `xlink:href`, ` ONMouseOver `, `svg:onclick`: the name after any prefix.
            let squeezed: String = target.value().chars().filter(|c| !c.is_whitespace()).collect();
            let local = squeezed.rsplit(':').next().unwrap_or_default().to_ascii_lowercase();
            if local.starts_with("on") {
                return Err(Unsafe(format!(
                    "{}: its <{name}> element sets the event handler `{}`, which runs script",
                    here(),
                    target.value().trim()
                )));
            }
            if local == "href" {
                return Err(Unsafe(format!(
                    "{}: its <{name}> element changes a link (`{}`)",
                    here(),
                    target.value().trim()
                )));
            }
        }
    }
    for a in node.attributes() {
        refuse_attribute(doc, node, &a)?;
    }
    if lower == "style" {
        let css: String = node.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
        if references_outside(&css) {
            return Err(Unsafe(format!("{}: a <style> element refers to something outside the file", here())));
        }
    }
    Ok(())
}

fn refuse_attribute(doc: &Document, node: Node, a: &Attribute) -> Result<(), SvgRefusal> {
    let here = || at(doc, a.range().start);
    let element = node.tag_name().name();
    let name = a.name().to_ascii_lowercase();
    let value = a.value().trim();
    let squeezed: String =
        value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
    if name.starts_with("on") {
        return Err(Unsafe(format!("{}: <{element}> has an event handler attribute `{}`", here(), a.name())));
    }
    if squeezed.contains("javascript:") || squeezed.contains("vbscript:") {
        return Err(Unsafe(format!("{}: the `{}` attribute of <{element}> holds a script URL", here(), a.name())));
    }
    if name == "href" && !(value.starts_with('#') || urls::is_raster_data_uri(value)) {
        return Err(Unsafe(format!("{}: <{element}> refers to `{}` outside the file", here(), clip(value))));
    }
    if name == "base" && a.namespace() == Some(XML_NS) {
        return Err(Unsafe(format!("{}: <{element}> has `xml:base`, which makes its links point elsewhere", here())));
    }
    // `style`, but also `fill="url(…)"`, `filter`, `mask`, `cursor` and
    // animation values can load from elsewhere.
    if (name == "style" || squeezed.contains("url(")) && references_outside(value) {
        return Err(Unsafe(format!(
            "{}: the `{}` attribute of <{element}> refers to something outside the file",
            here(),
            a.name()
        )));
    }
    Ok(())
}

/// A value short enough to quote in a message.
fn clip(value: &str) -> String {
    match value.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &value[..i]),
        None => value.to_string(),
    }
}

/// Whether CSS could load something from outside the file. Escapes
/// (`\75 rl(`) and `image-set()` are refused outright rather than decoded.
pub(super) fn references_outside(css: &str) -> bool {
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

struct Writer<'a, 'input> {
    doc: &'a Document<'input>,
    out: String,
    /// What was dropped visibly, by description: (first seen, details).
    dropped: BTreeMap<String, (usize, Dropped)>,
    order: usize,
}

impl Writer<'_, '_> {
    fn drop_visible(&mut self, what: String, pos: usize) {
        if let Some((_, d)) = self.dropped.get_mut(&what) {
            d.count += 1;
            return;
        }
        // Only the first of a kind is located: each position is a scan of the text.
        let first_at = at(self.doc, pos);
        self.order += 1;
        self.dropped.insert(what.clone(), (self.order, Dropped { what, first_at, count: 1 }));
    }

    /// Writes a kept element (the caller checked it is allowlisted).
    fn element(&mut self, node: Node, depth: usize) -> Result<(), SvgRefusal> {
        if depth > MAX_DEPTH {
            return Err(Malformed(format!("elements are nested more than {MAX_DEPTH} deep")));
        }
        let name = node.tag_name().name();
        self.out.push('<');
        self.out.push_str(name);
        if depth == 0 {
            self.out.push_str(" xmlns=\"");
            self.out.push_str(SVG_NS);
            self.out.push('"');
            let uses_xlink = self.doc.descendants().any(|n| {
                n.is_element()
                    && is_kept_element(n.tag_name().namespace(), n.tag_name().name())
                    && n.attributes()
                        .any(|a| a.namespace() == Some(XLINK_NS) && is_kept_attribute(a.namespace(), a.name()))
            });
            if uses_xlink {
                self.out.push_str(" xmlns:xlink=\"");
                self.out.push_str(XLINK_NS);
                self.out.push('"');
            }
        }
        for a in node.attributes() {
            let prefix = match a.namespace() {
                Some(XLINK_NS) => "xlink:",
                Some(XML_NS) => "xml:",
                _ => "",
            };
            if is_kept_attribute(a.namespace(), a.name()) {
                let _ = write!(self.out, " {prefix}{}=\"{}\"", a.name(), escape(a.value(), true));
            } else if !is_silently_dropped(a.namespace(), a.name(), false) {
                let shown = if a.namespace().is_some() && prefix.is_empty() { "a namespaced " } else { "" };
                self.drop_visible(format!("{shown}attribute `{}` of <{name}>", a.name()), a.range().start);
            }
        }
        // The start tag is closed at the first kept child, or as `/>`.
        let mut open = false;
        for child in node.children() {
            let kept = child.is_text()
                || (child.is_element() && is_kept_element(child.tag_name().namespace(), child.tag_name().name()));
            if kept && !open {
                self.out.push('>');
                open = true;
            }
            if child.is_text() {
                self.out.push_str(&escape(child.text().unwrap_or_default(), false));
            } else if kept {
                self.element(child, depth + 1)?;
            } else if child.is_element() {
                let (ns, child_name) = (child.tag_name().namespace(), child.tag_name().name());
                if !is_silently_dropped(ns, child_name, true) {
                    let what = if ANIMATIONS.contains(&child_name.to_ascii_lowercase().as_str()) {
                        format!("the animation <{child_name}>")
                    } else if ns == Some(SVG_NS) {
                        format!("the unknown element <{child_name}> (with its content)")
                    } else {
                        format!("the element <{child_name}> from namespace `{}`", ns.unwrap_or("none"))
                    };
                    self.drop_visible(what, child.range().start);
                }
            }
        }
        if !open {
            self.out.push_str("/>");
            return Ok(());
        }
        let _ = write!(self.out, "</{name}>");
        Ok(())
    }
}

/// XML escaping of text or of a double-quoted attribute value. Tabs and
/// line breaks in values are written as references, since a parser would
/// otherwise read them back as spaces.
fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}
