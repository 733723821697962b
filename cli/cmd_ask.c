/* cmd_ask.c: questions in plain English, one from the arguments or many from stdin. */
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	cli_text t;	/* wrapped to the terminal's width, as the other commands' text */
	ac_render_ask_text(cli_text_begin(&t, ctx), ctx->kb, &q, &ctx->policy, ctx->at_min,
			   &ctx->render);
	return cli_text_end(&t);
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

/* A batch's state: the memo, and one memory stream that every fresh answer is rendered into
 * (a stream per answer cost a tenth of a batch whose lines all differ: perf showed its
 * calloc and the page faults of a new buffer each time). */
typedef struct batch {
	line_memo memo[ASK_LINE_MEMO];
	FILE *scratch;
	char *scratch_buf;
	size_t scratch_len;
} batch;

/* Answer one line as JSON: from its memo slot when the same line was answered before, else
 * parsed, rendered and remembered. Returns 0, EXIT_USAGE for a line that cannot be read (its
 * error object written), or EXIT_INTERNAL when the answer cannot be made or written. */
static int answer_line(cli_ctx *ctx, ac_asker *asker, batch *b, const char *line, size_t len)
{
	line_memo *m = &b->memo[line_hash(line, len) % ASK_LINE_MEMO];
	if (!m->line || strcmp(m->line, line) != 0) {
		ac_question q;
		char err[AC_ERRBUF_SIZE];
		if (ac_ask_parse(asker, line, len, &ctx->profile, ctx->at_min, &q, err) != AC_OK) {
			batch_error(line, err);
			return EXIT_USAGE;
		}
		rewind(b->scratch);	/* the stream's length is its position after a flush */
		if (ac_render_ask_json(b->scratch, asker, line, &q, &ctx->policy, ctx->at_min) ||
		    fflush(b->scratch))
			return EXIT_INTERNAL;
		char *answer = malloc(b->scratch_len), *copy = strdup(line);
		if (!answer || !copy) {
			free(answer);
			free(copy);
			return EXIT_INTERNAL;
		}
		memcpy(answer, b->scratch_buf, b->scratch_len);
		free(m->line);
		free(m->answer);
		*m = (line_memo){copy, answer, b->scratch_len};
	}
	return fwrite(m->answer, 1, m->answer_len, stdout) == m->answer_len ? 0 : EXIT_INTERNAL;
}

/* stdin, read in large pieces with read(2) so that stdout is flushed exactly when no further
 * line is waiting: a batch of a million lines is written in 1 MiB pieces, and a program
 * that sends one question and waits for its answer (a co-process) gets it. stdio cannot
 * say whether its input buffer is empty, hence this reader. */
typedef struct line_reader {
	char buf[1 << 16];
	size_t start, end;	/* the bytes read but not yet returned */
	int eof;
} line_reader;

enum { LINE_END, LINE_OK, LINE_TOO_LONG, LINE_READ_ERROR, LINE_WRITE_ERROR };

/* The next line, without its "\n" or "\r\n", NUL-terminated in r->buf (valid until the next
 * call; a NUL byte ends it: JSON could not carry it). A line longer than MAX_LINE bytes is
 * skipped to its end and reported as LINE_TOO_LONG, so one bad line loses nothing around it. */
static int next_line(line_reader *r, char **line, size_t *len)
{
	int too_long = 0;
	for (;;) {
		char *s = r->buf + r->start;
		char *nl = memchr(s, '\n', r->end - r->start);
		if (nl || (r->eof && r->end > r->start)) {
			size_t n = nl ? (size_t)(nl - s) : r->end - r->start;
			r->start += n + (nl != NULL);
			if (too_long || n > MAX_LINE)
				return LINE_TOO_LONG;
			s[n] = '\0';	/* buf has room: its last byte is never read into */
			*len = strlen(s);
			if (*len && s[*len - 1] == '\r')
				s[--*len] = '\0';
			*line = s;
			return LINE_OK;
		}
		if (r->eof)
			return too_long ? LINE_TOO_LONG : LINE_END;
		if (r->end - r->start > MAX_LINE) {
			too_long = 1;	/* keep nothing of it */
			r->start = r->end;
		}
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
		if (fflush(stdout) != 0)
			return LINE_WRITE_ERROR;
		ssize_t got = read(STDIN_FILENO, r->buf + r->end, sizeof(r->buf) - 1 - r->end);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return LINE_READ_ERROR;
		r->eof = got == 0;
		r->end += (size_t)got;
	}
}

static int ask_batch_lines(cli_ctx *ctx, ac_asker *asker, batch *b)
{
	static line_reader reader;
	int rc = 0, got;
	char *line;
	size_t len;
	while ((got = next_line(&reader, &line, &len)) != LINE_END) {
		if (got == LINE_READ_ERROR || got == LINE_WRITE_ERROR) {
			cli_error("cannot %s: %s", got == LINE_READ_ERROR ? "read the questions"
					   : "write the answers", strerror(errno));
			return EXIT_INTERNAL;
		}
		if (got == LINE_TOO_LONG) {
			batch_error(NULL, "question too long (at most 4096 bytes)");
			rc = EXIT_USAGE;
			continue;
		}
		int status = answer_line(ctx, asker, b, line, len);
		if (status == EXIT_INTERNAL)
			return status;
		rc = status ? status : rc;
	}
	return rc;
}

static int ask_batch(cli_ctx *ctx, ac_asker *asker)
{
	/* Answers average 2.4 KB: stdio's default 4 KiB buffer made a write(2) for every answer
	 * or two, a third of a batch's time (strace -c). next_line() flushes before it waits. */
	static char out_buf[1 << 20];
	setvbuf(stdout, out_buf, _IOFBF, sizeof(out_buf));
	batch *b = calloc(1, sizeof(*b));
	if (!b || !(b->scratch = open_memstream(&b->scratch_buf, &b->scratch_len))) {
		free(b);
		cli_error("out of memory");
		return EXIT_INTERNAL;
	}
	int status = ask_batch_lines(ctx, asker, b);
	for (size_t i = 0; i < ASK_LINE_MEMO; i++) {
		free(b->memo[i].line);
		free(b->memo[i].answer);
	}
	fclose(b->scratch);
	free(b->scratch_buf);
	free(b);
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
