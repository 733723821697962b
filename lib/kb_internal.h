/* kb_internal.h: what the library's own files share about the model. Not installed. */
#ifndef AC_KB_INTERNAL_H
#define AC_KB_INTERNAL_H

#include "aftercare.h"

/* A bump allocator: the kb's strings and tables live in it and die with it. */
typedef struct ac_arena_block ac_arena_block;
typedef struct ac_arena {
	ac_arena_block *head;
	size_t total;	/* bytes handed out, checked against AC_ARENA_CAP */
} ac_arena;

#define AC_ARENA_CAP ((size_t)64 << 20)

void *ac_arena_alloc(ac_arena *a, size_t size);
char *ac_arena_strdup(ac_arena *a, const char *s, size_t len);
void ac_arena_free(ac_arena *a);

/* A growable array of fixed-size items with a hard cap on its count. */
typedef struct ac_vec {
	void *items;
	size_t n, cap, item_size;
} ac_vec;

#define AC_VEC_MAX_ITEMS 100000

int ac_vec_push(ac_vec *v, const void *item);	/* 0, or -1 when full or out of memory */
void ac_vec_free(ac_vec *v);
#define AC_VEC_AT(v, type, i) (&((type *)(v)->items)[i])

struct ac_kb {
	ac_arena arena;
	ac_vec sources;		/* ac_source */
	ac_vec activities;	/* ac_activity */
	ac_vec rules;		/* ac_rule: as read, then the implied ones */
	size_t n_read_rules;	/* rules[0 .. n_read_rules) were read; the rest are implied */
	ac_vec facts;		/* ac_fact */
	/* Derived by ac_kb_derive(): for each activity, the rules that bear on it (its own and
	 * its groups'), sorted by source, then window start, own before inherited. */
	uint16_t *chain;	/* all chains back to back */
	uint32_t *chain_start;	/* activity i's chain is chain[chain_start[i] .. chain_start[i+1]) */
	bool borrowed;		/* the tables above are the built-in image's: read-only */
	/* English words that the question reader's typo correction would take for a misspelt
	 * word of the guide ("watching" is not "washing"), sorted; the built-in image's, from
	 * Debian's word lists at build time (tools/kbgen.c); none for a file loaded at run time. */
	const char *const *real_words;
	size_t n_real_words;
	/* Once a clinic protocol is applied (ac_kb_apply_protocol): the guide as it was before
	 * the first, kept to show its words beside the clinic's (ac_answer_add_guide). Its
	 * tables are its own (or the built-in image's); its strings are this kb's. replaced[i]
	 * says whether a protocol gave rules for the guide's activity i. NULL: no protocol. */
	struct ac_kb *guide;
	uint8_t *replaced;	/* guide->activities.n flags */
};

/* A knowledge base compiled into C tables by tools/kbgen: loaded, validated and derived at
 * build time, adopted at run time without parsing. */
typedef struct ac_kb_image {
	const ac_source *sources;
	size_t n_sources;
	const ac_activity *activities;
	size_t n_activities;
	const ac_rule *rules;
	size_t n_rules, n_read_rules;
	const ac_fact *facts;
	size_t n_facts;
	const uint16_t *chain;
	const uint32_t *chain_start;
	const char *const *real_words;
	size_t n_real_words;
} ac_kb_image;

extern const ac_kb_image ac_builtin_image;	/* $(BUILD)/gen/kb_builtin.c */

ac_kb *ac_kb_new(void);	/* empty, or NULL when out of memory */

/* Give a kb that borrows the built-in image tables of its own, so that it can change. */
ac_result ac_kb_own(ac_kb *kb);

/* Collects messages as "file:line:column: message" lines into a caller buffer. */
typedef struct ac_diag {
	char *buf;
	size_t len, cap;
	int count;
} ac_diag;

void ac_diag_init(ac_diag *d, char *buf, size_t cap);
void ac_diag_add(ac_diag *d, const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Parse one YAML document into kb (appending). Rules for activities named in the document
 * are returned through first_new_rule: rules[first_new_rule..] are the document's. */
ac_result ac_kb_parse_yaml(ac_kb *kb, const char *name, const char *yaml, size_t len,
			   ac_diag *diag);

/* Check what needs the whole kb (group cycles, activities without rules) and derive the
 * implied rules and the chains. file names the messages. Idempotent. */
ac_result ac_kb_derive(ac_kb *kb, const char *file, ac_diag *diag);

/* Byte offset of the first invalid UTF-8 sequence in s, or (size_t)-1 when valid. */
size_t ac_utf8_invalid_at(const char *s, size_t len);

/* Whether a stance restricts the activity (avoid or caution), as the engine and every
 * renderer read it. */
static inline bool ac_stance_restricts(ac_stance s)
{
	return s == AC_STANCE_AVOID || s == AC_STANCE_CAUTION;
}

/* Text helpers shared by the renderers (render_text.c). */
const char *ac_verdict_color(ac_verdict v);	/* ANSI colour of a verdict */
char *ac_condition_words(const ac_rule *r, char *buf, size_t len);	/* "" if none */
/* A position's window in words: "for the first 72 hours", "from 24 hours on"; an open
 * restriction says its voice gave no end and how long it is read to last. */
char *ac_window_words(const ac_position *p, char *buf, size_t len);
/* Whether a position's reason and advice belong under the answer's verdict ("verdict
 * first": nothing below contradicts the headline): when it restricts, the restrictions in
 * force now that end by the clear time and the permission that starts at it; when it is
 * fine, the permissions in force. Never an implied rule or a group's permission. */
bool ac_position_supports_verdict(const ac_answer *a, const ac_position *p);
/* "If your treatment was deep: not until 7 days after treatment (Dr Sophie Shotter)." */
char *ac_variant_words(const ac_kb *kb, const ac_variant *v, char *buf, size_t len);
void ac_print_clear_line(FILE *out, const ac_profile *p, const ac_answer *a);
void ac_print_milestones(FILE *out, const ac_kb *kb, const ac_profile *p,
			 const ac_milestone *m, size_t n, int32_t after, size_t max_times);
void ac_print_profile(FILE *out, const ac_kb *kb, const ac_profile *p, const ac_policy *policy);

/* ac_answer_source_end over n positions (grouped by source, as an answer's). */
bool ac_positions_source_end(const ac_position *ps, size_t n, int source, int32_t *end,
			     ac_stance *strictest);

int ac_edit_distance(const char *a, const char *b, int limit);
int ac_strcaseeq(const char *a, const char *b);

#endif
