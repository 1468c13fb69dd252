//! The site's objects: read from a site folder (or fetched from the web by
//! `accolade verify`), typed, and linked by id. This is the model every
//! later step works on; it knows nothing of checks, pages or output.

mod link;
mod listing;
mod read;

pub use link::{check_site_path, link, place_for};
pub use read::{read_site, typed_at, CopiedFile, Doc, Loaded, Source, IMAGE_EXTENSIONS, MAX_JSON_BYTES};

use crate::diag::Problem;
use crate::model::{Assertion, BadgeClass, Profile, RevocationList};
use crate::util::jsonpos::{locate, JsonPath};
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

#[derive(Debug)]
pub struct Award {
    /// Boxed: an `Assertion` is over 800 bytes in place, and the vectors of
    /// awards (read, then linked) doubled as they grew, so that at 100,000
    /// awards each held 130,000 of them in place.
    pub doc: Doc<Box<Assertion>>,
    pub place: Place,
    pub badge: Option<usize>,
    pub issued_on: Option<OffsetDateTime>,
    pub expires: Option<OffsetDateTime>,
    pub revoked: Option<Revocation>,
}

impl Award {
    pub fn is_expired(&self, now: OffsetDateTime) -> bool {
        self.expires.is_some_and(|e| e <= now)
    }

    /// The address of the award's Open Badges data, which its page links to
    /// and verifiers fetch: its hosted JSON on this site, else its own web id.
    pub fn data_url(&self, config: &crate::config::Config) -> Option<String> {
        match &self.place.json {
            Some(json) => Some(config.url(json)),
            None => self.doc.data.id.clone().filter(|id| crate::util::urls::is_web_url(id)),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Revocation {
    pub reason: Option<String>,
    pub revoked_on: Option<OffsetDateTime>,
}

impl Library {
    /// The issuer of an award, through its badge class.
    pub fn issuer_of(&self, award: &Award) -> Option<&Issuer> {
        award.badge.and_then(|b| self.badges[b].issuer).map(|i| &self.issuers[i])
    }

    /// Lets go of the award files' texts (`Source::release`) once the site is
    /// checked: the build reads an award's file again when it needs the
    /// whole JSON, and makes no more messages that name a line. Texts of
    /// files that also hold other objects stay, as those objects' messages
    /// and JSON are read from them.
    pub fn release_award_texts(&mut self) {
        let shared: std::collections::HashSet<usize> =
            self.issuers.iter().map(|i| i.doc.source).chain(self.badges.iter().map(|b| b.doc.source)).collect();
        for award in &self.awards {
            if !shared.contains(&award.doc.source) {
                self.sources[award.doc.source].release();
            }
        }
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
    let (line, col) = locate(&src.text, &full);
    let mut p = p.at(line, col).path(full.to_string());
    p.file = src.rel.clone();
    p
}
