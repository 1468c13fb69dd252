// The gallery's search in a real browser: typing filters the badge cards and
// lists earners, accents and case aside; the index is fetched only when the
// box is used; Escape clears it; results are links a keyboard reaches; with
// scripts off the box is not shown and every badge is listed.
//
// Environment (set by .ci/run): ACCOLADE_SITE, ACCOLADE_PORT (see verify.test.mjs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { env, serve, launchChromium, axeViolations } from "./common.mjs";

const SITE = env("ACCOLADE_SITE");
const PORT = Number(env("ACCOLADE_PORT"));
const BASE = `http://127.0.0.1:${PORT}/`;

let browser, server;
before(async () => {
  server = await serve(SITE, PORT);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  server?.close();
});

const visibleCards = (page) =>
  page.$$eval(".card-grid > li", (lis) => lis.filter((li) => !li.hidden && li.offsetParent !== null).map((li) => li.dataset.page));

async function search(page, text) {
  await page.fill("#search-input", text);
  await page.waitForFunction(() => document.querySelector("#search-status").textContent.trim() !== "" || document.querySelector("#search-input").value === "");
}

test("typing filters badges by name and tag and lists earners by name, accents and case aside", async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(BASE);
  const all = await visibleCards(page);
  assert.ok(all.length >= 4, `${all}`);
  assert.ok(await page.isVisible("#search-input"), "the box is shown when script runs");
  assert.ok(!fetched.includes("/search.json"), "the index is not fetched on page load");

  await page.focus("#search-input");
  await search(page, "ieee");
  assert.deepEqual(await visibleCards(page), ["badges/m1-floating-point/"]);
  assert.ok(fetched.includes("/search.json"));
  assert.match(await page.textContent("#search-status"), /^Badges: 1 · Earners: \d+$/, "its earners match the badge's words too");

  await search(page, "PYTHON");
  assert.equal((await visibleCards(page)).length, all.length, "every badge is tagged Python");

  await search(page, "zoe mul");
  assert.deepEqual(await visibleCards(page), [], "no badge is named Zoë");
  const found = await page.$$eval("#search-results a", (as) => as.map((a) => [a.textContent, a.getAttribute("href")]));
  assert.ok(found.length >= 2 && found.every(([name]) => name === "Zoë Müller"), JSON.stringify(found));
  assert.match(await page.textContent("#search-status"), /^Earners: \d+$/);

  // Keyboard: Tab from the box reaches the first result, Enter opens it.
  await page.focus("#search-input");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.closest("#search-results") !== null), true);
  const violations = (await axeViolations(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`), []);
  await Promise.all([page.waitForURL(/\/assertions\//), page.keyboard.press("Enter")]);
  assert.match(await page.textContent("h1"), /.+/);
  await page.goBack();

  await page.waitForSelector("#search-input");
  await search(page, "floating zoe");
  assert.ok((await page.$$("#search-results li")).length >= 1, "badge words and earner words together");
  await search(page, "qqqqzzzz");
  assert.equal((await page.textContent("#search-status")).trim(), "No badge or earner matches");
  assert.deepEqual(await visibleCards(page), []);
  await page.keyboard.press("Escape");
  assert.equal(await page.inputValue("#search-input"), "");
  assert.equal((await visibleCards(page)).length, all.length, "Escape clears the search");
  assert.ok(await page.isHidden("#search-results"));
  await context.close();
});

test("with scripts off the gallery is the plain list of every badge, and no box", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(BASE);
  assert.ok(await page.isHidden(".search"), "no box that would do nothing");
  assert.ok((await visibleCards(page)).length >= 4);
  await context.close();
});
