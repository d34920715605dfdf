/* The folding of the clean stage (see fold.h), shared with the lexicon. */
#include "fold.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>

static int is_presentation_form(uint32_t c)
{
    return (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
}

/* Single-letter folds; returns the replacement, or 0 to drop the character. */
static inline uint32_t fold_letter(uint32_t c, int word_final)
{
    switch (c) {
    case 0x064A: case 0x0649: return 0x06CC;     /* ي ى → ی */
    case 0x0643: return 0x06A9;                   /* ك → ک */
    case 0x0629: return word_final ? 0x0647 : c;  /* ة → ه at the end of a word */
    case 0x06C1: case 0x06D5: return 0x0647;      /* Urdu/Kurdish heh forms → ه */
    case 0x0640: return 0;                        /* tatweel is decoration */
    case 0x200B: case 0x200E: case 0x200F: case 0xFEFF: case 0x00AD: return 0;
    default:
        if (c >= 0x0660 && c <= 0x0669)
            return c - 0x0660 + 0x06F0;           /* Arabic-Indic → Persian digits */
        if (c >= 0x202A && c <= 0x202E)
            return 0;
        if (c >= 0x2066 && c <= 0x2069)
            return 0;
        return c;
    }
}

int clean_folder_init(clean_folder *f)
{
    memset(f, 0, sizeof *f);
    UErrorCode err = U_ZERO_ERROR;
    f->nfc = unorm2_getNFCInstance(&err);
    f->nfkc = unorm2_getNFKCInstance(&err);
    if (U_FAILURE(err)) {
        f->failure = u_errorName(err);
        return -1;
    }
    return 0;
}

void clean_folder_free(clean_folder *f)
{
    sb_free(&f->folded);
    sb_free(&f->expanded);
    free(f->u16a);
    free(f->u16b);
    memset(f, 0, sizeof *f);
}

static int ensure_u16(clean_folder *f, size_t need)
{
    if (need <= f->u16cap)
        return 0;
    size_t cap = need * 2;
    UChar *a = realloc(f->u16a, cap * sizeof *a);
    if (!a)
        return -1;
    f->u16a = a;
    UChar *b = realloc(f->u16b, cap * sizeof *b);
    if (!b)
        return -1;
    f->u16b = b;
    f->u16cap = cap;
    return 0;
}

/* Runs an ICU normalizer over UTF-8 text, appending the result to out. */
static int normalize_utf8(clean_folder *f, const UNormalizer2 *norm, const char *in, size_t n,
                          strbuf *out)
{
    UErrorCode err = U_ZERO_ERROR;
    if (ensure_u16(f, n + 1))
        return -1;
    int32_t len16 = 0;
    u_strFromUTF8(f->u16a, (int32_t)f->u16cap, &len16, in, (int32_t)n, &err);
    if (U_FAILURE(err))
        return -1;
    /* NFKC can expand a presentation form a lot (ﷺ is 18 letters) */
    if (ensure_u16(f, (size_t)len16 * 18 + 1))
        return -1;
    int32_t normlen = unorm2_normalize(norm, f->u16a, len16, f->u16b, (int32_t)f->u16cap, &err);
    if (U_FAILURE(err))
        return -1;
    int32_t len8 = 0;
    err = U_ZERO_ERROR;
    u_strToUTF8(NULL, 0, &len8, f->u16b, normlen, &err); /* preflight: the UTF-8 length */
    char *at = sb_extend(out, (size_t)len8);
    if (!at)
        return -1;
    err = U_ZERO_ERROR;
    u_strToUTF8(at, len8 + 1, NULL, f->u16b, normlen, &err);
    return U_FAILURE(err) ? -1 : 0;
}

static int is_letter_like(uint32_t c)
{
    return (c >= 0x0600 && c <= 0x06FF && !(c >= 0x06F0 && c <= 0x06F9) && !(c >= 0x0660 && c <= 0x0669)) ||
           (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c > 0x00BF;
}

/* Presentation forms through NFKC, everything else copied, into f->expanded. */
static int expand_presentation_forms(clean_folder *f, const char *text, size_t n)
{
    sb_reset(&f->expanded);
    int rc = sb_puts(&f->expanded, ""); /* so that expanded.s is never NULL */
    for (size_t i = 0; i < n && !rc;) {
        uint32_t c;
        size_t len = utf8_decode(text + i, n - i, &c);
        if (is_presentation_form(c) && c != 0xFEFF)
            rc = normalize_utf8(f, f->nfkc, text + i, len, &f->expanded);
        else
            rc = sb_append(&f->expanded, text + i, len);
        i += len;
    }
    return rc;
}

/* Letters folded, ZWNJ collapsed and trimmed, from s[0..n) into out. */
static int fold_letters(const char *s, size_t n, strbuf *out)
{
    int rc = 0, pending_zwnj = 0;
    for (size_t i = 0; i < n && !rc;) {
        uint32_t c;
        size_t len = utf8_decode(s + i, n - i, &c);
        i += len;
        if (c == 0x200C || c == 0x200D) {
            pending_zwnj = out->len > 0;  /* a joiner counts only between letters */
            continue;
        }
        uint32_t next = 0;
        if (i < n)
            utf8_decode(s + i, n - i, &next);
        uint32_t folded = fold_letter(c, !is_letter_like(next) || i >= n);
        if (!folded)
            continue;
        if (pending_zwnj)
            rc = sb_put_cp(out, 0x200C);
        pending_zwnj = 0;
        if (!rc)
            rc = sb_put_cp(out, folded);
    }
    return rc;
}

/* NFC changes only text with combining marks (or Hangul jamo): skip the conversion otherwise. */
static int needs_composition(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t c;
        i += utf8_decode(s + i, n - i, &c);
        if (c >= 0x0300 && (u_getCombiningClass((UChar32)c) != 0 || (c >= 0x1100 && c <= 0x11FF)))
            return 1;
    }
    return 0;
}

/* Whether a text needs any change: nearly all words are plain Persian letters (two-byte UTF-8)
 * or ASCII, with at most single ZWNJs between letters. Anything else takes the full path. */
int clean_fold_needed(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    for (; p[i]; i++) {
        unsigned char c = p[i];
        if (c < 0x80)
            continue;
        if (c >= 0xD8 && c <= 0xDB && p[i + 1]) {
            uint32_t cp = ((uint32_t)(c & 0x1F) << 6) | (p[i + 1] & 0x3F);
            if (fold_letter(cp, 0) != cp || cp == 0x0629 || (cp >= 0x0653 && cp <= 0x0655))
                return 1;
            i++;
            continue;
        }
        /* ZWNJ (E2 80 8C) between letters is already clean */
        if (c == 0xE2 && p[i + 1] == 0x80 && p[i + 2] == 0x8C && i > 0 && p[i + 3] && p[i + 3] != 0xE2) {
            i += 2;
            continue;
        }
        return 1;
    }
    return 0;
}

int clean_fold_text(clean_folder *f, const char *text, strbuf *out)
{
    sb_reset(out);
    if (!clean_fold_needed(text))
        return sb_append(out, text, strlen(text));
    sb_reset(&f->folded);
    if (expand_presentation_forms(f, text, strlen(text)) ||
        sb_puts(&f->folded, "") ||
        fold_letters(f->expanded.s, f->expanded.len, &f->folded))
        return -1;
    if (!needs_composition(f->folded.s, f->folded.len))
        return sb_append(out, f->folded.s, f->folded.len); /* allocates even when empty */
    return normalize_utf8(f, f->nfc, f->folded.s, f->folded.len, out);
}
