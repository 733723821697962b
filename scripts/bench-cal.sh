#!/bin/sh
# bench-cal.sh BUILD: check --calendar on Google-like calendars (issue 12), part of make bench.
#
# tests/bench/google-like.awk writes a calendar as Google exports it, 5% of its events weekly
# series begun in 2010 and the rest single events over 2010-2026; the check reads it all and
# expands what falls in the four weeks after a treatment on 1 December 2026. For 10,000 and
# 150,000 events: the check's wall time (best of BENCH_CAL_RUNS, default 3) and, with GNU time,
# its CPU time and peak memory; then the floor under it, in process (tests/bench/ical_parse.c,
# best of 3, each in a fresh process with the check's malloc settings, cli/delegate.c): libical
# 3.0.16 parsing the whole file, and parsing the lines the check gives it (cal/ics_text.c); and
# a peer, python3-icalendar parsing the 10,000-event file, when installed.
# Goals (issue 12): 10,000 events under 0.3 s; 150,000 under 2 s and 500 MB; each met or NOT
# met. Exits non-zero only when something cannot be built or run; BENCH_STRICT=1 also makes an
# unmet goal an error. Environment: CC, BENCH_CAL_RUNS.
set -eu

BUILD=${1:-build}
wall_10k=0 wall_150k=0 mem_150k=0
CC=${CC:-cc}
RUNS=${BENCH_CAL_RUNS:-3}
OUT=$BUILD/bench
BIN=$BUILD/aftercare
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
[ -x "$BIN" ] || { echo "bench-cal.sh: $BIN not found (make BUILD=$BUILD all)" >&2; exit 2; }
mkdir -p "$OUT"
# shellcheck disable=SC2046 # pkg-config's words are separate arguments
"$CC" -O2 -std=c11 -D_DEFAULT_SOURCE -I"$root/include" "$root/tests/bench/ical_parse.c" \
	"$root/cal/ics_text.c" -o "$OUT/ical_parse" $(pkg-config --cflags --libs libical libutf8proc)
GTIME=$(command -v /usr/bin/time || true)
PY=$(command -v /usr/bin/python3 || command -v python3)
export TZ=Europe/London

# check_once FILE: one check; sets wall_ms, cpu_ms and mem_mb (0 without GNU time)
check_once() {
	start=$(date +%s%N)
	if [ -n "$GTIME" ]; then
		"$GTIME" -o "$OUT/cal.time" -f "%U %S %M" "$BIN" check --calendar "$1" \
			--treated "2026-12-01 10:00" --format json >"$OUT/cal.json" || true
	else
		"$BIN" check --calendar "$1" --treated "2026-12-01 10:00" --format json >"$OUT/cal.json" || true
	fi
	end=$(date +%s%N)
	wall_ms=$(((end - start) / 1000000))
	cpu_ms=0 mem_mb=0
	if [ -n "$GTIME" ]; then
		cpu_ms=$(awk 'END { printf "%.0f", ($1 + $2) * 1000 }' "$OUT/cal.time")
		mem_mb=$(awk 'END { printf "%.0f", $3 / 1024 }' "$OUT/cal.time")
	fi
	# the check must have read every event: a faster check that reads less is no result
	"$PY" -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(r['events'] != int(sys.argv[2]))" \
		"$OUT/cal.json" "$2" || { echo "bench-cal.sh: the check did not read all $2 events" >&2; exit 2; }
}

echo
echo "== check --calendar, Google-like calendars (issue 12; load average $(cut -d' ' -f1-3 /proc/loadavg))"
for n in 10000 150000; do
	awk -v N="$n" -f "$root/tests/bench/google-like.awk" >"$OUT/google-$n.ics"
	best=999999 bcpu=0 bmem=0
	for _ in $(seq "$RUNS"); do
		check_once "$OUT/google-$n.ics" "$n"
		if [ "$wall_ms" -lt "$best" ]; then best=$wall_ms bcpu=$cpu_ms bmem=$mem_mb; fi
	done
	whole=999999 kept=999999
	for _ in 1 2 3; do	# each a fresh process, as cold as the check's parse, same malloc
		w=$(GLIBC_TUNABLES=glibc.malloc.hugetlb=1 "$OUT/ical_parse" "$OUT/google-$n.ics" whole | cut -d' ' -f1)
		k=$(GLIBC_TUNABLES=glibc.malloc.hugetlb=1 "$OUT/ical_parse" "$OUT/google-$n.ics" kept | cut -d' ' -f1)
		[ "$w" -lt "$whole" ] && whole=$w
		[ "$k" -lt "$kept" ] && kept=$k
	done
	echo "check_google_${n}_ms $best (CPU ${bcpu} ms, peak ${bmem} MB; best of $RUNS)"
	echo "libical_parse_google_${n}_ms whole file $whole, the lines the check keeps $kept (CPU, best of 3)"
	if [ "$n" = 10000 ]; then wall_10k=$best; else wall_150k=$best mem_150k=$bmem; fi
done
if "$PY" -c "import icalendar" 2>/dev/null; then
	peer=$("$PY" -c "
import icalendar, sys, time
data = open(sys.argv[1], 'rb').read()
best = min((lambda t: (icalendar.Calendar.from_ical(data), time.process_time() - t)[1])(time.process_time()) for _ in range(2))
print('%.0f' % (best * 1000))" "$OUT/google-10000.ics")
	echo "peer_python3_icalendar_parse_google_10000_ms $peer (CPU, best of 2)"
fi

# shellcheck source=scripts/goal.sh
. "$here/goal.sh"
goal "check of 10,000 Google-like events < 0.3 s" "${wall_10k} ms" below "$wall_10k" 300
goal "check of 150,000 Google-like events < 2 s" "${wall_150k} ms" below "$wall_150k" 2000
goal "check of 150,000 Google-like events < 500 MB" "${mem_150k} MB" below "$mem_150k" 500
if [ "${BENCH_STRICT:-0}" = 1 ] && [ "$unmet" -ne 0 ]; then
	exit 1
fi
exit 0
