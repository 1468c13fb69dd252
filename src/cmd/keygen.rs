use crate::cli::KeygenArgs;
use accolade::sign::key::{write_key_file, SigningKey};
use std::process::ExitCode;

/// `accolade keygen`: the key file to FILE or stdout; what to do with it on stderr.
pub fn run(KeygenArgs { output, site }: KeygenArgs) -> anyhow::Result<ExitCode> {
    let key = SigningKey::generate()?;
    let public = key.public().multibase();
    match &output {
        Some(path) => {
            write_key_file(&key, path, &site)?;
            eprintln!("wrote a new Ed25519 signing key to {} (readable by you only)", path.display());
        }
        None => {
            print!("{}", key.to_key_file());
            eprintln!("this is a new Ed25519 signing key: store all of it as a secret (e.g. the GitHub Actions secret ACCOLADE_SIGNING_KEY), not in the site folder");
        }
    }
    eprintln!("public key: {public}");
    Ok(ExitCode::SUCCESS)
}
