//! Verifying a badge published anywhere (`accolade verify URL`): fetch the
//! hosted assertion, its badge class, issuer, revocation list and images the
//! way a verifier does, then judge them with the same rules and checks as a
//! site folder. Only the hosted copies are trusted: a local file or a baked
//! image only tells where to look (OB 2.0 §HostedBadge verification), and an
//! award's page only names its hosted JSON (`page`). A signed badge (a JWS)
//! is trusted for its signature instead (`signed`).

pub mod ob3;
mod page;
pub mod signed;

use crate::art::bake::unbake;
use crate::check::headline;
use crate::check::report::{award_reports, Check, Outcome, Verdict};
use crate::check::{self, FetchedImages, Mode};
use crate::diag::{Code, Problem, Problems};
use crate::library::{self, typed_at, Award, Doc, Library, Loaded, Source};
use crate::model::recipient::recipient_matches;
use crate::model::{Assertion, BadgeClass, Profile, Ref, RevocationList};
use crate::util::dates;
use crate::util::json::parse_lenient;
use crate::util::jsonpos::JsonPath;
use crate::util::sniff::sniff_bytes;
use crate::util::urls;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::time::Duration;
use time::OffsetDateTime;

/// What a verifier sends (the 1EdTech validator's Accept header).
const ACCEPT: &str = "application/ld+json, application/json, image/png, image/svg+xml";
/// No badge document or image is anywhere near this; more is refused.
const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// The outcome of verifying one award from the web.
pub struct Remote {
    /// The fetched objects, linked (one award at most).
    pub library: Library,
    /// The award's checks (none when no award could be fetched).
    pub reports: Vec<Vec<Check>>,
    pub problems: Problems,
    /// The hosted assertion answered 410 Gone: revoked.
    pub gone: bool,
    /// The award's page, when that is what was given: it named `url`.
    pub page: Option<String>,
    /// The hosted assertion's URL, the one verified.
    pub url: String,
}

/// What a verification concludes: the verdict, the sentence that says it,
/// and the recipient's email compared with the award's hash (when given).
pub struct Judgement {
    pub verdict: Verdict,
    pub headline: String,
    pub recipient: Option<Result<bool, String>>,
}

impl Remote {
    /// The award fetched, if one could be read.
    pub fn award(&self) -> Option<&Award> {
        self.library.awards.first()
    }

    /// The award's checks (none when no award could be read).
    pub fn checks(&self) -> &[Check] {
        self.reports.first().map(Vec::as_slice).unwrap_or(&[])
    }

    /// The verdict and its headline, with `recipient` (an email) compared
    /// with the award's salted hash when given.
    pub fn judge(&self, recipient: Option<&str>) -> Judgement {
        if self.gone {
            return Judgement {
                verdict: Verdict::Revoked,
                headline: "Revoked: the issuer's server answers 410 Gone for this award".into(),
                recipient: None,
            };
        }
        let Some(award) = self.award() else {
            let why = self.problems.iter().next().map(|p| format!(" ({})", p.message)).unwrap_or_default();
            return Judgement {
                verdict: Verdict::Invalid,
                headline: format!("Not valid: no Open Badges award could be read at {}{why}", self.url),
                recipient: None,
            };
        };
        let checks = self.checks();
        // Fetched texts are kept, so the whole award is always at hand.
        let whole = self.library.whole(award, None);
        let data = whole.as_ref().map(|w| &w.doc.data);
        // The page given is a copy: say that first, whatever the award is.
        let copy: Vec<&Check> = checks
            .iter()
            .filter(|c| c.outcome == Outcome::Fail && [page::PAGE_ADDRESS, page::PAGE_NAME].contains(&c.name))
            .collect();
        if !copy.is_empty() {
            let what: Vec<&str> = copy
                .iter()
                .enumerate()
                .map(|(i, c)| match (c.name, i) {
                    (page::PAGE_ADDRESS, _) => "the page you gave is not the issuer's page for this award",
                    (_, 0) => "the page you gave shows a different name than the award",
                    _ => "it shows a different name than the award",
                })
                .collect();
            let genuine = data.and_then(|d| d.extra.get("url")).and_then(Value::as_str).unwrap_or(&self.url);
            return Judgement {
                verdict: Verdict::Invalid,
                headline: format!("Not valid: {}; the issuer's page is {genuine}", what.join(", and ")),
                recipient: None,
            };
        }
        let compared = recipient.map(|email| match data.and_then(|d| d.recipient.as_ref()) {
            Some(identity) => recipient_matches(identity, email),
            None if award.revoked.is_some() => {
                Err("a revoked award's hosted copy no longer names its recipient".into())
            }
            None => Err("the award has no recipient".into()),
        });
        let (verdict, headline) = match (recipient, &compared) {
            (Some(email), Some(Ok(matches))) => headline::with_recipient(&self.library, award, checks, email, *matches),
            _ => (crate::check::report::verdict(award, checks), headline::headline(&self.library, award, checks)),
        };
        Judgement { verdict, headline, recipient: compared }
    }
}

/// One HTTP response.
pub struct Response {
    /// The URL that answered, after redirects.
    pub url: String,
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

pub fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout_connect(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .redirects(5)
        .user_agent(concat!("accolade/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// GETs an http(s) URL; any status is a response, only a transport failure an error.
pub fn get(agent: &ureq::Agent, url: &str) -> Result<Response, String> {
    if !urls::is_web_url(url) {
        return Err(format!("`{url}` is not an http(s) URL"));
    }
    let response = match agent.get(url).set("Accept", ACCEPT).call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => return Err(format!("cannot fetch {url}: {e}")),
    };
    let status = response.status();
    let final_url = response.get_url().to_string();
    let content_type = response.header("content-type").map(str::to_string);
    let mut body = Vec::new();
    response.into_reader().take(MAX_BYTES + 1).read_to_end(&mut body).map_err(|e| format!("cannot read {url}: {e}"))?;
    if body.len() as u64 > MAX_BYTES {
        return Err(format!("{url} is larger than {} MiB", MAX_BYTES / 1024 / 1024));
    }
    Ok(Response { url: final_url, status, content_type, body })
}

/// The hosted URL to verify for an input: a URL as it is (a page URL is
/// followed later, in `verify`), or the `id` of a local assertion file, or
/// of the assertion baked in a local PNG or SVG badge image.
pub fn resolve_input(input: &str) -> Result<String, String> {
    if urls::is_web_url(input) {
        return Ok(input.to_string());
    }
    let bytes = std::fs::read(input).map_err(|e| format!("cannot read `{input}`: {e}"))?;
    let (text, what) = match sniff_bytes(&bytes) {
        Some(kind @ ("png" | "svg")) => {
            let baked =
                unbake(&bytes).map_err(|e| format!("`{input}` is a {kind} image but not a baked badge: {e}"))?;
            // A baked image carries the assertion, or only its URL.
            if urls::is_web_url(baked.trim()) {
                return Ok(baked.trim().to_string());
            }
            (baked, "the assertion baked in ")
        }
        _ => (String::from_utf8_lossy(&bytes).into_owned(), ""),
    };
    let v: Value = parse_lenient(&text).map_err(|e| format!("{what}`{input}` is not JSON: {e}"))?;
    match v.get("id").and_then(Value::as_str) {
        Some(id) if urls::is_web_url(id) => Ok(id.to_string()),
        _ => Err(format!("{what}`{input}` has no http(s) `id`; a hosted badge is verified at its id URL")),
    }
}

/// Fetches and checks the award at `url` as of `now`.
/// Given an award's page (HTML), follows its link to the hosted JSON, once.
pub fn verify(agent: &ureq::Agent, url: &str, now: OffsetDateTime) -> Result<Remote, String> {
    let mut f = Fetcher::new(agent);
    let mut first = get(agent, url)?;
    let mut url = url.to_string();
    let mut page_url = None;
    let mut page_html = None;
    if first.status < 400 && page::is_html(first.content_type.as_deref(), &first.body) {
        let html = String::from_utf8_lossy(&first.body).into_owned();
        let href = page::alternate_json_link(&html).ok_or_else(|| {
            format!(
                "{url} is a web page that names no Open Badges data (it has no <link rel=\"alternate\" type=\"application/ld+json\" href=\"…\">); \
                 give the award's own page from its issuer's site, the URL of its hosted JSON (the assertion's id), \
                 or a baked badge image or assertion file"
            )
        })?;
        let json_url = page::resolve(&first.url, &href)?;
        page_url = Some(std::mem::replace(&mut url, json_url));
        page_html = Some((first.url.clone(), html));
        first = get(agent, &url)?;
    }
    let remote = |library, reports, problems, gone, url: &str| Remote {
        library,
        reports,
        problems,
        gone,
        page: page_url.clone(),
        url: url.to_string(),
    };
    if first.status == 410 {
        // A hosted award answering 410 Gone is revoked (OB 2.0 §HostedBadge verification).
        return Ok(remote(empty(), Vec::new(), Problems::default(), true, &url));
    }
    if is_revoked_stub(&first) {
        // What a revoked award's hosted copy is (see build::hosted): it says
        // only that it is revoked, and why, so nothing else is checked.
        let Some(_) = f.parse::<Assertion>(&url, first) else {
            return Ok(remote(empty(), Vec::new(), f.problems, false, &url));
        };
        let Fetcher { loaded, mut problems, .. } = f;
        let library = library::link(Path::new(""), loaded, None, &mut problems);
        let reports = award_reports(&library, &Problems::default(), now)
            .into_iter()
            .map(|checks| checks.into_iter().filter(|c| c.name == "assertion.revocation").collect())
            .collect();
        return Ok(remote(library, reports, problems, false, &url));
    }
    let Some(assertion) = f.parse::<Assertion>(&url, first) else {
        return Ok(remote(empty(), Vec::new(), f.problems, false, &url));
    };
    f.linked(&assertion);
    let Fetcher { loaded, mut problems, images, .. } = f;
    // Nothing fetched is hosted here: every object is someone else's.
    let library = library::link(Path::new(""), loaded, None, &mut problems);
    check::run(&library, &Mode::Remote(&images), now, &mut problems);
    let mut reports = award_reports(&library, &problems, now);
    // A revoked award is reported as revoked, nothing else: whatever else
    // its checks found no longer matters to whoever relies on it.
    for (award, checks) in library.awards.iter().zip(&mut reports) {
        if award.revoked.is_some() {
            checks.retain(|c| c.name == "assertion.revocation");
        } else if let (Some((address, html)), Some(whole)) = (&page_html, library.whole(award, None)) {
            checks.splice(0..0, page::compare(address, html, &whole.doc.data));
        }
    }
    Ok(remote(library, reports, problems, false, &url))
}

/// True for a hosted assertion that says `"revoked": true`.
fn is_revoked_stub(r: &Response) -> bool {
    r.status < 400
        && parse_lenient(&String::from_utf8_lossy(&r.body))
            .is_ok_and(|v| v.get("revoked").and_then(Value::as_bool) == Some(true))
}

/// No objects at all: what a verifier has when nothing could be fetched.
fn empty() -> Library {
    library::link(Path::new(""), Loaded::default(), None, &mut Problems::default())
}

struct Fetcher<'a> {
    agent: &'a ureq::Agent,
    loaded: Loaded,
    problems: Problems,
    images: FetchedImages,
}

impl<'a> Fetcher<'a> {
    fn new(agent: &'a ureq::Agent) -> Self {
        Fetcher { agent, loaded: Loaded::default(), problems: Problems::default(), images: HashMap::new() }
    }

    /// Fetches what an assertion links to, as a verifier does: its badge
    /// class (an embedded one with a web id is fetched again), the badge's
    /// issuer, their images and the issuer's revocation list. Gives back the
    /// issuer profile, when found.
    fn linked(&mut self, assertion: &Assertion) -> Option<Profile> {
        let badge_url = match &assertion.badge {
            Some(Ref::Id(id)) => Some(id.clone()),
            Some(Ref::Embedded(b)) => b.id.clone().filter(|id| urls::is_web_url(id)),
            None => None,
        };
        let badge = match badge_url {
            Some(u) => self.fetch::<BadgeClass>(&u),
            None => match &assertion.badge {
                Some(Ref::Embedded(b)) => Some((**b).clone()),
                _ => None,
            },
        };
        let issuer_url = badge.as_ref().and_then(|b| match &b.issuer {
            Some(Ref::Id(id)) => Some(id.clone()),
            Some(Ref::Embedded(i)) => i.id.clone().filter(|id| urls::is_web_url(id)),
            None => None,
        });
        let issuer = issuer_url.and_then(|u| self.fetch::<Profile>(&u));
        if let Some(image) = badge.as_ref().and_then(|b| b.image.as_ref()).and_then(|i| i.url()) {
            self.image(image);
        }
        if let Some(i) = &issuer {
            if let Some(image) = i.image.as_ref().and_then(|i| i.url()) {
                self.image(image);
            }
            if let Some(list) = &i.revocation_list {
                self.fetch::<RevocationList>(list);
            }
        }
        issuer
    }

    fn fetch<T: DeserializeOwned + Clone + Kind>(&mut self, url: &str) -> Option<T> {
        match get(self.agent, url) {
            Ok(r) => self.parse::<T>(url, r),
            Err(e) => {
                self.problems.push(Problem::error(Code::Fetch, url, e));
                None
            }
        }
    }

    /// Parses a response as an object of type T and files it in `loaded`.
    fn parse<T: DeserializeOwned + Clone + Kind>(&mut self, url: &str, r: Response) -> Option<T> {
        if r.status >= 400 {
            self.problems.push(Problem::error(Code::Fetch, url, format!("the server answered {}", r.status)));
            return None;
        }
        let text = String::from_utf8_lossy(&r.body).into_owned();
        let value: Value = match parse_lenient(&text) {
            Ok(v) => v,
            Err(e) => {
                let ct = r.content_type.unwrap_or_else(|| "no content type".into());
                self.problems.push(
                    Problem::error(Code::Fetch, url, format!("the response is not JSON ({ct}): {e}"))
                        .help("a hosted badge object must be served as JSON at its id URL"),
                );
                return None;
            }
        };
        let source = self.add_source(url, text);
        if let Some(id) = value.get("id").and_then(Value::as_str) {
            if id != url {
                let mut p =
                    Problem::error(Code::IdUrl, url, format!("the object served at {url} declares its id as `{id}`"))
                        .help("a hosted object's id must be exactly the URL it is served at");
                p = p.at_place(self.loaded.sources[source].locate(&JsonPath::root().key("id"))).path("id");
                self.problems.push(p);
            }
        }
        self.file::<T>(source, value)
    }

    /// Keeps a text read from `name`; its index in `loaded.sources`.
    fn add_source(&mut self, name: &str, text: String) -> usize {
        self.loaded.sources.push(Source::new(name.to_string(), text));
        self.loaded.sources.len() - 1
    }

    /// Files `value`, the JSON of source `source`, in `loaded` as a T.
    fn file<T: DeserializeOwned + Clone + Kind>(&mut self, source: usize, value: Value) -> Option<T> {
        let doc = typed_at::<T>(&self.loaded.sources, source, JsonPath::root(), value, &mut self.problems)?;
        let data = doc.data.clone();
        T::file(doc, &mut self.loaded);
        Some(data)
    }

    fn image(&mut self, url: &str) {
        if !urls::is_web_url(url) {
            return;
        }
        let result = match get(self.agent, url) {
            Ok(r) if r.status < 400 => Ok(r.body),
            Ok(r) => Err(format!("the server answered {}", r.status)),
            Err(e) => Err(e),
        };
        self.images.insert(url.to_string(), result);
    }
}

/// Where a fetched object goes in `Loaded`.
trait Kind: Sized {
    fn file(doc: Doc<Self>, loaded: &mut Loaded);
}

impl Kind for Assertion {
    fn file(doc: Doc<Self>, loaded: &mut Loaded) {
        let Doc { source, at, raw, data } = doc;
        loaded.assertions.push(Doc { source, at, raw, data: crate::library::AwardFacts::of(&data) });
    }
}
impl Kind for BadgeClass {
    fn file(doc: Doc<Self>, loaded: &mut Loaded) {
        loaded.badges.push(doc);
    }
}
impl Kind for Profile {
    fn file(doc: Doc<Self>, loaded: &mut Loaded) {
        loaded.issuers.push(doc);
    }
}
impl Kind for RevocationList {
    fn file(doc: Doc<Self>, loaded: &mut Loaded) {
        loaded.revocation_lists.push(doc);
    }
}

/// `now` as the verifier's clock, pinned by `SOURCE_DATE_EPOCH` in tests.
pub fn now() -> OffsetDateTime {
    dates::build_time()
}
