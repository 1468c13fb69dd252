//! `accolade serve`: builds the site into a temporary folder with every id
//! re-rooted to http://127.0.0.1:PORT/ (as `build --base-url` does, so the
//! live verification of award pages works in the preview), serves it, and
//! rebuilds when a file of the site changes. The site's own output folder is
//! never touched. A broken build leaves the last good one served, with its
//! problems shown over every page and printed here.

use super::print_problems;
use crate::cli::ServeArgs;
use accolade::build::fingerprint::{holds_until, Inputs};
use accolade::config::Config;
use accolade::serve::{watch, Live, Server};
use accolade::sign::key::SigningKey;
use accolade::util::dates;
use accolade::{Overrides, Problems, Severity, Silent, Site};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{mpsc, Arc};
use std::time::Instant;

/// What the serving loop waits for.
enum Event {
    Changed(Vec<PathBuf>),
    Stop,
}

pub fn run(ServeArgs { site, port, open, signing_key }: ServeArgs) -> anyhow::Result<ExitCode> {
    let given = super::site_dir(&site)?;
    let config_file = given.join(accolade::layout::CONFIG_FILE);
    if !config_file.is_file() {
        anyhow::bail!(
            "`{}` is not a site folder: it has no {} (`accolade init` creates one)",
            given.display(),
            accolade::layout::CONFIG_FILE
        );
    }
    // Absolute, so that the watcher's paths and the output's compare.
    let dir = given.canonicalize()?;
    let signing_key = super::build::read_signing_key(signing_key, &dir)?.map(Arc::new);
    let server = Server::bind(port).map_err(anyhow::Error::msg)?;
    let url = server.url();
    // The preview is never written over the site's own output: a folder of
    // its own, removed when serving stops (`TempDir`'s drop).
    let tmp = tempfile::Builder::new().prefix("accolade-serve-").tempdir()?;
    let output = tmp.path().join("public");
    let overrides = Overrides { base_url: Some(url.clone()), output: Some(output.clone()), signing_key };
    let mut preview = Preview { dir: dir.clone(), overrides, throwaway: None };
    let live = Arc::new(Live::default());

    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Event::Stop);
    })?;

    // The site's real output folder (its build record and image cache
    // beside it are left out by `watch::ignore`) and the preview's.
    let mut skip = vec![tmp.path().to_path_buf()];
    if let Some(config) = Config::load(&dir, &Overrides::default(), &mut Problems::default()) {
        skip.push(config.output);
    }
    let changes = tx.clone();
    let _watch = watch::watch(&dir, skip, move |paths| {
        let _ = changes.send(Event::Changed(paths));
    })
    .map_err(anyhow::Error::msg)?;
    // Watching from before the first build: an edit made during it is not lost.
    eprintln!("building {} into {}", given.display(), output.display());
    preview.build(&live);
    server.start(output.clone(), live.clone());
    // The one line on stdout: what to open (tests and scripts read it).
    println!("Serving {} at {url} (Ctrl-C to stop)", given.display());
    if open {
        open_browser(&url);
    }
    while let Ok(event) = rx.recv() {
        match event {
            Event::Changed(mut paths) => {
                // Changes made during the last build: one build for them all.
                let mut stop = false;
                while let Ok(more) = rx.try_recv() {
                    match more {
                        Event::Changed(more) => paths.extend(more),
                        Event::Stop => stop = true,
                    }
                }
                if stop {
                    break;
                }
                paths.sort();
                paths.dedup();
                eprintln!("changed: {}", listed(&paths));
                preview.build(&live);
            }
            Event::Stop => break,
        }
    }
    eprintln!("stopping; removing {}", tmp.path().display());
    tmp.close()?;
    Ok(ExitCode::SUCCESS)
}

/// The builds of one `serve`: the same output folder each time, so the
/// build record there makes a rebuild take unchanged awards as they are.
struct Preview {
    dir: PathBuf,
    overrides: Overrides,
    /// The key that signs a preview whose site gave none, made once.
    throwaway: Option<Arc<SigningKey>>,
}

impl Preview {
    /// Builds, tells `live` how it went, and prints it.
    fn build(&mut self, live: &Live) {
        let start = Instant::now();
        match self.try_build() {
            Ok(Some((files, warnings))) => {
                live.built();
                let warned = match warnings {
                    0 => String::new(),
                    n => format!(", {} (`accolade check` lists them)", super::count(n, "warning")),
                };
                eprintln!("built {files} files in {:.2} s{warned}", start.elapsed().as_secs_f64());
            }
            Ok(None) => {
                live.unchanged();
                eprintln!("nothing changed");
            }
            Err(Broken::Site(problems)) => {
                let errors: Vec<accolade::Problem> =
                    problems.iter().filter(|p| p.severity == Severity::Error).cloned().collect();
                let count = super::count(errors.len(), "error");
                print_problems(&Problems(errors.clone()));
                eprintln!("the build failed with {count}; {}", still(live));
                live.failed(errors);
            }
            Err(Broken::Build(why)) => {
                eprintln!("error: {why}");
                eprintln!("the build failed; {}", still(live));
                live.failed(vec![accolade::Problem::error(accolade::Code::OutputWrite, "", why)]);
            }
        }
    }

    /// As `accolade build` does: `None` when the inputs are those of the
    /// output already; else the number of files written and of warnings.
    fn try_build(&mut self) -> Result<Option<(usize, usize)>, Broken> {
        let now = dates::build_time();
        let inputs = Config::load(&self.dir, &self.overrides, &mut Problems::default())
            .and_then(|config| Inputs::read(&self.dir, &config, &self.overrides).ok());
        if let Some(inputs) = &inputs {
            accolade::build::output::remove_leftovers(inputs.output());
            if inputs.up_to_date(now) {
                return Ok(None);
            }
        }
        let mut site = Site::load_at_with(&self.dir, &self.overrides, now, &Silent).map_err(|e| Broken::Site(e.0))?;
        if site.signing_key.is_none() && site.signing_problem().is_some() {
            self.sign_with_throwaway(&mut site)?;
        }
        if let Some(p) = site.signing_problem() {
            return Err(Broken::Site(Problems(vec![p])));
        }
        let reuse = inputs.as_ref().map(|i| i.reuse(&site.library, &site.reports)).unwrap_or_default();
        let stats = site.build_reusing(&Silent, &reuse).map_err(|e| failure(&e))?;
        if let Some(inputs) = &inputs {
            inputs.record(holds_until(&site.library, now), &reuse.keyed(&site.library)).map_err(|e| failure(&e))?;
        }
        Ok(Some((stats.files, site.problems.warning_count())))
    }

    /// The site has credentials to sign and no key was given: the preview
    /// signs them with a key made for it, whose public half its DID document
    /// publishes in place of `[signing] public_key`, so that they verify in
    /// the preview. (The preview's DID is another anyway: it is derived from
    /// the local URL.) Said once.
    fn sign_with_throwaway(&mut self, site: &mut Site) -> Result<(), Broken> {
        let key = match &self.throwaway {
            Some(key) => key.clone(),
            None => {
                let key = Arc::new(SigningKey::generate().map_err(|e| failure(&e))?);
                eprintln!(
                    "note: no signing key given (--signing-key, {}, [signing] key_file): the preview signs the site's Open Badges 3.0 credentials with a throwaway key, {}",
                    super::build::SIGNING_KEY_VAR,
                    key.public().multibase()
                );
                self.throwaway = Some(key.clone());
                key
            }
        };
        site.config.public_key = Some(key.public());
        site.signing_key = Some(key);
        Ok(())
    }
}

/// Why a build made nothing.
enum Broken {
    /// The site's files have errors.
    Site(Problems),
    /// The build itself failed (a file that cannot be written).
    Build(String),
}

fn failure(e: &anyhow::Error) -> Broken {
    Broken::Build(format!("{e:#}"))
}

/// What is served while a build is broken.
fn still(live: &Live) -> &'static str {
    if live.status().built {
        "still serving the last good build, with the problems shown on every page"
    } else {
        "serving a page that lists the problems until they are fixed"
    }
}

/// `a, b and 3 more`.
fn listed(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().take(3).map(|p| p.display().to_string()).collect();
    match paths.len() {
        n if n > 3 => format!("{} and {} more", shown.join(", "), n - 3),
        _ => shown.join(", "),
    }
}

/// Opens `url` in the default browser, with the system's own opener; a
/// failure is said, not fatal (the URL is printed anyway).
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    if let Err(e) = command.arg(url).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn() {
        eprintln!("cannot open a browser ({e}); open {url}");
    }
}
