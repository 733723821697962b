/* test_engine.c: the engine's semantics on the real guide (docs/semantics.md).
 *
 * Policies, conditions, groups, implied rules, clear times, disputes, and properties that
 * must hold for every activity: a verdict never restricts after the clear time and does
 * just before it; conservative is never more permissive than lenient.
 */
#include "testutil.h"

static ac_kb *kb;

static const ac_profile base = {.treated_at = 1795600800, .device = AC_DEVICE_PEN};

static ac_policy policy_named(const char *name)
{
	ac_policy p;
	char err[AC_ERRBUF_SIZE];
	if (ac_policy_parse(kb, name, &p, err) != AC_OK)
		fail_msg("policy %s: %s", name, err);
	return p;
}

static ac_answer ask(const char *act, const ac_profile *prof, const char *policy, int32_t at)
{
	ac_answer a;
	ac_policy p = policy_named(policy);
	ac_query(kb, prof, &p, activity(kb, act), at, &a);
	return a;
}

static const ac_position *position_of(const ac_answer *a, const char *source)
{
	int s = ac_kb_find_source(kb, source);
	for (size_t i = 0; i < a->n_positions; i++)
		if (a->positions[i].rule->source == s)
			return &a->positions[i];
	return NULL;
}

static void test_swimming_a_day_or_a_week(void **state)
{
	(void)state;
	ac_answer a = ask("swimming", &base, "conservative", HOURS(48));
	assert_int_equal(a.verdict, AC_VERDICT_AVOID);
	assert_int_equal(a.clear_min, HOURS(168));
	assert_true(a.disputed);
	assert_non_null(position_of(&a, "jamali"));
	assert_non_null(position_of(&a, "face-washing-article"));
	assert_true(position_of(&a, "jamali")->in_force);
	assert_false(position_of(&a, "face-washing-article")->in_force);

	/* Lenient takes what a source states: the face-washing article's 24 hours is the end of
	 * a restriction, not a permission, so only Dr Jamali's week is stated after it. */
	a = ask("swimming", &base, "lenient", HOURS(48));
	assert_int_equal(a.verdict, AC_VERDICT_AVOID);
	assert_int_equal(a.clear_min, HOURS(168));
	assert_int_equal(ask("swimming", &base, "source:face-washing-article", 0).clear_min, HOURS(24));
	assert_int_equal(ask("swimming", &base, "source:jamali", 0).clear_min, HOURS(168));
}

static void test_depth_decides_the_gym(void **state)
{
	(void)state;
	ac_profile superficial = base, deep = base;
	superficial.depth = AC_DEPTH_SUPERFICIAL;
	deep.depth = AC_DEPTH_DEEP;
	assert_int_equal(ask("sweaty-exercise", &superficial, "conservative", 0).clear_min, HOURS(72));
	assert_int_equal(ask("sweaty-exercise", &deep, "conservative", 0).clear_min, HOURS(168));
	/* Unspecified depth is the typical case: the deep rule is a variant, not the answer. */
	ac_answer a = ask("sweaty-exercise", &base, "conservative", 0);
	assert_int_equal(a.clear_min, HOURS(72));
	for (size_t i = 0; i < a.n_positions; i++)
		assert_int_equal(a.positions[i].rule->depth_mask, 0);
	ac_policy conservative = {AC_POLICY_CONSERVATIVE, 0};
	assert_int_equal(ac_answer_add_variants(kb, &base, &conservative, &a), 1);
	assert_int_equal(a.variants[0].depth, AC_DEPTH_DEEP);
	assert_int_equal(a.variants[0].clear_min, HOURS(168));
	assert_string_equal(ac_kb_source(kb, (size_t)a.variants[0].source)->id, "shotter");
	/* Dr Shotter alone: 48 hours for a superficial treatment, a week for a deep one. */
	assert_int_equal(ask("cardio", &superficial, "source:shotter", 0).clear_min, HOURS(48));
	assert_int_equal(ask("cardio", &deep, "source:shotter", 0).clear_min, HOURS(168));
}

/* Only where the guide gives no time at all for the activity or its groups does a
 * restriction stay open: picking scabs. */
static void test_no_time_given_never_clears(void **state)
{
	(void)state;
	ac_answer a = ask("pick-scabs", &base, "conservative", HOURS(24 * 365));
	assert_int_equal(a.verdict, AC_VERDICT_AVOID);
	assert_int_equal(a.clear_min, AC_NO_END);
	assert_false(a.disputed);
	assert_int_equal(a.positions[0].rule->until_min, AC_NO_END);
	assert_true(a.positions[0].open);
	assert_int_equal(a.positions[0].until_min, AC_NO_END);
	/* "Avoid ... chemical peels" gives no end, but the guide gives exfoliating things a
	 * week: the peel is clear then, and the answer says that voice gave no end. */
	a = ask("chemical-peel", &base, "conservative", HOURS(24 * 6));
	assert_int_equal(a.verdict, AC_VERDICT_AVOID);
	assert_int_equal(a.clear_min, HOURS(168));
	assert_true(position_of(&a, "general-article")->open);
}

static void test_nothing_on_skin_beside_hydrate_now(void **state)
{
	(void)state;
	ac_answer a = ask("moisturizer", &base, "conservative", HOURS(1));
	assert_int_equal(a.verdict, AC_VERDICT_AVOID);
	assert_true(a.disputed);
	const ac_position *general = position_of(&a, "general-article");
	assert_non_null(general);
	assert_int_equal(general->rule->stance, AC_STANCE_RECOMMEND);
	const ac_position *editorial = position_of(&a, "exercise-article");
	assert_non_null(editorial);
	assert_true(editorial->inherited);
	assert_string_equal(ac_kb_activity(kb, (size_t)editorial->rule->activity)->id,
			    "anything-on-skin");
	assert_int_equal(a.clear_min, HOURS(24));
	assert_int_equal(ask("moisturizer", &base, "lenient", HOURS(1)).verdict, AC_VERDICT_RECOMMEND);
}

static void test_a_voice_that_contradicts_itself(void **state)
{
	(void)state;
	/* Procell: lukewarm water only for 48 hours, yet a gentle cleanser on days two and three. */
	assert_int_equal(ask("gentle-cleanser", &base, "source:procell", HOURS(30)).verdict,
			 AC_VERDICT_AVOID);
	assert_int_equal(ask("gentle-cleanser", &base, "source:procell", HOURS(50)).verdict,
			 AC_VERDICT_OK);
	assert_int_equal(ask("retinol", &base, "source:general-article", HOURS(1)).verdict,
			 AC_VERDICT_AVOID);
	assert_int_equal(ask("retinol", &base, "source:general-article", 0).clear_min, HOURS(504));
}

static void test_fine_from_t_restricts_before_t(void **state)
{
	(void)state;
	ac_answer a = ask("regular-skincare-routine", &base, "source:procell", HOURS(24));
	assert_int_equal(a.verdict, AC_VERDICT_CAUTION);
	int implied = 0, procell = ac_kb_find_source(kb, "procell");
	for (size_t i = 0; i < a.n_positions; i++)
		implied += a.positions[i].rule->implied && a.positions[i].in_force &&
			   a.positions[i].rule->source == procell;
	assert_int_equal(implied, 1);
	assert_int_equal(a.clear_min, HOURS(72));
	assert_int_equal(ask("regular-skincare-routine", &base, "source:procell", HOURS(72)).verdict,
			 AC_VERDICT_OK);
}

static void test_skin_type_sets_the_next_session(void **state)
{
	(void)state;
	ac_profile sensitive = base, oily = base, acne = base;
	sensitive.skin = AC_SKIN_SENSITIVE;
	oily.skin = AC_SKIN_OILY;
	acne.skin = AC_SKIN_ACNE_PRONE;
	assert_int_equal(ask("next-microneedling", &sensitive, "source:general-article", 0).clear_min,
			 HOURS(21 * 24));
	assert_int_equal(ask("next-microneedling", &oily, "source:general-article", 0).clear_min,
			 HOURS(28 * 24));
	/* The general article says nothing of acne-prone skin. */
	assert_int_equal(ask("next-microneedling", &acne, "source:general-article", 0).verdict,
			 AC_VERDICT_UNKNOWN);
	assert_int_equal(ask("next-microneedling", &sensitive, "conservative", 0).clear_min,
			 HOURS(28 * 24));
	assert_int_equal(ask("next-microneedling", &sensitive, "lenient", 0).clear_min,
			 HOURS(21 * 24));
}

/* Rule 2: an open restriction lasts as long as the longest time the guide gives for the
 * activity or its groups, and says its voice gave no end. */
static void test_open_restriction_takes_the_guides_longest_time(void **state)
{
	(void)state;
	/* "You should not ... wash your face after the procedure" beside "wait at least four
	 * hours": water from four hours, not never. */
	ac_answer a = ask("rinse-water", &base, "conservative", HOURS(5));
	assert_int_equal(a.verdict, AC_VERDICT_OK);
	assert_int_equal(a.clear_min, HOURS(4));
	const ac_position *general = position_of(&a, "general-article");
	assert_non_null(general);
	assert_true(general->open);
	assert_int_equal(general->until_min, HOURS(4));
	assert_int_equal(general->rule->until_min, AC_NO_END);
	/* A gentle cleanser: the group's open ban lasts to the longest time given (72 hours). */
	assert_int_equal(ask("gentle-cleanser", &base, "conservative", 0).clear_min, HOURS(72));
	/* Hot yoga: Dr Shotter gives no end; sweaty exercise's longest is 72 hours, a week if
	 * the treatment was deep. */
	assert_int_equal(ask("hot-yoga", &base, "conservative", 0).clear_min, HOURS(72));
	ac_profile deep = base;
	deep.depth = AC_DEPTH_DEEP;
	assert_int_equal(ask("hot-yoga", &deep, "conservative", 0).clear_min, HOURS(168));
	/* Retinol: Procell's "avoid ... retinol" with no end stands beside three weeks. */
	a = ask("retinol", &base, "conservative", HOURS(200));
	assert_int_equal(a.clear_min, HOURS(504));
	assert_true(position_of(&a, "procell")->open);
}

/* Rule 3: within one published text, the words on the activity itself beat the words on
 * its group where one allows what the other forbids. */
static void test_specific_beats_general_within_a_voice(void **state)
{
	(void)state;
	/* "gentle yoga or Pilates ... okay to start back the next day" beats the same
	 * article's experts on exercise (48 and 72 hours). */
	ac_answer a = ask("gentle-exercise", &base, "conservative", HOURS(25));
	assert_int_equal(a.verdict, AC_VERDICT_OK);
	assert_int_equal(a.clear_min, HOURS(24));
	bool overridden = false;
	for (size_t i = 0; i < a.n_positions; i++)
		overridden |= a.positions[i].overridden;
	assert_true(overridden);
	assert_true(ask("gentle-exercise", &base, "conservative", HOURS(12)).verdict <=
		    AC_VERDICT_CAUTION);
	/* Dr Jamali's 72 hours binds gentle yoga only until the article's "next day": her end
	 * for this activity, as the source ends and disputes report it, is 24 hours. */
	const ac_position *jamali = position_of(&a, "jamali");
	assert_non_null(jamali);
	assert_int_equal(jamali->until_min, HOURS(72));
	assert_int_equal(jamali->binding_until, HOURS(24));
	int32_t end;
	ac_stance strictest;
	assert_true(ac_answer_source_end(&a, ac_kb_find_source(kb, "jamali"), &end, &strictest));
	assert_int_equal(end, HOURS(24));
	/* "use a gentle enzyme peel" towards the fifth day beats the same article's week-long
	 * ban on exfoliating products, for the enzyme peel only. */
	assert_int_equal(ask("enzyme-peel", &base, "conservative", 0).clear_min, HOURS(96));
	assert_int_equal(ask("scrubs", &base, "conservative", 0).clear_min, HOURS(168));
	/* Across voices both restrictions hold: sweaty exercise is not overridden. */
	assert_int_equal(ask("sweaty-exercise", &base, "conservative", 0).clear_min, HOURS(72));
}

/* Rule 6: lenient takes the most permissive position a source states; the end of "nothing
 * on the skin for 24 hours" is no permission for retinol. */
static void test_lenient_means_stated(void **state)
{
	(void)state;
	ac_answer a = ask("retinol", &base, "lenient", HOURS(48));
	assert_true(a.verdict <= AC_VERDICT_CAUTION);
	assert_int_equal(a.clear_min, HOURS(120));	/* "Around the sixth day" */
	a = ask("makeup", &base, "lenient", HOURS(2));
	assert_int_equal(a.verdict, AC_VERDICT_OK);	/* Procell: "After 90 minutes" */
	assert_int_equal(a.clear_min, 90);
}

static void test_device_conditions(void **state)
{
	(void)state;
	ac_profile roller = base;
	roller.device = AC_DEVICE_DERMAROLLER;
	assert_int_equal(ask("exercise", &base, "conservative", 0).clear_min, HOURS(72));
	/* Dr Shotter's "avoid immediate exercise after using a dermaroller at home" gives no
	 * end: it lasts as long as the longest time the guide gives for exercise (72 hours). */
	ac_answer a = ask("exercise", &roller, "conservative", 0);
	assert_int_equal(a.clear_min, HOURS(72));
	assert_true(a.n_positions > ask("exercise", &base, "conservative", 0).n_positions);
	bool open = false;
	for (size_t i = 0; i < a.n_positions; i++)
		open |= a.positions[i].open && a.positions[i].until_min == HOURS(72);
	assert_true(open);
}

static void test_a_silent_source_is_unknown(void **state)
{
	(void)state;
	ac_answer a = ask("swimming", &base, "source:procell", HOURS(2));
	assert_int_equal(a.verdict, AC_VERDICT_UNKNOWN);
	assert_int_equal(a.clear_min, AC_NO_END);
	assert_true(a.n_positions >= 2);	/* the other voices are still shown */
}

static void test_groups_pass_rules_down(void **state)
{
	(void)state;
	ac_answer a = ask("mineral-makeup", &base, "conservative", HOURS(2));
	assert_int_equal(a.verdict, AC_VERDICT_AVOID);
	assert_int_equal(a.clear_min, HOURS(72));	/* makeup's "bare for three days" */
	const ac_position *p = position_of(&a, "face-washing-article");
	assert_non_null(p);
	assert_true(p->inherited);
	assert_int_equal(ask("mineral-makeup", &base, "source:procell", HOURS(2)).verdict,
			 AC_VERDICT_OK);
}

static const ac_profile *profiles(size_t i)
{
	static ac_profile p[6];
	for (size_t k = 0; k < 6; k++)
		p[k] = base;
	p[1].depth = AC_DEPTH_SUPERFICIAL;
	p[2].depth = AC_DEPTH_DEEP;
	p[3].skin = AC_SKIN_SENSITIVE;
	p[4].device = AC_DEVICE_DERMAROLLER;
	p[5].device = AC_DEVICE_PROCELL;
	return &p[i];
}

static int restricts(ac_verdict v)
{
	return v == AC_VERDICT_AVOID || v == AC_VERDICT_CAUTION || v == AC_VERDICT_UNKNOWN;
}

static void test_clear_time_is_exact_for_every_activity(void **state)
{
	(void)state;
	static const char *const policies[] = {"conservative", "lenient", "source:jamali",
					       "source:face-washing-article"};
	for (size_t pi = 0; pi < 4; pi++) {
		ac_policy pol = policy_named(policies[pi]);
		for (size_t k = 0; k < 6; k++) {
			for (size_t act = 0; act < ac_kb_activity_count(kb); act++) {
				ac_answer a, b;
				ac_query(kb, profiles(k), &pol, (int)act, 0, &a);
				if (a.clear_min == AC_NO_END)
					continue;
				static const int32_t after[] = {0, 1, 60, 24 * 60, 400 * 24 * 60};
				for (size_t t = 0; t < 5; t++) {
					ac_query(kb, profiles(k), &pol, (int)act, a.clear_min + after[t], &b);
					if (restricts(b.verdict))
						fail_msg("%s/%s: %s at clear+%d", policies[pi],
							 a.activity->id, ac_verdict_name(b.verdict), after[t]);
				}
				if (a.clear_min > 0) {
					ac_query(kb, profiles(k), &pol, (int)act, a.clear_min - 1, &b);
					if (!restricts(b.verdict))
						fail_msg("%s/%s: not restricted just before clear",
							 policies[pi], a.activity->id);
				}
			}
		}
	}
}

/* The clear time against a brute-force scan: the verdict at every minute that matters (each
 * window edge of the chain, and the minute before it) up to 60 days, for every activity,
 * profile and policy. The engine's fast paths (open windows, overrides) must agree. */
static void test_clear_time_matches_a_scan(void **state)
{
	(void)state;
	static const char *const policies[] = {"conservative", "lenient", "source:jamali",
					       "source:exercise-article", "source:procell"};
	for (size_t pi = 0; pi < 5; pi++) {
		ac_policy pol = policy_named(policies[pi]);
		for (size_t k = 0; k < 6; k++) {
			int32_t edges[256];
			size_t n = ac_kb_breakpoints(kb, profiles(k), edges, 256);
			for (size_t act = 0; act < ac_kb_activity_count(kb); act++) {
				ac_answer a, b;
				ac_query(kb, profiles(k), &pol, (int)act, 0, &a);
				int32_t last_restricted = -1;
				for (size_t e = 0; e < n; e++)
					for (int32_t d = -1; d <= 0; d++) {
						int32_t t = edges[e] + d;
						if (t < 0 || t > 60 * 1440)
							continue;
						ac_query(kb, profiles(k), &pol, (int)act, t, &b);
						if (restricts(b.verdict) && t > last_restricted)
							last_restricted = t;
					}
				ac_query(kb, profiles(k), &pol, (int)act, 60 * 1440, &b);
				int32_t want = restricts(b.verdict) ? AC_NO_END : last_restricted + 1;
				if (a.clear_min != want)
					fail_msg("%s/%s (profile %zu): clear %d, scan says %d", policies[pi],
						 a.activity->id, k, a.clear_min, want);
			}
		}
	}
}

static void test_conservative_never_more_permissive_than_lenient(void **state)
{
	(void)state;
	ac_policy cons = policy_named("conservative"), len = policy_named("lenient");
	for (size_t act = 0; act < ac_kb_activity_count(kb); act++) {
		for (int32_t t = 0; t < HOURS(24 * 30); t += 90) {
			ac_answer c, l;
			ac_query(kb, &base, &cons, (int)act, t, &c);
			ac_query(kb, &base, &len, (int)act, t, &l);
			if (c.verdict != AC_VERDICT_UNKNOWN && l.verdict != AC_VERDICT_UNKNOWN)
				assert_true(c.verdict <= l.verdict);
			assert_true(c.clear_min >= l.clear_min);
		}
	}
}

static void test_milestones_match_the_engine(void **state)
{
	(void)state;
	ac_policy cons = policy_named("conservative");
	ac_milestone m[512];
	size_t n = ac_plan_milestones(kb, &base, &cons, m, 512);
	assert_true(n > 10 && n < 512);
	for (size_t i = 0; i < n; i++) {
		ac_answer before, after;
		if (i)
			assert_true(m[i - 1].at_min <= m[i].at_min);
		assert_int_not_equal(m[i].before, m[i].after);
		ac_query(kb, &base, &cons, m[i].activity, m[i].at_min - 1, &before);
		ac_query(kb, &base, &cons, m[i].activity, m[i].at_min, &after);
		assert_int_equal(before.verdict, m[i].before);
		assert_int_equal(after.verdict, m[i].after);
	}
	int32_t b[512];
	size_t nb = ac_kb_breakpoints(kb, &base, b, 512);
	for (size_t i = 1; i < nb; i++)
		assert_true(b[i - 1] < b[i]);
}

static int setup(void **state)
{
	(void)state;
	kb = load_guide_kb();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ac_kb_free(kb);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_swimming_a_day_or_a_week),
		cmocka_unit_test(test_depth_decides_the_gym),
		cmocka_unit_test(test_no_time_given_never_clears),
		cmocka_unit_test(test_nothing_on_skin_beside_hydrate_now),
		cmocka_unit_test(test_a_voice_that_contradicts_itself),
		cmocka_unit_test(test_fine_from_t_restricts_before_t),
		cmocka_unit_test(test_skin_type_sets_the_next_session),
		cmocka_unit_test(test_open_restriction_takes_the_guides_longest_time),
		cmocka_unit_test(test_specific_beats_general_within_a_voice),
		cmocka_unit_test(test_lenient_means_stated),
		cmocka_unit_test(test_device_conditions),
		cmocka_unit_test(test_a_silent_source_is_unknown),
		cmocka_unit_test(test_groups_pass_rules_down),
		cmocka_unit_test(test_clear_time_is_exact_for_every_activity),
		cmocka_unit_test(test_clear_time_matches_a_scan),
		cmocka_unit_test(test_conservative_never_more_permissive_than_lenient),
		cmocka_unit_test(test_milestones_match_the_engine),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
