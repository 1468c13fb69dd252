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

  // The site's interface strings, in its language: the build puts
  // `ACCOLADE_STRINGS` (from the translation files) before this file.
  var STRINGS = (typeof ACCOLADE_STRINGS === "object" && ACCOLADE_STRINGS && ACCOLADE_STRINGS.strings) || {};

  // The string `key` with its `{placeholders}` filled in from `args`. Pages
  // set it as text (textContent), never as markup.
  function tr(key, args) {
    var text = STRINGS[key];
    if (typeof text !== "string") text = key;
    return text.replace(/\{(\w+)\}/g, function (m, name) {
      return args && args[name] !== undefined && args[name] !== null ? String(args[name]) : m;
    });
  }

  // A date in the site language's long style, from the same strings as
  // the pages' dates (not the browser's locale), in UTC: one style a page.
  function day(iso) {
    var t = new Date(iso);
    if (isNaN(t)) return iso;
    return tr("date.format", { day: t.getUTCDate(), month: tr("date.month_" + (t.getUTCMonth() + 1)), year: t.getUTCFullYear() });
  }

  // Appends the string `key` to `parent`: its text as text, each
  // `{name}` of `args` as text, each of `parts` (an element: a link, a host
  // in bold) as that element. The string is cut before anything is filled
  // in, so a name that looks like `{host}` stays text.
  function appendSentence(parent, key, args, parts) {
    var text = STRINGS[key];
    if (typeof text !== "string") text = key;
    text.split(/(\{\w+\})/).forEach(function (piece) {
      var m = /^\{(\w+)\}$/.exec(piece), name = m && m[1];
      if (name && parts[name]) parent.appendChild(parts[name]);
      else if (name && args && args[name] !== undefined && args[name] !== null) parent.appendChild(document.createTextNode(String(args[name])));
      else if (piece) parent.appendChild(document.createTextNode(piece));
    });
    return parent;
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
    if (!isWebUrl(url)) return Promise.reject(new Error(tr("err_not_web", { url: url })));
    return fetch(url, { headers: { Accept: "application/ld+json, application/json, text/html;q=0.5" }, credentials: "omit", cache: "no-store" })
      .then(function (r) {
        if (r.status === 410) { var gone = new Error(tr("err_gone")); gone.gone = true; throw gone; }
        if (!r.ok) throw new Error(tr("err_status", { status: r.status }));
        return r.text().then(function (text) {
          return { text: text, type: r.headers.get("Content-Type") || "", url: r.url || url };
        });
      }, function () {
        var sameOrigin = false;
        try { sameOrigin = new URL(url, location.href).origin === location.origin; } catch (e) { /* ignore */ }
        throw new Error(location.protocol === "file:"
          ? tr("err_file")
          : sameOrigin ? tr("err_offline")
            : tr("err_cors", { url: url }));
      });
  }

  function fetchJson(url) {
    return fetchText(url).then(function (r) {
      try { return JSON.parse(r.text); } catch (e) { throw new Error(tr("err_not_json", { url: url })); }
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
      if (!/html/i.test(r.type) && !/^\s*</.test(r.text)) throw new Error(tr("err_not_page", { url: url }));
      var doc = new DOMParser().parseFromString(r.text, "text/html");
      var link = Array.prototype.filter.call(doc.querySelectorAll("link[href]"), function (l) {
        var rel = (l.getAttribute("rel") || "").toLowerCase().split(/\s+/);
        return rel.indexOf("alternate") >= 0 && /^application\/ld\+json\b/i.test(l.getAttribute("type") || "");
      })[0];
      if (!link) throw new Error(tr("err_no_data", { url: url }));
      var target;
      try { target = new URL(link.getAttribute("href"), r.url).href; } catch (e) { target = ""; }
      if (!isWebUrl(target)) throw new Error(tr("err_data_url", { url: url }));
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
    var here = state.page ? tr("the_page_you_gave") : tr("this_page");
    var name = nameOf(a);
    if (squeeze(shown.recipient) !== squeeze(name)) {
      out.push({ field: "name", text: shown.recipient
        ? (name ? tr("diff_name", { page: here, shown: shown.recipient, name: name }) : tr("diff_name_nobody", { page: here, shown: shown.recipient }))
        : tr("diff_name_unsaid", { page: here, name: name }) });
    }
    if (b && squeeze(shown.badge) !== squeeze(b.name)) out.push({ field: "badge", text: tr("diff_badge", { page: here, shown: shown.badge, badge: b.name }) });
    if (i && shown.issuer !== null && squeeze(shown.issuer) !== squeeze(i.name)) out.push({ field: "issuer", text: tr("diff_issuer", { page: here, shown: shown.issuer, issuer: i.name }) });
    if (!sameInstant(shown.issuedOn, a.issuedOn)) out.push({ field: "issuedOn", text: tr("diff_issued", { date: a.issuedOn ? day(a.issuedOn) : tr("none") }) });
    if ((shown.expires || null) !== (a.expires || null) && !sameInstant(shown.expires, a.expires)) out.push({ field: "expires", text: tr("diff_expires") });
    var genuine = isWebUrl(a.url) ? a.url : null;
    var image = imageOf(b);
    if (b && image && shown.image) {
      // Resolved against the genuine page, so that a faithful copy elsewhere compares equal.
      var seen;
      try { seen = new URL(shown.image, genuine || location.href).href; } catch (e) { seen = shown.image; }
      if (seen !== image) out.push({ field: "image", text: tr("diff_image") });
    }
    var hosted = list(a.evidence).map(idOf).filter(isWebUrl).sort();
    var onPage = shown.evidence.slice().sort();
    if (onPage.join("\n") !== hosted.join("\n")) {
      out.push({ field: "evidence", text: tr("diff_evidence") });
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
      if (got.page) step("assertion.page", tr("l_page"), "pass", got.url);
      // An accolade award page given by its address is compared like the
      // page a visitor has open: a copy elsewhere must not lend its name.
      if (!shown && got.doc && got.doc.querySelector("[data-shown]")) shown = shownOnPage(got.doc, got.page);
      step("assertion.fetch", tr("l_fetch"), "pass", got.url);
      if (isCredential(a)) return verifyCredential(a, got, shown, state, step);
      if (!a || typeof a !== "object" || Array.isArray(a)) {
        step("assertion.type", tr("l_type"), "fail", tr("d_not_object"));
        return;
      }
      if (a.revoked === true) {
        step("assertion.revocation", tr("l_revocation"), "fail",
          a.revocationReason ? tr("d_revoked_because", { reason: a.revocationReason }) : tr("d_revoked"));
        return;
      }
      step("assertion.id", tr("l_id"),
        a.id === got.url ? "pass" : "fail", a.id === got.url ? "" : tr("d_it_says", { id: a.id }));
      var verification = a.verification || {};
      var hosted = !verification.type || /^(HostedBadge|hosted)$/.test(verification.type);
      step("assertion.type", tr("l_type"), list(a.type).indexOf("Assertion") >= 0 && a.recipient && a.badge && a.issuedOn && hosted ? "pass" : "fail",
        hosted ? "" : tr("d_signed"));
      if (shown || (got.page && isWebUrl(a.url))) {
        var genuine = pageAddress(a.url), address = shown ? shown.address : pageAddress(got.page);
        if (!isWebUrl(a.url)) {
          step("page.address", tr(got.page ? "l_address_given" : "l_address"), "warn", tr("d_no_page"));
        } else {
          step("page.address", tr(got.page ? "l_address_given" : "l_address"), genuine === address ? "pass" : "fail",
            genuine === address ? "" : tr("d_elsewhere", { address: address, url: a.url }));
        }
      }
      return fetchJson(idOf(a.badge)).then(function (b) {
        state.badge = b;
        var ok = b.id === idOf(a.badge) && list(b.type).indexOf("BadgeClass") >= 0 && b.name && b.criteria && b.issuer;
        step("badge.fetch", tr("l_badge"), ok ? "pass" : "fail",
          ok ? b.name : tr("d_badge_incomplete"));
        return fetchJson(idOf(b.issuer));
      }, function (e) {
        step("badge.fetch", tr("l_badge"), "warn", tr("d_unchecked", { why: e.message }));
        throw e;
      }).then(function (i) {
        state.issuer = i;
        var ok = i.id === idOf(state.badge.issuer) && (list(i.type).indexOf("Issuer") >= 0 || list(i.type).indexOf("Profile") >= 0) && i.name && i.url;
        step("issuer.fetch", tr("l_issuer"), ok ? "pass" : "fail", ok ? i.name + " (" + authority(i.id) + ")" : tr("d_issuer_incomplete"));
        policy(a, i, step);
        return revocation(a, i, step);
      }, function (e) {
        if (state.badge) step("issuer.fetch", tr("l_issuer"), "warn", tr("d_unchecked", { why: e.message }));
        throw e;
      });
    }, function (e) {
      if (e.gone) {
        step("assertion.revocation", tr("l_revocation"), "fail", e.message);
      } else {
        step("assertion.fetch", tr("l_fetch"), "warn", tr("d_unchecked", { why: e.message }));
      }
    }).catch(function () { /* already reported as a step */ }).then(function () {
      var a = state.assertion;
      if (a && typeof a === "object" && a.revoked !== true) {
        if (shown) {
          var diffs = differences(shown, state);
          state.differences = diffs;
          step("assertion.matches", tr(state.page ? "l_matches_given" : "l_matches"), diffs.length ? "fail" : "pass",
            diffs.length ? tr("d_differs", { what: diffs.map(function (d) { return d.text; }).join("; ") }) : tr("d_same"));
        }
        if (a.expires) {
          var expired = Date.parse(a.expires) <= Date.now();
          step("assertion.expiry", tr("l_expiry"), expired ? "fail" : "pass",
            tr(expired ? "d_expired_on" : "d_valid_until", { date: day(a.expires) }));
        } else {
          step("assertion.expiry", tr("l_expiry"), "pass", tr("d_no_expiry"));
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
    step("credential.type", tr("l_ob3"), typed ? "pass" : "fail", tr(typed ? "d_vc" : "d_not_vc"));
    step("assertion.id", tr("l_id"),
      c.id === got.url ? "pass" : "fail", c.id === got.url ? "" : tr("d_it_says", { id: c.id }));
    var a = state.assertion;
    if (shown || got.page) {
      var address = shown ? shown.address : pageAddress(got.page);
      step("page.address", tr(got.page ? "l_address_given" : "l_address"),
        pageAddress(a.url) === address ? "pass" : "fail", pageAddress(a.url) === address ? "" : tr("d_elsewhere", { address: address, url: a.url }));
    }
    var proof = list(c.proof)[0] || {};
    var method = typeof proof.verificationMethod === "string" ? proof.verificationMethod : "";
    var keyLabel = tr("l_key");
    return issuerKey(issuer.id, method).then(function (detail) {
      step("credential.key", keyLabel, "pass", detail);
    }, function (e) {
      step("credential.key", keyLabel, e.fails ? "fail" : "warn", e.fails ? e.message : tr("d_unchecked", { why: e.message }));
    }).then(function () {
      step("credential.proof", tr("l_proof", { suite: proof.cryptosuite || proof.type || tr("none") }),
        method ? "pass" : "fail", tr(method ? "d_proof_elsewhere" : "d_no_proof"));
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
    if (!method) return Promise.reject(failure(tr("d_no_proof")));
    if (did !== issuerId) return Promise.reject(failure(tr("d_key_not_issuers", { key: method, issuer: issuerId })));
    if (did.indexOf("did:key:") === 0) return Promise.resolve(tr("d_key_is_did", { key: method }));
    if (did.indexOf("did:web:") !== 0) return Promise.reject(new Error(tr("d_did_methods")));
    return fetchJson(didWebUrl(did)).then(function (doc) {
      var listed = list(doc.assertionMethod).some(function (m) { return m === method || (m && m.id === method); });
      var vm = list(doc.verificationMethod).concat(list(doc.assertionMethod)).filter(function (m) { return m && m.id === method; })[0];
      if (doc.id !== did || !listed || !vm || vm.controller !== did) {
        throw failure(tr("d_key_unlisted", { key: method }));
      }
      return tr("d_key_in", { key: method, url: didWebUrl(did) });
    });
  }

  // The status list entry: the list fetched, its bits unzipped in the
  // browser (DecompressionStream), the credential's bit read.
  function credentialStatus(c, issuerId, step) {
    var label = tr("l_revocation");
    var entry = c.credentialStatus;
    if (!entry) return Promise.resolve(step("assertion.revocation", label, "pass", tr("d_no_status")));
    var index = parseInt(entry.statusListIndex, 10);
    return fetchJson(entry.statusListCredential).then(function (l) {
      var listIssuer = l.issuer && typeof l.issuer === "object" ? l.issuer.id : l.issuer;
      if (listIssuer !== issuerId) throw failure(tr("d_status_not_issuers"));
      var encoded = String((l.credentialSubject || {}).encodedList || "").replace(/^u/, "").replace(/-/g, "+").replace(/_/g, "/");
      var bytes = Uint8Array.from(atob(encoded + "===".slice((encoded.length + 3) % 4)), function (ch) { return ch.charCodeAt(0); });
      if (typeof DecompressionStream === "undefined") throw new Error(tr("d_no_unzip"));
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).arrayBuffer().then(function (buffer) {
        var bits = new Uint8Array(buffer);
        if (!(index >= 0) || index >= bits.length * 8) throw failure(tr("d_index"));
        var revoked = (bits[index >> 3] >> (7 - (index & 7))) & 1;
        step("assertion.revocation", label, revoked ? "fail" : "pass", tr(revoked ? "d_revoked" : "d_status_ok"));
      });
    }).catch(function (e) {
      step("assertion.revocation", label, e.fails ? "fail" : "warn", e.fails ? e.message : tr("d_status_unchecked", { why: e.message }));
    });
  }

  // The issuer's hosting policy, as OB 2.0 and the 1EdTech validator apply it.
  function policy(a, issuer, step) {
    var label = tr("l_policy");
    var v = issuer.verification || {};
    var starts = list(v.startsWith);
    if (starts.length && !starts.some(function (s) { return a.id.indexOf(s) === 0; })) {
      return step("issuer.policy", label, "fail", tr("d_not_under", { prefixes: starts.join(", ") }));
    }
    var origins = list(v.allowedOrigins);
    if (!origins.length) origins = [authority(issuer.id)];
    return step("issuer.policy", label, origins.indexOf(authority(a.id)) >= 0 ? "pass" : "fail",
      tr("d_on_host", { host: authority(a.id) }));
  }

  function revocation(a, issuer, step) {
    var label = tr("l_revocation");
    if (!issuer.revocationList) return Promise.resolve(step("assertion.revocation", label, "pass", tr("d_no_list")));
    return fetchJson(issuer.revocationList).then(function (rl) {
      var hit = list(rl.revokedAssertions).filter(function (e) { return idOf(e) === a.id; })[0];
      if (hit) return step("assertion.revocation", label, "fail", hit.revocationReason ? tr("d_revoked_because", { reason: hit.revocationReason }) : tr("d_revoked"));
      return step("assertion.revocation", label, "pass", tr("d_not_listed"));
    }, function (e) {
      return step("assertion.revocation", label, "warn", tr("d_list_unchecked", { why: e.message }));
    });
  }

  // "<badge> awarded to <name> by <issuer> (<host>) on <date>", from the
  // issuer's data only.
  function summary(state) {
    var a = state.assertion || {}, b = state.badge, i = state.issuer;
    var name = nameOf(a);
    var host = authority(i && i.id ? i.id : a.id);
    var args = {
      badge: b && b.name ? b.name : tr("this_badge"),
      name: name,
      issuer: (i && i.name ? i.name : tr("its_issuer")) + (host ? " (" + host + ")" : ""),
      date: a.issuedOn ? day(a.issuedOn) : ""
    };
    return tr("summary" + (name ? "_named" : "") + (a.issuedOn ? "_on" : ""), args);
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
      reason = reason || tr("v_withdrawn");
      var revokedText = a && a.revokedOn ? tr("v_revoked_on", { date: day(a.revokedOn), reason: reason }) : tr("v_revoked", { reason: reason });
      return { kind: "revoked", text: revokedText };
    }
    var copies = [], given = state.page ? "_given" : "";
    if (fails.some(function (s) { return s.name === "page.address"; })) copies.push("elsewhere");
    if ((state.differences || []).some(function (d) { return d.field === "name"; })) copies.push("other_name");
    if (copies.length) {
      return { kind: "invalid", copy: true, text: tr("v_copy_" + copies.join("_") + given) };
    }
    var others = fails.filter(function (s) { return s.name !== "assertion.expiry"; });
    if (others.length) {
      var first = others[0];
      return { kind: "invalid", text: tr(first.detail ? "v_failed_because" : "v_failed", { check: lowerFirst(first.label), why: first.detail }) };
    }
    if (fails.length) return { kind: "expired", text: tr("v_expired", { date: day(a.expires), summary: summary(state) }) };
    if (warns.length) {
      var w = warns[0];
      return { kind: "unknown", text: tr("v_unknown", { check: lowerFirst(w.label), why: w.detail }) };
    }
    if (a.expires) return { kind: "valid", text: tr("v_valid_until", { summary: summary(state), date: day(a.expires) }) };
    return { kind: "valid", text: tr("v_valid", { summary: summary(state) }) };
  }

  // A check's label inside a sentence. Scripts without letter case leave it be.
  function lowerFirst(label) {
    return label.charAt(0).toLowerCase() + label.slice(1);
  }

  // ---- recipient check -----------------------------------------------------

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // Resolves to true/false, or rejects with a reason. Only a hash is computed;
  // the address never leaves the page.
  function recipientMatches(recipient, email) {
    var normal = email.trim().toLowerCase();
    if (!recipient || recipient.type !== "email") return Promise.reject(new Error(tr("e_not_email")));
    if (recipient.hashed !== true) return Promise.resolve(String(recipient.identity).trim().toLowerCase() === normal);
    var parts = String(recipient.identity).split("$");
    if (parts[0] !== "sha256") return Promise.reject(new Error(tr("e_hash", { hash: parts[0] })));
    if (!window.crypto || !crypto.subtle) return Promise.reject(new Error(tr("e_no_crypto")));
    var data = new TextEncoder().encode(normal + (recipient.salt || ""));
    return crypto.subtle.digest("SHA-256", data).then(function (d) { return hex(d) === String(parts[1]).toLowerCase(); });
  }

  // ---- baked images ----------------------------------------------------------

  // The `openbadges` iTXt (or legacy tEXt) chunk of a PNG (OB 2.0 baking spec).
  function unbakePng(buffer) {
    var bytes = new Uint8Array(buffer), view = new DataView(buffer);
    var sig = [137, 80, 78, 71, 13, 10, 26, 10];
    for (var i = 0; i < 8; i++) if (bytes[i] !== sig[i]) throw new Error(tr("e_not_png"));
    var pos = 8, latin1 = new TextDecoder("latin1"), utf8 = new TextDecoder("utf-8");
    while (pos + 12 <= bytes.length) {
      var len = view.getUint32(pos), type = latin1.decode(bytes.subarray(pos + 4, pos + 8));
      var data = bytes.subarray(pos + 8, pos + 8 + len);
      if (type === "iTXt" || type === "tEXt") {
        var nul = data.indexOf(0), keyword = latin1.decode(data.subarray(0, nul));
        if (keyword === "openbadges") {
          if (type === "tEXt") return latin1.decode(data.subarray(nul + 1));
          if (data[nul + 1] !== 0) throw new Error(tr("e_compressed"));
          var p = nul + 3;
          p = data.indexOf(0, p) + 1; // language tag
          p = data.indexOf(0, p) + 1; // translated keyword
          return utf8.decode(data.subarray(p));
        }
      }
      if (type === "IEND") break;
      pos += 12 + len;
    }
    throw new Error(tr("e_png_empty"));
  }

  // The `openbadges:assertion` element of an SVG: its JSON, else its `verify` URL.
  function unbakeSvg(text) {
    var doc = new DOMParser().parseFromString(text, "image/svg+xml");
    if (doc.getElementsByTagName("parsererror").length) throw new Error(tr("e_svg_unreadable"));
    var node = doc.getElementsByTagNameNS(OB_NS, "assertion")[0];
    if (!node) throw new Error(tr("e_svg_empty"));
    var content = (node.textContent || "").trim();
    return content || node.getAttribute("verify") || "";
  }

  // What a baked image or pasted text says: a URL to verify, or an error.
  function hostedUrlFrom(text) {
    text = (text || "").trim();
    if (isWebUrl(text)) return text;
    var json;
    try { json = JSON.parse(text); } catch (e) { throw new Error(tr("err_input")); }
    if (isWebUrl(json.id)) return json.id;
    if (json.verify && isWebUrl(json.verify.url)) return json.verify.url;
    throw new Error(tr("err_no_address"));
  }

  // ---- the panel -------------------------------------------------------------

  var ICON = { pass: "✓", fail: "✗", warn: "!" };
  var WORD = { pass: tr("passed"), fail: tr("failed"), warn: tr("not_checked") };

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
    if (s.detail) {
      // Isolated, so that an address in a right-to-left sentence keeps its
      // brackets around it.
      var detail = li.appendChild(el("span", { "class": "muted detail" }, " ("));
      detail.appendChild(el("bdi", {}, s.detail));
      detail.appendChild(document.createTextNode(")"));
    }
    this.steps.appendChild(li);
  };
  Panel.prototype.done = function (v, state, suffix) {
    this.status.className = "live-status live-status--" + v.kind;
    this.status.setAttribute("data-verdict", v.kind);
    this.status.textContent = v.text;
    if (suffix) this.status.appendChild(el("span", { "class": "verdict-when" }, " " + suffix));
    var a = state.assertion;
    if (this.genuine && v.copy && a && isWebUrl(a.url)) {
      appendSentence(this.genuine, "genuine_page", null, { url: el("a", { href: a.url, "class": "url" }, a.url) });
      this.genuine.hidden = false;
    }
  };
  // Resolves to the verdict, with the fetched objects in `state`.
  Panel.prototype.run = function (url, shown, suffix) {
    var self = this;
    self.reset(tr("checking"));
    return verifyAward(url, shown, function (s) { self.add(s); }).then(function (v) {
      self.done(v, v.state, suffix);
      return v;
    });
  };

  // The email check's form, made here rather than carried by every page:
  // it only works with script. `slot` is the element it replaces.
  function recipientForm(slot, whose) {
    var form = el("form", { "class": "recipient-form", "data-recipient-form": "" });
    form.appendChild(el("label", { "for": "recipient-email" }, tr("email_question")));
    var row = form.appendChild(el("div", { "class": "inline-form" }));
    row.appendChild(el("input", { id: "recipient-email", name: "email", type: "email", required: "", autocomplete: "off", spellcheck: "false", placeholder: "name@example.org" }));
    row.appendChild(el("button", { type: "submit", "class": "button" }, tr("email_check")));
    form.appendChild(el("p", { "class": "recipient-result", "data-recipient-result": "", role: "status", "aria-live": "polite" }));
    form.appendChild(el("p", { "class": "muted" }, tr(whose)));
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
      out.textContent = tr("checking");
      assertion().then(function (a) {
        if (!a) throw new Error(tr("email_first"));
        return recipientMatches(a.recipient, email);
      }).then(function (yes) {
        out.setAttribute("data-match", yes ? "yes" : "no");
        out.textContent = tr(yes ? "email_yes" : "email_no", { email: email.trim().toLowerCase() });
      }, function (e) {
        out.setAttribute("data-match", "unknown");
        out.textContent = tr("email_error", { why: e.message });
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
    actions.appendChild(el("a", { href: "#verification" }, tr("see_checks")));
    actions.appendChild(document.createTextNode(" "));
    var again = actions.appendChild(el("button", { type: "button", "class": "button button--quiet", "data-run": "" }, tr("verify_again")));
    var section = document.getElementById("verification");
    var details = el("details", { "class": "live", "data-live": "" });
    details.appendChild(el("summary", {}, tr("checked_now")));
    var steps = details.appendChild(el("ol", { "class": "checks", "data-steps": "" }));
    var heading = section.querySelector("h2");
    section.insertBefore(details, heading.nextSibling);
    var panel = new Panel(status, steps, genuine);
    var suffix = tr("checked_now_sentence");
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
      emailForm(recipientForm(slot, "email_how_award"), function () { return last || Promise.resolve(null); });
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
      last = panel.run(url, null, tr("checked_now_sentence")).then(function (v) {
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
      var mine = own.some(function (o) { return o.id === i.id; });
      var hostEl = el("strong", { "class": "host" }, host);
      if (own.length && !mine) {
        origin.setAttribute("data-foreign", "yes");
        var status = result.querySelector("[data-status]");
        status.insertBefore(el("span", { "class": "verdict-foreign" }, tr("foreign", { site: own[0].name }) + " "), status.firstChild);
        appendSentence(origin, "origin_foreign", { issuer: i.name, site: own[0].name,
          sites: own.map(function (o) { return o.name; }).join(tr("or")) }, { host: hostEl });
      } else {
        appendSentence(origin, "origin", { issuer: i.name }, { host: hostEl });
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
    if (slot) emailForm(recipientForm(slot, "email_how_any"), function () { return last || Promise.resolve(null); });
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
    var button = el("button", { type: "button", "class": "button" }, tr("copy"));
    button.addEventListener("click", function () {
      var done = function () {
        button.textContent = tr("copied");
        setTimeout(function () { button.textContent = tr("copy"); }, 2000);
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

  // "<badge>: awarded to <name> by <issuer>", for an embed's alt text and title.
  function embedAlt(badge, name, issuer) {
    return tr("embed_alt" + (name ? "_named" : "") + (issuer ? "_by" : ""), { badge: badge, name: name, issuer: issuer });
  }

  // The award's hosted data, as this page names it (its JSON-LD alternate).
  function dataLink() {
    return document.querySelector('link[rel="alternate"][type="application/ld+json"]');
  }

  function escapeAttr(s) {
    return String(s).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // LinkedIn may leave the fields of its form empty: the same values as the
  // "Add to profile" link carries, in boxes to copy from.
  function linkedinFields(link, into) {
    var q;
    try { q = new URL(link.href).searchParams; } catch (e) { return; }
    function month(y, m) { return q.get(m) && q.get(y) ? tr("month_year", { month: tr("date.month_" + Number(q.get(m))), year: q.get(y) }) : null; }
    var fields = [
      [tr("li_name"), q.get("name")],
      [tr("li_organization"), q.get("organizationName") || shownText("issuer")],
      [tr("li_issued"), month("issueYear", "issueMonth")],
      [tr("li_expires"), month("expirationYear", "expirationMonth")],
      [tr("li_id"), q.get("certId")],
      [tr("li_url"), q.get("certUrl")]
    ].filter(function (f) { return f[1]; });
    var details = el("details", { "class": "linkedin-fields" });
    details.appendChild(el("summary", {}, tr("li_fields")));
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
    var alt = embedAlt(shownText("badge"), name, issuer);
    if (image) {
      copyField(box, "textarea", "embed-img", tr("embed_image"),
        '<a href="' + escapeAttr(pageUrl) + '"><img src="' + escapeAttr(image) + '" alt="' + escapeAttr(alt) + '" width="120" height="120"></a>');
    }
    copyField(box, "textarea", "embed-frame", tr("embed_card"),
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
    more.appendChild(el("summary", {}, tr("share_more")));
    var figure = more.appendChild(el("figure", { "class": "qr" }));
    drawQr(figure.appendChild(el("div", { "class": "qr-code" })), pageUrl);
    figure.appendChild(el("figcaption", {}, tr("qr_caption")));
    if (json) {
      more.appendChild(el("h3", {}, tr("backpack")));
      copyField(more.appendChild(el("p", { "class": "copy-field" })), "input", "copy-json",
        tr("backpack_address"), json.href);
      if (share.querySelector("[data-bake], a[download]")) {
        appendSentence(more.appendChild(el("p")), "baked", null, { verify: el("a", { href: site + "verify/" }, "verify/") });
      }
    }
    more.appendChild(el("h3", {}, tr("on_website")));
    embedSnippets(more.appendChild(el("div", { "class": "embed-snippets" })), pageUrl,
      site + "embed/?award=" + pageUrl.slice(site.length), image ? new URL(image, pageUrl).href : null);
    return figure;
  }

  // The printable certificate: made from the page and shown only in print
  // (site.css), so printing the award page prints the certificate.
  function certificate(pageUrl) {
    var name = shownText("recipient"), badge = shownText("badge"), issuer = shownText("issuer");
    var issued = shownText("issuedOn"), expires = shownText("expires");
    var cert = el("article", { "class": "certificate certificate--print", "aria-label": tr("cert_label") });
    cert.appendChild(el("p", { "class": "certificate-kicker" }, tr("cert_kicker")));
    var body = cert.appendChild(el("div", { "class": "certificate-body" }));
    var art = document.querySelector(".award-header img");
    if (art) body.appendChild(el("img", { "class": "certificate-badge", src: art.src, alt: art.alt, width: "200", height: "200" }));
    var words = body.appendChild(el("div"));
    if (name) {
      words.appendChild(el("p", {}, tr("cert_certifies")));
      words.appendChild(el("p", { "class": "certificate-name" }, name));
      words.appendChild(el("p", {}, tr("cert_earned")));
    } else {
      words.appendChild(el("p", {}, tr("cert_the_badge")));
    }
    words.appendChild(el("p", { "class": "certificate-badge-name" }, badge));
    var byKey = "cert_" + (name ? "issued" : "awarded") + (issuer ? "_by" : "") + (issued ? "_on" : "");
    var by = appendSentence(words.appendChild(el("p")), byKey, { date: issued }, { issuer: el("strong", {}, issuer) });
    if (expires) by.appendChild(document.createTextNode(" " + tr("cert_valid_until", { date: expires })));
    var foot = cert.appendChild(el("div", { "class": "certificate-footer" }));
    var qr = document.querySelector(".qr-code img");
    if (qr) foot.appendChild(el("div", { "class": "certificate-qr" })).appendChild(qr.cloneNode());
    var verify = foot.appendChild(el("p", {}, tr("cert_verify")));
    verify.appendChild(el("br"));
    verify.appendChild(el("strong", {}, pageUrl));
    verify.appendChild(el("br"));
    verify.appendChild(document.createTextNode(tr(name ? "cert_live" : "cert_live_email")));
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
      alt: name ? tr("qr_alt_named", { name: name, badge: badge }) : tr("qr_alt")
    }));
  }

  // LinkedIn's "Add to profile" form, filled from what the page shows: the
  // badge, its issuer (by LinkedIn organization id when the site gives one),
  // the issue and expiry month and year, the page and the award's id.
  // Values are encoded as RFC 3986 unreserved characters or %XX.
  function linkedinUrl(link, pageUrl) {
    var params = [["startTask", "CERTIFICATION_NAME"], ["name", shownText("badge") || tr("badge")]];
    var org = link.getAttribute("data-linkedin");
    params.push(org ? ["organizationId", org] : ["organizationName", shownText("issuer") || tr("the_issuer")]);
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
      var alt = embedAlt(shown.badge, shown.recipient, issuer);
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
        lines[0].textContent = tr("awarded_to", { name: shown.recipient });
        lines[1].textContent = issuer;
      } else {
        lines[0].textContent = issuer ? tr("awarded_by", { issuer: issuer }) : tr("open_badge");
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
