//! The SVG allowlist: the elements and attributes a published SVG may keep.
//! Everything not named here is dropped when the SVG is re-serialised
//! (`svg_clean`); what could run script or load from elsewhere is refused
//! before that, wherever it is.
//!
//! Names are exact (XML is case-sensitive: `<RECT>` draws nothing in a
//! browser either). Elements count only in the SVG namespace.

pub const SVG_NS: &str = "http://www.w3.org/2000/svg";
pub const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Elements that draw, structure or describe, and the paint servers,
/// clipping, masking and filter primitives they use. No animation, no
/// script, no foreign content, no fonts or cursors loaded by URL.
const ELEMENTS: &[&str] = &[
    "a",
    "circle",
    "clipPath",
    "defs",
    "desc",
    "ellipse",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
    "filter",
    "g",
    "image",
    "line",
    "linearGradient",
    "marker",
    "mask",
    "path",
    "pattern",
    "polygon",
    "polyline",
    "radialGradient",
    "rect",
    "stop",
    "style",
    "svg",
    "switch",
    "symbol",
    "text",
    "textPath",
    "title",
    "tspan",
    "use",
    "view",
];

/// Attributes without a namespace: geometry, presentation, paint servers,
/// filters, text layout, and identity (`id`, `class`, `style`, ARIA).
/// `href` is here because it is checked (a local `#fragment` or a raster
/// `data:` URI only) before anything is kept; so are `style` and every
/// value holding `url(`.
const ATTRIBUTES: &[&str] = &[
    // identity, accessibility, conditions
    "class",
    "focusable",
    "href",
    "id",
    "lang",
    "media",
    "requiredExtensions",
    "requiredFeatures",
    "role",
    "style",
    "systemLanguage",
    "tabindex",
    "title",
    "type",
    // the root and viewports
    "baseProfile",
    "preserveAspectRatio",
    "version",
    "viewBox",
    "zoomAndPan",
    // geometry and transforms
    "cx",
    "cy",
    "d",
    "dx",
    "dy",
    "fr",
    "fx",
    "fy",
    "height",
    "pathLength",
    "points",
    "r",
    "rotate",
    "rx",
    "ry",
    "transform",
    "width",
    "x",
    "x1",
    "x2",
    "y",
    "y1",
    "y2",
    // text
    "lengthAdjust",
    "method",
    "side",
    "spacing",
    "startOffset",
    "textLength",
    // paint servers, clipping, masking, markers
    "clipPathUnits",
    "gradientTransform",
    "gradientUnits",
    "markerHeight",
    "markerUnits",
    "markerWidth",
    "maskContentUnits",
    "maskUnits",
    "offset",
    "orient",
    "patternContentUnits",
    "patternTransform",
    "patternUnits",
    "refX",
    "refY",
    "spreadMethod",
    // filters
    "amplitude",
    "azimuth",
    "baseFrequency",
    "bias",
    "diffuseConstant",
    "divisor",
    "edgeMode",
    "elevation",
    "exponent",
    "filterRes",
    "filterUnits",
    "in",
    "in2",
    "intercept",
    "k1",
    "k2",
    "k3",
    "k4",
    "kernelMatrix",
    "kernelUnitLength",
    "limitingConeAngle",
    "mode",
    "numOctaves",
    "operator",
    "order",
    "pointsAtX",
    "pointsAtY",
    "pointsAtZ",
    "preserveAlpha",
    "primitiveUnits",
    "radius",
    "result",
    "scale",
    "seed",
    "slope",
    "specularConstant",
    "specularExponent",
    "stdDeviation",
    "stitchTiles",
    "surfaceScale",
    "tableValues",
    "targetX",
    "targetY",
    "values",
    "xChannelSelector",
    "yChannelSelector",
    "z",
    // presentation attributes (SVG 1.1 and 2)
    "alignment-baseline",
    "baseline-shift",
    "clip",
    "clip-path",
    "clip-rule",
    "color",
    "color-interpolation",
    "color-interpolation-filters",
    "color-rendering",
    "cursor",
    "direction",
    "display",
    "dominant-baseline",
    "enable-background",
    "fill",
    "fill-opacity",
    "fill-rule",
    "filter",
    "flood-color",
    "flood-opacity",
    "font",
    "font-family",
    "font-kerning",
    "font-size",
    "font-size-adjust",
    "font-stretch",
    "font-style",
    "font-variant",
    "font-weight",
    "glyph-orientation-horizontal",
    "glyph-orientation-vertical",
    "image-rendering",
    "isolation",
    "kerning",
    "letter-spacing",
    "lighting-color",
    "marker",
    "marker-end",
    "marker-mid",
    "marker-start",
    "mask",
    "mask-type",
    "mix-blend-mode",
    "opacity",
    "overflow",
    "paint-order",
    "pointer-events",
    "shape-rendering",
    "stop-color",
    "stop-opacity",
    "stroke",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-opacity",
    "stroke-width",
    "text-anchor",
    "text-decoration",
    "text-rendering",
    "transform-box",
    "transform-origin",
    "unicode-bidi",
    "vector-effect",
    "visibility",
    "white-space",
    "word-spacing",
    "writing-mode",
];

/// Namespaces of drawing programs' bookkeeping (Inkscape, Sodipodi, Adobe
/// Illustrator, Sketch, Serif, RDF/Dublin Core/Creative Commons metadata)
/// and of an earlier bake (`openbadges`): dropped without a word, since
/// nothing in them is drawn.
const EDITOR_NAMESPACES: &[&str] = &[
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://inkscape.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
    "http://www.bohemiancoding.com/sketch/ns",
    "http://www.serif.com/",
    "http://openbadges.org",
];

/// Animation elements: never kept (they change the drawing, and with
/// `attributeName` they can set any attribute, event handlers included).
pub const ANIMATIONS: &[&str] = &["animate", "animatecolor", "animatemotion", "animatetransform", "discard", "set"];

/// Elements refused outright, whatever their namespace (lower case): they
/// run script or embed another document.
pub const SCRIPT_ELEMENTS: &[&str] = &["script", "handler", "listener"];
pub const FOREIGN_ELEMENTS: &[&str] = &["foreignobject", "iframe", "object", "embed"];

pub fn is_kept_element(namespace: Option<&str>, name: &str) -> bool {
    namespace == Some(SVG_NS) && ELEMENTS.contains(&name)
}

/// Whether an attribute is kept: an allowlisted name with no namespace, an
/// ARIA attribute, `xlink:href`/`xlink:title`, `xml:space`/`xml:lang`.
pub fn is_kept_attribute(namespace: Option<&str>, name: &str) -> bool {
    match namespace {
        None => ATTRIBUTES.contains(&name) || name.starts_with("aria-"),
        Some(XLINK_NS) => matches!(name, "href" | "title"),
        Some(XML_NS) => matches!(name, "space" | "lang"),
        Some(_) => false,
    }
}

/// Whether something not kept goes without a warning: editor bookkeeping,
/// `<metadata>`, `data-*` attributes. Nothing in them is drawn.
pub fn is_silently_dropped(namespace: Option<&str>, name: &str, is_element: bool) -> bool {
    match namespace {
        Some(ns) if EDITOR_NAMESPACES.contains(&ns) || ns.starts_with("http://ns.adobe.com/") => true,
        Some(SVG_NS) if is_element => name == "metadata",
        None if !is_element => name.starts_with("data-"),
        _ => false,
    }
}
