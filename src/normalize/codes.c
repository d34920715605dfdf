/* Named codes and IBANs (see codes.h). The names and their groups are tables.c's; the groups are
 * said by numwords.c's say_digit_groups, as phone and card numbers are. */
#include "codes.h"
#include "numparse.h"
#include "scan.h"
#include "tables.h"

#define CODE_NAME_WORDS 3 /* the longest name in code_names, in words */

/* The code named right before token i (a colon may stand between), or NULL. The longest name
 * wins: «شماره شبا» over «شبا». */
static const code_name *code_name_before(const sentence *s, size_t i)
{
    char words[128];
    const code_name *found = NULL;
    if (i > 0 && text_is(s, i - 1, ":"))
        i--;
    for (size_t k = 1; k <= CODE_NAME_WORDS && words_before(s, i, k, words, sizeof words); k++)
        for (size_t c = 0; c < n_code_names; c++)
            if (!strcmp(code_names[c].written, words))
                found = &code_names[c];
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

size_t read_named_code(const sentence *s, size_t i, spoken *sp)
{
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
