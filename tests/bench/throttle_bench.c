/* throttle_bench.c: what one throttle call costs on a store (server/store.h), to decide
 * whether a per-request limit could live in the database (docs/benchmarks.md, "Throttles in
 * the store"). Usage: throttle_bench DB [N]: DB a SQLite file or a PostgreSQL connection
 * string (as serve --db), N calls of each kind (default 2000), one at a time on one
 * connection, as the server's one request thread would make them:
 *   wait  store_throttle_wait: a read (is this key locked?)
 *   hit   store_throttle_hit: the atomic count, a committed write
 * over 1,000 keys in turn ("addr:10.0.X.Y", as per-address counts would be), never locked
 * (free tries past N). Prints, for each: calls/s, median and p99 in microseconds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store.h"

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* n calls of one kind (hit or not): 0, or 1 when a call failed. */
static int measure(store *s, const char *label, int n, int hit, double *us)
{
	char key[32];
	int64_t wall = (int64_t)time(NULL) * 1000;
	double start = now_us();
	for (int i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "addr:10.0.%d.%d", i % 1000 / 250, i % 250);
		int64_t w;
		double t = now_us();
		int rc = hit ? store_throttle_hit(s, key, n + 1, false, wall + i, NULL, NULL)
			     : store_throttle_wait(s, key, n + 1, wall + i, &w);
		us[i] = now_us() - t;
		if (rc) {
			fprintf(stderr, "throttle_bench: %s: %d %s\n", label, rc, store_error(s));
			return 1;
		}
	}
	double total = now_us() - start;
	qsort(us, (size_t)n, sizeof(*us), compare);
	printf("%-6s %10.0f calls/s  median %7.1f us  p99 %7.1f us\n", label, n / total * 1e6,
	       us[n / 2], us[n * 99 / 100]);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: throttle_bench DB [N]\n");
		return 2;
	}
	int n = argc > 2 ? atoi(argv[2]) : 2000;
	if (n < 100)
		n = 100;
	store *s;
	char err[256];
	if (store_open(argv[1], &s, err, sizeof(err))) {
		fprintf(stderr, "throttle_bench: %s\n", err);
		return 2;
	}
	double *us = malloc(sizeof(*us) * (size_t)n);
	int rc = !us || measure(s, "hit", n, 1, us) || measure(s, "wait", n, 0, us);
	store_throttle_prune(s, INT64_MAX / 2);
	free(us);
	store_close(s);
	return rc;
}
