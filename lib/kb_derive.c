/* kb_derive.c: what is computed from the rules once, at load, so that queries are cheap.
 *
 * - Implied rules: "fine from T" also restricts the time before T (docs/semantics.md), so an
 *   `ok` rule starting at T > 0 implies a `caution` from 0 to T by the same source, unless
 *   that source already restricts the whole of [0, T) for the activity.
 * - Chains: the rules bearing on each activity, its own and its groups', in display order.
 */
#include <stdlib.h>
#include <string.h>

#include "kb_internal.h"

#define MAX_GROUP_DEPTH 32

/* Group depth of ancestor from activity (0 for itself), or -1 if it is not an ancestor. */
static int ancestor_depth(const ac_kb *kb, int activity, int ancestor)
{
	for (int depth = 0; activity >= 0 && depth <= MAX_GROUP_DEPTH; depth++) {
		if (activity == ancestor)
			return depth;
		activity = AC_VEC_AT(&kb->activities, ac_activity, activity)->group;
	}
	return -1;
}

static int check_groups(const ac_kb *kb, const char *file, ac_diag *diag)
{
	int bad = 0;
	for (size_t i = 0; i < kb->activities.n; i++) {
		const ac_activity *a = AC_VEC_AT(&kb->activities, ac_activity, i);
		int depth = 0, g = a->group;
		while (g >= 0 && g != (int)i && depth++ < MAX_GROUP_DEPTH)
			g = AC_VEC_AT(&kb->activities, ac_activity, g)->group;
		if (g >= 0) {
			ac_diag_add(diag, file, a->line, 1,
				    "activity \"%s\": its groups form a cycle or nest deeper than %d",
				    a->id, MAX_GROUP_DEPTH);
			bad = 1;
		}
	}
	return bad;
}

static int check_every_activity_has_a_rule(const ac_kb *kb, const char *file, ac_diag *diag)
{
	int bad = 0;
	for (size_t i = 0; i < kb->activities.n; i++) {
		int found = 0;
		for (size_t r = 0; r < kb->n_read_rules && !found; r++)
			found = AC_VEC_AT(&kb->rules, ac_rule, r)->activity == (int)i;
		if (!found) {
			const ac_activity *a = AC_VEC_AT(&kb->activities, ac_activity, i);
			ac_diag_add(diag, file, a->line, 1, "activity \"%s\" has no rule", a->id);
			bad = 1;
		}
	}
	return bad;
}

/* Whether every profile the narrow mask admits, the wide one admits too (0 admits all). */
static int covers(unsigned wide, unsigned narrow)
{
	return !wide || (narrow && !(narrow & ~wide));
}

/* Whether the ok rule's source restricts all of [0, from) for its activity (by its own rules
 * or its groups'), for everyone the ok rule is for. */
static int restricted_before(const ac_kb *kb, const ac_rule *ok)
{
	for (size_t i = 0; i < kb->n_read_rules; i++) {
		const ac_rule *r = AC_VEC_AT(&kb->rules, ac_rule, i);
		if (r->source == ok->source && r->stance <= AC_STANCE_CAUTION && r->from_min == 0 &&
		    r->until_min >= ok->from_min && ancestor_depth(kb, ok->activity, r->activity) >= 0 &&
		    covers(r->device_mask, ok->device_mask) && covers(r->depth_mask, ok->depth_mask) &&
		    covers(r->skin_mask, ok->skin_mask))
			return 1;
	}
	return 0;
}

static ac_result add_implied_rules(ac_kb *kb)
{
	for (size_t i = 0; i < kb->n_read_rules; i++) {
		ac_rule r = *AC_VEC_AT(&kb->rules, ac_rule, i);
		if (r.stance != AC_STANCE_OK || r.from_min == 0 || restricted_before(kb, &r))
			continue;
		size_t len = strlen(r.id);
		char *id = ac_arena_alloc(&kb->arena, len + sizeof("~before"));
		if (!id)
			return AC_ERR_NOMEM;
		memcpy(id, r.id, len);
		memcpy(id + len, "~before", sizeof("~before"));
		r.id = id;
		r.stance = AC_STANCE_CAUTION;
		r.until_min = r.from_min;
		r.from_min = 0;
		r.implied = true;
		if (ac_vec_push(&kb->rules, &r) != 0)
			return AC_ERR_NOMEM;
	}
	return AC_OK;
}

/* Chain order: by source, then window start, then own rules before a group's. */
static int chain_before(const ac_kb *kb, int activity, uint16_t a, uint16_t b)
{
	const ac_rule *ra = AC_VEC_AT(&kb->rules, ac_rule, a);
	const ac_rule *rb = AC_VEC_AT(&kb->rules, ac_rule, b);
	if (ra->source != rb->source)
		return ra->source < rb->source;
	if (ra->from_min != rb->from_min)
		return ra->from_min < rb->from_min;
	int da = ancestor_depth(kb, activity, ra->activity);
	int db = ancestor_depth(kb, activity, rb->activity);
	return da != db ? da < db : a < b;
}

static ac_result build_chains(ac_kb *kb, const char *file, ac_diag *diag)
{
	size_t n_acts = kb->activities.n, total = 0;
	uint32_t *start = calloc(n_acts + 1, sizeof(*start));
	if (!start)
		return AC_ERR_NOMEM;
	for (size_t a = 0; a < n_acts; a++)
		for (size_t r = 0; r < kb->rules.n; r++)
			total += ancestor_depth(kb, (int)a, AC_VEC_AT(&kb->rules, ac_rule, r)->activity) >= 0;
	uint16_t *chain = malloc((total ? total : 1) * sizeof(*chain));
	if (!chain) {
		free(start);
		return AC_ERR_NOMEM;
	}
	ac_result rc = AC_OK;
	size_t n = 0;
	for (size_t a = 0; a < n_acts; a++) {
		start[a] = (uint32_t)n;
		for (size_t r = 0; r < kb->rules.n; r++) {
			if (ancestor_depth(kb, (int)a, AC_VEC_AT(&kb->rules, ac_rule, r)->activity) < 0)
				continue;
			size_t j = n++;	/* insertion sort: chains are short */
			while (j > start[a] && chain_before(kb, (int)a, (uint16_t)r, chain[j - 1])) {
				chain[j] = chain[j - 1];
				j--;
			}
			chain[j] = (uint16_t)r;
		}
		if (n - start[a] > AC_MAX_POSITIONS) {
			const ac_activity *act = AC_VEC_AT(&kb->activities, ac_activity, a);
			ac_diag_add(diag, file, act->line, 1,
				    "activity \"%s\" has %zu rules with its groups' (at most %d)",
				    act->id, n - start[a], AC_MAX_POSITIONS);
			rc = AC_ERR_INVALID;
		}
	}
	start[n_acts] = (uint32_t)n;
	free(kb->chain);
	free(kb->chain_start);
	kb->chain = chain;
	kb->chain_start = start;
	return rc;
}

ac_result ac_kb_derive(ac_kb *kb, const char *file, ac_diag *diag)
{
	while (kb->rules.n && AC_VEC_AT(&kb->rules, ac_rule, kb->rules.n - 1)->implied)
		kb->rules.n--;
	kb->n_read_rules = kb->rules.n;
	if (kb->rules.n >= UINT16_MAX) {
		ac_diag_add(diag, file, 0, 0, "too many rules (at most %d)", UINT16_MAX - 1);
		return AC_ERR_INVALID;
	}
	if (check_groups(kb, file, diag) | check_every_activity_has_a_rule(kb, file, diag))
		return AC_ERR_INVALID;
	ac_result rc = add_implied_rules(kb);
	if (rc == AC_OK && kb->rules.n >= UINT16_MAX) {
		ac_diag_add(diag, file, 0, 0, "too many rules (at most %d)", UINT16_MAX - 1);
		rc = AC_ERR_INVALID;
	}
	return rc == AC_OK ? build_chains(kb, file, diag) : rc;
}
