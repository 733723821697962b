#!/bin/sh
# fuzz.sh: build the libFuzzer harnesses of tests/fuzz/ with ASan and UBSan and run each for
# FUZZ_SECONDS (make fuzz). Run from the repository root.
#
#   fuzz_kb        YAML bytes -> ac_kb_load_buffer, then every query, lookup and renderer
#   fuzz_protocol  YAML bytes -> ac_kb_apply_protocol onto the built-in guide (via a memfd)
#   fuzz_duration  text -> ac_duration_parse, ac_time_parse, the name and policy parsers
#   fuzz_ask       a question -> ac_ask_parse on the built-in guide, then its renderers
#   fuzz_ics       calendar bytes -> the calendar reader of aftercare-cal
#   fuzz_route     a request body or path -> the server's routes (a temporary store in /tmp)
#   fuzz_head      raw bytes of a request -> server/framing.c's checks, then libmicrohttpd,
#                  http.c and the routes, as the server runs them (a temporary store too)
#
# Everything goes under build-fuzz/: the objects, the harnesses, one corpus per harness
# (corpus-kb seeded from data/microneedling.yaml and tests/fuzz/seeds-kb/; it grows from
# run to run), the logs, and in artifacts/ the input of any crash, leak or timeout.
# Exits non-zero when a harness finds one (or cannot be built).
# Environment: FUZZ_SECONDS (per harness, default 60), FUZZ_TARGETS (default
# "kb protocol duration ask ics route head"), CLANG (default clang), FUZZ_OUT (default build-fuzz).
set -eu

SECS=${FUZZ_SECONDS:-60}
TARGETS=${FUZZ_TARGETS:-kb protocol duration ask ics route head}
CLANG=${CLANG:-clang}
OUT=${FUZZ_OUT:-build-fuzz}
KB=data/microneedling.yaml

if ! command -v "$CLANG" >/dev/null 2>&1; then
	echo "fuzz.sh: $CLANG not found (scripts/install-deps installs clang and libclang-rt)" >&2
	exit 2
fi
# make_var NAME: the Makefile's value of NAME, so that the harnesses link what the library
# links (empty when make cannot tell).
make_var() {
	# shellcheck disable=SC2016 # $(NAME) is make's, not the shell's
	printf 'print-var-%s:\n\t@echo $(%s)\n' "$1" "$1" |
		make --no-print-directory -s -f Makefile -f - "print-var-$1" 2>/dev/null || true
}
PKGS=$(make_var PKGS)
PKGS=${PKGS:-libfyaml jansson libutf8proc}
# shellcheck disable=SC2086 # lists of names and flags, split on purpose
PKG_CFLAGS=$(pkg-config --cflags $PKGS)
PKG_LIBS=$(make_var LDLIBS)
# shellcheck disable=SC2086
PKG_LIBS=${PKG_LIBS:-$(pkg-config --libs $PKGS)}
STD="-std=c11 -D_DEFAULT_SOURCE -Iinclude -Ilib $PKG_CFLAGS"
# UBSan findings abort, so that libFuzzer records them like any crash.
FLAGS="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -g -O1 $STD"

mkdir -p "$OUT/obj" "$OUT/gen" "$OUT/artifacts"

echo "== build ($CLANG -fsanitize=fuzzer,address,undefined -g -O1)"
objs=""
# The built-in guide: compiled to C tables by tools/kbgen (as the Makefile does), or, in the
# older layout, included by lib/builtin_kb.S.
if [ -f tools/kbgen.c ]; then
	core=""
	for src in lib/*.c; do
		[ "$src" = lib/kb_image.c ] || core="$core $src"
	done
	# shellcheck disable=SC2086
	"$CLANG" -O1 -g $STD tools/kbgen.c $core -o "$OUT/kbgen" $PKG_LIBS
	"$OUT/kbgen" "$KB" >"$OUT/gen/kb_builtin.c.tmp"
	mv "$OUT/gen/kb_builtin.c.tmp" "$OUT/gen/kb_builtin.c"
	# shellcheck disable=SC2086
	"$CLANG" $FLAGS -c "$OUT/gen/kb_builtin.c" -o "$OUT/obj/kb_builtin.o"
	objs="$objs $OUT/obj/kb_builtin.o"
fi
if [ -f lib/builtin_kb.S ]; then
	"$CLANG" -DAC_KB_PATH="\"$KB\"" -c lib/builtin_kb.S -o "$OUT/obj/builtin_kb.o"
	objs="$objs $OUT/obj/builtin_kb.o"
fi
for src in lib/*.c; do
	obj="$OUT/obj/$(basename "$src" .c).o"
	# shellcheck disable=SC2086
	"$CLANG" $FLAGS -c "$src" -o "$obj"
	objs="$objs $obj"
done
for t in $TARGETS; do
	extra=""
	[ "$t" = ics ] && extra="cal/ics_read.c cal/ics_text.c cal/ics_window.c cal/ics_zone.c cal/ics_expand.c cal/ics_guard.c $(pkg-config --cflags --libs libical icu-i18n)"
	if [ "$t" = route ] || [ "$t" = head ]; then	# the server: routes and store
		"$CLANG" -O1 tools/embed.c -o "$OUT/embed"
		# shellcheck disable=SC2046 # the page's files, as the Makefile's WEB_FILES
		"$OUT/embed" $(ls web/*.html web/*.js web/*.css web/*.svg 2>/dev/null) \
			>"$OUT/gen/web_assets.c"
		extra="-Iserver -Icli server/routes.c server/treatments.c server/patient.c
			server/params.c server/reply.c server/store.c server/store_sqlite.c server/store_pg.c
			server/desk.c server/staff.c server/page.c server/protocols.c server/qr.c server/html.c
			cal/export.c cal/ics_write.c
			$(ls cli/*.c | grep -v cli/main.c) $OUT/gen/web_assets.c
			$(pkg-config --cflags --libs libmicrohttpd sqlite3 libpq libical libsodium libqrencode)"
		# and for the raw head, its HTTP front too (all of server/ but main.c)
		if [ "$t" = head ]; then
			extra="$extra server/http.c server/framing.c $(pkg-config --libs zlib)"
		fi
	fi
	# shellcheck disable=SC2086
	"$CLANG" $FLAGS "tests/fuzz/fuzz_$t.c" $extra $objs -o "$OUT/fuzz_$t" $PKG_LIBS
done

# Seed corpora (seeds are copied every time; what libFuzzer adds stays).
mkdir -p "$OUT/corpus-kb" "$OUT/corpus-protocol" "$OUT/corpus-duration" "$OUT/corpus-ask" \
	"$OUT/corpus-ics" "$OUT/corpus-route" "$OUT/corpus-head"
# Routes: a first byte choosing the route (docs in tests/fuzz/fuzz_route.c), then a body.
printf '\000{"question":"can i swim 2 days after microneedling","treated":"2026-11-20 10:00"}' \
	>"$OUT/corpus-route/seed-ask"
printf '\001{"treated":"2026-11-20 10:00","depth":"deep","skin":"sensitive"}' \
	>"$OUT/corpus-route/seed-plan"
printf '\002{"patient":"A","treated_at":"2026-11-20 10:00","device":"dermaroller"}' \
	>"$OUT/corpus-route/seed-treatment"
printf '\003p/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.json' >"$OUT/corpus-route/seed-patient"
printf '\004api/treatments/1' >"$OUT/corpus-route/seed-delete"
# Raw request heads, the issue's reproducers among them.
tests/fuzz/seeds-head.sh "$OUT/corpus-head" >/dev/null
# The calendar reader: the test calendars, the issue's reproducers and the corpus of app
# exports (tests/cal/corpus/README.md).
cp tests/cal/*.ics "$OUT/corpus-ics/" 2>/dev/null || true
for f in tests/cal/cases/*.ics tests/cal/corpus/*.ics; do
	[ -f "$f" ] && cp "$f" "$OUT/corpus-ics/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
done
cp "$KB" "$OUT/corpus-kb/seed-microneedling.yaml"
for f in tests/fuzz/seeds-kb/*.yaml; do
	cp "$f" "$OUT/corpus-kb/seed-$(basename "$f")"
	cp "$f" "$OUT/corpus-protocol/seed-$(basename "$f")"
done
for f in tests/cli/*.yaml; do	# the CLI tests' protocols, where there are any
	[ -f "$f" ] && cp "$f" "$OUT/corpus-protocol/seed-cli-$(basename "$f")"
done
# lines DIR: each line of stdin as a seed file in DIR.
lines() {
	i=0
	while IFS= read -r line; do
		i=$((i + 1))
		printf '%s' "$line" >"$1/seed-$i"
	done
}
lines "$OUT/corpus-duration" <tests/fuzz/seeds-text.txt
{
	cat tests/fuzz/seeds-ask.txt
	# The questions of the ask evaluation, where there are any (first column).
	[ -f tests/questions.tsv ] && grep -v '^#' tests/questions.tsv | cut -f1
} | lines "$OUT/corpus-ask"

failed=""
for t in $TARGETS; do
	case $t in
	duration) dict=tests/fuzz/text.dict ;;
	ask) dict=tests/fuzz/ask.dict ;;
	ics) dict=tests/fuzz/ics.dict ;;
	route) dict=tests/fuzz/route.dict ;;
	head) dict=tests/fuzz/head.dict ;;
	*) dict=tests/fuzz/kb.dict ;;
	esac
	echo
	# Past findings first: each must now run clean.
	for r in tests/fuzz/regressions/"$t"-*; do
		[ -f "$r" ] || continue
		if ! UBSAN_OPTIONS=print_stacktrace=1 "$OUT/fuzz_$t" "$r" >"$OUT/regression.log" 2>&1; then
			failed="$failed $t:$(basename "$r")"
			echo "fuzz_$t: regression $r FAILED:"
			grep -E 'ERROR|runtime error|SUMMARY' "$OUT/regression.log" | head -n 10
		fi
	done
	echo "== fuzz_$t for ${SECS}s (log: $OUT/fuzz_$t.log)"
	set +e
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
		"$OUT/fuzz_$t" -max_total_time="$SECS" -timeout=3 -rss_limit_mb=2048 \
		-dict="$dict" -artifact_prefix="$OUT/artifacts/$t-" -print_final_stats=1 \
		"$OUT/corpus-$t" >"$OUT/fuzz_$t.log" 2>&1
	rc=$?
	set -e
	grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' \
		"$OUT/fuzz_$t.log" || true
	echo "corpus: $(find "$OUT/corpus-$t" -type f | wc -l) inputs"
	if [ "$rc" -ne 0 ]; then
		failed="$failed $t"
		echo "fuzz_$t: FAILED (exit $rc):"
		grep -E 'ERROR|SUMMARY|property broken|fuzz:|Test unit written|^ *#[0-9]+ ' \
			"$OUT/fuzz_$t.log" | head -n 40
	else
		echo "fuzz_$t: no crash, leak or timeout"
	fi
done

echo
if [ -n "$failed" ]; then
	echo "fuzz.sh: failures in:$failed; reproducers in $OUT/artifacts/ (rerun one with" \
		"$OUT/fuzz_NAME FILE)"
	exit 1
fi
echo "fuzz.sh: all harnesses ran ${SECS}s without a finding"
