/* ics_read.c: a person's calendar, read leniently with libical and expanded into occurrences.
 *
 * Read leniently, answer strictly: calendar apps read files that break RFC 5545 in small
 * ways (an empty DESCRIPTION, an unknown property, two VCALENDARs in one file, blank space
 * before BEGIN), so a property the check does not need never makes the file unreadable.
 * libical never fails on a bad line: it puts an X-LIC-ERROR in its place; only the ones about
 * a property the check needs (DTSTART, DTEND, DURATION, RRULE, RDATE, EXDATE, RECURRENCE-ID)
 * matter, and they cost the event they are in, not the file. An event that cannot be read is
 * skipped and named; the file is refused only when nothing in it can be read.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ics_reader.h"

/* libical prints some complaints on stderr itself (icalerror_warn): the parse runs with
 * stderr pointing at /dev/null. */
static icalcomponent *parse_quietly(const char *text)
{
	fflush(stderr);
	int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);
	if (saved >= 0 && null >= 0)
		dup2(null, STDERR_FILENO);
	if (null >= 0)
		close(null);
	icalcomponent *root = icalparser_parse_string(text);
	if (saved >= 0) {
		dup2(saved, STDERR_FILENO);
		close(saved);
	}
	return root;
}

/* An event's name for messages: its SUMMARY (escaped, cut between characters), or its
 * number. */
static void event_name(const ics_item *it, size_t index, char *buf, size_t len)
{
	char title[64];
	size_t n = strlen(it->summary);
	if (!n) {
		snprintf(buf, len, "event %zu", index + 1);
		return;
	}
	size_t need = ac_escape_untrusted(title, sizeof(title) - 3, it->summary, n);
	if (need >= sizeof(title) - 3)
		strcat(title, "...");
	snprintf(buf, len, "event %zu (\"%s\")", index + 1, title);
}

static void set_note(ics_item *it, ics_outcome outcome, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_note(ics_item *it, ics_outcome outcome, const char *fmt, ...)
{
	if (it->outcome == ICS_SKIPPED && outcome != ICS_SKIPPED)
		return;	/* skipped says it all */
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	free(it->note);
	it->note = strdup(buf);
	it->outcome = outcome;
}

/* libical's complaint about a property the check needs, in c, or NULL. Its messages name
 * the property: "Can't parse as DATE-TIME value in DTSTART property. Removing ...". */
static const char *needed_error(icalcomponent *c)
{
	static const char *const needed[] = {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE",
					     "EXDATE", "RECURRENCE-ID"};
	for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
	     p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
		const char *e = icalproperty_get_xlicerror(p);
		for (size_t i = 0; e && i < sizeof(needed) / sizeof(*needed); i++) {
			const char *at = strstr(e, needed[i]);
			size_t n = strlen(needed[i]);
			if (at && at > e && at[-1] == ' ' && (at[n] == ' ' || at[n] == '\0'))
				return e;
		}
	}
	return NULL;
}

/* The zone of the calendar's X-WR-TIMEZONE (Google's, Apple's: the zone its floating times
 * are in), or NULL. */
static icalcomponent *zone_of;	/* events come calendar by calendar: read it once */
static const icaltimezone *zone;

static const icaltimezone *calendar_zone(icalcomponent *vcal)
{
	if (vcal == zone_of)
		return zone;
	zone_of = vcal, zone = NULL;
	for (icalproperty *p = icalcomponent_get_first_property(vcal, ICAL_X_PROPERTY); p;
	     p = icalcomponent_get_next_property(vcal, ICAL_X_PROPERTY)) {
		const char *name = icalproperty_get_x_name(p);
		if (name && strcasecmp(name, "X-WR-TIMEZONE") == 0)
			return zone = ics_zone_find(vcal, icalproperty_get_x(p));
	}
	return NULL;
}

/* The limits of libical 3.0.16 that a rule can run into (docs/calendar.md). */
static void check_rules(ics_item *it, const ics_ev *e)
{
	for (icalproperty *p = icalcomponent_get_first_property(it->comp, ICAL_RRULE_PROPERTY); p;
	     p = icalcomponent_get_next_property(it->comp, ICAL_RRULE_PROPERTY)) {
		struct icalrecurrencetype rule = icalproperty_get_rrule(p);
		if (rule.freq == ICAL_NO_RECURRENCE)
			set_note(it, ICS_SKIPPED, "its RRULE cannot be read");
		else if (rule.by_week_no[0] != ICAL_RECURRENCE_ARRAY_MAX)
			set_note(it, ICS_SKIPPED, "its RRULE has BYWEEKNO, which libical 3.0.16 "
				 "crashes on (negative weeks) or expands wrongly; not expanded");
		else if (rule.freq < ICAL_DAILY_RECURRENCE && e->start.is_date)
			set_note(it, ICS_SKIPPED, "its RRULE repeats more often than daily on an "
				 "all-day date, which libical 3.0.16 can spend minutes on; not expanded");
		else if (rule.freq == ICAL_WEEKLY_RECURRENCE &&
			 rule.by_set_pos[0] != ICAL_RECURRENCE_ARRAY_MAX && it->outcome == ICS_READ)
			set_note(it, ICS_APPROX, "libical 3.0.16 ignores BYSETPOS on WEEKLY rules: "
				 "expanded approximately (more occurrences than the rule gives)");
	}
}

/* DTEND, else DURATION, else a day for a date and nothing for a date-time (RFC 5545
 * 3.6.1): the length, or -1 with a note. */
static time_t read_length(ics_item *it, const ics_ev *e, icalcomponent *vcal)
{
	icalproperty *p = icalcomponent_get_first_property(it->comp, ICAL_DTEND_PROPERTY);
	const char *tzid = NULL;
	if (p) {
		struct icaltimetype end = icalproperty_get_dtend(p);
		if (ics_zone_apply(p, vcal, &end, &tzid)) {
			set_note(it, ICS_SKIPPED, "unknown time zone \"%.64s\" on DTEND", tzid);
			return -1;
		}
		time_t t = ics_time_t(end, e->floating);
		if (t < e->start_t) {
			set_note(it, ICS_SKIPPED, "DTEND is before DTSTART");
			return -1;
		}
		return t - e->start_t;
	}
	p = icalcomponent_get_first_property(it->comp, ICAL_DURATION_PROPERTY);
	if (p) {
		int d = icaldurationtype_as_int(icalproperty_get_duration(p));
		if (d < 0) {
			set_note(it, ICS_SKIPPED, "negative DURATION");
			return -1;
		}
		return d;
	}
	return e->start.is_date ? 86400 : 0;
}

/* One VEVENT read into e; what cannot be read is noted on it. */
static void read_item(ics_item *it, ics_ev *e)
{
	icalcomponent *c = it->comp, *vcal;
	if (!c) {	/* left out before the parse (ics_window.c) */
		e->skip = true;
		return;
	}
	vcal = icalcomponent_get_parent(c);
	const char *tzid = NULL, *bad = needed_error(c);
	char err[160];
	e->floating = calendar_zone(vcal);
	if (bad) {
		ac_escape_untrusted(err, sizeof(err), bad, strlen(bad));
		set_note(it, ICS_SKIPPED, "libical could not read it: %s", err);
	}
	icalproperty *p = icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY);
	e->start = p ? icalproperty_get_dtstart(p) : icaltime_null_time();
	if (icaltime_is_null_time(e->start)) {
		set_note(it, ICS_SKIPPED, "has no DTSTART");
	} else if (ics_zone_apply(p, vcal, &e->start, &tzid)) {
		ac_escape_untrusted(err, 72, tzid, strlen(tzid));
		set_note(it, ICS_SKIPPED, "unknown time zone \"%s\"", err);
	} else {
		e->start_t = ics_time_t(e->start, e->floating);
		e->length = read_length(it, e, vcal);
		check_rules(it, e);
	}
	p = icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY);
	if (p && it->outcome != ICS_SKIPPED) {
		struct icaltimetype r = icalproperty_get_recurrenceid(p);
		icalparameter *range = icalproperty_get_first_parameter(p, ICAL_RANGE_PARAMETER);
		bool floating = !r.is_date && !icaltime_is_utc(r) &&
				!icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
		if (ics_zone_apply(p, vcal, &r, &tzid)) {
			set_note(it, ICS_SKIPPED, "unknown time zone on RECURRENCE-ID");
		} else {
			if (floating)	/* the master's zone, as apps write it */
				r.zone = e->start.zone;
			e->has_recid = true;
			e->recid = ics_time_t(r, e->floating);
			e->future = range && icalparameter_get_range(range) == ICAL_RANGE_THISANDFUTURE;
		}
	}
	if (it->outcome != ICS_SKIPPED && ics_ev_read_set(e, c))
		set_note(it, ICS_SKIPPED, "out of memory");
	e->cancelled = icalcomponent_get_status(c) == ICAL_STATUS_CANCELLED;
	if (e->cancelled && it->outcome == ICS_READ)
		it->outcome = ICS_CANCELLED;
	e->skip = it->outcome == ICS_SKIPPED;
}

typedef struct keyed {
	const char *uid;
	int item;
} keyed;

static int by_uid(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	int c = x->uid && y->uid ? strcmp(x->uid, y->uid) : !x->uid - !y->uid;
	return c ? c : x->item - y->item;
}

/* The series: the VEVENTs sharing a UID (a master and its overrides); one without a UID is
 * a series of its own. */
static int group_series(ics_reader *r)
{
	size_t n = r->cal->n_events;
	keyed *k = malloc((n + 1) * sizeof(*k));
	r->order = malloc((n + 1) * sizeof(*r->order));
	r->first = malloc((n + 2) * sizeof(*r->first));
	if (!k || !r->order || !r->first) {
		free(k);
		return -1;
	}
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (!r->cal->items[i].comp)
			continue;	/* left out before the parse: no occurrence in the window */
		const char *uid = icalcomponent_get_uid(r->cal->items[i].comp);
		k[m++] = (keyed){uid && *uid ? uid : NULL, (int)i};
	}
	if (m > 1)
		qsort(k, m, sizeof(*k), by_uid);
	r->n_series = 0;
	for (size_t i = 0; i < m; i++) {
		if (!i || !k[i].uid || !k[i - 1].uid || strcmp(k[i].uid, k[i - 1].uid))
			r->first[r->n_series++] = i;
		r->order[i] = k[i].item;
	}
	r->first[r->n_series] = m;
	free(k);
	return 0;
}

/* Every VEVENT of every VCALENDAR in root (libical gives an XROOT for several). */
static int collect(ics_calendar *cal)
{
	size_t cap = 0;
	icalcomponent_kind kind = icalcomponent_isa(cal->root);
	icalcomponent *vcal = kind == ICAL_VCALENDAR_COMPONENT ? cal->root
			    : icalcomponent_get_first_component(cal->root, ICAL_VCALENDAR_COMPONENT);
	for (; vcal; vcal = kind == ICAL_VCALENDAR_COMPONENT ? NULL
		: icalcomponent_get_next_component(cal->root, ICAL_VCALENDAR_COMPONENT))
		for (icalcomponent *ev = icalcomponent_get_first_component(vcal, ICAL_VEVENT_COMPONENT);
		     ev; ev = icalcomponent_get_next_component(vcal, ICAL_VEVENT_COMPONENT)) {
			if (cal->n_events == cap) {
				cap = cap ? cap * 2 : 64;
				ics_item *p = realloc(cal->items, cap * sizeof(*p));
				if (!p)
					return -1;
				cal->items = p;
			}
			const char *s = icalcomponent_get_summary(ev);
			cal->items[cal->n_events++] = (ics_item){ev, s ? s : "", ICS_READ, NULL};
		}
	return 0;
}

static int by_start(const void *a, const void *b)
{
	const ics_occurrence *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start ? 1 : x->event - y->event;
}

/* What the guard found, on the items; the occurrences, in the calendar. */
static int take(ics_calendar *cal, const ics_rec *recs, size_t n, const uint8_t *flags)
{
	for (size_t i = 0; i < cal->n_events; i++) {
		ics_item *it = &cal->items[i];
		if (flags[i] & ICS_FLAG_CRASHED)
			set_note(it, ICS_SKIPPED, "libical crashed expanding its RRULE; not checked");
		else if (flags[i] & ICS_FLAG_SLOW)
			set_note(it, ICS_SKIPPED, "libical took over %d s expanding its RRULE; "
				 "not checked", ICS_SERIES_HARD_MS / 1000);
		else if (flags[i] & ICS_FLAG_CUT)
			set_note(it, ICS_CUT, "cut off: more than %d occurrences, or the time allowed "
				 "for expanding was spent", ICS_MAX_PER_EVENT);
		else if (flags[i] & ICS_FLAG_NO_RULE)
			set_note(it, ICS_APPROX, "libical cannot expand its RRULE: only DTSTART and "
				 "RDATEs checked");
	}
	cal->occ = malloc((n ? n : 1) * sizeof(*cal->occ));
	if (!cal->occ)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const ics_item *it = &cal->items[recs[i].item];
		const char *d = icalcomponent_get_description(it->comp);
		cal->occ[i] = (ics_occurrence){recs[i].item, it->summary, d ? d : "",
					       (time_t)recs[i].start, (time_t)recs[i].end};
	}
	cal->n_occ = n;
	if (n > 1)	/* qsort(NULL, 0, ...) is undefined */
		qsort(cal->occ, n, sizeof(*cal->occ), by_start);
	return 0;
}

/* Counts, and the refusal when nothing could be read: 0, or -1 with err. */
static int tally(ics_calendar *cal, size_t n_recs, char *err, size_t len_err)
{
	size_t first_skipped = (size_t)-1;
	for (size_t i = 0; i < cal->n_events; i++) {
		ics_outcome o = cal->items[i].outcome;
		cal->n_skipped += o == ICS_SKIPPED;
		cal->n_cut += o == ICS_CUT;
		cal->n_approx += o == ICS_APPROX;
		if (o == ICS_SKIPPED && first_skipped == (size_t)-1)
			first_skipped = i;
	}
	cal->truncated = cal->n_cut > 0 || n_recs >= ICS_MAX_OCCURRENCES;
	if (cal->n_events && cal->n_skipped == cal->n_events) {
		char name[96];
		event_name(&cal->items[first_skipped], first_skipped, name, sizeof(name));
		snprintf(err, len_err, "no event could be read; %s: %s%s", name,
			 cal->items[first_skipped].note,
			 cal->n_events > 1 ? " (and the others likewise)" : "");
		return -1;
	}
	return 0;
}

static int expand_all(ics_calendar *cal, time_t from, time_t to, char *err, size_t len_err)
{
	ics_reader r = {cal, calloc(cal->n_events + 1, sizeof(ics_ev)), NULL, NULL, 0, from, to};
	uint8_t *flags = calloc(cal->n_events + 1, 1);
	ics_rec *recs = NULL;
	size_t n = 0;
	int rc = -1;
	zone_of = NULL;	/* a new calendar may sit where a freed one was */
	if (!r.ev || !flags || group_series(&r))
		goto out;
	for (size_t i = 0; i < cal->n_events; i++)
		read_item(&cal->items[i], &r.ev[i]);
	if (ics_guard_expand(&r, &recs, &n, flags) || take(cal, recs, n, flags))
		goto out;
	rc = tally(cal, n, err, len_err);
out:
	if (rc && !*err)
		snprintf(err, len_err, "out of memory");
	for (size_t i = 0; r.ev && i < cal->n_events; i++)
		ics_ev_free(&r.ev[i]);
	free(recs);
	free(flags);
	free(r.ev);
	free(r.order);
	free(r.first);
	return rc;
}

static bool prefilter = true;

void ics_read_prefilter(bool on)
{
	prefilter = on;
}

/* The root components of a parsed text (one, or an XROOT's children) into roots[n], each a
 * VCALENDAR or NULL: false when there are not n of them. */
static bool find_roots(icalcomponent *root, icalcomponent **roots, size_t n)
{
	if (icalcomponent_isa(root) != ICAL_XROOT_COMPONENT) {
		roots[0] = icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT ? root : NULL;
		return n == 1;
	}
	size_t k = 0;
	for (icalcomponent *c = icalcomponent_get_first_component(root, ICAL_ANY_COMPONENT); c;
	     c = icalcomponent_get_next_component(root, ICAL_ANY_COMPONENT), k++)
		if (k < n)
			roots[k] = icalcomponent_isa(c) == ICAL_VCALENDAR_COMPONENT ? c : NULL;
	return k == n;
}

/* The zones the plain events name, resolved once each per calendar. */
typedef struct zone_memo {
	icalcomponent *vcal;
	const char *tzid;
	size_t len;
	icaltimezone *zone;
} zone_memo;

#define ZONE_MEMO 16

/* A time of the scan (ics_window.c) in Unix seconds, as read_item would have it: 0, or -1
 * when its zone is unknown (read_item skips such an event, and says why). */
static int plain_time(const ics_naive *n, icalcomponent *vcal, const icaltimezone *floating,
		      zone_memo *memo, size_t *n_memo, time_t *out)
{
	struct icaltimetype t = icaltime_null_time();
	t.year = n->y, t.month = n->mo, t.day = n->d;
	t.hour = n->h, t.minute = n->mi, t.second = n->s;
	t.is_date = n->date;
	if (n->utc) {
		t.zone = icaltimezone_get_utc_timezone();
	} else if (n->tzid) {
		size_t i = 0;
		while (i < *n_memo && !(memo[i].vcal == vcal && memo[i].len == n->tzid_len &&
					memcmp(memo[i].tzid, n->tzid, n->tzid_len) == 0))
			i++;
		if (i == *n_memo) {
			char name[256];
			if (n->tzid_len >= sizeof(name) || *n_memo == ZONE_MEMO)
				return -1;	/* left to libical */
			memcpy(name, n->tzid, n->tzid_len);
			name[n->tzid_len] = '\0';
			memo[(*n_memo)++] = (zone_memo){vcal, n->tzid, n->tzid_len,
							ics_zone_find(vcal, name)};
		}
		if (!memo[i].zone)
			return -1;
		t.zone = memo[i].zone;
	}
	*out = ics_time_t(t, floating);
	return 0;
}

/* Leaves out of s (len bytes, after ics_text_keep_needed) the plain events (ics_window.c)
 * whose one occurrence ends over a day before from or begins over a day after to: what
 * libical parses is then the calendar's own lines, its zones and the events that may touch
 * the window (a tenth of a Google export). Their times are resolved as read_item would,
 * against the calendar's zones, parsed alone first. Sets *drop (per candidate, the caller
 * frees it), *n_cand and *n_drop. Returns 0, or -1 when out of memory. */
static int leave_out(char *s, size_t *len, time_t from, time_t to, bool **drop, size_t *n_cand,
		     size_t *n_drop)
{
	size_t nc = 0, nr = 0, plain = 0;
	*drop = NULL;
	*n_cand = *n_drop = 0;
	ics_cand *c = ics_window_scan(s, *len, &nc, &nr);
	for (size_t i = 0; i < nc; i++)
		plain += c[i].plain;
	if (!plain) {
		free(c);
		return 0;
	}
	bool *d = malloc(nc), *all = malloc(nc);
	char *skeleton = malloc(*len + 1);
	icalcomponent **roots = calloc(nr, sizeof(*roots)), *root = NULL;
	if (!d || !all || !skeleton || !roots) {
		free(c), free(d), free(all), free(skeleton), free(roots);
		return -1;
	}
	memset(d, 0, nc);
	memset(all, 1, nc);
	ics_window_cut(skeleton, s, *len, c, nc, all);
	root = parse_quietly(skeleton);	/* the calendars without their events: their zones */
	free(skeleton);
	zone_memo memo[ZONE_MEMO];
	size_t n_memo = 0, n = 0;
	if (root && find_roots(root, roots, nr)) {
		for (size_t i = 0; i < nc; i++) {
			icalcomponent *vcal = roots[c[i].root];
			time_t start, end;
			if (!c[i].plain || !vcal)
				continue;
			const icaltimezone *floating = calendar_zone(vcal);
			if (plain_time(&c[i].start, vcal, floating, memo, &n_memo, &start))
				continue;
			if (!c[i].has_end)	/* RFC 5545 3.6.1, as read_length */
				end = start + (c[i].start.date ? 86400 : 0);
			else if (plain_time(&c[i].end, vcal, floating, memo, &n_memo, &end) ||
				 end < start)
				continue;	/* read_item says why */
			d[i] = end < from - 86400 || start > to + 86400;
			n += d[i];
		}
	}
	zone_of = NULL;	/* calendar_zone's memo points into the skeleton */
	if (root)
		icalcomponent_free(root);
	if (n)
		*len = ics_window_cut(s, s, *len, c, nc, d);
	free(c), free(all), free(roots);
	*drop = d;
	*n_cand = nc;
	*n_drop = n;
	return 0;
}

/* The items again in file order, an empty one (comp NULL) where an event was left out:
 * numbers in messages stay those of the file. 0, or -1 when out of memory. */
static int put_back(ics_calendar *cal, const bool *drop, size_t n)
{
	ics_item *all = malloc((n + 1) * sizeof(*all));
	if (!all)
		return -1;
	for (size_t i = 0, k = 0; i < n; i++)
		all[i] = drop[i] ? (ics_item){NULL, "", ICS_READ, NULL} : cal->items[k++];
	free(cal->items);
	cal->items = all;
	cal->n_events = n;
	return 0;
}

static int read_text(const char *text, size_t len, time_t from, time_t to, ics_calendar *cal,
		     char *err, size_t len_err, bool may_leave_out)
{
	memset(cal, 0, sizeof(*cal));
	*err = '\0';
	size_t n, n_cand = 0, n_drop = 0;
	bool *drop = NULL;
	char *plain = ics_text_unfold(text, len, &n);
	if (!plain) {
		snprintf(err, len_err, "out of memory");
		return -1;
	}
	size_t bad = ics_text_invalid_utf8(plain, n);
	if (bad != (size_t)-1) {
		snprintf(err, len_err, "not valid UTF-8 text (byte %zu, after unfolding)", bad);
		free(plain);
		return -1;
	}
	n = ics_text_keep_needed(plain, n);
	if (may_leave_out && leave_out(plain, &n, from, to, &drop, &n_cand, &n_drop)) {
		snprintf(err, len_err, "out of memory");
		free(plain);
		return -1;
	}
	cal->root = parse_quietly(plain);
	free(plain);
	if (!cal->root || collect(cal) ||
	    (icalcomponent_isa(cal->root) != ICAL_VCALENDAR_COMPONENT &&
	     !icalcomponent_get_first_component(cal->root, ICAL_VCALENDAR_COMPONENT))) {
		snprintf(err, len_err, "not an iCalendar file (it needs BEGIN:VCALENDAR ... "
				       "END:VCALENDAR)");
		ics_calendar_free(cal);
		free(drop);
		return -1;
	}
	if (n_drop && cal->n_events != n_cand - n_drop) {
		/* libical read the file's structure otherwise than the scan: read it whole */
		ics_calendar_free(cal);
		free(drop);
		return read_text(text, len, from, to, cal, err, len_err, false);
	}
	if (n_drop && put_back(cal, drop, n_cand)) {
		snprintf(err, len_err, "out of memory");
		ics_calendar_free(cal);
		free(drop);
		return -1;
	}
	free(drop);
	if (expand_all(cal, from, to, err, len_err)) {
		ics_calendar_free(cal);
		return -1;
	}
	return 0;
}

int ics_read(const char *text, size_t len, time_t from, time_t to, ics_calendar *cal, char *err,
	     size_t len_err)
{
	return read_text(text, len, from, to, cal, err, len_err, prefilter);
}

void ics_calendar_free(ics_calendar *cal)
{
	if (cal->root)
		icalcomponent_free(cal->root);
	for (size_t i = 0; i < cal->n_events && cal->items; i++)
		free(cal->items[i].note);
	free(cal->items);
	free(cal->occ);
	memset(cal, 0, sizeof(*cal));
}

void ics_calendar_free_at_exit(ics_calendar *cal)
{
	static icalcomponent *left;	/* reachable until the exit returns the pages */
	if (left)
		icalcomponent_free(left);
	left = cal->root;
	cal->root = NULL;
	ics_calendar_free(cal);
}
