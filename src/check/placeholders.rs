//! The sample values `accolade init` (and `accolade new badge`) write, which
//! must not be published as they are. This is the one list of them: the
//! skeleton's tests make sure each is in the files `init` writes, and
//! `check` warns (`placeholder`) about each one until it is changed.

use crate::config::Config;
use crate::diag::{Code, Problem, Problems};
use crate::layout;
use crate::library::{problem_at, Doc, Library, WholeAward};
use crate::model::{all, recipient::recipient_matches, Evidence, OneOrMany};
use crate::util::jsonpos::JsonPath;

/// `init`'s base URL when none is given.
pub const BASE_URL: &str = "https://example.github.io/badges/";
/// `init`'s site title when none is given, also its issuer's name.
pub const TITLE: &str = "My Badges";
/// The issuer's contact email.
pub const ISSUER_EMAIL: &str = "badges@example.org";
/// The issuer's description.
pub const ISSUER_DESCRIPTION: &str = "Edit `issuers/organisation.json`: your organisation's name, web address and a contact email for questions about its badges.";
/// The end of a sample badge class's description.
pub const BADGE_DESCRIPTION_HINT: &str = "to describe your own badge.";
/// The last line of a sample criteria file.
pub const CRITERIA_HINT: &str = "to state your own criteria.";
/// The sample award's recipient.
pub const SAMPLE_EMAIL: &str = "learner@example.org";
/// The sample award's evidence narrative.
pub const SAMPLE_EVIDENCE_NARRATIVE: &str = "Replace with a link to the learner's work.";

/// The host of `BASE_URL`.
const BASE_HOST: &str = "example.github.io";

/// Warns about every placeholder still in the site's configuration, issuers
/// and badge classes (the awards': `award_placeholders`).
pub(super) fn check_placeholders(site: &Library, config: &Config, problems: &mut Problems) {
    if crate::util::urls::parse(&config.source_base_url).is_some_and(|p| p.host() == BASE_HOST) {
        problems.push(
            Problem::warning(
                Code::Placeholder,
                layout::CONFIG_FILE,
                format!("base_url `{}` is `accolade init`'s placeholder", config.source_base_url),
            )
            .help("run `accolade move --to https://<org>.github.io/<repo>/`: it sets base_url and rewrites every id and URL to it"),
        );
    }
    let mut warn = |doc_problem: Problem| problems.push(doc_problem);
    for issuer in site.issuers.iter().filter(|i| i.doc.at.0.is_empty()) {
        let d = &issuer.doc.data;
        let found = [
            ("email", d.email.as_deref() == Some(ISSUER_EMAIL), "the issuer's contact email"),
            ("name", d.name.as_deref() == Some(TITLE), "the issuer's name"),
            ("description", d.description.as_deref() == Some(ISSUER_DESCRIPTION), "the issuer's description"),
            ("url", d.url.as_deref().is_some_and(|u| u.contains(BASE_HOST)), "the issuer's web address"),
        ];
        for (key, is_placeholder, what) in found {
            if is_placeholder {
                warn(placeholder(site, &issuer.doc, JsonPath::root().key(key), what));
            }
        }
    }
    for badge in site.badges.iter().filter(|b| b.doc.at.0.is_empty()) {
        if badge.doc.data.description.as_deref().is_some_and(|d| d.contains(BADGE_DESCRIPTION_HINT)) {
            warn(placeholder(site, &badge.doc, JsonPath::root().key("description"), "the badge class's description"));
        }
        if badge.criteria_md.as_deref().is_some_and(|md| md.contains(CRITERIA_HINT)) {
            let md = std::path::Path::new(&site.sources[badge.doc.source].rel).with_extension("md");
            warn(
                Problem::warning(
                    Code::Placeholder,
                    md.to_string_lossy().replace('\\', "/"),
                    "the criteria are still the sample text",
                )
                .help("state what an earner did to earn the badge, and remove the line that says to edit the file"),
            );
        }
    }
}

/// Warns about the placeholders of `init`'s sample award in `award`. The
/// checks call it on each award as they parse it whole.
pub(super) fn award_placeholders(site: &Library, award: &WholeAward, problems: &mut Problems) {
    if !award.doc.at.0.is_empty() {
        return;
    }
    let d = &award.doc.data;
    if d.recipient.as_ref().is_some_and(|r| recipient_matches(r, SAMPLE_EMAIL) == Ok(true)) {
        let p = Problem::warning(
            Code::Placeholder,
            "",
            format!("this is `accolade init`'s sample award, to {SAMPLE_EMAIL}"),
        )
        .help("delete the file before publishing, or issue real awards with `accolade issue`");
        problems.push(problem_at(&site.sources, &award.doc, &JsonPath::root().key("recipient"), p));
    }
    let many = matches!(d.evidence, Some(OneOrMany::Many(_)));
    for (i, e) in all(&d.evidence).iter().enumerate() {
        if matches!(e, Evidence::Object(o) if o.narrative.as_deref() == Some(SAMPLE_EVIDENCE_NARRATIVE)) {
            let at = if many { JsonPath::root().key("evidence").index(i) } else { JsonPath::root().key("evidence") };
            problems.push(placeholder(site, &award.doc, at.key("narrative"), "the evidence"));
        }
    }
}

fn placeholder<T>(site: &Library, doc: &Doc<T>, path: JsonPath, what: &str) -> Problem {
    let p = Problem::warning(Code::Placeholder, "", format!("{what} is still accolade's placeholder"))
        .help("replace it with your own before publishing");
    problem_at(&site.sources, doc, &path, p)
}
