/* cmd_info.c: what the knowledge base holds: activities, sources, conflicts, lint. */
#include <jansson.h>
#include <string.h>

#include "cli.h"
#include "clinic.h"

static int print_json(json_t *v)
{
	int rc = v ? json_dumpf(v, stdout, JSON_COMPACT) : -1;
	fputc('\n', stdout);
	json_decref(v);
	return rc ? EXIT_INTERNAL : 0;
}

/* For commands that take no operand and need only the kb. */
static int init_plain(cli_ctx *ctx, const cli_args *args)
{
	if (args->n_operands) {
		cli_error("%s takes no operands (got \"%s\")", args->command, args->operands[0]);
		return EXIT_USAGE;
	}
	return cli_ctx_init(ctx, args);
}

json_t *cli_activities_json(const ac_kb *kb)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < ac_kb_activity_count(kb); i++) {
		const ac_activity *a = ac_kb_activity(kb, i);
		const char *group = a->group >= 0 ? ac_kb_activity(kb, (size_t)a->group)->id : NULL;
		json_t *aliases = json_array();
		for (size_t j = 0; j < a->n_aliases; j++)
			json_array_append_new(aliases, json_string(a->aliases[j]));
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s?, s:o}", "id", a->id, "name",
						     a->name, "category", a->category, "group", group,
						     "aliases", aliases));
	}
	return arr;
}

int cmd_activities(const cli_args *args)
{
	cli_ctx ctx;
	int rc = init_plain(&ctx, args);
	if (rc)
		return rc;
	if (ctx.format == FORMAT_JSON) {
		rc = print_json(cli_activities_json(ctx.kb));
		cli_ctx_free(&ctx);
		return rc;
	}
	cli_text t;
	FILE *out = cli_text_begin(&t, &ctx);
	for (size_t i = 0; i < ac_kb_activity_count(ctx.kb); i++) {
		const ac_activity *a = ac_kb_activity(ctx.kb, i);
		const char *group = a->group >= 0 ? ac_kb_activity(ctx.kb, (size_t)a->group)->id : NULL;
		fprintf(out, "%-28s %-44s %s%s\n", a->id, a->name, group ? "in " : "", group ? group : "");
		if (a->n_aliases) {
			fprintf(out, "%28s also:", "");
			for (size_t j = 0; j < a->n_aliases; j++)
				fprintf(out, " %s%s", a->aliases[j], j + 1 < a->n_aliases ? "," : "");
			fputc('\n', out);
		}
	}
	rc = cli_text_end(&t);
	cli_ctx_free(&ctx);
	return rc;
}

static int source_rules(const ac_kb *kb, size_t source)
{
	int rules = 0;
	for (size_t r = 0; r < ac_kb_rule_count(kb); r++)
		rules += ac_kb_rule(kb, r)->source == (int)source && !ac_kb_rule(kb, r)->implied;
	return rules;
}

json_t *cli_sources_json(const ac_kb *kb)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < ac_kb_source_count(kb); i++) {
		const ac_source *s = ac_kb_source(kb, i);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:i, s:b}", "id", s->id, "name",
						     s->name, "section", s->section, "rules",
						     source_rules(kb, i), "clinic",
						     ac_source_is_clinic(kb, (int)i)));
	}
	return arr;
}

int cmd_sources(const cli_args *args)
{
	cli_ctx ctx;
	int rc = init_plain(&ctx, args);
	if (rc)
		return rc;
	if (ctx.format == FORMAT_JSON) {
		rc = print_json(cli_sources_json(ctx.kb));
	} else {
		cli_text t;
		FILE *out = cli_text_begin(&t, &ctx);
		for (size_t i = 0; i < ac_kb_source_count(ctx.kb); i++) {
			const ac_source *s = ac_kb_source(ctx.kb, i);
			fprintf(out, "%-22s %-36s %3d rules  (section \"%s\")\n", s->id, s->name,
			       source_rules(ctx.kb, i), s->section);
		}
		rc = cli_text_end(&t);
	}
	cli_ctx_free(&ctx);
	return rc;
}

int cmd_conflicts(const cli_args *args)
{
	cli_ctx ctx;
	int rc = init_plain(&ctx, args);
	if (rc)
		return rc;
	json_t *arr = ctx.format == FORMAT_JSON ? json_array() : NULL;
	ac_answer a;
	int count = 0;
	cli_text t;
	FILE *out = arr ? stdout : cli_text_begin(&t, &ctx);
	for (size_t i = 0; i < ac_kb_activity_count(ctx.kb); i++) {
		ac_query(ctx.kb, &ctx.profile, &ctx.policy, (int)i, 0, &a);
		if (!a.disputed)
			continue;
		count++;
		json_t *sources = arr ? json_array() : NULL;
		if (!arr)
			fprintf(out, "%s (%s):\n", a.activity->name, a.activity->id);
		for (size_t s = 0; s < ac_kb_source_count(ctx.kb); s++) {
			int32_t end;
			ac_stance strictest;
			if (!ac_answer_source_end(&a, (int)s, &end, &strictest))
				continue;
			char words[48];
			const char *id = ac_kb_source(ctx.kb, s)->id;
			if (sources)
				json_array_append_new(sources, json_pack("{s:s, s:s, s:o}", "source", id,
						"strictest", ac_stance_name(strictest),
						"restricted_until_hours",
						end == AC_NO_END ? json_null() : json_real(end / 60.0)));
			else if (end == 0)
				fprintf(out, "  %-22s no restriction (%s)\n", id,
				       ac_stance_name(strictest));
			else
				fprintf(out, "  %-22s restricts %s%s\n", id, end == AC_NO_END ? "" : "for ",
				       end == AC_NO_END ? "with no end given"
							: ac_duration_words(end, words, sizeof(words)));
		}
		if (arr)
			json_array_append_new(arr, json_pack("{s:s, s:s, s:o}", "activity",
							     a.activity->id, "name", a.activity->name,
							     "sources", sources));
	}
	if (arr)
		rc = print_json(arr);
	else {
		fprintf(out, "\n%d activities on which the sources disagree. "
		       "'aftercare when ACTIVITY' shows their words.\n", count);
		rc = cli_text_end(&t);
	}
	cli_ctx_free(&ctx);
	return rc;
}

/* A file is either a whole knowledge base or a clinic protocol over the guide; report on
 * whichever reading it fits, or else the errors of the reading with fewer of them. */
int cmd_lint(const cli_args *args)
{
	if (args->n_operands != 1) {
		cli_error("lint needs one FILE");
		return EXIT_USAGE;
	}
	const char *path = args->operands[0];
	if (clinic_file(path))	/* clinic.yaml: the desk's settings (docs/desk.md) */
		return cli_lint_clinic(path);
	char err_kb[AC_ERRBUF_SIZE], err_proto[AC_ERRBUF_SIZE];
	ac_kb *kb = NULL, *base = NULL;
	if (ac_kb_load(path, &kb, err_kb) == AC_OK) {
		printf("%s: a valid knowledge base: %zu sources, %zu activities, %zu rules, "
		       "%zu facts\n", path, ac_kb_source_count(kb), ac_kb_activity_count(kb),
		       ac_kb_rule_count(kb), ac_kb_fact_count(kb));
		ac_kb_free(kb);
		return 0;
	}
	ac_result rc = args->kb ? ac_kb_load(args->kb, &base, err_proto)
				: ac_kb_load_builtin(&base, err_proto);
	if (rc != AC_OK) {
		cli_error("%s", err_proto);
		return EXIT_USAGE;
	}
	rc = ac_kb_apply_protocol(base, path, err_proto);
	if (rc == AC_OK) {
		printf("%s: a valid clinic protocol over the guide (%zu rules in force with it)\n",
		       path, ac_kb_rule_count(base));
		ac_kb_free(base);
		return 0;
	}
	ac_kb_free(base);
	int lines_kb = 1, lines_proto = 1;
	for (const char *p = err_kb; *p; p++)
		lines_kb += *p == '\n';
	for (const char *p = err_proto; *p; p++)
		lines_proto += *p == '\n';
	/* A tie goes to the protocol reading: clinics lint protocols far more than guides. */
	cli_error("%s", lines_proto <= lines_kb ? err_proto : err_kb);
	return EXIT_USAGE;
}
