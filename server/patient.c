/* patient.c: the patient's side (docs/api.md, "Patient"): by the private token only, the
 * page, the plan as JSON and the calendar feed; and the page's own files. A token that is
 * not a live treatment's (wrong, or deleted) is a 404 like any unknown path. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../cal/ics.h"
#include "server.h"
#include "web_assets.h"



static void send_calendar(server *srv, const ac_profile *profile, reply *out)
{
	REPLY_RENDERED(out, ics_plan_write(f, srv->kb, profile, &srv->default_policy));
	if (out->status == 200)
		out->type = "text/calendar; charset=utf-8";
}

/* {"treatment": {...}, "plan": <the plan as `aftercare plan --format json` prints it>}.
 * The patient's name stays on the clinic's side: a forwarded link shows no one's name. */
static int write_patient_json(FILE *f, const server *srv, const treatment *t)
{
	char treated[64], calendar[64];
	snprintf(calendar, sizeof(calendar), "/p/%s.ics", t->token);
	json_t *head = json_pack("{s:s, s:s, s:s, s:s, s:s}",
				 "treated_at", ac_time_format_iso(t->profile.treated_at, treated,
								  sizeof(treated)),
				 "device", ac_device_name(t->profile.device),
				 "depth", ac_depth_name(t->profile.depth),
				 "skin", ac_skin_name(t->profile.skin), "calendar", calendar);
	if (!head)
		return -1;
	fputs("{\"treatment\":", f);
	int rc = json_dumpf(head, f, JSON_COMPACT);
	json_decref(head);
	fputs(",\"plan\":", f);
	if (rc || ac_render_plan_json(f, srv->kb, &t->profile, &srv->default_policy,
				      minutes_since(t->profile.treated_at, time(NULL))))
		return -1;
	return fputs("}\n", f) < 0 ? -1 : 0;
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
			route_static(srv, req, "index.html", out);
			out->status = 404;
			return;
		}
		reply_error(out, 404, "no such page: the link is wrong, or the clinic removed it");
		return;
	}
	if (!dot)
		route_static(srv, req, "index.html", out);
	else if (strcmp(dot, ".ics") == 0)
		send_calendar(srv, &t.profile, out);
	else
		REPLY_RENDERED(out, write_patient_json(f, srv, &t));
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
	if (out->status == 200)
		out->type = "text/calendar; charset=utf-8";
}

const web_asset *web_asset_find(const char *name)
{
	for (const web_asset *a = web_assets; a->name; a++)
		if (strcmp(a->name, name) == 0)
			return a;
	return NULL;
}
