#!/bin/sh
# tests/install/run.sh: `make install` as a user runs it, into a temporary DESTDIR.
#
#   tests/install/run.sh BUILD
#
# Installs with PREFIX=/usr/local into a fresh DESTDIR; checks every file is where it should
# be; builds docs/library.md's example with `pkg-config --cflags --libs aftercare` only
# (PKG_CONFIG_PATH and PKG_CONFIG_SYSROOT_DIR pointed into the DESTDIR, no -I or -L of the
# build tree) and runs it; runs the installed command, including a command it hands to its
# helper in libexec (so the helpers are found from the installed command, not the build
# tree); then `make uninstall` and finds nothing left behind. "N passed, M failed".
set -u
BUILD=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
TMP=$(mktemp -d "${TMPDIR:-/tmp}/aftercare-install.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
D=$TMP/root
P=/usr/local
passed=0
failed=0
NAME=
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $NAME: $1"; }
MAKE=${MAKE:-make}
# Run from make, MAKEFLAGS carries the build's own variables (BUILD, OPT, SAN) to the install.

NAME="make install"
if $MAKE -s BUILD="$BUILD" DESTDIR="$D" PREFIX="$P" install >"$TMP/install.log" 2>&1; then pass
else fail "failed: $(tail -5 "$TMP/install.log")"; fi

for f in bin/aftercare libexec/aftercare/aftercare-cal libexec/aftercare/aftercare-serve \
	include/aftercare.h lib/libaftercare.a lib/libaftercare.so lib/libaftercare.so.0 \
	lib/pkgconfig/aftercare.pc share/bash-completion/completions/aftercare \
	share/zsh/site-functions/_aftercare share/man/man1/aftercare.1 share/man/man8/aftercare-serve.8 \
	share/man/man5/aftercare-protocol.5 lib/systemd/system/aftercare.service; do
	NAME="installed $f"
	[ -e "$D$P/$f" ] && pass || fail "missing"
done
NAME="the installed unit runs the installed command"
grep -q "^ExecStart=$P/bin/aftercare serve " "$D$P/lib/systemd/system/aftercare.service" && pass || fail "$(grep ExecStart "$D$P/lib/systemd/system/aftercare.service")"
NAME="the helpers are not beside the command"
[ ! -e "$D$P/bin/aftercare-cal" ] && [ ! -e "$D$P/bin/aftercare-serve" ] && pass || fail "they are"
NAME="soname"
soname=$(objdump -p "$D$P/lib/libaftercare.so" 2>/dev/null | awk '/SONAME/ { print $2 }')
[ "$soname" = libaftercare.so.0 ] && pass || fail "SONAME is \"$soname\""
NAME="only ac_ names exported"
extra=$(nm -D --defined-only "$D$P/lib/libaftercare.so" | awk '$3 !~ /^ac_/ && $3 != "" { print $3 }' | head -3)
[ -z "$extra" ] && pass || fail "also exported: $extra"

# ---- the example of docs/library.md, built with pkg-config only ----
NAME="docs/library.md's example"
sed -n '/^```c$/,/^```$/p' docs/library.md | sed '1d;$d' >"$TMP/example.c"
[ -s "$TMP/example.c" ] && pass || fail "no \`\`\`c block in docs/library.md"
export PKG_CONFIG_PATH="$D$P/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$D"
unset PKG_CONFIG_LIBDIR
flags=$(pkg-config --cflags --libs aftercare)
NAME="pkg-config --cflags --libs aftercare"
case $flags in
*"-I$D$P/include"*"-L$D$P/lib"*"-laftercare"*) pass ;;
*) fail "flags: $flags" ;;
esac
NAME="pkg-config --modversion"
[ "$(pkg-config --modversion aftercare)" = "$(sed -n 's/^#define AC_VERSION "\(.*\)"/\1/p' include/aftercare.h)" ] &&
	pass || fail "$(pkg-config --modversion aftercare)"
NAME="example builds against the installed library"
# shellcheck disable=SC2086
if ${CC:-cc} -std=c11 -Wall -Wextra -Werror "$TMP/example.c" $flags -o "$TMP/example" 2>"$TMP/cc.err"; then pass
else fail "$(head -c 600 "$TMP/cc.err")"; fi
NAME="example runs"
out=$(TZ=Europe/London LD_LIBRARY_PATH="$D$P/lib" "$TMP/example" 2>&1)
[ "$out" = "Swimming, 48 hours after treatment: avoid
fine from 7 days after treatment (the sources disagree)" ] && pass || fail "printed: $out"
NAME="example uses the shared library it was built against"
LD_LIBRARY_PATH="$D$P/lib" ldd "$TMP/example" | grep -q "libaftercare.so.0 => $D$P/lib/" && pass ||
	fail "$(LD_LIBRARY_PATH="$D$P/lib" ldd "$TMP/example" | grep aftercare)"
NAME="example built statically"
if nm "$D$P/lib/libaftercare.a" 2>/dev/null | grep -q __asan_; then
	echo "SKIP $NAME: libaftercare.a is built with the sanitizers here"
# shellcheck disable=SC2086
elif ${CC:-cc} -std=c11 "$TMP/example.c" $(pkg-config --cflags aftercare) "$D$P/lib/libaftercare.a" \
	$(PKG_CONFIG_SYSROOT_DIR= pkg-config --static --libs-only-l --libs-only-other aftercare | sed 's/-laftercare//') \
	-o "$TMP/example-static" 2>"$TMP/cc.err" && [ "$(TZ=Europe/London "$TMP/example-static" gym | head -1)" = "Sweaty exercise (gym, intense workouts), 48 hours after treatment: avoid" ]; then pass
else fail "$(head -c 600 "$TMP/cc.err")"; fi

# ---- the installed command, and its helpers found from where it is installed ----
B=$D$P/bin/aftercare
export TZ=Europe/London NO_COLOR=1
unset AFTERCARE_CAL AFTERCARE_SERVE
NAME="installed aftercare when swimming"
"$B" when swimming --treated "2026-11-20 10:00" --after 2d >"$TMP/out" 2>&1 &&
	grep -q "^Fine from 7 days after treatment" "$TMP/out" && pass || fail "$(head -3 "$TMP/out")"
NAME="installed aftercare check (aftercare-cal from libexec)"
"$B" check --calendar tests/cal/week.ics --treated "2026-11-20 10:00" >"$TMP/out" 2>&1
[ $? -eq 1 ] && grep -q "Clashes with the recovery" "$TMP/out" && pass || fail "$(head -3 "$TMP/out")"
NAME="installed helper is the one run"
# Move the build tree's helpers out of reach: the installed command must not need them.
mv "$D$P/libexec/aftercare/aftercare-cal" "$TMP/cal.moved"
"$B" plan --format ics --treated "2026-11-20 10:00" >"$TMP/out" 2>&1
[ $? -eq 3 ] && grep -q "cannot run $D$P/bin/aftercare-cal" "$TMP/out" && pass ||
	fail "without the installed helper: $(head -2 "$TMP/out")"
mv "$TMP/cal.moved" "$D$P/libexec/aftercare/aftercare-cal"
NAME="installed aftercare serve --help"
"$B" serve --help >"$TMP/out" 2>&1 && grep -q "^Usage: aftercare serve" "$TMP/out" && pass || fail "$(head -3 "$TMP/out")"
NAME="installed aftercare-serve starts"
port=$((20000 + $$ % 20000))
"$D$P/libexec/aftercare/aftercare-serve" serve --listen "127.0.0.1:$port" --db "$TMP/t.db" >"$TMP/serve.out" 2>&1 &
spid=$!
ok=
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	if grep -q "serving on" "$TMP/serve.out"; then ok=1; break; fi
	sleep 0.1
done
kill "$spid" 2>/dev/null
wait "$spid" 2>/dev/null
[ -n "$ok" ] && pass || fail "$(head -3 "$TMP/serve.out")"

NAME="man -l the installed aftercare(1)"
if command -v mandoc >/dev/null 2>&1; then
	mandoc -T ascii "$D$P/share/man/man1/aftercare.1" 2>/dev/null | sed "s/.\x08//g" | grep -q "^EXIT STATUS" && pass || fail "does not render"
fi
NAME="the installed bash completion completes commands and activities"
if command -v bash >/dev/null 2>&1; then
	got=$(PATH="$D$P/bin:$PATH" bash -c '. "$1"; COMP_WORDS=(aftercare whe); COMP_CWORD=1; _aftercare
		printf "%s," "${COMPREPLY[@]}"; COMP_WORDS=(aftercare when swi); COMP_CWORD=2; _aftercare
		printf "%s," "${COMPREPLY[@]}"; COMP_WORDS=(aftercare plan --col); COMP_CWORD=2; _aftercare
		printf "%s," "${COMPREPLY[@]}"' _ "$D$P/share/bash-completion/completions/aftercare")
	[ "$got" = "when,swimming,--color," ] && pass || fail "completed: $got"
fi

# ---- make uninstall leaves nothing behind ----
NAME="make uninstall"
if $MAKE -s BUILD="$BUILD" DESTDIR="$D" PREFIX="$P" uninstall >"$TMP/uninstall.log" 2>&1; then pass
else fail "failed: $(tail -5 "$TMP/uninstall.log")"; fi
NAME="nothing left behind"
left=$(find "$D" ! -type d | head -5)
[ -z "$left" ] && pass || fail "left: $left"
NAME="libexec/aftercare removed"
[ ! -d "$D$P/libexec/aftercare" ] && pass || fail "still there"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
