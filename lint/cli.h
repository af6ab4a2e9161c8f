/* cli.h - the command line: one option table drives parsing and --help. */
#ifndef ML_CLI_H
#define ML_CLI_H

#include "marklint.h"

#include <stdio.h>

/* Commands, as bits so that an option can belong to several. */
enum {
	CMD_EXTRACT = 1 << 0,
	CMD_ALL = 0xFF
};

typedef enum cli_arg { ARG_NONE, ARG_STRING, ARG_SIZE, ARG_COUNT } cli_arg;

typedef enum cli_opt_id {
	OPT_HELP, OPT_VERSION, OPT_FORMAT,
	OPT_MAX_FILE_SIZE, OPT_MAX_PART_SIZE, OPT_MAX_TOTAL_SIZE, OPT_MAX_RATIO,
	OPT_MAX_ENTRIES, OPT_MAX_DEPTH, OPT_MAX_ENTITY_EXPANSION,
	OPT_MAX_ZIP_NESTING, OPT_MAX_PORTION_SIZE
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

typedef struct cli_args {
	const char *command;  /* "extract", ... */
	unsigned command_bit;
	int help, version;
	const char *format;   /* NULL: the command's default */
	ml_limits lim;
	char **paths;         /* borrowed from argv */
	int npaths;
} cli_args;

/* Parses argv; returns 0, or 2 after printing a one-line hint to stderr.
 * paths points into argv (not copied). */
int cli_parse(int argc, char **argv, cli_args *out);
void cli_usage(FILE *f, const cli_args *a);

int cli_extract(const cli_args *a);

/* Prints "PATH: error: MESSAGE [CODE]" on stderr. */
void cli_report_error(const char *path, const ml_error *err);

#endif
