#include "reader.h"
#include "../signals.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_CHUNK (64 * 1024)

static void reader_init(reader *r)
{
    memset(r, 0, sizeof *r);
    r->fd = -1;
}

int reader_open(reader *r, const char *path)
{
    reader_init(r);
    if (strcmp(path, "-") == 0) {
        r->fd = STDIN_FILENO;
        r->name = "standard input";
    } else {
        r->name = path;
        r->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (r->fd < 0) {
            ravi_error("%s: cannot open: %s", path, strerror(errno));
            return -1;
        }
    }
    struct stat st;
    if (fstat(r->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        ravi_error("%s: is a directory, not a text file", r->name);
        reader_close(r);
        return -1;
    }
    return 0;
}

void reader_open_memory(reader *r, const char *text, size_t len)
{
    reader_init(r);
    r->name = "text";
    r->buf = (char *)text; /* never written: memory readers never refill */
    r->len = len;
    r->eof = 1;
}

void reader_close(reader *r)
{
    if (r->fd > STDIN_FILENO)
        close(r->fd);
    if (r->fd >= 0)
        free(r->buf);
    reader_init(r);
}

/* Moves the unread bytes to the front and reads more. Returns bytes read, 0 at EOF, -1 on error. */
static ssize_t reader_fill(reader *r)
{
    if (r->eof)
        return 0;
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->pos = 0;
    }
    if (r->cap - r->len < READ_CHUNK) {
        size_t cap = r->len + READ_CHUNK;
        char *b = realloc(r->buf, cap);
        if (!b) {
            ravi_error("%s: out of memory", r->name);
            return -1;
        }
        r->buf = b;
        r->cap = cap;
    }
    /* a source that never blocks (/dev/zero) gives read() no chance to be interrupted, and
     * text with nothing to say never returns a sentence to the loop that checks: look here */
    if (signals_caught()) {
        r->eof = 1;
        return 0;
    }
    ssize_t n = read(r->fd, r->buf + r->len, r->cap - r->len);
    if (n < 0 && errno == EINTR) {
        /* interrupted by Ctrl-C or SIGTERM: the input ends here, the caller sees the signal */
        r->eof = 1;
        return 0;
    }
    if (n < 0) {
        ravi_error("%s: read error: %s", r->name, strerror(errno));
        return -1;
    }
    if (n == 0)
        r->eof = 1;
    r->len += (size_t)n;
    return n;
}

/* Where to cut a line of more than READER_MAX_PARAGRAPH bytes: after the last space, else on a
 * UTF-8 character boundary. */
static size_t cut_point(const char *s, size_t n)
{
    for (size_t i = n; i > n / 2; i--)
        if (s[i - 1] == ' ' || s[i - 1] == '\t')
            return i;
    size_t i = n;
    while (i > 1 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f' && s[i] != '\v')
            return 0;
    return 1;
}

/* Whether the line at the read position is blank: the headline rule wants the first paragraph
 * followed by an empty line. Refilling may move the buffer: callers copy their line first. */
static int peek_blank_line(reader *r)
{
    for (;;) {
        const char *line = r->buf + r->pos;
        size_t avail = r->len - r->pos;
        const char *nl = avail ? memchr(line, '\n', avail) : NULL;
        if (nl || r->eof || avail >= READER_MAX_PARAGRAPH) {
            size_t n = nl ? (size_t)(nl - line) : avail;
            r->blank_after_first = nl && is_blank(line, n);
            return 0;
        }
        if (reader_fill(r) < 0)
            return -1;
    }
}

int reader_next(reader *r, strbuf *para, uint64_t *start, int *opens_paragraph)
{
    for (;;) {
        char *line = r->buf + r->pos;
        size_t avail = r->len - r->pos;
        char *nl = avail ? memchr(line, '\n', avail < READER_MAX_PARAGRAPH ? avail : READER_MAX_PARAGRAPH) : NULL;
        size_t take, skip;
        int whole_line = 1;
        if (nl) {
            take = (size_t)(nl - line);
            skip = take + 1;
        } else if (avail > READER_MAX_PARAGRAPH) {
            /* more than the limit: cut_point looks at the byte after it (ASan, 100,000 digits) */
            take = skip = cut_point(line, READER_MAX_PARAGRAPH);
            whole_line = 0;
        } else if (!r->eof) {
            ssize_t n = reader_fill(r);
            if (n < 0)
                return -1;
            continue;
        } else if (avail) {
            take = skip = avail;
        } else {
            return 0;
        }
        uint64_t offset = r->offset;
        r->pos += skip;
        r->offset += skip;
        if (take && line[take - 1] == '\r')
            take--;
        int opens = !r->in_paragraph;
        r->in_paragraph = !whole_line;
        if (is_blank(line, take))
            continue;
        sb_reset(para);
        if (sb_append(para, line, take)) {
            ravi_error("%s: out of memory", r->name);
            return -1;
        }
        *start = offset;
        *opens_paragraph = opens;
        if (r->paragraphs++ == 0 && whole_line && peek_blank_line(r) < 0)
            return -1;
        return 1;
    }
}

int reader_peek(reader *r, size_t want, const char **data, size_t *n)
{
    while (r->len - r->pos < want && !r->eof)
        if (reader_fill(r) < 0)
            return -1;
    *data = r->buf + r->pos;
    *n = r->len - r->pos;
    return 0;
}

int reader_chunk(reader *r, const char **data, size_t *n, uint64_t *offset)
{
    if (r->pos == r->len) {
        if (r->eof)
            return 0;
        r->pos = r->len = 0; /* everything was handed out: read afresh from the start */
        ssize_t got = reader_fill(r);
        if (got < 0)
            return -1;
        if (got == 0)
            return 0;
    }
    *data = r->buf + r->pos;
    *n = r->len - r->pos;
    *offset = r->offset;
    r->offset += *n;
    r->pos = r->len;
    return 1;
}
