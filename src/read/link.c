/* Addresses, hashtags and mentions in running text (see link.h). */
#include "link.h"
#include "../util.h"

#include <string.h>
#include <unicode/uchar.h>

#define MAX_LABEL 63  /* bytes in one label of a host name */
#define MAX_TLD 24    /* letters in a top-level label we take for one without a scheme */

static int is_ascii_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static int is_ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_ascii_alnum(unsigned char c) { return is_ascii_alpha(c) || is_ascii_digit(c); }

static int at(const char *text, size_t len, size_t pos) { return pos < len ? (unsigned char)text[pos] : -1; }

/* Whether text[pos..] starts with the ASCII word w, in any case. */
static int starts_caseless(const char *text, size_t len, size_t pos, const char *w)
{
    size_t n = strlen(w);
    if (len - pos < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)text[pos + i] | 0x20) != (unsigned char)w[i])
            return 0;
    return 1;
}

/* What a host name is made of, for deciding whether it is one. */
typedef struct host_shape {
    size_t labels;
    int first_has_letter;
    int tld_letters;  /* the last label is 2..MAX_TLD letters */
    int tld_lower;    /* ... all of them lower case */
} host_shape;

/* One label: letters and digits, with hyphens inside. Returns its end, or pos when none. */
static size_t scan_label(const char *text, size_t len, size_t pos, int *has_letter, int *letters_only,
                         int *lower)
{
    size_t end = pos;
    *has_letter = 0;
    *letters_only = *lower = 1;
    while (end < len && end - pos < MAX_LABEL) {
        unsigned char c = (unsigned char)text[end];
        if (is_ascii_alpha(c)) {
            *has_letter = 1;
            *lower &= c >= 'a';
        } else if (is_ascii_digit(c) || (c == '-' && end > pos)) {
            *letters_only = 0;
        } else {
            break;
        }
        end++;
    }
    while (end > pos && text[end - 1] == '-') /* a hyphen never ends a label */
        end--;
    return end;
}

/* Labels joined by single dots. Returns the host's end (pos when there is none). */
static size_t scan_host(const char *text, size_t len, size_t pos, host_shape *h)
{
    size_t end = pos;
    memset(h, 0, sizeof *h);
    for (;;) {
        int has_letter, letters_only, lower;
        size_t label_end = scan_label(text, len, end, &has_letter, &letters_only, &lower);
        if (label_end == end) /* only at the start: a dot is taken only with a label after it */
            return pos;
        if (!h->labels)
            h->first_has_letter = has_letter;
        h->labels++;
        size_t n = label_end - end;
        h->tld_letters = letters_only && n >= 2 && n <= MAX_TLD;
        h->tld_lower = lower;
        end = label_end;
        if (at(text, len, end) != '.' || !is_ascii_alnum((unsigned char)at(text, len, end + 1)))
            return end;
        end++;
    }
}

static int stops_path(uint32_t c)
{
    return c <= ' ' || c == 0x7F || c == '"' || c == '<' || c == '>' || c == 0x00AB || c == 0x00BB ||
           c == 0x060C || c == 0x061B || c == 0x061F || c == 0x201C || c == 0x201D || c == 0xFFFD ||
           c == 0x200B || c == 0x200E || c == 0x200F || c == 0xFEFF || u_isUWhiteSpace((UChar32)c);
}

/* Punctuation that ends a sentence or closes a bracket around the address, not part of it. */
static int trails(unsigned char c) { return c && strchr(".,;:!?')]}*", c) != NULL; }

/* Port, path, query and fragment after a host: up to a space, a quote or Persian punctuation, less
 * the punctuation that ends it. Returns the end. */
static size_t scan_rest(const char *text, size_t len, size_t pos, size_t limit)
{
    size_t end = pos, opened = 0, closed = 0;
    while (end < len && end < limit) {
        uint32_t c;
        size_t n = utf8_decode(text + end, len - end, &c);
        if (stops_path(c) || end + n > limit)
            break;
        opened += c == '(';
        closed += c == ')';
        end += n;
    }
    /* (see https://en.wikipedia.org/wiki/Foo_(bar)) keeps the bracket it opened */
    while (end > pos && trails((unsigned char)text[end - 1]) &&
           !(text[end - 1] == ')' && closed <= opened)) {
        closed -= text[end - 1] == ')';
        end--;
    }
    return end;
}

static int starts_rest(int c) { return c == '/' || c == '?' || c == '#'; }

/* After the host: ":port" and what follows a slash, question mark or hash. */
static size_t web_end(const char *text, size_t len, size_t host_end, size_t limit)
{
    size_t end = host_end;
    if (at(text, len, end) == ':' && is_ascii_digit((unsigned char)at(text, len, end + 1))) {
        end++;
        while (end < len && is_ascii_digit((unsigned char)text[end]))
            end++;
    }
    if (starts_rest(at(text, len, end)))
        return scan_rest(text, len, end, limit);
    return end;
}

static size_t scheme_length(const char *text, size_t len, size_t pos)
{
    static const char *const schemes[] = {"https://", "http://", "ftp://"};
    for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++)
        if (starts_caseless(text, len, pos, schemes[i]))
            return strlen(schemes[i]);
    return 0;
}

static int is_local_char(unsigned char c) { return is_ascii_alnum(c) || (c && strchr("._%+-", c)); }

/* local@host: returns the end, or 0. */
static size_t scan_email(const char *text, size_t len, size_t pos)
{
    size_t at_sign = pos;
    while (at_sign < len && at_sign - pos < MAX_LABEL && is_local_char((unsigned char)text[at_sign]))
        at_sign++;
    if (at(text, len, at_sign) != '@' || text[at_sign - 1] == '.')
        return 0;
    host_shape h;
    size_t end = scan_host(text, len, at_sign + 1, &h);
    return h.labels >= 2 && h.tld_letters ? end : 0;
}

static size_t scan_web(const char *text, size_t len, size_t pos, size_t limit)
{
    host_shape h;
    size_t scheme = scheme_length(text, len, pos);
    size_t host_end = scan_host(text, len, pos + scheme, &h);
    int ok;
    if (scheme)
        ok = h.labels >= 1;
    else if (starts_caseless(text, len, pos, "www."))
        ok = h.labels >= 3;
    else
        ok = h.labels >= 2 && h.first_has_letter && h.tld_letters && h.tld_lower;
    return ok ? web_end(text, len, host_end, limit) : 0;
}

/* What a hashtag is made of: letters and digits of any script, marks, joiners, the underscore. */
static int in_hashtag(uint32_t c, int *letter)
{
    if (c == '_' || c == 0x200C || c == 0x200D)
        return 1;
    switch (u_charType((UChar32)c)) {
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER: case U_OTHER_LETTER:
        *letter = 1;
        return c != 0x0640; /* tatweel: a letter by class, decoration to a reader */
    case U_NON_SPACING_MARK: case U_COMBINING_SPACING_MARK: case U_DECIMAL_DIGIT_NUMBER:
        return 1;
    default:
        return 0;
    }
}

static size_t scan_hashtag(const char *text, size_t len, size_t pos, size_t limit)
{
    size_t end = pos + 1;
    int letter = 0;
    while (end < len && end < limit) {
        uint32_t c;
        size_t n = utf8_decode(text + end, len - end, &c);
        if ((c == 0xFFFD && n == 1) || end + n > limit || !in_hashtag(c, &letter))
            break;
        end += n;
    }
    return letter ? end : 0;
}

static size_t scan_mention(const char *text, size_t len, size_t pos, size_t limit)
{
    size_t end = pos + 1;
    int letter = 0;
    while (end < len && end < limit && (is_ascii_alnum((unsigned char)text[end]) || text[end] == '_')) {
        letter |= is_ascii_alpha((unsigned char)text[end]);
        end++;
    }
    return letter ? end : 0;
}

size_t link_scan(const char *text, size_t len, size_t pos, link_kind *kind)
{
    unsigned char c = (unsigned char)text[pos];
    size_t limit = len - pos > LINK_MAX_BYTES ? pos + LINK_MAX_BYTES : len, end;
    /* a hashtag or mention starts a word: C# and info@ are something else */
    int after_word = pos > 0 && (is_ascii_alnum((unsigned char)text[pos - 1]) || text[pos - 1] == '_');
    *kind = LINK_NONE;
    if (c == '#' || c == '@') {
        if (after_word)
            return 0;
        end = c == '#' ? scan_hashtag(text, len, pos, limit) : scan_mention(text, len, pos, limit);
        *kind = end ? (c == '#' ? LINK_HASHTAG : LINK_MENTION) : LINK_NONE;
        return end ? end - pos : 0;
    }
    if (!is_ascii_alnum(c))
        return 0;
    /* most Latin words and numbers (km, 2,500, 1401/03/21) are over at the first character that
     * could go on into an address */
    size_t run = pos;
    while (run < len && is_ascii_alnum((unsigned char)text[run]))
        run++;
    if (run == len || !text[run] || !strchr(".@:-_+%", text[run]))
        return 0;
    if ((end = scan_email(text, len, pos)) && end <= limit) {
        *kind = LINK_EMAIL;
        return end - pos;
    }
    if ((end = scan_web(text, len, pos, limit)) && end <= limit) {
        *kind = LINK_WEB;
        return end - pos;
    }
    return 0;
}

int link_parse(const char *text, size_t len, link_parts *p)
{
    memset(p, 0, sizeof *p);
    if (!len)
        return -1;
    if (text[0] == '#' || text[0] == '@') {
        p->kind = text[0] == '#' ? LINK_HASHTAG : LINK_MENTION;
        p->name_start = 1;
        p->name_end = p->rest_start = len;
        return 0;
    }
    const char *sign = memchr(text, '@', len);
    size_t scheme = scheme_length(text, len, 0);
    if (sign && !scheme) {
        p->kind = LINK_EMAIL;
        p->name_end = (size_t)(sign - text);
        p->host_start = p->name_end + 1;
        p->host_end = p->rest_start = len;
        return 0;
    }
    host_shape h;
    p->kind = LINK_WEB;
    p->host_start = scheme;
    p->host_end = p->rest_start = scan_host(text, len, scheme, &h);
    return h.labels ? 0 : -1;
}
