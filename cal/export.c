/* export.c: the plan as an RFC 5545 calendar, written with libical: one timed event per
 * milestone ("Swimming is fine again"), each describing why and who says so. */
#include <stdlib.h>
#include <string.h>

#include "ics.h"

#define MAX_MILESTONES 1024

static void summary_of(char *buf, size_t len, const ac_activity *a, ac_verdict after)
{
	switch (after) {
	case AC_VERDICT_OK:
	case AC_VERDICT_RECOMMEND: snprintf(buf, len, "%s is fine from now on", a->name); break;
	case AC_VERDICT_CAUTION: snprintf(buf, len, "%s: only with care from now on", a->name); break;
	case AC_VERDICT_AVOID: snprintf(buf, len, "%s: avoid from now on", a->name); break;
	default: snprintf(buf, len, "%s: the guide has no rule from now on", a->name); break;
	}
}

/* The red flag first, then the full "when" answer at the milestone, then the notice. */
static char *description_of(const ac_kb *kb, const ac_profile *profile, const ac_policy *policy,
			    const ac_milestone *m)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	ac_answer a;
	ac_render_opts plain = {0};
	ac_render_red_flags(f, kb, profile, false);
	fputc('\n', f);
	ac_query(kb, profile, policy, m->activity, m->at_min, &a);
	ac_render_when_text(f, kb, profile, &a, &plain);
	fprintf(f, "\n%s\n", ac_disclaimer);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

int ics_plan_write(FILE *out, const ac_kb *kb, const ac_profile *profile,
		   const ac_policy *policy)
{
	int rc = -1;
	ac_milestone *m = malloc(MAX_MILESTONES * sizeof(*m));
	icalcomponent *cal = ics_calendar_new("Microneedling recovery (aftercare)");
	if (!m || !cal)
		goto out;
	size_t n = ac_plan_milestones(kb, profile, policy, m, MAX_MILESTONES);
	for (size_t i = 0; i < n && i < MAX_MILESTONES; i++) {
		const ac_activity *act = ac_kb_activity(kb, (size_t)m[i].activity);
		char summary[256], uid[160];
		char *description = description_of(kb, profile, policy, &m[i]);
		if (!description)
			goto out;
		summary_of(summary, sizeof(summary), act, m[i].after);
		snprintf(uid, sizeof(uid), "%lld-%s-%d@aftercare", (long long)profile->treated_at,
			 act->id, (int)m[i].at_min);
		ics_event e = {uid, profile->treated_at + (time_t)m[i].at_min * 60, 30, summary,
			       description};
		ics_add_event(cal, &e);
		free(description);
	}
	rc = ics_print(out, cal);
out:
	if (cal)
		icalcomponent_free(cal);
	free(m);
	return rc;
}

int cal_plan_ics(const cli_args *args)
{
	cli_ctx ctx;
	int rc = cli_ctx_init(&ctx, args);
	if (rc)
		return rc;
	if (ics_plan_write(stdout, ctx.kb, &ctx.profile, &ctx.policy)) {
		cli_error("out of memory, or cannot write the calendar");
		rc = EXIT_INTERNAL;
	}
	cli_ctx_free(&ctx);
	return rc;
}

/* The sessions' description: why, with the guide's words, then what to watch out for. */
static char *course_description(const cli_ctx *ctx, const ac_course *c)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	for (int warnings = 0; warnings < 2; warnings++)
		for (size_t i = 0; i < c->n_notes; i++) {
			const ac_course_note *n = &c->notes[i];
			if (n->warning != (warnings == 1))
				continue;
			fprintf(f, "%s%s\n  \u201c%s\u201d (%s, %s)\n", warnings ? "Watch out: " : "",
				n->text, n->quote, ac_kb_source(ctx->kb, (size_t)n->source)->name,
				n->section);
		}
	fprintf(f, "\n%s\n", ac_disclaimer);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

int cal_course_ics(const cli_args *args)
{
	cli_ctx ctx;
	ac_course c;
	int rc = cli_ctx_init(&ctx, args);
	if (rc)
		return rc;
	if ((rc = cli_course_build(&ctx, args, &c))) {
		cli_ctx_free(&ctx);
		return rc;
	}
	bool roller = ctx.profile.device == AC_DEVICE_DERMAROLLER;
	icalcomponent *cal = ics_calendar_new(roller ? "Home dermaroller sessions (aftercare)"
						     : "Microneedling course (aftercare)");
	char *description = course_description(&ctx, &c);
	if (!cal || !description) {
		cli_error("out of memory");
		rc = EXIT_INTERNAL;
	}
	for (size_t i = 0; !rc && i < c.n_sessions; i++) {
		char summary[128], uid[128];
		if (roller)
			snprintf(summary, sizeof(summary), "Home dermaroller (%g mm)", c.needle_mm);
		else
			snprintf(summary, sizeof(summary), "Microneedling session %zu of %zu", i + 1,
				 c.n_sessions);
		snprintf(uid, sizeof(uid), "%s-%lld-%zu@aftercare", roller ? "roller" : "course",
			 (long long)c.sessions[0], i + 1);
		ics_event e = {uid, c.sessions[i], 60, summary, description};
		ics_add_event(cal, &e);
	}
	if (!rc && ics_print(stdout, cal))
		rc = EXIT_INTERNAL;
	free(description);
	if (cal)
		icalcomponent_free(cal);
	cli_ctx_free(&ctx);
	return rc;
}
