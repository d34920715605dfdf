/* Named codes and IBANs (see codes.h). The names and their groups are tables.c's; the groups are
 * said by numwords.c's say_digit_groups, as phone and card numbers are. */
#include "codes.h"
#include "numparse.h"
#include "scan.h"
#include "tables.h"

/* Whether token i is the word w. The first two bytes turn nearly every word away without a call. */
static int word_is(const sentence *s, size_t i, const char *w)
{
    const token *t = &s->tok[i];
    return t->kind == TOK_WORD && t->text[0] == w[0] && t->text[1] == w[1] && !strcmp(t->text, w);
}

/* The code named right before token i (a colon may stand between), or NULL. A two-word name wins
 * over a one-word one: «شماره شبا» over «شبا». */
static const code_name *code_name_before(const sentence *s, size_t i)
{
    const code_name *found = NULL;
    if (i > 0 && text_is(s, i - 1, ":"))
        i--;
    if (i == 0 || s->tok[i - 1].kind != TOK_WORD)
        return NULL;
    for (size_t c = 0; c < n_code_names; c++) {
        const code_name *code = &code_names[c];
        if (!word_is(s, i - 1, code->last))
            continue;
        if (code->head && i >= 2 && word_is(s, i - 2, code->head))
            return code;
        if (!code->head)
            found = code;
    }
    return found;
}

/* The digits of number token i and of the plain integers written apart after it, up to max:
 * ۱۴۱۵۵ ۶۶۷۸۹ is one postal code. Returns the token after the last one taken. */
static size_t gather_digits(const sentence *s, size_t i, numparts *np, char *digits, size_t *n,
                            size_t max)
{
    *n = 0;
    size_t k = i;
    while (k < s->n && s->tok[k].kind == TOK_NUMBER && (k == i || !attached(s, k)) &&
           !numparts_parse(s->tok[k].text, np) && *n + np->ndigits <= max &&
           (k == i || np->nparts == 1)) {
        memcpy(digits + *n, np->digits, np->ndigits);
        *n += np->ndigits;
        k++;
    }
    return k;
}

size_t read_named_code(const sentence *s, size_t i, const numparts *written, spoken *sp)
{
    /* a code is digits with dashes at most (an amount has thousands separators), and long unless
     * its groups are written apart */
    if (!(written->nparts == 1 || numparts_all_seps(written, '-')) ||
        (written->ndigits < CODE_MIN_DIGITS && !kind_at(s, i + 1, TOK_NUMBER)))
        return 0;
    const code_name *code = code_name_before(s, i);
    if (!code)
        return 0;
    numparts np;
    char digits[NUM_MAX_DIGITS];
    size_t n, next = gather_digits(s, i, &np, digits, &n, code->max_digits);
    if (next == i || n < CODE_MIN_DIGITS)
        return 0;
    say_digit_groups(sp, digits, n, code->groups);
    return next;
}

/* The letters of a code's country as their names: IR → «آی آر». */
static void spell_letters(spoken *sp, const char *letters)
{
    for (const char *p = letters; *p; p++)
        spoken_word(sp, latin_letter_names[(*p | 0x20) - 'a']);
}

static int is_iban_country(const token *t)
{
    return t->kind == TOK_WORD && t->len == 2 && (t->text[0] | 0x20) == (iban_country[0] | 0x20) &&
           (t->text[1] | 0x20) == (iban_country[1] | 0x20);
}

size_t read_iban(const sentence *s, size_t i, spoken *sp)
{
    if (!is_iban_country(&s->tok[i]) || !kind_at(s, i + 1, TOK_NUMBER) || !attached(s, i + 1))
        return 0;
    numparts np;
    char digits[NUM_MAX_DIGITS];
    size_t n, next = gather_digits(s, i + 1, &np, digits, &n, IBAN_DIGITS);
    if (n != IBAN_DIGITS)
        return 0;
    spell_letters(sp, iban_country);
    say_digit_groups(sp, digits, n, groups_iban);
    return next;
}
