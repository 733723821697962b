/* render_ask.c: the answer to a plain-English question, in words and as JSON. The text
 * leads with the answer; why and who says so follow. */
#include <string.h>

#include <stdlib.h>

#include "ask_internal.h"
#include "render_internal.h"

#define LEAD 1024

static int32_t moment(const ac_question *q, int32_t default_at)
{
	return q->at_min >= 0 ? q->at_min : default_at < 0 ? 0 : default_at;
}

/* "72 hours (3 days) after treatment (Fri 27 Nov 10:00)" */
static char *after_words(const ac_profile *p, int32_t minutes, char *buf, size_t len)
{
	char words[48], date[48];
	snprintf(buf, len, "%s after treatment (%s)", ac_duration_words(minutes, words, sizeof(words)),
		 ac_time_format_human(p->treated_at + (time_t)minutes * 60, date, sizeof(date)));
	return buf;
}

/* "No: one source gives no end; ask your practitioner. The others allow it from 48 hours." */
static void no_end(char *buf, const char *head, const ac_question *q, const ac_answer *a)
{
	int open;
	char when[128];
	int32_t timed_end = ac_answer_timed_end(a, &open);
	int n = snprintf(buf, LEAD, "%s: %s no end for this; ask your practitioner.", head,
			 timed_end ? "one of the guide's sources gives" : "the guide gives");
	if (timed_end && n > 0 && n < LEAD)
		snprintf(buf + n, LEAD - (size_t)n, " The sources that give a time allow it from %s.",
			 after_words(&q->profile, timed_end, when, sizeof(when)));
}

static void lead_can(char *buf, const ac_question *q, const ac_answer *a)
{
	char when[128];
	const char *name = a->activity->name;
	if (a->verdict == AC_VERDICT_UNKNOWN)
		snprintf(buf, LEAD, "The guide does not cover %s for your treatment.", name);
	else if (a->verdict <= AC_VERDICT_CAUTION && a->clear_min == AC_NO_END)
		no_end(buf, a->verdict == AC_VERDICT_AVOID ? "No" : "Only with care", q, a);
	else if (a->verdict <= AC_VERDICT_CAUTION)
		snprintf(buf, LEAD, "%s: not until %s.", a->verdict == AC_VERDICT_AVOID ? "No" : "Only with care",
			 after_words(&q->profile, a->clear_min, when, sizeof(when)));
	else if (a->verdict == AC_VERDICT_RECOMMEND)
		snprintf(buf, LEAD, "Yes: the guide recommends %s at this point.", name);
	else if (a->clear_min == 0)
		snprintf(buf, LEAD, "Yes: the guide puts no restriction on %s.", name);
	else
		snprintf(buf, LEAD, "Yes: %s is fine from %s.", name,
			 after_words(&q->profile, a->clear_min, when, sizeof(when)));
}

static void lead_when(char *buf, const ac_question *q, const ac_answer *a)
{
	char when[128];
	const char *name = a->activity->name;
	if (a->verdict == AC_VERDICT_UNKNOWN && a->n_positions == 0)
		snprintf(buf, LEAD, "The guide does not cover %s for your treatment.", name);
	else if (a->clear_min == AC_NO_END)
		no_end(buf, name, q, a);
	else if (a->clear_min == 0)
		snprintf(buf, LEAD, "%s: fine from the start; the guide puts no time on it.", name);
	else
		snprintf(buf, LEAD, "%s: fine from %s.", name,
			 after_words(&q->profile, a->clear_min, when, sizeof(when)));
}

static size_t append(char *buf, size_t used, const char *fmt, const char *s)
{
	int n = snprintf(buf + used, used < LEAD ? LEAD - used : 0, fmt, s);
	return n > 0 && used + (size_t)n < LEAD ? used + (size_t)n : used;
}

static void lead_avoid_list(char *buf, const ac_kb *kb, const ac_question *q,
			    const ac_policy *policy, int32_t at)
{
	char words[48];
	size_t used = (size_t)snprintf(buf, LEAD, "At %s after treatment",
				       ac_duration_words(at, words, sizeof(words)));
	for (int v = AC_VERDICT_AVOID; v <= AC_VERDICT_CAUTION; v++) {
		int n = 0;
		for (size_t i = 0; i < ac_kb_activity_count(kb); i++) {
			ac_answer a;
			ac_query(kb, &q->profile, policy, (int)i, at, &a);
			if ((int)a.verdict != v)
				continue;
			used = append(buf, used, n ? ", %s" : v == AC_VERDICT_AVOID ? ", avoid: %s"
										  : "; only with care: %s",
				      a.activity->name);
			n++;
		}
	}
	append(buf, used, "%s", ".");
}

/* "why can't I exercise": the reasons the sources give for each restriction that holds it
 * back, each once, with who gives it. */
static void lead_why(char *buf, const ac_kb *kb, const ac_answer *a)
{
	size_t used = (size_t)snprintf(buf, LEAD, "The reasons the guide gives for waiting (%s):", a->activity->name);
	const char *said[AC_MAX_POSITIONS];
	size_t n_said = 0;
	for (size_t i = 0; i < a->n_positions; i++) {
		const ac_rule *r = a->positions[i].rule;
		bool seen = !r->reason || !ac_stance_restricts(r->stance) || r->implied;
		for (size_t k = 0; k < n_said && !seen; k++)
			seen = strcmp(said[k], r->reason) == 0;
		if (seen)
			continue;
		said[n_said++] = r->reason;
		used = append(buf, used, " %s", r->reason);
		used = append(buf, used, " (%s)", ac_kb_source(kb, (size_t)r->source)->name);
	}
	if (!n_said)
		append(buf, used, " %s", "the guide gives no reason for it.");
}

static void lead_facts(char *buf, const ac_kb *kb, const ac_question *q)
{
	size_t used = 0;
	for (size_t i = 0; i < q->n_facts; i++)
		used = append(buf, used, i ? " %s" : "%s", ac_kb_fact(kb, (size_t)q->facts[i])->text);
	if (!q->n_facts)
		append(buf, used, "%s", "The guide says nothing more on this for your skin type.");
}

static bool timed(const ac_question *q);

/* "4 days 8 hours", "30 h 15 min", "45 minutes": how a person reads a span. */
static void span_words(int32_t minutes, char *buf, size_t len)
{
	int32_t d = minutes / 1440, h = minutes % 1440 / 60, m = minutes % 60;
	if (minutes < 60)
		snprintf(buf, len, "%d minute%s", (int)minutes, minutes == 1 ? "" : "s");
	else if (minutes < 48 * 60 && m)
		snprintf(buf, len, "%d h %d min", (int)(minutes / 60), (int)m);
	else if (minutes < 48 * 60)
		snprintf(buf, len, "%d hour%s", (int)(minutes / 60), minutes / 60 == 1 ? "" : "s");
	else if (h)
		snprintf(buf, len, "%d days %d hour%s", (int)d, (int)h, h == 1 ? "" : "s");
	else
		snprintf(buf, len, "%d days", (int)d);
}

/* "For Fri 27 Nov 18:00, 7 days 8 hours after treatment: " - the moment an answer is for,
 * said before it; "(now)" when the question named none. */
static void moment_words(char *buf, size_t len, const ac_question *q, int32_t at)
{
	char date[48], words[48];
	ac_time_format_human(q->profile.treated_at + (time_t)at * 60, date, sizeof(date));
	if (at > 0)
		span_words(at, words, sizeof(words));
	snprintf(buf, len, "For %s%s, %s after treatment: ", date,
		 q->anchor == AC_ANCHOR_ASKED ? " (now)" : "", at > 0 ? words : "right");
}

static void lead_answer(char *buf, const ac_kb *kb, const ac_question *q, const ac_policy *policy,
			int32_t at, const ac_answer *a);

/* The second activity of a question ("the sauna and the steam room"), asked as its own
 * question: computed once, for the lead sentence and for JSON's "also". */
typedef struct second_answer {
	bool has;
	ac_question q;
	ac_answer a;
} second_answer;

/* The second activity's answer, for the same moment and profile; has is false when the
 * question has none. */
static void second_of(const ac_kb *kb, const ac_question *q, const ac_policy *policy, int32_t at,
		      second_answer *s)
{
	s->has = q->also >= 0 &&
		 (q->kind == AC_ASK_CAN || q->kind == AC_ASK_WHEN || q->kind == AC_ASK_AMBIGUOUS);
	if (!s->has)
		return;
	s->q = *q;
	s->q.activity = q->also;
	s->q.also = -1;
	if (q->kind == AC_ASK_AMBIGUOUS)	/* each reading answered as asked of it */
		s->q.kind = AC_ASK_CAN;
	ac_query(kb, &q->profile, policy, q->also, at, &s->a);
}

static void lead_sentence(char *buf, const ac_kb *kb, const ac_question *q, const ac_policy *policy,
			  int32_t at, const ac_answer *a, const second_answer *b)
{
	char answer[LEAD];
	lead_answer(answer, kb, q, policy, at, a);
	if (b->has) {
		char second[LEAD];
		lead_answer(second, kb, &b->q, policy, at, &b->a);
		if (q->kind != AC_ASK_AMBIGUOUS && a && a->activity &&
		    !strstr(answer, a->activity->name)) {
			char named[LEAD];	/* "Swimming: No: not until …", beside the second */
			snprintf(named, LEAD, "%s: %.*s", a->activity->name, (int)(LEAD / 2), answer);
			memcpy(answer, named, LEAD);
		}
		size_t used = strlen(answer);
		snprintf(answer + used, LEAD - used, " And %s: %.*s", b->a.activity->name,
			 (int)(LEAD / 2), second);
	}
	if (!timed(q) || q->kind == AC_ASK_AVOID_LIST) {	/* its own lead says the moment */
		memcpy(buf, answer, LEAD);
		return;
	}
	moment_words(buf, LEAD, q, at);
	size_t used = strlen(buf);
	/* truncated at a byte, but the lead answers are far below LEAD */
	snprintf(buf + used, LEAD - used, "%.*s", (int)(LEAD - used - 1), answer);
}

static void lead_answer(char *buf, const ac_kb *kb, const ac_question *q, const ac_policy *policy,
			int32_t at, const ac_answer *a)
{
	const ac_activity *act = q->activity >= 0 ? ac_kb_activity(kb, (size_t)q->activity) : NULL;
	switch (q->kind) {
	case AC_ASK_CAN: lead_can(buf, q, a); break;
	case AC_ASK_WHEN: lead_when(buf, q, a); break;
	case AC_ASK_AVOID_LIST: lead_avoid_list(buf, kb, q, policy, at); break;
	case AC_ASK_INFO:
		if (a) {
			lead_why(buf, kb, a);
			break;
		}
		/* fall through */
	case AC_ASK_FREQUENCY:
	case AC_ASK_REDFLAG: lead_facts(buf, kb, q); break;
	case AC_ASK_AMBIGUOUS:
		if (q->also >= 0) {	/* both readings covered: each answered */
			char reading[LEAD];
			lead_can(reading, q, a);
			bool named = strstr(reading, act->name) != NULL;
			snprintf(buf, LEAD, "That word can mean two things, and the guide covers both. "
					    "%s%s%.*s", named ? "" : act->name, named ? "" : ": ",
				 (int)(LEAD / 2), reading);
			break;
		}
		snprintf(buf, LEAD, "That word can mean two things. %s: the guide covers it (below). "
				    "%s: the guide does not cover that.",
			 act->name, act->other_meaning);
		break;
	default:
		if (q->topic[0] && q->n_facts)
			snprintf(buf, LEAD, "The guide does not cover %s; ask your practitioner. Nearby, "
					    "it says: %s", q->topic, ac_kb_fact(kb, (size_t)q->facts[0])->text);
		else if (q->topic[0])
			snprintf(buf, LEAD, "The guide does not cover %s. Ask your practitioner.", q->topic);
		else
			snprintf(buf, LEAD, "That is not a question the guide answers. Try, for example: "
					    "can I swim 2 days after microneedling?");
	}
}

/* Kinds whose answer depends on the moment: their elapsed_hours is the moment used. */
static bool timed(const ac_question *q)
{
	return q->kind == AC_ASK_CAN || q->kind == AC_ASK_WHEN || q->kind == AC_ASK_AVOID_LIST ||
	       q->kind == AC_ASK_AMBIGUOUS || q->at_min >= 0;
}

static bool has_answer(const ac_question *q)
{
	return q->kind == AC_ASK_CAN || q->kind == AC_ASK_WHEN || q->kind == AC_ASK_AMBIGUOUS ||
	       (q->kind == AC_ASK_INFO && q->activity >= 0);	/* "why": the reasons */
}

static void print_facts(FILE *out, const ac_kb *kb, const ac_question *q)
{
	for (size_t i = 0; i < q->n_facts; i++) {
		const ac_fact *f = ac_kb_fact(kb, (size_t)q->facts[i]);
		fprintf(out, "  %s:\n    \u201c%s\u201d\n    (%s)\n",
			ac_kb_source(kb, (size_t)f->source)->name, f->quote, f->section);
	}
}

/* "Can I swim and use the hot tub on Sunday?": of two activities, the one not yet fine is
 * answered first, so the lead's first word answers the whole question ("No: swimming …
 * And hot tub: yes"). Returns q, or buf holding q with the two swapped. */
static const ac_question *stricter_first(const ac_kb *kb, const ac_question *q,
					 const ac_policy *policy, int32_t at, ac_question *buf)
{
	if (q->also < 0 || q->kind != AC_ASK_CAN)
		return q;
	ac_answer first, second;
	ac_query(kb, &q->profile, policy, q->activity, at, &first);
	ac_query(kb, &q->profile, policy, q->also, at, &second);
	bool first_fine = first.verdict == AC_VERDICT_OK || first.verdict == AC_VERDICT_RECOMMEND;
	bool second_fine = second.verdict == AC_VERDICT_OK || second.verdict == AC_VERDICT_RECOMMEND;
	if (!first_fine || second_fine)
		return q;
	*buf = *q;
	buf->activity = q->also;
	buf->also = q->activity;
	return buf;
}

void ac_render_ask_text(FILE *out, const ac_kb *kb, const ac_question *q,
			const ac_policy *policy, int32_t default_at, const ac_render_opts *opts)
{
	char lead[LEAD];
	int32_t at = moment(q, default_at);
	ac_question swapped;
	q = stricter_first(kb, q, policy, at, &swapped);
	ac_answer a;
	if (has_answer(q)) {
		ac_query(kb, &q->profile, policy, q->activity, at, &a);
		ac_answer_add_variants(kb, &q->profile, policy, &a);
		ac_answer_add_guide(kb, &q->profile, policy, &a);
	}
	second_answer b;
	second_of(kb, q, policy, at, &b);
	lead_sentence(lead, kb, q, policy, at, has_answer(q) ? &a : NULL, &b);
	fprintf(out, "%s%s%s\n", opts->color ? "\033[1m" : "", lead, opts->color ? "\033[0m" : "");
	if (q->cues)
		fprintf(out, "(Read from your question: %s, depth %s, skin %s.)\n",
			ac_device_name(q->profile.device), ac_depth_name(q->profile.depth),
			ac_skin_name(q->profile.skin));
	if (has_answer(q)) {
		fputc('\n', out);
		ac_render_when_text(out, kb, &q->profile, &a, opts);
	} else if (q->n_facts) {
		fprintf(out, "\nFrom the guide:\n");
		print_facts(out, kb, q);
	}
	fprintf(out, "\n%s\n", ac_kb_disclaimer(kb));
}

static json_t *facts_array(const ac_kb *kb, const ac_question *q)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < q->n_facts; i++)
		if (json_array_append_new(arr, ac_fact_json(kb, ac_kb_fact(kb, (size_t)q->facts[i])))) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

static bool same_key(const ask_cache_slot *c, int activity, int32_t at, const ac_profile *p,
		     const ac_policy *policy)
{
	return c->body && c->activity == activity && c->at == at &&
	       c->profile.treated_at == p->treated_at && c->profile.device == p->device &&
	       c->profile.depth == p->depth && c->profile.skin == p->skin &&
	       c->policy.kind == policy->kind && c->policy.source == policy->source;
}

/* The "when" object's members for the question's activity and moment, less the two that the
 * question's own fields give (activity, elapsed_hours): from the memo or made now. */
static const ask_cache_slot *when_body(ac_asker *asker, const ac_question *q,
				       const ac_policy *policy, int32_t at, const ac_answer *a)
{
	uint32_t h = (uint32_t)q->activity * 2654435761u ^ (uint32_t)at * 40503u ^
		     (uint32_t)(q->profile.device | q->profile.depth << 2 | q->profile.skin << 4 |
				policy->kind << 7 | (uint32_t)(policy->source + 1) << 9);
	ask_cache_slot *c = &asker->cache[h % ASK_CACHE_SLOTS];
	if (same_key(c, q->activity, at, &q->profile, policy))
		return c;
	json_t *o = ac_answer_json(asker->kb, &q->profile, a);
	if (!o)
		return NULL;
	json_object_del(o, "activity");
	json_object_del(o, "elapsed_hours");
	char *text = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(o);
	size_t len = text ? strlen(text) : 0;
	if (len < 2) {
		free(text);
		return NULL;
	}
	free(c->body);
	memmove(text, text + 1, len - 2);	/* drop the braces */
	*c = (ask_cache_slot){text, len - 2, q->activity, at, q->profile, *policy};
	return c;
}

/* [{"activity", "name", "verdict", "clear_after_hours", "clear_at", "answer"}] for the
 * question's second activity; [] when there is none. */
static json_t *also_json(const ac_kb *kb, const ac_question *q, const ac_policy *policy,
			 int32_t at, const second_answer *b)
{
	json_t *arr = json_array();
	if (!arr || !b->has)
		return arr;
	char lead[LEAD];
	lead_answer(lead, kb, &b->q, policy, at, &b->a);
	json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:s}", "activity", b->a.activity->id,
			      "name", b->a.activity->name, "verdict", ac_verdict_name(b->a.verdict),
			      "clear_after_hours", ac_hours_json(b->a.clear_min), "clear_at",
			      ac_time_json(q->profile.treated_at, b->a.clear_min), "answer", lead);
	if (!o || json_array_append_new(arr, o)) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/* Two objects made by jansson, with disjoint keys, are joined by splicing their members:
 * the memo holds the larger one already serialized. */
int ac_render_ask_json(FILE *out, ac_asker *asker, const char *question, const ac_question *q,
		       const ac_policy *policy, int32_t default_at)
{
	const ac_kb *kb = asker->kb;
	char lead[LEAD];
	int32_t at = moment(q, default_at);
	ac_question swapped;
	q = stricter_first(kb, q, policy, at, &swapped);
	ac_answer a;
	const ask_cache_slot *body = NULL;
	if (has_answer(q)) {
		ac_query(kb, &q->profile, policy, q->activity, at, &a);
		ac_answer_add_variants(kb, &q->profile, policy, &a);
		ac_answer_add_guide(kb, &q->profile, policy, &a);
		if (!(body = when_body(asker, q, policy, at, &a)))
			return -1;
	}
	second_answer b;
	second_of(kb, q, policy, at, &b);
	lead_sentence(lead, kb, q, policy, at, has_answer(q) ? &a : NULL, &b);
	const ac_activity *act = q->activity >= 0 ? ac_kb_activity(kb, (size_t)q->activity) : NULL;
	json_t *o = json_object();
	if (!o || json_object_set_new(o, "question", json_string(question)) |
			  json_object_set_new(o, "kind", json_string(ac_ask_kind_name(q->kind))) |
			  json_object_set_new(o, "activity", act ? json_string(act->id) : json_null()) |
			  json_object_set_new(o, "elapsed_hours", timed(q) ? ac_hours_json(at)
									     : json_null()) |
			  json_object_set_new(o, "anchor", timed(q) ? json_string(ac_anchor_name(q->anchor))
								    : json_null()) |
			  json_object_set_new(o, "moment", timed(q) ? ac_time_json(q->profile.treated_at, at)
								    : json_null()) |
			  json_object_set_new(o, "profile", ac_profile_json(&q->profile, kb, policy)) |
			  json_object_set_new(o, "answer", json_string(lead)) |
			  json_object_set_new(o, "facts", facts_array(kb, q)) |
			  json_object_set_new(o, "topic", q->kind == AC_ASK_UNKNOWN ? json_string(q->topic)
										    : json_null()) |
			  json_object_set_new(o, "also", also_json(kb, q, policy, at, &b))) {
		json_decref(o);
		return -1;
	}
	char *head = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(o);
	if (!head)
		return -1;
	size_t hlen = strlen(head);
	fwrite(head, 1, hlen - 1, out);		/* without its closing brace */
	if (body) {
		fputc(',', out);
		fwrite(body->body, 1, body->len, out);
	}
	fputs("}\n", out);
	free(head);
	return ferror(out) ? -1 : 0;
}
