/* clinic.c: clinic.yaml (clinic.h, docs/desk.md), parsed with libfyaml as the knowledge base
 * is: unknown keys, wrong types and words the guide does not know are errors at their line
 * and column, so that a typo never silently changes what patients are told. */
#include <ctype.h>
#include <libfyaml.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <utf8proc.h>

#include "cli.h"
#include "clinic.h"

#define CLINIC_FILE_MAX (256 * 1024)
#define CLINIC_NOTES_MAX 4000	/* bytes of the clinic's notes to its patients */

typedef struct reader {
	const char *path;
	char *err;
	size_t errlen;
	bool failed;
} reader;

static void error_at(reader *r, struct fy_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void error_at(reader *r, struct fy_node *n, const char *fmt, ...)
{
	if (r->failed)
		return;	/* the first error is the one to fix */
	r->failed = true;
	int line = 1, col = 1;
	/* a collection's place is its first key's or item's */
	for (int depth = 0; n && !fy_node_is_scalar(n) && depth < 8; depth++) {
		void *it = NULL;
		if (fy_node_is_mapping(n)) {
			struct fy_node_pair *p = fy_node_mapping_iterate(n, &it);
			n = p ? fy_node_pair_key(p) : NULL;
		} else {
			n = fy_node_sequence_iterate(n, &it);
		}
	}
	struct fy_token *t = n && fy_node_is_scalar(n) ? fy_node_get_scalar_token(n) : NULL;
	const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
	if (m)
		line = m->line + 1, col = m->column + 1;
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(r->err, r->errlen, "%s:%d:%d: %s", r->path, line, col, msg);
}

/* A scalar's text, or NULL after an error. */
static const char *text(reader *r, struct fy_node *n, const char *what)
{
	if (!n || !fy_node_is_scalar(n) || fy_node_is_alias(n)) {
		error_at(r, n, "%s must be text", what);
		return NULL;
	}
	const char *s = fy_node_get_scalar0(n);
	if (!s || !*s) {
		error_at(r, n, "%s is empty", what);
		return NULL;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f) {
			error_at(r, n, "%s has a control character", what);
			return NULL;
		}
	if (strlen(s) > 200) {
		error_at(r, n, "%s is longer than 200 bytes", what);
		return NULL;
	}
	return s;
}

static char *dup_text(reader *r, struct fy_node *n, const char *what)
{
	const char *s = text(r, n, what);
	return s ? strdup(s) : NULL;
}

/* The clinic's notes: text as text() takes it, but longer, and lines (a YAML block, "|")
 * kept: shown on the patient's page, labelled as the clinic's (server/page.c). */
static char *notes_text(reader *r, struct fy_node *n)
{
	if (!n || !fy_node_is_scalar(n) || fy_node_is_alias(n)) {
		error_at(r, n, "notes must be text");
		return NULL;
	}
	const char *s = fy_node_get_scalar0(n);
	if (!s || !s[strspn(s, " \n")]) {
		error_at(r, n, "notes is empty");
		return NULL;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f) {
			error_at(r, n, "notes has a control character");
			return NULL;
		}
	if (strlen(s) > CLINIC_NOTES_MAX) {
		error_at(r, n, "notes is longer than %d bytes", CLINIC_NOTES_MAX);
		return NULL;
	}
	return strdup(s);
}

/* An IANA zone of this machine's tz database: letters, digits, / _ + -, no "..". */
bool clinic_zone_ok(const char *z)
{
	if (strspn(z, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_+-") !=
	    strlen(z) || strstr(z, "..") || z[0] == '/')
		return false;
	char path[300];
	struct stat st;
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", z);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool url_ok(const char *u)
{
	const char *host = !strncmp(u, "https://", 8) ? u + 8 : !strncmp(u, "http://", 7) ? u + 7
											    : NULL;
	if (!host || !*host || *host == '/')
		return false;
	for (const char *p = u; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || strchr("\"'<>\\`{}|^?#", *p))
			return false;
	return true;
}

static void words(reader *r, struct fy_node *map, const char *what, clinic_word *out,
		  size_t *n, bool device)
{
	if (!fy_node_is_mapping(map)) {
		error_at(r, map, "%s must map the clinic's words to the guide's (SkinPen: pen)",
			 what);
		return;
	}
	void *it = NULL;
	struct fy_node_pair *p;
	while (!r->failed && (p = fy_node_mapping_iterate(map, &it))) {
		const char *word = text(r, fy_node_pair_key(p), what);
		const char *guide = word ? text(r, fy_node_pair_value(p), what) : NULL;
		if (!guide)
			return;
		ac_device d;
		ac_skin k;
		const char *name = NULL;
		if (device && ac_device_parse(guide, &d) == AC_OK)
			name = ac_device_name(d);
		else if (!device && ac_skin_parse(guide, &k) == AC_OK && k != AC_SKIN_UNSPECIFIED)
			name = ac_skin_name(k);
		if (!name) {
			error_at(r, fy_node_pair_value(p), "%s: \"%s\" is not one of the guide's (%s)",
				 what, guide, device ? "pen, dermaroller, procell"
						     : "sensitive, normal, oily, acne-prone");
			return;
		}
		if (*n >= CLINIC_MAX_WORDS) {
			error_at(r, fy_node_pair_key(p), "%s: more than %d words", what,
				 CLINIC_MAX_WORDS);
			return;
		}
		out[*n].word = strdup(word);
		out[*n].guide = name;
		(*n)++;
	}
}

static void read_settings(reader *r, struct fy_node *map, clinic_settings *c)
{
	if (!fy_node_is_mapping(map)) {
		error_at(r, map, "clinic must be a mapping of settings (name, phone, ...)");
		return;
	}
	void *it = NULL;
	struct fy_node_pair *p;
	while (!r->failed && (p = fy_node_mapping_iterate(map, &it))) {
		struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
		const char *key = fy_node_is_scalar(k) ? fy_node_get_scalar0(k) : "";
		if (!strcmp(key, "name"))
			c->name = dup_text(r, v, "name");
		else if (!strcmp(key, "phone"))
			c->phone = dup_text(r, v, "phone");
		else if (!strcmp(key, "emergency"))
			c->emergency = dup_text(r, v, "emergency");
		else if (!strcmp(key, "notes"))
			c->notes = notes_text(r, v);
		else if (!strcmp(key, "time_zone")) {
			const char *z = text(r, v, "time_zone");
			if (z && !clinic_zone_ok(z))
				error_at(r, v, "time_zone \"%s\" is not a zone of this machine's tz "
					 "database (e.g. Europe/London)", z);
			else if (z)
				c->time_zone = strdup(z);
		} else if (!strcmp(key, "public_url")) {
			const char *u = text(r, v, "public_url");
			if (u && !url_ok(u))
				error_at(r, v, "public_url \"%s\" must be http:// or https:// and a "
					 "host, with no query or fragment", u);
			else if (u) {
				c->public_url = strdup(u);
				size_t n = strlen(c->public_url);
				while (n && c->public_url[n - 1] == '/')
					c->public_url[--n] = '\0';
			}
		} else if (!strcmp(key, "deep_from_mm")) {
			const char *s = text(r, v, "deep_from_mm");
			char *end = NULL;
			double mm = s ? strtod(s, &end) : 0;
			if (s && (*end || !(mm > 0 && mm <= 5)))
				error_at(r, v, "deep_from_mm must be a needle depth in mm, above 0 and "
					 "at most 5 (e.g. 1.5)");
			c->deep_from_mm = mm;
		} else if (!strcmp(key, "session_idle_minutes")) {
			const char *s = text(r, v, "session_idle_minutes");
			char *end = NULL;
			long m = s ? strtol(s, &end, 10) : 0;
			if (s && (*end || m < 1 || m > 720))
				error_at(r, v, "session_idle_minutes must be a whole number from 1 to "
					 "720");
			c->session_idle_minutes = m;
		} else if (!strcmp(key, "devices"))
			words(r, v, "devices", c->devices, &c->n_devices, true);
		else if (!strcmp(key, "skin"))
			words(r, v, "skin", c->skins, &c->n_skins, false);
		else
			error_at(r, k, "unknown setting \"%s\" (name, phone, emergency, notes, "
				 "time_zone, public_url, devices, deep_from_mm, skin, "
				 "session_idle_minutes)", key);
	}
	if (!r->failed && !c->name)
		error_at(r, map, "the clinic's name is missing (name: ...)");
}

/* The file's text, checked as UTF-8 first: libfyaml 0.7.12 can loop on invalid UTF-8. */
static char *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: cannot open it", path);
		return NULL;
	}
	char *buf = malloc(CLINIC_FILE_MAX + 1);
	size_t n = buf ? fread(buf, 1, CLINIC_FILE_MAX + 1, f) : 0;
	fclose(f);
	if (!buf || n > CLINIC_FILE_MAX || memchr(buf, '\0', n)) {
		snprintf(err, errlen, "%s: %s", path, !buf ? "out of memory" : n > CLINIC_FILE_MAX
			 ? "larger than 256 KB" : "a NUL byte");
		free(buf);
		return NULL;
	}
	for (size_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)buf + i,
						      (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) {
			snprintf(err, errlen, "%s: invalid UTF-8 at byte %zu", path, i);
			free(buf);
			return NULL;
		}
		i += (size_t)k;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static struct fy_document *parse(const char *path, char **text_out, char *err, size_t errlen)
{
	size_t len;
	char *yaml = slurp(path, &len, err, errlen);
	*text_out = NULL;
	if (!yaml)
		return NULL;
	struct fy_diag_cfg dcfg;
	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	struct fy_diag *diag = fy_diag_create(&dcfg);
	struct fy_document *doc = NULL;
	if (diag) {
		fy_diag_set_collect_errors(diag, true);
		struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET, .diag = diag};
		doc = fy_document_build_from_string(&cfg, yaml, len);
		void *it = NULL;
		struct fy_diag_error *e = doc ? NULL : fy_diag_errors_iterate(diag, &it);
		snprintf(err, errlen, "%s:%d:%d: %s", path, e ? e->line : 1, e ? e->column : 1,
			 e ? e->msg : "not YAML");
		fy_diag_destroy(diag);
	}
	if (doc)	/* the document keeps pointers into the text */
		*text_out = yaml;
	else
		free(yaml);
	return doc;
}

static void destroy(struct fy_document *doc, char *yaml)
{
	fy_document_destroy(doc);
	free(yaml);
}

static struct fy_node *clinic_node(struct fy_document *doc)
{
	struct fy_node *root = doc ? fy_document_root(doc) : NULL;
	return root && fy_node_is_mapping(root) ? fy_node_mapping_lookup_by_string(root, "clinic",
										  6) : NULL;
}

bool clinic_file(const char *path)
{
	char err[256], *yaml;
	struct fy_document *doc = parse(path, &yaml, err, sizeof(err));
	bool yes = clinic_node(doc) != NULL;
	destroy(doc, yaml);
	return yes;
}

int clinic_load(const char *path, clinic_settings **out, char *err, size_t errlen)
{
	*out = NULL;
	char *yaml;
	struct fy_document *doc = parse(path, &yaml, err, errlen);
	if (!doc)
		return -1;
	reader r = {path, err, errlen, false};
	clinic_settings *c = calloc(1, sizeof(*c));
	struct fy_node *root = fy_document_root(doc), *map = clinic_node(doc);
	if (!c)
		snprintf(err, errlen, "out of memory");
	else if (!map)
		error_at(&r, root, "expected \"clinic:\" with the clinic's settings under it");
	else if (fy_node_mapping_item_count(root) != 1)
		error_at(&r, root, "only \"clinic:\" belongs at the top of the file");
	else
		read_settings(&r, map, c);
	destroy(doc, yaml);
	if (!c || r.failed) {
		clinic_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

void clinic_free(clinic_settings *c)
{
	if (!c)
		return;
	free(c->name), free(c->phone), free(c->emergency), free(c->time_zone), free(c->public_url);
	free(c->notes);
	for (size_t i = 0; i < c->n_devices; i++)
		free(c->devices[i].word);
	for (size_t i = 0; i < c->n_skins; i++)
		free(c->skins[i].word);
	free(c);
}

static const char *lookup(const clinic_word *w, size_t n, const char *word)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(w[i].word, word) == 0)
			return w[i].guide;
	return NULL;
}

const char *clinic_device(const clinic_settings *c, const char *word)
{
	ac_device d;
	if (ac_device_parse(word, &d) == AC_OK)
		return ac_device_name(d);
	return c ? lookup(c->devices, c->n_devices, word) : NULL;
}

const char *clinic_skin(const clinic_settings *c, const char *word)
{
	ac_skin k;
	if (ac_skin_parse(word, &k) == AC_OK)
		return ac_skin_name(k);
	return c ? lookup(c->skins, c->n_skins, word) : NULL;
}

const char *clinic_depth(const clinic_settings *c, const char *word)
{
	ac_depth d;
	if (ac_depth_parse(word, &d) == AC_OK)
		return ac_depth_name(d);
	if (!c || c->deep_from_mm <= 0 || !isdigit((unsigned char)word[0]))
		return NULL;
	char *end;
	double mm = strtod(word, &end);
	end += strspn(end, " ");
	if (strcasecmp(end, "mm") != 0 && *end)
		return NULL;
	if (!(mm > 0 && mm <= 5))
		return NULL;
	return ac_depth_name(mm >= c->deep_from_mm ? AC_DEPTH_DEEP : AC_DEPTH_SUPERFICIAL);
}

int cli_lint_clinic(const char *path)
{
	clinic_settings *c;
	char err[512];
	if (clinic_load(path, &c, err, sizeof(err))) {
		cli_error("%s", err);
		return EXIT_USAGE;
	}
	printf("%s: valid clinic settings for %s: %zu device word%s, %zu skin word%s%s%s%s\n",
	       path, c->name, c->n_devices, c->n_devices == 1 ? "" : "s", c->n_skins,
	       c->n_skins == 1 ? "" : "s", c->time_zone ? ", zone " : "",
	       c->time_zone ? c->time_zone : "", c->public_url ? ", links absolute" : "");
	clinic_free(c);
	return 0;
}
