/* cmd_query.c: the questions about one treatment: status, when, plan. */
#include "cli.h"

static int need_moment(const cli_ctx *ctx)
{
	if (ctx->at_min >= 0)
		return 0;
	cli_error("the treatment is in the future: pass --after DURATION or --at TIME to ask "
		  "about a moment after it");
	return EXIT_USAGE;
}

int cmd_status(const cli_args *args)
{
	cli_ctx ctx;
	int rc = cli_ctx_init(&ctx, args);
	if (rc)
		return rc;
	if (args->n_operands) {
		cli_error("status takes no operands (got \"%s\")", args->operands[0]);
		rc = EXIT_USAGE;
	} else if (!(rc = need_moment(&ctx))) {
		if (ctx.format == FORMAT_JSON)
			rc = ac_render_status_json(stdout, ctx.kb, &ctx.profile, &ctx.policy,
						   ctx.at_min) ? EXIT_INTERNAL : 0;
		else {
			cli_text t;
			ac_render_status_text(cli_text_begin(&t, &ctx), ctx.kb, &ctx.profile,
					      &ctx.policy, ctx.at_min, &ctx.render);
			rc = cli_text_end(&t);
		}
	}
	cli_ctx_free(&ctx);
	return rc;
}

int cmd_when(const cli_args *args)
{
	cli_ctx ctx;
	int rc = cli_ctx_init(&ctx, args);
	if (rc)
		return rc;
	if (!args->n_operands) {
		cli_error("when needs an activity, e.g. aftercare when swimming");
		rc = EXIT_USAGE;
	}
	int acts[64];
	for (int i = 0; !rc && i < args->n_operands; i++) {
		if (i >= 64) {
			cli_error("at most 64 activities at a time");
			rc = EXIT_USAGE;
		} else if ((acts[i] = cli_activity(ctx.kb, args->operands[i])) < 0) {
			rc = EXIT_USAGE;
		}
	}
	if (!rc)
		rc = need_moment(&ctx);
	cli_text t;
	FILE *out = ctx.format == FORMAT_TEXT && !rc ? cli_text_begin(&t, &ctx) : stdout;
	for (int i = 0; !rc && i < args->n_operands; i++) {
		ac_answer a;
		ac_query(ctx.kb, &ctx.profile, &ctx.policy, acts[i], ctx.at_min, &a);
		ac_answer_add_variants(ctx.kb, &ctx.profile, &ctx.policy, &a);
		ac_answer_add_guide(ctx.kb, &ctx.profile, &ctx.policy, &a);
		if (ctx.format == FORMAT_JSON) {
			rc = ac_render_when_json(stdout, ctx.kb, &ctx.profile, &a) ? EXIT_INTERNAL : 0;
			continue;
		}
		if (i)
			fputs("\n", out);
		ac_render_when_text(out, ctx.kb, &ctx.profile, &a, &ctx.render);
	}
	if (!rc && ctx.format == FORMAT_TEXT) {
		fprintf(out, "\n%s\n", ac_kb_disclaimer(ctx.kb));
		rc = cli_text_end(&t);
	}
	cli_ctx_free(&ctx);
	return rc;
}

int cmd_plan(const cli_args *args)
{
	cli_ctx ctx;
	int rc = cli_ctx_init(&ctx, args);
	if (rc)
		return rc;
	int32_t now = ctx.at_given ? ctx.at_min : ctx.now_min;
	if (args->n_operands) {
		cli_error("plan takes no operands (got \"%s\")", args->operands[0]);
		rc = EXIT_USAGE;
	} else if (ctx.format == FORMAT_JSON) {
		rc = ac_render_plan_json(stdout, ctx.kb, &ctx.profile, &ctx.policy, now)
			     ? EXIT_INTERNAL : 0;
	} else if (ctx.format == FORMAT_FHIR) {
		rc = ac_render_plan_fhir(stdout, ctx.kb, &ctx.profile, &ctx.policy) ? EXIT_INTERNAL : 0;
	} else {
		cli_text t;
		ac_render_plan_text(cli_text_begin(&t, &ctx), ctx.kb, &ctx.profile, &ctx.policy, now,
				    &ctx.render);
		rc = cli_text_end(&t);
	}
	cli_ctx_free(&ctx);
	return rc;
}
