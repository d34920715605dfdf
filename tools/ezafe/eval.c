/* ezafe-eval: ezafe precision, recall and F1 of a model
 *   - on the held-out tenth of the treebanks (corpus_is_heldout), and
 *   - on GE2PE's Homograph_test.csv, whose gold phonemes mark ezafe with a trailing 1,
 * next to eSpeak NG's baseline (it never predicts ezafe, so its recall and F1 are 0).
 *   ezafe-eval MODEL DATA_DIR HOMOGRAPH_CSV [-v]   (-v: print every sentence, mistakes marked) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "ezafe/ezafe.h"
#include "ezafe/tagger.h"

typedef struct counts {
    size_t tp, fp, fn, words, sentences;
    int verbose; /* print each sentence with its mistakes marked */
} counts;

/* One line per sentence: ـِ correct ezafe, [+] missed, [-] wrongly added. */
static void show(const ez_sentence *s, const unsigned char *pred)
{
    for (size_t i = 0; i < s->n; i++)
        printf("%s%s ", s->words[i],
               s->gold[i] && pred[i] ? "\u0650" : s->gold[i] ? "[+]" : pred[i] ? "[-]" : "");
    putchar('\n');
}

static void count(counts *c, const unsigned char *gold, const unsigned char *pred, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        c->tp += gold[i] && pred[i];
        c->fp += !gold[i] && pred[i];
        c->fn += gold[i] && !pred[i];
    }
}

static void report(const char *what, const counts *c)
{
    double p = c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 0.0;
    double r = c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 0.0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    printf("%-34s %5zu sent %6zu words %5zu ezafe  P %.3f  R %.3f  F1 %.3f\n", what, c->sentences, c->words,
           c->tp + c->fn, p, r, f);
    printf("%-34s %5s      %6s       %5s        P   -    R %.3f  F1 %.3f\n", "  espeak-ng baseline (no ezafe)", "", "",
           "", 0.0, 0.0);
}

static int is_punct_token(const char *w)
{
    ez_word f;
    ez_word_fold(w, &f);
    return (f.shape & EZS_PUNCT) != 0;
}

/* Predicts one sentence and counts its word (non-punctuation) tokens. */
static int score_sentence(const ezafe_model *m, const ez_sentence *s, counts *c)
{
    unsigned char *pred = calloc(s->n + 1, 1);
    if (!pred)
        return -1;
    ezafe_model_predict(m, (const char *const *)s->words, NULL, s->n, pred);
    for (size_t i = 0; i < s->n; i++)
        if (is_punct_token(s->words[i]))
            pred[i] = 0;
        else
            c->words++;
    count(c, s->gold, pred, s->n);
    c->sentences++;
    if (c->verbose)
        show(s, pred);
    free(pred);
    return 0;
}

static int eval_heldout(const ezafe_model *m, const char *dir, int verbose)
{
    ez_corpus c = {0};
    if (corpus_read_treebanks(dir, &c))
        return -1;
    counts k = {0};
    k.verbose = verbose;
    for (size_t i = 0; i < c.n; i++)
        if (corpus_is_heldout(i) && score_sentence(m, &c.s[i], &k)) {
            corpus_free(&c);
            return -1;
        }
    report("treebank held-out (every 10th)", &k);
    corpus_free(&c);
    return 0;
}

/* ---- Homograph_test.csv ------------------------------------------------------------------ */

/* Arabic yeh and kaf (2 bytes each in UTF-8) to their Persian forms (2 bytes each), in place. */
static void fold_arabic_letters(char *s)
{
    for (; s[0] && s[1]; s++) {
        unsigned char a = (unsigned char)s[0], b = (unsigned char)s[1];
        if (a == 0xD9 && (b == 0x8A || b == 0x89)) { /* ي ى → ی */
            s[0] = (char)0xDB;
            s[1] = (char)0x8C;
        } else if (a == 0xD9 && b == 0x83) {          /* ك → ک */
            s[0] = (char)0xDA;
            s[1] = (char)0xA9;
        }
    }
}

/* Gold ezafe per phoneme word; words without a letter (the verse mark «|») are skipped. */
static size_t phoneme_words(char *ph, unsigned char *ezafe, size_t max)
{
    size_t n = 0;
    for (char *tok = strtok(ph, " \t\r\n"); tok && n < max; tok = strtok(NULL, " \t\r\n")) {
        size_t len = strlen(tok);
        int letter = 0;
        for (size_t k = 0; k < len; k++)
            letter |= (tok[k] >= 'a' && tok[k] <= 'z') || tok[k] == '/' || tok[k] == '$' || tok[k] == '@';
        if (!letter || (len == 1 && tok[0] == '/'))
            continue;
        while (len && tok[len - 1] == '2')
            len--;
        ezafe[n++] = len && tok[len - 1] == '1';
    }
    return n;
}

#define MAX_WORDS 256

/* Scores one row when its grapheme words and phoneme words line up one to one. */
static int score_row(const ezafe_model *m, char *line, counts *c, size_t *skipped)
{
    char *comma = strchr(line, ',');
    if (!comma)
        return 0;
    *comma = '\0';
    fold_arabic_letters(line);
    unsigned char gold_ph[MAX_WORDS];
    size_t nph = phoneme_words(comma + 1, gold_ph, MAX_WORDS);
    ez_sentence s = {0};
    if (sentence_tokenize(&s, line))
        return -1;
    size_t nwords = 0;
    for (size_t i = 0; i < s.n; i++)
        nwords += !is_punct_token(s.words[i]);
    if (nwords != nph) {
        (*skipped)++;
        ez_sentence_free(&s);
        return 0;
    }
    for (size_t i = 0, k = 0; i < s.n; i++)
        s.gold[i] = is_punct_token(s.words[i]) ? 0 : gold_ph[k++];
    int rc = score_sentence(m, &s, c);
    ez_sentence_free(&s);
    return rc;
}

static int eval_homograph(const ezafe_model *m, const char *path, int verbose)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "%s: cannot open\n", path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0, skipped = 0, row = 0;
    counts k = {0};
    k.verbose = verbose;
    int rc = 0;
    while (rc == 0 && getline(&line, &cap, f) >= 0)
        if (row++ > 0) /* header */
            rc = score_row(m, line, &k, &skipped);
    free(line);
    fclose(f);
    report("Homograph_test (word-aligned rows)", &k);
    printf("  %zu of %zu rows aligned word for word; %zu skipped (words split or joined differently)\n",
           row - 1 - skipped, row - 1, skipped);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s MODEL DATA_DIR HOMOGRAPH_CSV\n", argv[0]);
        return 2;
    }
    char err[512];
    ezafe_model *m = ezafe_model_load(argv[1], err, sizeof err);
    if (!m) {
        fprintf(stderr, "ravi: %s\n", err);
        return 1;
    }
    int verbose = argc > 4 && !strcmp(argv[4], "-v");
    int rc = eval_heldout(m, argv[2], verbose) || eval_homograph(m, argv[3], verbose);
    ezafe_model_free(m);
    return rc ? 1 : 0;
}
