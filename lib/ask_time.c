/* ask_time.c: the moment a question asks about, from its words, with its anchor: relative to
 * the treatment ("24hrs after", "two days post", "day 3", "right after", "the day after
 * microneedling") or to the moment of asking ("tomorrow", "tonight", "on friday", "next
 * monday", "this weekend", "dec 7", "7/12", "in 2 days", "the next morning"). The readings
 * are in docs/ask.md; the guide's own time words are read the same way (docs/semantics.md). */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "ask_internal.h"

static const struct { const char *word; int value; } number_words[] = {
	{"zero", 0},	  {"one", 1},	     {"two", 2},	{"three", 3},	 {"four", 4},
	{"five", 5},	  {"six", 6},	     {"seven", 7},	{"eight", 8},	 {"nine", 9},
	{"ten", 10},	  {"eleven", 11},    {"twelve", 12},	{"thirteen", 13}, {"fourteen", 14},
	{"fifteen", 15},  {"sixteen", 16},   {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19},
	{"twenty", 20},	  {"thirty", 30},    {"forty", 40},	{"fifty", 50},	 {"sixty", 60},
	{"seventy", 70},  {"eighty", 80},    {"ninety", 90},	{"a", 1},	 {"an", 1},
	{"couple", 2},	  {"few", 3},
};

static const struct { const char *word; int value; } ordinals[] = {
	{"first", 1}, {"second", 2}, {"third", 3}, {"fourth", 4}, {"fifth", 5}, {"sixth", 6},
	{"seventh", 7}, {"eighth", 8}, {"ninth", 9}, {"tenth", 10}, {"1st", 1}, {"2nd", 2},
	{"3rd", 3}, {"4th", 4}, {"5th", 5}, {"6th", 6}, {"7th", 7}, {"8th", 8}, {"9th", 9},
	{"10th", 10},
};

static const struct { const char *word; int minutes; } units[] = {
	{"minute", 1}, {"minutes", 1}, {"min", 1},     {"mins", 1},	{"hour", 60},
	{"hours", 60}, {"hr", 60},     {"hrs", 60},    {"h", 60},	{"day", 1440},
	{"days", 1440}, {"d", 1440},   {"week", 10080}, {"weeks", 10080}, {"wk", 10080},
	{"wks", 10080}, {"w", 10080},  {"month", 43200}, {"months", 43200},
	{"fortnight", 20160}, {"fortnights", 20160},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int word_value(const char *w)
{
	for (size_t i = 0; i < COUNT(number_words); i++)
		if (strcmp(w, number_words[i].word) == 0)
			return number_words[i].value;
	return -1;
}

static int unit_minutes(const char *w)
{
	for (size_t i = 0; i < COUNT(units); i++)
		if (strcmp(w, units[i].word) == 0)
			return units[i].minutes;
	return 0;
}

static int ordinal(const ask_tokens *tk, size_t i, size_t *used)
{
	for (size_t k = 0; k < COUNT(ordinals); k++)
		if (strcmp(tk->t[i].raw, ordinals[k].word) == 0) {
			*used = 1;
			return ordinals[k].value;
		}
	/* "2nd" arrives as "2" "nd" */
	if (tk->t[i].number && i + 1 < tk->n &&
	    (!strcmp(tk->t[i + 1].raw, "st") || !strcmp(tk->t[i + 1].raw, "nd") ||
	     !strcmp(tk->t[i + 1].raw, "rd") || !strcmp(tk->t[i + 1].raw, "th"))) {
		*used = 2;
		/* a year of days at most: no cast of a huge number, no overflow in minutes */
		double v = tk->t[i].value;
		return v >= 1 && v <= 366 ? (int)v : -1;
	}
	return -1;
}

static bool is(const ask_tokens *tk, size_t i, const char *w)
{
	return i < tk->n && !tk->t[i].used && strcmp(tk->t[i].raw, w) == 0;
}

static void use(ask_tokens *tk, size_t from, size_t n)
{
	for (size_t k = from; k < from + n && k < tk->n; k++)
		tk->t[k].used = true;
}

/* A number at i: digits, a number word, or tens and units ("twenty four"). */
static double number_at(const ask_tokens *tk, size_t i, size_t *len)
{
	*len = 0;
	if (i >= tk->n || tk->t[i].used)
		return -1;
	if (tk->t[i].number) {
		*len = 1;
		return tk->t[i].value;
	}
	int v = word_value(tk->t[i].raw);
	if (v < 0)
		return -1;
	*len = 1;
	if (v >= 20 && v % 10 == 0 && i + 1 < tk->n) {
		int u = word_value(tk->t[i + 1].raw);
		if (u > 0 && u < 10 && strcmp(tk->t[i + 1].raw, "a") && strcmp(tk->t[i + 1].raw, "an")) {
			*len = 2;
			v += u;
		}
	}
	if (!strcmp(tk->t[i].raw, "couple") && is(tk, i + 1, "of"))
		*len = 2;
	/* "a couple of days", "a few hours": the count, not "a" (one) */
	if (v == 1 && (is(tk, i + 1, "couple") || is(tk, i + 1, "few"))) {
		size_t more;
		double n = number_at(tk, i + 1, &more);
		*len = 1 + more;
		return n;
	}
	return v;
}

/* ---- moments relative to now, in local time ---- */

typedef struct clock_ctx {
	time_t treated, now;
	struct tm now_tm;	/* now, broken down in local time */
} clock_ctx;

/* Minutes after treatment of local day (today + days) at hour:minute; hour < 0: at now's
 * clock time. mktime normalises the day (month and year ends) and finds the DST offset. */
static int32_t day_at(const clock_ctx *c, int days, int hour, int minute)
{
	struct tm tm = c->now_tm;
	tm.tm_mday += days;
	if (hour >= 0) {
		tm.tm_hour = hour;
		tm.tm_min = minute;
	}
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	if (t == (time_t)-1)
		return (int32_t)(difftime(c->now, c->treated) / 60);
	double d = difftime(t, c->treated) / 60;
	return d > INT32_MAX / 2 ? INT32_MAX / 2 : (int32_t)d;
}

static const struct { const char *word; int hour; } parts_of_day[] = {
	{"morning", 9}, {"am", 9}, {"lunchtime", 12}, {"lunch", 12}, {"noon", 12},
	{"midday", 12}, {"afternoon", 15}, {"evening", 20}, {"night", 20}, {"tonight", 20},
	{"pm", 15}, {"nite", 20}, {"eve", 20}, {"arvo", 15},
};

/* A part of day at token i ("morning", "in the evening"): its hour, with *len tokens. */
static int part_of_day(const ask_tokens *tk, size_t i, size_t *len)
{
	size_t skip = 0;
	if (is(tk, i, "in") && is(tk, i + 1, "the"))
		skip = 2;
	else if (is(tk, i, "at") || is(tk, i, "in"))
		skip = 1;
	if (is(tk, i + skip, "first") && is(tk, i + skip + 1, "thing")) {
		*len = skip + 2;	/* "first thing monday", "tomorrow first thing" */
		return 9;
	}
	/* "sunday, am i allowed": the verb, not a.m. */
	if (is(tk, i + skip, "am") && is(tk, i + skip + 1, "i"))
		return *len = 0, -1;
	for (size_t k = 0; k < COUNT(parts_of_day); k++)
		if (is(tk, i + skip, parts_of_day[k].word)) {
			*len = skip + 1;
			return parts_of_day[k].hour;
		}
	*len = 0;
	return -1;
}

static const char *const weekdays[7][4] = {
	{"sunday", NULL}, {"monday", "mon", NULL}, {"tuesday", "tues", "tue", NULL},
	{"wednesday", "wed", "weds", NULL}, {"thursday", "thurs", "thur", "thu"},
	{"friday", "fri", NULL}, {"saturday", NULL},
};

static int weekday_at(const ask_tokens *tk, size_t i)
{
	for (int d = 0; d < 7; d++)
		for (int k = 0; k < 4 && weekdays[d][k]; k++)
			if (is(tk, i, weekdays[d][k]))
				return d;
	/* "sat" and "sun" are words too ("sat in the sun"): only after "on", "this", "next",
	 * or right before a part of the day ("sat morning"); "sat" also last or before "ok" */
	size_t plen;
	bool sat_end = is(tk, i, "sat") && (i + 1 == tk->n || is(tk, i + 1, "ok") ||
					    is(tk, i + 1, "okay") || is(tk, i + 1, "alright") ||
					    is(tk, i + 1, "fine"));	/* "is sat ok", "... sat?" */
	if ((i > 0 && (!strcmp(tk->t[i - 1].raw, "on") || !strcmp(tk->t[i - 1].raw, "this") ||
		       !strcmp(tk->t[i - 1].raw, "next"))) ||
	    (part_of_day(tk, i + 1, &plen) >= 0 && plen == 1) || sat_end) {
		if (is(tk, i, "sat"))
			return 6;
		if (is(tk, i, "sun") && !is(tk, i + 1, "exposure") && !is(tk, i + 1, "screen"))
			return 0;
	}
	return -1;
}

static const char *const months[12][3] = {
	{"january", "jan", NULL}, {"february", "feb", NULL}, {"march", "mar", NULL},
	{"april", "apr", NULL},	  {"may", NULL},		{"june", "jun", NULL},
	{"july", "jul", NULL},	  {"august", "aug", NULL},	{"september", "sept", "sep"},
	{"october", "oct", NULL}, {"november", "nov", NULL},	{"december", "dec", NULL},
};

static int month_at(const ask_tokens *tk, size_t i)
{
	for (int m = 0; m < 12; m++)
		for (int k = 0; k < 3 && months[m][k]; k++)
			if (is(tk, i, months[m][k]) && (m != 4 || k != 0 || i == 0 ||
							 tk->t[i + 1 < tk->n ? i + 1 : i].number))
				return m;	/* "may" only as a month when a number follows */
	return -1;
}

/* A day of the month at i: "7", "7th", "the 7th": returns 1..31 with *len, or -1. */
static int month_day(const ask_tokens *tk, size_t i, size_t *len)
{
	size_t skip = is(tk, i, "the") ? 1 : 0;
	if (i + skip >= tk->n || !tk->t[i + skip].number || tk->t[i + skip].used)
		return -1;
	double v = tk->t[i + skip].value;
	if (v < 1 || v > 31 || v != (int)v)
		return -1;
	*len = skip + 1;
	if (is(tk, i + skip + 1, "st") || is(tk, i + skip + 1, "nd") || is(tk, i + skip + 1, "rd") ||
	    is(tk, i + skip + 1, "th"))
		(*len)++;
	return (int)v;
}

/* Days from today to the next day-of-month `day` of month `month` (0-based), today
 * included, within a year; -1 if no such date. */
static int days_to_date(const clock_ctx *c, int month, int day)
{
	for (int year = c->now_tm.tm_year; year <= c->now_tm.tm_year + 1; year++) {
		struct tm tm = {.tm_year = year, .tm_mon = month, .tm_mday = day, .tm_hour = 12,
				.tm_isdst = -1};
		struct tm today = c->now_tm;
		today.tm_hour = 12;
		today.tm_min = today.tm_sec = 0;
		today.tm_isdst = -1;
		time_t t = mktime(&tm), t0 = mktime(&today);
		if (t == (time_t)-1 || t0 == (time_t)-1 || tm.tm_mday != day)
			continue;	/* 31 Feb rolled over: no such date */
		double days = difftime(t, t0) / 86400;
		if (days > -0.5)
			return (int)(days + 0.5);
	}
	return -1;
}

/* A holiday of fixed date at i: "christmas eve", "christmas day", "boxing day", "new year's
 * eve", "nye", "new year's day" (not "christmas" alone: "the works christmas do" is no
 * date). Its date (tm_mon, tm_mday) in *month, *day; returns its words, or 0. */
static size_t holiday(const ask_tokens *tk, size_t i, int *month, int *day)
{
	bool xmas = is(tk, i, "christmas") || is(tk, i, "xmas");
	bool new_year = is(tk, i, "new") && (is(tk, i + 1, "years") || is(tk, i + 1, "year"));
	*month = 11;
	if (xmas && is(tk, i + 1, "eve"))
		return *day = 24, 2;
	if (xmas && is(tk, i + 1, "day"))
		return *day = 25, 2;
	if (is(tk, i, "boxing") && is(tk, i + 1, "day") && !(i + 2 < tk->n && tk->t[i + 2].number))
		return *day = 26, 2;	/* not "boxing day 4": boxing on day 4 */
	if (is(tk, i, "nye") || (new_year && is(tk, i + 2, "eve")))
		return *day = 31, is(tk, i, "nye") ? 1 : 3;
	if (new_year && is(tk, i + 2, "day"))
		return *month = 0, *day = 1, 3;
	return 0;
}

size_t ask_holiday_len(const ask_tokens *tk, size_t i)
{
	int month, day;
	return holiday(tk, i, &month, &day);
}

/* A date at i: "dec 7", "december 7th", "7 dec", "7th of december", "7/12" (day/month, or
 * month/day when only that is a date; of two readings the nearer one ahead). Returns the
 * days from today with *len, or -1. */
static int date_at(const clock_ctx *c, const ask_tokens *tk, size_t i, size_t *len)
{
	size_t dl;
	int m, d;
	if ((dl = holiday(tk, i, &m, &d)) > 0) {	/* "boxing day" */
		*len = dl;
		return days_to_date(c, m, d);
	}
	m = month_at(tk, i);
	if (m >= 0 && (d = month_day(tk, i + 1, &dl)) > 0) {	/* "dec 7th" */
		*len = 1 + dl;
		return days_to_date(c, m, d);
	}
	if ((d = month_day(tk, i, &dl)) > 0) {
		size_t of = is(tk, i + dl, "of") ? 1 : 0;
		if ((m = month_at(tk, i + dl + of)) >= 0) {	/* "7th of december" */
			*len = dl + of + 1;
			return days_to_date(c, m, d);
		}
		/* "7/12": two numbers, the second right after a slash, no unit after them */
		size_t j = i + dl;
		if (dl == 1 && j < tk->n && tk->t[j].number && tk->t[j].after_slash &&
		    !tk->t[j].used && !(j + 1 < tk->n && unit_minutes(tk->t[j + 1].raw))) {
			double b = tk->t[j].value;
			int dm = b >= 1 && b <= 12 && b == (int)b ? days_to_date(c, (int)b - 1, d) : -1;
			int md = d <= 12 && b >= 1 && b <= 31 && b == (int)b
					 ? days_to_date(c, d - 1, (int)b) : -1;
			*len = 2;
			if (dm < 0 || (md >= 0 && md < dm))
				return md;
			return dm;
		}
		/* "on the 24th", "the 3rd": a day of this month, or of the next when it is past;
		 * not "the 3rd day", "the 2nd session" (counted from the treatment, or a count) */
		bool marked = dl > 1 || (i > 0 && is(tk, i - 1, "on"));
		static const char *const owners[] = {"my", "your", "her", "his", "their", "our", NULL};
		for (size_t k = 0; owners[k] && marked && i > 0; k++)
			marked = !is(tk, i - 1, owners[k]);	/* "my 2nd": a count, not a date */
		static const char *const counted[] = {"day", "session", "sessions", "treatment",
						       "time", "week", "one", "of", NULL};
		bool count = j < tk->n && (tk->t[j].number || unit_minutes(tk->t[j].raw));
		for (size_t k = 0; counted[k] && !count; k++)
			count = is(tk, j, counted[k]);
		if (marked && !count) {
			int month = c->now_tm.tm_mon;
			int days = d >= c->now_tm.tm_mday ? days_to_date(c, month, d) : -1;
			*len = dl;
			return days >= 0 ? days : days_to_date(c, (month + 1) % 12, d);
		}
	}
	return -1;
}

static const char *const right_after[][2] = {
	{"right", "after"}, {"straight", "after"}, {"same", "day"}, {"just", "after"},
	{"directly", "after"},
};

/* "right away", "immediately", "now": the moment of asking. */
static const char *const right_away[][2] = {
	{"right", "away"}, {"straight", "away"}, {"immediately", NULL}, {"right", "now"},
	{"asap", NULL},
};

/* Words after "the day after" / "the morning after" that make it the treatment's. */
static bool names_treatment(const ask_tokens *tk, size_t i)
{
	static const char *const words[] = {"microneedling", "microneedle", "needling", "treatment",
					    "procedure", "session", "appointment", "it", "my", "the",
					    "dermapen", "procell", "microchanneling"};
	for (size_t k = 0; k < COUNT(words); k++)
		if (is(tk, i, words[k]))
			return true;
	return false;
}

/* Whether the words after "at 7" leave it an hour ("at 7 before work", "at 11?"), not a
 * count ("at 2 sessions") or a size ("at 1 mm"). */
static bool bare_hour_ends(const ask_tokens *tk, size_t i)
{
	static const char *const words[] = {"before", "after", "on", "tomorrow", "tmrw", "tmw",
					    "tonight", "today", "in", "ok", "okay", "fine", "then",
					    "and", "or", "please", "pls", "if", "so", "is", "would",
					    "will", "ish", "latest", "still", "alright", "x", "xx",
					    "the", "at", "for", "with", "cos", "because", "as", NULL};
	if (i >= tk->n)
		return true;
	for (size_t k = 0; words[k]; k++)
		if (!strcmp(tk->t[i].raw, words[k]))
			return true;
	return false;
}

/* Whether the question speaks of an evening: then "at 7" is 19:00. */
static bool evening_words(const ask_tokens *tk)
{
	static const char *const words[] = {"evening", "tonight", "night", "nite", "eve", "dinner",
					    "pm", NULL};
	for (size_t i = 0; i < tk->n; i++)
		for (size_t k = 0; words[k]; k++)
			if (!strcmp(tk->t[i].raw, words[k]))
				return true;
	for (size_t i = 0; i + 1 < tk->n; i++)
		if (!strcmp(tk->t[i].raw, "after") && !strcmp(tk->t[i + 1].raw, "work"))
			return true;
	return false;
}

/* A clock time at i: "at 6pm", "6 pm", "at 18", "6 o'clock", "10:30", "6.30am", "at 7"
 * (07:00, or 19:00 in a question about an evening): minutes after midnight, or -1. */
static int clock_at(const ask_tokens *tk, size_t i, size_t *len)
{
	size_t at = is(tk, i, "at") || is(tk, i, "around") || is(tk, i, "about") ? 1 : 0;
	if (i + at >= tk->n || !tk->t[i + at].number || tk->t[i + at].used)
		return -1;
	double v = tk->t[i + at].value;
	/* "6.30am", "at 7.15": hours and minutes with a point, as British English writes them */
	const char *point = strchr(tk->t[i + at].raw, '.');
	if (point && strlen(point + 1) == 2 && v >= 0 && v < 24 &&
	    (at || is(tk, i + at + 1, "am") || is(tk, i + at + 1, "pm"))) {
		int hh = (int)v, mm = (point[1] - '0') * 10 + (point[2] - '0');
		size_t l = at + 1;
		if (mm >= 60)
			return -1;
		if (is(tk, i + l, "pm") && hh < 12)
			hh += 12, l++;
		else if (is(tk, i + l, "am"))
			hh = hh == 12 ? 0 : hh, l++;
		*len = l;
		return hh * 60 + mm;
	}
	if (v < 0 || v > 24 || v != (int)v)
		return -1;
	int h = (int)v;
	/* "10:30", "at 7:15pm": minutes after a colon are dropped to the hour's start when
	 * nothing finer matters; the hour decides the verdict at the guide's granularity */
	if (i + at + 1 < tk->n && tk->t[i + at + 1].number && tk->t[i + at + 1].after_colon &&
	    tk->t[i + at + 1].value < 60 && h < 24) {
		size_t l = at + 2;
		int hh = h, mm = (int)tk->t[i + at + 1].value;
		if (is(tk, i + l, "pm") && hh < 12)
			hh += 12, l++;
		else if (is(tk, i + l, "am"))
			hh = hh == 12 ? 0 : hh, l++;
		*len = l;
		return hh * 60 + mm;
	}
	if (is(tk, i + at + 1, "pm") && h < 12) {
		*len = at + 2;
		return (h + 12) * 60;
	}
	if (is(tk, i + at + 1, "am")) {
		*len = at + 2;
		return (h == 12 ? 0 : h) * 60;
	}
	if (is(tk, i + at + 1, "oclock") ||
	    (at && h >= 13 && h <= 23 && !(i + at + 1 < tk->n && unit_minutes(tk->t[i + at + 1].raw))) ||
	    (at && h >= 1 && h <= 12 && bare_hour_ends(tk, i + at + 1))) {
		*len = at + 1 + (is(tk, i + at + 1, "oclock") ? 1 : 0);
		/* "at 7" with "evening", "tonight", "after work" near: 19:00 */
		if (h >= 1 && h <= 11 && evening_words(tk))
			h += 12;
		return h % 24 * 60;
	}
	return -1;
}

/* A part of day or a clock time after a day ("tomorrow morning", "friday at 6pm"), in
 * minutes after midnight, or -1. */
static int part_after(ask_tokens *tk, size_t i, size_t *len)
{
	int h = part_of_day(tk, i, len);
	return h >= 0 ? h * 60 : clock_at(tk, i, len);
}

/* day_at with a time of day in minutes after midnight (-1: now's clock time). */
static int32_t day_at_min(const clock_ctx *c, int days, int minutes)
{
	return minutes < 0 ? day_at(c, days, -1, 0) : day_at(c, days, minutes / 60, minutes % 60);
}

static bool about_treatment(const ask_tokens *tk, size_t i);

/* "for" just before a count, or before "the first"/"the next" and a count: "no makeup for 24
 * hours", "dos and donts for the first few days": how long, not when. */
static bool for_before(const ask_tokens *tk, size_t at)
{
	size_t k = at;
	if (k > 0 && (!strcmp(tk->t[k - 1].raw, "first") || !strcmp(tk->t[k - 1].raw, "next")))
		k--;
	if (k < at && k > 0 && !strcmp(tk->t[k - 1].raw, "the"))
		k--;
	return k > 0 && !strcmp(tk->t[k - 1].raw, "for");
}

/* A day named just after a span that it restates: "in 3 weeks time, so on the 11th", "in 4
 * days (friday)". The day is exact where the count is rough, so it is the moment: within
 * three days of the span's, else it is another moment and the span stands. Minutes after
 * treatment, or -1. */
static int32_t restated_day(const clock_ctx *c, ask_tokens *tk, size_t from, int32_t span)
{
	for (size_t j = from; j < tk->n && j < from + 6; j++) {
		size_t len = 1, plen;
		int days = date_at(c, tk, j, &len), wd = days < 0 ? weekday_at(tk, j) : -1;
		if (wd >= 0)
			days = (wd - c->now_tm.tm_wday + 7) % 7;
		if (days < 0 || about_treatment(tk, j))
			continue;
		int h = part_after(tk, j + len, &plen);
		int32_t v = day_at_min(c, days, h);
		if (v > span + 3 * 1440 || v < span - 3 * 1440)
			return -1;
		use(tk, j, len + plen);
		return v;
	}
	return -1;
}

/* Day N of the recovery starts at `start`; asked during it ("I'm on day 4"), it means now. */
static int32_t within_day(int32_t start, int32_t now_min)
{
	return now_min >= start && now_min < start + 1440 ? now_min : start;
}

/* Whether the verb at token j is supposed, not done: "if i did a HIIT class friday night". */
static bool supposed(const ask_tokens *tk, size_t j)
{
	return (j >= 1 && !strcmp(tk->t[j - 1].raw, "if")) ||
	       (j >= 2 && !strcmp(tk->t[j - 2].raw, "if") && !strcmp(tk->t[j - 1].raw, "i"));
}

/* Whether one of `words` (NULL-ended) is among the four words before token i in its clause.
 * A number, what is glued to it ("2.5mm") and an aside in brackets do not count as words:
 * "deep needling (2.5mm) on the 20th" says when the treatment was. */
static bool word_before(const ask_tokens *tk, size_t i, const char *const *words)
{
	size_t seen = 0;
	for (size_t j = i; j-- > 0 && seen < 4 && tk->t[j].clause >= tk->t[i].clause;) {
		/* a later clause before i is a bracket closed since: an aside */
		if (tk->t[j].number || tk->t[j].glued || tk->t[j].clause > tk->t[i].clause)
			continue;
		seen++;
		for (size_t k = 0; words[k]; k++)
			if (!strcmp(tk->t[j].raw, words[k]) && !supposed(tk, j))
				return true;
	}
	return false;
}

/* Whether the words before token i put it in the past: "treatment was friday", "had it done
 * fri", "last friday". */
static bool in_the_past(const ask_tokens *tk, size_t i)
{
	static const char *const words[] = {"had", "done", "did", "was", "treated", "last",
					    "microneedled", "needled", NULL};
	return word_before(tk, i, words);
}

/* A clock time anywhere in the question, not yet read ("at 7am tmrw"): minutes after
 * midnight, or -1. */
static int clock_anywhere(ask_tokens *tk)
{
	for (size_t i = 0; i < tk->n; i++) {
		size_t len;
		int h = clock_at(tk, i, &len);
		if (h < 0 && is(tk, i, "first") && is(tk, i + 1, "thing")) {
			h = 9 * 60;	/* "first thing monday": the part of day before the day */
			len = 2;
		}
		if (h < 0 && (is(tk, i, "noon") || is(tk, i, "midday"))) {
			h = 12 * 60;	/* "at noon tomorrow" */
			len = 1;
		}
		if (h >= 0 && in_the_past(tk, i))	/* "microneedled at 10am": when it was */
			continue;
		if (h >= 0) {
			use(tk, i, len);
			return h;
		}
	}
	return -1;
}

/* Whether a day or a time at token i says when the treatment was, not the moment asked
 * about: "had mine done fri morning", "treatment was on friday", "deep needling on friday",
 * "microneedling last friday". Looks at the four words before it. */
static bool about_treatment(const ask_tokens *tk, size_t i)
{
	static const char *const words[] = {"had", "done", "did", "treatment", "treated",
					    "microneedling", "microneedled", "needling", "needled",
					    "procedure", "mine", "deep", "was", "last", NULL};
	return word_before(tk, i, words);
}

enum { TEXT_NONE, TEXT_TODAY, TEXT_TOMORROW, TEXT_TONIGHT };

/* "2day", "2moro", "2nite" at token i (the tokenizer splits them at the digit: "2", then
 * "day" glued to it): which, or TEXT_NONE. */
static int texting(const ask_tokens *tk, size_t i)
{
	static const struct { const char *rest; int what; } words[] = {
		{"day", TEXT_TODAY},	   {"moro", TEXT_TOMORROW}, {"morrow", TEXT_TOMORROW},
		{"mrw", TEXT_TOMORROW},	   {"moz", TEXT_TOMORROW},  {"morro", TEXT_TOMORROW},
		{"mro", TEXT_TOMORROW},	   {"nite", TEXT_TONIGHT},  {"night", TEXT_TONIGHT},
	};
	if (!tk->t[i].number || tk->t[i].used || strcmp(tk->t[i].raw, "2") || i + 1 >= tk->n ||
	    !tk->t[i + 1].glued || tk->t[i + 1].used)
		return TEXT_NONE;
	for (size_t k = 0; k < COUNT(words); k++)
		if (!strcmp(tk->t[i + 1].raw, words[k].rest))
			return words[k].what;
	return TEXT_NONE;
}

/* Whether a count of days since the treatment ("5 days in") is the moment of asking, rounded
 * as people round: within a day of it. Then the clock's moment is the more exact. */
static bool near_now(int32_t count, int32_t now_min)
{
	return count > now_min - 1440 && count < now_min + 1440;
}

/* Whether a count since the treatment is the moment of asking as the person counts it: near
 * it, or, said as at least that long ("it's been over a week"), not past it. */
static bool count_is_now(int32_t count, bool at_least, int32_t now_min)
{
	return near_now(count, now_min) || (at_least && now_min >= count);
}

/* Whether token at stands in advice someone gave, said earlier in its clause: "my friend
 * says I can use it after 4 days. tomorrow is fine?", "the nurse told me 48 hours". The
 * moment asked about is another, when one is named. */
static bool reported(const ask_tokens *tk, size_t at)
{
	static const char *const words[] = {"said", "says", "say", "told", "tells", "reckons",
					    "recommended", "recommends", "advised", "suggested",
					    "heard", "read", NULL};
	for (size_t j = at; j-- > 0 && tk->t[j].clause == tk->t[at].clause;)
		for (size_t k = 0; words[k]; k++)
			if (!strcmp(tk->t[j].raw, words[k]))
				return true;
	return false;
}

/* A moment counted from the treatment at token at: true when it is the moment asked about;
 * false when it stands in another clause than the activity's ("day after my microneedling
 * here. is it ok to work out monday at 6pm"), where it says what day it is now, or in
 * advice reported: then it is kept in *fallback, for when the question names no other
 * moment. */
static bool treatment_moment(const ask_tokens *tk, size_t at, int act_clause, int32_t value,
			     int32_t *fallback, ac_anchor *fallback_anchor)
{
	if ((act_clause < 0 || at >= tk->n || tk->t[at].clause == act_clause) && !reported(tk, at))
		return true;
	if (*fallback < 0) {
		*fallback = value;
		*fallback_anchor = AC_ANCHOR_TREATMENT;
	}
	return false;
}

/* "in the morning", "in the evening", "at night" with no day named: the next such time from
 * now (tomorrow's morning when this one has passed; tonight, or now, in the evening). */
static int32_t next_part_of_day(const clock_ctx *c, int hour, int32_t now_min)
{
	int32_t today = day_at(c, 0, hour, 0);
	if (hour == 20)
		return today > now_min ? today : now_min;
	return today >= now_min ? today : day_at(c, 1, hour, 0);
}

/* Whether the number at token at (len tokens, then its unit) says how long a thing lasts:
 * "my 20 min peloton ride", "a 2 hour flight", "the 45 minute class" (a word of ownership or
 * an article before it, and a word after its unit in the same clause that does not count
 * time: not "after", "post", "later", "ago", "in", "on", "from", "since", "out", nor one
 * that says the span passes: "once the 72 hours are up", "the 48 hour mark"). */
static bool lasts(const ask_tokens *tk, size_t at, size_t len)
{
	static const char *const before[] = {"my", "a", "an", "the", "his", "her", "our", "their",
					     "your", NULL};
	static const char *const counting[] = {"after", "post", "later", "ago", "in", "on", "from",
					       "since", "out", "of", "or", "and", "to", "before",
					       "past", "pt", "postop", "are", "is", "have", "has",
					       "be", "up", "pass", "passed", "mark", "window", NULL};
	size_t next = at + len + 1;
	if (at == 0 || next >= tk->n || tk->t[next].clause != tk->t[at].clause ||
	    tk->t[next].number || unit_minutes(tk->t[next].raw))
		return false;
	bool owned = false;
	for (size_t k = 0; before[k] && !owned; k++)
		owned = !strcmp(tk->t[at - 1].raw, before[k]);
	for (size_t k = 0; counting[k] && owned; k++)
		owned = strcmp(tk->t[next].raw, counting[k]) != 0;
	return owned;
}

/* "this morning", "this afternoon": asked during it (morning 05–12, lunchtime 11–14,
 * afternoon 13–17), now ("gym this morning?" at 07:45); before it, its hour ("this
 * afternoon" at noon: 15:00); after it, its hour too (it says when something was). "this
 * evening" as "tonight": 20:00, or now when later. */
static int32_t this_part_of_day(const clock_ctx *c, int hour, int32_t now_min)
{
	if (hour == 20)
		return next_part_of_day(c, hour, now_min);
	int from = hour == 9 ? 5 : hour == 12 ? 11 : 13, to = hour == 9 ? 12 : hour == 12 ? 14 : 17;
	int h = c->now_tm.tm_hour;
	return h >= from && h < to ? now_min : day_at(c, 0, hour, 0);
}

int32_t ask_find_time(ask_tokens *tk, time_t treated, int32_t now_min, int act_clause,
		      ac_anchor *anchor, bool *kept)
{
	if (kept)
		*kept = false;
	clock_ctx c = {.treated = treated, .now = treated + (time_t)now_min * 60};
	localtime_r(&c.now, &c.now_tm);
	*anchor = AC_ANCHOR_NOW;
	/* A day said beside the treatment ("had mine done fri morning"): the moment only when
	 * the question names no other ("can I book my next microneedling for dec 9"). */
	int32_t fallback = -1;
	ac_anchor fallback_anchor = AC_ANCHOR_NOW;
	bool fallback_state = false;	/* it says what day it is now: "5 days in", "it's been" */
	bool fallback_at_least = false;	/* "it's been over a week": now may be later */
	for (size_t i = 0; i < tk->n; i++) {
		size_t len, plen;
		int h;
		if (tk->t[i].used)
			continue;
		bool right = false;
		for (size_t k = 0; k < COUNT(right_after) && !right; k++)
			right = is(tk, i, right_after[k][0]) && is(tk, i + 1, right_after[k][1]);
		if (right) {
			use(tk, i, 2);
			if (treatment_moment(tk, i, act_clause, 0, &fallback, &fallback_anchor)) {
				*anchor = AC_ANCHOR_TREATMENT;
				return 0;
			}
			continue;
		}
		for (size_t k = 0; k < COUNT(right_away); k++)
			if (is(tk, i, right_away[k][0]) && (!right_away[k][1] || is(tk, i + 1, right_away[k][1]))) {
				size_t n = right_away[k][1] ? 2 : 1;
				use(tk, i, n);
				if (is(tk, i + n, "after")) {	/* "straight away after microneedling" */
					*anchor = AC_ANCHOR_TREATMENT;
					return 0;
				}
				return now_min > 0 ? now_min : 0;
			}
		if (is(tk, i, "day") && is(tk, i + 1, "after") && is(tk, i + 2, "tomorrow")) {
			h = part_after(tk, i + 3, &plen);
			use(tk, i, 3 + plen);
			return day_at_min(&c, 2, h >= 0 ? h : clock_anywhere(tk));
		}
		if (is(tk, i, "tonight") || is(tk, i, "tonite") ||
		    (is(tk, i, "this") && (is(tk, i + 1, "evening") || is(tk, i + 1, "night")))) {
			use(tk, i, is(tk, i, "this") ? 2 : 1);
			int clock = clock_anywhere(tk);	/* "party at 7pm tonight" */
			int32_t t = clock >= 0 ? day_at_min(&c, 0, clock) : day_at(&c, 0, 20, 0);
			return t > now_min ? t : now_min;
		}
		/* Texting's "2day", "2moro", "2nite": "to" written as a 2, glued to the word */
		int texted = texting(tk, i);
		if (texted == TEXT_TODAY) {	/* the moment of asking, not "2 days after" */
			use(tk, i, 2);
			continue;
		}
		if (texted == TEXT_TONIGHT) {
			use(tk, i, 2);
			int32_t t = day_at(&c, 0, 20, 0);
			return t > now_min ? t : now_min;
		}
		if (texted == TEXT_TOMORROW || is(tk, i, "tomorrow") || is(tk, i, "tmrw") ||
		    is(tk, i, "tmr") || is(tk, i, "tomorow") || is(tk, i, "tommorow") ||
		    is(tk, i, "tmw") || is(tk, i, "tmrow") || is(tk, i, "tomoz") || is(tk, i, "tomorro")) {
			size_t skip = texted == TEXT_TOMORROW ? 2 : 1;
			h = part_after(tk, i + skip, &plen);
			use(tk, i, skip + plen);
			return day_at_min(&c, 1, h >= 0 ? h : clock_anywhere(tk));
		}
		/* "the next morning": tomorrow from now; "the morning after microneedling": the
		 * treatment's next day */
		if ((is(tk, i, "next") || is(tk, i, "following")) && (h = part_of_day(tk, i + 1, &plen)) >= 0 &&
		    h != 20) {
			use(tk, i, 1 + plen);
			return day_at(&c, 1, h, 0);
		}
		if ((h = part_of_day(tk, i, &plen)) >= 0 && plen == 1 && is(tk, i + 1, "after") &&
		    names_treatment(tk, i + 2)) {
			use(tk, i, 2);
			clock_ctx t = c;
			t.now = treated;
			localtime_r(&t.now, &t.now_tm);
			int32_t v = day_at(&t, 1, h, 0);
			if (treatment_moment(tk, i, act_clause, v, &fallback, &fallback_anchor)) {
				*anchor = AC_ANCHOR_TREATMENT;
				return v;
			}
			continue;
		}
		if (((is(tk, i, "next") || is(tk, i, "following")) && is(tk, i + 1, "day")) ||
		    (is(tk, i, "day") && is(tk, i + 1, "after"))) {
			use(tk, i, 2);	/* "the next day", "the day after (microneedling)" */
			if (treatment_moment(tk, i, act_clause, 24 * 60, &fallback, &fallback_anchor)) {
				*anchor = AC_ANCHOR_TREATMENT;
				return 24 * 60;
			}
			continue;
		}
		int wd = weekday_at(tk, i);
		if (wd >= 0 && i > 0 && (!strcmp(tk->t[i - 1].raw, "its") ||
					 (i > 1 && !strcmp(tk->t[i - 1].raw, "is") &&
					  (!strcmp(tk->t[i - 2].raw, "it") ||
					   !strcmp(tk->t[i - 2].raw, "today"))))) {
			part_after(tk, i + 1, &plen);	/* "it's monday lunchtime": now */
			use(tk, i, 1 + plen);
			continue;
		}
		if (wd >= 0 && about_treatment(tk, i)) {
			/* when it was done: past, no moment ("treatment was friday"); beside a
			 * session to come ("my next microneedling on friday"), the moment only when
			 * no other is named: kept for the end */
			int days = (wd - c.now_tm.tm_wday + 7) % 7;
			h = part_after(tk, i + 1, &plen);
			use(tk, i, 1 + plen);
			if (!in_the_past(tk, i) && fallback < 0) {
				fallback = day_at_min(&c, days, h >= 0 ? h : clock_anywhere(tk));
				fallback_anchor = AC_ANCHOR_NOW;
			}
			continue;
		}
		if (wd >= 0) {
			bool next = i > 0 && !strcmp(tk->t[i - 1].raw, "next");
			int days = (wd - c.now_tm.tm_wday + 7) % 7;
			if (next && days == 0)
				days = 7;
			h = part_after(tk, i + 1, &plen);
			use(tk, i, 1 + plen);
			/* "on thursday! … thursday afternoon when we land": the day said again, with
			 * its time */
			for (size_t j = i + 1 + plen; h < 0 && j < tk->n; j++)
				if (weekday_at(tk, j) == wd) {
					size_t jl;
					h = part_after(tk, j + 1, &jl);
					if (h >= 0)
						use(tk, j, 1 + jl);
				}
			if (next)
				use(tk, i - 1, 1);
			return day_at_min(&c, days, h >= 0 ? h : clock_anywhere(tk));
		}
		if (is(tk, i, "weekend") || is(tk, i, "wkend") || is(tk, i, "wknd")) {
			int days = (6 - c.now_tm.tm_wday + 7) % 7;
			if (c.now_tm.tm_wday == 0)
				days = 0;	/* asked on a Sunday: this weekend is today */
			if (i > 0 && !strcmp(tk->t[i - 1].raw, "next"))
				days = c.now_tm.tm_wday == 0 ? 6 : days + 7;	/* the one after */
			use(tk, i, 1);
			return day_at(&c, days, -1, 0);
		}
		if (is(tk, i, "end") && is(tk, i + 1, "of") && is(tk, i + 2, "the") &&
		    is(tk, i + 3, "week")) {	/* the coming Friday */
			use(tk, i, 4);
			return day_at(&c, (5 - c.now_tm.tm_wday + 7) % 7, -1, 0);
		}
		int dd = date_at(&c, tk, i, &len);
		if (dd >= 0 && about_treatment(tk, i) && fallback < 0) {
			h = part_after(tk, i + len, &plen);
			use(tk, i, len + plen);
			/* "book my next microneedling for 9am on dec 18": that day at 9am */
			if (h < 0 && !in_the_past(tk, i))
				h = clock_anywhere(tk);
			fallback = day_at_min(&c, dd, h >= 0 ? h : -1);
			continue;
		}
		if (dd >= 0) {
			h = part_after(tk, i + len, &plen);
			use(tk, i, len + plen);
			return day_at_min(&c, dd, h >= 0 ? h : clock_anywhere(tk));
		}
		if (is(tk, i, "next") && is(tk, i + 1, "week")) {
			use(tk, i, 2);
			return day_at(&c, 7, -1, 0);
		}
		size_t nlen;
		double day = is(tk, i, "day") ? number_at(tk, i + 1, &nlen) : -1;
		/* "day 3", "day four"; but in "leg day 4 days after" the number has its unit */
		if (day >= 1 && day <= 366 && strcmp(tk->t[i + 1].raw, "a") &&
		    strcmp(tk->t[i + 1].raw, "an") &&
		    !(i + 1 + nlen < tk->n && unit_minutes(tk->t[i + 1 + nlen].raw))) {
			use(tk, i, 1 + nlen);
			int32_t v = within_day(((int32_t)day - 1) * 1440, now_min);
			if (treatment_moment(tk, i, act_clause, v, &fallback, &fallback_anchor)) {
				*anchor = AC_ANCHOR_TREATMENT;
				return v;
			}
			continue;
		}
		int ord = ordinal(tk, i, &len);
		if (ord > 0 && is(tk, i + len, "day")) {	/* "the third day" */
			use(tk, i, len + 1);
			int32_t v = within_day((ord - 1) * 1440, now_min);
			if (treatment_moment(tk, i, act_clause, v, &fallback, &fallback_anchor)) {
				*anchor = AC_ANCHOR_TREATMENT;
				return v;
			}
			continue;
		}
		bool in = is(tk, i, "in") || is(tk, i, "within");
		size_t at = in ? i + 1 : i;
		if (is(tk, at, "half") && is(tk, at + 1, "an") && is(tk, at + 2, "hour")) {
			use(tk, i, at - i + 3);
			if (in)
				return now_min + 30;
			*anchor = AC_ANCHOR_TREATMENT;
			return 30;
		}
		double n = number_at(tk, at, &len);
		if (n < 0)
			continue;
		/* "for the next few days", "the next 3 days": how long, not when */
		if (at > 0 && !in && !strcmp(tk->t[at - 1].raw, "next")) {
			int unit = at + len < tk->n ? unit_minutes(tk->t[at + len].raw) : 0;
			if (unit) {
				use(tk, i, at + len + 1 - i);
				continue;
			}
		}
		/* "once a month", "2-3 times a week": how often, not when */
		if (at > 0 && (!strcmp(tk->t[at - 1].raw, "once") || !strcmp(tk->t[at - 1].raw, "twice") ||
			       !strcmp(tk->t[at - 1].raw, "times") || !strcmp(tk->t[at - 1].raw, "per") ||
			       !strcmp(tk->t[at - 1].raw, "every")))
			continue;	/* "every 3-4 weeks" too */
		int per = at + len < tk->n ? unit_minutes(tk->t[at + len].raw) : 0;
		/* "it's been 3 days", "been nearly a week": how long it has been, the moment of
		 * asking; a moment named besides it ("jogging in the morning?") is the one asked */
		bool been = false;
		for (size_t back = 1; back <= 3 && back <= at && !been; back++)
			been = !strcmp(tk->t[at - back].raw, "been");
		/* "it's been over a week", "more than 2 weeks": at least that long */
		bool at_least = at > 0 && (!strcmp(tk->t[at - 1].raw, "over") ||
					   !strcmp(tk->t[at - 1].raw, "past") ||
					   (at > 1 && !strcmp(tk->t[at - 1].raw, "than") &&
					    !strcmp(tk->t[at - 2].raw, "more")));
		/* "3-4 weeks between (sessions)", "4 weeks apart": how often, not when */
		if (per && (is(tk, at + len + 1, "between") || is(tk, at + len + 1, "apart"))) {
			use(tk, i, at + len + 2 - i);
			continue;
		}
		if (per && been && n <= 3660) {	/* now, as the person counts it: kept for the end */
			use(tk, i, at + len + 1 - i);
			if (fallback < 0) {
				fallback = (int32_t)(n * per + 0.5);
				fallback_anchor = AC_ANCHOR_TREATMENT;
				fallback_state = true;
				fallback_at_least = at_least;
			}
			continue;
		}
		/* "hold off for a few days", "no makeup for 24 hours": how long, not when */
		if (per && !in && for_before(tk, at) &&
		    !is(tk, at + len + 1, "after") && !is(tk, at + len + 1, "post")) {
			use(tk, at, len + 1);
			continue;
		}
		if (per && !in && lasts(tk, at, len)) {	/* "my 20 min ride": how long it lasts */
			use(tk, at, len + 1);
			continue;
		}
		if (per && n <= 3660) {
			int32_t span = (int32_t)(n * per + 0.5);
			size_t end = at + len + 1;
			bool from_now = is(tk, end, "from") && is(tk, end + 1, "now");
			/* "5 days in.", "nearly 2 weeks on": what day it is now, as "it's been" */
			bool state = !in && (((is(tk, end, "in") || is(tk, end, "on") ||
					       is(tk, end, "later")) &&
					      (end + 1 >= tk->n ||
					       tk->t[end + 1].clause != tk->t[end].clause)) ||
					     is(tk, end, "ago"));	/* "4 days ago": now */
			use(tk, i, end - i + (from_now ? 2 : 0) + (state ? 1 : 0));
			int32_t said = restated_day(&c, tk, end + (from_now ? 2 : 0),
						    in || from_now ? now_min + span : span);
			if (said >= 0) {
				*anchor = AC_ANCHOR_NOW;
				return said;
			}
			if (in || from_now)
				return now_min + span;
			if (state) {
				if (fallback < 0) {
					fallback = span;
					fallback_anchor = AC_ANCHOR_TREATMENT;
					fallback_state = true;
				}
				continue;
			}
			if (treatment_moment(tk, i, act_clause, span, &fallback, &fallback_anchor)) {
				*anchor = AC_ANCHOR_TREATMENT;
				return span;
			}
			continue;
		}
	}
	/* "this morning", "this afternoon" and a bare clock time ("at 6pm": today) last: in
	 * "had it done this morning, can I run tomorrow" they say when the treatment was, and
	 * "tomorrow" is the moment. */
	for (size_t i = 0; i < tk->n; i++) {
		size_t plen;
		int h;
		if ((h = clock_at(tk, i, &plen)) >= 0) {
			use(tk, i, plen);
			if (in_the_past(tk, i))	/* "had it done at 10 today": when it was */
				continue;
			*anchor = AC_ANCHOR_NOW;
			return day_at_min(&c, 0, h);
		}
		if (is(tk, i, "this") && (h = part_of_day(tk, i + 1, &plen)) >= 0) {
			use(tk, i, 1 + plen);
			*anchor = AC_ANCHOR_NOW;
			return this_part_of_day(&c, h, now_min);
		}
		if (is(tk, i, "now") || is(tk, i, "rn")) {	/* "ok to rinse now?" */
			use(tk, i, 1);
			if (fallback >= 0 && fallback_anchor == AC_ANCHOR_TREATMENT &&
			    !count_is_now(fallback, fallback_at_least, now_min)) {
				*anchor = AC_ANCHOR_TREATMENT;	/* "4 days ago … now": their count */
				return fallback;
			}
			*anchor = AC_ANCHOR_NOW;
			return now_min;
		}
		/* "in the morning", "at night", "in the evening": no day named */
		if ((is(tk, i, "in") || is(tk, i, "at")) && (h = part_of_day(tk, i, &plen)) >= 0 &&
		    plen >= 2 && strcmp(tk->t[i + plen - 1].raw, "am") &&
		    strcmp(tk->t[i + plen - 1].raw, "pm") && !about_treatment(tk, i)) {
			use(tk, i, plen);
			*anchor = AC_ANCHOR_NOW;
			return next_part_of_day(&c, h, now_min);
		}
	}
	if (fallback >= 0 && fallback_state && count_is_now(fallback, fallback_at_least, now_min)) {
		*anchor = AC_ANCHOR_NOW;	/* "5 days in": now, by the clock, which is exact */
		return now_min;
	}
	if (fallback >= 0) {
		*anchor = fallback_anchor;
		if (kept)
			*kept = true;
		return fallback;
	}
	*anchor = AC_ANCHOR_ASKED;
	return -1;
}
