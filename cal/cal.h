/* cal.h: aftercare-cal's commands (libical). */
#ifndef AC_CAL_H
#define AC_CAL_H

#include "../cli/cli.h"

/* check: no clash among what was read, but not everything could be checked (docs/cli.md). */
enum { EXIT_INCOMPLETE = 4 };

int cal_check(const cli_args *args);		/* check.c */
int cal_plan_ics(const cli_args *args);		/* export.c */
int cal_course_ics(const cli_args *args);	/* export.c */

#endif
