/* html.h: text from anywhere (the guide, a clinic's words, a patient's name, a question) made
 * safe inside HTML text or a quoted attribute: the five characters HTML gives meaning to,
 * escaped (OWASP XSS Prevention, rule 1 and 2). One function for the page and the QR code's
 * <title>. */
#ifndef AC_HTML_H
#define AC_HTML_H

#include <stdio.h>

/* s (NUL-terminated UTF-8, NULL: nothing) to f with & < > " ' as character references. */
void html_text(FILE *f, const char *s);

#endif
