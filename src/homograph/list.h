/* The homograph list: written words that are said in more than one way («کرد» kard / kord), each
 * sense with its eSpeak phonemes and the rules that settle it. Senses are lines of the lexicon
 * files (lexicon/homographs.tsv, the user's lexicon.tsv, --lexicon files) with a third column:
 *
 *     written<TAB>[[phonemes]]<TAB>sense:NAME[<TAB>field]...
 *
 * fields: after:W... (the word just before is one of these: this sense), before:W... (the word
 * just after), cue:W... (a word of the sentence), default (the sense said when nothing settles
 * it), rare (seldom meant in news), upos:TAG... (its word classes) and lemma:L... (its lemma in
 * the treebanks): the last three for training. A later file
 * adds senses to a word or replaces a sense of the same name. Format: lexicon/README-homographs.md. */
#ifndef RAVI_HOMOGRAPH_LIST_H
#define RAVI_HOMOGRAPH_LIST_H

#include "../lexicon/lexicon.h"
#include "model.h"

#include <stddef.h>

#define HG_MAX_NAME 32

typedef struct hg_sense {
    char name[HG_MAX_NAME + 1];
    char *phonemes;      /* eSpeak mnemonics */
    char *upos, *lemma;  /* treebank labels of this sense (space-separated), or NULL */
    unsigned file, line; /* where it was (last) defined */
    int rare;            /* seldom meant in news: the trainer gives it a handicap */
    int is_verb;         /* every word class upos lists is a verb's (VERB, AUX): a verb form */
} hg_sense;

typedef struct hg_homograph {
    char *key;           /* lexicon key of the written form (marks dropped, folded) */
    size_t keylen;
    char *written;
    hg_sense senses[HG_MAX_SENSES];
    size_t nsenses;
    size_t default_sense;
} hg_homograph;

enum hg_rule_kind { HG_RULE_AFTER, HG_RULE_BEFORE, HG_RULE_CUE };

/* A word that settles a sense: kept by the word's key, all rules of one key chained. */
typedef struct hg_rule {
    char *key;
    size_t keylen;
    unsigned homograph, sense, file; /* valid while the sense is still the one of that file */
    unsigned char kind;              /* enum hg_rule_kind */
    long next;                       /* the next rule with the same key, or -1 */
} hg_rule;

typedef struct hg_list {
    hg_homograph *words;
    size_t n, cap;
    long *slots;          /* key -> index in words, open addressing; a power of two */
    size_t nslots;
    hg_rule *rules;
    size_t nrules, rcap;
    long *rule_slots;     /* key -> first rule of that key */
    size_t nrule_slots;
    key_set first_pieces; /* first piece of every homograph's key: most tokens are no homograph */
    lexicon_file_list files; /* the files read, by number */
    phoneme_set phonemes;
    int check_phonemes;
    key_builder kb;
    lex_key scratch;
    strbuf msg;
} hg_list;

/* Prepares an empty list. Returns 0, or -1 when out of memory or ICU is unavailable (the reason
 * in l->kb.folder.failure when it has one). */
int hg_list_init(hg_list *l);
void hg_list_free(hg_list *l);

/* Checks sense phonemes against eSpeak NG's Persian phoneme names (else their syntax only).
 * Returns 0, or -1 with the reason in *why. */
int hg_list_use_espeak_phonemes(hg_list *l, const char *espeak_data_dir, const char **why);

/* Adds the senses of one lexicon file (other lines are the lexicon's and skipped), reporting
 * every bad sense line. Returns the number of bad lines, or -1 when the file cannot be read or
 * memory ran out (reported with line 0). */
long hg_list_load_file(hg_list *l, const char *path, lex_report_fn report, void *ctx);
long hg_list_load_stream(hg_list *l, FILE *f, const char *name, lex_report_fn report, void *ctx);
/* The senses of every file an engine reads (lexicon_default_files), in its order. */
long hg_list_load_defaults(hg_list *l, const ravi_config *cfg, lex_report_fn report, void *ctx);

const char *hg_list_file_name(const hg_list *l, unsigned file);

/* The homograph whose key is key[0..keylen), or NULL. */
const hg_homograph *hg_list_find(const hg_list *l, const char *key, size_t keylen);
/* The homograph of a written form (folded and keyed like the files'), or NULL. */
const hg_homograph *hg_list_lookup(hg_list *l, const char *written);
/* Whether a token's text may be a homograph (its first piece starts one): a quick test. */
int hg_list_may_be(const hg_list *l, const char *text, size_t len);
/* The rules of a key: the first, then rule->next; -1 when none. */
long hg_list_rules_of(const hg_list *l, const char *key, size_t keylen);
/* Whether rule r still holds (its sense was not replaced by a later file). */
int hg_rule_is_live(const hg_list *l, const hg_rule *r);

/* The sense named `name` of h, or -1. */
long hg_sense_index(const hg_homograph *h, const char *name);

#endif
