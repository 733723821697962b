/* server.h: what the files of aftercare-serve share (docs/api.md). */
#ifndef AC_SERVER_H
#define AC_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "aftercare.h"
#include "store.h"

#define SERVER_BODY_MAX_BYTES 65536	/* the largest request body accepted */
#define SERVER_BODY_MAX ((size_t)SERVER_BODY_MAX_BYTES)

/* The one server: the kb is loaded once at start and read by every request; the asker is
 * not thread-safe, which is why the daemon runs a single internal polling thread. */
typedef struct server {
	ac_kb *kb;
	ac_asker *asker;
	store *store;		/* the clinic's treatments (--db) */
	const char *api_key;	/* NULL: the clinic endpoints are off */
	size_t api_key_len;
	bool log;		/* one line a request on stderr */
	ac_policy default_policy;	/* conservative, as ac_policy_parse makes it */
	/* The desk (docs/desk.md): the clinic's settings (--clinic; all empty without), how
	 * long a staff session may sit idle, and the protocol version new treatments get. */
	const struct clinic_settings *clinic;
	long session_idle;		/* seconds */
	char protocol[STORE_PROTOCOL_LEN + 1];	/* "" without --protocol */
	const char *zone;	/* the clinic's time zone as people read it ("Europe/London") */
	struct protocols *protocols;	/* earlier protocols' kbs (protocols.c) */
} server;

/* A request as the routes see it: the connection (for its query arguments) and the body. */
struct MHD_Connection;
typedef struct request {
	struct MHD_Connection *conn;
	const char *method;
	const char *path;
	const char *body;
	size_t body_len;
	const char *authorization;	/* the Authorization header, or NULL */
	const char *accept;		/* the Accept header, or NULL */
	/* The desk's headers (docs/desk.md), each NULL when absent. */
	const char *cookie, *origin, *fetch_site, *csrf, *host, *content_type;
	const char *client;		/* the peer's address as text, or NULL */
} request;

/* What a route answers: a status and a body, JSON unless type says otherwise. */
typedef struct reply {
	unsigned status;
	char *body;		/* malloc'd, owned by the reply */
	size_t len;
	const unsigned char *asset;	/* instead of body: a compiled-in file, not owned */
	const char *type;	/* Content-Type; NULL: JSON */
	bool page;		/* an HTML page: its CSP lets it load our own script and style */
	bool worker;		/* the service worker (web/sw.js): its CSP lets it fetch from us */
	bool cacheable;		/* the same for everyone (the page's files): may be cached */
	const char *allow;	/* 405: the methods the path takes */
	char location[64];	/* 201: where the new resource is */
	bool challenge;		/* 401: ask for the clinic's Bearer key */
	bool retry;		/* 503: "Retry-After: 1" */
	bool close;		/* "Connection: close": the request's framing cannot be trusted */
	char cookie[256];	/* Set-Cookie, when not empty (the desk's session) */
	unsigned retry_after;	/* 429: "Retry-After: N" seconds, when not 0 */
	bool gzip;		/* the body is gzip-compressed (http.c, Accept-Encoding) */
	const char *disposition;	/* Content-Disposition, or NULL */
} reply;

/* http.c: start the daemon on HOST:PORT (prints why and returns NULL on failure), stop it. */
struct MHD_Daemon *http_start(server *srv, const char *listen);
void http_stop(struct MHD_Daemon *d);
/* The same daemon without a listening socket or a thread of its own, for
 * tests/fuzz/fuzz_head.c: connections are handed to it with MHD_add_connection and served
 * by the caller's MHD_run. NULL when it cannot start. */
struct MHD_Daemon *http_start_detached(server *srv);
/* The port the daemon listens on (the one chosen, for port 0). */
unsigned http_port(struct MHD_Daemon *d);
/* Called about once a second from another thread (main's): closes the connections whose
 * request head has taken longer than HTTP_HEAD_SECONDS. Returns how many it closed. */
unsigned http_tick(void);
#define HTTP_HEAD_SECONDS 10

/* framing.c: the checks of a request's head that libmicrohttpd 0.9.75 does not make (docs/api.md,
 * "Framing"). Each returns NULL when all is well, else the 400's words (a static string). */
/* The method: a token (RFC 9110 section 9.1). */
const char *framing_method(const char *method);
/* The request target as sent (before percent-decoding): len bytes up to its first NUL, of
 * raw_len bytes on the wire. Origin-form only, printable ASCII, no NUL. */
const char *framing_target(const char *target, size_t len, size_t raw_len);
/* The header fields that frame a request, counted by framing_field for each field. */
typedef struct head_fields {
	unsigned host, content_length, transfer_encoding;
	char length[32];	/* the first Content-Length */
	bool lengths_differ;
	bool length_too_long;	/* a value that does not fit in length[] */
} head_fields;
void framing_field(head_fields *h, const char *name, const char *value);
/* One Host in HTTP/1.1, at most one otherwise; one Content-Length value of at most 31
 * characters, and not beside Transfer-Encoding (RFC 9112 sections 3.2, 6.1, 6.3). */
const char *framing_fields(const head_fields *h, const char *version);

/* routes.c: answer one complete request. */
void route(server *srv, const request *req, reply *out);

/* The routes of each file, called by route() with the path's tail after their prefix. */
void route_treatments(server *srv, const request *req, const char *tail, reply *out);
void route_patient(server *srv, const request *req, const char *tail, reply *out);
void route_static(server *srv, const request *req, const char *tail, reply *out);
void route_worker(server *srv, const request *req, reply *out);
void route_plan_ics(server *srv, const request *req, reply *out);
/* desk.c: the clinic desk's pages, sign-in and sign-out, its session and the audit. */
void route_desk(server *srv, const request *req, const char *tail, reply *out);
void route_audit(server *srv, const request *req, reply *out);

/* Who a clinic request comes from, for the audit: the key (a script) or a member of staff. */
typedef struct caller {
	char who[80];		/* "clinic key" or the staff member's name */
	bool owner;		/* a session of an owner, or the key */
	bool session;
} caller;
/* desk.c: whether the request carries a desk session cookie (without the Bearer key);
 * then desk_session: 0 with c filled for a live session (and, for a change, its CSRF token
 * in X-CSRF-Token); else -1 with the reply (401, 403) filled. */
bool desk_has_cookie(const request *req);
/* Whether the request carries "Authorization: Bearer KEY" with the clinic's key (treatments.c);
 * else the reply says why (403 with no key set, 401 with a challenge). The key is compared in
 * constant time and never echoed or logged. */
bool clinic_key_authorized(const server *srv, const request *req, reply *out);
int desk_session(server *srv, const request *req, caller *c, reply *out);
/* patient.c: "/", the form, or with ?treated=... the plan, written as HTML (page.c). */
void route_home(server *srv, const request *req, reply *out);

/* protocols.c: a treatment's plan under the protocol it was issued under (docs/desk.md).
 * protocols_start: read the protocol file (NULL: none), set srv->protocol to its version and
 * keep its text in srv->store; 0, or -1 with why in err. protocols_free accepts a server
 * that was never started. protocol_for: the kb and policy for t's plan, valid until the next
 * call; held false when t's protocol could not be used (its text was never kept, or no
 * longer loads: the log says so) and the current one stands in. */
typedef struct plan_kb {
	const ac_kb *kb;
	const ac_policy *policy;
	bool current;		/* t was issued under the protocol in force now */
	bool held;		/* the plan is computed under t's own protocol */
} plan_kb;
int protocols_start(server *srv, const char *kb_path, const char *protocol_path, char *err,
		    size_t errlen);
void protocols_free(server *srv);
void protocol_for(server *srv, const treatment *t, plan_kb *out);
/* The asker for pk's kb (srv->asker for the current one), made on first use and kept with
 * the kb; NULL when out of memory. */
ac_asker *protocol_asker(server *srv, const plan_kb *pk);

/* A request's parameters (routes.c): the allowed names, from the query or a JSON body;
 * anything else is a 400, so that a misspelt parameter is not silently ignored. */
#define MAX_FIELDS 9
typedef struct fields {
	const char *names[MAX_FIELDS];
} fields;
struct params;
int query_params(const request *req, const fields *allowed, struct params *p, reply *out);
/* *doc is the parsed body, which p points into: json_decref it when done. */
struct json_t;
int body_params(const request *req, const fields *allowed, struct json_t **doc,
		struct params *p, reply *out);
/* reply.c */
void reply_error(reply *out, unsigned status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Take the text a renderer wrote to a memstream (trailing newline dropped) as a 200 reply;
 * a renderer's failure becomes a 500. */
void reply_stream(reply *out, int render_rc, char *buf, size_t len);
/* A store call's failure rc (-1, STORE_BUSY) as a 500 or a 503, logged with its reason. */
void reply_store_error(reply *out, store *st, int rc);
/* Run call, a renderer writing to the FILE *f, into a memstream and take what it wrote as
 * the reply (reply_stream: a 500 when it fails). A macro: each renderer has its own
 * arguments. */
#define REPLY_RENDERED(out, call)                                                         \
	do {                                                                           \
		char *buf_ = NULL;                                                     \
		size_t len_ = 0;                                                       \
		FILE *f = open_memstream(&buf_, &len_);                                \
		int rc_ = f ? (call) : -1;                                             \
		if (f && fclose(f))                                                    \
			rc_ = -1;                                                      \
		reply_stream(out, rc_, buf_, len_);                                    \
	} while (0)

/* A jansson value as the reply with this status (a 500 when it is NULL); takes the reference. */
void reply_json(reply *out, unsigned status, struct json_t *value);

/* params.c: a treatment's parameters, as strings from the query or a JSON body, resolved
 * as the command line resolves its options (cli/context.c). */
typedef struct params {
	const char *activity, *question, *treated, *after, *device, *depth, *skin, *policy;
	const char *patient;
	const char *token;	/* ask: a patient's token, whose treatment and protocol it is */
	const char *treated_name;	/* the name the time came under: "treated" or "treated_at" */
} params;

typedef struct resolved {
	ac_profile profile;
	ac_policy policy;
	int activity;		/* -1 when not asked for */
	int32_t at_min;		/* the moment asked about: after, or now; -1 before treatment */
	int32_t now_min;	/* now, or after when given; -1 before treatment */
} resolved;

/* 0, or fills out with a 400 naming the bad parameter and returns -1. */
int params_resolve(const server *srv, const params *p, resolved *r, reply *out);
/* 0 when no query parameter is given twice (?after=1&after=2), as a JSON key may not be;
 * else a 400 naming it in out and -1. route() asks it of every request. */
int params_once(const request *req, reply *out);
/* Whole minutes from treated to now; -1 before the treatment. */
int32_t minutes_since(time_t treated, time_t now);

/* patient.c: a question asked on a patient's page (POST /api/ask with "token"): p's
 * treated, device, depth and skin set from the token's treatment (when, 64 bytes, holds the
 * time's text), zone (STORE_ZONE_MAX + 1 bytes) the zone it was given in ("" for one stored
 * before zones), pk the protocol it was issued under. 0, or -1 with out filled (400 when p
 * also gives the treatment's fields, 404 for an unknown token). */
int patient_params(server *srv, params *p, char *when, char *zone, plan_kb *pk, reply *out);
/* patient.c: a stored treatment's times in its own zone (docs/web.md, "One clock"). When zone
 * is set and not the server's, zone_enter switches the process's TZ to it, keeping the one
 * to go back to in saved (len bytes), and returns true; zone_leave(that, saved) switches
 * back. Only for the request thread (one thread answers every request). */
bool zone_enter(const server *srv, const char *zone, char *saved, size_t len);
void zone_leave(bool entered, const char *saved);

#endif
