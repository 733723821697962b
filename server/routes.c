/* routes.c: the API's endpoints (docs/api.md). Each reads its parameters, resolves them as
 * the command line would and answers with the library's own JSON renderers, so the API and
 * `aftercare ... --format json` cannot drift apart. */
#include <jansson.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "server.h"

static const char **field_slot(params *p, const char *name)
{
	static const struct { const char *name; size_t offset; } slots[] = {
		{"activity", offsetof(params, activity)}, {"question", offsetof(params, question)},
		{"treated", offsetof(params, treated)},   {"after", offsetof(params, after)},
		{"device", offsetof(params, device)},     {"depth", offsetof(params, depth)},
		{"skin", offsetof(params, skin)},	  {"policy", offsetof(params, policy)},
		{"patient", offsetof(params, patient)},	  {"treated_at", offsetof(params, treated)},
		{"token", offsetof(params, token)},
	};
	for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++)
		if (strcmp(slots[i].name, name) == 0)
			return (const char **)((char *)p + slots[i].offset);
	return NULL;
}

static bool field_allowed(const fields *f, const char *name)
{
	for (size_t i = 0; i < MAX_FIELDS && f->names[i]; i++)
		if (strcmp(f->names[i], name) == 0)
			return true;
	return false;
}

/* ---- query arguments ---- */

struct query_walk {
	const fields *allowed;
	params *p;
	reply *out;
	bool bad;
};

static enum MHD_Result query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	(void)kind;
	struct query_walk *w = cls;
	if (!field_allowed(w->allowed, key)) {
		reply_error(w->out, 400, "unknown parameter \"%s\"", key);
		w->bad = true;
		return MHD_NO;
	}
	const char **slot = field_slot(w->p, key);
	if (*slot) {	/* two names of one parameter (params_once refuses the same twice) */
		reply_error(w->out, 400, "parameter \"%s\" is given more than once: give each "
			    "parameter once", key);
		w->bad = true;
		return MHD_NO;
	}
	*slot = value ? value : "";
	return MHD_YES;
}

int query_params(const request *req, const fields *allowed, params *p, reply *out)
{
	struct query_walk w = {allowed, p, out, false};
	memset(p, 0, sizeof(*p));
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, query_arg, &w);
	return w.bad ? -1 : 0;
}

/* ---- JSON bodies ---- */

/* Parse the body into *doc and fill p with pointers into it; a 400 otherwise. */
int body_params(const request *req, const fields *allowed, json_t **doc, params *p,
		       reply *out)
{
	json_error_t jerr;
	memset(p, 0, sizeof(*p));
	*doc = json_loadb(req->body ? req->body : "", req->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!*doc) {
		reply_error(out, 400, "bad JSON at line %d, column %d: %s", jerr.line, jerr.column,
			    jerr.text);
		return -1;
	}
	if (!json_is_object(*doc)) {
		reply_error(out, 400, "the body must be a JSON object");
		return -1;
	}
	const char *key;
	json_t *value;
	json_object_foreach(*doc, key, value) {
		if (!field_allowed(allowed, key)) {
			reply_error(out, 400, "unknown field \"%s\"", key);
			return -1;
		}
		const char *s = json_string_value(value);
		if (!s || strlen(s) != json_string_length(value)) {
			reply_error(out, 400, "field \"%s\" must be a string without NUL characters",
				    key);
			return -1;
		}
		*field_slot(p, key) = s;
		if (strcmp(key, "treated_at") == 0)
			p->treated_name = key;
	}
	return 0;
}

/* ---- the endpoints ---- */

static void get_healthz(server *srv, const request *req, reply *out)
{
	(void)srv, (void)req;
	reply_json(out, 200, json_pack("{s:b}", "ok", 1));
}

static void get_activities(server *srv, const request *req, reply *out)
{
	(void)req;
	reply_json(out, 200, cli_activities_json(srv->kb));
}

/* The voices the server speaks with; with a patient's token, those of the protocol its
 * treatment was issued under (docs/desk.md, "Protocol versions"), as its page lists them. */
static void get_sources(server *srv, const request *req, reply *out)
{
	static const fields allowed = {{"token"}};
	params p;
	plan_kb pk = {.kb = srv->kb};
	char when[64], zone[STORE_ZONE_MAX + 1];	/* the zone is not needed for the sources */
	if (query_params(req, &allowed, &p, out) ||
	    (p.token && patient_params(srv, &p, when, zone, &pk, out)))
		return;
	reply_json(out, 200, cli_sources_json(pk.kb));
}

static void get_when(server *srv, const request *req, reply *out)
{
	static const fields allowed = {{"activity", "treated", "after", "device", "depth", "skin",
					"policy"}};
	params p;
	resolved r;
	if (query_params(req, &allowed, &p, out))
		return;
	if (!p.activity || !*p.activity) {
		reply_error(out, 400, "missing parameter \"activity\"");
		return;
	}
	if (params_resolve(srv, &p, &r, out))
		return;
	if (r.at_min < 0) {
		reply_error(out, 400, "treated is in the future: give after to ask about a moment "
			    "after it");
		return;
	}
	ac_answer a;
	ac_query(srv->kb, &r.profile, &r.policy, r.activity, r.at_min, &a);
	ac_answer_add_variants(srv->kb, &r.profile, &r.policy, &a);
	ac_answer_add_guide(srv->kb, &r.profile, &r.policy, &a);
	REPLY_RENDERED(out, ac_render_when_json(f, srv->kb, &r.profile, &a));
}

/* Answer p's question: with the server's asker and r's policy, or with pk (a patient's
 * token: its treatment's protocol) that kb's asker and its policy, or policy read on it. */
static void ask_one(server *srv, const params *p, resolved *r, const plan_kb *pk,
		    const char *policy, reply *out)
{
	ac_asker *asker = srv->asker;
	char err[AC_ERRBUF_SIZE];
	ac_question q;
	if (pk) {
		r->policy = *pk->policy;
		if (policy && ac_policy_parse(pk->kb, policy, &r->policy, err) != AC_OK) {
			reply_error(out, 400, "bad policy: %s", err);
			return;
		}
		if (!(asker = protocol_asker(srv, pk))) {
			reply_error(out, 500, "out of memory");
			return;
		}
	}
	if (ac_ask_parse(asker, p->question, strlen(p->question), &r->profile, r->at_min, &q,
			 err) != AC_OK)
		reply_error(out, 400, "bad question: %s", err);
	else
		REPLY_RENDERED(out, ac_render_ask_json(f, asker, p->question, &q, &r->policy,
						       r->at_min));
}

static void post_ask(server *srv, const request *req, reply *out)
{
	static const fields allowed = {{"question", "treated", "after", "device", "depth", "skin",
					"policy", "token"}};
	json_t *doc = NULL;
	params p;
	resolved r;
	/* With a patient's token: that treatment, under the protocol it was issued under, as
	 * its page shows it (docs/desk.md, "Protocol versions"); its policy read on that kb; its
	 * times in the zone it was given in, as on its page, so that "on friday" is the clinic's
	 * Friday (docs/web.md, "One clock"). */
	plan_kb pk;
	char when[64], zone[STORE_ZONE_MAX + 1] = "", saved[256];
	const char *policy = NULL;
	if (body_params(req, &allowed, &doc, &p, out) == 0) {
		if (p.token)
			policy = p.policy, p.policy = NULL;
		if (!p.question) {
			reply_error(out, 400, "missing field \"question\"");
		} else if (!(p.token && patient_params(srv, &p, when, zone, &pk, out))) {
			bool entered = zone_enter(srv, zone, saved, sizeof(saved));
			if (params_resolve(srv, &p, &r, out) == 0)
				ask_one(srv, &p, &r, p.token ? &pk : NULL, policy, out);
			zone_leave(entered, saved);
		}
	}
	json_decref(doc);
}

static void post_plan(server *srv, const request *req, reply *out)
{
	static const fields allowed = {{"treated", "after", "device", "depth", "skin", "policy"}};
	json_t *doc = NULL;
	params p;
	resolved r;
	if (body_params(req, &allowed, &doc, &p, out) == 0 &&
	    params_resolve(srv, &p, &r, out) == 0) {
		REPLY_RENDERED(out, ac_render_plan_json(f, srv->kb, &r.profile, &r.policy,
							r.now_min));
	}
	json_decref(doc);
}

static void get_index(server *srv, const request *req, reply *out)
{
	route_home(srv, req, out);
}

/* A path either is path exactly, or (prefix) starts with it and the rest is the route's. */
static const struct route_def {
	const char *path;
	const char *methods;	/* "GET", "POST", or "GET DELETE" */
	bool prefix;
	void (*run)(server *, const request *, reply *);
	void (*run_tail)(server *, const request *, const char *, reply *);
} routes[] = {
	{"/healthz", "GET", false, get_healthz, NULL},
	{"/api/activities", "GET", false, get_activities, NULL},
	{"/api/sources", "GET", false, get_sources, NULL},
	{"/api/when", "GET", false, get_when, NULL},
	{"/api/ask", "POST", false, post_ask, NULL},
	{"/api/plan", "POST", false, post_plan, NULL},
	{"/api/plan.ics", "GET", false, route_plan_ics, NULL},
	{"/api/treatments", "GET POST", false, NULL, route_treatments},
	{"/api/treatments/", "GET DELETE PATCH", true, NULL, route_treatments},
	{"/api/audit", "GET", false, route_audit, NULL},
	{"/clinic", "GET POST", false, NULL, route_desk},
	{"/clinic/", "GET POST", true, NULL, route_desk},
	{"/p/", "GET", true, NULL, route_patient},
	{"/static/", "GET", true, NULL, route_static},
	{"/sw.js", "GET", false, route_worker, NULL},
	{"/", "GET", false, get_index, NULL},
};

/* Whether method is one of methods; HEAD is GET without the body (MHD drops it). */
static bool method_allowed(const char *method, const char *methods)
{
	size_t n = strlen(method);
	if (strcmp(method, "HEAD") == 0)
		method = "GET", n = 3;
	for (const char *m = methods; m; m = strchr(m, ' ')) {
		m += *m == ' ';
		if (strncmp(m, method, n) == 0 && (m[n] == ' ' || m[n] == '\0'))
			return true;
	}
	return false;
}

static void allow_header(reply *out, const char *methods)
{
	out->allow = strcmp(methods, "GET") == 0		? "GET, HEAD"
		     : strcmp(methods, "GET DELETE") == 0	? "GET, HEAD, DELETE"
		     : strcmp(methods, "GET POST") == 0		? "GET, HEAD, POST"
		     : strcmp(methods, "GET DELETE PATCH") == 0 ? "GET, HEAD, DELETE, PATCH"
								: methods;
}

void route(server *srv, const request *req, reply *out)
{
	if (params_once(req, out))
		return;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		const struct route_def *r = &routes[i];
		size_t n = strlen(r->path);
		if (r->prefix ? strncmp(req->path, r->path, n) != 0 : strcmp(req->path, r->path) != 0)
			continue;
		if (!method_allowed(req->method, r->methods)) {
			allow_header(out, r->methods);
			reply_error(out, 405, "%s takes %s, not %s", r->prefix ? r->path : req->path,
				    out->allow, req->method);
			return;
		}
		if (r->run_tail)
			r->run_tail(srv, req, req->path + n, out);
		else
			r->run(srv, req, out);
		return;
	}
	reply_error(out, 404, "no such path \"%s\" (docs/api.md lists the endpoints)", req->path);
}
