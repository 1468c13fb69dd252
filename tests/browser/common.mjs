// What the browser test files share: their environment, a static server
// for a built site, and Debian's Chromium.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { chromium } from "playwright-core";

export function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set; run the browser tests through .ci/run or as the README says`);
  return v;
}

const TYPES = { ".json": "application/json", ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml", ".png": "image/png" };

// Serves `dir` on 127.0.0.1:`port` with extra `headers`; `edit(path, body)`
// may rewrite what a path answers (a forger's copy). A missing file answers
// 404 with the site's own 404 page, as GitHub Pages does.
export function serve(dir, port, headers = {}, edit = null) {
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (p.includes("..")) { res.writeHead(400).end(); return; }
    if (p.endsWith("/")) p += "index.html";
    fs.readFile(path.join(dir, p), (err, body) => {
      if (err) {
        fs.readFile(path.join(dir, "404.html"), (e, page) => res.writeHead(404, { "Content-Type": TYPES[".html"] }).end(e ? "not found" : page));
        return;
      }
      if (edit) body = edit(p, body);
      res.writeHead(200, { "Content-Type": TYPES[path.extname(p)] || "application/octet-stream", ...headers }).end(body);
    });
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}
