/* treatments.c: the clinic's side (docs/api.md, "Clinic"; docs/desk.md): with the clinic's
 * key or a desk session, add a treatment and get its patient's private link, list a day's or
 * find them by name, look one up, change it (the link stays), delete it. Each change is in
 * the audit; a time that looks wrong, or an exact duplicate, is kept only when confirmed. */
#include <ctype.h>
#include <jansson.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clinic.h"
#include "qr.h"
#include "server.h"
#include "staff.h"

#define AHEAD_MAX_S (24 * 3600)		/* later than this from now: a warning */
#define BACK_MAX_S (60 * 86400)		/* earlier than this before now: a warning */
#define PAGE_DEFAULT 50
#define PAGE_MAX 200

/* Whether the request carries "Authorization: Bearer KEY" with the clinic's key; else the
 * reply says why. The key is compared in constant time and never echoed or logged. */
bool clinic_key_authorized(const server *srv, const request *req, reply *out)
{
	if (!srv->api_key) {
		reply_error(out, 403, "the clinic endpoints are off: start the server with "
			    "AFTERCARE_API_KEY (or --api-key) set");
		return false;
	}
	const char *h = req->authorization;
	static const char scheme[] = "Bearer ";
	if (!h || strncasecmp(h, scheme, sizeof(scheme) - 1) != 0) {
		out->challenge = true;
		reply_error(out, 401, "missing \"Authorization: Bearer KEY\" with the clinic's key");
		return false;
	}
	/* "Bearer" 1*SP token (RFC 6750 section 2.1); the whitespace around a field's value is
	 * not part of it (RFC 9110 section 5.5), and libmicrohttpd 0.9.75 keeps a trailing one. */
	const char *key = h + sizeof(scheme) - 1;
	key += strspn(key, " ");
	size_t len = strlen(key);
	while (len && (key[len - 1] == ' ' || key[len - 1] == '\t'))
		len--;
	if (!store_equal_ct(key, len, srv->api_key, srv->api_key_len)) {
		out->challenge = true;
		reply_error(out, 401, "wrong clinic key");
		return false;
	}
	return true;
}

/* The id in "/api/treatments/ID": 1 to 10^15, digits only; else -1. */
static int64_t parse_id(const char *s)
{
	int64_t id = 0;
	size_t n = 0;
	for (; isdigit((unsigned char)s[n]) && n < 16; n++)
		id = id * 10 + (s[n] - '0');
	return n && !s[n] && n < 16 && s[0] != '0' ? id : -1;
}

/* A patient's name or reference: 1 to STORE_PATIENT_MAX bytes of text (UTF-8: jansson
 * checked), no control characters, C0, DEL or C1 (U+0080 to U+009F, bytes C2 80 to C2 9F;
 * U+009B is a terminal's escape): it is shown to the clinic and goes into other tools. */
static bool patient_ok(const char *s, reply *out)
{
	size_t n = strlen(s);
	if (n == 0 || n > STORE_PATIENT_MAX) {
		reply_error(out, 400, "patient must be 1 to %d bytes", STORE_PATIENT_MAX);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i], next = (unsigned char)s[i + 1];
		if (c < 0x20 || c == 0x7f || (c == 0xc2 && next >= 0x80 && next <= 0x9f)) {
			reply_error(out, 400, "patient must not contain control characters");
			return false;
		}
	}
	return true;
}

/* The clinic's public base URL, or NULL: links are then relative. */
static const char *public_url(const server *srv)
{
	return srv->clinic ? srv->clinic->public_url : NULL;
}

/* What the clinic sees of a treatment: everything, with the patient's links (absolute too,
 * as "url", when the clinic's public URL is set). */
static json_t *treatment_json(const server *srv, const treatment *t)
{
	char treated[64], created[64], link[64], path[80];
	snprintf(link, sizeof(link), "/p/%s", t->token);
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			      "id", (json_int_t)t->id, "patient", t->patient,
			      "treated_at", ac_time_format_iso(t->profile.treated_at, treated,
							       sizeof(treated)),
			      "device", ac_device_name(t->profile.device),
			      "depth", ac_depth_name(t->profile.depth),
			      "skin", ac_skin_name(t->profile.skin),
			      "created_at", ac_time_format_iso(t->created_at, created, sizeof(created)),
			      "link", link);
	if (!o)
		return NULL;
	snprintf(path, sizeof(path), "%s.ics", link);
	json_object_set_new(o, "calendar", json_string(path));
	json_object_set_new(o, "zone", json_string(t->zone[0] ? t->zone : srv->zone));
	snprintf(path, sizeof(path), "%s.json", link);
	json_object_set_new(o, "json", json_string(path));
	const char *base = public_url(srv);
	if (base) {
		char url[512];
		snprintf(url, sizeof(url), "%s%s", base, link);
		json_object_set_new(o, "url", json_string(url));
	}
	if (t->profile.treated_ambiguous) {	/* as the request wrote it: which instant */
		char note[200];
		json_object_set_new(o, "treated_note", json_string(ac_time_twice_note(
						     t->profile.treated_at, note, sizeof(note))));
	}
	if (t->protocol[0] || srv->protocol[0]) {
		/* under which protocol it was issued (null: the guide alone), and if it is the
		 * one in force: its plan stays that protocol's until reissued (protocols.c) */
		json_object_set_new(o, "protocol", t->protocol[0] ? json_string(t->protocol)
								  : json_null());
		json_object_set_new(o, "protocol_current",
				    json_boolean(strcmp(t->protocol, srv->protocol) == 0));
	}
	return o;
}

/* Who asks: a desk session (a cookie, no Authorization) or the clinic's key. */
static int who_calls(server *srv, const request *req, caller *c, reply *out)
{
	if (desk_has_cookie(req))
		return desk_session(srv, req, c, out);
	if (!clinic_key_authorized(srv, req, out))
		return -1;
	*c = (caller){.who = "clinic key", .owner = true};
	return 0;
}

/* ---- confirming a warning ---- */

/* Whether the request says to keep what the warnings are about: ?confirm=true, or
 * "confirm": true (or "true") in the body, which *body_out then holds without it (for
 * body_params, which takes the treatment's fields only). */
static bool take_confirm(const request *req, request *copy, char **body_out)
{
	*copy = *req;
	*body_out = NULL;
	const char *q = req->conn ? MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND,
								 "confirm") : NULL;
	bool confirm = q && strcmp(q, "true") == 0;
	json_t *doc = json_loadb(req->body ? req->body : "", req->body_len, JSON_REJECT_DUPLICATES,
				 NULL);
	json_t *v = json_is_object(doc) ? json_object_get(doc, "confirm") : NULL;
	if (v && (json_is_true(v) || (json_is_string(v) && !strcmp(json_string_value(v), "true")) ||
		  json_is_false(v) || (json_is_string(v) && !strcmp(json_string_value(v), "false")))) {
		confirm = confirm || json_is_true(v) ||
			  (json_is_string(v) && !strcmp(json_string_value(v), "true"));
		json_object_del(doc, "confirm");
		*body_out = json_dumps(doc, JSON_COMPACT);
		if (*body_out) {
			copy->body = *body_out;
			copy->body_len = strlen(*body_out);
		}
	}
	json_decref(doc);
	return confirm;
}

/* Whether t looks wrong: added to warnings (an array) as {code, message}. */
static int check_warnings(server *srv, const treatment *t, json_t *warnings, reply *out)
{
	time_t now = time(NULL);
	int64_t other = 0;
	int rc = store_duplicate(srv->store, t, &other);
	if (rc < 0) {
		reply_store_error(out, srv->store, rc);
		return -1;
	}
	if (rc > 0) {
		char msg[160];
		snprintf(msg, sizeof(msg), "treatment %lld has the same patient, time, device, depth "
			 "and skin", (long long)other);
		json_array_append_new(warnings, json_pack("{s:s, s:s, s:I}", "code", "duplicate",
							  "message", msg, "id", (json_int_t)other));
	}
	if (difftime(t->profile.treated_at, now) > AHEAD_MAX_S)
		json_array_append_new(warnings, json_pack("{s:s, s:s}", "code", "ahead", "message",
			"the time is more than a day ahead of now"));
	if (difftime(now, t->profile.treated_at) > BACK_MAX_S)
		json_array_append_new(warnings, json_pack("{s:s, s:s}", "code", "past", "message",
			"the time is more than 60 days before now"));
	return 0;
}

/* 0 when t may be stored: no warnings, or confirmed; else the 409 (or an error) is set. */
static int warn_or_keep(server *srv, const treatment *t, bool confirm, reply *out)
{
	if (confirm)
		return 0;
	json_t *w = json_array();
	if (!w || check_warnings(srv, t, w, out)) {
		json_decref(w);
		if (!w)
			reply_error(out, 500, "out of memory");
		return -1;
	}
	if (json_array_size(w) == 0) {
		json_decref(w);
		return 0;
	}
	char msg[400] = "";
	for (size_t i = 0; i < json_array_size(w); i++)
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), "%s%s", i ? "; " : "",
			 json_string_value(json_object_get(json_array_get(w, i), "message")));
	snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg),
		 ": nothing was stored; send it again with \"confirm\": true to keep it");
	reply_json(out, 409, json_pack("{s:s, s:o}", "error", msg, "warnings", w));
	return -1;
}

/* The clinic's own words for a device, a needle depth and a skin type, as the guide's
 * (clinic.yaml; docs/desk.md): a word neither knows is left for params_resolve's 400. */
static void clinic_words(const server *srv, params *p)
{
	const char *g;
	if (p->device && (g = clinic_device(srv->clinic, p->device)))
		p->device = g;
	if (p->depth && (g = clinic_depth(srv->clinic, p->depth)))
		p->depth = g;
	if (p->skin && (g = clinic_skin(srv->clinic, p->skin)))
		p->skin = g;
}

static void post_treatment(server *srv, const request *req, const caller *c, reply *out)
{
	static const fields allowed = {{"patient", "treated_at", "device", "depth", "skin"}};
	json_t *doc = NULL;
	params p;
	resolved r;
	treatment t = {0};
	request copy;
	char *body = NULL;
	bool confirm = take_confirm(req, &copy, &body);
	if (body_params(&copy, &allowed, &doc, &p, out))
		goto done;
	if (!p.patient || !p.treated) {
		reply_error(out, 400, "missing field \"%s\"", p.patient ? "treated_at" : "patient");
		goto done;
	}
	clinic_words(srv, &p);
	if (!patient_ok(p.patient, out) || params_resolve(srv, &p, &r, out))
		goto done;
	snprintf(t.patient, sizeof(t.patient), "%s", p.patient);
	snprintf(t.protocol, sizeof(t.protocol), "%s", srv->protocol);
	if (clinic_zone_ok(srv->zone))	/* its times stay in this zone (docs/web.md, "One clock") */
		snprintf(t.zone, sizeof(t.zone), "%s", srv->zone);
	t.profile = r.profile;
	if (warn_or_keep(srv, &t, confirm, out))
		goto done;
	int rc = store_add(srv->store, &t);
	if (rc) {
		reply_store_error(out, srv->store, rc);
		goto done;
	}
	char detail[300], when[64];
	snprintf(detail, sizeof(detail), "treated_at %s, %s, %s, %s%s",
		 ac_time_format_iso(t.profile.treated_at, when, sizeof(when)),
		 ac_device_name(t.profile.device), ac_depth_name(t.profile.depth),
		 ac_skin_name(t.profile.skin), confirm ? " (warnings confirmed)" : "");
	audit_add(srv->store, c->who, "create", t.id, detail);
	snprintf(out->location, sizeof(out->location), "/api/treatments/%lld", (long long)t.id);
	reply_json(out, 201, treatment_json(srv, &t));
done:
	json_decref(doc);
	free(body);
}

/* One changed field for the audit: "name old -> new; ". */
static void changed(char *buf, size_t size, const char *name, const char *was, const char *now)
{
	if (strcmp(was, now) != 0)
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%s %s -> %s", *buf ? "; " : "",
			 name, was, now);
}

/* PATCH /api/treatments/ID: the fields given change; the token (the patient's link) stays.
 * "reissue": "true" issues the plan again under the protocol in force now. */
static void patch_treatment(server *srv, const request *req, int64_t id, const caller *c,
			    reply *out)
{
	static const fields allowed = {{"patient", "treated_at", "device", "depth", "skin"}};
	json_t *doc = NULL;
	params p;
	resolved r;
	treatment was, t;
	request copy;
	char *body = NULL, when[64], iso_was[64], iso_now[64];
	bool confirm = take_confirm(req, &copy, &body);
	bool reissue = false;
	/* "reissue" is not a treatment's field: taken out as confirm is */
	json_t *peek = json_loadb(copy.body ? copy.body : "", copy.body_len, 0, NULL);
	json_t *ri = json_is_object(peek) ? json_object_get(peek, "reissue") : NULL;
	char *body2 = NULL;
	if (ri && (json_is_boolean(ri))) {
		reissue = json_is_true(ri);
		json_object_del(peek, "reissue");
		if ((body2 = json_dumps(peek, JSON_COMPACT))) {
			copy.body = body2;
			copy.body_len = strlen(body2);
		}
	}
	json_decref(peek);
	int rc = store_get(srv->store, id, &was);
	if (rc) {
		if (rc < 0)
			reply_store_error(out, srv->store, rc);
		else
			reply_error(out, 404, "no such treatment %lld", (long long)id);
		goto done;
	}
	if (body_params(&copy, &allowed, &doc, &p, out))
		goto done;
	if (!reissue && !p.patient && !p.treated && !p.device && !p.depth && !p.skin) {
		reply_error(out, 400, "nothing to change: give patient, treated_at, device, depth, "
			    "skin or \"reissue\": true");
		goto done;
	}
	clinic_words(srv, &p);
	if (!p.patient)
		p.patient = was.patient;
	if (!p.treated)
		p.treated = ac_time_format_iso(was.profile.treated_at, when, sizeof(when));
	p.device = p.device ? p.device : ac_device_name(was.profile.device);
	p.depth = p.depth ? p.depth : ac_depth_name(was.profile.depth);
	p.skin = p.skin ? p.skin : ac_skin_name(was.profile.skin);
	if (!patient_ok(p.patient, out) || params_resolve(srv, &p, &r, out))
		goto done;
	t = was;
	snprintf(t.patient, sizeof(t.patient), "%s", p.patient);
	t.profile = r.profile;
	if (reissue)
		snprintf(t.protocol, sizeof(t.protocol), "%s", srv->protocol);
	bool moved = t.profile.treated_at != was.profile.treated_at;
	if ((moved || strcmp(t.patient, was.patient) || t.profile.device != was.profile.device ||
	     t.profile.depth != was.profile.depth || t.profile.skin != was.profile.skin) &&
	    warn_or_keep(srv, &t, confirm, out))
		goto done;
	rc = store_update(srv->store, &t);
	if (rc) {
		if (rc < 0)
			reply_store_error(out, srv->store, rc);
		else
			reply_error(out, 404, "no such treatment %lld", (long long)id);
		goto done;
	}
	char detail[700] = "";
	changed(detail, sizeof(detail), "patient", was.patient, t.patient);
	changed(detail, sizeof(detail), "treated_at",
		ac_time_format_iso(was.profile.treated_at, iso_was, sizeof(iso_was)),
		ac_time_format_iso(t.profile.treated_at, iso_now, sizeof(iso_now)));
	changed(detail, sizeof(detail), "device", ac_device_name(was.profile.device),
		ac_device_name(t.profile.device));
	changed(detail, sizeof(detail), "depth", ac_depth_name(was.profile.depth),
		ac_depth_name(t.profile.depth));
	changed(detail, sizeof(detail), "skin", ac_skin_name(was.profile.skin),
		ac_skin_name(t.profile.skin));
	if (reissue)
		changed(detail, sizeof(detail), "protocol", was.protocol[0] ? was.protocol : "none",
			t.protocol[0] ? t.protocol : "none");
	audit_add(srv->store, c->who, reissue ? "reissue" : "edit", id,
		  *detail ? detail : "nothing changed");
	reply_json(out, 200, treatment_json(srv, &t));
done:
	json_decref(doc);
	free(body);
	free(body2);
}

/* ---- the list ---- */

struct list_args {
	const char *date, *q, *limit, *cursor;
	char bad[64];
	char twice[64];	/* a parameter given under both its names */
};

static enum MHD_Result list_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *value)
{
	(void)kind;
	struct list_args *a = cls;
	const char **slot = !strcmp(key, "date") || !strcmp(key, "day") ? &a->date
			    : !strcmp(key, "q") ? &a->q : !strcmp(key, "limit") ? &a->limit
			    : !strcmp(key, "cursor") ? &a->cursor : NULL;
	if (!slot) {
		snprintf(a->bad, sizeof(a->bad), "%.40s", key);
		return MHD_NO;
	}
	if (*slot) {	/* date and day: one parameter (params_once refuses the same twice) */
		snprintf(a->twice, sizeof(a->twice), "%.40s", key);
		return MHD_NO;
	}
	*slot = value ? value : "";
	return MHD_YES;
}

/* "YYYY-MM-DD" as the day's first and next day's first second, in the server's zone (the
 * clinic's: clinic.yaml's time_zone). */
static int day_range(const char *s, time_t *from, time_t *to, char *why, size_t len)
{
	int y, m, d, n = 0;
	snprintf(why, len, "expected YYYY-MM-DD");
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    !isdigit((unsigned char)s[0]) || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	/* The days a treatment can be on: the times ac_time_check takes. */
	if (y < 1970 || y > 2100) {
		snprintf(why, len, "%s: treatments are from 1970 to 2100",
			 y < 1970 ? "before 1970" : "after 2100");
		return -1;
	}
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_isdst = -1};
	*from = mktime(&tm);
	if (tm.tm_mday != d || tm.tm_mon != m - 1) {	/* 31 February */
		snprintf(why, len, "there is no such day");
		return -1;
	}
	struct tm next = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d + 1, .tm_isdst = -1};
	*to = mktime(&next);
	return *from == (time_t)-1 || *to == (time_t)-1 ? -1 : 0;
}

static void list_treatments(server *srv, const request *req, reply *out)
{
	struct list_args a = {0};
	if (req->conn)
		MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, list_arg, &a);
	if (a.bad[0]) {
		reply_error(out, 400, "unknown parameter \"%s\" (date, q, limit, cursor)", a.bad);
		return;
	}
	if (a.twice[0]) {
		reply_error(out, 400, "parameter \"%s\" is given more than once (date and day are "
			    "one parameter): give each parameter once", a.twice);
		return;
	}
	store_query q = {0};
	char today[16], lower[STORE_PATIENT_MAX + 1];
	if (!a.date && !(a.q && *a.q)) {	/* today's */
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		strftime(today, sizeof(today), "%Y-%m-%d", &tm);
		a.date = today;
	}
	char why[80];
	if (a.date && day_range(a.date, &q.day_from, &q.day_to, why, sizeof(why))) {
		reply_error(out, 400, "bad date \"%s\": %s", a.date, why);
		return;
	}
	size_t qn = a.q ? strlen(a.q) : 0;
	if (qn > STORE_PATIENT_MAX) {
		reply_error(out, 400, "q is longer than a patient's name can be");
		return;
	}
	for (size_t i = 0; i < qn; i++)	/* as SQLite's lower(): ASCII letters only */
		lower[i] = (char)tolower((unsigned char)a.q[i]);
	lower[qn] = '\0';
	q.name = lower;
	char *end;
	long limit = a.limit ? strtol(a.limit, &end, 10) : PAGE_DEFAULT;
	if (a.limit && (*end || !*a.limit || limit < 1 || limit > PAGE_MAX)) {
		reply_error(out, 400, "bad limit \"%s\": 1 to %d", a.limit, PAGE_MAX);
		return;
	}
	if (a.cursor) {
		long long ct, ci;
		int n = 0;
		if (sscanf(a.cursor, "%lld.%lld%n", &ct, &ci, &n) != 2 || n != (int)strlen(a.cursor) ||
		    ci < 1) {
			reply_error(out, 400, "bad cursor (use the \"next\" of the page before)");
			return;
		}
		q.after_time = ct, q.after_id = ci;
	}
	treatment *rows = calloc((size_t)limit, sizeof(*rows));
	if (!rows) {
		reply_error(out, 500, "out of memory");
		return;
	}
	int n = store_list(srv->store, &q, rows, (int)limit);
	if (n < 0) {
		reply_store_error(out, srv->store, n);
		free(rows);
		return;
	}
	json_t *arr = json_array();
	for (int i = 0; arr && i < n; i++)
		json_array_append_new(arr, treatment_json(srv, &rows[i]));
	char next[48] = "";
	if (n == limit)
		snprintf(next, sizeof(next), "%lld.%lld", (long long)rows[n - 1].profile.treated_at,
			 (long long)rows[n - 1].id);
	free(rows);
	reply_json(out, 200, json_pack("{s:s?, s:s?, s:o, s:s?}", "date", a.date, "q",
				       qn ? a.q : NULL, "treatments", arr ? arr : json_array(),
				       "next", *next ? next : NULL));
}

/* ---- the handout's QR code ---- */

/* The patient's link as an SVG QR code (libqrencode; level M): for the printed handout. The
 * URL is the public one, or this host's as the desk's browser reached it. */
static void qr_svg(server *srv, const request *req, const treatment *t, reply *out)
{
	char url[512];
	const char *base = public_url(srv);
	if (base)
		snprintf(url, sizeof(url), "%s/p/%s", base, t->token);
	else
		snprintf(url, sizeof(url), "http://%s/p/%s", req->host ? req->host : "localhost",
			 t->token);
	REPLY_RENDERED(out, qr_svg_write(f, url, "QR code of the patient's link"));
	if (out->status == 200)
		out->type = "image/svg+xml";
}

void route_treatments(server *srv, const request *req, const char *tail, reply *out)
{
	caller c;
	if (who_calls(srv, req, &c, out))
		return;
	bool get = !strcmp(req->method, "GET") || !strcmp(req->method, "HEAD");
	if (!*tail) {	/* "/api/treatments": GET lists, POST adds; "/api/treatments/" no id */
		if (strcmp(req->method, "POST") == 0)
			post_treatment(srv, req, &c, out);
		else if (get && req->path[strlen(req->path) - 1] != '/')
			list_treatments(srv, req, out);
		else
			reply_error(out, 404, "no such treatment (ids are whole numbers from 1)");
		return;
	}
	char idtext[24];
	size_t idn = strcspn(tail, "/");
	bool qr = strcmp(tail + idn, "/qr.svg") == 0;
	snprintf(idtext, sizeof(idtext), "%.*s", (int)(idn < 20 ? idn : 20), tail);
	int64_t id = (tail[idn] && !qr) || idn > 16 ? -1 : parse_id(idtext);
	if (id < 0 || (qr && !get)) {
		reply_error(out, 404, "no such treatment (ids are whole numbers from 1)");
		return;
	}
	if (strcmp(req->method, "PATCH") == 0) {
		patch_treatment(srv, req, id, &c, out);
		return;
	}
	treatment t;
	int rc = store_get(srv->store, id, &t);
	if (rc == 0 && strcmp(req->method, "DELETE") == 0)
		rc = store_delete(srv->store, id);
	if (rc < 0)
		reply_store_error(out, srv->store, rc);
	else if (rc > 0)
		reply_error(out, 404, "no such treatment %lld", (long long)id);
	else if (strcmp(req->method, "DELETE") == 0) {
		char why[128], detail[300], when[64], note[400];
		bool pending = store_erase_pending(srv->store, why, sizeof(why)) != 0;
		if (pending)
			fprintf(stderr, "aftercare: store: treatment %lld is deleted, but its bytes "
				"are still in the WAL (the checkpoint failed: %s); trying again every "
				"second\n", (long long)id, why);
		snprintf(detail, sizeof(detail), "treated_at %s (the patient's link is gone)",
			 ac_time_format_iso(t.profile.treated_at, when, sizeof(when)));
		audit_add(srv->store, c.who, "delete", id, detail);
		/* The clinic is told what the log says: deleted (the link is gone now), and
		 * whether the bytes are erased from the store's files yet. */
		json_t *j = json_pack("{s:I, s:b, s:b}", "id", (json_int_t)id, "deleted", 1,
				      "erased", !pending);
		if (pending && j) {
			snprintf(note, sizeof(note), "the treatment is deleted and its link is gone, "
				 "but its bytes are still in the store's WAL file: the checkpoint "
				 "failed (%s); the server tries again every second until they are "
				 "gone, and its log says when", why);
			json_object_set_new(j, "note", json_string(note));
		}
		reply_json(out, 200, j);
	} else if (qr)
		qr_svg(srv, req, &t, out);
	else
		reply_json(out, 200, treatment_json(srv, &t));
}
