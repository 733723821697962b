/* ics_expand.c: the occurrences of one series (a master VEVENT and the VEVENTs that override
 * its instances, sharing its UID) that fall in the recovery window, per RFC 5545:
 * - the recurrence set (3.8.5): DTSTART, each RRULE's instances, each RDATE (a DATE-TIME, a
 *   DATE, or a PERIOD with its own length), less each EXDATE; an instance is counted once
 *   however many of these give it;
 * - overrides (3.8.4.4): an instance whose start is another VEVENT's RECURRENCE-ID is that
 *   VEVENT (moved, retitled, or cancelled with STATUS:CANCELLED); RANGE=THISANDFUTURE moves
 *   every later instance by the same offset and gives it the override's words and length.
 * Expansion starts at the window, not at DTSTART (icalrecur_iterator_set_start), so a daily
 * series begun in 1990 costs what one begun last week costs; a rule with COUNT has to be
 * counted from its start and is bounded by ICS_MAX_STEPS.
 */
#include <stdlib.h>
#include <string.h>

#include "ics_reader.h"

typedef struct inst {
	time_t start, length;	/* nominal start (its RECURRENCE-ID) and length */
	int32_t day;		/* its local date, yyyymmdd, for DATE EXDATEs */
} inst;

typedef struct insts {
	inst *v;
	size_t n, cap;
	bool cut;
} insts;

int64_t ics_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int32_t day_of(struct icaltimetype t)
{
	return t.year * 10000 + t.month * 100 + t.day;
}

static void push_day(insts *a, time_t start, time_t length, int32_t day)
{
	if (a->n == a->cap) {
		size_t n = a->cap ? a->cap * 2 : 16;
		inst *p = n <= ICS_MAX_PER_EVENT * 2 ? realloc(a->v, n * sizeof(*p)) : NULL;
		if (!p) {
			a->cut = true;
			return;
		}
		a->v = p, a->cap = n;
	}
	a->v[a->n++] = (inst){start, length, day};
}

static void push(insts *a, time_t start, time_t length, struct icaltimetype local)
{
	push_day(a, start, length, day_of(local));
}

/* Whether day d of t's month is in a BYMONTHDAY list that may hold negative days (from the
 * month's end), which libical 3.0.16 ignores on DAILY rules. */
static bool month_day_in(struct icaltimetype t, const short *days)
{
	int dim = icaltime_days_in_month(t.month, t.year);
	for (int i = 0; i < ICAL_BY_MONTHDAY_SIZE && days[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
		if (days[i] == t.day || (days[i] < 0 && dim + 1 + days[i] == t.day))
			return true;
	return false;
}

/* One RRULE's instances with a start in [lo, hi). */
static void rule_instances(const ics_ev *e, struct icalrecurrencetype rule, time_t lo, time_t hi,
			   insts *out, int64_t deadline_ms, bool *refused)
{
	short days[ICAL_BY_MONTHDAY_SIZE];
	bool filter = false;
	int count = rule.count, kept = 0;
	if (rule.freq == ICAL_DAILY_RECURRENCE)
		for (int i = 0; i < ICAL_BY_MONTHDAY_SIZE &&
				rule.by_month_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
			filter |= rule.by_month_day[i] < 0;
	if (filter) {	/* libical would give nothing: filter every day ourselves */
		memcpy(days, rule.by_month_day, sizeof(days));
		rule.by_month_day[0] = ICAL_RECURRENCE_ARRAY_MAX;
	}
	icalrecur_iterator *it = icalrecur_iterator_new(rule, e->start);
	if (!it) {
		*refused = true;
		return;
	}
	/* set_start refuses rules with COUNT: those are counted from DTSTART */
	if (!rule.count && lo > e->start_t)
		icalrecur_iterator_set_start(it, ics_time_like(lo - 86400, e->start, e->floating));
	/* libical 3.0.16 moves an instance that falls in a DST gap to after it (02:30 to 03:30)
	 * and keeps the moved time for the next instance too; a rule that names no hour, minute
	 * or second gives every instance DTSTART's time of day, so put it back. */
	bool keep_time = !e->start.is_date && rule.freq >= ICAL_DAILY_RECURRENCE &&
			 rule.freq <= ICAL_YEARLY_RECURRENCE &&
			 rule.by_hour[0] == ICAL_RECURRENCE_ARRAY_MAX &&
			 rule.by_minute[0] == ICAL_RECURRENCE_ARRAY_MAX &&
			 rule.by_second[0] == ICAL_RECURRENCE_ARRAY_MAX;
	size_t in_window = 0;
	for (long steps = 1;; steps++) {
		if (steps > ICS_MAX_STEPS || (steps % 256 == 0 && ics_now_ms() > deadline_ms)) {
			out->cut = true;
			break;
		}
		struct icaltimetype t = icalrecur_iterator_next(it);
		if (icaltime_is_null_time(t))
			break;
		t.zone = e->start.zone;
		if (keep_time)
			t.hour = e->start.hour, t.minute = e->start.minute, t.second = e->start.second;
		if (filter) {
			if (!month_day_in(t, days))
				continue;
			if (count && ++kept > count)
				break;
		}
		time_t s = ics_time_t(t, e->floating);
		if (s >= hi)
			break;
		if (s < lo)
			continue;
		push(out, s, e->length, t);
		if (++in_window >= ICS_MAX_PER_EVENT) {
			out->cut = true;
			break;
		}
	}
	icalrecur_iterator_free(it);
}

/* An RDATE's or EXDATE's time, zoned: from its TZID, else DTSTART's zone when floating
 * (what apps that omit the TZID mean). false when its TZID names no zone. */
static bool zoned(icalproperty *p, const ics_ev *e, struct icaltimetype *t)
{
	const char *tzid;
	bool floating = !t->is_date && !icaltime_is_utc(*t) &&
			!icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	if (ics_zone_apply(p, icalcomponent_get_parent(icalproperty_get_parent(p)), t, &tzid))
		return false;
	if (floating)
		t->zone = e->start.zone;
	return true;
}

static int grow(void **v, size_t n, size_t size)
{
	if (n & (n - 1))	/* not a power of two: there is room */
		return 0;
	void *p = realloc(*v, (n ? n * 2 : 1) * size);
	if (!p)
		return -1;
	*v = p;
	return 0;
}

int ics_ev_read_set(ics_ev *e, icalcomponent *c)
{
	for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_RRULE_PROPERTY); p;
	     p = icalcomponent_get_next_property(c, ICAL_RRULE_PROPERTY)) {
		if (grow((void **)&e->rules, e->n_rules, sizeof(*e->rules)))
			return -1;
		e->rules[e->n_rules++] = icalproperty_get_rrule(p);
	}
	for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_RDATE_PROPERTY); p;
	     p = icalcomponent_get_next_property(c, ICAL_RDATE_PROPERTY)) {
		struct icaldatetimeperiodtype r = icalproperty_get_rdate(p);
		struct icaltimetype t = icaltime_is_null_time(r.time) ? r.period.start : r.time;
		time_t length = e->length;
		if (icaltime_is_null_time(t) || !zoned(p, e, &t))
			continue;
		time_t s = ics_time_t(t, e->floating);
		if (!icaltime_is_null_time(r.period.start)) {	/* a PERIOD: its own length */
			struct icaltimetype end = r.period.end;
			if (!icaltime_is_null_time(end)) {
				end.zone = t.zone;
				length = ics_time_t(end, e->floating) - s;
			} else {
				length = icaldurationtype_as_int(r.period.duration);
			}
			if (length < 0)
				continue;
		}
		if (grow((void **)&e->rdates, e->n_rdates, sizeof(*e->rdates)))
			return -1;
		e->rdates[e->n_rdates++] = (ics_when){s, length, day_of(t), false};
	}
	for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_EXDATE_PROPERTY); p;
	     p = icalcomponent_get_next_property(c, ICAL_EXDATE_PROPERTY)) {
		struct icaltimetype x = icalproperty_get_exdate(p);
		if (icaltime_is_null_time(x) || !zoned(p, e, &x))
			continue;
		if (grow((void **)&e->exdates, e->n_exdates, sizeof(*e->exdates)))
			return -1;
		e->exdates[e->n_exdates++] = (ics_when){ics_time_t(x, e->floating), 0, day_of(x),
							x.is_date && !e->start.is_date};
	}
	return 0;
}

void ics_ev_free(ics_ev *e)
{
	free(e->rules);
	free(e->rdates);
	free(e->exdates);
}

static int by_start(const void *a, const void *b)
{
	const inst *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* The master's recurrence set with starts in [lo, hi), sorted, without duplicates. */
static void master_instances(const ics_ev *e, time_t lo, time_t hi, insts *out,
			     int64_t deadline_ms, bool *refused)
{
	if (e->start_t >= lo && e->start_t < hi)
		push(out, e->start_t, e->length, e->start);
	for (size_t i = 0; i < e->n_rules; i++)
		rule_instances(e, e->rules[i], lo, hi, out, deadline_ms, refused);
	for (size_t i = 0; i < e->n_rdates; i++) {
		const ics_when *r = &e->rdates[i];
		if (r->start >= lo && r->start < hi && !out->cut)
			push_day(out, r->start, r->length, r->day);
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), by_start);
	size_t k = 0;
	for (size_t i = 0; i < out->n; i++)
		if (!k || out->v[i].start != out->v[k - 1].start)
			out->v[k++] = out->v[i];
	out->n = k;
	for (size_t x = 0; x < e->n_exdates; x++) {
		const ics_when *w = &e->exdates[x];
		k = 0;
		for (size_t i = 0; i < out->n; i++)
			if (!(w->whole_day ? out->v[i].day == w->day : out->v[i].start == w->start))
				out->v[k++] = out->v[i];
		out->n = k;
	}
}

static void emit(const ics_reader *r, ics_sink *out, int item, time_t start, time_t length)
{
	/* overlapping the window, or a zero-length event at its very start */
	if (start >= r->to || (start + length <= r->from && start < r->from))
		return;
	if (out->n == out->cap) {
		out->full = true;
		return;
	}
	out->rec[out->n++] = (ics_rec){item, start, start + length};
}

/* The override of nominal start t among the series' items, or -1; *future: the latest
 * THISANDFUTURE override at or before t, or -1. */
static int override_of(const ics_reader *r, size_t lo, size_t hi, time_t t, int *future)
{
	int exact = -1;
	time_t best = 0;
	*future = -1;
	for (size_t k = lo; k < hi; k++) {
		const ics_ev *o = &r->ev[r->order[k]];
		if (!o->has_recid || o->skip)
			continue;
		if (o->recid == t)
			exact = r->order[k];
		else if (o->future && o->recid < t && (*future < 0 || o->recid > best))
			*future = r->order[k], best = o->recid;
	}
	return exact;
}

void ics_expand_series(const ics_reader *r, size_t s, ics_sink *out, uint8_t *flags,
		       int64_t deadline_ms)
{
	size_t lo = r->first[s], hi = r->first[s + 1];
	time_t shift = 0;	/* the most a THISANDFUTURE override moves instances */
	for (size_t k = lo; k < hi; k++) {
		const ics_ev *o = &r->ev[r->order[k]];
		if (o->has_recid && !o->skip) {
			time_t d = o->start_t - o->recid;
			shift = d > shift ? d : -d > shift ? -d : shift;
			if (!o->cancelled)	/* each override is an occurrence of its own */
				emit(r, out, r->order[k], o->start_t, o->length);
		}
	}
	for (size_t k = lo; k < hi; k++) {
		int item = r->order[k];
		const ics_ev *e = &r->ev[item];
		if (e->has_recid || e->skip || e->cancelled)
			continue;
		insts a = {0};
		bool refused = false;
		master_instances(e, r->from - e->length - shift - 86400,
				 r->to + shift + 1, &a, deadline_ms, &refused);
		for (size_t i = 0; i < a.n; i++) {
			int future, o = override_of(r, lo, hi, a.v[i].start, &future);
			if (o >= 0)
				continue;	/* emitted above, or cancelled */
			if (future < 0) {
				emit(r, out, item, a.v[i].start, a.v[i].length);
				continue;
			}
			const ics_ev *f = &r->ev[future];
			if (!f->cancelled)
				emit(r, out, future, a.v[i].start + (f->start_t - f->recid), f->length);
		}
		if (a.cut || out->full)
			flags[item] |= ICS_FLAG_CUT;
		if (refused)
			flags[item] |= ICS_FLAG_NO_RULE;
		free(a.v);
	}
}
