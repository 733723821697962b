/* kb_load.c: read a knowledge-base YAML document (docs/kb-format.md) into the model.
 *
 * libfyaml builds the document tree; this file walks it section by section, checks every
 * field and reference, and reports each problem at its line and column. It goes on after
 * an error so that one run shows every mistake in a file.
 */
#include <libfyaml.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kb_internal.h"

typedef struct loader {
	ac_kb *kb;
	const char *file;
	ac_diag *diag;
} loader;

/* The 1-based position of a node: a scalar's own, a collection's first scalar's. */
static void node_pos(struct fy_node *n, int *line, int *col)
{
	*line = *col = 0;
	for (int depth = 0; n && depth < 64; depth++) {
		if (fy_node_is_scalar(n)) {
			struct fy_token *t = fy_node_get_scalar_token(n);
			const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
			if (m) {
				*line = m->line + 1;
				*col = m->column + 1;
			}
			return;
		}
		void *it = NULL;
		if (fy_node_is_mapping(n)) {
			struct fy_node_pair *p = fy_node_mapping_iterate(n, &it);
			n = p ? fy_node_pair_key(p) : NULL;
		} else if (fy_node_is_sequence(n)) {
			n = fy_node_sequence_iterate(n, &it);
		} else {
			return;
		}
	}
}

static void __attribute__((format(printf, 3, 4)))
error_at(loader *L, struct fy_node *n, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	int line, col;
	node_pos(n, &line, &col);
	ac_diag_add(L->diag, L->file, line, col, "%s", msg);
}

static int is_null(struct fy_node *n)
{
	return !n || (fy_node_is_scalar(n) && fy_node_get_style(n) == FYNS_PLAIN &&
		      fy_node_is_null(n));
}

/* A scalar's text copied into the kb, or NULL (with a message) when n is not a string. */
static const char *scalar(loader *L, struct fy_node *n, const char *what)
{
	size_t len;
	if (!fy_node_is_scalar(n) || fy_node_is_alias(n)) {
		error_at(L, n, "%s must be a string", what);
		return NULL;
	}
	const char *s = fy_node_get_scalar(n, &len);
	if (!s || len == 0 || memchr(s, '\0', len)) {
		error_at(L, n, "%s must not be empty", what);
		return NULL;
	}
	char *copy = ac_arena_strdup(&L->kb->arena, s, len);
	if (!copy)
		error_at(L, n, "out of memory");
	return copy;
}

/* ---- fields of a mapping ---- */

#define MAX_FIELDS 16

typedef struct fields {
	const char *const *names;
	struct fy_node *value[MAX_FIELDS];
} fields;

/* Collect the values of a mapping's known keys; report unknown ones. */
static int take_fields(loader *L, struct fy_node *map, const char *what,
		       const char *const *names, fields *f)
{
	memset(f->value, 0, sizeof(f->value));
	f->names = names;
	for (int i = 0; names[i]; i++)
		if (i + 1 >= MAX_FIELDS)
			abort();	/* a programming error: grow MAX_FIELDS */
	if (!fy_node_is_mapping(map)) {
		error_at(L, map, "%s must be a mapping of fields", what);
		return -1;
	}
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(map, &it))) {
		struct fy_node *k = fy_node_pair_key(p);
		const char *key = fy_node_is_scalar(k) ? fy_node_get_scalar0(k) : NULL;
		int found = -1;
		for (int i = 0; key && names[i]; i++)
			if (strcmp(key, names[i]) == 0)
				found = i;
		if (found < 0) {
			const char *near = NULL;
			for (int i = 0; key && names[i]; i++)
				if (ac_edit_distance(key, names[i], 2) <= 2)
					near = names[i];
			error_at(L, k, "unknown field \"%s\" in %s%s%s%s", key ? key : "?",
				 strncmp(what, "each ", 5) ? what : what + 5,
				 near ? " (did you mean \"" : "", near ? near : "",
				 near ? "\"?)" : "");
			continue;
		}
		if (!is_null(fy_node_pair_value(p)))
			f->value[found] = fy_node_pair_value(p);
	}
	return 0;
}

static struct fy_node *field(const fields *f, const char *name)
{
	for (int i = 0; f->names[i]; i++)
		if (strcmp(f->names[i], name) == 0)
			return f->value[i];
	return NULL;
}

static const char *required(loader *L, struct fy_node *map, const fields *f, const char *name,
			    const char *what)
{
	struct fy_node *n = field(f, name);
	if (!n) {
		error_at(L, map, "%s has no \"%s\"", what, name);
		return NULL;
	}
	return scalar(L, n, name);
}

static const char *optional(loader *L, const fields *f, const char *name)
{
	struct fy_node *n = field(f, name);
	return n ? scalar(L, n, name) : NULL;
}

/* ---- references ---- */

static int find_id(const ac_vec *v, size_t offset_of_id, const char *id)
{
	for (size_t i = 0; i < v->n; i++) {
		const char *other = *(const char *const *)((const char *)v->items +
							   i * v->item_size + offset_of_id);
		if (strcmp(other, id) == 0)
			return (int)i;
	}
	return -1;
}

static int source_ref(loader *L, struct fy_node *n)
{
	const char *id = n ? scalar(L, n, "source") : NULL;
	if (!id)
		return -1;
	int i = ac_kb_find_source(L->kb, id);
	if (i < 0)
		error_at(L, n, "unknown source \"%s\"", id);
	return i;
}

static int activity_ref(loader *L, struct fy_node *n)
{
	const char *id = n ? scalar(L, n, "activity") : NULL;
	if (!id)
		return -1;
	int i = find_id(&L->kb->activities, offsetof(ac_activity, id), id);
	if (i < 0) {
		const char *near[1];
		if (ac_kb_suggest(L->kb, id, near, 1))
			error_at(L, n, "unknown activity \"%s\" (did you mean \"%s\"?)", id,
				 near[0]);
		else
			error_at(L, n, "unknown activity \"%s\"", id);
	}
	return i;
}

/* A condition: one value or a list of them, as a bit mask over the value's enum. */
static unsigned condition(loader *L, struct fy_node *n, const char *what,
			  ac_result (*parse)(const char *, int *), int first_valid)
{
	unsigned mask = 0;
	if (!n)
		return 0;
	void *it = NULL;
	struct fy_node *item = fy_node_is_sequence(n) ? fy_node_sequence_iterate(n, &it) : n;
	while (item) {
		const char *s = scalar(L, item, what);
		int v;
		if (s && (parse(s, &v) != AC_OK || v < first_valid))
			error_at(L, item, "unknown %s \"%s\"", what, s);
		else if (s)
			mask |= 1u << v;
		item = fy_node_is_sequence(n) ? fy_node_sequence_iterate(n, &it) : NULL;
	}
	return mask;
}

static ac_result parse_depth_int(const char *s, int *v)
{
	ac_depth d;
	ac_result rc = ac_depth_parse(s, &d);
	*v = (int)d;
	return rc;
}

static ac_result parse_skin_int(const char *s, int *v)
{
	ac_skin k;
	ac_result rc = ac_skin_parse(s, &k);
	*v = (int)k;
	return rc;
}

static ac_result parse_device_int(const char *s, int *v)
{
	ac_device d;
	ac_result rc = ac_device_parse(s, &d);
	*v = (int)d;
	return rc;
}

static int32_t duration(loader *L, struct fy_node *n, const char *what, int32_t dflt)
{
	if (!n)
		return dflt;
	const char *s = scalar(L, n, what);
	int32_t m;
	if (!s)
		return dflt;
	if (ac_duration_parse(s, &m) != AC_OK) {
		error_at(L, n, "bad duration \"%s\" for %s (use e.g. 90m, 4h, 2d, 1w)", s, what);
		return dflt;
	}
	return m;
}

static int check_unique(loader *L, struct fy_node *at, const ac_vec *v, size_t off,
			const char *id, const char *what)
{
	if (id && find_id(v, off, id) >= 0) {
		error_at(L, at, "duplicate %s id \"%s\"", what, id);
		return -1;
	}
	return 0;
}

static void push(loader *L, struct fy_node *at, ac_vec *v, const void *item)
{
	if (ac_vec_push(v, item) != 0)
		error_at(L, at, "too many items or out of memory");
}

/* ---- sections ---- */

static void load_source(loader *L, struct fy_node *n)
{
	static const char *const names[] = {"id", "name", "section", "quoted-in", NULL};
	fields f;
	if (take_fields(L, n, "each source", names, &f))
		return;
	ac_source s = {
		.id = required(L, n, &f, "id", "source"),
		.name = required(L, n, &f, "name", "source"),
		.section = required(L, n, &f, "section", "source"),
		.voice = (int)L->kb->sources.n,
	};
	/* quoted-in: the source (named earlier) whose published text quotes this one. */
	struct fy_node *in = field(&f, "quoted-in");
	if (in) {
		int voice = source_ref(L, in);
		if (voice >= 0)
			s.voice = AC_VEC_AT(&L->kb->sources, ac_source, voice)->voice;
	}
	if (check_unique(L, field(&f, "id"), &L->kb->sources, offsetof(ac_source, id), s.id,
			 "source") == 0 && s.id && s.name && s.section)
		push(L, n, &L->kb->sources, &s);
}

static int alias_taken(const ac_kb *kb, const char *alias)
{
	for (size_t i = 0; i < kb->activities.n; i++) {
		const ac_activity *a = AC_VEC_AT(&kb->activities, ac_activity, i);
		if (ac_strcaseeq(a->id, alias))
			return (int)i;
		for (size_t j = 0; j < a->n_aliases; j++)
			if (ac_strcaseeq(a->aliases[j], alias))
				return (int)i;
	}
	return -1;
}

/* A list of strings; with unique_alias, each must name no other activity. */
static const char *const *string_list(loader *L, struct fy_node *n, const char *what,
				      size_t *count, int unique_alias)
{
	*count = 0;
	if (!n)
		return NULL;
	if (!fy_node_is_sequence(n)) {
		error_at(L, n, "%s must be a list", what);
		return NULL;
	}
	size_t max = (size_t)fy_node_sequence_item_count(n);
	const char **list = ac_arena_alloc(&L->kb->arena, (max + 1) * sizeof(*list));
	if (!list) {
		error_at(L, n, "out of memory");
		return NULL;
	}
	void *it = NULL;
	struct fy_node *item;
	while ((item = fy_node_sequence_iterate(n, &it)) && *count < max) {
		const char *s = scalar(L, item, what);
		int owner = s && unique_alias ? alias_taken(L->kb, s) : -1;
		if (owner >= 0)
			error_at(L, item, "alias \"%s\" already names activity \"%s\"", s,
				 AC_VEC_AT(&L->kb->activities, ac_activity, owner)->id);
		else if (s)
			list[(*count)++] = s;
	}
	list[*count] = NULL;
	return list;
}

typedef struct pending_group {
	size_t activity;
	struct fy_node *node;
} pending_group;

static void load_activity(loader *L, struct fy_node *n, ac_vec *groups)
{
	static const char *const names[] = {"id",	 "name",	  "category",
					    "group",	 "aliases",	  "ambiguous",
					    "other-meaning", "other-words", NULL};
	fields f;
	if (take_fields(L, n, "each activity", names, &f))
		return;
	int line, col;
	node_pos(n, &line, &col);
	ac_activity a = {
		.id = required(L, n, &f, "id", "activity"),
		.name = required(L, n, &f, "name", "activity"),
		.category = required(L, n, &f, "category", "activity"),
		.group = -1,
		.line = line,
	};
	if (!a.id || !a.name || !a.category)
		return;
	if (alias_taken(L->kb, a.id) >= 0) {
		error_at(L, field(&f, "id"), "duplicate activity id \"%s\"", a.id);
		return;
	}
	a.aliases = string_list(L, field(&f, "aliases"), "alias", &a.n_aliases, 1);
	a.ambiguous = string_list(L, field(&f, "ambiguous"), "ambiguous word", &a.n_ambiguous, 0);
	a.other_meaning = optional(L, &f, "other-meaning");
	a.other_words = string_list(L, field(&f, "other-words"), "other word", &a.n_other_words, 0);
	if (a.n_ambiguous && !a.other_meaning)
		error_at(L, n, "activity with ambiguous words has no \"other-meaning\"");
	pending_group g = {L->kb->activities.n, field(&f, "group")};
	push(L, n, &L->kb->activities, &a);
	if (g.node)
		push(L, n, groups, &g);
}

static void resolve_groups(loader *L, ac_vec *groups)
{
	for (size_t i = 0; i < groups->n; i++) {
		pending_group *g = AC_VEC_AT(groups, pending_group, i);
		int parent = activity_ref(L, g->node);
		if (parent >= 0 && (size_t)parent == g->activity)
			error_at(L, g->node, "activity cannot be its own group");
		else if (parent >= 0)
			AC_VEC_AT(&L->kb->activities, ac_activity, g->activity)->group = parent;
	}
}

static void load_rule(loader *L, struct fy_node *n)
{
	static const char *const names[] = {"id",  "activity", "source", "stance", "from",
					    "until", "device", "depth", "skin", "section",
					    "quote", "context", "reason", "advice", NULL};
	fields f;
	if (take_fields(L, n, "each rule", names, &f))
		return;
	int line, col;
	node_pos(n, &line, &col);
	ac_rule r = {
		.id = required(L, n, &f, "id", "rule"),
		.activity = activity_ref(L, field(&f, "activity")),
		.source = source_ref(L, field(&f, "source")),
		.from_min = duration(L, field(&f, "from"), "from", 0),
		.until_min = duration(L, field(&f, "until"), "until", AC_NO_END),
		.device_mask = condition(L, field(&f, "device"), "device", parse_device_int, 0),
		.depth_mask = condition(L, field(&f, "depth"), "depth", parse_depth_int, 1),
		.skin_mask = condition(L, field(&f, "skin"), "skin", parse_skin_int, 1),
		.section = optional(L, &f, "section"),
		.quote = required(L, n, &f, "quote", "rule"),
		.context = optional(L, &f, "context"),
		.reason = required(L, n, &f, "reason", "rule"),
		.advice = optional(L, &f, "advice"),
		.file = L->file,
		.line = line,
	};
	if (!field(&f, "activity"))
		error_at(L, n, "rule has no \"activity\"");
	if (!field(&f, "source"))
		error_at(L, n, "rule has no \"source\"");
	const char *stance = required(L, n, &f, "stance", "rule");
	if (stance && ac_stance_parse(stance, &r.stance) != AC_OK)
		error_at(L, field(&f, "stance"),
			 "unknown stance \"%s\" (use avoid, caution, ok or recommend)", stance);
	if (r.until_min <= r.from_min)
		error_at(L, field(&f, "until"), "until (%s) is not after from",
			 optional(L, &f, "until"));
	if (check_unique(L, field(&f, "id"), &L->kb->rules, offsetof(ac_rule, id), r.id,
			 "rule"))
		return;
	if (r.source >= 0 && !r.section)
		r.section = AC_VEC_AT(&L->kb->sources, ac_source, r.source)->section;
	if (r.id && r.activity >= 0 && r.source >= 0 && stance && r.quote && r.reason)
		push(L, n, &L->kb->rules, &r);
}

static void load_values(loader *L, struct fy_node *n, ac_fact *fact)
{
	if (!n)
		return;
	if (!fy_node_is_mapping(n)) {
		error_at(L, n, "values must be a mapping of names to numbers");
		return;
	}
	size_t count = (size_t)fy_node_mapping_item_count(n);
	ac_value *vals = ac_arena_alloc(&L->kb->arena, (count ? count : 1) * sizeof(*vals));
	if (!vals) {
		error_at(L, n, "out of memory");
		return;
	}
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(n, &it))) {
		const char *name = scalar(L, fy_node_pair_key(p), "value name");
		const char *text = scalar(L, fy_node_pair_value(p), "value");
		char *end = NULL;
		double v = text ? strtod(text, &end) : 0;
		if (text && (end == text || *end || !isfinite(v)))
			error_at(L, fy_node_pair_value(p), "value \"%s\" is not a number", text);
		else if (name && text)
			vals[fact->n_values++] = (ac_value){name, v};
	}
	fact->values = vals;
}

static void load_fact(loader *L, struct fy_node *n)
{
	static const char *const names[] = {"id",   "topic", "source", "section",  "quote",
					    "text", "skin",  "values", "keywords", "line", NULL};
	fields f;
	if (take_fields(L, n, "each fact", names, &f))
		return;
	ac_fact fact = {
		.id = required(L, n, &f, "id", "fact"),
		.topic = required(L, n, &f, "topic", "fact"),
		.source = source_ref(L, field(&f, "source")),
		.section = optional(L, &f, "section"),
		.quote = required(L, n, &f, "quote", "fact"),
		.text = required(L, n, &f, "text", "fact"),
		.skin_mask = condition(L, field(&f, "skin"), "skin", parse_skin_int, 1),
		.line = optional(L, &f, "line"),
	};
	if (!field(&f, "source"))
		error_at(L, n, "fact has no \"source\"");
	if (fact.line && strlen(fact.line) > AC_FACT_LINE_MAX)
		error_at(L, field(&f, "line"), "a fact's line is %zu bytes: at most %d, to fit one line "
			 "of a phone", strlen(fact.line), AC_FACT_LINE_MAX);
	load_values(L, field(&f, "values"), &fact);
	fact.keywords = string_list(L, field(&f, "keywords"), "keyword", &fact.n_keywords, 0);
	if (check_unique(L, field(&f, "id"), &L->kb->facts, offsetof(ac_fact, id), fact.id,
			 "fact"))
		return;
	if (fact.source >= 0 && !fact.section)
		fact.section = AC_VEC_AT(&L->kb->sources, ac_source, fact.source)->section;
	if (fact.id && fact.topic && fact.source >= 0 && fact.quote && fact.text)
		push(L, n, &L->kb->facts, &fact);
}

static void each_item(loader *L, struct fy_node *seq, const char *what,
		      void (*fn)(loader *, struct fy_node *))
{
	if (!seq)
		return;
	if (!fy_node_is_sequence(seq)) {
		error_at(L, seq, "%s must be a list", what);
		return;
	}
	void *it = NULL;
	struct fy_node *item;
	while ((item = fy_node_sequence_iterate(seq, &it)))
		fn(L, item);
}

static void load_activities(loader *L, struct fy_node *seq)
{
	ac_vec groups = {.item_size = sizeof(pending_group)};
	if (seq && !fy_node_is_sequence(seq)) {
		error_at(L, seq, "activities must be a list");
		return;
	}
	void *it = NULL;
	struct fy_node *item;
	while (seq && (item = fy_node_sequence_iterate(seq, &it)))
		load_activity(L, item, &groups);
	resolve_groups(L, &groups);
	ac_vec_free(&groups);
}

static void load_root(loader *L, struct fy_node *root)
{
	static const char *const names[] = {"version", "sources", "activities", "rules",
					    "facts", NULL};
	fields f;
	if (take_fields(L, root, "the knowledge base", names, &f))
		return;
	struct fy_node *version = field(&f, "version");
	const char *v = version ? scalar(L, version, "version") : NULL;
	if (v && strcmp(v, "1") != 0)
		error_at(L, version, "unsupported version \"%s\" (this program reads version 1)",
			 v);
	/* Fixed order, whatever the file's: rules refer to sources and activities. */
	each_item(L, field(&f, "sources"), "sources", load_source);
	load_activities(L, field(&f, "activities"));
	each_item(L, field(&f, "rules"), "rules", load_rule);
	each_item(L, field(&f, "facts"), "facts", load_fact);
}

ac_result ac_kb_parse_yaml(ac_kb *kb, const char *name, const char *yaml, size_t len,
			   ac_diag *diag)
{
	loader L = {.kb = kb, .file = ac_arena_strdup(&kb->arena, name, strlen(name)),
		    .diag = diag};
	int before = diag->count;
	if (!L.file)
		return AC_ERR_NOMEM;
	const char *nul = memchr(yaml, '\0', len);
	if (nul) {
		int line = 1;
		for (const char *p = yaml; p < nul; p++)
			line += *p == '\n';
		ac_diag_add(diag, L.file, line, 1, "NUL byte at offset %zu", (size_t)(nul - yaml));
		return AC_ERR_PARSE;
	}
	/* libfyaml 0.7.12 can loop forever on invalid UTF-8 after a '%': check first. */
	size_t bad = ac_utf8_invalid_at(yaml, len);
	if (bad != (size_t)-1) {
		int line = 1, col = 1;
		for (size_t i = 0; i < bad; i++, col++)
			if (yaml[i] == '\n')
				line++, col = 0;
		ac_diag_add(diag, L.file, line, col, "invalid UTF-8 (byte offset %zu)", bad);
		return AC_ERR_PARSE;
	}
	struct fy_diag_cfg dcfg;
	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	struct fy_diag *fdiag = fy_diag_create(&dcfg);
	if (!fdiag)
		return AC_ERR_NOMEM;
	fy_diag_set_collect_errors(fdiag, true);
	struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET, .diag = fdiag};
	struct fy_document *doc = fy_document_build_from_string(&cfg, yaml, len);
	ac_result rc = AC_OK;
	if (!doc) {
		void *it = NULL;
		struct fy_diag_error *e;
		while ((e = fy_diag_errors_iterate(fdiag, &it)))
			ac_diag_add(diag, L.file, e->line, e->column, "%s", e->msg);
		if (diag->count != before) {
			rc = AC_ERR_PARSE;
			goto out;
		}
	}
	struct fy_node *root = doc ? fy_document_root(doc) : NULL;
	if (!root || is_null(root))
		ac_diag_add(diag, L.file, 1, 1, "empty document: expected sources, activities, "
						 "rules and facts");
	else
		load_root(&L, root);
	if (diag->count != before)
		rc = AC_ERR_INVALID;
out:
	fy_document_destroy(doc);
	fy_diag_destroy(fdiag);
	return rc;
}
