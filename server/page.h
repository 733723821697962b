/* page.h: the page written by the server (page.c, docs/web.md). */
#ifndef AC_PAGE_H
#define AC_PAGE_H

#include <stdio.h>

#include "aftercare.h"

struct server;

/* What a page shows: a plan (profile set), or the form (profile NULL), with a message. */
typedef struct page_in {
	const ac_profile *profile;	/* NULL: the form only */
	int32_t now_min;		/* minutes since treatment; -1 before it */
	const char *token;		/* the patient's page: its token; NULL on "/" */
	const char *host;		/* the Host the request came to, for webcal:// */
	const char *q_treated, *q_device, *q_depth, *q_skin;	/* "/": as given */
	const char *zone;		/* the clinic's zone, as people read it */
	const char *message;		/* an error to show, or NULL */
	/* The kb and policy of the plan (NULL: the server's own), and for a stored treatment
	 * how it stands with the protocol in force (NULL: not a stored treatment). */
	const ac_kb *kb;
	const ac_policy *policy;
	const struct plan_kb *protocol;
	/* The "Can I…?" box sent without JavaScript (GET ?question=): the question as asked,
	 * and its answer (ac_render_ask_json's, parsed) or why there is none. */
	const char *question;
	const struct json_t *answer;
	const char *ask_error;
} page_in;

#define PAGE_QUESTION_MAX 4000	/* bytes of a "Can I…?" question (the box's maxlength) */

/* The page (web/index.html with the plan filled in) to f: 0, or -1 when out of memory. */
int page_write(FILE *f, const struct server *srv, const page_in *in);

#endif
