use super::{print_problems, summary};
use crate::cli::BuildArgs;
use accolade::{Overrides, Site};
use std::process::ExitCode;
use std::time::Instant;

pub fn run(BuildArgs { dir, base_url, output }: BuildArgs) -> anyhow::Result<ExitCode> {
    let start = Instant::now();
    let site = match Site::load(&dir, &Overrides { base_url, output }) {
        Ok(site) => site,
        Err(errors) => {
            print_problems(&errors.0);
            eprintln!("build failed: {}; nothing was written", summary(&errors.0));
            return Ok(ExitCode::FAILURE);
        }
    };
    print_problems(&site.problems);
    let stats = site.build()?;
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
    Ok(ExitCode::SUCCESS)
}
