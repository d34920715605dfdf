#include "out.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The protocol's escape for audio bytes (HDLC's): a '\n' or the escape byte itself is sent as
 * the escape byte followed by it with bit 5 inverted. */
#define AUDIO_ESCAPE 0x7d
#define AUDIO_INVERT 0x20

void sd_out_init(sd_out *o, int fd)
{
    memset(o, 0, sizeof *o);
    o->fd = fd;
    sb_init(&o->bytes);
}

void sd_out_free(sd_out *o)
{
    sb_free(&o->bytes);
    free(o->msgs);
    memset(o, 0, sizeof *o);
    o->fd = -1;
}

/* The message just appended (up to the end of the bytes) joins the list. */
static int commit(sd_out *o, int droppable)
{
    if (o->first + o->n == o->cap) {
        if (o->first) {
            memmove(o->msgs, o->msgs + o->first, o->n * sizeof *o->msgs);
            o->first = 0;
        } else {
            sd_out_msg *m = array_grow(o->msgs, &o->cap, o->cap + 1, sizeof *m, 16);
            if (!m)
                return -1;
            o->msgs = m;
        }
    }
    o->msgs[o->first + o->n].end = o->bytes.len;
    o->msgs[o->first + o->n].droppable = droppable;
    o->n++;
    return 0;
}

int sd_out_line(sd_out *o, const char *line)
{
    size_t start = o->bytes.len;
    if (sb_puts(&o->bytes, line) || sb_putc(&o->bytes, '\n') || commit(o, 0)) {
        o->bytes.len = start;
        return -1;
    }
    return 0;
}

int sd_out_printf(sd_out *o, int droppable, const char *fmt, ...)
{
    size_t start = o->bytes.len;
    va_list ap;
    va_start(ap, fmt);
    int rc = sb_vprintf(&o->bytes, fmt, ap);
    va_end(ap);
    if (rc || commit(o, droppable)) {
        o->bytes.len = start;
        return -1;
    }
    return 0;
}

static int is_big_endian(void)
{
    const uint16_t one = 1;
    return *(const unsigned char *)&one == 0;
}

int sd_out_audio(sd_out *o, const int16_t *samples, size_t n, int rate)
{
    size_t start = o->bytes.len;
    if (sb_printf(&o->bytes, "705-bits=16\n705-num_channels=1\n705-sample_rate=%d\n705-num_samples=%zu\n"
                             "705-big_endian=%d\n705-AUDIO",
                  rate, n, is_big_endian()) ||
        sb_putc(&o->bytes, '\0'))
        goto nomem;
    const unsigned char *p = (const unsigned char *)samples;
    /* every byte may take two: room for the worst */
    char *w = sb_extend(&o->bytes, n * 2 * sizeof *samples);
    if (!w)
        goto nomem;
    char *q = w;
    for (size_t i = 0; i < n * sizeof *samples; i++) {
        if (p[i] == '\n' || p[i] == AUDIO_ESCAPE) {
            *q++ = (char)AUDIO_ESCAPE;
            *q++ = (char)(p[i] ^ AUDIO_INVERT);
        } else {
            *q++ = (char)p[i];
        }
    }
    o->bytes.len -= (size_t)(w + n * 2 * sizeof *samples - q);
    o->bytes.s[o->bytes.len] = '\0';
    if (sb_puts(&o->bytes, "\n705 AUDIO\n") || commit(o, 1))
        goto nomem;
    return 0;
nomem:
    o->bytes.len = start;
    if (o->bytes.s)
        o->bytes.s[start] = '\0';
    return -1;
}

int sd_out_mark(sd_out *o, const char *name)
{
    size_t start = o->bytes.len;
    if (sb_puts(&o->bytes, "700-"))
        return -1;
    for (const char *p = name; *p; p++)
        if (sb_putc(&o->bytes, *p == '\n' || *p == '\r' ? ' ' : *p))
            goto nomem;
    if (sb_puts(&o->bytes, "\n700 INDEX MARK\n") || commit(o, 1))
        goto nomem;
    return 0;
nomem:
    o->bytes.len = start;
    return -1;
}

size_t sd_out_pending(const sd_out *o)
{
    return o->bytes.len - o->sent;
}

/* Forgets the messages written whole. */
static void compact(sd_out *o)
{
    while (o->n && o->msgs[o->first].end <= o->sent) {
        o->base = o->msgs[o->first].end;
        o->first++;
        o->n--;
    }
    if (o->sent == o->bytes.len) {
        sb_reset(&o->bytes);
        o->sent = o->base = 0;
        o->first = o->n = 0;
    } else if (o->base > (1u << 16) && o->base > o->bytes.len / 2) {
        size_t gone = o->base;
        memmove(o->bytes.s, o->bytes.s + gone, o->bytes.len - gone + 1);
        o->bytes.len -= gone;
        o->sent -= gone;
        o->base = 0;
        for (size_t i = o->first; i < o->first + o->n; i++)
            o->msgs[i].end -= gone;
    }
}

void sd_out_drop(sd_out *o)
{
    strbuf keep;
    sb_init(&keep);
    size_t w = 0, sent = 0;
    for (size_t i = o->first, start = o->base; i < o->first + o->n; start = o->msgs[i++].end) {
        int started = start < o->sent;
        if (o->msgs[i].droppable && !started)
            continue;
        if (sb_append(&keep, o->bytes.s + start, o->msgs[i].end - start))
            goto nomem;
        if (started)
            sent = keep.len - (o->msgs[i].end - o->sent); /* what of it has gone out */
        o->msgs[w].end = keep.len;
        o->msgs[w].droppable = o->msgs[i].droppable;
        w++;
    }
    sb_free(&o->bytes);
    o->bytes = keep;
    o->sent = sent;
    o->base = 0;
    o->first = 0;
    o->n = w;
    return;
nomem: /* keep everything: the server discards audio after a STOP anyway */
    sb_free(&keep);
}

int sd_out_write(sd_out *o)
{
    while (o->sent < o->bytes.len) {
        ssize_t k = write(o->fd, o->bytes.s + o->sent, o->bytes.len - o->sent);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            return -1;
        }
        o->sent += (size_t)k;
    }
    compact(o);
    return 0;
}

int sd_out_flush(sd_out *o)
{
    while (sd_out_pending(o)) {
        if (sd_out_write(o))
            return -1;
        if (sd_out_pending(o)) {
            struct pollfd p = {o->fd, POLLOUT, 0};
            if (poll(&p, 1, -1) < 0 && errno != EINTR)
                return -1;
        }
    }
    return 0;
}
