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
# widest W: no line of stdout longer than W characters.
widest() {
	w=$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$OUT")
	[ "$w" -le "$1" ] && pass || fail "a line of $w characters, over $1: $(awk -v W="$1" 'length($0) > W { print; exit }' "$OUT")"
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
	for cmd in status when plan activities sources conflicts lint ask check course serve; do
		"$BIN" "$cmd" --help | grep -qE -- "^  $opt( |\$)" && found=1 && break
	done
	case $opt in --help | --version) found=1 ;; esac
	[ -n "$found" ] && pass || fail "no command lists it"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
