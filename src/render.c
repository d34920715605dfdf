#include "render.h"
#include "ezafe/ezafe.h"
#include "synth/synth.h"

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

/* `ravi normalize` shows a decided ezafe as a kasra (U+0650); a written one is in the text. */
static int is_dash(const token *t)
{
    return t->kind == TOK_SYMBOL && (!strcmp(t->text, "-") || !strcmp(t->text, "\xe2\x80\x93") ||
                                     !strcmp(t->text, "\xe2\x80\x94"));
}

long render_word_at(const sentence *s, const render_map *m, size_t pos)
{
    long tok = render_map_token_at(m, s->n, pos);
    /* eSpeak starts the word after a dash at the dash («تهران - ایرنا»): the dash is a pause */
    if (tok >= 0 && is_dash(&s->tok[tok]) && (size_t)tok + 1 < s->n && s->tok[tok + 1].kind == TOK_WORD)
        tok++;
    return tok >= 0 && s->tok[tok].kind != TOK_PUNCT ? tok : -1;
}

static int shows_ezafe(const token *t, const ravi_config *cfg)
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
    return (needs_space(s, i) ? 1 : 0) + t->len + (shows_ezafe(t, cfg) ? 2 : 0);
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
        if (shows_ezafe(t, cfg)) {
            memcpy(at, KASRA, 2);
            at += 2;
        }
    }
    return 0;
}

/* Punctuation as eSpeak must read it: brackets must not open its [[phoneme]] mode. */
static const char *speech_punct(const char *text)
{
    if (!strcmp(text, "["))
        return "(";
    if (!strcmp(text, "]"))
        return ")";
    if (!strcmp(text, "\xd9\xac"))
        return "\xd8\x8c"; /* ٬ used as a comma: eSpeak would say its name («virgul») */
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

/* Whether the word's ezafe is said: written in its text, or decided by a stage. Under --no-ezafe
 * only a written one is, or one that a name's phonemes carried (TOKF_EZAFE_WRITTEN). */
static int says_ezafe(const token *t, const ravi_config *cfg)
{
    if (t->kind != TOK_WORD && t->kind != TOK_NUMBER)
        return 0;
    return ezafe_is_written_sized(t->text, t->len) ||
           ((t->flags & TOKF_EZAFE) && (cfg->ezafe || (t->flags & TOKF_EZAFE_WRITTEN)));
}

/* The «و» inside a number is said «o» («yo» after a vowel), on the end of the word before it. */
static int before_number_conjunction(const sentence *s, size_t i)
{
    return i + 1 < s->n && s->tok[i + 1].kind == TOK_NUM_CONJ && s->tok[i].kind == TOK_WORD;
}

/* The «و» of a number after a word's phonemes: «o», «yo» after i («si-yo se», but «se-o nim»). */
static const char *number_conjunction_sound(const phoneme_set *ps, const char *phonemes)
{
    unsigned char last, before;
    if (phoneme_set_last_sounds(ps, phonemes, &last, &before) || !last)
        return NULL;
    return !strcmp(ps->name[last], "i") ? "jo" : "o";
}

/* The phonemes of a word whose sound Ravi changes, into ph: its own (a stage's, or eSpeak's
 * reading of the bare word) and what follows them (the ezafe, the «o» of a number). Returns 0,
 * 1 when the word is left to eSpeak as it is written, -1 when out of memory. */
static int realise_word(const sentence *s, size_t i, const ravi_config *cfg, strbuf *ph)
{
    const token *t = &s->tok[i];
    int ezafe = says_ezafe(t, cfg), conj = before_number_conjunction(s, i);
    if (!t->phonemes && !ezafe && !conj)
        return 1;
    sb_reset(ph);
    strbuf bare;
    sb_init(&bare);
    int rc = ezafe_bare_word(t->text, t->len, &bare) || sb_puts(&bare, "") ? -1 : 0;
    if (rc == 0)
        rc = t->phonemes ? sb_puts(ph, t->phonemes) : synth_word_phonemes(bare.s, bare.len, ph);
    const phoneme_set *ps = synth_phoneme_set();
    if (rc == 0 && ps && ph->s && (ezafe || conj)) {
        /* what follows is said after the word's own sound; without a table, the word alone */
        const char *after = conj ? number_conjunction_sound(ps, ph->s) : ezafe_sound(ps, bare.s, bare.len, ph->s);
        if (after)
            rc = sb_puts(ph, after);
    }
    sb_free(&bare);
    return rc;
}

/* Punctuation left out of the speech: a closing quote or bracket right before other punctuation
 * (eSpeak would end the clause at it and then not stress a final clitic it stresses before a full
 * stop: «رفته‌اند». said rafte'and, «رفته‌اند» rafteand; the mark after it ends the clause), and
 * an opening one that starts the sentence (nothing to pause after; in SSML eSpeak reports it). */
static int unsaid_mark(const sentence *s, size_t i)
{
    return (token_closes(&s->tok[i]) && i + 1 < s->n && s->tok[i + 1].kind == TOK_PUNCT) ||
           (i == 0 && s->n > 1 && token_opens(&s->tok[i]));
}

/* A token as text. A bracket inside a word (no stage makes one, but nothing else stops it) is
 * written as a parenthesis, so that the word cannot open eSpeak's phoneme mode either. */
static int render_token_text(const token *t, strbuf *out)
{
    size_t from = out->len;
    if (t->kind == TOK_PUNCT) {
        /* a bracket said as punctuation keeps its name, but never as a [[ or ]] pair, which
         * eSpeak would take for phonemes (the text before included) */
        if (sb_puts(out, speech_punct(t->text)))
            return -1;
        for (size_t k = from ? from : 1; k < out->len; k++)
            if ((out->s[k] == '[' || out->s[k] == ']') && out->s[k - 1] == out->s[k])
                out->s[k] = out->s[k] == '[' ? '(' : ')';
        return 0;
    }
    if (sb_puts(out, t->text))
        return -1;
    for (size_t k = from; k < out->len; k++)
        if (out->s[k] == '[' || out->s[k] == ']')
            out->s[k] = out->s[k] == '[' ? '(' : ')';
    return 0;
}

/* A word given as phonemes: eSpeak opens [[ only at the start of a word, and a [[ straight after
 * a quote or bracket («[[...]]) makes it drop the word, so a space always comes before it. */
static int put_phoneme_word(strbuf *out, const strbuf *ph)
{
    if (out->len && out->s[out->len - 1] != ' ' && sb_putc(out, ' '))
        return -1;
    return sb_puts(out, "[[") || sb_append(out, ph->s, ph->len) || sb_puts(out, "]]") ? -1 : 0;
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

/* The invariant that no word is lost on the way to eSpeak: every word has characters of its
 * own in the speech text, and every phoneme word starts a word there. */
static int words_accounted(const sentence *s, const render_map *map, const char *words, size_t n)
{
    for (size_t i = 0; i < s->n; i++)
        if ((s->tok[i].kind == TOK_WORD || s->tok[i].kind == TOK_NUMBER) && map->last[i] < map->first[i] &&
            utf8_count(s->tok[i].text, strlen(s->tok[i].text)) > 0) /* a word with characters */
            return 0;
    for (size_t k = 1; k + 1 < n; k++)
        if (words[k] == '[' && words[k + 1] == '[' && words[k - 1] != ' ')
            return 0;
    return 1;
}

int render_speech(const sentence *s, const ravi_config *cfg, strbuf *out, render_map *map)
{
    if (map_reserve(map, s->n ? s->n : 1))
        return -1;
    size_t chars = 0; /* characters written so far: eSpeak counts the markup's too */
    if (s->ssml_open) {
        if (sb_puts(out, s->ssml_open))
            return -1;
        chars = utf8_count(s->ssml_open, strlen(s->ssml_open));
    }
    size_t words_at = out->len;
    strbuf ph;
    sb_init(&ph);
    int rc = 0, conj_said = 0;
    for (size_t i = 0; i < s->n && rc == 0; i++) {
        const token *t = &s->tok[i];
        size_t before = out->len;
        if ((t->kind == TOK_NUM_CONJ && conj_said) || unsaid_mark(s, i)) {
            map->first[i] = chars + 1;
            map->last[i] = chars; /* empty: said on the word before, or not at all */
            conj_said = 0;
            continue;
        }
        /* a closing quote glued to the word before makes eSpeak report that word as empty */
        if ((needs_space(s, i) || (i > 0 && token_closes(t))) && sb_putc(out, ' ')) {
            rc = -1;
            break;
        }
        int realised = t->kind == TOK_PUNCT ? 1 : realise_word(s, i, cfg, &ph);
        if (realised < 0 || (realised == 0 ? put_phoneme_word(out, &ph) : render_token_text(t, out))) {
            rc = -1;
            break;
        }
        conj_said = realised == 0 && before_number_conjunction(s, i);
        size_t word_at = before;
        while (word_at < out->len && out->s[word_at] == ' ')
            word_at++; /* the spaces before the word are not the word's */
        if (s->ssml_open && escape_markup_from(out, word_at)) {
            rc = -1;
            break;
        }
        size_t lead = utf8_count(out->s + before, word_at - before);
        size_t len = utf8_count(out->s + word_at, out->len - word_at);
        map->first[i] = chars + lead + 1;
        map->last[i] = chars + lead + len;
        chars += lead + len;
    }
    sb_free(&ph);
    if (rc == 0 && !words_accounted(s, map, out->s ? out->s + words_at : "", out->len - words_at))
        rc = RENDER_WORD_LOST;
    /* eSpeak NG 1.51 reads the closing markup aloud when it follows a ]] directly ("slash
     * speak", «علامت بزرگتر»), and a full stop before it as «نقطه» even after a space; a line
     * break in between is read as the end of the text it is. */
    if (rc == 0 && s->ssml_open && (sb_putc(out, '\n') || sb_puts(out, s->ssml_close ? s->ssml_close : "")))
        rc = -1;
    return rc;
}
