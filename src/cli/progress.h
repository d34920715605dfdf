/* The progress bar of `ravi say -o`: how much of the text is read, how much audio is made and how
 * fast, on one line of standard error, only when that is a terminal and --quiet is not given. */
#ifndef RAVI_PROGRESS_H
#define RAVI_PROGRESS_H

#include <stdint.h>
#include <time.h>

typedef struct progress {
    int on;
    int rate;                 /* samples per second */
    uint64_t total_bytes;     /* the input's size, 0 when unknown (a pipe) */
    struct timespec started, drawn_at;
    int drawn;                /* something is on the line and must be cleared */
} progress;

/* Decides whether to show the bar (writing a file, stderr a terminal, not --quiet); `input` is
 * the input's path ("-": standard input, whose size is unknown). */
void progress_start(progress *p, int writing, int quiet, const char *input, int rate);
/* Redraws, at most ten times a second: `offset` bytes of the input read, `samples` made. */
void progress_update(progress *p, uint64_t offset, uint64_t samples);
/* Clears the line. */
void progress_end(progress *p);

#endif
