/* What the module writes to the server (its standard output): replies, events (700-705) and
 * audio, each message whole and in order. Writes never block: messages wait in a queue while the
 * server is busy, and a STOP drops the audio and marks that have not started to go out (a
 * message started is always finished, or the server would read a broken one). */
#ifndef RAVI_SD_OUT_H
#define RAVI_SD_OUT_H

#include <stddef.h>
#include <stdint.h>

#include "../util.h"

typedef struct sd_out_msg {
    size_t end;         /* where it ends in the queue's bytes */
    int droppable;      /* audio or a mark of the message being spoken */
} sd_out_msg;

typedef struct sd_out {
    int fd;
    strbuf bytes;       /* queued, from `sent` on not yet written */
    size_t sent;
    size_t base;        /* where the first queued message starts (those before are written) */
    sd_out_msg *msgs;   /* the queued messages in order, from `first` */
    size_t first, n, cap;
} sd_out;

void sd_out_init(sd_out *o, int fd);
void sd_out_free(sd_out *o);

/* Queues one message (its lines, each ending in '\n'). Returns 0, or -1 when out of memory. */
int sd_out_line(sd_out *o, const char *line);               /* "200 OK SPEAKING" */
int sd_out_printf(sd_out *o, int droppable, const char *fmt, ...) RAVI_PRINTF(3, 4);
/* 705: 16-bit mono samples at `rate`, escaped for the protocol's lines. */
int sd_out_audio(sd_out *o, const int16_t *samples, size_t n, int rate);
/* 700: an index mark; a newline in its name would end the line, so it becomes a space. */
int sd_out_mark(sd_out *o, const char *name);

/* Bytes waiting to be written. */
size_t sd_out_pending(const sd_out *o);
/* Drops the droppable messages that have not started to go out. */
void sd_out_drop(sd_out *o);
/* Writes what the descriptor takes now (it is non-blocking). Returns 0, or -1 when the server
 * is gone (errno set). */
int sd_out_write(sd_out *o);
/* Writes everything, waiting as long as it takes (QUIT, the end). Returns 0 or -1. */
int sd_out_flush(sd_out *o);

#endif
