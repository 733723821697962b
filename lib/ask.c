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

/* A word alone that names two of the guide's activities, with nothing in the question to
 * say which: both are answered. The guide's "gentle yoga or Pilates" is fine the next day,
 * but "hot yoga in particular can be an issue"; "a peel" is a chemical peel (a week) or the
 * gentle enzyme peel (from day 5); "powder" is mineral powder makeup or a powdered face
 * wash; "cream" a moisturiser or a heavy cream; "acid" hyaluronic acid or an exfoliating
 * one. A longer alias ("hot yoga", "enzyme peel") decides, as does any other activity named. */
static const struct {
	const char *word, *first, *second;
} two_way_words[ASK_TWO_WAY] = {
	{"yoga", "gentle-exercise", "hot-yoga"},   {"peel", "chemical-peel", "enzyme-peel"},
	{"powder", "mineral-makeup", "powder-cleanser"}, {"cream", "moisturizer", "heavy-cream"},
	{"acid", "hyaluronic-serum", "acid-exfoliants"},
};

ac_result ac_asker_new(const ac_kb *kb, ac_asker **out)
{
	ac_asker *a = calloc(1, sizeof(*a));
	*out = NULL;
	if (!a)
		return AC_ERR_NOMEM;
	a->kb = kb;
	a->roller = ac_kb_find_activity(kb, "home-dermaroller");
	a->next = ac_kb_find_activity(kb, "next-microneedling");
	a->long_needles = ac_kb_find_activity(kb, "professional-roller-at-home");
	for (size_t k = 0; k < ASK_TWO_WAY; k++) {
		a->two_way[k][0] = ac_kb_find_activity(kb, two_way_words[k].first);
		a->two_way[k][1] = ac_kb_find_activity(kb, two_way_words[k].second);
	}
	a->on_skin = ac_kb_find_activity(kb, "anything-on-skin");
	a->stemmer = sb_stemmer_new("english", "UTF_8");
	a->words = calloc(ASK_WORD_MEMO, sizeof(*a->words));
	if (!a->stemmer || !a->words || ask_index_build(&a->index, kb, a->stemmer)) {
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
	ask_retrieval_free(a->retrieval);
	free(a->words);
	if (a->stemmer)
		sb_stemmer_delete(a->stemmer);
	free(a);
}

/* ---- grammar words ---- */

static bool word(const ask_tokens *tk, size_t i, const char *w)
{
	return i < tk->n && strcmp(tk->t[i].raw, w) == 0;
}

static bool stem(const ask_tokens *tk, size_t i, const char *w)
{
	return i < tk->n && strcmp(tk->t[i].stem, w) == 0;
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

static bool any_stem(const ask_tokens *tk, const char *const *stems)
{
	for (size_t i = 0; i < tk->n; i++)
		for (size_t k = 0; stems[k]; k++)
			if (stem(tk, i, stems[k]))
				return true;
	return false;
}

/* "how many [microneedling] sessions": how many, then one of words within a few words. */
static bool how_many(const ask_tokens *tk, const char *const *words)
{
	for (size_t i = 0; i + 2 < tk->n; i++)
		if (word(tk, i, "how") && word(tk, i + 1, "many"))
			for (size_t k = i + 2; k < tk->n && k < i + 5; k++) {
				/* "how many glasses a day": a rate, not a count of days
				 * ("how many times a day" stays as it was) */
				if ((word(tk, k - 1, "a") || word(tk, k - 1, "per") ||
				     word(tk, k - 1, "each")) && !word(tk, k - 2, "times"))
					continue;
				for (size_t w = 0; words[w]; w++)
					if (word(tk, k, words[w]))
						return true;
			}
	return false;
}

/* Whether token i begins a clause: "not a big water drinker. what else can i drink". */
static bool clause_start(const ask_tokens *tk, size_t i)
{
	return i == 0 || tk->t[i].clause != tk->t[i - 1].clause;
}

/* A verb of leave or of time to come: "when she can", "when my skin will"; not "when I do
 * yoga", "when I am at the gym", which say when something else happens. */
static bool modal(const char *w)
{
	static const char *const words[] = {"can", "could", "should", "will", "may", "would",
					    "shall", NULL};
	for (size_t k = 0; words[k]; k++)
		if (!strcmp(w, words[k]))
			return true;
	return false;
}

/* "how long until", "how long should I wait"; not "how long can the needles be", which asks
 * a length. */
static bool how_long_to_wait(const ask_tokens *tk)
{
	for (size_t i = 0; i + 1 < tk->n; i++) {
		if (!word(tk, i, "how") || !word(tk, i + 1, "long"))
			continue;
		bool length = false;
		for (size_t k = i + 2; k < tk->n && k < i + 6 && !length; k++)
			length = !strcmp(tk->t[k].stem, "needl");
		if (!length)
			return true;
	}
	return false;
}

static bool asks_when(const ask_tokens *tk)
{
	static const char *const units[] = {"minutes", "hours", "hrs", "days", "weeks", "mins",
					    "day", "hour", "week", NULL};
	static const char *const verbs[] = {"can", "could", "should", "will", "is", "do", "am",
					    "would", "may", "are", "shall", NULL};
	if (word(tk, 0, "when") || word(tk, 0, "whens") || word(tk, 0, "wen") ||
	    (tk->n > 1 && word(tk, tk->n - 1, "when")) || how_long_to_wait(tk) ||
	    phrase(tk, "how", "soon", NULL) || phrase(tk, "what", "day", NULL) ||
	    phrase(tk, "until", "when", NULL) || phrase(tk, "from", "when", NULL) ||
	    phrase(tk, "till", "when", NULL) || phrase(tk, "til", "when", NULL) ||
	    phrase(tk, "what", "time", NULL) || phrase(tk, "how", "much", "longer") ||
	    how_many(tk, units))
		return true;
	/* "had a deep one, so when can i swim"; "she wants to know when she can wash" */
	static const char *const who[] = {"i", "she", "he", "we", "they", "you", "my", NULL};
	for (size_t i = 1; i + 1 < tk->n; i++) {
		if (!word(tk, i, "when"))
			continue;
		size_t v = i + 1;
		for (size_t k = 0; who[k] && v == i + 1; k++)
			if (word(tk, i + 1, who[k]))
				v = i + 2 + !strcmp(who[k], "my");	/* "when my skin can" */
		for (size_t k = 0; verbs[k]; k++)
			if (word(tk, v, verbs[k]) && (v == i + 1 || modal(verbs[k])))
				return true;
	}
	return false;
}

/* "can I", "could she", "may we" at token i, in one clause: leave asked at that point. */
static bool leave_at(const ask_tokens *tk, size_t i)
{
	static const char *const who[] = {"i", "we", "she", "he", "you", NULL};
	if (!(word(tk, i, "can") || word(tk, i, "could") || word(tk, i, "may")) ||
	    i + 1 >= tk->n || tk->t[i + 1].clause != tk->t[i].clause)
		return false;
	for (size_t k = 0; who[k]; k++)
		if (word(tk, i + 1, who[k]))
			return true;
	return false;
}

/* "can I", "is it ok", "am I allowed": asking leave to do something. */
static bool asks_permission(const ask_tokens *tk)
{
	static const char *const words[] = {"allowed", "ok", "okay", "safe", "alright", "fine",
					    "able", "permitted", "advisable", NULL};
	return any(tk, words) || phrase(tk, "can", "i", NULL) || phrase(tk, "could", "i", NULL) ||
	       phrase(tk, "should", "i", NULL) || phrase(tk, "can", "you", NULL) ||
	       phrase(tk, "do", "i", "have");
}

static bool asks_how_often(const ask_tokens *tk)
{
	static const char *const things[] = {"sessions", "session", "treatments", "treatment",
					     "times", "rounds", "appointments", NULL};
	static const char *const words[] = {"often", "frequently", "frequent", "frequency",
					    "regularly", "interval",
					    "intervals", "spacing", "spaced", "every", NULL};
	bool apart = false;	/* "4 weeks apart"; "apart from water" is "except" */
	for (size_t i = 0; i < tk->n && !apart; i++)
		apart = word(tk, i, "apart") && !word(tk, i + 1, "from");
	static const char *const units[] = {"weeks", "week", "months", "month", "days", NULL};
	bool between = false;	/* "how many weeks should I leave between them" */
	for (size_t i = 0; i < tk->n && !between; i++)
		between = word(tk, i, "between");
	return any(tk, words) || apart || how_many(tk, things) || (between && how_many(tk, units)) ||
	       phrase(tk, "how", "long", "between") || phrase(tk, "time", "between", NULL) ||
	       phrase(tk, "weeks", "between", NULL) || phrase(tk, "gap", "between", NULL) ||
	       phrase(tk, "once", "a", NULL) || phrase(tk, "twice", "a", NULL) ||
	       phrase(tk, "every", "month", NULL);
}

/* Words that name keeping away from things: "avoid", "not allowed", "stay away", "steer
 * clear", "still a no", "off limits". */
static bool names_avoiding(const ask_tokens *tk)
{
	static const char *const stems[] = {"avoid", "restrict", "forbidden", "ban", NULL};
	return any_stem(tk, stems) || phrase(tk, "not", "allowed", NULL) ||
	       phrase(tk, "stay", "away", NULL) || phrase(tk, "keep", "away", NULL) ||
	       phrase(tk, "steer", "clear", NULL) || phrase(tk, "still", "a", "no") ||
	       phrase(tk, "off", "limits", NULL);
}

static bool asks_avoid_list(const ask_tokens *tk)
{
	static const char *const stems[] = {"shouldnt", "cant", "dont", "rule", NULL};
	return names_avoiding(tk) || any_stem(tk, stems) ||
	       phrase(tk, "not", "do", NULL) || phrase(tk, "not", "to", "do") ||
	       phrase(tk, "what", "can", "i") ||
	       phrase(tk, "what", "am", "i") || phrase(tk, "what", "to", "do") ||
	       phrase(tk, "dos", "and", NULL);
}

/* "what am I not allowed to do", "anything I should steer clear of", "list of things to stay
 * away from": asking for the list in so many words (a word of denial alone is not enough:
 * "I don't know the difference"). */
static bool asks_what_is_off_limits(const ask_tokens *tk)
{
	return (word(tk, 0, "what") || word(tk, 0, "which") || word(tk, 0, "anything") ||
		word(tk, 0, "list")) &&
	       names_avoiding(tk);
}

/* "what products should I avoid": a list, even though "products" names an activity. */
static bool asks_which_to_avoid(const ask_tokens *tk)
{
	static const char *const stems[] = {"avoid", "restrict", NULL};
	return (word(tk, 0, "what") || word(tk, 0, "which")) && asks_avoid_list(tk) &&
	       (any_stem(tk, stems) || phrase(tk, "not", "to", NULL) || phrase(tk, "not", "do", NULL) ||
		phrase(tk, "stay", "away", NULL) || phrase(tk, "keep", "away", NULL));
}

/* A question about a state, a fact or a comparison rather than about doing something. */
static bool asks_about_a_fact(const ask_tokens *tk)
{
	static const char *const words[] = {"normal", "expect", "vs", "versus", "difference",
					    "why", NULL};
	return any(tk, words) || phrase(tk, "same", "as", NULL) || phrase(tk, "better", NULL, NULL) ||
	       phrase(tk, "good", "for", NULL) || phrase(tk, "as", "good", "as") ||
	       word(tk, 0, "what") || word(tk, 0, "which") || phrase(tk, "will", "my", NULL) ||
	       phrase(tk, "is", "my", NULL) || phrase(tk, "my", "skin", "is") ||
	       phrase(tk, "my", "face", "is") || phrase(tk, "does", "microneedling", NULL) ||
	       /* "does the clinic give you serum", "do they give you anything": not leave */
	       ((word(tk, 0, "does") || word(tk, 0, "do")) && !word(tk, 1, "i") && !word(tk, 1, "we"));
}

/* "my skin is peeling, is that normal": whether a state is as expected (the thing judged is
 * "that" or "this", not something to do). */
static bool asks_info_state(const ask_tokens *tk)
{
	/* not "ok" or "bad": "booked lip filler, is that ok" asks of a thing the guide may not
	 * cover, not of how the skin is */
	static const char *const judged[] = {"normal", "expected", "usual", NULL};
	for (size_t i = 0; i + 2 < tk->n; i++)
		if (word(tk, i, "is") && (word(tk, i + 1, "that") || word(tk, i + 1, "this")))
			for (size_t k = 0; judged[k]; k++)
				if (word(tk, i + 2, judged[k]) &&
				    (i + 3 >= tk->n || tk->t[i + 3].clause != tk->t[i].clause))
					return true;
	return false;
}

/* "what size dermaroller is safe at home", "why can't you exercise", "how much water should I
 * drink", "is a dermaroller the same as microneedling", "is that normal": asking what the
 * guide says rather than leave to do something now. */
static bool asks_info_form(const ask_tokens *tk)
{
	static const char *const first[] = {"what", "whats", "wat", "wot", "wht", "waht", "which",
					    "why", "how", NULL};
	bool opener = false;
	for (size_t i = 0; i < tk->n && !opener; i++)
		for (size_t k = 0; first[k] && !opener && clause_start(tk, i); k++)
			opener = word(tk, i, first[k]);
	if (opener && !asks_when(tk) && !phrase(tk, "what", "can", "i") &&
	    !phrase(tk, "what", "else", "can") &&
	    !phrase(tk, "how", "soon", NULL) && !(word(tk, 0, "how") && word(tk, 1, "often")))
		return true;
	static const char *const compare[] = {"better", "versus", "vs", "difference", "compared",
					      NULL};
	return any(tk, compare) || phrase(tk, "as", "good", "as") ||
	       phrase(tk, "same", "as", NULL) || phrase(tk, "same", "thing", NULL) ||
	       phrase(tk, "same", "treatment", NULL) || phrase(tk, "same", "procedure", NULL) ||
	       phrase(tk, "is", "that", "normal") || phrase(tk, "is", "it", "normal") ||
	       phrase(tk, "is", "this", "normal") || phrase(tk, "should", "i", "expect") ||
	       phrase(tk, "what", "to", "expect");
}

/* Words that may stand between a word and the word it qualifies. */
static bool between_light(const char *w)
{
	static const char *const words[] = {"my", "the", "your", "a", "of", "is", "some", "our",
					    "his", "her", "their", NULL};
	for (size_t k = 0; words[k]; k++)
		if (!strcmp(w, words[k]))
			return true;
	return false;
}

/* Whether the word at `other` qualifies the word at `at`: right before it ("surgical mask",
 * "fake tan"), or just after it with only a possessive or article between ("wash my hair"). */
static bool qualifies(const ask_tokens *tk, int other, int at)
{
	if (other < 0 || at < 0)
		return false;
	if (other + 1 == at)
		return true;
	if (other <= at || other - at > 3)
		return false;
	for (int k = at + 1; k < other; k++)
		if (!between_light(tk->t[k].raw))
			return false;
	return true;
}

/* Whether the word at `other` stands for a sense of the activity at [at, at + len) that the
 * guide does not cover: right after it ("exercise books", "tan leather", "wash my car",
 * "work out my tax"), or right before it ("car wash", "ice cream", "a game of pool", "my
 * nose is running"), with only light words between. */
static bool other_sense(const ask_tokens *tk, int other, int at, int len)
{
	if (other < 0 || at < 0)
		return false;
	int from = other < at ? other + 1 : at + len, to = other < at ? at : other;
	if (other >= at && other < at + len)
		return false;
	if (to - from > 2)
		return false;
	for (int k = from; k < to; k++)
		if (!between_light(tk->t[k].raw))
			return false;
	return true;
}

/* ---- matching ---- */

/* Whether the words just before token i deny it: "not hot yoga", "no makeup", "instead of
 * the gym", "rather than a run", "without a scrub". Clause-level: the question is about the
 * other activity ("just a gentle flow class, not hot yoga"). */
static bool negated_at(const ask_tokens *tk, size_t i)
{
	static const char *const one[] = {"not", "no", "without", "except", "skip", "skipping",
					  "nor", "wont", "dont", "never", NULL};
	/* words that may stand between a denial and what it denies */
	static const char *const filler[] = {"the", "a", "an", "my", "any", "of", "than", "gonna",
					     "going", "to", "go", "do", "doing", "want", "wanna",
					     "be", "planning", "plan", "on", "for", "usual", "normal",
					     "regular", "wear", "use", "using", "put", "have", NULL};
	for (size_t back = 1; back <= 4 && back <= i; back++) {
		const char *w = tk->t[i - back].raw;
		for (size_t k = 0; one[k]; k++)
			if (!strcmp(w, one[k]))
				return true;
		if (back >= 2 && ((!strcmp(tk->t[i - back].raw, "instead") &&
				   !strcmp(tk->t[i - back + 1].raw, "of")) ||
				  (!strcmp(tk->t[i - back].raw, "rather") &&
				   !strcmp(tk->t[i - back + 1].raw, "than"))))
			return true;
		bool is_filler = false;
		for (size_t k = 0; filler[k] && !is_filler; k++)
			is_filler = !strcmp(w, filler[k]);
		if (back < 4 && !is_filler)
			return false;
	}
	return false;
}

/* Whether the clause has one of words (NULL-ended) or asks leave ("can I", "may we"). */
static bool clause_says(const ask_tokens *tk, unsigned clause, const char *const *words)
{
	for (size_t i = 0; i < tk->n; i++) {
		if (tk->t[i].clause != clause)
			continue;
		for (size_t k = 0; words[k]; k++)
			if (word(tk, i, words[k]))
				return true;
		if (leave_at(tk, i))
			return true;
	}
	return false;
}

/* Whether a clause asks about doing something ("can I", "is it ok", "is it bad if", "how
 * long", "when", "what about") rather than tells the story around the question. */
static bool clause_asks(const ask_tokens *tk, unsigned clause)
{
	static const char *const words[] = {"ok", "okay", "fine", "alright", "safe", "allowed",
					    "bad", "when", "long", "soon", "about", "mess", "ruin",
					    "problem", "should", "wait", NULL};
	return clause_says(tk, clause, words);
}

/* Whether the clause of token at only tells the story of a question asked in a later clause:
 * "doing yoga tomorrow, am i ok to do headstands", "deep needling session - can I run on day
 * 5". A clause after the one that asks stays beside it: in "should I wear sunscreen, I'm
 * going swimming tomorrow" the swim needs its answer too. */
static bool tells(const ask_tokens *tk, size_t at, bool asking_elsewhere)
{
	unsigned c = tk->t[at].clause;
	if (!asking_elsewhere || clause_asks(tk, c))
		return false;
	size_t first = at;
	while (first > 0 && tk->t[first - 1].clause == c)
		first--;
	for (size_t i = first + 1; i < tk->n; i++)
		if (tk->t[i].clause != c && tk->t[i].clause != tk->t[i - 1].clause &&
		    clause_asks(tk, tk->t[i].clause))
			return true;	/* a clause after it asks */
	return false;	/* not after it: "should I wear sunscreen, I'm going swimming" is both */
}

typedef struct candidate {
	int activity, len, at;
	bool negated;	/* "not hot yoga": named, but not what is asked about */
	bool place;	/* "the sauna at the gym", "lounge by the pool": where, not what */
	bool modifier;	/* "my gym towel": a word of another kind of activity right before
			 * a thing, naming which thing ("vit c serum", one kind, is decided
			 * by the more specific) */
} candidate;

/* Whether the words around the n words at token i make them a place: "at the gym", "by the
 * pool", "at my gym", "my gym has a sauna". */
static bool place_at(const ask_tokens *tk, size_t i, size_t n)
{
	size_t k = i;
	if (k > 0 && (!strcmp(tk->t[k - 1].raw, "the") || !strcmp(tk->t[k - 1].raw, "my") ||
		      !strcmp(tk->t[k - 1].raw, "a")))
		k--;
	if (k > 0 && (!strcmp(tk->t[k - 1].raw, "at") || !strcmp(tk->t[k - 1].raw, "by")))
		return true;
	/* "my gym has a sauna": the place holds what is asked ("with" would not do: "wipe my
	 * face with a towel") */
	size_t after = i + n;
	return after < tk->n && (!strcmp(tk->t[after].raw, "has") ||
				 !strcmp(tk->t[after].raw, "have") || !strcmp(tk->t[after].raw, "got"));
}

typedef struct matches {
	int activity;		/* the best: most specific, then longest, then earliest */
	int also;		/* a second activity asked about in the same question, or -1 */
	bool roller;		/* home-dermaroller was named beside another activity */
	int ambiguous, other;	/* an ambiguous word's activity; one of its other words */
	int other_of;		/* the activity whose other meaning that word picks */
	int act_at;		/* where the best activity's words start, or -1 */
	int act_len;		/* and how many words they are */
	int sense_at;		/* a word giving the best activity a sense the guide does not
				 * cover ("exercise books", "vitamin c tablets"), or -1 */
	int amb_at;		/* where the ambiguous word is, or -1 */
	int named;		/* how many activities' words the question has, demoted or not */
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
			if (!negated_at(tk, i) ||	/* "i don't want to sweat buckets": no sign */
			    strcmp(ac_kb_fact(a->kb, (size_t)found[k])->topic, "red-flag"))
				add_fact(m, found[k]);
	}
}

static bool is_ancestor(const ac_kb *kb, int ancestor, int activity)
{
	for (int depth = 0; activity >= 0 && depth < 32; depth++) {
		activity = ac_kb_activity(kb, (size_t)activity)->group;
		if (activity == ancestor)
			return true;
	}
	return false;
}

/* Of the activities named, the one the question is about: a more specific one over its
 * group ("wash my face with a gentle cleanser"), then the longer phrase, then the first. */
static int best_of(const ac_kb *kb, const candidate *c, size_t n)
{
	int best = -1;
	for (size_t i = 0; i < n; i++) {
		bool beaten = false;
		for (size_t j = 0; j < n && !beaten; j++) {
			if (i == j || c[i].activity == c[j].activity)
				continue;
			if (is_ancestor(kb, c[i].activity, c[j].activity))
				beaten = true;	/* j is more specific */
			else if (!is_ancestor(kb, c[j].activity, c[i].activity) &&
				 (c[j].len > c[i].len || (c[j].len == c[i].len && c[j].at < c[i].at)))
				beaten = true;
		}
		if (!beaten)
			return c[i].activity;
		if (best < 0)
			best = c[i].activity;
	}
	return best;
}

/* Whether raw is, as written, one of the activity's words with two meanings. */
static bool is_ambiguous_word(const ac_kb *kb, int activity, const char *raw)
{
	const ac_activity *act = ac_kb_activity(kb, (size_t)activity);
	for (size_t k = 0; k < act->n_ambiguous; k++)
		if (!strcmp(act->ambiguous[k], raw))
			return true;
	return false;
}

static bool has_stem(const ask_tokens *tk, const char *stem)
{
	for (size_t i = 0; i < tk->n; i++)
		if (!strcmp(tk->t[i].stem, stem))
			return true;
	return false;
}

/* A member of the activity's group whose alias words are all in the question, though not
 * side by side: "got a bruise on my cheek, can I cover it with concealer" is covering a
 * bruise, not makeup in general. Light words of the alias ("a", "the", "up") need not be
 * there, and one of its words must be its own: the group's words in another order ("wash
 * my face" against "face wash") say nothing more specific. An alias of one word of content
 * ("work out") says nothing apart: "i walk to work" is no workout. */
static int specialise(const ac_asker *a, const ask_tokens *tk, int activity)
{
	const char *own[256];	/* the words of the activity's own aliases, gathered once */
	size_t n_own = 0;
	for (size_t p = 0; p < a->index.n_phrases; p++) {
		const ask_phrase *ph = &a->index.phrases[p];
		if (ph->kind == PHRASE_ACTIVITY && ph->target == activity)
			for (size_t k = 0; k < ph->n && n_own < 256; k++)
				own[n_own++] = ph->stems[k];
	}
	for (size_t p = 0; p < a->index.n_phrases; p++) {
		const ask_phrase *ph = &a->index.phrases[p];
		if (ph->kind != PHRASE_ACTIVITY || ph->n < 2 ||
		    ac_kb_activity(a->kb, ph->target)->group != activity)
			continue;
		bool all = true, its_own = false;
		size_t content = 0;	/* "work out" is one word of content: too little apart */
		for (size_t k = 0; k < ph->n && all; k++) {
			if (ask_is_stopword(ph->stems[k]))
				continue;
			content++;
			all = has_stem(tk, ph->stems[k]);
			bool shared = false;
			for (size_t o = 0; o < n_own && !shared; o++)
				shared = !strcmp(own[o], ph->stems[k]);
			its_own = its_own || !shared;
		}
		if (all && its_own && content >= 2)
			return ph->target;
	}
	return activity;
}

/* Words that make a product on the skin something swallowed, which the guide does not cover:
 * "vitamin c tablets", "fish oil capsules", "retinol supplements". */
static bool oral_form(const char *w)
{
	static const char *const words[] = {"tablet", "tablets", "pill", "pills", "capsule",
					    "capsules", "supplement", "supplements", "gummies",
					    "oral", "orally", NULL};
	for (size_t k = 0; words[k]; k++)
		if (!strcmp(w, words[k]))
			return true;
	return false;
}

/* Where a word stands that gives the activity at [at, at + len) a sense the guide does not
 * cover (other_sense): one of the activity's other-words in the data, or, for what goes on
 * the skin, a word of swallowing. -1 when none. */
static int other_sense_at(const ac_asker *a, const ask_tokens *tk, int activity, int at, int len)
{
	bool on_skin = activity == a->on_skin || is_ancestor(a->kb, a->on_skin, activity);
	for (size_t i = 0; i < tk->n; i++) {
		if (!other_sense(tk, (int)i, at, len))
			continue;
		if (on_skin && oral_form(tk->t[i].raw))
			return (int)i;
		int targets[8];
		size_t n = ask_match_all(&a->index, tk, i, PHRASE_OTHER, targets, 8);
		for (size_t k = 0; k < n; k++)
			if (targets[k] == activity)
				return (int)i;
	}
	return -1;
}

static void match_all(const ac_asker *a, ask_tokens *tk, matches *m)
{
	candidate c[16];
	size_t n_c = 0;
	bool roller = false;
	*m = (matches){.activity = -1, .also = -1, .ambiguous = -1, .other = -1, .other_of = -1,
		       .act_at = -1, .amb_at = -1, .sense_at = -1};
	match_facts(a, tk, m);
	for (size_t i = 0; i < tk->n; i++) {
		int target;
		size_t holiday = ask_holiday_len(tk, i);
		if (holiday) {	/* "boxing day" is a date */
			i += holiday - 1;
			continue;
		}
		size_t n = ask_match(&a->index, tk, i, PHRASE_ACTIVITY, &target);
		if (!n || (n == 1 && is_ambiguous_word(a->kb, target, tk->t[i].raw)))
			continue;	/* "tan" stems as "tanning" does, but is the word with two meanings */
		for (size_t k = i; k < i + n; k++)
			tk->t[k].used = true;
		if (target == a->roller)
			roller = true;
		else if (n_c < 16)
			c[n_c++] = (candidate){target, (int)n, (int)i, negated_at(tk, i),
						 place_at(tk, i, n), false};
		i += n - 1;
	}
	/* What is denied is not the question, nor is an activity in a sense the guide does not
	 * cover ("I run hot"), a place where something else is done, or what comes before a
	 * "but" ("gentle yoga is fine, but what about headstands"), unless nothing else is
	 * named: the candidates with the fewest such marks, the worst weighing most. */
	int but_at = -1;
	for (size_t i = 0; i < tk->n; i++)
		if (!strcmp(tk->t[i].raw, "but") || !strcmp(tk->t[i].raw, "however"))
			but_at = (int)i;
	for (size_t i = 0; i < n_c; i++)
		for (size_t j = 0; j < n_c; j++)
			if (c[j].at == c[i].at + c[i].len && !tk->t[c[j].at].after_mark &&
			    strcmp(ac_kb_activity(a->kb, (size_t)c[i].activity)->category,
				   ac_kb_activity(a->kb, (size_t)c[j].activity)->category))
				c[i].modifier = true;
	/* an activity in a clause that only tells, when another is in one that asks */
	bool asked[16];
	for (size_t i = 0; i < n_c; i++)
		asked[i] = clause_asks(tk, tk->t[c[i].at].clause);
	m->named = (int)n_c;
	int score[16], best_score = 16;
	for (size_t i = 0; i < n_c; i++) {
		bool sensed = other_sense_at(a, tk, c[i].activity, c[i].at, c[i].len) >= 0;
		bool elsewhere = false;
		for (size_t j = 0; j < n_c && !elsewhere; j++)
			elsewhere = asked[j] && tk->t[c[j].at].clause != tk->t[c[i].at].clause;
		score[i] = (c[i].negated ? 8 : 0) + (sensed ? 4 : 0) +
			   (c[i].place || c[i].modifier ? 2 : 0) +
			   (c[i].at < but_at || tells(tk, (size_t)c[i].at, elsewhere) ? 1 : 0);
		best_score = score[i] < best_score ? score[i] : best_score;
	}
	candidate kept[16];
	size_t n_kept = 0;
	for (size_t i = 0; i < n_c; i++)
		if (score[i] == best_score)
			kept[n_kept++] = c[i];
	m->activity = best_of(a->kb, kept, n_kept);
	if (m->activity >= 0)
		m->activity = specialise(a, tk, m->activity);
	for (size_t i = 0; i < n_kept && m->act_at < 0; i++)
		if (kept[i].activity == m->activity) {
			m->act_at = kept[i].at;
			m->act_len = kept[i].len;
		}
	if (m->activity >= 0)
		m->sense_at = other_sense_at(a, tk, m->activity, m->act_at, m->act_len);
	/* A second activity, unrelated to the first: "the sauna and the steam room". */
	for (size_t i = 0; i < n_kept && m->activity >= 0 && m->also < 0; i++)
		if (kept[i].activity != m->activity && !is_ancestor(a->kb, kept[i].activity, m->activity) &&
		    !is_ancestor(a->kb, m->activity, kept[i].activity))
			m->also = kept[i].activity;
	/* A dermaroller beside another activity is the device, not the question. */
	if (roller && m->activity < 0)
		m->activity = a->roller;
	else if (roller)
		m->roller = true;
	for (size_t i = 0; i < tk->n && m->ambiguous < 0; i++) {
		int target;
		if (ask_match(&a->index, tk, i, PHRASE_AMBIGUOUS, &target)) {
			m->ambiguous = target;
			m->amb_at = (int)i;
		}
	}
	/* A word of another meaning: the ambiguous word's own first ("hair" for "wash", though
	 * "washing" is a word of another sense of cycling), else the first. */
	for (size_t i = 0; i < tk->n; i++) {
		int others[8];	/* used or not: "train" is an exercise word too */
		size_t n = ask_match_all(&a->index, tk, i, PHRASE_OTHER, others, 8);
		for (size_t k = 0; k < n; k++)
			if (m->other < 0 || (others[k] == m->ambiguous &&
					     (m->other_of != m->ambiguous ||
					      (!qualifies(tk, m->other, m->amb_at) &&
					       qualifies(tk, (int)i, m->amb_at))))) {
				m->other = (int)i;	/* "the car through the car wash": the second */
				m->other_of = others[k];
			}
	}
}

/* ---- profile cues ---- */

static void read_cues(ask_tokens *tk, ac_question *q, bool roller)
{
	for (size_t i = 0; i < tk->n; i++) {
		ask_token *t = &tk->t[i];
		if (t->used || negated_at(tk, i))
			continue;	/* "it was deep, not superficial" */
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

/* Words that carry no topic of their own: "have a glass of wine", "can a guy shave". */
static bool light_word(const char *w)
{
	static const char *const words[] = {
		"take", "taking", "have", "having", "get", "getting", "go", "going", "do", "doing",
		"use", "using", "put", "wear", "wearing", "try", "glass", "glasses", "cup", "bottle",
		"pint", "bit", "little", "lot", "some", "guy", "girl", "man", "woman", "person",
		"someone", "face", "skin", "microneedling", "microneedled", "treatment", "back", NULL};
	for (size_t k = 0; words[k]; k++)
		if (!strcmp(w, words[k]))
			return true;
	return false;
}

/* The topic of a question the guide does not cover, in the person's own word: the first
 * word that is no grammar or light word ("ibuprofen", "wine", "work"); "" when none. */
static void unknown_topic(const ask_tokens *tk, ac_question *q)
{
	q->topic[0] = '\0';
	for (size_t i = 0; i < tk->n; i++) {
		const ask_token *t = &tk->t[i];
		if (t->used || t->number || ask_is_stopword(t->raw) || strlen(t->raw) < 2 ||
		    light_word(t->raw))
			continue;
		snprintf(q->topic, sizeof(q->topic), "%s", t->raw);
		return;
	}
}

/* Where a form of "watch" stands within three words before token at ("watching the
 * footy", "watch my son swim"), or -1. */
static int watched_at(const ask_tokens *tk, int at)
{
	for (int k = at - 1; k >= 0 && k >= at - 3; k--)
		if (!strcmp(tk->t[k].stem, "watch"))
			return k;
	return -1;
}

/* The topic in the person's words, from the sense word to the activity's words or back,
 * light words left out: "exercise books", "game of pool", "vitamin c tablets". */
static void span_topic(const ask_tokens *tk, int other, int at, int len, ac_question *q)
{
	int from = other < at ? other : at, to = other < at ? at + len - 1 : other;
	/* and up to two words of the same name before it: "hair removal cream" */
	for (int k = 0; k < 2 && from > 0 && tk->t[from - 1].clause == tk->t[from].clause &&
			!tk->t[from - 1].number && !ask_is_stopword(tk->t[from - 1].raw) &&
			!light_word(tk->t[from - 1].raw);
	     k++)
		from--;
	size_t used = 0;
	q->topic[0] = '\0';
	for (int i = from; i <= to; i++) {
		const char *w = tk->t[i].raw;
		if (!strcmp(w, "my") || !strcmp(w, "the") || !strcmp(w, "your") || !strcmp(w, "a"))
			continue;
		int n = snprintf(q->topic + used, sizeof(q->topic) - used, "%s%s", used ? " " : "", w);
		if (n < 0 || used + (size_t)n >= sizeof(q->topic))
			break;
		used += (size_t)n;
	}
}

/* Whether the question names a thing the knowledge base has no word for ("ibuprofen",
 * "dog"): a content word that is neither grammar, nor light, nor the guide's. */
static bool names_unknown(const ac_asker *a, const ask_tokens *tk)
{
	for (size_t i = 0; i < tk->n; i++) {
		const ask_token *t = &tk->t[i];
		if (!t->used && !t->number && strlen(t->raw) >= 3 && !ask_is_stopword(t->raw) &&
		    !light_word(t->raw) && !ask_known_word(&a->index, t))
			return true;
	}
	return false;
}

/* A needle length in the question ("0.25mm", "1 mm"), in mm, or 0. */
static double needle_mm(const ask_tokens *tk)
{
	for (size_t i = 0; i + 1 < tk->n; i++)
		if (tk->t[i].number && tk->t[i].value > 0 && tk->t[i].value <= 3 && word(tk, i + 1, "mm"))
			return tk->t[i].value;
	return 0;
}

/* "a 1mm roller at home", "bought a 0.5mm derma pen on amazon, ok to use it myself": needles
 * longer than the guide's 0.25 mm for home use ("It is safe to use a device up to 0.25mm at
 * home"), used by the person themselves. */
static bool asks_long_needles_at_home(const ask_tokens *tk)
{
	static const char *const home[] = {"home", "myself", "yourself", "own", "amazon", "online",
					   "bought", "ebay", "diy", NULL};
	return needle_mm(tk) > 0.25 && any(tk, home);
}

/* The facts BM25 ranks best for the question (ask_retrieve.c), into q->facts. */
static bool retrieve(ac_asker *a, const ask_tokens *tk, ac_question *q)
{
	if (!a->retrieval && !(a->retrieval = ask_retrieval_new(a->kb)))
		return false;
	q->n_facts = ask_retrieve(a->retrieval, tk, &q->profile, a->kb, q->facts, 3);
	return q->n_facts > 0;
}

/* "is it normal to flake this much, and can I do an enzyme peel tonight": a question of fact
 * first, then leave for an activity named after it. The leave is what the person must
 * decide, so it is the answer. */
static bool asks_leave_after(const ask_tokens *tk, const matches *m)
{
	static const char *const joins[] = {"and", "so", "or", "but", "also", NULL};
	if (m->activity < 0 || m->act_at < 2)
		return false;
	for (size_t p = 1; p < (size_t)m->act_at; p++) {
		bool opens = clause_start(tk, p);
		for (size_t k = 0; joins[k] && !opens; k++)
			opens = word(tk, p - 1, joins[k]);
		if (opens && leave_at(tk, p))
			return true;
	}
	return false;
}

/* Whether token i is a word the guide never uses: no grammar, light, time or knowledge-base
 * word, and in none of the guide's facts ("smoking", "paracetamol", "cost"). Four letters at
 * least: "lol" and "pls" are no topic. */
static bool foreign_word(ac_asker *a, const ask_tokens *tk, size_t i)
{
	const ask_token *t = &tk->t[i];
	if (t->used || t->number || strlen(t->raw) < 4 || ask_is_stopword(t->raw) ||
	    light_word(t->raw) || ask_known_word(&a->index, t))
		return false;
	if (!a->retrieval && !(a->retrieval = ask_retrieval_new(a->kb)))
		return false;
	return !ask_guide_says(a->retrieval, t->raw);
}

/* A word the guide never uses where a question puts what it is about: before "ok" or "bad"
 * ("paracetamol ok?", "is smoking bad"), after a question's first word ("will smoking slow
 * the healing", "what painkiller can I take"), after a verb of taking or doing ("can I take
 * ibuprofen", "change my pillowcase"), or last in "how much does … cost" (a place or a
 * unit may follow: "in the UK", "per session"). Where it stands,
 * or -1. Only read when no activity is named: "cerave cleanser" is a cleanser. */
static int foreign_topic(ac_asker *a, const ask_tokens *tk)
{
	static const char *const judged[] = {"ok", "okay", "alright", "fine", "safe", "bad",
					     "good", "harmful", NULL};
	/* "can", "should" come before a verb: "should I swap my duvet" is about the duvet */
	static const char *const openers[] = {"will", "does", "do", "is", "what", "whats", "which",
					      NULL};
	static const char *const doing[] = {"take", "taking", "have", "having", "use", "using",
					    "eat", "change", "smoke", "vape", NULL};
	for (size_t i = 0; i < tk->n; i++) {
		bool at_topic = false;
		for (size_t k = 0; judged[k] && !at_topic; k++)
			at_topic = word(tk, i + 1, judged[k]) && tk->t[i + 1].clause == tk->t[i].clause;
		for (size_t k = 0; openers[k] && !at_topic && i > 0; k++)
			at_topic = word(tk, i - 1, openers[k]) && clause_start(tk, i - 1);
		size_t v = i > 0 && between_light(tk->t[i - 1].raw) ? i - 1 : i;
		for (size_t k = 0; doing[k] && !at_topic && v > 0; k++)
			at_topic = word(tk, v - 1, doing[k]);
		/* "how much does it cost", "... cost in the UK", "... cost per session" */
		bool clause_end = i + 1 == tk->n || tk->t[i + 1].clause != tk->t[i].clause ||
				  word(tk, i + 1, "in") || word(tk, i + 1, "per") ||
				  word(tk, i + 1, "on") || word(tk, i + 1, "at");
		if (!at_topic && clause_end)
			for (size_t h = 0; h + 1 < i && !at_topic; h++)
				at_topic = word(tk, h, "how") && word(tk, h + 1, "much") &&
					   tk->t[h].clause == tk->t[i].clause;
		if (at_topic && foreign_word(a, tk, i))
			return (int)i;
	}
	return -1;
}

/* Which two-way word the question's activity was named by, alone ("yoga on sunday?", "do a
 * peel"), or -1: a longer alias, a second activity or a sense the guide lacks decide. */
static int two_way_at(const ac_asker *a, const ask_tokens *tk, const matches *m)
{
	/* not beside another activity, even one set aside: "my cleanser has acid in it" */
	if (m->activity < 0 || m->act_at < 0 || m->also >= 0 || m->sense_at >= 0 || m->named > 1)
		return -1;	/* (a roller beside nothing, or a group member found apart: no words) */
	/* a word of its own right before it says which: "bareminerals powder", "vinyasa yoga",
	 * "face cream"; only grammar and verbs of using leave it open ("can I use my cream") */
	static const char *const open[] = {"a", "an", "the", "my", "your", "her", "his", "our",
					   "their", "some", "any", "this", "that", "do", "doing",
					   "use", "using", "have", "having", "get", "put", "apply",
					   "try", "wear", "of", "on", "and", "or", "with", "is", "ok",
					   "go", "going", "to", "for", "i", "can", NULL};
	size_t at = (size_t)m->act_at, end = at + (size_t)m->act_len;
	bool left_open = at == 0 || tk->t[at - 1].clause != tk->t[at].clause;
	for (size_t k = 0; open[k] && !left_open; k++)
		left_open = word(tk, at - 1, open[k]);
	if (!left_open)
		return -1;
	int found = -1;	/* the alias is the word, with light words only: "do a peel" */
	for (size_t i = at; i < end; i++) {
		const char *raw = tk->t[i].raw;
		int k = 0;	/* as written: plurals lean one way ("acids" exfoliate) */
		while (k < ASK_TWO_WAY && strcmp(raw, two_way_words[k].word))
			k++;
		bool light = !strcmp(raw, "book");	/* "book a peel" */
		for (size_t o = 0; open[o] && !light; o++)
			light = !strcmp(raw, open[o]);
		if (k < ASK_TWO_WAY && found < 0)
			found = k;
		else if (!light)	/* "face cream": a word of its own in the name decides */
			return -1;
	}
	/* named by the word alone, or by a phrase of one of the two ("do a peel"), not by a
	 * phrase of a third activity ("peel skin") */
	if (found < 0 || a->two_way[found][0] < 0 || a->two_way[found][1] < 0 ||
	    (m->act_len > 1 && m->activity != a->two_way[found][0] &&
	     m->activity != a->two_way[found][1]))
		return -1;
	return found;
}

static void decide(ac_asker *a, ask_tokens *tk, const matches *m, ac_question *q)
{
	const ac_kb *kb = a->kb;
	int next = a->next, roller = a->roller;
	if (keep_facts(kb, q, m, true)) {
		q->kind = AC_ASK_REDFLAG;
		return;
	}
	/* "will smoking slow the healing": about what the guide never names, so not covered,
	 * with what it says nearby, rather than the healing fact as if it answered */
	int foreign = m->activity < 0 && m->ambiguous < 0 ? foreign_topic(a, tk) : -1;
	if (foreign >= 0) {
		q->kind = AC_ASK_UNKNOWN;
		snprintf(q->topic, sizeof(q->topic), "%s", tk->t[foreign].raw);
		retrieve(a, tk, q);
		return;
	}
	/* "can I book another session in 3 weeks" asks leave for one moment, even with "3-4
	 * weeks between" said before it */
	bool leave_for_next = m->activity == next && next >= 0 && q->at_min >= 0 &&
			      (phrase(tk, "can", "i", NULL) || phrase(tk, "could", "i", NULL));
	if (asks_how_often(tk) && !leave_for_next &&
	    (m->activity < 0 || m->activity == next || m->activity == roller)) {
		q->kind = AC_ASK_FREQUENCY;
		if (m->activity == roller || q->profile.device == AC_DEVICE_DERMAROLLER) {
			facts_of_topic(kb, q, "home-roller");
		} else {
			facts_of_topic(kb, q, "frequency");
			facts_of_topic(kb, q, "course");
		}
		return;
	}
	/* Asking what the guide says: the keyword facts, else the best-ranked ones. */
	/* "what can I drink besides water", "what can I put on my face": which things, asked of
	 * the guide's facts (not what is off limits) */
	/* ... and "what spf should I be using", "what else am I allowed to drink", "what am I
	 * meant to put on my skin": a thing chosen, within a few words of "what" */
	static const char *const choose[] = {"drink", "drinking", "use", "using", "put", "putting",
					     "apply", "applying", "eat", "take", NULL};
	bool which_things = false;
	for (size_t i = 0; i < tk->n && !which_things; i++) {
		if (!(word(tk, i, "what") || word(tk, i, "which")) ||
		    !(clause_start(tk, i) || word(tk, i + 1, "else")) ||
		    word(tk, i + 1, "if") || word(tk, i + 1, "about"))
			continue;	/* "what if I put makeup on": leave */
		for (size_t j = i + 1; j < tk->n && j <= i + 7 && !which_things &&
				       tk->t[j].clause == tk->t[i].clause; j++)
			for (size_t k = 0; choose[k] && !which_things; k++)
				which_things = word(tk, j, choose[k]);
	}
	which_things = which_things && !asks_when(tk);	/* "what day can I use retinol" */
	if (which_things && (keep_facts(kb, q, m, false) || retrieve(a, tk, q))) {
		q->kind = AC_ASK_INFO;
		return;
	}
	if (which_things && m->activity >= 0 && m->also < 0) {
		q->kind = AC_ASK_INFO;	/* "what spf should I be using": its reasons and advice */
		q->activity = m->activity;
		return;
	}
	/* "why can't I exercise" asks the reason, even with a word of the avoid list in it. */
	bool why = word(tk, 0, "why") || phrase(tk, "how", "come", NULL) ||
		   phrase(tk, "the", "reason", NULL);
	if (why && m->activity >= 0) {	/* the reasons the guide gives, with the answer */
		q->kind = AC_ASK_INFO;
		q->activity = m->activity;
		return;
	}
	if (asks_info_form(tk) && (why || !asks_avoid_list(tk)) && !asks_leave_after(tk, m) &&
	    (keep_facts(kb, q, m, false) || retrieve(a, tk, q))) {
		q->kind = AC_ASK_INFO;
		return;
	}
	if (m->activity < 0 && m->ambiguous >= 0 && qualifies(tk, m->other, m->amb_at)) {
		q->kind = AC_ASK_UNKNOWN;	/* "surgical mask": the meaning the guide lacks */
		snprintf(q->topic, sizeof(q->topic), "%s %s", tk->t[m->other].raw,
			 ac_kb_activity(kb, (size_t)m->ambiguous)->ambiguous[0]);
		return;
	}
	/* "my 0.25mm roller": a needle length says which roller (a jade roller has none), and
	 * one the person uses past the guide's 0.25 mm is a professional length at home. */
	double needle = needle_mm(tk);
	if (m->activity < 0 && m->ambiguous >= 0 && m->ambiguous == roller && needle > 0) {
		q->kind = asks_when(tk) ? AC_ASK_WHEN : AC_ASK_CAN;
		q->activity = needle > 0.25 && a->long_needles >= 0 ? a->long_needles : roller;
		return;
	}
	if (m->activity < 0 && m->ambiguous >= 0) {
		q->kind = AC_ASK_AMBIGUOUS;
		q->activity = m->ambiguous;
		return;
	}
	/* A fact beside an activity: "is it normal to be red" is about the fact, "can I wear
	 * makeup so I don't look blotchy" about the activity. */
	/* "can I take ibuprofen for the pain" asks leave for something the guide does not
	 * cover (a word it does not know): not covered, with what it says nearby, rather than
	 * the fact on pain. "is tea ok to drink" asks about what the guide covers. */
	bool about_fact = m->activity < 0 ? !asks_permission(tk) || !names_unknown(a, tk)
					  : !asks_permission(tk) && asks_about_a_fact(tk);
	/* "what am I not allowed to do after a dermapen session": the list, not the pen's facts */
	if (m->activity < 0 && asks_what_is_off_limits(tk) && !why) {
		q->kind = AC_ASK_AVOID_LIST;
		return;
	}
	if (m->n_facts && about_fact && keep_facts(kb, q, m, false)) {
		q->kind = AC_ASK_INFO;
		return;
	}
	/* "got little scabs on day 3, is that ok": how the skin is, asked of the guide */
	if (m->activity < 0 && asks_info_state(tk) && !names_unknown(a, tk) && retrieve(a, tk, q)) {
		q->kind = AC_ASK_INFO;
		return;
	}
	/* Watching a sport is not doing it: "watching the footy", "watch my son's swimming". */
	int watch = m->activity >= 0 && m->act_at > 0 ? watched_at(tk, m->act_at) : -1;
	if (watch >= 0) {
		q->kind = AC_ASK_UNKNOWN;
		span_topic(tk, watch, m->act_at, m->act_len, q);
		retrieve(a, tk, q);
		return;
	}
	/* An activity in a sense the guide does not cover: "exercise books", "a game of pool",
	 * "vitamin c tablets" (words with two meanings are decided below). */
	if (m->activity >= 0 && m->sense_at >= 0 && !ac_kb_activity(kb, m->activity)->n_ambiguous) {
		q->kind = AC_ASK_UNKNOWN;
		span_topic(tk, m->sense_at, m->act_at, m->act_len, q);
		retrieve(a, tk, q);
		return;
	}
	/* "the astringent toner": the word that picks the other meaning is itself an activity
	 * and qualifies the ambiguous word: that activity is the question. */
	if (m->activity >= 0 && m->ambiguous >= 0 && m->act_at == m->other &&
	    m->other_of == m->ambiguous && qualifies(tk, m->other, m->amb_at)) {
		q->kind = asks_when(tk) ? AC_ASK_WHEN : AC_ASK_CAN;
		q->activity = m->activity;
		q->also = m->also;	/* "my exfoliating toner and makeup": both */
		return;
	}
	/* "a mask on the train": "train" is also an exercise word, but here it is the other
	 * meaning's: the ambiguous word decides. */
	if (m->activity >= 0 && m->ambiguous >= 0 && m->act_at == m->other &&
	    m->other_of == m->ambiguous) {
		q->kind = AC_ASK_AMBIGUOUS;
		q->activity = m->ambiguous;
		return;
	}
	/* The activity named with a word of its other meaning: right before it, that word
	 * decides ("fake tan", "spray tan": not covered); elsewhere, both readings are given
	 * ("a face mask on the train"). */
	if (m->activity >= 0 && m->activity == m->other_of &&
	    ac_kb_activity(kb, m->activity)->n_ambiguous) {
		if (qualifies(tk, m->other, m->act_at)) {
			q->kind = AC_ASK_UNKNOWN;
			snprintf(q->topic, sizeof(q->topic), "%s %s", tk->t[m->other].raw,
				 tk->t[m->act_at].raw);
			return;
		}
		q->kind = AC_ASK_AMBIGUOUS;
		q->activity = m->activity;
		return;
	}
	if (a->long_needles >= 0 && asks_long_needles_at_home(tk) && !asks_which_to_avoid(tk)) {
		q->kind = asks_when(tk) ? AC_ASK_WHEN : AC_ASK_CAN;
		q->activity = a->long_needles;
		return;
	}
	int both = two_way_at(a, tk, m);
	if (both >= 0 && !asks_which_to_avoid(tk)) {
		q->kind = asks_when(tk) ? AC_ASK_WHEN : AC_ASK_AMBIGUOUS;
		q->activity = a->two_way[both][0];
		q->also = a->two_way[both][1];
		return;
	}
	if (m->activity >= 0 && !asks_which_to_avoid(tk)) {
		q->kind = asks_when(tk) ? AC_ASK_WHEN : AC_ASK_CAN;
		q->activity = m->activity;
		q->also = m->also;
		return;
	}
	if (asks_avoid_list(tk)) {
		q->kind = AC_ASK_AVOID_LIST;
		return;
	}
	q->kind = AC_ASK_UNKNOWN;
	unknown_topic(tk, q);
	retrieve(a, tk, q);	/* what the guide does say nearby */
}

/* Whether the clause asks leave ("can I", "is it ok", "fine?"), rather than reports what
 * someone said ("my friend says I can use it after 4 days"). */
static bool clause_asks_leave(const ask_tokens *tk, int clause)
{
	static const char *const ok[] = {"ok", "okay", "fine", "alright", "safe", "allowed", NULL};
	return clause >= 0 && clause_says(tk, (unsigned)clause, ok);
}

/* Whether "now", "rn" or "right now" was read as the moment. */
static bool said_now(const ask_tokens *tk)
{
	for (size_t i = 0; i < tk->n; i++)
		if (tk->t[i].used && (word(tk, i, "now") || word(tk, i, "rn")))
			return true;
	return false;
}

/* The moment asked about. A moment in the activity's own clause comes first: in "I have a
 * date on wednesday and I'm freaking out, can I do an enzyme peel tonight", Wednesday is why
 * and tonight is when. Else the question's first (ask_find_time). Either way every time word
 * is read, so none is taken for a topic. */
static int32_t read_time(ac_asker *a, ask_tokens *tk, const matches *m, time_t treated,
			 int32_t now_min, ac_anchor *anchor)
{
	int act_clause = m->act_at >= 0 ? tk->t[m->act_at].clause : -1;
	bool told = false;	/* the activity's clause only tells */
	if (act_clause < 0 || tk->t[0].clause == tk->t[tk->n - 1].clause)
		return ask_find_time(tk, treated, now_min, act_clause, anchor, NULL);
	/* "there's a hot tub at the lodge this weekend... tonight ok?": the activity's clause
	 * only tells; the last clause that asks leave says when */
	if (!clause_asks_leave(tk, act_clause)) {
		int asking = -1;
		for (size_t i = 0; i < tk->n; i++)
			if ((int)tk->t[i].clause > act_clause && clause_asks_leave(tk, tk->t[i].clause))
				asking = tk->t[i].clause;
		if (asking < 0)
			return ask_find_time(tk, treated, now_min, act_clause, anchor, NULL);
		act_clause = asking;
		told = true;
	}
	a->clause = *tk;	/* before either read: what was free */
	for (size_t i = 0; i < a->clause.n; i++)
		if (a->clause.t[i].clause != act_clause)
			a->clause.t[i].used = true;
	bool was_used[ASK_MAX_TOKENS];
	for (size_t i = 0; i < tk->n; i++)
		was_used[i] = tk->t[i].used;
	ac_anchor own_anchor;
	bool kept;
	int32_t own = ask_find_time(&a->clause, treated, now_min, act_clause, &own_anchor, &kept);
	int32_t first = ask_find_time(tk, treated, now_min, act_clause, anchor, NULL);
	/* the first moment read came from the activity's clause too ("in 3 weeks, so on the
	 * 11th" reads on past the comma): it stands */
	for (size_t i = 0; i < tk->n; i++)
		if (tk->t[i].clause == act_clause && tk->t[i].used && !was_used[i])
			return first;
	/* "now" is no moment named: "4 days ago - can I lift now" counts their way */
	/* ... nor is a day said of the treatment in the clause that asks ("booked a peel for 4
	 * dec, is that ok after needling on the 20th"). But "now" said against a moment from
	 * now in another clause is the one asked: "spf on now? going out in an hour". */
	bool now_against_now = !told && own == now_min && own_anchor == AC_ANCHOR_NOW &&
			       *anchor == AC_ANCHOR_NOW && first != now_min && said_now(&a->clause);
	if (own >= 0 && own_anchor != AC_ANCHOR_ASKED && !(told && kept) &&
	    (!(own_anchor == AC_ANCHOR_NOW && own == now_min) || now_against_now)) {
		*anchor = own_anchor;
		return own;
	}
	return first;
}

ac_result ac_ask_parse(ac_asker *a, const char *text, size_t len, const ac_profile *profile,
		       int32_t now_min, ac_question *q, char errbuf[AC_ERRBUF_SIZE])
{
	size_t bad;
	memset(q, 0, sizeof(*q));
	q->activity = -1;
	q->also = -1;
	q->at_min = -1;
	q->profile = *profile;
	if (len > AC_ASK_MAX_LEN) {
		snprintf(errbuf, AC_ERRBUF_SIZE, "question too long (%zu bytes; at most %d)", len,
			 AC_ASK_MAX_LEN);
		return AC_ERR_ARG;
	}
	ask_tokens *tk = &a->tokens;
	if (ask_tokenize(NULL, text, len, tk, &bad)) {
		snprintf(errbuf, AC_ERRBUF_SIZE, "question is not valid UTF-8 (at byte %zu)", bad);
		return AC_ERR_ARG;
	}
	ask_resolve_words(&a->index, a->stemmer, a->words, tk);
	/* Activities before time words: "leg day after" is the gym, then "after". */
	matches m;
	match_all(a, tk, &m);
	q->at_min = read_time(a, tk, &m, profile->treated_at, now_min, &q->anchor);
	read_cues(tk, q, m.roller);
	decide(a, tk, &m, q);
	return AC_OK;
}

const char *ac_anchor_name(ac_anchor anchor)
{
	switch (anchor) {
	case AC_ANCHOR_NOW: return "now";
	case AC_ANCHOR_TREATMENT: return "treatment";
	default: return "asked";
	}
}
