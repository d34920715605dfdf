/* The worker pool (src/pool/): a fresh child of the zygote per job, with the zygote's state as
 * it was made; a child that crashes, loops or exits fails alone; a zygote that dies is replaced;
 * a zygote that cannot start is reported; stopping ends the keeper and the zygote. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "pool/pool.h"

/* What the test's workers share with the test: a pipe the zygote reports on. */
typedef struct pool_test {
    int fail_start;    /* start fails, with this status */
    int report;        /* write end: "died PID SIGNAL", "zygote died PID SIGNAL", "stopped" */
    int said;          /* read end */
} pool_test;

typedef struct test_state {
    int jobs_seen;     /* changed by a child only: every child sees it as the zygote made it */
} test_state;

static void *start(void *ctx, ravi_status *status, char *err, size_t errsize)
{
    pool_test *t = ctx;
    if (t->fail_start) {
        *status = (ravi_status)t->fail_start;
        snprintf(err, errsize, "cannot start: as asked");
        return NULL;
    }
    static test_state state;
    return &state;
}

/* A job: one command byte, an answer. */
static int run(void *st, int fd)
{
    test_state *s = st;
    char cmd;
    if (read(fd, &cmd, 1) != 1)
        return 1;
    s->jobs_seen++;
    char answer[64];
    int n = snprintf(answer, sizeof answer, "%d %d", (int)getpid(), s->jobs_seen);
    switch (cmd) {
    case 'e': break;
    case 's': /* as eSpeak NG might: with the default action (cmocka's handler is inherited) */
        signal(SIGSEGV, SIG_DFL);
        raise(SIGSEGV);
        break;
    case 'l': for (volatile unsigned long i = 0;; i++) ; /* burns its CPU limit */
    case 'x': return 3;
    }
    if (write(fd, answer, (size_t)n) != n)
        return 1;
    return 0;
}

static void died(void *ctx, pid_t pid, int st, int zygote)
{
    pool_test *t = ctx;
    char line[64];
    int n = snprintf(line, sizeof line, "%sdied %d %d\n", zygote ? "zygote " : "", (int)pid,
                     WIFSIGNALED(st) ? WTERMSIG(st) : -WEXITSTATUS(st));
    if (write(t->report, line, (size_t)n) < 0)
        abort();
}

static void stopped(void *state)
{
    (void)state;
}

static pool_test tctx;
static pool_worker worker = {start, run, stopped, died, &tctx, 1};

static int setup(void **state)
{
    (void)state;
    int p[2];
    if (pipe(p))
        return -1;
    tctx.fail_start = 0;
    tctx.said = p[0];
    tctx.report = p[1];
    signal(SIGPIPE, SIG_IGN);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    close(tctx.said);
    close(tctx.report);
    return 0;
}

/* Sends a command to a fresh child; returns its answer's pid (0: the job broke). */
static pid_t job(pool *p, char cmd, int *seen)
{
    int fd = pool_job(p);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, &cmd, 1), 1);
    char buf[64] = "";
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    int pid = 0, count = 0;
    assert_int_equal(sscanf(buf, "%d %d", &pid, &count), 2);
    if (seen)
        *seen = count;
    return (pid_t)pid;
}

/* The next line the zygote reported. */
static void expect_report(const char *prefix, int field)
{
    char line[128];
    size_t n = 0;
    while (n + 1 < sizeof line && read(tctx.said, line + n, 1) == 1 && line[n] != '\n')
        n++;
    line[n] = '\0';
    assert_true(!strncmp(line, prefix, strlen(prefix)));
    int pid, sig;
    assert_int_equal(sscanf(line + strlen(prefix), "%d %d", &pid, &sig), 2);
    assert_int_equal(sig, field);
}

static pid_t child_of(pid_t parent)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)parent, (int)parent);
    FILE *f = fopen(path, "r");
    int pid = 0;
    if (f) {
        if (fscanf(f, "%d", &pid) != 1)
            pid = 0;
        fclose(f);
    }
    return (pid_t)pid;
}

static void test_each_job_a_fresh_child_of_the_ready_state(void **state)
{
    (void)state;
    diag d;
    diag_init(&d);
    pool *p = pool_start(&worker, &d);
    assert_non_null(p);
    int seen1 = 0, seen2 = 0;
    pid_t a = job(p, 'e', &seen1), b = job(p, 'e', &seen2);
    assert_true(a > 0 && b > 0 && a != b);
    /* each child changed its copy of the state: the next one starts from the zygote's */
    assert_int_equal(seen1, 1);
    assert_int_equal(seen2, 1);
    /* jobs at once */
    int fds[4];
    for (int i = 0; i < 4; i++) {
        fds[i] = pool_job(p);
        assert_true(fds[i] >= 0);
    }
    for (int i = 0; i < 4; i++) {
        char c = 'e', buf[32];
        assert_int_equal(write(fds[i], &c, 1), 1);
        assert_true(read(fds[i], buf, sizeof buf) > 0);
        close(fds[i]);
    }
    pool_stop(p);
    diag_free(&d);
}

static void test_a_crash_fails_its_job_alone(void **state)
{
    (void)state;
    diag d;
    diag_init(&d);
    pool *p = pool_start(&worker, &d);
    assert_non_null(p);
    assert_int_equal(job(p, 's', NULL), 0);  /* its socket closes without an answer */
    expect_report("died ", SIGSEGV);
    assert_int_equal(job(p, 'x', NULL), 0);
    expect_report("died ", -3);
    assert_int_equal(job(p, 'l', NULL), 0);  /* past its second of CPU */
    expect_report("died ", SIGXCPU);
    assert_true(job(p, 'e', NULL) > 0);      /* and the pool goes on */
    pool_stop(p);
    diag_free(&d);
}

static void test_a_dead_zygote_is_replaced(void **state)
{
    (void)state;
    diag d;
    diag_init(&d);
    pool *p = pool_start(&worker, &d);
    assert_non_null(p);
    pid_t keeper = pool_keeper_pid(p);
    pid_t zygote = child_of(keeper);
    assert_true(zygote > 0);
    kill(zygote, SIGKILL);
    expect_report("zygote died ", SIGKILL);
    assert_true(job(p, 'e', NULL) > 0);  /* waits in the control socket for the new zygote */
    pid_t again = child_of(keeper);
    assert_true(again > 0 && again != zygote);
    pool_stop(p);
    assert_int_equal(kill(keeper, 0), -1); /* stopped: the keeper is gone, and reaped */
    assert_int_equal(errno, ESRCH);
    diag_free(&d);
}

static void test_a_zygote_that_cannot_start_is_reported(void **state)
{
    (void)state;
    diag d;
    diag_init(&d);
    tctx.fail_start = RAVI_E_VOICE;
    assert_null(pool_start(&worker, &d));
    assert_int_equal(d.status, RAVI_E_VOICE);
    assert_string_equal(diag_message(&d), "cannot start: as asked");
    int st;
    assert_int_equal(waitpid(-1, &st, WNOHANG), -1); /* nothing left behind to reap */
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_each_job_a_fresh_child_of_the_ready_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_crash_fails_its_job_alone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_dead_zygote_is_replaced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_zygote_that_cannot_start_is_reported, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
