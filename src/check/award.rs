//! Rules for assertions: recipient, dates, verification, evidence and the
//! privacy of what an award page publishes.

use super::Validator;
use crate::diag::{Code, Problem, Severity};
use crate::library::{Doc, WholeAward};
use crate::model::recipient::is_identity_hash;
use crate::model::{all, Evidence};
use crate::util::dates;
use crate::util::jsonpos::JsonPath;
use crate::util::text::contains_email;
use crate::util::urls;

impl Validator<'_> {
    /// The recipient profile extension is where the page's name comes
    /// from; a wrong shape would silently show no name.
    fn recipient_profile(&mut self, doc: &Doc<Box<crate::model::Assertion>>) {
        let key = "extensions:recipientProfile";
        let Some(profile) = doc.data.extra.get(key) else { return };
        let at = JsonPath::root().key(key);
        let (path, what) = match profile {
            serde_json::Value::Object(map) => match map.get("name") {
                Some(serde_json::Value::String(_)) | None => return,
                Some(other) => {
                    (at.key("name"), format!("expected a string, found {}", crate::util::json::json_kind(other)))
                }
            },
            other => (at, format!("expected a RecipientProfile object, found {}", crate::util::json::json_kind(other))),
        };
        let p = Problem::error(Code::JsonType, "", what)
            .help("write `\"extensions:recipientProfile\": {\"type\": [\"Extension\", \"extensions:RecipientProfile\"], \"name\": \"…\"}`");
        self.report(doc, path, p);
    }

    pub(super) fn award(&mut self, award: &WholeAward, now: time::OffsetDateTime) {
        let doc = &award.doc;
        let d = &doc.data;
        let root = JsonPath::root();
        self.id_and_type(doc, d.id.as_deref(), &d.kind, "an Assertion", &["Assertion"]);
        self.recipient_profile(doc);
        if matches!(d.kind, Some(crate::model::OneOrMany::Many(_))) {
            let p = Problem::warning(Code::Type, "", "`type` is an array; the 1EdTech validator crashes on that")
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
                    Code::VerificationType,
                    "",
                    "verification `type` must be exactly one of HostedBadge or SignedBadge",
                )
                .help("write `\"verification\": {\"type\": \"HostedBadge\"}`");
                self.report(doc, root.key("verification").key("type"), p);
            } else if v.is_signed() {
                // A signed award is genuine only by its signature (a JWS), and
                // this is its JSON alone: a site publishes it as hosted, and
                // JSON fetched from a URL carries no signature. `accolade
                // verify` checks the signature of a JWS (remote::signed), and
                // drops this problem there.
                let p = Problem::error(
                    Code::VerificationSigned,
                    "",
                    format!("verification `type` is `{}`: the award is signed, and this JSON carries no signature to check", kinds[0]),
                )
                .help("accolade publishes hosted awards (`\"verification\": {\"type\": \"HostedBadge\"}`, the JSON served at its id); a signed badge is verified from its JWS: `accolade verify FILE-OR-JWS`");
                self.report(doc, root.key("verification").key("type"), p);
            }
        }
        if let Some(image) = &d.image {
            if image.url().is_some_and(|u| u.starts_with("data:")) {
                let p = Problem::error(
                    Code::Image,
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
            let p = Problem::warning(Code::AwardExpired, "", format!("the award expired on {}", dates::human(e)))
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
                let at = if matches!(d.evidence, Some(crate::model::OneOrMany::Many(_))) {
                    root.key("evidence").index(i)
                } else {
                    root.key("evidence")
                };
                let at = if matches!(e, Evidence::Object(_)) { at.key("id") } else { at };
                // A value meant as a web address must be exactly one: two URLs
                // in one string would publish a link to neither.
                let lower = u.to_ascii_lowercase();
                let meant_web = lower.contains("http://") || lower.contains("https://");
                if let (true, Err(why)) = (meant_web, urls::one_web_url(u)) {
                    let p = Problem::error(Code::EvidenceUrl, "", format!("evidence `{u}` {why}"))
                        .help("write exactly one http(s) URL per evidence item; for several, make `evidence` an array");
                    self.report(doc, at, p);
                } else if !urls::is_safe_link(u) && !u.starts_with("urn:") {
                    self.web_url(doc, u, at, "evidence", Severity::Warning);
                }
            }
        }
        let reported = self.recipient_email_leaks(doc);
        self.public_text(doc, &reported);
    }

    /// Text of an award that is published: an email address in it may be
    /// someone's who did not agree to it (the recipient's own, and any in the
    /// recipient profile, are errors of `recipient_email_leaks`, already
    /// `reported`).
    fn public_text(&mut self, doc: &Doc<Box<crate::model::Assertion>>, reported: &[JsonPath]) {
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
        for (path, text) in texts.into_iter().filter(|(path, _)| !reported.contains(path)) {
            if contains_email(text) {
                let p = Problem::warning(Code::PrivacyEmail, "", "this published text contains an email address")
                    .help("the recipient's email is published only as a hash; remove addresses from names, narratives and evidence");
                self.report(doc, path.clone(), p);
            }
        }
    }

    fn recipient(&mut self, doc: &Doc<Box<crate::model::Assertion>>) {
        let Some(rec) = &doc.data.recipient else { return };
        let at = JsonPath::root().key("recipient");
        let kind = rec.kind.as_deref();
        if !matches!(kind, Some("email" | "url" | "telephone" | "id")) {
            let p = Problem::error(
                Code::RecipientType,
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
                Problem::error(Code::Required, "", "recipient has no `identity`")
                    .help("add `\"identity\": \"sha256$…\"`"),
            );
            return;
        };
        let Some(hashed) = rec.hashed else {
            let p =
                Problem::error(Code::RecipientHashed, "", "recipient has no `hashed`, which Open Badges 2.0 requires")
                    .help("add `\"hashed\": true` (and hash the identity)");
            self.report(doc, at.key("hashed"), p);
            return;
        };
        if !hashed {
            if kind == Some("telephone") {
                let p = Problem::error(Code::RecipientPlaintext, "", "the recipient is a plaintext telephone number, which would be published")
                    .help("hash it: `\"hashed\": true`, a random `salt`, and `\"identity\": \"sha256$\" + hex(sha256(number + salt))`");
                self.report(doc, at.key("identity"), p);
                return;
            }
            let lower = identity.to_ascii_lowercase();
            if kind == Some("email") || identity.contains('@') || lower.contains("%40") || lower.starts_with("mailto:")
            {
                let p = Problem::error(Code::RecipientPlaintext, "", "the recipient is a plaintext email address, which would be published")
                    .help("hash it: `\"hashed\": true`, a random `salt`, and `\"identity\": \"sha256$\" + hex(sha256(lowercase(email) + salt))` (`accolade issue` does this)");
                self.report(doc, at.key("identity"), p);
                return;
            }
            let p = Problem::warning(Code::RecipientPlaintext, "", "the recipient identity is published in plain text")
                .help("hash it with a salt unless it is meant to be public");
            self.report(doc, at.key("identity"), p);
            return;
        }
        if !is_identity_hash(identity) {
            let p = Problem::error(
                Code::RecipientHash,
                "",
                "the hashed identity is not `sha256$` and 64 hex digits, or `md5$` and 32",
            )
            .help("write `sha256$` followed by the lowercase hex SHA-256 of the lowercased email and the salt");
            self.report(doc, at.key("identity"), p);
            return;
        }
        if rec.salt.as_deref().unwrap_or("").is_empty() {
            let p = Problem::warning(
                Code::RecipientSalt,
                "",
                "the hash has no salt, so anyone can test guessed emails against it",
            )
            .help("issue with a random per-award salt (`accolade issue` does)");
            self.report(doc, at.key("salt"), p);
        }
    }

    fn dates(&mut self, award: &WholeAward, now: time::OffsetDateTime) {
        let doc = &award.doc;
        let d = &doc.data;
        if let (Some(issued), Some(raw)) = (award.issued_on, &d.issued_on) {
            if issued > now {
                let p = Problem::error(
                    Code::DateFuture,
                    "",
                    format!("issuedOn `{raw}` is in the future (the build ran at {})", dates::iso(now)),
                )
                .help("use the date the award was actually made");
                self.report(doc, JsonPath::root().key("issuedOn"), p);
            }
            if let Some(expires) = award.expires {
                if expires <= issued {
                    let p = Problem::error(Code::DateOrder, "", "the award expires before it was issued")
                        .help("`expires` must come after `issuedOn`");
                    self.report(doc, JsonPath::root().key("expires"), p);
                }
            }
        }
        for (key, raw) in [("issuedOn", &d.issued_on), ("expires", &d.expires)] {
            if let Some(raw) = raw {
                if let Err(why) = dates::parse(raw) {
                    let p = Problem::error(
                        if why.contains("time zone") { Code::DateTimezone } else { Code::DateFormat },
                        "",
                        why,
                    );
                    self.report(doc, JsonPath::root().key(key), p);
                }
            }
        }
    }
}
