/* cli_serve.c - `marklint serve`: the options into ml_serve_opts (the
 * token and the TLS files read here, once), the rule set of the current
 * directory's profile as `check -` would use it, then ml_serve_run until
 * SIGTERM. */
#include "cli.h"
#include "ml_buf.h"
#include "ml_file.h"
#include "ml_serve.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The whole of a small file (a token, a PEM file) into *out (caller
 * frees). Returns 0, or 2 after an error line. */
static int S_read_small(const char *opt, const char *path, char **out)
{
	ml_buf b;
	ml_error err;

	ml_buf_init(&b, 1 << 20);
	if (ml_file_read(path, 1 << 20, &b, &err) < 0) {
		fprintf(stderr, "%s: error: %s (%s) [%s]\n", path, err.message,
		        opt, err.code);
		ml_buf_free(&b);
		return 2;
	}
	*out = ml_buf_detach(&b, NULL);
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

/* The options of the command line into o (strings borrowed from a). */
static void S_opts(const cli_args *a, const cli_profile *p,
                   ml_serve_opts *o)
{
	uint64_t max;

	ml_serve_opts_default(o);
	o->listen = a->listen;
	/* the profile's rules, thresholds and limits; serve's own default
	 * of --max-file-size unless one was given */
	max = o->lint.limits.max_file_size;
	o->lint = p->lint;
	if (!a->has_max_file_size)
		o->lint.limits.max_file_size = max;
	o->jobs = a->jobs ? a->jobs : S_cores();
	if (a->has_queue)
		o->queue = a->queue;
	if (a->max_connections)
		o->max_connections = a->max_connections;
	if (a->timeout)
		o->timeout = a->timeout;
	if (a->request_timeout)
		o->request_timeout = a->request_timeout;
	if (a->max_memory)
		o->max_memory = a->max_memory;
}

int cli_serve(const cli_args *a)
{
	cli_profiles ps;
	ml_serve_opts o;
	ml_error err;
	char *token = NULL, *cert = NULL, *key = NULL;
	size_t idx;
	int status = 2;

	if (a->npaths) {
		fprintf(stderr, "marklint: serve takes no PATH: documents "
		        "come in requests (marklint serve --help)\n");
		return 2;
	}
	if (!a->tls_cert != !a->tls_key) {
		fprintf(stderr, "marklint: --tls-cert and --tls-key go "
		        "together (marklint serve --help)\n");
		return 2;
	}
	memset(&ps, 0, sizeof ps);
	memset(&err, 0, sizeof err);
	if ((a->token_file && S_token(a->token_file, &token)) ||
	    (a->tls_cert && (S_read_small("--tls-cert", a->tls_cert, &cert) ||
	                     S_read_small("--tls-key", a->tls_key, &key))) ||
	    cli_profile_for(&ps, a, "-", &idx))
		goto cleanup;
	S_opts(a, &ps.v[idx], &o);
	o.token = token;
	o.tls_cert = cert;
	o.tls_key = key;
	if (ml_serve_run(&o, &err) < 0)
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
	cli_profiles_free(&ps);
	return status;
}
