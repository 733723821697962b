/* check.c: a person's calendar checked against the recovery. Each event is classified by
 * the words of its SUMMARY (its DESCRIPTION only when it has no SUMMARY; title.c), each
 * occurrence in the recovery window is asked "may I, then?", and what is restricted is a
 * clash. Text from the calendar is printed through ac_write_untrusted.
 * Exit: 0 no clash and everything checked, 1 clashes, 2 bad input, 4 no clash among what
 * was checked but some of it was not (skipped events, series cut off or approximated). */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "ics.h"
#include "title.h"

#define MAX_FILE ((size_t)64 << 20)
#define MAX_MILESTONES 1024

typedef struct checker {
	cli_ctx ctx;
	cal_titles *titles;
	int *activity_of;	/* per event: activity index, -1 unclassified, -2 not yet */
	bool *treatment;	/* per event: read as a skin treatment the guide names */
	bool *uncovered;	/* per event: names a skin treatment the guide never names */
	time_t window_end;
	bool list_all;		/* --occurrences: every occurrence considered, in JSON */
} checker;

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		cli_error("%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	char *buf = malloc(MAX_FILE + 1);
	*len = buf ? fread(buf, 1, MAX_FILE + 1, f) : 0;
	bool bad = !buf || ferror(f) || *len > MAX_FILE;
	fclose(f);
	if (bad) {
		cli_error("%s: cannot read it (or larger than 64 MiB)", path);
		free(buf);
		return NULL;
	}
	return buf;
}

static int activity_of(checker *c, const ics_occurrence *o)
{
	int *a = &c->activity_of[o->event];
	if (*a == -2)
		*a = cal_title_activity(c->titles, *o->summary ? o->summary : o->description,
					&c->treatment[o->event], &c->uncovered[o->event]);
	return *a;
}

/* Text from the calendar, escaped, in quotes. */
static void put_quoted(const char *s)
{
	putchar('"');
	ac_write_untrusted(stdout, s, strlen(s));
	putchar('"');
}

/* The end of the recovery window: when everything with a time given is settled, and at
 * least a week. */
static time_t window_end(const cli_ctx *ctx)
{
	ac_milestone *m = malloc(MAX_MILESTONES * sizeof(*m));
	size_t n = m ? ac_plan_milestones(ctx->kb, &ctx->profile, &ctx->policy, m, MAX_MILESTONES) : 0;
	int32_t last = n ? m[(n < MAX_MILESTONES ? n : MAX_MILESTONES) - 1].at_min : 0;
	free(m);
	if (last < 7 * 1440)
		last = 7 * 1440;
	return ctx->profile.treated_at + (time_t)last * 60;
}

/* The guide's words on the activity itself that restrict it (in force first): what a skin
 * treatment read as that activity is quoted by. NULL when the guide says nothing of the
 * activity itself (only of its groups): then the treatment is not covered. */
static const char *own_words(const ac_answer *a)
{
	const char *any = NULL;
	for (size_t i = 0; i < a->n_positions; i++) {
		const ac_position *p = &a->positions[i];
		if (p->level != 0 || p->rule->implied ||
		    (p->rule->stance != AC_STANCE_AVOID && p->rule->stance != AC_STANCE_CAUTION))
			continue;
		if (p->in_force)
			return p->rule->quote;
		if (!any)
			any = p->rule->quote;
	}
	return any;
}

static const char uncovered_advice[] =
	"a treatment on the skin the guide does not cover: ask your practitioner before it";

/* A skin treatment the guide never names: nothing said of it but that. */
static json_t *uncovered_json(const ics_occurrence *o)
{
	char buf[40];
	return json_pack("{s:s, s:s, s:n, s:b, s:b, s:n, s:s, s:n, s:n, s:[], s:s}", "summary",
			 o->summary, "start", ac_time_format_iso(o->start, buf, sizeof(buf)), "activity",
			 "skin_treatment", true, "covered", false, "name", "verdict", "not covered",
			 "clear_after_hours", "clear_at", "sources", "advice", uncovered_advice);
}

static void print_uncovered(const ics_occurrence *o)
{
	char when[48];
	printf("  %s  ", ac_time_format_human(o->start, when, sizeof(when)));
	put_quoted(o->summary);
	printf(": %s.\n", uncovered_advice);
}

static json_t *clash_json(checker *c, const ics_occurrence *o, const ac_answer *a)
{
	char buf[40];
	json_t *sources = json_array();
	int32_t end;
	int source;
	for (size_t pos = 0; ac_answer_next_source(a, &pos, &source, &end);)
		if (end > 0)	/* the sources that restrict it */
			json_array_append_new(sources,
					      json_string(ac_kb_source(c->ctx.kb, (size_t)source)->id));
	time_t clear = c->ctx.profile.treated_at + (time_t)a->clear_min * 60;
	json_t *j = json_pack("{s:s, s:s, s:s, s:b, s:b, s:s, s:s, s:o, s:o, s:o}", "summary", o->summary,
			 "start", ac_time_format_iso(o->start, buf, sizeof(buf)), "activity", a->activity->id,
			 "skin_treatment", c->treatment[o->event], "covered", true,
			 "name", a->activity->name, "verdict", ac_verdict_name(a->verdict),
			 "clear_after_hours",
			 a->clear_min == AC_NO_END ? json_null()
			 : a->clear_min % 60 ? json_real(a->clear_min / 60.0) : json_integer(a->clear_min / 60),
			 "clear_at", a->clear_min == AC_NO_END
				 ? json_null() : json_string(ac_time_format_iso(clear, buf, sizeof(buf))),
			 "sources", sources);
	if (j && c->treatment[o->event])
		json_object_set_new(j, "guide_words", json_string(own_words(a)));
	if (j && c->uncovered[o->event])	/* "Spa: facial and sauna" */
		json_object_set_new(j, "also", json_string(uncovered_advice));
	return j;
}

static void print_clash(checker *c, const ics_occurrence *o, const ac_answer *a)
{
	char when[48], date[48], clear[48];
	printf("  %s  ", ac_time_format_human(o->start, when, sizeof(when)));
	put_quoted(o->summary);
	const char *verdict = a->verdict == AC_VERDICT_AVOID ? "off limits" : "only with care";
	if (c->treatment[o->event]) {	/* a peel: the guide's own words on it */
		printf(": a treatment on the skin the guide names (%s: ", a->activity->name);
		put_quoted(own_words(a));
		printf("): %s then", verdict);
	} else
		printf(": %s is %s then", a->activity->name, verdict);
	if (a->clear_min == AC_NO_END)
		printf("; the guide gives no end: ask your practitioner.\n");
	else
		printf("; fine from %s (%s after treatment).\n",
		       ac_time_format_human(c->ctx.profile.treated_at + (time_t)a->clear_min * 60, clear,
					    sizeof(clear)),
		       ac_duration_words(a->clear_min, date, sizeof(date)));
	if (c->uncovered[o->event])
		printf("    It also names %s.\n", uncovered_advice);
}

static const char *const incomplete_heading[] = {
	[ICS_SKIPPED] = "Skipped (could not be read, so not checked):",
	[ICS_CUT] = "Cut off (some of their occurrences not checked):",
	[ICS_APPROX] = "Expanded approximately (libical's limits; docs/calendar.md):",
};

/* The events not checked, or not wholly, under their headings. */
static void print_incomplete(const ics_calendar *cal)
{
	static const ics_outcome kinds[] = {ICS_SKIPPED, ICS_CUT, ICS_APPROX};
	for (size_t k = 0; k < sizeof(kinds) / sizeof(*kinds); k++) {
		bool any = false;
		for (size_t i = 0; i < cal->n_events; i++) {
			const ics_item *it = &cal->items[i];
			if (it->outcome != kinds[k])
				continue;
			if (!any)
				printf("\n%s\n", incomplete_heading[kinds[k]]);
			any = true;
			printf("  event %zu", i + 1);
			if (*it->summary) {
				putchar(' ');
				put_quoted(it->summary);
			}
			printf(": %s\n", it->note ? it->note : "");
		}
	}
}

static json_t *incomplete_json(const ics_calendar *cal, ics_outcome kind)
{
	json_t *a = json_array();
	for (size_t i = 0; i < cal->n_events; i++)
		if (cal->items[i].outcome == kind)
			json_array_append_new(a, json_pack("{s:i, s:s, s:s}", "event", (json_int_t)(i + 1),
							   "summary", cal->items[i].summary, "reason",
							   cal->items[i].note ? cal->items[i].note : ""));
	return a;
}

/* --occurrences: every occurrence in the window, as the check considered it (the corpus test
 * compares them with an independent expansion, tests/cal/expand_ref.py). */
static json_t *considered_json(const ics_calendar *cal)
{
	json_t *a = json_array();
	char s[40], e[40];
	for (size_t i = 0; i < cal->n_occ; i++) {
		const ics_occurrence *o = &cal->occ[i];
		const char *uid = icalcomponent_get_uid(cal->items[o->event].comp);
		json_array_append_new(a, json_pack("{s:i, s:s, s:s, s:s, s:s}", "event",
						   (json_int_t)(o->event + 1), "uid", uid ? uid : "",
						   "summary", o->summary,
						   "start", ac_time_format_iso(o->start, s, sizeof(s)),
						   "end", ac_time_format_iso(o->end, e, sizeof(e))));
	}
	return a;
}

static int report(checker *c, const ics_calendar *cal)
{
	json_t *clashes = json_array(), *unclassified = json_array();
	bool *listed = calloc(cal->n_events + 1, sizeof(*listed));
	size_t n_clash = 0, n_unknown = 0;
	bool text = c->ctx.format == FORMAT_TEXT;
	char buf[48];
	for (int pass = 0; pass < 2; pass++) {	/* text: clashes first, then the unknown */
		if (text && pass == 0)
			printf("Clashes with the recovery:\n");
		if (text && pass == 1)
			printf("\nNot recognised (the guide may not cover them):\n");
		for (size_t i = 0; i < cal->n_occ; i++) {
			const ics_occurrence *o = &cal->occ[i];
			int act = activity_of(c, o);
			bool uncovered = c->uncovered[o->event];
			if (pass == 1 && act < 0 && !uncovered && !listed[o->event]) {
				listed[o->event] = true;
				n_unknown++;
				if (text) {
					printf("  %s  ", ac_time_format_human(o->start, buf, sizeof(buf)));
					put_quoted(o->summary);
					putchar('\n');
				} else
					json_array_append_new(unclassified, json_pack("{s:s, s:s}", "summary", o->summary,
						"start", ac_time_format_iso(o->start, buf, sizeof(buf))));
			}
			if (pass == 1 || (act < 0 && !uncovered))
				continue;
			ac_answer a;
			bool restricted = false;
			if (act >= 0) {
				time_t at = o->start > c->ctx.profile.treated_at ? o->start
									 : c->ctx.profile.treated_at;
				ac_query(c->ctx.kb, &c->ctx.profile, &c->ctx.policy, act,
					 (int32_t)((at - c->ctx.profile.treated_at) / 60), &a);
				restricted = a.verdict == AC_VERDICT_AVOID || a.verdict == AC_VERDICT_CAUTION;
				/* a treatment read as an activity the guide says nothing of itself: not
				 * covered, for this occurrence and the event's others */
				if (c->treatment[o->event] && !own_words(&a)) {
					c->treatment[o->event] = false, c->activity_of[o->event] = -1;
					c->uncovered[o->event] = uncovered = true, restricted = false;
				}
			}
			if (!restricted && !uncovered)
				continue;
			n_clash++;
			if (!restricted) {
				if (text)
					print_uncovered(o);
				else
					json_array_append_new(clashes, uncovered_json(o));
				continue;
			}
			if (text)
				print_clash(c, o, &a);
			else
				json_array_append_new(clashes, clash_json(c, o, &a));
		}
		if (text && pass == 0 && !n_clash)
			printf("  none\n");
		if (text && pass == 1 && !n_unknown)
			printf("  none\n");
	}
	bool complete = !cal->n_skipped && !cal->n_cut && !cal->n_approx && !cal->truncated;
	if (text) {
		print_incomplete(cal);
		printf("\nChecked %zu events (%zu occurrences) from treatment until %s.\n",
		       cal->n_events, cal->n_occ, ac_time_format_human(c->window_end, buf, sizeof(buf)));
		if (!complete)
			printf("The check is incomplete: what is listed above was not checked, or not "
			       "wholly.\n");
		printf("%s\n", ac_disclaimer);
	} else {
		json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:o, s:b, s:b, s:i, s:i, s:s}", "clashes",
				      clashes, "unclassified", unclassified,
				      "skipped", incomplete_json(cal, ICS_SKIPPED),
				      "cut_off", incomplete_json(cal, ICS_CUT),
				      "approximate", incomplete_json(cal, ICS_APPROX),
				      "truncated", cal->truncated, "complete", complete,
				      "events", (json_int_t)cal->n_events, "occurrences",
				      (json_int_t)cal->n_occ, "window_end",
				      ac_time_format_iso(c->window_end, buf, sizeof(buf)));
		clashes = unclassified = NULL;
		if (c->list_all)
			json_object_set_new(o, "considered", considered_json(cal));
		json_dumpf(o, stdout, JSON_COMPACT | JSON_REAL_PRECISION(6));
		putchar('\n');
		json_decref(o);
	}
	json_decref(clashes);
	json_decref(unclassified);
	free(listed);
	return n_clash ? 1 : complete ? 0 : EXIT_INCOMPLETE;
}

int cal_check(const cli_args *args)
{
	checker c = {0};
	ics_calendar cal = {0};
	char *text = NULL, err[512];
	size_t len;
	if (!args->calendar) {
		cli_error("check needs --calendar FILE.ics");
		return EXIT_USAGE;
	}
	int rc = cli_ctx_init(&c.ctx, args);
	if (rc)
		return rc;
	c.window_end = window_end(&c.ctx);
	c.list_all = args->occurrences;
	if (!(text = read_all(args->calendar, &len))) {
		rc = EXIT_USAGE;
	} else if (ics_read(text, len, c.ctx.profile.treated_at, c.window_end, &cal, err, sizeof(err))) {
		cli_error("%s: %s", args->calendar, err);
		rc = EXIT_USAGE;
	} else if (!(c.titles = cal_titles_new(c.ctx.kb)) ||
		   !(c.activity_of = malloc((cal.n_events + 1) * sizeof(int))) ||
		   !(c.treatment = calloc(cal.n_events + 1, sizeof(bool))) ||
		   !(c.uncovered = calloc(cal.n_events + 1, sizeof(bool)))) {
		cli_error("out of memory");
		rc = EXIT_INTERNAL;
	} else {
		for (size_t i = 0; i <= cal.n_events; i++)
			c.activity_of[i] = -2;
		rc = report(&c, &cal);
	}
	free(text);
	free(c.activity_of);
	free(c.treatment);
	free(c.uncovered);
	cal_titles_free(c.titles);
	ics_calendar_free_at_exit(&cal);	/* aftercare-cal exits after the check */
	cli_ctx_free(&c.ctx);
	return rc;
}
