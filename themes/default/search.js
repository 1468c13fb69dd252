// The gallery's search (home page): as the visitor types, hides the badge
// cards that do not match and lists the earners that do, from search.json,
// which is fetched on first use, not on page load. Without script the box
// stays hidden and the page is the plain list of every badge.
// Matching ignores case and accents ("zoe" finds "Zoë"); every word typed
// must appear in the badge's name, tags or issuer, or in the earner's name
// with their badge's. The status line (role=status) says how many match, in
// the words the page gives it (data-* attributes, translated with the page).
(() => {
  "use strict";
  const box = document.querySelector("[data-search]");
  if (!box || !window.fetch) return;
  const input = box.querySelector("input");
  const status = box.querySelector("[role=status]");
  const results = box.querySelector(".search-results");
  const cards = new Map([...document.querySelectorAll("li[data-page]")].map((li) => [li.dataset.page, li]));
  const root = box.dataset.search.replace(/search\.json$/, "");
  // More than this many earners are counted, not listed.
  const MAX_LISTED = 50;
  let index = null;
  let loading = null;

  const fold = (s) => String(s).normalize("NFD").replace(/\p{M}+/gu, "").toLocaleLowerCase();
  // "Badges: {n}" rather than "{n} badges": no plural rules needed in any language.
  // Western digits in every language, as the pages write numbers.
  const number = new Intl.NumberFormat(document.documentElement.lang || undefined, { numberingSystem: "latn" });
  const say = (key, n) => (status.dataset[key] || "").replace("{n}", number.format(n));

  function prepare(data) {
    const badges = (data.badges || []).map(([name, page, tags, issuer]) => ({
      name,
      page,
      text: fold([name, ...(tags || []), issuer || ""].join(" ")),
    }));
    const awards = (data.awards || []).map(([b, name, page]) => ({
      name,
      page,
      badge: badges[b] ? badges[b].name : "",
      text: fold(name) + " " + (badges[b] ? badges[b].text : ""),
    }));
    return { badges, awards };
  }

  function load() {
    if (!loading) {
      status.textContent = say("loading", 0);
      loading = fetch(box.dataset.search)
        .then((r) => {
          if (!r.ok) throw new Error(r.status);
          return r.json();
        })
        .then((data) => {
          index = prepare(data);
        })
        .catch(() => {
          status.textContent = say("failed", 0);
        });
    }
    return loading;
  }

  function show() {
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    const matches = (text) => words.every((w) => text.includes(w));
    results.replaceChildren();
    if (!words.length || !index) {
      for (const li of cards.values()) li.hidden = false;
      results.hidden = true;
      if (index) status.textContent = "";
      return;
    }
    let badgeCount = 0;
    for (const badge of index.badges) {
      const li = cards.get(badge.page);
      const hit = matches(badge.text);
      if (hit) badgeCount++;
      if (li) li.hidden = !hit;
    }
    const awards = index.awards.filter((a) => matches(a.text));
    for (const a of awards.slice(0, MAX_LISTED)) {
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.href = root + a.page;
      link.textContent = a.name;
      const badge = document.createElement("span");
      badge.className = "muted";
      badge.textContent = a.badge;
      li.append(link, badge);
      results.append(li);
    }
    results.hidden = awards.length === 0;
    const parts = [];
    if (badgeCount) parts.push(say("badges", badgeCount));
    if (awards.length) parts.push(say("awards", awards.length));
    status.textContent = parts.length ? parts.join(" · ") : say("noMatch", 0);
  }

  input.addEventListener("input", () => (index ? show() : load().then(show)));
  input.addEventListener("focus", load, { once: true });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && input.value) {
      input.value = "";
      show();
    }
  });
  box.hidden = false;
})();
