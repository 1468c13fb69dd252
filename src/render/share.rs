//! Sharing an award elsewhere: what its page offers (LinkedIn's "Add to
//! profile" link, downloads, embed snippets) and the schema.org description
//! of the credential for search engines.

use super::markdown;
use crate::art::AwardFiles;
use crate::config::Config;
use crate::layout;
use crate::library::{Award, Library};
use crate::util::dates;
use crate::util::urls;
use serde::Serialize;
use time::OffsetDateTime;

/// What the award page offers for sharing (absent for revoked awards).
#[derive(Serialize)]
pub struct ShareView {
    /// LinkedIn's "Add to profile" link; the page's script makes copy boxes
    /// of its fields, since LinkedIn may ignore them.
    pub linkedin_url: String,
    /// The badge image offered for download, as PNG and as SVG, relative
    /// to the award page: files baked already, or (`bake_in_browser`) the
    /// badge class's images, which bake.js bakes with the hosted assertion.
    pub png: Option<String>,
    pub svg: Option<String>,
    pub bake_in_browser: bool,
    /// The downloads' file name without extension: `<badge>-<award code>`.
    pub download_name: String,
    /// Absolute URL of the 1200×627 share image, and its alt text.
    pub card_image: Option<String>,
    pub card_image_alt: String,
    /// For the embed snippets the page's script writes: the site's one
    /// card page, given this award's page (`embed/?award=assertions/x/`),
    /// and the badge class's image.
    pub embed_card_url: String,
    pub embed_image_url: Option<String>,
    pub json_ld: String,
}

/// The sharing view of a (not revoked) award whose files are `files`.
pub fn share_view(
    library: &Library,
    config: &Config,
    now: OffsetDateTime,
    award: &Award,
    files: &AwardFiles,
) -> ShareView {
    let page_url = config.url(&award.place.page);
    let d = &award.doc.data;
    let badge = award.badge.map(|b| &library.badges[b]);
    let badge_name = badge.and_then(|b| b.doc.data.name.as_deref()).unwrap_or("Badge");
    let issuer = library.issuer_of(award);
    let issuer_name = issuer.and_then(|i| i.doc.data.name.as_deref()).unwrap_or("the issuer");
    let earner = d.recipient_name();
    let id = d.id.as_deref().unwrap_or_default();
    // The award's Open Badges data, which verifiers follow from the page.
    let data_url = award.data_url(config);
    let page = &award.place.page;
    let png = files.png.as_deref().map(|path| relative(page, path));
    let svg = files.svg.as_deref().map(|path| relative(page, path));
    let card_image = files.card_image.as_deref().map(|path| config.url(path));
    let card_alt = match earner {
        Some(n) => format!("{badge_name}: awarded to {n} by {issuer_name}"),
        None => format!("{badge_name}: awarded by {issuer_name}"),
    };
    // The badge class's shared image names no earner, and its alt text neither.
    let card_image_alt =
        if files.card_per_award { card_alt.clone() } else { format!("{badge_name}: awarded by {issuer_name}") };
    let linkedin = LinkedIn {
        name: badge_name,
        organization_id: config.linkedin_organization_id,
        organization_name: issuer_name,
        issued: award.issued_on.unwrap_or(now),
        expires: award.expires,
        cert_url: &page_url,
        cert_id: id,
    };
    // The page path goes into the query encoded, but with its slashes kept
    // readable (they need no encoding there).
    let embed_card_url =
        format!("{}?award={}", config.url(layout::EMBED_PAGE), encode(&award.place.page).replace("%2F", "/"));
    let class_image = files.class_image.as_deref().map(|path| config.url(path));
    let description = badge
        .and_then(|b| b.doc.data.description.as_deref())
        .map(|t| markdown::plain_summary(t, 300))
        .unwrap_or_default();
    let json_ld = json_ld(
        badge_name,
        &description,
        &page_url,
        class_image.as_deref(),
        issuer_name,
        issuer.and_then(|i| i.doc.data.url.as_deref()).filter(|u| urls::is_safe_link(u)),
        award.issued_on,
        award.expires,
        earner,
        data_url.as_deref(),
    );
    ShareView {
        linkedin_url: linkedin.url(),
        png,
        svg,
        bake_in_browser: !files.baked,
        download_name: download_name(badge.map(|b| b.place.page.as_str()).unwrap_or_default(), page),
        card_image,
        card_image_alt,
        embed_card_url,
        embed_image_url: class_image,
        json_ld,
    }
}

/// `path` (a site path) as a link from the page `page`.
fn relative(page: &str, path: &str) -> String {
    match path.strip_prefix(page) {
        Some(inside) => inside.to_string(),
        None => format!("{}{path}", super::root_from(page)),
    }
}

/// `<badge>-<award code>` from the last segments of their pages, in
/// characters safe in any file system.
fn download_name(badge_page: &str, award_page: &str) -> String {
    let last = |page: &str| page.trim_end_matches('/').rsplit('/').next().unwrap_or_default().to_string();
    let name = [last(badge_page), last(award_page)].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>();
    let name: String = name
        .join("-")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
        .collect();
    if name.is_empty() {
        "badge".to_string()
    } else {
        name
    }
}

/// What LinkedIn's certification form is filled with.
pub struct LinkedIn<'a> {
    pub name: &'a str,
    pub organization_id: Option<u64>,
    pub organization_name: &'a str,
    pub issued: OffsetDateTime,
    pub expires: Option<OffsetDateTime>,
    /// The award page.
    pub cert_url: &'a str,
    /// The award's id.
    pub cert_id: &'a str,
}

impl LinkedIn<'_> {
    /// The "Add to profile" URL. The organization is given by id when the
    /// site config has one (LinkedIn then links its page), else by name;
    /// expiry fields only when the award expires. Months are 1-12.
    pub fn url(&self) -> String {
        let mut params: Vec<(&str, String)> =
            vec![("startTask", "CERTIFICATION_NAME".into()), ("name", self.name.into())];
        match self.organization_id {
            Some(id) => params.push(("organizationId", id.to_string())),
            None => params.push(("organizationName", self.organization_name.into())),
        }
        params.push(("issueYear", self.issued.year().to_string()));
        params.push(("issueMonth", (self.issued.month() as u8).to_string()));
        if let Some(e) = self.expires {
            params.push(("expirationYear", e.year().to_string()));
            params.push(("expirationMonth", (e.month() as u8).to_string()));
        }
        params.push(("certUrl", self.cert_url.into()));
        params.push(("certId", self.cert_id.into()));
        let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
        format!("https://www.linkedin.com/profile/add?{}", query.join("&"))
    }
}

/// Percent-encoding for a query value: everything but RFC 3986's unreserved characters.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// schema.org JSON-LD (`EducationalOccupationalCredential`) for an award page.
/// `<` is escaped so the text can never close the `<script>` element it sits in.
#[allow(clippy::too_many_arguments)]
pub fn json_ld(
    name: &str,
    description: &str,
    page_url: &str,
    image: Option<&str>,
    issuer: &str,
    issuer_url: Option<&str>,
    issued: Option<OffsetDateTime>,
    expires: Option<OffsetDateTime>,
    earner: Option<&str>,
    data_url: Option<&str>,
) -> String {
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalCredential",
        "name": name,
        "description": description,
        "url": page_url,
        "credentialCategory": "badge",
        "recognizedBy": { "@type": "Organization", "name": issuer },
    });
    if let Some(u) = issuer_url {
        v["recognizedBy"]["url"] = serde_json::Value::String(u.to_string());
    }
    if let Some(i) = image {
        v["image"] = serde_json::Value::String(i.to_string());
    }
    if let Some(t) = issued {
        v["dateCreated"] = serde_json::Value::String(dates::iso(t));
    }
    if let Some(t) = expires {
        v["expires"] = serde_json::Value::String(dates::iso(t));
    }
    if let Some(n) = earner {
        v["about"] = serde_json::json!({ "@type": "Person", "name": n });
    }
    if let Some(u) = data_url {
        // The same credential as Open Badges JSON: what a verifier checks.
        v["sameAs"] = serde_json::Value::String(u.to_string());
    }
    serde_json::to_string(&v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> OffsetDateTime {
        dates::parse(s).unwrap()
    }

    #[test]
    fn linkedin_url_by_name_without_expiry() {
        let l = LinkedIn {
            name: "Floating-Point Arithmetic & Rounding",
            organization_id: None,
            organization_name: "Open Numerics Academy",
            issued: at("2026-01-31T23:30:00Z"),
            expires: None,
            cert_url: "https://o.github.io/b/assertions/k7/",
            cert_id: "https://o.github.io/b/assertions/k7.json",
        };
        assert_eq!(
            l.url(),
            "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Floating-Point%20Arithmetic%20%26%20Rounding\
             &organizationName=Open%20Numerics%20Academy&issueYear=2026&issueMonth=1\
             &certUrl=https%3A%2F%2Fo.github.io%2Fb%2Fassertions%2Fk7%2F&certId=https%3A%2F%2Fo.github.io%2Fb%2Fassertions%2Fk7.json"
        );
    }

    #[test]
    fn linkedin_url_by_id_with_expiry_in_december() {
        let l = LinkedIn {
            name: "Zoë's badge",
            organization_id: Some(1337),
            organization_name: "ignored when an id is given",
            issued: at("2026-12-01T00:00:00Z"),
            expires: Some(at("2031-12-31T00:00:00Z")),
            cert_url: "https://x.org/a/",
            cert_id: "https://x.org/a.json",
        };
        let url = l.url();
        assert!(url.contains("&name=Zo%C3%AB%27s%20badge&organizationId=1337&issueYear=2026&issueMonth=12&expirationYear=2031&expirationMonth=12&"), "{url}");
        assert!(!url.contains("organizationName"));
    }

    #[test]
    fn download_links_and_names() {
        assert_eq!(relative("assertions/k7/", "assertions/k7/badge.png"), "badge.png");
        assert_eq!(relative("assertions/k7/", "badges/m1/image.png"), "../../badges/m1/image.png");
        assert_eq!(download_name("badges/m1/", "assertions/k7/"), "m1-k7");
        assert_eq!(download_name("", "assertions/a b:c\\d/"), "a-b-c-d");
        assert_eq!(download_name("", ""), "badge");
    }

    #[test]
    fn encoding_keeps_only_unreserved() {
        assert_eq!(encode("a-b_c.d~e f+g/h?i=j&k#l"), "a-b_c.d~e%20f%2Bg%2Fh%3Fi%3Dj%26k%23l");
    }

    #[test]
    fn json_ld_cannot_close_its_script() {
        let s = json_ld(
            "</script><script>alert(1)</script>",
            "d",
            "u",
            None,
            "i",
            None,
            None,
            None,
            Some("A & B"),
            Some("x"),
        );
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["name"], "</script><script>alert(1)</script>");
        assert_eq!(v["about"]["name"], "A & B");
    }
}
