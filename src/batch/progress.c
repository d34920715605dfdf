#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define REDRAW_SECONDS 0.2

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void batch_progress_start(batch_progress *p, int quiet)
{
    memset(p, 0, sizeof *p);
    p->on = !quiet && isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &p->started);
}

double batch_progress_elapsed(const batch_progress *p)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return seconds_between(&p->started, &now);
}

void batch_format_duration(double seconds, char *buf, size_t size)
{
    if (seconds >= 3600)
        snprintf(buf, size, "%.1f h", seconds / 3600);
    else if (seconds >= 60)
        snprintf(buf, size, "%.1f min", seconds / 60);
    else if (seconds >= 10)
        snprintf(buf, size, "%.0f s", seconds);
    else
        snprintf(buf, size, "%.1f s", seconds);
}

void batch_progress_draw(batch_progress *p, const batch_counts *c, int now)
{
    if (!p->on)
        return;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    if (!now && p->drawn && seconds_between(&p->drawn_at, &t) < REDRAW_SECONDS)
        return;
    p->drawn_at = t;
    double elapsed = seconds_between(&p->started, &t);
    char audio[32], left[48] = "";
    batch_format_duration(c->audio_seconds, audio, sizeof audio);
    /* the time left goes by the bytes still to read: articles differ in length */
    if (c->bytes_done && c->bytes_total > c->bytes_done) {
        char d[32];
        batch_format_duration(elapsed * (double)(c->bytes_total - c->bytes_done) / (double)c->bytes_done,
                              d, sizeof d);
        snprintf(left, sizeof left, " · %s left", d);
    }
    fprintf(stderr, "\rravi batch: %zu done, %zu failed, %zu left · %s of audio · %.1f× real time%s\033[K",
            c->done, c->failed, c->left, audio, elapsed > 0 ? c->audio_seconds / elapsed : 0.0, left);
    fflush(stderr);
    p->drawn = 1;
}

void batch_progress_clear(batch_progress *p)
{
    if (p->drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    p->drawn = 0;
}
