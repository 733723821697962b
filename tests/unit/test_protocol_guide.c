/* test_protocol_guide.c: the guide's voices kept beside a clinic protocol's rule
 * (ac_answer_add_guide, docs/desk.md "The guide beside the clinic").
 *
 * A protocol replaces the guide's rules for the activities it names; the guide's positions
 * it replaced stay in the model, read as the guide alone reads them, labelled as the
 * guide's, with how the clinic's time compares: "your clinic says 48 hours; the guide's Dr
 * Expert says 7 days", and whether the clinic allows it sooner than every guide voice. The
 * clinic's rules are known as the clinic's, and the disclaimer is worded for both.
 */
#include <stdio.h>

#include "testutil.h"

/* Two voices on swimming (a day; a week), a group (sweating) with a member (sauna). */
static const char guide_yaml[] =
	"version: 1\n"
	"sources:\n"
	"  - id: article\n"
	"    name: The article\n"
	"    section: Washing\n"
	"  - id: expert\n"
	"    name: Dr Expert\n"
	"    section: Swimming\n"
	"activities:\n"
	"  - id: swimming\n"
	"    name: Swimming\n"
	"    category: water\n"
	"  - id: sweating\n"
	"    name: Sweating\n"
	"    category: exercise\n"
	"  - id: sauna\n"
	"    name: Sauna\n"
	"    category: heat\n"
	"    group: sweating\n"
	"rules:\n"
	"  - id: swim-article-1d\n"
	"    activity: swimming\n"
	"    source: article\n"
	"    stance: avoid\n"
	"    until: 1d\n"
	"    quote: \"Not for a day.\"\n"
	"    reason: Open skin.\n"
	"    advice: Wait a day.\n"
	"  - id: swim-expert-1w\n"
	"    activity: swimming\n"
	"    source: expert\n"
	"    stance: avoid\n"
	"    until: 1w\n"
	"    quote: \"Not for a week.\"\n"
	"    reason: Chlorine.\n"
	"    advice: Wait a week.\n"
	"  - id: sweat-2d\n"
	"    activity: sweating\n"
	"    source: article\n"
	"    stance: avoid\n"
	"    until: 2d\n"
	"    quote: \"No sweat for two days.\"\n"
	"    reason: Sweat.\n"
	"    advice: Keep cool.\n"
	"  - id: sauna-1w\n"
	"    activity: sauna\n"
	"    source: expert\n"
	"    stance: caution\n"
	"    until: 1w\n"
	"    quote: \"Go easy on saunas for a week.\"\n"
	"    reason: Heat.\n"
	"    advice: Keep it short.\n";

/* A clinic's protocol: ACTIVITY avoided for UNTIL, in the clinic's words. */
#define CLINIC(activity, until)                                                            \
	"sources:\n"                                                                       \
	"  - id: clinic\n"                                                                 \
	"    name: Riverside Skin Clinic\n"                                                \
	"    section: Our aftercare\n"                                                     \
	"rules:\n"                                                                         \
	"  - id: clinic-rule\n"                                                            \
	"    activity: " activity "\n"                                                     \
	"    source: clinic\n"                                                             \
	"    stance: avoid\n"                                                              \
	"    until: " until "\n"                                                           \
	"    quote: \"The clinic's words.\"\n"                                             \
	"    reason: Our protocol.\n"                                                      \
	"    advice: As we say.\n"

static const ac_profile anyone = {.device = AC_DEVICE_PEN};
static const ac_policy conservative = {.kind = AC_POLICY_CONSERVATIVE};

static ac_kb *guide_with(const char *protocol)
{
	char err[AC_ERRBUF_SIZE];
	ac_kb *kb = NULL;
	if (load_text(guide_yaml, &kb, err) != AC_OK)
		fail_msg("the test guide does not load:\n%s", err);
	if (protocol &&
	    ac_kb_apply_protocol_buffer(kb, "clinic.yaml", protocol, strlen(protocol), err) != AC_OK)
		fail_msg("the protocol is refused:\n%s", err);
	return kb;
}

/* The answer on act at `at`, with its guide side; a is static storage (it is large). */
static ac_answer *answer(const ac_kb *kb, const char *act, int32_t at, const ac_policy *policy)
{
	static ac_answer a;
	ac_query(kb, &anyone, policy, activity(kb, act), at, &a);
	ac_answer_add_guide(kb, &anyone, policy, &a);
	return &a;
}

static bool guide_has(const ac_answer *a, const char *rule_id)
{
	for (size_t i = 0; i < a->guide.n_positions; i++)
		if (strcmp(a->guide.positions[i].rule->id, rule_id) == 0)
			return true;
	return false;
}

static void test_guide_kept_beside_the_clinic(void **state)
{
	(void)state;
	ac_kb *kb = guide_with(CLINIC("swimming", "2d"));
	ac_answer *a = answer(kb, "swimming", HOURS(24), &conservative);

	/* The plan follows the clinic ... */
	assert_int_equal(a->n_positions, 1);
	assert_string_equal(a->positions[0].rule->id, "clinic-rule");
	assert_true(ac_rule_is_clinic(kb, a->positions[0].rule));
	assert_int_equal(a->clear_min, HOURS(48));
	/* ... and the guide's two voices it replaced are kept, as the guide's. */
	assert_int_equal(a->guide.n_positions, 2);
	assert_true(guide_has(a, "swim-article-1d") && guide_has(a, "swim-expert-1w"));
	for (size_t i = 0; i < 2; i++)
		assert_false(ac_rule_is_clinic(kb, a->guide.positions[i].rule));
	assert_int_equal(a->guide.clear_min, HOURS(168));
	assert_int_equal(a->guide.verdict, AC_VERDICT_AVOID);	/* the week is in force */
	assert_int_equal(a->guide.clinic_end, HOURS(48));
	assert_true(a->guide.differs);
	assert_false(a->guide.more_lenient);	/* the article's day is shorter */

	char words[512];
	assert_string_equal(ac_guide_words(kb, a, words, sizeof(words)),
			    "Your clinic (Riverside Skin Clinic) says to wait 48 hours (2 days); "
			    "the guide's The article says 24 hours (1 day), its Dr Expert 7 days.");

	/* What the protocol does not name has no guide side: the guide's words are in force. */
	a = answer(kb, "sauna", HOURS(24), &conservative);
	assert_int_equal(a->guide.n_positions, 0);
	assert_string_equal(ac_guide_words(kb, a, words, sizeof(words)), "");
	ac_kb_free(kb);
}

static void test_clinic_more_lenient_than_every_voice(void **state)
{
	(void)state;
	char words[512];
	ac_kb *kb = guide_with(CLINIC("swimming", "12h"));
	ac_answer *a = answer(kb, "swimming", 0, &conservative);
	assert_int_equal(a->clear_min, HOURS(12));
	assert_int_equal(a->guide.clinic_end, HOURS(12));
	assert_true(a->guide.more_lenient && a->guide.differs);
	ac_guide_words(kb, a, words, sizeof(words));
	assert_non_null(strstr(words, "Your clinic (Riverside Skin Clinic) says to wait 12 hours"));
	assert_non_null(strstr(words, ". Your clinic allows it sooner than any of the guide's "
				      "voices."));
	ac_kb_free(kb);

	/* Between the voices (a day; a week): a difference, not the most lenient. */
	kb = guide_with(CLINIC("swimming", "3d"));
	a = answer(kb, "swimming", 0, &conservative);
	assert_true(a->guide.differs);
	assert_false(a->guide.more_lenient);
	assert_null(strstr(ac_guide_words(kb, a, words, sizeof(words)), "sooner"));
	ac_kb_free(kb);
}

/* A protocol on a group: its members' inherited guide words are the ones replaced; their own
 * stay in the answer, not in the guide side. */
static void test_guide_of_a_group(void **state)
{
	(void)state;
	ac_kb *kb = guide_with(CLINIC("sweating", "12h"));
	ac_answer *a = answer(kb, "sauna", 0, &conservative);
	assert_int_equal(a->guide.n_positions, 1);
	assert_true(guide_has(a, "sweat-2d"));
	assert_true(a->guide.positions[0].inherited);
	bool own = false;
	for (size_t i = 0; i < a->n_positions; i++)
		own |= strcmp(a->positions[i].rule->id, "sauna-1w") == 0;
	assert_true(own);
	ac_kb_free(kb);
}

/* A protocol on a member: the clinic speaks for it over the guide's words on its group too
 * ("no sauna for 12 hours" is not held to the guide's two days for sweating); the group's
 * other members, and the group itself, keep the guide's. */
static void test_clinic_named_member_over_its_group(void **state)
{
	(void)state;
	ac_kb *kb = guide_with(CLINIC("sauna", "12h"));
	ac_answer *a = answer(kb, "sauna", HOURS(24), &conservative);
	assert_int_equal(a->n_positions, 1);
	assert_string_equal(a->positions[0].rule->id, "clinic-rule");
	assert_int_equal(a->clear_min, HOURS(12));
	assert_int_equal(a->verdict, AC_VERDICT_OK);
	/* the guide's own words on saunas and its group's on sweating, beside it */
	assert_true(guide_has(a, "sauna-1w") && guide_has(a, "sweat-2d"));
	a = answer(kb, "sweating", HOURS(24), &conservative);
	assert_int_equal(a->clear_min, HOURS(48));
	ac_kb_free(kb);
}

/* A guide voice's permission on a group (here given by a protocol): for a member, that
 * voice's restrictions on wider groups give way at its time (rule 3), so the clear time is
 * then, and the verdict then is "ok", not "unknown" (the permission, inherited, does not
 * count for the member itself). Found by fuzz_protocol. */
static void test_restriction_that_gave_way_has_ended(void **state)
{
	(void)state;
	char err[AC_ERRBUF_SIZE];
	ac_kb *kb = load_guide_kb();
	const char *gym = "rules:\n"
			  "  - id: clinic-gym\n"
			  "    activity: sweaty-exercise\n"
			  "    source: jamali\n"
			  "    stance: ok\n"
			  "    from: 1d12h\n"
			  "    quote: \"Gym from day two.\"\n"
			  "    reason: Fine.\n";
	assert_int_equal(ac_kb_apply_protocol_buffer(kb, "gym.yaml", gym, strlen(gym), err), AC_OK);
	ac_answer *a = answer(kb, "cardio", HOURS(36), &conservative);
	assert_int_equal(a->clear_min, HOURS(36));
	assert_int_equal(a->verdict, AC_VERDICT_OK);
	a = answer(kb, "cardio", HOURS(36) - 1, &conservative);
	assert_true(a->verdict == AC_VERDICT_AVOID || a->verdict == AC_VERDICT_CAUTION);
	ac_kb_free(kb);
}

/* Following the clinic's own source: the guide side is the guide's answer, conservative. */
static void test_guide_side_under_the_clinics_policy(void **state)
{
	(void)state;
	ac_kb *kb = guide_with(CLINIC("swimming", "2d"));
	ac_policy clinic = {.kind = AC_POLICY_SOURCE, .source = ac_kb_find_source(kb, "clinic")};
	assert_true(clinic.source >= 0);
	assert_true(ac_source_is_clinic(kb, clinic.source));
	assert_false(ac_source_is_clinic(kb, ac_kb_find_source(kb, "expert")));
	ac_answer *a = answer(kb, "swimming", HOURS(24), &clinic);
	assert_int_equal(a->clear_min, HOURS(48));
	assert_int_equal(a->guide.n_positions, 2);
	assert_int_equal(a->guide.clear_min, HOURS(168));
	ac_kb_free(kb);
}

static void test_disclaimer_worded_for_both(void **state)
{
	(void)state;
	ac_kb *plain = guide_with(NULL);
	assert_false(ac_kb_has_protocol(plain));
	assert_ptr_equal(ac_kb_disclaimer(plain), ac_disclaimer);
	assert_int_equal(answer(plain, "swimming", 0, &conservative)->guide.n_positions, 0);
	assert_false(ac_rule_is_clinic(plain, ac_kb_rule(plain, 0)));

	/* A refused protocol leaves no clinic behind. */
	char err[AC_ERRBUF_SIZE];
	const char *bad = CLINIC("swimming", "3 dayz");
	assert_int_not_equal(ac_kb_apply_protocol_buffer(plain, "bad.yaml", bad, strlen(bad), err),
			     AC_OK);
	assert_false(ac_kb_has_protocol(plain));
	assert_int_equal(answer(plain, "swimming", 0, &conservative)->guide.n_positions, 0);
	ac_kb_free(plain);

	ac_kb *kb = guide_with(CLINIC("swimming", "2d"));
	assert_true(ac_kb_has_protocol(kb));
	const char *d = ac_kb_disclaimer(kb);
	assert_ptr_equal(d, ac_disclaimer_clinic);
	assert_non_null(strstr(d, "not medical advice"));
	assert_non_null(strstr(d, "the clinic's rules are the clinic's own, not the guide's"));
	ac_kb_free(kb);
}

/* On the built-in guide (its tables borrowed from the image), two protocols one after the
 * other: the guide side is always the guide's, never the first protocol's. */
static void test_builtin_guide_through_two_protocols(void **state)
{
	(void)state;
	char err[AC_ERRBUF_SIZE];
	ac_kb *kb = load_guide_kb();
	const char *first = CLINIC("swimming", "2d");
	assert_int_equal(ac_kb_apply_protocol_buffer(kb, "a.yaml", first, strlen(first), err),
			 AC_OK);
	const char *second = "rules:\n"
			     "  - id: clinic-sauna\n"
			     "    activity: sauna\n"
			     "    source: clinic\n"
			     "    stance: avoid\n"
			     "    until: 1d\n"
			     "    quote: \"No sauna for a day.\"\n"
			     "    reason: Ours.\n"
			     "    advice: Wait.\n";
	assert_int_equal(ac_kb_apply_protocol_buffer(kb, "b.yaml", second, strlen(second), err),
			 AC_OK);
	ac_answer *a = answer(kb, "swimming", 0, &conservative);
	assert_int_equal(a->clear_min, HOURS(48));
	assert_true(guide_has(a, "swimming-jamali-week"));
	assert_int_equal(a->guide.clear_min, HOURS(168));
	for (size_t i = 0; i < a->guide.n_positions; i++)
		assert_false(ac_rule_is_clinic(kb, a->guide.positions[i].rule));
	char words[512];
	assert_non_null(strstr(ac_guide_words(kb, a, words, sizeof(words)),
			       "the guide's Face-washing article says 24 hours (1 day), its Dr "
			       "Yalda Jamali 7 days."));
	a = answer(kb, "sauna", 0, &conservative);	/* the second protocol's: kept too */
	assert_true(a->guide.n_positions > 0);
	for (size_t i = 0; i < a->guide.n_positions; i++)
		assert_string_not_equal(a->guide.positions[i].rule->id, "clinic-sauna");
	ac_kb_free(kb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guide_kept_beside_the_clinic),
		cmocka_unit_test(test_clinic_more_lenient_than_every_voice),
		cmocka_unit_test(test_guide_of_a_group),
		cmocka_unit_test(test_clinic_named_member_over_its_group),
		cmocka_unit_test(test_restriction_that_gave_way_has_ended),
		cmocka_unit_test(test_guide_side_under_the_clinics_policy),
		cmocka_unit_test(test_disclaimer_worded_for_both),
		cmocka_unit_test(test_builtin_guide_through_two_protocols),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
