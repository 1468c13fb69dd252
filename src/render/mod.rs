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
use crate::themes::Bundled;
use crate::util::html::escape_html;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use tera::{Context, Tera};

pub use crate::themes::BUILTIN_TEMPLATES;

/// How a site template names the theme's template it extends: `builtin/award.html`.
pub const BUILTIN_PREFIX: &str = "builtin/";

pub struct Renderer {
    tera: Tera,
    /// When on (`record_variables`), the variables each template was
    /// rendered with: what docs/TEMPLATES.md must list.
    recorded: Option<std::sync::Mutex<Variables>>,
    /// The interface strings, and the pages' share of them as `t`, made once.
    pub strings: Arc<Strings>,
    page_strings: tera::Value,
}

/// Per template, the dotted path of every variable it received (arrays as
/// `name[]`, their items' fields as `name[].field`) and the JSON types seen.
pub type Variables = BTreeMap<String, BTreeMap<String, BTreeSet<&'static str>>>;

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Renderer")
    }
}

impl Renderer {
    /// Parses the templates once: the site's, then the theme's (its own,
    /// else the default theme's). Errors in a site template become problems
    /// that name its file.
    pub fn new(
        theme: &Bundled,
        site_templates: &[(String, String)],
        strings: Arc<Strings>,
        problems: &mut Problems,
    ) -> Option<Renderer> {
        let mut all_templates: Vec<(String, String)> = site_templates.to_vec();
        for (name, text) in theme.templates() {
            if !site_templates.iter().any(|(n, _)| n == name) {
                all_templates.push((name.to_string(), text.to_string()));
            }
            all_templates.push((format!("{BUILTIN_PREFIX}{name}"), text.to_string()));
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
        Some(Renderer { tera, recorded: None, strings, page_strings })
    }

    /// The pages' strings, as templates get them (`t`).
    pub fn page_strings(&self) -> &tera::Value {
        &self.page_strings
    }

    pub fn render(&self, name: &str, context: &Context) -> anyhow::Result<String> {
        if let Some(recorded) = &self.recorded {
            let mut recorded = recorded.lock().unwrap_or_else(|e| e.into_inner());
            variable_paths("", &context.clone().into_json(), recorded.entry(name.to_string()).or_default());
        }
        self.tera.render(name, context).map_err(|e| anyhow::anyhow!("failed to render `{name}`: {}", error_chain(&e)))
    }
}

impl Renderer {
    /// From now on, note the variables of every render (for the test that
    /// keeps docs/TEMPLATES.md complete; a build never turns it on).
    pub fn record_variables(&mut self) {
        self.recorded = Some(Default::default());
    }

    /// The variables noted since `record_variables`.
    pub fn recorded_variables(&self) -> Variables {
        self.recorded.as_ref().map(|r| r.lock().unwrap_or_else(|e| e.into_inner()).clone()).unwrap_or_default()
    }
}

/// Adds the path of `value` and of everything inside it, with its type.
fn variable_paths(path: &str, value: &serde_json::Value, into: &mut BTreeMap<String, BTreeSet<&'static str>>) {
    use serde_json::Value;
    let kind = crate::util::json::json_type(value);
    if !path.is_empty() {
        into.entry(path.to_string()).or_default().insert(kind);
    }
    match value {
        Value::Object(fields) => {
            for (key, field) in fields {
                let child = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                variable_paths(&child, field, into);
            }
        }
        Value::Array(items) => {
            for item in items {
                variable_paths(&format!("{path}[]"), item, into);
            }
        }
        _ => {}
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
        let r = Renderer::new(&crate::themes::BUNDLED[0], &site, Default::default(), &mut ps).expect("templates parse");
        assert_eq!(r.render("robots.txt", &Context::new()).unwrap(), "custom 2");
        assert!(r.tera.get_template_names().any(|n| n == "builtin/robots.txt"));
    }

    /// A theme's own template is the page's and `builtin/<name>`; what it
    /// lacks is the default theme's; the site's wins over both.
    #[test]
    fn a_theme_template_is_builtin_and_the_site_extends_it() {
        static THEME: Bundled = Bundled {
            name: "test",
            files: &[],
            templates: &[("robots.txt", "theme {% block b %}block{% endblock b %}")],
            backgrounds: [&[], &[]],
        };
        let mut ps = Problems::default();
        let site = vec![(
            "robots.txt".to_string(),
            "{% extends \"builtin/robots.txt\" %}{% block b %}site{% endblock b %}".to_string(),
        )];
        let r = Renderer::new(&THEME, &site, Default::default(), &mut ps).expect("templates parse");
        assert_eq!(r.render("robots.txt", &Context::new()).unwrap(), "theme site");
        assert_eq!(r.render("builtin/robots.txt", &Context::new()).unwrap(), "theme block");
        let sitemap = r.render("sitemap.xml", &page_context_for_test()).unwrap();
        assert!(sitemap.contains("<urlset"), "{sitemap}");
    }

    fn page_context_for_test() -> Context {
        let mut ctx = Context::new();
        ctx.insert("urls", &Vec::<String>::new());
        ctx.insert("sitemaps", &Vec::<String>::new());
        ctx
    }

    #[test]
    fn broken_site_template_names_its_file() {
        let mut ps = Problems::default();
        let site = vec![("award.html".to_string(), "{% if %}".to_string())];
        assert!(Renderer::new(&crate::themes::BUNDLED[0], &site, Default::default(), &mut ps).is_none());
        assert_eq!(ps.0[0].file, "templates/award.html");
    }
}
