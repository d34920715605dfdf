#include "journal.h"
#include "../cues/cues.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- writing ------------------------------------------------------------------------------- */

/* ,"key":"value" (the first member without the comma), null for NULL. */
static int put_string(strbuf *out, const char *key, const char *value)
{
    if (sb_printf(out, "%s\"%s\":", out->len ? "," : "{", key))
        return -1;
    if (!value)
        return sb_puts(out, "null");
    return sb_putc(out, '"') || json_escape(out, value, strlen(value)) || sb_putc(out, '"') ? -1 : 0;
}

int journal_format(strbuf *out, const journal_record *r)
{
    sb_reset(out);
    if (put_string(out, "time", r->time) || put_string(out, "input", r->input) || put_string(out, "output", r->output) ||
        sb_printf(out, ",\"status\":\"%s\",\"audio_seconds\":%.3f,\"cpu_seconds\":%.3f,"
                  "\"max_rss_kb\":%ld", r->failed ? "failed" : "done", r->audio_seconds,
                  r->cpu_seconds, r->max_rss_kb) ||
        put_string(out, "error", r->error) || put_string(out, "warning", r->warning))
        return -1;
    if (r->input_mtime_ns >= 0 ? sb_printf(out, ",\"input_mtime_ns\":%lld", (long long)r->input_mtime_ns)
                               : sb_puts(out, ",\"input_mtime_ns\":null"))
        return -1;
    return sb_puts(out, "}\n");
}

void journal_time_now(char *buf, size_t size)
{
    time_t now = time(NULL);
    struct tm tm;
    if (!gmtime_r(&now, &tm) || !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(buf, size, "%s", "");
}

/* ---- parsing ------------------------------------------------------------------------------- */

/* A member that must be a string, or may also be null or missing (optional). */
static int get_string(json_t *root, const char *key, int optional, const char **out)
{
    json_t *v = json_object_get(root, key);
    *out = NULL;
    if (json_is_string(v)) {
        *out = json_string_value(v);
        return 0;
    }
    return optional && (!v || json_is_null(v)) ? 0 : -1;
}

static int get_number(json_t *root, const char *key, double *out)
{
    json_t *v = json_object_get(root, key);
    *out = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_number(v))
        return -1;
    *out = json_number_value(v);
    return *out >= 0 ? 0 : -1;
}

static int get_integer(json_t *root, const char *key, long long missing, long long *out)
{
    json_t *v = json_object_get(root, key);
    *out = missing;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return -1;
    *out = json_integer_value(v);
    return 0;
}

static int read_record(json_t *root, journal_record *r)
{
    const char *status;
    long long rss, mtime;
    if (!json_is_object(root) || get_string(root, "status", 0, &status) ||
        get_string(root, "input", 0, &r->input) || get_string(root, "output", 1, &r->output) ||
        get_string(root, "time", 1, &r->time) || get_string(root, "error", 1, &r->error) ||
        get_string(root, "warning", 1, &r->warning) ||
        get_number(root, "audio_seconds", &r->audio_seconds) ||
        get_number(root, "cpu_seconds", &r->cpu_seconds) ||
        get_integer(root, "max_rss_kb", 0, &rss) || get_integer(root, "input_mtime_ns", -1, &mtime))
        return -1;
    if (strcmp(status, "done") && strcmp(status, "failed"))
        return -1;
    r->failed = !strcmp(status, "failed");
    r->max_rss_kb = rss > 0x7fffffffL ? 0x7fffffffL : (long)rss;
    r->input_mtime_ns = mtime;
    return 0;
}

int journal_parse(const char *line, size_t len, journal_parsed *p)
{
    memset(p, 0, sizeof *p);
    json_error_t error;
    json_t *root = json_loadb(line, len, 0, &error);
    if (!root)
        return -1;
    if (read_record(root, &p->record)) {
        json_decref(root);
        memset(p, 0, sizeof *p);
        return -1;
    }
    p->owner = root;
    return 0;
}

void journal_parsed_free(journal_parsed *p)
{
    json_decref(p->owner);
    memset(p, 0, sizeof *p);
}

/* ---- the index ----------------------------------------------------------------------------- */

void journal_reader_init(journal_reader *r, journal_index *ix)
{
    memset(r, 0, sizeof *r);
    memset(ix, 0, sizeof *ix);
    r->ix = ix;
    sb_init(&r->line);
}

void journal_reader_free(journal_reader *r)
{
    sb_free(&r->line);
}

static int add_entry(journal_index *ix, const journal_record *rec, size_t order)
{
    journal_entry *grown = array_grow(ix->entries, &ix->cap, ix->n + 1, sizeof *ix->entries, 64);
    if (!grown)
        return -1;
    ix->entries = grown;
    char *output = xstrndup(rec->output, strlen(rec->output));
    if (!output)
        return -1;
    ix->entries[ix->n++] = (journal_entry){output, rec->failed, rec->input_mtime_ns, order};
    return 0;
}

static int take_line(journal_reader *r)
{
    journal_index *ix = r->ix;
    size_t order = r->order++;
    if (r->too_long)
        ix->skipped++;
    if (r->too_long || !r->line.len)
        return 0;
    journal_parsed p;
    if (journal_parse(r->line.s, r->line.len, &p)) {
        ix->skipped++;
        return 0;
    }
    int rc = p.record.output ? add_entry(ix, &p.record, order) : 0;
    journal_parsed_free(&p);
    return rc;
}

static int end_line(journal_reader *r)
{
    int rc = take_line(r);
    sb_reset(&r->line);
    r->too_long = 0;
    return rc;
}

int journal_reader_feed(journal_reader *r, const char *bytes, size_t n)
{
    while (n) {
        const char *nl = memchr(bytes, '\n', n);
        size_t piece = nl ? (size_t)(nl - bytes) : n;
        if (!r->too_long) {
            if (r->line.len + piece > JOURNAL_MAX_LINE) {
                r->too_long = 1;
                sb_reset(&r->line);
            } else if (sb_append(&r->line, bytes, piece)) {
                return -1;
            }
        }
        if (!nl)
            return 0;
        if (end_line(r))
            return -1;
        bytes += piece + 1;
        n -= piece + 1;
    }
    return 0;
}

static int by_output_then_order(const void *a, const void *b)
{
    const journal_entry *x = a, *y = b;
    int c = strcmp(x->output, y->output);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

int journal_reader_end(journal_reader *r)
{
    if ((r->line.len || r->too_long) && end_line(r))
        return -1;
    journal_index *ix = r->ix;
    if (ix->n)
        qsort(ix->entries, ix->n, sizeof *ix->entries, by_output_then_order);
    /* one entry per output: the last record written for it */
    size_t kept = 0;
    for (size_t i = 0; i < ix->n; i++) {
        if (i + 1 < ix->n && !strcmp(ix->entries[i].output, ix->entries[i + 1].output)) {
            free(ix->entries[i].output);
            continue;
        }
        ix->entries[kept++] = ix->entries[i];
    }
    ix->n = kept;
    return 0;
}

static int feed_journal(void *ctx, const char *bytes, size_t n)
{
    return journal_reader_feed(ctx, bytes, n) ? (errno = ENOMEM, -1) : 0;
}

int journal_index_read(journal_index *ix, const char *path)
{
    journal_reader r;
    journal_reader_init(&r, ix);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        journal_reader_free(&r);
        return errno == ENOENT ? 0 : -1;
    }
    int rc = read_fd_pieces(fd, feed_journal, &r);
    int err = errno;
    close(fd);
    if (!rc && journal_reader_end(&r)) {
        rc = -1;
        err = ENOMEM;
    }
    journal_reader_free(&r);
    if (rc) {
        journal_index_free(ix);
        errno = err;
    }
    return rc;
}

const journal_entry *journal_index_find(const journal_index *ix, const char *output)
{
    size_t lo = 0, hi = ix->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(output, ix->entries[mid].output);
        if (!c)
            return &ix->entries[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

void journal_index_free(journal_index *ix)
{
    for (size_t i = 0; i < ix->n; i++)
        free(ix->entries[i].output);
    free(ix->entries);
    memset(ix, 0, sizeof *ix);
}
