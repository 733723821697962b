/* ics_window.c: the events libical need not parse, found in the text before it does.
 *
 * A Google export holds years of past events, and a check reads only the weeks after a
 * treatment: parsing every event into libical's tree was most of a check's time and memory
 * (docs/benchmarks.md). This scan finds, without libical, the VEVENTs directly inside a
 * VCALENDAR and reads the times of the plain ones: a single event (no RRULE, RDATE, EXDATE,
 * RECURRENCE-ID or DURATION), a UID no other event shares, and only lines read here exactly
 * (DTSTART and DTEND as a UTC, floating, TZID or all-day time; UID, SUMMARY, DESCRIPTION and
 * STATUS without parameters). ics_read.c resolves those times as it would have, and leaves
 * out of libical's parse the events whose one occurrence ends before the window or begins
 * after it. Anything unusual keeps the event, or the whole file, for libical: this is a
 * shortcut, never a second reader that could disagree with the first.
 */
#include <stdlib.h>
#include <string.h>

#include "ics_reader.h"

/* Is the name [p, p + n) the literal `name` (upper case)? */
#define is_name(p, n, name) ((n) == sizeof(name) - 1 && ics_text_same_name(p, name, sizeof(name) - 1))

/* The digits [p, p + n) as a number, or -1 when one is not a digit. */
static int digits(const char *p, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : days[m - 1];
}

/* A DTSTART or DTEND line (name n bytes long) read into *t: true only for the forms
 * "NAME:yyyymmddThhmmss[Z]", "NAME;TZID=zone:yyyymmddThhmmss" and "NAME;VALUE=DATE:yyyymmdd",
 * with a real date and time of 1900-2199, which libical reads to the same fields. */
static bool read_time(const char *p, const char *end, size_t n, ics_naive *t)
{
	const char *v = p + n;
	memset(t, 0, sizeof(*t));
	if (v < end && *v == ';') {
		if ((size_t)(end - v) > 12 && strncmp(v, ";VALUE=DATE:", 12) == 0) {
			t->date = true;
			v += 11;
		} else if ((size_t)(end - v) > 6 && strncmp(v, ";TZID=", 6) == 0) {
			const char *z = v + 6, *q = z;
			while (q < end && *q != ':' && *q != ';' && *q != '"')
				q++;
			if (q == z || q == end || *q != ':')
				return false;
			t->tzid = z;
			t->tzid_len = (size_t)(q - z);
			v = q;
		} else {
			return false;
		}
	}
	if (v >= end || *v != ':')
		return false;
	v++;
	size_t len = (size_t)(end - v);
	if (t->date ? len != 8 : !(len == 15 || (len == 16 && v[15] == 'Z' && !t->tzid)))
		return false;
	t->utc = len == 16;
	t->y = digits(v, 4), t->mo = digits(v + 4, 2), t->d = digits(v + 6, 2);
	if (t->y < 1900 || t->y > 2199 || t->mo < 1 || t->mo > 12 || t->d < 1 ||
	    t->d > days_in_month(t->y, t->mo))
		return false;
	if (t->date)
		return true;
	t->h = digits(v + 9, 2), t->mi = digits(v + 11, 2), t->s = digits(v + 13, 2);
	return v[8] == 'T' && t->h >= 0 && t->h < 24 && t->mi >= 0 && t->mi < 60 && t->s >= 0 &&
	       t->s < 60;
}

/* Reads one line of a candidate's body into c: false when it makes the event one to leave
 * to libical. */
static bool plain_line(const char *p, const char *end, ics_cand *c)
{
	size_t n = ics_text_name_length(p, end);
	bool bare = p + n < end && p[n] == ':', filled = bare && p + n + 1 < end;
	if (is_name(p, n, "DTSTART")) {
		if (c->has_start)
			return false;
		c->has_start = true;
		return read_time(p, end, n, &c->start);
	}
	if (is_name(p, n, "DTEND")) {
		if (c->has_end)
			return false;
		c->has_end = true;
		return read_time(p, end, n, &c->end);
	}
	if (is_name(p, n, "UID")) {
		/* the series is grouped by the UID's value: an escaped or quoted one is left to
		 * libical to unescape */
		if (c->uid || !filled || memchr(p, '\\', (size_t)(end - p)) ||
		    memchr(p, '"', (size_t)(end - p)))
			return false;
		c->uid = p + n + 1;
		c->uid_len = (size_t)(end - c->uid);
		return true;
	}
	if (is_name(p, n, "SUMMARY") || is_name(p, n, "DESCRIPTION"))
		return filled;
	if (is_name(p, n, "STATUS")) {
		size_t len = (size_t)(end - p);
		return bare && ((len == 16 && memcmp(p + 7, "CONFIRMED", 9) == 0) ||
				(len == 16 && memcmp(p + 7, "TENTATIVE", 9) == 0) ||
				(len == 16 && memcmp(p + 7, "CANCELLED", 9) == 0));
	}
	return false;	/* RRULE, RDATE, EXDATE, RECURRENCE-ID, DURATION, or anything else */
}

/* The value of a BEGIN or END line: 1 when it is exactly x, 0 when it is no prefix-alike of
 * it, -1 when it only begins like it (libical reads "VEVENTS" as a VEVENT). */
static int value_is(const char *p, const char *end, size_t n, const char *x)
{
	size_t len = strlen(x);
	const char *v = p + n + 1;
	if (v > end || (size_t)(end - v) < len || !ics_text_same_name(v, x, len))
		return 0;
	return (size_t)(end - v) == len ? 1 : -1;
}

/* FNV-1a of a UID. */
static uint64_t uid_hash(const char *p, size_t n)
{
	uint64_t h = 14695981039346656037u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211u;
	return h;
}

/* A UID shared with another event makes a series (a master and its overrides, or
 * duplicates): each of its events is left to libical. A hash table of the UIDs, open
 * addressing, at most half full. Returns -1 when out of memory. */
static int mark_shared_uids(ics_cand *c, size_t n)
{
	size_t size = 16;
	while (size < 2 * n)
		size *= 2;
	ics_cand **slot = calloc(size, sizeof(*slot));
	if (!slot)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!c[i].uid)
			continue;
		size_t k = uid_hash(c[i].uid, c[i].uid_len) & (size - 1);
		for (; slot[k]; k = (k + 1) & (size - 1))
			if (slot[k]->uid_len == c[i].uid_len &&
			    memcmp(slot[k]->uid, c[i].uid, c[i].uid_len) == 0) {
				slot[k]->plain = c[i].plain = false;
				break;
			}
		if (!slot[k])
			slot[k] = &c[i];
	}
	free(slot);
	return 0;
}

ics_cand *ics_window_scan(const char *s, size_t len, size_t *n_cand, size_t *n_roots)
{
	size_t n = 0, cap = 0, roots = 0;
	ics_cand *c = NULL, *cur = NULL;
	int depth = 0;
	bool in_vcal = false;	/* the root being read is a VCALENDAR */
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t next = nl ? (size_t)(nl - s) + 1 : len;
		const char *p = s + i, *end = s + next;
		while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
			end--;
		size_t nlen = ics_text_name_length(p, end);
		bool begin = is_name(p, nlen, "BEGIN"), finish = is_name(p, nlen, "END");
		if ((begin || finish) && (p + nlen >= end || p[nlen] != ':'))
			goto weird;	/* parameters on BEGIN or END, or no value */
		if (begin) {
			int vevent = value_is(p, end, nlen, "VEVENT");
			int vcal = value_is(p, end, nlen, "VCALENDAR");
			if (vevent < 0 || vcal < 0)
				goto weird;
			if (depth == 0) {
				roots++;
				in_vcal = vcal;
			} else if (cur) {
				cur->plain = false;	/* a component inside the event */
			} else if (depth == 1 && in_vcal && vevent) {
				if (n == cap) {
					cap = cap ? cap * 2 : 256;
					ics_cand *more = realloc(c, cap * sizeof(*c));
					if (!more)
						goto weird;
					c = more;
				}
				cur = &c[n++];
				*cur = (ics_cand){.begin = i, .root = roots - 1, .plain = true};
			}
			depth++;
		} else if (finish) {
			if (depth == 0)
				goto weird;	/* libical's parser would be at odds with this count */
			if (--depth == 1 && cur) {
				if (value_is(p, end, nlen, "VEVENT") != 1 || !cur->has_start)
					cur->plain = false;
				cur->end_at = next;
				cur = NULL;
			}
		} else if (cur && depth == 2 && !plain_line(p, end, cur)) {
			cur->plain = false;
		}
		i = next;
	}
	if (depth != 0 || mark_shared_uids(c, n))
		goto weird;
	*n_cand = n;
	*n_roots = roots;
	return c;
weird:	/* left to libical whole */
	free(c);
	*n_cand = 0;
	*n_roots = 0;
	return NULL;
}

size_t ics_window_cut(char *dst, const char *s, size_t len, const ics_cand *c, size_t n,
		      const bool *drop)
{
	size_t w = 0, from = 0;
	for (size_t i = 0; i < n; i++) {
		if (!drop[i])
			continue;
		if (dst + w != s + from)
			memmove(dst + w, s + from, c[i].begin - from);
		w += c[i].begin - from;
		from = c[i].end_at;
	}
	if (dst + w != s + from)
		memmove(dst + w, s + from, len - from);
	w += len - from;
	dst[w] = '\0';
	return w;
}
