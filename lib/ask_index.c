/* ask_index.c: the knowledge base's aliases, keywords and ambiguous words as stemmed
 * phrases, looked up by their first word; and typo correction against their words. */
#include <stdlib.h>
#include <string.h>

#include "ask_internal.h"

/* Common words that are never a typo of an alias and never the topic of a question.
 * Sorted (bsearch); tests/unit/test_ask.c checks. */
static const char *const stopwords[] = {
	"a", "about", "after", "again", "all", "allowed", "alright", "also", "am", "an", "and",
	"any", "anything", "apply", "applying", "appointment", "are", "around", "at", "away",
	"back", "bad", "be", "been", "before", "being", "best", "better", "but", "by", "can",
	"cant", "cause", "causes", "clear", "concerned", "could", "couldnt", "day", "days",
	"did", "do", "does", "doing", "done", "dont", "drink", "drinking", "during", "each",
	"eat", "eating", "else", "even", "ever", "everything", "face", "fine", "first", "for",
	"from", "get", "getting", "go", "going", "good", "got", "had", "has", "have", "having",
	"hello", "help", "hey", "hi", "hour", "hours", "how", "hrs", "i", "id", "idea", "if",
	"im", "in", "into", "is", "isnt", "it", "its", "ive", "just", "know", "later",
	"like", "list", "long", "many", "may", "me", "micro", "microneedled", "microneedling",
	"might", "mins", "minutes", "more", "much", "must", "my", "need", "needed", "needling",
	"next", "no", "normal", "not", "now", "of", "ok", "okay", "on", "once", "one", "only",
	"or", "other", "out", "please", "pls", "plz", "post", "pretty", "probably",
	"procedure", "put", "putting", "question", "quick", "really", "right", "safe", "same",
	"session", "should", "shouldnt", "since", "skin", "so", "soon", "sort", "start",
	"steer", "still", "straight", "stuff", "sure", "take", "taking", "than", "thanks",
	"that", "the", "their", "them", "then", "there", "these", "they", "thing", "things",
	"think", "this", "those", "til", "till", "time", "to", "today", "tomorrow", "tonight",
	"too", "treatment", "treatments", "until", "up", "use", "using", "very", "wait",
	"wanna", "want", "was", "wat", "we", "wear", "wearing", "week", "weeks", "well",
	"were", "what", "whats", "when", "where", "which", "while", "who", "why", "will",
	"with", "without", "wondering", "worried", "worry", "worrying", "would", "wouldnt",
	"yes", "yet", "you", "your"
};

/* Words that are right as typed and that typos are corrected to, beside the knowledge
 * base's own: time words, question words, and skin words that are not activities. */
static const char *const known_words[] = {
	"tomorrow", "tonight", "immediately", "minutes", "hours", "weeks", "avoid", "avoiding",
	"often", "frequently", "microneedling", "microneedled", "doctor", "session", "sessions",
	"treatment", "treatments", "should", "normal", "allowed", "after", "before", "scars",
	"acne", "pores", "wrinkles", "lines", "spots", "texture", "collagen", "skin", "results",
	"things", "products", "still", "happen", "worried", "infection", "bleeding", "swelling",
	"swollen", "bruise", "bruising", "stretch", "marks", "cheeks", "forehead", "under",
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool ask_is_stopword(const char *raw)
{
	return bsearch(&raw, stopwords, sizeof(stopwords) / sizeof(stopwords[0]),
		       sizeof(stopwords[0]), cmp_str) != NULL;
}

/* Shorter first, then alphabetical: the typo scan looks only at words of similar length. */
static int cmp_len_str(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t lx = strlen(x), ly = strlen(y);
	return lx != ly ? (lx < ly ? -1 : 1) : strcmp(x, y);
}

static int cmp_phrase(const void *a, const void *b)
{
	const ask_phrase *x = a, *y = b;
	int c = strcmp(x->stems[0], y->stems[0]);
	return c ? c : (int)y->n - (int)x->n;	/* longest first */
}

typedef struct builder {
	ask_index *ix;
	struct sb_stemmer *stemmer;
	size_t cap_phrases, cap_vocab;
} builder;

static int add_vocab(builder *b, const char *raw)
{
	if (strlen(raw) < 5)
		return 0;
	if (b->ix->n_vocab == b->cap_vocab) {
		size_t cap = b->cap_vocab ? b->cap_vocab * 2 : 256;
		const char **v = realloc(b->ix->vocab, cap * sizeof(*v));
		if (!v)
			return -1;
		b->ix->vocab = v;
		b->cap_vocab = cap;
	}
	char *copy = ac_arena_strdup(&b->ix->arena, raw, strlen(raw));
	if (!copy)
		return -1;
	b->ix->vocab[b->ix->n_vocab++] = copy;
	return 0;
}

static int add_phrase(builder *b, const char *text, ask_phrase_kind kind, size_t target)
{
	ask_tokens tk;
	size_t bad;
	if (ask_tokenize(b->stemmer, text, strlen(text), &tk, &bad) || tk.n == 0 ||
	    tk.n > ASK_MAX_PHRASE)
		return 0;	/* such a phrase cannot be typed as one: leave it out */
	if (b->ix->n_phrases == b->cap_phrases) {
		size_t cap = b->cap_phrases ? b->cap_phrases * 2 : 512;
		ask_phrase *p = realloc(b->ix->phrases, cap * sizeof(*p));
		if (!p)
			return -1;
		b->ix->phrases = p;
		b->cap_phrases = cap;
	}
	ask_phrase *p = &b->ix->phrases[b->ix->n_phrases];
	p->n = (uint8_t)tk.n;
	p->kind = (uint8_t)kind;
	p->target = (uint16_t)target;
	for (size_t i = 0; i < tk.n; i++) {
		p->stems[i] = ac_arena_strdup(&b->ix->arena, tk.t[i].stem, strlen(tk.t[i].stem));
		if (!p->stems[i] || (!tk.t[i].number && add_vocab(b, tk.t[i].raw)))
			return -1;
	}
	b->ix->n_phrases++;
	return 0;
}

static int add_activity(builder *b, const ac_activity *a, size_t i)
{
	char id[128];
	snprintf(id, sizeof(id), "%s", a->id);
	for (char *c = id; *c; c++)
		if (*c == '-')
			*c = ' ';
	int rc = add_phrase(b, id, PHRASE_ACTIVITY, i);
	for (size_t j = 0; !rc && j < a->n_aliases; j++)
		rc = add_phrase(b, a->aliases[j], PHRASE_ACTIVITY, i);
	for (size_t j = 0; !rc && j < a->n_ambiguous; j++)
		rc = add_phrase(b, a->ambiguous[j], PHRASE_AMBIGUOUS, i);
	for (size_t j = 0; !rc && j < a->n_other_words; j++)
		rc = add_phrase(b, a->other_words[j], PHRASE_OTHER, i);
	return rc;
}

int ask_index_build(ask_index *ix, const ac_kb *kb, struct sb_stemmer *stemmer)
{
	builder b = {ix, stemmer, 0, 0};
	memset(ix, 0, sizeof(*ix));
	ix->real_words = kb->real_words;
	ix->n_real_words = kb->n_real_words;
	int rc = 0;
	for (size_t i = 0; !rc && i < ac_kb_activity_count(kb); i++)
		rc = add_activity(&b, ac_kb_activity(kb, i), i);
	for (size_t i = 0; !rc && i < ac_kb_fact_count(kb); i++) {
		const ac_fact *f = ac_kb_fact(kb, i);
		for (size_t j = 0; !rc && j < f->n_keywords; j++)
			rc = add_phrase(&b, f->keywords[j], PHRASE_FACT, i);
	}
	for (size_t i = 0; !rc && i < sizeof(known_words) / sizeof(known_words[0]); i++)
		rc = add_vocab(&b, known_words[i]);
	if (rc) {
		ask_index_free(ix);
		return -1;
	}
	qsort(ix->phrases, ix->n_phrases, sizeof(*ix->phrases), cmp_phrase);
	qsort(ix->vocab, ix->n_vocab, sizeof(*ix->vocab), cmp_len_str);
	size_t u = 0;
	for (size_t i = 0; i < ix->n_vocab; i++)
		if (!u || strcmp(ix->vocab[u - 1], ix->vocab[i]) != 0)
			ix->vocab[u++] = ix->vocab[i];
	ix->n_vocab = u;
	for (size_t len = 0, i = 0; len <= ASK_WORD; len++) {
		while (i < u && strlen(ix->vocab[i]) < len)
			i++;
		ix->vocab_at_len[len] = i;	/* first word of this length or longer */
	}
	return 0;
}

void ask_index_free(ask_index *ix)
{
	free(ix->phrases);
	free(ix->vocab);
	ac_arena_free(&ix->arena);
	memset(ix, 0, sizeof(*ix));
}

/* The first phrase whose first stem is stem, or n_phrases. */
static size_t first_with(const ask_index *ix, const char *stem)
{
	size_t lo = 0, hi = ix->n_phrases;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(ix->phrases[mid].stems[0], stem) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Words of amount that may stand inside an activity's words: "drink loads of water", "get a
 * bit sweaty". */
static bool quantity(const char *w)
{
	static const char *const words[] = {"loads", "lots", "plenty", "of", "some", "more", "lot",
					    "bit", "little", "a", "really", "just", NULL};
	for (size_t k = 0; words[k]; k++)
		if (!strcmp(w, words[k]))
			return true;
	return false;
}

/* "at all" inside an activity's words: "anything at all on my face". */
static bool at_all(const ask_tokens *tk, size_t j)
{
	return (!strcmp(tk->t[j].raw, "at") && j + 1 < tk->n && !strcmp(tk->t[j + 1].raw, "all")) ||
	       (!strcmp(tk->t[j].raw, "all") && j > 0 && !strcmp(tk->t[j - 1].raw, "at"));
}

size_t ask_match(const ask_index *ix, const ask_tokens *tk, size_t i, ask_phrase_kind kind,
		 int *target)
{
	if (tk->t[i].used)
		return 0;
	for (size_t p = first_with(ix, tk->t[i].stem);
	     p < ix->n_phrases && strcmp(ix->phrases[p].stems[0], tk->t[i].stem) == 0; p++) {
		const ask_phrase *ph = &ix->phrases[p];
		if (ph->kind != kind || i + ph->n > tk->n)
			continue;
		size_t k = 1, j = i + 1, skipped = 0;
		while (k < ph->n && j < tk->n && !tk->t[j].used) {
			if (strcmp(ph->stems[k], tk->t[j].stem) == 0)
				k++;
			else if (kind != PHRASE_ACTIVITY || skipped == 2 ||
				 !(quantity(tk->t[j].raw) || at_all(tk, j)))
				break;
			else
				skipped++;
			j++;
		}
		if (k == ph->n) {
			*target = ph->target;
			return j - i;
		}
	}
	return 0;
}

/* Words that soften a description without changing it: "feel kinda sick", "a bit dizzy",
 * "sweating so much". A keyword of a fact may have them between its words. */
static bool hedge(const char *w)
{
	static const char *const words[] = {"kinda", "of", "a", "bit", "little", "really",
					    "so", "very", "quite", "super", "slightly", "pretty",
					    "like", "sorta", "bare", "proper", "totally", "keeps",
					    "actually", "basically", "exactly", "even", NULL};
	for (size_t k = 0; words[k]; k++)
		if (!strcmp(w, words[k]))
			return true;
	return false;
}

size_t ask_match_all(const ask_index *ix, const ask_tokens *tk, size_t i, ask_phrase_kind kind,
		     int *targets, size_t max)
{
	size_t n = 0;
	for (size_t p = first_with(ix, tk->t[i].stem);
	     n < max && p < ix->n_phrases && strcmp(ix->phrases[p].stems[0], tk->t[i].stem) == 0; p++) {
		const ask_phrase *ph = &ix->phrases[p];
		if (ph->kind != kind || i + ph->n > tk->n)
			continue;
		size_t k = 1;
		for (size_t j = i + 1; k < ph->n && j < tk->n; j++) {
			if (strcmp(ph->stems[k], tk->t[j].stem) == 0)
				k++;
			else if (kind != PHRASE_FACT || !hedge(tk->t[j].raw))
				break;
		}
		bool seen = false;
		for (size_t j = 0; j < n && !seen; j++)
			seen = targets[j] == ph->target;
		if (k == ph->n && !seen)
			targets[n++] = ph->target;
	}
	return n;
}

static bool in_vocab(const ask_index *ix, const char *raw)
{
	return bsearch(&raw, ix->vocab, ix->n_vocab, sizeof(*ix->vocab), cmp_len_str) != NULL;
}

bool ask_known_word(const ask_index *ix, const ask_token *t)
{
	/* a phrase of its own: "tea" is the guide's; "alcohol" only in "alcohol toner" is not */
	for (size_t p = first_with(ix, t->stem);
	     p < ix->n_phrases && strcmp(ix->phrases[p].stems[0], t->stem) == 0; p++)
		if (ix->phrases[p].n == 1 && ix->phrases[p].kind != PHRASE_OTHER)
			return true;	/* an other-word names what the guide does not cover */
	return false;
}

static bool same_letters(const char *a, const char *b)
{
	int count[256] = {0};
	for (; *a; a++)
		count[(unsigned char)*a]++;
	for (; *b; b++)
		count[(unsigned char)*b]--;
	for (int i = 0; i < 256; i++)
		if (count[i])
			return false;
	return true;
}

void ask_correct(const ask_index *ix, const char *raw, const char *stem, char *fixed)
{
	size_t len = strlen(raw);
	snprintf(fixed, ASK_WORD, "%s", raw);
	if (len < 5 || ask_is_stopword(raw) || in_vocab(ix, raw) ||
	    (ix->n_real_words && bsearch(&raw, ix->real_words, ix->n_real_words,
					 sizeof(*ix->real_words), cmp_str)))
		return;
	size_t p = first_with(ix, stem);
	if (p < ix->n_phrases && strcmp(ix->phrases[p].stems[0], stem) == 0)
		return;	/* a known word in another form */
	int limit = len >= 8 ? 2 : 1, best = limit + 1;
	const char *fix = NULL;
	size_t lo = ix->vocab_at_len[len - (size_t)limit];
	size_t hi = len + (size_t)limit + 1 <= ASK_WORD ? ix->vocab_at_len[len + (size_t)limit + 1]
						       : ix->n_vocab;
	for (size_t v = lo; v < hi; v++) {
		/* a typo keeps the first letter: "planning" is not "tanning", "licking" is not
		 * "picking" (a rule common to spelling checkers) */
		if (ix->vocab[v][0] != raw[0])
			continue;
		int d = ac_edit_distance(raw, ix->vocab[v], limit);
		if (d < best)
			best = d, fix = ix->vocab[v];
		else if (d == best)
			fix = NULL;	/* two equally near words: no guess */
	}
	/* In short words a changed letter too often makes another real word ("short" is not
	 * "sport"): there, only a letter left out, added or swapped is a typo. */
	if (fix && best <= limit && len < 7 && strlen(fix) == len && !same_letters(raw, fix))
		fix = NULL;
	if (fix && best <= limit)
		snprintf(fixed, ASK_WORD, "%s", fix);
}

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

void ask_resolve_words(const ask_index *ix, struct sb_stemmer *stemmer, ask_word_memo *memo,
		       ask_tokens *tk)
{
	for (size_t i = 0; i < tk->n; i++) {
		ask_token *t = &tk->t[i];
		if (t->number)
			continue;
		ask_word_memo *m = &memo[hash(t->raw) % ASK_WORD_MEMO];
		if (strcmp(m->raw, t->raw) != 0) {
			char stem[ASK_WORD];
			ask_stem(stemmer, t->raw, stem);
			ask_correct(ix, t->raw, stem, m->fixed);
			if (strcmp(m->fixed, t->raw) == 0)
				memcpy(m->stem, stem, sizeof(stem));
			else
				ask_stem(stemmer, m->fixed, m->stem);
			snprintf(m->raw, ASK_WORD, "%s", t->raw);
		}
		memcpy(t->raw, m->fixed, ASK_WORD);
		memcpy(t->stem, m->stem, ASK_WORD);
	}
}
