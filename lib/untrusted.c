/* untrusted.c: text that came from outside (a calendar's titles, a question, an HTTP request
 * line), made safe to print on a terminal or in a log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "aftercare.h"

/* Whether a code point may act on a terminal or a reader rather than be read: C0 and C1
 * controls, DEL, and the bidirectional marks, embeddings, overrides and isolates (Unicode
 * TR9; the "Trojan Source" reordering, CVE-2021-42574). */
static bool acts(utf8proc_int32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

size_t ac_escape_untrusted(char *dst, size_t size, const char *src, size_t len)
{
	size_t need = 0, written = 0;
	bool full = false;	/* a piece did not fit: nothing after it is written either */
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)src + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		char piece[16];
		size_t piece_len;
		if (n < 1) {	/* not UTF-8: the byte, in hex */
			piece_len = (size_t)snprintf(piece, sizeof(piece), "\\x%02X",
						     (unsigned)(unsigned char)src[i]);
			n = 1;
		} else if (cp == '\\') {
			piece_len = (size_t)snprintf(piece, sizeof(piece), "\\\\");
		} else if (acts(cp)) {
			piece_len = (size_t)snprintf(piece, sizeof(piece),
						     cp < 0x80 ? "\\x%02X" : "\\u%04X", (unsigned)cp);
		} else {	/* a whole character, as it is */
			memcpy(piece, src + i, (size_t)n);
			piece_len = (size_t)n;
		}
		if (!full && written + piece_len < size) {
			memcpy(dst + written, piece, piece_len);
			written += piece_len;
		} else {
			full = true;
		}
		need += piece_len;
		i += (size_t)n;
	}
	if (size)
		dst[written] = '\0';
	return need;
}

int ac_write_untrusted(FILE *out, const char *src, size_t len)
{
	char small[1024];
	size_t need = ac_escape_untrusted(small, sizeof(small), src, len);
	if (need < sizeof(small))
		return fwrite(small, 1, need, out) == need ? 0 : -1;
	char *big = malloc(need + 1);
	if (!big)
		return -1;
	ac_escape_untrusted(big, need + 1, src, len);
	int rc = fwrite(big, 1, need, out) == need ? 0 : -1;
	free(big);
	return rc;
}
