//! The one sentence every verdict starts with, written from the hosted data:
//! who was awarded what, by whom (and at which host), when, and whether it
//! still holds. `accolade verify` prints it; the build shows it on the award
//! page. A person reads it, so it names things instead of codes.

use crate::check::report::{verdict, Check, Outcome, Verdict};
use crate::i18n::Strings;
use crate::library::{Award, Library};
use crate::model::recipient::normalize_email;
use crate::util::urls;

/// The headline of an award's report, e.g. "Valid: Root finding awarded to
/// Amara Okafor by Open Numerics Academy (open-numerics.github.io) on
/// 3 February 2026, does not expire". In English, as `accolade verify` says
/// it; `headline_in` says it in a site's language, for its pages.
pub fn headline(library: &Library, award: &Award, checks: &[Check]) -> String {
    headline_in(library, award, checks, Strings::english())
}

/// `headline` in the language of `strings` (the `[headline]` table).
pub fn headline_in(library: &Library, award: &Award, checks: &[Check], strings: &Strings) -> String {
    let w = Words(strings);
    match verdict(award, checks) {
        Verdict::Revoked => w.revoked(award),
        Verdict::Expired => {
            let what = Facts::of(library, award, &w);
            let args = [("what", what.awarded(&w)), ("note", what.unnamed_note(&w))];
            match award.expires {
                Some(e) => w.say("headline.expired_on", &[&args[..], &[("date", strings.date(e))]].concat()),
                None => w.say("headline.expired", &args),
            }
        }
        Verdict::Valid => {
            let what = Facts::of(library, award, &w);
            let args = [("what", what.awarded_on(award, &w)), ("note", what.unnamed_note(&w))];
            match award.expires {
                Some(e) => w.say("headline.valid_until", &[&args[..], &[("date", strings.date(e))]].concat()),
                None => w.say("headline.valid", &args),
            }
        }
        Verdict::Invalid | Verdict::NotRecipient => w.not_valid(checks),
    }
}

/// The verdict and headline when the verifier also gave the recipient's
/// email and it was compared with the award's salted hash (`matches`).
/// A valid award issued to someone else is never reported as simply valid.
pub fn with_recipient(
    library: &Library,
    award: &Award,
    checks: &[Check],
    email: &str,
    matches: bool,
) -> (Verdict, String) {
    let plain_verdict = verdict(award, checks);
    let headline = headline(library, award, checks);
    let email = plain(&normalize_email(email));
    match (plain_verdict, matches) {
        (Verdict::Valid, true) => {
            (Verdict::Valid, format!("{headline}; issued to {email} (checked against the salted hash)"))
        }
        (Verdict::Valid, false) => {
            let w = Words(Strings::english());
            let what = Facts::of(library, award, &w);
            (
                Verdict::NotRecipient,
                format!(
                    "Valid award, but not issued to {email}: {}{}",
                    what.awarded_on(award, &w),
                    what.unnamed_note(&w)
                ),
            )
        }
        (v, true) => (v, format!("{headline}; issued to {email} (checked against the salted hash)")),
        (v, false) => (v, format!("{headline}; not issued to {email}")),
    }
}

/// "Revoked on <date>: <reason>", with what is known of either.
pub fn revoked(award: &Award) -> String {
    Words(Strings::english()).revoked(award)
}

/// "Not valid: <the first failing check, and what was found>".
pub fn not_valid(checks: &[Check]) -> String {
    Words(Strings::english()).not_valid(checks)
}

/// The headline's words in one language.
struct Words<'s>(&'s Strings);

impl Words<'_> {
    fn say(&self, key: &str, args: &[(&str, String)]) -> String {
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.0.format(key, &args)
    }

    fn revoked(&self, award: &Award) -> String {
        let Some(r) = &award.revoked else { return self.say("headline.revoked", &[]) };
        let date = r.revoked_on.map(|t| self.0.date(t));
        match (r.reason.as_deref().map(|s| plain(s).trim_end_matches('.').to_string()).filter(|s| !s.is_empty()), date)
        {
            (Some(reason), Some(date)) => self.say("headline.revoked_on_reason", &[("date", date), ("reason", reason)]),
            (Some(reason), None) => self.say("headline.revoked_reason", &[("reason", reason)]),
            (None, Some(date)) => self.say("headline.revoked_on_no_reason", &[("date", date)]),
            (None, None) => self.say("headline.revoked_no_reason", &[]),
        }
    }

    fn not_valid(&self, checks: &[Check]) -> String {
        match checks.iter().find(|c| c.outcome == Outcome::Fail) {
            Some(c) => {
                let key = format!("checks.{}", c.name);
                let label = match self.0.get(&key) {
                    translated if translated != key => translated,
                    _ => c.label,
                };
                let check = lower_first(label);
                match &c.detail {
                    Some(d) => self.say("headline.not_valid_check_why", &[("check", check), ("why", plain(d))]),
                    None => self.say("headline.not_valid_check", &[("check", check)]),
                }
            }
            None => self.say("headline.not_valid", &[]),
        }
    }
}

/// What an award says, as shown: names from the hosted data, made safe to print.
struct Facts {
    badge: String,
    recipient: Option<String>,
    issuer: String,
}

impl Facts {
    fn of(library: &Library, award: &Award, w: &Words) -> Facts {
        let badge = award.badge.map(|b| &library.badges[b].doc.data);
        let issuer = library.issuer_of(award).map(|i| &i.doc.data);
        let name = issuer.and_then(|i| i.name.as_deref()).map(plain).filter(|n| !n.is_empty());
        // The host is what a reader can check against the address they were given.
        let host = issuer
            .and_then(|i| [i.id.as_deref(), i.url.as_deref()].into_iter().flatten().find(|u| urls::is_web_url(u)))
            .and_then(urls::parse)
            .map(|u| u.host_and_port());
        let issuer = match (name, host) {
            (Some(n), Some(h)) => format!("{n} ({h})"),
            (Some(n), None) => n,
            (None, Some(h)) => w.say("headline.issuer_at", &[("host", h)]),
            (None, None) => w.say("headline.unnamed_issuer", &[]),
        };
        Facts {
            badge: badge
                .and_then(|b| b.name.as_deref())
                .map(plain)
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| w.say("headline.unnamed_badge", &[])),
            recipient: award.doc.data.recipient_name().map(plain).filter(|n| !n.is_empty()),
            issuer,
        }
    }

    /// "<badge> awarded to <name> by <issuer> (<host>)".
    fn awarded(&self, w: &Words) -> String {
        let (badge, issuer) = (("badge", self.badge.clone()), ("issuer", self.issuer.clone()));
        match &self.recipient {
            Some(name) => w.say("headline.awarded_to", &[badge, ("name", name.clone()), issuer]),
            None => w.say("headline.awarded", &[badge, issuer]),
        }
    }

    /// The same, with the issue date.
    fn awarded_on(&self, award: &Award, w: &Words) -> String {
        match award.issued_on {
            Some(t) => w.say("headline.on", &[("what", self.awarded(w)), ("date", w.0.date(t))]),
            None => self.awarded(w),
        }
    }

    /// Said once, at the end, when the award names no recipient.
    fn unnamed_note(&self, w: &Words) -> String {
        if self.recipient.is_none() {
            w.say("headline.unnamed_note", &[])
        } else {
            String::new()
        }
    }
}

/// Text from fetched data as one printable line: control and bidi characters
/// (which could rewrite a terminal line or reorder it) become spaces.
fn plain(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_control()
                || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
            {
                ' '
            } else {
                c
            }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::report::{award_reports, CHECKS};
    use crate::diag::Problems;
    use crate::library::{self, Loaded, Source};
    use crate::util::jsonpos::JsonPath;
    use serde_json::json;
    use time::macros::datetime;

    const NOW: time::OffsetDateTime = datetime!(2026-06-01 00:00 UTC);

    /// A fetched-style library of one award, its badge class and issuer.
    fn library_of(award: serde_json::Value) -> Library {
        let issuer = json!({"@context": "https://w3id.org/openbadges/v2", "id": "https://org.example/badges/issuer.json",
            "type": "Issuer", "name": "Open Numerics Academy", "url": "https://numerics.example/", "email": "a@org.example"});
        let badge = json!({"@context": "https://w3id.org/openbadges/v2", "id": "https://org.example/badges/b.json",
            "type": "BadgeClass", "name": "Root finding", "description": "d", "image": "https://org.example/badges/b.png",
            "criteria": {"narrative": "n"}, "issuer": "https://org.example/badges/issuer.json"});
        let mut loaded = Loaded::default();
        let mut problems = Problems::default();
        for (i, v) in [issuer, badge, award].into_iter().enumerate() {
            loaded.sources.push(Source::new(format!("f{i}.json"), v.to_string()));
            match i {
                0 => loaded
                    .issuers
                    .push(library::typed_at(&loaded.sources, i, JsonPath::root(), v, &mut problems).unwrap()),
                1 => loaded
                    .badges
                    .push(library::typed_at(&loaded.sources, i, JsonPath::root(), v, &mut problems).unwrap()),
                _ => {
                    let doc: library::Doc<crate::model::Assertion> =
                        library::typed_at(&loaded.sources, i, JsonPath::root(), v, &mut problems).unwrap();
                    let data = library::AwardFacts::of(&doc.data);
                    loaded.assertions.push(library::Doc { source: doc.source, at: doc.at, raw: doc.raw, data });
                }
            }
        }
        library::link(std::path::Path::new(""), loaded, None, &mut problems)
    }

    fn award(extra: serde_json::Value) -> serde_json::Value {
        let mut a = json!({"@context": "https://w3id.org/openbadges/v2", "id": "https://org.example/badges/a.json",
            "type": "Assertion", "badge": "https://org.example/badges/b.json", "issuedOn": "2026-02-03T14:20:00Z",
            "recipient": {"type": "email", "hashed": true, "salt": "s", "identity": "sha256$00"},
            "verification": {"type": "hosted"},
            "extensions:recipientProfile": {"name": "Amara\u{1b}[31m Okafor"}});
        for (k, v) in extra.as_object().unwrap() {
            if v.is_null() {
                a.as_object_mut().unwrap().remove(k);
            } else {
                a[k] = v.clone();
            }
        }
        a
    }

    fn headline_of(extra: serde_json::Value) -> String {
        let lib = library_of(award(extra));
        let checks = award_reports(&lib, &Problems::default(), NOW).remove(0);
        headline(&lib, &lib.awards[0], &checks)
    }

    #[test]
    fn valid_names_badge_recipient_issuer_host_and_dates() {
        assert_eq!(
            headline_of(json!({})),
            "Valid: Root finding awarded to Amara [31m Okafor by Open Numerics Academy (org.example) on 3 February 2026, does not expire"
        );
        assert_eq!(
            headline_of(json!({"expires": "2027-02-03T00:00:00Z"})),
            "Valid: Root finding awarded to Amara [31m Okafor by Open Numerics Academy (org.example) on 3 February 2026, expires 3 February 2027"
        );
    }

    #[test]
    fn an_unnamed_recipient_reads_with_dignity() {
        assert_eq!(
            headline_of(json!({"extensions:recipientProfile": null})),
            "Valid: Root finding awarded by Open Numerics Academy (org.example) on 3 February 2026, does not expire (the recipient's name is not published)"
        );
    }

    #[test]
    fn expired_revoked_and_not_valid() {
        assert_eq!(
            headline_of(json!({"expires": "2026-03-02T00:00:00Z"})),
            "Expired on 2 March 2026: Root finding awarded to Amara [31m Okafor by Open Numerics Academy (org.example)"
        );
        assert_eq!(
            headline_of(json!({"revoked": true, "revocationReason": "issued in error"})),
            "Revoked: issued in error"
        );
        assert_eq!(headline_of(json!({"revoked": true})), "Revoked (the issuer gave no reason)");
        let lib = library_of(award(json!({})));
        let mut checks = award_reports(&lib, &Problems::default(), NOW).remove(0);
        let id = checks.iter_mut().find(|c| c.name == "assertion.id").unwrap();
        id.outcome = Outcome::Fail;
        id.detail = Some("the server answered 404".into());
        assert_eq!(
            headline(&lib, &lib.awards[0], &checks),
            format!("Not valid: {} (the server answered 404)", lower_first(CHECKS[2].label))
        );
    }

    #[test]
    fn a_recipient_that_does_not_match_is_never_simply_valid() {
        let lib = library_of(award(json!({})));
        let checks = award_reports(&lib, &Problems::default(), NOW).remove(0);
        let (v, text) = with_recipient(&lib, &lib.awards[0], &checks, "wrong@example.org", false);
        assert_eq!(v, Verdict::NotRecipient);
        assert!(
            text.starts_with("Valid award, but not issued to wrong@example.org: Root finding awarded to"),
            "{text}"
        );
        let (v, text) = with_recipient(&lib, &lib.awards[0], &checks, "amara@example.org", true);
        assert_eq!(v, Verdict::Valid);
        assert!(text.ends_with("; issued to amara@example.org (checked against the salted hash)"), "{text}");
    }

    #[test]
    fn plain_keeps_text_on_one_safe_line() {
        assert_eq!(plain(" a\u{202e}b\n\tc\u{1b} "), "a b c");
    }
}
