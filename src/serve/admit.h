/* admission: at most `workers` jobs at once; up to `queue` more requests wait for a turn, first
 * come first served; beyond that a request is refused at once (the server answers 503 with
 * Retry-After, Wyoming an error event). */
#ifndef RAVI_SERVE_ADMIT_H
#define RAVI_SERVE_ADMIT_H

#include <pthread.h>

typedef struct admit_waiter admit_waiter;

typedef struct admission {
    pthread_mutex_t lock;
    pthread_cond_t turn;
    unsigned workers, queue;
    unsigned busy;              /* jobs running */
    unsigned waiting;           /* requests in the queue */
    admit_waiter *head, *tail;  /* the queue, first come first */
    int closed;                 /* shutting down: waiters give up */
    double mean_job_ms;         /* how long a job lasts, on average (for Retry-After) */
} admission;

typedef enum admit_result {
    ADMIT_OK = 0,
    ADMIT_FULL,     /* the queue is full */
    ADMIT_TIMEOUT,  /* waited too long */
    ADMIT_CLOSED,   /* the server is shutting down */
} admit_result;

void admit_init(admission *a, unsigned workers, unsigned queue);
void admit_destroy(admission *a);
/* Waits for a turn, at most timeout_ms. */
admit_result admit_enter(admission *a, unsigned timeout_ms);
/* A job ends (it lasted job_ms): the next waiter's turn. */
void admit_leave(admission *a, double job_ms);
/* Wakes every waiter (they get ADMIT_CLOSED) and refuses newcomers. */
void admit_close(admission *a);
/* Seconds a refused client had better wait before trying again (at least 1). */
unsigned admit_retry_after(admission *a);
/* Jobs running and requests waiting, for /healthz. */
void admit_counts(admission *a, unsigned *busy, unsigned *waiting);

#endif
