#!/usr/bin/env python3
"""Bakes fixture images for the browser tests with openbadges-bakery (a
baker we did not write): a PNG and an SVG carrying one hosted assertion of
the built example site.

Usage: VENV/bin/python tests/browser/make_baked.py OUT_DIR BUILT_SITE ASSERTION_REL
  ASSERTION_REL: the assertion's path in BUILT_SITE, e.g. assertions/yiqye14j2q.json
Needs rsvg-convert to make the PNG from the badge's SVG image.
"""
import json
import os
import subprocess
import sys

import openbadges_bakery


def main(out_dir, site, rel):
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(site, rel), encoding="utf-8") as f:
        assertion = json.load(f)
    text = json.dumps(assertion)
    badge_rel = assertion["badge"].split("/badges/", 1)[1].replace(".json", ".svg")
    svg = os.path.join(site, "badges", badge_rel)
    png = os.path.join(out_dir, "plain.png")
    subprocess.run(["rsvg-convert", "--width=256", svg, "-o", png], check=True)
    for src, dest in ((png, "baked.png"), (svg, "baked.svg")):
        with open(src, "rb") as image, open(os.path.join(out_dir, dest), "wb") as out:
            openbadges_bakery.bake(image, text, out)
        with open(os.path.join(out_dir, dest), "rb") as check:
            got = openbadges_bakery.unbake(check)
        if isinstance(got, bytes):
            got = got.decode("utf-8")
        if got not in (text, assertion["id"]):
            raise SystemExit("bakery round trip failed for " + dest)
    print("baked {} into {}".format(assertion["id"], out_dir))


if __name__ == "__main__":
    main(*sys.argv[1:4])
