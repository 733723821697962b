/* render_json.c: answers as JSON (docs/json.md), built with jansson. */
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

/* A treatment time that occurred twice: which instant was taken (docs/json.md). */
static json_t *treated_note(const ac_profile *profile)
{
	char note[200];
	return json_string(ac_time_twice_note(profile->treated_at, note, sizeof(note)));
}

json_t *ac_time_json(time_t treated, int32_t minutes)
{
	char buf[40];
	if (minutes == AC_NO_END)
		return json_null();
	return json_string(ac_time_format_iso(treated + (time_t)minutes * 60, buf, sizeof(buf)));
}

json_t *ac_hours_json(int32_t minutes)
{
	if (minutes == AC_NO_END)
		return json_null();
	if (minutes % 60 == 0)
		return json_integer(minutes / 60);
	return json_real(minutes / 60.0);
}

/* Every array the object holds is built through this: jansson's *_new steals refs. */
static int add(json_t *obj, const char *key, json_t *value)
{
	return json_object_set_new(obj, key, value);
}

static json_t *mask_json(unsigned mask, const char *(*name)(int), int first, int last)
{
	json_t *arr = json_array();
	for (int v = first; arr && v <= last; v++)
		if ((mask & (1u << v)) && json_array_append_new(arr, json_string(name(v)))) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

static const char *device_word(int v) { return ac_device_name((ac_device)v); }
static const char *depth_word(int v) { return ac_depth_name((ac_depth)v); }
static const char *skin_word(int v) { return ac_skin_name((ac_skin)v); }

/* Only the conditions the rule sets: {"depth": ["deep"]}; {} for everyone. */
static json_t *conditions_json(const ac_rule *r)
{
	json_t *o = json_object();
	if (o && ((r->device_mask && add(o, "device", mask_json(r->device_mask, device_word,
							       AC_DEVICE_PEN, AC_DEVICE_PROCELL))) ||
		  (r->depth_mask && add(o, "depth", mask_json(r->depth_mask, depth_word,
							     AC_DEPTH_SUPERFICIAL, AC_DEPTH_DEEP))) ||
		  (r->skin_mask && add(o, "skin", mask_json(r->skin_mask, skin_word,
							   AC_SKIN_SENSITIVE, AC_SKIN_ACNE_PRONE))))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *position_json(const ac_kb *kb, const ac_position *p)
{
	const ac_rule *r = p->rule;
	json_t *o = json_object();
	if (!o)
		return NULL;
	const ac_activity *from = ac_kb_activity(kb, (size_t)r->activity);
	int bad = add(o, "source", json_string(ac_kb_source(kb, (size_t)r->source)->id)) |
		  add(o, "stance", json_string(ac_stance_name(r->stance))) |
		  add(o, "from_hours", ac_hours_json(p->from_min)) |
		  add(o, "until_hours", ac_hours_json(p->until_min)) |
		  add(o, "open", json_boolean(p->open)) |
		  add(o, "overridden", json_boolean(p->overridden)) |
		  add(o, "quote", json_string(r->quote)) |
		  add(o, "context", r->context ? json_string(r->context) : json_null()) |
		  add(o, "section", json_string(r->section)) |
		  add(o, "conditions", conditions_json(r)) |
		  add(o, "in_force", json_boolean(p->in_force)) |
		  add(o, "rule", json_string(r->id)) |
		  add(o, "implied", json_boolean(r->implied)) |
		  add(o, "inherited_from", p->inherited ? json_string(from->id) : json_null()) |
		  add(o, "clinic", json_boolean(ac_rule_is_clinic(kb, r)));
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* reasons and advice: each distinct text once, in position order. */
static json_t *texts(const ac_answer *a, int advice)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < a->n_positions; i++) {
		const char *t = advice ? a->positions[i].rule->advice : a->positions[i].rule->reason;
		int seen = !t || !ac_position_supports_verdict(a, &a->positions[i]);
		for (size_t j = 0; j < json_array_size(arr) && !seen; j++)
			seen = strcmp(json_string_value(json_array_get(arr, j)), t) == 0;
		if (!seen && json_array_append_new(arr, json_string(t))) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

/* [{"depth": "deep", "skin": null, "verdict": "avoid", "clear_after_hours": 168, ...}] */
static json_t *variants_json(const ac_kb *kb, const ac_profile *profile, const ac_answer *a)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < a->n_variants; i++) {
		const ac_variant *v = &a->variants[i];
		char words[256];
		json_t *o = json_object();
		if (!o || add(o, "depth", v->depth ? json_string(ac_depth_name(v->depth))
						   : json_null()) |
			      add(o, "skin", v->skin ? json_string(ac_skin_name(v->skin)) : json_null()) |
			      add(o, "verdict", json_string(ac_verdict_name(v->verdict))) |
			      add(o, "clear_after_hours", ac_hours_json(v->clear_min)) |
			      add(o, "clear_at", ac_time_json(profile->treated_at, v->clear_min)) |
			      add(o, "source", v->source >= 0 ? json_string(ac_kb_source(
								     kb, (size_t)v->source)->id)
							      : json_null()) |
			      add(o, "text", json_string(ac_variant_words(kb, v, words,
									  sizeof(words)))) ||
		    json_array_append_new(arr, o)) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

/* The guide's words a clinic protocol replaced (docs/json.md, "guide"): its voices' times,
 * the guide alone's answer, how the clinic's compares, the sentence, the positions. */
static json_t *guide_json(const ac_kb *kb, const ac_profile *profile, const ac_answer *a)
{
	const ac_guide_side *g = &a->guide;
	json_t *o = json_object(), *voices = json_array(), *positions = json_array();
	char words[1024];
	int bad = !o || !voices || !positions;
	for (size_t i = 0; !bad && i < g->n_positions; i++) {
		int src = g->positions[i].rule->source;
		bad = json_array_append_new(positions, position_json(kb, &g->positions[i]));
		if (bad || (i && g->positions[i - 1].rule->source == src))
			continue;	/* grouped by source: each voice once */
		int32_t end;
		ac_stance st;
		ac_positions_source_end(g->positions, g->n_positions, src, &end, &st);
		bad = json_array_append_new(voices, json_pack("{s:s, s:s, s:o}", "source",
				ac_kb_source(kb, (size_t)src)->id, "name",
				ac_kb_source(kb, (size_t)src)->name, "clear_after_hours",
				ac_hours_json(end)));
	}
	if (bad || add(o, "text", json_string(ac_guide_words(kb, a, words, sizeof(words)))) |
		       add(o, "verdict", json_string(ac_verdict_name(g->verdict))) |
		       add(o, "clear_after_hours", ac_hours_json(g->clear_min)) |
		       add(o, "clear_at", ac_time_json(profile->treated_at, g->clear_min)) |
		       add(o, "clinic_clear_after_hours", g->clinic_end < 0 ? json_null()
						: ac_hours_json(g->clinic_end)) |
		       add(o, "differs", json_boolean(g->differs)) |
		       add(o, "clinic_more_lenient", json_boolean(g->more_lenient)) |
		       add(o, "voices", voices) | add(o, "positions", positions)) {
		if (bad) {
			json_decref(voices);
			json_decref(positions);
		}
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *ac_answer_json(const ac_kb *kb, const ac_profile *profile, const ac_answer *a)
{
	json_t *o = json_object(), *positions = json_array();
	if (!o || !positions)
		goto fail;
	/* No end under this policy: the latest end among the sources that give one, as the
	 * text says it ("the sources that give a time allow it after ..."); a source with an
	 * open restriction beside a timed one gives no end. */
	int open;
	int32_t timed = a->clear_min == AC_NO_END ? ac_answer_timed_end(a, &open) : 0;
	for (size_t i = 0; i < a->n_positions; i++)
		if (json_array_append_new(positions, position_json(kb, &a->positions[i])))
			goto fail;
	int bad = add(o, "activity", json_string(a->activity->id)) |
		  add(o, "name", json_string(a->activity->name)) |
		  add(o, "treated_at", ac_time_json(profile->treated_at, 0)) |
		  add(o, "at", ac_time_json(profile->treated_at, a->at_min)) |
		  add(o, "elapsed_hours", ac_hours_json(a->at_min)) |
		  add(o, "verdict", json_string(ac_verdict_name(a->verdict))) |
		  add(o, "clear_after_hours", ac_hours_json(a->clear_min)) |
		  add(o, "clear_at", ac_time_json(profile->treated_at, a->clear_min)) |
		  add(o, "timed_sources_clear_after_hours",
		      timed > 0 ? ac_hours_json(timed) : json_null()) |
		  add(o, "disputed", json_boolean(a->disputed)) |
		  add(o, "variants", variants_json(kb, profile, a)) |
		  add(o, "positions", positions) |
		  add(o, "reasons", texts(a, 0)) |
		  add(o, "advice", texts(a, 1));
	if (!bad && profile->treated_ambiguous)
		bad = add(o, "treated_note", treated_note(profile));
	if (!bad && a->guide.n_positions)
		bad = add(o, "guide", guide_json(kb, profile, a));
	if (!bad)
		return o;
	positions = NULL;	/* owned by o now */
fail:
	json_decref(positions);
	json_decref(o);
	return NULL;
}

json_t *ac_profile_json(const ac_profile *profile, const ac_kb *kb, const ac_policy *policy)
{
	json_t *o = json_object();
	char pol[128];
	if (policy->kind == AC_POLICY_SOURCE)
		snprintf(pol, sizeof(pol), "source:%s", ac_kb_source(kb, (size_t)policy->source)->id);
	else
		snprintf(pol, sizeof(pol), "%s",
			 policy->kind == AC_POLICY_LENIENT ? "lenient" : "conservative");
	if (o && (add(o, "treated_at", ac_time_json(profile->treated_at, 0)) |
		  add(o, "device", json_string(ac_device_name(profile->device))) |
		  add(o, "depth", json_string(ac_depth_name(profile->depth))) |
		  add(o, "skin", json_string(ac_skin_name(profile->skin))) |
		  add(o, "policy", json_string(pol)) |
		  (profile->treated_ambiguous ? add(o, "treated_note", treated_note(profile)) : 0))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *ac_fact_json(const ac_kb *kb, const ac_fact *f)
{
	json_t *o = json_object();
	if (o && (add(o, "id", json_string(f->id)) | add(o, "topic", json_string(f->topic)) |
		  add(o, "text", json_string(f->text)) |
		  add(o, "source", json_string(ac_kb_source(kb, (size_t)f->source)->id)) |
		  add(o, "quote", json_string(f->quote)) |
		  add(o, "section", json_string(f->section)) |
		  (f->line ? add(o, "line", json_string(f->line)) : 0))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *ac_facts_json(const ac_kb *kb, const char *topic, const ac_profile *profile)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < ac_kb_fact_count(kb); i++) {
		const ac_fact *f = ac_kb_fact(kb, i);
		if (strcmp(f->topic, topic) != 0 || !ac_fact_matches(f, profile))
			continue;
		if (json_array_append_new(arr, ac_fact_json(kb, f))) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

/* The text is made in memory and written with one fwrite: json_dumpf writes token by token,
 * one stdio call each, which was the largest cost of an answer in the server (perf). */
int ac_json_print(FILE *out, json_t *value)
{
	if (!value)
		return -1;
	char *text = json_dumps(value, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(value);
	if (!text)
		return -1;
	size_t len = strlen(text);
	text[len] = '\n';	/* json_dumps's NUL becomes the line's end, written with it */
	int rc = fwrite(text, 1, len + 1, out) == len + 1 ? 0 : -1;
	free(text);
	return rc;
}

int ac_render_when_json(FILE *out, const ac_kb *kb, const ac_profile *profile,
			const ac_answer *a)
{
	return ac_json_print(out, ac_answer_json(kb, profile, a));
}
