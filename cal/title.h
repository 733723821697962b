/* title.h: the activity an event title names (title.c). */
#ifndef AC_TITLE_H
#define AC_TITLE_H

#include <stdbool.h>

#include "aftercare.h"

typedef struct cal_titles cal_titles;

/* The phrases of kb's activities as titles name them. NULL when out of memory; free with
 * cal_titles_free (NULL is fine). */
cal_titles *cal_titles_new(const ac_kb *kb);
void cal_titles_free(cal_titles *t);

/* The activity (index into kb's activities) that title (UTF-8) names by whole words, or -1:
 * none, or the title negates or cancels it, or is an errand for someone else. *treatment:
 * the activity was read from a skin treatment the guide names ("Peel": chemical peel).
 * *uncovered: the title names a skin treatment the guide never names (a facial, laser, IPL,
 * dermaplaning), of which nothing may be said but that (with or without an activity: "Spa:
 * facial and sauna"); false when the title negates or is an errand. */
int cal_title_activity(const cal_titles *t, const char *title, bool *treatment, bool *uncovered);

#endif
