/* The batch journal, OUTDIR/.ravi-batch.log: one JSON object per line for every article a run
 * finished or failed, appended as it happens (one write() per line, so that shards writing one
 * journal do not mix their lines):
 *
 *   {"time":"2024-05-01T06:12:09Z","input":"news/a.txt","output":"news/a.wav","status":"done",
 *    "audio_seconds":73.214,"cpu_seconds":1.873,"max_rss_kb":9120,"error":null,"warning":null,
 *    "input_mtime_ns":1714543929123456789}
 *
 * status "done" (the outputs are written; warning names what was odd in the input, such as
 * invalid UTF-8) or "failed" (error says why; no output was written). output is relative to the
 * output directory (null when the manifest line gave none that can be written). A rerun reads the
 * journal for the articles that failed, to leave them be unless --retry-failed (or their input
 * has changed since: input_mtime_ns). Lines that are not such records (a line cut short by a
 * crash, a stray edit) are skipped. */
#ifndef RAVI_BATCH_JOURNAL_H
#define RAVI_BATCH_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "../util.h"

#define JOURNAL_NAME ".ravi-batch.log"
/* A longer line is not one of ours: skipped without being parsed. */
#define JOURNAL_MAX_LINE (1 << 20)

typedef struct journal_record {
    const char *time;         /* "YYYY-MM-DDTHH:MM:SSZ", or NULL */
    const char *input;
    const char *output;       /* or NULL */
    int failed;               /* status: 0 "done", 1 "failed" */
    double audio_seconds;
    double cpu_seconds;
    long max_rss_kb;
    const char *error;        /* or NULL */
    const char *warning;      /* or NULL */
    int64_t input_mtime_ns;   /* -1: unknown (the input could not be looked at) */
} journal_record;

/* The record as one line, '\n' included, in *out (replaced). 0, or -1 when out of memory. */
int journal_format(strbuf *out, const journal_record *r);

/* A parsed line: the record's strings live in `owner` until journal_parsed_free. */
typedef struct journal_parsed {
    journal_record record;
    void *owner;
} journal_parsed;

/* Parses one line (without its '\n'). 0 with *p filled, -1 when the line is not a record. */
int journal_parse(const char *line, size_t len, journal_parsed *p);
void journal_parsed_free(journal_parsed *p);

/* What a rerun needs from the journal: for each output, its last record's status. */
typedef struct journal_entry {
    char *output;
    int failed;
    int64_t input_mtime_ns;
    size_t order;             /* the record's place in the journal: the last one counts */
} journal_entry;

typedef struct journal_index {
    journal_entry *entries;   /* sorted by output; one per output */
    size_t n, cap;
    size_t skipped;           /* lines that were not records */
} journal_index;

/* Reads the journal at `path` (a missing one is empty). 0, or -1 with errno set. */
int journal_index_read(journal_index *ix, const char *path);
/* Feeds the index from a journal's bytes in pieces (journal_index_read's work; fuzzing). */
typedef struct journal_reader {
    journal_index *ix;
    strbuf line;
    int too_long;
    size_t order;
} journal_reader;
void journal_reader_init(journal_reader *r, journal_index *ix);
int journal_reader_feed(journal_reader *r, const char *bytes, size_t n);
/* Ends the reading: the index is sorted and searchable. */
int journal_reader_end(journal_reader *r);
void journal_reader_free(journal_reader *r);

/* The last record for an output, or NULL. */
const journal_entry *journal_index_find(const journal_index *ix, const char *output);
void journal_index_free(journal_index *ix);

/* Today's UTC time as the journal writes it, into buf (at least 21 bytes). */
void journal_time_now(char *buf, size_t size);

#endif
