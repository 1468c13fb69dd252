use crate::cli::InitArgs;
use accolade::edit::init::{self, InitOptions};
use std::process::ExitCode;

pub fn run(InitArgs { dir, base_url, title }: InitArgs) -> anyhow::Result<ExitCode> {
    let files = init::init(&dir, &InitOptions { base_url, title })?;
    println!("created a badge site in {}:", dir.display());
    for f in &files {
        println!("  {f}");
    }
    println!(
        "\nThe sample award was issued to {}. Next:\n  accolade build {}        # writes the site to public/\n  edit accolade.toml (base_url), issuers/ and badges/, then `accolade issue`",
        init::SAMPLE_EMAIL,
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
