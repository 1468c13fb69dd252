use crate::cli::InitArgs;
use accolade::edit::init::{self, InitOptions};
use std::process::ExitCode;

pub fn run(InitArgs { dir, site, base_url, title, theme }: InitArgs) -> anyhow::Result<ExitCode> {
    let dir = dir.or(site).unwrap_or_else(|| ".".into());
    let files = init::init(&dir, &InitOptions { base_url: base_url.clone(), title, theme })?;
    println!("created a badge site in {}:", dir.display());
    for f in &files {
        println!("  {f}");
    }
    println!(
        "\nThe sample award was issued to {}. Next:\n  accolade build {}        # writes the site to public/\n  edit issuers/ and badges/ (`accolade check` lists every placeholder left), then `accolade issue`",
        init::SAMPLE_EMAIL,
        dir.display()
    );
    if base_url == accolade::check::placeholders::BASE_URL {
        println!(
            "\nbase_url is a placeholder ({base_url}). Set the address the site will be published at with\n  accolade move --site {} --to https://<org>.github.io/<repo>/\n(it rewrites every id and URL and base_url in accolade.toml; editing base_url by hand leaves the ids behind)",
            dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
