//! Installing a released accolade: scripts/install.sh against a fake GitHub
//! Release served on 127.0.0.1 (archives made by scripts/pack-release, as the
//! release workflow makes them), and the version and repository that the
//! installers, the composite action and Cargo.toml must agree on.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The archive's target triple for this machine, as the installer picks it.
fn host_target() -> String {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "x86_64",
        "aarch64" => "aarch64",
        other => panic!("no release target for {other}"),
    };
    match std::env::consts::OS {
        "linux" => format!("{arch}-unknown-linux-musl"),
        "macos" => format!("{arch}-apple-darwin"),
        other => panic!("install.sh does not run on {other}"),
    }
}

/// Packs a stand-in `accolade` (a script printing `says`, and answering
/// `completions` and `man` as the real one does) into `<releases>/<folder>/`
/// with scripts/pack-release.
fn publish(releases: &Path, folder: &str, says: &str) -> PathBuf {
    let work = tempfile::tempdir().unwrap();
    let fake = work.path().join("accolade");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\ncase \"$1\" in\n  completions) echo \"# {says} completions for $2\" ;;\n  man) mkdir -p \"$3\" && echo '.TH accolade 1' >\"$3/accolade.1\" && echo '.TH accolade-build 1' >\"$3/accolade-build.1\" ;;\n  *) echo '{says}' ;;\nesac\n"
        ),
    )
    .unwrap();
    // pack-release runs it for the completions and manual pages.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = releases.join(folder);
    let packed = Command::new("bash")
        .arg(repo().join("scripts/pack-release"))
        .arg(host_target())
        .arg(&fake)
        .arg(&out)
        .output()
        .unwrap();
    assert!(packed.status.success(), "{}", String::from_utf8_lossy(&packed.stderr));
    out.join(format!("accolade-{}.tar.gz", host_target()))
}

/// A fake release host: v9.8.6 and v9.8.7, `latest` (9.8.7), and v9.9.9
/// whose checksum file does not match its archive.
fn fake_releases() -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().unwrap();
    let releases = tmp.path().join("releases");
    publish(&releases, "download/v9.8.6", "fake accolade 9.8.6");
    publish(&releases, "download/v9.8.7", "fake accolade 9.8.7");
    publish(&releases, "latest/download", "fake accolade latest");
    let tampered = publish(&releases, "download/v9.9.9", "fake accolade 9.9.9");
    let other =
        std::fs::read_to_string(releases.join(format!("download/v9.8.7/accolade-{}.tar.gz.sha256", host_target())))
            .unwrap();
    std::fs::write(tampered.with_extension("gz.sha256"), other).unwrap();

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://127.0.0.1:{}/releases", listener.local_addr().unwrap().port());
    serve(tmp.path().to_path_buf(), listener);
    (tmp, url)
}

fn install(url: &str, version: Option<&str>, dir: &Path) -> Output {
    let mut cmd = Command::new("sh");
    cmd.arg(repo().join("scripts/install.sh"))
        .env("ACCOLADE_DOWNLOAD_URL", url)
        .env("ACCOLADE_INSTALL_DIR", dir)
        .env("HOME", dir.parent().unwrap())
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("ACCOLADE_TARGET")
        .env_remove("ACCOLADE_VERSION");
    if let Some(v) = version {
        cmd.env("ACCOLADE_VERSION", v);
    }
    cmd.output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn run(binary: &Path) -> String {
    let out = Command::new(binary).output().unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn installs_the_pinned_version_after_checking_its_sum() {
    let (tmp, url) = fake_releases();
    let bin = tmp.path().join("home/bin");
    let out = install(&url, Some("9.8.7"), &bin);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(run(&bin.join("accolade")), "fake accolade 9.8.7");
    assert!(stderr(&out).contains(&format!("/download/v9.8.7/accolade-{}.tar.gz", host_target())));
    assert_eq!(std::fs::read_dir(&bin).unwrap().count(), 1, "only the binary is left in the install folder");
    // The completions and manual pages the archive carries, where shells and man look.
    let home = tmp.path().join("home");
    for (file, says) in [
        (".local/share/bash-completion/completions/accolade", "# fake accolade 9.8.7 completions for bash"),
        (".local/share/zsh/site-functions/_accolade", "# fake accolade 9.8.7 completions for zsh"),
        (".config/fish/completions/accolade.fish", "# fake accolade 9.8.7 completions for fish"),
        (".local/share/man/man1/accolade.1", ".TH accolade 1"),
        (".local/share/man/man1/accolade-build.1", ".TH accolade-build 1"),
    ] {
        let got = std::fs::read_to_string(home.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(got.trim(), says, "{file}");
    }

    // Another pin replaces it; a leading v is accepted; no pin means the latest.
    let out = install(&url, Some("v9.8.6"), &bin);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(run(&bin.join("accolade")), "fake accolade 9.8.6");
    let out = install(&url, None, &bin);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(run(&bin.join("accolade")), "fake accolade latest");
}

#[test]
fn a_wrong_checksum_installs_nothing() {
    let (tmp, url) = fake_releases();
    let bin = tmp.path().join("home/bin");
    let out = install(&url, Some("9.9.9"), &bin);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("checksum mismatch"), "{}", stderr(&out));
    assert!(!bin.join("accolade").exists(), "nothing may be installed");

    // Over an existing install, the old binary stays.
    assert!(install(&url, Some("9.8.6"), &bin).status.success());
    assert!(!install(&url, Some("9.9.9"), &bin).status.success());
    assert_eq!(run(&bin.join("accolade")), "fake accolade 9.8.6");
}

#[test]
fn a_missing_version_fails_clearly() {
    let (tmp, url) = fake_releases();
    let bin = tmp.path().join("home/bin");
    let out = install(&url, Some("1.2.3"), &bin);
    assert!(!out.status.success());
    let why = stderr(&out);
    assert!(why.contains("v1.2.3") && why.contains("is 1.2.3 a released version"), "{why}");
    assert!(!bin.exists(), "nothing may be installed");
}

/// The pieces that name accolade's version and repository agree with
/// Cargo.toml: `accolade init` writes `uses: <repository>@v<version>`, so the
/// action at that tag must default to that version, and the installers must
/// download from that repository.
#[test]
fn installers_and_action_name_this_release() {
    let repository = env!("CARGO_PKG_REPOSITORY");
    let owner_name = repository.strip_prefix("https://github.com/").expect("a GitHub repository");
    let action = yaml_rust2::YamlLoader::load_from_str(&std::fs::read_to_string(repo().join("action.yml")).unwrap())
        .unwrap()
        .remove(0);
    assert_eq!(action["inputs"]["version"]["default"].as_str(), Some(env!("CARGO_PKG_VERSION")));
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    for file in ["scripts/install.sh", "scripts/install.ps1", "action.yml", "README.md"] {
        let text = std::fs::read_to_string(repo().join(file)).unwrap();
        assert!(text.contains(owner_name), "{file} does not name {owner_name}");
    }
}
