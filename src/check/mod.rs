//! The rules a site must follow to verify under Open Badges 2.0, checked over
//! the linked library. Every broken rule becomes a [`Problem`] naming the
//! file, line and JSON path; `report` groups them into each award's checks.
//!
//! The same rules judge a site folder and badges fetched from the web by
//! `accolade verify`; [`Mode`] says which, and so which rules about hosting
//! and output apply.

mod award;
pub mod collisions;
mod context;
pub mod headline;
mod hosting;
mod leaks;
mod objects;
pub mod placeholders;
pub mod private_keys;
pub mod report;
mod site_rules;
pub mod svg;
mod svg_allow;
mod svg_clean;
mod text;

pub use site_rules::{hosting_policy, published_images};

use crate::config::Config;
use crate::diag::{Code, Problem, Problems, Severity};
use crate::library::{problem_at, Award, Doc, Library, Source};
use crate::util::jsonpos::JsonPath;
use rayon::prelude::*;
use std::collections::HashMap;
use time::OffsetDateTime;

/// Images fetched from the web by `accolade verify`: their bytes, or why not.
pub type FetchedImages = HashMap<String, Result<Vec<u8>, String>>;

/// What is being checked.
pub enum Mode<'a> {
    /// A site folder, to be published at `config.base_url`.
    Site(&'a Config),
    /// Badge objects fetched from the web, with the images they name:
    /// nothing is published here, so output rules do not apply.
    Remote(&'a FetchedImages),
}

/// Checks every object of a linked library as of `now`; problems go to `problems`.
pub fn run(library: &Library, mode: &Mode<'_>, now: OffsetDateTime, problems: &mut Problems) {
    let files: HashMap<String, &std::path::Path> =
        library.files.iter().map(|f| (f.to.clone(), f.from.as_path())).collect();
    let (base_url, fetched_images) = match mode {
        Mode::Site(config) => (Some(config.base_url.as_str()), None),
        Mode::Remote(images) => (None, Some(*images)),
    };
    let mut v = Validator {
        sources: &library.sources,
        problems,
        files: &files,
        fetched_images,
        base_url,
        counts: HashMap::new(),
    };
    for issuer in &library.issuers {
        v.issuer(&issuer.doc);
        v.text_values(&issuer.doc, false);
    }
    for badge in &library.badges {
        v.badge(&badge.doc, badge.criteria_md.is_some());
        v.text_values(&badge.doc, false);
        if badge.criteria_md.as_deref().is_some_and(|md| md.trim().is_empty()) {
            let stem = std::path::Path::new(&library.sources[badge.doc.source].rel).with_extension("md");
            v.problems.push(
                Problem::warning(
                    Code::BadgeCriteria,
                    stem.to_string_lossy().replace('\\', "/"),
                    "the criteria file is empty: the badge page shows no criteria",
                )
                .help("write what an earner did to earn the badge, in Markdown"),
            );
        }
    }
    for list in &library.revocation_lists {
        v.revocation_list(&list.doc);
        v.text_values(&list.doc, false);
    }
    // A site folder's configuration: awards read from it are re-rooted with
    // it when parsed again, and the placeholder rules apply to them.
    let site = match mode {
        Mode::Site(config) => Some(*config),
        Mode::Remote(_) => None,
    };
    v.report_the_rest();
    // Each award is checked on its own (its file's problems are its own), so
    // awards are checked in parallel, in batches joined in order.
    let award_problems: Vec<Problems> = library
        .awards
        .par_chunks(AWARDS_PER_BATCH)
        .map(|batch| {
            let mut found = Problems::default();
            let mut v = Validator {
                sources: &library.sources,
                problems: &mut found,
                files: &files,
                fetched_images,
                base_url,
                counts: HashMap::new(),
            };
            for award in batch {
                v.whole_award(library, award, site, now);
            }
            v.report_the_rest();
            found
        })
        .collect();
    for found in award_problems {
        problems.0.extend(found.0);
    }
    match mode {
        Mode::Site(config) => {
            site_rules::check_unreferenced_images(library, config, problems);
            site_rules::check_shared_salts(library, problems);
            collisions::check_output_collisions(library, config, problems);
            site_rules::check_linkedin(library, config, problems);
            hosting::check_ids_under_base_url(library, config, problems);
            placeholders::check_placeholders(library, config, problems);
            private_keys::check_private_keys(&library.dir, &config.output, problems);
            let keys = crate::ob3::rules::site_keys(config);
            crate::ob3::rules::check_credentials(library, Some(config), &keys, now, problems);
        }
        Mode::Remote(_) => site_rules::check_shared_salts(library, problems),
    }
}

impl Validator<'_> {
    /// An award's rules, on all of its JSON: the site keeps only its facts,
    /// so it is parsed again here, one award at a time.
    fn whole_award(&mut self, library: &Library, award: &Award, site: Option<&Config>, now: OffsetDateTime) {
        let Some(award) = library.whole(award, site) else {
            let p = Problem::error(Code::FileRead, "", "the file changed while it was being checked")
                .help("check or build again");
            self.problems.push(problem_at(self.sources, &award.doc, &JsonPath::root(), p));
            return;
        };
        self.award(&award, now);
        self.text_values(&award.doc, true);
        // The hosting policy is about where hosted awards live; a signed
        // award is not trusted for where it is (OB 2.0 §SignedBadge).
        let hosted = !award.doc.data.verification.as_ref().is_some_and(|v| v.is_signed());
        if let Some(issuer) = library.issuer_of(&award).filter(|_| hosted) {
            if let Err(why) = hosting_policy(award.doc.data.id.as_deref(), &issuer.doc.data) {
                let p = Problem::error(Code::IssuerPolicy, "", why).help(
                    "publish the assertion under a URL the issuer's `verification` allows (`startsWith`, `allowedOrigins`, or by default the issuer id's host)",
                );
                self.problems.push(problem_at(self.sources, &award.doc, &JsonPath::root().key("id"), p));
            }
        }
        if site.is_some() {
            placeholders::award_placeholders(library, &award, self.problems);
        }
    }
}

/// Awards checked by one parallel task.
const AWARDS_PER_BATCH: usize = 256;

struct Validator<'a> {
    sources: &'a [Source],
    problems: &'a mut Problems,
    /// Copied files (images) by output path, to check hosted image URLs.
    files: &'a HashMap<String, &'a std::path::Path>,
    /// Images fetched from the web, by URL (`accolade verify`).
    fetched_images: Option<&'a FetchedImages>,
    /// The base URL the site is published at; `None` for fetched objects.
    base_url: Option<&'a str>,
    /// Problems reported per (file, rule): past `MAX_SAME_PROBLEM` they are
    /// counted, not located (locating is a scan of the file; a file with a
    /// million bad values must not make a build quadratic).
    counts: HashMap<(usize, Code), (usize, Severity)>,
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
                *code,
                self.sources[*source].rel.clone(),
                format!("… and {} more like the above in this file", n - MAX_SAME_PROBLEM),
            ));
        }
    }
}
