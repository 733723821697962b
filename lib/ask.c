/* ask.c: a plain-English question into a kind, an activity, a moment and a profile.
 *
 * Words are normalised and stemmed (ask_text.c), likely typos of the knowledge base's
 * words corrected, the moment found (ask_time.c), the aliases, keywords and ambiguous words
 * matched longest first (ask_index.c), and the kind decided from the question's grammar
 * words. The decision order is in docs/ask.md.
 */
#include <stdlib.h>
#include <string.h>

#include "ask_internal.h"

static const char *const kind_names[] = {"can",	 "when",    "avoid-list", "frequency",
					 "info", "redflag", "unknown",	  "ambiguous"};

const char *ac_ask_kind_name(ac_ask_kind kind)
{
	return (unsigned)kind < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[kind] : "?";
}

ac_result ac_asker_new(const ac_kb *kb, ac_asker **out)
{
	ac_asker *a = calloc(1, sizeof(*a));
	*out = NULL;
	if (!a)
		return AC_ERR_NOMEM;
	a->kb = kb;
	a->roller = ac_kb_find_activity(kb, "home-dermaroller");
	a->next = ac_kb_find_activity(kb, "next-microneedling");
	a->stemmer = sb_stemmer_new("english", "UTF_8");
	if (!a->stemmer || ask_index_build(&a->index, kb, a->stemmer)) {
		ac_asker_free(a);
		return AC_ERR_NOMEM;
	}
	*out = a;
	return AC_OK;
}

void ac_asker_free(ac_asker *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < ASK_CACHE_SLOTS; i++)
		free(a->cache[i].body);
	ask_index_free(&a->index);
	if (a->stemmer)
		sb_stemmer_delete(a->stemmer);
	free(a);
}

/* ---- grammar words ---- */

static bool word(const ask_tokens *tk, size_t i, const char *w)
{
	return i < tk->n && strcmp(tk->t[i].raw, w) == 0;
}

/* Whether the words appear in a row anywhere ("how", "long"). */
static bool phrase(const ask_tokens *tk, const char *a, const char *b, const char *c)
{
	for (size_t i = 0; i < tk->n; i++)
		if (word(tk, i, a) && (!b || word(tk, i + 1, b)) && (!c || word(tk, i + 2, c)))
			return true;
	return false;
}

static bool any(const ask_tokens *tk, const char *const *words)
{
	for (size_t i = 0; i < tk->n; i++)
		for (size_t k = 0; words[k]; k++)
			if (strcmp(tk->t[i].raw, words[k]) == 0)
				return true;
	return false;
}

static bool asks_when(const ask_tokens *tk)
{
	static const char *const units[] = {"minutes", "hours", "hrs", "days", "weeks", "mins", NULL};
	if (word(tk, 0, "when") || phrase(tk, "how", "long", NULL) ||
	    phrase(tk, "how", "soon", NULL) || phrase(tk, "what", "day", NULL) ||
	    phrase(tk, "until", "when", NULL) || phrase(tk, "from", "when", NULL) ||
	    phrase(tk, "what", "time", NULL) || phrase(tk, "how", "much", "longer"))
		return true;
	for (size_t i = 0; i + 2 < tk->n; i++)	/* "how many days until" */
		for (size_t k = 0; units[k]; k++)
			if (word(tk, i, "how") && word(tk, i + 1, "many") && word(tk, i + 2, units[k]))
				return true;
	/* "when" later in the question: "so when can i swim" */
	for (size_t i = 1; i + 1 < tk->n && i < 4; i++)
		if (word(tk, i, "when") && (word(tk, i + 1, "can") || word(tk, i + 1, "should") ||
					    word(tk, i + 1, "is") || word(tk, i + 1, "will")))
			return true;
	return false;
}

static bool asks_how_often(const ask_tokens *tk)
{
	return phrase(tk, "how", "often", NULL) || phrase(tk, "how", "frequently", NULL) ||
	       phrase(tk, "how", "many", "sessions") || phrase(tk, "how", "many", "treatments") ||
	       phrase(tk, "how", "many", "times") || phrase(tk, "how", "far", "apart") ||
	       phrase(tk, "how", "long", "between") || phrase(tk, "how", "many", "rounds") ||
	       phrase(tk, "time", "between", NULL) || phrase(tk, "weeks", "between", NULL) ||
	       phrase(tk, "how", "regularly", NULL);
}

static bool asks_avoid_list(const ask_tokens *tk)
{
	static const char *const words[] = {"avoid", "shouldnt", "cant", "dont", "restrictions",
					    "forbidden", "banned", "donts", "rules", NULL};
	return any(tk, words) || phrase(tk, "off", "limits", NULL) || phrase(tk, "not", "do", NULL) ||
	       phrase(tk, "not", "allowed", NULL) || phrase(tk, "what", "can", "i") ||
	       phrase(tk, "what", "am", "i") || phrase(tk, "what", "to", "do");
}

static bool asks_about_a_fact(const ask_tokens *tk)
{
	static const char *const words[] = {"normal", "expect", "vs", "versus", "difference",
					    "why", "look", "looks", "feel", "feels", "last", NULL};
	return any(tk, words) || phrase(tk, "same", "as", NULL) || phrase(tk, "better", "than", NULL) ||
	       phrase(tk, "will", "my", NULL) || phrase(tk, "is", "my", NULL) ||
	       phrase(tk, "my", "skin", "is") || phrase(tk, "my", "face", "is");
}

/* ---- matching ---- */

typedef struct matches {
	int activity, activity_len, activity_at;	/* the best: longest, then earliest */
	bool roller;		/* home-dermaroller was named beside another activity */
	int ambiguous;
	int facts[AC_ASK_MAX_FACTS];
	size_t n_facts;
} matches;

static void add_fact(matches *m, int fact)
{
	for (size_t i = 0; i < m->n_facts; i++)
		if (m->facts[i] == fact)
			return;
	if (m->n_facts < AC_ASK_MAX_FACTS)
		m->facts[m->n_facts++] = fact;
}

/* Keywords first, without using up words: "excessive sweating" is a red flag even though
 * "sweating" is also an activity. */
static void match_facts(const ac_asker *a, const ask_tokens *tk, matches *m)
{
	for (size_t i = 0; i < tk->n; i++) {
		int found[AC_ASK_MAX_FACTS];
		size_t n = ask_match_all(&a->index, tk, i, PHRASE_FACT, found, AC_ASK_MAX_FACTS);
		for (size_t k = 0; k < n; k++)
			add_fact(m, found[k]);
	}
}

static void match_all(const ac_asker *a, ask_tokens *tk, matches *m)
{
	int roller = a->roller, first_roller = -1;
	*m = (matches){.activity = -1, .ambiguous = -1};
	match_facts(a, tk, m);
	for (size_t i = 0; i < tk->n; i++) {
		int target;
		size_t n = ask_match(&a->index, tk, i, PHRASE_ACTIVITY, &target);
		if (!n)
			continue;
		for (size_t k = i; k < i + n; k++)
			tk->t[k].used = true;
		if (target == roller && first_roller < 0) {
			first_roller = (int)i;
		} else if ((int)n > m->activity_len) {
			m->activity = target;
			m->activity_len = (int)n;
			m->activity_at = (int)i;
		}
		i += n - 1;
	}
	/* A dermaroller beside another activity is the device, not the question. */
	if (first_roller >= 0 && m->activity < 0)
		m->activity = roller;
	else if (first_roller >= 0)
		m->roller = true;
	for (size_t i = 0; i < tk->n; i++) {
		int target;
		if (m->ambiguous < 0 && ask_match(&a->index, tk, i, PHRASE_AMBIGUOUS, &target))
			m->ambiguous = target;
	}
}

/* ---- profile cues ---- */

static void read_cues(ask_tokens *tk, ac_question *q, bool roller)
{
	for (size_t i = 0; i < tk->n; i++) {
		ask_token *t = &tk->t[i];
		if (t->used)
			continue;
		if (!strcmp(t->raw, "deep") || !strcmp(t->raw, "deeper")) {
			q->profile.depth = AC_DEPTH_DEEP;
			q->cues |= AC_CUE_DEPTH;
		} else if (!strcmp(t->raw, "superficial") || !strcmp(t->raw, "shallow")) {
			q->profile.depth = AC_DEPTH_SUPERFICIAL;
			q->cues |= AC_CUE_DEPTH;
		} else if (t->number && i + 1 < tk->n && !strcmp(tk->t[i + 1].raw, "mm")) {
			/* The guide calls 0.25 mm "extremely superficial"; 1 mm and more is read
			 * as a deep treatment (docs/ask.md). */
			if (t->value <= 0.25)
				q->profile.depth = AC_DEPTH_SUPERFICIAL;
			else if (t->value >= 1.0)
				q->profile.depth = AC_DEPTH_DEEP;
			q->cues |= t->value <= 0.25 || t->value >= 1.0 ? AC_CUE_DEPTH : 0;
		} else if (!strcmp(t->raw, "sensitive")) {
			q->profile.skin = AC_SKIN_SENSITIVE;
			q->cues |= AC_CUE_SKIN;
		} else if (!strcmp(t->raw, "oily") || !strcmp(t->raw, "greasy")) {
			q->profile.skin = AC_SKIN_OILY;
			q->cues |= AC_CUE_SKIN;
		} else if (!strcmp(t->raw, "acne") || !strcmp(t->raw, "spotty") ||
			   !strcmp(t->raw, "breakouts")) {
			q->profile.skin = AC_SKIN_ACNE_PRONE;
			q->cues |= AC_CUE_SKIN;
		} else if (!strcmp(t->raw, "normal") && word(tk, i + 1, "skin")) {
			q->profile.skin = AC_SKIN_NORMAL;
			q->cues |= AC_CUE_SKIN;
		} else if (!strcmp(t->raw, "procell") || !strcmp(t->raw, "microchanneling")) {
			q->profile.device = AC_DEVICE_PROCELL;
			q->cues |= AC_CUE_DEVICE;
		} else if (!strcmp(t->raw, "dermapen") || !strcmp(t->raw, "pen")) {
			q->profile.device = AC_DEVICE_PEN;
			q->cues |= AC_CUE_DEVICE;
		} else if (!strcmp(t->raw, "roller") || (!strcmp(t->raw, "at") && word(tk, i + 1, "home"))) {
			roller = true;
		} else {
			continue;
		}
		t->used = true;
	}
	if (roller) {
		q->profile.device = AC_DEVICE_DERMAROLLER;
		q->cues |= AC_CUE_DEVICE;
	}
}

/* ---- deciding ---- */

static void facts_of_topic(const ac_kb *kb, ac_question *q, const char *topic)
{
	for (size_t i = 0; i < ac_kb_fact_count(kb) && q->n_facts < AC_ASK_MAX_FACTS; i++) {
		const ac_fact *f = ac_kb_fact(kb, i);
		if (!strcmp(f->topic, topic) && ac_fact_matches(f, &q->profile))
			q->facts[q->n_facts++] = (int)i;
	}
}

static bool keep_facts(const ac_kb *kb, ac_question *q, const matches *m, bool red)
{
	for (size_t i = 0; i < m->n_facts; i++) {
		const ac_fact *f = ac_kb_fact(kb, (size_t)m->facts[i]);
		if ((!strcmp(f->topic, "red-flag")) == red && ac_fact_matches(f, &q->profile))
			q->facts[q->n_facts++] = m->facts[i];
	}
	return q->n_facts > 0;
}

static void unknown_topic(const ask_tokens *tk, ac_question *q)
{
	size_t len = 0, words = 0;
	q->topic[0] = '\0';
	for (size_t i = 0; i < tk->n && words < 3; i++) {
		const ask_token *t = &tk->t[i];
		if (t->used || t->number || ask_is_stopword(t->raw) || strlen(t->raw) < 2)
			continue;
		int n = snprintf(q->topic + len, sizeof(q->topic) - len, "%s%s", words ? " " : "", t->raw);
		if (n < 0 || (size_t)n >= sizeof(q->topic) - len)
			break;
		len += (size_t)n;
		words++;
	}
}

static void decide(const ac_asker *a, ask_tokens *tk, const matches *m, ac_question *q)
{
	const ac_kb *kb = a->kb;
	int next = a->next, roller = a->roller;
	if (keep_facts(kb, q, m, true)) {
		q->kind = AC_ASK_REDFLAG;
		return;
	}
	if (asks_how_often(tk) && (m->activity < 0 || m->activity == next || m->activity == roller)) {
		q->kind = AC_ASK_FREQUENCY;
		if (m->activity == roller || q->profile.device == AC_DEVICE_DERMAROLLER) {
			facts_of_topic(kb, q, "home-roller");
		} else {
			facts_of_topic(kb, q, "frequency");
			facts_of_topic(kb, q, "course");
		}
		return;
	}
	if (m->n_facts && (m->activity < 0 || asks_about_a_fact(tk)) && keep_facts(kb, q, m, false)) {
		q->kind = AC_ASK_INFO;
		return;
	}
	if (m->activity < 0 && m->ambiguous >= 0) {
		q->kind = AC_ASK_AMBIGUOUS;
		q->activity = m->ambiguous;
		return;
	}
	if (m->activity >= 0) {
		q->kind = asks_when(tk) ? AC_ASK_WHEN : AC_ASK_CAN;
		q->activity = m->activity;
		return;
	}
	if (asks_avoid_list(tk)) {
		q->kind = AC_ASK_AVOID_LIST;
		return;
	}
	q->kind = AC_ASK_UNKNOWN;
	unknown_topic(tk, q);
}

ac_result ac_ask_parse(ac_asker *a, const char *text, size_t len, const ac_profile *profile,
		       ac_question *q, char errbuf[AC_ERRBUF_SIZE])
{
	size_t bad;
	memset(q, 0, sizeof(*q));
	q->activity = -1;
	q->at_min = -1;
	q->profile = *profile;
	if (len > AC_ASK_MAX_LEN) {
		snprintf(errbuf, AC_ERRBUF_SIZE, "question too long (%zu bytes; at most %d)", len,
			 AC_ASK_MAX_LEN);
		return AC_ERR_ARG;
	}
	ask_tokens *tk = &a->tokens;
	if (ask_tokenize(a->stemmer, text, len, tk, &bad)) {
		snprintf(errbuf, AC_ERRBUF_SIZE, "question is not valid UTF-8 (at byte %zu)", bad);
		return AC_ERR_ARG;
	}
	ask_correct(&a->index, a->stemmer, tk);
	q->at_min = ask_find_time(tk, profile->treated_at);
	matches m;
	match_all(a, tk, &m);
	read_cues(tk, q, m.roller);
	decide(a, tk, &m, q);
	return AC_OK;
}
