#include "key.h"

#include <string.h>

void lex_key_init(lex_key *k)
{
    memset(k, 0, sizeof *k);
}

void lex_key_reset(lex_key *k)
{
    sb_reset(&k->key);
    sb_reset(&k->exact);
    k->npieces = 0;
    k->all_caps = 0;
    k->has_digits = 0;
    k->compact = 0;
}

void lex_key_free(lex_key *k)
{
    sb_free(&k->key);
    sb_free(&k->exact);
    lex_key_init(k);
}

/* Vowel marks, tanwin, shadda, sukun, hamza above/below, superscript alef: dropped from keys. */
static int is_vowel_mark(uint32_t c)
{
    return (c >= 0x064B && c <= 0x065F) || c == 0x0670;
}

/* Persian and Arabic-Indic digits as ASCII: «G۷» and «G7» are one key. */
static uint32_t ascii_digit(uint32_t c)
{
    if (c >= 0x06F0 && c <= 0x06F9)
        return '0' + (c - 0x06F0);
    if (c >= 0x0660 && c <= 0x0669)
        return '0' + (c - 0x0660);
    return c;
}

int lex_key_append_token(lex_key *k, const char *text)
{
    return lex_key_append_text(k, text, strlen(text));
}

/* Writes one code point as UTF-8 at p; returns the bytes written. */
static size_t put_utf8(char *p, uint32_t c)
{
    if (c < 0x80) {
        p[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        p[0] = (char)(0xC0 | (c >> 6));
        p[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        p[0] = (char)(0xE0 | (c >> 12));
        p[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        p[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    p[0] = (char)(0xF0 | (c >> 18));
    p[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    p[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    p[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

static int is_piece_break(uint32_t c)
{
    return c == 0x200C || c == ' ';
}

#define NOT_IN_KEY UINT32_MAX

/* What a code point of the text is in the exact key: itself, another letter, or NOT_IN_KEY. */
static uint32_t key_char(uint32_t c)
{
    if (is_vowel_mark(c))
        return NOT_IN_KEY;
    if (c == 0x06C0)
        return 0x0647; /* ۀ is ه with a written ezafe */
    return ascii_digit(c);
}

static uint32_t caseless(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* How many bytes at the start of text[0..n) a key keeps exactly as they are, when that run is the
 * whole head (it ends at a piece break, the end, or max_chars characters); 0 when the head needs
 * folding. Nearly every token is plain letters: this avoids decoding and re-encoding them. */
static size_t verbatim_head(const char *text, size_t n, size_t max_chars)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0, chars = 0;
    for (; i < n && chars < max_chars; chars++) {
        unsigned char b = p[i];
        if (b >= 0xD8 && b <= 0xDB) { /* the Arabic block first: most of the text */
            if (i + 1 == n || (p[i + 1] & 0xC0) != 0x80)
                return 0;
            uint32_t c = ((uint32_t)(b & 0x1F) << 6) | (p[i + 1] & 0x3F);
            if (key_char(c) != c)
                return 0;
            i += 2;
        } else if (b < 0x80 && b != ' ' && !(b >= 'A' && b <= 'Z')) {
            i++;
        } else if (b == ' ' || (b == 0xE2 && i + 2 < n && p[i + 1] == 0x80 && p[i + 2] == 0x8C)) {
            return i; /* a piece break (space, ZWNJ); one before any letter needs the slow way */
        } else {
            return 0;
        }
    }
    return i;
}

/* A text that is one piece its key keeps as it is (nearly every word): copied as it stands. */
static int append_verbatim(lex_key *k, const char *text, size_t n)
{
    size_t separator = k->npieces > 0 && !k->compact;
    char *kp = sb_extend(&k->key, separator + n), *ep = sb_extend(&k->exact, separator + n);
    if (!kp || !ep)
        return -1;
    if (separator) {
        *kp++ = ' ';
        *ep++ = ' ';
    }
    memcpy(kp, text, n);
    memcpy(ep, text, n);
    for (size_t i = 0; i < n; i++)
        k->has_digits |= text[i] >= '0' && text[i] <= '9';
    k->npieces++;
    return 0;
}

/* Keys are built for every token of every sentence: room is made once per call and the bytes
 * written in place (a key is never longer than its text plus one space per piece, and an
 * invalid byte, read as U+FFFD, takes three). */
int lex_key_append_text(lex_key *k, const char *text, size_t n)
{
    if (n && verbatim_head(text, n, SIZE_MAX) == n)
        return append_verbatim(k, text, n);
    size_t room = 3 * n + 1, key0 = k->key.len, exact0 = k->exact.len;
    char *kp = sb_extend(&k->key, room), *ep = sb_extend(&k->exact, room);
    if (!kp || !ep)
        return -1;
    size_t kl = 0, el = 0;
    int in_piece = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        i += utf8_decode(text + i, n - i, &c);
        if (is_piece_break(c)) {
            in_piece = 0;
            continue;
        }
        if ((c = key_char(c)) == NOT_IN_KEY)
            continue;
        k->has_digits |= c >= '0' && c <= '9';
        if (!in_piece && k->npieces++ > 0 && !k->compact) {
            kp[kl++] = ' '; /* pieces are separated by one space */
            ep[el++] = ' ';
        }
        in_piece = 1;
        kl += put_utf8(kp + kl, caseless(c));
        el += put_utf8(ep + el, c);
    }
    k->key.len = key0 + kl;
    k->key.s[k->key.len] = '\0';
    k->exact.len = exact0 + el;
    k->exact.s[k->exact.len] = '\0';
    return 0;
}

int lex_key_first_byte(const char *text, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t c;
        i += utf8_decode(text + i, n - i, &c);
        if (!is_piece_break(c) && (c = key_char(c)) != NOT_IN_KEY) {
            c = caseless(c); /* the lead byte of its UTF-8 */
            return (int)(c < 0x80 ? c : c < 0x800 ? 0xC0 | (c >> 6) : c < 0x10000 ? 0xE0 | (c >> 12)
                                                                         : 0xF0 | (c >> 18));
        }
    }
    return -1;
}

size_t lex_key_head(const char *text, size_t n, size_t max_chars, char *out, size_t cap,
                    const char **head)
{
    size_t len = verbatim_head(text, n, max_chars);
    if (len) {
        *head = text;
        return len;
    }
    size_t chars = 0;
    *head = out;
    for (size_t i = 0; i < n && chars < max_chars;) {
        uint32_t c;
        i += utf8_decode(text + i, n - i, &c);
        if (is_piece_break(c)) {
            if (chars)
                break;
            continue;
        }
        if ((c = key_char(c)) == NOT_IN_KEY)
            continue;
        if (len + 4 > cap)
            return LEX_KEY_HEAD_TOO_LONG;
        len += put_utf8(out + len, caseless(c));
        chars++;
    }
    return len;
}

int key_builder_init(key_builder *kb)
{
    memset(kb, 0, sizeof *kb);
    segmenter_init(&kb->sg);
    sentence_init(&kb->sent);
    return clean_folder_init(&kb->folder);
}

void key_builder_free(key_builder *kb)
{
    clean_folder_free(&kb->folder);
    sentence_free(&kb->sent);
    sb_free(&kb->folded);
}

static void note_case(lex_key *k, const char *written)
{
    int upper = 0, lower = 0;
    for (const char *p = written; *p; p++) {
        upper += *p >= 'A' && *p <= 'Z';
        lower += *p >= 'a' && *p <= 'z';
    }
    k->all_caps = upper >= 2 && lower == 0;
}

static void drop_spaces(strbuf *b)
{
    size_t w = 0;
    for (size_t r = 0; r < b->len; r++)
        if (b->s[r] != ' ')
            b->s[w++] = b->s[r];
    b->len = w;
    b->s[w] = '\0';
}

static void make_compact(lex_key *k)
{
    drop_spaces(&k->key);
    drop_spaces(&k->exact);
    k->compact = 1;
}

int key_from_written(key_builder *kb, const char *written, lex_key *k, const char **why)
{
    *why = NULL;
    lex_key_reset(k);
    segmenter_start(&kb->sg, written, strlen(written), 0, 1);
    int r, sentences = 0;
    while ((r = segmenter_next(&kb->sg, &kb->sent)) > 0) {
        if (++sentences > 1) {
            *why = "the written form spans a sentence end, so it can never match";
            return -1;
        }
        for (size_t i = 0; i < kb->sent.n; i++) {
            if (clean_fold_text(&kb->folder, kb->sent.tok[i].text, &kb->folded) ||
                lex_key_append_token(k, kb->folded.s))
                return -1;
        }
    }
    if (r < 0)
        return -1;
    if (k->npieces == 0) {
        *why = "the written form has nothing left to match once folded";
        return -1;
    }
    if (k->npieces > LEX_MAX_PIECES) {
        *why = "the written form has more than 16 words";
        return -1;
    }
    note_case(k, written);
    if (k->has_digits)
        make_compact(k);
    return 0;
}

int key_fold_text(key_builder *kb, const char *text, strbuf *out)
{
    return clean_fold_text(&kb->folder, text, out);
}
