//! `accolade serve` on a copy of the example site: the award page is served
//! with ids re-rooted to the local URL and the live script added; an edit
//! shows up in the served page; a broken file is reported by
//! `/__accolade/status` (file and line) while the last good build stays
//! served; the fix clears it; traversal requests read nothing outside the
//! output; Ctrl-C (SIGINT) stops it with status 0 and removes the temporary
//! build folder, and the site's own output folder is never written.

use crate::common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const AWARD: &str = "assertions/amara-okafor-m1.json";
const AWARD_PAGE: &str = "assertions/yiqye14j2q/";
const NAME: &str = "Amara Okafor";
const RENAMED: &str = "Amara Okafor-Preview";
/// In a file beside the site: no response may ever contain it.
const SECRET: &str = "TOP-SECRET-5d1f0c";
const WAIT: Duration = Duration::from_secs(30);

/// The server, killed if the test fails before stopping it.
struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A raw HTTP/1.1 GET: (status, headers, body). The target is sent as it is.
fn get(port: u16, target: &str) -> (u16, String, String) {
    let mut tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
    tcp.set_read_timeout(Some(WAIT)).unwrap();
    write!(tcp, "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    tcp.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

fn status(port: u16) -> serde_json::Value {
    let (code, _, body) = get(port, "/__accolade/status");
    assert_eq!(code, 200);
    serde_json::from_str(&body).unwrap()
}

/// Polls `look` until it gives a value, or fails after `WAIT` saying `what`.
fn wait_for<T>(what: &str, mut look: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = look() {
            return v;
        }
        assert!(start.elapsed() < WAIT, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The preview's output folder, in the server's own temporary folder.
fn served_folders(tmpdir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(tmpdir).unwrap().flatten().map(|e| e.path()).collect()
}

/// Starts `accolade serve --port 0 SITE` with its temporary folders in
/// `tmpdir` and its stderr in `logs/serve.log`; returns it with its URL and port.
fn start(site: &Path, tmpdir: &Path, logs: &Path) -> (Serving, String, u16) {
    let log = std::fs::File::create(logs.join("serve.log")).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_accolade"))
        .args(["serve", "--port", "0"])
        .arg(site)
        .env("TMPDIR", tmpdir)
        .env_remove("ACCOLADE_SIGNING_KEY")
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .unwrap();
    let mut serving = Serving(child);
    // "Serving DIR at http://127.0.0.1:PORT/ (Ctrl-C to stop)"
    let mut line = String::new();
    BufReader::new(serving.0.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let log = std::fs::read_to_string(logs.join("serve.log")).unwrap_or_default();
    assert!(line.starts_with("Serving ") && line.contains("(Ctrl-C to stop)"), "{line:?}\n{log}");
    let url = line.split(" at ").nth(1).and_then(|s| s.split(' ').next()).unwrap().to_string();
    let port = url.trim_start_matches("http://127.0.0.1:").trim_end_matches('/').parse().unwrap();
    (serving, url, port)
}

#[test]
fn serve_previews_rebuilds_reports_and_stays_inside() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&example_site(), &site);
    std::fs::write(tmp.path().join("secret.txt"), SECRET).unwrap();
    // The server's temporary folders go here, to see them removed.
    let tmpdir = tmp.path().join("tmp");
    std::fs::create_dir(&tmpdir).unwrap();
    let (mut serving, url, port) = start(&site, &tmpdir, tmp.path());
    let log = || std::fs::read_to_string(tmp.path().join("serve.log")).unwrap_or_default();

    // The award page, re-rooted to the local URL, with the live script.
    let (code, head, page) = get(port, &format!("/{AWARD_PAGE}"));
    assert_eq!(code, 200, "{}", log());
    assert!(head.contains("text/html"), "{head}");
    assert!(page.contains(NAME));
    assert!(page.contains("<script src=\"/__accolade/live.js\""), "no live script");
    let (code, head, json) = get(port, "/assertions/yiqye14j2q.json");
    assert_eq!(code, 200);
    assert!(head.contains("application/json"), "{head}");
    assert!(json.contains(&format!("{url}assertions/yiqye14j2q.json")), "ids are not re-rooted to {url}");
    let (code, _, script) = get(port, "/__accolade/live.js");
    assert_eq!(code, 200);
    assert!(script.contains("textContent"));
    // Without the trailing slash: redirected, so relative links work.
    let (code, head, _) = get(port, "/assertions/yiqye14j2q");
    assert_eq!(code, 301);
    assert!(head.contains("/assertions/yiqye14j2q/"), "{head}");
    // A missing page: the site's 404 page, with status 404.
    let (code, _, missing) = get(port, "/no/such/page/");
    assert_eq!(code, 404);
    assert!(missing.contains("__accolade/live.js"));
    // The files on disk never get the script.
    let output = served_folders(&tmpdir).pop().expect("a temporary build folder").join("public");
    let on_disk = std::fs::read_to_string(output.join(AWARD_PAGE).join("index.html")).unwrap();
    assert!(!on_disk.contains("__accolade"));

    // An edit shows up in the served page.
    let award = site.join(AWARD);
    let original = std::fs::read_to_string(&award).unwrap();
    let renamed = original.replace(NAME, RENAMED);
    std::fs::write(&award, &renamed).unwrap();
    wait_for("the edit in the served page", || get(port, &format!("/{AWARD_PAGE}")).2.contains(RENAMED).then_some(()));
    let generation = status(port)["generation"].as_u64().unwrap();

    // A broken file: reported with its place, the last good build still served.
    std::fs::write(&award, "{\n  \"type\": \"Assertion\",\n  oops\n}\n").unwrap();
    let problems = wait_for("the problem in the status", || {
        let s = status(port);
        let problems = s["problems"].as_array().cloned().unwrap_or_default();
        (!problems.is_empty()).then_some(problems)
    });
    let broken = problems.iter().find(|p| p["file"] == AWARD).unwrap_or_else(|| panic!("{problems:?}"));
    assert_eq!(broken["line"], 3, "{broken}");
    assert!(broken["column"].as_u64().is_some(), "{broken}");
    let (code, _, page) = get(port, &format!("/{AWARD_PAGE}"));
    assert_eq!(code, 200);
    assert!(page.contains(RENAMED), "the last good build is not served");
    assert!(log().contains(AWARD), "the problem is not printed:\n{}", log());

    // Fixed: the problems go and the page is served from a new build.
    std::fs::write(&award, renamed.replace(RENAMED, NAME)).unwrap();
    wait_for("the fix", || {
        let s = status(port);
        let clean = s["problems"].as_array().is_some_and(|p| p.is_empty());
        (clean && s["generation"].as_u64() > Some(generation)).then_some(())
    });
    let (code, _, page) = get(port, &format!("/{AWARD_PAGE}"));
    assert_eq!(code, 200);
    assert!(page.contains(NAME) && !page.contains(RENAMED));

    // Nothing outside the output folder, however asked for.
    std::os::unix::fs::symlink(tmp.path().join("secret.txt"), output.join("leak.txt")).unwrap();
    for target in [
        "/../secret.txt",
        "/../../secret.txt",
        "/../../../secret.txt",
        "/%2e%2e/%2e%2e/%2e%2e/secret.txt",
        "/assets/%2E%2E/%2E%2E/%2E%2E/%2E%2E/secret.txt",
        "/assets%2F..%2F..%2F..%2F..%2Fsecret.txt",
        "/..%5C..%5C..%5Csecret.txt",
        "/assets/..\\..\\..\\..\\secret.txt",
        "/index.html%00",
        "/leak.txt",
        "/../Cargo.toml",
        "http://127.0.0.1/../../../secret.txt",
    ] {
        let (code, _, body) = get(port, target);
        assert!([400, 403, 404].contains(&code), "{target}: {code}");
        assert!(!body.contains(SECRET) && !body.contains("[package]"), "{target} read a file outside");
    }

    // Another name pointed at 127.0.0.1 (DNS rebinding) gets nothing.
    let mut tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(tcp, "GET /{AWARD_PAGE} HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    tcp.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 403") && !answer.contains(NAME), "{answer}");

    // Ctrl-C: a clean stop, the temporary folder removed.
    let pid = serving.0.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let exit = wait_for("the server to stop", || serving.0.try_wait().unwrap());
    assert!(exit.success(), "{exit:?}\n{}", log());
    assert_eq!(served_folders(&tmpdir), Vec::<PathBuf>::new(), "the temporary build folder is left");
    assert!(!site.join("public").exists(), "the site's own output folder was written");
}

/// A site with credentials to sign and no key: the preview signs them with a
/// throwaway key, says so, and they verify against the preview's DID document.
#[test]
fn serve_signs_a_keyless_preview_with_a_throwaway_key() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&example_site(), &site);
    let config = site.join("accolade.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let keyless: Vec<&str> = text.lines().filter(|l| !l.starts_with("key_file")).collect();
    std::fs::write(&config, keyless.join("\n")).unwrap();
    let tmpdir = tmp.path().join("tmp");
    std::fs::create_dir(&tmpdir).unwrap();
    let (_serving, url, port) = start(&site, &tmpdir, tmp.path());
    let log = std::fs::read_to_string(tmp.path().join("serve.log")).unwrap();
    assert_eq!(log.matches("throwaway key").count(), 1, "{log}");
    assert!(status(port)["problems"].as_array().is_some_and(|p| p.is_empty()), "{log}");
    let credential = std::fs::read_dir(site.join("credentials")).unwrap().flatten().next().unwrap().file_name();
    let done = Command::new(env!("CARGO_BIN_EXE_accolade"))
        .arg("verify")
        .arg(format!("{url}credentials/{}", credential.to_string_lossy()))
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&done.stdout);
    assert!(
        done.status.success() && report.contains("verdict: valid"),
        "{report}\n{}",
        String::from_utf8_lossy(&done.stderr)
    );
}
