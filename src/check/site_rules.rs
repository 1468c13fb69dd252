//! Rules over the whole site rather than one object: the issuer's hosting
//! policy, shared salts, images no object names, and the LinkedIn setting.

use super::svg::image_file_problems;
use crate::config::Config;
use crate::diag::{Code, Problem, Problems};
use crate::layout;
use crate::library::{problem_at, Library};
use crate::model::all;
use crate::util::fs::display_path;
use crate::util::jsonpos::JsonPath;
use crate::util::urls;
use std::collections::HashMap;

/// The issuer's hosting policy for a hosted assertion id, as the 1EdTech
/// validator applies it: every `startsWith` prefix is a plain string prefix,
/// then the id's authority (host and port) must be one of `allowedOrigins`,
/// or by default the issuer id's authority.
pub fn hosting_policy(assertion_id: Option<&str>, issuer: &crate::model::Profile) -> Result<(), String> {
    let Some(id) = assertion_id else { return Err("the assertion has no id".into()) };
    let policy = issuer.verification.as_ref();
    let starts = policy.map(|p| all(&p.starts_with)).unwrap_or(&[]);
    if !starts.is_empty() && !starts.iter().any(|s| id.starts_with(s.as_str())) {
        return Err(format!(
            "assertion id `{id}` does not start with the issuer's `startsWith` ({})",
            starts.join(", ")
        ));
    }
    let declared = policy.map(|p| all(&p.allowed_origins)).unwrap_or(&[]);
    let origins: Vec<String> = if declared.is_empty() {
        match issuer.id.as_deref().and_then(urls::parse) {
            Some(p) if p.scheme.starts_with("http") => vec![p.authority.to_string()],
            _ => return Ok(()),
        }
    } else {
        declared.to_vec()
    };
    let authority = urls::parse(id).map(|p| p.authority.to_string()).unwrap_or_default();
    if origins.contains(&authority) {
        Ok(())
    } else {
        Err(format!(
            "assertion id `{id}` is on `{authority}`, not on the issuer's allowed origins ({})",
            origins.join(", ")
        ))
    }
}

/// A salt used by several awards lets one guessed email be tested against
/// all of them at once; every award should have its own.
pub(super) fn check_shared_salts(site: &Library, problems: &mut Problems) {
    let mut by_salt: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, a) in site.awards.iter().enumerate() {
        if let Some(salt) = a.doc.data.salt.as_deref().filter(|s| !s.is_empty()) {
            by_salt.entry(salt).or_default().push(i);
        }
    }
    let mut shared: Vec<&Vec<usize>> = by_salt.values().filter(|v| v.len() > 1).collect();
    shared.sort();
    for awards in shared {
        for &i in awards {
            let doc = &site.awards[i].doc;
            let p = Problem::warning(
                Code::RecipientSalt,
                "",
                format!("this salt is shared by {} awards, which makes their hashes easier to guess", awards.len()),
            )
            .help("give every award its own random salt (`accolade issue` does)");
            problems.push(problem_at(&site.sources, doc, &JsonPath::root().key("recipient").key("salt"), p));
        }
    }
}

/// The files the site publishes as images, by output path: every image in
/// the content folders, and any file an issuer or badge class names as its
/// image (wherever it is, `static/` included). The build publishes their
/// SVGs re-serialised through the allowlist; the rest of `static/` is the
/// site owner's own and copied as it is.
pub fn published_images<'a>(site: &'a Library, config: &Config) -> std::collections::HashSet<&'a str> {
    let referenced = referenced_images(site, config);
    site.files
        .iter()
        .filter(|f| !f.from.starts_with(site.dir.join(layout::STATIC)) || referenced.contains(f.to.as_str()))
        .map(|f| f.to.as_str())
        .collect()
}

fn referenced_images(site: &Library, config: &Config) -> std::collections::HashSet<String> {
    site.issuers
        .iter()
        .filter_map(|i| i.doc.data.image.as_ref())
        .chain(site.badges.iter().filter_map(|b| b.doc.data.image.as_ref()))
        .filter_map(|image| image.url())
        .filter_map(|url| config.site_path(url))
        .map(str::to_string)
        .collect()
}

/// Images in the content folders that no object names are published too
/// (at their path), so they get the same checks as badge images.
pub(super) fn check_unreferenced_images(site: &Library, config: &Config, problems: &mut Problems) {
    let referenced = referenced_images(site, config);
    for f in &site.files {
        let in_content = !f.from.starts_with(site.dir.join(layout::STATIC));
        if in_content && !referenced.contains(f.to.as_str()) {
            for mut p in image_file_problems(&f.from, &f.to) {
                p.file = display_path(&site.dir, &f.from);
                problems.push(p);
            }
        }
    }
}

/// Without the issuer's LinkedIn organization id, "Add to profile" cannot
/// link the credential to the issuer's LinkedIn page.
pub(super) fn check_linkedin(site: &Library, config: &Config, problems: &mut Problems) {
    if config.linkedin_organization_id.is_some() || site.awards.is_empty() {
        return;
    }
    let names: Vec<&str> = site.issuers.iter().filter_map(|i| i.doc.data.name.as_deref()).collect();
    problems.push(
        Problem::warning(
            Code::ShareLinkedin,
            layout::CONFIG_FILE,
            format!(
                "no LinkedIn organization id: \"Add to profile\" names the issuer ({}) as plain text, not linked to its LinkedIn page",
                if names.is_empty() { "unnamed".to_string() } else { names.join(", ") }
            ),
        )
        .help("set `[sharing] linkedin_organization_id` to the number in the issuer's LinkedIn company page admin URL"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issuer(json: &str) -> crate::model::Profile {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn hosting_policy_follows_the_validator() {
        let default = issuer(r#"{"id":"https://o.github.io/b/issuer.json"}"#);
        assert!(hosting_policy(Some("https://o.github.io/c/a.json"), &default).is_ok());
        assert!(hosting_policy(Some("https://evil.github.io/a.json"), &default).is_err());
        assert!(hosting_policy(Some("http://127.0.0.1:9/a.json"), &issuer(r#"{"id":"http://127.0.0.1:8/i.json"}"#))
            .is_err());
        let starts = issuer(
            r#"{"id":"https://o.github.io/b/i.json","verification":{"startsWith":"https://o.github.io/b/assertions/"}}"#,
        );
        assert!(hosting_policy(Some("https://o.github.io/b/assertions/x.json"), &starts).is_ok());
        assert!(hosting_policy(Some("https://o.github.io/other/assertions/x.json"), &starts).is_err());
        let origins = issuer(r#"{"id":"https://a.org/i.json","verification":{"allowedOrigins":["b.org"]}}"#);
        assert!(hosting_policy(Some("https://b.org/x.json"), &origins).is_ok());
        assert!(hosting_policy(Some("https://a.org/x.json"), &origins).is_err());
    }
}
