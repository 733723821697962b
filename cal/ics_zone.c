/* ics_zone.c: time zones as calendar apps resolve them, and times as Unix seconds.
 *
 * libical alone knows the file's VTIMEZONEs and the IANA names; an unknown TZID silently
 * becomes floating time in it (docs/calendar.md). Outlook and Exchange write Windows names
 * ("Pacific Standard Time") often with no VTIMEZONE, old Thunderbird and Evolution files
 * prefix IANA names with "/mozilla.org/20050126_1/" or "/softwarestudio.org/Olson_.../":
 * both are resolved here as Outlook, Google and Thunderbird resolve them. Outlook also writes
 * a zone's display name as its TZID ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm,
 * Vienna"), with or without a VTIMEZONE: read by ICU's own data (display_zone below).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucal.h>
#include <unicode/ures.h>
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

/* ---- Windows display names ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna")
 *
 * Windows keeps them in its registry; no Debian package has them. They are read here with
 * ICU's data, the way a person reads them: the UTC offset, then the cities (CLDR's English
 * exemplar cities of the IANA zones: "Amsterdam" is Europe/Amsterdam, "Kolkata"
 * Asia/Calcutta) or a generic zone name ("Pacific Time (US & Canada)": CLDR's metazone
 * America_Pacific). Each city whose zone has the stated standard offset votes for its zone's
 * Windows zone (CLDR windowsZones: Amsterdam, Berlin, Rome, Stockholm and Vienna all vote "W.
 * Europe Standard Time"; "Bern" is no zone's city and does not vote); the winner is read as
 * its Windows name is (region 001, Europe/Berlin), so a display name and the Windows name
 * of the same zone give the same times. A name nothing in ICU's data matches stays unknown. */

#define ZONE_MAX_ITEMS 16
#define REF_MS 1767225600000.0	/* 2026-01-01T00:00Z: the standard offsets compared */

/* "(UTC+01:00) ", "(UTC) ", "(GMT+01.00) ", "(GMT-05:00) ": the offset in minutes, and what
 * follows. */
static bool display_offset(const char *s, int *min, const char **rest)
{
	if (strncmp(s, "(UTC", 4) != 0 && strncmp(s, "(GMT", 4) != 0)
		return false;
	s += 4;
	*min = 0;
	if (*s == '+' || *s == '-') {
		int sign = *s++ == '-' ? -1 : 1, h = 0, m = 0;
		if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || (s[2] != ':' && s[2] != '.') ||
		    s[3] < '0' || s[3] > '5' || s[4] < '0' || s[4] > '9')
			return false;
		h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
		if (h > 14)
			return false;
		*min = sign * (h * 60 + m);
		s += 5;
	}
	if (*s != ')')
		return false;
	*rest = s + 1;
	return true;
}

/* Splits the places of a display name ("Amsterdam, Berlin / Bern; Pacific Time (US &
 * Canada)") into trimmed items in buf, a parenthesis dropped. Returns the count. */
static int display_items(const char *rest, char *buf, size_t size, char **item)
{
	int n = 0;
	size_t len = strlen(rest);
	if (len >= size)
		return 0;
	memcpy(buf, rest, len + 1);
	for (char *p = buf; *p;) {
		char *end = p + strcspn(p, ",/;:");
		char next = *end;
		*end = '\0';
		char *paren = strchr(p, '(');
		if (paren)
			*paren = '\0';
		while (*p == ' ')
			p++;
		for (char *t = p + strlen(p); t > p && t[-1] == ' ';)
			*--t = '\0';
		if (*p && n < ZONE_MAX_ITEMS)
			item[n++] = p;
		p = next ? end + 1 : end;
	}
	return n;
}

/* The string at key in bundle b as UTF-8, or false. */
static bool bundle_string(const UResourceBundle *b, const char *key, char *out, int32_t size)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t n = 0;
	const UChar *u = b ? ures_getStringByKey(b, key, &n, &e) : NULL;
	if (U_FAILURE(e) || !u)
		return false;
	u_strToUTF8(out, size, NULL, u, n, &e);
	return U_SUCCESS(e) && e != U_STRING_NOT_TERMINATED_WARNING;
}

/* The English exemplar city of an IANA zone, as ICU's TimeZoneNames gives it: CLDR's "ec"
 * for the zone (en, then root), else the last part of the ID with '_' as space. */
static void exemplar_city(UResourceBundle *const zs[2], const char *id, char *out, int32_t size)
{
	char key[128];
	size_t len = strlen(id);
	out[0] = '\0';
	if (len >= sizeof(key))
		return;
	for (size_t i = 0; i <= len; i++)
		key[i] = id[i] == '/' ? ':' : id[i];
	for (int i = 0; i < 2; i++) {
		UErrorCode e = U_ZERO_ERROR;
		UResourceBundle *z = zs[i] ? ures_getByKey(zs[i], key, NULL, &e) : NULL;
		bool found = U_SUCCESS(e) && bundle_string(z, "ec", out, size);
		ures_close(z);
		if (found)
			return;
	}
	const char *city = strrchr(id, '/');
	if (!city || strncmp(id, "Etc/", 4) == 0)
		return;
	snprintf(out, (size_t)size, "%s", city + 1);
	for (char *p = out; *p; p++)
		if (*p == '_')
			*p = ' ';
}

/* The standard UTC offset of zone id in minutes (at REF_MS), or a value no offset has. */
static int standard_offset(const UChar *id, int32_t len)
{
	UErrorCode e = U_ZERO_ERROR;
	UCalendar *cal = ucal_open(id, len, "en", UCAL_GREGORIAN, &e);
	ucal_setMillis(cal, REF_MS, &e);
	int32_t off = ucal_get(cal, UCAL_ZONE_OFFSET, &e);
	ucal_close(cal);
	return U_FAILURE(e) ? 100000 : (int)(off / 60000);
}

typedef struct zone_vote {
	char zone[64];	/* the Windows zone, or the IANA zone where it has none */
	bool windows;
	int votes, first;	/* first: the item that voted first */
} zone_vote;

/* Every canonical IANA zone with its English exemplar city, read once. */
typedef struct zone_city {
	char id[48], city[64];
	int offset;		/* standard offset, minutes; computed when first needed */
	bool offset_known;
} zone_city;

static zone_city *zone_cities(UResourceBundle *const zs[2], size_t *n)
{
	static zone_city *t;
	static size_t n_t;
	if (t) {
		*n = n_t;
		return t;
	}
	UErrorCode e = U_ZERO_ERROR;
	UEnumeration *ids = ucal_openTimeZoneIDEnumeration(UCAL_ZONE_TYPE_CANONICAL_LOCATION, NULL,
							    NULL, &e);
	int32_t count = U_SUCCESS(e) ? uenum_count(ids, &e) : 0;
	t = count > 0 ? calloc((size_t)count, sizeof(*t)) : NULL;
	const char *id;
	int32_t len;
	while (t && U_SUCCESS(e) && n_t < (size_t)count && (id = uenum_next(ids, &len, &e)))
		if ((size_t)len < sizeof(t->id)) {
			memcpy(t[n_t].id, id, (size_t)len + 1);
			exemplar_city(zs, id, t[n_t].city, sizeof(t->city));
			n_t++;
		}
	uenum_close(ids);
	*n = n_t;
	return t;
}

/* The cities: votes for Windows zones. Returns the winner's IANA zone in out, or false. */
static bool display_cities(UResourceBundle *const zs[2], int off, char **item, int n_items,
			   char *out, size_t size)
{
	zone_vote v[ZONE_MAX_ITEMS];
	int n_v = 0;
	UErrorCode e = U_ZERO_ERROR;
	size_t n_zones;
	zone_city *zc = zone_cities(zs, &n_zones);
	for (size_t z = 0; z < n_zones; z++) {
		const char *id = zc[z].id;
		UChar uid[48];
		int32_t len = 0;
		UErrorCode e2 = U_ZERO_ERROR;
		int i = 0;
		while (i < n_items && strcasecmp(zc[z].city, item[i]) != 0)
			i++;
		if (i == n_items)
			continue;
		u_strFromUTF8(uid, 48, &len, id, -1, &e2);
		if (U_FAILURE(e2))
			continue;
		if (!zc[z].offset_known)
			zc[z].offset = standard_offset(uid, len), zc[z].offset_known = true;
		if (zc[z].offset != off)
			continue;
		UChar win[64];
		char wname[64];
		int32_t wl = ucal_getWindowsTimeZoneID(uid, len, win, 64, &e2);
		bool windows = U_SUCCESS(e2) && wl > 0 && wl < 64;
		if (windows)
			u_strToUTF8(wname, sizeof(wname), NULL, win, wl, &e2);
		if (!windows || U_FAILURE(e2) || e2 == U_STRING_NOT_TERMINATED_WARNING)
			windows = false, snprintf(wname, sizeof(wname), "%s", id);
		int k = 0;
		while (k < n_v && strcmp(v[k].zone, wname) != 0)
			k++;
		if (k == n_v) {
			if (n_v == ZONE_MAX_ITEMS)
				continue;
			snprintf(v[n_v].zone, sizeof(v[n_v].zone), "%s", wname);
			v[n_v].windows = windows, v[n_v].votes = 0, v[n_v].first = i;
			n_v++;
		}
		v[k].votes++;
		if (i < v[k].first)
			v[k].first = i;
	}
	int best = -1;
	for (int k = 0; k < n_v; k++)
		if (best < 0 || v[k].votes > v[best].votes ||
		    (v[k].votes == v[best].votes && v[k].first < v[best].first))
			best = k;
	if (best < 0)
		return false;
	if (!v[best].windows) {
		snprintf(out, size, "%s", v[best].zone);
		return true;
	}
	UChar win[64], iana[64];
	int32_t wl = 0;
	u_strFromUTF8(win, 64, &wl, v[best].zone, -1, &e);
	int32_t n = U_SUCCESS(e) ? ucal_getTimeZoneIDForWindowsID(win, wl, NULL, iana, 64, &e) : 0;
	if (U_FAILURE(e) || n <= 0 || n >= 64)
		return false;
	u_strToUTF8(out, (int32_t)size, NULL, iana, n, &e);
	return U_SUCCESS(e) && e != U_STRING_NOT_TERMINATED_WARNING;
}

/* A generic or standard zone name ("Pacific Time", "Coordinated Universal Time",
 * "Newfoundland" as "Newfoundland Time"): a metazone's golden zone for region 001, or the
 * zone so named. Returns the IANA zone in out, or false. */
static bool display_generic(UResourceBundle *en_zs, int off, char **item, int n_items,
			    char *out, size_t size)
{
	bool found = false;
	UErrorCode e = U_ZERO_ERROR;
	UResourceBundle *meta = ures_openDirect(NULL, "metaZones", &e);
	UResourceBundle *map = ures_getByKey(meta, "mapTimezones", NULL, &e);
	ures_resetIterator(en_zs);
	while (!found && U_SUCCESS(e) && ures_hasNext(en_zs)) {
		UResourceBundle *z = ures_getNextResource(en_zs, NULL, &e);
		const char *key = ures_getKey(z);
		char name[2][128];
		bool has[2] = {bundle_string(z, "lg", name[0], 128), bundle_string(z, "ls", name[1], 128)};
		for (int i = 0; key && !found && i < n_items; i++)
			for (int k = 0; k < 2 && !found; k++) {
				size_t l = strlen(item[i]);
				if (!has[k] || strncasecmp(name[k], item[i], l) != 0 ||
				    (name[k][l] && strcasecmp(name[k] + l, " Time") != 0))
					continue;
				char id[64];
				if (strncmp(key, "meta:", 5) == 0) {
					UErrorCode e2 = U_ZERO_ERROR;
					UResourceBundle *m = ures_getByKey(map, key + 5, NULL, &e2);
					found = U_SUCCESS(e2) && bundle_string(m, "001", id, sizeof(id));
					ures_close(m);
				} else {
					snprintf(id, sizeof(id), "%s", key);
					for (char *p = id; *p; p++)
						if (*p == ':')
							*p = '/';
					found = true;
				}
				UChar uid[64];
				int32_t ul = 0;
				UErrorCode e3 = U_ZERO_ERROR;
				if (found)
					u_strFromUTF8(uid, 64, &ul, id, -1, &e3);
				found = found && U_SUCCESS(e3) && standard_offset(uid, ul) == off;
				if (found)
					snprintf(out, size, "%s", id);
			}
		ures_close(z);
	}
	ures_close(map);
	ures_close(meta);
	return found;
}

static icaltimezone *display_zone(const char *name)
{
	/* A calendar names its zones in event after event; a lookup costs ~0.5 ms. */
	static struct {
		char name[256];
		icaltimezone *zone;
	} seen[64];
	static unsigned n_seen;
	char buf[256], *item[ZONE_MAX_ITEMS], iana[64];
	const char *rest;
	int off;
	if (!display_offset(name, &off, &rest) || strlen(name) >= sizeof(seen[0].name))
		return NULL;
	for (unsigned i = 0; i < n_seen && i < 64; i++)
		if (strcmp(name, seen[i].name) == 0)
			return seen[i].zone;
	int n = display_items(rest, buf, sizeof(buf), item);
	icaltimezone *z = NULL;
	UErrorCode e = U_ZERO_ERROR, e2 = U_ZERO_ERROR;
	UResourceBundle *en = ures_open(U_ICUDATA_NAME "-zone", "en", &e);
	UResourceBundle *root = ures_open(U_ICUDATA_NAME "-zone", "root", &e2);
	UResourceBundle *zs[2] = {U_SUCCESS(e) ? ures_getByKey(en, "zoneStrings", NULL, &e) : NULL,
				  U_SUCCESS(e2) ? ures_getByKey(root, "zoneStrings", NULL, &e2) : NULL};
	if (n > 0 && (display_cities(zs, off, item, n, iana, sizeof(iana)) ||
		      (zs[0] && display_generic(zs[0], off, item, n, iana, sizeof(iana)))))
		z = icaltimezone_get_builtin_timezone(iana);
	if (!z && n == 0 && off == 0)	/* "(UTC)" alone */
		z = icaltimezone_get_utc_timezone();
	for (int i = 0; i < 2; i++)
		ures_close(zs[i]);
	ures_close(en);
	ures_close(root);
	snprintf(seen[n_seen % 64].name, sizeof(seen[0].name), "%s", name);
	seen[n_seen++ % 64].zone = z;
	return z;
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
	if (!z)
		z = display_zone(tzid);
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

/* t as a UTC time: icaltime_from_timet_with_zone(t, 0, UTC) without gmtime_r, whose locking
 * and time-zone state were a twentieth of a check (days to a civil date: H. Hinnant's
 * algorithm, http://howardhinnant.github.io/date_algorithms.html#civil_from_days). Years
 * 1-9999; libical's own conversion outside them. */
static struct icaltimetype utc_fields(time_t t)
{
	if (t < -62135596800 || t > 253402300799)
		return icaltime_from_timet_with_zone(t, 0, icaltimezone_get_utc_timezone());
	int64_t days = t / 86400, secs = t % 86400;
	if (secs < 0)
		secs += 86400, days--;
	days += 719468;	/* from 0000-03-01 */
	int64_t era = (days >= 0 ? days : days - 146096) / 146097, doe = days - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	struct icaltimetype u = icaltime_null_time();
	u.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	u.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	u.year = (int)(yoe + era * 400 + (u.month <= 2));
	u.hour = (int)(secs / 3600), u.minute = (int)(secs / 60 % 60), u.second = (int)(secs % 60);
	u.zone = icaltimezone_get_utc_timezone();
	return u;
}

/* The UTC offset (seconds east) of zone z at instant t; local time when z is NULL. */
static long offset_at(const icaltimezone *z, time_t t)
{
	if (!z) {
		struct tm tm;
		return localtime_r(&t, &tm) ? tm.tm_gmtoff : 0;
	}
	struct icaltimetype u = utc_fields(t);
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
