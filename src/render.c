#include "render.h"
#include "ezafe/ezafe.h"

#include <stdlib.h>
#include <string.h>

void render_map_free(render_map *m)
{
    free(m->first);
    free(m->last);
    memset(m, 0, sizeof *m);
}

long render_map_token_at(const render_map *m, size_t ntokens, size_t pos)
{
    long best = -1;
    for (size_t i = 0; i < ntokens; i++) {
        if (m->last[i] < m->first[i])
            continue;
        if (m->first[i] <= pos && pos <= m->last[i])
            return (long)i;
        if (m->first[i] <= pos)
            best = (long)i; /* an event between words belongs to the word before */
    }
    return best;
}

static int wants_ezafe(const token *t, const ravi_config *cfg)
{
    return cfg->ezafe && (t->flags & TOKF_EZAFE) && !(t->flags & TOKF_EZAFE_WRITTEN) &&
           !ezafe_is_written(t->text);
}

static int needs_space(const sentence *s, size_t i)
{
    return i > 0 && (s->tok[i].flags & (TOKF_SPACE_BEFORE | TOKF_GENERATED));
}

#define KASRA "\xd9\x90"

/* The bytes token i takes on the display line: a space before it, its text, a kasra after it. */
static size_t display_size(const sentence *s, size_t i, const ravi_config *cfg)
{
    const token *t = &s->tok[i];
    return (needs_space(s, i) ? 1 : 0) + t->len + (wants_ezafe(t, cfg) ? 2 : 0);
}

int render_display(const sentence *s, const ravi_config *cfg, strbuf *out)
{
    size_t total = 0;
    for (size_t i = 0; i < s->n; i++)
        total += display_size(s, i, cfg);
    char *at = sb_extend(out, total); /* once: the line is written in place */
    if (!at)
        return -1;
    for (size_t i = 0; i < s->n; i++) {
        const token *t = &s->tok[i];
        if (needs_space(s, i))
            *at++ = ' ';
        memcpy(at, t->text, t->len);
        at += t->len;
        if (wants_ezafe(t, cfg)) {
            memcpy(at, KASRA, 2);
            at += 2;
        }
    }
    return 0;
}

static int ends_in_long_i(const char *w)
{
    size_t n = strlen(w);
    return n >= 2 && !strcmp(w + n - 2, "ی");
}

/* The «و» inside a number is said «o» («yo» after a vowel): a damma on the word before it. */
static int append_number_conjunction(strbuf *out, const char *prev_word)
{
    return sb_puts(out, prev_word && ends_in_long_i(prev_word) ? "\xe2\x80\x8c" "ی" "\xd9\x8f"
                                                               : "\xd9\x8f");
}

/* Brackets in the text must not open eSpeak's [[phoneme]] mode. */
static const char *speech_punct(const char *text)
{
    if (!strcmp(text, "["))
        return "(";
    if (!strcmp(text, "]"))
        return ")";
    return text;
}

static int map_reserve(render_map *m, size_t n)
{
    if (n <= m->cap)
        return 0;
    size_t *f = realloc(m->first, n * sizeof *f);
    if (!f)
        return -1;
    m->first = f;
    size_t *l = realloc(m->last, n * sizeof *l);
    if (!l)
        return -1;
    m->last = l;
    m->cap = n;
    return 0;
}

/* The ezafe after a word given as phonemes: -e after a consonant, -je after a vowel. */
const char *render_phoneme_ezafe(const char *ph)
{
    size_t n = strlen(ph);
    while (n > 0 && strchr("':,", ph[n - 1]))
        n--;
    return n > 0 && strchr("aeiouAEIOU@", ph[n - 1]) ? "je" : "e";
}

static int render_token_speech(const sentence *s, size_t i, const ravi_config *cfg, strbuf *out)
{
    const token *t = &s->tok[i];
    if (t->phonemes)
        return sb_printf(out, "[[%s%s]]", t->phonemes, wants_ezafe(t, cfg) ? render_phoneme_ezafe(t->phonemes) : "");
    if (t->kind == TOK_PUNCT)
        return sb_puts(out, speech_punct(t->text));
    if (wants_ezafe(t, cfg))
        return ezafe_append_spoken(out, t->text);
    return sb_puts(out, t->text);
}

/* SSML input: the text between the markup must not be read as markup. Escapes out[from..). */
static int escape_markup_from(strbuf *out, size_t from)
{
    size_t n = out->len - from, extra = 0;
    for (size_t i = from; i < out->len; i++)
        extra += out->s[i] == '&' ? 4 : (out->s[i] == '<' || out->s[i] == '>') ? 3 : 0;
    if (!extra)
        return 0;
    char *tail = xstrndup(out->s + from, n);
    if (!tail)
        return -1;
    out->len = from;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char ch = tail[i];
        rc = ch == '&' ? sb_puts(out, "&amp;") : ch == '<' ? sb_puts(out, "&lt;")
           : ch == '>' ? sb_puts(out, "&gt;") : sb_putc(out, ch);
    }
    free(tail);
    return rc;
}

int render_speech(const sentence *s, const ravi_config *cfg, strbuf *out, render_map *map)
{
    if (map_reserve(map, s->n ? s->n : 1))
        return -1;
    size_t chars = 0; /* characters written so far: eSpeak counts the markup's too */
    const char *prev_word = NULL;
    if (s->ssml_open) {
        if (sb_puts(out, s->ssml_open))
            return -1;
        chars = utf8_count(s->ssml_open, strlen(s->ssml_open));
    }
    for (size_t i = 0; i < s->n; i++) {
        const token *t = &s->tok[i];
        size_t before = out->len;
        if (t->kind == TOK_NUM_CONJ) {
            if (append_number_conjunction(out, prev_word))
                return -1;
            chars += utf8_count(out->s + before, out->len - before);
            map->first[i] = chars + 1;
            map->last[i] = chars; /* empty: the conjunction has no word event of its own */
            continue;
        }
        /* eSpeak NG 1.51 drops a [[phoneme]] word written against an opening bracket or quote
         * («(ترامپ)» said nothing): such a word gets a space before it, and a bracket opening the
         * sentence before it is left out (silent there anyway; spaced, SSML makes a word of it) */
        if (i == 0 && t->kind == TOK_PUNCT && s->n > 1 && s->tok[1].phonemes && !needs_space(s, 1)) {
            map->first[i] = chars + 1;
            map->last[i] = chars;
            continue;
        }
        int phonemes_attached = t->phonemes && i > 0 && !needs_space(s, i) &&
                                !(i == 1 && s->tok[0].kind == TOK_PUNCT);
        if ((needs_space(s, i) || phonemes_attached) && sb_putc(out, ' '))
            return -1;
        size_t word_at = out->len;
        if (render_token_speech(s, i, cfg, out) || (s->ssml_open && escape_markup_from(out, word_at)))
            return -1;
        size_t lead = utf8_count(out->s + before, word_at - before);
        size_t len = utf8_count(out->s + word_at, out->len - word_at);
        map->first[i] = chars + lead + 1;
        map->last[i] = chars + lead + len;
        chars += lead + len;
        prev_word = t->kind == TOK_PUNCT ? NULL : t->text;
    }
    /* eSpeak NG 1.51 reads the closing markup aloud when it follows a ]] directly ("slash
     * speak", «علامت بزرگتر»), and a full stop before it as «نقطه» even after a space; a line
     * break in between is read as the end of the text it is. */
    return s->ssml_open && (sb_putc(out, '\n') || sb_puts(out, s->ssml_close ? s->ssml_close : ""))
               ? -1 : 0;
}
