/* patient.c: the patient's side (docs/api.md, "Patient"): by the private token only, the
 * page, the plan as JSON and the calendar feed; and the page's own files. A token that is
 * not a live treatment's (wrong, or deleted) is a 404 like any unknown path. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "../cal/ics.h"
#include "page.h"
#include "server.h"
#include "web_assets.h"

/* A calendar is a file to save or open in the calendar app, under a name that says what it
 * is (a subscription reads it the same). */
#define ICS_DISPOSITION "attachment; filename=\"aftercare.ics\""

/* The page written by page.c as the reply (status given: 200, or 404 for a lost link). */
static void send_page(server *srv, const request *req, page_in *in, unsigned status,
		      reply *out)
{
	if (!in->zone)
		in->zone = srv->zone;
	in->host = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	REPLY_RENDERED(out, page_write(f, srv, in));
	if (out->status != 200)
		return;
	out->status = status;
	out->type = "text/html; charset=utf-8";
	out->page = true;
}

/* The "Can I…?" box sent without JavaScript: ?question=... on the page of a treatment
 * (profile; pk: a stored one's protocol, or NULL for the server's), asked about at_min (as
 * POST /api/ask asks). Fills in->question and either
 * in->answer (*answer, to json_decref) or in->ask_error; returns the page's status: 200, 400
 * for a question the asker refuses or one too long, 500 when the answer cannot be written. No
 * question (or an empty one): 200 and nothing filled. */
static unsigned ask_on_page(server *srv, const plan_kb *pk, const request *req,
			    const ac_profile *profile, int32_t at_min, page_in *in, json_t **answer,
			    char *err, size_t errlen)
{
	*answer = NULL;
	/* a stored treatment's questions are asked of the protocol it was issued under (pk) */
	ac_asker *asker = pk ? protocol_asker(srv, pk) : srv->asker;
	const ac_policy *policy = pk && pk->policy ? pk->policy : &srv->default_policy;
	const char *q = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "question");
	if (!q || !q[strspn(q, " \t\r\n")])
		return 200;
	in->question = q;
	size_t len = strlen(q);
	if (len > PAGE_QUESTION_MAX) {
		snprintf(err, errlen, "The question is too long: at most %d characters.",
			 PAGE_QUESTION_MAX);
		in->question = NULL;	/* not written back into the box */
		in->ask_error = err;
		return 400;
	}
	ac_question parsed;
	char why[AC_ERRBUF_SIZE];
	if (!asker) {
		snprintf(err, errlen, "The answer could not be written: try again.");
		in->ask_error = err;
		return 500;
	}
	if (ac_ask_parse(asker, q, len, profile, at_min, &parsed, why) != AC_OK) {
		snprintf(err, errlen, "bad question: %s", why);
		in->question = NULL;	/* it may not even be UTF-8: not written back */
		in->ask_error = err;
		return 400;
	}
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	int rc = f ? ac_render_ask_json(f, asker, q, &parsed, policy, at_min) : -1;
	if (f && fclose(f))
		rc = -1;
	*answer = rc ? NULL : json_loadb(buf, n, 0, NULL);
	free(buf);
	if (!*answer) {
		snprintf(err, errlen, "The answer could not be written: try again.");
		in->ask_error = err;
		return 500;
	}
	in->answer = *answer;
	return 200;
}

/* GET /: the form; with ?treated=...&device=&depth=&skin= (the form sent, with or without
 * JavaScript), the plan for that treatment, as the patient's page shows it. Nothing is
 * stored. Empty values are "not known"; a bad one is said on the form. */
void route_home(server *srv, const request *req, reply *out)
{
	const char *names[] = {"treated", "device", "depth", "skin"};
	const char *v[4];
	for (size_t i = 0; i < 4; i++) {
		v[i] = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, names[i]);
		if (v[i] && !*v[i])
			v[i] = NULL;
	}
	page_in in = {.now_min = -1};
	if (!v[0]) {
		send_page(srv, req, &in, 200, out);
		return;
	}
	params p = {.treated = v[0], .device = v[1], .depth = v[2], .skin = v[3]};
	resolved r;
	reply err = {0};
	if (params_resolve(srv, &p, &r, &err)) {
		json_t *e = json_loadb(err.body ? err.body : "", err.len, 0, NULL);
		in.message = e ? json_string_value(json_object_get(e, "error")) : "bad treatment";
		send_page(srv, req, &in, 400, out);
		json_decref(e);
		free(err.body);
		return;
	}
	in.profile = &r.profile;
	in.now_min = r.now_min;
	in.q_treated = v[0], in.q_device = v[1], in.q_depth = v[2], in.q_skin = v[3];
	json_t *answer;
	char why[AC_ERRBUF_SIZE + 64];
	unsigned status = ask_on_page(srv, NULL, req, &r.profile, r.at_min, &in, &answer, why,
				      sizeof(why));
	send_page(srv, req, &in, status, out);
	json_decref(answer);
}



static void send_calendar(const plan_kb *pk, const ac_profile *profile, reply *out)
{
	REPLY_RENDERED(out, ics_plan_write(f, pk->kb, profile, pk->policy));
	if (out->status == 200) {
		out->type = "text/calendar; charset=utf-8";
		out->disposition = ICS_DISPOSITION;
	}
}

/* {"treatment": {...}, "plan": <the plan as `aftercare plan --format json` prints it>}.
 * The patient's name stays on the clinic's side: a forwarded link shows no one's name. */
static int write_patient_json(FILE *f, const server *srv, const treatment *t,
			      const plan_kb *pk)
{
	char treated[64], calendar[64];
	snprintf(calendar, sizeof(calendar), "/p/%s.ics", t->token);
	json_t *head = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}",
				 "treated_at", ac_time_format_iso(t->profile.treated_at, treated,
								  sizeof(treated)),
				 "device", ac_device_name(t->profile.device),
				 "depth", ac_depth_name(t->profile.depth),
				 "skin", ac_skin_name(t->profile.skin), "calendar", calendar,
				 "zone", t->zone[0] ? t->zone : srv->zone);
	if (!head)
		return -1;
	if (*t->protocol || *srv->protocol) {
		/* the plan below is the protocol's it was issued under (held), until reissued */
		json_t *v = json_pack("{s:s?, s:b, s:b}", "version", *t->protocol ? t->protocol
				      : NULL, "current", pk->current, "held", pk->held);
		if (!v || json_object_set_new(head, "protocol", v)) {
			json_decref(head);
			return -1;
		}
	}
	fputs("{\"treatment\":", f);
	int rc = json_dumpf(head, f, JSON_COMPACT);
	json_decref(head);
	fputs(",\"plan\":", f);
	if (rc || ac_render_plan_json(f, pk->kb, &t->profile, pk->policy,
				      minutes_since(t->profile.treated_at, time(NULL))))
		return -1;
	return fputs("}\n", f) < 0 ? -1 : 0;
}

/* A treatment's times are said in the zone it was given in (docs/web.md, "One clock"): when
 * that is not the server's (restarted with another --timezone since), the process's zone is
 * switched for the time of one reply. Requests are answered by one thread (server.h), and the
 * other (main's) formats no local time. */
bool zone_enter(const server *srv, const char *zone, char *saved, size_t len)
{
	const char *now = getenv("TZ");
	if (!zone || !zone[0] || strcmp(zone, srv->zone) == 0 || !now)
		return false;
	snprintf(saved, len, "%s", now);
	setenv("TZ", zone, 1);
	tzset();
	return true;
}

void zone_leave(bool entered, const char *saved)
{
	if (!entered)
		return;
	setenv("TZ", saved, 1);
	tzset();
}

void route_patient(server *srv, const request *req, const char *tail, reply *out)
{
	char token[STORE_TOKEN_LEN + 1];
	const char *dot = strchr(tail, '.');
	size_t n = dot ? (size_t)(dot - tail) : strlen(tail);
	treatment t;
	int rc = 1;
	if (n == STORE_TOKEN_LEN) {
		memcpy(token, tail, n);
		token[n] = '\0';
		rc = store_get_by_token(srv->store, token, &t);
	}
	if (rc < 0) {
		reply_store_error(out, srv->store, rc);
		return;
	}
	if (rc > 0 || (dot && strcmp(dot, ".ics") != 0 && strcmp(dot, ".json") != 0)) {
		/* A person who opens a mistyped or removed link in a browser gets the page, with
		 * the 404, and the page says so in words (its /p/TOKEN.json is a 404 too); any
		 * other client, the JSON error. */
		if (!dot && req->accept && strstr(req->accept, "text/html")) {
			page_in in = {.now_min = -1, .message = "There is no plan at this address: "
				      "the link is wrong, or the clinic removed it."};
			send_page(srv, req, &in, 404, out);
			return;
		}
		reply_error(out, 404, "no such page: the link is wrong, or the clinic removed it");
		return;
	}
	plan_kb pk;	/* the protocol it was issued under, until the clinic reissues it */
	protocol_for(srv, &t, &pk);
	char saved[256];
	bool entered = zone_enter(srv, t.zone, saved, sizeof(saved));
	if (!dot) {
		page_in in = {.profile = &t.profile, .token = t.token,
			      .now_min = minutes_since(t.profile.treated_at, time(NULL)),
			      .zone = t.zone[0] ? t.zone : srv->zone,
			      .kb = pk.kb, .policy = pk.policy, .protocol = &pk};
		json_t *answer;
		char why[AC_ERRBUF_SIZE + 64];
		unsigned status = ask_on_page(srv, &pk, req, &t.profile, in.now_min, &in, &answer,
					      why, sizeof(why));
		send_page(srv, req, &in, status, out);
		json_decref(answer);
	} else if (strcmp(dot, ".ics") == 0)
		send_calendar(&pk, &t.profile, out);
	else
		REPLY_RENDERED(out, write_patient_json(f, srv, &t, &pk));
	zone_leave(entered, saved);
}

int patient_params(server *srv, params *p, char *when, char *zone, plan_kb *pk, reply *out)
{
	if (p->treated || p->device || p->depth || p->skin) {
		reply_error(out, 400, "a token gives the treatment: leave out treated, device, "
			    "depth and skin");
		return -1;
	}
	treatment t;
	int rc = strlen(p->token) == STORE_TOKEN_LEN ? store_get_by_token(srv->store, p->token, &t)
						     : 1;
	if (rc) {
		if (rc < 0)
			reply_store_error(out, srv->store, rc);
		else
			reply_error(out, 404, "no such page: the link is wrong, or the clinic removed "
				    "it");
		return -1;
	}
	p->treated = ac_time_format_iso(t.profile.treated_at, when, 64);
	p->device = ac_device_name(t.profile.device);
	p->depth = ac_depth_name(t.profile.depth);
	p->skin = ac_skin_name(t.profile.skin);
	memcpy(zone, t.zone, sizeof(t.zone));
	protocol_for(srv, &t, pk);
	return 0;
}

void route_static(server *srv, const request *req, const char *tail, reply *out)
{
	(void)srv, (void)req;
	const web_asset *a = web_asset_find(tail);
	if (!a) {
		reply_error(out, 404, "no such file");
		return;
	}
	free(out->body);
	out->body = NULL;
	out->status = 200;
	out->asset = a->data;
	out->len = a->len;
	out->type = a->type;
	out->page = strcmp(tail, "index.html") == 0;
	out->cacheable = !out->page;
}

/* GET /sw.js: the patient's page's service worker (web/sw.js; docs/web.md, "Offline"). At
 * the root, so that it may control /p/ (app.js registers it with that scope) without a
 * Service-Worker-Allowed header; its CSP lets it fetch from this server only. */
void route_worker(server *srv, const request *req, reply *out)
{
	route_static(srv, req, "sw.js", out);
	out->worker = out->status == 200;
}

/* GET /api/plan.ics?treated=&device=&depth=&skin=: the page's "Add to calendar" before a
 * clinic has stored anything. */
void route_plan_ics(server *srv, const request *req, reply *out)
{
	static const fields allowed = {{"treated", "device", "depth", "skin", "policy"}};
	params p;
	resolved r;
	if (query_params(req, &allowed, &p, out) || params_resolve(srv, &p, &r, out))
		return;
	REPLY_RENDERED(out, ics_plan_write(f, srv->kb, &r.profile, &r.policy));
	if (out->status == 200) {
		out->type = "text/calendar; charset=utf-8";
		out->disposition = ICS_DISPOSITION;
	}
}

const web_asset *web_asset_find(const char *name)
{
	for (const web_asset *a = web_assets; a->name; a++)
		if (strcmp(a->name, name) == 0)
			return a;
	return NULL;
}
