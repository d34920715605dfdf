#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void sb_init(strbuf *b)
{
    b->s = NULL;
    b->len = b->cap = 0;
}

void sb_free(strbuf *b)
{
    free(b->s);
    sb_init(b);
}

void sb_reset(strbuf *b)
{
    b->len = 0;
    if (b->s)
        b->s[0] = '\0';
}

static int sb_reserve(strbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s)
        return -1;
    b->s = s;
    b->cap = cap;
    return 0;
}

int sb_append(strbuf *b, const char *s, size_t n)
{
    if (sb_reserve(b, n))
        return -1;
    if (n)
        memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 0;
}

char *sb_extend(strbuf *b, size_t n)
{
    if (sb_reserve(b, n))
        return NULL;
    char *at = b->s + b->len;
    b->len += n;
    b->s[b->len] = '\0';
    return at;
}

int sb_puts(strbuf *b, const char *s) { return sb_append(b, s, strlen(s)); }

int sb_putc(strbuf *b, char c) { return sb_append(b, &c, 1); }

int sb_vprintf(strbuf *b, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    if (n < 0 || sb_reserve(b, (size_t)n)) {
        va_end(again);
        return -1;
    }
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, again);
    va_end(again);
    b->len += (size_t)n;
    return 0;
}

int sb_printf(strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = sb_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

size_t utf8_len(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

int sb_put_cp(strbuf *b, uint32_t cp)
{
    char u[4];
    size_t n = utf8_len(cp);
    switch (n) {
    case 1: u[0] = (char)cp; break;
    case 2:
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        break;
    case 3:
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        break;
    default:
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        break;
    }
    return sb_append(b, u, n);
}

size_t utf8_decode_slow(const char *str, size_t n, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned char c = s[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2; v = c & 0x1F; min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3; v = c & 0x0F; min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4; v = c & 0x07; min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (len > n) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    /* overlong forms, surrogates and values past U+10FFFF are invalid */
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return len;
}

long utf8_first_invalid(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFFFD && len == 1)
            return (long)i;
        i += len;
    }
    return -1;
}

size_t utf8_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    return count;
}

void *array_grow(void *items, size_t *cap, size_t need, size_t size, size_t first)
{
    if (need <= *cap && items)
        return items;
    size_t n = *cap ? *cap : first;
    while (n < need)
        n *= 2;
    void *grown = realloc(items, n * size);
    if (grown)
        *cap = n;
    return grown;
}

char *xstrndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

int read_fd_pieces(int fd, int (*feed)(void *ctx, const char *bytes, size_t n), void *ctx)
{
    char buf[65536];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -1 : 0;
        int rc = feed(ctx, buf, (size_t)n);
        if (rc)
            return rc;
    }
}

int grow_arrays(const grow_array *arrays, size_t count, size_t n, size_t *cap, size_t first)
{
    if (n <= *cap)
        return 0;
    size_t want = *cap ? *cap : first ? first : 1;
    while (want < n)
        want *= 2;
    int failed = 0;
    for (size_t i = 0; i < count; i++) {
        void *old, *grown;
        memcpy(&old, arrays[i].at, sizeof old); /* the array's pointer, whatever its type */
        if (!(grown = realloc(old, want * arrays[i].size)))
            failed = 1;
        else
            memcpy(arrays[i].at, &grown, sizeof grown);
    }
    if (failed)
        return -1;
    *cap = want;
    return 0;
}
