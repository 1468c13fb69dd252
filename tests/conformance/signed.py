#!/usr/bin/env python3
"""Open Badges 2.0 signed badges: the 1EdTech validator and `accolade verify` agree.

    VENV/bin/python tests/conformance/signed.py --accolade target/debug/accolade \
        --work DIR [--port 18982] [--jose-port 18980]

Serves, on http://127.0.0.1:PORT/, an issuer whose profile lists key.json
(tests/fixtures/ob2-signed/issuer-public.pem) and names a revocation list,
that key, an unlisted key of the same issuer, a badge class and its image;
signs assertions here with python-jose (the validator's own JOSE library),
and gives each JWS to both `openbadges.verify` and `accolade verify`:

  valid                              -> validator valid; accolade valid
  payload tampered, signature kept   -> validator invalid; accolade invalid
  signed by another key              -> validator invalid; accolade invalid
  key not listed by the issuer       -> validator invalid; accolade invalid
  listed in the revocation list      -> validator invalid; accolade revoked

and the same for tests/fixtures/ob2-signed/jose.jws (made by node's jose),
served on JOSE-PORT (the port its assertion names): both valid.

The revocation list has two entries: with one, the validator never revokes
(CONFORMANCE.md). Prints one PASS/FAIL line per case; exit status 1 if any failed.
"""

import argparse
import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys

import ob_validator  # installs the offline transport (loopback + v2 context only)
from jose import jws  # python-jose, pinned by the validator

import openbadges  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "ob2-signed")
EMAIL = "ada.lovelace@example.org"
SALT = "signed-salt-1"
REVOKED_ID = "urn:uuid:0d5e2a8c-1b7f-4c3e-9a2d-5e6f7a8b9c0d"
CTX = "https://w3id.org/openbadges/v2"


def fixture(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        return f.read()


def write_issuer(directory, base, pem):
    """The issuer's objects, as tests/suite/ob2_signed.rs serves them."""
    os.makedirs(directory, exist_ok=True)
    issuer = base + "issuer.json"

    def write(name, value):
        with open(os.path.join(directory, name), "w", encoding="utf-8") as f:
            json.dump(value, f, indent=2)

    write("issuer.json", {"@context": CTX, "type": "Profile", "id": issuer, "name": "Signing Academy",
                          "url": base, "email": "badges@example.org", "publicKey": [base + "key.json"],
                          "revocationList": base + "revocations.json"})
    for key in ("key.json", "unlisted-key.json"):
        write(key, {"@context": CTX, "type": "CryptographicKey", "id": base + key, "owner": issuer,
                    "publicKeyPem": pem})
    write("badge.json", {"@context": CTX, "type": "BadgeClass", "id": base + "badge.json",
                         "name": "Signed Basics", "description": "Signs and verifies.",
                         "image": base + "image.png", "criteria": {"narrative": "Signed a badge."},
                         "issuer": issuer})
    write("revocations.json", {"@context": CTX, "type": "RevocationList", "id": base + "revocations.json",
                               "issuer": issuer, "revokedAssertions": [
                                   {"id": REVOKED_ID, "revocationReason": "Issued in error"},
                                   "urn:uuid:00000000-0000-4000-8000-000000000000"]})
    shutil.copy(os.path.join(ROOT, "tests", "fixtures", "pixel.png"), os.path.join(directory, "image.png"))


def assertion(base, assertion_id, key):
    identity = "sha256$" + hashlib.sha256((EMAIL + SALT).encode()).hexdigest()
    return {"@context": CTX, "type": "Assertion", "id": assertion_id,
            "recipient": {"type": "email", "hashed": True, "salt": SALT, "identity": identity},
            "badge": base + "badge.json",
            "verification": {"type": "SignedBadge", "creator": base + key},
            "issuedOn": "2026-01-15T09:30:00Z"}


def sign(payload, private_pem):
    return jws.sign(payload, private_pem, algorithm="RS256")


def with_payload(token, payload):
    header, _, signature = token.split(".")
    body = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    return "{}.{}.{}".format(header, body, signature)


def validator(token, email):
    report = openbadges.verify(token, recipient_profile={"email": [email]})["report"]
    errors = [m for m in report.get("messages", []) if m.get("messageLevel") == "ERROR"]
    return report.get("valid"), [str(m.get("result")) for m in errors]


def accolade(binary, token, email):
    run = subprocess.run([binary, "verify", token, "--recipient", email, "--format", "json"],
                         capture_output=True, text=True)
    try:
        return json.loads(run.stdout)["verdict"], run.returncode
    except (ValueError, KeyError):
        return "no report: " + run.stderr.strip(), run.returncode


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--accolade", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--port", type=int, default=18982)
    ap.add_argument("--jose-port", type=int, default=18980)
    args = ap.parse_args()

    base = "http://127.0.0.1:{}/".format(args.port)
    jose_base = "http://127.0.0.1:{}/".format(args.jose_port)
    shutil.rmtree(args.work, ignore_errors=True)
    write_issuer(os.path.join(args.work, "issuer"), base, fixture("issuer-public.pem"))
    write_issuer(os.path.join(args.work, "jose"), jose_base, fixture("jose-public.pem"))
    ob_validator.start_server(os.path.join(args.work, "issuer"), args.port)
    ob_validator.start_server(os.path.join(args.work, "jose"), args.jose_port)

    key = fixture("issuer-private.pem")
    good_id = "urn:uuid:4f0a7c1e-8d2b-4e6f-9a3c-1b2d3e4f5a6b"
    good = sign(assertion(base, good_id, "key.json"), key)
    tampered = assertion(base, good_id, "key.json")
    tampered["recipient"]["identity"] = "sha256$" + hashlib.sha256(("mallory@example.org" + SALT).encode()).hexdigest()
    cases = [
        ("valid", good, EMAIL, True, "valid"),
        ("payload tampered, signature kept", with_payload(good, tampered), EMAIL, False, "invalid"),
        ("signed by another key", sign(assertion(base, good_id, "key.json"), fixture("other-private.pem")),
         EMAIL, False, "invalid"),
        ("key not listed by the issuer", sign(assertion(base, good_id, "unlisted-key.json"), key),
         EMAIL, False, "invalid"),
        ("listed in the revocation list", sign(assertion(base, REVOKED_ID, "key.json"), key),
         EMAIL, False, "revoked"),
        ("made by node's jose", fixture("jose.jws").strip(), "grace.hopper@example.org", True, "valid"),
    ]
    failed = 0
    for name, token, email, want_valid, want_verdict in cases:
        valid, errors = validator(token, email)
        verdict, code = accolade(args.accolade, token, email)
        ok = valid == want_valid and verdict == want_verdict and (code == 0) == (want_verdict == "valid")
        failed += not ok
        print("{} {}: validator valid={} {}; accolade {}".format(
            "PASS" if ok else "FAIL", name, valid, "; ".join(errors)[:200], verdict))
    if ob_validator.BLOCKED_URLS:
        print("FAIL the validator asked for URLs outside loopback: {}".format(ob_validator.BLOCKED_URLS))
        failed += 1
    print("{} passed, {} failed".format(len(cases) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
