/* timefmt.c: local dates and times in and out. */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kb_internal.h"

/* "dddd-dd-dd", then optionally [ T]"dd:dd" and ":dd": digits exactly where shown. */
static bool well_shaped(const char *s)
{
	static const char *const shapes[] = {"dddd-dd-dd", "dddd-dd-dd dd:dd", "dddd-dd-dd dd:dd:dd"};
	size_t len = strlen(s);
	for (size_t k = 0; k < 3; k++) {
		const char *p = shapes[k];
		if (strlen(p) != len)
			continue;
		size_t i = 0;
		for (; i < len; i++) {
			if (p[i] == 'd' ? !isdigit((unsigned char)s[i])
					: p[i] == ' ' ? s[i] != ' ' && s[i] != 'T' : s[i] != p[i])
				break;
		}
		if (i == len)
			return true;
	}
	return false;
}

/* An offset ending s after a time ("Z", "+01:00", "-05:30"), as ac_time_format_iso writes
 * it: its length in *len and its value in seconds east of UTC; false when there is none.
 * Beyond +-14:00 (no zone of the world) or a minute past 59 is malformed: *len is then -1. */
static bool offset_suffix(const char *s, int *len, long *east)
{
	size_t n = strlen(s);
	*len = 0;
	if (n > 16 && s[n - 1] == 'Z') {
		*len = 1, *east = 0;
		return true;
	}
	if (n < 22)
		return false;
	const char *o = s + n - 6;
	if ((o[0] != '+' && o[0] != '-') || !isdigit((unsigned char)o[1]) ||
	    !isdigit((unsigned char)o[2]) || o[3] != ':' || !isdigit((unsigned char)o[4]) ||
	    !isdigit((unsigned char)o[5]))
		return false;
	int hh = (o[1] - '0') * 10 + (o[2] - '0'), mm = (o[4] - '0') * 10 + (o[5] - '0');
	*len = hh > 14 || mm > 59 || (hh == 14 && mm) ? -1 : 6;
	*east = (o[0] == '-' ? -1L : 1L) * (hh * 3600L + mm * 60L);
	return true;
}

#define LAST_INSTANT 4133980799LL	/* 2100-12-31T23:59:59Z */

/* A date and time as written, before any zone says which instant it is. */
typedef struct wall {
	int y, mo, d, h, mi, sec;
} wall;

/* s as "YYYY-MM-DD", "YYYY-MM-DD HH:MM" or "YYYY-MM-DDTHH:MM:SS" (digits exactly where
 * shown); need_time: the date alone is not enough. AC_TIME_MALFORMED for another shape,
 * AC_TIME_NO_SUCH_DATE for a field out of its range; whether the day exists in its month is
 * left to same_wall. */
static ac_time_status read_wall(const char *s, bool need_time, wall *w)
{
	if (!well_shaped(s))
		return AC_TIME_MALFORMED;
	*w = (wall){0};
	int used = 0;
	char sep;
	int n = sscanf(s, "%4d-%2d-%2d%n%c%2d:%2d%n:%2d%n", &w->y, &w->mo, &w->d, &used, &sep,
		       &w->h, &w->mi, &used, &w->sec, &used);
	if ((n == 3 && need_time) || (n != 3 && n < 6) || s[used] != '\0')
		return AC_TIME_MALFORMED;
	return w->mo >= 1 && w->mo <= 12 && w->d >= 1 && w->d <= 31 && w->h <= 23 &&
	       w->mi <= 59 && w->sec <= 59 ? AC_TIME_OK : AC_TIME_NO_SUCH_DATE;
}

/* Whether mktime or timegm gave tm back as written: both normalise 30 February into March,
 * and mktime 01:30 in a spring-forward gap into 02:30; a changed field means that moment
 * does not exist. */
static bool same_wall(const struct tm *tm, const wall *w)
{
	return tm->tm_year == w->y - 1900 && tm->tm_mon == w->mo - 1 && tm->tm_mday == w->d &&
	       tm->tm_hour == w->h && tm->tm_min == w->mi && tm->tm_sec == w->sec;
}

/* Whether the date of w is on the calendar (30 February is not), whatever the zone. */
static bool real_day(const wall *w)
{
	struct tm tm = {.tm_year = w->y - 1900, .tm_mon = w->mo - 1, .tm_mday = w->d,
			.tm_hour = w->h, .tm_min = w->mi, .tm_sec = w->sec};
	timegm(&tm);	/* -1 is 1969-12-31T23:59:59Z as well as a failure: the fields tell */
	return same_wall(&tm, w);
}

/* s without its offset (suffix characters) into buf, and without a fraction of a second
 * after the seconds (JavaScript's toISOString writes ".000Z"), which is dropped. */
static bool strip_suffix(const char *s, int suffix, char *buf, size_t size)
{
	size_t n = strlen(s) - (size_t)suffix;
	if (suffix < 0 || n >= size)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (n > 20 && buf[19] == '.') {
		size_t digits = strspn(buf + 20, "0123456789");
		if (digits == 0 || digits > 9 || 20 + digits != n)
			return false;
		buf[19] = '\0';
	}
	return true;
}

/* The local wall time w as an instant. Where it occurs twice (clocks going back) the later
 * of the two, with *ambiguous set: of two readings of a treatment's time the later keeps
 * every restriction in force longer. glibc's mktime with tm_isdst -1 picks one by the zone's
 * history (the later in London, the earlier in New York); asking for each reading in turn
 * and keeping those that give the wall time back finds both. false where it never occurs (a
 * spring-forward gap). A result of -1 is a time (1969-12-31T23:59:59Z), not a failure: the
 * fields mktime gives back say whether it read the wall time. */
static bool local_instant(const wall *w, time_t *out, bool *ambiguous)
{
	time_t found[2];
	int n = 0;
	for (int dst = 0; dst <= 1; dst++) {
		struct tm tm = {.tm_year = w->y - 1900, .tm_mon = w->mo - 1, .tm_mday = w->d,
				.tm_hour = w->h, .tm_min = w->mi, .tm_sec = w->sec, .tm_isdst = dst};
		time_t t = mktime(&tm);
		if (same_wall(&tm, w) && (tm.tm_isdst > 0) == dst)
			found[n++] = t;
	}
	if (n == 0) {	/* a zone without the flag's notion (UTC): mktime decides */
		struct tm tm = {.tm_year = w->y - 1900, .tm_mon = w->mo - 1, .tm_mday = w->d,
				.tm_hour = w->h, .tm_min = w->mi, .tm_sec = w->sec, .tm_isdst = -1};
		*out = mktime(&tm);
		return same_wall(&tm, w);
	}
	*ambiguous = n == 2 && found[0] != found[1];
	*out = n == 2 && found[1] > found[0] ? found[1] : found[0];
	return true;
}

/* The zone's abbreviation at t ("GMT", "BST"), or its offset where it has none. */
static void zone_at(time_t t, char *buf, size_t len)
{
	struct tm tm;
	localtime_r(&t, &tm);
	if (!strftime(buf, len, "%Z", &tm) || !*buf)
		strftime(buf, len, "%z", &tm);
}

/* Why w, a real day's time, has no local instant: the clocks went forward over it. The
 * zones before and after are read a few hours either side of where w would be as UTC
 * shifted by the zone's usual offset (mktime reads a gap time by one of its offsets). */
static void gap_words(const wall *w, char *msg, size_t len)
{
	if (!msg || !len)
		return;
	struct tm tm = {.tm_year = w->y - 1900, .tm_mon = w->mo - 1, .tm_mday = w->d,
			.tm_hour = w->h, .tm_min = w->mi, .tm_sec = w->sec, .tm_isdst = 0};
	time_t t = mktime(&tm);
	char before[16] = "", after[16] = "";
	if (t != (time_t)-1) {
		zone_at(t - 3 * 3600, before, sizeof(before));
		zone_at(t + 3 * 3600, after, sizeof(after));
	}
	snprintf(msg, len, "%02d:%02d on %04d-%02d-%02d does not exist here: the clocks go forward "
		 "then%s%s%s%s, so no clock showed that time; give one before or after the change",
		 w->h, w->mi, w->y, w->mo, w->d, *before ? ", from " : "", before,
		 *before ? " to " : "", after);
}

static const char *const month_names[] = {"January", "February", "March",     "April",
					  "May",     "June",     "July",      "August",
					  "September", "October", "November", "December"};

/* msg for a refusal or a note; nothing when msg is NULL. */
static void say(char *msg, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *msg, size_t len, const char *fmt, ...)
{
	if (!msg || !len)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
}

#define SHAPE_WORDS "expected a date and time, \"YYYY-MM-DD HH:MM\" (a 'T' may replace the " \
		    "space, \":SS\" may follow, a date alone is midnight; or with an offset, " \
		    "\"2026-11-20T10:00+01:00\")"

char *ac_time_twice_note(time_t t, char *buf, size_t len)
{
	struct tm tm;
	char wall_[32], iso[40];
	localtime_r(&t, &tm);
	strftime(wall_, sizeof(wall_), "%Y-%m-%d %H:%M", &tm);
	snprintf(buf, len, "%s occurs twice here (the clocks go back): read as the later, %s, "
		 "which keeps every restriction in force longer", wall_,
		 ac_time_format_iso(t, iso, sizeof(iso)));
	return buf;
}

ac_result ac_time_check(const char *s, time_t *out, ac_time_status *status, char *msg,
			size_t len)
{
	char local[32], edge[40];
	int suffix;
	long east = 0;
	wall w;
	bool twice = false;
	ac_time_status st = AC_TIME_MALFORMED;
	say(msg, len, "%s", "");
	if (!s) {
		say(msg, len, SHAPE_WORDS);
		goto out;
	}
	/* With an offset it is that instant; without, the local zone says which. */
	bool offset = offset_suffix(s, &suffix, &east);
	if (offset && !strip_suffix(s, suffix, local, sizeof(local))) {
		say(msg, len, "%s", suffix < 0 ? "an offset is at most +14:00 or -14:00, with "
			"minutes to 59" : SHAPE_WORDS);
		goto out;
	}
	if ((st = read_wall(offset ? local : s, offset, &w)) != AC_TIME_OK) {
		say(msg, len, "%s", st == AC_TIME_MALFORMED ? SHAPE_WORDS
				     : "no such date or time (months 01 to 12, days 01 to 31, hours "
				       "00 to 23, minutes and seconds 00 to 59)");
		goto out;
	}
	if (!real_day(&w)) {
		st = AC_TIME_NO_SUCH_DATE;
		say(msg, len, "there is no %d %s %04d", w.d, month_names[w.mo - 1], w.y);
		goto out;
	}
	time_t t = 0;
	bool found = true;
	if (offset) {
		struct tm tm = {.tm_year = w.y - 1900, .tm_mon = w.mo - 1, .tm_mday = w.d,
				.tm_hour = w.h, .tm_min = w.mi, .tm_sec = w.sec};
		t = timegm(&tm);
	} else {
		found = local_instant(&w, &t, &twice);
	}
	if (!found) {
		/* a real day with no such local time: a gap (or, outside the years mktime
		 * reaches, none) */
		st = w.y < 1970 ? AC_TIME_BEFORE_1970 : w.y > 2100 ? AC_TIME_AFTER_2100 : AC_TIME_IN_GAP;
		if (st == AC_TIME_IN_GAP)
			gap_words(&w, msg, len);
	} else {
		/* The bounds apply to the instant, not to the wall clock it was written in. */
		long long at = (long long)t - east;
		st = at < 0 ? AC_TIME_BEFORE_1970 : at > LAST_INSTANT ? AC_TIME_AFTER_2100
			    : twice ? AC_TIME_AMBIGUOUS : AC_TIME_OK;
		if (st == AC_TIME_OK || st == AC_TIME_AMBIGUOUS)
			*out = (time_t)at;
		if (st == AC_TIME_AMBIGUOUS && msg && len)
			ac_time_twice_note(*out, msg, len);
	}
	if (st == AC_TIME_BEFORE_1970)
		say(msg, len, "before 1970: the earliest time taken is 1970-01-01T00:00:00Z (%s here)",
		    ac_time_format_iso(0, edge, sizeof(edge)));
	else if (st == AC_TIME_AFTER_2100)
		say(msg, len, "after 2100: the latest time taken is 2100-12-31T23:59:59Z (%s here)",
		    ac_time_format_iso((time_t)LAST_INSTANT, edge, sizeof(edge)));
out:
	if (status)
		*status = st;
	return st == AC_TIME_OK || st == AC_TIME_AMBIGUOUS ? AC_OK : AC_ERR_ARG;
}

ac_result ac_time_parse_ex(const char *s, time_t *out, bool *ambiguous)
{
	ac_time_status st;
	ac_result rc = ac_time_check(s, out, &st, NULL, 0);
	if (rc == AC_OK && ambiguous)
		*ambiguous = st == AC_TIME_AMBIGUOUS;
	return rc;
}

ac_result ac_time_parse(const char *s, time_t *out)
{
	return ac_time_parse_ex(s, out, NULL);
}

char *ac_time_format_iso(time_t t, char *buf, size_t len)
{
	struct tm tm;
	char zone[8];
	localtime_r(&t, &tm);
	strftime(zone, sizeof(zone), "%z", &tm);	/* +0100 -> +01:00 */
	size_t n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, "%.3s:%.2s", zone, zone + 3);
	return buf;
}

char *ac_time_format_human(time_t t, char *buf, size_t len)
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, len, "%a %-d %b %H:%M", &tm);
	return buf;
}
