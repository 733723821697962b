/* delegate.c: hand commands to a program beside this one, as git hands "git foo" to
 * git-foo. libical (and ICU and libstdc++ with it) or libmicrohttpd would cost every
 * command's start several milliseconds; only the commands that need them pay it. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* The path of program: $env when set (tests point at a build's copy), else beside us. */
static int program_path(const char *program, const char *env, char *path, size_t size)
{
	const char *given = getenv(env);
	if (given && *given) {
		snprintf(path, size, "%s", given);
		return 0;
	}
	ssize_t n = readlink("/proc/self/exe", path, size - 1);
	if (n < 0) {
		cli_error("cannot find this program's own path: %s", strerror(errno));
		return EXIT_INTERNAL;
	}
	path[n] = '\0';
	char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	if (dir + strlen(program) + 1 > size) {
		cli_error("path too long");
		return EXIT_INTERNAL;
	}
	memcpy(path + dir, program, strlen(program) + 1);
	return 0;
}

int cli_delegate(const cli_args *args, const char *program, const char *env)
{
	char path[PATH_MAX];
	int rc = program_path(program, env, path, sizeof(path));
	if (rc)
		return rc;
	fflush(stdout);
	execv(path, args->argv);
	cli_error("cannot run %s: %s (make builds it beside aftercare)", path, strerror(errno));
	return EXIT_INTERNAL;
}
