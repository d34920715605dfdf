/* Number words from the digits up (see numwords.h). No output is ever rewritten by string
 * replacement: each word is chosen from the value of its own digits. */
#include "numwords.h"
#include "tables.h"

#include <stdio.h>
#include <string.h>

#define KASRA "\xd9\x90"

void spoken_init(spoken *sp)
{
    sp->n = sp->used = 0;
    sp->overflow = 0;
}

void spoken_add(spoken *sp, const char *word, token_kind kind)
{
    size_t len = strlen(word);
    if (sp->overflow || sp->n == SPOKEN_MAX_WORDS || sp->used + len + 1 > SPOKEN_MAX_BYTES) {
        sp->overflow = 1;
        return;
    }
    memcpy(sp->text + sp->used, word, len + 1);
    sp->off[sp->n] = sp->used;
    sp->kind[sp->n] = kind;
    sp->flags[sp->n] = 0;
    sp->n++;
    sp->used += len + 1;
}

void spoken_word(spoken *sp, const char *word) { spoken_add(sp, word, TOK_WORD); }

void spoken_phrase(spoken *sp, const char *phrase)
{
    char word[128];
    while (*phrase) {
        size_t len = strcspn(phrase, " ");
        if (len >= sizeof word) {
            sp->overflow = 1;
            return;
        }
        memcpy(word, phrase, len);
        word[len] = '\0';
        int ezafe = len > 2 && !memcmp(word + len - 2, KASRA, 2);
        if (ezafe)
            word[len - 2] = '\0';
        if (len)
            spoken_word(sp, word);
        if (ezafe)
            spoken_flag_last(sp, SPK_EZAFE);
        phrase += len;
        phrase += strspn(phrase, " ");
    }
}

void spoken_conj(spoken *sp) { spoken_add(sp, nw_conjunction, TOK_NUM_CONJ); }

void spoken_group_pause(spoken *sp)
{
    spoken_add(sp, nw_group_pause, TOK_PUNCT);
    spoken_flag_last(sp, SPK_ATTACHED);
}

const char *spoken_at(const spoken *sp, size_t i) { return sp->text + sp->off[i]; }

void spoken_flag_last(spoken *sp, unsigned flags)
{
    if (sp->n)
        sp->flags[sp->n - 1] |= flags;
}

/* 1..999 */
static void say_below_thousand(spoken *sp, unsigned v)
{
    unsigned h = v / 100, rest = v % 100;
    if (h) {
        spoken_word(sp, nw_hundreds[h]);
        if (rest)
            spoken_conj(sp);
    }
    if (!rest)
        return;
    if (rest < 20) {
        spoken_word(sp, nw_ones[rest]);
        return;
    }
    spoken_word(sp, nw_tens[rest / 10]);
    if (rest % 10) {
        spoken_conj(sp);
        spoken_word(sp, nw_ones[rest % 10]);
    }
}

#define TRILLION 1000000000000ull

void say_cardinal(spoken *sp, uint64_t v)
{
    if (v > NW_MAX_CARDINAL) {
        sp->overflow = 1;
        return;
    }
    if (v == 0) {
        spoken_word(sp, nw_ones[0]);
        return;
    }
    int at_head = 1;
    uint64_t trillions = v / TRILLION, rest = v % TRILLION;
    if (trillions) {
        /* above 999 trillion the count of trillions is itself a number: هزار تریلیون */
        if (trillions >= 1000)
            say_cardinal(sp, trillions);
        else
            say_below_thousand(sp, (unsigned)trillions);
        spoken_word(sp, nw_scales[4]);
        at_head = 0;
    }
    uint64_t scale_value = 1000000000ull;
    for (int scale = 3; scale >= 0; scale--, scale_value /= 1000) {
        unsigned group = (unsigned)(rest / scale_value % 1000);
        if (!group)
            continue;
        if (!at_head)
            spoken_conj(sp);
        /* 1000 at the head of a number is هزار; elsewhere یک stays (یک میلیون، دو میلیون و یک هزار) */
        if (!(group == 1 && scale == 1 && at_head))
            say_below_thousand(sp, group);
        if (scale)
            spoken_word(sp, nw_scales[scale]);
        at_head = 0;
    }
}

static const char *ordinal_stem_of(const char *cardinal)
{
    for (size_t i = 0; i < nw_n_ordinal_stems; i++)
        if (!strcmp(nw_ordinal_stems[i].cardinal, cardinal))
            return nw_ordinal_stems[i].stem;
    return NULL;
}

static int ends_in_long_i(const char *w)
{
    size_t n = strlen(w);
    return n >= 2 && !strcmp(w + n - 2, "ی");
}

void say_ordinal_ending(spoken *sp, ordinal_form form)
{
    if (sp->overflow || sp->n == 0)
        return;
    char word[128];
    const char *last = spoken_at(sp, sp->n - 1);
    const char *stem = ordinal_stem_of(last);
    const char *joint = !stem && ends_in_long_i(last) ? nw_ordinal_after_long_i : "";
    int len = snprintf(word, sizeof word, "%s%s%s", stem ? stem : last, joint,
                       form == ORD_MIN ? "مین" : "م");
    if (len < 0 || (size_t)len >= sizeof word) {
        sp->overflow = 1;
        return;
    }
    unsigned flags = sp->flags[sp->n - 1];
    sp->n--;
    sp->used = sp->off[sp->n];
    spoken_word(sp, word);
    spoken_flag_last(sp, flags);
}

void say_ordinal(spoken *sp, uint64_t v, ordinal_form form)
{
    say_cardinal(sp, v);
    say_ordinal_ending(sp, form);
}

void say_digit_group(spoken *sp, const char *digits, size_t n)
{
    if (n > 18) {
        sp->overflow = 1;
        return;
    }
    size_t i = 0;
    while (i < n && digits[i] == '0') {
        spoken_word(sp, nw_ones[0]);
        i++;
    }
    if (i == n)
        return;
    uint64_t v = 0;
    for (; i < n; i++)
        v = v * 10 + (uint64_t)(digits[i] - '0');
    say_cardinal(sp, v);
}

void say_digit_groups(spoken *sp, const char *digits, size_t n, const unsigned char *sizes)
{
    size_t at = 0, size = sizes[0] ? sizes[0] : n;
    while (at < n && !sp->overflow) {
        if (*sizes)
            size = *sizes++;
        size_t take = n - at < size ? n - at : size;
        /* a lone last digit joins the group before it rather than dangling */
        if (n - at - take == 1)
            take++;
        if (at)
            spoken_group_pause(sp);
        say_digit_group(sp, digits + at, take);
        at += take;
    }
}
