/* render_status.c: "what is off limits now, what is fine, what changes next and when". */
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

#define NEXT_TIMES 3
#define MAX_MILESTONES 1024

void ac_print_profile(FILE *out, const ac_kb *kb, const ac_profile *p, const ac_policy *policy)
{
	fprintf(out, "Treatment: %s, depth %s, skin %s. Policy: %s%s.\n", ac_device_name(p->device),
		ac_depth_name(p->depth), ac_skin_name(p->skin),
		policy->kind == AC_POLICY_SOURCE ? "source " :
		policy->kind == AC_POLICY_LENIENT ? "lenient" : "conservative",
		policy->kind == AC_POLICY_SOURCE ? ac_kb_source(kb, (size_t)policy->source)->name : "");
}

void ac_render_red_flags(FILE *out, const ac_kb *kb, const ac_profile *p, bool color)
{
	for (size_t i = 0; i < ac_kb_fact_count(kb); i++) {
		const ac_fact *f = ac_kb_fact(kb, i);
		if (strcmp(f->topic, "red-flag") != 0 || !ac_fact_matches(f, p))
			continue;
		fprintf(out, "%sRED FLAG%s: %s (%s)\n", color ? "\033[1;31m" : "",
			color ? "\033[0m" : "", f->text, ac_kb_source(kb, (size_t)f->source)->name);
	}
}

static void print_group(FILE *out, const ac_kb *kb, const ac_profile *p, const ac_policy *policy,
			int32_t at, ac_verdict v, const char *title, const ac_render_opts *opts)
{
	ac_answer a;
	int printed = 0;
	for (size_t i = 0; i < ac_kb_activity_count(kb); i++) {
		ac_query(kb, p, policy, (int)i, at, &a);
		if (a.verdict != v)
			continue;
		if (!printed++)
			fprintf(out, "\n%s%s%s\n", opts->color ? ac_verdict_color(v) : "", title,
				opts->color ? "\033[0m" : "");
		char when[48], date[48];
		int open;
		int32_t timed = ac_answer_timed_end(&a, &open);
		fprintf(out, "  %-44s ", a.activity->name);
		if (v == AC_VERDICT_OK || v == AC_VERDICT_RECOMMEND || v == AC_VERDICT_UNKNOWN)
			;
		else if (a.clear_min != AC_NO_END)
			fprintf(out, "until %s (%s)%s",
				ac_time_format_human(p->treated_at + (time_t)a.clear_min * 60, date,
						     sizeof(date)),
				ac_duration_words(a.clear_min, when, sizeof(when)),
				a.disputed ? "; sources disagree" : "");
		else if (timed > 0)
			fprintf(out, "no end given by %d source%s; the others: after %s", open,
				open == 1 ? "" : "s", ac_duration_words(timed, when, sizeof(when)));
		else
			fprintf(out, "no end given");
		fputc('\n', out);
	}
}

static const char *change_word(ac_verdict v)
{
	switch (v) {
	case AC_VERDICT_AVOID: return "avoid";
	case AC_VERDICT_CAUTION: return "with care";
	case AC_VERDICT_OK: return "fine";
	case AC_VERDICT_RECOMMEND: return "recommended";
	default: return "not covered";
	}
}

/* One line per moment: "Fri 27 Nov 10:00 (72 hours): fine: Gym, Cleanser; with care: Sun". */
void ac_print_milestones(FILE *out, const ac_kb *kb, const ac_profile *p,
			 const ac_milestone *m, size_t n, int32_t after, size_t max_times)
{
	size_t times = 0;
	for (size_t i = 0; i < n && times < max_times;) {
		if (m[i].at_min <= after) {
			i++;
			continue;
		}
		char when[48], date[48];
		int32_t t = m[i].at_min;
		fprintf(out, "  %s, %s after treatment:\n",
			ac_time_format_human(p->treated_at + (time_t)t * 60, date, sizeof(date)),
			ac_duration_words(t, when, sizeof(when)));
		for (int v = AC_VERDICT_AVOID; v <= AC_VERDICT_UNKNOWN; v++) {
			int first = 1;
			for (size_t j = i; j < n && m[j].at_min == t; j++) {
				if ((int)m[j].after != v)
					continue;
				fprintf(out, "%s%s", first ? "      " : ", ",
					ac_kb_activity(kb, (size_t)m[j].activity)->name);
				first = 0;
			}
			if (!first)
				fprintf(out, ": %s\n", change_word((ac_verdict)v));
		}
		while (i < n && m[i].at_min == t)
			i++;
		times++;
	}
}

void ac_render_status_text(FILE *out, const ac_kb *kb, const ac_profile *profile,
			   const ac_policy *policy, int32_t at_min, const ac_render_opts *opts)
{
	char elapsed[48], now[48], treated[48];
	ac_duration_words(at_min, elapsed, sizeof(elapsed));
	fprintf(out, "Status %s after treatment (at %s; treated %s)\n", at_min ? elapsed : "right",
		ac_time_format_human(profile->treated_at + (time_t)at_min * 60, now, sizeof(now)),
		ac_time_format_human(profile->treated_at, treated, sizeof(treated)));
	ac_print_profile(out, kb, profile, policy);
	fputc('\n', out);
	ac_render_red_flags(out, kb, profile, opts->color);
	print_group(out, kb, profile, policy, at_min, AC_VERDICT_AVOID, "Off limits now:", opts);
	print_group(out, kb, profile, policy, at_min, AC_VERDICT_CAUTION, "Only with care now:", opts);
	print_group(out, kb, profile, policy, at_min, AC_VERDICT_OK, "Fine now:", opts);
	print_group(out, kb, profile, policy, at_min, AC_VERDICT_RECOMMEND, "Recommended now:", opts);
	print_group(out, kb, profile, policy, at_min, AC_VERDICT_UNKNOWN,
		    "Not covered for your treatment:", opts);
	ac_milestone *m = malloc(MAX_MILESTONES * sizeof(*m));
	size_t n = m ? ac_plan_milestones(kb, profile, policy, m, MAX_MILESTONES) : 0;
	n = n < MAX_MILESTONES ? n : MAX_MILESTONES;
	size_t later = 0;
	for (size_t i = 0; i < n; i++)
		later += m[i].at_min > at_min;
	if (later) {
		fprintf(out, "\nNext changes:\n");
		ac_print_milestones(out, kb, profile, m, n, at_min, NEXT_TIMES);
	} else {
		fprintf(out, "\nNothing changes after this under this policy.\n");
	}
	free(m);
	fprintf(out, "\n'aftercare when ACTIVITY' shows every source's words.\n%s\n",
		ac_kb_disclaimer(kb));
}

int ac_render_status_json(FILE *out, const ac_kb *kb, const ac_profile *profile,
			  const ac_policy *policy, int32_t at_min)
{
	json_t *o = json_object(), *acts = json_array();
	char buf[40];
	ac_answer a;
	if (!o || !acts)
		goto fail;
	for (size_t i = 0; i < ac_kb_activity_count(kb); i++) {
		ac_query(kb, profile, policy, (int)i, at_min, &a);
		ac_answer_add_guide(kb, profile, policy, &a);
		if (json_array_append_new(acts, ac_answer_json(kb, profile, &a)))
			goto fail;
	}
	if (json_object_set_new(o, "at", json_string(ac_time_format_iso(
						 profile->treated_at + (time_t)at_min * 60, buf,
						 sizeof(buf)))) |
	    json_object_set_new(o, "elapsed_hours", ac_hours_json(at_min)) |
	    json_object_set_new(o, "profile", ac_profile_json(profile, kb, policy)) |
	    json_object_set_new(o, "red_flags", ac_facts_json(kb, "red-flag", profile)) |
	    json_object_set_new(o, "disclaimer", json_string(ac_kb_disclaimer(kb))) |
	    json_object_set_new(o, "activities", acts)) {
		acts = NULL;
		goto fail;
	}
	return ac_json_print(out, o);
fail:
	json_decref(acts);
	json_decref(o);
	return -1;
}
