/* cmd_course.c: plan or check a course of treatments. (Being written.) */
#include "cli.h"

int cmd_course(const cli_args *args)
{
	(void)args;
	cli_error("course is not available yet");
	return EXIT_USAGE;
}
