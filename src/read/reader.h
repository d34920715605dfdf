/* read: the input as a stream of paragraphs (lines), each with its byte offset in the source.
 * Nothing holds more than one paragraph, so memory stays flat whatever the input's size. */
#ifndef RAVI_READER_H
#define RAVI_READER_H

#include <stddef.h>
#include <stdint.h>

#include "../diag.h"
#include "../util.h"

/* A line longer than this is cut (at a space when there is one) and read in pieces. */
#define READER_MAX_PARAGRAPH (64 * 1024)

/* Where the bytes come from, besides memory: the caller's function (ravi_read_fn's contract). */
typedef long (*reader_read_fn)(void *ctx, char *buf, size_t size);

typedef struct reader {
    int fd;             /* a file the reader opened, or -1 */
    reader_read_fn read; /* a stream's read function, or NULL */
    void *read_ctx;
    const char *name;   /* for messages: the file name, or what the caller calls the stream */
    diag *diag;         /* where errors go (may be NULL) */
    char *buf;
    size_t len, pos, cap;
    uint64_t offset;    /* source offset of buf[pos] */
    int eof;
    int in_paragraph;   /* the previous piece was cut from a longer line */
    int paragraphs;     /* returned so far */
    int blank_after_first; /* the first paragraph was followed by a blank line (headline rule) */
} reader;

/* Opens a file (messages call it `name`, or `path` when name is NULL). Returns 0, or -1 after
 * an error in d. */
int reader_open_path(reader *r, const char *path, const char *name, diag *d);
/* Reads through the caller's function (a pipe, standard input, a socket: the library itself
 * never reads descriptors it did not open). A read that fails with ECANCELED ends the reading as
 * cancelled (diag_cancel). */
void reader_open_stream(reader *r, const char *name, reader_read_fn fn, void *ctx, diag *d);
/* Opens an in-memory text (borrowed). */
void reader_open_memory(reader *r, const char *text, size_t len, const char *name, diag *d);
void reader_close(reader *r);

/* Reads the next non-blank paragraph into `para` (without its line end).
 * *start gets its source offset, *opens_paragraph 0 when it continues a cut line.
 * Returns 1, 0 at the end of input, or -1 after an error (or a cancel) in the reader's diag. */
int reader_next(reader *r, strbuf *para, uint64_t *start, int *opens_paragraph);

/* Makes at least `want` bytes (fewer at the end of input) readable without consuming them, for
 * recognising the input's format. *data and *n get them. Returns 0, or -1 after an error. */
int reader_peek(reader *r, size_t want, const char **data, size_t *n);
/* Consumes and returns the next raw bytes (at most READ_CHUNK), for the markup parsers.
 * *offset gets the source offset of data[0]. Returns 1, 0 at the end, -1 after an error. */
int reader_chunk(reader *r, const char **data, size_t *n, uint64_t *offset);

#endif
