#!/bin/sh
# Crash test of the clinic's store (server/store.c): no acknowledged write is ever lost.
# The server runs on a fresh --db; a writer (tests/server/crash_writer.py, 4 connections)
# POSTs treatments without pause and records each one whose whole 201 answer it has read;
# after ~2 s of writes the server is killed with SIGKILL, mid-load. Then it is started again
# on the same file, which must pass PRAGMA integrity_check, and every acknowledged treatment
# must be there, with its token (GET /api/treatments/ID, GET /p/TOKEN.json). Three rounds in
# one run, the acknowledgements of all of them checked after each. Loopback only.
# What this proves is the process's crash: the kernel keeps what was written, so it would
# pass with synchronous=OFF too. A power loss is what synchronous=FULL is for: that a 201
# follows the WAL's fdatasync was checked with strace (docs/api.md), not here.
# Usage: tests/server/crash.sh BUILD/aftercare. Prints "N passed, M failed".
# Environment: CRASH_ROUNDS (default 3), CRASH_SECONDS (default 2), CRASH_WRITERS (default 4).
set -u
BIN=${1:?usage: crash.sh path/to/aftercare}
export TZ=Europe/London NO_COLOR=1
unset AFTERCARE_API_KEY
PY=/usr/bin/python3
WRITER=$(dirname "$0")/crash_writer.py
ROUNDS=${CRASH_ROUNDS:-3}
SECONDS_OF_WRITES=${CRASH_SECONDS:-2}
WRITERS=${CRASH_WRITERS:-4}
T=$(mktemp -d)
PID=
WPID=
cleanup() {
	[ -n "$WPID" ] && kill -TERM "$WPID" 2>/dev/null && wait "$WPID" 2>/dev/null
	[ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
. "$(dirname "$0")/lib.sh"
KEY=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
DB=$T/db
: >"$T/acks"

# start LOG: the server on DB, with the key, on a free port
start() { serve_start "$1" "$DB" "$KEY" 7121; }
acked() { grep -c . "$T/acks"; }
# check ROUND: the store as the last kill left it, opened again by the server
check() {
	integrity=$(sqlite3 "$DB" 'PRAGMA integrity_check' 2>&1)
	[ "$integrity" = ok ] && ok || bad "round $1: integrity_check: $integrity"
	rows=$(sqlite3 "$DB" 'SELECT count(*) FROM treatment' 2>&1)
	[ "$rows" -ge "$(acked)" ] 2>/dev/null && ok || bad "round $1: $rows rows, $(acked) acknowledged"
	mkdir -p "$T/verify.d"
	if "$PY" "$WRITER" verify "$PORT" "$KEY" "$T/acks" "$T/verify.d" >"$T/verify" 2>&1; then
		ok
		echo "round $1: $(cat "$T/verify") after the restart ($rows rows in the file)"
	else
		bad "round $1: after the restart: $(cat "$T/verify")"
	fi
}

start "$T/log.0"
r=1
while [ "$r" -le "$ROUNDS" ]; do
	before=$(acked)
	"$PY" "$WRITER" write "$PORT" "$KEY" "$T/acks" "$WRITERS" >"$T/writer.$r" 2>&1 &
	WPID=$!
	sleep "$SECONDS_OF_WRITES"
	kill -KILL "$PID"	# mid-load: the writers are still posting
	wait "$PID" 2>/dev/null
	PID=
	sleep 0.2
	kill -TERM "$WPID"
	wait "$WPID"
	wst=$?
	WPID=
	n=$(($(acked) - before))
	echo "round $r: $n writes acknowledged before kill -9 (writer: $(tail -1 "$T/writer.$r"))"
	[ "$wst" -eq 0 ] && ok || bad "round $r: the writer: exit $wst: $(tail -5 "$T/writer.$r")"
	[ "$n" -gt 0 ] && ok || bad "round $r: no write acknowledged in ${SECONDS_OF_WRITES}s: $(tail -5 "$T/log.$((r - 1))")"
	if grep -qE "ERROR|runtime error|store error" "$T/log.$((r - 1))"; then
		bad "round $r: the log: $(grep -E "ERROR|runtime error|store error" "$T/log.$((r - 1))" | head -5)"
	else ok; fi
	start "$T/log.$r"
	check "$r"
	r=$((r + 1))
done

# ---- a clean stop after the last round; the file is whole and still WAL ----
kill -TERM "$PID"
wait "$PID"
st=$?
PID=
[ "$st" -eq 0 ] && ok || bad "SIGTERM: exit $st: $(tail -5 "$LOG")"
if grep -qE "ERROR|runtime error|LeakSanitizer|store error" "$LOG"; then bad "the log: $(cat "$LOG")"; else ok; fi
[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] && ok || bad "integrity_check after the stop"
[ "$(sqlite3 "$DB" 'PRAGMA journal_mode')" = wal ] && ok || bad "journal_mode after the stop: $(sqlite3 "$DB" 'PRAGMA journal_mode')"
echo "$(acked) writes acknowledged in $ROUNDS rounds, none lost" | { [ "$fail" -eq 0 ] && cat || true; }

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
