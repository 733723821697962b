/* desk.c: the clinic desk (docs/desk.md): its pages at /clinic, sign-in and sign-out, the
 * session a page asks about, and the audit for the owner. A session is a cookie of 256
 * random bits (HttpOnly, SameSite=Strict, Secure when the public URL is https) of which the
 * store keeps a hash; it ends after an idle time. A change made through a session carries
 * its CSRF token (X-CSRF-Token, or the form's csrf field); the sign-in form, which has no
 * session yet, is refused from another origin (Origin, Sec-Fetch-Site). Wrong passwords
 * lock the account, and the address they come from, for a time that doubles; they are
 * counted in the store, so that servers sharing a database count them together. */
#include <jansson.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "clinic.h"
#include "server.h"
#include "staff.h"

#define COOKIE_NAME "ac_session"
#define COOKIE_NAME_SECURE "__Host-ac_session"	/* the browser then insists on Secure, Path=/ */

/* ---- sign-in throttling ---- */

/* Wrong passwords allowed before a lock (store.h's throttles: the lock then doubles with
 * each failure, from 1 s up to 15 minutes; failures forgotten after 15 quiet minutes). They
 * are counted in the store, so every server on one database counts the same tries. */
#define ACCOUNT_FREE 3
#define ADDRESS_FREE 10

static int64_t wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

typedef struct throttle_keys {
	char account[STORE_THROTTLE_KEY_MAX + 1];	/* "name:NAME" */
	char address[STORE_THROTTLE_KEY_MAX + 1];	/* "addr:ADDRESS" */
} throttle_keys;

static void keys_of(throttle_keys *k, const char *name, const char *addr)
{
	snprintf(k->account, sizeof(k->account), "name:%s", name);
	snprintf(k->address, sizeof(k->address), "addr:%.*s", STORE_THROTTLE_KEY_MAX - 5, addr);
}

/* Before the password is looked at: refused (1, *wait_ms set) while the address or the
 * account is locked; else the try is counted against the account (0), in one atomic
 * statement that also refuses it if another server's count has just locked the account. So
 * tries through several servers at once cannot pass the account's lock; only the wrong
 * ones count against the address (throttle_failed), and a right one clears the account's
 * (throttle_passed). -1 or STORE_BUSY: the store's error. The password's check takes a
 * while (Argon2id): a wrong one's lock runs from when it is known (throttle_failed). */
static int throttle_try(store *st, const throttle_keys *k, int64_t *wait_ms)
{
	int64_t now = wall_ms();
	int rc = store_throttle_wait(st, k->address, ADDRESS_FREE, now, wait_ms);
	if (rc || *wait_ms > 0)
		return rc ? rc : 1;
	return store_throttle_hit(st, k->account, ACCOUNT_FREE, false, now, NULL, wait_ms);
}

/* A wrong password: the account's lock from now, the failure counted against the address
 * too (force: whatever its state now), and the rows forgotten by now deleted (cleanup on
 * write: the table holds only the keys tried in the 15 minutes before the latest wrong
 * password, or since). A store error is logged: the
 * account's count is in already. */
static void throttle_failed(store *st, const throttle_keys *k)
{
	int64_t now = wall_ms();
	if (store_throttle_touch(st, k->account, now) < 0 ||
	    store_throttle_hit(st, k->address, ADDRESS_FREE, true, now, NULL, NULL) < 0 ||
	    store_throttle_prune(st, now) < 0)
		fprintf(stderr, "aftercare: desk: a wrong password not wholly counted: %s\n",
			store_error(st));
}

/* A right password: the account's slate is clean; the address's failures still count. */
static void throttle_passed(store *st, const throttle_keys *k)
{
	if (store_throttle_clear(st, k->account) < 0)
		fprintf(stderr, "aftercare: desk: the account's wrong passwords not cleared: %s\n",
			store_error(st));
}

/* ---- cookies, forms, origins ---- */

static bool secure(const server *srv)
{
	return srv->clinic && srv->clinic->public_url &&
	       strncmp(srv->clinic->public_url, "https://", 8) == 0;
}

/* The session cookie's value in the Cookie header, into buf: true when there is one. */
static bool cookie_value(const request *req, char *buf, size_t size)
{
	const char *h = req->cookie;
	static const char *const names[] = {COOKIE_NAME_SECURE "=", COOKIE_NAME "="};
	for (const char *p = h; p && *p;) {
		p += strspn(p, " \t;");
		for (size_t i = 0; i < 2; i++) {
			size_t n = strlen(names[i]);
			if (strncmp(p, names[i], n) == 0) {
				size_t len = strcspn(p + n, "; \t");
				snprintf(buf, size, "%.*s", (int)len, p + n);
				return len > 0;
			}
		}
		p = strchr(p, ';');
	}
	return false;
}

bool desk_has_cookie(const request *req)
{
	char v[SESSION_TOKEN_LEN + 2];
	return !req->authorization && cookie_value(req, v, sizeof(v));
}

static void set_cookie(const server *srv, reply *out, const char *value, long max_age)
{
	snprintf(out->cookie, sizeof(out->cookie),
		 "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Strict%s",
		 secure(srv) ? COOKIE_NAME_SECURE : COOKIE_NAME, value, max_age,
		 secure(srv) ? "; Secure" : "");
}

static int hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
		: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* A field of an application/x-www-form-urlencoded body, decoded into buf: true when found
 * and it fits (a NUL in it is refused). */
static bool form_field(const request *req, const char *name, char *buf, size_t size)
{
	const char *p = req->body ? req->body : "", *end = p + req->body_len;
	size_t n = strlen(name);
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		if ((size_t)(stop - p) > n && strncmp(p, name, n) == 0 && p[n] == '=') {
			size_t o = 0;
			for (const char *q = p + n + 1; q < stop; q++) {
				char c = *q;
				if (c == '+')
					c = ' ';
				else if (c == '%' && stop - q > 2 && hex(q[1]) >= 0 && hex(q[2]) >= 0) {
					c = (char)(hex(q[1]) * 16 + hex(q[2]));
					q += 2;
				}
				if (!c || o + 1 >= size)
					return false;
				buf[o++] = c;
			}
			buf[o] = '\0';
			return true;
		}
		p = stop + 1;
	}
	return false;
}

/* Whether a browser sent this from a page of this server: Sec-Fetch-Site same-origin (or
 * none: typed by the person), or, from a browser without it, an Origin that is this host's
 * (or the public URL's).
 * A client that is no browser sends neither, and has no cookie a page could ride on. */
static bool same_origin(const server *srv, const request *req)
{
	/* A browser that sends Sec-Fetch-Site (a header no page can set) is believed: under
	 * Referrer-Policy no-referrer Chromium sends "Origin: null" even from our own form. */
	if (req->fetch_site)
		return strcmp(req->fetch_site, "same-origin") == 0 || strcmp(req->fetch_site, "none") == 0;
	if (!req->origin)
		return true;
	const char *pub = srv->clinic ? srv->clinic->public_url : NULL;
	if (pub) {
		const char *host = strstr(pub, "://") + 3;
		size_t n = (size_t)(host - pub) + strcspn(host, "/");
		if (strlen(req->origin) == n && strncmp(req->origin, pub, n) == 0)
			return true;
	}
	if (!req->host)
		return false;
	char mine[300];
	for (int https = 0; https < 2; https++) {
		snprintf(mine, sizeof(mine), "%s://%s", https ? "https" : "http", req->host);
		if (strcmp(req->origin, mine) == 0)
			return true;
	}
	return false;
}

static bool wants_html(const request *req)
{
	return req->accept && strstr(req->accept, "text/html");
}

static void see_other(reply *out, const char *where)
{
	free(out->body);
	out->body = strdup("");
	out->len = 0;
	out->status = 303;
	out->type = "text/plain; charset=utf-8";
	snprintf(out->location, sizeof(out->location), "%s", where);
}

static long idle_of(const server *srv)
{
	return srv->session_idle > 0 ? srv->session_idle : SESSION_IDLE_DEFAULT;
}

/* ---- the session of a request ---- */

/* 0 live (s filled), 1 none, -1 a store error (reply filled). */
static int current(server *srv, const request *req, staff_session *s, char *cookie, reply *out)
{
	if (!cookie_value(req, cookie, SESSION_TOKEN_LEN + 2))
		return 1;
	int rc = session_check(srv->store, cookie, idle_of(srv), s);
	if (rc < 0)
		reply_store_error(out, srv->store, rc);
	return rc;
}

int desk_session(server *srv, const request *req, caller *c, reply *out)
{
	staff_session s;
	char cookie[SESSION_TOKEN_LEN + 2];
	memset(c, 0, sizeof(*c));
	int rc = current(srv, req, &s, cookie, out);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		reply_error(out, 401, "your desk session has ended: sign in again at /clinic");
		return -1;
	}
	bool reads = !strcmp(req->method, "GET") || !strcmp(req->method, "HEAD");
	if (!reads && (!req->csrf || !store_equal_ct(req->csrf, strlen(req->csrf), s.csrf,
						       strlen(s.csrf)))) {
		reply_error(out, 403, "a change from the desk must carry its CSRF token "
			    "(X-CSRF-Token); reload the desk page");
		return -1;
	}
	snprintf(c->who, sizeof(c->who), "%s", s.name);
	c->owner = s.owner;
	c->session = true;
	return 0;
}

/* ---- the routes ---- */

static void sign_in(server *srv, const request *req, reply *out)
{
	char name[STAFF_NAME_MAX + 2] = "", pw[STAFF_PASSWORD_MAX + 2] = "";
	const char *addr = req->client ? req->client : "?";
	if (!same_origin(srv, req)) {
		fprintf(stderr, "aftercare: desk: a sign-in from another origin refused\n");
		reply_error(out, 403, "a sign-in from another site's page is refused");
		return;
	}
	if (!form_field(req, "name", name, sizeof(name)) ||
	    !form_field(req, "password", pw, sizeof(pw)) || !staff_name_ok(name)) {
		if (wants_html(req))
			see_other(out, "/clinic?signin=failed");
		else
			reply_error(out, 401, "wrong name or password");
		memset(pw, 0, sizeof(pw));
		return;
	}
	throttle_keys keys;
	keys_of(&keys, name, addr);
	int64_t wait_ms = 0;
	int rc = throttle_try(srv->store, &keys, &wait_ms);
	if (rc < 0) {
		memset(pw, 0, sizeof(pw));
		reply_store_error(out, srv->store, rc);
		return;
	}
	if (rc > 0) {
		/* refused before the password is looked at: guessing gains nothing meanwhile */
		if (wants_html(req))
			see_other(out, "/clinic?signin=locked");
		else {
			out->retry_after = (unsigned)(wait_ms / 1000) + 1;
			reply_error(out, 429, "too many wrong passwords: try again in %u s",
				    out->retry_after);
		}
		memset(pw, 0, sizeof(pw));
		return;
	}
	int64_t id;
	rc = staff_verify(srv->store, name, pw, &id);
	memset(pw, 0, sizeof(pw));
	if (rc < 0) {
		reply_store_error(out, srv->store, rc);
		return;
	}
	if (rc > 0)
		throttle_failed(srv->store, &keys);
	else
		throttle_passed(srv->store, &keys);
	if (rc > 0) {
		fprintf(stderr, "aftercare: desk: a wrong password for \"%s\"\n", name);
		if (wants_html(req))
			see_other(out, "/clinic?signin=failed");
		else
			reply_error(out, 401, "wrong name or password");
		return;
	}
	char cookie[SESSION_TOKEN_LEN + 1];
	if (session_new(srv->store, id, cookie)) {
		reply_store_error(out, srv->store, -1);
		return;
	}
	set_cookie(srv, out, cookie, SESSION_MAX_AGE);
	see_other(out, "/clinic");
}

static void sign_out(server *srv, const request *req, reply *out)
{
	staff_session s;
	char cookie[SESSION_TOKEN_LEN + 2], token[SESSION_TOKEN_LEN + 2] = "";
	int rc = current(srv, req, &s, cookie, out);
	if (rc < 0)
		return;
	if (rc == 0) {
		const char *given = req->csrf;
		if (!given && form_field(req, "csrf", token, sizeof(token)))
			given = token;
		if (!given || !store_equal_ct(given, strlen(given), s.csrf, strlen(s.csrf))) {
			reply_error(out, 403, "signing out needs the desk's CSRF token");
			return;
		}
		session_end(srv->store, cookie);
	}
	set_cookie(srv, out, "", 0);
	see_other(out, "/clinic");
}

static void session_json(server *srv, const request *req, reply *out)
{
	staff_session s;
	char cookie[SESSION_TOKEN_LEN + 2];
	int rc = current(srv, req, &s, cookie, out);
	if (rc < 0)
		return;
	if (rc > 0) {
		reply_error(out, 401, "not signed in: sign in at /clinic");
		return;
	}
	const clinic_settings *c = srv->clinic;
	json_t *clinic = json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?}", "name", c ? c->name : NULL,
				   "phone", c ? c->phone : NULL, "emergency",
				   c ? c->emergency : NULL, "time_zone", c ? c->time_zone : NULL,
				   "public_url", c ? c->public_url : NULL);
	reply_json(out, 200, json_pack("{s:s, s:b, s:s, s:i, s:o}", "name", s.name, "owner",
				       s.owner, "csrf", s.csrf, "idle_seconds", (int)idle_of(srv),
				       "clinic", clinic));
}

static void page(server *srv, const request *req, reply *out)
{
	staff_session s;
	char cookie[SESSION_TOKEN_LEN + 2];
	int rc = current(srv, req, &s, cookie, out);
	if (rc < 0)
		return;
	route_static(srv, req, rc == 0 ? "desk.html" : "signin.html", out);
	out->page = true;
	out->cacheable = false;
}

void route_desk(server *srv, const request *req, const char *tail, reply *out)
{
	bool get = !strcmp(req->method, "GET") || !strcmp(req->method, "HEAD");
	const char *want = !*tail || !strcmp(tail, "session") ? "GET"
			   : !strcmp(tail, "sign-in") || !strcmp(tail, "sign-out") ? "POST"
										   : NULL;
	if (!want) {
		reply_error(out, 404, "no such path \"%s\" (docs/desk.md)", req->path);
		return;
	}
	if (strcmp(want, "GET") == 0 ? !get : strcmp(req->method, "POST") != 0) {
		out->allow = strcmp(want, "GET") == 0 ? "GET, HEAD" : "POST";
		reply_error(out, 405, "%s takes %s, not %s", req->path, out->allow, req->method);
		return;
	}
	if (!*tail)
		page(srv, req, out);
	else if (!strcmp(tail, "session"))
		session_json(srv, req, out);
	else if (!strcmp(tail, "sign-in"))
		sign_in(srv, req, out);
	else
		sign_out(srv, req, out);
}

/* GET /api/audit?limit=N: the newest changes, for the owner (or the key). */
void route_audit(server *srv, const request *req, reply *out)
{
	caller c = {.owner = true};
	if (desk_has_cookie(req)) {
		if (desk_session(srv, req, &c, out))
			return;
	} else if (!srv->api_key || !req->authorization ||
		   strncasecmp(req->authorization, "Bearer ", 7) != 0) {
		out->challenge = srv->api_key != NULL;
		reply_error(out, srv->api_key ? 401 : 403, "the audit is the clinic owner's: sign "
			    "in at /clinic, or send the clinic's Bearer key");
		return;
	} else if (!clinic_key_authorized(srv, req, out)) {
		return;
	}
	if (!c.owner) {
		reply_error(out, 403, "the audit is for the clinic's owner (aftercare staff add "
			    "NAME --owner)");
		return;
	}
	const char *limit = req->conn ? MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND,
								    "limit") : NULL;
	char *end = NULL;
	long n = limit ? strtol(limit, &end, 10) : 100;
	if (limit && (!*limit || *end || n < 1 || n > 1000)) {
		reply_error(out, 400, "bad limit \"%s\": 1 to 1000", limit);
		return;
	}
	json_t *list = audit_list(srv->store, (int)n);
	if (!list)
		reply_store_error(out, srv->store, -1);
	else
		reply_json(out, 200, json_pack("{s:o}", "audit", list));
}
