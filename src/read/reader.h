/* read: the input as a stream of paragraphs (lines), each with its byte offset in the source.
 * Nothing holds more than one paragraph, so memory stays flat whatever the input's size. */
#ifndef RAVI_READER_H
#define RAVI_READER_H

#include <stddef.h>
#include <stdint.h>

#include "../util.h"

/* A line longer than this is cut (at a space when there is one) and read in pieces. */
#define READER_MAX_PARAGRAPH (64 * 1024)

typedef struct reader {
    int fd;
    const char *name;   /* for messages: the file name, or "standard input" */
    char *buf;
    size_t len, pos, cap;
    uint64_t offset;    /* source offset of buf[pos] */
    int eof;
    int in_paragraph;   /* the previous piece was cut from a longer line */
    int paragraphs;     /* returned so far */
    int blank_after_first; /* the first paragraph was followed by a blank line (headline rule) */
} reader;

/* Opens a file, or standard input for "-". Prints a message and returns -1 on failure. */
int reader_open(reader *r, const char *path);
/* Opens an in-memory text (borrowed; used by tests and the golden runner). */
void reader_open_memory(reader *r, const char *text, size_t len);
void reader_close(reader *r);

/* Reads the next non-blank paragraph into `para` (without its line end).
 * *start gets its source offset, *opens_paragraph 0 when it continues a cut line.
 * Returns 1, 0 at the end of input, or -1 after printing a read error. */
int reader_next(reader *r, strbuf *para, uint64_t *start, int *opens_paragraph);

/* Makes at least `want` bytes (fewer at the end of input) readable without consuming them, for
 * recognising the input's format. *data and *n get them. Returns 0, or -1 after a message. */
int reader_peek(reader *r, size_t want, const char **data, size_t *n);
/* Consumes and returns the next raw bytes (at most READ_CHUNK), for the markup parsers.
 * *offset gets the source offset of data[0]. Returns 1, 0 at the end, -1 after a message. */
int reader_chunk(reader *r, const char **data, size_t *n, uint64_t *offset);

#endif
