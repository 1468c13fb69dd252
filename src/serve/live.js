// accolade serve: reloads the page after a rebuild, and shows a broken
// build's problems over it until they are fixed. Added to every HTML
// response by the preview server only; never part of a built site.
// Problems are quoted input: they are shown with textContent, never as HTML.
(function () {
  "use strict";
  var STATUS = "/__accolade/status";
  var OVERLAY_ID = "accolade-problems";
  var script = document.currentScript;
  // The build this page was served from: a rebuild finished before the
  // first look still reloads it.
  var seen = script && script.dataset.generation ? Number(script.dataset.generation) : null;

  function el(tag, style, text) {
    var e = document.createElement(tag);
    // Properties, not a style attribute: the pages' CSP refuses inline styles.
    Object.assign(e.style, style || {});
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function place(p) {
    if (!p.file) return "";
    return p.line && p.column ? p.file + ":" + p.line + ":" + p.column : p.file;
  }

  // What the overlay shows now: it is made again only when that changes, so
  // that it neither flickers nor is announced again at every look.
  var shown = "";

  function show(problems) {
    var key = JSON.stringify(problems);
    if (key === shown && document.getElementById(OVERLAY_ID)) return;
    shown = key;
    var old = document.getElementById(OVERLAY_ID);
    if (old) old.remove();
    var box = el("section", {
      position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto",
      background: "rgba(20, 20, 24, 0.94)", color: "#f4f4f5", padding: "1.5rem",
      font: "15px/1.5 system-ui, sans-serif", textAlign: "left", direction: "ltr"
    });
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-label", "Build errors");
    box.appendChild(el("h2", { margin: "0 0 0.5rem", fontSize: "1.3rem", color: "#fca5a5" },
      "The site has " + problems.length + (problems.length === 1 ? " error" : " errors") +
      ": the page below is from the last good build"));
    box.appendChild(el("p", { margin: "0 0 1rem" }, "Fix the files and this page reloads by itself."));
    var list = el("ol", { margin: "0", paddingLeft: "1.5rem" });
    problems.forEach(function (p) {
      var item = el("li", { marginBottom: "0.9rem" });
      var where = place(p);
      if (where) item.appendChild(el("code", { color: "#93c5fd", fontWeight: "bold" }, where));
      if (p.json_path) item.appendChild(el("span", { color: "#d4d4d8" }, " at " + p.json_path));
      item.appendChild(el("div", {}, p.message));
      if (p.help) item.appendChild(el("div", { color: "#bef264" }, "help: " + p.help));
      if (p.code) item.appendChild(el("div", { color: "#a1a1aa", fontSize: "0.85em" }, p.code));
      list.appendChild(item);
    });
    box.appendChild(list);
    document.body.appendChild(box);
  }

  function hide() {
    shown = "";
    var old = document.getElementById(OVERLAY_ID);
    if (old) old.remove();
  }

  function poll() {
    fetch(STATUS, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (seen === null) seen = s.generation;
        if (s.generation !== seen) {
          location.reload();
          return;
        }
        if (s.problems.length) show(s.problems);
        else hide();
        setTimeout(poll, 500);
      }, function () {
        // The server stopped or is busy: look again a little later.
        setTimeout(poll, 2000);
      });
  }

  poll();
})();
