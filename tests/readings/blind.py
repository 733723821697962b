#!/usr/bin/env python3
"""Score `aftercare when` on cases written blind from the guide (docs/semantics.md, Measured).

    blind.py AFTERCARE CASES.tsv MIN_PERCENT [-v]

A case is right when the verdict now (yes = ok/recommend) and the clear time (hours, "open"
for none, "-" not judged) both match. Set B (blind-B.tsv) is the holdout: it was never used
to tune the engine or the data. Exit 1 below MIN_PERCENT.
"""
import csv
import json
import subprocess
import sys

exe, path, minimum = sys.argv[1], sys.argv[2], float(sys.argv[3])
verbose = "-v" in sys.argv
right = total = 0
for row in csv.DictReader(open(path, encoding="utf-8"), delimiter="\t"):
    args = [exe, "when", row["activity_id"].strip(), "--treated", "2026-11-20 10:00",
            "--after", "%dm" % round(float(row["hours_after"]) * 60), "--format", "json",
            "--policy", row["policy"].strip()]
    for key in ("depth", "skin"):
        if row[key].strip() not in ("-", ""):
            args += ["--" + key, row[key].strip()]
    total += 1
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        print("ERROR %s: %s" % (" ".join(args[1:]), r.stderr.strip()))
        continue
    d = json.loads(r.stdout)
    now = "yes" if d["verdict"] in ("ok", "recommend") else "no"
    want = row["expected_clear_h"].strip()
    got = d["clear_after_hours"]
    good = now == row["expected_now"].strip()
    if want == "open":
        good = good and got is None
    elif want not in ("-", ""):
        good = good and got is not None and abs(float(want) - got) < 0.01
    right += good
    if verbose and not good:
        print("WRONG %s at %sh (%s, %s, %s): want %s/%s, got %s/%s" % (
            row["activity_id"], row["hours_after"], row["depth"], row["skin"], row["policy"],
            row["expected_now"], want, now, got))
pct = 100.0 * right / total if total else 0.0
print("%s: %d/%d right (%.1f%%, minimum %.1f%%)" % (path, right, total, pct, minimum))
sys.exit(0 if pct >= minimum else 1)
