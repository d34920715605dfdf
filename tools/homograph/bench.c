/* homograph-bench: what the homograph stage costs.
 *   homograph-bench DATA_DIR TEXT...
 * A TEXT whose name ends in "-tokens.txt" is a token a line, a blank line between sentences (the
 * treebank's text, ../shared/data/ud-persian/perdt-train-tokens.txt): its first 3,000 sentences.
 * The model's load time (best of 20 loads), the whole stage's opening (list, model, tagger), and
 * the stage's CPU time per word on each text: the text is run through the front end once with
 * homographs off, then the stage alone chooses every homograph of it again and again until about
 * 200,000 words have gone through (best of 5 such rounds). */
#include "corpus.h"
#include "homograph/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TARGET_WORDS 200000
#define ROUNDS 5

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#define TOKEN_SENTENCES 3000

static int is_token_file(const char *path)
{
    size_t n = strlen(path);
    return n >= 11 && !strcmp(path + n - 11, "-tokens.txt");
}

/* A token file's first sentences, a line each. */
static char *read_tokens(FILE *f)
{
    strbuf b;
    sb_init(&b);
    char *line = NULL;
    size_t cap = 0, sentences = 0;
    int in_sentence = 0;
    while (sentences < TOKEN_SENTENCES && getline(&line, &cap, f) >= 0) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0]) {
            if (in_sentence && sb_putc(&b, '\n'))
                exit(1);
            sentences += in_sentence;
            in_sentence = 0;
            continue;
        }
        if ((in_sentence && sb_putc(&b, ' ')) || sb_puts(&b, line))
            exit(1);
        in_sentence = 1;
    }
    free(line);
    return b.s ? b.s : xstrndup("", 0);
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(1);
    }
    if (is_token_file(path)) {
        char *t = read_tokens(f);
        fclose(f);
        return t;
    }
    strbuf b;
    sb_init(&b);
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (sb_append(&b, chunk, got))
            exit(1);
    fclose(f);
    return b.s ? b.s : xstrndup("", 0);
}

/* The text's sentences as the stages before the homograph stage leave them. */
static sentence *front_end(const char *data_dir, const char *text, size_t *n, size_t *words)
{
    hg_runner r;
    if (hg_runner_open(&r, data_dir, 0, 0) || pipeline_start_text(&r.p, text, strlen(text)))
        exit(1);
    sentence *out = NULL, *s;
    size_t cap = 0;
    *n = *words = 0;
    while (pipeline_next(&r.p, &s) > 0) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 64;
            if (!(out = realloc(out, cap * sizeof *out)))
                exit(1);
        }
        sentence *c = &out[(*n)++];
        sentence_init(c);
        for (size_t i = 0; i < s->n; i++) {
            const token *t = &s->tok[i];
            long k = sentence_push(c, t->kind, t->text, t->len, t->src_start, t->src_end, t->flags);
            if (k < 0 || (t->phonemes && token_set_phonemes(&c->tok[k], t->phonemes)))
                exit(1);
            *words += t->kind == TOK_WORD;
        }
    }
    hg_runner_close(&r);
    return out;
}

/* Undoes the stage's choices, so that the next pass makes them again. */
static size_t forget_choices(sentence *s, size_t n)
{
    size_t chosen = 0;
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < s[k].n; i++)
            if (s[k].tok[i].flags & TOKF_HOMOGRAPH) {
                s[k].tok[i].flags &= ~(unsigned)TOKF_HOMOGRAPH;
                s[k].tok[i].phonemes = NULL;
                chosen++;
            }
    return chosen;
}

static void bench_text(hg_stage *st, const char *data_dir, const char *path)
{
    char *text = read_text(path);
    size_t n, words;
    sentence *s = front_end(data_dir, text, &n, &words);
    size_t passes = words ? TARGET_WORDS / words + 1 : 1, chosen = 0;
    double best = 1e30;
    for (int round = 0; round < ROUNDS; round++) {
        double spent = 0;
        for (size_t p = 0; p < passes; p++) {
            double t0 = cpu_seconds();
            for (size_t k = 0; k < n; k++)
                if (hg_stage_run(st, &s[k]))
                    exit(1);
            spent += cpu_seconds() - t0;
            chosen = forget_choices(s, n);
        }
        best = spent < best ? spent : best;
    }
    printf("  %-40s %6zu words, %4zu homographs: %.3f us per word (best of %d rounds of %zu words, CPU time)\n",
           path, words, chosen, best * 1e6 / (double)(passes * (words ? words : 1)), ROUNDS, passes * words);
    for (size_t k = 0; k < n; k++)
        sentence_free(&s[k]);
    free(s);
    free(text);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s DATA_DIR TEXT...\n", argv[0]);
        return 2;
    }
    char path[4096], err[256];
    snprintf(path, sizeof path, "%s/lexicon/%s", argv[1], HG_MODEL_FILE);
    double best = 1e30;
    for (int i = 0; i < 20; i++) {
        double t0 = cpu_seconds();
        hg_model *m = hg_model_load(path, err, sizeof err);
        double t = cpu_seconds() - t0;
        if (!m) {
            fprintf(stderr, "%s: %s\n", path, err);
            return 1;
        }
        hg_model_free(m);
        best = t < best ? t : best;
    }
    ravi_config cfg;
    ravi_config_init(&cfg);
    cfg.data_dir = argv[1];
    diag d;
    diag_init(&d);
    stage_models models; /* the pipeline's part: the tagger the stage borrows */
    stage_models_init(&models, &cfg);
    double t0 = cpu_seconds();
    hg_stage *st = hg_stage_new(&cfg, &models, &d);
    double opened = cpu_seconds() - t0;
    if (!st) {
        fprintf(stderr, "%s\n", diag_message(&d));
        stage_models_free(&models);
        diag_free(&d);
        return 1;
    }
    diag_free(&d);
    printf("== homograph stage\n  model load %.2f ms (best of 20, CPU time; target < 5 ms); the whole stage opens in %.2f ms "
           "(list from every lexicon file, model, tagger)\n", best * 1e3, opened * 1e3);
    for (int i = 2; i < argc; i++)
        bench_text(st, argv[1], argv[i]);
    printf("  target: < 2 us per word\n");
    hg_stage_free(st);
    stage_models_free(&models);
    return 0;
}
