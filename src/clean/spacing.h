/* Spacing repair: web text often writes a space where careful text writes a ZWNJ («منطقه ای»,
 * «کتاب هایم», «می شود», «بزرگ ترین»), and then an affix reads as a word of its own (mantaqe-ye
 * i, ketAb-e hAyam). The clean stage joins such words with a ZWNJ where a rule of
 * lexicon/spacing/rules.tsv says so, or where the joined form is in a list of lexicon/spacing/.
 * The knowledge is in those files (format in lexicon/README.md); this is the algorithm. */
#ifndef RAVI_CLEAN_SPACING_H
#define RAVI_CLEAN_SPACING_H

#include <stdio.h>

#include "../diag.h"
#include "../lexicon/keyset.h"
#include "../token.h"
#include "../util.h"

/* When a suffix joins the word before it. */
typedef enum spacing_after {
    AFTER_WORD,       /* any Persian word */
    AFTER_HEH,        /* a word ending in ه */
    AFTER_HEH_OR_YEH, /* a word ending in ه or ی */
    AFTER_KINDS
} spacing_after;

/* An affix as the homograph stage reads it inside a word («می‌خنداند», «کشتی‌ها»): its piece, and
 * the eSpeak phonemes it adds to the stem's (after a consonant; after a vowel where they differ). */
typedef struct spacing_affix {
    char *piece;
    size_t len;                 /* its bytes */
    int is_prefix;
    int joined;                 /* also read joined to its stem without a ZWNJ («میخنداند») */
    int joins;                  /* the spacing repair joins it when written apart */
    char *after_consonant;      /* phonemes without [[ ]] */
    char *after_vowel;          /* or NULL: the same */
    unsigned line;              /* its line in rules.tsv */
} spacing_affix;

typedef struct spacing_rules {
    key_set suffix[AFTER_KINDS]; /* «ها» after any word, «ام» after ه ... */
    key_set prefix;              /* «می», «نمی», «بی»: joined to the Persian word after them */
    key_set stem;                /* words no affix joins: «که ای», «به این» stay apart */
    key_set joined;              /* known joined forms, ZWNJ between their pieces */
    key_set apart;               /* forms the rules would make but careful text writes apart */
    key_set participle;          /* «شده»: joins the word before it where a cue follows */
    unsigned char participle_last_byte[256]; /* their last bytes: most words end in none */
    key_set participle_cue;      /* «را», «در»: after them a participle is an adjective */
    key_set heads;               /* their first pieces: most words start none */
    size_t max_pieces;           /* most pieces in a known joined form */
    spacing_affix *affixes;      /* the affixes with phonemes, in the file's order */
    size_t naffixes, affixes_cap;
    /* a quick test before cutting a word: 1 where a prefix's second byte / a suffix read joined's
     * last byte is this one (a Persian letter's second byte tells most letters apart) */
    unsigned char prefix_second_byte[256], joined_suffix_last_byte[256];
    size_t *joinable;            /* the affixes that may be written joined: prefixes, suffixes read joined */
    size_t njoinable;
    strbuf scratch;
} spacing_rules;

/* Reports a problem with a line of a spacing file (line 0: the file as a whole). */
typedef void (*spacing_report_fn)(void *ctx, const char *file, unsigned line, const char *why);

void spacing_rules_init(spacing_rules *r);
void spacing_rules_free(spacing_rules *r);

/* Reads a rules file (suffix / prefix / stem lines) or a list of joined forms into r, reporting
 * every bad line. Returns the number of bad lines, or -1 when the file cannot be read or memory
 * ran out (reported with line 0). */
long spacing_load_rules(spacing_rules *r, FILE *f, const char *name, spacing_report_fn report, void *ctx);
long spacing_load_joined(spacing_rules *r, FILE *f, const char *name, spacing_report_fn report, void *ctx);

/* Loads <data_dir>/lexicon/spacing/rules.tsv, learned-rules.tsv, joined.tsv, learned.tsv and
 * news.tsv (a missing one is no rules), every bad line an error line in d (RAVI_E_DATA).
 * Returns 0, or -1. */
int spacing_rules_load_defaults(spacing_rules *r, const char *data_dir, diag *d);

/* Loads only <data_dir>/lexicon/spacing/rules.tsv (the affixes and their phonemes); a missing
 * file is no affixes. Returns 0, or -1 with the error in d. */
int spacing_rules_load_affixes(spacing_rules *r, const char *data_dir, diag *d);

/* The affix whose piece is text[0..n) (prefix or suffix as asked), or NULL. */
const spacing_affix *spacing_affix_find(const spacing_rules *r, const char *text, size_t n, int is_prefix);

/* Joins the words of the sentence that the rules join. Returns 0, or -1 when out of memory. */
int spacing_repair(spacing_rules *r, sentence *s);

#endif
