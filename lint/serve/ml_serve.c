/* ml_serve.c - `marklint serve`: the listening socket (loopback unless a
 * token is required), libmicrohttpd's daemon, the worker pool, and the
 * orderly stop on SIGTERM (see marklint_serve.h). */
#include "ml_serve_int.h"
#include "ml_err.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

void ml_serve_opts_default(ml_serve_opts *o)
{
	memset(o, 0, sizeof *o);
	o->jobs = 2;
	o->queue = 64;
	o->max_connections = 64;
	o->timeout = 30;
	o->request_timeout = 120;
	o->max_memory = (uint64_t)256 << 20;
	ml_lint_opts_default(&o->lint);
	o->lint.limits.max_file_size = (uint64_t)64 << 20;
	ml_memo_opts_default(&o->memo);
}

void ml_serve_library(char *buf, size_t n)
{
	static const char *const tls[2] = {", no TLS", ", TLS (GnuTLS)"};

	snprintf(buf, n, "libmicrohttpd %s%s", MHD_get_version(),
	         tls[MHD_is_feature_supported(MHD_FEATURE_TLS) == MHD_YES]);
}

/* --- the address --- */

typedef struct S_addr {
	struct sockaddr_storage ss;
	socklen_t len;
} S_addr;

/* "HOST:PORT" or "[V6]:PORT" into a, resolving a name (the first
 * address it has). Returns 0 or -1. */
static int S_resolve(const char *listen, S_addr *a)
{
	char host[256];
	const char *colon, *h = listen, *port;
	size_t hlen;
	struct addrinfo hints, *res = NULL;
	char *end;
	unsigned long pn;

	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');
		if (!close || close[1] != ':')
			return -1;
		h = listen + 1;
		hlen = (size_t)(close - h);
		port = close + 2;
	} else {
		colon = strrchr(listen, ':');
		if (!colon)
			return -1;
		hlen = (size_t)(colon - listen);
		port = colon + 1;
	}
	errno = 0;
	pn = strtoul(port, &end, 10);
	if (hlen == 0 || hlen >= sizeof host || !*port || *end || errno ||
	    pn > 65535)
		return -1;
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
	if (getaddrinfo(host, port, &hints, &res) != 0 || !res)
		return -1;
	memcpy(&a->ss, res->ai_addr, res->ai_addrlen);
	a->len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

static int S_loopback(const S_addr *a)
{
	if (a->ss.ss_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)&a->ss;
		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (a->ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)&a->ss;
		const unsigned char *b = in6->sin6_addr.s6_addr;
		if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr))
			return 1;
		return IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && b[12] == 127;
	}
	return 0;
}

/* "127.0.0.1:8080" or "[::1]:8080" of the bound socket. */
static void S_where(int fd, char *out, size_t n)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char host[INET6_ADDRSTRLEN] = "?";
	unsigned port = 0;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0) {
		if (ss.ss_family == AF_INET6) {
			struct sockaddr_in6 *in6 = (void *)&ss;
			inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
			port = ntohs(in6->sin6_port);
			snprintf(out, n, "[%s]:%u", host, port);
			return;
		}
		struct sockaddr_in *in = (void *)&ss;
		inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
		port = ntohs(in->sin_port);
	}
	snprintf(out, n, "%s:%u", host, port);
}

/* The listening socket, or -1 with err filled. */
static int S_listen(const ml_serve_opts *o, const char *where, ml_error *err)
{
	S_addr a;
	int fd, one = 1;

	if (S_resolve(where, &a) < 0) {
		ml_err(err, ML_EUSAGE, "listen-address", "--listen %s: not "
		      "ADDR:PORT (e.g. 127.0.0.1:8080, [::1]:8080)", where);
		return -1;
	}
	if (!o->token && !S_loopback(&a)) {
		ml_err(err, ML_EUSAGE, "listen-refused", "--listen %s is not a "
		      "loopback address: other hosts could send documents, "
		      "so --token-file is required", where);
		return -1;
	}
	fd = socket(a.ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    bind(fd, (struct sockaddr *)&a.ss, a.len) < 0 ||
	    listen(fd, 128) < 0) {
		ml_err(err, ML_EIO, "listen-failed", "--listen %s: %s", where,
		      strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* --- the daemon --- */

static void S_mhd_log(void *cls, const char *fmt, va_list ap)
{
	ml_serve_srv *s = cls;

	fputs("marklint: http: ", s->log);
	vfprintf(s->log, fmt, ap);
	fflush(s->log);
}

static struct MHD_Daemon *S_start(ml_serve_srv *s, int fd, int v6)
{
	const ml_serve_opts *o = s->o;
	struct MHD_OptionItem opts[12];
	size_t n = 0;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO |
	                 MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;

#define S_OPT(opt, v, p) (opts[n].option = (opt), opts[n].value = (v), \
	                  opts[n].ptr_value = (p), n++)
	/* the logger first, or libmicrohttpd logs its own way before */
	S_OPT(MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)S_mhd_log, s);
	S_OPT(MHD_OPTION_LISTEN_SOCKET, fd, NULL);
	S_OPT(MHD_OPTION_CONNECTION_LIMIT, (intptr_t)o->max_connections, NULL);
	S_OPT(MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)o->timeout, NULL);
	S_OPT(MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)ml_serve__completed, s);
	if (s->tls) {
		flags |= MHD_USE_TLS;
		S_OPT(MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)o->tls_cert);
		S_OPT(MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)o->tls_key);
		S_OPT(MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)
		      "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2");
	}
	S_OPT(MHD_OPTION_END, 0, NULL);
#undef S_OPT
	if (v6)
		flags |= MHD_USE_IPv6;
	return MHD_start_daemon(flags, 0, NULL, NULL, ml_serve__handler, s,
	                        MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
}

/* Waits for SIGTERM or SIGINT (blocked in every thread, so they wait
 * here), then stops: no new connection, new requests on open ones get
 * 503, and the requests in flight are finished. */
static void S_serve_until_signal(ml_serve_srv *s, struct MHD_Daemon *d,
                                 const sigset_t *set)
{
	int sig = 0, lfd;

	while (sigwait(set, &sig) != 0)
		;
	pthread_mutex_lock(&s->lock);
	s->stopping = 1;
	fprintf(s->log, "marklint: %s: finishing %u request%s in flight\n",
	        sig == SIGTERM ? "SIGTERM" : "SIGINT", s->active,
	        s->active == 1 ? "" : "s");
	fflush(s->log);
	pthread_mutex_unlock(&s->lock);
	lfd = MHD_quiesce_daemon(d);
	if (lfd >= 0)
		close(lfd);
	pthread_mutex_lock(&s->lock);
	while (s->active > 0)
		pthread_cond_wait(&s->idle, &s->lock);
	pthread_mutex_unlock(&s->lock);
}

int ml_serve_run(const ml_serve_opts *o, ml_error *err)
{
	ml_serve_srv s;
	struct MHD_Daemon *d;
	sigset_t set;
	char where[INET6_ADDRSTRLEN + 16];
	const char *addr = o->listen ? o->listen : "127.0.0.1:8080";
	int fd;

	memset(&s, 0, sizeof s);
	s.o = o;
	s.log = o->log ? o->log : stderr;
	s.tls = o->tls_cert != NULL;
	if (s.tls && (!o->tls_key || MHD_is_feature_supported(MHD_FEATURE_TLS)
	                             != MHD_YES))
		return ml_err(err, ML_EUSAGE, "tls-unavailable", "%s",
		             o->tls_key ? "this libmicrohttpd was built "
		             "without TLS" : "a certificate needs its key");
	fd = S_listen(o, addr, err);
	if (fd < 0)
		return err->status;
	S_where(fd, where, sizeof where);
	/* the threads started from here on inherit the mask */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	pthread_mutex_init(&s.lock, NULL);
	pthread_cond_init(&s.idle, NULL);
	s.page = ml_serve__page_response(&s);
	s.pool = ml_serve__pool_new(o->jobs, o->queue, ml_serve__work, &s);
	d = s.pool && s.page ? S_start(&s, fd, where[0] == '[') : NULL;
	if (!d) {
		ml_err(err, ML_EIO, s.tls ? "tls-invalid" : "listen-failed",
		      "%s", s.tls ? "the server could not start: is the "
		      "certificate or key not PEM, or do they not match?" :
		      "the server could not start");
		close(fd);
	} else {
		fprintf(s.log, "marklint: serving on %s://%s/ (%u worker%s, "
		        "queue %u, %u connections)\n", s.tls ? "https" : "http",
		        where, o->jobs, o->jobs == 1 ? "" : "s", o->queue,
		        o->max_connections);
		fflush(s.log);
		S_serve_until_signal(&s, d, &set);
		MHD_stop_daemon(d);
		fprintf(s.log, "marklint: stopped\n");
		fflush(s.log);
	}
	ml_serve__pool_free(s.pool);
	if (s.page)
		MHD_destroy_response(s.page);
	pthread_cond_destroy(&s.idle);
	pthread_mutex_destroy(&s.lock);
	/* the signals stay blocked: a second SIGTERM during the stop must
	 * not kill the process once it is done */
	return d ? 0 : err->status;
}
