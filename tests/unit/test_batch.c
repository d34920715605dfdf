/* ravi batch's parts: the manifest reader, output names, shards from options and schedulers'
 * variables, the journal's lines, and the pool of forked workers. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "batch/cores.h"
#include "batch/journal.h"
#include "batch/manifest.h"
#include "batch/shard.h"
#include "procpool.h"

/* ---- the manifest -------------------------------------------------------------------------- */

typedef struct lines {
    char got[16][200];
    size_t n;
} lines;

/* Each article line as "NUMBER|INPUT|NAME" or "NUMBER!ERROR". */
static int collect(void *ctx, const manifest_line *l)
{
    lines *ls = ctx;
    assert_true(ls->n < 16);
    if (l->error)
        snprintf(ls->got[ls->n++], 200, "%lu!%s", l->number, l->error);
    else
        snprintf(ls->got[ls->n++], 200, "%lu|%s|%s", l->number, l->input, l->name ? l->name : "-");
    return 0;
}

/* Reads `text` whole and then a byte at a time: both give the same lines. */
static void read_manifest(const char *text, lines *ls)
{
    manifest_reader r;
    memset(ls, 0, sizeof *ls);
    manifest_reader_init(&r, collect, ls);
    assert_int_equal(manifest_reader_feed(&r, text, strlen(text)), 0);
    assert_int_equal(manifest_reader_end(&r), 0);
    manifest_reader_free(&r);
    lines bytewise;
    memset(&bytewise, 0, sizeof bytewise);
    manifest_reader_init(&r, collect, &bytewise);
    for (size_t i = 0; text[i]; i++)
        assert_int_equal(manifest_reader_feed(&r, text + i, 1), 0);
    assert_int_equal(manifest_reader_end(&r), 0);
    manifest_reader_free(&r);
    assert_int_equal(bytewise.n, ls->n);
    for (size_t i = 0; i < ls->n; i++)
        assert_string_equal(bytewise.got[i], ls->got[i]);
}

static void test_manifest_lines(void **state)
{
    (void)state;
    lines ls;
    read_manifest("\xEF\xBB\xBF" "a.txt\r\n# comment\n\n  \t\nb c.html\tout/b\nlast.ssml", &ls);
    assert_int_equal(ls.n, 3);
    assert_string_equal(ls.got[0], "1|a.txt|-");
    assert_string_equal(ls.got[1], "5|b c.html|out/b");
    assert_string_equal(ls.got[2], "6|last.ssml|-");
}

static void test_manifest_bad_lines(void **state)
{
    (void)state;
    lines ls;
    read_manifest("a\tb\tc\n\tname\nin\t\nok\n", &ls);
    assert_int_equal(ls.n, 4);
    assert_string_equal(ls.got[0], "1!more than one TAB: expected INPUT or INPUT<TAB>OUTPUT-NAME");
    assert_string_equal(ls.got[1], "2!no input before the TAB");
    assert_string_equal(ls.got[2], "3!nothing after the TAB: give an output name, or leave the TAB out");
    assert_string_equal(ls.got[3], "4|ok|-");
}

static void test_manifest_nul_and_long_lines(void **state)
{
    (void)state;
    manifest_reader r;
    lines ls;
    memset(&ls, 0, sizeof ls);
    manifest_reader_init(&r, collect, &ls);
    assert_int_equal(manifest_reader_feed(&r, "a\0b\n", 4), 0);
    char *big = malloc(MANIFEST_MAX_LINE + 10);
    memset(big, 'x', MANIFEST_MAX_LINE + 10);
    assert_int_equal(manifest_reader_feed(&r, big, MANIFEST_MAX_LINE + 10), 0);
    assert_int_equal(manifest_reader_feed(&r, "\nfine\n", 6), 0);
    assert_int_equal(manifest_reader_end(&r), 0);
    manifest_reader_free(&r);
    free(big);
    assert_int_equal(ls.n, 3);
    assert_string_equal(ls.got[0], "1!the line holds a NUL byte");
    assert_string_equal(ls.got[1], "2!the line is longer than any file name (16384 bytes)");
    assert_string_equal(ls.got[2], "3|fine|-");
}

/* ---- output names -------------------------------------------------------------------------- */

static void expect_name(const char *input, const char *name, const char *want)
{
    strbuf out;
    sb_init(&out);
    const char *why;
    int rc = batch_output_name(input, name, "wav", &out, &why);
    if (want) {
        assert_int_equal(rc, 0);
        assert_string_equal(out.s, want);
    } else {
        assert_int_equal(rc, -1);
        assert_non_null(why);
    }
    sb_free(&out);
}

static void test_output_names_from_inputs(void **state)
{
    (void)state;
    expect_name("news/2024/a.txt", NULL, "news/2024/a.wav");
    expect_name("./news//b.HTML", NULL, "news/b.wav");
    expect_name("/srv/archive/c.ssml", NULL, "srv/archive/c.wav");
    expect_name("../up/../d.htm", NULL, "d.wav");
    expect_name("2024.05.01-report", NULL, "2024.05.01-report.wav");
    expect_name("notes.md", NULL, "notes.md.wav");
    expect_name("dir/.hidden.txt", NULL, NULL);
    expect_name("..", NULL, NULL);
}

static void test_output_names_from_manifest(void **state)
{
    (void)state;
    expect_name("x.txt", "out/name", "out/name.wav");
    expect_name("x.txt", "out/name.WAV", "out/name.WAV");
    expect_name("x.txt", "a/./b//c.v2", "a/b/c.v2.wav");
    expect_name("x.txt", "a/../b", "b.wav");
    expect_name("x.txt", "name.mp3", NULL);
    expect_name("x.txt", "/abs/name", NULL);
    expect_name("x.txt", "../name", NULL);
    expect_name("x.txt", "a/../../name", NULL);
    expect_name("x.txt", "./", NULL);
    expect_name("x.txt", ".ravi-batch", NULL);
}

static void test_companion_names(void **state)
{
    (void)state;
    strbuf out;
    sb_init(&out);
    assert_int_equal(batch_companion_name("news/a.wav", "wav", "srt", &out), 0);
    assert_string_equal(out.s, "news/a.srt");
    assert_int_equal(batch_companion_name("b.v2.mp3", "mp3", "jsonl", &out), 0);
    assert_string_equal(out.s, "b.v2.jsonl");
    sb_free(&out);
    assert_true(batch_is_article_name("a.TXT"));
    assert_true(batch_is_article_name("b.xhtml"));
    assert_false(batch_is_article_name("c.txt.bak"));
    assert_false(batch_is_article_name(".txt"));
}

/* ---- shards -------------------------------------------------------------------------------- */

/* The environment: "NAME=VALUE" strings, NULL-terminated. */
static const char *table_env(void *ctx, const char *name)
{
    for (const char *const *e = ctx; *e; e++) {
        size_t n = strlen(name);
        if (!strncmp(*e, name, n) && (*e)[n] == '=')
            return *e + n + 1;
    }
    return NULL;
}

static int shard_of(const char *const *env, unsigned long *index, unsigned long *count)
{
    batch_shard s;
    strbuf why;
    sb_init(&why);
    int rc = batch_shard_from_env(table_env, (void *)env, &s, &why);
    sb_free(&why);
    *index = s.index;
    *count = s.count;
    return rc;
}

static void test_shard_option(void **state)
{
    (void)state;
    batch_shard s;
    strbuf why;
    sb_init(&why);
    assert_int_equal(batch_shard_parse("2/3", &s, &why), 0);
    assert_int_equal(s.index, 2);
    assert_int_equal(s.count, 3);
    assert_true(batch_shard_takes(&s, 5));
    assert_false(batch_shard_takes(&s, 6));
    static const char *const bad[] = {"3/3", "1/0", "-1/3", "1/", "/3", "a/b", "1/3/4", "1 /3",
                                      "99999999999/99999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        sb_reset(&why);
        assert_int_equal(batch_shard_parse(bad[i], &s, &why), -1);
        assert_non_null(strstr(why.s, "--shard"));
    }
    sb_free(&why);
}

static void test_shard_environments(void **state)
{
    (void)state;
    unsigned long i, n;
    const char *none[] = {"HOME=/root", NULL};
    assert_int_equal(shard_of(none, &i, &n), 0);
    assert_int_equal(n, 1);
    const char *slurm[] = {"SLURM_ARRAY_TASK_ID=7", "SLURM_ARRAY_TASK_MIN=3", "SLURM_ARRAY_TASK_MAX=9",
                           "SLURM_ARRAY_TASK_STEP=2", "SLURM_ARRAY_TASK_COUNT=4", NULL};
    assert_int_equal(shard_of(slurm, &i, &n), 0);
    assert_int_equal(i, 2);
    assert_int_equal(n, 4);
    const char *slurm_off_step[] = {"SLURM_ARRAY_TASK_ID=4", "SLURM_ARRAY_TASK_MIN=3",
                                    "SLURM_ARRAY_TASK_STEP=2", "SLURM_ARRAY_TASK_COUNT=4", NULL};
    assert_int_equal(shard_of(slurm_off_step, &i, &n), -1);
    const char *slurm_list[] = {"SLURM_ARRAY_TASK_ID=5", "SLURM_ARRAY_TASK_MIN=1", "SLURM_ARRAY_TASK_MAX=9",
                                "SLURM_ARRAY_TASK_STEP=1", "SLURM_ARRAY_TASK_COUNT=3", NULL};
    assert_int_equal(shard_of(slurm_list, &i, &n), -1);
    const char *slurm_no_count[] = {"SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_MIN=0", NULL};
    assert_int_equal(shard_of(slurm_no_count, &i, &n), -1);
    const char *k8s[] = {"JOB_COMPLETION_INDEX=4", "RAVI_SHARDS=5", NULL};
    assert_int_equal(shard_of(k8s, &i, &n), 0);
    assert_int_equal(i, 4);
    assert_int_equal(n, 5);
    const char *k8s_alone[] = {"JOB_COMPLETION_INDEX=4", NULL};
    assert_int_equal(shard_of(k8s_alone, &i, &n), -1);
    const char *k8s_past[] = {"JOB_COMPLETION_INDEX=5", "RAVI_SHARDS=5", NULL};
    assert_int_equal(shard_of(k8s_past, &i, &n), -1);
    const char *aws[] = {"AWS_BATCH_JOB_ARRAY_INDEX=0", "AWS_BATCH_JOB_ARRAY_SIZE=2", NULL};
    assert_int_equal(shard_of(aws, &i, &n), 0);
    assert_int_equal(i, 0);
    assert_int_equal(n, 2);
    const char *gcp[] = {"BATCH_TASK_INDEX=x", "BATCH_TASK_COUNT=2", NULL};
    assert_int_equal(shard_of(gcp, &i, &n), -1);
}

/* ---- the journal --------------------------------------------------------------------------- */

static void test_journal_round_trip(void **state)
{
    (void)state;
    journal_record r = {"2024-05-01T06:12:09Z", "news/\"quoted\"\tname.txt", "news/a.wav", 1, 0, 1.25,
                        9120, "a.txt:3: invalid SSML\nsecond line", NULL, 1714543929123456789LL};
    strbuf line;
    sb_init(&line);
    assert_int_equal(journal_format(&line, &r), 0);
    assert_int_equal(line.s[line.len - 1], '\n');
    assert_null(memchr(line.s, '\n', line.len - 1));
    journal_parsed p;
    assert_int_equal(journal_parse(line.s, line.len - 1, &p), 0);
    assert_string_equal(p.record.input, r.input);
    assert_string_equal(p.record.output, r.output);
    assert_string_equal(p.record.error, r.error);
    assert_null(p.record.warning);
    assert_true(p.record.failed);
    assert_true(p.record.cpu_seconds == 1.25);
    assert_int_equal(p.record.max_rss_kb, 9120);
    assert_true(p.record.input_mtime_ns == r.input_mtime_ns);
    journal_parsed_free(&p);
    sb_free(&line);
}

static void test_journal_rejects_what_is_not_a_record(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "{", "[]", "{\"input\":\"a\"}", "{\"status\":\"done\"}",
        "{\"input\":\"a\",\"status\":\"maybe\"}", "{\"input\":1,\"status\":\"done\"}",
        "{\"input\":\"a\",\"status\":\"done\",\"cpu_seconds\":-1}",
        "{\"input\":\"a\",\"status\":\"done\",\"input_mtime_ns\":1.5}",
        "{\"input\":\"a\",\"status\":\"done\"} trailing", "{\"input\":\"a\\u0000b\",\"status\":\"done\"}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        journal_parsed p;
        assert_int_equal(journal_parse(bad[i], strlen(bad[i]), &p), -1);
    }
}

static void test_journal_index_keeps_last_record(void **state)
{
    (void)state;
    const char *text =
        "{\"input\":\"a.txt\",\"output\":\"a.wav\",\"status\":\"failed\",\"input_mtime_ns\":5}\n"
        "garbage cut short by a cra\n"
        "{\"input\":\"b.txt\",\"output\":\"b.wav\",\"status\":\"failed\",\"input_mtime_ns\":7}\n"
        "{\"input\":\"a.txt\",\"output\":\"a.wav\",\"status\":\"done\"}\n"
        "{\"input\":\"\",\"output\":null,\"status\":\"failed\"}\n"
        "{\"input\":\"b.txt\",\"output\":\"b.wav\",\"status\":\"failed\",\"input_mtime_ns\":9}";
    journal_index ix;
    journal_reader r;
    journal_reader_init(&r, &ix);
    size_t n = strlen(text);
    for (size_t i = 0; i < n; i += 7)
        assert_int_equal(journal_reader_feed(&r, text + i, n - i < 7 ? n - i : 7), 0);
    assert_int_equal(journal_reader_end(&r), 0);
    journal_reader_free(&r);
    assert_int_equal(ix.n, 2);
    assert_int_equal(ix.skipped, 1);
    const journal_entry *a = journal_index_find(&ix, "a.wav"), *b = journal_index_find(&ix, "b.wav");
    assert_non_null(a);
    assert_false(a->failed);
    assert_non_null(b);
    assert_true(b->failed);
    assert_true(b->input_mtime_ns == 9);
    assert_null(journal_index_find(&ix, "c.wav"));
    journal_index_free(&ix);
}

/* ---- the pool of workers ------------------------------------------------------------------- */

typedef struct job_spec {
    int messages;             /* sent, numbered from 0 */
    int end;                  /* exit status, or -SIGNAL to die of it, or 1000 to wait */
} job_spec;

static int run_job(void *arg, procpool_channel *channel)
{
    const job_spec *j = arg;
    for (int i = 0; i < j->messages; i++)
        if (procpool_send(channel, &i, sizeof i))
            return 99;
    if (j->end < 0)
        kill(getpid(), -j->end);
    if (j->end == 1000)
        pause();
    return j->end;
}

static void test_pool_messages_then_end(void **state)
{
    (void)state;
    procpool *p = procpool_new(2);
    assert_non_null(p);
    job_spec a = {5, 7}, b = {3, -SIGKILL}, c = {0, 0};
    assert_true(procpool_start(p, run_job, &a, &a) > 0);
    assert_true(procpool_start(p, run_job, &b, &b) > 0);
    assert_true(procpool_start(p, run_job, &c, &c) < 0); /* full */
    assert_int_equal(procpool_running(p), 2);
    int next[2] = {0, 0}, ended = 0;
    while (ended < 2) {
        procpool_event ev;
        assert_int_equal(procpool_wait(p, 5000, &ev), 1);
        int which = ev.job == &a ? 0 : 1;
        if (ev.type == PROCPOOL_MESSAGE) {
            int n;
            assert_int_equal(ev.len, sizeof n);
            memcpy(&n, ev.data, sizeof n);
            assert_int_equal(n, next[which]++); /* in order, none lost */
        } else {
            ended++;
            if (which == 0) {
                assert_int_equal(next[0], 5); /* every message before the end */
                assert_true(WIFEXITED(ev.status) && WEXITSTATUS(ev.status) == 7);
            } else {
                assert_int_equal(next[1], 3);
                assert_true(WIFSIGNALED(ev.status) && WTERMSIG(ev.status) == SIGKILL);
            }
        }
    }
    assert_int_equal(procpool_running(p), 0);
    procpool_event ev;
    assert_int_equal(procpool_wait(p, 10, &ev), 0);
    procpool_free(p);
}

static void test_pool_kill_and_timeout(void **state)
{
    (void)state;
    procpool *p = procpool_new(1);
    job_spec hang = {1, 1000};
    pid_t pid = procpool_start(p, run_job, &hang, &hang);
    assert_true(pid > 0);
    procpool_event ev;
    assert_int_equal(procpool_wait(p, 5000, &ev), 1);
    assert_int_equal(ev.type, PROCPOOL_MESSAGE);
    assert_int_equal(procpool_wait(p, 50, &ev), 0); /* it says nothing more */
    procpool_kill(p, pid, SIGTERM);
    assert_int_equal(procpool_wait(p, 5000, &ev), 1);
    assert_int_equal(ev.type, PROCPOOL_END);
    assert_true(WIFSIGNALED(ev.status) && WTERMSIG(ev.status) == SIGTERM);
    assert_true(procpool_has_room(p));
    procpool_free(p);
}

static int send_big(void *arg, procpool_channel *channel)
{
    (void)arg;
    static char big[PROCPOOL_MAX_MESSAGE + 1];
    memset(big, 'b', sizeof big);
    if (procpool_send(channel, big, sizeof big) == 0)
        return 1; /* too long: must be refused */
    return procpool_send(channel, big, PROCPOOL_MAX_MESSAGE) ? 2 : 0;
}

static void test_pool_longest_message(void **state)
{
    (void)state;
    procpool *p = procpool_new(1);
    assert_true(procpool_start(p, send_big, NULL, NULL) > 0);
    procpool_event ev;
    assert_int_equal(procpool_wait(p, 5000, &ev), 1);
    assert_int_equal(ev.type, PROCPOOL_MESSAGE);
    assert_int_equal(ev.len, PROCPOOL_MAX_MESSAGE);
    assert_int_equal(procpool_wait(p, 5000, &ev), 1);
    assert_int_equal(ev.type, PROCPOOL_END);
    assert_true(WIFEXITED(ev.status) && WEXITSTATUS(ev.status) == 0);
    procpool_free(p);
}

static void test_pool_free_kills_the_running(void **state)
{
    (void)state;
    procpool *p = procpool_new(3);
    job_spec hang = {0, 1000};
    pid_t pids[3];
    for (int i = 0; i < 3; i++)
        pids[i] = procpool_start(p, run_job, &hang, &hang);
    procpool_free(p);
    for (int i = 0; i < 3; i++)
        assert_int_equal(kill(pids[i], 0), -1); /* reaped: gone */
}

/* ---- the cores a batch may use ------------------------------------------------------------- */

/* Writes TEXT into DIR/NAME (DIR/cpu made when NAME is under it). */
static void put(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/cpu", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void remove_cgroup(const char *dir)
{
    const char *names[] = {"cpu.max", "cpu/cpu.cfs_quota_us", "cpu/cpu.cfs_period_us", "cpu"};
    char path[512];
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        remove(path);
    }
}

static void test_cgroup_quota(void **state)
{
    (void)state;
    char dir[] = "/tmp/ravi-cgroup.XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_int_equal(batch_cgroup_cores(dir), 0);              /* no cgroup files: no quota */
    put(dir, "cpu.max", "max 100000\n");
    assert_int_equal(batch_cgroup_cores(dir), 0);              /* v2, unlimited */
    put(dir, "cpu.max", "150000 100000\n");
    assert_int_equal(batch_cgroup_cores(dir), 2);              /* 1.5 cores: rounded up */
    put(dir, "cpu.max", "100000 100000\n");
    assert_int_equal(batch_cgroup_cores(dir), 1);
    put(dir, "cpu.max", "garbage\n");
    assert_int_equal(batch_cgroup_cores(dir), 0);
    remove_cgroup(dir);
    put(dir, "cpu/cpu.cfs_quota_us", "-1\n");                 /* v1, unlimited */
    put(dir, "cpu/cpu.cfs_period_us", "100000\n");
    assert_int_equal(batch_cgroup_cores(dir), 0);
    put(dir, "cpu/cpu.cfs_quota_us", "400000\n");             /* v1, 4 cores */
    assert_int_equal(batch_cgroup_cores(dir), 4);
    /* the quota caps the affinity; a quota above it changes nothing */
    remove_cgroup(dir);
    int affinity = batch_cores(dir);
    assert_true(affinity >= 1);
    put(dir, "cpu/cpu.cfs_period_us", "100000\n");
    put(dir, "cpu/cpu.cfs_quota_us", "100000\n");
    assert_int_equal(batch_cores(dir), 1);
    put(dir, "cpu/cpu.cfs_quota_us", "99900000\n");
    assert_int_equal(batch_cores(dir), affinity);
    remove_cgroup(dir);
    rmdir(dir);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manifest_lines),
        cmocka_unit_test(test_manifest_bad_lines),
        cmocka_unit_test(test_manifest_nul_and_long_lines),
        cmocka_unit_test(test_output_names_from_inputs),
        cmocka_unit_test(test_output_names_from_manifest),
        cmocka_unit_test(test_companion_names),
        cmocka_unit_test(test_shard_option),
        cmocka_unit_test(test_shard_environments),
        cmocka_unit_test(test_journal_round_trip),
        cmocka_unit_test(test_journal_rejects_what_is_not_a_record),
        cmocka_unit_test(test_journal_index_keeps_last_record),
        cmocka_unit_test(test_pool_messages_then_end),
        cmocka_unit_test(test_pool_kill_and_timeout),
        cmocka_unit_test(test_pool_longest_message),
        cmocka_unit_test(test_pool_free_kills_the_running),
        cmocka_unit_test(test_cgroup_quota),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
