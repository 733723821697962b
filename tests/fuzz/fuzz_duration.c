/* fuzz_duration.c: libFuzzer harness for the text parsers of options (scripts/fuzz.sh).
 *
 * The input, as a NUL-terminated string, goes to ac_duration_parse and ac_time_parse, the
 * name parsers, ac_policy_parse and the activity lookups (on the built-in guide). Checked:
 * - a parsed duration is 0 .. ten years, and formatting it then parsing the text gives it
 *   back (ac_duration_format's text is valid input); ac_duration_words does not overflow;
 * - a parsed time formats, and its local "YYYY-MM-DD HH:MM:SS" parses back to it (in UTC);
 *   ac_time_check takes the same times, and says why of every one it refuses;
 * - a parsed name's name parses back to the same value;
 * - a found activity or source is in range; suggestions are at most as many as asked.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aftercare.h"
#include "fuzz_check.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ac_kb *guide;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char err[AC_ERRBUF_SIZE];
	setenv("TZ", "UTC", 1);	/* every local time exists once: round trips are exact */
	tzset();
	if (ac_kb_load_builtin(&guide, err) != AC_OK) {
		fprintf(stderr, "fuzz_duration: the built-in guide does not load: %s\n", err);
		abort();
	}
	return 0;
}

static void check_duration(const char *s)
{
	int32_t m = -1, again = -1;
	char buf[64], words[64];
	if (ac_duration_parse(s, &m) != AC_OK)
		return;
	CHECK(m >= 0 && m <= 10 * 366 * 24 * 60, "\"%s\" parsed as %d minutes", s, m);
	ac_duration_format(m, buf, sizeof(buf));
	CHECK(memchr(buf, '\0', sizeof(buf)) != NULL, "format of %d not terminated", m);
	CHECK(ac_duration_parse(buf, &again) == AC_OK && again == m,
	      "\"%s\" = %d minutes formats as \"%s\", which parses as %d", s, m, buf, again);
	ac_duration_words(m, words, sizeof(words));
	CHECK(memchr(words, '\0', sizeof(words)) != NULL, "words of %d not terminated", m);
}

static void check_time(const char *s)
{
	time_t t = 0, again = 0;
	char iso[64], human[64], local[32], why[256];
	ac_time_status st;
	/* ac_time_check agrees with ac_time_parse, and a refusal always says why */
	ac_result checked = ac_time_check(s, &again, &st, why, sizeof(why));
	if (ac_time_parse(s, &t) != AC_OK) {
		CHECK(checked == AC_ERR_ARG && st >= AC_TIME_MALFORMED && st <= AC_TIME_AFTER_2100 &&
		      *why, "\"%s\" refused, status %d, \"%s\"", s, (int)st, why);
		return;
	}
	CHECK(checked == AC_OK && again == t && (st == AC_TIME_OK) == !*why &&
	      (st == AC_TIME_OK || st == AC_TIME_AMBIGUOUS),
	      "\"%s\" taken as %lld, but checked as %lld, status %d, \"%s\"", s, (long long)t,
	      (long long)again, (int)st, why);
	ac_time_format_iso(t, iso, sizeof(iso));
	ac_time_format_human(t, human, sizeof(human));
	struct tm tm;
	CHECK(localtime_r(&t, &tm) != NULL, "\"%s\" gave time %lld", s, (long long)t);
	strftime(local, sizeof(local), "%Y-%m-%d %H:%M:%S", &tm);
	CHECK(ac_time_parse(local, &again) == AC_OK && again == t,
	      "\"%s\" = %lld formats as \"%s\", which parses as %lld", s, (long long)t, local,
	      (long long)again);
	CHECK(ac_time_parse(iso, &again) != AC_OK || again == t, "iso \"%s\"", iso);
}

static void check_names(const char *s)
{
	ac_stance st;
	ac_device dev;
	ac_depth dep;
	ac_skin sk;
	if (ac_stance_parse(s, &st) == AC_OK)
		CHECK(ac_stance_parse(ac_stance_name(st), &st) == AC_OK, "stance \"%s\"", s);
	if (ac_device_parse(s, &dev) == AC_OK) {
		ac_device back;
		CHECK(ac_device_parse(ac_device_name(dev), &back) == AC_OK && back == dev,
		      "device \"%s\"", s);
	}
	if (ac_depth_parse(s, &dep) == AC_OK) {
		ac_depth back;
		CHECK(ac_depth_parse(ac_depth_name(dep), &back) == AC_OK && back == dep,
		      "depth \"%s\"", s);
	}
	if (ac_skin_parse(s, &sk) == AC_OK) {
		ac_skin back;
		CHECK(ac_skin_parse(ac_skin_name(sk), &back) == AC_OK && back == sk,
		      "skin \"%s\"", s);
	}
	char err[AC_ERRBUF_SIZE];
	ac_policy pol;
	if (ac_policy_parse(guide, s, &pol, err) == AC_OK)
		CHECK(pol.kind != AC_POLICY_SOURCE ||
			      (pol.source >= 0 && (size_t)pol.source < ac_kb_source_count(guide)),
		      "policy \"%s\": source %d", s, pol.source);
	else
		CHECK(memchr(err, '\0', sizeof(err)) != NULL, "policy message not terminated");
	int act = ac_kb_find_activity(guide, s);
	CHECK(act >= -1 && act < (int)ac_kb_activity_count(guide), "activity %d", act);
	int src = ac_kb_find_source(guide, s);
	CHECK(src >= -1 && src < (int)ac_kb_source_count(guide), "source %d", src);
	if (strlen(s) > 32)	/* names on a command line are short; edit distance is quadratic */
		return;
	const char *near[3];
	size_t n = ac_kb_suggest(guide, s, near, 3);
	CHECK(n <= 3, "%zu suggestions", n);
	for (size_t i = 0; i < n; i++)
		CHECK(ac_kb_find_activity(guide, near[i]) >= 0, "suggestion \"%s\"", near[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_duration(s);
	check_time(s);
	check_names(s);
	free(s);
	return 0;
}
