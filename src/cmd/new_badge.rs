use crate::cli::NewBadgeArgs;
use accolade::edit::new_badge::{new_badge, NewBadge};
use std::process::ExitCode;

pub fn run(NewBadgeArgs { slug, name, description, issuer, site }: NewBadgeArgs) -> anyhow::Result<ExitCode> {
    let site = super::site_dir(&site)?;
    let files = new_badge(&site, &NewBadge { slug: slug.clone(), name, description, issuer })?;
    println!("created badge class `{slug}` in {}:", site.display());
    for f in &files {
        println!("  {f}");
    }
    println!(
        "\nNext: describe it in badges/{slug}.json and its criteria in badges/{slug}.md (replace the image if you like), then\n  accolade check {}\n  accolade issue --site {} --badge {slug} --email LEARNER@EXAMPLE.ORG",
        site.display(),
        site.display()
    );
    Ok(ExitCode::SUCCESS)
}
