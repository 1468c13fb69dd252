use crate::cli::MoveArgs;
use accolade::edit::rebase::{move_site, MoveOptions};
use std::process::ExitCode;

pub fn run(MoveArgs { to, from, dry_run, site }: MoveArgs) -> anyhow::Result<ExitCode> {
    let site = super::site_dir(&site)?;
    let plan = move_site(&site, &MoveOptions { to, from, dry_run })?;
    if plan.from == plan.to {
        println!("nothing to move: every id of the site is already under {}", plan.to);
        return Ok(ExitCode::SUCCESS);
    }
    let verb = if dry_run { "would move" } else { "moved" };
    println!("{verb} {} from {} to {}:", super::count(plan.url_count(), "URL"), plan.from, plan.to);
    for (file, n) in &plan.files {
        println!("  {file}: {}", super::count(*n, "URL"));
    }
    if plan.config_changed {
        println!("  accolade.toml: base_url = \"{}\"", plan.to);
    }
    if dry_run {
        println!("nothing was written (--dry-run)");
    } else {
        println!("next: accolade check {}", site.display());
    }
    Ok(ExitCode::SUCCESS)
}
