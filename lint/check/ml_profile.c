/* ml_profile.c - what applies to a document (marklint.h, ml_profile): a
 * rule set built from the built-in rules, a configuration file and a
 * caller's files, with the thresholds; and what a profile says about
 * itself (--print-config, --list-rules, --explain, --test-rules). */
#include "ml_check.h"
#include "ml_buf.h"
#include "ml_config.h"
#include "ml_err.h"
#include "ml_lanes.h"

#include <stdlib.h>
#include <string.h>

struct ml_profile {
	ml_profile_opts o;        /* files copied (o.files points to files) */
	ml_rulefile *files;       /* owned, with their paths */
	char *config_path;        /* owned, or NULL */
	ml_config *config;        /* owned, or NULL */
	ml_rules *rules;          /* owned */
	ml_lint_opts lint;
};

void ml_profile_opts_default(ml_profile_opts *o)
{
	memset(o, 0, sizeof *o);
	ml_limits_default(&o->limits);
	o->fail_on = ML_SEV_ERROR;
	o->min_severity = ML_SEV_INFO;
}

static int S_load_file(ml_rules *rs, const ml_rulefile *f, ml_error *err)
{
	if (f->kind == ML_RULEFILE_LANES)
		return ml_rules_load_lanes_file(rs, f->path, err);
	return ml_rules_load_file(rs, f->path, err);
}

/* The built-in rules, the configuration's files, the caller's files,
 * then the configuration's switches (after every rule is known). */
static int S_load_rules(ml_profile *p, ml_error *err)
{
	size_t i;
	int r;

	p->rules = ml_rules_new();
	if ((r = ml_rules_load_builtin(p->rules, err)) < 0) {
		char msg[sizeof err->message - 16];
		memcpy(msg, err->message, sizeof msg - 1);
		msg[sizeof msg - 1] = '\0';
		snprintf(err->message, sizeof err->message,
		         "built-in rules: %s", msg);
		return r;
	}
	if (p->config &&
	    (r = ml_config_load_files(p->config, p->rules, err)) < 0)
		return r;
	for (i = 0; i < p->o.nfiles; i++)
		if ((r = S_load_file(p->rules, &p->files[i], err)) < 0)
			return r;
	if (p->config)
		return ml_config_apply_rules(p->config, p->rules, err);
	return 0;
}

static void S_thresholds(ml_profile *p)
{
	const ml_config *c = p->config;

	if (!p->o.has_fail_on && c && c->has_fail_on)
		p->o.fail_on = c->fail_on;
	if (!p->o.has_min_severity && c && c->has_min_severity)
		p->o.min_severity = c->min_severity;
	ml_lint_opts_default(&p->lint);
	p->lint.rules = p->rules;
	p->lint.limits = p->o.limits;
	p->lint.min_severity = p->o.min_severity;
	p->lint.fail_on = p->o.fail_on;
}

int ml_profile_new(const ml_profile_opts *o, ml_profile **out,
                   ml_error *err)
{
	ml_profile *p = ml_xcalloc(1, sizeof *p);
	size_t i;
	int r = 0;

	*out = NULL;
	p->o = *o;
	p->files = ml_xcalloc(o->nfiles ? o->nfiles : 1, sizeof *p->files);
	for (i = 0; i < o->nfiles; i++) {
		p->files[i].kind = o->files[i].kind;
		p->files[i].path = ml_xstrdup(o->files[i].path);
	}
	p->o.files = p->files;
	p->o.config = NULL;
	if (o->config) {
		p->config_path = ml_xstrdup(o->config);
		r = ml_config_load(o->config, &p->config, err);
	}
	if (r == 0)
		r = S_load_rules(p, err);
	if (r < 0) {
		ml_profile_free(p);
		return r;
	}
	ml_rules_prepare(p->rules);
	p->o.config = p->config_path;
	S_thresholds(p);
	*out = p;
	return 0;
}

void ml_profile_free(ml_profile *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->o.nfiles; i++)
		free((char *)p->files[i].path);
	free(p->files);
	free(p->config_path);
	ml_config_free(p->config);
	ml_rules_free(p->rules);
	free(p);
}

const ml_lint_opts *ml_profile_lint_opts(const ml_profile *p)
{
	return &p->lint;
}

const char *ml_profile_config(const ml_profile *p)
{
	return p->config_path;
}

/* --- what a profile says about itself --- */

void ml_profile_list_rules(const ml_profile *p, FILE *out)
{
	const ml_ruledef *d;
	size_t i, n = ml_rules_defs(p->rules, &d), w = 0;

	for (i = 0; i < n; i++)
		if (strlen(d[i].id) > w)
			w = strlen(d[i].id);
	for (i = 0; i < n; i++)
		fprintf(out, "%-*s  %-7s  %-6s  %s%s\n", (int)w, d[i].id,
		        ml_severity_name(d[i].severity),
		        d[i].disposition ? d[i].disposition : "-",
		        d[i].summary ? d[i].summary : "",
		        d[i].enabled ? "" : " (disabled)");
}

/* Prints text as a paragraph indented by two spaces, wrapped at 76
 * columns (a word longer than that gets a line of its own). */
static void S_wrapped(FILE *out, const char *text)
{
	const char *s = text, *word;
	size_t col = 0, len;

	while (*s) {
		while (*s == ' ' || *s == '\n' || *s == '\t')
			s++;
		if (!*s)
			break;
		word = s;
		while (*s && *s != ' ' && *s != '\n' && *s != '\t')
			s++;
		len = (size_t)(s - word);
		if (col && col + 1 + len > 76) {
			fputc('\n', out);
			col = 0;
		}
		fputs(col ? " " : "  ", out);
		fwrite(word, 1, len, out);
		col += len + (col ? 1 : 2);
	}
	fputc('\n', out);
}

static void S_section(FILE *out, const char *title, const char *text)
{
	if (!text || !*text)
		return;
	fprintf(out, "\n%s:\n", title);
	S_wrapped(out, text);
}

int ml_profile_explain(const ml_profile *p, const char *id, FILE *out)
{
	const ml_ruledef *d = ml_rules_def(p->rules, id);

	if (!d)
		return -1;
	fprintf(out, "%s (%s, disposition: %s%s)\n", d->id,
	        ml_severity_name(d->severity),
	        d->disposition ? d->disposition : "-",
	        d->enabled ? "" : ", disabled");
	if (d->summary)
		S_wrapped(out, d->summary);
	S_section(out, "Why", d->why);
	S_section(out, "Authority", d->authority);
	S_section(out, "Fix", d->fix);
	S_section(out, "More", d->help_uri);
	return 0;
}

int ml_profile_test_rules(const ml_profile *p, FILE *out)
{
	size_t checked = 0, lane_examples = 0;
	int failures = ml_rules_selftest(p->rules, out, &checked);

	/* the topics of the lanes of cooperation too (ml_lanes.h) */
	failures += ml_lanes_selftest(ml_rules_lanes_const(p->rules), out,
	                              &lane_examples);
	checked += lane_examples;
	fprintf(out, "%zu example%s checked, %d failure%s\n", checked,
	        checked == 1 ? "" : "s", failures, failures == 1 ? "" : "s");
	return failures;
}

void ml_profile_print_config(const ml_profile *p, FILE *out)
{
	size_t i, n = 0, nc = p->config ? p->config->nhrefs : 0;
	ml_config_href *h = ml_xcalloc(nc + p->o.nfiles + 1, sizeof *h);
	char *source;
	ml_buf b;

	for (i = 0; i < nc; i++)
		h[n++] = p->config->hrefs[i]; /* borrowed */
	for (i = 0; i < p->o.nfiles; i++) {
		h[n].path = (char *)p->files[i].path;
		h[n].lanes = p->files[i].kind == ML_RULEFILE_LANES;
		h[n++].authorities =
		    p->files[i].kind == ML_RULEFILE_AUTHORITIES;
	}
	ml_buf_init(&b, (size_t)-1);
	ml_buf_printf(&b, "marklint %s: %s%s", ml_version(),
	              p->config_path ? "from " : "no configuration file",
	              p->config_path ? p->config_path : "");
	if (p->o.nfiles || p->o.has_fail_on || p->o.has_min_severity)
		ml_buf_puts(&b, ", with command-line options");
	source = ml_buf_detach(&b, NULL);
	ml_config_write(out, source, p->o.fail_on, p->o.min_severity, h, n,
	                p->rules);
	free(source);
	free(h);
}

void ml_profile_memo_opts(const ml_profile *p, ml_memo_opts *o)
{
	const ml_config *c = p->config;

	ml_memo_opts_default(o);
	if (c) {
		o->for_whom = c->memo_for;
		o->from = c->memo_from;
		o->signature = c->memo_signature;
		o->date = c->memo_date;
	}
	o->min_severity = p->o.min_severity;
}
