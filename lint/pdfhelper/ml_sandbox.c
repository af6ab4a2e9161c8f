/* ml_sandbox.c - descriptors, resource limits and seccomp for the PDF
 * reader child (see ml_sandbox.h). */
#define _GNU_SOURCE 1 /* close_range */
#include "ml_sandbox.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#ifdef ML_HAVE_SECCOMP
#include <seccomp.h>
#include <sys/prctl.h>
#endif

void ml_sandbox_close_fds(void)
{
	DIR *d;
	struct dirent *e;
	struct rlimit rl;
	int fd, max;

	/* /proc/self/fd lists exactly the open ones; without /proc, close
	 * up to the descriptor limit */
	d = opendir("/proc/self/fd");
	if (d) {
		int self = dirfd(d);
		int todo[256], n = 0, i;
		/* collect first: closing while reading the directory confuses
		 * readdir; loop until a pass finds nothing to close */
		do {
			n = 0;
			rewinddir(d);
			while ((e = readdir(d)) != NULL && n < 256) {
				fd = (int)strtol(e->d_name, NULL, 10);
				if (fd > 2 && fd != self &&
				    e->d_name[0] >= '0' && e->d_name[0] <= '9')
					todo[n++] = fd;
			}
			for (i = 0; i < n; i++)
				close(todo[i]);
		} while (n == 256);
		closedir(d);
		return;
	}
	max = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY
	          && rl.rlim_cur < 65536 ? (int)rl.rlim_cur : 65536;
	for (fd = 3; fd < max; fd++)
		close(fd);
}

static int S_limit(int what, rlim_t soft, rlim_t hard)
{
	struct rlimit rl;

	rl.rlim_cur = soft;
	rl.rlim_max = hard;
	return setrlimit(what, &rl);
}

int ml_sandbox_limits(uint64_t memory, uint32_t cpu_seconds)
{
	if (memory && S_limit(RLIMIT_AS, (rlim_t)memory, (rlim_t)memory) < 0)
		return -1;
	/* SIGXCPU at the soft limit; the hard one kills if that is caught */
	if (cpu_seconds &&
	    S_limit(RLIMIT_CPU, cpu_seconds, (rlim_t)cpu_seconds + 1) < 0)
		return -1;
	if (S_limit(RLIMIT_FSIZE, 0, 0) < 0 || S_limit(RLIMIT_CORE, 0, 0) < 0)
		return -1;
	/* no new processes (ignored for root, which seccomp covers) */
	S_limit(RLIMIT_NPROC, 0, 0);
	return 0;
}

int ml_sandbox_cpu_budget(uint32_t page_seconds, uint32_t total_seconds)
{
	struct rusage ru;
	struct rlimit rl;
	uint64_t used, soft;

	if (getrusage(RUSAGE_SELF, &ru) < 0 || getrlimit(RLIMIT_CPU, &rl) < 0)
		return -1;
	/* the limit counts whole seconds: round up, so that a page gets
	 * page_seconds at least and less than one more */
	used = (uint64_t)ru.ru_utime.tv_sec + (uint64_t)ru.ru_stime.tv_sec +
	       ((uint64_t)ru.ru_utime.tv_usec + (uint64_t)ru.ru_stime.tv_usec
	        + 999999) / 1000000;
	soft = used + page_seconds;
	if (!page_seconds || (total_seconds && soft >= total_seconds)) {
		rl.rlim_cur = total_seconds ? total_seconds : RLIM_INFINITY;
		return setrlimit(RLIMIT_CPU, &rl) < 0 ? -1 : 0;
	}
	rl.rlim_cur = (rlim_t)soft;
	return setrlimit(RLIMIT_CPU, &rl) < 0 ? -1 : 1;
}

#ifdef ML_HAVE_SECCOMP

const char *ml_sandbox_kind(void)
{
	return "seccomp";
}

/* The calls poppler, glib and libc make while reading a PDF already
 * opened (found with strace over real and hostile files); a call not
 * listed fails with EPERM, which the libraries report as an error. */
static const int S_allowed[] = {
	SCMP_SYS(read), SCMP_SYS(readv), SCMP_SYS(pread64),
	SCMP_SYS(write), SCMP_SYS(writev),
	SCMP_SYS(lseek), SCMP_SYS(close), SCMP_SYS(dup),
	SCMP_SYS(fstat), SCMP_SYS(newfstatat), SCMP_SYS(statx),
	SCMP_SYS(stat), SCMP_SYS(lstat), SCMP_SYS(getdents64),
	SCMP_SYS(fstatfs), SCMP_SYS(statfs), SCMP_SYS(readlink),
	SCMP_SYS(access), SCMP_SYS(faccessat), SCMP_SYS(fcntl),
	SCMP_SYS(brk), SCMP_SYS(munmap), SCMP_SYS(mremap), SCMP_SYS(madvise),
	SCMP_SYS(futex), SCMP_SYS(set_robust_list),
	SCMP_SYS(exit), SCMP_SYS(exit_group),
	SCMP_SYS(rt_sigaction), SCMP_SYS(rt_sigprocmask),
	SCMP_SYS(rt_sigreturn), SCMP_SYS(sigaltstack),
	SCMP_SYS(getpid), SCMP_SYS(gettid), SCMP_SYS(tgkill),
	SCMP_SYS(getrandom), SCMP_SYS(clock_gettime), SCMP_SYS(clock_getres),
	SCMP_SYS(gettimeofday), SCMP_SYS(time), SCMP_SYS(sched_yield),
	SCMP_SYS(getrusage), SCMP_SYS(prlimit64), SCMP_SYS(getrlimit),
	SCMP_SYS(setrlimit),
};

/* Adds the rules; returns 0 or a negative errno. */
static int S_rules(scmp_filter_ctx ctx)
{
	const scmp_datum_t write_flags = O_WRONLY | O_RDWR | O_CREAT |
	                                 O_TRUNC | O_APPEND;
	size_t i;
	int rc;

	/* a negative number is a call this architecture does not have */
	for (i = 0; i < sizeof S_allowed / sizeof S_allowed[0]; i++)
		if (S_allowed[i] >= 0 &&
		    (rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, S_allowed[i],
		                           0)) < 0)
			return rc;
	/* files: read-only (fonts, poppler's encoding data) */
	rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
	                      SCMP_A2(SCMP_CMP_MASKED_EQ, write_flags, 0));
	if (rc == 0 && SCMP_SYS(open) >= 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(open), 1,
		                      SCMP_A1(SCMP_CMP_MASKED_EQ, write_flags,
		                              0));
	/* memory: never executable (no code is loaded after warm-up) */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
		                      SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
		                      SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	/* stdio asks whether its output is a terminal */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
		                      SCMP_A1(SCMP_CMP_EQ, TCGETS));
	return rc;
}

int ml_sandbox_seccomp(void)
{
	scmp_filter_ctx ctx;
	int rc;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	if (!ctx)
		return -1;
	rc = S_rules(ctx);
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return 1;
}

#else

const char *ml_sandbox_kind(void)
{
	return "none";
}

int ml_sandbox_seccomp(void)
{
	return 0;
}

#endif
