/* cli_rules.c - what `marklint check` says about its rule set:
 * --list-rules, --explain, --test-rules and --print-config. */
#include "cli.h"
#include "ml_buf.h"
#include "ml_config.h"
#include "ml_lanes.h"

#include <stdlib.h>
#include <string.h>

int cli_list_rules(const cli_profile *p)
{
	const ml_ruledef *d;
	size_t i, n = ml_rules_defs(p->rules, &d), w = 0;

	for (i = 0; i < n; i++)
		if (strlen(d[i].id) > w)
			w = strlen(d[i].id);
	for (i = 0; i < n; i++)
		printf("%-*s  %-7s  %-6s  %s%s\n", (int)w, d[i].id,
		       ml_severity_name(d[i].severity),
		       d[i].disposition ? d[i].disposition : "-",
		       d[i].summary ? d[i].summary : "",
		       d[i].enabled ? "" : " (disabled)");
	return 0;
}

/* Prints text as a paragraph indented by two spaces, wrapped at 76
 * columns (a word longer than that gets a line of its own). */
static void S_wrapped(const char *text)
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
			fputc('\n', stdout);
			col = 0;
		}
		fputs(col ? " " : "  ", stdout);
		fwrite(word, 1, len, stdout);
		col += len + (col ? 1 : 2);
	}
	fputc('\n', stdout);
}

static void S_section(const char *title, const char *text)
{
	if (!text || !*text)
		return;
	printf("\n%s:\n", title);
	S_wrapped(text);
}

int cli_explain(const cli_profile *p, const char *id)
{
	const ml_ruledef *d = ml_rules_def(p->rules, id);

	if (!d) {
		fprintf(stderr, "marklint: unknown rule ID '%s' "
		        "(marklint --list-rules)\n", id);
		return 2;
	}
	printf("%s (%s, disposition: %s%s)\n", d->id,
	       ml_severity_name(d->severity),
	       d->disposition ? d->disposition : "-",
	       d->enabled ? "" : ", disabled");
	if (d->summary)
		S_wrapped(d->summary);
	S_section("Why", d->why);
	S_section("Authority", d->authority);
	S_section("Fix", d->fix);
	S_section("More", d->help_uri);
	return 0;
}

int cli_test_rules(const cli_profile *p)
{
	size_t checked = 0;
	size_t lane_examples = 0;
	int failures = ml_rules_selftest(p->rules, stdout, &checked);

	/* the topics of the lanes of cooperation too (ml_lanes.h) */
	failures += ml_lanes_selftest(ml_rules_lanes_const(p->rules), stdout,
	                              &lane_examples);
	checked += lane_examples;

	printf("%zu example%s checked, %d failure%s\n", checked,
	       checked == 1 ? "" : "s", failures, failures == 1 ? "" : "s");
	return failures ? 1 : 0;
}

int cli_print_config(const cli_profile *p, const cli_args *a)
{
	size_t i, n = 0, nc = p->config ? p->config->nhrefs : 0;
	ml_config_href *h = ml_xcalloc(nc + (size_t)a->nrulefiles + 1,
	                               sizeof *h);
	char *source;
	ml_buf b;

	for (i = 0; i < nc; i++)
		h[n++] = p->config->hrefs[i]; /* borrowed */
	for (i = 0; i < (size_t)a->nrulefiles; i++) {
		h[n].path = (char *)a->rulefiles[i].path;
		h[n].lanes = a->rulefiles[i].lanes;
		h[n++].authorities = a->rulefiles[i].authorities;
	}
	ml_buf_init(&b, (size_t)-1);
	ml_buf_printf(&b, "marklint %s: %s%s", ml_version(),
	              p->config_path ? "from " : "no configuration file",
	              p->config_path ? p->config_path : "");
	if (a->nrulefiles || a->has_fail_on || a->has_min_severity)
		ml_buf_puts(&b, ", with command-line options");
	source = ml_buf_detach(&b, NULL);
	ml_config_write(stdout, source, p->fail_on, p->min_severity, h, n,
	                p->rules);
	free(source);
	free(h);
	return 0;
}
