use crate::cli::{FindArgs, Format};
use accolade::edit::find;
use std::process::ExitCode;

pub fn run(FindArgs { email, site, format }: FindArgs) -> anyhow::Result<ExitCode> {
    let site = super::site_dir(&site)?;
    let found = find::find(&site, &email)?;
    // Only the email as typed is shown: nothing else about it is known.
    let email = email.trim();
    if found.is_empty() {
        eprintln!("no award of this site is issued to {email}");
        return Ok(ExitCode::FAILURE);
    }
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "awards": found }))?),
        Format::Text => {
            println!("{} issued to {email}:", super::count(found.len(), "award"));
            for f in &found {
                let date = f.issued_on.as_deref().map(|d| d.get(..10).unwrap_or(d)).unwrap_or("no date");
                println!("  {}  {}  issued {date}  {}", f.code, f.badge_name, f.status.as_str());
                println!("      {}", f.page);
                if let Some(reason) = &f.revocation_reason {
                    println!("      revoked because: {reason}");
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
