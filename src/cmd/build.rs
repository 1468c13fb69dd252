use super::{print_problems, summary};
use accolade::{Overrides, Site};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

pub fn run(dir: PathBuf, base_url: Option<String>, output: Option<PathBuf>) -> anyhow::Result<ExitCode> {
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
        super::count(site.awards.len(), "award"),
        super::count(site.badges.len(), "badge class"),
        super::count(site.issuers.len(), "issuer"),
        stats.files,
        stats.bytes / 1024,
        stats.output.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
