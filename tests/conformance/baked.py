#!/usr/bin/env python3
"""Baked badges of a built site, checked with tools we did not write:
openbadges-bakery must unbake every baked PNG and SVG to the award's hosted
assertion (for SVG, bakery 1.2.4 may return the `verify` URL instead), and the
1EdTech validator must accept every baked PNG as input (valid, recipient
confirmed; the expired award only for its expiry).

Usage: VENV/bin/python tests/conformance/baked.py --site-dir example-site --output-dir OUT --port PORT
"""
import argparse
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ob_validator as ob  # noqa: E402  (applies the offline workarounds)
import openbadges  # noqa: E402
import openbadges_bakery  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site-dir", required=True)
    ap.add_argument("--output-dir", required=True)
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    ob.logging.getLogger("openbadges.verifier").setLevel(ob.logging.CRITICAL)
    base_url, recipients, revoked = ob.load_site(os.path.abspath(args.site_dir))
    local = "http://127.0.0.1:{}/".format(args.port)
    now = datetime.datetime.now(datetime.timezone.utc)
    passed = failed = 0
    server = ob.start_server(args.output_dir, args.port)
    try:
        for rel, email in sorted(recipients.items()):
            with open(os.path.join(args.site_dir, "assertions", rel), encoding="utf-8") as f:
                src = json.load(f)
            hosted_url = src["id"].replace(base_url, local, 1)
            path = hosted_url[len(local):]
            page = os.path.join(args.output_dir, path[:-len(".json")])
            if src["id"] in revoked:
                ok = not os.path.exists(os.path.join(page, "badge.png"))
                print("{} revoked    {}: no baked image offered".format("PASS" if ok else "FAIL", rel))
                passed += ok
                failed += not ok
                continue
            with open(os.path.join(args.output_dir, path), encoding="utf-8") as f:
                hosted = json.load(f)
            problems = []
            for kind in ("png", "svg"):
                with open(os.path.join(page, "badge." + kind), "rb") as image:
                    got = openbadges_bakery.unbake(image)
                if isinstance(got, bytes):
                    got = got.decode("utf-8")
                try:
                    same = json.loads(got) == hosted
                except ValueError:
                    same = kind == "svg" and got == hosted_url
                if not same:
                    problems.append("{} unbakes to {!r}".format(kind, got[:120]))
            with open(os.path.join(page, "badge.png"), "rb") as image:
                report = openbadges.verify(image, recipient_profile={"email": [email]})["report"]
            errors = ob.errors_of(report)
            expired = "expires" in src and ob.parse_datetime(src["expires"]) < now
            if expired:
                if not errors or not all(ob.is_expiry_message(m) for m in errors):
                    problems.append("expired award: expected only the expiry error")
            elif not report.get("valid") or errors or report.get("recipientProfile") != {"email": email}:
                problems.append("validator on the baked PNG: " + "; ".join(ob.fmt_msg(m, 200) for m in errors))
            ok = not problems
            passed += ok
            failed += not ok
            print("{} {:<10} {}{}".format("PASS" if ok else "FAIL", "expired" if expired else "baked", rel,
                                          "" if ok else ": " + " | ".join(problems)))
    finally:
        server.shutdown()
        server.server_close()
    if ob.BLOCKED_URLS:
        print("blocked outbound URLs: " + ", ".join(sorted(set(ob.BLOCKED_URLS))))
        failed += 1
    print("baked images: {} passed, {} failed".format(passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
