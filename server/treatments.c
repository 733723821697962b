/* treatments.c: the clinic's side (docs/api.md, "Clinic"): with the clinic's key, add a
 * treatment and get its patient's private link, look it up, delete it. */
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

/* Whether the request carries "Authorization: Bearer KEY" with the clinic's key; else the
 * reply says why. The key is compared in constant time and never echoed or logged. */
static bool authorized(const server *srv, const request *req, reply *out)
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

/* What the clinic sees of a treatment: everything, with the patient's links. */
static json_t *treatment_json(const treatment *t)
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
	snprintf(path, sizeof(path), "%s.ics", link);
	json_object_set_new(o, "calendar", json_string(path));
	snprintf(path, sizeof(path), "%s.json", link);
	json_object_set_new(o, "json", json_string(path));
	return o;
}

static void post_treatment(server *srv, const request *req, reply *out)
{
	static const fields allowed = {{"patient", "treated_at", "device", "depth", "skin"}};
	json_t *doc = NULL;
	params p;
	resolved r;
	treatment t = {0};
	if (body_params(req, &allowed, &doc, &p, out))
		goto done;
	if (!p.patient || !p.treated) {
		reply_error(out, 400, "missing field \"%s\"", p.patient ? "treated_at" : "patient");
		goto done;
	}
	if (!patient_ok(p.patient, out) || params_resolve(srv, &p, &r, out))
		goto done;
	snprintf(t.patient, sizeof(t.patient), "%s", p.patient);
	t.profile = r.profile;
	int rc = store_add(srv->store, &t);
	if (rc) {
		reply_store_error(out, srv->store, rc);
		goto done;
	}
	snprintf(out->location, sizeof(out->location), "/api/treatments/%lld", (long long)t.id);
	reply_json(out, 201, treatment_json(&t));
done:
	json_decref(doc);
}

void route_treatments(server *srv, const request *req, const char *tail, reply *out)
{
	if (!authorized(srv, req, out))
		return;
	if (!*tail) {	/* "/api/treatments" takes POST; "/api/treatments/" is no id */
		if (strcmp(req->method, "POST") == 0)
			post_treatment(srv, req, out);
		else
			reply_error(out, 404, "no such treatment (ids are whole numbers from 1)");
		return;
	}
	int64_t id = parse_id(tail);
	if (id < 0) {
		reply_error(out, 404, "no such treatment (ids are whole numbers from 1)");
		return;
	}
	treatment t;
	int rc = strcmp(req->method, "DELETE") == 0 ? store_delete(srv->store, id)
						     : store_get(srv->store, id, &t);
	if (rc < 0)
		reply_store_error(out, srv->store, rc);
	else if (rc > 0)
		reply_error(out, 404, "no such treatment %lld", (long long)id);
	else if (strcmp(req->method, "DELETE") == 0) {
		char why[128];
		if (store_erase_pending(srv->store, why, sizeof(why)))
			fprintf(stderr, "aftercare: store: treatment %lld is deleted, but its bytes "
				"are still in the WAL (the checkpoint failed: %s); trying again every "
				"second\n", (long long)id, why);
		reply_json(out, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1));
	}
	else
		reply_json(out, 200, treatment_json(&t));
}
