#!/bin/sh
# valgrind.sh BUILD: the aftercare command and every unit-test binary of BUILD under valgrind.
#
# Each case must leave valgrind silent: no invalid read or write, no use of uninitialised
# memory, no definite or indirect leak. valgrind reports those with exit status 1
# (--error-exitcode=1); the command's own statuses are 0 (answered) and 2 (bad usage or
# input), so every case states the status it expects and anything else is a failure.
# Run from the repository root (make valgrind does). Prints "N passed, M failed".
set -u

BUILD=${1:-build}
BIN=$BUILD/aftercare
if [ ! -x "$BIN" ]; then
	echo "valgrind.sh: $BIN not found (make BUILD=$BUILD all)" >&2
	exit 2
fi
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind.sh: valgrind not installed (scripts/install-deps)" >&2
	exit 2
fi

VG="valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect -q"
# A fixed zone, so that local times (and so the answers) are the same on every machine.
TZ=${TZ:-Europe/London}
export TZ
# No colour codes and a fixed chart width, whatever the terminal.
NO_COLOR=1
COLUMNS=80
export NO_COLOR COLUMNS

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
# A small clinic protocol: exercises ac_kb_apply_protocol (parse, replace, derive again).
cat >"$tmp/protocol.yaml" <<'EOF'
version: 1
sources:
  - id: clinic
    name: Test clinic
    section: Aftercare sheet
rules:
  - id: clinic-swimming
    activity: swimming
    source: clinic
    section: Aftercare sheet
    stance: avoid
    until: 3d
    quote: "No swimming for three days."
    reason: Chlorine irritates the treated skin.
    advice: Wait three days before swimming.
EOF
# A protocol that does not load: its rollback must free what it read.
cat >"$tmp/bad-protocol.yaml" <<'EOF'
version: 1
rules:
  - id: bad
    activity: no-such-activity
    source: nobody
    stance: maybe
EOF

passed=0
failed=0
failures=""

# check NAME EXPECTED_STATUS COMMAND...: run COMMAND under valgrind, stdout discarded,
# stdin from the file $STDIN (default /dev/null).
check() {
	name=$1 want=$2
	shift 2
	# shellcheck disable=SC2086
	$VG "$@" <"${STDIN:-/dev/null}" >/dev/null 2>"$tmp/err"
	record "$name" "$want" $?
}

# record NAME EXPECTED_STATUS STATUS: count a case, showing valgrind's report on failure.
record() {
	name=$1 want=$2 got=$3
	if [ "$got" -eq "$want" ]; then
		passed=$((passed + 1))
		echo "ok   $name"
	else
		failed=$((failed + 1))
		failures="$failures
  $name"
		if [ "$got" -eq 1 ]; then
			echo "FAIL $name: valgrind found errors (exit 1, wanted $want)"
		else
			echo "FAIL $name: exit $got, wanted $want"
		fi
		sed 's/^/     | /' "$tmp/err" | head -n 60
	fi
}

T="2026-11-20 10:00"
check "when swimming (json)" 0 "$BIN" when swimming --after 2d --treated "$T" --format json
check "when by alias, text" 0 "$BIN" when gym sauna --at "2026-11-21 18:30" --treated "$T"
check "when with --kb file" 0 "$BIN" when swimming --after 36h --treated "$T" \
	--kb data/microneedling.yaml --policy lenient --skin sensitive --depth deep
check "when with a protocol" 0 "$BIN" when swimming --after 2d --treated "$T" \
	--protocol "$tmp/protocol.yaml"
check "status" 0 "$BIN" status --treated "$T" --after 1d
check "status (json)" 0 "$BIN" status --treated "$T" --after 5d --format json
check "plan --chart" 0 "$BIN" plan --chart --treated "$T"
check "plan (json)" 0 "$BIN" plan --format json --treated "$T" --device dermaroller
check "activities" 0 "$BIN" activities
check "sources" 0 "$BIN" sources
check "conflicts" 0 "$BIN" conflicts
check "lint data/microneedling.yaml" 0 "$BIN" lint data/microneedling.yaml
check "lint a protocol" 0 "$BIN" lint "$tmp/protocol.yaml"
if "$BIN" --help 2>/dev/null | grep -q '^  ask '; then
	check "ask" 0 "$BIN" ask "can I go swimming 2 days after?" --treated "$T"
	check "ask (json, cues)" 0 "$BIN" ask "when can I wear makeup, I have oily skin" \
		--treated "$T" --format json
	printf '%s\n' "can i swim tomorrow?" "what should I avoid?" "how often?" \
		"is redness normal" "can I go skydiving" >"$tmp/questions"
	STDIN=$tmp/questions
	check "ask --batch" 0 "$BIN" ask --batch --treated "$T"
	STDIN=/dev/null
	check "error: ask, invalid UTF-8" 2 "$BIN" ask "$(printf 'can I \377 swim')"
fi
# Errors: the command's status 2, not valgrind's 1.
check "error: when swiming (misspelt)" 2 "$BIN" when swiming
check "error: bad --after" 2 "$BIN" when swimming --after 2 fortnights
check "error: unknown command" 2 "$BIN" frobnicate
check "error: bad protocol" 2 "$BIN" when swimming --after 2d --protocol "$tmp/bad-protocol.yaml"
check "error: lint a bad file" 2 "$BIN" lint "$tmp/bad-protocol.yaml"
# The calendar commands run in aftercare-cal (libical); run it directly, since valgrind
# does not follow the exec of aftercare into it.
CAL=$BUILD/aftercare-cal
check "cal: plan --format ics" 0 "$CAL" plan --format ics --treated "2026-11-20 10:00"
check "cal: course --format ics" 0 "$CAL" course --start "$(date -d '+10 days' +%F) 10:00" --format ics
check "cal: check a calendar" 1 "$CAL" check --calendar tests/cal/week.ics --treated "2026-11-20 10:00"
check "cal: check, json" 1 "$CAL" check --calendar tests/cal/week.ics --treated "2026-11-20 10:00" --format json
printf 'BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:1\nDTSTART;TZID=Mars/Olympus:20261121T130000\nSUMMARY:Sauna\nEND:VEVENT\nEND:VCALENDAR\n' >"$tmp/bad.ics"
check "cal: error: unknown zone" 2 "$CAL" check --calendar "$tmp/bad.ics" --treated "2026-11-20 10:00"

# The server (aftercare-serve, run directly for the same reason): started under valgrind,
# sent every kind of request, good and bad, then stopped with SIGTERM; it must exit 0.
SERVE=$BUILD/aftercare-serve
serve_case() {
	port=$((30000 + $$ % 20000))
	AFTERCARE_API_KEY=valgrind-clinic-key-0123 $VG "$SERVE" serve --listen "127.0.0.1:$port" \
		--db "$tmp/vg.db" >/dev/null 2>"$tmp/err" &
	vg_pid=$!
	i=0
	until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
		i=$((i + 1))
		if [ $i -gt 300 ] || ! kill -0 "$vg_pid" 2>/dev/null; then
			break
		fi
		sleep 0.1
	done
	b="http://127.0.0.1:$port"
	auth="Authorization: Bearer valgrind-clinic-key-0123"
	{
		curl -s "$b/api/when?activity=swimming&treated=2026-11-20+10:00&after=2d"
		curl -s "$b/api/when?activity=swiming"
		curl -s -d '{"question":"can i swim 2 days after","treated":"2026-11-20 10:00"}' "$b/api/ask"
		curl -s -d '{"treated":"2026-11-20 10:00","depth":"deep"}' "$b/api/plan"
		curl -s -d '{"treated":' "$b/api/plan"
		curl -s "$b/api/plan.ics?treated=2026-11-20+10:00"
		curl -s "$b/" "$b/static/app.js" "$b/api/sources" "$b/api/activities" "$b/nope"
		link=$(curl -s -H "$auth" -d '{"patient":"V","treated_at":"2026-11-20 10:00"}' \
			"$b/api/treatments" | sed -n 's/.*"link":"\([^"]*\)".*/\1/p')
		curl -s "$b$link" "$b$link.json" "$b$link.ics" "$b/p/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		curl -s -H "$auth" "$b/api/treatments/1"
		curl -s -H "$auth" -X DELETE "$b/api/treatments/1"
		curl -s -H "Authorization: Bearer wrong" "$b/api/treatments/1"
	} >/dev/null 2>&1
	kill -TERM "$vg_pid" 2>/dev/null
	wait "$vg_pid"
	record "serve: every endpoint, then SIGTERM" 0 $?
}
# A patient's link issued under protocol A, served under protocol B: the plan is built from
# A's text kept in the store (server/protocols.c), the page, JSON, calendar and a question.
protocol_case() {
	printf 'sources:\n  - id: clinic\n    name: The clinic\n    section: Ours\nrules:\n  - id: c-swim\n    activity: swimming\n    source: clinic\n    stance: avoid\n    until: 2w\n    quote: "No swimming for two weeks."\n    reason: Ours.\n    advice: Wait.\n' >"$tmp/a.yaml"
	sed 's/2w/3d/' "$tmp/a.yaml" >"$tmp/b.yaml"
	key=valgrind-clinic-key-0123
	AFTERCARE_API_KEY=$key "$SERVE" serve --listen 127.0.0.1:0 --db "$tmp/vgp.db" \
		--protocol "$tmp/a.yaml" >"$tmp/a.out" 2>&1 &
	a_pid=$!
	b=$(served "$tmp/a.out" "$a_pid")
	link=$(curl -s -H "Authorization: Bearer $key" -d '{"patient":"V","treated_at":"2026-11-20 10:00","confirm":true}' \
		"$b/api/treatments" | sed -n 's/.*"link":"\([^"]*\)".*/\1/p')
	kill -TERM "$a_pid" 2>/dev/null
	wait "$a_pid"
	AFTERCARE_API_KEY=$key $VG "$SERVE" serve --listen 127.0.0.1:0 --db "$tmp/vgp.db" \
		--protocol "$tmp/b.yaml" >"$tmp/b.out" 2>"$tmp/err" &
	vg_pid=$!
	b=$(served "$tmp/b.out" "$vg_pid")
	[ -n "$link" ] && [ -n "$b" ] || { record "serve: an earlier protocol's link (no link: $link, or no server)" 0 2; return; }
	{
		curl -s "$b$link" "$b$link.json" "$b$link.ics"
		curl -s -d "{\"question\":\"can i swim\",\"token\":\"${link#/p/}\"}" "$b/api/ask"
	} >/dev/null 2>&1
	kill -TERM "$vg_pid" 2>/dev/null
	wait "$vg_pid"
	record "serve: a link issued under an earlier protocol, then SIGTERM" 0 $?
}
# served OUT PID: the base URL the server writing OUT prints once it listens (up to 30 s).
served() {
	i=0
	while [ $i -lt 300 ] && kill -0 "$2" 2>/dev/null; do
		u=$(sed -n 's|^aftercare: serving on \(http://[^/]*\)/.*|\1|p' "$1")
		[ -n "$u" ] && { echo "$u"; return; }
		sleep 0.1
		i=$((i + 1))
	done
}
if [ -x "$SERVE" ] && command -v curl >/dev/null 2>&1; then
	serve_case
	protocol_case
fi

# Every unit-test binary (they find their data through AC_SOURCE_DIR).
for t in "$BUILD"/tests/test_*; do
	if [ ! -f "$t" ] || [ ! -x "$t" ]; then
		continue
	fi
	check "unit: ${t##*/}" 0 "$t"
done

echo "$passed passed, $failed failed"
if [ "$failed" -ne 0 ]; then
	echo "failed:$failures"
	exit 1
fi
exit 0
