//! Rules for issuer profiles, badge classes and revocation lists, and the
//! checks every object shares: required properties, id and type, links and images.

use super::svg::image_file_problems;
use super::Validator;
use crate::diag::{Code, Problem, Severity};
use crate::library::Doc;
use crate::model::{all, has_type, Criteria, Image};
use crate::util::jsonpos::JsonPath;
use crate::util::sniff::sniff_bytes;
use crate::util::urls;

impl Validator<'_> {
    /// A required text that must also say something.
    pub(super) fn required_text<T>(
        &mut self,
        doc: &Doc<T>,
        text: &Option<String>,
        key: &str,
        class: &str,
        example: &str,
    ) -> bool {
        match text.as_deref() {
            Some(t) if t.trim().is_empty() => {
                let p = Problem::error(Code::Required, "", format!("{class}'s `{key}` is empty"))
                    .help(format!("write it, for example `\"{key}\": {example}`"));
                self.report(doc, JsonPath::root().key(key), p);
                false
            }
            _ => self.required(doc, text.is_some(), key, class, example),
        }
    }

    /// Reports a missing required property; returns whether it is there.
    pub(super) fn required<T>(&mut self, doc: &Doc<T>, present: bool, key: &str, class: &str, example: &str) -> bool {
        if !present {
            let p =
                Problem::error(Code::Required, "", format!("{class} has no `{key}`, which Open Badges 2.0 requires"))
                    .help(format!("add `\"{key}\": {example}`"));
            self.report(doc, JsonPath::root().key(key), p);
        }
        present
    }

    pub(super) fn id_and_type<T>(
        &mut self,
        doc: &Doc<T>,
        id: Option<&str>,
        kind: &Option<crate::model::OneOrMany<String>>,
        class: &str,
        types: &[&str],
    ) -> bool {
        let mut ok = self.required(doc, id.is_some(), "id", class, "\"https://…/x.json\"");
        if let Some(id) = id {
            if !urls::is_iri(id) {
                let p = Problem::error(Code::IdIri, "", format!("id `{id}` is not an http(s) URL or `urn:uuid:`"))
                    .help("use the absolute URL the object is published at");
                self.report(doc, JsonPath::root().key("id"), p);
                ok = false;
            }
        }
        if kind.is_none() {
            let p = Problem::error(Code::Type, "", format!("{class} has no `type`"))
                .help(format!("add `\"type\": \"{}\"`", types[0]));
            self.report(doc, JsonPath::root().key("type"), p);
            ok = false;
        } else if !types.iter().any(|t| has_type(kind, t)) {
            let found: Vec<&str> = all(kind).iter().map(String::as_str).collect();
            let p = Problem::error(
                Code::Type,
                "",
                format!("expected type {}, found {}", types.join(" or "), found.join(", ")),
            )
            .help(format!("set `\"type\": \"{}\"`, or move the file to the folder for its type", types[0]));
            self.report(doc, JsonPath::root().key("type"), p);
            ok = false;
        }
        for (path, p) in super::context::context_problems(&doc.raw) {
            ok &= !p.is_error();
            self.report(doc, path, p);
        }
        ok
    }

    pub(super) fn web_url<T>(
        &mut self,
        doc: &Doc<T>,
        url: &str,
        path: JsonPath,
        what: &str,
        severity: Severity,
    ) -> bool {
        if urls::is_web_url(url) {
            return true;
        }
        let p = Problem::new(
            severity,
            Code::UrlScheme,
            "",
            format!("{what} `{url}` is not an http(s) URL; it is not shown as a link"),
        )
        .help("only http:// and https:// links reach a page");
        self.report(doc, path, p);
        false
    }

    pub(super) fn image<T>(&mut self, doc: &Doc<T>, image: &Image, path: JsonPath, allow_data: bool) -> bool {
        let Some(url) = image.url() else {
            self.report(doc, path, Problem::error(Code::Image, "", "the image object has no `id` (its URL)"));
            return false;
        };
        if url.starts_with("data:") {
            if allow_data && urls::is_image_data_uri(url) {
                return true;
            }
            let p = Problem::error(Code::Image, "", "the image is a data URI that is not a PNG or SVG image")
                .help("use a URL of a PNG or SVG file, or a `data:image/png` / `data:image/svg+xml` URI");
            self.report(doc, path, p);
            return false;
        }
        if !self.web_url(doc, url, path.clone(), "image", Severity::Error) {
            return false;
        }
        if let Some(fetched) = self.fetched_images.and_then(|images| images.get(url)) {
            let bytes = match fetched {
                Ok(bytes) => bytes,
                Err(why) => {
                    let p = Problem::error(Code::ImageMissing, "", format!("image `{url}` cannot be fetched: {why}"));
                    self.report(doc, path, p);
                    return false;
                }
            };
            if sniff_bytes(bytes).is_some() {
                return true;
            }
            let p = Problem::error(
                Code::ImageFormat,
                "",
                format!("`{url}` is not a PNG or SVG image (judged by its bytes)"),
            )
            .help("Open Badges images must be PNG or SVG");
            self.report(doc, path, p);
            return false;
        }
        let Some(rel) = self.base_url.and_then(|base| url.strip_prefix(base)) else { return true };
        let Some(file) = self.files.get(rel) else {
            let p = Problem::error(
                Code::ImageMissing,
                "",
                format!("image `{url}` would be published by this site, but there is no file `{rel}`"),
            )
            .help("put the image next to the badge or issuer file (`badges/x.svg`) or in `static/`, or fix the URL");
            self.report(doc, path, p);
            return false;
        };
        let mut ok = true;
        for p in image_file_problems(file, rel) {
            ok &= !p.is_error();
            self.report(doc, path.clone(), p);
        }
        ok
    }

    pub(super) fn issuer(&mut self, doc: &Doc<crate::model::Profile>) -> bool {
        let d = &doc.data;
        let mut ok = self.id_and_type(doc, d.id.as_deref(), &d.kind, "an issuer Profile", &["Issuer", "Profile"]);
        ok &= self.required_text(doc, &d.name, "name", "an issuer", "\"Example Academy\"");
        ok &= self.required(doc, d.url.is_some(), "url", "an issuer", "\"https://example.org/\"");
        if d.email.is_none() {
            // The 1EdTech validator skips this check by a bug; the spec and
            // the Java validator require it (OPEN-BADGES.md §1.4).
            let p = Problem::error(
                Code::IssuerEmail,
                "",
                "an issuer has no `email`, which Open Badges 2.0 requires of issuers",
            )
            .help("add `\"email\": \"badges@example.org\"`, an address that answers questions about the badges");
            self.report(doc, JsonPath::root().key("email"), p);
            ok = false;
        } else if let Some(Err(why)) = d.email.as_deref().map(crate::model::recipient::check_email) {
            // Pages link it as `mailto:`, and recipients write to it.
            let why = if d.email.as_deref().is_some_and(|e| e.trim().is_empty()) {
                "the issuer's `email` is empty".to_string()
            } else {
                format!("the issuer's `email` {why}")
            };
            let p = Problem::error(Code::IssuerEmail, "", why).help(
                "write an address that answers questions about the badges, e.g. `\"email\": \"badges@example.org\"`",
            );
            self.report(doc, JsonPath::root().key("email"), p);
            ok = false;
        }
        if let Some(url) = &d.url {
            ok &= self.web_url(doc, url, JsonPath::root().key("url"), "issuer url", Severity::Error);
        }
        if let Some(image) = &d.image {
            ok &= self.image(doc, image, JsonPath::root().key("image"), true);
        }
        if let Some(list) = &d.revocation_list {
            let path = JsonPath::root().key("revocationList");
            if let Some(rel) = self.base_url.and_then(|base| list.strip_prefix(base)) {
                if let Err(why) = crate::library::check_site_path(rel).and_then(|_| {
                    if rel.ends_with(".json") {
                        Ok(())
                    } else {
                        Err("it does not end in `.json`".into())
                    }
                }) {
                    let p =
                        Problem::error(Code::IdPath, "", format!("revocationList `{list}` cannot be published: {why}"))
                            .help("use a URL under base_url such as `…/revocations.json`");
                    self.report(doc, path, p);
                    ok = false;
                }
            } else {
                ok &= self.web_url(doc, list, path, "revocationList", Severity::Error);
            }
        }
        if let Some(policy) = &d.verification {
            for (i, s) in all(&policy.starts_with).iter().enumerate() {
                if !urls::is_web_url(s) {
                    let p = Problem::error(
                        Code::IssuerPolicy,
                        "",
                        format!("startsWith `{s}` is not an http(s) URL prefix"),
                    );
                    self.report(doc, JsonPath::root().key("verification").key("startsWith").index(i), p);
                    ok = false;
                }
            }
            for (i, o) in all(&policy.allowed_origins).iter().enumerate() {
                if o.contains(['/', ':']) {
                    let p =
                        Problem::error(Code::IssuerPolicy, "", format!("allowedOrigins `{o}` is not a bare host name"))
                            .help("write host names only, e.g. `org.github.io`: no scheme, port or path");
                    self.report(doc, JsonPath::root().key("verification").key("allowedOrigins").index(i), p);
                    ok = false;
                }
            }
        }
        ok
    }

    pub(super) fn badge(&mut self, doc: &Doc<crate::model::BadgeClass>, has_criteria_md: bool) -> bool {
        let d = &doc.data;
        let mut ok = self.id_and_type(doc, d.id.as_deref(), &d.kind, "a BadgeClass", &["BadgeClass"]);
        ok &= self.required_text(doc, &d.name, "name", "a badge class", "\"Floating-Point Arithmetic\"");
        ok &= self.required(
            doc,
            d.description.is_some(),
            "description",
            "a badge class",
            "\"What the badge recognises\"",
        );
        ok &= self.required(doc, d.image.is_some(), "image", "a badge class", "\"https://…/badges/x.svg\"");
        ok &= self.required(doc, d.issuer.is_some(), "issuer", "a badge class", "\"https://…/issuers/x.json\"");
        if d.criteria.is_none() && !has_criteria_md {
            let p = Problem::error(Code::BadgeCriteria, "", "a badge class has no `criteria`, which Open Badges 2.0 requires")
                .help("add `\"criteria\": {\"narrative\": \"…\"}` or write the criteria in `badges/<slug>.md` next to the badge");
            self.report(doc, JsonPath::root().key("criteria"), p);
            ok = false;
        }
        match &d.criteria {
            Some(Criteria::Url(u)) => {
                ok &= self.web_url(doc, u, JsonPath::root().key("criteria"), "criteria", Severity::Error);
            }
            Some(Criteria::Object(c)) => {
                if c.id.is_none() && c.narrative.is_none() && !has_criteria_md {
                    let p = Problem::error(Code::Required, "", "criteria needs an `id` (a URL) or a `narrative`")
                        .help("add `\"narrative\": \"…\"` or a `badges/<slug>.md` file");
                    self.report(doc, JsonPath::root().key("criteria"), p);
                    ok = false;
                }
                if let Some(u) = &c.id {
                    self.web_url(doc, u, JsonPath::root().key("criteria").key("id"), "criteria id", Severity::Warning);
                }
            }
            None => {}
        }
        if let Some(image) = &d.image {
            ok &= self.image(doc, image, JsonPath::root().key("image"), true);
        }
        for (i, a) in all(&d.alignment).iter().enumerate() {
            let at = JsonPath::root().key("alignment").index(i);
            if a.target_name.is_none() || a.target_url.is_none() {
                let p = Problem::error(Code::Required, "", "an alignment needs `targetName` and `targetUrl`");
                self.report(doc, at.clone(), p);
                ok = false;
            }
            if let Some(u) = &a.target_url {
                ok &= self.web_url(doc, u, at.key("targetUrl"), "alignment targetUrl", Severity::Error);
            }
        }
        ok
    }

    pub(super) fn revocation_list(&mut self, doc: &Doc<crate::model::RevocationList>) {
        let d = &doc.data;
        self.id_and_type(doc, d.id.as_deref(), &d.kind, "a RevocationList", &["RevocationList"]);
        if d.revoked_assertions.is_none() {
            let p = Problem::error(Code::Required, "", "a revocation list has no `revokedAssertions`")
                .help("add `\"revokedAssertions\": []`");
            self.report(doc, JsonPath::root().key("revokedAssertions"), p);
        }
    }
}
