#!/bin/sh
# tests/cli/run.sh: end-to-end tests of the aftercare command.
#
#   tests/cli/run.sh ./build/aftercare
#
# Drives the real binary given as $1 and checks exit statuses, stdout and stderr. A check
# runs the binary once; assertions on that run follow it:
#
#   check NAME EXPECTED_EXIT -- ARGS...   run it; the exit status must be EXPECTED_EXIT
#   usage_error NAME -- ARGS...           exit 2, "aftercare: error:" on stderr, no stdout
#   out_has / out_lacks / err_has TEXT, out_match / err_match ERE, out_empty, err_empty
#   json 'PYTHON'                         assertions on stdout parsed as JSON (as d)
#   py 'PYTHON'                           assertions on stdout as text (text, lines)
#   keep KEY                              keep stdout for later assertions (saved[KEY])
#
# JSON is only ever read with python3, never grepped. Python starts slowly, so the Python
# assertions are queued and run in one process at the end; their failures are reported
# there, under the name of their check. Times are pinned: TZ=Europe/London, and every
# question about a treatment passes --treated. NO_COLOR=1 throughout.
#
# Environment: AFTERCARE_GUIDE, the guide that quotes must stand in verbatim (default
# ../shared/seed/microneedling-aftercare-guide.txt from the repository root; the check is
# skipped, saying so, when it is absent); VERBOSE=1 also prints what passed.
# The last line is "N passed, M failed"; the exit status is 1 if anything failed.
set -u

if [ $# -lt 1 ]; then
	echo "usage: $0 PATH/TO/aftercare" >&2
	exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
case $1 in
/*) BIN=$1 ;;
*) BIN=$(pwd)/$1 ;;
esac
GUIDE=${AFTERCARE_GUIDE:-$root/../shared/seed/microneedling-aftercare-guide.txt}
case $GUIDE in
/*) ;;
*) GUIDE=$(pwd)/$GUIDE ;;
esac
if [ ! -x "$BIN" ]; then
	echo "$0: $BIN is not an executable" >&2
	exit 2
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "$0: python3 is needed to read the JSON output" >&2
	exit 2
fi
cd "$root" || exit 2

export TZ=Europe/London NO_COLOR=1 LC_ALL=C
# Wide enough that no line is wrapped: phrases are asserted whole (tests/cli/unix.sh tests
# the wrapping to 80 columns and to COLUMNS).
export COLUMNS=500
TMP=$(mktemp -d "${TMPDIR:-/tmp}/aftercare-cli.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM
OUT=$TMP/out
ERR=$TMP/err
mkdir -p "$TMP/q" "$TMP/saved"

# A run longer than this is a hang (libfyaml has looped forever on bad input).
if command -v timeout >/dev/null 2>&1; then
	RUN_LIMIT="timeout 10"
else
	RUN_LIMIT=
fi

passed=0
failed=0
queued=0
NAME=
RC=0

pass() {
	passed=$((passed + 1))
	if [ "${VERBOSE:-0}" = 1 ]; then echo "ok   $NAME: $1"; fi
	return 0
}

# fail MESSAGE [quiet]: count a failure; show the start of stderr unless quiet.
fail() {
	failed=$((failed + 1))
	echo "FAIL $NAME: $1"
	if [ -s "$ERR" ] && [ "${2:-}" != quiet ]; then
		echo "     stderr: $(head -c 400 "$ERR" | tr '\n' ' ')"
	fi
	return 0
}

skip() {
	echo "SKIP $NAME: $1"
}

check() {
	NAME=$1
	want=$2
	shift 2
	if [ "${1:-}" = -- ]; then shift; fi
	$RUN_LIMIT "$BIN" "$@" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	if [ "$RC" -eq "$want" ]; then
		pass "exit $want"
	elif [ "$RC" -eq 124 ] && [ -n "$RUN_LIMIT" ]; then
		fail "hung (killed after 10 s); expected exit $want"
	elif [ "$RC" -ge 128 ]; then
		fail "crashed with signal $((RC - 128)); expected exit $want"
	else
		fail "exit $RC, expected $want"
	fi
}

usage_error() {
	n=$1
	shift
	check "$n" 2 "$@"
	err_has "aftercare: error:"
	out_empty
}

out_has() {
	if grep -qF -- "$1" "$OUT"; then pass "stdout has \"$1\""
	else fail "stdout lacks \"$1\""; fi
}

out_lacks() {
	if grep -qF -- "$1" "$OUT"; then fail "stdout has \"$1\", which it should not"
	else pass "stdout lacks \"$1\""; fi
}

out_match() {
	if grep -qE -- "$1" "$OUT"; then pass "stdout matches /$1/"
	else fail "no line of stdout matches /$1/"; fi
}

err_has() {
	if grep -qF -- "$1" "$ERR"; then pass "stderr has \"$1\""
	else fail "stderr lacks \"$1\""; fi
}

err_match() {
	if grep -qE -- "$1" "$ERR"; then pass "stderr matches /$1/"
	else fail "no line of stderr matches /$1/"; fi
}

out_empty() {
	if [ -s "$OUT" ]; then fail "stdout should be empty, has: $(head -c 200 "$OUT")"
	else pass "stdout empty"; fi
}

err_empty() {
	if [ -s "$ERR" ]; then fail "stderr should be empty"
	else pass "stderr empty"; fi
}

no_colour() {
	if grep -q "$(printf '\033')" "$OUT"; then fail "colour escapes despite NO_COLOR"
	else pass "no colour escapes"; fi
}

py() {
	queued=$((queued + 1))
	mkdir "$TMP/q/$queued"
	printf '%s' "$NAME" >"$TMP/q/$queued/name"
	printf '%s\n' "$1" >"$TMP/q/$queued/code"
	cp "$OUT" "$TMP/q/$queued/out"
}

json() {
	py "assert d is not None, 'stdout is not JSON: %r' % text[:200]
$1"
}

keep() {
	cp "$OUT" "$TMP/saved/$1"
}

# Run the queued Python assertions in one process and add up their results.
run_queued() {
	[ "$queued" -gt 0 ] || return 0
	cat >"$TMP/checker.py" <<'PYEOF'
import json, os, re, sys
from datetime import datetime, timedelta
tmp, guide_path, verbose = sys.argv[1], sys.argv[2], sys.argv[3] == "1"

def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()

def parse(text):
    """One JSON document, or a list of them (one per line), or None."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        docs = [json.loads(l) for l in text.splitlines() if l.strip()]
    except ValueError:
        return None
    return docs if len(docs) > 1 else None

guide = read(guide_path) if os.path.exists(guide_path) else None
saved = {k: parse(read(os.path.join(tmp, "saved", k)))
         for k in os.listdir(os.path.join(tmp, "saved"))}
passed = failed = 0
qdir = os.path.join(tmp, "q")
for n in sorted(os.listdir(qdir), key=int):
    name = read(os.path.join(qdir, n, "name"))
    code = read(os.path.join(qdir, n, "code"))
    text = read(os.path.join(qdir, n, "out"))
    env = {"text": text, "lines": text.splitlines(), "d": parse(text), "saved": saved,
           "guide": guide, "re": re, "datetime": datetime, "timedelta": timedelta,
           "json": json}
    last = [l.strip() for l in code.strip().splitlines()][-1]
    try:
        exec(compile(code, "<%s>" % name, "exec"), env)
    except AssertionError as e:
        failed += 1
        print("FAIL %s: %s" % (name, e if str(e) else "assertion failed: " + last))
        continue
    except Exception as e:
        failed += 1
        print("FAIL %s: %s: %s (in: %s)" % (name, type(e).__name__, e, last))
        continue
    passed += 1
    if verbose:
        print("ok   %s: %s" % (name, last))
print("COUNT %d %d" % (passed, failed))
PYEOF
	python3 "$TMP/checker.py" "$TMP" "$GUIDE" "${VERBOSE:-0}" >"$TMP/py" 2>&1
	grep -v '^COUNT ' "$TMP/py"
	counts=$(sed -n 's/^COUNT //p' "$TMP/py")
	if [ -z "$counts" ]; then
		echo "FAIL python assertions: the checker did not finish; $queued not run"
		failed=$((failed + queued))
		return 0
	fi
	passed=$((passed + ${counts% *}))
	failed=$((failed + ${counts#* }))
}

T='2026-03-25 10:00'	# the clocks go forward on 29 March: a week on, it is +01:00
T_SUMMER='2026-06-01 10:00'

# ---- when swimming: the sources disagree (24 hours, or a week) ----

check "when swimming (text)" 0 -- when swimming --after 2d --treated "$T"
out_has "Swimming, 48 hours (2 days) after treatment"
out_match '^No: '
out_has "Fine from 7 days after treatment"
out_has "The sources disagree"
out_has "Dr Yalda Jamali"
out_has "Face-washing article"
out_has "for the first 24 hours"
out_has "for the first 7 days"
out_has "Swimming should be avoided for a week."
out_has "Do not go swimming at least 24 hours after your treatment."
out_has "not medical advice"
err_empty
no_colour

check "when swimming (json)" 0 -- when swimming --after 2d --treated "$T" --format json
err_empty
keep conservative
json 'assert isinstance(d, dict), "one JSON object expected"'
json 'assert d["activity"] == "swimming", d["activity"]'
json 'assert d["verdict"] == "avoid", d["verdict"]'
json 'assert d["clear_after_hours"] == 168, d["clear_after_hours"]'
json 'assert d["disputed"] is True, d["disputed"]'
json 'assert d["elapsed_hours"] == 48, d["elapsed_hours"]'
json '
until = {p["source"]: p["until_hours"] for p in d["positions"]}
assert until == {"jamali": 168, "face-washing-article": 24}, until'
json '
iso = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"
for k in ("treated_at", "at", "clear_at"):
    assert re.fullmatch(iso, d[k] or ""), "%s is not ISO 8601 with offset: %r" % (k, d[k])
assert d["treated_at"] == "2026-03-25T10:00:00+00:00", d["treated_at"]'
json '
c = datetime.fromisoformat(d["clear_at"]) - datetime.fromisoformat(d["treated_at"])
assert c == timedelta(hours=168), "clear_at %s is not treated_at + 168 h" % d["clear_at"]
assert d["clear_at"] == "2026-04-01T11:00:00+01:00", "clear_at %s, want 2026-04-01T11:00:00+01:00" % d["clear_at"]'
json '
a = datetime.fromisoformat(d["at"]) - datetime.fromisoformat(d["treated_at"])
assert a == timedelta(hours=48), "at %s is not treated_at + 48 h" % d["at"]'
if [ -f "$GUIDE" ]; then
	json '
assert d["positions"], "no positions"
for p in d["positions"]:
    assert p["quote"] and p["quote"] in guide, "quote of %s is not verbatim in the guide: %r" % (p["source"], p["quote"])'
else
	skip "quotes verbatim in the guide: no guide at $GUIDE (set AFTERCARE_GUIDE)"
fi

# ---- policies ----

check "swimming, --policy conservative" 0 -- when swimming --after 2d --treated "$T" --format json --policy conservative
json 'assert d == saved["conservative"], "differs from the default policy"'
check "swimming, --policy lenient" 0 -- when swimming --after 2d --treated "$T" --format json --policy lenient
# Lenient takes what a source states: the face-washing article's "at least 24 hours" is the
# end of a restriction, not a permission (docs/semantics.md), so only the week is stated.
json '
c = saved["conservative"]
assert d["clear_after_hours"] == c["clear_after_hours"] == 168, "clear_after_hours %s, conservative %s" % (d["clear_after_hours"], c["clear_after_hours"])'
check "makeup, --policy lenient" 0 -- when makeup --after 2h --treated "$T" --format json --policy lenient
json 'assert d["clear_after_hours"] == 1.5 and d["verdict"] == "ok", (d["clear_after_hours"], d["verdict"])'
check "makeup, --policy conservative" 0 -- when makeup --after 2h --treated "$T" --format json
json 'assert d["clear_after_hours"] == 72 and d["verdict"] == "avoid", (d["clear_after_hours"], d["verdict"])'
check "swimming, --policy source:face-washing-article" 0 -- when swimming --after 2d --treated "$T" --format json --policy source:face-washing-article
json '
c = saved["conservative"]
assert d["clear_after_hours"] is not None and d["clear_after_hours"] < c["clear_after_hours"], "clear_after_hours %s, conservative %s: not earlier" % (d["clear_after_hours"], c["clear_after_hours"])'
json '
c = saved["conservative"]
assert d["clear_at"] is not None and datetime.fromisoformat(d["clear_at"]) < datetime.fromisoformat(c["clear_at"]), "clear_at %s, conservative %s: not earlier" % (d["clear_at"], c["clear_at"])'
json 'assert d["clear_after_hours"] == 24, d["clear_after_hours"]'
json 'assert d["verdict"] == "ok", d["verdict"]'
check "swimming, --policy source:jamali" 0 -- when swimming --after 2d --treated "$T" --format json --policy source:jamali
json 'assert d["clear_after_hours"] == 168, d["clear_after_hours"]'
usage_error "--policy source:nobody" -- when swimming --after 2d --treated "$T" --policy source:nobody
err_has '"nobody"'
usage_error "--policy reckless" -- when swimming --after 2d --treated "$T" --policy reckless
err_has "reckless"

# ---- depth ----

check "gym, --depth superficial" 0 -- when gym --depth superficial --after 1d --treated "$T" --format json
json 'assert d["clear_after_hours"] == 72, d["clear_after_hours"]'
check "gym, --depth deep" 0 -- when gym --depth deep --after 1d --treated "$T" --format json
json 'assert d["clear_after_hours"] == 168, d["clear_after_hours"]'

# ---- --after and --at name the same moment ----

check "when swimming --at the moment --after 2d names" 0 -- when swimming --at "2026-03-27 10:00" --treated "$T" --format json
json 'assert d == saved["conservative"], "--at and --after 2d give different answers"'
if cmp -s "$OUT" "$TMP/saved/conservative"; then pass "byte for byte the output of --after 2d"
else fail "output differs from --after 2d"; fi
check "status --after 1w" 0 -- status --after 1w --treated "$T" --format json
keep week
check "status --at a week later, past the clock change" 0 -- status --at "2026-04-01 11:00" --treated "$T" --format json
if cmp -s "$OUT" "$TMP/saved/week"; then pass "byte for byte the output of --after 1w"
else fail "output differs from --after 1w"; fi
json 'assert d == saved["week"], "--at \"2026-04-01 11:00\" and --after 1w give different answers"'
json 'assert d["elapsed_hours"] == 168, d["elapsed_hours"]'

# ---- aliases ----

for pair in "gym=sweaty-exercise" "spin class=cardio" "Retin-A=retinol"; do
	alias=${pair%%=*}
	id=${pair#*=}
	check "when \"$alias\"" 0 -- when "$alias" --after 1d --treated "$T" --format json
	json "assert d['activity'] == '$id', d['activity']"
done
check "when three activities" 0 -- when gym "spin class" Retin-A --after 1d --treated "$T" --format json
json '
assert isinstance(d, list), "one JSON object per line expected"
assert [x["activity"] for x in d] == ["sweaty-exercise", "cardio", "retinol"], [x["activity"] for x in d]'

# ---- status ----

check "activities --format json" 0 -- activities --format json
keep activities
check "status (json)" 0 -- status --after 1d --treated "$T_SUMMER" --format json
err_empty
json '
ids = [a["id"] for a in saved["activities"]]
got = [a["activity"] for a in d["activities"]]
assert got == ids, "not one object per activity: %s" % sorted(set(ids) ^ set(got))'
json '
need = {"activity", "name", "verdict", "clear_after_hours", "clear_at", "disputed",
        "positions", "elapsed_hours", "at", "treated_at"}
for a in d["activities"]:
    missing = need - set(a)
    assert not missing, "%s lacks %s" % (a.get("activity"), sorted(missing))
    assert a["elapsed_hours"] == 24, (a["activity"], a["elapsed_hours"])'
json '
sw = [a for a in d["activities"] if a["activity"] == "swimming"][0]
assert (sw["verdict"], sw["clear_after_hours"]) == ("avoid", 168), sw'
json '
assert isinstance(d["red_flags"], list) and d["red_flags"], "no red_flags"
first = d["red_flags"][0]
assert "dizziness" in (first.get("text") or "").lower(), first'
check "status (text)" 0 -- status --after 1d --treated "$T_SUMMER"
out_match '^RED FLAG: .*dizziness'
out_has "Off limits now"
no_colour
py '
flag = [i for i, l in enumerate(lines) if l.startswith("RED FLAG")]
off = [i for i, l in enumerate(lines) if l.startswith("Off limits now")]
assert flag and off and flag[0] < off[0], "RED FLAG on line %s, Off limits now on line %s" % (flag[:1], off[:1])'

# ---- plan ----

check "plan (json)" 0 -- plan --after 2d --treated "$T_SUMMER" --format json
json '
ms = d["milestones"]
assert len(ms) > 1, "too few milestones: %d" % len(ms)
hours = [m["elapsed_hours"] for m in ms]
assert hours == sorted(hours), "milestones out of order: %s" % hours'
json '
ats = [datetime.fromisoformat(m["at"]) for m in d["milestones"]]
assert ats == sorted(ats), "milestone times out of order"'
json '
sw = [m for m in d["milestones"] if m["activity"] == "swimming"]
assert [(m["elapsed_hours"], m["before"], m["after"]) for m in sw] == [(168, "avoid", "ok")], sw'
check "plan --chart" 0 -- plan --after 2d --treated "$T_SUMMER" --chart
out_has "Day by day"
out_match '^Swimming +[X~.+?]+$'
out_match '^ +v now$'
no_colour
py '
now = [l for l in lines if l.endswith("v now")]
weeks = [l for l in lines if l.rstrip().endswith("(weeks)")]
assert now and weeks, "no now mark or no week scale"
day0 = weeks[0].index("0")
assert now[0].index("v") == day0 + 2, "now mark at column %d, day 0 at %d: want day 2" % (now[0].index("v"), day0)'
py '
day0 = [l for l in lines if l.rstrip().endswith("(weeks)")][0].index("0")
row = [l for l in lines if l.startswith("Swimming ")][-1][day0:]
assert row.startswith("XXXXXXX.") and len(row) > 8, "swimming row %r: want 7 days of X, then ." % row'
py '
rows = [l for l in lines if re.match(r"^.{30} [X~.+?]+$", l)]
assert len(rows) == len(saved["activities"]), "%d chart rows for %d activities" % (len(rows), len(saved["activities"]))'
check "plan, stdout not a tty, no --chart" 0 -- plan --after 2d --treated "$T_SUMMER"
out_has "Milestones"
out_lacks "Day by day"
out_lacks "v now"

# ---- activities, sources, conflicts ----

check "activities (json)" 0 -- activities --format json
json '
ids = {a["id"] for a in d}
want = """sweaty-exercise cardio gentle-exercise hot-yoga inversions swimming sauna steam-room
hot-tub sweating sun-exposure sunscreen rinse-water gentle-cleanser regular-skincare-routine
cleansing-brush loofah powder-cleanser towel-wipe anything-on-skin moisturizer
hyaluronic-serum peptide-serum green-tea-toner enzyme-peel retinol vitamin-c acid-exfoliants
scrubs face-mask perfume heavy-cream astringent makeup mineral-makeup cover-bruise
chemical-peel microdermabrasion touch-face pick-scabs drink-water next-microneedling
home-dermaroller""".split()
missing = [w for w in want if w not in ids]
assert not missing, "missing: %s" % missing'
json '
sw = [a for a in d if a["id"] == "swimming"][0]
assert "swim" in sw["aliases"], sw'
check "activities (text)" 0 -- activities
out_match '^swimming +Swimming'
check "sources" 0 -- sources
for s in general-article face-washing-article exercise-article jamali shotter procell; do
	out_match "^$s "
done
check "sources (json)" 0 -- sources --format json
json '
ids = [s["id"] for s in d]
assert ids == ["general-article", "face-washing-article", "exercise-article", "jamali", "shotter", "procell"], ids'
check "conflicts" 0 -- conflicts
out_has "Swimming (swimming):"
out_match 'activities on which the sources disagree'
check "conflicts (json)" 0 -- conflicts --format json
json '
sw = [c for c in d if c["activity"] == "swimming"]
assert sw, "swimming is not listed"
ends = {s["source"]: s["restricted_until_hours"] for s in sw[0]["sources"]}
assert ends == {"jamali": 168, "face-washing-article": 24}, ends'

# ---- lint and protocols ----

check "lint data/microneedling.yaml" 0 -- lint data/microneedling.yaml
out_has "valid knowledge base"
err_empty
usage_error "lint a broken file" -- lint tests/cli/broken.yaml
err_match 'tests/cli/broken\.yaml:[0-9]+:[0-9]+: '
usage_error "lint a protocol naming an unknown activity" -- lint tests/cli/bad-activity-protocol.yaml
err_match 'bad-activity-protocol\.yaml:[0-9]+:[0-9]+: .*"swiming".*swimming'
check "lint a clinic protocol" 0 -- lint tests/cli/clinic-protocol.yaml
out_has "valid clinic protocol"
check "lint a clinic protocol without advice (an optional field)" 0 -- lint tests/cli/clinic-protocol-no-advice.yaml
out_has "valid clinic protocol"
usage_error "lint without a file" -- lint
usage_error "lint a missing file" -- lint tests/cli/no-such-file.yaml
err_has "no-such-file.yaml"

check "--protocol replaces swimming" 0 -- when swimming --protocol tests/cli/clinic-protocol.yaml --after 2d --treated "$T" --format json
json 'assert d["clear_after_hours"] == 336, d["clear_after_hours"]'
json 'assert d["verdict"] == "avoid", d["verdict"]'
json 'assert [p["source"] for p in d["positions"]] == ["clinic"], [p["source"] for p in d["positions"]]'
json 'assert d["disputed"] is False, d["disputed"]'
json 'g = d["guide"]; assert g["clinic_clear_after_hours"] == 336 and g["clear_after_hours"] == 168, g'
json 'assert {v["source"]: v["clear_after_hours"] for v in d["guide"]["voices"]} == {"face-washing-article": 24, "jamali": 168}, d["guide"]["voices"]'
json 'assert [p["clinic"] for p in d["positions"]] == [True] and not any(p["clinic"] for p in d["guide"]["positions"]), d'
json 'assert d["guide"]["differs"] is True and d["guide"]["clinic_more_lenient"] is False, d["guide"]'
check "--protocol: the guide beside the clinic, in words" 0 -- when swimming --protocol tests/cli/clinic-protocol.yaml --after 2d --treated "$T"
out_has "No: your clinic's protocol says to avoid it now."
out_has "Example Skin Clinic (your clinic's protocol, not the guide):"
out_has "What the guide says, which your clinic's protocol replaces here:"
py 'w = " ".join(text.split())
assert "Your clinic (Example Skin Clinic) says to wait 2 weeks; the guide\x27s Face-washing article says 24 hours (1 day), its Dr Yalda Jamali 7 days." in w, w
assert w.index("replaces here:") < w.index("Swimming should be avoided for a week"), w
assert "the clinic\x27s rules are the clinic\x27s own, not the guide\x27s" in w and w.count("not medical advice") == 1, w
assert "it is information, not medical advice. Ask your practitioner" not in w, w'
check "without a protocol: no clinic, the guide's disclaimer" 0 -- when swimming --after 2d --treated "$T"
py 'w = " ".join(text.split())
assert "Your clinic" not in w and "your clinic\x27s protocol" not in w, w
assert "it is information, not medical advice. Ask your practitioner" in w, w'
check "--protocol leaves the gym alone" 0 -- when gym --protocol tests/cli/clinic-protocol.yaml --after 2d --treated "$T" --format json
json 'assert "guide" not in d, d.get("guide")'
json 'assert d["clear_after_hours"] == 72, d["clear_after_hours"]'
json 'assert [v["clear_after_hours"] for v in d["variants"] if v["depth"] == "deep"] == [168], d["variants"]'
json 'assert "clinic" not in [p["source"] for p in d["positions"]], d["positions"]'
check "--protocol without advice" 0 -- when swimming --protocol tests/cli/clinic-protocol-no-advice.yaml --after 2d --treated "$T" --format json
json 'assert d["clear_after_hours"] == 336, d["clear_after_hours"]'
usage_error "--protocol broken" -- when swimming --protocol tests/cli/broken.yaml --after 2d --treated "$T"
err_match 'broken\.yaml:[0-9]+:[0-9]+: '
usage_error "--protocol naming an unknown activity" -- when swimming --protocol tests/cli/bad-activity-protocol.yaml --after 2d --treated "$T"
err_match 'bad-activity-protocol\.yaml:[0-9]+:[0-9]+: .*swiming.*swimming'

# ---- bad usage: exit 2, "aftercare: error:" on stderr, nothing on stdout ----

usage_error "unknown command" -- frobnicate
err_has "frobnicate"
usage_error "unknown option" -- when swimming --treated "$T" --after 1d --bogus
err_has "--bogus"
usage_error "option without its value" -- when swimming --treated "$T" --after
usage_error "unknown activity" -- when swiming --treated "$T" --after 1d
err_has '"swiming"'
err_has "swimming?"
usage_error "when without an activity" -- when --treated "$T" --after 1d
usage_error "--treated 2026-02-30" -- when swimming --treated "2026-02-30 10:00" --after 1d
usage_error "--treated yesterday" -- when swimming --treated yesterday --after 1d
usage_error "--after \"3 dayz\"" -- when swimming --treated "$T" --after "3 dayz"
usage_error "--at before --treated" -- when swimming --treated "$T" --at "2026-03-24 10:00"
err_has "before"
usage_error "--at and --after" -- when swimming --treated "$T" --at "2026-03-27 10:00" --after 2d
usage_error "unknown --device" -- when swimming --treated "$T" --after 1d --device laser
usage_error "unknown --depth" -- when swimming --treated "$T" --after 1d --depth medium
usage_error "unknown --skin" -- when swimming --treated "$T" --after 1d --skin dry
usage_error "unknown --format" -- when swimming --treated "$T" --after 1d --format xml
usage_error "--kb missing file" -- when swimming --treated "$T" --after 1d --kb tests/cli/no-such-kb.yaml
err_has "no-such-kb.yaml"
usage_error "status with an operand" -- status swimming --treated "$T" --after 1d
usage_error "plan with an operand" -- plan swimming --treated "$T" --after 1d
usage_error "no command" --
err_has "Usage: aftercare"

# Garbage as a knowledge base: exit exactly 2, never a crash or a hang.
i=1
while [ $i -le 3 ]; do
	head -c 3000 /dev/urandom >"$TMP/garbage"
	usage_error "--kb random bytes #$i" -- when swimming --treated "$T" --after 1d --kb "$TMP/garbage"
	usage_error "lint random bytes #$i" -- lint "$TMP/garbage"
	# Printable garbage gets past the UTF-8 check into the YAML parser.
	head -c 3000 /dev/urandom | tr -dc '\t\n -~' >"$TMP/garbage"
	usage_error "--kb printable garbage #$i" -- sources --kb "$TMP/garbage"
	i=$((i + 1))
done

# ---- help and version ----

check "--help" 0 -- --help
out_has "Usage: aftercare"
out_has "--treated"
err_empty
check "-h" 0 -- -h
out_has "Usage: aftercare"
check "--version" 0 -- --version
out_match '^aftercare [0-9]+\.[0-9]+\.[0-9]+'
err_empty

# ---- a treatment in the future ----

usage_error "when, treatment in the future, no --after" -- when swimming --treated "2099-01-01 10:00"
err_has "future"
check "plan, treatment in the future" 0 -- plan --treated "2099-01-01 10:00"
out_has "Recovery plan"
err_empty
check "plan --format json, treatment in the future" 0 -- plan --treated "2099-01-01 10:00" --format json
json 'assert d["treated_at"].startswith("2099-01-01T10:00:00"), d["treated_at"]'
json 'assert d["milestones"], "no milestones"'

# ---- no end given ----

check "pick-scabs (json)" 0 -- when pick-scabs --after 1d --treated "$T" --format json
json 'assert d["clear_after_hours"] is None, d["clear_after_hours"]'
json 'assert d["clear_at"] is None, d["clear_at"]'
json 'assert d["verdict"] == "avoid", d["verdict"]'
check "pick-scabs (text)" 0 -- when pick-scabs --after 1d --treated "$T"
out_has "The guide gives no time for this"
out_lacks "Fine from"
# An open statement takes the guide's longest time for the activity or its groups, and says
# its voice gave no end (docs/semantics.md, rule 2).
check "chemical-peel (json)" 0 -- when chemical-peel --after 1d --treated "$T" --format json
json 'assert d["clear_after_hours"] == 168, d["clear_after_hours"]'
json 'assert [p["until_hours"] for p in d["positions"] if p["open"]] == [168], d["positions"]'
check "chemical-peel (text)" 0 -- when chemical-peel --after 1d --treated "$T"
out_has "with no end given (read as the guide's longest time for it: the first 7 days)"

# ---- plan --format fhir: an HL7 FHIR R4 CarePlan (docs/fhir.md) ----

check "plan (json), for fhir" 0 -- plan --treated "$T" --format json
keep plan_json
check "plan (json), source:jamali, for fhir" 0 -- plan --treated "$T" --format json --policy source:jamali
keep plan_json_jamali
export SOURCE_DATE_EPOCH=1795600800
check "plan --format fhir" 0 -- plan --treated "$T" --format fhir
err_empty
keep fhir_a
json 'assert d["resourceType"] == "CarePlan" and d["intent"] == "plan" and d["status"] == "active", d.get("resourceType")'
json 'assert d["created"] == "2026-11-25T10:00:00+00:00", d["created"]'
json 'assert d["period"] == {"start": saved["plan_json"]["treated_at"], "end": saved["plan_json"]["settled_at"]}, d["period"]'
json 'assert "dizziness" in d["note"][0]["text"], d["note"][0]'
json 'assert "not medical advice" in d["description"], d["description"]'
json 'assert len(d["activity"]) == sum(len(a["positions"]) for a in saved["plan_json"]["activities"]), len(d["activity"])'
json 'rule = lambda a: [e["valueString"] for e in a["detail"]["extension"] if e["url"] == "urn:aftercare:rule"][0]
assert [(a["detail"]["code"]["coding"][0]["code"], rule(a)) for a in d["activity"]] == [(a["activity"], p["rule"]) for a in saved["plan_json"]["activities"] for p in a["positions"]], "order or rules differ from plan --format json"'
json 'assert [a["detail"]["doNotPerform"] for a in d["activity"]] == [p["stance"] in ("avoid", "caution") for a in saved["plan_json"]["activities"] for p in a["positions"]], "doNotPerform is not avoid or caution"'
json 'assert all(("end" in a["detail"]["scheduledPeriod"]) == (p["until_hours"] is not None) for a, p in zip(d["activity"], [p for a in saved["plan_json"]["activities"] for p in a["positions"]])), "scheduledPeriod.end where no end is given"'
json 'def walk(v):
    assert v is not None and v != [] and v != {} and v != "", "null or empty in the CarePlan"
    for c in (v.values() if isinstance(v, dict) else v if isinstance(v, list) else []):
        walk(c)
walk(d)'
json 'iso = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
times = [d["created"], d["period"]["start"], d["period"]["end"]] + [t for a in d["activity"] for t in a["detail"]["scheduledPeriod"].values()]
assert all(iso.match(t) for t in times), [t for t in times if not iso.match(t)][:3]'
json 'src = lambda a: [e["valueString"] for e in a["detail"]["extension"] if e["url"] == "urn:aftercare:source"][0]
sw = {src(a): a["detail"]["scheduledPeriod"] for a in d["activity"] if a["detail"]["code"]["coding"][0]["code"] == "swimming"}
h = lambda p: (datetime.fromisoformat(p["end"]) - datetime.fromisoformat(p["start"])) / timedelta(hours=1)
assert h(sw["jamali"]) == 168 and h(sw["face-washing-article"]) == 24, sw'
check "plan --format fhir, again" 0 -- plan --treated "$T" --format fhir
py 'assert text == json.dumps(saved["fhir_a"], ensure_ascii=False, separators=(",", ":")) + "\n" or json.loads(text) == saved["fhir_a"], "two runs differ under SOURCE_DATE_EPOCH"'
check "plan --format fhir --policy source:jamali" 0 -- plan --treated "$T" --format fhir --policy source:jamali
json 'src = lambda a: [e["valueString"] for e in a["detail"]["extension"] if e["url"] == "urn:aftercare:source"][0]
assert {src(a) for a in d["activity"]} == {"jamali"}, "other voices listed"'
json 'n = sum(len(a["positions"]) for a in saved["plan_json_jamali"]["activities"]); mine = len(d["activity"])
assert any("%d rules of other sources are left out" % (n - mine) in x["text"] for x in d["note"]), [x["text"] for x in d["note"]]'
json 'assert d["period"]["end"] == saved["plan_json_jamali"]["settled_at"], d["period"]'
unset SOURCE_DATE_EPOCH
usage_error "when --format fhir" -- when swimming --treated "$T" --after 1d --format fhir

# ---- course: plan a course (--start), check one (--dates), home dermaroller ----
# Plans start in 2099 (a --start before today is refused); 29 March 2099 is the day the
# clocks go forward, so a 10:00 session that day is +01:00.

check "course --start, sensitive (text)" 0 -- course --start "2099-03-01 10:00" --skin sensitive
out_has "Course of 3 treatments, 4 weeks apart (skin: sensitive)"
out_has "1. Sun 1 Mar 2099 10:00"
out_has "2. Sun 29 Mar 2099 10:00"
out_has "3. Sun 26 Apr 2099 10:00"
out_has "every 3 to 4 weeks"
out_has "“A course of 3-6 treatments spaces 4 weeks apart will give the best results.”"
out_has "Dr Yalda Jamali (Can You Workout After Microneedling at Home?)"
out_has "“If you have sensitive skin, it’s best to do the procedure every 3-4 weeks.”"
out_has "General article (How Often Should You Do Microneedling?)"
out_has "information, not medical advice"
err_empty
no_colour
check "course --start, no skin (text)" 0 -- course --start 2099-03-01
out_has "(skin: not given, the strictest reading)"
out_has "1. Sun 1 Mar 2099"
out_lacks "00:00"
out_has "Skin type not given: the strictest reading"
out_has "“For normal and oily types, it can be done every 4-6 weeks.”"
out_has "Give --skin"
check "course --start --sessions 6 --format json" 0 -- course --start "2099-03-01 10:00" --skin sensitive --sessions 6 --format json
json '
want = ["2099-03-01T10:00:00+00:00", "2099-03-29T10:00:00+01:00", "2099-04-26T10:00:00+01:00",
        "2099-05-24T10:00:00+01:00", "2099-06-21T10:00:00+01:00", "2099-07-19T10:00:00+01:00"]
assert d["sessions"] == want, d["sessions"]'
json 'assert d["start"] == "2099-03-01T10:00:00+00:00", d["start"]'
json 'assert d["skin"] == "sensitive" and d["strictest"] is False, (d["skin"], d["strictest"])'
json 'assert d["gap_weeks"] == 4 and d["gap_days"] == 28, (d["gap_weeks"], d["gap_days"])'
json 'assert (d["min_gap_weeks"], d["max_gap_weeks"], d["min_sessions"], d["max_sessions"]) == (3, 4, 3, 6)'
json '
for r in d["reasons"]:
    assert set(r) >= {"text", "source", "source_name", "section", "quote", "id"}, r
assert [r["id"] for r in d["reasons"]][:2] == ["course-length", "frequency-sensitive"], d["reasons"]
assert "as asked" in d["reasons"][0]["text"], d["reasons"][0]["text"]'
if [ -f "$GUIDE" ]; then
	json '
for r in d["reasons"]:
    assert r["quote"] in guide, "reason quote not verbatim in the guide: %r" % r["quote"]'
fi
check "course --start, normal skin (json)" 0 -- course --start "2099-10-01 10:00" --skin normal --format json
json '
s = [datetime.fromisoformat(x) for x in d["sessions"]]
assert len(s) == 3, d["sessions"]
assert all((b.date() - a.date()).days == 28 and b.time() == a.time() for a, b in zip(s, s[1:])), d["sessions"]
assert d["sessions"][1] == "2099-10-29T10:00:00+00:00", d["sessions"][1]'
json 'assert (d["min_gap_weeks"], d["max_gap_weeks"]) == (4, 6), d'
check "course --start today" 0 -- course --start "$(date +%Y-%m-%d)" --format json
json 'assert len(d["sessions"]) == 3, d["sessions"]'

check "course --dates, fits (text)" 0 -- course --dates 2026-01-05,2026-02-02,2026-03-02 --skin sensitive
out_has "Checking 3 sessions (skin: sensitive)"
out_has "Fits the guide"
out_has "“If you have sensitive skin, it’s best to do the procedure every 3-4 weeks.”"
out_lacks "Problems"
err_empty
check "course --dates, problems (text)" 1 -- course --dates "2026-01-05, 2026-01-19,2026-03-30,2026-03-02,2026-04-27,2026-05-25,2026-06-22"
out_has "Problems (5):"
out_has "Sessions 1 and 2 are 14 days apart: sooner than the 4 weeks (28 days)"
out_has "Sessions 2 and 3 are 70 days apart: longer than the 6 weeks (42 days)"
out_has "Session 4 is not after session 3"
out_has "7 sessions: more than the course of 3 to 6 treatments"
out_has "(the strictest reading: skin type not given)"
out_has "“For normal and oily types, it can be done every 4-6 weeks.”"
check "course --dates (json)" 1 -- course --dates 2026-01-05,2026-01-26,2026-03-16 --skin sensitive --format json
json 'assert d["ok"] is False, d["ok"]'
json 'assert d["dates"] == ["2026-01-05T00:00:00+00:00", "2026-01-26T00:00:00+00:00", "2026-03-16T00:00:00+00:00"], d["dates"]'
json '
f = d["findings"]
assert [x["kind"] for x in f] == ["gap-too-long"], f
assert f[0]["between"] == [1, 2] and f[0]["gap_days"] == 49, f[0]
assert f[0]["id"] == "frequency-sensitive" and f[0]["source"] == "general-article", f[0]
assert f[0]["quote"] == "If you have sensitive skin, it’s best to do the procedure every 3-4 weeks.", f[0]["quote"]'
json 'assert [r["id"] for r in d["reasons"]] == ["frequency-sensitive", "course-length"], d["reasons"]'
check "course --dates, too few, out of order (json)" 1 -- course --dates "2026-03-02 10:00,2026-02-02 10:00" --format json
json '
kinds = {x["kind"]: x for x in d["findings"]}
assert set(kinds) == {"not-in-order", "too-few"}, d["findings"]
assert kinds["not-in-order"]["between"] == [0, 1] and kinds["not-in-order"]["gap_days"] == -28, kinds
assert kinds["too-few"]["gap_days"] is None and kinds["too-few"]["id"] == "course-length", kinds'
check "course --dates, fits (json)" 0 -- course --dates 2026-01-05,2026-02-02,2026-03-16 --skin oily --format json
json 'assert d["ok"] is True and d["findings"] == [], d'

check "course dermaroller 0.25 mm (text)" 0 -- course --device dermaroller --needle 0.25 --start "2099-03-22 20:00"
out_has "Home dermaroller, 0.25 mm needles: 8 sessions over 4 weeks, 2 a week"
out_has "1. Sun 22 Mar 2099 20:00"
out_has "2. Thu 26 Mar 2099 20:00"
out_has "“It is safe to use a device up to 0.25mm at home”"
out_has "“Don’t overdo the derma rolling at home though. 2-3 times per week is plenty.”"
out_has "Watch out:"
out_has "“I would still avoid immediate exercise after using a dermaroller at home"
out_has "Dr Sophie Shotter"
err_empty
check "course dermaroller 0.2mm (json)" 0 -- course --device dermaroller --needle 0.2mm --start "2099-03-22 20:00" --format json
json 'assert d["needle_mm"] == 0.2 and d["max_needle_mm"] == 0.25, d'
json 'assert d["per_week"] == 2 and d["max_per_week"] == 3 and len(d["sessions"]) == 8, d'
json 'assert d["sessions"][2] == "2099-03-29T20:00:00+01:00", d["sessions"]'
json 'assert [w["id"] for w in d["warnings"]] == ["exercise-shotter-home-roller"], d["warnings"]'
usage_error "course dermaroller 1.5 mm: refused" -- course --device dermaroller --needle 1.5 --start 2099-03-01
err_has "a 1.5 mm needle is longer than the 0.25 mm the guide allows at home"
err_has "“It is safe to use a device up to 0.25mm at home”"
err_has "“Incorrect technique can permanently damage your skin, leaving scarring and hyperpigmentation.”"
usage_error "course dermaroller 0.26 mm: refused" -- course --device dermaroller --needle 0.26 --start 2099-03-01 --format json

usage_error "course, nothing to do" -- course
err_has "--start DATE"
usage_error "course --start in the past" -- course --start 2020-01-01
err_has "is in the past"
usage_error "course --start yesterday" -- course --start "$(python3 -c 'import datetime; print(datetime.date.today() - datetime.timedelta(days=1))')"
err_has "is in the past"
usage_error "course --start bad date" -- course --start 2099-02-30
err_has "bad --start \"2099-02-30\""
usage_error "course --sessions 0" -- course --start 2099-03-01 --sessions 0
err_has "outside the guide's course of 3 to 6 treatments"
usage_error "course --sessions 50" -- course --start 2099-03-01 --sessions 50
err_has "outside the guide's course of 3 to 6 treatments"
err_has "“A course of 3-6 treatments spaces 4 weeks apart will give the best results.”"
usage_error "course --sessions abc" -- course --start 2099-03-01 --sessions abc
err_has "bad --sessions \"abc\""
err_has "3 to 6"
usage_error "course --sessions -3" -- course --start 2099-03-01 --sessions -3
usage_error "course --needle abc" -- course --device dermaroller --needle abc --start 2099-03-01
err_has "bad --needle \"abc\""
usage_error "course --needle -0.25" -- course --device dermaroller --needle -0.25 --start 2099-03-01
err_has "more than 0 mm"
usage_error "course --needle nan" -- course --device dermaroller --needle nan --start 2099-03-01
usage_error "course --needle without dermaroller" -- course --needle 0.25 --start 2099-03-01
usage_error "course dermaroller without --needle" -- course --device dermaroller --start 2099-03-01
usage_error "course --dates, one date" -- course --dates 2099-03-01
err_has "at least 2 dates"
usage_error "course --dates, bad date" -- course --dates 2026-01-05,2026-13-01
err_has "date 2, \"2026-13-01\""
usage_error "course --dates, empty date" -- course --dates 2026-01-05,
usage_error "course --start with --dates" -- course --start 2099-03-01 --dates 2099-03-01,2099-03-29
err_has "not both"
usage_error "course --dates with --sessions" -- course --dates 2099-03-01,2099-03-29 --sessions 3
usage_error "course, operand" -- course soon --start 2099-03-01
usage_error "course --format fhir" -- course --start 2099-03-01 --format fhir

# ---- "why" asks the reasons: each restricting source's reason, once, then the answer ----
check "ask why" 0 ask "how come i cant go swimming" --treated "2026-11-20 10:00" --after 1d
out_has "The reasons the guide gives for waiting (Swimming):"
out_has "Chlorine can aggravate the irritated skin"
out_has "(Dr Yalda Jamali)"
out_has "Fine from 7 days after treatment"

# ---- two activities: the one not yet fine is answered first, so the lead's first word
# answers the whole question; a word naming two of the guide's activities gets both ----
check "ask two activities, stricter first" 0 ask "can i swim and use the hot tub" --treated "2026-11-20 10:00" --after 58h --format json
json 'assert (d["activity"], d["verdict"]) == ("swimming", "avoid"), (d["activity"], d["verdict"])
assert [(x["activity"], x["verdict"]) for x in d["also"]] == [("hot-tub", "ok")], d["also"]
assert d["answer"].startswith("For ") and "Swimming: No" in d["answer"] and "And Hot tub: Yes" in d["answer"], d["answer"]'
check "ask a two-way word" 0 ask "yoga ok?" --treated "2026-11-20 10:00" --after 30h --format json
json 'assert (d["kind"], d["activity"], d["verdict"]) == ("ambiguous", "gentle-exercise", "ok"), d
assert [(x["activity"], x["verdict"]) for x in d["also"]] == [("hot-yoga", "avoid")], d["also"]
assert "can mean two things, and the guide covers both" in d["answer"], d["answer"]'

# ---- ask --batch: a repeated line is answered from the batch's memo, byte for byte what
# asking it alone gives; a bad line in between changes nothing around it ----
NAME="ask --batch, repeated lines"
printf 'can i swim tomorrow\ncan i go to the gym\n\377 bad\ncan i swim tomorrow\ncan i swim tomorrow\0x\n' |
	"$BIN" ask --batch --treated "2026-11-20 10:00" --after 2d >"$TMP/batch.out" 2>"$TMP/batch.err"
[ $? -eq 2 ] && pass "exit 2 (one bad line)" || fail "exit $?: expected 2"
"$BIN" ask "can i swim tomorrow" --treated "2026-11-20 10:00" --after 2d --format json >"$TMP/one.out"
l1=$(sed -n 1p "$TMP/batch.out"); l4=$(sed -n 4p "$TMP/batch.out"); one=$(cat "$TMP/one.out")
[ "$l1" = "$one" ] && pass "line 1 is the single answer" || fail "line 1 differs from ask alone"
[ "$l4" = "$one" ] && pass "the repeat is the same answer" || fail "the repeated line differs"
grep -q '"error"' "$TMP/batch.out" && pass "the bad line has its error" || fail "no error line"
[ "$(wc -l <"$TMP/batch.out")" -eq 5 ] && pass "one line out per line in" || fail "$(wc -l <"$TMP/batch.out") lines out"
grep -q '"moment":"2026-11-23T10:00:00+00:00"' "$TMP/batch.out" && pass "tomorrow is a day after --after" ||
	fail "tomorrow is not 2026-11-23 10:00"

# ---- ask --batch reads what it can: a line over 4096 bytes is an error line and the next
# line is answered; a last line without its newline and a CRLF line are questions ----
NAME="ask --batch, long and unterminated lines"
{ printf 'can i swim tomorrow\r\n'; head -c 70000 /dev/zero | tr '\0' 'a'; printf '\ncan i go to the gym'; } |
	"$BIN" ask --batch --treated "2026-11-20 10:00" --after 2d >"$TMP/batch.out" 2>"$TMP/batch.err"
[ $? -eq 2 ] && pass "exit 2 (one line too long)" || fail "exit $?: expected 2"
[ "$(wc -l <"$TMP/batch.out")" -eq 3 ] && pass "three lines out" || fail "$(wc -l <"$TMP/batch.out") lines out"
sed -n 1p "$TMP/batch.out" | grep -q '"activity":"swimming"' && pass "CRLF line answered" || fail "CRLF line"
sed -n 2p "$TMP/batch.out" | grep -q '"error":"question too long' && pass "long line: its error" || fail "long line"
sed -n 3p "$TMP/batch.out" | grep -q '"activity":"sweaty-exercise"' && pass "unterminated last line answered" ||
	fail "the last line without a newline was lost"

# ---- ask --batch as a co-process: the answer to a line comes before the next line is sent
# (output is buffered in large pieces, but flushed whenever no further line is waiting) ----
NAME="ask --batch, one question at a time"
python3 - "$BIN" <<'PY' && pass "each answer arrives while stdin stays open" || fail "an answer waited for more input"
import json, select, subprocess, sys
p = subprocess.Popen([sys.argv[1], "ask", "--batch", "--treated", "2026-11-20 10:00", "--after", "2d"],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
for q, act in (("can i swim", "swimming"), ("can i go in the sauna", "sauna")):
    p.stdin.write((q + "\n").encode()); p.stdin.flush()
    if not select.select([p.stdout], [], [], 10)[0]:
        sys.exit(1)
    if json.loads(p.stdout.readline())["activity"] != act:
        sys.exit(1)
p.stdin.close(); sys.exit(p.wait())
PY

# ---- output that cannot be written is exit 3 with a message, never success (a full disk) ----
if [ -w /dev/full ]; then
	for cmd in "when swimming" "status" "plan" "activities" "ask can i swim" "check --calendar $root/tests/cal/week.ics"; do
		NAME="$cmd > /dev/full"
		# shellcheck disable=SC2086
		"$BIN" $cmd --treated "2026-11-20 10:00" >/dev/full 2>"$TMP/full.err"
		rc=$?
		[ $rc -eq 3 ] && pass "exit 3" || fail "exit $rc: expected 3"
		grep -q "cannot write" "$TMP/full.err" && pass "says so" || fail "no message: $(cat "$TMP/full.err")"
	done
	NAME="ask --batch > /dev/full"
	printf 'can i swim\n' | "$BIN" ask --batch >/dev/full 2>"$TMP/full.err"
	rc=$?
	[ $rc -eq 3 ] && pass "exit 3" || fail "exit $rc: expected 3"
	[ "$(grep -c "cannot write" "$TMP/full.err")" -eq 1 ] && pass "one message" || fail "$(cat "$TMP/full.err")"
fi

# ---- a treatment time that occurs twice (the clocks go back): the later instant in every
# zone, and a note says so (glibc's mktime alone read London later, New York earlier) ----
TZ=Europe/London check "ambiguous time, London" 0 plan --treated "2026-10-25 01:30" --format json
json 'assert d["treated_at"] == "2026-10-25T01:30:00+00:00", d["treated_at"]'
err_has "note: --treated: 2026-10-25 01:30 occurs twice here (the clocks go back): read as the later, 2026-10-25T01:30:00+00:00"
# ... and the JSON says so itself, where the treatment time is (docs/json.md "treated_note")
json 'assert "occurs twice" in d["profile"]["treated_note"] and "read as the later, 2026-10-25T01:30:00+00:00" in d["profile"]["treated_note"], d["profile"]'
# ... and a moment asked about (--at) at such a time is read by the same rule, and said
TZ=Europe/London check "ambiguous --at, London" 0 status --treated "2026-10-24 10:00" --at "2026-10-25 01:30" --format json
json 'assert d["at"].startswith("2026-10-25T01:30:00+00:00"), d["at"]'
err_has "note: --at: 2026-10-25 01:30 occurs twice here (the clocks go back): read as the later"
TZ=America/New_York check "ambiguous time, New York" 0 plan --treated "2026-11-01 01:30" --format json
json 'assert d["treated_at"] == "2026-11-01T01:30:00-05:00", d["treated_at"]'
json 'assert "read as the later, 2026-11-01T01:30:00-05:00" in d["profile"]["treated_note"], d["profile"]'
err_has "read as the later, 2026-11-01T01:30:00-05:00"
TZ=Europe/London check "ambiguous time, when --format json" 0 when swimming --treated "2026-10-25 01:30" --after 1d --format json
json 'assert d["treated_at"] == "2026-10-25T01:30:00+00:00" and "2026-10-25 01:30 occurs twice" in d["treated_note"], d.get("treated_note")'
TZ=Europe/London check "ambiguous time, ask --format json" 0 ask "can i swim" --treated "2026-10-25 01:30" --after 1d --format json
json 'assert "occurs twice" in d["profile"]["treated_note"], d["profile"]'
TZ=America/New_York check "a time that occurs once" 0 plan --treated "2026-11-01 02:30" --format json
err_empty
json 'assert "treated_note" not in d["profile"], d["profile"]'
TZ=America/New_York check "a time that occurs once, when" 0 when swimming --treated "2026-11-01 02:30" --after 1d --format json
json 'assert "treated_note" not in d, d["treated_note"]'
TZ=UTC check "an ambiguous London time read in UTC occurs once" 0 plan --treated "2026-10-25 01:30" --format json
json 'assert "treated_note" not in d["profile"], d["profile"]'

# ---- a time in a spring-forward gap: refused, saying the clocks go forward then ----
TZ=Europe/London usage_error "a time in the gap, London" -- plan --treated "2026-03-29 01:30"
err_has "01:30 on 2026-03-29 does not exist here: the clocks go forward then, from GMT to BST"
TZ=America/New_York usage_error "a time in the gap, New York" -- plan --treated "2026-03-08 02:30"
err_has "02:30 on 2026-03-08 does not exist here: the clocks go forward then, from EST to EDT"
TZ=America/New_York usage_error "--at in the gap" -- when swimming --treated "2026-03-07 10:00" --at "2026-03-08 02:00"
err_has "bad --at \"2026-03-08 02:00\": 02:00 on 2026-03-08 does not exist here: the clocks go forward"
TZ=America/New_York check "just after the gap" 0 plan --treated "2026-03-08 03:00" --format json
json 'assert d["treated_at"] == "2026-03-08T03:00:00-04:00", d["treated_at"]'
usage_error "30 February" -- plan --treated "2026-02-30 10:00"
err_has "there is no 30 February 2026"

# ---- times at the edges: 1970 to 2100, each refusal saying which edge, for every option
# that takes a time (the calendar check's --treated included) ----
edge() {	# edge NAME TEXT-IN-STDERR ARGS...
	ename=$1 esays=$2
	shift 2
	usage_error "$ename" -- "$@"
	err_has "$esays"
}
CAL=$(dirname "$0")/../cal/week.ics
# (a day beyond each edge: the edges are instants, and a zone 14 hours from UTC moves them a
# day on its own clock: 2101-01-01 00:00 in Auckland is still 2100 in UTC)
for zone in UTC Europe/London America/New_York Pacific/Auckland; do
	export TZ=$zone
	edge "--treated 1969 ($zone)" "bad --treated \"1969-12-30 23:59\": before 1970" plan --treated "1969-12-30 23:59"
	edge "--treated 0000 ($zone)" "before 1970: the earliest time taken is 1970-01-01T00:00:00Z" plan --treated "0000-01-01"
	edge "--treated 2101 ($zone)" "bad --treated \"2101-01-02 00:00\": after 2100" plan --treated "2101-01-02 00:00"
	edge "--treated 9999 ($zone)" "after 2100: the latest time taken is 2100-12-31T23:59:59Z" when swimming --treated "9999-12-31 23:59" --after 1d
	edge "--at 2101 ($zone)" "bad --at \"2101-01-02 00:00\": after 2100" when swimming --treated "2026-11-20 10:00" --at "2101-01-02 00:00"
	edge "--at 1969 ($zone)" "bad --at \"1969-07-20 20:17\": before 1970" status --treated "2026-11-20 10:00" --at "1969-07-20 20:17"
	edge "course --start 2101 ($zone)" "bad --start \"2101-03-01\": after 2100" course --start "2101-03-01"
	edge "course --start 1969 ($zone)" "bad --start \"1969-03-01\": before 1970" course --start "1969-03-01"
	edge "course --dates 1969 ($zone)" "bad --dates: date 2, \"1969-12-01\": before 1970" course --dates "2026-01-05,1969-12-01"
	edge "course --dates 2101 ($zone)" "bad --dates: date 1, \"2101-01-05\": after 2100" course --dates "2101-01-05,2101-02-05"
	edge "check --treated 1969 ($zone)" "bad --treated \"1969-12-31\": before 1970" check --calendar "$CAL" --treated "1969-12-31"
	edge "check --treated 2101 ($zone)" "bad --treated \"2101-01-02\": after 2100" check --calendar "$CAL" --treated "2101-01-02"
	edge "an offset past 2100 ($zone)" "after 2100" plan --treated "2100-12-31T23:00:00-05:00"
	edge "an offset before 1970 ($zone)" "before 1970" plan --treated "1970-01-01T00:30:00+01:00"
done
# The edges themselves are in: the first and last instants, written in UTC or with an offset
export TZ=UTC
check "1970-01-01 00:00 UTC" 0 plan --treated "1970-01-01 00:00" --format json
json 'assert d["treated_at"] == "1970-01-01T00:00:00+00:00", d["treated_at"]'
check "2100-12-31 23:59:59 UTC" 0 plan --treated "2100-12-31 23:59:59" --format json
json 'assert d["treated_at"] == "2100-12-31T23:59:59+00:00", d["treated_at"]'
export TZ=Europe/London
check "1970-01-01T00:00:00Z in London" 0 plan --treated "1970-01-01T00:00:00Z" --format json
json 'assert d["treated_at"] == "1970-01-01T01:00:00+01:00", d["treated_at"]'
# London was an hour ahead of UTC all through 1970: its midnight is before the first instant
edge "1970-01-01 00:00 in London" "before 1970: the earliest time taken is 1970-01-01T00:00:00Z (1970-01-01T01:00:00+01:00 here)" plan --treated "1970-01-01 00:00"
TZ=America/New_York edge "2100-12-31 23:30 in New York is 2101 in UTC" "(2100-12-31T18:59:59-05:00 here)" plan --treated "2100-12-31 23:30"

run_queued
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
