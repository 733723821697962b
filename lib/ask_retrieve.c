/* ask_retrieve.c: the guide's facts ranked by BM25 (SQLite FTS5) for a question no keyword
 * rule decides: "what size dermaroller is safe at home", "how much water should i drink".
 *
 * The index is built from every fact's text, quote and keywords into an in-memory FTS5 table
 * the first time a question needs it (most questions never do: a `when` answer never opens
 * SQLite). The query is the question's content words, OR-ed, with Porter stemming
 * (tokenize='porter unicode61'); bm25() orders the hits, and only those close to the best are
 * kept (ASK_RETRIEVE_RATIO), so that one strong match is not diluted by weak ones. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "ask_internal.h"

#define ASK_RETRIEVE_RATIO 0.6	/* keep hits scoring at least this share of the best */
#define ASK_RETRIEVE_MIN 1.0	/* a best hit weaker than this (|bm25|) is no answer */

struct ask_retrieval {
	sqlite3 *db;
	sqlite3_stmt *query;
	sqlite3_stmt *said;	/* whether any fact has a term */
};

static int build(ask_retrieval *r, const ac_kb *kb)
{
	sqlite3_stmt *ins = NULL;
	if (sqlite3_open_v2(":memory:", &r->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) ||
	    sqlite3_exec(r->db, "CREATE VIRTUAL TABLE facts USING fts5(text, quote, keywords, "
				"tokenize='porter unicode61')", NULL, NULL, NULL) ||
	    sqlite3_prepare_v2(r->db, "INSERT INTO facts(rowid, text, quote, keywords) "
				      "VALUES (?, ?, ?, ?)", -1, &ins, NULL))
		goto fail;
	for (size_t i = 0; i < ac_kb_fact_count(kb); i++) {
		const ac_fact *f = ac_kb_fact(kb, i);
		char keywords[1024] = "";
		size_t used = 0;
		for (size_t k = 0; k < f->n_keywords && used < sizeof(keywords) - 1; k++) {
			int n = snprintf(keywords + used, sizeof(keywords) - used, "%s ", f->keywords[k]);
			used += n > 0 ? (size_t)n : 0;
		}
		if (sqlite3_bind_int64(ins, 1, (sqlite3_int64)i + 1) ||
		    sqlite3_bind_text(ins, 2, f->text, -1, SQLITE_STATIC) ||
		    sqlite3_bind_text(ins, 3, f->quote, -1, SQLITE_STATIC) ||
		    sqlite3_bind_text(ins, 4, keywords, -1, SQLITE_TRANSIENT) ||
		    sqlite3_step(ins) != SQLITE_DONE || sqlite3_reset(ins))
			goto fail;
	}
	sqlite3_finalize(ins);
	/* The text weighs more than the quote it restates; keywords most. */
	if (sqlite3_prepare_v2(r->db, "SELECT rowid, bm25(facts, 2.0, 1.0, 3.0) FROM facts "
				      "WHERE facts MATCH ? ORDER BY 2 LIMIT 4", -1, &r->query, NULL) ||
	    sqlite3_prepare_v2(r->db, "SELECT 1 FROM facts WHERE facts MATCH ? LIMIT 1", -1,
			       &r->said, NULL))
		goto fail;
	return 0;
fail:
	sqlite3_finalize(ins);
	sqlite3_close(r->db);
	r->db = NULL;
	return -1;
}

ask_retrieval *ask_retrieval_new(const ac_kb *kb)
{
	ask_retrieval *r = calloc(1, sizeof(*r));
	if (r && build(r, kb)) {
		free(r);
		return NULL;
	}
	return r;
}

void ask_retrieval_free(ask_retrieval *r)
{
	if (!r)
		return;
	sqlite3_finalize(r->query);
	sqlite3_finalize(r->said);
	sqlite3_close(r->db);
	free(r);
}

bool ask_guide_says(ask_retrieval *r, const char *word)
{
	char term[ASK_WORD + 2];
	if (strchr(word, '"') || snprintf(term, sizeof(term), "\"%s\"", word) >= (int)sizeof(term))
		return true;	/* no term to look up: assume said, the cautious side */
	bool said = true;
	if (!sqlite3_reset(r->said) && !sqlite3_bind_text(r->said, 1, term, -1, SQLITE_TRANSIENT)) {
		int rc = sqlite3_step(r->said);
		said = rc == SQLITE_ROW || rc != SQLITE_DONE;
	}
	sqlite3_reset(r->said);
	return said;
}

/* A token worth searching for: a word of two letters or more, not a grammar word, with only
 * letters and digits (FTS5 query syntax has no room for anything else: each term is quoted
 * anyway). */
static bool content_word(const ask_token *t)
{
	if (t->number || strlen(t->raw) < 3 || ask_is_stopword(t->raw))
		return false;
	for (const char *p = t->raw; *p; p++)
		if (*p == '"')
			return false;
	return true;
}

size_t ask_retrieve(ask_retrieval *r, const ask_tokens *tk, const ac_profile *profile,
		    const ac_kb *kb, int *facts, size_t max)
{
	char query[2048];
	size_t used = 0, n = 0;
	for (size_t i = 0; i < tk->n; i++) {
		if (!content_word(&tk->t[i]))
			continue;
		int w = snprintf(query + used, sizeof(query) - used, "%s\"%s\"", used ? " OR " : "",
				 tk->t[i].raw);
		if (w < 0 || (size_t)w >= sizeof(query) - used)
			break;
		used += (size_t)w;
	}
	if (!used || sqlite3_reset(r->query) ||
	    sqlite3_bind_text(r->query, 1, query, (int)used, SQLITE_TRANSIENT))
		return 0;
	double best = 0;
	while (n < max && sqlite3_step(r->query) == SQLITE_ROW) {
		int fact = (int)sqlite3_column_int64(r->query, 0) - 1;
		double score = -sqlite3_column_double(r->query, 1);	/* bm25: lower is better */
		if (n == 0)
			best = score;
		if (best < ASK_RETRIEVE_MIN || score < best * ASK_RETRIEVE_RATIO)
			break;
		if (fact >= 0 && (size_t)fact < ac_kb_fact_count(kb) &&
		    ac_fact_matches(ac_kb_fact(kb, (size_t)fact), profile) &&
		    strcmp(ac_kb_fact(kb, (size_t)fact)->topic, "red-flag"))
			facts[n++] = fact;
	}
	sqlite3_reset(r->query);
	return n;
}
