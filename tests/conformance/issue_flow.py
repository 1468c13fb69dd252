#!/usr/bin/env python3
"""The issuing workflow end to end, judged by the 1EdTech validator:
for each grade-report fixture (the plain one, Open edX with its profile
report, Canvas with a people file, Moodle comma- and semicolon-separated):
`accolade init` a site for http://127.0.0.1:PORT/, add a badge class with
`accolade new badge`, `accolade issue` it from each grade report,
check who got an award and under which name, build, and validate every
issued award with its recipient's email; then a second identical `issue` run
must issue nothing.

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

FIXTURES = os.path.join(HERE, "..", "fixtures", "grades")
# The sample award `accolade init` makes is for this address.
SAMPLE = "learner@example.org"
# The learners who pass in every layout's fixture, with their names as the awards must show them.
PASSING = {
    "amara.okafor@example.net": "Amara Okafor",
    "zoe.muller@example.com": "Zoë Müller",
    "lukasz.nowicki@example.org": "Łukasz Nowicki",
    "aoife@example.org": "Aoife Ní Bhriain",
    "soren.dahl@example.com": "Søren Dahl",
}
CANDIDATES = [SAMPLE, "amara.okafor@example.net", "zoe.muller@example.com", "aoife@example.org",
              "soren.dahl@example.com", "hana.kobayashi@example.org", "nguyen.mai@example.org",
              "lukasz.nowicki@example.org", "jose.alvarez@example.org"]


def fixture(name):
    return os.path.join(FIXTURES, name)


# Each flow: a name, the issue arguments, and {email: name} of the awards it must make
# (a name of None is not checked).
FLOWS = [
    ("grade-report", ["--from-csv", fixture("grade_report.csv"), "--name-column", "Name",
                      "--evidence-column", "Capstone repository",
                      "--score-column", "Module 1: Floating point", "--min-score", "70%"],
     {"amara.okafor@example.net": "Okafor, Amara", "zoe.muller@example.com": "Müller, Zoë",
      "aoife@example.org": "Aoife Ní Bhriain", "soren.dahl@example.com": "Søren Dahl"}),
    ("openedx", ["--from-csv", fixture("openedx_grade_report.csv"),
                 "--people", fixture("openedx_profiles.csv"), "--min-score", "70%"], PASSING),
    ("canvas", ["--from-csv", fixture("canvas_gradebook.csv"),
                "--people", fixture("canvas_people.csv"), "--min-score", "70%"], PASSING),
    ("moodle", ["--from-csv", fixture("moodle_grades.csv"), "--min-score", "70%"], PASSING),
    ("moodle-semicolon", ["--from-csv", fixture("moodle_grades_semicolon.csv"), "--min-score", "70%"], PASSING),
]


def run(*args):
    r = subprocess.run(args, capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise SystemExit("failed: {}\n{}{}".format(" ".join(args), r.stdout, r.stderr))
    return r.stdout


# Every flow adds its own badge class with `accolade new badge`, as a course
# adds one per module, and issues that one.
BADGE = "module-1"


def issue(accolade, site, args):
    out = run(accolade, "issue", "--site", site, "--badge", BADGE, *args, "--format", "json")
    return json.loads(out)


def flow(accolade, work, port, label, args, expected):
    """init, new badge, issue, build, validate; then the same issue again must issue nothing."""
    print("\n--- {}".format(label))
    site = os.path.join(work, label, "site")
    out = os.path.join(work, label, "out")
    base = "http://127.0.0.1:{}/".format(port)
    run(accolade, "init", site, "--base-url", base, "--title", "Grade report course")
    run(accolade, "new", "badge", BADGE, "--name", "Module 1: Floating point", "--site", site)
    run(accolade, "check", site)
    first = issue(accolade, site, args)
    if first.get("read_as"):
        print(first["read_as"]["text"])
    print("issue: {} issued, {} already held, {} below the pass mark, {} rejected".format(
        len(first["issued"]), len(first["already_held"]), len(first["below_threshold"]), len(first["rejected"])))

    # recipients.json for the validator harness: which email each award is for.
    recipients = {}
    for name in sorted(os.listdir(os.path.join(site, "assertions"))):
        with open(os.path.join(site, "assertions", name), encoding="utf-8") as f:
            doc = json.load(f)
        r = doc["recipient"]
        hits = [e for e in CANDIDATES
                if "sha256$" + hashlib.sha256((e + r["salt"]).encode()).hexdigest() == r["identity"]]
        if len(hits) != 1:
            raise SystemExit("{}: {}: recipient not recognised".format(label, name))
        email = hits[0]
        recipients[name] = email
        if email == SAMPLE:
            continue
        if email not in expected:
            raise SystemExit("{}: {} was issued an award it should not have".format(label, email))
        shown = doc.get("extensions:recipientProfile", {}).get("name")
        if expected[email] is not None and shown != expected[email]:
            raise SystemExit("{}: {}: name {!r}, expected {!r}".format(label, email, shown, expected[email]))
    missing = set(expected) - set(recipients.values())
    if missing:
        raise SystemExit("{}: no award for {}".format(label, ", ".join(sorted(missing))))
    print("names and recipients as expected: {}".format(", ".join(sorted(v for v in expected.values() if v))))
    with open(os.path.join(site, "recipients.json"), "w", encoding="utf-8") as f:
        json.dump(recipients, f, indent=2)

    run(accolade, "build", site, "--output", out)
    status = ob_validator.main(["--site-dir", site, "--output-dir", out, "--port", str(port)])

    second = issue(accolade, site, args)
    if second["issued"]:
        raise SystemExit("{}: the second identical run issued {} awards".format(label, len(second["issued"])))
    print("second identical run: 0 issued, {} already held".format(len(second["already_held"])))
    return status


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--accolade", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    failed = [label for label, issue_args, expected in FLOWS
              if flow(args.accolade, args.work, args.port, label, issue_args, expected) != 0]
    if failed:
        print("validator failures in: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
