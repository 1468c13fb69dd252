// accolade live verification: checks an Open Badges 2.0 award in the
// visitor's browser. Plain JavaScript, no dependencies, nothing sent
// anywhere but GET requests for the badge's own public JSON files.
//
// Used by the award pages (a panel that checks the award it shows) and by
// the verify/ page (any award: a URL, pasted JSON, or a baked PNG or SVG).
"use strict";

(function () {
  var OB_NS = "http://openbadges.org";

  // ---- small helpers ---------------------------------------------------

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function idOf(ref) {
    if (typeof ref === "string") return ref;
    if (ref && typeof ref === "object" && typeof ref.id === "string") return ref.id;
    return null;
  }

  function list(v) {
    if (v === undefined || v === null) return [];
    return Array.isArray(v) ? v : [v];
  }

  function isWebUrl(s) {
    return typeof s === "string" && /^https?:\/\/[^\/]/i.test(s);
  }

  function sameInstant(a, b) {
    if (a === b) return true;
    var ta = Date.parse(a), tb = Date.parse(b);
    return !isNaN(ta) && ta === tb;
  }

  function day(iso) {
    var t = new Date(iso);
    if (isNaN(t)) return iso;
    return t.toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
  }

  function authority(url) {
    try { return new URL(url).host; } catch (e) { return ""; }
  }

  // A failed fetch tells us nothing about the badge: say what could not be
  // checked and why, instead of claiming anything.
  function fetchJson(url) {
    if (!isWebUrl(url)) return Promise.reject(new Error("not an http(s) address: " + url));
    return fetch(url, { headers: { Accept: "application/ld+json, application/json" }, credentials: "omit", cache: "no-store" })
      .then(function (r) {
        if (r.status === 410) { var gone = new Error("the server says the award is gone (410)"); gone.gone = true; throw gone; }
        if (!r.ok) throw new Error("the server answered " + r.status);
        return r.text();
      }, function () {
        var sameOrigin = false;
        try { sameOrigin = new URL(url, location.href).origin === location.origin; } catch (e) { /* ignore */ }
        throw new Error(location.protocol === "file:"
          ? "pages opened from a file cannot fetch; open the published site"
          : sameOrigin ? "the site could not be reached (offline?)"
            : "the host of " + url + " could not be reached, or does not allow other sites to read it (CORS)");
      })
      .then(function (text) {
        try { return JSON.parse(text); } catch (e) { throw new Error(url + " is not JSON"); }
      });
  }

  // ---- the checks --------------------------------------------------------

  // Runs every check of hosted verification on the award at `url`.
  // `expected` holds what the page shows (ids, dates), or null on verify/.
  // `report(step)` is called as each step finishes; resolves to the verdict.
  function verifyAward(url, expected, report) {
    var state = { assertion: null, badge: null, issuer: null };
    var steps = [];
    function step(name, label, outcome, detail) {
      var s = { name: name, label: label, outcome: outcome, detail: detail || "" };
      steps.push(s);
      report(s);
      return outcome;
    }

    return fetchJson(url).then(function (a) {
      state.assertion = a;
      step("assertion.fetch", "The issuer's hosted copy of the award was fetched", "pass", url);
      var types = list(a.type);
      if (a.revoked === true) {
        step("assertion.revocation", "The issuer has not revoked it", "fail",
          "revoked" + (a.revocationReason ? ": " + a.revocationReason : ""));
        return;
      }
      step("assertion.id", "Its id is the address it is published at",
        a.id === url ? "pass" : "fail", a.id === url ? "" : "it says " + a.id);
      step("assertion.type", "It is an Open Badges 2.0 Assertion",
        types.indexOf("Assertion") >= 0 && a.recipient && a.badge && a.issuedOn ? "pass" : "fail");
      if (expected) {
        var diffs = [];
        if (expected.id && a.id !== expected.id) diffs.push("id");
        if (expected.badge && idOf(a.badge) !== expected.badge) diffs.push("badge");
        if (expected.issuedOn && !sameInstant(a.issuedOn, expected.issuedOn)) diffs.push("issue date (" + a.issuedOn + ")");
        if ((expected.expires || null) !== (a.expires || null) && !sameInstant(a.expires, expected.expires)) diffs.push("expiry date");
        step("assertion.matches", "The hosted award matches this page", diffs.length ? "fail" : "pass",
          diffs.length ? "differs in: " + diffs.join(", ") : "");
      }
      return fetchJson(idOf(a.badge)).then(function (b) {
        state.badge = b;
        var ok = b.id === idOf(a.badge) && list(b.type).indexOf("BadgeClass") >= 0 && b.name && b.criteria && b.issuer;
        step("badge.fetch", "Its badge class was fetched and is complete", ok ? "pass" : "fail",
          ok ? b.name : "the badge class is incomplete or has another id");
        if (expected && expected.issuer && idOf(b.issuer) !== expected.issuer) {
          step("badge.issuer", "The badge class names the issuer this page shows", "fail", idOf(b.issuer));
        }
        return fetchJson(idOf(b.issuer));
      }, function (e) {
        step("badge.fetch", "Its badge class was fetched and is complete", "warn", "could not be checked: " + e.message);
        throw e;
      }).then(function (i) {
        state.issuer = i;
        var ok = i.id === idOf(state.badge.issuer) && (list(i.type).indexOf("Issuer") >= 0 || list(i.type).indexOf("Profile") >= 0) && i.name && i.url;
        step("issuer.fetch", "Its issuer profile was fetched and is complete", ok ? "pass" : "fail", ok ? i.name : "incomplete profile");
        policy(a, i, step);
        return revocation(a, i, step);
      }, function (e) {
        if (state.badge) step("issuer.fetch", "Its issuer profile was fetched and is complete", "warn", "could not be checked: " + e.message);
        throw e;
      });
    }, function (e) {
      if (e.gone) {
        step("assertion.revocation", "The issuer has not revoked it", "fail", e.message);
      } else {
        step("assertion.fetch", "The issuer's hosted copy of the award was fetched", "warn", "could not be checked: " + e.message);
      }
    }).catch(function () { /* already reported as a step */ }).then(function () {
      var a = state.assertion;
      if (a && a.revoked !== true) {
        if (a.expires) {
          var expired = Date.parse(a.expires) <= Date.now();
          step("assertion.expiry", "It has not expired (checked against today's date)", expired ? "fail" : "pass",
            (expired ? "expired on " : "valid until ") + day(a.expires));
        } else {
          step("assertion.expiry", "It has not expired (checked against today's date)", "pass", "does not expire");
        }
      }
      return verdictOf(steps);
    });
  }

  // The issuer's hosting policy, as OB 2.0 and the 1EdTech validator apply it.
  function policy(a, issuer, step) {
    var label = "It is published where its issuer says its awards live";
    var v = issuer.verification || {};
    var starts = list(v.startsWith);
    if (starts.length && !starts.some(function (s) { return a.id.indexOf(s) === 0; })) {
      return step("issuer.policy", label, "fail", "not under " + starts.join(", "));
    }
    var origins = list(v.allowedOrigins);
    if (!origins.length) origins = [authority(issuer.id)];
    return step("issuer.policy", label, origins.indexOf(authority(a.id)) >= 0 ? "pass" : "fail",
      "on " + authority(a.id));
  }

  function revocation(a, issuer, step) {
    var label = "The issuer has not revoked it";
    if (!issuer.revocationList) return Promise.resolve(step("assertion.revocation", label, "pass", "the issuer keeps no revocation list"));
    return fetchJson(issuer.revocationList).then(function (rl) {
      var hit = list(rl.revokedAssertions).filter(function (e) { return idOf(e) === a.id; })[0];
      if (hit) return step("assertion.revocation", label, "fail", "revoked" + (hit.revocationReason ? ": " + hit.revocationReason : ""));
      return step("assertion.revocation", label, "pass", "not in the issuer's revocation list");
    }, function (e) {
      return step("assertion.revocation", label, "warn", "the revocation list could not be checked: " + e.message);
    });
  }

  function verdictOf(steps) {
    function failed(s) { return s.outcome === "fail"; }
    var fails = steps.filter(failed);
    var warns = steps.filter(function (s) { return s.outcome === "warn"; });
    if (fails.some(function (s) { return s.name === "assertion.revocation"; })) {
      return { kind: "revoked", text: "Revoked: the issuer has withdrawn this award." };
    }
    var others = fails.filter(function (s) { return s.name !== "assertion.expiry"; });
    if (others.length) {
      return { kind: "invalid", text: "Not verified: " + others.length + " check" + (others.length > 1 ? "s" : "") + " failed." };
    }
    if (fails.length) return { kind: "expired", text: "Expired: this award was genuine but is no longer current." };
    if (warns.length) {
      return { kind: "unknown", text: "Could not be fully verified: " + warns.length + " check" + (warns.length > 1 ? "s" : "") + " could not run." };
    }
    return { kind: "valid", text: "Verified: this award is genuine, current and not revoked." };
  }

  // ---- recipient check -----------------------------------------------------

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // Resolves to true/false, or rejects with a reason. Only a hash is computed;
  // the address never leaves the page.
  function recipientMatches(recipient, email) {
    var normal = email.trim().toLowerCase();
    if (!recipient || recipient.type !== "email") return Promise.reject(new Error("this award is not issued to an email address"));
    if (recipient.hashed !== true) return Promise.resolve(String(recipient.identity).trim().toLowerCase() === normal);
    var parts = String(recipient.identity).split("$");
    if (parts[0] !== "sha256") return Promise.reject(new Error("its hash (" + parts[0] + ") cannot be computed by a browser; use `accolade check --recipient`"));
    if (!window.crypto || !crypto.subtle) return Promise.reject(new Error("this browser cannot compute hashes here (open the page over https)"));
    var data = new TextEncoder().encode(normal + (recipient.salt || ""));
    return crypto.subtle.digest("SHA-256", data).then(function (d) { return hex(d) === String(parts[1]).toLowerCase(); });
  }

  // ---- baked images ----------------------------------------------------------

  // The `openbadges` iTXt (or legacy tEXt) chunk of a PNG (OB 2.0 baking spec).
  function unbakePng(buffer) {
    var bytes = new Uint8Array(buffer), view = new DataView(buffer);
    var sig = [137, 80, 78, 71, 13, 10, 26, 10];
    for (var i = 0; i < 8; i++) if (bytes[i] !== sig[i]) throw new Error("not a PNG file");
    var pos = 8, latin1 = new TextDecoder("latin1"), utf8 = new TextDecoder("utf-8");
    while (pos + 12 <= bytes.length) {
      var len = view.getUint32(pos), type = latin1.decode(bytes.subarray(pos + 4, pos + 8));
      var data = bytes.subarray(pos + 8, pos + 8 + len);
      if (type === "iTXt" || type === "tEXt") {
        var nul = data.indexOf(0), keyword = latin1.decode(data.subarray(0, nul));
        if (keyword === "openbadges") {
          if (type === "tEXt") return latin1.decode(data.subarray(nul + 1));
          if (data[nul + 1] !== 0) throw new Error("the badge data in this PNG is compressed, which the baking specification does not allow");
          var p = nul + 3;
          p = data.indexOf(0, p) + 1; // language tag
          p = data.indexOf(0, p) + 1; // translated keyword
          return utf8.decode(data.subarray(p));
        }
      }
      if (type === "IEND") break;
      pos += 12 + len;
    }
    throw new Error("this PNG carries no Open Badges data (no `openbadges` chunk)");
  }

  // The `openbadges:assertion` element of an SVG: its JSON, else its `verify` URL.
  function unbakeSvg(text) {
    var doc = new DOMParser().parseFromString(text, "image/svg+xml");
    if (doc.getElementsByTagName("parsererror").length) throw new Error("this SVG file cannot be read");
    var node = doc.getElementsByTagNameNS(OB_NS, "assertion")[0];
    if (!node) throw new Error("this SVG carries no Open Badges data (no openbadges:assertion element)");
    var content = (node.textContent || "").trim();
    return content || node.getAttribute("verify") || "";
  }

  // What a baked image or pasted text says: a URL to verify, or an error.
  function hostedUrlFrom(text) {
    text = (text || "").trim();
    if (isWebUrl(text)) return text;
    var json;
    try { json = JSON.parse(text); } catch (e) { throw new Error("this is neither a web address nor JSON"); }
    if (isWebUrl(json.id)) return json.id;
    if (json.verify && isWebUrl(json.verify.url)) return json.verify.url;
    throw new Error("this assertion has no hosted address (id); signed badges cannot be checked here yet");
  }

  // ---- the panel -------------------------------------------------------------

  var ICON = { pass: "✓", fail: "✗", warn: "!" };
  var WORD = { pass: "Passed", fail: "Failed", warn: "Not checked" };

  function Panel(root) {
    this.root = root;
    this.steps = root.querySelector("[data-steps]");
    this.status = root.querySelector("[data-status]");
  }
  Panel.prototype.reset = function (text) {
    this.steps.textContent = "";
    this.status.className = "live-status";
    this.status.textContent = text;
  };
  Panel.prototype.add = function (s) {
    var li = el("li", { "class": "check check--" + s.outcome, "data-check": s.name, "data-outcome": s.outcome });
    var badge = el("span", { "class": "status status--" + s.outcome });
    badge.appendChild(el("span", { "aria-hidden": "true" }, ICON[s.outcome] + " "));
    badge.appendChild(document.createTextNode(WORD[s.outcome]));
    li.appendChild(badge);
    li.appendChild(document.createTextNode(" " + s.label));
    if (s.detail) li.appendChild(el("span", { "class": "muted" }, " (" + s.detail + ")"));
    this.steps.appendChild(li);
  };
  Panel.prototype.done = function (v, suffix) {
    this.status.className = "live-status live-status--" + v.kind;
    this.status.setAttribute("data-verdict", v.kind);
    this.status.textContent = v.text + (suffix ? " " + suffix : "");
  };
  Panel.prototype.run = function (url, expected, suffix) {
    var self = this;
    self.reset("Checking…");
    return verifyAward(url, expected, function (s) { self.add(s); }).then(function (v) {
      self.done(v, suffix);
      return v;
    });
  };

  function awardPage(root) {
    var data = JSON.parse(root.getAttribute("data-verify"));
    var panel = new Panel(root);
    var suffix = "Verified just now in your browser; last verified at build on " + day(data.builtAt) + ".";
    function go() { panel.run(data.assertion, data, suffix); }
    root.querySelector("[data-run]").addEventListener("click", go);
    root.hidden = false;
    go();
    var form = document.querySelector("[data-recipient-form]");
    if (form) {
      form.hidden = false;
      var out = form.querySelector("[data-recipient-result]");
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var email = form.querySelector("input").value;
        out.textContent = "Checking…";
        fetchJson(data.assertion).then(function (a) {
          return recipientMatches(a.recipient, email);
        }).then(function (yes) {
          out.setAttribute("data-match", yes ? "yes" : "no");
          out.textContent = yes ? "Yes: this award was issued to " + email.trim().toLowerCase() + "."
            : "No: this award was not issued to " + email.trim().toLowerCase() + ".";
        }, function (e) {
          out.setAttribute("data-match", "unknown");
          out.textContent = "Could not check: " + e.message;
        });
      });
    }
  }

  function verifyPage(root) {
    var panel = new Panel(root.querySelector("[data-panel]"));
    var message = root.querySelector("[data-input-error]");
    function start(getUrl) {
      message.textContent = "";
      var url;
      try { url = getUrl(); } catch (e) { message.textContent = e.message; return; }
      panel.root.hidden = false;
      panel.run(url, null, "Checked just now in your browser.");
    }
    root.querySelector("[data-url-form]").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var v = root.querySelector("#verify-url").value;
      start(function () { return hostedUrlFrom(v); });
    });
    root.querySelector("[data-json-form]").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var v = root.querySelector("#verify-json").value;
      start(function () { return hostedUrlFrom(v); });
    });
    function readFile(file) {
      if (!file) return;
      var isSvg = /svg/i.test(file.type) || /\.svg$/i.test(file.name);
      var reader = new FileReader();
      reader.onload = function () {
        start(function () { return hostedUrlFrom(isSvg ? unbakeSvg(reader.result) : unbakePng(reader.result)); });
      };
      if (isSvg) reader.readAsText(file); else reader.readAsArrayBuffer(file);
    }
    var input = root.querySelector("#verify-file");
    input.addEventListener("change", function () { readFile(input.files[0]); });
    var drop = root.querySelector("[data-drop]");
    drop.addEventListener("dragover", function (ev) { ev.preventDefault(); drop.classList.add("drop--over"); });
    drop.addEventListener("dragleave", function () { drop.classList.remove("drop--over"); });
    drop.addEventListener("drop", function (ev) {
      ev.preventDefault();
      drop.classList.remove("drop--over");
      readFile(ev.dataTransfer.files[0]);
    });
    var fromQuery = new URLSearchParams(location.search).get("url");
    if (fromQuery) {
      root.querySelector("#verify-url").value = fromQuery;
      start(function () { return hostedUrlFrom(fromQuery); });
    }
  }

  // For tests and curious visitors: the engine without the page.
  window.accoladeVerify = { verifyAward: verifyAward, recipientMatches: recipientMatches, unbakePng: unbakePng, unbakeSvg: unbakeSvg, hostedUrlFrom: hostedUrlFrom };

  // Copy buttons: shown only when script runs, since they need it.
  function copyButtons() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
      var target = document.getElementById(button.getAttribute("data-copy"));
      if (!target) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var done = function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 2000);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(target.value).then(done, function () { target.select(); });
        } else {
          target.select();
          try { if (document.execCommand("copy")) done(); } catch (e) { /* the text stays selected to copy by hand */ }
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    copyButtons();
    var award = document.querySelector("[data-verify]");
    if (award) awardPage(award);
    var page = document.querySelector("[data-verify-page]");
    if (page) verifyPage(page);
  });
})();
