/* failwrite.c - LD_PRELOAD shim: output that fails as on a full disk.
 *
 * ML_INJECT_WRITE selects what fails with ENOSPC:
 *   "stdout"  write(), fflush() and fclose() on standard output (fd 1);
 *   "files"   the same on every regular file opened for writing (a report
 *             written with --output or -o, its temporary file);
 *   "close"   only close() and fclose() of those files: the data seemed
 *             written, the error comes at the end (NFS, quotas).
 * Unset: nothing fails. stdio calls the kernel through glibc's internal
 * write, which no preload can see, so fflush() and fclose() fail too: the
 * caller sees the error where it would see a real one. Used by
 * tests/inject.sh; test code, never linked into marklint.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Whether writing to fd must fail in the selected mode. */
static int S_target(int fd, int at_close)
{
	const char *mode = getenv("ML_INJECT_WRITE");
	struct stat st;
	int fl;

	if (!mode || fd < 0)
		return 0;
	if (strcmp(mode, "stdout") == 0)
		return fd == 1;
	if (fd <= 2 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY)
		return 0;
	if (strcmp(mode, "files") == 0)
		return 1;
	return strcmp(mode, "close") == 0 && at_close;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);

	if (S_target(fd, 0)) {
		errno = ENOSPC;
		return -1;
	}
	if (!real)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT,
		                                                     "write");
	return real(fd, buf, n);
}

int fflush(FILE *f)
{
	static int (*real)(FILE *);

	if (f && S_target(fileno(f), 0)) {
		errno = ENOSPC;
		return EOF;
	}
	if (!real)
		real = (int (*)(FILE *))dlsym(RTLD_NEXT, "fflush");
	return real(f);
}

int fclose(FILE *f)
{
	static int (*real)(FILE *);
	int fail = f && S_target(fileno(f), 1);
	int r;

	if (!real)
		real = (int (*)(FILE *))dlsym(RTLD_NEXT, "fclose");
	r = real(f); /* the stream is gone either way, as with a real error */
	if (fail) {
		errno = ENOSPC;
		return EOF;
	}
	return r;
}

int close(int fd)
{
	static int (*real)(int);
	int fail = S_target(fd, 1);
	int r;

	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "close");
	r = real(fd);
	if (fail) {
		errno = ENOSPC;
		return -1;
	}
	return r;
}
