#!/bin/sh
# bench-pg.sh BUILD: two servers on one PostgreSQL behind nginx, against one server on SQLite,
# in the same run on the same machine (issue 16; docs/benchmarks.md, docs/deploy.md). Part of
# make bench, run under tests/server/pg.sh (a throwaway PostgreSQL on a Unix socket).
# For each setup, with wrk (BENCH_PG_CONNECTIONS connections, BENCH_PG_SECONDS a run):
#   GET /api/when?...          the engine, no store
#   GET /p/TOKEN.json          a patient's page data: a store read, then the plan
#   POST /api/treatments       a new patient each (the write rate: treatments/s)
# Reports requests/s, p99 latency and errors (socket errors and answers that are not 2xx).
# Then what one throttle call costs on each store (BUILD/bench/throttle_bench).
# Figures, not goals: exits non-zero only when something cannot be started.
# Environment: BENCH_PG_SECONDS (default 5), BENCH_PG_CONNECTIONS (default 32), WRK, NGINX.
set -eu

BUILD=${1:-build}
SECS=${BENCH_PG_SECONDS:-5}
CONNS=${BENCH_PG_CONNECTIONS:-32}
WRK=${WRK:-$(command -v wrk || echo wrk)}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
SERVE=$BUILD/aftercare-serve
KEY=bench-pg-key-0123456789abcdef
WHEN_PATH="/api/when?activity=swimming&treated=2026-11-20T10:00&after=2d"

die() {
	echo "bench-pg.sh: $*" >&2
	exit 2
}
[ -n "${AFTERCARE_TEST_PG:-}" ] || die "run it under tests/server/pg.sh"
[ -x "$SERVE" ] || die "$SERVE not found (make BUILD=$BUILD all)"
command -v "$WRK" >/dev/null 2>&1 || die "wrk not found (scripts/install-deps installs it)"
[ -x "$NGINX" ] || die "nginx not found (scripts/install-deps installs it)"

T=$(mktemp -d "${TMPDIR:-/tmp}/bench-pg.XXXXXX")
PIDS=
# shellcheck disable=SC2317 # run by the trap
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	for p in $PIDS; do wait "$p" 2>/dev/null || true; done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# serve NAME DB: a server on a port of its own choosing; prints the port.
serve() {
	AFTERCARE_API_KEY=$KEY "$SERVE" serve --listen 127.0.0.1:0 --db "$2" >"$T/$1.log" 2>&1 &
	PIDS="$PIDS $!"
	i=0
	while [ $i -lt 100 ]; do
		p=$(sed -n 's|^aftercare: serving on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/$1.log")
		[ -n "$p" ] && { echo "$p"; return 0; }
		sleep 0.1
		i=$((i + 1))
	done
	die "$1 did not start: $(cat "$T/$1.log")"
}
SQ=$(serve sqlite "$T/bench.db")
PA=$(serve pg-a "$AFTERCARE_TEST_PG")
PB=$(serve pg-b "$AFTERCARE_TEST_PG")

# nginx in front of the two PostgreSQL servers, as docs/deploy.md has it
N=$T/nginx
mkdir -p "$N/tmp"
chmod 755 "$T" "$N"
tries=0
while :; do
	[ $tries -lt 10 ] || die "cannot start nginx: $(cat "$N/error.log" 2>/dev/null)"
	NPORT=$((20000 + ($$ * 7 + tries * 7919) % 40000))
	tries=$((tries + 1))
	cat >"$N/nginx.conf" <<EOF
worker_processes 1;
pid $N/nginx.pid;
error_log $N/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $N/tmp/body;
	proxy_temp_path $N/tmp/proxy;
	fastcgi_temp_path $N/tmp/fastcgi;
	uwsgi_temp_path $N/tmp/uwsgi;
	scgi_temp_path $N/tmp/scgi;
	upstream aftercare {
		server 127.0.0.1:$PA max_fails=3 fail_timeout=10s;
		server 127.0.0.1:$PB max_fails=3 fail_timeout=10s;
		keepalive 16;
	}
	server {
		listen 127.0.0.1:$NPORT;
		location / {
			proxy_pass http://aftercare;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_next_upstream error timeout;
		}
	}
}
EOF
	"$NGINX" -p "$N" -e "$N/error.log" -c "$N/nginx.conf" -g 'daemon off;' >"$N/stdout.log" 2>&1 &
	np=$!
	sleep 0.3
	if kill -0 "$np" 2>/dev/null && curl -sf -o /dev/null "http://127.0.0.1:$NPORT/healthz"; then
		PIDS="$PIDS $np"
		break
	fi
	kill "$np" 2>/dev/null || true
	wait "$np" 2>/dev/null || true
done

# token BASE: a new treatment's token, made through BASE
token() {
	curl -s -H "Authorization: Bearer $KEY" -d '{"patient": "Bench", "treated_at": "2026-11-20 10:00", "confirm": true}' \
		"$1/api/treatments" | sed -n 's|.*"link":"/p/\([^"]*\)".*|\1|p'
}
# a new patient each time (the same one twice would be a 409 duplicate), confirmed (no
# warning about how far back the date is, whatever today is)
cat >"$T/post.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $KEY"
local threads = 0
function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end
local n = 0
request = function()
	n = n + 1
	return wrk.format(nil, nil, nil, string.format(
		'{"patient": "Bench %d-%d", "treated_at": "2026-11-20 10:00", "confirm": true}', tid, n))
end
EOF

# run LABEL URL [wrk args]: one wrk run; prints "LABEL  req/s  p99  errors"
run() {
	label=$1 url=$2
	shift 2
	"$WRK" -t 2 -c "$CONNS" -d "${SECS}s" --latency "$@" "$url" >"$T/wrk.txt" 2>&1 ||
		die "wrk failed: $(cat "$T/wrk.txt")"
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$T/wrk.txt")
	p99=$(awk '$1 == "99%" { print $2 }' "$T/wrk.txt")
	errs=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ {
		for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i } END { print n + 0 }' "$T/wrk.txt")
	printf '%-44s %10s %10s %8s\n' "$label" "$rps" "$p99" "$errs"
}

S="http://127.0.0.1:$SQ"
P="http://127.0.0.1:$NPORT"
TS=$(token "$S")
TP=$(token "$P")
[ -n "$TS" ] && [ -n "$TP" ] || die "cannot add a treatment: $(tail -3 "$T/sqlite.log" "$T/pg-a.log")"
echo "== one server on SQLite vs two on PostgreSQL behind nginx (wrk -t 2 -c $CONNS, ${SECS} s each)"
printf '%-44s %10s %10s %8s\n' "" "req/s" "p99" "errors"
run "GET /api/when, SQLite server" "$S$WHEN_PATH"
run "GET /api/when, 2 servers on PostgreSQL" "$P$WHEN_PATH"
run "GET /p/TOKEN.json, SQLite server" "$S/p/$TS.json"
run "GET /p/TOKEN.json, 2 servers on PostgreSQL" "$P/p/$TP.json"
run "POST /api/treatments, SQLite server" "$S/api/treatments" -s "$T/post.lua"
run "POST /api/treatments, 2 servers on PostgreSQL" "$P/api/treatments" -s "$T/post.lua"
grep -h "store busy\|store error" "$T"/*.log | sort | uniq -c | head -5 || true

# What one throttle call costs, one at a time on one connection, as the server's one request
# thread makes them: what a per-request limit in the store would add to every request
# (docs/benchmarks.md, "Throttles in the store"). The table is logged (as the server makes
# it); UNLOGGED (no WAL, so no flush at commit) measured too, then set back.
TB=$BUILD/bench/throttle_bench
if [ -x "$TB" ]; then
	echo "== a throttle call on each store (tests/bench/throttle_bench.c, 2,000 of each)"
	echo "-- SQLite (synchronous=FULL)"
	"$TB" "$T/throttle.db"
	echo "-- PostgreSQL (synchronous_commit on)"
	"$TB" "$AFTERCARE_TEST_PG"
	echo "-- PostgreSQL, the table UNLOGGED"
	psql -X -q "$AFTERCARE_TEST_PG" -c "ALTER TABLE throttle SET UNLOGGED"
	"$TB" "$AFTERCARE_TEST_PG"
	psql -X -q "$AFTERCARE_TEST_PG" -c "ALTER TABLE throttle SET LOGGED"
else
	echo "bench-pg.sh: $TB not built (make $TB): the throttle calls not measured"
fi
