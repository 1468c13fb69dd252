//! A site's theme files: the selected bundled theme's (`crate::themes`:
//! the stylesheet, the in-browser verifier and the fonts of the share
//! images, built into the binary). A file of the same name in the site's
//! `theme/` folder replaces the theme's, file by file, as in mdBook; what
//! is not replaced stays built in (and keeps getting fixes). The site's
//! `[colors]` follow the stylesheet.

use crate::diag::{Code, Problem, Problems};
use crate::i18n::{self, Strings};
use crate::layout;
use crate::library::CopiedFile;
use crate::themes::{Bundled, Colors, BUNDLED};
pub use crate::themes::{BAKE_JS, CSS, FONT_BOLD, FONT_REGULAR, QR_JS, SEARCH_JS, VERIFY_JS};
use crate::util::fs::display_path;
use std::borrow::Cow;
use std::path::Path;

/// What `assets/award.js`, the award pages' one script, is made of, in order:
/// the QR encoder first (it is not strict-mode code), then the baking, then
/// the verifier, which also makes the page's share tools.
const AWARD_JS_PARTS: [&str; 3] = [QR_JS, BAKE_JS, VERIFY_JS];

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
    /// shared file, as the pages' CSP (`style-src 'self'`) wants. Both
    /// scripts begin with the interface strings in the site's language
    /// (`i18n::script_prelude`): once per site, not per page.
    pub fn published(&self, strings: &Strings) -> Vec<(&'static str, Cow<'_, [u8]>)> {
        let prelude = i18n::script_prelude(strings);
        let award_js: Vec<u8> = std::iter::once(prelude.as_bytes())
            .chain(AWARD_JS_PARTS.iter().flat_map(|part| [self.file(part), b"\n;\n"]))
            .flatten()
            .copied()
            .collect();
        let verify_js = [prelude.as_bytes(), self.file(VERIFY_JS)].concat();
        let css: Cow<'_, [u8]> = match self.colors_css.is_empty() {
            true => self.file(CSS).into(),
            false => [self.file(CSS), self.colors_css.as_bytes()].concat().into(),
        };
        vec![
            (layout::SITE_CSS, css),
            (layout::VERIFY_JS, verify_js.into()),
            (layout::AWARD_JS, award_js.into()),
            (layout::SEARCH_JS, self.file(SEARCH_JS).into()),
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
    use crate::themes::{bundled, DEFAULT};

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
        let published = theme.published(&Strings::default());
        let css = String::from_utf8_lossy(&published[0].1);
        assert!(css.starts_with("/* accolade default theme"));
        assert!(css.contains("not all and (prefers-color-scheme: dark) { :root { --accent: #123456; } }"), "{css}");
        assert!(css.contains("screen and (prefers-color-scheme: dark) { :root { --accent: #abcdef; } }"));
        assert_eq!(Theme::builtin().published(&Strings::default())[0].1, BUNDLED[0].file(CSS).unwrap());
    }
}
