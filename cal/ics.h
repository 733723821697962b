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
	bool all_day;		/* the local day of start, as a DATE */
	bool no_alarm;		/* no VALARM (the default is one at the start) */
} ics_event;

icalcomponent *ics_calendar_new(const char *name);
void ics_add_event(icalcomponent *cal, const ics_event *e);
int ics_print(FILE *out, icalcomponent *cal);	/* 0, or -1 */

/* The plan of a treatment as a calendar (export.c; also the server's /p/TOKEN.ics): an
 * all-day event for the first day, then one event per moment at which something changes,
 * alarms on a few: 0, or -1 when out of memory or the write failed. */
int ics_plan_write(FILE *out, const ac_kb *kb, const ac_profile *profile,
		   const ac_policy *policy);

/* One occurrence of an event of a person's calendar. */
typedef struct ics_occurrence {
	int event;		/* index of the VEVENT (ics_calendar.items) whose words apply */
	const char *summary;	/* owned by the calendar; "" when absent */
	const char *description;
	time_t start, end;
} ics_occurrence;

#define ICS_MAX_OCCURRENCES 200000	/* over the whole file; past it the rest is cut off */
#define ICS_MAX_PER_EVENT 10000		/* occurrences of one series in the window */
#define ICS_MAX_STEPS 200000		/* libical iterator steps for one series */
#define ICS_SERIES_SOFT_MS 500		/* a series still expanding after this is cut off */
#define ICS_SERIES_HARD_MS 2000		/* ... and one libical call still running is killed */
#define ICS_TOTAL_MS 8000		/* all series together */

/* What became of one VEVENT. */
typedef enum {
	ICS_READ = 0,		/* read whole */
	ICS_SKIPPED,		/* could not be read: not checked (note says why) */
	ICS_CUT,		/* its series was cut off (budget): some occurrences may be missing */
	ICS_APPROX,		/* its rule is one libical expands wrongly: occurrences approximate */
	ICS_CANCELLED,		/* STATUS:CANCELLED (RFC 5545 3.8.1.11): not an occurrence */
} ics_outcome;

typedef struct ics_item {
	icalcomponent *comp;	/* the VEVENT, owned by ics_calendar.root */
	const char *summary;	/* "" when absent */
	ics_outcome outcome;
	char *note;		/* why it was skipped, cut or approximated (escaped), or NULL */
} ics_item;

typedef struct ics_calendar {
	icalcomponent *root;
	ics_item *items;	/* every VEVENT of every VCALENDAR, in file order */
	ics_occurrence *occ;	/* sorted by start, then event */
	size_t n_occ, n_events;
	size_t n_skipped, n_cut, n_approx;
	bool truncated;		/* some occurrences may be missing: a series or the file cut off */
} ics_calendar;

/* Parse text (len bytes) and expand every event's occurrences that overlap [from, to), or
 * that start at from (a zero-length event at the treatment counts): RFC 5545 3.8.5 (RRULE,
 * RDATE with DATE-TIME, DATE or PERIOD values, EXDATE, duplicates removed), 3.8.4.4
 * (RECURRENCE-ID overrides, RANGE=THISANDFUTURE), STATUS:CANCELLED left out; time zones from
 * the file's VTIMEZONEs, the system's, Windows names (ICU) and old "/mozilla.org/..." prefixes;
 * floating times in the calendar's X-WR-TIMEZONE, else local; all-day dates at local midnight.
 * Read leniently: a property not needed never makes the file unreadable, an event that cannot
 * be read is skipped (items[i].outcome, note), and a series that libical cannot expand safely
 * is cut off or skipped; libical's expansion runs in a child process (ics_guard.c) so that a
 * crash or a hang in it costs one series, not the check. libical never writes on stderr.
 * Returns 0, or -1 with a message saying what and where in err (size len_err) when nothing
 * in the file can be read: not UTF-8, not an iCalendar, every event unreadable. */
int ics_read(const char *text, size_t len, time_t from, time_t to, ics_calendar *cal,
	     char *err, size_t len_err);
void ics_calendar_free(ics_calendar *cal);

/* Whether ics_read may leave out of libical's parse the single events that cannot touch the
 * window (cal/ics_window.c; on by default): the answer is the same either way, and tests
 * (tests/fuzz/fuzz_ics.c) compare the two. */
void ics_read_prefilter(bool on);

/* As ics_calendar_free, for a process about to exit: libical's tree is left to the exit
 * (kept reachable, so leak checkers see no leak). Freeing it node by node is a cache miss per
 * node: about a fifth of a 150,000-event check (docs/benchmarks.md). Once per process. */
void ics_calendar_free_at_exit(ics_calendar *cal);

#endif
