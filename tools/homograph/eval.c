/* homograph-eval: how often the homographs are said right, by Ravi (lexicon, homograph and ezafe
 * stages) and by plain eSpeak NG on the same sentences.
 *   homograph-eval DATA_DIR SHARED_DATA
 * ParsHomo (the development set: one line per distinct sentence, sentences of HomoRich's seed left
 * out) and GE2PE's Homograph_test.csv (the held-out test: nothing is trained or tuned on it). A
 * word is said right when its phoneme skeleton (corpus.h) is the gold's. Ravi's word is its
 * phonemes when a stage chose them, else eSpeak NG's reading of the word; eSpeak NG reads every
 * word the same way whatever the sentence, so its reading of the word alone is its reading there.
 * HG_EVAL_ERRORS=FILE lists ParsHomo's misses in FILE. */
#include "corpus.h"
#include "clean/fold.h"
#include "synth/synth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct score {
    size_t n, ravi, espeak;
} score;

static double pct(size_t a, size_t n) { return n ? 100.0 * (double)a / (double)n : 0.0; }

static void espeak_skeleton(const char *text, char *out, size_t size)
{
    strbuf ph;
    sb_init(&ph);
    if (synth_phonemes(text, 0, &ph) == 0 && ph.s)
        hg_skeleton_espeak(ph.s, out, size);
    else if (size)
        out[0] = '\0';
    sb_free(&ph);
}

/* What Ravi says for token t: its phonemes, or eSpeak's reading of its text; with its ezafe when
 * `with_ezafe` and the ezafe stage gave it one. */
static void ravi_skeleton(const token *t, int with_ezafe, char *out, size_t size)
{
    if (t->phonemes)
        hg_skeleton_espeak(t->phonemes, out, size);
    else
        espeak_skeleton(t->text, out, size);
    if (with_ezafe && (t->flags & TOKF_EZAFE)) {
        size_t n = strlen(out);
        const char *e = n && strchr("aeiouA", out[n - 1]) ? "ye" : "e";
        if (n + strlen(e) < size)
            strcat(out, e);
    }
}

/* The text folded as the clean stage folds it (Arabic yeh and kaf ...), in place when it does not
 * grow. */
static clean_folder folder;

static void fold_text(char *s, size_t size)
{
    strbuf out;
    sb_init(&out);
    if (clean_fold_text(&folder, s, &out) == 0 && out.s && out.len < size)
        memcpy(s, out.s, out.len + 1);
    sb_free(&out);
}

static int listed(const hg_list *l, const char *word)
{
    lex_key k;
    lex_key_init(&k);
    int r = lex_key_append_token(&k, word) == 0 && hg_list_find(l, k.key.s ? k.key.s : "", k.key.len);
    lex_key_free(&k);
    return r;
}

/* ---- ParsHomo ------------------------------------------------------------------------------------- */

static void eval_parshomo(hg_runner *r, const hg_list *list, const char *shared, FILE *errors)
{
    char path[4096], gold[128], said[128], said_e[128], plain[128];
    hg_examples seed = {0}, dev = {0};
    snprintf(path, sizeof path, "%s/homographs/homorich-seed.json", shared);
    if (hg_read_homorich(path, SRC_HOMORICH, &seed))
        exit(1);
    snprintf(path, sizeof path, "%s/homographs/parshomo-benchmark.jsonl", shared);
    if (hg_read_parshomo(path, &seed, &dev))
        exit(1);
    score all = {0}, alone = {0}, known = {0}, read = {0};
    for (size_t i = 0; i < dev.n; i++) {
        const hg_example *e = &dev.e[i];
        char word[256];
        snprintf(word, sizeof word, "%s", e->word);
        fold_text(word, sizeof word);
        hg_skeleton_homorich(e->label, gold, sizeof gold);
        espeak_skeleton(word, plain, sizeof plain);
        int espeak_right = !strcmp(plain, gold);
        long at = hg_runner_find(r, e->sentence, word, 0);
        if (at == -2)
            exit(1);
        int ravi_right = espeak_right; /* a word Ravi does not read it leaves to eSpeak */
        if (at >= 0) {
            const token *t = &r->found->tok[at];
            int affixed = r->affixed.prefix || r->affixed.suffix;
            if (affixed) { /* «می‌خنداند»: the gold is the sense's, said after the prefix's */
                char bare[128];
                snprintf(bare, sizeof bare, "%s", gold);
                hg_runner_affixed_gold(r, bare, gold, sizeof gold);
            }
            ravi_skeleton(t, 0, said, sizeof said);
            ravi_skeleton(t, 1, said_e, sizeof said_e);
            ravi_right = !strcmp(said, gold) || !strcmp(said_e, gold);
            read.n++;
            read.ravi += (size_t)ravi_right;
            read.espeak += (size_t)espeak_right;
            if (errors && !ravi_right)
                fprintf(errors, "%s\tgold %s\tsaid %s\t%s\t%s\n", word, gold, said,
                        t->note ? t->note : "-", e->sentence);
        }
        if (at >= 0 && !r->affixed.prefix && !r->affixed.suffix) {
            alone.n++;
            alone.ravi += (size_t)ravi_right;
            alone.espeak += (size_t)espeak_right;
            if (listed(list, word)) {
                known.n++;
                known.ravi += (size_t)ravi_right;
                known.espeak += (size_t)espeak_right;
            }
        }
        all.n++;
        all.ravi += (size_t)ravi_right;
        all.espeak += (size_t)espeak_right;
    }
    printf("ParsHomo (development set: %zu distinct sentences not in HomoRich's seed)\n", all.n);
    printf("  all sentences:                      ravi %5.1f %%   espeak-ng %5.1f %%\n", pct(all.ravi, all.n),
           pct(all.espeak, all.n));
    printf("  %3zu with the word as a word of its own: ravi %5.1f %%   espeak-ng %5.1f %%\n", alone.n,
           pct(alone.ravi, alone.n), pct(alone.espeak, alone.n));
    printf("  %3zu of them on Ravi's list:        ravi %5.1f %%   espeak-ng %5.1f %%\n", known.n,
           pct(known.ravi, known.n), pct(known.espeak, known.n));
    printf("  %3zu read alone or inside a word:   ravi %5.1f %%   espeak-ng %5.1f %% (of the bare word)\n",
           read.n, pct(read.ravi, read.n), pct(read.espeak, read.n));
    hg_examples_free(&seed);
    hg_examples_free(&dev);
}

/* ---- GE2PE Homograph_test ------------------------------------------------------------------------- */

#define MAX_WORDS 256

/* Consonants a written word and a gold phoneme word share, for aligning the two: letters that
 * are always consonants, and the gold's consonants other than the glides and h. */
static void written_consonants(const char *w, char *out, size_t size)
{
    static const struct { uint32_t cp; char c; } map[] = {
        {0x0628, 'b'}, {0x067E, 'p'}, {0x062A, 't'}, {0x062B, 's'}, {0x062C, 'j'}, {0x0686, 'c'},
        {0x062D, 'h'}, {0x062E, 'x'}, {0x062F, 'd'}, {0x0630, 'z'}, {0x0631, 'r'}, {0x0632, 'z'},
        {0x0698, ';'}, {0x0633, 's'}, {0x0634, '$'}, {0x0635, 's'}, {0x0636, 'z'}, {0x0637, 't'},
        {0x0638, 'z'}, {0x063A, 'q'}, {0x0641, 'f'}, {0x0642, 'q'}, {0x06A9, 'k'}, {0x06AF, 'g'},
        {0x0644, 'l'}, {0x0645, 'm'}, {0x0646, 'n'},
    };
    size_t n = 0, len = strlen(w);
    for (size_t i = 0; i < len && n + 1 < size;) {
        uint32_t cp;
        i += utf8_decode(w + i, len - i, &cp);
        for (size_t k = 0; k < sizeof map / sizeof *map; k++)
            if (map[k].cp == cp && map[k].c != 'h')
                out[n++] = map[k].c;
    }
    out[n] = '\0';
}

static void gold_consonants(const char *p, char *out, size_t size)
{
    size_t n = 0;
    for (; *p && n + 1 < size; p++)
        if (strchr("bptsjcxdzr;$fqkglmn", *p))
            out[n++] = *p;
    out[n] = '\0';
}

/* How unlike two consonant strings are: 0 when they share every consonant (as multisets), 1 when
 * none. Enough to tell which written word a phoneme word reads. */
static double unlike(const char *a, const char *b)
{
    unsigned char count[256] = {0};
    size_t la = strlen(a), lb = strlen(b), common = 0;
    for (size_t i = 0; i < la; i++)
        count[(unsigned char)a[i]]++;
    for (size_t i = 0; i < lb; i++)
        if (count[(unsigned char)b[i]]) {
            count[(unsigned char)b[i]]--;
            common++;
        }
    return la + lb ? 1.0 - 2.0 * (double)common / (double)(la + lb) : 0.0;
}

/* For each phoneme word, the written word it reads (or -1): the same index when the counts agree,
 * else an alignment of their consonants. */
static void align(char **g, size_t ng, char **p, size_t np, long *of)
{
    if (ng == np) {
        for (size_t j = 0; j < np; j++)
            of[j] = (long)j;
        return;
    }
    static double cost[MAX_WORDS + 1][MAX_WORDS + 1];
    static unsigned char move[MAX_WORDS + 1][MAX_WORDS + 1];
    const double gap = 0.7;
    for (size_t i = 0; i <= ng; i++)
        for (size_t j = 0; j <= np; j++) {
            if (!i && !j) {
                cost[0][0] = 0;
                continue;
            }
            double best = 1e9;
            unsigned char m = 0;
            if (i && j) {
                char a[128], b[128];
                written_consonants(g[i - 1], a, sizeof a);
                gold_consonants(p[j - 1], b, sizeof b);
                best = cost[i - 1][j - 1] + unlike(a, b);
                m = 1;
            }
            if (i && cost[i - 1][j] + gap < best) {
                best = cost[i - 1][j] + gap;
                m = 2;
            }
            if (j && cost[i][j - 1] + gap < best) {
                best = cost[i][j - 1] + gap;
                m = 3;
            }
            cost[i][j] = best;
            move[i][j] = m;
        }
    for (size_t j = 0; j < np; j++)
        of[j] = -1;
    for (size_t i = ng, j = np; i || j;) {
        unsigned char m = move[i][j];
        if (m == 1) {
            of[j - 1] = (long)(i - 1);
            i--;
            j--;
        } else if (m == 2) {
            i--;
        } else {
            j--;
        }
    }
}

static size_t split_words(char *s, char **w)
{
    size_t n = 0;
    for (char *t = strtok(s, " "); t && n < MAX_WORDS; t = strtok(NULL, " "))
        w[n++] = t;
    return n;
}

/* The written word without the punctuation stuck to it. */
static void bare_word(const char *w, char *out, size_t size)
{
    static const char *const marks[] = {"،", "؛", "؟", ".", ",", ":", "!", "«", "»", "(", ")", "\"", "|"};
    snprintf(out, size, "%s", w);
    for (int again = 1; again;) {
        again = 0;
        for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
            size_t n = strlen(out), m = strlen(marks[k]);
            if (n > m && !strcmp(out + n - m, marks[k])) {
                out[n - m] = '\0';
                again = 1;
            }
            if (n > m && !strncmp(out, marks[k], m)) {
                memmove(out, out + m, n - m + 1);
                again = 1;
            }
        }
    }
}

/* The marked gold word without its markers and ezafe: «dine12» → din. */
static void gold_bare(const char *p, char *out, size_t size)
{
    snprintf(out, size, "%s", p);
    size_t n = strlen(out);
    int ezafe = n >= 2 && out[n - 1] == '2' && out[n - 2] == '1';
    while (n > 0 && (out[n - 1] == '1' || out[n - 1] == '2'))
        out[--n] = '\0';
    if (ezafe && n >= 3 && !strcmp(out + n - 2, "ye") && strchr("aeiou/", out[n - 3]))
        out[n - 2] = '\0';
    else if (ezafe && n >= 2 && out[n - 1] == 'e')
        out[n - 1] = '\0';
}

static int occurrences_before(char **g, long upto, const char *word)
{
    int k = 0;
    char b[256];
    for (long i = 0; i < upto; i++) {
        bare_word(g[i], b, sizeof b);
        k += !strcmp(b, word);
    }
    return k;
}

static void eval_ge2pe(hg_runner *r, const hg_list *list, const char *shared)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/ge2pe/Homograph_test.csv", shared);
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(1);
    }
    char *line = NULL;
    size_t cap = 0, rows = 0, unaligned = 0;
    score all = {0}, known = {0};
    while (getline(&line, &cap, f) >= 0) {
        line[strcspn(line, "\r\n")] = '\0';
        char *comma = strchr(line, ',');
        if (rows++ == 0 || !comma)
            continue;
        *comma = '\0';
        fold_text(line, strlen(line) + 1);
        char *text = xstrndup(line, strlen(line)), *gw[MAX_WORDS], *pw[MAX_WORDS];
        if (!text)
            exit(1);
        size_t ng = split_words(line, gw), np = split_words(comma + 1, pw);
        long of[MAX_WORDS];
        align(gw, ng, pw, np, of);
        for (size_t j = 0; j < np; j++) {
            size_t len = strlen(pw[j]);
            if (!len || pw[j][len - 1] != '2')
                continue;
            char gold_word[128], gold[128], word[256], plain[128], said[128];
            gold_bare(pw[j], gold_word, sizeof gold_word);
            hg_skeleton_ge2pe(gold_word, gold, sizeof gold);
            all.n++;
            if (of[j] < 0) {
                unaligned++;
                continue;
            }
            bare_word(gw[of[j]], word, sizeof word);
            espeak_skeleton(word, plain, sizeof plain);
            int espeak_right = !strcmp(plain, gold), ravi_right = espeak_right;
            long at = hg_runner_find(r, text, word, occurrences_before(gw, of[j], word));
            if (at == -2)
                exit(1);
            if (at >= 0) {
                ravi_skeleton(&r->found->tok[at], 0, said, sizeof said);
                ravi_right = !strcmp(said, gold);
            }
            all.ravi += (size_t)ravi_right;
            all.espeak += (size_t)espeak_right;
            if (listed(list, word)) {
                known.n++;
                known.ravi += (size_t)ravi_right;
                known.espeak += (size_t)espeak_right;
            }
        }
        free(text);
    }
    free(line);
    fclose(f);
    printf("GE2PE Homograph_test (held out: %zu sentences, %zu marked homographs, %zu not aligned to a written word)\n",
           rows ? rows - 1 : 0, all.n, unaligned);
    printf("  all marked homographs:              ravi %5.1f %%   espeak-ng %5.1f %%\n", pct(all.ravi, all.n),
           pct(all.espeak, all.n));
    printf("  %3zu of them on Ravi's list:        ravi %5.1f %%   espeak-ng %5.1f %%\n", known.n,
           pct(known.ravi, known.n), pct(known.espeak, known.n));
}

static void ignore_problem(void *ctx, const char *file, unsigned line, int is_error, const char *why)
{
    (void)ctx, (void)file, (void)line, (void)is_error, (void)why; /* the pipeline reported them */
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s DATA_DIR SHARED_DATA\n", argv[0]);
        return 2;
    }
    const char *errors_path = getenv("HG_EVAL_ERRORS");
    FILE *errors = errors_path && *errors_path ? fopen(errors_path, "w") : NULL;
    hg_runner r;
    if (hg_runner_open(&r, argv[1], 1, errors != NULL))
        return 1;
    if (synth_open(r.cfg.settings.voice, r.cfg.data_dir, &r.d) < 0) {
        fprintf(stderr, "%s\n", diag_message(&r.d));
        return 1;
    }
    hg_list list;
    if (hg_list_init(&list) || hg_list_load_defaults(&list, &r.cfg, ignore_problem, NULL) ||
        clean_folder_init(&folder))
        return 1;
    r.loose = 1; /* the homographs the stage reads inside a joined word («می‌خنداند») count too */
    r.list = &list;
    eval_parshomo(&r, &list, argv[2], errors);
    if (errors)
        fclose(errors);
    if (!getenv("HG_EVAL_DEV_ONLY")) /* while developing: the held-out test stays unseen */
        eval_ge2pe(&r, &list, argv[2]);
    hg_list_free(&list);
    clean_folder_free(&folder);
    synth_close();
    hg_runner_close(&r);
    return 0;
}
