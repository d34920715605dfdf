/* ezafe-bench: how long loading the model and tagging take.
 *   ezafe-bench MODEL TEXT_OR_TSV
 * Tags every line of the file (the input column of a golden .tsv) over and over until about
 * 200,000 words have been tagged, and prints the load time and the cost per word. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corpus.h"
#include "ezafe/ezafe.h"

#define TARGET_WORDS 200000

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int read_sentences(const char *path, ez_corpus *c)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "%s: cannot open\n", path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    int rc = 0;
    while (rc == 0 && getline(&line, &cap, f) >= 0) {
        if (line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        if (tab)
            *tab = '\0';
        ez_sentence s = {0};
        rc = sentence_tokenize(&s, line);
        if (rc == 0 && s.n && c->n < c->cap)
            c->s[c->n++] = s;
        else
            ez_sentence_free(&s);
    }
    free(line);
    fclose(f);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s MODEL TEXT_OR_TSV\n", argv[0]);
        return 2;
    }
    char err[512];
    double t0 = now_seconds();
    ezafe_model *m = ezafe_model_load(argv[1], err, sizeof err);
    double load_ms = (now_seconds() - t0) * 1e3;
    if (!m) {
        fprintf(stderr, "ravi: %s\n", err);
        return 1;
    }
    /* loading again: the file is then in the page cache and mapped pages are cheap */
    double warm_ms = 1e9;
    for (int k = 0; k < 20; k++) {
        double t1 = now_seconds();
        ezafe_model *again = ezafe_model_load(argv[1], err, sizeof err);
        double ms = (now_seconds() - t1) * 1e3;
        ezafe_model_free(again);
        if (ms < warm_ms)
            warm_ms = ms;
    }
    ez_corpus c = {calloc(4096, sizeof(ez_sentence)), 0, 4096};
    if (!c.s || read_sentences(argv[2], &c) || c.n == 0) {
        fprintf(stderr, "%s: no sentences\n", argv[2]);
        corpus_free(&c);
        ezafe_model_free(m);
        return 1;
    }
    unsigned char out[1024];
    size_t words = 0, ezafe = 0;
    t0 = now_seconds();
    while (words < TARGET_WORDS)
        for (size_t i = 0; i < c.n; i++) {
            size_t n = c.s[i].n < sizeof out ? c.s[i].n : sizeof out;
            ezafe_model_predict(m, (const char *const *)c.s[i].words, NULL, n, out);
            words += n;
            for (size_t k = 0; k < n; k++)
                ezafe += out[k];
        }
    double secs = now_seconds() - t0;
    printf("ezafe: model load %.2f ms (first in this process), %.2f ms (best of 20 more); tagging %.3f us/token "
           "(%zu tokens of %zu sentences, %.1f%% ezafe)\n",
           load_ms, warm_ms, secs * 1e6 / (double)words, words, c.n, 100.0 * (double)ezafe / (double)words);
    corpus_free(&c);
    ezafe_model_free(m);
    return 0;
}
