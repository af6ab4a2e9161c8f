/* ml_file.c - the capped read of a whole file and the atomic writer
 * (ml_file.h). */
#include "ml_file.h"
#include "ml_err.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define S_CHUNK 65536

static int S_open_error(ml_error *err, int e)
{
	if (e == ENOENT || e == ENOTDIR)
		return ml_err(err, ML_EIO, "io-not-found", "no such file");
	if (e == EISDIR)
		return ml_err(err, ML_EIO, "io-directory", "is a directory");
	return ml_err(err, ML_EIO, "io-unreadable", "cannot read: %s",
	              strerror(e));
}

static int S_read_fd(int fd, uint64_t max, ml_buf *out, ml_error *err)
{
	char *chunk = ml_xmalloc(S_CHUNK); /* freed below */
	ssize_t n;
	int r = 0;

	for (;;) {
		n = read(fd, chunk, S_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if ((uint64_t)out->size + (uint64_t)n > max ||
		    ml_buf_put(out, chunk, (size_t)n) < 0) {
			r = ml_err(err, ML_ELIMIT, "limit-file-size",
			           "larger than %llu bytes (--max-file-size)",
			           (unsigned long long)max);
			break;
		}
	}
	if (n < 0 && r == 0)
		r = ml_err(err, ML_EIO, "io-unreadable", "read error: %s",
		           strerror(errno));
	free(chunk);
	return r;
}

int ml_file_read(const char *path, uint64_t max, ml_buf *out,
                 ml_error *err)
{
	struct stat st;
	int fd, r;

	if (strcmp(path, "-") == 0)
		fd = dup(STDIN_FILENO);
	else
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return S_open_error(err, errno);
	if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
		r = S_open_error(err, S_ISDIR(st.st_mode) ? EISDIR : errno);
		close(fd);
		return r;
	}
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max) {
		close(fd);
		return ml_err(err, ML_ELIMIT, "limit-file-size",
		              "%llu bytes, larger than %llu (--max-file-size)",
		              (unsigned long long)st.st_size,
		              (unsigned long long)max);
	}
	out->cap = max > SIZE_MAX ? SIZE_MAX : (size_t)max;
	r = S_read_fd(fd, max, out, err);
	close(fd);
	if (r < 0)
		ml_buf_free(out);
	return r;
}

int ml_file_same(const char *a, const char *b)
{
	struct stat sa, sb;

	if (strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
		return 0;
	if (strcmp(a, b) == 0)
		return 1;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

struct ml_atomic {
	char *path;  /* the target (owned copy) */
	char *tmp;   /* the temporary file's name (owned) */
	FILE *f;     /* owned */
};

/* Creates "DIR/.NAME.marklint-XXXXXX" with O_EXCL and mode 0666 (less the
 * umask); the suffix comes from the clock, the pid and a counter, and a
 * name that exists is tried again. */
static int S_create(const char *path, char **tmp)
{
	static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	const char *slash = strrchr(path, '/');
	struct timespec ts;
	uint64_t x;
	ml_buf b;
	size_t k, at;
	int fd = -1, tries;

	ml_buf_init(&b, (size_t)-1);
	if (slash)
		ml_buf_put(&b, path, (size_t)(slash - path + 1));
	ml_buf_printf(&b, ".%s.marklint-", slash ? slash + 1 : path);
	at = b.size;
	clock_gettime(CLOCK_REALTIME, &ts);
	x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^
	    ((uint64_t)getpid() << 40) ^ (uint64_t)(uintptr_t)&b;
	for (tries = 0; tries < 100 && fd < 0; tries++) {
		b.size = at;
		b.ptr[at] = '\0';
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		for (k = 0; k < 6; k++)
			ml_buf_putc(&b, digits[(x >> (10 + 5 * k)) % 36]);
		fd = open(b.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		          0666);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	*tmp = ml_buf_detach(&b, NULL);
	return fd;
}

int ml_atomic_open(const char *path, ml_atomic **out, ml_error *err)
{
	ml_atomic *a;
	char *tmp = NULL;
	int fd = S_create(path, &tmp), e;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	*out = NULL;
	if (!f) {
		e = errno;
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return ml_err(err, ML_EIO, "output-unwritable",
		              "cannot write: %s", strerror(e));
	}
	a = ml_xcalloc(1, sizeof *a);
	a->path = ml_xstrdup(path);
	a->tmp = tmp;
	a->f = f;
	*out = a;
	return 0;
}

FILE *ml_atomic_file(ml_atomic *a)
{
	return a->f;
}

static void S_free(ml_atomic *a)
{
	free(a->path);
	free(a->tmp);
	free(a);
}

int ml_atomic_commit(ml_atomic *a, int replace, ml_error *err)
{
	int e = 0, r = 0;

	errno = 0;
	if (fflush(a->f) != 0 || ferror(a->f) || fsync(fileno(a->f)) != 0)
		e = errno ? errno : EIO;
	if (fclose(a->f) != 0 && !e)
		e = errno ? errno : EIO;
	if (!e && (replace ? rename(a->tmp, a->path) : link(a->tmp, a->path))
	    != 0)
		e = errno;
	if (e == EEXIST && !replace)
		r = ml_err(err, ML_EUSAGE, "output-exists",
		           "already exists (--force replaces it)");
	else if (e)
		r = ml_err(err, ML_EIO, "output-unwritable", "cannot write: %s",
		           strerror(e));
	if (e || !replace)
		unlink(a->tmp);
	S_free(a);
	return r;
}

void ml_atomic_abort(ml_atomic *a)
{
	if (!a)
		return;
	fclose(a->f);
	unlink(a->tmp);
	S_free(a);
}
