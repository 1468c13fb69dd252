#!/usr/bin/env python3
"""Baked badges of a built site, checked with tools we did not write:
openbadges-bakery must unbake every baked PNG and SVG to the award's hosted
assertion (for SVG, bakery 1.2.4 may return the `verify` URL instead), and the
1EdTech validator must accept every baked PNG as input (valid, recipient
confirmed; the expired award only for its expiry).

Where the images are: `<page>/badge.png|svg` beside each award page (a site
built with `[per_award_files] baked_images = true`), or with --images-dir
DIR, `DIR/<rel>.png|svg` where `<rel>` is the hosted assertion's path without
`.json` (`assertions/v6g8hnksso`): what the browser tests download from the
award pages' buttons. --bake-with ACCOLADE first fills DIR with
`accolade bake` of the image each award page's buttons start from. A missing
image fails.

Usage: VENV/bin/python tests/conformance/baked.py --site-dir example-site --output-dir OUT --port PORT
           [--images-dir DIR [--bake-with target/debug/accolade]]
"""
import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ob_validator as ob  # noqa: E402  (applies the offline workarounds)
import openbadges  # noqa: E402
import openbadges_bakery  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site-dir", required=True)
    ap.add_argument("--output-dir", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--images-dir")
    ap.add_argument("--bake-with")
    args = ap.parse_args()
    if args.bake_with and not args.images_dir:
        ap.error("--bake-with needs --images-dir")
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

            def image_of(kind):
                if args.images_dir:
                    return os.path.join(args.images_dir, path[:-len(".json")] + "." + kind)
                return os.path.join(page, "badge." + kind)

            if src["id"] in revoked:
                ok = not os.path.exists(image_of("png")) and not os.path.exists(image_of("svg"))
                with open(os.path.join(page, "index.html"), encoding="utf-8") as f:
                    ok = ok and "data-bake=" not in f.read()
                print("{} revoked    {}: no baked image offered".format("PASS" if ok else "FAIL", rel))
                passed += ok
                failed += not ok
                continue
            with open(os.path.join(args.output_dir, path), encoding="utf-8") as f:
                hosted = json.load(f)
            problems = []
            if args.bake_with:
                problems += bake_with_cli(args.bake_with, args.output_dir, page, path, image_of)
            missing = [image_of(kind) for kind in ("png", "svg") if not os.path.exists(image_of(kind))]
            if missing:
                failed += 1
                print("FAIL missing     {}: {}".format(rel, ", ".join(missing + problems)))
                continue
            for kind in ("png", "svg"):
                with open(image_of(kind), "rb") as image:
                    got = openbadges_bakery.unbake(image)
                if isinstance(got, bytes):
                    got = got.decode("utf-8")
                try:
                    same = json.loads(got) == hosted
                except ValueError:
                    same = kind == "svg" and got == hosted_url
                if not same:
                    problems.append("{} unbakes to {!r}".format(kind, got[:120]))
            with open(image_of("png"), "rb") as image:
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


def bake_with_cli(accolade, output_dir, page, path, image_of):
    """Bakes the award at `path` with `accolade bake`, from the images its
    page's download buttons start from. Returns problems."""
    with open(os.path.join(page, "index.html"), encoding="utf-8") as f:
        html = f.read()
    problems = []
    for kind in ("png", "svg"):
        m = re.search(r'data-bake="{}" data-src="([^"]+)"'.format(kind), html)
        if not m:
            problems.append("the page has no {} download button".format(kind))
            continue
        src = os.path.normpath(os.path.join(page, urllib.parse.unquote(m.group(1))))
        out = image_of(kind)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        run = subprocess.run([accolade, "bake", src, os.path.join(output_dir, path), "-o", out],
                             capture_output=True, text=True)
        if run.returncode != 0:
            problems.append("accolade bake {}: {}".format(kind, run.stderr.strip()))
    return problems


if __name__ == "__main__":
    sys.exit(main())
