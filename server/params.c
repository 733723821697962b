/* params.c: from a request's strings to a profile, a policy, an activity and a moment, with
 * a 400 that names the parameter at fault: the same rules as the command line's options. */
#include <microhttpd.h>
#include <string.h>
#include <time.h>

#include "server.h"

/* ---- each query parameter once ---- */

/* More than any route takes (the most is 7), few enough that comparing each name with
 * those before it costs nothing. */
#define QUERY_MAX_PARAMS 32

struct once_walk {
	const char *names[QUERY_MAX_PARAMS];
	size_t n;
	const char *twice;	/* the first name given again */
	bool many;
};

static enum MHD_Result once_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *value)
{
	(void)kind, (void)value;
	struct once_walk *w = cls;
	for (size_t i = 0; i < w->n; i++)
		if (strcmp(w->names[i], key) == 0) {
			w->twice = key;
			return MHD_NO;
		}
	if (w->n == QUERY_MAX_PARAMS) {
		w->many = true;
		return MHD_NO;
	}
	w->names[w->n++] = key;
	return MHD_YES;
}

int params_once(const request *req, reply *out)
{
	struct once_walk w = {.n = 0};
	if (!req->conn)
		return 0;
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, once_arg, &w);
	if (w.twice)
		reply_error(out, 400, "parameter \"%.64s\" is given more than once: give each "
			    "parameter once", w.twice);
	else if (w.many)
		reply_error(out, 400, "more than %d query parameters", QUERY_MAX_PARAMS);
	return w.twice || w.many ? -1 : 0;
}

int32_t minutes_since(time_t treated, time_t now)
{
	if (now < treated)
		return -1;
	double m = difftime(now, treated) / 60.0;
	return m >= AC_NO_END - 1 ? AC_NO_END - 1 : (int32_t)m;
}

static int resolve_profile(const params *p, ac_profile *prof, reply *out)
{
	*prof = (ac_profile){.device = AC_DEVICE_PEN};
	if (p->device && ac_device_parse(p->device, &prof->device) != AC_OK) {
		reply_error(out, 400, "bad device \"%s\": use pen, dermaroller or procell", p->device);
		return -1;
	}
	if (p->depth && ac_depth_parse(p->depth, &prof->depth) != AC_OK) {
		reply_error(out, 400, "bad depth \"%s\": use superficial or deep", p->depth);
		return -1;
	}
	if (p->skin && ac_skin_parse(p->skin, &prof->skin) != AC_OK) {
		reply_error(out, 400, "bad skin \"%s\": use sensitive, normal, oily or acne-prone",
			    p->skin);
		return -1;
	}
	return 0;
}

static int resolve_times(const params *p, resolved *r, reply *out)
{
	time_t now = time(NULL);
	r->profile.treated_at = now;
	ac_time_status st = AC_TIME_OK;
	char why[256];
	if (p->treated &&
	    ac_time_check(p->treated, &r->profile.treated_at, &st, why, sizeof(why)) != AC_OK) {
		reply_error(out, 400, "bad %s \"%s\": %s",
			    p->treated_name ? p->treated_name : "treated", p->treated, why);
		return -1;
	}
	/* the later instant, said in the answer's "treated_note" (docs/api.md) */
	r->profile.treated_ambiguous = st == AC_TIME_AMBIGUOUS;
	r->now_min = minutes_since(r->profile.treated_at, now);
	if (p->after && ac_duration_parse(p->after, &r->at_min) != AC_OK) {
		reply_error(out, 400, "bad after \"%s\": expected a duration such as 90m, 36h, 2d or 1w",
			    p->after);
		return -1;
	}
	if (p->after)
		r->now_min = r->at_min;
	else
		r->at_min = r->now_min;
	return 0;
}

/* The activity by id or alias, or a 400 with the nearest names, as the command says it. */
static int resolve_activity(const ac_kb *kb, const char *name, reply *out)
{
	int i = ac_kb_find_activity(kb, name);
	char msg[512];
	if (i < 0)
		reply_error(out, 400, "%s%s", msg, ac_kb_unknown_activity(kb, name, msg, sizeof(msg))
			    ? "" : " (GET /api/activities lists them)");
	return i;
}

int params_resolve(const server *srv, const params *p, resolved *r, reply *out)
{
	memset(r, 0, sizeof(*r));
	r->activity = -1;
	if (resolve_profile(p, &r->profile, out) || resolve_times(p, r, out))
		return -1;
	char err[AC_ERRBUF_SIZE];
	r->policy = srv->default_policy;
	if (p->policy && ac_policy_parse(srv->kb, p->policy, &r->policy, err) != AC_OK) {
		reply_error(out, 400, "bad policy: %s", err);
		return -1;
	}
	if (p->activity && (r->activity = resolve_activity(srv->kb, p->activity, out)) < 0)
		return -1;
	return 0;
}
