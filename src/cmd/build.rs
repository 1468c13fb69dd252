use super::progress::BuildProgress;
use super::{print_problems, summary};
use crate::cli::BuildArgs;
use accolade::build::fingerprint::{holds_until, Inputs};
use accolade::config::Config;
use accolade::sign::key::{read_key_file, SigningKey};
use accolade::util::dates;
use accolade::{Overrides, Problems, Severity, Site};
use std::process::ExitCode;
use std::time::Instant;

pub fn run(BuildArgs { site, base_url, output, signing_key, quiet, verbose }: BuildArgs) -> anyhow::Result<ExitCode> {
    let start = Instant::now();
    let now = dates::build_time();
    let dir = super::site_dir(&site)?;
    let signing_key = read_signing_key(signing_key, &dir)?.map(std::sync::Arc::new);
    let overrides = Overrides { base_url, output, signing_key };
    // Nothing changed since the last build: the output stays as it is. The
    // inputs are hashed before the site is read, so an edit made during the
    // build makes the next one run.
    let inputs = Config::load(&dir, &overrides, &mut Problems::default())
        .and_then(|config| Inputs::read(&dir, &config, &overrides).ok());
    if let Some(inputs) = &inputs {
        accolade::build::output::remove_leftovers(inputs.output());
    }
    if let Some(inputs) = inputs.as_ref().filter(|i| i.up_to_date(now)) {
        if !quiet {
            eprintln!(
                "nothing changed since the last build of {}; the output is as it was ({:.2} s; `accolade check` shows any warnings)",
                inputs.output().display(),
                start.elapsed().as_secs_f64()
            );
            if verbose {
                let (files, read) = inputs.files_read();
                eprintln!(
                    "  {read} of {} read, the others unchanged by their size, inode and times",
                    super::count(files, "input file")
                );
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let progress = BuildProgress::new(!quiet);
    let site = match Site::load_at_with(&dir, &overrides, now, &progress) {
        Ok(site) => site,
        Err(errors) => {
            progress.finish();
            if quiet {
                print_errors(&errors.0);
            } else {
                print_problems(&errors.0);
            }
            eprintln!("build failed: {}; nothing was written", summary(&errors.0));
            return Ok(ExitCode::FAILURE);
        }
    };
    if let Some(p) = site.signing_problem() {
        progress.finish();
        eprintln!("{p}");
        eprintln!("build failed: 1 error; nothing was written");
        return Ok(ExitCode::FAILURE);
    }
    // Award pages made of exactly what the previous build made them of are
    // taken from the previous output as they are, without rendering.
    let reuse = inputs.as_ref().map(|i| i.reuse(&site.library, &site.reports)).unwrap_or_default();
    let built = site.build_reusing(&progress, &reuse);
    let phases = progress.finish();
    if !quiet {
        print_problems(&site.problems);
    }
    let stats = built?;
    if let Some(inputs) = &inputs {
        inputs.record(holds_until(&site.library, now), &reuse.keyed(&site.library))?;
    }
    if quiet {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "built {}, {}, {}{}: {} files ({} KiB, {} rewritten, {} unchanged) in {} in {:.2} s",
        super::count(site.library.awards.len(), "award"),
        super::count(site.library.badges.len(), "badge class"),
        super::count(site.library.issuers.len(), "issuer"),
        super::credentials_counted(site.library.credentials.len()),
        stats.files,
        stats.bytes / 1024,
        stats.files - stats.kept,
        stats.kept,
        stats.output.display(),
        start.elapsed().as_secs_f64()
    );
    if stats.reused_awards > 0 {
        eprintln!(
            "  {} of {} award pages were unchanged and taken from the last build without rendering",
            stats.reused_awards,
            site.library.awards.len()
        );
    }
    if verbose {
        for (phase, total, took) in phases {
            let count = if total > 0 { format!(" ({})", super::count(total, "award")) } else { String::new() };
            eprintln!("  {:<16} {:>7.2} s{count}", phase.label(), took.as_secs_f64());
        }
        let cache = &stats.cache;
        if cache.hits + cache.made > 0 {
            eprintln!(
                "  share images: {} drawn, {} from the cache {}{}",
                cache.made,
                cache.hits,
                accolade::layout::build_cache(&stats.output).display(),
                match cache.damaged {
                    0 => String::new(),
                    n => format!(" ({n} damaged, drawn again)"),
                }
            );
        }
        if let Some(why) = &cache.first_error {
            eprintln!(
                "  the cache could not be used for {} ({why}); they were drawn",
                super::count(cache.errors, "image")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `--quiet`: the errors only, not the warnings.
fn print_errors(problems: &Problems) {
    for p in problems.iter().filter(|p| p.severity == Severity::Error) {
        eprintln!("{p}");
    }
}

/// The environment variable that holds the signing key file's content.
pub const SIGNING_KEY_VAR: &str = "ACCOLADE_SIGNING_KEY";

/// The signing key: from `--signing-key FILE`, else from the environment.
/// Without either, loading the site reads its `[signing] key_file`.
pub fn read_signing_key(
    file: Option<std::path::PathBuf>,
    site: &std::path::Path,
) -> anyhow::Result<Option<SigningKey>> {
    if let Some(path) = file {
        return read_key_file(&path, site).map(Some).map_err(anyhow::Error::msg);
    }
    match std::env::var(SIGNING_KEY_VAR) {
        Ok(text) if !text.trim().is_empty() => SigningKey::from_key_file(&text)
            .map(Some)
            .map_err(|why| anyhow::anyhow!("the signing key in {SIGNING_KEY_VAR}: {why}")),
        _ => Ok(None),
    }
}
