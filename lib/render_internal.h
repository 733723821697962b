/* render_internal.h: the JSON pieces the renderers share. Not installed. */
#ifndef AC_RENDER_INTERNAL_H
#define AC_RENDER_INTERNAL_H

#include <jansson.h>

#include "kb_internal.h"

/* Each returns a new reference, or NULL when out of memory. */
json_t *ac_answer_json(const ac_kb *kb, const ac_profile *profile, const ac_answer *a);
json_t *ac_profile_json(const ac_profile *profile, const ac_kb *kb, const ac_policy *policy);
json_t *ac_fact_json(const ac_kb *kb, const ac_fact *f);
json_t *ac_facts_json(const ac_kb *kb, const char *topic, const ac_profile *profile);

/* Hours after treatment (an integer when whole), or null for AC_NO_END. */
json_t *ac_hours_json(int32_t minutes);
/* treated + minutes as ISO 8601, or null for AC_NO_END. */
json_t *ac_time_json(time_t treated, int32_t minutes);

/* Print value as one line and drop the reference. Returns 0, or -1 on failure. */
int ac_json_print(FILE *out, json_t *value);

#endif
