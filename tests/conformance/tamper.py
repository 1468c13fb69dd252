#!/usr/bin/env python3
"""Tampered copies of a built site must fail verification, with the 1EdTech
validator and with `accolade verify` alike, and for the right reason.

Usage (the venv's python; OUT built with --base-url http://127.0.0.1:PORT/):
    VENV/bin/python tests/conformance/tamper.py --site-dir example-site \
        --output-dir OUT --port PORT --accolade target/debug/accolade

For each case the built output is copied, one thing in the copy is changed
(as an attacker or a broken deploy would), the copy is served on PORT, and:
  - the validator's verdict is compared with what it is known to do
    ("fail", or "misses" for the gaps listed in CONFORMANCE.md);
  - `accolade verify URL --recipient EMAIL --format json` must give a
    verdict other than valid, with the named check failing.
Prints one line per case and `N passed, M failed`; exits 1 on any failure.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ob_validator as ob  # noqa: E402  (applies the offline workarounds)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def save(path, doc):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)


def edit(rel, change):
    """A tamper step that loads OUT/rel, calls change(doc), saves it."""
    def apply(out, ctx):
        path = os.path.join(out, rel.format(**ctx))
        doc = load(path)
        change(doc, ctx)
        save(path, doc)
    return apply


def remove(rel):
    def apply(out, ctx):
        os.remove(os.path.join(out, rel.format(**ctx)))
    return apply


def flip_hash(doc, ctx):
    ident = doc["recipient"]["identity"]
    last = ident[-1]
    doc["recipient"]["identity"] = ident[:-1] + ("0" if last != "0" else "1")


def move_outside_policy(out, ctx):
    """Publish a copy of the award outside the issuer's startsWith prefix."""
    doc = load(os.path.join(out, "assertions", ctx["code"] + ".json"))
    doc["id"] = ctx["base"] + "elsewhere/" + ctx["code"] + ".json"
    os.makedirs(os.path.join(out, "elsewhere"), exist_ok=True)
    save(os.path.join(out, "elsewhere", ctx["code"] + ".json"), doc)
    ctx["url"] = doc["id"]


# (name, tamper, what the validator does, accolade check that must fail)
CASES = [
    ("issuedOn moved into the future",
     edit("assertions/{code}.json", lambda d, c: d.update(issuedOn="2099-01-01T00:00:00Z")),
     "fail", "assertion.dates"),
    ("recipient hash changed",
     edit("assertions/{code}.json", flip_hash),
     "fail", "recipient.match"),
    ("badge class without criteria",
     edit("badges/{badge}.json", lambda d, c: d.pop("criteria")),
     "fail", "badge.properties"),
    ("assertion id differs from its URL",
     edit("assertions/{code}.json", lambda d, c: d.update(id=c["base"] + "assertions/someone-else.json")),
     "fail", "assertion.id"),
    ("assertion hosted outside the issuer's startsWith",
     move_outside_policy,
     "fail", "issuer.policy"),
    ("issuedOn without a time zone",
     edit("assertions/{code}.json", lambda d, c: d.update(issuedOn="2026-02-03T14:20:00")),
     "fail", "assertion.dates"),
    # The validator's known gaps (CONFORMANCE.md), and rules of ours it does
    # not have: accolade must still catch them.
    ("recipient email published in plain text",
     edit("assertions/{code}.json", lambda d, c: d["recipient"].update(hashed=False, identity=c["email"])),
     "misses", "recipient.identity"),
    ("full assertion marked revoked: true",
     edit("assertions/{code}.json", lambda d, c: d.update(revoked=True, revocationReason="tampered")),
     "misses", "assertion.revocation"),
    ("issuer without email",
     edit("issuers/open-numerics.json", lambda d, c: d.pop("email")),
     "misses", "issuer.email"),
    ("badge class typed Badge",
     edit("badges/{badge}.json", lambda d, c: d.update(type="Badge")),
     "misses", "badge.properties"),
    ("badge image missing (404)",
     remove("badges/{badge}.svg"),
     "misses", "badge.image"),
]


def accolade_verify(binary, url, email):
    r = subprocess.run([binary, "verify", url, "--recipient", email, "--format", "json"],
                       capture_output=True, text=True, timeout=120)
    try:
        report = json.loads(r.stdout)
    except ValueError:
        return r.returncode, None, r.stderr.strip()[-400:]
    return r.returncode, report, ""


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site-dir", required=True)
    ap.add_argument("--output-dir", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--accolade", required=True)
    ap.add_argument("--award", default="amara-okafor-m1.json",
                    help="assertion file (in SITE/assertions) whose served copy is tampered with")
    args = ap.parse_args(argv)
    ob.logging.getLogger("openbadges.verifier").setLevel(ob.logging.CRITICAL)

    base_url, recipients, _revoked = ob.load_site(os.path.abspath(args.site_dir))
    local = "http://127.0.0.1:{}/".format(args.port)
    src = load(os.path.join(args.site_dir, "assertions", args.award))
    code = src["id"].rsplit("/", 1)[1][:-len(".json")]
    badge = src["badge"].rsplit("/", 1)[1][:-len(".json")]
    email = recipients[args.award]

    passed = failed = 0
    for name, tamper, validator_does, check in [("untampered", None, "passes", None)] + CASES:
        ctx = {"code": code, "badge": badge, "base": local, "email": email,
               "url": local + "assertions/" + code + ".json"}
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "site")
            shutil.copytree(args.output_dir, out)
            if tamper:
                tamper(out, ctx)
            server = ob.start_server(out, args.port)
            try:
                report = ob.verify_url(ctx["url"], email)
                rc, acc, err = accolade_verify(args.accolade, ctx["url"], email)
            finally:
                server.shutdown()
                server.server_close()
        problems = []
        validator_valid = report.get("valid") and report.get("errorCount", 0) == 0
        if validator_does == "passes" or validator_does == "misses":
            if not validator_valid:
                problems.append("validator unexpectedly failed: " + "; ".join(
                    ob.fmt_msg(m, 200) for m in ob.errors_of(report)))
        elif validator_valid:
            problems.append("validator did not catch it")
        if acc is None:
            problems.append("accolade verify gave no report: " + err)
        elif check is None:
            if rc != 0 or acc["verdict"] != "valid":
                problems.append("accolade verify: verdict {} (exit {})".format(acc["verdict"], rc))
        else:
            failing = [c["name"] for c in acc["checks"] if c["outcome"] == "fail"]
            if acc.get("recipient") and acc["recipient"].get("matches") is False:
                failing.append("recipient.match")
            if rc == 0 or acc["verdict"] == "valid" and check != "recipient.match":
                problems.append("accolade verify passed it")
            if check not in failing:
                problems.append("accolade: {} did not fail (failing: {})".format(check, ", ".join(failing) or "none"))
        ok = not problems
        passed += ok
        failed += not ok
        validator_word = "valid" if validator_valid else "invalid ({} errors)".format(report.get("errorCount"))
        acc_word = "{} [{}]".format(acc["verdict"], check) if acc and check else (acc or {}).get("verdict", "?")
        print("{} {:<50} validator: {:<20} accolade: {}".format("PASS" if ok else "FAIL", name, validator_word, acc_word))
        for p in problems:
            print("     " + p)
    if ob.BLOCKED_URLS:
        print("blocked outbound URLs: " + ", ".join(sorted(set(ob.BLOCKED_URLS))))
        failed += 1
    print("tamper cases: {} passed, {} failed".format(passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
