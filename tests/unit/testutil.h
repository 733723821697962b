/* testutil.h: what the cmocka unit tests share. */
#ifndef AC_TESTUTIL_H
#define AC_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "aftercare.h"

/* The guide built into the library; fails the test if it does not load. */
static inline ac_kb *load_guide_kb(void)
{
	char err[AC_ERRBUF_SIZE];
	ac_kb *kb = NULL;
	if (ac_kb_load_builtin(&kb, err) != AC_OK)
		fail_msg("built-in guide does not load: %s", err);
	return kb;
}

/* Load YAML text; returns the result and leaves the messages in err. */
static inline ac_result load_text(const char *yaml, ac_kb **kb, char err[AC_ERRBUF_SIZE])
{
	return ac_kb_load_buffer("test.yaml", yaml, strlen(yaml), kb, err);
}

static inline int activity(const ac_kb *kb, const char *id)
{
	int i = ac_kb_find_activity(kb, id);
	if (i < 0)
		fail_msg("no activity \"%s\"", id);
	return i;
}

#define HOURS(h) ((int32_t)((h) * 60))

#endif
