/* ics_read.c: a person's calendar, read with libical and expanded into occurrences.
 *
 * libical never fails on a bad line: it inserts X-LIC-ERROR properties, which are counted
 * and reported here. An unknown TZID would silently become floating time: refused here.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "ics.h"

static size_t invalid_utf8_at(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0 || cp == 0)
			return i;
		i += (size_t)n;
	}
	return (size_t)-1;
}

/* An event's name for messages: its SUMMARY, or its number. */
static void event_name(icalcomponent *ev, int index, char *buf, size_t len)
{
	const char *s = icalcomponent_get_summary(ev);
	if (s && *s)
		snprintf(buf, len, "event %d (\"%.60s\")", index + 1, s);
	else
		snprintf(buf, len, "event %d", index + 1);
}

/* The first X-LIC-ERROR anywhere in c, or NULL. */
static const char *first_error(icalcomponent *c)
{
	icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY);
	if (p)
		return icalproperty_get_xlicerror(p);
	for (icalcomponent *k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); k;
	     k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
		const char *e = first_error(k);
		if (e)
			return e;
	}
	return NULL;
}

static time_t to_time(struct icaltimetype t)
{
	if (!t.is_date && (t.zone || icaltime_is_utc(t)))
		return icaltime_as_timet_with_zone(t, t.zone ? t.zone : icaltimezone_get_utc_timezone());
	/* a date, or a floating time: the person's own local time */
	struct tm tm = {.tm_year = t.year - 1900, .tm_mon = t.month - 1, .tm_mday = t.day,
			.tm_hour = t.is_date ? 0 : t.hour, .tm_min = t.is_date ? 0 : t.minute,
			.tm_sec = t.is_date ? 0 : t.second, .tm_isdst = -1};
	return mktime(&tm);
}

static int add(ics_calendar *cal, size_t *cap, const ics_occurrence *o)
{
	if (cal->n_occ == *cap) {
		size_t n = *cap ? *cap * 2 : 256;
		ics_occurrence *p = realloc(cal->occ, n * sizeof(*p));
		if (!p)
			return -1;
		cal->occ = p;
		*cap = n;
	}
	cal->occ[cal->n_occ++] = *o;
	return 0;
}

static bool excluded(icalcomponent *ev, struct icaltimetype t)
{
	for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY); p;
	     p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY)) {
		struct icaltimetype x = icalproperty_get_exdate(p);
		if (!x.zone && !icaltime_is_utc(x))
			x.zone = t.zone;
		if (to_time(x) == to_time(t))
			return true;
	}
	return false;
}

/* Every start of ev: DTSTART, its RRULE's, its RDATEs; less its EXDATEs. */
static int expand(ics_calendar *cal, size_t *cap, icalcomponent *ev, int index,
		  struct icaltimetype start, time_t from, time_t to)
{
	struct icaltimetype end = icalcomponent_get_dtend(ev);
	time_t length = icaltime_is_null_time(end) ? (start.is_date ? 86400 : 0)
						   : to_time(end) - to_time(start);
	ics_occurrence o = {index, icalcomponent_get_summary(ev), icalcomponent_get_description(ev),
			    0, 0};
	o.summary = o.summary ? o.summary : "";
	o.description = o.description ? o.description : "";
	size_t count = 0;
	icalproperty *rrule = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
	icalrecur_iterator *it = rrule ? icalrecur_iterator_new(icalproperty_get_rrule(rrule), start)
				       : NULL;
	struct icaltimetype t = start;
	while (!icaltime_is_null_time(t) && count < ICS_MAX_PER_EVENT) {
		if (it) {
			t = icalrecur_iterator_next(it);
			if (icaltime_is_null_time(t))
				break;
			t.zone = start.zone;
		}
		time_t s = to_time(t);
		if (s >= to)
			break;
		if (s + length > from && !excluded(ev, t)) {
			o.start = s, o.end = s + length;
			if (add(cal, cap, &o))
				goto nomem;
		}
		count++;
		if (!it)
			break;
	}
	cal->truncated |= count >= ICS_MAX_PER_EVENT;
	if (it)
		icalrecur_iterator_free(it);
	for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY); p;
	     p = icalcomponent_get_next_property(ev, ICAL_RDATE_PROPERTY)) {
		struct icaltimetype r = icalproperty_get_rdate(p).time;
		if (icaltime_is_null_time(r))
			continue;
		if (!r.zone && !icaltime_is_utc(r))
			r.zone = start.zone;
		o.start = to_time(r), o.end = o.start + length;
		if (o.start < to && o.end > from && add(cal, cap, &o))
			return -1;
	}
	return 0;
nomem:
	if (it)
		icalrecur_iterator_free(it);
	return -1;
}

static int by_start(const void *a, const void *b)
{
	const ics_occurrence *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start ? 1 : x->event - y->event;
}

static int read_events(ics_calendar *cal, time_t from, time_t to, char *err, size_t len_err)
{
	size_t cap = 0;
	int index = 0;
	for (icalcomponent *ev = icalcomponent_get_first_component(cal->root, ICAL_VEVENT_COMPONENT);
	     ev; ev = icalcomponent_get_next_component(cal->root, ICAL_VEVENT_COMPONENT), index++) {
		char name[96];
		struct icaltimetype start = icalcomponent_get_dtstart(ev);
		icalproperty *p = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
		icalparameter *tz = p ? icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER) : NULL;
		event_name(ev, index, name, sizeof(name));
		if (icaltime_is_null_time(start)) {
			snprintf(err, len_err, "%s has no DTSTART", name);
			return -1;
		}
		if (tz && !icaltime_get_timezone(start)) {
			snprintf(err, len_err, "%s: unknown time zone \"%s\"", name,
				 icalparameter_get_tzid(tz));
			return -1;
		}
		if (cal->n_occ >= ICS_MAX_OCCURRENCES) {
			snprintf(err, len_err, "more than %d occurrences in the recovery window",
				 ICS_MAX_OCCURRENCES);
			return -1;
		}
		if (expand(cal, &cap, ev, index, start, from, to)) {
			snprintf(err, len_err, "out of memory");
			return -1;
		}
	}
	cal->n_events = (size_t)index;
	if (cal->n_occ > 1)	/* qsort(NULL, 0, ...) is undefined */
		qsort(cal->occ, cal->n_occ, sizeof(*cal->occ), by_start);
	return 0;
}

int ics_read(const char *text, size_t len, time_t from, time_t to, ics_calendar *cal, char *err,
	     size_t len_err)
{
	memset(cal, 0, sizeof(*cal));
	size_t bad = invalid_utf8_at(text, len);
	if (bad != (size_t)-1) {
		snprintf(err, len_err, "not valid UTF-8 text (byte %zu)", bad);
		return -1;
	}
	char *copy = strndup(text, len);	/* libical wants a C string */
	cal->root = copy ? icalparser_parse_string(copy) : NULL;
	free(copy);
	if (!cal->root || icalcomponent_isa(cal->root) != ICAL_VCALENDAR_COMPONENT) {
		snprintf(err, len_err, "not an iCalendar file (it needs BEGIN:VCALENDAR ... "
				       "END:VCALENDAR)");
		ics_calendar_free(cal);
		return -1;
	}
	int errors = icalcomponent_count_errors(cal->root);
	if (errors) {
		snprintf(err, len_err, "%d error%s in the calendar; the first: %s", errors,
			 errors == 1 ? "" : "s", first_error(cal->root));
		ics_calendar_free(cal);
		return -1;
	}
	if (read_events(cal, from, to, err, len_err)) {
		ics_calendar_free(cal);
		return -1;
	}
	return 0;
}

void ics_calendar_free(ics_calendar *cal)
{
	if (cal->root)
		icalcomponent_free(cal->root);
	free(cal->occ);
	memset(cal, 0, sizeof(*cal));
}
