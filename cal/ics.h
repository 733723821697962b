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

/* The plan of a treatment as a calendar, one event per milestone (export.c; also the
 * server's /p/TOKEN.ics): 0, or -1 when out of memory or the write failed. */
int ics_plan_write(FILE *out, const ac_kb *kb, const ac_profile *profile,
		   const ac_policy *policy);

/* One occurrence of an event of a person's calendar. */
typedef struct ics_occurrence {
	int event;		/* index of the VEVENT in the file */
	const char *summary;	/* owned by the calendar; "" when absent */
	const char *description;
	time_t start, end;
} ics_occurrence;

#define ICS_MAX_OCCURRENCES 200000	/* over the whole file */
#define ICS_MAX_PER_EVENT 10000		/* a recurrence past this is cut off */

typedef struct ics_calendar {
	icalcomponent *root;
	ics_occurrence *occ;	/* sorted by start */
	size_t n_occ, n_events;
	bool truncated;		/* some recurrence was cut off at ICS_MAX_PER_EVENT */
} ics_calendar;

/* Parse text (len bytes) and expand every event's occurrences that overlap [from, to):
 * RRULE, RDATE and EXDATE, TZID zones (from the file's VTIMEZONEs or the system's),
 * all-day dates and floating times (read as local). On bad input returns -1 with a message
 * saying what and where in err (size len_err): not UTF-8, not an iCalendar, libical's
 * X-LIC-ERRORs, an event without DTSTART, a TZID that names no known zone. */
int ics_read(const char *text, size_t len, time_t from, time_t to, ics_calendar *cal,
	     char *err, size_t len_err);
void ics_calendar_free(ics_calendar *cal);

#endif
