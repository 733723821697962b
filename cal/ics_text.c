/* ics_text.c: a calendar's bytes made ready for libical: unfolded, then checked as UTF-8.
 * The order matters: RFC 5545 3.1 lets a line fold fall between the bytes of one UTF-8
 * character (apps that fold at 75 octets do it), so only the unfolded text can be checked. */
#include <stdint.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <utf8proc.h>

#include "ics_reader.h"

size_t ics_text_invalid_utf8(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		/* ASCII, most of a calendar, eight bytes at a time: no high bit, no NUL */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080u) ||
			    ((w - 0x0101010101010101u) & ~w & 0x8080808080808080u))
				break;
			i += 8;
		}
		if (i >= len)
			break;
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0 || cp == 0)
			return i;
		i += (size_t)n;
	}
	return (size_t)-1;
}

char *ics_text_unfold(const char *text, size_t len, size_t *out_len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	/* Blank space before BEGIN:VCALENDAR (some exporters write it) would make libical read
	 * the first line as a continuation, or as nothing. */
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
		i++;
	char *out = malloc(len - i + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	while (i < len) {
		size_t eol = text[i] == '\r' && i + 1 < len && text[i + 1] == '\n' ? 2
			   : text[i] == '\n' ? 1 : 0;
		if (eol && i + eol < len && (text[i + eol] == ' ' || text[i + eol] == '\t')) {
			i += eol + 1;	/* a fold: the line break and the one blank go */
			continue;
		}
		out[o++] = text[i++];
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}

/* Does the line [p, end) begin with the property name? (Case aside; the name ends at ';',
 * ':' or the line's end.) */
static bool named(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);
	return (size_t)(end - p) >= n && strncasecmp(p, name, n) == 0 &&
	       (p + n == end || p[n] == ';' || p[n] == ':');
}

/* The value of a "BEGIN:X" or "END:X" line, compared with x. */
static bool is_value(const char *p, const char *end, const char *x)
{
	const char *colon = memchr(p, ':', (size_t)(end - p));
	size_t n = strlen(x);
	return colon && (size_t)(end - colon - 1) == n && strncasecmp(colon + 1, x, n) == 0;
}

static bool needed(const char *p, const char *end)
{
	static const char *const keep[] = {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE",
					   "EXDATE", "RECURRENCE-ID", "UID", "SUMMARY", "STATUS"};
	for (size_t i = 0; i < sizeof(keep) / sizeof(*keep); i++)
		if (named(p, end, keep[i]))
			return true;
	/* a DESCRIPTION is a title only when there is no SUMMARY; an empty one says nothing
	 * (Google writes "DESCRIPTION:" on every event, and libical makes an error of it) */
	if (named(p, end, "DESCRIPTION")) {
		const char *colon = memchr(p, ':', (size_t)(end - p));
		return colon && colon + 1 < end;
	}
	return false;
}

size_t ics_text_keep_needed(char *s, size_t len)
{
	size_t w = 0;
	int depth = 0;	/* 0: outside any VEVENT; 1: in one; 2+: in a component inside one */
	for (size_t i = 0; i < len;) {
		char *nl = memchr(s + i, '\n', len - i);
		size_t next = nl ? (size_t)(nl - s) + 1 : len;
		const char *p = s + i, *end = s + next;	/* the line, without its line break */
		while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
			end--;
		bool begin = named(p, end, "BEGIN"), finish = named(p, end, "END"), keep = true;
		if (depth == 0) {
			if (begin && is_value(p, end, "VEVENT"))
				depth = 1;
		} else if ((finish && (is_value(p, end, "VEVENT") || is_value(p, end, "VCALENDAR"))) ||
			   (begin && is_value(p, end, "VEVENT"))) {
			depth = begin;	/* the event ends (or one begins: nothing is lost) */
		} else if (begin) {
			depth++, keep = false;
		} else if (finish && depth > 1) {
			depth--, keep = false;
		} else {
			keep = depth == 1 && needed(p, end);
		}
		if (keep) {
			memmove(s + w, s + i, next - i);
			w += next - i;
		}
		i = next;
	}
	s[w] = '\0';
	return w;
}
