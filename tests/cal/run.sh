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
# the guide, for quotes that must stand in it verbatim (skipped where it is absent)
GUIDE=${AFTERCARE_GUIDE:-$DIR/../../../shared/seed/microneedling-aftercare-guide.txt}
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
import datetime
moments = sorted(set(m['elapsed_hours'] for m in plan['milestones']))
# the first day, all day, then one event per moment at which something changes
assert len(events) == len(moments) + 1, (len(events), len(moments))
assert len(events) <= 12, len(events)
uids = [str(e['UID']) for e in events]
assert len(set(uids)) == len(uids), 'UIDs not unique'
guide = None
day = events[0]
assert type(day['DTSTART'].dt) is datetime.date and day['DTSTART'].dt.isoformat() == '2026-11-20', day['DTSTART'].dt
assert str(day['SUMMARY']) == 'The first 24 hours after microneedling'
assert str(day['DESCRIPTION']).startswith('RED FLAG') and 'Avoid for now:' in str(day['DESCRIPTION'])
assert 'Fine from the start:' in str(day['DESCRIPTION'])
by_start = {e['DTSTART'].dt.isoformat(): e for e in events[1:]}
# every change that makes something fine is named in its moment's event
names = {a['activity']: a['name'] for a in plan['activities']}
for m in plan['milestones']:
    e = by_start[m['at'].replace('Z', '+00:00')]
    assert names[m['activity']] in str(e['DESCRIPTION']), (m['activity'], m['at'])
swim = by_start['2026-11-27T10:00:00+00:00']
assert str(swim['SUMMARY']).startswith('From Fri 27 Nov 10:00: Swimming, Sun exposure'), swim['SUMMARY']
d = str(swim['DESCRIPTION'])
assert d.startswith('RED FLAG'), d[:40]
assert 'Dr Yalda Jamali' in d and 'Swimming should be avoided for a week.' in d, d
assert 'not medical advice' in d
# alarms on a few moments only, never two at the same minute
rings = []
for e in events:
    alarms = list(e.walk('VALARM'))
    assert len(alarms) <= 1
    for a in alarms:
        assert str(a['ACTION']) == 'DISPLAY', e['SUMMARY']
        rings.append(e['DTSTART'].dt + a['TRIGGER'].dt)
    assert e.get('DESCRIPTION') and e.get('DTSTART') and e.get('DTEND')
assert 1 <= len(rings) <= 4, len(rings)
assert len(set(r.replace(second=0) for r in rings)) == len(rings), rings
assert by_start['2026-11-27T10:00:00+00:00'].walk('VALARM'), 'no alarm when swimming is fine'
" "plan ics read by python3-icalendar: events, UIDs, times, sourced descriptions, alarms"
# libical reads its own output back: an export is a calendar the check accepts.
# Its own events are no clash (the old export's "X: only with care from now on" events were
# read as doing X then); every event is read.
expect "plan ics read back by check" 0 -- "$BIN" check --calendar "$T/plan.ics" --treated "$TREATED"
has out "Checked 10 events" "plan ics read back by check"
has out "none" "plan ics read back by check: no clash"
"$BIN" plan --format ics --treated "$TREATED" >"$T/again.ics"
if cmp -s "$T/plan.ics" "$T/again.ics"; then ok; else bad "plan ics: two runs differ (UIDs or stamps not stable)"; fi
# Fetched again later (another DTSTAMP), the UIDs are the same: a subscribed phone updates.
SOURCE_DATE_EPOCH=1900000000 "$BIN" plan --format ics --treated "$TREATED" >"$T/later.ics"
if [ "$(grep '^UID:' "$T/plan.ics")" = "$(grep '^UID:' "$T/later.ics")" ] &&
	! cmp -s "$T/plan.ics" "$T/later.ics"; then ok; else bad "plan ics: UIDs change when fetched again later"; fi

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

# ---- real calendars (issue 12): the reproducers of tests/cal/cases/, treated 1 Dec 10:00 ----
C=$DIR/cases
T12="2026-12-01 10:00"
# case NAME FILE STATUS PYTHON: check --format json; PYTHON asserts on r (the JSON) and may
# use starts(r) (the clashes' starts) and err (stderr).
case_json() {
	cname=$1 cfile=$2 cwant=$3 ccode=$4
	expect "$cname" "$cwant" -- "$BIN" check --calendar "$cfile" --treated "$T12" --format json
	if [ "$cwant" -eq 2 ]; then
		"$PY" -c "
import sys
err = open('$T/err', encoding='utf-8').read()   # strict: a cut character fails here
$ccode" || bad "$cname"
		return
	fi
	"$PY" -c "
import json, sys
r = json.load(open('$T/out'))
err = open('$T/err', encoding='utf-8').read()
starts = lambda r: [c['start'] for c in r['clashes']]
Z = lambda d, h: '2026-12-%02dT%s:00+00:00' % (d, h)
$ccode" && ok || bad "$cname: $(head -c 400 "$T/out")"
}
SAUNA2='assert starts(r) == [Z(2, "09:00")] and r["clashes"][0]["activity"] == "sauna", r; assert r["complete"] and not err, err'
case_json "01 BYWEEKNO=-53: no crash, the rule named" "$C/01-byweekno-minus53-segfault.ics" 2 'assert "BYWEEKNO" in err, err'
for n in 03-empty-description 04-empty-x-wr-caldesc 08-iana-property 09-related-to-value-uid 10-x-lic-error-line 13-leading-spaces; do
	case_json "$n: read" "$C/$n"*.ics 1 "$SAUNA2"
done
case_json "06 two VCALENDARs: both read" "$C/06-two-vcalendars-refused.ics" 1 \
	'assert starts(r) == [Z(2, "09:00"), Z(3, "09:00")] and [c["activity"] for c in r["clashes"]] == ["sauna", "swimming"], r'
case_json "07 an undated event: skipped and named, the rest checked" "$C/07-one-undated-event-refuses-all.ics" 1 '
assert starts(r) == [Z(2, "09:00")], r
assert [(s["event"], s["summary"]) for s in r["skipped"]] == [(2, "Ideas for Christmas")], r["skipped"]
assert "DTSTART" in r["skipped"][0]["reason"] and not r["complete"], r'
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART:20261203T090000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:2\r\nSUMMARY:Sauna\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' >"$T/undated.ics"
case_json "skipped event, no clash: exit 4 (incomplete), never 0" "$T/undated.ics" 4 \
	'assert r["clashes"] == [] and len(r["skipped"]) == 1 and r["complete"] is False, r'
expect "skipped event, text" 4 -- "$BIN" check --calendar "$T/undated.ics" --treated "$T12"
has out "Skipped (could not be read" "skipped, text"
has out 'event 2 "Sauna": has no DTSTART' "skipped, text"
has out "The check is incomplete" "skipped, text"
case_json "11 Windows zone name: Pacific Standard Time" "$C/11-windows-tzid-without-vtimezone-refused.ics" 1 \
	'assert starts(r) == [Z(2, "17:00")], r'
expect "13 libical says nothing on stderr" 1 -- "$BIN" check --calendar "$C/13-leading-spaces-refused-libical-stderr.ics" --treated "$T12"
if [ -s "$T/err" ]; then bad "13: stderr: $(head -c 200 "$T/err")"; else ok; fi
case_json "14 moved instance: the old slot gone" "$C/14-recurrence-id-moved-still-reported.ics" 1 \
	'assert starts(r) == [Z(2, "09:00"), Z(4, "09:00")] and r["occurrences"] == 2, r'
case_json "15 cancelled instance: gone, nothing twice" "$C/15-recurrence-id-cancelled-reported-twice.ics" 1 \
	'assert starts(r) == [Z(2, "09:00"), Z(4, "09:00")] and r["occurrences"] == 2, r'
case_json "16 STATUS:CANCELLED: no clash" "$C/16-status-cancelled-reported.ics" 0 \
	'assert r["clashes"] == [] and r["occurrences"] == 0 and r["complete"], r'
case_json "18 RDATE;VALUE=PERIOD" "$C/18-rdate-period-missed.ics" 1 \
	'assert starts(r) == [Z(2, "09:00"), Z(4, "09:00")], r'
case_json "19 EXDATE removes an RDATE" "$C/19-exdate-does-not-remove-rdate.ics" 1 \
	'assert starts(r) == [Z(2, "09:00")] and r["occurrences"] == 1, r'
case_json "20 RDATE equal to DTSTART: once" "$C/20-rdate-equal-dtstart-duplicated.ics" 1 \
	'assert starts(r) == [Z(2, "09:00")] and r["occurrences"] == 1, r'
case_json "23 RANGE=THISANDFUTURE moves the rest" "$C/23-thisandfuture-override-ignored.ics" 1 \
	'assert starts(r) == [Z(2, "09:00"), Z(3, "18:00")] and r["occurrences"] == 4, r'
expect "24 control bytes escaped in text" 1 -- "$BIN" check --calendar "$C/24-control-chars-in-summary-printed-raw.ics" --treated "$T12"
if LC_ALL=C grep -q "$(printf '\033')" "$T/out"; then bad "24: an escape byte printed raw"; else ok; fi
has out '"Sauna\x0Afake line \x1B[2J\x1B[31mRED\x1B[0m"' "24 escaped title"
case_json "25 picking someone up from swimming is no activity of ours" "$C/25-pick-up-from-swimming-misclassified.ics" 0 \
	'assert r["clashes"] == [] and [u["summary"] for u in r["unclassified"]] == ["Pick up Sam from swimming"], r'
case_json "30 a fold inside a UTF-8 character" "$C/30-fold-inside-utf8-character-refused.ics" 1 \
	'assert r["clashes"][0]["summary"] == "Sauna and pool at the Th\u00e9r\u00e8se spa", r'
case_json "31 the message cuts no character" "$C/31-error-message-cuts-utf8-character.ics" 2 \
	'assert "has no DTSTART" in err and "\ufffd" not in err, err'
case_json "32 DTEND before DTSTART: refused with a message" "$C/32-dtend-before-dtstart-dropped.ics" 2 \
	'assert "DTEND is before DTSTART" in err, err'
# The guide never names facials: a facial is a treatment on the skin the guide does not cover
# (no activity, no verdict, no time), and the clash says to ask the practitioner.
case_json "33 other languages, and a facial" "$C/33-non-english-and-facial-not-recognised.ics" 1 '
got = [(c["summary"], c["activity"], c["skin_treatment"], c["covered"]) for c in r["clashes"]]
assert got == [("Schwimmen", "swimming", False, True), ("Fitnessstudio", "sweaty-exercise", False, True),
               ("Piscina", "swimming", False, True), ("Facial", None, True, False)], got
f = r["clashes"][3]
assert f["verdict"] == "not covered" and f["clear_at"] is None and f["sources"] == [], f
assert "does not cover" in f["advice"] and "practitioner" in f["advice"], f'
case_json "34 common words are not activities" "$C/34-common-words-fuzzy-matched.ics" 0 \
	'assert r["clashes"] == [] and len(r["unclassified"]) == 4, r'
case_json "35 an event at the treatment instant" "$C/35-event-at-treatment-instant-dropped.ics" 1 \
	'assert starts(r) == [Z(1, "10:00")] and r["occurrences"] == 1, r'

# ---- rules libical cannot be trusted with, series from long ago, zones, titles ----
# mkcal FILE 'UID|PROPERTIES(\r\n-separated)' ...: a calendar of those events
mkcal() {
	f=$1
	shift
	{
		printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n%b' "${XHEAD:-}"
		for e in "$@"; do printf 'BEGIN:VEVENT\r\nUID:%s\r\n%bEND:VEVENT\r\n' "${e%%|*}" "${e#*|}"; done
		printf 'END:VCALENDAR\r\n'
	} >"$f"
}
SWIM='s|DTSTART:20261202T090000Z\r\nSUMMARY:Swim\r\n'
mkcal "$T/weekno.ics" 'w|DTSTART:20200101T000000Z\r\nRRULE:FREQ=YEARLY;BYWEEKNO=-53;COUNT=100\r\nSUMMARY:Sauna\r\n' "$SWIM"
case_json "BYWEEKNO beside another event: skipped, named, the rest checked" "$T/weekno.ics" 1 \
	'assert starts(r) == [Z(2, "09:00")] and "BYWEEKNO" in r["skipped"][0]["reason"], r'
# One libical call that runs for seconds (an hourly rule on 30 February): the series is
# given up after ICS_SERIES_HARD_MS, the rest checked.
mkcal "$T/slow.ics" 'h|DTSTART:20200101T000000Z\r\nRRULE:FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30\r\nSUMMARY:Sauna\r\n' "$SWIM"
case_json "a rule libical hangs on: skipped after the time allowed" "$T/slow.ics" 1 \
	'assert starts(r) == [Z(2, "09:00")] and "took over" in r["skipped"][0]["reason"], r'
mkcal "$T/subdaily.ics" 'h|DTSTART;VALUE=DATE:20200101\r\nRRULE:FREQ=MINUTELY\r\nSUMMARY:Sauna\r\n' "$SWIM"
case_json "a sub-daily rule on a date: skipped" "$T/subdaily.ics" 1 \
	'assert "more often than daily" in r["skipped"][0]["reason"], r'
# A daily series begun in 1996 is found (the old reader counted 10,000 from 1996 and stopped).
case_json "a daily series begun in 1996" "$C/old-daily-rrule.ics" 1 \
	'assert starts(r)[0] == Z(2, "07:00") and len(r["clashes"]) == 7 and r["complete"], r'
mkcal "$T/count.ics" 'c|DTSTART:19900101T070000Z\r\nRRULE:FREQ=HOURLY;COUNT=2000000\r\nSUMMARY:Dentist\r\n'
case_json "COUNT past the step budget: truncated, never exit 0" "$T/count.ics" 4 \
	'assert r["truncated"] and r["cut_off"] and not r["complete"], r'
mkcal "$T/monthday.ics" 'm|DTSTART:20261101T090000Z\r\nRRULE:FREQ=DAILY;BYMONTHDAY=-1,-3\r\nSUMMARY:Sauna\r\n'
case_json "DAILY with negative BYMONTHDAY (libical gives nothing)" "$T/monthday.ics" 0 \
	'assert r["occurrences"] == 1 and r["complete"], r   # 29 December; the 31st is past the window'
sed -i 's/BYMONTHDAY=-1,-3/BYMONTHDAY=-29/' "$T/monthday.ics"
case_json "DAILY BYMONTHDAY=-29: 3 December" "$T/monthday.ics" 1 'assert starts(r) == [Z(3, "09:00")], r'
mkcal "$T/setpos.ics" 'p|DTSTART:20261130T090000Z\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU;BYSETPOS=1;COUNT=2\r\nSUMMARY:Sauna\r\n'
case_json "WEEKLY BYSETPOS: expanded approximately, said so" "$T/setpos.ics" 4 \
	'assert "BYSETPOS" in r["approximate"][0]["reason"] and not r["complete"], r'
mkcal "$T/zones.ics" 'a|DTSTART;TZID=/mozilla.org/20050126_1/America/New_York:20261202T090000\r\nSUMMARY:Sauna\r\n' \
	'b|DTSTART;TZID=W. Europe Standard Time:20261202T090000\r\nSUMMARY:Gym\r\n' \
	'c|DTSTART;TZID=Europe/Paris;VALUE=DATE:20261203\r\nSUMMARY:Beach\r\n' \
	'd|DTSTART:20261202T200000Z\r\nDTEND;TZID=Mars/Olympus:20261202T210000\r\nSUMMARY:Swim\r\n'
case_json "zones: /mozilla.org/ prefix, Windows name, TZID on a date, unknown zone on DTEND" "$T/zones.ics" 1 '
got = sorted((c["summary"], c["start"]) for c in r["clashes"])
assert got == [("Beach", Z(3, "00:00")), ("Gym", Z(2, "08:00")), ("Sauna", Z(2, "14:00"))], got
assert [s["summary"] for s in r["skipped"]] == ["Swim"] and "DTEND" in r["skipped"][0]["reason"], r'
# Outlook's display names as TZIDs, with no VTIMEZONE: read by ICU's data (cities, generic
# names, the stated offset), in July so that each zone's summer time shows. The same name
# with a VTIMEZONE of its own is read by that VTIMEZONE.
mkcal "$T/display.ics" '1|DTSTART;TZID="(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna":20260702T090000\r\nSUMMARY:Swim\r\n' \
	'2|DTSTART;TZID="(UTC-08:00) Pacific Time (US & Canada)":20260702T090000\r\nSUMMARY:Swim\r\n' \
	'3|DTSTART;TZID="(UTC+00:00) Dublin, Edinburgh, Lisbon, London":20260702T090000\r\nSUMMARY:Swim\r\n' \
	'4|DTSTART;TZID="(UTC+10:00) Canberra, Melbourne, Sydney":20260702T090000\r\nSUMMARY:Swim\r\n' \
	'5|DTSTART;TZID="(GMT+01.00) Amsterdam / Berlin / Bern / Rome / Stockholm / Vienna":20260702T090000\r\nSUMMARY:Swim\r\n' \
	'6|DTSTART;TZID="(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi":20260702T090000\r\nSUMMARY:Swim\r\n' \
	'7|DTSTART;TZID="(UTC-03:30) Newfoundland":20260702T090000\r\nSUMMARY:Swim\r\n' \
	'8|DTSTART;TZID="(UTC+01:00) Brussels, Copenhagen, Madrid, Paris":20260702T090000\r\nRRULE:FREQ=DAILY;COUNT=2\r\nSUMMARY:Swim\r\n' \
	'9|DTSTART;TZID="(UTC+03:00) Amsterdam":20260702T090000\r\nSUMMARY:Swim\r\n' \
	'10|DTSTART;TZID="(UTC+01:00) Atlantis, Utopia":20260702T090000\r\nSUMMARY:Swim\r\n'
expect "display-name zones" 1 -- "$BIN" check --calendar "$T/display.ics" --treated "2026-07-01 10:00" --format json --occurrences
py "
import json, sys
r = json.load(open(sys.argv[1]))
got = sorted((o['uid'], o['start']) for o in r['considered'])
want = sorted([('1', '2026-07-02T08:00:00+01:00'),	# Berlin, summer: 07:00Z
               ('2', '2026-07-02T17:00:00+01:00'),	# Los Angeles, PDT: 16:00Z
               ('3', '2026-07-02T09:00:00+01:00'),	# London, BST: 08:00Z
               ('4', '2026-07-02T00:00:00+01:00'),	# Sydney, winter: 23:00Z the day before
               ('5', '2026-07-02T08:00:00+01:00'),	# the old (GMT+01.00) form
               ('6', '2026-07-02T04:30:00+01:00'),	# Kolkata (ICU's Asia/Calcutta)
               ('7', '2026-07-02T12:30:00+01:00'),	# Newfoundland, summer: 11:30Z
               ('8', '2026-07-02T08:00:00+01:00'), ('8', '2026-07-03T08:00:00+01:00')])
assert got == want, got
assert [s['event'] for s in r['skipped']] == [9, 10], r['skipped']
assert all('unknown time zone' in s['reason'] and '(UTC+' in s['reason'] for s in r['skipped']), r['skipped']
assert r['complete'] is False
" "display-name zones: cities, generic names, the stated offset, summer time; unknown ones skipped"
printf '%s\r\n' BEGIN:VCALENDAR VERSION:2.0 'PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN' \
	BEGIN:VTIMEZONE 'TZID:(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna' BEGIN:STANDARD \
	DTSTART:16010101T000000 TZOFFSETFROM:+0300 TZOFFSETTO:+0300 END:STANDARD END:VTIMEZONE \
	BEGIN:VEVENT UID:v 'DTSTART;TZID="(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna":20260702T090000' \
	SUMMARY:Swim END:VEVENT END:VCALENDAR >"$T/display-vtz.ics"
expect "display-name zone with its VTIMEZONE" 1 -- "$BIN" check --calendar "$T/display-vtz.ics" --treated "2026-07-01 10:00" --format json
py "
import json, sys
r = json.load(open(sys.argv[1]))
assert [c['start'] for c in r['clashes']] == ['2026-07-02T07:00:00+01:00'], r   # the file's +03:00
" "display-name zone with a VTIMEZONE: the file's definition wins"
XHEAD='X-WR-TIMEZONE:America/New_York\r\n' mkcal "$T/wr.ics" 'f|DTSTART:20261202T090000\r\nSUMMARY:Sauna\r\n'
case_json "X-WR-TIMEZONE: floating times in the calendar's zone" "$T/wr.ics" 1 'assert starts(r) == [Z(2, "14:00")], r'
mkcal "$T/titles.ics" '1|DTSTART:20261202T090000Z\r\nSUMMARY:Cancel gym membership\r\n' \
	'2|DTSTART:20261202T100000Z\r\nSUMMARY:NOT going to the gym\r\n' \
	'3|DTSTART:20261202T110000Z\r\nSUMMARY:Gym (cancelled)\r\n' \
	'4|DTSTART:20261202T120000Z\r\nSUMMARY:Boxing Day drinks\r\n' \
	'5|DTSTART:20261202T130000Z\r\nSUMMARY:Drop off Mia at the pool\r\n' \
	'6|DTSTART:20261202T140000Z\r\nSUMMARY:Product training\r\n' \
	'7|DTSTART:20261203T090000Z\r\nSUMMARY:Séance de natation\r\n' \
	'8|DTSTART:20261203T100000Z\r\nSUMMARY:Zwembad met Anna\r\n' \
	'9|DTSTART:20261203T110000Z\r\nSUMMARY:Lezione di yoga\r\n' \
	'10|DTSTART:20261203T120000Z\r\nSUMMARY:Día de playa\r\n' \
	'11|DTSTART:20261203T130000Z\r\nSUMMARY:Saunagang\r\n' \
	'12|DTSTART:20261203T140000Z\r\nSUMMARY:HydraFacial appointment\r\n' \
	'13|DTSTART:20261203T150000Z\r\nSUMMARY:Hot yoga\r\n'
case_json "titles: negations, errands, other languages, treatments" "$T/titles.ics" 1 '
got = [(c["summary"], c["activity"]) for c in r["clashes"]]
assert got == [("S\u00e9ance de natation", "swimming"), ("Zwembad met Anna", "swimming"),
               ("D\u00eda de playa", "sun-exposure"),
               ("Saunagang", "sauna"), ("HydraFacial appointment", None),
               ("Hot yoga", "hot-yoga")], got
assert len(r["unclassified"]) == 6, r["unclassified"]   # yoga is fine after a day: no clash'

# Skin treatments: only what the guide names is read as the guide's activity, with its words;
# what it never names (facials, laser, IPL, dermaplaning) is said to be not covered.
mkcal "$T/skin.ics" '1|DTSTART:20261203T090000Z\r\nSUMMARY:Facial with Jo\r\n' \
	'2|DTSTART:20261203T100000Z\r\nSUMMARY:Peel at the clinic\r\n' \
	'3|DTSTART:20261203T110000Z\r\nSUMMARY:Spa: facial and sauna\r\n' \
	'4|DTSTART:20261203T120000Z\r\nSUMMARY:Laser tag with the kids\r\n' \
	'5|DTSTART:20261203T130000Z\r\nSUMMARY:IPL session\r\n' \
	'6|DTSTART:20261203T140000Z\r\nSUMMARY:Dermaplaning\r\n' \
	'7|DTSTART:20261203T150000Z\r\nSUMMARY:Laser hair removal\r\n' \
	'8|DTSTART:20261203T160000Z\r\nSUMMARY:Soin du visage\r\n' \
	'9|DTSTART:20261203T170000Z\r\nSUMMARY:Facial cancelled\r\n' \
	'10|DTSTART:20261222T090000Z\r\nSUMMARY:Peeling\r\n'
case_json "skin treatments: the guide's words, or not covered" "$T/skin.ics" 1 '
import re
got = [(c["summary"], c["activity"], c["covered"], c["skin_treatment"]) for c in r["clashes"]]
assert got == [("Facial with Jo", None, False, True),
               ("Peel at the clinic", "chemical-peel", True, True),
               ("Spa: facial and sauna", "sauna", True, False),
               ("IPL session", None, False, True), ("Dermaplaning", None, False, True),
               ("Laser hair removal", None, False, True), ("Soin du visage", None, False, True)], got
for c in r["clashes"]:
    if not c["covered"]:
        assert c["verdict"] == "not covered" and c["clear_at"] is None and not c["sources"], c
        assert "guide does not cover" in c["advice"] and "practitioner" in c["advice"], c
peel = r["clashes"][1]
assert peel["verdict"] == "avoid" and peel["guide_words"].startswith("Microdermabrasion or chemical peels"), peel
assert "practitioner" in r["clashes"][2]["also"], r["clashes"][2]
guide = "'"$GUIDE"'"
import os
if os.path.exists(guide):
    g = open(guide, encoding="utf-8").read()
    assert peel["guide_words"] in g, "the peel quote is not the guide verbatim"
    # the premise: the guide names none of the treatments said to be not covered
    for w in ["hydrafacial", "dermaplaning", "laser", "ipl", "soin"]:
        assert not re.search(r"\b%s\b" % w, g, re.I), w
    assert [m.group(0) for m in re.finditer(r"facial \w+ \w+", g, re.I)] == ["facial cleansing brush"]
assert [u["summary"] for u in r["unclassified"]] == ["Laser tag with the kids", "Facial cancelled"], r["unclassified"]
# A peel after the week is fine: no clash on 22 December
assert "Peeling" not in [c["summary"] for c in r["clashes"]]'
expect "skin treatments, text" 1 -- "$BIN" check --calendar "$T/skin.ics" --treated "$T12"
has out '"Facial with Jo": a treatment on the skin the guide does not cover: ask your practitioner before it.' "skin text: facial"
has out '"Peel at the clinic": a treatment on the skin the guide names (Chemical peel: "Microdermabrasion or chemical peels' "skin text: peel quoted"
has out 'It also names a treatment on the skin the guide does not cover' "skin text: facial beside sauna"
if grep -qi "exfoliat" "$T/out"; then bad "skin text: a facial read as exfoliating"; else ok; fi

# Only the lines the check reads reach libical (cal/ics_text.c, for speed): what it drops
# must not change what is read. A VALARM before the times, names in lower case, a component
# nested in the event with times of its own, an empty DESCRIPTION and a title only in the
# DESCRIPTION, a VTIMEZONE after the events.
printf '%s\r\n' BEGIN:VCALENDAR VERSION:2.0 PRODID:t BEGIN:VEVENT BEGIN:VALARM ACTION:DISPLAY \
	DESCRIPTION:Reminder TRIGGER:-PT15M END:VALARM 'dtstart;tzid=Europe/Berlin:20261202T090000' \
	uid:a 'summary:Sauna' 'LOCATION:Spa' 'ATTENDEE;CN=Jo:mailto:jo@example.org' END:VEVENT \
	BEGIN:VEVENT UID:b 'DESCRIPTION:' BEGIN:X-THING DTSTART:20261224T090000Z END:X-THING \
	DTSTART:20261203T090000Z 'DESCRIPTION:Swim at the lido' 'X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC' \
	'rrule:freq=daily;count=2' END:VEVENT \
	BEGIN:VTIMEZONE TZID:Europe/Berlin BEGIN:STANDARD DTSTART:19701025T030000 TZOFFSETFROM:+0200 \
	TZOFFSETTO:+0100 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU' END:STANDARD BEGIN:DAYLIGHT \
	DTSTART:19700329T020000 TZOFFSETFROM:+0100 TZOFFSETTO:+0200 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU' \
	END:DAYLIGHT END:VTIMEZONE END:VCALENDAR >"$T/keep.ics"
case_json "the lines libical is given: alarms, lower case, nested components, empty values" "$T/keep.ics" 1 '
got = [(c["summary"], c["activity"], c["start"]) for c in r["clashes"]]
# (the second has no SUMMARY: its DESCRIPTION names the activity, its summary stays empty)
assert got == [("Sauna", "sauna", Z(2, "08:00")), ("", "swimming", Z(3, "09:00")),
               ("", "swimming", Z(4, "09:00"))], got
assert r["complete"] and r["events"] == 2 and r["occurrences"] == 3, r'

# ---- events far from the window, left out of libical's parse (cal/ics_window.c) ----
# Only single events read whole may be left out, and only when their one occurrence cannot
# touch the window: what is said of the others (skipped, their numbers) stays as it was.
mkcal "$T/far.ics" 'old|DTSTART:20140101T100000Z\r\nDTEND:20140101T110000Z\r\nSUMMARY:Swim\r\n' \
	'back|DTSTART:20130505T100000Z\r\nDTEND:20130505T090000Z\r\nSUMMARY:Sauna\r\n' \
	'mars|DTSTART;TZID=Mars/Olympus:20120101T100000\r\nSUMMARY:Yoga\r\n' \
	'edge|DTSTART:20261201T100000Z\r\nSUMMARY:Swim\r\n' \
	'gym|DTSTART:20100104T090000Z\r\nDTEND:20100104T100000Z\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Gym\r\n' \
	'moved|DTSTART:20150101T100000Z\r\nSUMMARY:Sauna\r\n' \
	'moved|RECURRENCE-ID:20150101T100000Z\r\nDTSTART:20261203T090000Z\r\nSUMMARY:Sauna\r\n' \
	'late|DTSTART;TZID=Europe/London:20300101T100000\r\nDTEND;TZID=Europe/London:20300101T110000\r\nSUMMARY:Swim\r\n' \
	'ends|DTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\nSUMMARY:Swim\r\n' \
	'day|DTSTART;VALUE=DATE:20261130\r\nDTEND;VALUE=DATE:20261201\r\nSUMMARY:Sauna\r\n' \
	'day2|DTSTART;VALUE=DATE:20261201\r\nSUMMARY:Sauna\r\n' \
	'neg|DTSTART:20100101T100000Z\r\nDURATION:-PT1H\r\nSUMMARY:Tennis\r\n'
expect "events far from the window" 1 -- "$BIN" check --calendar "$T/far.ics" --treated "2026-12-01 10:00" --format json --occurrences
py "
import json, sys
r = json.load(open(sys.argv[1]))
assert r['events'] == 12, r['events']
skipped = [(s['event'], s['summary'], s['reason'][:24]) for s in r['skipped']]
assert skipped == [(2, 'Sauna', 'DTEND is before DTSTART'), (3, 'Yoga', 'unknown time zone \"Mars/'),
                   (12, 'Tennis', 'negative DURATION')], skipped
got = {(o['uid'], o['event'], o['start']) for o in r['considered']}
assert {u for u, _, _ in got} == {'edge', 'gym', 'moved', 'day2'}, got
assert ('edge', 4, '2026-12-01T10:00:00+00:00') in got and ('day2', 11, '2026-12-01T00:00:00+00:00') in got, got
assert ('moved', 7, '2026-12-03T09:00:00+00:00') in got and ('gym', 5, '2026-12-07T09:00:00+00:00') in got, got
" "events far from the window: left out, the others numbered and skipped as before"

# ---- times at DST changes (RFC 5545 3.3.5; found by the corpus below) ----
# A weekly 02:30 in Berlin: on 29 March 2026 it falls in the gap and takes the offset before
# it (01:30Z); a week later it is 02:30 CEST again (00:30Z; libical said 03:30).
mkcal "$T/gap.ics" 'g|DTSTART;TZID=Europe/Berlin:20260104T023000\r\nRRULE:FREQ=WEEKLY;BYDAY=SU\r\nSUMMARY:Swim\r\n'
expect "DST gap" 1 -- "$BIN" check --calendar "$T/gap.ics" --treated "2026-03-24 10:00" --format json --occurrences
py "
import json, sys
r = json.load(open(sys.argv[1]))
got = [o['start'] for o in r['considered']]
assert got[:3] == ['2026-03-29T02:30:00+01:00', '2026-04-05T01:30:00+01:00', '2026-04-12T01:30:00+01:00'], got
" "DST gap: the offset before the gap, and the next week at 02:30 CEST again"
# 01:30 on 1 November 2026 happens twice in Los Angeles: the first (PDT, 08:30Z) is meant.
mkcal "$T/twice.ics" 't|DTSTART;TZID=America/Los_Angeles:20261101T013000\r\nSUMMARY:Sauna\r\n' \
	'u|DTSTART;TZID=America/Los_Angeles:20261004T013000\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Swim\r\n'
expect "DST overlap" 1 -- "$BIN" check --calendar "$T/twice.ics" --treated "2026-10-28 10:00" --format json --occurrences
py "
import json, sys
r = json.load(open(sys.argv[1]))
got = sorted((o['uid'], o['start']) for o in r['considered'])
assert ('t', '2026-11-01T08:30:00+00:00') in got and ('u', '2026-11-01T08:30:00+00:00') in got, got
assert ('u', '2026-11-08T09:30:00+00:00') in got, got
" "DST overlap: a time that happens twice is the first"
expect "--occurrences is JSON only, and lists what it counts" 1 -- "$BIN" check --calendar "$DIR/week.ics" --treated "$TREATED" --format json --occurrences
py "
import json, sys
r = json.load(open(sys.argv[1]))
assert len(r['considered']) == r['occurrences'] and r['considered'][0]['uid'] == '1@test', r['considered'][:2]
assert all(set(o) == {'event', 'uid', 'summary', 'start', 'end'} for o in r['considered'])
" "check --occurrences: every occurrence considered"

# ---- the corpus (tests/cal/corpus/README.md): calendars of the shapes real apps export. For
# each: no crash, no hang (30 s), nothing on stderr, and the occurrences in the window equal to
# an independent expansion (tests/cal/expand_ref.py: python3-icalendar and dateutil), or the
# file listed in tests/cal/corpus/KNOWN.md with the reason. ----
CORPUS=$DIR/corpus
mkdir "$T/corpus"
for f in "$CORPUS"/*.ics; do
	n=$(basename "$f")
	when=$(awk -F'\t' -v n="$n" '$1 == n {print $2}' "$CORPUS/treated.tsv")
	timeout 30 "$BIN" check --calendar "$f" --treated "${when:-$T12}" --format json --occurrences \
		>"$T/corpus/$n.json" 2>"$T/corpus/$n.err"
	echo $? >"$T/corpus/$n.rc"
done
"$PY" "$DIR/corpus_compare.py" "$CORPUS" "$T/corpus" >"$T/corpus.txt" 2>&1
while IFS= read -r line; do
	case $line in
	"ok "* | "known "*) ok ;;
	*) bad "corpus: ${line#FAIL }" ;;
	esac
done <"$T/corpus.txt"
n_corpus=$(find "$CORPUS" -maxdepth 1 -name "*.ics" | wc -l)
if [ "$(grep -c '^ok \|^known ' "$T/corpus.txt")" -eq "$n_corpus" ] && [ "$n_corpus" -ge 100 ]; then ok; else
	bad "corpus: $n_corpus files, $(grep -c '^ok \|^known ' "$T/corpus.txt") judged"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
