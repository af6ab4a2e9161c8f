/* marklint_serve.h - public API of `marklint serve`, beside marklint.h: an
 * HTTP service that lints documents from memory (the page for contracting
 * officers, and the API of document workflows), on GNU libmicrohttpd.
 *
 * One I/O thread (libmicrohttpd's) reads requests and writes responses; a
 * request is handed to the bounded worker pool only when its whole body is
 * in memory, so a slow client holds a connection slot, never a worker.
 * Bodies are held in memory, capped per request (--max-file-size) and in
 * sum (max_memory); nothing of a document is written to disk or logged.
 *
 * Include graph: ml_serve.c, ml_serve_http.c -> ml_serve_int.h ->
 * marklint.h (ml_memo_opts); ml_serve_lint.c -> marklint.h (ml_lint_memory,
 * ml_writer), ml_memo.h, ml_annotate.h.
 */
#ifndef MARKLINT_SERVE_H
#define MARKLINT_SERVE_H

#include "marklint.h"

#include <stdint.h>
#include <stdio.h>

typedef struct ml_serve_opts {
	const char *listen;      /* "ADDR:PORT", "[V6ADDR]:PORT" or
	                            "localhost:PORT"; port 0 picks a free
	                            one. NULL: "127.0.0.1:8080" */
	const char *token;       /* the bearer token every request must
	                            carry, or NULL: then only a loopback
	                            address may be listened on */
	const char *tls_cert;    /* PEM certificate chain (the content,
	                            not a path), or NULL for plain HTTP */
	const char *tls_key;     /* PEM private key, with tls_cert */
	unsigned jobs;           /* workers (documents linted at a time) */
	unsigned queue;          /* requests that may wait for a worker */
	unsigned max_connections;
	unsigned timeout;        /* seconds a connection may stay idle */
	unsigned request_timeout; /* seconds a request body may take */
	uint64_t max_memory;     /* bytes of request bodies and answers
	                            held at once */
	ml_lint_opts lint;       /* what applies to every document: the
	                            rules (borrowed, shared by the workers),
	                            the limits (per request, as on the
	                            command line), min_severity, fail_on
	                            (JUnit), a baseline or none */
	ml_memo_opts memo;       /* the memo's blocks (MEMORANDUM FOR, FROM,
	                            signature, date; strings borrowed) */
	FILE *log;               /* one line a request (never a document's
	                            name or text); NULL: stderr */
} ml_serve_opts;

/* Sets the defaults: jobs 2, queue 64, 64 connections, timeout 30 s,
 * request timeout 120 s, max_memory 256 MiB, ml_lint_opts_default() with
 * a max_file_size of 64 MiB (lint.rules must still be set),
 * ml_memo_opts_default(). */
void ml_serve_opts_default(ml_serve_opts *o);

/* Writes "libmicrohttpd 0.9.75, TLS (GnuTLS)" (or "..., no TLS" when the
 * library was built without it) into buf (for --version). */
void ml_serve_library(char *buf, size_t n);

/* Listens, then serves until SIGTERM or SIGINT: the listening socket is
 * closed at once, requests in flight are finished and answered, then the
 * call returns 0. Blocks those signals in the calling thread, and leaves
 * them blocked (threads it starts inherit the mask; a second SIGTERM
 * during the stop is not fatal). Returns a negative status with err filled
 * when it cannot start: "listen-refused" (not a loopback address and no
 * token), "listen-address", "listen-failed", "tls-unavailable",
 * "tls-invalid". The first line on the log says where it listens:
 * "marklint: serving on http://127.0.0.1:8080/ ...". */
int ml_serve_run(const ml_serve_opts *o, ml_error *err);

#endif
