#!/bin/sh
# tests/cli/unix.sh: the command as a Unix citizen: `aftercare COMMAND --help`, colour only
# where wanted (NO_COLOR, TERM=dumb, --color), text wrapped to the width, durations in words.
#
#   tests/cli/unix.sh ./build/aftercare
#
# The last line is "N passed, M failed"; the exit status is 1 if anything failed.
set -u
case $1 in
/*) BIN=$1 ;;
*) BIN=$(pwd)/$1 ;;
esac
export TZ=Europe/London LC_ALL=C
unset COLUMNS NO_COLOR
TMP=$(mktemp -d "${TMPDIR:-/tmp}/aftercare-unix.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
OUT=$TMP/out
ERR=$TMP/err
T="2026-11-20 10:00"
passed=0
failed=0
NAME=

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $NAME: $1"; }

# run NAME WANT_EXIT ARGS...: run the command (stdout not a terminal).
run() {
	NAME=$1
	want=$2
	shift 2
	"$BIN" "$@" >"$OUT" 2>"$ERR" </dev/null
	rc=$?
	[ "$rc" -eq "$want" ] && pass || fail "exit $rc, expected $want: $(head -c 300 "$ERR")"
}
out_has() { grep -qF -- "$1" "$OUT" && pass || fail "stdout lacks \"$1\""; }
out_lacks() { grep -qF -- "$1" "$OUT" && fail "stdout has \"$1\"" || pass; }
out_first() { [ "$(head -n 1 "$OUT")" = "$1" ] && pass || fail "first line \"$(head -n 1 "$OUT")\", not \"$1\""; }
colour() { grep -q "$(printf '\033')\[" "$OUT" && pass || fail "no colour escapes"; }
no_colour() { grep -q "$(printf '\033')" "$OUT" && fail "colour escapes" || pass; }
# widest W [FILE]: no line of stdout (or FILE) wider than W characters (UTF-8 counted as
# characters); widest_over W: some line is wider than W (the width was used, not 80).
widest() {
	python3 - "$1" "${2:-$OUT}" <<'PY' && pass || fail "a line is wider than $1"
import sys
w = int(sys.argv[1])
for line in open(sys.argv[2], encoding="utf-8").read().splitlines():
    if len(line) > w:
        print("     %d: %s" % (len(line), line)); sys.exit(1)
PY
}
widest_over() {
	python3 -c 'import sys; sys.exit(0 if any(len(l) > int(sys.argv[1]) for l in open(sys.argv[2], encoding="utf-8").read().splitlines()) else 1)' "$1" "${2:-$OUT}" &&
		pass || fail "no line wider than $1: the width was not used"
}
# on_tty COLS ARGS...: run the command with stdout on a pseudo-terminal COLS wide (script(1));
# its output, \r\n made \n, in $OUT.
on_tty() {
	cols=$1
	shift
	script -qec "stty cols $cols; $(printf '"%s" ' "$BIN" "$@")" /dev/null </dev/null 2>"$ERR" | tr -d '\r' >"$OUT"
}

# ---- aftercare COMMAND --help: the command's usage, its options, one example ----
for cmd in status when plan activities sources conflicts lint ask check course serve; do
	run "$cmd --help" 0 "$cmd" --help
	head -n 1 "$OUT" | grep -qE "^Usage: aftercare $cmd( |\$)" && pass || fail "first line: $(head -n 1 "$OUT")"
	out_has "Options:"
	out_has "--help"
	out_has "Example:"
	out_has "  aftercare $cmd"
	out_lacks "Commands:"
	widest 80
	[ -s "$ERR" ] && fail "stderr not empty" || pass
done
run "when --help" 0 when --help
out_first "Usage: aftercare when ACTIVITY... [OPTIONS]"
out_has "--treated"
out_lacks "--listen"
out_lacks "--calendar"
run "serve --help" 0 serve --help
out_has "--listen HOST:PORT"
out_has "--db FILE"
out_lacks "--treated"
out_lacks "serve: the address"
run "check --help (not handed to aftercare-cal)" 0 check --help
out_has "--calendar FILE.ics"
run "plan -h" 0 plan -h
out_has "--chart"
run "help course" 0 help course
out_first "Usage: aftercare course [OPTIONS]"
out_has "--needle MM"
run "help nonsense" 2 help nonsense
grep -q "aftercare: error: unknown command" "$ERR" && pass || fail "no error for an unknown command"
run "--help" 0 --help
out_has "Commands:"
out_has "Exit status:"
out_has "NO_COLOR"
widest 80
# Every option of the table is in the general help, and each in some command's help.
for opt in $(grep -oE -- '^  --[a-z-]+' "$OUT" | sed 's/^  //' | sort -u); do
	NAME="$opt in a command's --help"
	found=
	for cmd in status when plan activities sources conflicts lint ask check course serve staff; do
		"$BIN" "$cmd" --help | grep -qE -- "^  $opt( |\$)" && found=1 && break
	done
	case $opt in --help | --version) found=1 ;; esac
	[ -n "$found" ] && pass || fail "no command lists it"
done

# ---- colour: only on a terminal that supports it, and never in the way of the text ----
if command -v script >/dev/null 2>&1; then
	NAME="status on a terminal, TERM=xterm"
	TERM=xterm on_tty 100 status --treated "$T" --after 2d
	colour
	NAME="status on a terminal, TERM=dumb"
	TERM=dumb on_tty 100 status --treated "$T" --after 2d
	no_colour
	NAME="status on a terminal, TERM unset"
	(unset TERM; on_tty 100 status --treated "$T" --after 2d)
	no_colour
	NAME="status on a terminal, NO_COLOR=1"
	NO_COLOR=1 TERM=xterm on_tty 100 status --treated "$T" --after 2d
	no_colour
	NAME="status on a terminal, --color=never"
	TERM=xterm on_tty 100 status --treated "$T" --after 2d --color=never
	no_colour
	NAME="plan on a terminal 100 wide: the terminal's width"
	TERM=dumb on_tty 100 plan --treated "$T" --after 2d
	widest 100
	widest_over 80
	out_has "Day by day (X avoid"
	NAME="plan on a terminal 60 wide"
	TERM=dumb on_tty 60 plan --treated "$T" --after 2d
	widest 60
else
	echo "SKIP colour and width on a terminal: no script(1)"
fi
run "--color=always, not a terminal" 0 when swimming --treated "$T" --after 2d --color=always
colour
NO_COLOR=1 run "--color=always with NO_COLOR (the option wins)" 0 when swimming --treated "$T" --after 2d --color always
colour
run "not a terminal: no colour" 0 plan --treated "$T" --after 2d --chart
no_colour
run "--color=bogus" 2 status --treated "$T" --color=bogus
grep -q 'aftercare: error: unknown --color "bogus"' "$ERR" && pass || fail "no error for --color=bogus"
# With colour, the chart keeps its symbols: X ~ . + under the colours.
run "plan --chart --color=always" 0 plan --treated "$T" --after 2d --chart --color=always
grep -a "^Swimming " "$OUT" | sed "s/$(printf '\033')\[[0-9;]*m//g" | grep -q '^Swimming  *XXXXXXX\.\.\.' &&
	pass || fail "the coloured chart lost its symbols: $(grep -a '^Swimming ' "$OUT" | head -c 200)"

# ---- text wrapped to 80 columns when not a terminal, to COLUMNS when set ----
for cmd in "status" "when swimming gym" "plan --chart" "conflicts" "sources" "activities"; do
	# shellcheck disable=SC2086
	run "$cmd, not a terminal" 0 $cmd --treated "$T" --after 2d
	widest 80
	# shellcheck disable=SC2086
	COLUMNS=60 run "$cmd, COLUMNS=60" 0 $cmd --treated "$T" --after 2d
	widest 60
done
run "when swimming, wrapped words" 0 when swimming --treated "$T" --after 2d
out_has "“Swimming should be avoided for a week."
out_has "       aggravate the already irritated skin"

# ---- durations in words a person reads, never "445 minutes" ----
run "status 7 h 25 min" 0 status --treated "$T" --at "2026-11-20 17:25"
out_has "Status 7 h 25 min after treatment"
out_lacks "445 minutes"
run "when, 5 days 8 h 20 min" 0 when gym --treated "$T" --at "2026-11-25 18:20"
out_has "5 days 8 h 20 min after treatment"
run "plan, now at 3 days 2 h" 0 plan --treated "$T" --after 3d2h --format text
out_lacks " minutes"
run "when, 90 minutes stays the guide's words" 0 when makeup --treated "$T" --after 2h --policy lenient
out_has "90 minutes"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
