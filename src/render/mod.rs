//! Pages: tera templates built into the binary, overridable by the site's
//! `templates/` folder, the theme files, and the views (borrowed, per page)
//! handed to the templates.

pub mod markdown;
pub mod share;
pub mod theme;
pub mod views;

use crate::config::Config;
use crate::diag::{Code, Problem, Problems};
use crate::i18n::{self, Strings};
use crate::util::html::escape_html;
use serde::Serialize;
use std::sync::Arc;
use tera::{Context, Tera};

/// The built-in templates, by name. A site template of the same name wins;
/// every built-in is also reachable as `builtin/<name>`, so a site template
/// can extend it and change one block.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("issuer.html", include_str!("../../templates/issuer.html")),
    ("badge.html", include_str!("../../templates/badge.html")),
    ("award.html", include_str!("../../templates/award.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("verify.html", include_str!("../../templates/verify.html")),
    ("card.html", include_str!("../../templates/card.html")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("robots.txt", include_str!("../../templates/robots.txt")),
    ("feed.xml", include_str!("../../templates/feed.xml")),
];

pub struct Renderer {
    tera: Tera,
    /// The interface strings, and the pages' share of them as `t`, made once.
    pub strings: Arc<Strings>,
    page_strings: tera::Value,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Renderer")
    }
}

impl Renderer {
    /// Parses the templates once. Errors in a site template become problems
    /// that name its file.
    pub fn new(
        site_templates: &[(String, String)],
        strings: Arc<Strings>,
        problems: &mut Problems,
    ) -> Option<Renderer> {
        let mut all_templates: Vec<(String, String)> = site_templates.to_vec();
        for (name, text) in BUILTIN_TEMPLATES {
            if !site_templates.iter().any(|(n, _)| n == name) {
                all_templates.push((name.to_string(), text.to_string()));
            }
            all_templates.push((format!("builtin/{name}"), text.to_string()));
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        tera.register_function("tr", i18n::Tr(strings.clone()));
        tera.register_function("tr_parts", i18n::TrParts(strings.clone()));
        tera.register_filter("num", i18n::Num(strings.clone()));
        if let Err(e) = tera.add_raw_templates(all_templates) {
            let message = error_chain(&e);
            // Name the site template the error is about, when it is one.
            let file = site_templates
                .iter()
                .map(|(n, _)| n)
                .find(|n| message.contains(&format!("'{n}'")))
                .map(|n| format!("templates/{n}"))
                .unwrap_or_else(|| "templates/".to_string());
            problems.push(
                Problem::error(Code::TemplateSyntax, file, message)
                    .help("see https://keats.github.io/tera/docs/ for the template syntax"),
            );
            return None;
        }
        let page_strings = tera::to_value(strings.page_tables()).unwrap_or_default();
        Some(Renderer { tera, strings, page_strings })
    }

    /// The pages' strings, as templates get them (`t`).
    pub fn page_strings(&self) -> &tera::Value {
        &self.page_strings
    }

    pub fn render(&self, name: &str, context: &Context) -> anyhow::Result<String> {
        self.tera.render(name, context).map_err(|e| anyhow::anyhow!("failed to render `{name}`: {}", error_chain(&e)))
    }
}

fn error_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// `../../` from a page folder (`badges/m1/`) back to the site root; `./`
/// from the root itself, so that `{{ root }}` is never an empty link.
pub fn root_from(page: &str) -> String {
    match page.matches('/').count() {
        0 => "./".to_string(),
        depth => "../".repeat(depth),
    }
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    /// `ltr` or `rtl`, from the language's strings.
    pub direction: &'static str,
    pub base_url: &'a str,
    pub list_earners: bool,
    pub version: &'static str,
}

impl<'a> SiteView<'a> {
    pub fn new(config: &'a Config, strings: &Strings) -> Self {
        SiteView {
            title: &config.title,
            description: config.description.as_deref(),
            language: &config.language,
            direction: strings.direction(),
            base_url: &config.base_url,
            list_earners: config.list_earners,
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// A fresh context with what every page gets: the site, the way back to
/// its root, and the interface strings as `t` (`{{ t.award.issued_on }}`).
pub fn page_context(config: &Config, renderer: &Renderer, root: &str, page: &str) -> Context {
    let mut ctx = Context::new();
    ctx.insert("site", &SiteView::new(config, &renderer.strings));
    ctx.insert("t", &renderer.page_strings);
    ctx.insert("root", root);
    ctx.insert("page_path", page);
    ctx.insert("page_url", &config.url(page));
    ctx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots() {
        assert_eq!(root_from(""), "./");
        assert_eq!(root_from("badges/m1/"), "../../");
        assert_eq!(root_from("assertions/2026/x/"), "../../../");
    }

    #[test]
    fn builtins_parse_and_site_templates_win() {
        let mut ps = Problems::default();
        let site = vec![("robots.txt".to_string(), "custom {{ 1 + 1 }}".to_string())];
        let r = Renderer::new(&site, Default::default(), &mut ps).expect("templates parse");
        assert_eq!(r.render("robots.txt", &Context::new()).unwrap(), "custom 2");
        assert!(r.tera.get_template_names().any(|n| n == "builtin/robots.txt"));
    }

    #[test]
    fn broken_site_template_names_its_file() {
        let mut ps = Problems::default();
        let site = vec![("award.html".to_string(), "{% if %}".to_string())];
        assert!(Renderer::new(&site, Default::default(), &mut ps).is_none());
        assert_eq!(ps.0[0].file, "templates/award.html");
    }
}
