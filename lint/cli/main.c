/* main.c - the marklint command: parse the options of the command named
 * (cli_opts.c), run its handler, check standard output, exit. */
#include "cli.h"
#include "marklint_serve.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

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

/* marklint with no argument at all: one line, not the whole usage (a
 * pipeline that forgot "-" sees what to do). */
static int S_nothing(void)
{
	if (!isatty(STDIN_FILENO))
		fputs("marklint: no PATH given; to check standard input, "
		      "give '-': ... | marklint check - (marklint --help)\n",
		      stderr);
	else
		fputs("marklint: no PATH given: marklint check PATH... "
		      "(marklint --help for every command)\n", stderr);
	return 2;
}

/* --version: the version on the first line (for scripts), then how this
 * build was made. */
static void S_version(void)
{
	ml_build_info b;
	char serve[96];

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
	ml_serve_library(serve, sizeof serve);
	printf("serve: %s\n", serve);
	printf("rules: built in; installed copies of markings/: %s\n",
	       *b.datadir ? b.datadir : "none");
}

static int S_run(int argc, char **argv, cli_args *a)
{
	int status;

	if (argc < 2)
		return S_nothing();
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
	if (a->npaths == 0 && !(a->cmd->runs_bare && a->cmd->runs_bare(a)))
		return cli_usage_error(a, "%s needs at least one %s",
		                       a->cmd->name, a->cmd->operand);
	ml_init();
	errno = 0;
	return S_close_stdout(a->cmd->run(a));
}

/* Documents are checked one after another in one process, each with
 * the same large blocks (the XML parser's buffers, the marking reader's,
 * the report's): by glibc's defaults free memory over 128 KB at the top
 * of the heap goes back to the kernel, and so do blocks from 128 KB up
 * (mapped on their own, a threshold glibc then moves), so every document
 * faulted the same pages in again: on the 50 prose DOCX about 5,200 page
 * faults more than with this, a few per cent of check's processor time
 * (perf: the kernel's page-fault path). Free memory up to 8 MB is kept
 * for the next document, and only blocks from 1 MB up are mapped on
 * their own. Peak memory grows a little (bench/run-mem.py, check: 100 MB
 * text 20.0 -> 20.8 MiB, 100 MB DOCX 20.0 -> 21.2 MiB, still flat). */
static void S_malloc_policy(void)
{
#if defined(__GLIBC__)
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
	mallopt(M_TRIM_THRESHOLD, 8 << 20);
#endif
}

int main(int argc, char **argv)
{
	cli_args a;
	int status;

	S_malloc_policy();
	/* a closed pipe is a write error (EPIPE) that we report, not a
	 * silent death by signal */
	signal(SIGPIPE, SIG_IGN);
	memset(&a, 0, sizeof a);
	status = S_run(argc, argv, &a);
	cli_args_free(&a);
	return status;
}
