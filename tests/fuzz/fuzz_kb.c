/* fuzz_kb.c: libFuzzer harness for the knowledge-base loader (scripts/fuzz.sh builds it).
 *
 * The input is a YAML document given to ac_kb_load_buffer. A failed load must return no kb
 * and a message; a successful one must answer every query sensibly (fuzz_check.h) and free
 * cleanly. ASan, UBSan and LeakSanitizer watch it all. (ac_kb_apply_protocol reads a file:
 * fuzz_protocol.c covers it.)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aftercare.h"
#include "fuzz_check.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("TZ", "UTC", 1);	/* rendering formats local times: keep them fixed */
	tzset();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[AC_ERRBUF_SIZE];
	ac_kb *kb = (ac_kb *)1;	/* must be overwritten either way */
	memset(err, 'x', sizeof(err));
	ac_result rc = ac_kb_load_buffer("fuzz.yaml", (const char *)data, size, &kb, err);
	if (rc != AC_OK) {
		CHECK(kb == NULL, "failed load (%d) left a kb", (int)rc);
		CHECK(rc >= AC_ERR_NOMEM && rc <= AC_ERR_ARG, "result %d", (int)rc);
		CHECK(memchr(err, '\0', sizeof(err)) != NULL, "message not terminated");
		CHECK(err[0] != '\0', "failed load (%d) without a message", (int)rc);
		return 0;
	}
	CHECK(kb != NULL, "load succeeded without a kb");
	check_kb(kb, NULL);
	ac_kb_free(kb);
	return 0;
}
