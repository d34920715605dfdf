/* The batch's progress line on a terminal: articles done, failed and left, audio made, speed and
 * time left; redrawn a few times a second on standard error, cleared before any message. */
#ifndef RAVI_BATCH_PROGRESS_H
#define RAVI_BATCH_PROGRESS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

typedef struct batch_counts {
    size_t done, failed, left;
    double audio_seconds;     /* made so far, the articles being made included */
    uint64_t bytes_done, bytes_total; /* of the inputs to write: for the time left */
} batch_counts;

typedef struct batch_progress {
    int on;
    struct timespec started, drawn_at;
    int drawn;
} batch_progress;

/* Shown when standard error is a terminal and not quiet. */
void batch_progress_start(batch_progress *p, int quiet);
/* Redraws, at most five times a second unless `now`. */
void batch_progress_draw(batch_progress *p, const batch_counts *c, int now);
/* Clears the line (before a message, and at the end). */
void batch_progress_clear(batch_progress *p);
/* Seconds since the start. */
double batch_progress_elapsed(const batch_progress *p);

/* A duration for people: "42 s", "12.5 min", "3.4 h". */
void batch_format_duration(double seconds, char *buf, size_t size);

#endif
