/* cli_pool.c - an ordered pool of threads for check and audit (cli.h).
 *
 * Workers take items in index order, work on them with their own scratch
 * and park the result in a window of slots; whoever parks the item at the
 * head while nobody folds folds every ready item in order, so output is
 * that of one thread. The lock is let go while fold runs: fold (the
 * writers, the audit's roll-ups) is the serial part of a run, and the
 * other workers keep taking and parking items meanwhile instead of
 * waiting for it. A worker never runs more than the window ahead of the
 * head, so memory holds a few items, not all. */
#include "cli.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

typedef struct S_slot {
	void *item;
	int ready;
} S_slot;

/* The state of one run. Fields below mu are guarded by it. */
typedef struct S_run {
	cli_pool *p;
	pthread_mutex_t mu;
	pthread_cond_t moved;  /* head advanced */
	size_t next;           /* next item to take */
	size_t head;           /* next item to fold */
	S_slot *slots;         /* window of nslots, by index % nslots */
	size_t nslots;
	int folding;           /* a worker is folding: others only park */
} S_run;

static double S_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* "12/2000 documents, 85.3/s, 0:23 left" on one line of stderr, at most
 * five times a second (last: the final line, ended). */
static void S_progress(cli_pool *p, size_t done, int last)
{
	double now, rate;
	unsigned long secs;

	if (!p->progress)
		return;
	now = S_now();
	if (!last && now - p->last < 0.2)
		return;
	p->last = now;
	rate = now > p->start ? (double)done / (now - p->start) : 0;
	secs = rate > 0 ? (unsigned long)((double)(p->n - done) / rate + 0.5)
	                : 0;
	fprintf(stderr, "\r%lu/%lu documents, %.1f/s, %lu:%02lu left ",
	        (unsigned long)done, (unsigned long)p->n, rate, secs / 60,
	        secs % 60);
	if (last)
		fputc('\n', stderr);
	p->shown = !last;
	fflush(stderr);
}

void cli_pool_quiet(cli_pool *p)
{
	if (!p->shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	p->shown = 0;
}

/* Parks item i; unless another worker is folding, folds every ready
 * item in order, with mu let go during each fold (mu held on entry and
 * on return). A slot stays ready while its item is folded, so nobody
 * parks over it; only the folder moves head. */
static void S_commit(S_run *run, size_t i, void *item)
{
	S_slot *s;
	size_t head;

	while (i >= run->head + run->nslots)
		pthread_cond_wait(&run->moved, &run->mu);
	s = &run->slots[i % run->nslots];
	s->item = item;
	s->ready = 1;
	if (run->folding)
		return; /* the folder finds it after its current fold */
	run->folding = 1;
	while ((s = &run->slots[run->head % run->nslots])->ready) {
		head = run->head;
		pthread_mutex_unlock(&run->mu);
		run->p->fold(run->p->ctx, head, s->item);
		pthread_mutex_lock(&run->mu);
		s->ready = 0;
		run->head++;
		S_progress(run->p, run->head, 0);
		pthread_cond_broadcast(&run->moved);
	}
	run->folding = 0;
}

static void *S_worker(void *arg)
{
	S_run *run = arg;
	ml_scratch *scratch = ml_scratch_new(); /* freed below */
	void *item;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&run->mu);
		i = run->next++;
		pthread_mutex_unlock(&run->mu);
		if (i >= run->p->n)
			break;
		item = run->p->work(run->p->ctx, i, scratch);
		pthread_mutex_lock(&run->mu);
		S_commit(run, i, item);
		pthread_mutex_unlock(&run->mu);
	}
	ml_scratch_free(scratch);
	return NULL;
}

unsigned cli_pool_jobs(unsigned asked, size_t n)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned j = asked ? asked : cores > 0 ? (unsigned)cores : 1;

	if (j > n)
		j = n ? (unsigned)n : 1;
	return j;
}

/* One thread: no lock, no window. */
static void S_inline(cli_pool *p)
{
	ml_scratch *scratch = ml_scratch_new();
	size_t i;

	for (i = 0; i < p->n; i++) {
		p->fold(p->ctx, i, p->work(p->ctx, i, scratch));
		S_progress(p, i + 1, 0);
	}
	ml_scratch_free(scratch);
}

static void S_threads(cli_pool *p)
{
	unsigned i, started = 0;
	pthread_t *th = ml_xcalloc(p->jobs, sizeof *th); /* freed below */
	S_run run;

	run.p = p;
	run.next = run.head = 0;
	run.folding = 0;
	run.nslots = 4 * (size_t)p->jobs + 4;
	run.slots = ml_xcalloc(run.nslots, sizeof *run.slots);
	pthread_mutex_init(&run.mu, NULL);
	pthread_cond_init(&run.moved, NULL);
	for (i = 0; i < p->jobs; i++)
		if (pthread_create(&th[i], NULL, S_worker, &run) == 0)
			started++;
		else
			break;
	if (!started) /* no thread at all: do the work here */
		S_worker(&run);
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	pthread_cond_destroy(&run.moved);
	pthread_mutex_destroy(&run.mu);
	free(run.slots);
	free(th);
}

void cli_pool_run(cli_pool *p)
{
	p->start = p->last = S_now();
	p->shown = 0;
	if (p->jobs <= 1 || p->n <= 1)
		S_inline(p);
	else
		S_threads(p);
	if (p->n)
		S_progress(p, p->n, 1);
}
