/* render_fhir.c: the plan as an HL7 FHIR R4 CarePlan resource (docs/fhir.md), with jansson.
 *
 * A clinic's record system imports the plan as one CarePlan: the red flags and the sources
 * as notes, and one activity.detail per rule that bears on the profile, activity by activity
 * in the engine's position order. Each rule is listed, not only the verdict the rules add up
 * to, so that every line in the record carries its own quote and source. FHIR forbids null
 * and empty arrays or objects: optional elements are added only when they have a value.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

#define MAX_MILESTONES 1024
#define ACTIVITY_SYSTEM "urn:aftercare:activity"
#define RULE_URL "urn:aftercare:rule"
#define SOURCE_URL "urn:aftercare:source"
#define STANCE_URL "urn:aftercare:stance"

/* jansson's *_set_new steals value, NULL included (then it fails): one call per field. */
static int add(json_t *obj, const char *key, json_t *value)
{
	return json_object_set_new(obj, key, value);
}

static int push(json_t *arr, json_t *value)
{
	return json_array_append_new(arr, value);
}

/* {key: value}, taking value; NULL on failure with value released (set_new drops it even
 * when the object could not be made). */
static json_t *wrap(const char *key, json_t *value)
{
	json_t *o = json_object();
	if (add(o, key, value)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Free text built with stdio: quotes have no bound on their length. */
typedef struct text {
	FILE *f;
	char *buf;
	size_t len;
} text;

static FILE *text_open(text *t)
{
	t->buf = NULL;
	t->len = 0;
	return t->f = open_memstream(&t->buf, &t->len);
}

/* The text as a JSON string, or NULL when a write or the allocation failed. */
static json_t *text_close(text *t)
{
	if (!t->f)
		return NULL;
	int bad = ferror(t->f);
	bad |= fclose(t->f);
	json_t *s = bad || !t->buf ? NULL : json_string(t->buf);
	free(t->buf);
	return s;
}

/* FHIR dateTime, ISO 8601 with seconds and offset; NULL for AC_NO_END, which FHIR cannot
 * hold as null: the caller leaves the element out. */
static json_t *datetime(time_t treated, int32_t minutes)
{
	return minutes == AC_NO_END ? NULL : ac_time_json(treated, minutes);
}

static json_t *period(time_t treated, int32_t from, int32_t until)
{
	json_t *p = json_object();
	if (p && (add(p, "start", datetime(treated, from)) ||
		  (until != AC_NO_END && add(p, "end", datetime(treated, until))))) {
		json_decref(p);
		return NULL;
	}
	return p;
}

/* When the plan was written: now, or SOURCE_DATE_EPOCH so that builds and tests can pin it
 * (https://reproducible-builds.org/specs/source-date-epoch/); a malformed value is ignored. */
static json_t *created(void)
{
	time_t t = time(NULL);
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (s && *s >= '0' && *s <= '9') {
		char *end;
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (!*end && !errno && v <= INT32_MAX)
			t = (time_t)v;
	}
	return ac_time_json(t, 0);
}

/* The policy counts this rule: under source:ID only that source's rules make the plan. */
static bool counted(const ac_rule *r, const ac_policy *policy)
{
	return policy->kind != AC_POLICY_SOURCE || r->source == policy->source;
}

static const char *stance_words(ac_stance s)
{
	switch (s) {
	case AC_STANCE_AVOID: return "Avoid";
	case AC_STANCE_CAUTION: return "With care";
	case AC_STANCE_OK: return "Fine";
	default: return "Recommended";
	}
}

/* "Avoid for the first 24 hours (said of: Sweating). Why: ... What to do: ... “quote” —
 * Source (section)." The quote is the guide's; the rest restates the rule. */
static json_t *rule_description(const ac_kb *kb, const ac_position *p)
{
	const ac_rule *r = p->rule;
	char window[128], cond[128];
	text t;
	FILE *f = text_open(&t);
	if (!f)
		return NULL;
	/* "Fine with no end given" would read as a doubt: an open "fine" simply lasts. */
	if (p->until_min == AC_NO_END && p->from_min == 0 && !ac_stance_restricts(r->stance))
		snprintf(window, sizeof(window), "from treatment on");
	else
		ac_window_words(p, window, sizeof(window));
	fprintf(f, "%s %s", stance_words(r->stance), window);
	if (*ac_condition_words(r, cond, sizeof(cond)))
		fprintf(f, " [only for: %s]", cond);
	if (p->inherited)
		fprintf(f, " (said of: %s)", ac_kb_activity(kb, (size_t)r->activity)->name);
	if (r->implied)
		fprintf(f, " (implied: the guide says it is fine only later)");
	fputc('.', f);
	if (r->reason)
		fprintf(f, " Why: %s", r->reason);
	if (r->advice)
		fprintf(f, " What to do: %s", r->advice);
	/* An open restriction has no scheduledPeriod.end: say why, unless the advice does. */
	if (p->until_min == AC_NO_END && ac_stance_restricts(r->stance) &&
	    !(r->advice && strstr(r->advice, "practitioner")))
		fprintf(f, " The guide gives no end: ask your practitioner.");
	fprintf(f, " \u201c%s\u201d \u2014 %s (%s)", r->quote,
		ac_kb_source(kb, (size_t)r->source)->name, r->section);
	return text_close(&t);
}

static json_t *extension(const char *url, const char *value)
{
	return json_pack("{s:s, s:s}", "url", url, "valueString", value);
}

/* Which rule said it, whose rule it is and its stance: caution and avoid are both
 * doNotPerform in FHIR, the stance keeps them apart. */
static json_t *rule_extensions(const ac_kb *kb, const ac_rule *r)
{
	json_t *arr = json_array();
	if (arr && (push(arr, extension(RULE_URL, r->id)) ||
		    push(arr, extension(SOURCE_URL, ac_kb_source(kb, (size_t)r->source)->id)) ||
		    push(arr, extension(STANCE_URL, ac_stance_name(r->stance))))) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

static json_t *activity_code(const ac_activity *act)
{
	return json_pack("{s:[{s:s, s:s, s:s}], s:s}", "coding", "system", ACTIVITY_SYSTEM,
			 "code", act->id, "display", act->name, "text", act->name);
}

/* One CarePlan.activity: {"detail": {...}} for one position of one activity. */
static json_t *activity_entry(const ac_kb *kb, const ac_profile *profile, const ac_answer *a,
			      const ac_position *p)
{
	const ac_rule *r = p->rule;
	json_t *d = json_object();
	if (!d || add(d, "extension", rule_extensions(kb, r)) ||
	    add(d, "kind", json_string("Task")) || add(d, "code", activity_code(a->activity)) ||
	    add(d, "status", json_string("scheduled")) ||
	    add(d, "doNotPerform", json_boolean(ac_stance_restricts(r->stance))) ||
	    add(d, "scheduledPeriod", period(profile->treated_at, p->from_min, p->until_min)) ||
	    add(d, "description", rule_description(kb, p))) {
		json_decref(d);
		return NULL;
	}
	return wrap("detail", d);
}

/* Every activity's positions that the policy counts, in kb then position order; marks the
 * sources they cite and counts the positions the policy leaves out. */
static json_t *activities(const ac_kb *kb, const ac_profile *profile, const ac_policy *policy,
			  bool *cited, size_t *left_out)
{
	json_t *arr = json_array();
	ac_answer a;
	for (size_t i = 0; arr && i < ac_kb_activity_count(kb); i++) {
		ac_query(kb, profile, policy, (int)i, 0, &a);
		for (size_t k = 0; k < a.n_positions; k++) {
			const ac_position *p = &a.positions[k];
			if (!counted(p->rule, policy)) {
				(*left_out)++;
				continue;
			}
			cited[p->rule->source] = true;
			if (push(arr, activity_entry(kb, profile, &a, p))) {
				json_decref(arr);
				return NULL;
			}
		}
	}
	return arr;
}

static json_t *annotation(json_t *s)
{
	return wrap("text", s);
}

/* "Red flag: ... “quote” — Source (section)": a red flag must be the first thing read. */
static int add_red_flags(json_t *notes, const ac_kb *kb, const ac_profile *profile, bool *cited)
{
	for (size_t i = 0; i < ac_kb_fact_count(kb); i++) {
		const ac_fact *f = ac_kb_fact(kb, i);
		if (strcmp(f->topic, "red-flag") != 0 || !ac_fact_matches(f, profile))
			continue;
		cited[f->source] = true;
		text t;
		FILE *w = text_open(&t);
		if (w)
			fprintf(w, "Red flag: %s \u201c%s\u201d \u2014 %s (%s)", f->text, f->quote,
				ac_kb_source(kb, (size_t)f->source)->name, f->section);
		if (push(notes, annotation(text_close(&t))))
			return -1;
	}
	return 0;
}

/* Saying which rules a source policy left out: the plan skips nothing silently. */
static int add_left_out(json_t *notes, const ac_kb *kb, const ac_policy *policy, size_t n)
{
	if (!n)
		return 0;
	return push(notes, annotation(json_sprintf(
		"Policy source:%s: only %s's rules are listed; %zu rule%s of other sources %s "
		"left out.", ac_kb_source(kb, (size_t)policy->source)->id,
		ac_kb_source(kb, (size_t)policy->source)->name, n, n == 1 ? "" : "s",
		n == 1 ? "is" : "are")));
}

static json_t *notes(const ac_kb *kb, const ac_profile *profile, const ac_policy *policy,
		     bool *cited, size_t left_out)
{
	json_t *arr = json_array();
	if (!arr || add_red_flags(arr, kb, profile, cited) ||
	    add_left_out(arr, kb, policy, left_out))
		goto fail;
	for (size_t i = 0; i < ac_kb_source_count(kb); i++) {
		const ac_source *s = ac_kb_source(kb, i);
		if (cited[i] && push(arr, annotation(json_sprintf("Source: %s \u2014 %s", s->name,
								   s->section))))
			goto fail;
	}
	return arr;
fail:
	json_decref(arr);
	return NULL;
}

/* What the plan is, for whom and under which policy, and that it is not medical advice. */
static json_t *plan_description(const ac_kb *kb, const ac_profile *profile,
				const ac_policy *policy)
{
	text t;
	FILE *f = text_open(&t);
	if (!f)
		return NULL;
	fprintf(f, "Aftercare after microneedling: what to avoid, do with care or do, and for how "
		   "long, rule by rule as one published aftercare guide gives it (each with its "
		   "source quoted). ");
	fprintf(f, "Treatment: %s, depth %s, skin %s. Policy: %s%s. ", ac_device_name(profile->device),
		ac_depth_name(profile->depth), ac_skin_name(profile->skin),
		policy->kind == AC_POLICY_SOURCE ? "source:" :
		policy->kind == AC_POLICY_LENIENT ? "lenient" : "conservative",
		policy->kind == AC_POLICY_SOURCE ? ac_kb_source(kb, (size_t)policy->source)->id : "");
	fprintf(f, "This is information from that guide, not medical advice: ask your "
		   "practitioner about your own skin.");
	return text_close(&t);
}

/* The plan runs from treatment until everything the guide gives a time for is settled (the
 * last milestone); with no milestone there is no end to give. */
static json_t *plan_period(const ac_kb *kb, const ac_profile *profile, const ac_policy *policy)
{
	ac_milestone *m = malloc(MAX_MILESTONES * sizeof(*m));
	if (!m)
		return NULL;
	size_t n = ac_plan_milestones(kb, profile, policy, m, MAX_MILESTONES);
	n = n < MAX_MILESTONES ? n : MAX_MILESTONES;
	int32_t settled = n ? m[n - 1].at_min : AC_NO_END;
	free(m);
	return period(profile->treated_at, 0, settled);
}

static int add_fields(json_t *o, const ac_kb *kb, const ac_profile *profile,
		      const ac_policy *policy, json_t *acts, json_t *ns)
{
	int bad = add(o, "resourceType", json_string("CarePlan")) |
		  add(o, "status", json_string("active")) |
		  add(o, "intent", json_string("plan")) |
		  add(o, "title", json_string("Microneedling aftercare plan")) |
		  add(o, "description", plan_description(kb, profile, policy)) |
		  add(o, "subject", json_pack("{s:s}", "display", "The person treated")) |
		  add(o, "period", plan_period(kb, profile, policy)) |
		  add(o, "created", created());
	/* Empty arrays are not valid FHIR: a kb with nothing for this profile has none. */
	if (json_array_size(acts))
		bad |= add(o, "activity", json_incref(acts));
	if (json_array_size(ns))
		bad |= add(o, "note", json_incref(ns));
	return bad;
}

int ac_render_plan_fhir(FILE *out, const ac_kb *kb, const ac_profile *profile,
			const ac_policy *policy)
{
	bool *cited = calloc(ac_kb_source_count(kb) + 1, sizeof(*cited));
	size_t left_out = 0;
	json_t *o = json_object(), *acts = NULL, *ns = NULL;
	int rc = -1;
	if (!cited || !o)
		goto out;
	acts = activities(kb, profile, policy, cited, &left_out);
	ns = acts ? notes(kb, profile, policy, cited, left_out) : NULL;
	if (ns && !add_fields(o, kb, profile, policy, acts, ns)) {
		rc = ac_json_print(out, o);
		o = NULL;
	}
out:
	json_decref(acts);
	json_decref(ns);
	json_decref(o);
	free(cited);
	return rc;
}
