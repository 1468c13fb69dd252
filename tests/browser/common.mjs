// What the browser test files share: their environment, a static server
// for a built site, Debian's Chromium, the layout check and axe-core.
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

// The phone and desktop widths every page must fit, and the media and color
// schemes it must fit in.
export const WIDTHS = [375, 1280];
export const MODES = [
  { media: "screen", colorScheme: "light" },
  { media: "screen", colorScheme: "dark" },
  { media: "print", colorScheme: "light" },
  { media: "print", colorScheme: "dark" },
];

// How much wider than the viewport the document is, and which element
// sticks out furthest (the deepest one, when several end at the same place).
export function overflow() {
  const width = document.documentElement.clientWidth;
  const excess = document.documentElement.scrollWidth - width;
  if (excess <= 0) return null;
  let worst = null;
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 0.5) continue;
    let depth = 0;
    for (let p = el; p; p = p.parentElement) depth++;
    if (!worst || r.right > worst.right + 0.5 || (Math.abs(r.right - worst.right) <= 0.5 && depth > worst.depth)) {
      const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") + [...el.classList].map((c) => `.${c}`).join("");
      worst = { right: r.right, depth, name, text: (el.textContent || "").trim().slice(0, 80) };
    }
  }
  return { width, scrollWidth: width + excess, element: worst ? `${worst.name} (right edge at ${Math.round(worst.right)} px: "${worst.text}")` : "none found" };
}

// What axe-core finds against WCAG 2 A/AA and its best practices on `page`
// as it is shown now. (The page's context needs bypassCSP: true, which only
// lets the test inject axe itself.)
const AXE = fs.readFileSync(new URL("./node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
export async function axeViolations(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "best-practice"] }));
  return result.violations;
}
