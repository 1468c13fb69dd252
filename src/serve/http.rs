//! Which file a request names, and the responses made of it. A request can
//! never read outside the output folder: its path is decoded segment by
//! segment, anything that could climb or smuggle a separator is refused
//! before the file system is asked, and the file found is then checked,
//! symlinks resolved, to lie inside the output folder.

use std::path::{Path, PathBuf};

/// Why a request gets no file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A path that is malformed or tries to climb (`..`, `%2F`, `\`, NUL): 400.
    BadRequest,
    /// A file that resolves outside the output folder (a symlink): 403.
    Forbidden,
    /// Nothing there: 404, with the site's 404 page.
    NotFound,
}

impl Refusal {
    pub fn status(self) -> u16 {
        match self {
            Refusal::BadRequest => 400,
            Refusal::Forbidden => 403,
            Refusal::NotFound => 404,
        }
    }
}

/// What a request path leads to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file inside the output folder, canonical.
    File(PathBuf),
    /// A folder asked for without its trailing slash: the same URL with one,
    /// so that the page's relative links resolve as they will when published.
    Redirect(String),
}

/// The file that `target` (the request line's path, query included) names in
/// the output folder `root`; a folder's `index.html`.
pub fn resolve(root: &Path, target: &str) -> Result<Resolved, Refusal> {
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    let path = path.split('#').next().unwrap_or_default();
    // Only origin-form paths: no `http://host/…`, no `*`, nothing relative.
    if !path.starts_with('/') {
        return Err(Refusal::BadRequest);
    }
    let mut file = root.to_path_buf();
    for raw in path.split('/') {
        let segment = decode_segment(raw)?;
        match segment.as_str() {
            "" | "." => {}
            ".." => return Err(Refusal::BadRequest),
            s if s.contains(['/', '\\', '\0']) => return Err(Refusal::BadRequest),
            s => file.push(s),
        }
    }
    let root = root.canonicalize().map_err(|_| Refusal::NotFound)?;
    let found = inside(&root, &file)?;
    if found.is_dir() {
        if !path.ends_with('/') {
            let query = query.map(|q| format!("?{q}")).unwrap_or_default();
            return Ok(Resolved::Redirect(format!("{path}/{query}")));
        }
        return inside(&root, &found.join("index.html")).map(Resolved::File);
    }
    Ok(Resolved::File(found))
}

/// `path` with every link resolved, when that lies inside `root` (canonical).
fn inside(root: &Path, path: &Path) -> Result<PathBuf, Refusal> {
    let real = path.canonicalize().map_err(|_| Refusal::NotFound)?;
    if real.starts_with(root) {
        Ok(real)
    } else {
        Err(Refusal::Forbidden)
    }
}

/// One path segment percent-decoded; malformed escapes and bytes that are
/// not UTF-8 are refused.
fn decode_segment(raw: &str) -> Result<String, Refusal> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            let byte = hex.and_then(|h| u8::from_str_radix(h, 16).ok()).ok_or(Refusal::BadRequest)?;
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| Refusal::BadRequest)
}

/// The Content-Type of a file a site publishes, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "jsonld" => "application/ld+json",
        "jwt" => "application/jwt",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

pub fn is_html(path: &Path) -> bool {
    content_type(path).starts_with("text/html")
}

/// The tag that loads the live script, with the build it was served from so
/// that a rebuild finished before the script's first look still reloads.
pub fn live_tag(generation: u64) -> String {
    format!("<script src=\"{}\" data-generation=\"{generation}\"></script>", super::LIVE_PATH)
}

/// `html` with `tag` before its closing `</body>` (at the end without one).
/// Only responses get it: the files on disk stay as built.
pub fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("public");
        std::fs::create_dir_all(root.join("badges/m1")).unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("badges/m1/index.html"), "m1").unwrap();
        std::fs::write(root.join("site.css"), "css").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
        (tmp, root)
    }

    fn file(root: &Path, rel: &str) -> Resolved {
        Resolved::File(root.canonicalize().unwrap().join(rel))
    }

    #[test]
    fn files_and_folders() {
        let (_tmp, root) = site();
        assert_eq!(resolve(&root, "/"), Ok(file(&root, "index.html")));
        assert_eq!(resolve(&root, "/site.css?v=2"), Ok(file(&root, "site.css")));
        assert_eq!(resolve(&root, "/badges/m1/"), Ok(file(&root, "badges/m1/index.html")));
        assert_eq!(resolve(&root, "/badges/%6d1/index.html"), Ok(file(&root, "badges/m1/index.html")));
        assert_eq!(resolve(&root, "/badges/m1?x=1"), Ok(Resolved::Redirect("/badges/m1/?x=1".into())));
        assert_eq!(resolve(&root, "/badges/m2/"), Err(Refusal::NotFound));
        assert_eq!(resolve(&root, "/badges/"), Err(Refusal::NotFound));
    }

    #[test]
    fn climbing_is_refused() {
        let (_tmp, root) = site();
        for target in [
            "/../secret.txt",
            "/badges/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/.%2e/secret.txt",
            "/badges%2F..%2F..%2Fsecret.txt",
            "/badges%2f..%2f..%2fsecret.txt",
            "/..%5Csecret.txt",
            "/..\\secret.txt",
            "/badges\\..\\..\\secret.txt",
            "/site.css%00.html",
            "/site.css\0",
            "/%zz",
            "/%2",
            "/%ff",
        ] {
            assert_eq!(resolve(&root, target), Err(Refusal::BadRequest), "{target:?}");
        }
    }

    #[test]
    fn absolute_paths_stay_inside() {
        let (tmp, root) = site();
        let secret = tmp.path().join("secret.txt");
        // Not origin-form: refused.
        assert_eq!(resolve(&root, &secret.display().to_string()[1..]), Err(Refusal::BadRequest));
        assert_eq!(resolve(&root, "http://127.0.0.1/index.html"), Err(Refusal::BadRequest));
        // An absolute path in the request is a path below the root.
        assert_eq!(resolve(&root, &format!("/{}", secret.display())), Err(Refusal::NotFound));
        assert_eq!(resolve(&root, "//etc/passwd"), Err(Refusal::NotFound));
        assert_eq!(resolve(&root, "/%2Fetc%2Fpasswd"), Err(Refusal::BadRequest));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_are_refused() {
        let (tmp, root) = site();
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(tmp.path(), root.join("up")).unwrap();
        std::os::unix::fs::symlink(root.join("site.css"), root.join("alias.css")).unwrap();
        assert_eq!(resolve(&root, "/leak.txt"), Err(Refusal::Forbidden));
        assert_eq!(resolve(&root, "/up/secret.txt"), Err(Refusal::Forbidden));
        assert_eq!(resolve(&root, "/up/"), Err(Refusal::Forbidden));
        // A link that stays inside is followed.
        assert_eq!(resolve(&root, "/alias.css"), Ok(file(&root, "site.css")));
        // A folder's index.html that links out.
        std::fs::create_dir(root.join("linked")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("linked/index.html")).unwrap();
        assert_eq!(resolve(&root, "/linked/"), Err(Refusal::Forbidden));
    }

    #[test]
    fn content_types() {
        for (name, kind) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.CSS", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.json", "application/json"),
            ("a.svg", "image/svg+xml"),
            ("a.png", "image/png"),
            ("feed.xml", "application/xml"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("c.jwt", "application/jwt"),
            ("f.woff2", "font/woff2"),
            ("CNAME", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), kind, "{name}");
        }
    }

    #[test]
    fn the_tag_goes_before_the_body_ends() {
        assert_eq!(inject(b"<p>a</p></body></html>", "<s>"), b"<p>a</p><s></body></html>");
        assert_eq!(inject(b"<p>a</p></BODY>", "<s>"), b"<p>a</p><s></BODY>");
        assert_eq!(inject(b"<p>a</p>", "<s>"), b"<p>a</p><s>");
    }
}
