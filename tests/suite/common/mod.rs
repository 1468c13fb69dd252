//! Helpers shared by the integration tests: build a site folder into a
//! temporary output, walk the output, read HTML attributes.
#![allow(dead_code)]

pub mod audit;

use accolade::{Overrides, Site};
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn example_site() -> PathBuf {
    repo().join("example-site")
}

/// Builds `site_dir` into a fresh temporary folder; the TempDir is returned so
/// that it lives as long as the test needs the output.
pub fn build(site_dir: &Path, base_url: Option<&str>) -> (Site, tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let overrides = Overrides { base_url: base_url.map(str::to_string), output: Some(out.clone()), signing_key: None };
    let site = match Site::load(site_dir, &overrides) {
        Ok(s) => s,
        Err(e) => panic!(
            "{} failed to load:\n{}",
            site_dir.display(),
            e.0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n")
        ),
    };
    site.build().unwrap();
    (site, tmp, out)
}

/// Every file below `dir`, as `/`-separated relative paths, sorted.
pub fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    out.sort();
    out
}

/// Every file below `dir` with its inode and modification time: what tells a
/// file left in place from one written again.
pub fn file_identities(dir: &Path) -> std::collections::BTreeMap<String, (u64, i64, i64)> {
    use std::os::unix::fs::MetadataExt;
    files(dir)
        .into_iter()
        .map(|f| {
            let m = std::fs::metadata(dir.join(&f)).unwrap();
            (f, (m.ino(), m.mtime(), m.mtime_nsec()))
        })
        .collect()
}

/// The values of `attr="…"` in an HTML text, entity-decoded for `&amp;`.
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].replace("&amp;", "&").replace("&#x2F;", "/"));
            rest = &rest[end..];
        }
    }
    out
}

/// Every file below `dir` with the SHA-256 of its bytes, to compare two
/// states of a folder (links are not followed).
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, [u8; 32]> {
    use sha2::Digest;
    files(dir)
        .into_iter()
        .map(|f| (f.clone(), sha2::Sha256::digest(std::fs::read(dir.join(&f)).unwrap()).into()))
        .collect()
}

/// Copies a folder tree (for tests that modify a site).
pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = e.path().strip_prefix(from).unwrap();
        if rel.starts_with("public") {
            continue;
        }
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else if e.file_type().is_file() {
            std::fs::copy(e.path(), &dest).unwrap();
            if rel == Path::new("accolade.toml") {
                keep_key_file(from, &dest);
            }
        }
    }
}

/// A copy's `[signing] key_file` (relative to the site folder, outside it)
/// is made absolute, so the copy signs with the same key.
fn keep_key_file(from: &Path, copied_config: &Path) {
    let text = std::fs::read_to_string(copied_config).unwrap();
    let fixed: Vec<String> = text
        .lines()
        .map(|line| match line.strip_prefix("key_file = \"").and_then(|l| l.strip_suffix('"')) {
            Some(rel) if !Path::new(rel).is_absolute() => {
                format!("key_file = {:?}", from.join(rel).canonicalize().unwrap().display().to_string())
            }
            _ => line.to_string(),
        })
        .collect();
    std::fs::write(copied_config, fixed.join("\n") + "\n").unwrap();
}

/// Standard base64 (RFC 4648) with padding, as `data:` URIs carry it.
pub fn decode_base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|&c| c != b'=') {
        let v = ALPHABET.iter().position(|&a| a == c).expect("not base64") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// A tiny static file server on 127.0.0.1 for tests: GET only, one thread,
/// `Connection: close`. It runs until the test process ends.
pub fn serve(dir: PathBuf, listener: std::net::TcpListener) {
    use std::io::{BufRead, BufReader, Write};
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            // Drain the headers.
            let mut header = String::new();
            while reader.read_line(&mut header).map(|n| n > 2).unwrap_or(false) {
                header.clear();
            }
            let path = line.split_whitespace().nth(1).unwrap_or("/").split('?').next().unwrap_or("/").to_string();
            let mut file = dir.join(path.trim_start_matches('/'));
            if path.ends_with('/') {
                file.push("index.html");
            }
            let mut out = &stream;
            let safe = !path.contains("..");
            match std::fs::read(&file) {
                Ok(body) if safe => {
                    let ct = match file.extension().and_then(|e| e.to_str()) {
                        Some("json") => "application/json",
                        Some("svg") => "image/svg+xml",
                        Some("png") => "image/png",
                        _ => "text/html",
                    };
                    let _ = write!(
                        out,
                        "HTTP/1.1 200 OK\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = out.write_all(&body);
                }
                _ => {
                    let _ = write!(out, "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found");
                }
            }
        }
    });
}

/// Builds the example site for `http://127.0.0.1:PORT/` and serves it there.
pub fn serve_example() -> (String, tempfile::TempDir, PathBuf) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://127.0.0.1:{}/", listener.local_addr().unwrap().port());
    let (_site, tmp, out) = build(&example_site(), Some(&base));
    serve(out.clone(), listener);
    (base, tmp, out)
}

/// The value at a JSON pointer, creating objects (and `null`s) on the way.
pub fn json_pointer_mut<'v>(mut v: &'v mut serde_json::Value, pointer: &str) -> &'v mut serde_json::Value {
    use serde_json::{json, Value};
    for token in pointer.split('/').skip(1) {
        v = match v {
            Value::Array(items) => &mut items[token.parse::<usize>().unwrap()],
            other => {
                if !other.is_object() {
                    *other = json!({});
                }
                other.as_object_mut().unwrap().entry(token).or_insert(Value::Null)
            }
        };
    }
    v
}
