#!/bin/sh
# End-to-end tests of the calendar commands: plan --format ics (read back by libical,
# through check, and by a second, independent parser: Debian's python3-icalendar) and
# check --calendar (clashes, recurrences, time zones, bad calendars).
# Usage: tests/cal/run.sh BUILD/aftercare. Prints "N passed, M failed".
set -u
BIN=${1:?usage: run.sh path/to/aftercare}
export TZ=Europe/London NO_COLOR=1 SOURCE_DATE_EPOCH=1795600800
PY=/usr/bin/python3	# Debian's, where python3-icalendar is installed
DIR=$(dirname "$0")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
# expect NAME STATUS -- command...: runs it, keeps stdout in $T/out and stderr in $T/err
expect() {
	name=$1 want=$2
	shift 3
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else bad "$name: exit $got, want $want: $(head -c 300 "$T/err")"; fi
}
has() { if grep -qF -- "$2" "$T/$1"; then ok; else bad "$3: $1 lacks \"$2\""; fi; }
py() { if "$PY" -c "$1" "$T/out"; then ok; else bad "$2"; fi; }
TREATED="2026-11-20 10:00"

# ---- plan --format ics ----
expect "plan ics" 0 -- "$BIN" plan --format ics --treated "$TREATED"
cp "$T/out" "$T/plan.ics"
has out "BEGIN:VCALENDAR" "plan ics"
"$BIN" plan --format json --treated "$TREATED" >"$T/plan.json"
py "
import icalendar, json, sys
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
events = list(cal.walk('VEVENT'))
plan = json.load(open('$T/plan.json'))
assert len(events) == len(plan['milestones']), (len(events), len(plan['milestones']))
uids = [str(e['UID']) for e in events]
assert len(set(uids)) == len(uids), 'UIDs not unique'
guide = None
try:
    guide = open('$DIR/../../../shared/seed/microneedling-aftercare-guide.txt', encoding='utf-8').read()
except OSError:
    pass
swim = [e for e in events if str(e['SUMMARY']) == 'Swimming is fine from now on']
assert len(swim) == 1, [str(e['SUMMARY']) for e in events]
assert swim[0]['DTSTART'].dt.isoformat() == '2026-11-27T10:00:00+00:00', swim[0]['DTSTART'].dt
d = str(swim[0]['DESCRIPTION'])
assert d.startswith('RED FLAG'), d[:40]
assert 'Dr Yalda Jamali' in d and 'Swimming should be avoided for a week.' in d, d
assert 'not medical advice' in d
for e in events:
    alarms = list(e.walk('VALARM'))
    assert len(alarms) == 1 and str(alarms[0]['ACTION']) == 'DISPLAY', e['SUMMARY']
    assert e.get('DESCRIPTION') and e.get('DTSTART') and e.get('DTEND')
" "plan ics read by python3-icalendar: events, UIDs, times, sourced descriptions, alarms"
# libical reads its own output back: an export is a calendar the check accepts.
expect "plan ics read back by check" 1 -- "$BIN" check --calendar "$T/plan.ics" --treated "$TREATED"
"$BIN" plan --format ics --treated "$TREATED" >"$T/again.ics"
if cmp -s "$T/plan.ics" "$T/again.ics"; then ok; else bad "plan ics: two runs differ (UIDs or stamps not stable)"; fi

# ---- course --format ics (the start must not be in the past: a date ahead of today) ----
START=$(date -d '+10 days' +%F)
expect "course ics" 0 -- "$BIN" course --start "$START 10:00" --skin sensitive --sessions 4 --format ics
py "
import icalendar, sys, datetime
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
ev = list(cal.walk('VEVENT'))
assert [str(e['SUMMARY']) for e in ev] == ['Microneedling session %d of 4' % i for i in range(1, 5)], ev
starts = [e['DTSTART'].dt for e in ev]
gaps = [(b.date() - a.date()).days for a, b in zip(starts, starts[1:])]
assert gaps == [28, 28, 28], gaps
d = str(ev[0]['DESCRIPTION'])
assert 'A course of 3-6 treatments spaces 4 weeks apart will give the best results.' in d, d
assert 'every 3-4 weeks' in d, d
assert len(set(str(e['UID']) for e in ev)) == 4
" "course ics: four sessions 28 days apart, with the guide's words"
expect "roller ics" 0 -- "$BIN" course --device dermaroller --needle 0.25 --start "$START 20:00" --format ics
py "
import icalendar, sys
ev = list(icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read()).walk('VEVENT'))
assert len(ev) == 8 and all(str(e['SUMMARY']).startswith('Home dermaroller') for e in ev), len(ev)
assert 'Watch out' in str(ev[0]['DESCRIPTION'])
" "roller ics: 2 a week for 4 weeks, with the exercise warning"
expect "roller ics: long needle" 2 -- "$BIN" course --device dermaroller --needle 1.5 --start "$START 20:00" --format ics
has err "0.25 mm" "roller ics: long needle"
expect "course ics: --dates" 2 -- "$BIN" course --dates 2026-12-01,2026-12-29 --format ics
expect "course ics: in the past" 2 -- "$BIN" course --start 2020-01-01 --format ics

# ---- check ----
expect "check week" 1 -- "$BIN" check --calendar "$DIR/week.ics" --treated "$TREATED" --format json
py "
import json, sys
r = json.load(open(sys.argv[1]))
got = sorted((c['summary'], c['activity'], c['start']) for c in r['clashes'])
want = sorted([
    ('Hot yoga', 'hot-yoga', '2026-11-21T18:00:00+00:00'),
    ('Sauna with Tom', 'sauna', '2026-11-22T15:00:00+00:00'),
    ('Beach holiday', 'sun-exposure', '2026-11-24T00:00:00+00:00'),
    ('Swim lesson', 'swimming', '2026-11-27T07:00:00+00:00'),
])
# The peel on day 11 is no clash: "avoid chemical peels" gives no end and is read as the
# week the guide gives exfoliating things (docs/semantics.md, rule 2).
assert got == want, got
sauna = [c for c in r['clashes'] if c['summary'] == 'Sauna with Tom'][0]
assert sauna['clear_after_hours'] == 72, sauna   # the bare-face paragraph's three days
assert [u['summary'] for u in r['unclassified']] == ['Dentist'], r['unclassified']
assert r['events'] == 8
" "check week: clashes (RRULE, EXDATE, TZID, all-day), clear times, sources, unclassified"
# A spin class 79 hours after a typical treatment is fine (72 hours); after a deep one Dr
# Shotter's week holds and it clashes.
expect "check week, deep" 1 -- "$BIN" check --calendar "$DIR/week.ics" --treated "$TREATED" --depth deep --format json
py "
import json, sys
r = json.load(open(sys.argv[1]))
spin = [c for c in r['clashes'] if c['summary'] == 'Spin class'][0]
assert spin['clear_after_hours'] == 168 and spin['clear_at'] == '2026-11-27T10:00:00+00:00', spin
assert 'shotter' in spin['sources'] and 'general-article' not in spin['sources'], spin['sources']
" "check week, deep: the spin class clashes until Dr Shotter's week"
expect "check week text" 1 -- "$BIN" check --calendar "$DIR/week.ics" --treated "$TREATED" --depth deep
has out "\"Spin class\": Cardio" "check text"
has out "Not recognised" "check text"
has out "\"Dentist\"" "check text"

printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART:20261125T090000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:2\r\nDTSTART:20261230T090000Z\r\nSUMMARY:Swim lesson\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' >"$T/calm.ics"
expect "no clash" 0 -- "$BIN" check --calendar "$T/calm.ics" --treated "$TREATED"
has out "none" "no clash"

printf 'BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:t\nBEGIN:VEVENT\nUID:1\nDTSTART;TZID=America/New_York:20261121T130000\nSUMMARY:Hot yoga\nEND:VEVENT\nEND:VCALENDAR\n' >"$T/ny.ics"
expect "zone" 1 -- "$BIN" check --calendar "$T/ny.ics" --treated "$TREATED" --format json
py "
import json, sys
r = json.load(open(sys.argv[1]))
assert r['clashes'][0]['start'] == '2026-11-21T18:00:00+00:00', r
" "check: TZID America/New_York 13:00 is 18:00 in London"

# ---- bad calendars: exit 2, a message that says what, nothing on stdout ----
bad_case() {
	case_name=$1 case_text=$2 case_says=$3	# sh has no locals: expect uses name and want
	printf '%b' "$case_text" >"$T/bad.ics"
	expect "$case_name" 2 -- "$BIN" check --calendar "$T/bad.ics" --treated "$TREATED"
	has err "aftercare: error:" "$case_name"
	has err "$case_says" "$case_name"
	if [ -s "$T/out" ]; then bad "$case_name: printed on stdout"; else ok; fi
}
bad_case "no END:VCALENDAR" 'BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:1\nDTSTART:20261121T130000Z\nSUMMARY:Spin\nEND:VEVENT\n' "not an iCalendar file"
bad_case "unknown TZID" 'BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:1\nDTSTART;TZID=Mars/Olympus:20261121T130000\nSUMMARY:Sauna\nEND:VEVENT\nEND:VCALENDAR\n' 'unknown time zone "Mars/Olympus"'
bad_case "bad date" 'BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:1\nDTSTART:not-a-date\nSUMMARY:Sauna\nEND:VEVENT\nEND:VCALENDAR\n' "error"
bad_case "no DTSTART" 'BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:1\nSUMMARY:Sauna\nEND:VEVENT\nEND:VCALENDAR\n' "has no DTSTART"
bad_case "not UTF-8" 'BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:1\nDTSTART:20261121T130000Z\nSUMMARY:Sauna \377\nEND:VEVENT\nEND:VCALENDAR\n' "not valid UTF-8"
bad_case "garbage" '\001\002\003 plainly not a calendar' "not"
head -c 20000 /dev/urandom >"$T/random.ics"
expect "random bytes" 2 -- "$BIN" check --calendar "$T/random.ics" --treated "$TREATED"
expect "missing file" 2 -- "$BIN" check --calendar "$T/nope.ics" --treated "$TREATED"
has err "cannot open" "missing file"
expect "no --calendar" 2 -- "$BIN" check --treated "$TREATED"
has err "check needs --calendar" "no --calendar"
expect "plan fhir is not ics" 2 -- "$BIN" check --calendar "$DIR/week.ics" --format fhir

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
