/* cli.h - the marklint command, on the public API only (marklint.h: the
 * build refuses any other header of lint/ here).
 *
 * A table of commands (main.c), each with its own option sets and
 * handler in its own file; one parser and --help over the sets
 * (cli_opts.c); the inputs (cli_walk.c), the profile of each directory
 * (cli_profile.c), an ordered pool of threads (cli_pool.c) and check's
 * outputs (cli_outputs.c). */
#ifndef ML_CLI_H
#define ML_CLI_H

#include "marklint.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* --- options and commands (cli_opts.c, main.c) --- */

typedef enum cli_arg { ARG_NONE, ARG_STRING, ARG_SIZE, ARG_COUNT } cli_arg;

typedef struct cli_args cli_args;

/* Where an option's value goes: to its set's apply function, or straight
 * into a field of the set's struct (cli_optset.in), which the option
 * names with one of the CLI_FLAG... macros below. */
typedef enum cli_store {
	CLI_APPLY,
	CLI_STORE_FLAG,   /* int: 1 */
	CLI_STORE_TEXT,   /* const char *: the value, borrowed from argv */
	CLI_STORE_U32,    /* uint32_t: the number (ARG_COUNT) */
	CLI_STORE_U64     /* uint64_t: the number (ARG_SIZE, ARG_COUNT) */
} cli_store;

/* One option of a set. Where its value goes is written once, by one of
 * the macros below: CLI_ID(ID), to the set's apply function with the
 * set's own ID; CLI_FLAG(T, m) and the like, into member m of the set's
 * struct T. */
typedef struct cli_option {
	const char *name;   /* long name, without "--" */
	char short_name;    /* 0 when none */
	cli_arg arg;
	cli_store store;
	size_t id;          /* CLI_APPLY: the set's ID; else m's offset */
	const char *metavar;
	const char *help;
} cli_option;

/* The build fails when member m of T is not of the type the store
 * writes. */
#define CLI_FIELD_(T, m, type) \
	offsetof(T, m) + 0 * sizeof(_Generic(((T *)0)->m, type: 1))
#define CLI_ID(id) CLI_APPLY, (size_t)(id)
#define CLI_FLAG(T, m) CLI_STORE_FLAG, CLI_FIELD_(T, m, int)
#define CLI_TEXT(T, m) CLI_STORE_TEXT, CLI_FIELD_(T, m, const char *)
#define CLI_U32(T, m) CLI_STORE_U32, CLI_FIELD_(T, m, uint32_t)
#define CLI_U64(T, m) CLI_STORE_U64, CLI_FIELD_(T, m, uint64_t)

/* Which struct a set's stored options write into. */
typedef enum cli_in {
	CLI_IN_OPTS,   /* the command's own (cli_args.opts) */
	CLI_IN_ARGS,   /* cli_args itself */
	CLI_IN_LIMITS  /* cli_args.lim */
} cli_in;

/* A set of options and how one applies: value is its string (NULL for
 * ARG_NONE), n its number (ARG_SIZE, ARG_COUNT). Returns 0, or 2 after
 * a one-line hint (cli_usage_error). NULL when every option is stored. */
typedef struct cli_optset {
	const cli_option *v;
	size_t n;
	int (*apply)(cli_args *a, const cli_option *o, const char *value,
	             uint64_t n);
	cli_in in;    /* where its stored options write */
} cli_optset;

/* Sets several commands share: the limits of marklint(1), LIMITS; what
 * builds a profile (configuration, rule files, --min-severity,
 * --baseline). Every command also takes --help and --version. */
extern const cli_optset cli_limit_options;
extern const cli_optset cli_profile_options;
/* -f text|json, into cli_args.format (extract, marking). */
extern const cli_optset cli_text_json_options;
/* The memo's blocks (review, audit): --memo-for (--for), --from,
 * --signature, --date, into cli_args.memo_*. */
extern const cli_optset cli_memo_options;

typedef struct cli_command {
	const char *name;
	const char *synopsis;
	const char *summary;
	const cli_optset *sets[6];  /* its options, NULL-terminated */
	size_t opts_size;           /* its own options (cli_args.opts) */
	const char *operand;        /* "PATH", "FILE", "STRING" */
	/* whether it runs without an operand (check --list-rules); NULL:
	 * never */
	int (*runs_bare)(const cli_args *a);
	int (*run)(const cli_args *a);
	/* frees what its options allocated (not opts itself); NULL: none */
	void (*free_opts)(void *opts);
} cli_command;

extern const cli_command cli_check_command, cli_extract_command,
    cli_audit_command, cli_review_command, cli_marking_command,
    cli_annotate_command, cli_fix_command, cli_serve_command;

struct cli_args {
	const cli_command *cmd;
	int explicit_command; /* the command was named (else check) */
	int help, version;
	char **paths;         /* operands, borrowed from argv */
	int npaths;
	ml_limits lim;
	int has_max_file_size; /* --max-file-size was given */
	/* cli_profile_options */
	const char *config;   /* --config FILE, or NULL */
	int no_config;
	ml_rulefile *rulefiles; /* --rules, --authorities, --lanes (owned) */
	size_t nrulefiles;
	int has_fail_on, has_min_severity;
	ml_severity fail_on, min_severity;
	const char *baseline; /* --baseline FILE, or NULL */
	const char *format;   /* cli_text_json_options: "json", or NULL */
	/* cli_memo_options: NULL when not given */
	const char *memo_for, *memo_from, *memo_signature, *memo_date;
	void *opts;           /* the command's own (cmd->opts_size bytes,
	                         owned) */
};

/* Parses argv for the command table; returns 0, or 2 after a one-line
 * hint on stderr (an unknown command, option or value). Release with
 * cli_args_free, even after a failure. */
int cli_parse(int argc, char **argv, cli_args *out);
void cli_args_free(cli_args *a);
/* --help: the command's synopsis and its options only; without a
 * command, every command and the options of check. */
void cli_usage(FILE *f, const cli_args *a);
/* "marklint: MESSAGE (marklint [COMMAND] --help)" on stderr; returns 2. */
int cli_usage_error(const cli_args *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A severity option's value (error, warning, info), or 2 after a hint. */
int cli_severity_value(cli_args *a, const cli_option *o, const char *v,
                       ml_severity *out);
/* --fail-on SEVERITY into cli_args.fail_on (check, serve: each with its
 * own help); 0, or 2 after a hint. */
int cli_fail_on_value(cli_args *a, const cli_option *o, const char *v);
/* -j N, 1 to 1024 (check, audit, serve); 0, or 2 after a hint. */
int cli_jobs_value(cli_args *a, uint64_t n, unsigned *out);

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

/* How a folder is walked. */
typedef struct cli_walk_opts {
	int follow_symlinks;        /* follow links inside directories */
	const char *const *include; /* fnmatch globs; none: every document */
	size_t ninclude;
	const char *const *exclude; /* files and directories left out */
	size_t nexclude;
} cli_walk_opts;

/* Expands PATHs: a directory is walked (sorted, recursive, hidden entries
 * skipped silently; symlinks, other types of file and legacy .doc files
 * skipped and listed in skipped with why); anything else (a file, "-", a
 * missing path) is kept as given. A directory that cannot be read gets
 * "PATH: error: ..." on stderr and makes the result 2; otherwise 0. Free
 * with cli_inputs_free. */
int cli_inputs_collect(char *const *paths, int npaths, cli_inputs *out);
void cli_inputs_free(cli_inputs *in);
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

/* --- outputs written whole: a file, a folder (cli_folder.c) --- */

/* Writes the file path whole through the atomic writer (ml_atomic_open,
 * marklint.h): fill(ctx, f, path) writes the content into f and returns
 * 0, or 2 after its own error line; then the file replaces path
 * (replace), or takes its place when there is none ("output-exists"
 * otherwise). Returns 0, or 2 after the error line (fill's, or
 * "PATH: error: ..." of the writer); path is then as it was. */
int cli_write_file(const char *path, int replace,
                   int (*fill)(void *ctx, FILE *f, const char *path),
                   void *ctx);
/* Which file an error of a writer that reads input (annotate, fix)
 * concerns: out when the output could not be written, else input. */
const char *cli_error_file(const ml_error *err, const char *input,
                           const char *out);


/* Writes the folder dir/name as a whole: fill(ctx, tmp) writes its files
 * into a new folder beside it, which then replaces dir/name (the old one,
 * flat, is removed). Returns 0, or -1 after an error line
 * ("output-unwritable"); dir/name is then as it was. */
int cli_folder_write(const char *dir, const char *name,
                     int (*fill)(void *ctx, const char *folder), void *ctx);
/* Whether the file at path lies directly in the folder dir/name (which
 * cli_folder_write would remove). */
int cli_folder_holds(const char *dir, const char *name, const char *path);

/* --- profiles per configuration (cli_profile.c) --- */

typedef struct cli_profiles {
	ml_profile **v;    /* owned */
	char **config;     /* the configuration of each (owned, or NULL) */
	size_t n;
	char *last_dir;    /* the directory of the last lookup, and its */
	size_t last_index; /* profile: inputs come grouped by directory */
} cli_profiles;

/* The profile for the document at path ("-": the current directory):
 * the configuration found from its directory (or --config, or none),
 * built once per configuration; *out is its index. Returns 0, or 2 after
 * printing the error (a bad configuration or rule file). */
int cli_profile_for(cli_profiles *ps, const cli_args *a, const char *path,
                    size_t *out);
void cli_profiles_free(cli_profiles *ps);

/* --baseline FILE into *out (NULL without the option; caller frees).
 * Returns 0, or 2 after the error line. */
int cli_baseline_load(const cli_args *a, ml_baseline **out);
/* After a run against b (NULL: none): a warning on stderr when the
 * baseline matched nothing (none of the documents is in it, or none of
 * their findings, unless it was pruned); then frees b. */
void cli_baseline_done(const cli_args *a, ml_baseline *b, int pruned);
/* The memo's options: the command line (cli_memo_options), else the
 * <memo> of p's configuration; min_severity is p's (p NULL: no
 * configuration, the defaults of ml_memo_opts_default). */
void cli_memo_opts(const cli_args *a, const ml_profile *p,
                   ml_memo_opts *o);

/* --- an ordered pool of threads (cli_pool.c) --- */

/* n items worked on jobs threads, folded in index order: whatever the
 * scheduling, fold sees 0, 1, 2... so output and totals are those of one
 * thread. A worker never runs more than a small window ahead of fold, so
 * memory holds a few items, not all. */
typedef struct cli_pool {
	size_t n;
	unsigned jobs;      /* 1: everything on the calling thread */
	/* on a worker, with its own scratch: item i (owned by fold) */
	void *(*work)(void *ctx, size_t i, ml_scratch *s);
	/* one at a time, in index order */
	void (*fold)(void *ctx, size_t i, void *item);
	void *ctx;
	int progress;       /* "12/2000 documents, 85.3/s, 0:23 left" */
	/* private */
	int shown;          /* the progress line is on screen */
	double start, last;
} cli_pool;

/* Runs the pool to its end. */
void cli_pool_run(cli_pool *p);
/* For fold, before it writes to a terminal: clears the progress line. */
void cli_pool_quiet(cli_pool *p);
/* -j N, or the number of cores for 0, at most n (at least 1). */
unsigned cli_pool_jobs(unsigned asked, size_t n);

/* --- check's outputs and baselines (cli_outputs.c) --- */

typedef struct cli_sink cli_sink;

/* What check's outputs need of its options. */
typedef struct cli_output_opts {
	ml_report_format format;     /* on standard output */
	const char *const *outputs;  /* --output FORMAT=FILE values */
	size_t noutputs;
	const char *write_baseline;  /* --write-baseline FILE, or NULL */
	int prune_baseline;
	int color;                   /* text on standard output */
	ml_excerpts excerpts;        /* document text in the outputs */
} cli_output_opts;

/* Where `marklint check` writes: its --format on standard output, each
 * --output file, and the baselines. */
typedef struct cli_outputs {
	const cli_args *a;
	const cli_output_opts *oo;
	cli_sink *v;                 /* owned */
	size_t n;
	ml_baseline *baseline;       /* --baseline, owned */
	ml_baseline *record;         /* --write-baseline, owned */
	ml_summary sum;              /* of every document added */
} cli_outputs;

/* Checks the --output/--baseline options (an output that is an input is
 * refused), loads the baseline, creates the temporary files and starts
 * the writers, before any document is read. rules: SARIF's. Returns 0,
 * or 2 after an error line (nothing is left behind). */
int cli_outputs_open(cli_outputs *o, const cli_args *a,
                     const cli_output_opts *oo, const cli_inputs *in,
                     const ml_rules *rules);
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
