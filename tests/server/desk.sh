#!/bin/sh
# End-to-end tests of the clinic desk (docs/desk.md): `aftercare staff`, sign-in at /clinic,
# the session cookie's flags, CSRF, idle expiry, the lockout of wrong passwords, the
# treatments list (paged over 10,000 rows, in order, none lost), PATCH keeping the patient's link,
# the warnings that need confirming, the audit, clinic.yaml (lint, absolute links, the
# clinic's words). Loopback only.
# Usage: tests/server/desk.sh BUILD/aftercare. Prints "N passed, M failed".
set -u
BIN=${1:?usage: desk.sh path/to/aftercare}
export TZ=Europe/London NO_COLOR=1
unset AFTERCARE_API_KEY
PY=/usr/bin/python3
T=$(mktemp -d)
. "$(dirname "$0")/lib.sh"
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT INT TERM
KEY=desk-test-key-$$-0123456789
A="Authorization: Bearer $KEY"
DB=$(test_db db) || exit 1
DB2=$(test_db db2) || exit 1
PW=correct-horse-battery
NOW=$(date '+%Y-%m-%d %H:%M')
TODAY=$(date '+%Y-%m-%d')

# ==== the staff command ====
echo short | "$BIN" staff add alice --db "$DB" 2>"$T/err"
[ $? -eq 2 ] && grep -q 'too short' "$T/err" && ok || bad "staff add, short password: $(cat "$T/err")"
echo "$PW" | "$BIN" staff add alice --owner --db "$DB" 2>"$T/err" && ok || bad "staff add: $(cat "$T/err")"
echo "$PW" | "$BIN" staff add alice --db "$DB" 2>"$T/err"
[ $? -eq 2 ] && grep -q 'exists' "$T/err" && ok || bad "staff add, existing: $(cat "$T/err")"
echo "$PW" | "$BIN" staff add 'bad name' --db "$DB" 2>"$T/err"
[ $? -eq 2 ] && ok || bad "staff add, bad name"
echo "$PW-bob" | "$BIN" staff add bob --db "$DB" 2>"$T/err" && ok || bad "staff add bob: $(cat "$T/err")"
[ "$("$BIN" staff list --db "$DB")" = "alice (owner)
bob" ] && ok || bad "staff list: $("$BIN" staff list --db "$DB")"
db_sql "$DB" "SELECT hash FROM staff WHERE name = 'alice'" | grep -q '^\$argon2id\$v=19\$m=65536,t=2,p=1\$' &&
	ok || bad "the hash is not Argon2id: $(db_sql "$DB" 'SELECT hash FROM staff')"
db_sql "$DB" "SELECT hash FROM staff" | grep -qF "$PW" && bad "a password in the store" || ok
"$BIN" staff remove nobody --db "$DB" 2>/dev/null; [ $? -eq 2 ] && ok || bad "staff remove, unknown"

AFTERCARE_SESSION_IDLE=10 AFTERCARE_API_KEY=$KEY "$BIN" serve --listen 127.0.0.1:0 --db "$DB" >"$T/log" 2>&1 &
PID=$!
i=0
while [ $i -lt 100 ]; do
	B=$(sed -n 's|^aftercare: serving on \(http://[^/]*\)/.*|\1|p' "$T/log")
	[ -n "$B" ] && break
	sleep 0.1
	i=$((i + 1))
done
[ -n "$B" ] && ok || { bad "no server: $(cat "$T/log")"; echo "$pass passed, $fail failed"; exit 1; }

# signin NAME PASSWORD [CURL-ARGS]: POST the form; the status in $T/code, headers in $T/hdr
signin() {
	sn=$1 sp=$2
	shift 2
	curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' --data-urlencode "name=$sn" \
		--data-urlencode "password=$sp" "$@" "$B/clinic/sign-in" >"$T/code"
}
cookie() { sed -n 's/^Set-Cookie: \([^;]*\);.*/\1/p' "$T/hdr" | tr -d '\r'; }

# ==== sign-in ====
req "/clinic signed out: the sign-in page" 200 "$B/clinic"
grep -q 'action="/clinic/sign-in"' "$T/body" && ok || bad "no sign-in form"
header "Content-Security-Policy: default-src 'none'; script-src 'self'" "/clinic"
signin alice wrong-password-here
[ "$(cat "$T/code")" = 401 ] && ok || bad "wrong password: $(cat "$T/code")"
grep -qi '^Set-Cookie' "$T/hdr" && bad "wrong password: a cookie" || ok
signin alice wrong-password-here -H 'Accept: text/html'
[ "$(cat "$T/code")" = 303 ] && grep -qi '^Location: /clinic?signin=failed' "$T/hdr" && ok ||
	bad "wrong password from a browser: $(cat "$T/code") $(cat "$T/hdr")"
signin nobody "$PW"
[ "$(cat "$T/code")" = 401 ] && ok || bad "unknown name: $(cat "$T/code")"
signin alice "$PW" -H "Origin: http://evil.example" -H 'Sec-Fetch-Site: cross-site'
[ "$(cat "$T/code")" = 403 ] && ! grep -qi '^Set-Cookie' "$T/hdr" && ok || bad "cross-site sign-in: $(cat "$T/code")"
signin alice "$PW" -H "Origin: http://evil.example"
[ "$(cat "$T/code")" = 403 ] && ok || bad "sign-in from another origin: $(cat "$T/code")"
signin alice "$PW" -H "Origin: $B" -H 'Sec-Fetch-Site: same-origin'
[ "$(cat "$T/code")" = 303 ] && grep -qi '^Location: /clinic' "$T/hdr" && ok || bad "sign-in: $(cat "$T/code")"
grep -i '^Set-Cookie' "$T/hdr" >"$T/setcookie"
for flag in HttpOnly SameSite=Strict Path=/; do
	grep -q "; $flag" "$T/setcookie" && ok || bad "the cookie lacks $flag: $(cat "$T/setcookie")"
done
grep -q 'Secure' "$T/setcookie" && bad "Secure on plain http without an https public URL" || ok
C=$(cookie)
V=${C#*=}
[ ${#V} -ge 43 ] && ok || bad "the cookie is short: $C"	# 43 base64url characters: 256 bits
db_sql "$DB" "SELECT hash FROM session" | grep -qF "$V" && bad "the cookie is stored as it is" || ok
req "session" 200 -H "Cookie: $C" "$B/clinic/session"
js "session" "assert j['name'] == 'alice' and j['owner'] is True and len(j['csrf']) >= 43, j"
CSRF=$(jget() { :; }; "$PY" -c "import json; print(json.load(open('$T/body'))['csrf'])")
req "the desk page" 200 -H "Cookie: $C" "$B/clinic"
grep -q 'desk.js' "$T/body" && ok || bad "not the desk page"
req "a made-up cookie" 401 -H "Cookie: ac_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" "$B/clinic/session"

# ==== CSRF: a change through a session carries the token ====
NEW="{\"patient\": \"Ann Able\", \"treated_at\": \"$NOW\"}"
req "POST without the CSRF token" 403 -H "Cookie: $C" -d "$NEW" "$B/api/treatments"
js "POST without the CSRF token" "assert 'CSRF' in j['error'], j"
req "POST with a wrong CSRF token" 403 -H "Cookie: $C" -H "X-CSRF-Token: x$CSRF" -d "$NEW" "$B/api/treatments"
[ "$(db_sql "$DB" 'SELECT count(*) FROM treatment')" = 0 ] && ok || bad "a refused POST stored"
req "POST with the CSRF token" 201 -H "Cookie: $C" -H "X-CSRF-Token: $CSRF" -d "$NEW" "$B/api/treatments"
ID=$("$PY" -c "import json; print(json.load(open('$T/body'))['id'])")
LINK=$("$PY" -c "import json; print(json.load(open('$T/body'))['link'])")
req "sign-out without the token" 403 -H "Cookie: $C" -X POST "$B/clinic/sign-out"
req "still signed in" 200 -H "Cookie: $C" "$B/clinic/session"

# ==== warnings: a duplicate, a day ahead, 60 days back ====
req "an exact duplicate" 409 -H "$A" -d "$NEW" "$B/api/treatments"
js "an exact duplicate" "assert [w['code'] for w in j['warnings']] == ['duplicate'] and j['warnings'][0]['id'] == $ID, j"
AHEAD=$(date -d '+2 days' '+%Y-%m-%d 10:00')
BACK=$(date -d '-61 days' '+%Y-%m-%d 10:00')
OKBACK=$(date -d '-59 days' '+%Y-%m-%d 10:00')
req "two days ahead" 409 -H "$A" -d "{\"patient\": \"B\", \"treated_at\": \"$AHEAD\"}" "$B/api/treatments"
js "two days ahead" "assert [w['code'] for w in j['warnings']] == ['ahead'], j"
req "61 days back" 409 -H "$A" -d "{\"patient\": \"B\", \"treated_at\": \"$BACK\"}" "$B/api/treatments"
js "61 days back" "assert [w['code'] for w in j['warnings']] == ['past'], j"
req "59 days back" 201 -H "$A" -d "{\"patient\": \"B\", \"treated_at\": \"$OKBACK\"}" "$B/api/treatments"
req "61 days back, confirmed" 201 -H "$A" -d "{\"patient\": \"B\", \"treated_at\": \"$BACK\", \"confirm\": true}" "$B/api/treatments"
req "a duplicate, confirmed in the query" 201 -H "$A" -d "$NEW" "$B/api/treatments?confirm=true"
DUP=$("$PY" -c "import json; print(json.load(open('$T/body'))['id'])")
req "confirm not a boolean" 400 -H "$A" -d "{\"patient\": \"B\", \"treated_at\": \"$NOW\", \"confirm\": 1}" "$B/api/treatments"

# ==== PATCH: the link stays ====
TOK=${LINK#/p/}
# an hour earlier, or an hour later when that is yesterday: "today's list" below looks for it
LATER=$(date -d '-1 hour' '+%Y-%m-%d %H:%M')
case $LATER in "$TODAY "*) ;; *) LATER=$(date -d '+1 hour' '+%Y-%m-%d %H:%M') ;; esac
req "PATCH the time" 200 -H "Cookie: $C" -H "X-CSRF-Token: $CSRF" -X PATCH -d "{\"treated_at\": \"$LATER\"}" "$B/api/treatments/$ID"
js "PATCH the time" "assert j['link'] == '$LINK' and j['patient'] == 'Ann Able' and j['treated_at'].startswith('$(echo "$LATER" | tr ' ' T)'), j"
req "the old link after the PATCH" 200 "$B/p/$TOK.json"
js "the old link after the PATCH" "assert j['treatment']['treated_at'].startswith('$(echo "$LATER" | tr ' ' T)'), j"
req "the page without clinic.yaml" 200 "$B/p/$TOK"
grep -q 'id="clinic"' "$T/body" && bad "a clinic section without clinic.yaml" || ok
req "PATCH device and skin" 200 -H "$A" -X PATCH -d '{"device": "dermaroller", "skin": "oily"}' "$B/api/treatments/$ID"
js "PATCH device and skin" "assert (j['device'], j['skin'], j['link']) == ('dermaroller', 'oily', '$LINK'), j"
req "PATCH into a duplicate" 409 -H "$A" -X PATCH -d "{\"treated_at\": \"$NOW\", \"device\": \"pen\", \"skin\": \"unspecified\"}" "$B/api/treatments/$ID"
js "PATCH into a duplicate" "assert [w['code'] for w in j['warnings']] == ['duplicate'], j"
req "PATCH a year ahead" 409 -H "$A" -X PATCH -d "{\"treated_at\": \"$(date -d '+1 year' '+%Y-%m-%d 10:00')\"}" "$B/api/treatments/$ID"
req "PATCH, an unknown field" 400 -H "$A" -X PATCH -d '{"token": "x"}' "$B/api/treatments/$ID"
req "PATCH, a bad time" 400 -H "$A" -X PATCH -d '{"treated_at": "2026-02-30 10:00"}' "$B/api/treatments/$ID"
req "PATCH, no such id" 404 -H "$A" -X PATCH -d '{"patient": "X"}' "$B/api/treatments/999999"
req "PATCH without a key or session" 401 -X PATCH -d '{"patient": "X"}' "$B/api/treatments/$ID"
[ "$(db_sql "$DB" "SELECT token FROM treatment WHERE id = $ID")" = "$TOK" ] && ok || bad "the token changed in the store"

# ==== the list ====
req "today's list" 200 -H "Cookie: $C" "$B/api/treatments"
js "today's list" "assert j['date'] == '$TODAY' and [t['id'] for t in j['treatments'] if t['patient'] == 'Ann Able'] and all(set(t) >= {'id', 'patient', 'treated_at', 'link'} for t in j['treatments']), j"
req "a day's list" 200 -H "$A" "$B/api/treatments?date=$(echo "$BACK" | cut -c1-10)"
js "a day's list" "assert [t['patient'] for t in j['treatments']] == ['B'], j"
req "find by name" 200 -H "$A" "$B/api/treatments?q=ann%20a"
js "find by name" "assert {t['patient'] for t in j['treatments']} == {'Ann Able'} and len(j['treatments']) == 2, j"
req "find by name, no match" 200 -H "$A" "$B/api/treatments?q=zz"
js "find by name, no match" "assert j['treatments'] == [] and j['next'] is None, j"
for bad in 'date=2026-02-30' 'date=yesterday' 'limit=0' 'limit=201' 'cursor=abc' 'colour=red'; do
	req "list, $bad" 400 -H "$A" "$B/api/treatments?$bad"
done

# ==== the audit ====
req "the audit" 200 -H "Cookie: $C" "$B/api/audit"
js "the audit" "
a = j['audit']
assert [(r['who'], r['action'], r['treatment']) for r in a if r['treatment'] == $ID] == [('clinic key', 'edit', $ID), ('alice', 'edit', $ID), ('alice', 'create', $ID)], a
assert 'treated_at' in a[-1]['detail'] and 'device pen -> dermaroller' in [r for r in a if r['who'] == 'clinic key' and r['treatment'] == $ID][0]['detail'], a
assert not any('$TOK' in r['detail'] or '$TOK'[:12] in r['detail'] for r in a), a"
signin bob "$PW-bob"
CB=$(cookie)
req "the audit, not an owner" 403 -H "Cookie: $CB" "$B/api/audit"
req "DELETE through a session" 200 -H "Cookie: $CB" -H "X-CSRF-Token: $("$BIN" --version >/dev/null; curl -s -H "Cookie: $CB" "$B/clinic/session" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')" -X DELETE "$B/api/treatments/$DUP"
req "the audit: the delete" 200 -H "$A" "$B/api/audit?limit=1"
js "the audit: the delete" "assert [(r['who'], r['action'], r['treatment']) for r in j['audit']] == [('bob', 'delete', $DUP)], j"

# ==== sign-out; idle expiry (AFTERCARE_SESSION_IDLE=10 here: at 3 s a loaded machine once took
# longer than that between two uses of a session, and the audit was refused) ====
curl -s -o /dev/null -D "$T/hdr" -H "Cookie: $CB" -d "csrf=$(curl -s -H "Cookie: $CB" "$B/clinic/session" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')" "$B/clinic/sign-out"
grep -qi '^Set-Cookie: ac_session=;.*Max-Age=0' "$T/hdr" && ok || bad "sign-out: $(cat "$T/hdr")"
req "after sign-out" 401 -H "Cookie: $CB" "$B/clinic/session"
req "in use, not idle" 200 -H "Cookie: $C" "$B/clinic/session"
sleep 11
req "idle for longer than the idle time" 401 -H "Cookie: $C" "$B/clinic/session"
[ "$(db_sql "$DB" "SELECT count(*) FROM session")" = 0 ] && ok || bad "ended sessions still stored"

# ==== a parameter twice ====
# A parameter twice (or under both its names, date and day) is a 400 naming it, never the
# first or the last silently taken.
for twice in 'q=ann&q=zz:q' 'q=ann&q=ann:q' 'date=2026-11-25&date=2026-11-26:date' \
	'date=2026-11-25&day=2026-11-25:day' 'limit=1&limit=2:limit' 'cursor=1.1&cursor=2.2:cursor'; do
	req "list, ${twice%:*}" 400 -H "$A" "$B/api/treatments?${twice%:*}"
	js "list, ${twice%:*}" "assert '\"${twice##*:}\"' in j['error'] and 'more than once' in j['error'], j"
done
req "the audit, limit twice" 400 -H "$A" "$B/api/audit?limit=1&limit=1000"
js "the audit, limit twice" "assert '\"limit\"' in j['error'] and 'more than once' in j['error'], j"
# a limit that is no number, or out of range, is refused, not read as the default
for bad in abc 0 1001 -5 '' 10x; do
	req "the audit, limit '$bad'" 400 -H "$A" "$B/api/audit?limit=$bad"
	js "the audit, limit '$bad'" "assert 'bad limit' in j['error'] and '1 to 1000' in j['error'], j"
done
req "a create, confirm twice" 400 -H "$A" -d '{"patient":"Twice","treated_at":"2026-11-20 10:00"}' \
	"$B/api/treatments?confirm=true&confirm=false"
js "a create, confirm twice" "assert '\"confirm\"' in j['error'], j"

# ==== staff passwd ends the sessions; staff remove ====
signin alice "$PW"
C=$(cookie)
echo "$PW-new" | "$BIN" staff passwd alice --db "$DB" 2>/dev/null && ok || bad "staff passwd"
req "a session after staff passwd" 401 -H "Cookie: $C" "$B/clinic/session"
signin alice "$PW"
[ "$(cat "$T/code")" = 401 ] && ok || bad "the old password after passwd: $(cat "$T/code")"
signin alice "$PW-new"
[ "$(cat "$T/code")" = 303 ] && ok || bad "the new password: $(cat "$T/code")"
"$BIN" staff remove bob --db "$DB" 2>/dev/null && ok || bad "staff remove"
signin bob "$PW-bob"
[ "$(cat "$T/code")" = 401 ] && ok || bad "a removed account signs in: $(cat "$T/code")"

# ==== lockout: 3 wrong passwords free, then locked for 1 s, 2 s, 4 s ... ====
echo "$PW" | "$BIN" staff add carol --db "$DB" 2>/dev/null
for n in 1 2 3 4; do signin carol "wrong-$n-password"; done
[ "$(cat "$T/code")" = 401 ] && ok || bad "the fourth wrong password: $(cat "$T/code")"
signin carol "$PW"
[ "$(cat "$T/code")" = 429 ] && grep -qi '^Retry-After: [12]' "$T/hdr" && ! grep -qi '^Set-Cookie' "$T/hdr" && ok ||
	bad "the right password while locked: $(cat "$T/code") $(cat "$T/hdr")"
signin carol "$PW" -H 'Accept: text/html'
grep -qi '^Location: /clinic?signin=locked' "$T/hdr" && ok || bad "locked, from a browser: $(cat "$T/hdr")"
signin alice "$PW-new"
[ "$(cat "$T/code")" = 303 ] && ok || bad "another account from the same address is not locked: $(cat "$T/code")"
sleep 1.2
signin carol "wrong-5-password"	# the fifth: locked for 2 s
[ "$(cat "$T/code")" = 401 ] && ok || bad "the fifth wrong password, after the lock: $(cat "$T/code")"
sleep 1.2
signin carol "$PW"
[ "$(cat "$T/code")" = 429 ] && ok || bad "1.2 s into a 2 s lock: $(cat "$T/code")"
sleep 1.0
signin carol "$PW"
[ "$(cat "$T/code")" = 303 ] && ok || bad "the right password after the lock: $(cat "$T/code")"
# the address: 10 wrong passwords free, whatever the names; then everyone from it waits.
# Ten so far (alice's two, nobody, alice's old password, bob removed, carol's five): the
# 11th is still judged, and locks it for 1 s from when it is known.
signin who1 "wrong-password"
[ "$(cat "$T/code")" = 401 ] && ok || bad "the 11th wrong password from the address: $(cat "$T/code")"
signin alice "$PW-new"
[ "$(cat "$T/code")" = 429 ] && ok || bad "the address after 11 wrong passwords: $(cat "$T/code")"

# ==== paging: 10,000 treatments, in time order, none lost or repeated ====
# The time a page takes is printed, and asserted only against a pathological 1 s: how fast is
# make bench's to say (a 50 ms bound here failed on a machine loaded by parallel builds).
"$PY" tests/server/paging.py sql | db_script "$DB"
"$PY" tests/server/paging.py measure "$B" "$KEY" >"$T/paging" 2>&1
[ $? -eq 0 ] && ok || bad "paging: $(cat "$T/paging")"
echo "desk.sh: 10,000 treatments: $(cat "$T/paging")"

kill -TERM "$PID"
wait "$PID"
st=$?
PID=
[ "$st" -eq 0 ] && ok || bad "stop: exit $st"
if grep -qE "ERROR|runtime error|LeakSanitizer" "$T/log"; then bad "sanitizer: $(cat "$T/log")"; else ok; fi
grep -qF "$TOK" "$T/log" && bad "a token in the log" || ok
grep -qF "$PW" "$T/log" && bad "a password in the log" || ok

# ==== clinic.yaml: lint, and serve --clinic ====
CY=$(dirname "$0")/../desk
"$BIN" lint "$CY/clinic.yaml" >"$T/out" 2>&1 && grep -q 'valid clinic settings for Riverside Skin Clinic: 3 device words, 2 skin words, zone America/New_York, links absolute' "$T/out" &&
	ok || bad "lint clinic.yaml: $(cat "$T/out")"
"$BIN" lint "$CY/bad-device.yaml" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q 'bad-device.yaml:4:14: .*"laser" is not one of the guide' "$T/out" && ok || bad "lint, bad device: $(cat "$T/out")"
"$BIN" lint "$CY/bad-key.yaml" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q 'bad-key.yaml:3:3: unknown setting "timezone"' "$T/out" && ok || bad "lint, unknown key: $(cat "$T/out")"
{ printf 'clinic:\n  name: N\n  notes: "'; head -c 4001 /dev/zero | tr '\0' x; printf '"\n'; } >"$T/long-notes.yaml"
"$BIN" lint "$T/long-notes.yaml" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q 'long-notes.yaml:3:11: notes is longer than 4000 bytes' "$T/out" && ok || bad "lint, long notes: $(cat "$T/out")"
printf 'clinic:\n  name: N\n  notes: "a\\tb"\n' >"$T/tab-notes.yaml"
"$BIN" lint "$T/tab-notes.yaml" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q 'notes has a control character' "$T/out" && ok || bad "lint, a tab in notes: $(cat "$T/out")"
"$BIN" lint "$CY/bad-zone.yaml" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q 'Mars/Olympus_Mons' "$T/out" && ok || bad "lint, bad zone: $(cat "$T/out")"
"$BIN" serve --clinic "$CY/bad-key.yaml" --db "$DB2" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q 'unknown setting' "$T/out" && ok || bad "serve, bad clinic.yaml: $(cat "$T/out")"
AFTERCARE_API_KEY=$KEY "$BIN" serve --clinic "$CY/clinic.yaml" --listen 127.0.0.1:0 --db "$DB2" >"$T/log2" 2>&1 &
PID=$!
B=
i=0
while [ $i -lt 100 ] && [ -z "$B" ]; do
	B=$(sed -n 's|^aftercare: serving on \(http://[^/]*\)/.*|\1|p' "$T/log2")
	sleep 0.1
	i=$((i + 1))
done
echo "$PW" | "$BIN" staff add dana --db "$DB2" 2>/dev/null
signin dana "$PW"
grep -i '^Set-Cookie' "$T/hdr" | grep -q '__Host-ac_session=.*; Secure' && ok || bad "https public URL: no Secure cookie: $(cat "$T/hdr")"
C=$(cookie)
req "session with the clinic" 200 -H "Cookie: $C" "$B/clinic/session"
js "session with the clinic" "assert j['clinic']['name'] == 'Riverside Skin Clinic' and j['clinic']['time_zone'] == 'America/New_York' and j['idle_seconds'] == 1200, j"
req "the clinic's words" 201 -H "$A" -d "{\"patient\": \"W\", \"treated_at\": \"$NOW\", \"device\": \"SkinPen\", \"depth\": \"1.5mm\", \"skin\": \"Combination\"}" "$B/api/treatments"
js "the clinic's words" "assert (j['device'], j['depth'], j['skin']) == ('pen', 'deep', 'oily'), j
assert j['url'] == 'https://desk.riverside.example' + j['link'], j"
# The patient's page shows the clinic's words in their own section, labelled as the
# clinic's, and nowhere else on the page (docs/desk.md, "clinic.yaml").
WLINK=$("$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['link'])" "$T/body")
req "the clinic's words on the patient's page" 200 "$B$WLINK"
"$PY" - "$T/body" <<'PYEOF' 2>"$T/pyerr" && ok || bad "the clinic's words on the page: $(tail -1 "$T/pyerr")"
import re, sys
page = open(sys.argv[1]).read()
m = re.search(r'<section id="clinic".*?</section>', page, re.S)
assert m, 'no clinic section'
sec, rest = m.group(0), page[:m.start()] + page[m.end():]
# the printed handout's box of the clinic's details is the clinic's too, and labelled so
h = re.search(r'<div id="handout-clinic".*?</div>', rest, re.S)
assert h and 'From your clinic' in h.group(0) and 'the clinic says' in h.group(0), 'handout box'
assert 'SkinPen' not in h.group(0) and 'follow-up' not in h.group(0), 'handout box: only contact'
rest = rest[:h.start()] + rest[h.end():]
assert 'From your clinic, Riverside Skin Clinic' in sec, sec
assert "In the clinic's own words: not from the aftercare guide" in sec, sec
assert '<p>Bring this page to your follow-up appointment.</p>' in sec, sec
assert 'Ask for &quot;Dana&quot; &lt;front desk&gt; &amp; we will help.' in sec or \
    'Ask for "Dana" &lt;front desk&gt; &amp; we will help.' in sec, sec
assert '<front desk>' not in page
assert "names for your device: “SkinPen”, “Dermapen 4” (the guide's “pen”)" in sec, sec
assert 'Roller' not in sec, 'a word for another device'
assert '1.5 mm or more as a deep' in sec, sec
assert 'words for your skin type: “combination”' in sec and '“dry”' not in sec, sec
assert '+44 20 7946 0000' in sec and 'NHS 111' in sec, sec
for w in ('SkinPen', 'Dermapen', 'follow-up appointment', 'front desk', '1.5 mm', 'combination', 'NHS 111'):
    assert w not in rest, w + ' outside the clinic section'
PYEOF
req "1.0 mm is superficial" 201 -H "$A" -d "{\"patient\": \"W2\", \"treated_at\": \"$NOW\", \"depth\": \"1.0 mm\"}" "$B/api/treatments"
js "1.0 mm is superficial" "assert j['depth'] == 'superficial', j"
req "a word no one knows" 400 -H "$A" -d "{\"patient\": \"W3\", \"treated_at\": \"$NOW\", \"device\": \"laser\"}" "$B/api/treatments"
# the clinic's zone: 23:30 in New York on 1 Dec is 04:30 on 2 Dec in London; its day is the 1st
req "a late treatment in the clinic's zone" 201 -H "$A" -d '{"patient": "Late", "treated_at": "2026-12-01 23:30", "confirm": true}' "$B/api/treatments"
js "a late treatment in the clinic's zone" "assert j['treated_at'] == '2026-12-01T23:30:00-05:00', j"
req "the clinic's day" 200 -H "$A" "$B/api/treatments?date=2026-12-01"
js "the clinic's day" "assert [t['patient'] for t in j['treatments']] == ['Late'], j"
kill -TERM "$PID"
wait "$PID"
PID=

# ==== one clock: serve --timezone, and each treatment keeps its zone (docs/web.md) ====
zlink() { "$PY" -c "import json, sys; print(json.load(open(sys.argv[1]))['link'])" "$T/body"; }
# zserve LOG ARGS...: a server on a free port with the key, on $T/dbz; sets PID and B
zserve() {
	zlog=$1
	shift
	AFTERCARE_API_KEY=$KEY "$BIN" serve --listen 127.0.0.1:0 --db "$T/dbz" "$@" >"$zlog" 2>&1 &
	PID=$!
	B=
	i=0
	while [ $i -lt 100 ] && [ -z "$B" ]; do
		B=$(sed -n 's|^aftercare: serving on \(http://[^/]*\)/.*|\1|p' "$zlog")
		sleep 0.1
		i=$((i + 1))
	done
	[ -n "$B" ] && ok || bad "serve $*: did not start: $(cat "$zlog")"
}
zstop() {
	kill -TERM "$PID"
	wait "$PID"
	st=$?
	PID=
	[ "$st" -eq 0 ] && ok || bad "$1: stop: exit $st"
	if grep -qE "ERROR|runtime error|LeakSanitizer" "$2"; then bad "$1: $(cat "$2")"; else ok; fi
}
"$BIN" serve --timezone Mars/Olympus_Mons --db "$T/dbz" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q -- '--timezone "Mars/Olympus_Mons" is not a zone' "$T/out" && ok || bad "a zone no one has: $(cat "$T/out")"
"$BIN" serve --timezone '../../etc/passwd' --db "$T/dbz" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q 'is not a zone' "$T/out" && ok || bad "a path as a zone: $(cat "$T/out")"
"$BIN" serve --timezone Asia/Tokyo --clinic "$CY/clinic.yaml" --db "$T/dbz" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q "differ" "$T/out" && grep -q 'America/New_York' "$T/out" && ok || bad "two zones that differ: $(cat "$T/out")"
[ ! -e "$T/dbz" ] && ok || bad "a refused start made the store"

# Given in New York (TZ says London: --timezone decides), 10:00 is New York's 10:00.
zserve "$T/logz1" --timezone America/New_York
req "a treatment in New York" 201 -H "$A" -d '{"patient": "NY", "treated_at": "2026-11-20 10:00", "confirm": true}' "$B/api/treatments"
js "a treatment in New York" "assert j['treated_at'] == '2026-11-20T10:00:00-05:00' and j['zone'] == 'America/New_York', j"
NYLINK=$(zlink)
req "its page" 200 -H 'Accept: text/html' "$B$NYLINK"
grep -q 'Every time on this page is America/New_York time' "$T/body" && grep -q 'Friday 20 November 2026, 10:00' "$T/body" && ok || bad "New York's page: $(grep -o 'Every time[^<]*' "$T/body")"
zstop "New York" "$T/logz1"

# Restarted in Tokyo on the same store: the New York treatment still speaks New York's time;
# a new one is Tokyo's; the server goes back to its own zone after each.
zserve "$T/logz2" --timezone Asia/Tokyo
req "a treatment in Tokyo" 201 -H "$A" -d '{"patient": "TYO", "treated_at": "2026-11-20 10:00", "confirm": true}' "$B/api/treatments"
js "a treatment in Tokyo" "assert j['treated_at'] == '2026-11-20T10:00:00+09:00' and j['zone'] == 'Asia/Tokyo', j"
TYOLINK=$(zlink)
for round in 1 2; do
	req "New York's page from Tokyo ($round)" 200 -H 'Accept: text/html' "$B$NYLINK"
	grep -q 'Every time on this page is America/New_York time' "$T/body" && grep -q 'Treated Friday 20 November 2026, 10:00' "$T/body" && ok || bad "New York's page from Tokyo: $(grep -o 'Every time[^<]*' "$T/body" | head -1)"
	req "Tokyo's page ($round)" 200 -H 'Accept: text/html' "$B$TYOLINK"
	grep -q 'Every time on this page is Asia/Tokyo time' "$T/body" && grep -q 'Treated Friday 20 November 2026, 10:00' "$T/body" && ok || bad "Tokyo's page: $(grep -o 'Every time[^<]*' "$T/body" | head -1)"
done
req "New York's JSON from Tokyo" 200 "$B$NYLINK.json"
js "New York's JSON from Tokyo" "assert j['treatment']['treated_at'] == '2026-11-20T10:00:00-05:00' and j['treatment']['zone'] == 'America/New_York', j['treatment']
assert all(a['clear_at'] is None or a['clear_at'].endswith('-05:00') for a in j['plan']['activities']), j['plan']['activities'][0]"
# "Can I…?" by the page's script (POST /api/ask with the token): New York's clock, as the page
# and its form without the script; "on friday" is a Friday in New York (-05:00, or -04:00 in
# summer), never Tokyo's (+09:00)
req "New York's answer from Tokyo" 200 -d "{\"token\": \"${NYLINK#/p/}\", \"question\": \"can i swim on friday\"}" "$B/api/ask"
js "New York's answer from Tokyo" "import datetime
m = j['moment']
assert m[-6:] in ('-05:00', '-04:00') and j['clear_at'][-6:] in ('-05:00', '-04:00'), j
assert datetime.datetime.fromisoformat(m).weekday() == 4, m
assert j['answer'].startswith('For Fri ' + str(int(m[8:10])) + ' '), j['answer']"
req "New York's page's answer from Tokyo" 200 -H 'Accept: text/html' "$B$NYLINK?question=can+i+swim+on+friday"
grep -q '<p class="answer-zone muted">Times in this answer are America/New_York time.</p>' "$T/body" && ok || bad "New York's page's answer: $(grep -o 'answer-[a-z]*[^<]*' "$T/body" | head -2)"
req "Tokyo's answer" 200 -d "{\"token\": \"${TYOLINK#/p/}\", \"question\": \"can i swim on friday\"}" "$B/api/ask"
js "Tokyo's answer" "assert j['moment'].endswith('+09:00'), j"
req "New York's feed from Tokyo" 200 "$B$NYLINK.ics"
# swimming is fine a week after New York's 10:00: said so in the event's own words
grep -q 'From Fri 27 Nov 10:00' "$T/body" && ok || bad "New York's feed: $(grep '^SUMMARY' "$T/body" | head -3)"
req "the server's own clock, after" 200 -H "$A" "$B/api/treatments?date=2026-11-20"
js "the server's own clock, after" "assert sorted(t['patient'] for t in j['treatments']) == ['TYO'], j"
req "/ in the server's zone" 200 "$B/?treated=2026-11-20T10:00"
grep -q 'Every time on this page is Asia/Tokyo time' "$T/body" && ok || bad "/ from Tokyo: $(grep -o 'Every time[^<]*' "$T/body")"
zstop "Tokyo" "$T/logz2"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
