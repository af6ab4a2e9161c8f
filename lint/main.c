/* main.c - the marklint command: parse options, run a command, exit. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Output that could not be written is an error (exit 2), not a silent
 * truncation: a pipeline must not take half a report for a whole one. */
static int S_close_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		fprintf(stderr, "marklint: error writing standard output: %s\n",
		        strerror(errno));
		return 2;
	}
	return status;
}

int main(int argc, char **argv)
{
	cli_args a;
	int status;

	status = cli_parse(argc, argv, &a);
	if (status)
		return status;
	if (a.help) {
		cli_usage(stdout, &a);
		return S_close_stdout(0);
	}
	if (a.version) {
		printf("marklint %s\n", ml_version());
		return S_close_stdout(0);
	}
	if (!a.command) {
		cli_usage(stderr, &a);
		return 2;
	}
	if (a.npaths == 0) {
		fprintf(stderr, "marklint: %s needs at least one FILE "
		        "(marklint %s --help)\n", a.command, a.command);
		return 2;
	}
	ml_init();
	status = cli_extract(&a);
	return S_close_stdout(status);
}
