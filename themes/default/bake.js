// accolade: the award page's "Download badge" buttons. They bake the
// award's hosted assertion into its badge class's image here, in the
// visitor's browser, so that the site need not publish a baked image per
// award (about 100 KiB each). The result is byte for byte what
// `accolade bake` makes of the same image and assertion: the two follow
// src/art/bake.rs, which is where the rules are explained.
//
// Plain JavaScript, no dependencies; nothing is sent anywhere but GET
// requests for the site's own files.
// Strict inside the function: the site's strings (`ACCOLADE_STRINGS`)
// come first in the published file, where a directive would not count.
(function () {
  "use strict";
  var PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  var KEYWORD = "openbadges";
  var SVG_NAMESPACE = "http://openbadges.org";

  // ---- PNG -------------------------------------------------------------

  var CRC_TABLE = (function () {
    var t = new Uint32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      t[n] = c >>> 0;
    }
    return t;
  })();

  function crc32(parts) {
    var c = 0xffffffff;
    parts.forEach(function (bytes) {
      for (var i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    });
    return (c ^ 0xffffffff) >>> 0;
  }

  function ascii(s) {
    var b = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
    return b;
  }

  function u32(b, i) {
    return ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
  }

  // The chunks up to and including IEND, each with its whole bytes (`raw`).
  function pngChunks(png) {
    for (var s = 0; s < PNG_SIGNATURE.length; s++) {
      if (png[s] !== PNG_SIGNATURE[s]) throw new Error(tr("bake_not_png"));
    }
    var chunks = [];
    var pos = PNG_SIGNATURE.length;
    while (pos < png.length) {
      if (pos + 12 > png.length) throw new Error(tr("bake_truncated"));
      var len = u32(png, pos);
      var end = pos + 12 + len;
      if (end > png.length) throw new Error(tr("bake_truncated"));
      var kind = String.fromCharCode(png[pos + 4], png[pos + 5], png[pos + 6], png[pos + 7]);
      chunks.push({ kind: kind, data: png.subarray(pos + 8, pos + 8 + len), raw: png.subarray(pos, end) });
      pos = end;
      if (kind === "IEND") break;
    }
    return chunks;
  }

  function isOpenBadgesChunk(c) {
    if (c.kind !== "iTXt" && c.kind !== "tEXt" && c.kind !== "zTXt") return false;
    if (c.data.length <= KEYWORD.length || c.data[KEYWORD.length] !== 0) return false;
    for (var i = 0; i < KEYWORD.length; i++) if (c.data[i] !== KEYWORD.charCodeAt(i)) return false;
    return true;
  }

  function chunk(kind, data) {
    var out = new Uint8Array(12 + data.length);
    var view = new DataView(out.buffer);
    var type = ascii(kind);
    view.setUint32(0, data.length);
    out.set(type, 4);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc32([type, data]));
    return out;
  }

  // One uncompressed iTXt chunk `openbadges` right after IHDR (empty
  // language tag and translated keyword); every other chunk copied as it
  // is, an earlier `openbadges` chunk dropped.
  function bakePng(png, assertion) {
    var chunks = pngChunks(png);
    if (!chunks.length || chunks[0].kind !== "IHDR") throw new Error(tr("bake_no_ihdr"));
    var text = new TextEncoder().encode(assertion);
    var data = new Uint8Array(KEYWORD.length + 5 + text.length);
    data.set(ascii(KEYWORD), 0);
    data.set(text, KEYWORD.length + 5);
    var parts = [new Uint8Array(PNG_SIGNATURE), chunks[0].raw, chunk("iTXt", data)];
    chunks.slice(1).forEach(function (c) { if (!isOpenBadgesChunk(c)) parts.push(c.raw); });
    return parts;
  }

  // ---- SVG -------------------------------------------------------------

  // As util::html::escape_html: the five specials, control characters left out.
  function escapeAttr(s) {
    var map = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
    return s.replace(/[&<>"']/g, function (c) { return map[c]; })
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g, "");
  }

  function removeSvgAssertion(svg) {
    var open = svg.indexOf("<openbadges:assertion");
    if (open < 0) return svg;
    var rest = svg.slice(open);
    var close = rest.indexOf("</openbadges:assertion>");
    var end;
    if (close >= 0) {
      end = close + "</openbadges:assertion>".length;
    } else {
      var selfClose = rest.indexOf("/>");
      end = selfClose >= 0 ? selfClose + 2 : rest.length;
    }
    return svg.slice(0, open) + svg.slice(open + end);
  }

  // The root <svg start tag, past declarations, comments and doctype.
  function findSvgStart(svg) {
    var pos = 0;
    for (;;) {
      var at = svg.indexOf("<", pos);
      if (at < 0) return -1;
      if (svg.startsWith("<svg", at) && /^[\s>\/]/.test(svg.charAt(at + 4))) return at;
      if (svg.startsWith("<!--", at)) {
        var close = svg.indexOf("-->", at);
        if (close < 0) return -1;
        pos = close + 3;
      } else {
        pos = at + 1;
      }
    }
  }

  // The `>` closing a start tag: the first outside a quoted value.
  function startTagEnd(tag) {
    var quote = null;
    for (var i = 0; i < tag.length; i++) {
      var c = tag[i];
      if (quote === null && (c === '"' || c === "'")) quote = c;
      else if (quote !== null && c === quote) quote = null;
      else if (quote === null && c === ">") return i;
    }
    return -1;
  }

  function bakeSvg(svg, assertion, verifyUrl) {
    svg = removeSvgAssertion(svg);
    var start = findSvgStart(svg);
    if (start < 0) throw new Error(tr("bake_no_svg"));
    var rel = startTagEnd(svg.slice(start));
    if (rel < 0) throw new Error(tr("bake_svg_open"));
    var end = start + rel;
    var selfClosing = svg.slice(0, end).endsWith("/");
    var tag = svg.slice(start, selfClosing ? end - 1 : end);
    if (tag.indexOf("xmlns:openbadges=") < 0) tag += ' xmlns:openbadges="' + SVG_NAMESPACE + '"';
    // "]]>" cannot appear inside CDATA; split it across two sections.
    var cdata = assertion.split("]]>").join("]]]]><![CDATA[>");
    var element = '<openbadges:assertion verify="' + escapeAttr(verifyUrl) + '"><![CDATA[' + cdata + "]]></openbadges:assertion>";
    var out = svg.slice(0, start) + tag + ">" + element + (selfClosing ? "</svg>" : "") + svg.slice(end + 1);
    return [new TextEncoder().encode(out)];
  }

  // ---- the buttons -----------------------------------------------------

  // The site's strings (`ACCOLADE_STRINGS`, before this file in award.js),
  // as verify.js reads them: `{name}` filled in, set as text.
  function tr(key, args) {
    var strings = (typeof ACCOLADE_STRINGS === "object" && ACCOLADE_STRINGS && ACCOLADE_STRINGS.strings) || {};
    var text = typeof strings[key] === "string" ? strings[key] : key;
    return text.replace(/\{(\w+)\}/g, function (m, name) { return args && args[name] !== undefined ? String(args[name]) : m; });
  }

  function get(url, what) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(tr("bake_http", { what: tr(what), status: r.status }));
      return r;
    }, function () {
      throw new Error(tr("bake_offline", { what: tr(what) }));
    });
  }

  function assertionUrl() {
    var link = document.querySelector('link[rel~="alternate"][type="application/ld+json"]');
    return link ? link.href : null;
  }

  function save(parts, type, name) {
    var url = URL.createObjectURL(new Blob(parts, { type: type }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    // Revoked later: revoking at once may cancel the download.
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function bake(button, status) {
    var kind = button.getAttribute("data-bake");
    var src = new URL(button.getAttribute("data-src"), document.baseURI).href;
    // The file name: `<badge>-<award code>`, given once for both buttons.
    var named = button.closest("[data-name]");
    var name = ((named ? named.getAttribute("data-name") : "badge") + "." + kind).replace(/[^A-Za-z0-9._-]/g, "-");
    var json = assertionUrl();
    if (!json) return Promise.reject(new Error(tr("bake_no_assertion")));
    return Promise.all([
      get(json, "bake_data").then(function (r) { return r.text(); }),
      get(src, "bake_image").then(function (r) { return kind === "png" ? r.arrayBuffer() : r.text(); }),
    ]).then(function (got) {
      // As a build and `accolade bake` embed it: the file without its final newline.
      var assertion = got[0].replace(/^\uFEFF/, "").trimEnd();
      var id;
      try { id = JSON.parse(assertion).id; } catch (e) { throw new Error(tr("bake_not_json")); }
      if (kind === "png") {
        save(bakePng(new Uint8Array(got[1]), assertion), "image/png", name);
      } else {
        save(bakeSvg(got[1], assertion, typeof id === "string" ? id : ""), "image/svg+xml", name);
      }
      status.textContent = "";
    });
  }

  function init() {
    if (!window.fetch || !window.TextEncoder || !window.Blob || !window.URL || !URL.createObjectURL) return;
    Array.prototype.forEach.call(document.querySelectorAll("button[data-bake]"), function (button) {
      var status = document.createElement("span");
      status.className = "muted";
      status.setAttribute("role", "status");
      button.after(status);
      button.hidden = false;
      button.addEventListener("click", function () {
        button.disabled = true;
        status.textContent = "";
        bake(button, status).catch(function (e) {
          status.textContent = tr("bake_failed", { why: e && e.message ? e.message : e });
        }).then(function () { button.disabled = false; });
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
