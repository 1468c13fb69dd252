#!/usr/bin/env python3
# Vendored from the team's shared benchmark folder (../shared/bench/gen_corpus.py,
# issue 14) so that scripts/bench runs from the repository alone. Unchanged
# except for this header; keep it deterministic (the figures in README.md
# "Performance" were measured on its output).
"""Deterministic generator of an Open Badges 2.0 input corpus for benchmarking.

Usage: gen_corpus.py N OUTDIR [--seed S] [--base-url URL]

Writes:
  OUTDIR/issuer.json            Issuer profile (type Issuer), links the revocation list
  OUTDIR/issuer.svg             issuer logo
  OUTDIR/revocations.json       RevocationList (~2% of the assertions; object and bare-id forms)
  OUTDIR/badges/<slug>.json     20 BadgeClasses, Markdown criteria narratives (3-5 paragraphs)
  OUTDIR/badges/<slug>.svg      their images (generated SVG)
  OUTDIR/assertions/<uuid>.json N Assertions: hashed+salted sha256 email recipient,
                                'extensions:recipientProfile' name, 0-3 evidence items
                                (objects, some bare IRIs, a single one sometimes not in a list),
                                issuedOn, ~25% with expires, hosted verification

Same N, seed and base URL give byte-identical output (standard library only).
Badge popularity is skewed (Zipf-like), so earner lists are uneven, as in real sites.
"""
import argparse
import hashlib
import json
import os
import random
import sys
import uuid
from datetime import datetime, timedelta, timezone

CTX = "https://w3id.org/openbadges/v2"
PROFILE_CTX = "https://openbadgespec.org/extensions/recipientProfile/context.json"

BADGES = [
    ("first-pull-request", "First Pull Request", "git"),
    ("git-fundamentals", "Git Fundamentals", "git"),
    ("code-reviewer", "Code Reviewer", "review"),
    ("documentation-hero", "Documentation Hero", "docs"),
    ("accessibility-advocate", "Accessibility Advocate", "a11y"),
    ("ci-cd-practitioner", "CI/CD Practitioner", "devops"),
    ("rust-beginner", "Rust Beginner", "rust"),
    ("python-data-wrangler", "Python Data Wrangler", "python"),
    ("security-champion", "Security Champion", "security"),
    ("mentor", "Mentor", "community"),
    ("conference-speaker", "Conference Speaker", "community"),
    ("bug-hunter", "Bug Hunter", "testing"),
    ("test-author", "Test Author", "testing"),
    ("release-manager", "Release Manager", "devops"),
    ("community-moderator", "Community Moderator", "community"),
    ("translation-contributor", "Translation Contributor", "i18n"),
    ("design-systems", "Design Systems & UI", "design"),
    ("open-data-steward", "Open Data Steward", "data"),
    ("workshop-facilitator", "Workshop Facilitator", "community"),
    ("maintainer", "Maintainer", "git"),
]

FIRST = """Ada Alan Grace Linus Margaret Dennis Barbara Ken Frances Edsger Radia Tim Hedy Donald
Anita Guido Yukihiro Bjarne Sophie Katherine Dorothy John Mary Evelyn Niklaus Leslie Shafi Fei-Fei
José María Zoë Chloé Łukasz Søren Björn Ingrid Aoife Siobhán Renée François Ångström Nguyễn Mei
Hiroshi Yuki Priya Arjun Oluwaseun Chinedu Amara Kwame Fatima Omar Leila Tariq Sven Astrid Mateo
Valentina Camila Diego Lucía Andrés Thandiwe Sipho Kofi Ama Ngozi Emeka Ayşe Mehmet Elif Dmitri
Olga Anastasia Ivan Katarzyna Piotr Zsófia Bence Jana Tomáš Eleni Nikos Sanne Daan Hana Jiří
Wei Li Xiu Jun Min-jun Seo-yeon Ji-woo Anh Linh Rahul Ananya Kiri Aroha Tama Moana""".split()
LAST = """Lovelace Turing Hopper Torvalds Hamilton Ritchie Liskov Thompson Allen Dijkstra Perlman
Berners-Lee Lamarr Knuth Borg van_Rossum Matsumoto Stroustrup Wilson Johnson Vaughan Backus Keller
Clarke Wirth Lamport Goldwasser Li García Fernández O'Brien O'Connor Müller Schmidt Kowalski
Nowak Kierkegaard Andersson Nakamura Tanaka Suzuki Sato Patel Sharma Iyer Okafor Adeyemi Mensah
Boateng Haddad Khalil Nasser Lindqvist Eriksson Rossi Bianchi Silva Santos Pereira Costa Dlamini
Nkosi Yılmaz Demir Ivanov Petrova Nagy Novák Dvořák Papadopoulos de_Vries Jansen Kim Park Choi
Nguyen Tran Wang Zhang Chen Liu Horvat Kovačić Ngata Walker Smith-Jones""".split()

ADJ = ["clear", "thorough", "well-tested", "carefully documented", "accessible", "reproducible",
       "incremental", "idiomatic", "robust", "maintainable", "concise", "peer-reviewed"]
NOUN = ["pull request", "patch series", "tutorial", "test suite", "workflow", "migration guide",
        "design proposal", "bug report", "benchmark", "release checklist", "translation", "talk"]
VERB = ["submitted", "reviewed", "wrote", "refactored", "documented", "presented", "triaged",
        "automated", "shipped", "audited", "mentored others through", "led"]
PROJECTS = ["libfoo", "quarkdown", "tinyhttp", "openmap", "datakit", "ferrous-ui", "pytally",
            "gitcraft", "a11y-lint", "shipyard", "translit", "benchy", "docsmith", "keyring-rs"]
GENRES = ["Pull request", "Code review", "Documentation", "Presentation", "Workshop", "Issue",
          "Blog post", "Recording"]
TAGS = ["open-source", "beginner", "intermediate", "advanced", "collaboration", "quality",
        "community", "tooling", "writing", "teaching"]
FRAMEWORKS = [("ESCO", "http://data.europa.eu/esco/skill/"),
              ("SFIA 8", "https://sfia-online.org/en/sfia-8/skills/"),
              ("ACM CC2020", "https://www.acm.org/education/curricula/")]
REVOKE_REASONS = ["Awarded in error", "Evidence could not be verified",
                  "Duplicate award", "Requested by the recipient",
                  "Violation of the code of conduct"]
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf", "#0b3d91", "#c2185b", "#00796b", "#5d4037"]


def art(word):
    return ("an " if word[0] in "aeiou" else "a ") + word


def sentence(rng):
    return (f"{rng.choice(['The candidate', 'They', 'The learner', 'The earner'])} "
            f"{rng.choice(VERB)} {art(rng.choice(ADJ))} {rng.choice(NOUN)} for "
            f"*{rng.choice(PROJECTS)}*.")


def criteria_markdown(rng, name, topic):
    paras = []
    paras.append(
        f"The **{name}** badge recognises contributors who have shown sustained, "
        f"practical skill in *{topic}* work on real open-source projects. It is awarded "
        f"after review by at least two maintainers of the Academy, and only for work "
        f"that is publicly visible and can be linked as evidence.")
    reqs = rng.sample([
        "Open at least one pull request that is merged without major rework.",
        "Respond to review comments within a reasonable time and in a constructive tone.",
        "Write or update documentation that accompanies the change.",
        "Add automated tests that cover the new or changed behaviour.",
        "Follow the project's `CONTRIBUTING.md` and code of conduct.",
        "Explain the change in a short write-up (about 300 words) for newcomers.",
        "Pair with another learner for at least one session.",
        "Run the project's checks locally, e.g. `make test` or `cargo test`.",
        "Keep commits small and messages descriptive.",
        "Present the work at a community call or meetup.",
    ], rng.randint(3, 6))
    paras.append("To earn it, a candidate must:\n\n" + "\n".join(f"- {r}" for r in reqs))
    for _ in range(rng.randint(1, 3)):
        paras.append(" ".join(sentence(rng) for _ in range(rng.randint(2, 4))) +
                     " Reviewers look for " + rng.choice(ADJ) + " work rather than volume.")
    paras.append(
        f"See the [assessment rubric](https://example.github.io/badges/rubrics/"
        f"{topic}.html) and the [FAQ](https://example.github.io/badges/faq.html) for "
        f"details. Questions? Open an issue with the label `badge:{topic}`.")
    return "\n\n".join(paras)


def badge_svg(rng, idx, name):
    color = PALETTE[idx % len(PALETTE)]
    accent = PALETTE[(idx * 5 + 3) % len(PALETTE)]
    initials = "".join(w[0] for w in name.replace("/", " ").replace("&", " ").split()[:3]).upper()
    n = 6 + idx % 3
    import math
    pts = " ".join(
        f"{100 + 88 * math.cos(2 * math.pi * k / n - math.pi / 2):.2f},"
        f"{100 + 88 * math.sin(2 * math.pi * k / n - math.pi / 2):.2f}" for k in range(n))
    stars = "".join(
        f'<circle cx="{rng.randint(40, 160)}" cy="{rng.randint(40, 160)}" r="{rng.randint(2, 5)}" '
        f'fill="#fff" fill-opacity="0.{rng.randint(3, 8)}"/>' for _ in range(12))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200" '
        f'role="img" aria-label="{name.replace("&", "&amp;")} badge">\n'
        f'<defs><linearGradient id="g{idx}" x1="0" y1="0" x2="1" y2="1">'
        f'<stop offset="0" stop-color="{color}"/><stop offset="1" stop-color="{accent}"/>'
        f'</linearGradient></defs>\n'
        f'<polygon points="{pts}" fill="url(#g{idx})" stroke="#222" stroke-width="4"/>\n'
        f'<circle cx="100" cy="100" r="58" fill="none" stroke="#fff" stroke-width="3" '
        f'stroke-dasharray="6 4"/>\n{stars}\n'
        f'<text x="100" y="116" font-family="Helvetica, Arial, sans-serif" font-size="44" '
        f'font-weight="bold" text-anchor="middle" fill="#fff">{initials}</text>\n'
        f'<text x="100" y="160" font-family="Helvetica, Arial, sans-serif" font-size="11" '
        f'text-anchor="middle" fill="#fff">EXAMPLE ACADEMY</text>\n</svg>\n')


def evidence_item(rng, name):
    proj = rng.choice(PROJECTS)
    kind = rng.random()
    if kind < 0.6:
        url = f"https://github.com/example-org/{proj}/pull/{rng.randint(1, 4000)}"
    elif kind < 0.8:
        url = f"https://github.com/example-org/{proj}/issues/{rng.randint(1, 4000)}"
    else:
        url = f"https://blog.example.org/{proj}/{rng.randint(2019, 2025)}/{rng.randint(1, 999)}"
    narr = sentence(rng).replace("The candidate", name.split()[0]).replace("The learner", name.split()[0])
    if rng.random() < 0.5:
        narr += f" Reviewed by **{rng.choice(FIRST)} {rng.choice(LAST).replace('_', ' ')}**."
    if rng.random() < 0.3:
        narr += f" Follow-up in [#{rng.randint(1, 999)}]({url}#discussion)."
    if rng.random() < 0.3:
        narr += "\n\n- " + "\n- ".join(rng.sample(
            ["added tests", "updated `README.md`", "fixed CI", "benchmarked the change",
             "wrote a changelog entry", "handled edge cases"], 2))
    ev = {"id": url}
    if rng.random() < 0.8:
        ev["name"] = f"{rng.choice(NOUN).capitalize()} in {proj}"
    ev["narrative"] = narr
    if rng.random() < 0.5:
        ev["genre"] = rng.choice(GENRES)
    if rng.random() < 0.2:
        ev["description"] = f"Public {rng.choice(NOUN)} on {proj}."
    return ev


def zipf_weights(n, s=0.8):
    return [1.0 / (i + 1) ** s for i in range(n)]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--base-url", default="https://example.github.io/badges/")
    a = ap.parse_args(argv)
    base = a.base_url if a.base_url.endswith("/") else a.base_url + "/"
    rng = random.Random(a.seed)
    out = a.outdir
    os.makedirs(os.path.join(out, "badges"), exist_ok=True)
    os.makedirs(os.path.join(out, "assertions"), exist_ok=True)

    def dump(rel, obj):
        with open(os.path.join(out, rel), "w", encoding="utf-8", newline="\n") as f:
            json.dump(obj, f, indent=2, ensure_ascii=False)
            f.write("\n")

    issuer_id = base + "issuer.json"
    dump("issuer.json", {
        "@context": CTX,
        "type": "Issuer",
        "id": issuer_id,
        "name": "Example Open Source Academy",
        "url": base,
        "email": "badges@example.org",
        "description": "A volunteer-run academy that mentors newcomers into open-source "
                       "contribution and recognises their work with Open Badges.",
        "image": base + "issuer.svg",
        "revocationList": base + "revocations.json",
    })
    with open(os.path.join(out, "issuer.svg"), "w", encoding="utf-8", newline="\n") as f:
        f.write(badge_svg(random.Random(a.seed + 1), 99, "Example Open Source Academy"))

    badge_ids = []
    for i, (slug, name, topic) in enumerate(BADGES):
        bid = base + f"badges/{slug}.json"
        badge_ids.append(bid)
        bc = {
            "@context": CTX,
            "type": "BadgeClass",
            "id": bid,
            "name": name,
            "description": f"Awarded for demonstrated {topic} skills: "
                           f"{rng.choice(ADJ)} {rng.choice(NOUN)}s and {rng.choice(ADJ)} "
                           f"collaboration in public projects.",
            "image": base + f"badges/{slug}.svg",
            "criteria": {"id": base + f"badges/{slug}.html#criteria",
                         "narrative": criteria_markdown(rng, name, topic)},
            "issuer": issuer_id,
            "tags": sorted(rng.sample(TAGS, rng.randint(1, 4))) + [topic],
        }
        if rng.random() < 0.7:
            fw, url = rng.choice(FRAMEWORKS)
            bc["alignment"] = [{
                "targetName": f"{topic} practice",
                "targetUrl": f"{url}{topic}-{rng.randint(100, 999)}",
                "targetFramework": fw,
                "targetDescription": f"Applies {topic} practices in a team setting.",
            }]
        dump(f"badges/{slug}.json", bc)
        with open(os.path.join(out, "badges", f"{slug}.svg"), "w", encoding="utf-8",
                  newline="\n") as f:
            f.write(badge_svg(rng, i, name))

    weights = zipf_weights(len(BADGES))
    t0 = datetime(2019, 1, 1, tzinfo=timezone.utc)
    span = int((datetime(2025, 6, 30, tzinfo=timezone.utc) - t0).total_seconds())
    revoked = []
    for k in range(a.n):
        aid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        bidx = rng.choices(range(len(BADGES)), weights)[0]
        first = rng.choice(FIRST)
        last = rng.choice(LAST).replace("_", " ")
        name = f"{first} {last}"
        email = (f"{first}.{last}".lower().replace(" ", "").replace("'", "")
                 .encode("ascii", "ignore").decode() + f"{k}@example.org")
        salt = "%032x" % rng.getrandbits(128)
        identity = "sha256$" + hashlib.sha256((email + salt).encode()).hexdigest()
        issued = t0 + timedelta(seconds=rng.randrange(span))
        if rng.random() < 0.9:
            issued_s = issued.strftime("%Y-%m-%dT%H:%M:%SZ")
        else:  # some issuers write an offset instead of Z
            tz = timezone(timedelta(hours=rng.choice([-5, 1, 2, 9])))
            issued_s = issued.astimezone(tz).isoformat()
        asr = {
            "@context": CTX,
            "type": "Assertion",
            "id": base + f"assertions/{aid}.json",
            "recipient": {"type": "email", "hashed": True, "salt": salt, "identity": identity},
            "extensions:recipientProfile": {
                "@context": PROFILE_CTX,
                "type": ["Extension", "extensions:RecipientProfile"],
                "name": name,
            },
            "badge": badge_ids[bidx],
            "verification": {"type": "hosted"},
            "issuedOn": issued_s,
        }
        if rng.random() < 0.25:
            exp = issued + timedelta(days=365 * rng.randint(1, 3))
            asr["expires"] = exp.strftime("%Y-%m-%dT%H:%M:%SZ")
        nev = rng.choices([0, 1, 2, 3], [0.2, 0.45, 0.25, 0.1])[0]
        if nev:
            ev = [evidence_item(rng, name) for _ in range(nev)]
            # OB 2.0 also allows an evidence entry to be a bare IRI
            ev = [e["id"] if rng.random() < 0.1 else e for e in ev]
            asr["evidence"] = ev[0] if nev == 1 and rng.random() < 0.3 else ev
        if rng.random() < 0.3:
            asr["narrative"] = (f"{first} completed the *{BADGES[bidx][1]}* track. "
                                + sentence(rng))
        dump(f"assertions/{aid}.json", asr)
        if rng.random() < 0.02:
            if rng.random() < 0.8:
                revoked.append({"id": asr["id"], "revocationReason": rng.choice(REVOKE_REASONS)})
            else:
                revoked.append(asr["id"])

    dump("revocations.json", {
        "@context": CTX,
        "id": base + "revocations.json",
        "type": "RevocationList",
        "issuer": issuer_id,
        "revokedAssertions": revoked,
    })
    print(f"wrote {a.n} assertions, {len(BADGES)} badge classes, {len(revoked)} revoked -> {out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
