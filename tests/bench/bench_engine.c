/* bench_engine.c: how fast libaftercare answers, through its public API only.
 *
 * - ac_kb_load_builtin: adopt the guide compiled into the library, then free it;
 * - ac_kb_load_buffer: parse, validate and derive the guide's YAML (YAML, argument 2,
 *   default data/microneedling.yaml: what --kb and clinic protocols go through);
 * - ac_query over every activity at a spread of times after treatment, for a fixed
 *   profile, under the conservative and the lenient policy.
 *
 *   bench_engine [SECONDS [YAML]]
 *
 * Each measurement runs for about SECONDS (default 1.5) of wall-clock time and prints
 * machine-readable lines "name value" on stdout:
 *
 *   kb_loads_per_sec 1234567.8               (ac_kb_load_builtin + ac_kb_free)
 *   kb_load_ms 0.000810
 *   kb_yaml_loads_per_sec 480.2              (ac_kb_load_buffer + ac_kb_free)
 *   kb_yaml_load_ms 2.082
 *   engine_queries_per_sec 12345678          (conservative policy)
 *   engine_queries_per_sec_lenient 9876543
 *   engine_ns_per_query 81.0
 *   engine_ns_per_query_lenient 101.2
 *
 * A checksum of the verdicts goes to stderr, so that the compiler cannot drop the work.
 * Build: cc -O2 -Iinclude tests/bench/bench_engine.c BUILD/libaftercare.a \
 *        $(pkg-config --libs libfyaml jansson libutf8proc)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "aftercare.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static ac_kb *load_or_die(void)
{
	char err[AC_ERRBUF_SIZE];
	ac_kb *kb = NULL;
	if (ac_kb_load_builtin(&kb, err) != AC_OK) {
		fprintf(stderr, "bench_engine: the built-in guide does not load:\n%s\n", err);
		exit(1);
	}
	return kb;
}

/* Loads per second of the built-in guide (each load freed again). */
static double bench_load(double seconds, unsigned long *checksum)
{
	unsigned long loads = 0;
	double start = now_s(), elapsed;
	do {
		for (int i = 0; i < 16; i++) {
			ac_kb *kb = load_or_die();
			*checksum += ac_kb_rule_count(kb);
			ac_kb_free(kb);
		}
		loads += 16;
		elapsed = now_s() - start;
	} while (elapsed < seconds);
	return (double)loads / elapsed;
}

/* The whole file at path, or NULL. */
static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0, got;
	char *buf = malloc(cap);
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *bigger = realloc(buf, cap * 2);
			if (!bigger) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Loads per second of a YAML knowledge base from memory: parse, validate, derive, free. */
static double bench_yaml_load(const char *path, double seconds, unsigned long *checksum)
{
	size_t len;
	char *yaml = read_all(path, &len);
	if (!yaml) {
		fprintf(stderr, "bench_engine: cannot read %s\n", path);
		exit(1);
	}
	unsigned long loads = 0;
	char err[AC_ERRBUF_SIZE];
	double start = now_s(), elapsed;
	do {
		ac_kb *kb = NULL;
		if (ac_kb_load_buffer(path, yaml, len, &kb, err) != AC_OK) {
			fprintf(stderr, "bench_engine: %s does not load:\n%s\n", path, err);
			exit(1);
		}
		*checksum += ac_kb_rule_count(kb);
		ac_kb_free(kb);
		loads++;
		elapsed = now_s() - start;
	} while (elapsed < seconds);
	free(yaml);
	return (double)loads / elapsed;
}

/* Minutes after treatment to ask about: the first hours finely, then days and weeks, so
 * that every kind of window (in force, ended, not yet started, open) is met. */
static const int32_t times_min[] = {
	0,	     10,	30,	   60,	      90,	 2 * 60,    4 * 60,    6 * 60,
	12 * 60,     18 * 60,	24 * 60,   30 * 60,   36 * 60,	 47 * 60,   48 * 60,   60 * 60,
	72 * 60,     96 * 60,	5 * 1440,  6 * 1440,  7 * 1440,	 10 * 1440, 14 * 1440, 21 * 1440,
	28 * 1440,   42 * 1440, 56 * 1440, 90 * 1440, 180 * 1440, 365 * 1440,
};
#define N_TIMES (sizeof(times_min) / sizeof(times_min[0]))

/* Queries per second: every activity at every time, round after round. */
static double bench_query(const ac_kb *kb, const ac_profile *profile, const ac_policy *policy,
			  double seconds, unsigned long *checksum)
{
	int n_act = (int)ac_kb_activity_count(kb);
	unsigned long queries = 0;
	ac_answer a;
	double start = now_s(), elapsed;
	do {
		for (size_t t = 0; t < N_TIMES; t++) {
			for (int i = 0; i < n_act; i++) {
				ac_query(kb, profile, policy, i, times_min[t], &a);
				*checksum += (unsigned long)a.verdict * 31u +
					     (unsigned long)a.clear_min + a.n_positions;
			}
		}
		queries += (unsigned long)n_act * N_TIMES;
		elapsed = now_s() - start;
	} while (elapsed < seconds);
	return (double)queries / elapsed;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 1.5;
	if (seconds <= 0)
		seconds = 1.5;
	const char *yaml_path = argc > 2 ? argv[2] : "data/microneedling.yaml";
	unsigned long checksum = 0;

	/* A warm-up load, and the kb the queries use. */
	ac_kb *kb = load_or_die();
	if (ac_kb_activity_count(kb) == 0) {
		fprintf(stderr, "bench_engine: the built-in guide has no activities\n");
		return 1;
	}

	double loads = bench_load(seconds, &checksum);
	printf("kb_loads_per_sec %.1f\n", loads);
	printf("kb_load_ms %.6f\n", 1000.0 / loads);
	double yaml_loads = bench_yaml_load(yaml_path, seconds, &checksum);
	printf("kb_yaml_loads_per_sec %.1f\n", yaml_loads);
	printf("kb_yaml_load_ms %.3f\n", 1000.0 / yaml_loads);

	/* A fixed treatment: 2026-11-20 10:00 UTC, pen, depth and skin unspecified (the
	 * profile that admits the most rules, so the most work per query). */
	ac_profile profile = {.treated_at = (time_t)1795168800, .device = AC_DEVICE_PEN};
	ac_policy conservative = {.kind = AC_POLICY_CONSERVATIVE, .source = -1};
	ac_policy lenient = {.kind = AC_POLICY_LENIENT, .source = -1};

	bench_query(kb, &profile, &conservative, seconds / 10, &checksum);	/* warm-up */
	double qc = bench_query(kb, &profile, &conservative, seconds, &checksum);
	double ql = bench_query(kb, &profile, &lenient, seconds, &checksum);
	printf("engine_queries_per_sec %.0f\n", qc);
	printf("engine_queries_per_sec_lenient %.0f\n", ql);
	printf("engine_ns_per_query %.1f\n", 1e9 / qc);
	printf("engine_ns_per_query_lenient %.1f\n", 1e9 / ql);
	printf("engine_activities %zu\n", ac_kb_activity_count(kb));
	printf("engine_times %zu\n", N_TIMES);
	fflush(stdout);
	fprintf(stderr, "bench_engine: checksum %lu\n", checksum);

	ac_kb_free(kb);
	return 0;
}
