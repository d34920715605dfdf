/* libFuzzer target: arbitrary bytes as a batch journal (src/batch/journal.c), read by the
 * rerun's index in pieces, and each line parsed alone. Checked:
 *   - the index holds one entry per output, sorted, each the last record written for it;
 *   - a line that parses writes back (journal_format) as one line that parses to the same
 *     record (numbers to the journal's precision). */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "batch/journal.h"

static int same_string(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static int near(double a, double b)
{
    return fabs(a - b) <= 0.0005 + fabs(a) * 1e-12;
}

static void round_trip(const char *line, size_t len)
{
    journal_parsed p, q;
    if (journal_parse(line, len, &p))
        return;
    strbuf out;
    sb_init(&out);
    if (journal_format(&out, &p.record))
        abort();
    if (!out.len || out.s[out.len - 1] != '\n' || memchr(out.s, '\n', out.len - 1))
        abort();
    if (journal_parse(out.s, out.len - 1, &q))
        abort();
    const journal_record *a = &p.record, *b = &q.record;
    if (!same_string(a->time, b->time) || !same_string(a->input, b->input) ||
        !same_string(a->output, b->output) || a->failed != b->failed ||
        !near(a->audio_seconds, b->audio_seconds) || !near(a->cpu_seconds, b->cpu_seconds) ||
        a->max_rss_kb != b->max_rss_kb || !same_string(a->error, b->error) ||
        !same_string(a->warning, b->warning) || a->input_mtime_ns != b->input_mtime_ns)
        abort();
    journal_parsed_free(&q);
    journal_parsed_free(&p);
    sb_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    size_t piece = (size_t)data[0] % 29 + 1;
    const char *text = (const char *)data + 1;
    size--;
    journal_index ix;
    journal_reader r;
    journal_reader_init(&r, &ix);
    for (size_t at = 0; at < size; at += piece)
        if (journal_reader_feed(&r, text + at, size - at < piece ? size - at : piece))
            abort();
    if (journal_reader_end(&r))
        abort();
    journal_reader_free(&r);
    for (size_t i = 1; i < ix.n; i++)
        if (strcmp(ix.entries[i - 1].output, ix.entries[i].output) >= 0)
            abort();
    for (size_t i = 0; i < ix.n; i++)
        if (journal_index_find(&ix, ix.entries[i].output) != &ix.entries[i])
            abort();
    journal_index_free(&ix);
    for (size_t at = 0; at <= size;) {
        const char *nl = memchr(text + at, '\n', size - at);
        size_t len = nl ? (size_t)(nl - (text + at)) : size - at;
        round_trip(text + at, len);
        at += len + 1;
    }
    return 0;
}
