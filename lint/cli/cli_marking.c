/* cli_marking.c - `marklint marking STRING...`: the register's verdict on
 * each string (ml_marking_report): valid, nonstandard, malformed or not a
 * marking, why, the correction, the parts, and the roll-up banner of the
 * valid ones; with --rollup the strings are the portion marks of one
 * document and their banner line is the point.
 *
 * A STRING of "-" reads strings from standard input, one a line (argv
 * cannot carry a string past 128 KiB; hostile tests need longer ones).
 *
 * Exit status: 0 when every string is a valid marking, 1 when one is not,
 * 2 for a usage error (an unknown --format). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define S_LINE_MAX (16u << 20) /* bytes of one line of standard input */

typedef struct S_opts {
	int rollup;
} S_opts;

static const cli_option S_options[] = {
	{"rollup", 0, ARG_NONE, CLI_FLAG(S_opts, rollup), NULL,
	 "read the STRINGs as the portion marks of one document "
	 "(parentheses optional) and print their banner line"},
};

static const cli_optset S_set = {
	S_options, sizeof S_options / sizeof S_options[0], NULL, CLI_IN_OPTS
};

static void S_add(char ***v, size_t *n, char *s)
{
	*v = ml_xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = s;
}

/* The lines of standard input into v; -1 after an error line. */
static int S_stdin(char ***v, size_t *n)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, stdin)) >= 0) {
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if ((size_t)len > S_LINE_MAX) {
			fprintf(stderr, "marklint: a line of standard input is "
			        "longer than %u bytes\n", S_LINE_MAX);
			free(line);
			return -1;
		}
		S_add(v, n, ml_xstrndup(line, (size_t)len));
	}
	free(line);
	return 0;
}

/* The strings to judge: the operands, "-" replaced by the lines of
 * standard input (caller frees each and the array). */
static int S_strings(const cli_args *a, char ***v, size_t *n)
{
	int i;

	*v = NULL;
	*n = 0;
	for (i = 0; i < a->npaths; i++) {
		if (strcmp(a->paths[i], "-") != 0)
			S_add(v, n, ml_xstrdup(a->paths[i]));
		else if (S_stdin(v, n) < 0)
			return -1;
	}
	return 0;
}

static int S_run(const cli_args *a)
{
	char **v;
	size_t n, i;
	int status;

	status = S_strings(a, &v, &n) < 0 ? 2 :
	         ml_marking_report((const char *const *)v, n,
	                           a->format != NULL,
	                           ((const S_opts *)a->opts)->rollup, stdout);
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return status;
}

const cli_command cli_marking_command = {
	"marking", "marklint marking [options] STRING...",
	"judge marking strings against the register: valid, nonstandard or "
	"malformed, why, the correction, their parts and roll-up",
	{&cli_text_json_options, &S_set, NULL, NULL},
	sizeof(S_opts), "STRING", NULL, S_run, NULL,
};
