/* test_course.c: courses of treatments (lib/course.c, docs/course.md).
 *
 * Planning gives exact local dates (Europe/London, across both daylight-saving changes) at
 * the guide's spacing for each skin type, the strictest reading when the skin type is not
 * given, and notes that quote the facts; the numbers come from the kb, not the code (a
 * clinic kb with other numbers plans otherwise). Checking finds short and long gaps, dates
 * out of order and courses too long or too short, each with the fact that says so. A home
 * dermaroller plan refuses needles over the guide's home limit with its reason.
 */
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "testutil.h"

static ac_kb *kb;

static time_t at(const char *s)
{
	time_t t;
	if (ac_time_parse(s, &t) != AC_OK)
		fail_msg("bad time in test: %s", s);
	return t;
}

static void assert_iso(time_t t, const char *want)
{
	char buf[40];
	assert_string_equal(ac_time_format_iso(t, buf, sizeof(buf)), want);
}

static ac_course plan(const char *start, ac_skin skin, int sessions)
{
	ac_course c;
	char err[AC_ERRBUF_SIZE];
	if (ac_course_plan(kb, at(start), skin, sessions, &c, err) != AC_OK)
		fail_msg("plan from %s: %s", start, err);
	return c;
}

static const ac_course_note *note_of(const ac_course *c, const char *id)
{
	for (size_t i = 0; i < c->n_notes; i++)
		if (strcmp(c->notes[i].id, id) == 0)
			return &c->notes[i];
	return NULL;
}

static const ac_fact *fact(const char *id)
{
	for (size_t i = 0; i < ac_kb_fact_count(kb); i++)
		if (strcmp(ac_kb_fact(kb, i)->id, id) == 0)
			return ac_kb_fact(kb, i);
	fail_msg("no fact %s", id);
	return NULL;
}

/* ---- planning ---- */

static void test_sensitive_course_across_the_spring_change(void **state)
{
	(void)state;
	/* The clocks go forward at 01:00 on 29 March 2026: the second session is that day. */
	ac_course c = plan("2026-03-01 10:00", AC_SKIN_SENSITIVE, 0);
	assert_int_equal(c.n_sessions, 3);	/* the guide's fewest */
	assert_iso(c.sessions[0], "2026-03-01T10:00:00+00:00");
	assert_iso(c.sessions[1], "2026-03-29T10:00:00+01:00");
	assert_iso(c.sessions[2], "2026-04-26T10:00:00+01:00");
	/* Same hour on the clock: an hour less than four weeks of seconds. */
	assert_int_equal(c.sessions[1] - c.sessions[0], 28 * 86400 - 3600);
	assert_false(c.bounds.strictest);
	assert_true(c.bounds.min_gap_weeks == 3 && c.bounds.max_gap_weeks == 4);
	assert_true(c.bounds.spacing_weeks == 4);
	/* The course's 4 weeks, not the 3 weeks the frequency fact allows. */
	assert_int_equal(c.bounds.plan_gap_days, 28);
	assert_int_equal(c.bounds.min_sessions, 3);
	assert_int_equal(c.bounds.max_sessions, 6);
	assert_string_equal(c.bounds.frequency->id, "frequency-sensitive");
	assert_string_equal(c.bounds.course->id, "course-length");
}

static void test_normal_course_of_six_across_the_autumn_change(void **state)
{
	(void)state;
	static const char *const want[] = {
		"2026-10-01T10:00:00+01:00", "2026-10-29T10:00:00+00:00", "2026-11-26T10:00:00+00:00",
		"2026-12-24T10:00:00+00:00", "2027-01-21T10:00:00+00:00", "2027-02-18T10:00:00+00:00",
	};
	ac_course c = plan("2026-10-01 10:00", AC_SKIN_NORMAL, 6);
	assert_int_equal(c.n_sessions, 6);
	for (size_t i = 0; i < 6; i++)
		assert_iso(c.sessions[i], want[i]);
	assert_int_equal(c.sessions[1] - c.sessions[0], 28 * 86400 + 3600);
	assert_string_equal(c.bounds.frequency->id, "frequency-normal-oily");
	assert_true(c.bounds.min_gap_weeks == 4 && c.bounds.max_gap_weeks == 6);
	ac_course oily = plan("2026-10-01 10:00", AC_SKIN_OILY, 4);
	assert_string_equal(oily.bounds.frequency->id, "frequency-normal-oily");
	assert_int_equal(oily.n_sessions, 4);
}

static void test_unspecified_skin_takes_the_strictest_reading(void **state)
{
	(void)state;
	ac_course c = plan("2026-12-01", AC_SKIN_UNSPECIFIED, 0);
	assert_true(c.bounds.strictest);
	/* The longest minimum gap the guide gives: normal and oily skin's 4 weeks, not 3. */
	assert_string_equal(c.bounds.frequency->id, "frequency-normal-oily");
	assert_int_equal(c.bounds.plan_gap_days, 28);
	assert_iso(c.sessions[1], "2026-12-29T00:00:00+00:00");
	const ac_course_note *n = note_of(&c, "frequency-normal-oily");
	assert_non_null(n);
	assert_non_null(strstr(n->text, "Skin type not given"));
	assert_non_null(strstr(n->text, "strictest"));
	assert_non_null(strstr(n->text, "a session every 4 to 6 weeks"));
	/* ... and says what the guide gives the others. */
	assert_non_null(note_of(&c, "frequency-sensitive"));
}

static void test_skin_without_a_frequency_takes_the_strictest_reading(void **state)
{
	(void)state;
	ac_course c = plan("2026-12-01", AC_SKIN_ACNE_PRONE, 0);
	assert_true(c.bounds.strictest);
	assert_string_equal(c.bounds.frequency->id, "frequency-normal-oily");
	const ac_course_note *n = note_of(&c, "frequency-normal-oily");
	assert_non_null(n);
	assert_non_null(strstr(n->text, "no frequency for acne-prone skin"));
}

static void test_sensitive_notes_explain_both_figures(void **state)
{
	(void)state;
	ac_course c = plan("2026-12-01", AC_SKIN_SENSITIVE, 0);
	const ac_course_note *course = note_of(&c, "course-length");
	const ac_course_note *freq = note_of(&c, "frequency-sensitive");
	assert_non_null(course);
	assert_non_null(freq);
	assert_non_null(strstr(course->text, "3 to 6 treatments"));
	assert_non_null(strstr(course->text, "the fewest"));
	assert_non_null(strstr(freq->text, "every 3 to 4 weeks"));
	assert_non_null(strstr(freq->text, "planned 4 weeks apart"));
	assert_non_null(strstr(freq->text, "3 weeks is the shortest gap"));
	/* The other skin types are told only under the strictest reading. */
	assert_null(note_of(&c, "frequency-normal-oily"));
	assert_non_null(strstr(plan("2026-12-01", AC_SKIN_SENSITIVE, 5).notes[0].text, "as asked"));
}

static void test_every_note_quotes_its_fact(void **state)
{
	(void)state;
	ac_skin skins[] = {AC_SKIN_UNSPECIFIED, AC_SKIN_SENSITIVE, AC_SKIN_NORMAL, AC_SKIN_OILY,
			   AC_SKIN_ACNE_PRONE};
	for (size_t s = 0; s < sizeof(skins) / sizeof(skins[0]); s++) {
		ac_course c = plan("2026-12-01", skins[s], 0);
		assert_true(c.n_notes >= 2);
		for (size_t i = 0; i < c.n_notes; i++) {
			const ac_fact *f = fact(c.notes[i].id);
			assert_ptr_equal(c.notes[i].quote, f->quote);
			assert_ptr_equal(c.notes[i].section, f->section);
			assert_int_equal(c.notes[i].source, f->source);
			assert_true(strlen(c.notes[i].text) > 10);
			assert_false(c.notes[i].warning);
		}
	}
}

static void test_sessions_outside_the_guides_course(void **state)
{
	(void)state;
	int bad[] = {1, 2, 7, 50, -1};
	char err[AC_ERRBUF_SIZE];
	ac_course c;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(ac_course_plan(kb, at("2026-12-01"), AC_SKIN_NORMAL, bad[i], &c, err),
				 AC_ERR_ARG);
		assert_non_null(strstr(err, "3 to 6"));
		assert_non_null(strstr(err, fact("course-length")->quote));
	}
	assert_int_equal(ac_course_plan(kb, at("2026-12-01"), AC_SKIN_NORMAL, 3, &c, err), AC_OK);
	assert_int_equal(ac_course_plan(kb, at("2026-12-01"), AC_SKIN_NORMAL, 6, &c, err), AC_OK);
}

/* A clinic's kb: other numbers, so other plans. Sensitive skin every 5 to 8 weeks is longer
 * than its course's 3 weeks apart: the plan takes the 5. */
#define CLINIC_HEAD                                                                        \
	"version: 1\n"                                                                     \
	"sources:\n"                                                                       \
	"  - id: clinic\n"                                                                 \
	"    name: The clinic\n"                                                           \
	"    section: Courses\n"                                                           \
	"activities:\n"                                                                    \
	"  - id: swimming\n"                                                               \
	"    name: Swimming\n"                                                             \
	"    category: water\n"                                                            \
	"rules:\n"                                                                         \
	"  - id: swim-day\n"                                                               \
	"    activity: swimming\n"                                                         \
	"    source: clinic\n"                                                             \
	"    stance: avoid\n"                                                              \
	"    until: 1d\n"                                                                  \
	"    quote: \"No swimming for a day.\"\n"                                          \
	"    reason: Chlorine.\n"                                                          \
	"facts:\n"
#define CLINIC_FREQUENCY                                                                   \
	"  - id: freq-sensitive\n"                                                         \
	"    topic: frequency\n"                                                           \
	"    source: clinic\n"                                                             \
	"    skin: [sensitive]\n"                                                          \
	"    values: {min_weeks: 5, max_weeks: 8}\n"                                       \
	"    quote: \"Sensitive skin: every 5-8 weeks.\"\n"                                \
	"    text: Sensitive skin, every 5 to 8 weeks.\n"
#define CLINIC_COURSE                                                                      \
	"  - id: clinic-course\n"                                                          \
	"    topic: course\n"                                                              \
	"    source: clinic\n"                                                             \
	"    values: {min_sessions: 2, max_sessions: 4, spacing_weeks: 3}\n"               \
	"    quote: \"Two to four sessions, three weeks apart.\"\n"                        \
	"    text: 2 to 4 sessions, 3 weeks apart.\n"

static void test_the_numbers_come_from_the_kb(void **state)
{
	(void)state;
	ac_kb *clinic = NULL;
	char err[AC_ERRBUF_SIZE];
	if (load_text(CLINIC_HEAD CLINIC_FREQUENCY CLINIC_COURSE, &clinic, err) != AC_OK)
		fail_msg("clinic kb: %s", err);
	ac_course c;
	assert_int_equal(ac_course_plan(clinic, at("2026-12-01"), AC_SKIN_SENSITIVE, 0, &c, err),
			 AC_OK);
	assert_int_equal(c.n_sessions, 2);
	assert_int_equal(c.bounds.plan_gap_days, 35);
	assert_iso(c.sessions[1], "2027-01-05T00:00:00+00:00");
	assert_non_null(strstr(c.notes[1].text, "longer than the course's 3 weeks apart"));
	assert_int_equal(ac_course_plan(clinic, at("2026-12-01"), AC_SKIN_SENSITIVE, 5, &c, err),
			 AC_ERR_ARG);
	assert_non_null(strstr(err, "2 to 4"));
	ac_kb_free(clinic);
}

static void test_a_kb_without_the_facts_is_refused(void **state)
{
	(void)state;
	const char *texts[] = {CLINIC_HEAD CLINIC_FREQUENCY, CLINIC_HEAD CLINIC_COURSE};
	const char *missing[] = {"no course fact", "no frequency fact"};
	for (int i = 0; i < 2; i++) {
		ac_kb *k = NULL;
		char err[AC_ERRBUF_SIZE];
		if (load_text(texts[i], &k, err) != AC_OK)
			fail_msg("kb %d: %s", i, err);
		ac_course c;
		assert_int_equal(ac_course_plan(k, at("2026-12-01"), AC_SKIN_NORMAL, 0, &c, err),
				 AC_ERR_INVALID);
		assert_non_null(strstr(err, missing[i]));
		assert_int_equal(ac_home_roller_plan(k, at("2026-12-01"), 0.2, 4, &c, err),
				 AC_ERR_INVALID);
		assert_non_null(strstr(err, "home-roller"));
		ac_kb_free(k);
	}
}

/* ---- checking ---- */

static ac_course_bounds bounds(ac_skin skin)
{
	ac_course_bounds b;
	char err[AC_ERRBUF_SIZE];
	if (ac_course_bounds_get(kb, skin, &b, err) != AC_OK)
		fail_msg("bounds: %s", err);
	return b;
}

/* Check dates given as text; findings into f (room for 16). */
static size_t check(ac_skin skin, const char *const *dates, size_t n, ac_course_finding *f)
{
	time_t t[16];
	for (size_t i = 0; i < n; i++)
		t[i] = at(dates[i]);
	ac_course_bounds b = bounds(skin);
	return ac_course_check(&b, t, n, f, 16);
}

#define CHECK(skin, f, ...)                                                                \
	check(skin, (const char *const[]){__VA_ARGS__},                                    \
	      sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *), f)

static void test_a_good_course_has_no_findings(void **state)
{
	(void)state;
	ac_course_finding f[16];
	/* Four weeks apart, across the spring change: 28 calendar days, not 27.96. */
	assert_int_equal(CHECK(AC_SKIN_NORMAL, f, "2026-03-01 10:00", "2026-03-29 10:00",
			       "2026-04-26 10:00"), 0);
	/* Six weeks is the longest gap for normal skin; time of day does not count. */
	assert_int_equal(CHECK(AC_SKIN_OILY, f, "2026-03-01 18:00", "2026-04-12 09:00",
			       "2026-05-10"), 0);
	/* Sensitive skin: three weeks is allowed. */
	assert_int_equal(CHECK(AC_SKIN_SENSITIVE, f, "2026-01-05", "2026-01-26", "2026-02-16"), 0);
	/* A planned course checks clean. */
	ac_course c = plan("2026-10-01 10:00", AC_SKIN_UNSPECIFIED, 6);
	ac_course_bounds b = bounds(AC_SKIN_UNSPECIFIED);
	assert_int_equal(ac_course_check(&b, c.sessions, c.n_sessions, f, 16), 0);
}

static void test_gap_too_short(void **state)
{
	(void)state;
	ac_course_finding f[16];
	assert_int_equal(CHECK(AC_SKIN_SENSITIVE, f, "2026-01-05", "2026-01-25", "2026-02-16"), 1);
	assert_int_equal(f[0].kind, AC_COURSE_GAP_SHORT);
	assert_int_equal(f[0].first, 0);
	assert_int_equal(f[0].second, 1);
	assert_int_equal(f[0].gap_days, 20);
	assert_string_equal(f[0].note.id, "frequency-sensitive");
	assert_ptr_equal(f[0].note.quote, fact("frequency-sensitive")->quote);
	assert_non_null(strstr(f[0].note.text, "Sessions 1 and 2 are 20 days apart"));
	assert_non_null(strstr(f[0].note.text, "3 weeks (21 days)"));
	/* Three weeks is short when the skin type is not given: the strictest reading. */
	assert_int_equal(CHECK(AC_SKIN_UNSPECIFIED, f, "2026-01-05", "2026-01-26", "2026-02-23"), 1);
	assert_int_equal(f[0].kind, AC_COURSE_GAP_SHORT);
	assert_string_equal(f[0].note.id, "frequency-normal-oily");
	assert_non_null(strstr(f[0].note.text, "strictest reading: skin type not given"));
	/* The same day at a later hour is in order, but 0 days apart. */
	assert_int_equal(CHECK(AC_SKIN_NORMAL, f, "2026-01-05 09:00", "2026-01-05 17:00",
			       "2026-02-02"), 1);
	assert_int_equal(f[0].kind, AC_COURSE_GAP_SHORT);
	assert_int_equal(f[0].gap_days, 0);
}

static void test_gap_too_long(void **state)
{
	(void)state;
	ac_course_finding f[16];
	assert_int_equal(CHECK(AC_SKIN_SENSITIVE, f, "2026-01-05", "2026-02-02", "2026-03-03"), 1);
	assert_int_equal(f[0].kind, AC_COURSE_GAP_LONG);
	assert_int_equal(f[0].first, 1);
	assert_int_equal(f[0].second, 2);
	assert_int_equal(f[0].gap_days, 29);
	assert_non_null(strstr(f[0].note.text, "4 weeks (28 days)"));
	assert_int_equal(CHECK(AC_SKIN_NORMAL, f, "2026-01-05", "2026-02-17", "2026-03-17"), 1);
	assert_int_equal(f[0].kind, AC_COURSE_GAP_LONG);
	assert_int_equal(f[0].gap_days, 43);
}

static void test_dates_out_of_order(void **state)
{
	(void)state;
	ac_course_finding f[16];
	assert_int_equal(CHECK(AC_SKIN_NORMAL, f, "2026-03-02", "2026-02-02", "2026-03-30"), 2);
	assert_int_equal(f[0].kind, AC_COURSE_NOT_IN_ORDER);
	assert_int_equal(f[0].first, 0);
	assert_int_equal(f[0].second, 1);
	assert_int_equal(f[0].gap_days, -28);
	assert_non_null(strstr(f[0].note.text, "Session 2 is not after session 1"));
	assert_int_equal(f[1].kind, AC_COURSE_GAP_LONG);	/* 2 Feb to 30 Mar */
	/* The same moment twice. */
	assert_int_equal(CHECK(AC_SKIN_NORMAL, f, "2026-03-02", "2026-03-30", "2026-03-30"), 1);
	assert_int_equal(f[0].kind, AC_COURSE_NOT_IN_ORDER);
	assert_non_null(strstr(f[0].note.text, "on the same day as"));
}

static void test_too_many_and_too_few(void **state)
{
	(void)state;
	ac_course_finding f[16];
	assert_int_equal(CHECK(AC_SKIN_NORMAL, f, "2026-01-05", "2026-02-02", "2026-03-02",
			       "2026-03-30", "2026-04-27", "2026-05-25", "2026-06-22"), 1);
	assert_int_equal(f[0].kind, AC_COURSE_TOO_MANY);
	assert_int_equal(f[0].first, 0);
	assert_int_equal(f[0].second, 6);
	assert_string_equal(f[0].note.id, "course-length");
	assert_non_null(strstr(f[0].note.text, "7 sessions: more than"));
	assert_int_equal(CHECK(AC_SKIN_NORMAL, f, "2026-01-05", "2026-02-02"), 1);
	assert_int_equal(f[0].kind, AC_COURSE_TOO_FEW);
	assert_non_null(strstr(f[0].note.text, "fewer than the course of 3 to 6"));
	assert_int_equal(CHECK(AC_SKIN_NORMAL, f, "2026-01-05", "2026-02-02", "2026-03-02",
			       "2026-03-30", "2026-04-27", "2026-05-25"), 0);
}

static void test_findings_beyond_max_are_counted(void **state)
{
	(void)state;
	time_t t[8];
	for (int i = 0; i < 8; i++)
		t[i] = at("2026-01-05") + (time_t)i * 86400;	/* a day apart: 7 short gaps */
	ac_course_bounds b = bounds(AC_SKIN_NORMAL);
	ac_course_finding f[3];
	assert_int_equal(ac_course_check(&b, t, 8, f, 3), 8);	/* and too many */
	assert_int_equal(f[2].kind, AC_COURSE_GAP_SHORT);
	assert_int_equal(f[2].first, 2);
	assert_int_equal(ac_course_check(&b, t, 8, NULL, 0), 8);
	assert_int_equal(ac_course_check(&b, t, 0, NULL, 0), 1);	/* too few */
}

static void test_issue_names(void **state)
{
	(void)state;
	assert_string_equal(ac_course_issue_name(AC_COURSE_GAP_SHORT), "gap-too-short");
	assert_string_equal(ac_course_issue_name(AC_COURSE_GAP_LONG), "gap-too-long");
	assert_string_equal(ac_course_issue_name(AC_COURSE_TOO_MANY), "too-many");
	assert_string_equal(ac_course_issue_name(AC_COURSE_TOO_FEW), "too-few");
	assert_string_equal(ac_course_issue_name(AC_COURSE_NOT_IN_ORDER), "not-in-order");
	assert_string_equal(ac_course_issue_name((ac_course_issue)99), "?");
}

/* ---- home dermaroller ---- */

static void test_home_roller_plan(void **state)
{
	(void)state;
	ac_course c;
	char err[AC_ERRBUF_SIZE];
	assert_int_equal(ac_home_roller_plan(kb, at("2026-03-22 20:00"), 0.25, 4, &c, err), AC_OK);
	assert_int_equal(c.per_week, 2);	/* "2-3 times per week is plenty": the fewer */
	assert_int_equal(c.max_per_week, 3);
	assert_true(c.max_needle_mm == 0.25);
	assert_int_equal(c.n_sessions, 8);
	/* Days 0 and 4 of each week, at 20:00 on the clock across the spring change. */
	static const char *const want[] = {
		"2026-03-22T20:00:00+00:00", "2026-03-26T20:00:00+00:00", "2026-03-29T20:00:00+01:00",
		"2026-04-02T20:00:00+01:00", "2026-04-05T20:00:00+01:00", "2026-04-09T20:00:00+01:00",
		"2026-04-12T20:00:00+01:00", "2026-04-16T20:00:00+01:00",
	};
	for (size_t i = 0; i < 8; i++)
		assert_iso(c.sessions[i], want[i]);
	assert_non_null(note_of(&c, "home-roller-needle"));
	assert_non_null(note_of(&c, "home-roller-frequency"));
	const ac_course_note *ex = note_of(&c, "exercise-shotter-home-roller");
	assert_non_null(ex);
	assert_true(ex->warning);
	assert_non_null(strstr(ex->quote, "avoid immediate exercise after using a dermaroller"));
	assert_non_null(strstr(ex->text, "morning"));
	assert_false(note_of(&c, "home-roller-needle")->warning);
}

static void test_home_roller_refuses_long_needles(void **state)
{
	(void)state;
	double too_long[] = {0.26, 0.5, 1.5, 3};
	for (size_t i = 0; i < sizeof(too_long) / sizeof(too_long[0]); i++) {
		ac_course c;
		char err[AC_ERRBUF_SIZE];
		assert_int_equal(ac_home_roller_plan(kb, at("2026-12-01"), too_long[i], 4, &c, err),
				 AC_ERR_ARG);
		assert_int_equal(c.n_sessions, 0);
		assert_non_null(strstr(err, "0.25 mm the guide allows at home"));
		assert_non_null(strstr(err, fact("home-roller-needle")->quote));
		assert_non_null(strstr(err, fact("home-roller-professional-length")->quote));
		assert_non_null(note_of(&c, "home-roller-needle"));
		assert_non_null(note_of(&c, "home-roller-professional-length"));
	}
}

static void test_home_roller_bad_arguments(void **state)
{
	(void)state;
	ac_course c;
	char err[AC_ERRBUF_SIZE];
	double bad_needles[] = {0, -0.25, NAN, INFINITY};
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(ac_home_roller_plan(kb, at("2026-12-01"), bad_needles[i], 4, &c, err),
				 AC_ERR_ARG);
	assert_int_equal(ac_home_roller_plan(kb, at("2026-12-01"), 0.2, 0, &c, err), AC_ERR_ARG);
	assert_int_equal(ac_home_roller_plan(kb, at("2026-12-01"), 0.2, 33, &c, err), AC_ERR_ARG);
	assert_int_equal(ac_home_roller_plan(kb, at("2026-12-01"), 0.2, 32, &c, err), AC_OK);
	assert_int_equal(c.n_sessions, 64);
}

static int setup(void **state)
{
	(void)state;
	/* Dates are local: pin the zone, with its daylight-saving changes. */
	setenv("TZ", "Europe/London", 1);
	tzset();
	kb = load_guide_kb();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ac_kb_free(kb);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sensitive_course_across_the_spring_change),
		cmocka_unit_test(test_normal_course_of_six_across_the_autumn_change),
		cmocka_unit_test(test_unspecified_skin_takes_the_strictest_reading),
		cmocka_unit_test(test_skin_without_a_frequency_takes_the_strictest_reading),
		cmocka_unit_test(test_sensitive_notes_explain_both_figures),
		cmocka_unit_test(test_every_note_quotes_its_fact),
		cmocka_unit_test(test_sessions_outside_the_guides_course),
		cmocka_unit_test(test_the_numbers_come_from_the_kb),
		cmocka_unit_test(test_a_kb_without_the_facts_is_refused),
		cmocka_unit_test(test_a_good_course_has_no_findings),
		cmocka_unit_test(test_gap_too_short),
		cmocka_unit_test(test_gap_too_long),
		cmocka_unit_test(test_dates_out_of_order),
		cmocka_unit_test(test_too_many_and_too_few),
		cmocka_unit_test(test_findings_beyond_max_are_counted),
		cmocka_unit_test(test_issue_names),
		cmocka_unit_test(test_home_roller_plan),
		cmocka_unit_test(test_home_roller_refuses_long_needles),
		cmocka_unit_test(test_home_roller_bad_arguments),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
