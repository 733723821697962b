/* ics_reader.h: what the calendar reader's files share (ics_read.c, ics_text.c, ics_zone.c,
 * ics_expand.c, ics_guard.c). Not for the commands: they use ics.h. */
#ifndef AC_ICS_READER_H
#define AC_ICS_READER_H

#include <stdint.h>
#include <string.h>

#include "ics.h"

/* ---- text (ics_text.c) ---- */

/* The text as libical should see it: a leading byte-order mark and blank space dropped, and
 * lines unfolded (RFC 5545 3.1: CRLF or LF followed by one space or tab), so that a fold in
 * the middle of a UTF-8 character joins it up again before the UTF-8 check. Returns a new
 * NUL-terminated string (the caller frees it) and its length in *out_len, or NULL when out of
 * memory. */
char *ics_text_unfold(const char *text, size_t len, size_t *out_len);

/* The offset of the first byte of s that is not UTF-8 (or a NUL), or (size_t)-1. */
size_t ics_text_invalid_utf8(const char *s, size_t len);

/* The length of the property name the line [p, end) begins with (it ends at ';', ':' or
 * the line's end). */
static inline size_t ics_text_name_length(const char *p, const char *end)
{
	const char *q = p;
	while (q < end && *q != ';' && *q != ':')
		q++;
	return (size_t)(q - p);
}

/* Are the n bytes at p the name `upper` (upper case, n bytes), in any case? As strncasecmp
 * in the C locale, without its call: names are compared on every line of a calendar. */
static inline bool ics_text_same_name(const char *p, const char *upper, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char a = p[i], b = upper[i];
		if (a != b && !(b >= 'A' && b <= 'Z' && a == b + ('a' - 'A')))
			return false;
	}
	return true;
}

/* Drops, in place, the lines inside VEVENTs that the check never reads (LOCATION, ATTENDEE,
 * X- properties, an empty DESCRIPTION, VALARMs ...): libical's parse, most of a check's
 * time, then reads only DTSTART, DTEND, DURATION, RRULE, RDATE, EXDATE, RECURRENCE-ID, UID,
 * SUMMARY, DESCRIPTION and STATUS (docs/benchmarks.md). Lines outside VEVENTs (VCALENDAR's,
 * VTIMEZONEs) are kept. s: unfolded text of len bytes. Returns the new length; s[len] = 0. */
size_t ics_text_keep_needed(char *s, size_t len);

/* ---- events left out before the parse (ics_window.c) ---- */

/* A DTSTART or DTEND as written: fields as libical reads them, its TZID (in the text). */
typedef struct ics_naive {
	int y, mo, d, h, mi, s;
	bool date, utc;
	const char *tzid;	/* not NUL-terminated: tzid_len bytes; NULL when none */
	size_t tzid_len;
} ics_naive;

/* A VEVENT directly inside a VCALENDAR, as the scan found it. */
typedef struct ics_cand {
	size_t begin, end_at;	/* its bytes: BEGIN:VEVENT up to after END:VEVENT's line */
	size_t root;		/* which root component of the text it is in (0: the first) */
	bool plain;		/* a single event read whole here: it may be left out */
	bool has_start, has_end;
	ics_naive start, end;
	const char *uid;	/* in the text, uid_len bytes; NULL when none */
	size_t uid_len;
} ics_cand;

/* The VEVENTs directly inside a VCALENDAR of s (len bytes, after ics_text_keep_needed), in
 * the order libical's parser will give them, with their times where they are plain (the
 * file's comment says which). Returns them (the caller frees them; they point into s) and
 * sets *n_cand and *n_roots (the root components: several VCALENDARs in one file); NULL
 * with 0 when there are none, when out of memory, or when the text's structure is one
 * libical might read otherwise (then nothing is to be left out). */
ics_cand *ics_window_scan(const char *s, size_t len, size_t *n_cand, size_t *n_roots);

/* Copies s (len bytes) to dst without the candidates c[i] where drop[i]: dst may be s, or
 * a buffer of len + 1 bytes. Returns the new length; dst[length] = 0. */
size_t ics_window_cut(char *dst, const char *s, size_t len, const ics_cand *c, size_t n,
		      const bool *drop);

/* ---- time zones (ics_zone.c) ---- */

/* The zone a TZID names, as calendar apps resolve it: a VTIMEZONE of vcal, the system's
 * (libical's built-in) zone of that name, the IANA name after an old prefix
 * ("/mozilla.org/20050126_1/Europe/Berlin"), or a Windows name ("W. Europe Standard Time",
 * CLDR's windowsZones table through ICU's ucal_getTimeZoneIDForWindowsID). NULL when none.
 * The zone is owned by vcal or by libical. */
icaltimezone *ics_zone_find(icalcomponent *vcal, const char *tzid);

/* Give t (the value of property p) its zone from p's TZID parameter: 0, or -1 when the TZID
 * names no zone (*tzid then points to it). A DATE keeps no zone: an all-day date is the
 * person's own day wherever the calendar was made. */
int ics_zone_apply(icalproperty *p, icalcomponent *vcal, struct icaltimetype *t,
		   const char **tzid);

/* t as Unix seconds: in its zone, or UTC; a floating time in the zone floating (the
 * calendar's X-WR-TIMEZONE) when not NULL, else local time; a date at local midnight. */
time_t ics_time_t(struct icaltimetype t, const icaltimezone *floating);

/* The Unix time t as a time like `like` (a date or a date-time, in like's zone; floating
 * ones in floating, else local). */
struct icaltimetype ics_time_like(time_t t, struct icaltimetype like,
				  const icaltimezone *floating);

/* ---- events and series ---- */

/* An RDATE or EXDATE, read. */
typedef struct ics_when {
	time_t start, length;	/* length: an RDATE's (its PERIOD's, else the event's) */
	int32_t day;		/* local date, yyyymmdd */
	bool whole_day;		/* an EXDATE that is a DATE on a DATE-TIME event: that day */
} ics_when;

/* What expanding needs of one VEVENT, read once by ics_read.c in the parent: the child
 * (ics_guard.c) never touches libical's components, since even reading them writes to
 * them (icalcomponent_get_first_property keeps its place in the component) and each page
 * written would be copied. */
typedef struct ics_ev {
	struct icalrecurrencetype *rules;	/* RRULEs, owned */
	ics_when *rdates, *exdates;		/* owned */
	size_t n_rules, n_rdates, n_exdates;
	struct icaltimetype start;	/* DTSTART, zone resolved */
	const icaltimezone *floating;	/* its calendar's X-WR-TIMEZONE, or NULL */
	time_t start_t, length;		/* seconds */
	time_t recid;			/* RECURRENCE-ID, when has_recid */
	bool has_recid, future;		/* future: RANGE=THISANDFUTURE */
	bool cancelled;			/* STATUS:CANCELLED */
	bool skip;			/* not to be expanded (the item says why) */
} ics_ev;

typedef struct ics_reader {
	ics_calendar *cal;
	ics_ev *ev;		/* per item */
	int *order;		/* item indices, series after series */
	size_t *first;		/* series s is order[first[s]] .. order[first[s + 1] - 1] */
	size_t n_series;
	time_t from, to;
} ics_reader;

/* An occurrence as expanded: the item whose words apply, its start and end. */
typedef struct ics_rec {
	int32_t item;
	int64_t start, end;
} ics_rec;

/* Where expansion writes: a fixed array (shared with the parent in ics_guard.c). */
typedef struct ics_sink {
	ics_rec *rec;
	size_t n, cap;
	bool full;
} ics_sink;

/* Per item, what expansion found (ics_guard.c carries them back from the child). */
enum { ICS_FLAG_CUT = 1, ICS_FLAG_NO_RULE = 2, ICS_FLAG_CRASHED = 4, ICS_FLAG_SLOW = 8 };

/* Read c's RRULEs, RDATEs and EXDATEs into e (ics_expand.c; e->start and the rest read
 * already): 0, or -1 when out of memory. ics_ev_free frees them. */
int ics_ev_read_set(ics_ev *e, icalcomponent *c);
void ics_ev_free(ics_ev *e);

/* Expand series s of r into out (ics_expand.c): every occurrence overlapping the window,
 * with overrides applied. Sets flags[item] for items cut off or whose rule libical refused.
 * deadline_ms: a CLOCK_MONOTONIC time in ms past which the series is cut off. */
void ics_expand_series(const ics_reader *r, size_t s, ics_sink *out, uint8_t *flags,
		       int64_t deadline_ms);

/* Milliseconds of CLOCK_MONOTONIC. */
int64_t ics_now_ms(void);

/* Expand every series of r, each in a child process that may crash or hang on its own
 * (ics_guard.c): 0 with the occurrences in *recs (the caller frees it) and the items' flags
 * set, or -1 when out of memory. */
int ics_guard_expand(const ics_reader *r, ics_rec **recs, size_t *n, uint8_t *flags);

#endif
