/* fuzz_ics.c: libFuzzer harness for reading a person's calendar (cal/ics_read.c): any bytes
 * either give occurrences (sorted, inside the window, each with a summary) or a message,
 * never a crash, a leak or a hang. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../cal/ics.h"

#define FROM 1795600800	/* 2026-11-20 10:00 UTC */
#define TO (FROM + 28 * 86400)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ics_calendar cal;
	char err[512];
	if (ics_read((const char *)data, size, FROM, TO, &cal, err, sizeof(err)) != 0) {
		if (!err[0])
			abort();	/* a refusal must say why */
		return 0;
	}
	for (size_t i = 0; i < cal.n_occ; i++) {
		const ics_occurrence *o = &cal.occ[i];
		if (!o->summary || !o->description || o->start >= TO || o->end < o->start ||
		    (i && o->start < cal.occ[i - 1].start) || (size_t)o->event >= cal.n_events)
			abort();
	}
	ics_calendar_free(&cal);
	return 0;
}
