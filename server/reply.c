/* reply.c: JSON replies: errors as {"error": "..."}, and renderers' output. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

void reply_error(reply *out, unsigned status, const char *fmt, ...)
{
	char msg[AC_ERRBUF_SIZE];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* The message may quote what the client sent: jansson escapes it, and a message that is
	 * not UTF-8 (a client's bytes) is replaced rather than dropped. */
	json_t *text = json_string(msg);
	json_t *o = json_pack("{s:o}", "error", text ? text : json_string("bad request"));
	free(out->body);
	out->status = status;
	out->body = o ? json_dumps(o, JSON_COMPACT) : NULL;
	out->len = out->body ? strlen(out->body) : 0;
	json_decref(o);
}

void reply_stream(reply *out, int render_rc, char *buf, size_t len)
{
	if (render_rc || !buf) {
		free(buf);
		reply_error(out, 500, "out of memory");
		return;
	}
	if (len && buf[len - 1] == '\n')
		buf[--len] = '\0';
	free(out->body);
	out->status = 200;
	out->body = buf;
	out->len = len;
}

void reply_json(reply *out, unsigned status, json_t *value)
{
	char *body = value ? json_dumps(value, JSON_COMPACT) : NULL;
	json_decref(value);
	if (!body) {
		reply_error(out, 500, "out of memory");
		return;
	}
	free(out->body);
	out->status = status;
	out->body = body;
	out->len = strlen(body);
}

void reply_store_error(reply *out, store *st, int rc)
{
	fprintf(stderr, "aftercare: store %s: %s\n", rc == STORE_BUSY ? "busy" : "error",
		store_error(st));
	if (rc == STORE_BUSY) {
		out->retry = true;
		reply_error(out, 503, "the store is busy (another program holds its lock, or its "
			    "database is restarting); nothing was changed: try again");
	} else {
		reply_error(out, 500, "the store failed; nothing was changed");
	}
}
