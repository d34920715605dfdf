#include "token.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* ---- the text arena ------------------------------------------------------------------------ */

typedef struct arena_block {
    struct arena_block *older;
    size_t used, cap;
    char data[];
} arena_block;

struct text_arena {
    arena_block *newest; /* the block being filled, the largest; older ones are full */
};

#define ARENA_FIRST_BLOCK 2048

static text_arena *arena_new(void)
{
    return calloc(1, sizeof(text_arena));
}

/* Back to empty, keeping the newest (largest) block: the next sentence most likely fits in it,
 * and what is kept stays the size of the longest sentence so far. */
static void arena_reset(text_arena *a)
{
    if (!a || !a->newest)
        return;
    arena_block *b = a->newest->older;
    while (b) {
        arena_block *older = b->older;
        free(b);
        b = older;
    }
    a->newest->older = NULL;
    a->newest->used = 0;
}

static void arena_free(text_arena *a)
{
    arena_reset(a);
    if (a)
        free(a->newest);
    free(a);
}

/* Starts a new block with room for at least `need` bytes; 0, or -1 when out of memory. */
static int arena_grow(text_arena *a, size_t need)
{
    arena_block *b = a->newest;
    size_t cap = b ? 2 * b->cap : ARENA_FIRST_BLOCK;
    if (cap < need)
        cap = need;
    arena_block *nb = malloc(sizeof *nb + cap);
    if (!nb)
        return -1;
    nb->older = b;
    nb->used = 0;
    nb->cap = cap;
    a->newest = nb;
    return 0;
}

/* A copy of text[0..n) with a NUL after it, or NULL when out of memory. Nothing is moved or freed
 * before the next reset, so text may itself be in the arena. */
static inline char *arena_strndup(text_arena *a, const char *text, size_t n)
{
    if ((!a->newest || a->newest->cap - a->newest->used < n + 1) && arena_grow(a, n + 1))
        return NULL;
    arena_block *b = a->newest;
    char *copy = b->data + b->used;
    memcpy(copy, text, n);
    copy[n] = '\0';
    b->used += n + 1;
    return copy;
}

/* ---- sentences ----------------------------------------------------------------------------- */

void sentence_init(sentence *s)
{
    memset(s, 0, sizeof *s);
}

void sentence_clear(sentence *s)
{
    arena_reset(s->arena);
    s->n = 0;
    s->nmarks = 0;
    s->src_start = s->src_end = 0;
    s->paragraph_start = s->is_heading = 0;
    s->source = NULL;
    s->source_len = 0;
    s->ssml_open = s->ssml_close = NULL;
    s->has_break = s->break_ms = 0;
}

void sentence_free(sentence *s)
{
    arena_free(s->arena);
    free(s->tok);
    free(s->marks);
    sentence_init(s);
}

static int sentence_reserve(sentence *s, size_t need)
{
    if (!s->arena && !(s->arena = arena_new()))
        return -1;
    if (need <= s->cap)
        return 0;
    size_t cap = s->cap ? s->cap : 32;
    while (cap < need)
        cap *= 2;
    token *t = realloc(s->tok, cap * sizeof *t);
    if (!t)
        return -1;
    s->tok = t;
    s->cap = cap;
    return 0;
}

long sentence_push(sentence *s, token_kind kind, const char *text, size_t len,
                   uint64_t src_start, uint64_t src_end, unsigned flags)
{
    if ((!s->arena || s->n == s->cap) && sentence_reserve(s, s->n + 1))
        return -1;
    char *copy = arena_strndup(s->arena, text, len);
    if (!copy)
        return -1;
    token *t = &s->tok[s->n];
    t->src_start = src_start;
    t->src_end = src_end;
    t->text_start = t->text_end = 0; /* the segmenter sets them once the sentence is whole */
    t->kind = kind;
    t->flags = flags;
    t->text = copy;
    t->len = len;
    t->phonemes = NULL;
    t->note = NULL;
    t->note_stage = NULL;
    t->arena = s->arena;
    return (long)s->n++;
}

typedef struct word_copy {
    char *text;
    size_t len;
} word_copy;

int sentence_replace(sentence *s, size_t first, size_t count,
                     const char *const *words, const token_kind *kinds, size_t nwords)
{
    return sentence_replace_sized(s, first, count, words, NULL, kinds, nwords);
}

int sentence_replace_sized(sentence *s, size_t first, size_t count, const char *const *words,
                           const size_t *lens, const token_kind *kinds, size_t nwords)
{
    if (first + count > s->n || count == 0)
        return -1;
    if (sentence_reserve(s, s->n - count + nwords))
        return -1;

    /* copied before any token moves: a word may be a replaced token's own text */
    word_copy on_stack[64], *copies = nwords <= 64 ? on_stack : malloc(nwords * sizeof *copies);
    if (!copies)
        return -1;
    for (size_t i = 0; i < nwords; i++) {
        copies[i].len = lens ? lens[i] : strlen(words[i]);
        if (!(copies[i].text = arena_strndup(s->arena, words[i], copies[i].len))) {
            if (copies != on_stack)
                free(copies);
            return -1;
        }
    }

    uint64_t start = s->tok[first].src_start, end = s->tok[first + count - 1].src_end;
    size_t text_start = s->tok[first].text_start, text_end = s->tok[first + count - 1].text_end;
    unsigned space = s->tok[first].flags & TOKF_SPACE_BEFORE;
    memmove(&s->tok[first + nwords], &s->tok[first + count],
            (s->n - first - count) * sizeof *s->tok);
    s->n = s->n - count + nwords;

    for (size_t i = 0; i < nwords; i++) {
        token *t = &s->tok[first + i];
        t->src_start = start;
        t->src_end = end;
        t->text_start = text_start;
        t->text_end = text_end;
        t->kind = kinds ? kinds[i] : TOK_WORD;
        t->flags = TOKF_GENERATED | (i == 0 ? space : TOKF_SPACE_BEFORE);
        t->text = copies[i].text;
        t->len = copies[i].len;
        t->phonemes = NULL;
        t->note = NULL;
        t->note_stage = NULL;
        t->arena = s->arena;
    }
    if (copies != on_stack)
        free(copies);
    return 0;
}

void sentence_keep_attached(sentence *s, size_t first)
{
    if (first > 0 && first < s->n && s->tok[first - 1].kind == TOK_PUNCT &&
        !(s->tok[first].flags & TOKF_SPACE_BEFORE))
        s->tok[first].flags &= ~(unsigned)TOKF_GENERATED;
}

int token_set_text(token *t, const char *text)
{
    size_t len = strlen(text);
    char *copy = arena_strndup(t->arena, text, len);
    if (!copy)
        return -1;
    t->text = copy;
    t->len = len;
    return 0;
}

int token_set_phonemes(token *t, const char *phonemes)
{
    char *copy = NULL;
    if (phonemes && !(copy = arena_strndup(t->arena, phonemes, strlen(phonemes))))
        return -1;
    t->phonemes = copy;
    return 0;
}

int token_set_note(token *t, const char *stage, const char *note)
{
    char *copy = NULL;
    if (note && !(copy = arena_strndup(t->arena, note, strlen(note))))
        return -1;
    t->note = copy;
    t->note_stage = copy ? stage : NULL;
    return 0;
}

int sentence_add_mark(sentence *s, size_t at, const char *name, size_t len)
{
    if (!s->arena && !(s->arena = arena_new()))
        return -1;
    sentence_mark *marks = array_grow(s->marks, &s->markcap, s->nmarks + 1, sizeof *marks, 8);
    if (!marks)
        return -1;
    s->marks = marks;
    char *copy = arena_strndup(s->arena, name, len);
    if (!copy)
        return -1;
    s->marks[s->nmarks++] = (sentence_mark){at, copy};
    return 0;
}

/* A borrowed string made the arena's own (NULL stays NULL). 0, or -1 when out of memory. */
static int own_text(text_arena *a, const char **text, size_t len)
{
    if (!*text)
        return 0;
    char *copy = arena_strndup(a, *text, len);
    *text = copy;
    return copy ? 0 : -1;
}

int sentence_copy(sentence *dst, const sentence *src)
{
    sentence_clear(dst);
    token *tok = dst->tok;
    sentence_mark *marks = dst->marks;
    size_t cap = dst->cap, markcap = dst->markcap;
    text_arena *arena = dst->arena;
    *dst = *src; /* every scalar field, including ones added later */
    dst->tok = tok;
    dst->cap = cap;
    dst->marks = marks;
    dst->markcap = markcap;
    dst->arena = arena;
    dst->n = dst->nmarks = 0;
    if (!dst->arena && !(dst->arena = arena_new()))
        return -1;
    if (own_text(dst->arena, &dst->source, src->source_len) ||
        own_text(dst->arena, &dst->ssml_open, src->ssml_open ? strlen(src->ssml_open) : 0) ||
        own_text(dst->arena, &dst->ssml_close, src->ssml_close ? strlen(src->ssml_close) : 0))
        return -1;
    for (size_t i = 0; i < src->n; i++) {
        const token *t = &src->tok[i];
        long k = sentence_push(dst, t->kind, t->text, t->len, t->src_start, t->src_end, t->flags);
        if (k < 0 || (t->phonemes && token_set_phonemes(&dst->tok[k], t->phonemes)) ||
            (t->note && token_set_note(&dst->tok[k], t->note_stage, t->note)))
            return -1;
        dst->tok[k].text_start = t->text_start;
        dst->tok[k].text_end = t->text_end;
    }
    for (size_t i = 0; i < src->nmarks; i++)
        if (sentence_add_mark(dst, src->marks[i].at, src->marks[i].name, strlen(src->marks[i].name)))
            return -1;
    return 0;
}

int sentence_has_words(const sentence *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->tok[i].kind == TOK_WORD || s->tok[i].kind == TOK_NUMBER || s->tok[i].kind == TOK_LINK ||
            s->tok[i].phonemes)
            return 1;
    return 0;
}

static int is_mark(const token *t, const char *const *marks, size_t n)
{
    for (size_t k = 0; t->kind == TOK_PUNCT && k < n; k++)
        if (!strcmp(t->text, marks[k]))
            return 1;
    return 0;
}

int token_opens(const token *t)
{
    static const char *const marks[] = {"«", "\"", "“", "(", "["};
    return is_mark(t, marks, sizeof marks / sizeof *marks);
}

int token_closes(const token *t)
{
    static const char *const marks[] = {"»", "\"", "”", ")", "]"};
    return is_mark(t, marks, sizeof marks / sizeof *marks);
}
