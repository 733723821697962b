/* duration.c: "90m", "4h", "2d", "1w", "1d12h": the time words of the data and the options. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "kb_internal.h"

#define MAX_MINUTES ((int64_t)10 * 366 * 24 * 60)	/* ten years: beyond any plan */

static const struct unit {
	const char *name;
	int minutes;
} units[] = {
	{"m", 1},	   {"min", 1},	      {"mins", 1},    {"minute", 1},   {"minutes", 1},
	{"h", 60},	   {"hr", 60},	      {"hrs", 60},    {"hour", 60},    {"hours", 60},
	{"d", 1440},	   {"day", 1440},     {"days", 1440}, {"w", 10080},    {"wk", 10080},
	{"wks", 10080},	   {"week", 10080},   {"weeks", 10080},
};

static int unit_minutes(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strlen(units[i].name) == len && strncasecmp(s, units[i].name, len) == 0)
			return units[i].minutes;
	}
	return 0;
}

ac_result ac_duration_parse(const char *s, int32_t *minutes)
{
	int64_t total = 0;
	int parts = 0;
	if (!s)
		return AC_ERR_ARG;
	while (*s) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		if (!isdigit((unsigned char)*s))
			return AC_ERR_ARG;
		int64_t n = 0;
		while (isdigit((unsigned char)*s)) {
			n = n * 10 + (*s++ - '0');
			if (n > MAX_MINUTES)
				return AC_ERR_ARG;
		}
		while (*s == ' ')
			s++;
		const char *u = s;
		while (isalpha((unsigned char)*s))
			s++;
		int per = unit_minutes(u, (size_t)(s - u));
		if (!per)
			return AC_ERR_ARG;
		total += n * per;
		if (total > MAX_MINUTES)
			return AC_ERR_ARG;
		parts++;
	}
	if (!parts)
		return AC_ERR_ARG;
	*minutes = (int32_t)total;
	return AC_OK;
}

char *ac_duration_format(int32_t minutes, char *buf, size_t len)
{
	static const struct { int minutes; char unit; } steps[] = {
		{10080, 'w'}, {1440, 'd'}, {60, 'h'}, {1, 'm'},
	};
	size_t used = 0;
	if (minutes == AC_NO_END) {
		snprintf(buf, len, "none");
		return buf;
	}
	if (minutes <= 0) {	/* no negative durations exist after a treatment */
		snprintf(buf, len, "0h");
		return buf;
	}
	/* Weeks only when exact: "10d" reads better than "1w3d". */
	int first = minutes % 10080 == 0 ? 0 : 1;
	for (size_t i = (size_t)first; i < 4 && minutes > 0 && used < len; i++) {
		int n = minutes / steps[i].minutes;
		if (n) {
			int w = snprintf(buf + used, len - used, "%d%c", n, steps[i].unit);
			used += w > 0 ? (size_t)w : 0;
			minutes -= n * steps[i].minutes;
		}
	}
	return buf;
}

/* "2 days 7 h 25 min": a time that is not a whole number of hours (or, past three days,
 * of days), as a person reads it. */
static void compact_words(int32_t minutes, char *buf, size_t len)
{
	int32_t d = minutes / 1440, h = minutes % 1440 / 60, m = minutes % 60;
	int used = 0;
	if (d)
		used = snprintf(buf, len, "%d day%s", d, d == 1 ? "" : "s");
	if (h && used >= 0 && (size_t)used < len)
		used += snprintf(buf + used, len - (size_t)used, "%s%d h", used ? " " : "", h);
	if (m && used >= 0 && (size_t)used < len)
		snprintf(buf + used, len - (size_t)used, "%s%d min", used ? " " : "", m);
}

char *ac_duration_words(int32_t minutes, char *buf, size_t len)
{
	int32_t h = minutes / 60, d = minutes / 1440;
	if (len)
		buf[0] = '\0';
	if (minutes == AC_NO_END)
		snprintf(buf, len, "no end given");
	else if (minutes <= 0)
		snprintf(buf, len, "0 minutes");
	else if (minutes < 60 || (minutes % 60 && minutes <= 90))	/* the guide's "90 minutes" */
		snprintf(buf, len, "%d minute%s", minutes, minutes == 1 ? "" : "s");
	else if (minutes % 60 || (minutes >= 72 * 60 && minutes % 1440))
		compact_words(minutes, buf, len);	/* "7 h 25 min", "4 days 6 h" */
	else if (minutes < 1440 || minutes % 1440)
		snprintf(buf, len, "%d hour%s", h, h == 1 ? "" : "s");
	else if (d <= 4)	/* the guide says "48 hours" and "72 hours": keep both words */
		snprintf(buf, len, "%d hours (%d day%s)", h, d, d == 1 ? "" : "s");
	else if (d >= 14 && d % 7 == 0)
		snprintf(buf, len, "%d weeks", d / 7);
	else
		snprintf(buf, len, "%d days", d);
	return buf;
}
