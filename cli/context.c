/* context.c: from arguments to a loaded knowledge base, a profile, a policy and a moment. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static int load_kb(cli_ctx *ctx, const cli_args *args)
{
	char err[AC_ERRBUF_SIZE];
	ac_result rc = args->kb ? ac_kb_load(args->kb, &ctx->kb, err)
				: ac_kb_load_builtin(&ctx->kb, err);
	if (rc == AC_OK && args->protocol)
		rc = ac_kb_apply_protocol(ctx->kb, args->protocol, err);
	if (rc != AC_OK) {
		cli_error("%s", err);
		return rc == AC_ERR_NOMEM ? EXIT_INTERNAL : EXIT_USAGE;
	}
	return 0;
}

static int profile_from(cli_ctx *ctx, const cli_args *args)
{
	ac_profile *p = &ctx->profile;
	*p = (ac_profile){.device = AC_DEVICE_PEN};
	if (args->device && ac_device_parse(args->device, &p->device) != AC_OK) {
		cli_error("unknown device \"%s\" (use pen, dermaroller or procell)", args->device);
		return EXIT_USAGE;
	}
	if (args->depth && (ac_depth_parse(args->depth, &p->depth) != AC_OK)) {
		cli_error("unknown depth \"%s\" (use superficial or deep)", args->depth);
		return EXIT_USAGE;
	}
	if (args->skin && ac_skin_parse(args->skin, &p->skin) != AC_OK) {
		cli_error("unknown skin type \"%s\" (use sensitive, normal, oily or acne-prone)",
			  args->skin);
		return EXIT_USAGE;
	}
	char err[AC_ERRBUF_SIZE];
	if (ac_policy_parse(ctx->kb, args->policy ? args->policy : "conservative", &ctx->policy,
			    err) != AC_OK) {
		cli_error("%s", err);
		return EXIT_USAGE;
	}
	return 0;
}

static int32_t minutes_between(time_t from, time_t to)
{
	double m = difftime(to, from) / 60.0;
	return m >= AC_NO_END - 1 ? AC_NO_END - 1 : (int32_t)m;
}

static int times_from(cli_ctx *ctx, const cli_args *args)
{
	time_t now = time(NULL), at;
	ctx->profile.treated_at = now;
	ac_time_status st = AC_TIME_OK;
	char why[256];
	if (args->treated &&
	    ac_time_check(args->treated, &ctx->profile.treated_at, &st, why, sizeof(why)) != AC_OK) {
		cli_error("bad --treated \"%s\": %s", args->treated, why);
		return EXIT_USAGE;
	}
	if (st == AC_TIME_AMBIGUOUS) {	/* the later instant, always: said, since the answer
					 * depends on it (and in the JSON, "treated_note") */
		ctx->profile.treated_ambiguous = true;
		fprintf(stderr, "aftercare: note: --treated: %s\n", why);
	}
	time_t treated = ctx->profile.treated_at;
	ctx->now_min = now >= treated ? minutes_between(treated, now) : -1;
	ctx->at_given = args->at || args->after;
	if (args->at && args->after) {
		cli_error("give --at or --after, not both");
		return EXIT_USAGE;
	}
	if (args->after && ac_duration_parse(args->after, &ctx->at_min) != AC_OK) {
		cli_error("bad --after \"%s\": expected a duration such as 90m, 36h, 2d or 1w",
			  args->after);
		return EXIT_USAGE;
	}
	if (args->at) {
		if (ac_time_check(args->at, &at, NULL, why, sizeof(why)) != AC_OK) {
			cli_error("bad --at \"%s\": %s", args->at, why);
			return EXIT_USAGE;
		}
		if (at < treated) {
			cli_error("--at \"%s\" is before the treatment", args->at);
			return EXIT_USAGE;
		}
		ctx->at_min = minutes_between(treated, at);
	}
	if (!ctx->at_given)
		ctx->at_min = ctx->now_min;
	return 0;
}

/* --color=always|never, else (auto) only on a terminal that shows colour: TERM set and not
 * "dumb", and NO_COLOR unset or empty (https://no-color.org: the option overrides it). */
static int color_from(cli_ctx *ctx, const cli_args *args, bool tty)
{
	const char *mode = args->color ? args->color : "auto";
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
	if (strcmp(mode, "always") == 0) {
		ctx->render.color = true;
	} else if (strcmp(mode, "never") == 0) {
		ctx->render.color = false;
	} else if (strcmp(mode, "auto") == 0) {
		ctx->render.color = tty && !(no_color && *no_color) && term && *term &&
				    strcmp(term, "dumb") != 0;
	} else {
		cli_error("unknown --color \"%s\" (use auto, always or never)", mode);
		return EXIT_USAGE;
	}
	return 0;
}

static int format_from(cli_ctx *ctx, const cli_args *args)
{
	if (!args->format || strcmp(args->format, "text") == 0)
		ctx->format = FORMAT_TEXT;
	else if (strcmp(args->format, "json") == 0)
		ctx->format = FORMAT_JSON;
	else if (strcmp(args->format, "ics") == 0)
		ctx->format = FORMAT_ICS;
	else if (strcmp(args->format, "fhir") == 0)
		ctx->format = FORMAT_FHIR;
	else {
		cli_error("unknown format \"%s\" (use text, json, ics or fhir)", args->format);
		return EXIT_USAGE;
	}
	bool plan = args->command && !strcmp(args->command, "plan");
	bool course = args->command && !strcmp(args->command, "course");
	if ((ctx->format == FORMAT_ICS && !plan && !course) || (ctx->format == FORMAT_FHIR && !plan)) {
		cli_error("%s has no --format %s (ics: plan and course; fhir: plan)",
			  args->command ? args->command : "this command", args->format);
		return EXIT_USAGE;
	}
	bool tty = isatty(STDOUT_FILENO);
	int rc = color_from(ctx, args, tty);
	ctx->render.chart = tty || args->chart;
	ctx->render.width = cli_term_width(stdout);
	return rc;
}

int cli_ctx_init(cli_ctx *ctx, const cli_args *args)
{
	int rc;
	memset(ctx, 0, sizeof(*ctx));
	if ((rc = format_from(ctx, args)) || (rc = load_kb(ctx, args)) ||
	    (rc = profile_from(ctx, args)) || (rc = times_from(ctx, args))) {
		cli_ctx_free(ctx);
		return rc;
	}
	return 0;
}

void cli_ctx_free(cli_ctx *ctx)
{
	ac_kb_free(ctx->kb);
	ctx->kb = NULL;
}

int cli_activity(const ac_kb *kb, const char *name)
{
	int i = ac_kb_find_activity(kb, name);
	char msg[512];
	if (i < 0)
		cli_error("%s%s", msg, ac_kb_unknown_activity(kb, name, msg, sizeof(msg)) ? ""
			  : " (aftercare activities lists them)");
	return i;
}
