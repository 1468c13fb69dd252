//! The site's objects: read from a site folder (or fetched from the web by
//! `accolade verify`), typed, and linked by id. This is the model every
//! later step works on; it knows nothing of checks, pages or output.

mod facts;
mod link;
mod listing;
mod read;

pub use facts::AwardFacts;
pub use link::{check_site_path, link, place_for};
pub use listing::sitemap_parts_of;
pub use read::{
    read_site, reads_as_object, typed_at, CopiedFile, Doc, Loaded, Source, IMAGE_EXTENSIONS, MAX_JSON_BYTES,
};

use crate::diag::Problem;
use crate::model::{Assertion, BadgeClass, HasId, Profile, RevocationList};
use crate::util::jsonpos::JsonPath;
use std::path::PathBuf;
use time::OffsetDateTime;

/// Every object of a site, linked.
#[derive(Debug)]
pub struct Library {
    /// The folder it was read from (empty for objects fetched from the web).
    pub dir: PathBuf,
    pub sources: Vec<Source>,
    pub issuers: Vec<Issuer>,
    pub badges: Vec<Badge>,
    pub awards: Vec<Award>,
    pub revocation_lists: Vec<Hosted<RevocationList>>,
    /// Open Badges 3.0 credentials.
    pub credentials: Vec<Credential>,
    /// Files copied to the output as they are.
    pub files: Vec<CopiedFile>,
    /// Site templates, by name.
    pub templates: Vec<(String, String)>,
    /// Theme files that replace the built-in ones, by name below `theme/`.
    pub theme: Vec<CopiedFile>,
}

/// Where an object goes in the output.
#[derive(Debug, Clone, Default)]
pub struct Place {
    /// The page's folder, relative to the output, with a trailing `/` (`badges/m1/`).
    pub page: String,
    /// The hosted JSON's path (`badges/m1.json`); `None` when the object's id
    /// is outside the site's base URL and someone else hosts it.
    pub json: Option<String>,
}

#[derive(Debug)]
pub struct Hosted<T> {
    pub doc: Doc<T>,
    pub place: Place,
}

#[derive(Debug)]
pub struct Issuer {
    pub doc: Doc<Profile>,
    pub place: Place,
    pub badges: Vec<usize>,
}

#[derive(Debug)]
pub struct Badge {
    pub doc: Doc<BadgeClass>,
    pub place: Place,
    pub issuer: Option<usize>,
    /// Criteria narrative from `badges/<slug>.md`.
    pub criteria_md: Option<String>,
    pub awards: Vec<usize>,
}

/// An award, linked. A site keeps its `AwardFacts` (`Award`); a step that
/// needs all the award says gets it whole, one award at a time
/// (`Library::whole`, a `WholeAward`).
#[derive(Debug)]
pub struct Award<D = AwardFacts> {
    pub doc: Doc<D>,
    pub place: Place,
    pub badge: Option<usize>,
    pub issued_on: Option<OffsetDateTime>,
    pub expires: Option<OffsetDateTime>,
    pub revoked: Option<Revocation>,
}

/// An award with its whole assertion, parsed again from its file.
pub type WholeAward = Award<Box<Assertion>>;

impl<D: HasId> Award<D> {
    pub fn is_expired(&self, now: OffsetDateTime) -> bool {
        self.expires.is_some_and(|e| e <= now)
    }

    /// The address of the award's Open Badges data, which its page links to
    /// and verifiers fetch: its hosted JSON on this site, else its own web id.
    pub fn data_url(&self, config: &crate::config::Config) -> Option<String> {
        match &self.place.json {
            Some(json) => Some(config.url(json)),
            None => self.doc.data.id().map(str::to_string).filter(|id| crate::util::urls::is_web_url(id)),
        }
    }
}

/// An Open Badges 3.0 credential of the site (`credentials/<name>.json`):
/// signed already, or to be signed at build with the site's key.
#[derive(Debug)]
pub struct Credential {
    /// The credential as written (re-rooted).
    pub doc: Doc<serde_json::Value>,
    /// Its page and hosted JSON (`credentials/<name>/`, `credentials/<name>.json`).
    pub place: Place,
    /// The site's badge class whose page is the achievement's id, if any.
    pub badge: Option<usize>,
    /// Listed in the site's revocation list (`accolade revoke`).
    pub revoked: Option<Revocation>,
}

impl Credential {
    pub fn id(&self) -> Option<&str> {
        self.doc.data.get("id").and_then(serde_json::Value::as_str)
    }

    /// Signed already (it has a `proof`, or was a VC-JWT), rather than to be
    /// signed by the build.
    pub fn is_signed(&self) -> bool {
        self.doc.data.get("proof").is_some() || self.jwt().is_some()
    }

    /// The VC-JWT it was read from (`credentials/<name>.jwt`), hosted as it is.
    pub fn jwt(&self) -> Option<&str> {
        self.doc.raw.as_str()
    }

    /// Where its VC-JWT is published: beside its page (`credentials/x/` →
    /// `credentials/x.jwt`).
    pub fn jwt_path(&self) -> String {
        format!("{}.jwt", self.place.page.trim_end_matches('/'))
    }
}

#[derive(Debug, Clone)]
pub struct Revocation {
    pub reason: Option<String>,
    pub revoked_on: Option<OffsetDateTime>,
}

impl Library {
    /// The issuer of an award, through its badge class.
    pub fn issuer_of<D>(&self, award: &Award<D>) -> Option<&Issuer> {
        award.badge.and_then(|b| self.badges[b].issuer).map(|i| &self.issuers[i])
    }

    /// `award` with its whole assertion, parsed again from its file and, with
    /// `reroot` (a site folder's configuration), re-rooted as when read.
    /// `None` when the file changed since it was read and checked.
    pub fn whole(&self, award: &Award, reroot: Option<&crate::config::Config>) -> Option<WholeAward> {
        let doc = whole_assertion(&self.sources, &award.doc, reroot)?;
        let Award { place, badge, issued_on, expires, revoked, doc: _ } = award;
        Some(Award {
            doc,
            place: place.clone(),
            badge: *badge,
            issued_on: *issued_on,
            expires: *expires,
            revoked: revoked.clone(),
        })
    }

    /// As `whole`, or an error that says the file changed during the build.
    pub fn whole_or_err(&self, award: &Award, config: &crate::config::Config) -> anyhow::Result<WholeAward> {
        self.whole(award, Some(config)).ok_or_else(|| {
            let file = &self.sources[award.doc.source].rel;
            anyhow::anyhow!("`{file}` changed during the build; build again")
        })
    }

    /// A problem about the object `doc`, at `path` inside it, with its line.
    pub fn problem_at<T>(&self, doc: &Doc<T>, path: &JsonPath, p: Problem) -> Problem {
        problem_at(&self.sources, doc, path, p)
    }
}

/// A problem about the object `doc` of `sources`, at `path` inside it, with
/// its file, line and column.
pub fn problem_at<T>(sources: &[Source], doc: &Doc<T>, path: &JsonPath, p: Problem) -> Problem {
    let mut full = doc.at.clone();
    full.0.extend(path.0.iter().cloned());
    let src = &sources[doc.source];
    let mut p = p.at_place(src.locate(&full)).path(full.to_string());
    p.file = src.rel.clone();
    p
}

/// The whole assertion of which `facts` were kept, parsed again from its
/// file and re-rooted with `reroot` as when read; `None` when the file
/// changed since.
pub fn whole_assertion(
    sources: &[Source],
    facts: &Doc<AwardFacts>,
    reroot: Option<&crate::config::Config>,
) -> Option<Doc<Box<Assertion>>> {
    let raw = sources[facts.source].value_at(&facts.at, reroot)?;
    let data = <Box<Assertion> as serde::Deserialize>::deserialize(&raw).ok()?;
    Some(Doc { source: facts.source, at: facts.at.clone(), raw, data })
}
