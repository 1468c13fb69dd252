//! The theme: the stylesheet, the in-browser verifier and the fonts of the
//! share images, built into the binary. A file of the same name in the
//! site's `theme/` folder replaces the built-in one, file by file, as in
//! mdBook; what is not replaced stays built in (and keeps getting fixes).

use crate::diag::{Code, Problem, Problems};
use crate::i18n::{self, Strings};
use crate::layout;
use crate::library::CopiedFile;
use crate::util::fs::display_path;
use std::path::Path;

/// The built-in theme files, by name below `theme/`.
const BUILTIN: &[(&str, &[u8])] = &[
    (CSS, include_bytes!("../../themes/default/site.css")),
    (VERIFY_JS, include_bytes!("../../themes/default/verify.js")),
    (BAKE_JS, include_bytes!("../../themes/default/bake.js")),
    (QR_JS, include_bytes!("../../themes/default/qrcode.js")),
    (FONT_REGULAR, include_bytes!("../../themes/default/fonts/DejaVuSans.ttf")),
    (FONT_BOLD, include_bytes!("../../themes/default/fonts/DejaVuSans-Bold.ttf")),
];

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

/// The theme files of one site: built-in, or the site's own where it has one.
pub struct Theme {
    files: Vec<(&'static str, std::borrow::Cow<'static, [u8]>)>,
}

impl Theme {
    /// The built-in theme with the site's `theme/` files in place of
    /// built-in ones of the same name. A file that replaces nothing is
    /// reported, since it would silently do nothing.
    pub fn new(site_dir: &Path, overrides: &[CopiedFile], problems: &mut Problems) -> Theme {
        let mut files: Vec<_> =
            BUILTIN.iter().map(|(name, bytes)| (*name, std::borrow::Cow::Borrowed(*bytes))).collect();
        for file in overrides {
            let shown = display_path(site_dir, &file.from);
            let Some(slot) = files.iter_mut().find(|(name, _)| *name == file.to) else {
                let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
                problems.push(
                    Problem::warning(Code::FileUnknown, shown, "file ignored: it replaces no theme file")
                        .help(format!("a theme file replaces a built-in one of the same name: {}", names.join(", "))),
                );
                continue;
            };
            match std::fs::read(&file.from) {
                Ok(bytes) => slot.1 = std::borrow::Cow::Owned(bytes),
                Err(e) => problems.push(Problem::error(Code::FileRead, shown, format!("cannot read theme file: {e}"))),
            }
        }
        Theme { files }
    }

    /// The built-in theme alone.
    pub fn builtin() -> Theme {
        Theme::new(Path::new(""), &[], &mut Problems::default())
    }

    /// A theme file's bytes, by its name below `theme/`.
    pub fn file(&self, name: &str) -> &[u8] {
        self.files.iter().find(|(n, _)| *n == name).map(|(_, b)| b.as_ref()).unwrap_or_default()
    }

    /// The theme files the build publishes, with their output paths. Award
    /// pages load one script, `assets/award.js`, made of three theme files
    /// (each replaceable on its own): one request, one tag in every page.
    /// Both scripts begin with the interface strings in the site's
    /// language (`i18n::script_prelude`): once per site, not per page.
    pub fn published(&self, strings: &Strings) -> Vec<(&'static str, std::borrow::Cow<'_, [u8]>)> {
        let prelude = i18n::script_prelude(strings);
        let award_js: Vec<u8> = std::iter::once(prelude.as_bytes())
            .chain(AWARD_JS_PARTS.iter().flat_map(|part| [self.file(part), b"\n;\n"]))
            .flatten()
            .copied()
            .collect();
        let verify_js = [prelude.as_bytes(), self.file(VERIFY_JS)].concat();
        vec![
            (layout::SITE_CSS, self.file(CSS).into()),
            (layout::VERIFY_JS, verify_js.into()),
            (layout::AWARD_JS, award_js.into()),
        ]
    }
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
        let theme = Theme::new(dir.path(), &overrides, &mut ps);
        assert_eq!(theme.file(CSS), b"body{}");
        assert_eq!(theme.file(VERIFY_JS), Theme::builtin().file(VERIFY_JS));
        assert_eq!(
            ps.iter().map(|p| (p.code, p.file.as_str())).collect::<Vec<_>>(),
            [(Code::FileUnknown, "theme/extra.css")]
        );
    }
}
