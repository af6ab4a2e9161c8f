/* ml_pdf.c - runs the PDF reader child on one PDF (see ml_pdf.h).
 *
 * Why a child process: poppler is a large C++ parser of hostile input. In
 * its own process, under resource limits and seccomp (ml_sandbox.h), a
 * crash, a hang or an exhausted limit costs one document a one-line error
 * and never the run; the other documents are still checked.
 *
 * Why posix_spawn of a helper binary (marklint-pdf) rather than fork():
 * documents are read on several threads (audit -j, the library's users),
 * and a forked child of a threaded process may only call async-signal-
 * safe functions until it execs: poppler cannot run there. posix_spawn
 * (vfork and exec inside glibc) is safe from any thread, and every
 * descriptor marklint opens is close-on-exec, so the child gets only the
 * PDF (standard input), the pipe (standard output) and /dev/null
 * (standard error); it closes anything else a library user leaked.
 *
 * The helper is found, in order: $MARKLINT_PDF_HELPER; marklint-pdf
 * beside the running executable; the libexec path of an install, from
 * the executable's folder (a moved install, the .deb); the installed
 * libexec path; the build tree's (for the tests).
 *
 * The parent reads the records with poll() until a wall-clock deadline
 * (--max-pdf-seconds), then kills the child; exit statuses and signals
 * become the error codes of marklint(1), DIAGNOSTICS.
 */
#define _GNU_SOURCE 1 /* pipe2, SOCK_CLOEXEC: no window for a descriptor to
                        leak into another thread's child */
#include "ml_pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef ML_PDF_HELPER
#include "ml_pdfwire.h"

extern char **environ;

#define S_CHUNK (64 * 1024)

/* --- finding the helper --- */

static int S_executable(const char *path)
{
	return path && *path && access(path, X_OK) == 0;
}

/* The helper's path (caller frees), or NULL. */
static char *S_helper(void)
{
	const char *env = getenv("MARKLINT_PDF_HELPER");
	char self[PATH_MAX], *slash, *path;
	ssize_t n;

	if (env && *env)
		return S_executable(env) ? ml_xstrdup(env) : NULL;
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			size_t len = (size_t)(slash - self) + sizeof "/marklint-pdf";
			path = ml_xmalloc(len);
			snprintf(path, len, "%.*s/marklint-pdf",
			         (int)(slash - self), self);
			if (S_executable(path))
				return path;
			free(path);
#ifdef ML_PDF_HELPER_FROM_BIN
			/* an install, moved or packaged: PREFIX/bin/marklint
			 * runs PREFIX/libexec/marklint/marklint-pdf */
			len = (size_t)(slash - self) + sizeof "/" +
			      sizeof ML_PDF_HELPER_FROM_BIN;
			path = ml_xmalloc(len);
			snprintf(path, len, "%.*s/%s", (int)(slash - self), self,
			         ML_PDF_HELPER_FROM_BIN);
			if (S_executable(path))
				return path;
			free(path);
#endif
		}
	}
	if (S_executable(ML_PDF_HELPER))
		return ml_xstrdup(ML_PDF_HELPER);
#ifdef ML_PDF_HELPER_BUILD
	if (S_executable(ML_PDF_HELPER_BUILD))
		return ml_xstrdup(ML_PDF_HELPER_BUILD);
#endif
	return NULL;
}

const char *ml_pdf_support(void)
{
#ifdef ML_HAVE_SECCOMP
	return "poppler " ML_POPPLER_VERSION " (marklint-pdf: rlimits, seccomp)";
#else
	return "poppler " ML_POPPLER_VERSION " (marklint-pdf: rlimits)";
#endif
}

/* --- time --- */

static int64_t S_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int S_left_ms(int64_t deadline)
{
	int64_t left = deadline - S_now_ms();

	return left <= 0 ? 0 : left > INT_MAX ? INT_MAX : (int)left;
}

/* --- the child --- */

typedef struct S_run {
	ml_doc *doc;
	pid_t pid;
	int out;       /* the child's standard output, read end */
	int in;        /* the child's standard input, write end, or -1 */
	int64_t deadline;
	int timed_out;
} S_run;

/* The environment the child gets: none of the user's, except the
 * sanitizer options (the CI runs the suite under ASan and UBSan). */
static void S_env(char **env, size_t cap)
{
	static const char *const keep[] = {"ASAN_OPTIONS=", "UBSAN_OPTIONS=",
	                                   "LSAN_OPTIONS="};
	size_t n = 0, k;
	char **e;

	for (e = environ; e && *e && n + 1 < cap; e++)
		for (k = 0; k < sizeof keep / sizeof keep[0]; k++)
			if (strncmp(*e, keep[k], strlen(keep[k])) == 0)
				env[n++] = *e;
	env[n] = NULL;
}

static int S_spawn(S_run *r, const char *helper, int child_in, int child_out)
{
	const ml_limits *lim = ml_doc__limits(r->doc);
	char pages[24], memory[24], seconds[24], page[24];
	char *argv[] = {"marklint-pdf", "--max-pages", pages, "--max-memory",
	                memory, "--max-seconds", seconds,
	                "--max-page-seconds", page, NULL};
	char *env[8];
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, all;
	int rc;

	snprintf(pages, sizeof pages, "%u", lim->max_pages);
	snprintf(memory, sizeof memory, "%llu",
	         (unsigned long long)lim->max_pdf_memory);
	snprintf(seconds, sizeof seconds, "%u", lim->max_pdf_seconds);
	snprintf(page, sizeof page, "%u", lim->max_page_seconds);
	S_env(env, sizeof env / sizeof env[0]);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, child_in, STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, child_out, STDOUT_FILENO);
	if (!getenv("MARKLINT_PDF_DEBUG"))
		posix_spawn_file_actions_addopen(&fa, STDERR_FILENO,
		                                 "/dev/null", O_WRONLY, 0);
	/* the child starts with no blocked and no ignored signals, whatever
	 * the calling thread has */
	posix_spawnattr_init(&at);
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &all);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK |
	                               POSIX_SPAWN_SETSIGDEF);
	rc = posix_spawn(&r->pid, helper, &fa, &at, argv, env);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return ml_doc__fail(r->doc, ML_EIO, "pdf-reader-missing",
		                    "cannot run the PDF reader %s: %s", helper,
		                    strerror(rc));
	return 0;
}

/* Writes len bytes to the child's input before the deadline. */
static int S_send(S_run *r, const char *data, size_t len)
{
	while (len) {
		struct pollfd pf = {r->in, POLLOUT, 0};
		ssize_t n;
		int ready = poll(&pf, 1, S_left_ms(r->deadline));

		if (ready < 0 && errno == EINTR)
			continue;
		if (ready == 0) {
			r->timed_out = 1;
			return -1;
		}
		n = send(r->in, data, len, MSG_NOSIGNAL);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return -1; /* the child is gone: its status tells why */
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int S_feed_input(S_run *r, const char *head, size_t nhead,
                        ml_pdf_pull pull, void *ud)
{
	const char *chunk;
	long n;
	int rc = S_send(r, head, nhead);

	while (rc == 0 && pull && (n = pull(ud, &chunk)) > 0)
		rc = S_send(r, chunk, (size_t)n);
	close(r->in);
	r->in = -1;
	if (ml_doc__failed(r->doc))
		return ml_doc__err(r->doc)->status; /* the pull failed */
	return 0;
}

/* Reads the child's records until its output ends, the layout refuses
 * them, or the deadline passes. */
static int S_receive(S_run *r, ml_pdfdoc *pd)
{
	char *buf = ml_xmalloc(S_CHUNK);
	int rc = 0;

	for (;;) {
		struct pollfd pf = {r->out, POLLIN, 0};
		int ready = poll(&pf, 1, S_left_ms(r->deadline));
		ssize_t n;

		if (ready < 0 && errno == EINTR)
			continue;
		if (ready == 0) {
			r->timed_out = 1;
			break;
		}
		n = read(r->out, buf, S_CHUNK);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;
		if ((rc = ml_pdfdoc_feed(pd, buf, (size_t)n)) < 0)
			break;
	}
	free(buf);
	return rc;
}

/* Waits for the child until the deadline, then kills it. Returns its
 * wait status. */
static int S_reap(S_run *r, int kill_now)
{
	int status = 0;
	pid_t w;

	if (kill_now)
		kill(r->pid, SIGKILL);
	for (;;) {
		w = waitpid(r->pid, &status, WNOHANG);
		if (w == r->pid || (w < 0 && errno != EINTR))
			return status;
		if (w == 0 && S_left_ms(r->deadline) == 0) {
			r->timed_out = 1;
			kill(r->pid, SIGKILL);
			while (waitpid(r->pid, &status, 0) < 0 && errno == EINTR)
				;
			return status;
		}
		if (w == 0) {
			struct timespec ts = {0, 2 * 1000 * 1000};
			nanosleep(&ts, NULL);
		}
	}
}

static const char *S_signame(int sig)
{
	switch (sig) {
	case SIGSEGV: return "SIGSEGV";
	case SIGBUS: return "SIGBUS";
	case SIGABRT: return "SIGABRT";
	case SIGFPE: return "SIGFPE";
	case SIGILL: return "SIGILL";
	case SIGSYS: return "SIGSYS";
	case SIGTRAP: return "SIGTRAP";
	default: return "a signal";
	}
}

/* Turns how the child ended into the document's error, when the records
 * did not already give one. */
static int S_verdict(S_run *r, ml_pdfdoc *pd, int status)
{
	const ml_limits *lim = ml_doc__limits(r->doc);
	uint32_t page = ml_pdfdoc_page(pd);

	if (WIFEXITED(status) && WEXITSTATUS(status) == ML_PDFX_PAGE_TIME)
		return ml_doc__fail(r->doc, ML_ELIMIT, "limit-page-time",
		                    "page %u took more than %u s of processor "
		                    "time (--max-page-seconds)", page ? page : 1,
		                    lim->max_page_seconds);
	if (r->timed_out || (WIFSIGNALED(status) &&
	                     WTERMSIG(status) == SIGXCPU) ||
	    (WIFEXITED(status) && WEXITSTATUS(status) == ML_PDFX_TIME))
		return ml_doc__fail(r->doc, ML_ELIMIT, "limit-pdf-time",
		                    "reading took longer than %u s "
		                    "(--max-pdf-seconds), at page %u of %u",
		                    lim->max_pdf_seconds, page ? page : 1,
		                    ml_pdfdoc_pages(pd));
	if (ml_doc__failed(r->doc))
		return ml_doc__err(r->doc)->status;
	if (WIFEXITED(status) && WEXITSTATUS(status) == ML_PDFX_NOMEM)
		return ml_doc__fail(r->doc, ML_ELIMIT, "limit-pdf-memory",
		                    "reading needs more than %llu MiB "
		                    "(--max-pdf-memory), at page %u",
		                    (unsigned long long)(lim->max_pdf_memory >> 20),
		                    page ? page : 1);
	if (WIFSIGNALED(status))
		return ml_doc__fail(r->doc, ML_EFORMAT, "pdf-crash",
		                    "the PDF reader crashed (%s) at page %u: "
		                    "the file is damaged or hostile",
		                    S_signame(WTERMSIG(status)), page ? page : 1);
	if (!ml_pdfdoc_complete(pd) || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return ml_doc__fail(r->doc, ML_EFORMAT, "pdf-crash",
		                    "the PDF reader stopped (exit status %d) at "
		                    "page %u", WIFEXITED(status) ?
		                    WEXITSTATUS(status) : -1, page ? page : 1);
	return 0;
}

static void S_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

int ml_pdf_read(ml_doc *doc, int fd, const char *head, size_t nhead,
                ml_pdf_pull pull, void *ud)
{
	S_run r = {doc, -1, -1, -1, 0, 0};
	int out[2] = {-1, -1}, in[2] = {-1, -1}, child_in = fd, rc, status;
	struct stat st;
	ml_pdfdoc *pd;
	char *helper;

	ml_doc__set_format(doc, ML_FORMAT_PDF);
	helper = S_helper();
	if (!helper)
		return ml_doc__fail(doc, ML_EIO, "pdf-reader-missing",
		                    "the PDF reader marklint-pdf is not "
		                    "installed (looked beside marklint and in "
		                    "%s)", ML_PDF_HELPER);
	r.deadline = S_now_ms() + (int64_t)ml_doc__limits(doc)->max_pdf_seconds
	                          * 1000;
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    lseek(fd, 0, SEEK_SET) < 0) {
		/* a socket, not a pipe: send(MSG_NOSIGNAL) never raises
		 * SIGPIPE in the calling thread when the child dies */
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) < 0) {
			free(helper);
			return ml_doc__fail(doc, ML_EIO, "io-unreadable",
			                    "socketpair: %s", strerror(errno));
		}
		child_in = in[1];
		r.in = in[0];
	} else {
		head = NULL;
		nhead = 0;
		pull = NULL;
	}
	if (pipe2(out, O_CLOEXEC) < 0) {
		S_close(&in[0]);
		S_close(&in[1]);
		free(helper);
		return ml_doc__fail(doc, ML_EIO, "io-unreadable", "pipe: %s",
		                    strerror(errno));
	}
	rc = S_spawn(&r, helper, child_in, out[1]);
	free(helper);
	S_close(&out[1]);
	S_close(&in[1]);
	r.out = out[0];
	if (rc < 0) {
		S_close(&r.out);
		S_close(&r.in);
		return rc;
	}
	pd = ml_pdfdoc_new(doc);
	rc = r.in >= 0 ? S_feed_input(&r, head, nhead, pull, ud) : 0;
	if (rc == 0)
		rc = S_receive(&r, pd);
	S_close(&r.in);
	S_close(&r.out);
	status = S_reap(&r, rc < 0 || r.timed_out);
	rc = S_verdict(&r, pd, status);
	if (rc == 0)
		rc = ml_pdfdoc_finish(pd);
	ml_pdfdoc_free(pd);
	return rc;
}

#else /* built without PDF support (MARKLINT_PDF=OFF) */

const char *ml_pdf_support(void)
{
	return NULL;
}

int ml_pdf_read(ml_doc *doc, int fd, const char *head, size_t nhead,
                ml_pdf_pull pull, void *ud)
{
	(void)fd, (void)head, (void)nhead, (void)pull, (void)ud;
	ml_doc__set_format(doc, ML_FORMAT_PDF);
	return ml_doc__fail(doc, ML_EFORMAT, "pdf-unsupported",
	                    "a PDF file, and this marklint was built without "
	                    "PDF support (cmake -DMARKLINT_PDF=ON)");
}

#endif
