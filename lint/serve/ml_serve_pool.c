/* ml_serve_pool.c - a fixed set of worker threads and a bounded queue.
 * A place is taken before an item is handed over, so that the I/O thread
 * learns of an overload before it suspends a connection, and answers 503
 * at once instead of queueing without bound. */
#include "ml_serve_int.h"
#include "ml_buf.h"

#include <stdlib.h>

struct ml_serve_pool {
	pthread_mutex_t lock;
	pthread_cond_t ready;    /* an item was queued, or stop */
	pthread_t *threads;
	unsigned nthreads;
	void **ring;             /* the queue: nring places */
	unsigned nring, head, count;
	unsigned places;         /* free places: nring - reserved */
	int stop;
	ml_serve_work fn;
	void *ctx;
};

static void *S_worker(void *arg)
{
	ml_serve_pool *p = arg;
	ml_scratch *sc = ml_scratch_new();
	void *item;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (p->count == 0 && !p->stop)
			pthread_cond_wait(&p->ready, &p->lock);
		if (p->count == 0)
			break; /* stop, and nothing left */
		item = p->ring[p->head];
		p->head = (p->head + 1) % p->nring;
		p->count--;
		pthread_mutex_unlock(&p->lock);
		p->fn(p->ctx, sc, item);
		pthread_mutex_lock(&p->lock);
		p->places++; /* the place is free once the item is done */
	}
	pthread_mutex_unlock(&p->lock);
	ml_scratch_free(sc);
	return NULL;
}

ml_serve_pool *ml_serve__pool_new(unsigned workers, unsigned queue,
                                  ml_serve_work fn, void *ctx)
{
	ml_serve_pool *p = ml_xcalloc(1, sizeof *p);
	unsigned i;

	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->ready, NULL);
	/* a place for each item being run and each one waiting */
	p->nring = p->places = workers + queue;
	p->ring = ml_xcalloc(p->nring, sizeof *p->ring);
	p->threads = ml_xcalloc(workers, sizeof *p->threads);
	p->fn = fn;
	p->ctx = ctx;
	for (i = 0; i < workers; i++) {
		if (pthread_create(&p->threads[i], NULL, S_worker, p) != 0)
			break;
		p->nthreads++;
	}
	if (p->nthreads < workers) {
		ml_serve__pool_free(p);
		return NULL;
	}
	return p;
}

int ml_serve__pool_reserve(ml_serve_pool *p)
{
	int rc = -1;

	pthread_mutex_lock(&p->lock);
	if (p->places > 0) {
		p->places--;
		rc = 0;
	}
	pthread_mutex_unlock(&p->lock);
	return rc;
}

void ml_serve__pool_submit(ml_serve_pool *p, void *item)
{
	pthread_mutex_lock(&p->lock);
	p->ring[(p->head + p->count) % p->nring] = item;
	p->count++;
	pthread_cond_signal(&p->ready);
	pthread_mutex_unlock(&p->lock);
}

void ml_serve__pool_free(ml_serve_pool *p)
{
	unsigned i;

	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	pthread_cond_broadcast(&p->ready);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	pthread_cond_destroy(&p->ready);
	pthread_mutex_destroy(&p->lock);
	free(p->threads);
	free(p->ring);
	free(p);
}
