/* export.c: the plan as an RFC 5545 calendar, written with libical. One timed event per
 * moment at which something changes, naming everything that becomes fine then ("From Mon 23
 * Nov 10:00: Sweaty exercise (gym, intense workouts), Makeup and 12 more"), each describing
 * why and who says so; an all-day event for the first day, with what to avoid and what is
 * fine; alarms on a few moments only (when something people ask most about becomes fine),
 * never two at the same minute. UIDs are the treatment's time and the moment's: the same plan
 * fetched again has the same UIDs, so a subscribed calendar updates rather than duplicates. */
#include <stdlib.h>
#include <string.h>

#include "ics.h"

#define MAX_MILESTONES 1024
#define MAX_ALARMS 4		/* a phone that rings for everything is muted */
#define SUMMARY_NAMES 3		/* names in a summary; the rest are "and N more" */

/* What people ask about most: a moment that clears one of these rings. */
static const char *const asked[] = {"sweaty-exercise", "swimming", "sun-exposure", "makeup",
				    "gentle-cleanser", "retinol", "vitamin-c"};

static bool is_asked(const ac_activity *a)
{
	for (size_t i = 0; i < sizeof(asked) / sizeof(asked[0]); i++)
		if (!strcmp(a->id, asked[i]))
			return true;
	return false;
}

static bool fine(ac_verdict v)
{
	return v == AC_VERDICT_OK || v == AC_VERDICT_RECOMMEND;
}

/* "From Mon 23 Nov 10:00: A, B, C and 4 more" (fine then), or "From ...: with care: A". */
static void summary_of(char *buf, size_t len, const ac_kb *kb, const ac_profile *profile,
		       const ac_milestone *m, size_t n)
{
	char when[64];
	time_t t = profile->treated_at + (time_t)m[0].at_min * 60;
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%a %-d %b %H:%M", &tm);
	size_t nfine = 0;
	for (size_t i = 0; i < n; i++)
		nfine += fine(m[i].after);
	size_t o = (size_t)snprintf(buf, len, "From %s: %s", when, nfine ? "" : "with care: ");
	size_t named = 0, total = nfine ? nfine : n;
	for (size_t i = 0; i < n && o < len; i++) {
		if (nfine && !fine(m[i].after))
			continue;
		if (named == SUMMARY_NAMES) {
			o += (size_t)snprintf(buf + o, len - o, " and %zu more", total - named);
			break;
		}
		o += (size_t)snprintf(buf + o, len - o, "%s%s", named ? ", " : "",
				      ac_kb_activity(kb, (size_t)m[i].activity)->name);
		named++;
	}
}

/* The red flag first, then the full "when" answer of each change at the moment, then the
 * notice. */
static char *description_of(const ac_kb *kb, const ac_profile *profile, const ac_policy *policy,
			    const ac_milestone *m, size_t n)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	ac_render_opts plain = {0};
	ac_render_red_flags(f, kb, profile, false);
	for (size_t i = 0; i < n; i++) {
		ac_answer a;
		fputc('\n', f);
		ac_query(kb, profile, policy, m[i].activity, m[i].at_min, &a);
		ac_render_when_text(f, kb, profile, &a, &plain);
	}
	fprintf(f, "\n%s\n", ac_disclaimer);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* The first day, all day: the red flag, what to avoid and what is fine from the start. */
static char *first_day_description(const ac_kb *kb, const ac_profile *profile,
				   const ac_policy *policy)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	ac_render_red_flags(f, kb, profile, false);
	for (int pass = 0; pass < 2; pass++) {
		fputs(pass ? "\nFine from the start:\n" : "\nAvoid for now:\n", f);
		for (size_t i = 0; i < ac_kb_activity_count(kb); i++) {
			ac_answer a;
			ac_query(kb, profile, policy, (int)i, 0, &a);
			if (pass ? fine(a.verdict) : a.verdict == AC_VERDICT_AVOID)
				fprintf(f, "- %s\n", ac_kb_activity(kb, i)->name);
		}
	}
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
	char uid[160];
	if (!m || !cal)
		goto out;
	char *first = first_day_description(kb, profile, policy);
	if (!first)
		goto out;
	snprintf(uid, sizeof(uid), "%lld-first-day@aftercare", (long long)profile->treated_at);
	ics_event day = {.uid = uid, .start = profile->treated_at, .minutes = 24 * 60,
			 .summary = "The first 24 hours after microneedling", .description = first,
			 .all_day = true, .no_alarm = true};
	ics_add_event(cal, &day);
	free(first);
	size_t n = ac_plan_milestones(kb, profile, policy, m, MAX_MILESTONES);
	if (n > MAX_MILESTONES)
		n = MAX_MILESTONES;
	int alarms = 0;
	for (size_t i = 0, j; i < n; i = j) {	/* in time order: one event per moment */
		bool rings = false;
		for (j = i; j < n && m[j].at_min == m[i].at_min; j++)
			rings |= fine(m[j].after) && is_asked(ac_kb_activity(kb, (size_t)m[j].activity));
		char summary[512];
		char *description = description_of(kb, profile, policy, m + i, j - i);
		if (!description)
			goto out;
		summary_of(summary, sizeof(summary), kb, profile, m + i, j - i);
		snprintf(uid, sizeof(uid), "%lld-at-%d@aftercare", (long long)profile->treated_at,
			 (int)m[i].at_min);
		rings = rings && alarms < MAX_ALARMS;
		alarms += rings;
		ics_event e = {.uid = uid, .start = profile->treated_at + (time_t)m[i].at_min * 60,
			       .minutes = 30, .summary = summary, .description = description,
			       .no_alarm = !rings};
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
		ics_event e = {.uid = uid, .start = c.sessions[i], .minutes = 60, .summary = summary,
			       .description = description};
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
