/* failmalloc.c - LD_PRELOAD shim: memory that runs out.
 *
 * With ML_INJECT_MALLOC_AFTER=N, the first N calls to malloc, calloc and
 * realloc (together) succeed and every later one returns NULL. With
 * ML_INJECT_MALLOC_ARM=NAME too, the count starts only once the program
 * open()s a path ending in NAME (the document): start-up (the rule set,
 * the configuration) is then left alone and the reading and checking of
 * that document is what runs out. marklint's
 * own allocations go through ml_xmalloc and friends, which then print
 * "marklint: out of memory" and exit 2; the libraries it uses (libxml2,
 * libzip, PCRE2) see NULL and report an error, which marklint must turn
 * into an exit status 2 too, never a crash. Used by tests/inject.sh; test
 * code, never linked into marklint.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* glibc's own allocator, under names a preload does not replace */
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);

/* The shim's counter: one process, and marklint checks documents one
 * after the other on its main thread in these tests. */
static long S_left = -2; /* -2: not read yet; -1: never fail */
static int S_armed = -1; /* -1: not read yet; 0: waiting for the open */

/* The name to wait for; NULL when unset or empty. */
static const char *S_arm_name(void)
{
	const char *arm = getenv("ML_INJECT_MALLOC_ARM");

	return arm && *arm ? arm : NULL;
}

static int S_fail(void)
{
	if (S_left == -2) {
		const char *s = getenv("ML_INJECT_MALLOC_AFTER");
		S_left = s ? atol(s) : -1;
	}
	if (S_armed == -1)
		S_armed = S_arm_name() ? 0 : 1;
	if (S_left < 0 || !S_armed)
		return 0;
	if (S_left == 0)
		return 1;
	S_left--;
	return 0;
}

void *malloc(size_t n)
{
	return S_fail() ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	return S_fail() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	return S_fail() ? NULL : __libc_realloc(p, n);
}

/* Arms the counter when the path named by ML_INJECT_MALLOC_ARM opens. */
static void S_opened(const char *path)
{
	const char *arm = S_arm_name();
	size_t n, a;

	if (!arm || !path)
		return;
	n = strlen(path);
	a = strlen(arm);
	if (n >= a && strcmp(path + n - a, arm) == 0)
		S_armed = 1;
}

int open(const char *path, int flags, ...)
{
	static int (*real)(const char *, int, ...);
	mode_t mode = 0;
	va_list ap;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (!real)
		real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	S_opened(path);
	return real(path, flags, mode);
}
