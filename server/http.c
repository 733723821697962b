/* http.c: the libmicrohttpd daemon: limits, request bodies, and every response's headers.
 * One internal polling thread serves every connection, so the routes may share the one
 * ac_asker, which is not thread-safe. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <zlib.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include "server.h"

/* Connections: 128 from one address (room for a benchmark's 64), and in all far more than a
 * few addresses can hold, so that a handful of slow clients cannot lock everyone else out
 * (docs/api.md, "Limits"). Each may use 32 KB for its head: 128 MB at most. */
#define PER_ADDRESS_LIMIT 128u
#define CONNECTION_LIMIT 4000u
#define SPARE_FILES 64u	/* beside the connections: the store, the listening socket, ... */

/* One request's state, from its request line to its completion. */
typedef struct conn_state {
	char *body;
	size_t len;
	bool too_large;		/* a body past SERVER_BODY_MAX: read to its end, then 413 */
	bool answered;		/* a reply was queued before the body was read */
	bool head_seen;		/* the access handler has been called with the head */
	const char *target;	/* the request target as sent, in libmicrohttpd's buffer */
	size_t target_len;	/* its length up to a NUL */
	const char *target_problem;	/* framing_target's verdict on it, before decoding */
} conn_state;

/* A connection while it waits for a request's head: since it opened, or since the last
 * response. libmicrohttpd's timeout is for silence only, and a client that sends a byte every
 * few seconds would hold its connection for ever; http_tick closes it after
 * HTTP_HEAD_SECONDS. The list is shared with the thread that calls http_tick. */
typedef struct watch {
	struct watch *prev, *next;
	int fd;			/* -1 once shut down */
	bool in_head;
	struct timespec since;	/* CLOCK_MONOTONIC */
} watch;

static struct {
	pthread_mutex_t lock;
	watch *first;
} watched = {PTHREAD_MUTEX_INITIALIZER, NULL};

static void watch_head(watch *w, bool in_head)
{
	if (!w)
		return;
	pthread_mutex_lock(&watched.lock);
	w->in_head = in_head;
	clock_gettime(CLOCK_MONOTONIC, &w->since);
	pthread_mutex_unlock(&watched.lock);
}

static watch *watch_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *i =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return i ? i->socket_context : NULL;
}

/* A connection opened or closed. libmicrohttpd says "closed" before it closes the socket,
 * and the lock keeps http_tick from shutting down a number another connection may reuse. */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	watch *w = *socket_context;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *i =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (!i || !(w = calloc(1, sizeof(*w))))
			return;	/* unwatched: libmicrohttpd's own timeout still holds */
		w->fd = i->connect_fd;
		w->in_head = true;
		clock_gettime(CLOCK_MONOTONIC, &w->since);
		pthread_mutex_lock(&watched.lock);
		w->next = watched.first;
		if (w->next)
			w->next->prev = w;
		watched.first = w;
		pthread_mutex_unlock(&watched.lock);
		*socket_context = w;
	} else if (w) {
		pthread_mutex_lock(&watched.lock);
		if (w->prev)
			w->prev->next = w->next;
		else
			watched.first = w->next;
		if (w->next)
			w->next->prev = w->prev;
		pthread_mutex_unlock(&watched.lock);
		free(w);
		*socket_context = NULL;
	}
}

unsigned http_tick(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	unsigned closed = 0;
	pthread_mutex_lock(&watched.lock);
	for (watch *w = watched.first; w; w = w->next) {
		if (!w->in_head || w->fd < 0 || now.tv_sec - w->since.tv_sec < HTTP_HEAD_SECONDS)
			continue;
		/* Not close(): the socket stays libmicrohttpd's, which reads its end and lets
		 * the connection go as it does any other. */
		shutdown(w->fd, SHUT_RDWR);
		w->fd = -1;
		closed++;
	}
	pthread_mutex_unlock(&watched.lock);
	return closed;
}

/* The page may run its own script and style and talk to this server, nothing else; every
 * other response may load nothing at all. */
#define CSP_PAGE "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " \
		 "connect-src 'self'; worker-src 'self'; form-action 'self'; base-uri 'none'; " \
		 "frame-ancestors 'none'"
#define CSP_NONE "default-src 'none'; frame-ancestors 'none'"
/* The service worker's own (web/sw.js): it fetches the page and its files from this server,
 * and nothing else. */
#define CSP_WORKER "default-src 'none'; connect-src 'self'"

/* The body gzip-compressed (zlib) when the client takes it ("Accept-Encoding: gzip") and it
 * is worth it (the page is ~150 KB of HTML, ~15 KB compressed). r->body is replaced; an asset
 * is copied. Any failure leaves the reply as it was. */
#define GZIP_MIN 1024
static void maybe_gzip(struct MHD_Connection *c, reply *r)
{
	const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_ACCEPT_ENCODING);
	const unsigned char *in = r->asset ? r->asset : (const unsigned char *)r->body;
	if (!ae || !strstr(ae, "gzip") || strstr(ae, "gzip;q=0") || !in || r->len < GZIP_MIN)
		return;
	z_stream z = {0};
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return;
	uLong cap = deflateBound(&z, (uLong)r->len);
	unsigned char *out = malloc(cap);
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)r->len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	int rc = out ? deflate(&z, Z_FINISH) : Z_MEM_ERROR;
	size_t n = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(out);
		return;
	}
	free(r->body);
	r->body = (char *)out;
	r->asset = NULL;
	r->len = n;
	r->gzip = true;
}

static enum MHD_Result send_reply(struct MHD_Connection *c, reply *r)
{
	maybe_gzip(c, r);
	struct MHD_Response *resp =
		r->asset ? MHD_create_response_from_buffer(r->len, (void *)r->asset,
							   MHD_RESPMEM_PERSISTENT)
			 : MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(r->body);
		return MHD_NO;
	}
	r->body = NULL;	/* the response owns it now */
	MHD_add_response_header(resp, "Content-Type",
				r->type ? r->type : "application/json; charset=utf-8");
	MHD_add_response_header(resp, "Content-Security-Policy",
				r->page ? CSP_PAGE : r->worker ? CSP_WORKER : CSP_NONE);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	/* Nothing of a patient's may be kept by a browser or a proxy; only the page's own
	 * files may be cached, and checked again before use. */
	MHD_add_response_header(resp, "Cache-Control", r->cacheable ? "no-cache" : "no-store");
	/* Every body may be compressed, so caches must key on the request's Accept-Encoding. */
	MHD_add_response_header(resp, "Vary", "Accept-Encoding");
	if (r->gzip)
		MHD_add_response_header(resp, "Content-Encoding", "gzip");
	if (r->disposition)
		MHD_add_response_header(resp, "Content-Disposition", r->disposition);
	if (r->allow)
		MHD_add_response_header(resp, "Allow", r->allow);
	if (r->location[0])
		MHD_add_response_header(resp, "Location", r->location);
	if (r->challenge)
		MHD_add_response_header(resp, "WWW-Authenticate", "Bearer realm=\"aftercare\"");
	if (r->retry)
		MHD_add_response_header(resp, "Retry-After", "1");
	if (r->cookie[0])
		MHD_add_response_header(resp, "Set-Cookie", r->cookie);
	if (r->retry_after) {
		char secs[16];
		snprintf(secs, sizeof(secs), "%u", r->retry_after);
		MHD_add_response_header(resp, "Retry-After", secs);
	}
	if (r->close)	/* what follows on the connection may not be where the request ends */
		MHD_add_response_header(resp, "Connection", "close");
	enum MHD_Result ok = MHD_queue_response(c, r->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

/* url as it may be logged: every run of 12 or more base64url characters (a token, or as
 * much of one as finds a row, wherever in the path a client put it: "/p/...", "//p/...",
 * "/P/...") becomes "[token]". The log may be read by people who must not open patients'
 * pages; no route's own name is that long. */
static void loggable(const char *url, char *buf, size_t len)
{
	size_t o = 0;
	for (const char *p = url; *p && o + 8 < len;) {
		size_t run = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				       "0123456789-_");
		unsigned char c = (unsigned char)*p;
		if (run >= STORE_SELECTOR) {
			memcpy(buf + o, "[token]", 7);
			o += 7;
		} else if (run) {
			if (o + run + 8 >= len)
				break;
			memcpy(buf + o, p, run);
			o += run;
		} else if (c < 0x20 || c == 0x7f || c == ' ') {
			/* A decoded newline or escape would forge lines in the log, or drive the
			 * terminal of whoever reads it: written as the client encoded it. */
			o += (size_t)snprintf(buf + o, len - o, "%%%02X", c);
			run = 1;
		} else {
			buf[o++] = (char)c;
			run = 1;
		}
		p += run;
	}
	buf[o] = '\0';
}

/* One line a request on stderr: method, path (tokens hidden), status. Both came from the
 * client: ac_escape_untrusted writes what could drive a terminal or a reader (C1 controls,
 * bidi overrides, bytes that are not UTF-8) as escapes, after loggable's %XX. */
static void log_request(const char *method, const char *url, unsigned status)
{
	char path[256];
	loggable(url, path, sizeof(path));
	flockfile(stderr);
	ac_write_untrusted(stderr, method, strlen(method));
	fputc(' ', stderr);
	ac_write_untrusted(stderr, path, strlen(path));
	fprintf(stderr, " %u\n", status);
	funlockfile(stderr);
}

/* The 413's words, with the cap written from SERVER_BODY_MAX. */
#define STR_(x) #x
#define STR(x) STR_(x)
#define TOO_LARGE "request body too large (at most " STR(SERVER_BODY_MAX_BYTES) " bytes)"

/* Send r, and log it when the server logs requests. */
static enum MHD_Result finish(struct MHD_Connection *c, const server *srv, const char *method,
			      const char *url, reply *r)
{
	if (!r->body && !r->asset)
		reply_error(r, 500, "out of memory");
	if (srv->log)
		log_request(method, url, r->body || r->asset ? r->status : 500);
	return send_reply(c, r);
}

static enum MHD_Result send_error(struct MHD_Connection *c, const server *srv, const char *method,
				  const char *url, unsigned status, const char *msg, bool close)
{
	reply r = {.close = close};
	reply_error(&r, status, "%s", msg);
	return finish(c, srv, method, url, &r);
}

static enum MHD_Result count_field(void *cls, enum MHD_ValueKind kind, const char *name,
				   const char *value)
{
	(void)kind;
	framing_field(cls, name, value ? value : "");
	return MHD_YES;
}

/* Why the head just read cannot be taken as one request (framing.c), or NULL. The target's
 * length on the wire is the distance from it to the version, which libmicrohttpd keeps
 * after it in the same line: shorter as a string, it held a NUL. */
static const char *head_problem(struct MHD_Connection *c, const conn_state *st, const char *url,
				const char *method, const char *version)
{
	const char *why = framing_method(method);
	if (!why && st->target) {
		size_t raw = st->target_len;
		if (url == st->target && version > url && (size_t)(version - url) <= 65536)
			raw = (size_t)(version - url) - 1;
		/* the buffer is percent-decoded by now: the bytes were judged as sent */
		why = raw != st->target_len ? framing_target(st->target, st->target_len, raw)
					    : st->target_problem;
	}
	if (!why) {
		head_fields h = {0};
		MHD_get_connection_values(c, MHD_HEADER_KIND, count_field, &h);
		why = framing_fields(&h, version);
	}
	return why;
}

/* Whether the declared Content-Length is past the cap: then 413 before reading a byte. */
static bool declared_too_large(struct MHD_Connection *c)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_LENGTH);
	return cl && strtoull(cl, NULL, 10) > SERVER_BODY_MAX;
}

/* Keep a piece of the body; past the cap keep nothing more (a chunked body declares no
 * length), and answer 413 when it ends. */
static int take_body(conn_state *st, const char *data, size_t size)
{
	if (st->too_large || st->len + size > SERVER_BODY_MAX) {
		st->too_large = true;
		return 0;
	}
	char *grown = realloc(st->body, st->len + size + 1);
	if (!grown)
		return -1;
	memcpy(grown + st->len, data, size);
	st->body = grown;
	st->len += size;
	st->body[st->len] = '\0';
	return 0;
}

/* The request line is read: keep the target as the client sent it (before percent-decoding),
 * judged now, for the checks of the whole head (head_problem). What this returns is the
 * request's *con_cls. */
static void *on_target(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls, (void)c;
	conn_state *st = calloc(1, sizeof(*st));
	if (st) {
		st->target = uri;
		st->target_len = strlen(uri);
		st->target_problem = framing_target(uri, st->target_len, st->target_len);
	}
	return st;
}

/* The head is read: refuse what cannot be one request (a 400 that closes the connection),
 * and a declared body past the cap (413) before reading a byte of it. */
static enum MHD_Result on_head(struct MHD_Connection *c, const server *srv, conn_state *st,
			       const char *url, const char *method, const char *version)
{
	st->head_seen = true;
	watch_head(watch_of(c), false);
	const char *why = head_problem(c, st, url, method, version);
	if (why) {
		st->answered = true;
		return send_error(c, srv, method, url, 400, why, true);
	}
	if (!declared_too_large(c))
		return MHD_YES;
	st->answered = true;
	return send_error(c, srv, method, url, 413, TOO_LARGE, false);
}

/* The headers and peer the desk reads (docs/desk.md). The address's text lives in a
 * static buffer: one thread serves every request. */
static void desk_headers(struct MHD_Connection *c, request *req)
{
	static char addr[INET6_ADDRSTRLEN];
	req->cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Cookie");
	req->origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	req->fetch_site = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Sec-Fetch-Site");
	req->csrf = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
	req->host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	req->content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
	const union MHD_ConnectionInfo *i =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = i ? i->client_addr : NULL;
	if (sa && sa->sa_family == AF_INET &&
	    inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, addr, sizeof(addr)))
		req->client = addr;
	else if (sa && sa->sa_family == AF_INET6 &&
		 inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, addr,
			   sizeof(addr)))
		req->client = addr;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	server *srv = cls;
	conn_state *st = *con_cls;
	if (!st) {	/* on_target could not allocate */
		if (!(st = calloc(1, sizeof(*st))))
			return MHD_NO;
		*con_cls = st;
	}
	if (!st->head_seen)	/* the head only: the body, if any, comes in the next calls */
		return on_head(c, srv, st, url, method, version);
	if (*upload_data_size) {
		int rc = st->answered ? 0 : take_body(st, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return rc ? MHD_NO : MHD_YES;
	}
	if (st->answered)
		return MHD_YES;
	st->answered = true;
	if (st->too_large)
		return send_error(c, srv, method, url, 413, TOO_LARGE, false);
	request req = {
		.conn = c, .method = method, .path = url, .body = st->body, .body_len = st->len,
		.authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_AUTHORIZATION),
		.accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT)};
	desk_headers(c, &req);
	reply r = {0};
	route(srv, &req, &r);
	return finish(c, srv, method, url, &r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode why)
{
	(void)cls, (void)why;
	watch_head(watch_of(c), true);	/* the next request's head, from now */
	conn_state *st = *con_cls;
	if (st)
		free(st->body);
	free(st);
	*con_cls = NULL;
}

/* Percent-decoding of the path and the query's values, as libmicrohttpd does it, but a
 * "%00" empties the whole string: a NUL would cut it short, and "/p/TOKEN%00junk" would be
 * another name for "/p/TOKEN". An empty path is no route's (404); an empty value is refused
 * as any bad one. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls, (void)c;
	size_t n = MHD_http_unescape(s);
	if (memchr(s, '\0', n)) {
		s[0] = '\0';
		return 0;
	}
	return n;
}

/* libmicrohttpd's own messages (a head it could not parse, a connection it dropped) may quote
 * what a client sent: one line each, through ac_escape_untrusted like the request log. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	int n = vsnprintf(msg, sizeof(msg), fmt, ap);
	size_t len = n < 0 ? 0 : (size_t)n < sizeof(msg) ? (size_t)n : sizeof(msg) - 1;
	while (len && msg[len - 1] == '\n')
		len--;
	/* A client gone in the middle of a head (or one http_tick let go) is no news. */
	static const char gone[] = "Connection socket is closed when reading request";
	if (strncmp(msg, gone, sizeof(gone) - 1) == 0)
		return;
	flockfile(stderr);
	fputs("aftercare: libmicrohttpd: ", stderr);
	ac_write_untrusted(stderr, msg, len);
	fputc('\n', stderr);
	funlockfile(stderr);
}

/* "HOST:PORT" with an IPv4 host, or "[V6]:PORT". */
static int parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	if (!colon || (size_t)(colon - s) >= sizeof(host))
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	char *end;
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || port > 65535)
		return -1;
	memset(ss, 0, sizeof(*ss));
	size_t hl = strlen(host);
	if (hl > 2 && host[0] == '[' && host[hl - 1] == ']') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
		host[hl - 1] = '\0';
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*a6);
		return inet_pton(AF_INET6, host + 1, &a6->sin6_addr) == 1 ? 0 : -1;
	}
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	a4->sin_family = AF_INET;
	a4->sin_port = htons((uint16_t)port);
	*len = sizeof(*a4);
	return inet_pton(AF_INET, host, &a4->sin_addr) == 1 ? 0 : -1;
}

/* Room in the open-file limit for limit connections, raised to the hard limit where need
 * be; the number of connections that fit. */
static unsigned fit_files(unsigned limit)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl))
		return limit;
	rlim_t want = (rlim_t)limit + SPARE_FILES;
	if (rl.rlim_cur < want) {
		rl.rlim_cur = rl.rlim_max < want ? rl.rlim_max : want;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur >= want)
		return limit;
	unsigned fit = rl.rlim_cur > 2 * SPARE_FILES ? (unsigned)(rl.rlim_cur - SPARE_FILES) : SPARE_FILES;
	fprintf(stderr, "aftercare: at most %u connections at once, not %u: the open-file limit "
		"is %llu (ulimit -n)\n", fit, limit, (unsigned long long)rl.rlim_cur);
	return fit;
}

static struct MHD_Daemon *start(server *srv, unsigned flags, struct sockaddr *sa,
				unsigned limit);

struct MHD_Daemon *http_start(server *srv, const char *listen)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	if (parse_listen(listen, &ss, &sslen)) {
		fprintf(stderr, "aftercare: error: bad --listen \"%s\": expected HOST:PORT, "
			"e.g. 127.0.0.1:8080 or [::1]:8080\n", listen);
		return NULL;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	unsigned limit = fit_files(CONNECTION_LIMIT);
	struct MHD_Daemon *d = start(srv, flags, (struct sockaddr *)&ss, limit);
	if (!d)
		fprintf(stderr, "aftercare: error: cannot listen on %s (in use, or not an address "
			"of this machine)\n", listen);
	return d;
}

struct MHD_Daemon *http_start_detached(server *srv)
{
	return start(srv, MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ERROR_LOG, NULL, 64);
}

/* The daemon with every option of the server's; sa NULL: no listening socket. */
static struct MHD_Daemon *start(server *srv, unsigned flags, struct sockaddr *sa,
				unsigned limit)
{
	return MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, srv,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,	/* first: before any message */
		MHD_OPTION_SOCK_ADDR, sa,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,	/* silent clients let go */
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, PER_ADDRESS_LIMIT,
		MHD_OPTION_CONNECTION_LIMIT, limit,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		MHD_OPTION_URI_LOG_CALLBACK, on_target, NULL,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
		MHD_OPTION_END);
}

unsigned http_port(struct MHD_Daemon *d)
{
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	return info ? info->port : 0;
}

void http_stop(struct MHD_Daemon *d)
{
	MHD_stop_daemon(d);
}
