#include "admit.h"

#include <errno.h>
#include <math.h>
#include <time.h>

/* A request waiting for its turn (on its own thread's stack). */
struct admit_waiter {
    admit_waiter *prev, *next;
};

void admit_init(admission *a, unsigned workers, unsigned queue)
{
    pthread_mutex_init(&a->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&a->turn, &attr);
    pthread_condattr_destroy(&attr);
    a->workers = workers;
    a->queue = queue;
    a->busy = a->waiting = 0;
    a->head = a->tail = NULL;
    a->closed = 0;
    a->mean_job_ms = 1000;
}

void admit_destroy(admission *a)
{
    pthread_cond_destroy(&a->turn);
    pthread_mutex_destroy(&a->lock);
}

static void unlink_waiter(admission *a, admit_waiter *w)
{
    if (w->prev)
        w->prev->next = w->next;
    else
        a->head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else
        a->tail = w->prev;
    a->waiting--;
}

static void deadline_in(struct timespec *t, unsigned ms)
{
    clock_gettime(CLOCK_MONOTONIC, t);
    t->tv_sec += ms / 1000;
    t->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (t->tv_nsec >= 1000000000L) {
        t->tv_sec++;
        t->tv_nsec -= 1000000000L;
    }
}

admit_result admit_enter(admission *a, unsigned timeout_ms)
{
    struct timespec deadline;
    deadline_in(&deadline, timeout_ms);
    pthread_mutex_lock(&a->lock);
    admit_result r = ADMIT_OK;
    if (a->closed)
        r = ADMIT_CLOSED;
    else if (a->busy < a->workers && !a->head)
        a->busy++;
    else if (a->waiting >= a->queue)
        r = ADMIT_FULL;
    else {
        admit_waiter me = {a->tail, NULL};
        if (a->tail)
            a->tail->next = &me;
        else
            a->head = &me;
        a->tail = &me;
        a->waiting++;
        for (;;) {
            if (a->closed) {
                r = ADMIT_CLOSED;
                break;
            }
            if (a->head == &me && a->busy < a->workers) {
                a->busy++;
                break;
            }
            if (pthread_cond_timedwait(&a->turn, &a->lock, &deadline) == ETIMEDOUT) {
                r = ADMIT_TIMEOUT;
                break;
            }
        }
        unlink_waiter(a, &me);
        pthread_cond_broadcast(&a->turn); /* the next in line may now be first */
    }
    pthread_mutex_unlock(&a->lock);
    return r;
}

void admit_leave(admission *a, double job_ms)
{
    pthread_mutex_lock(&a->lock);
    if (a->busy > 0)
        a->busy--;
    a->mean_job_ms = 0.8 * a->mean_job_ms + 0.2 * job_ms;
    pthread_cond_broadcast(&a->turn);
    pthread_mutex_unlock(&a->lock);
}

void admit_close(admission *a)
{
    pthread_mutex_lock(&a->lock);
    a->closed = 1;
    pthread_cond_broadcast(&a->turn);
    pthread_mutex_unlock(&a->lock);
}

unsigned admit_retry_after(admission *a)
{
    pthread_mutex_lock(&a->lock);
    double s = a->mean_job_ms * (a->waiting + 1) / (a->workers ? a->workers : 1) / 1000.0;
    pthread_mutex_unlock(&a->lock);
    return s < 1 ? 1 : (unsigned)ceil(s);
}

void admit_counts(admission *a, unsigned *busy, unsigned *queued)
{
    pthread_mutex_lock(&a->lock);
    *busy = a->busy;
    *queued = a->waiting;
    pthread_mutex_unlock(&a->lock);
}
