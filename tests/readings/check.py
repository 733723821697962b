#!/usr/bin/env python3
"""Hold `aftercare when --format json` to the reviewed readings (docs/readings.md).

    check.py AFTERCARE [READINGS.md] [READINGS.tsv]

- tests/readings.tsv is what tests/readings/extract.py makes of docs/readings.md (no drift);
- every activity of `aftercare activities` has its typical rows, under both policies;
- each row's clear time is the engine's, for the typical profile and each variant;
- the variants the engine reports for a typical answer are exactly those the table names;
- the verdict just before a numeric clear time restricts, and at it is fine (the headline and
  its time agree); an open row never clears (checked a year on).
Exit 0 when all hold; 1 with one line per failure.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
exe = sys.argv[1]
md = sys.argv[2] if len(sys.argv) > 2 else "docs/readings.md"
tsv = sys.argv[3] if len(sys.argv) > 3 else "tests/readings.tsv"
TREATED = "2026-11-20 10:00"
failures = []
passed = 0


def fail(msg):
    failures.append(msg)
    print("FAIL " + msg)


def when(act, policy, depth, skin, minutes):
    args = [exe, "when", act, "--treated", TREATED, "--after", "%dm" % minutes,
            "--format", "json", "--policy", policy]
    if depth != "-":
        args += ["--depth", depth]
    if skin != "-":
        args += ["--skin", skin]
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(args[1:]), r.returncode, r.stderr))
    return json.loads(r.stdout)


fresh = subprocess.run([sys.executable, os.path.join(HERE, "extract.py"), md],
                       capture_output=True, text=True)
if fresh.returncode != 0 or fresh.stdout != open(tsv, encoding="utf-8").read():
    fail("%s is not what extract.py makes of %s (run: tests/readings/extract.py > %s) %s"
         % (tsv, md, tsv, fresh.stderr.strip()))

rows = [l.rstrip("\n").split("\t") for l in open(tsv, encoding="utf-8")
        if l.strip() and not l.startswith("#") and not l.startswith("activity\t")]
acts = json.loads(subprocess.run([exe, "activities", "--format", "json"],
                                 capture_output=True, text=True, check=True).stdout)
for a in acts:
    for pol in ("conservative", "lenient"):
        if not any(r[0] == a["id"] and r[1] == pol and r[2] == r[3] == "-" for r in rows):
            fail("%s: no %s row in %s" % (a["id"], pol, md))

for act, pol, depth, skin, want in rows:
    d = when(act, pol, depth, skin, 0)
    got = d["clear_after_hours"]
    want_v = None if want == "open" else float(want)
    if (got is None) != (want_v is None) or (got is not None and abs(got - want_v) > 1e-9):
        fail("%s %s depth=%s skin=%s: clear_after_hours %s, the reading says %s"
             % (act, pol, depth, skin, got, want))
        continue
    passed += 1
    if depth == skin == "-":
        named = sorted((r[2] if r[2] != "-" else r[3], r[4]) for r in rows
                       if r[0] == act and r[1] == pol and (r[2] != "-" or r[3] != "-"))
        reported = sorted(((v["depth"] or v["skin"]),
                           "open" if v["clear_after_hours"] is None else "%g" % v["clear_after_hours"])
                          for v in d["variants"])
        if named != reported:
            fail("%s %s: variants %s, the reading names %s" % (act, pol, reported, named))
    if want_v is None:
        late = when(act, pol, depth, skin, 365 * 24 * 60)
        if late["verdict"] in ("ok", "recommend"):
            fail("%s %s: open, but fine a year on" % (act, pol))
        continue
    minutes = round(want_v * 60)
    at = when(act, pol, depth, skin, minutes)
    if at["verdict"] not in ("ok", "recommend"):
        fail("%s %s depth=%s skin=%s: %s at its clear time" % (act, pol, depth, skin, at["verdict"]))
    if minutes > 0:
        before = when(act, pol, depth, skin, minutes - 1)
        if before["verdict"] in ("ok", "recommend"):
            fail("%s %s depth=%s skin=%s: already %s a minute before its clear time"
                 % (act, pol, depth, skin, before["verdict"]))

print("readings: %d rows agree, %d failures" % (passed, len(failures)))
sys.exit(1 if failures else 0)
