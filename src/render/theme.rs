//! The themes: the stylesheet, the in-browser verifier and the fonts of the
//! share images, built into the binary, and the templates of a bundled
//! theme that differ from the default's. `theme = "name"` in accolade.toml
//! picks a bundled theme; a file a bundled theme lacks comes from the
//! default theme. A file of the same name in the site's `theme/` folder
//! replaces the selected theme's, file by file, as in mdBook; what is not
//! replaced stays built in (and keeps getting fixes).

use crate::config::Colors;
use crate::diag::{Code, Problem, Problems};
use crate::layout;
use crate::library::CopiedFile;
use crate::util::fs::display_path;
use std::borrow::Cow;
use std::path::Path;

/// A theme built into the binary.
pub struct Bundled {
    /// What `theme = "…"` calls it.
    pub name: &'static str,
    /// Its files by name below `theme/`; the default theme has them all,
    /// another only those that differ.
    files: &'static [(&'static str, &'static [u8])],
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
            (CSS, include_bytes!("../../themes/default/site.css")),
            (VERIFY_JS, include_bytes!("../../themes/default/verify.js")),
            (BAKE_JS, include_bytes!("../../themes/default/bake.js")),
            (QR_JS, include_bytes!("../../themes/default/qrcode.js")),
            (FONT_REGULAR, include_bytes!("../../themes/default/fonts/DejaVuSans.ttf")),
            (FONT_BOLD, include_bytes!("../../themes/default/fonts/DejaVuSans-Bold.ttf")),
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
            concat!(
                include_str!("../../themes/default/site.css"),
                "\n",
                include_str!("../../themes/certificate/site.css")
            )
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
        crate::render::BUILTIN_TEMPLATES.iter().map(|(name, text)| {
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
/// What `assets/award.js`, the award pages' one script, is made of, in order:
/// the QR encoder first (it is not strict-mode code), then the baking, then
/// the verifier, which also makes the page's share tools.
const AWARD_JS_PARTS: [&str; 3] = [QR_JS, BAKE_JS, VERIFY_JS];
/// The fonts the share images and badge images are drawn with.
pub const FONT_REGULAR: &str = "fonts/DejaVuSans.ttf";
pub const FONT_BOLD: &str = "fonts/DejaVuSans-Bold.ttf";

/// The theme files of one site: the selected bundled theme's, or the site's
/// own where it has one, and the site's colours.
pub struct Theme {
    files: Vec<(&'static str, Cow<'static, [u8]>)>,
    /// The `[colors]` rules appended to the stylesheet.
    colors_css: String,
}

impl Theme {
    /// The bundled theme with the site's `theme/` files in place of its
    /// files of the same name. A file that replaces nothing is reported,
    /// since it would silently do nothing.
    pub fn new(
        bundled: &'static Bundled,
        colors: &Colors,
        site_dir: &Path,
        overrides: &[CopiedFile],
        problems: &mut Problems,
    ) -> Theme {
        let mut files: Vec<_> = bundled.files().map(|(name, bytes)| (name, Cow::Borrowed(bytes))).collect();
        for file in overrides {
            let shown = display_path(site_dir, &file.from);
            let Some(slot) = files.iter_mut().find(|(name, _)| *name == file.to) else {
                let names: Vec<&str> = bundled.files().map(|(n, _)| n).collect();
                problems.push(
                    Problem::warning(Code::FileUnknown, shown, "file ignored: it replaces no theme file")
                        .help(format!("a theme file replaces a built-in one of the same name: {}", names.join(", "))),
                );
                continue;
            };
            match std::fs::read(&file.from) {
                Ok(bytes) => slot.1 = Cow::Owned(bytes),
                Err(e) => problems.push(Problem::error(Code::FileRead, shown, format!("cannot read theme file: {e}"))),
            }
        }
        Theme { files, colors_css: colors_css(colors) }
    }

    /// The default theme alone.
    pub fn builtin() -> Theme {
        Theme::new(&BUNDLED[0], &Colors::default(), Path::new(""), &[], &mut Problems::default())
    }

    /// A theme file's bytes, by its name below `theme/`.
    pub fn file(&self, name: &str) -> &[u8] {
        self.files.iter().find(|(n, _)| *n == name).map(|(_, b)| b.as_ref()).unwrap_or_default()
    }

    /// The theme files the build publishes, with their output paths. Award
    /// pages load one script, `assets/award.js`, made of three theme files
    /// (each replaceable on its own): one request, one tag in every page.
    /// The site's colours follow the stylesheet, whoever wrote it: one
    /// shared file, as the pages' CSP (`style-src 'self'`) wants.
    pub fn published(&self) -> Vec<(&'static str, Cow<'_, [u8]>)> {
        let award_js: Vec<u8> =
            AWARD_JS_PARTS.iter().flat_map(|part| [self.file(part), b"\n;\n"]).flatten().copied().collect();
        let css: Cow<'_, [u8]> = match self.colors_css.is_empty() {
            true => self.file(CSS).into(),
            false => [self.file(CSS), self.colors_css.as_bytes()].concat().into(),
        };
        vec![
            (layout::SITE_CSS, css),
            (layout::VERIFY_JS, self.file(VERIFY_JS).into()),
            (layout::AWARD_JS, award_js.into()),
        ]
    }
}

/// The `[colors]` of accolade.toml as CSS custom properties. The light
/// accent also applies to print; without `accent_dark` a dark screen keeps
/// the theme's own dark accent, since a light-page accent is rarely legible
/// on a dark page.
fn colors_css(colors: &Colors) -> String {
    let mut css = String::new();
    if let Some(accent) = &colors.accent {
        css.push_str(&format!(
            "\n/* [colors] in accolade.toml */\n@media print, not all and (prefers-color-scheme: dark) {{ :root {{ --accent: {accent}; }} }}\n"
        ));
    }
    if let Some(accent) = &colors.accent_dark {
        css.push_str(&format!(
            "\n/* [colors] accent_dark in accolade.toml */\n@media screen and (prefers-color-scheme: dark) {{ :root {{ --accent: {accent}; }} }}\n"
        ));
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_files_replace_builtins_one_by_one() {
        let dir = tempfile::tempdir().unwrap();
        let css = dir.path().join("theme/site.css");
        std::fs::create_dir_all(css.parent().unwrap()).unwrap();
        std::fs::write(&css, "body{}").unwrap();
        let stray = dir.path().join("theme/extra.css");
        std::fs::write(&stray, "x").unwrap();
        let overrides =
            [CopiedFile { from: css, to: "site.css".into() }, CopiedFile { from: stray, to: "extra.css".into() }];
        let mut ps = Problems::default();
        let certificate = bundled("certificate").unwrap();
        let theme = Theme::new(certificate, &Colors::default(), dir.path(), &overrides, &mut ps);
        assert_eq!(theme.file(CSS), b"body{}");
        assert_eq!(theme.file(VERIFY_JS), Theme::builtin().file(VERIFY_JS));
        assert_eq!(
            ps.iter().map(|p| (p.code, p.file.as_str())).collect::<Vec<_>>(),
            [(Code::FileUnknown, "theme/extra.css")]
        );
    }

    #[test]
    fn a_bundled_theme_takes_what_it_lacks_from_the_default() {
        let certificate = bundled("certificate").unwrap();
        let default = bundled(DEFAULT).unwrap();
        assert_eq!(certificate.file(VERIFY_JS), default.file(VERIFY_JS));
        assert_ne!(certificate.file(CSS), default.file(CSS));
        assert!(certificate.file(CSS).unwrap().starts_with(default.file(CSS).unwrap()));
        assert_eq!(certificate.files().count(), default.files().count());
        assert!(bundled("nope").is_none());
    }

    /// The backgrounds the accent is checked against are the stylesheets'.
    #[test]
    fn backgrounds_are_the_stylesheets() {
        for theme in BUNDLED {
            let css = String::from_utf8_lossy(theme.file(CSS).unwrap()).to_lowercase();
            for colour in theme.backgrounds.iter().flat_map(|b| b.iter()) {
                assert!(css.contains(colour), "{}: {colour} is not in its site.css", theme.name);
            }
        }
    }

    #[test]
    fn colours_follow_the_stylesheet() {
        let colors = Colors { accent: Some("#123456".into()), accent_dark: Some("#abcdef".into()) };
        let theme = Theme::new(&BUNDLED[0], &colors, Path::new(""), &[], &mut Problems::default());
        let published = theme.published();
        let css = String::from_utf8_lossy(&published[0].1);
        assert!(css.starts_with("/* accolade default theme"));
        assert!(css.contains("not all and (prefers-color-scheme: dark) { :root { --accent: #123456; } }"), "{css}");
        assert!(css.contains("screen and (prefers-color-scheme: dark) { :root { --accent: #abcdef; } }"));
        assert_eq!(Theme::builtin().published()[0].1, BUNDLED[0].file(CSS).unwrap());
    }
}
