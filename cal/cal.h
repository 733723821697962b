/* cal.h: aftercare-cal's commands (libical). */
#ifndef AC_CAL_H
#define AC_CAL_H

#include "../cli/cli.h"

int cal_check(const cli_args *args);		/* check.c */
int cal_plan_ics(const cli_args *args);		/* export.c */
int cal_course_ics(const cli_args *args);	/* export.c */

#endif
