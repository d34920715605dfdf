#include "guard.h"
#include "../stage.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

struct guard_state {
    const UNormalizer2 *nfkc;
    UTransliterator *latin; /* made the first time a letter needs it: most text never does */
    int latin_failed;
    UChar *u16;
    int32_t u16cap;
    strbuf piece, split, out; /* the steps of guard_text, and the stage's result */
};

guard_state *guard_state_new(void)
{
    guard_state *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    UErrorCode err = U_ZERO_ERROR;
    g->nfkc = unorm2_getNFKCInstance(&err);
    if (U_FAILURE(err)) {
        free(g);
        return NULL;
    }
    return g;
}

void guard_state_free(guard_state *g)
{
    if (!g)
        return;
    if (g->latin)
        utrans_close(g->latin);
    free(g->u16);
    sb_free(&g->piece);
    sb_free(&g->split);
    sb_free(&g->out);
    free(g);
}

static int ensure_u16(guard_state *g, int32_t n)
{
    if (n <= g->u16cap)
        return 0;
    int32_t cap = n < 64 ? 64 : n * 2;
    UChar *u = realloc(g->u16, (size_t)cap * sizeof *u);
    if (!u)
        return -1;
    g->u16 = u;
    g->u16cap = cap;
    return 0;
}

/* Appends code point cp as the rules say: folded to its compatibility form, or transliterated
 * to Latin letters; a code point neither makes harmless is left out (it names nothing a
 * listener of Persian news would miss, and it would put eSpeak in danger). */
static int append_rewritten(guard_state *g, uint32_t cp, guard_action action, strbuf *out)
{
    if (action == GUARD_DROP)
        return 0;
    UChar src[2];
    int32_t n = 0;
    U16_APPEND_UNSAFE(src, n, cp);
    if (ensure_u16(g, 64))
        return -1;
    UErrorCode err = U_ZERO_ERROR;
    int32_t len = 0;
    if (action == GUARD_FOLD) {
        len = unorm2_normalize(g->nfkc, src, n, g->u16, g->u16cap, &err);
    } else {
        if (!g->latin && !g->latin_failed) {
            g->latin = utrans_openU(u"Any-Latin; Latin-ASCII; [:Nonspacing Mark:] Remove", -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
            g->latin_failed = U_FAILURE(err);
            err = U_ZERO_ERROR;
        }
        if (g->latin) {
            memcpy(g->u16, src, (size_t)n * sizeof *src);
            int32_t limit = n;
            len = n;
            utrans_transUChars(g->latin, g->u16, &len, g->u16cap, 0, &limit, &err);
        }
    }
    if (U_FAILURE(err) || len <= 0)
        return 0;
    for (int32_t i = 0; i < len;) {
        UChar32 c;
        U16_NEXT(g->u16, i, len, c);
        /* what the fold or transliteration gives must itself be harmless */
        if (guard_action_of((uint32_t)c) == GUARD_KEEP && sb_put_cp(out, (uint32_t)c))
            return -1;
    }
    return 0;
}

static int is_letter_byte_start(unsigned char c)
{
    return c != '.' && c != ' ' && c != '\t' &&
           (c >= 0x80 || (unsigned)((c | 0x20) - 'a') < 26u || (unsigned)(c - '0') < 10u);
}

/* Cuts runs of letters joined by dots (A.B.C.D…) into groups: where the run has grown past the
 * limit, the dot becomes a space. (A dot and a space is not enough: before a lowercase letter
 * eSpeak carries the abbreviation on across ". ".) Works on `in`, writes `out`; returns 1 when
 * it cut. */
static int cut_dotted_runs(const char *in, size_t n, strbuf *out)
{
    int cut = 0;
    size_t run = 0; /* bytes of the dotted run so far */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == ' ' || c == '\t') {
            run = 0;
        } else if (c == '.' && ++run >= GUARD_DOTTED_RUN_MAX_BYTES && i + 1 < n &&
                   is_letter_byte_start((unsigned char)in[i + 1])) {
            c = ' ';
            run = 0;
            cut = 1;
        } else if (c != '.') {
            run++;
        }
        if (sb_putc(out, (char)c))
            return -1;
    }
    return cut;
}

/* Cuts a word where it goes from one script to another that may not follow it (rules.c, rule
 * 4): a space between. Returns 1 when it cut. */
static int split_scripts(const char *in, size_t n, strbuf *out)
{
    int cut = 0, prev = USCRIPT_COMMON;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = utf8_decode(in + i, n - i, &cp);
        int script = guard_script_of(cp);
        if (!guard_scripts_may_join(prev, script) ||
            (i >= 2 && in[i - 1] == '-' && in[i - 2] == '-' && !guard_hyphens_may_precede(script))) {
            if (sb_putc(out, ' '))
                return -1;
            cut = 1;
        }
        if (script != USCRIPT_COMMON && script != USCRIPT_INHERITED)
            prev = script;
        else if (cp == ' ')
            prev = USCRIPT_COMMON;
        if (sb_append(out, in + i, k))
            return -1;
        i += k;
    }
    return cut;
}

/* 1 when the text is only ASCII, the Arabic block and ZWNJ / ZWJ, with no two hyphens before a
 * letter that is not ASCII and no dotted run to cut: the rules never touch it (every code point
 * kept, Latin and Arabic join, ZWNJ is of no script). Read byte by byte, nothing decoded: the
 * words of Persian text. */
static int plainly_safe(const char *text, size_t len)
{
    const unsigned char *p = (const unsigned char *)text;
    int dotted = 0;
    for (size_t i = 0; i < len;) {
        unsigned char b = p[i];
        if (b < 0x80) {
            if (b == '-' && i + 2 < len && p[i + 1] == '-' && p[i + 2] >= 0x80)
                return 0;
            dotted |= b == '.';
            i++;
        } else if (b >= 0xD8 && b <= 0xDB && i + 1 < len && (p[i + 1] & 0xC0) == 0x80) {
            i += 2;
        } else if (b == 0xE2 && i + 2 < len && p[i + 1] == 0x80 && (p[i + 2] == 0x8C || p[i + 2] == 0x8D)) {
            i += 3;
        } else {
            return 0;
        }
    }
    return !(dotted && len >= GUARD_DOTTED_RUN_MAX_BYTES);
}

/* Whether the text needs the guard at all: nearly every word does not. */
static int needs_guard(const char *text, size_t len)
{
    if (plainly_safe(text, len))
        return 0;
    int prev = USCRIPT_COMMON, dotted = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode(text + i, len - i, &cp);
        if (guard_action_of(cp) != GUARD_KEEP)
            return 1;
        dotted |= cp == '.';
        int script = guard_script_of(cp);
        if (!guard_scripts_may_join(prev, script))
            return 1;
        /* hyphens before a letter of another alphabet: split_scripts decides (rule 9) */
        if (cp == '-' && i + 1 < len && text[i] == '-' && (unsigned char)text[i + 1] >= 0x80)
            return 1;
        if (script != USCRIPT_COMMON && script != USCRIPT_INHERITED)
            prev = script;
    }
    return dotted && len >= GUARD_DOTTED_RUN_MAX_BYTES;
}

int guard_said_alike(const char *text, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode(text + i, len - i, &cp);
        if (!(cp >= 0x0600 && cp <= 0x06FF) && cp != 0x200C && cp != 0x200D)
            return 0;
    }
    return 1;
}

int guard_text(guard_state *g, const char *text, size_t len, strbuf *out)
{
    if (!needs_guard(text, len))
        return 0;
    sb_reset(&g->piece);
    int changed = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_decode(text + i, len - i, &cp);
        guard_action action = guard_action_of(cp);
        int rc = action == GUARD_KEEP ? sb_append(&g->piece, text + i, k)
                                      : append_rewritten(g, cp, action, &g->piece);
        if (rc)
            return -1;
        changed |= action != GUARD_KEEP;
        i += k;
    }
    sb_reset(&g->split);
    int split = split_scripts(g->piece.s ? g->piece.s : "", g->piece.len, &g->split);
    sb_reset(out);
    int cut = split < 0 ? -1 : cut_dotted_runs(g->split.s ? g->split.s : "", g->split.len, out);
    if (cut < 0)
        return -1;
    return changed || split || cut;
}

/* ---- the stage --------------------------------------------------------------------------- */

static int guard_open(const ravi_config *cfg, stage_models *models, diag *d, void **state)
{
    (void)models;
    (void)cfg;
    if (!(*state = guard_state_new()))
        return diag_fail(d, RAVI_E_NOMEM, "out of memory (or ICU's normalizer is missing)");
    return 0;
}

static void guard_close(void *state)
{
    guard_state_free(state);
}

/* Whether the speech puts a space before token i (render.c's rule): the tokens between two
 * spaces reach eSpeak as one word. */
static int spoken_apart(const sentence *s, size_t i)
{
    return i == 0 || (s->tok[i].flags & (TOKF_SPACE_BEFORE | TOKF_GENERATED));
}

static size_t bytes_after_last_space(const token *t)
{
    size_t n = 0;
    while (n < t->len && t->text[t->len - 1 - n] != ' ')
        n++;
    return n;
}

/* Tokens written together (A.B.C + . + D.E.F) are one word to eSpeak: a dotted run may grow
 * past the limit across them. Such a token is spoken apart instead. */
static void separate_long_glued_runs(sentence *s)
{
    size_t run = 0;
    int dotted = 0;
    for (size_t i = 0; i < s->n; i++) {
        token *t = &s->tok[i];
        int has_dot = !t->phonemes && memchr(t->text, '.', t->len) != NULL;
        if (!spoken_apart(s, i) && (dotted || has_dot) && run + t->len > GUARD_DOTTED_RUN_MAX_BYTES) {
            t->flags |= TOKF_SPACE_BEFORE;
            run = 0;
            dotted = 0;
        } else if (spoken_apart(s, i)) {
            run = 0;
            dotted = 0;
        }
        dotted |= has_dot;
        run = memchr(t->text, ' ', t->len) ? bytes_after_last_space(t) : run + t->len;
    }
}

/* The script of a word's last letter (USCRIPT_COMMON when it has none). */
static int last_letter_script(const token *t)
{
    int script = USCRIPT_COMMON;
    for (size_t i = 0; i < t->len;) {
        uint32_t cp;
        i += utf8_decode(t->text + i, t->len - i, &cp);
        int sc = guard_script_of(cp);
        if (sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED)
            script = sc;
    }
    return script;
}

/* Rule 8 (rules.c): the ezafe is said by a kasra written after the word; after a Greek letter
 * that makes a word of two alphabets, which 1.51 cannot spell. Such a word keeps no ezafe. */
static void keep_kasra_off_other_scripts(token *t)
{
    if (!(t->flags & TOKF_EZAFE) || t->phonemes)
        return;
    int script = last_letter_script(t);
    if (!guard_kasra_may_follow(script)) {
        t->flags &= ~(unsigned)TOKF_EZAFE;
        t->flags |= TOKF_NO_EZAFE;
    }
}

/* The first letter's script of a token (USCRIPT_COMMON when it has none). */
static int first_letter_script(const token *t)
{
    for (size_t i = 0; i < t->len;) {
        uint32_t cp;
        i += utf8_decode(t->text + i, t->len - i, &cp);
        int sc = guard_script_of(cp);
        if (sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED)
            return sc;
    }
    return USCRIPT_COMMON;
}

/* The hyphens written right before token i, counted back across the tokens glued to it. */
static size_t hyphens_before(const sentence *s, size_t i)
{
    size_t n = 0;
    while (i > 0 && !spoken_apart(s, i)) {
        const token *prev = &s->tok[--i];
        size_t k = prev->len;
        while (k > 0 && prev->text[k - 1] == '-')
            k--;
        n += prev->len - k;
        if (k > 0)
            break; /* the run of hyphens starts inside this token */
    }
    return n;
}

/* Rule 9 (rules.c) across tokens: two or more hyphens written against a word of another alphabet
 * (---ж) are spoken apart from it. */
static void separate_hyphens_from_other_scripts(sentence *s)
{
    for (size_t i = 1; i < s->n; i++) {
        token *t = &s->tok[i];
        if (!spoken_apart(s, i) && !t->phonemes && !guard_hyphens_may_precede(first_letter_script(t)) &&
            hyphens_before(s, i) >= 2)
            t->flags |= TOKF_SPACE_BEFORE;
    }
}

static int guard_run(void *state, sentence *s)
{
    guard_state *g = state;
    for (size_t i = 0; i < s->n;) {
        token *t = &s->tok[i];
        int r = t->phonemes ? 0 /* eSpeak is given the phonemes, not this text */
                            : guard_text(g, t->text, t->len, &g->out);
        if (r < 0 || (r > 0 && token_set_text(t, g->out.s ? g->out.s : "")))
            return -1;
        if (t->len == 0 && sentence_replace(s, i, 1, NULL, NULL, 0) == 0)
            continue; /* only what eSpeak could not be given: nothing left to say */
        keep_kasra_off_other_scripts(t);
        i++;
    }
    separate_long_glued_runs(s);
    separate_hyphens_from_other_scripts(s);
    return 0;
}

const stage stage_guard = {"guard", guard_open, guard_run, guard_close};
