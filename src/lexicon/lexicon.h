/* The pronunciation lexicon: written forms (one or more words) mapped to how they are said,
 * from the shipped files in <data>/lexicon/, the user's $XDG_CONFIG_HOME/ravi/lexicon.tsv and
 * --lexicon files, a later file winning over an earlier one. Format: lexicon/README.md. */
#ifndef RAVI_LEXICON_H
#define RAVI_LEXICON_H

#include "../../include/ravi.h"
#include "../diag.h"
#include "../token.h"
#include "key.h"
#include "keyset.h"
#include "phonemes.h"

#include <stddef.h>
#include <stdio.h>

typedef struct lex_entry {
    char *key, *exact;   /* match key; exact key for all-capital Latin forms, else NULL */
    size_t keylen;
    char *written;       /* as the file writes it */
    char *pron;          /* eSpeak mnemonics (is_phonemes) or folded Persian words */
    int is_phonemes;
    int has_digits;      /* matched against the text as written (G7, F-35), see apply.c */
    size_t nwords;       /* words of the pronunciation (space-separated) */
    unsigned file, line; /* where it was read: lexicon_file_name(file), 1-based line */
    long next;           /* the entry with the same key that this one overrides, or -1 */
} lex_entry;

/* The answer of lexicon_may_start for a recent text: the same words come back all the time (the
 * normalizer's number words above all), and looking one up here is cheaper than working it out. */
#define START_MEMO_SLOTS 512
#define START_MEMO_TEXT 30
typedef struct start_memo_slot {
    unsigned char len;       /* bytes of text; 0: an empty slot */
    unsigned char may_start;
    char text[START_MEMO_TEXT];
} start_memo_slot;

typedef struct lexicon {
    lex_entry *entries;
    size_t n, cap;
    long *slots;         /* open addressing, linear probing: index of the winning entry, or -1 */
    size_t nslots;       /* a power of two, at least twice n */
    char **files;
    size_t nfiles;
    size_t max_pieces;   /* most pieces in any key: how far a match can reach */
    size_t with_digits;  /* entries whose written form has digits */
    key_set prefixes;    /* piece-prefixes of multi-word keys: where a match can go on */
    key_set digit_prefixes; /* every prefix of the (compact) keys of forms with digits */
    uint64_t digit_first_bytes[4]; /* a bit for the first byte of each of those keys */
    key_set first_pieces; /* the first piece of every key: where a match can start */
    start_memo_slot start_memo[START_MEMO_SLOTS]; /* emptied whenever an entry is added */
    int start_memo_used;
    int show_ezafe;      /* write a name's inner ezafe on its text (0 under --no-ezafe) */
    phoneme_set phonemes;
    int check_phonemes;  /* phonemes loaded: [[ ]] names are checked, not only their syntax */
    key_builder kb;
    lex_key scratch;
} lexicon;

/* A problem with a line: an error (the file is bad), or a note (an entry overrides one of an
 * earlier file with a different pronunciation). */
typedef void (*lex_report_fn)(void *ctx, const char *file, unsigned line, int is_error,
                              const char *why);

/* Reporting problems the way an engine does (lex_report_fn, ctx a lexicon_load_report): the first
 * ten errors become lines of the diag's message ("FILE:LINE: why", RAVI_E_LEXICON), notes are left
 * out. */
typedef struct lexicon_load_report {
    diag *d;
    long shown, hidden;
} lexicon_load_report;
void lexicon_report_to_diag(void *ctx, const char *file, unsigned line, int is_error, const char *why);
/* After loading (`what`: "the lexicon has"): how many problems were not shown, and that `bad` lines are
 * bad. Returns -1 when bad != 0 (a bad line, or -1: a file that could not be read), else 0. */
int lexicon_report_summary(const lexicon_load_report *lr, long bad, const char *what);

/* Calls load(target, path, report, ctx) for every file an engine reads (lexicon_default_files), in
 * its order, until one fails. Returns the total of bad lines, or -1. */
typedef long (*lexicon_load_fn)(void *target, const char *path, lex_report_fn report, void *ctx);
long lexicon_load_each_default(const ravi_config *cfg, lexicon_load_fn load, void *target,
                               lex_report_fn report, void *ctx);

/* Prepares an empty lexicon. Returns 0, or -1 when out of memory or ICU is unavailable. */
int lexicon_init(lexicon *lex);
void lexicon_free(lexicon *lex);

/* Reads eSpeak NG's Persian phoneme names so that [[ ]] pronunciations are checked against them.
 * Returns 0, or -1 with the reason in *why (the lexicon then checks only their syntax). */
int lexicon_use_espeak_phonemes(lexicon *lex, const char *espeak_data_dir, const char **why);

/* Adds the entries of one file over those already loaded, reporting every bad line.
 * Returns the number of bad lines (0: all good), or -1 when the file cannot be read or memory
 * ran out (reported with line 0). */
long lexicon_load_file(lexicon *lex, const char *path, lex_report_fn report, void *ctx);

/* The same for an open stream, reported under `name`. */
long lexicon_load_stream(lexicon *lex, FILE *f, const char *name, lex_report_fn report, void *ctx);

/* Loads what an engine uses: the shipped files of <data_dir>/lexicon (words, abbreviations,
 * acronyms, names-places, names-orgs, names-people, then other .tsv files by name; none without
 * cfg->shipped_lexicons), the user's lexicon.tsv if it exists (cfg->user_lexicon), then
 * cfg->lexicons in order. Returns the number of bad lines, or -1. */
long lexicon_load_defaults(lexicon *lex, const ravi_config *cfg, lex_report_fn report, void *ctx);

/* A list of lexicon file names, in loading order. */
typedef struct lexicon_file_list {
    char **paths;
    size_t n;
} lexicon_file_list;

int lexicon_file_list_add(lexicon_file_list *l, const char *path); /* 0, or -1 out of memory */
void lexicon_file_list_free(lexicon_file_list *l);

/* The files lexicon_load_defaults reads, in its order (appended to l). Returns 0, or -1 after
 * reporting why the list could not be made. */
int lexicon_default_files(const ravi_config *cfg, lexicon_file_list *l, lex_report_fn report, void *ctx);

/* The user's lexicon file: $XDG_CONFIG_HOME/ravi/lexicon.tsv, else ~/.config/ravi/lexicon.tsv.
 * Returns 0, or -1 when neither variable gives a usable directory. */
int lexicon_user_file(char *buf, size_t size);

/* Adds an entry (the lexicon takes its strings) over the entries of earlier files.
 * Returns 0 when added (*clash: the entry of an earlier file it overrides with a different
 * pronunciation, or NULL); 1 when the same file already has it alike and 2 when the same file
 * already has it differently (*clash: that one; the new entry is not added, its strings are still
 * the caller's); -1 when out of memory. */
int lexicon_insert(lexicon *lex, lex_entry *e, const lex_entry **clash);

/* The entry that wins for key[0..keylen) (exact: the same with capitals kept), or NULL. */
const lex_entry *lexicon_find_span(const lexicon *lex, const char *key, size_t keylen,
                                   const char *exact, size_t exactlen);
/* The same whatever the case: all-capital forms match too (irna in an address finds IRNA). */
const lex_entry *lexicon_find_caseless(const lexicon *lex, const char *key, size_t keylen);
/* 1 when some form with digits starts with key[0..keylen) (or is it). */
int lexicon_can_extend_digits(const lexicon *lex, const char *key, size_t keylen);
/* Whether some longer written form starts with key[0..keylen) followed by another piece. */
int lexicon_can_extend(const lexicon *lex, const char *key, size_t keylen);
/* Quick tests on a token's text (or a unit's source text) before its key is built: 0 when no
 * written form's key can start with that text's key (any form; forms with digits), 1 when one
 * may. */
int lexicon_may_start(lexicon *lex, const char *text, size_t n);
int lexicon_may_start_digits(const lexicon *lex, const char *text, size_t n);
/* The entry that wins for a key, or NULL. */
const lex_entry *lexicon_find(const lexicon *lex, const lex_key *k);
/* The entry for a written form (folded and keyed like the files'), or NULL. */
const lex_entry *lexicon_lookup(lexicon *lex, const char *written);
const char *lexicon_file_name(const lexicon *lex, unsigned file);

/* Replaces every known written form in the sentence by its pronunciation, longest match first.
 * Returns 0, or -1 when out of memory. */
int lexicon_apply(lexicon *lex, sentence *s);

#endif
