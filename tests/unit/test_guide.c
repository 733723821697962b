/* test_guide.c: the knowledge base says only what the guide says.
 *
 * Every rule's and fact's quote stands verbatim in the guide, under the heading the data
 * names as its section; every id the data refers to exists; every activity has a rule;
 * the activities and voices the product promises are there. The guide is read from
 * AFTERCARE_GUIDE, by default ../shared/seed/microneedling-aftercare-guide.txt beside the
 * repository; where it is absent the quote tests are skipped, saying so.
 */
#include <stdio.h>

#include "testutil.h"

static char *guide;

static char *read_guide(void)
{
	const char *path = getenv("AFTERCARE_GUIDE");
	char fallback[4096];
	if (!path) {
		snprintf(fallback, sizeof(fallback), "%s/../shared/seed/microneedling-aftercare-guide.txt",
			 AC_SOURCE_DIR);
		path = fallback;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "test_guide: guide not found at %s: quote checks skipped "
				"(set AFTERCARE_GUIDE)\n", path);
		return NULL;
	}
	char *buf = malloc(1 << 20);
	size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
	fclose(f);
	if (buf)
		buf[n] = '\0';
	return buf;
}

/* Offset of the start of the line that is exactly `heading`, or -1. */
static long heading_offset(const char *heading)
{
	size_t len = strlen(heading);
	for (const char *p = guide; (p = strstr(p, heading)); p++) {
		int starts = p == guide || p[-1] == '\n';
		int ends = p[len] == '\n' || p[len] == '\0' || p[len] == '\r';
		if (starts && ends)
			return p - guide;
	}
	return -1;
}

/* The section heading, among those the data names, nearest above offset; NULL if none. */
static const char *section_above(const ac_kb *kb, long offset)
{
	const char *best = NULL;
	long best_at = -1;
	for (size_t i = 0; i < ac_kb_rule_count(kb) + ac_kb_fact_count(kb); i++) {
		const char *s = i < ac_kb_rule_count(kb) ? ac_kb_rule(kb, i)->section
							 : ac_kb_fact(kb, i - ac_kb_rule_count(kb))->section;
		long at = heading_offset(s);
		if (at >= 0 && at < offset && at > best_at)
			best = s, best_at = at;
	}
	return best;
}

static void check_quote(const ac_kb *kb, const char *id, const char *quote, const char *section)
{
	const char *at = strstr(guide, quote);
	if (!at)
		fail_msg("%s: quote is not verbatim in the guide: \"%s\"", id, quote);
	if (strcmp(section, "Introduction") != 0 && heading_offset(section) < 0)
		fail_msg("%s: section \"%s\" is not a heading line of the guide", id, section);
	const char *above = section_above(kb, at - guide);
	const char *want = above ? above : "Introduction";
	if (strcmp(want, section) != 0)
		fail_msg("%s: quote stands under \"%s\", data says \"%s\"", id, want, section);
}

static void test_rule_quotes_are_verbatim_under_their_section(void **state)
{
	ac_kb *kb = *state;
	if (!guide)
		skip();
	size_t checked = 0;
	for (size_t i = 0; i < ac_kb_rule_count(kb); i++) {
		const ac_rule *r = ac_kb_rule(kb, i);
		check_quote(kb, r->id, r->quote, r->section);
		checked++;
	}
	assert_true(checked > 80);
}

/* Rule 1, "context gives time": a rule's context sentence stands verbatim in the guide under
 * the same heading as its quote, and it gives the rule a time (an until). */
static void test_rule_contexts_are_verbatim_and_give_a_time(void **state)
{
	ac_kb *kb = *state;
	if (!guide)
		skip();
	size_t with_context = 0;
	for (size_t i = 0; i < ac_kb_rule_count(kb); i++) {
		const ac_rule *r = ac_kb_rule(kb, i);
		if (!r->context)
			continue;
		check_quote(kb, r->id, r->context, r->section);
		if (r->until_min == AC_NO_END)
			fail_msg("%s: has a context but no until", r->id);
		with_context++;
	}
	assert_true(with_context >= 7);	/* the bare-face list, the brush, prolonged sun */
}

static void test_fact_quotes_are_verbatim_under_their_section(void **state)
{
	ac_kb *kb = *state;
	if (!guide)
		skip();
	for (size_t i = 0; i < ac_kb_fact_count(kb); i++) {
		const ac_fact *f = ac_kb_fact(kb, i);
		check_quote(kb, f->id, f->quote, f->section);
	}
	assert_true(ac_kb_fact_count(kb) > 20);
}

static void test_source_sections_are_guide_headings(void **state)
{
	ac_kb *kb = *state;
	if (!guide)
		skip();
	for (size_t i = 0; i < ac_kb_source_count(kb); i++)
		if (heading_offset(ac_kb_source(kb, i)->section) < 0)
			fail_msg("source %s: \"%s\" is not a heading", ac_kb_source(kb, i)->id,
				 ac_kb_source(kb, i)->section);
}

static void test_every_reference_exists(void **state)
{
	ac_kb *kb = *state;
	size_t n_act = ac_kb_activity_count(kb), n_src = ac_kb_source_count(kb);
	for (size_t i = 0; i < ac_kb_rule_count(kb); i++) {
		const ac_rule *r = ac_kb_rule(kb, i);
		assert_true(r->activity >= 0 && (size_t)r->activity < n_act);
		assert_true(r->source >= 0 && (size_t)r->source < n_src);
	}
	for (size_t i = 0; i < ac_kb_fact_count(kb); i++)
		assert_true(ac_kb_fact(kb, i)->source >= 0 &&
			    (size_t)ac_kb_fact(kb, i)->source < n_src);
	for (size_t i = 0; i < n_act; i++) {
		int g = ac_kb_activity(kb, i)->group;
		assert_true(g >= -1 && g < (int)n_act && g != (int)i);
	}
}

static void test_every_activity_has_its_own_rule(void **state)
{
	ac_kb *kb = *state;
	for (size_t a = 0; a < ac_kb_activity_count(kb); a++) {
		int found = 0;
		for (size_t r = 0; r < ac_kb_rule_count(kb) && !found; r++)
			found = ac_kb_rule(kb, r)->activity == (int)a && !ac_kb_rule(kb, r)->implied;
		if (!found)
			fail_msg("activity %s has no rule", ac_kb_activity(kb, a)->id);
	}
}

static void test_promised_activities_and_voices_exist(void **state)
{
	ac_kb *kb = *state;
	static const char *const ids[] = {
		"sweaty-exercise", "cardio", "gentle-exercise", "hot-yoga", "inversions",
		"swimming", "sauna", "steam-room", "hot-tub", "sweating", "sun-exposure",
		"sunscreen", "rinse-water", "gentle-cleanser", "regular-skincare-routine",
		"cleansing-brush", "loofah", "powder-cleanser", "towel-wipe", "anything-on-skin",
		"moisturizer", "hyaluronic-serum", "peptide-serum", "green-tea-toner",
		"enzyme-peel", "retinol", "vitamin-c", "acid-exfoliants", "scrubs", "face-mask",
		"perfume", "heavy-cream", "astringent", "makeup", "mineral-makeup", "cover-bruise",
		"chemical-peel", "microdermabrasion", "touch-face", "pick-scabs", "drink-water",
		"next-microneedling", "home-dermaroller"};
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		int a = ac_kb_find_activity(kb, ids[i]);
		assert_true(a >= 0);
		assert_string_equal(ac_kb_activity(kb, (size_t)a)->id, ids[i]);
	}
	static const char *const voices[] = {"general-article", "face-washing-article", "jamali",
					     "shotter", "procell"};
	for (size_t i = 0; i < sizeof(voices) / sizeof(voices[0]); i++)
		assert_true(ac_kb_find_source(kb, voices[i]) >= 0);
}

static void test_facts_the_product_needs(void **state)
{
	ac_kb *kb = *state;
	int red = 0, course = 0, roller_mm = 0;
	for (size_t i = 0; i < ac_kb_fact_count(kb); i++) {
		const ac_fact *f = ac_kb_fact(kb, i);
		red += strcmp(f->topic, "red-flag") == 0 && strstr(f->quote, "dizziness");
		for (size_t v = 0; v < f->n_values; v++) {
			course += strcmp(f->values[v].name, "spacing_weeks") == 0 && f->values[v].value == 4;
			roller_mm += strcmp(f->values[v].name, "max_needle_mm") == 0 &&
				     f->values[v].value == 0.25;
		}
	}
	assert_int_equal(red, 1);
	assert_int_equal(course, 1);
	assert_int_equal(roller_mm, 1);
}

static int setup(void **state)
{
	guide = read_guide();
	*state = load_guide_kb();
	return 0;
}

static int teardown(void **state)
{
	ac_kb_free(*state);
	free(guide);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule_quotes_are_verbatim_under_their_section),
		cmocka_unit_test(test_rule_contexts_are_verbatim_and_give_a_time),
		cmocka_unit_test(test_fact_quotes_are_verbatim_under_their_section),
		cmocka_unit_test(test_source_sections_are_guide_headings),
		cmocka_unit_test(test_every_reference_exists),
		cmocka_unit_test(test_every_activity_has_its_own_rule),
		cmocka_unit_test(test_promised_activities_and_voices_exist),
		cmocka_unit_test(test_facts_the_product_needs),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
