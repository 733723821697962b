#!/bin/sh
# run.sh BUILD [OUTDIR]: the patient's page end to end in a real browser (Debian's chromium,
# driven by playwright-core; nothing is downloaded but the npm package, once).
#
# Starts BUILD/aftercare-serve on a free port with a fresh store and a clinic key, stores a
# treatment through the clinic API (and one more in another zone, by a server started in it
# first), runs page.test.mjs against "/" and the patient's links (screenshots into OUTDIR,
# default BUILD/browser), then deletes the treatment and checks that its link is gone. Prints "N passed, M failed"; exits 1 on any failure.
set -eu
BUILD=${1:?usage: tests/browser/run.sh BUILD [OUTDIR]}
OUT=${2:-$BUILD/browser}
HERE=$(cd "$(dirname "$0")" && pwd)
SERVE=$BUILD/aftercare-serve
# The same zone for the server and the browser: both write times for people.
export TZ=Europe/London NO_COLOR=1
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
finish() {
	echo "$pass passed, $fail failed"
	if [ "$fail" -eq 0 ]; then exit 0; fi
	exit 1
}

if [ ! -x "$SERVE" ]; then
	bad "no $SERVE: build it first (make BUILD=$BUILD all)"
	finish
fi
if [ ! -x "$CHROMIUM" ]; then
	bad "no browser at $CHROMIUM (scripts/install-deps installs Debian's chromium)"
	finish
fi
if [ ! -d "$HERE/node_modules/playwright-core" ] || [ ! -d "$HERE/node_modules/axe-core" ]; then
	if ! npm ci --prefix "$HERE" --no-audit --no-fund --loglevel=error >/dev/null; then
		bad "npm ci --prefix $HERE failed"
		finish
	fi
fi
mkdir -p "$OUT"

T=$(mktemp -d)
PID=
PID2=
# shellcheck disable=SC2317 # run by the trap
cleanup() {
	for p in $PID $PID2; do
		kill "$p" 2>/dev/null || :
		wait "$p" 2>/dev/null || :
	done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# A clinic key made for this run only; port 0: the system picks a free one and the server
# prints it.
KEY=browser-test-key-$$-0123456789
# The clinic's details, for the handouts (the patient's and the desk's).
cat >"$T/clinic.yaml" <<'EOF'
clinic:
  name: Riverside Test Clinic
  phone: "+44 20 7946 0123"
  emergency: "NHS 111; for bleeding that does not stop, 999"
EOF
# serving LOG PID: the base URL the server started as PID prints into LOG, waiting up to
# 10 s; "" when it did not start.
serving() {
	i=0
	while [ $i -lt 100 ]; do
		b=$(sed -n 's|^aftercare: serving on \(http://[^/]*\)/.*|\1|p' "$1")
		[ -n "$b" ] && break
		kill -0 "$2" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	echo "$b"
}

# start_server LOG [ARGS...]: the server on a free port, on the store, with the key and the
# clinic; sets PID and BASE, or fails the run.
start_server() {
	slog=$1
	shift
	AFTERCARE_API_KEY=$KEY "$SERVE" serve --listen 127.0.0.1:0 --db "$T/db" \
		--clinic "$T/clinic.yaml" "$@" >"$slog" 2>&1 &
	PID=$!
	BASE=$(serving "$slog" "$PID")
	if [ -z "$BASE" ]; then
		bad "the server did not start: $(cat "$slog")"
		finish
	fi
}

# A treatment stored by a clinic in another zone than the server's (and the browser's) now:
# a server in Kiritimati (+14:00) stores it; the one the tests use runs in $TZ.
ZONE=Pacific/Kiritimati
start_server "$T/zlog" --timezone "$ZONE"
curl -s -o "$T/zcreated" -w '%{http_code}' -H "Authorization: Bearer $KEY" \
	-d "{\"patient\":\"Zone Patient\",\"treated_at\":\"$(TZ=$ZONE date -d '2 days ago' '+%Y-%m-%d 10:00')\"}" \
	"$BASE/api/treatments" >"$T/code" || :
kill "$PID"
wait "$PID" || :
PID=
if [ "$(cat "$T/code")" != 201 ] || ! grep -q "\"zone\":\"$ZONE\"" "$T/zcreated"; then
	bad "POST /api/treatments in $ZONE: $(cat "$T/code") $(cat "$T/zcreated")"
	finish
fi
ok
ZID=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$T/zcreated")
ZLINK=$(sed -n 's/.*"link":"\([^"]*\)".*/\1/p' "$T/zcreated")

start_server "$T/log"

# A treatment three days ago, deep: the patient's page then has a "now" inside the chart.
TREATED=$(date -d '3 days ago' '+%Y-%m-%d %H:%M')
curl -s -o "$T/created" -w '%{http_code}' -H "Authorization: Bearer $KEY" \
	-d "{\"patient\":\"Test Patient\",\"treated_at\":\"$TREATED\",\"depth\":\"deep\"}" \
	"$BASE/api/treatments" >"$T/code" || :
if [ "$(cat "$T/code")" != 201 ]; then
	bad "POST /api/treatments: $(cat "$T/code") $(cat "$T/created")"
	finish
fi
ok
ID=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$T/created")
LINK=$(sed -n 's/.*"link":"\([^"]*\)".*/\1/p' "$T/created")

# A second server with a clinic protocol, for the page with the guide's voices beside the
# clinic's rules (docs/desk.md, "The guide beside the clinic"): swimming stricter than the
# guide, the sauna sooner than every voice of it. Its patient's link goes to page.test.mjs.
cat >"$T/protocol.yaml" <<'EOF'
sources:
  - id: clinic
    name: Riverside Test Clinic
    section: Our aftercare
rules:
  - id: clinic-swim
    activity: swimming
    source: clinic
    stance: avoid
    until: 2w
    quote: "No swimming for two weeks."
    reason: Our protocol.
    advice: Wait two weeks.
  - id: clinic-sauna
    activity: sauna
    source: clinic
    stance: avoid
    until: 12h
    quote: "No sauna for twelve hours."
    reason: Our protocol.
    advice: Wait twelve hours.
EOF
AFTERCARE_API_KEY=$KEY "$SERVE" serve --listen 127.0.0.1:0 --db "$T/db2" --clinic "$T/clinic.yaml" \
	--protocol "$T/protocol.yaml" >"$T/log2" 2>&1 &
PID2=$!
BASE2=$(serving "$T/log2" "$PID2")
LINK2=
if [ -z "$BASE2" ]; then
	bad "the server with a protocol did not start: $(cat "$T/log2")"
elif [ "$(curl -s -o "$T/created2" -w '%{http_code}' -H "Authorization: Bearer $KEY" \
	-d "{\"patient\":\"Protocol Patient\",\"treated_at\":\"$TREATED\"}" "$BASE2/api/treatments")" = 201 ]; then
	ok
	LINK2=$BASE2$(sed -n 's/.*"link":"\([^"]*\)".*/\1/p' "$T/created2")
else
	bad "POST /api/treatments with a protocol: $(cat "$T/created2")"
fi

# The page's checks print "ok - ..." and "not ok - ...", one line each.
# The key goes to the test for the zone treatment's edits (PATCH, DELETE).
AFTERCARE_API_KEY=$KEY node "$HERE/page.test.mjs" "$BASE" "$BASE$LINK" "$OUT" "$T/clinic.yaml" \
	"$BASE$ZLINK" "$ZID" "$LINK2" >"$T/page.out" 2>&1 && rc=0 || rc=$?
cat "$T/page.out"
n=$(grep -c '^ok ' "$T/page.out" || :)
m=$(grep -c '^not ok ' "$T/page.out" || :)
pass=$((pass + n))
fail=$((fail + m))
if [ "$rc" -ne 0 ] && [ "$m" -eq 0 ]; then
	bad "page.test.mjs exited $rc"
fi
[ "$n" -gt 0 ] || bad "page.test.mjs ran no check"

# The clinic desk (desk.test.mjs): an account made in the running server's store.
DESK_PW=desk-browser-$$-password
if echo "$DESK_PW" | "$SERVE" staff add desk --owner --db "$T/db" 2>"$T/staff"; then ok; else
	bad "staff add: $(cat "$T/staff")"
fi
node "$HERE/desk.test.mjs" "$BASE" "$OUT" desk "$DESK_PW" >"$T/desk.out" 2>&1 && rc=0 || rc=$?
cat "$T/desk.out"
n=$(grep -c '^ok ' "$T/desk.out" || :)
m=$(grep -c '^not ok ' "$T/desk.out" || :)
pass=$((pass + n))
fail=$((fail + m))
if [ "$rc" -ne 0 ] && [ "$m" -eq 0 ]; then
	bad "desk.test.mjs exited $rc"
fi
[ "$n" -gt 0 ] || bad "desk.test.mjs ran no check"

# Deleted by the clinic, the link is gone: a 404, page and JSON alike.
code=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H "Authorization: Bearer $KEY" \
	"$BASE/api/treatments/$ID")
case $code in 200 | 204) ok ;; *) bad "DELETE /api/treatments/$ID: $code" ;; esac
for path in "$LINK" "$LINK.json"; do
	code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$path")
	if [ "$code" = 404 ]; then ok; else bad "$path after delete: $code, not 404"; fi
done

finish
