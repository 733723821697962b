/* plan.c: the milestones of a recovery, the moments when some verdict changes. */
#include <stdlib.h>

#include "kb_internal.h"

#define MAX_BREAKPOINTS 512

size_t ac_plan_milestones(const ac_kb *kb, const ac_profile *profile, const ac_policy *policy,
			  ac_milestone *out, size_t max)
{
	int32_t b[MAX_BREAKPOINTS];
	size_t nb = ac_kb_breakpoints(kb, profile, b, MAX_BREAKPOINTS);
	size_t n_acts = ac_kb_activity_count(kb), n = 0;
	ac_answer a;
	for (size_t act = 0; act < n_acts; act++) {
		ac_query(kb, profile, policy, (int)act, 0, &a);
		ac_verdict prev = a.verdict;
		for (size_t k = 1; k < nb; k++) {
			ac_query(kb, profile, policy, (int)act, b[k], &a);
			if (a.verdict == prev)
				continue;
			if (n < max)
				out[n] = (ac_milestone){b[k], (int)act, prev, a.verdict};
			n++;
			prev = a.verdict;
		}
	}
	/* Gathered activity by activity; order by time, stable on the kb order. */
	size_t m = n < max ? n : max;
	for (size_t i = 1; i < m; i++) {
		ac_milestone x = out[i];
		size_t j = i;
		while (j > 0 && out[j - 1].at_min > x.at_min) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = x;
	}
	return n;
}
