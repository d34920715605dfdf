/* Homograph examples for the trainer and the evaluation: sentences with a homograph and its sense,
 * read from HomoRich (JSON), this project's news sentences (TSV), the UD treebanks (CoNLL-U,
 * labelled through the list's upos:/lemma: fields), ParsHomo (JSON lines) and GE2PE's
 * Homograph_test (CSV); pronunciations compared through one phoneme skeleton. */
#ifndef RAVI_HOMOGRAPH_CORPUS_H
#define RAVI_HOMOGRAPH_CORPUS_H

#include "homograph/homograph.h"
#include "pipeline.h"

#include <stddef.h>

/* One sentence with one homograph occurrence to choose for. */
typedef struct hg_example {
    char *sentence;
    char *word;       /* as the source names it */
    char *label;      /* the source's pronunciation (HomoRich notation) or sense name */
    int source;       /* enum hg_source */
    int occurrence;   /* which occurrence of the word in the sentence (0: the first) */
} hg_example;

enum hg_source { SRC_HOMORICH, SRC_GENERATED, SRC_NEWS, SRC_TREEBANK, SRC_PARSHOMO };

typedef struct hg_examples {
    hg_example *e;
    size_t n, cap;
} hg_examples;

void hg_examples_free(hg_examples *x);
int hg_examples_add(hg_examples *x, const char *text, const char *word, const char *label,
                    int source, int occurrence);

/* HomoRich's seed file ({word: {pronunciation: [sentence...]}}) or generated file
 * ({"word\tpronunciation": [sentence...]}). Prints a message and returns -1 on failure. */
int hg_read_homorich(const char *path, int source, hg_examples *x);
/* This project's word<TAB>sense<TAB>sentence file. */
int hg_read_news(const char *path, hg_examples *x);
/* The treebank's occurrences of listed words whose class or lemma names one sense. */
int hg_read_treebank(const char *path, const hg_list *list, const spacing_rules *affixes, hg_examples *x);
/* ParsHomo's lines, one per distinct sentence, leaving out sentences of `seed` (may be NULL). */
int hg_read_parshomo(const char *path, const hg_examples *seed, hg_examples *x);

/* Phoneme skeletons: one alphabet for HomoRich's notation, eSpeak's mnemonics and GE2PE's
 * alphabet (A a e i o u, C j S Z q x y and the other consonants as themselves), glottal stops,
 * stress and doubled consonants dropped, so that the same pronunciation compares equal. */
void hg_skeleton_homorich(const char *s, char *out, size_t size);
void hg_skeleton_espeak(const char *s, char *out, size_t size);
void hg_skeleton_ge2pe(const char *s, char *out, size_t size);

/* The sense of h a HomoRich pronunciation names (its skeleton is the sense's, or the sense's
 * with an ezafe after it: HomoRich writes tebqe for طبق + ezafe), or -1. */
long hg_sense_of_label(const hg_homograph *h, const char *label);

/* A sentence run through Ravi's front end, to find a word's token in it. */
typedef struct hg_runner {
    pipeline p;
    ravi_config cfg;
    diag d;
    sentence *found;    /* the sentence holding the occurrence (the pipeline's, until the next run) */
    lex_key key;
    int loose;          /* a homograph read inside a joined word («می‌خنداند») counts too */
    const hg_list *list;      /* with loose: the homographs, to cut words as the stage does */
    spacing_rules affixes;    /* the affixes the stage reads a homograph inside a word with */
    hg_affixed affixed;       /* the occurrence found, with its affixes */
} hg_runner;

/* Opens the pipeline (homographs on or off; explain: tokens get notes). Prints a message and
 * returns -1 on failure. */
int hg_runner_open(hg_runner *r, const char *data_dir, int homographs, int explain);
/* The gold skeleton of an occurrence read inside a joined word: the affixes' phonemes around the
 * sense's skeleton `gold` (hg_skeleton_*), into out. */
void hg_runner_affixed_gold(const hg_runner *r, const char *gold, char *out, size_t size);
void hg_runner_close(hg_runner *r);
/* Runs the sentence; finds the occurrence-th token (from 0) whose key is the word's. Returns its
 * index in r->found, -1 when the word is not there as a token of its own, -2 on failure. */
long hg_runner_find(hg_runner *r, const char *text, const char *word, int occurrence);

#endif
