/* check.c: a person's calendar checked against the recovery. (Being written.) */
#include "cal.h"

int cal_check(const cli_args *args)
{
	(void)args;
	cli_error("check is not available yet");
	return EXIT_USAGE;
}
