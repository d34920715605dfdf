#include "para.h"
#include "reader.h"

#include <stdlib.h>
#include <string.h>

void para_init(paragraph *p)
{
    memset(p, 0, sizeof *p);
}

void para_reset(paragraph *p)
{
    sb_reset(&p->text);
    sb_reset(&p->ssml_open);
    sb_reset(&p->ssml_close);
    p->start = 0;
    p->opens = 1;
    p->heading = 0;
    p->nruns = 0;
    p->has_break = p->break_ms = 0;
    p->nmarks = 0;
    sb_reset(&p->mark_names);
}

void para_free(paragraph *p)
{
    sb_free(&p->text);
    sb_free(&p->ssml_open);
    sb_free(&p->ssml_close);
    free(p->runs);
    free(p->marks);
    sb_free(&p->mark_names);
    para_init(p);
}

static int copy_sb(strbuf *dst, const strbuf *src)
{
    sb_reset(dst);
    return src->len ? sb_append(dst, src->s, src->len) : 0;
}

int para_copy(paragraph *dst, const paragraph *src)
{
    para_reset(dst);
    dst->start = src->start;
    dst->opens = src->opens;
    dst->heading = src->heading;
    dst->has_break = src->has_break;
    dst->break_ms = src->break_ms;
    if (copy_sb(&dst->text, &src->text) || copy_sb(&dst->ssml_open, &src->ssml_open) ||
        copy_sb(&dst->ssml_close, &src->ssml_close))
        return -1;
    for (size_t i = 0; i < src->nruns; i++)
        if (para_add_run(dst, src->runs[i].pos, src->runs[i].src, src->runs[i].src_end))
            return -1;
    for (size_t i = 0; i < src->nmarks; i++) {
        const char *name = para_mark_name(src, i);
        if (para_add_mark(dst, src->marks[i].pos, name, strlen(name)))
            return -1;
    }
    return 0;
}

int para_add_mark(paragraph *p, size_t pos, const char *name, size_t len)
{
    para_mark *marks = array_grow(p->marks, &p->markcap, p->nmarks + 1, sizeof *marks, 8);
    if (!marks)
        return -1;
    p->marks = marks;
    size_t at = p->mark_names.len;
    if (sb_append(&p->mark_names, name, len) || sb_putc(&p->mark_names, '\0'))
        return -1;
    p->marks[p->nmarks++] = (para_mark){pos, at};
    return 0;
}

const char *para_mark_name(const paragraph *p, size_t i)
{
    return p->mark_names.s + p->marks[i].name;
}

int para_add_run(paragraph *p, size_t pos, uint64_t src, uint64_t src_end)
{
    if (src_end < src)
        src_end = src;
    src_run *prev = p->nruns ? &p->runs[p->nruns - 1] : NULL;
    if (prev && src < prev->src) { /* a reader's position never goes back: keep the order */
        src = prev->src;
        src_end = src_end > src ? src_end : src;
    }
    if (prev && prev->pos == pos) { /* nothing was read from the previous run */
        prev->src = src;
        prev->src_end = src_end;
        return 0;
    }
    if (prev && prev->src_end > src)
        prev->src_end = src;
    src_run *runs = array_grow(p->runs, &p->runcap, p->nruns + 1, sizeof *runs, 16);
    if (!runs)
        return -1;
    p->runs = runs;
    p->runs[p->nruns++] = (src_run){pos, src, src_end};
    return 0;
}

/* The last run starting at or before pos (the first one when none does). */
static const src_run *run_at(const paragraph *p, size_t pos)
{
    size_t lo = 0, hi = p->nruns;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->runs[mid].pos <= pos)
            lo = mid;
        else
            hi = mid;
    }
    return &p->runs[lo];
}

/* Where byte `pos` of a run's text starts in the source, or (`end`) where it ends: counted
 * into the run's source bytes and held inside them, on the last one when the text is longer. */
static uint64_t run_offset(const src_run *r, size_t pos, int end)
{
    uint64_t into = pos >= r->pos ? (uint64_t)(pos - r->pos) : 0;
    uint64_t room = r->src_end - r->src;
    if (into >= room)
        into = room ? room - 1 : 0;
    return r->src + into + (end && room ? 1 : 0);
}

uint64_t para_source_offset(const paragraph *p, size_t pos)
{
    return p->nruns ? run_offset(run_at(p, pos), pos, 0) : p->start + pos;
}

uint64_t para_source_end(const paragraph *p, size_t pos)
{
    if (!p->nruns)
        return p->start + pos;
    if (pos == 0)
        return p->runs[0].src;
    /* the end of the byte before pos, within the run that byte is in */
    return run_offset(run_at(p, pos - 1), pos - 1, 1);
}

static int is_space_byte(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Full: past the limit at a space, or at twice the limit on any character boundary. */
static int para_full(const paragraph *p, int space_pending, unsigned char next)
{
    return (next & 0xC0) != 0x80 && p->text.len >= READER_MAX_PARAGRAPH &&
           (space_pending || p->text.len >= 2 * READER_MAX_PARAGRAPH);
}

#define PARA_NO_MEMORY ((size_t)-1)

/* para_gather_piece's work on plain arguments: how many bytes of s it took, or PARA_NO_MEMORY. */
static size_t para_gather(paragraph *p, int *space_pending, const char *s, size_t n, uint64_t src,
                          uint64_t src_end)
{
    int new_run = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_space_byte(c) || (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)) {
            i += c == 0xC2;
            *space_pending = 1;
            new_run = 1;
            continue;
        }
        if (para_full(p, *space_pending, c))
            return i;
        if (*space_pending && p->text.len && sb_putc(&p->text, ' '))
            return PARA_NO_MEMORY;
        *space_pending = 0;
        uint64_t at = src + i < src_end ? src + i : src_end;
        if (new_run && para_add_run(p, p->text.len, at, src_end))
            return PARA_NO_MEMORY;
        new_run = 0;
        if (sb_putc(&p->text, (char)c))
            return PARA_NO_MEMORY;
    }
    return n;
}

text_piece text_piece_of(const char *s, size_t n, uint64_t src, uint64_t src_end, uint64_t fed)
{
    if (src_end > fed)
        src_end = fed;
    if (src > src_end)
        src = src_end;
    return (text_piece){s, n, src, src_end};
}

int para_gather_piece(paragraph *p, int *space_pending, text_piece *piece)
{
    size_t took = para_gather(p, space_pending, piece->s, piece->n, piece->src, piece->src_end);
    if (took == PARA_NO_MEMORY)
        return -1;
    piece->s += took;
    piece->n -= took;
    piece->src = piece->src_end - piece->src > took ? piece->src + took : piece->src_end;
    return 0;
}

void pq_init(para_queue *q)
{
    memset(q, 0, sizeof *q);
}

void pq_free(para_queue *q)
{
    for (size_t i = 0; i < q->cap; i++)
        para_free(&q->slot[i]);
    free(q->slot);
    pq_init(q);
}

/* Doubles the ring, unrolling it so that the head is slot 0. */
static int pq_grow(para_queue *q)
{
    size_t cap = q->cap ? 2 * q->cap : 8;
    paragraph *s = malloc(cap * sizeof *s);
    if (!s)
        return -1;
    for (size_t i = 0; i < q->cap; i++)
        s[i] = q->slot[(q->head + i) % q->cap];
    for (size_t i = q->cap; i < cap; i++)
        para_init(&s[i]);
    free(q->slot);
    q->slot = s;
    q->cap = cap;
    q->head = 0;
    return 0;
}

paragraph *pq_push(para_queue *q)
{
    if (q->count == q->cap && pq_grow(q))
        return NULL;
    paragraph *p = &q->slot[(q->head + q->count) % q->cap];
    para_reset(p);
    q->count++;
    return p;
}

int pq_pop(para_queue *q, paragraph *out)
{
    if (!q->count)
        return 0;
    paragraph *p = &q->slot[q->head];
    paragraph tmp = *out;
    *out = *p;
    *p = tmp; /* the caller's old buffers become the slot's, to be reused */
    q->head = (q->head + 1) % q->cap;
    q->count--;
    return 1;
}

paragraph *pq_last(para_queue *q)
{
    return q->count ? &q->slot[(q->head + q->count - 1) % q->cap] : NULL;
}

void pq_clear(para_queue *q)
{
    q->head = q->count = 0;
}
