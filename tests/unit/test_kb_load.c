/* test_kb_load.c: loading a knowledge base and applying a clinic protocol (docs/kb-format.md).
 *
 * Every bad input is refused with the right ac_result, no kb, and a message that says where
 * ("test.yaml:LINE:COL: ") and what is wrong. Good inputs load with the right counts and
 * fields, the implied "fine only later" rules and group inheritance. A protocol replaces the
 * rules of the activities it names, leaves the rest alone, and when it has an error leaves
 * the kb exactly as it was, reporting the error under the protocol's path.
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "testutil.h"

/* Line 1, then lines 2-5: one source. */
#define V1 "version: 1\n"
#define SOURCES                                                                            \
	"sources:\n"                                                                       \
	"  - id: guide\n"                                                                  \
	"    name: The guide\n"                                                            \
	"    section: Aftercare\n"

/* Lines 6-10: one activity, with aliases. */
#define SWIMMING                                                                           \
	"activities:\n"                                                                    \
	"  - id: swimming\n"                                                               \
	"    name: Swimming\n"                                                             \
	"    category: water\n"                                                            \
	"    aliases: [swim, pool]\n"

/* Lines 1-11: up to "rules:". */
#define HEAD V1 SOURCES SWIMMING "rules:\n"

/* Lines 12-18 when it follows HEAD: activity at 13:15, source at 14:13, stance at 15:13;
 * extra lines start at line 19. */
#define RULE(act, src, stance, extra)                                                      \
	"  - id: swim-week\n"                                                              \
	"    activity: " act "\n"                                                          \
	"    source: " src "\n"                                                            \
	"    stance: " stance "\n"                                                         \
	"    quote: \"No swimming for a week.\"\n"                                         \
	"    reason: Chlorine irritates the skin.\n"                                       \
	"    advice: Wait a week.\n" extra
#define SWIM_RULE(extra) RULE("swimming", "guide", "avoid", extra)

#define SAUNA                                                                              \
	"  - id: sauna\n"                                                                  \
	"    name: Sauna\n"                                                                \
	"    category: heat\n"
#define SAUNA_RULE                                                                         \
	"  - id: sauna-2d\n"                                                               \
	"    activity: sauna\n"                                                            \
	"    source: guide\n"                                                              \
	"    stance: avoid\n"                                                              \
	"    until: 2d\n"                                                                  \
	"    quote: \"Keep out of saunas.\"\n"                                             \
	"    reason: Heat.\n"                                                              \
	"    advice: Wait two days.\n"

static char not_written;	/* *out must be reset to NULL on failure */

/* Whether err has a line that starts with "test.yaml:<where>: " and contains what. */
static int has_message(const char *err, const char *file, const char *where, const char *what)
{
	char prefix[512];
	snprintf(prefix, sizeof(prefix), "%s:%s: ", file, where);
	for (const char *line = err; *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		const char *hit = strstr(line, what);
		int starts = strncmp(line, prefix, strlen(prefix)) == 0;
		if (starts && hit && hit + strlen(what) <= line + len)
			return 1;
		line += len + (end != NULL);
	}
	return 0;
}

static int count_lines(const char *err)
{
	int n = *err != '\0';
	for (const char *p = err; *p; p++)
		n += *p == '\n';
	return n;
}

/* Load len bytes; require want, no kb, and exactly one message: where, saying what. */
static void expect_bytes_error(const char *yaml, size_t len, ac_result want, const char *where,
			       const char *what)
{
	char err[AC_ERRBUF_SIZE];
	ac_kb *kb = (ac_kb *)&not_written;
	ac_result rc = ac_kb_load_buffer("test.yaml", yaml, len, &kb, err);
	if (rc != want || kb != NULL || count_lines(err) != 1 ||
	    !has_message(err, "test.yaml", where, what))
		fail_msg("want result %d and \"test.yaml:%s: ...%s...\"; got result %d, kb %p:\n%s",
			 want, where, what, rc, (void *)kb, err);
}

static void expect_error(const char *yaml, ac_result want, const char *where, const char *what)
{
	expect_bytes_error(yaml, strlen(yaml), want, where, what);
}

static ac_kb *load_ok(const char *yaml)
{
	char err[AC_ERRBUF_SIZE];
	ac_kb *kb = NULL;
	if (load_text(yaml, &kb, err) != AC_OK)
		fail_msg("does not load:\n%s", err);
	assert_non_null(kb);
	return kb;
}

static int rule_index(const ac_kb *kb, const char *id)
{
	for (size_t i = 0; i < ac_kb_rule_count(kb); i++)
		if (strcmp(ac_kb_rule(kb, i)->id, id) == 0)
			return (int)i;
	return -1;
}

static const ac_profile anyone = {.device = AC_DEVICE_PEN};
static const ac_policy conservative = {.kind = AC_POLICY_CONSERVATIVE};

static ac_answer ask(const ac_kb *kb, const char *act, int32_t at)
{
	ac_answer a;
	ac_query(kb, &anyone, &conservative, activity(kb, act), at, &a);
	return a;
}

/* ---- references ---- */

static void test_unknown_activity(void **state)
{
	(void)state;
	expect_error(HEAD RULE("yoga", "guide", "avoid", ""), AC_ERR_INVALID, "13:15",
		     "unknown activity \"yoga\"");
	char err[AC_ERRBUF_SIZE];
	ac_kb *kb;
	load_text(HEAD RULE("yoga", "guide", "avoid", ""), &kb, err);
	assert_null(strstr(err, "did you mean"));	/* nothing is near "yoga" */
}

static void test_near_miss_activity_suggests(void **state)
{
	(void)state;
	expect_error(HEAD RULE("swiming", "guide", "avoid", ""), AC_ERR_INVALID, "13:15",
		     "unknown activity \"swiming\" (did you mean \"swimming\"?)");
}

static void test_unknown_source(void **state)
{
	(void)state;
	expect_error(HEAD RULE("swimming", "clinic", "avoid", ""), AC_ERR_INVALID, "14:13",
		     "unknown source \"clinic\"");
}

/* ---- windows and stances ---- */

static void test_bad_duration(void **state)
{
	(void)state;
	expect_error(HEAD SWIM_RULE("    until: 3 dayz\n"), AC_ERR_INVALID, "19:12",
		     "bad duration \"3 dayz\" for until");
	expect_error(HEAD SWIM_RULE("    from: 3 dayz\n"), AC_ERR_INVALID, "19:11",
		     "bad duration \"3 dayz\" for from");
	expect_error(HEAD SWIM_RULE("    until: -1h\n"), AC_ERR_INVALID, "19:12",
		     "bad duration \"-1h\" for until");
}

static void test_until_not_after_from(void **state)
{
	(void)state;
	expect_error(HEAD SWIM_RULE("    from: 2d\n    until: 1d\n"), AC_ERR_INVALID, "20:12",
		     "until (1d) is not after from");
	expect_error(HEAD SWIM_RULE("    from: 1d\n    until: 24h\n"), AC_ERR_INVALID, "20:12",
		     "until (24h) is not after from");
	expect_error(HEAD SWIM_RULE("    until: 0m\n"), AC_ERR_INVALID, "19:12",
		     "until (0m) is not after from");
}

static void test_unknown_stance(void **state)
{
	(void)state;
	expect_error(HEAD RULE("swimming", "guide", "maybe", ""), AC_ERR_INVALID, "15:13",
		     "unknown stance \"maybe\"");
}

static void test_unknown_condition_values(void **state)
{
	(void)state;
	expect_error(HEAD SWIM_RULE("    device: laser\n"), AC_ERR_INVALID, "19:13",
		     "unknown device \"laser\"");
	expect_error(HEAD SWIM_RULE("    depth: [deep, abyss]\n"), AC_ERR_INVALID, "19:19",
		     "unknown depth \"abyss\"");
	expect_error(HEAD SWIM_RULE("    skin: scaly\n"), AC_ERR_INVALID, "19:11",
		     "unknown skin \"scaly\"");
}

/* "unspecified" is what a profile says when it does not know; no rule is for it alone. */
static void test_unspecified_is_no_condition(void **state)
{
	(void)state;
	expect_error(HEAD SWIM_RULE("    depth: unspecified\n"), AC_ERR_INVALID, "19:12",
		     "unknown depth \"unspecified\"");
	expect_error(HEAD SWIM_RULE("    skin: [oily, unspecified]\n"), AC_ERR_INVALID, "19:18",
		     "unknown skin \"unspecified\"");
	expect_error(HEAD SWIM_RULE("    device: unspecified\n"), AC_ERR_INVALID, "19:13",
		     "unknown device \"unspecified\"");
}

/* ---- required fields ---- */

static void test_missing_quote(void **state)
{
	(void)state;
	expect_error(HEAD "  - id: swim-week\n"
			  "    activity: swimming\n"
			  "    source: guide\n"
			  "    stance: avoid\n"
			  "    reason: Chlorine irritates the skin.\n"
			  "    advice: Wait a week.\n",
		     AC_ERR_INVALID, "12:5", "rule has no \"quote\"");
}

static void test_missing_reason(void **state)
{
	(void)state;
	expect_error(HEAD "  - id: swim-week\n"
			  "    activity: swimming\n"
			  "    source: guide\n"
			  "    stance: avoid\n"
			  "    quote: \"No swimming for a week.\"\n"
			  "    advice: Wait a week.\n",
		     AC_ERR_INVALID, "12:5", "rule has no \"reason\"");
}

static void test_empty_quote(void **state)
{
	(void)state;
	expect_error(HEAD "  - id: swim-week\n"
			  "    activity: swimming\n"
			  "    source: guide\n"
			  "    stance: avoid\n"
			  "    quote: \"\"\n"
			  "    reason: Chlorine irritates the skin.\n"
			  "    advice: Wait a week.\n",
		     AC_ERR_INVALID, "16:13", "quote must not be empty");	/* inside the "" */
}

/* ---- uniqueness ---- */

static void test_duplicate_rule_id(void **state)
{
	(void)state;
	expect_error(HEAD SWIM_RULE(RULE("swimming", "guide", "ok", "    from: 1w\n")),
		     AC_ERR_INVALID, "19:9", "duplicate rule id \"swim-week\"");
}

static void test_duplicate_activity_id(void **state)
{
	(void)state;
	expect_error(V1 SOURCES SWIMMING
		     "  - id: swimming\n"
		     "    name: Swimming again\n"
		     "    category: water\n"
		     "rules:\n" SWIM_RULE(""),
		     AC_ERR_INVALID, "11:9", "duplicate activity id \"swimming\"");
	/* An id that another activity already answers to as an alias. */
	expect_error(V1 SOURCES SWIMMING
		     "  - id: pool\n"
		     "    name: Pool games\n"
		     "    category: water\n"
		     "rules:\n" SWIM_RULE(""),
		     AC_ERR_INVALID, "11:9", "\"pool\"");
}

static void test_duplicate_source_id(void **state)
{
	(void)state;
	expect_error(V1 SOURCES
		     "  - id: guide\n"
		     "    name: Another guide\n"
		     "    section: Elsewhere\n" SWIMMING "rules:\n" SWIM_RULE(""),
		     AC_ERR_INVALID, "6:9", "duplicate source id \"guide\"");
}

static void test_alias_collides_with_another_activitys_alias(void **state)
{
	(void)state;
	/* Aliases match case-insensitively, so "Pool" is swimming's "pool". */
	expect_error(V1 SOURCES SWIMMING
		     "  - id: sauna\n"
		     "    name: Sauna\n"
		     "    category: heat\n"
		     "    aliases: [steam, Pool]\n"
		     "rules:\n" SWIM_RULE("") SAUNA_RULE,
		     AC_ERR_INVALID, "14:22", "alias \"Pool\" already names activity \"swimming\"");
}

static void test_duplicate_fact_id(void **state)
{
	(void)state;
	expect_error(HEAD SWIM_RULE("") "facts:\n"
		     "  - id: how-often\n"
		     "    topic: frequency\n"
		     "    source: guide\n"
		     "    quote: \"Every four weeks.\"\n"
		     "    text: A session every four weeks.\n"
		     "  - id: how-often\n"
		     "    topic: frequency\n"
		     "    source: guide\n"
		     "    quote: \"Every six weeks.\"\n"
		     "    text: A session every six weeks.\n",
		     AC_ERR_INVALID, "25:9", "duplicate fact id \"how-often\"");
}

/* ---- field names ---- */

static void test_unknown_field_suggests(void **state)
{
	(void)state;
	expect_error(HEAD SWIM_RULE("    untill: 2d\n"), AC_ERR_INVALID, "19:5",
		     "unknown field \"untill\" in rule (did you mean \"until\"?)");
	expect_error(HEAD SWIM_RULE("") "rulez: []\n", AC_ERR_INVALID, "19:1",
		     "unknown field \"rulez\" in the knowledge base (did you mean \"rules\"?)");
}

static void test_unknown_field_far_from_any(void **state)
{
	(void)state;
	expect_error(HEAD SWIM_RULE("    colour: blue\n"), AC_ERR_INVALID, "19:5",
		     "unknown field \"colour\" in rule");
	char err[AC_ERRBUF_SIZE];
	ac_kb *kb;
	load_text(HEAD SWIM_RULE("    colour: blue\n"), &kb, err);
	assert_null(strstr(err, "did you mean"));
}

/* ---- what needs the whole kb ---- */

static void test_group_cycle(void **state)
{
	(void)state;
	const char *yaml = V1 SOURCES SWIMMING
		"  - id: a\n"
		"    name: A\n"
		"    category: x\n"
		"    group: b\n"
		"  - id: b\n"
		"    name: B\n"
		"    category: x\n"
		"    group: a\n"
		"rules:\n" SWIM_RULE("")
		"  - id: rule-a\n"
		"    activity: a\n"
		"    source: guide\n"
		"    stance: avoid\n"
		"    quote: \"Not A.\"\n"
		"    reason: A.\n"
		"    advice: None.\n"
		"  - id: rule-b\n"
		"    activity: b\n"
		"    source: guide\n"
		"    stance: avoid\n"
		"    quote: \"Not B.\"\n"
		"    reason: B.\n"
		"    advice: None.\n";
	char err[AC_ERRBUF_SIZE];
	ac_kb *kb = (ac_kb *)&not_written;
	assert_int_equal(load_text(yaml, &kb, err), AC_ERR_INVALID);
	assert_null(kb);
	assert_true(has_message(err, "test.yaml", "11:1", "\"a\": its groups form a cycle"));
	assert_true(has_message(err, "test.yaml", "15:1", "\"b\": its groups form a cycle"));
	assert_int_equal(count_lines(err), 2);
}

static void test_own_group(void **state)
{
	(void)state;
	expect_error(V1 SOURCES SWIMMING SAUNA "    group: sauna\n"
		     "rules:\n" SWIM_RULE("") SAUNA_RULE,
		     AC_ERR_INVALID, "14:12", "activity cannot be its own group");
}

static void test_activity_without_rule(void **state)
{
	(void)state;
	expect_error(V1 SOURCES SWIMMING SAUNA "rules:\n" SWIM_RULE(""), AC_ERR_INVALID, "11:1",
		     "activity \"sauna\" has no rule");
}

/* ---- not YAML, not UTF-8, not a knowledge base ---- */

static void test_yaml_syntax_error_has_a_position(void **state)
{
	(void)state;
	/* "name" is indented one column less than "id": not a mapping, not a new item. */
	expect_error(V1 "sources:\n  - id: guide\n   name: The guide\n", AC_ERR_PARSE, "4:4", "");
	expect_error(V1 "version: 1\n", AC_ERR_PARSE, "2:1", "duplicate key");
}

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "test_kb_load: the loader hangs on invalid UTF-8\n";
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(3);
	_exit(2);
}

/* libfyaml 0.7.12 loops forever on "%\xff": the loader must refuse it before parsing. */
static void test_invalid_utf8(void **state)
{
	(void)state;
	static const struct {
		const char *bytes;
		const char *where;
	} cases[] = {
		{"%\xff", "1:2"},
		{"%\xff\xfe", "1:2"},
		{"version: 1\nsources: \xc0\xaf\n", "2:10"},	/* overlong '/' */
		{"version: 1\n# \xed\xa0\x80\n", "2:3"},		/* a surrogate */
		{"version: 1\n# caf\xc3", "2:6"},			/* cut short */
		{"\x80version: 1\n", "1:1"},			/* a lone continuation */
	};
	signal(SIGALRM, on_alarm);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		alarm(10);
		expect_bytes_error(cases[i].bytes, strlen(cases[i].bytes), AC_ERR_PARSE,
				   cases[i].where, "invalid UTF-8");
		alarm(0);
	}
	signal(SIGALRM, SIG_DFL);
}

/* An empty document is refused, naming the file. Only that is held here: today the
 * message has no position and the result is AC_ERR_PARSE, though an empty stream is
 * well-formed YAML (AC_ERR_INVALID, "1:1: empty document" would be expected). */
static void test_empty_document(void **state)
{
	(void)state;
	static const char *const empties[] = {"", "\n", "# nothing here\n"};
	for (size_t i = 0; i < sizeof(empties) / sizeof(empties[0]); i++) {
		char err[AC_ERRBUF_SIZE];
		ac_kb *kb = (ac_kb *)&not_written;
		ac_result rc = load_text(empties[i], &kb, err);
		assert_int_equal(rc, AC_ERR_INVALID);
		assert_null(kb);
		assert_int_equal(strncmp(err, "test.yaml:1:1: empty document", 29), 0);
	}
	expect_error("---\n", AC_ERR_INVALID, "1:1", "empty document");
	/* A document with nothing but a version is no knowledge base. */
	expect_error("version: 1\n", AC_ERR_INVALID, "1:1", "needs sources, activities and rules");
}

/* A NUL byte would cut the text short where libfyaml reads it: refused, with its place. */
static void test_nul_byte(void **state)
{
	(void)state;
	static const char text[] = "version: 1\n\0rulez: 5\n";
	char err[AC_ERRBUF_SIZE];
	ac_kb *kb = NULL;
	assert_int_equal(ac_kb_load_buffer("test.yaml", text, sizeof(text) - 1, &kb, err),
			 AC_ERR_PARSE);
	assert_null(kb);
	assert_non_null(strstr(err, "test.yaml:2:1: NUL byte at offset 11"));
}

static void test_root_not_a_mapping(void **state)
{
	(void)state;
	expect_error("- sources\n- rules\n", AC_ERR_INVALID, "1:3", "must be a mapping");
	expect_error("just some words\n", AC_ERR_INVALID, "1:1", "must be a mapping");
}

static void test_unsupported_version(void **state)
{
	(void)state;
	expect_error("version: 2\n" SOURCES SWIMMING "rules:\n" SWIM_RULE(""), AC_ERR_INVALID,
		     "1:10", "unsupported version \"2\"");
}

static void test_fact_value_not_a_number(void **state)
{
	(void)state;
	expect_error(HEAD SWIM_RULE("") "facts:\n"
		     "  - id: how-often\n"
		     "    topic: frequency\n"
		     "    source: guide\n"
		     "    quote: \"Every four to six weeks.\"\n"
		     "    text: A session every four to six weeks.\n"
		     "    values:\n"
		     "      min_weeks: 4\n"
		     "      max_weeks: six\n",
		     AC_ERR_INVALID, "27:18", "value \"six\" is not a number");
	expect_error(HEAD SWIM_RULE("") "facts:\n"
		     "  - id: how-often\n"
		     "    topic: frequency\n"
		     "    source: guide\n"
		     "    quote: \"Every four weeks.\"\n"
		     "    text: A session every four weeks.\n"
		     "    values: {weeks: nan}\n",
		     AC_ERR_INVALID, "25:21", "value \"nan\" is not a number");
}

/* A fact's line must fit one line of a phone: 44 bytes pass, 45 are refused at the value. */
static void test_fact_line_too_long(void **state)
{
	(void)state;
	expect_error(HEAD SWIM_RULE("") "facts:\n"
		     "  - id: dizzy\n"
		     "    topic: red-flag\n"
		     "    source: guide\n"
		     "    quote: \"If you feel dizzy, call your doctor.\"\n"
		     "    text: Dizziness after treatment — call your doctor.\n"
		     "    line: \"Dizziness after the treatment: call a doctor!\"\n",
		     AC_ERR_INVALID, "25:12", "a fact's line is 45 bytes: at most 44");
	ac_kb *kb = load_ok(HEAD SWIM_RULE("") "facts:\n"
			    "  - id: dizzy\n"
			    "    topic: red-flag\n"
			    "    source: guide\n"
			    "    quote: \"If you feel dizzy, call your doctor.\"\n"
			    "    text: Dizziness after treatment — call your doctor.\n"
			    "    line: \"Dizziness after the treatment: call a doctor\"\n");
	assert_string_equal(ac_kb_fact(kb, 0)->line, "Dizziness after the treatment: call a doctor");
	ac_kb_free(kb);
}

/* ---- good inputs ---- */

static const char minimal_kb[] =
	V1 SOURCES
	"  - id: clinic\n"
	"    name: The clinic\n"
	"    section: Our advice\n"
	SWIMMING SAUNA
	"rules:\n"
	"  - id: swim-week\n"		/* line 18 */
	"    activity: swimming\n"
	"    source: guide\n"
	"    stance: avoid\n"
	"    until: 1w\n"
	"    quote: \"No swimming for a week.\"\n"
	"    reason: Chlorine irritates the skin.\n"
	"    advice: Wait a week.\n"
	"  - id: sauna-deep\n"		/* line 26 */
	"    activity: sauna\n"
	"    source: clinic\n"
	"    stance: caution\n"
	"    from: 12h\n"
	"    until: 1d12h\n"
	"    device: [pen, dermaroller]\n"
	"    depth: deep\n"
	"    skin: [oily, acne-prone]\n"
	"    section: Heat\n"
	"    quote: \"Go easy on saunas.\"\n"
	"    reason: Heat.\n"
	"    advice: Keep it short.\n"
	"facts:\n"
	"  - id: how-often\n"
	"    topic: frequency\n"
	"    source: guide\n"
	"    skin: [sensitive]\n"
	"    quote: \"Every four to six weeks.\"\n"
	"    text: A session every four to six weeks.\n"
	"    values: {min_weeks: 4, max_weeks: 6.5}\n";

static void test_minimal_kb_loads(void **state)
{
	(void)state;
	ac_kb *kb = load_ok(minimal_kb);
	assert_int_equal(ac_kb_source_count(kb), 2);
	assert_int_equal(ac_kb_activity_count(kb), 2);
	assert_int_equal(ac_kb_rule_count(kb), 2);
	assert_int_equal(ac_kb_fact_count(kb), 1);
	assert_int_equal(ac_kb_find_source(kb, "clinic"), 1);
	assert_int_equal(ac_kb_find_source(kb, "nobody"), -1);
	assert_int_equal(ac_kb_find_activity(kb, "SWIM"), 0);
	assert_int_equal(ac_kb_find_activity(kb, "Pool"), 0);
	assert_int_equal(ac_kb_find_activity(kb, "sauna"), 1);
	assert_int_equal(ac_kb_activity(kb, 0)->n_aliases, 2);
	assert_int_equal(ac_kb_activity(kb, 1)->group, -1);
	assert_null(ac_kb_rule(kb, 2));

	const ac_rule *swim = ac_kb_rule(kb, 0);
	assert_string_equal(swim->id, "swim-week");
	assert_int_equal(swim->stance, AC_STANCE_AVOID);
	assert_int_equal(swim->from_min, 0);
	assert_int_equal(swim->until_min, HOURS(168));
	assert_int_equal(swim->device_mask | swim->depth_mask | swim->skin_mask, 0);
	assert_string_equal(swim->section, "Aftercare");	/* the source's */
	assert_string_equal(swim->quote, "No swimming for a week.");
	assert_string_equal(swim->file, "test.yaml");
	assert_int_equal(swim->line, 18);
	assert_false(swim->implied);

	const ac_rule *sauna = ac_kb_rule(kb, 1);
	assert_int_equal(sauna->source, 1);
	assert_int_equal(sauna->activity, 1);
	assert_int_equal(sauna->stance, AC_STANCE_CAUTION);
	assert_int_equal(sauna->from_min, HOURS(12));
	assert_int_equal(sauna->until_min, HOURS(36));
	assert_int_equal(sauna->device_mask, 1u << AC_DEVICE_PEN | 1u << AC_DEVICE_DERMAROLLER);
	assert_int_equal(sauna->depth_mask, 1u << AC_DEPTH_DEEP);
	assert_int_equal(sauna->skin_mask, 1u << AC_SKIN_OILY | 1u << AC_SKIN_ACNE_PRONE);
	assert_string_equal(sauna->section, "Heat");
	assert_string_equal(sauna->advice, "Keep it short.");
	assert_int_equal(sauna->line, 26);

	const ac_fact *f = ac_kb_fact(kb, 0);
	assert_string_equal(f->topic, "frequency");
	assert_int_equal(f->skin_mask, 1u << AC_SKIN_SENSITIVE);
	assert_int_equal(f->n_values, 2);
	assert_string_equal(f->values[1].name, "max_weeks");
	assert_true(f->values[1].value == 6.5);
	assert_null(f->line);	/* optional: the text is then the only form */
	ac_kb_free(kb);
}

static void test_load_from_file_names_the_file(void **state)
{
	(void)state;
	char err[AC_ERRBUF_SIZE];
	ac_kb *kb = (ac_kb *)&not_written;
	assert_int_equal(ac_kb_load("/nonexistent/aftercare.yaml", &kb, err), AC_ERR_IO);
	assert_null(kb);
	assert_int_equal(strncmp(err, "/nonexistent/aftercare.yaml: ", 29), 0);
}

/* "Fine from 3 days" by a voice that says nothing of before: caution until then. */
static void test_ok_from_t_implies_caution_before(void **state)
{
	(void)state;
	ac_kb *kb = load_ok(HEAD RULE("swimming", "guide", "ok", "    from: 3d\n"));
	assert_int_equal(ac_kb_rule_count(kb), 2);
	int i = rule_index(kb, "swim-week~before");
	assert_true(i >= 0);
	const ac_rule *r = ac_kb_rule(kb, (size_t)i);
	assert_true(r->implied);
	assert_int_equal(r->stance, AC_STANCE_CAUTION);
	assert_int_equal(r->from_min, 0);
	assert_int_equal(r->until_min, HOURS(72));
	assert_int_equal(r->source, 0);
	assert_int_equal(r->activity, 0);
	assert_string_equal(r->quote, "No swimming for a week.");
	assert_false(ac_kb_rule(kb, (size_t)rule_index(kb, "swim-week"))->implied);

	assert_int_equal(ask(kb, "swimming", HOURS(24)).verdict, AC_VERDICT_CAUTION);
	assert_int_equal(ask(kb, "swimming", HOURS(72)).verdict, AC_VERDICT_OK);
	assert_int_equal(ask(kb, "swimming", 0).clear_min, HOURS(72));
	ac_kb_free(kb);
}

static int count_implied(const ac_kb *kb)
{
	int n = 0;
	for (size_t i = 0; i < ac_kb_rule_count(kb); i++) {
		const char *id = ac_kb_rule(kb, i)->id;
		size_t len = strlen(id);
		n += ac_kb_rule(kb, i)->implied;
		assert_int_equal(ac_kb_rule(kb, i)->implied,
				 len > 7 && strcmp(id + len - 7, "~before") == 0);
	}
	return n;
}

#define SWIM_OK_3D                                                                         \
	"  - id: swim-ok\n"                                                                \
	"    activity: swimming\n"                                                         \
	"    source: guide\n"                                                              \
	"    stance: ok\n"                                                                 \
	"    from: 3d\n"                                                                   \
	"    quote: \"Swim again after three days.\"\n"                                    \
	"    reason: Healed.\n"                                                            \
	"    advice: Go ahead.\n"

/* Whether an implied rule is added depends on who restricts [0, 3d) and how far. */
static void test_ok_covered_by_a_restriction_implies_nothing(void **state)
{
	(void)state;
	/* The same voice restricts the whole of [0, 3d): nothing to add. */
	ac_kb *kb = load_ok(HEAD SWIM_RULE("    until: 3d\n") SWIM_OK_3D);
	assert_int_equal(ac_kb_rule_count(kb), 2);
	assert_int_equal(count_implied(kb), 0);
	ac_kb_free(kb);

	/* The same voice restricts only [0, 2d): [2d, 3d) still needs care. */
	kb = load_ok(HEAD SWIM_RULE("    until: 2d\n") SWIM_OK_3D);
	assert_int_equal(ac_kb_rule_count(kb), 3);
	assert_int_equal(count_implied(kb), 1);
	assert_true(rule_index(kb, "swim-ok~before") >= 0);
	assert_int_equal(ask(kb, "swimming", HOURS(60)).verdict, AC_VERDICT_CAUTION);
	ac_kb_free(kb);

	/* Another voice's restriction is not this voice's. */
	kb = load_ok(V1 SOURCES
		     "  - id: clinic\n"
		     "    name: The clinic\n"
		     "    section: Our advice\n" SWIMMING "rules:\n"
		     RULE("swimming", "clinic", "avoid", "    until: 3d\n") SWIM_OK_3D);
	assert_int_equal(ac_kb_rule_count(kb), 3);
	assert_int_equal(count_implied(kb), 1);
	ac_kb_free(kb);
}

#define GROUPS_KB                                                                          \
	V1 SOURCES                                                                         \
	"activities:\n"                                                                    \
	"  - id: sweating\n"                                                               \
	"    name: Sweating\n"                                                             \
	"    category: exercise\n"                                                         \
	"  - id: sauna\n"                                                                  \
	"    name: Sauna\n"                                                                \
	"    category: heat\n"                                                             \
	"    group: sweating\n"                                                            \
	"  - id: infrared-sauna\n"                                                         \
	"    name: Infrared sauna\n"                                                       \
	"    category: heat\n"                                                             \
	"    group: sauna\n"                                                               \
	"rules:\n"                                                                         \
	"  - id: sweat-2d\n"                                                               \
	"    activity: sweating\n"                                                         \
	"    source: guide\n"                                                              \
	"    stance: avoid\n"                                                              \
	"    until: 2d\n"                                                              \
	"    quote: \"Do not sweat for two days.\"\n"                                      \
	"    reason: Sweat.\n"                                                             \
	"    advice: Keep cool.\n"                                                         \
	"  - id: sauna-caution-1w\n"                                                       \
	"    activity: sauna\n"                                                            \
	"    source: guide\n"                                                              \
	"    stance: caution\n"                                                            \
	"    until: 1w\n"                                                                  \
	"    quote: \"Go easy on saunas for a week.\"\n"                                   \
	"    reason: Heat.\n"                                                              \
	"    advice: Keep it short.\n"                                                     \
	"  - id: infrared-ok\n"                                                            \
	"    activity: infrared-sauna\n"                                                   \
	"    source: guide\n"                                                              \
	"    stance: recommend\n"                                                          \
	"    from: 2w\n"                                                                   \
	"    quote: \"Infrared is good later.\"\n"                                         \
	"    reason: Warmth.\n"                                                            \
	"    advice: Enjoy.\n"

static const ac_position *position(const ac_answer *a, const char *rule_id)
{
	for (size_t i = 0; i < a->n_positions; i++)
		if (strcmp(a->positions[i].rule->id, rule_id) == 0)
			return &a->positions[i];
	return NULL;
}

static void test_groups_pass_rules_down(void **state)
{
	(void)state;
	ac_kb *kb = load_ok(GROUPS_KB);
	assert_int_equal(ac_kb_activity(kb, (size_t)activity(kb, "sauna"))->group,
			 activity(kb, "sweating"));
	assert_int_equal(ac_kb_activity(kb, (size_t)activity(kb, "infrared-sauna"))->group,
			 activity(kb, "sauna"));

	ac_answer a = ask(kb, "sauna", HOURS(24));
	assert_int_equal(a.n_positions, 2);
	assert_non_null(position(&a, "sweat-2d"));
	assert_true(position(&a, "sweat-2d")->inherited);
	assert_false(position(&a, "sauna-caution-1w")->inherited);
	assert_int_equal(a.verdict, AC_VERDICT_AVOID);	/* the parent's avoid is in force */
	assert_int_equal(ask(kb, "sauna", HOURS(48)).verdict, AC_VERDICT_CAUTION);
	assert_int_equal(a.clear_min, HOURS(168));

	/* A grandchild inherits both; a parent inherits nothing from its children. */
	a = ask(kb, "infrared-sauna", 0);
	assert_int_equal(a.n_positions, 3);
	assert_true(position(&a, "sweat-2d")->inherited);
	assert_true(position(&a, "sauna-caution-1w")->inherited);
	assert_false(position(&a, "infrared-ok")->inherited);
	a = ask(kb, "sweating", 0);
	assert_int_equal(a.n_positions, 1);
	assert_string_equal(a.positions[0].rule->id, "sweat-2d");
	assert_int_equal(a.clear_min, HOURS(48));
	ac_kb_free(kb);
}

/* ---- clinic protocols ---- */

/* Write text to a new file under /tmp; path receives its name. */
static void write_protocol(const char *text, char path[64])
{
	strcpy(path, "/tmp/aftercare-protocol-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t len = strlen(text);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
}

static ac_result apply(ac_kb *kb, const char *text, char path[64], char err[AC_ERRBUF_SIZE])
{
	write_protocol(text, path);
	ac_result rc = ac_kb_apply_protocol(kb, path, err);
	unlink(path);
	return rc;
}

/* Every answer the kb gives, as text: equal texts, equal behaviour. */
static char *describe(const ac_kb *kb)
{
	static const int32_t times[] = {0, HOURS(12), HOURS(24), HOURS(48), HOURS(72),
					HOURS(168), HOURS(336), HOURS(24 * 90)};
	size_t cap = 1 << 20, len = 0;
	char *buf = malloc(cap);
	assert_non_null(buf);
	len += (size_t)snprintf(buf, cap, "%zu sources %zu activities %zu rules %zu facts\n",
				ac_kb_source_count(kb), ac_kb_activity_count(kb),
				ac_kb_rule_count(kb), ac_kb_fact_count(kb));
	for (size_t i = 0; i < ac_kb_activity_count(kb); i++) {
		for (size_t t = 0; t < sizeof(times) / sizeof(times[0]); t++) {
			ac_answer a;
			ac_query(kb, &anyone, &conservative, (int)i, times[t], &a);
			len += (size_t)snprintf(buf + len, cap - len, "%s@%d %s %d:",
						ac_kb_activity(kb, i)->id, times[t],
						ac_verdict_name(a.verdict), a.clear_min);
			for (size_t p = 0; p < a.n_positions; p++)
				len += (size_t)snprintf(buf + len, cap - len, " %s%s",
							a.positions[p].rule->id,
							a.positions[p].in_force ? "*" : "");
			len += (size_t)snprintf(buf + len, cap - len, "\n");
			assert_true(len < cap - 1);
		}
	}
	return buf;
}

#define PROTOCOL_KB                                                                        \
	V1 SOURCES SWIMMING SAUNA                                                          \
	"  - id: sun\n"                                                                    \
	"    name: Sun\n"                                                                  \
	"    category: sun\n"                                                              \
	"rules:\n" SWIM_RULE("    until: 1w\n")                                           \
	"  - id: swim-first-day\n"                                                         \
	"    activity: swimming\n"                                                         \
	"    source: guide\n"                                                              \
	"    stance: avoid\n"                                                              \
	"    until: 1d\n"                                                                  \
	"    quote: \"Not on the first day.\"\n"                                           \
	"    reason: Open skin.\n"                                                         \
	"    advice: Wait a day.\n" SAUNA_RULE                                             \
	"  - id: sun-ok\n"                                                                 \
	"    activity: sun\n"                                                              \
	"    source: guide\n"                                                              \
	"    stance: ok\n"                                                                 \
	"    from: 3d\n"                                                                   \
	"    quote: \"Sun after three days.\"\n"                                           \
	"    reason: UV.\n"                                                                \
	"    advice: Sunscreen.\n"

/* Lines 1-4: a source of the clinic's own; lines 6-13: a rule on swimming. */
#define CLINIC_PROTOCOL_HEAD                                                               \
	"sources:\n"                                                                       \
	"  - id: clinic\n"                                                                 \
	"    name: The clinic\n"                                                           \
	"    section: Our aftercare\n"                                                     \
	"rules:\n"                                                                         \
	"  - id: clinic-swim\n"                                                            \
	"    activity: swimming\n"                                                         \
	"    source: clinic\n"                                                             \
	"    stance: avoid\n"                                                              \
	"    until: 2w\n"                                                                  \
	"    quote: \"No swimming for two weeks.\"\n"                                      \
	"    reason: Our protocol.\n"                                                      \
	"    advice: Wait two weeks.\n"

static void test_protocol_replaces_the_rules_it_names(void **state)
{
	(void)state;
	ac_kb *kb = load_ok(PROTOCOL_KB);
	ac_answer sun = ask(kb, "sun", HOURS(24));
	assert_int_equal(ask(kb, "swimming", 0).n_positions, 2);

	char path[64], err[AC_ERRBUF_SIZE];
	assert_int_equal(apply(kb, CLINIC_PROTOCOL_HEAD, path, err), AC_OK);
	assert_int_equal(ac_kb_source_count(kb), 2);
	int clinic = ac_kb_find_source(kb, "clinic");
	assert_int_equal(clinic, 1);

	/* Both of the guide's swimming rules are gone; the clinic's is the only one. */
	ac_answer a = ask(kb, "swimming", HOURS(200));
	assert_int_equal(a.n_positions, 1);
	assert_string_equal(a.positions[0].rule->id, "clinic-swim");
	assert_string_equal(a.positions[0].rule->file, path);
	assert_int_equal(a.positions[0].rule->line, 6);
	assert_int_equal(a.positions[0].rule->source, clinic);
	assert_int_equal(a.verdict, AC_VERDICT_AVOID);
	assert_int_equal(a.clear_min, HOURS(336));
	assert_int_equal(rule_index(kb, "swim-week"), -1);
	assert_int_equal(rule_index(kb, "swim-first-day"), -1);

	/* The others keep theirs, implied rule included. */
	ac_answer sauna = ask(kb, "sauna", 0);
	assert_int_equal(sauna.n_positions, 1);
	assert_string_equal(sauna.positions[0].rule->id, "sauna-2d");
	assert_string_equal(sauna.positions[0].rule->file, "test.yaml");
	ac_answer sun_after = ask(kb, "sun", HOURS(24));
	assert_int_equal(sun_after.verdict, sun.verdict);
	assert_int_equal(sun_after.verdict, AC_VERDICT_CAUTION);
	assert_int_equal(sun_after.clear_min, HOURS(72));
	assert_true(rule_index(kb, "sun-ok~before") >= 0);
	/* swim-week, swim-first-day out; clinic-swim in; sauna-2d, sun-ok, sun-ok~before. */
	assert_int_equal(ac_kb_rule_count(kb), 4);
	ac_kb_free(kb);
}

static void test_protocol_rules_reach_child_activities(void **state)
{
	(void)state;
	ac_kb *kb = load_ok(GROUPS_KB);
	char path[64], err[AC_ERRBUF_SIZE];
	assert_int_equal(apply(kb, "rules:\n"
				   "  - id: clinic-sweat\n"
				   "    activity: sweating\n"
				   "    source: guide\n"
				   "    stance: caution\n"
				   "    until: 12h\n"
				   "    quote: \"Keep cool for twelve hours.\"\n"
				   "    reason: Our protocol.\n"
				   "    advice: Stay cool.\n",
			       path, err),
			 AC_OK);
	ac_answer a = ask(kb, "sauna", 0);
	assert_null(position(&a, "sweat-2d"));
	assert_non_null(position(&a, "clinic-sweat"));
	assert_true(position(&a, "clinic-sweat")->inherited);
	assert_non_null(position(&a, "sauna-caution-1w"));	/* its own: untouched */
	assert_int_equal(a.verdict, AC_VERDICT_CAUTION);
	ac_kb_free(kb);
}

/* A protocol that fails leaves every answer as it was, and says where, under its path. */
static void expect_protocol_refused(const char *text, ac_result want, const char *where,
				    const char *what)
{
	ac_kb *kb = load_ok(PROTOCOL_KB);
	char *before = describe(kb);
	char path[64], err[AC_ERRBUF_SIZE];
	ac_result rc = apply(kb, text, path, err);
	if (rc != want || !has_message(err, path, where, what))
		fail_msg("want result %d and \"%s:%s: ...%s...\"; got %d:\n%s", want, path, where,
			 what, rc, err);
	char *after = describe(kb);
	assert_string_equal(after, before);
	assert_int_equal(ac_kb_find_source(kb, "clinic"), -1);
	free(after);

	/* And the kb still takes a good protocol. */
	assert_int_equal(apply(kb, CLINIC_PROTOCOL_HEAD, path, err), AC_OK);
	assert_int_equal(ask(kb, "swimming", 0).clear_min, HOURS(336));
	free(before);
	ac_kb_free(kb);
}

static void test_protocol_with_an_error_changes_nothing(void **state)
{
	(void)state;
	/* A good rule on swimming beside a bad one: neither is applied. */
	expect_protocol_refused(CLINIC_PROTOCOL_HEAD
				"  - id: clinic-sun\n"		/* line 14 */
				"    activity: sunn\n"
				"    source: clinic\n"
				"    stance: avoid\n"
				"    quote: \"No sun.\"\n"
				"    reason: UV.\n"
				"    advice: Shade.\n",
				AC_ERR_INVALID, "15:15",
				"unknown activity \"sunn\" (did you mean \"sun\"?)");
	expect_protocol_refused(CLINIC_PROTOCOL_HEAD "    until: 1d\n", AC_ERR_PARSE, "14:5",
				"duplicate key");
	expect_protocol_refused("sources:\n"
				"  - id: guide\n"
				"    name: The guide again\n"
				"    section: Aftercare\n"
				"  - id: clinic\n"
				"    name: The clinic\n"
				"    section: Ours\n",
				AC_ERR_INVALID, "2:9", "duplicate source id \"guide\"");
	expect_protocol_refused("rules:\n"
				"  - id: clinic-swim\n"
				"    activity: swimming\n"
				"    advice: Wait.\n",
				AC_ERR_INVALID, "2:5", "rule has no \"source\"");
}

static void test_protocol_without_rules_or_file(void **state)
{
	(void)state;
	ac_kb *kb = load_ok(PROTOCOL_KB);
	char *before = describe(kb);
	char path[64], err[AC_ERRBUF_SIZE];
	assert_int_equal(apply(kb, "sources:\n  - id: clinic\n    name: C\n    section: S\n",
			       path, err),
			 AC_ERR_INVALID);
	assert_int_equal(strncmp(err, path, strlen(path)), 0);
	assert_non_null(strstr(err, "at least one rule"));
	assert_int_equal(ac_kb_apply_protocol(kb, "/nonexistent/protocol.yaml", err), AC_ERR_IO);
	assert_int_equal(strncmp(err, "/nonexistent/protocol.yaml: ", 28), 0);
	char *after = describe(kb);
	assert_string_equal(after, before);
	free(after);
	free(before);
	ac_kb_free(kb);
}

/* On the guide itself: a clinic's own voice on a guide activity, and a new activity. */
static void test_protocol_on_the_guide(void **state)
{
	(void)state;
	ac_kb *kb = load_guide_kb();
	size_t sources = ac_kb_source_count(kb), activities = ac_kb_activity_count(kb);
	ac_answer sauna = ask(kb, "sauna", HOURS(24));
	char path[64], err[AC_ERRBUF_SIZE];
	ac_result rc = apply(kb, "version: 1\n"
				 "sources:\n"
				 "  - id: my-clinic\n"
				 "    name: My clinic\n"
				 "    section: Aftercare sheet\n"
				 "activities:\n"
				 "  - id: cryotherapy\n"
				 "    name: Cryotherapy\n"
				 "    category: treatments\n"
				 "    aliases: [cryo]\n"
				 "rules:\n"
				 "  - id: my-clinic-swimming\n"
				 "    activity: swimming\n"
				 "    source: my-clinic\n"
				 "    stance: avoid\n"
				 "    until: 10d\n"
				 "    quote: \"No swimming for ten days.\"\n"
				 "    reason: Our protocol.\n"
				 "    advice: Wait ten days.\n"
				 "  - id: my-clinic-cryo\n"
				 "    activity: cryotherapy\n"
				 "    source: my-clinic\n"
				 "    stance: ok\n"
				 "    from: 2w\n"
				 "    quote: \"Cryotherapy after two weeks.\"\n"
				 "    reason: Our protocol.\n"
				 "    advice: Book it for later.\n",
			     path, err);
	if (rc != AC_OK)
		fail_msg("protocol refused:\n%s", err);
	assert_int_equal(ac_kb_source_count(kb), sources + 1);
	assert_int_equal(ac_kb_activity_count(kb), activities + 1);
	int mine = ac_kb_find_source(kb, "my-clinic");
	assert_true(mine >= 0);

	ac_answer a = ask(kb, "swimming", HOURS(200));
	assert_int_equal(a.n_positions, 1);
	assert_int_equal(a.positions[0].rule->source, mine);
	assert_int_equal(a.verdict, AC_VERDICT_AVOID);
	assert_int_equal(a.clear_min, HOURS(240));
	ac_policy only_mine = {.kind = AC_POLICY_SOURCE, .source = mine};
	ac_query(kb, &anyone, &only_mine, activity(kb, "swimming"), HOURS(240), &a);
	assert_int_equal(a.verdict, AC_VERDICT_OK);

	assert_int_equal(ac_kb_find_activity(kb, "CRYO"), activity(kb, "cryotherapy"));
	a = ask(kb, "cryo", HOURS(24));
	assert_int_equal(a.verdict, AC_VERDICT_CAUTION);	/* implied: fine only from 2w */
	assert_int_equal(a.clear_min, HOURS(336));

	ac_answer sauna_after = ask(kb, "sauna", HOURS(24));
	assert_int_equal(sauna_after.verdict, sauna.verdict);
	assert_int_equal(sauna_after.clear_min, sauna.clear_min);
	assert_int_equal(sauna_after.n_positions, sauna.n_positions);
	for (size_t i = 0; i < sauna.n_positions; i++)
		assert_string_equal(sauna_after.positions[i].rule->id, sauna.positions[i].rule->id);
	ac_kb_free(kb);
}

/* A protocol that parses but fails the whole-kb checks (an activity without a rule) used to
 * leave the guide's rules half replaced. */
static void test_protocol_failing_late_changes_nothing(void **state)
{
	(void)state;
	ac_kb *kb = load_guide_kb();
	char *before = describe(kb);
	char path[64], err[AC_ERRBUF_SIZE];
	assert_int_equal(apply(kb, "activities:\n"
				   "  - id: cryo\n"
				   "    name: Cryo\n"
				   "    category: c\n"
				   "rules:\n"
				   "  - id: c-swim\n"
				   "    activity: swimming\n"
				   "    source: jamali\n"
				   "    stance: avoid\n"
				   "    until: 2w\n"
				   "    quote: q\n"
				   "    reason: r\n",
			       path, err),
			 AC_ERR_INVALID);
	assert_true(has_message(err, path, "2:1", "activity \"cryo\" has no rule"));
	char *after = describe(kb);
	assert_string_equal(after, before);
	assert_int_equal(ask(kb, "swimming", 0).clear_min, HOURS(168));
	free(after);
	free(before);
	ac_kb_free(kb);
}

/* A restriction for deep treatments only does not stand in for "fine from 3d" being
 * restricted before 3d for everyone else. */
static void test_conditional_restriction_does_not_cover_everyone(void **state)
{
	(void)state;
	ac_kb *kb = load_ok(V1 SOURCES SWIMMING "rules:\n"
			    "  - id: swim-deep\n"
			    "    activity: swimming\n"
			    "    source: guide\n"
			    "    depth: [deep]\n"
			    "    stance: avoid\n"
			    "    until: 1w\n"
			    "    quote: q\n"
			    "    reason: r\n"
			    "  - id: swim-3d\n"
			    "    activity: swimming\n"
			    "    source: guide\n"
			    "    stance: ok\n"
			    "    from: 3d\n"
			    "    quote: q\n"
			    "    reason: r\n");
	ac_profile superficial = {.treated_at = 0, .depth = AC_DEPTH_SUPERFICIAL};
	ac_policy cons = {AC_POLICY_CONSERVATIVE, -1};
	ac_answer a;
	ac_query(kb, &superficial, &cons, ac_kb_find_activity(kb, "swimming"), HOURS(24), &a);
	assert_int_equal(a.verdict, AC_VERDICT_CAUTION);
	assert_int_equal(a.clear_min, HOURS(72));
	ac_kb_free(kb);
}

/* A refused protocol leaves the built-in guide as it was. */
static void test_refused_protocol_on_the_guide(void **state)
{
	(void)state;
	ac_kb *kb = load_guide_kb();
	char *before = describe(kb);
	char path[64], err[AC_ERRBUF_SIZE];
	assert_int_equal(apply(kb, "rules:\n"
				   "  - id: clinic-swim\n"
				   "    activity: swimming\n"
				   "    source: jamali\n"
				   "    stance: avoid\n"
				   "    until: 3 dayz\n"
				   "    quote: \"No swimming.\"\n"
				   "    reason: Ours.\n"
				   "    advice: Wait.\n",
			       path, err),
			 AC_ERR_INVALID);
	assert_true(has_message(err, path, "6:12", "bad duration \"3 dayz\""));
	char *after = describe(kb);
	assert_string_equal(after, before);
	free(after);
	free(before);
	ac_kb_free(kb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_activity),
		cmocka_unit_test(test_fact_line_too_long),
		cmocka_unit_test(test_near_miss_activity_suggests),
		cmocka_unit_test(test_unknown_source),
		cmocka_unit_test(test_bad_duration),
		cmocka_unit_test(test_until_not_after_from),
		cmocka_unit_test(test_unknown_stance),
		cmocka_unit_test(test_unknown_condition_values),
		cmocka_unit_test(test_unspecified_is_no_condition),
		cmocka_unit_test(test_missing_quote),
		cmocka_unit_test(test_missing_reason),
		cmocka_unit_test(test_empty_quote),
		cmocka_unit_test(test_duplicate_rule_id),
		cmocka_unit_test(test_duplicate_activity_id),
		cmocka_unit_test(test_duplicate_source_id),
		cmocka_unit_test(test_alias_collides_with_another_activitys_alias),
		cmocka_unit_test(test_duplicate_fact_id),
		cmocka_unit_test(test_unknown_field_suggests),
		cmocka_unit_test(test_unknown_field_far_from_any),
		cmocka_unit_test(test_group_cycle),
		cmocka_unit_test(test_own_group),
		cmocka_unit_test(test_activity_without_rule),
		cmocka_unit_test(test_yaml_syntax_error_has_a_position),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_empty_document),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_root_not_a_mapping),
		cmocka_unit_test(test_unsupported_version),
		cmocka_unit_test(test_fact_value_not_a_number),
		cmocka_unit_test(test_minimal_kb_loads),
		cmocka_unit_test(test_load_from_file_names_the_file),
		cmocka_unit_test(test_ok_from_t_implies_caution_before),
		cmocka_unit_test(test_ok_covered_by_a_restriction_implies_nothing),
		cmocka_unit_test(test_groups_pass_rules_down),
		cmocka_unit_test(test_protocol_replaces_the_rules_it_names),
		cmocka_unit_test(test_protocol_rules_reach_child_activities),
		cmocka_unit_test(test_protocol_with_an_error_changes_nothing),
		cmocka_unit_test(test_protocol_without_rules_or_file),
		cmocka_unit_test(test_protocol_on_the_guide),
		cmocka_unit_test(test_protocol_failing_late_changes_nothing),
		cmocka_unit_test(test_conditional_restriction_does_not_cover_everyone),
		cmocka_unit_test(test_refused_protocol_on_the_guide),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
