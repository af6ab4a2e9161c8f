/* ml_sandbox.h - confines the PDF reader child (marklint-pdf).
 *
 * The child parses untrusted PDF files with poppler, a large C++ code base
 * with a history of memory-safety bugs. It is confined in three layers,
 * each applied by the child itself right after exec (the parent only
 * spawns it: a threaded parent must not run code between fork and exec):
 *
 *  1. descriptors: everything but standard input, output and error is
 *     closed (a library user's threads may have leaked some);
 *  2. resource limits: address space (--max-pdf-memory), CPU seconds
 *     (--max-pdf-seconds), no file writes (RLIMIT_FSIZE 0), no core
 *     dumps, no new processes;
 *  3. seccomp (when built with libseccomp): after the libraries are
 *     warmed up, only the system calls that reading a PDF needs are
 *     allowed; files open read-only and no memory becomes executable;
 *     any other call fails with EPERM.
 */
#ifndef ML_SANDBOX_H
#define ML_SANDBOX_H

#include <stdint.h>

/* Closes every descriptor above 2. */
void ml_sandbox_close_fds(void);

/* Sets the resource limits; memory 0 leaves the address space alone (as
 * in sanitizer builds, whose shadow memory needs terabytes of it).
 * Returns 0, or -1 with errno. */
int ml_sandbox_limits(uint64_t memory, uint32_t cpu_seconds);

/* Gives the process page_seconds more seconds of processor time from
 * now, within the total of ml_sandbox_limits (SIGXCPU when they are
 * spent). Returns 1 when the page's budget is the nearer limit, 0 when
 * the total is, -1 on failure. */
int ml_sandbox_cpu_budget(uint32_t page_seconds, uint32_t total_seconds);

/* Installs the seccomp filter. Returns 1 when installed, 0 when this
 * build or system has no seccomp, -1 on failure. */
int ml_sandbox_seccomp(void);

/* "seccomp" or "none": what ml_sandbox_seccomp can install here. */
const char *ml_sandbox_kind(void);

#endif
