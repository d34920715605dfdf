/* spell: the Latin pieces of addresses and mentions that the lexicon did not know (TOKF_NAME_PIECE
 * still set after it). A piece that reads as a Finglish word (tabnak, khabar, zarif: Iranian sites
 * and handles write Persian in Latin letters) is given its phonemes; any other (yjc, bbc, mfa) is
 * spelt with the Persian names of its letters. So is a dotted Latin abbreviation (U.N, U.S.A) the
 * lexicon did not know: eSpeak NG would read it in English, and a long one (A.B.C… past 84
 * letters) aborts eSpeak NG 1.51 (see guard/rules.c). The tables are tables.c's. */
#include "../stage.h"
#include "../util.h"
#include "tables.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SPELT 64        /* letters: longer pieces are left to eSpeak NG */
#define MIN_WORD_LETTERS 3  /* shorter pieces are spelt (tv, fa, ir) */
#define MAX_INNER_CONSONANTS 3
#define MAX_FINAL_CONSONANTS 2

static const letter_sound *sound_at(const char *w, size_t n, size_t i)
{
    const letter_sound *best = NULL;
    size_t best_len = 0;
    for (size_t k = 0; k < n_finglish_sounds; k++) {
        size_t len = strlen(finglish_sounds[k].letters);
        if (len > best_len && i + len <= n && !memcmp(w + i, finglish_sounds[k].letters, len)) {
            best = &finglish_sounds[k];
            best_len = len;
        }
    }
    return best;
}

static int is_onset(const char *w)
{
    for (size_t k = 0; k < n_finglish_onsets; k++)
        if (!memcmp(w, finglish_onsets[k], 2))
            return 1;
    return 0;
}

/* Whether the lower-case letters w[0..n) read as a word: a vowel, at most one consonant before
 * the first (or an onset such as pr, st), and no longer consonant runs than Persian or English
 * syllables make. */
static int pronounceable(const char *w, size_t n)
{
    if (n < MIN_WORD_LETTERS)
        return 0;
    size_t run = 0, vowels = 0;
    for (size_t i = 0; i < n;) {
        const letter_sound *ls = sound_at(w, n, i);
        if (!ls)
            return 0;
        if (ls->vowel) {
            if (!vowels && run > 1 && !(run == 2 && is_onset(w)))
                return 0;
            vowels++;
            run = 0;
        } else if (++run > MAX_INNER_CONSONANTS) {
            return 0;
        }
        i += strlen(ls->letters);
    }
    return vowels > 0 && run <= MAX_FINAL_CONSONANTS;
}

/* The phonemes of a Finglish word, stressed on its last vowel as Persian words are; a final a is
 * ā (irna, ilna). Returns 0, or -1 when out of memory. */
static int finglish_phonemes(const char *w, size_t n, strbuf *out)
{
    size_t last_vowel = 0;
    for (size_t i = 0; i < n;) {
        const letter_sound *ls = sound_at(w, n, i);
        if (ls->vowel)
            last_vowel = i;
        i += strlen(ls->letters);
    }
    for (size_t i = 0; i < n;) {
        const letter_sound *ls = sound_at(w, n, i);
        size_t len = strlen(ls->letters);
        int final_a = i + 1 == n && !strcmp(ls->letters, "a");
        if ((i == last_vowel && sb_putc(out, '\'')) || sb_puts(out, final_a ? "A" : ls->phonemes))
            return -1;
        i += len;
    }
    return 0;
}

/* The piece spelt: its letters' names as words, the piece's ezafe decision on the last one. */
static int spell_out(sentence *s, size_t i, const char *lower, size_t n)
{
    const char **names = n ? malloc(n * sizeof *names) : NULL;
    if (!names)
        return n ? -1 : 0;
    for (size_t k = 0; k < n; k++)
        names[k] = latin_letter_names[lower[k] - 'a'];
    unsigned closed = s->tok[i].flags & TOKF_NO_EZAFE;
    int rc = sentence_replace(s, i, 1, names, NULL, n);
    free(names);
    if (rc)
        return -1;
    sentence_keep_attached(s, i);
    for (size_t k = i; k < i + n; k++)
        s->tok[k].flags |= k + 1 < i + n ? TOKF_NO_EZAFE : closed;
    return 0;
}

/* Reads the piece at token i; *produced gets the tokens it became. Returns 0 or -1. */
static int read_piece(strbuf *ph, sentence *s, size_t i, size_t *produced)
{
    token *t = &s->tok[i];
    char lower[MAX_SPELT];
    size_t n = t->len;
    *produced = 1;
    t->flags &= ~(unsigned)TOKF_NAME_PIECE;
    if (n > MAX_SPELT)
        return 0;
    for (size_t k = 0; k < n; k++) {
        char c = (char)(t->text[k] | 0x20);
        if (c < 'a' || c > 'z')
            return 0; /* the normalizer makes pieces of Latin letters only */
        lower[k] = c;
    }
    if (!pronounceable(lower, n)) {
        *produced = n;
        return spell_out(s, i, lower, n);
    }
    sb_reset(ph);
    return finglish_phonemes(lower, n, ph) || token_set_phonemes(t, ph->s) ? -1 : 0;
}

/* Letters joined by dots (U.S.A): the letters, lower-cased, into `lower` (as long as the token);
 * their count, or 0 when the token is something else. */
static size_t dotted_letters(const token *t, strbuf *lower)
{
    sb_reset(lower);
    if (t->kind != TOK_WORD || t->phonemes || t->len < 3)
        return 0;
    size_t n = 0;
    for (size_t k = 0; k < t->len; k++) {
        char c = t->text[k];
        if (k % 2 == 1 ? c != '.' : !((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
            return 0;
        if (k % 2 == 0 && sb_putc(lower, (char)(c | 0x20)))
            return 0;
        n += k % 2 == 0;
    }
    return t->len % 2 == 1 ? n : 0;
}

typedef struct spell_state {
    strbuf phonemes;
    strbuf letters; /* a dotted abbreviation's letters */
} spell_state;

static int spell_open(const ravi_config *cfg, stage_models *models, diag *d, void **state)
{
    (void)models;
    (void)cfg;
    spell_state *st = calloc(1, sizeof *st);
    if (!st)
        return diag_nomem(d);
    *state = st;
    return 0;
}

static void spell_close(void *state)
{
    spell_state *st = state;
    if (!st)
        return;
    sb_free(&st->phonemes);
    sb_free(&st->letters);
    free(st);
}

static int spell_run(void *state, sentence *s)
{
    spell_state *st = state;
    for (size_t i = 0; i < s->n; i++) {
        size_t letters = dotted_letters(&s->tok[i], &st->letters);
        if (letters) {
            if (spell_out(s, i, st->letters.s, letters))
                return -1;
            i += letters - 1;
            continue;
        }
        if (!(s->tok[i].flags & TOKF_NAME_PIECE))
            continue; /* nearly every token */
        size_t produced;
        if (read_piece(&st->phonemes, s, i, &produced))
            return -1;
        i += produced - 1;
    }
    return 0;
}

const stage stage_spell = {"spell", spell_open, spell_run, spell_close};
