/* export.c: the plan and a course as RFC 5545 calendars, written with libical. (Being
 * written.) */
#include "cal.h"

int cal_plan_ics(const cli_args *args)
{
	(void)args;
	cli_error("plan --format ics is not available yet");
	return EXIT_USAGE;
}

int cal_course_ics(const cli_args *args)
{
	(void)args;
	cli_error("course --format ics is not available yet");
	return EXIT_USAGE;
}
