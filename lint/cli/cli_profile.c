/* cli_profile.c - what applies to each document: one ml_profile per
 * configuration file (found from the document's directory, or given with
 * --config, or none), with the command line's rule files and thresholds,
 * built once and shared. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

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

/* Builds the profile of configuration cfg (NULL: none) into ps. */
static int S_build(cli_profiles *ps, const cli_args *a, const char *cfg)
{
	ml_profile_opts o;
	ml_profile *p;
	ml_error err;

	ml_profile_opts_default(&o);
	o.config = cfg;
	o.files = a->rulefiles;
	o.nfiles = a->nrulefiles;
	if ((o.has_fail_on = a->has_fail_on) != 0)
		o.fail_on = a->fail_on;
	if ((o.has_min_severity = a->has_min_severity) != 0)
		o.min_severity = a->min_severity;
	o.limits = a->lim;
	if (ml_profile_new(&o, &p, &err) < 0) {
		/* a file's error names it (FILE:LINE: reason); the shipped
		 * rules' is marklint's own */
		fprintf(stderr, "%s%s [%s]\n", strncmp(err.message,
		        "built-in rules: ", 16) ? "" : "marklint: error: ",
		        err.message, err.code);
		return 2;
	}
	ps->v = ml_xrealloc(ps->v, (ps->n + 1) * sizeof *ps->v);
	ps->config = ml_xrealloc(ps->config, (ps->n + 1) * sizeof *ps->config);
	ps->v[ps->n] = p;
	ps->config[ps->n] = cfg ? ml_xstrdup(cfg) : NULL;
	ps->n++;
	return 0;
}

/* The profile of configuration file cfg, built on first use. */
static int S_lookup(cli_profiles *ps, const cli_args *a, const char *cfg,
                    size_t *out)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (S_same(ps->config[i], cfg)) {
			*out = i;
			return 0;
		}
	if (S_build(ps, a, cfg))
		return 2;
	*out = ps->n - 1;
	return 0;
}

int cli_profile_for(cli_profiles *ps, const cli_args *a, const char *path,
                    size_t *out)
{
	char *dir, *found;
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

void cli_profiles_free(cli_profiles *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		ml_profile_free(ps->v[i]);
		free(ps->config[i]);
	}
	free(ps->v);
	free(ps->config);
	free(ps->last_dir);
	memset(ps, 0, sizeof *ps);
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

void cli_baseline_done(const cli_args *a, ml_baseline *b, int pruned)
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
	else if (st.entries && st.documents && !st.matched && !pruned)
		fprintf(stderr, "marklint: warning: %s: the baseline matched "
		        "none of this run's findings (--prune-baseline drops "
		        "the entries that were fixed)\n", a->baseline);
	ml_baseline_free(b);
}

void cli_memo_opts(const cli_args *a, const ml_profile *p,
                   ml_memo_opts *o)
{
	if (p)
		ml_profile_memo_opts(p, o);
	else
		ml_memo_opts_default(o);
	if (a->memo_for)
		o->for_whom = a->memo_for;
	if (a->memo_from)
		o->from = a->memo_from;
	if (a->memo_signature)
		o->signature = a->memo_signature;
	if (a->memo_date)
		o->date = a->memo_date;
}
