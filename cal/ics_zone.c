/* ics_zone.c: time zones as calendar apps resolve them, and times as Unix seconds.
 *
 * libical alone knows the file's VTIMEZONEs and the IANA names; an unknown TZID silently
 * becomes floating time in it (docs/calendar.md). Outlook and Exchange write Windows names
 * ("Pacific Standard Time") often with no VTIMEZONE, old Thunderbird and Evolution files
 * prefix IANA names with "/mozilla.org/20050126_1/" or "/softwarestudio.org/Olson_.../":
 * both are resolved here as Outlook, Google and Thunderbird resolve them.
 */
#include <string.h>
#include <unicode/ucal.h>
#include <unicode/ustring.h>

#include "ics_reader.h"

/* The IANA zone of a Windows zone name, by CLDR's windowsZones table (ICU; region "001",
 * the zone Windows means when no country is given). */
static icaltimezone *windows_zone(const char *name)
{
	UChar win[128], id[128];
	char iana[128];
	int32_t n_win = 0, n_iana = 0;
	UErrorCode e = U_ZERO_ERROR;
	u_strFromUTF8(win, 128, &n_win, name, -1, &e);
	if (U_FAILURE(e) || n_win >= 128)
		return NULL;
	int32_t n = ucal_getTimeZoneIDForWindowsID(win, n_win, NULL, id, 128, &e);
	if (U_FAILURE(e) || n <= 0 || n >= 128)
		return NULL;
	u_strToUTF8(iana, sizeof(iana), &n_iana, id, n, &e);
	if (U_FAILURE(e) || n_iana >= (int32_t)sizeof(iana))
		return NULL;
	return icaltimezone_get_builtin_timezone(iana);
}

icaltimezone *ics_zone_find(icalcomponent *vcal, const char *tzid)
{
	if (!tzid || !*tzid)
		return NULL;
	icaltimezone *z = vcal ? icalcomponent_get_timezone(vcal, tzid) : NULL;
	if (!z)
		z = icaltimezone_get_builtin_timezone(tzid);
	/* "/mozilla.org/20050126_1/Europe/Berlin": try what follows each slash */
	for (const char *p = tzid; !z && (p = strchr(p, '/')); p++)
		if (p[1])
			z = icaltimezone_get_builtin_timezone(p + 1);
	if (!z)
		z = windows_zone(tzid);
	return z;
}

int ics_zone_apply(icalproperty *p, icalcomponent *vcal, struct icaltimetype *t,
		   const char **tzid)
{
	icalparameter *par = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	const char *name = par ? icalparameter_get_tzid(par) : NULL;
	if (t->is_date) {
		t->zone = NULL;	/* RFC 5545 3.3.4: a DATE has no zone; some apps add one anyway */
		return 0;
	}
	if (!name || icaltime_is_utc(*t))
		return 0;
	icaltimezone *z = ics_zone_find(vcal, name);
	if (!z) {
		*tzid = name;
		return -1;
	}
	t->zone = z;
	return 0;
}

/* The UTC offset (seconds east) of zone z at instant t; local time when z is NULL. */
static long offset_at(const icaltimezone *z, time_t t)
{
	if (!z) {
		struct tm tm;
		return localtime_r(&t, &tm) ? tm.tm_gmtoff : 0;
	}
	struct icaltimetype u = icaltime_from_timet_with_zone(t, 0, icaltimezone_get_utc_timezone());
	return icaltimezone_get_utc_offset_of_utc_time((icaltimezone *)z, &u, NULL);
}

/* A wall-clock time in zone z (NULL: local) as an instant, per RFC 5545 3.3.5: a time that
 * occurs twice, when DST ends, is the first of the two; one that does not occur, in the gap
 * when DST begins, is read with the UTC offset before the gap. libical 3.0.16 takes the
 * second of two (01:30 on the night New York leaves DST is 06:30Z, not 05:30Z), and so may
 * mktime. wall: the time's fields read as if they were UTC. */
static time_t resolve(const icaltimezone *z, time_t wall)
{
	long before = offset_at(z, wall - 2 * 86400), after = offset_at(z, wall + 2 * 86400);
	time_t a = wall - before, b = wall - after;
	if (before == after)
		return a;
	bool a_ok = offset_at(z, a) == before, b_ok = offset_at(z, b) == after;
	if (a_ok && b_ok)
		return a < b ? a : b;
	return b_ok && !a_ok ? b : a;
}

time_t ics_time_t(struct icaltimetype t, const icaltimezone *floating)
{
	if (!t.is_date && icaltime_is_utc(t))
		return icaltime_as_timet_with_zone(t, icaltimezone_get_utc_timezone());
	if (!t.is_date) {	/* in its zone, the calendar's X-WR-TIMEZONE, or local time */
		struct icaltimetype w = t;
		w.zone = NULL;
		return resolve(t.zone ? t.zone : floating, icaltime_as_timet(w));
	}
	/* a date: the person's own local midnight */
	struct tm tm = {.tm_year = t.year - 1900, .tm_mon = t.month - 1, .tm_mday = t.day,
			.tm_isdst = -1};
	return mktime(&tm);
}

struct icaltimetype ics_time_like(time_t t, struct icaltimetype like,
				  const icaltimezone *floating)
{
	struct icaltimetype x;
	if (!like.is_date && like.zone)
		return icaltime_from_timet_with_zone(t, 0, like.zone);
	if (!like.is_date && floating) {
		x = icaltime_from_timet_with_zone(t, 0, floating);
		x.zone = NULL;
		return x;
	}
	struct tm tm;
	localtime_r(&t, &tm);
	x = icaltime_null_time();
	x.year = tm.tm_year + 1900, x.month = tm.tm_mon + 1, x.day = tm.tm_mday;
	x.is_date = like.is_date;
	if (!x.is_date)
		x.hour = tm.tm_hour, x.minute = tm.tm_min, x.second = tm.tm_sec;
	return x;
}
