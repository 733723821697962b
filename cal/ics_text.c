/* ics_text.c: a calendar's bytes made ready for libical: unfolded, then checked as UTF-8.
 * The order matters: RFC 5545 3.1 lets a line fold fall between the bytes of one UTF-8
 * character (apps that fold at 75 octets do it), so only the unfolded text can be checked. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "ics_reader.h"

size_t ics_text_invalid_utf8(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
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
