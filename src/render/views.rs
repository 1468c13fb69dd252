//! The views handed to templates: borrowed from the library, built per page,
//! with `root` the way back to the site root from that page.

use super::markdown;
use crate::check::headline::headline_in;
use crate::check::report::{Check, Outcome, Report};
use crate::config::Config;
use crate::i18n::Strings;
use crate::layout;
use crate::library::{Award, Library, WholeAward};
use crate::model::{all, Criteria, Evidence};
use crate::util::dates;
use crate::util::urls;
use serde::Serialize;
use time::OffsetDateTime;

#[derive(Serialize)]
pub struct ImageView {
    pub src: String,
    pub alt: String,
}

/// A version of a badge class or issuer in another language: an Open
/// Badges `related` entry with `@language`, as "Also in: Español".
#[derive(Serialize)]
pub struct AlsoInView<'a> {
    /// The language's own name when accolade ships it, else its tag.
    pub name: String,
    pub language: &'a str,
    pub url: &'a str,
}

/// The `related` entries of `extra` that name a language and a web address.
fn also_in<'a>(extra: &'a crate::model::Extra) -> Vec<AlsoInView<'a>> {
    use serde_json::Value;
    let entries: Vec<&Value> = match extra.get("related") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    };
    entries
        .into_iter()
        .filter_map(|e| {
            let language = e.get("@language").and_then(Value::as_str).filter(|l| is_language_tag(l))?;
            let url = e.get("id").and_then(Value::as_str).filter(|u| urls::is_safe_link(u))?;
            Some(AlsoInView { name: crate::i18n::language_name(language), language, url })
        })
        .collect()
}

fn is_language_tag(s: &str) -> bool {
    !s.is_empty() && s.len() <= 35 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[derive(Serialize)]
pub struct IssuerView<'a> {
    pub also_in: Vec<AlsoInView<'a>>,
    pub name: &'a str,
    pub page: &'a str,
    pub id: Option<&'a str>,
    pub json: Option<String>,
    pub hosted: bool,
    pub url: Option<&'a str>,
    pub domain: Option<String>,
    pub email: Option<&'a str>,
    pub description_html: Option<&'a str>,
    pub image: Option<ImageView>,
}

#[derive(Serialize)]
pub struct AlignmentView<'a> {
    pub name: &'a str,
    pub url: Option<&'a str>,
    pub description: Option<&'a str>,
    pub framework: Option<&'a str>,
    pub code: Option<&'a str>,
}

#[derive(Serialize)]
pub struct EarnerView<'a> {
    pub name: Option<&'a str>,
    pub page: &'a str,
    pub issued_on: String,
    pub issued_on_iso: String,
}

#[derive(Serialize)]
pub struct BadgeView<'a> {
    pub also_in: Vec<AlsoInView<'a>>,
    pub name: &'a str,
    pub page: &'a str,
    pub id: Option<&'a str>,
    pub json: Option<String>,
    pub hosted: bool,
    pub description_html: &'a str,
    pub summary: &'a str,
    pub image: Option<ImageView>,
    pub criteria_html: Option<&'a str>,
    /// The criteria in a few plain words when they are long: award pages
    /// show this and link the badge page for the whole text, since every
    /// award page of the badge would otherwise carry it.
    pub criteria_summary: Option<&'a str>,
    pub criteria_url: Option<&'a str>,
    pub alignments: Vec<AlignmentView<'a>>,
    pub tags: Vec<&'a str>,
    pub issuer: Option<IssuerView<'a>>,
    pub award_count: usize,
}

#[derive(Serialize)]
pub struct EvidenceView<'a> {
    pub name: Option<&'a str>,
    pub url: Option<&'a str>,
    pub narrative_html: Option<String>,
    pub description: Option<&'a str>,
    pub genre: Option<&'a str>,
    pub audience: Option<&'a str>,
}

#[derive(Serialize)]
pub struct RevokedView<'a> {
    pub reason: Option<&'a str>,
    pub on: Option<String>,
}

#[derive(Serialize)]
pub struct AwardView<'a> {
    pub page: &'a str,
    pub page_url: String,
    /// The host the genuine award lives on, said in plain words on the page
    /// so that a copy elsewhere can be recognised without any script.
    pub host: Option<String>,
    /// This site's verify/ page, for checking the award independently.
    pub verify_url: String,
    pub id: Option<&'a str>,
    pub json: Option<String>,
    pub json_url: Option<String>,
    pub hosted: bool,
    pub recipient_name: Option<&'a str>,
    pub issued_on: Option<String>,
    pub issued_on_iso: Option<String>,
    pub expires: Option<String>,
    pub expires_iso: Option<String>,
    pub expired: bool,
    pub revoked: Option<RevokedView<'a>>,
    pub evidence: Vec<EvidenceView<'a>>,
    /// Evidence items marked `accolade:private`, shown only as a count.
    pub private_evidence: usize,
    pub narrative_html: Option<String>,
    pub checks: Vec<Check>,
    pub checks_passed: bool,
    /// The build-time verdict in one sentence (`check::headline`).
    pub headline: String,
    /// Kept out of lists, the sitemap and search engines.
    pub unlisted: bool,
}

/// Markdown of a badge class rendered once, since every award page of the
/// badge shows it.
struct BadgeText {
    description_html: String,
    summary: String,
    criteria_html: Option<String>,
    criteria_summary: Option<String>,
}

/// Criteria longer than this (as HTML) are summarised on award pages.
const CRITERIA_INLINE_MAX: usize = 600;
/// Characters of the plain-text summary of long criteria.
const CRITERIA_SUMMARY_CHARS: usize = 180;

/// Views are built per page, with `root` the way back to the site root from it.
pub struct Views<'a> {
    site: &'a Library,
    config: &'a Config,
    /// The interface strings: dates and the few words views make.
    strings: &'a Strings,
    now: OffsetDateTime,
    /// Every award's checks, by award index.
    reports: &'a [Report],
    badge_text: Vec<BadgeText>,
    /// Each badge class's awards not revoked, counted once: every award page
    /// shows its badge's count.
    badge_award_count: Vec<usize>,
    issuer_description: Vec<Option<String>>,
}

impl<'a> Views<'a> {
    pub fn new(
        site: &'a Library,
        config: &'a Config,
        strings: &'a Strings,
        now: OffsetDateTime,
        reports: &'a [Report],
    ) -> Self {
        let badge_text = site
            .badges
            .iter()
            .map(|b| {
                let d = &b.doc.data;
                let description = d.description.as_deref().unwrap_or("");
                let narrative = match &d.criteria {
                    Some(Criteria::Object(c)) => c.narrative.as_deref(),
                    _ => None,
                };
                let criteria = b.criteria_md.as_deref().or(narrative);
                let criteria_html = criteria.map(markdown::to_html);
                let criteria_summary = criteria
                    .filter(|_| criteria_html.as_ref().is_some_and(|h| h.len() > CRITERIA_INLINE_MAX))
                    .map(|c| markdown::plain_excerpt(c, CRITERIA_SUMMARY_CHARS));
                BadgeText {
                    description_html: markdown::to_html(description),
                    summary: markdown::plain_summary(description, 200),
                    criteria_html,
                    criteria_summary,
                }
            })
            .collect();
        let issuer_description =
            site.issuers.iter().map(|i| i.doc.data.description.as_deref().map(markdown::to_html)).collect();
        let badge_award_count = site
            .badges
            .iter()
            .map(|b| b.awards.iter().filter(|&&a| site.awards[a].revoked.is_none()).count())
            .collect();
        Views { site, config, strings, now, reports, badge_text, badge_award_count, issuer_description }
    }

    fn local_or_absolute(&self, url: &str, root: &str) -> Option<String> {
        if let Some(rel) = self.config.site_path(url) {
            return Some(format!("{root}{rel}"));
        }
        if urls::is_web_url(url) || urls::is_image_data_uri(url) {
            Some(url.to_string())
        } else {
            None
        }
    }

    fn json_link(&self, json: &Option<String>, id: Option<&str>, root: &str) -> Option<String> {
        match json {
            Some(path) => Some(format!("{root}{path}")),
            None => id.filter(|i| urls::is_web_url(i)).map(str::to_string),
        }
    }

    /// The view of `site.issuers[index]`.
    pub fn issuer(&self, index: usize, root: &str) -> IssuerView<'_> {
        let issuer = &self.site.issuers[index];
        let d = &issuer.doc.data;
        let name = d.name.as_deref().unwrap_or(self.strings.get("site.unnamed_issuer"));
        let url = d.url.as_deref().filter(|u| urls::is_safe_link(u));
        IssuerView {
            also_in: also_in(&d.extra),
            name,
            page: &issuer.place.page,
            id: d.id.as_deref(),
            json: self.json_link(&issuer.place.json, d.id.as_deref(), root),
            hosted: issuer.place.json.is_some(),
            url,
            domain: url.and_then(urls::parse).map(|p| p.host()),
            email: d.email.as_deref(),
            description_html: self.issuer_description[index].as_deref(),
            image: d
                .image
                .as_ref()
                .and_then(|i| i.url())
                .and_then(|u| self.local_or_absolute(u, root))
                .map(|src| ImageView { src, alt: self.strings.format("site.logo_of", &[("name", name)]) }),
        }
    }

    /// The view of `site.badges[index]`.
    pub fn badge(&self, index: usize, root: &str, with_issuer: bool) -> BadgeView<'_> {
        let badge = &self.site.badges[index];
        let d = &badge.doc.data;
        let name = d.name.as_deref().unwrap_or(self.strings.get("site.unnamed_badge"));
        let issuer = badge.issuer.map(|i| &self.site.issuers[i]);
        let issuer_name = issuer.and_then(|i| i.doc.data.name.as_deref());
        let criteria_url = match &d.criteria {
            Some(Criteria::Url(u)) => Some(u.as_str()),
            Some(Criteria::Object(c)) => c.id.as_deref(),
            None => None,
        };
        // A criteria URL that points back at this very page is not worth a link.
        let criteria_url =
            criteria_url.filter(|u| urls::is_safe_link(u) && !u.starts_with(&self.config.url(&badge.place.page)));
        let text = &self.badge_text[index];
        BadgeView {
            also_in: also_in(&d.extra),
            name,
            page: &badge.place.page,
            id: d.id.as_deref(),
            json: self.json_link(&badge.place.json, d.id.as_deref(), root),
            hosted: badge.place.json.is_some(),
            description_html: &text.description_html,
            summary: &text.summary,
            image: d.image.as_ref().and_then(|i| i.url()).and_then(|u| self.local_or_absolute(u, root)).map(|src| {
                ImageView {
                    src,
                    alt: d.image.as_ref().and_then(|i| i.caption()).map(str::to_string).unwrap_or_else(|| {
                        match issuer_name {
                            Some(i) => {
                                self.strings.format("site.badge_image_alt_issuer", &[("badge", name), ("issuer", i)])
                            }
                            None => self.strings.format("site.badge_image_alt", &[("badge", name)]),
                        }
                    }),
                }
            }),
            criteria_html: text.criteria_html.as_deref(),
            criteria_summary: text.criteria_summary.as_deref(),
            criteria_url,
            alignments: all(&d.alignment)
                .iter()
                .map(|a| AlignmentView {
                    name: a.target_name.as_deref().unwrap_or(""),
                    url: a.target_url.as_deref().filter(|u| urls::is_safe_link(u)),
                    description: a.target_description.as_deref(),
                    framework: a.target_framework.as_deref(),
                    code: a.target_code.as_deref(),
                })
                .collect(),
            tags: all(&d.tags).iter().map(String::as_str).collect(),
            issuer: if with_issuer { badge.issuer.map(|i| self.issuer(i, root)) } else { None },
            award_count: self.badge_award_count[index],
        }
    }

    pub fn earner<'v>(&'v self, award: &'v Award) -> EarnerView<'v> {
        EarnerView {
            name: award.doc.data.recipient_name(),
            page: &award.place.page,
            issued_on: award.issued_on.map(|t| self.strings.date(t)).unwrap_or_default(),
            issued_on_iso: award.issued_on.map(dates::iso).unwrap_or_default(),
        }
    }

    /// The details of the checks that carry a date (expiry, revocation) in
    /// the site's language: the report's own are English, as the command
    /// line and verification.json say them.
    fn localize_details(&self, checks: &mut [Check], award: &Award) {
        let s = self.strings;
        for c in checks.iter_mut().filter(|c| c.detail.is_some()) {
            c.detail = match (c.name, c.outcome, award.expires, &award.revoked) {
                ("assertion.expiry", Outcome::Fail, Some(e), _) => {
                    Some(s.format("js.d_expired_on", &[("date", &s.date(e))]))
                }
                ("assertion.expiry", _, Some(e), _) => Some(s.format("js.d_valid_until", &[("date", &s.date(e))])),
                ("assertion.revocation", _, _, Some(r)) => {
                    let date = r.revoked_on.map(|t| s.date(t));
                    Some(match (r.reason.as_deref(), date.as_deref()) {
                        (Some(why), Some(on)) => {
                            s.format("award.revoked_detail_on_because", &[("reason", why), ("date", on)])
                        }
                        (Some(why), None) => s.format("js.d_revoked_because", &[("reason", why)]),
                        (None, Some(on)) => s.format("award.revoked_detail_on", &[("date", on)]),
                        (None, None) => s.format("js.d_revoked", &[]),
                    })
                }
                _ => c.detail.take(),
            };
        }
    }

    /// The view of `site.awards[index]`, given `whole` (`Library::whole`).
    pub fn award<'v>(&'v self, index: usize, whole: &'v WholeAward, root: &str) -> AwardView<'v> {
        let award = &self.site.awards[index];
        let mut checks = self.reports[index].checks();
        self.localize_details(&mut checks, award);
        let d = &whole.doc.data;
        let private_evidence = all(&d.evidence).iter().filter(|e| e.is_private()).count();
        let evidence = all(&d.evidence)
            .iter()
            .filter(|e| !e.is_private())
            .map(|e| match e {
                Evidence::Url(u) => EvidenceView {
                    name: None,
                    url: Some(u.as_str()).filter(|u| urls::is_safe_link(u)),
                    narrative_html: None,
                    description: None,
                    genre: None,
                    audience: None,
                },
                Evidence::Object(o) => EvidenceView {
                    name: o.name.as_deref(),
                    url: o.id.as_deref().filter(|u| urls::is_safe_link(u)),
                    narrative_html: o.narrative.as_deref().map(markdown::to_html),
                    description: o.description.as_deref(),
                    genre: o.genre.as_deref(),
                    audience: o.audience.as_deref(),
                },
            })
            .collect();
        let json = self.json_link(&award.place.json, d.id.as_deref(), root);
        let json_url = award.data_url(self.config);
        let page_url = self.config.url(&award.place.page);
        AwardView {
            page: &award.place.page,
            host: urls::parse(&page_url).map(|p| p.host_and_port()),
            page_url,
            verify_url: self.config.url(layout::VERIFY_PAGE),
            id: d.id.as_deref(),
            json_url,
            json,
            hosted: award.place.json.is_some(),
            recipient_name: d.recipient_name(),
            issued_on: award.issued_on.map(|t| self.strings.date(t)),
            issued_on_iso: award.issued_on.map(dates::iso),
            expires: award.expires.map(|t| self.strings.date(t)),
            expires_iso: award.expires.map(dates::iso),
            expired: award.is_expired(self.now),
            revoked: award
                .revoked
                .as_ref()
                .map(|r| RevokedView { reason: r.reason.as_deref(), on: r.revoked_on.map(|t| self.strings.date(t)) }),
            evidence,
            private_evidence,
            narrative_html: d.narrative.as_deref().map(markdown::to_html),
            checks_passed: checks.iter().all(|c| c.outcome == Outcome::Pass),
            headline: headline_in(self.site, award, &checks, self.strings),
            checks,
            unlisted: d.is_unlisted(),
        }
    }
}

/// Where one page of a paginated list is, and the links to its neighbours
/// (relative to the page, `None` where there is no such page).
#[derive(Serialize)]
pub struct PagerView {
    /// This page's number, from 1, and how many pages there are.
    pub number: usize,
    pub count: usize,
    /// The entries on this page, counted from 1 (`from` > `to` when empty),
    /// and in the whole list.
    pub from: usize,
    pub to: usize,
    pub total: usize,
    pub first: String,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub last: String,
}

/// The pager of page `index` (from 0) of `pages`, the list's page folders,
/// seen from `root`, for a list of `total` entries at `per_page` a page.
pub fn pager(pages: &[String], index: usize, root: &str, total: usize, per_page: usize) -> PagerView {
    let link = |i: usize| format!("{root}{}", pages[i]);
    PagerView {
        number: index + 1,
        count: pages.len(),
        from: index * per_page + 1,
        to: total.min((index + 1) * per_page),
        total,
        first: link(0),
        prev: index.checked_sub(1).map(link),
        next: (index + 1 < pages.len()).then(|| link(index + 1)),
        last: link(pages.len() - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagers_link_their_neighbours() {
        let pages = ["badges/m/".to_string(), "badges/m/page/2/".to_string(), "badges/m/page/3/".to_string()];
        let middle = pager(&pages, 1, "../../../../", 250, 100);
        assert_eq!((middle.number, middle.count, middle.from, middle.to), (2, 3, 101, 200));
        assert_eq!(middle.prev.as_deref(), Some("../../../../badges/m/"));
        assert_eq!(middle.next.as_deref(), Some("../../../../badges/m/page/3/"));
        let last = pager(&pages, 2, "", 250, 100);
        assert_eq!((last.to, last.next), (250, None));
        assert_eq!(pager(&pages[..1], 0, "", 0, 100).prev, None);
    }
}

/// What an Open Badges 3.0 award page shows beyond a 2.0 one.
#[derive(Serialize)]
pub struct Ob3View<'a> {
    /// The issuer's DID (`did:web:…`).
    pub issuer_did: Option<&'a str>,
    /// The proof's kind and key, as a verifier reads them.
    pub proof_type: Option<String>,
    pub proof_key: Option<String>,
    pub proof_created: Option<String>,
    /// The credential as a VC-JWT, when the site publishes one.
    pub jwt: Option<String>,
}

impl<'a> Views<'a> {
    /// An Open Badges 3.0 credential as an award page shows it: the same
    /// view as a 2.0 award, and its achievement as the badge (the site's
    /// badge class when the achievement is one of them).
    pub fn credential(
        &self,
        index: usize,
        signed: &'a serde_json::Value,
        root: &str,
    ) -> (AwardView<'a>, serde_json::Value) {
        use serde_json::Value;
        let credential = &self.site.credentials[index];
        let str_at = |p: &str| signed.pointer(p).and_then(Value::as_str);
        let subject = signed.get("credentialSubject");
        let recipient_name = subject
            .and_then(|s| s.get("identifier"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|i| {
                i.get("hashed").and_then(Value::as_bool) == Some(false)
                    && matches!(i.get("identityType").and_then(Value::as_str), Some("name" | "ext:name"))
            })
            .and_then(|i| i.get("identityHash").and_then(Value::as_str))
            .or_else(|| subject.and_then(|s| s.get("name")).and_then(Value::as_str));
        let issued = crate::ob3::valid_from(signed).and_then(|d| dates::parse(d).ok());
        let expires = crate::ob3::valid_until(signed).and_then(|d| dates::parse(d).ok());
        let expired = expires.is_some_and(|e| e <= self.now);
        let evidence = signed
            .get("evidence")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|e| EvidenceView {
                name: e.get("name").and_then(Value::as_str),
                url: e.get("id").and_then(Value::as_str).filter(|u| urls::is_safe_link(u)),
                narrative_html: e.get("narrative").and_then(Value::as_str).map(markdown::to_html),
                description: e.get("description").and_then(Value::as_str),
                genre: e.get("genre").and_then(Value::as_str),
                audience: e.get("audience").and_then(Value::as_str),
            })
            .collect();
        let page_url = self.config.url(&credential.place.page);
        // A VC-JWT's page links the token (`Ob3View::jwt`), not a JSON copy.
        let json_path = credential.place.json.as_ref().filter(|_| credential.jwt().is_none());
        let json_url = json_path.map(|j| self.config.url(j));
        let revoked = credential
            .revoked
            .as_ref()
            .map(|r| RevokedView { reason: r.reason.as_deref(), on: r.revoked_on.map(|t| self.strings.date(t)) });
        let checks = credential_checks(credential.revoked.is_some(), expired);
        let s = self.strings;
        let headline = match (&revoked, expired, issued) {
            (Some(_), _, _) => s.format("headline.revoked", &[]),
            (None, true, _) => {
                s.format("headline.ob3_expired", &[("date", &expires.map(|t| s.date(t)).unwrap_or_default())])
            }
            (None, false, Some(t)) => s.format("headline.ob3_valid_on", &[("date", &s.date(t))]),
            (None, false, None) => s.format("headline.ob3_valid", &[]),
        };
        let award = AwardView {
            page: &credential.place.page,
            host: urls::parse(&page_url).map(|p| p.host_and_port()),
            page_url,
            verify_url: self.config.url(layout::VERIFY_PAGE),
            id: signed.get("id").and_then(Value::as_str),
            json: json_path.map(|j| format!("{root}{j}")),
            json_url,
            hosted: json_path.is_some(),
            recipient_name,
            issued_on: issued.map(|t| self.strings.date(t)),
            issued_on_iso: issued.map(dates::iso),
            expires: expires.map(|t| self.strings.date(t)),
            expires_iso: expires.map(dates::iso),
            expired,
            revoked,
            evidence,
            private_evidence: 0,
            narrative_html: str_at("/credentialSubject/narrative").map(markdown::to_html),
            checks_passed: checks.iter().all(|c| c.outcome == Outcome::Pass),
            headline,
            checks,
            unlisted: false,
        };
        let badge = match credential.badge {
            Some(b) => serde_json::to_value(self.badge(b, root, true)).unwrap_or_default(),
            None => achievement_view(signed, self.strings, |u| self.local_or_absolute(u, root)),
        };
        (award, badge)
    }

    pub fn ob3(&self, signed: &'a serde_json::Value) -> Ob3View<'a> {
        use serde_json::Value;
        let proof = match signed.get("proof") {
            Some(Value::Array(items)) => items.first(),
            p => p,
        };
        let field = |k: &str| proof.and_then(|p| p.get(k)).and_then(Value::as_str).map(str::to_string);
        Ob3View {
            issuer_did: signed.pointer("/issuer/id").and_then(Value::as_str).filter(|i| i.starts_with("did:")),
            proof_type: field("cryptosuite").or_else(|| field("type")),
            proof_key: field("verificationMethod"),
            proof_created: field("created").and_then(|c| dates::parse(&c).ok()).map(|t| self.strings.date(t)),
            jwt: None,
        }
    }
}

/// The checks a credential's page lists: the build verified (or made) its
/// proof and every rule, or it would not have built.
fn credential_checks(revoked: bool, expired: bool) -> Vec<Check> {
    let check = |name, label, ok: bool, detail: Option<&str>| Check {
        name,
        label,
        outcome: if ok { Outcome::Pass } else { Outcome::Fail },
        detail: detail.map(str::to_string),
    };
    vec![
        check("credential.rules", "Follows the Open Badges 3.0 data model", true, None),
        check("credential.proof", "Signed by the issuer's key (eddsa-rdfc-2022)", true, None),
        check("credential.status", "Not revoked in the issuer's status list", !revoked, revoked.then_some("revoked")),
        check("credential.dates", "Within its validity dates", !expired, expired.then_some("expired")),
    ]
}

/// A credential's own achievement as a badge view's fields, for one that is
/// not a badge class of the site.
fn achievement_view(
    signed: &serde_json::Value,
    strings: &Strings,
    link: impl Fn(&str) -> Option<String>,
) -> serde_json::Value {
    use serde_json::{json, Value};
    let a = signed.pointer("/credentialSubject/achievement").cloned().unwrap_or_default();
    let text = |k: &str| a.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let name = a.get("name").and_then(Value::as_str).unwrap_or(strings.get("site.unnamed_badge"));
    let issuer = signed.get("issuer").cloned().unwrap_or_default();
    let issuer_name = issuer.get("name").and_then(Value::as_str).unwrap_or(strings.get("js.the_issuer"));
    let image =
        a.get("image").and_then(|i| i.get("id").or(Some(i))).and_then(Value::as_str).and_then(&link).map(|src| {
            let alt = strings.format("site.badge_image_alt_issuer", &[("badge", name), ("issuer", issuer_name)]);
            json!({"src": src, "alt": alt})
        });
    let issuer_url = issuer.get("url").and_then(Value::as_str).filter(|u| urls::is_safe_link(u));
    json!({
        "name": name,
        "page": "",
        "description_html": markdown::to_html(&text("description")),
        "summary": markdown::plain_summary(&text("description"), 200),
        "image": image,
        "criteria_html": a.pointer("/criteria/narrative").and_then(Value::as_str).map(markdown::to_html),
        "criteria_url": a.pointer("/criteria/id").and_then(Value::as_str).filter(|u| urls::is_safe_link(u)),
        "alignments": [],
        "tags": [],
        "also_in": [],
        "issuer": {
            "name": issuer_name,
            "page": "",
            "url": issuer_url,
            "domain": issuer_url.and_then(urls::parse).map(|p| p.host()),
        },
    })
}
