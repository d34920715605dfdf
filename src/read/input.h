/* The input, whatever its format: plain text, an HTML page or an SSML document, read as a
 * stream of paragraphs for the segmenter. The format is given (--html, --ssml), or recognised
 * by the file's extension, or by its first bytes: "<speak" is SSML, other markup is HTML. */
#ifndef RAVI_INPUT_H
#define RAVI_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "para.h"
#include "reader.h"

typedef enum input_format { INPUT_AUTO, INPUT_TEXT, INPUT_HTML, INPUT_SSML } input_format;

typedef struct markup_ops markup_ops;

typedef struct input_stream {
    reader rd;
    input_format format;      /* what the input turned out to be */
    const markup_ops *ops;    /* HTML or SSML parser, NULL for plain text */
    void *parser;
    strbuf chunk;             /* bytes on their way to the parser, made valid UTF-8 */
    uint64_t chunk_offset;    /* source offset of chunk.s[0] */
    int fed_all;              /* the parser has seen the end of the input */
    unsigned long invalid_utf8; /* bad bytes read as spaces by the markup parsers */
    uint64_t first_invalid;
} input_stream;

/* Opens a file, a stream (the caller's read function) or text in memory (borrowed); `name`
 * names the input in messages and its extension may tell the format (NULL: the path, or
 * "text" and no extension). Errors go to d (may be NULL). Returns 0, or -1 after an error. */
int input_open_path(input_stream *in, const char *path, const char *name, input_format format,
                    diag *d);
int input_open_stream(input_stream *in, const char *name, reader_read_fn fn, void *ctx,
                      input_format format, diag *d);
int input_open_memory(input_stream *in, const char *text, size_t len, const char *name,
                      input_format format, diag *d);
/* The next paragraph. Returns 1, 0 at the end, or -1 after an error. */
int input_next(input_stream *in, paragraph *p);
void input_close(input_stream *in);

/* The format a document's first bytes and its name suggest. */
input_format input_guess_format(const char *name, const char *head, size_t n);

#endif
