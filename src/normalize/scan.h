/* Looking at the token sequence: what a token is, whether it was written against the one
 * before it, and which table entry a run of tokens spells. Shared by the recognisers. */
#ifndef RAVI_NORMALIZE_SCAN_H
#define RAVI_NORMALIZE_SCAN_H

#include <string.h>

#include "../token.h"
#include "numparse.h"
#include "tables.h"

static inline int kind_at(const sentence *s, size_t i, token_kind kind)
{
    return i < s->n && s->tok[i].kind == kind;
}

/* 1 when token i exists and was written against the token before it */
static inline int attached(const sentence *s, size_t i)
{
    return i < s->n && !(s->tok[i].flags & TOKF_SPACE_BEFORE);
}

static inline int text_is(const sentence *s, size_t i, const char *text)
{
    return i < s->n && !strcmp(s->tok[i].text, text);
}

/* The longest entry of the table written as tokens i, i+1, i+2 (the later ones written without
 * a space before them: km/h, °C, م.). Returns how many tokens it takes, 0 when none. */
static inline size_t match_written(const sentence *s, size_t i, const written_table *t,
                           const written_form **hit)
{
    char joined[64];
    size_t len = 0, best = 0;
    for (size_t k = 0; k < 3 && i + k < s->n; k++) {
        const token *x = &s->tok[i + k];
        if ((k && !attached(s, i + k)) || x->kind == TOK_NUMBER)
            break;
        size_t l = x->len;
        if (len + l >= sizeof joined)
            break;
        memcpy(joined + len, x->text, l + 1);
        len += l;
        const written_form *f = written_lookup(t, joined);
        if (f) {
            best = k + 1;
            *hit = f;
        }
    }
    return best;
}

static inline size_t match_kind(const sentence *s, size_t i, token_kind kind, const written_table *t,
                         const written_form **hit)
{
    return kind_at(s, i, kind) ? match_written(s, i, t, hit) : 0;
}

/* The texts of the k tokens before token i joined by single spaces, into buf[0..cap): 1, or 0 when
 * there are not so many, one is no word, or they do not fit (جنگ جهانی II: the words naming what
 * follows). */
static inline int words_before(const sentence *s, size_t i, size_t k, char *buf, size_t cap)
{
    if (k > i)
        return 0;
    size_t len = 0;
    for (size_t j = i - k; j < i; j++) {
        const token *t = &s->tok[j];
        if (t->kind != TOK_WORD || len + t->len + 2 > cap)
            return 0;
        if (j > i - k)
            buf[len++] = ' ';
        memcpy(buf + len, t->text, t->len);
        len += t->len;
    }
    buf[len] = '\0';
    return 1;
}

/* A token that is one plain integer (no separators): its parts, or 0. */
static inline int plain_integer(const sentence *s, size_t i, numparts *np)
{
    return kind_at(s, i, TOK_NUMBER) && !numparts_parse(s->tok[i].text, np) && np->nparts == 1;
}

#endif
