/* kb.c: the knowledge base's life cycle, lookups and clinic protocols. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kb_internal.h"

#define MAX_FILE_SIZE ((size_t)16 << 20)

ac_kb *ac_kb_new(void)
{
	ac_kb *kb = calloc(1, sizeof(*kb));
	if (kb) {
		kb->sources.item_size = sizeof(ac_source);
		kb->activities.item_size = sizeof(ac_activity);
		kb->rules.item_size = sizeof(ac_rule);
		kb->facts.item_size = sizeof(ac_fact);
	}
	return kb;
}

void ac_kb_free(ac_kb *kb)
{
	if (!kb)
		return;
	ac_kb_free(kb->guide);	/* before the arena, where its strings are */
	free(kb->replaced);
	if (!kb->borrowed) {
		ac_vec_free(&kb->sources);
		ac_vec_free(&kb->activities);
		ac_vec_free(&kb->rules);
		ac_vec_free(&kb->facts);
		free(kb->chain);
		free(kb->chain_start);
	}
	ac_arena_free(&kb->arena);
	free(kb);
}

static void *copy_of(const void *items, size_t size)
{
	void *p = malloc(size ? size : 1);
	if (p && size)	/* an empty table may have no items at all */
		memcpy(p, items, size);
	return p;
}

ac_result ac_kb_own(ac_kb *kb)
{
	if (!kb->borrowed)
		return AC_OK;
	ac_vec *vecs[] = {&kb->sources, &kb->activities, &kb->rules, &kb->facts};
	void *copies[4];
	size_t n_acts = kb->activities.n, n_chain = kb->chain_start[n_acts];
	uint16_t *chain = copy_of(kb->chain, n_chain * sizeof(*chain));
	uint32_t *start = copy_of(kb->chain_start, (n_acts + 1) * sizeof(*start));
	int ok = chain && start;
	for (size_t i = 0; i < 4; i++) {
		copies[i] = copy_of(vecs[i]->items, vecs[i]->n * vecs[i]->item_size);
		ok &= copies[i] != NULL;
	}
	if (!ok) {	/* nothing changed: the kb still borrows the image */
		for (size_t i = 0; i < 4; i++)
			free(copies[i]);
		free(chain);
		free(start);
		return AC_ERR_NOMEM;
	}
	for (size_t i = 0; i < 4; i++) {
		vecs[i]->items = copies[i];
		vecs[i]->cap = vecs[i]->n ? vecs[i]->n : 1;
	}
	kb->chain = chain;
	kb->chain_start = start;
	kb->borrowed = false;
	return AC_OK;
}

/* The guide as kb holds it now, with tables of its own (the image's, while kb borrows
 * them), for ac_answer_add_guide; NULL when out of memory. */
static ac_kb *snapshot(const ac_kb *kb)
{
	ac_kb *g = ac_kb_new();
	if (!g)
		return NULL;
	g->n_read_rules = kb->n_read_rules;
	g->real_words = kb->real_words;
	g->n_real_words = kb->n_real_words;
	if (kb->borrowed) {	/* the image is read-only and lives for ever */
		g->sources = kb->sources, g->activities = kb->activities;
		g->rules = kb->rules, g->facts = kb->facts;
		g->chain = kb->chain, g->chain_start = kb->chain_start;
		g->borrowed = true;
		return g;
	}
	const ac_vec *from[] = {&kb->sources, &kb->activities, &kb->rules, &kb->facts};
	ac_vec *to[] = {&g->sources, &g->activities, &g->rules, &g->facts};
	size_t n_acts = kb->activities.n, n_chain = kb->chain_start[n_acts];
	g->chain = copy_of(kb->chain, n_chain * sizeof(*g->chain));
	g->chain_start = copy_of(kb->chain_start, (n_acts + 1) * sizeof(*g->chain_start));
	int ok = g->chain && g->chain_start;
	for (size_t i = 0; i < 4; i++) {
		to[i]->items = copy_of(from[i]->items, from[i]->n * from[i]->item_size);
		ok &= to[i]->items != NULL;
		to[i]->n = to[i]->items ? from[i]->n : 0;
		to[i]->cap = to[i]->n ? to[i]->n : 1;
	}
	if (!ok) {
		ac_kb_free(g);
		return NULL;
	}
	return g;
}

bool ac_kb_has_protocol(const ac_kb *kb)
{
	return kb && kb->guide;
}

bool ac_rule_is_clinic(const ac_kb *kb, const ac_rule *rule)
{
	if (!kb->guide || !rule->file || !kb->guide->rules.n)
		return false;
	const char *guide_file = AC_VEC_AT(&kb->guide->rules, ac_rule, 0)->file;
	return !guide_file || strcmp(rule->file, guide_file) != 0;
}

bool ac_source_is_clinic(const ac_kb *kb, int source)
{
	for (size_t i = 0; kb->guide && i < kb->rules.n; i++) {
		const ac_rule *r = AC_VEC_AT(&kb->rules, ac_rule, i);
		if (r->source == source && ac_rule_is_clinic(kb, r))
			return true;
	}
	return false;
}

const char *ac_kb_disclaimer(const ac_kb *kb)
{
	return ac_kb_has_protocol(kb) ? ac_disclaimer_clinic : ac_disclaimer;
}

/* Read a whole file, refusing anything past MAX_FILE_SIZE. */
static ac_result read_file(const char *path, char **out, size_t *len, ac_diag *diag)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		ac_diag_add(diag, path, 0, 0, "cannot open: %s", strerror(errno));
		return AC_ERR_IO;
	}
	char *buf = malloc(MAX_FILE_SIZE + 1);
	size_t n = buf ? fread(buf, 1, MAX_FILE_SIZE + 1, f) : 0;
	int failed = !buf || ferror(f);
	fclose(f);
	if (failed || n > MAX_FILE_SIZE) {
		ac_diag_add(diag, path, 0, 0, failed ? "cannot read" : "larger than 16 MiB");
		free(buf);
		return failed && buf ? AC_ERR_IO : buf ? AC_ERR_PARSE : AC_ERR_NOMEM;
	}
	*out = buf;
	*len = n;
	return AC_OK;
}

ac_result ac_kb_load_buffer(const char *name, const char *yaml, size_t len, ac_kb **out,
			    char errbuf[AC_ERRBUF_SIZE])
{
	ac_diag diag;
	ac_diag_init(&diag, errbuf, AC_ERRBUF_SIZE);
	*out = NULL;
	ac_kb *kb = ac_kb_new();
	if (!kb)
		return AC_ERR_NOMEM;
	ac_result rc = ac_kb_parse_yaml(kb, name, yaml, len, &diag);
	if (rc == AC_OK && (!kb->sources.n || !kb->activities.n)) {
		ac_diag_add(&diag, name, 1, 1, "a knowledge base needs sources, activities and rules");
		rc = AC_ERR_INVALID;
	}
	if (rc == AC_OK)
		rc = ac_kb_derive(kb, name, &diag);
	if (rc != AC_OK) {
		ac_kb_free(kb);
		return rc;
	}
	*out = kb;
	return AC_OK;
}

ac_result ac_kb_load(const char *path, ac_kb **out, char errbuf[AC_ERRBUF_SIZE])
{
	ac_diag diag;
	ac_diag_init(&diag, errbuf, AC_ERRBUF_SIZE);
	char *buf = NULL;
	size_t len = 0;
	*out = NULL;
	ac_result rc = read_file(path, &buf, &len, &diag);
	if (rc == AC_OK)
		rc = ac_kb_load_buffer(path, buf, len, out, errbuf);
	free(buf);
	return rc;
}

ac_result ac_kb_apply_protocol(ac_kb *kb, const char *path, char errbuf[AC_ERRBUF_SIZE])
{
	ac_diag diag;
	ac_diag_init(&diag, errbuf, AC_ERRBUF_SIZE);
	char *buf = NULL;
	size_t len = 0;
	ac_result rc = read_file(path, &buf, &len, &diag);
	if (rc == AC_OK)
		rc = ac_kb_apply_protocol_buffer(kb, path, buf, len, errbuf);
	free(buf);
	return rc;
}

ac_result ac_kb_apply_protocol_buffer(ac_kb *kb, const char *name, const char *buf, size_t len,
				      char errbuf[AC_ERRBUF_SIZE])
{
	ac_diag diag;
	ac_diag_init(&diag, errbuf, AC_ERRBUF_SIZE);
	ac_result rc = AC_OK;
	/* The guide as it was before the first protocol, kept to be shown beside it. */
	ac_kb *guide = kb->guide ? NULL : snapshot(kb);
	if ((!kb->guide && !guide) || ac_kb_own(kb) != AC_OK) {
		ac_kb_free(guide);
		ac_diag_add(&diag, name, 0, 0, "out of memory");
		return AC_ERR_NOMEM;
	}
	const ac_kb *g = kb->guide ? kb->guide : guide;
	uint8_t *replaced = calloc(g->activities.n ? g->activities.n : 1, 1);
	if (!replaced) {
		ac_kb_free(guide);
		ac_diag_add(&diag, name, 0, 0, "out of memory");
		return AC_ERR_NOMEM;
	}
	if (kb->replaced)
		memcpy(replaced, kb->replaced, g->activities.n);
	/* Implied rules are derived: drop them, read the protocol, derive again. The rules are
	 * filtered in place, so keep a copy to restore if anything fails. */
	size_t n_sources = kb->sources.n, n_activities = kb->activities.n;
	size_t n_facts = kb->facts.n, n_rules = kb->n_read_rules;
	ac_rule *saved = malloc((n_rules ? n_rules : 1) * sizeof(*saved));
	if (!saved) {
		ac_kb_free(guide);
		free(replaced);
		ac_diag_add(&diag, name, 0, 0, "out of memory");
		return AC_ERR_NOMEM;
	}
	memcpy(saved, kb->rules.items, n_rules * sizeof(*saved));
	kb->rules.n = n_rules;
	rc = ac_kb_parse_yaml(kb, name, buf, len, &diag);
	if (rc == AC_OK && kb->rules.n == n_rules) {
		ac_diag_add(&diag, name, 0, 0, "a protocol must give at least one rule");
		rc = AC_ERR_INVALID;
	}
	if (rc == AC_OK) {
		/* The protocol's rules replace the guide's for each activity it names. */
		ac_rule *rules = kb->rules.items;
		size_t kept = 0;
		for (size_t j = n_rules; j < kb->rules.n; j++)
			if ((size_t)rules[j].activity < g->activities.n)
				replaced[rules[j].activity] = 1;
		for (size_t i = 0; i < kb->rules.n; i++) {
			int named = 0;
			for (size_t j = n_rules; i < n_rules && j < kb->rules.n; j++)
				named |= rules[j].activity == rules[i].activity;
			if (!named)
				rules[kept++] = rules[i];
		}
		kb->rules.n = kept;
		rc = ac_kb_derive(kb, name, &diag);
	}
	if (rc != AC_OK) {
		kb->sources.n = n_sources;
		kb->activities.n = n_activities;
		kb->facts.n = n_facts;
		memcpy(kb->rules.items, saved, n_rules * sizeof(*saved));
		kb->rules.n = n_rules;
		ac_diag none;
		ac_diag_init(&none, NULL, 0);
		(void)ac_kb_derive(kb, name, &none);	/* what was valid stays valid */
		ac_kb_free(guide);
		free(replaced);
	} else {
		if (guide)
			kb->guide = guide;
		free(kb->replaced);
		kb->replaced = replaced;
	}
	free(saved);
	return rc;
}

size_t ac_kb_source_count(const ac_kb *kb) { return kb->sources.n; }
size_t ac_kb_activity_count(const ac_kb *kb) { return kb->activities.n; }
size_t ac_kb_rule_count(const ac_kb *kb) { return kb->rules.n; }
size_t ac_kb_fact_count(const ac_kb *kb) { return kb->facts.n; }

const ac_source *ac_kb_source(const ac_kb *kb, size_t i)
{
	return i < kb->sources.n ? AC_VEC_AT(&kb->sources, ac_source, i) : NULL;
}

const ac_activity *ac_kb_activity(const ac_kb *kb, size_t i)
{
	return i < kb->activities.n ? AC_VEC_AT(&kb->activities, ac_activity, i) : NULL;
}

const ac_rule *ac_kb_rule(const ac_kb *kb, size_t i)
{
	return i < kb->rules.n ? AC_VEC_AT(&kb->rules, ac_rule, i) : NULL;
}

const ac_fact *ac_kb_fact(const ac_kb *kb, size_t i)
{
	return i < kb->facts.n ? AC_VEC_AT(&kb->facts, ac_fact, i) : NULL;
}

int ac_kb_find_source(const ac_kb *kb, const char *id)
{
	for (size_t i = 0; id && i < kb->sources.n; i++)
		if (strcmp(AC_VEC_AT(&kb->sources, ac_source, i)->id, id) == 0)
			return (int)i;
	return -1;
}

int ac_kb_find_activity(const ac_kb *kb, const char *name)
{
	for (size_t i = 0; name && i < kb->activities.n; i++) {
		const ac_activity *a = AC_VEC_AT(&kb->activities, ac_activity, i);
		if (ac_strcaseeq(a->id, name))
			return (int)i;
		for (size_t j = 0; j < a->n_aliases; j++)
			if (ac_strcaseeq(a->aliases[j], name))
				return (int)i;
	}
	return -1;
}

/* Optimal string alignment distance, case-insensitive; stops early past limit. */
int ac_edit_distance(const char *a, const char *b, int limit)
{
	enum { MAXLEN = 64 };
	size_t la = strlen(a), lb = strlen(b);
	if (la >= MAXLEN || lb >= MAXLEN)
		return limit + 1;
	if ((la > lb ? la - lb : lb - la) > (size_t)limit)
		return limit + 1;
	int d[MAXLEN + 1][MAXLEN + 1];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int best = limit + 1;
		for (size_t j = 1; j <= lb; j++) {
			char ca = a[i - 1] | 0x20, cb = b[j - 1] | 0x20;
			int cost = ca != cb;
			int v = d[i - 1][j - 1] + cost;
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && ca == (b[j - 2] | 0x20) && (a[i - 2] | 0x20) == cb &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
			if (v < best)
				best = v;
		}
		if (best > limit)
			return limit + 1;
	}
	return d[la][lb];
}

size_t ac_kb_suggest(const ac_kb *kb, const char *name, const char **out, size_t max)
{
	/* Allow about one edit per four letters: "swiming" -> swimming, not "sun" -> "gym". */
	int limit = (int)strlen(name) / 4 + 1;
	size_t n = 0;
	for (int dist = 0; dist <= limit && n < max; dist++) {
		for (size_t i = 0; i < kb->activities.n && n < max; i++) {
			const ac_activity *a = AC_VEC_AT(&kb->activities, ac_activity, i);
			int best = ac_edit_distance(name, a->id, limit);
			for (size_t j = 0; j < a->n_aliases; j++) {
				int d = ac_edit_distance(name, a->aliases[j], limit);
				if (d < best)
					best = d;
			}
			if (best == dist)
				out[n++] = a->id;
		}
	}
	return n;
}

size_t ac_kb_unknown_activity(const ac_kb *kb, const char *name, char *buf, size_t len)
{
	const char *near[3];
	size_t n = ac_kb_suggest(kb, name, near, 3);
	if (n == 0)
		snprintf(buf, len, "unknown activity \"%s\"", name);
	else if (n == 1)
		snprintf(buf, len, "unknown activity \"%s\"; did you mean %s?", name, near[0]);
	else
		snprintf(buf, len, "unknown activity \"%s\"; did you mean %s%s%s or %s?", name,
			 near[0], n == 3 ? ", " : "", n == 3 ? near[1] : "", near[n - 1]);
	return n;
}
