/* framing.c: what libmicrohttpd 0.9.75 lets through that HTTP/1.1 does not (docs/api.md,
 * "Framing"). Its only strictness option, MHD_OPTION_STRICT_FOR_CLIENT (0.9.75 has no
 * MHD_OPTION_CLIENT_DISCIPLINE_LVL), answers with libmicrohttpd's own error page, without
 * the documented headers, and misses most of these; so http.c asks these functions once the
 * head is read and answers a 400 of its own. Pure functions: tests/fuzz/fuzz_head.c runs
 * them on raw bytes too. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "server.h"

/* A tchar of RFC 9110 section 5.6.2. */
static bool tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-.^_`|~", c));
}

const char *framing_method(const char *method)
{
	if (!*method)
		return "an empty method";
	for (const unsigned char *p = (const unsigned char *)method; *p; p++)
		if (!tchar(*p))
			return "a method must be a token (letters, digits, !#$%&'*+-.^_`|~; RFC 9110 "
			       "section 9.1)";
	return NULL;
}

const char *framing_target(const char *target, size_t len, size_t raw_len)
{
	if (len != raw_len)
		return "a NUL byte in the request target (RFC 9112 section 3.2)";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)target[i];
		if (c <= ' ' || c >= 0x7f)
			return "a space, control or non-ASCII byte in the request target: "
			       "percent-encode it (RFC 9112 section 3.2, RFC 3986)";
	}
	/* absolute-form ("http://host/path") is what a client sends to a proxy: this server
	 * is none, and every proxy in front of it sends the path (origin-form). */
	const char *colon = memchr(target, ':', len);
	const char *slash = memchr(target, '/', len);
	if (colon && (!slash || colon < slash))
		return "the request target must be a path such as /healthz, not an absolute URL "
		       "(RFC 9112 section 3.2.1; this server is not a proxy)";
	return NULL;
}

void framing_field(head_fields *h, const char *name, const char *value)
{
	if (strcasecmp(name, "Host") == 0) {
		h->host++;
	} else if (strcasecmp(name, "Content-Length") == 0) {
		/* A value longer than h->length keeps could not be compared with another: two
		 * equal ones would read as different (fuzz_head found it), two different ones
		 * as equal. No length needs 32 digits. */
		if (strlen(value) >= sizeof(h->length))
			h->length_too_long = true;
		else if (h->content_length && strcmp(value, h->length) != 0)
			h->lengths_differ = true;
		else if (!h->content_length)
			snprintf(h->length, sizeof(h->length), "%s", value);
		h->content_length++;
	} else if (strcasecmp(name, "Transfer-Encoding") == 0) {
		h->transfer_encoding++;
	}
}

const char *framing_fields(const head_fields *h, const char *version)
{
	if (h->length_too_long)
		return "a Content-Length of 32 characters or more: not a length this server reads "
		       "(RFC 9110 section 8.6)";
	if (h->lengths_differ)
		return "two different Content-Length headers (RFC 9112 section 6.3)";
	if (h->content_length && h->transfer_encoding)
		return "both Content-Length and Transfer-Encoding (RFC 9112 section 6.1)";
	if (strcmp(version, "HTTP/1.1") == 0 && h->host != 1)
		return h->host ? "more than one Host header (RFC 9112 section 3.2)"
			       : "an HTTP/1.1 request without a Host header (RFC 9112 section 3.2)";
	if (h->host > 1)
		return "more than one Host header (RFC 9112 section 3.2)";
	return NULL;
}
