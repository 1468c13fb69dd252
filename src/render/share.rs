//! Sharing an award elsewhere: what its page offers (LinkedIn's "Add to
//! profile" link, downloads, embed snippets) and the schema.org description
//! of the credential for search engines.

use crate::art::AwardFiles;
use crate::config::Config;
use crate::library::{Award, Credential, Library};
use crate::util::dates;
use crate::util::urls;
use serde::Serialize;
use time::OffsetDateTime;

/// What the award page offers for sharing (absent for revoked awards).
#[derive(Serialize)]
pub struct ShareView {
    /// The issuer's LinkedIn organization id (`[sharing]
    /// linkedin_organization_id`), for the "Add to profile" link the page's
    /// script fills from what the page shows.
    pub linkedin_organization_id: Option<u64>,
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
    pub json_ld: String,
}

/// The sharing view of a (not revoked) award whose files are `files`.
pub fn share_view(
    library: &Library,
    config: &Config,
    strings: &crate::i18n::Strings,
    award: &Award,
    files: &AwardFiles,
) -> ShareView {
    let page_url = config.url(&award.place.page);
    let d = &award.doc.data;
    let badge = award.badge.map(|b| &library.badges[b]);
    let badge_name = badge.and_then(|b| b.doc.data.name.as_deref()).unwrap_or(strings.get("js.badge"));
    let issuer = library.issuer_of(award);
    let issuer_name = issuer.and_then(|i| i.doc.data.name.as_deref()).unwrap_or(strings.get("js.the_issuer"));
    let earner = d.recipient_name();
    // The award's Open Badges data, which verifiers follow from the page.
    let data_url = award.data_url(config);
    let page = &award.place.page;
    let png = files.png.as_deref().map(|path| relative(page, path));
    let svg = files.svg.as_deref().map(|path| relative(page, path));
    let card_image = files.card_image.as_deref().map(|path| config.url(path));
    // The same words as the embed's alt text (verify.js), in the site's language.
    let by_issuer = strings.format("js.embed_alt_by", &[("badge", badge_name), ("issuer", issuer_name)]);
    let card_alt = match earner {
        Some(n) => {
            strings.format("js.embed_alt_named_by", &[("badge", badge_name), ("name", n), ("issuer", issuer_name)])
        }
        None => by_issuer.clone(),
    };
    // The badge class's shared image names no earner, and its alt text neither.
    let card_image_alt = if files.card_per_award { card_alt.clone() } else { by_issuer };
    let class_image = files.class_image.as_deref().map(|path| config.url(path));
    let json_ld = json_ld(
        badge_name,
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
        linkedin_organization_id: config.linkedin_organization_id,
        png,
        svg,
        bake_in_browser: !files.baked,
        download_name: download_name(badge.map(|b| b.place.page.as_str()).unwrap_or_default(), page),
        card_image,
        card_image_alt,
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

/// The sharing view of an Open Badges 3.0 credential's page (not revoked):
/// LinkedIn, the printed certificate and the share card of its badge class
/// (`card`: that card's path, when drawn), and its JSON-LD. No image
/// downloads: the page's script bakes 2.0 assertions only.
pub fn credential_share(
    config: &Config,
    strings: &crate::i18n::Strings,
    credential: &Credential,
    signed: &serde_json::Value,
    card: Option<&str>,
) -> ShareView {
    use serde_json::Value;
    let page_url = config.url(&credential.place.page);
    let text = |p: &str| signed.pointer(p).and_then(Value::as_str);
    let badge_name = text("/credentialSubject/achievement/name").unwrap_or(strings.get("js.badge"));
    let issuer_name = text("/issuer/name").unwrap_or(strings.get("js.the_issuer"));
    let earner = signed
        .pointer("/credentialSubject/identifier")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|i| {
            i.get("hashed") == Some(&Value::Bool(false))
                && i.get("identityType").and_then(Value::as_str) == Some("name")
        })
        .and_then(|i| i.get("identityHash").and_then(Value::as_str));
    let date = |p: &str| text(p).and_then(|d| dates::parse(d).ok());
    let data_url = credential.place.json.as_ref().map(|j| config.url(j));
    ShareView {
        linkedin_organization_id: config.linkedin_organization_id,
        png: None,
        svg: None,
        bake_in_browser: false,
        download_name: download_name("", &credential.place.page),
        card_image: card.map(|path| config.url(path)),
        card_image_alt: strings.format("js.embed_alt_by", &[("badge", badge_name), ("issuer", issuer_name)]),
        json_ld: json_ld(
            badge_name,
            &page_url,
            text("/credentialSubject/achievement/image/id"),
            issuer_name,
            text("/issuer/url").filter(|u| urls::is_safe_link(u)),
            date("/validFrom").or_else(|| date("/issuanceDate")),
            date("/validUntil").or_else(|| date("/expirationDate")),
            earner,
            data_url.as_deref(),
        ),
    }
}

/// schema.org JSON-LD (`EducationalOccupationalCredential`) for an award page.
/// `<` is escaped so the text can never close the `<script>` element it sits in.
#[allow(clippy::too_many_arguments)]
pub fn json_ld(
    name: &str,
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

    #[test]
    fn download_links_and_names() {
        assert_eq!(relative("assertions/k7/", "assertions/k7/badge.png"), "badge.png");
        assert_eq!(relative("assertions/k7/", "badges/m1/image.png"), "../../badges/m1/image.png");
        assert_eq!(download_name("badges/m1/", "assertions/k7/"), "m1-k7");
        assert_eq!(download_name("", "assertions/a b:c\\d/"), "a-b-c-d");
        assert_eq!(download_name("", ""), "badge");
    }

    #[test]
    fn json_ld_cannot_close_its_script() {
        let s =
            json_ld("</script><script>alert(1)</script>", "u", None, "i", None, None, None, Some("A & B"), Some("x"));
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["name"], "</script><script>alert(1)</script>");
        assert_eq!(v["about"]["name"], "A & B");
    }
}
