/* cli_serve.c - `marklint serve`: the options into ml_serve_opts (the
 * token and the TLS files read here, once), the rule set of the current
 * directory's profile as `check -` would use it, then ml_serve_run until
 * SIGTERM. */
#include "cli.h"
#include "marklint_serve.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define S_SMALL_MAX (1 << 20) /* bytes of a token or PEM file */

typedef struct S_opts {
	const char *listen;   /* --listen ADDR:PORT, or NULL */
	const char *token_file, *tls_cert, *tls_key; /* FILEs, or NULL */
	unsigned jobs;        /* -j N; 0: the number of cores */
	int has_queue;        /* --queue was given (0 is a value) */
	unsigned queue, max_connections, timeout, request_timeout;
	uint64_t max_memory;  /* 0: the default */
} S_opts;

enum {
	S_FAIL_ON, S_JOBS, S_QUEUE, S_MAX_CONNECTIONS, S_TIMEOUT,
	S_REQUEST_TIMEOUT
};

static const cli_option S_options[] = {
	{"listen", 0, ARG_STRING, CLI_TEXT(S_opts, listen), "ADDR:PORT",
	 "where to listen (default 127.0.0.1:8080; port 0: any free one)"},
	{"token-file", 0, ARG_STRING, CLI_TEXT(S_opts, token_file), "FILE",
	 "every request needs Authorization: Bearer TOKEN (the file's first "
	 "line); required off the loopback"},
	{"tls-cert", 0, ARG_STRING, CLI_TEXT(S_opts, tls_cert), "FILE",
	 "HTTPS with this PEM certificate chain"},
	{"tls-key", 0, ARG_STRING, CLI_TEXT(S_opts, tls_key), "FILE",
	 "the PEM private key of --tls-cert"},
	{"jobs", 'j', ARG_COUNT, CLI_ID(S_JOBS), "N",
	 "check N documents at a time (default: the number of cores)"},
	{"queue", 0, ARG_COUNT, CLI_ID(S_QUEUE), "N",
	 "requests that may wait for a worker; more get 503 (default 64)"},
	{"max-connections", 0, ARG_COUNT, CLI_ID(S_MAX_CONNECTIONS), "N",
	 "most open connections (default 64)"},
	{"timeout", 0, ARG_COUNT, CLI_ID(S_TIMEOUT), "SECONDS",
	 "close a connection idle this long (default 30)"},
	{"request-timeout", 0, ARG_COUNT, CLI_ID(S_REQUEST_TIMEOUT), "SECONDS",
	 "close a connection whose body takes longer (default 120)"},
	{"max-memory", 0, ARG_SIZE, CLI_U64(S_opts, max_memory), "SIZE",
	 "most bytes of documents held at once; more get 503 (default 256M)"},
	{"fail-on", 0, ARG_STRING, CLI_ID(S_FAIL_ON), "SEVERITY",
	 "a JUnit test case fails on a finding at or above error (default), "
	 "warning or info"},
};

/* The numbers that must not be 0. */
static int S_positive(cli_args *a, const cli_option *opt, uint64_t n,
                      unsigned *out)
{
	if (n < 1 || n > 1000000)
		return cli_usage_error(a, "--%s must be 1 to 1000000",
		                       opt->name);
	*out = (unsigned)n;
	return 0;
}

static int S_apply(cli_args *a, const cli_option *opt, const char *value,
                   uint64_t n)
{
	S_opts *o = a->opts;

	switch (opt->id) {
	case S_FAIL_ON: return cli_fail_on_value(a, opt, value);
	case S_JOBS: return cli_jobs_value(a, n, &o->jobs);
	case S_QUEUE:
		o->queue = (unsigned)n;
		o->has_queue = 1;
		break;
	case S_MAX_CONNECTIONS:
		return S_positive(a, opt, n, &o->max_connections);
	case S_TIMEOUT: return S_positive(a, opt, n, &o->timeout);
	default: return S_positive(a, opt, n, &o->request_timeout);
	}
	return 0;
}

static const cli_optset S_set = {
	S_options, sizeof S_options / sizeof S_options[0], S_apply,
	CLI_IN_OPTS
};

/* The whole of a small file (a token, a PEM file) into *out (caller
 * frees). Returns 0, or 2 after an error line. */
static int S_read_small(const char *opt, const char *path, char **out)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *buf;
	size_t n;

	if (f && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		f = NULL;
		errno = EISDIR;
	}
	if (!f) {
		int e = errno;
		fprintf(stderr, "%s: error: %s%s (%s) [%s]\n", path,
		        e == ENOENT || e == ENOTDIR ? "no such file" :
		        e == EISDIR ? "is a directory" : "cannot read: ",
		        e == ENOENT || e == ENOTDIR || e == EISDIR ? "" :
		        strerror(e), opt,
		        e == ENOENT || e == ENOTDIR ? "io-not-found" :
		        e == EISDIR ? "io-directory" : "io-unreadable");
		return 2;
	}
	buf = ml_xmalloc(S_SMALL_MAX + 1);
	n = fread(buf, 1, S_SMALL_MAX + 1, f);
	if (ferror(f) || n > S_SMALL_MAX) {
		fprintf(stderr, "%s: error: %s (%s) [%s]\n", path,
		        ferror(f) ? "read error" : "larger than 1M", opt,
		        ferror(f) ? "io-unreadable" : "limit-file-size");
		fclose(f);
		free(buf);
		return 2;
	}
	fclose(f);
	buf[n] = '\0';
	*out = buf;
	return 0;
}

/* The token: the file's first line, without trailing space. It must be
 * printable ASCII without spaces (it travels in a header). */
static int S_token(const char *path, char **out)
{
	struct stat st;
	char *t, *p;

	if (S_read_small("--token-file", path, &t))
		return 2;
	t[strcspn(t, "\r\n")] = '\0';
	for (p = t + strlen(t); p > t && (p[-1] == ' ' || p[-1] == '\t'); p--)
		p[-1] = '\0';
	for (p = t; *p; p++)
		if (*p <= ' ' || *p >= 0x7f)
			break;
	if (!*t || *p) {
		fprintf(stderr, "%s: error: the token must be one line of "
		        "printable ASCII without spaces [token-invalid]\n",
		        path);
		free(t);
		return 2;
	}
	if (strlen(t) < 16)
		fprintf(stderr, "%s: warning: a token of %zu characters is "
		        "easy to guess; use 32 or more (openssl rand -hex "
		        "32)\n", path, strlen(t));
	if (stat(path, &st) == 0 && (st.st_mode & 077))
		fprintf(stderr, "%s: warning: other users may read the token "
		        "(chmod 600)\n", path);
	*out = t;
	return 0;
}

static unsigned S_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

/* The options of the command line into so (strings borrowed). */
static void S_serve_opts(const cli_args *a, const ml_profile *p,
                         ml_serve_opts *so)
{
	const S_opts *o = a->opts;
	uint64_t max;

	ml_serve_opts_default(so);
	so->listen = o->listen;
	/* the profile's rules, thresholds and limits; serve's own default
	 * of --max-file-size unless one was given */
	max = so->lint.limits.max_file_size;
	so->lint = *ml_profile_lint_opts(p);
	if (!a->has_max_file_size)
		so->lint.limits.max_file_size = max;
	/* the memo's blocks from the configuration's <memo> */
	cli_memo_opts(a, p, &so->memo);
	so->jobs = o->jobs ? o->jobs : S_cores();
	if (o->has_queue)
		so->queue = o->queue;
	if (o->max_connections)
		so->max_connections = o->max_connections;
	if (o->timeout)
		so->timeout = o->timeout;
	if (o->request_timeout)
		so->request_timeout = o->request_timeout;
	if (o->max_memory)
		so->max_memory = o->max_memory;
}

static int S_runs_bare(const cli_args *a)
{
	return 1; /* documents come in requests */
}

static int S_run(const cli_args *a)
{
	const S_opts *o = a->opts;
	cli_profiles ps;
	ml_serve_opts so;
	ml_baseline *b = NULL;
	ml_error err;
	char *token = NULL, *cert = NULL, *key = NULL;
	size_t idx;
	int status = 2;

	if (a->npaths)
		return cli_usage_error(a, "serve takes no PATH: documents come "
		                       "in requests");
	if (!o->tls_cert != !o->tls_key)
		return cli_usage_error(a, "--tls-cert and --tls-key go "
		                       "together");
	memset(&ps, 0, sizeof ps);
	memset(&err, 0, sizeof err);
	if ((o->token_file && S_token(o->token_file, &token)) ||
	    (o->tls_cert && (S_read_small("--tls-cert", o->tls_cert, &cert) ||
	                     S_read_small("--tls-key", o->tls_key, &key))) ||
	    cli_profile_for(&ps, a, "-", &idx) || cli_baseline_load(a, &b))
		goto cleanup;
	S_serve_opts(a, ps.v[idx], &so);
	so.lint.baseline = b;
	so.token = token;
	so.tls_cert = cert;
	so.tls_key = key;
	if (ml_serve_run(&so, &err) < 0)
		fprintf(stderr, "marklint: error: %s [%s]\n", err.message,
		        err.code);
	else
		status = 0;
cleanup:
	if (key) /* the private key does not linger in freed memory */
		memset(key, 0, strlen(key));
	free(key);
	free(cert);
	free(token);
	ml_baseline_free(b);
	cli_profiles_free(&ps);
	return status;
}

const cli_command cli_serve_command = {
	"serve", "marklint serve [options]",
	"serve the page and the HTTP API (check, annotate, review)",
	{&S_set, &cli_profile_options, &cli_limit_options, NULL},
	sizeof(S_opts), "PATH", S_runs_bare, S_run, NULL,
};
