// The example site in every bundled language and theme, in a real browser:
// each kind of page fits a 375 px phone and a 1280 px desktop (light, and
// dark on the desktop), axe-core finds no serious or critical violation,
// the page says its language and direction (`dir="rtl"` for Arabic), no
// English interface text is left on a translated page, and the live
// verification of an award and of a 3.0 credential still reaches its
// verdict. Screenshots of every page go to ACCOLADE_SHOTS/matrix/.
//
// Environment (set by .ci/run):
//   ACCOLADE_VARIANTS  `LANG:THEME:PORT:DIR` entries, comma-separated: a copy of
//                      the example site built by make_variant.sh into DIR for
//                      http://127.0.0.1:PORT/
//   ACCOLADE_SOURCE    the example site folder (assertions/, credentials/)
//   ACCOLADE_SHOTS     where to save screenshots
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { env, serve, launchChromium, overflow, axeViolations } from "./common.mjs";

const VARIANTS = env("ACCOLADE_VARIANTS").split(",").map((v) => {
  const [lang, theme, port, ...dir] = v.split(":");
  return { lang, theme, port: Number(port), dir: dir.join(":") };
});
const SOURCE = env("ACCOLADE_SOURCE");
const SHOTS = path.join(env("ACCOLADE_SHOTS"), "matrix");

// English interface text that must not be left on a translated page (the
// badge content itself stays as issued, so only interface phrases are here).
const ENGLISH = ["Skip to content", "Verify a badge", "Issued by", "Awarded to", "Recent awards", "Issued on", "Is this award genuine", "published with accolade"];

function pageOf(base, file, folder) {
  const id = JSON.parse(fs.readFileSync(path.join(SOURCE, folder, file), "utf8")).id;
  return id.replace(/^https:\/\/[^/]+\/badges\//, base).replace(/\.json$/, "/");
}

async function verdict(page, expected) {
  const status = page.locator("[data-status][data-verdict]");
  await status.waitFor({ timeout: 20000 });
  assert.equal(await status.getAttribute("data-verdict"), expected, `${page.url()}: ${await status.textContent()}`);
}

function pages(base) {
  const credential = fs.readdirSync(path.join(SOURCE, "credentials")).filter((f) => f.endsWith(".json")).sort()[0];
  return [
    { kind: "index", url: base },
    { kind: "badge", url: `${base}badges/course-completion/` },
    { kind: "issuer", url: `${base}issuers/open-numerics/` },
    { kind: "award", url: pageOf(base, "amara-okafor-m4.json", "assertions"), ready: (p) => verdict(p, "valid") },
    { kind: "award-revoked", url: pageOf(base, "soren-dahl-m2.json", "assertions"), ready: (p) => verdict(p, "revoked") },
    { kind: "credential", url: `${base}credentials/${credential.replace(/\.json$/, "/")}`, ready: (p) => verdict(p, "valid") },
    { kind: "verify", url: `${base}verify/` },
    { kind: "404", url: `${base}no/such/page/` },
  ];
}

const VIEWS = [
  { width: 375, colorScheme: "light" },
  { width: 1280, colorScheme: "light" },
  { width: 1280, colorScheme: "dark" },
];

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

for (const variant of VARIANTS) {
  test(`${variant.lang}, theme ${variant.theme}: every page kind fits 375 and 1280 px, passes axe-core, speaks ${variant.lang} and verifies live`, async () => {
    const server = await serve(variant.dir, variant.port);
    const shots = path.join(SHOTS, `${variant.lang}-${variant.theme}`);
    fs.mkdirSync(shots, { recursive: true });
    const base = `http://127.0.0.1:${variant.port}/`;
    const found = [];
    try {
      for (const view of VIEWS) {
        const context = await browser.newContext({ viewport: { width: view.width, height: 900 }, colorScheme: view.colorScheme, bypassCSP: true });
        for (const p of pages(base)) {
          const page = await context.newPage();
          const errors = [];
          page.on("pageerror", (e) => errors.push(e.message));
          await page.goto(p.url);
          if (p.ready) await p.ready(page);
          const where = `${p.kind} at ${view.width} px ${view.colorScheme}`;
          const { lang, dir } = await page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir || "ltr" }));
          if (lang !== variant.lang) found.push(`${where}: <html lang="${lang}">`);
          if (dir !== (variant.lang === "ar" ? "rtl" : "ltr")) found.push(`${where}: <html dir="${dir}">`);
          const wide = await page.evaluate(overflow);
          if (wide) found.push(`${where}: ${wide.scrollWidth} px wide, widest ${wide.element}`);
          for (const v of (await axeViolations(page)).filter((v) => v.impact === "serious" || v.impact === "critical")) {
            found.push(`${where}: axe ${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
          }
          if (variant.lang !== "en") {
            const text = await page.evaluate(() => document.body.innerText);
            for (const phrase of ENGLISH) if (text.includes(phrase)) found.push(`${where}: English left: "${phrase}"`);
          }
          for (const e of errors) found.push(`${where}: script error: ${e}`);
          await page.screenshot({ path: path.join(shots, `${p.kind}-${view.width}-${view.colorScheme}.png`), fullPage: true });
          await page.close();
        }
        await context.close();
      }
    } finally {
      server.close();
    }
    assert.deepEqual(found, []);
  });
}
