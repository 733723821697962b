/* delegate.c: hand the calendar commands to aftercare-cal, as git hands "git foo" to
 * git-foo. libical (and ICU and libstdc++ with it) would cost every command's start several
 * milliseconds; only the calendar commands pay it. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int cli_delegate_to_cal(const cli_args *args)
{
	char path[PATH_MAX];
	const char *env = getenv("AFTERCARE_CAL");	/* tests point at a build's copy */
	if (env && *env) {
		snprintf(path, sizeof(path), "%s", env);
	} else {
		ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
		if (n < 0) {
			cli_error("cannot find this program's own path: %s", strerror(errno));
			return EXIT_INTERNAL;
		}
		path[n] = '\0';
		char *slash = strrchr(path, '/');
		size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
		if (dir + sizeof("aftercare-cal") > sizeof(path)) {
			cli_error("path too long");
			return EXIT_INTERNAL;
		}
		memcpy(path + dir, "aftercare-cal", sizeof("aftercare-cal"));
	}
	fflush(stdout);
	execv(path, args->argv);
	cli_error("cannot run %s: %s (make builds it beside aftercare)", path, strerror(errno));
	return EXIT_INTERNAL;
}
