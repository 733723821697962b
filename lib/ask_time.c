/* ask_time.c: the moment a question asks about, from its words: "24hrs", "two days",
 * "a week", "tomorrow", "tonight", "right after", "day 3". The readings are in
 * docs/ask.md; the guide's own time words are read the same way (docs/semantics.md). */
#include <string.h>

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
	return v;
}

static int32_t tonight(time_t treated)
{
	struct tm tm;
	localtime_r(&treated, &tm);
	tm.tm_hour = 20;
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	double d = difftime(mktime(&tm), treated) / 60;
	return d > 0 ? (int32_t)d : 0;
}

static const char *const right_away[][2] = {
	{"right", "after"}, {"straight", "after"}, {"right", "away"}, {"straight", "away"},
	{"same", "day"},    {"just", "after"},     {"directly", "after"}, {"immediately", NULL},
};

int32_t ask_find_time(ask_tokens *tk, time_t treated)
{
	for (size_t i = 0; i < tk->n; i++) {
		size_t len;
		for (size_t k = 0; k < COUNT(right_away); k++)
			if (is(tk, i, right_away[k][0]) && (!right_away[k][1] || is(tk, i + 1, right_away[k][1]))) {
				use(tk, i, right_away[k][1] ? 2 : 1);
				return 0;
			}
		if (is(tk, i, "tonight") || (is(tk, i, "this") && is(tk, i + 1, "evening"))) {
			use(tk, i, is(tk, i, "tonight") ? 1 : 2);
			return tonight(treated);
		}
		if (is(tk, i, "day") && is(tk, i + 1, "after") && is(tk, i + 2, "tomorrow")) {
			use(tk, i, 3);
			return 48 * 60;
		}
		if (is(tk, i, "tomorrow") || is(tk, i, "tmrw") || is(tk, i, "tmr") ||
		    (is(tk, i, "next") && is(tk, i + 1, "day")) ||
		    (is(tk, i, "following") && is(tk, i + 1, "day")) ||
		    (is(tk, i, "day") && is(tk, i + 1, "after"))) {
			use(tk, i, is(tk, i, "next") || is(tk, i, "following") || is(tk, i, "day") ? 2 : 1);
			return 24 * 60;
		}
		size_t nlen;
		double day = is(tk, i, "day") ? number_at(tk, i + 1, &nlen) : -1;
		/* "day 3", "day four"; but in "leg day 4 days after" the number has its unit */
		if (day >= 1 && day <= 366 && strcmp(tk->t[i + 1].raw, "a") &&
		    strcmp(tk->t[i + 1].raw, "an") &&
		    !(i + 1 + nlen < tk->n && unit_minutes(tk->t[i + 1 + nlen].raw))) {
			use(tk, i, 1 + nlen);
			return ((int32_t)day - 1) * 1440;
		}
		int ord = ordinal(tk, i, &len);
		if (ord > 0 && is(tk, i + len, "day")) {	/* "the third day" */
			use(tk, i, len + 1);
			return (ord - 1) * 1440;
		}
		if (is(tk, i, "half") && is(tk, i + 1, "an") && is(tk, i + 2, "hour")) {
			use(tk, i, 3);
			return 30;
		}
		double n = number_at(tk, i, &len);
		if (n < 0)
			continue;
		int per = i + len < tk->n ? unit_minutes(tk->t[i + len].raw) : 0;
		if (per && n <= 3660) {
			use(tk, i, len + 1);
			return (int32_t)(n * per + 0.5);
		}
	}
	return -1;
}
