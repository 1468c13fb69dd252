// Layout in a real browser (Debian's Chromium driven by playwright-core):
// no page kind is wider than a phone's screen, in the screen and print
// layouts and both color schemes, and the embed iframe shows its whole card.
//
// Environment (set by .ci/run; see verify.test.mjs):
//   ACCOLADE_SITE     the example site built with --base-url http://127.0.0.1:ACCOLADE_PORT/
//   ACCOLADE_PORT     the port to serve it on (this file starts and stops its own server)
//   ACCOLADE_SOURCE   the example site folder (assertions/)
//   ACCOLADE_SHOTS    where to save screenshots
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { env, serve, launchChromium, overflow, WIDTHS, MODES } from "./common.mjs";

const SITE = env("ACCOLADE_SITE");
const PORT = Number(env("ACCOLADE_PORT"));
const SOURCE = env("ACCOLADE_SOURCE");
const SHOTS = path.join(env("ACCOLADE_SHOTS"), "layout");
const BASE = `http://127.0.0.1:${PORT}/`;

// An award's page URL, from its source file in the example site.
function awardPage(file) {
  const id = JSON.parse(fs.readFileSync(path.join(SOURCE, "assertions", file), "utf8")).id;
  return id.replace(/^https:\/\/[^/]+\/badges\//, BASE).replace(/\.json$/, "/");
}

async function verdict(page) {
  await page.locator("[data-status][data-verdict]").waitFor({ timeout: 15000 });
}

// The certificate verify.js makes from the award page (shown in print only).
async function certificate(page) {
  await page.locator(".certificate--print").waitFor({ state: "attached" });
}

// The embed page, once filled from the award page.
async function card(page) {
  await page.waitForFunction(() => document.querySelector(".embed-card").title !== "");
}

// Every kind of page, each made ready as a visitor would see it.
const NAMED = awardPage("zoe-muller-course.json");
const UNNAMED = awardPage("unnamed-learner-m1.json");
const PAGES = [
  { kind: "index", url: BASE },
  { kind: "badge", url: `${BASE}badges/course-completion/` },
  { kind: "issuer", url: `${BASE}issuers/open-numerics/` },
  // After the live check ran: its steps print the URLs they fetched.
  { kind: "award", url: NAMED, ready: verdict },
  { kind: "award-unnamed", url: UNNAMED, ready: verdict },
  { kind: "award-revoked", url: awardPage("soren-dahl-m2.json"), ready: verdict },
  // The award page prints as its certificate: the print modes below are it.
  { kind: "certificate", url: NAMED, ready: certificate },
  { kind: "certificate-unnamed", url: UNNAMED, ready: certificate },
  { kind: "card", url: `${BASE}embed/?award=${NAMED.slice(BASE.length)}`, ready: card },
  {
    kind: "verify-result", url: `${BASE}verify/`, ready: async (page) => {
      await page.fill("#verify-url", NAMED.replace(/\/$/, ".json"));
      await page.click("[data-url-form] button");
      await verdict(page);
    },
  },
  { kind: "404", url: `${BASE}no/such/page/` },
];

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

for (const width of WIDTHS) {
  test(`no page is wider than a ${width} px viewport, on screen and in print, light and dark`, async () => {
    const found = [];
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    for (const p of PAGES) {
      const page = await context.newPage();
      const problems = [];
      page.on("pageerror", (e) => problems.push(`${p.kind}: page error: ${e.message}`));
      await page.goto(p.url);
      if (p.ready) await p.ready(page);
      for (const mode of MODES) {
        await page.emulateMedia(mode);
        const o = await page.evaluate(overflow);
        if (o) found.push(`${p.kind} (${mode.media}, ${mode.colorScheme}, ${width} px): ${o.scrollWidth} px wide; widest: ${o.element}`);
      }
      await page.emulateMedia({ media: "screen", colorScheme: "light" });
      await page.screenshot({ path: path.join(SHOTS, `${p.kind}-${width}.png`), fullPage: true });
      found.push(...problems);
      await page.close();
    }
    await context.close();
    assert.deepEqual(found, []);
  });
}

// The snippet the award page offers, in a page of its own, as a learner
// would paste it into their website.
async function embed(pageUrl, width) {
  const context = await browser.newContext({ viewport: { width, height: 400 } });
  const award = await context.newPage();
  await award.goto(pageUrl);
  const snippet = await award.inputValue("textarea#embed-frame");
  await award.close();
  assert.match(snippet, /^<iframe src="[^"]+\/embed\/\?award=assertions\/[^"]+\/" width="\d+" height="\d+"/, snippet);
  const host = await context.newPage();
  await host.setContent(`<!DOCTYPE html><html><body style="margin:8px">${snippet}</body></html>`);
  const frameElement = await host.waitForSelector("iframe");
  const frame = await frameElement.contentFrame();
  await frame.waitForLoadState("load");
  await frame.waitForFunction(() => document.querySelector(".embed-card").title !== "");
  return { context, host, frame, frameElement, snippet };
}

// Whether the card fits the iframe: its document neither scrolls nor is cut
// off, and the card and its Verify link lie inside the visible box.
async function fits(frame, frameElement) {
  const box = await frameElement.evaluate((f) => ({ width: f.clientWidth, height: f.clientHeight }));
  const inside = await frame.evaluate(() => {
    const d = document.documentElement;
    const rect = (sel) => {
      const r = document.querySelector(sel).getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const text = [...document.querySelectorAll(".embed-text > *")].map((e) => ({
      cut: e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1,
      ellipsis: getComputedStyle(e).textOverflow === "ellipsis" || getComputedStyle(e).webkitLineClamp !== "none",
    }));
    return {
      scrollWidth: Math.max(d.scrollWidth, document.body.scrollWidth),
      scrollHeight: Math.max(d.scrollHeight, document.body.scrollHeight),
      card: rect(".embed-card"), verify: rect(".embed-verify"), text,
    };
  });
  const problems = [];
  if (inside.scrollWidth > box.width) problems.push(`the card page is ${inside.scrollWidth} px wide in a ${box.width} px iframe`);
  if (inside.scrollHeight > box.height) problems.push(`the card page is ${inside.scrollHeight} px high in a ${box.height} px iframe`);
  for (const [name, r] of [["card", inside.card], ["Verify link", inside.verify]]) {
    if (r.left < 0 || r.top < 0 || r.right > box.width + 0.5 || r.bottom > box.height + 0.5) {
      problems.push(`the ${name} (${JSON.stringify(r)}) is not inside the ${box.width}×${box.height} iframe`);
    }
  }
  // Text that does not fit is cut with an ellipsis, never just clipped.
  inside.text.forEach((t, i) => { if (t.cut && !t.ellipsis) problems.push(`line ${i + 1} of the card is clipped without an ellipsis`); });
  return problems;
}

for (const [kind, url] of [["named", NAMED], ["unnamed", UNNAMED]]) {
  test(`the embed iframe shows the whole card (${kind} recipient)`, async () => {
    const { context, host, frame, frameElement } = await embed(url, 1280);
    assert.deepEqual(await fits(frame, frameElement), []);
    // What the card says, from the award page; a card names nobody the page does not.
    const said = await frame.evaluate(() => ({
      href: document.querySelector(".embed-card").href,
      title: document.querySelector(".embed-card").title,
      lines: [...document.querySelectorAll(".embed-text > *")].map((e) => e.textContent.trim()).filter((t) => t),
      image: !!document.querySelector(".embed-card img[src]"),
    }));
    assert.equal(said.href, url);
    assert.ok(said.image, "the card shows the badge image");
    if (kind === "named") {
      assert.equal(said.title, "Numerical Methods with Python: Course Completion: awarded to Zoë Müller by Open Numerics Academy");
      assert.deepEqual(said.lines.slice(1, 3), ["Awarded to Zoë Müller", "Open Numerics Academy"]);
    } else {
      assert.equal(said.title, "Floating-Point Arithmetic: awarded by Open Numerics Academy");
      assert.equal(said.lines[1], "Awarded by Open Numerics Academy");
      assert.ok(!said.lines.some((l) => /Awarded to/.test(l)), said.lines.join(" | "));
    }
    assert.match(said.lines.at(-2), /^\d{1,2} [A-Z][a-z]+ \d{4}$/, "the issue date");
    await host.screenshot({ path: path.join(SHOTS, `embed-${kind}.png`) });
    await context.close();
  });
}

for (const [kind, url] of [["named", NAMED], ["unnamed", UNNAMED]]) {
  test(`the embed card keeps long names inside the iframe, and shrinks to a phone's width (${kind} recipient)`, async () => {
    const { context, host, frame, frameElement } = await embed(url, 375);
    await frame.evaluate(() => {
      const long = [
        "Advanced Numerical Methods for Partial Differential Equations with Python, Julia and Fortran: Capstone",
        "Awarded to Maria-Magdalena Wolfeschlegelsteinhausenbergerdorff-Ramírez de la Santísima Trinidad",
        "Universitätsklinikum-Schleswig-Holstein-Forschungsinstitut-für-Numerik und Wissenschaftliches Rechnen",
        "Wednesday, 31 December 2026 at 23:59:59 Coordinated Universal Time",
      ];
      [...document.querySelectorAll(".embed-text > :not(.embed-verify)")].forEach((e, i) => { e.textContent = long[i]; });
    });
    assert.deepEqual(await fits(frame, frameElement), []);
    // The host page is a phone: the iframe is no wider than it.
    const hostWidth = await host.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(hostWidth <= 375, `the host page is ${hostWidth} px wide at 375 px`);
    await host.screenshot({ path: path.join(SHOTS, `embed-long-${kind}-375.png`) });
    await context.close();
  });
}

// Names, URLs and hashes far longer than the example's: every text of every
// page (but the buttons' fixed labels) gets a long unbroken token appended,
// and no page may widen for it.
test("long unbroken names and URLs wrap on a 375 px phone", async () => {
  const found = [];
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  for (const p of PAGES) {
    const page = await context.newPage();
    await page.goto(p.url);
    if (p.ready) await p.ready(page);
    await page.evaluate(() => {
      const token = "https://issuer.example.org/badges/assertions/" + "0123456789abcdef".repeat(6) + ".json";
      for (const el of document.querySelectorAll("body *")) {
        if (["SCRIPT", "STYLE", "TEXTAREA", "BUTTON", "OPTION"].includes(el.tagName) || el.closest("svg, button, .button")) continue;
        const texts = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim().length > 2);
        if (texts.length) texts[0].textContent += ` ${token}`;
      }
    });
    for (const mode of MODES) {
      await page.emulateMedia(mode);
      const o = await page.evaluate(overflow);
      if (o) found.push(`${p.kind} (${mode.media}, ${mode.colorScheme}): ${o.scrollWidth} px wide; widest: ${o.element}`);
    }
    await page.emulateMedia({ media: "screen", colorScheme: "light" });
    if (p.kind === "award") await page.screenshot({ path: path.join(SHOTS, "award-long-375.png"), fullPage: true });
    await page.close();
  }
  await context.close();
  assert.deepEqual(found, []);
});
