#include "outfile.h"
#include "outpath.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Called once the temporary file is renamed into place or removed. */
static void outfile_release(outfile *o)
{
    diag *d = o->diag;
    outpath_temp_done(o->tmp);
    free(o->tmp);
    free(o->path);
    free(o->target);
    memset(o, 0, sizeof *o);
    o->diag = d;
}

/* Opens what the resolved path says: a temporary file, a stream, or standard output. */
static int open_resolved(outfile *o, outpath *p)
{
    if (p->kind == OUTPATH_STDOUT) {
        o->f = stdout;
        return 0;
    }
    int fd;
    if (p->kind == OUTPATH_STREAM) {
        fd = outpath_open_stream(p, o->diag);
        o->own_stream = 1;
    } else {
        fd = outpath_create_temp(p, &o->tmp, o->diag);
        o->target = p->target; /* kept for the rename */
        p->target = NULL;
    }
    if (fd < 0)
        return -1;
    if (!(o->f = fdopen(fd, "w"))) {
        diag_fail(o->diag, RAVI_E_IO, "%s: cannot write here: %s", o->path, strerror(errno));
        close(fd);
        if (o->tmp)
            unlink(o->tmp);
        return -1;
    }
    return 0;
}

int outfile_open(outfile *o, const char *path, diag *d)
{
    memset(o, 0, sizeof *o);
    o->diag = d;
    if (strcmp(path, "-") && !(o->path = xstrndup(path, strlen(path))))
        return diag_nomem(d);
    outpath p;
    int rc = outpath_resolve(path, &p, d) ? -1 : open_resolved(o, &p);
    outpath_free(&p);
    if (rc)
        outfile_release(o);
    return rc;
}

const char *outfile_name(const outfile *o)
{
    return o->path && o->f != stdout ? o->path : "standard output";
}

/* A write to a stream whose reader has gone: not an error, the end of the run. */
static int reader_went_away(outfile *o, int err)
{
    if (err == EPIPE && !o->tmp)
        o->closed_pipe = 1;
    return o->closed_pipe;
}

int outfile_write_failed(outfile *o)
{
    int err = errno ? errno : EIO;
    if (!reader_went_away(o, err))
        diag_fail(o->diag, RAVI_E_IO, "%s: write failed: %s", outfile_name(o), strerror(err));
    return -1;
}

int outfile_check(outfile *o)
{
    return ferror(o->f) ? outfile_write_failed(o) : 0;
}

/* Standard output, or a device, FIFO or socket: flushed, closed when Ravi opened it. */
static int commit_stream(outfile *o)
{
    errno = 0;
    int bad = fflush(o->f) == EOF || ferror(o->f);
    int err = errno ? errno : EIO;
    if (o->own_stream && fclose(o->f) == EOF && !bad) {
        bad = 1;
        err = errno ? errno : EIO;
    }
    if (bad && !reader_went_away(o, err))
        diag_fail(o->diag, RAVI_E_IO, "%s: write failed: %s", outfile_name(o), strerror(err));
    outfile_release(o);
    return bad ? -1 : 0;
}

int outfile_commit(outfile *o)
{
    if (!o->f)
        return 0;
    if (!o->tmp)
        return commit_stream(o);
    errno = 0;
    int bad = fflush(o->f) == EOF || ferror(o->f);
    int err = errno;
    if (fclose(o->f) == EOF && !bad) {
        bad = 1;
        err = errno;
    }
    if (bad)
        diag_fail(o->diag, RAVI_E_IO, "%s: write failed: %s", o->path, strerror(err ? err : EIO));
    else if (rename(o->tmp, o->target)) {
        diag_fail(o->diag, RAVI_E_IO, "%s: cannot rename the finished file into place: %s", o->path,
                  strerror(errno));
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
    } else if (o->own_stream) {
        fclose(o->f);
    }
    outfile_release(o);
}
