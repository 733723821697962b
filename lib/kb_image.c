/* kb_image.c: the guide compiled into the library (tools/kbgen.c writes the tables), adopted
 * without parsing; kept apart from kb.c so that
 * kbgen, which writes the image, links without one. */
#include <stdlib.h>
#include <string.h>

#include "kb_internal.h"

static void borrow(ac_vec *v, const void *items, size_t n)
{
	v->items = (void *)items;	/* never written while borrowed */
	v->n = v->cap = n;
}

ac_result ac_kb_load_builtin(ac_kb **out, char errbuf[AC_ERRBUF_SIZE])
{
	const ac_kb_image *img = &ac_builtin_image;
	ac_kb *kb = ac_kb_new();
	*out = NULL;
	if (!kb) {
		snprintf(errbuf, AC_ERRBUF_SIZE, "out of memory");
		return AC_ERR_NOMEM;
	}
	borrow(&kb->sources, img->sources, img->n_sources);
	borrow(&kb->activities, img->activities, img->n_activities);
	borrow(&kb->rules, img->rules, img->n_rules);
	borrow(&kb->facts, img->facts, img->n_facts);
	kb->n_read_rules = img->n_read_rules;
	kb->chain = (uint16_t *)img->chain;
	kb->chain_start = (uint32_t *)img->chain_start;
	kb->real_words = img->real_words;
	kb->n_real_words = img->n_real_words;
	kb->borrowed = true;
	*out = kb;
	return AC_OK;
}
