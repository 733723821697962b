/* coldstart.c: the start-up time of commands, measured round-robin.
 *
 *   coldstart [-n RUNS] [-w WARMUP] -- CMD ARGS... [-- CMD ARGS...]...
 *
 * Runs each command RUNS times (after WARMUP runs), one run of each in turn, so that a
 * change in the machine's load (others building beside us) falls on every command alike
 * instead of on whichever hyperfine happened to be timing. Each run is posix_spawn + wait4
 * with stdin, stdout and stderr on /dev/null; no shell. Prints, per command, the median,
 * 10th and 90th percentile of wall-clock time, the median CPU time (user + system, from
 * wait4) and both medians as a ratio to the first command's:
 *
 *   wall_med_ms  p10    p90    cpu_med_ms  ratio_wall  ratio_cpu  command
 *
 * Used by docs/benchmarks.md to compare build variants; scripts/bench.sh uses hyperfine.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double p)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	int i = (int)(p * (n - 1) + 0.5);
	return v[i];
}

/* One run: wall and CPU milliseconds; exits the program if the command cannot run. */
static void run_once(char **argv, posix_spawn_file_actions_t *fa, double *wall, double *cpu)
{
	pid_t pid;
	int status;
	struct rusage ru;
	double t0 = now_ms();
	int err = posix_spawn(&pid, argv[0], fa, NULL, argv, environ);
	if (err) {
		fprintf(stderr, "coldstart: cannot run %s: %s\n", argv[0], strerror(err));
		exit(2);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("coldstart: wait4");
		exit(2);
	}
	*wall = now_ms() - t0;
	*cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-3;
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
		fprintf(stderr, "coldstart: %s failed (status %d)\n", argv[0], status);
		exit(2);
	}
}

int main(int argc, char **argv)
{
	int runs = 300, warmup = 20, i = 1;
	for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "-w") == 0 && i + 1 < argc)
			warmup = atoi(argv[++i]);
		else {
			fprintf(stderr, "usage: coldstart [-n RUNS] [-w WARMUP] -- CMD ARGS... "
					"[-- CMD ARGS...]...\n");
			return 2;
		}
	}
	if (runs < 1 || warmup < 0 || i >= argc) {
		fprintf(stderr, "coldstart: no command\n");
		return 2;
	}
	/* Split the rest at each "--" into NULL-terminated argument vectors, in place. */
	char **cmds[64];
	int n = 0;
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			argv[i] = NULL;
			if (i + 1 < argc && strcmp(argv[i + 1], "--") != 0 && n < 64)
				cmds[n++] = &argv[i + 1];
		}
	}
	if (n == 0) {
		fprintf(stderr, "coldstart: no command\n");
		return 2;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);

	double *wall = calloc((size_t)(n * runs), sizeof(double));
	double *cpu = calloc((size_t)(n * runs), sizeof(double));
	if (!wall || !cpu)
		return 2;
	double w, c;
	for (int r = 0; r < warmup; r++)
		for (int k = 0; k < n; k++)
			run_once(cmds[k], &fa, &w, &c);
	for (int r = 0; r < runs; r++)
		for (int k = 0; k < n; k++)
			run_once(cmds[k], &fa, &wall[k * runs + r], &cpu[k * runs + r]);

	double base_wall = 0, base_cpu = 0;
	printf("%-11s %-6s %-6s %-10s %-10s %-9s %s\n", "wall_med_ms", "p10", "p90",
	       "cpu_med_ms", "ratio_wall", "ratio_cpu", "command");
	for (int k = 0; k < n; k++) {
		double *wk = &wall[k * runs], *ck = &cpu[k * runs];
		double med = pct(wk, runs, 0.5), p10 = pct(wk, runs, 0.1), p90 = pct(wk, runs, 0.9);
		double cmed = pct(ck, runs, 0.5);
		if (k == 0) {
			base_wall = med;
			base_cpu = cmed > 0 ? cmed : 1e-9;
		}
		printf("%-11.3f %-6.3f %-6.3f %-10.3f %-10.2f %-9.2f", med, p10, p90, cmed,
		       med / base_wall, cmed / base_cpu);
		for (char **a = cmds[k]; *a; a++)
			printf(strchr(*a, ' ') ? " \"%s\"" : " %s", *a);
		printf("\n");
	}
	posix_spawn_file_actions_destroy(&fa);
	free(wall);
	free(cpu);
	return 0;
}
