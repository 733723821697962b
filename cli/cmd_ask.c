/* cmd_ask.c: questions in plain English, one from the arguments or many from stdin. */
#include <jansson.h>
#include <string.h>

#include "cli.h"

#define MAX_LINE (AC_ASK_MAX_LEN + 2)

static int ask_one(cli_ctx *ctx, ac_asker *asker, const char *text)
{
	ac_question q;
	char err[AC_ERRBUF_SIZE];
	if (ac_ask_parse(asker, text, strlen(text), &ctx->profile, ctx->at_min, &q, err) != AC_OK) {
		cli_error("%s", err);
		return EXIT_USAGE;
	}
	if (ctx->format == FORMAT_JSON)
		return ac_render_ask_json(stdout, asker, text, &q, &ctx->policy, ctx->at_min)
			       ? EXIT_INTERNAL : 0;
	ac_render_ask_text(stdout, ctx->kb, &q, &ctx->policy, ctx->at_min, &ctx->render);
	return 0;
}

/* {"question": ..., "error": ...} for a line that gets no answer; the question is null
 * when it is not valid UTF-8 (JSON cannot carry it). */
static void batch_error(const char *line, const char *err)
{
	json_t *o = json_pack("{s:o, s:s}", "question", json_string(line) ? json_string(line)
									  : json_null(),
			      "error", err);
	json_dumpf(o, stdout, JSON_COMPACT);
	fputc('\n', stdout);
	json_decref(o);
}

/* Reads lines of at most AC_ASK_MAX_LEN bytes; a longer one is answered with an error
 * and skipped to its end, so one bad line loses nothing around it. */
static int ask_batch(cli_ctx *ctx, ac_asker *asker)
{
	static char line[MAX_LINE + 1];
	int rc = 0;
	while (fgets(line, sizeof(line), stdin)) {
		size_t len = strlen(line);
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		else if (len == MAX_LINE) {
			int c;
			while ((c = getchar()) != EOF && c != '\n')
				;
			batch_error(NULL, "question too long (at most 4096 bytes)");
			rc = EXIT_USAGE;
			continue;
		}
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		ac_question q;
		char err[AC_ERRBUF_SIZE];
		if (ac_ask_parse(asker, line, len, &ctx->profile, ctx->at_min, &q, err) != AC_OK) {
			batch_error(line, err);
			rc = EXIT_USAGE;
		} else if (ac_render_ask_json(stdout, asker, line, &q, &ctx->policy, ctx->at_min)) {
			return EXIT_INTERNAL;
		}
	}
	return rc;
}

int cmd_ask(const cli_args *args)
{
	cli_ctx ctx;
	int rc = cli_ctx_init(&ctx, args);
	if (rc)
		return rc;
	ac_asker *asker = NULL;
	char text[AC_ASK_MAX_LEN + 1];
	size_t used = 0;
	if (args->batch && args->n_operands) {
		cli_error("ask --batch reads questions from stdin, not from arguments");
		rc = EXIT_USAGE;
	} else if (!args->batch && !args->n_operands) {
		cli_error("ask needs a question, e.g. aftercare ask \"can i swim 2 days after?\"");
		rc = EXIT_USAGE;
	} else if (ac_asker_new(ctx.kb, &asker) != AC_OK) {
		cli_error("out of memory");
		rc = EXIT_INTERNAL;
	}
	for (int i = 0; !rc && i < args->n_operands; i++) {	/* ask can i swim: one question */
		size_t len = strlen(args->operands[i]);
		if (used + len + 1 > AC_ASK_MAX_LEN) {
			cli_error("question too long (at most %d bytes)", AC_ASK_MAX_LEN);
			rc = EXIT_USAGE;
			break;
		}
		if (used)
			text[used++] = ' ';
		memcpy(text + used, args->operands[i], len);
		used += len;
		text[used] = '\0';
	}
	if (!rc)
		rc = args->batch ? ask_batch(&ctx, asker) : ask_one(&ctx, asker, text);
	ac_asker_free(asker);
	cli_ctx_free(&ctx);
	return rc;
}
