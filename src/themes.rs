//! The bundled themes, by name: each one's templates and files (the
//! default theme has them all; another only those that differ), and the
//! theme settings of accolade.toml (`theme`, `[colors]`), checked. A leaf:
//! the configuration and the renderer both read it.

use crate::diag::{Code, Problem, Problems};
use crate::layout::CONFIG_FILE;
use crate::util::color;
use serde::Deserialize;

/// The default theme's templates, by name. A site template of the same name
/// wins; the selected theme's template of every name is also reachable as
/// `builtin/<name>`, so a site template can extend it and change one block.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("issuer.html", include_str!("../templates/issuer.html")),
    ("badge.html", include_str!("../templates/badge.html")),
    ("award.html", include_str!("../templates/award.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("verify.html", include_str!("../templates/verify.html")),
    ("card.html", include_str!("../templates/card.html")),
    ("sitemap.xml", include_str!("../templates/sitemap.xml")),
    ("robots.txt", include_str!("../templates/robots.txt")),
    ("feed.xml", include_str!("../templates/feed.xml")),
];

/// A theme built into the binary.
pub struct Bundled {
    /// What `theme = "…"` calls it.
    pub name: &'static str,
    /// Its files by name below `theme/`; the default theme has them all,
    /// another only those that differ.
    pub(crate) files: &'static [(&'static str, &'static [u8])],
    /// Its templates that differ from the default theme's (markup only:
    /// interface strings stay in the default templates).
    pub templates: &'static [(&'static str, &'static str)],
    /// The page backgrounds links are drawn on, light and dark: the
    /// configured accent colours are checked for contrast against them.
    pub backgrounds: [&'static [&'static str]; 2],
}

impl std::fmt::Debug for Bundled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bundled({})", self.name)
    }
}

/// The theme a site has without `theme = "…"`.
pub const DEFAULT: &str = "default";

/// The bundled themes; the first is the default, which has every file.
pub const BUNDLED: &[Bundled] = &[
    Bundled {
        name: DEFAULT,
        files: &[
            (CSS, include_bytes!("../themes/default/site.css")),
            (VERIFY_JS, include_bytes!("../themes/default/verify.js")),
            (BAKE_JS, include_bytes!("../themes/default/bake.js")),
            (QR_JS, include_bytes!("../themes/default/qrcode.js")),
            (SEARCH_JS, include_bytes!("../themes/default/search.js")),
            (FONT_REGULAR, include_bytes!("../themes/default/fonts/DejaVuSans.ttf")),
            (FONT_BOLD, include_bytes!("../themes/default/fonts/DejaVuSans-Bold.ttf")),
        ],
        templates: &[],
        backgrounds: [&["#ffffff", "#f5f7fa"], &["#161b22", "#0d1117"]],
    },
    Bundled {
        name: "certificate",
        // Its stylesheet is the default's with its own rules after them,
        // so it inherits every fix (and every class verify.js relies on).
        files: &[(
            CSS,
            concat!(include_str!("../themes/default/site.css"), "\n", include_str!("../themes/certificate/site.css"))
                .as_bytes(),
        )],
        templates: &[],
        backgrounds: [&["#fffdf7", "#f4efe3"], &["#1f1b16", "#15120e"]],
    },
];

/// The bundled theme called `name`.
pub fn bundled(name: &str) -> Option<&'static Bundled> {
    BUNDLED.iter().find(|t| t.name == name)
}

/// The names of the bundled themes, for messages: `default, certificate`.
pub fn bundled_names() -> String {
    BUNDLED.iter().map(|t| t.name).collect::<Vec<_>>().join(", ")
}

impl Bundled {
    /// Its file `name`, or the default theme's when it has none of its own.
    pub fn file(&self, name: &str) -> Option<&'static [u8]> {
        [self, &BUNDLED[0]].iter().find_map(|t| t.files.iter().find(|(n, _)| *n == name).map(|(_, b)| *b))
    }

    /// Every theme file, by name below `theme/`, as this theme has it.
    pub fn files(&self) -> impl Iterator<Item = (&'static str, &'static [u8])> + '_ {
        BUNDLED[0].files.iter().map(|(name, _)| (*name, self.file(name).unwrap_or_default()))
    }

    /// Every template, by name, as this theme has it: its own, else the default's.
    pub fn templates(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        BUILTIN_TEMPLATES.iter().map(|(name, text)| {
            (*name, self.templates.iter().find(|(n, _)| n == name).map(|(_, t)| *t).unwrap_or(text))
        })
    }
}

/// Published as `assets/site.css`.
pub const CSS: &str = "site.css";
/// Published as `assets/verify.js`: the live check of award pages and `verify/`.
pub const VERIFY_JS: &str = "verify.js";
/// The award page's downloads, baked in the browser; in `assets/award.js`.
pub const BAKE_JS: &str = "bake.js";
/// The QR code encoder the award page draws its code with; in `assets/award.js`.
pub const QR_JS: &str = "qrcode.js";
/// The gallery's search box; in `assets/search.js`.
pub const SEARCH_JS: &str = "search.js";
/// The fonts the share images and badge images are drawn with.
pub const FONT_REGULAR: &str = "fonts/DejaVuSans.ttf";
pub const FONT_BOLD: &str = "fonts/DejaVuSans-Bold.ttf";

/// The issuer's colours (`[colors]`), written into the stylesheet as CSS
/// custom properties. Hex colours only (`#0b5cad`, `#fff`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colors {
    /// Links, buttons and focus rings on light pages and in print.
    #[serde(default)]
    pub accent: Option<String>,
    /// The same on dark pages (`prefers-color-scheme: dark`); without it,
    /// the theme's own dark accent.
    #[serde(default)]
    pub accent_dark: Option<String>,
}

/// The bundled theme `theme = "…"` names; an unknown name is an error that
/// lists the bundled ones (and the build goes on with the default, to find
/// more problems).
pub fn theme_of(
    name: Option<&str>,
    key_pos: &dyn Fn(&str) -> (usize, usize),
    problems: &mut Problems,
) -> &'static Bundled {
    let name = name.unwrap_or(DEFAULT);
    bundled(name).unwrap_or_else(|| {
        let (l, c) = key_pos("theme");
        problems.push(
            Problem::error(Code::ConfigTheme, CONFIG_FILE, format!("theme `{name}` is not a bundled theme"))
                .at(l, c)
                .help(format!(
                    "the bundled themes are {}; to change one, keep its name and put your files in templates/ and theme/ (`accolade eject`)",
                    bundled_names()
                )),
        );
        &BUNDLED[0]
    })
}

/// `[colors]`: each a hex colour (anything else is an error, since it is
/// written into the stylesheet), lower-cased; an accent that links drawn in
/// it would be hard to read on the theme's background (WCAG AA, 4.5:1) is
/// a warning.
pub fn colors_of(
    raw: Colors,
    theme: &Bundled,
    key_pos: &dyn Fn(&str) -> (usize, usize),
    problems: &mut Problems,
) -> Colors {
    let mut check = |key: &str, value: Option<String>, backgrounds: &[&str], scheme: &str| -> Option<String> {
        let value = value?;
        let (l, c) = key_pos(key);
        let Some(rgb) = color::parse_hex(&value) else {
            problems.push(
                Problem::error(
                    Code::ConfigColors,
                    CONFIG_FILE,
                    format!("[colors] {key} `{value}` is not a hex colour"),
                )
                .at(l, c)
                .help("write a colour as `#rrggbb` or `#rgb`, e.g. `accent = \"#0b5cad\"`"),
            );
            return None;
        };
        let worst = backgrounds
            .iter()
            .filter_map(|b| color::parse_hex(b).map(|bg| (color::contrast(rgb, bg), *b)))
            .min_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((ratio, background)) = worst.filter(|(ratio, _)| *ratio < 4.5) {
            problems.push(
                Problem::warning(
                    Code::ConfigColors,
                    CONFIG_FILE,
                    format!(
                        "[colors] {key} `{value}` has a contrast of {ratio:.1}:1 with the {} theme's {scheme} background {background}; links in it are hard to read",
                        theme.name
                    ),
                )
                .at(l, c)
                .help("choose a colour with a contrast of at least 4.5:1 (WCAG AA): darker for light pages, lighter for dark ones"),
            );
        }
        Some(value.to_ascii_lowercase())
    };
    Colors {
        accent: check("accent", raw.accent, theme.backgrounds[0], "light"),
        accent_dark: check("accent_dark", raw.accent_dark, theme.backgrounds[1], "dark"),
    }
}
