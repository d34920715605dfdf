/* A URL's page, fetched by the program ravi-fetch beside this one (src/fetch/main.c; fetch.h says
 * why ravi does not link libcurl itself). */
#include "cli.h"
#include "datadir.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define POLL_MS 100 /* how often o->cancelled is asked while the page comes */

/* Starts ravi-fetch URL TIMEOUT with its standard output into a pipe (*out). Returns its pid, or
 * -1 after an error in d. */
static pid_t start_fetcher(const char *url, int timeout_s, int *out, diag *d)
{
    char dir[PATH_MAX], path[PATH_MAX + 16], timeout[16];
    datadir_binary_dir(NULL, dir, sizeof dir);
    snprintf(path, sizeof path, "%s/ravi-fetch", dir);
    snprintf(timeout, sizeof timeout, "%d", timeout_s);
    int fds[2];
    if (pipe(fds))
        return diag_fail(d, RAVI_E_IO, "%s: cannot make a pipe: %s", url, strerror(errno));
    /* no other child of ravi's (a batch worker) keeps the pipe open */
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    posix_spawn_file_actions_t fa;
    int rc = posix_spawn_file_actions_init(&fa);
    if (!rc)
        rc = posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    if (!rc)
        rc = posix_spawn_file_actions_addclose(&fa, fds[0]);
    pid_t pid = -1;
    char *argv[] = {path, (char *)url, timeout, NULL};
    if (!rc)
        rc = posix_spawn(&pid, path, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc) {
        close(fds[0]);
        return diag_fail(d, RAVI_E_INPUT, "%s: cannot run %s: %s (it is built and installed beside ravi)",
                         url, path, strerror(rc));
    }
    *out = fds[0];
    return pid;
}

/* ravi-fetch's whole reply into r. 0; 1 when o->cancelled stopped it; -1 after an error in d. */
static int read_reply(int fd, const char *url, const fetch_options *o, strbuf *r, diag *d)
{
    /* the page once decoded is at most max bytes; as UTF-8, at most 3 bytes each */
    size_t limit = 3 * (o->max_bytes ? o->max_bytes : FETCH_MAX_BYTES) + 4096;
    char buf[65536];
    for (;;) {
        if (o->cancelled && o->cancelled())
            return 1;
        struct pollfd p = {fd, POLLIN, 0};
        int ready = poll(&p, 1, POLL_MS);
        if (ready < 0 && errno != EINTR)
            return diag_fail(d, RAVI_E_INPUT, "%s: cannot read ravi-fetch's reply: %s", url, strerror(errno));
        if (ready <= 0)
            continue;
        ssize_t n = read(fd, buf, sizeof buf);
        if (n == 0)
            return 0;
        if (n < 0 && errno != EINTR && errno != EAGAIN)
            return diag_fail(d, RAVI_E_INPUT, "%s: cannot read ravi-fetch's reply: %s", url, strerror(errno));
        if (n > 0 && (r->len + (size_t)n > limit || sb_append(r, buf, (size_t)n)))
            return r->len + (size_t)n > limit
                       ? diag_fail(d, RAVI_E_INPUT, "%s: ravi-fetch answered something else than a page", url)
                       : diag_nomem(d);
    }
}

/* Waits for the fetcher; "" when it ended well, else what ended it, into why. */
static void reap(pid_t pid, char *why, size_t size)
{
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    why[0] = '\0';
    if (WIFSIGNALED(status))
        snprintf(why, size, "killed by signal %d", WTERMSIG(status));
    else if (WIFEXITED(status) && WEXITSTATUS(status))
        snprintf(why, size, "exit status %d", WEXITSTATUS(status));
}

int cli_fetch_page(const char *url, const fetch_options *o, fetched_page *out, diag *d)
{
    memset(out, 0, sizeof *out);
    int fd;
    pid_t pid = start_fetcher(url, o->timeout_s, &fd, d);
    if (pid < 0)
        return -1;
    strbuf reply;
    sb_init(&reply);
    int rc = read_reply(fd, url, o, &reply, d);
    if (rc)
        kill(pid, SIGTERM);
    close(fd);
    char why[64];
    reap(pid, why, sizeof why);
    if (rc == 1 || (rc == 0 && why[0] && o->cancelled && o->cancelled()))
        rc = diag_cancel(d); /* an interrupt reaches ravi-fetch too */
    else if (rc == 0 && why[0])
        rc = diag_fail(d, RAVI_E_INPUT, "%s: ravi-fetch failed (%s)", url, why);
    else if (rc == 0)
        rc = fetch_reply_read(reply.s ? reply.s : "", reply.len, url, out, d);
    sb_free(&reply);
    return rc;
}
