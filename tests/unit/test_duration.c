/* test_duration.c: durations and local times, in and out (lib/duration.c, lib/timefmt.c).
 *
 * ac_duration_parse: every accepted form, and refusals of what is not a duration or lies
 * past ten years; ac_duration_format: exact output and round trips through the parser;
 * ac_duration_words; ac_time_parse: the accepted forms, impossible dates and garbage;
 * ac_time_format_iso: the offset in summer and winter under TZ=Europe/London.
 */
#include <time.h>

#include "testutil.h"

#define DAYS(d) HOURS((d) * 24)
#define WEEKS(w) DAYS((w) * 7)
#define TEN_YEARS DAYS(3660)	/* the parser's limit */

/* ---- ac_duration_parse ---- */

static void test_duration_parse_accepts(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int32_t minutes;
	} cases[] = {
		{"90m", 90},		{"4h", HOURS(4)},	{"2d", DAYS(2)},
		{"1w", WEEKS(1)},	{"1d12h", HOURS(36)},	{"36 hours", HOURS(36)},
		{"2 days", DAYS(2)},	{"1d 12h", HOURS(36)},	{"1 minute", 1},
		{"45 mins", 45},	{"45min", 45},		{"3 hrs", HOURS(3)},
		{"1 hr", 60},		{"1 day", DAYS(1)},	{"3 weeks", WEEKS(3)},
		{"2wk", WEEKS(2)},	{"2 wks", WEEKS(2)},	{"4H", HOURS(4)},
		{"1W2D", DAYS(9)},	{"0m", 0},		{" 4h ", HOURS(4)},
		{"1w1d1h1m", WEEKS(1) + DAYS(1) + 61},	{"3660d", TEN_YEARS},
		{"5270400m", TEN_YEARS},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int32_t m = -1;
		if (ac_duration_parse(cases[i].text, &m) != AC_OK || m != cases[i].minutes)
			fail_msg("\"%s\": want %d minutes, got %d", cases[i].text,
				 cases[i].minutes, m);
	}
}

static void test_duration_parse_refuses(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "   ", "3 dayz", "-1h", "h", "12", "+4h", "1h30", "1.5h", "4h!", "4h\n",
		"4 h h", "four hours", "2 fortnights", "1d,12h", "99999999999w", "3661d",
		"5270401m", "2147483647m", "523w",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int32_t m = 0;
		if (ac_duration_parse(bad[i], &m) != AC_ERR_ARG)
			fail_msg("\"%s\" accepted as %d minutes", bad[i], m);
	}
	int32_t m;
	assert_int_equal(ac_duration_parse(NULL, &m), AC_ERR_ARG);
}

static char *repeat(const char *unit, size_t times, const char *tail)
{
	size_t len = strlen(unit), tail_len = strlen(tail);
	char *s = malloc(len * times + tail_len + 1);
	assert_non_null(s);
	for (size_t i = 0; i < times; i++)
		memcpy(s + i * len, unit, len);
	memcpy(s + len * times, tail, tail_len + 1);
	return s;
}

/* Long input: a number of thousands of digits, parts that sum past ten years, garbage at
 * the end of a long run of spaces. */
static void test_duration_parse_refuses_absurdly_long_input(void **state)
{
	(void)state;
	int32_t m;
	char *digits = repeat("9", 5000, "h");
	assert_int_equal(ac_duration_parse(digits, &m), AC_ERR_ARG);
	free(digits);
	char *weeks = repeat("1w", 600, "");
	assert_int_equal(ac_duration_parse(weeks, &m), AC_ERR_ARG);
	free(weeks);
	char *spaces = repeat(" ", 100000, "x");
	assert_int_equal(ac_duration_parse(spaces, &m), AC_ERR_ARG);
	free(spaces);
	char *ones = repeat("1", 100000, "m");
	assert_int_equal(ac_duration_parse(ones, &m), AC_ERR_ARG);
	free(ones);
}

/* ---- ac_duration_format ---- */

static void test_duration_format_exact(void **state)
{
	(void)state;
	static const struct {
		int32_t minutes;
		const char *text;
	} cases[] = {
		{0, "0h"},		{45, "45m"},		{HOURS(4), "4h"},
		{DAYS(3), "3d"},	{WEEKS(1), "1w"},	{HOURS(36), "1d12h"},
		{DAYS(10), "10d"},	{WEEKS(2), "2w"},	{DAYS(1) + 1, "1d1m"},
		{AC_NO_END, "none"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[32];
		assert_string_equal(ac_duration_format(cases[i].minutes, buf, sizeof(buf)),
				    cases[i].text);
	}
}

static void round_trip(int32_t minutes)
{
	char buf[32];
	int32_t back = -1;
	ac_duration_format(minutes, buf, sizeof(buf));
	if (ac_duration_parse(buf, &back) != AC_OK || back != minutes)
		fail_msg("%d minutes -> \"%s\" -> %d", minutes, buf, back);
}

static void test_duration_format_round_trips(void **state)
{
	(void)state;
	for (int32_t m = 0; m <= WEEKS(3); m += 7)
		round_trip(m);
	static const int32_t big[] = {90, HOURS(36), DAYS(10) + 1, WEEKS(52) + 59,
				      TEN_YEARS - 1, TEN_YEARS};
	for (size_t i = 0; i < sizeof(big) / sizeof(big[0]); i++)
		round_trip(big[i]);
}

/* ---- ac_duration_words ---- */

static void test_duration_words(void **state)
{
	(void)state;
	static const struct {
		int32_t minutes;
		const char *words;
	} cases[] = {
		{90, "90 minutes"},
		{1, "1 minute"},
		{60, "1 hour"},
		{HOURS(4), "4 hours"},
		{HOURS(36), "36 hours"},
		{DAYS(1), "24 hours (1 day)"},
		{DAYS(3), "72 hours (3 days)"},
		{DAYS(4), "96 hours (4 days)"},
		{DAYS(5), "5 days"},
		{WEEKS(1), "7 days"},
		{DAYS(15), "15 days"},
		{WEEKS(2), "2 weeks"},
		{WEEKS(3), "3 weeks"},
		{AC_NO_END, "no end given"},
		/* Elapsed times as a person reads them, never "445 minutes" (issue 15). */
		{445, "7 h 25 min"},
		{91, "1 h 31 min"},
		{HOURS(2) + 5, "2 h 5 min"},
		{DAYS(2) + HOURS(3) + 5, "2 days 3 h 5 min"},
		{DAYS(1) + 1, "1 day 1 min"},
		{HOURS(71), "71 hours"},
		{DAYS(3) + HOURS(2), "3 days 2 h"},
		{DAYS(7) + HOURS(8), "7 days 8 h"},
		{DAYS(10) + HOURS(3), "10 days 3 h"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[64];
		assert_string_equal(ac_duration_words(cases[i].minutes, buf, sizeof(buf)),
				    cases[i].words);
	}
}

/* ---- local times (TZ=Europe/London: GMT in winter, BST = GMT+1 in summer) ---- */

static time_t utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			.tm_hour = h, .tm_min = mi, .tm_sec = s};
	return timegm(&tm);
}

static void set_zone(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static int london(void **state)
{
	(void)state;
	set_zone("Europe/London");
	return 0;
}

static void test_time_parse_accepts(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int y, mo, d, h, mi, s;
		int offset_h;	/* London's offset from UTC on that date */
	} cases[] = {
		{"2026-11-25 10:00", 2026, 11, 25, 10, 0, 0, 0},
		{"2026-11-25T10:00", 2026, 11, 25, 10, 0, 0, 0},
		{"2026-11-25 10:00:30", 2026, 11, 25, 10, 0, 30, 0},
		{"2026-11-25", 2026, 11, 25, 0, 0, 0, 0},
		{"2026-07-01 12:00", 2026, 7, 1, 12, 0, 0, 1},
		{"2028-02-29 08:15", 2028, 2, 29, 8, 15, 0, 0},
		{"2026-12-31T23:59:59", 2026, 12, 31, 23, 59, 59, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		time_t t = 0;
		time_t want = utc(cases[i].y, cases[i].mo, cases[i].d, cases[i].h, cases[i].mi,
				  cases[i].s) - cases[i].offset_h * 3600;
		if (ac_time_parse(cases[i].text, &t) != AC_OK || t != want)
			fail_msg("\"%s\": want %lld, got %lld", cases[i].text, (long long)want,
				 (long long)t);
	}
}

static void test_time_parse_refuses(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"2026-02-30 10:00", "2026-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
		"2026-11-00", "2026-11-25 25:00", "2026-11-25 24:00", "2026-11-25 10:60",
		"2026-11-25 10:00:60", "yesterday", "2026-11-25 10:00x", "2026-11-25 10:00 ",
		"2026-11-25x", "2026-11-25T", "2026-11-25 10", "2026-11-25 10:00:",
		"2026-11-25_10:00", "25/11/2026", "",
		/* loose shapes */
		"2026-1-5", "2026-11-25 1:5", "2026-11-25 +1:00", " 2026-11-25 10:00",
		/* 01:30 on 29 March 2026 does not exist in London: the clocks go 01:00 -> 02:00 */
		"2026-03-29 01:30",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		time_t t = 0;
		if (ac_time_parse(bad[i], &t) != AC_ERR_ARG)
			fail_msg("\"%s\" accepted as %lld", bad[i], (long long)t);
	}
	time_t t;
	assert_int_equal(ac_time_parse(NULL, &t), AC_ERR_ARG);
}

/* With an offset it is that instant, in any local zone; and what ac_time_format_iso writes
 * reads back as the same instant (the API's JSON can be sent back as it came). */
static void test_time_parse_offsets(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		long utc_minutes;	/* after 2026-11-25 00:00 UTC */
	} cases[] = {
		{"2026-11-25T10:00:00+00:00", 600}, {"2026-11-25T10:00Z", 600},
		{"2026-11-25 10:00:00Z", 600},	    {"2026-11-25T10:00+01:00", 540},
		{"2026-11-25T10:00-05:30", 930},    {"2026-11-25T01:00+14:00", -780},
		/* not a local gap: an instant with an offset always exists */
		{"2026-03-29T01:30:00+01:00", 0},
		/* JavaScript's toISOString: the fraction is dropped */
		{"2026-11-25T10:00:00.000Z", 600}, {"2026-11-25T10:00:00.999999999+00:00", 600},
	};
	static const char *const zones[] = {"Europe/London", "America/New_York", "Asia/Kolkata"};
	for (size_t z = 0; z < 3; z++) {
		set_zone(zones[z]);
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			time_t t = 0, want = utc(2026, 11, 25, 0, 0, 0) + cases[i].utc_minutes * 60;
			if (strncmp(cases[i].text, "2026-03-29", 10) == 0)
				want = utc(2026, 3, 29, 0, 30, 0);
			if (ac_time_parse(cases[i].text, &t) != AC_OK || t != want)
				fail_msg("%s: \"%s\": want %lld, got %lld", zones[z], cases[i].text,
					 (long long)want, (long long)t);
		}
		char buf[64];
		time_t back, now = utc(2026, 7, 1, 11, 22, 33);
		assert_int_equal(ac_time_parse(ac_time_format_iso(now, buf, sizeof(buf)), &back),
				 AC_OK);
		assert_int_equal(back, now);
	}
	static const char *const bad[] = {
		"2026-11-25T10:00+15:00", "2026-11-25T10:00+01:60", "2026-11-25T10:00+0100",
		"2026-11-25+01:00", "2026-11-25Z", "2026-02-30T10:00Z", "2026-11-25T10:00:60Z",
		"2026-11-25T10:00+01", "2026-11-25T10:00 +01:00", "2026-11-25T10:00z",
		/* a fraction only after seconds, 1 to 9 digits */
		"2026-11-25T10:00.5Z", "2026-11-25T10:00:00.Z", "2026-11-25T10:00:00.1234567890Z",
		"2026-11-25T10:00:00.12aZ",
		/* the bounds are the instant's: before 1970, after 2100, in UTC */
		"1970-01-01T00:59:59+01:00", "2100-12-31T23:59:00-12:00",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		time_t t = 0;
		if (ac_time_parse(bad[i], &t) != AC_ERR_ARG)
			fail_msg("\"%s\" accepted as %lld", bad[i], (long long)t);
	}
}

/* A local time that occurs twice (the clocks going back) is the later instant in every zone,
 * and said to be ambiguous; glibc's mktime alone gave the later in London, the earlier in
 * New York. One that occurs once is not ambiguous; one in a gap is refused. */
static void test_time_parse_ambiguous(void **state)
{
	(void)state;
	static const struct {
		const char *zone, *text;
		time_t want;
		bool ambiguous;
	} cases[] = {
		{"Europe/London", "2026-10-25 01:30", 0, true},	/* BST then GMT */
		{"America/New_York", "2026-11-01 01:30", 0, true},	/* EDT then EST */
		{"Europe/Dublin", "2026-10-25 01:30", 0, true},	/* IST then GMT, flags reversed */
		{"Australia/Lord_Howe", "2026-04-05 01:45", 0, true},	/* +11 then +10:30 */
		{"Europe/London", "2026-10-25 00:59", 0, false},
		{"Europe/London", "2026-10-25 02:00", 0, false},
		{"America/New_York", "2026-11-01 02:30", 0, false},
		{"Asia/Kolkata", "2026-11-01 01:30", 0, false},
		{"UTC", "2026-11-01 01:30", 0, false},
	};
	const time_t want[] = {
		utc(2026, 10, 25, 1, 30, 0), utc(2026, 11, 1, 6, 30, 0), utc(2026, 10, 25, 1, 30, 0),
		utc(2026, 4, 4, 15, 15, 0), utc(2026, 10, 24, 23, 59, 0), utc(2026, 10, 25, 2, 0, 0),
		utc(2026, 11, 1, 7, 30, 0), utc(2026, 10, 31, 20, 0, 0), utc(2026, 11, 1, 1, 30, 0),
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		set_zone(cases[i].zone);
		time_t t = 0;
		bool twice = !cases[i].ambiguous;
		if (ac_time_parse_ex(cases[i].text, &t, &twice) != AC_OK || t != want[i] ||
		    twice != cases[i].ambiguous)
			fail_msg("%s \"%s\": want %lld%s, got %lld%s", cases[i].zone, cases[i].text,
				 (long long)want[i], cases[i].ambiguous ? " (ambiguous)" : "",
				 (long long)t, twice ? " (ambiguous)" : "");
		time_t plain = 0;	/* ac_time_parse reads it the same */
		assert_int_equal(ac_time_parse(cases[i].text, &plain), AC_OK);
		assert_int_equal(plain, t);
	}
	/* the gaps stay refused; an offset is never ambiguous */
	set_zone("America/New_York");
	time_t t;
	bool twice = true;
	assert_int_equal(ac_time_parse_ex("2026-03-08 02:30", &t, &twice), AC_ERR_ARG);
	assert_int_equal(ac_time_parse_ex("2026-11-01T01:30-04:00", &t, &twice), AC_OK);
	assert_false(twice);
	assert_int_equal(t, utc(2026, 11, 1, 5, 30, 0));
}

/* ac_time_check says what it found, and why in words: each kind of refusal its own status
 * and message, the edges of 1970 and 2100 as instants (a zone's clock moves them), the
 * ambiguous time's note naming the instant taken. */
static void test_time_check_says_why(void **state)
{
	(void)state;
	static const struct {
		const char *zone, *text;
		ac_time_status status;
		const char *says;	/* in the message */
	} cases[] = {
		{"Europe/London", "2026-11-20 10:00", AC_TIME_OK, ""},
		{"Europe/London", "2026-10-25 01:30", AC_TIME_AMBIGUOUS,
		 "2026-10-25 01:30 occurs twice here (the clocks go back): read as the later, "
		 "2026-10-25T01:30:00+00:00"},
		{"America/New_York", "2026-11-01 01:30", AC_TIME_AMBIGUOUS,
		 "read as the later, 2026-11-01T01:30:00-05:00"},
		{"Europe/London", "2026-03-29 01:30", AC_TIME_IN_GAP,
		 "01:30 on 2026-03-29 does not exist here: the clocks go forward then, from GMT to BST"},
		{"America/New_York", "2026-03-08 02:59", AC_TIME_IN_GAP,
		 "02:59 on 2026-03-08 does not exist here: the clocks go forward then, from EST to EDT"},
		{"Australia/Lord_Howe", "2026-10-04 02:15", AC_TIME_IN_GAP, "the clocks go forward"},
		{"Europe/London", "2026-02-29 10:00", AC_TIME_NO_SUCH_DATE, "there is no 29 February 2026"},
		{"UTC", "2026-04-31", AC_TIME_NO_SUCH_DATE, "there is no 31 April 2026"},
		{"UTC", "2026-13-01", AC_TIME_NO_SUCH_DATE, "no such date or time"},
		{"UTC", "2026-11-20 24:00", AC_TIME_NO_SUCH_DATE, "no such date or time"},
		{"UTC", "20 Nov 2026", AC_TIME_MALFORMED, "expected a date and time, \"YYYY-MM-DD HH:MM\""},
		{"UTC", "2026-11-20T10:00+15:00", AC_TIME_MALFORMED, "an offset is at most +14:00"},
		{"UTC", "1969-12-31 23:59:59", AC_TIME_BEFORE_1970,
		 "before 1970: the earliest time taken is 1970-01-01T00:00:00Z (1970-01-01T00:00:00+00:00 here)"},
		{"UTC", "1970-01-01 00:00", AC_TIME_OK, ""},
		{"Europe/London", "1970-01-01 00:59:59", AC_TIME_BEFORE_1970, "before 1970"},	/* -1 */
		{"UTC", "1970-01-01T00:59:59+01:00", AC_TIME_BEFORE_1970, "before 1970"},	/* -1 too */
		{"Europe/London", "1970-01-01 00:00", AC_TIME_BEFORE_1970, "(1970-01-01T01:00:00+01:00 here)"},
		{"America/New_York", "1969-12-31 23:59", AC_TIME_OK, ""},	/* 04:59 UTC in 1970 */
		{"UTC", "0000-01-01", AC_TIME_BEFORE_1970, "before 1970"},
		{"UTC", "2100-12-31 23:59:59", AC_TIME_OK, ""},
		{"UTC", "2101-01-01 00:00", AC_TIME_AFTER_2100,
		 "after 2100: the latest time taken is 2100-12-31T23:59:59Z (2100-12-31T23:59:59+00:00 here)"},
		{"Pacific/Auckland", "2101-01-01 00:00", AC_TIME_OK, ""},	/* 11:00 UTC in 2100 */
		{"America/New_York", "2100-12-31 23:30", AC_TIME_AFTER_2100,
		 "(2100-12-31T18:59:59-05:00 here)"},
		{"UTC", "9999-12-31 23:59", AC_TIME_AFTER_2100, "after 2100"},
		{"UTC", "2100-12-31T20:00:00-05:00", AC_TIME_AFTER_2100, "after 2100"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		set_zone(cases[i].zone);
		time_t t = 42;
		ac_time_status st = (ac_time_status)-1;
		char msg[256] = "untouched";
		ac_result rc = ac_time_check(cases[i].text, &t, &st, msg, sizeof(msg));
		bool fine = cases[i].status == AC_TIME_OK || cases[i].status == AC_TIME_AMBIGUOUS;
		if (st != cases[i].status || rc != (fine ? AC_OK : AC_ERR_ARG) ||
		    !strstr(msg, cases[i].says) || (cases[i].status == AC_TIME_OK && *msg) ||
		    (!fine && t != 42))
			fail_msg("%s \"%s\": status %d (want %d), rc %d, t %lld, \"%s\" (want \"%s\")",
				 cases[i].zone, cases[i].text, (int)st, (int)cases[i].status, (int)rc,
				 (long long)t, msg, cases[i].says);
		/* ac_time_parse agrees on what is taken */
		time_t plain = 42;
		assert_int_equal(ac_time_parse(cases[i].text, &plain), fine ? AC_OK : AC_ERR_ARG);
		assert_int_equal(plain, t);
	}
	/* status and message are optional */
	time_t t;
	assert_int_equal(ac_time_check("2026-11-20", &t, NULL, NULL, 0), AC_OK);
	assert_int_equal(ac_time_check(NULL, &t, NULL, NULL, 0), AC_ERR_ARG);
}

static const char *iso(time_t t)
{
	static char buf[64];
	return ac_time_format_iso(t, buf, sizeof(buf));
}

static void test_time_format_iso_summer_and_winter(void **state)
{
	(void)state;
	assert_string_equal(iso(utc(2026, 7, 1, 11, 0, 0)), "2026-07-01T12:00:00+01:00");
	assert_string_equal(iso(utc(2026, 11, 25, 10, 0, 0)), "2026-11-25T10:00:00+00:00");
	/* The clocks go forward at 01:00 GMT on 29 March 2026. */
	time_t change = utc(2026, 3, 29, 1, 0, 0);
	assert_string_equal(iso(change - 1), "2026-03-29T00:59:59+00:00");
	assert_string_equal(iso(change), "2026-03-29T02:00:00+01:00");

	time_t t;
	assert_int_equal(ac_time_parse("2026-07-01 12:00", &t), AC_OK);
	assert_string_equal(iso(t), "2026-07-01T12:00:00+01:00");
	assert_int_equal(ac_time_parse("2026-11-25T10:00:30", &t), AC_OK);
	assert_string_equal(iso(t), "2026-11-25T10:00:30+00:00");
}

/* A negative offset and one of half an hour. */
static void test_time_format_iso_other_zones(void **state)
{
	(void)state;
	time_t t = utc(2026, 11, 25, 10, 0, 0);
	set_zone("America/New_York");
	assert_string_equal(iso(t), "2026-11-25T05:00:00-05:00");
	set_zone("Asia/Kolkata");
	assert_string_equal(iso(t), "2026-11-25T15:30:00+05:30");
}

static void test_time_format_human(void **state)
{
	(void)state;
	char buf[64];
	assert_string_equal(ac_time_format_human(utc(2026, 11, 25, 10, 0, 0), buf, sizeof(buf)),
			    "Wed 25 Nov 10:00");
	assert_string_equal(ac_time_format_human(utc(2026, 7, 1, 11, 5, 0), buf, sizeof(buf)),
			    "Wed 1 Jul 12:05");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duration_parse_accepts),
		cmocka_unit_test(test_duration_parse_refuses),
		cmocka_unit_test(test_duration_parse_refuses_absurdly_long_input),
		cmocka_unit_test(test_duration_format_exact),
		cmocka_unit_test(test_duration_format_round_trips),
		cmocka_unit_test(test_duration_words),
		cmocka_unit_test(test_time_parse_accepts),
		cmocka_unit_test(test_time_parse_refuses),
		cmocka_unit_test_teardown(test_time_parse_offsets, london),
		cmocka_unit_test_teardown(test_time_parse_ambiguous, london),
		cmocka_unit_test_teardown(test_time_check_says_why, london),
		cmocka_unit_test(test_time_format_iso_summer_and_winter),
		cmocka_unit_test_teardown(test_time_format_iso_other_zones, london),
		cmocka_unit_test(test_time_format_human),
	};
	return cmocka_run_group_tests(tests, london, NULL);
}
