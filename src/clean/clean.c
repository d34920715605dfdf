/* clean: one spelling for each letter, so that later stages and the lexicon match.
 * Arabic letter forms and presentation forms fold to Persian (ICU NFKC for the presentation
 * forms, then NFC); Arabic-Indic digits become Persian digits; tatweel and invisible controls go;
 * ZWNJ stays (once, inside the word) and so do the short vowels, above all the written ezafe. */
#include "../stage.h"
#include "../util.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

typedef struct clean_state {
    const UNormalizer2 *nfc, *nfkc;
    strbuf folded;
    UChar *u16a, *u16b;
    size_t u16cap;
} clean_state;

static int is_presentation_form(uint32_t c)
{
    return (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
}

/* Single-letter folds; returns the replacement, or 0 to drop the character. */
static uint32_t fold_letter(uint32_t c, int word_final)
{
    switch (c) {
    case 0x064A: case 0x0649: return 0x06CC;     /* ي ى → ی */
    case 0x0643: return 0x06A9;                   /* ك → ک */
    case 0x0629: return word_final ? 0x0647 : c;  /* ة → ه at the end of a word */
    case 0x06C1: case 0x06D5: return 0x0647;      /* Urdu/Kurdish heh forms → ه */
    case 0x0640: return 0;                        /* tatweel is decoration */
    case 0x200B: case 0x200E: case 0x200F: case 0xFEFF: case 0x00AD: return 0;
    default:
        if (c >= 0x0660 && c <= 0x0669)
            return c - 0x0660 + 0x06F0;           /* Arabic-Indic → Persian digits */
        if (c >= 0x202A && c <= 0x202E)
            return 0;
        if (c >= 0x2066 && c <= 0x2069)
            return 0;
        return c;
    }
}

static int clean_open(const ravi_options *opt, void **state)
{
    (void)opt;
    UErrorCode err = U_ZERO_ERROR;
    clean_state *st = calloc(1, sizeof *st);
    if (!st) {
        ravi_error("out of memory");
        return -1;
    }
    st->nfc = unorm2_getNFCInstance(&err);
    st->nfkc = unorm2_getNFKCInstance(&err);
    if (U_FAILURE(err)) {
        ravi_error("ICU normalizer unavailable: %s", u_errorName(err));
        free(st);
        return -1;
    }
    *state = st;
    return 0;
}

static void clean_close(void *state)
{
    clean_state *st = state;
    if (!st)
        return;
    sb_free(&st->folded);
    free(st->u16a);
    free(st->u16b);
    free(st);
}

static int ensure_u16(clean_state *st, size_t need)
{
    if (need <= st->u16cap)
        return 0;
    size_t cap = need * 2;
    UChar *a = realloc(st->u16a, cap * sizeof *a);
    if (!a)
        return -1;
    st->u16a = a;
    UChar *b = realloc(st->u16b, cap * sizeof *b);
    if (!b)
        return -1;
    st->u16b = b;
    st->u16cap = cap;
    return 0;
}

/* Runs an ICU normalizer over UTF-8 text, appending the result to out. */
static int normalize_utf8(clean_state *st, const UNormalizer2 *norm, const char *in, size_t n,
                          strbuf *out)
{
    UErrorCode err = U_ZERO_ERROR;
    if (ensure_u16(st, n + 1))
        return -1;
    int32_t len16 = 0;
    u_strFromUTF8(st->u16a, (int32_t)st->u16cap, &len16, in, (int32_t)n, &err);
    if (U_FAILURE(err))
        return -1;
    /* NFKC can expand a presentation form a lot (ﷺ is 18 letters) */
    if (ensure_u16(st, (size_t)len16 * 18 + 1))
        return -1;
    int32_t normlen = unorm2_normalize(norm, st->u16a, len16, st->u16b, (int32_t)st->u16cap, &err);
    if (U_FAILURE(err))
        return -1;
    int32_t len8 = 0;
    err = U_ZERO_ERROR;
    u_strToUTF8(NULL, 0, &len8, st->u16b, normlen, &err); /* preflight: the UTF-8 length */
    char *at = sb_extend(out, (size_t)len8);
    if (!at)
        return -1;
    err = U_ZERO_ERROR;
    u_strToUTF8(at, len8 + 1, NULL, st->u16b, normlen, &err);
    return U_FAILURE(err) ? -1 : 0;
}

static int is_letter_like(uint32_t c)
{
    return (c >= 0x0600 && c <= 0x06FF && !(c >= 0x06F0 && c <= 0x06F9) && !(c >= 0x0660 && c <= 0x0669)) ||
           (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c > 0x00BF;
}

/* Folds one token's text into st->folded: presentation forms through NFKC, letters folded,
 * ZWNJ collapsed and trimmed. */
static int fold_text(clean_state *st, const char *text, strbuf *out)
{
    size_t n = strlen(text);
    strbuf expanded;
    sb_init(&expanded);
    int rc = 0;
    for (size_t i = 0; i < n && !rc;) {
        uint32_t c;
        size_t len = utf8_decode(text + i, n - i, &c);
        if (is_presentation_form(c) && c != 0xFEFF)
            rc = normalize_utf8(st, st->nfkc, text + i, len, &expanded);
        else
            rc = sb_append(&expanded, text + i, len);
        i += len;
    }
    const char *s = expanded.s ? expanded.s : "";
    n = expanded.len;
    int pending_zwnj = 0;
    for (size_t i = 0; i < n && !rc;) {
        uint32_t c;
        size_t len = utf8_decode(s + i, n - i, &c);
        i += len;
        if (c == 0x200C || c == 0x200D) {
            pending_zwnj = out->len > 0;  /* a joiner counts only between letters */
            continue;
        }
        uint32_t next = 0;
        if (i < n)
            utf8_decode(s + i, n - i, &next);
        uint32_t f = fold_letter(c, !is_letter_like(next) || i >= n);
        if (!f)
            continue;
        if (pending_zwnj)
            rc = sb_put_cp(out, 0x200C);
        pending_zwnj = 0;
        if (!rc)
            rc = sb_put_cp(out, f);
    }
    sb_free(&expanded);
    return rc;
}

/* NFC changes only text with combining marks (or Hangul jamo): skip the conversion otherwise. */
static int needs_composition(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t c;
        i += utf8_decode(s + i, n - i, &c);
        if (c >= 0x0300 && (u_getCombiningClass((UChar32)c) != 0 || (c >= 0x1100 && c <= 0x11FF)))
            return 1;
    }
    return 0;
}

/* A character the folding leaves as it is and NFC cannot combine: printable ASCII and Latin-1,
 * and the Arabic-block letters and digits (not the marks, joiners or presentation forms). */
static int is_plain_char(uint32_t c)
{
    int plain = (c >= 0x21 && c <= 0x7E) || (c >= 0xA0 && c <= 0x2FF && c != 0xAD) ||
                (c >= 0x0621 && c <= 0x063A) || (c >= 0x0641 && c <= 0x064A) ||
                (c >= 0x0671 && c <= 0x06D3) || (c >= 0x06F0 && c <= 0x06F9);
    return plain && fold_letter(c, 0) == c && fold_letter(c, 1) == c;
}

/* Most tokens are already clean; they skip the folding and the copy (a focused speed-up: the
 * result is the same, the work is a third). */
static int already_clean(const char *text)
{
    size_t n = strlen(text);
    for (size_t i = 0; i < n;) {
        uint32_t c;
        i += utf8_decode(text + i, n - i, &c);
        if (!is_plain_char(c))
            return 0;
    }
    return n > 0;
}

static int clean_token(clean_state *st, token *t)
{
    if (already_clean(t->text))
        return 0;
    sb_reset(&st->folded);
    if (fold_text(st, t->text, &st->folded))
        return -1;
    if (!needs_composition(st->folded.s ? st->folded.s : "", st->folded.len))
        return token_set_text(t, st->folded.s ? st->folded.s : "");
    strbuf composed;
    sb_init(&composed);
    int rc = normalize_utf8(st, st->nfc, st->folded.s ? st->folded.s : "", st->folded.len, &composed);
    if (!rc)
        rc = token_set_text(t, composed.s ? composed.s : "");
    sb_free(&composed);
    return rc;
}

static int clean_run(void *state, sentence *s)
{
    clean_state *st = state;
    for (size_t i = 0; i < s->n;) {
        if (clean_token(st, &s->tok[i])) {
            ravi_error("out of memory while cleaning text");
            return -1;
        }
        if (s->tok[i].text[0] == '\0')
            sentence_replace(s, i, 1, NULL, NULL, 0); /* only invisible characters: nothing to say */
        else
            i++;
    }
    return 0;
}

const stage stage_clean = {"clean", clean_open, clean_run, clean_close};
