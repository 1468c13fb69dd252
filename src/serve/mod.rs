//! `accolade serve`: a local preview of a site. This module is the server
//! (on 127.0.0.1 only) and what open pages learn of the builds; the command
//! (`cmd/serve.rs`) runs the builds and prints.
//!
//! Open pages reload after a rebuild, and show a broken build's problems
//! over the page, through `live.js`: the server adds its `<script>` tag to
//! every HTML response (never to the files on disk), and the script asks
//! `/__accolade/status` twice a second. Polling rather than a held-open
//! event stream: one short request per tab, nothing to keep alive or clean
//! up in a synchronous server, and the pages' CSP (`script-src 'self'`,
//! `connect-src 'self'`) allows both a same-origin script and its fetch.

pub mod http;
pub mod watch;

use crate::diag::Problem;
use http::{Refusal, Resolved};
use serde::Serialize;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tiny_http::{Header, Method, Request, Response};

/// The script that reloads pages and shows problems, and where it is served.
pub const LIVE_JS: &str = include_str!("live.js");
pub const LIVE_PATH: &str = "/__accolade/live.js";
/// The state of the builds, as JSON (`Status`).
pub const STATUS_PATH: &str = "/__accolade/status";
/// The port `accolade serve` listens on by default, as `zola serve` does.
pub const DEFAULT_PORT: u16 = 1111;

/// What the builds have made so far, as `/__accolade/status` gives it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Status {
    /// Counts the builds that changed the output: open pages reload when it moves.
    pub generation: u64,
    /// Whether a build has succeeded; until one has, pages show the problems.
    pub built: bool,
    /// The last build's errors, shown over every page until a build succeeds.
    pub problems: Vec<Problem>,
}

/// The builds' state, shared by the build loop and the request threads.
#[derive(Default)]
pub struct Live(Mutex<Status>);

impl Live {
    /// A build succeeded and changed the output.
    pub fn built(&self) {
        let mut s = self.lock();
        s.generation += 1;
        s.built = true;
        s.problems.clear();
    }

    /// The inputs are those of the output served: if a build failed since,
    /// the input was put back, so the problems go (and pages reload).
    pub fn unchanged(&self) {
        if !self.lock().problems.is_empty() {
            self.built();
        }
    }

    /// A build failed: the last good output stays served, under these problems.
    pub fn failed(&self, problems: Vec<Problem>) {
        self.lock().problems = problems;
    }

    pub fn status(&self) -> Status {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Status> {
        // A request thread that panicked leaves the status as consistent as before.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The listening socket, bound before the first build so that the build's
/// URLs carry the port (`--port 0` picks a free one).
pub struct Server {
    http: Arc<tiny_http::Server>,
    port: u16,
}

impl Server {
    /// Listens on 127.0.0.1:`port`, never on another interface: a preview
    /// is for this machine.
    pub fn bind(port: u16) -> Result<Server, String> {
        let http = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| {
            format!("cannot listen on 127.0.0.1:{port}: {e} (is another server using it? `--port 0` picks a free port)")
        })?;
        let port = http.server_addr().to_ip().map(|a| a.port()).unwrap_or(port);
        Ok(Server { http: Arc::new(http), port })
    }

    /// The URL the site is served at, with the trailing `/` of a base URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Answers requests from the output folder `root`, each on its own
    /// thread, until the program ends.
    pub fn start(&self, root: PathBuf, live: Arc<Live>) {
        let (http, port) = (self.http.clone(), self.port);
        std::thread::spawn(move || {
            let root = Arc::new(root);
            for request in http.incoming_requests() {
                let (root, live) = (root.clone(), live.clone());
                std::thread::spawn(move || answer(request, &root, &live, port));
            }
        });
    }
}

type Reply = Response<Cursor<Vec<u8>>>;

fn answer(request: Request, root: &Path, live: &Live, port: u16) {
    let host = request.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.as_str());
    let reply = if local_host(host, port) {
        reply(request.method(), request.url(), root, live)
    } else {
        text(403, "the preview answers only to 127.0.0.1 and localhost\n")
    };
    // The browser went away: nothing to do.
    let _ = request.respond(reply);
}

/// Whether a request's Host is this machine. A web page elsewhere cannot
/// reach the preview through a name of its own that it points at 127.0.0.1
/// (DNS rebinding) and read drafts not yet published.
pub fn local_host(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else { return true }; // HTTP/1.0 sends none
    let name = host.strip_suffix(&format!(":{port}")).unwrap_or(host);
    name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost")
}

/// The response to one request.
pub fn reply(method: &Method, target: &str, root: &Path, live: &Live) -> Reply {
    if !matches!(method, Method::Get | Method::Head) {
        return with(text(405, "only GET and HEAD\n"), "Allow", "GET, HEAD");
    }
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let status = live.status();
    match path {
        LIVE_PATH => return bytes(200, "text/javascript; charset=utf-8", LIVE_JS.as_bytes().to_vec()),
        STATUS_PATH => {
            let json = serde_json::to_vec(&status).unwrap_or_default();
            return bytes(200, "application/json", json);
        }
        _ => {}
    }
    match http::resolve(root, target) {
        Ok(Resolved::Redirect(to)) => with(text(301, "moved\n"), "Location", &to),
        Ok(Resolved::File(file)) if !status.built && http::is_html(&file) => problems_page(&status),
        Ok(Resolved::File(file)) => match std::fs::read(&file) {
            Ok(body) => page_of(200, &file, body, &status),
            Err(_) => not_found(root, &status),
        },
        Err(Refusal::NotFound) => not_found(root, &status),
        Err(refusal) => text(refusal.status(), "refused\n"),
    }
}

/// The site's 404 page with status 404; before any build succeeded, the problems.
fn not_found(root: &Path, status: &Status) -> Reply {
    if !status.built {
        return problems_page(status);
    }
    let page = Path::new(crate::layout::NOT_FOUND);
    match http::resolve(root, &format!("/{}", crate::layout::NOT_FOUND)) {
        Ok(Resolved::File(file)) => match std::fs::read(&file) {
            Ok(body) => page_of(404, page, body, status),
            Err(_) => text(404, "not found\n"),
        },
        _ => text(404, "not found\n"),
    }
}

/// A file's bytes as served; HTML with the live script's tag added.
fn page_of(code: u16, file: &Path, body: Vec<u8>, status: &Status) -> Reply {
    let kind = http::content_type(file);
    if http::is_html(file) {
        return bytes(code, kind, http::inject(&body, &http::live_tag(status.generation)));
    }
    bytes(code, kind, body)
}

/// What is served for every page while no build has succeeded: the
/// problems, escaped (the live script shows them too, and reloads when fixed).
fn problems_page(status: &Status) -> Reply {
    use crate::util::html::escape_html as e;
    let mut html = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>The site has errors</title></head><body>\n<h1>The site has errors</h1>\n<p>Fix them and this page reloads.</p>\n<ol>\n",
    );
    for p in &status.problems {
        html.push_str(&format!("<li><code>{}</code> {}", e(&place(p)), e(&p.message)));
        if let Some(help) = &p.help {
            html.push_str(&format!("<br>help: {}", e(help)));
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ol>\n</body></html>\n");
    page_of(200, Path::new("problems.html"), html.into_bytes(), status)
}

/// `file:line:column`, as the terminal shows a problem's place.
pub fn place(p: &Problem) -> String {
    match (p.line, p.column) {
        (Some(l), Some(c)) => format!("{}:{l}:{c}", p.file),
        _ => p.file.clone(),
    }
}

fn text(code: u16, body: &str) -> Reply {
    bytes(code, "text/plain; charset=utf-8", body.as_bytes().to_vec())
}

fn bytes(code: u16, kind: &str, body: Vec<u8>) -> Reply {
    let reply = with(Response::from_data(body).with_status_code(code), "Content-Type", kind);
    // Every load is the latest build.
    let reply = with(reply, "Cache-Control", "no-store");
    with(reply, "X-Content-Type-Options", "nosniff")
}

/// `reply` with a header; one whose value is not ASCII (a path sent raw) is left out.
fn with(reply: Reply, name: &str, value: &str) -> Reply {
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(h) => reply.with_header(h),
        Err(()) => reply,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(reply: Reply) -> String {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut reply.into_reader(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn shown(message: &str) -> Problem {
        Problem::error(crate::diag::Code::JsonSyntax, "assertions/a.json", message).at(3, 7).help("close <b>it</b>")
    }

    #[test]
    fn a_broken_first_build_serves_its_problems_escaped() {
        let tmp = tempfile::tempdir().unwrap();
        let live = Live::default();
        live.failed(vec![shown("<script>alert(1)</script>")]);
        let page = body(reply(&Method::Get, "/", &tmp.path().join("public"), &live));
        assert!(page.contains("assertions/a.json:3:7"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{page}");
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(page.contains("close &lt;b&gt;it&lt;/b&gt;"), "{page}");
        assert!(page.contains(LIVE_PATH));
    }

    #[test]
    fn only_local_names_are_answered() {
        for host in [None, Some("127.0.0.1:1111"), Some("localhost:1111"), Some("127.0.0.1")] {
            assert!(local_host(host, 1111), "{host:?}");
        }
        for host in ["evil.example:1111", "127.0.0.1.evil.example:1111", "127.0.0.1:2222", ""] {
            assert!(!local_host(Some(host), 1111), "{host}");
        }
    }

    #[test]
    fn builds_move_the_generation() {
        let live = Live::default();
        live.built();
        live.unchanged();
        assert_eq!(live.status().generation, 1, "nothing changed: no reload");
        live.failed(vec![shown("x")]);
        assert_eq!(live.status().generation, 1, "a failed build keeps the page");
        live.unchanged();
        let s = live.status();
        assert_eq!((s.generation, s.problems.len()), (2, 0), "the input put back: the problems go, pages reload");
    }
}
