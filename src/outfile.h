/* Text files written whole or not at all (subtitles, JSON events). The path is first resolved
 * (outpath.h): a regular file or a new name is written to a temporary file beside it and renamed
 * into place when complete, removed on failure or interruption; a device, FIFO or socket is
 * written straight into; "-" (or /dev/stdout) is standard output, written as it goes. */
#ifndef RAVI_OUTFILE_H
#define RAVI_OUTFILE_H

#include <stdio.h>

#include "diag.h"

typedef struct outfile {
    FILE *f;
    char *path;       /* the name for messages */
    char *target;     /* a file: where it is renamed to; NULL for a stream */
    char *tmp;        /* a file: the temporary file being written; NULL for a stream */
    int own_stream;   /* a device, FIFO or socket Ravi opened: closed at the end */
    int closed_pipe;  /* a stream's reader went away (EPIPE): stop quietly */
    diag *diag;       /* where its errors go, each naming the file */
} outfile;

/* Opens `path` ("-": standard output) for writing; errors then and later go to d. -1 after an
 * error. */
int outfile_open(outfile *o, const char *path, diag *d);
/* Checks that everything was written, then renames the file into place. -1 after an error
 * (none when the reader of a stream went away: o->closed_pipe is set). */
int outfile_commit(outfile *o);
/* Removes the partial file. */
void outfile_discard(outfile *o);
/* 0 while writing works; -1 when a write has failed: after an error, or quietly with
 * closed_pipe set when a stream's reader went away (the run then ends as on a closed pipe). */
int outfile_check(outfile *o);
/* A write to the file has just failed (errno says why): the same error or closed_pipe; -1. */
int outfile_write_failed(outfile *o);
/* The name for messages. */
const char *outfile_name(const outfile *o);

#endif
