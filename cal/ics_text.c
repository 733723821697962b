/* ics_text.c: a calendar's bytes made ready for libical: unfolded, then checked as UTF-8.
 * The order matters: RFC 5545 3.1 lets a line fold fall between the bytes of one UTF-8
 * character (apps that fold at 75 octets do it), so only the unfolded text can be checked. */
#include <stdint.h>
#include <stdlib.h>
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
		/* copy up to and with the next LF; a fold is a line break and one blank */
		const char *nl = memchr(text + i, '\n', len - i);
		size_t j = nl ? (size_t)(nl - text) : len;	/* the LF, or the end */
		bool fold = nl && j + 1 < len && (text[j + 1] == ' ' || text[j + 1] == '\t');
		size_t keep = fold ? j - (j > i && text[j - 1] == '\r') : (nl ? j + 1 : len);
		memcpy(out + o, text + i, keep - i);
		o += keep - i;
		i = fold ? j + 2 : keep;
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}

static bool is_name(const char *p, size_t n, const char *name, size_t len)
{
	return n == len && ics_text_same_name(p, name, len);
}

/* The value of a "BEGIN:X" or "END:X" line (name n bytes long), compared with x. */
static bool is_value(const char *p, const char *end, size_t n, const char *x)
{
	size_t len = strlen(x);
	return p + n < end && p[n] == ':' && (size_t)(end - p - n - 1) == len &&
	       ics_text_same_name(p + n + 1, x, len);
}

static bool needed(const char *p, const char *end, size_t n)
{
	static const struct {
		const char *name;
		size_t len;
	} keep[] = {{"DTSTART", 7}, {"DTEND", 5}, {"DURATION", 8}, {"RRULE", 5}, {"RDATE", 5},
		    {"EXDATE", 6}, {"RECURRENCE-ID", 13}, {"UID", 3}, {"SUMMARY", 7}, {"STATUS", 6}};
	for (size_t i = 0; i < sizeof(keep) / sizeof(*keep); i++)
		if (is_name(p, n, keep[i].name, keep[i].len))
			return true;
	/* a DESCRIPTION is a title only when there is no SUMMARY; an empty one says nothing
	 * (Google writes "DESCRIPTION:" on every event, and libical makes an error of it) */
	if (is_name(p, n, "DESCRIPTION", 11)) {
		const char *colon = memchr(p + n, ':', (size_t)(end - p - n));
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
		size_t n = ics_text_name_length(p, end);
		bool begin = is_name(p, n, "BEGIN", 5), finish = is_name(p, n, "END", 3), keep = true;
		if (depth == 0) {
			if (begin && is_value(p, end, n, "VEVENT"))
				depth = 1;
		} else if ((finish && (is_value(p, end, n, "VEVENT") || is_value(p, end, n, "VCALENDAR"))) ||
			   (begin && is_value(p, end, n, "VEVENT"))) {
			depth = begin;	/* the event ends (or one begins: nothing is lost) */
		} else if (begin) {
			depth++, keep = false;
		} else if (finish && depth > 1) {
			depth--, keep = false;
		} else {
			keep = depth == 1 && needed(p, end, n);
		}
		if (keep) {
			if (w != i)
				memmove(s + w, s + i, next - i);
			w += next - i;
		}
		i = next;
	}
	s[w] = '\0';
	return w;
}
