# lib.sh: what the server's test scripts share (run.sh, clinic.sh, crash.sh source it):
# counting checks, a server on a free loopback port, requests and assertions on them.
# The sourcing script sets BIN (the aftercare command), T (its temporary folder) and PY.
# shellcheck shell=sh

pass=0
fail=0
PID=
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# serve_start LOG DB KEY [SALT]: start the server on DB (KEY "" for no clinic key), logging
# to LOG, on a free port found by trying (another run may hold one; SALT keeps the scripts'
# first tries apart). Sets PORT, PID and B (the base URL); exits the script if it cannot.
serve_start() {
	LOG=$1 sdb=$2 skey=$3 salt=${4:-0}
	tries=0
	while [ $tries -lt 20 ]; do
		PORT=$((20000 + ($$ + salt + tries * 7919) % 20000))
		if [ -n "$skey" ]; then
			AFTERCARE_API_KEY=$skey "$BIN" serve --listen "127.0.0.1:$PORT" --db "$sdb" \
				>"$LOG" 2>&1 &
		else
			"$BIN" serve --listen "127.0.0.1:$PORT" --db "$sdb" >"$LOG" 2>&1 &
		fi
		PID=$!
		i=0
		while [ $i -lt 100 ]; do	# up to 10 s: the sanitizer build starts slowly
			if curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then
				B="http://127.0.0.1:$PORT"
				return 0
			fi
			kill -0 "$PID" 2>/dev/null || break	# exited: the port was taken
			sleep 0.1
			i=$((i + 1))
		done
		kill "$PID" 2>/dev/null
		wait "$PID" 2>/dev/null
		PID=
		tries=$((tries + 1))
	done
	echo "FAIL server did not start: $(cat "$LOG")"
	echo "$pass passed, $((fail + 1)) failed"
	exit 1
}

# req NAME STATUS CURL-ARGS...: the body in $T/body, the headers in $T/hdr
req() {
	name=$1 want=$2
	shift 2
	got=$(curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' "$@")
	if [ "$got" = "$want" ]; then ok; else bad "$name: HTTP $got, want $want: $(head -c 300 "$T/body")"; fi
}

# js NAME PYTHON: an assertion on j, the body parsed as JSON
js() {
	if "$PY" -c "import json, sys
j = json.load(open(sys.argv[1]))
$2" "$T/body" 2>"$T/pyerr"; then ok; else bad "$1: $(tail -1 "$T/pyerr"): $(head -c 300 "$T/body")"; fi
}

# header TEXT NAME: the last response's headers have TEXT
header() { if grep -qiF -- "$1" "$T/hdr"; then ok; else bad "$2: no header \"$1\""; fi; }

# secure NAME [TYPE [CACHE]]: the security headers every response carries
secure() {
	header "Content-Security-Policy: default-src 'none'" "$1"
	header "X-Content-Type-Options: nosniff" "$1"
	header "Referrer-Policy: no-referrer" "$1"
	header "X-Frame-Options: DENY" "$1"
	header "Cache-Control: ${3:-no-store}" "$1"
	header "Content-Type: ${2:-application/json}" "$1"
}

# error NAME STATUS SAYS CURL-ARGS...: a 4xx, a JSON {"error"} saying SAYS, the headers
error() {
	ename=$1 estatus=$2 esays=$3
	shift 3
	req "$ename" "$estatus" "$@"
	js "$ename" "assert list(j) == ['error'] and $esays in j['error'], j"
	secure "$ename"
}

# test_db NAME: a new, empty store for the script: the file $T/NAME; or, where
# AFTERCARE_TEST_PG is set (tests/server/pg.sh), a new PostgreSQL database in it, as a
# connection string (the scripts then test the PostgreSQL store, docs/deploy.md).
test_db() {
	if [ -z "${AFTERCARE_TEST_PG:-}" ]; then
		echo "$T/$1"
		return
	fi
	tdb="t_$1_$$"
	psql -X -q "$AFTERCARE_TEST_PG" -c "CREATE DATABASE $tdb" >/dev/null || return 1
	echo "$AFTERCARE_TEST_PG dbname=$tdb"	# the last dbname= is the one libpq takes
}

# db_sql DB SQL: SQL run on the store DB outside the server (sqlite3 on a file, psql on a
# connection string), its answer one value a line, columns joined by "|".
db_sql() {
	case $1 in
	postgres://* | postgresql://* | *=*) psql -X -q -A -t -v ON_ERROR_STOP=1 "$1" -c "$2" ;;
	*) sqlite3 "$1" "$2" ;;
	esac
}

# db_script DB: SQL from stdin run on the store DB, as db_sql.
db_script() {
	case $1 in
	postgres://* | postgresql://* | *=*) psql -X -q -A -t -v ON_ERROR_STOP=1 "$1" >/dev/null ;;
	*) sqlite3 "$1" >/dev/null ;;
	esac
}
