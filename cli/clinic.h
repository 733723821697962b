/* clinic.h: a clinic's settings, one YAML file (clinic.yaml; docs/desk.md): read by
 * `aftercare serve --clinic FILE` and checked by `aftercare lint FILE`. */
#ifndef AC_CLINIC_H
#define AC_CLINIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* One of the clinic's own words and the guide's word it means ("SkinPen" -> "pen"). */
typedef struct clinic_word {
	char *word;
	const char *guide;	/* a static name: ac_device_name, ac_skin_name */
} clinic_word;

#define CLINIC_MAX_WORDS 64

typedef struct clinic_settings {
	char *name, *phone, *emergency;	/* shown to patients; NULL when not given */
	char *notes;			/* the clinic's own words to its patients, or NULL */
	char *time_zone;		/* an IANA zone the server runs in; NULL: the machine's */
	char *public_url;		/* "https://desk.example" (no trailing /); NULL: links relative */
	double deep_from_mm;		/* a needle depth at or above this is deep; 0: no mapping */
	long session_idle_minutes;	/* 0: the default */
	clinic_word devices[CLINIC_MAX_WORDS];
	size_t n_devices;
	clinic_word skins[CLINIC_MAX_WORDS];
	size_t n_skins;
} clinic_settings;

/* Whether the file at path is a clinic settings file (its top level has "clinic:"). */
bool clinic_file(const char *path);
/* Read and check the file: 0 and *out (free with clinic_free), or -1 with
 * "FILE:LINE:COL: what" in err. */
int clinic_load(const char *path, clinic_settings **out, char *err, size_t errlen);
void clinic_free(clinic_settings *c);

/* The guide's device or skin name for a word: the guide's own names as they are, then the
 * clinic's words (case-insensitive); NULL when neither knows it. */
const char *clinic_device(const clinic_settings *c, const char *word);
const char *clinic_skin(const clinic_settings *c, const char *word);
/* A needle depth in mm ("1.5mm", "1.5 mm", "0.5") as the guide's superficial or deep, by the
 * clinic's deep_from_mm; the guide's own names as they are; NULL otherwise (and for a depth
 * in mm when the clinic set no threshold). */
const char *clinic_depth(const clinic_settings *c, const char *word);

/* Whether z names a zone of this machine's tz database ("Europe/London"). */
bool clinic_zone_ok(const char *z);

/* lint: check FILE as clinic settings and say what it holds; an exit status. */
int cli_lint_clinic(const char *path);

#endif
