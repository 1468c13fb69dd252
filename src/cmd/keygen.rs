use crate::cli::KeygenArgs;
use accolade::config::{Config, Overrides};
use accolade::layout::CONFIG_FILE;
use accolade::sign::key::{write_key_file, SigningKey};
use accolade::Problems;
use anyhow::bail;
use std::path::Path;
use std::process::ExitCode;

/// `accolade keygen`: the key file to FILE or stdout; the public key into the
/// site's `accolade.toml` (which its DID document publishes); what to do
/// next on stderr.
pub fn run(KeygenArgs { output, site }: KeygenArgs) -> anyhow::Result<ExitCode> {
    let site = super::site_dir_or_here(&site);
    if let Some(path) = &output {
        accolade::sign::key::refuse_inside_site(path, &site)?;
    }
    let config_file = site.join(CONFIG_FILE);
    // Refused before a key is made, so no key is left that the site cannot use.
    if config_file.is_file() {
        can_add_public_key(&config_file)?;
    }
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
    if config_file.is_file() {
        add_public_key(&config_file, &public)?;
        let config = Config::load(&site, &Overrides::default(), &mut Problems::default());
        let did = config.and_then(|c| c.did).unwrap_or_default();
        eprintln!("added it to {} as [signing] public_key: the site's DID {did} publishes it", config_file.display());
        eprintln!("build with --signing-key FILE, or ACCOLADE_SIGNING_KEY set to the key file's content, to sign Open Badges 3.0 credentials");
    } else {
        eprintln!("(no {CONFIG_FILE} in {}: add [signing] public_key = \"{public}\" to the site's)", site.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// A site keeps one key: replacing it would leave every credential issued
/// so far unverifiable, so that is done by hand, on purpose.
fn can_add_public_key(config_file: &Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(config_file)?;
    if text.lines().any(|l| l.trim_start().starts_with("[signing]")) {
        bail!(
            "{} already has a [signing] table: the site has a key. Credentials signed with it stop verifying if it is replaced; to replace it anyway, remove the table first",
            config_file.display()
        );
    }
    Ok(())
}

fn add_public_key(config_file: &Path, public: &str) -> anyhow::Result<()> {
    let mut text = std::fs::read_to_string(config_file)?;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&format!(
        "\n# The public half of the key that signs Open Badges 3.0 credentials\n# (accolade keygen); the site's DID document publishes it.\n[signing]\npublic_key = \"{public}\"\n"
    ));
    accolade::util::fs::replace_atomically(config_file, text.as_bytes())
}
