/* delegate.c: hand commands to a program beside this one, as git hands "git foo" to
 * git-foo. libical (and ICU and libstdc++ with it) or libmicrohttpd would cost every
 * command's start several milliseconds; only the commands that need them pay it. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* The path of program: $env when set (tests point at a build's copy); else, installed,
 * ../libexec/aftercare/program from this program's directory (PREFIX/bin/aftercare runs
 * PREFIX/libexec/aftercare/aftercare-cal, wherever PREFIX is); else beside this program, as
 * in the build tree. */
static int program_path(const char *program, const char *env, char *path, size_t size)
{
	const char *given = getenv(env);
	if (given && *given) {
		snprintf(path, size, "%s", given);
		return 0;
	}
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0) {
		cli_error("cannot find this program's own path: %s", strerror(errno));
		return EXIT_INTERNAL;
	}
	self[n] = '\0';
	char *slash = strrchr(self, '/');
	int dir = slash ? (int)(slash - self) : 0;
	int len = snprintf(path, size, "%.*s/../libexec/aftercare/%s", dir, self, program);
	if (len < 0 || (size_t)len >= size) {
		cli_error("path too long");
		return EXIT_INTERNAL;
	}
	if (access(path, X_OK) == 0)
		return 0;
	snprintf(path, size, "%.*s/%s", dir, self, program);
	return 0;
}

int cli_delegate(const cli_args *args, const char *program, const char *env)
{
	char path[PATH_MAX];
	int rc = program_path(program, env, path, sizeof(path));
	if (rc)
		return rc;
	/* The calendar reader builds libical's tree of a whole calendar: with malloc's heap in
	 * huge pages (glibc 2.35's tunable; the kernel's THP "madvise" mode) a 10,000-event
	 * check takes a quarter of the page faults and a third less CPU (docs/benchmarks.md).
	 * A tunable the user set is kept. */
	if (strcmp(program, "aftercare-cal") == 0)
		setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 0);
	fflush(stdout);
	execv(path, args->argv);
	cli_error("cannot run %s: %s (make builds it beside aftercare; make install puts it in PREFIX/libexec/aftercare)", path, strerror(errno));
	return EXIT_INTERNAL;
}
