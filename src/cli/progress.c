#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BAR_WIDTH 24
#define REDRAW_NS 100000000L /* a tenth of a second: a faster bar only costs time */

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static uint64_t input_size(const char *path)
{
    struct stat st;
    if (strcmp(path, "-") && stat(path, &st) == 0 && S_ISREG(st.st_mode))
        return (uint64_t)st.st_size;
    return 0;
}

void progress_start(progress *p, int writing, int quiet, const char *input, int rate)
{
    memset(p, 0, sizeof *p);
    p->on = writing && !quiet && isatty(STDERR_FILENO);
    p->rate = rate > 0 ? rate : 1;
    p->total_bytes = input_size(input);
    clock_gettime(CLOCK_MONOTONIC, &p->started);
}

static void draw(progress *p, uint64_t offset, uint64_t samples, double elapsed)
{
    char bar[BAR_WIDTH + 1];
    double audio = (double)samples / p->rate;
    double speed = elapsed > 0 ? audio / elapsed : 0;
    if (p->total_bytes) {
        double done = offset >= p->total_bytes ? 1.0 : (double)offset / (double)p->total_bytes;
        int filled = (int)(done * BAR_WIDTH);
        for (int i = 0; i < BAR_WIDTH; i++)
            bar[i] = i < filled ? '#' : '-';
        bar[BAR_WIDTH] = 0;
        fprintf(stderr, "\r[%s] %3d%%  %.1f s of audio  %.1f× real time\033[K", bar,
                (int)(done * 100), audio, speed);
    } else {
        fprintf(stderr, "\r%.1f s of audio  %.1f× real time\033[K", audio, speed);
    }
    fflush(stderr);
    p->drawn = 1;
}

void progress_update(progress *p, uint64_t offset, uint64_t samples)
{
    if (!p->on)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (p->drawn && seconds_between(&p->drawn_at, &now) * 1e9 < REDRAW_NS)
        return;
    p->drawn_at = now;
    draw(p, offset, samples, seconds_between(&p->started, &now));
}

void progress_end(progress *p)
{
    if (p->drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    p->drawn = 0;
}
