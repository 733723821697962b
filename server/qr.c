/* qr.c: a link as a QR code in SVG (qr.h). libqrencode makes the modules; each dark one is a
 * 1x1 square of one path, with shape-rendering crispEdges so that a printer or a scanner sees
 * sharp modules at any size. Attributes only, no style: the page's CSP allows no inline style. */
#include <qrencode.h>
#include <string.h>

#include "qr.h"

static void escaped(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*s, f);
		}
	}
}

int qr_svg_write(FILE *f, const char *text, const char *title)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return -1;
	int w = qr->width, margin = 4;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		"shape-rendering=\"crispEdges\" role=\"img\"><title>", w + 2 * margin, w + 2 * margin);
	escaped(f, title);
	fputs("</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"", f);
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w; x++)
			if (qr->data[y * w + x] & 1)
				fprintf(f, "M%d %dh1v1h-1z", x + margin, y + margin);
	fputs("\"/></svg>", f);
	QRcode_free(qr);
	return ferror(f) ? -1 : 0;
}
