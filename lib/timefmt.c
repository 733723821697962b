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

#define LAST_INSTANT 4133980799LL	/* 2100-12-31T23:59:59Z: the plain form's last year too */

/* "YYYY-MM-DDTHH:MM[:SS[.fff]]" with its offset: an instant, whatever the local zone. The
 * fraction of a second (JavaScript's toISOString writes ".000Z") is dropped. */
static ac_result parse_with_offset(const char *s, int suffix, long east, time_t *out)
{
	char local[32];
	size_t n = strlen(s) - (size_t)suffix;
	if (suffix < 0 || n >= sizeof(local) || n < 16)
		return AC_ERR_ARG;
	memcpy(local, s, n);
	local[n] = '\0';
	if (n > 20 && local[19] == '.') {
		size_t digits = strspn(local + 20, "0123456789");
		if (digits == 0 || digits > 9 || 20 + digits != n)
			return AC_ERR_ARG;
		local[19] = '\0';
	}
	int y, mo, d, h, mi, sec = 0, used = 0;
	char sep;
	if (!well_shaped(local) ||
	    sscanf(local, "%4d-%2d-%2d%c%2d:%2d%n:%2d%n", &y, &mo, &d, &sep, &h, &mi, &used, &sec,
		   &used) < 6 || local[used] != '\0' || y < 1970 || y > 2100)
		return AC_ERR_ARG;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h,
			.tm_min = mi, .tm_sec = sec};
	time_t t = timegm(&tm);
	/* timegm normalises too: 30 February comes back as March. */
	if (t == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != mo - 1 || tm.tm_hour != h ||
	    tm.tm_min != mi || tm.tm_sec != sec)
		return AC_ERR_ARG;
	/* The bounds apply to the instant, not to the wall clock it was written in. */
	if ((long long)t - east < 0 || (long long)t - east > LAST_INSTANT)
		return AC_ERR_ARG;
	*out = t - east;
	return AC_OK;
}

ac_result ac_time_parse(const char *s, time_t *out)
{
	int suffix;
	long east;
	if (s && offset_suffix(s, &suffix, &east))
		return parse_with_offset(s, suffix, east, out);
	if (!s || !well_shaped(s))
		return AC_ERR_ARG;
	int y, mo, d, h = 0, mi = 0, sec = 0, used = 0;
	char sep;
	int n = sscanf(s, "%4d-%2d-%2d%n%c%2d:%2d%n:%2d%n", &y, &mo, &d, &used, &sep, &h, &mi, &used,
		       &sec, &used);
	if (n == 3)
		sep = ' ';
	else if (n < 6 || (sep != ' ' && sep != 'T'))
		return AC_ERR_ARG;
	if (s[used] != '\0' || y < 1970 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h > 23 || mi > 59 || sec > 59 || h < 0 || mi < 0 || sec < 0)
		return AC_ERR_ARG;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h,
			.tm_min = mi, .tm_sec = sec, .tm_isdst = -1};
	time_t t = mktime(&tm);
	/* mktime normalises 30 February into March and 01:30 in a spring-forward gap into 02:30:
	 * a changed field means that moment does not exist. */
	if (t == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != mo - 1 || tm.tm_hour != h ||
	    tm.tm_min != mi)
		return AC_ERR_ARG;
	*out = t;
	return AC_OK;
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
