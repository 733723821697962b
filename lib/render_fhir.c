/* render_fhir.c: the plan as an HL7 FHIR R4 CarePlan. (Being written: see docs/fhir.md.) */
#include "render_internal.h"

int ac_render_plan_fhir(FILE *out, const ac_kb *kb, const ac_profile *profile,
			const ac_policy *policy)
{
	(void)out, (void)kb, (void)profile, (void)policy;
	return -1;
}
