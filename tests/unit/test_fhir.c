/* test_fhir.c: `plan --format fhir`, the plan as an HL7 FHIR R4 CarePlan (docs/fhir.md).
 *
 * The output is parsed back with jansson and held to the structure FHIR requires (no null,
 * no empty array or object, dateTimes with seconds and offset) and to the engine: one
 * activity entry per position the policy counts, in kb then position order, doNotPerform
 * exactly for avoid and caution, windows in hours as the rules give them. The treatment is
 * on 25 March 2026 in London, four days before the clocks go forward, so windows that end
 * after 29 March carry another offset than their start and only a correct instant passes.
 */
#include <stdio.h>
#include <time.h>

#include <jansson.h>

#include "testutil.h"

static ac_kb *kb;
static ac_profile base = {.device = AC_DEVICE_PEN};

static ac_policy policy_named(const char *name)
{
	ac_policy p;
	char err[AC_ERRBUF_SIZE];
	if (ac_policy_parse(kb, name, &p, err) != AC_OK)
		fail_msg("policy %s: %s", name, err);
	return p;
}

/* Render into memory; the output must be one line of JSON. Returns a new reference. */
static json_t *render_text(const ac_kb *k, const ac_profile *prof, const ac_policy *pol,
			   char **text)
{
	size_t len = 0;
	FILE *f = open_memstream(text, &len);
	assert_non_null(f);
	assert_int_equal(ac_render_plan_fhir(f, k, prof, pol), 0);
	assert_int_equal(fclose(f), 0);
	assert_true(len > 1);
	assert_int_equal((*text)[len - 1], '\n');
	assert_ptr_equal(strchr(*text, '\n'), *text + len - 1);	/* one line */
	json_error_t e;
	json_t *doc = json_loads(*text, JSON_REJECT_DUPLICATES, &e);
	if (!doc)
		fail_msg("not JSON: %s at %d: %.200s", e.text, e.position, *text);
	return doc;
}

static json_t *render_with(const ac_kb *k, const ac_profile *prof, const char *policy)
{
	char *text = NULL;
	ac_policy p = policy_named(policy);
	json_t *doc = render_text(k, prof, &p, &text);
	free(text);
	return doc;
}

static json_t *render(const ac_profile *prof, const char *policy)
{
	return render_with(kb, prof, policy);
}

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	if (!s)
		fail_msg("\"%s\" is not a string", key);
	return s;
}

/* "2026-03-25T10:00:00+00:00" as a time_t; fails the test on any other shape. */
static time_t fhir_time(const char *s)
{
	struct tm tm = {0};
	int y, mo, d, h, mi, sec, oh, om, used = 0;
	char sign;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &sign, &oh,
		   &om, &used) != 9 || used != 25 || s[used] || (sign != '+' && sign != '-'))
		fail_msg("not a FHIR dateTime with seconds and offset: \"%s\"", s);
	tm.tm_year = y - 1900, tm.tm_mon = mo - 1, tm.tm_mday = d;
	tm.tm_hour = h, tm.tm_min = mi, tm.tm_sec = sec;
	long offset = (sign == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
	return timegm(&tm) - offset;
}

static int32_t minutes_after_treatment(const char *s)
{
	return (int32_t)((fhir_time(s) - base.treated_at) / 60);
}

/* FHIR forbids null, and arrays and objects must not be empty. */
static void assert_no_null_or_empty(const json_t *v, const char *where)
{
	const char *key;
	json_t *child;
	size_t i;
	if (json_is_null(v))
		fail_msg("null at %s", where);
	if (json_is_object(v)) {
		if (!json_object_size(v))
			fail_msg("empty object at %s", where);
		json_object_foreach((json_t *)v, key, child)
			assert_no_null_or_empty(child, key);
	} else if (json_is_array(v)) {
		if (!json_array_size(v))
			fail_msg("empty array at %s", where);
		json_array_foreach(v, i, child)
			assert_no_null_or_empty(child, where);
	} else if (json_is_string(v) && !*json_string_value(v)) {
		fail_msg("empty string at %s", where);
	}
}

static const char *extension(const json_t *detail, const char *url)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(detail, "extension"), i, e)
		if (strcmp(str(e, "url"), url) == 0)
			return str(e, "valueString");
	fail_msg("no extension %s", url);
	return NULL;
}

static bool counted(const ac_rule *r, const ac_policy *p)
{
	return p->kind != AC_POLICY_SOURCE || r->source == p->source;
}

/* Entry by entry against ac_query's positions: activity, rule, stance, window. Returns how
 * many positions the policy left out. */
static size_t assert_entries_match_engine(const json_t *doc, const ac_profile *prof,
					  const char *policy)
{
	ac_policy pol = policy_named(policy);
	const json_t *acts = json_object_get(doc, "activity");
	size_t n = 0, left_out = 0;
	ac_answer a;
	for (size_t i = 0; i < ac_kb_activity_count(kb); i++) {
		ac_query(kb, prof, &pol, (int)i, 0, &a);
		for (size_t k = 0; k < a.n_positions; k++) {
			const ac_rule *r = a.positions[k].rule;
			if (!counted(r, &pol)) {
				left_out++;
				continue;
			}
			const json_t *d = json_object_get(json_array_get(acts, n++), "detail");
			if (!d)
				fail_msg("%s: entry %zu missing (rule %s)", policy, n - 1, r->id);
			const json_t *coding = json_array_get(json_object_get(
				json_object_get(d, "code"), "coding"), 0);
			assert_string_equal(str(coding, "system"), "urn:aftercare:activity");
			assert_string_equal(str(coding, "code"), a.activity->id);
			assert_string_equal(str(json_object_get(d, "code"), "text"), a.activity->name);
			assert_string_equal(extension(d, "urn:aftercare:rule"), r->id);
			assert_string_equal(extension(d, "urn:aftercare:stance"),
					    ac_stance_name(r->stance));
			assert_string_equal(extension(d, "urn:aftercare:source"),
					    ac_kb_source(kb, (size_t)r->source)->id);
			assert_string_equal(str(d, "kind"), "Task");
			assert_string_equal(str(d, "status"), "scheduled");
			json_t *dnp = json_object_get(d, "doNotPerform");
			assert_true(json_is_boolean(dnp));
			assert_int_equal(json_is_true(dnp), r->stance <= AC_STANCE_CAUTION);
			const json_t *sp = json_object_get(d, "scheduledPeriod");
			/* The engine's window: an open restriction ends at the guide's longest. */
			const ac_position *pos = &a.positions[k];
			assert_int_equal(minutes_after_treatment(str(sp, "start")), pos->from_min);
			if (pos->until_min == AC_NO_END)
				assert_null(json_object_get(sp, "end"));
			else
				assert_int_equal(minutes_after_treatment(str(sp, "end")), pos->until_min);
			assert_non_null(strstr(str(d, "description"), r->quote));
		}
	}
	assert_int_equal(json_array_size(acts), n);
	return left_out;
}

static void test_resource_header(void **state)
{
	(void)state;
	json_t *doc = render(&base, "conservative");
	assert_string_equal(str(doc, "resourceType"), "CarePlan");
	assert_string_equal(str(doc, "status"), "active");
	assert_string_equal(str(doc, "intent"), "plan");
	assert_non_null(strstr(str(doc, "title"), "aftercare"));
	assert_non_null(strstr(str(doc, "description"), "not medical advice"));
	assert_non_null(strstr(str(doc, "description"), "Policy: conservative"));
	assert_non_null(json_object_get(json_object_get(doc, "subject"), "display"));
	fhir_time(str(doc, "created"));
	json_decref(doc);
}

/* The plan runs from treatment to the last milestone, the time plan's text calls settled. */
static void test_period_is_treatment_to_settled(void **state)
{
	(void)state;
	static const char *const policies[] = {"conservative", "lenient", "source:jamali"};
	ac_milestone m[1024];
	for (size_t i = 0; i < sizeof(policies) / sizeof(policies[0]); i++) {
		ac_policy pol = policy_named(policies[i]);
		size_t n = ac_plan_milestones(kb, &base, &pol, m, 1024);
		assert_true(n > 0 && n <= 1024);
		json_t *doc = render(&base, policies[i]);
		const json_t *period = json_object_get(doc, "period");
		assert_int_equal(fhir_time(str(period, "start")), base.treated_at);
		assert_int_equal(fhir_time(str(period, "end")),
				 base.treated_at + (time_t)m[n - 1].at_min * 60);
		json_decref(doc);
	}
}

static void test_no_null_or_empty_anywhere(void **state)
{
	(void)state;
	static const char *const policies[] = {"conservative", "lenient", "source:jamali",
					       "source:procell"};
	ac_profile deep = base, procell = base;
	deep.depth = AC_DEPTH_DEEP;
	deep.skin = AC_SKIN_SENSITIVE;
	procell.device = AC_DEVICE_PROCELL;
	const ac_profile *profiles[] = {&base, &deep, &procell};
	for (size_t p = 0; p < 3; p++)
		for (size_t i = 0; i < sizeof(policies) / sizeof(policies[0]); i++) {
			json_t *doc = render(profiles[p], policies[i]);
			assert_no_null_or_empty(doc, "CarePlan");
			json_decref(doc);
		}
}

/* Every position counted, none twice, none invented, for several profiles and policies. */
static void test_one_entry_per_position(void **state)
{
	(void)state;
	ac_profile superficial = base, oily = base, roller = base;
	superficial.depth = AC_DEPTH_SUPERFICIAL;
	oily.skin = AC_SKIN_OILY;
	roller.device = AC_DEVICE_DERMAROLLER;
	const ac_profile *profiles[] = {&base, &superficial, &oily, &roller};
	for (size_t p = 0; p < 4; p++) {
		json_t *doc = render(profiles[p], "conservative");
		assert_int_equal(assert_entries_match_engine(doc, profiles[p], "conservative"), 0);
		json_decref(doc);
		doc = render(profiles[p], "lenient");
		assert_int_equal(assert_entries_match_engine(doc, profiles[p], "lenient"), 0);
		json_decref(doc);
	}
}

/* The total, counted independently of the walk above: positions summed over activities. */
static void test_entry_count_is_positions_summed(void **state)
{
	(void)state;
	ac_policy pol = policy_named("conservative");
	size_t total = 0;
	ac_answer a;
	for (size_t i = 0; i < ac_kb_activity_count(kb); i++) {
		ac_query(kb, &base, &pol, (int)i, 0, &a);
		total += a.n_positions;
	}
	json_t *doc = render(&base, "conservative");
	assert_int_equal(json_array_size(json_object_get(doc, "activity")), total);
	assert_true(total > 100);	/* the guide has rules on some 50 activities */
	json_decref(doc);
}

/* doNotPerform is true exactly for avoid and caution, read back from the output alone. */
static void test_do_not_perform_follows_stance(void **state)
{
	(void)state;
	json_t *doc = render(&base, "conservative"), *e;
	size_t i, bans = 0, others = 0;
	json_array_foreach(json_object_get(doc, "activity"), i, e) {
		const json_t *d = json_object_get(e, "detail");
		const char *stance = extension(d, "urn:aftercare:stance");
		bool ban = strcmp(stance, "avoid") == 0 || strcmp(stance, "caution") == 0;
		assert_int_equal(json_is_true(json_object_get(d, "doNotPerform")), ban);
		assert_true(json_is_boolean(json_object_get(d, "doNotPerform")));
		if (ban)
			bans++;
		else
			others++;
	}
	assert_true(bans > 0 && others > 0);
	json_decref(doc);
}

/* Swimming: Dr Jamali a week, the face-washing article a day. */
static void test_swimming_windows_in_hours(void **state)
{
	(void)state;
	json_t *doc = render(&base, "conservative"), *e;
	size_t i;
	int jamali = 0, article = 0;
	json_array_foreach(json_object_get(doc, "activity"), i, e) {
		const json_t *d = json_object_get(e, "detail");
		const json_t *coding = json_array_get(json_object_get(json_object_get(d, "code"),
								      "coding"), 0);
		if (strcmp(str(coding, "code"), "swimming") != 0)
			continue;
		const json_t *sp = json_object_get(d, "scheduledPeriod");
		const char *source = extension(d, "urn:aftercare:source");
		int32_t start = minutes_after_treatment(str(sp, "start"));
		int32_t end = minutes_after_treatment(str(sp, "end"));
		assert_int_equal(start, 0);
		assert_true(json_is_true(json_object_get(d, "doNotPerform")));
		/* The words say the same as the fields: the stance and its window. */
		const char *words = str(d, "description");
		if (strcmp(source, "jamali") == 0) {
			assert_int_equal(end, HOURS(168));
			assert_true(strncmp(words, "Avoid for the first 7 days.", 27) == 0);
			jamali++;
		} else if (strcmp(source, "face-washing-article") == 0) {
			assert_int_equal(end, HOURS(24));
			assert_true(strncmp(words, "Avoid for the first 24 hours (1 day).", 37) == 0);
			article++;
		}
	}
	assert_int_equal(jamali, 1);
	assert_int_equal(article, 1);
	json_decref(doc);
}

/* A restriction the guide gives no time for at all has no scheduledPeriod.end, and says to
 * ask; one whose voice gave no end but the guide gives a time for ends then, and says so. */
static void test_open_rules_have_no_end(void **state)
{
	(void)state;
	json_t *doc = render(&base, "conservative"), *e;
	size_t i, open = 0, peels = 0;
	json_array_foreach(json_object_get(doc, "activity"), i, e) {
		const json_t *d = json_object_get(e, "detail");
		const json_t *sp = json_object_get(d, "scheduledPeriod");
		const ac_rule *r = ac_kb_rule(kb, 0);
		for (size_t k = 0; k < ac_kb_rule_count(kb); k++)
			if (strcmp(ac_kb_rule(kb, k)->id, extension(d, "urn:aftercare:rule")) == 0)
				r = ac_kb_rule(kb, k);
		assert_string_equal(r->id, extension(d, "urn:aftercare:rule"));
		if (json_object_get(sp, "end") != NULL) {
			if (r->until_min == AC_NO_END && r->stance <= AC_STANCE_CAUTION)
				assert_non_null(strstr(str(d, "description"), "no end given"));
			continue;
		}
		assert_int_equal(r->until_min, AC_NO_END);
		open++;
		if (r->stance <= AC_STANCE_CAUTION)
			assert_non_null(strstr(str(d, "description"), "practitioner"));
		const json_t *coding = json_array_get(json_object_get(json_object_get(d, "code"),
								      "coding"), 0);
		if (strcmp(str(coding, "code"), "pick-scabs") == 0) {
			assert_true(json_is_true(json_object_get(d, "doNotPerform")));
			peels++;
		}
	}
	assert_true(open > 0);
	assert_true(peels > 0);
	json_decref(doc);
}

/* The red flag comes first; then one note per source the plan cites. */
static void test_red_flag_first_then_sources(void **state)
{
	(void)state;
	json_t *doc = render(&base, "conservative"), *e;
	const json_t *notes = json_object_get(doc, "note");
	assert_non_null(strstr(str(json_array_get(notes, 0), "text"), "dizziness"));
	assert_non_null(strstr(str(json_array_get(notes, 0), "text"), "doctor"));
	size_t i, sources = 0;
	json_array_foreach(notes, i, e) {
		const char *t = str(e, "text");
		if (strncmp(t, "Source: ", 8) != 0)
			continue;
		const ac_source *s = ac_kb_source(kb, sources++);
		assert_non_null(strstr(t, s->name));
		assert_non_null(strstr(t, s->section));
	}
	/* Under conservative every voice of the guide has some rule for this profile. */
	assert_int_equal(sources, ac_kb_source_count(kb));
	json_decref(doc);
}

/* source:ID lists that voice's rules and says how many of the others it left out. */
static void test_source_policy_lists_one_voice(void **state)
{
	(void)state;
	json_t *doc = render(&base, "source:jamali"), *e;
	size_t left_out = assert_entries_match_engine(doc, &base, "source:jamali"), i;
	assert_true(left_out > 0);
	json_array_foreach(json_object_get(doc, "activity"), i, e)
		assert_string_equal(extension(json_object_get(e, "detail"), "urn:aftercare:source"),
				    "jamali");
	char want[64];
	snprintf(want, sizeof(want), "%zu rules of other sources are left out", left_out);
	/* The red flag stays first, before what the policy left out. */
	assert_non_null(strstr(str(json_array_get(json_object_get(doc, "note"), 0), "text"),
			       "dizziness"));
	bool said = false, jamali = false, other = false;
	json_array_foreach(json_object_get(doc, "note"), i, e) {
		const char *t = str(e, "text");
		said |= strstr(t, want) != NULL;
		jamali |= strstr(t, "Source: Dr Yalda Jamali") != NULL;
		other |= strstr(t, "Source: Dr Sophie Shotter") != NULL;
	}
	assert_true(said);
	assert_true(jamali);
	assert_false(other);
	assert_non_null(strstr(str(doc, "description"), "Policy: source:jamali"));
	json_decref(doc);
}

/* SOURCE_DATE_EPOCH pins created, and then two renders are the same bytes. */
static void test_created_is_reproducible(void **state)
{
	(void)state;
	ac_policy pol = policy_named("conservative");
	char *a = NULL, *b = NULL;
	setenv("SOURCE_DATE_EPOCH", "1795600800", 1);	/* 2026-11-25 10:00 UTC */
	json_t *doc = render_text(kb, &base, &pol, &a);
	json_decref(render_text(kb, &base, &pol, &b));
	unsetenv("SOURCE_DATE_EPOCH");
	assert_string_equal(str(doc, "created"), "2026-11-25T10:00:00+00:00");
	assert_string_equal(a, b);
	free(a);
	free(b);
	json_decref(doc);
}

#define TINY_KB                                                                          \
	"version: 1\n"                                                                   \
	"sources:\n"                                                                     \
	"  - {id: a, name: Source A, section: Intro}\n"                                   \
	"activities:\n"                                                                  \
	"  - {id: peel, name: Chemical peel, category: skin}\n"                           \
	"rules:\n"                                                                       \
	"  - {id: peel-a, activity: peel, source: a, stance: avoid, device: [procell],\n" \
	"     quote: \"No peels.\", reason: Healing.}\n"

/* Nothing in force for the profile: no activity array (FHIR forbids empty ones), no period
 * end (no milestone), and still valid. */
static void test_nothing_applies(void **state)
{
	(void)state;
	char err[AC_ERRBUF_SIZE];
	ac_kb *tiny = NULL;
	if (load_text(TINY_KB, &tiny, err) != AC_OK)
		fail_msg("tiny kb: %s", err);
	ac_policy pol = {.kind = AC_POLICY_CONSERVATIVE};
	char *text = NULL;
	json_t *doc = render_text(tiny, &base, &pol, &text);
	assert_null(json_object_get(doc, "activity"));
	assert_null(json_object_get(json_object_get(doc, "period"), "end"));
	assert_no_null_or_empty(doc, "CarePlan");
	json_decref(doc);
	free(text);

	/* For a procell treatment the one open rule applies: an entry, still no period end. */
	ac_profile procell = base;
	procell.device = AC_DEVICE_PROCELL;
	doc = render_text(tiny, &procell, &pol, &text);
	assert_int_equal(json_array_size(json_object_get(doc, "activity")), 1);
	assert_null(json_object_get(json_object_get(doc, "period"), "end"));
	assert_no_null_or_empty(doc, "CarePlan");
	json_decref(doc);
	free(text);
	ac_kb_free(tiny);
}

static int setup(void **state)
{
	(void)state;
	setenv("TZ", "Europe/London", 1);
	tzset();
	unsetenv("SOURCE_DATE_EPOCH");
	kb = load_guide_kb();
	assert_int_equal(ac_time_parse("2026-03-25 10:00", &base.treated_at), AC_OK);
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
		cmocka_unit_test(test_resource_header),
		cmocka_unit_test(test_period_is_treatment_to_settled),
		cmocka_unit_test(test_no_null_or_empty_anywhere),
		cmocka_unit_test(test_one_entry_per_position),
		cmocka_unit_test(test_entry_count_is_positions_summed),
		cmocka_unit_test(test_do_not_perform_follows_stance),
		cmocka_unit_test(test_swimming_windows_in_hours),
		cmocka_unit_test(test_open_rules_have_no_end),
		cmocka_unit_test(test_red_flag_first_then_sources),
		cmocka_unit_test(test_source_policy_lists_one_voice),
		cmocka_unit_test(test_created_is_reproducible),
		cmocka_unit_test(test_nothing_applies),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
