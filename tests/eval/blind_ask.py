#!/usr/bin/env python3
"""Score `aftercare ask` on a blind question set (docs/ask.md, "Blind sets").

    blind_ask.py AFTERCARE QUESTIONS.tsv MIN_PERCENT [-v]

Each row: question, asked_at (local time; the treatment is 2026-11-20 10:00 Europe/London),
kind, activity ("a+b" for two; "-" none), moment (the time the question means, "-" none),
verdict (yes/no/-), note. A row is right when the kind, the activity (or both activities),
the moment (for can, ambiguous and avoid-list) and the verdict (for can) match.
Exit 1 below MIN_PERCENT.
"""
import csv
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta

exe, path, minimum = sys.argv[1], sys.argv[2], float(sys.argv[3])
verbose = "-v" in sys.argv
TREATED = datetime(2026, 11, 20, 10, 0)
env = dict(os.environ, TZ="Europe/London")
right = total = 0
per_kind = {}
for row in csv.DictReader(open(path, encoding="utf-8"), delimiter="\t"):
    kind = row["kind"]
    total += 1
    per_kind.setdefault(kind, [0, 0])[1] += 1
    r = subprocess.run([exe, "ask", row["question"], "--treated", "2026-11-20 10:00",
                        "--at", row["asked_at"], "--format", "json"],
                       capture_output=True, text=True, env=env)
    if r.returncode != 0:
        print("ERROR %r: %s" % (row["question"], r.stderr.strip()))
        continue
    d = json.loads(r.stdout)
    wrong = []
    if d["kind"] != kind:
        wrong.append("kind %s" % d["kind"])
    if row["activity"] != "-":
        want = set(row["activity"].split("+"))
        got = {d["activity"]} | {x["activity"] for x in d.get("also") or []}
        if not (want <= got if len(want) > 1 else d["activity"] in want):
            wrong.append("activity %s" % sorted(x for x in got if x))
    if row["moment"] != "-" and kind in ("can", "ambiguous", "avoid-list"):
        want_m = datetime.strptime(row["moment"], "%Y-%m-%d %H:%M")
        got_m = (TREATED + timedelta(hours=d["elapsed_hours"])
                 if d.get("elapsed_hours") is not None else None)
        if got_m is None or abs((got_m - want_m).total_seconds()) > 60:
            wrong.append("moment %s" % got_m)
    if row["verdict"] in ("yes", "no") and d["kind"] == "can":
        now = "yes" if d.get("verdict") in ("ok", "recommend") else "no"
        if now != row["verdict"]:
            wrong.append("verdict %s" % now)
    if wrong:
        if verbose:
            print("WRONG %r (asked %s): want %s %s %s %s; got %s" % (
                row["question"], row["asked_at"], kind, row["activity"], row["moment"],
                row["verdict"], "; ".join(wrong)))
        continue
    right += 1
    per_kind[kind][0] += 1
pct = 100.0 * right / total if total else 0.0
print("%s: %d/%d right (%.1f%%, minimum %.1f%%): %s" % (
    path, right, total, pct, minimum,
    ", ".join("%s %d/%d" % (k, v[0], v[1]) for k, v in sorted(per_kind.items()))))
sys.exit(0 if pct >= minimum else 1)
