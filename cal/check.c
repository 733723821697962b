/* check.c: a person's calendar checked against the recovery. Each event is classified by
 * its SUMMARY (else its DESCRIPTION) with the question parser, each occurrence in the
 * recovery window is asked "may I, then?", and what is restricted is a clash.
 * Exit: 0 no clash, 1 clashes, 2 bad input. */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "ics.h"

#define MAX_FILE ((size_t)64 << 20)
#define MAX_MILESTONES 1024

typedef struct checker {
	cli_ctx ctx;
	ac_asker *asker;
	int *activity_of;	/* per event: activity index, -1 unclassified, -2 not yet */
	time_t window_end;
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

/* The activity a text is about, by the question parser: what "can I ...?" would be about. */
static int classify(checker *c, const char *text)
{
	ac_question q;
	char err[AC_ERRBUF_SIZE];
	if (!*text || ac_ask_parse(c->asker, text, strlen(text), &c->ctx.profile, 0, &q, err) != AC_OK)
		return -1;
	return q.kind == AC_ASK_CAN || q.kind == AC_ASK_WHEN ? q.activity : -1;
}

static int activity_of(checker *c, const ics_occurrence *o)
{
	int *a = &c->activity_of[o->event];
	if (*a == -2) {
		*a = classify(c, o->summary);
		if (*a < 0)
			*a = classify(c, o->description);
	}
	return *a;
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
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "summary", o->summary, "start",
			 ac_time_format_iso(o->start, buf, sizeof(buf)), "activity", a->activity->id,
			 "name", a->activity->name, "verdict", ac_verdict_name(a->verdict),
			 "clear_after_hours",
			 a->clear_min == AC_NO_END ? json_null()
			 : a->clear_min % 60 ? json_real(a->clear_min / 60.0) : json_integer(a->clear_min / 60),
			 "clear_at", a->clear_min == AC_NO_END
				 ? json_null() : json_string(ac_time_format_iso(clear, buf, sizeof(buf))),
			 "sources", sources);
}

static void print_clash(checker *c, const ics_occurrence *o, const ac_answer *a)
{
	char when[48], date[48], clear[48];
	printf("  %s  \"%s\": %s is %s then", ac_time_format_human(o->start, when, sizeof(when)),
	       o->summary, a->activity->name, a->verdict == AC_VERDICT_AVOID ? "off limits" : "only with care");
	if (a->clear_min == AC_NO_END)
		printf("; the guide gives no end: ask your practitioner.\n");
	else
		printf("; fine from %s (%s after treatment).\n",
		       ac_time_format_human(c->ctx.profile.treated_at + (time_t)a->clear_min * 60, clear,
					    sizeof(clear)),
		       ac_duration_words(a->clear_min, date, sizeof(date)));
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
			if (pass == 1 && act < 0 && !listed[o->event]) {
				listed[o->event] = true;
				n_unknown++;
				if (text)
					printf("  %s  \"%s\"\n", ac_time_format_human(o->start, buf, sizeof(buf)), o->summary);
				else
					json_array_append_new(unclassified, json_pack("{s:s, s:s}", "summary", o->summary,
						"start", ac_time_format_iso(o->start, buf, sizeof(buf))));
			}
			if (pass == 1 || act < 0)
				continue;
			time_t at = o->start > c->ctx.profile.treated_at ? o->start : c->ctx.profile.treated_at;
			ac_answer a;
			ac_query(c->ctx.kb, &c->ctx.profile, &c->ctx.policy, act,
				 (int32_t)((at - c->ctx.profile.treated_at) / 60), &a);
			if (a.verdict != AC_VERDICT_AVOID && a.verdict != AC_VERDICT_CAUTION)
				continue;
			n_clash++;
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
	if (text) {
		printf("\nChecked %zu events (%zu occurrences) from treatment until %s.%s\n%s\n",
		       cal->n_events, cal->n_occ, ac_time_format_human(c->window_end, buf, sizeof(buf)),
		       cal->truncated ? " Some recurring events were cut off after 10,000 occurrences." : "",
		       ac_disclaimer);
	} else {
		json_t *o = json_pack("{s:o, s:o, s:i, s:i, s:s}", "clashes", clashes, "unclassified",
				      unclassified, "events", (json_int_t)cal->n_events, "occurrences",
				      (json_int_t)cal->n_occ, "window_end",
				      ac_time_format_iso(c->window_end, buf, sizeof(buf)));
		clashes = unclassified = NULL;
		json_dumpf(o, stdout, JSON_COMPACT | JSON_REAL_PRECISION(6));
		putchar('\n');
		json_decref(o);
	}
	json_decref(clashes);
	json_decref(unclassified);
	free(listed);
	return n_clash ? 1 : 0;
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
	if (!(text = read_all(args->calendar, &len))) {
		rc = EXIT_USAGE;
	} else if (ics_read(text, len, c.ctx.profile.treated_at, c.window_end, &cal, err, sizeof(err))) {
		cli_error("%s: %s", args->calendar, err);
		rc = EXIT_USAGE;
	} else if (ac_asker_new(c.ctx.kb, &c.asker) != AC_OK ||
		   !(c.activity_of = malloc((cal.n_events + 1) * sizeof(int)))) {
		cli_error("out of memory");
		rc = EXIT_INTERNAL;
	} else {
		for (size_t i = 0; i <= cal.n_events; i++)
			c.activity_of[i] = -2;
		rc = report(&c, &cal);
	}
	free(text);
	free(c.activity_of);
	ac_asker_free(c.asker);
	ics_calendar_free(&cal);
	cli_ctx_free(&c.ctx);
	return rc;
}
