//! The command line itself: the site folder given the same way to every
//! command (DIR, --site, or found upward from the working folder), shell
//! completions and manual pages from the clap definitions, and error lines
//! that never read `error: error[…]`.

use crate::common::*;
use std::path::Path;
use std::process::{Command, Output};

fn accolade_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accolade")).current_dir(cwd).args(args).output().unwrap()
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn new_site(tmp: &Path) -> std::path::PathBuf {
    let site = tmp.join("course");
    let out = accolade_in(tmp, &["init", "--site", "course", "--base-url", "https://org.github.io/course/"]);
    assert!(out.status.success(), "{}", text(&out));
    site
}

#[test]
fn every_site_command_takes_dir_or_site_or_finds_it_upward() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    let deep = site.join("assertions");
    // The same question asked three ways gets the same answer.
    let ways: [(&Path, Vec<&str>); 3] =
        [(tmp.path(), vec!["course"]), (tmp.path(), vec!["--site", "course"]), (&deep, vec![])];
    for (cwd, site_args) in &ways {
        for command in [vec!["check"], vec!["find", "nobody@example.org"]] {
            let args: Vec<&str> = command.iter().chain(site_args.iter()).copied().collect();
            let out = accolade_in(cwd, &args);
            let said = text(&out);
            assert!(!said.contains("accolade.toml: cannot read"), "{args:?} in {}: {said}", cwd.display());
            match command[0] {
                "check" => assert!(said.contains("checked 1 award, 1 badge class, 1 issuer"), "{args:?}: {said}"),
                _ => {
                    assert!(said.contains("no award of this site is issued to nobody@example.org"), "{args:?}: {said}")
                }
            }
        }
        let mut args = vec!["issue", "--badge", "first-badge", "--email", "ada@example.org", "--dry-run"];
        args.extend(site_args.iter());
        let out = accolade_in(cwd, &args);
        assert!(out.status.success(), "{args:?}: {}", text(&out));
    }
    // Built from a subfolder, the site goes to its own output folder.
    let out = accolade_in(&deep, &["build", "--quiet"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(site.join("public/index.html").is_file());
    assert!(!deep.join("public").exists());
    // DIR and --site together are refused rather than one silently winning.
    let out = accolade_in(tmp.path(), &["check", "course", "--site", "course"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("cannot be used with"), "{}", text(&out));
}

#[test]
fn outside_any_site_the_message_says_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [vec!["check"], vec!["build"], vec!["revoke", "abc", "--reason", "x"], vec!["find", "a@b.org"]] {
        let out = accolade_in(tmp.path(), &args);
        assert!(!out.status.success(), "{args:?}");
        let said = text(&out);
        assert!(said.contains("no accolade.toml in") && said.contains("accolade init"), "{args:?}: {said}");
    }
}

#[test]
fn site_problems_are_printed_once_as_problems() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    std::fs::write(site.join("accolade.toml"), "base_url = 3\n").unwrap();
    for args in [
        vec!["issue", "--badge", "first-badge", "--email", "ada@example.org"],
        vec!["revoke", "abc", "--reason", "x"],
        vec!["new", "badge", "two", "--name", "Two"],
        vec!["check"],
        vec!["build"],
    ] {
        let out = accolade_in(&site, &args);
        assert!(!out.status.success(), "{args:?}");
        let said = text(&out);
        assert!(said.contains("error[config.syntax]: accolade.toml:1:12"), "{args:?}: {said}");
        assert!(!said.contains("error: error"), "{args:?}: {said}");
    }
}

#[test]
fn completions_for_every_shell_and_manual_pages() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = accolade_in(&repo(), &["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", text(&out));
        let script = String::from_utf8(out.stdout).unwrap();
        // Every command and a flag of one are offered.
        for word in ["build", "serve", "revoke", "keygen", "recipient"] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
        if shell == "bash" {
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("accolade.bash");
            std::fs::write(&file, &script).unwrap();
            let syntax = Command::new("bash").arg("-n").arg(&file).output().unwrap();
            assert!(syntax.status.success(), "{}", String::from_utf8_lossy(&syntax.stderr));
        }
    }
    let out = accolade_in(&repo(), &["completions", "tcsh"]);
    assert!(!out.status.success());

    let dir = tempfile::tempdir().unwrap();
    let man = dir.path().join("man1");
    let out = accolade_in(&repo(), &["man", "--output", man.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let main_page = std::fs::read_to_string(man.join("accolade.1")).unwrap();
    assert!(main_page.contains(".TH accolade 1") && main_page.contains("accolade\\-build(1)"), "{main_page}");
    let build_page = std::fs::read_to_string(man.join("accolade-build.1")).unwrap();
    assert!(build_page.contains("\\-\\-base\\-url"), "{build_page}");
}
