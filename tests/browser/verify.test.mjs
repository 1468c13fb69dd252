// Live verification in a real browser: Debian's Chromium driven by
// playwright-core, against the example site served on 127.0.0.1.
//
// Environment (set by .ci/run; see the README):
//   ACCOLADE_SITE     the example site built with --base-url http://127.0.0.1:ACCOLADE_PORT/
//   ACCOLADE_PORT     the port to serve it on
//   ACCOLADE_SOURCE   the example site folder (assertions/, recipients.json)
//   ACCOLADE_BAKED    a folder with baked.png and baked.svg carrying ACCOLADE_BAKED_AWARD
//   ACCOLADE_SHOTS    where to save screenshots
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { env, serve, launchChromium, axeViolations } from "./common.mjs";

const SITE = env("ACCOLADE_SITE");
const PORT = Number(env("ACCOLADE_PORT"));
const SOURCE = env("ACCOLADE_SOURCE");
const BAKED = env("ACCOLADE_BAKED");
const SHOTS = env("ACCOLADE_SHOTS");
const BASE = `http://127.0.0.1:${PORT}/`;

// The example's awards by file name: hosted URL, page URL, recipient email.
const recipients = JSON.parse(fs.readFileSync(path.join(SOURCE, "recipients.json"), "utf8"));
function award(file) {
  const src = JSON.parse(fs.readFileSync(path.join(SOURCE, "assertions", file), "utf8"));
  const json = src.id.replace(/^https:\/\/[^/]+\/badges\//, BASE);
  const profile = src["extensions:recipientProfile"];
  return { json, page: json.replace(/\.json$/, "/"), email: recipients[file], name: profile && profile.name };
}

function squeeze(s) {
  return String(s).replace(/\s+/g, " ").trim();
}

let browser, server, other;
before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  // The site's own host answers like GitHub Pages: anyone may read it (CORS *).
  server = await serve(SITE, PORT, { "Access-Control-Allow-Origin": "*" });
  // A second host without CORS headers, to see what the verify page says then.
  other = await serve(SITE, PORT + 1);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  server?.close();
  other?.close();
});

// A page that fails the test on any script error or CSP violation.
async function open(url, setup) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error" && !/Failed to load resource|net::ERR_FAILED|CORS|blocked by/.test(m.text())) problems.push(`console: ${m.text()}`); });
  if (setup) await setup(page);
  await page.goto(url);
  page.problems = problems;
  return page;
}

async function verdict(page) {
  const status = page.locator("[data-status][data-verdict]");
  await status.waitFor({ timeout: 15000 });
  return status.getAttribute("data-verdict");
}

async function steps(page) {
  return page.$$eval("[data-steps] li", (lis) => lis.map((li) => ({ name: li.dataset.check, outcome: li.dataset.outcome, text: li.textContent })));
}

test("a valid award passes every live check, and the email check says yes and no", async () => {
  const a = award("amara-okafor-m4.json");
  const page = await open(a.page);
  assert.equal(await verdict(page), "valid");
  const s = await steps(page);
  const names = s.map((x) => x.name);
  for (const n of ["assertion.fetch", "assertion.id", "assertion.type", "assertion.matches", "badge.fetch", "issuer.fetch", "issuer.policy", "assertion.revocation", "assertion.expiry"]) {
    assert.ok(names.includes(n), `step ${n} missing: ${names}`);
  }
  assert.deepEqual(s.filter((x) => x.outcome !== "pass"), []);
  assert.match(await page.locator("[data-status]").textContent(), /^Valid: .+ awarded to Amara Okafor by Open Numerics Academy .+ Checked just now in your browser\./);

  await page.fill("#recipient-email", `  ${a.email.toUpperCase()} `);
  await page.click("[data-recipient-form] button");
  await page.locator("[data-recipient-result][data-match]").waitFor();
  assert.equal(await page.getAttribute("[data-recipient-result]", "data-match"), "yes");
  await page.screenshot({ path: path.join(SHOTS, "award-valid.png"), fullPage: true });

  await page.fill("#recipient-email", "someone.else@example.org");
  await page.click("[data-recipient-form] button");
  await page.waitForFunction(() => document.querySelector("[data-recipient-result]").textContent.startsWith("No"));
  assert.equal(await page.getAttribute("[data-recipient-result]", "data-match"), "no");
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("the verify button is reachable by keyboard and re-runs the checks", async () => {
  const page = await open(award("zoe-muller-m1.json").page);
  assert.equal(await verdict(page), "valid");
  await page.focus("[data-run]");
  await page.keyboard.press("Enter");
  assert.equal(await verdict(page), "valid");
  assert.equal(await page.getAttribute("[data-status]", "aria-live"), "polite");
  await page.close();
});

test("the genuine page's verdict says who, what, by whom and when, and tells where the genuine award lives", async () => {
  const a = award("amara-okafor-m1.json");
  const page = await open(a.page);
  assert.equal(await verdict(page), "valid");
  const status = await page.locator("[data-status]").textContent();
  assert.match(status, /^Valid: Floating-Point Arithmetic awarded to Amara Okafor by Open Numerics Academy \(127\.0\.0\.1:\d+\) on (\d+ \w+ \d{4}|\w+ \d+, \d{4}), does not expire\./);
  const where = await page.locator(".verdict-where").textContent();
  assert.match(where, new RegExp(`on 127\\.0\\.0\\.1:${PORT}, at ${a.page.replace(/[.?]/g, "\\$&")}`));
  assert.equal(await page.locator("[data-genuine]").isHidden(), true);
  // The share actions come before the checks.
  const order = await page.evaluate(() => {
    const y = (sel) => document.querySelector(sel).getBoundingClientRect().top;
    return { share: y(".share"), checks: y("#verification"), verdict: y(".verdict") };
  });
  assert.ok(order.verdict < order.share && order.share < order.checks, JSON.stringify(order));
  assert.deepEqual(page.problems, []);
  await page.close();
});

// A forger copies a genuine page to a host of their own and edits it. The
// copy still fetches the genuine data (GitHub Pages lets anyone read it).
async function forgery(edit) {
  const a = award("amara-okafor-m1.json");
  const port = PORT + 2;
  const forged = await serve(SITE, port, { "Access-Control-Allow-Origin": "*" }, (p, body) =>
    (p.endsWith(".html") ? Buffer.from(edit(body.toString("utf8"))) : body));
  return { a, forged, url: a.page.replace(`:${PORT}/`, `:${port}/`) };
}

test("a copy on another host with the name changed reads as not genuine, naming both mismatches", async () => {
  const { a, forged, url } = await forgery((html) => html.replaceAll("Amara Okafor", "Mallory Forger"));
  try {
    const page = await open(url);
    assert.equal(await page.locator("h1").count(), 1);
    assert.match(await page.locator(".recipient").textContent(), /Mallory Forger/);
    assert.equal(await verdict(page), "invalid");
    const status = await page.locator("[data-status]").textContent();
    assert.match(status, /^Not valid: This page is not the issuer's page for this award, and this page shows a different name than the award\./);
    const s = await steps(page);
    assert.equal(s.find((x) => x.name === "page.address").outcome, "fail");
    const matches = s.find((x) => x.name === "assertion.matches");
    assert.equal(matches.outcome, "fail");
    assert.match(matches.text, /this page says Mallory Forger, the award is to Amara Okafor/);
    assert.equal(await page.locator("[data-genuine] a").getAttribute("href"), a.page);
    await page.screenshot({ path: path.join(SHOTS, "award-forged.png"), fullPage: true });
    await page.close();
  } finally {
    forged.close();
  }
});

test("verify/ given a forged copy's address says it is a copy, with a link to the genuine page", async () => {
  const { a, forged, url } = await forgery((html) => html.replaceAll("Amara Okafor", "Mallory Forger"));
  try {
    const page = await open(`${BASE}verify/?url=${encodeURIComponent(url)}`);
    assert.equal(await verdict(page), "invalid");
    assert.match(await page.locator("[data-status]").textContent(),
      /^Not valid: The page you gave is not the issuer's page for this award, and the page you gave shows a different name than the award\./);
    assert.equal(await page.locator("[data-genuine] a").getAttribute("href"), a.page);
    await page.screenshot({ path: path.join(SHOTS, "verify-forged.png"), fullPage: true });
    await page.close();
  } finally {
    forged.close();
  }
});

test("a faithful copy on another host is still not the issuer's page", async () => {
  const { forged, url } = await forgery((html) => html);
  try {
    const page = await open(url);
    assert.equal(await verdict(page), "invalid");
    assert.match(await page.locator("[data-status]").textContent(), /^Not valid: This page is not the issuer's page for this award\./);
    assert.equal((await steps(page)).find((x) => x.name === "assertion.matches").outcome, "pass");
    await page.close();
  } finally {
    forged.close();
  }
});

test("a page on the genuine address with an edited name, badge or date reads as not genuine", async () => {
  const a = award("amara-okafor-m1.json");
  for (const [edit, expect] of [
    [(h) => h.replaceAll("Amara Okafor", "Mallory Forger"), /shows a different name/],
    [(h) => h.replace(/(<h1 data-shown="badge">)[^<]*/, "$1Quantum computing"), /badge: this page says Quantum computing/],
    [(h) => h.replace(/(<time datetime=")[^"]*(" data-shown="issuedOn")/, "$12020-01-01T00:00:00Z$2"), /issue date/],
  ]) {
    const page = await open(a.page, (p) => p.route(a.page, async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: edit(await res.text()) });
    }));
    assert.equal(await verdict(page), "invalid");
    const text = (await page.locator("[data-status]").textContent()) + (await steps(page)).map((x) => x.text).join("\n");
    assert.match(text, expect);
    await page.close();
  }
});

test("the page says where the genuine award lives even with scripts off", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const a = award("amara-okafor-m1.json");
  await page.goto(a.page);
  const where = page.locator(".verdict-where");
  assert.equal(await where.isVisible(), true);
  assert.match(await where.locator("strong.host").textContent(), new RegExp(`127\\.0\\.0\\.1:${PORT}`));
  assert.match(await where.textContent(), /verify\//);
  await context.close();
});

test("a revoked award shows revoked", async () => {
  const page = await open(award("soren-dahl-m2.json").page);
  assert.equal(await verdict(page), "revoked");
  assert.match(await page.locator("[data-status]").textContent(), /^Revoked: Submitted/);
  await page.screenshot({ path: path.join(SHOTS, "award-revoked.png"), fullPage: true });
  await page.close();
});

test("an expired award shows expired, judged by today's date", async () => {
  const page = await open(award("jose-alvarez-m1.json").page);
  assert.equal(await verdict(page), "expired");
  assert.match(await page.locator("[data-status]").textContent(), /^Expired on .+: .+ awarded to José Álvarez by Open Numerics Academy /);
  const expiry = (await steps(page)).find((s) => s.name === "assertion.expiry");
  assert.equal(expiry.outcome, "fail");
  assert.match(expiry.text, /expired on/);
  await page.close();
});

test("expiry is judged by the browser's clock, not the build's", async () => {
  // Same page, browser clock moved past the expiry of a course-completion award.
  const a = award("zoe-muller-course.json");
  const page = await browser.newPage();
  await page.clock.install({ time: new Date("2032-01-01T00:00:00Z") });
  await page.goto(a.page);
  assert.equal(await verdict(page), "expired");
  await page.close();
});

test("a tampered hosted JSON is reported as a mismatch", async () => {
  const a = award("amara-okafor-m1.json");
  const page = await open(a.page, (p) => p.route(a.json, async (route) => {
    const res = await route.fetch();
    const json = await res.json();
    json.issuedOn = "2025-01-01T00:00:00Z";
    await route.fulfill({ response: res, json });
  }));
  assert.equal(await verdict(page), "invalid");
  const matches = (await steps(page)).find((s) => s.name === "assertion.matches");
  assert.equal(matches.outcome, "fail");
  assert.match(matches.text, /issue date/);
  await page.close();
});

// The example's Open Badges 3.0 credentials (credentials/<code>.json): their
// pages and JSON URLs on the served site.
function credentialPages() {
  return fs.readdirSync(path.join(SITE, "credentials")).filter((f) => f.endsWith(".json"))
    .map((f) => ({ json: `${BASE}credentials/${f}`, page: `${BASE}credentials/${f.replace(/\.json$/, "/")}` }));
}

test("an Open Badges 3.0 credential's page checks all but the signature live, and says where that was checked", async () => {
  const pages = credentialPages();
  assert.equal(pages.length, 2);
  for (const c of pages) {
    const page = await open(c.page);
    assert.equal(await verdict(page), "valid", c.page);
    const s = await steps(page);
    const names = s.map((x) => x.name);
    for (const n of ["assertion.fetch", "credential.type", "assertion.id", "page.address", "credential.key", "credential.proof", "assertion.revocation", "assertion.matches", "assertion.expiry"]) {
      assert.ok(names.includes(n), `step ${n} missing: ${names}`);
    }
    assert.deepEqual(s.filter((x) => x.outcome !== "pass"), []);
    assert.match(s.find((x) => x.name === "credential.key").text, /did:web:127\.0\.0\.1%3A\d+#key-1 in http:\/\/127\.0\.0\.1:\d+\/\.well-known\/did\.json/);
    assert.match(s.find((x) => x.name === "credential.proof").text, /verified when the site was built.+this browser does not recompute it/);
    assert.match(await page.locator(".verification").textContent(), /Open Badges 3\.0 verifier/);
    assert.deepEqual(page.problems, []);
    await page.screenshot({ path: path.join(SHOTS, "credential-valid.png"), fullPage: true });
    await page.close();
  }
});

test("an Open Badges 3.0 credential revoked in its status list, or with a changed date, is not valid", async () => {
  const c = credentialPages()[0];
  const list = `${BASE}status/revocation.json`;
  const credential = JSON.parse(fs.readFileSync(path.join(SITE, "credentials", c.json.split("/").pop()), "utf8"));
  const index = Number(credential.credentialStatus.statusListIndex);
  // The list with the credential's bit set, as a revocation publishes it.
  const revokedList = async (route) => {
    const res = await route.fetch();
    const json = await res.json();
    const gz = Buffer.from(json.credentialSubject.encodedList.slice(1), "base64url");
    const bits = (await import("node:zlib")).gunzipSync(gz);
    bits[index >> 3] |= 0x80 >> (index & 7);
    json.credentialSubject.encodedList = "u" + (await import("node:zlib")).gzipSync(bits).toString("base64url");
    await route.fulfill({ response: res, json });
  };
  let page = await open(c.page, (p) => p.route(list, revokedList));
  assert.equal(await verdict(page), "revoked");
  assert.equal((await steps(page)).find((x) => x.name === "assertion.revocation").outcome, "fail");
  await page.close();
  page = await open(c.page, (p) => p.route(c.json, async (route) => {
    const res = await route.fetch();
    const json = await res.json();
    json.validFrom = "2025-01-01T00:00:00Z";
    await route.fulfill({ response: res, json });
  }));
  assert.equal(await verdict(page), "invalid");
  assert.match((await steps(page)).find((x) => x.name === "assertion.matches").text, /issue date/);
  await page.close();
});

test("when the JSON cannot be fetched the panel says so instead of claiming success", async () => {
  const a = award("amara-okafor-m1.json");
  const page = await open(a.page, (p) => p.route("**/*.json", (route) => route.abort()));
  assert.equal(await verdict(page), "unknown");
  assert.match(await page.locator("[data-status]").textContent(), /Could not be fully verified/);
  await page.close();
});

test("with JavaScript off the build-time verdict and report are shown, and nothing that needs script", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(award("amara-okafor-m1.json").page);
  assert.match(await page.locator("[data-status]").textContent(), /^Valid: .+ As checked when the site was built\.$/);
  assert.match(squeeze(await page.locator("p.build-checks").textContent()), /^Checked when the site was built: all 15 checks passed\.$/);
  for (const needsScript of ["[data-print]", "[data-bake]", "[data-run]"]) {
    assert.equal(await page.locator(needsScript).first().isVisible(), false, needsScript);
  }
  await context.close();
});

test("verify/ checks a pasted URL", async () => {
  const a = award("nguyen-thi-mai-m3.json");
  const page = await open(`${BASE}verify/`);
  await page.fill("#verify-url", a.json);
  await page.click("[data-url-form] button");
  assert.equal(await verdict(page), "valid");
  await page.screenshot({ path: path.join(SHOTS, "verify-url.png"), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("verify/ takes an award page's address, follows its data link and names the recipient", async () => {
  const a = award("amara-okafor-m4.json");
  const page = await open(`${BASE}verify/?url=${encodeURIComponent(a.page)}`);
  assert.equal(await verdict(page), "valid");
  assert.match(await page.locator("[data-status]").textContent(), /^Valid: .+ awarded to Amara Okafor by Open Numerics Academy \(127\.0\.0\.1:\d+\) on /);
  const s = await steps(page);
  assert.equal(s.find((x) => x.name === "assertion.page").outcome, "pass");
  assert.match(s.find((x) => x.name === "assertion.fetch").text, /\.json/);
  const origin = page.locator("[data-origin]");
  assert.match(await origin.textContent(), /^Issued by Open Numerics Academy at 127\.0\.0\.1:\d+\.$/);
  assert.equal(await origin.getAttribute("data-foreign"), null);
  // The email check, as on the award page.
  await page.fill("#recipient-email", a.email);
  await page.click("[data-recipient-form] button");
  await page.locator("[data-recipient-result][data-match]").waitFor();
  assert.equal(await page.getAttribute("[data-recipient-result]", "data-match"), "yes");
  await page.fill("#recipient-email", "someone.else@example.org");
  await page.click("[data-recipient-form] button");
  await page.waitForFunction(() => document.querySelector("[data-recipient-result]").textContent.startsWith("No"));
  await page.screenshot({ path: path.join(SHOTS, "verify-page-url.png"), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("verify/ says plainly when a badge is not this site's issuer's", async () => {
  // Another issuer's site, with CORS like GitHub Pages: the same files under other names.
  const port = PORT + 3;
  const elsewhere = await serve(SITE, port, { "Access-Control-Allow-Origin": "*" }, (p, body) =>
    (p.endsWith(".json") ? Buffer.from(body.toString("utf8").replaceAll(`:${PORT}/`, `:${port}/`).replaceAll("Open Numerics Academy", "Elsewhere Institute")) : body));
  try {
    const a = award("amara-okafor-m4.json");
    const page = await open(`${BASE}verify/?url=${encodeURIComponent(a.json.replace(`:${PORT}/`, `:${port}/`))}`);
    assert.equal(await verdict(page), "valid");
    assert.match(await page.locator("[data-status]").textContent(), /^Not a badge of Open Numerics Academy\. Valid: /);
    assert.match(await page.locator("[data-status]").textContent(), new RegExp(`by Elsewhere Institute \\(127\\.0\\.0\\.1:${port}\\)`));
    const origin = page.locator("[data-origin]");
    assert.equal(await origin.getAttribute("data-foreign"), "yes");
    assert.match(await origin.textContent(), new RegExp(`^Issued by Elsewhere Institute at 127\\.0\\.0\\.1:${port}, not by Open Numerics Academy\\. .*does not vouch`));
    await page.screenshot({ path: path.join(SHOTS, "verify-foreign.png"), fullPage: true });
    await page.close();
  } finally {
    elsewhere.close();
  }
});

test("verify/ words an award without a published name with dignity", async () => {
  const a = award("aoife-ni-bhriain-m2.json");
  const page = await open(`${BASE}verify/?url=${encodeURIComponent(a.json)}`, (p) => p.route(a.json, async (route) => {
    const res = await route.fetch();
    const json = await res.json();
    delete json["extensions:recipientProfile"];
    await route.fulfill({ response: res, json });
  }));
  assert.equal(await verdict(page), "valid");
  const status = await page.locator("[data-status]").textContent();
  assert.match(status, /^Valid: .+ awarded by Open Numerics Academy \(127\.0\.0\.1:\d+\) on .+ \(the recipient's name is not published\), /);
  assert.doesNotMatch(status, /recipient of this award/);
  await page.close();
});

test("verify/ on a page that names no badge data says what to give instead", async () => {
  const page = await open(`${BASE}verify/?url=${encodeURIComponent(BASE)}`);
  assert.equal(await verdict(page), "unknown");
  assert.match((await steps(page)).find((x) => x.name === "assertion.fetch").text, /names no Open Badges data/);
  await page.close();
});

test("verify/ given a revoked or an expired award's page says so in its headline", async () => {
  for (const [file, kind, headline] of [
    ["soren-dahl-m2.json", "revoked", /^Revoked: Submitted notebooks duplicated another learner's work/],
    ["jose-alvarez-m1.json", "expired", /^Expired on .+: .+ awarded to José Álvarez by Open Numerics Academy \(127\.0\.0\.1:\d+\) on /],
  ]) {
    const page = await open(`${BASE}verify/?url=${encodeURIComponent(award(file).page)}`);
    assert.equal(await verdict(page), kind, file);
    assert.match(await page.locator("[data-status]").textContent(), headline);
    await page.close();
  }
});

test("verify/ checks pasted JSON", async () => {
  const a = award("aoife-ni-bhriain-m2.json");
  const json = fs.readFileSync(path.join(SITE, new URL(a.json).pathname), "utf8");
  const page = await open(`${BASE}verify/`);
  await page.fill("#verify-json", json);
  await page.click("[data-json-form] button");
  assert.equal(await verdict(page), "valid");
  await page.close();
});

for (const file of ["baked.png", "baked.svg"]) {
  test(`verify/ reads a ${file.slice(6).toUpperCase()} baked by openbadges-bakery`, async () => {
    const page = await open(`${BASE}verify/`);
    await page.setInputFiles("#verify-file", path.join(BAKED, file));
    assert.equal(await verdict(page), "valid");
    const fetched = (await steps(page)).find((s) => s.name === "assertion.fetch");
    assert.match(fetched.text, /assertions\//);
    await page.close();
  });
}

test("verify/ says when another host blocks the request (CORS)", async () => {
  const a = award("amara-okafor-m1.json");
  const elsewhere = a.json.replace(`:${PORT}/`, `:${PORT + 1}/`);
  const page = await open(`${BASE}verify/`);
  await page.fill("#verify-url", elsewhere);
  await page.click("[data-url-form] button");
  assert.equal(await verdict(page), "unknown");
  const fetched = (await steps(page)).find((s) => s.name === "assertion.fetch");
  assert.match(fetched.text, /CORS/);
  await page.close();
});

test("verify/ rejects input that is not a badge", async () => {
  const page = await open(`${BASE}verify/`);
  await page.fill("#verify-json", "{\"hello\": 1}");
  await page.click("[data-json-form] button");
  await page.waitForFunction(() => document.querySelector("[data-input-error]").textContent.length > 0);
  assert.match(await page.locator("[data-input-error]").textContent(), /no hosted address/);
  await page.close();
});

// Accessibility: axe-core finds no serious or critical WCAG 2 A/AA violation
// on any kind of page. (bypassCSP only lets the test inject axe itself.)
test("no serious accessibility violations (axe-core)", async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const pages = ["", "verify/", "badges/m1-floating-point/", "issuers/open-numerics/",
    new URL(award("amara-okafor-m1.json").page).pathname.slice(1),
    new URL(award("soren-dahl-m2.json").page).pathname.slice(1),
    new URL(award("jose-alvarez-m1.json").page).pathname.slice(1),
    "404.html"];
  const found = [];
  for (const p of pages) {
    const page = await context.newPage();
    await page.goto(BASE + p);
    if (p.startsWith("assertions/")) await verdict(page);
    for (const v of (await axeViolations(page)).filter((v) => v.impact === "serious" || v.impact === "critical")) {
      found.push(`${p || "index"}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
    }
    await page.close();
  }
  await context.close();
  assert.deepEqual(found, []);
});

// The printable certificate of every current award: exactly one landscape
// page on A4 and on US Letter, and its QR code (read from the printed PDF)
// opens the award page.
const REVOKED = new Set(JSON.parse(fs.readFileSync(path.join(SOURCE, "revocations.json"), "utf8"))
  .revokedAssertions.map((e) => (typeof e === "string" ? e : e.id)));
const CURRENT = Object.keys(recipients).sort().filter((file) => {
  const id = JSON.parse(fs.readFileSync(path.join(SOURCE, "assertions", file), "utf8")).id;
  return !REVOKED.has(id);
});

for (const format of ["A4", "Letter"]) {
  test(`every certificate prints on one ${format} page with a QR code that decodes`, async () => {
    assert.ok(CURRENT.length >= 20, `only ${CURRENT.length} awards`);
    const page = await open(`${BASE}verify/`);
    await page.emulateMedia({ media: "print" });
    for (const [n, file] of CURRENT.entries()) {
      const a = award(file);
      await page.goto(a.page);
      await page.locator(".certificate--print").waitFor({ state: "attached" });
      const cert = squeeze((await page.$$eval(".certificate--print p", (ps) => ps.map((p) => p.textContent))).join(" "));
      if (a.name) assert.ok(cert.includes(`This certifies that ${a.name} has earned the badge`), `${file}: ${cert}`);
      else assert.ok(cert.includes("This certifies that the badge") && cert.includes("was awarded by Open Numerics Academy on"), `${file}: ${cert}`);
      const name = n === 0 ? `certificate-${format}` : `certificate-${format}-${n}`;
      const pdf = path.join(SHOTS, `${name}.pdf`);
      await page.pdf({ path: pdf, format, landscape: true, printBackground: true });
      const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
      assert.match(info, /^Pages:\s+1$/m, `${file}: ${info}`);
      const png = path.join(SHOTS, name);
      execFileSync("pdftoppm", ["-png", "-r", "150", "-singlefile", pdf, png]);
      const decoded = execFileSync("zbarimg", ["--raw", "-q", "-Sdisable", "-Sqrcode.enable", `${png}.png`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
      assert.equal(decoded.trim(), a.page, file);
      if (n > 0) {
        fs.rmSync(pdf);
        fs.rmSync(`${png}.png`);
      }
    }
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}

// What verify.js makes from the award page instead of every page carrying
// it: LinkedIn's copy boxes (the values of the "Add to profile" link), copy
// buttons, and the embed snippets.
test("the award page's share tools are made from the page", async () => {
  const a = award("zoe-muller-course.json");
  const page = await open(a.page);
  await page.locator(".linkedin-fields").waitFor({ state: "attached" });
  const boxes = await page.$$eval(".linkedin-fields dd input", (inputs) => inputs.map((i) => [i.getAttribute("aria-label"), i.value]));
  assert.deepEqual(boxes, [
    ["Name", "Numerical Methods with Python: Course Completion"],
    ["Issuing organization", "Open Numerics Academy"],
    ["Issue date", "November 2026"],
    ["Expiration date", "November 2031"],
    ["Credential ID", a.json],
    ["Credential URL", a.page],
  ]);
  // Every read-only field has its copy button; the page carries none itself.
  const fields = await page.$$eval(".share input[readonly], .share textarea[readonly]", (els) => els.map((e) => e.nextElementSibling && e.nextElementSibling.textContent));
  assert.ok(fields.length >= 8, `${fields.length} fields`);
  assert.deepEqual(fields.filter((t) => t !== "Copy"), []);
  const image = await page.inputValue("textarea#embed-img");
  assert.equal(image, `<a href="${a.page}"><img src="${BASE}badges/course-completion/image.png" alt="Numerical Methods with Python: Course Completion: awarded to Zoë Müller by Open Numerics Academy" width="120" height="120"></a>`);
  assert.deepEqual(page.problems, []);
  await page.close();
});

// LinkedIn's "Add to profile" link, filled in by the page from what it shows.
test("the LinkedIn link carries the badge, issuer, months, page and id", async () => {
  const a = award("zoe-muller-course.json");
  const page = await open(a.page);
  await page.locator("[data-linkedin]").waitFor();
  await page.waitForFunction(() => document.querySelector("[data-linkedin]").href.includes("certUrl="));
  const enc = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  assert.equal(await page.getAttribute("[data-linkedin]", "href"),
    "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Numerical%20Methods%20with%20Python%3A%20Course%20Completion" +
    "&organizationName=Open%20Numerics%20Academy&issueYear=2026&issueMonth=11&expirationYear=2031&expirationMonth=11" +
    `&certUrl=${enc(a.page)}&certId=${enc(a.json)}`);
  // By organization id, December months, a name that needs encoding, no expiry.
  const other = await page.evaluate(() => {
    const link = document.querySelector("[data-linkedin]");
    link.setAttribute("data-linkedin", "1337");
    document.querySelector('[data-shown="badge"]').textContent = "Zoë's badge";
    document.querySelector('time[data-shown="issuedOn"]').setAttribute("datetime", "2026-12-01T00:00:00Z");
    document.querySelector('time[data-shown="expires"]').setAttribute("datetime", "2031-12-31T23:00:00Z");
    const withExpiry = window.accoladeVerify.linkedinUrl(link, "https://x.org/a/");
    document.querySelector('time[data-shown="expires"]').remove();
    return [withExpiry, window.accoladeVerify.linkedinUrl(link, "https://x.org/a/")];
  });
  assert.match(other[0], /&name=Zo%C3%AB%27s%20badge&organizationId=1337&issueYear=2026&issueMonth=12&expirationYear=2031&expirationMonth=12&certUrl=https%3A%2F%2Fx\.org%2Fa%2F&/);
  assert.ok(!other[0].includes("organizationName"), other[0]);
  assert.match(other[1], /&issueMonth=12&certUrl=/, "no expiry fields for an award that does not expire");
  assert.deepEqual(page.problems, []);
  await page.close();
});

// Every current award page draws its QR code in the browser; zbarimg (a
// decoder we did not write) reads the PNG it made as the page's address.
test("every award page's QR code decodes to the page's address (zbarimg)", async () => {
  const page = await open(`${BASE}verify/`);
  const dir = path.join(SHOTS, "qr");
  fs.mkdirSync(dir, { recursive: true });
  assert.ok(CURRENT.length >= 20, `only ${CURRENT.length} awards`);
  for (const file of CURRENT) {
    const a = award(file);
    await page.goto(a.page);
    const img = page.locator(".qr-code img");
    await img.waitFor({ state: "attached" });
    const src = await img.getAttribute("src");
    assert.match(src, /^data:image\/png;base64,/, file);
    const png = path.join(dir, file.replace(/\.json$/, ".png"));
    fs.writeFileSync(png, Buffer.from(src.split(",")[1], "base64"));
    const decoded = execFileSync("zbarimg", ["--raw", "-q", "-Sdisable", "-Sqrcode.enable", png], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    assert.equal(decoded.trim(), a.page, file);
    assert.match(await img.getAttribute("alt"), /^QR code linking to /, file);
  }
  assert.deepEqual(page.problems, []);
  await page.close();
});
