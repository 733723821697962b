/* fuzz_protocol.c: libFuzzer harness for clinic protocols (scripts/fuzz.sh builds it).
 *
 * The input is written to an in-memory file (memfd) and applied with ac_kb_apply_protocol
 * to the built-in guide, which starts out borrowing the library's read-only image and must
 * copy it before changing anything. On failure the kb must be unchanged (same counts) and
 * still answer sensibly; on success it must answer sensibly (fuzz_check.h). Applying a
 * second time exercises a kb that already owns its tables.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "aftercare.h"
#include "fuzz_check.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fd = -1;
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("TZ", "UTC", 1);
	tzset();
	fd = memfd_create("protocol.yaml", 0);
	if (fd < 0) {
		perror("fuzz_protocol: memfd_create");
		abort();
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return 0;
}

static void put(const uint8_t *data, size_t size)
{
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size) {
		perror("fuzz_protocol: write");
		abort();
	}
}

static void apply(ac_kb *kb)
{
	char err[AC_ERRBUF_SIZE];
	size_t n_src = ac_kb_source_count(kb), n_act = ac_kb_activity_count(kb);
	size_t n_rules = ac_kb_rule_count(kb), n_facts = ac_kb_fact_count(kb);
	memset(err, 'x', sizeof(err));
	ac_result rc = ac_kb_apply_protocol(kb, path, err);
	if (rc != AC_OK) {
		CHECK(memchr(err, '\0', sizeof(err)) != NULL, "message not terminated");
		CHECK(err[0] != '\0', "failed protocol (%d) without a message", (int)rc);
		CHECK(ac_kb_source_count(kb) == n_src && ac_kb_activity_count(kb) == n_act &&
			      ac_kb_rule_count(kb) == n_rules && ac_kb_fact_count(kb) == n_facts,
		      "failed protocol changed the kb: %zu/%zu/%zu/%zu -> %zu/%zu/%zu/%zu", n_src,
		      n_act, n_rules, n_facts, ac_kb_source_count(kb), ac_kb_activity_count(kb),
		      ac_kb_rule_count(kb), ac_kb_fact_count(kb));
	}
	check_kb(kb, path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[AC_ERRBUF_SIZE];
	ac_kb *kb = NULL;
	if (ac_kb_load_builtin(&kb, err) != AC_OK) {
		fprintf(stderr, "fuzz_protocol: the built-in guide does not load: %s\n", err);
		abort();
	}
	put(data, size);
	apply(kb);
	apply(kb);	/* again, onto a kb that owns its tables (or still borrows them) */
	ac_kb_free(kb);
	return 0;
}
