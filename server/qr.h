/* qr.h: a link as a QR code drawn in SVG (libqrencode), for the printed handouts: the desk's
 * (GET /api/treatments/ID/qr.svg) and the patient page's (docs/web.md, "The handout"). */
#ifndef AC_QR_H
#define AC_QR_H

#include <stdio.h>

/* text as a QR code (level M, 8-bit mode, a 4-module quiet zone), an <svg> element with a
 * <title> of title (escaped), written to f. 0, or -1 when libqrencode fails (out of memory,
 * or text too long for a QR code). */
int qr_svg_write(FILE *f, const char *text, const char *title);

#endif
