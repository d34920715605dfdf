/* What an output path names, decided before anything is written, so that writing never destroys
 * what Ravi did not create (issue 19):
 *   a regular file or a new name  → a temporary file beside it, renamed into place when complete;
 *   a symbolic link               → the same beside the file it resolves to (the link stays a link);
 *   a character device, FIFO or socket → written straight into, no temporary file;
 *   "-", or standard output itself (/dev/stdout) → standard output;
 *   a directory or a block device → refused.
 * An output that is the same file as the input, or two outputs that are one file, are refused
 * before anything is opened (outpath_check_distinct). */
#ifndef RAVI_OUTPATH_H
#define RAVI_OUTPATH_H

#include <stddef.h>
#include <sys/types.h>

#include "diag.h"

typedef enum outpath_kind {
    OUTPATH_STDOUT,
    OUTPATH_FILE,
    OUTPATH_STREAM,
} outpath_kind;

typedef struct outpath {
    outpath_kind kind;
    const char *name;   /* the path as given, for messages (borrowed) */
    char *target;       /* OUTPATH_FILE: the path the finished file is renamed onto; else NULL */
    int exists;         /* something is at the (resolved) path now */
    dev_t dev;          /* when it exists: its identity */
    ino_t ino;
    mode_t mode;        /* when it exists: its type and permission bits */
    char *identity;     /* when it does not: the absolute path it will have, to compare names */
} outpath;

/* Decides what `path` is ("-": standard output). Returns 0, or -1 after an error in d naming it.
 * (Every function here reports to the diag it is given.) */
int outpath_resolve(const char *path, outpath *o, diag *d);
void outpath_free(outpath *o);

/* OUTPATH_STREAM: opens the device, FIFO (waits for its reader, as any writer does) or socket
 * for writing. Returns a descriptor, or -1 after an error. */
int outpath_open_stream(const outpath *o, diag *d);

/* Standard output is a regular file, or a device or pipe Ravi would write straight into. */
int outpath_stdout_is_regular(void);

/* The temporary file beside o->target, with the permissions the finished file should have (the
 * replaced file's, else what the umask allows). Returns its descriptor and name (caller frees),
 * or -1 after an error. */
int outpath_create_temp(const outpath *o, char **tmp, diag *d);

/* The temporary file `tmp` made by outpath_create_temp is gone (renamed into place, or removed):
 * outpath_remove_temps no longer needs to remove it. */
void outpath_temp_done(const char *tmp);
/* Removes every temporary file still being written. Async-signal-safe: for a handler of a crash
 * signal (SIGSEGV, SIGABRT, SIGBUS…), when nothing else will clean up. */
void outpath_remove_temps(void);

/* Tells fn of each temporary file as soon as it is made (NULL: no one): a batch worker passes
 * the names to its parent, which removes them should the worker be killed outright (SIGKILL),
 * when no handler of its own can. */
void outpath_watch_temps(void (*fn)(const char *tmp, void *ctx), void *ctx);

/* Checks the outputs of one run against its input and each other. `input` is a path or "-"
 * (standard input); outputs[i] may be NULL (not asked for) and option[i] names the option that
 * gave it (e.g. "-o", "--subtitles"). Returns 0; -2 after an error when an output is the input
 * (a terminal aside: reading and writing one is what terminals are for) or two outputs are one
 * file (a usage error); -1 after an error when a path cannot be written at all (a directory, a
 * block device). */
int outpath_check_distinct(const char *input, const char *const *outputs,
                           const char *const *option, size_t n, diag *d);

#endif
