/* cmd_ask.c: questions in plain English, one from the arguments or many from stdin. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
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

/* The answers of a batch, by line: within one batch the treatment, the moment and the
 * policy are fixed, so an answer is a pure function of its line, and real batches repeat
 * their questions. Direct-mapped, bounded (ASK_LINE_MEMO lines). */
#define ASK_LINE_MEMO 4096

typedef struct line_memo {
	char *line, *answer;
	size_t answer_len;
} line_memo;

static uint32_t line_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Answer one line as JSON: from its memo slot when the same line was answered before, else
 * parsed, rendered and remembered. Returns 0, EXIT_USAGE for a line that cannot be read (its
 * error object written), or EXIT_INTERNAL when the answer cannot be made or written. */
static int answer_line(cli_ctx *ctx, ac_asker *asker, line_memo *memo, const char *line,
		       size_t len)
{
	line_memo *m = &memo[line_hash(line, len) % ASK_LINE_MEMO];
	if (!m->line || strcmp(m->line, line) != 0) {
		ac_question q;
		char err[AC_ERRBUF_SIZE];
		if (ac_ask_parse(asker, line, len, &ctx->profile, ctx->at_min, &q, err) != AC_OK) {
			batch_error(line, err);
			return EXIT_USAGE;
		}
		char *buf = NULL, *copy = NULL;
		size_t buf_len = 0;
		FILE *f = open_memstream(&buf, &buf_len);
		if (!f || ac_render_ask_json(f, asker, line, &q, &ctx->policy, ctx->at_min) ||
		    fclose(f) || !(copy = strdup(line))) {
			free(buf);
			return EXIT_INTERNAL;
		}
		free(m->line);
		free(m->answer);
		*m = (line_memo){copy, buf, buf_len};
	}
	return fwrite(m->answer, 1, m->answer_len, stdout) == m->answer_len ? 0 : EXIT_INTERNAL;
}

/* Reads lines of at most AC_ASK_MAX_LEN bytes; a longer one is answered with an error
 * and skipped to its end, so one bad line loses nothing around it. */
static int ask_batch_lines(cli_ctx *ctx, ac_asker *asker, line_memo *memo)
{
	static char line[MAX_LINE + 1];
	int rc = 0;
	while (fgets(line, sizeof(line), stdin)) {
		size_t len = strlen(line);	/* a NUL ends the line: JSON could not carry it */
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
		int status = answer_line(ctx, asker, memo, line, len);
		if (status == EXIT_INTERNAL)
			return status;
		rc = status ? status : rc;
	}
	return rc;
}

static int ask_batch(cli_ctx *ctx, ac_asker *asker)
{
	line_memo *memo = calloc(ASK_LINE_MEMO, sizeof(*memo));
	if (!memo) {
		cli_error("out of memory");
		return EXIT_INTERNAL;
	}
	int status = ask_batch_lines(ctx, asker, memo);
	for (size_t i = 0; i < ASK_LINE_MEMO; i++) {
		free(memo[i].line);
		free(memo[i].answer);
	}
	free(memo);
	return status;
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
