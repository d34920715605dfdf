#include "outfile.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int temp_create_beside(const char *path, char **tmp)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        ravi_error("%s: is a directory, not a file name", path);
        return -1;
    }
    if (!(*tmp = temp_name_for(path))) {
        ravi_error("out of memory");
        return -1;
    }
    int fd = mkstemp(*tmp);
    if (fd < 0) {
        ravi_error("%s: cannot write here: %s", path, strerror(errno));
        free(*tmp);
        *tmp = NULL;
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask); /* mkstemp makes 0600; the file should look like any other */
    return fd;
}

static int is_stdout(const char *path)
{
    return !strcmp(path, "-");
}

int outfile_open(outfile *o, const char *path)
{
    memset(o, 0, sizeof *o);
    if (is_stdout(path)) {
        o->f = stdout;
        return 0;
    }
    if (!(o->path = xstrndup(path, strlen(path)))) {
        ravi_error("out of memory");
        return -1;
    }
    int fd = temp_create_beside(path, &o->tmp);
    if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
        if (fd >= 0) {
            ravi_error("%s: cannot write here: %s", path, strerror(errno));
            close(fd);
            unlink(o->tmp);
        }
        free(o->tmp);
        free(o->path);
        memset(o, 0, sizeof *o);
        return -1;
    }
    return 0;
}

const char *outfile_name(const outfile *o)
{
    return o->path ? o->path : "standard output";
}

int outfile_check(outfile *o)
{
    if (!ferror(o->f))
        return 0;
    ravi_error("%s: write failed: %s", outfile_name(o), strerror(errno ? errno : EIO));
    return -1;
}

static void outfile_release(outfile *o)
{
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
}

int outfile_commit(outfile *o)
{
    if (!o->f)
        return 0;
    if (!o->tmp) {
        int bad = fflush(o->f) == EOF || ferror(o->f);
        if (bad)
            ravi_error("standard output: write failed: %s", strerror(errno ? errno : EIO));
        outfile_release(o);
        return bad ? -1 : 0;
    }
    errno = 0;
    int bad = fflush(o->f) == EOF || ferror(o->f);
    int err = errno;
    if (fclose(o->f) == EOF && !bad) {
        bad = 1;
        err = errno;
    }
    if (bad)
        ravi_error("%s: write failed: %s", o->path, strerror(err ? err : EIO));
    else if (rename(o->tmp, o->path)) {
        ravi_error("%s: cannot rename the finished file into place: %s", o->path, strerror(errno));
        bad = 1;
    }
    if (bad)
        unlink(o->tmp);
    outfile_release(o);
    return bad ? -1 : 0;
}

void outfile_discard(outfile *o)
{
    if (!o->f)
        return;
    if (o->tmp) {
        fclose(o->f);
        unlink(o->tmp);
    }
    outfile_release(o);
}
