use super::progress::BuildProgress;
use super::{print_problems, summary};
use crate::cli::BuildArgs;
use accolade::{Overrides, Problems, Severity, Site};
use std::process::ExitCode;
use std::time::Instant;

pub fn run(BuildArgs { dir, base_url, output, quiet, verbose }: BuildArgs) -> anyhow::Result<ExitCode> {
    let start = Instant::now();
    let progress = BuildProgress::new(!quiet);
    let loaded = Site::load_with(&dir, &Overrides { base_url, output }, &progress);
    let site = match loaded {
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
    let built = site.build_with(&progress);
    let phases = progress.finish();
    if !quiet {
        print_problems(&site.problems);
    }
    let stats = built?;
    if quiet {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "built {}, {}, {}: {} files ({} KiB) in {} in {:.2} s",
        super::count(site.library.awards.len(), "award"),
        super::count(site.library.badges.len(), "badge class"),
        super::count(site.library.issuers.len(), "issuer"),
        stats.files,
        stats.bytes / 1024,
        stats.output.display(),
        start.elapsed().as_secs_f64()
    );
    if verbose {
        for (phase, total, took) in phases {
            let count = if total > 0 { format!(" ({})", super::count(total, "award")) } else { String::new() };
            eprintln!("  {:<16} {:>7.2} s{count}", phase.label(), took.as_secs_f64());
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
