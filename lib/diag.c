/* diag.c: messages that say what and where, collected into the caller's buffer. */
#include <stdarg.h>
#include <stdio.h>
#include <utf8proc.h>

#include "kb_internal.h"

void ac_diag_init(ac_diag *d, char *buf, size_t cap)
{
	d->buf = buf;
	d->cap = cap;
	d->len = 0;
	d->count = 0;
	if (cap)
		buf[0] = '\0';
}

void ac_diag_add(ac_diag *d, const char *file, int line, int col, const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	d->count++;
	if (!d->buf || d->len + 1 >= d->cap)
		return;
	int n;
	if (line > 0)
		n = snprintf(d->buf + d->len, d->cap - d->len, "%s%s:%d:%d: %s", d->len ? "\n" : "",
			     file, line, col, msg);
	else
		n = snprintf(d->buf + d->len, d->cap - d->len, "%s%s: %s", d->len ? "\n" : "", file,
			     msg);
	if (n > 0)
		d->len += (size_t)n < d->cap - d->len ? (size_t)n : d->cap - d->len - 1;
}

size_t ac_utf8_invalid_at(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0)
			return i;
		i += (size_t)n;
	}
	return (size_t)-1;
}
