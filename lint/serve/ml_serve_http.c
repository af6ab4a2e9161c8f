/* ml_serve_http.c - the requests of `marklint serve`, on libmicrohttpd's
 * I/O thread: route, authenticate, take the body into memory within its
 * caps, hand it to a worker (the connection is suspended meanwhile), and
 * answer. libmicrohttpd calls ml_serve__handler once when the headers are
 * in, once per piece of body, once when the body is complete, and once
 * more after the worker resumes the connection. */
#include "ml_serve_int.h"
#include "ml_buf.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

/* A multipart form carries its boundaries and headers around the file. */
#define S_FORM_SLACK 65536u
#define S_NAME_MAX 200

/* One request (libmicrohttpd's con_cls). */
typedef struct S_req {
	ml_serve_srv *srv;
	struct MHD_Connection *conn;
	const char *route;       /* the path, for the log ("-": unknown) */
	const char *method;      /* borrowed from libmicrohttpd */
	ml_serve_job job;
	ml_buf body;             /* the document, raw or from the form */
	uint64_t cap;            /* most bytes of body on the wire */
	uint64_t received;
	uint64_t reserved;       /* bytes of srv->memory held */
	struct MHD_PostProcessor *pp; /* a multipart form, or NULL */
	int file_seen;           /* the form's first file was found */
	int file_over;           /* ... and it ended */
	int file_big;            /* ... and passed --max-file-size */
	int deferred;            /* an error is waiting for the body's end */
	int answered;            /* a response is queued */
	int done;                /* the worker is done (srv->lock) */
	struct timespec start;
	char name[S_NAME_MAX + 1];
} S_req;

static const struct {
	const char *path;
	const char *method;
	ml_serve_ep ep;
} S_routes[] = {
	{"/", "GET", ML_EP_PAGE},
	{"/healthz", "GET", ML_EP_HEALTH},
	{"/v1/check", "POST", ML_EP_CHECK},
	{"/v1/annotate", "POST", ML_EP_ANNOTATE},
	{"/v1/review", "POST", ML_EP_REVIEW},
};

static double S_elapsed(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* --- the memory budget --- */

static int S_reserve(S_req *q, uint64_t n)
{
	ml_serve_srv *s = q->srv;
	int ok;

	pthread_mutex_lock(&s->lock);
	ok = s->memory + n <= s->o->max_memory;
	if (ok) {
		s->memory += n;
		q->reserved += n;
	}
	pthread_mutex_unlock(&s->lock);
	return ok ? 0 : -1;
}

static void S_release(S_req *q)
{
	ml_serve_srv *s = q->srv;

	pthread_mutex_lock(&s->lock);
	s->memory -= q->reserved;
	q->reserved = 0;
	pthread_mutex_unlock(&s->lock);
}

/* --- responses --- */

/* What every answer carries. */
static void S_common_headers(const ml_serve_srv *s, struct MHD_Response *r)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (s->tls)
		MHD_add_response_header(r, "Strict-Transport-Security",
		                        "max-age=31536000");
}

struct MHD_Response *ml_serve__page_response(const ml_serve_srv *s)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
		ml_serve__page_len, (void *)ml_serve__page,
		MHD_RESPMEM_PERSISTENT);

	if (!r)
		return NULL;
	S_common_headers(s, r);
	MHD_add_response_header(r, "Content-Type", "text/html; charset=utf-8");
	MHD_add_response_header(r, "Content-Security-Policy",
	                        ml_serve__page_csp);
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy",
	                        "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy",
	                        "same-origin");
	return r;
}

/* A file name for Content-Disposition: filename="..." keeps printable
 * ASCII but quotes and backslashes, filename* has the UTF-8. */
static void S_disposition(struct MHD_Response *r, const char *name)
{
	ml_buf b;
	const unsigned char *p;

	ml_buf_init(&b, (size_t)-1);
	(void)ml_buf_puts(&b, "attachment; filename=\"");
	for (p = (const unsigned char *)name; *p; p++)
		(void)ml_buf_putc(&b, *p >= 0x20 && *p < 0x7f && *p != '"' &&
		                  *p != '\\' ? (char)*p : '_');
	(void)ml_buf_puts(&b, "\"; filename*=UTF-8''");
	for (p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(".-_~", *p))
			(void)ml_buf_putc(&b, (char)*p);
		else
			(void)ml_buf_printf(&b, "%%%02X", *p);
	}
	MHD_add_response_header(r, "Content-Disposition", b.ptr);
	ml_buf_free(&b);
}

/* Queues job's answer (its body is handed to libmicrohttpd). */
static enum MHD_Result S_send(S_req *q)
{
	ml_serve_job *j = &q->job;
	struct MHD_Response *r;
	enum MHD_Result rc;

	r = MHD_create_response_from_buffer(j->blen, j->body,
	                                    MHD_RESPMEM_MUST_FREE);
	if (!r)
		return MHD_NO;
	j->body = NULL; /* libmicrohttpd frees it */
	S_common_headers(q->srv, r);
	MHD_add_response_header(r, "Content-Type", j->ctype);
	/* an HTML memo opened in the browser runs nothing */
	MHD_add_response_header(r, "Content-Security-Policy",
	                        "default-src 'none'; style-src "
	                        "'unsafe-inline'; sandbox; "
	                        "frame-ancestors 'none'");
	if (j->filename)
		S_disposition(r, j->filename);
	if (j->status == 503)
		MHD_add_response_header(r, "Retry-After", "1");
	if (j->status == 401)
		MHD_add_response_header(r, "WWW-Authenticate",
		                        "Bearer realm=\"marklint\"");
	if (j->status == 405)
		MHD_add_response_header(r, "Allow",
		                        strncmp(q->route, "/v1/", 4) == 0 ?
		                        "POST" : "GET, HEAD");
	if (q->srv->stopping)
		MHD_add_response_header(r, "Connection", "close");
	rc = MHD_queue_response(q->conn, j->status, r);
	MHD_destroy_response(r);
	q->answered = rc == MHD_YES;
	return rc;
}

/* Answers with an error now if libmicrohttpd lets us (before the body
 * or after it), else once the body has arrived (it is discarded). */
static enum MHD_Result S_fail(S_req *q, unsigned status, const char *code,
                              const char *msg)
{
	ml_buf_free(&q->body);
	S_release(q);
	ml_serve__error(&q->job, status, code, "%s", msg);
	if (S_send(q) == MHD_YES)
		return MHD_YES;
	/* libmicrohttpd took the body it could not send: again, later */
	ml_serve__error(&q->job, status, code, "%s", msg);
	q->deferred = 1;
	return MHD_YES;
}

static enum MHD_Result S_text(S_req *q, unsigned status, const char *text)
{
	q->job.status = status;
	q->job.ctype = "text/plain; charset=utf-8";
	q->job.body = ml_xstrdup(text);
	q->job.blen = strlen(text);
	return S_send(q);
}

/* --- the first call: route, authenticate, check the declared size --- */

/* Compares in a time that depends on the token's length only. */
static int S_token_equal(const char *given, const char *token)
{
	size_t gl = strlen(given), tl = strlen(token), i;
	unsigned char d = gl != tl;

	for (i = 0; i < tl; i++)
		d |= (unsigned char)(token[i] ^ (i < gl ? given[i] : 0));
	return d == 0;
}

static int S_authorized(S_req *q)
{
	const char *tok = q->srv->o->token;
	const char *h;

	if (!tok)
		return 1;
	h = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND,
	                                "Authorization");
	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return 0;
	h += 7;
	while (*h == ' ')
		h++;
	return S_token_equal(h, tok);
}

static int S_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The document's name from the client (X-Filename, percent-encoding
 * allowed, or the form's file name): its last path element, valid UTF-8
 * without control characters, at most S_NAME_MAX bytes; else
 * "document". Only ever used in the answer, never logged. */
static void S_set_name(S_req *q, const char *given)
{
	char raw[S_NAME_MAX + 1], *norm;
	const char *base = given;
	size_t n = 0, len, i;

	snprintf(q->name, sizeof q->name, "document");
	if (!given)
		return;
	for (i = 0; given[i]; i++)
		if (given[i] == '/' || given[i] == '\\')
			base = given + i + 1;
	for (i = 0; base[i] && n < S_NAME_MAX; i++) {
		int hi, lo;
		if (base[i] == '%' && (hi = S_hex(base[i + 1])) >= 0 &&
		    (lo = S_hex(base[i + 2])) >= 0) {
			raw[n++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			raw[n++] = base[i];
		}
	}
	for (i = 0; i < n; i++)
		if ((unsigned char)raw[i] < 0x20 || raw[i] == 0x7f ||
		    raw[i] == '/' || raw[i] == '\\')
			return;
	norm = ml_normalize(raw, n, &len); /* NULL: not UTF-8 */
	if (norm && len > 0 && len <= S_NAME_MAX && strcmp(norm, ".") != 0 &&
	    strcmp(norm, "..") != 0)
		snprintf(q->name, sizeof q->name, "%s", norm);
	free(norm);
}

static const char *S_arg(S_req *q, const char *key)
{
	return MHD_lookup_connection_value(q->conn, MHD_GET_ARGUMENT_KIND, key);
}

/* ?format= and ?propose=; 0, or -1 after answering 400. */
static int S_args(S_req *q)
{
	const char *f = S_arg(q, "format"), *p = S_arg(q, "propose");

	if (q->job.ep == ML_EP_ANNOTATE)
		f = NULL;
	if (!ml_serve__format_ok(q->job.ep, f)) {
		S_fail(q, 400, "bad-format", q->job.ep == ML_EP_CHECK ?
		       "format is json (the default), sarif, junit or text" :
		       "format is markdown (the default), html, text or docx");
		return -1;
	}
	q->job.format = f;
	if (p && strcmp(p, "1") != 0 && strcmp(p, "true") != 0 &&
	    strcmp(p, "0") != 0 && strcmp(p, "false") != 0) {
		S_fail(q, 400, "bad-propose", "propose is 1 or 0");
		return -1;
	}
	q->job.propose = p && (strcmp(p, "1") == 0 || strcmp(p, "true") == 0);
	return 0;
}

static int S_is_form(S_req *q)
{
	const char *ct = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND,
	                                             "Content-Type");

	return ct && strncasecmp(ct, "multipart/form-data", 19) == 0;
}

static enum MHD_Result S_post_iter(void *cls, enum MHD_ValueKind kind,
                                   const char *key, const char *filename,
                                   const char *ctype, const char *enc,
                                   const char *data, uint64_t off,
                                   size_t size)
{
	S_req *q = cls;

	(void)kind; (void)key; (void)ctype; (void)enc;
	if (!filename || q->file_over)
		return MHD_YES; /* other fields, later files: ignored */
	if (!q->file_seen) {
		q->file_seen = 1;
		S_set_name(q, filename);
	} else if (off == 0) {
		q->file_over = 1; /* a second file */
		return MHD_YES;
	}
	if (ml_buf_put(&q->body, data, size) < 0) {
		q->file_big = 1;
		return MHD_NO;
	}
	return MHD_YES;
}

/* A POST to an endpoint: the arguments, the declared size, the budget. */
static enum MHD_Result S_post_begin(S_req *q)
{
	const ml_serve_opts *o = q->srv->o;
	const char *cl = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND,
	                                             "Content-Length");
	unsigned long long declared;
	int form = S_is_form(q);

	if (S_args(q) < 0)
		return MHD_YES;
	S_set_name(q, MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND,
	                                          "X-Filename"));
	q->cap = o->lint.limits.max_file_size + (form ? S_FORM_SLACK : 0);
	ml_buf_init(&q->body, o->lint.limits.max_file_size > SIZE_MAX ?
	            SIZE_MAX : (size_t)o->lint.limits.max_file_size);
	if (cl) {
		/* libmicrohttpd has checked it is a number */
		declared = strtoull(cl, NULL, 10);
		if (declared > q->cap || declared > o->max_memory)
			return S_fail(q, 413, "limit-file-size", "the document "
			              "is larger than the server's "
			              "--max-file-size");
		if (S_reserve(q, declared) < 0)
			return S_fail(q, 503, "overloaded", "the server holds "
			              "as many documents as it may: try again");
	}
	if (form) {
		q->pp = MHD_create_post_processor(q->conn, 16384, S_post_iter,
		                                  q);
		if (!q->pp)
			return S_fail(q, 400, "bad-form", "a multipart form "
			              "needs a boundary (two characters or "
			              "more)");
	}
	return MHD_YES;
}

static enum MHD_Result S_begin(S_req *q, const char *url, const char *method)
{
	size_t i;
	int path_known = 0;

	if (q->srv->stopping)
		return S_fail(q, 503, "shutting-down", "the server is "
		              "stopping: try again");
	if (!S_authorized(q))
		return S_fail(q, 401, "unauthorized", "this server needs "
		              "Authorization: Bearer TOKEN");
	for (i = 0; i < sizeof S_routes / sizeof S_routes[0]; i++) {
		if (strcmp(url, S_routes[i].path) != 0)
			continue;
		path_known = 1;
		q->route = S_routes[i].path;
		if (strcmp(method, S_routes[i].method) == 0 ||
		    (strcmp(method, "HEAD") == 0 &&
		     strcmp(S_routes[i].method, "GET") == 0))
			break;
	}
	if (i == sizeof S_routes / sizeof S_routes[0])
		return path_known ? S_fail(q, 405, "method-not-allowed",
		                           "this path does not take that "
		                           "method") :
		                    S_fail(q, 404, "not-found",
		                           "no such path: the API is POST "
		                           "/v1/check, /v1/annotate, "
		                           "/v1/review");
	q->job.ep = S_routes[i].ep;
	if (q->job.ep == ML_EP_HEALTH)
		return S_text(q, 200, "ok\n");
	if (q->job.ep == ML_EP_PAGE) {
		q->job.status = 200;
		q->answered = 1;
		return MHD_queue_response(q->conn, 200, q->srv->page);
	}
	return S_post_begin(q);
}

/* --- the body --- */

static enum MHD_Result S_upload(S_req *q, const char *data, size_t *size)
{
	size_t n = *size;

	*size = 0;
	if (q->answered || q->deferred)
		return MHD_YES; /* discarded */
	if (S_elapsed(&q->start) > q->srv->o->request_timeout)
		return MHD_NO; /* too slow: the connection is closed */
	q->received += n;
	if (q->received > q->cap)
		return S_fail(q, 413, "limit-file-size", "the document is "
		              "larger than the server's --max-file-size");
	if (q->received > q->reserved && S_reserve(q, q->received -
	                                           q->reserved) < 0)
		return S_fail(q, 503, "overloaded", "the server holds as many "
		              "documents as it may: try again");
	if (q->pp) {
		if (MHD_post_process(q->pp, data, n) == MHD_YES)
			return MHD_YES;
		if (q->file_big)
			return S_fail(q, 413, "limit-file-size", "the form's "
			              "file is larger than the server's "
			              "--max-file-size");
		return S_fail(q, 400, "bad-form", "the multipart form could "
		              "not be read");
	}
	if (ml_buf_put(&q->body, data, n) < 0)
		return S_fail(q, 413, "limit-file-size", "the document is "
		              "larger than the server's --max-file-size");
	return MHD_YES;
}

/* The whole body is in: hand it to a worker. */
static enum MHD_Result S_dispatch(S_req *q)
{
	if (q->pp) {
		MHD_destroy_post_processor(q->pp);
		q->pp = NULL;
	}
	if (q->body.size == 0)
		return S_fail(q, 400, "no-document", "send the document as the "
		              "request body (its name in X-Filename), or as "
		              "the file of a multipart form");
	if (ml_serve__pool_reserve(q->srv->pool) < 0)
		return S_fail(q, 503, "overloaded", "every worker is busy and "
		              "the queue is full: try again");
	q->job.name = q->name;
	q->job.data = ml_buf_detach(&q->body, &q->job.len);
	/* suspended first: the worker may resume it before we return */
	MHD_suspend_connection(q->conn);
	ml_serve__pool_submit(q->srv->pool, q);
	return MHD_YES;
}

void ml_serve__work(void *ctx, ml_scratch *sc, void *item)
{
	ml_serve_srv *s = ctx;
	S_req *q = item;

	ml_serve__lint(s->o, sc, &q->job);
	/* the body is freed; the answer is held until it is sent, and
	 * counts (it may take the sum past the budget: later requests
	 * then wait for it) */
	pthread_mutex_lock(&s->lock);
	s->memory += q->job.blen;
	s->memory -= q->reserved;
	q->reserved = q->job.blen;
	q->done = 1;
	pthread_mutex_unlock(&s->lock);
	MHD_resume_connection(q->conn);
}

enum MHD_Result ml_serve__handler(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
	ml_serve_srv *s = cls;
	S_req *q = *con_cls;
	int done;

	(void)version;
	if (!q) {
		q = ml_xcalloc(1, sizeof *q);
		q->srv = s;
		q->conn = c;
		q->route = "-";
		q->method = method;
		clock_gettime(CLOCK_MONOTONIC, &q->start);
		pthread_mutex_lock(&s->lock);
		s->active++;
		pthread_mutex_unlock(&s->lock);
		*con_cls = q;
		return S_begin(q, url, method);
	}
	if (*upload_size)
		return S_upload(q, upload, upload_size);
	if (q->answered)
		return MHD_YES;
	if (q->deferred)
		return S_send(q);
	pthread_mutex_lock(&s->lock);
	done = q->done;
	pthread_mutex_unlock(&s->lock);
	if (done)
		return S_send(q);
	return S_dispatch(q);
}

/* The log line: client, method, path, status, bytes, time, error code.
 * Never the document's name or anything from its text. */
static void S_log(const S_req *q, struct MHD_Connection *c,
                  enum MHD_RequestTerminationCode toe)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
		MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char addr[INET6_ADDRSTRLEN] = "-";
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)
		          sa)->sin_addr, addr, sizeof addr);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
		          (const void *)sa)->sin6_addr, addr, sizeof addr);
	fprintf(q->srv->log, "%s %s %s %u %llu %.0fms%s%s%s\n", addr,
	        q->method, q->route, q->answered ? q->job.status : 0,
	        (unsigned long long)q->received, S_elapsed(&q->start) * 1000,
	        q->job.code[0] ? " " : "", q->job.code,
	        toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" :
	        toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? " timeout" :
	        " aborted");
	fflush(q->srv->log);
}

void ml_serve__completed(void *cls, struct MHD_Connection *c,
                         void **con_cls, enum MHD_RequestTerminationCode toe)
{
	ml_serve_srv *s = cls;
	S_req *q = *con_cls;

	if (!q)
		return;
	S_log(q, c, toe);
	if (q->pp)
		MHD_destroy_post_processor(q->pp);
	ml_buf_free(&q->body);
	S_release(q);
	free(q->job.body);
	free(q->job.data);
	free(q->job.filename);
	free(q);
	*con_cls = NULL;
	pthread_mutex_lock(&s->lock);
	if (--s->active == 0)
		pthread_cond_broadcast(&s->idle);
	pthread_mutex_unlock(&s->lock);
}
