#!/bin/sh
# bench-desk.sh BUILD: the desk's list of treatments over 10,000 of them (issue 14: "under 50 ms
# a page, in make bench"). Starts BUILD/aftercare serve on a fresh SQLite store on loopback,
# fills it (tests/server/paging.py sql), pages through one day's 500 and a search by name
# with the clinic key, and prints the worst page beside the goal. Exits non-zero only when the
# server cannot be started or an answer is wrong; BENCH_STRICT=1 also on an unmet goal.
set -eu
BUILD=${1:-build}
BIN=$BUILD/aftercare
T=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
KEY=bench-desk-key-$$-0123456789
AFTERCARE_API_KEY=$KEY "$BIN" serve --listen 127.0.0.1:0 --db "$T/db" >"$T/log" 2>&1 &
PID=$!
B=
for _ in $(seq 100); do
	B=$(sed -n 's|^aftercare: serving on \(http://[^/]*\)/.*|\1|p' "$T/log")
	[ -n "$B" ] && break
	sleep 0.1
done
if [ -z "$B" ]; then
	echo "bench-desk.sh: the server did not start: $(cat "$T/log")" >&2
	exit 2
fi
echo "== the desk's list: 10,000 treatments, 50 a page ($BIN serve, SQLite)"
python3 tests/server/paging.py sql | sqlite3 "$T/db"
python3 tests/server/paging.py measure "$B" "$KEY" >"$T/out"
cat "$T/out"
worst=$(sed -n 's/^pages [0-9]*, worst \([0-9.]*\) ms.*/\1/p' "$T/out")
# shellcheck source=scripts/goal.sh
. "$(dirname "$0")/goal.sh"
goal "the desk's list: every page < 50 ms over 10,000 treatments" "worst ${worst} ms" \
	below "$worst" 50
[ "${BENCH_STRICT:-0}" = 1 ] && [ "$unmet" -gt 0 ] && exit 1
exit 0
