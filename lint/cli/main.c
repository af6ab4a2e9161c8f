/* main.c - the marklint command: parse options, run a command, exit. */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

/* Output that could not be written is an error (exit 2), not a silent
 * truncation: a pipeline must not take half a report for a whole one. */
static int S_close_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		fprintf(stderr, "marklint: error writing standard output: %s\n",
		        strerror(errno ? errno : EIO));
		return 2;
	}
	return status;
}

/* Whether the check command was asked for something other than PATHs. */
static int S_informational(const cli_args *a)
{
	return a->list_rules || a->explain || a->test_rules ||
	       a->print_config;
}

/* --version: the version on the first line (for scripts), then how this
 * build was made. */
static void S_version(void)
{
	ml_build_info b;

	ml_build_info_get(&b);
	printf("marklint %s\n", b.version);
	if (*b.licence)
		printf("licence: %s\n", b.licence);
	if (b.pdf)
		printf("PDF: %s\n", b.pdf);
	else
		printf("PDF: not supported by this build (MARKLINT_PDF=OFF): "
		       "PDF files are not read\n");
	printf("pattern JIT: %s (PCRE2 %s)\n", b.jit ? "on" :
	       "off, patterns are interpreted", b.pcre2);
	printf("libraries: libxml2 %s, libzip %s, jansson %s\n", b.libxml2,
	       b.libzip, b.jansson);
	printf("rules: built in; installed copies of markings/: %s\n",
	       *b.datadir ? b.datadir : "none");
}

static int S_run(int argc, char **argv, cli_args *a)
{
	int status;

	status = cli_parse(argc, argv, a);
	if (status)
		return status;
	if (a->help) {
		cli_usage(stdout, a);
		return S_close_stdout(0);
	}
	if (a->version) {
		S_version();
		return S_close_stdout(0);
	}
	if (argc < 2) {
		cli_usage(stderr, a);
		return 2;
	}
	if (a->npaths == 0 && a->command_bit != CMD_SERVE &&
	    !(a->command_bit == CMD_CHECK && S_informational(a)) &&
	    !(a->command_bit == CMD_AUDIT && a->files_from)) {
		fprintf(stderr, "marklint: %s needs at least one %s "
		        "(marklint %s --help)\n", a->command,
		        a->command_bit == CMD_CHECK ? "PATH" :
		        a->command_bit == CMD_MARKING ? "STRING" : "FILE",
		        a->command);
		return 2;
	}
	ml_init();
	errno = 0;
	if (a->command_bit == CMD_CHECK)
		status = cli_check(a);
	else if (a->command_bit == CMD_AUDIT)
		status = cli_audit(a);
	else if (a->command_bit == CMD_REVIEW)
		status = cli_review(a);
	else if (a->command_bit == CMD_MARKING)
		status = cli_marking(a);
	else if (a->command_bit == CMD_ANNOTATE)
		status = cli_annotate(a);
	else if (a->command_bit == CMD_SERVE)
		status = cli_serve(a);
	else
		status = cli_extract(a);
	return S_close_stdout(status);
}

int main(int argc, char **argv)
{
	cli_args a;
	int status;

	/* a closed pipe is a write error (EPIPE) that we report, not a
	 * silent death by signal */
	signal(SIGPIPE, SIG_IGN);
	status = S_run(argc, argv, &a);
	cli_args_free(&a);
	return status;
}
