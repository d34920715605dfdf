#include "outpath.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* More links than this in a chain is a loop (the kernel's own limit is 40). */
#define MAX_LINK_HOPS 40

static int is_stdout_name(const char *path)
{
    return !strcmp(path, "-");
}

static int same_node(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

int outpath_stdout_is_regular(void)
{
    struct stat st;
    return fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode);
}

/* The directory part of `path` ("." when none), malloc'd. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrndup(".", 1);
    return xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* A dangling symbolic link: follows the chain to the name that does not exist yet, which is
 * where the file will be made. NULL after a message. */
static char *follow_dangling_link(const char *path, diag *d)
{
    char *cur = xstrndup(path, strlen(path));
    for (int hops = 0; cur && hops < MAX_LINK_HOPS; hops++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return cur;
        char link[PATH_MAX];
        ssize_t n = readlink(cur, link, sizeof link - 1);
        if (n < 0) {
            diag_fail(d, RAVI_E_IO, "%s: cannot read the link: %s", path, strerror(errno));
            free(cur);
            return NULL;
        }
        link[n] = '\0';
        char *next;
        if (link[0] == '/') {
            next = xstrndup(link, (size_t)n);
        } else {
            char *dir = dir_of(cur);
            size_t len = (dir ? strlen(dir) : 0) + 1 + (size_t)n + 1;
            next = dir ? malloc(len) : NULL;
            if (next)
                snprintf(next, len, "%s/%s", dir, link);
            free(dir);
        }
        free(cur);
        cur = next;
    }
    if (cur) {
        diag_fail(d, RAVI_E_IO, "%s: too many levels of symbolic links", path);
        free(cur);
    } else {
        diag_nomem(d);
    }
    return NULL;
}

/* The absolute name a file not made yet will have: its directory resolved, then its name. */
static char *future_identity(const char *target)
{
    char *dir = dir_of(target);
    const char *slash = strrchr(target, '/');
    const char *base = slash ? slash + 1 : target;
    char real[PATH_MAX];
    char *id = NULL;
    if (dir && realpath(dir, real)) {
        size_t len = strlen(real) + 1 + strlen(base) + 1;
        if ((id = malloc(len)))
            snprintf(id, len, "%s/%s", real, base);
    } else {
        id = xstrndup(target, strlen(target)); /* its directory is missing: writing will say so */
    }
    free(dir);
    return id;
}

static int resolve_new(outpath *o, char *target, diag *d)
{
    o->kind = OUTPATH_FILE;
    o->target = target;
    o->identity = future_identity(target);
    if (!o->identity) {
        diag_nomem(d);
        return -1;
    }
    return 0;
}

/* Something exists at the path: what it is decides how it is written. */
static int resolve_existing(outpath *o, const char *path, const struct stat *st, int via_link,
                            diag *d)
{
    o->exists = 1;
    o->dev = st->st_dev;
    o->ino = st->st_ino;
    o->mode = st->st_mode;
    struct stat out;
    if (fstat(STDOUT_FILENO, &out) == 0 && same_node(st, &out)) {
        o->kind = OUTPATH_STDOUT; /* /dev/stdout, or the file standard output already writes */
        return 0;
    }
    if (S_ISDIR(st->st_mode)) {
        diag_fail(d, RAVI_E_IO, "%s: is a directory, not a file name", path);
        return -1;
    }
    if (S_ISBLK(st->st_mode)) {
        diag_fail(d, RAVI_E_IO, "%s: is a block device; Ravi does not write over disks", path);
        return -1;
    }
    if (S_ISCHR(st->st_mode) || S_ISFIFO(st->st_mode) || S_ISSOCK(st->st_mode)) {
        o->kind = OUTPATH_STREAM;
        return 0;
    }
    o->kind = OUTPATH_FILE;
    /* a link: the file it points to is replaced, beside itself, and the link stays */
    o->target = via_link ? realpath(path, NULL) : xstrndup(path, strlen(path));
    if (!o->target) {
        diag_fail(d, RAVI_E_IO, "%s: cannot resolve the link: %s", path, strerror(errno ? errno : ENOMEM));
        return -1;
    }
    return 0;
}

int outpath_resolve(const char *path, outpath *o, diag *d)
{
    memset(o, 0, sizeof *o);
    o->name = path;
    if (is_stdout_name(path)) {
        o->kind = OUTPATH_STDOUT;
        return 0;
    }
    struct stat lst, st;
    if (lstat(path, &lst) != 0) {
        if (errno != ENOENT) {
            diag_fail(d, RAVI_E_IO, "%s: cannot write here: %s", path, strerror(errno));
            return -1;
        }
        char *target = xstrndup(path, strlen(path));
        if (!target) {
            diag_nomem(d);
            return -1;
        }
        return resolve_new(o, target, d);
    }
    if (!S_ISLNK(lst.st_mode))
        return resolve_existing(o, path, &lst, 0, d);
    /* stat follows the kernel's own links too (/dev/stdout → /proc/self/fd/1 → a pipe) */
    if (stat(path, &st) == 0)
        return resolve_existing(o, path, &st, 1, d);
    if (errno != ENOENT) {
        diag_fail(d, RAVI_E_IO, "%s: cannot write here: %s", path, strerror(errno));
        return -1;
    }
    char *target = follow_dangling_link(path, d);
    return target ? resolve_new(o, target, d) : -1;
}

void outpath_free(outpath *o)
{
    free(o->target);
    free(o->identity);
    memset(o, 0, sizeof *o);
}

static int connect_socket(const char *path)
{
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof addr.sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(addr.sun_path, path, strlen(path));
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        int err = errno;
        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

int outpath_open_stream(const outpath *o, diag *d)
{
    int fd = S_ISSOCK(o->mode) ? connect_socket(o->name)
                               : open(o->name, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        diag_fail(d, RAVI_E_IO, "%s: cannot write here: %s", o->name, strerror(errno));
        return -1;
    }
    /* what was checked is what was opened: a regular file put there since is not written over */
    struct stat st;
    if (fstat(fd, &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) || S_ISBLK(st.st_mode)) {
        diag_fail(d, RAVI_E_IO, "%s: changed while it was being opened; not written", o->name);
        close(fd);
        return -1;
    }
    return fd;
}

/* The temporary files being written, for outpath_remove_temps: a handler of a crash signal can
 * only reach them through a global, and may neither allocate nor lock. A run writes at most
 * three (audio, subtitles, events). */
#define OUTPATH_MAX_TEMPS 8
static char temp_names[OUTPATH_MAX_TEMPS][PATH_MAX];
static volatile sig_atomic_t temp_in_use[OUTPATH_MAX_TEMPS];

/* Who else is told of each temporary file (outpath_watch_temps). */
static void (*temp_watcher)(const char *tmp, void *ctx);
static void *temp_watcher_ctx;

void outpath_watch_temps(void (*fn)(const char *tmp, void *ctx), void *ctx)
{
    temp_watcher = fn;
    temp_watcher_ctx = ctx;
}

static void remember_temp(const char *name)
{
    if (temp_watcher)
        temp_watcher(name, temp_watcher_ctx);
    for (int i = 0; i < OUTPATH_MAX_TEMPS; i++) {
        if (!temp_in_use[i] && strlen(name) < sizeof temp_names[i]) {
            memcpy(temp_names[i], name, strlen(name) + 1);
            temp_in_use[i] = 1;
            return;
        }
    }
}

void outpath_temp_done(const char *tmp)
{
    for (int i = 0; tmp && i < OUTPATH_MAX_TEMPS; i++)
        if (temp_in_use[i] && !strcmp(temp_names[i], tmp))
            temp_in_use[i] = 0;
}

void outpath_remove_temps(void)
{
    for (int i = 0; i < OUTPATH_MAX_TEMPS; i++)
        if (temp_in_use[i])
            unlink(temp_names[i]); /* async-signal-safe */
}

/* dir/.name.XXXXXX beside the target: the final rename stays on one file system. */
static char *temp_name_for(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    size_t n = dirlen + strlen(base) + 16;
    char *tmp = malloc(n);
    if (tmp)
        snprintf(tmp, n, "%.*s.%s.XXXXXX", (int)dirlen, path, base);
    return tmp;
}

int outpath_create_temp(const outpath *o, char **tmp, diag *d)
{
    if (!(*tmp = temp_name_for(o->target))) {
        diag_nomem(d);
        return -1;
    }
    int fd = mkstemp(*tmp);
    if (fd < 0) {
        diag_fail(d, RAVI_E_IO, "%s: cannot write here: %s", o->name, strerror(errno));
        free(*tmp);
        *tmp = NULL;
        return -1;
    }
    remember_temp(*tmp);
    mode_t mask = umask(0);
    umask(mask);
    /* mkstemp makes 0600; the file should look like the one it replaces, or like any other */
    fchmod(fd, o->exists ? (o->mode & 07777) : (0666 & ~mask));
    return fd;
}

/* Two resolved outputs are one file. Standard output is compared by the caller's rules. */
static int outpaths_collide(const outpath *a, const outpath *b)
{
    if (a->kind == OUTPATH_STDOUT || b->kind == OUTPATH_STDOUT)
        return a->kind == b->kind;
    if (a->exists && b->exists)
        return a->dev == b->dev && a->ino == b->ino;
    return !a->exists && !b->exists && !strcmp(a->identity, b->identity);
}

static int is_input(const outpath *o, const struct stat *in, int have_input)
{
    return have_input && o->kind != OUTPATH_STDOUT && o->exists && o->dev == in->st_dev &&
           o->ino == in->st_ino && !S_ISCHR(o->mode);
}

int outpath_check_distinct(const char *input, const char *const *outputs,
                           const char *const *option, size_t n, diag *d)
{
    struct stat in;
    int have_input = input && (is_stdout_name(input) ? fstat(STDIN_FILENO, &in) == 0
                                                     : stat(input, &in) == 0);
    const char *input_name = input && !is_stdout_name(input) ? input : "standard input";
    outpath *o = calloc(n ? n : 1, sizeof *o);
    if (!o) {
        diag_nomem(d);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (!outputs[i])
            continue;
        if (outpath_resolve(outputs[i], &o[i], d)) {
            rc = -1;
        } else if (is_input(&o[i], &in, have_input)) {
            diag_fail(d, RAVI_E_IO, "%s %s: is the input (%s); refusing to write over it", option[i], outputs[i],
                       input_name);
            rc = -2;
        }
        for (size_t j = 0; j < i && rc == 0; j++) {
            if (outputs[j] && outpaths_collide(&o[i], &o[j])) {
                diag_fail(d, RAVI_E_IO, "%s %s and %s %s name the same file; give each output its own", option[j],
                           outputs[j], option[i], outputs[i]);
                rc = -2;
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        outpath_free(&o[i]); /* those never resolved are still zeroed */
    free(o);
    return rc;
}
