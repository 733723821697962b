/* engine.c: "may I do this now, and from when?" for one activity, profile and policy.
 *
 * The semantics are in docs/semantics.md; in short:
 * - the rules bearing on an activity are its own and its groups' (the chain), less those
 *   whose conditions the profile does not meet (an unstated depth or skin is the typical
 *   case: conditional rules are left to the variants);
 * - a rule is in force from its start (inclusive) to its end (exclusive); a restriction the
 *   guide leaves open ends when the longest time the guide gives for the activity or its
 *   groups ends ("open is not for ever"), and stays open only where the guide gives none;
 * - within one voice (a published text with the experts it quotes), a statement that allows
 *   the activity itself beats the same voice's restriction of its group ("specific beats
 *   general"); where both restrict, both hold;
 * - a restriction of a group covers its members; a permission of a group does not ("you can
 *   sweat as usual" is no word on saunas), so inherited permissions are shown, not counted;
 * - each source's stance at a time is its strictest rule in force; a source whose rules
 *   have all ended states nothing (the end of a restriction is not a permission); the
 *   verdict is the strictest stated stance (conservative), the most permissive (lenient) or
 *   the one source's (source:ID); ok when nobody states anything but restrictions have
 *   ended; unknown when no source has spoken at all;
 * - the activity is clear from the earliest time after which the verdict stays ok or
 *   recommend; AC_NO_END when a restriction never ends.
 */
#include <stdlib.h>

#include "kb_internal.h"

bool ac_rule_matches(const ac_rule *r, const ac_profile *p)
{
	if (r->device_mask && !(r->device_mask & (1u << p->device)))
		return false;
	if (r->depth_mask && !(r->depth_mask & (1u << p->depth)))
		return false;	/* unspecified (bit 0) is never in a mask: the typical case */
	if (r->skin_mask && !(r->skin_mask & (1u << p->skin)))
		return false;
	return true;
}

static bool counts(const ac_rule *r, const ac_policy *policy)
{
	return policy->kind != AC_POLICY_SOURCE || r->source == policy->source;
}

static bool restricts(ac_verdict v)
{
	return v == AC_VERDICT_AVOID || v == AC_VERDICT_CAUTION || v == AC_VERDICT_UNKNOWN;
}

static bool in_window(const ac_position *p, int32_t t)
{
	return p->from_min <= t && t < p->until_min;
}

static int voice_of(const ac_kb *kb, int source)
{
	return AC_VEC_AT(&kb->sources, ac_source, source)->voice;
}

typedef struct query_state {
	const ac_kb *kb;
	const ac_policy *policy;
	bool overrides;		/* some restriction may give way to a specific statement */
} query_state;

/* Whether permission p can override restriction r ("specific beats general"): a counted
 * statement of the same voice, about something more specific than r is said of. */
static bool may_override(const ac_kb *kb, const ac_policy *policy, const ac_position *p,
			 const ac_position *r)
{
	return p->level < r->level && !ac_stance_restricts(p->rule->stance) &&
	       voice_of(kb, p->rule->source) == voice_of(kb, r->rule->source) &&
	       counts(p->rule, policy);
}

/* Whether restriction r, in force at t, gives way to such a permission in force at t. */
static bool overridden_at(const ac_kb *kb, const ac_policy *policy, const ac_answer *a,
			  const ac_position *r, int32_t t)
{
	for (size_t i = 0; i < a->n_positions; i++)
		if (in_window(&a->positions[i], t) && may_override(kb, policy, &a->positions[i], r))
			return true;
	return false;
}

/* One source's stance at t: its strictest rule in force (less those overridden); -1 when
 * none is in force. *ended is set when some of its rules has ended by t, or gave way at t
 * to the same voice's more specific words (rule 3): restriction_end cuts it there too, so the
 * verdict at the clear time is not "unknown" when that permission, inherited, does not
 * count for a member. */
static int source_stance_at(const query_state *q, const ac_answer *a, size_t *i, int32_t t,
			    bool *ended)
{
	int source = a->positions[*i].rule->source, stance = -1;
	for (; *i < a->n_positions && a->positions[*i].rule->source == source; (*i)++) {
		const ac_position *p = &a->positions[*i];
		if (in_window(p, t)) {
			if (q->overrides && ac_stance_restricts(p->rule->stance) &&
			    overridden_at(q->kb, q->policy, a, p, t)) {
				*ended = true;	/* it gave way: its binding ended (clear_time) */
				continue;
			}
			if (p->level > 0 && !ac_stance_restricts(p->rule->stance))
				continue;	/* "you can sweat" does not license the sauna */
			if (stance < 0 || (int)p->rule->stance < stance)
				stance = (int)p->rule->stance;
		} else if (p->until_min <= t) {
			*ended = true;
		}
	}
	return stance;
}

static ac_verdict verdict_at(const query_state *q, const ac_answer *a, int32_t t)
{
	int verdict = -1;
	bool ended = false;
	for (size_t i = 0; i < a->n_positions;) {	/* positions are grouped by source */
		bool counted = counts(a->positions[i].rule, q->policy), source_ended = false;
		int stance = source_stance_at(q, a, &i, t, &source_ended);
		if (!counted)
			continue;
		ended |= source_ended;
		if (stance < 0)
			continue;
		if (verdict < 0 ||
		    (q->policy->kind == AC_POLICY_LENIENT ? stance > verdict : stance < verdict))
			verdict = stance;
	}
	if (verdict < 0)	/* nobody states anything now: fine if restrictions have ended */
		return ended ? AC_VERDICT_OK : AC_VERDICT_UNKNOWN;
	return (ac_verdict)verdict;
}

/* Insert t into the ascending, duplicate-free array b of *n values (capacity max). */
static void add_breakpoint(int32_t *b, size_t *n, size_t max, int32_t t)
{
	size_t i = *n;
	while (i > 0 && b[i - 1] > t)
		i--;
	if ((i > 0 && b[i - 1] == t) || *n == max)
		return;
	for (size_t j = *n; j > i; j--)
		b[j] = b[j - 1];
	b[i] = t;
	(*n)++;
}

/* The general case: walk the segments between breakpoints from the last one back. */
static int32_t clear_by_segments(const query_state *q, const ac_answer *a)
{
	int32_t b[2 * AC_MAX_POSITIONS + 1];
	size_t n = 0;
	add_breakpoint(b, &n, sizeof(b) / sizeof(b[0]), 0);
	for (size_t i = 0; i < a->n_positions; i++) {
		const ac_position *p = &a->positions[i];
		if (!counts(p->rule, q->policy) && !q->overrides)
			continue;
		add_breakpoint(b, &n, sizeof(b) / sizeof(b[0]), p->from_min);
		if (p->until_min != AC_NO_END)
			add_breakpoint(b, &n, sizeof(b) / sizeof(b[0]), p->until_min);
	}
	if (restricts(verdict_at(q, a, b[n - 1])))
		return AC_NO_END;
	for (size_t k = n - 1; k-- > 0;)
		if (restricts(verdict_at(q, a, b[k])))
			return b[k + 1];
	return 0;
}

/* When restriction r stops mattering: the end of the part of its window that no
 * permission of the same voice about something more specific covers (rule 3); 0 when all of
 * it is covered. */
static int32_t restriction_end(const query_state *q, const ac_answer *a, const ac_position *r)
{
	int32_t end = r->until_min;
	for (bool moved = q->overrides; moved && end > r->from_min;) {
		moved = false;
		for (size_t i = 0; i < a->n_positions; i++) {
			const ac_position *p = &a->positions[i];
			if (p->from_min < end && p->until_min >= end &&
			    may_override(q->kb, q->policy, p, r)) {
				end = p->from_min;	/* [p.from, end) is covered: look before it */
				moved = true;
			}
		}
	}
	return end > r->from_min ? end : 0;
}

static int32_t clear_time(const query_state *q, const ac_answer *a)
{
	if (q->policy->kind != AC_POLICY_CONSERVATIVE)
		return clear_by_segments(q, a);
	/* Conservative, with something in force from the start: clear when the last
	 * restriction stops mattering. Otherwise the start may be unknown: the general path. */
	int32_t last_end = 0;
	bool starts_at_zero = false;
	for (size_t i = 0; i < a->n_positions; i++) {
		const ac_position *p = &a->positions[i];
		starts_at_zero |= p->from_min == 0;
		if (ac_stance_restricts(p->rule->stance) && p->binding_until > last_end)
			last_end = p->binding_until;
	}
	return starts_at_zero ? last_end : clear_by_segments(q, a);
}

bool ac_answer_source_end(const ac_answer *a, int source, int32_t *end, ac_stance *strictest)
{
	return ac_positions_source_end(a->positions, a->n_positions, source, end, strictest);
}

bool ac_positions_source_end(const ac_position *ps, size_t n, int source, int32_t *end,
			     ac_stance *strictest)
{
	bool found = false;
	*end = 0;
	*strictest = AC_STANCE_RECOMMEND;
	for (size_t i = 0; i < n; i++) {
		const ac_position *p = &ps[i];
		if (p->rule->source != source)
			continue;
		found = true;
		if (p->rule->stance < *strictest)
			*strictest = p->rule->stance;
		if (ac_stance_restricts(p->rule->stance) && p->binding_until > *end)
			*end = p->binding_until;
	}
	return found;
}

bool ac_answer_next_source(const ac_answer *a, size_t *pos, int *source, int32_t *end)
{
	if (*pos >= a->n_positions)
		return false;
	ac_stance strictest;
	*source = a->positions[*pos].rule->source;
	ac_answer_source_end(a, *source, end, &strictest);
	while (*pos < a->n_positions && a->positions[*pos].rule->source == *source)
		(*pos)++;	/* positions are grouped by source */
	return true;
}

int32_t ac_answer_timed_end(const ac_answer *a, int *open_sources)
{
	int32_t latest = 0, end;
	int source;
	*open_sources = 0;
	for (size_t pos = 0; ac_answer_next_source(a, &pos, &source, &end);) {
		if (end == AC_NO_END)
			(*open_sources)++;
		else if (end > latest)
			latest = end;
	}
	return latest;
}

/* Whether the sources' restrictions end at different times. One pass: positions are
 * grouped by source. */
static bool sources_disagree(const ac_answer *a)
{
	int32_t first_end = -1, end = 0;
	for (size_t i = 0; i < a->n_positions; i++) {
		const ac_position *p = &a->positions[i];
		if (ac_stance_restricts(p->rule->stance) && p->binding_until > end)
			end = p->binding_until;
		if (i + 1 == a->n_positions || a->positions[i + 1].rule->source != p->rule->source) {
			if (first_end < 0)
				first_end = end;
			else if (end != first_end)
				return true;
			end = 0;
		}
	}
	return false;
}

/* How many group steps lead from activity up to the one a rule is said of. */
static uint8_t level_of(const ac_kb *kb, int activity, int said_of)
{
	uint8_t level = 0;
	for (int x = activity; x >= 0 && x != said_of; level++)
		x = AC_VEC_AT(&kb->activities, ac_activity, x)->group;
	return level;
}

/* Whether some permissive statement sits below a restriction of the same voice (only then
 * can "specific beats general" change anything). Voices past the first 8 are assumed to. */
#define FEW_VOICES 8
static bool overrides_possible(const ac_kb *kb, const ac_answer *a)
{
	uint8_t min_allow[FEW_VOICES] = {UINT8_MAX, UINT8_MAX, UINT8_MAX, UINT8_MAX,
					 UINT8_MAX, UINT8_MAX, UINT8_MAX, UINT8_MAX};
	uint8_t max_restrict[FEW_VOICES] = {0};
	unsigned seen = 0;
	for (size_t i = 0; i < a->n_positions; i++) {
		const ac_position *p = &a->positions[i];
		int v = voice_of(kb, p->rule->source);
		if (v >= FEW_VOICES)
			return true;
		seen |= 1u << v;
		if (ac_stance_restricts(p->rule->stance)) {
			if (p->level > max_restrict[v])
				max_restrict[v] = p->level;
		} else if (p->level < min_allow[v]) {
			min_allow[v] = p->level;
		}
	}
	for (int v = 0; seen; v++, seen >>= 1)
		if ((seen & 1) && min_allow[v] < max_restrict[v])
			return true;
	return false;
}

void ac_query(const ac_kb *kb, const ac_profile *profile, const ac_policy *policy,
	      int activity, int32_t at_min, ac_answer *out)
{
	out->activity = AC_VEC_AT(&kb->activities, ac_activity, activity);
	out->at_min = at_min;
	out->n_positions = 0;
	out->n_variants = 0;
	out->guide.n_positions = 0;
	const ac_rule *rules = kb->rules.items;
	int32_t longest = 0;	/* the longest time the guide gives for it or its groups */
	/* A clinic protocol that names the activity speaks for it over the guide's words on its
	 * groups too: "no sauna for 12 hours" is not held to the guide's 48 hours for sweating
	 * (docs/semantics.md, "Policies"); those words stay beside it (ac_answer_add_guide). */
	bool clinic_named = kb->replaced && kb->guide &&
			    (size_t)activity < kb->guide->activities.n && kb->replaced[activity];
	for (uint32_t i = kb->chain_start[activity]; i < kb->chain_start[activity + 1]; i++) {
		const ac_rule *r = &rules[kb->chain[i]];
		if (!ac_rule_matches(r, profile))
			continue;
		if (clinic_named && r->activity != activity && !ac_rule_is_clinic(kb, r))
			continue;
		ac_position *p = &out->positions[out->n_positions++];
		p->rule = r;
		p->from_min = r->from_min;
		p->until_min = r->until_min;
		p->open = false;
		p->overridden = false;
		p->inherited = r->activity != activity;
		p->level = p->inherited ? level_of(kb, activity, r->activity) : 0;
		int32_t given = ac_stance_restricts(r->stance) ? r->until_min : r->from_min;
		if (given != AC_NO_END && given > longest)
			longest = given;
	}
	bool any = false;
	for (size_t i = 0; i < out->n_positions; i++) {
		ac_position *p = &out->positions[i];
		if (p->until_min == AC_NO_END && ac_stance_restricts(p->rule->stance)) {
			p->open = true;
			if (longest > p->from_min)
				p->until_min = longest;
		}
		p->in_force = in_window(p, at_min);
		any |= counts(p->rule, policy);
	}
	query_state q = {kb, policy, out->n_positions > 1 && overrides_possible(kb, out)};
	for (size_t i = 0; i < out->n_positions; i++) {
		ac_position *p = &out->positions[i];
		p->binding_until = p->until_min;
		if (!q.overrides || !ac_stance_restricts(p->rule->stance))
			continue;
		p->overridden = p->in_force && overridden_at(kb, policy, out, p, at_min);
		p->binding_until = restriction_end(&q, out, p);
	}
	if (!any) {
		out->verdict = AC_VERDICT_UNKNOWN;
		out->clear_min = AC_NO_END;
	} else {
		out->verdict = verdict_at(&q, out, at_min);
		out->clear_min = clear_time(&q, out);
	}
	out->disputed = sources_disagree(out);
}

/* Add to a the variant under profile p, if it differs from a. */
static void add_variant(const ac_kb *kb, const ac_profile *p, const ac_policy *policy,
			int activity, ac_answer *a)
{
	ac_answer v;
	ac_query(kb, p, policy, activity, a->at_min, &v);
	if (a->n_variants >= AC_MAX_VARIANTS ||
	    (v.verdict == a->verdict && v.clear_min == a->clear_min))
		return;
	ac_variant *out = &a->variants[a->n_variants++];
	out->depth = p->depth;
	out->skin = p->skin;
	out->verdict = v.verdict;
	out->clear_min = v.clear_min;
	out->source = -1;
	for (size_t i = 0; i < v.n_positions && out->source < 0; i++)
		if (v.positions[i].rule->depth_mask || v.positions[i].rule->skin_mask)
			out->source = v.positions[i].rule->source;
}

size_t ac_answer_add_variants(const ac_kb *kb, const ac_profile *profile,
			      const ac_policy *policy, ac_answer *a)
{
	int activity = (int)(a->activity - (const ac_activity *)kb->activities.items);
	unsigned depths = 0, skins = 0;
	const ac_rule *rules = kb->rules.items;
	for (uint32_t i = kb->chain_start[activity]; i < kb->chain_start[activity + 1]; i++) {
		depths |= rules[kb->chain[i]].depth_mask;
		skins |= rules[kb->chain[i]].skin_mask;
	}
	a->n_variants = 0;
	for (int d = AC_DEPTH_SUPERFICIAL; d <= AC_DEPTH_DEEP; d++)
		if (profile->depth == AC_DEPTH_UNSPECIFIED && (depths & (1u << d))) {
			ac_profile p = *profile;
			p.depth = (ac_depth)d;
			add_variant(kb, &p, policy, activity, a);
		}
	for (int k = AC_SKIN_SENSITIVE; k <= AC_SKIN_ACNE_PRONE; k++)
		if (profile->skin == AC_SKIN_UNSPECIFIED && (skins & (1u << k))) {
			ac_profile p = *profile;
			p.skin = (ac_skin)k;
			add_variant(kb, &p, policy, activity, a);
		}
	return a->n_variants;
}

/* Whether a protocol replaced the guide's rules on activity or a group it is in. */
static bool replaced_here(const ac_kb *kb, int activity)
{
	const ac_kb *g = kb->guide;
	for (int x = activity; x >= 0 && (size_t)x < g->activities.n;
	     x = AC_VEC_AT(&g->activities, ac_activity, x)->group)
		if (kb->replaced[x])
			return true;
	return false;
}

/* How the clinic's time compares with the replaced guide voices' (see ac_guide_side). */
static void compare_clinic(const ac_kb *kb, ac_answer *a)
{
	ac_guide_side *g = &a->guide;
	int32_t end;
	ac_stance strictest;
	g->clinic_end = -1;
	for (size_t i = 0; i < a->n_positions; i++) {
		const ac_rule *r = a->positions[i].rule;
		if (ac_rule_is_clinic(kb, r) &&
		    ac_answer_source_end(a, r->source, &end, &strictest) && end > g->clinic_end)
			g->clinic_end = end;
	}
	g->differs = false;
	g->more_lenient = g->clinic_end >= 0;
	for (size_t i = 0; i < g->n_positions; i++) {
		ac_positions_source_end(g->positions, g->n_positions, g->positions[i].rule->source,
					&end, &strictest);
		g->differs |= end != g->clinic_end;
		g->more_lenient &= g->clinic_end < end;
	}
}

size_t ac_answer_add_guide(const ac_kb *kb, const ac_profile *profile, const ac_policy *policy,
			   ac_answer *a)
{
	int activity = (int)(a->activity - (const ac_activity *)kb->activities.items);
	a->guide.n_positions = 0;
	if (!kb->guide || (size_t)activity >= kb->guide->activities.n ||
	    !replaced_here(kb, activity))
		return 0;
	/* A policy that follows the clinic's own source says nothing of the guide's. */
	ac_policy gp = *policy;
	if (gp.kind == AC_POLICY_SOURCE && (size_t)gp.source >= kb->guide->sources.n)
		gp = (ac_policy){AC_POLICY_CONSERVATIVE, -1};
	ac_answer *alone = malloc(sizeof(*alone));	/* large: not on the stack */
	if (!alone)
		return 0;
	ac_query(kb->guide, profile, &gp, activity, a->at_min, alone);
	ac_guide_side *g = &a->guide;
	/* replaced: the guide's words on what the protocol names, and, where it names this
	 * very activity, the restrictions it inherits from its groups (ac_query; a group's
	 * permissions never counted for its members, so they replace nothing) */
	for (size_t i = 0; i < alone->n_positions; i++) {
		const ac_position *p = &alone->positions[i];
		if (kb->replaced[p->rule->activity] ||
		    (kb->replaced[activity] && ac_stance_restricts(p->rule->stance)))
			g->positions[g->n_positions++] = *p;
	}
	g->verdict = alone->verdict;
	g->clear_min = alone->clear_min;
	free(alone);
	compare_clinic(kb, a);
	return g->n_positions;
}

size_t ac_kb_breakpoints(const ac_kb *kb, const ac_profile *profile, int32_t *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < kb->rules.n; i++) {
		const ac_rule *r = AC_VEC_AT(&kb->rules, ac_rule, i);
		if (!ac_rule_matches(r, profile))
			continue;
		add_breakpoint(out, &n, max, r->from_min);
		if (r->until_min != AC_NO_END)
			add_breakpoint(out, &n, max, r->until_min);
	}
	return n;
}

bool ac_fact_matches(const ac_fact *f, const ac_profile *p)
{
	return !f->skin_mask || p->skin == AC_SKIN_UNSPECIFIED || (f->skin_mask & (1u << p->skin));
}
