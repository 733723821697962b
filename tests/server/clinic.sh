#!/bin/sh
# End-to-end tests of the clinic's side of `aftercare serve` (docs/api.md): /api/treatments
# with the clinic's Bearer key, the patient's private /p/TOKEN page, .json and .ics, every bad
# input (a 4xx with a JSON error, never a crash), the tokens, the log (no token in it), the
# security headers, the store (persistence, integrity, WAL) and the command line's refusals.
# Loopback only.
# Usage: tests/server/clinic.sh BUILD/aftercare. Prints "N passed, M failed".
set -u
BIN=${1:?usage: clinic.sh path/to/aftercare}
export TZ=Europe/London NO_COLOR=1
unset AFTERCARE_API_KEY
PY=/usr/bin/python3
WEB=$(dirname "$0")/../../web
T=$(mktemp -d)
. "$(dirname "$0")/lib.sh"
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT INT TERM
# The clinic's key: 16 characters, the shortest the server takes.
KEY=$(head -c 12 /dev/urandom | base64 | tr '+/' '-_')
A="Authorization: Bearer $KEY"
DB=$T/db
TREATED="2026-11-20 10:00"
: >"$T/tokens"	# every token the server hands out in this run: none may reach the log

# ---- start DB KEY LOG: a server on a free port, KEY "" for none ----
start() { serve_start "$3" "$1" "$2" 3571; }
# stop NAME: SIGTERM, a clean exit 0, and no sanitizer report in its log
stop() {
	kill -TERM "$PID"
	wait "$PID"
	st=$?
	PID=
	[ "$st" -eq 0 ] && ok || bad "$1: stop: exit $st: $(tail -5 "$LOG")"
	if grep -qE "ERROR|runtime error|LeakSanitizer|store error" "$LOG"; then
		bad "$1: the log: $(cat "$LOG")"
	else ok; fi
}

# py NAME PYTHON ARGS...: an assertion in Python on the files ARGS (sys.argv[1:])
py() {
	pname=$1 pcode=$2
	shift 2
	if "$PY" -c "import json, sys
$pcode" "$@" 2>"$T/pyerr"; then ok; else bad "$pname: $(tail -1 "$T/pyerr")"; fi
}
# jget FILE EXPR: print a value of the JSON in FILE
jget() { "$PY" -c "import json, sys; j = json.load(open(sys.argv[1])); print($2)" "$1"; }
noheader() { if grep -qiF -- "$1" "$T/hdr"; then bad "$2: header \"$1\""; else ok; fi; }
# challenge NAME CURL-ARGS...: a 401 asking for the Bearer key
challenge() {
	cname=$1
	shift
	error "$cname" 401 "'Bearer' in j['error'] or 'key' in j['error']" "$@"
	header "WWW-Authenticate: Bearer" "$cname"
}
# post NAME STATUS JSON: POST JSON to /api/treatments with the key
# (confirmed: the fixed 2026 dates below would be "more than 60 days back" from 2027 on, a
# warning desk.sh tests with dates relative to today)
post() { req "$1" "$2" -H "$A" -X POST --data-binary "$3" "$B/api/treatments?confirm=true"; }
# bad_post NAME SAYS JSON: a 400 naming what is wrong
bad_post() { error "$1" 400 "$2" -H "$A" -X POST --data-binary "$3" "$B/api/treatments"; }
token_of() { jget "$1" "j['link'][len('/p/'):]"; }

# ==== 1. no clinic key: the clinic endpoints are off (403), the rest is served ====
start "$DB" "" "$T/log0"
grep -qF "clinic endpoints off" "$T/log0" && ok || bad "no key: not said at start: $(cat "$T/log0")"
error "no key: POST" 403 "'AFTERCARE_API_KEY' in j['error']" -X POST \
	-d '{"patient": "A", "treated_at": "2026-11-20 10:00"}' "$B/api/treatments"
error "no key: POST with a Bearer key" 403 "'AFTERCARE_API_KEY' in j['error']" -H "$A" -X POST \
	-d '{"patient": "A", "treated_at": "2026-11-20 10:00"}' "$B/api/treatments"
error "no key: GET" 403 "'AFTERCARE_API_KEY' in j['error']" -H "$A" "$B/api/treatments/1"
error "no key: DELETE" 403 "'AFTERCARE_API_KEY' in j['error']" -H "$A" -X DELETE "$B/api/treatments/1"
noheader "WWW-Authenticate" "no key: DELETE"
req "no key: the public API still answers" 200 "$B/api/when?activity=swimming&after=2d"
stop "no key"

# ==== 2. with the key ====
start "$DB" "$KEY" "$T/log1"
grep -qF "clinic endpoints on" "$T/log1" && ok || bad "key: not said at start: $(cat "$T/log1")"

# ---- the key: 401 with WWW-Authenticate for anything but "Bearer KEY" ----
challenge "no Authorization" -X POST -d '{"patient": "A", "treated_at": "2026-11-20 10:00"}' "$B/api/treatments"
challenge "no Authorization, GET" "$B/api/treatments/1"
challenge "no Authorization, DELETE" -X DELETE "$B/api/treatments/1"
challenge "no Authorization, bad id" "$B/api/treatments/abc"
challenge "Basic scheme" -H "Authorization: Basic $(printf 'clinic:%s' "$KEY" | base64)" "$B/api/treatments/1"
challenge "the key without a scheme" -H "Authorization: $KEY" "$B/api/treatments/1"
challenge "Bearer, no key" -H "Authorization: Bearer" "$B/api/treatments/1"
challenge "Bearer, empty key" -H "Authorization: Bearer " "$B/api/treatments/1"
challenge "wrong key" -H "Authorization: Bearer wrong-key-wrong-key-1" "$B/api/treatments/1"
challenge "key and a trailing char" -H "Authorization: Bearer ${KEY}x" "$B/api/treatments/1"
challenge "a prefix of the key" -H "Authorization: Bearer ${KEY%?}" "$B/api/treatments/1"
# (changed for certain: a random key may itself begin with "x")
case $KEY in x*) OTHER=y ;; *) OTHER=x ;; esac
challenge "the key's first char changed" -H "Authorization: Bearer $OTHER${KEY#?}" "$B/api/treatments/1"
challenge "the key doubled" -H "Authorization: Bearer $KEY$KEY" "$B/api/treatments/1"
challenge "wrong key, POST" -H "Authorization: Bearer ${KEY}x" -X POST \
	-d '{"patient": "A", "treated_at": "2026-11-20 10:00"}' "$B/api/treatments"
req "the scheme in lower case" 404 -H "Authorization: bearer $KEY" "$B/api/treatments/999999"
# the whitespace around a field's value is not part of it (RFC 9110 section 5.5), and
# "Bearer" may be followed by more than one space (RFC 6750 section 2.1)
req "the key, a trailing space" 404 -H "Authorization: Bearer $KEY " "$B/api/treatments/999999"
req "the key, a trailing tab" 404 -H "$(printf 'Authorization: Bearer %s\t' "$KEY")" "$B/api/treatments/999999"
req "the key after two spaces" 404 -H "Authorization: Bearer  $KEY" "$B/api/treatments/999999"
challenge "the key, a space inside" -H "Authorization: Bearer ${KEY%?} ${KEY#"${KEY%?}"}" "$B/api/treatments/1"
grep -qF -- "$KEY" "$T/log1" && bad "the key is in the log" || ok

# ---- round trip: create, GET equals POST's answer ----
PATIENT="Zebedee Quixote-Clinic"
post "create" 201 "{\"patient\": \"$PATIENT\", \"treated_at\": \"$TREATED\", \"device\": \"dermaroller\", \"depth\": \"deep\", \"skin\": \"sensitive\"}"
cp "$T/body" "$T/c1.json"
secure "create"
js "create: fields" "assert sorted(j) == sorted(['id', 'patient', 'treated_at', 'device', 'depth', 'skin', 'created_at', 'link', 'calendar', 'json', 'zone']), j
assert j['zone'] == 'Europe/London', j
assert isinstance(j['id'], int) and j['id'] >= 1, j
assert j['patient'] == '$PATIENT' and j['device'] == 'dermaroller' and j['depth'] == 'deep' and j['skin'] == 'sensitive', j
assert j['treated_at'] == '2026-11-20T10:00:00+00:00', j
import re
t = j['link'][3:]
assert j['link'].startswith('/p/') and re.fullmatch('[A-Za-z0-9_-]{32}', t), j
assert j['calendar'] == j['link'] + '.ics' and j['json'] == j['link'] + '.json', j"
ID1=$(jget "$T/c1.json" "j['id']")
TOK1=$(token_of "$T/c1.json")
echo "$TOK1" >>"$T/tokens"
header "Location: /api/treatments/$ID1" "create"
req "GET by id" 200 -H "$A" "$B/api/treatments/$ID1"
py "GET equals POST's answer" "assert json.load(open(sys.argv[1])) == json.load(open(sys.argv[2]))" "$T/body" "$T/c1.json"
secure "GET by id"
req "HEAD by id" 200 -I -H "$A" "$B/api/treatments/$ID1"

post "create, defaults" 201 '{"patient": "Second Patient", "treated_at": "2026-11-20T09:30"}'
cp "$T/body" "$T/c2.json"
js "create, defaults" "assert j['device'] == 'pen' and j['depth'] == 'unspecified' and j['skin'] == 'unspecified', j
assert j['treated_at'] == '2026-11-20T09:30:00+00:00' and j['id'] != $ID1, j"
ID2=$(jget "$T/c2.json" "j['id']")
TOK2=$(token_of "$T/c2.json")
echo "$TOK2" >>"$T/tokens"
[ "$TOK1" != "$TOK2" ] && ok || bad "two treatments, one token: $TOK1"
py "two tokens share no selector" "assert sys.argv[1][:12] != sys.argv[2][:12]" "$TOK1" "$TOK2"

UNI="Zoë Ångström ✓ 李"
post "a name in UTF-8" 201 "{\"patient\": \"$UNI\", \"treated_at\": \"2026-11-21\"}"
js "a name in UTF-8" "assert j['patient'] == '$UNI' and j['treated_at'] == '2026-11-21T00:00:00+00:00', j"
TOK3=$(token_of "$T/body")
echo "$TOK3" >>"$T/tokens"
ID3=$(jget "$T/body" "j['id']")
req "a name in UTF-8, GET" 200 -H "$A" "$B/api/treatments/$ID3"
js "a name in UTF-8, GET" "assert j['patient'] == '$UNI', j"
P200=$(head -c 100 /dev/zero | tr '\0' x)$(head -c 100 /dev/zero | tr '\0' y)
post "a name of 200 bytes" 201 "{\"patient\": \"$P200\", \"treated_at\": \"$TREATED\"}"
js "a name of 200 bytes" "assert j['patient'] == '$P200', j"
token_of "$T/body" >>"$T/tokens"
PE=$(i=0; while [ $i -lt 100 ]; do printf 'é'; i=$((i + 1)); done)	# 200 bytes, 100 chars
post "a name of 200 bytes in UTF-8" 201 "{\"patient\": \"$PE\", \"treated_at\": \"$TREATED\"}"
token_of "$T/body" >>"$T/tokens"
# a time more than a day ahead is a 409 that names it, and nothing is stored, until confirmed
# (docs/desk.md, "Warnings")
req "a treatment in the future, unconfirmed" 409 -H "$A" -X POST \
	--data-binary '{"patient": "Future", "treated_at": "2099-01-01 09:00"}' "$B/api/treatments"
js "a treatment in the future, unconfirmed" "assert 'day ahead' in j['error'] and [w['code'] for w in j['warnings']] == ['ahead'], j"
post "a treatment in the future" 201 '{"patient": "Future", "treated_at": "2099-01-01 09:00", "confirm": true}'
TOKF=$(token_of "$T/body")
echo "$TOKF" >>"$T/tokens"
req "the future treatment's .json" 200 "$B/p/$TOKF.json"
js "the future treatment's .json" "assert j['treatment']['treated_at'].startswith('2099-01-01T09:00'), j"
req "the future treatment's .ics" 200 "$B/p/$TOKF.ics"
req "the future treatment's page" 200 "$B/p/$TOKF"

# ---- the patient's side: the .json against `aftercare plan` at the same moment ----
"$BIN" plan --format json --treated "$TREATED" --device dermaroller --depth deep --skin sensitive >"$T/plan.json"
req "patient .json" 200 "$B/p/$TOK1.json"
cp "$T/body" "$T/p1.json"
secure "patient .json"
js "patient .json: the treatment" "assert list(j) == ['treatment', 'plan'], list(j)
t = j['treatment']
assert t['treated_at'] == '2026-11-20T10:00:00+00:00' and t['device'] == 'dermaroller', t
assert t['depth'] == 'deep' and t['skin'] == 'sensitive', t
assert t['calendar'] == '/p/$TOK1.ics', t"
py "patient .json: the plan equals the command's" "p = json.load(open(sys.argv[1]))['plan']
c = json.load(open(sys.argv[2]))
assert sorted(p) == sorted(c), (sorted(p), sorted(c))
for k in ('treated_at', 'profile', 'red_flags', 'milestones', 'settled_after_hours', 'settled_at'):
    assert p[k] == c[k], (k, p[k], c[k])
assert [a['id'] if isinstance(a, dict) and 'id' in a else a for a in p['activities']] == \
       [a['id'] if isinstance(a, dict) and 'id' in a else a for a in c['activities']]
assert c['milestones'] and c['red_flags']" "$T/p1.json" "$T/plan.json"
py "patient .json: the treatment as posted" "p = json.load(open(sys.argv[1]))
c = json.load(open(sys.argv[2]))
for k in ('treated_at', 'device', 'depth', 'skin'):
    assert p['treatment'][k] == c[k] == p['plan']['profile'][k], k" "$T/p1.json" "$T/c1.json"
grep -qF "$PATIENT" "$T/p1.json" && bad "patient .json: names the patient" || ok
grep -qF "Quixote" "$T/p1.json" && bad "patient .json: names the patient (in part)" || ok
req "patient .json, a UTF-8 name" 200 "$B/p/$TOK3.json"
grep -qF "Ångström" "$T/body" && bad "patient .json: names the patient (UTF-8)" || ok
# "Zoë", not "Zo": a random 32-character token may hold "Zo" (it did, once in CI).
js "patient .json, a UTF-8 name" "assert 'Zoë' not in json.dumps(j, ensure_ascii=False) and '李' not in json.dumps(j, ensure_ascii=False), j['treatment']"

req "patient .ics" 200 "$B/p/$TOK1.ics"
cp "$T/body" "$T/p1.ics"
secure "patient .ics" "text/calendar"
grep -qF "$PATIENT" "$T/p1.ics" && bad "patient .ics: names the patient" || ok
grep -qF "Quixote" "$T/p1.ics" && bad "patient .ics: names the patient (in part)" || ok
py "patient .ics: parses, the first day and one VEVENT per moment of change" "import icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
events = list(cal.walk('VEVENT'))
n = len(set(m['elapsed_hours'] for m in json.load(open(sys.argv[2]))['plan']['milestones']))
assert n > 0 and len(events) == n + 1, (len(events), n)
assert all(e.get('DTSTART') and e.get('SUMMARY') and e.get('UID') for e in events)" "$T/p1.ics" "$T/p1.json"
grep -q '^Content-Disposition: attachment; filename="aftercare.ics"' "$T/headers" 2>/dev/null ||
	grep -qi '^Content-Disposition: attachment; filename="aftercare.ics"' "$T/head" 2>/dev/null ||
	curl -sI "$B/p/$TOK1.ics" | grep -qi '^Content-Disposition: attachment; filename="aftercare.ics"' &&
	ok || bad "patient .ics: no Content-Disposition"
req "patient page" 200 "$B/p/$TOK1"
secure "patient page" "text/html"
grep -qi '<html' "$T/body" && ok || bad "patient page: not HTML: $(head -c 200 "$T/body")"
grep -qF "Quixote" "$T/body" && bad "patient page: names the patient" || ok
req "patient page, HEAD" 200 -I "$B/p/$TOK1"
req "patient .json, HEAD" 200 -I "$B/p/$TOK1.json"
req "patient .json, no key needed even when sent wrong" 200 -H "Authorization: Bearer nope" "$B/p/$TOK1.json"

# ---- the page's own files: the same for everyone, may be cached (no-cache) ----
req "static index.html" 200 "$B/static/index.html"
header "X-Content-Type-Options: nosniff" "static index.html"
header "X-Frame-Options: DENY" "static index.html"
for f in "$WEB"/*.js "$WEB"/*.css "$WEB"/*.svg; do
	[ -f "$f" ] || continue
	req "static ${f##*/}" 200 "$B/static/${f##*/}"
	header "Cache-Control: no-cache" "static ${f##*/}"
	header "Content-Security-Policy: default-src 'none'" "static ${f##*/}"
	header "X-Content-Type-Options: nosniff" "static ${f##*/}"
	header "Referrer-Policy: no-referrer" "static ${f##*/}"
done
# the patient's page's service worker (docs/web.md, "Offline"): at the root, so that it may
# control /p/ without a Service-Worker-Allowed header; it may fetch from this server only
req "service worker" 200 "$B/sw.js"
header "Content-Type: text/javascript" "service worker"
header "Content-Security-Policy: default-src 'none'; connect-src 'self'" "service worker"
header "Cache-Control: no-cache" "service worker"
grep -qi '^Service-Worker-Allowed' "$T/hdr" && bad "service worker: Service-Worker-Allowed sent" || ok
cmp -s "$T/body" "$WEB/sw.js" && ok || bad "service worker: not web/sw.js"
req "service worker, POST" 405 -d '{}' "$B/sw.js"
req "patient page's CSP lets it register the worker" 200 "$B/p/$TOK1"
header "worker-src 'self'" "patient page's CSP"
error "static, no such file" 404 "'no such file' in j['error']" "$B/static/nope.js"
error "static, traversal" 404 "''" --path-as-is "$B/static/../api/treatments/1"

# ---- bad bodies: 400 naming what is wrong, 413 past 64 KB ----
bad_post "bad JSON" "'line 1, column' in j['error']" '{"patient": "A", "treated_at": "2026-11-20 10:00",}'
bad_post "empty body" "'JSON' in j['error']" ''
bad_post "not an object" "'object' in j['error']" '["A", "2026-11-20 10:00"]'
bad_post "a string" "'object' in j['error'] or 'JSON' in j['error']" '"A"'
bad_post "unknown field" "'colour' in j['error']" '{"patient": "A", "treated_at": "2026-11-20 10:00", "colour": "red"}'
bad_post "a field of another endpoint" "'treated' in j['error']" '{"patient": "A", "treated": "2026-11-20 10:00"}'
bad_post "a field of another endpoint: after" "'after' in j['error']" '{"patient": "A", "treated_at": "2026-11-20 10:00", "after": "1d"}'
bad_post "a field of the answer: id" "'id' in j['error']" '{"patient": "A", "treated_at": "2026-11-20 10:00", "id": "7"}'
bad_post "duplicate field" "'duplicate' in j['error']" '{"patient": "A", "patient": "B", "treated_at": "2026-11-20 10:00"}'
bad_post "missing patient" "'patient' in j['error']" '{"treated_at": "2026-11-20 10:00"}'
# treated_at: each kind of impossible time named (TZ=Europe/London here)
bad_post "treated_at before 1970" "'bad treated_at \"1969-12-31 10:00\": before 1970' in j['error']" '{"patient": "A", "treated_at": "1969-12-31 10:00"}'
bad_post "treated_at after 2100" "'bad treated_at \"2101-01-01 10:00\": after 2100' in j['error']" '{"patient": "A", "treated_at": "2101-01-01 10:00"}'
bad_post "treated_at in the year 0" "'before 1970' in j['error']" '{"patient": "A", "treated_at": "0000-01-01"}'
bad_post "treated_at in a gap" "'clocks go forward then, from GMT to BST' in j['error']" '{"patient": "A", "treated_at": "2026-03-29 01:30"}'
bad_post "treated_at 29 February 2026" "'there is no 29 February 2026' in j['error']" '{"patient": "A", "treated_at": "2026-02-29 10:00"}'
bad_post "missing treated_at" "'treated_at' in j['error']" '{"patient": "A"}'
bad_post "missing both" "'patient' in j['error']" '{}'
bad_post "empty patient" "'patient' in j['error']" '{"patient": "", "treated_at": "2026-11-20 10:00"}'
bad_post "patient of 201 bytes" "'patient' in j['error'] and '200' in j['error']" \
	"{\"patient\": \"${P200}z\", \"treated_at\": \"$TREATED\"}"
bad_post "patient of 201 bytes in UTF-8" "'patient' in j['error']" \
	"{\"patient\": \"${PE}z\", \"treated_at\": \"$TREATED\"}"
head -c 60000 /dev/zero | tr '\0' a >"$T/long"
printf '{"patient": "%s", "treated_at": "2026-11-20 10:00"}' "$(cat "$T/long")" >"$T/long.json"
error "patient of 60000 bytes" 400 "'patient' in j['error']" -H "$A" -X POST --data-binary @"$T/long.json" "$B/api/treatments"
for c in '\u0001' '\n' '\r' '\t' '\u001b[31m' '\u007f' '\u0085' '\u009b'; do
	bad_post "control character $c in patient" "'patient' in j['error'] and 'control' in j['error']" \
		"{\"patient\": \"A${c}B\", \"treated_at\": \"$TREATED\"}"
done
bad_post "a raw newline in a string" "'JSON' in j['error']" "$(printf '{"patient": "A\nB", "treated_at": "2026-11-20 10:00"}')"
bad_post "invalid UTF-8" "'JSON' in j['error']" "$(printf '{"patient": "A\377B", "treated_at": "2026-11-20 10:00"}')"
bad_post "NUL in patient" "'NUL' in j['error'] or '\\u0000' in j['error']" '{"patient": "A\u0000B", "treated_at": "2026-11-20 10:00"}'
bad_post "NUL alone in patient" "'NUL' in j['error'] or '\\u0000' in j['error']" '{"patient": "\u0000", "treated_at": "2026-11-20 10:00"}'
bad_post "NUL in treated_at" "'NUL' in j['error'] or '\\u0000' in j['error']" '{"patient": "A", "treated_at": "2026-11-20 10:00\u0000junk"}'
bad_post "NUL in device" "'NUL' in j['error'] or '\\u0000' in j['error']" '{"patient": "A", "treated_at": "2026-11-20 10:00", "device": "pen\u0000"}'
bad_post "patient a number" "'patient' in j['error']" '{"patient": 5, "treated_at": "2026-11-20 10:00"}'
bad_post "patient null" "'patient' in j['error']" '{"patient": null, "treated_at": "2026-11-20 10:00"}'
bad_post "patient an object" "'patient' in j['error']" '{"patient": {"name": "A"}, "treated_at": "2026-11-20 10:00"}'
bad_post "treated_at a number" "'treated_at' in j['error']" '{"patient": "A", "treated_at": 1795168800}'
bad_post "device an array" "'device' in j['error']" '{"patient": "A", "treated_at": "2026-11-20 10:00", "device": ["pen"]}'
bad_post "depth true" "'depth' in j['error']" '{"patient": "A", "treated_at": "2026-11-20 10:00", "depth": true}'
bad_post "skin a number" "'skin' in j['error']" '{"patient": "A", "treated_at": "2026-11-20 10:00", "skin": 1}'
bad_post "treated_at yesterday" "'bad treated_at' in j['error'] and 'yesterday' in j['error']" '{"patient": "A", "treated_at": "yesterday"}'
bad_post "treated_at 30 February" "'treated' in j['error'] and '2026-02-30' in j['error']" '{"patient": "A", "treated_at": "2026-02-30 10:00"}'
bad_post "treated_at 25:00" "'treated' in j['error']" '{"patient": "A", "treated_at": "2026-11-20 25:00"}'
bad_post "treated_at empty" "'treated' in j['error']" '{"patient": "A", "treated_at": ""}'
bad_post "bad device" "'device' in j['error'] and 'laser' in j['error']" '{"patient": "A", "treated_at": "2026-11-20 10:00", "device": "laser"}'
bad_post "bad depth" "'depth' in j['error'] and 'medium' in j['error']" '{"patient": "A", "treated_at": "2026-11-20 10:00", "depth": "medium"}'
bad_post "bad skin" "'skin' in j['error'] and 'purple' in j['error']" '{"patient": "A", "treated_at": "2026-11-20 10:00", "skin": "purple"}'
bad_post "empty device" "'device' in j['error']" '{"patient": "A", "treated_at": "2026-11-20 10:00", "device": ""}'
head -c 70000 /dev/zero | tr '\0' a >"$T/big"
printf '{"patient": "%s", "treated_at": "2026-11-20 10:00"}' "$(cat "$T/big")" >"$T/big.json"
error "a body over 64 KB" 413 "'too large' in j['error']" -H "$A" -X POST --data-binary @"$T/big.json" "$B/api/treatments"
error "a body over 64 KB, chunked" 413 "'too large' in j['error']" -H "$A" -X POST \
	-H 'Transfer-Encoding: chunked' --data-binary @"$T/big.json" "$B/api/treatments"
error "a body over 64 KB, no key" 413 "'too large' in j['error']" -X POST --data-binary @"$T/big.json" "$B/api/treatments"
req "the count after the refusals" 200 -H "$A" "$B/api/treatments/$ID1"	# nothing was added
NEXT=$(curl -s -H "$A" -X POST -d '{"patient": "Count", "treated_at": "2026-11-20 10:00"}' "$B/api/treatments" | tee "$T/body" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["id"])')
token_of "$T/body" >>"$T/tokens"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM treatment')" -eq "$NEXT" ] && ok ||
	bad "a refused POST stored a row: $(sqlite3 "$DB" 'SELECT count(*) FROM treatment') rows, last id $NEXT"

# treated_at that occurs twice: the later instant, and the answer says which (the stored
# time is an instant: reading it back needs no note)
post "create, an ambiguous time" 201 '{"patient": "Twice Told", "treated_at": "2026-10-25 01:30"}'
js "create, an ambiguous time" "assert j['treated_at'] == '2026-10-25T01:30:00+00:00' and 'occurs twice here (the clocks go back): read as the later, 2026-10-25T01:30:00+00:00' in j['treated_note'], j"
AMB=$(jget "$T/body" "j['id']")
jget "$T/body" "j['link'][3:]" >>"$T/tokens"
req "read back, an ambiguous time" 200 -H "$A" "$B/api/treatments/$AMB"
js "read back, an ambiguous time" "assert j['treated_at'] == '2026-10-25T01:30:00+00:00' and 'treated_note' not in j, j"
req "PATCH to an ambiguous time" 200 -H "$A" -X PATCH -d '{"treated_at": "2026-10-25 01:45"}' "$B/api/treatments/$AMB?confirm=true"
js "PATCH to an ambiguous time" "assert j['treated_at'] == '2026-10-25T01:45:00+00:00' and 'read as the later' in j['treated_note'], j"
req "delete the ambiguous one" 200 -H "$A" -X DELETE "$B/api/treatments/$AMB"

# ---- ids: anything but a live treatment's whole number is 404 ----
for id in 0 -1 abc 1.5 99999999999999999999 1000000000000000 "0$ID1" "+$ID1" "$ID1/" "$ID1.json" 999999 \
	"%20$ID1" "1e3"; do
	error "GET id \"$id\"" 404 "'no such treatment' in j['error']" -H "$A" "$B/api/treatments/$id"
done
for id in 0 abc 99999999999999999999 "0$ID1" 999999; do
	error "DELETE id \"$id\"" 404 "'no such treatment' in j['error']" -H "$A" -X DELETE "$B/api/treatments/$id"
done
error "GET /api/treatments/ (no id)" 404 "'no such' in j['error']" -H "$A" "$B/api/treatments/"
error "DELETE /api/treatments/ (no id)" 404 "'no such' in j['error']" -H "$A" -X DELETE "$B/api/treatments/"
req "bad ids deleted nothing" 200 -H "$A" "$B/api/treatments/$ID1"

# ---- methods: 405 with Allow ----
# GET /api/treatments lists (tests/server/desk.sh), PATCH changes (issue 14)
req "GET /api/treatments" 200 -H "$A" "$B/api/treatments"
js "GET /api/treatments" "assert isinstance(j['treatments'], list), j"
error "DELETE /api/treatments" 405 "'DELETE' in j['error']" -H "$A" -X DELETE "$B/api/treatments"
header "Allow: GET, HEAD, POST" "DELETE /api/treatments"
error "PUT /api/treatments" 405 "'PUT' in j['error']" -H "$A" -X PUT -d '{}' "$B/api/treatments"
header "Allow: GET, HEAD, POST" "PUT /api/treatments"
error "POST /api/treatments/ID" 405 "'POST' in j['error']" -H "$A" -X POST -d '{}' "$B/api/treatments/$ID1"
header "Allow: GET, HEAD, DELETE, PATCH" "POST /api/treatments/ID"
error "PUT /api/treatments/ID" 405 "'PUT' in j['error']" -H "$A" -X PUT -d '{}' "$B/api/treatments/$ID1"
header "Allow: GET, HEAD, DELETE, PATCH" "PUT /api/treatments/ID"
error "PATCH /api/treatments/ID, nothing to change" 400 "'nothing to change' in j['error']" -H "$A" -X PATCH -d '{}' "$B/api/treatments/$ID1"
error "PATCH treated_at after 2100" 400 "'bad treated_at \"2101-01-01 10:00\": after 2100' in j['error']" -H "$A" -X PATCH -d '{"treated_at": "2101-01-01 10:00"}' "$B/api/treatments/$ID1"
error "PATCH treated_at before 1970" 400 "'before 1970' in j['error']" -H "$A" -X PATCH -d '{"treated_at": "1969-01-01"}' "$B/api/treatments/$ID1"
error "PATCH treated_at in a gap" 400 "'clocks go forward' in j['error']" -H "$A" -X PATCH -d '{"treated_at": "2026-03-29 01:00"}' "$B/api/treatments/$ID1"
error "the list, a day before 1970" 400 "'bad date \"1969-12-31\": before 1970' in j['error']" -H "$A" "$B/api/treatments?date=1969-12-31"
error "the list, a day after 2100" 400 "'bad date \"2101-01-01\": after 2100' in j['error']" -H "$A" "$B/api/treatments?date=2101-01-01"
error "the list, 30 February" 400 "'no such day' in j['error']" -H "$A" "$B/api/treatments?date=2026-02-30"
req "the list, the last day" 200 -H "$A" "$B/api/treatments?date=2100-12-31"
req "the list, the first day" 200 -H "$A" "$B/api/treatments?date=1970-01-01"
req "PATCHes that failed changed nothing" 200 -H "$A" "$B/api/treatments/$ID1"
js "PATCHes that failed changed nothing" "assert j['treated_at'] == '2026-11-20T10:00:00+00:00', j"
error "POST /api/treatments/ID, no key" 405 "'POST' in j['error']" -X POST -d '{}' "$B/api/treatments/$ID1"
error "POST /p/TOKEN" 405 "'POST' in j['error']" -X POST -d '{}' "$B/p/$TOK1"
header "Allow: GET, HEAD" "POST /p/TOKEN"
error "DELETE /p/TOKEN" 405 "'DELETE' in j['error']" -X DELETE "$B/p/$TOK1"
header "Allow: GET, HEAD" "DELETE /p/TOKEN"
error "DELETE /p/TOKEN.json" 405 "'DELETE' in j['error']" -X DELETE "$B/p/$TOK1.json"
error "POST /p/TOKEN.ics" 405 "'POST' in j['error']" -X POST -d '' "$B/p/$TOK1.ics"
req "the page after the 405s" 200 "$B/p/$TOK1.json"

# ---- tokens: only the exact token opens the page ----
TOK=$TOK1
swap() { case $1 in A) echo B ;; *) echo A ;; esac; }
LAST=$(printf '%s' "$TOK" | cut -c32)
FIRST=$(printf '%s' "$TOK" | cut -c1)
MID=$(printf '%s' "$TOK" | cut -c17)
V_LAST=$(printf '%s' "$TOK" | cut -c1-31)$(swap "$LAST")
V_FIRST=$(swap "$FIRST")$(printf '%s' "$TOK" | cut -c2-32)
V_MID=$(printf '%s' "$TOK" | cut -c1-16)$(swap "$MID")$(printf '%s' "$TOK" | cut -c18-32)
V_SEL=$(printf '%s' "$TOK" | cut -c1-12)$(printf '%s' "$TOK2" | cut -c13-32)	# 1's selector, 2's rest
V_LOWER=$(printf '%s' "$TOK" | tr 'A-Z' 'a-z')
V_UPPER=$(printf '%s' "$TOK" | tr 'a-z' 'A-Z')
V_SWAP=$(printf '%s' "$TOK" | tr 'A-Za-z' 'a-zA-Z')
for v in "$V_LAST" "$V_FIRST" "$V_MID" "$V_SEL" "$V_LOWER" "$V_UPPER" "$V_SWAP"; do
	echo "$v" >>"$T/tokens"
done
nf="'no such page' in j['error']"
for suffix in "" ".json" ".ics"; do
	error "token, last char changed$suffix" 404 "$nf" "$B/p/$V_LAST$suffix"
	error "token, first char changed$suffix" 404 "$nf" "$B/p/$V_FIRST$suffix"
	error "token, a middle char changed$suffix" 404 "$nf" "$B/p/$V_MID$suffix"
	error "token, another's selector$suffix" 404 "$nf" "$B/p/$V_SEL$suffix"
	error "token + a char$suffix" 404 "$nf" "$B/p/${TOK}A$suffix"
	error "token less its last char$suffix" 404 "$nf" "$B/p/${TOK%?}$suffix"
	for v in "$V_LOWER" "$V_UPPER" "$V_SWAP"; do
		[ "$v" = "$TOK" ] && continue	# no letters of that case: no variant
		error "token, another case$suffix" 404 "$nf" "$B/p/$v$suffix"
	done
done
error "token.exe" 404 "$nf" "$B/p/$TOK.exe"
error "token.json.ics" 404 "$nf" "$B/p/$TOK.json.ics"
error "token.JSON" 404 "$nf" "$B/p/$TOK.JSON"
error "token." 404 "$nf" "$B/p/$TOK."
error "token/" 404 "''" "$B/p/$TOK/"
error "token/.json" 404 "''" "$B/p/$TOK/.json"
error "/p/ alone" 404 "''" "$B/p/"
error "/p alone" 404 "''" "$B/p"
error "/p/.json" 404 "''" "$B/p/.json"
error "32 dots" 404 "''" --path-as-is "$B/p/................................"
req "path traversal /p/../api/treatments/ID" 404 --path-as-is -H "$A" "$B/p/../api/treatments/$ID1"
js "path traversal /p/../api/treatments/ID" "assert list(j) == ['error'] and 'patient' not in j, j"
req "path traversal, encoded" 404 --path-as-is -H "$A" "$B/p/%2e%2e/api/treatments/$ID1"
js "path traversal, encoded" "assert list(j) == ['error'], j"
req "path traversal /p/TOKEN/../../api/treatments/ID" 404 --path-as-is -H "$A" "$B/p/$TOK/../../api/treatments/$ID1"
js "path traversal /p/TOKEN/../../api/treatments/ID" "assert list(j) == ['error'], j"
req "the token in a query" 404 "$B/p/?token=$TOK"
req "the token in the query of the json" 404 "$B/p/.json?t=$TOK"

# ---- DELETE: the patient's links and the id are gone, a second DELETE is 404 ----
req "DELETE" 200 -H "$A" -X DELETE "$B/api/treatments/$ID2"
js "DELETE" "assert j == {'id': $ID2, 'deleted': True, 'erased': True}, j"
secure "DELETE"
for suffix in "" ".json" ".ics"; do
	error "deleted: /p/TOKEN$suffix" 404 "$nf" "$B/p/$TOK2$suffix"
done
error "deleted: GET id" 404 "'no such treatment' in j['error']" -H "$A" "$B/api/treatments/$ID2"
error "deleted: DELETE again" 404 "'no such treatment' in j['error']" -H "$A" -X DELETE "$B/api/treatments/$ID2"
# in a browser (Accept: text/html), the removed link is the page with a 404: the page says
# what is wrong in words; its .json stays the JSON 404
req "deleted: opened in a browser" 404 -H "Accept: text/html,application/xhtml+xml,*/*;q=0.8" "$B/p/$TOK2"
secure "deleted: opened in a browser" "text/html"
grep -q '<html' "$T/body" && ok || bad "deleted, in a browser: not the page: $(head -c 200 "$T/body")"
if grep -qF "$TOK2" "$T/body"; then bad "the 404 page carries the token"; else ok; fi
req "deleted: the others stay" 200 "$B/p/$TOK1.json"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM treatment WHERE id = $ID2")" = 0 ] && ok || bad "deleted: the row is still in the file"
# An id is never handed out twice: a clinic's stale id (or a retried DELETE) must not reach
# another patient's treatment.
post "after a DELETE of the newest" 201 '{"patient": "Newest", "treated_at": "2026-11-20 10:00"}'
IDN=$(jget "$T/body" "j['id']")
token_of "$T/body" >>"$T/tokens"
req "DELETE the newest" 200 -H "$A" -X DELETE "$B/api/treatments/$IDN"
post "create after deleting the newest" 201 '{"patient": "Someone Else", "treated_at": "2026-11-20 10:00"}'
IDR=$(jget "$T/body" "j['id']")
TOKR=$(token_of "$T/body")
echo "$TOKR" >>"$T/tokens"
[ "$IDR" != "$IDN" ] && ok || bad "the id $IDN of a deleted treatment was handed out again (to another patient)"
error "the deleted id stays deleted" 404 "'no such treatment' in j['error']" -H "$A" "$B/api/treatments/$IDN"

# ---- errors carry the headers too ----
req "401 headers" 401 "$B/api/treatments/$ID1"
secure "401 headers"
req "404 headers" 404 "$B/p/$V_LAST"
secure "404 headers"
header "Content-Length:" "404 headers"

# ---- the log: one line a request, /p/[token] and never a token ----
# (a request whose path only looks like a patient's: its token is not logged either)
req "a token after a double slash" 404 --path-as-is "$B//p/$TOK1"
req "a token after /P/" 404 "$B/P/$TOK1.json"
# a decoded newline cannot forge a line of the log
req "a newline in the path" 404 "$B/p/abc%0aGET%20/forged%20200"
# "%00" would cut a path short: /p/TOKEN%00junk is not another name for the page
req "a %00 after a token" 404 "$B/p/$TOK1%00junk"
req "a %00 after .json" 404 "$B/p/$TOK1.json%00junk"
req "a %00 in a value" 400 "$B/api/when?activity=swim%00ming"

# ---- a deleted treatment leaves nothing of itself in the store's files, WAL included ----
req "create one to delete" 201 -H "$A" -d '{"patient":"Ephemeral Zoë","treated_at":"2026-11-20 10:00"}' "$B/api/treatments"
EID=$(jget "$T/body" "j['id']")
ETOK=$(jget "$T/body" "j['link'][3:]")
echo "$ETOK" >>"$T/tokens"
req "delete it" 200 -H "$A" -X DELETE "$B/api/treatments/$EID"
js "delete it: erased at once" "assert j == {'id': $EID, 'deleted': True, 'erased': True}, j"
if cat "$DB" "$DB-wal" 2>/dev/null | grep -aqe "Ephemeral" -e "$ETOK"; then
	bad "a deleted treatment's name or token is still in $DB or its WAL"
else ok; fi

# ---- ... also when the checkpoint fails at first (another program reading the file): the
# failure is logged, and the checkpoint tried again until the bytes are gone ----
req "create one to delete while read" 201 -H "$A" -d '{"patient":"Lingering Xavier","treated_at":"2026-11-20 10:00"}' "$B/api/treatments"
LID=$(jget "$T/body" "j['id']")
jget "$T/body" "j['link'][3:]" >>"$T/tokens"
"$PY" - "$DB" "$T/reading" "$T/release" <<'PYEOF' &
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN")
db.execute("SELECT count(*) FROM treatment").fetchall()	# a read snapshot, held
open(sys.argv[2], "w").close()
for _ in range(100):
    if os.path.exists(sys.argv[3]):
        break
    time.sleep(0.1)
db.execute("COMMIT")
db.close()
PYEOF
READER=$!
i=0
while [ ! -e "$T/reading" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
req "delete it while another program reads" 200 -H "$A" -X DELETE "$B/api/treatments/$LID"
js "the reply says the erase is pending" "assert j['id'] == $LID and j['deleted'] is True and j['erased'] is False and 'still in the store' in j['note'] and 'tries again' in j['note'], j"
grep -q "treatment $LID is deleted, but its bytes are still in the WAL" "$T/log1" && ok ||
	bad "a failed checkpoint is not logged"
grep -aq "Lingering Xavier" "$DB-wal" && ok || bad "the reader did not keep the name in the WAL (the test proves nothing)"
touch "$T/release"
wait "$READER"
i=0
while cat "$DB" "$DB-wal" 2>/dev/null | grep -aq "Lingering Xavier" && [ $i -lt 40 ]; do sleep 0.1; i=$((i + 1)); done
if cat "$DB" "$DB-wal" 2>/dev/null | grep -aq "Lingering Xavier"; then
	bad "the deleted name stays in the store's files once the reader is gone"
else ok; fi
grep -q "the WAL checkpoint is done" "$T/log1" && ok || bad "the checkpoint's success is not logged"

# ---- another program holding the store's lock: a quick 503, never a stalled server ----
"$PY" - "$DB" "$T/locked" <<'PYEOF' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=5)
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT INTO treatment(token, selector, patient, treated_at, device, depth, skin, created_at) VALUES ('x'||hex(randomblob(16)), hex(randomblob(8)), 'lock', 0, 'pen', 'deep', 'oily', 0)")
open(sys.argv[2], "w").close()	# the lock is held from now on
time.sleep(4)
db.execute("ROLLBACK")
PYEOF
LOCKER=$!
i=0
while [ ! -e "$T/locked" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
t0=$(date +%s%N)
req "a write while another program holds the lock" 503 -H "$A" -d '{"patient":"Busy","treated_at":"2026-11-20 10:00"}' "$B/api/treatments"
header "Retry-After: 1" "503"
req "pages are served meanwhile" 200 "$B/p/$TOK1.json"
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$ms" -lt 2000 ] && ok || bad "the store's lock held the server for $ms ms"
wait "$LOCKER"
req "the write goes through once the lock is gone" 201 -H "$A" -d '{"patient":"Busy","treated_at":"2026-11-20 10:00"}' "$B/api/treatments"
jget "$T/body" "j['link'][3:]" >>"$T/tokens"
grep -q "store busy: database is locked" "$T/log1" && ok || bad "the busy store is not in the log"
# bytes from the client that would drive a terminal or forge a line: a method with escape
# sequences and a CR (raw on the wire), a path decoding to a bidi override and a C1 control,
# a header libmicrohttpd itself refuses (its own message goes to the log)
"$PY" - "$PORT" <<'PYEOF'
import socket, sys
for raw in (b"G\x1b]0;PWNED\x07\x1b[2J\x1b[31mET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
            b"POST\rGET /p/forged 200\r /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET /api/x%E2%80%AEgpj.exe%C2%9B2J HTTP/1.1\r\nHost: x\r\n\r\n",
            b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Length: \x1b[2J\r\n\r\n"):
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
    s.sendall(raw)
    s.recv(65536)
    s.close()
PYEOF
req "alive after hostile heads" 200 "$B/healthz"
"$PY" - "$T/log1" <<'PYEOF' && ok || bad "client bytes reach the log raw: $(grep -a PWNED "$T/log1" | cat -v)"
import sys
log = open(sys.argv[1], "rb").read()
assert b"\x1b" not in log and b"\r" not in log and b"\x07" not in log, "raw control bytes"
assert "\u202e".encode() not in log and b"\xc2\x9b" not in log, "a bidi override or C1 control"
assert b"G\\x1B]0;PWNED\\x07\\x1B[2J\\x1B[31mET /healthz 400\n" in log, "the method, escaped"
assert b"POST\\x0DGET /p/forged%20200%0D%20/healthz 400\n" in log, "the CR, escaped"
assert b"GET /api/x\\u202Egpj.exe\\u009B2J 404\n" in log, "the decoded path, escaped"
PYEOF
grep -q "^GET /forged" "$T/log1" && bad "a request forged a line of the log" || ok
grep -qF "/p/abc%0AGET%20/forged%20200 404" "$T/log1" && ok || bad "the newline is not shown encoded"
stop "with the key"
for f in "$T"/log0 "$T"/log1; do cat "$f"; done >"$T/alllog"
grep -qF "GET /p/[token] 200" "$T/alllog" && ok || bad "log: no \"GET /p/[token] 200\""
grep -qF "GET /p/[token].json 200" "$T/alllog" && ok || bad "log: no \"GET /p/[token].json 200\""
grep -qF "GET /p/[token].ics 404" "$T/alllog" && ok || bad "log: no \"GET /p/[token].ics 404\""
grep -qF "POST /api/treatments 201" "$T/alllog" && ok || bad "log: no \"POST /api/treatments 201\""
grep -qF "DELETE /api/treatments/$ID2 200" "$T/alllog" && ok || bad "log: no DELETE line"

# ==== 3. restart on the same file: everything is still there ====
start "$DB" "$KEY" "$T/log2"
req "restart: GET by id" 200 -H "$A" "$B/api/treatments/$ID1"
py "restart: the same treatment" "assert json.load(open(sys.argv[1])) == json.load(open(sys.argv[2]))" "$T/body" "$T/c1.json"
req "restart: GET a UTF-8 name" 200 -H "$A" "$B/api/treatments/$ID3"
js "restart: GET a UTF-8 name" "assert j['patient'] == '$UNI', j"
req "restart: the .json by token" 200 "$B/p/$TOK1.json"
js "restart: the .json by token" "assert j['treatment']['device'] == 'dermaroller' and j['plan']['milestones'], j['treatment']"
req "restart: the .ics by token" 200 "$B/p/$TOK1.ics"
cmp -s "$T/body" "$T/p1.ics" || py "restart: the same .ics (but DTSTAMP)" "import re
a, b = (re.sub(r'DTSTAMP:[0-9TZ]+', '', open(f).read()) for f in sys.argv[1:])
assert a == b" "$T/body" "$T/p1.ics"
req "restart: the page by token" 200 "$B/p/$TOK3"
error "restart: the deleted stays deleted" 404 "$nf" "$B/p/$TOK2.json"
error "restart: the deleted id" 404 "'no such treatment' in j['error']" -H "$A" "$B/api/treatments/$ID2"
post "restart: a new treatment" 201 '{"patient": "After restart", "treated_at": "2026-11-22 08:00"}'
TOKA=$(token_of "$T/body")
echo "$TOKA" >>"$T/tokens"
js "restart: a new id" "assert j['id'] > $ID3, j"
req "restart: the new one's page" 200 "$B/p/$TOKA.json"
stop "restart"
cat "$T/log2" >>"$T/alllog"

leaked=0
while read -r tok; do
	[ -n "$tok" ] || continue
	if grep -qF -- "$tok" "$T/alllog"; then
		leaked=$((leaked + 1))
		bad "log: a token: $(grep -F -- "$tok" "$T/alllog" | head -2)"
	fi
done <"$T/tokens"
[ "$(grep -c . "$T/tokens")" -ge 10 ] && ok || bad "log: too few tokens checked"
grep -qF "/p/[token]" "$T/log2" && ok || bad "restart log: no /p/[token]"

# ---- the file ----
[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] && ok || bad "integrity_check: $(sqlite3 "$DB" 'PRAGMA integrity_check' 2>&1)"
[ "$(sqlite3 "$DB" 'PRAGMA journal_mode')" = wal ] && ok || bad "journal_mode: $(sqlite3 "$DB" 'PRAGMA journal_mode' 2>&1)"
[ "$(sqlite3 "$DB" 'PRAGMA user_version')" -ge 1 ] && ok || bad "user_version: $(sqlite3 "$DB" 'PRAGMA user_version' 2>&1)"

# ==== 4. the command line ====
# refuse NAME STATUS SAYS KEY SERVE-ARGS...: the server (key KEY, "" for none) refuses to
# start: exit STATUS, and stderr says SAYS
refuse() {
	rname=$1 rwant=$2 rsays=$3 rkey=$4
	shift 4
	if [ -n "$rkey" ]; then
		AFTERCARE_API_KEY=$rkey timeout 20 "$BIN" serve --listen 127.0.0.1:0 "$@" >"$T/out" 2>"$T/err"
	else
		timeout 20 "$BIN" serve --listen 127.0.0.1:0 "$@" >"$T/out" 2>"$T/err"
	fi
	got=$?
	[ "$got" -eq "$rwant" ] && ok || bad "$rname: exit $got, want $rwant: $(cat "$T/err")"
	grep -qF -- "$rsays" "$T/err" && ok || bad "$rname: stderr does not say \"$rsays\": $(cat "$T/err")"
}
refuse "--db in a missing directory" 2 "$T/no/such/dir/x.db" "$KEY" --db "$T/no/such/dir/x.db"
[ ! -e "$T/no" ] && ok || bad "--db in a missing directory: created it"
head -c 8192 /dev/urandom >"$T/garbage.db"
cp "$T/garbage.db" "$T/garbage.orig"
refuse "--db of garbage bytes" 2 "$T/garbage.db" "$KEY" --db "$T/garbage.db"
grep -qiF "not a database" "$T/err" && ok || bad "--db of garbage bytes: the message: $(cat "$T/err")"
cmp -s "$T/garbage.db" "$T/garbage.orig" && ok || bad "--db of garbage bytes: the file was changed"
printf 'name,treated\nA,2026-11-20\n' >"$T/text.db"
cp "$T/text.db" "$T/text.orig"
refuse "--db of a short text file" 2 "$T/text.db" "$KEY" --db "$T/text.db"
cmp -s "$T/text.db" "$T/text.orig" && ok || bad "--db of a short text file: the file was changed"
refuse "--db a directory" 2 "$T" "$KEY" --db "$T"
refuse "a key of 15 characters" 2 "16" "${KEY%?}" --db "$T/k.db"
refuse "a key of 1 character" 2 "16" k --db "$T/k.db"
refuse "--api-key of 15 characters" 2 "16" "" --api-key "${KEY%?}" --db "$T/k.db"
[ ! -e "$T/k.db" ] && ok || bad "a short key: the store was created anyway"
# a key no client can send as "Bearer KEY" (RFC 6750 section 2.1) stops the start
refuse "a key with a space" 2 "RFC 6750" "$KEY $KEY" --db "$T/k.db"
refuse "a key with a trailing space" 2 "RFC 6750" "$KEY " --db "$T/k.db"
refuse "a key with a tab" 2 "RFC 6750" "$(printf '%s\t%s' "$KEY" "$KEY")" --db "$T/k.db"
refuse "a key with a newline" 2 "RFC 6750" "$(printf '%s\nx' "$KEY")" --db "$T/k.db"
refuse "a key with an escape" 2 "RFC 6750" "$(printf '%s\033[2J' "$KEY")" --db "$T/k.db"
refuse "a key with a non-ASCII letter" 2 "RFC 6750" "${KEY}é" --db "$T/k.db"
refuse "a key with a quote" 2 "RFC 6750" "${KEY}\"" --db "$T/k.db"
refuse "a key with = inside" 2 "RFC 6750" "a=$KEY" --db "$T/k.db"
refuse "--api-key with a space" 2 "RFC 6750" "" --api-key "$KEY $KEY" --db "$T/k.db"
[ ! -e "$T/k.db" ] && ok || bad "an unsendable key: the store was created anyway"

# ==== a file-size limit (ulimit -f): a write past it fails (500, "the store failed") and the
# server goes on; SIGXFSZ does not kill it ====
cat >"$T/limited" <<EOF
#!/bin/sh
exec "$PY" -c 'import os, resource, signal, sys
resource.setrlimit(resource.RLIMIT_FSIZE, (131072, 131072))
signal.signal(signal.SIGXFSZ, signal.SIG_DFL)	# Python ignores it, and exec would keep that
os.execv(sys.argv[1], sys.argv[1:])' "$BIN" "\$@"
EOF
chmod +x "$T/limited"
REALBIN=$BIN
BIN=$T/limited
start "$T/small.db" "$KEY" "$T/log4"
BIN=$REALBIN
LONG=$("$PY" -c "print('p' * 190)")
i=0
got=
while [ $i -lt 60 ]; do
	got=$(curl -s -o "$T/body" -w '%{http_code}' -H "$A" -d "{\"patient\":\"$LONG$i\",\"treated_at\":\"2026-11-20 10:00\"}" "$B/api/treatments")
	[ "$got" = 201 ] || break
	i=$((i + 1))
done
[ "$got" = 500 ] && ok || bad "file-size limit: HTTP $got after $i treatments, want 500: $(cat "$T/body")"
js "file-size limit" "assert j == {'error': 'the store failed; nothing was changed'}, j"
[ $i -gt 0 ] && ok || bad "file-size limit: not one treatment stored"
req "file-size limit: the server lives" 200 "$B/healthz"
req "file-size limit: what was stored is served" 200 -H "$A" "$B/api/treatments/1"
grep -q "aftercare: store error" "$LOG" && ok || bad "file-size limit: the failure is not logged: $(tail -3 "$LOG")"
kill -TERM "$PID"
wait "$PID"
st=$?
PID=
[ "$st" -eq 0 ] && ok || bad "file-size limit: stop: exit $st: $(tail -3 "$LOG")"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
