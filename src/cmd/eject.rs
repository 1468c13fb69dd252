use crate::cli::EjectArgs;
use accolade::edit::eject;
use std::process::ExitCode;

/// `accolade eject`: lists what it wrote, and how to keep only the changes.
pub fn run(EjectArgs { site, theme, force }: EjectArgs) -> anyhow::Result<ExitCode> {
    let dir = super::site_dir(&site)?;
    let ejected = eject::eject(&dir, theme.as_deref(), force)?;
    println!("wrote the {} theme into {}:", ejected.theme, dir.display());
    for f in &ejected.files {
        println!("  {f}");
    }
    println!(
        "\nEach file now replaces the theme's of the same name. Delete the ones you do not change, so that they keep\ngetting the theme's fixes; a template can also replace one block: {{% extends \"builtin/award.html\" %}}."
    );
    Ok(ExitCode::SUCCESS)
}
