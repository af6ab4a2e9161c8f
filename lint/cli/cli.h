/* cli.h - the command line: one option table drives parsing and --help;
 * the commands (check, extract) and their helpers. */
#ifndef ML_CLI_H
#define ML_CLI_H

#include "marklint.h"
#include "ml_rules.h"

#include <stdio.h>

/* Commands, as bits so that an option can belong to several. */
enum {
	CMD_EXTRACT = 1 << 0,
	CMD_CHECK = 1 << 1,
	CMD_MARKING = 1 << 2,
	CMD_ANNOTATE = 1 << 3,
	CMD_FIX = 1 << 4,
	CMD_REVIEW = 1 << 5,
	CMD_AUDIT = 1 << 6,
	CMD_SERVE = 1 << 7,
	CMD_ALL = 0xFF
};

typedef enum cli_arg { ARG_NONE, ARG_STRING, ARG_SIZE, ARG_COUNT } cli_arg;

typedef enum cli_opt_id {
	OPT_HELP, OPT_VERSION, OPT_FORMAT,
	OPT_FAIL_ON, OPT_MIN_SEVERITY, OPT_COLOR,
	OPT_LIST_RULES, OPT_EXPLAIN, OPT_TEST_RULES,
	OPT_RULES, OPT_AUTHORITIES, OPT_LANES,
	OPT_CONFIG, OPT_NO_CONFIG, OPT_PRINT_CONFIG, OPT_EXIT_ZERO,
	OPT_MAX_FILE_SIZE, OPT_MAX_PART_SIZE, OPT_MAX_TOTAL_SIZE, OPT_MAX_RATIO,
	OPT_MAX_ENTRIES, OPT_MAX_DEPTH, OPT_MAX_ENTITY_EXPANSION,
	OPT_MAX_ZIP_NESTING, OPT_MAX_PORTION_SIZE,
	OPT_MAX_PAGES, OPT_MAX_PDF_SECONDS, OPT_MAX_PAGE_SECONDS,
	OPT_MAX_PDF_MEMORY,
	/* check: outputs and baselines (cli_outputs.c) */
	OPT_OUTPUT, OPT_BASELINE, OPT_WRITE_BASELINE, OPT_PRUNE_BASELINE,
	OPT_OUTPUT_DIR, OPT_FORCE,
	/* audit (cli_audit.c) */
	OPT_JOBS, OPT_INCLUDE, OPT_EXCLUDE, OPT_FILES_FROM,
	OPT_FOLLOW_SYMLINKS, OPT_FROM_JSONL, OPT_COMPARE,
	/* review (cli_review.c) */
	OPT_FOR, OPT_NO_EXCERPTS, OPT_EXCERPTS, OPT_MEMO_FROM, OPT_SIGNATURE,
	OPT_DATE,
	/* annotate (cli_annotate.c) */
	OPT_PROPOSE,
	/* serve (cli_serve.c) */
	OPT_LISTEN, OPT_TOKEN_FILE, OPT_TLS_CERT, OPT_TLS_KEY, OPT_QUEUE,
	OPT_MAX_CONNECTIONS, OPT_TIMEOUT, OPT_REQUEST_TIMEOUT, OPT_MAX_MEMORY,
	/* marking (cli_marking.c) */
	OPT_ROLLUP,
	/* fix (cli_fix.c) */
	OPT_MIN_CONFIDENCE, OPT_IN_PLACE
} cli_opt_id;

typedef struct cli_option {
	const char *name;   /* long name, without "--" */
	char short_name;    /* 0 when none */
	cli_arg arg;
	cli_opt_id id;
	unsigned commands;  /* CMD_* bits of the commands that take it */
	const char *metavar;
	const char *help;
} cli_option;

extern const cli_option cli_options[];
extern const size_t cli_noptions;

typedef enum cli_color { CLI_COLOR_AUTO, CLI_COLOR_ALWAYS, CLI_COLOR_NEVER }
    cli_color;

/* A --rules or --authorities FILE, in command-line order. */
typedef struct cli_rulefile {
	const char *path;   /* borrowed from argv */
	int authorities;    /* given as --authorities */
	int lanes;          /* given as --lanes (a lanes file, ml_lanes.h) */
} cli_rulefile;

typedef struct cli_args {
	const char *command;  /* "check", "extract" */
	unsigned command_bit;
	int explicit_command; /* the command was named (else check) */
	int help, version;
	const char *format;   /* NULL: the command's default */
	int has_fail_on, has_min_severity;
	ml_severity fail_on, min_severity; /* when has_* */
	cli_color color;
	int list_rules, test_rules, print_config, no_config;
	int exit_zero;        /* findings never make the exit status 1 */
	const char *explain;  /* rule ID, or NULL */
	const char *config;   /* --config FILE, or NULL */
	cli_rulefile *rulefiles; /* owned: cli_args_free */
	int nrulefiles;
	ml_limits lim;
	char **paths;         /* borrowed from argv */
	int npaths;
	/* check: more outputs, baselines (cli_outputs.c) */
	const char **outputs; /* --output FORMAT=FILE values, from argv;
	                         the array is owned (cli_args_free) */
	int noutputs;
	const char *baseline;       /* --baseline FILE, or NULL */
	const char *write_baseline; /* --write-baseline FILE, or NULL */
	int prune_baseline;
	const char *output_dir; /* -o DIR (audit) or FILE (review), or NULL */
	int force;            /* --force: replace existing outputs */
	/* audit (cli_audit.c) */
	unsigned jobs;        /* -j N; 0: the number of cores */
	const char **includes, **excludes; /* owned arrays of argv strings */
	int nincludes, nexcludes;
	const char *files_from; /* FILE, "-" for standard input, or NULL */
	int follow_symlinks, from_jsonl;
	const char *compare; /* --compare OLD/audit.json, or NULL */
	/* review (cli_review.c) and the audit's memo */
	const char *memo_for; /* --memo-for (--for) TITLE, or NULL */
	const char *memo_from;      /* --from TEXT, or NULL */
	const char *memo_signature; /* --signature TEXT, or NULL */
	const char *memo_date;      /* --date TEXT, or NULL */
	int no_excerpts;      /* review, check: no document text anywhere */
	int excerpts;         /* check: document text in every format */
	/* annotate (cli_annotate.c); -o OUT is output_dir, --force force */
	int propose;          /* --propose: suggestions as tracked changes */
	/* serve (cli_serve.c); numbers are 0 when not given */
	int has_max_file_size; /* --max-file-size was given */
	const char *listen;   /* --listen ADDR:PORT, or NULL */
	const char *token_file, *tls_cert, *tls_key; /* FILEs, or NULL */
	int has_queue;        /* --queue was given (0 is a value) */
	unsigned queue, max_connections, timeout, request_timeout;
	uint64_t max_memory;
	/* marking (cli_marking.c) */
	int rollup;           /* --rollup: the strings are one document's
	                         portion marks; print their banner */
	/* fix (cli_fix.c); -o OUT is output_dir, --force force */
	double min_confidence; /* --min-confidence (default CLI_FIX_MIN) */
	int in_place;         /* --in-place: the input is replaced */
} cli_args;

/* fix's default --min-confidence: case, separators, order, the form of
 * a control and typos of longer words are applied; typos of short words
 * and guesses at rules are shown, not applied. */
#define CLI_FIX_MIN 0.8

/* Parses argv; returns 0, or 2 after printing a one-line hint to stderr.
 * paths points into argv (not copied). Release with cli_args_free, even
 * after a failure. */
int cli_parse(int argc, char **argv, cli_args *out);
void cli_args_free(cli_args *a);
void cli_usage(FILE *f, const cli_args *a);

int cli_extract(const cli_args *a);
/* `marklint marking STRING...` (cli_marking.c): 0 all valid, 1 not. */
int cli_marking(const cli_args *a);
/* `marklint check`, and its informational options (--list-rules...). */
int cli_check(const cli_args *a);
/* `marklint review`: the review memorandum (ml_memo.h). */
int cli_review(const cli_args *a);
/* `marklint annotate IN -o OUT` (cli_annotate.c): 0 when the annotated
 * copy is written, 2 when it is not. Findings never change the status. */
int cli_annotate(const cli_args *a);

/* `marklint fix IN -o OUT` (cli_fix.c): 0 when the corrected copy is
 * written, 2 when it is not. Corrections left out never change it. */
int cli_fix(const cli_args *a);

/* `marklint serve` (cli_serve.c): serves until SIGTERM; 0 after an
 * orderly stop, 2 when it cannot start. */
int cli_serve(const cli_args *a);

/* `marklint audit` (cli_audit.c): 0 when the audit is written, 2 when a
 * document or shard could not be read (the audit still is written) or the
 * audit could not be. Findings never change the status. */
int cli_audit(const cli_args *a);

/* Prints "PATH: error: MESSAGE [CODE]" on stderr. */
void cli_report_error(const char *path, const ml_error *err);

/* --- inputs (cli_walk.c) --- */

/* The documents to check, in order, and the files the walk left out.
 * Paths are owned by the list (each skipped[i].path too; code and reason
 * are static). */
typedef struct cli_inputs {
	char **paths;
	size_t n, alloc;
	ml_skipped *skipped;
	size_t nskipped, askipped;
} cli_inputs;

/* Expands PATHs: a directory is walked (sorted, recursive, hidden entries
 * skipped silently; symlinks, other types of file and legacy .doc files
 * skipped and listed in skipped with why); anything else (a file, "-", a
 * missing path) is kept as given. A directory that cannot be read gets
 * "PATH: error: ..." on stderr and makes the result 2; otherwise 0. Free
 * with cli_inputs_free. */
int cli_inputs_collect(char *const *paths, int npaths, cli_inputs *out);
void cli_inputs_free(cli_inputs *in);

/* How the audit walks (cli_inputs_walk). */
typedef struct cli_walk_opts {
	int follow_symlinks;        /* follow links inside directories */
	const char *const *include; /* fnmatch globs; none: every document */
	size_t ninclude;
	const char *const *exclude; /* files and directories left out */
	size_t nexclude;
} cli_walk_opts;

/* cli_inputs_collect with options (o NULL: as cli_inputs_collect). A glob
 * with a '/' matches the whole path, others the file name; directories
 * that match --exclude are not entered. Files in walked directories that
 * are not documents marklint reads, are excluded or not included, or are
 * links not followed, are listed in out->skipped. */
int cli_inputs_walk(char *const *paths, int npaths, cli_walk_opts *o,
                    cli_inputs *out);
/* Whether marklint reads a file of this name when walking a directory. */
int cli_is_document_name(const char *name);
/* "skipped: a.doc: ..." lines on f, as the text report writes them (for
 * the commands whose output is not a report: review). */
void cli_inputs_report_skipped(FILE *f, const cli_inputs *in);

/* --- folders of outputs (cli_folder.c) --- */

/* Writes the folder dir/name as a whole: fill(ctx, tmp) writes its files
 * into a new folder beside it, which then replaces dir/name (the old one,
 * flat, is removed). Returns 0, or -1 after an error line
 * ("output-unwritable"); dir/name is then as it was. */
int cli_folder_write(const char *dir, const char *name,
                     int (*fill)(void *ctx, const char *folder), void *ctx);
/* Whether the file at path lies directly in the folder dir/name (which
 * cli_folder_write would remove). */
int cli_folder_holds(const char *dir, const char *name, const char *path);

/* --- rule sets per configuration (cli_profile.c) --- */

struct ml_config;

/* What applies to a document: a rule set and the thresholds, built from
 * the built-in rules, a configuration file and the command line. */
typedef struct cli_profile {
	char *config_path;        /* the file, or NULL for none */
	struct ml_config *config; /* NULL for none */
	ml_rules *rules;
	ml_severity fail_on, min_severity;
	ml_lint_opts lint;        /* rules, thresholds, limits */
} cli_profile;

typedef struct cli_profiles {
	cli_profile *v;
	size_t n;
	char *last_dir;    /* the directory of the last lookup, and its */
	size_t last_index; /* profile: inputs come grouped by directory */
} cli_profiles;

/* The profile for the document at path ("-": the current directory),
 * loading and caching it in ps; *out is its index. Returns 0, or 2 after
 * printing the error (a bad configuration or rule file); after a failure
 * ps is only good for cli_profiles_free. */
int cli_profile_for(cli_profiles *ps, const cli_args *a, const char *path,
                    size_t *out);
void cli_profiles_free(cli_profiles *ps);

/* --baseline FILE into *out (NULL without the option; caller frees).
 * Returns 0, or 2 after the error line. */
int cli_baseline_load(const cli_args *a, ml_baseline **out);
/* After a run against b (NULL: none): a warning on stderr when the
 * baseline matched nothing (none of the documents is in it, or none of
 * their findings); then frees b. */
void cli_baseline_done(const cli_args *a, ml_baseline *b);

/* --- informational commands (cli_rules.c) --- */

int cli_list_rules(const cli_profile *p);
int cli_explain(const cli_profile *p, const char *id);
int cli_test_rules(const cli_profile *p);
int cli_print_config(const cli_profile *p, const cli_args *a);

struct ml_memo_opts;
/* The memo's options: the command line, else the <memo> of p's
 * configuration; min_severity is p's (cli_review.c). */
void cli_memo_opts(const cli_args *a, const cli_profile *p,
                   struct ml_memo_opts *o);

/* --- outputs and baselines of check (cli_outputs.c) --- */

typedef struct cli_sink cli_sink;

/* Where `marklint check` writes: its --format on standard output, each
 * --output file, and the baselines. */
typedef struct cli_outputs {
	const cli_args *a;
	cli_sink *v;                 /* owned */
	size_t n;
	ml_baseline *baseline;       /* --baseline, owned */
	ml_baseline *record;         /* --write-baseline, owned */
	ml_summary sum;              /* of every document added */
} cli_outputs;

/* Checks the --output/--baseline options (an output that is an input is
 * refused), loads the baseline, creates the temporary files and starts
 * the writers (fmt on standard output), before any document is read.
 * Returns 0, or 2 after an error line (nothing is left behind). */
int cli_outputs_open(cli_outputs *o, const cli_args *a, const cli_inputs *in,
                     ml_report_format fmt, const ml_writer_opts *wo);
/* Sets the baselines of lo (what a document is linted against). */
void cli_outputs_lint_opts(const cli_outputs *o, ml_lint_opts *lo);
/* Counts a result and writes it to every output. */
void cli_outputs_add(cli_outputs *o, const ml_result *r);
/* Ends every output with the summary, puts the files in place, writes
 * the baselines; frees o. Returns 0, or 2 when something could not be
 * written. */
int cli_outputs_close(cli_outputs *o);
/* Drops everything (temporary files removed); frees o. */
void cli_outputs_abort(cli_outputs *o);

#endif
