/* main.c of aftercare-cal: the calendar commands, run by aftercare (cli/delegate.c). */
#include <string.h>

#include "cal.h"

static int run(int argc, char **argv)
{
	cli_args args;
	if (cli_parse(argc, argv, &args))
		return EXIT_USAGE;
	if (args.command && strcmp(args.command, "check") == 0)
		return cal_check(&args);
	if (args.command && strcmp(args.command, "plan") == 0)
		return cal_plan_ics(&args);
	if (args.command && strcmp(args.command, "course") == 0)
		return cal_course_ics(&args);
	cli_error("aftercare-cal runs check, plan --format ics and course --format ics");
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	return cli_finish(run(argc, argv));
}
