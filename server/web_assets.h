/* web_assets.h: the page's files, compiled in from web/ by tools/embed.c. */
#ifndef AC_WEB_ASSETS_H
#define AC_WEB_ASSETS_H

#include <stddef.h>

typedef struct web_asset {
	const char *name;		/* base name in web/: "index.html", "app.js" */
	const char *type;		/* Content-Type */
	const unsigned char *data;
	size_t len;
} web_asset;

extern const web_asset web_assets[];	/* ends with a NULL name */

/* The asset called name, or NULL. */
const web_asset *web_asset_find(const char *name);

#endif
