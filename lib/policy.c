/* policy.c: how disagreeing sources are reconciled, parsed from its name. */
#include <stdio.h>
#include <string.h>

#include "kb_internal.h"

ac_result ac_policy_parse(const ac_kb *kb, const char *s, ac_policy *out,
			  char errbuf[AC_ERRBUF_SIZE])
{
	if (s && strcmp(s, "conservative") == 0) {
		*out = (ac_policy){AC_POLICY_CONSERVATIVE, -1};
		return AC_OK;
	}
	if (s && strcmp(s, "lenient") == 0) {
		*out = (ac_policy){AC_POLICY_LENIENT, -1};
		return AC_OK;
	}
	if (s && strncmp(s, "source:", 7) == 0) {
		int i = ac_kb_find_source(kb, s + 7);
		if (i >= 0) {
			*out = (ac_policy){AC_POLICY_SOURCE, i};
			return AC_OK;
		}
		size_t len = (size_t)snprintf(errbuf, AC_ERRBUF_SIZE,
					      "unknown source \"%s\" in policy; sources:", s + 7);
		for (size_t k = 0; k < ac_kb_source_count(kb) && len < AC_ERRBUF_SIZE; k++)
			len += (size_t)snprintf(errbuf + len, AC_ERRBUF_SIZE - len, " %s",
						ac_kb_source(kb, k)->id);
		return AC_ERR_ARG;
	}
	snprintf(errbuf, AC_ERRBUF_SIZE,
		 "unknown policy \"%s\" (use conservative, lenient or source:ID)", s ? s : "");
	return AC_ERR_ARG;
}
