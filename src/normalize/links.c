/* Reading addresses, hashtags and mentions (see links.h). The grammar of a link is
 * src/read/link.c's; the words for its labels and symbols are tables.c's. */
#include "links.h"
#include "../read/link.h"
#include "../util.h"
#include "numparse.h"
#include "tables.h"

#include <string.h>

#define MAX_PIECE 64         /* longer Latin runs are passed on as they are */
#define MAX_NUMBER_RUN 18    /* digits read as one group; longer runs go in fours */
#define MIN_SUFFIX_LABEL 4   /* a known label this long may end a longer one: tasnim|news */
#define MIN_SUFFIX_STEM 3    /* ... after at least this many letters */

typedef enum name_mode {
    NAME_ADDRESS, /* a host's label or an e-mail's local part: symbols said, no camel case */
    NAME_MENTION, /* @JZarif: _ between words, camel case splits, Latin pieces are names */
    NAME_HASHTAG, /* #ایران_قوی: _ between words, camel case splits, words are words */
} name_mode;

static int is_ascii_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }

/* Adds text[0..n) as one word with the given spoken flags. */
static void add_word(spoken *sp, const char *text, size_t n, unsigned flags)
{
    char word[LINK_MAX_BYTES + 1];
    if (n >= sizeof word) {
        sp->overflow = 1;
        return;
    }
    memcpy(word, text, n);
    word[n] = '\0';
    spoken_word(sp, word);
    spoken_flag_last(sp, flags);
}

/* A run of digits (ASCII already): a number up to four digits (۲۰۲۴, varzesh3), else groups. */
static void say_digit_run(spoken *sp, const char *d, size_t n)
{
    if (n <= 4)
        say_digit_group(sp, d, n);
    else
        say_digit_groups(sp, d, n, groups_long);
}

/* A Latin run of an address or mention: a known label (www, news), a known label of
 * MIN_SUFFIX_LABEL letters or more at its end (tasnim|news, khabar|online), or else a name piece
 * for the lexicon and the spell stage. */
static void say_latin_run(spoken *sp, const char *p, size_t n)
{
    char lower[MAX_PIECE + 1];
    if (n > MAX_PIECE) {
        add_word(sp, p, n, SPK_NAME_PIECE);
        return;
    }
    for (size_t i = 0; i < n; i++)
        lower[i] = (char)(p[i] | 0x20);
    lower[n] = '\0';
    const written_form *f = written_lookup(&address_labels, lower);
    if (f) {
        spoken_phrase(sp, f->spoken);
        return;
    }
    for (size_t k = 0; k < address_labels.n; k++) {
        const written_form *e = &address_labels.entry[k];
        size_t len = strlen(e->written);
        if (len >= MIN_SUFFIX_LABEL && n >= len + MIN_SUFFIX_STEM && !strcmp(lower + n - len, e->written)) {
            add_word(sp, p, n - len, SPK_NAME_PIECE);
            spoken_phrase(sp, e->spoken);
            return;
        }
    }
    add_word(sp, p, n, SPK_NAME_PIECE);
}

/* Where the first word of a Latin run [p, p+n) ends when camel case divides it: MeToo → Me|Too,
 * JZarif → J|Zarif, NASAScience → NASA|Science; iPhone stays whole (one small letter first). */
static size_t camel_word_end(const char *p, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        unsigned char a = (unsigned char)p[i - 1], b = (unsigned char)p[i];
        if (is_lower(a) && is_upper(b) && i >= 2)
            return i;
        if (is_upper(a) && is_upper(b) && i + 1 < n && is_lower((unsigned char)p[i + 1]))
            return i;
    }
    return n;
}

static void say_latin(spoken *sp, const char *p, size_t n, name_mode mode)
{
    while (n > 0) {
        size_t w = mode == NAME_ADDRESS ? n : camel_word_end(p, n);
        if (mode == NAME_HASHTAG)
            add_word(sp, p, w, SPK_OPEN); /* a word like any other: the lexicon's, or English */
        else
            say_latin_run(sp, p, w);
        p += w;
        n -= w;
    }
}

/* What a character of a name is. */
typedef enum char_sort { CH_LATIN, CH_DIGIT, CH_OTHER_LETTER, CH_SYMBOL } char_sort;

static char_sort sort_of(uint32_t c)
{
    if (c < 0x80 && is_ascii_alpha((unsigned char)c))
        return CH_LATIN;
    if (digit_value(c) >= 0)
        return CH_DIGIT;
    if (c >= 0x80 && c != 0xFFFD)
        return CH_OTHER_LETTER; /* the link grammar let only letters, marks and joiners in */
    return CH_SYMBOL;
}

/* The run of characters of one sort starting at text[i]; digits are copied as ASCII. */
static size_t run_end(const char *text, size_t n, size_t i, char_sort sort, char *digits, size_t *ndigits)
{
    *ndigits = 0;
    while (i < n) {
        uint32_t c;
        size_t len = utf8_decode(text + i, n - i, &c);
        if (sort_of(c) != sort)
            break;
        if (sort == CH_DIGIT && *ndigits < NUM_MAX_DIGITS)
            digits[(*ndigits)++] = (char)('0' + digit_value(c));
        i += len;
    }
    return i;
}

/* A symbol between the pieces of a name: said in an address (dot, underscore, plus), a word
 * break in a hashtag or mention. */
static void say_symbol(spoken *sp, char c, name_mode mode)
{
    char written[2] = {c, '\0'};
    const written_form *f = written_lookup(&address_symbols, written);
    if (mode == NAME_ADDRESS && f)
        spoken_phrase(sp, f->spoken);
}

/* A name: an e-mail's local part, a host's label, a hashtag's or mention's text. */
static void say_name(spoken *sp, const char *text, size_t n, name_mode mode)
{
    char digits[NUM_MAX_DIGITS];
    size_t i = 0;
    while (i < n && !sp->overflow) {
        uint32_t c;
        size_t len = utf8_decode(text + i, n - i, &c), nd;
        char_sort sort = sort_of(c);
        if (sort == CH_SYMBOL) {
            say_symbol(sp, text[i], mode);
            i += len;
            continue;
        }
        size_t end = run_end(text, n, i, sort, digits, &nd);
        if (sort == CH_LATIN)
            say_latin(sp, text + i, end - i, mode);
        else if (sort == CH_DIGIT)
            say_digit_run(sp, digits, nd);
        else
            add_word(sp, text + i, end - i, mode == NAME_HASHTAG ? SPK_OPEN : 0);
        i = end;
    }
}

/* A host name: its labels with «دات» between them. */
static void say_host(spoken *sp, const char *host, size_t n)
{
    const written_form *dot = written_lookup(&address_symbols, ".");
    for (size_t i = 0; i < n;) {
        const char *end = memchr(host + i, '.', n - i);
        size_t label_end = end ? (size_t)(end - host) : n;
        if (i)
            spoken_phrase(sp, dot->spoken);
        say_name(sp, host + i, label_end - i, NAME_ADDRESS);
        i = label_end + 1;
    }
}

int read_link(const sentence *s, size_t i, spoken *sp)
{
    const token *t = &s->tok[i];
    int hashtag_said = i > 0 && !strcmp(s->tok[i - 1].text, nw_hashtag);
    link_parts p;
    if (link_parse(t->text, t->len, &p))
        return 0;
    const char *x = t->text;
    const written_form *at = written_lookup(&address_symbols, "@");
    switch (p.kind) {
    case LINK_HASHTAG:
        if (!hashtag_said) {
            spoken_word(sp, nw_hashtag);
            spoken_flag_last(sp, SPK_OPEN);
        }
        say_name(sp, x + p.name_start, p.name_end - p.name_start, NAME_HASHTAG);
        break;
    case LINK_MENTION:
        spoken_phrase(sp, at->spoken);
        say_name(sp, x + p.name_start, p.name_end - p.name_start, NAME_MENTION);
        break;
    case LINK_EMAIL:
        say_name(sp, x + p.name_start, p.name_end - p.name_start, NAME_ADDRESS);
        spoken_phrase(sp, at->spoken);
        say_host(sp, x + p.host_start, p.host_end - p.host_start);
        break;
    case LINK_WEB:
        /* the scheme and what follows the host are left out: see README, "Addresses" */
        say_host(sp, x + p.host_start, p.host_end - p.host_start);
        break;
    default:
        return 0;
    }
    return 1;
}
