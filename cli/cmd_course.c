/* cmd_course.c: `aftercare course`: plan a course of treatments (--start), check a proposed
 * one (--dates), or plan home dermaroller sessions (--device dermaroller --needle MM).
 *
 * lib/course.c decides, from the guide's facts; this file reads the options, refuses bad
 * ones before anything is printed, and prints each statement with the guide's words.
 * --format ics never comes here: aftercare-cal takes it (cli/delegate.c).
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* How far ahead a home dermaroller plan is laid out: a choice of display, not a number
 * about skin (the guide gives none for how long to keep rolling). */
#define ROLLER_WEEKS 4

/* ---- reading the options ---- */

/* The options that go together: --start or --dates, and what each allows. */
static int check_combination(const cli_args *args, const cli_ctx *ctx)
{
	bool roller = ctx->profile.device == AC_DEVICE_DERMAROLLER;
	if (args->n_operands)
		cli_error("course takes no operands (got \"%s\")", args->operands[0]);
	else if (args->start && args->dates)
		cli_error("give --start to plan a course or --dates to check one, not both");
	else if (!args->start && !args->dates)
		cli_error("course needs --start DATE to plan a course, or --dates D1,D2,... to "
			  "check one");
	else if (args->dates && args->sessions)
		cli_error("--sessions is for planning with --start; --dates gives the sessions");
	else if (args->needle && !roller)
		cli_error("--needle is for a home dermaroller: add --device dermaroller");
	else if (roller && args->dates)
		cli_error("--dates checks a course of treatments at a clinic, not home dermaroller "
			  "sessions");
	else if (roller && args->sessions)
		cli_error("--sessions counts a course of treatments at a clinic; a home dermaroller "
			  "plan lays out %d weeks at the guide's rate", ROLLER_WEEKS);
	else if (roller && !args->needle)
		cli_error("a home dermaroller plan needs --needle MM, the needles' length");
	else
		return 0;
	return EXIT_USAGE;
}

static bool same_or_later_day(time_t t, time_t than)
{
	struct tm a, b;
	localtime_r(&t, &a);
	localtime_r(&than, &b);
	return a.tm_year != b.tm_year ? a.tm_year > b.tm_year : a.tm_yday >= b.tm_yday;
}

/* --start: a real local date, today or later. */
static int read_start(const char *s, time_t *out)
{
	char why[256];
	if (ac_time_check(s, out, NULL, why, sizeof(why)) != AC_OK) {
		cli_error("bad --start \"%s\": %s", s, why);
		return EXIT_USAGE;
	}
	time_t now = time(NULL);
	if (!same_or_later_day(*out, now)) {
		char today[16];
		struct tm tm;
		localtime_r(&now, &tm);
		strftime(today, sizeof(today), "%Y-%m-%d", &tm);
		cli_error("--start \"%s\" is in the past (today is %s): a plan starts today or later; "
			  "to check dates already chosen, use --dates", s, today);
		return EXIT_USAGE;
	}
	return 0;
}

/* --sessions: a whole number within the guide's course (0 is not "the fewest" here: left
 * out, the option means that). */
static int read_sessions(const cli_ctx *ctx, const char *s, int *out)
{
	char err[AC_ERRBUF_SIZE];
	ac_course_bounds b;
	if (ac_course_bounds_get(ctx->kb, ctx->profile.skin, &b, err) != AC_OK) {
		cli_error("%s", err);
		return EXIT_USAGE;
	}
	size_t len = strlen(s), digits = strspn(s, "0123456789");
	if (len == 0 || digits != len) {
		cli_error("bad --sessions \"%s\": expected a whole number of treatments; the guide's "
			  "course is %d to %d", s, b.min_sessions, b.max_sessions);
		return EXIT_USAGE;
	}
	long n = len > 6 ? 1000000 : strtol(s, NULL, 10);
	if (n < b.min_sessions || n > b.max_sessions) {
		cli_error("--sessions %s is outside the guide's course of %d to %d treatments: "
			  "\u201c%s\u201d (%s)", s, b.min_sessions, b.max_sessions, b.course->quote,
			  ac_kb_source(ctx->kb, (size_t)b.course->source)->name);
		return EXIT_USAGE;
	}
	*out = (int)n;
	return 0;
}

/* --needle: millimetres, more than 0; "0.25mm" is read too. */
static int read_needle(const char *s, double *out)
{
	/* Only digits, a point and a sign: strtod alone would take "nan", "inf" and hex. */
	size_t len = strspn(s, "+-.0123456789");
	const char *rest = s + len;
	while (isspace((unsigned char)*rest))
		rest++;
	if (strcmp(rest, "mm") == 0)
		rest += 2;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (len == 0 || end != s + len || *rest || errno || v > 1e6 || v < -1e6) {
		cli_error("bad --needle \"%s\": expected the needles' length in millimetres, such "
			  "as 0.25", s);
		return EXIT_USAGE;
	}
	if (v <= 0) {
		cli_error("bad --needle \"%s\": a needle length must be more than 0 mm", s);
		return EXIT_USAGE;
	}
	*out = v;
	return 0;
}

/* --dates: comma-separated local dates (or dates and times), at least two. */
static int read_dates(const char *s, time_t *dates, size_t *n)
{
	char buf[64];
	*n = 0;
	for (const char *p = s;; p++) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		while (len && isspace((unsigned char)*p))
			p++, len--;
		while (len && isspace((unsigned char)p[len - 1]))
			len--;
		int room = (int)(len < sizeof(buf) ? len : sizeof(buf) - 1);
		snprintf(buf, sizeof(buf), "%.*s", room, p);
		if (*n == AC_COURSE_MAX_SESSIONS) {
			cli_error("--dates: at most %d dates", AC_COURSE_MAX_SESSIONS);
			return EXIT_USAGE;
		}
		char why[256] = "too long to be a date";
		if (len >= sizeof(buf) ||
		    ac_time_check(buf, &dates[*n], NULL, why, sizeof(why)) != AC_OK) {
			cli_error("bad --dates: date %zu, \"%.*s\": %s", *n + 1, (int)len, p, why);
			return EXIT_USAGE;
		}
		(*n)++;
		if (!comma)
			break;
		p = comma;
	}
	if (*n < 2) {
		cli_error("--dates needs at least 2 dates, comma-separated, to check the gaps "
			  "between them (got %zu)", *n);
		return EXIT_USAGE;
	}
	return 0;
}

/* ---- text ---- */

static bool any_time_of_day(const time_t *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct tm tm;
		localtime_r(&t[i], &tm);
		if (tm.tm_hour || tm.tm_min)
			return true;
	}
	return false;
}

/* "Tue 1 Dec 2026", with " 10:00" when with_time. */
static char *day_words(time_t t, bool with_time, char *buf, size_t len)
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, len, with_time ? "%a %-d %b %Y %H:%M" : "%a %-d %b %Y", &tm);
	return buf;
}

static void print_sessions(const time_t *t, size_t n)
{
	bool with_time = any_time_of_day(t, n);
	char day[48];
	for (size_t i = 0; i < n; i++)
		printf("  %2zu. %s\n", i + 1, day_words(t[i], with_time, day, sizeof(day)));
}

/* One statement, then the guide's words and who says them, as `when` shows a rule. */
static void print_note(const ac_kb *kb, const ac_course_note *n)
{
	printf("  - %s\n    \u201c%s\u201d\n    %s (%s)\n", n->text, n->quote,
	       ac_kb_source(kb, (size_t)n->source)->name, n->section);
}

static void print_notes(const ac_kb *kb, const ac_course *c, bool warnings, const char *title)
{
	bool first = true;
	for (size_t i = 0; i < c->n_notes; i++) {
		if (c->notes[i].warning != warnings)
			continue;
		if (first)
			printf("\n%s:\n", title);
		first = false;
		print_note(kb, &c->notes[i]);
	}
}

/* "4 weeks" or "30 days". */
static const char *skin_label(const ac_course_bounds *b)
{
	return b->skin == AC_SKIN_UNSPECIFIED ? "not given, the strictest reading"
					       : ac_skin_name(b->skin);
}

static void plan_text(const cli_ctx *ctx, const ac_course *c)
{
	char gap[32];
	printf("Course of %zu treatments, %s apart (skin: %s)\n", c->n_sessions,
	       ac_gap_words(c->bounds.plan_gap_days, gap, sizeof(gap)), skin_label(&c->bounds));
	print_sessions(c->sessions, c->n_sessions);
	print_notes(ctx->kb, c, false, "Why");
	if (c->bounds.skin == AC_SKIN_UNSPECIFIED)
		printf("\nGive --skin for your skin type.\n");
	printf("\n%s\n", ac_kb_disclaimer(ctx->kb));
}

static void roller_text(const cli_ctx *ctx, const ac_course *c)
{
	printf("Home dermaroller, %g mm needles: %zu sessions over %d weeks, %d a week\n",
	       c->needle_mm, c->n_sessions, c->weeks, c->per_week);
	print_sessions(c->sessions, c->n_sessions);
	print_notes(ctx->kb, c, false, "Why");
	print_notes(ctx->kb, c, true, "Watch out");
	printf("\n%s\n", ac_kb_disclaimer(ctx->kb));
}

/* The facts a check measured against, as notes, so that text and JSON cite them alike. */
static size_t check_basis(const ac_course_bounds *b, ac_course_note out[2])
{
	const ac_fact *f[2] = {b->frequency, b->course};
	memset(out, 0, 2 * sizeof(*out));
	for (int i = 0; i < 2; i++) {
		out[i].id = f[i]->id;
		out[i].source = f[i]->source;
		out[i].section = f[i]->section;
		out[i].quote = f[i]->quote;
		snprintf(out[i].text, sizeof(out[i].text), "%s", f[i]->text);
	}
	if (b->strictest)
		snprintf(out[0].text, sizeof(out[0].text), "%s: the strictest reading of the guide "
			 "is used, the longest minimum gap it gives. %s",
			 b->skin == AC_SKIN_UNSPECIFIED ? "Skin type not given"
							: "No frequency for this skin type",
			 b->frequency->text);
	return 2;
}

static void check_text(const cli_ctx *ctx, const ac_course_bounds *b, const time_t *dates,
		       size_t n, const ac_course_finding *f, size_t nf)
{
	ac_course_note basis[2];
	printf("Checking %zu sessions (skin: %s)\n", n, skin_label(b));
	print_sessions(dates, n);
	if (nf == 0)
		printf("\nFits the guide: every gap is within %g to %g weeks, and %zu sessions is "
		       "within its course of %d to %d.\n", b->min_gap_weeks, b->max_gap_weeks, n,
		       b->min_sessions, b->max_sessions);
	else
		printf("\nProblems (%zu):\n", nf);
	for (size_t i = 0; i < nf; i++)
		print_note(ctx->kb, &f[i].note);
	printf("\nChecked against:\n");
	for (size_t i = 0, k = check_basis(b, basis); i < k; i++)
		print_note(ctx->kb, &basis[i]);
	if (b->skin == AC_SKIN_UNSPECIFIED)
		printf("\nGive --skin for your skin type.\n");
	printf("\n%s\n", ac_kb_disclaimer(ctx->kb));
}

/* ---- JSON (docs/course.md) ---- */

static json_t *number(double v)
{
	return (double)(json_int_t)v == v ? json_integer((json_int_t)v) : json_real(v);
}

static json_t *times_json(const time_t *t, size_t n)
{
	json_t *arr = json_array();
	char buf[40];
	for (size_t i = 0; arr && i < n; i++)
		if (json_array_append_new(arr,
					  json_string(ac_time_format_iso(t[i], buf, sizeof(buf))))) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

static json_t *note_json(const ac_kb *kb, const ac_course_note *n)
{
	const ac_source *s = ac_kb_source(kb, (size_t)n->source);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "text", n->text, "source", s->id,
			 "source_name", s->name, "section", n->section, "quote", n->quote, "id",
			 n->id);
}

static json_t *notes_json(const ac_kb *kb, const ac_course *c, bool warnings)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < c->n_notes; i++)
		if (c->notes[i].warning == warnings &&
		    json_array_append_new(arr, note_json(kb, &c->notes[i]))) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

static json_t *bounds_json(const ac_course_bounds *b)
{
	return json_pack("{s:s, s:b, s:o, s:o, s:i, s:i}", "skin", ac_skin_name(b->skin),
			 "strictest", b->strictest, "min_gap_weeks", number(b->min_gap_weeks),
			 "max_gap_weeks", number(b->max_gap_weeks), "min_sessions", b->min_sessions,
			 "max_sessions", b->max_sessions);
}

static int print_json(json_t *v)
{
	int rc = v ? json_dumpf(v, stdout, JSON_COMPACT | JSON_REAL_PRECISION(12)) : -1;
	fputc('\n', stdout);
	json_decref(v);
	return rc ? EXIT_INTERNAL : 0;
}

static int plan_json(const cli_ctx *ctx, const ac_course *c)
{
	char start[40];
	ac_time_format_iso(c->sessions[0], start, sizeof(start));
	json_t *o = json_pack("{s:s, s:o, s:o, s:i}", "start", start, "sessions",
			      times_json(c->sessions, c->n_sessions), "gap_weeks",
			      number(c->bounds.plan_gap_days / 7.0), "gap_days",
			      c->bounds.plan_gap_days);
	if (o && (json_object_update_new(o, bounds_json(&c->bounds)) ||
		  json_object_set_new(o, "reasons", notes_json(ctx->kb, c, false)))) {
		json_decref(o);
		o = NULL;
	}
	return print_json(o);
}

static int roller_json(const cli_ctx *ctx, const ac_course *c)
{
	char start[40];
	ac_time_format_iso(c->sessions[0], start, sizeof(start));
	return print_json(json_pack("{s:s, s:s, s:o, s:o, s:i, s:i, s:i, s:o, s:o, s:o}", "start",
				    start, "device", "dermaroller", "needle_mm", number(c->needle_mm),
				    "max_needle_mm", number(c->max_needle_mm), "per_week",
				    c->per_week, "max_per_week", c->max_per_week, "weeks", c->weeks,
				    "sessions", times_json(c->sessions, c->n_sessions), "reasons",
				    notes_json(ctx->kb, c, false), "warnings",
				    notes_json(ctx->kb, c, true)));
}

static json_t *finding_json(const ac_kb *kb, const ac_course_finding *f)
{
	json_t *o = note_json(kb, &f->note);
	bool gap = f->kind != AC_COURSE_TOO_MANY && f->kind != AC_COURSE_TOO_FEW;
	if (o && json_object_update_new(o, json_pack("{s:s, s:[I, I], s:o}", "kind",
						     ac_course_issue_name(f->kind), "between",
						     (json_int_t)f->first, (json_int_t)f->second,
						     "gap_days", gap ? json_integer(f->gap_days)
								     : json_null()))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int check_json(const cli_ctx *ctx, const ac_course_bounds *b, const time_t *dates,
		      size_t n, const ac_course_finding *f, size_t nf)
{
	ac_course_note basis[2];
	json_t *findings = json_array(), *reasons = json_array();
	for (size_t i = 0; findings && i < nf; i++)
		json_array_append_new(findings, finding_json(ctx->kb, &f[i]));
	for (size_t i = 0, k = check_basis(b, basis); reasons && i < k; i++)
		json_array_append_new(reasons, note_json(ctx->kb, &basis[i]));
	json_t *o = json_pack("{s:o}", "dates", times_json(dates, n));
	if (o && (json_object_update_new(o, bounds_json(b)) ||
		  json_object_update_new(o, json_pack("{s:o, s:b, s:o}", "findings", findings,
						      "ok", nf == 0, "reasons", reasons)))) {
		json_decref(o);
		o = NULL;
	}
	return print_json(o);
}

/* ---- the three uses ---- */

static int library_error(ac_result rc, const char *err)
{
	cli_error("%s", err);
	return rc == AC_ERR_NOMEM ? EXIT_INTERNAL : EXIT_USAGE;
}

int cli_course_build(const cli_ctx *ctx, const cli_args *args, ac_course *out)
{
	time_t start;
	double needle;
	int sessions = 0, rc;
	char err[AC_ERRBUF_SIZE];
	ac_result r;
	if ((rc = check_combination(args, ctx)))
		return rc;
	if (args->dates) {
		cli_error("--dates checks a schedule; a calendar needs a plan: use --start");
		return EXIT_USAGE;
	}
	if (ctx->profile.device == AC_DEVICE_DERMAROLLER) {
		if ((rc = read_needle(args->needle, &needle)) || (rc = read_start(args->start, &start)))
			return rc;
		r = ac_home_roller_plan(ctx->kb, start, needle, ROLLER_WEEKS, out, err);
	} else {
		if ((rc = read_start(args->start, &start)) ||
		    (args->sessions && (rc = read_sessions(ctx, args->sessions, &sessions))))
			return rc;
		r = ac_course_plan(ctx->kb, start, ctx->profile.skin, sessions, out, err);
	}
	return r == AC_OK ? 0 : library_error(r, err);
}

static int run_plan(const cli_ctx *ctx, const cli_args *args)
{
	ac_course c;
	int rc = cli_course_build(ctx, args, &c);
	if (rc)
		return rc;
	bool roller = ctx->profile.device == AC_DEVICE_DERMAROLLER;
	if (ctx->format == FORMAT_JSON)
		return roller ? roller_json(ctx, &c) : plan_json(ctx, &c);
	if (roller)
		roller_text(ctx, &c);
	else
		plan_text(ctx, &c);
	return 0;
}

static int run_check(const cli_ctx *ctx, const cli_args *args)
{
	time_t dates[AC_COURSE_MAX_SESSIONS];
	ac_course_finding found[AC_COURSE_MAX_SESSIONS];
	ac_course_bounds b;
	char err[AC_ERRBUF_SIZE];
	size_t n;
	int rc = read_dates(args->dates, dates, &n);
	if (rc)
		return rc;
	ac_result r = ac_course_bounds_get(ctx->kb, ctx->profile.skin, &b, err);
	if (r != AC_OK)
		return library_error(r, err);
	size_t nf = ac_course_check(&b, dates, n, found, AC_COURSE_MAX_SESSIONS);
	/* Like check --calendar: 1 when the schedule has problems, for scripts. */
	if (ctx->format == FORMAT_JSON)
		return check_json(ctx, &b, dates, n, found, nf) ? EXIT_INTERNAL : nf ? 1 : 0;
	check_text(ctx, &b, dates, n, found, nf);
	return nf ? 1 : 0;
}

int cmd_course(const cli_args *args)
{
	cli_ctx ctx;
	int rc = cli_ctx_init(&ctx, args);
	if (rc)
		return rc;
	if (args->dates)
		rc = check_combination(args, &ctx) ? EXIT_USAGE : run_check(&ctx, args);
	else
		rc = run_plan(&ctx, args);
	cli_ctx_free(&ctx);
	return rc;
}
