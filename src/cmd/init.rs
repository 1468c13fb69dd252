use std::path::Path;
use std::process::ExitCode;

pub fn run(dir: &Path, base_url: String, title: String) -> anyhow::Result<ExitCode> {
    let files = accolade::init::init(dir, &accolade::init::InitOptions { base_url, title })?;
    println!("created a badge site in {}:", dir.display());
    for f in &files {
        println!("  {f}");
    }
    println!(
        "\nThe sample award was issued to {}. Next:\n  accolade build {}        # writes the site to public/\n  edit accolade.toml (base_url), issuers/ and badges/, then `accolade issue`",
        accolade::init::SAMPLE_EMAIL,
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
