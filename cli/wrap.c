/* wrap.c: text output wrapped to the terminal's width (80 when not a terminal). The library's
 * renderers write whole lines; the command writes them into memory and breaks each line that
 * is too wide at spaces here, so that no renderer needs to know the width. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Display columns of s[0..n): UTF-8 continuation bytes and colour escapes (ESC [ ... m)
 * take none. */
static int columns(const char *s, size_t n)
{
	int cols = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0x1b && i + 1 < n && s[i + 1] == '[') {
			while (i < n && s[i] != 'm')
				i++;
		} else if ((c & 0xc0) != 0x80) {
			cols++;
		}
	}
	return cols;
}

/* Where a continuation line starts: under the second column of a table row (the text after
 * a run of two or more spaces), under the text after an opening quotation mark, else two
 * more than the line's own indent. */
static int hang(const char *line, size_t n, int width)
{
	size_t lead = 0;
	while (lead < n && line[lead] == ' ')
		lead++;
	for (size_t i = lead; i + 2 < n; i++) {
		if (line[i] != ' ' && line[i + 1] == ' ' && line[i + 2] == ' ') {
			size_t j = i + 1;
			while (j < n && line[j] == ' ')
				j++;
			int col = columns(line, j);
			if (j < n && col <= width / 2 + 10)
				return col;
			break;
		}
	}
	if (n - lead >= 3 && memcmp(line + lead, "\xe2\x80\x9c", 3) == 0)	/* “ */
		return (int)lead + 1;
	return (int)lead + 2;
}

static void wrap_line(FILE *out, const char *line, size_t n, int width)
{
	if (columns(line, n) <= width) {
		fwrite(line, 1, n, out);
		return;
	}
	int indent = hang(line, n, width);
	size_t i = 0;
	int col = 0;
	while (i < n && line[i] == ' ') {	/* the line's own indent */
		fputc(' ', out);
		i++;
		col++;
	}
	bool first = true;
	while (i < n) {
		size_t w = i;
		while (w < n && line[w] != ' ')
			w++;
		size_t gap = w;
		while (gap < n && line[gap] == ' ')
			gap++;
		int len = columns(line + i, w - i);
		if (!first && col + len > width) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		}
		fwrite(line + i, 1, w - i, out);
		col += len;
		/* The spaces after a word are kept (a table's columns) unless the line breaks. */
		size_t next = gap;
		while (next < n && line[next] != ' ')
			next++;
		if (gap < n && col + columns(line + w, gap - w) + columns(line + gap, next - gap) <= width) {
			fwrite(line + w, 1, gap - w, out);
			col += columns(line + w, gap - w);
		} else if (gap < n) {
			col = width + 1;	/* break before the next word */
		}
		first = false;
		i = gap;
	}
}

void cli_write_wrapped(FILE *out, const char *text, size_t len, int width)
{
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		wrap_line(out, p, n, width);
		if (nl)
			fputc('\n', out);
		p += n + (nl != NULL);
	}
}

FILE *cli_text_begin(cli_text *t, const cli_ctx *ctx)
{
	t->buf = NULL;
	t->len = 0;
	t->width = ctx->render.width;
	t->mem = open_memstream(&t->buf, &t->len);
	return t->mem ? t->mem : stdout;	/* out of memory: unwrapped rather than nothing */
}

int cli_text_end(cli_text *t)
{
	if (!t->mem)
		return 0;
	int rc = fclose(t->mem) ? EXIT_INTERNAL : 0;
	if (!rc)
		cli_write_wrapped(stdout, t->buf, t->len, t->width);
	else
		cli_error("out of memory");
	free(t->buf);
	t->mem = NULL;
	return rc;
}
