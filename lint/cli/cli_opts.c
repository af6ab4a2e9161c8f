/* cli_opts.c - one parser and --help over the commands' option sets, and
 * the sets several commands share (limits, profile).
 *
 * Each command names its sets (cli_command.sets); the parser accepts
 * exactly their options, and --help prints exactly them, so `marklint
 * review --help` lists review's options only. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --- every command: --help, --version --- */

static const cli_option S_common_v[] = {
	{"help", 'h', ARG_NONE,
	 CLI_FLAG(cli_args, help), NULL, "show this help and exit"},
	{"version", 'V', ARG_NONE,
	 CLI_FLAG(cli_args, version), NULL, "show the version and exit"},
};

static const cli_optset S_common = {
	S_common_v, sizeof S_common_v / sizeof S_common_v[0], NULL,
	CLI_IN_ARGS
};

/* --- limits (marklint(1), LIMITS) --- */

enum { S_FILE_SIZE, S_DEPTH, S_PDF_SECONDS, S_PDF_MEMORY };

static const cli_option S_limit_v[] = {
	{"max-file-size", 0, ARG_SIZE, CLI_ID(S_FILE_SIZE), "SIZE",
	 "largest input file (default 2G; serve: 64M)"},
	{"max-part-size", 0, ARG_SIZE,
	 CLI_U64(ml_limits, max_part_size), "SIZE",
	 "most bytes one zip entry may inflate to (default 512M)"},
	{"max-total-size", 0, ARG_SIZE,
	 CLI_U64(ml_limits, max_total_size), "SIZE",
	 "most bytes all entries of a package may inflate to (default 1G)"},
	{"max-ratio", 0, ARG_COUNT, CLI_U32(ml_limits, max_ratio), "N",
	 "largest inflated/compressed ratio of an entry past 1M (default 200)"},
	{"max-entries", 0, ARG_COUNT, CLI_U32(ml_limits, max_entries), "N",
	 "most entries in a zip (default 10000)"},
	{"max-depth", 0, ARG_COUNT, CLI_ID(S_DEPTH), "N",
	 "deepest XML element nesting, at most 256 (default 256)"},
	{"max-entity-expansion", 0, ARG_SIZE,
	 CLI_U64(ml_limits, max_entity_expansion), "SIZE",
	 "most bytes XML entities may expand to (default 1M)"},
	{"max-zip-nesting", 0, ARG_COUNT,
	 CLI_U32(ml_limits, max_zip_nesting), "N",
	 "deepest package-in-package nesting (default 2)"},
	{"max-portion-size", 0, ARG_SIZE,
	 CLI_U64(ml_limits, max_portion_size), "SIZE",
	 "longest paragraph text (default 64M)"},
	{"max-pages", 0, ARG_COUNT, CLI_U32(ml_limits, max_pages), "N",
	 "most pages in a PDF (default 10000)"},
	{"max-pdf-seconds", 0, ARG_COUNT, CLI_ID(S_PDF_SECONDS), "N",
	 "most seconds the PDF reader may take over one file (default 120)"},
	{"max-page-seconds", 0, ARG_COUNT,
	 CLI_U32(ml_limits, max_page_seconds), "N",
	 "most processor seconds the PDF reader may spend on one page, 0 for "
	 "no limit (default 3)"},
	{"max-pdf-memory", 0, ARG_SIZE, CLI_ID(S_PDF_MEMORY), "SIZE",
	 "address space of the PDF reader process (default 256M)"},
};

/* The limits that are checked, or noted, as they are set. */
static int S_limit_apply(cli_args *a, const cli_option *o,
                         const char *value, uint64_t n)
{
	ml_limits *l = &a->lim;

	switch (o->id) {
	case S_FILE_SIZE:
		l->max_file_size = n;
		a->has_max_file_size = 1;
		break;
	case S_DEPTH:
		/* libxml2 refuses deeper nesting without XML_PARSE_HUGE,
		 * which marklint never sets. */
		if (n < 1 || n > 256)
			return cli_usage_error(a, "--max-depth must be 1 to 256");
		l->max_depth = (uint32_t)n;
		break;
	case S_PDF_SECONDS:
		if (n < 1)
			return cli_usage_error(a, "--max-pdf-seconds must be 1 or "
			                       "more");
		l->max_pdf_seconds = (uint32_t)n;
		break;
	default:
		if (n < ((uint64_t)32 << 20))
			return cli_usage_error(a, "--max-pdf-memory must be 32M "
			                       "or more");
		l->max_pdf_memory = n;
		break;
	}
	return 0;
}

const cli_optset cli_limit_options = {
	S_limit_v, sizeof S_limit_v / sizeof S_limit_v[0], S_limit_apply,
	CLI_IN_LIMITS
};

/* --- what builds a profile --- */

enum { S_MIN_SEVERITY, S_RULES, S_AUTHORITIES, S_LANES };

static const cli_option S_profile_v[] = {
	{"min-severity", 0, ARG_STRING, CLI_ID(S_MIN_SEVERITY), "SEVERITY",
	 "report findings at or above error, warning or info (default)"},
	{"rules", 0, ARG_STRING, CLI_ID(S_RULES), "FILE",
	 "add a rule file to the built-in rules (repeatable)"},
	{"authorities", 0, ARG_STRING, CLI_ID(S_AUTHORITIES), "FILE",
	 "add a file of citation patterns (repeatable)"},
	{"lanes", 0, ARG_STRING, CLI_ID(S_LANES), "FILE",
	 "add a lanes-of-cooperation file; a lane of the same name "
	 "replaces (repeatable)"},
	{"config", 0, ARG_STRING, CLI_TEXT(cli_args, config), "FILE",
	 "read this configuration instead of finding .marklint.xml"},
	{"no-config", 0, ARG_NONE,
	 CLI_FLAG(cli_args, no_config), NULL, "read no configuration file"},
	{"baseline", 0, ARG_STRING, CLI_TEXT(cli_args, baseline), "FILE",
	 "accept the findings recorded in FILE: set aside, not counted"},
};

static int S_profile_apply(cli_args *a, const cli_option *o,
                           const char *value, uint64_t n)
{
	static const ml_rulefile_kind kinds[] = {
		[S_RULES] = ML_RULEFILE_RULES,
		[S_AUTHORITIES] = ML_RULEFILE_AUTHORITIES,
		[S_LANES] = ML_RULEFILE_LANES,
	};

	if (o->id == S_MIN_SEVERITY) {
		a->has_min_severity = 1;
		return cli_severity_value(a, o, value, &a->min_severity);
	}
	a->rulefiles[a->nrulefiles].path = value;
	a->rulefiles[a->nrulefiles++].kind = kinds[o->id];
	return 0;
}

const cli_optset cli_profile_options = {
	S_profile_v, sizeof S_profile_v / sizeof S_profile_v[0],
	S_profile_apply, CLI_IN_ARGS
};

/* --- -f text|json --- */

static const cli_option S_text_json_v[] = {
	{"format", 'f', ARG_STRING,
	 CLI_ID(0), "FORMAT", "text (default) or json"},
};

static int S_text_json_apply(cli_args *a, const cli_option *o,
                             const char *value, uint64_t n)
{
	if (strcmp(value, "text") != 0 && strcmp(value, "json") != 0)
		return cli_usage_error(a, "unknown format '%s' for %s (text or "
		                       "json)", value, a->cmd->name);
	a->format = strcmp(value, "json") == 0 ? "json" : NULL;
	return 0;
}

const cli_optset cli_text_json_options = {
	S_text_json_v, 1, S_text_json_apply, CLI_IN_ARGS
};

/* --- the memo's blocks (review, audit) --- */

static const cli_option S_memo_v[] = {
	{"memo-for", 0, ARG_STRING, CLI_TEXT(cli_args, memo_for), "TITLE",
	 "the memo's MEMORANDUM FOR line (default RECORD)"},
	{"for", 0, ARG_STRING,
	 CLI_TEXT(cli_args, memo_for), "TITLE", "the same as --memo-for"},
	{"from", 0, ARG_STRING, CLI_TEXT(cli_args, memo_from), "TEXT",
	 "the memo's FROM line (default a placeholder)"},
	{"signature", 0, ARG_STRING, CLI_TEXT(cli_args, memo_signature), "TEXT",
	 "the signature block, lines split by ';' (default a placeholder)"},
	{"date", 0, ARG_STRING, CLI_TEXT(cli_args, memo_date), "TEXT",
	 "the memo's date, as printed (default a placeholder)"},
};

const cli_optset cli_memo_options = {
	S_memo_v, sizeof S_memo_v / sizeof S_memo_v[0], NULL, CLI_IN_ARGS
};

/* --- messages --- */

int cli_usage_error(const cli_args *a, const char *fmt, ...)
{
	va_list ap;

	fputs("marklint: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (a && a->explicit_command)
		fprintf(stderr, " (marklint %s --help)\n", a->cmd->name);
	else
		fputs(" (marklint --help)\n", stderr);
	return 2;
}

int cli_severity_value(cli_args *a, const cli_option *o, const char *v,
                       ml_severity *out)
{
	if (ml_severity_parse(v, out) < 0)
		return cli_usage_error(a, "--%s takes error, warning or info, "
		                       "not '%s'", o->name, v);
	return 0;
}

int cli_fail_on_value(cli_args *a, const cli_option *o, const char *v)
{
	a->has_fail_on = 1;
	return cli_severity_value(a, o, v, &a->fail_on);
}

int cli_jobs_value(cli_args *a, uint64_t n, unsigned *out)
{
	if (n < 1 || n > 1024)
		return cli_usage_error(a, "--jobs must be 1 to 1024");
	*out = (unsigned)n;
	return 0;
}

void cli_report_error(const char *path, const ml_error *err)
{
	fprintf(stderr, "%s: error: %s [%s]\n", path, err->message, err->code);
}

/* --- parsing --- */

/* "64M", "1G", "4096": a size in bytes with binary suffixes. */
static int S_parse_number(const char *s, int sizes, uint64_t *out)
{
	char *end;
	unsigned long long v;
	uint64_t mult = 1;

	errno = 0;
	if (*s < '0' || *s > '9')
		return -1;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	if (sizes && *end) {
		switch (*end) {
		case 'k': case 'K': mult = 1ULL << 10; break;
		case 'm': case 'M': mult = 1ULL << 20; break;
		case 'g': case 'G': mult = 1ULL << 30; break;
		case 't': case 'T': mult = 1ULL << 40; break;
		default: return -1;
		}
		end++;
		if (*end == 'i')
			end++;
		if (*end == 'B')
			end++;
	}
	if (*end || (v && mult > UINT64_MAX / v))
		return -1;
	*out = (uint64_t)v * mult;
	return 0;
}

/* Walks the sets of cmd (and the common one): the option named name
 * (len bytes; len 0: the short option c), and its set in *set. */
static const cli_option *S_find(const cli_command *cmd, const char *name,
                                size_t len, char c, const cli_optset **set)
{
	const cli_optset *sets[8];
	size_t k, i, ns = 0;

	sets[ns++] = &S_common;
	for (k = 0; cmd->sets[k]; k++)
		sets[ns++] = cmd->sets[k];
	for (k = 0; k < ns; k++)
		for (i = 0; i < sets[k]->n; i++) {
			const cli_option *o = &sets[k]->v[i];
			if (len ? strlen(o->name) == len &&
			          strncmp(o->name, name, len) == 0
			        : o->short_name == c && c) {
				*set = sets[k];
				return o;
			}
		}
	return NULL;
}

static const cli_command *const S_commands[] = {
	&cli_check_command, &cli_extract_command, &cli_audit_command,
	&cli_review_command, &cli_marking_command, &cli_annotate_command,
	&cli_fix_command, &cli_serve_command,
};
#define S_NCOMMANDS (sizeof S_commands / sizeof S_commands[0])

/* The commands that take an option nobody else's set has ("--propose"),
 * for the hint when it is given to another command. */
static const char *S_owner(const cli_args *a, const char *name, size_t len,
                           char c)
{
	const cli_optset *set;
	size_t i;

	for (i = 0; i < S_NCOMMANDS; i++)
		if (S_commands[i] != a->cmd &&
		    S_find(S_commands[i], name, len, c, &set))
			return S_commands[i]->name;
	return NULL;
}

static int S_unknown(const cli_args *a, const char *arg, const char *name,
                     size_t len, char c)
{
	const char *owner = S_owner(a, name, len, c);

	if (owner)
		return cli_usage_error(a, "option '%s' is not an option of %s "
		                       "(it is one of %s)", arg, a->cmd->name,
		                       owner);
	return cli_usage_error(a, "unknown option '%s'", arg);
}

/* An option the table says where to put (o->store, o->id). */
static void S_store(cli_args *a, const cli_optset *set, const cli_option *o,
                    const char *value, uint64_t n)
{
	char *in = set->in == CLI_IN_ARGS     ? (char *)a
	         : set->in == CLI_IN_LIMITS ? (char *)&a->lim
	                                    : (char *)a->opts;
	void *field = in + o->id;

	switch (o->store) {
	case CLI_STORE_FLAG: *(int *)field = 1; break;
	case CLI_STORE_TEXT: *(const char **)field = value; break;
	case CLI_STORE_U32: *(uint32_t *)field = (uint32_t)n; break;
	default: *(uint64_t *)field = n; break;
	}
}

/* One argument that starts with '-': a long option, or a short one. */
static int S_option(cli_args *a, int argc, char **argv, int *i)
{
	const char *arg = argv[*i], *value = NULL;
	const cli_optset *set = NULL;
	const cli_option *o;
	uint64_t n = 0;

	if (arg[1] == '-') {
		const char *eq = strchr(arg + 2, '=');
		size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		o = S_find(a->cmd, arg + 2, len, 0, &set);
		if (!o)
			return S_unknown(a, arg, arg + 2, len, 0);
		if (eq)
			value = eq + 1;
	} else {
		o = S_find(a->cmd, NULL, 0, arg[1], &set);
		if (!o)
			return S_unknown(a, arg, NULL, 0, arg[1]);
		if (arg[2] && o->arg == ARG_NONE)
			return cli_usage_error(a, "unknown option '%s'", arg);
		if (arg[2])
			value = arg + 2;
	}
	if (o->arg == ARG_NONE && value)
		return cli_usage_error(a, "option '%s' takes no value", arg);
	if (o->arg != ARG_NONE && !value) {
		if (*i + 1 >= argc)
			return cli_usage_error(a, "option '%s' needs a value",
			                       arg);
		value = argv[++*i];
	}
	if ((o->arg == ARG_SIZE || o->arg == ARG_COUNT) &&
	    (S_parse_number(value, o->arg == ARG_SIZE, &n) < 0 ||
	     (o->arg == ARG_COUNT && n > UINT32_MAX)))
		return cli_usage_error(a, "bad number for --%s", o->name);
	if (o->store == CLI_APPLY)
		return set->apply(a, o, value, n);
	S_store(a, set, o, value, n);
	return 0;
}

/* The edit distance of a and b, when at most 2 (else 3). */
static int S_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	int row[32], prev, cur;

	if (la > 30 || lb > 30 || (la > lb ? la - lb : lb - la) > 2)
		return 3;
	for (j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = (int)i;
		for (j = 1; j <= lb; j++) {
			cur = row[j];
			row[j] = a[i - 1] == b[j - 1] ? prev :
			         1 + (prev < row[j - 1] ?
			              (prev < row[j] ? prev : row[j]) :
			              (row[j - 1] < row[j] ? row[j - 1] : row[j]));
			prev = cur;
		}
	}
	return row[lb] > 2 ? 3 : row[lb];
}

/* argv[1] names no command: a path (check is the default), unless it is
 * no file, looks like a word and is close to a command's name
 * ("chek"), which is refused before any work. */
static int S_not_a_command(cli_args *a, const char *word)
{
	size_t i;

	if (strchr(word, '/') || strchr(word, '.') || word[0] == '-' ||
	    access(word, F_OK) == 0)
		return 0; /* a path */
	for (i = 0; i < S_NCOMMANDS; i++)
		if (S_distance(word, S_commands[i]->name) <= 2)
			return cli_usage_error(a, "unknown command '%s'; did you "
			                       "mean %s?", word,
			                       S_commands[i]->name);
	return 0;
}

int cli_parse(int argc, char **argv, cli_args *a)
{
	int i = 1, r, only_paths = 0;
	size_t k;

	memset(a, 0, sizeof *a);
	ml_limits_default(&a->lim);
	a->cmd = &cli_check_command;
	/* at most one rule file per argument */
	a->rulefiles = ml_xcalloc((size_t)(argc > 0 ? argc : 1),
	                          sizeof *a->rulefiles);
	for (k = 0; argc > 1 && k < S_NCOMMANDS; k++)
		if (strcmp(argv[1], S_commands[k]->name) == 0) {
			a->cmd = S_commands[k];
			a->explicit_command = 1;
			i = 2;
		}
	a->opts = ml_xcalloc(1, a->cmd->opts_size ? a->cmd->opts_size : 1);
	if (!a->explicit_command && argc > 1 &&
	    (r = S_not_a_command(a, argv[1])) != 0)
		return r;
	a->paths = argv + i; /* operands are compacted in place below */
	for (; i < argc; i++) {
		if (!only_paths && strcmp(argv[i], "--") == 0) {
			only_paths = 1;
		} else if (!only_paths && argv[i][0] == '-' && argv[i][1]) {
			if ((r = S_option(a, argc, argv, &i)) != 0)
				return r;
		} else {
			a->paths[a->npaths++] = argv[i];
		}
	}
	if (a->config && a->no_config)
		return cli_usage_error(a, "--config and --no-config exclude "
		                       "each other");
	return 0;
}

void cli_args_free(cli_args *a)
{
	if (a->opts && a->cmd && a->cmd->free_opts)
		a->cmd->free_opts(a->opts);
	free(a->rulefiles);
	free(a->opts);
	a->rulefiles = NULL;
	a->opts = NULL;
	a->nrulefiles = 0;
}

/* --- help --- */

static void S_usage_set(FILE *f, const cli_optset *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		const cli_option *o = &set->v[i];
		char left[64];
		snprintf(left, sizeof left, "%s%c%s--%s%s%s",
		         o->short_name ? "-" : "",
		         o->short_name ? o->short_name : ' ',
		         o->short_name ? ", " : "  ", o->name,
		         o->metavar ? " " : "", o->metavar ? o->metavar : "");
		fprintf(f, "  %-32s %s\n", o->short_name ? left : left + 1,
		        o->help);
	}
}

void cli_usage(FILE *f, const cli_args *a)
{
	size_t i;

	if (a->explicit_command) {
		fprintf(f, "usage: %s\n\n%s.\n", a->cmd->synopsis,
		        a->cmd->summary);
	} else {
		fputs("usage:", f);
		for (i = 0; i < S_NCOMMANDS; i++)
			fprintf(f, "\t%s\n", S_commands[i]->synopsis);
		fputs("\ncommands:\n", f);
		for (i = 0; i < S_NCOMMANDS; i++)
			fprintf(f, "  %-10s %s\n", S_commands[i]->name,
			        S_commands[i]->summary);
		fputs("\nThe options of check follow; those of another "
		      "command: marklint COMMAND --help.\n", f);
	}
	fputs("\noptions:\n", f);
	S_usage_set(f, &S_common);
	for (i = 0; a->cmd->sets[i]; i++)
		S_usage_set(f, a->cmd->sets[i]);
	fputs("\nSee marklint(1) for the details.\n", f);
}
