/* fuzz_check.h: what every loaded knowledge base must satisfy, shared by the harnesses.
 *
 * check_kb() runs ac_query for every activity (at most MAX_ACTS of them), for a few
 * profiles and every policy, at a spread of times, and checks the answers against
 * docs/semantics.md:
 * - the answer describes the activity and time asked about, with a verdict in range and at
 *   most AC_MAX_POSITIONS positions, each a rule of the kb;
 * - clear_min is AC_NO_END or a time from which the verdict is ok or recommend (checked at
 *   clear_min and at the latest time), and the earliest such: the verdict restricts just
 *   before it; AC_NO_END means the verdict still restricts at the latest time.
 * It also renders each answer, the status and the plan (text with colour and chart, and
 * JSON) to /dev/null, and runs the lookups (find, suggest) on every id.
 * A broken property aborts with a message: libFuzzer records it as a crash.
 */
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aftercare.h"

#define MAX_ACTS 64	/* activities checked per input: keeps each run fast */
#define MAX_SCAN 1024	/* activities a quick check looks through for those to check */

#define CHECK(cond, ...)                                                                   \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "fuzz: property broken: %s (%s:%d)\n", #cond,       \
				__FILE__, __LINE__);                                       \
			fprintf(stderr, "fuzz: " __VA_ARGS__);                             \
			fputc('\n', stderr);                                               \
			abort();                                                           \
		}                                                                          \
	} while (0)

static inline FILE *fuzz_devnull(void)
{
	static FILE *f;
	if (!f)
		f = fopen("/dev/null", "w");
	if (!f)
		abort();
	return f;
}

static inline int restricts(ac_verdict v)
{
	return v == AC_VERDICT_AVOID || v == AC_VERDICT_CAUTION || v == AC_VERDICT_UNKNOWN;
}

static inline void check_answer(const ac_kb *kb, int act, int32_t t, const ac_answer *a)
{
	CHECK(a->activity == ac_kb_activity(kb, (size_t)act), "activity %d", act);
	CHECK(a->at_min == t, "at_min %d, asked %d", a->at_min, t);
	CHECK(a->verdict >= AC_VERDICT_AVOID && a->verdict <= AC_VERDICT_UNKNOWN, "verdict %d",
	      (int)a->verdict);
	CHECK(a->n_positions <= AC_MAX_POSITIONS, "%zu positions", a->n_positions);
	CHECK(a->clear_min >= 0, "clear_min %d", a->clear_min);
	size_t n_rules = ac_kb_rule_count(kb);
	const ac_rule *first = n_rules ? ac_kb_rule(kb, 0) : NULL;
	for (size_t i = 0; i < a->n_positions; i++) {
		const ac_rule *r = a->positions[i].rule;
		/* The rules are one array: a position must point into it. */
		CHECK(first && r >= first && r < first + n_rules,
		      "position %zu of activity %d is no rule of the kb", i, act);
		CHECK(r->from_min >= 0 && r->from_min < r->until_min, "rule %s window %d..%d",
		      r->id, r->from_min, r->until_min);
	}
}

static inline void check_activity(const ac_kb *kb, const ac_profile *p, const ac_policy *pol, int act)
{
	static const int32_t times[] = {0, 1, 59, 60, 24 * 60, 48 * 60, 72 * 60, 7 * 1440,
					30 * 1440, 366 * 1440};
	const int32_t late = AC_NO_END - 1;
	ac_answer a, b;
	int32_t clear = -1;
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		ac_query(kb, p, pol, act, times[i], &a);
		check_answer(kb, act, times[i], &a);
		/* The clear time does not depend on the moment asked about. */
		CHECK(clear < 0 || a.clear_min == clear, "clear_min %d at %d, %d before",
		      a.clear_min, times[i], clear);
		clear = a.clear_min;
	}
	ac_query(kb, p, pol, act, late, &a);
	check_answer(kb, act, late, &a);
	CHECK(a.clear_min == clear, "clear_min %d late, %d before", a.clear_min, clear);
	if (clear == AC_NO_END) {
		CHECK(restricts(a.verdict), "activity %s: no clear time, yet %s at the latest time",
		      a.activity->id, ac_verdict_name(a.verdict));
		return;
	}
	CHECK(!restricts(a.verdict), "activity %s: clear at %d, yet %s at the latest time",
	      a.activity->id, clear, ac_verdict_name(a.verdict));
	ac_query(kb, p, pol, act, clear, &b);
	CHECK(!restricts(b.verdict), "activity %s (policy %d): clear at %d, yet %s then",
	      b.activity->id, (int)pol->kind, clear, ac_verdict_name(b.verdict));
	if (clear > 0) {
		ac_query(kb, p, pol, act, clear - 1, &b);
		CHECK(restricts(b.verdict),
		      "activity %s (policy %d): clear at %d is not the earliest: %s at %d",
		      b.activity->id, (int)pol->kind, clear, ac_verdict_name(b.verdict),
		      clear - 1);
	}
}

/* Whether activity act's answer (for profile p) rests on a rule read from file. */
static inline int from_file(const ac_kb *kb, const ac_profile *p, int act, const char *file)
{
	ac_answer a;
	ac_policy pol = {AC_POLICY_CONSERVATIVE, -1};
	ac_query(kb, p, &pol, act, 0, &a);
	for (size_t i = 0; i < a.n_positions; i++)
		if (a.positions[i].rule->file && strcmp(a.positions[i].rule->file, file) == 0)
			return 1;
	return 0;
}

/* only_file NULL: the full check. Otherwise a quick one, for a big kb with a few rules
 * from only_file (a protocol over the built-in guide, checked on every input): one
 * profile, three policies, only the activities that those rules bear on (and the first),
 * fewer renderers. */
static inline void check_kb(const ac_kb *kb, const char *only_file)
{
	FILE *null = fuzz_devnull();
	int quick = only_file != NULL;
	size_t n_acts = ac_kb_activity_count(kb), n_src = ac_kb_source_count(kb);
	if (n_acts > (quick ? MAX_SCAN : MAX_ACTS))
		n_acts = quick ? MAX_SCAN : MAX_ACTS;
	const ac_profile profiles[] = {
		{.treated_at = 1795168800, .device = AC_DEVICE_PEN},
		{.treated_at = 1795168800, .device = AC_DEVICE_DERMAROLLER,
		 .depth = AC_DEPTH_DEEP, .skin = AC_SKIN_SENSITIVE},
		{.treated_at = 1795168800, .device = AC_DEVICE_PROCELL,
		 .depth = AC_DEPTH_SUPERFICIAL, .skin = AC_SKIN_ACNE_PRONE},
	};
	ac_policy policies[2 + 4] = {{AC_POLICY_CONSERVATIVE, -1}, {AC_POLICY_LENIENT, -1}};
	size_t n_pol = 2, n_prof = quick ? 1 : sizeof(profiles) / sizeof(profiles[0]);
	for (size_t s = 0; s < n_src && n_pol < sizeof(policies) / sizeof(policies[0]); s++)
		policies[n_pol++] = (ac_policy){AC_POLICY_SOURCE, (int)s};
	if (quick && n_src > 0) {	/* the last source: a protocol's own, if it brought one */
		policies[2] = (ac_policy){AC_POLICY_SOURCE, (int)n_src - 1};
		n_pol = 3;
	}
	unsigned char checked[MAX_SCAN];
	size_t n_checked = 0;
	for (size_t act = 0; act < n_acts; act++) {
		checked[act] = !quick || act == 0 ||
			       (n_checked < MAX_ACTS && from_file(kb, &profiles[0], (int)act, only_file));
		n_checked += checked[act];
	}

	for (size_t p = 0; p < n_prof; p++)
		for (size_t k = 0; k < n_pol; k++)
			for (size_t act = 0; act < n_acts; act++)
				if (checked[act])
					check_activity(kb, &profiles[p], &policies[k], (int)act);

	/* Lookups: every id finds an activity, and suggestions are ids. */
	for (size_t act = 0; act < n_acts; act++) {
		const ac_activity *a = ac_kb_activity(kb, act);
		CHECK(a && a->id && a->name, "activity %zu incomplete", act);
		CHECK(ac_kb_find_activity(kb, a->id) >= 0, "activity %s not found by id", a->id);
		if (act >= (quick ? 1u : 4u))	/* suggest compares with every id and alias */
			continue;
		const char *near[3];
		size_t n = ac_kb_suggest(kb, a->id, near, 3);
		CHECK(n >= 1 && n <= 3, "%zu suggestions for %s", n, a->id);
	}
	for (size_t s = 0; s < n_src; s++) {
		const ac_source *src = ac_kb_source(kb, s);
		CHECK(ac_kb_find_source(kb, src->id) == (int)s, "source %s not found", src->id);
	}

	/* Rendering: every answer of the first profile, the status and the plan. */
	const ac_profile *p = &profiles[0];
	ac_render_opts opts = {.color = true, .chart = true, .width = 80};
	ac_answer a;
	for (size_t act = 0; act < n_acts; act++) {
		if (!checked[act])
			continue;
		ac_query(kb, p, &policies[0], (int)act, 48 * 60, &a);
		ac_render_when_text(null, kb, p, &a, &opts);
		ac_render_when_json(null, kb, p, &a);
	}
	if (ac_kb_activity_count(kb) <= MAX_ACTS && !quick) {
		ac_render_status_text(null, kb, p, &policies[0], 36 * 60, &opts);
		ac_render_status_json(null, kb, p, &policies[1], 36 * 60);
		ac_render_plan_text(null, kb, p, &policies[0], 72 * 60, &opts);
		opts.width = 20;
		ac_render_plan_text(null, kb, p, &policies[1], -1, &opts);
		ac_render_plan_json(null, kb, p, &policies[0], 0);
	}
	if (quick)
		return;
	ac_milestone m[64];
	size_t n = ac_plan_milestones(kb, p, &policies[0], m, 64);
	for (size_t i = 1; i < n && i < 64; i++)
		CHECK(m[i - 1].at_min <= m[i].at_min, "milestones out of order at %zu", i);
	int32_t bp[64];
	n = ac_kb_breakpoints(kb, p, bp, 64);
	for (size_t i = 1; i < n; i++)
		CHECK(bp[i - 1] < bp[i], "breakpoints not ascending at %zu", i);
}

#endif
