#!/bin/sh
# Two servers on one PostgreSQL (docs/deploy.md): every server stateless, the database the
# one truth. Run under tests/server/pg.sh, which provides the database and its pg_ctl.
# - A patient created through server A is served by server B (the page's JSON, the clinic's
#   GET), an edit through B is seen by A, a delete through A is a 404 on B; a desk session
#   signed in on A is signed in on B; wrong passwords through A and B count together (the
#   account and the address locked after as many as on one server).
# - kill -9 of A under a stream of writes loses no acknowledged write: every acknowledged
#   id is a row (SELECT count(*) against the acknowledged set), and B serves each.
# - PostgreSQL stopped under writes to B: B answers 503 with Retry-After, never a 500 or a
#   crash; started again, B serves and stores again without being restarted, and every
#   write acknowledged across the restart is there.
# Usage: tests/server/pg.sh tests/server/twoserver.sh BUILD/aftercare. Prints "N passed,
# M failed".
set -u
BIN=${1:?usage: pg.sh twoserver.sh path/to/aftercare}
[ -n "${AFTERCARE_TEST_PG:-}" ] && [ -n "${AFTERCARE_TEST_PG_CTL:-}" ] ||
	{ echo "twoserver.sh: run it under tests/server/pg.sh" >&2; exit 2; }
export TZ=Europe/London NO_COLOR=1
unset AFTERCARE_API_KEY
PY=/usr/bin/python3
WRITER=$(dirname "$0")/crash_writer.py
T=$(mktemp -d)
PID_A=
PID_B=
WPID=
cleanup() {
	[ -n "$WPID" ] && kill -TERM "$WPID" 2>/dev/null && wait "$WPID" 2>/dev/null
	for p in $PID_A $PID_B; do kill -KILL "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
. "$(dirname "$0")/lib.sh"
KEY=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
AUTH="Authorization: Bearer $KEY"
DB=$(test_db two) || exit 1
PW=correct-horse-battery

serve_start "$T/logA" "$DB" "$KEY" 3301
PID_A=$PID PORT_A=$PORT BA=$B
serve_start "$T/logB" "$DB" "$KEY" 3307
PID_B=$PID PORT_B=$PORT BB=$B
PID=
grep -qF "dbname=t_two_" "$T/logA" && ok || bad "A's log does not name the database: $(head -3 "$T/logA")"

# ==== one patient, two servers ====
req "create on A" 201 -H "$AUTH" -d '{"patient": "Ann Able", "treated_at": "2026-11-20 10:00", "device": "dermaroller"}' "$BA/api/treatments"
ID=$("$PY" -c "import json; print(json.load(open('$T/body'))['id'])")
LINK=$("$PY" -c "import json; print(json.load(open('$T/body'))['link'])")
req "B has it" 200 -H "$AUTH" "$BB/api/treatments/$ID"
js "B has it" "assert j['id'] == $ID and j['patient'] == 'Ann Able' and j['device'] == 'dermaroller' and j['link'] == '$LINK', j"
req "B serves the patient's link" 200 "$BB$LINK.json"
js "B serves the patient's link" "assert j['treatment']['device'] == 'dermaroller' and j['plan']['profile']['device'] == 'dermaroller', j"
req "edit on B" 200 -H "$AUTH" -X PATCH -d '{"skin": "oily"}' "$BB/api/treatments/$ID"
req "A sees the edit" 200 "$BA$LINK.json"
js "A sees the edit" "assert j['treatment']['skin'] == 'oily', j"
req "a duplicate through B of A's patient" 409 -H "$AUTH" -d '{"patient": "Ann Able", "treated_at": "2026-11-20 10:00", "device": "dermaroller", "skin": "oily"}' "$BB/api/treatments"
js "a duplicate through B of A's patient" "assert [w['id'] for w in j['warnings']] == [$ID], j"
req "B's audit has A's create" 200 -H "$AUTH" "$BB/api/audit"
js "B's audit has A's create" "assert [(r['action'], r['treatment']) for r in j['audit']][-1] == ('create', $ID), j"

# a desk session signed in on A is one on B
echo "$PW" | "$BIN" staff add alice --owner --db "$DB" 2>"$T/err" && ok || bad "staff add: $(cat "$T/err")"
curl -s -o /dev/null -D "$T/hdr" --data-urlencode "name=alice" --data-urlencode "password=$PW" "$BA/clinic/sign-in"
C=$(sed -n 's/^Set-Cookie: \([^;]*\);.*/\1/p' "$T/hdr" | tr -d '\r')
[ -n "$C" ] && ok || bad "sign-in on A: no cookie: $(cat "$T/hdr")"
req "the session on B" 200 -H "Cookie: $C" "$BB/clinic/session"
js "the session on B" "assert j['name'] == 'alice' and j['owner'], j"

# wrong passwords through A and B count together (docs/desk.md): the account locks after
# the same three free tries as on one server, and the address after the same ten
signin() {	# signin BASE NAME PASSWORD: the status in $T/code, the headers in $T/hdr
	curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' --data-urlencode "name=$2" \
		--data-urlencode "password=$3" "$1/clinic/sign-in" >"$T/code"
}
echo "$PW" | "$BIN" staff add erin --db "$DB" 2>/dev/null && ok || bad "staff add erin"
n=0
for base in "$BA" "$BB" "$BA" "$BB"; do	# three free, the fourth judged (and locking)
	n=$((n + 1))
	signin "$base" erin "wrong-$n-password"
	[ "$(cat "$T/code")" = 401 ] && ok || bad "erin's wrong password $n: $(cat "$T/code")"
done
signin "$BA" erin "$PW"	# A has judged two of the four itself
[ "$(cat "$T/code")" = 429 ] && grep -qi '^Retry-After: [12]' "$T/hdr" && ok ||
	bad "erin's right password on A after 4 wrong on A and B: $(cat "$T/code") $(cat "$T/hdr")"
signin "$BB" erin "$PW"
[ "$(cat "$T/code")" = 429 ] && ok || bad "erin's right password on B, locked: $(cat "$T/code")"
[ "$(db_sql "$DB" "SELECT failures FROM throttle WHERE key = 'name:erin'")" = 4 ] && ok ||
	bad "erin's count: $(db_sql "$DB" "SELECT key, failures FROM throttle")"
for n in 5 6 7 8 9 10; do	# the address: four so far, ten free in all
	[ $((n % 2)) = 0 ] && base=$BA || base=$BB
	signin "$base" "who$n" wrong-password
	[ "$(cat "$T/code")" = 401 ] && ok || bad "the address's wrong password $n: $(cat "$T/code")"
done
signin "$BA" who11 wrong-password	# the 11th: judged, and locks the address
[ "$(cat "$T/code")" = 401 ] && ok || bad "the address's 11th wrong password: $(cat "$T/code")"
signin "$BB" alice "$PW"
[ "$(cat "$T/code")" = 429 ] && ok || bad "alice on B from the address locked through A and B: $(cat "$T/code")"
[ "$(db_sql "$DB" "SELECT failures FROM throttle WHERE key = 'addr:127.0.0.1'")" = 11 ] && ok ||
	bad "the address's count: $(db_sql "$DB" "SELECT key, failures FROM throttle")"

req "delete on A" 200 -H "$AUTH" -X DELETE "$BA/api/treatments/$ID"
req "gone on B" 404 "$BB$LINK.json"

# ==== kill -9 of A under writes ====
: >"$T/acks"
"$PY" "$WRITER" write "$PORT_A" "$KEY" "$T/acks" 4 >"$T/writer.kill" 2>&1 &
WPID=$!
sleep 2
kill -KILL "$PID_A"
wait "$PID_A" 2>/dev/null
PID_A=
sleep 0.2
kill -TERM "$WPID"
wait "$WPID"
wst=$?
WPID=
[ "$wst" -eq 0 ] && ok || bad "the writer to A: exit $wst: $(tail -3 "$T/writer.kill")"
n=$(grep -c . "$T/acks")
[ "$n" -gt 0 ] && ok || bad "no write acknowledged by A in 2 s: $(tail -3 "$T/logA")"
ids=$(cut -d' ' -f1 "$T/acks" | paste -sd, -)
rows=$(db_sql "$DB" "SELECT count(*) FROM treatment WHERE id IN (${ids:-0})")
[ "$rows" = "$n" ] && ok || bad "kill -9 of A: $n acknowledged, $rows of them in the database"
echo "kill -9 of A: $n writes acknowledged ($(tail -1 "$T/writer.kill")), $rows of them rows"
mkdir -p "$T/verify.kill"
"$PY" "$WRITER" verify "$PORT_B" "$KEY" "$T/acks" "$T/verify.kill" >"$T/verify" 2>&1 && ok ||
	bad "B after A's kill -9: $(cat "$T/verify")"

# ==== PostgreSQL restarted under writes to B ====
: >"$T/acks"
"$PY" "$WRITER" write "$PORT_B" "$KEY" "$T/acks" 2 >"$T/writer.restart" 2>&1 &
WPID=$!
sleep 1
"$AFTERCARE_TEST_PG_CTL" stop -m fast >/dev/null 2>&1 && ok || bad "pg_ctl stop"
before=$(grep -c . "$T/acks")
req "B, the database down: a read" 503 -H "$AUTH" "$BB/api/treatments?q=a"
header "Retry-After: 1" "B, the database down: a read"
req "B, the database down: a write" 503 -H "$AUTH" -d '{"patient": "Down", "treated_at": "2026-11-20 10:00"}' "$BB/api/treatments"
req "B, the database down: alive" 200 "$BB/healthz"
sleep 1
"$AFTERCARE_TEST_PG_CTL" start >/dev/null 2>&1 && ok || bad "pg_ctl start"
i=0	# the store tries its connection again at most once a second
while [ $i -lt 30 ] && [ "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" "$BB/api/treatments?q=a")" != 200 ]; do
	sleep 0.2
	i=$((i + 1))
done
req "B, the database back: a read" 200 -H "$AUTH" "$BB/api/treatments?q=a"
sleep 1
kill -TERM "$WPID"
wait "$WPID"
wst=$?
WPID=
[ "$wst" -eq 0 ] && ok || bad "the writer to B: exit $wst: $(tail -3 "$T/writer.restart")"
after=$(grep -c . "$T/acks")
[ "$after" -gt "$before" ] && ok || bad "no write acknowledged after the restart ($before before, $after in all)"
grep -qE "refused [1-9]" "$T/writer.restart" && ok || bad "the writer saw no 503: $(tail -1 "$T/writer.restart")"
echo "PostgreSQL restarted: $(tail -1 "$T/writer.restart")"
ids=$(cut -d' ' -f1 "$T/acks" | paste -sd, -)
rows=$(db_sql "$DB" "SELECT count(*) FROM treatment WHERE id IN (${ids:-0})")
[ "$rows" = "$after" ] && ok || bad "the restart: $after acknowledged, $rows of them in the database"
mkdir -p "$T/verify.restart"
"$PY" "$WRITER" verify "$PORT_B" "$KEY" "$T/acks" "$T/verify.restart" >"$T/verify" 2>&1 && ok ||
	bad "B after the restart: $(cat "$T/verify")"
grep -q "store busy" "$T/logB" && ok || bad "B's log: no 'store busy' while the database was down"
if grep -qE "runtime error|LeakSanitizer|store error" "$T/logB"; then
	bad "B's log: $(grep -E "runtime error|LeakSanitizer|store error" "$T/logB" | head -5)"
else ok; fi

kill -TERM "$PID_B"
wait "$PID_B"
st=$?
PID_B=
[ "$st" -eq 0 ] && ok || bad "B on SIGTERM: exit $st"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
