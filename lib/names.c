/* names.c: the words of the model (stances, verdicts, profile values) and their parsing. */
#include <string.h>

#include "kb_internal.h"

static const char *const stance_names[] = {"avoid", "caution", "ok", "recommend"};
static const char *const verdict_names[] = {"avoid", "caution", "ok", "recommend", "unknown"};
static const char *const device_names[] = {"pen", "dermaroller", "procell"};
static const char *const depth_names[] = {"unspecified", "superficial", "deep"};
static const char *const skin_names[] = {"unspecified", "sensitive", "normal", "oily",
					 "acne-prone"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *name_of(const char *const *names, size_t n, int v)
{
	return v >= 0 && (size_t)v < n ? names[v] : "?";
}

static ac_result parse_name(const char *const *names, size_t n, const char *s, int *out)
{
	for (size_t i = 0; s && i < n; i++) {
		if (ac_strcaseeq(s, names[i])) {
			*out = (int)i;
			return AC_OK;
		}
	}
	return AC_ERR_ARG;
}

const char *ac_stance_name(ac_stance s) { return name_of(stance_names, COUNT(stance_names), s); }
const char *ac_verdict_name(ac_verdict v) { return name_of(verdict_names, COUNT(verdict_names), v); }
const char *ac_device_name(ac_device d) { return name_of(device_names, COUNT(device_names), d); }
const char *ac_depth_name(ac_depth d) { return name_of(depth_names, COUNT(depth_names), d); }
const char *ac_skin_name(ac_skin s) { return name_of(skin_names, COUNT(skin_names), s); }

ac_result ac_stance_parse(const char *s, ac_stance *out)
{
	int v;
	ac_result rc = parse_name(stance_names, COUNT(stance_names), s, &v);
	if (rc == AC_OK)
		*out = (ac_stance)v;
	return rc;
}

ac_result ac_device_parse(const char *s, ac_device *out)
{
	int v;
	ac_result rc = parse_name(device_names, COUNT(device_names), s, &v);
	if (rc == AC_OK)
		*out = (ac_device)v;
	return rc;
}

ac_result ac_depth_parse(const char *s, ac_depth *out)
{
	int v;
	ac_result rc = parse_name(depth_names, COUNT(depth_names), s, &v);
	if (rc == AC_OK)
		*out = (ac_depth)v;
	return rc;
}

ac_result ac_skin_parse(const char *s, ac_skin *out)
{
	int v;
	ac_result rc = parse_name(skin_names, COUNT(skin_names), s, &v);
	if (rc == AC_OK)
		*out = (ac_skin)v;
	return rc;
}

int ac_strcaseeq(const char *a, const char *b)
{
	for (;; a++, b++) {
		char ca = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
		char cb = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
		if (ca != cb)
			return 0;
		if (!ca)
			return 1;
	}
}
