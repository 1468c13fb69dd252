//! Signing keys: `accolade keygen` makes one and keeps it out of the site
//! folder, and `check` refuses a private key anywhere in a site folder.

use crate::common::{copy_tree, example_site};
use accolade::sign::key::SigningKey;
use std::path::Path;
use std::process::{Command, Output};

fn accolade(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accolade")).args(args).current_dir(dir).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The public key keygen prints on stderr.
fn printed_public_key(stderr: &str) -> String {
    stderr.lines().find_map(|l| l.strip_prefix("public key: ")).expect("keygen prints the public key").to_string()
}

#[test]
fn keygen_prints_a_key_for_a_secret_and_its_public_key() {
    let tmp = tempfile::tempdir().unwrap();
    let done = accolade(&["keygen"], tmp.path());
    assert!(done.status.success(), "{}", text(&done.stderr));
    let key = SigningKey::from_key_file(&text(&done.stdout)).unwrap();
    assert_eq!(printed_public_key(&text(&done.stderr)), key.public().multibase());
    let again = accolade(&["keygen"], tmp.path());
    assert_ne!(text(&again.stdout), text(&done.stdout), "every key is new");
}

#[test]
fn keygen_writes_outside_the_site_folder_only_and_never_over_a_key() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&example_site(), &site);
    // A site without a key of its own yet (and without credentials to sign).
    std::fs::remove_dir_all(site.join("credentials")).unwrap();
    let config = std::fs::read_to_string(site.join("accolade.toml")).unwrap();
    let (before, after) = config.split_once("\n# Open Badges 3.0:").unwrap();
    let after = &after[after.find("\n[gallery]").unwrap()..];
    std::fs::write(site.join("accolade.toml"), format!("{before}{after}")).unwrap();
    let inside = accolade(&["keygen", "-o", "site/issuer.key", "--site", "site"], tmp.path());
    assert!(!inside.status.success());
    assert!(text(&inside.stderr).contains("inside the site folder"), "{}", text(&inside.stderr));
    assert!(!site.join("issuer.key").exists());
    // The site folder given as `.`, the key in a subfolder of it.
    let nested = accolade(&["keygen", "-o", "badges/issuer.key"], &site);
    assert!(text(&nested.stderr).contains("inside the site folder"), "{}", text(&nested.stderr));
    assert!(!site.join("badges/issuer.key").exists());

    let written = accolade(&["keygen", "-o", "badges.key", "--site", "site"], tmp.path());
    assert!(written.status.success(), "{}", text(&written.stderr));
    let file = std::fs::read_to_string(tmp.path().join("badges.key")).unwrap();
    let key = SigningKey::from_key_file(&file).unwrap();
    assert_eq!(printed_public_key(&text(&written.stderr)), key.public().multibase());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(tmp.path().join("badges.key")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "readable by its owner only");
    }
    // The public key went into the site's configuration, which publishes it.
    let toml = std::fs::read_to_string(site.join("accolade.toml")).unwrap();
    assert!(toml.contains(&format!("[signing]\npublic_key = \"{}\"", key.public().multibase())), "{toml}");
    // A site keeps its key: a second one is refused before it is made.
    let second = accolade(&["keygen", "-o", "other.key", "--site", "site"], tmp.path());
    assert!(!second.status.success() && text(&second.stderr).contains("already has a [signing] table"));
    assert!(!tmp.path().join("other.key").exists());
    // Without the table, an existing key file is still never replaced.
    let without: String = toml.split("\n# The public half").next().unwrap().to_string();
    std::fs::write(site.join("accolade.toml"), without).unwrap();
    let over = accolade(&["keygen", "-o", "badges.key", "--site", "site"], tmp.path());
    assert!(!over.status.success() && text(&over.stderr).contains("does not replace a key"), "{}", text(&over.stderr));
    assert_eq!(std::fs::read_to_string(tmp.path().join("badges.key")).unwrap(), file, "the first key is kept");
}

#[test]
fn check_refuses_a_private_key_anywhere_in_the_site_folder() {
    let key = SigningKey::generate().unwrap().to_key_file();
    let pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n";
    let award = "assertions/zoe-muller-m1.json";
    // (file, content): a key file in static/ (published as it is), a PEM
    // at the top, a key pasted into an award, a key in a folder accolade
    // does not read.
    let cases: [(&str, String); 4] = [
        ("static/issuer.key", key.clone()),
        ("signing.pem", pem.to_string()),
        (award, String::new()),
        ("notes/keys/old.json", key.clone()),
    ];
    for (file, content) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        copy_tree(&example_site(), &site);
        let path = site.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let content = match file == award {
            true => std::fs::read_to_string(&path).unwrap().replacen('{', &format!("{{\"issuerKey\": {key},"), 1),
            false => content,
        };
        std::fs::write(&path, content).unwrap();
        let done = accolade(&["check", "site"], tmp.path());
        let stderr = text(&done.stderr);
        assert!(!done.status.success(), "{file}: {stderr}");
        assert!(stderr.contains(&format!("error[file.private_key]: {file}")), "{file}: {stderr}");
        // Nor does a build publish it.
        let built = accolade(&["build", "site", "--output", "out"], tmp.path());
        assert!(!built.status.success() && !tmp.path().join("out").exists(), "{file}");
    }
}

#[test]
fn a_key_in_an_object_file_is_reported_once() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&example_site(), &site);
    let issuer = site.join("issuers/open-numerics.json");
    let key = SigningKey::generate().unwrap().to_key_file();
    let with_key = std::fs::read_to_string(&issuer).unwrap().replacen('{', &format!("{{\"key\": {key},"), 1);
    std::fs::write(&issuer, with_key).unwrap();
    let stderr = text(&accolade(&["check", "site"], tmp.path()).stderr);
    assert_eq!(stderr.matches("error[file.private_key]: issuers/open-numerics.json").count(), 1, "{stderr}");
}

#[test]
fn keys_in_git_and_in_public_keys_are_not_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&example_site(), &site);
    std::fs::create_dir_all(site.join(".git")).unwrap();
    std::fs::write(site.join(".git/stray.key"), SigningKey::generate().unwrap().to_key_file()).unwrap();
    let public = SigningKey::generate().unwrap().public().multibase();
    std::fs::create_dir_all(site.join("static")).unwrap();
    std::fs::write(site.join("static/key.json"), format!("{{\"publicKeyMultibase\": \"{public}\"}}")).unwrap();
    let done = accolade(&["check", "site"], tmp.path());
    assert!(done.status.success(), "{}", text(&done.stderr));
}
