//! The site: a site folder read, linked and checked. `Site::load` makes one
//! only when the folder has no errors, so a `Site` is always ready to build
//! (`Site::build`, in `build`).

use crate::check::report::{compact_reports, Report};
use crate::check::{self, Mode};
use crate::config::{Config, Overrides};
use crate::diag::{Problems, SiteErrors};
use crate::i18n::Strings;
use crate::library::{self, Library};
use crate::render::theme::Theme;
use crate::render::Renderer;
use crate::util::dates;
use crate::util::progress::{Phase, Progress, Silent};
use std::path::Path;
use std::sync::Arc;
use time::OffsetDateTime;

pub struct Site {
    pub config: Config,
    /// When this build ran; expiry is judged against it.
    pub now: OffsetDateTime,
    pub library: Library,
    /// Every award's checks, by award index.
    pub reports: Vec<Report>,
    /// Warnings (a site with errors does not load).
    pub problems: Problems,
    pub renderer: Renderer,
    pub theme: Theme,
    /// The key that signs the site's unsigned Open Badges 3.0 credentials.
    pub signing_key: Option<std::sync::Arc<crate::sign::key::SigningKey>>,
}

/// A site folder read, linked and checked, whatever problems it has.
pub struct Checked {
    pub config: Config,
    pub library: Library,
    /// Every award's checks, by award index.
    pub reports: Vec<Report>,
    /// Every problem found, in the order found.
    pub problems: Problems,
}

/// Reads, links and checks a site folder as of `now`. Fails only when its
/// configuration cannot be read; every other problem is in the result.
pub fn check_folder(dir: &Path, overrides: &Overrides, now: OffsetDateTime) -> Result<Checked, Problems> {
    check_folder_with(dir, overrides, now, &Silent)
}

/// As `check_folder`, telling `progress` when reading and checking begin.
fn check_folder_with(
    dir: &Path,
    overrides: &Overrides,
    now: OffsetDateTime,
    progress: &dyn Progress,
) -> Result<Checked, Problems> {
    let mut problems = Problems::default();
    progress.phase(Phase::Reading, 0);
    let Some(config) = Config::load(dir, overrides, &mut problems) else { return Err(problems) };
    let loaded = library::read_site(dir, &config, &mut problems);
    progress.phase(Phase::Checking, 0);
    let library = library::link(dir, loaded, Some(&config.base_url), &mut problems);
    check::run(&library, &Mode::Site(&config), now, &mut problems);
    let reports = compact_reports(&library, &problems, now);
    Ok(Checked { config, library, reports, problems })
}

impl Site {
    /// Reads, links and checks a site folder. On errors, returns every
    /// problem found (warnings included); on success the site keeps its warnings.
    pub fn load(dir: &Path, overrides: &Overrides) -> Result<Site, SiteErrors> {
        Site::load_at(dir, overrides, dates::build_time())
    }

    /// As `load`, telling `progress` when reading and checking begin.
    pub fn load_with(dir: &Path, overrides: &Overrides, progress: &dyn Progress) -> Result<Site, SiteErrors> {
        Site::load_at_with(dir, overrides, dates::build_time(), progress)
    }

    /// As `load`, with the build's "now" given.
    pub fn load_at(dir: &Path, overrides: &Overrides, now: OffsetDateTime) -> Result<Site, SiteErrors> {
        Site::load_at_with(dir, overrides, now, &Silent)
    }

    /// As `load_at`, telling `progress` when reading and checking begin.
    pub fn load_at_with(
        dir: &Path,
        overrides: &Overrides,
        now: OffsetDateTime,
        progress: &dyn Progress,
    ) -> Result<Site, SiteErrors> {
        let Checked { config, library, reports, mut problems } = match check_folder_with(dir, overrides, now, progress)
        {
            Ok(checked) => checked,
            Err(mut problems) => {
                problems.sort();
                return Err(SiteErrors(problems));
            }
        };
        let theme = Theme::new(config.theme, &config.colors, dir, &library.theme, &mut problems);
        let strings = Arc::new(Strings::load(&config.language, dir, &mut problems));
        let renderer = Renderer::new(config.theme, &library.templates, strings, &mut problems);
        problems.sort();
        match renderer {
            Some(renderer) if !problems.has_errors() => {
                let signing_key = match signing_key_of(dir, &config, overrides) {
                    Ok(key) => key,
                    Err(p) => {
                        problems.push(*p);
                        return Err(SiteErrors(problems));
                    }
                };
                // A key that is not the site's is an error wherever it is
                // given; no key at all is one only for a build that must sign
                // (`Site::signing_problem`): `check` needs no secret.
                if let Some(p) =
                    signing_key_problem(&config, &library, signing_key.as_deref()).filter(|_| signing_key.is_some())
                {
                    problems.push(p);
                    return Err(SiteErrors(problems));
                }
                Ok(Site { config, now, library, reports, problems, renderer, theme, signing_key })
            }
            _ => Err(SiteErrors(problems)),
        }
    }
}

impl Site {
    /// Why this site cannot be built as it is: credentials to sign and no key.
    pub fn signing_problem(&self) -> Option<crate::diag::Problem> {
        signing_key_problem(&self.config, &self.library, self.signing_key.as_deref())
    }
}

/// A site with credentials to sign has the key, and it is the key its
/// configuration publishes (`[signing] public_key`).
fn signing_key_problem(
    config: &Config,
    library: &Library,
    key: Option<&crate::sign::key::SigningKey>,
) -> Option<crate::diag::Problem> {
    use crate::diag::{Code, Problem};
    let to_sign = library.credentials.iter().filter(|c| !c.is_signed()).count();
    match (key, &config.public_key) {
        (None, _) if to_sign > 0 => Some(Problem::error(
            Code::CredentialProof,
            crate::layout::CREDENTIALS,
            format!("{to_sign} Open Badges 3.0 credential(s) to sign and no signing key: {}", crate::ob3::GIVE_KEY),
        )),
        (Some(key), Some(public)) if key.public() != *public => Some(Problem::error(
            Code::CredentialProof,
            crate::layout::CONFIG_FILE,
            format!(
                "the signing key given is not the site's: its public key is {}, accolade.toml's [signing] public_key is {}",
                key.public().multibase(),
                public.multibase()
            ),
        )
        .help("give the key file `accolade keygen` wrote for this site, or put its public key in accolade.toml")),
        _ => None,
    }
}

/// The key given to the build, else the one the configuration names
/// (`[signing] key_file`).
fn signing_key_of(
    dir: &Path,
    config: &Config,
    overrides: &Overrides,
) -> Result<Option<std::sync::Arc<crate::sign::key::SigningKey>>, Box<crate::diag::Problem>> {
    if let Some(key) = &overrides.signing_key {
        return Ok(Some(key.clone()));
    }
    let Some(file) = &config.signing_key_file else { return Ok(None) };
    crate::sign::key::read_key_file(file, dir).map(|k| Some(std::sync::Arc::new(k))).map_err(|why| {
        Box::new(
            crate::diag::Problem::error(crate::diag::Code::CredentialProof, crate::layout::CONFIG_FILE, why)
                .help("[signing] key_file names the key file, relative to the site folder and outside it"),
        )
    })
}
