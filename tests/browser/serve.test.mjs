// `accolade serve` in Chromium: an award page runs the live script under
// its own CSP (no violation); a broken award brings the problems overlay
// over the last good page, a problem quoting markup shows it as text and
// never runs it; the fix takes the overlay away and reloads the page.
//
// Environment (set by .ci/run; see the README):
//   ACCOLADE_BIN     the accolade binary (default target/debug/accolade)
//   ACCOLADE_SOURCE  the example site folder (copied to a temporary folder:
//                    this test edits it; the server picks a free port)
//   ACCOLADE_SHOTS   (optional) where to save a screenshot of the overlay
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { env, launchChromium } from "./common.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.resolve(REPO, process.env.ACCOLADE_BIN || "target/debug/accolade");
const SOURCE = env("ACCOLADE_SOURCE");
const AWARD = "assertions/amara-okafor-m1.json";
const PAGE = "assertions/yiqye14j2q/";
const NAME = "Amara Okafor";
// A problem message quotes it (an invalid issuedOn): it must show as text.
const MARKUP = '<img src=x onerror="window.pwned=1">';

let tmp, site, server, url, browser, serveLog = "";

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "accolade-serve-test-"));
  site = path.join(tmp, "site");
  fs.cpSync(SOURCE, site, { recursive: true, filter: (src) => path.basename(src) !== "public" });
  // The example's key_file is relative to the example folder: keep it working in the copy.
  const config = path.join(site, "accolade.toml");
  fs.writeFileSync(config, fs.readFileSync(config, "utf8").replace(/^key_file = "(.*)"$/m,
    (_, rel) => `key_file = ${JSON.stringify(path.resolve(SOURCE, rel))}`));
  // Its temporary build folder in ours, gone with it even if the test fails.
  server = spawn(BIN, ["serve", site, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, TMPDIR: tmp } });
  server.stderr.on("data", (d) => { serveLog += d; });
  url = await new Promise((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/^Serving .* at (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C to stop\)$/m);
      if (m) resolve(m[1]);
    });
    server.on("exit", (code) => reject(new Error(`accolade serve exited (${code}):\n${serveLog}`)));
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) server.kill("SIGKILL");
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("the overlay shows a broken build's problems as text and goes when fixed", async () => {
  const page = await browser.newPage();
  const refused = [];
  page.on("console", (m) => { if (/Content Security Policy|Refused/i.test(m.text())) refused.push(m.text()); });
  const polled = page.waitForRequest((r) => r.url().endsWith("/__accolade/status"));
  await page.goto(url + PAGE);
  await polled; // the live script runs under the page's CSP
  assert.ok((await page.textContent("body")).includes(NAME));

  const award = path.join(site, AWARD);
  const good = fs.readFileSync(award, "utf8");
  const broken = JSON.parse(good);
  broken.issuedOn = MARKUP;
  fs.writeFileSync(award, JSON.stringify(broken, null, 2));
  const overlay = await page.waitForSelector("#accolade-problems", { timeout: 30000 });
  const text = await overlay.textContent();
  assert.ok(text.includes(AWARD), text);
  assert.ok(text.includes(MARKUP), `the markup is not shown as text: ${text}`);
  assert.equal(await overlay.$$eval("img", (imgs) => imgs.length), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.ok((await page.textContent("main")).includes(NAME), "the last good page is not under the overlay");
  if (process.env.ACCOLADE_SHOTS) {
    fs.mkdirSync(path.join(process.env.ACCOLADE_SHOTS, "serve"), { recursive: true });
    await page.screenshot({ path: path.join(process.env.ACCOLADE_SHOTS, "serve", "overlay.png") });
  }

  // Fixed: the page reloads (a new document) without the overlay.
  await page.evaluate(() => { window.stale = true; });
  fs.writeFileSync(award, good);
  await page.waitForSelector("#accolade-problems", { state: "detached", timeout: 30000 });
  await page.waitForFunction(() => window.stale === undefined, null, { timeout: 30000 });
  assert.ok((await page.textContent("body")).includes(NAME));
  assert.deepEqual(refused, []);

  // Ctrl-C: a clean stop.
  const code = new Promise((resolve) => server.on("exit", resolve));
  server.kill("SIGINT");
  assert.equal(await code, 0, serveLog);
});
