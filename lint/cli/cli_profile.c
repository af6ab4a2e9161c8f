/* cli_profile.c - what applies to each document of `marklint check`: one
 * rule set per configuration file, built from the built-in rules, the
 * file's rules and switches, and the command line (which wins). */
#include "cli.h"
#include "ml_buf.h"
#include "ml_config.h"
#include "ml_lanes.h"

#include <stdlib.h>
#include <string.h>

/* A configuration or rule-file error: its own "FILE:LINE: reason". */
static int S_error(const ml_error *err)
{
	fprintf(stderr, "%s [%s]\n", err->message, err->code);
	return 2;
}

static int S_load_rules(cli_profile *p, const cli_args *a)
{
	ml_error err;
	int i;

	memset(&err, 0, sizeof err);
	p->rules = ml_rules_new();
	if (ml_rules_load_builtin(p->rules, &err) < 0) {
		fprintf(stderr, "marklint: error: built-in rules: %s [%s]\n",
		        err.message, err.code);
		return 2;
	}
	if (p->config && ml_config_load_files(p->config, p->rules, &err) < 0)
		return S_error(&err);
	for (i = 0; i < a->nrulefiles; i++)
		if ((a->rulefiles[i].lanes
		         ? ml_lanes_load_file(ml_rules_lanes(p->rules),
		                              a->rulefiles[i].path, &err)
		         : ml_rules_load_file(p->rules, a->rulefiles[i].path,
		                              &err)) < 0)
			return S_error(&err);
	if (p->config && ml_config_apply_rules(p->config, p->rules, &err) < 0)
		return S_error(&err);
	return 0;
}

/* Fills p for the configuration file cfgpath (NULL: none). */
static int S_build(cli_profile *p, const cli_args *a, const char *cfgpath)
{
	const ml_config *c;
	ml_error err;

	memset(p, 0, sizeof *p);
	memset(&err, 0, sizeof err);
	if (cfgpath) {
		p->config_path = ml_xstrdup(cfgpath);
		if (ml_config_load(cfgpath, &p->config, &err) < 0)
			return S_error(&err);
	}
	if (S_load_rules(p, a))
		return 2;
	c = p->config;
	p->fail_on = a->has_fail_on ? a->fail_on :
	             c && c->has_fail_on ? c->fail_on : ML_SEV_ERROR;
	p->min_severity = a->has_min_severity ? a->min_severity :
	                  c && c->has_min_severity ? c->min_severity :
	                  ML_SEV_INFO;
	ml_lint_opts_default(&p->lint);
	p->lint.rules = p->rules;
	p->lint.limits = a->lim;
	p->lint.min_severity = p->min_severity;
	p->lint.fail_on = p->fail_on;
	return 0;
}

static void S_profile_free(cli_profile *p)
{
	free(p->config_path);
	ml_config_free(p->config);
	ml_rules_free(p->rules);
	memset(p, 0, sizeof *p);
}

/* The directory of a document ("." for a bare name and for stdin). */
static char *S_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (strcmp(path, "-") == 0 || !slash)
		return ml_xstrdup(".");
	if (slash == path)
		return ml_xstrdup("/");
	return ml_xstrndup(path, (size_t)(slash - path));
}

static int S_same(const char *x, const char *y)
{
	return x == y || (x && y && strcmp(x, y) == 0);
}

/* The profile of configuration file cfg, built on first use. */
static int S_lookup(cli_profiles *ps, const cli_args *a, const char *cfg,
                    size_t *out)
{
	size_t i;
	int r;

	for (i = 0; i < ps->n; i++) {
		if (S_same(ps->v[i].config_path, cfg)) {
			*out = i;
			return 0;
		}
	}
	ps->v = ml_xrealloc(ps->v, (ps->n + 1) * sizeof *ps->v);
	r = S_build(&ps->v[ps->n], a, cfg);
	ps->n++; /* kept even when it failed, to be freed */
	*out = ps->n - 1;
	return r;
}

int cli_profile_for(cli_profiles *ps, const cli_args *a, const char *path,
                    size_t *out)
{
	char *dir, *found = NULL;
	int r;

	if (a->no_config || a->config)
		return S_lookup(ps, a, a->config, out);
	dir = S_dir(path);
	if (ps->last_dir && strcmp(ps->last_dir, dir) == 0) {
		free(dir);
		*out = ps->last_index;
		return 0;
	}
	found = ml_config_find(dir);
	r = S_lookup(ps, a, found, out);
	free(found);
	free(ps->last_dir);
	ps->last_dir = dir;
	ps->last_index = *out;
	return r;
}

int cli_baseline_load(const cli_args *a, ml_baseline **out)
{
	ml_error err;

	*out = NULL;
	if (!a->baseline)
		return 0;
	if (ml_baseline_load(a->baseline, out, &err) < 0) {
		fprintf(stderr, "marklint: %s [%s]\n", err.message, err.code);
		return 2;
	}
	return 0;
}

void cli_baseline_done(const cli_args *a, ml_baseline *b)
{
	ml_baseline_stats st;

	if (!b)
		return;
	ml_baseline_stats_get(b, &st);
	if (st.entries && st.documents && !st.known)
		fprintf(stderr, "marklint: warning: %s: %s in the baseline, "
		        "whose entries are for other paths (such as '%s', "
		        "relative to the baseline's folder): every finding "
		        "counts as new\n", a->baseline, st.documents == 1 ?
		        "the document checked is not" :
		        "none of the documents checked is", st.example);
	else if (st.entries && st.documents && !st.matched &&
	         !a->prune_baseline)
		fprintf(stderr, "marklint: warning: %s: the baseline matched "
		        "none of this run's findings (--prune-baseline drops "
		        "the entries that were fixed)\n", a->baseline);
	ml_baseline_free(b);
}

void cli_profiles_free(cli_profiles *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		S_profile_free(&ps->v[i]);
	free(ps->v);
	free(ps->last_dir);
	memset(ps, 0, sizeof *ps);
}
