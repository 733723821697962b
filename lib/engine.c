/* engine.c: "may I do this now, and from when?" for one activity, profile and policy.
 *
 * The semantics are in docs/semantics.md; in short:
 * - the rules bearing on an activity are its own and its groups' (the chain), less those
 *   whose conditions exclude the profile;
 * - a rule is in force from from_min (inclusive) to until_min (exclusive);
 * - each source's stance at a time is its strictest rule in force, or ok once everything it
 *   said has ended; the verdict is the strictest source (conservative), the most permissive
 *   (lenient) or the one source (source:ID); unknown when no source has a stance;
 * - the activity is clear from the earliest time after which the verdict stays ok or
 *   recommend; AC_NO_END when a restriction never ends.
 */
#include "kb_internal.h"

bool ac_rule_matches(const ac_rule *r, const ac_profile *p)
{
	if (r->device_mask && !(r->device_mask & (1u << p->device)))
		return false;
	if (r->depth_mask && p->depth != AC_DEPTH_UNSPECIFIED && !(r->depth_mask & (1u << p->depth)))
		return false;
	if (r->skin_mask && p->skin != AC_SKIN_UNSPECIFIED && !(r->skin_mask & (1u << p->skin)))
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

/* One source's stance at t: its strictest rule in force; ok once all that was in force has
 * ended (its restriction is over); -1 before any of its rules has started. */
static int source_stance_at(const ac_answer *a, size_t *i, int32_t t)
{
	int source = a->positions[*i].rule->source, stance = -1;
	bool ended = false;
	for (; *i < a->n_positions && a->positions[*i].rule->source == source; (*i)++) {
		const ac_rule *r = a->positions[*i].rule;
		if (r->from_min <= t && t < r->until_min)
			stance = stance < 0 || (int)r->stance < stance ? (int)r->stance : stance;
		else if (r->until_min <= t)
			ended = true;
	}
	return stance < 0 && ended ? (int)AC_STANCE_OK : stance;
}

static ac_verdict verdict_at(const ac_answer *a, const ac_policy *policy, int32_t t)
{
	int verdict = -1;
	for (size_t i = 0; i < a->n_positions;) {	/* positions are grouped by source */
		bool counted = counts(a->positions[i].rule, policy);
		int stance = source_stance_at(a, &i, t);
		if (!counted || stance < 0)
			continue;
		if (verdict < 0 || (policy->kind == AC_POLICY_LENIENT ? stance > verdict : stance < verdict))
			verdict = stance;
	}
	return verdict < 0 ? AC_VERDICT_UNKNOWN : (ac_verdict)verdict;
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
static int32_t clear_by_segments(const ac_answer *a, const ac_policy *policy)
{
	int32_t b[2 * AC_MAX_POSITIONS + 1];
	size_t n = 0;
	add_breakpoint(b, &n, sizeof(b) / sizeof(b[0]), 0);
	for (size_t i = 0; i < a->n_positions; i++) {
		const ac_rule *r = a->positions[i].rule;
		if (!counts(r, policy))
			continue;
		add_breakpoint(b, &n, sizeof(b) / sizeof(b[0]), r->from_min);
		if (r->until_min != AC_NO_END)
			add_breakpoint(b, &n, sizeof(b) / sizeof(b[0]), r->until_min);
	}
	if (restricts(verdict_at(a, policy, b[n - 1])))
		return AC_NO_END;
	for (size_t k = n - 1; k-- > 0;)
		if (restricts(verdict_at(a, policy, b[k])))
			return b[k + 1];
	return 0;
}

static int32_t clear_time(const ac_answer *a, const ac_policy *policy)
{
	if (policy->kind != AC_POLICY_CONSERVATIVE)
		return clear_by_segments(a, policy);
	/* Conservative, with something in force from the start: clear when the last
	 * restriction ends. Otherwise the start may be unknown: take the general path. */
	int32_t last_end = 0;
	bool starts_at_zero = false;
	for (size_t i = 0; i < a->n_positions; i++) {
		const ac_rule *r = a->positions[i].rule;
		starts_at_zero |= r->from_min == 0;
		if (r->stance <= AC_STANCE_CAUTION && r->until_min > last_end)
			last_end = r->until_min;
	}
	return starts_at_zero ? last_end : clear_by_segments(a, policy);
}

bool ac_answer_source_end(const ac_answer *a, int source, int32_t *end, ac_stance *strictest)
{
	bool found = false;
	*end = 0;
	*strictest = AC_STANCE_RECOMMEND;
	for (size_t i = 0; i < a->n_positions; i++) {
		const ac_rule *r = a->positions[i].rule;
		if (r->source != source)
			continue;
		found = true;
		if (r->stance < *strictest)
			*strictest = r->stance;
		if (r->stance <= AC_STANCE_CAUTION && r->until_min > *end)
			*end = r->until_min;
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

/* Whether the sources' restrictions end at different times. */
static bool sources_disagree(const ac_answer *a)
{
	int32_t first_end, end;
	int source;
	size_t pos = 0;
	if (!ac_answer_next_source(a, &pos, &source, &first_end))
		return false;
	while (ac_answer_next_source(a, &pos, &source, &end))
		if (end != first_end)
			return true;
	return false;
}

void ac_query(const ac_kb *kb, const ac_profile *profile, const ac_policy *policy,
	      int activity, int32_t at_min, ac_answer *out)
{
	out->activity = AC_VEC_AT(&kb->activities, ac_activity, activity);
	out->at_min = at_min;
	out->n_positions = 0;
	const ac_rule *rules = kb->rules.items;
	for (uint32_t i = kb->chain_start[activity]; i < kb->chain_start[activity + 1]; i++) {
		const ac_rule *r = &rules[kb->chain[i]];
		if (!ac_rule_matches(r, profile))
			continue;
		ac_position *p = &out->positions[out->n_positions++];
		p->rule = r;
		p->in_force = r->from_min <= at_min && at_min < r->until_min;
		p->inherited = r->activity != activity;
	}
	bool any = false;
	for (size_t i = 0; i < out->n_positions && !any; i++)
		any = counts(out->positions[i].rule, policy);
	if (!any) {
		out->verdict = AC_VERDICT_UNKNOWN;
		out->clear_min = AC_NO_END;
	} else {
		out->verdict = verdict_at(out, policy, at_min);
		out->clear_min = clear_time(out, policy);
	}
	out->disputed = sources_disagree(out);
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
