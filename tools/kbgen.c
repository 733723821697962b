/* kbgen.c: compile a knowledge base into C tables, built into the library.
 *
 *   kbgen data/microneedling.yaml [WORDLIST...] > build/gen/kb_builtin.c
 *
 * WORDLISTs are dictionaries of English, one word a line (Debian's wamerican and wbritish:
 * /usr/share/dict/american-english, british-english): the words of them that the question
 * reader's typo correction would change into a word of the guide ("watching" into
 * "washing") are written as real_words, which it then leaves alone (lib/ask_index.c).
 *
 * The YAML goes through the same loader and validation as at run time, so a broken data
 * file fails the build with its file:line:column messages. The output defines
 * ac_builtin_image, which ac_kb_load_builtin() adopts without parsing anything: the command
 * starts in about the time of a process start (docs/benchmarks.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ask_internal.h"

/* A C string literal; octal escapes for everything but plain ASCII, and '?' escaped so that
 * no trigraph can form. */
static void literal(FILE *out, const char *s)
{
	if (!s) {
		fputs("NULL", out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\' || *p == '?')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(out, "\\%03o", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

static void emit_sources(FILE *out, const ac_kb *kb)
{
	fprintf(out, "static const ac_source sources[] = {\n");
	for (size_t i = 0; i < ac_kb_source_count(kb); i++) {
		const ac_source *s = ac_kb_source(kb, i);
		fputs("\t{", out);
		literal(out, s->id);
		fputs(", ", out);
		literal(out, s->name);
		fputs(", ", out);
		literal(out, s->section);
		fprintf(out, ", %d},\n", s->voice);
	}
	fprintf(out, "};\n\n");
}

static void emit_list(FILE *out, const char *name, size_t i, const char *const *list, size_t n)
{
	fprintf(out, "static const char *const %s_%zu[] = {", name, i);
	for (size_t j = 0; j < n; j++) {
		literal(out, list[j]);
		fputs(", ", out);
	}
	fprintf(out, "NULL};\n");
}

static void emit_activities(FILE *out, const ac_kb *kb)
{
	for (size_t i = 0; i < ac_kb_activity_count(kb); i++) {
		const ac_activity *a = ac_kb_activity(kb, i);
		emit_list(out, "aliases", i, a->aliases, a->n_aliases);
		emit_list(out, "ambiguous", i, a->ambiguous, a->n_ambiguous);
		emit_list(out, "other_words", i, a->other_words, a->n_other_words);
	}
	fprintf(out, "\nstatic const ac_activity activities[] = {\n");
	for (size_t i = 0; i < ac_kb_activity_count(kb); i++) {
		const ac_activity *a = ac_kb_activity(kb, i);
		fputs("\t{", out);
		literal(out, a->id);
		fputs(", ", out);
		literal(out, a->name);
		fputs(", ", out);
		literal(out, a->category);
		fprintf(out, ", aliases_%zu, %zu, %d, %d, ambiguous_%zu, %zu, ", i, a->n_aliases,
			a->group, a->line, i, a->n_ambiguous);
		literal(out, a->other_meaning);
		fprintf(out, ", other_words_%zu, %zu},\n", i, a->n_other_words);
	}
	fprintf(out, "};\n\n");
}

static void emit_rules(FILE *out, const ac_kb *kb)
{
	fprintf(out, "static const ac_rule rules[] = {\n");
	for (size_t i = 0; i < ac_kb_rule_count(kb); i++) {
		const ac_rule *r = ac_kb_rule(kb, i);
		fputs("\t{.id = ", out);
		literal(out, r->id);
		fprintf(out, ", .activity = %d, .source = %d, .stance = %d, .from_min = %d, "
			     ".until_min = %d, .device_mask = %uu, .depth_mask = %uu, .skin_mask = %uu,"
			     "\n\t .section = ",
			r->activity, r->source, (int)r->stance, (int)r->from_min, (int)r->until_min,
			r->device_mask, r->depth_mask, r->skin_mask);
		literal(out, r->section);
		fputs(",\n\t .quote = ", out);
		literal(out, r->quote);
		fputs(",\n\t .context = ", out);
		literal(out, r->context);
		fputs(",\n\t .reason = ", out);
		literal(out, r->reason);
		fputs(",\n\t .advice = ", out);
		literal(out, r->advice);
		fprintf(out, ",\n\t .implied = %s, .file = FILE_NAME, .line = %d},\n",
			r->implied ? "true" : "false", r->line);
	}
	fprintf(out, "};\n\n");
}

static void emit_facts(FILE *out, const ac_kb *kb)
{
	for (size_t i = 0; i < ac_kb_fact_count(kb); i++) {
		const ac_fact *f = ac_kb_fact(kb, i);
		fprintf(out, "static const ac_value values_%zu[] = {", i);
		for (size_t j = 0; j < f->n_values; j++) {
			fputc('{', out);
			literal(out, f->values[j].name);
			fprintf(out, ", %.17g}, ", f->values[j].value);
		}
		fprintf(out, "{NULL, 0}};\n");
		emit_list(out, "keywords", i, f->keywords, f->n_keywords);
	}
	fprintf(out, "\nstatic const ac_fact facts[] = {\n");
	for (size_t i = 0; i < ac_kb_fact_count(kb); i++) {
		const ac_fact *f = ac_kb_fact(kb, i);
		fputs("\t{", out);
		literal(out, f->id);
		fputs(", ", out);
		literal(out, f->topic);
		fprintf(out, ", %d, ", f->source);
		literal(out, f->section);
		fputs(",\n\t ", out);
		literal(out, f->quote);
		fputs(",\n\t ", out);
		literal(out, f->text);
		fprintf(out, ", %uu, values_%zu, %zu, keywords_%zu, %zu, ", f->skin_mask, i,
			f->n_values, i, f->n_keywords);
		literal(out, f->line);
		fputs("},\n", out);
	}
	fprintf(out, "};\n\n");
}

static void emit_chains(FILE *out, const ac_kb *kb)
{
	size_t n_acts = ac_kb_activity_count(kb);
	fprintf(out, "static const uint16_t chain[] = {");
	for (uint32_t i = 0; i < kb->chain_start[n_acts]; i++)
		fprintf(out, "%s%u,", i % 16 ? " " : "\n\t", kb->chain[i]);
	fprintf(out, "\n};\n\nstatic const uint32_t chain_start[] = {");
	for (size_t i = 0; i <= n_acts; i++)
		fprintf(out, "%s%u,", i % 16 ? " " : "\n\t", kb->chain_start[i]);
	fprintf(out, "\n};\n\n");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether a line of a word list is a plain lower-case word the corrector could touch. */
static bool plain_word(const char *w, size_t len)
{
	if (len < 5 || len >= ASK_WORD)
		return false;
	for (size_t i = 0; i < len; i++)
		if (w[i] < 'a' || w[i] > 'z')
			return false;	/* names, possessives, accents: not typed as questions */
	return true;
}

/* The words of the lists that ask_correct would change; sorted, each once. Returns how many,
 * or (size_t)-1 when a list cannot be read. */
static size_t real_words(const ac_kb *kb, char **paths, int n_paths, char ***out)
{
	struct sb_stemmer *stemmer = sb_stemmer_new("english", NULL);
	ask_index ix;
	char **words = NULL;
	size_t n = 0, cap = 0;
	if (!stemmer || ask_index_build(&ix, kb, stemmer)) {
		fprintf(stderr, "kbgen: out of memory\n");
		exit(1);
	}
	for (int p = 0; p < n_paths; p++) {
		FILE *f = fopen(paths[p], "r");
		if (!f) {
			perror(paths[p]);
			return (size_t)-1;
		}
		char line[256], stem[ASK_WORD], fixed[ASK_WORD];
		while (fgets(line, sizeof(line), f)) {
			size_t len = strcspn(line, "\r\n");
			line[len] = '\0';
			if (!plain_word(line, len))
				continue;
			ask_stem(stemmer, line, stem);
			ask_correct(&ix, line, stem, fixed);
			if (!strcmp(fixed, line))
				continue;
			if (n == cap && !(words = realloc(words, (cap = cap ? 2 * cap : 256) * sizeof(*words)))) {
				fprintf(stderr, "kbgen: out of memory\n");
				exit(1);
			}
			words[n++] = strdup(line);
		}
		fclose(f);
	}
	qsort(words, n, sizeof(*words), cmp_str);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (!u || strcmp(words[u - 1], words[i]))
			words[u++] = words[i];
		else
			free(words[i]);
	ask_index_free(&ix);
	sb_stemmer_delete(stemmer);
	*out = words;
	return u;
}

int main(int argc, char **argv)
{
	char err[AC_ERRBUF_SIZE];
	ac_kb *kb = NULL;
	if (argc < 2) {
		fprintf(stderr, "usage: kbgen FILE.yaml [WORDLIST...] > kb_builtin.c\n");
		return 2;
	}
	if (ac_kb_load(argv[1], &kb, err) != AC_OK) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	char **words = NULL;
	size_t n_words = real_words(kb, argv + 2, argc - 2, &words);
	if (n_words == (size_t)-1)
		return 2;
	FILE *out = stdout;
	fprintf(out, "/* Generated by tools/kbgen from %s: do not edit. */\n", argv[1]);
	fprintf(out, "#include \"kb_internal.h\"\n\n#define FILE_NAME ");
	literal(out, argv[1]);
	fprintf(out, "\n\n");
	emit_sources(out, kb);
	emit_activities(out, kb);
	emit_rules(out, kb);
	emit_facts(out, kb);
	emit_chains(out, kb);
	fprintf(out, "static const char *const real_words[] = {");
	for (size_t i = 0; i < n_words; i++) {
		fputs(i % 6 ? " " : "\n\t", out);
		literal(out, words[i]);
		fputc(',', out);
		free(words[i]);
	}
	free(words);
	fprintf(out, "\n\tNULL,\n};\n\n");
	fprintf(out, "const ac_kb_image ac_builtin_image = {\n"
		     "\tsources, %zu, activities, %zu, rules, %zu, %zu, facts, %zu, chain, chain_start,\n"
		     "\treal_words, %zu,\n};\n",
		ac_kb_source_count(kb), ac_kb_activity_count(kb), ac_kb_rule_count(kb),
		kb->n_read_rules, ac_kb_fact_count(kb), n_words);
	ac_kb_free(kb);
	return fflush(out) == 0 && !ferror(out) ? 0 : 1;
}
