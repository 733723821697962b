#!/bin/sh
# tests/man/run.sh: the man pages.
#
#   tests/man/run.sh BUILD
#
# - each page is clean under `mandoc -T lint` (-W style: nothing but "referenced manual not
#   found" for the project's own pages, which are found once installed, and for pages of
#   packages not installed here);
# - every option and every command that `aftercare --help` prints is in aftercare(1), and
#   every option `aftercare serve --help` prints in aftercare-serve(8);
# - the protocol example of aftercare-protocol(5) passes `aftercare lint`.
# "N passed, M failed"; exit 1 if anything failed.
set -u
BUILD=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
BIN=./$BUILD/aftercare
M=$BUILD/man
TMP=$(mktemp -d "${TMPDIR:-/tmp}/aftercare-man.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0
NAME=
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $NAME: $1"; }

if ! command -v mandoc >/dev/null 2>&1; then
	echo "tests/man/run.sh: mandoc is needed (scripts/install-deps installs it)" >&2
	exit 2
fi
# The page as a reader sees it, formatting removed.
render() { mandoc -T ascii "$1" 2>/dev/null | sed 's/.\x08//g'; }

for page in aftercare.1 aftercare-serve.8 aftercare-protocol.5; do
	NAME="mandoc -T lint $page"
	if [ ! -s "$M/$page" ]; then fail "$M/$page missing"; continue; fi
	mandoc -T lint -W style "$M/$page" 2>&1 |
		grep -v -e "referenced manual not found" -e "outdated mandoc.db" >"$TMP/lint"
	[ -s "$TMP/lint" ] && fail "$(cat "$TMP/lint")" || pass
	NAME="mandoc -T lint -W warning $page exits 0"
	mandoc -T lint -W warning "$M/$page" >/dev/null 2>&1 && pass || fail "exit $?"
done

render "$M/aftercare.1" >"$TMP/aftercare.1.txt"
render "$M/aftercare-serve.8" >"$TMP/aftercare-serve.8.txt"
for sect in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS ENVIRONMENT "EXIT STATUS" EXAMPLES "SEE ALSO"; do
	NAME="aftercare(1) has $sect"
	grep -q "^$sect\$" "$TMP/aftercare.1.txt" && pass || fail "no section"
done
for sect in OPTIONS ENVIRONMENT FILES SIGNALS SECURITY "EXIT STATUS"; do
	NAME="aftercare-serve(8) has $sect"
	grep -q "^$sect\$" "$TMP/aftercare-serve.8.txt" && pass || fail "no section"
done

# Every option in --help, with its argument, is an item of aftercare(1)'s OPTIONS.
"$BIN" --help >"$TMP/help"
n=0
while read -r opt arg; do
	n=$((n + 1))
	NAME="aftercare(1) has $opt"
	grep -qF -- "     $opt${arg:+ $arg}" "$TMP/aftercare.1.txt" && pass || fail "not in the page"
done <<EOF2
$(sed -n '/^Options:/,/^$/p' "$TMP/help" | grep -E '^  --' | sed -E 's/^  (--[a-z-]+)( [^ ]+( [^ ]+)?)?.*/\1\2/' | sed -E 's/  .*//')
EOF2
NAME="options counted"
[ "$n" -ge 20 ] && pass || fail "only $n options read from --help"
# Every command in --help is an item of COMMANDS, and its summary is there.
for cmd in $(sed -n '/^Commands:/,/^$/p' "$TMP/help" | grep -E '^  [a-z]' | awk '{ print $1 }'); do
	NAME="aftercare(1) has the command $cmd"
	grep -qE "^     $cmd( |\$)" "$TMP/aftercare.1.txt" && pass || fail "not in COMMANDS"
done
# Every exit status and environment variable of --help.
for ev in $(sed -n '/^Environment:/,/^$/p' "$TMP/help" | grep -oE '^  [A-Z_]+'); do
	NAME="aftercare(1) has $ev"
	grep -q "$ev" "$TMP/aftercare.1.txt" && pass || fail "not in ENVIRONMENT"
done
"$BIN" serve --help >"$TMP/serve-help"
for opt in $(grep -oE '^  --[a-z-]+' "$TMP/serve-help"); do
	NAME="aftercare-serve(8) has $opt"
	grep -qE -- "^     $opt( |\$)" "$TMP/aftercare-serve.8.txt" && pass || fail "not in the page"
done

NAME="aftercare-protocol(5)'s example passes lint"
sed -n '/^version: 1/,/^\.Ed/p' "$M/aftercare-protocol.5" | sed '$d' >"$TMP/my-clinic.yaml"
"$BIN" lint "$TMP/my-clinic.yaml" >"$TMP/lint.out" 2>&1 && grep -q "valid clinic protocol" "$TMP/lint.out" &&
	pass || fail "$(cat "$TMP/lint.out")"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
