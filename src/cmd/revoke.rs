use std::path::Path;
use std::process::ExitCode;

pub fn run(site: &Path, which: &str, reason: &str) -> anyhow::Result<ExitCode> {
    let r = accolade::revoke::revoke(site, which, reason)?;
    if r.already {
        println!("{} was already revoked; nothing changed", r.id);
    } else {
        println!("revoked {}\n  recorded in {}; the next build publishes it", r.id, accolade::revoke::LIST_FILE);
    }
    if let Some(note) = r.note {
        eprintln!("note: {note}");
    }
    Ok(ExitCode::SUCCESS)
}
