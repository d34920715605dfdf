/* Speaking in a child process, one per message. The module's process starts its engine once and
 * never speaks with it; each message is spoken by a child forked from it, which inherits the
 * ready engine (a fork costs about a millisecond), speaks, and exits. So
 *  - a crash inside eSpeak NG (issue 20) ends one message, not the module: the child dies, the
 *    module sees its socket close without an end record, reports that message stopped, and the
 *    next message gets a fresh child;
 *  - STOP is a SIGKILL: the child stops at once, wherever it was;
 *  - every message starts from the same engine state, so the same text and settings give the
 *    same samples (eSpeak NG keeps wave state from one text to the next within a process).
 * The child sends what it makes as records on a SOCK_SEQPACKET socket (each send one record,
 * received whole): audio, marks, warnings, and an end record with the call's status. */
#ifndef RAVI_SD_WORKER_H
#define RAVI_SD_WORKER_H

#include "../../include/ravi.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The socket's send buffer: records the child may have made that the module has not read. */
#define SD_WORKER_AHEAD_BYTES (32 << 10)

/* Children killed or done whose exit is not collected yet. A killed process frees its memory
 * (the engine's copy-on-write pages) before it can be reaped: tens of milliseconds on a loaded
 * machine, which a STOP's 703 must not wait for. They are reaped as they end. */
#define SD_WORKER_DYING_MAX 16

/* Longest mark name or message a record carries. */
#define SD_RECORD_TEXT_MAX 8192

typedef struct sd_job {
    const char *text;          /* the document to speak, len bytes */
    size_t len;
    ravi_settings settings;    /* a document that is not well-formed SSML is read as HTML */
} sd_job;

typedef enum sd_record_type {
    SD_REC_AUDIO = 'A',  /* samples */
    SD_REC_MARK = 'M',   /* text: the mark's name */
    SD_REC_WARNING = 'W', /* text: something to log */
    SD_REC_END = 'E',    /* status, text: the error message ("" when none) */
} sd_record_type;

typedef struct sd_record {
    sd_record_type type;
    const int16_t *samples;
    size_t nsamples;
    const char *text;          /* NUL-terminated */
    ravi_status status;
} sd_record;

typedef struct sd_worker {
    pid_t pid;                 /* 0: none */
    int fd;                    /* the module's end of the socket, -1: none */
    int ended;                 /* the end record came */
    pid_t dying[SD_WORKER_DYING_MAX]; /* earlier children, ending */
    int ndying;
    union {                    /* one record as received (aligned for samples) */
        int16_t samples[(SD_RECORD_TEXT_MAX + 64) / 2];
        char bytes[SD_RECORD_TEXT_MAX + 64];
    } buf;
} sd_worker;

void sd_worker_init(sd_worker *w);

/* Forks a child that speaks the job with the engine. Returns 0, or -1 with errno set. */
int sd_worker_start(sd_worker *w, ravi_engine *engine, const sd_job *job);

/* The next record: 1 one came (into *rec, valid until the next call), 0 the socket ended (the
 * child is gone: sd_worker_reap says how), -1 a read error or a record that makes no sense. */
int sd_worker_read(sd_worker *w, sd_record *rec);

/* Kills the child at once (SIGKILL) without waiting for it to end: it is reaped later, by
 * sd_worker_collect. Nothing when there is none. */
void sd_worker_kill(sd_worker *w);

/* The child has sent its end record and is exiting: let it go, reaped later. */
void sd_worker_release(sd_worker *w);

/* Waits for the child to end (it has closed its socket) and reaps it. Returns its wait status. */
int sd_worker_reap(sd_worker *w);

/* Reaps the earlier children that have ended, without waiting. Returns how many are still
 * ending (the caller looks again soon). */
int sd_worker_collect(sd_worker *w);

/* Kills the child and waits for it and every earlier one: when the module ends. */
void sd_worker_shutdown(sd_worker *w);

#endif
