// A badge class's earners over several pages (badges/<slug>/,
// badges/<slug>/page/2/ …) as a visitor meets them: walked with the pager's
// links and the browser's Back button, every earner once, newest first,
// every link answering; the pages fit a phone and a desktop, and axe-core
// finds nothing on them.
//
// Environment (set by .ci/run; see the README):
//   ACCOLADE_PAGED_SITE  the example site built by make_paged.sh (two earners a page)
//                        with --base-url http://127.0.0.1:ACCOLADE_PAGED_PORT/
//   ACCOLADE_PAGED_PORT  the port to serve it on (this file starts and stops its own server)
//   ACCOLADE_SOURCE      the example site folder (assertions/, revocations.json)
//   ACCOLADE_SHOTS       where to save screenshots
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { env, serve, launchChromium, overflow, axeViolations, WIDTHS, MODES } from "./common.mjs";

const SITE = env("ACCOLADE_PAGED_SITE");
const PORT = Number(env("ACCOLADE_PAGED_PORT"));
const SOURCE = env("ACCOLADE_SOURCE");
const SHOTS = path.join(env("ACCOLADE_SHOTS"), "pager");
const BASE = `http://127.0.0.1:${PORT}/`;

// What a visitor should find listed, from the example's sources: the awards
// neither revoked nor unlisted of the badge class with the most of them, as
// the URLs of their pages, newest first.
const local = (id) => id.replace(/^https:\/\/[^/]+\/badges\//, BASE);
const revoked = new Set(JSON.parse(fs.readFileSync(path.join(SOURCE, "revocations.json"), "utf8"))
  .revokedAssertions.map((e) => (typeof e === "string" ? e : e.id)));
const byBadge = new Map();
for (const file of fs.readdirSync(path.join(SOURCE, "assertions"))) {
  const a = JSON.parse(fs.readFileSync(path.join(SOURCE, "assertions", file), "utf8"));
  if (revoked.has(a.id) || a["accolade:unlisted"] === true) continue;
  const slug = a.badge.match(/\/badges\/([^/]+)\.json$/)[1];
  if (!byBadge.has(slug)) byBadge.set(slug, []);
  byBadge.get(slug).push({ page: local(a.id).replace(/\.json$/, "/"), issuedOn: Date.parse(a.issuedOn) });
}
const [SLUG, LISTED] = [...byBadge].sort((a, b) => b[1].length - a[1].length)[0];
const PAGE_URL = (n) => `${BASE}badges/${SLUG}/${n > 1 ? `page/${n}/` : ""}`;

let browser, server;
before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await serve(SITE, PORT);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  server?.close();
});

// What one earner page shows: its title, the head's prev/next links, the
// "Earners a–b of t" line, the earners, and every nav with prev/next links
// (the pager) with its name, its marked current page and its links.
function shown() {
  const text = (e) => e.textContent.replace(/\s+/g, " ").trim();
  const head = (rel) => document.querySelector(`head link[rel="${rel}"]`)?.href ?? null;
  const name = (nav) => nav.getAttribute("aria-label")
    || (nav.getAttribute("aria-labelledby") || "").split(/\s+/).map((id) => document.getElementById(id)).filter(Boolean).map(text).join(" ");
  const pagers = [...document.querySelectorAll("nav")].filter((n) => n.querySelector('a[rel="prev"], a[rel="next"]'));
  const heading = document.getElementById("earners-title")?.closest("section");
  return {
    title: document.title,
    prev: head("prev"),
    next: head("next"),
    summary: [...(heading?.querySelectorAll("p") ?? [])].map(text).find((t) => /^Earners /.test(t)) ?? null,
    earners: [...(heading?.querySelectorAll(".award-list a") ?? [])].map((a) => ({ href: a.href, name: text(a) })),
    pagers: pagers.map((nav) => ({
      name: name(nav),
      current: [...nav.querySelectorAll('[aria-current="page"]')].map(text),
      links: Object.fromEntries([...nav.querySelectorAll("a")].map((a) => [text(a), a.href])),
    })),
  };
}

// Checks page `n` of `count` as shown now, and returns its earners.
async function check(page, n, count) {
  assert.equal(page.url(), PAGE_URL(n));
  const s = await page.evaluate(shown);
  const where = `page ${n} of ${count}`;
  if (n > 1) assert.match(s.title, new RegExp(`page ${n} of ${count}\\b`), `${where}: the title says which page`);
  assert.equal(s.prev, n > 1 ? PAGE_URL(n - 1) : null, `${where}: <link rel="prev">`);
  assert.equal(s.next, n < count ? PAGE_URL(n + 1) : null, `${where}: <link rel="next">`);
  assert.equal(s.pagers.length, 1, `${where}: one pager`);
  const [pager] = s.pagers;
  assert.ok(pager.name && pager.name !== "Breadcrumb", `${where}: the pager is a nav named for what it pages (${pager.name})`);
  assert.deepEqual(pager.current, [`Page ${n} of ${count}`], `${where}: the pager marks the current page`);
  const links = {};
  if (n > 1) Object.assign(links, { "First page": PAGE_URL(1), "Previous page": PAGE_URL(n - 1) });
  if (n < count) Object.assign(links, { "Next page": PAGE_URL(n + 1), "Last page": PAGE_URL(count) });
  assert.deepEqual(pager.links, links, `${where}: the pager's links`);
  const m = s.summary?.match(/^Earners (\d+)–(\d+) of (\d+), newest first\./);
  assert.ok(m, `${where}: the line counting the earners (${s.summary})`);
  assert.equal(Number(m[3]), LISTED.length, `${where}: the total`);
  assert.equal(Number(m[2]) - Number(m[1]) + 1, s.earners.length, `${where}: the count matches the list`);
  return { from: Number(m[1]), earners: s.earners };
}

// The pager's link `name` on the page, clicked as a visitor would.
async function follow(page, name) {
  await Promise.all([page.waitForEvent("load"), page.getByRole("navigation").getByRole("link", { name, exact: true }).click()]);
}

test("a visitor walks a badge's earner pages with the pager and Back, and meets every earner once, newest first", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(PAGE_URL(1));
  const perPage = (await page.evaluate(shown)).earners.length;
  const count = Math.ceil(LISTED.length / perPage);
  assert.ok(count >= 3, `${SLUG} has ${count} earner pages; the walk needs a first, a middle and a last`);
  const first = await check(page, 1, count);

  // Forwards through every page with "Next page", as far as it goes.
  const seen = [first];
  for (let n = 2; n <= count; n++) {
    await follow(page, "Next page");
    seen.push(await check(page, n, count));
  }
  seen.forEach((p, i) => {
    assert.equal(p.from, i * perPage + 1, `page ${i + 1} starts at earner ${i * perPage + 1}`);
    assert.equal(p.earners.length, i + 1 < count ? perPage : LISTED.length - (count - 1) * perPage, `page ${i + 1}'s earners`);
  });
  // Every listed award once, newest first, and every link opens its page.
  const walked = seen.flatMap((p) => p.earners);
  assert.deepEqual(walked.map((e) => e.href).sort(), LISTED.map((a) => a.page).sort(), "every listed award, once");
  const dates = new Map(LISTED.map((a) => [a.page, a.issuedOn]));
  walked.forEach((e, i) => assert.ok(i === 0 || dates.get(walked[i - 1].href) >= dates.get(e.href), `${e.name} is listed after a newer award`));
  for (const e of walked) {
    const r = await page.request.get(e.href);
    assert.equal(r.status(), 200, `${e.name}: ${e.href}`);
    assert.ok((await r.text()).includes(e.name === "Award" ? "<h1" : e.name), `${e.href} is ${e.name}'s award page`);
  }

  // Back and forth: first, last, previous, and the browser's Back button.
  await follow(page, "First page");
  await check(page, 1, count);
  await follow(page, "Last page");
  await check(page, count, count);
  await follow(page, "Previous page");
  await check(page, count - 1, count);
  await page.goBack();
  await check(page, count, count);
  await page.goBack();
  await check(page, 1, count);
  await page.close();
  assert.deepEqual(problems, []);
});

// How many earner pages the pager on page 1 says there are (the walk above
// checks that it is right).
async function pageCount(context) {
  const page = await context.newPage();
  await page.goto(PAGE_URL(1));
  const s = await page.evaluate(shown);
  await page.close();
  return Number(s.pagers[0]?.current[0]?.match(/ of (\d+)$/)?.[1]);
}

for (const width of WIDTHS) {
  test(`earner pages fit a ${width} px viewport, on screen and in print, light and dark, and axe-core finds nothing`, async () => {
    const context = await browser.newContext({ viewport: { width, height: 800 }, bypassCSP: true });
    const found = [];
    const count = await pageCount(context);
    assert.ok(count >= 3, `${SLUG} has ${count} earner pages`);
    // The first, a middle and the last.
    for (const n of [1, Math.ceil((count + 1) / 2), count]) {
      const page = await context.newPage();
      await page.goto(PAGE_URL(n));
      for (const mode of MODES) {
        await page.emulateMedia(mode);
        const o = await page.evaluate(overflow);
        if (o) found.push(`page ${n} (${mode.media}, ${mode.colorScheme}): ${o.scrollWidth} px wide; widest: ${o.element}`);
        if (mode.media === "screen") {
          for (const v of await axeViolations(page)) {
            found.push(`page ${n} (${mode.colorScheme}): ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((x) => x.target.join(" ")).slice(0, 3).join(", ")}`);
          }
        }
      }
      await page.emulateMedia({ media: "screen", colorScheme: "light" });
      await page.screenshot({ path: path.join(SHOTS, `${SLUG}-page-${n}-${width}.png`), fullPage: true });
      await page.close();
    }
    await context.close();
    assert.deepEqual(found, []);
  });
}
