/* Small shared helpers: growable strings, UTF-8 decoding. */
#ifndef RAVI_UTIL_H
#define RAVI_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define RAVI_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define RAVI_PRINTF(a, b)
#endif

/* A growable, always NUL-terminated byte string. */
typedef struct strbuf {
    char *s;
    size_t len, cap;
} strbuf;

void sb_init(strbuf *b);
void sb_free(strbuf *b);
void sb_reset(strbuf *b);                 /* empty, keeps capacity */
int sb_append(strbuf *b, const char *s, size_t n);  /* 0, or -1 when out of memory */
int sb_puts(strbuf *b, const char *s);
int sb_putc(strbuf *b, char c);
int sb_printf(strbuf *b, const char *fmt, ...) RAVI_PRINTF(2, 3);
int sb_vprintf(strbuf *b, const char *fmt, va_list ap) RAVI_PRINTF(2, 0);
int sb_put_cp(strbuf *b, uint32_t cp);    /* appends one code point as UTF-8 */
/* Grows the string by n bytes (left unset, NUL after them) and returns where they start, or NULL. */
char *sb_extend(strbuf *b, size_t n);

/* Decodes one UTF-8 code point from s[0..n). Returns its length (1..4) and stores it in *cp;
 * on an invalid or truncated sequence returns 1 and stores 0xFFFD. n must be > 0. */
size_t utf8_decode_slow(const char *s, size_t n, uint32_t *cp);
static inline size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    /* ASCII and two-byte sequences (all of Arabic script) are nearly all the text: decode inline */
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c < 0xE0 && n >= 2 && ((unsigned char)s[1] & 0xC0) == 0x80) {
        *cp = ((uint32_t)(c & 0x1F) << 6) | ((unsigned char)s[1] & 0x3F);
        return 2;
    }
    return utf8_decode_slow(s, n, cp);
}
/* Byte offset of the first invalid or truncated UTF-8 sequence in s[0..n) (a written U+FFFD is
 * valid), or -1 when there is none. */
long utf8_first_invalid(const char *s, size_t n);
/* Length in bytes of the UTF-8 encoding of cp (1..4). */
size_t utf8_len(uint32_t cp);
/* Number of code points in s[0..n). */
size_t utf8_count(const char *s, size_t n);

char *xstrndup(const char *s, size_t n);  /* NULL on allocation failure */

/* Reads fd to its end, handing each piece read to feed (a line reader's). Returns 0; -1 when a
 * read failed (errno says why); or feed's non-zero answer, which stops the reading. */
int read_fd_pieces(int fd, int (*feed)(void *ctx, const char *bytes, size_t n), void *ctx);

/* A growable array `items` of *cap elements of `size` bytes, with room made for `need` of them
 * (doubling from `first`): returns where the array now is (*cap updated), or NULL when out of
 * memory (the array and *cap are left as they were). */
void *array_grow(void *items, size_t *cap, size_t need, size_t size, size_t first);

/* Parallel arrays (an element of each per index) grown together: `at` is the address of an
 * array's pointer (T **), `size` sizeof (T). */
typedef struct grow_array {
    void *at;
    size_t size;
} grow_array;
#define GROW_ARRAY(p) ((grow_array){&(p), sizeof *(p)})
/* Gives each of the count arrays room for n elements when *cap is less: the capacity doubles from
 * *cap (or `first`) until it holds n. *cap changes only when every array could grow (those that
 * did keep their new room). Returns 0, or -1 when out of memory. */
int grow_arrays(const grow_array *arrays, size_t count, size_t n, size_t *cap, size_t first);

#endif
