/* ics.h: what aftercare-cal's files share about iCalendar. */
#ifndef AC_ICS_H
#define AC_ICS_H

#include <libical/ical.h>

#include "cal.h"

typedef struct ics_event {
	const char *uid;	/* stable: the same plan gives the same UIDs */
	time_t start;
	int minutes;		/* length */
	const char *summary;
	const char *description;
} ics_event;

icalcomponent *ics_calendar_new(const char *name);
void ics_add_event(icalcomponent *cal, const ics_event *e);
int ics_print(FILE *out, icalcomponent *cal);	/* 0, or -1 */

#endif
