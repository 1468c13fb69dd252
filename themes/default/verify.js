// accolade live verification: checks an Open Badges 2.0 award, or an Open
// Badges 3.0 credential (all but its signature, checked at build), in the
// visitor's browser. Plain JavaScript, no dependencies, nothing sent
// anywhere but GET requests for the badge's own public JSON files.
//
// Used by the award pages (a panel that checks the award it shows) and by
// the verify/ page (any award: a URL, pasted JSON, or a baked PNG or SVG).
// Strict inside the function: the site's strings (`ACCOLADE_STRINGS`)
// come first in the published file, where a directive would not count.
(function () {
  "use strict";
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

  function nameOf(a) {
    var p = a && a["extensions:recipientProfile"];
    var n = p && typeof p.name === "string" ? p.name.trim() : "";
    return n || null;
  }

  // Text as a reader sees it: runs of white space are one space.
  function squeeze(s) {
    return String(s === undefined || s === null ? "" : s).replace(/\s+/g, " ").trim();
  }

  // Scheme, host and path of a URL; `/x/index.html` is the page `/x/`.
  function pageAddress(url) {
    try {
      var u = new URL(url, location.href);
      return u.protocol + "//" + u.host + u.pathname.replace(/\/index\.html$/, "/");
    } catch (e) { return null; }
  }

  // A failed fetch tells us nothing about the badge: say what could not be
  // checked and why, instead of claiming anything. Resolves to the body text,
  // its content type and the address it finally came from.
  function fetchText(url) {
    if (!isWebUrl(url)) return Promise.reject(new Error("not an http(s) address: " + url));
    return fetch(url, { headers: { Accept: "application/ld+json, application/json, text/html;q=0.5" }, credentials: "omit", cache: "no-store" })
      .then(function (r) {
        if (r.status === 410) { var gone = new Error("the server says the award is gone (410)"); gone.gone = true; throw gone; }
        if (!r.ok) throw new Error("the server answered " + r.status);
        return r.text().then(function (text) {
          return { text: text, type: r.headers.get("Content-Type") || "", url: r.url || url };
        });
      }, function () {
        var sameOrigin = false;
        try { sameOrigin = new URL(url, location.href).origin === location.origin; } catch (e) { /* ignore */ }
        throw new Error(location.protocol === "file:"
          ? "pages opened from a file cannot fetch; open the published site"
          : sameOrigin ? "the site could not be reached (offline?)"
            : "the host of " + url + " could not be reached, or does not allow other sites to read it (CORS)");
      });
  }

  function fetchJson(url) {
    return fetchText(url).then(function (r) {
      try { return JSON.parse(r.text); } catch (e) { throw new Error(url + " is not JSON"); }
    });
  }

  // The hosted award data an address leads to. An award page (or the QR
  // code's address, which is the page) names its JSON with
  // <link rel="alternate" type="application/ld+json">: follow it, once.
  // Resolves to { json, url, page }.
  function fetchAward(url) {
    return fetchText(url).then(function (r) {
      var json;
      try { json = JSON.parse(r.text); } catch (e) { json = undefined; }
      if (json !== undefined) return { json: json, url: url, page: null, doc: null };
      if (!/html/i.test(r.type) && !/^\s*</.test(r.text)) throw new Error(url + " is neither JSON nor a web page");
      var doc = new DOMParser().parseFromString(r.text, "text/html");
      var link = Array.prototype.filter.call(doc.querySelectorAll("link[href]"), function (l) {
        var rel = (l.getAttribute("rel") || "").toLowerCase().split(/\s+/);
        return rel.indexOf("alternate") >= 0 && /^application\/ld\+json\b/i.test(l.getAttribute("type") || "");
      })[0];
      if (!link) throw new Error("the page at " + url + " names no Open Badges data; give the award's JSON address instead");
      var target;
      try { target = new URL(link.getAttribute("href"), r.url).href; } catch (e) { target = ""; }
      if (!isWebUrl(target)) throw new Error("the page at " + url + " names award data that is not an http(s) address");
      return fetchJson(target).then(function (j) { return { json: j, url: target, page: r.url, doc: doc }; });
    });
  }

  // ---- the checks --------------------------------------------------------

  // The text of an award page's element marked `data-shown="<name>"`.
  function shownIn(doc, name) {
    var e = doc.querySelector('[data-shown="' + name + '"]');
    return e ? squeeze(e.textContent) : null;
  }

  // What an award page shows a reader, read from the page itself (not from
  // data a copy could leave untouched while it edits the text).
  function shownOnPage(doc, address) {
    function text(name) { return shownIn(doc, name); }
    function time(name) {
      var e = doc.querySelector('time[data-shown="' + name + '"]');
      return e ? e.getAttribute("datetime") : null;
    }
    var img = doc.querySelector(".award-header img");
    return {
      recipient: text("recipient"),
      badge: text("badge"),
      issuer: text("issuer"),
      issuedOn: time("issuedOn"),
      expires: time("expires"),
      image: img ? img.getAttribute("src") : null,
      evidence: Array.prototype.map.call(doc.querySelectorAll('a[data-shown="evidence"]'), function (a) { return a.getAttribute("href"); }),
      address: pageAddress(address)
    };
  }

  function imageOf(x) {
    var i = x && x.image;
    return typeof i === "string" ? i : (i && typeof i.id === "string" ? i.id : null);
  }

  // Every difference between what the page shows and the issuer's data, as
  // { field, text } in the order a reader cares about.
  function differences(shown, state) {
    var a = state.assertion, b = state.badge, i = state.issuer, out = [];
    var here = state.page ? "the page you gave" : "this page";
    var name = nameOf(a);
    if (squeeze(shown.recipient) !== squeeze(name)) {
      out.push({ field: "name", text: shown.recipient
        ? (name ? "name: " + here + " says " + shown.recipient + ", the award is to " + name : "name: " + here + " names " + shown.recipient + ", the award names nobody")
        : "name: the award is to " + name + ", " + here + " does not say so" });
    }
    if (b && squeeze(shown.badge) !== squeeze(b.name)) out.push({ field: "badge", text: "badge: " + here + " says " + shown.badge + ", the award is for " + b.name });
    if (i && shown.issuer !== null && squeeze(shown.issuer) !== squeeze(i.name)) out.push({ field: "issuer", text: "issuer: " + here + " says " + shown.issuer + ", the award is from " + i.name });
    if (!sameInstant(shown.issuedOn, a.issuedOn)) out.push({ field: "issuedOn", text: "issue date (" + (a.issuedOn ? day(a.issuedOn) : "none") + ")" });
    if ((shown.expires || null) !== (a.expires || null) && !sameInstant(shown.expires, a.expires)) out.push({ field: "expires", text: "expiry date" });
    var genuine = isWebUrl(a.url) ? a.url : null;
    var image = imageOf(b);
    if (b && image && shown.image) {
      // Resolved against the genuine page, so that a faithful copy elsewhere compares equal.
      var seen;
      try { seen = new URL(shown.image, genuine || location.href).href; } catch (e) { seen = shown.image; }
      if (seen !== image) out.push({ field: "image", text: "badge image" });
    }
    var hosted = list(a.evidence).map(idOf).filter(isWebUrl).sort();
    var onPage = shown.evidence.slice().sort();
    if (onPage.join("\n") !== hosted.join("\n")) {
      out.push({ field: "evidence", text: "evidence links" });
    }
    return out;
  }

  // Runs every check of hosted verification on the award at `url` (its JSON
  // or its page). `shown` holds what an award page shows, or null on verify/.
  // `report(step)` is called as each step finishes; resolves to the verdict.
  function verifyAward(url, shown, report) {
    var state = { assertion: null, badge: null, issuer: null, url: url, page: null };
    var steps = [];
    function step(name, label, outcome, detail) {
      var s = { name: name, label: label, outcome: outcome, detail: detail || "" };
      steps.push(s);
      report(s);
      return outcome;
    }

    return fetchAward(url).then(function (got) {
      var a = got.json;
      state.assertion = a;
      state.url = got.url;
      state.page = got.page;
      if (got.page) step("assertion.page", "The page names the issuer's data for the award", "pass", got.url);
      // An accolade award page given by its address is compared like the
      // page a visitor has open: a copy elsewhere must not lend its name.
      if (!shown && got.doc && got.doc.querySelector("[data-shown]")) shown = shownOnPage(got.doc, got.page);
      step("assertion.fetch", "The issuer's hosted copy of the award was fetched", "pass", got.url);
      if (isCredential(a)) return verifyCredential(a, got, shown, state, step);
      if (!a || typeof a !== "object" || Array.isArray(a)) {
        step("assertion.type", "It is an Open Badges 2.0 Assertion", "fail", "not a JSON object");
        return;
      }
      if (a.revoked === true) {
        step("assertion.revocation", "The issuer has not revoked it", "fail",
          "revoked" + (a.revocationReason ? ": " + a.revocationReason : ""));
        return;
      }
      step("assertion.id", "Its id is the address it is published at",
        a.id === got.url ? "pass" : "fail", a.id === got.url ? "" : "it says " + a.id);
      var verification = a.verification || {};
      var hosted = !verification.type || /^(HostedBadge|hosted)$/.test(verification.type);
      step("assertion.type", "It is an Open Badges 2.0 Assertion", list(a.type).indexOf("Assertion") >= 0 && a.recipient && a.badge && a.issuedOn && hosted ? "pass" : "fail",
        hosted ? "" : "it is a signed badge, which this page cannot check yet");
      if (shown || (got.page && isWebUrl(a.url))) {
        var genuine = pageAddress(a.url), address = shown ? shown.address : pageAddress(got.page);
        if (!isWebUrl(a.url)) {
          step("page.address", (got.page ? "The page you gave" : "This page") + " is the issuer's own page for this award", "warn", "the issuer's data does not name the award's page");
        } else {
          step("page.address", (got.page ? "The page you gave" : "This page") + " is the issuer's own page for this award", genuine === address ? "pass" : "fail",
            genuine === address ? "" : "it is at " + address + "; the issuer's page is " + a.url);
        }
      }
      return fetchJson(idOf(a.badge)).then(function (b) {
        state.badge = b;
        var ok = b.id === idOf(a.badge) && list(b.type).indexOf("BadgeClass") >= 0 && b.name && b.criteria && b.issuer;
        step("badge.fetch", "Its badge class was fetched and is complete", ok ? "pass" : "fail",
          ok ? b.name : "the badge class is incomplete or has another id");
        return fetchJson(idOf(b.issuer));
      }, function (e) {
        step("badge.fetch", "Its badge class was fetched and is complete", "warn", "could not be checked: " + e.message);
        throw e;
      }).then(function (i) {
        state.issuer = i;
        var ok = i.id === idOf(state.badge.issuer) && (list(i.type).indexOf("Issuer") >= 0 || list(i.type).indexOf("Profile") >= 0) && i.name && i.url;
        step("issuer.fetch", "Its issuer profile was fetched and is complete", ok ? "pass" : "fail", ok ? i.name + " (" + authority(i.id) + ")" : "incomplete profile");
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
      if (a && typeof a === "object" && a.revoked !== true) {
        if (shown) {
          var diffs = differences(shown, state);
          state.differences = diffs;
          step("assertion.matches", "What " + (state.page ? "the page you gave" : "this page") + " shows matches the issuer's data", diffs.length ? "fail" : "pass",
            diffs.length ? "differs in: " + diffs.map(function (d) { return d.text; }).join("; ") : "name, badge, issuer, dates, image and evidence");
        }
        if (a.expires) {
          var expired = Date.parse(a.expires) <= Date.now();
          step("assertion.expiry", "It has not expired (checked against today's date)", expired ? "fail" : "pass",
            (expired ? "expired on " : "valid until ") + day(a.expires));
        } else {
          step("assertion.expiry", "It has not expired (checked against today's date)", "pass", "does not expire");
        }
      }
      var v = verdictOf(steps, state);
      v.state = state;
      return v;
    });
  }

  // ---- Open Badges 3.0 ------------------------------------------------------

  function isCredential(c) {
    var t = c && list(c.type);
    return !!t && (t.indexOf("OpenBadgeCredential") >= 0 || t.indexOf("AchievementCredential") >= 0);
  }

  // A credential seen through the fields the 2.0 checks compare (names,
  // dates, image, evidence, the page, the hashed email), so that the page
  // comparison, the verdict and the email check are the same code.
  function asAward(c) {
    var subject = c.credentialSubject || {}, ids = list(subject.identifier);
    var named = ids.filter(function (i) { return i && i.hashed === false && /^(ext:)?name$/.test(i.identityType); })[0];
    var email = ids.filter(function (i) { return i && i.hashed === true && i.identityType === "emailAddress"; })[0];
    var award = {
      id: c.id,
      issuedOn: c.validFrom || c.issuanceDate,
      expires: c.validUntil || c.expirationDate,
      url: typeof c.id === "string" ? c.id.replace(/\.json$/, "/") : null,
      evidence: c.evidence,
      recipient: email ? { type: "email", hashed: true, salt: email.salt || "", identity: email.identityHash } : null
    };
    var name = named ? named.identityHash : subject.name;
    if (typeof name === "string") award["extensions:recipientProfile"] = { name: name };
    return award;
  }

  // Every check of an Open Badges 3.0 credential a browser can make without
  // JSON-LD canonicalization: what it is, where it lives, that the issuer's
  // DID document lists the proof's key for credentials, its status in the
  // issuer's status list, its dates and what the page shows. The signature
  // itself is checked when the site is built and by `accolade verify`; the
  // step says so.
  function verifyCredential(c, got, shown, state, step) {
    var issuer = c.issuer && typeof c.issuer === "object" ? c.issuer : { id: c.issuer };
    var achievement = (c.credentialSubject || {}).achievement || {};
    state.assertion = asAward(c);
    state.credential = c;
    state.badge = { name: achievement.name, image: imageOf(achievement) };
    state.issuer = { name: issuer.name, id: c.id };
    var typed = list(c.type).indexOf("VerifiableCredential") >= 0;
    step("credential.type", "It is an Open Badges 3.0 credential", typed ? "pass" : "fail", typed ? "a W3C Verifiable Credential" : "not a Verifiable Credential");
    step("assertion.id", "Its id is the address it is published at",
      c.id === got.url ? "pass" : "fail", c.id === got.url ? "" : "it says " + c.id);
    var a = state.assertion;
    if (shown || got.page) {
      var address = shown ? shown.address : pageAddress(got.page);
      step("page.address", (got.page ? "The page you gave" : "This page") + " is the issuer's own page for this award",
        pageAddress(a.url) === address ? "pass" : "fail", pageAddress(a.url) === address ? "" : "it is at " + address + "; the issuer's page is " + a.url);
    }
    var proof = list(c.proof)[0] || {};
    var method = typeof proof.verificationMethod === "string" ? proof.verificationMethod : "";
    var keyLabel = "The proof's key is the issuer's, published for credentials";
    return issuerKey(issuer.id, method).then(function (detail) {
      step("credential.key", keyLabel, "pass", detail);
    }, function (e) {
      step("credential.key", keyLabel, e.fails ? "fail" : "warn", (e.fails ? "" : "could not be checked: ") + e.message);
    }).then(function () {
      step("credential.proof", "Its signature (" + (proof.cryptosuite || proof.type || "none") + ") was verified when the site was built",
        method ? "pass" : "fail", method ? "this browser does not recompute it; `accolade verify` or any Open Badges 3.0 verifier does" : "it has no proof");
      return credentialStatus(c, issuer.id, step);
    });
  }

  function failure(message) {
    var e = new Error(message);
    e.fails = true;
    return e;
  }

  // The URL of a did:web DID's document (http for a local host, as test
  // sites are served; https otherwise, as the method says).
  function didWebUrl(did) {
    var parts = did.slice("did:web:".length).split(":").map(decodeURIComponent);
    var host = parts.shift();
    var scheme = /^(127\.0\.0\.1|localhost)(:|$)/.test(host) ? "http" : "https";
    return scheme + "://" + host + "/" + (parts.length ? parts.join("/") + "/did.json" : ".well-known/did.json");
  }

  // Resolves when `method` (a DID URL) is a key of the DID `issuerId` that its
  // document lists for credentials; rejects with why not.
  function issuerKey(issuerId, method) {
    var did = method.split("#")[0];
    if (!method) return Promise.reject(failure("the credential has no proof"));
    if (did !== issuerId) return Promise.reject(failure("the key " + method + " is not the issuer's (" + issuerId + ")"));
    if (did.indexOf("did:key:") === 0) return Promise.resolve(method + " (the key is the issuer's identifier)");
    if (did.indexOf("did:web:") !== 0) return Promise.reject(new Error("only did:web and did:key issuers are looked up"));
    return fetchJson(didWebUrl(did)).then(function (doc) {
      var listed = list(doc.assertionMethod).some(function (m) { return m === method || (m && m.id === method); });
      var vm = list(doc.verificationMethod).concat(list(doc.assertionMethod)).filter(function (m) { return m && m.id === method; })[0];
      if (doc.id !== did || !listed || !vm || vm.controller !== did) {
        throw failure("the issuer's DID document does not list " + method + " for credentials");
      }
      return method + " in " + didWebUrl(did);
    });
  }

  // The status list entry: the list fetched, its bits unzipped in the
  // browser (DecompressionStream), the credential's bit read.
  function credentialStatus(c, issuerId, step) {
    var label = "The issuer has not revoked it";
    var entry = c.credentialStatus;
    if (!entry) return Promise.resolve(step("assertion.revocation", label, "pass", "it has no status entry"));
    var index = parseInt(entry.statusListIndex, 10);
    return fetchJson(entry.statusListCredential).then(function (l) {
      var listIssuer = l.issuer && typeof l.issuer === "object" ? l.issuer.id : l.issuer;
      if (listIssuer !== issuerId) throw failure("the status list is not the issuer's");
      var encoded = String((l.credentialSubject || {}).encodedList || "").replace(/^u/, "").replace(/-/g, "+").replace(/_/g, "/");
      var bytes = Uint8Array.from(atob(encoded + "===".slice((encoded.length + 3) % 4)), function (ch) { return ch.charCodeAt(0); });
      if (typeof DecompressionStream === "undefined") throw new Error("this browser cannot unzip the status list");
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).arrayBuffer().then(function (buffer) {
        var bits = new Uint8Array(buffer);
        if (!(index >= 0) || index >= bits.length * 8) throw failure("its index is not in the status list");
        var revoked = (bits[index >> 3] >> (7 - (index & 7))) & 1;
        step("assertion.revocation", label, revoked ? "fail" : "pass", revoked ? "revoked" : "not revoked in the issuer's status list");
      });
    }).catch(function (e) {
      step("assertion.revocation", label, e.fails ? "fail" : "warn", (e.fails ? "" : "the status list could not be checked: ") + e.message);
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

  // "<badge> awarded to <name> by <issuer> (<host>) on <date>", from the
  // issuer's data only.
  function summary(state) {
    var a = state.assertion || {}, b = state.badge, i = state.issuer;
    var name = nameOf(a);
    var host = authority(i && i.id ? i.id : a.id);
    var text = (b && b.name ? b.name : "This badge") + (name ? " awarded to " + name : " awarded");
    text += " by " + (i && i.name ? i.name : "its issuer") + (host ? " (" + host + ")" : "");
    if (a.issuedOn) text += " on " + day(a.issuedOn);
    if (!name) text += " (the recipient's name is not published)";
    return text;
  }

  // The verdict: a kind, and a headline that says who, what, by whom and when.
  function verdictOf(steps, state) {
    function failed(s) { return s.outcome === "fail"; }
    var fails = steps.filter(failed);
    var warns = steps.filter(function (s) { return s.outcome === "warn"; });
    var a = state.assertion;
    var revoked = fails.filter(function (s) { return s.name === "assertion.revocation"; })[0];
    if (revoked) {
      var reason = a && a.revocationReason ? a.revocationReason : revoked.detail.replace(/^revoked(: )?/, "");
      var when = a && a.revokedOn ? " on " + day(a.revokedOn) : "";
      return { kind: "revoked", text: "Revoked" + when + ": " + (reason || "the issuer has withdrawn this award") + "." };
    }
    var copies = [], subject = state.page ? "the page you gave" : "this page";
    if (fails.some(function (s) { return s.name === "page.address"; })) copies.push(subject + " is not the issuer's page for this award");
    if ((state.differences || []).some(function (d) { return d.field === "name"; })) copies.push(subject + " shows a different name than the award");
    if (copies.length) {
      var text = copies.join(", and ");
      return { kind: "invalid", copy: true, text: "Not valid: " + text.charAt(0).toUpperCase() + text.slice(1) + "." };
    }
    var others = fails.filter(function (s) { return s.name !== "assertion.expiry"; });
    if (others.length) {
      var first = others[0];
      return { kind: "invalid", text: "Not valid: " + first.label.charAt(0).toLowerCase() + first.label.slice(1) + " failed" + (first.detail ? " (" + first.detail + ")" : "") + "." };
    }
    if (fails.length) return { kind: "expired", text: "Expired on " + day(a.expires) + ": " + summary(state) + "." };
    if (warns.length) {
      var w = warns[0];
      return { kind: "unknown", text: "Could not be fully verified: " + w.label.charAt(0).toLowerCase() + w.label.slice(1) + ": " + w.detail + "." };
    }
    return { kind: "valid", text: "Valid: " + summary(state) + (a.expires ? ", expires " + day(a.expires) : ", does not expire") + "." };
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

  // The status line, the list of steps and, when the page is a copy, the
  // link to the genuine page.
  function Panel(status, steps, genuine) {
    this.status = status;
    this.steps = steps;
    this.genuine = genuine;
  }
  Panel.prototype.reset = function (text) {
    this.steps.textContent = "";
    this.status.className = "live-status";
    this.status.removeAttribute("data-verdict");
    this.status.textContent = text;
    if (this.genuine) { this.genuine.hidden = true; this.genuine.textContent = ""; }
  };
  Panel.prototype.add = function (s) {
    var li = el("li", { "class": "check check--" + s.outcome, "data-check": s.name, "data-outcome": s.outcome });
    var badge = el("span", { "class": "status status--" + s.outcome });
    badge.appendChild(el("span", { "aria-hidden": "true" }, ICON[s.outcome] + " "));
    badge.appendChild(document.createTextNode(WORD[s.outcome]));
    li.appendChild(badge);
    li.appendChild(document.createTextNode(" " + s.label));
    if (s.detail) li.appendChild(el("span", { "class": "muted detail" }, " (" + s.detail + ")"));
    this.steps.appendChild(li);
  };
  Panel.prototype.done = function (v, state, suffix) {
    this.status.className = "live-status live-status--" + v.kind;
    this.status.setAttribute("data-verdict", v.kind);
    this.status.textContent = v.text;
    if (suffix) this.status.appendChild(el("span", { "class": "verdict-when" }, " " + suffix));
    var a = state.assertion;
    if (this.genuine && v.copy && a && isWebUrl(a.url)) {
      this.genuine.textContent = "The issuer's page for this award is ";
      this.genuine.appendChild(el("a", { href: a.url, "class": "url" }, a.url));
      this.genuine.appendChild(document.createTextNode("."));
      this.genuine.hidden = false;
    }
  };
  // Resolves to the verdict, with the fetched objects in `state`.
  Panel.prototype.run = function (url, shown, suffix) {
    var self = this;
    self.reset("Checking…");
    return verifyAward(url, shown, function (s) { self.add(s); }).then(function (v) {
      self.done(v, v.state, suffix);
      return v;
    });
  };

  // The email check's form, made here rather than carried by every page:
  // it only works with script. `slot` is the element it replaces.
  function recipientForm(slot, whose) {
    var form = el("form", { "class": "recipient-form", "data-recipient-form": "" });
    form.appendChild(el("label", { "for": "recipient-email" }, "Was this award issued to this email address?"));
    var row = form.appendChild(el("div", { "class": "inline-form" }));
    row.appendChild(el("input", { id: "recipient-email", name: "email", type: "email", required: "", autocomplete: "off", spellcheck: "false", placeholder: "name@example.org" }));
    row.appendChild(el("button", { type: "submit", "class": "button" }, "Check email"));
    form.appendChild(el("p", { "class": "recipient-result", "data-recipient-result": "", role: "status", "aria-live": "polite" }));
    form.appendChild(el("p", { "class": "muted" }, "Your browser hashes the address with " + whose + " salt and compares it with the published hash. The address is not sent anywhere."));
    slot.parentNode.replaceChild(form, slot);
    return form;
  }

  // The email check: the address is hashed in the browser and never sent.
  function emailForm(form, assertion) {
    var out = form.querySelector("[data-recipient-result]");
    form.hidden = false;
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var email = form.querySelector("input").value;
      out.removeAttribute("data-match");
      out.textContent = "Checking…";
      assertion().then(function (a) {
        if (!a) throw new Error("verify an award first");
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

  // The award page's live check. What only the check uses (the "Verify
  // again" button, the list of steps, the email form) is made here.
  function awardPage(root) {
    // The award's data is what the page names as its alternate (JSON-LD).
    var link = dataLink();
    var url = root.getAttribute("data-verify") || (link ? link.href : "");
    var status = root.querySelector("[data-status]");
    var genuine = el("p", { "class": "verdict-genuine", "data-genuine": "", hidden: "" });
    status.parentNode.insertBefore(genuine, status.nextSibling);
    var actions = root.appendChild(el("p", { "class": "verdict-actions" }));
    actions.appendChild(el("a", { href: "#verification" }, "See each check"));
    actions.appendChild(document.createTextNode(" "));
    var again = actions.appendChild(el("button", { type: "button", "class": "button button--quiet", "data-run": "" }, "Verify again"));
    var section = document.getElementById("verification");
    var details = el("details", { "class": "live", "data-live": "" });
    details.appendChild(el("summary", {}, "Checked just now in your browser"));
    var steps = details.appendChild(el("ol", { "class": "checks", "data-steps": "" }));
    var heading = section.querySelector("h2");
    section.insertBefore(details, heading.nextSibling);
    var panel = new Panel(status, steps, genuine);
    var suffix = "Checked just now in your browser.";
    var last = null;
    function go() {
      last = panel.run(url, shownOnPage(document, location.href), suffix).then(function (v) {
        // Whatever is wrong, show which check said so.
        if (v.kind !== "valid") details.open = true;
        return v.state.assertion;
      });
    }
    again.addEventListener("click", go);
    go();
    // A revoked award has nobody left to confirm.
    if (!document.querySelector(".award--revoked")) {
      var slot = section.insertBefore(el("div"), details.nextSibling);
      emailForm(recipientForm(slot, "this award's"), function () { return last || Promise.resolve(null); });
    }
  }

  function verifyPage(root) {
    var result = root.querySelector("[data-panel]");
    var panel = new Panel(result.querySelector("[data-status]"), result.querySelector("[data-steps]"), result.querySelector("[data-genuine]"));
    var origin = result.querySelector("[data-origin]");
    var own = JSON.parse(root.getAttribute("data-own-issuers") || "[]");
    var message = root.querySelector("[data-input-error]");
    var last = null;
    function start(getUrl) {
      message.textContent = "";
      var url;
      try { url = getUrl(); } catch (e) { message.textContent = e.message; return; }
      result.hidden = false;
      origin.hidden = true;
      last = panel.run(url, null, "Checked just now in your browser.").then(function (v) {
        whose(v.state);
        return v.state.assertion;
      });
    }
    // Anyone's badge can be checked here, so say whose it is: this site's
    // issuer must never seem to vouch for another's award.
    function whose(state) {
      var i = state.issuer;
      origin.textContent = "";
      origin.removeAttribute("data-foreign");
      if (!i || !i.name) return;
      var host = authority(i.id);
      origin.appendChild(document.createTextNode("Issued by " + i.name + " at "));
      origin.appendChild(el("strong", { "class": "host" }, host));
      var mine = own.some(function (o) { return o.id === i.id; });
      if (own.length && !mine) {
        origin.setAttribute("data-foreign", "yes");
        var status = result.querySelector("[data-status]");
        status.insertBefore(el("span", { "class": "verdict-foreign" }, "Not a badge of " + own[0].name + ". "), status.firstChild);
        origin.appendChild(document.createTextNode(", not by " + own.map(function (o) { return o.name; }).join(" or ") +
          ". This page only ran the checks; " + own[0].name + " does not vouch for this award."));
      } else {
        origin.appendChild(document.createTextNode("."));
      }
      origin.hidden = false;
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
    var slot = result.querySelector("[data-recipient-form]");
    if (slot) emailForm(recipientForm(slot, "the award's"), function () { return last || Promise.resolve(null); });
    var fromQuery = new URLSearchParams(location.search).get("url");
    if (fromQuery) {
      root.querySelector("#verify-url").value = fromQuery;
      start(function () { return hostedUrlFrom(fromQuery); });
    }
  }

  // For tests and curious visitors: the engine without the page.
  window.accoladeVerify = { verifyAward: verifyAward, recipientMatches: recipientMatches, unbakePng: unbakePng, unbakeSvg: unbakeSvg, hostedUrlFrom: hostedUrlFrom, linkedinUrl: linkedinUrl };

  // ---- sharing ---------------------------------------------------------------
  //
  // Everything here is made from what the award page already shows, so that
  // no page carries markup that only works with script: a site of 100,000
  // awards pays for every byte of every page.

  // A "Copy" button for a read-only field, placed after it.
  function copyButton(target) {
    var button = el("button", { type: "button", "class": "button" }, "Copy");
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
    target.parentNode.insertBefore(button, target.nextSibling);
    target.parentNode.insertBefore(document.createTextNode(" "), button);
    return button;
  }

  // A labelled read-only field with its copy button.
  function copyField(parent, tag, id, label, value) {
    parent.appendChild(el("label", { "for": id }, label));
    var field = el(tag, { id: id, readonly: "" });
    if (tag === "textarea") field.setAttribute("rows", "3");
    else field.setAttribute("type", "text");
    field.value = value;
    parent.appendChild(field);
    copyButton(field);
    return field;
  }

  function shownText(name) {
    return shownIn(document, name) || "";
  }

  // The award's hosted data, as this page names it (its JSON-LD alternate).
  function dataLink() {
    return document.querySelector('link[rel="alternate"][type="application/ld+json"]');
  }

  function escapeAttr(s) {
    return String(s).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

  // LinkedIn may leave the fields of its form empty: the same values as the
  // "Add to profile" link carries, in boxes to copy from.
  function linkedinFields(link, into) {
    var q;
    try { q = new URL(link.href).searchParams; } catch (e) { return; }
    function month(y, m) { return q.get(m) && q.get(y) ? MONTHS[Number(q.get(m)) - 1] + " " + q.get(y) : null; }
    var fields = [
      ["Name", q.get("name")],
      ["Issuing organization", q.get("organizationName") || shownText("issuer")],
      ["Issue date", month("issueYear", "issueMonth")],
      ["Expiration date", month("expirationYear", "expirationMonth")],
      ["Credential ID", q.get("certId")],
      ["Credential URL", q.get("certUrl")]
    ].filter(function (f) { return f[1]; });
    var details = el("details", { "class": "linkedin-fields" });
    details.appendChild(el("summary", {}, "If LinkedIn leaves fields empty, copy them from here"));
    var dl = details.appendChild(el("dl", { "class": "facts" }));
    fields.forEach(function (f, n) {
      dl.appendChild(el("dt", {}, f[0]));
      var dd = dl.appendChild(el("dd"));
      var input = dd.appendChild(el("input", { type: "text", readonly: "", "aria-label": f[0], id: "linkedin-" + (n + 1) }));
      input.value = f[1];
      copyButton(input);
    });
    into.parentNode.insertBefore(details, into.nextSibling);
  }

  // The snippets to show the award on another site: an image that links
  // here (no script), and the site's card page in an iframe.
  var EMBED_WIDTH = 400, EMBED_HEIGHT = 150;
  function embedSnippets(box, pageUrl, cardUrl, image) {
    var name = shownText("recipient"), issuer = shownText("issuer");
    var alt = shownText("badge") + (name ? ": awarded to " + name : ": awarded") + (issuer ? " by " + issuer : "");
    if (image) {
      copyField(box, "textarea", "embed-img", "An image that links here (no script):",
        '<a href="' + escapeAttr(pageUrl) + '"><img src="' + escapeAttr(image) + '" alt="' + escapeAttr(alt) + '" width="120" height="120"></a>');
    }
    copyField(box, "textarea", "embed-frame", "A small card (iframe):",
      '<iframe src="' + escapeAttr(cardUrl) + '" width="' + EMBED_WIDTH + '" height="' + EMBED_HEIGHT +
      '" title="' + escapeAttr(alt) + '" loading="lazy" style="border:0;max-width:100%"></iframe>');
  }

  // "QR code, backpacks and wallets, and your website": all of it needs
  // script (the QR code is drawn here, the rest are things to copy), so all
  // of it is made here, after the share section's buttons.
  function shareMore(share, pageUrl) {
    // The site's address: the page's, less the page's path (`data-share` is
    // the way back to the site's root from the page, e.g. `../../`).
    var site = new URL(share.getAttribute("data-share") || "./", pageUrl).href;
    var json = dataLink();
    var png = share.querySelector('[data-bake="png"]');
    var art = document.querySelector(".award-header img");
    var image = png ? png.getAttribute("data-src") : art ? art.getAttribute("src") : null;
    var more = share.appendChild(el("details", { "class": "share-more" }));
    more.appendChild(el("summary", {}, "QR code, backpacks and wallets, and your website"));
    var figure = more.appendChild(el("figure", { "class": "qr" }));
    drawQr(figure.appendChild(el("div", { "class": "qr-code" })), pageUrl);
    figure.appendChild(el("figcaption", {}, "Scan to open this page. To keep the QR code, save the image (a PNG)."));
    if (json) {
      more.appendChild(el("h3", {}, "Import into a backpack or wallet"));
      copyField(more.appendChild(el("p", { "class": "copy-field" })), "input", "copy-json",
        "Give the backpack the award's data address (not the page's):", json.href);
      if (share.querySelector("[data-bake], a[download]")) {
        var baked = more.appendChild(el("p", {}, "The downloaded badge images carry the award inside them (“baked”): backpacks accept them, and "));
        baked.appendChild(el("a", { href: site + "verify/" }, "verify/"));
        baked.appendChild(document.createTextNode(" checks them."));
      }
    }
    more.appendChild(el("h3", {}, "Show it on your website"));
    embedSnippets(more.appendChild(el("div", { "class": "embed-snippets" })), pageUrl,
      site + "embed/?award=" + pageUrl.slice(site.length), image ? new URL(image, pageUrl).href : null);
    return figure;
  }

  // The printable certificate: made from the page and shown only in print
  // (site.css), so printing the award page prints the certificate.
  function certificate(pageUrl) {
    var name = shownText("recipient"), badge = shownText("badge"), issuer = shownText("issuer");
    var issued = shownText("issuedOn"), expires = shownText("expires");
    var cert = el("article", { "class": "certificate certificate--print", "aria-label": "Certificate" });
    cert.appendChild(el("p", { "class": "certificate-kicker" }, "Certificate of achievement"));
    var body = cert.appendChild(el("div", { "class": "certificate-body" }));
    var art = document.querySelector(".award-header img");
    if (art) body.appendChild(el("img", { "class": "certificate-badge", src: art.src, alt: art.alt, width: "200", height: "200" }));
    var words = body.appendChild(el("div"));
    if (name) {
      words.appendChild(el("p", {}, "This certifies that"));
      words.appendChild(el("p", { "class": "certificate-name" }, name));
      words.appendChild(el("p", {}, "has earned the badge"));
    } else {
      words.appendChild(el("p", {}, "This certifies that the badge"));
    }
    words.appendChild(el("p", { "class": "certificate-badge-name" }, badge));
    var by = words.appendChild(el("p", {}, (name ? "issued " : "was awarded ") + (issuer ? "by " : "")));
    if (issuer) by.appendChild(el("strong", {}, issuer));
    by.appendChild(document.createTextNode((issued ? " on " + issued : "") + "." + (expires ? " Valid until " + expires + "." : "")));
    var foot = cert.appendChild(el("div", { "class": "certificate-footer" }));
    var qr = document.querySelector(".qr-code img");
    if (qr) foot.appendChild(el("div", { "class": "certificate-qr" })).appendChild(qr.cloneNode());
    var verify = foot.appendChild(el("p", {}, "Verify this credential: scan the code or open"));
    verify.appendChild(el("br"));
    verify.appendChild(el("strong", {}, pageUrl));
    verify.appendChild(el("br"));
    verify.appendChild(document.createTextNode("The page checks it live against the issuer's published record (Open Badges 2.0)" +
      (name ? "" : " and can confirm the email address it was issued to") + "."));
    var article = document.querySelector("article.award");
    article.parentNode.insertBefore(cert, article.nextSibling);
    document.documentElement.classList.add("has-certificate");
  }

  // The QR code of the page's address, drawn with qrcode.js as a PNG: error
  // correction M, the four-module quiet zone, black on white, so that any
  // scanner reads it on any page colour.
  var QR_QUIET = 4, QR_SCALE = 8;
  function drawQr(box, pageUrl) {
    if (typeof window.qrcode !== "function") return;
    var qr;
    try {
      window.qrcode.stringToBytes = window.qrcode.stringToBytesFuncs["UTF-8"];
      qr = window.qrcode(0, "M");
      qr.addData(pageUrl, "Byte");
      qr.make();
    } catch (e) { return; /* too long for a QR code */ }
    var n = qr.getModuleCount(), size = (n + 2 * QR_QUIET) * QR_SCALE;
    var canvas = el("canvas", { width: String(size), height: String(size) });
    var g = canvas.getContext("2d");
    g.fillStyle = "#fff";
    g.fillRect(0, 0, size, size);
    g.fillStyle = "#000";
    for (var r = 0; r < n; r++) {
      for (var c = 0; c < n; c++) {
        if (qr.isDark(r, c)) g.fillRect((c + QR_QUIET) * QR_SCALE, (r + QR_QUIET) * QR_SCALE, QR_SCALE, QR_SCALE);
      }
    }
    var name = shownText("recipient"), badge = shownText("badge");
    box.appendChild(el("img", {
      src: canvas.toDataURL("image/png"), width: String(size), height: String(size),
      alt: name ? "QR code linking to " + name + "'s " + badge + " award page" : "QR code linking to this award page"
    }));
  }

  // LinkedIn's "Add to profile" form, filled from what the page shows: the
  // badge, its issuer (by LinkedIn organization id when the site gives one),
  // the issue and expiry month and year, the page and the award's id.
  // Values are encoded as RFC 3986 unreserved characters or %XX.
  function linkedinUrl(link, pageUrl) {
    var params = [["startTask", "CERTIFICATION_NAME"], ["name", shownText("badge") || "Badge"]];
    var org = link.getAttribute("data-linkedin");
    params.push(org ? ["organizationId", org] : ["organizationName", shownText("issuer") || "the issuer"]);
    function month(shown, year, monthKey) {
      var t = document.querySelector('time[data-shown="' + shown + '"]');
      var d = t ? new Date(t.getAttribute("datetime")) : null;
      if (d && !isNaN(d)) params.push([year, String(d.getUTCFullYear())], [monthKey, String(d.getUTCMonth() + 1)]);
    }
    month("issuedOn", "issueYear", "issueMonth");
    month("expires", "expirationYear", "expirationMonth");
    params.push(["certUrl", pageUrl]);
    var data = dataLink();
    if (data) params.push(["certId", data.href]);
    function encode(v) {
      return encodeURIComponent(v).replace(/[!'()*]/g, function (c) { return "%" + c.charCodeAt(0).toString(16).toUpperCase(); });
    }
    return "https://www.linkedin.com/profile/add?" + params.map(function (p) { return p[0] + "=" + encode(p[1]); }).join("&");
  }

  function sharing(share) {
    var page = document.getElementById("copy-page");
    var pageUrl = page ? page.value : location.href;
    var link = share.querySelector("[data-linkedin]");
    if (link) link.href = linkedinUrl(link, pageUrl);
    Array.prototype.forEach.call(share.querySelectorAll("input[readonly]"), copyButton);
    var qr = shareMore(share, pageUrl);
    if (link) linkedinFields(link, qr);
    var print = share.querySelector("[data-print]");
    if (print) {
      certificate(pageUrl);
      print.hidden = false;
      print.addEventListener("click", function () { window.print(); });
    }
  }

  // The embed page (`embed/?award=assertions/x/`): a card filled from the
  // award page on this site. Only a plain relative path is taken, so the
  // card can only ever show this site's own award pages.
  function embedCard(card) {
    var award = new URLSearchParams(location.search).get("award") || "";
    if (!/^[A-Za-z0-9_~-][A-Za-z0-9._~-]*(\/[A-Za-z0-9._~-]+)*\/$/.test(award) || /(^|\/)\.\.?(\/|$)/.test(award)) return;
    var pageUrl = new URL(award, new URL("../", location.href)).href;
    fetchText(pageUrl).then(function (r) {
      var doc = new DOMParser().parseFromString(r.text, "text/html");
      var shown = shownOnPage(doc, pageUrl);
      if (!shown.badge) return;
      var issuer = shown.issuer || "";
      var alt = shown.badge + (shown.recipient ? ": awarded to " + shown.recipient : ": awarded") + (issuer ? " by " + issuer : "");
      var date = doc.querySelector('time[data-shown="issuedOn"]');
      card.href = pageUrl;
      card.title = alt;
      var text = card.querySelector(".embed-text");
      if (shown.image) {
        var src = new URL(shown.image, pageUrl).href;
        if (isWebUrl(src)) card.insertBefore(el("img", { src: src, alt: "", width: "96", height: "96" }), text);
      }
      var lines = text.querySelectorAll("[data-line]");
      text.querySelector("strong").textContent = shown.badge;
      if (shown.recipient) {
        lines[0].className = "";
        lines[0].textContent = "Awarded to " + shown.recipient;
        lines[1].textContent = issuer;
      } else {
        lines[0].textContent = issuer ? "Awarded by " + issuer : "Open Badge";
      }
      lines[2].textContent = date ? squeeze(date.textContent) : "";
      document.title = shown.badge + (shown.recipient ? " · " + shown.recipient : "");
    }, function () { /* the card keeps linking to the site */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var share = document.querySelector("[data-share]");
    if (share) sharing(share);
    var card = document.querySelector("[data-embed-card]");
    if (card) embedCard(card);
    var award = document.querySelector("[data-verify]");
    if (award) awardPage(award);
    var page = document.querySelector("[data-verify-page]");
    if (page) verifyPage(page);
  });
})();
