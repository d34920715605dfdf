/* Roman numerals (see roman.h). */
#include "roman.h"
#include "scan.h"
#include "tables.h"

#define ROMAN_HEAD_WORDS 2 /* the longest entry of roman_numeral_heads, in words */
#define ROMAN_MAX 3999     /* MMMCMXCIX */

/* Each decimal digit's canonical spelling: thousands, hundreds, tens, ones. */
static const char *const roman_digits[4][10] = {
    {"", "M", "MM", "MMM", "", "", "", "", "", ""},
    {"", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"},
    {"", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"},
    {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"},
};

/* Reads the longest canonical spelling of each place in turn: the text is a numeral when they
 * use it all up. */
unsigned roman_value(const char *text, size_t len)
{
    unsigned value = 0;
    size_t at = 0;
    for (int place = 0; place < 4; place++) {
        unsigned best = 0;
        size_t best_len = 0;
        for (unsigned d = 1; d < 10; d++) {
            size_t n = strlen(roman_digits[place][d]);
            if (n > best_len && n <= len - at && !memcmp(text + at, roman_digits[place][d], n)) {
                best = d;
                best_len = n;
            }
        }
        value = value * 10 + best;
        at += best_len;
    }
    return at == len && value >= 1 && value <= ROMAN_MAX ? value : 0;
}

static int head_before(const sentence *s, size_t i)
{
    char words[128];
    for (size_t k = 1; k <= ROMAN_HEAD_WORDS && words_before(s, i, k, words, sizeof words); k++)
        if (written_lookup(&roman_numeral_heads, words))
            return 1;
    return 0;
}

int read_roman(const sentence *s, size_t i, spoken *sp)
{
    const token *t = &s->tok[i];
    switch (t->text[0]) { /* most words start with none of these: no more work for them */
    case 'I': case 'V': case 'X': case 'L': case 'C': case 'D': case 'M':
        break;
    default:
        return 0;
    }
    unsigned v = roman_value(t->text, t->len);
    if (!v || !head_before(s, i))
        return 0;
    if (v == 1)
        spoken_word(sp, nw_first);
    else
        say_ordinal(sp, v, ORD_PLAIN);
    return 1;
}
