/* Audio on a stream: standard output, or a device, FIFO or socket written straight into (see
 * outpath.h). Bare PCM, a WAV stream, or what libsndfile can write to a pipe (Ogg Vorbis, Ogg
 * Opus, MP3; FLAC only when the stream is a regular file, i.e. standard output redirected).
 * A pipe cannot be rewound to fill in the header's sizes, so a streamed WAV says "unknown length" (0xFFFFFFFF) as streaming tools expect;
 * when standard output is a regular file, libsndfile writes an exact header. */
#include "sink.h"
#include "../util.h"

#include <errno.h>
#include <poll.h>
#include <sndfile.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct stdout_sink {
    sink base;
    SNDFILE *sf;      /* libsndfile's encoder, or NULL for bare PCM and a streamed WAV */
    int fd;
    int own_fd;       /* opened by Ravi (a device, FIFO or socket): closed at the end */
    const char *name; /* for messages: "standard output" or the path (borrowed) */
} stdout_sink;

/* libsndfile's encoders do not always pass EPIPE on: a pipe whose reader has gone polls POLLERR */
static int reader_gone(int fd)
{
    struct pollfd p = {fd, 0, 0};
    return poll(&p, 1, 0) == 1 && (p.revents & POLLERR);
}

static int write_all(sink *s, const void *data, size_t n)
{
    stdout_sink *ss = (stdout_sink *)s;
    const char *p = data;
    while (n > 0) {
        ssize_t w = write(ss->fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            if (errno == EPIPE)
                s->closed_pipe = 1; /* the reader went away: stop quietly */
            else
                diag_fail(s->diag, RAVI_E_IO, "%s: write failed: %s", ss->name, strerror(errno));
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static void put_le(unsigned char *p, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static int write_stream_header(sink *s, int rate)
{
    unsigned char h[44];
    memcpy(h, "RIFF", 4);
    put_le(h + 4, 0xFFFFFFFFu, 4);
    memcpy(h + 8, "WAVEfmt ", 8);
    put_le(h + 16, 16, 4);                   /* fmt chunk size */
    put_le(h + 20, 1, 2);                    /* PCM */
    put_le(h + 22, 1, 2);                    /* mono */
    put_le(h + 24, (uint32_t)rate, 4);
    put_le(h + 28, (uint32_t)rate * 2, 4);   /* bytes per second */
    put_le(h + 32, 2, 2);                    /* block align */
    put_le(h + 34, 16, 2);                   /* bits per sample */
    memcpy(h + 36, "data", 4);
    put_le(h + 40, 0xFFFFFFFFu, 4);
    return write_all(s, h, sizeof h);
}

static int stdout_write(sink *s, const short *pcm, size_t n)
{
    stdout_sink *ss = (stdout_sink *)s;
    if (ss->sf) {
        errno = 0;
        if (sf_writef_short(ss->sf, pcm, (sf_count_t)n) != (sf_count_t)n) {
            if (errno == EPIPE || reader_gone(ss->fd))
                s->closed_pipe = 1; /* the reader went away: stop quietly */
            else
                diag_fail(s->diag, RAVI_E_IO, "%s: write failed: %s", ss->name, sf_strerror(ss->sf));
            return -1;
        }
        if (reader_gone(ss->fd)) {
            s->closed_pipe = 1; /* the MP3 encoder ignores failed writes: ask the pipe */
            return -1;
        }
        return 0;
    }
    /* samples are 16-bit little-endian on the machines eSpeak NG runs on */
    return write_all(s, pcm, n * sizeof *pcm);
}

static void stdout_free(stdout_sink *ss)
{
    if (ss->own_fd)
        close(ss->fd);
    free(ss);
}

static int stdout_finish(sink *s)
{
    stdout_sink *ss = (stdout_sink *)s;
    int rc = 0;
    if (ss->sf && sf_close(ss->sf))
        rc = diag_fail(s->diag, RAVI_E_IO, "%s: write failed", ss->name);
    stdout_free(ss);
    return rc;
}

static void stdout_abort(sink *s)
{
    stdout_sink *ss = (stdout_sink *)s;
    if (ss->sf)
        sf_close(ss->sf);
    stdout_free(ss);
}

static const sink_ops stdout_ops = {stdout_write, stdout_finish, stdout_abort};

sink *sink_stream_open(int fd, const char *name, int own_fd, audio_format format, int rate, diag *d)
{
    stdout_sink *ss = calloc(1, sizeof *ss);
    if (!ss) {
        diag_nomem(d);
        if (own_fd)
            close(fd);
        return NULL;
    }
    ss->base.ops = &stdout_ops;
    ss->base.diag = d;
    ss->fd = fd;
    ss->own_fd = own_fd;
    ss->name = name;
    if (format == FORMAT_RAW)
        return &ss->base;
    struct stat st;
    int regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (!regular && format == FORMAT_FLAC) {
        /* libFLAC rewrites the stream header when it closes; on a pipe libsndfile appends those
         * bytes to the end instead, which decoders reject */
        diag_fail(d, RAVI_E_IO, "%s: libsndfile cannot stream FLAC to a pipe or device; write a file "
                  "(-o FILE.flac) or stream wav, ogg, opus or mp3", own_fd ? name : "-o -");
        stdout_free(ss);
        return NULL;
    }
    if (format != FORMAT_WAV || regular) {
        ss->sf = audio_format_open_fd(fd, format, rate, SF_FALSE);
        if (!ss->sf) {
            diag_fail(d, RAVI_E_IO, "%s: cannot write this format here: %s", name, sf_strerror(NULL));
            stdout_free(ss);
            return NULL;
        }
        return &ss->base;
    }
    if (write_stream_header(&ss->base, rate)) {
        stdout_free(ss);
        return NULL;
    }
    return &ss->base;
}

sink *sink_stdout_open(audio_format format, int rate, diag *d)
{
    return sink_stream_open(STDOUT_FILENO, "standard output", 0, format, rate, d);
}
