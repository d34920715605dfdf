/* Text files written whole or not at all (subtitles, JSON events): written to a temporary file
 * beside the target and renamed into place when complete, removed on failure or interruption.
 * "-" is standard output, written as it goes. */
#ifndef RAVI_OUTFILE_H
#define RAVI_OUTFILE_H

#include <stdio.h>

typedef struct outfile {
    FILE *f;
    char *path, *tmp; /* tmp is NULL for standard output */
} outfile;

/* dir/.name.XXXXXX beside `path`, created with mkstemp and the umask's permissions: the final
 * rename stays on one file system. Returns its descriptor and the name in *tmp (caller frees),
 * or -1 after printing a message naming `path`. */
int temp_create_beside(const char *path, char **tmp);

/* Opens `path` ("-": standard output) for writing. -1 after printing a message. */
int outfile_open(outfile *o, const char *path);
/* Checks that everything was written, then renames the file into place. -1 after a message. */
int outfile_commit(outfile *o);
/* Removes the partial file. */
void outfile_discard(outfile *o);
/* 0 while writing works; -1 after printing a message when a write has failed. */
int outfile_check(outfile *o);
/* The name for messages. */
const char *outfile_name(const outfile *o);

#endif
