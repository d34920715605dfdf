/* A paragraph as the readers hand it to the segmenter: its text, where that text came from in
 * the source, whether it is a heading, and (SSML only) the markup to speak it inside.
 *
 * Text taken out of markup (HTML, SSML) is not a contiguous slice of the source: tags and
 * entities sit between its pieces. A paragraph then keeps a run map: text[pos..] was read
 * starting at source byte src, so each token's offsets can be mapped back into the file. */
#ifndef RAVI_PARA_H
#define RAVI_PARA_H

#include <stddef.h>
#include <stdint.h>

#include "../util.h"

typedef struct src_run {
    size_t pos;       /* byte of the paragraph's text where the run starts */
    uint64_t src;     /* source byte it was read from */
    uint64_t src_end; /* end of the source bytes it may stand for: entities, replaced bytes and
                       * marks Ravi adds make a run's text longer or shorter than its source */
} src_run;

/* An SSML <mark name="..."/>: it stands before byte `pos` of the paragraph's text (text.len or
 * more: after all of it). */
typedef struct para_mark {
    size_t pos;
    size_t name;      /* where its name starts in the paragraph's mark_names (NUL-terminated) */
} para_mark;

typedef struct paragraph {
    strbuf text;
    uint64_t start;       /* source offset of text[0] when there is no run map */
    int opens;            /* 1: a new paragraph; 0: continues one cut for length */
    int heading;          /* 0, or a heading's level: 1 for a headline or <h1>, 2..6 for <h2>..<h6> */
    src_run *runs;        /* run map (markup input), or none: text maps 1:1 from `start` */
    size_t nruns, runcap;
    strbuf ssml_open;     /* SSML: "<speak>" and the open tags around the text, or empty */
    int has_break;        /* SSML: a <break> comes before the text */
    int break_ms;         /* its length: Ravi's own silence, exact (eSpeak ignores a leading break) */
    strbuf ssml_close;    /* SSML: the matching close tags and "</speak>" */
    para_mark *marks;     /* SSML: its marks, in the order of the text */
    size_t nmarks, markcap;
    strbuf mark_names;
} paragraph;

void para_init(paragraph *p);
void para_reset(paragraph *p);  /* empty, keeps the memory */
void para_free(paragraph *p);
/* Copies src into dst (both initialised). Returns 0, or -1 when out of memory. */
int para_copy(paragraph *dst, const paragraph *src);
/* Adds a mark standing before byte `pos` of the text. 0, or -1 when out of memory. */
int para_add_mark(paragraph *p, size_t pos, const char *name, size_t len);
/* Mark i's name. */
const char *para_mark_name(const paragraph *p, size_t i);

/* Records that the text from byte `pos` on was read from source bytes [src, src_end). Runs are
 * kept in source order: one that starts before the previous one ends cuts that one short.
 * 0, or -1 when out of memory. */
int para_add_run(paragraph *p, size_t pos, uint64_t src, uint64_t src_end);
/* The source offset where byte `pos` of the text starts, and where text bytes [.., pos) end:
 * never outside the run's source bytes, never decreasing along the text. */
uint64_t para_source_offset(const paragraph *p, size_t pos);
uint64_t para_source_end(const paragraph *p, size_t pos);

/* Text taken out of markup and the source bytes it was read from, consumed by para_gather_piece. */
typedef struct text_piece {
    const char *s;
    size_t n;
    uint64_t src, src_end;
} text_piece;

/* A piece of text read from [src, src_end), held inside the first `fed` bytes of the source
 * (the parser has not read past them, whatever a position computed from its events says). */
text_piece text_piece_of(const char *s, size_t n, uint64_t src, uint64_t src_end, uint64_t fed);
/* Appends as much of the piece as the paragraph takes and moves the piece past it: runs of
 * whitespace (and no-break spaces) become one space, *space_pending carries a space between
 * calls, and each stretch of text gets its run. When piece->n is still > 0 the paragraph is full
 * (READER_MAX_PARAGRAPH, cut at a space when it can): the caller ends it and goes on with the
 * rest. 0, or -1 when out of memory. */
int para_gather_piece(paragraph *p, int *space_pending, text_piece *piece);

/* A first-in first-out queue of paragraphs that the markup readers fill as the parser goes,
 * and the pipeline empties. Its slots are reused, so steady reading allocates nothing. */
typedef struct para_queue {
    paragraph *slot;
    size_t head, count, cap;
} para_queue;

void pq_init(para_queue *q);
void pq_free(para_queue *q);
/* A fresh (reset) paragraph at the tail, or NULL when out of memory. */
paragraph *pq_push(para_queue *q);
/* Moves the head paragraph into *out (swapping memory with it). Returns 0 when empty. */
int pq_pop(para_queue *q, paragraph *out);
/* The most recently pushed paragraph, or NULL. */
paragraph *pq_last(para_queue *q);
void pq_clear(para_queue *q);

#endif
