//! The rules a site must follow to verify under Open Badges 2.0, checked over
//! the whole linked site. Every broken rule becomes a [`Problem`] naming the
//! file, line and JSON path. `verify` turns them into each award's report.

use crate::dates;
use crate::diag::{Problem, Problems, Severity};
use crate::jsonpos::JsonPath;
use crate::load::{Doc, Source};
use crate::model::{all, has_type, Criteria, Evidence, Image};
use crate::site::{problem_at, Site};
use crate::urls;
use std::collections::HashMap;

/// Images fetched from the web by `accolade verify`: their bytes, or why not.
pub type FetchedImages = HashMap<String, Result<Vec<u8>, String>>;

/// Output paths the build writes itself, which no object may take.
pub const RESERVED_OUTPUTS: &[&str] = &[
    "index.html",
    "404.html",
    "sitemap.xml",
    "feed.xml",
    "robots.txt",
    ".nojekyll",
    "CNAME",
    "verification.json",
    "assets/site.css",
    "assets/verify.js",
    "verify/index.html",
    "extensions/recipientProfile/context.json",
    "extensions/recipientProfile/schema.json",
];

/// Checks every object of a linked site; problems go to `problems`.
/// `fetched_images` holds the bytes of images fetched from elsewhere (by
/// `accolade verify`); images under the base URL are read from the site folder.
pub fn run(site: &Site, problems: &mut Problems, fetched_images: &FetchedImages) {
    let files: HashMap<String, &std::path::Path> =
        site.files.iter().map(|f| (f.to.clone(), f.from.as_path())).collect();
    let mut v = Validator {
        sources: &site.sources,
        problems,
        files: &files,
        fetched_images,
        base_url: &site.config.base_url,
        counts: HashMap::new(),
    };
    for issuer in &site.issuers {
        v.issuer(&issuer.doc);
        v.text_values(&issuer.doc, false);
    }
    for badge in &site.badges {
        v.badge(&badge.doc, badge.criteria_md.is_some());
        v.text_values(&badge.doc, false);
        if badge.criteria_md.as_deref().is_some_and(|md| md.trim().is_empty()) {
            let stem = std::path::Path::new(&site.sources[badge.doc.source].rel).with_extension("md");
            v.problems.push(
                Problem::warning(
                    "badge.criteria",
                    stem.to_string_lossy().replace('\\', "/"),
                    "the criteria file is empty: the badge page shows no criteria",
                )
                .help("write what an earner did to earn the badge, in Markdown"),
            );
        }
    }
    for list in &site.revocation_lists {
        v.revocation_list(&list.doc);
        v.text_values(&list.doc, false);
    }
    for award in &site.awards {
        v.award(award, site.now);
        v.text_values(&award.doc, true);
        let issuer = award.badge.and_then(|b| site.badges[b].issuer).map(|i| &site.issuers[i]);
        if let Some(issuer) = issuer {
            if let Err(why) = hosting_policy(award.doc.data.id.as_deref(), &issuer.doc.data) {
                let p = Problem::error("issuer.policy", "", why).help(
                    "publish the assertion under a URL the issuer's `verification` allows (`startsWith`, `allowedOrigins`, or by default the issuer id's host)",
                );
                v.problems.push(problem_at(v.sources, &award.doc, &JsonPath::root().key("id"), p));
            }
        }
    }
    v.report_the_rest();
    check_unreferenced_images(site, problems);
    check_shared_salts(site, problems);
    check_output_collisions(site, problems);
    if site.config.linkedin_organization_id.is_none()
        && !site.awards.is_empty()
        && !site.config.source_base_url.starts_with("accolade-remote:")
    {
        let names: Vec<&str> = site.issuers.iter().filter_map(|i| i.doc.data.name.as_deref()).collect();
        problems.push(
            Problem::warning(
                "share.linkedin",
                crate::config::CONFIG_FILE,
                format!(
                    "no LinkedIn organization id: \"Add to profile\" names the issuer ({}) as plain text, not linked to its LinkedIn page",
                    if names.is_empty() { "unnamed".to_string() } else { names.join(", ") }
                ),
            )
            .help("set `[sharing] linkedin_organization_id` to the number in the issuer's LinkedIn company page admin URL"),
        );
    }
}

struct Validator<'a> {
    sources: &'a [Source],
    problems: &'a mut Problems,
    /// Copied files (images) by output path, to check hosted image URLs.
    files: &'a HashMap<String, &'a std::path::Path>,
    fetched_images: &'a FetchedImages,
    base_url: &'a str,
    /// Problems reported per (file, rule): past `MAX_SAME_PROBLEM` they are
    /// counted, not located (locating is a scan of the file; a file with a
    /// million bad values must not make a build quadratic).
    counts: HashMap<(usize, &'static str), (usize, Severity)>,
}

/// How many problems of one rule are reported for one file.
const MAX_SAME_PROBLEM: usize = 20;

impl Validator<'_> {
    fn report<T>(&mut self, doc: &Doc<T>, path: JsonPath, p: Problem) {
        let count = self.counts.entry((doc.source, p.code)).or_insert((0, p.severity));
        count.0 += 1;
        if count.0 <= MAX_SAME_PROBLEM {
            self.problems.push(problem_at(self.sources, doc, &path, p));
        }
    }

    /// One line for the problems `report` counted but did not list.
    fn report_the_rest(&mut self) {
        let mut rest: Vec<_> = self.counts.iter().filter(|(_, (n, _))| *n > MAX_SAME_PROBLEM).collect();
        rest.sort_by_key(|((source, code), _)| (*source, *code));
        for ((source, code), (n, severity)) in rest {
            self.problems.push(Problem::new(
                *severity,
                code,
                self.sources[*source].rel.clone(),
                format!("… and {} more like the above in this file", n - MAX_SAME_PROBLEM),
            ));
        }
    }

    /// Every string of an object: control characters (which no page or XML
    /// file can carry, and which can rewrite a terminal), invisible direction
    /// overrides (which make a name display as something else), and names so
    /// long they can only be a mistake or an attack on the pages and images.
    fn text_values<T>(&mut self, doc: &Doc<T>, is_assertion: bool) {
        let mut path = JsonPath::root();
        self.walk_values(doc, &doc.raw, &mut path, is_assertion);
    }

    /// Depth-first over a document with one path kept up to date, so a path
    /// is copied only when a problem is reported (a wide file must not cost
    /// a path per value). serde_json's parser bounds the depth at 128.
    fn walk_values<T>(&mut self, doc: &Doc<T>, value: &serde_json::Value, path: &mut JsonPath, is_assertion: bool) {
        use crate::jsonpos::Seg;
        match value {
            serde_json::Value::String(text) => self.text_value(doc, text, path),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.0.push(Seg::Index(i));
                    self.walk_values(doc, item, path, is_assertion);
                    path.0.pop();
                }
            }
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    path.0.push(Seg::Key(key.clone()));
                    if key.starts_with("accolade:") {
                        self.accolade_flag(doc, key, item, path, is_assertion);
                    }
                    self.walk_values(doc, item, path, is_assertion);
                    path.0.pop();
                }
            }
            _ => {}
        }
    }

    fn text_value<T>(&mut self, doc: &Doc<T>, text: &str, path: &JsonPath) {
        if text.chars().any(is_control_text) {
            let p = Problem::warning("text.control", "", "this text contains control characters")
                .help("pages show it without them; remove them from the file");
            self.report(doc, path.clone(), p);
        }
        if text.chars().any(is_bidi_control) {
            let p = Problem::warning("text.bidi", "", "this text contains invisible direction-override characters")
                .help("they can make a name or link display differently from what it is; remove them");
            self.report(doc, path.clone(), p);
        }
        let is_name = path.last_key().is_some_and(|k| NAME_KEYS.contains(&k));
        let chars = text.chars().count();
        if is_name && chars > MAX_NAME_CHARS {
            let p = Problem::error(
                "text.length",
                "",
                format!("this name is {chars} characters long; names are limited to {MAX_NAME_CHARS}"),
            )
            .help("shorten it; a long explanation belongs in a description or narrative");
            self.report(doc, path.clone(), p);
        }
    }

    /// accolade's own flags keep things private, so a misspelt or misplaced
    /// one must not silently publish what it was meant to hide.
    fn accolade_flag<T>(
        &mut self,
        doc: &Doc<T>,
        key: &str,
        value: &serde_json::Value,
        path: &JsonPath,
        is_assertion: bool,
    ) {
        use crate::jsonpos::Seg;
        let on_evidence = matches!(
            (doc.at.0.is_empty(), path.0.as_slice()),
            (true, [Seg::Key(e), Seg::Key(_)] | [Seg::Key(e), Seg::Index(_), Seg::Key(_)]) if e == "evidence"
        );
        let known = match key {
            crate::model::UNLISTED => is_assertion && doc.at.0.is_empty() && path.0.len() == 1,
            crate::model::PRIVATE => is_assertion && on_evidence,
            _ => false,
        };
        let problem = if !known {
            Problem::error("accolade.flag", "", format!("`{key}` is not a flag accolade knows here"))
                .help("accolade knows `\"accolade:unlisted\": true` on an assertion and `\"accolade:private\": true` on an evidence object")
        } else if !value.is_boolean() {
            Problem::error("accolade.flag", "", format!("`{key}` must be true or false"))
                .help(format!("write `\"{key}\": true`"))
        } else {
            return;
        };
        self.report(doc, path.clone(), problem);
    }

    /// A required text that must also say something.
    fn required_text<T>(&mut self, doc: &Doc<T>, text: &Option<String>, key: &str, class: &str, example: &str) -> bool {
        match text.as_deref() {
            Some(t) if t.trim().is_empty() => {
                let p = Problem::error("required", "", format!("{class}'s `{key}` is empty"))
                    .help(format!("write it, for example `\"{key}\": {example}`"));
                self.report(doc, JsonPath::root().key(key), p);
                false
            }
            _ => self.required(doc, text.is_some(), key, class, example),
        }
    }

    /// Reports a missing required property; returns whether it is there.
    fn required<T>(&mut self, doc: &Doc<T>, present: bool, key: &str, class: &str, example: &str) -> bool {
        if !present {
            let p = Problem::error("required", "", format!("{class} has no `{key}`, which Open Badges 2.0 requires"))
                .help(format!("add `\"{key}\": {example}`"));
            self.report(doc, JsonPath::root().key(key), p);
        }
        present
    }

    fn id_and_type<T>(
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
                let p = Problem::error("id.iri", "", format!("id `{id}` is not an http(s) URL or `urn:uuid:`"))
                    .help("use the absolute URL the object is published at");
                self.report(doc, JsonPath::root().key("id"), p);
                ok = false;
            }
        }
        if kind.is_none() {
            let p = Problem::error("type", "", format!("{class} has no `type`"))
                .help(format!("add `\"type\": \"{}\"`", types[0]));
            self.report(doc, JsonPath::root().key("type"), p);
            ok = false;
        } else if !types.iter().any(|t| has_type(kind, t)) {
            let found: Vec<&str> = all(kind).iter().map(String::as_str).collect();
            let p =
                Problem::error("type", "", format!("expected type {}, found {}", types.join(" or "), found.join(", ")))
                    .help(format!("set `\"type\": \"{}\"`, or move the file to the folder for its type", types[0]));
            self.report(doc, JsonPath::root().key("type"), p);
            ok = false;
        }
        if let Some(ctx) = doc_context(&doc.raw) {
            if !ctx.contains("w3id.org/openbadges/v2") && !ctx.contains("openbadgespec.org/v2") {
                let p =
                    Problem::warning("context", "", format!("`@context` is `{ctx}`, not the Open Badges 2.0 context"))
                        .help("use `\"@context\": \"https://w3id.org/openbadges/v2\"`");
                self.report(doc, JsonPath::root().key("@context"), p);
            }
        }
        ok
    }

    fn web_url<T>(&mut self, doc: &Doc<T>, url: &str, path: JsonPath, what: &str, severity: Severity) -> bool {
        if urls::is_web_url(url) {
            return true;
        }
        let p = Problem::new(
            severity,
            "url.scheme",
            "",
            format!("{what} `{url}` is not an http(s) URL; it is not shown as a link"),
        )
        .help("only http:// and https:// links reach a page");
        self.report(doc, path, p);
        false
    }

    fn image<T>(&mut self, doc: &Doc<T>, image: &Image, path: JsonPath, allow_data: bool) -> bool {
        let Some(url) = image.url() else {
            self.report(doc, path, Problem::error("image", "", "the image object has no `id` (its URL)"));
            return false;
        };
        if url.starts_with("data:") {
            if allow_data && urls::is_image_data_uri(url) {
                return true;
            }
            let p = Problem::error("image", "", "the image is a data URI that is not a PNG or SVG image")
                .help("use a URL of a PNG or SVG file, or a `data:image/png` / `data:image/svg+xml` URI");
            self.report(doc, path, p);
            return false;
        }
        if !self.web_url(doc, url, path.clone(), "image", Severity::Error) {
            return false;
        }
        if let Some(fetched) = self.fetched_images.get(url) {
            let bytes = match fetched {
                Ok(bytes) => bytes,
                Err(why) => {
                    let p = Problem::error("image.missing", "", format!("image `{url}` cannot be fetched: {why}"));
                    self.report(doc, path, p);
                    return false;
                }
            };
            if sniff_bytes(&bytes[..bytes.len().min(1024)]).is_some() {
                return true;
            }
            let p =
                Problem::error("image.format", "", format!("`{url}` is not a PNG or SVG image (judged by its bytes)"))
                    .help("Open Badges images must be PNG or SVG");
            self.report(doc, path, p);
            return false;
        }
        let Some(rel) = url.strip_prefix(self.base_url) else { return true };
        let Some(file) = self.files.get(rel) else {
            let p = Problem::error(
                "image.missing",
                "",
                format!("image `{url}` would be published by this site, but there is no file `{rel}`"),
            )
            .help("put the image next to the badge or issuer file (`badges/x.svg`) or in `static/`, or fix the URL");
            self.report(doc, path, p);
            return false;
        };
        match image_file_problem(file, rel) {
            None => true,
            Some(p) => {
                self.report(doc, path, p);
                false
            }
        }
    }

    fn issuer(&mut self, doc: &Doc<crate::model::Profile>) -> bool {
        let d = &doc.data;
        let mut ok = self.id_and_type(doc, d.id.as_deref(), &d.kind, "an issuer Profile", &["Issuer", "Profile"]);
        ok &= self.required_text(doc, &d.name, "name", "an issuer", "\"Example Academy\"");
        ok &= self.required(doc, d.url.is_some(), "url", "an issuer", "\"https://example.org/\"");
        if d.email.is_none() {
            // The 1EdTech validator skips this check by a bug; the spec and
            // the Java validator require it (OPEN-BADGES.md §1.4).
            let p = Problem::error(
                "issuer.email",
                "",
                "an issuer has no `email`, which Open Badges 2.0 requires of issuers",
            )
            .help("add `\"email\": \"badges@example.org\"`, an address that answers questions about the badges");
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
            if let Some(rel) = list.strip_prefix(self.base_url) {
                if let Err(why) = crate::site::check_site_path(rel).and_then(|_| {
                    if rel.ends_with(".json") {
                        Ok(())
                    } else {
                        Err("it does not end in `.json`".into())
                    }
                }) {
                    let p =
                        Problem::error("id.path", "", format!("revocationList `{list}` cannot be published: {why}"))
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
                    let p =
                        Problem::error("issuer.policy", "", format!("startsWith `{s}` is not an http(s) URL prefix"));
                    self.report(doc, JsonPath::root().key("verification").key("startsWith").index(i), p);
                    ok = false;
                }
            }
            for (i, o) in all(&policy.allowed_origins).iter().enumerate() {
                if o.contains(['/', ':']) {
                    let p =
                        Problem::error("issuer.policy", "", format!("allowedOrigins `{o}` is not a bare host name"))
                            .help("write host names only, e.g. `org.github.io`: no scheme, port or path");
                    self.report(doc, JsonPath::root().key("verification").key("allowedOrigins").index(i), p);
                    ok = false;
                }
            }
        }
        ok
    }

    fn badge(&mut self, doc: &Doc<crate::model::BadgeClass>, has_criteria_md: bool) -> bool {
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
            let p = Problem::error("badge.criteria", "", "a badge class has no `criteria`, which Open Badges 2.0 requires")
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
                    let p = Problem::error("required", "", "criteria needs an `id` (a URL) or a `narrative`")
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
                let p = Problem::error("required", "", "an alignment needs `targetName` and `targetUrl`");
                self.report(doc, at.clone(), p);
                ok = false;
            }
            if let Some(u) = &a.target_url {
                ok &= self.web_url(doc, u, at.key("targetUrl"), "alignment targetUrl", Severity::Error);
            }
        }
        ok
    }

    fn revocation_list(&mut self, doc: &Doc<crate::model::RevocationList>) {
        let d = &doc.data;
        self.id_and_type(doc, d.id.as_deref(), &d.kind, "a RevocationList", &["RevocationList"]);
        if d.revoked_assertions.is_none() {
            let p = Problem::error("required", "", "a revocation list has no `revokedAssertions`")
                .help("add `\"revokedAssertions\": []`");
            self.report(doc, JsonPath::root().key("revokedAssertions"), p);
        }
    }

    /// The recipient profile extension is where the page's name comes
    /// from; a wrong shape would silently show no name.
    fn recipient_profile(&mut self, doc: &Doc<crate::model::Assertion>) {
        let key = "extensions:recipientProfile";
        let Some(profile) = doc.data.extra.get(key) else { return };
        let at = JsonPath::root().key(key);
        let (path, what) = match profile {
            serde_json::Value::Object(map) => match map.get("name") {
                Some(serde_json::Value::String(_)) | None => return,
                Some(other) => (at.key("name"), format!("expected a string, found {}", crate::load::json_kind(other))),
            },
            other => (at, format!("expected a RecipientProfile object, found {}", crate::load::json_kind(other))),
        };
        let p = Problem::error("json.type", "", what)
            .help("write `\"extensions:recipientProfile\": {\"type\": [\"Extension\", \"extensions:RecipientProfile\"], \"name\": \"…\"}`");
        self.report(doc, path, p);
    }

    fn award(&mut self, award: &crate::site::Award, now: time::OffsetDateTime) {
        let doc = &award.doc;
        let d = &doc.data;
        let root = JsonPath::root();
        self.id_and_type(doc, d.id.as_deref(), &d.kind, "an Assertion", &["Assertion"]);
        self.recipient_profile(doc);
        if matches!(d.kind, Some(crate::model::OneOrMany::Many(_))) {
            let p = Problem::warning("type", "", "`type` is an array; the 1EdTech validator crashes on that")
                .help("write `\"type\": \"Assertion\"`");
            self.report(doc, root.key("type"), p);
        }
        self.required(
            doc,
            d.recipient.is_some(),
            "recipient",
            "an assertion",
            "{\"type\": \"email\", \"hashed\": true, \"salt\": \"…\", \"identity\": \"sha256$…\"}",
        );
        self.required(doc, d.badge.is_some(), "badge", "an assertion", "\"https://…/badges/x.json\"");
        self.required(doc, d.verification.is_some(), "verification", "an assertion", "{\"type\": \"HostedBadge\"}");
        self.required(doc, d.issued_on.is_some(), "issuedOn", "an assertion", "\"2026-03-14T16:00:00Z\"");
        if let Some(v) = &d.verification {
            let kinds = all(&v.kind);
            let known = ["HostedBadge", "hosted", "SignedBadge", "signed"];
            if kinds.len() != 1 || !known.contains(&kinds[0].as_str()) {
                let p = Problem::error(
                    "verification.type",
                    "",
                    "verification `type` must be exactly one of HostedBadge or SignedBadge",
                )
                .help("write `\"verification\": {\"type\": \"HostedBadge\"}`");
                self.report(doc, root.key("verification").key("type"), p);
            } else if kinds[0].starts_with('S') || kinds[0] == "signed" {
                let p = Problem::warning(
                    "verification.signed",
                    "",
                    "signed OB 2.0 badges are shown but their signature is not checked yet",
                );
                self.report(doc, root.key("verification"), p);
            }
        }
        if let Some(image) = &d.image {
            if image.url().is_some_and(|u| u.starts_with("data:")) {
                let p = Problem::error(
                    "image",
                    "",
                    "an assertion's image may not be a data URI (the 1EdTech validator refuses it)",
                )
                .help("remove `image` from the assertion; the badge class image is shown");
                self.report(doc, root.key("image"), p);
            } else {
                self.image(doc, image, root.key("image"), false);
            }
        }
        self.recipient(doc);
        self.dates(award, now);
        if let Some(e) = award.expires.filter(|&e| e <= now) {
            let p = Problem::warning("award.expired", "", format!("the award expired on {}", dates::human(e)))
                .help("it is still published, and its page says it has expired");
            self.report(doc, root.key("expires"), p);
        }
        // Private evidence is not published, and neither may a message
        // quoting it be (check details appear on the award page).
        for (i, e) in all(&d.evidence).iter().enumerate().filter(|(_, e)| !e.is_private()) {
            let url = match e {
                Evidence::Url(u) => Some(u),
                Evidence::Object(o) => o.id.as_ref(),
            };
            if let Some(u) = url {
                if !urls::is_safe_link(u) && !u.starts_with("urn:") {
                    let at = if matches!(d.evidence, Some(crate::model::OneOrMany::Many(_))) {
                        root.key("evidence").index(i)
                    } else {
                        root.key("evidence")
                    };
                    let at = if matches!(e, Evidence::Object(_)) { at.key("id") } else { at };
                    self.web_url(doc, u, at, "evidence", Severity::Warning);
                }
            }
        }
        self.public_text(doc);
    }

    /// Text of an award that is published: an email address in it defeats
    /// the hashed recipient, and invisible direction overrides make a name
    /// display as something else than it says.
    fn public_text(&mut self, doc: &Doc<crate::model::Assertion>) {
        let d = &doc.data;
        let root = JsonPath::root();
        let mut texts: Vec<(JsonPath, &str)> = Vec::new();
        if let Some(n) = d.extra.get("extensions:recipientProfile").and_then(|p| p.get("name")).and_then(|n| n.as_str())
        {
            texts.push((root.key("extensions:recipientProfile").key("name"), n));
        }
        if let Some(n) = &d.narrative {
            texts.push((root.key("narrative"), n));
        }
        let many = matches!(d.evidence, Some(crate::model::OneOrMany::Many(_)));
        for (i, e) in all(&d.evidence).iter().enumerate().filter(|(_, e)| !e.is_private()) {
            let at = if many { root.key("evidence").index(i) } else { root.key("evidence") };
            match e {
                Evidence::Url(u) => texts.push((at, u)),
                Evidence::Object(o) => {
                    for (key, value) in
                        [("id", &o.id), ("name", &o.name), ("narrative", &o.narrative), ("description", &o.description)]
                    {
                        if let Some(v) = value {
                            texts.push((at.key(key), v));
                        }
                    }
                }
            }
        }
        for (path, text) in texts {
            if path.last_key() == Some("name") && path.0.len() == 2 && contains_email(text) {
                // The recipient's own name field: almost surely their address.
                let p = Problem::error("privacy.email", "", "the recipient's name is or contains an email address, which would be published")
                    .help("write the person's name, or leave `name` out; the email belongs in the hashed `recipient.identity`");
                self.report(doc, path, p);
                continue;
            }
            if contains_email(text) {
                let p = Problem::warning("privacy.email", "", "this published text contains an email address")
                    .help("the recipient's email is published only as a hash; remove addresses from names, narratives and evidence");
                self.report(doc, path.clone(), p);
            }
        }
    }

    fn recipient(&mut self, doc: &Doc<crate::model::Assertion>) {
        let Some(rec) = &doc.data.recipient else { return };
        let at = JsonPath::root().key("recipient");
        let kind = rec.kind.as_deref();
        if !matches!(kind, Some("email" | "url" | "telephone" | "id")) {
            let p = Problem::error(
                "recipient.type",
                "",
                format!(
                    "recipient `type` is {}, expected one of email, url, telephone, id",
                    kind.map(|k| format!("`{k}`")).unwrap_or("missing".into())
                ),
            )
            .help("for an email address write `\"type\": \"email\"`");
            self.report(doc, at.key("type"), p);
        }
        let Some(identity) = &rec.identity else {
            self.report(
                doc,
                at.key("identity"),
                Problem::error("required", "", "recipient has no `identity`").help("add `\"identity\": \"sha256$…\"`"),
            );
            return;
        };
        let Some(hashed) = rec.hashed else {
            let p = Problem::error("recipient.hashed", "", "recipient has no `hashed`, which Open Badges 2.0 requires")
                .help("add `\"hashed\": true` (and hash the identity)");
            self.report(doc, at.key("hashed"), p);
            return;
        };
        if !hashed {
            if kind == Some("telephone") {
                let p = Problem::error("recipient.plaintext", "", "the recipient is a plaintext telephone number, which would be published")
                    .help("hash it: `\"hashed\": true`, a random `salt`, and `\"identity\": \"sha256$\" + hex(sha256(number + salt))`");
                self.report(doc, at.key("identity"), p);
                return;
            }
            let lower = identity.to_ascii_lowercase();
            if kind == Some("email") || identity.contains('@') || lower.contains("%40") || lower.starts_with("mailto:")
            {
                let p = Problem::error("recipient.plaintext", "", "the recipient is a plaintext email address, which would be published")
                    .help("hash it: `\"hashed\": true`, a random `salt`, and `\"identity\": \"sha256$\" + hex(sha256(lowercase(email) + salt))` (`accolade issue` does this)");
                self.report(doc, at.key("identity"), p);
                return;
            }
            let p = Problem::warning("recipient.plaintext", "", "the recipient identity is published in plain text")
                .help("hash it with a salt unless it is meant to be public");
            self.report(doc, at.key("identity"), p);
            return;
        }
        if !is_identity_hash(identity) {
            let p = Problem::error(
                "recipient.hash",
                "",
                "the hashed identity is not `sha256$` and 64 hex digits, or `md5$` and 32",
            )
            .help("write `sha256$` followed by the lowercase hex SHA-256 of the lowercased email and the salt");
            self.report(doc, at.key("identity"), p);
            return;
        }
        if rec.salt.as_deref().unwrap_or("").is_empty() {
            let p = Problem::warning(
                "recipient.salt",
                "",
                "the hash has no salt, so anyone can test guessed emails against it",
            )
            .help("issue with a random per-award salt (`accolade issue` does)");
            self.report(doc, at.key("salt"), p);
        }
    }

    fn dates(&mut self, award: &crate::site::Award, now: time::OffsetDateTime) {
        let doc = &award.doc;
        let d = &doc.data;
        if let (Some(issued), Some(raw)) = (award.issued_on, &d.issued_on) {
            if issued > now {
                let p = Problem::error(
                    "date.future",
                    "",
                    format!("issuedOn `{raw}` is in the future (the build ran at {})", dates::iso(now)),
                )
                .help("use the date the award was actually made");
                self.report(doc, JsonPath::root().key("issuedOn"), p);
            }
            if let Some(expires) = award.expires {
                if expires <= issued {
                    let p = Problem::error("date.order", "", "the award expires before it was issued")
                        .help("`expires` must come after `issuedOn`");
                    self.report(doc, JsonPath::root().key("expires"), p);
                }
            }
        }
        for (key, raw) in [("issuedOn", &d.issued_on), ("expires", &d.expires)] {
            if let Some(raw) = raw {
                if let Err(why) = dates::parse(raw) {
                    let p = Problem::error(
                        if why.contains("time zone") { "date.timezone" } else { "date.format" },
                        "",
                        why,
                    );
                    self.report(doc, JsonPath::root().key(key), p);
                }
            }
        }
    }
}

/// Whether an SVG is safe to serve from the site's origin: no script, no
/// event handler, no foreign content, and no reference to anything outside
/// the file (an SVG opened directly runs its script like a page would).
pub fn svg_safety(bytes: &[u8]) -> Result<(), SvgRefusal> {
    use SvgRefusal::{Malformed, Unsafe};
    let text = std::str::from_utf8(bytes).map_err(|_| Malformed("the SVG is not UTF-8 text".to_string()))?;
    if text.contains("<!ENTITY") {
        // Entities are how an SVG reads local files or expands to gigabytes.
        return Err(Unsafe("it declares XML entities".into()));
    }
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..roxmltree::ParsingOptions::default() };
    let doc = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| Malformed(format!("the SVG is not well-formed XML ({e})")))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" || root.tag_name().namespace() != Some("http://www.w3.org/2000/svg") {
        // Served as image/svg+xml, any XML document renders: an XHTML form
        // named .svg would be a phishing page on the site's origin.
        return Err(Malformed("the root element is not <svg> in the SVG namespace".into()));
    }
    if doc.descendants().any(|n| n.is_pi()) {
        // <?xml-stylesheet?> loads a stylesheet (or an XSLT) from elsewhere.
        return Err(Unsafe("it has a processing instruction".into()));
    }
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name().to_ascii_lowercase();
        if matches!(name.as_str(), "script" | "foreignobject" | "iframe" | "object" | "embed" | "handler" | "listener")
        {
            return Err(Unsafe(format!("it contains a <{}> element", node.tag_name().name())));
        }
        // <set attributeName="href" to="javascript:…"> turns a link into script.
        let animates_link = matches!(name.as_str(), "set" | "animate" | "animatemotion" | "animatetransform")
            && node
                .attributes()
                .any(|a| a.name() == "attributeName" && a.value().to_ascii_lowercase().ends_with("href"));
        if animates_link {
            return Err(Unsafe(format!("its <{}> element changes a link", node.tag_name().name())));
        }
        for a in node.attributes() {
            let attr = a.name().to_ascii_lowercase();
            let value = a.value().trim();
            let squeezed: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
            if attr.starts_with("on") {
                return Err(Unsafe(format!("it has an event handler attribute `{}`", a.name())));
            }
            if squeezed.to_ascii_lowercase().contains("javascript:") {
                return Err(Unsafe(format!("its `{}` attribute holds a javascript: URL", a.name())));
            }
            if attr == "href" && !(value.starts_with('#') || urls::is_raster_data_uri(value)) {
                return Err(Unsafe(format!("it refers to `{value}` outside the file")));
            }
            // `style`, but also `fill="url(…)"`, `filter`, `mask`, `cursor` and
            // animation values can load from elsewhere.
            if (attr == "style" || value.to_ascii_lowercase().contains("url(")) && references_outside(value) {
                return Err(Unsafe(format!("its `{}` attribute refers to something outside the file", a.name())));
            }
        }
        if name == "style" {
            let css: String = node.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
            if references_outside(&css) {
                return Err(Unsafe("a <style> element refers to something outside the file".into()));
            }
        }
    }
    Ok(())
}

/// What is wrong with an image file the site publishes, if anything: not a
/// PNG or SVG by its bytes, an SVG that could run script or load from
/// elsewhere, or a PNG too large to decode safely.
pub fn image_file_problem(file: &std::path::Path, rel: &str) -> Option<Problem> {
    match sniff_image(file) {
        Some("svg") => match std::fs::read(file).map_err(|e| SvgRefusal::Malformed(e.to_string())).and_then(|b| svg_safety(&b)) {
            Ok(()) => None,
            Err(SvgRefusal::Malformed(why)) => Some(
                Problem::error("image.format", "", format!("`{rel}` is refused: {why}"))
                    .help("Open Badges images must be PNG or SVG; open the file in an editor or browser to see the mistake"),
            ),
            Err(SvgRefusal::Unsafe(why)) => Some(Problem::error("image.unsafe", "", format!("`{rel}` is refused: {why}")).help(
                "images are served from the site's own origin, where script would run; remove scripts, event handlers and external references from the SVG",
            )),
        },
        Some(_) => match png_size(file) {
            Some((w, h)) if w <= MAX_IMAGE_SIDE && h <= MAX_IMAGE_SIDE => None,
            Some((w, h)) => Some(
                Problem::error("image.size", "", format!("`{rel}` is {w} × {h} pixels")).help(format!(
                    "images up to {MAX_IMAGE_SIDE} × {MAX_IMAGE_SIDE} pixels are accepted; 512 × 512 is plenty for a badge"
                )),
            ),
            None => Some(
                Problem::error("image.format", "", format!("`{rel}` is not a readable PNG (no image header)"))
                    .help("export the image again as PNG"),
            ),
        },
        None => Some(
            Problem::error("image.format", "", format!("`{rel}` is not a PNG or SVG image (judged by its bytes)"))
                .help("Open Badges images must be PNG or SVG"),
        ),
    }
}

/// Images in the content folders that no object names are published too
/// (at their path), so they get the same checks as badge images.
fn check_unreferenced_images(site: &Site, problems: &mut Problems) {
    let referenced: std::collections::HashSet<&str> = site
        .issuers
        .iter()
        .filter_map(|i| i.doc.data.image.as_ref())
        .chain(site.badges.iter().filter_map(|b| b.doc.data.image.as_ref()))
        .filter_map(|image| image.url())
        .filter_map(|url| site.config.site_path(url))
        .collect();
    for f in &site.files {
        let in_content = !f.from.starts_with(site.dir.join("static"));
        if in_content && !referenced.contains(f.to.as_str()) {
            if let Some(mut p) = image_file_problem(&f.from, &f.to) {
                p.file = crate::diag::display_path(&site.dir, &f.from);
                problems.push(p);
            }
        }
    }
}

/// Larger PNG images are refused: decoding one takes width × height × 4
/// bytes, and a forged header can claim gigabytes.
pub const MAX_IMAGE_SIDE: u32 = 4096;

/// Width and height from a PNG file's header.
fn png_size(path: &std::path::Path) -> Option<(u32, u32)> {
    use std::io::Read;
    let mut head = [0u8; 24];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).ok()?;
    crate::images::png_size(&head)
}

/// Why an SVG image is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SvgRefusal {
    /// Not an SVG a browser or validator can read.
    Malformed(String),
    /// Readable, but it would run script or load from elsewhere.
    Unsafe(String),
}

/// Whether CSS could load something from outside the file. Escapes
/// (`\75 rl(`) and `image-set()` are refused outright rather than decoded.
fn references_outside(css: &str) -> bool {
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

/// A plausible email address anywhere in a text (`mailto:` links included).
pub fn contains_email(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || "<>()[]{},;:\"'/?=&".contains(c)).any(|word| {
        let word = word.trim_matches(|c: char| c == '.' || c == '*' || c == '_');
        match word.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-')
            }
            None => false,
        }
    })
}

/// Keys whose values are names, shown in titles, headings and images.
const NAME_KEYS: &[&str] = &["name", "targetName", "targetCode", "targetFramework"];
/// Longer names are refused: a page title or a share image cannot show them.
pub const MAX_NAME_CHARS: usize = 1000;

/// Control characters other than tab and line breaks: invalid in XML,
/// parse errors in HTML, and terminal escape sequences in messages.
pub fn is_control_text(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Unicode's explicit direction embeddings, overrides and isolates.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// `png` or `svg` from a file's first bytes, whatever its name says.
pub fn sniff_image(path: &std::path::Path) -> Option<&'static str> {
    use std::io::Read;
    let mut head = [0u8; 1024];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).ok()?;
    sniff_bytes(&head[..n])
}

pub fn sniff_bytes(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("png");
    }
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let starts_like_xml = text.starts_with("<?xml")
        || text.starts_with("<svg")
        || text.starts_with("<!--")
        || text.starts_with("<!DOCTYPE svg");
    (starts_like_xml && text.contains("<svg")).then_some("svg")
}

fn doc_context(raw: &serde_json::Value) -> Option<String> {
    match raw.get("@context")? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Array(a) => a.first().and_then(|v| v.as_str()).map(str::to_string),
        _ => None,
    }
}

/// `sha256$` + 64 hex digits or `md5$` + 32, as the spec's IdentityHash.
pub fn is_identity_hash(s: &str) -> bool {
    let (alg, hex) = s.split_once('$').unwrap_or(("", ""));
    let len = match alg {
        "sha256" => 64,
        "md5" => 32,
        _ => return false,
    };
    hex.len() == len && hex.chars().all(|c| c.is_ascii_hexdigit())
}

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
fn check_shared_salts(site: &Site, problems: &mut Problems) {
    let mut by_salt: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, a) in site.awards.iter().enumerate() {
        if let Some(salt) = a.doc.data.recipient.as_ref().and_then(|r| r.salt.as_deref()).filter(|s| !s.is_empty()) {
            by_salt.entry(salt).or_default().push(i);
        }
    }
    let mut shared: Vec<&Vec<usize>> = by_salt.values().filter(|v| v.len() > 1).collect();
    shared.sort();
    for awards in shared {
        for &i in awards {
            let doc = &site.awards[i].doc;
            let p = Problem::warning(
                "recipient.salt",
                "",
                format!("this salt is shared by {} awards, which makes their hashes easier to guess", awards.len()),
            )
            .help("give every award its own random salt (`accolade issue` does)");
            problems.push(problem_at(&site.sources, doc, &JsonPath::root().key("recipient").key("salt"), p));
        }
    }
}

/// The files a build writes beside an award's `index.html`.
const AWARD_PAGE_FILES: &[&str] =
    &["qr.svg", "verification.json", "badge.png", "badge.svg", "card.png", "card/index.html", "certificate/index.html"];

/// Two objects (or an object and a built-in file) writing the same output path.
/// Paths are compared case-insensitively: on macOS and Windows checkouts of the
/// published site, `A.json` and `a.json` are one file.
fn check_output_collisions(site: &Site, problems: &mut Problems) {
    // Output path (lower-cased) → who writes it; folders are kept apart
    // from files because a file where a folder must be breaks the build too.
    let mut files: HashMap<String, String> = HashMap::new();
    let mut folders: HashMap<String, String> = HashMap::new();
    // Pairs of owners already reported: one problem a pair, at the first path.
    let mut reported: std::collections::HashSet<(String, String)> = std::collections::HashSet::new();
    let mut claim = |path: String, owner: String, at: Option<((usize, usize), String)>| -> Option<Problem> {
        let key = path.to_lowercase();
        let folder_keys: Vec<String> = key.match_indices('/').map(|(i, _)| key[..i].to_string()).collect();
        let other = |first: &&String| **first != owner;
        let clash = files
            .get(&key)
            .filter(other)
            .or_else(|| folders.get(&key).filter(other))
            .or_else(|| folder_keys.iter().find_map(|f| files.get(f).filter(other)))
            .cloned();
        files.entry(key).or_insert_with(|| owner.clone());
        for f in folder_keys {
            folders.entry(f).or_insert_with(|| owner.clone());
        }
        let first = clash?;
        if !reported.insert((owner.clone(), first.clone())) {
            return None;
        }
        {
            let mut p = Problem::error(
                "output.collision",
                owner,
                format!("writes `{path}`, which clashes with what {first} writes"),
            )
            .help(
                "give one of them another id or file name (paths are compared ignoring case, as macOS and Windows do)",
            );
            if let Some(((l, c), json_path)) = at {
                p = p.at(l, c).path(json_path);
            }
            Some(p)
        }
    };
    let mut found: Vec<Problem> = Vec::new();
    for r in RESERVED_OUTPUTS {
        found.extend(claim(r.to_string(), "accolade itself".to_string(), None));
    }
    let mut objects: Vec<(&crate::site::Place, usize, &JsonPath)> = Vec::new();
    objects.extend(site.issuers.iter().map(|o| (&o.place, o.doc.source, &o.doc.at)));
    objects.extend(site.badges.iter().map(|o| (&o.place, o.doc.source, &o.doc.at)));
    objects.extend(site.awards.iter().map(|o| (&o.place, o.doc.source, &o.doc.at)));
    objects.extend(site.revocation_lists.iter().map(|o| (&o.place, o.doc.source, &o.doc.at)));
    let award_pages: std::collections::HashSet<&str> = site.awards.iter().map(|a| a.place.page.as_str()).collect();
    for (place, source, at) in objects {
        let src = &site.sources[source];
        let id_path = at.key("id");
        let at = crate::jsonpos::locate(&src.text, &id_path);
        let mut written = vec!["index.html"];
        if award_pages.contains(place.page.as_str()) {
            written.extend(AWARD_PAGE_FILES);
        } else {
            written.push("image.png");
        }
        for file in written {
            found.extend(claim(format!("{}{file}", place.page), src.rel.clone(), Some((at, id_path.to_string()))));
        }
        if let Some(json) = &place.json {
            found.extend(claim(json.clone(), src.rel.clone(), Some((at, id_path.to_string()))));
        }
    }
    // A list the build makes for an issuer that names one but has no file.
    for issuer in &site.issuers {
        let url = issuer.doc.data.revocation_list.as_deref().unwrap_or("");
        if let Some(path) = site.config.site_path(url) {
            if !site.revocation_lists.iter().any(|l| l.doc.data.id.as_deref() == Some(url)) {
                found.extend(claim(path.to_string(), site.sources[issuer.doc.source].rel.clone(), None));
            }
        }
    }
    for f in &site.files {
        found.extend(claim(f.to.clone(), crate::diag::display_path(&site.dir, &f.from), None));
    }
    for p in found {
        problems.push(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_images_by_bytes() {
        assert_eq!(sniff_bytes(b"\x89PNG\r\n\x1a\n...."), Some("png"));
        assert_eq!(sniff_bytes(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), Some("svg"));
        assert_eq!(sniff_bytes(b"<html><svg></svg></html>"), None);
        assert_eq!(sniff_bytes(b"GIF89a"), None);
    }

    #[test]
    fn unsafe_svgs_are_refused() {
        let ok = br##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" style="fill:url(#g)"/><use href="#g"/><image href="data:image/png;base64,AA"/></svg>"##;
        assert_eq!(svg_safety(ok), Ok(()));
        for bad in [
            r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect ONCLICK="x"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="javascript:alert(1)"><rect/></a></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/p.png"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><use href="other.svg#x"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/x.css);</style></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/x)"/></svg>"#,
            r#"<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><a><animate attributeName="xlink:href" values="x"/></a></svg>"#,
            // Found in review: each of these passed.
            r#"<html xmlns="http://www.w3.org/1999/xhtml"><body><form action="https://evil.example/"/></body></html>"#,
            r#"<?xml-stylesheet href="https://evil.example/x.css"?><svg xmlns="http://www.w3.org/2000/svg"/>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style><!-- -->@import url(https://evil.example/x.css);</style></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://evil.example/x#p)"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="fill" to="url(https://evil.example/x)"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style>rect{fill:\75 rl(https://evil.example/x)}</style></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><use href="data:image/svg+xml,%3Csvg onload=alert(1)%3E"/></svg>"#,
        ] {
            assert!(svg_safety(bad.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails_and_bidi_in_text() {
        for yes in [
            "write to ada@example.org.",
            "[me](mailto:ada@example.org)",
            "*ada@example.org*",
            "https://x.org/?u=ada@example.org",
        ] {
            assert!(contains_email(yes), "{yes}");
        }
        for no in ["@handle", "a@b", "https://github.com/ada", "version 1.2@beta", ""] {
            assert!(!contains_email(no), "{no}");
        }
        assert!("Ada\u{202E}gnp.exe".chars().any(is_bidi_control));
        assert!(!"Nguyễn Thị Mai".chars().any(is_bidi_control));
    }

    #[test]
    fn identity_hash_format() {
        assert!(is_identity_hash("sha256$081e07ee2ae2d376eb9cd04d9c4ff9479fbb1e7642ece147afa335408920895c"));
        assert!(is_identity_hash("md5$0123456789abcdefABCDEF0123456789"));
        assert!(!is_identity_hash("sha256$081e07"));
        assert!(!is_identity_hash("sha1$081e07ee2ae2d376eb9cd04d9c4ff9479fbb1e76"));
        assert!(!is_identity_hash("alice@example.org"));
    }

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
