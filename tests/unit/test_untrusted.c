/* test_untrusted.c: text from outside made safe to print (lib/untrusted.c).
 *
 * Every control a terminal or a log reader acts on is escaped (C0, DEL, C1, the bidirectional
 * controls), bytes that are not UTF-8 are shown in hex, ordinary text of any script is kept
 * whole, and a short buffer is cut between characters, never inside one or inside an escape.
 */
#include <stdio.h>

#include "testutil.h"

static void check(const char *in, size_t len, const char *want)
{
	char out[256];
	size_t need = ac_escape_untrusted(out, sizeof(out), in, len);
	if (strcmp(out, want) != 0 || need != strlen(want))
		fail_msg("escape(%zu bytes): want \"%s\" (%zu), got \"%s\" (%zu)", len, want,
			 strlen(want), out, need);
}
#define CHECK(lit, want) check(lit, sizeof(lit) - 1, want)

static void test_controls_escaped(void **state)
{
	(void)state;
	CHECK("Gym\x1b[2J\x1b]0;pwned\x07", "Gym\\x1B[2J\\x1B]0;pwned\\x07");
	CHECK("a\nb\rc\td", "a\\x0Ab\\x0Dc\\x09d");
	CHECK("nul\0after", "nul\\x00after");
	CHECK("del\x7f", "del\\x7F");
	CHECK("c1 \xc2\x9b" "31m", "c1 \\u009B31m");	/* U+009B, the 8-bit CSI */
	CHECK("\xe2\x80\xae" "evil", "\\u202Eevil");	/* right-to-left override */
	CHECK("\xe2\x81\xa6x\xe2\x81\xa9", "\\u2066x\\u2069");	/* isolates */
	CHECK("back\\slash", "back\\\\slash");	/* so that an escape cannot be forged */
}

static void test_text_kept_whole(void **state)
{
	(void)state;
	CHECK("Schwimmen im Hallenbad", "Schwimmen im Hallenbad");
	CHECK("Piscine \xc3\xa0 9h \xe2\x80\x94 caf\xc3\xa9", "Piscine \xc3\xa0 9h \xe2\x80\x94 caf\xc3\xa9");
	CHECK("\xe3\x83\x97\xe3\x83\xbc\xe3\x83\xab \xf0\x9f\x8f\x8a", "\xe3\x83\x97\xe3\x83\xbc\xe3\x83\xab \xf0\x9f\x8f\x8a");
	CHECK("", "");
}

static void test_invalid_utf8_in_hex(void **state)
{
	(void)state;
	CHECK("bad \xff\xfe end", "bad \\xFF\\xFE end");
	CHECK("cut \xe2\x80", "cut \\xE2\\x80");	/* a character cut short */
	CHECK("\xc0\xaf", "\\xC0\\xAF");		/* overlong '/' */
	CHECK("\xed\xa0\x80", "\\xED\\xA0\\x80");	/* a UTF-16 surrogate */
}

static void test_short_buffer_cuts_between_characters(void **state)
{
	(void)state;
	char out[8];
	/* "ab" + "é" (2 bytes) + "\x1b" (4 as \x1B): the escape does not fit after 5 bytes */
	size_t need = ac_escape_untrusted(out, sizeof(out), "ab\xc3\xa9\x1b" "cd", 7);
	assert_int_equal(need, 10);
	assert_string_equal(out, "ab\xc3\xa9");
	/* a character that does not fit is left out whole */
	need = ac_escape_untrusted(out, 4, "ab\xc3\xa9", 4);
	assert_int_equal(need, 4);
	assert_string_equal(out, "ab");
	need = ac_escape_untrusted(NULL, 0, "\x1b", 1);	/* size 0: only the length */
	assert_int_equal(need, 4);
}

static void test_write_long_text(void **state)
{
	(void)state;
	size_t len = 5000;
	char *in = malloc(len);
	assert_non_null(in);
	memset(in, '\x1b', len);
	char *buf = NULL;
	size_t buf_len = 0;
	FILE *f = open_memstream(&buf, &buf_len);
	assert_non_null(f);
	assert_int_equal(ac_write_untrusted(f, in, len), 0);
	fclose(f);
	assert_int_equal(buf_len, 4 * len);
	assert_memory_equal(buf, "\\x1B\\x1B", 8);
	free(buf);
	free(in);
	FILE *full = fopen("/dev/full", "w");
	if (full) {	/* a failed write is reported */
		setvbuf(full, NULL, _IONBF, 0);
		assert_int_equal(ac_write_untrusted(full, "x", 1), -1);
		fclose(full);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_controls_escaped),
		cmocka_unit_test(test_text_kept_whole),
		cmocka_unit_test(test_invalid_utf8_in_hex),
		cmocka_unit_test(test_short_buffer_cuts_between_characters),
		cmocka_unit_test(test_write_long_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
