/* timefmt.c: local dates and times in and out. */
#define _GNU_SOURCE
#include <ctype.h>
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
 * shown); need_time: the date alone is not enough. Fields in their ranges; whether the day
 * exists in its month is left to same_wall. */
static bool read_wall(const char *s, bool need_time, wall *w)
{
	if (!well_shaped(s))
		return false;
	*w = (wall){0};
	int used = 0;
	char sep;
	int n = sscanf(s, "%4d-%2d-%2d%n%c%2d:%2d%n:%2d%n", &w->y, &w->mo, &w->d, &used, &sep,
		       &w->h, &w->mi, &used, &w->sec, &used);
	if ((n == 3 && need_time) || (n != 3 && n < 6) || s[used] != '\0')
		return false;
	return w->mo >= 1 && w->mo <= 12 && w->d >= 1 && w->d <= 31 && w->h <= 23 &&
	       w->mi <= 59 && w->sec <= 59;
}

/* Whether mktime or timegm gave tm back as written: both normalise 30 February into March,
 * and mktime 01:30 in a spring-forward gap into 02:30; a changed field means that moment
 * does not exist. */
static bool same_wall(const struct tm *tm, const wall *w)
{
	return tm->tm_year == w->y - 1900 && tm->tm_mon == w->mo - 1 && tm->tm_mday == w->d &&
	       tm->tm_hour == w->h && tm->tm_min == w->mi && tm->tm_sec == w->sec;
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
 * and keeping those that give the wall time back finds both. -1 where it never occurs (a
 * spring-forward gap) or cannot be a time at all. */
static time_t local_instant(const wall *w, bool *ambiguous)
{
	time_t found[2];
	int n = 0;
	for (int dst = 0; dst <= 1; dst++) {
		struct tm tm = {.tm_year = w->y - 1900, .tm_mon = w->mo - 1, .tm_mday = w->d,
				.tm_hour = w->h, .tm_min = w->mi, .tm_sec = w->sec, .tm_isdst = dst};
		time_t t = mktime(&tm);
		if (t != (time_t)-1 && same_wall(&tm, w) && (tm.tm_isdst > 0) == dst)
			found[n++] = t;
	}
	if (n == 0) {	/* a zone without the flag's notion (UTC): mktime decides */
		struct tm tm = {.tm_year = w->y - 1900, .tm_mon = w->mo - 1, .tm_mday = w->d,
				.tm_hour = w->h, .tm_min = w->mi, .tm_sec = w->sec, .tm_isdst = -1};
		time_t t = mktime(&tm);
		return t != (time_t)-1 && same_wall(&tm, w) ? t : (time_t)-1;
	}
	*ambiguous = n == 2 && found[0] != found[1];
	return n == 2 && found[1] > found[0] ? found[1] : found[0];
}

ac_result ac_time_parse_ex(const char *s, time_t *out, bool *ambiguous)
{
	char local[32];
	int suffix;
	long east = 0;
	wall w;
	bool twice = false;
	if (!s)
		return AC_ERR_ARG;
	/* With an offset it is that instant; without, the local zone says which. */
	bool offset = offset_suffix(s, &suffix, &east);
	if (offset && !strip_suffix(s, suffix, local, sizeof(local)))
		return AC_ERR_ARG;
	if (!read_wall(offset ? local : s, offset, &w))
		return AC_ERR_ARG;
	time_t t;
	if (offset) {
		struct tm tm = {.tm_year = w.y - 1900, .tm_mon = w.mo - 1, .tm_mday = w.d,
				.tm_hour = w.h, .tm_min = w.mi, .tm_sec = w.sec};
		t = timegm(&tm);
		if (t != (time_t)-1 && !same_wall(&tm, &w))
			t = (time_t)-1;
	} else {
		t = local_instant(&w, &twice);
	}
	if (t == (time_t)-1)
		return AC_ERR_ARG;
	/* The bounds apply to the instant, not to the wall clock it was written in. */
	long long at = (long long)t - east;
	if (at < 0 || at > LAST_INSTANT)
		return AC_ERR_ARG;
	*out = (time_t)at;
	if (ambiguous)
		*ambiguous = twice;
	return AC_OK;
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
