/* cli_opts.c - the option table, its parser and --help.
 *
 * The table is the single source of truth: the parser accepts exactly its
 * options (for the commands named in each entry) and --help prints it. */
#include "cli.h"
#include "ml_buf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct cli_command {
	const char *name;
	unsigned bit;
	const char *synopsis;
	const char *summary;
} cli_command;

static const cli_command S_commands[] = {
	{"check", CMD_CHECK, "marklint [check] [options] PATH...",
	 "find NOFORN and foreign-release markings and check their basis "
	 "(default)"},
	{"extract", CMD_EXTRACT, "marklint extract [options] FILE...",
	 "print the portions marklint reads from each document"},
	{"audit", CMD_AUDIT, "marklint audit [options] [-o DIR] PATH...",
	 "audit a folder tree: roll-ups, audit.html/csv/json and the memo"},
	{"review", CMD_REVIEW, "marklint review [options] [-o FILE] PATH...",
	 "write the review memorandum of the documents (Word, HTML, Markdown, "
	 "text)"},
	{"marking", CMD_MARKING, "marklint marking [options] STRING...",
	 "judge marking strings against the register: valid, nonstandard or "
	 "malformed, why, the correction, their parts and roll-up"},
	{"annotate", CMD_ANNOTATE,
	 "marklint annotate [options] FILE.docx -o OUT.docx",
	 "write a copy of a DOCX with a Word comment at each finding"},
	{"fix", CMD_FIX,
	 "marklint fix [options] FILE (-o OUT | --in-place)",
	 "write a copy of a text, Markdown or DOCX document with its markings "
	 "corrected (DOCX: as tracked changes)"},
	{"serve", CMD_SERVE, "marklint serve [options]",
	 "serve the page and the HTTP API (check, annotate, review)"},
};

const cli_option cli_options[] = {
	{"help", 'h', ARG_NONE, OPT_HELP, CMD_ALL, NULL,
	 "show this help and exit"},
	{"version", 'V', ARG_NONE, OPT_VERSION, CMD_ALL, NULL,
	 "show the version and exit"},
	{"format", 'f', ARG_STRING, OPT_FORMAT,
	 CMD_CHECK | CMD_EXTRACT | CMD_MARKING | CMD_REVIEW, "FORMAT",
	 "output format: text (default), json, or jsonl (check only); "
	 "review: markdown (default), html, text or docx"},
	{"fail-on", 0, ARG_STRING, OPT_FAIL_ON, CMD_CHECK | CMD_SERVE,
	 "SEVERITY", "exit 1 on a finding at or above error (default), "
	 "warning or info; serve: a JUnit test case fails"},
	{"exit-zero", 0, ARG_NONE, OPT_EXIT_ZERO, CMD_CHECK, NULL,
	 "exit 0 even with findings (2 still means unreadable input)"},
	{"min-severity", 0, ARG_STRING, OPT_MIN_SEVERITY,
	 CMD_CHECK | CMD_REVIEW | CMD_ANNOTATE | CMD_AUDIT | CMD_SERVE,
	 "SEVERITY",
	 "report findings at or above error, warning or info (default)"},
	{"color", 0, ARG_STRING, OPT_COLOR, CMD_CHECK, "WHEN",
	 "colour the text output: auto (default), always or never"},
	{"list-rules", 0, ARG_NONE, OPT_LIST_RULES, CMD_CHECK, NULL,
	 "list the rule IDs with severity, disposition and summary, and exit"},
	{"explain", 0, ARG_STRING, OPT_EXPLAIN, CMD_CHECK, "RULE-ID",
	 "explain a rule (why, authority, fix) and exit"},
	{"test-rules", 0, ARG_NONE, OPT_TEST_RULES, CMD_CHECK, NULL,
	 "check every pattern of the rule set against its examples, and exit"},
	{"rules", 0, ARG_STRING, OPT_RULES,
	 CMD_CHECK | CMD_REVIEW | CMD_ANNOTATE | CMD_AUDIT | CMD_SERVE,
	 "FILE",
	 "add a rule file to the built-in rules (repeatable)"},
	{"authorities", 0, ARG_STRING, OPT_AUTHORITIES,
	 CMD_CHECK | CMD_REVIEW | CMD_ANNOTATE | CMD_AUDIT | CMD_SERVE,
	 "FILE",
	 "add a file of citation patterns (repeatable)"},
	{"lanes", 0, ARG_STRING, OPT_LANES, CMD_CHECK | CMD_SERVE, "FILE",
	 "add a lanes-of-cooperation file; a lane of the same name "
	 "replaces (repeatable)"},
	{"config", 0, ARG_STRING, OPT_CONFIG,
	 CMD_CHECK | CMD_REVIEW | CMD_ANNOTATE | CMD_AUDIT | CMD_SERVE,
	 "FILE",
	 "read this configuration instead of finding .marklint.xml"},
	{"no-config", 0, ARG_NONE, OPT_NO_CONFIG,
	 CMD_CHECK | CMD_REVIEW | CMD_ANNOTATE | CMD_AUDIT | CMD_SERVE,
	 NULL,
	 "read no configuration file"},
	{"print-config", 0, ARG_NONE, OPT_PRINT_CONFIG, CMD_CHECK, NULL,
	 "print the configuration that applies to the first PATH, and exit"},
	{"output", 'o', ARG_STRING, OPT_OUTPUT_DIR,
	 CMD_REVIEW | CMD_ANNOTATE | CMD_AUDIT | CMD_FIX, "DIR|FILE",
	 "audit: write into DIR (default marklint-audit); review: write the "
	 "memo to FILE (default standard output); annotate, fix: the copy "
	 "(fix: - for standard output)"},
	{"force", 0, ARG_NONE, OPT_FORCE,
	 CMD_REVIEW | CMD_ANNOTATE | CMD_AUDIT | CMD_FIX, NULL,
	 "replace audit files (or the review's, annotate's or fix's -o FILE) "
	 "that already exist"},
	/* audit (cli_audit.c) */
	{"jobs", 'j', ARG_COUNT, OPT_JOBS, CMD_AUDIT | CMD_SERVE, "N",
	 "check N documents at a time (default: the number of cores)"},
	{"include", 0, ARG_STRING, OPT_INCLUDE, CMD_AUDIT, "GLOB",
	 "walk only files that match GLOB (repeatable)"},
	{"exclude", 0, ARG_STRING, OPT_EXCLUDE, CMD_AUDIT, "GLOB",
	 "leave out files and folders that match GLOB (repeatable)"},
	{"files-from", 0, ARG_STRING, OPT_FILES_FROM, CMD_AUDIT, "FILE",
	 "read PATHs from FILE, one a line (- for standard input)"},
	{"follow-symlinks", 0, ARG_NONE, OPT_FOLLOW_SYMLINKS, CMD_AUDIT, NULL,
	 "follow symbolic links inside walked folders"},
	{"from-jsonl", 0, ARG_NONE, OPT_FROM_JSONL, CMD_AUDIT, NULL,
	 "PATHs are `check --format jsonl` shards: audit from them"},
	{"compare", 0, ARG_STRING, OPT_COMPARE, CMD_AUDIT, "FILE",
	 "compare with an earlier audit's audit.json: what is new, what "
	 "was fixed, by organisation"},
	/* annotate (cli_annotate.c) */
	{"propose", 0, ARG_NONE, OPT_PROPOSE, CMD_ANNOTATE, NULL,
	 "annotate: also propose each suggested marking as a tracked change"},
	/* marking (cli_marking.c) */
	{"rollup", 0, ARG_NONE, OPT_ROLLUP, CMD_MARKING, NULL,
	 "marking: read the STRINGs as the portion marks of one document "
	 "(parentheses optional) and print their banner line"},
	/* fix (cli_fix.c) */
	{"min-confidence", 0, ARG_STRING, OPT_MIN_CONFIDENCE, CMD_FIX, "N",
	 "fix: apply the corrections at least this sure, 0 to 1 (default "
	 "0.8)"},
	{"in-place", 0, ARG_NONE, OPT_IN_PLACE, CMD_FIX, NULL,
	 "fix: replace the input with the corrected copy (atomically)"},
	/* review (cli_review.c) */
	{"memo-for", 0, ARG_STRING, OPT_FOR, CMD_REVIEW | CMD_AUDIT, "TITLE",
	 "review, audit: the memo's MEMORANDUM FOR line (default RECORD)"},
	{"for", 0, ARG_STRING, OPT_FOR, CMD_REVIEW | CMD_AUDIT, "TITLE",
	 "the same as --memo-for"},
	{"from", 0, ARG_STRING, OPT_MEMO_FROM, CMD_REVIEW | CMD_AUDIT, "TEXT",
	 "review, audit: the memo's FROM line (default a placeholder)"},
	{"signature", 0, ARG_STRING, OPT_SIGNATURE, CMD_REVIEW | CMD_AUDIT,
	 "TEXT", "review, audit: the signature block, lines split by ';' "
	 "(default a placeholder)"},
	{"date", 0, ARG_STRING, OPT_DATE, CMD_REVIEW | CMD_AUDIT, "TEXT",
	 "review, audit: the memo's date, as printed (default a placeholder)"},
	{"no-excerpts", 0, ARG_NONE, OPT_NO_EXCERPTS, CMD_CHECK | CMD_REVIEW,
	 NULL, "quote no document text in any output (check: every format "
	 "and the baseline; review: the memo is marked by its own content)"},
	{"excerpts", 0, ARG_NONE, OPT_EXCERPTS, CMD_CHECK, NULL,
	 "quote document text in SARIF, JUnit and --write-baseline too "
	 "(by default only text, json and jsonl do)"},
	/* serve (cli_serve.c) */
	{"listen", 0, ARG_STRING, OPT_LISTEN, CMD_SERVE, "ADDR:PORT",
	 "serve: where to listen (default 127.0.0.1:8080; port 0: any "
	 "free one)"},
	{"token-file", 0, ARG_STRING, OPT_TOKEN_FILE, CMD_SERVE, "FILE",
	 "serve: every request needs Authorization: Bearer TOKEN (the "
	 "file's first line); required off the loopback"},
	{"tls-cert", 0, ARG_STRING, OPT_TLS_CERT, CMD_SERVE, "FILE",
	 "serve: HTTPS with this PEM certificate chain"},
	{"tls-key", 0, ARG_STRING, OPT_TLS_KEY, CMD_SERVE, "FILE",
	 "serve: the PEM private key of --tls-cert"},
	{"queue", 0, ARG_COUNT, OPT_QUEUE, CMD_SERVE, "N",
	 "serve: requests that may wait for a worker; more get 503 "
	 "(default 64)"},
	{"max-connections", 0, ARG_COUNT, OPT_MAX_CONNECTIONS, CMD_SERVE, "N",
	 "serve: most open connections (default 64)"},
	{"timeout", 0, ARG_COUNT, OPT_TIMEOUT, CMD_SERVE, "SECONDS",
	 "serve: close a connection idle this long (default 30)"},
	{"request-timeout", 0, ARG_COUNT, OPT_REQUEST_TIMEOUT, CMD_SERVE,
	 "SECONDS", "serve: close a connection whose body takes longer "
	 "(default 120)"},
	{"max-memory", 0, ARG_SIZE, OPT_MAX_MEMORY, CMD_SERVE, "SIZE",
	 "serve: most bytes of documents held at once; more get 503 "
	 "(default 256M)"},
	{"output", 0, ARG_STRING, OPT_OUTPUT, CMD_CHECK, "FORMAT=FILE",
	 "also write FORMAT (text, json, jsonl, sarif, junit) to FILE "
	 "(repeatable)"},
	{"baseline", 0, ARG_STRING, OPT_BASELINE,
	 CMD_CHECK | CMD_REVIEW | CMD_ANNOTATE | CMD_AUDIT, "FILE",
	 "accept the findings recorded in FILE: fail only on new ones"},
	{"write-baseline", 0, ARG_STRING, OPT_WRITE_BASELINE, CMD_CHECK, "FILE",
	 "record the findings of this run in FILE"},
	{"prune-baseline", 0, ARG_NONE, OPT_PRUNE_BASELINE, CMD_CHECK, NULL,
	 "drop from the --baseline FILE the entries that no longer occur"},
	{"max-file-size", 0, ARG_SIZE, OPT_MAX_FILE_SIZE, CMD_ALL, "SIZE",
	 "largest input file (default 2G; serve: 64M)"},
	{"max-part-size", 0, ARG_SIZE, OPT_MAX_PART_SIZE, CMD_ALL, "SIZE",
	 "most bytes one zip entry may inflate to (default 512M)"},
	{"max-total-size", 0, ARG_SIZE, OPT_MAX_TOTAL_SIZE, CMD_ALL, "SIZE",
	 "most bytes all entries of a package may inflate to (default 1G)"},
	{"max-ratio", 0, ARG_COUNT, OPT_MAX_RATIO, CMD_ALL, "N",
	 "largest inflated/compressed ratio of an entry past 1M (default 200)"},
	{"max-entries", 0, ARG_COUNT, OPT_MAX_ENTRIES, CMD_ALL, "N",
	 "most entries in a zip (default 10000)"},
	{"max-depth", 0, ARG_COUNT, OPT_MAX_DEPTH, CMD_ALL, "N",
	 "deepest XML element nesting, at most 256 (default 256)"},
	{"max-entity-expansion", 0, ARG_SIZE, OPT_MAX_ENTITY_EXPANSION, CMD_ALL,
	 "SIZE", "most bytes XML entities may expand to (default 1M)"},
	{"max-zip-nesting", 0, ARG_COUNT, OPT_MAX_ZIP_NESTING, CMD_ALL, "N",
	 "deepest package-in-package nesting (default 2)"},
	{"max-portion-size", 0, ARG_SIZE, OPT_MAX_PORTION_SIZE, CMD_ALL, "SIZE",
	 "longest paragraph text (default 64M)"},
	{"max-pages", 0, ARG_COUNT, OPT_MAX_PAGES, CMD_ALL, "N",
	 "most pages in a PDF (default 10000)"},
	{"max-pdf-seconds", 0, ARG_COUNT, OPT_MAX_PDF_SECONDS, CMD_ALL, "N",
	 "most seconds the PDF reader may take over one file (default 120)"},
	{"max-page-seconds", 0, ARG_COUNT, OPT_MAX_PAGE_SECONDS, CMD_ALL, "N",
	 "most processor seconds the PDF reader may spend on one page, 0 for "
	 "no limit (default 3)"},
	{"max-pdf-memory", 0, ARG_SIZE, OPT_MAX_PDF_MEMORY, CMD_ALL, "SIZE",
	 "address space of the PDF reader process (default 256M)"},
};
const size_t cli_noptions = sizeof cli_options / sizeof cli_options[0];

/* Commands may give one name its own meaning (--output FORMAT=FILE for
 * check, --output DIR for audit): the entry of the command (bit) wins,
 * else the first of that name. */
static const cli_option *S_find_long(const char *name, size_t len,
                                     unsigned bit)
{
	const cli_option *any = NULL;
	size_t i;

	for (i = 0; i < cli_noptions; i++)
		if (strlen(cli_options[i].name) == len &&
		    strncmp(cli_options[i].name, name, len) == 0) {
			if (cli_options[i].commands & bit)
				return &cli_options[i];
			if (!any)
				any = &cli_options[i];
		}
	return any;
}

static const cli_option *S_find_short(char c, unsigned bit)
{
	const cli_option *any = NULL;
	size_t i;

	for (i = 0; i < cli_noptions; i++)
		if (cli_options[i].short_name == c) {
			if (cli_options[i].commands & bit)
				return &cli_options[i];
			if (!any)
				any = &cli_options[i];
		}
	return any;
}

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

static int S_usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* Misuse: one line on stderr with a hint, exit status 2. */
static int S_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("marklint: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (marklint --help)\n", stderr);
	return 2;
}

static int S_severity(const cli_option *o, const char *value,
                      ml_severity *out, int *has)
{
	if (ml_severity_parse(value, out) < 0)
		return S_usage_error("--%s takes error, warning or info, "
		                     "not '%s'", o->name, value);
	*has = 1;
	return 0;
}

static int S_color(cli_args *a, const char *value)
{
	if (strcmp(value, "auto") == 0)
		a->color = CLI_COLOR_AUTO;
	else if (strcmp(value, "always") == 0)
		a->color = CLI_COLOR_ALWAYS;
	else if (strcmp(value, "never") == 0)
		a->color = CLI_COLOR_NEVER;
	else
		return S_usage_error("--color takes auto, always or never, "
		                     "not '%s'", value);
	return 0;
}

static void S_rulefile(cli_args *a, const char *path, int authorities)
{
	a->rulefiles[a->nrulefiles].path = path;
	a->rulefiles[a->nrulefiles].authorities = authorities;
	a->nrulefiles++;
}

/* Options of the audit command (no number to parse). */
static void S_apply_audit(cli_args *a, const cli_option *o,
                          const char *value)
{
	switch (o->id) {
	case OPT_INCLUDE: a->includes[a->nincludes++] = value; break;
	case OPT_EXCLUDE: a->excludes[a->nexcludes++] = value; break;
	case OPT_FILES_FROM: a->files_from = value; break;
	case OPT_FOLLOW_SYMLINKS: a->follow_symlinks = 1; break;
	case OPT_FROM_JSONL: a->from_jsonl = 1; break;
	case OPT_COMPARE: a->compare = value; break;
	default: break;
	}
}

/* Options of the check command (no number to parse). */
static int S_apply_check(cli_args *a, const cli_option *o, const char *value)
{
	switch (o->id) {
	case OPT_FAIL_ON:
		return S_severity(o, value, &a->fail_on, &a->has_fail_on);
	case OPT_MIN_SEVERITY:
		return S_severity(o, value, &a->min_severity,
		                  &a->has_min_severity);
	case OPT_COLOR: return S_color(a, value);
	case OPT_LIST_RULES: a->list_rules = 1; break;
	case OPT_EXPLAIN: a->explain = value; break;
	case OPT_TEST_RULES: a->test_rules = 1; break;
	case OPT_RULES: S_rulefile(a, value, 0); break;
	case OPT_AUTHORITIES: S_rulefile(a, value, 1); break;
	case OPT_LANES:
		S_rulefile(a, value, 0);
		a->rulefiles[a->nrulefiles - 1].lanes = 1;
		break;
	case OPT_CONFIG: a->config = value; break;
	case OPT_NO_CONFIG: a->no_config = 1; break;
	case OPT_PRINT_CONFIG: a->print_config = 1; break;
	case OPT_EXIT_ZERO: a->exit_zero = 1; break;
	case OPT_OUTPUT: a->outputs[a->noutputs++] = value; break;
	case OPT_BASELINE: a->baseline = value; break;
	case OPT_WRITE_BASELINE: a->write_baseline = value; break;
	case OPT_PRUNE_BASELINE: a->prune_baseline = 1; break;
	case OPT_OUTPUT_DIR: a->output_dir = value; break;
	case OPT_FORCE: a->force = 1; break;
	case OPT_FOR: a->memo_for = value; break;
	case OPT_MEMO_FROM: a->memo_from = value; break;
	case OPT_SIGNATURE: a->memo_signature = value; break;
	case OPT_DATE: a->memo_date = value; break;
	case OPT_NO_EXCERPTS: a->no_excerpts = 1; break;
	case OPT_EXCERPTS: a->excerpts = 1; break;
	case OPT_PROPOSE: a->propose = 1; break;
	case OPT_LISTEN: a->listen = value; break;
	case OPT_TOKEN_FILE: a->token_file = value; break;
	case OPT_TLS_CERT: a->tls_cert = value; break;
	case OPT_TLS_KEY: a->tls_key = value; break;
	case OPT_ROLLUP: a->rollup = 1; break;
	case OPT_MIN_CONFIDENCE: {
		char *end;
		errno = 0;
		a->min_confidence = strtod(value, &end);
		if (errno || end == value || *end || !(a->min_confidence >= 0) ||
		    a->min_confidence > 1)
			return S_usage_error("--min-confidence takes a number from "
			                     "0 to 1, not '%s'", value);
		break;
	}
	case OPT_IN_PLACE: a->in_place = 1; break;
	default: S_apply_audit(a, o, value); break;
	}
	return 0;
}

/* The numbers of the serve command that must not be 0. */
static int S_apply_serve(cli_args *a, const cli_option *o, uint64_t n)
{
	if (n < 1 || n > 1000000)
		return S_usage_error("--%s must be 1 to 1000000", o->name);
	if (o->id == OPT_TIMEOUT)
		a->timeout = (unsigned)n;
	else if (o->id == OPT_REQUEST_TIMEOUT)
		a->request_timeout = (unsigned)n;
	else
		a->max_connections = (unsigned)n;
	return 0;
}

static int S_apply(cli_args *a, const cli_option *o, const char *value)
{
	uint64_t n = 0;

	if (o->arg == ARG_SIZE || o->arg == ARG_COUNT) {
		if (S_parse_number(value, o->arg == ARG_SIZE, &n) < 0 ||
		    (o->arg == ARG_COUNT && n > UINT32_MAX))
			return S_usage_error("bad number for --%s", o->name);
	}
	switch (o->id) {
	case OPT_HELP: a->help = 1; break;
	case OPT_VERSION: a->version = 1; break;
	case OPT_FORMAT: a->format = value; break;
	case OPT_MAX_FILE_SIZE:
		a->lim.max_file_size = n;
		a->has_max_file_size = 1;
		break;
	case OPT_MAX_PART_SIZE: a->lim.max_part_size = n; break;
	case OPT_MAX_TOTAL_SIZE: a->lim.max_total_size = n; break;
	case OPT_MAX_RATIO: a->lim.max_ratio = (uint32_t)n; break;
	case OPT_MAX_ENTRIES: a->lim.max_entries = (uint32_t)n; break;
	case OPT_MAX_DEPTH:
		/* libxml2 refuses deeper nesting without XML_PARSE_HUGE,
		 * which marklint never sets. */
		if (n < 1 || n > 256)
			return S_usage_error("--max-depth must be 1 to 256");
		a->lim.max_depth = (uint32_t)n;
		break;
	case OPT_MAX_ENTITY_EXPANSION: a->lim.max_entity_expansion = n; break;
	case OPT_MAX_ZIP_NESTING: a->lim.max_zip_nesting = (uint32_t)n; break;
	case OPT_MAX_PORTION_SIZE: a->lim.max_portion_size = n; break;
	case OPT_MAX_PAGES: a->lim.max_pages = (uint32_t)n; break;
	case OPT_MAX_PDF_SECONDS:
		if (n < 1)
			return S_usage_error("--max-pdf-seconds must be 1 or more");
		a->lim.max_pdf_seconds = (uint32_t)n;
		break;
	case OPT_MAX_PAGE_SECONDS: a->lim.max_page_seconds = (uint32_t)n; break;
	case OPT_MAX_PDF_MEMORY:
		if (n < ((uint64_t)32 << 20))
			return S_usage_error("--max-pdf-memory must be 32M or "
			                     "more");
		a->lim.max_pdf_memory = n;
		break;
	case OPT_JOBS:
		if (n < 1 || n > 1024)
			return S_usage_error("--jobs must be 1 to 1024");
		a->jobs = (unsigned)n;
		break;
	case OPT_QUEUE: a->queue = (unsigned)n; a->has_queue = 1; break;
	case OPT_MAX_CONNECTIONS:
	case OPT_TIMEOUT:
	case OPT_REQUEST_TIMEOUT:
		return S_apply_serve(a, o, n);
	case OPT_MAX_MEMORY: a->max_memory = n; break;
	default: return S_apply_check(a, o, value);
	}
	return 0;
}

static const cli_command *S_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof S_commands / sizeof S_commands[0]; i++)
		if (strcmp(S_commands[i].name, name) == 0)
			return &S_commands[i];
	return NULL;
}

/* One argument that starts with '-': a long option, or short ones. */
static int S_option(cli_args *a, int argc, char **argv, int *i)
{
	const char *arg = argv[*i], *value = NULL;
	const cli_option *o;

	if (arg[1] == '-') {
		const char *eq = strchr(arg + 2, '=');
		size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		o = S_find_long(arg + 2, len, a->command_bit);
		if (!o)
			return S_usage_error("unknown option '%s'", arg);
		if (eq)
			value = eq + 1;
	} else {
		o = S_find_short(arg[1], a->command_bit);
		if (!o || (arg[2] && o->arg == ARG_NONE))
			return S_usage_error("unknown option '%s'", arg);
		if (arg[2])
			value = arg + 2;
	}
	if (!(o->commands & a->command_bit))
		return S_usage_error("option '%s' does not apply here", arg);
	if (o->arg == ARG_NONE && value)
		return S_usage_error("option '%s' takes no value", arg);
	if (o->arg != ARG_NONE && !value) {
		if (*i + 1 >= argc)
			return S_usage_error("option '%s' needs a value", arg);
		value = argv[++*i];
	}
	return S_apply(a, o, value);
}

int cli_parse(int argc, char **argv, cli_args *a)
{
	const cli_command *cmd = NULL;
	int i = 1, r, only_paths = 0;

	memset(a, 0, sizeof *a);
	ml_limits_default(&a->lim);
	a->fail_on = ML_SEV_ERROR;
	a->min_severity = ML_SEV_INFO;
	a->min_confidence = CLI_FIX_MIN;
	/* at most one rule file per argument */
	a->rulefiles = ml_xcalloc((size_t)(argc > 0 ? argc : 1),
	                          sizeof *a->rulefiles);
	/* at most one --output per argument (owned: cli_args_free) */
	a->outputs = ml_xcalloc((size_t)(argc > 0 ? argc : 1),
	                        sizeof *a->outputs);
	/* at most one glob per argument (owned: cli_args_free) */
	a->includes = ml_xcalloc((size_t)(argc > 0 ? argc : 1),
	                         sizeof *a->includes);
	a->excludes = ml_xcalloc((size_t)(argc > 0 ? argc : 1),
	                         sizeof *a->excludes);
	if (argc > 1)
		cmd = S_command(argv[1]);
	if (cmd) {
		a->explicit_command = 1;
		i = 2;
	} else {
		cmd = S_command("check"); /* the default command */
	}
	a->command = cmd->name;
	a->command_bit = cmd->bit;
	a->paths = argv + i; /* paths are compacted in place below */
	for (; i < argc; i++) {
		if (!only_paths && strcmp(argv[i], "--") == 0) {
			only_paths = 1;
		} else if (!only_paths && argv[i][0] == '-' && argv[i][1]) {
			r = S_option(a, argc, argv, &i);
			if (r)
				return r;
		} else {
			a->paths[a->npaths++] = argv[i];
		}
	}
	if (a->config && a->no_config)
		return S_usage_error("--config and --no-config exclude each "
		                     "other");
	if (a->excerpts && a->no_excerpts)
		return S_usage_error("--excerpts and --no-excerpts exclude "
		                     "each other");
	return 0;
}

void cli_args_free(cli_args *a)
{
	free(a->rulefiles);
	a->rulefiles = NULL;
	free(a->includes);
	free(a->excludes);
	a->includes = a->excludes = NULL;
	a->nrulefiles = 0;
	free(a->outputs);
	a->outputs = NULL;
	a->noutputs = 0;
}

void cli_usage(FILE *f, const cli_args *a)
{
	size_t i;

	unsigned bits = a->explicit_command ? a->command_bit : CMD_ALL;

	fputs("usage:", f);
	for (i = 0; i < sizeof S_commands / sizeof S_commands[0]; i++)
		if (S_commands[i].bit & bits)
			fprintf(f, "\t%s\n", S_commands[i].synopsis);
	if (!a->explicit_command) {
		fputs("\ncommands:\n", f);
		for (i = 0; i < sizeof S_commands / sizeof S_commands[0]; i++)
			fprintf(f, "  %-10s %s\n", S_commands[i].name,
			        S_commands[i].summary);
	}
	fputs("\noptions:\n", f);
	for (i = 0; i < cli_noptions; i++) {
		const cli_option *o = &cli_options[i];
		char left[64];
		if (!(o->commands & bits))
			continue;
		snprintf(left, sizeof left, "%s%c%s--%s%s%s",
		         o->short_name ? "-" : "",
		         o->short_name ? o->short_name : ' ',
		         o->short_name ? ", " : "  ", o->name,
		         o->metavar ? " " : "", o->metavar ? o->metavar : "");
		fprintf(f, "  %-32s %s\n", o->short_name ? left : left + 1,
		        o->help);
	}
	fputs("\nSee marklint(1) for the details.\n", f);
}

void cli_report_error(const char *path, const ml_error *err)
{
	fprintf(stderr, "%s: error: %s [%s]\n", path, err->message, err->code);
}
