#!/usr/bin/env python3
"""The issuing workflow end to end, judged by the 1EdTech validator:
`accolade init` a site for http://127.0.0.1:PORT/, `accolade issue` from the
grade-report fixture, build, and validate every issued award with its
recipient's email; then a second identical `issue` run must issue nothing.

Usage: VENV/bin/python tests/conformance/issue_flow.py --accolade BIN --port PORT --work DIR
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ob_validator  # noqa: E402

GRADES = os.path.join(HERE, "..", "fixtures", "grades", "grade_report.csv")
CANDIDATES = ["learner@example.org", "amara.okafor@example.net", "zoe.muller@example.com", "aoife@example.org",
              "soren.dahl@example.com", "hana.kobayashi@example.org", "nguyen.mai@example.org"]


def run(*args):
    r = subprocess.run(args, capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise SystemExit("failed: {}\n{}{}".format(" ".join(args), r.stdout, r.stderr))
    return r.stdout


def issue(accolade, site):
    out = run(accolade, "issue", "--site", site, "--badge", "first-badge", "--from-csv", GRADES,
              "--name-column", "Name", "--evidence-column", "Capstone repository",
              "--score-column", "Module 1: Floating point", "--min-score", "70%", "--format", "json")
    return json.loads(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--accolade", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    site = os.path.join(args.work, "site")
    out = os.path.join(args.work, "out")
    base = "http://127.0.0.1:{}/".format(args.port)
    run(args.accolade, "init", site, "--base-url", base, "--title", "Grade report course")
    first = issue(args.accolade, site)
    print("issue: {} issued, {} already held, {} below the pass mark, {} rejected".format(
        len(first["issued"]), len(first["already_held"]), len(first["below_threshold"]), len(first["rejected"])))
    if len(first["issued"]) != 4:
        raise SystemExit("expected 4 awards from the grade report")

    # recipients.json for the validator harness: which email each award is for.
    recipients = {}
    for name in sorted(os.listdir(os.path.join(site, "assertions"))):
        with open(os.path.join(site, "assertions", name), encoding="utf-8") as f:
            r = json.load(f)["recipient"]
        hits = [e for e in CANDIDATES
                if "sha256$" + hashlib.sha256((e + r["salt"]).encode()).hexdigest() == r["identity"]]
        if len(hits) != 1:
            raise SystemExit("{}: recipient not recognised".format(name))
        recipients[name] = hits[0]
    with open(os.path.join(site, "recipients.json"), "w", encoding="utf-8") as f:
        json.dump(recipients, f, indent=2)

    run(args.accolade, "build", site, "--output", out)
    status = ob_validator.main(["--site-dir", site, "--output-dir", out, "--port", str(args.port)])

    second = issue(args.accolade, site)
    if second["issued"]:
        raise SystemExit("the second identical run issued {} awards".format(len(second["issued"])))
    print("second identical run: 0 issued, {} already held".format(len(second["already_held"])))
    return status


if __name__ == "__main__":
    sys.exit(main())
