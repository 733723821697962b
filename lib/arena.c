/* arena.c: the kb's bump allocator and its capped growable array. */
#include <stdlib.h>
#include <string.h>

#include "kb_internal.h"

struct ac_arena_block {
	ac_arena_block *next;
	size_t used, size;
	max_align_t data[];
};

#define BLOCK_SIZE ((size_t)64 << 10)

void *ac_arena_alloc(ac_arena *a, size_t size)
{
	size = (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (size > AC_ARENA_CAP || a->total + size > AC_ARENA_CAP)
		return NULL;
	ac_arena_block *b = a->head;
	if (!b || b->size - b->used < size) {
		size_t want = size > BLOCK_SIZE ? size : BLOCK_SIZE;
		b = malloc(sizeof(*b) + want);
		if (!b)
			return NULL;
		b->next = a->head;
		b->used = 0;
		b->size = want;
		a->head = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += size;
	a->total += size;
	return p;
}

char *ac_arena_strdup(ac_arena *a, const char *s, size_t len)
{
	char *p = ac_arena_alloc(a, len + 1);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

void ac_arena_free(ac_arena *a)
{
	ac_arena_block *b = a->head;
	while (b) {
		ac_arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->total = 0;
}

int ac_vec_push(ac_vec *v, const void *item)
{
	if (v->n == v->cap) {
		if (v->cap >= AC_VEC_MAX_ITEMS)
			return -1;
		size_t cap = v->cap ? v->cap * 2 : 16;
		void *p = realloc(v->items, cap * v->item_size);
		if (!p)
			return -1;
		v->items = p;
		v->cap = cap;
	}
	memcpy((char *)v->items + v->n * v->item_size, item, v->item_size);
	v->n++;
	return 0;
}

void ac_vec_free(ac_vec *v)
{
	free(v->items);
	v->items = NULL;
	v->n = v->cap = 0;
}
