/* aftercare.h: the one public header of libaftercare.
 *
 * aftercare turns a microneedling aftercare guide, encoded as YAML, into a personal,
 * sourced recovery plan. The pipeline runs one way:
 *
 *   ac_kb_load() -> ac_kb (the model) -> ac_query(profile, policy, activity, time)
 *                -> ac_answer -> ac_render_*()
 *
 * Ownership: an ac_kb owns every string and struct reachable from it (sources, activities,
 * rules, facts); they stay valid until ac_kb_free(). An ac_answer points into its kb and
 * owns nothing. Every *_free() accepts NULL. Functions that can fail return ac_result and
 * write a human-readable message, saying what and where, into a caller buffer of
 * AC_ERRBUF_SIZE bytes.
 *
 * Times: durations after treatment are whole minutes (int32_t). AC_NO_END marks a window
 * that the guide leaves open ("avoid chemical peels": no time given).
 */
#ifndef AFTERCARE_H
#define AFTERCARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AC_VERSION "0.1.0"
#define AC_ERRBUF_SIZE 4096
#define AC_NO_END INT32_MAX	/* an open window: the guide gives no end */
#define AC_MAX_POSITIONS 48	/* rules one activity may carry, its groups' included */

typedef enum ac_result {
	AC_OK = 0,
	AC_ERR_NOMEM,	/* out of memory */
	AC_ERR_IO,	/* a file could not be read */
	AC_ERR_PARSE,	/* not well-formed YAML or not UTF-8 */
	AC_ERR_INVALID,	/* well-formed, but breaks the knowledge-base format */
	AC_ERR_ARG,	/* a bad argument: unknown name, bad duration or date */
} ac_result;

/* A source's stance, from strictest to most permissive: the order policies compare by. */
typedef enum ac_stance {
	AC_STANCE_AVOID = 0,
	AC_STANCE_CAUTION,
	AC_STANCE_OK,
	AC_STANCE_RECOMMEND,
} ac_stance;

/* The engine's answer for one activity at one time. */
typedef enum ac_verdict {
	AC_VERDICT_AVOID = AC_STANCE_AVOID,
	AC_VERDICT_CAUTION = AC_STANCE_CAUTION,
	AC_VERDICT_OK = AC_STANCE_OK,
	AC_VERDICT_RECOMMEND = AC_STANCE_RECOMMEND,
	AC_VERDICT_UNKNOWN,	/* no rule of the policy's sources covers this profile */
} ac_verdict;

typedef enum ac_device { AC_DEVICE_PEN = 0, AC_DEVICE_DERMAROLLER, AC_DEVICE_PROCELL } ac_device;
typedef enum ac_depth { AC_DEPTH_UNSPECIFIED = 0, AC_DEPTH_SUPERFICIAL, AC_DEPTH_DEEP } ac_depth;
typedef enum ac_skin {
	AC_SKIN_UNSPECIFIED = 0,
	AC_SKIN_SENSITIVE,
	AC_SKIN_NORMAL,
	AC_SKIN_OILY,
	AC_SKIN_ACNE_PRONE,
} ac_skin;

/* One voice of the guide. */
typedef struct ac_source {
	const char *id;
	const char *name;
	const char *section;	/* the guide's heading for this voice */
	/* The published text this source speaks in: the index of the source whose text quotes
	 * it (the experts quoted by the exercise article), or its own index. Within one voice
	 * a specific statement beats a general one (docs/semantics.md, "specific beats
	 * general"); the sources stay apart in every answer. */
	int voice;
} ac_source;

/* Something a person may want to do. group is the index of the parent activity whose rules
 * this one inherits, or -1 (docs/semantics.md). */
typedef struct ac_activity {
	const char *id;
	const char *name;
	const char *category;
	const char *const *aliases;
	size_t n_aliases;
	int group;
	int line;		/* where it was read */
	/* Words that may mean this activity or something the guide does not cover ("mask":
	 * a skincare mask or a face covering), and that other meaning. */
	const char *const *ambiguous;
	size_t n_ambiguous;
	const char *other_meaning;
	const char *const *other_words;	/* words that pick the other meaning ("surgical") */
	size_t n_other_words;
} ac_activity;

/* Condition masks: bit (1u << value) of the matching enum. 0 means "any". */
typedef struct ac_rule {
	const char *id;
	int activity;		/* index into the kb's activities */
	int source;		/* index into the kb's sources */
	ac_stance stance;
	int32_t from_min;	/* window start, minutes after treatment */
	int32_t until_min;	/* window end (exclusive), or AC_NO_END */
	unsigned device_mask, depth_mask, skin_mask;
	const char *section;
	const char *quote;	/* verbatim from the guide */
	/* The sentence of the same paragraph that gives the window its time when the quote
	 * gives none ("context gives time"), verbatim; NULL when the quote has its own. */
	const char *context;
	const char *reason;
	const char *advice;
	bool implied;		/* derived: "fine from T" restricts the time before T */
	const char *file;	/* where it was read: the guide or a protocol */
	int line;
} ac_rule;

/* A named number a fact carries ("min_weeks": 3). */
typedef struct ac_value {
	const char *name;
	double value;
} ac_value;

/* Guidance that is not a time window: red flags, frequency, what to expect, results. */
typedef struct ac_fact {
	const char *id;
	const char *topic;
	int source;
	const char *section;
	const char *quote;
	const char *text;
	unsigned skin_mask;
	const ac_value *values;
	size_t n_values;
	const char *const *keywords;	/* words of a question that ask about this fact */
	size_t n_keywords;
	/* The fact in one line of a phone (at most AC_FACT_LINE_MAX bytes; the red flag's on
	 * the page's first screen), or NULL: text is then the only form. */
	const char *line;
} ac_fact;

#define AC_FACT_LINE_MAX 44

typedef struct ac_kb ac_kb;

/* The person's treatment. */
typedef struct ac_profile {
	time_t treated_at;
	ac_device device;
	ac_depth depth;
	ac_skin skin;
	/* treated_at was written as a local time that occurs twice (the clocks going back) and
	 * is the later of its two instants (ac_time_check): the JSON answers say so in
	 * "treated_note". */
	bool treated_ambiguous;
} ac_profile;

typedef enum ac_policy_kind {
	AC_POLICY_CONSERVATIVE = 0,	/* strictest stance in force wins */
	AC_POLICY_LENIENT,		/* most permissive stance in force wins */
	AC_POLICY_SOURCE,		/* one source's voice only */
} ac_policy_kind;

typedef struct ac_policy {
	ac_policy_kind kind;
	int source;	/* for AC_POLICY_SOURCE: index into the kb's sources */
} ac_policy;

/* One rule that applies to the profile, as the answer reports it. */
typedef struct ac_position {
	const ac_rule *rule;
	/* The window as the engine reads it, minutes after treatment: the rule's, except that a
	 * restriction the guide leaves open lasts as long as the longest time the guide gives
	 * for the activity or its groups for this profile ("open is not for ever"). */
	int32_t from_min, until_min;
	bool open;		/* the rule's voice gave no end; until_min is the guide's longest */
	bool in_force;		/* its window contains the time asked about */
	bool inherited;		/* it belongs to a group the activity is in */
	bool overridden;	/* in force, but a more specific statement of the same voice
				 * allows the activity then ("specific beats general") */
	int32_t binding_until;	/* a restriction: when it stops binding this activity, its
				 * window cut where the same voice's specific words allow it
				 * (<= until_min; 0 when they cover all of it); else until_min */
	uint8_t level;		/* 0: said of the activity itself, 1: of its group, ... */
} ac_position;

/* How an answer changes for a condition the profile leaves unstated ("if your treatment
 * was deep: fine from 7 days"): the answer under the profile with that one value stated. */
typedef struct ac_variant {
	ac_depth depth;		/* AC_DEPTH_UNSPECIFIED unless this variant states the depth */
	ac_skin skin;		/* AC_SKIN_UNSPECIFIED unless this variant states the skin */
	ac_verdict verdict;	/* at the time asked about */
	int32_t clear_min;	/* minutes after treatment, or AC_NO_END */
	int source;		/* the source of the first conditional rule behind it, or -1 */
} ac_variant;

#define AC_MAX_VARIANTS 6	/* two depths, four skin types */

/* The guide's own words on an activity where a clinic protocol replaced them
 * (ac_kb_apply_protocol), kept to be shown beside the clinic's (ac_answer_add_guide):
 * "your clinic says 48 hours; the guide's Dr Yalda Jamali says a week". */
typedef struct ac_guide_side {
	size_t n_positions;	/* 0: no protocol replaced the guide's words on this activity */
	/* The guide's positions the protocol replaced, as the guide alone reads them (its
	 * windows, "open is not for ever", "specific beats general"), by source. Their rules
	 * are the guide's own, kept in the kb; their sources are the kb's. */
	ac_position positions[AC_MAX_POSITIONS];
	ac_verdict verdict;	/* the guide alone's verdict at the time asked about */
	int32_t clear_min;	/* the guide alone's clear time, or AC_NO_END */
	/* When the clinic's restrictions on the activity end, as ac_answer_source_end reads
	 * them, the latest of its sources (0: it restricts nothing; AC_NO_END: no end); -1
	 * when the clinic's protocol has no rule on it for this profile. */
	int32_t clinic_end;
	bool differs;		/* some replaced guide voice's restriction ends at another time */
	bool more_lenient;	/* the clinic's ends before every replaced guide voice's */
} ac_guide_side;

typedef struct ac_answer {
	const ac_activity *activity;
	int32_t at_min;			/* the time asked about, minutes after treatment */
	ac_verdict verdict;
	int32_t clear_min;		/* from when it is fine for good, or AC_NO_END */
	bool disputed;			/* the sources give different clear times */
	size_t n_positions;
	ac_position positions[AC_MAX_POSITIONS];	/* by source, then by window start */
	size_t n_variants;		/* 0 from ac_query; see ac_answer_add_variants */
	ac_variant variants[AC_MAX_VARIANTS];
	ac_guide_side guide;		/* none from ac_query; see ac_answer_add_guide */
} ac_answer;

/* ---- knowledge base (lib/kb_load.c, lib/kb.c) ---- */

/* Load a knowledge base from the YAML file at path. On success *out owns a new kb (free it
 * with ac_kb_free) and AC_OK is returned. On failure *out is NULL and errbuf holds every
 * problem found, one per line, as "file:line:column: message". */
ac_result ac_kb_load(const char *path, ac_kb **out, char errbuf[AC_ERRBUF_SIZE]);

/* As ac_kb_load, from len bytes of YAML in memory; name labels the messages. */
ac_result ac_kb_load_buffer(const char *name, const char *yaml, size_t len, ac_kb **out,
			    char errbuf[AC_ERRBUF_SIZE]);

/* Load the guide built into the library (data/microneedling.yaml at build time). */
ac_result ac_kb_load_builtin(ac_kb **out, char errbuf[AC_ERRBUF_SIZE]);

/* Apply a clinic protocol (same format; may add sources, activities and facts) to kb: the
 * protocol's rules replace the kb's rules for every activity the protocol gives rules for.
 * On failure kb is unchanged. */
ac_result ac_kb_apply_protocol(ac_kb *kb, const char *path, char errbuf[AC_ERRBUF_SIZE]);

/* As ac_kb_apply_protocol, from len bytes of YAML in memory (not kept); name labels the
 * messages and the protocol's sources' file. */
ac_result ac_kb_apply_protocol_buffer(ac_kb *kb, const char *name, const char *yaml,
				      size_t len, char errbuf[AC_ERRBUF_SIZE]);

/* Whether a clinic protocol was applied to kb (ac_kb_apply_protocol): its answers then
 * carry the clinic's words beside the guide's, and its disclaimer says so. */
bool ac_kb_has_protocol(const ac_kb *kb);

/* Whether rule (one of kb's) was read from a clinic protocol, not from the guide: its words
 * are the clinic's, never the guide's. */
bool ac_rule_is_clinic(const ac_kb *kb, const ac_rule *rule);

/* Whether source speaks for a clinic protocol: some rule of it in kb is the protocol's. */
bool ac_source_is_clinic(const ac_kb *kb, int source);

/* The notice that this is information, not medical advice, for answers from kb: the
 * guide's (ac_disclaimer), or with a clinic protocol one worded for both (the guide is
 * information, not a doctor; the clinic's rules are the clinic's). Static; show it once. */
const char *ac_kb_disclaimer(const ac_kb *kb);

void ac_kb_free(ac_kb *kb);

size_t ac_kb_source_count(const ac_kb *kb);
const ac_source *ac_kb_source(const ac_kb *kb, size_t i);
size_t ac_kb_activity_count(const ac_kb *kb);
const ac_activity *ac_kb_activity(const ac_kb *kb, size_t i);
size_t ac_kb_rule_count(const ac_kb *kb);
const ac_rule *ac_kb_rule(const ac_kb *kb, size_t i);
size_t ac_kb_fact_count(const ac_kb *kb);
const ac_fact *ac_kb_fact(const ac_kb *kb, size_t i);

/* Index of the source or activity with this id, or -1. Activities also match by alias,
 * case-insensitively. */
int ac_kb_find_source(const ac_kb *kb, const char *id);
int ac_kb_find_activity(const ac_kb *kb, const char *id_or_alias);

/* Up to max activity ids (owned by kb) closest to a misspelt name, nearest first; returns
 * how many were written. */
size_t ac_kb_suggest(const ac_kb *kb, const char *name, const char **out, size_t max);

/* Write 'unknown activity "NAME"', with "; did you mean A, B or C?" when some activity is
 * near, into buf. Returns how many were suggested (0: the caller may say where to look). */
size_t ac_kb_unknown_activity(const ac_kb *kb, const char *name, char *buf, size_t len);

/* ---- engine (lib/engine.c) ---- */

/* Answer "may I do activity at at_min minutes after treatment, and from when?" for profile
 * under policy. Fills *out; never fails for a valid activity index and at_min >= 0. */
void ac_query(const ac_kb *kb, const ac_profile *profile, const ac_policy *policy,
	      int activity, int32_t at_min, ac_answer *out);

/* One source's position on an answer's activity: when its last restriction (avoid or
 * caution) ends, 0 if it restricts nothing, AC_NO_END if a restriction is open; and its
 * strictest stance. Returns false when the source has no position on it. */
bool ac_answer_source_end(const ac_answer *a, int source, int32_t *end, ac_stance *strictest);

/* Walk an answer's sources in order: from *pos (start at 0), the next source with its end
 * as ac_answer_source_end gives it; false when there are no more. */
bool ac_answer_next_source(const ac_answer *a, size_t *pos, int *source, int32_t *end);

/* The latest end among the sources that give one (0 if none restricts with an end);
 * *open_sources counts the sources whose restriction has no end. */
int32_t ac_answer_timed_end(const ac_answer *a, int *open_sources);

/* Fill a typical answer's variants (see ac_answer): for each depth and skin type the profile
 * leaves unstated and some rule on the activity (or its groups) names, the answer with that
 * value stated, where its verdict or clear time differs. a must come from ac_query with the
 * same kb, profile and policy. Returns how many were written into a->variants. */
size_t ac_answer_add_variants(const ac_kb *kb, const ac_profile *profile,
			      const ac_policy *policy, ac_answer *a);

/* Fill a->guide (see ac_guide_side) where a clinic protocol applied to kb replaced the
 * guide's rules on the answer's activity or a group it is in: the guide alone's answer
 * for it (under policy, or conservative where policy follows a source the guide lacks),
 * keeping the positions the protocol replaced, and how the clinic's time compares. a must
 * come from ac_query with the same kb, profile and policy. Returns a->guide.n_positions
 * (0: nothing replaced, no protocol, or out of memory). */
size_t ac_answer_add_guide(const ac_kb *kb, const ac_profile *profile, const ac_policy *policy,
			   ac_answer *a);

/* "Your clinic (Riverside Skin Clinic) says to wait 48 hours (2 days); the guide's Dr Yalda
 * Jamali says 7 days, its Face-washing article 24 hours (1 day)." for an answer with a
 * guide side, with " Your clinic allows it sooner than any of the guide's voices." where it
 * does; "" without one. Returns buf. */
char *ac_guide_words(const ac_kb *kb, const ac_answer *a, char *buf, size_t len);

/* The minutes after treatment at which some position of any activity starts or ends for
 * this profile, ascending and without duplicates, at most max of them; returns the count.
 * A plan's milestones are the times at which some verdict can change. */
size_t ac_kb_breakpoints(const ac_kb *kb, const ac_profile *profile, int32_t *out, size_t max);

/* Whether a rule's conditions admit the profile. An unspecified depth or skin means the
 * typical case: a rule with a condition on it does not apply (docs/semantics.md, "unstated
 * means typical"); ac_answer_add_variants() says how the answer changes for each stated value. */
bool ac_rule_matches(const ac_rule *rule, const ac_profile *profile);

/* Whether a fact's skin condition admits the profile (unspecified skin admits all). */
bool ac_fact_matches(const ac_fact *fact, const ac_profile *profile);

/* ---- plans (lib/plan.c) ---- */

/* A moment when an activity's verdict changes. */
typedef struct ac_milestone {
	int32_t at_min;
	int activity;
	ac_verdict before, after;
} ac_milestone;

/* The verdict changes of every activity from treatment until the last one, in time order
 * (then kb order); at most max written. Returns how many there are in all, which may be
 * more than max. */
size_t ac_plan_milestones(const ac_kb *kb, const ac_profile *profile, const ac_policy *policy,
			  ac_milestone *out, size_t max);

/* How text is drawn. */
typedef struct ac_render_opts {
	bool color;		/* ANSI colours */
	bool chart;		/* plan: draw the day-by-day chart */
	int width;		/* terminal columns for charts; 0 for 80 */
} ac_render_opts;

/* ---- plain-English questions (lib/ask*.c, docs/ask.md) ---- */

typedef enum ac_ask_kind {
	AC_ASK_CAN = 0,		/* may I do X (at a time, or now)? */
	AC_ASK_WHEN,		/* from when may I do X? */
	AC_ASK_AVOID_LIST,	/* what should I avoid? */
	AC_ASK_FREQUENCY,	/* how often, how many sessions? */
	AC_ASK_INFO,		/* the guide's facts: redness, results, devices ... */
	AC_ASK_REDFLAG,		/* symptoms the guide says need a doctor */
	AC_ASK_UNKNOWN,		/* a topic the guide does not cover */
	AC_ASK_AMBIGUOUS,	/* a word with a covered and an uncovered meaning */
} ac_ask_kind;

#define AC_ASK_MAX_FACTS 16
#define AC_ASK_MAX_LEN 4096	/* longest question read, in bytes */

/* Which profile fields the question itself set. */
enum { AC_CUE_DEVICE = 1, AC_CUE_DEPTH = 2, AC_CUE_SKIN = 4 };

/* How a question named its moment. */
typedef enum ac_anchor {
	AC_ANCHOR_ASKED = 0,	/* it named none: the moment of asking */
	AC_ANCHOR_NOW,		/* relative to the moment of asking: "tomorrow", "on friday" */
	AC_ANCHOR_TREATMENT,	/* relative to the treatment: "2 days after", "day 3" */
} ac_anchor;

typedef struct ac_question {
	ac_ask_kind kind;
	int activity;		/* can, when, ambiguous: the activity index; otherwise -1 */
	int also;		/* can, when: a second activity asked about ("the sauna and the
				 * steam room"); ambiguous: the word's second reading, both
				 * covered ("yoga": gentle, then hot); or -1. The renderers
				 * answer the one not yet fine first, when only one is */
	int32_t at_min;		/* the moment the question names, or -1 when it names none */
	ac_anchor anchor;	/* how it named it */
	ac_profile profile;	/* the caller's, with the question's cues applied */
	unsigned cues;		/* AC_CUE_* */
	size_t n_facts;
	int facts[AC_ASK_MAX_FACTS];	/* info, frequency, redflag: the facts that answer */
	char topic[96];		/* unknown: the words the guide does not cover ("" if none) */
} ac_question;

typedef struct ac_asker ac_asker;

/* A question parser for kb, which must outlive it. Not thread-safe: one per thread. */
ac_result ac_asker_new(const ac_kb *kb, ac_asker **out);
void ac_asker_free(ac_asker *asker);

/* Read one question of len bytes, asked at now_min minutes after treatment (negative: before
 * it). profile gives the treatment and the defaults that cues in the question override.
 * Times relative to now ("tomorrow", "on friday", "dec 7") are read from now_min in local
 * time (docs/ask.md). Fails with AC_ERR_ARG (and a message) on invalid UTF-8 or a question
 * longer than AC_ASK_MAX_LEN; any other text gets an answer, "unknown" if need be. */
ac_result ac_ask_parse(ac_asker *asker, const char *text, size_t len, const ac_profile *profile,
		       int32_t now_min, ac_question *out, char errbuf[AC_ERRBUF_SIZE]);

const char *ac_anchor_name(ac_anchor anchor);	/* "asked", "now", "treatment" */

const char *ac_ask_kind_name(ac_ask_kind kind);

/* The answer in words, leading with it ("No — not until 72 hours after treatment (Fri 27
 * Nov 10:00)."), then why and who says so. default_at is the moment used when the
 * question names none. */
void ac_render_ask_text(FILE *out, const ac_kb *kb, const ac_question *q,
			const ac_policy *policy, int32_t default_at, const ac_render_opts *opts);

/* The answer as one JSON line (docs/json.md): question, kind, activity, elapsed_hours,
 * profile, answer, and for can/when every field of "when". The asker that read the question
 * keeps recent answers to serve repeats. Returns 0, or -1 when out of memory. */
int ac_render_ask_json(FILE *out, ac_asker *asker, const char *question, const ac_question *q,
		       const ac_policy *policy, int32_t default_at);

/* ---- treatment courses (lib/course.c, docs/course.md) ---- */

/* Every number here comes from the kb's facts, looked up at run time: the frequency facts
 * (topic "frequency": min_weeks, max_weeks, per skin type), the course fact (topic "course":
 * min_sessions, max_sessions, spacing_weeks) and the home-roller facts (topic "home-roller":
 * max_needle_mm; min_per_week, max_per_week). Functions that need a fact the kb lacks fail
 * with AC_ERR_INVALID, naming it. */

#define AC_COURSE_MAX_SESSIONS 64	/* capacity of a plan or a check, not a guide number */
#define AC_COURSE_MAX_NOTES 8
#define AC_COURSE_TEXT_SIZE 320

/* One statement and the fact or rule of the guide that says it. The pointers point into
 * the kb. */
typedef struct ac_course_note {
	char text[AC_COURSE_TEXT_SIZE];	/* the statement in words */
	const char *id;			/* the fact's or rule's id */
	int source;			/* index into the kb's sources */
	const char *section;		/* the guide's heading */
	const char *quote;		/* verbatim from the guide */
	bool warning;			/* something to watch out for, not why */
} ac_course_note;

/* What the guide allows for a course, for one skin type. */
typedef struct ac_course_bounds {
	ac_skin skin;			/* as asked */
	/* No frequency fact names this skin type (unspecified, or one the guide does not
	 * cover): the strictest reading was taken, the fact with the longest minimum gap. */
	bool strictest;
	double min_gap_weeks, max_gap_weeks;	/* from the frequency fact */
	double spacing_weeks;		/* from the course fact */
	int plan_gap_days;		/* what a plan uses: the longer of spacing and minimum gap */
	int min_sessions, max_sessions;	/* from the course fact */
	const ac_fact *frequency;	/* the frequency fact used */
	const ac_fact *course;		/* the course fact */
} ac_course_bounds;

/* A planned course, or a home dermaroller plan. */
typedef struct ac_course {
	ac_course_bounds bounds;	/* course plans only */
	size_t n_sessions;
	time_t sessions[AC_COURSE_MAX_SESSIONS];	/* the same local time of day each */
	size_t n_notes;
	ac_course_note notes[AC_COURSE_MAX_NOTES];	/* why, with the guide's words */
	/* Home dermaroller plans only: the needle asked about, the guide's home limit, the
	 * sessions a week planned and the most the guide allows, and the weeks planned. */
	double needle_mm, max_needle_mm;
	int per_week, max_per_week, weeks;
} ac_course;

/* What may be wrong with a proposed schedule. */
typedef enum ac_course_issue {
	AC_COURSE_GAP_SHORT = 0,	/* two sessions closer than the minimum gap */
	AC_COURSE_GAP_LONG,		/* two sessions further apart than the maximum gap */
	AC_COURSE_TOO_MANY,		/* more sessions than the course's maximum */
	AC_COURSE_TOO_FEW,		/* fewer than its minimum */
	AC_COURSE_NOT_IN_ORDER,		/* a session not after the one before it */
} ac_course_issue;

typedef struct ac_course_finding {
	ac_course_issue kind;
	/* The sessions it is about (0-based): two neighbours for a gap or the order, the
	 * first and the last for the number of sessions. */
	size_t first, second;
	int gap_days;			/* gaps: calendar days apart (negative out of order) */
	ac_course_note note;		/* what is wrong, and the fact that says so */
} ac_course_finding;

/* The bounds of a course for skin: fills *out and returns AC_OK, or AC_ERR_INVALID with a
 * message when the kb lacks a course or frequency fact or its values make no sense. */
ac_result ac_course_bounds_get(const ac_kb *kb, ac_skin skin, ac_course_bounds *out,
			       char errbuf[AC_ERRBUF_SIZE]);

/* A gap between sessions in words, as the course's notes say it: "4 weeks", "10 days".
 * Returns buf. */
char *ac_gap_words(int days, char *buf, size_t len);

/* Plan a course from start for skin: sessions treatments (0: the guide's fewest), each
 * bounds.plan_gap_days calendar days after the one before, at start's local time of day
 * (so a session keeps its hour across a daylight-saving change). Fills *out with the
 * sessions, the bounds and the notes that explain them. Fails with AC_ERR_ARG when sessions
 * is outside the guide's course (the message says so and quotes it), AC_ERR_INVALID as
 * ac_course_bounds_get. start is not checked against now: that is the caller's. */
ac_result ac_course_plan(const ac_kb *kb, time_t start, ac_skin skin, int sessions,
			 ac_course *out, char errbuf[AC_ERRBUF_SIZE]);

/* Check n proposed session times against bounds (from ac_course_bounds_get): each gap
 * between neighbours, in calendar days (time of day ignored), against the minimum and
 * maximum gap; their order; and their number against the course. Writes at most max
 * findings to out, gaps in order first, then the number; returns how many there are in all
 * (at most n). Notes point into the kb the bounds came from. */
size_t ac_course_check(const ac_course_bounds *bounds, const time_t *dates, size_t n,
		       ac_course_finding *out, size_t max);

/* "gap-too-short", "gap-too-long", "too-many", "too-few", "not-in-order". */
const char *ac_course_issue_name(ac_course_issue kind);

/* Plan home dermaroller sessions from start for weeks weeks, at the guide's fewest
 * sessions a week (its "don't overdo"), at start's local time of day, with notes on the
 * needle, the rate and exercise (a warning, from the dermaroller rule on exercise).
 * needle_mm must be more than 0. A needle longer than the guide's home limit is refused:
 * AC_ERR_ARG, a message quoting the limit and the professional-length fact, and out->notes
 * holding those two (n_sessions 0). AC_ERR_ARG too for weeks < 1 or more than fit in
 * AC_COURSE_MAX_SESSIONS; AC_ERR_INVALID when the kb lacks a home-roller fact. */
ac_result ac_home_roller_plan(const ac_kb *kb, time_t start, double needle_mm, int weeks,
			      ac_course *out, char errbuf[AC_ERRBUF_SIZE]);

/* ---- names and values (lib/names.c, lib/duration.c, lib/timefmt.c) ---- */

const char *ac_stance_name(ac_stance s);
const char *ac_verdict_name(ac_verdict v);
const char *ac_device_name(ac_device d);
const char *ac_depth_name(ac_depth d);
const char *ac_skin_name(ac_skin s);
ac_result ac_stance_parse(const char *s, ac_stance *out);
ac_result ac_device_parse(const char *s, ac_device *out);
ac_result ac_depth_parse(const char *s, ac_depth *out);
ac_result ac_skin_parse(const char *s, ac_skin *out);

/* Parse a policy: "conservative", "lenient" or "source:ID" (ID a source of kb). */
ac_result ac_policy_parse(const ac_kb *kb, const char *s, ac_policy *out,
			  char errbuf[AC_ERRBUF_SIZE]);

/* Parse a duration: one or more "<number><unit>" parts ("90m", "4h", "2d", "1w", "1d12h",
 * "36 hours"); units m/min/minute(s), h/hr(s)/hour(s), d/day(s), w/wk(s)/week(s).
 * Writes whole minutes; fails with AC_ERR_ARG on anything else or past ten years. */
ac_result ac_duration_parse(const char *s, int32_t *minutes);

/* Format minutes as exact text, largest units first: "45m", "4h", "1h30m", "3d", "1w",
 * "1d12h" (weeks only when whole); "0h" for 0 or less, "none" for AC_NO_END. buf must hold
 * at least 32 bytes. Returns buf. */
char *ac_duration_format(int32_t minutes, char *buf, size_t len);

/* Parse a local date and time "YYYY-MM-DD HH:MM" (or with a 'T', optional ":SS", or a date
 * alone for midnight) into a time_t. Rejects impossible dates (2026-02-30), times that do not
 * exist locally (in a spring-forward gap) and any other shape ("2026-1-5"). A time may end
 * with an offset, as ac_time_format_iso writes it ("2026-11-20T10:00:00+01:00", or "Z"):
 * then it is that instant, whatever the local zone. */
ac_result ac_time_parse(const char *s, time_t *out);

/* ac_time_parse, and whether the local time occurs twice (when the clocks go back: 01:30 on
 * 25 October 2026 in London, on 1 November 2026 in New York). Such a time is always read as
 * the later of its two instants, in every zone: read as a treatment's time, it keeps every
 * restriction in force longer (docs/cli.md). ambiguous may be NULL; false for a time with an
 * offset. */
ac_result ac_time_parse_ex(const char *s, time_t *out, bool *ambiguous);

/* What ac_time_check found in a time. */
typedef enum ac_time_status {
	AC_TIME_OK = 0,		/* one instant */
	AC_TIME_AMBIGUOUS,	/* a local time that occurs twice: the later instant is taken */
	AC_TIME_MALFORMED,	/* not "YYYY-MM-DD[ HH:MM[:SS]]" with an optional offset */
	AC_TIME_NO_SUCH_DATE,	/* 2026-02-30, month 13, 24:00 */
	AC_TIME_IN_GAP,		/* skipped when the clocks go forward: no clock showed it */
	AC_TIME_BEFORE_1970,	/* before 1970-01-01T00:00:00Z */
	AC_TIME_AFTER_2100,	/* after 2100-12-31T23:59:59Z */
} ac_time_status;

/* ac_time_parse_ex, saying what it found: *status (may be NULL), and in msg (len bytes, may
 * be NULL; 200 are enough) the reason in words for a refusal ("there is no 30 February
 * 2026", "before 1970: the earliest time taken is 1970-01-01T00:00:00Z ...", "02:30 on
 * 2026-03-08 does not exist here: the clocks go forward then, from EST to EDT"), or for an
 * ambiguous time which instant was taken; "" for a plain one. Without "bad ...:" before it:
 * the caller names what it parsed. AC_OK for AC_TIME_OK and AC_TIME_AMBIGUOUS (*out set),
 * AC_ERR_ARG otherwise. */
ac_result ac_time_check(const char *s, time_t *out, ac_time_status *status, char *msg,
			size_t len);

/* The words said of a treatment time that occurred twice and was read as t, the later of
 * its instants: "2026-10-25 01:30 occurs twice here (the clocks go back): read as the later,
 * 2026-10-25T01:30:00+00:00, which keeps every restriction in force longer". Returns buf. */
char *ac_time_twice_note(time_t t, char *buf, size_t len);

/* Format t as local ISO 8601 with offset: "2026-11-25T10:00:00+01:00". */
char *ac_time_format_iso(time_t t, char *buf, size_t len);

/* Minutes in words for people: "90 minutes", "4 hours", "72 hours (3 days)", "7 days",
 * "3 weeks"; a time that is not a whole number of hours (over 90 minutes), or of days past
 * three days, as "7 h 25 min", "2 days 3 h 5 min", "4 days 6 h". Returns buf. */
char *ac_duration_words(int32_t minutes, char *buf, size_t len);

/* Format t for people: "Fri 27 Nov 10:00". */
char *ac_time_format_human(time_t t, char *buf, size_t len);

/* ---- text from outside (lib/untrusted.c) ---- */

/* Escape text that came from outside (a calendar's titles, a question, an HTTP request line)
 * for a terminal or a log: C0 and C1 control characters and DEL become "\xNN", the Unicode
 * bidirectional controls "\uNNNN", a byte that is not UTF-8 "\xNN", a backslash "\\"; every
 * other character is copied whole. Like snprintf: writes at most size bytes to dst, always
 * NUL-terminated when size > 0, never cutting a character or an escape (OWASP: log
 * injection; CWE-150), and returns the length the whole escaped text needs. */
size_t ac_escape_untrusted(char *dst, size_t size, const char *src, size_t len);

/* ac_escape_untrusted's text written to out. Returns 0, or -1 when the write or an
 * allocation fails. */
int ac_write_untrusted(FILE *out, const char *src, size_t len);

/* ---- rendering (lib/render_text.c, lib/render_json.c) ---- */


/* "when": the verdict, from when, why, and every source's position. */
void ac_render_when_text(FILE *out, const ac_kb *kb, const ac_profile *profile,
			 const ac_answer *a, const ac_render_opts *opts);

/* The JSON object for one answer (docs/json.md), written as one line. Returns 0, or -1 when
 * out of memory. */
int ac_render_when_json(FILE *out, const ac_kb *kb, const ac_profile *profile,
			const ac_answer *a);

/* "status": red flags, then what is off limits, with care, fine and recommended at at_min,
 * then what changes next. */
void ac_render_status_text(FILE *out, const ac_kb *kb, const ac_profile *profile,
			   const ac_policy *policy, int32_t at_min, const ac_render_opts *opts);
int ac_render_status_json(FILE *out, const ac_kb *kb, const ac_profile *profile,
			  const ac_policy *policy, int32_t at_min);

/* "plan": red flags, the milestones from treatment until all is clear, what has no end,
 * and with opts->chart a day-by-day chart with a "now" mark at now_min (< 0: none). */
void ac_render_plan_text(FILE *out, const ac_kb *kb, const ac_profile *profile,
			 const ac_policy *policy, int32_t now_min, const ac_render_opts *opts);
int ac_render_plan_json(FILE *out, const ac_kb *kb, const ac_profile *profile,
			const ac_policy *policy, int32_t now_min);

/* "plan" as an HL7 FHIR R4 CarePlan resource (JSON, one line): docs/fhir.md. Returns 0, or
 * -1 when out of memory. (lib/render_fhir.c) */
int ac_render_plan_fhir(FILE *out, const ac_kb *kb, const ac_profile *profile,
			const ac_policy *policy);

/* The guide's red flags that apply to the profile, one line each ("RED FLAG: ..."). */
void ac_render_red_flags(FILE *out, const ac_kb *kb, const ac_profile *profile, bool color);

/* The one-line notice that this is information, not medical advice (the guide alone; with
 * a clinic protocol, ac_disclaimer_clinic: see ac_kb_disclaimer). */
extern const char ac_disclaimer[];
extern const char ac_disclaimer_clinic[];

#ifdef __cplusplus
}
#endif
#endif
