#!/usr/bin/env python3
"""Offline Open Badges 2.0 conformance check of a built accolade site.

Runs the 1EdTech Python validator (`openbadges` 1.1.2, installed by
install.sh next to this file) against the built site OUT, served by this
process on http://127.0.0.1:PORT/.  Run it with the venv's python:

    VENV/bin/python tests/conformance/ob_validator.py \
        --site-dir example-site --output-dir OUT --port PORT [--json-report FILE]

OUT must have been built with `--base-url http://127.0.0.1:PORT/`.

Workarounds (see /work/shared/design/CONFORMANCE.md), all in this process only:
  1. collections.Mapping & co. are restored from collections.abc (python-jose 3.0.1);
  2. requests.adapters.HTTPAdapter.send is wrapped: loopback URLs go to the
     network as usual (our own server), the OB v2 context URLs are answered
     with the validator's bundled copy, every other URL fails at once and is
     recorded (the run then fails);
  3. (install-time) pycryptodome is raised; see install.sh.

Expectations per assertion in SITE/assertions/**/*.json:
  revoked (listed in SITE/revocations.json) -> NOT valid; the served JSON is a
      stub with revoked: true and the listed revocationReason;
  expired (`expires` in the past)           -> invalid, and every error is an
      expiry error;
  otherwise                                 -> valid, errorCount 0, and
      report.recipientProfile == {"email": <recipients.json entry>}.
Every BadgeClass and Issuer/Profile JSON in OUT -> valid, errorCount 0.
For every object, the served JSON's `id` must equal the URL it is served at.

Prints one PASS/FAIL line per object, then `N passed, M failed`.
Exit status 1 if anything failed or any non-allowed URL was requested.
"""

import argparse
import collections
import collections.abc
import datetime as _dt
import functools
import http.server
import ipaddress
import json
import logging
import os
import sys
import threading
import tomllib
import urllib.parse
import urllib.request

# --- Workaround 2 of CONFORMANCE.md: collections ABC names (before openbadges) ---
for _name in collections.abc.__all__:
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))

import requests  # noqa: E402
import requests.adapters  # noqa: E402
import requests.structures  # noqa: E402

import openbadges  # noqa: E402
from openbadges.verifier.openbadges_context import OPENBADGES_CONTEXT_V2_DICT  # noqa: E402

V2_CONTEXT_URLS = (
    "https://w3id.org/openbadges/v2",
    "http://w3id.org/openbadges/v2",
    "https://openbadgespec.org/v2/context.json",
)

# Every URL outside loopback and the v2 contexts that the validator tried to fetch.
BLOCKED_URLS = []
_blocked_lock = threading.Lock()


# --- Workaround 3 of CONFORMANCE.md: all validator HTTP goes through requests ---
def _is_loopback(url):
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _canned_response(request, body, content_type):
    resp = requests.models.Response()
    resp.status_code = 200
    resp.reason = "OK"
    resp.url = request.url
    resp.request = request
    resp.encoding = "utf-8"
    resp.headers = requests.structures.CaseInsensitiveDict(
        {"Content-Type": content_type, "Content-Length": str(len(body))})
    resp._content = body
    resp._content_consumed = True
    return resp


class BlockedURLError(requests.exceptions.ConnectionError):
    pass


_ORIGINAL_SEND = requests.adapters.HTTPAdapter.send
_V2_BODY = json.dumps(OPENBADGES_CONTEXT_V2_DICT).encode("utf-8")


@functools.wraps(_ORIGINAL_SEND)
def _offline_send(self, request, *args, **kwargs):
    url = request.url
    if url.split("#", 1)[0] in V2_CONTEXT_URLS:
        return _canned_response(request, _V2_BODY, "application/ld+json")
    if _is_loopback(url):
        kwargs["proxies"] = {}  # never route loopback through an environment proxy
        return _ORIGINAL_SEND(self, request, *args, **kwargs)
    with _blocked_lock:
        BLOCKED_URLS.append(url)
    raise BlockedURLError(
        "ob_validator: blocked outbound request to {} (only loopback and the "
        "Open Badges v2 context are allowed in the offline harness)".format(url),
        request=request)


def install_offline_transport():
    requests.adapters.HTTPAdapter.send = _offline_send


install_offline_transport()


# --- Reusable entry point ---
def verify_url(url, email=None):
    """Run the validator on a hosted URL; return its report dict."""
    profile = {"email": [email]} if email is not None else None
    result = openbadges.verify(url, recipient_profile=profile)
    return result["report"]


# --- Local HTTP server for OUT ---
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = dict(http.server.SimpleHTTPRequestHandler.extensions_map)
    extensions_map.update({
        ".json": "application/json",
        ".jsonld": "application/ld+json",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".html": "text/html; charset=utf-8",
    })

    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    allow_reuse_address = True
    daemon_threads = True


def start_server(directory, port):
    handler = functools.partial(_QuietHandler, directory=directory)
    server = _Server(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, name="ob-http", daemon=True)
    thread.start()
    return server


def fetch_json(url):
    """Fetch a URL from the local server directly (not through the validator)."""
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(url, timeout=10) as r:
        return json.loads(r.read().decode("utf-8"))


# --- Helpers ---
def list_of(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def parse_datetime(value):
    if not isinstance(value, str):
        return None
    s = value.strip()
    if s.endswith("Z") or s.endswith("z"):
        s = s[:-1] + "+00:00"
    try:
        d = _dt.datetime.fromisoformat(s)
    except ValueError:
        try:
            import aniso8601
            d = aniso8601.parse_datetime(value)
        except Exception:
            return None
    if d.tzinfo is None:
        d = d.replace(tzinfo=_dt.timezone.utc)
    return d


def is_expiry_message(msg):
    return (msg.get("name") == "ASSERTION_TIMESTAMP_CHECKS"
            and "expired" in str(msg.get("result", "")))


def errors_of(report):
    return [m for m in report.get("messages", []) if m.get("messageLevel") == "ERROR"]


def warnings_of(report):
    return [m for m in report.get("messages", []) if m.get("messageLevel") == "WARNING"]


def fmt_msg(m, limit=600):
    text = " ".join(str(m.get("result", "")).split())
    if len(text) > limit:  # crashed tasks embed whole tracebacks; the JSON report keeps them
        text = text[:limit] + " [...]"
    return "{} {}: {}".format(m.get("messageLevel", "?"), m.get("name", "?"), text)


def rel_json_files(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fn in sorted(filenames):
            if fn.endswith(".json"):
                full = os.path.join(dirpath, fn)
                out.append(os.path.relpath(full, root).replace(os.sep, "/"))
    return out


def load_site(site_dir):
    with open(os.path.join(site_dir, "accolade.toml"), "rb") as f:
        cfg = tomllib.load(f)
    base_url = cfg.get("base_url")
    if not base_url and isinstance(cfg.get("site"), dict):
        base_url = cfg["site"].get("base_url")
    if not base_url:
        raise SystemExit("ob_validator: no base_url in {}/accolade.toml".format(site_dir))
    if not base_url.endswith("/"):
        base_url += "/"
    with open(os.path.join(site_dir, "recipients.json"), encoding="utf-8") as f:
        recipients = json.load(f)
    revoked = {}
    rev_path = os.path.join(site_dir, "revocations.json")
    if os.path.exists(rev_path):
        with open(rev_path, encoding="utf-8") as f:
            rev = json.load(f)
        for entry in list_of(rev.get("revokedAssertions")):
            if isinstance(entry, str):
                revoked[entry] = None
            elif isinstance(entry, dict) and entry.get("id"):
                revoked[entry["id"]] = entry.get("revocationReason")
    return base_url, recipients, revoked


class Result:
    def __init__(self, kind, url):
        self.kind, self.url = kind, url
        self.failures, self.warnings = [], []
        self.errors = 0
        self.report = None

    @property
    def ok(self):
        return not self.failures

    def as_dict(self):
        return {"kind": self.kind, "url": self.url, "pass": self.ok,
                "errorCount": self.errors, "warnings": self.warnings,
                "failures": self.failures, "report": self.report}


def run_validator(res, email=None):
    try:
        report = verify_url(res.url, email)
    except Exception as e:  # the validator itself crashed
        res.failures.append("validator raised {}: {}".format(type(e).__name__, e))
        return None
    res.report = report
    res.errors = report.get("errorCount", len(errors_of(report)))
    res.warnings = [fmt_msg(m) for m in warnings_of(report)]
    return report


def check_served_id(res):
    try:
        doc = fetch_json(res.url)
    except Exception as e:
        res.failures.append("could not fetch served JSON: {}".format(e))
        return None
    if doc.get("id") != res.url:
        res.failures.append("served id {!r} != URL it is served at".format(doc.get("id")))
    return doc


def check_assertion(rel, src, base_url, local_base, recipients, revoked, now):
    orig_id = src.get("id")
    if not isinstance(orig_id, str) or not orig_id.startswith(base_url):
        res = Result("assertion", str(orig_id))
        res.failures.append("{}: id {!r} does not start with base_url {}".format(rel, orig_id, base_url))
        return res
    url = local_base + orig_id[len(base_url):]

    if orig_id in revoked:
        res = Result("revoked", url)
        doc = check_served_id(res)
        if doc is not None:
            if doc.get("revoked") is not True:
                res.failures.append("served JSON lacks \"revoked\": true")
            if doc.get("type") != "Assertion":
                res.failures.append("served stub type is {!r}, not \"Assertion\"".format(doc.get("type")))
            if "@context" not in doc:
                res.failures.append("served stub has no @context")
            want = revoked[orig_id]
            if want is not None and doc.get("revocationReason") != want:
                res.failures.append("served revocationReason {!r} != {!r}".format(
                    doc.get("revocationReason"), want))
            if want is None and not doc.get("revocationReason"):
                res.failures.append("served stub has no revocationReason")
            extra = set(doc) - {"@context", "id", "type", "revoked", "revocationReason"}
            if extra:
                res.failures.append("revoked stub carries extra properties: {}".format(sorted(extra)))
        report = run_validator(res, recipients.get(rel))
        if report is not None and report.get("valid"):
            res.failures.append("revoked assertion reported valid")
        return res

    email = recipients.get(rel)
    if email is None:
        res = Result("assertion", url)
        res.failures.append("{} has no entry in recipients.json".format(rel))
        return res

    expires = parse_datetime(src.get("expires"))
    if expires is not None and expires < now:
        res = Result("expired", url)
        check_served_id(res)
        report = run_validator(res, email)
        if report is not None:
            errs = errors_of(report)
            if report.get("valid"):
                res.failures.append("expired assertion reported valid")
            if not any(is_expiry_message(m) for m in errs):
                res.failures.append("no expiry error reported")
            for m in errs:
                if not is_expiry_message(m):
                    res.failures.append("unexpected " + fmt_msg(m))
            if report.get("errorCount") != len(errs):
                res.failures.append("errorCount {} != {} error messages".format(
                    report.get("errorCount"), len(errs)))
        return res

    res = Result("assertion", url)
    check_served_id(res)
    report = run_validator(res, email)
    if report is not None:
        if not report.get("valid"):
            res.failures.append("reported not valid")
        if report.get("errorCount") != 0:
            res.failures.append("errorCount {}".format(report.get("errorCount")))
        for m in errors_of(report):
            res.failures.append(fmt_msg(m))
        if report.get("recipientProfile") != {"email": email}:
            res.failures.append("recipientProfile {!r} != {!r}".format(
                report.get("recipientProfile"), {"email": email}))
    return res


def check_plain_object(kind, url):
    res = Result(kind, url)
    check_served_id(res)
    report = run_validator(res)
    if report is not None:
        if not report.get("valid"):
            res.failures.append("reported not valid")
        if report.get("errorCount") != 0:
            res.failures.append("errorCount {}".format(report.get("errorCount")))
        for m in errors_of(report):
            res.failures.append(fmt_msg(m))
    return res


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site-dir", required=True)
    ap.add_argument("--output-dir", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--json-report")
    ap.add_argument("--verbose", action="store_true",
                    help="let the validator log its internal tracebacks to stderr")
    args = ap.parse_args(argv)
    if not args.verbose:
        # Crashing tasks are also reported as ERROR messages; the logged traceback is noise.
        logging.getLogger("openbadges.verifier").setLevel(logging.CRITICAL)

    site_dir = os.path.abspath(args.site_dir)
    out_dir = os.path.abspath(args.output_dir)
    local_base = "http://127.0.0.1:{}/".format(args.port)
    base_url, recipients, revoked = load_site(site_dir)
    now = _dt.datetime.now(_dt.timezone.utc)

    if not os.path.isdir(out_dir):
        raise SystemExit("ob_validator: output dir {} does not exist".format(out_dir))
    try:
        server = start_server(out_dir, args.port)
    except OSError as e:
        raise SystemExit("ob_validator: cannot serve on 127.0.0.1:{}: {}".format(args.port, e))
    results = []
    try:
        assertions_dir = os.path.join(site_dir, "assertions")
        for rel in rel_json_files(assertions_dir):
            try:
                with open(os.path.join(assertions_dir, rel), encoding="utf-8") as f:
                    src = json.load(f)
            except (OSError, ValueError) as e:
                res = Result("assertion", rel)
                res.failures.append("cannot read {}: {}".format(rel, e))
                results.append(res)
                continue
            results.append(check_assertion(rel, src, base_url, local_base, recipients, revoked, now))

        for rel in rel_json_files(out_dir):
            try:
                with open(os.path.join(out_dir, rel), encoding="utf-8") as f:
                    doc = json.load(f)
            except (OSError, ValueError):
                continue
            if not isinstance(doc, dict):
                continue
            types = list_of(doc.get("type"))
            url = local_base + urllib.parse.quote(rel)
            if "BadgeClass" in types:
                results.append(check_plain_object("badgeclass", url))
            elif "Issuer" in types or "Profile" in types:
                results.append(check_plain_object("issuer", url))
    finally:
        server.shutdown()
        server.server_close()

    passed = failed = 0
    for res in results:
        status = "PASS" if res.ok else "FAIL"
        print("{} {:<10} {}  errors={} warnings={}".format(
            status, res.kind, res.url, res.errors, len(res.warnings)))
        for msg in res.failures:
            print("    - " + msg)
        for w in res.warnings:
            print("    warning: " + w)
        if res.ok:
            passed += 1
        else:
            failed += 1

    if not results:
        print("ob_validator: nothing was checked (no assertions, badge classes or issuers found)")
    blocked = sorted(set(BLOCKED_URLS))
    for u in blocked:
        print("BLOCKED outbound URL attempted: " + u)

    if args.json_report:
        with open(args.json_report, "w", encoding="utf-8") as f:
            json.dump({"passed": passed, "failed": failed, "blocked_urls": blocked,
                       "results": [r.as_dict() for r in results]}, f, indent=2, default=str)

    print("{} passed, {} failed".format(passed, failed))
    return 1 if (failed or blocked or not results) else 0


if __name__ == "__main__":
    sys.exit(main())
