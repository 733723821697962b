#!/bin/sh
# bench-http.sh BUILD: the HTTP benchmark of `aftercare serve` (issue 5), part of make bench.
#
# wrk, 2 threads and 64 connections, against the JSON API of BUILD/aftercare-serve (or
# `BUILD/aftercare serve`) and, in the same run on the same machine, against nginx serving a
# static file of the same size (one sized as the /api/when answer, one as the /api/ask answer),
# with the same headers. nginx runs with worker_processes 1, because the server answers on one
# thread; keep-alive as the server keeps it (no cap on requests per connection).
#   GET  /api/when?activity=swimming&treated=2026-11-20T10:00&after=2d
#   POST /api/ask {"question":"can i swim 2 days after microneedling","treated":"2026-11-20T10:00"}
# Reports requests/s, p99 latency (wrk --latency) and errors (socket errors and non-2xx/3xx
# answers) for each, then the goals, each met or NOT met: /api/when at least half of nginx's
# requests/s, p99 under 10 ms and zero errors (both endpoints). Exits non-zero only when
# something cannot be built or started; BENCH_STRICT=1 also makes an unmet goal an error.
# Environment: BENCH_HTTP_SECONDS (per wrk run, default 10), BENCH_HTTP_THREADS (wrk -t,
# default 2), BENCH_HTTP_CONNECTIONS (wrk -c, default 64), BENCH_HTTP_NGINX_LOG=1 (nginx logs
# each request to a file, as the server does on stderr), WRK, NGINX (the programs).
set -eu

BUILD=${1:-build}
SECS=${BENCH_HTTP_SECONDS:-10}
THREADS=${BENCH_HTTP_THREADS:-2}
CONNS=${BENCH_HTTP_CONNECTIONS:-64}
WRK=${WRK:-$(command -v wrk || echo wrk)}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
TREATED=2026-11-20T10:00
WHEN_PATH="/api/when?activity=swimming&treated=$TREATED&after=2d"
ASK_BODY='{"question":"can i swim 2 days after microneedling","treated":"'$TREATED'"}'

die() {
	echo "bench-http.sh: $*" >&2
	exit 2
}

if [ -x "$BUILD/aftercare-serve" ]; then
	SERVE="$BUILD/aftercare-serve"
elif [ -x "$BUILD/aftercare" ]; then
	SERVE="$BUILD/aftercare"
else
	die "$BUILD/aftercare-serve not found (make BUILD=$BUILD all)"
fi
command -v "$WRK" >/dev/null 2>&1 || die "wrk not found (scripts/install-deps installs it)"
[ -x "$NGINX" ] || command -v "$NGINX" >/dev/null 2>&1 ||
	die "nginx not found (scripts/install-deps installs it)"
command -v curl >/dev/null 2>&1 || die "curl not found (scripts/install-deps installs it)"

T=$(mktemp -d "${TMPDIR:-/tmp}/bench-http.XXXXXX")
SPID=
NPID=
# shellcheck disable=SC2317 # run by the trap
cleanup() {
	if [ -n "$SPID" ]; then
		kill "$SPID" 2>/dev/null || true
		wait "$SPID" 2>/dev/null || true
	fi
	if [ -n "$NPID" ]; then
		kill "$NPID" 2>/dev/null || true
		wait "$NPID" 2>/dev/null || true
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 141' PIPE
trap 'exit 143' TERM

# ready URL PID: waits up to 10 s for URL to answer 200; fails when PID has exited.
ready() {
	i=0
	while [ "$i" -lt 100 ]; do
		curl -sf -o /dev/null "$1" 2>/dev/null && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# A high port that is free now, found by trying: port 0 lets the server pick its own, but
# nginx needs a number. The caller retries on a clash.
pick_port() {
	awk -v s="$$" -v t="$1" 'BEGIN { srand(); printf "%d", 20000 + (s * 7 + t * 7919 + int(rand() * 20000)) % 40000 }'
}

# port_free PORT: nothing listens there (curl: 7, could not connect), so that ready() can
# not mistake another server for ours.
port_free() {
	rc=0
	curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$1/" 2>/dev/null || rc=$?
	[ "$rc" -eq 7 ]
}

# ---- aftercare serve: with --db (the SQLite store) where the build accepts it ----
start_serve() {	# start_serve [--db FILE]: sets SPID and PORT, or fails
	tries=0
	while [ "$tries" -lt 10 ]; do
		PORT=$(pick_port "$tries")
		tries=$((tries + 1))
		port_free "$PORT" || continue
		"$SERVE" serve --listen "127.0.0.1:$PORT" "$@" >"$T/serve.log" 2>&1 &
		SPID=$!
		if ready "http://127.0.0.1:$PORT/healthz" "$SPID" &&
			grep -q "http://127.0.0.1:$PORT/" "$T/serve.log"; then
			return 0
		fi
		kill "$SPID" 2>/dev/null || true
		wait "$SPID" 2>/dev/null || true
		SPID=
		# An unknown option is not a port clash: no use trying other ports.
		grep -q 'unknown option' "$T/serve.log" && return 1
	done
	return 1
}
db_note="with --db $T/bench.db"
if ! start_serve --db "$T/bench.db"; then
	db_note="without --db (not accepted by this build)"
	start_serve || die "cannot start $SERVE serve: $(cat "$T/serve.log")"
fi
APORT=$PORT
A="http://127.0.0.1:$APORT"

# The answers: each 200, and their sizes (the static files match them).
code=$(curl -s -o "$T/when.json" -D "$T/when.hdr" -w '%{http_code}' "$A$WHEN_PATH")
[ "$code" = 200 ] || die "GET $WHEN_PATH answered $code: $(head -c 300 "$T/when.json")"
code=$(curl -s -o "$T/ask.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
	--data-binary "$ASK_BODY" "$A/api/ask")
[ "$code" = 200 ] || die "POST /api/ask answered $code: $(head -c 300 "$T/ask.json")"
when_bytes=$(wc -c <"$T/when.json" | tr -d ' ')
ask_bytes=$(wc -c <"$T/ask.json" | tr -d ' ')

cat >"$T/ask.lua" <<EOF
wrk.method = "POST"
wrk.body = '$ASK_BODY'
wrk.headers["Content-Type"] = "application/json"
EOF

# ---- nginx: unprivileged where we are not root, everything under $T/nginx ----
N=$T/nginx
mkdir -p "$N/www" "$N/tmp"
# Static files of the same sizes (the answers themselves: same bytes, same size).
cp "$T/when.json" "$N/www/when.json"
cp "$T/ask.json" "$N/www/ask.json"
# As root, nginx's workers run as nobody: let them read the files.
chmod 755 "$T" "$N" "$N/www"
chmod 644 "$N/www/when.json" "$N/www/ask.json"
# nginx logs nothing by default here: the strongest baseline. The server always logs one line
# a request on stderr (to a file here); BENCH_HTTP_NGINX_LOG=1 has nginx log each to a file too.
nginx_log=off
[ "${BENCH_HTTP_NGINX_LOG:-0}" = 1 ] && nginx_log="$N/access.log"
write_nginx_conf() {
	cat >"$N/nginx.conf" <<EOF
worker_processes 1;
pid $N/nginx.pid;
error_log $N/error.log warn;
events { worker_connections 1024; }
http {
	access_log $nginx_log;
	server_tokens off;
	sendfile on;
	tcp_nopush on;
	keepalive_timeout 65;
	keepalive_requests 100000000;
	client_body_temp_path $N/tmp/body;
	proxy_temp_path $N/tmp/proxy;
	fastcgi_temp_path $N/tmp/fastcgi;
	uwsgi_temp_path $N/tmp/uwsgi;
	scgi_temp_path $N/tmp/scgi;
	types { }
	default_type "$ctype";
	server {
		listen 127.0.0.1:$1;
		root $N/www;
		etag off;
		if_modified_since off;
$(cat "$N/headers.conf")
	}
}
EOF
}
# The same headers as the server's answers (Date, Content-Length and the like aside),
# so that both send as many bytes.
ctype=$(tr -d '\r' <"$T/when.hdr" | sed -n 's/^[Cc]ontent-[Tt]ype: *//p' | head -n 1)
ctype=${ctype:-application/json}
tr -d '\r' <"$T/when.hdr" | awk -F': ' 'NR > 1 && NF >= 2 {
	name = $1; value = substr($0, length($1) + 3)
	if (tolower(name) ~ /^(date|content-length|content-type|connection|server|transfer-encoding|keep-alive)$/) next
	if (value ~ /["$\\]/) next	# not expressible in nginx.conf as is
	printf "\t\tadd_header %s \"%s\" always;\n", name, value
}' >"$N/headers.conf"
tries=0
while :; do
	[ "$tries" -lt 10 ] || die "cannot start nginx: $(cat "$N/stdout.log" "$N/error.log" 2>/dev/null)"
	NPORT=$(pick_port "$((tries + 11))")
	tries=$((tries + 1))
	port_free "$NPORT" || continue
	write_nginx_conf "$NPORT"
	"$NGINX" -p "$N" -e "$N/error.log" -c "$N/nginx.conf" -g 'daemon off;' >"$N/stdout.log" 2>&1 &
	NPID=$!
	ready "http://127.0.0.1:$NPORT/when.json" "$NPID" && break
	kill "$NPID" 2>/dev/null || true
	wait "$NPID" 2>/dev/null || true
	NPID=
done
NG="http://127.0.0.1:$NPORT"
for f in when ask; do
	got=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' "$NG/$f.json")
	want="200 $(wc -c <"$N/www/$f.json" | tr -d ' ')"
	[ "$got" = "$want" ] || die "nginx /$f.json answered \"$got\", want \"$want\""
done

# ---- wrk ----
# The machine is shared (and wrk runs on the same CPUs), so each run also reports the CPU
# time, from /proc, of the server under test (or nginx's worker) and of every process outside
# this benchmark (their own time and their reaped children's: a build beside us shows there).
HZ=$(getconf CLK_TCK 2>/dev/null || echo 100)
proc_cpu() {	# PID: its utime + stime in jiffies (the fields after the command's name)
	sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ t = $12 + $13 } END { print t + 0 }'
}
others_cpu() {	# utime + stime + cutime + cstime of every process but this shell and its children
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v me="$$" -v ex="$SPID $NPID" '
	BEGIN { n = split(ex, e, " "); for (i = 1; i <= n; i++) skip[e[i]] = 1 }
	{
		pid = $1
		rest = $0
		while ((k = index(rest, ") ")) > 0) rest = substr(rest, k + 2)	# after the name
		split(rest, f, " ")
		if (pid == me || f[2] == me || skip[pid] || skip[f[2]]) next
		t += f[12] + f[13] + f[14] + f[15]
	}
	END { printf "%d", t }'
}
# run NAME PID WRK-ARGS...: wrk's output in $T/NAME.txt, and a line
# "NAME RPS P99_MS ERRORS SERVER_CPUS OTHER_CPUS" in $T/results.txt.
run() {
	name=$1 pid=$2
	shift 2
	o0=$(others_cpu) p0=$(proc_cpu "$pid") t0=$(date +%s%N)
	"$WRK" -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency "$@" >"$T/$name.txt" 2>&1 ||
		die "wrk $* failed: $(cat "$T/$name.txt")"
	o1=$(others_cpu) p1=$(proc_cpu "$pid") t1=$(date +%s%N)
	cpus=$(awk -v hz="$HZ" -v ns=$((t1 - t0)) -v o=$((o1 - o0)) -v p=$((p1 - p0)) \
		'BEGIN { s = ns / 1e9 * hz; printf "%.2f %.2f", p / s, (o > 0 ? o : 0) / s }')
	awk -v name="$name" -v cpus="$cpus" '
	function ms(v) {	# wrk prints 812.00us, 1.23ms, 2.00s, 1.00m
		if (v ~ /us$/) return v / 1000
		if (v ~ /ms$/) return v + 0
		if (v ~ /s$/) return v * 1000
		if (v ~ /m$/) return v * 60000
		return v
	}
	$1 == "99%" { p99 = ms($2) }
	$1 == "Requests/sec:" { rps = $2 }
	/Socket errors:/ { for (i = 3; i <= NF; i += 2) { n = $(i + 1); sub(/,/, "", n); err += n } }
	/Non-2xx or 3xx responses:/ { err += $NF }
	END {
		if (rps == "" || p99 == "") exit 1
		printf "%s %s %.3f %d %s\n", name, rps, p99, err, cpus
	}' "$T/$name.txt" >>"$T/results.txt" || die "cannot read wrk's output: $(cat "$T/$name.txt")"
}

echo "== HTTP server: wrk -t$THREADS -c$CONNS -d${SECS}s --latency, 127.0.0.1"
echo "(aftercare: $SERVE serve, one thread, $db_note; nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///'):"
echo " worker_processes 1, access_log $([ "$nginx_log" = off ] && echo off || echo on), static files of the same sizes and headers;"
echo " $(nproc 2>/dev/null || echo '?') CPUs shared with wrk)"
: >"$T/results.txt"
# nginx's worker: the master's child (worker_processes 1).
NWPID=$(pgrep -P "$NPID" 2>/dev/null | head -n 1 || true)
[ -n "$NWPID" ] || NWPID=$NPID
run nginx-when "$NWPID" "$NG/when.json"
run aftercare-when "$SPID" "$A$WHEN_PATH"
run nginx-ask "$NWPID" "$NG/ask.json"
run aftercare-ask "$SPID" -s "$T/ask.lua" "$A/api/ask"
if ! kill -0 "$SPID" 2>/dev/null; then
	die "the server exited during the run: $(cat "$T/serve.log")"
fi

get() {	# get NAME FIELD (2 req/s, 3 p99 ms, 4 errors)
	awk -v n="$1" -v f="$2" '$1 == n { print $f }' "$T/results.txt"
}
echo
printf '%-26s %6s %11s %8s %7s %11s %10s\n' target bytes requests/s "p99 ms" errors "server CPU" "other CPU"
row() {	# row NAME LABEL BYTES
	printf '%-26s %6s %11s %8s %7s %11s %10s\n' "$2" "$3" "$(get "$1" 2)" "$(get "$1" 3)" "$(get "$1" 4)" \
		"$(get "$1" 5)" "$(get "$1" 6)"
}
row nginx-when "nginx, static when.json" "$when_bytes"
row aftercare-when "aftercare GET /api/when" "$when_bytes"
row nginx-ask "nginx, static ask.json" "$ask_bytes"
row aftercare-ask "aftercare POST /api/ask" "$ask_bytes"
echo "(CPUs used, out of $(nproc 2>/dev/null || echo '?'): server = the server, or nginx's worker; other ="
echo " every process outside this benchmark, kernel threads included, i.e. noise)"

when_ratio=$(awk -v a="$(get aftercare-when 2)" -v b="$(get nginx-when 2)" 'BEGIN { printf "%.2f", a / b }')
ask_ratio=$(awk -v a="$(get aftercare-ask 2)" -v b="$(get nginx-ask 2)" 'BEGIN { printf "%.2f", a / b }')
p99_worst=$(awk '$1 ~ /^aftercare/ && $3 > m { m = $3 } END { printf "%.3f", m }' "$T/results.txt")
errors=$(awk '$1 ~ /^aftercare/ { e += $4 } END { print e + 0 }' "$T/results.txt")
echo
noise=$(awk '$6 > m { m = $6 } END { printf "%.2f", m }' "$T/results.txt")
if awk -v n="$noise" 'BEGIN { exit !(n >= 0.1) }'; then
	echo "warning: up to $noise CPUs were busy outside this benchmark during a run: the figures"
	echo "  above understate both servers, and their p99 most; rerun on an idle machine"
fi
echo "http_when_ratio_to_nginx $when_ratio"
echo "http_ask_ratio_to_nginx $ask_ratio (no goal of its own)"
# shellcheck source=scripts/goal.sh
. "$(dirname "$0")/goal.sh"
goal "/api/when req/s >= 0.5 x nginx" "${when_ratio}x" at_least "$when_ratio" 0.5
goal "p99 < 10 ms" "worst of /api/when and /api/ask: $p99_worst ms" below "$p99_worst" 10
goal "zero errors" "$errors socket errors or non-2xx answers" [ "$errors" -eq 0 ]
if [ "${BENCH_STRICT:-0}" = 1 ] && [ "$unmet" -ne 0 ]; then
	exit 1
fi
exit 0
