use crate::cli::RevokeArgs;
use accolade::edit::revoke;
use std::process::ExitCode;

pub fn run(RevokeArgs { id, badge, reason, site }: RevokeArgs) -> anyhow::Result<ExitCode> {
    let site = super::site_dir(&site)?;
    let r = match badge {
        Some(badge) => revoke::revoke_held(&site, &id, &badge, &reason)?,
        None => revoke::revoke(&site, &id, &reason)?,
    };
    if r.already {
        println!("{} was already revoked; nothing changed", r.id);
    } else {
        println!("revoked {}\n  recorded in {}; the next build publishes it", r.id, revoke::LIST_FILE);
    }
    if let Some(note) = r.note {
        eprintln!("note: {note}");
    }
    Ok(ExitCode::SUCCESS)
}
