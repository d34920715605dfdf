/* Reading the treebanks into sentences with ezafe labels (see ../shared/data/README.md), and
 * splitting raw text lines into tokens, for the ezafe training, evaluation and bench tools. */
#ifndef RAVI_EZAFE_CORPUS_H
#define RAVI_EZAFE_CORPUS_H

#include <stddef.h>

typedef struct ez_sentence {
    char **words;         /* surface tokens, punctuation as tokens of its own */
    unsigned char *gold;  /* 1 when the token carries ezafe */
    unsigned char *cls;   /* enum ez_class of the token in the treebank */
    size_t n, cap;
} ez_sentence;

typedef struct ez_corpus {
    ez_sentence *s;
    size_t n, cap;
} ez_corpus;

/* The treebank files read, in this order, from the data directory. */
extern const char *const ez_treebank_files[];
extern const size_t ez_treebank_nfiles;

/* Reads every treebank file of dir into c; prints a message and returns -1 on failure. */
int corpus_read_treebanks(const char *dir, ez_corpus *c);
/* Reads one Dadegan .conll or UD .conllu file (chosen by the name's ending). */
int corpus_read_file(const char *path, ez_corpus *c);
void corpus_free(ez_corpus *c);
/* Reads unlabelled text, one token per line and a blank line between sentences (PerDT's training
 * split, UNLABELLED_FILE in DATA_DIR), into c (gold and cls zero). */
#define EZ_UNLABELLED_FILE "perdt-train-tokens.txt"
int corpus_read_tokens(const char *path, ez_corpus *c);

/* The fixed held-out split: every tenth sentence. */
int corpus_is_heldout(size_t sentence_index);
/* The development split used for modelling decisions (EZAFE_DEV=1 in the environment of
 * ezafe-train and ezafe-eval): every tenth sentence counted from the ninth. Training leaves it out
 * only when asked; the held-out tenth above is never trained on. */
int corpus_is_dev(size_t sentence_index);
int corpus_dev_mode(void);

/* Splits a line at whitespace and peels punctuation off both ends of each piece as tokens of
 * their own. Appends them to s (gold and cls zero). Returns 0, or -1 when out of memory. */
int sentence_tokenize(ez_sentence *s, const char *line);
int sentence_add(ez_sentence *s, const char *word, size_t len, int gold, int cls);

/* Copies `in` into `out` with every integer written in digits spelled out in words, as Ravi's
 * normalizer will say it («۱۴۰۲» → «هزار و چهارصد و دو»), the token's ezafe label on the
 * number's last word. Returns how many numbers were spelled out, or -1 when out of memory. */
int sentence_spell_numbers(const ez_sentence *in, ez_sentence *out);
void ez_sentence_free(ez_sentence *s);

#endif
