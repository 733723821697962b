#!/usr/bin/python3
"""corpus_compare.py: the corpus test's judge (tests/cal/run.sh). For each calendar of the
corpus, aftercare-cal's occurrences (check --format json --occurrences, saved by run.sh as
OUT/NAME.json, its stderr in OUT/NAME.err and its exit status in OUT/NAME.rc) against expand_ref.py's over the same
window: from the treatment to the check's window_end.

    corpus_compare.py CORPUS_DIR OUT_DIR

Prints one line per file: "ok NAME", "known NAME" (it differs, and KNOWN.md lists it), or
"FAIL NAME: why"; a file listed in KNOWN.md that now matches fails too (take it off the list).
A file not listed must also be checked completely (nothing skipped, cut off or approximated).
Exit status 0 when nothing failed."""
import datetime as dt
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import expand_ref  # noqa: E402

DEFAULT_TREATED = "2026-12-01 10:00"


def known_files(corpus):
    """The files KNOWN.md lists: the first column of its table, in backquotes."""
    try:
        text = open(os.path.join(corpus, "KNOWN.md"), encoding="utf-8").read()
    except OSError:
        return set()
    return set(re.findall(r"^\|\s*`([^`]+\.ics)`", text, re.M))


def treated_times(corpus):
    t = {}
    for line in open(os.path.join(corpus, "treated.tsv"), encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            name, when = line.rstrip("\n").split("\t")
            t[name] = when
    return t


def utc(iso):
    return dt.datetime.fromisoformat(iso).astimezone(dt.timezone.utc)


def judge(corpus, out, name, treated, known):
    rc = int(open(os.path.join(out, name + ".rc")).read().strip() or -1)
    if rc not in (0, 1, 4):
        return "FAIL %s: exit %d (2 refused, 124 timed out, >128 crashed)" % (name, rc)
    err = open(os.path.join(out, name + ".err"), encoding="utf-8", errors="replace").read()
    if err:	# libical never writes on our stderr, and a corpus file is no error
        return "FAIL %s: stderr: %s" % (name, err[:200])
    try:
        r = json.load(open(os.path.join(out, name + ".json"), encoding="utf-8"))
    except ValueError as e:
        return "FAIL %s: no JSON: %s" % (name, e)
    lo = dt.datetime.strptime(treated, "%Y-%m-%d %H:%M").replace(
        tzinfo=expand_ref.local_zone()).astimezone(dt.timezone.utc)
    hi = utc(r["window_end"])
    if hi - lo < dt.timedelta(days=7):
        return "FAIL %s: window %s .. %s is under a week" % (name, lo, hi)
    got = sorted((o["uid"], utc(o["start"])) for o in r["considered"])
    want = expand_ref.expand(open(os.path.join(corpus, name), "rb").read(), lo, hi)
    differs = got != want
    if not differs and len(got) != r["occurrences"]:
        return "FAIL %s: %d listed, %d counted" % (name, len(got), r["occurrences"])
    if name in known:
        return ("known %s" % name if differs or not r["complete"] else
                "FAIL %s: matches the reference now: take it off KNOWN.md" % name)
    if differs:
        extra = sorted(set(got) - set(want))[:3]
        missing = sorted(set(want) - set(got))[:3]
        fmt = lambda s: ", ".join("%s %s" % (u, expand_ref.fmt(t)) for u, t in s)
        return "FAIL %s: %d occurrences, the reference %d; only ours: %s; only the reference's: %s" % (
            name, len(got), len(want), fmt(extra), fmt(missing))
    if not r["complete"]:
        return "FAIL %s: incomplete: %s" % (name, r["skipped"] + r["cut_off"] + r["approximate"])
    if not got:
        return "FAIL %s: no occurrence in the window (a corpus file should have some)" % name
    return "ok %s (%d)" % (name, len(got))


def main(argv):
    corpus, out = argv[1], argv[2]
    treated, known = treated_times(corpus), known_files(corpus)
    failed = 0
    for name in sorted(f for f in os.listdir(corpus) if f.endswith(".ics")):
        try:
            line = judge(corpus, out, name, treated.get(name, DEFAULT_TREATED), known)
        except Exception as e:	# the reference could not read it: a failure to look at
            line = "FAIL %s: %s: %s" % (name, type(e).__name__, e)
        failed += line.startswith("FAIL")
        print(line)
    for name in sorted(known - set(os.listdir(corpus))):
        print("FAIL KNOWN.md lists %s, which is not in the corpus" % name)
        failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
