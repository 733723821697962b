/* ics_write.c: building an RFC 5545 calendar with libical: one VCALENDAR, timed VEVENTs in
 * UTC (or all-day DATEs) with stable UIDs, each carrying its whole message in SUMMARY and
 * DESCRIPTION (some calendar apps drop alarms), and unless told not to a DISPLAY alarm at its
 * start. */
#include <stdlib.h>
#include <string.h>

#include "ics.h"

icalcomponent *ics_calendar_new(const char *name)
{
	icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	if (!cal)
		return NULL;
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid("-//aftercare//aftercare " AC_VERSION "//EN"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalproperty *x = icalproperty_new_x(name);
	icalproperty_set_x_name(x, "X-WR-CALNAME");
	icalcomponent_add_property(cal, x);
	return cal;
}

static struct icaltimetype utc(time_t t)
{
	return icaltime_from_timet_with_zone(t, 0, icaltimezone_get_utc_timezone());
}

/* The time the file is made, for DTSTAMP: SOURCE_DATE_EPOCH when set, so that a build or
 * a test can get the same bytes twice. */
static time_t stamp_time(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v = e ? strtoll(e, &end, 10) : 0;
	return e && *e && !*end ? (time_t)v : time(NULL);
}

void ics_add_event(icalcomponent *cal, const ics_event *e)
{
	icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	icalcomponent_add_property(ev, icalproperty_new_uid(e->uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc(stamp_time())));
	if (e->all_day) {	/* the local date, and the next (DTEND is exclusive) */
		struct tm tm;
		localtime_r(&e->start, &tm);
		struct icaltimetype d = icaltime_null_date();
		d.year = tm.tm_year + 1900, d.month = tm.tm_mon + 1, d.day = tm.tm_mday;
		icalcomponent_add_property(ev, icalproperty_new_dtstart(d));
		icaltime_adjust(&d, 1, 0, 0, 0);
		icalcomponent_add_property(ev, icalproperty_new_dtend(d));
	} else {
		icalcomponent_add_property(ev, icalproperty_new_dtstart(utc(e->start)));
		icalcomponent_add_property(ev, icalproperty_new_dtend(utc(e->start + e->minutes * 60)));
	}
	icalcomponent_add_property(ev, icalproperty_new_summary(e->summary));
	icalcomponent_add_property(ev, icalproperty_new_description(e->description));
	icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	if (e->no_alarm) {
		icalcomponent_add_component(cal, ev);
		return;
	}
	icalcomponent *alarm = icalcomponent_new(ICAL_VALARM_COMPONENT);
	struct icaltriggertype trigger = {.time = icaltime_null_time(),
					  .duration = icaldurationtype_from_int(0)};
	icalcomponent_add_property(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY));
	icalcomponent_add_property(alarm, icalproperty_new_trigger(trigger));
	icalcomponent_add_property(alarm, icalproperty_new_description(e->summary));
	icalcomponent_add_component(ev, alarm);
	icalcomponent_add_component(cal, ev);
}

int ics_print(FILE *out, icalcomponent *cal)
{
	char *text = icalcomponent_as_ical_string_r(cal);
	if (!text)
		return -1;
	fputs(text, out);
	free(text);
	return ferror(out) ? -1 : 0;
}
