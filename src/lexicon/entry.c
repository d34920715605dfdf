#include "entry.h"
#include "../util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

static char *trim(char *s)
{
    while (is_blank(*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && is_blank(s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* Cuts a trailing comment: a # at the start or after a blank. Phoneme mnemonics such as t# keep
 * their # because it follows a letter. */
static void cut_comment(char *s)
{
    for (char *p = s; *p; p++)
        if (*p == '#' && (p == s || is_blank(p[-1]))) {
            *p = '\0';
            return;
        }
}

static int bad(char *why, size_t size, const char *msg)
{
    snprintf(why, size, "%s", msg);
    return LINE_BAD;
}

static int is_allowed_in_phonemes(char c)
{
    return c == ' ' || (c > ' ' && c < 0x7F && c != '[' && c != ']');
}

/* [[...]]: the mnemonics between the brackets, ASCII, nothing but a comment after them. */
static int parse_phonemes(char *pron, lex_line *out, char *why, size_t size)
{
    char *close = strstr(pron + 2, "]]");
    if (!close)
        return bad(why, size, "'[[' without a closing ']]'");
    *close = '\0';
    const char *after = trim(close + 2);
    if (*after && *after != '#')
        return bad(why, size, "text after ']]' (only one [[...]] per pronunciation)");
    char *ph = trim(pron + 2);
    if (!*ph)
        return bad(why, size, "empty [[ ]]");
    for (const char *p = ph; *p; p++)
        if (!is_allowed_in_phonemes(*p))
            return bad(why, size, "phonemes in [[ ]] are eSpeak NG's ASCII mnemonics (see 'espeak-ng -v fa -x')");
    out->pron = ph;
    out->is_phonemes = 1;
    return LINE_ENTRY;
}

static int is_persian_script(uint32_t c)
{
    return (c >= 0x0621 && c <= 0x065F) || c == 0x0670 || (c >= 0x0671 && c <= 0x06D3) ||
           c == 0x06D5 || (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFC);
}

/* Persian text: letters and vowel marks of the Arabic script, ZWNJ and spaces only. */
static int check_persian_text(const char *s, char *why, size_t size)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t len = utf8_decode(s + i, n - i, &c);
        i += len;
        if (c == ' ' || c == 0x200C || is_persian_script(c))
            continue;
        if ((c >= '0' && c <= '9') || (c >= 0x06F0 && c <= 0x06F9) || (c >= 0x0660 && c <= 0x0669))
            return bad(why, size, "digits in a pronunciation: write the number in words");
        snprintf(why, size, "pronunciation has '%.*s': write Persian with its short vowels, or "
                 "eSpeak phonemes in [[ ]]", (int)len, s + i - len);
        return LINE_BAD;
    }
    return LINE_ENTRY;
}

/* The written form, a tab, the pronunciation: split and check the syntax of each. */
static int split_fields(char *line, lex_line *out, char *why, size_t size)
{
    char *tab = strchr(line, '\t');
    if (!tab)
        return bad(why, size, "no tab between the written form and its pronunciation");
    *tab = '\0';
    char *pron = tab + 1;
    char *tab2 = strchr(pron, '\t');
    out->sense = NULL;
    if (tab2) {
        *tab2 = '\0';
        char *rest = trim(tab2 + 1);
        if (!strncmp(rest, "sense:", 6))
            out->sense = rest;
        else if (*rest && *rest != '#')
            return bad(why, size, "more than one tab: expected written form<TAB>pronunciation "
                                  "(or, for a homograph, a third column sense:NAME)");
    }
    out->written = trim(line);
    if (!*out->written)
        return bad(why, size, "empty written form before the tab");
    if (strchr(out->written, '[') || strchr(out->written, ']'))
        return bad(why, size, "'[' or ']' in the written form");
    pron = trim(pron);
    if (!strncmp(pron, "[[", 2))
        return parse_phonemes(pron, out, why, size);
    cut_comment(pron);
    pron = trim(pron);
    if (!*pron)
        return bad(why, size, "empty pronunciation after the tab");
    out->pron = pron;
    out->is_phonemes = 0;
    return check_persian_text(pron, why, size);
}

int lex_parse_line(char *line, size_t len, lex_line *out, char *why, size_t why_size)
{
    long at = utf8_first_invalid(line, len);
    if (at >= 0) {
        snprintf(why, why_size, "invalid UTF-8 at byte %ld of the line", at + 1);
        return LINE_BAD;
    }
    if (strlen(line) != len)
        return bad(why, why_size, "NUL byte in the line");
    const char *first = line;
    while (is_blank(*first))
        first++;
    if (*first == '\0' || *first == '#')
        return LINE_BLANK;
    if (len > LEX_MAX_LINE) {
        snprintf(why, why_size, "line of %zu bytes: an entry has at most %d", len, LEX_MAX_LINE);
        return LINE_BAD;
    }
    return split_fields(line, out, why, why_size);
}

FILE *lex_open_file(const char *path)
{
    FILE *f = fopen(path, "r");
    struct stat st;
    if (f && (fstat(fileno(f), &st) || S_ISDIR(st.st_mode))) {
        fclose(f);
        errno = EISDIR;
        return NULL;
    }
    return f;
}

int lex_for_each_line(FILE *f, int (*fn)(void *ctx, char *text, size_t len, unsigned line), void *ctx)
{
    char *text = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned line = 0;
    int rc = 0;
    while (!rc && (len = getline(&text, &cap, f)) >= 0) {
        line++;
        while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
            text[--len] = '\0';
        char *start = text;
        if (line == 1 && len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) { /* a byte order mark */
            start += 3;
            len -= 3;
        }
        rc = fn(ctx, start, (size_t)len, line);
    }
    free(text);
    return rc ? rc : ferror(f) ? LEX_READ_ERROR : 0;
}
