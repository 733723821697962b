/* course.c: a course of treatments from the guide's facts: planning the session dates,
 * checking a proposed schedule, and a home dermaroller plan (docs/course.md).
 *
 * No number about skin is written here: every one is looked up in the kb's facts by topic
 * and value name, so a clinic's knowledge base with other numbers gets other plans, and
 * every statement made carries the fact (or rule) that says it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kb_internal.h"

/* ---- looking the facts up ---- */

static bool value_of(const ac_fact *f, const char *name, double *out)
{
	for (size_t i = 0; i < f->n_values; i++) {
		if (strcmp(f->values[i].name, name) == 0) {
			*out = f->values[i].value;
			return true;
		}
	}
	return false;
}

static bool has_values(const ac_fact *f, const char *const *names)
{
	double v;
	for (; *names; names++)
		if (!value_of(f, *names, &v))
			return false;
	return true;
}

/* The first fact on topic that carries every value named (a NULL-ended list), or NULL. */
static const ac_fact *fact_with(const ac_kb *kb, const char *topic, const char *const *names)
{
	for (size_t i = 0; i < ac_kb_fact_count(kb); i++) {
		const ac_fact *f = ac_kb_fact(kb, i);
		if (strcmp(f->topic, topic) == 0 && has_values(f, names))
			return f;
	}
	return NULL;
}

static const ac_fact *fact_by_id(const ac_kb *kb, const char *id)
{
	for (size_t i = 0; i < ac_kb_fact_count(kb); i++)
		if (strcmp(ac_kb_fact(kb, i)->id, id) == 0)
			return ac_kb_fact(kb, i);
	return NULL;
}

static double value(const ac_fact *f, const char *name)
{
	double v = 0;
	value_of(f, name, &v);
	return v;
}

static bool whole(double v)
{
	return v >= 0 && v <= 1e6 && (double)(int)v == v;
}

/* Weeks as whole calendar days: the guide's weeks are counted on the calendar. */
static int days_of(double weeks)
{
	return (int)(weeks * 7 + 0.5);
}

static const char *const frequency_values[] = {"min_weeks", "max_weeks", NULL};
static const char *const course_values[] = {"min_sessions", "max_sessions", "spacing_weeks",
					    NULL};
static const char *const needle_values[] = {"max_needle_mm", NULL};
static const char *const rate_values[] = {"min_per_week", "max_per_week", NULL};

static ac_result invalid(char *errbuf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static ac_result invalid(char *errbuf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(errbuf, AC_ERRBUF_SIZE, fmt, ap);
	va_end(ap);
	return AC_ERR_INVALID;
}

/* ---- words ---- */

/* "sensitive skin", "normal and oily skin", "every skin type" (no condition). */
static char *skin_words(unsigned mask, char *buf, size_t len)
{
	const char *names[8];
	size_t n = 0, used = 0;
	for (int v = AC_SKIN_SENSITIVE; v <= AC_SKIN_ACNE_PRONE; v++)
		if (mask & (1u << v))
			names[n++] = ac_skin_name((ac_skin)v);
	if (n == 0) {
		snprintf(buf, len, "every skin type");
		return buf;
	}
	buf[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " and " : ", ";
		int k = snprintf(buf + used, len - used, "%s%s", sep, names[i]);
		used += k > 0 ? (size_t)k : 0;
	}
	if (used < len)
		snprintf(buf + used, len - used, " skin");
	return buf;
}

/* Why the strictest reading was taken, capitalised to start a sentence or not; "" when the
 * skin type has its own fact. */
static char *strict_words(const ac_course_bounds *b, bool capital, char *buf, size_t len)
{
	if (!b->strictest)
		buf[0] = '\0';
	else if (b->skin == AC_SKIN_UNSPECIFIED)
		snprintf(buf, len, "%s type not given", capital ? "Skin" : "skin");
	else
		snprintf(buf, len, "%s guide gives no frequency for %s skin", capital ? "The" : "the",
			 ac_skin_name(b->skin));
	return buf;
}

/* "4 weeks" for whole weeks, else "30 days". */
char *ac_gap_words(int days, char *buf, size_t len)
{
	if (days % 7 == 0)
		snprintf(buf, len, "%d week%s", days / 7, days == 7 ? "" : "s");
	else
		snprintf(buf, len, "%d day%s", days, days == 1 ? "" : "s");
	return buf;
}

static void cite_fact(ac_course_note *n, const ac_fact *f)
{
	n->id = f->id;
	n->source = f->source;
	n->section = f->section;
	n->quote = f->quote;
}

static void cite_rule(ac_course_note *n, const ac_rule *r)
{
	n->id = r->id;
	n->source = r->source;
	n->section = r->section;
	n->quote = r->quote;
}

static void say(ac_course_note *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Set n's text; n may be NULL (no room left), and then nothing is said. */
static void say(ac_course_note *n, const char *fmt, ...)
{
	va_list ap;
	if (!n)
		return;
	va_start(ap, fmt);
	vsnprintf(n->text, sizeof(n->text), fmt, ap);
	va_end(ap);
}

/* The next free note of c, cleared, citing f; NULL when full (the notes are capped). */
static ac_course_note *note(ac_course *c, const ac_fact *f)
{
	if (c->n_notes >= AC_COURSE_MAX_NOTES)
		return NULL;
	ac_course_note *n = &c->notes[c->n_notes++];
	memset(n, 0, sizeof(*n));
	if (f)
		cite_fact(n, f);
	return n;
}

/* ---- bounds ---- */

static bool names_skin(const ac_fact *f, ac_skin skin)
{
	return skin != AC_SKIN_UNSPECIFIED && (f->skin_mask & (1u << skin));
}

/* The frequency fact for skin: the one that names it (or names no skin); failing that,
 * and for an unspecified skin, the strictest reading: the longest minimum gap. */
static const ac_fact *frequency_fact(const ac_kb *kb, ac_skin skin, bool *strictest)
{
	const ac_fact *own = NULL, *strict = NULL;
	for (size_t i = 0; i < ac_kb_fact_count(kb); i++) {
		const ac_fact *f = ac_kb_fact(kb, i);
		if (strcmp(f->topic, "frequency") != 0 || !has_values(f, frequency_values))
			continue;
		if ((names_skin(f, skin) || (f->skin_mask == 0 && skin != AC_SKIN_UNSPECIFIED)) &&
		    (!own || value(f, "min_weeks") > value(own, "min_weeks")))
			own = f;
		if (!strict || value(f, "min_weeks") > value(strict, "min_weeks"))
			strict = f;
	}
	*strictest = own == NULL;
	return own ? own : strict;
}

static ac_result check_frequency(const ac_fact *f, char *errbuf)
{
	double lo = value(f, "min_weeks"), hi = value(f, "max_weeks");
	if (!(lo > 0) || !(hi >= lo) || hi > 520)
		return invalid(errbuf, "fact %s: min_weeks and max_weeks must be weeks, the least "
				       "first (got %g and %g)", f->id, lo, hi);
	return AC_OK;
}

static ac_result check_course(const ac_fact *f, char *errbuf)
{
	double lo = value(f, "min_sessions"), hi = value(f, "max_sessions");
	double spacing = value(f, "spacing_weeks");
	if (!whole(lo) || !whole(hi) || lo < 1 || hi < lo)
		return invalid(errbuf, "fact %s: min_sessions and max_sessions must be whole numbers "
				       "from 1, the least first (got %g and %g)", f->id, lo, hi);
	if (!(spacing > 0) || spacing > 520)
		return invalid(errbuf, "fact %s: spacing_weeks must be more than 0 (got %g)", f->id,
			       spacing);
	return AC_OK;
}

ac_result ac_course_bounds_get(const ac_kb *kb, ac_skin skin, ac_course_bounds *out,
			       char errbuf[AC_ERRBUF_SIZE])
{
	memset(out, 0, sizeof(*out));
	out->skin = skin;
	out->course = fact_with(kb, "course", course_values);
	out->frequency = frequency_fact(kb, skin, &out->strictest);
	if (!out->course)
		return invalid(errbuf, "the knowledge base has no course fact (topic course, with "
				       "values min_sessions, max_sessions and spacing_weeks)");
	if (!out->frequency)
		return invalid(errbuf, "the knowledge base has no frequency fact (topic frequency, "
				       "with values min_weeks and max_weeks)");
	ac_result rc = check_course(out->course, errbuf);
	if (rc == AC_OK)
		rc = check_frequency(out->frequency, errbuf);
	if (rc != AC_OK)
		return rc;
	out->min_gap_weeks = value(out->frequency, "min_weeks");
	out->max_gap_weeks = value(out->frequency, "max_weeks");
	out->spacing_weeks = value(out->course, "spacing_weeks");
	out->min_sessions = (int)value(out->course, "min_sessions");
	out->max_sessions = (int)value(out->course, "max_sessions");
	/* The course's spacing, unless the skin type asks for longer between sessions. */
	double gap = out->spacing_weeks > out->min_gap_weeks ? out->spacing_weeks : out->min_gap_weeks;
	out->plan_gap_days = days_of(gap);
	return AC_OK;
}

/* ---- planning ---- */

/* t moved by days on the local calendar, at the same local time of day: 28 days after
 * 10:00 before the clocks change is 10:00 after it, not 09:00 or 11:00. */
static time_t add_days(time_t t, int days)
{
	struct tm tm;
	localtime_r(&t, &tm);
	tm.tm_mday += days;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static void course_note(ac_course *c, int asked)
{
	const ac_course_bounds *b = &c->bounds;
	ac_course_note *n = note(c, b->course);
	char gap[32];
	ac_gap_words(days_of(b->spacing_weeks), gap, sizeof(gap));
	if (n)
		say(n, "A course is %d to %d treatments, %s apart: %zu planned, %s.", b->min_sessions,
		    b->max_sessions, gap, c->n_sessions,
		    asked ? "as asked" : "the fewest the guide gives");
}

/* How the frequency fact's range and the course's spacing give the gap planned. */
static void frequency_note(ac_course *c)
{
	const ac_course_bounds *b = &c->bounds;
	ac_course_note *n = note(c, b->frequency);
	char who[96], why[96], spacing[32], planned[32], lead[AC_COURSE_TEXT_SIZE];
	if (!n)
		return;
	skin_words(b->frequency->skin_mask, who, sizeof(who));
	ac_gap_words(days_of(b->spacing_weeks), spacing, sizeof(spacing));
	ac_gap_words(b->plan_gap_days, planned, sizeof(planned));
	if (b->strictest)
		snprintf(lead, sizeof(lead), "%s: the strictest reading of the guide is used, the "
			 "longest minimum gap it gives: a session every %g to %g weeks, for %s",
			 strict_words(b, true, why, sizeof(why)), b->min_gap_weeks, b->max_gap_weeks,
			 who);
	else
		snprintf(lead, sizeof(lead), "For %s the guide gives a session every %g to %g weeks",
			 who, b->min_gap_weeks, b->max_gap_weeks);
	if (b->min_gap_weeks > b->spacing_weeks)
		say(n, "%s; that is longer than the course's %s apart, so sessions are planned %s "
		       "apart.", lead, spacing, planned);
	else if (b->spacing_weeks > b->max_gap_weeks)
		say(n, "%s; the course's %s apart is longer than that, and is what is planned.", lead,
		    spacing);
	else if (b->min_gap_weeks < b->spacing_weeks)
		say(n, "%s; the course's %s apart is within that, so sessions are planned %s apart "
		       "(%g weeks is the shortest gap it allows here).", lead, spacing, planned,
		    b->min_gap_weeks);
	else
		say(n, "%s; the course's %s apart is within that, so sessions are planned %s apart.",
		    lead, spacing, planned);
}

/* Under the strictest reading, what the guide says for the other skin types. */
static void other_frequency_notes(ac_course *c, const ac_kb *kb)
{
	char who[96];
	for (size_t i = 0; i < ac_kb_fact_count(kb); i++) {
		const ac_fact *f = ac_kb_fact(kb, i);
		if (f == c->bounds.frequency || strcmp(f->topic, "frequency") != 0 ||
		    !has_values(f, frequency_values))
			continue;
		ac_course_note *n = note(c, f);
		if (n)
			say(n, "For %s the guide gives a session every %g to %g weeks.",
			    skin_words(f->skin_mask, who, sizeof(who)), value(f, "min_weeks"),
			    value(f, "max_weeks"));
	}
}

static ac_result sessions_out_of_range(const ac_kb *kb, const ac_course_bounds *b, int sessions,
				       char *errbuf)
{
	snprintf(errbuf, AC_ERRBUF_SIZE, "a course of %d treatments is outside the guide's %d to %d: "
		 "\u201c%s\u201d (%s)", sessions, b->min_sessions, b->max_sessions, b->course->quote,
		 ac_kb_source(kb, (size_t)b->course->source)->name);
	return AC_ERR_ARG;
}

ac_result ac_course_plan(const ac_kb *kb, time_t start, ac_skin skin, int sessions,
			 ac_course *out, char errbuf[AC_ERRBUF_SIZE])
{
	memset(out, 0, sizeof(*out));
	ac_result rc = ac_course_bounds_get(kb, skin, &out->bounds, errbuf);
	if (rc != AC_OK)
		return rc;
	const ac_course_bounds *b = &out->bounds;
	int n = sessions ? sessions : b->min_sessions;
	if (n < b->min_sessions || n > b->max_sessions)
		return sessions_out_of_range(kb, b, n, errbuf);
	if (n > AC_COURSE_MAX_SESSIONS) {
		snprintf(errbuf, AC_ERRBUF_SIZE, "at most %d sessions can be planned",
			 AC_COURSE_MAX_SESSIONS);
		return AC_ERR_ARG;
	}
	for (int i = 0; i < n; i++) {
		if ((out->sessions[i] = add_days(start, i * b->plan_gap_days)) == (time_t)-1) {
			snprintf(errbuf, AC_ERRBUF_SIZE, "session %d falls outside the dates this "
				 "system can represent", i + 1);
			return AC_ERR_ARG;
		}
	}
	out->n_sessions = (size_t)n;
	course_note(out, sessions);
	frequency_note(out);
	if (b->strictest)
		other_frequency_notes(out, kb);
	const ac_fact *specialist = fact_by_id(kb, "course-specialist");
	ac_course_note *nt = specialist ? note(out, specialist) : NULL;
	if (nt)
		say(nt, "%s", specialist->text);
	return AC_OK;
}

/* ---- checking ---- */

/* Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil). */
static long days_from_civil(long y, long m, long d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The local calendar day of t: gaps are counted in days on the calendar, so a change of
 * the clocks (a 23- or 25-hour day) does not make four weeks 27.96 days. */
static long local_day(time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	return days_from_civil(tm.tm_year + 1900L, tm.tm_mon + 1L, tm.tm_mday);
}

/* " (the strictest reading: skin type not given)", or "". */
static char *strict_suffix(const ac_course_bounds *b, char *buf, size_t len)
{
	char why[96];
	if (b->strictest)
		snprintf(buf, len, " (the strictest reading: %s)",
			 strict_words(b, false, why, sizeof(why)));
	else
		buf[0] = '\0';
	return buf;
}

static void gap_finding(const ac_course_bounds *b, size_t i, int gap, ac_course_finding *f)
{
	char who[96], suffix[160], range[32];
	skin_words(b->frequency->skin_mask, who, sizeof(who));
	strict_suffix(b, suffix, sizeof(suffix));
	cite_fact(&f->note, b->frequency);
	f->first = i - 1;
	f->second = i;
	f->gap_days = gap;
	if (f->kind == AC_COURSE_NOT_IN_ORDER)
		say(&f->note, "Session %zu is %s session %zu: sessions follow one another, every "
			      "%g to %g weeks for %s%s; give the dates in order.", i + 1,
		    gap == 0 ? "on the same day as" : "not after", i, b->min_gap_weeks,
		    b->max_gap_weeks, who, suffix);
	else if (f->kind == AC_COURSE_GAP_SHORT)
		say(&f->note, "Sessions %zu and %zu are %d day%s apart: sooner than the %s (%d days) "
			      "the guide gives at the least for %s%s.", i, i + 1, gap,
		    gap == 1 ? "" : "s", ac_gap_words(days_of(b->min_gap_weeks), range, sizeof(range)),
		    days_of(b->min_gap_weeks), who, suffix);
	else
		say(&f->note, "Sessions %zu and %zu are %d days apart: longer than the %s (%d days) "
			      "the guide gives at the most for %s%s.", i, i + 1, gap,
		    ac_gap_words(days_of(b->max_gap_weeks), range, sizeof(range)),
		    days_of(b->max_gap_weeks), who, suffix);
}

static void count_finding(const ac_course_bounds *b, size_t n, ac_course_finding *f)
{
	cite_fact(&f->note, b->course);
	f->first = 0;
	f->second = n ? n - 1 : 0;
	say(&f->note, "%zu sessions: %s than the course of %d to %d treatments the guide gives.", n,
	    f->kind == AC_COURSE_TOO_MANY ? "more" : "fewer", b->min_sessions, b->max_sessions);
}

/* Write finding k if there is room; count it either way. */
static ac_course_finding *slot(ac_course_finding *out, size_t max, size_t *count,
			       ac_course_issue kind, ac_course_finding *spare)
{
	ac_course_finding *f = *count < max ? &out[*count] : spare;
	(*count)++;
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	return f;
}

size_t ac_course_check(const ac_course_bounds *b, const time_t *dates, size_t n,
		       ac_course_finding *out, size_t max)
{
	ac_course_finding spare;
	size_t count = 0;
	int lo = days_of(b->min_gap_weeks), hi = days_of(b->max_gap_weeks);
	for (size_t i = 1; i < n; i++) {
		int gap = (int)(local_day(dates[i]) - local_day(dates[i - 1]));
		ac_course_issue kind;
		if (dates[i] <= dates[i - 1])
			kind = AC_COURSE_NOT_IN_ORDER;
		else if (gap < lo)
			kind = AC_COURSE_GAP_SHORT;
		else if (gap > hi)
			kind = AC_COURSE_GAP_LONG;
		else
			continue;
		gap_finding(b, i, gap, slot(out, max, &count, kind, &spare));
	}
	if (n > (size_t)b->max_sessions)
		count_finding(b, n, slot(out, max, &count, AC_COURSE_TOO_MANY, &spare));
	else if (n < (size_t)b->min_sessions)
		count_finding(b, n, slot(out, max, &count, AC_COURSE_TOO_FEW, &spare));
	return count;
}

const char *ac_course_issue_name(ac_course_issue kind)
{
	static const char *const names[] = {"gap-too-short", "gap-too-long", "too-many", "too-few",
					    "not-in-order"};
	return (unsigned)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

/* ---- home dermaroller ---- */

/* The rule on exercise for home dermarollers: by id, else any exercise rule whose only
 * device is the dermaroller. */
static const ac_rule *roller_exercise_rule(const ac_kb *kb)
{
	int exercise = ac_kb_find_activity(kb, "exercise");
	const ac_rule *found = NULL;
	for (size_t i = 0; i < ac_kb_rule_count(kb); i++) {
		const ac_rule *r = ac_kb_rule(kb, i);
		if (strcmp(r->id, "exercise-shotter-home-roller") == 0)
			return r;
		if (!found && !r->implied && r->activity == exercise &&
		    r->device_mask == (1u << AC_DEVICE_DERMAROLLER))
			found = r;
	}
	return found;
}

static ac_result refuse_needle(const ac_kb *kb, const ac_fact *limit, ac_course *out,
			       char *errbuf)
{
	const ac_fact *pro = fact_by_id(kb, "home-roller-professional-length");
	ac_course_note *n = note(out, limit);
	say(n, "Needles of %g mm are longer than the %g mm the guide allows at home.",
	    out->needle_mm, out->max_needle_mm);
	int len = snprintf(errbuf, AC_ERRBUF_SIZE, "a %g mm needle is longer than the %g mm the "
			   "guide allows at home: \u201c%s\u201d (%s)", out->needle_mm,
			   out->max_needle_mm, limit->quote,
			   ac_kb_source(kb, (size_t)limit->source)->name);
	if (pro) {
		say(note(out, pro), "%s", pro->text);
		if (len > 0 && len < AC_ERRBUF_SIZE)
			snprintf(errbuf + len, AC_ERRBUF_SIZE - (size_t)len,
				 ". Professional-length needles at home: \u201c%s\u201d (%s)",
				 pro->quote, ac_kb_source(kb, (size_t)pro->source)->name);
	}
	return AC_ERR_ARG;
}

static ac_result check_needle(const ac_fact *f, char *errbuf)
{
	double mm = value(f, "max_needle_mm");
	if (!(mm > 0 && mm < 1e6))	/* NaN too: a limit nothing is over would refuse nothing */
		return invalid(errbuf, "fact %s: max_needle_mm must be more than 0 (got %g)", f->id,
			       mm);
	return AC_OK;
}

static ac_result check_rate(const ac_fact *f, char *errbuf)
{
	double lo = value(f, "min_per_week"), hi = value(f, "max_per_week");
	if (!whole(lo) || !whole(hi) || lo < 1 || hi < lo || hi > 7)
		return invalid(errbuf, "fact %s: min_per_week and max_per_week must be whole numbers "
				       "from 1 to 7, the least first (got %g and %g)", f->id, lo, hi);
	return AC_OK;
}

static void roller_notes(const ac_kb *kb, const ac_fact *limit, const ac_fact *rate,
			 ac_course *out)
{
	say(note(out, limit), "Needles of %g mm are within the %g mm the guide allows at home.",
	    out->needle_mm, out->max_needle_mm);
	say(note(out, rate), "The guide puts home rolling at %d to %d times a week at most: %d a "
			     "week planned, the fewer, as it warns not to overdo it.",
	    out->per_week, out->max_per_week, out->per_week);
	const ac_rule *r = roller_exercise_rule(kb);
	ac_course_note *n = r ? note(out, NULL) : NULL;
	if (n) {
		cite_rule(n, r);
		n->warning = true;
		say(n, "%s%s%s", r->reason, r->advice ? " " : "", r->advice ? r->advice : "");
	}
}

ac_result ac_home_roller_plan(const ac_kb *kb, time_t start, double needle_mm, int weeks,
			      ac_course *out, char errbuf[AC_ERRBUF_SIZE])
{
	memset(out, 0, sizeof(*out));
	const ac_fact *limit = fact_with(kb, "home-roller", needle_values);
	const ac_fact *rate = fact_with(kb, "home-roller", rate_values);
	if (!limit || !rate)
		return invalid(errbuf, "the knowledge base has no home-roller fact with %s",
			       limit ? "min_per_week and max_per_week" : "max_needle_mm");
	ac_result rc = check_rate(rate, errbuf);
	if (rc == AC_OK)
		rc = check_needle(limit, errbuf);
	if (rc != AC_OK)
		return rc;
	if (!(needle_mm > 0 && needle_mm < 1e6)) {
		snprintf(errbuf, AC_ERRBUF_SIZE, "a needle length must be more than 0 mm");
		return AC_ERR_ARG;
	}
	out->needle_mm = needle_mm;
	out->max_needle_mm = value(limit, "max_needle_mm");
	out->per_week = (int)value(rate, "min_per_week");
	out->max_per_week = (int)value(rate, "max_per_week");
	if (needle_mm > out->max_needle_mm)
		return refuse_needle(kb, limit, out, errbuf);
	if (weeks < 1 || weeks > AC_COURSE_MAX_SESSIONS / out->per_week) {
		snprintf(errbuf, AC_ERRBUF_SIZE, "weeks must be from 1 to %d",
			 AC_COURSE_MAX_SESSIONS / out->per_week);
		return AC_ERR_ARG;
	}
	out->weeks = weeks;
	/* Spread evenly over each week: two a week are 4 and 3 days apart, three 2, 3, 2. */
	for (int w = 0; w < weeks; w++) {
		for (int k = 0; k < out->per_week; k++) {
			int day = w * 7 + (k * 7 + out->per_week / 2) / out->per_week;
			time_t t = add_days(start, day);
			if (t == (time_t)-1) {
				out->n_sessions = 0;
				snprintf(errbuf, AC_ERRBUF_SIZE, "a session falls outside the "
					 "dates this system can represent");
				return AC_ERR_ARG;
			}
			out->sessions[out->n_sessions++] = t;
		}
	}
	roller_notes(kb, limit, rate, out);
	return AC_OK;
}
