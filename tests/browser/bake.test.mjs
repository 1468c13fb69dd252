// The award pages' "Download badge" buttons bake in the browser (bake.js):
// for every award of the example site, both downloads must be byte for byte
// what `accolade bake` makes of the same badge image and hosted assertion.
//
// Environment (set by .ci/run; see the README), besides verify.test.mjs's:
//   ACCOLADE_DOWNLOADS  where the downloads go, as browser/<rel>.png|svg and
//                       the CLI's as cli/<rel>.png|svg, <rel> being the hosted
//                       assertion's path without .json (assertions/v6g8hnksso);
//                       default target/browser-downloads
//   ACCOLADE_BIN        the accolade binary (default target/debug/accolade)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { env, serve, launchChromium } from "./common.mjs";

const SITE = env("ACCOLADE_SITE");
const PORT = Number(env("ACCOLADE_PORT"));
const SOURCE = env("ACCOLADE_SOURCE");
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DOWNLOADS = path.resolve(process.env.ACCOLADE_DOWNLOADS || path.join(REPO, "target/browser-downloads"));
const BIN = path.resolve(REPO, process.env.ACCOLADE_BIN || "target/debug/accolade");
const BASE = `http://127.0.0.1:${PORT}/`;

const revoked = new Set(
  JSON.parse(fs.readFileSync(path.join(SOURCE, "revocations.json"), "utf8")).revokedAssertions.map((r) => r.id ?? r),
);
// The example's awards: hosted URL and its path in the site without .json.
const awards = fs.readdirSync(path.join(SOURCE, "assertions")).filter((f) => f.endsWith(".json")).sort().map((file) => {
  const src = JSON.parse(fs.readFileSync(path.join(SOURCE, "assertions", file), "utf8"));
  const json = src.id.replace(/^https:\/\/[^/]+\/badges\//, BASE);
  return { file, json, rel: json.slice(BASE.length, -".json".length), revoked: revoked.has(src.id) };
});

let browser, server;
before(async () => {
  // Downloads of an earlier run must not pass for this one's.
  fs.rmSync(DOWNLOADS, { recursive: true, force: true });
  server = await serve(SITE, PORT, { "Access-Control-Allow-Origin": "*" });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function open(url, setup) {
  const page = await browser.newPage({ acceptDownloads: true });
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error" && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`); });
  if (setup) await setup(page);
  await page.goto(url);
  page.problems = problems;
  return page;
}

// The site file a URL of the site names.
function siteFile(url) {
  assert.ok(url.startsWith(BASE), url);
  return path.join(SITE, decodeURIComponent(url.slice(BASE.length)));
}

test("every award's downloads are baked in the browser exactly as `accolade bake` bakes them", async () => {
  let made = 0;
  for (const award of awards) {
    const page = await open(award.json.replace(/\.json$/, "/"));
    const buttons = page.locator("button[data-bake]");
    if (award.revoked) {
      assert.equal(await buttons.count(), 0, `${award.file}: a revoked award offers no download`);
      await page.close();
      continue;
    }
    assert.deepEqual(await buttons.evaluateAll((bs) => bs.map((b) => b.getAttribute("data-bake"))), ["png", "svg"], award.file);
    for (const kind of ["png", "svg"]) {
      const button = page.locator(`button[data-bake="${kind}"]`);
      await button.waitFor({ state: "visible" });
      const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
      const name = await page.getAttribute("ul.actions", "data-name");
      assert.equal(download.suggestedFilename(), `${name}.${kind}`, award.file);
      assert.match(download.suggestedFilename(), new RegExp(`^[a-z0-9-]+-${path.basename(award.rel)}\\.${kind}$`));
      const got = path.join(DOWNLOADS, "browser", `${award.rel}.${kind}`);
      await download.saveAs(got);
      // The CLI, given the image the button starts from and the hosted file.
      const src = siteFile(new URL(await button.getAttribute("data-src"), page.url()).href);
      const cli = path.join(DOWNLOADS, "cli", `${award.rel}.${kind}`);
      execFileSync(BIN, ["bake", src, siteFile(award.json), "-o", cli], { stdio: ["ignore", "ignore", "pipe"] });
      assert.ok(fs.readFileSync(got).equals(fs.readFileSync(cli)), `${award.file}: the browser's ${kind} differs from accolade bake's`);
      assert.equal(await page.locator(`button[data-bake="${kind}"] + [role=status]`).textContent(), "");
      made++;
    }
    assert.deepEqual(page.problems, [], award.file);
    await page.close();
  }
  assert.equal(made, 2 * awards.filter((a) => !a.revoked).length);
});

test("a download that cannot be made says so next to its button", async () => {
  const award = awards.find((a) => !a.revoked);
  const page = await open(award.json.replace(/\.json$/, "/"), (p) =>
    p.route("**/*.svg", (route) => route.fulfill({ status: 404, body: "gone" })));
  const button = page.locator('button[data-bake="svg"]');
  await button.click();
  const status = page.locator('button[data-bake="svg"] + [role=status]');
  await assert.doesNotReject(status.filter({ hasText: "Could not make the badge image: could not load the badge image (HTTP 404)" }).waitFor());
  assert.equal(await button.isEnabled(), true, "the button can be tried again");
  await page.close();
});
