/* ask_internal.h: the question parser's pieces (ask_text.c, ask_index.c, ask_time.c, ask.c). */
#ifndef AC_ASK_INTERNAL_H
#define AC_ASK_INTERNAL_H

#include <libstemmer.h>

#include "kb_internal.h"

#define ASK_MAX_TOKENS 96	/* words past this are not read */
#define ASK_WORD 40		/* longest word kept, in bytes with its NUL */
#define ASK_MAX_PHRASE 6	/* longest alias or keyword, in words */

typedef struct ask_token {
	char raw[ASK_WORD];	/* case-folded, accents stripped */
	char stem[ASK_WORD];	/* Snowball English stem of raw */
	bool number;		/* digits, maybe with a decimal point */
	bool used;		/* consumed by a time, cue or phrase match */
	bool after_slash;	/* came right after a single "/" ("7/12": a date) */
	bool after_colon;	/* came right after a single ":" ("10:30": a clock time) */
	bool glued;		/* began where a number ended, no space between ("2day", "24hrs") */
	bool after_mark;	/* a sign other than a space came before it ("swim + sauna") */
	uint8_t clause;		/* which clause: counted up at . ! ? ; , a dash, "but" */
	double value;
} ask_token;

typedef struct ask_tokens {
	ask_token t[ASK_MAX_TOKENS];
	size_t n;
} ask_tokens;

/* Normalise (NFKC, case fold, strip accents and control characters) and split into words;
 * apostrophes join ("can't" is "cant"), letters and digits split ("24hrs" is "24" "hrs").
 * With a stemmer, stems each word; without, stem is a copy of raw. Returns 0, or -1 for
 * invalid UTF-8 (or no memory) with *bad at the byte offset. */
int ask_tokenize(struct sb_stemmer *stemmer, const char *text, size_t len, ask_tokens *out,
		 size_t *bad);

/* Stem one case-folded word into out (ASK_WORD bytes). */
void ask_stem(struct sb_stemmer *stemmer, const char *word, char *out);

typedef enum { PHRASE_ACTIVITY, PHRASE_FACT, PHRASE_AMBIGUOUS, PHRASE_OTHER } ask_phrase_kind;

typedef struct ask_phrase {
	const char *stems[ASK_MAX_PHRASE];
	uint8_t n;
	uint8_t kind;		/* ask_phrase_kind */
	uint16_t target;	/* activity or fact index */
} ask_phrase;

/* Aliases, keywords and ambiguous words as stemmed phrases, sorted by first stem, then
 * longest first; and the words typos are corrected to. */
typedef struct ask_index {
	ac_arena arena;
	ask_phrase *phrases;
	size_t n_phrases;
	const char **vocab;	/* unique words of 5 letters or more, by length, then text */
	size_t n_vocab;
	size_t vocab_at_len[ASK_WORD + 1];	/* index of the first word at least this long */
	const char *const *real_words;	/* the kb's: never corrected (sorted) */
	size_t n_real_words;
} ask_index;

int ask_index_build(ask_index *ix, const ac_kb *kb, struct sb_stemmer *stemmer);
void ask_index_free(ask_index *ix);

/* The phrases of kind that start at token i, longest first: returns how many tokens the
 * longest matches, with its target, or 0. Skips tokens already used. */
size_t ask_match(const ask_index *ix, const ask_tokens *tk, size_t i, ask_phrase_kind kind,
		 int *target);

/* Every target of kind with a phrase starting at token i (used or not), at most max. */
size_t ask_match_all(const ask_index *ix, const ask_tokens *tk, size_t i, ask_phrase_kind kind,
		     int *targets, size_t max);

/* What a word becomes: its typo correction ("excercise" -> "exercise"), or itself, and the
 * stem of that. A pure function of the word, so remembered (direct-mapped, bounded). */
#define ASK_WORD_MEMO 4096

typedef struct ask_word_memo {
	char raw[ASK_WORD], fixed[ASK_WORD], stem[ASK_WORD];
} ask_word_memo;

/* Give every word of tk its correction and stem, in place. memo holds ASK_WORD_MEMO slots. */
void ask_resolve_words(const ask_index *ix, struct sb_stemmer *stemmer, ask_word_memo *memo,
		       ask_tokens *tk);

/* The correction of one word, raw and its stem, into fixed (ASK_WORD bytes): the one word of
 * the knowledge base within 1 edit (2 from 8 letters), keeping the first letter, when exactly
 * one is that near; else raw itself. Common words and the kb's real_words stay as they are. */
void ask_correct(const ask_index *ix, const char *raw, const char *stem, char *fixed);

/* Whether a word is the knowledge base's: a phrase of its own (an alias, keyword or
 * ambiguous word of one word), in its stemmed form. */
bool ask_known_word(const ask_index *ix, const ask_token *t);

/* Whether a word is a common English word never taken for a typo or a topic. */
bool ask_is_stopword(const char *raw);

/* How many words a holiday of fixed date at token i spans ("boxing day": 2), or 0: they are
 * a date, never an activity's words. */
size_t ask_holiday_len(const ask_tokens *tk, size_t i);

/* Find a time expression; marks its tokens used. Returns minutes after treatment (0 for a
 * moment before it), or -1 when the question names none. Times relative to now ("tomorrow",
 * "on friday", "dec 7", "in 2 days", "tonight") are read from now_min, the moment of asking
 * in minutes after treatment, in local time; times relative to the treatment ("2 days
 * after", "day 3", "the day after microneedling") from treated. *anchor says which. A time
 * counted from the treatment in another clause than the activity's (act_clause, or -1 when
 * none is named) says what day it is now, and is the moment only when no other is named;
 * *kept (may be NULL) says when the answer is such a moment kept for want of another. */
int32_t ask_find_time(ask_tokens *tk, time_t treated, int32_t now_min, int act_clause,
		      ac_anchor *anchor, bool *kept);

/* The guide's facts ranked by BM25 (SQLite FTS5), built on first use (ask_retrieve.c). */
typedef struct ask_retrieval ask_retrieval;
ask_retrieval *ask_retrieval_new(const ac_kb *kb);	/* NULL when SQLite fails */
void ask_retrieval_free(ask_retrieval *r);
/* Whether any of the guide's facts (text, quote, keywords) has the word, Porter-stemmed:
 * "smoking", "paracetamol" and "cost" are not there. True when it cannot tell. */
bool ask_guide_says(ask_retrieval *r, const char *word);
/* The facts (indexes) that best answer the question's content words, for profile: at most
 * max, best first, none when nothing scores well; red flags are left to their own rule. */
size_t ask_retrieve(ask_retrieval *r, const ask_tokens *tk, const ac_profile *profile,
		    const ac_kb *kb, int *facts, size_t max);

/* A memo of serialized "when" answers: the engine is a pure function of these keys, and a
 * batch asks the same few things again and again. Direct-mapped, bounded. */
#define ASK_CACHE_SLOTS 1024

typedef struct ask_cache_slot {
	char *body;		/* the members of the JSON object, without its braces; NULL: empty */
	size_t len;
	int activity;
	int32_t at;
	ac_profile profile;
	ac_policy policy;
} ask_cache_slot;

/* Words that name two of the guide's activities alike ("yoga": gentle or hot), ask.c. */
#define ASK_TWO_WAY 5

struct ac_asker {
	const ac_kb *kb;
	int roller, next;	/* home-dermaroller and next-microneedling, or -1 */
	int long_needles;	/* professional-roller-at-home, or -1 */
	int on_skin;		/* anything-on-skin, or -1 */
	int two_way[ASK_TWO_WAY][2];	/* the two activities each two-way word names, or -1 */
	struct sb_stemmer *stemmer;
	ask_index index;
	ask_tokens tokens;	/* the question being read */
	ask_tokens clause;	/* its activity's clause alone, for the time reader */
	ask_word_memo *words;	/* ASK_WORD_MEMO slots */
	ask_cache_slot cache[ASK_CACHE_SLOTS];
	ask_retrieval *retrieval;	/* NULL until a question needs it */
};

#endif
