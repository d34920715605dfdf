/* ezafe-eval: ezafe precision, recall and F1 of a model
 *   - on the held-out tenth of the treebanks (corpus_is_heldout), and
 *   - on GE2PE's Homograph_test.csv, whose gold phonemes mark ezafe with a trailing 1,
 * next to eSpeak NG's baseline (it never predicts ezafe, so its recall and F1 are 0).
 *   ezafe-eval MODEL DATA_DIR HOMOGRAPH_CSV [-v|-e|-d]
 * -v prints every sentence, mistakes marked; -e prints one tab-separated line per mistake (where,
 * missed + or added -, the word, its tag and lexicon class, known or not, its score, the words
 * and tags around it, the sentence), for sorting mistakes into kinds; -d prints every token's
 * gold label, decision, rule decision, tag, two scores, known or not and text (for trying
 * decision thresholds). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "ezafe/ezafe.h"
#include "ezafe/tagger.h"
#include "util.h"

typedef struct counts {
    size_t tp, fp, fn, words, sentences;
    int verbose; /* print each sentence with its mistakes marked */
    int errors;  /* 1: print each mistake on a line of its own; 2: every token (-d) */
    const char *name;
} counts;

static const char *const class_names[EZ_TAGS] = {"UNK", "NOUN", "PROPN", "ADJ", "VERB", "ADP", "CCONJ", "SCONJ",
                                                 "DET", "NUM", "ADV", "PRON", "PART", "PUNCT", "OTHER", "INDEF", "BOS", "EOS"};

/* One line per mistake of the sentence (see the usage above). */
static void list_errors(const counts *c, const ez_sentence *s, const unsigned char *pred, const ez_word *w,
                        const double *score)
{
    if (c->errors == 2) { /* every token: where, gold, decision, rule decision, tag, the two scores */
        printf("S\t%s\n", c->name);
        for (size_t i = 0; i < s->n; i++)
            printf("T\t%d\t%d\t%d\t%s\t%.4f\t%.4f\t%d\t%s\t%s\n", s->gold[i], pred[i], ez_rule_decision(w, s->n, i),
                   class_names[w[i].tag], score[2 * i], score[2 * i + 1], (w[i].shape & EZS_PUNCT) != 0,
                   w[i].shape & EZS_KNOWN ? "known" : "oov", s->words[i]);
        return;
    }
    for (size_t i = 0; i < s->n; i++) {
        if (s->gold[i] == pred[i])
            continue;
        int prev = i ? pred[i - 1] : 0;
        printf("E\t%s\t%c\t%s\t%s\t%s\t%s\t%.2f\t%s\t%s\t%s\t%s\t", c->name, s->gold[i] ? '+' : '-', s->words[i],
               class_names[w[i].tag], class_names[w[i].cls], w[i].shape & EZS_KNOWN ? "known" : "oov",
               score[2 * i + (size_t)prev], i ? s->words[i - 1] : "<s>", i ? class_names[w[i - 1].tag] : "BOS",
               i + 1 < s->n ? s->words[i + 1] : "</s>", i + 1 < s->n ? class_names[w[i + 1].tag] : "EOS");
        for (size_t j = 0; j < s->n; j++)
            printf("%s%s%s", j ? " " : "", j == i ? ">>" : "", s->words[j]);
        putchar('\n');
    }
}

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

static double prec(const counts *c) { return c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 0.0; }
static double rec(const counts *c) { return c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 0.0; }
static double f1(const counts *c)
{
    double p = prec(c), r = rec(c);
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

static void report(const char *what, const counts *c)
{
    double p = prec(c), r = rec(c), f = f1(c);
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

/* Tokens on which the runtime's tagger and the plain reference tagger (tagger.h) disagree: the
 * runtime's word cache and dense tables must change nothing but the cost. */
static size_t disagreements, compared;

/* Predicts one sentence and counts its word (non-punctuation) tokens. */
static int score_sentence(const ezafe_model *m, const ez_sentence *s, counts *c)
{
    unsigned char *pred = calloc(s->n + 1, 1), *ref = calloc(s->n + 1, 1);
    if (!pred || !ref) {
        free(pred);
        free(ref);
        return -1;
    }
    ez_word *w = malloc((s->n + 1) * sizeof *w);
    double *score = malloc((2 * s->n + 1) * sizeof *score);
    if (!w || !score) {
        free(pred);
        free(ref);
        free(w);
        free(score);
        return -1;
    }
    ezafe_model_predict(m, (const char *const *)s->words, NULL, s->n, pred);
    ez_model_analyse(m, (const char *const *)s->words, NULL, s->n, ref, w, score);
    for (size_t i = 0; i < s->n; i++)
        disagreements += pred[i] != ref[i];
    compared += s->n;
    free(ref);
    for (size_t i = 0; i < s->n; i++)
        if (is_punct_token(s->words[i]))
            pred[i] = 0;
        else
            c->words++;
    count(c, s->gold, pred, s->n);
    c->sentences++;
    if (c->verbose)
        show(s, pred);
    if (c->errors)
        list_errors(c, s, pred, w, score);
    free(pred);
    free(w);
    free(score);
    return 0;
}

/* PerDT writes the ezafe of a silent ه (هٔ, ۀ), which most text leaves out: the sentence's words
 * with it taken away, in place («جامعهٔ» → «جامعه»). */
static void hide_written_ezafe(ez_sentence *s)
{
    for (size_t i = 0; i < s->n; i++) {
        char *w = s->words[i];
        size_t n = strlen(w);
        if (n >= 4 && !strcmp(w + n - 4, "\u0647\u0654"))
            w[n - 2] = '\0';
        else if (n >= 2 && !strcmp(w + n - 2, "\u06C0"))
            memcpy(w + n - 2, "\u0647", 2);
    }
}

/* Scores the held-out sentences (and the dev split's, with EZAFE_DEV) as they are, and again with
 * their written ezafes hidden. */
static int eval_heldout(const ezafe_model *m, const char *dir, int verbose, int errors)
{
    ez_corpus c = {0};
    if (corpus_read_treebanks(dir, &c))
        return -1;
    counts k = {.name = "heldout"}, d = {.name = "dev"}, kh = {.name = "heldout-hidden"}, dh = {.name = "dev-hidden"};
    int dev = corpus_dev_mode();
    k.verbose = verbose && !dev; /* with a dev split, show its sentences rather than the held-out's */
    k.errors = errors && !dev;
    d.verbose = verbose;
    d.errors = errors;
    for (int hidden = 0; hidden < 2; hidden++)
        for (size_t i = 0; i < c.n; i++) {
            if (hidden)
                hide_written_ezafe(&c.s[i]);
            if ((corpus_is_heldout(i) ? score_sentence(m, &c.s[i], hidden ? &kh : &k)
                 : dev && corpus_is_dev(i) ? score_sentence(m, &c.s[i], hidden ? &dh : &d) : 0)) {
                corpus_free(&c);
                return -1;
            }
        }
    if (dev)
        report("treebank dev split (EZAFE_DEV)", &d);
    report("treebank held-out (every 10th)", &k);
    if (dev)
        report("  dev, written ezafe hidden", &dh);
    report("  held-out, written ezafe hidden", &kh);
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

/* Gold ezafe per phoneme word, and its first letter; words without a letter (the verse mark
 * «|») are skipped. */
static size_t phoneme_words(char *ph, unsigned char *ezafe, char *first, size_t max)
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
        first[n] = tok[0];
        ezafe[n++] = len && tok[len - 1] == '1';
    }
    return n;
}

#define MAX_WORDS 256

/* Number of phoneme words a grapheme word may stand for: 1, or its ZWNJ-separated pieces
 * («به‌کار» can be «be kar»). */
static size_t pieces_of(const char *word)
{
    size_t k = 1;
    for (const char *p = word; (p = strstr(p, "\u200c")) != NULL; p += 3)
        k++;
    return k;
}

#define UNREACHABLE 1000000

/* The phoneme letters a word starting with code point cp can start with in GE2PE's alphabet, or
 * NULL when any will do. */
static const char *onsets_of(uint32_t cp)
{
    static const struct { uint32_t cp; const char *onsets; } map[] = {
        {0x0627, "@/aeiou"}, {0x0622, "@a"}, {0x0639, "@"}, {0x0626, "@y"}, {0x0623, "@"}, {0x0628, "b"},
        {0x067E, "p"}, {0x062A, "t"}, {0x0637, "t"}, {0x062B, "s"}, {0x0633, "s"}, {0x0635, "s"},
        {0x062C, "j"}, {0x0686, "c"}, {0x062D, "h"}, {0x0647, "h"}, {0x062E, "x"}, {0x062F, "d"},
        {0x0630, "z"}, {0x0632, "z"}, {0x0636, "z"}, {0x0638, "z"}, {0x0631, "r"}, {0x0698, ";"},
        {0x0634, "$"}, {0x063A, "q"}, {0x0642, "q"}, {0x0641, "f"}, {0x06A9, "k"}, {0x06AF, "g"},
        {0x0644, "l"}, {0x0645, "m"}, {0x0646, "n"}, {0x0648, "vuo"}, {0x06CC, "yi"},
    };
    for (size_t k = 0; k < sizeof map / sizeof *map; k++)
        if (map[k].cp == cp)
            return map[k].onsets;
    return NULL;
}

/* 1 when the grapheme text at p cannot begin the phoneme word whose first letter is ph. */
static int onset_mismatch(const char *p, char ph)
{
    uint32_t cp;
    utf8_decode(p, strlen(p), &cp);
    const char *onsets = onsets_of(cp);
    return onsets && !strchr(onsets, ph);
}

/* Mismatched onsets when grapheme word w stands for the k phoneme words from first[0]: the word
 * itself for one, each ZWNJ piece for its own word when split. */
static int onset_cost(const char *w, size_t k, const char *first)
{
    if (k == 1)
        return onset_mismatch(w, first[0]);
    int cost = 0;
    const char *p = w;
    for (size_t j = 0; j < k && p; j++) {
        cost += onset_mismatch(p, first[j]);
        p = strstr(p, "\u200c");
        if (p)
            p += strlen("\u200c");
    }
    return cost;
}

/* Aligns the n grapheme words with the m phoneme words, each grapheme word standing for one
 * phoneme word or for all its ZWNJ pieces. Of the alignments that fit, it takes the one whose
 * words begin with matching letters most often (ب with b, ش with $ ...), then the one with the
 * fewest splits: without the letters, «به‌دلیل ... نیمه‌کاره» could split the wrong compound and
 * shift every gold label between the two. last[i] receives the phoneme word that ends grapheme
 * word i. Returns the number of splits, or -1 if none fits or more than a quarter of the words
 * begin with letters that do not match (the row is not to be trusted). */
#define ONSET_WEIGHT 1000
static int align_words(char **words, size_t n, size_t m, const char *first, size_t *last)
{
    static int cost[MAX_WORDS + 1][MAX_WORDS + 1];
    static unsigned char step[MAX_WORDS + 1][MAX_WORDS + 1];
    if (n > MAX_WORDS || m > MAX_WORDS)
        return -1;
    for (size_t i = 0; i <= n; i++)
        for (size_t j = 0; j <= m; j++)
            cost[i][j] = UNREACHABLE;
    cost[0][0] = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < m; j++) {
            if (cost[i][j] == UNREACHABLE)
                continue;
            int one = cost[i][j] + ONSET_WEIGHT * onset_cost(words[i], 1, first + j);
            if (one < cost[i + 1][j + 1]) {
                cost[i + 1][j + 1] = one;
                step[i + 1][j + 1] = 1;
            }
            size_t k = pieces_of(words[i]);
            if (k > 1 && j + k <= m) {
                int split = cost[i][j] + 1 + ONSET_WEIGHT * onset_cost(words[i], k, first + j);
                if (split < cost[i + 1][j + k]) {
                    cost[i + 1][j + k] = split;
                    step[i + 1][j + k] = (unsigned char)k;
                }
            }
        }
    if (cost[n][m] >= UNREACHABLE || (size_t)(cost[n][m] / ONSET_WEIGHT) * 4 > n)
        return -1;
    for (size_t i = n, j = m; i > 0; i--) {
        last[i - 1] = j - 1;
        j -= step[i][j];
    }
    return cost[n][m] % ONSET_WEIGHT;
}

typedef struct homograph_counts {
    counts exact;   /* rows whose words line up one to one */
    counts split;   /* rows that line up once ZWNJ compounds are split */
    size_t skipped;
} homograph_counts;

/* Scores one row when its grapheme words line up with its phoneme words. */
static int score_row(const ezafe_model *m, char *line, homograph_counts *hc)
{
    char *comma = strchr(line, ',');
    if (!comma)
        return 0;
    *comma = '\0';
    fold_arabic_letters(line);
    unsigned char gold_ph[MAX_WORDS];
    char first_ph[MAX_WORDS];
    size_t nph = phoneme_words(comma + 1, gold_ph, first_ph, MAX_WORDS);
    ez_sentence s = {0};
    if (sentence_tokenize(&s, line))
        return -1;
    char *words[MAX_WORDS];
    size_t at[MAX_WORDS], nwords = 0, last[MAX_WORDS];
    for (size_t i = 0; i < s.n && nwords < MAX_WORDS; i++)
        if (!is_punct_token(s.words[i])) {
            at[nwords] = i;
            words[nwords++] = s.words[i];
        }
    int splits = align_words(words, nwords, nph, first_ph, last);
    for (size_t k = 0; splits >= 0 && k < nwords; k++) {
        size_t first = k ? last[k - 1] + 1 : 0;
        for (size_t j = first; j < last[k]; j++)
            if (gold_ph[j])
                splits = -1; /* an ezafe inside a compound: the alignment is not to be trusted */
        if (splits >= 0)
            s.gold[at[k]] = gold_ph[last[k]];
    }
    int rc = 0;
    if (splits < 0)
        hc->skipped++;
    else
        rc = score_sentence(m, &s, splits == 0 ? &hc->exact : &hc->split);
    ez_sentence_free(&s);
    return rc;
}

static int eval_homograph(const ezafe_model *m, const char *path, int verbose, int errors)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "%s: cannot open\n", path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0, row = 0;
    homograph_counts hc;
    memset(&hc, 0, sizeof hc);
    hc.exact.verbose = hc.split.verbose = verbose;
    hc.exact.errors = hc.split.errors = errors;
    hc.exact.name = "homograph";
    hc.split.name = "homograph-split";
    int rc = 0;
    while (rc == 0 && getline(&line, &cap, f) >= 0)
        if (row++ > 0) /* header */
            rc = score_row(m, line, &hc);
    free(line);
    fclose(f);
    report("Homograph_test (word-aligned rows)", &hc.exact);
    counts all = hc.exact;
    all.tp += hc.split.tp;
    all.fp += hc.split.fp;
    all.fn += hc.split.fn;
    all.words += hc.split.words;
    all.sentences += hc.split.sentences;
    printf("%-34s %5zu sent %6zu words %5zu ezafe  P %.3f  R %.3f  F1 %.3f\n", "  + rows aligned by ZWNJ pieces",
           all.sentences, all.words, all.tp + all.fn, prec(&all), rec(&all), f1(&all));
    printf("  %zu of %zu rows used (%zu word for word); %zu skipped (words joined differently)\n",
           hc.exact.sentences + hc.split.sentences, row ? row - 1 : 0, hc.exact.sentences, hc.skipped);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s MODEL DATA_DIR HOMOGRAPH_CSV [-v|-e|-d]\n", argv[0]);
        return 2;
    }
    char err[512];
    ezafe_model *m = ezafe_model_load(argv[1], err, sizeof err);
    if (!m) {
        fprintf(stderr, "ravi: %s\n", err);
        return 1;
    }
    int verbose = argc > 4 && !strcmp(argv[4], "-v");
    int errors = argc > 4 && !strcmp(argv[4], "-e") ? 1 : argc > 4 && !strcmp(argv[4], "-d") ? 2 : 0;
    int rc = eval_heldout(m, argv[2], verbose, errors) || eval_homograph(m, argv[3], verbose, errors);
    if (disagreements)
        printf("runtime tagger and reference disagree on %zu of %zu tokens\n", disagreements, compared);
    else
        printf("runtime tagger and reference agree on all %zu tokens\n", compared);
    ezafe_model_free(m);
    return rc ? 1 : 0;
}
