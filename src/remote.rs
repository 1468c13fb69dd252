//! Verifying a badge published anywhere (`accolade verify URL`): fetch the
//! hosted assertion, its badge class, issuer, revocation list and images the
//! way a verifier does, then judge them with the same rules and checks as a
//! site folder. Only the hosted copies are trusted: a local file only tells
//! where to look (OB 2.0 §HostedBadge verification).

use crate::check::report::{award_reports, Check};
use crate::check::{self, FetchedImages, Mode};
use crate::diag::{Code, Problem, Problems};
use crate::library::{self, typed_at, Doc, Library, Loaded, Source};
use crate::model::{Assertion, BadgeClass, Profile, Ref, RevocationList};
use crate::util::dates;
use crate::util::json::parse_lenient;
use crate::util::jsonpos::JsonPath;
use crate::util::urls;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
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
}

/// One HTTP response.
pub struct Response {
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
    let content_type = response.header("content-type").map(str::to_string);
    let mut body = Vec::new();
    response.into_reader().take(MAX_BYTES + 1).read_to_end(&mut body).map_err(|e| format!("cannot read {url}: {e}"))?;
    if body.len() as u64 > MAX_BYTES {
        return Err(format!("{url} is larger than {} MiB", MAX_BYTES / 1024 / 1024));
    }
    Ok(Response { status, content_type, body })
}

/// The hosted URL to verify for an input: a URL as it is, or the `id` of a
/// local assertion file.
pub fn resolve_input(input: &str) -> Result<String, String> {
    if urls::is_web_url(input) {
        return Ok(input.to_string());
    }
    let path = PathBuf::from(input);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read `{input}`: {e}"))?;
    let v: Value = parse_lenient(&text).map_err(|e| format!("`{input}` is not JSON: {e}"))?;
    match v.get("id").and_then(Value::as_str) {
        Some(id) if urls::is_web_url(id) => Ok(id.to_string()),
        _ => Err(format!("`{input}` has no http(s) `id`; a hosted badge is verified at its id URL")),
    }
}

/// Fetches and checks the award at `url` as of `now`.
pub fn verify(agent: &ureq::Agent, url: &str, now: OffsetDateTime) -> Result<Remote, String> {
    let mut f = Fetcher { agent, loaded: Loaded::default(), problems: Problems::default(), images: HashMap::new() };
    let first = get(agent, url)?;
    if first.status == 410 {
        // A hosted award answering 410 Gone is revoked (OB 2.0 §HostedBadge verification).
        return Ok(Remote { library: empty(), reports: Vec::new(), problems: Problems::default(), gone: true });
    }
    let Some(assertion) = f.parse::<Assertion>(url, first) else {
        return Ok(Remote { library: empty(), reports: Vec::new(), problems: f.problems, gone: false });
    };
    let badge_url = match &assertion.badge {
        Some(Ref::Id(id)) => Some(id.clone()),
        // An embedded badge with a web id is fetched again, as verifiers do.
        Some(Ref::Embedded(b)) => b.id.clone().filter(|id| urls::is_web_url(id)),
        None => None,
    };
    let badge = match badge_url {
        Some(u) => f.fetch::<BadgeClass>(&u),
        None => match &assertion.badge {
            Some(Ref::Embedded(b)) => Some((**b).clone()),
            _ => None,
        },
    };
    let issuer = badge.as_ref().and_then(|b| {
        let issuer_url = match &b.issuer {
            Some(Ref::Id(id)) => Some(id.clone()),
            Some(Ref::Embedded(i)) => i.id.clone().filter(|id| urls::is_web_url(id)),
            None => None,
        };
        match issuer_url {
            Some(u) => f.fetch::<Profile>(&u),
            None => None,
        }
    });
    if let Some(image) = badge.as_ref().and_then(|b| b.image.as_ref()).and_then(|i| i.url()) {
        f.image(image);
    }
    if let Some(i) = &issuer {
        if let Some(image) = i.image.as_ref().and_then(|i| i.url()) {
            f.image(image);
        }
        if let Some(list) = &i.revocation_list {
            f.fetch::<RevocationList>(list);
        }
    }
    let Fetcher { loaded, mut problems, images, .. } = f;
    // Nothing fetched is hosted here: every object is someone else's.
    let library = library::link(Path::new(""), loaded, None, &mut problems);
    check::run(&library, &Mode::Remote(&images), now, &mut problems);
    let reports = award_reports(&library, &problems, now);
    Ok(Remote { library, reports, problems, gone: false })
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

impl Fetcher<'_> {
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
        let source = self.loaded.sources.len();
        self.loaded.sources.push(Source { rel: url.to_string(), text });
        if let Some(id) = value.get("id").and_then(Value::as_str) {
            if id != url {
                let mut p =
                    Problem::error(Code::IdUrl, url, format!("the object served at {url} declares its id as `{id}`"))
                        .help("a hosted object's id must be exactly the URL it is served at");
                let (line, col) =
                    crate::util::jsonpos::locate(&self.loaded.sources[source].text, &JsonPath::root().key("id"));
                p = p.at(line, col).path("id");
                self.problems.push(p);
            }
        }
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
        loaded.assertions.push(doc);
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
