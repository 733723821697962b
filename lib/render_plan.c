/* render_plan.c: the recovery from treatment until everything with a time is clear. */
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

#define MAX_MILESTONES 1024
#define MAX_CHART_DAYS 42
#define NAME_WIDTH 30

/* When everything that has an end is clear: the last milestone's time. */
static int32_t all_clear_min(const ac_milestone *m, size_t n)
{
	return n ? m[n - 1].at_min : 0;
}

static void print_no_end(FILE *out, const ac_kb *kb, const ac_profile *p, const ac_policy *policy)
{
	ac_answer a;
	int printed = 0;
	for (size_t i = 0; i < ac_kb_activity_count(kb); i++) {
		ac_query(kb, p, policy, (int)i, 0, &a);
		if (a.clear_min != AC_NO_END || a.verdict == AC_VERDICT_UNKNOWN)
			continue;
		if (!printed++)
			fprintf(out, "\nNo end given in the guide (ask your practitioner):\n");
		/* The verdict once every timed rule has ended. */
		ac_query(kb, p, policy, (int)i, AC_NO_END - 1, &a);
		fprintf(out, "  %-44s %s\n", a.activity->name,
			a.verdict == AC_VERDICT_AVOID ? "avoid" : "with care");
	}
}

static const char *cell(ac_verdict v, bool color)
{
	if (color) {
		switch (v) {
		/* The symbols stay under the colour: the chart reads the same without it. */
		case AC_VERDICT_AVOID: return "\033[41mX\033[0m";
		case AC_VERDICT_CAUTION: return "\033[43m~\033[0m";
		case AC_VERDICT_OK: return "\033[42m.\033[0m";
		case AC_VERDICT_RECOMMEND: return "\033[42m+\033[0m";
		default: return "\033[100m?\033[0m";
		}
	}
	switch (v) {
	case AC_VERDICT_AVOID: return "X";
	case AC_VERDICT_CAUTION: return "~";
	case AC_VERDICT_OK: return ".";
	case AC_VERDICT_RECOMMEND: return "+";
	default: return "?";
	}
}

/* One row per activity, one column per day (the verdict at the day's start). */
static void print_chart(FILE *out, const ac_kb *kb, const ac_profile *p, const ac_policy *policy,
			int32_t now_min, int32_t clear_min, const ac_render_opts *opts)
{
	int width = opts->width > NAME_WIDTH + 10 ? opts->width : 80;
	int days = clear_min / 1440 + 2;
	if (days > MAX_CHART_DAYS)
		days = MAX_CHART_DAYS;
	if (days > width - NAME_WIDTH - 2)
		days = width - NAME_WIDTH - 2;
	fprintf(out, "\nDay by day (%s):\n", opts->color
		? "X red avoid, ~ amber with care, . green fine, + green recommended"
		: "X avoid, ~ with care, . fine, + recommended");
	if (now_min >= 0 && now_min / 1440 < days)
		fprintf(out, "%*s%*sv now\n", NAME_WIDTH + 1, "", (int)(now_min / 1440), "");
	fprintf(out, "%*s", NAME_WIDTH + 1, "");
	for (int d = 0; d < days; d++)
		fputc(d % 7 == 0 ? '0' + (d / 7) % 10 : ' ', out);
	fprintf(out, "  (weeks)\n");
	ac_answer a;
	for (size_t i = 0; i < ac_kb_activity_count(kb); i++) {
		const ac_activity *act = ac_kb_activity(kb, i);
		fprintf(out, "%-*.*s ", NAME_WIDTH, NAME_WIDTH, act->name);
		for (int d = 0; d < days; d++) {
			ac_query(kb, p, policy, (int)i, d * 1440, &a);
			fputs(cell(a.verdict, opts->color), out);
		}
		fputc('\n', out);
	}
}

void ac_render_plan_text(FILE *out, const ac_kb *kb, const ac_profile *profile,
			 const ac_policy *policy, int32_t now_min, const ac_render_opts *opts)
{
	char treated[48], when[48], date[48];
	fprintf(out, "Recovery plan: treated %s\n",
		ac_time_format_human(profile->treated_at, treated, sizeof(treated)));
	ac_print_profile(out, kb, profile, policy);
	fputc('\n', out);
	ac_render_red_flags(out, kb, profile, opts->color);
	ac_milestone *m = malloc(MAX_MILESTONES * sizeof(*m));
	size_t n = m ? ac_plan_milestones(kb, profile, policy, m, MAX_MILESTONES) : 0;
	n = n < MAX_MILESTONES ? n : MAX_MILESTONES;
	fprintf(out, "\nMilestones (what changes, and when):\n");
	ac_print_milestones(out, kb, profile, m, n, 0, MAX_MILESTONES);
	int32_t clear = all_clear_min(m, n);
	fprintf(out, "\nEverything the guide gives a time for is settled by %s (%s).\n",
		ac_time_format_human(profile->treated_at + (time_t)clear * 60, date, sizeof(date)),
		ac_duration_words(clear, when, sizeof(when)));
	print_no_end(out, kb, profile, policy);
	if (opts->chart)
		print_chart(out, kb, profile, policy, now_min, clear, opts);
	free(m);
	fprintf(out, "\n%s\n", ac_kb_disclaimer(kb));
}

static json_t *milestone_json(const ac_kb *kb, const ac_profile *p, const ac_milestone *m)
{
	json_t *o = json_object();
	if (o && (json_object_set_new(o, "at", ac_time_json(p->treated_at, m->at_min)) |
		  json_object_set_new(o, "elapsed_hours", ac_hours_json(m->at_min)) |
		  json_object_set_new(o, "activity",
				      json_string(ac_kb_activity(kb, (size_t)m->activity)->id)) |
		  json_object_set_new(o, "before", json_string(ac_verdict_name(m->before))) |
		  json_object_set_new(o, "after", json_string(ac_verdict_name(m->after))))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int ac_render_plan_json(FILE *out, const ac_kb *kb, const ac_profile *profile,
			const ac_policy *policy, int32_t now_min)
{
	json_t *o = json_object(), *ms = json_array(), *acts = json_array();
	ac_milestone *m = malloc(MAX_MILESTONES * sizeof(*m));
	int rc = -1;
	ac_answer a;
	if (!o || !ms || !acts || !m)
		goto out;
	size_t n = ac_plan_milestones(kb, profile, policy, m, MAX_MILESTONES);
	n = n < MAX_MILESTONES ? n : MAX_MILESTONES;
	for (size_t i = 0; i < n; i++)
		if (json_array_append_new(ms, milestone_json(kb, profile, &m[i])))
			goto out;
	for (size_t i = 0; i < ac_kb_activity_count(kb); i++) {
		ac_query(kb, profile, policy, (int)i, now_min < 0 ? 0 : now_min, &a);
		ac_answer_add_variants(kb, profile, policy, &a);
		ac_answer_add_guide(kb, profile, policy, &a);
		if (json_array_append_new(acts, ac_answer_json(kb, profile, &a)))
			goto out;
	}
	int32_t clear = all_clear_min(m, n);
	int bad = json_object_set_new(o, "treated_at", ac_time_json(profile->treated_at, 0)) |
		  json_object_set_new(o, "profile", ac_profile_json(profile, kb, policy)) |
		  json_object_set_new(o, "red_flags", ac_facts_json(kb, "red-flag", profile)) |
		  json_object_set_new(o, "disclaimer", json_string(ac_kb_disclaimer(kb))) |
		  json_object_set_new(o, "milestones", ms) |
		  json_object_set_new(o, "settled_after_hours", ac_hours_json(clear)) |
		  json_object_set_new(o, "settled_at", ac_time_json(profile->treated_at, clear)) |
		  json_object_set_new(o, "activities", acts);
	ms = acts = NULL;
	if (!bad) {
		rc = ac_json_print(out, o);
		o = NULL;
	}
out:
	free(m);
	json_decref(ms);
	json_decref(acts);
	json_decref(o);
	return rc;
}
